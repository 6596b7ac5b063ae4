//! `signing.dumps` and `signing.loads` (Django: `django/core/signing.py`): a
//! [`TimestampSigner`] with the salt `django.core.signing`, made for one call.

use alloc::string::String;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Error;
use crate::signing::TimestampSigner;

/// The salt `signing.dumps` and `signing.loads` use by default.
pub const DUMPS_SALT: &str = "django.core.signing";

fn dumps_signer(key: &[u8], salt: &str) -> Result<TimestampSigner, Error> {
    TimestampSigner::builder(key).salt(salt).build()
}

/// Django's `signing.dumps(obj, key, salt=salt, compress=compress)` with `time.time()` fixed
/// to `timestamp`. Pass [`DUMPS_SALT`] for Django's default salt.
///
/// This derives the key on every call, as Django does; to sign many objects, build a
/// [`TimestampSigner`] once (`.salt(DUMPS_SALT)`) and call
/// [`sign_object_at`](TimestampSigner::sign_object_at).
///
/// # Errors
/// [`Error::InvalidKey`], then as [`TimestampSigner::sign_object_at`].
pub fn dumps_at<T: ?Sized + Serialize>(
    obj: &T,
    key: &[u8],
    salt: &str,
    compress: bool,
    timestamp: i64,
) -> Result<String, Error> {
    dumps_signer(key, salt)?.sign_object_at(obj, compress, timestamp)
}

/// Django's `signing.loads(s, key, salt=salt, max_age=max_age)` with `time.time()` fixed to
/// `now`. See [`dumps_at`] about reuse.
///
/// # Errors
/// [`Error::InvalidKey`], then as [`TimestampSigner::unsign_object_at`].
pub fn loads_at<T: DeserializeOwned>(
    s: &str,
    key: &[u8],
    salt: &str,
    max_age: Option<f64>,
    now: f64,
) -> Result<T, Error> {
    dumps_signer(key, salt)?
        .unsign_object_at(s, max_age, now)
        .map(|t| t.value)
}

/// Django's `signing.dumps(obj, key, salt=salt, compress=compress)`, at the current time.
///
/// # Errors
/// As [`dumps_at`].
#[cfg(feature = "std")]
pub fn dumps<T: ?Sized + Serialize>(
    obj: &T,
    key: &[u8],
    salt: &str,
    compress: bool,
) -> Result<String, Error> {
    dumps_signer(key, salt)?.sign_object(obj, compress)
}

/// Django's `signing.loads(s, key, salt=salt, max_age=max_age)`, at the current time.
///
/// # Errors
/// As [`loads_at`].
#[cfg(feature = "std")]
pub fn loads<T: DeserializeOwned>(
    s: &str,
    key: &[u8],
    salt: &str,
    max_age: Option<f64>,
) -> Result<T, Error> {
    dumps_signer(key, salt)?
        .unsign_object(s, max_age)
        .map(|t| t.value)
}
