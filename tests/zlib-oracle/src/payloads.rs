//! The 10,000 generated JSON payloads (deterministic, from 1 byte to 1 MiB).
//!
//! `payload(i)` depends on `i` alone (a splitmix64 stream seeded by it), so the Rust run,
//! CPython's run (fed by `payloads emit`) and `cargo test`'s sample see the same bytes.
//! Sizes: payload 0 is 1 byte and payload 9999 exactly 1 MiB; the others are log-uniform
//! over 1 B..1 MiB (a random power of two, then uniform up to the next), except that one in eight lands within 64 bytes of a size where zlib's
//! behaviour changes (16383 literals filling a block, the 32 KiB window, the first slide
//! past 65274 bytes, 64 KiB, 96 KiB, 128 KiB). Structure: Django-like sessions, lists of
//! records over a small key vocabulary (repetitive), random text and `\u` escapes (little
//! to match), long runs, numbers, nested random values, and mixtures of them.

/// Number of payloads in the full run.
pub const COUNT: u64 = 10_000;
/// The largest payload.
pub const MAX_SIZE: usize = 1 << 20;

/// splitmix64.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0; the modulo bias does not matter here).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, per_256: u64) -> bool {
        self.below(256) < per_256
    }
}

const BOUNDARIES: [usize; 7] = [16_383, 16_384, 32_768, 65_274, 65_536, 98_304, 131_072];

/// The size of payload `i`.
#[must_use]
pub fn size(i: u64) -> usize {
    if i == 0 {
        return 1;
    }
    if i == COUNT - 1 {
        return MAX_SIZE;
    }
    let mut r = Rng::new(i.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ 0x5151);
    if r.below(8) == 0 {
        let b = *r.pick(&BOUNDARIES);
        return (b + r.below(129) as usize).saturating_sub(64).max(1);
    }
    // About log-uniform in [1, 2^20]: a power of two, then linear within it (integers only,
    // so every platform agrees).
    let base = 1usize << r.below(20);
    let frac = r.below(1 << 16) as usize;
    (base + ((base * frac) >> 16)).clamp(1, MAX_SIZE)
}

const KEYS: [&str; 16] = [
    "id",
    "name",
    "email",
    "qty",
    "unit_price",
    "sku",
    "tags",
    "active",
    "created",
    "ratio",
    "_auth_user_id",
    "theme",
    "items",
    "note",
    "user",
    "visits",
];
const WORDS: [&str; 12] = [
    "django",
    "session",
    "cart",
    "mug",
    "T-shirt",
    "Z\\u00fcrich",
    "caf\\u00e9",
    "dark",
    "light",
    "ModelBackend",
    "admin",
    "\\ud83d\\ude00",
];

/// Appends a JSON string of about `len` random characters from a style's alphabet.
fn random_string(r: &mut Rng, out: &mut Vec<u8>, len: usize, style: u64) {
    out.push(b'"');
    for _ in 0..len {
        match style {
            // lowercase hex, like hashes and tokens
            0 => out.push(b"0123456789abcdef"[r.below(16) as usize]),
            // printable ASCII minus quote and backslash
            1 => {
                let c = 0x20 + r.below(95) as u8;
                if c == b'"' || c == b'\\' {
                    out.extend_from_slice(b"\\\\");
                } else {
                    out.push(c);
                }
            }
            // escaped latin-1 / BMP text, as ensure_ascii writes it
            2 => {
                let c = 0x80 + r.below(0x2f80) as u32;
                out.extend_from_slice(format!("\\u{c:04x}").as_bytes());
            }
            // words
            _ => {
                out.extend_from_slice(r.pick(&WORDS).as_bytes());
                out.push(b' ');
            }
        }
    }
    out.push(b'"');
}

fn number(r: &mut Rng, out: &mut Vec<u8>) {
    match r.below(4) {
        0 => out.extend_from_slice(r.below(10).to_string().as_bytes()),
        1 => out.extend_from_slice((r.next_u64() as i64).to_string().as_bytes()),
        2 => out.extend_from_slice(format!("{}.{:02}", r.below(1000), r.below(100)).as_bytes()),
        _ => out.extend_from_slice(format!("{}e-{}", 1 + r.below(9), 5 + r.below(300)).as_bytes()),
    }
}

