//! One djsign operation run N times, for `valgrind --tool=callgrind` (benches/instructions.sh):
//! instruction counts are the same from run to run whatever else the machine does, so they
//! compare two versions of the library where wall time on a shared machine cannot.
//!
//!     instructions OP N [FILE]
//!
//! OP is `loads` or `dumps` of the reference session (benches/reference_session.txt, or
//! the file in `REFERENCE`; the key and salt of benches/peers), `compress` of FILE's bytes, or `decompress` of FILE,
//! a zlib stream. N = 0 runs the set-up alone, which the script subtracts.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use djsign::{Limits, TimestampSigner};

const KEY: &str = "django-insecure-benchmark-key-0123456789abcdefghijklmnopqrstuvwxyz";
const SALT: &str = "django.contrib.sessions.backends.signed_cookies";

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
