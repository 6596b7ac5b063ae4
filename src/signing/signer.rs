//! `Signer` (Django: `django.core.signing.Signer`).
//!
//! A signer is configured once, as a value: key and fallback keys (already derived into keyed
//! HMAC states), salt, separator, algorithm and limits. Signing appends `sep + b64(HMAC)`;
//! unsigning splits at the *last* separator, as Django's `rsplit(sep, 1)`, and checks the
//! MAC in constant time against the key and every fallback key, always all of them, so the
//! time taken does not tell which key matched.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;
use serde::Serialize;
use serde::de::DeserializeOwned;
use subtle::Choice;

use crate::Error;
use crate::json::{JsonCodec, Value};
use crate::signing::base64::{decode_signature, encode_into};
use crate::signing::key::{IntoSecretKey, KeyList, SecretKey};
use crate::signing::limits::Limits;
use crate::signing::payload::{self, Decoding};
use crate::utils::crypto::{Algorithm, MacKey};
use crate::version::DjangoVersion;

/// Django's default salt for `Signer`: the class path.
pub const SIGNER_SALT: &str = "django.core.signing.Signer";
/// Django's default salt for `TimestampSigner`: the class path.
pub const TIMESTAMP_SIGNER_SALT: &str = "django.core.signing.TimestampSigner";

/// Django's separator rule: `_SEP_UNSAFE = re.compile(r"^[A-z0-9-_=]*$")`, and a separator is
/// refused when that *matches*. Two quirks: `A-z` also spans `` [\]^_` ``, so `"^"` alone is
/// refused; and `$` also matches before a final newline, so `"a\n"` and `"\n"` are refused
/// while `"\n\n"` is allowed.
///
/// ```
/// assert!(djsign::is_valid_separator(":"));
/// assert!(!djsign::is_valid_separator("a") && !djsign::is_valid_separator("^"));
/// ```
#[must_use]
pub fn is_valid_separator(sep: &str) -> bool {
    let body = sep.strip_suffix('\n').unwrap_or(sep);
    !body
        .chars()
        .all(|c| matches!(c, 'A'..='z' | '0'..='9' | '-' | '='))
}

/// Django's `value.rsplit(sep, 1)`: the parts around the last `sep`. A one-byte separator
/// (`:`, the default) is found with a byte search from the end, not a substring searcher.
pub(crate) fn rsplit_sep<'a>(s: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    if let &[b] = sep.as_bytes() {
        // A one-byte separator is an ASCII character, so both sides are on char boundaries.
        let at = s.as_bytes().iter().rposition(|&c| c == b)?;
        let value = s.get(..at)?;
        let rest = s.get(at.saturating_add(1)..)?;
        return Some((value, rest));
    }
    s.rsplit_once(sep)
}

/// Builds a [`Signer`] or a [`TimestampSigner`](crate::signing::TimestampSigner): start from
/// [`Signer::builder`] or [`TimestampSigner::builder`](crate::signing::TimestampSigner::builder).
///
/// ```
/// use djsign::{Algorithm, Signer};
/// let signer = Signer::builder("new-key")
///     .fallback_key("old-key")      // SECRET_KEY_FALLBACKS
///     .salt("my.app")               // Signer(salt="my.app")
///     .sep("/")
///     .algorithm(Algorithm::Sha512)
///     .build()?;
/// let by_old_key = Signer::builder("old-key").salt("my.app").sep("/").algorithm(Algorithm::Sha512).build()?;
/// assert_eq!(signer.unsign(&by_old_key.sign("v"))?, "v");
/// assert_eq!(Signer::builder("key").sep("a").build().unwrap_err().slug(), "invalid-separator");
/// # Ok::<(), djsign::Error>(())
/// ```
pub struct SignerBuilder<S> {
    key: Result<SecretKey, Error>,
    fallback_keys: KeyList,
    salt: Option<String>,
    sep: String,
    algorithm: Algorithm,
    limits: Limits,
    version: Option<DjangoVersion>,
    codec: Option<JsonCodec>,
    detect_pickle: Option<bool>,
    kind: PhantomData<S>,
}

impl<S> fmt::Debug for SignerBuilder<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignerBuilder")
            .field("salt", &self.salt)
            .field("sep", &self.sep)
            .field("algorithm", &self.algorithm)
            .field("limits", &self.limits)
            .field("version", &self.version)
            .field("codec", &self.codec)
            .field("detect_pickle", &self.detect_pickle)
            .finish_non_exhaustive()
    }
}

