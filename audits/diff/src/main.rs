//! djsign side of the differential test (`audits/diff/run.py` drives it).
//!
//! Reads lines `KIND<TAB>HEX` from stdin (HEX: the input bytes), writes one line per input:
//! `ok<TAB>HEX(output)` or `err<TAB>SLUG`. Kinds:
//! - `float`: 8 bytes little-endian f64 -> `json_dumps(Float)`
//! - `str`: UTF-8 text -> `json_dumps(String)`
//! - `loads`: bytes -> `json_loads` -> `json_dumps`
//! - `payload`: text -> `unverified::decode_payload` (default limits) -> `json_dumps`
//! - `b62`: text -> `b62_decode` -> decimal
//! - `sep`: text -> `is_valid_separator` -> "1"/"0"

use std::io::{BufRead, Write};

use djsign::{Limits, Value, b62_decode, is_valid_separator, json_dumps, json_loads};

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn run(kind: &str, input: &[u8]) -> Result<Vec<u8>, String> {
    let dumps = |v: &Value| json_dumps(v, 1000).map_err(|e| e.slug().to_owned());
    match kind {
        "float" => dumps(&Value::Float(f64::from_le_bytes(input.try_into().unwrap()))),
        "str" => dumps(&Value::String(String::from_utf8(input.to_vec()).unwrap())),
        "loads" => dumps(&json_loads(input, 1000).map_err(|e| e.slug().to_owned())?),
        "payload" => {
            let text = String::from_utf8(input.to_vec()).unwrap();
            let v = djsign::unverified::decode_payload(&text, &Limits::DEFAULT)
                .map_err(|e| e.slug().to_owned())?;
            dumps(&v)
        }
        "b62" => {
            let text = String::from_utf8(input.to_vec()).unwrap();
            b62_decode(&text)
                .map(|n| n.to_string().into_bytes())
                .map_err(|e| e.slug().to_owned())
        }
        "sep" => {
            let text = String::from_utf8(input.to_vec()).unwrap();
            Ok(if is_valid_separator(&text) {
                b"1".to_vec()
            } else {
                b"0".to_vec()
            })
        }
        _ => panic!("unknown kind {kind}"),
    }
}

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().lines() {
        let line = line.unwrap();
        let (kind, h) = line.split_once('\t').unwrap();
        match run(kind, &unhex(h)) {
            Ok(b) => writeln!(out, "ok\t{}", hex(&b)).unwrap(),
            Err(slug) => writeln!(out, "err\t{slug}").unwrap(),
        }
    }
}
