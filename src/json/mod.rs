//! Python-exact JSON: Django's `JSONSerializer` (`django/core/signing.py`), which is
//! `json.dumps(obj, separators=(",", ":")).encode("latin-1")` and
//! `json.loads(data.decode("latin-1"))` on CPython in every release, and the same with
//! `"utf-8"` on Django's development branch (#37223); [`JsonCodec`] chooses.
//!
//! serde_json cannot be configured to match it (float repr, `ensure_ascii`, NaN, latin-1
//! reading, duplicate keys, integers past 64 bits), so the crate has its own reader and
//! writer, with serde as the bridge to Rust types.
//!
//! # Values
//!
//! Django payloads round-trip through this type without loss: objects keep their key order
//! (Python dicts are ordered), integers of any size up to Python's 4300-digit limit are kept
//! exactly ([`BigInt`]), floats are `f64` like Python's, NaN and the infinities included
//! (Python writes them as `NaN`, `Infinity`, `-Infinity`). Strings are Rust strings, so a lone
//! surrogate, which Python allows, cannot be held: parsing refuses it with an error.
//!
//! Dropping, cloning, comparing and printing (`Debug`) a value never recurse, whatever its
//! depth: the value keeps its own stack.
//!
//! # Reading as Python reads
//!
//! What Python accepts and plain JSON parsers may not:
//! - every byte is one character (latin-1): raw bytes `0x7F..=0xFF` inside strings become
//!   U+007F..U+00FF, so the UTF-8 bytes of "é" read back as "Ã©";
//! - `NaN`, `Infinity`, `-Infinity`; floats that overflow become infinite (`1e400`);
//! - duplicate keys: the last value wins, at the position of the first;
//! - integers of any size up to 4300 digits (more raise `ValueError` in Python);
//! - lone surrogate escapes (`"\ud800"`), which Rust strings cannot hold: refused with
//!   [`Error::UnrepresentableJson`], but only once the whole text is known to be valid for
//!   Python, so that "Python refuses it" and [`Error::MalformedJson`] coincide.
//!
//! The parser keeps its own stack instead of recursing, so deep nesting cannot overflow the
//! call stack; it refuses more than `max_depth` nested containers.
//!
//! ```
//! use djsign::{Value, json_dumps, json_loads};
//! // Duplicate keys: the last value wins, at the first key's position; NaN and big integers
//! // are kept; the UTF-8 bytes of "é" read back as latin-1, as Django's released serializer does.
//! let v = json_loads(b"{\"a\": 1, \"b\": NaN, \"a\": 123456789012345678901234567890, \"s\": \"\xc3\xa9\"}", 64)?;
//! assert_eq!(v.get("s").and_then(Value::as_str), Some("Ã©"));
//! assert_eq!(json_dumps(&v, 64)?, b"{\"a\":123456789012345678901234567890,\"b\":NaN,\"s\":\"\\u00c3\\u00a9\"}");
//! # Ok::<(), djsign::Error>(())
//! ```
mod de;
pub(crate) mod direct;
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
///
/// ```
/// assert_eq!(djsign::json_dumps(&("é", 1.0, f64::NAN), 8)?, b"[\"\\u00e9\",1.0,NaN]");
/// # Ok::<(), djsign::Error>(())
/// ```
pub fn json_dumps<T: ?Sized + Serialize>(value: &T, max_depth: usize) -> Result<Vec<u8>, Error> {
    ser::to_vec(value, max_depth)
}

/// Django's `JSONSerializer().loads(data)`: parses with Python's rules (latin-1, NaN,
/// duplicate keys, big integers); see [`Value`].
///
/// # Errors
/// [`Error::MalformedJson`] where Python raises; [`Error::UnrepresentableJson`] for a lone
/// surrogate or nesting deeper than `max_depth`.
///
/// ```
/// let v = djsign::json_loads(b"[1e400, \"\\u00e9\"]", 8)?; // 1e400 is inf for Python
/// assert_eq!(djsign::json_dumps(&v, 8)?, b"[Infinity,\"\\u00e9\"]");
/// # Ok::<(), djsign::Error>(())
/// ```
pub fn json_loads(data: &[u8], max_depth: usize) -> Result<Value, Error> {
    read::parse(data, max_depth)
}

/// Python's `json.loads(text)` on a `str`: as [`json_loads`], but non-ASCII characters are
/// read as themselves. Use it for JSON typed by a person or another program; use
/// [`json_loads`] for Django payloads, which are bytes decoded as latin-1.
///
/// # Errors
/// As [`json_loads`].
///
/// ```
/// let v = djsign::json_loads_str("{\"name\": \"Zürich\"}", 8)?;
/// assert_eq!(v.get("name").and_then(|n| n.as_str()), Some("Zürich"));
/// # Ok::<(), djsign::Error>(())
/// ```
pub fn json_loads_str(text: &str, max_depth: usize) -> Result<Value, Error> {
    read::parse_str(text, max_depth)
}

