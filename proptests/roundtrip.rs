//! Round-trip property tests for djsign (`cargo test --test proptests`).
//!
//! Each property states what must hold for *every* input, independently of how the library
//! computes it: token grammar (`value + sep + b64(HMAC)` with Django's key derivation, checked
//! through `salted_hmac` and a base64 encoder written here), expiry exactly when
//! `now - ts > max_age` in f64, key rotation, rejection of any one-character edit, b62 against
//! an i128 model, JSON idempotence and Python's duplicate-key rule against a model.
//!
//! Case counts are set per property so the whole file stays well under 30 s in a debug build
//! on 2 cores; `PROPTEST_CASES=N` overrides them all for a longer run.

// Test code: a failed assertion *is* the report, and indexing/arithmetic here are on values
// the test itself built; a std test binary may use std paths. The library's strict lints
// stay on for `src/`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss,
    clippy::float_cmp,
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    missing_docs
)]

use djsign::{
    Algorithm, BigInt, Error, Map, SecretKey, Signer, TimestampSigner, Value, b62_decode,
    b62_encode, from_value, is_valid_separator, json_dumps, json_loads, salted_hmac, to_value,
};
use proptest::prelude::*;
use proptest::sample::Index;

const DEPTH: usize = 1000;

/// Every f64, NaN and infinities included. (`any::<f64>()` is finite only: it never yields
/// NaN or an infinity, which cargo-mutants showed left the NaN checks untested.)
const ANY_F64: proptest::num::f64::Any = proptest::num::f64::ANY;

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

// ---------- strategies ----------

/// A key given as a string or as bytes (Django accepts both); never empty.
#[derive(Clone, Debug)]
enum Key {
    Str(String),
    Bytes(Vec<u8>),
}

impl Key {
    fn bytes(&self) -> &[u8] {
        match self {
            Self::Str(s) => s.as_bytes(),
            Self::Bytes(b) => b,
        }
    }
    fn secret(&self) -> SecretKey {
        match self {
            Self::Str(s) => SecretKey::from_str(s).unwrap(),
            Self::Bytes(b) => SecretKey::from_bytes(b).unwrap(),
        }
    }
}

fn key() -> impl Strategy<Value = Key> {
    prop_oneof![
        "\\PC{1,40}".prop_map(Key::Str),
        proptest::collection::vec(any::<u8>(), 1..80).prop_map(Key::Bytes),
    ]
}

/// Separators Django accepts: generated broadly, then filtered with Django's rule.
fn sep() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(":".to_owned()),
        1 => "[:./,|*~!\\n a-z0-9_=-]{1,4}",
        1 => "\\PC{1,3}",
    ]
    .prop_filter("Django refuses this separator", |s| is_valid_separator(s))
}

fn salt() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "\\PC{0,30}"]
}

fn algorithm() -> impl Strategy<Value = Algorithm> {
    proptest::sample::select(Algorithm::ALL)
}

/// Any JSON value Python could hold without a lone surrogate, nested a few levels.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        any::<i128>().prop_map(Value::from),
        "-?[1-9][0-9]{19,60}".prop_map(|s| BigInt::parse(&s).unwrap()),
        ANY_F64.prop_map(Value::Float),
        proptest::sample::select(vec![
            0.0,
            -0.0,
            1e16,
            1e-5,
            f64::NAN,
            f64::INFINITY,
            -1.5e300
        ])
        .prop_map(Value::Float),
        "\\PC*".prop_map(Value::String),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            proptest::collection::vec(("\\PC{0,8}", inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map>())),
        ]
    })
}

// ---------- independent helpers ----------

/// Unpadded URL-safe base64, written out here so the token grammar is checked against
/// something other than the library's own encoder.
fn b64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// Django's `Signer.signature`: b64(HMAC(H(salt + "signer" + key), value)), salt defaulted.
fn django_signature(
    key: &[u8],
    salt: &str,
    default_salt: &str,
    alg: Algorithm,
    value: &str,
) -> String {
    let salt = if salt.is_empty() { default_salt } else { salt };
    let key_salt = format!("{salt}signer");
    b64(salted_hmac(key_salt.as_bytes(), value.as_bytes(), key, alg).as_bytes())
}

