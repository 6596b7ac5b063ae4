//! Reading tokens and payloads, and turning UTF-8 JSON text into what Django would load.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::{Read, Write};

use djsign::{Error, Limits, Value, json_loads};

use crate::fail::{EXIT_REJECTED, EXIT_USAGE, Failure, INVALID_INPUT, IO_ERROR};

/// All of standard input.
pub fn read_stdin() -> Result<Vec<u8>, Failure> {
    let mut buf = Vec::new();
    std::io::stdin().lock().read_to_end(&mut buf).map_err(|e| {
        Failure::new(
            IO_ERROR,
            EXIT_USAGE,
            format!("cannot read standard input: {e}"),
        )
    })?;
    Ok(buf)
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

/// The token: the argument, or standard input (one line ending stripped) when the argument
/// is absent or `-`.
pub fn token(arg: Option<OsString>) -> Result<String, Failure> {
    let bytes = match arg {
        Some(a) if a != "-" => a.into_encoded_bytes(),
        _ => {
            let mut all = read_stdin()?;
            let keep = strip_line_end(&all).len();
            all.truncate(keep);
            all
        }
    };
    utf8(bytes, "token")
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
/// The library's parser follows Django's `loads`, which reads *bytes* as latin-1 (each byte
/// one character). UTF-8 text given to it directly would turn `é` into `Ã©`. So every
/// non-ASCII character is first rewritten as the `\uXXXX` escape(s) Python would read as that
/// same character (a surrogate pair beyond the BMP). That only changes characters inside
/// strings; outside strings, and right after a backslash, a non-ASCII character is invalid
/// JSON, and the rewrite keeps it invalid (see [`escape_non_ascii`]). Error offsets are
/// reported in bytes of the original text.
pub fn json_text(text: &str, limits: &Limits) -> Result<Value, Error> {
    let escaped = escape_non_ascii(text);
    json_loads(&escaped, limits.max_json_depth).map_err(|e| match e {
        Error::MalformedJson { offset, reason } => Error::MalformedJson {
            offset: original_offset(text, offset),
            reason,
        },
        Error::UnrepresentableJson { offset, reason } => Error::UnrepresentableJson {
            offset: original_offset(text, offset),
            reason,
        },
        other => other,
    })
}

/// Where each character of `text` goes in the escaped form.
enum Piece {
    /// An ASCII byte, copied.
    Ascii(u8),
    /// A non-ASCII character after a backslash in a string: copied as its UTF-8 bytes, which
    /// the latin-1 parser refuses as an invalid escape, as Python refuses `"\é"`.
    RawAfterBackslash(char),
    /// A non-ASCII character anywhere else: `\uXXXX` (twice beyond the BMP).
    Escaped(char),
}

impl Piece {
    fn len(&self) -> usize {
        match self {
            Self::Ascii(_) => 1,
            Self::RawAfterBackslash(c) => c.len_utf8(),
            Self::Escaped(c) => 6 * c.len_utf16(),
        }
    }
}

/// The pieces of `text`, tracking just enough JSON lexing to know when a character directly
/// follows a string's escape backslash.
fn pieces(text: &str) -> impl Iterator<Item = Piece> + '_ {
    let mut in_string = false;
    let mut after_backslash = false;
    text.chars().map(move |c| {
        if !c.is_ascii() {
            let piece = if after_backslash {
                Piece::RawAfterBackslash(c)
            } else {
                Piece::Escaped(c)
            };
            after_backslash = false;
            return piece;
        }
        #[allow(clippy::cast_possible_truncation)] // ASCII: one byte
        let b = c as u8;
        if in_string {
            if after_backslash {
                after_backslash = false;
            } else if b == b'\\' {
                after_backslash = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        }
        Piece::Ascii(b)
    })
}

/// `text` with its non-ASCII characters escaped for a latin-1 JSON reader.
pub fn escape_non_ascii(text: &str) -> Vec<u8> {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        match piece {
            Piece::Ascii(b) => out.push(char::from(b)),
            Piece::RawAfterBackslash(c) => out.push(c),
            Piece::Escaped(c) => {
                let mut units = [0_u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.into_bytes()
}

/// The byte offset in `text` of the character that became byte `escaped_offset` of
/// `escape_non_ascii(text)`.
fn original_offset(text: &str, escaped_offset: usize) -> usize {
    let mut escaped = 0_usize;
    for ((at, _), piece) in text.char_indices().zip(pieces(text)) {
        let next = escaped.saturating_add(piece.len());
        if escaped_offset < next {
            return at;
        }
        escaped = next;
    }
    text.len()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Value, Error> {
        json_text(text, &Limits::DEFAULT)
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
    fn non_ascii_becomes_python_escapes() {
        assert_eq!(escape_non_ascii("\"é😀\""), b"\"\\u00e9\\ud83d\\ude00\"");
        assert_eq!(parse("\"é😀\"").unwrap(), Value::String("é😀".to_owned()));
    }

    #[test]
    fn invalid_stays_invalid() {
        // A backslash then a literal non-ASCII character is an invalid escape for Python;
        // escaping it naively would give the valid `"\\u00e9"`.
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
        // "é" is 2 bytes of UTF-8 but 6 escaped; the error (`x`) is at byte 6 of the input
        // (Python: char 5, since it counts characters).
        match parse("[\"é\" x]") {
            Err(Error::MalformedJson { offset, .. }) => assert_eq!(offset, 6),
            other => panic!("{other:?}"),
        }
        assert_eq!(original_offset("ab", 7), 2);
    }
}
