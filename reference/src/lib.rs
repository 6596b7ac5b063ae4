//! A reference model of djsign: the token grammar of `SPEC.md`, written to be read, not to be
//! fast.
//!
//! The library's fast paths (an own or reused-state inflater, one-pass typed deserialization
//! from bytes, an own deflate) are held to this model by the property tests in `tests/` and
//! the `ref_*` cargo-fuzz targets: same tokens, same values, same error kinds, for every input
//! they try. Every module here follows SPEC.md (and through it Django's and CPython's source)
//! step by step, with the obvious data structure at each step:
//!
//! | module | models | SPEC.md |
//! |---|---|---|
//! | [`mac`] | `salted_hmac`: `H(salt + "signer" + secret)`, then RFC 2104 HMAC, over libcrux's machine-checked SHA-2 | §2 |
//! | [`b64`] | unpadded URL-safe encoding; CPython's lenient `urlsafe_b64decode` | §3, §6.2 |
//! | [`b62`] | Django's `b62_encode` / `b62_decode`, limited to `i64` (D1) | §5 |
//! | [`signing`] | `Signer`, `TimestampSigner`, the separator rule, `rsplit`, signatures compared as strings against every key, expiry, `dumps` / `loads` | §1-§6, §10 |
//! | [`zlib`] | C zlib's `compress` (one `Z_FINISH`) and `inflate` (CPython's own), with the limit (F5: too large as soon as the output exceeds it) | §6 |
//! | [`json`] | `json.loads(data.decode("latin-1"))` into a Python-shaped value, then to [`Value`] | §7 |
//! | [`write`] | `json.dumps(obj, separators=(",", ":"))`, float `repr` by search | §7 |
//! | [`ser`], [`de`] | the Rust-to-Python mapping of serde types (serde_json's conventions) | §7 |
//! | [`contrib`] | signed-cookie sessions (payload path, released-Django expiry), signed cookies, the session auth hash | §8, §9 |
//!
//! Where the model is CPython's own code: the inflater and the compressor are C zlib (the
//! library has its own of both; until issue 9 the model inflated with `miniz_oxide`, which
//! writes zeros for a distance past the start where zlib stops, finding F5);
//! [`de`] is a frozen copy of the semantics of the library's `src/json/de.rs` (a parsed
//! [`Value`] handed to serde), which is the baseline that one-pass typed deserialization
//! replaces. The JSON reader is not a copy: it is a recursive-descent reader into a Python-like
//! value whose strings may hold lone surrogates, with Python's dict rule applied as it goes,
//! and the check for surrogates Rust cannot hold done once at the end.
//!
//! Nothing in the model calls djsign. Only [`compare`] and [`checks`] use djsign's public types:
//! the first converts between the two sides' values, the second runs both sides on one input
//! and describes the first difference (`grep -ln djsign:: reference/src/*.rs` lists them).
//! [`generate`] turns bytes into inputs, for proptest and cargo-fuzz alike.
//!
//! Test code: a model that panics on a bug is fine, so the library's strict lints are off.

#![forbid(unsafe_code)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    clippy::alloc_instead_of_core,
    clippy::excessive_precision, // floats that round on purpose (2^53 + 1)
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss,
    missing_docs
)]

pub mod b62;
pub mod b64;
pub mod checks;
pub mod compare;
pub mod contrib;
pub mod de;
pub mod generate;
pub mod json;
pub mod mac;
pub mod ser;
pub mod signing;
pub mod value;
pub mod write;
pub mod zlib;

pub use mac::Algorithm;
pub use signing::{Limits, Signer, TimestampSigner, dumps_at, loads_at};
pub use value::Value;

/// What went wrong, by kind: the model's answer is compared with djsign's `Error::slug()`.
/// The kinds and their order of precedence are SPEC.md's ("Error kinds"); the details a
/// djsign error carries (offsets, messages) are not part of the grammar and are not modelled,
/// except the figures of `expired`, `decompressed-too-large` and `token-too-long`.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    NoSeparator,
    BadSignature,
    Expired {
        age: f64,
        max_age: f64,
        timestamp: i64,
    },
    MissingTimestamp,
    MalformedTimestamp,
    MalformedBase64,
    MalformedZlib,
    DecompressedTooLarge {
        limit: usize,
    },
    MalformedJson,
    UnrepresentableJson,
    TypeMismatch,
    Unserializable,
    InvalidSeparator,
    InvalidKey,
    InvalidTime,
    TokenTooLong {
        len: usize,
        limit: usize,
    },
    PickledPayload,
}

impl Kind {
    /// The slug djsign's `Error::slug()` gives for this kind.
    #[must_use]
    pub const fn slug(&self) -> &'static str {
        match self {
            Self::NoSeparator => "no-separator",
            Self::BadSignature => "bad-signature",
            Self::Expired { .. } => "expired",
            Self::MissingTimestamp => "missing-timestamp",
            Self::MalformedTimestamp => "malformed-timestamp",
            Self::MalformedBase64 => "malformed-base64",
            Self::MalformedZlib => "malformed-zlib",
            Self::DecompressedTooLarge { .. } => "decompressed-too-large",
            Self::MalformedJson => "malformed-json",
            Self::UnrepresentableJson => "unrepresentable-json",
            Self::TypeMismatch => "type-mismatch",
            Self::Unserializable => "unserializable",
            Self::InvalidSeparator => "invalid-separator",
            Self::InvalidKey => "invalid-key",
            Self::InvalidTime => "invalid-time",
            Self::TokenTooLong { .. } => "token-too-long",
            Self::PickledPayload => "pickled-payload",
        }
    }
}
