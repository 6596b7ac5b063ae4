//! Secret key material: Django's `SECRET_KEY` and `SECRET_KEY_FALLBACKS`.
//!
//! Django accepts a key as `str` (used as its UTF-8 bytes) or `bytes`; both become a
//! [`SecretKey`] here. The bytes are wiped when the key is dropped and never printed: `Debug`
//! shows only that a key is there (cookie-rs does the same for its `Key`; a derived `Debug`,
//! as on `zeroize::Zeroizing`, would print the bytes).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use zeroize::{ZeroizeOnDrop, Zeroizing};

use crate::Error;

/// A secret key: Django's `SECRET_KEY` or one of its `SECRET_KEY_FALLBACKS`.
///
/// An empty key is refused ([`Error::InvalidKey`]): Django treats an empty key as "use
/// `settings.SECRET_KEY`" and refuses an empty setting.
///
/// ```
/// use djsign::{Error, SecretKey, Signer};
/// let key = SecretKey::from_str("django-insecure-key")?; // a str SECRET_KEY
/// let same = SecretKey::from_bytes(b"django-insecure-key")?; // bytes: the same key
/// assert_eq!(Signer::new(&key)?.sign("a"), Signer::new(&same)?.sign("a"));
/// assert_eq!(format!("{key:?}"), "SecretKey(<redacted>)"); // never printed
/// assert_eq!(SecretKey::from_str("").unwrap_err(), Error::InvalidKey);
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Clone)]
pub struct SecretKey {
    // `Zeroizing` wipes the bytes on drop by construction; its derived `Debug` would print
    // them, so `SecretKey` has its own.
    bytes: Zeroizing<Vec<u8>>,
}

impl SecretKey {
    /// A key from raw bytes (Django: a `bytes` key).
    ///
    /// # Errors
    /// [`Error::InvalidKey`] if `bytes` is empty.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        if bytes.is_empty() {
            return Err(Error::InvalidKey);
        }
        Ok(Self {
            bytes: Zeroizing::new(bytes.to_vec()),
        })
    }

    /// A key from a string, used as its UTF-8 bytes (Django: a `str` key).
    ///
    /// # Errors
    /// [`Error::InvalidKey`] if `key` is empty.
    #[allow(clippy::should_implement_trait)] // fallible, unlike FromStr's usual meaning here
    pub fn from_str(key: &str) -> Result<Self, Error> {
        Self::from_bytes(key.as_bytes())
    }

    /// Takes ownership of a byte vector without copying it.
    ///
    /// # Errors
    /// [`Error::InvalidKey`] if `bytes` is empty.
    pub fn from_vec(bytes: Vec<u8>) -> Result<Self, Error> {
        if bytes.is_empty() {
            return Err(Error::InvalidKey);
        }
        Ok(Self {
            bytes: Zeroizing::new(bytes),
        })
    }

    /// The key's bytes. Handle with care: copies you make are not wiped for you.
    #[must_use]
    pub fn expose_secret(&self) -> &[u8] {
        &self.bytes
    }

    /// A new key made of `prefix` followed by this key, as Django builds the signed-cookie
    /// key (`b"django.http.cookies" + SECRET_KEY`).
    #[must_use]
    pub fn with_prefix(&self, prefix: &[u8]) -> Self {
        let mut bytes = Vec::with_capacity(prefix.len().saturating_add(self.bytes.len()));
        bytes.extend_from_slice(prefix);
        bytes.extend_from_slice(&self.bytes);
        Self {
            bytes: Zeroizing::new(bytes),
        }
    }
}

impl ZeroizeOnDrop for SecretKey {}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

impl TryFrom<&str> for SecretKey {
    type Error = Error;
    fn try_from(key: &str) -> Result<Self, Error> {
        Self::from_str(key)
    }
}

impl TryFrom<&[u8]> for SecretKey {
    type Error = Error;
    fn try_from(key: &[u8]) -> Result<Self, Error> {
        Self::from_bytes(key)
    }
}

impl TryFrom<Vec<u8>> for SecretKey {
    type Error = Error;
    fn try_from(key: Vec<u8>) -> Result<Self, Error> {
        Self::from_vec(key)
    }
}

impl TryFrom<String> for SecretKey {
    type Error = Error;
    fn try_from(key: String) -> Result<Self, Error> {
        Self::from_vec(key.into_bytes())
    }
}

