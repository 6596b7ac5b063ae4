//! Django's signing (Django: `django/core/signing.py`): [`Signer`], [`TimestampSigner`],
//! `sign_object`/`unsign_object`, [`dumps`]/[`loads`], base62 timestamps and the keys.
//!
//! Every piece here is what Django's module does, to the byte; [`Limits`] bound the work an
//! input can cause (Django has none), and every failure is an explicit [`Error`](crate::Error).

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
