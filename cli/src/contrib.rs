//! `session decode|encode` and `cookie get|set`: Django's contrib layer, all of it the
//! library's (`SessionStore`, `SignedCookie`); here only keys, I/O and exit codes.

use std::io::Write;

use djsign::{
    DjangoVersion, Error, Limits, SaltScheme, Session, SessionStore, SignedCookie, Value,
    json_dumps, unix_now,
};

use crate::args::{CookieArgs, CookieGetArgs, CookieSetArgs, SessionDecodeArgs, SessionEncodeArgs};
use crate::fail::Failure;
use crate::input::{self, check_times, json_text, read_stdin, strip_line_end, utf8, write_stdout};
use crate::iso;
use crate::keys::{KeySource, Keys};
use crate::run::explain_rejection;

/// The current time as Django's `int(time.time())`.
fn now_int() -> i64 {
    #[allow(clippy::cast_possible_truncation)] // saturating, as intended; and years away
    let now = unix_now().trunc() as i64;
    now
}

fn session_store(
    key: Option<&KeySource>,
    fb: &[KeySource],
    configure: impl FnOnce(djsign::SessionStoreBuilder) -> djsign::SessionStoreBuilder,
) -> Result<SessionStore, Failure> {
    let keys = Keys::read(key, fb)?;
    let mut b = SessionStore::builder(keys.key.as_slice()).limits(Limits::DEFAULT);
    for k in &keys.fallbacks {
        b = b.fallback_key(k.as_slice());
    }
    configure(b).build().map_err(|e| Failure::config(&e))
    // `keys` is dropped (and wiped) here; the store holds only derived MAC states.
}

/// `djsign session decode`: `SessionStore(session_key=cookie).load()`, minus Django's silent
/// reset to an empty session.
pub fn session_decode(a: SessionDecodeArgs, fb: &[KeySource]) -> Result<(), Failure> {
    check_times(None, a.now)?;
    let store = session_store(a.keys.key().as_ref(), fb, |mut b| {
        if let Some(v) = a.django.version {
            b = b.django_version(v);
        }
        if let Some(p) = a.expiry_policy {
            b = b.expiry_policy(p);
        }
        b.cookie_age(a.cookie_age)
            .naive_utc_offset(a.naive_utc_offset)
    })?;
    let cookie = input::token(a.cookie, "session cookie")?;
    let now = a.now.unwrap_or_else(unix_now);
    let session = store
        .load_at(&cookie, now)
        .map_err(|e| explain_rejection(Failure::rejected(&e), &cookie, None))?;
    let mut out = json_dumps(session.data(), Limits::DEFAULT.max_json_depth)
        .map_err(|e| Failure::rejected(&e))?;
    out.push(b'\n');
    write_stdout(&out)
}

/// `djsign session encode`: the cookie `SessionStore.save()` makes for the session on stdin.
pub fn session_encode(a: &SessionEncodeArgs, fb: &[KeySource]) -> Result<(), Failure> {
    let store = session_store(a.keys.key().as_ref(), fb, |b| b)?;
    let text = utf8(
        read_stdin(input::JSON_INPUT_MAX, "a session to encode")?,
        "session JSON on standard input",
    )?;
    let data = match json_text(&text, &Limits::DEFAULT).map_err(|e| Failure::rejected(&e))? {
        Value::Object(map) => map,
        other => {
            return Err(Failure::rejected(&Error::TypeMismatch {
                message: format!(
                    "a session is a JSON object, and standard input holds {}",
                    json_kind(&other)
                ),
            }));
        }
    };
    let ts = a.timestamp.unwrap_or_else(now_int);
    let mut cookie = store
        .save_at(&Session::from_map(data), ts)
        .map_err(|e| Failure::rejected(&e))?;
    cookie.push('\n');
    write_stdout(cookie.as_bytes())
}

/// What a JSON value is, in Python's words (`json.loads` gives a list, a str, ...).
const fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Int(_) | Value::BigInt(_) | Value::Float(_) => "a number",
        Value::String(_) => "a string",
        Value::List(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The salts a cookie command reads and writes, as given on the command line: the version,
/// then the explicit options over it.
struct Salts {
    version: Option<DjangoVersion>,
    legacy_fallback: Option<bool>,
    written: Option<SaltScheme>,
}

fn signed_cookie(
    c: &CookieArgs,
    key: Option<&KeySource>,
    fb: &[KeySource],
    salts: &Salts,
) -> Result<SignedCookie, Failure> {
    let keys = Keys::read(key, fb)?;
    let mut b = SignedCookie::builder(keys.key.as_slice(), &c.name)
        .salt(&c.cookie_salt)
        .limits(Limits::DEFAULT);
    if let Some(v) = salts.version {
        b = b.django_version(v);
    }
    if let Some(on) = salts.legacy_fallback {
        b = b.legacy_salt_fallback(on);
    }
    if let Some(scheme) = salts.written {
        b = b.signing_salt(scheme);
    }
    for k in &keys.fallbacks {
        b = b.fallback_key(k.as_slice());
    }
    b.build().map_err(|e| Failure::config(&e))
}

/// `djsign cookie get`: `request.get_signed_cookie(name, salt=..., max_age=...)`.
pub fn cookie_get(a: CookieGetArgs, fb: &[KeySource]) -> Result<(), Failure> {
    check_times(a.max_age, a.now)?;
    let salts = Salts {
        version: a.django.version,
        legacy_fallback: match (a.legacy_salt_fallback, a.no_legacy_salt) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        written: None,
    };
    let cookie = signed_cookie(&a.cookie, a.keys.key().as_ref(), fb, &salts)?;
    let value = input::token(a.value, "cookie value")?;
    let now = a.now.unwrap_or_else(unix_now);
    let ok = cookie
        .unsign_at(&value, a.max_age, now)
        .map_err(|e| explain_rejection(Failure::rejected(&e), &value, None))?;
    let mut out = ok.value.as_bytes().to_vec();
    out.push(b'\n');
    write_stdout(&out)?;
    if a.verbose {
        write_stderr(&format!(
            "salt: {}\nsigned: {} ({})\n",
            ok.scheme.name(),
            ok.timestamp,
            iso::utc(ok.timestamp)
        ));
    }
    Ok(())
}

/// Writes `text` to standard error, for information only: a closed stderr is ignored.
fn write_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// `djsign cookie set`: the value `response.set_signed_cookie(name, value, salt=...)` sets.
pub fn cookie_set(a: &CookieSetArgs, fb: &[KeySource]) -> Result<(), Failure> {
    let salts = Salts {
        version: a.django.version,
        legacy_fallback: None,
        written: match (a.legacy_salt, a.v2_salt) {
            (true, _) => Some(SaltScheme::Legacy),
            (_, true) => Some(SaltScheme::V2),
            _ => None,
        },
    };
    let cookie = signed_cookie(&a.cookie, a.keys.key().as_ref(), fb, &salts)?;
    let stdin = read_stdin(input::TOKEN_INPUT_MAX, "a cookie value to sign")?;
    let value = utf8(strip_line_end(&stdin).to_vec(), "value on standard input")?;
    let ts = a.timestamp.unwrap_or_else(now_int);
    let mut out = cookie.sign_at(&value, ts);
    out.push('\n');
    write_stdout(out.as_bytes())
}