/// The types a [`SignerBuilder`] can build.
///
/// ```
/// use djsign::{BuildSigner, SignerBuilder, TimestampSigner};
/// fn configured<S: BuildSigner>(b: SignerBuilder<S>) -> Result<S, djsign::Error> {
///     b.salt("my.app").fallback_key("old-key").build()
/// }
/// let signer: TimestampSigner = configured(TimestampSigner::builder("key"))?;
/// assert_eq!(signer.salt(), "my.app");
/// # Ok::<(), djsign::Error>(())
/// ```
pub trait BuildSigner: Sized + sealed::Sealed {
    /// The salt Django uses when none (or `""`) is given: the class path.
    const DEFAULT_SALT: &'static str;
    #[doc(hidden)]
    fn from_signer(signer: Signer) -> Self;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Signer {}
    impl Sealed for crate::signing::TimestampSigner {}
}

impl<S: BuildSigner> SignerBuilder<S> {
    pub(crate) fn new(key: impl IntoSecretKey) -> Self {
        Self {
            key: key.into_secret_key(),
            fallback_keys: KeyList::new(),
            salt: None,
            sep: String::from(":"),
            algorithm: Algorithm::Sha256,
            limits: Limits::DEFAULT,
            version: None,
            codec: None,
            detect_pickle: None,
            kind: PhantomData,
        }
    }

    /// Reads payloads as `version` does: its [`JsonCodec`] and its pickle detection (see
    /// [`DjangoVersion`]). Default: [`DjangoVersion::NEWEST_RELEASE`]'s. [`json_codec`] and
    /// [`detect_pickle`] override it, in whichever order they are called. Signing is the
    /// same for every version.
    ///
    /// [`json_codec`]: SignerBuilder::json_codec
    /// [`detect_pickle`]: SignerBuilder::detect_pickle
    #[must_use]
    pub const fn django_version(mut self, version: DjangoVersion) -> Self {
        self.version = Some(version);
        self
    }

    /// How payload bytes become JSON text: latin-1 (every release) or UTF-8 (Django's
    /// development branch, #37223). Overrides the version's.
    #[must_use]
    pub const fn json_codec(mut self, codec: JsonCodec) -> Self {
        self.codec = Some(codec);
        self
    }

    /// Whether a payload that is a Python pickle (a Django < 5.0 `PickleSerializer` session)
    /// fails with [`Error::PickledPayload`] instead of the JSON error it also is. On by
    /// default only for 4.2 (see [`DjangoVersion::detects_pickle`]). Pickles are never
    /// unpickled either way.
    #[must_use]
    pub const fn detect_pickle(mut self, on: bool) -> Self {
        self.detect_pickle = Some(on);
        self
    }

    /// The salt (Django: `salt=`). An empty salt means the class default, as in Django
    /// (`salt or "django.core.signing.Signer"`).
    #[must_use]
    pub fn salt(mut self, salt: &str) -> Self {
        self.salt = Some(salt.into());
        self
    }

    /// The separator (Django: `sep=`, default `":"`); checked by `build` with Django's rule,
    /// see [`is_valid_separator`].
    #[must_use]
    pub fn sep(mut self, sep: &str) -> Self {
        self.sep = sep.into();
        self
    }

    /// The hash algorithm (Django: `algorithm=`, default SHA-256).
    #[must_use]
    pub const fn algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// Adds one fallback key (Django: `fallback_keys=` / `SECRET_KEY_FALLBACKS`), tried after
    /// the key, in the order added. Signing always uses the key.
    #[must_use]
    pub fn fallback_key(mut self, key: impl IntoSecretKey) -> Self {
        self.fallback_keys.push(key);
        self
    }

    /// Adds fallback keys in order; see [`SignerBuilder::fallback_key`].
    #[must_use]
    pub fn fallback_keys<K: IntoSecretKey>(self, keys: impl IntoIterator<Item = K>) -> Self {
        keys.into_iter().fold(self, Self::fallback_key)
    }

