//! Django's base64 (`django/core/signing.py`: `b64_encode`, `b64_decode`).
//!
//! Two decoders on purpose:
//! - the **signature** is decoded strictly (URL-safe alphabet, no padding, zero trailing
//!   bits), so exactly one string is accepted per MAC, as with Django's string comparison;
//! - the **payload** of `sign_object` is decoded as Django does after the signature has been
//!   verified: `urlsafe_b64decode(s + "=" * (-len(s) % 4))`, which also takes `+` and `/`,
//!   skips other characters and ignores trailing bits. Only the key holder can produce such
//!   a payload, but we still read it exactly as Django would.

use alloc::string::String;
use alloc::vec::Vec;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::utils::crypto::MAX_MAC_LEN;

/// Length of the unpadded base64 encoding of `n` bytes.
pub(crate) const fn encoded_len(n: usize) -> usize {
    let full = (n / 3).saturating_mul(4);
    match n % 3 {
        0 => full,
        1 => full.saturating_add(2),
        _ => full.saturating_add(3),
    }
}

/// Appends the unpadded URL-safe base64 of `bytes` to `out` (Django's `b64_encode`).
pub(crate) fn encode_into(bytes: &[u8], out: &mut String) {
    URL_SAFE_NO_PAD.encode_string(bytes, out);
}

