//! Writing JSON as Django does: `json.dumps(obj, separators=(",", ":"))`, which is
//! `ensure_ascii=True` and floats as `float.__repr__` (`Lib/json/encoder.py`).

use crate::value::Value;

/// The JSON text of `v` (always ASCII).
#[must_use]
pub fn dumps(v: &Value) -> Vec<u8> {
    let mut out = String::new();
    write_value(v, &mut out);
    out.into_bytes()
}

fn write_value(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::BigInt(digits) => out.push_str(digits),
        Value::Float(f) => out.push_str(&float_repr(*f)),
        Value::String(s) => out.push_str(&quote(s)),
        Value::List(items) => {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(entries) => {
            out.push('{');
            for (n, (k, item)) in entries.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                out.push_str(&quote(k));
                out.push(':');
                write_value(item, out);
            }
            out.push('}');
        }
    }
}

/// `py_encode_basestring_ascii`: `"` and `\` escaped, the five short escapes, every other
/// character outside `' '..='~'` as `\uXXXX` (lowercase hex; beyond the BMP as a surrogate
/// pair).
#[must_use]
pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

/// `float.__repr__` (`format_float_short` with mode 0): the shortest decimal that reads back
/// as `x`, and among those of that length the one nearest to `x`; then laid out in fixed
/// notation when the decimal exponent is in `[-4, 16)`, else as `d.ddde±XX`.
///
/// Found by search: for each length `n = 1, 2, ...`, the decimal of `n` significant digits
/// nearest to `x` (Rust's `{:.*e}` rounds the exact binary value correctly) is tried first;
/// if it does not read back, its neighbour on the other side of `x` is tried (at a power of
/// two the interval that reads back is narrower below `x`, so the nearest can miss it while
/// the neighbour is inside).
#[must_use]
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let a = x.abs();
    if a == 0.0 {
        return format!("{sign}0.0");
    }
    for n in 1..=17 {
        let (digits, exp) = sci_digits(&format!("{:.*e}", n - 1, a));
        if reads_back(&digits, exp, a) {
            return format!("{sign}{}", layout(&digits, exp));
        }
        let below = parse_sci(&digits, exp) < a;
        let (d2, e2) = if below {
            step_up(&digits, exp)
        } else {
            step_down(&digits, exp)
        };
        if d2.len() == n && reads_back(&d2, e2, a) {
            return format!("{sign}{}", layout(&d2, e2));
        }
    }
    unreachable!("17 significant digits always read back")
}

/// `"1.2345e-7"` -> (`"12345"`, -7).
fn sci_digits(s: &str) -> (String, i32) {
    let (mantissa, exp) = s.split_once('e').unwrap();
    (mantissa.replace('.', ""), exp.parse().unwrap())
}

fn parse_sci(digits: &str, exp: i32) -> f64 {
    format!("{}.{}e{exp}", &digits[..1], &digits[1..])
        .parse()
        .unwrap()
}

fn reads_back(digits: &str, exp: i32, x: f64) -> bool {
    parse_sci(digits, exp) == x
}

/// One unit more in the last digit: `"199" e0` -> `"200" e0`, `"999" e0` -> `"100" e1`.
fn step_up(digits: &str, exp: i32) -> (String, i32) {
    let mut d: Vec<u8> = digits.bytes().collect();
    let mut i = d.len();
    loop {
        if i == 0 {
            d.insert(0, b'1');
            d.pop();
            return (String::from_utf8(d).unwrap(), exp + 1);
        }
        i -= 1;
        if d[i] == b'9' {
            d[i] = b'0';
        } else {
            d[i] += 1;
            return (String::from_utf8(d).unwrap(), exp);
        }
    }
}

/// One unit less in the last digit: `"200" e0` -> `"199" e0`, `"100" e1` -> `"999" e0`.
fn step_down(digits: &str, exp: i32) -> (String, i32) {
    let mut d: Vec<u8> = digits.bytes().collect();
    let mut i = d.len();
    loop {
        i -= 1;
        if d[i] == b'0' {
            d[i] = b'9';
        } else {
            d[i] -= 1;
            break;
        }
    }
    if d[0] == b'0' {
        // 100 -> 099: one digit fewer in front, so one more 9 behind and a smaller exponent.
        d.remove(0);
        d.push(b'9');
        return (String::from_utf8(d).unwrap(), exp - 1);
    }
    (String::from_utf8(d).unwrap(), exp)
}

/// `repr`'s layout of significant digits `d1 d2 ...` times `10^exp` (exponent of `d1`).
fn layout(digits: &str, exp: i32) -> String {
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    if (-4..16).contains(&exp) {
        if exp >= 0 {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                format!("{digits}{}.0", "0".repeat(int_len - digits.len()))
            } else {
                format!("{}.{}", &digits[..int_len], &digits[int_len..])
            }
        } else {
            format!("0.{}{digits}", "0".repeat((-exp - 1) as usize))
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let mantissa = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}.{rest}")
        };
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.unsigned_abs())
    }
}
