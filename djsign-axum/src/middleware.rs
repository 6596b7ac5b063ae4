//! The tower layer: Django's `SessionMiddleware` (`django/contrib/sessions/middleware.py`).
//!
//! On the way in it reads `request.COOKIES` and prepares a lazily loaded session; on the
//! way out it follows `process_response`: a deletion cookie when a request that carried the
//! cookie ends with an empty session, a new cookie when the session was modified (or
//! `SESSION_SAVE_EVERY_REQUEST`) and the response is not a 5xx, `Vary: Cookie` when the
//! session was accessed, and nothing at all otherwise. The cookies handlers set through
//! [`Cookies`](crate::Cookies) go out in the same pass, in the order Django's
//! `response.cookies` would list them.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use http::header::{COOKIE, SET_COOKIE, VARY};
use http::{HeaderValue, Request, Response, StatusCode};
use tower_layer::Layer;
use tower_service::Service;

use crate::conf::Config;
use crate::cookie::{
    CookieOptions, Morsel, delete_options, http_date, lookup, parse_cookie, patch_vary_cookie,
};
use crate::session::{Cache, RequestShared, State};

/// Django's `SessionMiddleware` as a tower [`Layer`]; build it with
/// [`Settings::layer`](crate::Settings::layer).
#[derive(Clone, Debug)]
pub struct SessionLayer {
    config: Arc<Config>,
}

impl SessionLayer {
    pub(crate) const fn new(config: Arc<Config>) -> Self {
        Self { config }
    }
}

impl<S> Layer<S> for SessionLayer {
    type Service = SessionService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        SessionService {
            inner,
            config: Arc::clone(&self.config),
        }
    }
}

/// The service [`SessionLayer`] wraps around the application.
#[derive(Clone, Debug)]
pub struct SessionService<S> {
    inner: S,
    config: Arc<Config>,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for SessionService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>> + Send,
    S::Future: Send + 'static,
    ReqBody: Send + 'static,
    ResBody: Default + Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request<ReqBody>) -> Self::Future {
        // Several Cookie headers (HTTP/2) are one cookie string joined by "; " (RFC 9113).
        let mut header = Vec::new();
        for (i, v) in req.headers().get_all(COOKIE).iter().enumerate() {
            if i > 0 {
                header.extend_from_slice(b"; ");
            }
            header.extend_from_slice(v.as_bytes());
        }
        let cookies = parse_cookie(&header);
        let session = State::new(lookup(&cookies, &self.config.settings.cookie_name));
        let shared = Arc::new(RequestShared {
            config: Arc::clone(&self.config),
            cookies,
            session: Mutex::new(session),
            response_cookies: Mutex::new(Vec::new()),
        });
        req.extensions_mut().insert(Arc::clone(&shared));
        let future = self.inner.call(req);
        Box::pin(async move {
            let mut response = future.await?;
            process_response(&shared, &mut response);
            Ok(response)
        })
    }
}

/// `SessionMiddleware.process_response`, then the response's cookies into `Set-Cookie`.
fn process_response<B: Default>(shared: &RequestShared, response: &mut Response<B>) {
    let config = &shared.config;
    let settings = &config.settings;
    let mut jar = shared
        .response_cookies
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut state = shared.state();
    let had_cookie = lookup(&shared.cookies, &settings.cookie_name).is_some();
    let now = config.now();
    let mut vary;
    if had_cookie && state.is_empty() {
        let options = delete_options(
            &settings.cookie_name,
            &settings.cookie_path,
            settings.cookie_domain.as_deref(),
            settings.cookie_samesite,
        );
        // The name was checked at build time and the value is empty: this cannot fail.
        if let Some(m) = morsel(&mut jar, &settings.cookie_name) {
            let _ = m.set_cookie("", &options, now);
        }
        vary = true;
    } else {
        vary = state.accessed;
        if (state.modified || settings.save_every_request) && !state.is_empty() {
            match session_cookie(config, &mut state, now) {
                Ok(None) => {}
                Ok(Some((value, options))) if response.status().as_u16() < 500 => {
                    if morsel(&mut jar, &settings.cookie_name)
                        .and_then(|m| m.set_cookie(&value, &options, now))
                        .is_none()
                    {
                        server_error(response, "session-expiry-out-of-range");
                        return;
                    }
                    vary = true;
                }
                Ok(Some(_)) => {}
                Err(slug) => {
                    server_error(response, slug);
                    return;
                }
            }
        }
    }
    drop(state);
    if vary {
        let current = response
            .headers()
            .get_all(VARY)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(", ");
        let current = (!current.is_empty() || response.headers().contains_key(VARY))
            .then_some(current.as_str());
        if let Ok(v) = HeaderValue::from_str(&patch_vary_cookie(current)) {
            response.headers_mut().insert(VARY, v);
        }
    }
    for (name, m) in jar.iter() {
        // `quote` escapes everything but visible ASCII; names, paths and domains were checked.
        if let Ok(v) = HeaderValue::from_str(&m.output(name)) {
            response.headers_mut().append(SET_COOKIE, v);
        }
    }
}

/// The session cookie's value and attributes, `Ok(None)` when there is nothing to write
/// (the session was refused and never replaced), `Err(slug)` where Django raises.
fn session_cookie(
    config: &Config,
    state: &mut State,
    now: f64,
) -> Result<Option<(String, CookieOptions)>, &'static str> {
    let settings = &config.settings;
    if matches!(state.cache, Cache::Refused(_)) {
        return Ok(None);
    }
    let Ok(session) = state.load(config) else {
        // SESSION_SAVE_EVERY_REQUEST reached a refused cookie no handler looked at: keep
        // the client's cookie, write nothing (the reason is already logged).
        return Ok(None);
    };
    let (max_age, expires) =
        if session.get_expire_at_browser_close(settings.expire_at_browser_close) {
            (None, None)
        } else {
            let age = session
                .get_expiry_age(now, settings.cookie_age)
                .map_err(|e| log_save_error(&e))?;
            let expires = http_date(now + age).ok_or("session-expiry-out-of-range")?;
            (Some(age), Some(expires))
        };
    #[allow(clippy::cast_possible_truncation)]
    let timestamp = now.floor() as i64;
    let value = config
        .store
        .save_at(session, timestamp)
        .map_err(|e| log_save_error(&e))?;
    Ok(Some((
        value,
        CookieOptions {
            max_age,
            expires,
            path: Some(settings.cookie_path.clone()),
            domain: settings.cookie_domain.clone(),
            secure: settings.cookie_secure,
            httponly: settings.cookie_httponly,
            samesite: settings.cookie_samesite,
        },
    )))
}

fn log_save_error(e: &djsign::Error) -> &'static str {
    tracing::error!(target: "djsign_axum", reason = e.slug(), "session not saved");
    e.slug()
}

/// Django answers an exception in the middleware with a 500 and no session cookie.
fn server_error<B: Default>(response: &mut Response<B>, slug: &'static str) {
    tracing::error!(target: "djsign_axum", reason = slug, "session middleware failed");
    let mut fresh = Response::new(B::default());
    *fresh.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    *response = fresh;
}

/// The morsel for `name` in `response.cookies`, created at the end when new.
pub(crate) fn morsel<'a>(jar: &'a mut Vec<(String, Morsel)>, name: &str) -> Option<&'a mut Morsel> {
    if !jar.iter().any(|(n, _)| n == name) {
        jar.push((name.to_owned(), Morsel::default()));
    }
    jar.iter_mut().find(|(n, _)| n == name).map(|(_, m)| m)
}