/// A record over the key vocabulary: similar records repeat their keys and shapes.
fn record(r: &mut Rng, out: &mut Vec<u8>, depth: u32) {
    out.push(b'{');
    let n = 1 + r.below(6);
    for k in 0..n {
        if k > 0 {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(r.pick(&KEYS).as_bytes());
        out.extend_from_slice(b"\":");
        value(r, out, depth + 1);
    }
    out.push(b'}');
}

fn value(r: &mut Rng, out: &mut Vec<u8>, depth: u32) {
    let k = if depth > 3 { r.below(5) } else { r.below(8) };
    match k {
        0 | 1 => number(r, out),
        2 => {
            let len = r.below(24) as usize;
            let style = r.below(4);
            random_string(r, out, len, style);
        }
        3 => {
            const LITERALS: [&[u8]; 3] = [b"true", b"false", b"null"];
            out.extend_from_slice(r.pick::<&[u8]>(&LITERALS));
        }
        4 => {
            out.push(b'"');
            out.extend_from_slice(r.pick(&WORDS).as_bytes());
            out.push(b'"');
        }
        5 | 6 => record(r, out, depth),
        _ => {
            out.push(b'[');
            for j in 0..r.below(5) {
                if j > 0 {
                    out.push(b',');
                }
                value(r, out, depth + 1);
            }
            out.push(b']');
        }
    }
}

/// One item of a payload of the given style.
fn item(r: &mut Rng, out: &mut Vec<u8>, style: u64, template: &[u8]) {
    match style {
        // a Django auth session
        0 => {
            out.extend_from_slice(b"{\"_auth_user_id\":\"");
            out.extend_from_slice(r.below(100_000).to_string().as_bytes());
            out.extend_from_slice(
                b"\",\"_auth_user_backend\":\"django.contrib.auth.backends.ModelBackend\",\"_auth_user_hash\":",
            );
            random_string(r, out, 64, 0);
            out.extend_from_slice(b",\"cart\":");
            value(r, out, 1);
            out.push(b'}');
        }
        1 => record(r, out, 0),
        2 => {
            let len = 1 + r.below(200) as usize;
            let s = r.below(3);
            random_string(r, out, len, s);
        }
        3 => {
            // a template repeated, sometimes with a small change
            if r.chance(40) {
                out.push(b'[');
                out.extend_from_slice(template);
                out.push(b',');
                number(r, out);
                out.push(b']');
            } else {
                out.extend_from_slice(template);
            }
        }
        4 => {
            out.push(b'"');
            let c = *r.pick(b"a 0x");
            let n = 1 + r.below(2000) as usize;
            out.extend(std::iter::repeat_n(c, n));
            out.push(b'"');
        }
        5 => number(r, out),
        _ => value(r, out, 0),
    }
}

/// Payload `i`: valid JSON (ASCII, as Django's `json.dumps` writes it) of exactly
/// [`size`]`(i)` bytes.
#[must_use]
pub fn payload(i: u64) -> Vec<u8> {
    let target = size(i);
    let mut r = Rng::new(i ^ 0xd1b5_4a32_d192_ed03);
    let mut out = Vec::with_capacity(target);
    if target < 8 {
        // a number of exactly that many digits
        out.push(b'1' + r.below(9) as u8);
        while out.len() < target {
            out.push(b'0' + r.below(10) as u8);
        }
        return out;
    }
    // 0..=6 a single style, 7 a mixture of all of them
    let style = r.below(8);
    let mut template = Vec::new();
    record(&mut r, &mut template, 1);
    let object = r.chance(64);
    out.push(if object { b'{' } else { b'[' });
    let pad_min = if object { 10 } else { 4 }; // `,"p":""}` / `,""]`
    let mut scratch = Vec::new();
    let mut n = 0u64;
    loop {
        scratch.clear();
        if object {
            scratch.extend_from_slice(format!("\"k{n}\":").as_bytes());
        }
        let s = if style == 7 { r.below(7) } else { style };
        item(&mut r, &mut scratch, s, &template);
        if out.len() + scratch.len() + 1 + pad_min > target {
            break;
        }
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(&scratch);
        n += 1;
    }
    // Pad to the exact size with one last string item.
    if n > 0 {
        out.push(b',');
    }
    if object {
        out.extend_from_slice(b"\"p\":");
    }
    out.push(b'"');
    let close = 2; // `"` and `]`/`}`
    let fill = *r.pick(b"x-7");
    while out.len() + close < target {
        out.push(if r.chance(16) {
            b'a' + r.below(26) as u8
        } else {
            fill
        });
    }
    out.push(b'"');
    out.push(if object { b'}' } else { b']' });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_exact_and_json() {
        for i in (0..COUNT)
            .step_by(97)
            .chain([1, 2, 3, 4, 5, 6, 7, 8, 9, COUNT - 1])
        {
            if size(i) > 200_000 {
                continue;
            }
            let p = payload(i);
            assert_eq!(p.len(), size(i), "{i}");
            assert!(p.is_ascii());
            if let Err(e) = serde_json::from_slice::<serde_json::Value>(&p) {
                let at = e.column().saturating_sub(1);
                let near =
                    String::from_utf8_lossy(&p[at.saturating_sub(40)..(at + 20).min(p.len())]);
                panic!("payload {i} is not JSON: {e} near {near:?}");
            }
        }
        assert_eq!(size(0), 1);
        assert_eq!(size(COUNT - 1), MAX_SIZE);
    }
}
