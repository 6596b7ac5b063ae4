//! `djsign._core`: the Rust side of the `djsign` Python package. It holds djsign's signers and
//! session store; the Python modules (`djsign.signing`, `djsign.django.sessions`) give them
//! Django's names, signatures, settings and exceptions.
//!
//! The boundary rules:
//! - Every entry point runs inside [`guard`]: a Rust panic becomes `djsign.InternalError`
//!   (an `Exception`), never an abort and never PyO3's `PanicException` (a `BaseException`
//!   that Django's `except Exception` would not catch). None is expected: this crate and the
//!   library deny `unwrap`, `expect`, `panic!` and indexing.
//! - Every library error is raised through the Python side's factory
//!   (`_set_error_factory`), which builds Django-compatible exceptions carrying the
//!   library's slug as `.kind`. Messages never hold a key, a token or payload text.
//! - What Python's `json` can write or read but a djsign `Value` cannot hold (lone
//!   surrogates, dict keys that collide as strings) raises `Unheld`, and the Python side
//!   lets Python's own `json` handle those bytes; signing stays in Rust.

use std::panic::{AssertUnwindSafe, catch_unwind};

use djsign::{
    Algorithm, BuildSigner, DjangoVersion, Error, ExpiryPolicy, SESSION_EXPIRY_KEY, SESSION_SALT,
    SecretKey, Session, SignerBuilder, Value,
};
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyString};

mod convert;

use convert::{ToValueError, to_python, to_value};

pyo3::create_exception!(
    _core,
    Unheld,
    PyException,
    "Internal: a value Python's json handles but djsign's Value cannot hold."
);

static ERROR_FACTORY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Facts a caller may need, never key material or payload text.
fn details<'py>(py: Python<'py>, e: &Error) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    match e {
        Error::SignatureExpired {
            age,
            max_age,
            timestamp,
        } => {
            d.set_item("age", age)?;
            d.set_item("max_age", max_age)?;
            d.set_item("timestamp", timestamp)?;
        }
        Error::SessionExpired { expiry, timestamp } => {
            d.set_item("expiry", expiry)?;
            d.set_item("timestamp", timestamp)?;
        }
        Error::TokenTooLong { len, limit } => {
            d.set_item("len", len)?;
            d.set_item("limit", limit)?;
        }
        Error::DecompressedTooLarge { limit } => d.set_item("limit", limit)?,
        Error::MalformedJson { offset, .. } | Error::UnrepresentableJson { offset, .. } => {
            d.set_item("offset", offset)?;
        }
        _ => {}
    }
    Ok(d)
}

/// The Python exception for a library error, built by the registered factory.
fn raise(py: Python<'_>, e: &Error) -> PyErr {
    raise_kind(py, e.slug(), &e.to_string(), details(py, e).ok())
}

fn raise_kind(
    py: Python<'_>,
    kind: &str,
    message: &str,
    details: Option<Bound<'_, PyDict>>,
) -> PyErr {
    let details = details.unwrap_or_else(|| PyDict::new(py));
    match ERROR_FACTORY.get(py) {
        Some(factory) => match factory.call1(py, (kind, message, details)) {
            Ok(exc) => PyErr::from_value(exc.into_bound(py)),
            Err(e) => e,
        },
        None => PyValueError::new_err(format!("{kind}: {message}")),
    }
}

/// Runs `f`, turning a panic into `djsign.InternalError` (kind `internal-error`).
fn guard<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(_) => Err(raise_kind(
            py,
            "internal-error",
            "internal error in djsign's Rust core (a panic, caught at the boundary)",
            None,
        )),
    }
}

/// The Python object for a `to_value` failure: the Python error itself, or `Unheld`.
fn to_value_err(py: Python<'_>, e: ToValueError) -> PyErr {
    match e {
        ToValueError::Py(e) => e,
        ToValueError::Unheld => Unheld::new_err("value needs Python's json"),
        ToValueError::Refused(message) => raise_kind(py, "unserializable", &message, None),
    }
}

