//! The building blocks checked against CPython 3.11 / Django 5.2.19 outputs captured by
//! `tests/django/capture_unit.py` into `tests/data/django_unit.json`.
//!
//! These live inside the crate because they test private pieces (the lenient base64
//! decoder, zlib, the float writer) one by one; the token-level behaviour is checked from the
//! outside against the published vectors.

extern crate std;

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value as J;
use std::format;

use crate::json::{Map, Value, json_dumps, json_loads};
use crate::{Algorithm, Error};

fn data() -> J {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/django_unit.json");
    let text = std::fs::read_to_string(path).expect("run tests/django/capture_unit.py");
    serde_json::from_str(&text).unwrap()
}

fn section(d: &J, name: &str) -> Vec<J> {
    d[name]
        .as_array()
        .unwrap_or_else(|| panic!("missing {name}"))
        .clone()
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn to_hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Rebuilds a tagged value (see the capture script) as a `Value`.
fn untag(t: &J) -> Value {
    let a = t.as_array().unwrap();
    match a[0].as_str().unwrap() {
        "null" => Value::Null,
        "bool" => Value::Bool(a[1].as_bool().unwrap()),
        "int" => crate::json::BigInt::parse(a[1].as_str().unwrap()).unwrap(),
        "float" => Value::Float(f64::from_bits(
            u64::from_str_radix(a[1].as_str().unwrap(), 16).unwrap(),
        )),
        "str" => Value::String(a[1].as_str().unwrap().into()),
        "list" => Value::List(a[1].as_array().unwrap().iter().map(untag).collect()),
        "dict" => {
            let mut m = Map::new();
            for e in a[1].as_array().unwrap() {
                let prev = m.insert(e[0].as_str().unwrap(), untag(&e[1]));
                assert!(prev.is_none(), "tagged dicts have unique keys");
            }
            Value::Object(m)
        }
        other => panic!("unknown tag {other}"),
    }
}

/// Equality where NaN equals NaN and -0.0 differs from 0.0: "the same Python value".
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => {
            x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan())
        }
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && same(v1, v2))
        }
        _ => a == b,
    }
}

#[test]
fn capture_is_from_the_pinned_versions() {
    let d = data();
    assert_eq!(d["django"], "5.2.19");
    assert_eq!(d["zlib"], "1.2.13");
}

#[test]
fn float_repr_matches_python() {
    let cases = section(&data(), "floats");
    assert!(cases.len() > 4000);
    for c in &cases {
        let x = f64::from_bits(u64::from_str_radix(c[0].as_str().unwrap(), 16).unwrap());
        let mut out = Vec::new();
        crate::json::write_f64(x, &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            c[1].as_str().unwrap(),
            "bits {}",
            c[0]
        );
    }
}

#[test]
fn json_dumps_matches_python() {
    let cases = section(&data(), "json_dumps");
    assert!(cases.len() > 600);
    for c in &cases {
        let v = untag(&c[0]);
        let got = json_dumps(&v, 1000).unwrap();
        assert_eq!(String::from_utf8(got).unwrap(), c[1].as_str().unwrap());
    }
}

#[test]
fn json_loads_matches_python() {
    let cases = section(&data(), "json_loads");
    let (mut ok, mut bad, mut lone) = (0, 0, 0);
    for c in &cases {
        let input = hex(c["input"].as_str().unwrap());
        let got = json_loads(&input, 1000);
        let shown = String::from_utf8_lossy(&input).to_string();
        if let Some(t) = c.get("ok") {
            let want = untag(t);
            let got = got.unwrap_or_else(|e| panic!("{shown:?}: Python accepts, we say {e}"));
            assert!(same(&got, &want), "{shown:?}: {got:?} != {want:?}");
            ok += 1;
        } else if c.get("lone_surrogate").is_some() {
            assert_eq!(
                got.map_err(|e| e.slug()),
                Err("unrepresentable-json"),
                "{shown:?}"
            );
            lone += 1;
        } else {
            let err = c["error"].as_str().unwrap();
            assert!(
                matches!(err, "JSONDecodeError" | "ValueError"),
                "{shown:?}: unexpected Python error {err}"
            );
            assert_eq!(
                got.map_err(|e| e.slug()),
                Err("malformed-json"),
                "{shown:?}"
            );
            bad += 1;
        }
    }
    assert!(ok > 300 && bad > 300 && lone >= 10, "{ok} {bad} {lone}");
}

