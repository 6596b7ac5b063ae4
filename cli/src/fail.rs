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
/// A key could not be read: unset or non-UTF-8 environment variable, unreadable file, or a
/// file larger than any key (64 KiB; it is not read past that). Exit 2.
pub const KEY_UNAVAILABLE: &str = "key-unavailable";
/// The token, cookie value or payload is not UTF-8 text (Django's are all `str`). Exit 1.
pub const INVALID_INPUT: &str = "invalid-input";
/// Reading standard input or writing standard output failed. Exit 2.
pub const IO_ERROR: &str = "io-error";
/// Standard input holds more than the command reads (4 MiB of JSON to sign, 1 MiB and a line
/// ending of a value to sign); it is not read past that. Exit 1. (A token or cookie value
/// over the library's limit is the library's `token-too-long`.)
pub const INPUT_TOO_LARGE: &str = "input-too-large";

/// Some published test vectors failed (`vectors check`; they are listed on stdout). Exit 1.
pub const VECTORS_FAILED: &str = "vectors-failed";
/// The vector directory, or a file in it, cannot be read as djsign vectors. Exit 2.
pub const VECTORS_UNREADABLE: &str = "vectors-unreadable";

/// The CLI's own kinds, with their exit codes and meaning, for `--help` and the README.
pub const CLI_KINDS: &[(&str, u8, &str)] = &[
    (USAGE, EXIT_USAGE, "the command line is wrong"),
    (MISSING_KEY, EXIT_USAGE, "no --key-env or --key-file"),
    (
        KEY_UNAVAILABLE,
        EXIT_USAGE,
        "key variable unset or not UTF-8, key file unreadable or over 64 KiB",
    ),
    (
        INVALID_INPUT,
        EXIT_REJECTED,
        "token, cookie value or payload is not UTF-8 text",
    ),
    (IO_ERROR, EXIT_USAGE, "standard input or output failed"),
    (
        INPUT_TOO_LARGE,
        EXIT_REJECTED,
        "standard input is larger than the command reads (JSON 4 MiB, a value 1 MiB)",
    ),
    (
        VECTORS_FAILED,
        EXIT_REJECTED,
        "vectors check: some vectors failed (listed on standard output)",
    ),
    (
        VECTORS_UNREADABLE,
        EXIT_USAGE,
        "vectors check: the directory or a file in it is not readable as vectors",
    ),
];

/// The exit code for a library error: 2 for the configuration kinds
/// ([`djsign::Error::is_configuration`]: separator, key, algorithm, NaN time),
/// 1 for every rejection of the token or payload.
pub const fn library_exit(err: &djsign::Error) -> u8 {
    if err.is_configuration() {
        EXIT_USAGE
    } else {
        EXIT_REJECTED
    }
}

/// One error of every library kind, in the order of [`djsign::Error::SLUGS`], so that `--help`
/// can ask the library which kinds are configuration errors (`is_configuration` is a method of
/// an error, not of a slug). A unit test checks that this covers exactly `SLUGS`.
pub fn library_kinds() -> Vec<djsign::Error> {
    use djsign::Error as E;
    vec![
        E::NoSeparator,
        E::BadSignature,
        E::SignatureExpired {
            age: 0.0,
            max_age: 0.0,
            timestamp: 0,
        },
        E::MissingTimestamp,
        E::MalformedTimestamp,
        E::MalformedBase64,
        E::MalformedZlib,
        E::DecompressedTooLarge { limit: 0 },
        E::MalformedJson {
            offset: 0,
            reason: "",
        },
        E::UnrepresentableJson {
            offset: 0,
            reason: "",
        },
        E::TypeMismatch {
            message: String::new(),
        },
        E::Unserializable {
            message: String::new(),
        },
        E::InvalidSeparator,
        E::InvalidKey,
        E::UnsupportedAlgorithm,
        E::InvalidTime,
        E::TokenTooLong { len: 0, limit: 0 },
        E::SessionExpired {
            expiry: 0.0,
            timestamp: 0,
        },
        E::MalformedSessionExpiry,
        E::PickledPayload,
    ]
}

/// The library's sentence, with the instants of an expiry as ISO 8601 UTC dates beside the
/// raw seconds: `signature age 28927572.5 > 3600 seconds` alone does not say when.
fn with_dates(err: &djsign::Error) -> String {
    use djsign::Error as E;
    match *err {
        E::SignatureExpired { age, timestamp, .. } => format!(
            "{err} (signed at {}, {} ago)",
            crate::iso::utc(timestamp),
            crate::iso::duration(age)
        ),
        E::SessionExpired { expiry, timestamp } => format!(
            "{err} ({}; the cookie was signed at {})",
            crate::iso::utc_f64(expiry),
            crate::iso::utc(timestamp)
        ),
        _ => err.to_string(),
    }
}

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
    /// that the library only notices late (a NaN `--max-age` or `--now`): exit 2.
    pub fn rejected(err: &djsign::Error) -> Self {
        Self::new(err.slug(), library_exit(err), with_dates(err))
    }

    /// Adds `; hint` to the sentence.
    #[must_use]
    pub fn with_hint(mut self, hint: &str) -> Self {
        self.message.push_str("; ");
        self.message.push_str(hint);
        self
    }

    /// The kind (the text before the first `:`).
    pub const fn kind(&self) -> &'static str {
        self.kind
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
    }

    #[test]
    fn library_kinds_are_exactly_the_slugs() {
        let slugs: Vec<&str> = library_kinds().iter().map(djsign::Error::slug).collect();
        assert_eq!(slugs, djsign::Error::SLUGS);
        // The configuration kinds are those the README and --help list under exit 2.
        let config: Vec<&str> = library_kinds()
            .iter()
            .filter(|e| library_exit(e) == EXIT_USAGE)
            .map(djsign::Error::slug)
            .collect();
        assert_eq!(
            config,
            [
                "invalid-separator",
                "invalid-key",
                "unsupported-algorithm",
                "invalid-time"
            ]
        );
    }
}
