//! `SystemTime` and `Duration` forms of the explicit-time operations (`std` only).
//!
//! Django reads `time.time()` (a float) and takes `max_age` as seconds or a `timedelta`; the
//! core API mirrors that with `f64`/`i64` so it works without std. A Rust service holds
//! `SystemTime` and `Duration`; these methods convert exactly as Python would (`time.time()`
//! as float seconds, `int(time.time())` truncated for a signing timestamp) and call the
//! `*_at` method beside them, so both forms give the same bytes.

use alloc::string::String;
use core::time::Duration;
use std::time::{SystemTime, UNIX_EPOCH};

#[cfg(feature = "contrib")]
use crate::{CookieValue, DateTime, Session, SessionStore, SetExpiry, SignedCookie};
use crate::{Error, TimestampSigner, Timestamped};

/// `t` as Unix seconds, the float `time.time()` would return at `t` (negative before 1970).
///
/// ```
/// use std::time::{Duration, SystemTime, UNIX_EPOCH};
/// use djsign::{TimestampSigner, unix_seconds};
/// let t = UNIX_EPOCH + Duration::from_millis(1_700_000_000_500);
/// assert_eq!(unix_seconds(t), 1_700_000_000.5);
/// // The SystemTime forms of the explicit-time methods give the same bytes.
/// let signer = TimestampSigner::new("predictable-secret")?;
/// assert_eq!(signer.sign_at_time("hello", t), signer.sign_at("hello", 1_700_000_000));
/// assert!(signer.unsign_at_time(&signer.sign_at_time("hello", t), Some(Duration::from_secs(60)), t).is_ok());
/// let _now: f64 = unix_seconds(SystemTime::now()); // = djsign::unix_now()
/// # Ok::<(), djsign::Error>(())
/// ```
#[must_use]
pub fn unix_seconds(t: SystemTime) -> f64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs_f64(),
        Err(before) => -before.duration().as_secs_f64(),
    }
}

/// `int(time.time())` at `t`: whole seconds, truncated toward zero.
#[allow(clippy::cast_possible_truncation)] // i64 seconds span 292 billion years
fn unix_timestamp(t: SystemTime) -> i64 {
    unix_seconds(t).trunc() as i64
}

fn max_age_seconds(max_age: Option<Duration>) -> Option<f64> {
    max_age.map(|d| d.as_secs_f64())
}

impl TimestampSigner {
    /// [`TimestampSigner::sign_at`] at `t`.
    #[must_use]
    pub fn sign_at_time(&self, value: &str, t: SystemTime) -> String {
        self.sign_at(value, unix_timestamp(t))
    }

    /// [`TimestampSigner::unsign_at`] with a `Duration` max age, at `now`.
    ///
    /// # Errors
    /// As [`TimestampSigner::unsign_at`].
    pub fn unsign_at_time<'a>(
        &self,
        signed: &'a str,
        max_age: Option<Duration>,
        now: SystemTime,
    ) -> Result<Timestamped<&'a str>, Error> {
        self.unsign_at(signed, max_age_seconds(max_age), unix_seconds(now))
    }
}

#[cfg(feature = "contrib")]
impl SessionStore {
    /// [`SessionStore::load_at`] at `now`.
    ///
    /// # Errors
    /// As [`SessionStore::load_at`].
    pub fn load_at_time(&self, cookie: &str, now: SystemTime) -> Result<Session, Error> {
        self.load_at(cookie, unix_seconds(now))
    }

    /// [`SessionStore::save_at`] at `t`.
    ///
    /// # Errors
    /// As [`SessionStore::save_at`].
    pub fn save_at_time(&self, session: &Session, t: SystemTime) -> Result<String, Error> {
        self.save_at(session, unix_timestamp(t))
    }
}

#[cfg(feature = "contrib")]
impl SignedCookie {
    /// [`SignedCookie::sign_at`] at `t`.
    #[must_use]
    pub fn sign_at_time(&self, value: &str, t: SystemTime) -> String {
        self.sign_at(value, unix_timestamp(t))
    }

    /// [`SignedCookie::unsign_at`] with a `Duration` max age, at `now`.
    ///
    /// # Errors
    /// As [`SignedCookie::unsign_at`].
    pub fn unsign_at_time<'a>(
        &self,
        cookie_value: &'a str,
        max_age: Option<Duration>,
        now: SystemTime,
    ) -> Result<CookieValue<'a>, Error> {
        self.unsign_at(cookie_value, max_age_seconds(max_age), unix_seconds(now))
    }
}

#[cfg(feature = "contrib")]
impl SetExpiry {
    /// `set_expiry(timedelta)` at `now`: [`SetExpiry::After`].
    #[must_use]
    pub fn after(delta: Duration, now: SystemTime) -> Self {
        Self::After {
            now: unix_seconds(now),
            seconds: delta.as_secs_f64(),
        }
    }

    /// `set_expiry(datetime)` with an aware UTC datetime at `t` (microseconds, as Python
    /// keeps them).
    ///
    /// # Errors
    /// [`Error::MalformedSessionExpiry`] outside Python's datetime range (years 1..=9999).
    pub fn at_time(t: SystemTime) -> Result<Self, Error> {
        let out_of_range = |_| Error::MalformedSessionExpiry;
        let us = match t.duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_micros()).map_err(out_of_range)?,
            // Floor, as for a datetime: 0.5 µs before 1970 is -1 µs.
            Err(before) => {
                let ns = before.duration().as_nanos();
                i64::try_from(ns.div_ceil(1000))
                    .map_err(out_of_range)?
                    .checked_neg()
                    .ok_or(Error::MalformedSessionExpiry)?
            }
        };
        Ok(Self::At(DateTime::from_unix_us(us, Some(0))?))
    }
}

#[cfg(feature = "contrib")]
impl Session {
    /// [`Session::get_expiry_age`] with `SESSION_COOKIE_AGE` as a `Duration`, at `now`.
    ///
    /// # Errors
    /// As [`Session::get_expiry_age`].
    pub fn get_expiry_age_at_time(
        &self,
        now: SystemTime,
        cookie_age: Duration,
    ) -> Result<f64, Error> {
        let age = i64::try_from(cookie_age.as_secs()).map_err(|_| Error::InvalidTime)?;
        self.get_expiry_age(unix_seconds(now), age)
    }
}
