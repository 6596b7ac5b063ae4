//! The heap each input can cost, as stated in audits/threat-model.md (A3), measured with a
//! per-thread counting allocator (issue 14, finding 5). Each case makes a token from hostile
//! JSON text (shapes that cost the most heap per byte), runs one operation and compares its
//! peak heap with the stated bound. A change that makes any path cost more per byte fails.
//!
//! The bounds, with `T` the token's length and `D` the payload's JSON length after inflating:
//!
//! | operation | peak heap |
//! |---|---|
//! | a token refused before its payload (bad signature, too long, no separator) | <= 4 KiB |
//! | `unsign_object_value`, `unverified::decode_payload`, `unsign_object_value_at` (untyped) | <= T + 22 D + 256 KiB |
//! | `unsign_object::<Value>` (typed into `Value`: the parsed tree is rebuilt) | <= T + 36 D + 256 KiB |
//! | `unsign_object::<IgnoredAny>` (typed, read in one pass or else as untyped) | as untyped |
//! | a zlib bomb past the decompression limit `L` | <= T + 2 L + 256 KiB |
//! | `json_dumps` / `sign_object` of a `Value` with `D` bytes of JSON | <= 4 D + 64 KiB / <= 8 D + 64 KiB |
//!
//! With the default limits (T <= 1 MiB, D <= 4 MiB) the untyped bound is 89.25 MiB, whatever
//! the compression ratio. `D` counts once for the payload's bytes, which stay allocated while
//! the tree is built, and at most 21 times for the tree (worst measured: 19.7, lists of two
//! one-digit integers; 32 bytes per `Value`, and no container keeps more room than the rest
//! of the input could fill, so where the input's size falls does not matter). The 256 KiB covers what does not grow with the input: the parser's
//! stack of open containers at the depth limit (1000), and the allocator's smallest blocks.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss,
    clippy::std_instead_of_alloc,
    clippy::std_instead_of_core
)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use djsign::unverified::decode_payload;
use djsign::{Limits, Signer, TimestampSigner, Value, json_dumps, json_loads};
use djsign_bounds::{Counting, peak_heap};

#[global_allocator]
static ALLOC: Counting = Counting;

const KIB: usize = 1024;
const MIB: usize = 1024 * KIB;
const FIXED: usize = 256 * KIB;

/// Bytes of heap per byte of token / of inflated JSON, untyped.
const PER_TOKEN_BYTE: usize = 1;
const PER_JSON_BYTE: usize = 22;
/// The same, typed into `Value`.
const PER_JSON_BYTE_TYPED: usize = 36;

/// JSON texts of about `n` bytes that cost the most heap per byte: many tiny values (32 bytes
/// each), tiny containers (a buffer each), tiny strings, distinct and duplicate keys, and
/// nesting at the depth limit with siblings.
fn shapes(n: usize) -> Vec<(&'static str, String)> {
    let rep = |unit: &str, first: &str| {
        let count = n.saturating_sub(first.len() + 2) / unit.len();
        format!("[{}{first}]", unit.repeat(count))
    };
    let mut distinct = String::from("{");
    let mut i = 0usize;
    while distinct.len() + 16 < n {
        distinct.push_str(&format!("\"{i:x}\":0,"));
        i += 1;
    }
    distinct.push_str("\"z\":0}");
    vec![
        ("one-digit ints", rep("0,", "0")),
        ("empty lists", rep("[],", "[]")),
        ("one-int lists", rep("[0],", "[0]")),
        ("two-int lists", rep("[0,0],", "[0]")),
        ("one-entry objects", rep("{\"\":0},", "{}")),
        ("one-char strings", rep("\"a\",", "\"a\"")),
        ("floats", rep("1.5,", "1.5")),
        ("distinct keys", distinct),
        (
            "duplicate keys",
            format!("{{{}\"a\":0}}", "\"a\":0,".repeat(n / 6 - 2)),
        ),
        (
            "depth limit, wide",
            format!(
                "{}[{}0]{}",
                "[0,0,".repeat(999),
                "0,".repeat((n - 6000) / 2),
                "]".repeat(999)
            ),
        ),
    ]
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut e, data).unwrap();
    e.finish().unwrap()
}

