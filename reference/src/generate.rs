//! Deterministic generators driven by bytes, shared by the property tests (random bytes) and
//! the cargo-fuzz targets (libFuzzer's bytes): JSON texts with Python's quirks, values,
//! typed records, edits. Exhausted input reads as zeros, so every byte string is a valid seed.

use crate::value::Value;

/// Reads choices from a byte string.
#[derive(Debug)]
pub struct Seed<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Seed<'a> {
    #[must_use]
    pub const fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }

    pub fn byte(&mut self) -> u8 {
        let b = self.bytes.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        let v = u16::from_le_bytes([self.byte(), self.byte()]);
        usize::from(v) % n
    }

    pub fn u64(&mut self) -> u64 {
        u64::from_le_bytes(std::array::from_fn(|_| self.byte()))
    }

    pub fn bool(&mut self) -> bool {
        self.byte() & 1 == 1
    }

    pub fn choose<'b, T>(&mut self, items: &'b [T]) -> &'b T {
        &items[self.below(items.len())]
    }

    /// How many bytes have been read (may exceed the input's length: reads past it are 0).
    #[must_use]
    pub const fn position(&self) -> usize {
        self.pos
    }

    pub fn exhausted(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// Some bytes, at most `max`.
    pub fn bytes(&mut self, max: usize) -> Vec<u8> {
        let n = self.below(max + 1);
        (0..n).map(|_| self.byte()).collect()
    }

    /// A string of characters drawn mostly from interesting ones.
    pub fn string(&mut self, max: usize) -> String {
        const CHARS: &[char] = &[
            'a',
            'b',
            'z',
            'A',
            '0',
            '9',
            ' ',
            '"',
            '\\',
            '/',
            ':',
            '.',
            '-',
            '_',
            '=',
            '\n',
            '\t',
            '\u{0}',
            '\u{1f}',
            '\u{7f}',
            '\u{80}',
            '\u{e9}',
            '\u{ff}',
            '\u{100}',
            '\u{2028}',
            '\u{d7ff}',
            '\u{e000}',
            '\u{fffd}',
            '\u{ffff}',
            '\u{10000}',
            '\u{1f40d}',
            '\u{10ffff}',
        ];
        let n = self.below(max + 1);
        (0..n)
            .map(|_| {
                if self.byte() < 200 {
                    *self.choose(CHARS)
                } else {
                    char::from_u32(u32::from_le_bytes([
                        self.byte(),
                        self.byte(),
                        self.byte() & 0x1f,
                        0,
                    ]))
                    .unwrap_or('?')
                }
            })
            .collect()
    }

    /// A float: raw bits, or one of the values where repr and parsing have edges.
    pub fn float(&mut self) -> f64 {
        const SPECIAL: &[f64] = &[
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.5,
            1e16,
            1e15,
            9_999_999_999_999_998.0,
            1e-4,
            1e-5,
            1.5e300,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            5e-324,
            f64::EPSILON,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            9_007_199_254_740_993.0,
            842_785_403_600_226.25,
            2.0e-308,
            4_503_599_627_370_496.0,
            1.7976931348623157e308,
        ];
        match self.byte() % 3 {
            0 => *self.choose(SPECIAL),
            1 => f64::from_bits(self.u64()),
            // powers of two, where the interval that reads back is lopsided (finding F4)
            _ => 2f64.powi(i32::from(self.byte() as i8) * 4 + i32::from(self.byte() % 4)),
        }
    }
}

const KEYS: &[&str] = &[
    "a",
    "b",
    "_auth_user_id",
    "_auth_user_hash",
    "_session_expiry",
    "n",
    "x",
    "id",
    "name",
    "\u{e9}",
    "",
    "Unit",
    "New",
    "Tup",
    "Rec",
];

