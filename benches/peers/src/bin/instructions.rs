//! One djsign operation run N times, for `valgrind --tool=callgrind` (benches/instructions.sh):
//! instruction counts are the same from run to run whatever else the machine does, so they
//! compare two versions of the library where wall time on a shared machine cannot.
//!
//!     instructions OP N [FILE]
//!
//! OP is `loads`, `loads_typed` (into a struct of its five keys), `reject` (of the token with
//! its last signature character changed), `hmac` (one bare HMAC of its signed part) or `dumps`
//! of the reference session (benches/reference_session.txt, or
//! the file in `REFERENCE`; the key and salt of benches/peers), `compress` of FILE's bytes, or `decompress` of FILE,
//! a zlib stream. N = 0 runs the set-up alone, which the script subtracts.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use djsign::{Limits, TimestampSigner};

const KEY: &str = "django-insecure-benchmark-key-0123456789abcdefghijklmnopqrstuvwxyz";
const SALT: &str = "django.contrib.sessions.backends.signed_cookies";

#[path = "../auth.rs"]
mod auth;
use auth::Auth;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (op, n) = (args[1].as_str(), args[2].parse::<u64>().unwrap());
    let file = || std::fs::read(&args[3]).unwrap();
    let reference = std::env::var("REFERENCE").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../reference_session.txt").to_owned()
    });
    let token = std::fs::read_to_string(reference).unwrap();
    let token = token.trim_end();
    let signer = TimestampSigner::builder(KEY).salt(SALT).build().unwrap();
    let ok = signer.unsign_object_value_at(token, None, 0.0).unwrap();
    match op {
        "loads" => {
            for _ in 0..n {
                black_box(signer.unsign_object_value_at(black_box(token), None, 0.0)).unwrap();
            }
        }
        "loads_typed" => {
            for _ in 0..n {
                black_box(signer.unsign_object_at::<Auth>(black_box(token), None, 0.0)).unwrap();
            }
        }
        "reject" => {
            // The last signature character moved by four places (still canonical base64,
            // so the whole HMAC is paid), as benches/peers does.
            let mut bad = token.as_bytes().to_vec();
            let last = bad.last_mut().unwrap();
            *last = if *last == b'A' { b'E' } else { b'A' };
            let bad = String::from_utf8(bad).unwrap();
            for _ in 0..n {
                black_box(signer.unsign_object_value_at(black_box(&bad), None, 0.0)).unwrap_err();
            }
        }
        "hmac" => {
            // One bare HMAC-SHA256 over the signed part with the derived key precomputed.
            use hmac::{KeyInit, Mac};
            use sha2::Digest;
            let derived = sha2::Sha256::new()
                .chain_update(SALT.as_bytes())
                .chain_update(b"signer")
                .chain_update(KEY.as_bytes())
                .finalize();
            let keyed = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&derived).unwrap();
            let signed_part = token.rsplit_once(':').unwrap().0;
            for _ in 0..n {
                let mut m = keyed.clone();
                m.update(black_box(signed_part.as_bytes()));
                black_box(m.finalize().into_bytes());
            }
        }
        "dumps" => {
            for _ in 0..n {
                black_box(signer.sign_object_at(black_box(&ok.value), true, ok.timestamp)).unwrap();
            }
        }
        "compress" => {
            let data = file();
            for _ in 0..n {
                black_box(djsign::zlib::compress(black_box(&data)));
            }
        }
        "decompress" => {
            let data = file();
            let limit = Limits::DEFAULT.max_decompressed_len;
            for _ in 0..n {
                black_box(djsign::zlib::decompress(black_box(&data), limit)).unwrap();
            }
        }
        _ => panic!("unknown op {op}"),
    }
}
