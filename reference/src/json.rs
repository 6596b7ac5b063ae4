//! Reading JSON as Django does: `json.loads(data.decode("latin-1"))` on CPython 3.11
//! (`Lib/json/decoder.py` and the C scanner in `Modules/_json.c`).
//!
//! The text is a sequence of code points (latin-1: one byte, one code point). A recursive
//! descent over it builds a Python-shaped value ([`Py`]) whose strings are code points, lone
//! surrogates included, and whose dicts follow Python's rule for repeated keys as they are
//! built. Only then is the value converted to a [`Value`]; a string that still holds a
//! surrogate cannot be a Rust `String`, which djsign reports as `unrepresentable-json`
//! (SPEC.md D2). Nesting deeper than the limit is `unrepresentable-json` at the bracket that
//! exceeds it (D5). Everything Python refuses is `malformed-json`.

use crate::Kind;
use crate::value::Value;

/// Python's `int_max_str_digits` default.
pub const MAX_INT_DIGITS: usize = 4300;

/// A value as CPython's `json` module builds it.
#[derive(Clone, Debug)]
pub enum Py {
    None,
    Bool(bool),
    /// The integer's text as matched (`-?(0|[1-9][0-9]*)`).
    Int(String),
    Float(f64),
    Str(Vec<u32>),
    List(Vec<Py>),
    /// `dict`: distinct keys in insertion order; assigning a present key replaces its value
    /// in place.
    Dict(Vec<(Vec<u32>, Py)>),
}

/// `json.loads(data.decode("latin-1"))`, then the conversion to [`Value`].
///
/// # Errors
/// [`Kind::MalformedJson`] where Python raises; [`Kind::UnrepresentableJson`] for a surviving
/// lone surrogate or nesting deeper than `max_depth`.
pub fn loads_latin1(data: &[u8], max_depth: usize) -> Result<Value, Kind> {
    let text: Vec<u32> = data.iter().map(|&b| u32::from(b)).collect();
    to_value(&parse(&text, max_depth)?)
}

/// `json.loads(text)` on a `str` (djsign's `json_loads_str`).
///
/// # Errors
/// As [`loads_latin1`].
pub fn loads_str(text: &str, max_depth: usize) -> Result<Value, Kind> {
    let text: Vec<u32> = text.chars().map(u32::from).collect();
    to_value(&parse(&text, max_depth)?)
}

/// `json.loads`: whitespace, one value, whitespace, end of text.
///
/// # Errors
/// As [`loads_latin1`], without the conversion.
pub fn parse(text: &[u32], max_depth: usize) -> Result<Py, Kind> {
    let mut r = Reader {
        s: text,
        i: 0,
        max_depth,
    };
    r.skip_ws();
    let v = r.value(0)?;
    r.skip_ws();
    if r.i != text.len() {
        return Err(Kind::MalformedJson); // "Extra data"
    }
    Ok(v)
}

/// The Python value as a [`Value`]: refused if a string (key or value) holds a surrogate.
///
/// # Errors
/// [`Kind::UnrepresentableJson`].
pub fn to_value(py: &Py) -> Result<Value, Kind> {
    Ok(match py {
        Py::None => Value::Null,
        Py::Bool(b) => Value::Bool(*b),
        Py::Int(text) => {
            // int("-0") == 0
            if text == "-0" {
                Value::Int(0)
            } else {
                Value::int_from_digits(text)
            }
        }
        Py::Float(f) => Value::Float(*f),
        Py::Str(s) => Value::String(to_string(s)?),
        Py::List(items) => Value::List(items.iter().map(to_value).collect::<Result<_, _>>()?),
        Py::Dict(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| Ok((to_string(k)?, to_value(v)?)))
                .collect::<Result<_, Kind>>()?,
        ),
    })
}

fn to_string(code_points: &[u32]) -> Result<String, Kind> {
    code_points
        .iter()
        .map(|&c| char::from_u32(c).ok_or(Kind::UnrepresentableJson))
        .collect()
}

struct Reader<'a> {
    s: &'a [u32],
    i: usize,
    max_depth: usize,
}

const fn is_digit(c: u32) -> bool {
    c >= '0' as u32 && c <= '9' as u32
}

