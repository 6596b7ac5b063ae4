//! Nesting at the depth limit never needs a deep call stack (issue 14, finding 3).
//!
//! Each test runs on a thread with a 64 KiB stack, in whatever profile `cargo test` uses (debug
//! by default, where frames are largest). At 1000 levels a recursive walk needs hundreds of KiB
//! there, so any walk that recursed per level would overflow and abort the test binary.
//!
//! What is djsign's and bounded here: parsing, `json_dumps`/`sign_object` of a `Value`,
//! `Clone`, `PartialEq`, `Debug` and drop of a `Value`, loading into `Value` (untyped and
//! typed), and the parts of a typed load that skip or hold a subtree (`IgnoredAny`, a `Value`
//! field). What is the caller's: a caller type that itself recurses with the payload; that
//! recursion is bounded by `max_json_depth`, because the parser refuses deeper payloads
//! before the caller's `Deserialize` runs (`caller_recursion_is_bounded_by_the_depth_limit`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::std_instead_of_alloc,
    clippy::std_instead_of_core
)]

use djsign::{
    Error, Limits, List, Map, Signer, TimestampSigner, Value, from_value, json_dumps, json_loads,
    to_value,
};
use serde::Deserialize;

const DEPTH: usize = Limits::DEFAULT.max_json_depth;
const SMALL_STACK: usize = 64 * 1024;

/// Runs `f` on a thread with `stack` bytes of stack and returns its result.
fn on_stack<T: Send + 'static>(stack: usize, f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

/// `depth` nested containers: lists, objects, or alternating, with siblings at every level
/// and a leaf (`bottom`) at the bottom.
fn deep_text(depth: usize, shape: &str, bottom: &str) -> String {
    let mut open = String::new();
    let mut close = Vec::new();
    for level in 0..depth {
        let object = match shape {
            "lists" => false,
            "objects" => true,
            _ => level % 2 == 1,
        };
        if object {
            open.push_str(&format!("{{\"s\":{level},\"k\":"));
            close.push(",\"t\":true}".to_owned());
        } else {
            open.push_str("[\"x\",");
            close.push(",null]".to_owned());
        }
    }
    close.reverse();
    format!("{open}{bottom}{}", close.concat())
}

#[derive(Debug, Deserialize)]
struct Holder {
    s: u32,
    k: Value,
}

#[derive(Debug, Deserialize)]
struct SkipsK {
    s: u32,
}

fn exercise(shape: &'static str) {
    on_stack(SMALL_STACK, move || {
        let text = deep_text(DEPTH, shape, "\"bottom\"");
        let other = deep_text(DEPTH, shape, "\"bottoM\"");
        let v = json_loads(text.as_bytes(), DEPTH).unwrap();
        let w = json_loads(other.as_bytes(), DEPTH).unwrap();

        // dumps, byte for byte (the text is in Django's compact form)
        assert_eq!(json_dumps(&v, DEPTH).unwrap(), text.as_bytes());
        assert_eq!(to_value(&v, DEPTH).unwrap(), v);

        // clone, compare (down to the bottom leaf), Debug
        let c = v.clone();
        assert!(c == v);
        assert!(v != w, "the difference is at the bottom");
        let shown = format!("{v:?}");
        assert!(shown.contains("String(\"bottom\")"), "{}", shown.len());

        // sign and load: untyped, typed into Value, through a caller type holding a deep
        // Value, and through one that skips it (IgnoredAny)
        let signer = Signer::new("deep-key").unwrap();
        for compress in [false, true] {
            let token = signer.sign_object(&v, compress).unwrap();
            assert_eq!(signer.unsign_object_value(&token).unwrap(), v);
            assert_eq!(signer.unsign_object::<Value>(&token).unwrap(), v);
        }
        let stamped = TimestampSigner::new("deep-key").unwrap();
        let token = stamped.sign_object_at(&v, false, 1).unwrap();
        let back = stamped
            .unsign_object_at::<Value>(&token, Some(10.0), 2.0)
            .unwrap();
        assert_eq!(back.value, v);
        assert_eq!(from_value::<Value>(v.clone()).unwrap(), v);
        if shape == "objects" {
            let h: Holder = signer
                .unsign_object(&signer.sign_object(&v, false).unwrap())
                .unwrap();
            assert_eq!(h.s, 0);
            assert_eq!(Some(&h.k), v.get("k"));
            let s: SkipsK = from_value(v.clone()).unwrap();
            assert_eq!(s.s, 0);
        } else {
            // a list: a tuple of (string, deep Value, null), and one that ignores the rest
            let (x, deep, null): (String, Value, Value) = from_value(v.clone()).unwrap();
            assert_eq!((x.as_str(), null), ("x", Value::Null));
            assert_eq!(Some(&deep), v.as_list().map(|l| &l[1]));
        }

        // one level more is refused, reading and writing, without overflowing either
        let deeper = deep_text(DEPTH + 1, shape, "0");
        assert_eq!(
            json_loads(deeper.as_bytes(), DEPTH).unwrap_err().slug(),
            "unrepresentable-json"
        );
        let too_deep = json_loads(deeper.as_bytes(), DEPTH + 1).unwrap();
        assert_eq!(
            json_dumps(&too_deep, DEPTH).unwrap_err().slug(),
            "unserializable"
        );
        assert_eq!(
            signer.sign_object(&too_deep, false).unwrap_err().slug(),
            "unserializable"
        );
        drop((v, w, c, too_deep));
    });
}