/// The object payload Django would make of these exact bytes (`"." + b64(zlib)` or `b64`).
fn payload(json: &[u8], compress: bool) -> String {
    if compress {
        format!(".{}", URL_SAFE_NO_PAD.encode(zlib(json)))
    } else {
        URL_SAFE_NO_PAD.encode(json)
    }
}

/// Asserts the bound; `--nocapture` prints every measurement (audits/threat-model.md quotes
/// them).
fn check(what: &str, peak: usize, bound: usize) {
    eprintln!(
        "{what}: peak {peak} bytes, {:.0}% of the bound {bound}",
        100.0 * peak as f64 / bound as f64
    );
    assert!(
        peak <= bound,
        "{what}: peak heap {peak} bytes exceeds the stated bound {bound} ({:.1}x)",
        peak as f64 / bound as f64
    );
}

#[test]
fn payloads_cost_at_most_the_stated_heap_per_byte() {
    let signer = Signer::new("bounds-key").unwrap();
    let stamped = TimestampSigner::new("bounds-key").unwrap();
    // Uncompressed: as large as the token limit allows (D = 3/4 T); compressed: 1 MiB from a
    // few KiB of token (`at_the_decompression_limit` goes to 4 MiB).
    for (compress, size) in [(false, 700 * KIB), (true, MIB)] {
        for (shape, json) in shapes(size) {
            let json = json.as_bytes();
            let d = json.len();
            assert!(d <= Limits::DEFAULT.max_decompressed_len, "{shape}: {d}");
            let p = payload(json, compress);
            let token = signer.sign(&p);
            let t = token.len();
            if t > Limits::DEFAULT.max_token_len {
                // Compresses too poorly to fit in a token: refused before decoding.
                let e = signer.unsign_object_value(&token).unwrap_err();
                assert_eq!(e.slug(), "token-too-long", "{shape}");
                continue;
            }
            let untyped = PER_TOKEN_BYTE * t + PER_JSON_BYTE * d + FIXED;
            let typed = PER_TOKEN_BYTE * t + PER_JSON_BYTE_TYPED * d + FIXED;
            let what = |op: &str| format!("{op}, {shape}, compress={compress}, T={t}, D={d}");

            let (peak, v) = peak_heap(|| signer.unsign_object_value(&token).unwrap());
            check(&what("unsign_object_value"), peak, untyped);
            drop(v);

            let (peak, v) = peak_heap(|| decode_payload(&p, &Limits::DEFAULT).unwrap());
            check(&what("decode_payload"), peak, untyped);
            drop(v);

            let (peak, v) = peak_heap(|| signer.unsign_object::<Value>(&token).unwrap());
            check(&what("unsign_object::<Value>"), peak, typed);
            drop(v);

            // A typed load the one-pass reader takes (json/direct.rs) holds no tree; where
            // it declines (duplicate keys, deep nesting) the untyped path runs after it.
            let (peak, _) = peak_heap(|| {
                signer
                    .unsign_object::<serde::de::IgnoredAny>(&token)
                    .unwrap()
            });
            check(&what("unsign_object::<IgnoredAny>"), peak, untyped);

            let stamped_token = stamped.sign_at(&p, 1_700_000_000);
            let (peak, v) = peak_heap(|| {
                stamped
                    .unsign_object_value_at(&stamped_token, Some(60.0), 1_700_000_001.0)
                    .unwrap()
            });
            check(&what("unsign_object_value_at"), peak, untyped);
            drop(v);
        }
    }
}

