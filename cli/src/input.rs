//! Reading tokens and payloads, and turning UTF-8 JSON text into what Django would load.

use std::ffi::OsString;
use std::io::{Read, Write};

use djsign::{Error, Limits, Value, json_loads_str};

use crate::fail::{EXIT_REJECTED, EXIT_USAGE, Failure, INPUT_TOO_LARGE, INVALID_INPUT, IO_ERROR};

/// The most standard input holds when it is a token, a cookie value or a value to sign: the
/// library's token limit, and one line ending. A longer token would be refused unexamined
/// (`token-too-long`); a longer value would make a token no default verifier examines.
pub const TOKEN_INPUT_MAX: usize = Limits::DEFAULT.max_token_len + 2;
/// The most standard input holds when it is JSON to sign: the largest payload the library
/// inflates by default (`max_decompressed_len`).
pub const JSON_INPUT_MAX: usize = Limits::DEFAULT.max_decompressed_len;

/// Standard input, at most `max` bytes: `Ok(None)` when there is more (reading stops there).
fn read_stdin_at_most(max: usize) -> Result<Option<Vec<u8>>, Failure> {
    let mut buf = Vec::new();
    let cap = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    std::io::stdin()
        .lock()
        .take(cap)
        .read_to_end(&mut buf)
        .map_err(|e| {
            Failure::new(
                IO_ERROR,
                EXIT_USAGE,
                format!("cannot read standard input: {e}"),
            )
        })?;
    Ok((buf.len() <= max).then_some(buf))
}

/// Standard input, at most `max` bytes; more is the `input-too-large` failure (`what` says
/// what the input is).
pub fn read_stdin(max: usize, what: &str) -> Result<Vec<u8>, Failure> {
    read_stdin_at_most(max)?.ok_or_else(|| {
        Failure::new(
            INPUT_TOO_LARGE,
            EXIT_REJECTED,
            format!("standard input holds more than {max} bytes, the most {what} may be"),
        )
    })
}

/// A `--now` or `--max-age` the library refuses (NaN, infinite, `--now` beyond 2^53 s) is its
/// `invalid-time`, reported before any input is read, like the other configuration errors.
pub fn check_times(max_age: Option<f64>, now: Option<f64>) -> Result<(), Failure> {
    djsign::check_time_inputs(max_age, now.unwrap_or(0.0)).map_err(|e| Failure::config(&e))
}

/// Removes exactly one line ending, `\n` or `\r\n`, if there is one. Never more.
pub fn strip_line_end(bytes: &[u8]) -> &[u8] {
    bytes
        .strip_suffix(b"\r\n")
        .or_else(|| bytes.strip_suffix(b"\n"))
        .unwrap_or(bytes)
}

