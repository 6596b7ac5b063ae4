//! `SessionBase`'s data and expiry helpers (Django: `django/contrib/sessions/backends/base.py`):
//! the session as an ordered JSON object, `set_expiry`, `get_expiry_age`, `get_expiry_date`,
//! `get_expire_at_browser_close`, and the auth keys `django.contrib.auth.login` stores.

use alloc::string::String;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Error;
use crate::contrib::auth::{BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY};
use crate::contrib::sessions::SESSION_EXPIRY_KEY;
use crate::json::{Map, Value, from_value, to_value};
use crate::signing::Limits;
use crate::utils::datetime::{DateTime, seconds_to_us};

const US_PER_SEC: i64 = 1_000_000;

/// What `set_expiry` is given (Django accepts an int, a datetime, a timedelta or None).
///
/// ```
/// use djsign::{DateTime, Session, SetExpiry};
/// let mut session = Session::new();
/// session.set_expiry(SetExpiry::Seconds(300))?; // set_expiry(300)
/// assert_eq!(session.get_expiry_age(1_700_000_000.0, 1_209_600)?, 300.0);
/// session.set_expiry(SetExpiry::At(DateTime::parse_iso("2030-01-01T00:00:00+00:00")?))?;
/// assert_eq!(session.get("_session_expiry").and_then(|v| v.as_str()), Some("2030-01-01T00:00:00+00:00"));
/// session.set_expiry(SetExpiry::Default)?; // set_expiry(None)
/// assert!(session.get("_session_expiry").is_none());
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum SetExpiry {
    /// `set_expiry(None)`: remove the custom expiry, back to `SESSION_COOKIE_AGE`.
    Default,
    /// `set_expiry(n)`: `n` seconds of inactivity; `0` means "at browser close".
    Seconds(i64),
    /// `set_expiry(datetime)`: stored as its `isoformat()`.
    At(DateTime),
    /// `set_expiry(timedelta(seconds=...))`: `timezone.now() + delta` as an aware UTC datetime,
    /// with `now` given explicitly (Unix seconds).
    After {
        /// The current time, Unix seconds.
        now: f64,
        /// The delta in seconds.
        seconds: f64,
    },
}

/// The data of one session: an ordered JSON object, with Django's session helpers.
///
/// ```
/// use djsign::{Session, SessionStore};
/// let mut session = Session::new();
/// session.insert("theme", "dark");
/// session.insert_serialized("cart", &["MUG-001", "TEE-042"])?;
/// let cart: Option<Vec<String>> = session.get_as("cart")?;
/// assert_eq!(cart.as_deref(), Some(&["MUG-001".to_owned(), "TEE-042".to_owned()][..]));
/// assert_eq!(session.auth_user_id(), None); // not logged in
/// let store = SessionStore::new("django-insecure-key")?;
/// let cookie = store.save_at(&session, 1_700_000_000)?;
/// let loaded = store.load_at(&cookie, 1_700_000_060.0)?;
/// assert_eq!(loaded.data(), session.data());
/// assert_eq!(loaded.timestamp(), Some(1_700_000_000)); // the verified signing time
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Session {
    data: Map,
    timestamp: Option<i64>,
}

/// Serializes as the session's data, a JSON object in insertion order (the dict Django
/// stores), so a handler can hand a session to `serde_json` or `axum::Json` as it is. The
/// signing time is not part of it.
impl Serialize for Session {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.data.serialize(serializer)
    }
}