    /// Replaces the [`Limits`].
    #[must_use]
    pub const fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Checks the configuration and derives the keys.
    ///
    /// # Errors
    /// [`Error::InvalidKey`] for an empty key or fallback key, [`Error::InvalidSeparator`]
    /// for a separator Django refuses.
    pub fn build(self) -> Result<S, Error> {
        let key = self.key?;
        let fallback_keys = self.fallback_keys.into_keys()?;
        if !is_valid_separator(&self.sep) {
            return Err(Error::InvalidSeparator);
        }
        let salt = match self.salt {
            Some(s) if !s.is_empty() => s,
            _ => String::from(S::DEFAULT_SALT),
        };
        let mut key_salt = Vec::with_capacity(salt.len().saturating_add(6));
        key_salt.extend_from_slice(salt.as_bytes());
        key_salt.extend_from_slice(b"signer");
        let derive = |k: &SecretKey| MacKey::derive(self.algorithm, &key_salt, k.expose_secret());
        let version = Decoding::of(self.version.unwrap_or(DjangoVersion::NEWEST_RELEASE));
        Ok(S::from_signer(Signer {
            primary: derive(&key),
            fallbacks: fallback_keys.iter().map(derive).collect(),
            salt,
            sep: self.sep,
            algorithm: self.algorithm,
            limits: self.limits,
            decoding: Decoding {
                codec: self.codec.unwrap_or(version.codec),
                detect_pickle: self.detect_pickle.unwrap_or(version.detect_pickle),
            },
        }))
    }
}

/// Django's `Signer`: `value + sep + signature`, without a timestamp.
///
/// ```
/// use djsign::Signer;
/// let signer = Signer::new("predictable-secret")?;
/// let token = signer.sign("hello");
/// assert_eq!(signer.unsign(&token)?, "hello");
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Clone)]
pub struct Signer {
    primary: MacKey,
    fallbacks: Vec<MacKey>,
    salt: String,
    sep: String,
    algorithm: Algorithm,
    limits: Limits,
    decoding: Decoding,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("salt", &self.salt)
            .field("sep", &self.sep)
            .field("algorithm", &self.algorithm)
            .field("fallback_keys", &self.fallbacks.len())
            .field("limits", &self.limits)
            .field("decoding", &self.decoding)
            .finish_non_exhaustive()
    }
}

impl BuildSigner for Signer {
    const DEFAULT_SALT: &'static str = SIGNER_SALT;
    fn from_signer(signer: Signer) -> Self {
        signer
    }
}

impl Signer {
    /// A signer with Django's defaults: salt `django.core.signing.Signer`, separator `:`,
    /// SHA-256, no fallback keys.
    ///
    /// # Errors
    /// [`Error::InvalidKey`] for an empty key.
    pub fn new(key: impl IntoSecretKey) -> Result<Self, Error> {
        Self::builder(key).build()
    }

    /// A builder for a signer with other settings.
    pub fn builder(key: impl IntoSecretKey) -> SignerBuilder<Self> {
        SignerBuilder::new(key)
    }

    /// The salt in use (after Django's empty-salt default).
    #[must_use]
    pub fn salt(&self) -> &str {
        &self.salt
    }

    /// The separator.
    #[must_use]
    pub fn sep(&self) -> &str {
        &self.sep
    }

    /// The hash algorithm.
    #[must_use]
    pub const fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The limits.
    #[must_use]
    pub const fn limits(&self) -> &Limits {
        &self.limits
    }

    /// How payload bytes are decoded before JSON (see [`SignerBuilder::json_codec`]).
    #[must_use]
    pub const fn json_codec(&self) -> JsonCodec {
        self.decoding.codec
    }

    /// Whether pickled payloads are reported as such (see [`SignerBuilder::detect_pickle`]).
    #[must_use]
    pub const fn detects_pickle(&self) -> bool {
        self.decoding.detect_pickle
    }

    /// Django's `Signer.signature(value)`: the base64 MAC of `value` under the key.
    #[must_use]
    pub fn signature(&self, value: &str) -> String {
        let mut s = String::with_capacity(self.algorithm.signature_len());
        encode_into(self.primary.mac(&[value.as_bytes()]).as_bytes(), &mut s);
        s
    }

    /// Django's `Signer.sign(value)`: `value + sep + signature(value)`.
    #[must_use]
    pub fn sign(&self, value: &str) -> String {
        let mut token = String::with_capacity(value.len().saturating_add(self.suffix_len()));
        token.push_str(value);
        self.sign_in_place(&mut token);
        token
    }

