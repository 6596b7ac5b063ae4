#![doc = include_str!("../README.md")]
//!
//! # Cargo features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `alloc` | yes (via `std`) | required: the crate allocates tokens and payloads |
//! | `std` | yes | the system clock: `sign`, `unsign`, `dumps`, `loads` without an explicit time |
//! | `zlib` | yes | `compress = true`, byte-identical to CPython's `zlib.compress` (C zlib; implies `std`) |
//! | `contrib` | yes | Django's contrib layer: signed-cookie [`SessionStore`] with expiry policies, [`SignedCookie`] (v2 and legacy salts), session auth hash |
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
#[cfg(feature = "contrib")]
mod auth;
mod base62;
mod base64;
mod compress;
#[cfg(feature = "contrib")]
mod cookies;
#[cfg(test)]
mod django_unit_tests;
mod error;
#[cfg(feature = "contrib")]
mod isodate;
mod json;
mod key;
mod object;
#[cfg(feature = "contrib")]
mod session;
mod signer;
mod timestamp;
/// Reading tokens **without verifying them**: for inspection tools only.
pub mod unverified;

pub use crate::algorithm::{Algorithm, MacOutput, salted_hmac};
#[cfg(feature = "contrib")]
pub use crate::auth::{
    AuthHashMatch, SESSION_AUTH_HASH_SALT, get_session_auth_hash, verify_session_auth_hash,
};
pub use crate::base62::{b62_decode, b62_encode};
#[cfg(feature = "contrib")]
pub use crate::cookies::{
    COOKIE_KEY_PREFIX, CookieValue, SaltScheme, SignedCookie, SignedCookieBuilder,
    cookie_salt_legacy, cookie_salt_v2,
};
pub use crate::error::Error;
#[cfg(feature = "contrib")]
pub use crate::isodate::DateTime;
pub use crate::json::{
    BigInt, Map, Value, from_value, json_dumps, json_loads, json_loads_str, to_value,
};
pub use crate::key::{IntoSecretKey, SecretKey};
pub use crate::object::{DUMPS_SALT, dumps_at, loads_at};
#[cfg(feature = "std")]
pub use crate::object::{dumps, loads};
#[cfg(feature = "contrib")]
pub use crate::session::{
    BACKEND_SESSION_KEY, DEFAULT_SESSION_COOKIE_AGE, ExpiryPolicy, HASH_SESSION_KEY,
    SESSION_EXPIRY_KEY, SESSION_KEY, SESSION_SALT, Session, SessionStore, SessionStoreBuilder,
    SetExpiry,
};
pub use crate::signer::{
    BuildSigner, Limits, SIGNER_SALT, Signer, SignerBuilder, TIMESTAMP_SIGNER_SALT,
    is_valid_separator,
};
#[cfg(feature = "std")]
pub use crate::timestamp::unix_now;
pub use crate::timestamp::{TimestampSigner, Timestamped};
