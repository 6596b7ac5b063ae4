//! Base64 as Django uses it (`django/core/signing.py`: `b64_encode`, `b64_decode`).

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `base64.urlsafe_b64encode(s).strip(b"=")`: every 3 bytes become 4 characters; a final 1 or 2
/// bytes become 2 or 3 characters (the `=` padding is removed).
#[must_use]
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sextets = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63];
        for s in &sextets[..chunk.len() + 1] {
            out.push(char::from(ALPHABET[*s as usize]));
        }
    }
    out
}

/// Django's `b64_decode(s)`: `base64.urlsafe_b64decode(s + b"=" * (-len(s) % 4))` on the UTF-8
/// bytes of the payload. That is `s.translate(-_ -> +/)` and then CPython 3.11's
/// `binascii.a2b_base64(s, strict_mode=False)`, whose loop is transcribed here:
///
/// - a character outside the (standard) alphabet is skipped;
/// - `=` counts as a pad only once two data characters of the current quad are in, and when
///   the quad's data characters plus the pads reach four, decoding stops there, whatever
///   follows;
/// - a data character resets the pad count;
/// - at the end, an unfinished quad is an error (`binascii.Error`); trailing bits are ignored.
///
/// # Errors
/// `None` where CPython raises.
#[must_use]
pub fn python_decode(s: &[u8]) -> Option<Vec<u8>> {
    let pad = (4 - s.len() % 4) % 4;
    let mut padded: Vec<u8> = s.to_vec();
    padded.extend(std::iter::repeat_n(b'=', pad));
    let translated: Vec<u8> = padded
        .iter()
        .map(|&c| match c {
            b'-' => b'+',
            b'_' => b'/',
            other => other,
        })
        .collect();
    const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut quad_pos = 0;
    let mut pads = 0;
    let mut left: u32 = 0;
    for &c in &translated {
        if c == b'=' {
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    return Some(out);
                }
            }
            continue;
        }
        let Some(v) = STANDARD.iter().position(|&a| a == c) else {
            continue;
        };
        let v = v as u32;
        pads = 0;
        match quad_pos {
            0 => {
                left = v;
                quad_pos = 1;
            }
            1 => {
                out.push(((left << 2) | (v >> 4)) as u8);
                left = v & 0x0f;
                quad_pos = 2;
            }
            2 => {
                out.push((((left << 4) | (v >> 2)) & 0xff) as u8);
                left = v & 0x03;
                quad_pos = 3;
            }
            _ => {
                out.push((((left << 6) | v) & 0xff) as u8);
                left = 0;
                quad_pos = 0;
            }
        }
    }
    if quad_pos == 0 { Some(out) } else { None }
}