/// True for the one `UnrepresentableJson` Python's `json.loads` reads (a lone surrogate);
/// nesting past the limit stays an error (CPython's recursion limit is lower).
fn is_lone_surrogate(e: &Error) -> bool {
    matches!(e, Error::UnrepresentableJson { reason, .. } if reason.contains("surrogate"))
}

fn decode_err(py: Python<'_>, e: &Error) -> PyErr {
    if is_lone_surrogate(e) {
        Unheld::new_err("payload needs Python's json")
    } else {
        raise(py, e)
    }
}

fn version(name: &str) -> PyResult<DjangoVersion> {
    DjangoVersion::from_name(name).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown Django version {name:?}: djsign knows 4.2, 5.2, 6.0, 6.1 and main"
        ))
    })
}

/// A signer's configuration as the Python side hands it over (keys already bytes, empty
/// fallback keys already dropped, salt already defaulted).
struct Config<'a> {
    key: &'a [u8],
    fallback_keys: Vec<Bound<'a, PyBytes>>,
    salt: &'a str,
    sep: &'a str,
    algorithm: &'a str,
    version: &'a str,
}

fn build<S: BuildSigner>(
    py: Python<'_>,
    builder: SignerBuilder<S>,
    c: &Config<'_>,
) -> PyResult<(S, SecretKey, Algorithm)> {
    let algorithm = Algorithm::from_name(c.algorithm).map_err(|e| raise(py, &e))?;
    let key = SecretKey::from_bytes(c.key).map_err(|e| raise(py, &e))?;
    let signer = builder
        .fallback_keys(c.fallback_keys.iter().map(|k| k.as_bytes()))
        .salt(c.salt)
        .sep(c.sep)
        .algorithm(algorithm)
        .django_version(version(c.version)?)
        .build()
        .map_err(|e| raise(py, &e))?;
    Ok((signer, key, algorithm))
}

/// Django's `Signer.signature(value, key)` for any bytes value and key: the base64 MAC.
fn signature_of(salt: &str, value: &[u8], key: &[u8], algorithm: Algorithm) -> String {
    let mut key_salt = Vec::with_capacity(salt.len().saturating_add(6));
    key_salt.extend_from_slice(salt.as_bytes());
    key_salt.extend_from_slice(b"signer");
    let mac = djsign::salted_hmac(&key_salt, value, key, algorithm);
    b64_unpadded(mac.as_bytes())
}

/// URL-safe base64 without padding (Django's `b64_encode`), for MACs.
fn b64_unpadded(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().saturating_mul(4).div_ceil(3));
    let mut push = |i: u32| {
        if let Some(&c) = ALPHABET.get((i & 63) as usize) {
            out.push(char::from(c));
        }
    };
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        push(n >> 18);
        push(n >> 12);
        if chunk.len() > 1 {
            push(n >> 6);
        }
        if chunk.len() > 2 {
            push(n);
        }
    }
    out
}

/// `signature(value, key=None)`: `value` is str or bytes (the Python side applied
/// `force_bytes` to anything else).
fn signature_any(
    py: Python<'_>,
    fast: impl FnOnce(&str) -> String,
    salt: &str,
    own_key: &SecretKey,
    algorithm: Algorithm,
    value: &Bound<'_, PyAny>,
    key: Option<&[u8]>,
) -> PyResult<String> {
    let key = key.filter(|k| !k.is_empty());
    if key.is_none()
        && let Ok(s) = value.cast::<PyString>()
    {
        return Ok(fast(s.to_str()?));
    }
    let bytes: Vec<u8> = if let Ok(s) = value.cast::<PyString>() {
        s.to_str()?.as_bytes().to_vec()
    } else if let Ok(b) = value.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "signature() takes str or bytes",
        ));
    };
    let _ = py;
    Ok(signature_of(
        salt,
        &bytes,
        key.unwrap_or(own_key.expose_secret()),
        algorithm,
    ))
}

/// `djsign.Signer`'s core: a built djsign `Signer`.
#[pyclass(frozen, module = "djsign._core", name = "Signer")]
struct CoreSigner {
    inner: djsign::Signer,
    key: SecretKey,
    algorithm: Algorithm,
}

