//! The session auth hash (`src/contrib/auth.rs`): arbitrary password field, secret key and
//! fallback keys, and a session hash that is the right one for some key, an edited one, or
//! arbitrary text.
//!
//! Properties:
//! - `get_session_auth_hash` is Django's, restated on the RustCrypto crates: the lowercase hex
//!   of `salted_hmac("django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
//!   password, secret, algorithm="sha256")`;
//! - `verify_session_auth_hash` answers as Django's `get_user` would choose: `Key` when the
//!   hash is the key's, else `Fallback(i)` for the first fallback whose hash it is, else
//!   `NoMatch`; an empty hash never matches.
#![no_main]

use arbitrary::Arbitrary;
use djsign::{
    AuthHashMatch, SESSION_AUTH_HASH_SALT, SecretKey, get_session_auth_hash,
    verify_session_auth_hash,
};
use djsign_fuzz::salted_hmac_sha256;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Hash {
    /// The hash under key i (0: the key, i > 0: fallback i - 1, modulo their number).
    Of(u8),
    /// That hash with one byte replaced.
    Edited(u8, u16, u8),
    /// Anything.
    Text(String),
}

#[derive(Arbitrary, Debug)]
struct Input {
    password: String,
    key: Vec<u8>,
    fallbacks: Vec<Vec<u8>>,
    hash: Hash,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fuzz_target!(|input: Input| {
    let Input {
        password,
        key,
        mut fallbacks,
        hash,
    } = input;
    fallbacks.truncate(4);
    let Ok(secret) = SecretKey::from_bytes(&key) else {
        assert!(key.is_empty());
        return;
    };
    let Ok(olds) = fallbacks
        .iter()
        .map(|k| SecretKey::from_bytes(k))
        .collect::<Result<Vec<_>, _>>()
    else {
        assert!(fallbacks.iter().any(Vec::is_empty));
        return;
    };

    // Django's hash of every key, restated.
    let all: Vec<&[u8]> = std::iter::once(key.as_slice())
        .chain(fallbacks.iter().map(Vec::as_slice))
        .collect();
    let expected: Vec<String> = all
        .iter()
        .map(|k| {
            hex(&salted_hmac_sha256(
                SESSION_AUTH_HASH_SALT.as_bytes(),
                password.as_bytes(),
                k,
            ))
        })
        .collect();
    assert_eq!(get_session_auth_hash(&password, &secret), expected[0]);
    for (k, e) in olds.iter().zip(&expected[1..]) {
        assert_eq!(&get_session_auth_hash(&password, k), e);
    }

    let session_hash = match hash {
        Hash::Of(i) => expected[usize::from(i) % expected.len()].clone(),
        Hash::Edited(i, at, byte) => {
            let mut h = expected[usize::from(i) % expected.len()]
                .clone()
                .into_bytes();
            let at = usize::from(at) % h.len();
            h[at] = byte;
            String::from_utf8_lossy(&h).into_owned()
        }
        Hash::Text(t) => t,
    };
    let want = if session_hash.is_empty() {
        AuthHashMatch::NoMatch
    } else {
        match expected.iter().position(|e| *e == session_hash) {
            Some(0) => AuthHashMatch::Key,
            Some(i) => AuthHashMatch::Fallback(i - 1),
            None => AuthHashMatch::NoMatch,
        }
    };
    assert_eq!(
        verify_session_auth_hash(&session_hash, &password, &secret, &olds),
        want,
        "{session_hash:?}"
    );
});
