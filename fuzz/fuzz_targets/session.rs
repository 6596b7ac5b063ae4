//! The contrib layer (feature `contrib`): `DateTime::parse_iso` on arbitrary text, and signed
//! session cookies carrying an arbitrary `_session_expiry` loaded at an arbitrary time under
//! every expiry policy.
//!
//! Properties: nothing panics; a parsed datetime prints (`to_iso`) to text that parses back to
//! the same datetime; a session saved by the store loads back with the same data whenever it
//! loads; Strict accepts only what both Django and DjangoDev accept; an edited cookie fails
//! with a forgery error.
#![no_main]

use arbitrary::Arbitrary;
use djsign::{DateTime, ExpiryPolicy, Map, Session, SessionStore, Value};
use djsign_fuzz::{ArbValue, Mutation, equiv, mutate};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Expiry {
    Absent,
    Text(String),
    Int(i64),
    Float(f64),
    Other(ArbValue),
}

#[derive(Arbitrary, Debug)]
struct Input {
    iso: String,
    expiry: Expiry,
    extra: Vec<(String, ArbValue)>,
    timestamp: i64,
    now: f64,
    cookie_age: i64,
    naive_offset: i32,
    edits: Vec<Mutation>,
}

fuzz_target!(|input: Input| {
    if let Ok(dt) = DateTime::parse_iso(&input.iso) {
        let text = dt.to_iso();
        assert_eq!(
            DateTime::parse_iso(&text),
            Ok(dt),
            "{:?} -> {text:?}",
            input.iso
        );
    }

    let mut data = Map::new();
    for (k, ArbValue(v)) in input.extra.into_iter().take(4) {
        data.insert(k, v);
    }
    match input.expiry {
        Expiry::Absent => {}
        Expiry::Text(s) => {
            data.insert("_session_expiry", s);
        }
        Expiry::Int(i) => {
            data.insert("_session_expiry", i);
        }
        Expiry::Float(f) => {
            data.insert("_session_expiry", f);
        }
        Expiry::Other(ArbValue(v)) => {
            data.insert("_session_expiry", v);
        }
    }
    let session = Session::from_map(data.clone());
    let mut results = Vec::new();
    for policy in [
        ExpiryPolicy::Strict,
        ExpiryPolicy::Django,
        ExpiryPolicy::DjangoDev,
    ] {
        let Ok(store) = SessionStore::builder("session-fuzz-key")
            .cookie_age(input.cookie_age)
            .expiry_policy(policy)
            .naive_utc_offset(input.naive_offset)
            .build()
        else {
            return;
        };
        let Ok(cookie) = store.save_at(&session, input.timestamp) else {
            return;
        };
        let loaded = store.load_at(&cookie, input.now);
        if let Ok(s) = &loaded {
            assert!(equiv(
                &Value::Object(s.data().clone()),
                &Value::Object(data.clone())
            ));
            assert_eq!(s.timestamp(), Some(input.timestamp));
        }
        results.push(loaded.is_ok());
        let edited = mutate(&cookie, &input.edits);
        if let Ok(edited) = std::str::from_utf8(&edited) {
            if edited != cookie {
                let e = store.load_at(edited, input.now).map(|_| ()).unwrap_err();
                assert!(
                    e.is_forgery() || matches!(e, djsign::Error::InvalidTime),
                    "{e:?}"
                );
            }
        }
    }
    if let [strict, django, dev] = results[..] {
        assert_eq!(
            strict,
            django && dev,
            "strict={strict} django={django} dev={dev}"
        );
    }
});
