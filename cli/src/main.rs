//! `djsign`: sign, verify and inspect Django signed tokens, sessions and signed cookies from
//! the command line (issues 3 and 4).
//!
//! A thin layer over the `djsign` library: argument parsing, key reading, I/O, and the
//! mapping of errors to exit codes. No signing logic of its own. See `cli/README.md`.
// The only unsafe code is the counting allocator of `djsign bench` (feature count-alloc).
#![deny(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod args;
mod bench;
#[cfg(feature = "count-alloc")]
mod count_alloc;
// The vector checker `cargo test` uses (`tests/vectors.rs`), for `djsign vectors check`.
// Its indexing is serde_json's `&Value[&str]`, which gives `Null` for a missing key or a
// value of another type and never panics.
#[allow(clippy::indexing_slicing)]
#[path = "../../vectors/check.rs"]
mod check;
#[cfg(feature = "contrib")]
mod contrib;
mod fail;
mod input;
mod iso;
mod keys;
mod run;
mod vectors;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // There should be no panic; if there is one anyway, say so in one line, with no
    // backtrace and nothing from the panic payload (which could quote data).
    std::panic::set_hook(Box::new(|_| {
        let _ = writeln!(
            std::io::stderr(),
            "internal-error: djsign hit a bug and stopped; please report it"
        );
    }));
    match run::main(std::env::args_os()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            failure.report();
            ExitCode::from(failure.code())
        }
    }
}