/// How Django's `JSONSerializer` turns payload bytes into text and back: the one difference
/// between Django versions in this module.
///
/// Writing is the same for both: `json.dumps` escapes everything outside ASCII
/// (`ensure_ascii`), so the text is ASCII and its latin-1 and UTF-8 bytes are identical
/// ([`json_dumps`]). Reading differs for payloads with bytes >= 0x80, which only a key holder
/// (or a custom serializer) makes: latin-1 turns each byte into one character
/// (`b'"h\xc3\xa9"'` reads as `"hÃ©"`), UTF-8 reads `"hé"` and refuses bytes that are not
/// UTF-8 (Python's `UnicodeDecodeError`).
///
/// ```
/// use djsign::{DjangoVersion, JsonCodec, TimestampSigner, Value};
/// assert_eq!(DjangoVersion::V6_1.json_codec(), JsonCodec::Latin1);
/// assert_eq!(DjangoVersion::Main.json_codec(), JsonCodec::Utf8);
/// let main = TimestampSigner::builder("key").json_codec(JsonCodec::Utf8).build()?;
/// let token = main.sign_object_at("é", false, 1_700_000_000)?; // json.dumps escapes: ASCII
/// assert_eq!(main.unsign_object_value_at(&token, None, 1_700_000_001.0)?.value, Value::from("é"));
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JsonCodec {
    /// `data.decode("latin-1")`: every Django release (4.2 to 6.1).
    #[default]
    Latin1,
    /// `data.decode("utf-8")`: Django's development branch (#37223).
    Utf8,
}

impl JsonCodec {
    /// `latin-1` or `utf-8`, Python's names.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Latin1 => "latin-1",
            Self::Utf8 => "utf-8",
        }
    }

    /// `JSONSerializer().dumps(obj)`: ASCII, so the same bytes under either codec.
    ///
    /// # Errors
    /// As [`json_dumps`].
    pub fn dumps<T: ?Sized + Serialize>(
        self,
        value: &T,
        max_depth: usize,
    ) -> Result<Vec<u8>, Error> {
        ser::to_vec(value, max_depth)
    }

    /// `JSONSerializer().loads(data)` with this codec.
    ///
    /// # Errors
    /// As [`json_loads`]; with [`JsonCodec::Utf8`], [`Error::MalformedJson`] (reason
    /// `payload is not UTF-8`, at the first bad byte) where Python's decoder raises.
    pub fn loads(self, data: &[u8], max_depth: usize) -> Result<Value, Error> {
        match self {
            Self::Latin1 => read::parse(data, max_depth),
            // Python's strict UTF-8 decoder and Rust's refuse the same byte strings:
            // overlong forms, encoded surrogates, code points past U+10FFFF, truncation.
            Self::Utf8 => match core::str::from_utf8(data) {
                Ok(text) => read::parse_str(text, max_depth),
                Err(e) => Err(Error::MalformedJson {
                    offset: e.valid_up_to(),
                    reason: "payload is not UTF-8",
                }),
            },
        }
    }
}

/// Maps a [`Value`] onto a Rust type, as `loads::<T>` does after parsing.
///
/// # Errors
/// [`Error::TypeMismatch`] if the value does not have the shape `T` needs.
///
/// ```
/// #[derive(serde::Deserialize, Debug, PartialEq)]
/// struct Cart { items: Vec<String> }
/// let v = djsign::json_loads(br#"{"items": ["MUG-001"]}"#, 8)?;
/// assert_eq!(djsign::from_value::<Cart>(v)?, Cart { items: vec!["MUG-001".into()] });
/// # Ok::<(), djsign::Error>(())
/// ```
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    de::from_value(value)
}

/// Serializes `value` into a [`Value`] (through Django's JSON, so the result is what
/// Django would load back).
///
/// # Errors
/// As [`json_dumps`].
///
/// ```
/// let v = djsign::to_value(&[("a", 1)], 8)?; // tuples are lists, as in Python
/// assert_eq!(djsign::json_dumps(&v, 8)?, b"[[\"a\",1]]");
/// # Ok::<(), djsign::Error>(())
/// ```
pub fn to_value<T: ?Sized + Serialize>(value: &T, max_depth: usize) -> Result<Value, Error> {
    let bytes = ser::to_vec(value, max_depth)?;
    read::parse(&bytes, max_depth)
}

#[cfg(test)]
pub(crate) use write::write_f64;
