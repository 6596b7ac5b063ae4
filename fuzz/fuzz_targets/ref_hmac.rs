//! Every MAC djsign computes equals libcrux's (HACL*-derived, machine-checked): `salted_hmac`
//! for SHA-224/256/384/512 on arbitrary key salts, secrets and messages, and the signatures
//! of `Signer`, `TimestampSigner`, `sign_object_at`, `SignedCookie`, `SessionStore` and the
//! session auth hash. libcrux-hmac has no HMAC-SHA-224: there the oracle is RFC 2104 over
//! libcrux's SHA-224 (djsign_reference::mac::hmac), itself compared here with libcrux-hmac on
//! the other three hashes. See audits/formal.md.
#![no_main]

use djsign::{Algorithm, salted_hmac};
use djsign_reference::generate::Seed;
use djsign_reference::{b62, b64, mac};
use libfuzzer_sys::fuzz_target;

const ALGORITHMS: [Algorithm; 4] = [
    Algorithm::Sha224,
    Algorithm::Sha256,
    Algorithm::Sha384,
    Algorithm::Sha512,
];

fn crux_alg(alg: Algorithm) -> Option<libcrux_hmac::Algorithm> {
    match alg {
        Algorithm::Sha256 => Some(libcrux_hmac::Algorithm::Sha256),
        Algorithm::Sha384 => Some(libcrux_hmac::Algorithm::Sha384),
        Algorithm::Sha512 => Some(libcrux_hmac::Algorithm::Sha512),
        _ => None,
    }
}

fn model_alg(alg: Algorithm) -> mac::Algorithm {
    *mac::Algorithm::ALL
        .iter()
        .find(|a| a.name() == alg.name())
        .unwrap()
}

fn libcrux_hmac(alg: Algorithm, key: &[u8], msg: &[u8]) -> Vec<u8> {
    match crux_alg(alg) {
        Some(crux) => {
            let mut tag = vec![0u8; libcrux_hmac::tag_size(crux)];
            libcrux_hmac::hmac(crux, key, msg, &mut tag);
            tag
        }
        None => mac::hmac(model_alg(alg), key, msg),
    }
}

fn libcrux_hash(alg: Algorithm, data: &[u8]) -> Vec<u8> {
    match alg {
        Algorithm::Sha224 => libcrux_sha2::sha224(data).to_vec(),
        Algorithm::Sha256 => libcrux_sha2::sha256(data).to_vec(),
        Algorithm::Sha384 => libcrux_sha2::sha384(data).to_vec(),
        _ => libcrux_sha2::sha512(data).to_vec(),
    }
}

fn oracle(alg: Algorithm, key_salt: &[u8], value: &[u8], secret: &[u8]) -> Vec<u8> {
    libcrux_hmac(alg, &libcrux_hash(alg, &[key_salt, secret].concat()), value)
}

fn signature_of(token: &str) -> (&str, &str) {
    token.rsplit_once(':').unwrap()
}

