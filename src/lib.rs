#![doc = include_str!("../README.md")]
//!
//! # Cargo features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `alloc` | yes (via `std`) | required: the crate allocates tokens and payloads |
//! | `std` | yes | the system clock: `sign`, `unsign`, `dumps`, `loads` without an explicit time |
//! | `zlib` | yes | `compress = true`, byte-identical to CPython's `zlib.compress` (C zlib; implies `std`) |
//! | `legacy-sha1` | no | [`Algorithm::Sha1`], for tokens from Django < 3.1 and `algorithm="sha1"` |
//!
//! Without `std` (`--no-default-features --features alloc`) everything works with explicit
//! times (`sign_at`, `unsign_at`, `dumps_at`, `loads_at`), and compressed tokens still
//! verify and decode; only making compressed tokens needs `zlib`.
//!
//! See `SPEC.md` in the repository for the token grammar and every Django quirk.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )
)]

#[cfg(not(feature = "alloc"))]
compile_error!("djsign needs an allocator: enable the `alloc` feature (part of the default `std`)");

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod algorithm;
mod base62;
mod base64;
mod compress;
#[cfg(test)]
mod django_unit_tests;
mod error;
mod json;
mod key;
mod object;
mod signer;
mod timestamp;
/// Reading tokens **without verifying them**: for inspection tools only.
pub mod unverified;

pub use crate::algorithm::{Algorithm, MacOutput, salted_hmac};
pub use crate::base62::{b62_decode, b62_encode};
pub use crate::error::Error;
pub use crate::json::{BigInt, Map, Value, from_value, json_dumps, json_loads, to_value};
pub use crate::key::{IntoSecretKey, SecretKey};
pub use crate::object::{DUMPS_SALT, dumps_at, loads_at};
#[cfg(feature = "std")]
pub use crate::object::{dumps, loads};
pub use crate::signer::{
    BuildSigner, Limits, SIGNER_SALT, Signer, SignerBuilder, TIMESTAMP_SIGNER_SALT,
    is_valid_separator,
};
#[cfg(feature = "std")]
pub use crate::timestamp::unix_now;
pub use crate::timestamp::{TimestampSigner, Timestamped};
