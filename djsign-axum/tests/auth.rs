//! `AuthUser` and `Cookies::get_signed` replay what Django 5.2.19 and 6.1.3 decided
//! (`tests/django/capture_auth.py`): the same user or anonymous, and the same `Set-Cookie`
//! headers byte for byte (the hash upgrade after a fallback key, the deletion after a flush).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use axum::body::Body;
use axum_core::extract::FromRequestParts;
use http::{Request, Response, StatusCode};
use serde_json::Value as Json;
use tower::{Layer, ServiceExt, service_fn};

use djsign::{DjangoVersion, ExpiryPolicy};
use djsign_axum::{
    Anonymous, AuthRejection, AuthUser, Cookies, DjangoUser, OnLoadError, Session,
    SessionRejection, Settings, UserLoader,
};

fn load(file: &str) -> Json {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

struct User {
    id: String,
    password: String,
}

impl DjangoUser for User {
    fn password(&self) -> &str {
        &self.password
    }
}

/// `ModelBackend.get_user` over the captured `auth_user` rows.
#[derive(Clone)]
struct Users(Arc<HashMap<String, (String, bool)>>);

impl UserLoader for Users {
    type User = User;
    type Error = Infallible;

    async fn get_user(&self, backend: &str, user_id: &str) -> Result<Option<User>, Infallible> {
        assert_eq!(backend, "django.contrib.auth.backends.ModelBackend");
        Ok(self
            .0
            .get(user_id)
            .filter(|(_, active)| *active)
            .map(|(password, _)| User {
                id: user_id.into(),
                password: password.clone(),
            }))
    }
}

/// How the layer learns the capturing Django's rules: from its settings one by one, or from
/// its version alone (`Settings::django_version`).
#[derive(Clone, Copy)]
enum Configure {
    Explicit,
    ByVersion,
    Default,
}

fn settings_as(data: &Json, how: Configure) -> Settings {
    let now = UNIX_EPOCH + Duration::from_secs_f64(data["time"].as_f64().unwrap());
    let s = Settings::new(data["key"].as_str().unwrap().to_owned())
        .secret_key_fallbacks(
            data["fallbacks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k.as_str().unwrap().to_owned()),
        )
        .clock(move || now);
    match how {
        Configure::Explicit => s
            .signed_cookie_legacy_salt_fallback(data["legacy_salt_fallback"].as_bool().unwrap())
            .expiry_policy(ExpiryPolicy::Django),
        Configure::ByVersion => {
            // "5.2.19" -> the 5.2 line
            let release = data["django"].as_str().unwrap();
            let line = release.rsplit_once('.').unwrap().0;
            s.django_version(DjangoVersion::from_name(line).unwrap())
        }
        Configure::Default => s,
    }
}

fn settings(data: &Json) -> Settings {
    settings_as(data, Configure::Explicit)
}

async fn replay_auth(file: &str) {
    let data = load(file);
    let mut failures = Vec::new();
    let cases = data["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let users = Users(Arc::new(
            case["users"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| {
                    let id = u["id"].as_str().unwrap().to_owned();
                    let pw = u["password"].as_str().unwrap().to_owned();
                    (id, (pw, u["is_active"].as_bool().unwrap()))
                })
                .collect(),
        ));
        let layer = settings(&data).layer().unwrap();
        let service = layer.layer(service_fn(move |req: Request<Body>| {
            let users = users.clone();
            async move {
                let (mut parts, _) = req.into_parts();
                // The extractor, with the loader as the router's state (`Users: FromRef<Users>`).
                let user = AuthUser::<Users>::from_request_parts(&mut parts, &users).await;
                let body = match user {
                    Ok(AuthUser(user)) => format!("user {}", user.id),
                    Err(AuthRejection::Anonymous(_)) => "anonymous".to_owned(),
                    Err(other) => format!("rejected {other}"),
                };
                Ok::<_, Infallible>(Response::new(Body::from(body)))
            }
        }));
        let req = Request::builder()
            .header(
                "cookie",
                format!("sessionid={}", case["cookie"].as_str().unwrap()),
            )
            .body(Body::empty())
            .unwrap();
        let response = service.oneshot(req).await.unwrap();
        let set_cookie: Vec<String> = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        let vary = response
            .headers()
            .get("vary")
            .map(|v| v.to_str().unwrap().to_owned());
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        let want_cookies: Vec<String> = serde_json::from_value(case["set_cookie"].clone()).unwrap();
        let name = case["name"].as_str().unwrap();
        if body != case["result"].as_str().unwrap().as_bytes()
            || set_cookie != want_cookies
            || vary.as_deref() != case["vary"].as_str()
        {
            failures.push(format!(
                "{name}: django {:?} {want_cookies:?} {:?}; layer {body:?} {set_cookie:?} {vary:?}",
                case["result"], case["vary"]
            ));
        }
    }
    assert!(failures.is_empty(), "{file}:\n{}", failures.join("\n"));
}

