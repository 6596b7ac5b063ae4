//! Django's cryptographic signing in Rust, byte for byte: `django.core.signing`
//! ([`Signer`], [`TimestampSigner`], [`dumps`]/[`loads`]), the `signed_cookies` session
//! backend ([`SessionStore`]) and signed cookies ([`SignedCookie`]).
//!
//! A Rust service beside a Django site reads and writes the site's tokens, sessions and
//! cookies with it, whichever Django the site runs (4.2, 5.2, 6.0, 6.1 or main, see
//! [Django versions](#django-versions)). The same inputs and timestamp give Django's bytes:
//! every algorithm, str and bytes keys, salts, separators, fallback keys, compressed payloads
//! (zlib's level-6 deflate reproduced in safe Rust) and Python's exact JSON. The token
//! grammar and every quirk are in
//! [SPEC.md](https://github.com/djsign/djsign/blob/main/SPEC.md); the test vectors other
//! implementations check themselves against, made and judged by real Django, are in
//! [vectors/](https://github.com/djsign/djsign/blob/main/vectors/README.md).
//!
//! # Quick start
//!
//! Every token below was made by Django 5.2.19 (they are among the published vectors); the
//! `*_at` methods take the time explicitly, the plain names (`sign`, `unsign`, `load`,
//! `save`) read the system clock (feature `std`).
//!
//! [`Signer`] and [`TimestampSigner`], as `Signer(key=...).sign(...)`:
//!
//! ```
//! use djsign::{Signer, TimestampSigner};
//! let signer = Signer::new("predictable-secret")?;
//! assert_eq!(signer.sign("hello"), "hello:T8oWtiMIRTzcoR3NRO-2PQNf5dTweZy0EL25Kt6lUo0");
//! assert_eq!(signer.unsign("hello:T8oWtiMIRTzcoR3NRO-2PQNf5dTweZy0EL25Kt6lUo0")?, "hello");
//!
//! let stamped = TimestampSigner::new("predictable-secret")?;
//! let token = "hello:1r31eq:ESnvh0UG3MKjmlEh8oOo4AB3aBbzEzE2OxtKdYRmPIU";
//! assert_eq!(stamped.sign_at("hello", 1_700_000_000), token);
//! let ok = stamped.unsign_at(token, Some(60.0), 1_700_000_030.0)?; // max_age=60, 30 s later
//! assert_eq!((ok.value, ok.timestamp), ("hello", 1_700_000_000));
//! # Ok::<(), djsign::Error>(())
//! ```
//!
//! [`dumps_at`]/[`loads_at`] (and [`dumps`]/[`loads`] with the clock), with any serde type:
//!
//! ```
//! #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
//! struct Payload { b: i32, a: i32 }
//! let token = djsign::dumps_at(&Payload { b: 1, a: 2 }, b"object-key", djsign::DUMPS_SALT, false, 1_700_000_000)?;
//! assert_eq!(token, "eyJiIjoxLCJhIjoyfQ:1r31eq:nE1YAHSuprhxct8jvUi-ns3yAyHNm4Ks5PHGyM0O-rw");
//! let back: Payload = djsign::loads_at(&token, b"object-key", djsign::DUMPS_SALT, Some(60.0), 1_700_000_030.0)?;
//! assert_eq!(back, Payload { b: 1, a: 2 });
//! # Ok::<(), djsign::Error>(())
//! ```
//!
//! A Django session (`SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"`):
//! load the `sessionid` cookie, change it, save it.
//!
//! ```
//! # #[cfg(feature = "contrib")] {
//! use djsign::{Session, SessionStore};
//! let store = SessionStore::new("session-vectors-key")?;
//! let cookie = "eyJncmVldGluZyI6ImhcdTAwZTlsbG8gXHVkODNkXHVkYzBkIn0:1r31eq:eXzgIBTPi8mfxfcwK1Yr2xQkI5HCCNkcix-_l0f7tMA";
//! let mut session = store.load_at(cookie, 1_700_000_060.0)?;
//! assert_eq!(session.get("greeting").and_then(|v| v.as_str()), Some("h\u{e9}llo \u{1f40d}"));
//! assert_eq!(store.save_at(&session, 1_700_000_000)?, cookie); // Django's bytes
//!
//! session.insert("theme", "dark");
//! let new_cookie = store.save_at(&session, 1_700_000_100)?; // the Set-Cookie value
//! assert_eq!(store.load_at(&new_cookie, 1_700_000_200.0)?.get_as::<String>("theme")?.as_deref(), Some("dark"));
//! // Where Django silently starts an empty session, load says why.
//! assert_eq!(store.load_at("forged:1r31eq:AAAA", 1_700_000_060.0).unwrap_err().slug(), "bad-signature");
//! # }
//! # Ok::<(), djsign::Error>(())
//! ```
//!
//! A signed cookie, as `response.set_signed_cookie("prefs", "dark")` and
//! `request.get_signed_cookie("prefs")`:
//!
//! ```
//! # #[cfg(feature = "contrib")] {
//! use djsign::{SaltScheme, SignedCookie};
//! let prefs = SignedCookie::new("cookie-vectors-key", "prefs")?;
//! let value = "dark:1r31eq:woVxUYm2LgVKybdoNZWRlzn0SsoB_bsWxJXuBSZNMOs";
//! assert_eq!(prefs.sign_at("dark", 1_700_000_000), value);
//! let ok = prefs.unsign_at(value, Some(60.0), 1_700_000_010.0)?;
//! assert_eq!((ok.value, ok.scheme), ("dark", SaltScheme::V2));
//! # }
//! # Ok::<(), djsign::Error>(())
//! ```
//!
//! # What to read next
//!
//! - [`signing`]: constant-time checks against every key, expiry as `age > max_age`, keys.
//! - [`contrib::sessions`]: the three session expiry policies (ticket #27775).
//! - [`http`]: the signed-cookie salts and the legacy salt collision.
//! - [`Error`]: one variant per failure, a stable slug each, and a `Display` that is safe to
//!   log.
//! - [`unverified`]: taking a token apart without a key, for inspection tools.
//! - [`json`]: Python-exact JSON ([`Value`], latin-1, NaN, big integers, duplicate keys).
//!
//! The repository also has a CLI (`djsign`), an axum layer (`djsign-axum`), a Python package
//! and the assurance evidence (fuzzing, constant-time checks, the differential test against
//! Django): see the [README](https://github.com/djsign/djsign/blob/main/README.md).
//!
//! # Cargo features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `alloc` | yes (via `std`) | required: the crate allocates tokens and payloads |
//! | `std` | yes | the system clock: `sign`, `unsign`, `dumps`, `loads` without an explicit time |
//! | `contrib` | yes | Django's contrib layer: signed-cookie `SessionStore` with expiry policies, `SignedCookie` (v2 and legacy salts), session auth hash ([`contrib`], [`http`]) |
//! | `legacy-sha1` | no | `Algorithm::Sha1`, for tokens from Django < 3.1 and `algorithm="sha1"` |
//!
//! Without `std` (`--no-default-features --features alloc`) everything works with explicit
//! times (`sign_at`, `unsign_at`, `dumps_at`, `loads_at`), compressed tokens included: they
//! are made by [`zlib::compress`], zlib's level-6 compressor reproduced in safe Rust, so they
//! are CPython's bytes in every build. The crate has no C dependency.
//!
//! # Django versions
//!
//! Tokens are made and checked the same way by every Django release; what differs is listed
//! here, the one table of every default that depends on the version. Each builder
//! ([`SignerBuilder`], [`SessionStoreBuilder`], [`SignedCookieBuilder`]) takes
//! `.django_version(v)` ([`DjangoVersion`]) and then has that release's defaults; an explicit
//! option (last column) overrides the version's, whatever the order of the calls. Without a
//! version the defaults are the newest release's (6.1), except the session expiry policy,
//! which stays `Strict`: no default is more lenient than the newest release.
//!
//! | default | 4.2 | 5.2 | 6.0 | 6.1 | main | no version | explicit option |
//! |---|---|---|---|---|---|---|---|
//! | cookie salt written (`set_signed_cookie`) | legacy `name + salt` | v2 | v2 | v2 | v2 | v2 | [`SignedCookieBuilder::signing_salt`] |
//! | cookie salts accepted (`get_signed_cookie`) | legacy only | v2, then legacy (`SIGNED_COOKIE_LEGACY_SALT_FALLBACK = True`) | v2, then legacy (`True`) | v2 only (`False`) | v2 only (`False`) | v2 only | [`SignedCookieBuilder::legacy_salt_fallback`], [`SignedCookieBuilder::accepted_salts`] |
//! | session expiry rule (`signed_cookies` backend) | [`ExpiryPolicy::Django`]: `_session_expiry` ignored | `Django` | `Django` | `Django` | [`ExpiryPolicy::DjangoDev`]: honoured (#27775) | [`ExpiryPolicy::Strict`]: both | [`SessionStoreBuilder::expiry_policy`] |
//! | payload bytes (`JSONSerializer`) | latin-1 | latin-1 | latin-1 | latin-1 | UTF-8 both ways (#37223): bytes that are not UTF-8 are `malformed-json` | latin-1 | [`SignerBuilder::json_codec`] ([`JsonCodec`]) |
//! | a pickled payload (`PickleSerializer`, removed in 5.0) | `pickled-payload` | `malformed-json` | `malformed-json` | `malformed-json` | `malformed-json` | `malformed-json` | [`SignerBuilder::detect_pickle`] |
//!
//! Pickles are never unpickled. Checked against Django 4.2.30, 5.2.19, 6.0.10 and 6.1.3 run
//! in a venv each (`tests/versions.rs`, the vectors' `djangoVersions`, `audits/diff`); Django
//! main (6.2 development) cannot be installed, so its two rows are restated from its source
//! and cross-checked with `vectors/crosscheck_django_main.py`. Not in the table because djsign
//! has no such default: `salted_hmac`'s algorithm (SHA-1 when Django's caller omits it, with
//! a deprecation warning in 6.1) is always given explicitly here.
//!
//! ```
//! # #[cfg(feature = "contrib")] {
//! use djsign::{DjangoVersion, SignedCookie};
//! let for_5_2 = SignedCookie::builder("key", "prefs").django_version(DjangoVersion::V5_2).build()?;
//! let legacy = for_5_2.sign_legacy_at("dark", 1_700_000_000);
//! assert!(for_5_2.unsign_at(&legacy, None, 1_700_000_010.0).is_ok()); // 5.2 falls back
//! let default = SignedCookie::new("key", "prefs")?; // as 6.1: v2 only
//! assert_eq!(default.unsign_at(&legacy, None, 1_700_000_010.0).unwrap_err().slug(), "bad-signature");
//! # }
//! # Ok::<(), djsign::Error>(())
//! ```
//!
//! See [SPEC.md](https://github.com/djsign/djsign/blob/main/SPEC.md) for the token grammar
//! and every Django quirk.
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )
)]

