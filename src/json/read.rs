//! Reading JSON as Django's `JSONSerializer.loads` does; described in the public module's
//! docs (`json/mod.rs`).

use alloc::string::String;
use alloc::vec::Vec;

use super::value::{BigInt, List, Map, Value};
use crate::Error;

/// Parses `data` with Python's semantics (see the public module's docs, `json/mod.rs`).
pub(crate) fn parse(data: &[u8], max_depth: usize) -> Result<Value, Error> {
    parse_with(data, max_depth, false)
}

/// Parses UTF-8 text as Python's `json.loads(str)`: non-ASCII characters are themselves,
/// not latin-1 bytes.
pub(crate) fn parse_str(text: &str, max_depth: usize) -> Result<Value, Error> {
    parse_with(text.as_bytes(), max_depth, true)
}

fn parse_with(data: &[u8], max_depth: usize, utf8: bool) -> Result<Value, Error> {
    let mut p = Parser::new(data, utf8);
    let (value, tainted) = p.parse_document(max_depth)?;
    match p.lone_surrogate_at {
        Some(offset) if tainted => Err(Error::UnrepresentableJson {
            offset,
            reason: "lone surrogate in a string",
        }),
        _ => Ok(value),
    }
}

/// A finished value, and whether it still holds a string with a lone surrogate (replaced by
/// U+FFFD while parsing). A tainted value that Python would keep makes the document
/// unrepresentable; one that a later duplicate key replaces does not.
type Parsed = (Value, bool);

enum Frame {
    List(Vec<Value>, bool),
    Object(ObjectFrame),
}

/// Pushes `item`, growing `v` (when full) by doubling, but never past what the rest of the
/// input can fill: `room` more items at most. Plain doubling could leave a container that
/// ends just past a power of two with almost half its buffer unused, and the parser's peak
/// memory would then depend on where the input's size falls (audits/threat-model.md, A3).
fn push_within<T>(v: &mut Vec<T>, item: T, room: usize) {
    if v.len() == v.capacity() {
        let grow = v.len().max(4).min(room.saturating_add(1));
        v.reserve_exact(grow);
    }
    v.push(item);
}

struct ObjectFrame {
    /// Entries so far.
    entries: Vec<(String, Value)>,
    /// Each entry's value taint, apart so that the entries need no copy when the object
    /// closes (a copy would double the object's memory at its peak); empty while every value
    /// so far is clean.
    tainted: Vec<bool>,
    /// The key whose value is being parsed, and its taint.
    key: (String, bool),
    /// Python keeps every distinct key, so any tainted key taints the object.
    any_key_tainted: bool,
}

impl ObjectFrame {
    fn new(key: (String, bool)) -> Self {
        Self {
            any_key_tainted: key.1,
            entries: Vec::new(),
            tainted: Vec::new(),
            key,
        }
    }

    fn push(&mut self, key: String, parsed: Parsed, room: usize) {
        // The taints are kept only from the first tainted value on (earlier ones were all
        // clean): an object without lone surrogates, nearly every one, allocates no flags.
        if parsed.1 || !self.tainted.is_empty() {
            if self.tainted.is_empty() {
                self.tainted = alloc::vec![false; self.entries.len()];
            }
            push_within(&mut self.tainted, parsed.1, room);
        }
        push_within(&mut self.entries, (key, parsed.0), room);
    }

    /// The object, with Python's duplicate-key rule, and its taint: a tainted key, or a
    /// tainted value that is the last one for its key.
    fn finish(self) -> Parsed {
        let Self {
            mut entries,
            tainted: taints,
            any_key_tainted,
            ..
        } = self;
        let mut tainted = any_key_tainted;
        if !tainted && taints.iter().any(|t| *t) {
            let mut seen = alloc::collections::BTreeSet::new();
            for ((k, _), t) in entries.iter().zip(&taints).rev() {
                if seen.insert(k.as_str()) && *t {
                    tainted = true;
                    break;
                }
            }
        }
        drop(taints);
        // Growth leaves up to half the room unused; duplicate keys removed leave more.
        entries.shrink_to_fit();
        let mut map = Map::from_entries_last_wins(entries);
        map.shrink_to_fit();
        (Value::Object(map), tainted)
    }
}

