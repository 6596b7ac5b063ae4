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

// The module tree follows Django's packages: `signing` is `django/core/signing.py`, `utils`
// `django/utils/crypto.py`, `contrib` `django.contrib.sessions`/`auth`, `http` the signed-cookie
// methods of `django/http`; `json` and `zlib` are the parts of Python's standard library that
// Django's serializer uses, reproduced to the byte.
#[cfg(feature = "contrib")]
pub mod contrib;
#[cfg(test)]
mod django_unit_tests;
mod error;
#[cfg(feature = "contrib")]
pub mod http;
pub mod json;
pub mod signing;
pub mod utils;
mod zlib;

pub use crate::error::Error;
pub use crate::json::{
    BigInt, List, Map, Value, from_value, json_dumps, json_loads, json_loads_str, to_value,
};
pub use crate::signing::unverified;
pub use crate::signing::{
    BuildSigner, DUMPS_SALT, IntoSecretKey, Limits, MAX_ABS_NOW, SIGNER_SALT, SecretKey, Signer,
    SignerBuilder, TIMESTAMP_SIGNER_SALT, TimestampSigner, Timestamped, b62_decode, b62_encode,
    check_time_inputs, dumps_at, is_valid_separator, loads_at,
};
#[cfg(feature = "std")]
pub use crate::signing::{dumps, loads, unix_now};
pub use crate::utils::crypto::{Algorithm, MacOutput, salted_hmac};

#[cfg(feature = "contrib")]
pub use crate::contrib::auth::{
    AuthHashMatch, BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_AUTH_HASH_SALT, SESSION_KEY,
    get_session_auth_hash, verify_session_auth_hash,
};
#[cfg(feature = "contrib")]
pub use crate::contrib::sessions::{
    DEFAULT_SESSION_COOKIE_AGE, DateTime, ExpiryPolicy, SESSION_EXPIRY_KEY, SESSION_SALT, Session,
    SessionStore, SessionStoreBuilder, SetExpiry,
};
#[cfg(feature = "contrib")]
pub use crate::http::{
    COOKIE_KEY_PREFIX, CookieValue, SaltScheme, SignedCookie, SignedCookieBuilder,
    cookie_salt_legacy, cookie_salt_v2,
};
