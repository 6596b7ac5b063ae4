//! serde glue for [`Value`]: `Value` as a `Deserializer` (how `loads::<T>` builds a `T` from a
//! parsed payload) and `Deserialize` for `Value` itself.
//!
//! A payload parsed into a `Value` with Python's rules (duplicate keys, latin-1, big
//! integers) and then mapped onto the caller's type is the definition of a typed load: it
//! sees exactly the dict Django would see. `direct.rs` reads typed loads in one pass where it
//! can show the visitor calls are the ones made here, and leaves every other payload to these
//! two steps.
//!
//! **Messages.** A `TypeMismatch` message names the payload's *shape* only: what went wrong (a
//! fixed phrase), the kind of value found (`a string`, `an object`, ...) and where, as a path
//! of positions (`$[2]{0}`: item 2 of the top-level list, then entry 0 of that object). It
//! never holds text from the payload (keys, strings, enum variant names, numbers) nor text the
//! caller's type produced (`custom` messages, `expecting` descriptions, field names): a
//! session may hold personal data, a caller's message may quote it, and these messages end up
//! in logs. The error type is private to this module, so nothing else can put text in it.
//!
//! **Stack.** What is bounded here, and what is the caller's:
//! - `Value` itself deserializes from this deserializer without recursion: a container is
//!   handed over as a flat stream of tokens (a private newtype name, as the F1 fix does for
//!   big integers) and rebuilt with a heap stack. So are ignored values (`IgnoredAny`,
//!   unknown fields): they are dropped, and dropping is iterative (`tree.rs`).
//! - A caller's type deserializes through serde's model, which calls the type's own
//!   `Deserialize` once per level of *its* nesting. A non-recursive type nests only as deep as
//!   it is written; a recursive one (`struct Tree(Vec<Tree>)`, serde's buffering for untagged
//!   or internally tagged enums and `flatten`) recurses with the payload, at most
//!   `max_json_depth` levels, because the iterative parser refuses deeper payloads before any
//!   of this runs. Each level costs the caller's frames plus this deserializer's few.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use serde::de::{self, Deserialize, DeserializeOwned, IntoDeserializer, Visitor};

use super::ser::BIGINT_TOKEN;
use super::value::{BigInt, List, Map, Value};

/// The newtype name under which `Value::deserialize` asks for a whole value: this
/// deserializer then hands a container over as a flat token stream ([`FlatValue`]).
pub(super) const VALUE_TOKEN: &str = "$djsign::private::Value";

// ---------------------------------------------------------------------------------------
// Errors

/// One step of the path to a failure.
#[derive(Clone, Copy, Debug)]
enum Seg {
    /// Item `n` of a list.
    Item(usize),
    /// The value of entry `n` of an object.
    Entry(usize),
    /// The key of entry `n` of an object.
    Key(usize),
}

