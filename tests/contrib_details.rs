//! Details of the contrib layer that no other test looked at, found by mutation testing
//! (audits/mutants.md, "contrib"): the clock forms of the signed cookie, the first matching
//! fallback of the auth hash, the names and `Debug` of the cookie configuration.
#![cfg(feature = "contrib")]
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use djsign::{AcceptedSalts, AuthHashMatch, DjangoVersion, SaltScheme, SecretKey, SignedCookie};

/// Django's `get_user` only asks whether any fallback verifies (`any(...)`); djsign also says
/// which, and that must be the first in the list, whatever matches after it (the selection
/// runs over every key without branching, so this is easy to get wrong).
#[test]
fn auth_hash_reports_the_first_matching_fallback() {
    let key = SecretKey::from_str("current").unwrap();
    let old = SecretKey::from_str("old").unwrap();
    let other = SecretKey::from_str("other").unwrap();
    let password = "pbkdf2_sha256$870000$salt$hash";
    let hash = djsign::get_session_auth_hash(password, &old);
    let fallbacks = [other.clone(), old.clone(), old.clone()];
    assert_eq!(
        djsign::verify_session_auth_hash(&hash, password, &key, &fallbacks),
        AuthHashMatch::Fallback(1)
    );
    let fallbacks = [old.clone(), other.clone(), old];
    assert_eq!(
        djsign::verify_session_auth_hash(&hash, password, &key, &fallbacks),
        AuthHashMatch::Fallback(0)
    );
    assert_eq!(
        djsign::verify_session_auth_hash(&hash, password, &key, &[other]),
        AuthHashMatch::NoMatch
    );
}

#[test]
fn accepted_salts_have_their_documented_names() {
    assert_eq!(AcceptedSalts::V2.name(), "v2");
    assert_eq!(AcceptedSalts::V2WithLegacyFallback.name(), "v2+legacy");
    assert_eq!(AcceptedSalts::LegacyOnly.name(), "legacy");
}

#[test]
fn cookie_builder_debug_names_its_settings() {
    let shown = format!(
        "{:?}",
        SignedCookie::builder("k3y-never-shown", "prefs").salt("theme")
    );
    assert!(shown.starts_with("SignedCookieBuilder"), "{shown}");
    assert!(
        shown.contains("prefs") && shown.contains("theme"),
        "{shown}"
    );
    assert!(!shown.contains("k3y-never-shown"), "{shown}");
}

/// `sign`/`sign_legacy` read the clock: the token they give is the explicit-time token for
/// the timestamp it carries, and verifies with the salt it was meant for.
#[cfg(feature = "std")]
#[test]
fn clock_forms_equal_the_explicit_time_forms() {
    let now = djsign::unix_now();
    for (version, scheme) in [
        (DjangoVersion::V6_1, SaltScheme::V2),
        (DjangoVersion::V4_2, SaltScheme::Legacy),
    ] {
        let cookie = SignedCookie::builder("key", "prefs")
            .django_version(version)
            .build()
            .unwrap();
        let token = cookie.sign("dark");
        let got = cookie.unsign_at(&token, None, now + 5.0).unwrap();
        assert_eq!((got.value, got.scheme), ("dark", scheme));
        assert!((got.timestamp as f64 - now).abs() < 120.0);
        assert_eq!(cookie.sign_at("dark", got.timestamp), token);
    }
    let fallback = SignedCookie::builder("key", "prefs")
        .django_version(DjangoVersion::V5_2)
        .build()
        .unwrap();
    let legacy = fallback.sign_legacy("dark");
    let got = fallback.unsign_at(&legacy, None, now + 5.0).unwrap();
    assert_eq!((got.value, got.scheme), ("dark", SaltScheme::Legacy));
    assert_eq!(fallback.sign_legacy_at("dark", got.timestamp), legacy);
}

#[cfg(feature = "std")]
const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/django-session");

/// The real Django session in `examples/django-session` (made by Django 5.2.19 at
/// 2026-01-01T00:00:00Z; `expected.json` is what Django loaded from it).
#[cfg(feature = "std")]
fn django_session() -> (djsign::SessionStore, djsign::Session, serde_json::Value) {
    let key = SecretKey::from_file(format!("{DIR}/secret_key.txt")).unwrap();
    let store = djsign::SessionStore::new(&key).unwrap();
    let cookie = std::fs::read_to_string(format!("{DIR}/cookie.txt")).unwrap();
    let session = store
        .load_at(cookie.trim_end(), 1_767_225_600.0 + 3600.0)
        .unwrap();
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(format!("{DIR}/expected.json")).unwrap()).unwrap();
    (store, session, expected)
}

