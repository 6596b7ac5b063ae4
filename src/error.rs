//! The one error type of the crate ([`Error`], whose docs say what it carries).

use alloc::string::String;
use core::fmt;

/// Everything that can go wrong while configuring a signer, signing or verifying.
///
/// Django answers almost every failure with `BadSignature` or a stray `ValueError`, and its
/// session backend then swallows everything with a bare `except` and starts a new session.
/// Here each failure has its own variant so a caller can decide, log and count; every variant
/// has a stable slug ([`Error::slug`]) that the CLI prints and the published vectors use.
///
/// No variant carries key material, a derived key or the signature we expected: `Display` is
/// safe to log. Variants that describe a *verified* token (expired, malformed payload) may
/// carry facts about it, such as the timestamp it was signed at.
///
/// # Display is safe to log
///
/// ```
/// use djsign::{Error, Signer};
/// let signer = Signer::new("django-insecure-key")?;
/// let token = signer.sign("hello");
/// let forged = token.replace("hello", "admin");
/// let err = signer.unsign(&forged).unwrap_err();
/// assert_eq!(err, Error::BadSignature);
/// assert_eq!(err.slug(), "bad-signature"); // stable: for metrics, logs, the CLI's stderr
/// let line = err.to_string(); // no key, no expected signature, no payload
/// assert!(!line.contains("django-insecure-key") && !line.contains("admin"));
/// assert!(!err.is_configuration()); // a rejected token, not a broken setup
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// The separator does not occur in the signed value.
    ///
    /// Django: `BadSignature('No ":" found in value')`.
    NoSeparator,
    /// The signature does not match the value under the key or any fallback key.
    ///
    /// This also covers a signature of the wrong length or one that is not the canonical
    /// unpadded URL-safe base64 of a MAC (Django compares the strings, so it rejects those too).
    BadSignature,
    /// The signature is valid but older than the allowed age.
    ///
    /// Django: `SignatureExpired`. Expired means `age > max_age`; `age == max_age` passes.
    SignatureExpired {
        /// Seconds between the signing timestamp and `now` (`now - timestamp`, as floats).
        age: f64,
        /// The maximum age the caller allowed, in seconds.
        max_age: f64,
        /// The verified Unix timestamp the token was signed at.
        timestamp: i64,
    },
    /// The signature is valid but the signed value has no timestamp part.
    ///
    /// Django raises a bare `ValueError` ("not enough values to unpack") here.
    MissingTimestamp,
    /// The signature is valid but the timestamp is not base62 or does not fit in an `i64`.
    ///
    /// Django raises `ValueError`/`IndexError` for the first; it accepts the second
    /// (Python integers are unbounded), which this crate refuses (see SPEC.md).
    MalformedTimestamp,
    /// The signature is valid but the payload is not decodable base64 (object signing only).
    MalformedBase64,
    /// The signature is valid but the compressed payload is not a valid zlib stream.
    MalformedZlib,
    /// Decompressing the payload would exceed the configured limit (a zip bomb, or a
    /// legitimately huge payload: raise [`Limits::max_decompressed_len`](crate::Limits)).
    DecompressedTooLarge {
        /// The configured limit in bytes.
        limit: usize,
    },
    /// The payload is not JSON as Python's `json.loads` accepts it.
    MalformedJson {
        /// Byte offset in the JSON text where parsing failed.
        offset: usize,
        /// What was wrong, in a few words.
        reason: &'static str,
    },
    /// The payload is valid for Python but cannot be held by this crate without altering it:
    /// a string with a lone surrogate (`"\ud800"`), or nesting deeper than the configured limit.
    UnrepresentableJson {
        /// Byte offset in the JSON text.
        offset: usize,
        /// What could not be represented.
        reason: &'static str,
    },
    /// The verified payload does not fit the requested Rust type.
    TypeMismatch {
        /// What did not fit, in fixed words, the kind of value found and where, e.g.
        /// `invalid type: a string, not what the type expects, at $[2]{0}` (`[n]`: item n of a
        /// list, `{n}`: entry n of an object, from 0 in payload order). It never holds text
        /// from the payload (keys, strings, variant names, numbers) nor text the caller's type
        /// produced (its `custom` messages, `expecting` descriptions, field names).
        message: String,
    },
    /// The value to sign cannot be written as Django would write it (for example a map key
    /// that is not a string, number, bool or None, or nesting deeper than the limit).
    Unserializable {
        /// What could not be serialized.
        message: String,
    },
    /// The separator is empty or made only of characters Django refuses (`^[A-z0-9-_=]*$`).
    InvalidSeparator,
    /// The key (or a fallback key) is empty; Django refuses an empty `SECRET_KEY`.
    InvalidKey,
    /// The algorithm name is not one this build supports (`sha224`, `sha256`, `sha384`,
    /// `sha512`, and `sha1` with the `legacy-sha1` feature).
    UnsupportedAlgorithm,
    /// `max_age` or `now` is out of range: NaN or infinite (Django would then never expire
    /// anything: `age > nan` is false), or a `now` beyond `MAX_ABS_NOW` (2^53 s, see
    /// `check_time_inputs`); or a time setting is out of range (a session store's naive UTC
    /// offset or cookie age).
    InvalidTime,
    /// The token is longer than [`Limits::max_token_len`](crate::Limits); it was not examined.
    TokenTooLong {
        /// Length of the token in bytes.
        len: usize,
        /// The configured limit in bytes.
        limit: usize,
    },
    /// The session is past its own expiry (`_session_expiry`, Django's development-branch
    /// rule; see `ExpiryPolicy`).
    SessionExpired {
        /// The expiry instant, Unix seconds.
        expiry: f64,
        /// The verified signing time of the session cookie, Unix seconds.
        timestamp: i64,
    },
    /// The session's `_session_expiry` cannot be used: not an ISO-8601 datetime djsign reads,
    /// not a number, or outside Python's datetime range (Django raises and starts an empty
    /// session).
    MalformedSessionExpiry,
    /// The verified payload is a Python pickle (Django < 5.0 `PickleSerializer`). It is never
    /// unpickled: unpickling runs code chosen by whoever holds the key.
    PickledPayload,
}

