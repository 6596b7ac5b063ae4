//! The payload of a signed object (Django: `Signer.sign_object`/`unsign_object` in
//! `django/core/signing.py`): JSON, optionally zlib, base64.
//!
//! The payload is `b64(data)` or, when compression pays, `"." + b64(zlib(data))`, where
//! `data` is Django's JSON. Compression is kept only if `len(compressed) < len(data) - 1`:
//! the `.` costs one byte, so a compressed form must save at least two.

use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Error;
use crate::json::{JsonCodec, Value, from_value, json_dumps};
use crate::signing::base64::{encode_into, encoded_len, python_b64decode};
use crate::signing::limits::Limits;
use crate::version::DjangoVersion;
use crate::zlib::{compress, decompress};

/// The payload of `sign_object` for `obj`, with room for `extra` more bytes.
pub(crate) fn encode<T: ?Sized + Serialize>(
    obj: &T,
    compress_it: bool,
    limits: &Limits,
    extra: usize,
) -> Result<String, Error> {
    let json = json_dumps(obj, limits.max_json_depth)?;
    let (data, dotted) = if compress_it {
        let packed = compress(&json);
        if packed.len().saturating_add(1) < json.len() {
            (packed, true)
        } else {
            (json, false)
        }
    } else {
        (json, false)
    };
    let mut payload = String::with_capacity(
        encoded_len(data.len())
            .saturating_add(1)
            .saturating_add(extra),
    );
    if dotted {
        payload.push('.');
    }
    encode_into(&data, &mut payload);
    Ok(payload)
}

/// How a payload's bytes become an object: the parts that differ between Django versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Decoding {
    /// latin-1 (releases) or UTF-8 (Django's development branch).
    pub(crate) codec: JsonCodec,
    /// Report a pickle as [`Error::PickledPayload`] rather than as the JSON error it is.
    pub(crate) detect_pickle: bool,
}

impl Decoding {
    /// The rules of `version`.
    pub(crate) const fn of(version: DjangoVersion) -> Self {
        Self {
            codec: version.json_codec(),
            detect_pickle: version.detects_pickle(),
        }
    }
}

/// The JSON bytes of a verified payload: base64-decoded and, after a `.`, inflated.
fn json_bytes(payload: &str, limits: &Limits) -> Result<Vec<u8>, Error> {
    let (compressed, b64) = match payload.strip_prefix('.') {
        Some(rest) => (true, rest),
        None => (false, payload),
    };
    let data: Vec<u8> = python_b64decode(b64.as_bytes())?;
    if !compressed {
        return Ok(data);
    }
    let mut inflated = decompress(&data, limits.max_decompressed_len)?;
    // The inflater sizes its output from the input and grows it as it goes; what the
    // parser keeps alongside the tree is the payload and at most 4 KiB more
    // (audits/threat-model.md, A3), without a reallocation for the usual small session.
    if inflated.capacity().saturating_sub(inflated.len()) > 4096 {
        inflated.shrink_to_fit();
    }
    Ok(inflated)
}

/// The object in a verified payload.
pub(crate) fn decode(payload: &str, limits: &Limits, rules: Decoding) -> Result<Value, Error> {
    parse(&json_bytes(payload, limits)?, limits, rules)
}

/// The object in a verified payload as a `T`: read in one pass where that is provably the
/// same `T` (`json/direct.rs`), else parsed into a [`Value`] and mapped, which decides
/// every error.
pub(crate) fn decode_as<T: DeserializeOwned>(
    payload: &str,
    limits: &Limits,
    rules: Decoding,
) -> Result<T, Error> {
    let data = json_bytes(payload, limits)?;
    let utf8 = rules.codec == JsonCodec::Utf8;
    match crate::json::direct::from_slice(&data, limits.max_json_depth, utf8) {
        Some(value) => Ok(value),
        None => from_value(parse(&data, limits, rules)?),
    }
}

fn parse(data: &[u8], limits: &Limits, rules: Decoding) -> Result<Value, Error> {
    match rules.codec.loads(data, limits.max_json_depth) {
        Err(Error::MalformedJson { .. }) if rules.detect_pickle && looks_like_pickle(data) => {
            Err(Error::PickledPayload)
        }
        other => other,
    }
}

/// A pickle of protocol 2 or later starts with the PROTO opcode (0x80) and its version, and
/// ends with STOP (`.`); Django's `PickleSerializer` used the highest protocol. No JSON text
/// starts with 0x80 (nor does any UTF-8 text), so this cannot hide a JSON error.
fn looks_like_pickle(data: &[u8]) -> bool {
    matches!(data, [0x80, 2..=5, .., b'.'])
}