fuzz_target!(|data: &[u8]| {
    let mut seed = Seed::new(data);
    let alg = ALGORITHMS[usize::from(seed.byte() % 4)];
    let key_salt = seed.bytes(200);
    let secret = seed.bytes(200);
    let message = seed.bytes(300);

    let want = oracle(alg, &key_salt, &message, &secret);
    assert_eq!(
        salted_hmac(&key_salt, &message, &secret, alg).as_bytes(),
        want.as_slice()
    );
    if let Some(crux) = crux_alg(alg) {
        // the composition the SHA-224 oracle relies on, against libcrux-hmac
        let mut tag = vec![0u8; libcrux_hmac::tag_size(crux)];
        libcrux_hmac::hmac(crux, &message, &key_salt, &mut tag);
        assert_eq!(mac::hmac(model_alg(alg), &message, &key_salt), tag);
    }
    if secret.is_empty() {
        return;
    }

    let salt = seed.string(12);
    let value = seed.string(40);
    let ts = seed.u64() as i64;
    let salted = |default: &str| format!("{}signer", if salt.is_empty() { default } else { &salt });

    let signer = djsign::Signer::builder(secret.as_slice())
        .salt(&salt)
        .algorithm(alg)
        .build()
        .unwrap();
    let sig = b64::encode(&oracle(
        alg,
        salted(djsign::SIGNER_SALT).as_bytes(),
        value.as_bytes(),
        &secret,
    ));
    assert_eq!(signer.signature(&value), sig);
    assert_eq!(signer.sign(&value), format!("{value}:{sig}"));

    let ts_key_salt = salted(djsign::TIMESTAMP_SIGNER_SALT);
    let ts_signer = djsign::TimestampSigner::builder(secret.as_slice())
        .salt(&salt)
        .algorithm(alg)
        .build()
        .unwrap();
    let stamped = format!("{value}:{}", b62::encode(ts));
    let sig = b64::encode(&oracle(
        alg,
        ts_key_salt.as_bytes(),
        stamped.as_bytes(),
        &secret,
    ));
    assert_eq!(ts_signer.sign_at(&value, ts), format!("{stamped}:{sig}"));

    // uncompressed: the MAC is what is checked, and zlib set-up would dominate the run
    let token = ts_signer.sign_object_at(&value, false, ts).unwrap();
    let (signed, sig) = signature_of(&token);
    assert_eq!(
        sig,
        b64::encode(&oracle(
            alg,
            ts_key_salt.as_bytes(),
            signed.as_bytes(),
            &secret
        ))
    );

    // contrib: SHA-256, as in Django
    let name = seed.string(8);
    let jar = djsign::SignedCookie::builder(secret.as_slice(), &name)
        .salt(&salt)
        .build()
        .unwrap();
    let cookie_key = [b"django.http.cookies".as_slice(), &secret].concat();
    let cookie = jar.sign_at(&value, ts);
    let (signed, sig) = signature_of(&cookie);
    let v2 = format!(
        "django.http.cookies.v2:{}:{salt}{name}signer",
        salt.chars().count()
    );
    assert_eq!(
        sig,
        b64::encode(&oracle(
            Algorithm::Sha256,
            v2.as_bytes(),
            signed.as_bytes(),
            &cookie_key
        ))
    );
    let cookie = jar.sign_legacy_at(&value, ts);
    let (signed, sig) = signature_of(&cookie);
    // an empty legacy salt (no name, no salt) is falsy: the TimestampSigner default
    let legacy = format!("{name}{salt}");
    let legacy = format!(
        "{}signer",
        if legacy.is_empty() {
            djsign::TIMESTAMP_SIGNER_SALT
        } else {
            &legacy
        }
    );
    assert_eq!(
        sig,
        b64::encode(&oracle(
            Algorithm::Sha256,
            legacy.as_bytes(),
            signed.as_bytes(),
            &cookie_key
        ))
    );

    let store = djsign::SessionStore::new(secret.as_slice()).unwrap();
    let mut session = djsign::Session::new();
    session.insert(value.as_str(), salt.as_str());
    let cookie = store.save_at(&session, ts).unwrap();
    let (signed, sig) = signature_of(&cookie);
    let session_salt = format!("{}signer", djsign::SESSION_SALT);
    assert_eq!(
        sig,
        b64::encode(&oracle(
            Algorithm::Sha256,
            session_salt.as_bytes(),
            signed.as_bytes(),
            &secret
        ))
    );

    let key = djsign::SecretKey::from_bytes(&secret).unwrap();
    let hash = oracle(
        Algorithm::Sha256,
        djsign::SESSION_AUTH_HASH_SALT.as_bytes(),
        value.as_bytes(),
        &secret,
    );
    assert_eq!(djsign::get_session_auth_hash(&value, &key), mac::hex(&hash));
});
