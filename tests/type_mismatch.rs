//! `Error::TypeMismatch` never carries payload text, nor text the caller's type produced:
//! only fixed phrases, the kind of value found and its position (issue 14, finding 2).
//!
//! Every case signs a payload holding the marker `hunter2` (as keys, strings, variant names,
//! numbers) and loads it, through the public API, into a type that refuses it: serde's
//! derived messages would quote the payload (``unknown field `password=hunter2` ``), and the
//! caller types here quote it on purpose (`custom` messages, `expecting` text). The message
//! must still say what went wrong and where.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::std_instead_of_alloc,
    clippy::std_instead_of_core
)]

use std::collections::BTreeMap;
use std::fmt;

use djsign::{Error, Signer, TimestampSigner, from_value, json_loads};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// Text that must never appear in a message: from the payload, or from the caller's type.
const SECRETS: &[&str] = &[
    "hunter2",
    "CALLER-TEXT",
    "987654321",
    "4.75",
    "caller_field",
];

fn assert_clean(case: &str, err: &Error) {
    assert_eq!(err.slug(), "type-mismatch", "{case}: {err:?}");
    let Error::TypeMismatch { message } = err else {
        panic!("{case}: {err:?}");
    };
    for shown in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
        for secret in SECRETS {
            assert!(
                !shown.contains(secret),
                "{case}: {secret:?} leaks into the message: {shown}"
            );
        }
    }
    // Still useful: a position in the payload.
    assert!(message.contains("$"), "{case}: no position in {message:?}");
}

/// Signs `json` as a payload and loads it as `T` through every typed entry point.
fn load_all<T: de::DeserializeOwned + fmt::Debug>(case: &str, json: &str) -> Error {
    let value = json_loads(json.as_bytes(), 1000).unwrap();
    let signer = Signer::new("type-mismatch-key").unwrap();
    let token = signer.sign_object(&value, false).unwrap();
    let e1 = signer.unsign_object::<T>(&token).unwrap_err();
    assert_clean(case, &e1);

    let stamped = TimestampSigner::new("type-mismatch-key").unwrap();
    let token = stamped
        .sign_object_at(&value, false, 1_700_000_000)
        .unwrap();
    let e2 = stamped
        .unsign_object_at::<T>(&token, None, 1_700_000_000.0)
        .unwrap_err();
    assert_clean(case, &e2);

    let token = djsign::dumps_at(&value, b"k", djsign::DUMPS_SALT, false, 7).unwrap();
    let e3 = djsign::loads_at::<T>(&token, b"k", djsign::DUMPS_SALT, None, 7.0).unwrap_err();
    assert_clean(case, &e3);

    let e4 = from_value::<T>(value.clone()).unwrap_err();
    assert_clean(case, &e4);

    #[cfg(feature = "contrib")]
    {
        let mut session = djsign::Session::new();
        session.insert("k", value);
        let e5 = session.get_as::<T>("k").unwrap_err();
        assert_clean(case, &e5);
    }
    assert_eq!(e1, e4, "{case}: the entry points disagree");
    e1
}