/// The URL-safe alphabet's values; 0xff for every other byte.
// A constant evaluated at compile time: an index out of range would fail the build.
#[allow(clippy::indexing_slicing)]
const URL_SAFE_VALUES: [u8; 256] = {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut t = [0xffu8; 256];
    let mut i = 0;
    while i < 64 {
        t[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// Decodes a signature: only the canonical encoding of exactly `expected_len` bytes passes
/// (URL-safe alphabet, no padding, zero trailing bits), so exactly one string is accepted per
/// MAC. Returns the bytes in a fixed buffer on the stack; `None` for anything else.
///
/// The time taken depends on the presented string only (where its first bad character is),
/// never on a key or a MAC.
pub(crate) fn decode_signature(sig: &str, expected_len: usize) -> Option<[u8; MAX_MAC_LEN]> {
    if expected_len > MAX_MAC_LEN || sig.len() != encoded_len(expected_len) {
        return None;
    }
    let mut buf = [0u8; MAX_MAC_LEN];
    let value = |c: &u8| {
        u32::from(
            URL_SAFE_VALUES
                .get(usize::from(*c))
                .copied()
                .unwrap_or(0xff),
        )
    };
    // Whole quads are three bytes each, decoded independently of one another (no carry from
    // character to character, so the lookups overlap); a character outside the alphabet sets
    // bit 7 of `bad`. The 43 characters of a SHA-256 signature are ten quads and three.
    let quads = sig.as_bytes().chunks_exact(4);
    let tail = quads.remainder();
    let mut bad = 0u32;
    for (q, o) in quads.zip(buf.chunks_exact_mut(3)) {
        let [a, b, c, d] = match q {
            [a, b, c, d] => [value(a), value(b), value(c), value(d)],
            _ => [0xff; 4],
        };
        bad |= a | b | c | d;
        let n = (a << 18) | (b << 12) | (c << 6) | d;
        o.copy_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    // 2 or 3 characters left make 1 or 2 bytes; canonical: the bits they leave over are zero.
    let (n, bits, spare) = match tail {
        [] => (0, 0u32, 0),
        [a, b] => {
            let (a, b) = (value(a), value(b));
            bad |= a | b;
            ((a << 6) | b, 12, b & 0x0f)
        }
        [a, b, c] => {
            let (a, b, c) = (value(a), value(b), value(c));
            bad |= a | b | c;
            ((a << 12) | (b << 6) | c, 18, c & 0x03)
        }
        _ => return None,
    };
    let whole = (sig.len() / 4).saturating_mul(3);
    let last = buf.get_mut(whole..expected_len).unwrap_or_default();
    let mut shift = bits;
    for slot in last {
        shift = shift.saturating_sub(8);
        *slot = (n >> shift) as u8;
    }
    (bad & 0x80 == 0 && spare == 0).then_some(buf)
}

/// [`sextet`] as a table: 0xff for the characters it skips (and for `=`).
// A constant evaluated at compile time: an index out of range would fail the build.
#[allow(clippy::indexing_slicing)]
const PAYLOAD_VALUES: [u8; 256] = {
    let mut t = [0xffu8; 256];
    let mut c = 0;
    while c < 256 {
        if let Some(v) = sextet(c as u8) {
            t[c] = v;
        }
        c += 1;
    }
    t
};

/// Value of a base64 character after Django's `-`/`_` to `+`/`/` translation; `None` for
/// characters `binascii.a2b_base64` skips.
const fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => c.checked_sub(b'A'),
        // 'a' is 26, '0' is 52: subtract the offset that maps them there.
        b'a'..=b'z' => c.checked_sub(b'a' - 26),
        b'0'..=b'9' => c.checked_add(52 - b'0'),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

/// Django's `b64_decode`: CPython 3.11's non-strict `binascii.a2b_base64` after padding the
/// input to a multiple of four with `=`. Errors where CPython raises `binascii.Error`.
pub(crate) fn python_b64decode(s: &[u8]) -> Result<Vec<u8>, crate::Error> {
    // Python's `-len(s) % 4`.
    let pad = s.len().wrapping_neg() % 4;
    let mut out = Vec::with_capacity((s.len() / 4).saturating_add(1).saturating_mul(3));
    let mut quad_pos = 0u8;
    let mut pads = 0u8;
    let mut left = 0u8;
    // Whole quads of alphabet characters (all of a payload Django wrote but its end) decode
    // three bytes at a time; the first other character hands over to CPython's state machine.
    let value = |c: &u8| PAYLOAD_VALUES.get(usize::from(*c)).copied().unwrap_or(0xff);
    let mut done = 0usize;
    for q in s.chunks_exact(4) {
        let [a, b, c, d] = match q {
            [a, b, c, d] => [value(a), value(b), value(c), value(d)],
            _ => break,
        };
        if (a | b | c | d) & 0x80 != 0 {
            break;
        }
        out.extend_from_slice(&[(a << 2) | (b >> 4), (b << 4) | (c >> 2), (c << 6) | d]);
        done = done.saturating_add(4);
    }
    let s = s.get(done..).unwrap_or_default();
    for &c in s.iter().chain(core::iter::repeat_n(&b'=', pad)) {
        if c == b'=' {
            // CPython only counts a pad once two data characters of the quad are in; enough
            // pads end the decoding, whatever follows.
            if quad_pos >= 2 {
                pads = pads.saturating_add(1);
                if quad_pos.saturating_add(pads) >= 4 {
                    return Ok(out);
                }
            }
            continue;
        }
        let Some(v) = sextet(c) else { continue };
        pads = 0;
        match quad_pos {
            0 => {
                left = v;
                quad_pos = 1;
            }
            1 => {
                out.push((left << 2) | (v >> 4));
                left = v & 0x0f;
                quad_pos = 2;
            }
            2 => {
                out.push((left << 4) | (v >> 2));
                left = v & 0x03;
                quad_pos = 3;
            }
            _ => {
                out.push((left << 6) | v);
                left = 0;
                quad_pos = 0;
            }
        }
    }
    if quad_pos == 0 {
        Ok(out)
    } else {
        Err(crate::Error::MalformedBase64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_len_is_the_encoded_mac_len() {
        for &a in crate::utils::crypto::Algorithm::ALL {
            assert_eq!(a.signature_len(), encoded_len(a.output_len()), "{a}");
            let mut s = String::new();
            encode_into(&[0xff; MAX_MAC_LEN][..a.output_len()], &mut s);
            assert_eq!(s.len(), a.signature_len(), "{a}");
        }
    }

    #[test]
    fn encoded_lengths() {
        assert_eq!(encoded_len(0), 0);
        assert_eq!(encoded_len(1), 2);
        assert_eq!(encoded_len(2), 3);
        assert_eq!(encoded_len(3), 4);
        assert_eq!(encoded_len(32), 43);
    }

    #[test]
    fn signature_decoding_is_the_strict_decoder() {
        // The base64 crate's URL-safe no-padding engine refuses padding and non-zero
        // trailing bits: exactly the canonical rule. Random strings of the right length over
        // the alphabet, a few other bytes, and one edit of a real encoding.
        use base64::Engine as _;
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let chars = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.\xc3";
        // Under Miri a sample: the interpreter is ~1000x slower and the code has no unsafe.
        let rounds = if cfg!(miri) { 300 } else { 40_000u32 };
        for round in 0..rounds {
            let n = (next() % 65) as usize;
            let bytes: alloc::vec::Vec<u8> = (0..n).map(|_| next() as u8).collect();
            let mut sig = URL_SAFE_NO_PAD.encode(&bytes).into_bytes();
            if round % 2 == 1 && !sig.is_empty() {
                let i = (next() as usize) % sig.len();
                if let (Some(s), Some(&c)) =
                    (sig.get_mut(i), chars.get((next() as usize) % chars.len()))
                {
                    *s = c;
                }
            }
            let Ok(sig) = core::str::from_utf8(&sig) else {
                continue;
            };
            let want = URL_SAFE_NO_PAD.decode(sig).ok().filter(|d| d.len() == n);
            let got = decode_signature(sig, n);
            assert_eq!(got.is_some(), want.is_some(), "{sig:?}");
            if let (Some(got), Some(want)) = (got, want) {
                assert_eq!(got.get(..n), Some(want.as_slice()), "{sig:?}");
                assert!(got.get(n..).unwrap_or_default().iter().all(|&b| b == 0));
            }
        }
    }

    #[test]
    fn signature_decoding_is_canonical() {
        // "YQ" is the only encoding of b"a"; "YR" has non-zero trailing bits.
        assert!(decode_signature("YQ", 1).is_some());
        assert!(decode_signature("YR", 1).is_none());
        assert!(decode_signature("YQ==", 1).is_none());
        assert!(decode_signature("-_8", 2).is_some());
        assert!(decode_signature("+/8", 2).is_none());
        assert!(decode_signature("YQ", 2).is_none());
    }
}
