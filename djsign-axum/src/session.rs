//! The request's session, as `request.session` (`SessionBase` in
//! `django/contrib/sessions/backends/base.py` and the `signed_cookies` backend): loaded
//! lazily from the cookie, with Django's `accessed` and `modified` flags, which decide what
//! the middleware writes back.

use std::sync::{Arc, Mutex, MutexGuard};

use axum_core::extract::FromRequestParts;
use axum_core::response::{IntoResponse, Response};
use http::StatusCode;
use http::request::Parts;
use serde::Serialize;
use serde::de::DeserializeOwned;

use djsign::{Error, SetExpiry, Value};

use crate::conf::{Config, OnLoadError};

/// Whether the data has been loaded from the cookie.
#[derive(Debug)]
pub(crate) enum Cache {
    /// Not yet (Django: no `_session_cache` attribute).
    Unloaded,
    /// Loaded, or started empty.
    Loaded(djsign::Session),
    /// The cookie did not load and the policy is [`OnLoadError::Reject`].
    Refused(Error),
}

/// `SessionBase`'s state for one request.
#[derive(Debug)]
pub(crate) struct State {
    /// Django's validated `_session_key`: the cookie value when it has at least 8 characters.
    pub(crate) key: Option<String>,
    pub(crate) cache: Cache,
    pub(crate) accessed: bool,
    pub(crate) modified: bool,
    /// Why the cookie did not load, when it did not.
    pub(crate) load_error: Option<Error>,
}

impl State {
    pub(crate) fn new(cookie: Option<&str>) -> Self {
        Self {
            // SessionBase._validate_session_key: truthy and at least 8 characters.
            key: cookie.filter(|c| c.chars().count() >= 8).map(Into::into),
            cache: Cache::Unloaded,
            accessed: false,
            modified: false,
            load_error: None,
        }
    }

    /// `SessionBase.is_empty()`: no session key and no data.
    pub(crate) fn is_empty(&self) -> bool {
        self.key.is_none()
            && match &self.cache {
                Cache::Unloaded => true,
                Cache::Loaded(s) => s.data().is_empty(),
                Cache::Refused(_) => false,
            }
    }

    /// `_get_session()` without touching `accessed`: loads once.
    pub(crate) fn load(&mut self, config: &Config) -> Result<&mut djsign::Session, Error> {
        if matches!(self.cache, Cache::Unloaded) {
            self.cache = match &self.key {
                None => Cache::Loaded(djsign::Session::new()),
                Some(cookie) => match config.store.load_at(cookie, config.now()) {
                    Ok(s) => Cache::Loaded(s),
                    Err(e) => {
                        tracing::warn!(
                            target: "djsign_axum",
                            reason = e.slug(),
                            "session cookie refused"
                        );
                        self.load_error = Some(e.clone());
                        match config.settings.on_load_error {
                            OnLoadError::Reject => Cache::Refused(e),
                            OnLoadError::StartEmpty => self.start_empty(),
                        }
                    }
                },
            };
        }
        match &mut self.cache {
            Cache::Loaded(s) => Ok(s),
            Cache::Refused(e) => Err(e.clone()),
            // Set just above.
            Cache::Unloaded => Err(Error::InvalidTime),
        }
    }

    /// The signed_cookies backend's `create()` after a failed load: an empty session that
    /// must be written.
    fn start_empty(&mut self) -> Cache {
        self.modified = true;
        Cache::Loaded(djsign::Session::new())
    }
}

/// What the middleware puts in each request's extensions.
#[derive(Debug)]
pub(crate) struct RequestShared {
    pub(crate) config: Arc<Config>,
    /// `request.COOKIES`, in header order.
    pub(crate) cookies: Vec<(String, String)>,
    pub(crate) session: Mutex<State>,
    /// `response.cookies`: name and morsel, in first-set order.
    pub(crate) response_cookies: Mutex<Vec<(String, crate::cookie::Morsel)>>,
}