/// Django's `b62_encode`, on i128 so i64::MIN needs no special case.
fn b62_model(n: i64) -> String {
    const A: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut n = i128::from(n);
    if n == 0 {
        return "0".into();
    }
    let neg = n < 0;
    n = n.abs();
    let mut digits = Vec::new();
    while n > 0 {
        digits.push(A[(n % 62) as usize]);
        n /= 62;
    }
    if neg {
        digits.push(b'-');
    }
    digits.reverse();
    String::from_utf8(digits).unwrap()
}

/// NaN equals NaN, 0.0 differs from -0.0, objects compare in order.
fn equiv(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => {
            (x.is_nan() && y.is_nan()) || x.to_bits() == y.to_bits()
        }
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equiv(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((ka, va), (kb, vb))| ka == kb && equiv(va, vb))
        }
        _ => a == b,
    }
}

fn nth_char_replaced(s: &str, idx: Index, with: char) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    let i = idx.index(chars.len());
    if chars[i] == with {
        return None;
    }
    let mut out: String = chars[..i].iter().collect();
    out.push(with);
    out.extend(&chars[i + 1..]);
    Some(out)
}

// ---------- properties ----------

proptest! {
    #![proptest_config(config(1024))]

    /// unsign(sign(v)) == v, and the token is exactly v + sep + Django's signature.
    #[test]
    fn signer_round_trip(k in key(), salt in salt(), sep in sep(), alg in algorithm(), v in "\\PC*") {
        let s = Signer::builder(k.secret()).salt(&salt).sep(&sep).algorithm(alg).build().unwrap();
        let token = s.sign(&v);
        let sig = django_signature(k.bytes(), &salt, djsign::SIGNER_SALT, alg, &v);
        prop_assert_eq!(sig.len(), alg.signature_len());
        prop_assert_eq!(&token, &format!("{v}{sep}{sig}"));
        prop_assert_eq!(s.unsign(&token), Ok(v.as_str()));
        prop_assert_eq!(s.signature(&v), sig);
        prop_assert_eq!(alg.to_string(), alg.name());
        prop_assert_eq!(Algorithm::from_name(&alg.to_string()), Ok(alg));
        let resolved_salt = if salt.is_empty() { djsign::SIGNER_SALT } else { salt.as_str() };
        prop_assert_eq!((s.salt(), s.sep(), s.algorithm()), (resolved_salt, sep.as_str(), alg));
        // A str key is its UTF-8 bytes.
        let by_bytes = Signer::builder(k.bytes()).salt(&salt).sep(&sep).algorithm(alg).build().unwrap();
        prop_assert_eq!(by_bytes.sign(&v), token);
    }

    /// Another salt, algorithm or key never verifies the token.
    #[test]
    fn signer_domain_separation(k in key(), k2 in key(), salt in salt(), alg in algorithm(), alg2 in algorithm(), v in "\\PC*") {
        let s = Signer::builder(k.secret()).salt(&salt).algorithm(alg).build().unwrap();
        let token = s.sign(&v);
        let other_salt = Signer::builder(k.secret()).salt(&format!("{salt}x")).algorithm(alg).build().unwrap();
        prop_assert_eq!(other_salt.unsign(&token), Err(Error::BadSignature));
        if alg2 != alg {
            let other = Signer::builder(k.secret()).salt(&salt).algorithm(alg2).build().unwrap();
            prop_assert_eq!(other.unsign(&token), Err(Error::BadSignature));
        }
        if k2.bytes() != k.bytes() {
            let other = Signer::builder(k2.secret()).salt(&salt).algorithm(alg).build().unwrap();
            prop_assert_eq!(other.unsign(&token), Err(Error::BadSignature));
        }
    }

    /// Timestamps over the whole i64 range: `v + sep + b62(ts) + sep + sig`, read back exactly.
    #[test]
    fn timestamp_round_trip(k in key(), salt in salt(), sep in sep(), alg in algorithm(), v in "\\PC*", ts in any::<i64>()) {
        let s = TimestampSigner::builder(k.secret()).salt(&salt).sep(&sep).algorithm(alg).build().unwrap();
        let token = s.sign_at(&v, ts);
        let stamped = format!("{v}{sep}{}", b62_model(ts));
        let sig = django_signature(k.bytes(), &salt, djsign::TIMESTAMP_SIGNER_SALT, alg, &stamped);
        prop_assert_eq!(&token, &format!("{stamped}{sep}{sig}"));
        let ok = s.unsign_at(&token, None, 0.0).unwrap();
        prop_assert_eq!((ok.value, ok.timestamp), (v.as_str(), ts));
        let resolved_salt = if salt.is_empty() { djsign::TIMESTAMP_SIGNER_SALT } else { salt.as_str() };
        prop_assert_eq!((s.salt(), s.sep(), s.algorithm()), (resolved_salt, sep.as_str(), alg));
    }

    /// Expired iff `now - ts > max_age` computed in f64 (Django's `time.time() - ts`), so
    /// `age == max_age` passes; the error reports that age. NaN, infinities and a `now`
    /// beyond `MAX_ABS_NOW` are refused.
    #[test]
    fn expiry_relation(
        ts in any::<i64>(),
        offset in prop_oneof![ANY_F64, -1e6f64..1e6, Just(0.0), Just(0.5), Just(f64::NAN)],
        max_age in prop_oneof![ANY_F64, 0f64..1e6, Just(0.0), Just(f64::INFINITY), Just(-1.0), Just(f64::NAN)],
        exact in any::<bool>(),
    ) {
        let s = TimestampSigner::new("expiry-key").unwrap();
        let token = s.sign_at("v", ts);
        let now = ts as f64 + offset;
        // Half the time make the age equal max_age exactly: the boundary that must pass.
        let max_age = if exact { now - ts as f64 } else { max_age };
        let got = s.unsign_at(&token, Some(max_age), now);
        // Refused first: a `now` that is not a number within 2^53 s of the epoch, a `max_age`
        // that is not finite.
        if now.is_nan() || now.abs() > djsign::MAX_ABS_NOW || !max_age.is_finite() {
            prop_assert_eq!(got, Err(Error::InvalidTime));
        } else if now - ts as f64 > max_age {
            match got {
                Err(Error::SignatureExpired { age, max_age: m, timestamp }) => {
                    prop_assert_eq!(age.to_bits(), (now - ts as f64).to_bits());
                    prop_assert_eq!(m.to_bits(), max_age.to_bits());
                    prop_assert_eq!(timestamp, ts);
                }
                other => prop_assert!(false, "expected expired, got {:?}", other),
            }
        } else {
            prop_assert_eq!(got.map(|t| t.timestamp), Ok(ts));
        }
        // Without max_age nothing expires.
        if now.abs() <= djsign::MAX_ABS_NOW {
            prop_assert!(s.unsign_at(&token, None, now).is_ok());
        }
    }

    /// A token made with key i verifies iff i is the key or one of the fallback keys.
    #[test]
    fn fallback_rotation(
        keys in proptest::collection::vec(key(), 4),
        primary in 0usize..4,
        fallbacks in proptest::collection::vec(0usize..4, 0..4),
        signing in 0usize..4,
        v in "\\PC{0,20}",
    ) {
        let accepted: Vec<&[u8]> = std::iter::once(primary).chain(fallbacks.iter().copied()).map(|i| keys[i].bytes()).collect();
        let verifier = Signer::builder(keys[primary].secret())
            .fallback_keys(fallbacks.iter().map(|&i| keys[i].secret()))
            .build()
            .unwrap();
        let token = Signer::new(keys[signing].secret()).unwrap().sign(&v);
        let should = accepted.contains(&keys[signing].bytes());
        prop_assert_eq!(verifier.unsign(&token).is_ok(), should);
        // Signing always uses the primary key, whatever the fallbacks.
        prop_assert_eq!(verifier.sign(&v), Signer::new(keys[primary].secret()).unwrap().sign(&v));
        let tverifier = TimestampSigner::builder(keys[primary].secret())
            .fallback_keys(fallbacks.iter().map(|&i| keys[i].secret()))
            .build()
            .unwrap();
        let ttoken = TimestampSigner::new(keys[signing].secret()).unwrap().sign_at(&v, 1_700_000_000);
        prop_assert_eq!(tverifier.unsign_at(&ttoken, Some(10.0), 1_700_000_005.0).is_ok(), should);
    }

    /// Changing, inserting or deleting any one character of a token makes it fail, with a
    /// forgery error (the signature never verifies, so no later error can show).
    #[test]
    fn one_character_edits_are_rejected(
        sep in sep(),
        alg in algorithm(),
        v in "\\PC{0,24}",
        ts in any::<i64>(),
        stamped in any::<bool>(),
        idx in any::<Index>(),
        with in prop_oneof![any::<char>(), proptest::sample::select(":.-_=+/0aAzZ~".chars().collect::<Vec<_>>())],
        edit in 0u8..3,
    ) {
        let plain = Signer::builder("edit-key").sep(&sep).algorithm(alg).build().unwrap();
        let stamp = TimestampSigner::builder("edit-key").sep(&sep).algorithm(alg).build().unwrap();
        let token = if stamped { stamp.sign_at(&v, ts) } else { plain.sign(&v) };
        let chars: Vec<char> = token.chars().collect();
        let edited = match edit {
            0 => match nth_char_replaced(&token, idx, with) { Some(e) => e, None => return Ok(()) },
            1 => {
                let i = idx.index(chars.len() + 1);
                let mut c = chars.clone();
                c.insert(i, with);
                c.into_iter().collect()
            }
            _ => {
                let i = idx.index(chars.len());
                let mut c = chars.clone();
                c.remove(i);
                c.into_iter().collect()
            }
        };
        prop_assume!(edited != token);
        let err = if stamped {
            stamp.unsign_at(&edited, None, 0.0).map(|_| ()).unwrap_err()
        } else {
            plain.unsign(&edited).map(|_| ()).unwrap_err()
        };
        prop_assert!(err.is_forgery(), "{:?}", err);
    }

    /// sign_object / unsign_object_value give back an equal value (NaN-aware, -0.0-aware)
    /// with the same JSON, compressed or not, and re-signing the result gives the same token.
    #[test]
    fn object_round_trip(v in value(), compress in any::<bool>(), ts in any::<i64>()) {
        let s = TimestampSigner::builder("object-key").salt(djsign::DUMPS_SALT).build().unwrap();
        let token = s.sign_object_at(&v, compress, ts).unwrap();
        let back = s.unsign_object_value_at(&token, None, 0.0).unwrap();
        prop_assert!(equiv(&back.value, &v), "{:?} != {:?}", back.value, v);
        prop_assert_eq!(back.timestamp, ts);
        prop_assert_eq!(json_dumps(&back.value, DEPTH).unwrap(), json_dumps(&v, DEPTH).unwrap());
        prop_assert_eq!(&s.sign_object_at(&back.value, compress, ts).unwrap(), &token);
        // signing.dumps / signing.loads are the same operation with the key derived per call.
        prop_assert_eq!(&djsign::dumps_at(&v, b"object-key", djsign::DUMPS_SALT, compress, ts).unwrap(), &token);
        let loaded: Value = djsign::loads_at(&token, b"object-key", djsign::DUMPS_SALT, None, 0.0).unwrap();
        prop_assert!(equiv(&loaded, &v));
        // The unverified reader sees the same parts and the same payload.
        let parts = djsign::unverified::split(&token, ":").unwrap();
        prop_assert_eq!(parts.is_compressed(), token.starts_with('.'));
        let stamp = b62_model(ts);
        prop_assert_eq!(parts.timestamp, Some((stamp.as_str(), ts)));
        prop_assert_eq!(parts.signature_algorithms(), vec![Algorithm::Sha256]);
        let payload = djsign::unverified::decode_payload(parts.value, &djsign::Limits::DEFAULT).unwrap();
        prop_assert!(equiv(&payload, &v));
        let plain = Signer::new("object-key").unwrap();
        let t2 = plain.sign_object(&v, compress).unwrap();
        prop_assert!(equiv(&plain.unsign_object_value(&t2).unwrap(), &v));
        prop_assert!(equiv(&to_value(&v, DEPTH).unwrap(), &v));
    }

    /// json_dumps . json_loads is idempotent, on generated values and on text derived from
    /// them with whitespace and Python's spellings.
    #[test]
    fn json_idempotence(v in value(), ws in proptest::sample::select(vec!["", " ", "\n\t ", "\r"])) {
        let once = json_dumps(&v, DEPTH).unwrap();
        prop_assert!(once.iter().all(|b| (0x20..0x7f).contains(b)), "not printable ASCII");
        let loaded = json_loads(&once, DEPTH).unwrap();
        prop_assert!(equiv(&loaded, &v));
        prop_assert_eq!(&json_dumps(&loaded, DEPTH).unwrap(), &once);
        // Whitespace around the document is ignored.
        let mut padded = ws.as_bytes().to_vec();
        padded.extend_from_slice(&once);
        padded.extend_from_slice(ws.as_bytes());
        prop_assert_eq!(json_dumps(&json_loads(&padded, DEPTH).unwrap(), DEPTH).unwrap(), once);
    }

    /// Arbitrary bytes: if json_loads accepts them, dumps . loads reaches a fixed point in
    /// one step.
    #[test]
    fn json_loads_fixed_point(data in proptest::collection::vec(proptest::sample::select(b"[]{}\",:0123456789-.eE+ truefalsnNaIiy\\u".to_vec()), 0..40)) {
        if let Ok(v) = json_loads(&data, 64) {
            let once = json_dumps(&v, 64).unwrap();
            let again = json_loads(&once, 64).unwrap();
            prop_assert!(equiv(&again, &v));
            prop_assert_eq!(json_dumps(&again, 64).unwrap(), once);
        }
    }

    /// Python's dict rule for repeated keys: the last value wins, at the first key's position.
    /// Checked through the parser and through `Map::insert`, against a model.
    #[test]
    fn map_duplicate_keys(entries in proptest::collection::vec(("[abc]{1,2}", any::<i32>()), 0..16)) {
        let mut model: Vec<(String, i32)> = Vec::new();
        for (k, v) in &entries {
            match model.iter_mut().find(|(mk, _)| mk == k) {
                Some(slot) => slot.1 = *v,
                None => model.push((k.clone(), *v)),
            }
        }
        let text = format!(
            "{{{}}}",
            entries.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect::<Vec<_>>().join(", ")
        );
        let parsed = json_loads(text.as_bytes(), DEPTH).unwrap();
        let m = parsed.as_object().unwrap();
        let got: Vec<(String, i32)> = m.iter().map(|(k, v)| (k.to_owned(), i32::try_from(v.as_i64().unwrap()).unwrap())).collect();
        prop_assert_eq!(&got, &model);
        let built: Map = entries.iter().map(|(k, v)| (k.clone(), *v)).collect();
        let got: Vec<(String, i32)> = built.iter().map(|(k, v)| (k.to_owned(), i32::try_from(v.as_i64().unwrap()).unwrap())).collect();
        prop_assert_eq!(&got, &model);
    }
}

