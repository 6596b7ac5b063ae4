//! Sessions (Django: `django.contrib.sessions`): the data and expiry helpers of `SessionBase`
//! ([`Session`]) and the `signed_cookies` backend ([`SessionStore`]), the only backend whose
//! whole state travels in the cookie.

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
