//! Taking a token apart **without verifying it**, for inspection tools and incident response
//! (`djsign inspect`). Nothing here checks a signature: every value returned is whatever the
//! token's author chose to put there, and must never be trusted or acted upon.
//!
//! The split mirrors what Django does after verification: the signature is what follows the
//! last separator; a timestamp, if any, is what follows the separator before it.
//!
//! ```
//! use djsign::{Limits, unverified};
//! // A compressed signing.dumps token (Django 5.2.19, a published vector), taken apart without a key.
//! let token = ".eJztwQEJAAAAAqBL9f9cOwK1AQAAAPgxfyImbw:1r31eq:GMEcr-yNndfi0e8lvhAR3BiKu8TQdje-psfaKlmlikg";
//! let parts = unverified::split(token, ":").unwrap();
//! assert!(parts.is_compressed());
//! let claimed = unverified::decode_payload(parts.value, &Limits::DEFAULT)?; // UNVERIFIED
//! assert!(matches!(claimed, djsign::Value::BigInt(_)));
//! # Ok::<(), djsign::Error>(())
//! ```

use alloc::vec::Vec;

use crate::Error;
use crate::json::Value;
use crate::signing::base64::decode_signature;
use crate::signing::payload::{self, Decoding};
use crate::signing::{Limits, b62_decode};
use crate::utils::crypto::Algorithm;
use crate::version::DjangoVersion;

/// The parts of a token, **not verified**.
///
/// ```
/// use djsign::unverified::split;
/// let parts = split("hello:1r31eq:ESnvh0UG3MKjmlEh8oOo4AB3aBbzEzE2OxtKdYRmPIU", ":").unwrap();
/// assert_eq!(parts.value, "hello");
/// assert_eq!(parts.timestamp, Some(("1r31eq", 1_700_000_000))); // claimed, not verified
/// assert!(!parts.is_compressed());
/// assert_eq!(parts.signature_algorithms().len(), 1); // 43 characters: the shape of a SHA-256 MAC
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct UnverifiedParts<'a> {
    /// Everything before the timestamp (or before the signature when there is no timestamp):
    /// the signed value, or an object payload.
    pub value: &'a str,
    /// The text between the value and the signature when it decodes as a base62 timestamp
    /// in range, with its decoded value. `None` if the token has no such part.
    pub timestamp: Option<(&'a str, i64)>,
    /// The text after the last separator.
    pub signature: &'a str,
}

impl UnverifiedParts<'_> {
    /// The algorithms whose MAC has this signature's length and canonical base64 form.
    #[must_use]
    pub fn signature_algorithms(&self) -> Vec<Algorithm> {
        Algorithm::ALL
            .iter()
            .copied()
            .filter(|a| decode_signature(self.signature, a.output_len()).is_some())
            .collect()
    }

    /// True if the value looks like a compressed object payload (leading `.`).
    #[must_use]
    pub fn is_compressed(&self) -> bool {
        self.value.starts_with('.')
    }
}

/// Splits `token` at `sep` without verifying anything. `None` if there is no separator.
///
/// A timestamp is reported when the part before the signature is itself preceded by `sep`
/// and is base62 within `i64`; a plain `Signer` value that happens to end that way is
/// indistinguishable, as it is for Django.
///
/// ```
/// // Anyone can write a token; split shows what it claims, nothing more.
/// let forged = djsign::unverified::split("admin:1r31eq:not-a-signature", ":").unwrap();
/// assert_eq!(forged.value, "admin");
/// assert!(forged.signature_algorithms().is_empty());
/// assert!(djsign::unverified::split("no separator", ":").is_none());
/// ```
#[must_use]
pub fn split<'a>(token: &'a str, sep: &str) -> Option<UnverifiedParts<'a>> {
    let (rest, signature) = token.rsplit_once(sep)?;
    let stamped = rest
        .rsplit_once(sep)
        .and_then(|(value, ts)| b62_decode(ts).ok().map(|n| (value, (ts, n))));
    Some(match stamped {
        Some((value, timestamp)) => UnverifiedParts {
            value,
            timestamp: Some(timestamp),
            signature,
        },
        None => UnverifiedParts {
            value: rest,
            timestamp: None,
            signature,
        },
    })
}

