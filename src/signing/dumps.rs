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
///
/// ```
/// // signing.dumps({"b": 1, "a": 2}, key="object-key") at 1700000000, as Django 5.2.19 made it.
/// #[derive(serde::Serialize)]
/// struct Payload { b: i32, a: i32 }
/// let token = djsign::dumps_at(&Payload { b: 1, a: 2 }, b"object-key", djsign::DUMPS_SALT, false, 1_700_000_000)?;
/// assert_eq!(token, "eyJiIjoxLCJhIjoyfQ:1r31eq:nE1YAHSuprhxct8jvUi-ns3yAyHNm4Ks5PHGyM0O-rw");
/// # Ok::<(), djsign::Error>(())
/// ```
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
///
/// ```
/// let token = "eyJiIjoxLCJhIjoyfQ:1r31eq:nE1YAHSuprhxct8jvUi-ns3yAyHNm4Ks5PHGyM0O-rw";
/// let v: djsign::Value = djsign::loads_at(token, b"object-key", djsign::DUMPS_SALT, Some(60.0), 1_700_000_030.0)?;
/// assert_eq!(djsign::json_dumps(&v, 8)?, b"{\"b\":1,\"a\":2}");
/// let late = djsign::loads_at::<djsign::Value>(token, b"object-key", djsign::DUMPS_SALT, Some(60.0), 1_700_000_061.0);
/// assert_eq!(late.unwrap_err().slug(), "expired");
/// # Ok::<(), djsign::Error>(())
/// ```
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
///
/// ```
/// let token = djsign::dumps(&["hello", "world"], b"django-insecure-key", djsign::DUMPS_SALT, true)?;
/// let back: Vec<String> = djsign::loads(&token, b"django-insecure-key", djsign::DUMPS_SALT, Some(60.0))?;
/// assert_eq!(back, ["hello", "world"]);
/// # Ok::<(), djsign::Error>(())
/// ```
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
///
/// ```
/// use djsign::Error;
/// let token = djsign::dumps(&42, b"key", "my.salt", false)?;
/// assert_eq!(djsign::loads::<i64>(&token, b"key", "my.salt", None)?, 42);
/// assert_eq!(djsign::loads::<i64>(&token, b"key", "other.salt", None), Err(Error::BadSignature));
/// # Ok::<(), djsign::Error>(())
/// ```
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
