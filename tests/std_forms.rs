//! The `SystemTime`/`Duration` forms, `Session: Serialize` and the key sources, judged by the
//! real Django session in `examples/django-session` (made by Django 5.2.19 at
//! 2026-01-01T00:00:00Z, loaded by Django an hour later into `expected.json`).
#![cfg(all(feature = "std", feature = "contrib"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::std_instead_of_core
)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use djsign::{SecretKey, SessionStore, SetExpiry, SignedCookie, TimestampSigner};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/django-session");
const SAVED_AT: u64 = 1_767_225_600;

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

fn cookie() -> String {
    std::fs::read_to_string(format!("{DIR}/cookie.txt"))
        .unwrap()
        .trim_end()
        .to_owned()
}

#[test]
fn key_file_newline_is_stripped_and_the_django_cookie_round_trips() {
    // secret_key.txt ends with a newline that is not part of Django's key.
    let raw = std::fs::read(format!("{DIR}/secret_key.txt")).unwrap();
    assert_eq!(raw.last(), Some(&b'\n'));
    let key = SecretKey::from_file(format!("{DIR}/secret_key.txt")).unwrap();
    let store = SessionStore::new(&key).unwrap();
    let session = store.load_at_time(&cookie(), at(SAVED_AT + 3600)).unwrap();

    // Session: Serialize gives the dict Django loaded.
    let django: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{DIR}/expected.json")).unwrap())
            .unwrap();
    assert_eq!(serde_json::to_value(&session).unwrap(), django);

    // Saving at Django's time gives Django's cookie, byte for byte (sub-second part dropped
    // as int(time.time()) drops it).
    let saved = store
        .save_at_time(&session, at(SAVED_AT) + Duration::from_millis(999))
        .unwrap();
    assert_eq!(saved, cookie());

    // The cookie age as a Duration: two weeks and one second later it is expired.
    let expired = store.load_at_time(&cookie(), at(SAVED_AT + 1_209_601));
    assert_eq!(expired.unwrap_err().slug(), "expired");
}

#[test]
fn fallback_list_from_file_skips_blank_lines_and_verifies() {
    let key = std::fs::read(format!("{DIR}/secret_key.txt")).unwrap();
    let dir = std::env::temp_dir().join(format!("djsign-fallbacks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("fallbacks");
    let mut content = b"\nsome-retired-key\r\n\n".to_vec();
    content.extend_from_slice(&key); // the Django key, with its own "\n"
    std::fs::write(&path, &content).unwrap();
    let fallbacks = SecretKey::list_from_file(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(fallbacks.len(), 2);

    let mut builder = SessionStore::builder("the-new-key");
    for k in &fallbacks {
        builder = builder.fallback_key(k);
    }
    let store = builder.build().unwrap();
    assert!(store.load_at_time(&cookie(), at(SAVED_AT + 3600)).is_ok());
    assert!(SecretKey::list_from_file(std::env::temp_dir().join("djsign-no-such-file")).is_err());
}

#[test]
fn env_keys_are_verbatim_and_unset_fallbacks_are_none() {
    // Cargo sets CARGO_PKG_NAME for the tests it runs.
    let key = SecretKey::from_env("CARGO_PKG_NAME").unwrap();
    assert_eq!(key.expose_secret(), b"djsign");
    assert_eq!(
        SecretKey::from_env("DJSIGN_TEST_SURELY_UNSET")
            .unwrap_err()
            .kind(),
        std::io::ErrorKind::NotFound
    );
    assert!(
        SecretKey::list_from_env("DJSIGN_TEST_SURELY_UNSET")
            .unwrap()
            .is_empty()
    );
    assert_eq!(SecretKey::list_from_env("CARGO_PKG_NAME").unwrap().len(), 1);
}

#[test]
fn durations_and_system_times_match_the_float_forms() {
    // Django: TimestampSigner(key="predictable-secret").sign("hello") at 1_700_000_000.
    let signer = TimestampSigner::new("predictable-secret").unwrap();
    let t = at(1_700_000_000) + Duration::from_millis(700);
    let token = signer.sign_at_time("hello", t);
    assert_eq!(token, signer.sign_at("hello", 1_700_000_000));
    let age = Some(Duration::from_secs(60));
    assert!(
        signer
            .unsign_at_time(&token, age, at(1_700_000_060))
            .is_ok()
    );
    let late = signer.unsign_at_time(&token, age, at(1_700_000_060) + Duration::from_millis(1));
    assert_eq!(late.unwrap_err().slug(), "expired");

    let cookie = SignedCookie::new("predictable-secret", "c").unwrap();
    let value = cookie.sign_at_time("v", t);
    let read = cookie
        .unsign_at_time(&value, None, at(1_700_000_001))
        .unwrap();
    assert_eq!((read.value, read.timestamp), ("v", 1_700_000_000));
}

#[test]
fn set_expiry_forms_write_what_python_isoformat_writes() {
    // Python: datetime.fromtimestamp(1767225600.5, timezone.utc).isoformat()
    let mut s = djsign::Session::new();
    s.set_expiry(SetExpiry::at_time(at(SAVED_AT) + Duration::from_millis(500)).unwrap())
        .unwrap();
    assert_eq!(
        s.get("_session_expiry").unwrap().as_str(),
        Some("2026-01-01T00:00:00.500000+00:00")
    );
    // Python: (datetime.fromtimestamp(1767225600.25, timezone.utc) + timedelta(seconds=300)).isoformat()
    s.set_expiry(SetExpiry::after(
        Duration::from_secs(300),
        at(SAVED_AT) + Duration::from_millis(250),
    ))
    .unwrap();
    assert_eq!(
        s.get("_session_expiry").unwrap().as_str(),
        Some("2026-01-01T00:05:00.250000+00:00")
    );
}
