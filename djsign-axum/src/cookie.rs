//! Cookies as Django reads and writes them: `parse_cookie` (`django/http/cookie.py`),
//! `HttpResponse.set_cookie` / `delete_cookie` (`django/http/response.py`) and the parts of
//! Python's `http.cookies` they rely on (`_quote`, `_unquote`, `Morsel.OutputString`) and
//! `django.utils.http.http_date`.
//!
//! Written out rather than taken from the `cookie` crate because the bytes matter: Python
//! sorts a morsel's attributes by name (`Domain`, `expires`, `HttpOnly`, `Max-Age`, `Path`,
//! `SameSite`, `Secure`), spells `expires` in lower case, quotes values with octal escapes,
//! and writes an empty value as `""`. Browsers do not care; caches, tests that compare
//! headers and anyone diffing against the Django side do.

use std::fmt::Write as _;

/// Characters Python's `http.cookies` leaves unquoted (`_LegalChars`).
fn is_legal(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~:".contains(c)
}

/// Characters written as they are inside a quoted value (`_UnescapedChars`).
fn is_unescaped(c: char) -> bool {
    is_legal(c) || " ()/<=>?@[]{}".contains(c)
}

/// True when `name` can be a cookie name for Python (`_is_legal_key`, and not one of the
/// attribute names `Morsel.set` refuses).
#[must_use]
pub fn is_legal_name(name: &str) -> bool {
    const RESERVED: [&str; 9] = [
        "expires", "path", "comment", "domain", "max-age", "secure", "httponly", "version",
        "samesite",
    ];
    !name.is_empty()
        && name.chars().all(is_legal)
        && !RESERVED.contains(&name.to_ascii_lowercase().as_str())
}

/// Python's `http.cookies._quote`: the value as it goes into `Set-Cookie`.
///
/// Returns `None` for a value with a character above U+00FF: Python leaves it unescaped and
/// the WSGI server then fails to encode the header as latin-1, so Django cannot send it.
#[must_use]
pub fn quote(value: &str) -> Option<String> {
    if value.chars().any(|c| u32::from(c) > 0xff) {
        return None;
    }
    if !value.is_empty() && value.chars().all(is_legal) {
        return Some(value.to_owned());
    }
    let mut out = String::with_capacity(value.len().saturating_add(2));
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_unescaped(c) => out.push(c),
            c => {
                let _ = write!(out, "\\{:03o}", u32::from(c));
            }
        }
    }
    out.push('"');
    Some(out)
}

/// Python's `http.cookies._unquote`.
#[must_use]
pub fn unquote(value: &str) -> String {
    let Some(inner) = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .filter(|_| value.len() >= 2)
    else {
        return value.to_owned();
    };
    let chars: Vec<char> = inner.chars().collect();
    let mut out = String::with_capacity(inner.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '\\' {
            let octal = match chars.get(i.saturating_add(1)..i.saturating_add(4)) {
                Some(&[a @ '0'..='3', b @ '0'..='7', d @ '0'..='7']) => {
                    let digit = |x: char| x.to_digit(8).unwrap_or(0);
                    char::from_u32(digit(a) * 64 + digit(b) * 8 + digit(d))
                }
                _ => None,
            };
            if let Some(decoded) = octal {
                out.push(decoded);
                i = i.saturating_add(4);
                continue;
            }
            // `[\\].`: any character but a newline after the backslash stands for itself.
            if let Some(&next) = chars.get(i.saturating_add(1)).filter(|&&n| n != '\n') {
                out.push(next);
                i = i.saturating_add(2);
                continue;
            }
        }
        out.push(c);
        i = i.saturating_add(1);
    }
    out
}

/// Python's `str.isspace()` over the latin-1 range a WSGI header can hold.
const fn is_python_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | '\u{1c}'..='\u{1f}' | '\u{85}' | '\u{a0}'
    )
}