#[cfg(not(feature = "alloc"))]
compile_error!("djsign needs an allocator: enable the `alloc` feature (part of the default `std`)");

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

// The module tree follows Django's packages: `signing` is `django/core/signing.py`, `utils`
// `django/utils/crypto.py`, `contrib` `django.contrib.sessions`/`auth`, `http` the signed-cookie
// methods of `django/http`; `json` and `zlib` are the parts of Python's standard library that
// Django's serializer uses, reproduced to the byte.
#[cfg(feature = "std")]
mod clock;
#[cfg(feature = "contrib")]
pub mod contrib;
#[cfg(test)]
mod django_unit_tests;
mod error;
#[cfg(feature = "contrib")]
pub mod http;
pub mod json;
pub mod signing;
pub mod utils;
mod version;
pub mod zlib;

#[cfg(feature = "std")]
pub use crate::clock::unix_seconds;
pub use crate::error::Error;
pub use crate::json::{
    BigInt, JsonCodec, List, Map, Value, from_value, json_dumps, json_loads, json_loads_str,
    to_value,
};
pub use crate::signing::unverified;
pub use crate::signing::{
    BuildSigner, DUMPS_SALT, IntoSecretKey, Limits, MAX_ABS_NOW, SIGNER_SALT, SecretKey, Signer,
    SignerBuilder, TIMESTAMP_SIGNER_SALT, TimestampSigner, Timestamped, b62_decode, b62_encode,
    check_time_inputs, dumps_at, is_valid_separator, loads_at,
};
#[cfg(feature = "std")]
pub use crate::signing::{dumps, loads, unix_now};
pub use crate::utils::crypto::{Algorithm, MacOutput, salted_hmac};
pub use crate::version::DjangoVersion;

#[cfg(feature = "contrib")]
pub use crate::contrib::auth::{
    AuthHashMatch, BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_AUTH_HASH_SALT, SESSION_KEY,
    get_session_auth_hash, verify_session_auth_hash,
};
#[cfg(feature = "contrib")]
pub use crate::contrib::sessions::{
    DEFAULT_SESSION_COOKIE_AGE, DateTime, ExpiryPolicy, SESSION_EXPIRY_KEY, SESSION_SALT, Session,
    SessionStore, SessionStoreBuilder, SetExpiry,
};
#[cfg(feature = "contrib")]
pub use crate::http::{
    AcceptedSalts, COOKIE_KEY_PREFIX, CookieValue, SaltScheme, SignedCookie, SignedCookieBuilder,
    cookie_salt_legacy, cookie_salt_v2,
};
