//! Criterion benchmarks: `cargo bench --bench signing`.
//!
//! Pairs measured side by side in one run, so their ratio is what matters (absolute numbers
//! move with the machine): a signer built once vs. built per call (Django derives the key on
//! every call), and verification with 0 vs. 3 fallback keys (djsign always tries every key).
//! `benches/ratios.py` turns `target/criterion` into the ratios of audits/performance.md and
//! sets them beside `benches/django_bench.py`'s numbers for the same operations.

// Bench code: a setup failure should stop the run loudly; a std binary may use std paths
// (the core/alloc import lints are for the no_std library).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    missing_docs
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use djsign::{Map, Signer, TimestampSigner, Value, dumps_at, loads_at};

const KEY: &str = "django-insecure-benchmark-key-0123456789abcdefghijklmnopqrstuvwxyz";
const SESSION_SALT: &str = "django.contrib.sessions.backends.signed_cookies";
const TS: i64 = 1_700_000_000;
const NOW: f64 = 1_700_000_100.0;
const SESSION_AGE: f64 = 1_209_600.0;

/// An authenticated session as django.contrib.auth leaves it: 201 bytes of JSON, a 258-char
/// compressed token (the same dict as in django_bench.py).
fn session() -> Value {
    let mut m = Map::new();
    m.insert("_auth_user_id", "1");
    m.insert(
        "_auth_user_backend",
        "django.contrib.auth.backends.ModelBackend",
    );
    m.insert(
        "_auth_user_hash",
        "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
    );
    m.insert(
        "cart",
        Value::from(vec![Value::Int(1), Value::Int(2), Value::Int(3)]),
    );
    m.insert("theme", "dark");
    Value::Object(m)
}

fn short(c: &mut Criterion) {
    let signer = Signer::new(KEY).unwrap();
    let token = signer.sign("hello");
    let mut g = c.benchmark_group("short");
    g.bench_function("sign/reuse", |b| b.iter(|| signer.sign(black_box("hello"))));
    g.bench_function("sign/per_call", |b| {
        b.iter(|| Signer::new(KEY).unwrap().sign(black_box("hello")))
    });
    g.bench_function("unsign/reuse", |b| {
        b.iter(|| signer.unsign(black_box(&token)).unwrap().len())
    });
    g.bench_function("unsign/per_call", |b| {
        b.iter(|| {
            Signer::new(KEY)
                .unwrap()
                .unsign(black_box(&token))
                .unwrap()
                .len()
        })
    });
    g.finish();
}

fn session_cookie(c: &mut Criterion) {
    let value = session();
    let signer = TimestampSigner::builder(KEY)
        .salt(SESSION_SALT)
        .build()
        .unwrap();
    let token = signer.sign_object_at(&value, true, TS).unwrap();
    assert_eq!(token.len(), 258, "{token}");
    let mut g = c.benchmark_group("session");
    g.bench_function("dumps/reuse", |b| {
        b.iter(|| signer.sign_object_at(black_box(&value), true, TS).unwrap())
    });
    g.bench_function("dumps/per_call", |b| {
        b.iter(|| dumps_at(black_box(&value), KEY.as_bytes(), SESSION_SALT, true, TS).unwrap())
    });
    g.bench_function("loads/reuse", |b| {
        b.iter(|| {
            signer
                .unsign_object_value_at(black_box(&token), Some(SESSION_AGE), NOW)
                .unwrap()
        })
    });
    g.bench_function("loads/per_call", |b| {
        b.iter(|| {
            loads_at::<Value>(
                black_box(&token),
                KEY.as_bytes(),
                SESSION_SALT,
                Some(SESSION_AGE),
                NOW,
            )
            .unwrap()
        })
    });
    g.finish();
}

fn fallbacks(c: &mut Criterion) {
    let one = TimestampSigner::new(KEY).unwrap();
    let four = TimestampSigner::builder(KEY)
        .fallback_keys(["old-key-1", "old-key-2", "old-key-3"])
        .build()
        .unwrap();
    let token = one.sign_at("hello", TS);
    let by_oldest = TimestampSigner::new("old-key-3")
        .unwrap()
        .sign_at("hello", TS);
    let mut g = c.benchmark_group("fallbacks");
    g.bench_function("unsign/0_fallbacks", |b| {
        b.iter(|| one.unsign_at(black_box(&token), Some(60.0), 1_700_000_010.0))
    });
    g.bench_function("unsign/3_fallbacks_key_matches", |b| {
        b.iter(|| four.unsign_at(black_box(&token), Some(60.0), 1_700_000_010.0))
    });
    g.bench_function("unsign/3_fallbacks_last_matches", |b| {
        b.iter(|| four.unsign_at(black_box(&by_oldest), Some(60.0), 1_700_000_010.0))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = short, session_cookie, fallbacks
}
criterion_main!(benches);
