//! Django's signed cookies; the behaviour is described in the public module's docs
//! (`http/mod.rs`).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::Error;
use crate::signing::{IntoSecretKey, KeyList, Limits, SecretKey, TimestampSigner};
use crate::version::DjangoVersion;

/// The prefix Django puts before `SECRET_KEY` for cookie signing.
pub const COOKIE_KEY_PREFIX: &[u8] = b"django.http.cookies";

/// The salt Django >= 5.2.15 signs cookies with: `django.http.cookies.v2:{len(salt)}:{salt}{name}`.
///
/// ```
/// assert_eq!(djsign::cookie_salt_v2("prefs", "ui"), "django.http.cookies.v2:2:uiprefs");
/// ```
#[must_use]
pub fn cookie_salt_v2(cookie_name: &str, salt: &str) -> String {
    format!(
        "django.http.cookies.v2:{}:{salt}{cookie_name}",
        salt.chars().count()
    )
}

/// The salt of Django 4.2 and <= 5.2.14: `cookie_name + salt`.
///
/// ```
/// assert_eq!(djsign::cookie_salt_legacy("prefs", "ui"), "prefsui");
/// assert_eq!(djsign::cookie_salt_legacy("ab", "c"), djsign::cookie_salt_legacy("a", "bc")); // the collision
/// ```
#[must_use]
pub fn cookie_salt_legacy(cookie_name: &str, salt: &str) -> String {
    format!("{cookie_name}{salt}")
}

/// Which salt a cookie verified with.
///
/// ```
/// use djsign::{DjangoVersion, SaltScheme, SignedCookie};
/// let c = SignedCookie::builder("key", "prefs").django_version(DjangoVersion::V5_2).build()?;
/// let old = c.sign_legacy_at("dark", 1_700_000_000); // as Django 4.2 set it
/// assert_eq!(c.unsign_at(&old, None, 1_700_000_001.0)?.scheme, SaltScheme::Legacy);
/// assert_eq!(SaltScheme::V2.name(), "v2");
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SaltScheme {
    /// `django.http.cookies.v2:...` (Django >= 5.2.15).
    V2,
    /// `cookie_name + salt` (Django 4.2, <= 5.2.14).
    Legacy,
}

impl SaltScheme {
    /// `v2` or `legacy`, as the vectors and the CLI name them.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::V2 => "v2",
            Self::Legacy => "legacy",
        }
    }
}

/// Which salts `get_signed_cookie` accepts.
///
/// ```
/// use djsign::{AcceptedSalts, DjangoVersion, SignedCookie};
/// let default = SignedCookie::new("key", "prefs")?;
/// assert_eq!(default.accepted_salts(), AcceptedSalts::V2); // as Django 6.1
/// let c = SignedCookie::builder("key", "prefs").django_version(DjangoVersion::V4_2).build()?;
/// assert_eq!(c.accepted_salts(), AcceptedSalts::LegacyOnly);
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AcceptedSalts {
    /// The v2 salt only: Django 6.1 and later with `SIGNED_COOKIE_LEGACY_SALT_FALLBACK =
    /// False` (their default), and djsign's default.
    V2,
    /// The v2 salt, then the legacy salt unless the v2 check failed by expiry: Django 5.2.15+
    /// and 6.0 with `SIGNED_COOKIE_LEGACY_SALT_FALLBACK = True` (their default).
    V2WithLegacyFallback,
    /// The legacy salt only: Django 4.2 and <= 5.2.14, which know no other.
    LegacyOnly,
}

impl AcceptedSalts {
    /// `v2`, `v2+legacy` or `legacy`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::V2 => "v2",
            Self::V2WithLegacyFallback => "v2+legacy",
            Self::LegacyOnly => "legacy",
        }
    }
}

/// A verified signed cookie.
///
/// ```
/// use djsign::{SaltScheme, SignedCookie};
/// let prefs = SignedCookie::new("cookie-vectors-key", "prefs")?;
/// let ok = prefs.unsign_at("dark:1r31eq:woVxUYm2LgVKybdoNZWRlzn0SsoB_bsWxJXuBSZNMOs", None, 1_700_000_010.0)?;
/// assert_eq!((ok.value, ok.timestamp, ok.scheme), ("dark", 1_700_000_000, SaltScheme::V2));
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieValue<'a> {
    /// The cookie's value.
    pub value: &'a str,
    /// When it was signed (Unix seconds).
    pub timestamp: i64,
    /// The salt it verified with.
    pub scheme: SaltScheme,
}