#[cfg(feature = "std")]
#[test]
fn session_accessors_read_what_django_stored() {
    let (_, session, expected) = django_session();
    assert_eq!(session.timestamp(), Some(1_767_225_600));
    assert_eq!(session.auth_user_id(), expected["_auth_user_id"].as_str());
    assert_eq!(
        session.auth_user_backend(),
        expected["_auth_user_backend"].as_str()
    );
    assert_eq!(
        session.auth_user_hash(),
        expected["_auth_user_hash"].as_str()
    );
    let map = djsign::Value::Object(session.clone().into_map());
    let ours: serde_json::Value =
        serde_json::from_slice(&djsign::json_dumps(&map, 10).unwrap()).unwrap();
    assert_eq!(ours, expected);
    // A session made in Rust was never loaded: no signing time.
    assert_eq!(djsign::Session::new().timestamp(), None);
}

#[cfg(feature = "std")]
#[test]
fn session_remove_and_insert_serialized_return_what_was_there() {
    let (_, mut session, _) = django_session();
    assert_eq!(session.remove("visits"), Some(djsign::Value::Int(7)));
    assert_eq!(session.remove("visits"), None);
    assert!(session.get("visits").is_none());
    #[derive(serde::Serialize)]
    struct Cart {
        qty: u8,
        sku: &'static str,
    }
    let before = session.get("greeting_name").cloned();
    assert!(before.is_some());
    let old = session
        .insert_serialized("greeting_name", &Cart { qty: 2, sku: "MUG" })
        .unwrap();
    assert_eq!(old, before);
    // Django's JSON (compact separators) of the stored value, field order kept.
    let stored = djsign::json_dumps(session.get("greeting_name").unwrap(), 10).unwrap();
    assert_eq!(stored, br#"{"qty":2,"sku":"MUG"}"#.to_vec());
    assert_eq!(session.insert_serialized("new", &1u8).unwrap(), None);
}

#[cfg(feature = "std")]
#[test]
fn store_settings_and_clock_forms() {
    let store = djsign::SessionStore::builder("k")
        .cookie_age(300)
        .build()
        .unwrap();
    assert_eq!(store.cookie_age(), 300);
    assert_eq!(
        djsign::SessionStore::new("k").unwrap().cookie_age(),
        djsign::DEFAULT_SESSION_COOKIE_AGE
    );
    let v42 = djsign::SessionStore::builder("k")
        .django_version(DjangoVersion::V4_2)
        .build()
        .unwrap();
    assert!(v42.detects_pickle());
    assert!(!store.detects_pickle());

    // save/load read the clock: the cookie is save_at's for the time it carries.
    let mut session = djsign::Session::new();
    session.insert("visits", 1);
    let cookie = store.save(&session).unwrap();
    let loaded = store.load(&cookie).unwrap();
    assert_eq!(loaded.get("visits"), Some(&djsign::Value::Int(1)));
    let ts = loaded.timestamp().unwrap();
    assert_eq!(store.save_at(&session, ts).unwrap(), cookie);
}

/// `SessionExpired` says when the session's own expiry was: the signing time plus
/// `set_expiry(300)`, in seconds.
#[test]
fn session_expired_carries_the_expiry_date() {
    let store = djsign::SessionStore::new("k").unwrap(); // Strict: the session's own expiry counts
    let mut session = djsign::Session::new();
    session.set_expiry(djsign::SetExpiry::Seconds(300)).unwrap();
    let cookie = store.save_at(&session, 1_700_000_000).unwrap();
    assert!(store.load_at(&cookie, 1_700_000_299.0).is_ok());
    assert_eq!(
        store.load_at(&cookie, 1_700_000_300.0).unwrap_err(),
        djsign::Error::SessionExpired {
            expiry: 1_700_000_300.0,
            timestamp: 1_700_000_000
        }
    );
}

/// SPEC.md D11: Django 5.2.19's `get_expiry_age()` hands back `inf`/`nan` as they are (its
/// `get_expiry_date()` raises); djsign refuses them in both.
#[test]
fn expiry_age_refuses_what_is_no_number_of_seconds() {
    for text in ["Infinity", "-Infinity", "NaN"] {
        let json = format!(r#"{{"_session_expiry": {text}}}"#);
        let djsign::Value::Object(map) = djsign::json_loads(json.as_bytes(), 10).unwrap() else {
            panic!()
        };
        let session = djsign::Session::from_map(map);
        assert_eq!(
            session.get_expiry_age(1_700_000_000.0, 1_209_600),
            Err(djsign::Error::MalformedSessionExpiry),
            "{text}"
        );
        assert!(session.get_expiry_date(1_700_000_000.0, 1_209_600).is_err());
    }
}

#[test]
fn json_codecs_have_pythons_names() {
    // the `encoding` argument Django passes to `bytes.decode`
    assert_eq!(djsign::JsonCodec::Latin1.name(), "latin-1");
    assert_eq!(djsign::JsonCodec::Utf8.name(), "utf-8");
}
