//! Django's signed cookies (`SignedCookie`, `src/http/cookies.rs`): arbitrary secret key and
//! fallback keys (rotation: any of them may have signed), cookie name, salt, value, signing
//! time, salt scheme (v2 or legacy), reader settings, time of reading and edits.
//!
//! Properties:
//! - the cookie equals Django's, restated independently: `value:b62(ts):b64(HMAC)` with
//!   `salted_hmac(salt + "signer", ..., b"django.http.cookies" + key)` on the RustCrypto crates,
//!   salt `django.http.cookies.v2:{len(salt) in code points}:{salt}{name}` or `name + salt`
//!   (an empty legacy salt being Signer's class default, as in Django);
//! - a reader holding the signing key (as key or fallback) accepts it with the scheme that
//!   signed it; a legacy cookie only when the legacy fallback is on; expiry exactly when
//!   `now - ts > max_age`; bad times are `InvalidTime`; a reader without the key refuses;
//! - the legacy salt collides as Django's does: moving the salt's first character to the end
//!   of the name gives a pair whose reader (fallback on) accepts a legacy cookie as legacy,
//!   and never a v2 cookie;
//! - an edited cookie is accepted only if byte-identical, and refused as a forgery.
#![no_main]

use arbitrary::Arbitrary;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use djsign::{Error, SaltScheme, SignedCookie, b62_encode};
use djsign_fuzz::{Mutation, bad_time, mutate, salted_hmac_sha256};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    key: Vec<u8>,
    fallbacks: Vec<Vec<u8>>,
    /// 0: the key signed; i > 0: fallback i - 1 did (a cookie from before a rotation).
    signing_key: u8,
    name: String,
    salt: String,
    value: String,
    timestamp: i64,
    legacy: bool,
    reader_legacy_fallback: bool,
    now: f64,
    max_age: Option<f64>,
    edits: Vec<Mutation>,
}

fn reader(
    key: &[u8],
    fallbacks: &[Vec<u8>],
    name: &str,
    salt: &str,
    legacy_fallback: bool,
) -> SignedCookie {
    fallbacks
        .iter()
        .fold(SignedCookie::builder(key, name), |b, k| {
            b.fallback_key(k.as_slice())
        })
        .salt(salt)
        .legacy_salt_fallback(legacy_fallback)
        .build()
        .unwrap()
}

fuzz_target!(|input: Input| {
    let Input {
        key,
        mut fallbacks,
        signing_key,
        name,
        salt,
        value,
        timestamp: ts,
        legacy,
        reader_legacy_fallback,
        now,
        max_age,
        edits,
    } = input;
    fallbacks.truncate(3);
    let keys_ok = !key.is_empty() && fallbacks.iter().all(|k| !k.is_empty());
    let built = fallbacks
        .iter()
        .fold(SignedCookie::builder(key.as_slice(), &name), |b, k| {
            b.fallback_key(k.as_slice())
        })
        .salt(&salt)
        .legacy_salt_fallback(reader_legacy_fallback)
        .build();
    let cookie_reader = match built {
        Ok(r) => {
            assert!(keys_ok);
            r
        }
        Err(e) => {
            assert!(!keys_ok && e == Error::InvalidKey, "{e:?}");
            return;
        }
    };
    let idx = usize::from(signing_key) % (fallbacks.len() + 1);
    let signing: &[u8] = if idx == 0 { &key } else { &fallbacks[idx - 1] };
    let signer = reader(signing, &[], &name, &salt, true);

    // The cookie, and Django's restated.
    let cookie = if legacy {
        signer.sign_legacy_at(&value, ts)
    } else {
        signer.sign_at(&value, ts)
    };
    let cookie_salt = if legacy {
        format!("{name}{salt}")
    } else {
        format!(
            "django.http.cookies.v2:{}:{salt}{name}",
            salt.chars().count()
        )
    };
    // Django's Signer: `salt or "django.core.signing.TimestampSigner"`, so an empty legacy salt
    // (empty name and salt) is the class default.
    let cookie_salt = if cookie_salt.is_empty() {
        "django.core.signing.TimestampSigner".to_owned()
    } else {
        cookie_salt
    };
    let signed = format!("{value}:{}", b62_encode(ts));
    let secret = [&b"django.http.cookies"[..], signing].concat();
    let mac = salted_hmac_sha256(
        format!("{cookie_salt}signer").as_bytes(),
        signed.as_bytes(),
        &secret,
    );
    assert_eq!(cookie, format!("{signed}:{}", URL_SAFE_NO_PAD.encode(mac)));

    // Reading it back.
    let scheme = if legacy {
        SaltScheme::Legacy
    } else {
        SaltScheme::V2
    };
    let got = cookie_reader.unsign_at(&cookie, max_age, now);
    if bad_time(now, max_age) {
        assert_eq!(got, Err(Error::InvalidTime));
        return;
    }
    if legacy && !reader_legacy_fallback {
        assert_eq!(got, Err(Error::BadSignature));
    } else {
        match (got, max_age) {
            (Err(Error::SignatureExpired { age, timestamp, .. }), Some(m)) => {
                assert_eq!(timestamp, ts);
                assert_eq!(age.to_bits(), (now - ts as f64).to_bits());
                assert!(age > m);
            }
            (Ok(v), m) => {
                assert_eq!(
                    (v.value, v.timestamp, v.scheme),
                    (value.as_str(), ts, scheme)
                );
                if let Some(m) = m {
                    assert!(!(now - ts as f64 > m), "{} > {m} accepted", now - ts as f64);
                }
            }
            (other, _) => panic!("own cookie gave {other:?}"),
        }
    }

    // A reader without the signing key.
    let mut others: Vec<Vec<u8>> = std::iter::once(key.clone())
        .chain(fallbacks.iter().cloned())
        .collect();
    others.retain(|k| k.as_slice() != signing);
    if let Some((first, rest)) = others.split_first() {
        let without = reader(first, rest, &name, &salt, true);
        assert_eq!(
            without.unsign_at(&cookie, None, now),
            Err(Error::BadSignature)
        );
    }

    // The legacy salts of ("ab", "c") and ("a", "bc") are one: Django's collision.
    if let Some(first) = salt.chars().next() {
        let other_name = format!("{name}{first}");
        let other_salt = &salt[first.len_utf8()..];
        let collider = reader(&key, &fallbacks, &other_name, other_salt, true);
        let r = collider.unsign_at(&cookie, None, now);
        if legacy {
            assert_eq!(r.map(|v| v.scheme), Ok(SaltScheme::Legacy));
        } else {
            assert_eq!(r, Err(Error::BadSignature));
        }
    }

    // Edits.
    let edited = mutate(&cookie, &edits);
    let Ok(edited) = std::str::from_utf8(&edited) else {
        return;
    };
    let lenient = reader(&key, &fallbacks, &name, &salt, true);
    match lenient.unsign_at(edited, None, now) {
        Ok(_) => assert_eq!(edited, cookie, "an edited cookie was accepted"),
        Err(e) => {
            assert_ne!(edited, cookie);
            assert!(e.is_forgery(), "{e:?}");
        }
    }
});
