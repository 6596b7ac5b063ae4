//! Django's signed-cookie session backend (`django/contrib/sessions/backends/signed_cookies.py`);
//! its behaviour is described in the public module's docs (`contrib/sessions/mod.rs`).

use alloc::string::String;

use crate::Error;
use crate::contrib::sessions::base::expiry_seconds;
use crate::contrib::sessions::{DEFAULT_SESSION_COOKIE_AGE, SESSION_EXPIRY_KEY, Session};
use crate::json::Value;
use crate::signing::{IntoSecretKey, Limits, SignerBuilder, TimestampSigner};
use crate::utils::datetime::{DateTime, seconds_to_us};
use crate::version::DjangoVersion;

/// The salt of session cookies.
pub const SESSION_SALT: &str = "django.contrib.sessions.backends.signed_cookies";

const US_PER_SEC: i64 = 1_000_000;

/// Which Django's expiry rules decide whether a session cookie is still valid.
///
/// ```
/// use djsign::{DjangoVersion, ExpiryPolicy, SessionStore};
/// assert_eq!(SessionStore::new("key")?.expiry_policy(), ExpiryPolicy::Strict);
/// let as_5_2 = SessionStore::builder("key").django_version(DjangoVersion::V5_2).build()?;
/// assert_eq!(as_5_2.expiry_policy(), ExpiryPolicy::Django);
/// assert_eq!(ExpiryPolicy::from_name("django-dev"), Some(ExpiryPolicy::DjangoDev));
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExpiryPolicy {
    /// Accept only what both [`ExpiryPolicy::Django`] and [`ExpiryPolicy::DjangoDev`] accept:
    /// the session's own expiry is honoured and the cookie never outlives
    /// `SESSION_COOKIE_AGE`.
    #[default]
    Strict,
    /// Released Django (4.2 to 6.1): `_session_expiry` is ignored; the cookie is expired when
    /// `now - timestamp > SESSION_COOKIE_AGE` (so exactly `SESSION_COOKIE_AGE` still passes).
    Django,
    /// Django's development branch (the #27775 fix): the expiry date is `_session_expiry`
    /// when it is an ISO-8601 datetime, else the signing time plus `_session_expiry` seconds
    /// (or `SESSION_COOKIE_AGE` when it is absent or 0); expired when that date `<= now`.
    DjangoDev,
}

impl ExpiryPolicy {
    /// The CLI name: `strict`, `django` or `django-dev`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Strict => "strict",
            Self::Django => "django",
            Self::DjangoDev => "django-dev",
        }
    }

    /// The policy with that CLI name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Strict, Self::Django, Self::DjangoDev]
            .into_iter()
            .find(|p| p.name() == name)
    }
}

/// Loads and saves signed-cookie sessions (the expiry rules: [module docs](crate::contrib::sessions)).
///
/// ```
/// use djsign::SessionStore;
/// // Django 5.2.19's cookie for {"greeting": "héllo 🐍"}, saved at 1700000000 (a published vector).
/// let store = SessionStore::new("session-vectors-key")?;
/// let cookie = "eyJncmVldGluZyI6ImhcdTAwZTlsbG8gXHVkODNkXHVkYzBkIn0:1r31eq:eXzgIBTPi8mfxfcwK1Yr2xQkI5HCCNkcix-_l0f7tMA";
/// let session = store.load_at(cookie, 1_700_000_060.0)?;
/// assert_eq!(session.get("greeting").and_then(|v| v.as_str()), Some("h\u{e9}llo \u{1f40d}"));
/// assert_eq!(store.save_at(&session, 1_700_000_000)?, cookie);
/// // Two weeks (SESSION_COOKIE_AGE) and a second later, Django would start an empty session.
/// let err = store.load_at(cookie, 1_700_000_000.0 + 1_209_601.0).unwrap_err();
/// assert_eq!(err.slug(), "expired");
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SessionStore {
    signer: TimestampSigner,
    cookie_age: i64,
    policy: ExpiryPolicy,
    naive_utc_offset: i32,
}

/// Builds a [`SessionStore`].
///
/// ```
/// use djsign::{DjangoVersion, ExpiryPolicy, SessionStore};
/// let store = SessionStore::builder("new-key")
///     .fallback_key("old-key")              // SECRET_KEY_FALLBACKS
///     .cookie_age(3600)                     // SESSION_COOKIE_AGE
///     .django_version(DjangoVersion::V6_1)  // 6.1's defaults...
///     .expiry_policy(ExpiryPolicy::Strict)  // ...but honour the session's own expiry
///     .build()?;
/// assert_eq!((store.cookie_age(), store.expiry_policy()), (3600, ExpiryPolicy::Strict));
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Debug)]
pub struct SessionStoreBuilder {
    signer: SignerBuilder<TimestampSigner>,
    cookie_age: i64,
    version: Option<DjangoVersion>,
    policy: Option<ExpiryPolicy>,
    naive_utc_offset: i32,
}

