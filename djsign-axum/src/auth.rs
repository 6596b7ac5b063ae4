//! The logged-in user: `django.contrib.auth.get_user` (`django/contrib/auth/__init__.py`).
//!
//! The session names the user (`_auth_user_id`), the backend that logged them in
//! (`_auth_user_backend`, which must be one of `AUTHENTICATION_BACKENDS`) and a hash of the
//! user's password field under the secret key (`_auth_user_hash`). The application looks the
//! user up ([`UserLoader`]); the hash is then checked against the key and every fallback key
//! in constant time. As in Django: a hash made with a fallback key is upgraded (the session
//! is re-signed with a hash under the current key), and a hash that matches no key flushes
//! the session (the response deletes the cookie) and the request is anonymous. So a
//! password change in Django logs the user out on the Rust side too.

use std::future::Future;

use axum_core::extract::{FromRef, FromRequestParts};
use axum_core::response::{IntoResponse, Response};
use http::StatusCode;
use http::request::Parts;

use djsign::{
    AuthHashMatch, BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, Value,
    get_session_auth_hash, verify_session_auth_hash,
};

use crate::session::{Session, SessionRejection, session_from_parts};

/// A user as the application stores it: what the session auth hash is made from.
pub trait DjangoUser {
    /// The user's `password` field as Django stores it (`pbkdf2_sha256$...`, or the
    /// unusable-password marker `!...`): the hash is an HMAC of this string.
    fn password(&self) -> &str;
}

/// Looks users up, as an authentication backend's `get_user(user_id)` does.
///
/// Return `Ok(None)` for a user that does not exist or may not log in (Django's
/// `ModelBackend` returns `None` for `is_active == False`).
pub trait UserLoader: Send + Sync {
    /// The user.
    type User: DjangoUser + Send;
    /// A failure to look up (database down): the request fails with 500 and this is logged.
    type Error: std::fmt::Display + Send;

    /// The user with primary key `user_id` (the string Django stored), for the backend with
    /// dotted path `backend`.
    fn get_user(
        &self,
        backend: &str,
        user_id: &str,
    ) -> impl Future<Output = Result<Option<Self::User>, Self::Error>> + Send;
}

/// Why a request is anonymous.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Anonymous {
    /// The session has no `_auth_user_id` or no `_auth_user_backend`.
    NotLoggedIn,
    /// `_auth_user_id` is neither a string nor an integer (Django's `to_python` would raise).
    MalformedUserId,
    /// `_auth_user_backend` is not one of `AUTHENTICATION_BACKENDS`.
    UnknownBackend,
    /// The loader found no such user (deleted, or inactive).
    NoSuchUser,
    /// `_auth_user_hash` matches no key for the user's password field: the password changed,
    /// the key was removed from the fallbacks, or the session is someone else's. The session
    /// was flushed.
    HashMismatch,
}

impl Anonymous {
    /// A stable name: `not-logged-in`, `malformed-user-id`, `unknown-backend`,
    /// `no-such-user`, `auth-hash-mismatch`.
    #[must_use]
    pub const fn slug(self) -> &'static str {
        match self {
            Self::NotLoggedIn => "not-logged-in",
            Self::MalformedUserId => "malformed-user-id",
            Self::UnknownBackend => "unknown-backend",
            Self::NoSuchUser => "no-such-user",
            Self::HashMismatch => "auth-hash-mismatch",
        }
    }
}

/// `django.contrib.auth.get_user(request)`: the user, or why the request is anonymous.
/// Updates the session as Django does (hash upgrade after a fallback key, flush on a
/// mismatch).
///
/// # Errors
/// The loader's error.
pub async fn get_user<L: UserLoader>(
    session: &Session,
    loader: &L,
) -> Result<Result<L::User, Anonymous>, L::Error> {
    let user_id = match session.get(SESSION_KEY) {
        None => return Ok(Err(Anonymous::NotLoggedIn)),
        Some(Value::String(s)) => s,
        Some(Value::Int(i)) => i.to_string(),
        Some(_) => return Ok(Err(Anonymous::MalformedUserId)),
    };
    let backend = match session.get(BACKEND_SESSION_KEY) {
        None => return Ok(Err(Anonymous::NotLoggedIn)),
        Some(v) => v,
    };
    let config = &session.shared().config;
    let backend = match backend.as_str() {
        Some(b)
            if config
                .settings
                .authentication_backends
                .iter()
                .any(|a| a == b) =>
        {
            b
        }
        _ => return Ok(Err(Anonymous::UnknownBackend)),
    };
    let Some(user) = loader.get_user(backend, &user_id).await? else {
        return Ok(Err(Anonymous::NoSuchUser));
    };
    let session_hash = session.get(HASH_SESSION_KEY);
    let session_hash = session_hash.as_ref().and_then(Value::as_str).unwrap_or("");
    match verify_session_auth_hash(
        session_hash,
        user.password(),
        &config.key,
        &config.fallbacks,
    ) {
        AuthHashMatch::Key => Ok(Ok(user)),
        AuthHashMatch::Fallback(_) => {
            session.cycle_key();
            session.insert(
                HASH_SESSION_KEY,
                get_session_auth_hash(user.password(), &config.key),
            );
            Ok(Ok(user))
        }
        _ => {
            tracing::info!(target: "djsign_axum", reason = "auth-hash-mismatch", "session flushed");
            session.flush();
            Ok(Err(Anonymous::HashMismatch))
        }
    }
}

/// The logged-in user, looked up with the loader `L` taken from the router's state
/// (`L: FromRef<S>`); the request is refused (401) when anonymous.
///
/// Extract `Result<AuthUser<L>, AuthRejection>` to serve anonymous requests too.
pub struct AuthUser<L: UserLoader>(pub L::User);

impl<L: UserLoader> AuthUser<L> {
    /// The user.
    pub fn into_inner(self) -> L::User {
        self.0
    }
}

impl<L: UserLoader> std::fmt::Debug for AuthUser<L> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuthUser(..)")
    }
}

/// Why [`AuthUser`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum AuthRejection {
    /// The session itself was refused (or the layer is missing).
    Session(SessionRejection),
    /// No user (401).
    Anonymous(Anonymous),
    /// The loader failed (500; the error was logged).
    Loader,
}

impl AuthRejection {
    /// The reason's stable name: a djsign error slug, an [`Anonymous`] slug, or
    /// `user-loader-failed`.
    #[must_use]
    pub const fn slug(&self) -> &'static str {
        match self {
            Self::Session(s) => s.slug(),
            Self::Anonymous(a) => a.slug(),
            Self::Loader => "user-loader-failed",
        }
    }
}

impl std::fmt::Display for AuthRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not authenticated ({})", self.slug())
    }
}

impl std::error::Error for AuthRejection {}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        match self {
            Self::Session(s) => s.into_response(),
            Self::Anonymous(_) => (StatusCode::UNAUTHORIZED, self.to_string()).into_response(),
            Self::Loader => (StatusCode::INTERNAL_SERVER_ERROR, self.to_string()).into_response(),
        }
    }
}

impl<S, L> FromRequestParts<S> for AuthUser<L>
where
    S: Send + Sync,
    L: UserLoader + FromRef<S>,
{
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let session = session_from_parts(parts).map_err(AuthRejection::Session)?;
        let loader = L::from_ref(state);
        match get_user(&session, &loader).await {
            Ok(Ok(user)) => Ok(Self(user)),
            Ok(Err(why)) => Err(AuthRejection::Anonymous(why)),
            Err(e) => {
                tracing::error!(target: "djsign_axum", error = %e, "user loader failed");
                Err(AuthRejection::Loader)
            }
        }
    }
}
