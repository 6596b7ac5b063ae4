//! djsign beside its peers on the same tokens, in one process (issue 9): `django-signing`
//! 0.0.0 (crates.io, the other Rust implementation of Django's format), cookie-rs's
//! `SignedJar` (HMAC-SHA256 signed cookies in its own format, the JSON session as the cookie
//! value) and one bare HMAC-SHA256 over the token's signed part with a precomputed key (the
//! floor any verifier pays).
//!
//!     cd benches/peers && cargo run --release -- [OUT_DIR]
//!
//! Each figure is the median of 15 rounds (each round long enough to be timed well), the
//! operations of a case taking turns within each round; the ratios between figures of one
//! run are what to compare. Prints a JSON object on stdout
//! (for benches/peer_ratios.py) and writes the tokens it used to OUT_DIR (default
//! ../../target/peers) so that benches/django_bench.py --peers can time Django on the same
//! ones. The reference session token is benches/reference_session.txt, made by Django 5.2.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use cookie::{Cookie, CookieJar, Key};
use django_signing::Signer as _;
use djsign::{Limits, Map, TimestampSigner, Value};
use hmac::{KeyInit, Mac};
use sha2::Digest;

const KEY: &str = "django-insecure-benchmark-key-0123456789abcdefghijklmnopqrstuvwxyz";
const SALT: &str = "django.contrib.sessions.backends.signed_cookies";
const TS: i64 = 1_700_000_000;
const ROUNDS: usize = 15;

/// Timed operations of one case, each with its name.
type Timed<'a> = Vec<(String, Box<dyn FnMut() + 'a>)>;

/// Median nanoseconds per call of each operation over `ROUNDS` rounds, a round being about
/// 20 ms of each operation in turn. The operations take turns within every round, so a
/// slow spell of the machine (a neighbour, a frequency change) falls on all of them alike
/// and the ratios between them hold; timing one operation's rounds after another's let
/// such a spell land on one side only (2026-12-03: two runs minutes apart gave djsign's
/// session dumps 4,830 and 6,515 ns, django-signing's 9,074 and 8,655).
fn medians(mut ops: Timed<'_>) -> Vec<(String, f64)> {
    let per_round: Vec<u64> = ops
        .iter_mut()
        .map(|(_, f)| {
            let start = Instant::now();
            let mut calls = 0u64;
            while start.elapsed() < Duration::from_millis(20) || calls < 3 {
                f();
                calls += 1;
            }
            calls.max(1)
        })
        .collect();
    let mut samples = vec![Vec::with_capacity(ROUNDS); ops.len()];
    for _ in 0..ROUNDS {
        for (((_, f), &calls), out) in ops.iter_mut().zip(&per_round).zip(&mut samples) {
            let t = Instant::now();
            for _ in 0..calls {
                f();
            }
            out.push(t.elapsed().as_secs_f64() * 1e9 / calls as f64);
        }
    }
    ops.into_iter()
        .zip(samples)
        .map(|((id, _), mut v)| {
            v.sort_by(f64::total_cmp);
            (id, v[ROUNDS / 2])
        })
        .collect()
}

/// The token with its last signature character changed, keeping the signature canonical
/// (the last character of 43 holds four bits and two zero bits), so rejecting costs an HMAC.
fn forged(token: &str) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut b = token.as_bytes().to_vec();
    let last = b.last_mut().unwrap();
    let v = A.iter().position(|c| c == last).unwrap();
    *last = A[(v + 4) % 64];
    String::from_utf8(b).unwrap()
}

/// A session of about `n` bytes of JSON: the reference session's auth keys and a cart.
fn session_of(n: usize) -> Value {
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
    let mut items = Vec::new();
    let mut len = 200;
    let mut i = 0u64;
    // A cheap deterministic generator, so that the text is not all repeats.
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    while len < n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let mut item = Map::new();
        item.insert("sku", format!("SKU-{:06}", x % 1_000_000));
        item.insert("name", format!("item {i} {:x}", x >> 20));
        item.insert("qty", Value::Int((x % 9) as i64 + 1));
        item.insert("price", Value::Float((x % 10_000) as f64 / 100.0));
        len += djsign::json_dumps(&Value::Object(item.clone()), 10)
            .unwrap()
            .len()
            + 1;
        items.push(Value::Object(item));
        i += 1;
    }
    m.insert("cart", Value::from(items));
    m.insert("theme", "dark");
    Value::Object(m)
}