pub(super) struct Parser<'a> {
    data: &'a [u8],
    pub(super) pos: usize,
    /// Where the first lone surrogate is, for the error.
    lone_surrogate_at: Option<usize>,
    /// The string being parsed has a lone surrogate.
    pub(super) string_tainted: bool,
    /// The input is known-valid UTF-8 text rather than latin-1 bytes.
    utf8: bool,
}

impl<'a> Parser<'a> {
    /// A parser at the start of `data`; `utf8` as in [`parse_str`].
    pub(super) fn new(data: &'a [u8], utf8: bool) -> Self {
        Self {
            data,
            pos: 0,
            lone_surrogate_at: None,
            string_tainted: false,
            utf8,
        }
    }

    fn err(&self, reason: &'static str) -> Error {
        Error::MalformedJson {
            offset: self.pos,
            reason,
        }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    pub(super) fn bump(&mut self) {
        self.pos = self.pos.saturating_add(1);
    }

    /// How many more items of at least `min_len` bytes the rest of the input can hold.
    fn room(&self, min_len: usize) -> usize {
        self.data
            .len()
            .saturating_sub(self.pos)
            .checked_div(min_len)
            .unwrap_or(0)
    }

    pub(super) fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    pub(super) fn eat_literal(&mut self, lit: &[u8]) -> bool {
        let end = self.pos.saturating_add(lit.len());
        if self.data.get(self.pos..end) == Some(lit) {
            self.pos = end;
            true
        } else {
            false
        }
    }

    fn parse_document(&mut self, max_depth: usize) -> Result<Parsed, Error> {
        let mut stack: Vec<Frame> = Vec::new();
        'value: loop {
            self.skip_ws();
            let mut parsed: Parsed = match self.peek() {
                Some(b'[') => {
                    self.open(&stack, max_depth)?;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.bump();
                        (Value::List(List::new()), false)
                    } else {
                        stack.push(Frame::List(Vec::new(), false));
                        continue 'value;
                    }
                }
                Some(b'{') => {
                    self.open(&stack, max_depth)?;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.bump();
                        (Value::Object(Map::new()), false)
                    } else {
                        let key = self.parse_key()?;
                        stack.push(Frame::Object(ObjectFrame::new(key)));
                        continue 'value;
                    }
                }
                _ => self.parse_scalar()?,
            };
            // Attach the finished value to its parent; close parents that end here.
            loop {
                match stack.last_mut() {
                    None => {
                        self.skip_ws();
                        if self.pos < self.data.len() {
                            return Err(self.err("extra data"));
                        }
                        return Ok(parsed);
                    }
                    Some(Frame::List(items, tainted)) => {
                        // Each further item needs two bytes of input at least (`,0`).
                        let room = self.room(2);
                        push_within(items, parsed.0, room);
                        *tainted |= parsed.1;
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                self.bump();
                                continue 'value;
                            }
                            Some(b']') => {
                                self.bump();
                                let Some(Frame::List(mut items, tainted)) = stack.pop() else {
                                    return Err(self.err("parser state"));
                                };
                                // Growth leaves up to half the room unused; a finished
                                // list keeps only what it holds (audits/threat-model.md, A3).
                                items.shrink_to_fit();
                                parsed = (Value::List(List::from(items)), tainted);
                            }
                            _ => return Err(self.err("expecting ',' delimiter")),
                        }
                    }
                    Some(Frame::Object(obj)) => {
                        let key = core::mem::take(&mut obj.key.0);
                        // Each further entry needs five bytes at least (`,"":0`).
                        let room = self.room(5);
                        obj.push(key, parsed, room);
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                self.bump();
                                self.skip_ws();
                                obj.key = self.parse_key()?;
                                obj.any_key_tainted |= obj.key.1;
                                continue 'value;
                            }
                            Some(b'}') => {
                                self.bump();
                                let Some(Frame::Object(obj)) = stack.pop() else {
                                    return Err(self.err("parser state"));
                                };
                                parsed = obj.finish();
                            }
                            _ => return Err(self.err("expecting ',' delimiter")),
                        }
                    }
                }
            }
        }
    }

    /// Consumes an opening bracket, refusing to nest deeper than `max_depth`.
    fn open(&mut self, stack: &[Frame], max_depth: usize) -> Result<(), Error> {
        if stack.len() >= max_depth {
            return Err(Error::UnrepresentableJson {
                offset: self.pos,
                reason: "nesting deeper than the configured limit",
            });
        }
        self.bump();
        Ok(())
    }

    /// `"key"` then `:`; the position is at the opening quote (after whitespace).
    fn parse_key(&mut self) -> Result<(String, bool), Error> {
        if self.peek() != Some(b'"') {
            return Err(self.err("expecting property name enclosed in double quotes"));
        }
        self.bump();
        let key = self.parse_string_body()?;
        let tainted = self.string_tainted;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.err("expecting ':' delimiter"));
        }
        self.bump();
        Ok((key, tainted))
    }

    fn parse_scalar(&mut self) -> Result<Parsed, Error> {
        if self.peek() == Some(b'"') {
            self.bump();
            let s = self.parse_string_body()?;
            return Ok((Value::String(s), self.string_tainted));
        }
        self.parse_literal_or_number().map(|v| (v, false))
    }

    pub(super) fn parse_literal_or_number(&mut self) -> Result<Value, Error> {
        match self.peek() {
            Some(b'n') if self.eat_literal(b"null") => Ok(Value::Null),
            Some(b't') if self.eat_literal(b"true") => Ok(Value::Bool(true)),
            Some(b'f') if self.eat_literal(b"false") => Ok(Value::Bool(false)),
            Some(b'N') if self.eat_literal(b"NaN") => Ok(Value::Float(f64::NAN)),
            Some(b'I') if self.eat_literal(b"Infinity") => Ok(Value::Float(f64::INFINITY)),
            Some(b'-') if self.eat_literal(b"-Infinity") => Ok(Value::Float(f64::NEG_INFINITY)),
            Some(b'-' | b'0'..=b'9') => self.parse_number(),
            _ => Err(self.err("expecting value")),
        }
    }

    fn eat_digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.bump();
        }
        self.pos.saturating_sub(start)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`, as CPython's scanner matches it.
    fn parse_number(&mut self) -> Result<Value, Error> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.bump();
        }
        match self.peek() {
            Some(b'0') => self.bump(),
            Some(b'1'..=b'9') => {
                self.eat_digits();
            }
            _ => return Err(self.err("expecting value")),
        }
        let mut is_float = false;
        if self.peek() == Some(b'.')
            && matches!(self.data.get(self.pos.saturating_add(1)), Some(b'0'..=b'9'))
        {
            self.bump();
            self.eat_digits();
            is_float = true;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            let e_start = self.pos;
            self.bump();
            if matches!(self.peek(), Some(b'-' | b'+')) {
                self.bump();
            }
            if self.eat_digits() > 0 {
                is_float = true;
            } else {
                // CPython backtracks to before the `e`; what follows is then an error.
                self.pos = e_start;
            }
        }
        let text = self
            .data
            .get(start..self.pos)
            .and_then(|t| core::str::from_utf8(t).ok())
            .ok_or_else(|| self.err("number"))?;
        if is_float {
            // Rust's parser rounds correctly like Python's float(), and saturates to
            // infinity or zero the same way.
            text.parse::<f64>()
                .map(Value::Float)
                .map_err(|_| self.err("invalid float"))
        } else {
            BigInt::parse(text).ok_or(Error::MalformedJson {
                offset: start,
                reason: "integer has more than 4300 digits",
            })
        }
    }

    /// The run of plain ASCII characters from here (no quote, backslash, control or non-ASCII
    /// byte), consumed.
    pub(super) fn plain_run(&mut self) -> &'a str {
        let rest = self.data.get(self.pos..).unwrap_or_default();
        let run = rest
            .iter()
            .position(|&c| matches!(c, b'"' | b'\\' | 0x00..=0x1f | 0x80..=0xff))
            .unwrap_or(rest.len());
        self.pos = self.pos.saturating_add(run);
        // ASCII is UTF-8; the fallback cannot be reached.
        core::str::from_utf8(rest.get(..run).unwrap_or_default()).unwrap_or_default()
    }

    /// After the opening quote: the string's characters up to and including the closing quote.
    pub(super) fn parse_string_body(&mut self) -> Result<String, Error> {
        self.string_tainted = false;
        // Most strings are one plain run, and become one exact-size allocation.
        let plain = self.plain_run();
        let run = plain.len();
        if self.peek() == Some(b'"') {
            self.bump();
            return Ok(String::from(plain));
        }
        let mut s = String::with_capacity(run.saturating_mul(2).max(16));
        s.push_str(plain);
        loop {
            let Some(c) = self.peek() else {
                return Err(self.err("unterminated string"));
            };
            match c {
                b'"' => {
                    self.bump();
                    return Ok(s);
                }
                b'\\' => {
                    self.bump();
                    self.parse_escape(&mut s)?;
                }
                0x00..=0x1f => return Err(self.err("invalid control character")),
                0x80..=0xff if self.utf8 => {
                    // Text input: copy the whole UTF-8 sequence (the input is a `&str`, so
                    // the sequence is complete and valid).
                    let len = match c {
                        0xf0..=0xff => 4,
                        0xe0..=0xef => 3,
                        _ => 2,
                    };
                    let end = self.pos.saturating_add(len);
                    let ch = self
                        .data
                        .get(self.pos..end)
                        .and_then(|b| core::str::from_utf8(b).ok())
                        .ok_or_else(|| self.err("invalid UTF-8"))?;
                    s.push_str(ch);
                    self.pos = end;
                }
                0x80..=0xff => {
                    // latin-1: the byte is the code point.
                    s.push(char::from(c));
                    self.bump();
                }
                _ => s.push_str(self.plain_run()),
            }
        }
    }

    fn parse_escape(&mut self, s: &mut String) -> Result<(), Error> {
        let Some(c) = self.peek() else {
            return Err(self.err("unterminated string"));
        };
        self.bump();
        let simple = match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{08}',
            b'f' => '\u{0c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.parse_unicode_escape(s),
            _ => return Err(self.err("invalid \\escape")),
        };
        s.push(simple);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = self
                .peek()
                .and_then(|c| char::from(c).to_digit(16))
                .ok_or_else(|| self.err("invalid \\uXXXX escape"))?;
            v = (v << 4) | d;
            self.bump();
        }
        Ok(v)
    }

    /// After `\u`. A high surrogate directly followed by a `\u` low surrogate is one
    /// character, as in CPython; any other surrogate is kept by Python and refused by us.
    fn parse_unicode_escape(&mut self, s: &mut String) -> Result<(), Error> {
        let escape_start = self.pos.saturating_sub(2);
        let first = self.hex4()?;
        let mut decoded = char::from_u32(first);
        if (0xd800..0xdc00).contains(&first)
            && self.data.get(self.pos..self.pos.saturating_add(2)) == Some(b"\\u")
        {
            let resume = self.pos;
            self.pos = self.pos.saturating_add(2);
            let second = self.hex4()?;
            let pair = [first, second].map(|u| u16::try_from(u).unwrap_or(0));
            match char::decode_utf16(pair).next() {
                Some(Ok(ch)) => decoded = Some(ch),
                _ => self.pos = resume,
            }
        }
        match decoded {
            Some(ch) => s.push(ch),
            None => {
                // Keep going: if the text turns out invalid, that error wins, as in Python;
                // and if a later duplicate key replaces this value, Python drops it too.
                self.lone_surrogate_at.get_or_insert(escape_start);
                self.string_tainted = true;
                s.push(char::REPLACEMENT_CHARACTER);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn ok(s: &[u8]) -> Value {
        parse(s, 1000).unwrap()
    }

    fn slug(s: &[u8]) -> &'static str {
        parse(s, 1000).unwrap_err().slug()
    }

    #[test]
    fn python_extensions() {
        assert!(ok(b"NaN").as_f64().unwrap().is_nan());
        assert_eq!(ok(b" -Infinity "), Value::Float(f64::NEG_INFINITY));
        assert_eq!(ok(b"1e400"), Value::Float(f64::INFINITY));
        assert_eq!(ok(b"-0"), Value::Int(0));
        assert_eq!(ok(b"\"h\xc3\xa9\""), Value::String("h\u{c3}\u{a9}".into()));
        assert_eq!(ok(b"\"\\ud83d\\udc0d\""), Value::String("\u{1F40D}".into()));
        assert_eq!(
            ok(b"{\"a\":1,\"b\":2,\"a\":3}"),
            Value::Object([("a", 3), ("b", 2)].into_iter().collect())
        );
    }

    #[test]
    fn lone_surrogates_only_matter_if_python_keeps_them() {
        // replaced by a later duplicate: Python keeps {"a": 1}
        assert_eq!(
            ok(b"{\"a\":\"\\ud800\",\"a\":1}"),
            Value::Object([("a", 1)].into_iter().collect())
        );
        assert_eq!(
            ok(b"{\"a\":[\"\\ud800\"],\"a\":1}").get("a"),
            Some(&Value::Int(1))
        );
        // the surviving value, a nested one, or any key keeps the document unrepresentable
        for bad in [
            &b"{\"a\":1,\"a\":\"\\ud800\"}"[..],
            b"[{\"a\":{\"b\":\"\\udc00\"}}]",
            b"{\"\\ud800\":1,\"\\ud800\":2}",
            b"{\"\\ud800\":1}",
        ] {
            assert_eq!(
                slug(bad),
                "unrepresentable-json",
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn errors() {
        assert_eq!(slug(b"\"\\ud800\""), "unrepresentable-json");
        // invalid later in the text: Python refuses the whole, so malformed wins
        assert_eq!(slug(b"[\"\\ud800\",]"), "malformed-json");
        assert_eq!(slug(b"[1,]"), "malformed-json");
        assert_eq!(slug(b"1 x"), "malformed-json");
        assert_eq!(slug(b"01"), "malformed-json");
        assert_eq!(slug(b"1."), "malformed-json");
        assert_eq!(slug(b"\"\x1f\""), "malformed-json");
        assert_eq!(slug(b"nan"), "malformed-json");
        assert_eq!(slug(b""), "malformed-json");
        assert_eq!(slug(b"-NaN"), "malformed-json");
    }

    #[test]
    fn text_input_keeps_characters() {
        let v = parse_str("{\"h\u{e9}\":\"\u{1F40D}\"}", 10).unwrap();
        assert_eq!(v.get("h\u{e9}"), Some(&Value::String("\u{1F40D}".into())));
        // outside a string a non-ASCII character is an error, as for Python
        assert_eq!(
            parse_str("\u{e9}", 10).unwrap_err().slug(),
            "malformed-json"
        );
        // the same bytes read as latin-1 are four characters
        assert_eq!(
            parse("\"\u{1F40D}\"".as_bytes(), 10)
                .unwrap()
                .as_str()
                .map(|s| s.chars().count()),
            Some(4)
        );
    }

    #[test]
    fn depth_limit() {
        let deep = |n: usize| {
            let mut v = vec![b'['; n];
            v.extend(vec![b']'; n]);
            v
        };
        assert!(parse(&deep(3), 3).is_ok());
        assert_eq!(
            parse(&deep(4), 3).unwrap_err().slug(),
            "unrepresentable-json"
        );
        assert!(parse(&deep(1000), 1000).is_ok());
        // the parser does not recurse: a million brackets fail at the limit, stack intact
        assert_eq!(
            parse(&deep(1_000_000), 1000).unwrap_err().slug(),
            "unrepresentable-json"
        );
    }

    /// The room a container may grow into is what the rest of the input can still fill:
    /// never less (that would reallocate once per item) and at most one more.
    #[test]
    fn growth_room_is_what_the_input_can_fill() {
        for n in 1..12usize {
            let items = vec!["0"; n].join(",");
            let entries = vec!["\"\":0"; n].join(",");
            for (text, min_len, unit) in [
                (alloc::format!("[{items}]"), 2, 2usize),
                (alloc::format!("{{{entries}}}"), 5, 5),
            ] {
                // after the k-th item, n - k more follow
                for k in 1..=n {
                    let pos = 1 + k * unit - 1;
                    let p = Parser {
                        data: text.as_bytes(),
                        pos,
                        lone_surrogate_at: None,
                        string_tainted: false,
                        utf8: true,
                    };
                    let room = p.room(min_len);
                    assert!(
                        room >= n - k && room <= n - k + 1,
                        "{text} at {pos}: {room}"
                    );
                }
            }
        }
    }

    #[test]
    fn push_within_never_reserves_past_the_room() {
        for room in 0..6usize {
            let mut v: Vec<u8> = Vec::new();
            push_within(&mut v, 0, room);
            assert!(v.capacity() <= room + 1, "room {room}: {}", v.capacity());
            for _ in 0..room {
                push_within(&mut v, 0, room);
            }
            assert!(
                v.capacity() <= 2 * room + 1,
                "room {room}: {}",
                v.capacity()
            );
        }
        // a full vector with room to spare doubles (at least four)
        let mut v: Vec<u8> = Vec::with_capacity(8);
        v.extend([0; 8]);
        push_within(&mut v, 0, 100);
        assert_eq!(v.capacity(), 16);
    }

    /// After a bare exponent CPython backtracks to before the `e` and reports what follows;
    /// its messages and positions (json.loads in CPython 3.11).
    #[test]
    fn a_bare_exponent_is_not_part_of_the_number() {
        for (text, reason, offset) in [
            (&b"[1e]"[..], "expecting ',' delimiter", 2),
            (b"[1E+]", "expecting ',' delimiter", 2),
            (b"[2e-,1]", "expecting ',' delimiter", 2),
            (b"1ex", "extra data", 1),
            (b"{\"a\":1e}", "expecting ',' delimiter", 6),
        ] {
            assert_eq!(
                parse(text, 10),
                Err(Error::MalformedJson { offset, reason }),
                "{text:?}"
            );
        }
    }

    /// Text input (Django main's UTF-8 codec, `json_loads_str`) copies each UTF-8 sequence
    /// whole, of every length, between and beside escapes.
    #[test]
    fn text_input_keeps_every_utf8_length() {
        for text in ["é", "€", "𝄞", "aé€𝄞z", "€\\n𝄞", "\\u20ac€"] {
            let json = alloc::format!("[\"{text}\"]");
            let want = text.replace("\\n", "\n").replace("\\u20ac", "€");
            assert_eq!(
                parse_str(&json, 10),
                Ok(Value::from(vec![Value::String(want)])),
                "{json}"
            );
        }
    }
}
