//! Allocator calls on the paths a server runs per request (issue 9), counted by a counting
//! global allocator: rejecting a forged token allocates nothing, and loading the reference
//! session allocates no more than what its result owns plus the decoded and inflated bytes.
//! The bounds are stated from what each result must hold, not read off a run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects,
    clippy::std_instead_of_alloc,
    clippy::std_instead_of_core,
    dead_code
)]

use djsign::{TimestampSigner, Value};
use djsign_bounds::{Counting, allocator_calls as calls};

#[global_allocator]
static ALLOC: Counting = Counting;

/// benches/reference_session.txt: Django 5.2 made it (sessions salt, key below).
const KEY: &str = "django-insecure-benchmark-key-0123456789abcdefghijklmnopqrstuvwxyz";
const SALT: &str = "django.contrib.sessions.backends.signed_cookies";

fn reference() -> (TimestampSigner, String) {
    let token = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../benches/reference_session.txt"
    ))
    .unwrap();
    let signer = TimestampSigner::builder(KEY).salt(SALT).build().unwrap();
    (signer, token.trim_end().to_owned())
}

#[derive(serde::Deserialize, Debug)]
struct Auth {
    _auth_user_id: String,
    _auth_user_backend: String,
    _auth_user_hash: String,
    cart: Vec<i64>,
    theme: String,
}

#[test]
fn rejecting_allocates_nothing() {
    let (signer, token) = reference();
    let with_fallbacks = TimestampSigner::builder(KEY)
        .salt(SALT)
        .fallback_keys(["old-1", "old-2", "old-3"])
        .build()
        .unwrap();
    // The last signature character moved by four places: still canonical base64, so the
    // whole HMAC is computed and compared; then other ways a token fails before its payload.
    let mut forged = token.clone().into_bytes();
    let last = forged.last_mut().unwrap();
    *last = if *last == b'A' { b'E' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    let no_sep = token.replace(':', "");
    let long = "a".repeat(2 << 20);
    for s in [&signer, &with_fallbacks] {
        for bad in [&forged, &no_sep, &long, &String::new()] {
            let (n, r) = calls(|| s.unsign_object_value_at(bad, None, 0.0).map(|_| ()));
            assert!(r.is_err());
            assert_eq!(n, 0, "{:?}", r.map_err(|e| e.slug()));
            let (n, r) = calls(|| s.unsign_object_at::<Auth>(bad, None, 0.0).map(|_| ()));
            assert!(r.is_err());
            assert_eq!(n, 0);
        }
    }
}

#[test]
fn loading_the_reference_session() {
    let (signer, token) = reference();
    // Typed: the base64-decoded stream and the inflated JSON (2), then what the struct owns:
    // four strings and the cart, whose Vec grows 0 -> 4 in one call (serde is given no size
    // hint by the one-pass reader) (5).
    let (n, auth) = calls(|| signer.unsign_object_at::<Auth>(&token, None, 0.0).unwrap());
    assert_eq!(auth.value.cart, [1, 2, 3]);
    eprintln!("typed loads of the reference session: {n} allocator calls");
    assert!(n <= 7, "{n} allocator calls");
    // As a Value: the same 2, the parser's stack, five keys and four strings, the object's
    // entries and the list's (each grown then trimmed to its length).
    let (n, v) = calls(|| signer.unsign_object_value_at(&token, None, 0.0).unwrap());
    assert!(matches!(v.value, Value::Object(_)));
    eprintln!("Value loads of the reference session: {n} allocator calls");
    assert!(n <= 17, "{n} allocator calls");
}

#[test]
fn dumping_the_reference_session() {
    let (signer, token) = reference();
    let v = signer.unsign_object_value_at(&token, None, 0.0).unwrap();
    // The JSON (its buffer, the tree writer's buffer and stack), the compressor (output,
    // hash buckets, chain links, hash nodes, symbol buffer), the token: 9, none of them
    // per byte of input.
    let (n, t) = calls(|| signer.sign_object_at(&v.value, true, v.timestamp).unwrap());
    assert_eq!(t, token);
    eprintln!("dumps of the reference session: {n} allocator calls");
    assert!(n <= 9, "{n} allocator calls");
}
