//! djsign's deflate alone against C zlib (libz-sys 1.3.x through flate2), side by side in
//! one run: a fresh zlib stream per call (what CPython's `zlib.compress` and the former
//! djsign did) and one stream reset per call (`deflateReset`, the cheapest C zlib can be).
//!
//! ```sh
//! cargo bench -p djsign-zlib-oracle --bench deflate
//! python3 benches/deflate_ratios.py      # the table of audits/performance.md
//! ```
//!
//! Inputs: the reference auth session of benches/signing.rs (201 bytes of JSON; the speed
//! issue calls it 202), a session of about 4 KB (auth keys, a cart, recently viewed ids), and
//! generated payload 9999 (exactly 1 MiB).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use djsign::{Map, Value, json_dumps};
use djsign_zlib_oracle::{c_compress, c_compress_with, payloads};
use flate2::{Compress, Compression};

fn auth(m: &mut Map, id: &str, hash: &str) {
    m.insert("_auth_user_id", id);
    m.insert(
        "_auth_user_backend",
        "django.contrib.auth.backends.ModelBackend",
    );
    m.insert("_auth_user_hash", hash);
}

/// benches/signing.rs's session: 201 bytes of JSON, a 258-character token.
fn reference_session() -> Vec<u8> {
    let mut m = Map::new();
    auth(
        &mut m,
        "1",
        "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
    );
    m.insert(
        "cart",
        Value::List(vec![Value::Int(1), Value::Int(2), Value::Int(3)].into()),
    );
    m.insert("theme", "dark");
    json_dumps(&Value::Object(m), 100).unwrap()
}

/// A session of about 4 KB: auth keys, a cart of 30 items, recently viewed ids.
fn session_4k() -> Vec<u8> {
    let mut m = Map::new();
    auth(
        &mut m,
        "48213",
        "8ddd71ef85d2c58c52b63915050eafe5d1a8c39de4f75e9a9374f691e991e180",
    );
    let names = [
        "Caf\u{e9} mug \u{2615}",
        "T-shirt \u{ab} Z\u{fc}rich \u{bb}",
        "Poster",
        "Sticker pack",
    ];
    let items: Vec<Value> = (0..30)
        .map(|i| {
            let mut it = Map::new();
            it.insert("sku", format!("SKU-{:05}", 7919 * i % 100_000).as_str());
            it.insert("name", names[i % names.len()]);
            it.insert("qty", Value::Int(1 + (i as i64 * 7) % 5));
            it.insert(
                "unit_price",
                format!("{}.{:02}", 3 + i * 13 % 40, i * 37 % 100).as_str(),
            );
            Value::Object(it)
        })
        .collect();
    let mut cart = Map::new();
    cart.insert("items", Value::List(items.into()));
    cart.insert("coupon", Value::Null);
    m.insert("cart", Value::Object(cart));
    m.insert(
        "recently_viewed",
        Value::List(
            (0..120)
                .map(|i| Value::Int(100_000 + i * 7919 % 90_000))
                .collect(),
        ),
    );
    m.insert("greeting_name", "Zo\u{eb} \u{1f600}");
    json_dumps(&Value::Object(m), 100).unwrap()
}

fn deflate(c: &mut Criterion) {
    let inputs = [
        ("session_201B", reference_session()),
        ("session_4KB", session_4k()),
        ("payload_1MiB", payloads::payload(payloads::COUNT - 1)),
    ];
    for (name, data) in &inputs {
        assert_eq!(djsign::zlib::compress(data), c_compress(data), "{name}");
        eprintln!("{name}: {} bytes -> {}", data.len(), c_compress(data).len());
        let mut g = c.benchmark_group(format!("deflate/{name}"));
        g.throughput(Throughput::Bytes(data.len() as u64));
        if data.len() > 100_000 {
            g.sample_size(10).measurement_time(Duration::from_secs(8));
        }
        g.bench_function("djsign", |b| {
            b.iter(|| djsign::zlib::compress(black_box(data)))
        });
        g.bench_function("c_zlib_fresh", |b| b.iter(|| c_compress(black_box(data))));
        let mut z = Compress::new(Compression::new(6), true);
        g.bench_function("c_zlib_reset", |b| {
            b.iter(|| c_compress_with(&mut z, black_box(data)))
        });
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = deflate
}
criterion_main!(benches);
