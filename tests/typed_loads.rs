//! Typed loads (`unsign_object::<T>`) read payloads in one pass where they can (issue 9); the
//! definition stays the two steps `from_value::<T>(unsign_object_value(..))`. These
//! properties check, for every generated payload and a range of target types, that the
//! public typed call returns exactly what the two steps return: the same `T` (compared by its
//! `Debug` form, so NaN and -0.0 count) or the same error.
//!
//! The payloads are JSON texts built to hit what the one-pass reader must decline or get
//! right: repeated keys (also spelled with escapes), lone and paired surrogate escapes, big
//! integers, NaN and overflowing floats, raw latin-1 and UTF-8 bytes, whitespace, deep
//! nesting, and random truncations and byte edits. They are signed as raw payloads, so no
//! djsign serializer is involved in making them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    missing_docs,
    // The types are read only through their Debug form.
    dead_code
)]

use std::collections::BTreeMap;
use std::fmt::Debug;

use djsign::{DjangoVersion, Signer, from_value};
use proptest::prelude::*;
use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};

/// Standard base64 with Django's URL-safe alphabet and no padding, written here.
fn b64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut s = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            s.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    s
}

#[derive(Deserialize, Debug)]
#[serde(untagged)]
enum Any {
    Null(()),
    Bool(bool),
    U(u64),
    I(i64),
    Wide(i128),
    F(f64),
    S(String),
    L(Vec<Any>),
    M(BTreeMap<String, Any>),
}

#[derive(Deserialize, Debug)]
enum Tagged {
    A,
    B(i64),
    C { x: Option<u8> },
    D(u8, u8),
}