impl Error {
    /// A short stable name for the kind of error, as the CLI prints it and the published test
    /// vectors record it (`bad-signature`, `expired`, `malformed-json`, ...).
    #[must_use]
    pub const fn slug(&self) -> &'static str {
        match self {
            Self::NoSeparator => "no-separator",
            Self::BadSignature => "bad-signature",
            Self::SignatureExpired { .. } => "expired",
            Self::MissingTimestamp => "missing-timestamp",
            Self::MalformedTimestamp => "malformed-timestamp",
            Self::MalformedBase64 => "malformed-base64",
            Self::MalformedZlib => "malformed-zlib",
            Self::DecompressedTooLarge { .. } => "decompressed-too-large",
            Self::MalformedJson { .. } => "malformed-json",
            Self::UnrepresentableJson { .. } => "unrepresentable-json",
            Self::TypeMismatch { .. } => "type-mismatch",
            Self::Unserializable { .. } => "unserializable",
            Self::InvalidSeparator => "invalid-separator",
            Self::InvalidKey => "invalid-key",
            Self::UnsupportedAlgorithm => "unsupported-algorithm",
            Self::InvalidTime => "invalid-time",
            Self::TokenTooLong { .. } => "token-too-long",
            Self::SessionExpired { .. } => "session-expired",
            Self::MalformedSessionExpiry => "malformed-session-expiry",
            Self::PickledPayload => "pickled-payload",
        }
    }

    /// Every slug [`Error::slug`] can return, for tools that document or check them.
    pub const SLUGS: &'static [&'static str] = &[
        "no-separator",
        "bad-signature",
        "expired",
        "missing-timestamp",
        "malformed-timestamp",
        "malformed-base64",
        "malformed-zlib",
        "decompressed-too-large",
        "malformed-json",
        "unrepresentable-json",
        "type-mismatch",
        "unserializable",
        "invalid-separator",
        "invalid-key",
        "unsupported-algorithm",
        "invalid-time",
        "token-too-long",
        "session-expired",
        "malformed-session-expiry",
        "pickled-payload",
    ];

    /// True for the errors about the configuration or the call rather than the token:
    /// invalid separator, key, algorithm, NaN time. A tool can
    /// treat them as usage errors; every other error is a rejection of the input.
    #[must_use]
    pub const fn is_configuration(&self) -> bool {
        matches!(
            self,
            Self::InvalidSeparator
                | Self::InvalidKey
                | Self::UnsupportedAlgorithm
                | Self::InvalidTime
        )
    }

    /// True for the errors that mean "this token was not made with our key" (Django's
    /// `BadSignature` family before the signature was found valid): no separator, bad
    /// signature, token too long.
    #[must_use]
    pub const fn is_forgery(&self) -> bool {
        matches!(
            self,
            Self::NoSeparator | Self::BadSignature | Self::TokenTooLong { .. }
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoSeparator => f.write_str("no separator found in the signed value"),
            Self::BadSignature => f.write_str("signature does not match"),
            Self::SignatureExpired { age, max_age, .. } => {
                write!(f, "signature age {age} > {max_age} seconds")
            }
            Self::MissingTimestamp => f.write_str("signed value has no timestamp"),
            Self::MalformedTimestamp => f.write_str("timestamp is not a base62 integer in range"),
            Self::MalformedBase64 => f.write_str("payload is not valid base64"),
            Self::MalformedZlib => f.write_str("compressed payload is not a valid zlib stream"),
            Self::DecompressedTooLarge { limit } => {
                write!(f, "decompressed payload exceeds the limit of {limit} bytes")
            }
            Self::MalformedJson { offset, reason } => {
                write!(f, "payload is not valid JSON at byte {offset}: {reason}")
            }
            Self::UnrepresentableJson { offset, reason } => {
                write!(
                    f,
                    "payload JSON cannot be represented at byte {offset}: {reason}"
                )
            }
            Self::TypeMismatch { message } => {
                write!(f, "payload does not fit the requested type: {message}")
            }
            Self::Unserializable { message } => write!(f, "value cannot be serialized: {message}"),
            Self::InvalidSeparator => f.write_str(
                "unsafe separator: it cannot be empty or consist only of A-z0-9-_= (Django's rule)",
            ),
            Self::InvalidKey => f.write_str("key must not be empty"),
            Self::UnsupportedAlgorithm => f.write_str("unsupported hash algorithm"),
            Self::InvalidTime => f.write_str(
                "now must be a number of seconds within 2^53 of the epoch, max_age finite, \
                     and time settings in range",
            ),
            Self::TokenTooLong { len, limit } => {
                write!(f, "token of {len} bytes exceeds the limit of {limit} bytes")
            }
            Self::SessionExpired { expiry, .. } => {
                write!(f, "session expired at Unix time {expiry}")
            }
            Self::MalformedSessionExpiry => {
                f.write_str("the session's _session_expiry is not a usable datetime or number")
            }
            Self::PickledPayload => f.write_str(
                "payload is a Python pickle (Django < 5.0 PickleSerializer); it is never unpickled",
            ),
        }
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::Error;
    use alloc::string::ToString;

    #[test]
    fn slugs_are_listed_and_unique() {
        let all = [
            Error::NoSeparator,
            Error::BadSignature,
            Error::SignatureExpired {
                age: 2.0,
                max_age: 1.0,
                timestamp: 0,
            },
            Error::MissingTimestamp,
            Error::MalformedTimestamp,
            Error::MalformedBase64,
            Error::MalformedZlib,
            Error::DecompressedTooLarge { limit: 1 },
            Error::MalformedJson {
                offset: 0,
                reason: "x",
            },
            Error::UnrepresentableJson {
                offset: 0,
                reason: "x",
            },
            Error::TypeMismatch {
                message: "x".into(),
            },
            Error::Unserializable {
                message: "x".into(),
            },
            Error::InvalidSeparator,
            Error::InvalidKey,
            Error::UnsupportedAlgorithm,
            Error::InvalidTime,
            Error::TokenTooLong { len: 2, limit: 1 },
            Error::SessionExpired {
                expiry: 0.0,
                timestamp: 0,
            },
            Error::MalformedSessionExpiry,
            Error::PickledPayload,
        ];
        assert_eq!(all.len(), Error::SLUGS.len());
        for (e, slug) in all.iter().zip(Error::SLUGS) {
            assert_eq!(e.slug(), *slug);
            assert!(!e.to_string().is_empty());
        }
        for (i, a) in Error::SLUGS.iter().enumerate() {
            for b in Error::SLUGS.iter().skip(i + 1) {
                assert_ne!(a, b);
            }
        }
    }
}