async fn replay_signed(file: &str, how: Configure) {
    let differ = signed_mismatches(file, how).await;
    assert!(
        differ.is_empty(),
        "{file}: the layer differs from Django on {differ:?}"
    );
}

/// The names of the captured signed-cookie reads on which the layer and Django disagree.
async fn signed_mismatches(file: &str, how: Configure) -> Vec<String> {
    let data = load(file);
    let mut failures = Vec::new();
    for case in data["signed"].as_array().unwrap() {
        let layer = settings_as(&data, how).layer().unwrap();
        let c = case.clone();
        let service = layer.layer(service_fn(move |req: Request<Body>| {
            let c = c.clone();
            async move {
                let (mut parts, _) = req.into_parts();
                let cookies = Cookies::from_request_parts(&mut parts, &()).await.unwrap();
                let max_age = c["max_age"].as_u64().map(Duration::from_secs);
                let got = cookies.get_signed(
                    c["cookie_name"].as_str().unwrap(),
                    c["salt"].as_str().unwrap(),
                    max_age,
                );
                let body = match got {
                    Ok(Some(v)) => serde_json::json!({ "value": v }),
                    Ok(None) => serde_json::json!({ "error": "absent" }),
                    Err(e) => serde_json::json!({ "error": e.slug() }),
                };
                Ok::<_, Infallible>(Response::new(Body::from(body.to_string())))
            }
        }));
        let req = Request::builder()
            .header("cookie", case["header"].as_str().unwrap())
            .body(Body::empty())
            .unwrap();
        let response = service.oneshot(req).await.unwrap();
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        let got: Json = serde_json::from_slice(&body).unwrap();
        let want = match case.get("value") {
            Some(v) => serde_json::json!({ "value": v }),
            None => serde_json::json!({ "error": case["error"] }),
        };
        if got != want {
            failures.push(case["name"].as_str().unwrap().to_owned());
        }
    }
    failures
}

#[tokio::test]
async fn get_user_as_django_5_2() {
    replay_auth("django52_auth.json").await;
}

#[tokio::test]
async fn get_user_as_django_6_1() {
    replay_auth("django61_auth.json").await;
}

#[tokio::test]
async fn signed_cookies_as_django_5_2() {
    replay_signed("django52_auth.json", Configure::Explicit).await;
}

#[tokio::test]
async fn signed_cookies_as_django_6_1() {
    replay_signed("django61_auth.json", Configure::Explicit).await;
}

/// `django_version` alone gives each release's cookie rules (5.2 falls back to the legacy
/// salt, 6.1 does not): the same Django decisions replay without setting them one by one.
#[tokio::test]
async fn signed_cookies_by_django_version() {
    replay_signed("django52_auth.json", Configure::ByVersion).await;
    replay_signed("django61_auth.json", Configure::ByVersion).await;
}

/// A control: with no version (6.1's rules) the 5.2 capture's legacy cookies, which 5.2
/// accepted through its legacy fallback, are refused, and nothing else changes.
#[tokio::test]
async fn default_rules_refuse_what_django_5_2_accepts_by_legacy_salt() {
    let differ = signed_mismatches("django52_auth.json", Configure::Default).await;
    assert_eq!(differ, ["legacy", "legacy-collision"]);
}

/// With the default policy a bad cookie is refused with its kind, and nothing is written.
#[tokio::test]
async fn refused_cookie_is_an_explicit_400_and_writes_nothing() {
    let layer = Settings::new("k".to_owned()).layer().unwrap();
    let service = layer.layer(service_fn(|req: Request<Body>| async move {
        let (mut parts, _) = req.into_parts();
        let r = Session::from_request_parts(&mut parts, &()).await;
        let slug = match &r {
            Err(SessionRejection::Invalid(invalid)) => invalid.error().slug(),
            _ => "loaded",
        };
        let mut resp = Response::new(Body::from(slug));
        if r.is_err() {
            *resp.status_mut() = StatusCode::BAD_REQUEST;
        }
        Ok::<_, Infallible>(resp)
    }));
    let req = Request::builder()
        .header("cookie", "sessionid=not-a-signed-cookie-at-all")
        .body(Body::empty())
        .unwrap();
    let response = service.oneshot(req).await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.headers().get("set-cookie").is_none());
    let body = axum::body::to_bytes(response.into_body(), 1024)
        .await
        .unwrap();
    assert_eq!(&body[..], b"no-separator");
    // The rejection's own response names only the kind.
    let text = AuthRejection::Anonymous(Anonymous::HashMismatch).to_string();
    assert_eq!(text, "not authenticated (auth-hash-mismatch)");
    let _ = OnLoadError::StartEmpty;
}
