//! `TimestampSigner` (Django: `django.core.signing.TimestampSigner`).
//!
//! `sign(v)` is `Signer.sign(v + sep + b62(int(time.time())))`. Every operation takes the
//! time explicitly (`*_at`), so it works without std and tests need no clock; with the `std`
//! feature the plain names read the system clock, as Django does.
//!
//! Expiry follows Django to the bit: `age = now - timestamp` in floating point, and the token
//! is expired iff `age > max_age`, so `age == max_age` still passes. The timestamp is only
//! looked at after the signature is verified.

use alloc::string::String;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Error;
use crate::json::{JsonCodec, Value};
use crate::signing::base62::{b62_decode, push_b62};
use crate::signing::key::IntoSecretKey;
use crate::signing::limits::Limits;
use crate::signing::payload;
use crate::signing::signer::{
    BuildSigner, Signer, SignerBuilder, TIMESTAMP_SIGNER_SALT, rsplit_sep,
};
use crate::utils::crypto::Algorithm;

/// A verified value with the Unix time it was signed at.
///
/// ```
/// use djsign::{TimestampSigner, Timestamped};
/// let signer = TimestampSigner::new("predictable-secret")?;
/// let ok: Timestamped<&str> = signer.unsign_at("hello:1r31eq:ESnvh0UG3MKjmlEh8oOo4AB3aBbzEzE2OxtKdYRmPIU", None, 1_700_000_005.0)?;
/// assert_eq!(ok, Timestamped { value: "hello", timestamp: 1_700_000_000 });
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Timestamped<T> {
    /// The verified value.
    pub value: T,
    /// The verified signing time, in seconds since the Unix epoch.
    pub timestamp: i64,
}

/// Django's `TimestampSigner`: `value + sep + b62(timestamp) + sep + signature`.
///
/// ```
/// use djsign::TimestampSigner;
/// let signer = TimestampSigner::new("predictable-secret")?;
/// let token = signer.sign_at("hello", 1_700_000_000);
/// let ok = signer.unsign_at(&token, Some(60.0), 1_700_000_060.0)?;
/// assert_eq!((ok.value, ok.timestamp), ("hello", 1_700_000_000));
/// assert!(signer.unsign_at(&token, Some(60.0), 1_700_000_060.5).is_err());
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TimestampSigner {
    signer: Signer,
}

impl BuildSigner for TimestampSigner {
    const DEFAULT_SALT: &'static str = TIMESTAMP_SIGNER_SALT;
    fn from_signer(signer: Signer) -> Self {
        Self { signer }
    }
}

/// The largest `now` (in absolute value) that `unsign_at` accepts: 2^53 seconds, about 285
/// million years either side of 1970. Up to there every whole second is a float, so `now`,
/// and Django's `time.time() - timestamp`, mean what they say to the second; beyond it a
/// "clock reading" such as `-1e308` only serves to make nothing (or everything) expire.
/// Django's own vectors use `now` up to about 1.1e12.
pub const MAX_ABS_NOW: f64 = 9_007_199_254_740_992.0;

/// Checks the time inputs of `unsign_at` and the methods built on it, as they do first:
/// `now` must be a number within [`MAX_ABS_NOW`] of the epoch, and `max_age`, when given,
/// finite. NaN would make Django's `age > max_age` always false (nothing expires), and so
/// would `max_age = inf` or `now = -inf`. A finite `max_age` always means something: any
/// value past the largest possible age (about 1.8e19 s, as Django's vectors use `1e20`) is
/// "never", and a negative one expires everything not from the future, as in Django.
///
/// # Errors
/// [`Error::InvalidTime`].
///
/// ```
/// use djsign::{Error, check_time_inputs};
/// assert!(check_time_inputs(Some(60.0), 1_700_000_000.0).is_ok());
/// assert!(check_time_inputs(Some(-1.0), 1_700_000_000.0).is_ok()); // expires everything, as in Django
/// assert_eq!(check_time_inputs(Some(f64::NAN), 1_700_000_000.0), Err(Error::InvalidTime));
/// ```
pub fn check_time_inputs(max_age: Option<f64>, now: f64) -> Result<(), Error> {
    let now_ok = now.is_finite() && now.abs() <= MAX_ABS_NOW;
    if !now_ok || max_age.is_some_and(|m| !m.is_finite()) {
        return Err(Error::InvalidTime);
    }
    Ok(())
}

/// Seconds since the Unix epoch as Python's `time.time()` returns them.
///
/// ```
/// let now = djsign::unix_now(); // time.time()
/// assert!(now > 1_700_000_000.0);
/// let signer = djsign::TimestampSigner::new("key")?;
/// assert!(signer.unsign_at(&signer.sign("v"), Some(60.0), djsign::unix_now()).is_ok());
/// # Ok::<(), djsign::Error>(())
/// ```
#[cfg(feature = "std")]
#[must_use]
pub fn unix_now() -> f64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs_f64(),
        Err(before) => -before.duration().as_secs_f64(),
    }
}