impl Reader<'_> {
    fn at(&self, i: usize) -> Option<u32> {
        self.s.get(i).copied()
    }

    fn peek(&self) -> Option<u32> {
        self.at(self.i)
    }

    fn starts_with(&self, lit: &str) -> bool {
        let lit: Vec<u32> = lit.chars().map(u32::from).collect();
        self.s[self.i..].starts_with(&lit)
    }

    /// `WHITESPACE = re.compile(r'[ \t\n\r]*')`.
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(0x20 | 0x09 | 0x0a | 0x0d)) {
            self.i += 1;
        }
    }

    /// `scan_once(s, idx)`; `depth` containers enclose this value.
    fn value(&mut self, depth: usize) -> Result<Py, Kind> {
        let c = self.peek().ok_or(Kind::MalformedJson)?;
        let literals: [(&str, Py); 6] = [
            ("null", Py::None),
            ("true", Py::Bool(true)),
            ("false", Py::Bool(false)),
            ("NaN", Py::Float(f64::NAN)),
            ("Infinity", Py::Float(f64::INFINITY)),
            ("-Infinity", Py::Float(f64::NEG_INFINITY)),
        ];
        match char::from_u32(c) {
            Some('"') => {
                self.i += 1;
                Ok(Py::Str(self.string_body()?))
            }
            Some('[' | '{') => {
                if depth >= self.max_depth {
                    return Err(Kind::UnrepresentableJson);
                }
                self.i += 1;
                if c == u32::from('[') {
                    self.array(depth + 1)
                } else {
                    self.object(depth + 1)
                }
            }
            _ => {
                for (lit, v) in literals {
                    if self.starts_with(lit) {
                        self.i += lit.chars().count();
                        return Ok(v);
                    }
                }
                self.number()
            }
        }
    }

    /// After `[`.
    fn array(&mut self, depth: usize) -> Result<Py, Kind> {
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(u32::from(']')) {
            self.i += 1;
            return Ok(Py::List(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.peek().and_then(char::from_u32) {
                Some(']') => {
                    self.i += 1;
                    return Ok(Py::List(items));
                }
                Some(',') => {
                    self.i += 1;
                    self.skip_ws();
                }
                _ => return Err(Kind::MalformedJson), // "Expecting ',' delimiter"
            }
        }
    }

    /// After `{`.
    fn object(&mut self, depth: usize) -> Result<Py, Kind> {
        let mut entries: Vec<(Vec<u32>, Py)> = Vec::new();
        self.skip_ws();
        if self.peek() == Some(u32::from('}')) {
            self.i += 1;
            return Ok(Py::Dict(entries));
        }
        loop {
            if self.peek() != Some(u32::from('"')) {
                return Err(Kind::MalformedJson); // "Expecting property name enclosed in double quotes"
            }
            self.i += 1;
            let key = self.string_body()?;
            self.skip_ws();
            if self.peek() != Some(u32::from(':')) {
                return Err(Kind::MalformedJson); // "Expecting ':' delimiter"
            }
            self.i += 1;
            self.skip_ws();
            let value = self.value(depth)?;
            // d[key] = value
            match entries.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => entries.push((key, value)),
            }
            self.skip_ws();
            match self.peek().and_then(char::from_u32) {
                Some('}') => {
                    self.i += 1;
                    return Ok(Py::Dict(entries));
                }
                Some(',') => {
                    self.i += 1;
                    self.skip_ws();
                }
                _ => return Err(Kind::MalformedJson), // "Expecting ',' delimiter"
            }
        }
    }

    /// `_match_number_unicode`: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`; the fraction
    /// and the exponent are only taken when digits follow (else the scanner stops before them).
    fn number(&mut self) -> Result<Py, Kind> {
        let start = self.i;
        let mut j = self.i;
        if self.at(j) == Some(u32::from('-')) {
            j += 1;
        }
        match self.at(j) {
            Some(c) if c == u32::from('0') => j += 1,
            Some(c) if is_digit(c) => {
                while self.at(j).is_some_and(is_digit) {
                    j += 1;
                }
            }
            _ => return Err(Kind::MalformedJson), // "Expecting value"
        }
        let mut is_float = false;
        if self.at(j) == Some(u32::from('.')) && self.at(j + 1).is_some_and(is_digit) {
            j += 1;
            while self.at(j).is_some_and(is_digit) {
                j += 1;
            }
            is_float = true;
        }
        if matches!(self.at(j).and_then(char::from_u32), Some('e' | 'E')) {
            let mut k = j + 1;
            if matches!(self.at(k).and_then(char::from_u32), Some('+' | '-')) {
                k += 1;
            }
            let digits_from = k;
            while self.at(k).is_some_and(is_digit) {
                k += 1;
            }
            if k > digits_from {
                j = k;
                is_float = true;
            }
        }
        self.i = j;
        let text: String = self.s[start..j]
            .iter()
            .filter_map(|&c| char::from_u32(c))
            .collect();
        if is_float {
            // float(text): correctly rounded, overflow to inf, underflow to 0.
            Ok(Py::Float(text.parse().map_err(|_| Kind::MalformedJson)?))
        } else {
            // int(text): ValueError past 4300 digits.
            if text.trim_start_matches('-').len() > MAX_INT_DIGITS {
                return Err(Kind::MalformedJson);
            }
            Ok(Py::Int(text))
        }
    }

    /// `scanstring(s, end, strict=True)`, after the opening quote, through the closing one.
    fn string_body(&mut self) -> Result<Vec<u32>, Kind> {
        let mut out = Vec::new();
        loop {
            let c = self.peek().ok_or(Kind::MalformedJson)?; // "Unterminated string"
            self.i += 1;
            match c {
                0x22 => return Ok(out),
                0x5c => {
                    let e = self
                        .peek()
                        .and_then(char::from_u32)
                        .ok_or(Kind::MalformedJson)?;
                    self.i += 1;
                    let simple = match e {
                        '"' => '"',
                        '\\' => '\\',
                        '/' => '/',
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        'u' => {
                            out.push(self.unicode_escape()?);
                            continue;
                        }
                        _ => return Err(Kind::MalformedJson), // "Invalid \\escape"
                    };
                    out.push(u32::from(simple));
                }
                0x00..=0x1f => return Err(Kind::MalformedJson), // "Invalid control character"
                _ => out.push(c),
            }
        }
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.s.get(at..at + 4)?;
        digits.iter().try_fold(0, |acc, &d| {
            Some(acc * 16 + char::from_u32(d)?.to_digit(16)?)
        })
    }

    /// After `\u`: four hex digits; a high surrogate directly followed by `\u` and a low
    /// surrogate joins it; any other surrogate stays alone.
    fn unicode_escape(&mut self) -> Result<u32, Kind> {
        let first = self.hex4(self.i).ok_or(Kind::MalformedJson)?; // "Invalid \\uXXXX escape"
        self.i += 4;
        if (0xd800..0xdc00).contains(&first)
            && self.peek() == Some(u32::from('\\'))
            && self.at(self.i + 1) == Some(u32::from('u'))
        {
            let second = self.hex4(self.i + 2).ok_or(Kind::MalformedJson)?;
            if (0xdc00..0xe000).contains(&second) {
                self.i += 6;
                return Ok(0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00));
            }
        }
        Ok(first)
    }
}
