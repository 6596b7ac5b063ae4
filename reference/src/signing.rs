//! `Signer`, `TimestampSigner`, `dumps` and `loads` (Django: `django/core/signing.py`), with
//! djsign's explicit errors and limits (SPEC.md §10).

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::mac::{Algorithm, salted_hmac};
use crate::value::Value;
use crate::{Kind, b62, b64, json, write, zlib};

pub const SIGNER_SALT: &str = "django.core.signing.Signer";
pub const TIMESTAMP_SIGNER_SALT: &str = "django.core.signing.TimestampSigner";
pub const DUMPS_SALT: &str = "django.core.signing";

/// djsign's bounds (Django has none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_token_len: usize,
    pub max_decompressed_len: usize,
    pub max_json_depth: usize,
}

impl Limits {
    pub const DEFAULT: Self = Self {
        max_token_len: 1 << 20,
        max_decompressed_len: 4 << 20,
        max_json_depth: 1000,
    };
}

/// Django refuses a separator when `re.match(r"^[A-z0-9-_=]*$", sep)` matches. `$` matches at
/// the end of the text and also just before a newline that ends it, so the pattern matches
/// `sep` when `sep`, or `sep` without one final `"\n"`, consists of `A-z` (0x41..=0x7A),
/// `0-9`, `-`, `_`, `=` only (the empty string included).
#[must_use]
pub fn is_valid_separator(sep: &str) -> bool {
    let unsafe_char = |c: char| ('A'..='z').contains(&c) || c.is_ascii_digit() || "-_=".contains(c);
    let all_unsafe = |s: &str| s.chars().all(unsafe_char);
    let matches = all_unsafe(sep) || sep.strip_suffix('\n').is_some_and(all_unsafe);
    !matches
}

/// Python's `s.rsplit(sep, 1)` when `sep` occurs: the parts around its last occurrence.
#[must_use]
pub fn rsplit<'a>(s: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    (0..=s.len())
        .rev()
        .filter(|&i| s.is_char_boundary(i))
        .find(|&i| s[i..].starts_with(sep))
        .map(|i| (&s[..i], &s[i + sep.len()..]))
}

/// Django's `Signer`.
#[derive(Clone, Debug)]
pub struct Signer {
    /// The key, then the fallback keys, as bytes.
    keys: Vec<Vec<u8>>,
    pub salt: String,
    pub sep: String,
    pub algorithm: Algorithm,
    pub limits: Limits,
}

impl Signer {
    /// `Signer(key=..., sep=..., salt=..., algorithm=..., fallback_keys=...)`.
    ///
    /// # Errors
    /// [`Kind::InvalidKey`] for an empty key or fallback key (D3), then
    /// [`Kind::InvalidSeparator`].
    pub fn new(
        key: &[u8],
        fallback_keys: &[Vec<u8>],
        salt: &str,
        sep: &str,
        algorithm: Algorithm,
        limits: Limits,
        default_salt: &str,
    ) -> Result<Self, Kind> {
        if key.is_empty() || fallback_keys.iter().any(Vec::is_empty) {
            return Err(Kind::InvalidKey);
        }
        if !is_valid_separator(sep) {
            return Err(Kind::InvalidSeparator);
        }
        let mut keys = vec![key.to_vec()];
        keys.extend(fallback_keys.iter().cloned());
        Ok(Self {
            keys,
            // `self.salt = salt or default`: the empty salt is falsy.
            salt: if salt.is_empty() { default_salt } else { salt }.to_string(),
            sep: sep.to_string(),
            algorithm,
            limits,
        })
    }

    /// `Signer.signature(value, key)`: `b64_encode(salted_hmac(salt + "signer", value, key))`.
    #[must_use]
    pub fn signature_with(&self, value: &str, key: &[u8]) -> String {
        let key_salt = format!("{}signer", self.salt);
        b64::encode(&salted_hmac(
            key_salt.as_bytes(),
            value.as_bytes(),
            key,
            self.algorithm,
        ))
    }

    /// `Signer.signature(value)`.
    #[must_use]
    pub fn signature(&self, value: &str) -> String {
        self.signature_with(value, &self.keys[0])
    }

    /// `Signer.sign(value)`: `f"{value}{sep}{signature(value)}"`.
    #[must_use]
    pub fn sign(&self, value: &str) -> String {
        format!("{value}{}{}", self.sep, self.signature(value))
    }

