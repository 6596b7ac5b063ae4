//! Signed cookies (Django: `HttpResponse.set_signed_cookie` in `django/http/response.py`,
//! `HttpRequest.get_signed_cookie` in `django/http/request.py`, `get_cookie_signer` and
//! `_unsign_cookie` in `django/core/signing.py`). Behind the `contrib` feature.
//!
//! # The cookie salt collision
//!
//! The signer is a `TimestampSigner` keyed with `b"django.http.cookies" + SECRET_KEY` (and the
//! same prefix on every fallback key). The salt changed in Django 5.2.15: it was
//! `cookie_name + salt`, which collides (`("ab", "c")` and `("a", "bc")` both give `"abc"`, so one
//! cookie verifies as the other); it is now `django.http.cookies.v2:{len(salt)}:{salt}{name}`
//! with `len` counted in code points. Which salt is written and which are accepted on read
//! depends on the Django version ([`DjangoVersion::cookie_salts_accepted`](crate::DjangoVersion::cookie_salts_accepted)): 4.2 knows only the
//! legacy salt; 5.2 and 6.0 fall back to it when the v2 check fails other than by expiry
//! (`SIGNED_COOKIE_LEGACY_SALT_FALLBACK = True`), so the collision still works against them;
//! 6.1 refuses it (`False`), and so does djsign by default.
//!
//! Values are the cookie's value as `request.COOKIES` holds it (after HTTP cookie unquoting).
//!
//! ```
//! use djsign::{DjangoVersion, SignedCookie, cookie_salt_legacy};
//! // Legacy salts collide: cookie "ab" with salt "c" and cookie "a" with salt "bc".
//! assert_eq!(cookie_salt_legacy("ab", "c"), cookie_salt_legacy("a", "bc"));
//! let ab = SignedCookie::builder("key", "ab").salt("c").django_version(DjangoVersion::V5_2).build()?;
//! let a = SignedCookie::builder("key", "a").salt("bc").django_version(DjangoVersion::V5_2).build()?;
//! let forged = ab.sign_legacy_at("admin", 1_700_000_000);
//! assert!(a.unsign_at(&forged, None, 1_700_000_001.0).is_ok()); // 5.2 falls back: accepted
//! let a61 = SignedCookie::builder("key", "a").salt("bc").build()?; // 6.1 and the default
//! assert!(a61.unsign_at(&forged, None, 1_700_000_001.0).is_err());
//! # Ok::<(), djsign::Error>(())
//! ```
mod cookies;

pub use cookies::{
    AcceptedSalts, COOKIE_KEY_PREFIX, CookieValue, SaltScheme, SignedCookie, SignedCookieBuilder,
    cookie_salt_legacy, cookie_salt_v2,
};
