//! Sessions (Django: `django.contrib.sessions`): the data and expiry helpers of `SessionBase`
//! ([`Session`]) and the `signed_cookies` backend ([`SessionStore`]), the only backend whose
//! whole state travels in the cookie.
//!
//! # The `signed_cookies` backend and ticket #27775
//!
//! The cookie is `signing.dumps(session_dict, compress=True, salt=SESSION_SALT)`. Released
//! Django loads it with `max_age=SESSION_COOKIE_AGE` and ignores the session's own expiry
//! (`_session_expiry`, set by `set_expiry`): ticket #27775, so `set_expiry(300)` still leaves
//! the cookie valid for two weeks. Django's development branch honours it. Both behaviours
//! are offered by name ([`ExpiryPolicy`]) and chosen by `.django_version(v)`; without a
//! version the default accepts a session only if both would.
//!
//! Where Django swallows every failure and silently starts an empty session, [`SessionStore::load_at`]
//! returns the reason; the caller decides to start afresh.
//!
//! | policy | the session's own expiry (`_session_expiry`) | `SESSION_COOKIE_AGE` | Django |
//! |---|---|---|---|
//! | [`ExpiryPolicy::Django`] | ignored | expired when `now - signed > age` | 4.2 to 6.1 |
//! | [`ExpiryPolicy::DjangoDev`] | honoured: expired when the expiry date `<= now` | used when there is no own expiry | development branch (6.2) |
//! | [`ExpiryPolicy::Strict`] (default without a version) | honoured | honoured | accepted only if both accept |
//!
//! ```
//! use djsign::{ExpiryPolicy, Session, SessionStore, SetExpiry};
//! let mut session = Session::new();
//! session.insert("cart", 3);
//! session.set_expiry(SetExpiry::Seconds(300))?; // set_expiry(300): five minutes
//! let saved_at = 1_767_225_600;
//! let ten_minutes_later = (saved_at + 600) as f64;
//!
//! // Released Django ignores the five minutes: the cookie is good for two weeks (#27775).
//! let released = SessionStore::builder("key").expiry_policy(ExpiryPolicy::Django).build()?;
//! let cookie = released.save_at(&session, saved_at)?;
//! assert!(released.load_at(&cookie, ten_minutes_later).is_ok());
//!
//! // The default (strict) honours it, as Django's development branch does.
//! let strict = SessionStore::new("key")?;
//! let err = strict.load_at(&cookie, ten_minutes_later).unwrap_err();
//! assert_eq!(err.slug(), "session-expired");
//! # Ok::<(), djsign::Error>(())
//! ```
mod base;
mod signed_cookies;

pub use base::{Session, SetExpiry};
pub use signed_cookies::{ExpiryPolicy, SESSION_SALT, SessionStore, SessionStoreBuilder};

pub use crate::utils::datetime::DateTime;

/// Django's default `SESSION_COOKIE_AGE` (`django/conf/global_settings.py`): two weeks, in
/// seconds.
pub const DEFAULT_SESSION_COOKIE_AGE: i64 = 1_209_600;
/// The session key `set_expiry` writes.
pub const SESSION_EXPIRY_KEY: &str = "_session_expiry";