/// Decodes an object payload (base64, optional zlib, JSON) **without any signature check**,
/// with the same rules and every limit of `unsign_object` of a signer with the default
/// [`DjangoVersion`] ([`DjangoVersion::NEWEST_RELEASE`]): a payload longer than
/// [`Limits::max_token_len`] is refused before anything is decoded (it could not be part of
/// a token the signer would look at), then the decompression and depth limits apply. Anyone
/// can send what this reads, so its cost is bounded by the limits alone (the bounds are in
/// `audits/threat-model.md`, A3).
///
/// # Errors
/// [`Error::TokenTooLong`], [`Error::MalformedBase64`], [`Error::MalformedZlib`],
/// [`Error::DecompressedTooLarge`], [`Error::MalformedJson`], [`Error::UnrepresentableJson`].
///
/// ```
/// use djsign::{Limits, unverified::{decode_payload, split}};
/// let token = "eyJiIjoxLCJhIjoyfQ:1r31eq:nE1YAHSuprhxct8jvUi-ns3yAyHNm4Ks5PHGyM0O-rw"; // signing.dumps({"b": 1, "a": 2})
/// let parts = split(token, ":").unwrap();
/// let claimed = decode_payload(parts.value, &Limits::DEFAULT)?; // UNVERIFIED
/// assert_eq!(claimed.get("b").and_then(|v| v.as_i64()), Some(1));
/// # Ok::<(), djsign::Error>(())
/// ```
pub fn decode_payload(value: &str, limits: &Limits) -> Result<Value, Error> {
    decode_payload_for(value, limits, DjangoVersion::NEWEST_RELEASE)
}

/// As [`decode_payload`], reading the bytes as `version` does (its JSON codec and pickle
/// detection), with the same limits.
///
/// # Errors
/// As [`decode_payload`], and [`Error::PickledPayload`] where `version` detects pickles.
///
/// ```
/// use djsign::{DjangoVersion, Limits, unverified::decode_payload_for};
/// // The same bytes, read as released Django (latin-1) and as Django main (UTF-8, #37223).
/// let value = "IsOpIg"; // base64 of the JSON bytes "\xc3\xa9" (the UTF-8 of "é", quoted)
/// let released = decode_payload_for(value, &Limits::DEFAULT, DjangoVersion::V6_1)?;
/// let main = decode_payload_for(value, &Limits::DEFAULT, DjangoVersion::Main)?;
/// assert_eq!((released.as_str(), main.as_str()), (Some("Ã©"), Some("é")));
/// # Ok::<(), djsign::Error>(())
/// ```
pub fn decode_payload_for(
    value: &str,
    limits: &Limits,
    version: DjangoVersion,
) -> Result<Value, Error> {
    if value.len() > limits.max_token_len {
        return Err(Error::TokenTooLong {
            len: value.len(),
            limit: limits.max_token_len,
        });
    }
    payload::decode(value, limits, Decoding::of(version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_django() {
        let p = split("a:b:1:sig", ":").unwrap();
        assert_eq!(
            (p.value, p.timestamp, p.signature),
            ("a:b", Some(("1", 1)), "sig")
        );
        let p = split("a:b!:sig", ":").unwrap();
        assert_eq!((p.value, p.timestamp, p.signature), ("a:b!", None, "sig"));
        assert!(split("nothing", ":").is_none());
        let p = split("x:-ZZZZ:", ":").unwrap();
        assert_eq!(
            p.timestamp.map(|t| t.1),
            Some(-(35 * 62 * 62 * 62 + 35 * 62 * 62 + 35 * 62 + 35))
        );
        assert_eq!(p.signature, "");
    }

    #[test]
    fn decode_payload_applies_the_token_limit() {
        let mut limits = Limits::DEFAULT;
        limits.max_token_len = 8;
        // "[1]" in base64, then the same padded to 9 bytes with ignored characters
        assert_eq!(
            decode_payload("WzFd", &limits),
            Ok(Value::from(alloc::vec![Value::Int(1)]))
        );
        assert_eq!(
            decode_payload("WzFd!!!!!", &limits),
            Err(Error::TokenTooLong { len: 9, limit: 8 })
        );
    }

    #[test]
    fn algorithms_by_signature_shape() {
        let p = split("v:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ":").unwrap();
        assert_eq!(p.signature_algorithms(), [Algorithm::Sha256]);
        let p = split("v:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB", ":").unwrap();
        assert!(
            p.signature_algorithms().is_empty(),
            "non-zero trailing bits"
        );
    }
}
