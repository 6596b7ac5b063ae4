//! How `djsign` fails: one line on stderr, `<kind>: <sentence>`, and an exit code.
//!
//! The kind is the library's `Error::slug()` for every library error, or one of the CLI's own
//! kinds below for failures that never reach the library. Scripts read the text before the
//! first `:`; it is made only of lowercase ASCII letters, digits and `-`.

use std::fmt;
use std::io::Write;

/// Exit code: the token (or the payload to sign) was rejected.
pub const EXIT_REJECTED: u8 = 1;
/// Exit code: usage or configuration error (arguments, keys, separator, algorithm, I/O).
pub const EXIT_USAGE: u8 = 2;

/// The command line is wrong (unknown option, bad number, conflicting options). Exit 2.
pub const USAGE: &str = "usage";
/// No `--key-env`/`--key-file` was given to a command that needs a key. Exit 2.
pub const MISSING_KEY: &str = "missing-key";
/// A key could not be read: unset or non-UTF-8 environment variable, unreadable file. Exit 2.
pub const KEY_UNAVAILABLE: &str = "key-unavailable";
/// The token or payload is not UTF-8 text (Django's tokens and values are `str`). Exit 1.
pub const INVALID_INPUT: &str = "invalid-input";
/// Reading standard input or writing standard output failed. Exit 2.
pub const IO_ERROR: &str = "io-error";

/// The CLI's own kinds, with their exit codes and meaning, for `--help` and the README.
pub const CLI_KINDS: &[(&str, u8, &str)] = &[
    (USAGE, EXIT_USAGE, "the command line is wrong"),
    (MISSING_KEY, EXIT_USAGE, "no --key-env or --key-file"),
    (
        KEY_UNAVAILABLE,
        EXIT_USAGE,
        "key variable unset or not UTF-8, key file unreadable",
    ),
    (
        INVALID_INPUT,
        EXIT_REJECTED,
        "token or payload is not UTF-8 text",
    ),
    (IO_ERROR, EXIT_USAGE, "standard input or output failed"),
];

/// The library's kinds that describe the configuration rather than the token: exit 2.
/// Every other library kind is a rejection of the input: exit 1.
pub const LIBRARY_CONFIG_KINDS: &[&str] = &[
    "invalid-separator",
    "invalid-key",
    "unsupported-algorithm",
    "invalid-time",
    "compression-unavailable",
];

/// A failure to report: kind, sentence, exit code.
#[derive(Debug)]
pub struct Failure {
    kind: &'static str,
    message: String,
    code: u8,
}

impl Failure {
    /// A failure of one of the CLI's own kinds.
    pub fn new(kind: &'static str, code: u8, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            code,
        }
    }

    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(USAGE, EXIT_USAGE, message)
    }

    /// The library refused the configuration (key, separator, algorithm, time): exit 2.
    pub fn config(err: &djsign::Error) -> Self {
        Self::new(err.slug(), EXIT_USAGE, err.to_string())
    }

    /// The library refused the token or payload: exit 1, except for the configuration kinds
    /// that the library only notices late (a NaN `--max-age` or `--now`).
    pub fn rejected(err: &djsign::Error) -> Self {
        let code = if LIBRARY_CONFIG_KINDS.contains(&err.slug()) {
            EXIT_USAGE
        } else {
            EXIT_REJECTED
        };
        Self::new(err.slug(), code, err.to_string())
    }

    /// The process exit code.
    pub const fn code(&self) -> u8 {
        self.code
    }

    /// Writes the one line to stderr. A closed stderr is ignored: there is nowhere to complain.
    pub fn report(&self) {
        let _ = writeln!(std::io::stderr().lock(), "{self}");
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn well_formed(kind: &str) -> bool {
        !kind.is_empty()
            && kind
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }

    #[test]
    fn kinds_are_distinct_from_library_slugs_and_well_formed() {
        for (kind, _, _) in CLI_KINDS {
            assert!(!djsign::Error::SLUGS.contains(kind), "{kind} clashes");
            assert!(well_formed(kind), "{kind}");
        }
        for slug in djsign::Error::SLUGS {
            assert!(well_formed(slug), "{slug}");
        }
        for kind in LIBRARY_CONFIG_KINDS {
            assert!(
                djsign::Error::SLUGS.contains(kind),
                "{kind} is not a library kind"
            );
        }
    }
}
