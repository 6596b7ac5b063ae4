//! The Django versions djsign reproduces, and every default that differs between them.
//!
//! Django's releases disagree on security-relevant points: which salt a signed cookie is
//! written with and which salts a reader accepts, whether the `signed_cookies` session backend
//! honours the session's own expiry, how payload bytes are decoded before JSON, and whether a
//! pickled session can exist at all. Each builder takes `.django_version(v)` and sets all of
//! them to that release's; an explicit option set on the same builder still wins, whatever the
//! order of the calls. Without a version the defaults are those of
//! [`DjangoVersion::NEWEST_RELEASE`], except the session expiry policy, which stays
//! [`ExpiryPolicy::Strict`](crate::ExpiryPolicy::Strict): no default is more lenient than the
//! newest release.
//!
//! Each row was read from the installed release's own source (`django/core/signing.py`,
//! `django/conf/global_settings.py`, `django/http/request.py`, `django/http/response.py`,
//! `django/contrib/sessions/`) and is checked by running it: `tests/django/capture_versions.py`
//! and `vectors/check_django.py` in one venv per release. Django's development branch
//! (`main`, to be 6.2) cannot be installed; its two differences (tickets #27775 and #37223) are
//! restated from its source and cross-checked with `vectors/crosscheck_django_main.py`.

use core::fmt;

use crate::json::JsonCodec;

/// A Django release line (or its development branch), by the name `--django` takes.
///
/// ```
/// use djsign::DjangoVersion;
/// assert_eq!(DjangoVersion::from_name("6.1"), Some(DjangoVersion::V6_1));
/// assert_eq!(DjangoVersion::V4_2.name(), "4.2");
/// assert_eq!(DjangoVersion::default(), DjangoVersion::NEWEST_RELEASE);
/// assert_eq!(DjangoVersion::from_name("6.1.3"), None); // release lines, not patch releases
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum DjangoVersion {
    /// Django 4.2 LTS (checked against 4.2.30): signs and reads cookies with the legacy salt
    /// only, and still has the `PickleSerializer`.
    V4_2,
    /// Django 5.2 LTS (checked against 5.2.19; the v2 cookie salt since 5.2.15).
    V5_2,
    /// Django 6.0 (checked against 6.0.10).
    V6_0,
    /// Django 6.1 (checked against 6.1.3): `SIGNED_COOKIE_LEGACY_SALT_FALLBACK` defaults to
    /// `False`.
    #[default]
    V6_1,
    /// Django's development branch (`main`, to be 6.2): honours `_session_expiry` in the
    /// `signed_cookies` backend (#27775) and reads and writes payloads as UTF-8 (#37223).
    Main,
}

impl DjangoVersion {
    /// Every version, oldest first.
    pub const ALL: [Self; 5] = [Self::V4_2, Self::V5_2, Self::V6_0, Self::V6_1, Self::Main];

    /// The newest release (6.1), whose defaults apply when no version is given.
    pub const NEWEST_RELEASE: Self = Self::V6_1;

    /// `4.2`, `5.2`, `6.0`, `6.1` or `main`: the spelling the CLI and the vectors use.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::V4_2 => "4.2",
            Self::V5_2 => "5.2",
            Self::V6_0 => "6.0",
            Self::V6_1 => "6.1",
            Self::Main => "main",
        }
    }

    /// The version with exactly that [`name`](Self::name); `None` for anything else
    /// (`"6.1.3"`, `"v6.1"`, `"Main"`).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.name() == name)
    }

    /// True for the released lines, false for the development branch.
    #[must_use]
    pub const fn is_release(self) -> bool {
        !matches!(self, Self::Main)
    }

    /// How `JSONSerializer` turns payload bytes into text and back: latin-1 in every
    /// release, UTF-8 on `main` (#37223), where payload bytes that are not UTF-8 are an error.
    #[must_use]
    pub const fn json_codec(self) -> JsonCodec {
        match self {
            Self::Main => JsonCodec::Utf8,
            _ => JsonCodec::Latin1,
        }
    }

    /// Whether a payload that is a Python pickle is reported as
    /// [`Error::PickledPayload`](crate::Error::PickledPayload): on 4.2, whose
    /// `PickleSerializer` can have written it (djsign never unpickles). From 5.0 no Django
    /// writes pickles, and such a payload is what Django then finds it to be: not JSON.
    #[must_use]
    pub const fn detects_pickle(self) -> bool {
        matches!(self, Self::V4_2)
    }

    /// The salt `set_signed_cookie` writes: the legacy `name + salt` on 4.2, v2 after.
    #[cfg(feature = "contrib")]
    #[must_use]
    pub const fn cookie_salt_written(self) -> crate::SaltScheme {
        match self {
            Self::V4_2 => crate::SaltScheme::Legacy,
            _ => crate::SaltScheme::V2,
        }
    }

    /// The salts `get_signed_cookie` accepts with the settings' defaults: the legacy salt only
    /// on 4.2; v2 with the legacy fallback on 5.2 and 6.0
    /// (`SIGNED_COOKIE_LEGACY_SALT_FALLBACK = True`); v2 only on 6.1 and `main` (`False`).
    #[cfg(feature = "contrib")]
    #[must_use]
    pub const fn cookie_salts_accepted(self) -> crate::AcceptedSalts {
        match self {
            Self::V4_2 => crate::AcceptedSalts::LegacyOnly,
            Self::V5_2 | Self::V6_0 => crate::AcceptedSalts::V2WithLegacyFallback,
            Self::V6_1 | Self::Main => crate::AcceptedSalts::V2,
        }
    }

    /// The `signed_cookies` session expiry rule: the releases ignore `_session_expiry`
    /// ([`ExpiryPolicy::Django`](crate::ExpiryPolicy::Django)), `main` honours it
    /// ([`ExpiryPolicy::DjangoDev`](crate::ExpiryPolicy::DjangoDev), #27775).
    #[cfg(feature = "contrib")]
    #[must_use]
    pub const fn expiry_policy(self) -> crate::ExpiryPolicy {
        match self {
            Self::Main => crate::ExpiryPolicy::DjangoDev,
            _ => crate::ExpiryPolicy::Django,
        }
    }
}

impl fmt::Display for DjangoVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_nothing_else_parses() {
        for v in DjangoVersion::ALL {
            assert_eq!(DjangoVersion::from_name(v.name()), Some(v));
            assert_eq!(alloc::format!("{v}"), v.name());
        }
        for bad in [
            "", "4", "4.2.30", "6.1.3", "v6.1", "Main", "MAIN", " 6.1", "6.2", "dev",
        ] {
            assert_eq!(DjangoVersion::from_name(bad), None, "{bad:?}");
        }
        assert_eq!(DjangoVersion::default(), DjangoVersion::V6_1);
        assert!(DjangoVersion::ALL.windows(2).all(|w| w[0] < w[1]));
        assert!(!DjangoVersion::Main.is_release() && DjangoVersion::NEWEST_RELEASE.is_release());
    }
}