proptest! {
    #![proptest_config(config(1024))]

    /// What a log reader sees: no error (Display or Debug) and no signer/key Debug output
    /// contains the key, a fallback key, or the signature the token should have had (which
    /// would turn a log line into a valid token).
    #[test]
    fn errors_and_debug_never_show_secrets(
        key in "[A-Za-z0-9]{12,24}",
        old in "[A-Za-z0-9]{12,24}",
        v in "[ -~]{0,24}",
        sig in "[A-Za-z0-9_-]{0,50}",
        ts in any::<i64>(),
        now in ANY_F64,
        max_age in ANY_F64,
    ) {
        let plain = Signer::builder(key.as_str()).fallback_key(old.as_str()).build().unwrap();
        let stamp = TimestampSigner::builder(key.as_str()).fallback_key(old.as_str()).build().unwrap();
        let expected = [plain.signature(&v), stamp.sign_at(&v, ts).rsplit_once(':').unwrap().1.to_owned()];
        let builder = Signer::builder(key.as_str()).fallback_key(old.as_str()).salt("s");
        let mut shown = vec![format!("{plain:?}"), format!("{stamp:?}"), format!("{builder:?}"), format!("{:?}", SecretKey::from_str(&key).unwrap())];
        for token in [format!("{v}:{sig}"), format!("{v}:{}:{sig}", b62_encode(ts)), stamp.sign_at(&v, ts)] {
            if let Err(e) = plain.unsign(&token) { shown.push(format!("{e} {e:?}")); }
            if let Err(e) = stamp.unsign_at(&token, Some(max_age), now) { shown.push(format!("{e} {e:?}")); }
            if let Err(e) = plain.unsign_object_value(&token) { shown.push(format!("{e} {e:?}")); }
        }
        // Debug still says what it is (the salt is not secret).
        prop_assert!(shown[0].starts_with("Signer") && shown[0].contains(djsign::SIGNER_SALT), "{}", shown[0]);
        prop_assert!(shown[1].contains("TimestampSigner") && shown[1].contains(djsign::TIMESTAMP_SIGNER_SALT), "{}", shown[1]);
        prop_assert!(shown[2].starts_with("SignerBuilder") && shown[2].contains("\"s\""), "{}", shown[2]);
        for text in &shown {
            prop_assert!(!text.contains(&key) && !text.contains(&old), "key in {:?}", text);
            for e in &expected {
                prop_assert!(!text.contains(e.as_str()), "expected signature in {:?}", text);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(16384))]

    /// b62 over the whole i64 range: encode matches Django's algorithm, decode inverts it.
    #[test]
    fn b62_round_trip(n in any::<i64>()) {
        let s = b62_encode(n);
        prop_assert_eq!(&s, &b62_model(n));
        prop_assert_eq!(b62_decode(&s), Ok(n));
    }

    /// Django's lenient decoding: leading zeros and "-0" read as the same number.
    #[test]
    fn b62_leading_zeros(n in any::<i64>(), zeros in 0usize..4) {
        let s = b62_model(n);
        let (sign, digits) = s.strip_prefix('-').map_or(("", s.as_str()), |d| ("-", d));
        let padded = format!("{sign}{}{digits}", "0".repeat(zeros));
        prop_assert_eq!(b62_decode(&padded), Ok(n));
    }
}

/// Regression for finding F1 (audits/fuzzing.md, fixed in main e0f84c5): a payload whose
/// *first* key is the private marker `$djsign::private::BigInt` was read as a number (or
/// refused) by the typed path, so `unsign_object::<Value>` and `unsign_object_value` disagreed.
#[test]
fn f1_from_value_is_identity_for_marker_key() {
    let v = json_loads(br#"{"$djsign::private::BigInt":"5"}"#, DEPTH).unwrap();
    assert!(matches!(v, Value::Object(_)));
    let typed: Value = from_value(v.clone()).unwrap();
    assert_eq!(typed, v, "a one-entry object came back as {typed:?}");
}

/// Regression for finding F2 (audits/differential.md, fixed in main e0f84c5): Python's `repr`
/// breaks a tie between two shortest round-tripping decimals with round-half-even; djsign
/// rounded half up. The exact value of each of these doubles lies halfway between two
/// 17-digit decimals. Expected bytes are CPython 3.11's `json.dumps(x)`.
#[test]
// The literals are the doubles' exact values (halfway cases), on purpose.
#[allow(clippy::excessive_precision, clippy::inconsistent_digit_grouping)]
fn f2_float_repr_ties_round_half_even() {
    for (x, python) in [
        (842_785_403_600_226.25, "842785403600226.2"),
        (16_553_581_080_018.3125, "16553581080018.312"),
        (147_561_761_128_142.125, "147561761128142.12"),
        (1_700_000_000_123_456.25, "1700000000123456.2"),
        (1_700_000_000_123_456.75, "1700000000123456.8"),
    ] {
        let got = json_dumps(&Value::Float(x), DEPTH).unwrap();
        assert_eq!(String::from_utf8(got).unwrap(), python, "{x}");
    }
}

/// Regression for finding F3 (audits/differential.md, fixed in main e0f84c5): a lone
/// surrogate inside a value that a later duplicate key replaces is not in the object Python
/// ends up with, so Django loads this payload; djsign refused it (unrepresentable-json).
#[test]
fn f3_overwritten_lone_surrogate_is_not_in_the_result() {
    let v = json_loads(br#"{"a":"\udc00","a":1}"#, DEPTH).unwrap();
    assert_eq!(json_dumps(&v, DEPTH).unwrap(), br#"{"a":1}"#);
}

/// The clock versions (`std`) are the explicit-time versions at the system time: checked
/// against `SystemTime` read before and after, so this is not a timing test.
#[cfg(feature = "std")]
#[test]
fn clock_versions_use_the_system_time() {
    use std::time::{SystemTime, UNIX_EPOCH};
    let secs = || {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs_f64()
    };
    let before = secs();
    let now = djsign::unix_now();
    let s = TimestampSigner::new("clock-key").unwrap();
    let token = s.sign("v");
    let back = s.unsign(&token, Some(3600.0)).unwrap();
    let obj = s.sign_object(&Value::Int(7), false).unwrap();
    let obj_back = s.unsign_object::<i64>(&obj, Some(3600.0)).unwrap();
    let d = djsign::dumps(&Value::Int(8), b"clock-key", djsign::DUMPS_SALT, false).unwrap();
    let l: i64 = djsign::loads(&d, b"clock-key", djsign::DUMPS_SALT, Some(3600.0)).unwrap();
    let after = secs();
    assert!(
        before <= now && now <= after,
        "{before} <= {now} <= {after}"
    );
    for ts in [back.timestamp, obj_back.timestamp] {
        assert!(before.floor() <= ts as f64 && ts as f64 <= after, "{ts}");
    }
    assert_eq!(token, s.sign_at("v", back.timestamp));
    assert_eq!((back.value, obj_back.value, l), ("v", 7, 8));
    // An age limit of -1 s: the token was made in the past, so it must already be expired.
    assert!(matches!(
        s.unsign(&token, Some(-1.0)),
        Err(Error::SignatureExpired { .. })
    ));
}

/// Regression for finding F4 (audits/fuzzing.md; introduced by the F2 fix e0f84c5, fixed in
/// main 03931fe): `json_dumps` wrote 46 exact powers of two (92 with the sign) as the
/// *closest* decimal of the shortest length, but at a power of two the float's rounding
/// interval is narrower below than above, so that decimal read back as a different float.
/// Python writes the shortest decimal that round-trips. Expected bytes are CPython 3.11's
/// `json.dumps(x)`.
#[test]
fn f4_powers_of_two_round_trip_and_match_python() {
    for (x, python) in [
        (2f64.powi(-1007), "7.291122019556398e-304"),
        (2f64.powi(-24), "5.960464477539063e-08"),
        (2f64.powi(89), "6.189700196426902e+26"),
        (-(2f64.powi(481)), "-6.243497100631985e+144"),
    ] {
        let got = String::from_utf8(json_dumps(&Value::Float(x), DEPTH).unwrap()).unwrap();
        assert_eq!(got, python, "{x:e}");
    }
    let mut bad = Vec::new();
    for k in -1074i32..=1023 {
        // Exact 2^k from its bits (`powi` underflows to 0 below about 2^-1023).
        let x = if k >= -1022 {
            f64::from_bits(u64::try_from(k + 1023).unwrap() << 52)
        } else {
            f64::from_bits(1u64 << (k + 1074))
        };
        let text = json_dumps(&Value::Float(x), DEPTH).unwrap();
        if json_loads(&text, DEPTH).unwrap().as_f64() != Some(x) {
            bad.push(k);
        }
    }
    assert!(bad.is_empty(), "2^k does not round-trip for k in {bad:?}");
}

/// The decompression limit, without needing the `zlib` feature to make the bomb: the payload
/// of `zlib.compress(json.dumps("a" * 100000))` (CPython), 123 bytes inflating to 100,002.
/// Exactly at the limit it loads; one byte less and it is `DecompressedTooLarge`, not a
/// generic zlib error. (cargo-mutants: without `zlib` no test told the two apart.)
#[test]
fn decompression_limit_is_exact_without_zlib() {
    const BOMB: &str = ".eJztwbEAAAAAAjCXzPKXSKNjWwoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAADcygBpZguR";
    let mut limits = djsign::Limits::DEFAULT;
    limits.max_decompressed_len = 100_002;
    let v = djsign::unverified::decode_payload(BOMB, &limits).unwrap();
    assert_eq!(v.as_str().map(str::len), Some(100_000));
    limits.max_decompressed_len = 100_001;
    assert_eq!(
        djsign::unverified::decode_payload(BOMB, &limits),
        Err(Error::DecompressedTooLarge { limit: 100_001 })
    );
    // Through a verifier too: the limit applies after the signature, before JSON.
    let s = TimestampSigner::builder("bomb-key")
        .limits(limits)
        .build()
        .unwrap();
    let token = Signer::builder("bomb-key")
        .salt(djsign::TIMESTAMP_SIGNER_SALT)
        .build()
        .unwrap()
        .sign(&format!("{BOMB}:{}", b62_encode(0)));
    assert_eq!(
        s.unsign_object_value_at(&token, None, 0.0)
            .map(|t| t.timestamp),
        Err(Error::DecompressedTooLarge { limit: 100_001 })
    );
}