/// Django's `parse_cookie`: the `Cookie` header as `request.COOKIES`, pairs in header order
/// (a later duplicate wins when looked up with [`lookup`]).
///
/// The header's bytes are read as latin-1, as WSGI servers decode headers (PEP 3333).
#[must_use]
pub fn parse_cookie(header: &[u8]) -> Vec<(String, String)> {
    let text: String = header.iter().map(|&b| char::from(b)).collect();
    let mut out = Vec::new();
    for chunk in text.split(';') {
        let (key, val) = chunk.split_once('=').unwrap_or(("", chunk));
        let (key, val) = (
            key.trim_matches(is_python_space),
            val.trim_matches(is_python_space),
        );
        if !key.is_empty() || !val.is_empty() {
            out.push((key.to_owned(), unquote(val)));
        }
    }
    out
}

/// The value of cookie `name` as Django's `request.COOKIES[name]` holds it: the last one.
#[must_use]
pub fn lookup<'a>(cookies: &'a [(String, String)], name: &str) -> Option<&'a str> {
    cookies
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `SameSite` as Django's settings spell it (`SESSION_COOKIE_SAMESITE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SameSite {
    /// `"Lax"` (Django's default).
    Lax,
    /// `"Strict"`.
    Strict,
    /// `"None"`: the browser needs `Secure` with it, and Django's `delete_cookie` adds it.
    None,
}

impl SameSite {
    /// The attribute value Django writes.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Lax => "Lax",
            Self::Strict => "Strict",
            Self::None => "None",
        }
    }
}

/// The attributes `HttpResponse.set_cookie` takes, besides the name and value.
#[derive(Clone, Debug, PartialEq)]
pub struct CookieOptions {
    /// `max_age` in seconds (`int(max_age)` is written; `expires` is derived from it when
    /// not given).
    pub max_age: Option<f64>,
    /// `expires`, as the string Django is given (an `http_date`).
    pub expires: Option<String>,
    /// `path` (default `"/"`; `None` writes no `Path`).
    pub path: Option<String>,
    /// `domain`.
    pub domain: Option<String>,
    /// `secure`.
    pub secure: bool,
    /// `httponly`.
    pub httponly: bool,
    /// `samesite`.
    pub samesite: Option<SameSite>,
}

impl Default for CookieOptions {
    fn default() -> Self {
        Self {
            max_age: None,
            expires: None,
            path: Some("/".into()),
            domain: None,
            secure: false,
            httponly: false,
            samesite: None,
        }
    }
}

/// One cookie of `response.cookies`: a Python `Morsel` with the attributes Django sets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Morsel {
    coded_value: String,
    expires: String,
    max_age: Option<i64>,
    path: String,
    domain: String,
    secure: bool,
    httponly: bool,
    samesite: Option<SameSite>,
}

impl Morsel {
    /// `HttpResponse.set_cookie(key, value, ...)` applied to this morsel. Python keeps the
    /// morsel of an earlier `set_cookie` of the same name and overwrites only what the new
    /// call sets, so `secure`, `httponly` and `max-age` of the first call can survive.
    ///
    /// Returns `None` when Django could not send the value (see [`quote`]) or the time
    /// leaves the range `http_date` formats.
    pub fn set_cookie(&mut self, value: &str, options: &CookieOptions, now: f64) -> Option<()> {
        self.coded_value = quote(value)?;
        self.expires = options.expires.clone().unwrap_or_default();
        if let Some(max_age) = options.max_age {
            if !max_age.is_finite() {
                return None;
            }
            // Python's int() truncates toward zero.
            #[allow(clippy::cast_possible_truncation)]
            let truncated = max_age.trunc() as i64;
            self.max_age = Some(truncated);
            if options.expires.as_deref().unwrap_or_default().is_empty() {
                self.expires = http_date(now + max_age)?;
            }
        }
        if let Some(path) = &options.path {
            path.clone_into(&mut self.path);
        }
        if let Some(domain) = &options.domain {
            domain.clone_into(&mut self.domain);
        }
        self.secure |= options.secure;
        self.httponly |= options.httponly;
        if options.samesite.is_some() {
            self.samesite = options.samesite;
        }
        Some(())
    }