/// A model value, nested at most `depth` containers deep.
pub fn value(seed: &mut Seed<'_>, depth: usize) -> Value {
    let top = if depth == 0 { 6 } else { 8 };
    match seed.below(top + 1) {
        0 => Value::Null,
        1 => Value::Bool(seed.bool()),
        2 => Value::Int(seed.u64() as i64 >> (seed.byte() % 64)),
        3 => {
            let digits: String = (0..1 + seed.below(60))
                .map(|_| char::from(b'0' + seed.byte() % 10))
                .collect();
            let digits = digits.trim_start_matches('0');
            let text = format!("{}1{digits}", if seed.bool() { "-" } else { "" });
            Value::int_from_digits(&text)
        }
        4 => Value::Float(seed.float()),
        5 | 6 => Value::String(seed.string(12)),
        7 => Value::List((0..seed.below(5)).map(|_| value(seed, depth - 1)).collect()),
        _ => {
            let mut entries: Vec<(String, Value)> = Vec::new();
            for _ in 0..seed.below(5) {
                let k = if seed.bool() {
                    (*seed.choose(KEYS)).to_string()
                } else {
                    seed.string(6)
                };
                let v = value(seed, depth - 1);
                match entries.iter_mut().find(|(key, _)| *key == k) {
                    Some(slot) => slot.1 = v,
                    None => entries.push((k, v)),
                }
            }
            Value::Object(entries)
        }
    }
}

/// Whitespace Python's JSON reader skips (space, tab, LF, CR), and some it does not.
fn ws(seed: &mut Seed<'_>, out: &mut Vec<u8>) {
    if seed.byte() < 200 {
        return;
    }
    for _ in 0..seed.below(3) {
        out.push(*seed.choose(&[b' ', b'\t', b'\n', b'\r', b' ', 0x0b, 0x0c, 0xa0]));
    }
}

/// A JSON text with Python's extensions and quirks: NaN and infinities, big and negative-zero
/// integers, exponents, every escape (surrogate pairs, lone surrogates), raw latin-1 bytes,
/// repeated keys, odd whitespace; now and then a byte-level edit.
pub fn json_text(seed: &mut Seed<'_>, depth: usize) -> Vec<u8> {
    let mut out = Vec::new();
    ws(seed, &mut out);
    json_value(seed, depth, &mut out);
    ws(seed, &mut out);
    if seed.byte() > 230 {
        edit_bytes(seed, &mut out);
    }
    out
}

fn json_value(seed: &mut Seed<'_>, depth: usize, out: &mut Vec<u8>) {
    let top = if depth == 0 { 5 } else { 7 };
    match seed.below(top + 1) {
        0 => out.extend_from_slice(seed.choose::<&[u8]>(&[
            &b"null"[..],
            b"true",
            b"false",
            b"NaN",
            b"Infinity",
            b"-Infinity",
            b"nan",
            b"-NaN",
        ])),
        1 => json_number(seed, out),
        2 => {
            let f = seed.float();
            out.extend_from_slice(crate::write::float_repr(f).as_bytes());
        }
        3 | 4 => json_string(seed, out),
        5 => out.extend_from_slice(seed.choose::<&[u8]>(&[
            &b"0"[..],
            b"-0",
            b"-0.0",
            b"1e400",
            b"-1e400",
            b"1e-400",
            b"1.",
            b"01",
            b"1e",
            b"1E+2",
            b"-",
            b"2.5e-3",
        ])),
        6 => {
            out.push(b'[');
            for i in 0..seed.below(4) {
                if i > 0 {
                    out.push(b',');
                }
                ws(seed, out);
                json_value(seed, depth - 1, out);
                ws(seed, out);
            }
            out.push(b']');
        }
        _ => {
            out.push(b'{');
            for i in 0..seed.below(4) {
                if i > 0 {
                    out.push(b',');
                }
                ws(seed, out);
                if seed.bool() {
                    out.extend_from_slice(
                        crate::write::quote(seed.choose::<&str>(KEYS)).as_bytes(),
                    );
                } else {
                    json_string(seed, out);
                }
                ws(seed, out);
                out.push(b':');
                ws(seed, out);
                json_value(seed, depth - 1, out);
            }
            out.push(b'}');
        }
    }
}

fn json_number(seed: &mut Seed<'_>, out: &mut Vec<u8>) {
    if seed.bool() {
        out.push(b'-');
    }
    let longest = if seed.byte() > 250 { 4400 } else { 25 };
    let n = 1 + seed.below(longest);
    out.push(b'1' + seed.byte() % 9);
    for _ in 1..n {
        out.push(b'0' + seed.byte() % 10);
    }
    if seed.byte() > 180 {
        out.push(b'.');
        for _ in 0..1 + seed.below(20) {
            out.push(b'0' + seed.byte() % 10);
        }
    }
    if seed.byte() > 180 {
        out.push(*seed.choose(b"eE"));
        if seed.bool() {
            out.push(*seed.choose(b"+-"));
        }
        for _ in 0..1 + seed.below(4) {
            out.push(b'0' + seed.byte() % 10);
        }
    }
}