/// What went wrong, in fixed words.
#[derive(Clone, Copy, Debug)]
enum What {
    InvalidType(&'static str),
    InvalidValue(&'static str),
    InvalidLength(usize),
    UnknownVariant,
    UnknownField,
    MissingField,
    DuplicateField,
    /// The caller's type rejected the value with a message of its own (withheld).
    Refused,
    /// One of this module's own shape errors.
    Shape(&'static str),
}

/// A type-mismatch failure, converted to [`crate::Error::TypeMismatch`]. It holds only fixed
/// phrases, kinds and positions; see this file's module documentation.
#[derive(Debug)]
pub(crate) struct DeError {
    what: What,
    /// Innermost step first (steps are added as the error travels up).
    path: Vec<Seg>,
}

impl DeError {
    const fn new(what: What) -> Self {
        Self {
            what,
            path: Vec::new(),
        }
    }

    const fn shape(reason: &'static str) -> Self {
        Self::new(What::Shape(reason))
    }

    fn at(mut self, seg: Seg) -> Self {
        self.path.push(seg);
        self
    }
}

/// Longest path printed in full; longer ones keep both ends.
const PATH_SHOWN: usize = 32;

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.what {
            What::InvalidType(found) => {
                write!(f, "invalid type: {found}, not what the type expects")?;
            }
            What::InvalidValue(found) => {
                write!(f, "invalid value: {found} the type does not accept")?;
            }
            What::InvalidLength(n) => {
                write!(f, "invalid length {n}, not what the type expects")?;
            }
            What::UnknownVariant => f.write_str("unknown enum variant")?,
            What::UnknownField => f.write_str("unknown field")?,
            What::MissingField => f.write_str("missing field")?,
            What::DuplicateField => f.write_str("duplicate field")?,
            What::Refused => f.write_str(
                "the type refused the value (its message is withheld: it may quote the payload)",
            )?,
            What::Shape(reason) => f.write_str(reason)?,
        }
        let key = matches!(self.path.first(), Some(Seg::Key(_)));
        f.write_str(if key { ", at the key of $" } else { ", at $" })?;
        let n = self.path.len();
        for (i, seg) in self.path.iter().rev().enumerate() {
            if n > PATH_SHOWN && i == PATH_SHOWN / 2 {
                write!(f, "...({} more)...", n.saturating_sub(PATH_SHOWN))?;
            }
            if n > PATH_SHOWN && (PATH_SHOWN / 2..n.saturating_sub(PATH_SHOWN / 2)).contains(&i) {
                continue;
            }
            match seg {
                Seg::Item(i) => write!(f, "[{i}]")?,
                Seg::Entry(i) | Seg::Key(i) => write!(f, "{{{i}}}")?,
            }
        }
        Ok(())
    }
}

impl core::error::Error for DeError {}

impl de::Error for DeError {
    // Every constructor drops the text it is given: the unexpected value's contents, the
    // variant or field name, the caller's message and the caller's `expected` description.
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Self::new(What::Refused)
    }

    fn invalid_type(unexp: de::Unexpected<'_>, _exp: &dyn de::Expected) -> Self {
        Self::new(What::InvalidType(redact(&unexp)))
    }

    fn invalid_value(unexp: de::Unexpected<'_>, _exp: &dyn de::Expected) -> Self {
        Self::new(What::InvalidValue(redact(&unexp)))
    }

    fn invalid_length(len: usize, _exp: &dyn de::Expected) -> Self {
        Self::new(What::InvalidLength(len))
    }

    fn unknown_variant(_variant: &str, _expected: &'static [&'static str]) -> Self {
        Self::new(What::UnknownVariant)
    }

    fn unknown_field(_field: &str, _expected: &'static [&'static str]) -> Self {
        Self::new(What::UnknownField)
    }

    fn missing_field(_field: &'static str) -> Self {
        Self::new(What::MissingField)
    }

    fn duplicate_field(_field: &'static str) -> Self {
        Self::new(What::DuplicateField)
    }
}