#[pymethods]
impl CoreSigner {
    #[new]
    #[pyo3(signature = (key, fallback_keys, salt, sep, algorithm, version))]
    fn new(
        py: Python<'_>,
        key: &[u8],
        fallback_keys: Vec<Bound<'_, PyBytes>>,
        salt: &str,
        sep: &str,
        algorithm: &str,
        version: &str,
    ) -> PyResult<Self> {
        guard(py, || {
            let c = Config {
                key,
                fallback_keys,
                salt,
                sep,
                algorithm,
                version,
            };
            let (inner, key, algorithm) = build(py, djsign::Signer::builder(c.key), &c)?;
            Ok(Self {
                inner,
                key,
                algorithm,
            })
        })
    }

    #[getter]
    fn salt(&self) -> &str {
        self.inner.salt()
    }

    #[getter]
    fn sep(&self) -> &str {
        self.inner.sep()
    }

    #[getter]
    fn algorithm(&self) -> &'static str {
        self.algorithm.name()
    }

    #[pyo3(signature = (value, key=None))]
    fn signature(
        &self,
        py: Python<'_>,
        value: &Bound<'_, PyAny>,
        key: Option<&[u8]>,
    ) -> PyResult<String> {
        guard(py, || {
            signature_any(
                py,
                |s| self.inner.signature(s),
                self.inner.salt(),
                &self.key,
                self.algorithm,
                value,
                key,
            )
        })
    }

    fn sign(&self, py: Python<'_>, value: &str) -> PyResult<String> {
        guard(py, || Ok(self.inner.sign(value)))
    }

    fn unsign<'a>(&self, py: Python<'_>, signed_value: &'a str) -> PyResult<&'a str> {
        guard(py, || {
            self.inner.unsign(signed_value).map_err(|e| raise(py, &e))
        })
    }

    /// `sign_object(obj, compress=...)` with Django's JSON; raises `Unheld` when Python's
    /// json must write the bytes.
    fn sign_object(
        &self,
        py: Python<'_>,
        obj: &Bound<'_, PyAny>,
        compress: bool,
    ) -> PyResult<String> {
        guard(py, || {
            let value = to_value(obj).map_err(|e| to_value_err(py, e))?;
            self.inner
                .sign_object(&value, compress)
                .map_err(|e| raise(py, &e))
        })
    }

    fn unsign_object<'py>(&self, py: Python<'py>, signed_obj: &str) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let value = self
                .inner
                .unsign_object_value(signed_obj)
                .map_err(|e| decode_err(py, &e))?;
            to_python(py, value)
        })
    }
}

/// `djsign.TimestampSigner`'s core: a built djsign `TimestampSigner`. Times come from the
/// Python side (`time.time()`, so Django's `freeze_time` and mocks apply).
#[pyclass(frozen, module = "djsign._core", name = "TimestampSigner")]
struct CoreTimestampSigner {
    inner: djsign::TimestampSigner,
    key: SecretKey,
    algorithm: Algorithm,
}

#[pymethods]
impl CoreTimestampSigner {
    #[new]
    #[pyo3(signature = (key, fallback_keys, salt, sep, algorithm, version))]
    fn new(
        py: Python<'_>,
        key: &[u8],
        fallback_keys: Vec<Bound<'_, PyBytes>>,
        salt: &str,
        sep: &str,
        algorithm: &str,
        version: &str,
    ) -> PyResult<Self> {
        guard(py, || {
            let c = Config {
                key,
                fallback_keys,
                salt,
                sep,
                algorithm,
                version,
            };
            let (inner, key, algorithm) = build(py, djsign::TimestampSigner::builder(c.key), &c)?;
            Ok(Self {
                inner,
                key,
                algorithm,
            })
        })
    }

    #[getter]
    fn salt(&self) -> &str {
        self.inner.salt()
    }

    #[getter]
    fn sep(&self) -> &str {
        self.inner.sep()
    }

