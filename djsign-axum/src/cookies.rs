//! Plain and signed cookies: `request.COOKIES`, `request.get_signed_cookie`,
//! `response.set_cookie`, `response.set_signed_cookie` and `response.delete_cookie`
//! (`django/http/request.py`, `django/http/response.py`, `django/core/signing.py`).
//!
//! Signed cookies use djsign's [`SignedCookie`] with the settings' keys: the v2 salt, the
//! legacy salt when [`Settings::signed_cookie_write_legacy_salt`](crate::Settings) says so,
//! and on read the legacy retry only with `SIGNED_COOKIE_LEGACY_SALT_FALLBACK`.

use std::sync::Arc;
use std::time::Duration;

use axum_core::extract::FromRequestParts;
use http::request::Parts;

use djsign::{Error, SaltScheme, SignedCookie};

use crate::cookie::{CookieOptions, SameSite, delete_options, is_legal_name, lookup};
use crate::middleware::morsel;
use crate::session::{RequestShared, SessionRejection, shared_from};

/// The request's cookies and the cookies the response will set: an axum extractor for
/// handlers under the [`SessionLayer`](crate::SessionLayer).
#[derive(Clone, Debug)]
pub struct Cookies {
    shared: Arc<RequestShared>,
}

/// A cookie Django could not have set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CookieError {
    /// The name is not one Python's `http.cookies` accepts (`CookieError` in Django).
    InvalidName,
    /// The value has a character above U+00FF, which no `Set-Cookie` header can carry.
    UnsendableValue,
    /// `max_age` is not finite or the expiry date leaves years 1..=9999.
    InvalidMaxAge,
    /// `path` or `domain` has `;`, a control or a non-ASCII character.
    InvalidAttribute,
}

impl std::fmt::Display for CookieError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::InvalidName => "the cookie name is not legal",
            Self::UnsendableValue => "the cookie value has a character above U+00FF",
            Self::InvalidMaxAge => "max_age is out of range",
            Self::InvalidAttribute => "the cookie path or domain cannot be written",
        })
    }
}

impl std::error::Error for CookieError {}

impl Cookies {
    /// `request.COOKIES.get(name)` (the last of duplicate names, unquoted as Python does).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<String> {
        lookup(&self.shared.cookies, name).map(Into::into)
    }

    fn signer(&self, name: &str, salt: &str) -> Result<SignedCookie, Error> {
        let config = &self.shared.config;
        let rules = &config.settings.rules;
        let mut builder = SignedCookie::builder(&config.key, name).salt(salt);
        if let Some(version) = rules.django_version {
            builder = builder.django_version(version);
        }
        if let Some(on) = rules.legacy_salt_fallback {
            builder = builder.legacy_salt_fallback(on);
        }
        if let Some(legacy) = rules.write_legacy_salt {
            builder = builder.signing_salt(if legacy {
                SaltScheme::Legacy
            } else {
                SaltScheme::V2
            });
        }
        for k in &config.fallbacks {
            builder = builder.fallback_key(k);
        }
        builder.build()
    }

    /// `request.get_signed_cookie(name, salt=salt, max_age=max_age)`: `Ok(None)` when the
    /// request has no such cookie.
    ///
    /// # Errors
    /// Why the cookie was refused ([`Error::BadSignature`], [`Error::SignatureExpired`], ...).
    pub fn get_signed(
        &self,
        name: &str,
        salt: &str,
        max_age: Option<Duration>,
    ) -> Result<Option<String>, Error> {
        let Some(value) = lookup(&self.shared.cookies, name) else {
            return Ok(None);
        };
        let now = self.shared.config.now();
        self.signer(name, salt)?
            .unsign_at(value, max_age.map(|d| d.as_secs_f64()), now)
            .map(|v| Some(v.value.to_owned()))
            .inspect_err(|e| {
                tracing::info!(target: "djsign_axum", reason = e.slug(), "signed cookie refused");
            })
    }

    /// `response.set_cookie(name, value, ...)`.
    ///
    /// # Errors
    /// [`CookieError`]; nothing is set then.
    pub fn set(&self, name: &str, value: &str, options: &CookieOptions) -> Result<(), CookieError> {
        if !is_legal_name(name) {
            return Err(CookieError::InvalidName);
        }
        let writable = |s: &str| s.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b';');
        if !options.path.as_deref().is_none_or(writable)
            || !options.domain.as_deref().is_none_or(writable)
        {
            return Err(CookieError::InvalidAttribute);
        }
        if crate::cookie::quote(value).is_none() {
            return Err(CookieError::UnsendableValue);
        }
        let now = self.shared.config.now();
        let mut jar = self
            .shared
            .response_cookies
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Work on a copy so that a failure leaves the earlier morsel as it was.
        let mut updated = jar
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, m)| m.clone())
            .unwrap_or_default();
        updated
            .set_cookie(value, options, now)
            .ok_or(CookieError::InvalidMaxAge)?;
        if let Some(m) = morsel(&mut jar, name) {
            *m = updated;
        }
        Ok(())
    }

    /// `response.set_signed_cookie(name, value, salt=salt, ...)`.
    ///
    /// # Errors
    /// [`CookieError`]; nothing is set then.
    pub fn set_signed(
        &self,
        name: &str,
        value: &str,
        salt: &str,
        options: &CookieOptions,
    ) -> Result<(), CookieError> {
        let signer = self
            .signer(name, salt)
            .map_err(|_| CookieError::InvalidName)?;
        #[allow(clippy::cast_possible_truncation)]
        let timestamp = self.shared.config.now().floor() as i64;
        let signed = signer.sign_at(value, timestamp);
        self.set(name, &signed, options)
    }

    /// `response.delete_cookie(name, path, domain, samesite)`.
    ///
    /// # Errors
    /// [`CookieError::InvalidName`] or [`CookieError::InvalidAttribute`].
    pub fn delete(
        &self,
        name: &str,
        path: &str,
        domain: Option<&str>,
        samesite: Option<SameSite>,
    ) -> Result<(), CookieError> {
        self.set(name, "", &delete_options(name, path, domain, samesite))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Cookies {
    type Rejection = SessionRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let shared = shared_from(parts).ok_or(SessionRejection::MissingLayer)?;
        Ok(Self { shared })
    }
}
