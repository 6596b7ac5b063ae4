//! The session auth hash (Django: `AbstractBaseUser.get_session_auth_hash` in
//! `django/contrib/auth/base_user.py`, checked by `get_user` in `django/contrib/auth/__init__.py`,
//! which also names the session keys `login` writes).
//!
//! `_auth_user_hash` in a session is `salted_hmac(SESSION_AUTH_HASH_SALT, user.password,
//! secret, algorithm="sha256").hexdigest()`: changing the password invalidates every session.
//! Django checks it against the key, then each fallback key (and then re-hashes the session
//! with the current key); here every key is always tried and compared in constant time.

use alloc::string::String;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

use crate::signing::SecretKey;
use crate::utils::crypto::{Algorithm, salted_hmac};

/// The session key of the logged-in user's primary key (a string).
pub const SESSION_KEY: &str = "_auth_user_id";
/// The session key of the authentication backend's dotted path.
pub const BACKEND_SESSION_KEY: &str = "_auth_user_backend";
/// The session key of the user's session auth hash.
pub const HASH_SESSION_KEY: &str = "_auth_user_hash";

/// The key salt of the session auth hash.
pub const SESSION_AUTH_HASH_SALT: &str =
    "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash";

/// Django's `user.get_session_auth_hash()` for the user's password field (the stored
/// password hash, e.g. `pbkdf2_sha256$...`) under `secret`.
///
/// ```
/// use djsign::{SecretKey, get_session_auth_hash};
/// // The `_auth_user_hash` Django 5.2.19 stored for this password field under this key
/// // (examples/django-session in the repository).
/// let key = SecretKey::from_str("django-insecure-example-session-key-3f9a1c7e5b2d8064")?;
/// let hash = get_session_auth_hash("pbkdf2_sha256$1000000$examplesalt$notarealhash=", &key);
/// assert_eq!(hash, "8ddd71ef85d2c58c52b63915050eafe5d1a8c39de4f75e9a9374f691e991e180");
/// # Ok::<(), djsign::Error>(())
/// ```
#[must_use]
pub fn get_session_auth_hash(password: &str, secret: &SecretKey) -> String {
    salted_hmac(
        SESSION_AUTH_HASH_SALT.as_bytes(),
        password.as_bytes(),
        secret.expose_secret(),
        Algorithm::Sha256,
    )
    .to_hex()
}

/// Which key a session auth hash matched.
///
/// ```
/// use djsign::{AuthHashMatch, SecretKey, get_session_auth_hash, verify_session_auth_hash};
/// let old = SecretKey::from_str("old-key")?;
/// let new = SecretKey::from_str("new-key")?;
/// let hash = get_session_auth_hash("pbkdf2_sha256$...", &old); // stored before the rotation
/// match verify_session_auth_hash(&hash, "pbkdf2_sha256$...", &new, &[old]) {
///     AuthHashMatch::Key => {}                  // logged in
///     AuthHashMatch::Fallback(i) => assert_eq!(i, 0), // logged in: re-hash with the new key
///     AuthHashMatch::NoMatch => unreachable!(), // flush the session: anonymous
/// }
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthHashMatch {
    /// The current key: the session belongs to this user with this password.
    Key,
    /// The fallback key at this index: valid, and Django then re-hashes the session with the
    /// current key (`cycle_key()` and a new `_auth_user_hash`).
    Fallback(usize),
    /// No key: Django flushes the session and the user is anonymous.
    NoMatch,
}

/// Checks a session's `_auth_user_hash` against the user's password field, as
/// `django.contrib.auth.get_user` does: an empty hash never matches.
///
/// ```
/// use djsign::{AuthHashMatch, SecretKey, Session, verify_session_auth_hash};
/// let key = SecretKey::from_str("django-insecure-example-session-key-3f9a1c7e5b2d8064")?;
/// let mut session = Session::new();
/// session.insert("_auth_user_id", "42");
/// session.insert("_auth_user_hash", "8ddd71ef85d2c58c52b63915050eafe5d1a8c39de4f75e9a9374f691e991e180");
/// let password = "pbkdf2_sha256$1000000$examplesalt$notarealhash="; // user 42's, from the database
/// let hash = session.auth_user_hash().unwrap_or("");
/// assert_eq!(verify_session_auth_hash(hash, password, &key, &[]), AuthHashMatch::Key);
/// // After a password change every old session stops matching.
/// assert_eq!(verify_session_auth_hash(hash, "pbkdf2_sha256$new", &key, &[]), AuthHashMatch::NoMatch);
/// # Ok::<(), djsign::Error>(())
/// ```
#[must_use]
pub fn verify_session_auth_hash(
    session_hash: &str,
    password: &str,
    key: &SecretKey,
    fallback_keys: &[SecretKey],
) -> AuthHashMatch {
    if session_hash.is_empty() {
        return AuthHashMatch::NoMatch;
    }
    let matches = |secret: &SecretKey| -> Choice {
        get_session_auth_hash(password, secret)
            .as_bytes()
            .ct_eq(session_hash.as_bytes())
    };
    let key_match = matches(key);
    // Every fallback is computed and the first match selected without branching, so timing
    // does not tell which key matched; the result becomes a bool once, at the end.
    let mut found = Choice::from(0);
    let mut index = 0u64;
    for (i, k) in fallback_keys.iter().enumerate() {
        let m = matches(k);
        let i = u64::try_from(i).unwrap_or(u64::MAX);
        index = u64::conditional_select(&index, &i, m & !found);
        found |= m;
    }
    if bool::from(key_match) {
        AuthHashMatch::Key
    } else if bool::from(found) {
        AuthHashMatch::Fallback(usize::try_from(index).unwrap_or(usize::MAX))
    } else {
        AuthHashMatch::NoMatch
    }
}
