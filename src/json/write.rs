//! Writing JSON exactly as `json.dumps(obj, separators=(",", ":"))` does (Django's
//! `JSONSerializer.dumps`), before `.encode("latin-1")`.
//!
//! - `ensure_ascii`: every character outside `0x20..=0x7E` is escaped; `\n \r \t \b \f \" \\`
//!   have short forms, the rest `\u00XX` with lowercase hex, DEL (0x7F) included, and
//!   characters beyond the BMP as a lowercase surrogate pair. `/` and `<` are not escaped.
//! - floats as Python's `repr`: shortest round-trip digits, fixed notation when the decimal
//!   exponent is in `[-4, 16)`, otherwise `1e+16`, `1e-05`; integral floats keep `.0`;
//!   non-finite values as `NaN`, `Infinity`, `-Infinity`.

use alloc::vec::Vec;
use core::fmt::Write as _;

/// Whether byte `b` stands for itself inside a string literal: printable ASCII other than
/// `"` and `\`. Every other byte starts something `ensure_ascii` escapes.
const fn is_plain(b: u8) -> bool {
    matches!(b, b' '..=b'~') && b != b'"' && b != b'\\'
}

/// Appends `s` as a JSON string literal with Python's `ensure_ascii` escaping.
pub(crate) fn write_str(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    let bytes = s.as_bytes();
    // Bytes, not chars: session strings are mostly plain ASCII, which is copied in runs
    // without decoding; only a byte that is not plain is looked at as a character.
    let mut plain_start = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if is_plain(b) {
            i = i.saturating_add(1);
            continue;
        }
        out.extend_from_slice(bytes.get(plain_start..i).unwrap_or_default());
        // `i` is at a character boundary: every byte before it was ASCII or a whole
        // character; a `str` is valid UTF-8, so a character starts here.
        let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        i = i.saturating_add(c.len_utf8());
        plain_start = i;
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\u{08}' => out.extend_from_slice(b"\\b"),
            '\u{0c}' => out.extend_from_slice(b"\\f"),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write_u_escape(*unit, out);
                }
            }
        }
    }
    out.extend_from_slice(bytes.get(plain_start..).unwrap_or_default());
    out.push(b'"');
}

fn write_u_escape(unit: u16, out: &mut Vec<u8>) {
    out.extend_from_slice(b"\\u");
    for shift in [12u16, 8, 4, 0] {
        let nibble = (unit >> shift) & 0xf;
        // A nibble is always a hex digit; the fallback cannot be reached.
        let digit = char::from_digit(u32::from(nibble), 16).unwrap_or('0');
        out.push(digit as u8);
    }
}

/// A small stack buffer for `core::fmt` output, so formatting numbers does not allocate.
struct StackBuf {
    buf: [u8; 48],
    len: usize,
}

impl StackBuf {
    const fn new() -> Self {
        Self {
            buf: [0; 48],
            len: 0,
        }
    }

    fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }
}

