//! No public type that holds a key prints it: `Debug` (plain and pretty) of every signer,
//! store and builder, and every error's `Display`, are searched for the key.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

const KEY: &str = "Sup3r-Secret-Key-Material";
const OLD: &str = "0ld-Fallback-Key-Material";

fn assert_clean(what: &str, shown: &str) {
    for secret in [KEY, OLD, "Secret-Key", "Fallback-Key"] {
        assert!(
            !shown.contains(secret),
            "{what} shows key material: {shown}"
        );
    }
    // the bytes as a Rust byte list, e.g. [83, 117, 112, ...]
    let bytes = format!("{:?}", &KEY.as_bytes()[..4]);
    let inner = bytes.trim_matches(|c| c == '[' || c == ']');
    assert!(!shown.contains(inner), "{what} shows key bytes: {shown}");
}

fn check<T: core::fmt::Debug>(what: &str, value: &T) {
    assert_clean(what, &format!("{value:?}"));
    assert_clean(what, &format!("{value:#?}"));
}

#[test]
fn debug_never_shows_keys() {
    check("SecretKey", &djsign::SecretKey::from_str(KEY).unwrap());
    check(
        "SignerBuilder",
        &djsign::Signer::builder(KEY).fallback_key(OLD),
    );
    check(
        "Signer",
        &djsign::Signer::builder(KEY)
            .fallback_key(OLD)
            .build()
            .unwrap(),
    );
    check(
        "TimestampSigner",
        &djsign::TimestampSigner::builder(KEY)
            .fallback_key(OLD)
            .build()
            .unwrap(),
    );
    check(
        "MacOutput",
        &djsign::salted_hmac(b"s", b"v", KEY.as_bytes(), djsign::Algorithm::Sha256),
    );
    #[cfg(feature = "contrib")]
    {
        check(
            "SessionStoreBuilder",
            &djsign::SessionStore::builder(KEY).fallback_key(OLD),
        );
        check(
            "SessionStore",
            &djsign::SessionStore::builder(KEY)
                .fallback_key(OLD)
                .build()
                .unwrap(),
        );
        check(
            "SignedCookieBuilder",
            &djsign::SignedCookie::builder(KEY, "c").fallback_key(OLD),
        );
        check(
            "SignedCookie",
            &djsign::SignedCookie::builder(KEY, "c")
                .fallback_key(OLD)
                .build()
                .unwrap(),
        );
    }
}

#[test]
fn errors_never_show_keys_or_expected_signatures() {
    let signer = djsign::Signer::new(KEY).unwrap();
    let good = signer.sign("value");
    let expected_sig = good.rsplit_once(':').unwrap().1.to_string();
    let forged = format!("value:{}", "A".repeat(43));
    let e = signer.unsign(&forged).unwrap_err();
    for shown in [e.to_string(), format!("{e:?}")] {
        assert_clean("BadSignature", &shown);
        assert!(
            !shown.contains(&expected_sig),
            "the expected signature leaks: {shown}"
        );
    }
}