#[test]
fn deep_lists_on_a_small_stack() {
    exercise("lists");
}

#[test]
fn deep_objects_on_a_small_stack() {
    exercise("objects");
}

#[test]
fn deep_mixed_on_a_small_stack() {
    exercise("mixed");
}

#[cfg(feature = "contrib")]
#[test]
fn deep_session_on_a_small_stack() {
    on_stack(SMALL_STACK, || {
        let store = djsign::SessionStore::new("deep-key").unwrap();
        let deep = json_loads(deep_text(DEPTH - 1, "mixed", "1").as_bytes(), DEPTH).unwrap();
        let mut session = djsign::Session::new();
        session.insert("deep", deep.clone());
        let cookie = store.save_at(&session, 1_700_000_000).unwrap();
        let back = store.load_at(&cookie, 1_700_000_001.0).unwrap();
        assert_eq!(back.get("deep"), Some(&deep));
        assert_eq!(back.get_as::<Value>("deep").unwrap(), Some(deep));
    });
}

/// Values built by a program can be far deeper than any payload: drop, clone, compare and
/// Debug still need no call stack per level, and writing one refuses it at the limit.
#[test]
fn a_value_deeper_than_any_payload() {
    on_stack(SMALL_STACK, || {
        let build = |leaf: i64| {
            let mut v = Value::Int(leaf);
            for i in 0..200_000 {
                v = if i % 2 == 0 {
                    Value::List(List::from(vec![v]))
                } else {
                    let mut m = Map::new();
                    m.insert("k", v);
                    Value::Object(m)
                };
            }
            v
        };
        let (a, b) = (build(1), build(2));
        let c = a.clone();
        assert!(a == c && a != b);
        let shown = format!("{a:?}");
        assert!(shown.starts_with("Object({\"k\": List([Object({"));
        assert!(shown.contains("List([Int(1)])") && shown.ends_with("])})])})"));
        assert_eq!(json_dumps(&a, 1000).unwrap_err().slug(), "unserializable");
        drop((a, b, c));
    });
}

/// A caller type that recurses with the payload.
#[derive(Debug, Deserialize)]
struct Nest(Vec<Nest>);

impl Nest {
    fn depth(&self) -> usize {
        // iterative, so that measuring does not itself recurse
        let mut d = 0;
        let mut level = vec![self];
        while !level.is_empty() {
            d += 1;
            level = level.iter().flat_map(|n| n.0.iter()).collect();
        }
        d
    }
}

/// The caller's own recursion is the caller's, and it is bounded by `max_json_depth`: a payload
/// deeper than the limit is refused by the (iterative) parser before `Nest::deserialize` runs,
/// so on a 64 KiB stack a 100,000-level payload fails cleanly; at the limit the recursion runs
/// on a stack sized for it (`STACK_PER_CALLER_LEVEL` a level, measured for this type in debug:
/// see audits/threat-model.md).
#[test]
fn caller_recursion_is_bounded_by_the_depth_limit() {
    const STACK_PER_CALLER_LEVEL: usize = 4 * 1024;
    let mut limits = Limits::DEFAULT;
    limits.max_json_depth = 32;
    let limited = Signer::builder("deep-key").limits(limits).build().unwrap();
    let default = Signer::new("deep-key").unwrap();
    let mut unlimited = Limits::DEFAULT;
    unlimited.max_json_depth = usize::MAX;
    let maker = Signer::builder("deep-key")
        .limits(unlimited)
        .build()
        .unwrap();
    let nest = |n: usize| {
        let v = json_loads(format!("{}{}", "[".repeat(n), "]".repeat(n)).as_bytes(), n).unwrap();
        maker.sign_object(&v, false).unwrap()
    };

    let deep = nest(100_000);
    let signer = limited.clone();
    let err = on_stack(SMALL_STACK, move || {
        signer.unsign_object::<Nest>(&deep).unwrap_err()
    });
    assert!(matches!(err, Error::UnrepresentableJson { .. }), "{err:?}");

    for (signer, depth) in [(limited, 32), (default, DEPTH)] {
        let token = nest(depth);
        let stack = SMALL_STACK + depth * STACK_PER_CALLER_LEVEL;
        let ok = on_stack(stack, move || signer.unsign_object::<Nest>(&token).unwrap());
        assert_eq!(ok.depth(), depth);
    }
}