fn message(e: &Error) -> &str {
    match e {
        Error::TypeMismatch { message } => message,
        other => panic!("{other:?}"),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Strict {
    user: u32,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
enum Choice {
    Plain,
    Holder(u8),
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type")]
#[allow(dead_code)]
enum Tagged {
    Login { user: u32 },
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Either {
    Number(u32),
    Flag(bool),
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct NeedsField {
    caller_field_marker: u32,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Flattened {
    id: u32,
    #[serde(flatten)]
    rest: BTreeMap<String, u8>,
}

/// A caller type whose error quotes the input, as hand-written impls often do.
#[derive(Debug)]
struct Echo;

impl<'de> Deserialize<'de> for Echo {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Err(de::Error::custom(format!("CALLER-TEXT: bad value {s:?}")))
    }
}

/// A caller type whose `expecting` text is its own (and quotes a marker).
#[derive(Debug)]
struct Expecting;

impl<'de> Deserialize<'de> for Expecting {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Expecting;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("CALLER-TEXT expecting description")
            }
        }
        d.deserialize_any(V)
    }
}

#[test]
fn unknown_field_names_are_withheld() {
    let e = load_all::<Strict>("unknown field", r#"{"user":1,"password=hunter2":"x"}"#);
    assert_eq!(
        message(&e),
        "unknown field, at the key of ${1}",
        "the message names the entry, not its key"
    );
}

#[test]
fn unknown_variant_names_are_withheld() {
    let e = load_all::<Choice>("unit variant", r#""hunter2-variant""#);
    assert!(message(&e).starts_with("unknown enum variant"), "{e}");
    load_all::<Choice>("tagged object", r#"{"hunter2-variant":1}"#);
    load_all::<Vec<Choice>>("in a list", r#"["Plain",{"Holder":1},"hunter2"]"#);
    load_all::<Tagged>("internal tag", r#"{"type":"hunter2","user":1}"#);
}

#[test]
fn values_are_described_by_kind_only() {
    let e = load_all::<Vec<u32>>("string for int", r#"[1,"hunter2"]"#);
    assert_eq!(
        message(&e),
        "invalid type: a string, not what the type expects, at $[1]"
    );
    let e = load_all::<BTreeMap<String, u8>>("int out of range", r#"{"a":987654321}"#);
    assert_eq!(
        message(&e),
        "invalid value: an integer the type does not accept, at ${0}"
    );
    load_all::<u32>("float", "4.75");
    load_all::<char>("long string for a char", r#""hunter2""#);
    load_all::<bool>("object", r#"{"hunter2":1}"#);
    load_all::<Choice>("content", r#"{"Holder":"hunter2"}"#);
    load_all::<(u8, u8)>("length", r#"[1,2,"hunter2"]"#);
}

#[test]
fn caller_text_is_withheld() {
    let e = load_all::<Echo>("custom message", r#""hunter2""#);
    assert!(message(&e).contains("withheld"), "{e}");
    load_all::<Vec<Echo>>("custom message in a list", r#"["hunter2"]"#);
    load_all::<Expecting>("expecting text", r#""hunter2""#);
    load_all::<NeedsField>("missing field", r#"{"hunter2":1}"#);
    load_all::<Either>("untagged", r#""hunter2""#);
    load_all::<Flattened>("flatten", r#"{"id":1,"hunter2":"hunter2"}"#);
}

/// A recursive caller type: lists all the way down.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Nest(Vec<Nest>);

#[test]
fn deep_paths_are_shortened() {
    let depth = 200;
    let json = format!("{}\"hunter2\"{}", "[".repeat(depth), "]".repeat(depth));
    let e = load_all::<Nest>("deep", &json);
    // 200 steps of `[0]`: the first and last 16 are shown, the middle counted.
    assert_eq!(
        message(&e),
        format!(
            "invalid type: a string, not what the type expects, at ${}...(168 more)...{}",
            "[0]".repeat(16),
            "[0]".repeat(16)
        )
    );
}

/// A nested list of lists (`N(Vec<N>)`), `depth` deep, with a number where the innermost list
/// belongs: the error's path has `depth` segments, `[0]` each.
fn deep_mismatch(depth: usize) -> String {
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct N(Vec<N>);
    let json = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let value = json_loads(json.as_bytes(), 1000).unwrap();
    let Error::TypeMismatch { message } = from_value::<N>(value).unwrap_err() else {
        panic!("not a type mismatch");
    };
    message
}

/// Paths of up to 32 segments are shown whole; longer ones keep the outer 16 and the inner
/// 16 around `...(N more)...`, so a message stays short whatever the depth.
#[test]
fn long_paths_are_cut_in_the_middle() {
    let whole = deep_mismatch(32);
    assert!(
        whole.ends_with(&format!(", at ${}", "[0]".repeat(32))),
        "{whole}"
    );
    assert!(!whole.contains("more"), "{whole}");
    for (depth, hidden) in [(33, 1), (34, 2), (100, 68)] {
        let cut = deep_mismatch(depth);
        let marker = format!("...({hidden} more)...");
        assert!(cut.contains(&marker), "{depth}: {cut}");
        let (outer, inner) = cut.split_once(&marker).unwrap();
        assert!(
            outer.ends_with(&format!("${}", "[0]".repeat(16))),
            "{depth}: {cut}"
        );
        assert!(
            !outer.ends_with(&format!("${}", "[0]".repeat(17))),
            "{depth}: {cut}"
        );
        assert_eq!(inner, "[0]".repeat(16), "{depth}: {cut}");
    }
}

/// An externally tagged enum is a string or an object of exactly one entry (serde's
/// convention): an object with a second entry is refused, not read by its first.
#[test]
fn an_enum_is_one_entry_not_the_first_of_several() {
    #[derive(Deserialize, Debug, PartialEq)]
    enum E {
        A(u8),
        B(u8),
    }
    let one = json_loads(br#"{"A": 1}"#, 10).unwrap();
    assert_eq!(from_value::<E>(one).unwrap(), E::A(1));
    for json in [&br#"{"A": 1, "B": 2}"#[..], br#"{}"#] {
        let err = from_value::<E>(json_loads(json, 10).unwrap()).unwrap_err();
        assert_eq!(err.slug(), "type-mismatch", "{err:?}");
    }
}