/// `int(time.time())`: truncation toward zero, as Python's `int()` does.
#[cfg(feature = "std")]
#[allow(clippy::cast_possible_truncation)] // seconds since 1970 fit in i64 for 292 billion years
fn unix_now_int() -> i64 {
    unix_now().trunc() as i64
}

impl TimestampSigner {
    /// A timestamp signer with Django's defaults: salt `django.core.signing.TimestampSigner`,
    /// separator `:`, SHA-256, no fallback keys.
    ///
    /// # Errors
    /// [`Error::InvalidKey`] for an empty key.
    pub fn new(key: impl IntoSecretKey) -> Result<Self, Error> {
        Self::builder(key).build()
    }

    /// A builder for a timestamp signer with other settings.
    pub fn builder(key: impl IntoSecretKey) -> SignerBuilder<Self> {
        SignerBuilder::new(key)
    }

    /// The salt in use.
    #[must_use]
    pub fn salt(&self) -> &str {
        self.signer.salt()
    }

    /// The separator.
    #[must_use]
    pub fn sep(&self) -> &str {
        self.signer.sep()
    }

    /// The hash algorithm.
    #[must_use]
    pub const fn algorithm(&self) -> Algorithm {
        self.signer.algorithm()
    }

    /// The limits.
    #[must_use]
    pub const fn limits(&self) -> &Limits {
        self.signer.limits()
    }

    /// How payload bytes are decoded before JSON (see [`SignerBuilder::json_codec`]).
    #[must_use]
    pub const fn json_codec(&self) -> JsonCodec {
        self.signer.json_codec()
    }

    /// Whether pickled payloads are reported as such (see [`SignerBuilder::detect_pickle`]).
    #[must_use]
    pub const fn detects_pickle(&self) -> bool {
        self.signer.detects_pickle()
    }

    /// `TimestampSigner.sign(value)` with `time.time()` fixed to `timestamp`.
    #[must_use]
    pub fn sign_at(&self, value: &str, timestamp: i64) -> String {
        let mut token = String::with_capacity(
            value
                .len()
                .saturating_add(self.signer.suffix_len().saturating_mul(2)),
        );
        token.push_str(value);
        self.stamp_and_sign(&mut token, timestamp);
        token
    }

    /// Django's `TimestampSigner.sign(value)`, at the current time.
    #[cfg(feature = "std")]
    #[must_use]
    pub fn sign(&self, value: &str) -> String {
        self.sign_at(value, unix_now_int())
    }