/// The signers for one cookie name and salt, derived once.
///
/// ```
/// use djsign::SignedCookie;
/// // response.set_signed_cookie("prefs", "dark") in Django 5.2.19 at 1700000000 (a published vector)
/// let prefs = SignedCookie::new("cookie-vectors-key", "prefs")?;
/// let value = "dark:1r31eq:woVxUYm2LgVKybdoNZWRlzn0SsoB_bsWxJXuBSZNMOs";
/// assert_eq!(prefs.sign_at("dark", 1_700_000_000), value);
/// // request.get_signed_cookie("prefs", max_age=60): a minute is fine, a minute and a second is not.
/// assert_eq!(prefs.unsign_at(value, Some(60.0), 1_700_000_060.0)?.value, "dark");
/// assert_eq!(prefs.unsign_at(value, Some(60.0), 1_700_000_061.0).unwrap_err().slug(), "expired");
/// // A cookie only verifies under its own name.
/// let other = SignedCookie::new("cookie-vectors-key", "theme")?;
/// assert_eq!(other.unsign_at(value, None, 1_700_000_010.0).unwrap_err().slug(), "bad-signature");
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SignedCookie {
    v2: TimestampSigner,
    legacy: TimestampSigner,
    accepted: AcceptedSalts,
    written: SaltScheme,
}

/// Builds a [`SignedCookie`].
///
/// ```
/// use djsign::{DjangoVersion, SaltScheme, SignedCookie};
/// let cookie = SignedCookie::builder("new-key", "prefs")
///     .salt("ui")                            // set_signed_cookie(..., salt="ui")
///     .fallback_key("old-key")               // SECRET_KEY_FALLBACKS
///     .django_version(DjangoVersion::V5_2)   // read v2, fall back to the legacy salt
///     .signing_salt(SaltScheme::V2)
///     .build()?;
/// assert_eq!(cookie.signing_salt(), SaltScheme::V2);
/// # Ok::<(), djsign::Error>(())
/// ```
pub struct SignedCookieBuilder {
    key: Result<SecretKey, Error>,
    fallback_keys: KeyList,
    name: String,
    salt: String,
    version: Option<DjangoVersion>,
    accepted: Option<AcceptedSalts>,
    written: Option<SaltScheme>,
    limits: Limits,
}

impl core::fmt::Debug for SignedCookieBuilder {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SignedCookieBuilder")
            .field("name", &self.name)
            .field("salt", &self.salt)
            .field("version", &self.version)
            .field("accepted", &self.accepted)
            .field("written", &self.written)
            .finish_non_exhaustive()
    }
}

impl SignedCookieBuilder {
    /// The `salt` argument of `set_signed_cookie` / `get_signed_cookie` (default `""`).
    #[must_use]
    pub fn salt(mut self, salt: &str) -> Self {
        self.salt = salt.into();
        self
    }

    /// Adds a fallback key (`SECRET_KEY_FALLBACKS`, without the cookie prefix: it is added).
    #[must_use]
    pub fn fallback_key(mut self, key: impl IntoSecretKey) -> Self {
        self.fallback_keys.push(key);
        self
    }

    /// The salts written and accepted by `version` (see [`DjangoVersion::cookie_salt_written`]
    /// and [`DjangoVersion::cookie_salts_accepted`]). Default: [`DjangoVersion::NEWEST_RELEASE`]'s:
    /// v2 written, v2 only accepted. [`legacy_salt_fallback`](Self::legacy_salt_fallback),
    /// [`accepted_salts`](Self::accepted_salts) and [`signing_salt`](Self::signing_salt)
    /// override it, in whichever order they are called.
    #[must_use]
    pub const fn django_version(mut self, version: DjangoVersion) -> Self {
        self.version = Some(version);
        self
    }

    /// `SIGNED_COOKIE_LEGACY_SALT_FALLBACK`: `true` accepts the v2 salt, then the legacy salt
    /// when the v2 check fails for any reason but expiry
    /// ([`AcceptedSalts::V2WithLegacyFallback`]); `false` the v2 salt only
    /// ([`AcceptedSalts::V2`]). Default: the version's; without a version `false`, as in
    /// Django 6.1 (legacy salts collide: [module docs](crate::http)).
    #[must_use]
    pub const fn legacy_salt_fallback(self, on: bool) -> Self {
        self.accepted_salts(if on {
            AcceptedSalts::V2WithLegacyFallback
        } else {
            AcceptedSalts::V2
        })
    }

    /// Which salts `unsign` accepts (overrides the version's).
    #[must_use]
    pub const fn accepted_salts(mut self, accepted: AcceptedSalts) -> Self {
        self.accepted = Some(accepted);
        self
    }

    /// Which salt [`SignedCookie::sign_at`] writes (overrides the version's: legacy for 4.2,
    /// v2 after).
    #[must_use]
    pub const fn signing_salt(mut self, scheme: SaltScheme) -> Self {
        self.written = Some(scheme);
        self
    }

    /// Replaces the [`Limits`].
    #[must_use]
    pub const fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Derives the keys for both salts.
    ///
    /// # Errors
    /// [`Error::InvalidKey`] for an empty key or fallback key.
    pub fn build(self) -> Result<SignedCookie, Error> {
        let key = self.key?.with_prefix(COOKIE_KEY_PREFIX);
        let fallbacks: Vec<SecretKey> = self
            .fallback_keys
            .into_keys()?
            .iter()
            .map(|k| k.with_prefix(COOKIE_KEY_PREFIX))
            .collect();
        let signer = |salt: &str| {
            TimestampSigner::builder(&key)
                .salt(salt)
                .fallback_keys(fallbacks.iter())
                .limits(self.limits)
                .build()
        };
        let version = self.version.unwrap_or(DjangoVersion::NEWEST_RELEASE);
        Ok(SignedCookie {
            v2: signer(&cookie_salt_v2(&self.name, &self.salt))?,
            legacy: signer(&cookie_salt_legacy(&self.name, &self.salt))?,
            accepted: self.accepted.unwrap_or(version.cookie_salts_accepted()),
            written: self.written.unwrap_or(version.cookie_salt_written()),
        })
    }
}

