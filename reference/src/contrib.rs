//! Django's contrib layer as far as the token goes: signed-cookie sessions
//! (`django/contrib/sessions/backends/signed_cookies.py`), signed cookies
//! (`HttpResponse.set_signed_cookie`, `HttpRequest.get_signed_cookie`) and the session auth
//! hash (`AbstractBaseUser.get_session_auth_hash`).

use crate::Kind;
use crate::mac::{Algorithm, hex, salted_hmac};
use crate::signing::{Limits, TimestampSigner};
use crate::value::Value;

pub const SESSION_SALT: &str = "django.contrib.sessions.backends.signed_cookies";
pub const COOKIE_KEY_PREFIX: &[u8] = b"django.http.cookies";
pub const SESSION_AUTH_HASH_SALT: &str =
    "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash";

/// The signer of `signed_cookies` sessions.
///
/// # Errors
/// [`Kind::InvalidKey`].
pub fn session_signer(key: &[u8], fallback_keys: &[Vec<u8>]) -> Result<TimestampSigner, Kind> {
    TimestampSigner::new(
        key,
        fallback_keys,
        SESSION_SALT,
        ":",
        Algorithm::Sha256,
        Limits::DEFAULT,
    )
}

/// `SessionStore._get_session_key()`:
/// `signing.dumps(self._session, compress=True, salt=SESSION_SALT)` at `timestamp`.
///
/// # Errors
/// [`Kind::InvalidKey`].
pub fn session_save_at(
    key: &[u8],
    session: &[(String, Value)],
    timestamp: i64,
) -> Result<String, Kind> {
    Ok(session_signer(key, &[])?.sign_value_at(&Value::Object(session.to_vec()), true, timestamp))
}

/// Released Django's `SessionStore.load()`: `signing.loads(cookie, salt=SESSION_SALT,
/// max_age=SESSION_COOKIE_AGE)` at `now` (`_session_expiry` is not looked at: ticket #27775),
/// and djsign's D9: a payload that is not a dict is refused.
///
/// # Errors
/// As [`TimestampSigner::unsign_value_at`], then [`Kind::TypeMismatch`].
pub fn session_load_django_at(
    key: &[u8],
    fallback_keys: &[Vec<u8>],
    cookie: &str,
    cookie_age: i64,
    now: f64,
) -> Result<(Vec<(String, Value)>, i64), Kind> {
    let signer = session_signer(key, fallback_keys)?;
    match signer.unsign_value_at(cookie, Some(cookie_age as f64), now)? {
        (Value::Object(entries), ts) => Ok((entries, ts)),
        _ => Err(Kind::TypeMismatch),
    }
}

/// `f"django.http.cookies.v2:{len(salt)}:{salt}{name}"` (Django >= 5.2.15); `len` counts code
/// points.
#[must_use]
pub fn cookie_salt_v2(name: &str, salt: &str) -> String {
    format!(
        "django.http.cookies.v2:{}:{salt}{name}",
        salt.chars().count()
    )
}

/// `name + salt` (Django 4.2, <= 5.2.14).
#[must_use]
pub fn cookie_salt_legacy(name: &str, salt: &str) -> String {
    format!("{name}{salt}")
}

fn cookie_signer(
    key: &[u8],
    fallback_keys: &[Vec<u8>],
    salt: &str,
) -> Result<TimestampSigner, Kind> {
    let prefixed = |k: &[u8]| [COOKIE_KEY_PREFIX, k].concat();
    let fallbacks: Vec<Vec<u8>> = fallback_keys.iter().map(|k| prefixed(k)).collect();
    TimestampSigner::new(
        &prefixed(key),
        &fallbacks,
        salt,
        ":",
        Algorithm::Sha256,
        Limits::DEFAULT,
    )
}

/// `set_signed_cookie(name, value, salt=salt)`'s value at `timestamp` (v2 salt).
///
/// # Errors
/// [`Kind::InvalidKey`].
pub fn cookie_sign_at(
    key: &[u8],
    name: &str,
    salt: &str,
    value: &str,
    timestamp: i64,
) -> Result<String, Kind> {
    Ok(cookie_signer(key, &[], &cookie_salt_v2(name, salt))?.sign_at(value, timestamp))
}

/// The legacy-salt cookie value at `timestamp`.
///
/// # Errors
/// [`Kind::InvalidKey`].
pub fn cookie_sign_legacy_at(
    key: &[u8],
    name: &str,
    salt: &str,
    value: &str,
    timestamp: i64,
) -> Result<String, Kind> {
    Ok(cookie_signer(key, &[], &cookie_salt_legacy(name, salt))?.sign_at(value, timestamp))
}

/// `get_signed_cookie(name, salt=salt, max_age=max_age)` at `now`: the v2 salt; on
/// `BadSignature` (not `SignatureExpired`, not a `ValueError` from the timestamp) and with
/// `SIGNED_COOKIE_LEGACY_SALT_FALLBACK`, the legacy salt. Returns the value, its timestamp and
/// whether the legacy salt verified.
///
/// # Errors
/// As [`TimestampSigner::unsign_at`].
#[allow(clippy::too_many_arguments)]
pub fn cookie_unsign_at<'a>(
    key: &[u8],
    fallback_keys: &[Vec<u8>],
    name: &str,
    salt: &str,
    legacy_fallback: bool,
    cookie: &'a str,
    max_age: Option<f64>,
    now: f64,
) -> Result<(&'a str, i64, bool), Kind> {
    let v2 = cookie_signer(key, fallback_keys, &cookie_salt_v2(name, salt))?;
    match v2.unsign_at(cookie, max_age, now) {
        Ok((v, ts)) => Ok((v, ts, false)),
        Err(Kind::BadSignature | Kind::NoSeparator) if legacy_fallback => {
            let legacy = cookie_signer(key, fallback_keys, &cookie_salt_legacy(name, salt))?;
            legacy
                .unsign_at(cookie, max_age, now)
                .map(|(v, ts)| (v, ts, true))
        }
        Err(e) => Err(e),
    }
}

/// `salted_hmac(SESSION_AUTH_HASH_SALT, password, secret, algorithm="sha256").hexdigest()`.
#[must_use]
pub fn session_auth_hash(password: &str, secret: &[u8]) -> String {
    hex(&salted_hmac(
        SESSION_AUTH_HASH_SALT.as_bytes(),
        password.as_bytes(),
        secret,
        Algorithm::Sha256,
    ))
}
