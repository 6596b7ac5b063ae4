//! Secret-taint check under valgrind memcheck (`valgrind --tool=memcheck BIN MODE`).
//!
//! The key bytes are marked *undefined* (crabgrind client request) before the signer sees
//! them. Memcheck then tracks everything computed from them (derived key, HMAC states, MACs)
//! and reports any conditional jump, or any memory address, that depends on them: exactly the
//! operations whose timing could depend on the key.
//!
//! Modes:
//! - `mac`: `salted_hmac` + `MacOutput::ct_eq` with a tainted key; the resulting `Choice` is
//!   declassified (marked defined) before it is used. Expected: no report.
//! - `unsign`: `Signer` / `TimestampSigner` (3 tainted fallback keys too) verifying right and
//!   wrong tokens made by an untainted signer with the same keys. Expected: reports only where
//!   the library turns the constant-time result into its accept/reject decision (a public
//!   outcome), nowhere in key derivation, HMAC or the comparison.
//!
//! - `control`: the MAC compared with `==`. Expected: reported (shows the taint works).
//!
//! Run without valgrind it only checks that it works (the client requests are no-ops).

use crabgrind::memcheck::{MemState, mark_memory};
use djsign::{Algorithm, SecretKey, Signer, TimestampSigner, salted_hmac};

fn tainted(bytes: &[u8]) -> SecretKey {
    let v = bytes.to_vec();
    let _ = mark_memory(v.as_ptr().cast(), v.len(), MemState::Undefined);
    SecretKey::from_vec(v).unwrap()
}

fn declassify<T>(x: &T) {
    let _ = mark_memory((x as *const T).cast(), size_of::<T>(), MemState::Defined);
}

fn mode_mac() -> usize {
    let mut ok = 0;
    for alg in Algorithm::ALL {
        let key = tainted(b"taint-secret-key");
        let public_mac = salted_hmac(b"saltsigner", b"value", b"taint-secret-key", *alg);
        let wrong = vec![0u8; alg.output_len()];
        for provided in [public_mac.as_bytes(), &wrong[..]] {
            let mac = salted_hmac(b"saltsigner", b"value", key.expose_secret(), *alg);
            let choice = mac.ct_eq(provided);
            declassify(&choice);
            if bool::from(choice) {
                ok += 1;
            }
        }
    }
    ok
}

fn mode_unsign() -> usize {
    let mut ok = 0;
    let public = Signer::new("taint-secret-key").unwrap();
    let secret = Signer::builder(tainted(b"taint-secret-key"))
        .fallback_key(tainted(b"old-1"))
        .fallback_key(tainted(b"old-2"))
        .fallback_key(tainted(b"old-3"))
        .build()
        .unwrap();
    let good = public.sign("hello");
    let bad = format!("hello:{}", "A".repeat(43));
    for t in [&good, &bad] {
        let r = secret.unsign(t);
        ok += usize::from(r.is_ok());
    }
    let public_ts = TimestampSigner::new("old-3").unwrap();
    let secret_ts = TimestampSigner::builder(tainted(b"taint-secret-key"))
        .fallback_key(tainted(b"old-1"))
        .fallback_key(tainted(b"old-2"))
        .fallback_key(tainted(b"old-3"))
        .build()
        .unwrap();
    let good = public_ts.sign_at("hello", 1_700_000_000);
    let r = secret_ts.unsign_at(&good, Some(60.0), 1_700_000_030.0);
    ok += usize::from(r.is_ok());
    ok
}

/// Positive control: the same MAC compared with `==` (early exit). Memcheck must report it,
/// or the taint is not reaching the MAC and the other modes prove nothing.
fn mode_control() -> usize {
    let key = tainted(b"taint-secret-key");
    let public_mac = salted_hmac(
        b"saltsigner",
        b"value",
        b"taint-secret-key",
        Algorithm::Sha256,
    );
    let mac = salted_hmac(
        b"saltsigner",
        b"value",
        key.expose_secret(),
        Algorithm::Sha256,
    );
    usize::from(mac.as_bytes() == public_mac.as_bytes())
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let n = match mode.as_str() {
        "mac" => mode_mac(),
        "unsign" => mode_unsign(),
        "control" => mode_control(),
        _ => {
            eprintln!("usage: taint mac|unsign|control");
            std::process::exit(2);
        }
    };
    println!("{mode}: {n} accepted");
}