impl SignedCookie {
    /// The signers for cookie `cookie_name` with salt `""` and the defaults of
    /// [`DjangoVersion::NEWEST_RELEASE`]: v2 written, v2 only accepted.
    ///
    /// # Errors
    /// [`Error::InvalidKey`] for an empty key.
    pub fn new(secret_key: impl IntoSecretKey, cookie_name: &str) -> Result<Self, Error> {
        Self::builder(secret_key, cookie_name).build()
    }

    /// A builder for the salt, fallback keys, Django version and accepted salts.
    pub fn builder(secret_key: impl IntoSecretKey, cookie_name: &str) -> SignedCookieBuilder {
        SignedCookieBuilder {
            key: secret_key.into_secret_key(),
            fallback_keys: KeyList::new(),
            name: cookie_name.into(),
            salt: String::new(),
            version: None,
            accepted: None,
            written: None,
            limits: Limits::DEFAULT,
        }
    }

    /// The salts [`unsign_at`](Self::unsign_at) accepts.
    #[must_use]
    pub const fn accepted_salts(&self) -> AcceptedSalts {
        self.accepted
    }

    /// The salt [`sign_at`](Self::sign_at) writes.
    #[must_use]
    pub const fn signing_salt(&self) -> SaltScheme {
        self.written
    }

    /// `response.set_signed_cookie(name, value, salt=...)`'s cookie value at `timestamp`, with
    /// the configured salt ([`signing_salt`](Self::signing_salt)).
    #[must_use]
    pub fn sign_at(&self, value: &str, timestamp: i64) -> String {
        match self.written {
            SaltScheme::V2 => self.sign_v2_at(value, timestamp),
            SaltScheme::Legacy => self.sign_legacy_at(value, timestamp),
        }
    }

    /// The cookie value Django >= 5.2.15 writes (v2 salt), whatever the configuration.
    #[must_use]
    pub fn sign_v2_at(&self, value: &str, timestamp: i64) -> String {
        self.v2.sign_at(value, timestamp)
    }

    /// The cookie value Django 4.2 or <= 5.2.14 writes (legacy salt), for such peers.
    #[must_use]
    pub fn sign_legacy_at(&self, value: &str, timestamp: i64) -> String {
        self.legacy.sign_at(value, timestamp)
    }

    /// `request.get_signed_cookie(name, salt=..., max_age=...)` with `time.time()` = `now`,
    /// trying the [accepted salts](Self::accepted_salts) as that Django does.
    ///
    /// # Errors
    /// As [`TimestampSigner::unsign_at`]; with the legacy fallback, after a v2 failure other
    /// than expiry, the error of the legacy attempt.
    pub fn unsign_at<'a>(
        &self,
        cookie_value: &'a str,
        max_age: Option<f64>,
        now: f64,
    ) -> Result<CookieValue<'a>, Error> {
        let legacy = || {
            self.legacy
                .unsign_at(cookie_value, max_age, now)
                .map(|t| (t, SaltScheme::Legacy))
        };
        let (t, scheme) = match self.accepted {
            AcceptedSalts::LegacyOnly => legacy()?,
            AcceptedSalts::V2 => (
                self.v2.unsign_at(cookie_value, max_age, now)?,
                SaltScheme::V2,
            ),
            AcceptedSalts::V2WithLegacyFallback => {
                match self.v2.unsign_at(cookie_value, max_age, now) {
                    Ok(t) => (t, SaltScheme::V2),
                    // Django retries on BadSignature (which excludes expiry and the
                    // ValueErrors of a malformed timestamp).
                    Err(Error::BadSignature | Error::NoSeparator) => legacy()?,
                    Err(e) => return Err(e),
                }
            }
        };
        Ok(CookieValue {
            value: t.value,
            timestamp: t.timestamp,
            scheme,
        })
    }

    /// `set_signed_cookie` at the current time, with the configured salt.
    #[cfg(feature = "std")]
    #[must_use]
    pub fn sign(&self, value: &str) -> String {
        match self.written {
            SaltScheme::V2 => self.v2.sign(value),
            SaltScheme::Legacy => self.legacy.sign(value),
        }
    }

    /// The legacy-salt cookie value at the current time.
    #[cfg(feature = "std")]
    #[must_use]
    pub fn sign_legacy(&self, value: &str) -> String {
        self.legacy.sign(value)
    }

    /// `get_signed_cookie` at the current time.
    ///
    /// # Errors
    /// As [`SignedCookie::unsign_at`].
    #[cfg(feature = "std")]
    pub fn unsign<'a>(
        &self,
        cookie_value: &'a str,
        max_age: Option<f64>,
    ) -> Result<CookieValue<'a>, Error> {
        self.unsign_at(cookie_value, max_age, crate::unix_now())
    }
}
