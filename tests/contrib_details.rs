//! Details of the contrib layer that no other test looked at, found by mutation testing
//! (audits/mutants.md, "contrib"): the clock forms of the signed cookie, the first matching
//! fallback of the auth hash, the names and `Debug` of the cookie configuration.
#![cfg(feature = "contrib")]
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

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