    /// `Morsel.OutputString()`: the `Set-Cookie` header value, attributes sorted by name.
    #[must_use]
    pub fn output(&self, name: &str) -> String {
        let mut out = format!("{name}={}", self.coded_value);
        if !self.domain.is_empty() {
            let _ = write!(out, "; Domain={}", self.domain);
        }
        if !self.expires.is_empty() {
            let _ = write!(out, "; expires={}", self.expires);
        }
        if self.httponly {
            out.push_str("; HttpOnly");
        }
        if let Some(age) = self.max_age {
            let _ = write!(out, "; Max-Age={age}");
        }
        if !self.path.is_empty() {
            let _ = write!(out, "; Path={}", self.path);
        }
        if let Some(s) = self.samesite {
            let _ = write!(out, "; SameSite={}", s.as_str());
        }
        if self.secure {
            out.push_str("; Secure");
        }
        out
    }
}

/// The expiry Django's `delete_cookie` writes.
pub const DELETE_EXPIRES: &str = "Thu, 01 Jan 1970 00:00:00 GMT";

/// The options `HttpResponse.delete_cookie(key, path, domain, samesite)` passes on.
#[must_use]
pub fn delete_options(
    name: &str,
    path: &str,
    domain: Option<&str>,
    samesite: Option<SameSite>,
) -> CookieOptions {
    CookieOptions {
        max_age: Some(0.0),
        expires: Some(DELETE_EXPIRES.into()),
        path: Some(path.into()),
        domain: domain.map(Into::into),
        secure: name.starts_with("__Secure-")
            || name.starts_with("__Host-")
            || samesite == Some(SameSite::None),
        httponly: false,
        samesite,
    }
}

/// `django.utils.http.http_date(epoch_seconds)`: `Wdy, DD Mon YYYY HH:MM:SS GMT`, the time
/// floored to the second as `time.gmtime` does. `None` outside years 1..=9999.
#[must_use]
pub fn http_date(epoch_seconds: f64) -> Option<String> {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    // 0001-01-01 and 9999-12-31T23:59:59 in Unix seconds.
    if !(-62_135_596_800.0..253_402_300_800.0).contains(&epoch_seconds) {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    let secs = epoch_seconds.floor() as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let weekday = DAYS.get(usize::try_from(days.rem_euclid(7)).ok()?)?;
    let month = MONTHS.get(usize::try_from(m.checked_sub(1)?).ok()?)?;
    Some(format!(
        "{weekday}, {d:02} {month} {y:04} {:02}:{:02}:{:02} GMT",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    ))
}

/// Howard Hinnant's `civil_from_days`: (year, month 1..=12, day) of a day count since
/// 1970-01-01, proleptic Gregorian.
#[allow(clippy::arithmetic_side_effects)] // bounded by the range check in http_date
const fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

/// `django.utils.cache.patch_vary_headers(response, ("Cookie",))` on the current `Vary`
/// value (`None` when the response has none): the new value.
#[must_use]
pub fn patch_vary_cookie(current: Option<&str>) -> String {
    let mut headers: Vec<&str> = match current {
        // cc_delim_re = r"\s*,\s*"
        Some(v) => {
            let last = v.split(',').count().saturating_sub(1);
            v.split(',')
                .enumerate()
                .map(|(i, part)| {
                    let part = if i == 0 { part } else { part.trim_start() };
                    if i == last { part } else { part.trim_end() }
                })
                .collect()
        }
        None => Vec::new(),
    };
    if !headers.iter().any(|h| h.eq_ignore_ascii_case("cookie")) {
        headers.push("Cookie");
    }
    if headers.contains(&"*") {
        "*".into()
    } else {
        headers.join(", ")
    }
}