/// The absolute worst case: the costliest shape at the default decompression limit, from a
/// 5.5 KB token. Untyped, at most 22 x 4 MiB + 256 KiB = 88.25 MiB (+ T).
#[test]
fn at_the_decompression_limit() {
    let signer = Signer::new("bounds-key").unwrap();
    let limit = Limits::DEFAULT.max_decompressed_len;
    let (shape, json) = shapes(limit).swap_remove(0);
    let d = json.len();
    assert!(d <= limit && d > limit - 64, "{d}");
    let token = signer.sign(&payload(json.as_bytes(), true));
    let t = token.len();
    assert!(t < 8 * KIB, "{t}");
    let (peak, v) = peak_heap(|| signer.unsign_object_value(&token).unwrap());
    check(
        &format!("unsign_object_value, {shape}, T={t}, D={d}"),
        peak,
        PER_TOKEN_BYTE * t + PER_JSON_BYTE * d + FIXED,
    );
    drop(v);
    let (peak, v) = peak_heap(|| signer.unsign_object::<Value>(&token).unwrap());
    check(
        &format!("unsign_object::<Value>, {shape}, T={t}, D={d}"),
        peak,
        PER_TOKEN_BYTE * t + PER_JSON_BYTE_TYPED * d + FIXED,
    );
    drop(v);
}

#[test]
fn refused_tokens_cost_almost_nothing() {
    let signer = Signer::new("bounds-key").unwrap();
    let big = "A".repeat(Limits::DEFAULT.max_token_len - 100);
    let bad = format!("{big}:{}", "A".repeat(43));
    let (peak, r) = peak_heap(|| signer.unsign_object_value(&bad));
    assert_eq!(r.unwrap_err().slug(), "bad-signature");
    check("bad signature, 1 MiB token", peak, 4 * KIB);

    let too_long = "A".repeat(Limits::DEFAULT.max_token_len + 1);
    let (peak, r) = peak_heap(|| signer.unsign_object_value(&too_long));
    assert_eq!(r.unwrap_err().slug(), "token-too-long");
    check("token too long", peak, 4 * KIB);
    let (peak, r) = peak_heap(|| decode_payload(&too_long, &Limits::DEFAULT));
    assert_eq!(r.unwrap_err().slug(), "token-too-long");
    check("decode_payload, too long", peak, 4 * KIB);

    let (peak, r) = peak_heap(|| signer.unsign_object_value(&big));
    assert_eq!(r.unwrap_err().slug(), "no-separator");
    check("no separator", peak, 4 * KIB);
}

#[test]
fn a_zlib_bomb_costs_at_most_twice_the_limit() {
    let signer = Signer::new("bounds-key").unwrap();
    // 64 MiB of spaces: valid JSON whitespace, refused at the 4 MiB limit.
    let bomb = payload(&vec![b' '; 64 * MIB], true);
    let token = signer.sign(&bomb);
    let limit = Limits::DEFAULT.max_decompressed_len;
    let (peak, r) = peak_heap(|| signer.unsign_object_value(&token));
    assert_eq!(r.unwrap_err().slug(), "decompressed-too-large");
    check(
        "zlib bomb",
        peak,
        PER_TOKEN_BYTE * token.len() + 2 * limit + FIXED,
    );
    let (peak, r) = peak_heap(|| decode_payload(&bomb, &Limits::DEFAULT));
    assert_eq!(r.unwrap_err().slug(), "decompressed-too-large");
    check(
        "zlib bomb, unverified",
        peak,
        PER_TOKEN_BYTE * bomb.len() + 2 * limit + FIXED,
    );
}

#[test]
fn writing_costs_a_few_bytes_per_byte() {
    let signer = Signer::new("bounds-key").unwrap();
    for (shape, json) in shapes(512 * KIB) {
        let v = json_loads(json.as_bytes(), 1000).unwrap();
        let (peak, out) = peak_heap(|| json_dumps(&v, 1000).unwrap());
        let d = out.len();
        check(&format!("json_dumps, {shape}"), peak, 4 * d + 64 * KIB);
        let (peak, token) = peak_heap(|| signer.sign_object(&v, false).unwrap());
        check(&format!("sign_object, {shape}"), peak, 8 * d + 64 * KIB);
        drop(token);
    }
}
