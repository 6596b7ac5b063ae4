//! Django's signing (Django: `django/core/signing.py`): [`Signer`], [`TimestampSigner`],
//! `sign_object`/`unsign_object`, [`dumps`]/[`loads`], base62 timestamps and the keys.
//!
//! Every piece here is what Django's module does, to the byte; [`Limits`] bound the work an
//! input can cause (Django has none), and every failure is an explicit [`Error`](crate::Error).
//!
//! # Constant time, every key
//!
//! A signer is configured once, as a value: key and fallback keys (already derived into keyed
//! HMAC states), salt, separator, algorithm and limits. Signing appends `sep + b64(HMAC)`;
//! unsigning splits at the *last* separator, as Django's `rsplit(sep, 1)`, and checks the
//! MAC in constant time against the key and every fallback key, always all of them, so the
//! time taken does not tell which key matched. Only the canonical unpadded URL-safe base64 of
//! a MAC is accepted (Django compares the strings, so it refuses the others too).
//!
//! # Expiry: `age > max_age`
//!
//! `TimestampSigner.sign(v)` is `Signer.sign(v + sep + b62(int(time.time())))`. Every
//! operation takes the time explicitly (`*_at`), so it works without std and tests need no
//! clock; with the `std` feature the plain names read the system clock, as Django does.
//! Expiry follows Django to the bit: `age = now - timestamp` in floating point, and the token
//! is expired iff `age > max_age`, so `age == max_age` still passes. The timestamp is only
//! looked at after the signature is verified.
//!
//! ```
//! use djsign::{Error, TimestampSigner};
//! let signer = TimestampSigner::new("django-insecure-key")?;
//! let token = signer.sign_at("hello", 1_700_000_000);
//! assert!(signer.unsign_at(&token, Some(60.0), 1_700_000_060.0).is_ok()); // age == max_age
//! let late = signer.unsign_at(&token, Some(60.0), 1_700_000_060.5).unwrap_err();
//! assert!(matches!(late, Error::SignatureExpired { timestamp: 1_700_000_000, .. }));
//! # Ok::<(), Error>(())
//! ```
//!
//! # Keys
//!
//! Django accepts a key as `str` (used as its UTF-8 bytes) or `bytes`; both become a
//! [`SecretKey`]. The bytes are wiped when the key is dropped and never printed: `Debug`
//! shows only that a key is there.

mod base62;
pub(crate) mod base64;
mod dumps;
mod key;
#[cfg(feature = "std")]
mod key_sources;
mod limits;
pub(crate) mod payload;
mod signer;
mod timestamp;
pub mod unverified;

pub use base62::{b62_decode, b62_encode};
pub use dumps::{DUMPS_SALT, dumps_at, loads_at};
#[cfg(feature = "std")]
pub use dumps::{dumps, loads};
#[cfg(feature = "contrib")]
pub(crate) use key::KeyList;
pub use key::{IntoSecretKey, SecretKey};
pub use limits::Limits;
pub use signer::{
    BuildSigner, SIGNER_SALT, Signer, SignerBuilder, TIMESTAMP_SIGNER_SALT, is_valid_separator,
};
#[cfg(feature = "std")]
pub use timestamp::unix_now;
pub use timestamp::{MAX_ABS_NOW, TimestampSigner, Timestamped, check_time_inputs};
