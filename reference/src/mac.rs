//! `salted_hmac` (Django: `django/utils/crypto.py`), spelled out.
//!
//! ```text
//! key = H(key_salt + secret)          # hashlib.<algorithm>(...).digest()
//! mac = HMAC-H(key, value)            # hmac.new(key, value, H)
//! ```
//!
//! The hash functions are libcrux's SHA-2, extracted from HACL*'s machine-checked code; HMAC is
//! RFC 2104 written out below, so that SHA-224 (which `libcrux-hmac` does not offer) is treated
//! exactly like the others. `tests/oracle.rs` checks this composition against `libcrux-hmac`
//! for SHA-256/384/512. SHA-1 (djsign's `legacy-sha1`) uses RustCrypto's `sha1`: HACL*'s SHA-1 is not
//! on crates.io.

/// Django's `algorithm=` choices that djsign supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Algorithm {
    /// Every algorithm the model knows (djsign has SHA-1 only with `legacy-sha1`; the tests
    /// use [`crate::compare::algorithms`], the ones both sides have).
    pub const ALL: &'static [Self] = &[
        Self::Sha1,
        Self::Sha224,
        Self::Sha256,
        Self::Sha384,
        Self::Sha512,
    ];

    /// `hashlib`'s name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "sha1",
            Self::Sha224 => "sha224",
            Self::Sha256 => "sha256",
            Self::Sha384 => "sha384",
            Self::Sha512 => "sha512",
        }
    }

    /// The hash's input block size (RFC 2104's `B`).
    #[must_use]
    pub const fn block_len(self) -> usize {
        match self {
            Self::Sha384 | Self::Sha512 => 128,
            _ => 64,
        }
    }
}

/// `hashlib.<algorithm>(data).digest()`.
#[must_use]
pub fn hash(algorithm: Algorithm, data: &[u8]) -> Vec<u8> {
    match algorithm {
        Algorithm::Sha1 => {
            use sha1::Digest as _;
            sha1::Sha1::digest(data).to_vec()
        }
        Algorithm::Sha224 => libcrux_sha2::sha224(data).to_vec(),
        Algorithm::Sha256 => libcrux_sha2::sha256(data).to_vec(),
        Algorithm::Sha384 => libcrux_sha2::sha384(data).to_vec(),
        Algorithm::Sha512 => libcrux_sha2::sha512(data).to_vec(),
    }
}

/// RFC 2104: `H((K ^ opad) || H((K ^ ipad) || message))`, with `K` the key hashed if longer
/// than a block and then zero-padded to a block.
#[must_use]
pub fn hmac(algorithm: Algorithm, key: &[u8], message: &[u8]) -> Vec<u8> {
    let block = algorithm.block_len();
    let mut k = if key.len() > block {
        hash(algorithm, key)
    } else {
        key.to_vec()
    };
    k.resize(block, 0);
    let mut inner: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    inner.extend_from_slice(message);
    let mut outer: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    outer.extend_from_slice(&hash(algorithm, &inner));
    hash(algorithm, &outer)
}

/// Django's `salted_hmac(key_salt, value, secret, algorithm=algorithm).digest()`.
#[must_use]
pub fn salted_hmac(key_salt: &[u8], value: &[u8], secret: &[u8], algorithm: Algorithm) -> Vec<u8> {
    let mut salted_secret = key_salt.to_vec();
    salted_secret.extend_from_slice(secret);
    let key = hash(algorithm, &salted_secret);
    hmac(algorithm, &key, value)
}

/// `.hexdigest()`: lowercase hex.
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
