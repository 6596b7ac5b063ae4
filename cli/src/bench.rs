//! `djsign bench`: loads, dumps and rejection of one token timed in this process, beside one
//! bare HMAC-SHA256 with a precomputed key (the floor any verifier pays). Each figure is the
//! median of several rounds, so one disturbed round does not move it; compare figures from the
//! same run (their ratios), not absolute numbers across machines.

use std::hint::black_box;
use std::time::Instant;

use djsign::{Algorithm, Limits, TimestampSigner, Value};
use hmac::{KeyInit, Mac};
use sha2::Digest;

use crate::args::BenchArgs;
use crate::fail::Failure;
use crate::input;
use crate::keys::{KeySource, Keys};

const ROUNDS: usize = 9;

/// Median nanoseconds per call of `f`, over `ROUNDS` rounds of `n` calls.
fn median_ns(n: u32, mut f: impl FnMut()) -> f64 {
    // One warm-up round.
    for _ in 0..n.min(1000) {
        f();
    }
    let mut per_op: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..n {
                f();
            }
            start.elapsed().as_secs_f64() * 1e9 / f64::from(n)
        })
        .collect();
    per_op.sort_by(f64::total_cmp);
    per_op.get(ROUNDS / 2).copied().unwrap_or(f64::NAN)
}

/// The token with its last signature character replaced by another that keeps the signature
/// canonical base64 (same trailing zero bits), so that rejecting it costs a full HMAC.
fn forged(token: &str, algorithm: Algorithm) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bytes = token.as_bytes().to_vec();
    let zero_bits = (algorithm.signature_len() * 6).saturating_sub(algorithm.output_len() * 8);
    let step = 1usize << zero_bits;
    if let Some(last) = bytes.last_mut()
        && let Some(v) = ALPHABET.iter().position(|c| c == last)
        && let Some(c) = ALPHABET.get((v + step) % 64)
    {
        *last = *c;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(feature = "count-alloc")]
fn allocations_of(f: impl FnOnce()) -> String {
    let before = crate::count_alloc::allocations();
    f();
    (crate::count_alloc::allocations() - before).to_string()
}

#[cfg(not(feature = "count-alloc"))]
fn allocations_of(f: impl FnOnce()) -> String {
    f();
    String::from("n/a (build with --features count-alloc)")
}

pub fn run(a: BenchArgs, fallbacks: &[KeySource]) -> Result<(), Failure> {
    let keys = Keys::read(a.keys.key().as_ref(), fallbacks)?;
    let mut b = TimestampSigner::builder(keys.key.as_slice())
        .salt(&a.salt)
        .limits(Limits::DEFAULT);
    for fb in &keys.fallbacks {
        b = b.fallback_key(fb.as_slice());
    }
    let signer = b.build().map_err(|e| Failure::config(&e))?;
    // The floor: Django's derived key `sha256(salt + "signer" + secret)`, keyed once.
    let mut key_salt = signer.salt().as_bytes().to_vec();
    key_salt.extend_from_slice(b"signer");
    let derived = sha2::Sha256::new()
        .chain_update(&key_salt)
        .chain_update(keys.key.as_slice())
        .finalize();
    let keyed = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&derived)
        .map_err(|_| Failure::usage("HMAC key setup failed"))?;
    drop(keys);

    let token = input::token(a.token, "token")?;
    let n = a.iterations;
    let ok = signer
        .unsign_object_value_at(&token, None, 0.0)
        .map_err(|e| Failure::rejected(&e))?;
    let (value, timestamp): (Value, i64) = (ok.value, ok.timestamp);
    let compressed = token.starts_with('.');
    let signed_part = token.rsplit_once(signer.sep()).map_or("", |(v, _)| v);
    let bad = forged(&token, signer.algorithm());

    let loads = || {
        black_box(signer.unsign_object_value_at(black_box(&token), None, 0.0)).ok();
    };
    let dumps = || {
        black_box(signer.sign_object_at(black_box(&value), compressed, timestamp)).ok();
    };
    let reject = || {
        black_box(signer.unsign_object_value_at(black_box(&bad), None, 0.0)).ok();
    };
    let hmac = || {
        let mut m = keyed.clone();
        m.update(black_box(signed_part.as_bytes()));
        black_box(m.finalize().into_bytes());
    };
    let remade = signer
        .sign_object_at(&value, compressed, timestamp)
        .map_err(|e| Failure::rejected(&e))?;
    let allocs = allocations_of(loads);
    let lines = [
        format!("token_len={}", token.len()),
        format!("loads_ns={:.0}", median_ns(n, loads)),
        format!("dumps_ns={:.0}", median_ns(n, dumps)),
        format!("reject_ns={:.0}", median_ns(n, reject)),
        format!("hmac_ns={:.0}", median_ns(n, hmac)),
        format!("allocs_per_loads={allocs}"),
        format!(
            "dumps_identical={}",
            if remade == token { "yes" } else { "no" }
        ),
    ];
    let mut out = lines.join("\n");
    out.push('\n');
    input::write_stdout(out.as_bytes())
}