impl RequestShared {
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves consistent data (every update is a
        // single assignment), so the poison is cleared rather than spread.
        self.session
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

pub(crate) fn shared_from(parts: &Parts) -> Option<Arc<RequestShared>> {
    parts.extensions.get::<Arc<RequestShared>>().cloned()
}

/// The request's session: an axum extractor for handlers under the
/// [`SessionLayer`](crate::SessionLayer). Clones share the same session.
///
/// Reading marks the session accessed (the response then varies on `Cookie`); changing it
/// marks it modified (the response then carries the new cookie), exactly as in Django.
#[derive(Clone, Debug)]
pub struct Session {
    shared: Arc<RequestShared>,
}

impl Session {
    fn with<R>(&self, f: impl FnOnce(&mut State, &mut djsign::Session) -> R) -> R {
        let mut state = self.shared.state();
        state.accessed = true;
        let config = Arc::clone(&self.shared.config);
        // The extractor only hands out a Session whose data loaded (or started empty).
        let mut data = match state.load(&config) {
            Ok(s) => std::mem::take(s),
            Err(_) => djsign::Session::new(),
        };
        let out = f(&mut state, &mut data);
        if let Cache::Loaded(s) = &mut state.cache {
            *s = data;
        }
        out
    }

    /// `session.get(key)`.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<Value> {
        self.with(|_, s| s.get(key).cloned())
    }

    /// The value under `key` as a Rust type; `Ok(None)` when absent.
    ///
    /// # Errors
    /// [`Error::TypeMismatch`] if the value does not fit `T`.
    pub fn get_as<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, Error> {
        self.with(|_, s| s.get_as(key))
    }

    /// `key in session`.
    #[must_use]
    pub fn contains_key(&self, key: &str) -> bool {
        self.with(|_, s| s.data().contains_key(key))
    }

    /// `session[key] = value`.
    pub fn insert(&self, key: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        self.with(|st, s| {
            st.modified = true;
            s.insert(key, value)
        })
    }

    /// `session[key] = value` for any serializable value, converted as Django's JSON stores it.
    ///
    /// # Errors
    /// [`Error::Unserializable`]; the session is then unchanged.
    pub fn insert_serialized<T: ?Sized + Serialize>(
        &self,
        key: impl Into<String>,
        value: &T,
    ) -> Result<Option<Value>, Error> {
        self.with(|st, s| {
            let old = s.insert_serialized(key, value)?;
            st.modified = true;
            Ok(old)
        })
    }

    /// `session.pop(key, None)`: modified only when the key was there.
    pub fn remove(&self, key: &str) -> Option<Value> {
        self.with(|st, s| {
            let old = s.remove(key);
            st.modified |= old.is_some();
            old
        })
    }

    /// `session.clear()`: no data, same cookie key (the cookie is rewritten, not deleted).
    pub fn clear(&self) {
        let mut state = self.shared.state();
        state.cache = Cache::Loaded(djsign::Session::new());
        state.accessed = true;
        state.modified = true;
    }

    /// `session.flush()`: no data and no key, so the response deletes the cookie (logout).
    pub fn flush(&self) {
        let mut state = self.shared.state();
        state.cache = Cache::Loaded(djsign::Session::new());
        state.key = None;
        state.accessed = true;
        state.modified = true;
    }

    /// `session.cycle_key()`: same data, a freshly signed cookie (`signed_cookies` has no
    /// server-side key to rotate; Django marks the session modified).
    pub fn cycle_key(&self) {
        self.with(|st, _| st.modified = true);
    }

    /// `session.set_expiry(value)`; `SetExpiry::Default` modifies only when a custom expiry
    /// was set, as Django's `del self["_session_expiry"]`.
    ///
    /// # Errors
    /// As [`djsign::Session::set_expiry`]; the session is then unchanged.
    pub fn set_expiry(&self, value: SetExpiry) -> Result<(), Error> {
        self.with(|st, s| {
            let had = s.data().contains_key(djsign::SESSION_EXPIRY_KEY);
            s.set_expiry(value)?;
            st.modified |= had || value != SetExpiry::Default;
            Ok(())
        })
    }

    /// `session.get_expiry_age()`: seconds from now until the session expires.
    ///
    /// # Errors
    /// [`Error::MalformedSessionExpiry`] where Django raises.
    pub fn get_expiry_age(&self) -> Result<f64, Error> {
        let config = Arc::clone(&self.shared.config);
        self.with(|_, s| s.get_expiry_age(config.now(), config.settings.cookie_age))
    }

    /// `session.get_expire_at_browser_close()`.
    #[must_use]
    pub fn get_expire_at_browser_close(&self) -> bool {
        let close = self.shared.config.settings.expire_at_browser_close;
        self.with(|_, s| s.get_expire_at_browser_close(close))
    }

    /// `session.is_empty()`: no data and no cookie key.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.shared.state().is_empty()
    }

