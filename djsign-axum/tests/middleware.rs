//! The layer replays the scenarios `tests/django/capture_middleware.py` ran through Django's
//! real `SessionMiddleware` (5.2.19 and 6.1.3), at the same frozen time, and must write the
//! same `Set-Cookie` headers byte for byte, and the same `Vary`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::convert::Infallible;
use std::time::{Duration, UNIX_EPOCH};

use axum::body::Body;
use axum_core::extract::FromRequestParts;
use http::{HeaderValue, Request, Response, StatusCode};
use serde_json::Value as Json;
use tower::{Layer, ServiceExt, service_fn};

use djsign::{DateTime, ExpiryPolicy, SetExpiry};
use djsign_axum::{CookieOptions, Cookies, OnLoadError, SameSite, Session, Settings};

fn load(file: &str) -> Json {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn samesite(v: &Json) -> Option<SameSite> {
    match v.as_str() {
        Some("Lax") => Some(SameSite::Lax),
        Some("Strict") => Some(SameSite::Strict),
        Some("None") => Some(SameSite::None),
        None => None,
        Some(other) => panic!("samesite {other}"),
    }
}

fn settings(key: &str, time: f64, overrides: &Json, on_error: OnLoadError) -> Settings {
    let now = UNIX_EPOCH + Duration::from_secs_f64(time);
    let mut s = Settings::new(key.to_owned())
        .clock(move || now)
        // Django's own behaviour, to compare with it: released expiry rules, reset on failure.
        .expiry_policy(ExpiryPolicy::Django)
        .on_load_error(on_error);
    for (name, v) in overrides.as_object().unwrap() {
        s = match name.as_str() {
            "SESSION_COOKIE_NAME" => s.session_cookie_name(v.as_str().unwrap()),
            "SESSION_COOKIE_AGE" => s.session_cookie_age(v.as_i64().unwrap()),
            "SESSION_COOKIE_DOMAIN" => s.session_cookie_domain(v.as_str().map(Into::into)),
            "SESSION_COOKIE_PATH" => s.session_cookie_path(v.as_str().unwrap()),
            "SESSION_COOKIE_SECURE" => s.session_cookie_secure(v.as_bool().unwrap()),
            "SESSION_COOKIE_HTTPONLY" => s.session_cookie_httponly(v.as_bool().unwrap()),
            "SESSION_COOKIE_SAMESITE" => s.session_cookie_samesite(samesite(v)),
            "SESSION_EXPIRE_AT_BROWSER_CLOSE" => {
                s.session_expire_at_browser_close(v.as_bool().unwrap())
            }
            "SESSION_SAVE_EVERY_REQUEST" => s.session_save_every_request(v.as_bool().unwrap()),
            other => panic!("setting {other}"),
        };
    }
    s
}

fn options(kwargs: &Json) -> CookieOptions {
    let mut o = CookieOptions::default();
    for (k, v) in kwargs.as_object().unwrap() {
        match k.as_str() {
            "max_age" => o.max_age = v.as_f64(),
            "path" => o.path = v.as_str().map(Into::into),
            "domain" => o.domain = v.as_str().map(Into::into),
            "secure" => o.secure = v.as_bool().unwrap(),
            "httponly" => o.httponly = v.as_bool().unwrap(),
            "samesite" => o.samesite = samesite(v),
            other => panic!("cookie option {other}"),
        }
    }
    o
}

fn is_session_op(op: &Json) -> bool {
    !matches!(
        op[0].as_str(),
        Some("set_signed_cookie" | "set_cookie" | "delete_cookie")
    )
}

async fn run_view(scenario: Json, time: f64, req: Request<Body>) -> Response<Body> {
    let (mut parts, _) = req.into_parts();
    let ops = scenario["ops"].as_array().unwrap();
    let session = if ops.iter().any(is_session_op) {
        // With OnLoadError::Reject, the handler chooses Django's reset itself.
        match Session::from_request_parts(&mut parts, &()).await {
            Ok(s) => Some(s),
            Err(rejected) => Some(rejected.start_empty().unwrap()),
        }
    } else {
        None
    };
    let cookies = Cookies::from_request_parts(&mut parts, &()).await.unwrap();
    for op in ops {
        let s = || session.as_ref().unwrap();
        match op[0].as_str().unwrap() {
            "set" => {
                s().insert_serialized(op[1].as_str().unwrap(), &op[2])
                    .unwrap();
            }
            "get" => {
                let _ = s().get(op[1].as_str().unwrap());
            }
            "pop" => {
                let _ = s().remove(op[1].as_str().unwrap());
            }
            "flush" => s().flush(),
            "cycle" => s().cycle_key(),
            "clear" => s().clear(),
            "set_expiry" => match &op[1] {
                Json::Null => s().set_expiry(SetExpiry::Default).unwrap(),
                Json::Number(n) if n.is_i64() => {
                    s().set_expiry(SetExpiry::Seconds(n.as_i64().unwrap()))
                        .unwrap();
                }
                // Django stores a float as it is; SetExpiry has no float form.
                Json::Number(n) => {
                    s().insert(djsign::SESSION_EXPIRY_KEY, n.as_f64().unwrap());
                }
                Json::Object(o) if o.contains_key("datetime") => {
                    let at = DateTime::parse_iso(o["datetime"].as_str().unwrap()).unwrap();
                    s().set_expiry(SetExpiry::At(at)).unwrap();
                }
                Json::Object(o) => {
                    let delta = Duration::from_secs(o["timedelta"].as_u64().unwrap());
                    let now = UNIX_EPOCH + Duration::from_secs_f64(time);
                    s().set_expiry(SetExpiry::after(delta, now)).unwrap();
                }
                other => panic!("set_expiry {other}"),
            },
            "set_signed_cookie" => cookies
                .set_signed(
                    op[1].as_str().unwrap(),
                    op[2].as_str().unwrap(),
                    op[3].as_str().unwrap(),
                    &options(&op[4]),
                )
                .unwrap(),
            "set_cookie" => cookies
                .set(
                    op[1].as_str().unwrap(),
                    op[2].as_str().unwrap(),
                    &options(&op[3]),
                )
                .unwrap(),
            "delete_cookie" => {
                let kw = &op[2];
                cookies
                    .delete(
                        op[1].as_str().unwrap(),
                        kw["path"].as_str().unwrap_or("/"),
                        kw["domain"].as_str(),
                        samesite(&kw["samesite"]),
                    )
                    .unwrap();
            }
            other => panic!("op {other}"),
        }
    }
    let mut response = Response::new(Body::empty());
    *response.status_mut() =
        StatusCode::from_u16(scenario["status"].as_u64().unwrap() as u16).unwrap();
    if let Some(v) = scenario["vary_before"].as_str() {
        response
            .headers_mut()
            .insert("vary", HeaderValue::from_str(v).unwrap());
    }
    response
}

async fn replay(file: &str, on_error: OnLoadError) {
    let data = load(file);
    let key = data["key"].as_str().unwrap();
    let time = data["time"].as_f64().unwrap();
    let scenarios = data["scenarios"].as_array().unwrap();
    assert!(scenarios.len() >= 30, "{file}: too few scenarios");
    let mut failures = Vec::new();
    for scenario in scenarios {
        let name = scenario["name"].as_str().unwrap();
        let layer = settings(key, time, &scenario["settings"], on_error)
            .layer()
            .unwrap();
        let sc = scenario.clone();
        let service = layer.layer(service_fn(move |req| {
            let sc = sc.clone();
            async move { Ok::<_, Infallible>(run_view(sc, time, req).await) }
        }));
        let mut req = Request::builder().uri("/");
        if let Some(h) = scenario["cookie_header"].as_str() {
            req = req.header("cookie", h);
        }
        let response = service
            .oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let got: Vec<&str> = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect();
        let want: Vec<&str> = scenario["set_cookie"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let vary = response.headers().get("vary").map(|v| v.to_str().unwrap());
        if got != want || vary != scenario["vary"].as_str() {
            failures.push(format!(
                "{name}:\n  django set-cookie {want:?} vary {:?}\n  layer  set-cookie {got:?} vary {vary:?}",
                scenario["vary"]
            ));
        }
    }
    assert!(failures.is_empty(), "{file}:\n{}", failures.join("\n"));
}

#[tokio::test]
async fn same_headers_as_django_5_2() {
    replay("django52_middleware.json", OnLoadError::StartEmpty).await;
    replay("django52_middleware.json", OnLoadError::Reject).await;
}

#[tokio::test]
async fn same_headers_as_django_6_1() {
    replay("django61_middleware.json", OnLoadError::StartEmpty).await;
    replay("django61_middleware.json", OnLoadError::Reject).await;
}