impl core::fmt::Write for StackBuf {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(core::fmt::Error)?;
        let dst = self.buf.get_mut(self.len..end).ok_or(core::fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Appends `n` in decimal.
pub(crate) fn write_int(n: impl core::fmt::Display, out: &mut Vec<u8>) {
    let mut b = StackBuf::new();
    // 48 bytes hold any i128/u128 (at most 40 characters), so this cannot fail.
    if write!(b, "{n}").is_ok() {
        out.extend_from_slice(b.as_bytes());
    }
}

/// Appends `x` as Python's `float.__repr__` (and `json.dumps`) writes it.
pub(crate) fn write_f64(x: f64, out: &mut Vec<u8>) {
    if x.is_nan() {
        out.extend_from_slice(b"NaN");
        return;
    }
    if x.is_infinite() {
        out.extend_from_slice(if x > 0.0 { b"Infinity" } else { b"-Infinity" });
        return;
    }
    if x.is_sign_negative() {
        out.push(b'-');
    }
    // Python's repr is the shortest decimal that round-trips, and of those the closest to the
    // exact value, ties to even. Rust's `{:e}` finds the same length but breaks an exact tie
    // between two round-tripping candidates upwards (842785403600226.25 -> ...226.3, Python
    // ...226.2). So take the length from `{:e}`, try the exact, correctly rounded decimal of
    // that length (`{:.N$e}`, ties to even), and keep it only if it round-trips: at a power of
    // two the rounding interval is half as wide below, and the closest decimal can fall
    // outside it, where Rust's (and Python's) shortest answer is the only one that reads back.
    let mut shortest = StackBuf::new();
    if write!(shortest, "{:e}", x.abs()).is_err() {
        // Cannot happen: the longest f64 in `{:e}` is 23 characters.
        out.extend_from_slice(b"NaN");
        return;
    }
    let digits_needed = shortest
        .as_bytes()
        .iter()
        .take_while(|&&c| c != b'e')
        .filter(|c| c.is_ascii_digit())
        .count();
    let mut exact = StackBuf::new();
    let exact_reads_back = write!(exact, "{:.*e}", digits_needed.saturating_sub(1), x.abs())
        .is_ok()
        && core::str::from_utf8(exact.as_bytes())
            .ok()
            .and_then(|t| t.parse::<f64>().ok())
            == Some(x.abs());
    let sci = if exact_reads_back { exact } else { shortest };
    let text = sci.as_bytes();
    let (mantissa, exp) = match text.iter().position(|&c| c == b'e') {
        Some(e) => (
            text.get(..e).unwrap_or_default(),
            text.get(e.saturating_add(1)..).unwrap_or_default(),
        ),
        None => (text, &b"0"[..]),
    };
    let exp: i32 = core::str::from_utf8(exp)
        .ok()
        .and_then(|e| e.parse().ok())
        .unwrap_or(0);
    let mut digits = [0u8; 24];
    let mut n = 0;
    for &c in mantissa.iter().filter(|c| c.is_ascii_digit()) {
        if let Some(slot) = digits.get_mut(n) {
            *slot = c;
            n = n.saturating_add(1);
        }
    }
    let digits = digits.get(..n).unwrap_or_default();

    if (-4..16).contains(&exp) {
        if exp >= 0 {
            let int_len = usize::try_from(exp).unwrap_or(0).saturating_add(1);
            if digits.len() <= int_len {
                out.extend_from_slice(digits);
                out.resize(
                    out.len()
                        .saturating_add(int_len.saturating_sub(digits.len())),
                    b'0',
                );
                out.extend_from_slice(b".0");
            } else {
                let (int_part, frac) = digits.split_at(int_len);
                out.extend_from_slice(int_part);
                out.push(b'.');
                out.extend_from_slice(frac);
            }
        } else {
            out.extend_from_slice(b"0.");
            let zeros = usize::try_from(exp.unsigned_abs().saturating_sub(1)).unwrap_or(0);
            out.resize(out.len().saturating_add(zeros), b'0');
            out.extend_from_slice(digits);
        }
    } else {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        out.extend_from_slice(first);
        if !rest.is_empty() {
            out.push(b'.');
            out.extend_from_slice(rest);
        }
        out.push(b'e');
        out.push(if exp < 0 { b'-' } else { b'+' });
        let e = exp.unsigned_abs();
        if e < 10 {
            out.push(b'0');
        }
        write_int(e, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;

    fn f(x: f64) -> String {
        let mut v = Vec::new();
        write_f64(x, &mut v);
        String::from_utf8(v).unwrap()
    }

    fn s(x: &str) -> String {
        let mut v = Vec::new();
        write_str(x, &mut v);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn float_layout_from_the_facts_sheet() {
        assert_eq!(f(1e16), "1e+16");
        assert_eq!(f(1e-5), "1e-05");
        assert_eq!(f(100.0), "100.0");
        assert_eq!(f(-0.0), "-0.0");
        assert_eq!(f(0.0), "0.0");
        assert_eq!(f(1.5e300), "1.5e+300");
        assert_eq!(f(0.0001), "0.0001");
        assert_eq!(f(1e15), "1000000000000000.0");
        assert_eq!(f(f64::NAN), "NaN");
        assert_eq!(f(f64::NEG_INFINITY), "-Infinity");
    }

    #[test]
    fn string_escapes_from_the_facts_sheet() {
        assert_eq!(s("\u{1F40D}"), "\"\\ud83d\\udc0d\"");
        assert_eq!(s("\u{7f}/<"), "\"\\u007f/<\"");
        assert_eq!(s("a\"b\\c\n\u{1}é"), "\"a\\\"b\\\\c\\n\\u0001\\u00e9\"");
    }
}