    /// `Signer.unsign(signed_value)`: split at the last separator, then compare the signature
    /// *string* with the expected one under the key and each fallback key.
    ///
    /// # Errors
    /// [`Kind::TokenTooLong`], [`Kind::NoSeparator`], [`Kind::BadSignature`].
    pub fn unsign<'a>(&self, signed_value: &'a str) -> Result<&'a str, Kind> {
        if signed_value.len() > self.limits.max_token_len {
            return Err(Kind::TokenTooLong {
                len: signed_value.len(),
                limit: self.limits.max_token_len,
            });
        }
        let (value, sig) = rsplit(signed_value, &self.sep).ok_or(Kind::NoSeparator)?;
        if self
            .keys
            .iter()
            .any(|key| sig == self.signature_with(value, key))
        {
            Ok(value)
        } else {
            Err(Kind::BadSignature)
        }
    }

    /// `Signer.sign_object(obj, compress=...)` for a value.
    #[must_use]
    pub fn sign_value(&self, obj: &Value, compress: bool) -> String {
        self.sign(&encode_payload(&write::dumps(obj), compress))
    }

    /// `Signer.unsign_object(signed_obj)`, as a value.
    ///
    /// # Errors
    /// As [`Signer::unsign`], then [`decode_payload`].
    pub fn unsign_value(&self, signed_obj: &str) -> Result<Value, Kind> {
        decode_payload(self.unsign(signed_obj)?, &self.limits)
    }
}

/// Django's `TimestampSigner`.
#[derive(Clone, Debug)]
pub struct TimestampSigner {
    pub signer: Signer,
}

impl TimestampSigner {
    /// As [`Signer::new`], with the `TimestampSigner` default salt.
    ///
    /// # Errors
    /// As [`Signer::new`].
    pub fn new(
        key: &[u8],
        fallback_keys: &[Vec<u8>],
        salt: &str,
        sep: &str,
        algorithm: Algorithm,
        limits: Limits,
    ) -> Result<Self, Kind> {
        Signer::new(
            key,
            fallback_keys,
            salt,
            sep,
            algorithm,
            limits,
            TIMESTAMP_SIGNER_SALT,
        )
        .map(|signer| Self { signer })
    }

    /// `TimestampSigner.sign(value)` with `time.time()` = `timestamp`:
    /// `Signer.sign(f"{value}{sep}{b62_encode(int(time.time()))}")`.
    #[must_use]
    pub fn sign_at(&self, value: &str, timestamp: i64) -> String {
        self.signer.sign(&format!(
            "{value}{}{}",
            self.signer.sep,
            b62::encode(timestamp)
        ))
    }

    /// `TimestampSigner.unsign(value, max_age)` with `time.time()` = `now`: the value and its
    /// timestamp.
    ///
    /// # Errors
    /// [`Kind::InvalidTime`] for a `now` that is not a number within 2^53 s of the epoch or a
    /// `max_age` that is not finite (D4: such times would make Django never, or always,
    /// expire anything), the errors of
    /// [`Signer::unsign`], then [`Kind::MissingTimestamp`], [`Kind::MalformedTimestamp`],
    /// [`Kind::Expired`] when `age > max_age` with `age = now - float(timestamp)`.
    pub fn unsign_at<'a>(
        &self,
        signed_value: &'a str,
        max_age: Option<f64>,
        now: f64,
    ) -> Result<(&'a str, i64), Kind> {
        // 2^53: beyond it floats no longer hold every whole second (SPEC.md section 5).
        let now_ok = now.is_finite() && now.abs() <= 9_007_199_254_740_992.0;
        if !now_ok || max_age.is_some_and(|m| !m.is_finite()) {
            return Err(Kind::InvalidTime);
        }
        let result = self.signer.unsign(signed_value)?;
        let (value, ts) = rsplit(result, &self.signer.sep).ok_or(Kind::MissingTimestamp)?;
        let timestamp = b62::decode(ts).ok_or(Kind::MalformedTimestamp)?;
        if let Some(max_age) = max_age {
            let age = now - timestamp as f64;
            if age > max_age {
                return Err(Kind::Expired {
                    age,
                    max_age,
                    timestamp,
                });
            }
        }
        Ok((value, timestamp))
    }

    /// `sign_object(obj, compress)` at `timestamp`, for a value.
    #[must_use]
    pub fn sign_value_at(&self, obj: &Value, compress: bool, timestamp: i64) -> String {
        self.sign_payload_at(&write::dumps(obj), compress, timestamp)
    }

    /// `sign_object` of a serde value at `timestamp`.
    ///
    /// # Errors
    /// [`Kind::Unserializable`].
    pub fn sign_object_at<T: ?Sized + Serialize>(
        &self,
        obj: &T,
        compress: bool,
        timestamp: i64,
    ) -> Result<String, Kind> {
        let v = crate::ser::to_value(obj, self.signer.limits.max_json_depth)?;
        Ok(self.sign_value_at(&v, compress, timestamp))
    }

    /// The token `sign_object` makes from JSON bytes the caller chose: for tests that need
    /// payloads Django would never write (duplicate keys, odd spacing, raw latin-1 bytes).
    #[must_use]
    pub fn sign_payload_at(&self, json_bytes: &[u8], compress: bool, timestamp: i64) -> String {
        self.sign_at(&encode_payload(json_bytes, compress), timestamp)
    }

    /// `unsign_object(signed_obj, max_age)` at `now`, as a value and its timestamp.
    ///
    /// # Errors
    /// As [`TimestampSigner::unsign_at`], then [`decode_payload`].
    pub fn unsign_value_at(
        &self,
        signed_obj: &str,
        max_age: Option<f64>,
        now: f64,
    ) -> Result<(Value, i64), Kind> {
        let (payload, ts) = self.unsign_at(signed_obj, max_age, now)?;
        Ok((decode_payload(payload, &self.signer.limits)?, ts))
    }

    /// Typed `unsign_object`: the value, then [`crate::de::from_value`].
    ///
    /// # Errors
    /// As [`TimestampSigner::unsign_value_at`], then [`Kind::TypeMismatch`].
    pub fn unsign_object_at<T: DeserializeOwned>(
        &self,
        signed_obj: &str,
        max_age: Option<f64>,
        now: f64,
    ) -> Result<(T, i64), Kind> {
        let (v, ts) = self.unsign_value_at(signed_obj, max_age, now)?;
        Ok((crate::de::from_value(v)?, ts))
    }
}

