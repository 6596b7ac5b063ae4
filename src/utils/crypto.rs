//! Hash algorithms and `salted_hmac` (Django: `django/utils/crypto.py`).
//!
//! Django derives a fresh HMAC key for every purpose: `key = H(key_salt + secret)`, then
//! `HMAC-H(key, value)`. It recomputes that derivation, and the HMAC key schedule, on every
//! call; a `MacKey` does both once and clones the keyed state per message. The derived key
//! and the keyed HMAC state are wiped on drop (`sha2`/`hmac` with their `zeroize` features).

use alloc::string::String;
use core::fmt;
use hmac::Hmac;
use hmac::digest::{Digest, KeyInit, Mac, block_api::EagerHash, common::Key};
use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::Error;

/// The largest MAC this crate computes (SHA-512), in bytes.
pub(crate) const MAX_MAC_LEN: usize = 64;

/// A hash algorithm Django's signing can be configured with (`Signer(algorithm=...)`).
///
/// ```
/// use djsign::{Algorithm, Signer};
/// let a = Algorithm::from_name("sha512")?; // Signer(algorithm="sha512")
/// assert_eq!((a.name(), a.output_len(), a.signature_len()), ("sha512", 64, 86));
/// let signer = Signer::builder("key").algorithm(a).build()?;
/// assert_eq!(signer.sign("v").len(), "v:".len() + 86);
/// assert_eq!(Algorithm::default(), Algorithm::Sha256);
/// assert!(Algorithm::from_name("md5").is_err());
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// SHA-1: Django's default before 3.1. Needs the `legacy-sha1` feature.
    #[cfg(feature = "legacy-sha1")]
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256: Django's default since 3.1.
    #[default]
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl Algorithm {
    /// Every algorithm this build supports.
    pub const ALL: &'static [Self] = &[
        #[cfg(feature = "legacy-sha1")]
        Self::Sha1,
        Self::Sha224,
        Self::Sha256,
        Self::Sha384,
        Self::Sha512,
    ];

    /// The algorithm with Django's (`hashlib`'s) name: `"sha256"`, `"sha1"`, ...
    ///
    /// Names are exact and lowercase, as `getattr(hashlib, name)` needs them.
    ///
    /// # Errors
    /// [`Error::UnsupportedAlgorithm`] for any other name (including `"sha1"` without the
    /// `legacy-sha1` feature).
    pub fn from_name(name: &str) -> Result<Self, Error> {
        Self::ALL
            .iter()
            .copied()
            .find(|a| a.name() == name)
            .ok_or(Error::UnsupportedAlgorithm)
    }

    /// Django's (`hashlib`'s) name of the algorithm.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            #[cfg(feature = "legacy-sha1")]
            Self::Sha1 => "sha1",
            Self::Sha224 => "sha224",
            Self::Sha256 => "sha256",
            Self::Sha384 => "sha384",
            Self::Sha512 => "sha512",
        }
    }

    /// Length of the MAC in bytes.
    #[must_use]
    pub const fn output_len(self) -> usize {
        match self {
            #[cfg(feature = "legacy-sha1")]
            Self::Sha1 => 20,
            Self::Sha224 => 28,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    /// Length of the signature in a token: the MAC in unpadded base64.
    #[must_use]
    pub const fn signature_len(self) -> usize {
        // Unpadded base64 of `output_len` bytes (checked against the encoder in
        // signing/base64.rs's tests).
        match self {
            #[cfg(feature = "legacy-sha1")]
            Self::Sha1 => 27,
            Self::Sha224 => 38,
            Self::Sha256 => 43,
            Self::Sha384 => 64,
            Self::Sha512 => 86,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A MAC value (the output of `salted_hmac`), wiped on drop.
///
/// Compare MACs with [`MacOutput::ct_eq`], which takes the same time whatever the bytes.
///
/// ```
/// use djsign::{Algorithm, salted_hmac};
/// let mac = salted_hmac(b"salt", b"value", b"secret", Algorithm::Sha256);
/// let again = salted_hmac(b"salt", b"value", b"secret", Algorithm::Sha256);
/// assert!(bool::from(mac.ct_eq(again.as_bytes()))); // constant time
/// assert_eq!(mac.to_hex().len(), 64);
/// ```
#[derive(Clone)]
pub struct MacOutput {
    bytes: Zeroizing<[u8; MAX_MAC_LEN]>,
    len: usize,
}

impl MacOutput {
    /// The MAC bytes (Django: `.digest()`).
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }

    /// The MAC as lowercase hex (Django: `.hexdigest()`).
    #[must_use]
    pub fn to_hex(&self) -> String {
        let mut s = String::with_capacity(self.len.saturating_mul(2));
        for b in self.as_bytes() {
            for nibble in [b >> 4, b & 0x0f] {
                // A nibble is always a hex digit; the fallback cannot be reached.
                s.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
            }
        }
        s
    }

    /// Constant-time comparison with `other`: the time depends only on the lengths.
    #[must_use]
    pub fn ct_eq(&self, other: &[u8]) -> Choice {
        self.as_bytes().ct_eq(other)
    }
}

impl ZeroizeOnDrop for MacOutput {}

impl fmt::Debug for MacOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MacOutput({} bytes)", self.len)
    }
}

/// A keyed HMAC state for `H(key_salt + secret)`, derived once and reused for every message.
#[derive(Clone)]
pub(crate) struct MacKey(KeyedState);

#[derive(Clone)]
enum KeyedState {
    #[cfg(feature = "legacy-sha1")]
    Sha1(Hmac<sha1::Sha1>),
    Sha224(Hmac<sha2::Sha224>),
    Sha256(Hmac<sha2::Sha256>),
    Sha384(Hmac<sha2::Sha384>),
    Sha512(Hmac<sha2::Sha512>),
}

impl MacKey {
    /// Django's key derivation: `key = H(key_salt + secret)`, then the HMAC key schedule.
    pub(crate) fn derive(algorithm: Algorithm, key_salt: &[u8], secret: &[u8]) -> Self {
        Self(match algorithm {
            #[cfg(feature = "legacy-sha1")]
            Algorithm::Sha1 => KeyedState::Sha1(derive_keyed(key_salt, secret)),
            Algorithm::Sha224 => KeyedState::Sha224(derive_keyed(key_salt, secret)),
            Algorithm::Sha256 => KeyedState::Sha256(derive_keyed(key_salt, secret)),
            Algorithm::Sha384 => KeyedState::Sha384(derive_keyed(key_salt, secret)),
            Algorithm::Sha512 => KeyedState::Sha512(derive_keyed(key_salt, secret)),
        })
    }

    /// HMAC of the concatenation of `parts`.
    pub(crate) fn mac(&self, parts: &[&[u8]]) -> MacOutput {
        match &self.0 {
            #[cfg(feature = "legacy-sha1")]
            KeyedState::Sha1(m) => mac_parts(m, parts),
            KeyedState::Sha224(m) => mac_parts(m, parts),
            KeyedState::Sha256(m) => mac_parts(m, parts),
            KeyedState::Sha384(m) => mac_parts(m, parts),
            KeyedState::Sha512(m) => mac_parts(m, parts),
        }
    }

    /// Whether the HMAC of `value` equals `provided`, in constant time: the time depends only
    /// on the lengths. The computed tag never leaves this function and is wiped.
    pub(crate) fn verify(&self, value: &[u8], provided: &[u8]) -> Choice {
        match &self.0 {
            #[cfg(feature = "legacy-sha1")]
            KeyedState::Sha1(m) => verify_tag(m, value, provided),
            KeyedState::Sha224(m) => verify_tag(m, value, provided),
            KeyedState::Sha256(m) => verify_tag(m, value, provided),
            KeyedState::Sha384(m) => verify_tag(m, value, provided),
            KeyedState::Sha512(m) => verify_tag(m, value, provided),
        }
    }
}

fn verify_tag<D: EagerHash>(keyed: &Hmac<D>, value: &[u8], provided: &[u8]) -> Choice {
    let mut m = keyed.clone();
    Mac::update(&mut m, value);
    let mut tag = m.finalize().into_bytes();
    let ok = ct_eq_words(tag.as_slice(), provided);
    tag.as_mut_slice().zeroize();
    ok
}

/// Constant-time equality of two byte strings, eight bytes at a time (`subtle` on `u64`s,
/// the tail byte by byte). Different lengths are unequal; the time depends only on them.
fn ct_eq_words(a: &[u8], b: &[u8]) -> Choice {
    if a.len() != b.len() {
        return Choice::from(0);
    }
    let (mut wa, mut wb) = (a.chunks_exact(8), b.chunks_exact(8));
    let mut ok = Choice::from(1);
    for (x, y) in (&mut wa).zip(&mut wb) {
        let mut xw = [0u8; 8];
        let mut yw = [0u8; 8];
        xw.copy_from_slice(x);
        yw.copy_from_slice(y);
        ok &= u64::from_le_bytes(xw).ct_eq(&u64::from_le_bytes(yw));
    }
    ok & wa.remainder().ct_eq(wb.remainder())
}

impl fmt::Debug for MacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MacKey(<redacted>)")
    }
}