impl SessionStoreBuilder {
    /// Loads sessions as `version` does: its expiry rule ([`DjangoVersion::expiry_policy`]:
    /// `_session_expiry` ignored by the releases, honoured by `main`), its JSON codec and its
    /// pickle detection. Without a version: [`ExpiryPolicy::Strict`] and the newest release's
    /// codec and pickle detection. [`expiry_policy`](Self::expiry_policy),
    /// [`json_codec`](Self::json_codec) and [`detect_pickle`](Self::detect_pickle) override it.
    #[must_use]
    pub fn django_version(mut self, version: DjangoVersion) -> Self {
        self.version = Some(version);
        self.signer = self.signer.django_version(version);
        self
    }

    /// How payload bytes become JSON text (overrides the version's); see
    /// [`SignerBuilder::json_codec`].
    #[must_use]
    pub fn json_codec(mut self, codec: crate::JsonCodec) -> Self {
        self.signer = self.signer.json_codec(codec);
        self
    }

    /// Whether a pickled (Django < 5.0) session is reported as [`Error::PickledPayload`]
    /// (overrides the version's); see [`SignerBuilder::detect_pickle`].
    #[must_use]
    pub fn detect_pickle(mut self, on: bool) -> Self {
        self.signer = self.signer.detect_pickle(on);
        self
    }

    /// Adds a fallback key (`SECRET_KEY_FALLBACKS`), tried after the key.
    #[must_use]
    pub fn fallback_key(mut self, key: impl IntoSecretKey) -> Self {
        self.signer = self.signer.fallback_key(key);
        self
    }

    /// `SESSION_COOKIE_AGE` in seconds (default two weeks).
    #[must_use]
    pub const fn cookie_age(mut self, seconds: i64) -> Self {
        self.cookie_age = seconds;
        self
    }

    /// The expiry rules (default: the version's, [`ExpiryPolicy::Strict`] without one).
    #[must_use]
    pub const fn expiry_policy(mut self, policy: ExpiryPolicy) -> Self {
        self.policy = Some(policy);
        self
    }

    /// The UTC offset, in seconds east, at which a naive `_session_expiry` datetime is read.
    /// Django reads it in the server's local time (`TIME_ZONE`); default 0 (UTC). A fixed
    /// offset cannot follow daylight-saving changes.
    #[must_use]
    pub const fn naive_utc_offset(mut self, seconds: i32) -> Self {
        self.naive_utc_offset = seconds;
        self
    }

    /// Replaces the [`Limits`].
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.signer = self.signer.limits(limits);
        self
    }

    /// Checks the settings and derives the keys.
    ///
    /// # Errors
    /// [`Error::InvalidKey`] for an empty key or fallback key; [`Error::InvalidTime`] for a
    /// naive UTC offset outside ±86399 s or a cookie age beyond Python's datetime range.
    pub fn build(self) -> Result<SessionStore, Error> {
        // Python's UTC offsets are strictly within a day; a cookie age past datetime's
        // 9999-year range could never be added to a signing time.
        const MAX_AGE_SECS: i64 = 315_537_897_599;
        if !(-86_399..=86_399).contains(&self.naive_utc_offset)
            || !(-MAX_AGE_SECS..=MAX_AGE_SECS).contains(&self.cookie_age)
        {
            return Err(Error::InvalidTime);
        }
        // No version, no leniency: `Strict` refuses whatever either rule refuses.
        let policy = self.policy.unwrap_or(match self.version {
            Some(v) => v.expiry_policy(),
            None => ExpiryPolicy::Strict,
        });
        Ok(SessionStore {
            signer: self.signer.build()?,
            cookie_age: self.cookie_age,
            policy,
            naive_utc_offset: self.naive_utc_offset,
        })
    }
}

impl SessionStore {
    /// A store with Django's defaults: two-week cookies, [`ExpiryPolicy::Strict`], the newest
    /// release's payload decoding.
    ///
    /// # Errors
    /// [`Error::InvalidKey`] for an empty key.
    pub fn new(secret_key: impl IntoSecretKey) -> Result<Self, Error> {
        Self::builder(secret_key).build()
    }

    /// A builder, for fallback keys, another cookie age, Django version or policy.
    pub fn builder(secret_key: impl IntoSecretKey) -> SessionStoreBuilder {
        SessionStoreBuilder {
            signer: TimestampSigner::builder(secret_key).salt(SESSION_SALT),
            cookie_age: DEFAULT_SESSION_COOKIE_AGE,
            version: None,
            policy: None,
            naive_utc_offset: 0,
        }
    }

    /// `SESSION_COOKIE_AGE` in seconds.
    #[must_use]
    pub const fn cookie_age(&self) -> i64 {
        self.cookie_age
    }

