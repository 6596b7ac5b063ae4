//! Arbitrary configuration (key, fallback keys, salt, separator, algorithm), a token made by
//! one of the keys, then arbitrary edits to it.
//!
//! Properties:
//! - an invalid separator or empty key is refused by `build`, never later;
//! - the unedited token verifies, gives back exactly what was signed, and expires exactly when
//!   `now - timestamp > max_age` (the float arithmetic Django uses), and NaN or infinite times
//!   or a `now` beyond 2^53 s are refused (`InvalidTime`);
//! - the token fails under another salt, another algorithm, or without the key that made it;
//! - an edited token is accepted only if the edit left it byte-identical, and its rejection
//!   is a forgery error (`is_forgery`), never a post-verification one.
#![no_main]

use arbitrary::Arbitrary;
use djsign::{Error, Signer, TimestampSigner, Value};
use djsign_fuzz::{ArbValue, Mutation, bad_time, equiv, mutate, pick_algorithm};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Payload {
    Plain(String),
    Stamped(String, i64),
    Object(ArbValue, bool, i64),
}

#[derive(Arbitrary, Debug)]
struct Input {
    key: Vec<u8>,
    fallbacks: Vec<Vec<u8>>,
    /// 0: the key signs; i > 0: fallback i - 1 signs (modulo their number).
    signing_key: u8,
    salt: String,
    sep: String,
    algorithm: u8,
    payload: Payload,
    edits: Vec<Mutation>,
    now: f64,
    max_age: Option<f64>,
}

fn build_pair(
    key: &[u8],
    fallbacks: &[Vec<u8>],
    salt: &str,
    sep: &str,
    alg: djsign::Algorithm,
) -> Result<(Signer, TimestampSigner), Error> {
    let s = Signer::builder(key)
        .salt(salt)
        .sep(sep)
        .algorithm(alg)
        .fallback_keys(fallbacks.iter().map(Vec::as_slice))
        .build()?;
    let t = TimestampSigner::builder(key)
        .salt(salt)
        .sep(sep)
        .algorithm(alg)
        .fallback_keys(fallbacks.iter().map(Vec::as_slice))
        .build()?;
    Ok((s, t))
}