    #[getter]
    fn algorithm(&self) -> &'static str {
        self.algorithm.name()
    }

    #[pyo3(signature = (value, key=None))]
    fn signature(
        &self,
        py: Python<'_>,
        value: &Bound<'_, PyAny>,
        key: Option<&[u8]>,
    ) -> PyResult<String> {
        guard(py, || {
            // Signer.signature of the timestamp signer: the same key and salt.
            let salt = self.inner.salt();
            let own = &self.key;
            signature_any(
                py,
                |s| signature_of(salt, s.as_bytes(), own.expose_secret(), self.algorithm),
                salt,
                own,
                self.algorithm,
                value,
                key,
            )
        })
    }

    fn sign_at(&self, py: Python<'_>, value: &str, timestamp: i64) -> PyResult<String> {
        guard(py, || Ok(self.inner.sign_at(value, timestamp)))
    }

    #[pyo3(signature = (signed_value, max_age, now))]
    fn unsign_at<'a>(
        &self,
        py: Python<'_>,
        signed_value: &'a str,
        max_age: Option<f64>,
        now: f64,
    ) -> PyResult<&'a str> {
        guard(py, || {
            self.inner
                .unsign_at(signed_value, max_age, now)
                .map(|t| t.value)
                .map_err(|e| raise(py, &e))
        })
    }

    /// `unsign_at`, with the verified signing time: `(value, timestamp)`.
    #[pyo3(signature = (signed_value, max_age, now))]
    fn unsign_at_timestamped<'a>(
        &self,
        py: Python<'_>,
        signed_value: &'a str,
        max_age: Option<f64>,
        now: f64,
    ) -> PyResult<(&'a str, i64)> {
        guard(py, || {
            self.inner
                .unsign_at(signed_value, max_age, now)
                .map(|t| (t.value, t.timestamp))
                .map_err(|e| raise(py, &e))
        })
    }

    fn sign_object_at(
        &self,
        py: Python<'_>,
        obj: &Bound<'_, PyAny>,
        compress: bool,
        timestamp: i64,
    ) -> PyResult<String> {
        guard(py, || {
            let value = to_value(obj).map_err(|e| to_value_err(py, e))?;
            self.inner
                .sign_object_at(&value, compress, timestamp)
                .map_err(|e| raise(py, &e))
        })
    }

    #[pyo3(signature = (signed_obj, max_age, now))]
    fn unsign_object_at<'py>(
        &self,
        py: Python<'py>,
        signed_obj: &str,
        max_age: Option<f64>,
        now: f64,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let value = self
                .inner
                .unsign_object_value_at(signed_obj, max_age, now)
                .map_err(|e| decode_err(py, &e))?;
            to_python(py, value.value)
        })
    }
}

/// The `signed_cookies` session engine's core: djsign's `SessionStore`.
#[pyclass(frozen, module = "djsign._core", name = "SessionStore")]
struct CoreSessionStore {
    inner: djsign::SessionStore,
}

#[pymethods]
impl CoreSessionStore {
    #[new]
    #[pyo3(signature = (key, fallback_keys, cookie_age, version, policy, naive_utc_offset))]
    fn new(
        py: Python<'_>,
        key: &[u8],
        fallback_keys: Vec<Bound<'_, PyBytes>>,
        cookie_age: i64,
        version: &str,
        policy: &str,
        naive_utc_offset: i32,
    ) -> PyResult<Self> {
        guard(py, || {
            let policy = ExpiryPolicy::from_name(policy).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "unknown session expiry policy {policy:?}: djsign knows strict, django and django-dev"
                ))
            })?;
            let mut builder = djsign::SessionStore::builder(key)
                .django_version(self::version(version)?)
                .expiry_policy(policy)
                .cookie_age(cookie_age)
                .naive_utc_offset(naive_utc_offset);
            for k in &fallback_keys {
                builder = builder.fallback_key(k.as_bytes());
            }
            let inner = builder.build().map_err(|e| raise(py, &e))?;
            Ok(Self { inner })
        })
    }

    #[getter]
    fn policy(&self) -> &'static str {
        self.inner.expiry_policy().name()
    }

    /// The session dict in a cookie, at `now`; every failure raises with its kind.
    fn load_at<'py>(&self, py: Python<'py>, cookie: &str, now: f64) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let session = self
                .inner
                .load_at(cookie, now)
                .map_err(|e| decode_err(py, &e))?;
            to_python(py, Value::Object(session.into_map()))
        })
    }

    /// The cookie for a session dict signed at `timestamp` (`signing.dumps(session,
    /// compress=True, salt=SESSION_SALT)`).
    fn save_at(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyDict>,
        timestamp: i64,
    ) -> PyResult<String> {
        guard(py, || {
            let Value::Object(map) = to_value(data.as_any()).map_err(|e| to_value_err(py, e))?
            else {
                return Err(PyValueError::new_err("a session is a dict"));
            };
            self.inner
                .save_at(&Session::from_map(map), timestamp)
                .map_err(|e| raise(py, &e))
        })
    }
}

