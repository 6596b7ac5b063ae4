//! Typed loads in one pass (issue 9): `loads::<T>` read straight from the payload's bytes, for
//! the documents where that provably gives what the two steps give (parse into a [`Value`]
//! with Python's rules, then [`from_value`](super::from_value)), and nothing otherwise.
//!
//! The two-step path stays the definition. This reader only ever answers "here is the same
//! `T`" or "I cannot tell" ([`Fallback`]); on the second the caller runs the two steps, which
//! then decide every error (its messages, its positions, pickle detection) and every
//! document this reader declines:
//! - a repeated key in any object (Python keeps the last value at the first position, which
//!   a reader that has already handed the first value to `T` cannot undo);
//! - a key with an escape or a byte outside ASCII (so keys compare as their raw bytes);
//! - a lone surrogate anywhere (the two steps refuse it, or drop it with a duplicate key);
//! - a [`Value`] inside `T` (its flat-token protocol is the tree reader's);
//! - a container the visitor left unfinished, a value it skipped, nesting past `max_depth`,
//!   ignored values nested more than 64 deep, and anything malformed.
//!
//! Otherwise every visitor call is the one [`ValueDe`] makes for the same value: scalars go
//! through it (numbers and literals are parsed by the tree reader's own code), strings as
//! the same characters (borrowed from the input when they have no escape; a `Deserialize`
//! that treats `visit_borrowed_str` and `visit_string` differently is outside the promise),
//! lists and objects item by item, enums as a string or a one-entry object. Lists and objects
//! report no size hint, so a `Vec` in `T` grows by doubling instead of being sized exactly.
//!
//! A declined payload means `T`'s `Deserialize` runs twice, the first time stopped part way
//! (its partial result dropped): harmless for any type without side effects in its
//! `Deserialize`, which is what serde expects of one.
//!
//! Work: a scan for the nesting depth (a payload nested past `max_depth` is refused by the
//! tree parser before any caller code runs, so it is left to it), one pass, plus the two-step
//! path after a fallback (so at most about twice the two-step cost); a repeated key is found
//! by comparing each key with the object's first [`INLINE_KEYS`] keys, and the keys after
//! those by sorting them once when it closes. Stack: a caller's type recurses as it does on
//! the two-step path (at most `max_depth` levels); ignored values are skipped by a loop.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};

use super::de::{VALUE_TOKEN, ValueDe};
use super::read::Parser;
#[cfg(doc)]
use super::value::Value;

/// `T` read from `data` in one pass, or `None` when only the two-step path can say what the
/// result is (see the module documentation). `utf8`: the payload is text (Django's
/// development branch), else latin-1 bytes.
pub(crate) fn from_slice<T: DeserializeOwned>(
    data: &[u8],
    max_depth: usize,
    utf8: bool,
) -> Option<T> {
    // Python decodes the whole payload first: invalid UTF-8 is the two-step path's error.
    if utf8 && core::str::from_utf8(data).is_err() {
        return None;
    }
    // A caller's type that recurses with the payload must not start on one that the tree
    // parser refuses for its depth (it refuses before any caller code runs): a payload
    // nested past `max_depth` is left to it.
    if !nests_within(data, max_depth) {
        return None;
    }
    let mut de = Direct {
        p: Parser::new(data, utf8),
        depth: 0,
        max_depth,
    };
    let value = T::deserialize(&mut de).ok()?;
    de.p.skip_ws();
    (de.p.pos == data.len()).then_some(value)
}

