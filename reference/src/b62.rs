//! Django's base62 timestamps (`b62_encode`, `b62_decode` in `django/core/signing.py`),
//! computed in `i128` so that the `i64` bound of djsign (SPEC.md D1) is a separate, visible
//! step.

pub const ALPHABET: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `b62_encode(s)`.
#[must_use]
pub fn encode(n: i64) -> String {
    if n == 0 {
        return "0".into();
    }
    let sign = if n < 0 { "-" } else { "" };
    let mut s = i128::from(n).abs();
    let mut encoded = String::new();
    while s > 0 {
        let remainder = (s % 62) as usize;
        s /= 62;
        encoded.insert(0, ALPHABET.as_bytes()[remainder] as char);
    }
    format!("{sign}{encoded}")
}

/// `b62_decode(s)`, then djsign's `i64` bound. `None` where Django raises (`IndexError` for
/// `""`, `ValueError` for a character outside the alphabet) and for values outside `i64`.
#[must_use]
pub fn decode(s: &str) -> Option<i64> {
    if s == "0" {
        return Some(0);
    }
    let first = s.chars().next()?; // s[0]: IndexError on ""
    let (sign, digits) = if first == '-' {
        (-1i128, &s[1..])
    } else {
        (1, s)
    };
    let mut decoded: i128 = 0;
    for digit in digits.chars() {
        let index = ALPHABET.chars().position(|a| a == digit)?; // ValueError
        // Python's int is unbounded; past i128 the value is certainly outside i64.
        decoded = decoded.checked_mul(62)?.checked_add(index as i128)?;
    }
    i64::try_from(sign * decoded).ok()
}