fn derive_keyed<D: EagerHash>(key_salt: &[u8], secret: &[u8]) -> Hmac<D> {
    let mut hasher = D::new();
    Digest::update(&mut hasher, key_salt);
    Digest::update(&mut hasher, secret);
    let mut derived = hasher.finalize();
    // HMAC zero-pads a key shorter than the block, so padding the digest ourselves gives the
    // same MAC and lets us use the infallible fixed-size constructor.
    let mut block_key = Key::<Hmac<D>>::default();
    block_key
        .iter_mut()
        .zip(derived.iter())
        .for_each(|(dst, src)| *dst = *src);
    let keyed = <Hmac<D> as KeyInit>::new(&block_key);
    derived.as_mut_slice().zeroize();
    block_key.as_mut_slice().zeroize();
    keyed
}

fn mac_parts<D: EagerHash>(keyed: &Hmac<D>, parts: &[&[u8]]) -> MacOutput {
    let mut m = keyed.clone();
    for p in parts {
        Mac::update(&mut m, p);
    }
    let mut tag = m.finalize().into_bytes();
    let mut out = MacOutput {
        bytes: Zeroizing::new([0; MAX_MAC_LEN]),
        len: tag.len().min(MAX_MAC_LEN),
    };
    out.bytes
        .iter_mut()
        .zip(tag.iter())
        .for_each(|(dst, src)| *dst = *src);
    tag.as_mut_slice().zeroize();
    out
}

