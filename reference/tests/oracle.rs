//! libcrux (HACL*-derived, machine-checked) as the oracle of every MAC djsign computes:
//! `salted_hmac` and each signer's signature equal HMAC computed by libcrux, for SHA-224,
//! SHA-256, SHA-384 and SHA-512, on arbitrary keys, salts and messages.
//!
//! `libcrux-hmac` offers HMAC-SHA-256/384/512; for SHA-224 the oracle is RFC 2104 over
//! libcrux's SHA-224 (`djsign_reference::mac::hmac`), and that composition is itself checked
//! against `libcrux-hmac` on the other three.

use djsign::{Algorithm, Signer, TimestampSigner, salted_hmac};
use djsign_reference::{b62, b64, mac};
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

const ALGORITHMS: [Algorithm; 4] = [
    Algorithm::Sha224,
    Algorithm::Sha256,
    Algorithm::Sha384,
    Algorithm::Sha512,
];

/// HMAC by libcrux: `libcrux_hmac::hmac`, or RFC 2104 over libcrux's SHA-224.
fn libcrux_hmac(alg: Algorithm, key: &[u8], msg: &[u8]) -> Vec<u8> {
    let crux = match alg {
        Algorithm::Sha224 => return mac::hmac(mac::Algorithm::Sha224, key, msg),
        Algorithm::Sha256 => libcrux_hmac::Algorithm::Sha256,
        Algorithm::Sha384 => libcrux_hmac::Algorithm::Sha384,
        Algorithm::Sha512 => libcrux_hmac::Algorithm::Sha512,
        _ => unreachable!(),
    };
    let mut tag = vec![0u8; libcrux_hmac::tag_size(crux)];
    libcrux_hmac::hmac(crux, key, msg, &mut tag);
    tag
}

fn libcrux_hash(alg: Algorithm, data: &[u8]) -> Vec<u8> {
    match alg {
        Algorithm::Sha224 => libcrux_sha2::sha224(data).to_vec(),
        Algorithm::Sha256 => libcrux_sha2::sha256(data).to_vec(),
        Algorithm::Sha384 => libcrux_sha2::sha384(data).to_vec(),
        Algorithm::Sha512 => libcrux_sha2::sha512(data).to_vec(),
        _ => unreachable!(),
    }
}

/// Django's `salted_hmac` with libcrux doing all the hashing.
fn oracle(alg: Algorithm, key_salt: &[u8], value: &[u8], secret: &[u8]) -> Vec<u8> {
    libcrux_hmac(alg, &libcrux_hash(alg, &[key_salt, secret].concat()), value)
}

fn model_alg(alg: Algorithm) -> mac::Algorithm {
    *mac::Algorithm::ALL
        .iter()
        .find(|a| a.name() == alg.name())
        .unwrap()
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn salted_hmac_equals_libcrux(
        alg in proptest::sample::select(ALGORITHMS.to_vec()),
        key_salt in proptest::collection::vec(any::<u8>(), 0..300),
        value in proptest::collection::vec(any::<u8>(), 0..300),
        secret in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let want = oracle(alg, &key_salt, &value, &secret);
        let got = salted_hmac(&key_salt, &value, &secret, alg);
        prop_assert_eq!(got.as_bytes(), want.as_slice());
        prop_assert_eq!(mac::salted_hmac(&key_salt, &value, &secret, model_alg(alg)), want);
    }

    /// The RFC 2104 composition used for SHA-224 equals libcrux-hmac where libcrux has one
    /// (keys longer than a block included).
    #[test]
    fn rfc2104_composition_equals_libcrux_hmac(
        alg in proptest::sample::select(vec![Algorithm::Sha256, Algorithm::Sha384, Algorithm::Sha512]),
        key in proptest::collection::vec(any::<u8>(), 0..300),
        msg in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        prop_assert_eq!(mac::hmac(model_alg(alg), &key, &msg), libcrux_hmac(alg, &key, &msg));
    }

    /// Every signer's MAC: `Signer::signature`/`sign`, `TimestampSigner::sign_at`,
    /// `sign_object_at` (dumps), `SignedCookie::sign_at`, `SessionStore::save_at` and the
    /// session auth hash.
    #[test]
    fn every_signers_mac_equals_libcrux(
        alg in proptest::sample::select(ALGORITHMS.to_vec()),
        secret in proptest::collection::vec(any::<u8>(), 1..200),
        salt in ".{0,30}",
        value in ".{0,60}",
        ts in any::<i64>(),
    ) {
        let salt_used = if salt.is_empty() { djsign::SIGNER_SALT } else { salt.as_str() };
        let signer = Signer::builder(secret.as_slice()).salt(&salt).algorithm(alg).build().unwrap();
        let sig = b64::encode(&oracle(alg, format!("{salt_used}signer").as_bytes(), value.as_bytes(), &secret));
        prop_assert_eq!(signer.signature(&value), sig.clone());
        prop_assert_eq!(signer.sign(&value), format!("{value}:{sig}"));

        let salt_used = if salt.is_empty() { djsign::TIMESTAMP_SIGNER_SALT } else { salt.as_str() };
        let ts_signer = TimestampSigner::builder(secret.as_slice()).salt(&salt).algorithm(alg).build().unwrap();
        let stamped = format!("{value}:{}", b62::encode(ts));
        let sig = b64::encode(&oracle(alg, format!("{salt_used}signer").as_bytes(), stamped.as_bytes(), &secret));
        prop_assert_eq!(ts_signer.sign_at(&value, ts), format!("{stamped}:{sig}"));

        let token = ts_signer.sign_object_at(&value, false, ts).unwrap();
        let (signed, sig) = token.rsplit_once(':').unwrap();
        prop_assert_eq!(sig, b64::encode(&oracle(alg, format!("{salt_used}signer").as_bytes(), signed.as_bytes(), &secret)));

        // contrib is SHA-256 only, as in Django
        let jar = djsign::SignedCookie::builder(secret.as_slice(), "name").salt(&salt).build().unwrap();
        let cookie = jar.sign_at(&value, ts);
        let (signed, sig) = cookie.rsplit_once(':').unwrap();
        let cookie_salt = format!("django.http.cookies.v2:{}:{salt}namesigner", salt.chars().count());
        let cookie_key = [b"django.http.cookies".as_slice(), &secret].concat();
        prop_assert_eq!(sig, b64::encode(&oracle(Algorithm::Sha256, cookie_salt.as_bytes(), signed.as_bytes(), &cookie_key)));

        let store = djsign::SessionStore::new(secret.as_slice()).unwrap();
        let mut session = djsign::Session::new();
        session.insert("v", value.as_str());
        let cookie = store.save_at(&session, ts).unwrap();
        let (signed, sig) = cookie.rsplit_once(':').unwrap();
        let session_salt = format!("{}signer", djsign::SESSION_SALT);
        prop_assert_eq!(sig, b64::encode(&oracle(Algorithm::Sha256, session_salt.as_bytes(), signed.as_bytes(), &secret)));

        let key = djsign::SecretKey::from_bytes(&secret).unwrap();
        let hash = oracle(Algorithm::Sha256, djsign::SESSION_AUTH_HASH_SALT.as_bytes(), value.as_bytes(), &secret);
        prop_assert_eq!(djsign::get_session_auth_hash(&value, &key), mac::hex(&hash));
    }
}