/// Text that Django would hold as a `str`: UTF-8, or the `invalid-input` failure.
pub fn utf8(bytes: Vec<u8>, what: &str) -> Result<String, Failure> {
    String::from_utf8(bytes).map_err(|e| {
        Failure::new(
            INVALID_INPUT,
            EXIT_REJECTED,
            format!(
                "the {what} is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// The token (or cookie value, `what`): the argument, or standard input (one line ending
/// stripped) when the argument is absent or `-`. Longer than the library's token limit is
/// the library's `token-too-long`, however it arrives; standard input is not read past it.
pub fn token(arg: Option<OsString>, what: &str) -> Result<String, Failure> {
    let limit = Limits::DEFAULT.max_token_len;
    let too_long = |shown: String| {
        Failure::new(
            Error::TokenTooLong { len: 0, limit }.slug(),
            EXIT_REJECTED,
            format!("the {what} {shown} exceeds the limit of {limit} bytes; it was not examined"),
        )
    };
    let bytes = match arg {
        Some(a) if a != "-" => a.into_encoded_bytes(),
        _ => {
            let mut all = read_stdin_at_most(TOKEN_INPUT_MAX)?
                .ok_or_else(|| too_long("on standard input".to_owned()))?;
            let keep = strip_line_end(&all).len();
            all.truncate(keep);
            all
        }
    };
    if bytes.len() > limit {
        return Err(too_long(format!("of {} bytes", bytes.len())));
    }
    utf8(bytes, what)
}

/// A hint for input that failed and looks like `NAME=VALUE`, the way a browser's storage panel
/// or a `Cookie:` header shows a cookie (`sessionid=.eJx...`): only the value is a token. The
/// name is repeated only when it is a short cookie name; the value never is.
pub fn cookie_pair_hint(input: &str) -> Option<String> {
    let input = input.trim_start();
    let (name, value) = input.split_once('=')?;
    let is_token_char = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if name.is_empty() || value.is_empty() || name.len() > 64 || !name.chars().all(is_token_char) {
        return None;
    }
    Some(format!(
        "the input looks like {name}=VALUE, a cookie as the browser shows it: \
         pass only the value after '='"
    ))
}

/// Writes `bytes` to standard output.
pub fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| {
            Failure::new(
                IO_ERROR,
                EXIT_USAGE,
                format!("cannot write standard output: {e}"),
            )
        })
}

/// Parses UTF-8 JSON text as Python's `json.loads(text)` does for a `str`.
///
/// This is the library's [`json_loads_str`]: non-ASCII characters are themselves (Django's own
/// payload reader, `json_loads`, reads bytes as latin-1, which would turn `é` into `Ã©`).
/// Error offsets are in bytes of `text`.
pub fn json_text(text: &str, limits: &Limits) -> Result<Value, Error> {
    json_loads_str(text, limits.max_json_depth)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Value, Error> {
        json_text(text, &Limits::DEFAULT)
    }

    #[test]
    fn cookie_pairs_are_recognised() {
        let hint = cookie_pair_hint("sessionid=.eJxVjEEKwjAQRe:1r:sig").unwrap();
        assert!(
            hint.contains("sessionid=VALUE") && !hint.contains("eJx"),
            "{hint}"
        );
        assert_eq!(cookie_pair_hint(".eJxVjEEKwjAQRe:1r:sig"), None);
        assert_eq!(cookie_pair_hint("=abc"), None);
        assert_eq!(cookie_pair_hint("sessionid="), None);
        assert_eq!(cookie_pair_hint("a b=c"), None);
    }

    #[test]
    fn line_endings() {
        assert_eq!(strip_line_end(b"abc\n"), b"abc");
        assert_eq!(strip_line_end(b"abc\r\n"), b"abc");
        assert_eq!(strip_line_end(b"abc\n\n"), b"abc\n");
        assert_eq!(strip_line_end(b"abc\r"), b"abc\r");
        assert_eq!(strip_line_end(b"abc"), b"abc");
        assert_eq!(strip_line_end(b""), b"");
        assert_eq!(strip_line_end(b"\n"), b"");
    }

    #[test]
    fn non_ascii_is_read_as_itself() {
        assert_eq!(parse("\"é😀\"").unwrap(), Value::String("é😀".to_owned()));
        assert_eq!(
            parse("{\"é\": \"\\u00e9\"}").unwrap(),
            parse("{\"\\u00e9\": \"é\"}").unwrap()
        );
    }

    #[test]
    fn invalid_stays_invalid() {
        // A backslash then a literal non-ASCII character is an invalid escape for Python.
        assert!(matches!(parse("\"\\é\""), Err(Error::MalformedJson { .. })));
        // An escaped backslash, then é: valid.
        assert_eq!(parse("\"\\\\é\"").unwrap(), Value::String("\\é".to_owned()));
        assert!(matches!(parse("é"), Err(Error::MalformedJson { .. })));
        assert!(matches!(
            parse("\"\\u00é9\""),
            Err(Error::MalformedJson { .. })
        ));
    }

    #[test]
    fn offsets_are_in_the_original_text() {
        // "é" is 2 bytes of UTF-8: the error (`x`) is at byte 6 of the input (Python: char 5,
        // since it counts characters).
        match parse("[\"é\" x]") {
            Err(Error::MalformedJson { offset, .. }) => assert_eq!(offset, 6),
            other => panic!("{other:?}"),
        }
    }
}