    /// The expiry policy.
    #[must_use]
    pub const fn expiry_policy(&self) -> ExpiryPolicy {
        self.policy
    }

    /// How payload bytes are decoded before JSON.
    #[must_use]
    pub const fn json_codec(&self) -> crate::JsonCodec {
        self.signer.json_codec()
    }

    /// Whether pickled sessions are reported as [`Error::PickledPayload`].
    #[must_use]
    pub const fn detects_pickle(&self) -> bool {
        self.signer.detects_pickle()
    }

    /// Loads the session in a `sessionid` cookie value at time `now` (Unix seconds).
    ///
    /// # Errors
    /// The signing errors ([`Error::BadSignature`], [`Error::SignatureExpired`] for the
    /// cookie age, ...), [`Error::SessionExpired`] for the session's own expiry,
    /// [`Error::MalformedSessionExpiry`], [`Error::PickledPayload`] for a Django < 5.0 pickle
    /// session (never unpickled), [`Error::TypeMismatch`] if the payload is not an object.
    pub fn load_at(&self, cookie: &str, now: f64) -> Result<Session, Error> {
        #[allow(clippy::cast_precision_loss)]
        let max_age = match self.policy {
            ExpiryPolicy::Strict | ExpiryPolicy::Django => Some(self.cookie_age as f64),
            ExpiryPolicy::DjangoDev => None,
        };
        let loaded = self.signer.unsign_object_value_at(cookie, max_age, now)?;
        let Value::Object(data) = loaded.value else {
            return Err(Error::TypeMismatch {
                message: "the session payload is not an object".into(),
            });
        };
        let session = Session::loaded(data, loaded.timestamp);
        if self.policy != ExpiryPolicy::Django {
            self.check_session_expiry(&session, loaded.timestamp, now)?;
        }
        Ok(session)
    }

    /// Django's development-branch rule: expired when the expiry date `<= now`.
    fn check_session_expiry(
        &self,
        session: &Session,
        timestamp: i64,
        now: f64,
    ) -> Result<(), Error> {
        let start = timestamp
            .checked_mul(US_PER_SEC)
            .ok_or(Error::MalformedSessionExpiry)?;
        let expiry = match session.get(SESSION_EXPIRY_KEY) {
            Some(Value::String(s)) => {
                let at = DateTime::parse_iso(s)?;
                // Django builds the signing time in the expiry's zone even though it does not
                // use it then; out of datetime's range, that raises.
                let zone = at.offset_secs().unwrap_or(self.naive_utc_offset);
                DateTime::from_unix_us(start, Some(zone))?;
                at
            }
            other => {
                // The signing time, as an aware UTC datetime, plus the expiry in seconds.
                #[allow(clippy::cast_precision_loss)]
                let secs = expiry_seconds(other)?.unwrap_or(self.cookie_age as f64);
                let delta = seconds_to_us(secs).ok_or(Error::MalformedSessionExpiry)?;
                DateTime::from_unix_us(start, Some(0))?.add_us(delta)?
            }
        };
        let now_us = seconds_to_us(now).ok_or(Error::InvalidTime)?;
        let expiry_us = expiry.instant_us(self.naive_utc_offset);
        if expiry_us <= now_us {
            #[allow(clippy::cast_precision_loss)]
            return Err(Error::SessionExpired {
                expiry: expiry_us as f64 / 1e6,
                timestamp,
            });
        }
        Ok(())
    }

    /// The cookie value Django writes for `session` at `timestamp`
    /// (`signing.dumps(session, compress=True, salt=SESSION_SALT)`).
    ///
    /// # Errors
    /// [`Error::Unserializable`].
    pub fn save_at(&self, session: &Session, timestamp: i64) -> Result<String, Error> {
        self.signer.sign_object_at(session.data(), true, timestamp)
    }

    /// Loads a session at the current time.
    ///
    /// # Errors
    /// As [`SessionStore::load_at`].
    #[cfg(feature = "std")]
    pub fn load(&self, cookie: &str) -> Result<Session, Error> {
        self.load_at(cookie, crate::unix_now())
    }

    /// Saves a session at the current time.
    ///
    /// # Errors
    /// As [`SessionStore::save_at`].
    #[cfg(feature = "std")]
    pub fn save(&self, session: &Session) -> Result<String, Error> {
        #[allow(clippy::cast_possible_truncation)]
        self.save_at(session, crate::unix_now().trunc() as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_out_of_range_are_refused() {
        assert!(
            SessionStore::builder("k")
                .naive_utc_offset(86_399)
                .build()
                .is_ok()
        );
        for b in [
            SessionStore::builder("k").naive_utc_offset(86_400),
            SessionStore::builder("k").naive_utc_offset(-86_400),
            SessionStore::builder("k").cookie_age(315_537_897_600),
        ] {
            assert_eq!(b.build().unwrap_err(), Error::InvalidTime);
        }
    }
}