/// The payload's bytes (Django's lenient base64 is not needed: djsign wrote these).
fn djsign_b64(s: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = Vec::with_capacity(s.len() * 3 / 4 + 3);
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes() {
        acc = (acc << 6) | A.iter().position(|&a| a == c).unwrap() as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[path = "auth.rs"]
mod auth;
use auth::Auth;

struct Case {
    name: &'static str,
    token: String,
    json_len: usize,
}

fn main() {
    let out_dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| String::from("../../target/peers"));
    std::fs::create_dir_all(&out_dir).unwrap();

    let signer = TimestampSigner::builder(KEY).salt(SALT).build().unwrap();
    let reference = std::fs::read_to_string("../reference_session.txt")
        .unwrap()
        .trim_end()
        .to_owned();
    let reference_value = signer
        .unsign_object_value_at(&reference, None, 0.0)
        .unwrap()
        .value;
    let mut cases = vec![Case {
        name: "session",
        json_len: djsign::json_dumps(&reference_value, 100).unwrap().len(),
        token: reference,
    }];
    let four_kb = session_of(4096);
    cases.push(Case {
        name: "session_4k",
        json_len: djsign::json_dumps(&four_kb, 100).unwrap().len(),
        token: signer.sign_object_at(&four_kb, true, TS).unwrap(),
    });
    // Just under 1 MiB of token (the default token limit), compressed: sized from a probe.
    let probe = signer
        .sign_object_at(&session_of(200_000), true, TS)
        .unwrap()
        .len();
    let mut json_target = 200_000 * 1_020_000 / probe;
    let (mut big, mut token);
    loop {
        big = session_of(json_target);
        token = signer.sign_object_at(&big, true, TS).unwrap();
        if token.len() <= Limits::DEFAULT.max_token_len {
            break;
        }
        json_target = json_target * 97 / 100;
    }
    assert!(
        token.len() <= Limits::DEFAULT.max_token_len,
        "{}",
        token.len()
    );
    cases.push(Case {
        name: "token_1m",
        json_len: djsign::json_dumps(&big, 100).unwrap().len(),
        token,
    });

    // The floor: Django's derived key, keyed once; one HMAC per call.
    let derived = sha2::Sha256::new()
        .chain_update(SALT.as_bytes())
        .chain_update(b"signer")
        .chain_update(KEY.as_bytes())
        .finalize();
    let keyed = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&derived).unwrap();
    let peer = django_signing::TimestampSigner::new(KEY.as_bytes(), SALT.as_bytes());
    let jar_key = Key::from(&[7u8; 64]);

    let mut json = String::from("{\n \"ns\": {");
    let mut first = true;
    let mut put = |json: &mut String, id: String, ns: f64| {
        if !first {
            json.push(',');
        }
        first = false;
        write!(json, "\n  \"{id}\": {ns:.1}").unwrap();
    };
    let mut sizes = String::new();
    for case in &cases {
        let token = case.token.as_str();
        std::fs::write(format!("{out_dir}/{}.txt", case.name), token).unwrap();
        let bad = forged(token);
        let ok = signer.unsign_object_value_at(token, None, 0.0).unwrap();
        let (value, ts) = (ok.value, ok.timestamp);
        let compressed = token.starts_with('.');
        assert_eq!(
            signer.sign_object_at(&value, compressed, ts).unwrap(),
            token,
            "dumps must give the token back"
        );
        let signed_part = token.rsplit_once(':').unwrap().0;
        let n = case.name;
        write!(
            sizes,
            "{}\"{n}\": {{\"token_len\": {}, \"json_len\": {}}}",
            if sizes.is_empty() { "" } else { ", " },
            token.len(),
            case.json_len
        )
        .unwrap();

        // What the peers' closures borrow, made before the closures: they all take turns in
        // one group.
        let peer_value: serde_json::Value = peer.unsign_object(token.to_owned()).unwrap();
        let text = serde_json::to_string(&peer_value).unwrap();
        let mut jar = CookieJar::new();
        jar.signed_mut(&jar_key)
            .add(Cookie::new("sessionid", text.clone()));
        let signed_cookie = jar.get("sessionid").unwrap().value().to_owned();
        let mut bad_cookie = signed_cookie.clone().into_bytes();
        bad_cookie[0] = if bad_cookie[0] == b'A' { b'B' } else { b'A' };
        let bad_cookie = String::from_utf8(bad_cookie).unwrap();
        let verify = |v: &str| {
            CookieJar::new()
                .signed(&jar_key)
                .verify(Cookie::new("sessionid", v.to_owned()))
                .map(|c| serde_json::from_str::<serde_json::Value>(c.value()).unwrap())
        };
        assert!(verify(&signed_cookie).is_some() && verify(&bad_cookie).is_none());

        let mut timed: Timed<'_> = Vec::new();
        timed.push((
            format!("{n}/hmac"),
            Box::new(|| {
                let mut m = keyed.clone();
                m.update(black_box(signed_part.as_bytes()));
                black_box(m.finalize().into_bytes());
            }),
        ));
        timed.push((
            format!("{n}/djsign/loads"),
            Box::new(|| {
                black_box(signer.unsign_object_value_at(black_box(token), None, 0.0)).unwrap();
            }),
        ));
        timed.push((
            format!("{n}/djsign/reject"),
            Box::new(|| {
                black_box(signer.unsign_object_value_at(black_box(&bad), None, 0.0)).unwrap_err();
            }),
        ));
        timed.push((
            format!("{n}/djsign/dumps"),
            Box::new(|| {
                black_box(signer.sign_object_at(black_box(&value), compressed, ts)).unwrap();
            }),
        ));

        // Typed loads of the reference session: djsign's one-pass reader (json/direct.rs),
        // django-signing and cookie-rs through serde_json, into the same struct.
        if n == "session" {
            assert!(signer.unsign_object_at::<Auth>(token, None, 0.0).is_ok());
            timed.push((
                format!("{n}/djsign/loads_typed"),
                Box::new(|| {
                    black_box(signer.unsign_object_at::<Auth>(black_box(token), None, 0.0))
                        .unwrap();
                }),
            ));
            timed.push((
                format!("{n}/django-signing/loads_typed"),
                Box::new(|| {
                    black_box(peer.unsign_object::<Auth>(black_box(token).to_owned())).unwrap();
                }),
            ));
            timed.push((
                format!("{n}/cookie-rs/loads_typed"),
                Box::new(|| {
                    let c = CookieJar::new()
                        .signed(&jar_key)
                        .verify(Cookie::new("sessionid", black_box(&signed_cookie).clone()))
                        .unwrap();
                    black_box(serde_json::from_str::<Auth>(c.value()).unwrap());
                }),
            ));
        }

        // django-signing: its API takes the token as a String (the copy is part of its cost).
        timed.push((
            format!("{n}/django-signing/loads"),
            Box::new(|| {
                black_box(peer.unsign_object::<serde_json::Value>(black_box(token).to_owned()))
                    .unwrap();
            }),
        ));
        timed.push((
            format!("{n}/django-signing/reject"),
            Box::new(|| {
                black_box(peer.unsign_object::<serde_json::Value>(black_box(&bad).to_owned()))
                    .unwrap_err();
            }),
        ));
        timed.push((
            format!("{n}/django-signing/dumps"),
            Box::new(|| {
                black_box(peer.sign_object(black_box(&peer_value), compressed));
            }),
        ));

        // cookie-rs SignedJar: the session's JSON text as a signed cookie value.
        timed.push((
            format!("{n}/cookie-rs/loads"),
            Box::new(|| {
                black_box(verify(black_box(&signed_cookie))).unwrap();
            }),
        ));
        timed.push((
            format!("{n}/cookie-rs/reject"),
            Box::new(|| {
                assert!(black_box(verify(black_box(&bad_cookie))).is_none());
            }),
        ));
        timed.push((
            format!("{n}/cookie-rs/dumps"),
            Box::new(|| {
                let text = serde_json::to_string(black_box(&peer_value)).unwrap();
                let mut jar = CookieJar::new();
                jar.signed_mut(&jar_key).add(Cookie::new("sessionid", text));
                black_box(jar.get("sessionid").unwrap().value().len());
            }),
        ));
        for (id, ns) in medians(timed) {
            put(&mut json, id, ns);
        }
        // Inflate alone, djsign's inflater beside the alternatives issue 9 measured:
        // miniz_oxide's whole-buffer API (djsign's inflater before) and its core API with a
        // state reused across calls and an output buffer of the right size.
        if compressed {
            let stream = djsign_b64(&token.split(':').next().unwrap()[1..]);
            let stream = stream.as_slice();
            let limit = Limits::DEFAULT.max_decompressed_len;
            let want = djsign::zlib::decompress(stream, limit).unwrap();
            use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};
            let mut state = Box::new(DecompressorOxide::new());
            let mut out = vec![0u8; want.len()];
            let flags = inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER
                | inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF
                | inflate_flags::TINFL_FLAG_COMPUTE_ADLER32;
            let mut timed: Timed<'_> = Vec::new();
            timed.push((
                format!("{n}/inflate/djsign"),
                Box::new(|| {
                    black_box(djsign::zlib::decompress(black_box(stream), limit)).unwrap();
                }),
            ));
            timed.push((
                format!("{n}/inflate/miniz_oxide_to_vec"),
                Box::new(|| {
                    black_box(miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(
                        black_box(stream),
                        limit,
                    ))
                    .unwrap();
                }),
            ));
            timed.push((
                format!("{n}/inflate/miniz_oxide_core_reused"),
                Box::new(|| {
                    state.init();
                    let (status, _, written) =
                        decompress(&mut state, black_box(stream), &mut out, 0, flags);
                    assert_eq!(
                        (status, written),
                        (miniz_oxide::inflate::TINFLStatus::Done, want.len())
                    );
                }),
            ));
            for (id, ns) in medians(timed) {
                put(&mut json, id, ns);
            }
        }
        eprintln!("{n}: done");
    }
    json.push_str("\n },\n \"sizes\": {");
    json.push_str(&sizes);
    json.push_str("}\n}");
    println!("{json}");
}