    /// Django's `Signer.unsign(signed_value)`: the value, if the signature is valid under the
    /// key or a fallback key.
    ///
    /// # Errors
    /// [`Error::TokenTooLong`], [`Error::NoSeparator`], [`Error::BadSignature`].
    pub fn unsign<'a>(&self, signed_value: &'a str) -> Result<&'a str, Error> {
        if signed_value.len() > self.limits.max_token_len {
            return Err(Error::TokenTooLong {
                len: signed_value.len(),
                limit: self.limits.max_token_len,
            });
        }
        let (value, sig) = rsplit_sep(signed_value, &self.sep).ok_or(Error::NoSeparator)?;
        if self.verify(value.as_bytes(), sig) {
            Ok(value)
        } else {
            Err(Error::BadSignature)
        }
    }

    /// Django's `Signer.sign_object(obj, compress=...)`: JSON, optionally zlib, base64, signed.
    ///
    /// # Errors
    /// [`Error::Unserializable`].
    pub fn sign_object<T: ?Sized + Serialize>(
        &self,
        obj: &T,
        compress: bool,
    ) -> Result<String, Error> {
        let mut token = payload::encode(obj, compress, &self.limits, self.suffix_len())?;
        self.sign_in_place(&mut token);
        Ok(token)
    }

    /// Django's `Signer.unsign_object(signed_obj)`, typed.
    ///
    /// # Errors
    /// As [`Signer::unsign`], then the payload errors: [`Error::MalformedBase64`],
    /// [`Error::MalformedZlib`], [`Error::DecompressedTooLarge`], [`Error::MalformedJson`],
    /// [`Error::UnrepresentableJson`], [`Error::TypeMismatch`].
    pub fn unsign_object<T: DeserializeOwned>(&self, signed_obj: &str) -> Result<T, Error> {
        self.decode_payload_as(self.unsign(signed_obj)?)
    }

    /// Django's `Signer.unsign_object(signed_obj)`, as a [`Value`].
    ///
    /// # Errors
    /// As [`Signer::unsign_object`], without [`Error::TypeMismatch`].
    pub fn unsign_object_value(&self, signed_obj: &str) -> Result<Value, Error> {
        self.decode_payload(self.unsign(signed_obj)?)
    }

    /// The object in a verified payload, with this signer's limits and decoding rules.
    pub(crate) fn decode_payload(&self, payload: &str) -> Result<Value, Error> {
        payload::decode(payload, &self.limits, self.decoding)
    }

    /// The object in a verified payload as a `T` (the same `T` as [`from_value`] of
    /// [`Self::decode_payload`], in one pass where it can).
    ///
    /// [`from_value`]: crate::from_value
    pub(crate) fn decode_payload_as<T: DeserializeOwned>(&self, payload: &str) -> Result<T, Error> {
        payload::decode_as(payload, &self.limits, self.decoding)
    }

    /// Bytes appended by signing: separator and signature.
    pub(crate) fn suffix_len(&self) -> usize {
        self.sep
            .len()
            .saturating_add(self.algorithm.signature_len())
    }

    /// Appends `sep + signature(buf)` to `buf`.
    pub(crate) fn sign_in_place(&self, buf: &mut String) {
        let mac = self.primary.mac(&[buf.as_bytes()]);
        buf.reserve(self.suffix_len());
        buf.push_str(&self.sep);
        encode_into(mac.as_bytes(), buf);
    }

    /// Constant-time check of `sig` against the MAC of `value` under every key.
    fn verify(&self, value: &[u8], sig: &str) -> bool {
        let len = self.algorithm.output_len();
        let Some(provided) = decode_signature(sig, len) else {
            return false;
        };
        let provided = provided.get(..len).unwrap_or_default();
        // Every key is tried, whatever matched: the time does not tell which key it was.
        let mut ok: Choice = self.primary.verify(value, provided);
        for key in &self.fallbacks {
            ok |= key.verify(value, provided);
        }
        bool::from(ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separator_rule() {
        for bad in [
            "", "^", "a", "=", "-", "_", "\\", "`", "[", "]", "A-z0", "a\n", "\n",
        ] {
            assert!(!is_valid_separator(bad), "{bad:?} should be refused");
        }
        for good in [
            ":", ".", "/", ",", "*sep*", ":a", "::", "\n\n", "é", "a\n\n", "{", "|",
        ] {
            assert!(is_valid_separator(good), "{good:?} should be allowed");
        }
    }

    #[test]
    fn empty_salt_is_the_class_default() {
        let a = Signer::builder("k").salt("").build().unwrap();
        assert_eq!(a.salt(), SIGNER_SALT);
    }

    #[test]
    fn debug_shows_no_key() {
        let s = Signer::builder("super-secret-key")
            .fallback_key("older-secret")
            .build()
            .unwrap();
        let shown = alloc::format!("{s:?}");
        assert!(
            !shown.contains("secret-key") && !shown.contains("older"),
            "{shown}"
        );
    }

    #[test]
    fn too_long_is_refused_before_anything_else() {
        let mut limits = Limits::DEFAULT;
        limits.max_token_len = 8;
        let s = Signer::builder("k").limits(limits).build().unwrap();
        assert_eq!(
            s.unsign("123456789"),
            Err(Error::TokenTooLong { len: 9, limit: 8 })
        );
        assert_eq!(s.unsign("12345678"), Err(Error::NoSeparator));
    }
}
