//! Signed objects: `sign_object`/`unsign_object` and `dumps`/`loads`
//! (Django: `django/core/signing.py`).
//!
//! The payload is `b64(data)` or, when compression pays, `"." + b64(zlib(data))`, where
//! `data` is Django's JSON. Compression is kept only if `len(compressed) < len(data) - 1`:
//! the `.` costs one byte, so a compressed form must save at least two.

use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::base64::{encode_into, encoded_len, python_b64decode};
use crate::compress::{compress, decompress};
use crate::json::{Value, json_dumps, json_loads};
use crate::signer::Limits;
use crate::{Error, TimestampSigner};

/// The salt `signing.dumps` and `signing.loads` use by default.
pub const DUMPS_SALT: &str = "django.core.signing";

/// The payload of `sign_object` for `obj`, with room for `extra` more bytes.
pub(crate) fn encode<T: ?Sized + Serialize>(
    obj: &T,
    compress_it: bool,
    limits: &Limits,
    extra: usize,
) -> Result<String, Error> {
    let json = json_dumps(obj, limits.max_json_depth)?;
    let (data, dotted) = if compress_it {
        let packed = compress(&json)?;
        if packed.len().saturating_add(1) < json.len() {
            (packed, true)
        } else {
            (json, false)
        }
    } else {
        (json, false)
    };
    let mut payload = String::with_capacity(
        encoded_len(data.len())
            .saturating_add(1)
            .saturating_add(extra),
    );
    if dotted {
        payload.push('.');
    }
    encode_into(&data, &mut payload);
    Ok(payload)
}

/// The object in a verified payload.
pub(crate) fn decode(payload: &str, limits: &Limits) -> Result<Value, Error> {
    let (compressed, b64) = match payload.strip_prefix('.') {
        Some(rest) => (true, rest),
        None => (false, payload),
    };
    let data: Vec<u8> = python_b64decode(b64.as_bytes())?;
    let data = if compressed {
        decompress(&data, limits.max_decompressed_len)?
    } else {
        data
    };
    match json_loads(&data, limits.max_json_depth) {
        Err(Error::MalformedJson { .. }) if looks_like_pickle(&data) => Err(Error::PickledPayload),
        other => other,
    }
}

/// A pickle of protocol 2 or later starts with the PROTO opcode (0x80) and its version, and
/// ends with STOP (`.`); Django's `PickleSerializer` used the highest protocol. No JSON text
/// starts with 0x80, so this cannot hide a JSON error.
fn looks_like_pickle(data: &[u8]) -> bool {
    matches!(data, [0x80, 2..=5, .., b'.'])
}

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
