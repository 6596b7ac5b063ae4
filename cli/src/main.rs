//! `djsign`: sign, verify and inspect Django signed tokens from the command line (issue 3).
//!
//! A thin layer over the `djsign` library: argument parsing, key reading, I/O, and the
//! mapping of errors to exit codes. No signing logic of its own. See `cli/README.md`.
#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod args;
mod fail;
mod input;
mod iso;
mod keys;
mod run;

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
