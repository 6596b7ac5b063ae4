//! The settings, named as Django's (`django/conf/global_settings.py`), with Django's
//! defaults; [`Settings::layer`] checks them and builds the [`SessionLayer`].

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use djsign::{DjangoVersion, ExpiryPolicy, IntoSecretKey, SecretKey, SessionStore};

use crate::cookie::{SameSite, is_legal_name};
use crate::middleware::SessionLayer;

/// What to do when the session cookie does not load (bad signature, expired, malformed...).
///
/// Either way the reason is logged (`tracing`, target `djsign_axum`, field `reason` = the
/// error's slug) and available to the handler.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OnLoadError {
    /// The [`Session`](crate::Session) extractor fails with
    /// [`SessionRejection::Invalid`](crate::SessionRejection) (400, naming the error kind);
    /// nothing is written back. Extract `Result<Session, SessionRejection>` to decide per
    /// handler ([`SessionRejection::start_empty`](crate::SessionRejection::start_empty)).
    #[default]
    Reject,
    /// Django's behaviour: an empty session that counts as modified, so a new cookie (of an
    /// empty session) replaces the bad one when the handler touches the session.
    StartEmpty,
}

/// A clock: the time the layer loads, saves and dates cookies at.
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Django's session, cookie and auth settings. Build with [`Settings::new`], set what
/// differs from Django's defaults, then [`Settings::layer`].
#[derive(Clone)]
pub struct Settings {
    pub(crate) secret_key: Result<SecretKey, djsign::Error>,
    pub(crate) fallbacks: Vec<Result<SecretKey, djsign::Error>>,
    pub(crate) cookie_name: String,
    pub(crate) cookie_age: i64,
    pub(crate) cookie_domain: Option<String>,
    pub(crate) cookie_path: String,
    pub(crate) cookie_secure: bool,
    pub(crate) cookie_httponly: bool,
    pub(crate) cookie_samesite: Option<SameSite>,
    pub(crate) expire_at_browser_close: bool,
    pub(crate) save_every_request: bool,
    pub(crate) authentication_backends: Vec<String>,
    pub(crate) rules: VersionRules,
    pub(crate) on_load_error: OnLoadError,
    pub(crate) clock: Clock,
}

/// The Django version and the explicit settings that override its defaults (`None`: the
/// version's, or without a version the library's: the newest release's, strict expiry).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct VersionRules {
    /// The Django release the site runs (`None`: the newest release's rules).
    pub(crate) django_version: Option<DjangoVersion>,
    /// Signed cookies are written with the legacy salt (Django 4.2, <= 5.2.14).
    pub(crate) write_legacy_salt: Option<bool>,
    /// `SIGNED_COOKIE_LEGACY_SALT_FALLBACK`.
    pub(crate) legacy_salt_fallback: Option<bool>,
    /// Which expiry rules decide whether a session cookie is still valid.
    pub(crate) expiry_policy: Option<ExpiryPolicy>,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("session_cookie_name", &self.cookie_name)
            .field("session_cookie_age", &self.cookie_age)
            .field("session_cookie_domain", &self.cookie_domain)
            .field("session_cookie_path", &self.cookie_path)
            .field("session_cookie_secure", &self.cookie_secure)
            .field("session_cookie_httponly", &self.cookie_httponly)
            .field("session_cookie_samesite", &self.cookie_samesite)
            .field(
                "session_expire_at_browser_close",
                &self.expire_at_browser_close,
            )
            .field("session_save_every_request", &self.save_every_request)
            .field("authentication_backends", &self.authentication_backends)
            .field("on_load_error", &self.on_load_error)
            .finish_non_exhaustive()
    }
}