impl Session {
    /// An empty session.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            data: Map::new(),
            timestamp: None,
        }
    }

    /// A session loaded from a cookie signed at `timestamp`.
    pub(crate) const fn loaded(data: Map, timestamp: i64) -> Self {
        Self {
            data,
            timestamp: Some(timestamp),
        }
    }

    /// A session holding `data`.
    #[must_use]
    pub const fn from_map(data: Map) -> Self {
        Self {
            data,
            timestamp: None,
        }
    }

    /// The session data.
    #[must_use]
    pub const fn data(&self) -> &Map {
        &self.data
    }

    /// The session data, mutably.
    pub const fn data_mut(&mut self) -> &mut Map {
        &mut self.data
    }

    /// The session data, by value.
    #[must_use]
    pub fn into_map(self) -> Map {
        self.data
    }

    /// The verified signing time of the cookie this session was loaded from.
    #[must_use]
    pub const fn timestamp(&self) -> Option<i64> {
        self.timestamp
    }

    /// The value under `key`.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.data.get(key)
    }

    /// The value under `key` as a Rust type; `Ok(None)` when absent.
    ///
    /// # Errors
    /// [`Error::TypeMismatch`] if the value does not fit `T`.
    pub fn get_as<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, Error> {
        self.data.get(key).cloned().map(from_value).transpose()
    }

    /// Sets `key` (Python `session[key] = value`: an existing key keeps its position).
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        self.data.insert(key, value)
    }

    /// Sets `key` to any serializable value, converted as Django's JSON would store it.
    ///
    /// # Errors
    /// [`Error::Unserializable`].
    pub fn insert_serialized<T: ?Sized + Serialize>(
        &mut self,
        key: impl Into<String>,
        value: &T,
    ) -> Result<Option<Value>, Error> {
        Ok(self
            .data
            .insert(key, to_value(value, Limits::DEFAULT.max_json_depth)?))
    }

    /// Removes `key`.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.data.remove(key)
    }

    /// `_auth_user_id`: the logged-in user's primary key, as Django stores it (a string).
    #[must_use]
    pub fn auth_user_id(&self) -> Option<&str> {
        self.get(SESSION_KEY).and_then(Value::as_str)
    }

    /// `_auth_user_backend`: the dotted path of the backend that authenticated the user.
    #[must_use]
    pub fn auth_user_backend(&self) -> Option<&str> {
        self.get(BACKEND_SESSION_KEY).and_then(Value::as_str)
    }

    /// `_auth_user_hash`: see [`verify_session_auth_hash`](crate::verify_session_auth_hash).
    #[must_use]
    pub fn auth_user_hash(&self) -> Option<&str> {
        self.get(HASH_SESSION_KEY).and_then(Value::as_str)
    }

    /// Django's `set_expiry(value)`.
    ///
    /// # Errors
    /// [`Error::MalformedSessionExpiry`] if `SetExpiry::After` leaves Python's datetime range.
    pub fn set_expiry(&mut self, value: SetExpiry) -> Result<(), Error> {
        match value {
            SetExpiry::Default => {
                self.data.remove(SESSION_EXPIRY_KEY);
            }
            SetExpiry::Seconds(n) => {
                self.data.insert(SESSION_EXPIRY_KEY, n);
            }
            SetExpiry::At(dt) => {
                self.data.insert(SESSION_EXPIRY_KEY, dt.to_iso());
            }
            SetExpiry::After { now, seconds } => {
                let now_us = seconds_to_us(now).ok_or(Error::MalformedSessionExpiry)?;
                let delta = seconds_to_us(seconds).ok_or(Error::MalformedSessionExpiry)?;
                let at = DateTime::from_unix_us(now_us, Some(0))?.add_us(delta)?;
                self.data.insert(SESSION_EXPIRY_KEY, at.to_iso());
            }
        }
        Ok(())
    }

    /// Django's `get_expiry_age(modification=...)`: seconds from `modification` (Unix
    /// seconds, read as `timezone.now()`, an aware UTC datetime) until the session expires.
    ///
    /// # Errors
    /// [`Error::MalformedSessionExpiry`] where Django raises: an unreadable datetime, a naive
    /// datetime (it cannot be subtracted from an aware one), a value that is not a number.
    pub fn get_expiry_age(&self, modification: f64, cookie_age: i64) -> Result<f64, Error> {
        match self.get(SESSION_EXPIRY_KEY) {
            Some(Value::String(s)) => {
                let expiry = DateTime::parse_iso(s)?;
                if expiry.is_naive() {
                    return Err(Error::MalformedSessionExpiry);
                }
                let modification =
                    seconds_to_us(modification).ok_or(Error::MalformedSessionExpiry)?;
                let delta = expiry.instant_us(0).saturating_sub(modification);
                // timedelta: days * 86400 + seconds drops the microseconds, rounding down.
                #[allow(clippy::cast_precision_loss)]
                Ok(delta.div_euclid(US_PER_SEC) as f64)
            }
            other => match expiry_seconds(other)? {
                Some(secs) => Ok(secs),
                #[allow(clippy::cast_precision_loss)]
                None => Ok(cookie_age as f64),
            },
        }
    }

    /// Django's `get_expiry_date(modification=...)`: when the session expires.
    ///
    /// # Errors
    /// As [`Session::get_expiry_age`], and when the date leaves Python's datetime range.
    pub fn get_expiry_date(&self, modification: f64, cookie_age: i64) -> Result<DateTime, Error> {
        match self.get(SESSION_EXPIRY_KEY) {
            Some(Value::String(s)) => DateTime::parse_iso(s),
            other => {
                #[allow(clippy::cast_precision_loss)]
                let secs = expiry_seconds(other)?.unwrap_or(cookie_age as f64);
                let start = seconds_to_us(modification).ok_or(Error::MalformedSessionExpiry)?;
                let delta = seconds_to_us(secs).ok_or(Error::MalformedSessionExpiry)?;
                DateTime::from_unix_us(start, Some(0))?.add_us(delta)
            }
        }
    }

    /// Django's `get_expire_at_browser_close()`: `true` when the session's expiry is 0, the
    /// setting `SESSION_EXPIRE_AT_BROWSER_CLOSE` when it has none.
    #[must_use]
    pub fn get_expire_at_browser_close(&self, expire_at_browser_close_setting: bool) -> bool {
        match self.get(SESSION_EXPIRY_KEY) {
            None | Some(Value::Null) => expire_at_browser_close_setting,
            Some(Value::Int(0)) | Some(Value::Bool(false)) => true,
            Some(Value::Float(f)) => *f == 0.0,
            Some(_) => false,
        }
    }
}

/// `_session_expiry` as a number of seconds, with Python's truthiness: `None` for the falsy
/// values (absent, null, 0, 0.0, False), which mean "use `SESSION_COOKIE_AGE`".
pub(super) fn expiry_seconds(expiry: Option<&Value>) -> Result<Option<f64>, Error> {
    #[allow(clippy::cast_precision_loss)]
    let secs = match expiry {
        None | Some(Value::Null) | Some(Value::Bool(false)) => return Ok(None),
        Some(Value::Bool(true)) => 1.0,
        Some(Value::Int(i)) => *i as f64,
        Some(Value::Float(f)) if f.is_finite() => *f,
        // big ints, NaN and infinities overflow timedelta; lists, objects are a TypeError
        _ => return Err(Error::MalformedSessionExpiry),
    };
    Ok(if secs == 0.0 { None } else { Some(secs) })
}
