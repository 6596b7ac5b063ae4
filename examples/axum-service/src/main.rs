//! An axum service beside a Django site, sharing its `sessionid` cookie.
//!
//! Configuration, from the environment, as the Django site's settings are:
//! `DJANGO_SECRET_KEY` (or `DJANGO_SECRET_KEY_FILE`), `DJANGO_SECRET_KEY_FALLBACKS`
//! (comma-separated), `DJANGO_DB` (the site's SQLite database, for `auth_user`),
//! `DJANGO_VERSION` (`5.2` or `6.1`: the signed-cookie legacy salt fallback) and `BIND`
//! (default `127.0.0.1:8001`).
//!
//! Endpoints: `GET /me` (the logged-in Django user), `GET /session` (the session's data),
//! `POST /session/set?key=K&value=V[&expiry=SECONDS]`, `GET /signed?name=N[&salt=S]`,
//! `POST /signed/set?name=N&value=V[&salt=S][&legacy=1]`, `GET /healthz`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{FromRef, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use djsign::{SecretKey, SetExpiry, SignedCookie};
use djsign_axum::{
    AuthRejection, AuthUser, CookieOptions, Cookies, DjangoUser, Session, SessionRejection,
    Settings, UserLoader,
};
use rusqlite::OptionalExtension;
use serde_json::json;

/// A row of Django's `auth_user`.
struct User {
    id: i64,
    username: String,
    password: String,
}

impl DjangoUser for User {
    fn password(&self) -> &str {
        &self.password
    }
}

/// `ModelBackend.get_user`: the active user with that primary key.
#[derive(Clone)]
struct Users(Arc<Mutex<rusqlite::Connection>>);

impl UserLoader for Users {
    type User = User;
    type Error = rusqlite::Error;

    async fn get_user(&self, _backend: &str, user_id: &str) -> Result<Option<User>, Self::Error> {
        let Ok(id) = user_id.parse::<i64>() else {
            return Ok(None);
        };
        // An indexed primary-key lookup: microseconds, so it runs under the lock inline.
        let db = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        db.query_row(
            "SELECT id, username, password FROM auth_user WHERE id = ?1 AND is_active",
            [id],
            |r| {
                Ok(User {
                    id: r.get(0)?,
                    username: r.get(1)?,
                    password: r.get(2)?,
                })
            },
        )
        .optional()
    }
}

#[derive(Clone)]
struct App {
    users: Users,
    key: SecretKey,
    fallbacks: Vec<SecretKey>,
}

impl FromRef<App> for Users {
    fn from_ref(app: &App) -> Self {
        app.users.clone()
    }
}

fn error(status: StatusCode, slug: &str) -> Response {
    (status, Json(json!({ "error": slug }))).into_response()
}

async fn me(user: Result<AuthUser<Users>, AuthRejection>) -> Response {
    match user {
        Ok(AuthUser(u)) => Json(json!({ "id": u.id, "username": u.username })).into_response(),
        Err(AuthRejection::Anonymous(why)) => error(StatusCode::UNAUTHORIZED, why.slug()),
        Err(AuthRejection::Session(rejected @ SessionRejection::Invalid(_))) => {
            error(StatusCode::BAD_REQUEST, rejected.slug())
        }
        Err(other) => other.into_response(),
    }
}

async fn show_session(session: Result<Session, SessionRejection>) -> Response {
    match session {
        Ok(s) => Json(s.data()).into_response(),
        Err(e) => error(StatusCode::BAD_REQUEST, e.slug()),
    }
}

async fn set_session(
    session: Result<Session, SessionRejection>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let session = match session {
        Ok(s) => s,
        Err(e) => return error(StatusCode::BAD_REQUEST, e.slug()),
    };
    let (Some(key), Some(value)) = (q.get("key"), q.get("value")) else {
        return error(StatusCode::BAD_REQUEST, "key-and-value-needed");
    };
    session.insert(key.as_str(), value.as_str());
    if let Some(expiry) = q.get("expiry") {
        let Ok(seconds) = expiry.parse() else {
            return error(StatusCode::BAD_REQUEST, "expiry-not-an-integer");
        };
        if let Err(e) = session.set_expiry(SetExpiry::Seconds(seconds)) {
            return error(StatusCode::BAD_REQUEST, e.slug());
        }
    }
    Json(session.data()).into_response()
}

async fn get_signed(cookies: Cookies, Query(q): Query<HashMap<String, String>>) -> Response {
    let name = q.get("name").map_or("", String::as_str);
    let salt = q.get("salt").map_or("", String::as_str);
    match cookies.get_signed(name, salt, None) {
        Ok(Some(value)) => Json(json!({ "value": value })).into_response(),
        Ok(None) => error(StatusCode::NOT_FOUND, "no-such-cookie"),
        Err(e) => error(StatusCode::BAD_REQUEST, e.slug()),
    }
}

async fn set_signed(
    State(app): State<App>,
    cookies: Cookies,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (Some(name), Some(value)) = (q.get("name"), q.get("value")) else {
        return error(StatusCode::BAD_REQUEST, "name-and-value-needed");
    };
    let salt = q.get("salt").map_or("", String::as_str);
    let done = if q.get("legacy").is_some_and(|v| v == "1") {
        // What Django 4.2 and <= 5.2.14 write (the legacy salt), straight from the library.
        let mut b = SignedCookie::builder(&app.key, name).salt(salt);
        for k in &app.fallbacks {
            b = b.fallback_key(k);
        }
        match b.build() {
            Ok(c) => cookies.set(name, &c.sign_legacy(value), &CookieOptions::default()),
            Err(e) => return error(StatusCode::BAD_REQUEST, e.slug()),
        }
    } else {
        cookies.set_signed(name, value, salt, &CookieOptions::default())
    };
    match done {
        Ok(()) => Json(json!({ "set": name })).into_response(),
        Err(e) => error(StatusCode::BAD_REQUEST, &e.to_string()),
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
    let key = match env("DJANGO_SECRET_KEY_FILE") {
        Some(path) => SecretKey::from_file(path)?,
        None => SecretKey::from_env("DJANGO_SECRET_KEY")?,
    };
    let fallbacks = SecretKey::list_from_env("DJANGO_SECRET_KEY_FALLBACKS")?;
    let db = rusqlite::Connection::open_with_flags(
        env("DJANGO_DB").ok_or("DJANGO_DB (the Django site's SQLite file) is not set")?,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?;
    // Django 6.1 no longer accepts legacy-salted signed cookies by default; 5.2 does.
    let legacy_fallback = !matches!(env("DJANGO_VERSION").as_deref(), Some("6.1" | "main"));

    let layer = Settings::new(&key)
        .secret_key_fallbacks(fallbacks.iter())
        .signed_cookie_legacy_salt_fallback(legacy_fallback)
        .layer()?;
    let app = App {
        users: Users(Arc::new(Mutex::new(db))),
        key,
        fallbacks,
    };
    let router = Router::new()
        .route("/me", get(me))
        .route("/session", get(show_session))
        .route("/session/set", post(set_session))
        .route("/signed", get(get_signed))
        .route("/signed/set", post(set_signed))
        .route("/healthz", get(|| async { "ok" }))
        .layer(layer)
        .with_state(app);

    let bind = env("BIND").unwrap_or_else(|| "127.0.0.1:8001".into());
    let listener = tokio::net::TcpListener::bind(&bind).await?;
    eprintln!("listening on {}", listener.local_addr()?);
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
