//! Base62 timestamps (Django: `b62_encode`/`b62_decode` in `django/core/signing.py`).
//!
//! Django's decoder has quirks we keep: `"-"` and `"-0"` decode to 0, leading zeros are
//! accepted (`"00"`), `"+1"` and `""` are refused. Python integers are unbounded; timestamps
//! here are `i64`, so a longer one is refused ([`Error::MalformedTimestamp`]) where Django
//! would accept it (see SPEC.md: only a key holder can sign such a value).

use alloc::string::String;

use crate::Error;

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Django's `b62_encode`: `0` is `"0"`, negatives get a leading `-`.
///
/// ```
/// assert_eq!(djsign::b62_encode(1_700_000_000), "1r31eq");
/// assert_eq!(djsign::b62_encode(-61), "-z");
/// ```
#[must_use]
pub fn b62_encode(n: i64) -> String {
    let mut s = String::new();
    push_b62(n, &mut s);
    s
}

/// Appends `b62_encode(n)` to `out`.
pub(crate) fn push_b62(n: i64, out: &mut String) {
    if n < 0 {
        out.push('-');
    }
    let mut rest = n.unsigned_abs();
    // 11 digits hold any u64 (62^11 > 2^64).
    let mut digits = [b'0'; 11];
    let mut start = digits.len();
    loop {
        // `rest % 62 < 62` and `start` only decreases from 11 while `rest > 0`.
        let digit = ALPHABET.get((rest % 62) as usize).copied().unwrap_or(b'0');
        start = start.saturating_sub(1);
        if let Some(slot) = digits.get_mut(start) {
            *slot = digit;
        }
        rest /= 62;
        if rest == 0 {
            break;
        }
    }
    for &d in digits.get(start..).unwrap_or(&[]) {
        out.push(char::from(d));
    }
}

/// Django's `b62_decode`, limited to `i64`.
///
/// # Errors
/// [`Error::MalformedTimestamp`] for the empty string, a character outside `0-9A-Za-z`
/// (after one optional leading `-`), or a value outside `i64`.
///
/// ```
/// assert_eq!(djsign::b62_decode("1r31eq"), Ok(1_700_000_000));
/// assert_eq!(djsign::b62_decode("-"), Ok(0)); // Django's quirk, kept
/// assert!(djsign::b62_decode("").is_err());
/// ```
pub fn b62_decode(s: &str) -> Result<i64, Error> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        // Django indexes s[0] before anything else: "" raises IndexError.
        None if s.is_empty() => return Err(Error::MalformedTimestamp),
        None => (false, s),
    };
    // Accumulate as a negative number so that i64::MIN is reachable.
    let mut acc: i64 = 0;
    for c in digits.bytes() {
        let d = digit_value(c).ok_or(Error::MalformedTimestamp)?;
        acc = acc
            .checked_mul(62)
            .and_then(|a| a.checked_sub(d))
            .ok_or(Error::MalformedTimestamp)?;
    }
    if negative {
        Ok(acc)
    } else {
        acc.checked_neg().ok_or(Error::MalformedTimestamp)
    }
}

/// Python's `BASE62_ALPHABET.index(digit)`.
fn digit_value(c: u8) -> Option<i64> {
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .and_then(|i| i64::try_from(i).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_at_the_edges() {
        for n in [0, 1, -1, 61, 62, -62, i64::MAX, i64::MIN, 1_700_000_000] {
            assert_eq!(b62_decode(&b62_encode(n)), Ok(n), "{n}");
        }
    }

    #[test]
    fn overflow_is_refused() {
        assert_eq!(b62_decode(&b62_encode(i64::MAX)), Ok(i64::MAX));
        // one more than i64::MAX / i64::MIN
        assert_eq!(b62_decode("AzL8n0Y58m8"), Err(Error::MalformedTimestamp));
        assert_eq!(b62_decode("-AzL8n0Y58m9"), Err(Error::MalformedTimestamp));
        assert_eq!(
            b62_decode("zzzzzzzzzzzzzzzzzzzz"),
            Err(Error::MalformedTimestamp)
        );
    }
}
