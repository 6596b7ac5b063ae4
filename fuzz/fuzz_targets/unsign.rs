//! Arbitrary bytes as a token, through every verifying entry point of fixed signers.
//!
//! Properties: nothing panics; a token is accepted only if signing the value it yields (under
//! one of the signer's keys, at the timestamp it yields) gives back exactly the same token,
//! i.e. the acceptance set is the set of tokens the keys made; an error after verification
//! (timestamp, payload) can only happen for such a token.
#![no_main]

use djsign::{Algorithm, Error, Signer, TimestampSigner};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

const KEY: &str = "djsign-fuzz-key";
const OLD: [&str; 2] = ["djsign-fuzz-old-1", "djsign-fuzz-old-2"];

struct Fixture {
    /// (verifier, one signer per key it accepts)
    plain: Vec<(Signer, Vec<Signer>)>,
    stamped: Vec<(TimestampSigner, Vec<Signer>)>,
}

fn setup() -> Fixture {
    let configs: [(&str, &str, Algorithm, bool); 3] = [
        ("", ":", Algorithm::Sha256, false),
        ("django.core.signing", ":", Algorithm::Sha256, true),
        ("fuzz-salt", "/.", Algorithm::Sha512, true),
    ];
    let mut plain = Vec::new();
    let mut stamped = Vec::new();
    for (salt, sep, alg, fallbacks) in configs {
        let olds: &[&str] = if fallbacks { &OLD } else { &[] };
        let keys: Vec<&str> = std::iter::once(KEY).chain(olds.iter().copied()).collect();
        let v = Signer::builder(KEY)
            .salt(salt)
            .sep(sep)
            .algorithm(alg)
            .fallback_keys(olds.iter().copied())
            .build()
            .unwrap();
        let signers = keys
            .iter()
            .map(|k| {
                Signer::builder(*k)
                    .salt(salt)
                    .sep(sep)
                    .algorithm(alg)
                    .build()
                    .unwrap()
            })
            .collect();
        plain.push((v, signers));
        let v = TimestampSigner::builder(KEY)
            .salt(salt)
            .sep(sep)
            .algorithm(alg)
            .fallback_keys(olds.iter().copied())
            .build()
            .unwrap();
        // A TimestampSigner token is a Signer token over `value + sep + b62(ts)` with the
        // TimestampSigner's (resolved) salt.
        let signers = keys
            .iter()
            .map(|k| {
                Signer::builder(*k)
                    .salt(v.salt())
                    .sep(sep)
                    .algorithm(alg)
                    .build()
                    .unwrap()
            })
            .collect();
        stamped.push((v, signers));
    }
    Fixture { plain, stamped }
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(setup);

/// Errors that may only be reported for a token whose signature verified.
fn after_verification(e: &Error) -> bool {
    !e.is_forgery()
}

fuzz_target!(|data: &[u8]| {
    let token = String::from_utf8_lossy(data);
    let token: &str = &token;
    let fx = &*FIXTURE;

    for (v, signers) in &fx.plain {
        match v.unsign(token) {
            Ok(value) => assert!(
                signers.iter().any(|s| s.sign(value) == token),
                "accepted a token no key made: {token:?}"
            ),
            Err(e) => assert!(e.is_forgery(), "unexpected error {e:?}"),
        }
        match v.unsign_object_value(token) {
            Ok(_) => assert!(v.unsign(token).is_ok()),
            Err(e) if after_verification(&e) => assert!(v.unsign(token).is_ok(), "{e:?}"),
            Err(_) => {}
        }
    }

    for (v, signers) in &fx.stamped {
        let accepted = match v.unsign_at(token, None, 1_700_000_000.0) {
            Ok(ok) => {
                // Django's b62 decoder takes non-canonical text ("00", "-0", "-"), so compare
                // with a plain signer over the exact stamped text, and check the parts.
                let (stamped_text, _sig) = token.rsplit_once(v.sep()).unwrap();
                assert!(
                    signers.iter().any(|s| s.sign(stamped_text) == token),
                    "accepted a token no key made: {token:?}"
                );
                let (value, ts_text) = stamped_text.rsplit_once(v.sep()).unwrap();
                assert_eq!(value, ok.value);
                assert_eq!(djsign::b62_decode(ts_text), Ok(ok.timestamp));
                true
            }
            Err(e) => {
                assert!(
                    e.is_forgery()
                        || matches!(e, Error::MissingTimestamp | Error::MalformedTimestamp),
                    "unexpected error {e:?}"
                );
                !e.is_forgery()
            }
        };
        // With an age limit: the same verification, then only the expiry can differ.
        match v.unsign_at(token, Some(60.0), 1_700_000_000.0) {
            Ok(ok) => {
                assert!(accepted);
                assert!(1_700_000_000.0 - ok.timestamp as f64 <= 60.0);
            }
            Err(Error::SignatureExpired { age, max_age, .. }) => {
                assert!(accepted);
                assert!(age > max_age);
            }
            Err(e) => assert_eq!(e.is_forgery(), !accepted, "{e:?}"),
        }
        match v.unsign_object_value_at(token, Some(1e9), 1_700_000_000.0) {
            Ok(_) => assert!(accepted),
            Err(e) => {
                if after_verification(&e) {
                    assert!(accepted, "{e:?} on an unverified token");
                }
            }
        }
    }
});