    /// A copy of the data (serializable: hand it to `axum::Json`).
    #[must_use]
    pub fn data(&self) -> djsign::Map {
        self.with(|_, s| s.data().clone())
    }

    /// Changes the data in place; the session counts as modified.
    pub fn modify<R>(&self, f: impl FnOnce(&mut djsign::Session) -> R) -> R {
        self.with(|st, s| {
            st.modified = true;
            f(s)
        })
    }

    /// `_auth_user_id`, the logged-in user's primary key as Django stores it.
    #[must_use]
    pub fn auth_user_id(&self) -> Option<String> {
        self.with(|_, s| s.auth_user_id().map(Into::into))
    }

    /// Why the cookie did not load, when it did not (with [`OnLoadError::StartEmpty`], the
    /// handler sees an empty session and this reason).
    #[must_use]
    pub fn load_error(&self) -> Option<Error> {
        self.shared.state().load_error.clone()
    }

    pub(crate) fn shared(&self) -> &Arc<RequestShared> {
        &self.shared
    }
}

/// Why the [`Session`] extractor failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum SessionRejection {
    /// The handler is not under a [`SessionLayer`](crate::SessionLayer): a programming error
    /// (500).
    MissingLayer,
    /// The session cookie did not load, with [`OnLoadError::Reject`] (400). The error's
    /// slug is in the response body; nothing about the cookie's content is.
    Invalid(InvalidSession),
}

/// A session cookie that did not load: why, and the way to start afresh.
#[derive(Debug)]
pub struct InvalidSession {
    error: Error,
    session: Session,
}

impl InvalidSession {
    /// Why the cookie was refused.
    #[must_use]
    pub const fn error(&self) -> &Error {
        &self.error
    }

    /// Starts an empty session in place of the refused one, as Django would have done: the
    /// response carries a cookie of the new session once the handler writes to it (or at
    /// once with `SESSION_SAVE_EVERY_REQUEST`).
    #[must_use]
    pub fn start_empty(self) -> Session {
        let mut state = self.session.shared.state();
        state.cache = Cache::Loaded(djsign::Session::new());
        state.modified = true;
        drop(state);
        self.session
    }
}

impl SessionRejection {
    /// The error kind (`bad-signature`, `expired`, ...) or `missing-session-layer`.
    #[must_use]
    pub const fn slug(&self) -> &'static str {
        match self {
            Self::MissingLayer => "missing-session-layer",
            Self::Invalid(invalid) => invalid.error.slug(),
        }
    }

    /// Why the cookie was refused; `None` for [`SessionRejection::MissingLayer`].
    #[must_use]
    pub const fn error(&self) -> Option<&Error> {
        match self {
            Self::MissingLayer => None,
            Self::Invalid(invalid) => Some(&invalid.error),
        }
    }

    /// [`InvalidSession::start_empty`]; `None` for [`SessionRejection::MissingLayer`].
    #[must_use]
    pub fn start_empty(self) -> Option<Session> {
        match self {
            Self::MissingLayer => None,
            Self::Invalid(invalid) => Some(invalid.start_empty()),
        }
    }
}

impl std::fmt::Display for SessionRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::MissingLayer => f.write_str("the session layer is not installed"),
            Self::Invalid(invalid) => {
                write!(f, "invalid session cookie ({})", invalid.error.slug())
            }
        }
    }
}

impl std::error::Error for SessionRejection {}

impl IntoResponse for SessionRejection {
    fn into_response(self) -> Response {
        let status = match self {
            Self::MissingLayer => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Invalid(_) => StatusCode::BAD_REQUEST,
        };
        (status, self.to_string()).into_response()
    }
}

/// Loads the session for an extractor: marks it accessed and fails as the policy says.
pub(crate) fn session_from_parts(parts: &Parts) -> Result<Session, SessionRejection> {
    let shared = shared_from(parts).ok_or(SessionRejection::MissingLayer)?;
    let session = Session { shared };
    let loaded = {
        let mut state = session.shared.state();
        state.accessed = true;
        let config = Arc::clone(&session.shared.config);
        state.load(&config).map(|_| ())
    };
    match loaded {
        Ok(()) => Ok(session),
        Err(error) => Err(SessionRejection::Invalid(InvalidSession { error, session })),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Session {
    type Rejection = SessionRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        session_from_parts(parts)
    }
}