/// Django's development-branch expiry instant (Unix seconds) of a session signed at
/// `timestamp` whose `_session_expiry` is `expiry` (absent: `None`), for sessions that Python
/// decoded (custom serializers): the same rule as the store's, from the library's
/// `Session::get_expiry_date`.
#[pyfunction]
#[pyo3(signature = (expiry, timestamp, cookie_age, naive_utc_offset))]
fn session_expiry_instant(
    py: Python<'_>,
    expiry: Option<&Bound<'_, PyAny>>,
    timestamp: i64,
    cookie_age: i64,
    naive_utc_offset: i32,
) -> PyResult<f64> {
    guard(py, || {
        let mut session = Session::new();
        if let Some(e) = expiry {
            let v = to_value(e).map_err(|_| raise(py, &Error::MalformedSessionExpiry))?;
            session.insert(SESSION_EXPIRY_KEY, v);
        }
        #[allow(clippy::cast_precision_loss)]
        let at = session
            .get_expiry_date(timestamp as f64, cookie_age)
            .map_err(|e| raise(py, &e))?;
        #[allow(clippy::cast_precision_loss)]
        Ok(at.instant_us(naive_utc_offset) as f64 / 1e6)
    })
}

#[pyfunction]
fn b62_encode(py: Python<'_>, n: i64) -> PyResult<String> {
    guard(py, || Ok(djsign::b62_encode(n)))
}

#[pyfunction]
fn b62_decode(py: Python<'_>, s: &str) -> PyResult<i64> {
    guard(py, || djsign::b62_decode(s).map_err(|e| raise(py, &e)))
}

/// Registers the Python callable `(kind, message, details) -> exception` used for every
/// error. The first registration wins (a module reload keeps the classes it had).
#[pyfunction]
fn _set_error_factory(py: Python<'_>, factory: Py<PyAny>) {
    let _ = ERROR_FACTORY.set(py, factory);
}

/// Proves the panic boundary: panics inside [`guard`], which must raise
/// `djsign.InternalError` (tests/test_hostile.py).
#[pyfunction]
fn _selftest_panic(py: Python<'_>) -> PyResult<()> {
    guard(py, || {
        #[allow(clippy::panic)]
        {
            panic!("deliberate panic to test the boundary")
        }
    })
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<CoreSigner>()?;
    m.add_class::<CoreTimestampSigner>()?;
    m.add_class::<CoreSessionStore>()?;
    m.add_function(wrap_pyfunction!(b62_encode, m)?)?;
    m.add_function(wrap_pyfunction!(b62_decode, m)?)?;
    m.add_function(wrap_pyfunction!(session_expiry_instant, m)?)?;
    m.add_function(wrap_pyfunction!(_set_error_factory, m)?)?;
    m.add_function(wrap_pyfunction!(_selftest_panic, m)?)?;
    m.add("Unheld", m.py().get_type::<Unheld>())?;
    m.add("SESSION_SALT", SESSION_SALT)?;
    m.add("SLUGS", Error::SLUGS.to_vec())?;
    m.add(
        "VERSIONS",
        DjangoVersion::ALL
            .iter()
            .map(|v| v.name())
            .collect::<Vec<_>>(),
    )?;
    Ok(())
}