#[test]
fn lenient_base64_matches_python() {
    let cases = section(&data(), "base64_decode");
    for c in &cases {
        let input = hex(c["input"].as_str().unwrap());
        let got = crate::base64::python_b64decode(&input);
        match c.get("ok") {
            Some(h) => assert_eq!(
                got.map(|b| to_hex(&b)),
                Ok(h.as_str().unwrap().to_string()),
                "{input:?}"
            ),
            None => assert_eq!(got, Err(Error::MalformedBase64), "{input:?}"),
        }
    }
}

#[test]
fn zlib_compress_is_byte_identical() {
    let cases = section(&data(), "zlib_compress");
    assert!(cases.len() >= 300);
    for c in &cases {
        let input = c[0].as_str().unwrap().as_bytes();
        let want = hex(c[1].as_str().unwrap());
        #[cfg(feature = "zlib")]
        assert_eq!(
            crate::compress::compress(input).unwrap(),
            want,
            "{} bytes",
            input.len()
        );
        #[cfg(not(feature = "zlib"))]
        assert_eq!(
            crate::compress::compress(input),
            Err(Error::CompressionUnavailable)
        );
        // without std too: CPython's output always decompresses to the input
        assert_eq!(
            crate::compress::decompress(&want, usize::MAX).unwrap(),
            input
        );
    }
}

#[test]
fn zlib_decompress_matches_python() {
    let cases = section(&data(), "zlib_decompress");
    for c in &cases {
        let input = hex(c["input"].as_str().unwrap());
        let got = crate::compress::decompress(&input, 1 << 20);
        match c.get("ok") {
            Some(h) => assert_eq!(
                got.map(|b| to_hex(&b)),
                Ok(h.as_str().unwrap().to_string()),
                "{c}"
            ),
            None => assert_eq!(got, Err(Error::MalformedZlib), "{c}"),
        }
    }
}

#[test]
fn b62_matches_django() {
    let d = data();
    for c in section(&d, "b62_encode") {
        let n: i64 = c[0].as_str().unwrap().parse().unwrap();
        assert_eq!(crate::b62_encode(n), c[1].as_str().unwrap());
    }
    let mut out_of_range = 0;
    for c in section(&d, "b62_decode") {
        let input = c["input"].as_str().unwrap();
        let got = crate::b62_decode(input);
        match c.get("ok") {
            Some(n) => match n.as_str().unwrap().parse::<i64>() {
                Ok(n) => assert_eq!(got, Ok(n), "{input:?}"),
                // Python's ints are unbounded; ours stop at i64 (SPEC.md).
                Err(_) => {
                    assert_eq!(got, Err(Error::MalformedTimestamp), "{input:?}");
                    out_of_range += 1;
                }
            },
            None => assert_eq!(got, Err(Error::MalformedTimestamp), "{input:?}"),
        }
    }
    assert!(out_of_range >= 3, "{out_of_range}");
}

#[test]
fn separator_rule_matches_django() {
    for c in section(&data(), "separators") {
        let sep = c[0].as_str().unwrap();
        assert_eq!(
            crate::is_valid_separator(sep),
            c[1].as_bool().unwrap(),
            "{sep:?}"
        );
    }
}

#[test]
fn salted_hmac_matches_django() {
    let cases = section(&data(), "salted_hmac");
    let mut checked = 0;
    for c in &cases {
        let name = c["algorithm"].as_str().unwrap();
        let Ok(alg) = Algorithm::from_name(name) else {
            assert!(
                cfg!(not(feature = "legacy-sha1")) && name == "sha1",
                "{name}"
            );
            continue;
        };
        let mac = crate::salted_hmac(
            c["keySalt"].as_str().unwrap().as_bytes(),
            c["value"].as_str().unwrap().as_bytes(),
            &hex(c["secretHex"].as_str().unwrap()),
            alg,
        );
        assert_eq!(mac.to_hex(), c["hex"].as_str().unwrap());
        checked += 1;
    }
    assert!(checked >= cases.len() * 4 / 5);
}
