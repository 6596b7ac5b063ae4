//! Python-exact JSON: Django's `JSONSerializer` (`django/core/signing.py`), which is
//! `json.dumps(obj, separators=(",", ":")).encode("latin-1")` and
//! `json.loads(data.decode("latin-1"))` on CPython.
//!
//! serde_json cannot be configured to match it (float repr, `ensure_ascii`, NaN, latin-1
//! reading, duplicate keys, integers past 64 bits), so the crate has its own reader and
//! writer, with serde as the bridge to Rust types.

mod de;
mod read;
mod ser;
mod tree;
mod value;
mod write;

use alloc::vec::Vec;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use value::{BigInt, List, Map, Value};

use crate::Error;

/// Django's `JSONSerializer().dumps(obj)`: the bytes `json.dumps(obj, separators=(",", ":"))`
/// gives for the Python equivalent of `value` (always ASCII).
///
/// # Errors
/// [`Error::Unserializable`] if a map key is not a string, number, bool or None, if the
/// value's own `Serialize` fails, or if it nests deeper than `max_depth` containers.
pub fn json_dumps<T: ?Sized + Serialize>(value: &T, max_depth: usize) -> Result<Vec<u8>, Error> {
    ser::to_vec(value, max_depth)
}

/// Django's `JSONSerializer().loads(data)`: parses with Python's rules (latin-1, NaN,
/// duplicate keys, big integers); see [`Value`].
///
/// # Errors
/// [`Error::MalformedJson`] where Python raises; [`Error::UnrepresentableJson`] for a lone
/// surrogate or nesting deeper than `max_depth`.
pub fn json_loads(data: &[u8], max_depth: usize) -> Result<Value, Error> {
    read::parse(data, max_depth)
}

/// Python's `json.loads(text)` on a `str`: as [`json_loads`], but non-ASCII characters are
/// read as themselves. Use it for JSON typed by a person or another program; use
/// [`json_loads`] for Django payloads, which are bytes decoded as latin-1.
///
/// # Errors
/// As [`json_loads`].
pub fn json_loads_str(text: &str, max_depth: usize) -> Result<Value, Error> {
    read::parse_str(text, max_depth)
}

/// Maps a [`Value`] onto a Rust type, as `loads::<T>` does after parsing.
///
/// # Errors
/// [`Error::TypeMismatch`] if the value does not have the shape `T` needs.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    de::from_value(value)
}

/// Serializes `value` into a [`Value`] (through Django's JSON, so the result is what
/// Django would load back).
///
/// # Errors
/// As [`json_dumps`].
pub fn to_value<T: ?Sized + Serialize>(value: &T, max_depth: usize) -> Result<Value, Error> {
    let bytes = ser::to_vec(value, max_depth)?;
    read::parse(&bytes, max_depth)
}

#[cfg(test)]
pub(crate) use write::write_f64;