fuzz_target!(|input: Input| {
    let Input {
        key,
        mut fallbacks,
        signing_key,
        salt,
        sep,
        algorithm,
        payload,
        edits,
        now,
        max_age,
    } = input;
    fallbacks.truncate(3);
    let alg = pick_algorithm(algorithm);

    // Configuration errors surface at build() and nowhere else.
    let built = build_pair(&key, &fallbacks, &salt, &sep, alg);
    let config_ok = !key.is_empty()
        && fallbacks.iter().all(|k| !k.is_empty())
        && djsign::is_valid_separator(&sep);
    let (verifier, stamp_verifier) = match built {
        Ok(pair) => {
            assert!(config_ok);
            pair
        }
        Err(e) => {
            assert!(!config_ok, "{e:?}");
            assert!(matches!(e, Error::InvalidKey | Error::InvalidSeparator));
            return;
        }
    };

    // The key that signs: the primary, or one fallback.
    let idx = usize::from(signing_key) % (fallbacks.len() + 1);
    let signing: &[u8] = if idx == 0 { &key } else { &fallbacks[idx - 1] };
    let (signer, stamp_signer) = build_pair(signing, &[], &salt, &sep, alg).unwrap();

    // Verifiers that must refuse the token: other salt, other algorithm, without the
    // signing key (only when no other configured key has the same bytes).
    let other_salt = build_pair(&key, &fallbacks, &format!("{}x", salt), &sep, alg).unwrap();
    let other_alg = djsign::Algorithm::ALL
        .iter()
        .copied()
        .find(|a| *a != alg)
        .unwrap();
    let other_alg = build_pair(&key, &fallbacks, &salt, &sep, other_alg).unwrap();
    let without = {
        let mut keys: Vec<Vec<u8>> = std::iter::once(key.clone())
            .chain(fallbacks.iter().cloned())
            .collect();
        keys.retain(|k| k.as_slice() != signing);
        if keys.is_empty() {
            None
        } else {
            Some(build_pair(&keys[0], &keys[1..], &salt, &sep, alg).unwrap())
        }
    };

    match payload {
        Payload::Plain(value) => {
            let token = signer.sign(&value);
            assert_eq!(token, format!("{value}{sep}{}", signer.signature(&value)));
            assert_eq!(verifier.unsign(&token), Ok(value.as_str()));
            assert_eq!(other_salt.0.unsign(&token), Err(Error::BadSignature));
            assert_eq!(other_alg.0.unsign(&token), Err(Error::BadSignature));
            if let Some((w, _)) = &without {
                assert_eq!(w.unsign(&token), Err(Error::BadSignature));
            }
            let edited = mutate(&token, &edits);
            let Ok(edited) = std::str::from_utf8(&edited) else {
                return;
            };
            match verifier.unsign(edited) {
                Ok(v) => {
                    assert_eq!(edited, token, "an edited token was accepted");
                    assert_eq!(v, value);
                }
                Err(e) => {
                    assert_ne!(edited, token);
                    assert!(e.is_forgery(), "{e:?}");
                }
            }
        }
        Payload::Stamped(value, ts) => {
            let token = stamp_signer.sign_at(&value, ts);
            let expect = |t: &str| -> Result<(), Error> {
                let r = stamp_verifier.unsign_at(t, max_age, now);
                if bad_time(now, max_age) {
                    assert_eq!(r, Err(Error::InvalidTime));
                    return Err(Error::InvalidTime);
                }
                let r = r?;
                assert_eq!((r.value, r.timestamp), (value.as_str(), ts));
                Ok(())
            };
            match (expect(&token), max_age) {
                (Ok(()), Some(m)) => assert!(!(now - ts as f64 > m)),
                (Ok(()), None) => {}
                (Err(Error::InvalidTime), _) => return,
                (
                    Err(Error::SignatureExpired {
                        age,
                        max_age: m,
                        timestamp,
                    }),
                    Some(ma),
                ) => {
                    assert_eq!(timestamp, ts);
                    assert_eq!(m.to_bits(), ma.to_bits());
                    assert_eq!(age.to_bits(), (now - ts as f64).to_bits());
                    assert!(age > m);
                }
                (Err(e), _) => panic!("own token refused: {e:?}"),
            }
            // Without an age limit the own token always verifies.
            let ok = stamp_verifier.unsign_at(&token, None, now).unwrap();
            assert_eq!((ok.value, ok.timestamp), (value.as_str(), ts));
            assert_eq!(
                other_salt.1.unsign_at(&token, None, now),
                Err(Error::BadSignature)
            );
            assert_eq!(
                other_alg.1.unsign_at(&token, None, now),
                Err(Error::BadSignature)
            );
            if let Some((_, w)) = &without {
                assert_eq!(w.unsign_at(&token, None, now), Err(Error::BadSignature));
            }
            let edited = mutate(&token, &edits);
            let Ok(edited) = std::str::from_utf8(&edited) else {
                return;
            };
            match stamp_verifier.unsign_at(edited, None, now) {
                Ok(_) => assert_eq!(edited, token, "an edited token was accepted"),
                Err(e) => {
                    assert_ne!(edited, token);
                    assert!(e.is_forgery(), "{e:?}");
                }
            }
        }
        Payload::Object(ArbValue(obj), compress, ts) => {
            let token = stamp_signer.sign_object_at(&obj, compress, ts).unwrap();
            let back = stamp_verifier.unsign_object_value_at(&token, None, now);
            if bad_time(now, None) {
                assert_eq!(back, Err(Error::InvalidTime));
                return;
            }
            let back = back.unwrap();
            assert!(
                equiv(&back.value, &obj),
                "{obj:?} came back as {:?}",
                back.value
            );
            assert_eq!(back.timestamp, ts);
            let plain_token = signer.sign_object(&obj, compress).unwrap();
            let back: Value = verifier.unsign_object_value(&plain_token).unwrap();
            assert!(equiv(&back, &obj));
            assert_eq!(
                other_salt.1.unsign_object_value_at(&token, None, now),
                Err(Error::BadSignature)
            );
            let edited = mutate(&token, &edits);
            let Ok(edited) = std::str::from_utf8(&edited) else {
                return;
            };
            match stamp_verifier.unsign_object_value_at(edited, None, now) {
                Ok(_) => assert_eq!(edited, token, "an edited token was accepted"),
                Err(e) => {
                    assert_ne!(edited, token);
                    assert!(e.is_forgery(), "{e:?}");
                }
            }
        }
    }
});