/// A setting that cannot work.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ConfigError {
    /// `SECRET_KEY` or one of `SECRET_KEY_FALLBACKS` is unusable (empty), or a time setting
    /// is out of range: djsign's error.
    Djsign(djsign::Error),
    /// `SESSION_COOKIE_NAME` is not a name Python's `http.cookies` accepts.
    InvalidCookieName,
    /// `SESSION_COOKIE_PATH` or `SESSION_COOKIE_DOMAIN` holds a character that cannot be in
    /// a `Set-Cookie` header (`;`, a control character or non-ASCII).
    InvalidCookieAttribute,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Djsign(e) => write!(f, "{e}"),
            Self::InvalidCookieName => {
                f.write_str("SESSION_COOKIE_NAME is not a legal cookie name")
            }
            Self::InvalidCookieAttribute => f.write_str(
                "SESSION_COOKIE_PATH or SESSION_COOKIE_DOMAIN cannot be written in Set-Cookie",
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

impl From<djsign::Error> for ConfigError {
    fn from(e: djsign::Error) -> Self {
        Self::Djsign(e)
    }
}

fn system_clock() -> SystemTime {
    SystemTime::now()
}

impl Settings {
    /// Django's defaults with this `SECRET_KEY`: cookie `sessionid`, two weeks, path `/`,
    /// `HttpOnly`, `SameSite=Lax`, not `Secure`, backend `ModelBackend`; the rules of the
    /// newest Django release except the expiry policy, which is
    /// [`ExpiryPolicy::Strict`]; failed loads rejected ([`OnLoadError::Reject`]).
    pub fn new(secret_key: impl IntoSecretKey) -> Self {
        Self {
            secret_key: secret_key.into_secret_key(),
            fallbacks: Vec::new(),
            cookie_name: "sessionid".into(),
            cookie_age: djsign::DEFAULT_SESSION_COOKIE_AGE,
            cookie_domain: None,
            cookie_path: "/".into(),
            cookie_secure: false,
            cookie_httponly: true,
            cookie_samesite: Some(SameSite::Lax),
            expire_at_browser_close: false,
            save_every_request: false,
            authentication_backends: vec!["django.contrib.auth.backends.ModelBackend".into()],
            rules: VersionRules::default(),
            on_load_error: OnLoadError::Reject,
            clock: Arc::new(system_clock),
        }
    }

    /// `SECRET_KEY_FALLBACKS`: older keys still accepted on read, in order.
    #[must_use]
    pub fn secret_key_fallbacks<K: IntoSecretKey>(
        mut self,
        keys: impl IntoIterator<Item = K>,
    ) -> Self {
        self.fallbacks = keys
            .into_iter()
            .map(IntoSecretKey::into_secret_key)
            .collect();
        self
    }

    /// `SESSION_COOKIE_NAME` (default `sessionid`).
    #[must_use]
    pub fn session_cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookie_name = name.into();
        self
    }

    /// `SESSION_COOKIE_AGE` in seconds (default 1209600, two weeks).
    #[must_use]
    pub const fn session_cookie_age(mut self, seconds: i64) -> Self {
        self.cookie_age = seconds;
        self
    }

    /// `SESSION_COOKIE_DOMAIN` (default none).
    #[must_use]
    pub fn session_cookie_domain(mut self, domain: Option<String>) -> Self {
        self.cookie_domain = domain;
        self
    }

    /// `SESSION_COOKIE_PATH` (default `/`).
    #[must_use]
    pub fn session_cookie_path(mut self, path: impl Into<String>) -> Self {
        self.cookie_path = path.into();
        self
    }

    /// `SESSION_COOKIE_SECURE` (default `false`).
    #[must_use]
    pub const fn session_cookie_secure(mut self, on: bool) -> Self {
        self.cookie_secure = on;
        self
    }

    /// `SESSION_COOKIE_HTTPONLY` (default `true`).
    #[must_use]
    pub const fn session_cookie_httponly(mut self, on: bool) -> Self {
        self.cookie_httponly = on;
        self
    }

    /// `SESSION_COOKIE_SAMESITE` (default `Some(SameSite::Lax)`; `None` writes none).
    #[must_use]
    pub const fn session_cookie_samesite(mut self, samesite: Option<SameSite>) -> Self {
        self.cookie_samesite = samesite;
        self
    }

    /// `SESSION_EXPIRE_AT_BROWSER_CLOSE` (default `false`).
    #[must_use]
    pub const fn session_expire_at_browser_close(mut self, on: bool) -> Self {
        self.expire_at_browser_close = on;
        self
    }

    /// `SESSION_SAVE_EVERY_REQUEST` (default `false`).
    #[must_use]
    pub const fn session_save_every_request(mut self, on: bool) -> Self {
        self.save_every_request = on;
        self
    }

    /// `AUTHENTICATION_BACKENDS`: the `_auth_user_backend` values a session may name
    /// (default `["django.contrib.auth.backends.ModelBackend"]`).
    #[must_use]
    pub fn authentication_backends<B: Into<String>>(
        mut self,
        backends: impl IntoIterator<Item = B>,
    ) -> Self {
        self.authentication_backends = backends.into_iter().map(Into::into).collect();
        self
    }

    /// The Django release the site runs: sets every default that differs between releases
    /// to that release's (the table in `djsign::version`): the signed-cookie salt written and
    /// the salts accepted, the session expiry rule (released Django ignores
    /// `_session_expiry`, ticket #27775; `main` honours it), the payload codec and pickle
    /// detection. The explicit settings below still win, in any order. Default: the newest
    /// release's rules, with [`ExpiryPolicy::Strict`].
    #[must_use]
    pub const fn django_version(mut self, version: DjangoVersion) -> Self {
        self.rules.django_version = Some(version);
        self
    }

    /// `SIGNED_COOKIE_LEGACY_SALT_FALLBACK`: whether a signed cookie failing the v2 salt is
    /// retried with the legacy salt (`name + salt`, which collides). Default: the Django
    /// version's (`false` for 6.1 and without a version).
    #[must_use]
    pub const fn signed_cookie_legacy_salt_fallback(mut self, on: bool) -> Self {
        self.rules.legacy_salt_fallback = Some(on);
        self
    }

    /// Write signed cookies with the legacy salt, as Django 4.2 and <= 5.2.14 do, so that
    /// such a Django can read them. Default: the Django version's (legacy for 4.2, v2 after).
    #[must_use]
    pub const fn signed_cookie_write_legacy_salt(mut self, on: bool) -> Self {
        self.rules.write_legacy_salt = Some(on);
        self
    }

    /// Which expiry rules decide whether a session cookie is valid (see [`ExpiryPolicy`]).
    /// Default: the Django version's; [`ExpiryPolicy::Strict`] without a version.
    #[must_use]
    pub const fn expiry_policy(mut self, policy: ExpiryPolicy) -> Self {
        self.rules.expiry_policy = Some(policy);
        self
    }

    /// What a failed load does (default [`OnLoadError::Reject`]).
    #[must_use]
    pub const fn on_load_error(mut self, policy: OnLoadError) -> Self {
        self.on_load_error = policy;
        self
    }

    /// The clock (default the system clock), for tests and replays.
    #[must_use]
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Checks every setting and derives the keys.
    ///
    /// # Errors
    /// [`ConfigError`] for an empty key, a cookie name Python refuses, a path or domain that
    /// cannot be written, a cookie age out of range.
    pub fn layer(self) -> Result<SessionLayer, ConfigError> {
        Ok(SessionLayer::new(Arc::new(self.build()?)))
    }

    pub(crate) fn build(self) -> Result<Config, ConfigError> {
        let key = self.secret_key.clone()?;
        let fallbacks = self
            .fallbacks
            .iter()
            .cloned()
            .collect::<Result<Vec<_>, _>>()?;
        if !is_legal_name(&self.cookie_name) {
            return Err(ConfigError::InvalidCookieName);
        }
        let writable = |s: &str| s.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b';');
        if !writable(&self.cookie_path) || !self.cookie_domain.as_deref().is_none_or(writable) {
            return Err(ConfigError::InvalidCookieAttribute);
        }
        let mut store = SessionStore::builder(&key).cookie_age(self.cookie_age);
        if let Some(version) = self.rules.django_version {
            store = store.django_version(version);
        }
        if let Some(policy) = self.rules.expiry_policy {
            store = store.expiry_policy(policy);
        }
        for k in &fallbacks {
            store = store.fallback_key(k);
        }
        Ok(Config {
            store: store.build()?,
            key,
            fallbacks,
            settings: self,
        })
    }
}

/// The checked settings and derived keys, shared by every request.
pub(crate) struct Config {
    pub(crate) store: SessionStore,
    pub(crate) key: SecretKey,
    pub(crate) fallbacks: Vec<SecretKey>,
    pub(crate) settings: Settings,
}

impl Config {
    /// The clock's time in Unix seconds (a clock before 1970 gives negative seconds).
    pub(crate) fn now(&self) -> f64 {
        let t = (self.settings.clock)();
        match t.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(d) => d.as_secs_f64(),
            Err(e) => -e.duration().as_secs_f64(),
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}
