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
        let got = crate::signing::base64::python_b64decode(&input);
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
        assert_eq!(crate::zlib::compress(input), want, "{} bytes", input.len());
        // without std too: CPython's output always decompresses to the input
        assert_eq!(crate::zlib::decompress(&want, usize::MAX).unwrap(), input);
    }
}

#[test]
fn zlib_decompress_matches_python() {
    let cases = section(&data(), "zlib_decompress");
    for c in &cases {
        let input = hex(c["input"].as_str().unwrap());
        let got = crate::zlib::decompress(&input, 1 << 20);
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

#[cfg(feature = "contrib")]
#[test]
fn session_auth_hash_matches_django() {
    use crate::{AuthHashMatch, SecretKey, get_session_auth_hash, verify_session_auth_hash};
    let cases = section(&data(), "session_auth_hash");
    assert!(cases.len() >= 200);
    for c in &cases {
        let key = SecretKey::from_str(c["key"].as_str().unwrap()).unwrap();
        let fallbacks: Vec<SecretKey> = c["fallbackKeys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| SecretKey::from_str(k.as_str().unwrap()).unwrap())
            .collect();
        let password = c["password"].as_str().unwrap();
        assert_eq!(
            get_session_auth_hash(password, &key),
            c["hash"].as_str().unwrap()
        );
        let got = verify_session_auth_hash(
            c["sessionHash"].as_str().unwrap(),
            password,
            &key,
            &fallbacks,
        );
        let want = c["match"].as_str().unwrap();
        match (want, got) {
            ("key", AuthHashMatch::Key) | ("none", AuthHashMatch::NoMatch) => {}
            ("fallback", AuthHashMatch::Fallback(i)) => {
                // the index names a fallback whose hash is the one presented
                let k = &fallbacks[i];
                assert_eq!(
                    get_session_auth_hash(password, k),
                    c["sessionHash"].as_str().unwrap()
                );
            }
            _ => panic!("{c}: Django {want}, djsign {got:?}"),
        }
    }
}

/// `datetime.fromisoformat` as djsign reads it: what djsign accepts Python accepts with the
/// same value; what Python refuses djsign refuses; Python reads some forms Django never
/// writes (week dates, the basic format), which djsign refuses (SPEC.md D7).
#[cfg(feature = "contrib")]
#[test]
fn iso_datetimes_match_python() {
    use crate::DateTime;
    let cases = section(&data(), "iso_datetime");
    let mut refused_python_accepts = Vec::new();
    for c in &cases {
        let input = c["input"].as_str().unwrap();
        let got = DateTime::parse_iso(input);
        if !c["ok"].as_bool().unwrap() {
            assert!(
                got.is_err(),
                "{input:?}: Python refuses, djsign reads {got:?}"
            );
            continue;
        }
        match got {
            Ok(dt) => {
                let offset = c["offsetUs"].as_i64();
                assert_eq!(dt.is_naive(), offset.is_none(), "{input:?}");
                let wall = c["wallUs"].as_i64().unwrap();
                assert_eq!(dt.instant_us(0), wall - offset.unwrap_or(0), "{input:?}");
                assert_eq!(dt.to_iso(), c["isoformat"].as_str().unwrap(), "{input:?}");
            }
            Err(_) => refused_python_accepts.push((
                input.to_string(),
                c["isoformat"].as_str().unwrap().to_string(),
            )),
        }
    }
    // Only spellings that `isoformat()` never writes may be refused.
    for (input, canonical) in &refused_python_accepts {
        assert_ne!(
            input, canonical,
            "djsign refuses {input:?}, which isoformat() writes"
        );
    }
    assert!(
        refused_python_accepts.len() <= 8,
        "{refused_python_accepts:?}"
    );
}

/// `set_expiry`, `get_expiry_age`, `get_expiry_date`, `get_expire_at_browser_close` against a
/// real `SessionStore`.
#[cfg(feature = "contrib")]
#[test]
fn session_expiry_helpers_match_django() {
    use crate::{DateTime, Session, SetExpiry};
    let cases = section(&data(), "session_expiry_helpers");
    assert!(cases.len() >= 80);
    for c in &cases {
        let mut s = Session::new();
        let given = &c["setExpiry"];
        let modification = c["modification"].as_f64().unwrap();
        if c["how"] == "stored" {
            s.insert("_session_expiry", json_to_value(given));
        } else {
            let e = match given {
                J::Null => SetExpiry::Default,
                J::Number(n) => SetExpiry::Seconds(n.as_i64().unwrap()),
                J::Object(o) if o.contains_key("seconds") => SetExpiry::After {
                    now: modification,
                    seconds: o["seconds"].as_f64().unwrap(),
                },
                J::Object(o) => {
                    SetExpiry::At(DateTime::parse_iso(o["datetime"].as_str().unwrap()).unwrap())
                }
                other => panic!("{other}"),
            };
            s.set_expiry(e).unwrap();
        }
        let stored = match s.get("_session_expiry") {
            None => J::String("<absent>".into()),
            Some(v) => serde_json::from_slice(&json_dumps(v, 10).unwrap()).unwrap(),
        };
        assert_eq!(stored, c["stored"], "{c}");
        let age = c["cookieAge"].as_i64().unwrap();
        let want_age = match &c["expiryAge"] {
            J::Bool(b) => f64::from(u8::from(*b)),
            n => n.as_f64().unwrap(),
        };
        assert_eq!(
            s.get_expiry_age(modification, age).unwrap(),
            want_age,
            "{c}"
        );
        assert_eq!(
            s.get_expiry_date(modification, age).unwrap().to_iso(),
            c["expiryDate"].as_str().unwrap(),
            "{c}"
        );
        assert_eq!(
            s.get_expire_at_browser_close(false),
            c["browserClose"].as_bool().unwrap(),
            "{c}"
        );
    }
}

#[cfg(feature = "contrib")]
fn json_to_value(j: &J) -> Value {
    json_loads(serde_json::to_string(j).unwrap().as_bytes(), 10).unwrap()
}