/// Whether no bracket outside a string is nested more than `max_depth` deep. Strings are
/// delimited as the parser delimits them, so on every prefix the parser accepts the two
/// count the same depth; past the first byte it refuses, the one-pass reader stops anyway.
fn nests_within(data: &[u8], max_depth: usize) -> bool {
    let mut depth = 0usize;
    let mut rest = data;
    while let Some(at) = rest
        .iter()
        .position(|&b| matches!(b, b'"' | b'[' | b']' | b'{' | b'}'))
    {
        let (byte, after) = (rest.get(at).copied(), rest.get(at.saturating_add(1)..));
        rest = after.unwrap_or_default();
        match byte {
            Some(b'"') => {
                // To the closing quote: a backslash takes the byte after it along.
                let mut i = 0;
                loop {
                    match rest.get(i) {
                        Some(b'"') | None => break,
                        Some(b'\\') => i = i.saturating_add(2),
                        Some(_) => i = i.saturating_add(1),
                    }
                }
                rest = rest.get(i.saturating_add(1)..).unwrap_or_default();
            }
            Some(b'[' | b'{') => {
                depth = depth.saturating_add(1);
                if depth > max_depth {
                    return false;
                }
            }
            _ => depth = depth.saturating_sub(1),
        }
    }
    true
}

/// "The two-step path must decide": carries nothing, so nothing from the payload or the
/// caller's type can leak through it; it never leaves this module.
#[derive(Debug)]
pub(crate) struct Fallback;

impl fmt::Display for Fallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("fallback")
    }
}

impl core::error::Error for Fallback {}

impl de::Error for Fallback {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Self
    }
}

/// How many keys of an object every key is compared with as it comes; the keys after them
/// are also sorted once when the object closes.
const INLINE_KEYS: usize = 8;

/// The keys of one open object, to find a repeated one.
struct Keys<'a> {
    inline: [&'a [u8]; INLINE_KEYS],
    len: usize,
    /// Keys past the first [`INLINE_KEYS`], compared among themselves when the object closes.
    more: Vec<&'a [u8]>,
}

impl<'a> Keys<'a> {
    const fn new() -> Self {
        Self {
            inline: [&[]; INLINE_KEYS],
            len: 0,
            more: Vec::new(),
        }
    }

    fn add(&mut self, key: &'a [u8]) -> Result<(), Fallback> {
        let (earlier, rest) = self.inline.split_at_mut(self.len.min(INLINE_KEYS));
        if earlier.contains(&key) {
            return Err(Fallback);
        }
        match rest.first_mut() {
            Some(slot) => {
                *slot = key;
                self.len = self.len.saturating_add(1);
            }
            None => self.more.push(key),
        }
        Ok(())
    }

    /// Whether all keys are distinct: each was compared with the first [`INLINE_KEYS`] as it
    /// came, so only the later ones remain to compare among themselves.
    fn distinct(&mut self) -> bool {
        self.more.sort_unstable();
        !self.more.windows(2).any(|w| w.first() == w.get(1))
    }
}

struct Direct<'a> {
    p: Parser<'a>,
    /// Containers open now, as the tree reader counts them for `max_depth`.
    depth: usize,
    max_depth: usize,
}

/// A string's characters: borrowed when the input holds them as they are.
enum Str<'a> {
    Borrowed(&'a str),
    Owned(String),
}

impl<'a> Direct<'a> {
    /// Consumes an opening bracket, within `max_depth` (the tree reader's rule).
    fn open(&mut self) -> Result<(), Fallback> {
        if self.depth >= self.max_depth {
            return Err(Fallback);
        }
        self.depth = self.depth.saturating_add(1);
        self.p.bump();
        Ok(())
    }

    /// Consumes `close` (after whitespace) if the container ends here.
    fn close(&mut self, close: u8) -> Result<(), Fallback> {
        self.p.skip_ws();
        if self.p.peek() != Some(close) {
            return Err(Fallback);
        }
        self.p.bump();
        self.depth = self.depth.saturating_sub(1);
        Ok(())
    }

