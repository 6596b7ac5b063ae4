//! dudect timing tests for djsign's verification (`cargo run --release --bin dudect_unsign`).
//!
//! Each bench times `unsign` on two classes of inputs that an attacker could choose between
//! and reports Welch's t over cropped distributions; |t| > 5 is evidence of a timing
//! difference. `naive_eq_control` is a positive control (a plain `==` on 4 KiB) that must show a
//! large t, so a small t elsewhere means something.
//!
//! - `valid_vs_invalid`: the correct signature vs. a wrong one of the same shape.
//! - `late_vs_early_mismatch`: a wrong signature equal to the right MAC except its last byte
//!   vs. one that differs in its first byte (what a byte-at-a-time forger measures).
//! - `key_vs_last_fallback`: with 3 fallback keys, a token made by the key vs. one made by
//!   the last fallback (which key matched must not show).

use djsign::{Signer, TimestampSigner};
use dudect_bencher::rand::RngExt;
use dudect_bencher::{BenchRng, Class, CtRunner, ctbench_main};

const N: usize = 100_000;
const KEY: &str = "dudect-secret-key";

fn b64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

fn rand_value(rng: &mut BenchRng) -> String {
    (0..16)
        .map(|_| char::from(b'a' + rng.random_range(0..26u8)))
        .collect()
}

/// The MAC bytes of `value` under the signer's key (django's salted_hmac).
fn mac(value: &str) -> Vec<u8> {
    djsign::salted_hmac(
        format!("{}signer", djsign::SIGNER_SALT).as_bytes(),
        value.as_bytes(),
        KEY.as_bytes(),
        djsign::Algorithm::Sha256,
    )
    .as_bytes()
    .to_vec()
}

fn valid_vs_invalid(runner: &mut CtRunner, rng: &mut BenchRng) {
    let signer = Signer::new(KEY).unwrap();
    let mut inputs = Vec::with_capacity(N);
    for _ in 0..N {
        let v = rand_value(rng);
        if rng.random::<bool>() {
            inputs.push((Class::Left, signer.sign(&v)));
        } else {
            let mut wrong = [0u8; 32];
            rng.fill(&mut wrong[..]);
            inputs.push((Class::Right, format!("{v}:{}", b64(&wrong))));
        }
    }
    for (class, token) in inputs {
        runner.run_one(class, || signer.unsign(&token).is_ok());
    }
}

fn late_vs_early_mismatch(runner: &mut CtRunner, rng: &mut BenchRng) {
    let signer = Signer::new(KEY).unwrap();
    let mut inputs = Vec::with_capacity(N);
    for _ in 0..N {
        let v = rand_value(rng);
        let mut m = mac(&v);
        let class = if rng.random::<bool>() {
            m[31] ^= 0x01;
            Class::Left
        } else {
            m[0] ^= 0x01;
            Class::Right
        };
        inputs.push((class, format!("{v}:{}", b64(&m))));
    }
    for (class, token) in inputs {
        runner.run_one(class, || signer.unsign(&token).is_ok());
    }
}

fn key_vs_last_fallback(runner: &mut CtRunner, rng: &mut BenchRng) {
    let verifier = TimestampSigner::builder(KEY)
        .fallback_keys(["old-1", "old-2", "old-3"])
        .build()
        .unwrap();
    let by_key = TimestampSigner::new(KEY).unwrap();
    let by_old = TimestampSigner::new("old-3").unwrap();
    let mut inputs = Vec::with_capacity(N);
    for _ in 0..N {
        let v = rand_value(rng);
        if rng.random::<bool>() {
            inputs.push((Class::Left, by_key.sign_at(&v, 1_700_000_000)));
        } else {
            inputs.push((Class::Right, by_old.sign_at(&v, 1_700_000_000)));
        }
    }
    for (class, token) in inputs {
        runner.run_one(class, || verifier.unsign_at(&token, None, 0.0).is_ok());
    }
}

/// Positive control: early-exit `==` on 4 KiB, equal vs. differing in the first byte.
fn naive_eq_control(runner: &mut CtRunner, rng: &mut BenchRng) {
    let mut inputs = Vec::with_capacity(N);
    for _ in 0..N {
        let mut a = vec![0u8; 4096];
        rng.fill(&mut a[..]);
        let mut b = a.clone();
        let class = if rng.random::<bool>() {
            Class::Left
        } else {
            b[0] ^= 1;
            Class::Right
        };
        inputs.push((class, a, b));
    }
    for (class, a, b) in inputs {
        runner.run_one(class, || a == b);
    }
}

ctbench_main!(
    valid_vs_invalid,
    late_vs_early_mismatch,
    key_vs_last_fallback,
    naive_eq_control
);
