//! The model's [`Value`] as a serde `Deserializer`: how a typed `loads::<T>` maps a parsed
//! payload onto `T`.
//!
//! A frozen copy of the semantics of djsign's `src/json/de.rs` as it was before one-pass typed
//! deserialization (issue 9): the payload is parsed into a value first, with Python's rules, and
//! then handed to serde: null -> unit / `None`, integers as `u64` when non-negative, else `i64`,
//! beyond 64 bits as `u128`/`i128`, floats as `f64`, strings owned, lists as sequences that
//! must be consumed whole, objects as maps that must be consumed whole; enums from a string
//! (unit variant) or a one-entry object; ignored values skipped without looking. One
//! difference, on purpose: an integer beyond 128 bits is a type mismatch here, where djsign
//! hands it to the visitor through a private protocol that only `djsign::Value` understands
//! (so the typed comparisons never target `djsign::Value`).

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};

use crate::Kind;
use crate::value::Value;

/// `T` from a parsed payload, or [`Kind::TypeMismatch`].
///
/// # Errors
/// [`Kind::TypeMismatch`].
pub fn from_value<T: DeserializeOwned>(v: Value) -> Result<T, Kind> {
    T::deserialize(ValueDe(v)).map_err(|_| Kind::TypeMismatch)
}

#[derive(Debug)]
pub struct DeError;

impl std::fmt::Display for DeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("type mismatch")
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: std::fmt::Display>(_msg: T) -> Self {
        Self
    }
}

pub struct ValueDe(pub Value);

impl<'de> de::Deserializer<'de> for ValueDe {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Int(i) if i >= 0 => visitor.visit_u64(i as u64),
            Value::Int(i) => visitor.visit_i64(i),
            Value::BigInt(digits) => {
                if let Ok(u) = digits.parse::<u128>() {
                    visitor.visit_u128(u)
                } else if let Ok(i) = digits.parse::<i128>() {
                    visitor.visit_i128(i)
                } else {
                    Err(DeError)
                }
            }
            Value::Float(f) => visitor.visit_f64(f),
            Value::String(s) => visitor.visit_string(s),
            Value::List(items) => {
                let mut rest = items.into_iter();
                let v = visitor.visit_seq(Seq(&mut rest))?;
                if rest.len() == 0 { Ok(v) } else { Err(DeError) }
            }
            Value::Object(entries) => {
                let mut rest = entries.into_iter();
                let v = visitor.visit_map(Map {
                    rest: &mut rest,
                    value: None,
                })?;
                if rest.len() == 0 { Ok(v) } else { Err(DeError) }
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
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.0 {
            Value::String(variant) => visitor.visit_enum(variant.into_deserializer()),
            Value::Object(mut entries) if entries.len() == 1 => {
                let (variant, content) = entries.pop().ok_or(DeError)?;
                visitor.visit_enum(Enum { variant, content })
            }
            _ => Err(DeError),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

struct Seq<'a>(&'a mut std::vec::IntoIter<Value>);

impl<'de> de::SeqAccess<'de> for Seq<'_> {
    type Error = DeError;
    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        self.0
            .next()
            .map(|v| seed.deserialize(ValueDe(v)))
            .transpose()
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Map<'a> {
    rest: &'a mut std::vec::IntoIter<(String, Value)>,
    value: Option<Value>,
}

impl<'de> de::MapAccess<'de> for Map<'_> {
    type Error = DeError;
    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((key, value)) = self.rest.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let key: de::value::StringDeserializer<DeError> = key.into_deserializer();
        seed.deserialize(key).map(Some)
    }
    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DeError> {
        seed.deserialize(ValueDe(self.value.take().ok_or(DeError)?))
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.rest.len())
    }
}

struct Enum {
    variant: String,
    content: Value,
}

impl<'de> de::EnumAccess<'de> for Enum {
    type Error = DeError;
    type Variant = ValueDe;
    fn variant_seed<V: de::DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, ValueDe), DeError> {
        let d: de::value::StringDeserializer<DeError> = self.variant.into_deserializer();
        Ok((seed.deserialize(d)?, ValueDe(self.content)))
    }
}

impl<'de> de::VariantAccess<'de> for ValueDe {
    type Error = DeError;
    fn unit_variant(self) -> Result<(), DeError> {
        match self.0 {
            Value::Null => Ok(()),
            _ => Err(DeError),
        }
    }
    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, DeError> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_seq(self, visitor)
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_map(self, visitor)
    }
}