    /// After the opening quote: the string, refused if it holds a lone surrogate.
    fn string(&mut self) -> Result<Str<'a>, Fallback> {
        let start = self.p.pos;
        let plain = self.p.plain_run();
        if self.p.peek() == Some(b'"') {
            self.p.bump();
            return Ok(Str::Borrowed(plain));
        }
        self.p.pos = start;
        let s = self.p.parse_string_body().map_err(|_| Fallback)?;
        if self.p.string_tainted {
            return Err(Fallback);
        }
        Ok(Str::Owned(s))
    }

    /// At an object's opening quote (after whitespace): a key of plain ASCII, then `:`.
    fn key(&mut self) -> Result<&'a str, Fallback> {
        if self.p.peek() != Some(b'"') {
            return Err(Fallback);
        }
        self.p.bump();
        let key = self.p.plain_run();
        if self.p.peek() != Some(b'"') {
            return Err(Fallback);
        }
        self.p.bump();
        self.p.skip_ws();
        if self.p.peek() != Some(b':') {
            return Err(Fallback);
        }
        self.p.bump();
        Ok(key)
    }

    /// Skips one whole value (an ignored one) without recursion, checking it as the tree
    /// reader would parse it.
    fn skip(&mut self) -> Result<(), Fallback> {
        // Bit i: the container open at level i (from this value down) is an object.
        let mut objects: u64 = 0;
        let mut levels: u32 = 0;
        loop {
            // A value starts here.
            self.p.skip_ws();
            match self.p.peek() {
                Some(c @ (b'[' | b'{')) => {
                    if levels == u64::BITS {
                        return Err(Fallback);
                    }
                    self.open()?;
                    let object = c == b'{';
                    objects = (objects & !(1 << levels)) | (u64::from(object) << levels);
                    levels = levels.saturating_add(1);
                    self.p.skip_ws();
                    let end = if object { b'}' } else { b']' };
                    if self.p.peek() != Some(end) {
                        if object {
                            self.skipped_key()?;
                        }
                        continue;
                    }
                    self.p.bump();
                    self.depth = self.depth.saturating_sub(1);
                    levels = levels.saturating_sub(1);
                }
                Some(b'"') => {
                    self.p.bump();
                    self.string()?;
                }
                _ => {
                    self.p.parse_literal_or_number().map_err(|_| Fallback)?;
                }
            }
            // A value ended: close what ends here, or go on to the next item.
            loop {
                let Some(level) = levels.checked_sub(1) else {
                    return Ok(());
                };
                let object = objects & (1 << level) != 0;
                self.p.skip_ws();
                match self.p.peek() {
                    Some(b',') => {
                        self.p.bump();
                        if object {
                            self.p.skip_ws();
                            self.skipped_key()?;
                        }
                        break;
                    }
                    Some(b'}') if object => {}
                    Some(b']') if !object => {}
                    _ => return Err(Fallback),
                }
                self.p.bump();
                self.depth = self.depth.saturating_sub(1);
                levels = level;
            }
        }
    }

    /// A key inside an ignored object: any string (duplicates there change nothing `T` sees,
    /// and a lone surrogate is refused by [`Self::string`]), then `:`.
    fn skipped_key(&mut self) -> Result<(), Fallback> {
        if self.p.peek() != Some(b'"') {
            return Err(Fallback);
        }
        self.p.bump();
        self.string()?;
        self.p.skip_ws();
        if self.p.peek() != Some(b':') {
            return Err(Fallback);
        }
        self.p.bump();
        Ok(())
    }
}

