//! djsign's deflate against both oracles on every payload in the repository's captures and
//! vectors: C zlib 1.3.x (libz-sys) on all of them, and CPython's zlib 1.2.13 wherever a
//! capture holds the stream CPython made.
//!
//! - `tests/data/django_unit.json` `zlib_compress`: inputs with CPython's output;
//! - every test with a `payloadJson` in `vectors/*.json` (the JSON Django signed);
//! - every compressed token (`"."` payload) anywhere in the vectors, the CLI captures and
//!   the example cookie whose payload is a complete zlib stream with zlib's level-6 header
//!   (`78 9c`): CPython made it from the JSON it inflates to, so djsign must make the same
//!   bytes from that JSON (streams with another header, e.g. the level-9 vectors, and
//!   tampered payloads are counted and left out);
//! - for `compress: true` vectors that Django left uncompressed, djsign's stream must be too
//!   long as well (Django keeps compression only when it saves two bytes).

use std::path::{Path, PathBuf};

use base64::Engine;
use djsign::zlib::compress;
use djsign_zlib_oracle::{c_compress, c_zlib_version};
use serde_json::Value as J;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_json(rel: &str) -> J {
    let path = root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Every JSON file of vectors and captures the repository has.
fn capture_files() -> Vec<String> {
    let mut files = vec![
        "tests/data/django_unit.json".to_string(),
        "cli/tests/data/django_cli.json".to_string(),
        "cli/tests/data/django_contrib.json".to_string(),
        "vectors/inputs/django42.json".to_string(),
    ];
    for e in std::fs::read_dir(root().join("vectors")).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".json") && name != "schema.json" {
            files.push(format!("vectors/{name}"));
        }
    }
    files.sort();
    files
}

fn walk<'a>(v: &'a J, f: &mut impl FnMut(&'a serde_json::Map<String, J>)) {
    match v {
        J::Object(m) => {
            f(m);
            m.values().for_each(|x| walk(x, f));
        }
        J::Array(a) => a.iter().for_each(|x| walk(x, f)),
        _ => {}
    }
}

/// The CPython zlib stream in a compressed token's payload, if it is one: a complete
/// level-6 zlib stream with nothing after it, and the data it inflates to.
fn cpython_stream(token: &str) -> Option<(Vec<u8>, Vec<u8>)> {
    let b64: String = token
        .strip_prefix('.')?
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(b64.as_bytes())
        .ok()?;
    if !raw.starts_with(&[0x78, 0x9c]) {
        return None;
    }
    let data = miniz_oxide::inflate::decompress_to_vec_zlib(&raw).ok()?;
    // complete and without trailing bytes: re-inflating a prefix must fail
    if raw.len() > 1 && miniz_oxide::inflate::decompress_to_vec_zlib(&raw[..raw.len() - 1]).is_ok()
    {
        return None;
    }
    Some((raw, data))
}

#[test]
fn oracle_is_the_bundled_c_zlib_1_3() {
    // The evidence says "C zlib 1.3.x": fail if the lock file or LIBZ_SYS_STATIC=0 swapped
    // the oracle for another zlib (1.2.13 and 1.4 were checked too, see audits/deflate.md).
    assert!(c_zlib_version().starts_with("1.3."), "{}", c_zlib_version());
}

#[test]
fn django_unit_captures() {
    let d = read_json("tests/data/django_unit.json");
    assert_eq!(d["zlib"], "1.2.13");
    let cases = d["zlib_compress"].as_array().unwrap();
    assert!(cases.len() >= 300);
    for c in cases {
        let input = c[0].as_str().unwrap().as_bytes();
        let cpython = hex(c[1].as_str().unwrap());
        assert_eq!(compress(input), cpython, "{} bytes", input.len());
        assert_eq!(c_compress(input), cpython, "C zlib, {} bytes", input.len());
    }
    eprintln!(
        "django_unit.json: {} payloads == CPython == C zlib {}",
        cases.len(),
        c_zlib_version()
    );
}

#[test]
fn every_payload_and_compressed_token() {
    let (mut payloads, mut streams, mut other_streams, mut kept_plain) = (0, 0, 0, 0);
    let mut files = capture_files();
    files.push("examples/django-session/cookie.txt".into());
    for rel in &files {
        let doc = if rel.ends_with(".txt") {
            let token = std::fs::read_to_string(root().join(rel)).unwrap();
            serde_json::json!({ "token": token.trim_end() })
        } else {
            read_json(rel)
        };
        walk(&doc, &mut |m| {
            if let Some(p) = m.get("payloadJson").and_then(J::as_str) {
                let ours = compress(p.as_bytes());
                assert_eq!(
                    ours,
                    c_compress(p.as_bytes()),
                    "{rel} tcId {:?}",
                    m.get("tcId")
                );
                payloads += 1;
                // Django compresses only when it saves two bytes: a compress=true vector
                // that is not dotted means CPython's stream was too long, so must ours be.
                let token = m.get("token").and_then(J::as_str).unwrap_or("");
                if m.get("compress") == Some(&J::Bool(true))
                    && m.get("result").and_then(J::as_str) == Some("valid")
                    && !token.starts_with('.')
                {
                    assert!(ours.len() + 1 >= p.len(), "{rel} tcId {:?}", m.get("tcId"));
                    kept_plain += 1;
                }
            }
            for v in m.values() {
                let Some(token) = v.as_str() else { continue };
                if !token.starts_with('.') {
                    continue;
                }
                match cpython_stream(token) {
                    Some((cpython, data)) => {
                        assert_eq!(compress(&data), cpython, "{rel} {:?}", m.get("tcId"));
                        assert_eq!(
                            c_compress(&data),
                            cpython,
                            "C zlib: {rel} {:?}",
                            m.get("tcId")
                        );
                        streams += 1;
                    }
                    None => other_streams += 1,
                }
            }
        });
    }
    eprintln!(
        "{payloads} payloadJson == C zlib; {streams} CPython streams in tokens == djsign == C zlib; \
         {kept_plain} compress=true vectors left plain by Django and by djsign; \
         {other_streams} dotted values that are not complete level-6 streams (tampered, level 9)"
    );
    // The counts this repository has today; fewer means a capture was lost.
    assert!(payloads >= 800, "{payloads}");
    assert!(streams >= 400, "{streams}");
}