/// The payload `sign_object` signs for JSON bytes `data`:
/// ```text
/// if compress: compressed = zlib.compress(data)
///              if len(compressed) < len(data) - 1: data = compressed; is_compressed = True
/// base64d = b64_encode(data); if is_compressed: base64d = "." + base64d
/// ```
#[must_use]
pub fn encode_payload(data: &[u8], compress: bool) -> String {
    if compress {
        let compressed = zlib::compress(data);
        if (compressed.len() as i128) < data.len() as i128 - 1 {
            return format!(".{}", b64::encode(&compressed));
        }
    }
    b64::encode(data)
}

/// `unsign_object`'s reading of a verified payload: the UTF-8 bytes; a leading `.` means
/// compressed and is removed; Django's lenient base64; `zlib.decompress` within the limit;
/// JSON. A payload that is not JSON but looks like a pickle (protocol >= 2: `0x80`, the
/// version 2..=5, ..., STOP `.`) is `pickled-payload` (SPEC.md §8).
///
/// # Errors
/// [`Kind::MalformedBase64`], then the errors of [`zlib::decompress`], then those of
/// [`json::loads_latin1`], or [`Kind::PickledPayload`].
pub fn decode_payload(payload: &str, limits: &Limits) -> Result<Value, Kind> {
    let base64d = payload.as_bytes();
    let (compressed, base64d) = match base64d.first() {
        Some(b'.') => (true, &base64d[1..]),
        _ => (false, base64d),
    };
    let mut data = b64::python_decode(base64d).ok_or(Kind::MalformedBase64)?;
    if compressed {
        data = zlib::decompress(&data, limits.max_decompressed_len)?;
    }
    match json::loads_latin1(&data, limits.max_json_depth) {
        Err(Kind::MalformedJson) if looks_like_pickle(&data) => Err(Kind::PickledPayload),
        other => other,
    }
}

fn looks_like_pickle(data: &[u8]) -> bool {
    data.len() >= 3 && data[0] == 0x80 && (2..=5).contains(&data[1]) && data.last() == Some(&b'.')
}

fn dumps_signer(key: &[u8], salt: &str) -> Result<TimestampSigner, Kind> {
    TimestampSigner::new(key, &[], salt, ":", Algorithm::Sha256, Limits::DEFAULT)
}

/// `signing.dumps(obj, key, salt, compress)` at `timestamp`, for a value.
///
/// # Errors
/// [`Kind::InvalidKey`].
pub fn dumps_at(
    obj: &Value,
    key: &[u8],
    salt: &str,
    compress: bool,
    timestamp: i64,
) -> Result<String, Kind> {
    Ok(dumps_signer(key, salt)?.sign_value_at(obj, compress, timestamp))
}

/// `signing.loads(s, key, salt, max_age)` at `now`, as a value.
///
/// # Errors
/// As [`TimestampSigner::unsign_value_at`].
pub fn loads_at(
    s: &str,
    key: &[u8],
    salt: &str,
    max_age: Option<f64>,
    now: f64,
) -> Result<Value, Kind> {
    dumps_signer(key, salt)?
        .unsign_value_at(s, max_age, now)
        .map(|(v, _)| v)
}