/// Fallback keys gathered by a builder. A conversion error (an empty key) is kept and
/// reported when the builder builds, so the builder methods can stay infallible.
#[derive(Clone, Debug)]
pub(crate) struct KeyList(Result<Vec<SecretKey>, Error>);

impl KeyList {
    pub(crate) const fn new() -> Self {
        Self(Ok(Vec::new()))
    }

    /// Adds `key`, unless an earlier key already failed.
    pub(crate) fn push(&mut self, key: impl IntoSecretKey) {
        if let Ok(keys) = &mut self.0 {
            match key.into_secret_key() {
                Ok(k) => keys.push(k),
                Err(e) => self.0 = Err(e),
            }
        }
    }

    /// The keys, or the first conversion error.
    pub(crate) fn into_keys(self) -> Result<Vec<SecretKey>, Error> {
        self.0
    }
}

/// Anything a signer accepts as a key: a [`SecretKey`], a `&str`, `&[u8]`, `String` or
/// `Vec<u8>`. Conversion can fail (empty key), so builders report it at `build()`.
///
/// ```
/// use djsign::{SecretKey, Signer};
/// let from_str = Signer::new("key")?;
/// let from_bytes = Signer::new(b"key")?;
/// let from_string = Signer::new(String::from("key"))?;
/// let from_key = Signer::new(SecretKey::from_str("key")?)?;
/// assert!([&from_bytes, &from_string, &from_key].iter().all(|s| s.sign("v") == from_str.sign("v")));
/// assert!(Signer::new("").is_err()); // empty: refused, as by Django
/// # Ok::<(), djsign::Error>(())
/// ```
pub trait IntoSecretKey {
    /// Converts into a key.
    ///
    /// # Errors
    /// [`Error::InvalidKey`] for an empty key.
    fn into_secret_key(self) -> Result<SecretKey, Error>;
}

impl IntoSecretKey for SecretKey {
    fn into_secret_key(self) -> Result<SecretKey, Error> {
        Ok(self)
    }
}

impl IntoSecretKey for &SecretKey {
    fn into_secret_key(self) -> Result<SecretKey, Error> {
        Ok(self.clone())
    }
}

impl IntoSecretKey for &str {
    fn into_secret_key(self) -> Result<SecretKey, Error> {
        SecretKey::from_str(self)
    }
}

impl IntoSecretKey for &String {
    fn into_secret_key(self) -> Result<SecretKey, Error> {
        SecretKey::from_str(self)
    }
}

impl IntoSecretKey for String {
    fn into_secret_key(self) -> Result<SecretKey, Error> {
        SecretKey::from_vec(self.into_bytes())
    }
}

impl IntoSecretKey for &[u8] {
    fn into_secret_key(self) -> Result<SecretKey, Error> {
        SecretKey::from_bytes(self)
    }
}

impl<const N: usize> IntoSecretKey for &[u8; N] {
    fn into_secret_key(self) -> Result<SecretKey, Error> {
        SecretKey::from_bytes(self)
    }
}

impl IntoSecretKey for Vec<u8> {
    fn into_secret_key(self) -> Result<SecretKey, Error> {
        SecretKey::from_vec(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn debug_does_not_show_key_bytes() {
        let key = SecretKey::from_str("hunter2-very-secret").unwrap();
        let shown = format!("{key:?} {key:#?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("104"), "byte values leak: {shown}"); // b'h' == 104
        assert!(shown.contains("redacted"));
    }

    #[test]
    fn empty_keys_are_refused() {
        assert_eq!(SecretKey::from_str("").unwrap_err(), Error::InvalidKey);
        assert_eq!(SecretKey::from_bytes(b"").unwrap_err(), Error::InvalidKey);
        assert_eq!(
            SecretKey::from_vec(Vec::new()).unwrap_err(),
            Error::InvalidKey
        );
        assert!("".into_secret_key().is_err());
    }

    #[test]
    fn str_and_bytes_keys_are_the_same_bytes() {
        let a = SecretKey::from_str("é").unwrap();
        let b = SecretKey::from_bytes(&[0xc3, 0xa9]).unwrap();
        assert_eq!(a.expose_secret(), b.expose_secret());
        let p = a.with_prefix(b"django.http.cookies");
        assert_eq!(p.expose_secret(), b"django.http.cookies\xc3\xa9");
    }
}