#[derive(Deserialize, Debug)]
struct Session {
    #[serde(default)]
    a: Option<i64>,
    #[serde(default)]
    b: Vec<String>,
    #[serde(default)]
    x: Option<Box<Any>>,
    #[serde(default, rename = "_auth_user_id")]
    user: Option<String>,
    #[serde(default)]
    cart: Option<Vec<f64>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Strict {
    a: i64,
    #[serde(default)]
    b: Option<Tagged>,
}

/// An object's entries in the order a visitor receives them (as an ordered map such as
/// `indexmap` would keep them): the type that sees Python's duplicate-key rule in full.
#[derive(Debug)]
struct Pairs(Vec<(String, Any)>);

impl<'de> Deserialize<'de> for Pairs {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Pairs;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Pairs, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = m.next_entry()? {
                    out.push(entry);
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Both answers for `T`, as comparable text.
fn both<T: DeserializeOwned + Debug>(signer: &Signer, token: &str) -> (String, String) {
    let direct = signer.unsign_object::<T>(token).map(|t| format!("{t:?}"));
    let two_steps = signer
        .unsign_object_value(token)
        .and_then(from_value::<T>)
        .map(|t| format!("{t:?}"));
    (format!("{direct:?}"), format!("{two_steps:?}"))
}

fn check_all(json: &[u8]) -> Result<(), TestCaseError> {
    for version in [
        DjangoVersion::V4_2,
        DjangoVersion::V5_2,
        DjangoVersion::Main,
    ] {
        let signer = Signer::builder("typed-loads-key")
            .django_version(version)
            .build()
            .unwrap();
        let token = signer.sign(&b64(json));
        macro_rules! same {
            ($($t:ty),*) => {$(
                let (direct, two_steps) = both::<$t>(&signer, &token);
                prop_assert_eq!(direct, two_steps, "{} on {:?} ({:?})", stringify!($t),
                    String::from_utf8_lossy(json), version);
            )*};
        }
        same!(
            Pairs,
            Vec<Pairs>,
            Any,
            Session,
            Strict,
            BTreeMap<String, Any>,
            BTreeMap<String, IgnoredAny>,
            Vec<Tagged>,
            Tagged,
            (i64, String),
            Vec<Option<f64>>,
            Option<Vec<u8>>,
            u128,
            char,
            Box<str>,
            IgnoredAny,
            ()
        );
    }
    Ok(())
}

fn ws() -> impl Strategy<Value = &'static str> {
    prop_oneof![6 => Just(""), 1 => Just(" "), 1 => Just("\n\t "), 1 => Just("\r")]
}

fn leaf() -> impl Strategy<Value = Vec<u8>> {
    let texts = prop::sample::select(vec![
        "null",
        "true",
        "false",
        "NaN",
        "Infinity",
        "-Infinity",
        "0",
        "-0",
        "1",
        "-1",
        "42",
        "255",
        "256",
        "-129",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775809",
        "18446744073709551616",
        "340282366920938463463374607431768211456",
        "1.5",
        "-0.0",
        "1e400",
        "1E5",
        "2.5e-3",
        "1e",
        "01",
        "\"\"",
        "\"abc\"",
        "\"a\\nb\"",
        "\"\\u00e9\"",
        "\"\\ud800\"",
        "\"x\\udc00y\"",
        "\"\\ud83d\\ude00\"",
        "\"\\\"\"",
        "\"A\"",
        "\"B\"",
        "\"C\"",
        "\"ab\"",
        "\"2d711642b726b044\"",
    ]);
    prop_oneof![
        8 => texts.prop_map(|t| t.as_bytes().to_vec()),
        // Raw bytes inside a string: latin-1 characters, or UTF-8 on the development branch.
        1 => Just(b"\"\xe9t\xc3\xa9\"".to_vec()),
        1 => Just(b"\"\xff\"".to_vec()),
    ]
}

fn key() -> impl Strategy<Value = Vec<u8>> {
    prop::sample::select(vec![
        &b"\"a\""[..],
        b"\"b\"",
        b"\"x\"",
        b"\"_auth_user_id\"",
        b"\"cart\"",
        b"\"A\"",
        b"\"B\"",
        b"\"C\"",
        b"\"D\"",
        b"\"\\u0061\"",
        b"\"\xe9\"",
        b"\"k1\"",
        b"\"k2\"",
        b"\"k3\"",
        b"\"k4\"",
        b"\"k5\"",
        b"\"k6\"",
        b"\"k7\"",
        b"\"k8\"",
        b"\"k9\"",
    ])
    .prop_map(<[u8]>::to_vec)
}

fn json() -> impl Strategy<Value = Vec<u8>> {
    leaf().prop_recursive(5, 64, 12, |inner| {
        prop_oneof![
            prop::collection::vec((ws(), inner.clone(), ws()), 0..6).prop_map(|items| {
                let mut out = b"[".to_vec();
                for (i, (a, v, b)) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    out.extend_from_slice(a.as_bytes());
                    out.extend_from_slice(v);
                    out.extend_from_slice(b.as_bytes());
                }
                out.push(b']');
                out
            }),
            prop::collection::vec((ws(), key(), ws(), inner), 0..12).prop_map(|entries| {
                let mut out = b"{".to_vec();
                for (i, (a, k, b, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    out.extend_from_slice(a.as_bytes());
                    out.extend_from_slice(k);
                    out.extend_from_slice(b.as_bytes());
                    out.push(b':');
                    out.extend_from_slice(v);
                }
                out.push(b'}');
                out
            }),
        ]
    })
}

/// A document, sometimes cut short or with one byte changed.
fn document() -> impl Strategy<Value = Vec<u8>> {
    (
        ws(),
        json(),
        ws(),
        0u8..10,
        any::<prop::sample::Index>(),
        any::<u8>(),
    )
        .prop_map(|(a, doc, b, edit, at, byte)| {
            let mut out = a.as_bytes().to_vec();
            out.extend_from_slice(&doc);
            out.extend_from_slice(b.as_bytes());
            match edit {
                0 => out.truncate(at.index(out.len() + 1)),
                1 if !out.is_empty() => {
                    let i = at.index(out.len());
                    out[i] = byte;
                }
                2 => out.insert(at.index(out.len() + 1), byte),
                _ => {}
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn typed_loads_equal_the_two_steps(doc in document()) {
        check_all(&doc)?;
    }
}

/// Hand-picked documents: each rule the one-pass reader follows or declines, and the
/// reference session; the expected `T` is stated here, not taken from either path.
#[test]
fn typed_loads_known_answers() {
    let signer = Signer::builder("typed-loads-key").build().unwrap();
    let load = |json: &[u8]| signer.sign(&b64(json));
    #[derive(Deserialize, Debug, PartialEq)]
    struct Auth {
        _auth_user_id: String,
        _auth_user_backend: String,
        _auth_user_hash: String,
        cart: Vec<i64>,
        theme: String,
    }
    let session = br#"{"_auth_user_id":"1","_auth_user_backend":"django.contrib.auth.backends.ModelBackend","_auth_user_hash":"2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881","cart":[1,2,3],"theme":"dark"}"#;
    assert_eq!(
        signer.unsign_object::<Auth>(&load(session)).unwrap(),
        Auth {
            _auth_user_id: "1".into(),
            _auth_user_backend: "django.contrib.auth.backends.ModelBackend".into(),
            _auth_user_hash: "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"
                .into(),
            cart: vec![1, 2, 3],
            theme: "dark".into(),
        }
    );
    // Python's rule for a repeated key: the last value, also when it is spelled with an
    // escape, and past the first eight keys.
    let m = |json: &[u8]| {
        signer
            .unsign_object::<BTreeMap<String, i64>>(&load(json))
            .unwrap()
    };
    assert_eq!(m(br#"{"a":1,"a":2}"#), BTreeMap::from([("a".into(), 2)]));
    assert_eq!(
        m(br#"{"a":1,"\u0061":3}"#),
        BTreeMap::from([("a".into(), 3)])
    );
    let many =
        br#"{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k3":30}"#;
    assert_eq!(m(many).get("k3"), Some(&30));
    assert_eq!(m(many).len(), 10);
    let pairs = |json: &[u8]| {
        let p = signer.unsign_object::<Pairs>(&load(json)).unwrap();
        format!("{:?}", p.0)
    };
    assert_eq!(
        pairs(br#"{"b":1,"a":2,"b":3}"#),
        r#"[("b", U(3)), ("a", U(2))]"#
    );
    assert_eq!(
        pairs(many),
        r#"[("k0", U(0)), ("k1", U(1)), ("k2", U(2)), ("k3", U(30)), ("k4", U(4)), ("k5", U(5)), ("k6", U(6)), ("k7", U(7)), ("k8", U(8)), ("k9", U(9))]"#
    );
    let late =
        br#"{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k9":90}"#;
    assert!(pairs(late).ends_with(r#"("k8", U(8)), ("k9", U(90))]"#));
    // A struct field given twice takes the last value (serde alone would call it an error).
    #[derive(Deserialize, Debug, PartialEq)]
    struct One {
        a: i64,
    }
    assert_eq!(
        signer
            .unsign_object::<One>(&load(br#"{"a":1,"a":2}"#))
            .unwrap(),
        One { a: 2 }
    );
    // A lone surrogate that a later value replaces is dropped, as in Python; one kept is
    // refused.
    assert_eq!(
        m(br#"{"a":1,"b":2}"#),
        BTreeMap::from([("a".into(), 1), ("b".into(), 2)])
    );
    let s = |json: &[u8]| signer.unsign_object::<BTreeMap<String, String>>(&load(json));
    assert_eq!(
        s(br#"{"a":"\ud800","a":"ok"}"#).unwrap(),
        BTreeMap::from([("a".into(), "ok".into())])
    );
    assert_eq!(
        s(br#"{"a":"\ud800"}"#).unwrap_err().slug(),
        "unrepresentable-json"
    );
    // latin-1: raw bytes are characters.
    assert_eq!(
        s(b"{\"a\":\"\xc3\xa9\"}").unwrap(),
        BTreeMap::from([("a".into(), "\u{c3}\u{a9}".into())])
    );
    // A list longer than the tuple is an error, one of the tuple's length is not.
    let t = |json: &[u8]| signer.unsign_object::<(i64, i64)>(&load(json));
    assert_eq!(t(b"[1, 2]").unwrap(), (1, 2));
    assert_eq!(t(b"[1,2,3]").unwrap_err().slug(), "type-mismatch");
    // Nesting past the limit is refused even where the type ignores it.
    let mut limits = djsign::Limits::DEFAULT;
    limits.max_json_depth = 3;
    let deep = Signer::builder("typed-loads-key")
        .limits(limits)
        .build()
        .unwrap();
    let tok = deep.sign(&b64(br#"{"a":1,"z":[[[0]]]}"#));
    assert_eq!(
        deep.unsign_object::<One>(&tok).unwrap_err().slug(),
        "unrepresentable-json"
    );
    let tok = deep.sign(&b64(br#"{"a":1,"z":[[0]]}"#));
    assert_eq!(deep.unsign_object::<One>(&tok).unwrap(), One { a: 1 });
}