impl<'de> de::Deserializer<'de> for &mut Direct<'de> {
    type Error = Fallback;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fallback> {
        self.p.skip_ws();
        match self.p.peek() {
            Some(b'[') => {
                self.open()?;
                let mut items = Items {
                    de: &mut *self,
                    first: true,
                    done: false,
                };
                let v = visitor.visit_seq(&mut items)?;
                // The tree's list must have no items left; `]` here means none are.
                if !items.done {
                    self.close(b']')?;
                }
                Ok(v)
            }
            Some(b'{') => {
                self.open()?;
                let mut entries = Entries {
                    de: &mut *self,
                    first: true,
                    done: false,
                    value_next: false,
                    keys: Keys::new(),
                };
                let v = visitor.visit_map(&mut entries)?;
                let done = entries.done;
                let value_next = entries.value_next;
                if value_next || !entries.keys.distinct() {
                    return Err(Fallback);
                }
                if !done {
                    self.close(b'}')?;
                }
                Ok(v)
            }
            Some(b'"') => {
                self.p.bump();
                match self.string()? {
                    Str::Borrowed(s) => visitor.visit_borrowed_str(s),
                    Str::Owned(s) => visitor.visit_string(s),
                }
            }
            _ => {
                let scalar = self.p.parse_literal_or_number().map_err(|_| Fallback)?;
                ValueDe(scalar)
                    .deserialize_any(visitor)
                    .map_err(|_| Fallback)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fallback> {
        self.p.skip_ws();
        if self.p.peek() == Some(b'n') && self.p.eat_literal(b"null") {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Fallback> {
        if name == VALUE_TOKEN {
            return Err(Fallback);
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fallback> {
        self.p.skip_ws();
        match self.p.peek() {
            Some(b'"') => {
                self.p.bump();
                match self.string()? {
                    Str::Borrowed(s) => {
                        visitor.visit_enum(BorrowedStrDeserializer::<Fallback>::new(s))
                    }
                    Str::Owned(s) => {
                        let d: de::value::StringDeserializer<Fallback> = s.into_deserializer();
                        visitor.visit_enum(d)
                    }
                }
            }
            Some(b'{') => {
                self.open()?;
                self.p.skip_ws();
                let variant = self.key()?;
                let v = visitor.visit_enum(Variant {
                    de: &mut *self,
                    variant,
                })?;
                // A second entry: another variant (refused) or the same key again (one
                // entry after Python's rule); the two-step path tells which.
                self.close(b'}')?;
                Ok(v)
            }
            _ => Err(Fallback),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fallback> {
        self.skip()?;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// A list's items, read as the visitor asks for them.
struct Items<'a, 'de> {
    de: &'a mut Direct<'de>,
    first: bool,
    /// `]` was read.
    done: bool,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Fallback;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Fallback> {
        if self.done {
            return Ok(None);
        }
        let p = &mut self.de.p;
        p.skip_ws();
        match p.peek() {
            Some(b']') => {
                p.bump();
                self.de.depth = self.de.depth.saturating_sub(1);
                self.done = true;
                return Ok(None);
            }
            Some(b',') if !self.first => p.bump(),
            _ if self.first => {}
            _ => return Err(Fallback),
        }
        self.first = false;
        seed.deserialize(&mut *self.de).map(Some)
    }
}

/// An object's entries, read as the visitor asks for them.
struct Entries<'a, 'de> {
    de: &'a mut Direct<'de>,
    first: bool,
    /// `}` was read.
    done: bool,
    /// A key was handed over and its value not yet.
    value_next: bool,
    keys: Keys<'de>,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = Fallback;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Fallback> {
        // The tree path drops a value whose key the visitor passed over; this one declines.
        if self.value_next {
            return Err(Fallback);
        }
        if self.done {
            return Ok(None);
        }
        let p = &mut self.de.p;
        p.skip_ws();
        match p.peek() {
            Some(b'}') => {
                p.bump();
                self.de.depth = self.de.depth.saturating_sub(1);
                self.done = true;
                return Ok(None);
            }
            Some(b',') if !self.first => {
                p.bump();
                p.skip_ws();
            }
            _ if self.first => {}
            _ => return Err(Fallback),
        }
        self.first = false;
        let key = self.de.key()?;
        self.keys.add(key.as_bytes())?;
        self.value_next = true;
        seed.deserialize(BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Fallback> {
        if !self.value_next {
            return Err(Fallback);
        }
        self.value_next = false;
        seed.deserialize(&mut *self.de)
    }
}

/// `{"variant": content}`: the key was read; the content follows.
struct Variant<'a, 'de> {
    de: &'a mut Direct<'de>,
    variant: &'de str,
}

impl<'a, 'de> de::EnumAccess<'de> for Variant<'a, 'de> {
    type Error = Fallback;
    type Variant = Content<'a, 'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Content<'a, 'de>), Fallback> {
        let name = seed.deserialize(BorrowedStrDeserializer::new(self.variant))?;
        Ok((name, Content(self.de)))
    }
}

/// The content of an externally tagged variant, as [`ValueDe`]'s variant reads it.
struct Content<'a, 'de>(&'a mut Direct<'de>);

impl<'de> de::VariantAccess<'de> for Content<'_, 'de> {
    type Error = Fallback;

    fn unit_variant(self) -> Result<(), Fallback> {
        self.0.p.skip_ws();
        if self.0.p.eat_literal(b"null") {
            Ok(())
        } else {
            Err(Fallback)
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Fallback> {
        seed.deserialize(self.0)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Fallback> {
        de::Deserializer::deserialize_seq(self.0, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fallback> {
        de::Deserializer::deserialize_map(self.0, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::from_slice;
    use alloc::collections::BTreeMap;
    use alloc::string::String;
    use alloc::vec::Vec;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Auth {
        _auth_user_id: String,
        _auth_user_hash: String,
        cart: Vec<i64>,
    }

    type Map = BTreeMap<String, i64>;

    /// The one pass answers for what sessions hold (tests/typed_loads.rs checks that every
    /// answer is the two steps' one); without this the fallback could hide a reader that
    /// never answers.
    #[test]
    fn answers_the_usual_documents() {
        let session = br#" {"_auth_user_id": "1", "_auth_user_backend": "django.contrib.auth.backends.ModelBackend", "_auth_user_hash": "2d71", "cart": [1, 2, 3], "theme": {"dark": [true, null, 1.5e3, "\u00e9\n", -9223372036854775809]}} "#;
        for utf8 in [false, true] {
            let got = from_slice::<Auth>(session, 1000, utf8);
            assert_eq!(
                got,
                Some(Auth {
                    _auth_user_id: "1".into(),
                    _auth_user_hash: "2d71".into(),
                    cart: alloc::vec![1, 2, 3],
                }),
            );
        }
        // Brackets inside strings, after escaped quotes and backslashes, are not nesting.
        let quoted = br#"{"a":"[[[[\"{{{{\\","b":["]]]]\\\"[[[["]}"#;
        type Ignoring = BTreeMap<String, serde::de::IgnoredAny>;
        assert!(from_slice::<Ignoring>(quoted, 2, false).is_some());
        assert!(from_slice::<Ignoring>(quoted, 1, false).is_none());
        // Ignored values mixing lists and objects, siblings of either kind at each level.
        let mixed =
            br#"{"z":[{"k":0},[1],{"j":[2,{"m":[3,{}]}],"n":[[],{}]}],"a":{"b":[{"c":{}}]}}"#;
        assert_eq!(
            from_slice::<Ignoring>(mixed, 8, false).map(|m| m.len()),
            Some(2)
        );
        // `null` for an option is None, consumed, even where the inner type takes a unit.
        assert_eq!(from_slice::<Option<()>>(b"null", 8, false), Some(None));
        assert_eq!(
            from_slice::<Vec<Option<u8>>>(b"[null, 1, null]", 8, false),
            Some(alloc::vec![None, Some(1), None])
        );
        let twelve =
            br#"{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11,"l":12}"#;
        assert_eq!(
            from_slice::<Map>(twelve, 8, false).map(|m| m.len()),
            Some(12)
        );
        assert_eq!(
            from_slice::<(u8, char)>(b"[1,\"x\"]", 8, false),
            Some((1, 'x'))
        );
        assert_eq!(
            from_slice::<Option<f64>>(b"NaN", 8, false).map(|f| f.map(f64::is_nan)),
            Some(Some(true))
        );
        assert_eq!(
            from_slice::<String>(b"\"\xe9\"", 8, false).as_deref(),
            Some("\u{e9}")
        );
        assert_eq!(
            from_slice::<String>("\"é\"".as_bytes(), 8, true).as_deref(),
            Some("é")
        );
        assert_eq!(
            from_slice::<u128>(b"18446744073709551616", 8, false),
            Some(1 << 64)
        );
        #[derive(serde::Deserialize, Debug, PartialEq)]
        enum E {
            A,
            B(i8),
            C { x: u8 },
        }
        assert_eq!(
            from_slice::<Vec<E>>(
                br#"["A", {"B": -1}, {"C": {"x": 2}}, {"A": null}]"#,
                8,
                false
            ),
            Some(alloc::vec![E::A, E::B(-1), E::C { x: 2 }, E::A])
        );
    }

    /// What only the two steps can decide, declined before an answer is given.
    #[test]
    fn declines_what_the_two_steps_decide() {
        let declined: [&[u8]; 12] = [
            br#"{"a":1,"a":2}"#,
            br#"{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"i":11}"#,
            br#"{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"a":10}"#,
            br#"{"\u0061":1}"#,
            b"{\"\xe9\":1}",
            br#"{"a":"\ud800"}"#.as_slice(),
            br#"{"z":[[[[1]]]]}"#,
            br#"{"a":1} x"#,
            br#"{"a":1,}"#,
            br#"{"a":01}"#,
            b"{\"a\":1",
            b"",
        ];
        for doc in declined {
            assert!(
                from_slice::<BTreeMap<String, serde::de::IgnoredAny>>(doc, 4, false).is_none(),
                "{:?}",
                String::from_utf8_lossy(doc)
            );
        }
        // Delimiters out of place, where only the one-pass reader's own bookkeeping can
        // tell (found by cargo-mutants): a leading comma, a missing one, and in an ignored
        // value a list closed by a brace or an object by a bracket.
        type Ignoring = BTreeMap<String, serde::de::IgnoredAny>;
        for doc in [
            &br#"[,1]"#[..],
            br#"{,"a":1}"#,
            br#"{"a":1 "b":2}"#,
            br#"{"z":[0},"a":1}"#,
            br#"{"z":[[0}],"a":1}"#,
            br#"{"z":{"k":0],"a":1}"#,
        ] {
            let text = String::from_utf8_lossy(doc);
            assert!(from_slice::<Ignoring>(doc, 8, false).is_none(), "{text}");
            assert!(from_slice::<Vec<u8>>(doc, 8, false).is_none(), "{text}");
        }
        // A string the type ignores still counts (Python keeps it).
        assert!(
            from_slice::<Auth>(
                br#"{"_auth_user_id":"1","_auth_user_hash":"h","cart":[],"x":"\udc00"}"#,
                8,
                false
            )
            .is_none()
        );
        // Ignored values nested deeper than 64 levels, within max_depth.
        let deep: Vec<u8> = b"{\"z\":"
            .iter()
            .copied()
            .chain([b'['; 65])
            .chain([b']'; 65])
            .chain(*b"}")
            .collect();
        assert!(
            from_slice::<BTreeMap<String, serde::de::IgnoredAny>>(&deep, 1000, false).is_none()
        );
        let deep: Vec<u8> = b"{\"z\":"
            .iter()
            .copied()
            .chain([b'['; 63])
            .chain([b']'; 63])
            .chain(*b"}")
            .collect();
        assert!(
            from_slice::<BTreeMap<String, serde::de::IgnoredAny>>(&deep, 1000, false).is_some()
        );
        // A type holding a `Value`; a list the type leaves unread; invalid UTF-8 on main.
        assert!(from_slice::<crate::Value>(b"1", 8, false).is_none());
        assert!(from_slice::<(u8,)>(b"[1,2]", 8, false).is_none());
        assert!(from_slice::<String>(b"\"\xe9\"", 8, true).is_none());
    }
}
