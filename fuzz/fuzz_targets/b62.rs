//! `b62_decode` on arbitrary strings against an independent i128 model of Django's
//! `b62_decode`, and `b62_encode`/`b62_decode` round trips over i64.
#![no_main]

use djsign::{Error, b62_decode, b62_encode};
use libfuzzer_sys::fuzz_target;

const ALPHABET: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Django: `if s[0] == "-": sign = -1; s = s[1:]` then `decoded = decoded * 62 + index(c)`;
/// `s[0]` raises on "". Bounded to i64 as djsign documents.
fn model(s: &str) -> Option<i64> {
    let first = s.chars().next()?;
    let (neg, digits) = if first == '-' {
        (true, &s[1..])
    } else {
        (false, s)
    };
    let mut acc: i128 = 0;
    for c in digits.chars() {
        let d = ALPHABET.find(c)? as i128;
        acc = acc * 62 + d;
        if acc > 1 << 64 {
            return None;
        }
    }
    i64::try_from(if neg { -acc } else { acc }).ok()
}

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let got = b62_decode(s);
        match model(s) {
            Some(n) => {
                assert_eq!(got, Ok(n), "{s:?}");
                // Canonical form: re-encoding drops leading zeros and "-0".
                let canon = b62_encode(n);
                assert_eq!(b62_decode(&canon), Ok(n));
                assert!(canon.len() <= s.len().max(1));
            }
            None => assert_eq!(got, Err(Error::MalformedTimestamp), "{s:?}"),
        }
    }
    if data.len() >= 8 {
        let n = i64::from_le_bytes(data[..8].try_into().unwrap());
        let s = b62_encode(n);
        assert_eq!(b62_decode(&s), Ok(n));
        assert_eq!(model(&s), Some(n));
        assert!(s.len() <= 12);
        assert_eq!(s.starts_with('-'), n < 0);
        assert!(s == "0" || !s.trim_start_matches('-').starts_with('0'));
    }
});