fn json_string(seed: &mut Seed<'_>, out: &mut Vec<u8>) {
    out.push(b'"');
    for _ in 0..seed.below(8) {
        match seed.byte() % 8 {
            0 => out.extend_from_slice(seed.choose::<&[u8]>(&[
                &b"\\\""[..],
                b"\\\\",
                b"\\/",
                b"\\b",
                b"\\f",
                b"\\n",
                b"\\r",
                b"\\t",
                b"\\x",
                b"\\",
            ])),
            1 => {
                // \uXXXX: anything, surrogates included (pairs, lone, reversed)
                let unit = *seed.choose(&[
                    0x0041u16, 0x00e9, 0xd83d, 0xdc0d, 0xd800, 0xdfff, 0xdbff, 0xdc00, 0xfffe,
                    0x0000,
                ]);
                let unit = if seed.bool() {
                    unit
                } else {
                    u16::from_le_bytes([seed.byte(), seed.byte()])
                };
                out.extend_from_slice(format!("\\u{unit:04x}").as_bytes());
                if seed.bool() {
                    out.make_ascii_uppercase_tail(4);
                }
            }
            2 => out.push(0x80 + seed.byte() % 0x80), // raw latin-1
            3 => out.push(seed.byte() % 0x20),        // raw control character: Python refuses
            4 => out.extend_from_slice("\u{e9}\u{1f40d}".as_bytes()), // UTF-8 read as latin-1
            _ => out.push(b'a' + seed.byte() % 26),
        }
    }
    if seed.byte() < 250 {
        out.push(b'"');
    }
}

trait UpperTail {
    fn make_ascii_uppercase_tail(&mut self, n: usize);
}

impl UpperTail for Vec<u8> {
    fn make_ascii_uppercase_tail(&mut self, n: usize) {
        let start = self.len().saturating_sub(n);
        self[start..].make_ascii_uppercase();
    }
}

/// One to three byte edits: delete, insert, replace, or duplicate a span.
pub fn edit_bytes(seed: &mut Seed<'_>, data: &mut Vec<u8>) {
    for _ in 0..1 + seed.below(3) {
        let at = seed.below(data.len() + 1);
        match seed.byte() % 4 {
            0 if at < data.len() => {
                data.remove(at);
            }
            1 => data.insert(at, seed.byte()),
            2 if at < data.len() => data[at] = seed.byte(),
            _ => {
                let end = (at + seed.below(8)).min(data.len());
                let span = data[at..end].to_vec();
                data.splice(at..at, span);
            }
        }
    }
}

/// One to three character edits of a string (so the result is still a `&str`).
pub fn edit_str(seed: &mut Seed<'_>, s: &str, symbols: &[char]) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for _ in 0..1 + seed.below(3) {
        let at = seed.below(chars.len() + 1);
        match seed.byte() % 3 {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 => chars.insert(at, *seed.choose(symbols)),
            _ if at < chars.len() => chars[at] = *seed.choose(symbols),
            _ => chars.push(*seed.choose(symbols)),
        }
    }
    chars.into_iter().collect()
}

/// A signing time, a `max_age` and a `now`: around the boundary, and anything.
pub fn time(seed: &mut Seed<'_>) -> (i64, Option<f64>, f64) {
    let ts = match seed.byte() % 4 {
        0 => 1_700_000_000,
        1 => seed.u64() as i64,
        2 => i64::from(seed.byte()) - 128,
        _ => *seed.choose(&[i64::MAX, i64::MIN, 0, 1 << 53]),
    };
    let max_age = match seed.byte() % 4 {
        0 => None,
        1 => Some(seed.float()),
        _ => Some(f64::from(seed.byte()) - 10.0),
    };
    let now = if seed.bool() {
        ts as f64 + f64::from(seed.byte()) - 5.0
    } else {
        seed.float()
    };
    (ts, max_age, now)
}

/// What a token may be edited with.
pub const TOKEN_SYMBOLS: &[char] = &[
    'A', 'a', '0', '-', '_', '=', '+', '/', ':', '.', ' ', '\u{e9}', '~', '\n',
];