/// Django's `salted_hmac(key_salt, value, secret, algorithm=...)`: HMAC of `value` under the
/// key `H(key_salt + secret)`.
///
/// Strings are passed as their UTF-8 bytes, as Django's `force_bytes` does. Note that Django's
/// own default algorithm for this function is `sha1`; here it is always explicit.
///
/// ```
/// use djsign::{salted_hmac, Algorithm};
/// let mac = salted_hmac(b"django.core.signing.Signersigner", b"hello", b"predictable-secret", Algorithm::Sha256);
/// assert_eq!(mac.as_bytes().len(), 32);
/// ```
#[must_use]
pub fn salted_hmac(
    key_salt: &[u8],
    value: &[u8],
    secret: &[u8],
    algorithm: Algorithm,
) -> MacOutput {
    MacKey::derive(algorithm, key_salt, secret).mac(&[value])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Hmac<D>` does not carry the `ZeroizeOnDrop` marker itself, but it holds only two
    /// `D::Core` states (the keyed inner and outer hashes) and a block buffer, and each of
    /// those wipes itself on drop when the `zeroize` features are on. Losing any of these
    /// bounds (a dependency update, a dropped feature) fails this test at compile time.
    #[test]
    fn keyed_states_wipe_themselves() {
        fn wipes<T: ZeroizeOnDrop>() {}
        fn core_wipes<D: EagerHash>()
        where
            D::Core: ZeroizeOnDrop,
        {
        }
        core_wipes::<sha2::Sha224>();
        core_wipes::<sha2::Sha256>();
        core_wipes::<sha2::Sha384>();
        core_wipes::<sha2::Sha512>();
        wipes::<sha2::Sha256>();
        wipes::<sha2::Sha512>();
        wipes::<hmac::digest::block_api::Buffer<<sha2::Sha512 as EagerHash>::Core>>();
        #[cfg(feature = "legacy-sha1")]
        {
            core_wipes::<sha1::Sha1>();
            wipes::<sha1::Sha1>();
        }
        wipes::<MacOutput>();
    }

    #[test]
    fn names_round_trip_and_lengths() {
        for a in Algorithm::ALL {
            assert_eq!(Algorithm::from_name(a.name()).unwrap(), *a);
        }
        assert_eq!(
            Algorithm::from_name("SHA256"),
            Err(Error::UnsupportedAlgorithm)
        );
        assert_eq!(
            Algorithm::from_name("md5"),
            Err(Error::UnsupportedAlgorithm)
        );
        assert_eq!(Algorithm::Sha256.signature_len(), 43);
        assert_eq!(Algorithm::Sha224.signature_len(), 38);
        assert_eq!(Algorithm::Sha384.signature_len(), 64);
        assert_eq!(Algorithm::Sha512.signature_len(), 86);
        #[cfg(feature = "legacy-sha1")]
        assert_eq!(Algorithm::Sha1.signature_len(), 27);
        #[cfg(not(feature = "legacy-sha1"))]
        assert_eq!(
            Algorithm::from_name("sha1"),
            Err(Error::UnsupportedAlgorithm)
        );
    }

    #[test]
    fn verify_accepts_only_the_exact_tag() {
        for &a in Algorithm::ALL {
            let k = MacKey::derive(a, b"salt", b"secret");
            let tag = k.mac(&[b"msg"]);
            assert!(bool::from(k.verify(b"msg", tag.as_bytes())), "{a}");
            assert!(!bool::from(k.verify(b"msh", tag.as_bytes())), "{a}");
            for i in 0..tag.as_bytes().len() {
                let mut t = tag.as_bytes().to_vec();
                t[i] ^= 0x80;
                assert!(!bool::from(k.verify(b"msg", &t)), "{a} byte {i}");
            }
            let short = &tag.as_bytes()[..tag.as_bytes().len() - 1];
            assert!(!bool::from(k.verify(b"msg", short)), "{a}");
        }
    }

    #[test]
    fn mac_of_parts_equals_mac_of_concatenation() {
        let k = MacKey::derive(Algorithm::Sha256, b"salt", b"secret");
        let a = k.mac(&[b"hello:", b"world"]);
        let b = k.mac(&[b"hello:world"]);
        assert!(bool::from(a.ct_eq(b.as_bytes())));
        assert!(!bool::from(a.ct_eq(&b.as_bytes()[..31])));
    }
}
