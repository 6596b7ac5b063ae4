//! Signed cookies (Django: `HttpResponse.set_signed_cookie` in `django/http/response.py`,
//! `HttpRequest.get_signed_cookie` in `django/http/request.py`). Behind the `contrib` feature.

mod cookies;

pub use cookies::{
    AcceptedSalts, COOKIE_KEY_PREFIX, CookieValue, SaltScheme, SignedCookie, SignedCookieBuilder,
    cookie_salt_legacy, cookie_salt_v2,
};