    /// Django's `TimestampSigner.unsign(value, max_age=max_age)` with `time.time()` fixed to
    /// `now`. `max_age` is in seconds, fractions allowed; `None` checks no age.
    ///
    /// # Errors
    /// [`Error::InvalidTime`] if `now` or `max_age` is out of range ([`check_time_inputs`]:
    /// NaN, infinite, `now` beyond [`MAX_ABS_NOW`]); the errors of [`Signer::unsign`];
    /// then [`Error::MissingTimestamp`], [`Error::MalformedTimestamp`],
    /// [`Error::SignatureExpired`].
    pub fn unsign_at<'a>(
        &self,
        signed_value: &'a str,
        max_age: Option<f64>,
        now: f64,
    ) -> Result<Timestamped<&'a str>, Error> {
        check_time_inputs(max_age, now)?;
        let stamped = self.signer.unsign(signed_value)?;
        let (value, ts) = rsplit_sep(stamped, self.signer.sep()).ok_or(Error::MissingTimestamp)?;
        let timestamp = b62_decode(ts)?;
        if let Some(max_age) = max_age {
            // Python: `time.time() - timestamp`, the int converted to the nearest float.
            #[allow(clippy::cast_precision_loss)]
            let age = now - timestamp as f64;
            if age > max_age {
                return Err(Error::SignatureExpired {
                    age,
                    max_age,
                    timestamp,
                });
            }
        }
        Ok(Timestamped { value, timestamp })
    }

    /// Django's `TimestampSigner.unsign(value, max_age=max_age)`, at the current time.
    ///
    /// # Errors
    /// As [`TimestampSigner::unsign_at`].
    #[cfg(feature = "std")]
    pub fn unsign<'a>(
        &self,
        signed_value: &'a str,
        max_age: Option<f64>,
    ) -> Result<Timestamped<&'a str>, Error> {
        self.unsign_at(signed_value, max_age, unix_now())
    }

    /// `sign_object(obj, compress=...)` with `time.time()` fixed to `timestamp`: the token
    /// `signing.dumps` makes.
    ///
    /// # Errors
    /// As [`Signer::sign_object`].
    pub fn sign_object_at<T: ?Sized + Serialize>(
        &self,
        obj: &T,
        compress: bool,
        timestamp: i64,
    ) -> Result<String, Error> {
        let extra = self.signer.suffix_len().saturating_mul(2);
        let mut token = payload::encode(obj, compress, self.signer.limits(), extra)?;
        self.stamp_and_sign(&mut token, timestamp);
        Ok(token)
    }

    /// Django's `TimestampSigner.sign_object(obj, compress=...)`, at the current time.
    ///
    /// # Errors
    /// As [`Signer::sign_object`].
    #[cfg(feature = "std")]
    pub fn sign_object<T: ?Sized + Serialize>(
        &self,
        obj: &T,
        compress: bool,
    ) -> Result<String, Error> {
        self.sign_object_at(obj, compress, unix_now_int())
    }

    /// `unsign_object(signed_obj, max_age=max_age)` with `time.time()` fixed to `now`, typed.
    ///
    /// # Errors
    /// As [`TimestampSigner::unsign_at`], then as [`Signer::unsign_object`].
    pub fn unsign_object_at<T: DeserializeOwned>(
        &self,
        signed_obj: &str,
        max_age: Option<f64>,
        now: f64,
    ) -> Result<Timestamped<T>, Error> {
        let ok = self.unsign_at(signed_obj, max_age, now)?;
        Ok(Timestamped {
            value: self.signer.decode_payload_as(ok.value)?,
            timestamp: ok.timestamp,
        })
    }

    /// `unsign_object(signed_obj, max_age=max_age)` with `time.time()` fixed to `now`, as a
    /// [`Value`].
    ///
    /// # Errors
    /// As [`TimestampSigner::unsign_object_at`], without [`Error::TypeMismatch`].
    pub fn unsign_object_value_at(
        &self,
        signed_obj: &str,
        max_age: Option<f64>,
        now: f64,
    ) -> Result<Timestamped<Value>, Error> {
        let ok = self.unsign_at(signed_obj, max_age, now)?;
        Ok(Timestamped {
            value: self.signer.decode_payload(ok.value)?,
            timestamp: ok.timestamp,
        })
    }

    /// Django's `TimestampSigner.unsign_object(signed_obj, max_age=max_age)`, at the current
    /// time, typed.
    ///
    /// # Errors
    /// As [`TimestampSigner::unsign_object_at`].
    #[cfg(feature = "std")]
    pub fn unsign_object<T: DeserializeOwned>(
        &self,
        signed_obj: &str,
        max_age: Option<f64>,
    ) -> Result<Timestamped<T>, Error> {
        self.unsign_object_at(signed_obj, max_age, unix_now())
    }

    /// Appends `sep + b62(timestamp)`, then signs the whole buffer in place.
    fn stamp_and_sign(&self, buf: &mut String, timestamp: i64) {
        buf.push_str(self.signer.sep());
        push_b62(timestamp, buf);
        self.signer.sign_in_place(buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_inputs_must_be_finite_and_in_range() {
        let s = TimestampSigner::new("k").unwrap();
        let token = s.sign_at("v", 1_700_000_000);
        for now in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -1e308,
            1e308,
            MAX_ABS_NOW.next_up(),
            -MAX_ABS_NOW.next_up(),
        ] {
            assert_eq!(
                s.unsign_at(&token, None, now),
                Err(Error::InvalidTime),
                "{now}"
            );
            assert_eq!(
                s.unsign_at(&token, Some(60.0), now),
                Err(Error::InvalidTime),
                "{now}"
            );
        }
        for max_age in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let got = s.unsign_at(&token, Some(max_age), 1_700_000_000.0);
            assert_eq!(got, Err(Error::InvalidTime), "{max_age}");
        }
        // the edges are accepted, and mean what Django's arithmetic says
        assert!(s.unsign_at(&token, None, MAX_ABS_NOW).is_ok());
        assert!(
            s.unsign_at(&token, Some(1e20), -MAX_ABS_NOW).is_ok(),
            "from the future"
        );
        assert!(matches!(
            s.unsign_at(&token, Some(1e15), MAX_ABS_NOW),
            Err(Error::SignatureExpired { .. })
        ));
        assert!(
            s.unsign_at(&token, Some(1e20), MAX_ABS_NOW).is_ok(),
            "1e20 is never"
        );
        assert!(matches!(
            s.unsign_at(&token, Some(-1e308), 1_700_000_000.0),
            Err(Error::SignatureExpired { .. })
        ));
    }
}