/// The kind of an unexpected value without its contents.
fn redact(unexp: &de::Unexpected<'_>) -> &'static str {
    use de::Unexpected as U;
    match unexp {
        U::Bool(_) => "a boolean",
        U::Unsigned(_) | U::Signed(_) => "an integer",
        U::Float(_) => "a float",
        U::Char(_) | U::Str(_) => "a string",
        U::Bytes(_) => "bytes",
        U::Unit => "null",
        U::Option => "an option",
        U::NewtypeStruct => "a newtype struct",
        U::Seq => "a list",
        U::Map => "an object",
        U::Enum => "an enum",
        U::UnitVariant | U::NewtypeVariant | U::TupleVariant | U::StructVariant => {
            "an enum variant"
        }
        U::Other(_) => "another value",
    }
}

// ---------------------------------------------------------------------------------------
// Value as a Deserializer

/// Maps a parsed payload onto `T`.
pub(crate) fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, crate::Error> {
    T::deserialize(ValueDe(value)).map_err(|e| crate::Error::TypeMismatch {
        message: alloc::string::ToString::to_string(&e),
    })
}

/// `Value` as a serde `Deserializer`; private so that its error type stays private.
pub(super) struct ValueDe(pub(super) Value);

impl<'de> de::Deserializer<'de> for ValueDe {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Int(i) => match u64::try_from(i) {
                Ok(u) => visitor.visit_u64(u),
                Err(_) => visitor.visit_i64(i),
            },
            Value::BigInt(b) => {
                if let Some(u) = b.to_u128() {
                    visitor.visit_u128(u)
                } else if let Some(i) = b.to_i128() {
                    visitor.visit_i128(i)
                } else {
                    // Beyond 128 bits only `Value` itself can take it. It is passed as an enum
                    // variant with a private name: JSON has no enums, so no payload can produce
                    // this call, unlike a map with a special key (which a payload could forge).
                    visitor.visit_enum(BigIntAccess(b))
                }
            }
            Value::Float(f) => visitor.visit_f64(f),
            Value::String(s) => visitor.visit_string(s),
            Value::List(items) => {
                let mut access = SeqAccess {
                    items: items.into_vec().into_iter(),
                    index: 0,
                };
                let v = visitor.visit_seq(&mut access)?;
                if access.items.len() == 0 {
                    Ok(v)
                } else {
                    Err(DeError::shape(
                        "the list has more items than the type takes",
                    ))
                }
            }
            Value::Object(map) => {
                let mut access = MapAccess {
                    entries: map.into_entries().into_iter(),
                    value: None,
                    index: 0,
                };
                let v = visitor.visit_map(&mut access)?;
                if access.entries.len() == 0 {
                    Ok(v)
                } else {
                    Err(DeError::shape(
                        "the object has more entries than the type takes",
                    ))
                }
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            other => visitor.visit_some(Self(other)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.0 {
            // `Value::deserialize` asks for a whole value: hand a container over flat.
            v @ (Value::List(_) | Value::Object(_)) if name == VALUE_TOKEN => {
                visitor.visit_enum(FlatValue(v))
            }
            v if name == VALUE_TOKEN => Self(v).deserialize_any(visitor),
            v => visitor.visit_newtype_struct(Self(v)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.0 {
            Value::String(variant) => visitor.visit_enum(variant.into_deserializer()),
            Value::Object(map) if map.len() == 1 => {
                let mut entries = map.into_entries().into_iter();
                match entries.next() {
                    Some((variant, content)) => visitor.visit_enum(EnumAccess { variant, content }),
                    None => Err(DeError::shape("an empty object where an enum was expected")),
                }
            }
            _ => Err(DeError::shape(
                "expected a string or a one-entry object for an enum",
            )),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        // Dropping a value never recurses (`tree.rs`).
        drop(self);
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

struct SeqAccess {
    items: alloc::vec::IntoIter<Value>,
    index: usize,
}

impl<'de> de::SeqAccess<'de> for SeqAccess {
    type Error = DeError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some(v) = self.items.next() else {
            return Ok(None);
        };
        let i = self.index;
        self.index = i.saturating_add(1);
        seed.deserialize(ValueDe(v))
            .map(Some)
            .map_err(|e| e.at(Seg::Item(i)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapAccess {
    entries: alloc::vec::IntoIter<(String, Value)>,
    value: Option<Value>,
    index: usize,
}

impl<'de> de::MapAccess<'de> for MapAccess {
    type Error = DeError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let i = self.index;
        let key: de::value::StringDeserializer<DeError> = key.into_deserializer();
        seed.deserialize(key)
            .map(Some)
            .map_err(|e| e.at(Seg::Key(i)))
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DeError> {
        let value = self
            .value
            .take()
            .ok_or_else(|| DeError::shape("a value was requested before its key"))?;
        let i = self.index;
        self.index = i.saturating_add(1);
        seed.deserialize(ValueDe(value))
            .map_err(|e| e.at(Seg::Entry(i)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An externally tagged enum variant, `{"variant": content}`: entry 0 of its object.
struct EnumAccess {
    variant: String,
    content: Value,
}

impl<'de> de::EnumAccess<'de> for EnumAccess {
    type Error = DeError;
    type Variant = VariantContent;

    fn variant_seed<V: de::DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, VariantContent), DeError> {
        let d: de::value::StringDeserializer<DeError> = self.variant.into_deserializer();
        let name = seed.deserialize(d).map_err(|e| e.at(Seg::Key(0)))?;
        Ok((name, VariantContent(self.content)))
    }
}

/// The content of an externally tagged variant; its errors point at entry 0.
struct VariantContent(Value);

impl<'de> de::VariantAccess<'de> for VariantContent {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        match self.0 {
            Value::Null => Ok(()),
            _ => Err(DeError::shape("expected null content for a unit variant").at(Seg::Entry(0))),
        }
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, DeError> {
        seed.deserialize(ValueDe(self.0))
            .map_err(|e| e.at(Seg::Entry(0)))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_seq(ValueDe(self.0), visitor).map_err(|e| e.at(Seg::Entry(0)))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_map(ValueDe(self.0), visitor).map_err(|e| e.at(Seg::Entry(0)))
    }
}

struct BigIntAccess(BigInt);

impl<'de> de::EnumAccess<'de> for BigIntAccess {
    type Error = DeError;
    type Variant = Self;

    fn variant_seed<V: de::DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self), DeError> {
        let name = seed.deserialize(de::value::BorrowedStrDeserializer::new(BIGINT_TOKEN))?;
        Ok((name, self))
    }
}

impl<'de> de::VariantAccess<'de> for BigIntAccess {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        Err(DeError::shape("integer too large for the requested type"))
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, DeError> {
        seed.deserialize(de::value::StringDeserializer::new(self.0.into_digits()))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, DeError> {
        Err(DeError::shape("integer too large for the requested type"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, DeError> {
        Err(DeError::shape("integer too large for the requested type"))
    }
}

// ---------------------------------------------------------------------------------------
// A whole container, handed to `Value::deserialize` as a flat token stream
//
// The stream is a serde sequence; each token is one visitor call (the receiver knows from its
// position whether a string is a key): `visit_u64(n)` opens a list of n items,
// `visit_u128(n)` an object of n entries, `visit_char(']')` closes either; leaves are
// `visit_unit`, `visit_bool`, `visit_i64`, `visit_f64`, `visit_string`, and
// `visit_byte_buf(digits)` for a big integer. Strings move; nothing is copied or re-parsed.

/// The enum access that names [`VALUE_TOKEN`] and carries the container.
struct FlatValue(Value);

impl<'de> de::EnumAccess<'de> for FlatValue {
    type Error = DeError;
    type Variant = Self;

    fn variant_seed<V: de::DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self), DeError> {
        let name = seed.deserialize(de::value::BorrowedStrDeserializer::new(VALUE_TOKEN))?;
        Ok((name, self))
    }
}

impl<'de> de::VariantAccess<'de> for FlatValue {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        Err(DeError::shape("a JSON value is not a unit variant"))
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, DeError> {
        seed.deserialize(FlatDe(self.0))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_any(FlatDe(self.0), visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, DeError> {
        Err(DeError::shape("a JSON value is not a struct variant"))
    }
}

/// The container as a sequence of tokens.
struct FlatDe(Value);

impl<'de> de::Deserializer<'de> for FlatDe {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let mut tokens = Tokens {
            start: Some(self.0),
            stack: Vec::new(),
        };
        visitor.visit_seq(&mut tokens)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

enum TokFrame {
    List(alloc::vec::IntoIter<Value>),
    Object(alloc::vec::IntoIter<(String, Value)>, Option<Value>),
}

enum Tok {
    Leaf(Value),
    Key(String),
    OpenList(usize),
    OpenObject(usize),
    Close,
}

/// Walks the container depth first, moving each piece out.
struct Tokens {
    start: Option<Value>,
    stack: Vec<TokFrame>,
}

impl Tokens {
    fn open_or_leaf(&mut self, v: Value) -> Tok {
        match v {
            Value::List(l) => {
                let n = l.len();
                self.stack.push(TokFrame::List(l.into_vec().into_iter()));
                Tok::OpenList(n)
            }
            Value::Object(m) => {
                let n = m.len();
                self.stack
                    .push(TokFrame::Object(m.into_entries().into_iter(), None));
                Tok::OpenObject(n)
            }
            leaf => Tok::Leaf(leaf),
        }
    }

    fn next_tok(&mut self) -> Option<Tok> {
        if let Some(v) = self.start.take() {
            return Some(self.open_or_leaf(v));
        }
        let child = match self.stack.last_mut()? {
            TokFrame::List(items) => items.next(),
            TokFrame::Object(entries, pending) => match pending.take() {
                Some(v) => Some(v),
                None => match entries.next() {
                    Some((k, v)) => {
                        *pending = Some(v);
                        return Some(Tok::Key(k));
                    }
                    None => None,
                },
            },
        };
        match child {
            Some(v) => Some(self.open_or_leaf(v)),
            None => {
                self.stack.pop();
                Some(Tok::Close)
            }
        }
    }
}

impl<'de> de::SeqAccess<'de> for Tokens {
    type Error = DeError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        self.next_tok()
            .map(|t| seed.deserialize(TokDe(t)))
            .transpose()
    }
}

/// One token as one visitor call.
struct TokDe(Tok);

impl<'de> de::Deserializer<'de> for TokDe {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0 {
            Tok::Leaf(Value::Null) => visitor.visit_unit(),
            Tok::Leaf(Value::Bool(b)) => visitor.visit_bool(b),
            Tok::Leaf(Value::Int(i)) => visitor.visit_i64(i),
            Tok::Leaf(Value::BigInt(b)) => visitor.visit_byte_buf(b.into_digits().into_bytes()),
            Tok::Leaf(Value::Float(f)) => visitor.visit_f64(f),
            Tok::Leaf(Value::String(s)) | Tok::Key(s) => visitor.visit_string(s),
            Tok::OpenList(n) => visitor.visit_u64(u64::try_from(n).unwrap_or(u64::MAX)),
            Tok::OpenObject(n) => visitor.visit_u128(u128::try_from(n).unwrap_or(u128::MAX)),
            // Containers are never leaves: `open_or_leaf` opened them.
            Tok::Leaf(Value::List(_) | Value::Object(_)) | Tok::Close => visitor.visit_char(']'),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// A token as `Value::deserialize` receives it.
enum Piece {
    Leaf(Value),
    Str(String),
    OpenList(usize),
    OpenObject(usize),
    Close,
}

struct PieceSeed;

impl<'de> de::DeserializeSeed<'de> for PieceSeed {
    type Value = Piece;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Piece, D::Error> {
        d.deserialize_any(PieceVisitor)
    }
}

struct PieceVisitor;

impl Visitor<'_> for PieceVisitor {
    type Value = Piece;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a token of a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Piece, E> {
        Ok(Piece::Leaf(Value::Null))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Piece, E> {
        Ok(Piece::Leaf(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Piece, E> {
        Ok(Piece::Leaf(Value::Int(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Piece, E> {
        Ok(Piece::Leaf(Value::Float(v)))
    }

    fn visit_string<E>(self, v: String) -> Result<Piece, E> {
        Ok(Piece::Str(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Piece, E> {
        Ok(Piece::Str(v.into()))
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Piece, E> {
        String::from_utf8(v)
            .ok()
            .and_then(|d| BigInt::parse(&d))
            .map(Piece::Leaf)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Other("digits"), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Piece, E> {
        Ok(Piece::OpenList(usize::try_from(v).unwrap_or(usize::MAX)))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Piece, E> {
        Ok(Piece::OpenObject(usize::try_from(v).unwrap_or(usize::MAX)))
    }

    fn visit_char<E: de::Error>(self, v: char) -> Result<Piece, E> {
        if v == ']' {
            Ok(Piece::Close)
        } else {
            Err(E::invalid_value(de::Unexpected::Char(v), &self))
        }
    }
}

/// A container being rebuilt, its announced length, and (for an object) the key of the value
/// that comes next.
enum Build {
    List(Vec<Value>, usize),
    Object(Vec<(String, Value)>, usize, Option<String>),
}

/// Pushes `item`, growing by doubling but not past the announced length `hint` while below
/// it: the rebuilt container then holds no unused room (a foreign stream's hint is only a
/// hint: past it, plain doubling).
fn push_hinted<T>(v: &mut Vec<T>, item: T, hint: usize) {
    if v.len() == v.capacity() {
        let wanted = hint.saturating_sub(v.len());
        if wanted > 0 {
            v.reserve_exact(v.len().max(4).min(wanted));
        }
        // Past the hint, `push` grows the buffer as any `Vec` does.
    }
    v.push(item);
}

/// Most items or entries reserved up front from a length hint (the hint is ours, but a
/// foreign deserializer could name our private variant and send any number).
const MAX_RESERVE: usize = 4096;

struct FlatSeed;

impl<'de> de::DeserializeSeed<'de> for FlatSeed {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_seq(FlatVisitor)
    }
}

struct FlatVisitor;

impl<'de> Visitor<'de> for FlatVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value as a token stream")
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let malformed = || de::Error::invalid_value(de::Unexpected::Seq, &FlatVisitor);
        let mut stack: Vec<Build> = Vec::new();
        loop {
            let piece = seq.next_element_seed(PieceSeed)?.ok_or_else(malformed)?;
            let done = match (piece, stack.last_mut()) {
                (Piece::OpenList(n), _) => {
                    stack.push(Build::List(Vec::with_capacity(n.min(MAX_RESERVE)), n));
                    continue;
                }
                (Piece::OpenObject(n), _) => {
                    stack.push(Build::Object(
                        Vec::with_capacity(n.min(MAX_RESERVE)),
                        n,
                        None,
                    ));
                    continue;
                }
                (Piece::Str(k), Some(Build::Object(_, _, key @ None))) => {
                    *key = Some(k);
                    continue;
                }
                (Piece::Close, Some(Build::Object(_, _, None)) | Some(Build::List(..))) => {
                    match stack.pop() {
                        Some(Build::List(items, _)) => Value::List(List::from(items)),
                        // Python's rule if a (foreign) stream repeats a key; ours never does.
                        Some(Build::Object(entries, ..)) => {
                            Value::Object(Map::from_entries_last_wins(entries))
                        }
                        None => return Err(malformed()),
                    }
                }
                (Piece::Close, _) => return Err(malformed()),
                (Piece::Leaf(v), _) => v,
                (Piece::Str(s), _) => Value::String(s),
            };
            match stack.last_mut() {
                None => return Ok(done),
                Some(Build::List(items, hint)) => push_hinted(items, done, *hint),
                Some(Build::Object(entries, hint, key)) => {
                    let k = key.take().ok_or_else(malformed)?;
                    push_hinted(entries, (k, done), *hint);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Deserialize for Value

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // djsign's deserializer answers this name with the flat stream; any other treats it
        // as a plain newtype and calls `visit_newtype_struct`, or forwards to
        // `deserialize_any`: both end in `ValueVisitor` as before.
        deserializer.deserialize_newtype_struct(VALUE_TOKEN, ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.into()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }

    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        // Not `Value::deserialize`: that would ask for the newtype again, forever.
        d.deserialize_any(Self)
    }

    /// Only djsign's own deserializer makes this call: for integers beyond 128 bits, and for
    /// whole containers (the flat stream).
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use de::VariantAccess as _;
        let (name, variant): (String, A::Variant) = data.variant()?;
        if name == VALUE_TOKEN {
            return variant.newtype_variant_seed(FlatSeed);
        }
        if name != BIGINT_TOKEN {
            return Err(de::Error::invalid_type(de::Unexpected::Enum, &self));
        }
        let digits: String = variant.newtype_variant()?;
        BigInt::parse(&digits)
            .ok_or_else(|| de::Error::invalid_value(de::Unexpected::Other("digits"), &self))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_RESERVE));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(List::from(items)))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut entries: Vec<(String, Value)> =
            Vec::with_capacity(access.size_hint().unwrap_or(0).min(MAX_RESERVE));
        while let Some(key) = access.next_key::<String>()? {
            let value: Value = access.next_value()?;
            entries.push((key, value));
        }
        Ok(Value::Object(Map::from_entries_last_wins(entries)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json_loads;
    use alloc::string::ToString as _;

    #[test]
    fn a_payload_cannot_forge_a_big_integer() {
        // an object whose only key is the private name stays an object through serde
        let v = json_loads(b"{\"$djsign::private::BigInt\":\"123\"}", 10).unwrap();
        let back: Value = from_value(v.clone()).unwrap();
        assert_eq!(back, v);
        assert!(back.as_object().is_some());
    }

    #[test]
    fn a_payload_cannot_forge_the_value_stream() {
        // the same for the private name of the flat stream
        for text in [
            &b"{\"$djsign::private::Value\":[1,2]}"[..],
            b"[{\"$djsign::private::Value\":\"]\"}]",
        ] {
            let v = json_loads(text, 10).unwrap();
            let back: Value = from_value(v.clone()).unwrap();
            assert_eq!(back, v);
        }
    }

    #[test]
    fn big_integers_survive_the_typed_path() {
        let text = alloc::format!("[{}1,-{}1]", "9".repeat(60), "9".repeat(60));
        let v = json_loads(text.as_bytes(), 10).unwrap();
        let back: Value = from_value(v.clone()).unwrap();
        assert_eq!(back, v);
        assert!(matches!(back.as_list().unwrap()[0], Value::BigInt(_)));
        // a typed integer cannot hold it
        assert_eq!(
            from_value::<Vec<i128>>(v).unwrap_err().slug(),
            "type-mismatch"
        );
    }

    #[test]
    fn paths_count_positions() {
        let v = json_loads(br#"[1,{"a":true,"b":[0,"x"]}]"#, 10).unwrap();
        let e = from_value::<(u8, alloc::collections::BTreeMap<String, Vec<u8>>)>(v).unwrap_err();
        let crate::Error::TypeMismatch { message } = e else {
            panic!("{e:?}")
        };
        assert_eq!(
            message,
            "invalid type: a boolean, not what the type expects, at $[1]{0}"
        );
    }

    /// Capacity within an announced length is exact: a rebuilt container holds no unused
    /// room (audits/threat-model.md, A3), and past the hint it grows as a `Vec` does.
    #[test]
    fn push_hinted_fills_the_hint_exactly() {
        for hint in [1usize, 3, 4, 5, 9, 100] {
            let mut v: Vec<u32> = Vec::new();
            for i in 0..hint {
                push_hinted(&mut v, 0, hint);
                assert!(
                    v.capacity() <= hint,
                    "hint {hint} after {i}: {}",
                    v.capacity()
                );
            }
            assert_eq!(v.capacity(), hint, "hint {hint}");
            push_hinted(&mut v, 0, hint);
            assert!(v.capacity() > hint, "hint {hint}");
        }
    }

    /// What serde's visitors learn about a container's length is exact (a `Vec` or map
    /// target then allocates once, at the right size).
    #[test]
    fn size_hints_are_the_remaining_lengths() {
        struct Hints(Vec<Option<usize>>);
        impl<'de> Deserialize<'de> for Hints {
            fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = Hints;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a list or an object")
                    }
                    fn visit_seq<A: de::SeqAccess<'de>>(self, mut a: A) -> Result<Hints, A::Error> {
                        let mut hints = alloc::vec![a.size_hint()];
                        while a.next_element::<de::IgnoredAny>()?.is_some() {
                            hints.push(a.size_hint());
                        }
                        Ok(Hints(hints))
                    }
                    fn visit_map<A: de::MapAccess<'de>>(self, mut a: A) -> Result<Hints, A::Error> {
                        let mut hints = alloc::vec![a.size_hint()];
                        while a.next_key::<de::IgnoredAny>()?.is_some() {
                            a.next_value::<de::IgnoredAny>()?;
                            hints.push(a.size_hint());
                        }
                        Ok(Hints(hints))
                    }
                }
                d.deserialize_any(V)
            }
        }
        let list = json_loads(b"[1,2,3]", 10).unwrap();
        assert_eq!(
            from_value::<Hints>(list).unwrap().0,
            [Some(3), Some(2), Some(1), Some(0)]
        );
        let map = json_loads(br#"{"a":1,"b":2}"#, 10).unwrap();
        assert_eq!(
            from_value::<Hints>(map).unwrap().0,
            [Some(2), Some(1), Some(0)]
        );
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    enum Shape {
        Unit,
        Newtype(i32),
    }

    /// `{"Unit": null}` is a unit variant; any other content is refused, as serde_json does.
    #[test]
    fn a_unit_variant_takes_null_content_only() {
        let ok = json_loads(br#"{"Unit":null}"#, 10).unwrap();
        assert_eq!(from_value::<Shape>(ok).unwrap(), Shape::Unit);
        let text = json_loads(br#""Unit""#, 10).unwrap();
        assert_eq!(from_value::<Shape>(text).unwrap(), Shape::Unit);
        for bad in [
            &br#"{"Unit":1}"#[..],
            br#"{"Unit":[]}"#,
            br#"{"Unit":false}"#,
        ] {
            let e = from_value::<Shape>(json_loads(bad, 10).unwrap()).unwrap_err();
            let crate::Error::TypeMismatch { message } = e else {
                panic!("{e:?}")
            };
            assert_eq!(message, "expected null content for a unit variant, at ${0}");
        }
        let nt = json_loads(br#"{"Newtype":7}"#, 10).unwrap();
        assert_eq!(from_value::<Shape>(nt).unwrap(), Shape::Newtype(7));
    }

    /// A caller's type that takes the private enum forms (a big integer, or a container under
    /// the private stream name) as a unit variant gets an error, never a value.
    #[test]
    fn private_variants_are_not_unit_variants() {
        struct AsUnit;
        impl<'de> Deserialize<'de> for AsUnit {
            fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = AsUnit;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an enum")
                    }
                    fn visit_enum<A: de::EnumAccess<'de>>(self, a: A) -> Result<AsUnit, A::Error> {
                        use de::VariantAccess as _;
                        let (_name, variant): (de::IgnoredAny, _) = a.variant()?;
                        variant.unit_variant()?;
                        Ok(AsUnit)
                    }
                }
                // names the private stream, as only `Value` should
                d.deserialize_newtype_struct(VALUE_TOKEN, V)
            }
        }
        let big = json_loads(alloc::format!("{}1", "9".repeat(60)).as_bytes(), 10).unwrap();
        let list = json_loads(b"[1]", 10).unwrap();
        for (v, want) in [
            (big, "integer too large for the requested type, at $"),
            (list, "a JSON value is not a unit variant, at $"),
        ] {
            let e = from_value::<AsUnit>(v).map(|_| ()).unwrap_err();
            assert_eq!(
                e,
                crate::Error::TypeMismatch {
                    message: want.into()
                }
            );
        }
    }

    /// A foreign deserializer's refusals say what `Value` expected: any value, a token
    /// stream under the private name, one token of it.
    #[test]
    fn foreign_deserializers_are_told_what_was_expected() {
        use de::value::{Error as E, SeqDeserializer};
        let bytes = de::value::BytesDeserializer::<E>::new(b"x");
        let e = Value::deserialize(bytes).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid type: byte array, expected any JSON value"
        );

        // An enum access that names the private stream, then sends `tokens`.
        struct Stream(Vec<char>);
        impl<'de> de::EnumAccess<'de> for Stream {
            type Error = E;
            type Variant = Self;
            fn variant_seed<S: de::DeserializeSeed<'de>>(
                self,
                s: S,
            ) -> Result<(S::Value, Self), E> {
                let name = s.deserialize(de::value::BorrowedStrDeserializer::new(VALUE_TOKEN))?;
                Ok((name, self))
            }
        }
        impl<'de> de::VariantAccess<'de> for Stream {
            type Error = E;
            fn unit_variant(self) -> Result<(), E> {
                Err(de::Error::custom("unit"))
            }
            fn newtype_variant_seed<S: de::DeserializeSeed<'de>>(
                self,
                s: S,
            ) -> Result<S::Value, E> {
                s.deserialize(SeqDeserializer::<_, E>::new(self.0.into_iter()))
            }
            fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, E> {
                Err(de::Error::custom("tuple"))
            }
            fn struct_variant<V: Visitor<'de>>(
                self,
                _: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, E> {
                Err(de::Error::custom("struct"))
            }
        }
        let run = |tokens: Vec<char>| {
            Value::deserialize(de::value::EnumAccessDeserializer::new(Stream(tokens)))
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            run(alloc::vec!['x']),
            "invalid value: character `x`, expected a token of a JSON value"
        );
        assert_eq!(
            run(alloc::vec![]),
            "invalid value: sequence, expected a JSON value as a token stream"
        );
    }

    /// A format with options (serde_json has none) hands `Value` a `Some`: the value inside.
    #[test]
    fn value_takes_the_content_of_an_option() {
        struct SomeOf(i32);
        impl<'de> de::Deserializer<'de> for SomeOf {
            type Error = de::value::Error;
            fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Self::Error> {
                v.visit_some(self.0.into_deserializer())
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
                byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
                struct enum identifier ignored_any
            }
        }
        assert_eq!(Value::deserialize(SomeOf(5)), Ok(Value::Int(5)));
    }
}
