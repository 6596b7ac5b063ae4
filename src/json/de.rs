//! serde glue for [`Value`]: `Value` as a `Deserializer` (how `loads::<T>` builds a `T`
//! from a parsed payload) and `Serialize`/`Deserialize` for `Value` itself.
//!
//! The payload is always parsed into a `Value` first, with Python's rules (duplicate keys,
//! latin-1, big integers), and only then mapped onto the caller's type, so a typed load sees
//! exactly the dict Django would see.
//!
//! Error messages describe the payload's shape, never its contents: a session may hold
//! personal data, and these messages end up in logs.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use serde::de::{self, Deserialize, DeserializeOwned, IntoDeserializer, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq};

use super::ser::BIGINT_TOKEN;
use super::value::{BigInt, List, Map, Value};

/// A type-mismatch failure, converted to [`crate::Error::TypeMismatch`].
#[derive(Debug)]
pub(crate) struct DeError(pub(crate) String);

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }

    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self(alloc::format!(
            "invalid type: {}, expected {exp}",
            redact(&unexp)
        ))
    }

    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self(alloc::format!(
            "invalid value: {}, expected {exp}",
            redact(&unexp)
        ))
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

/// Maps a parsed payload onto `T`.
pub(crate) fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, crate::Error> {
    T::deserialize(ValueDe(value)).map_err(|e| crate::Error::TypeMismatch { message: e.0 })
}

/// `Value` as a serde `Deserializer`; private so that its error type stays private.
struct ValueDe(Value);

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
                let mut access = SeqAccess(items.into_vec().into_iter());
                let v = visitor.visit_seq(&mut access)?;
                if access.0.len() == 0 {
                    Ok(v)
                } else {
                    Err(DeError("list has more items than expected".into()))
                }
            }
            Value::Object(map) => {
                let mut access = MapAccess {
                    entries: map.into_iter(),
                    value: None,
                };
                let v = visitor.visit_map(&mut access)?;
                if access.entries.len() == 0 {
                    Ok(v)
                } else {
                    Err(DeError("object has more entries than expected".into()))
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
            Value::Object(map) if map.len() == 1 => {
                let mut entries = map.into_entries().into_iter();
                match entries.next() {
                    Some((variant, content)) => visitor.visit_enum(EnumAccess { variant, content }),
                    None => Err(DeError("empty object for an enum".into())),
                }
            }
            _ => Err(DeError(
                "expected a string or a one-entry object for an enum".into(),
            )),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        drop(self);
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

struct SeqAccess(alloc::vec::IntoIter<Value>);

impl<'de> de::SeqAccess<'de> for SeqAccess {
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

struct MapAccess {
    entries: alloc::vec::IntoIter<(String, Value)>,
    value: Option<Value>,
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
        let key: de::value::StringDeserializer<DeError> = key.into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DeError> {
        let value = self
            .value
            .take()
            .ok_or_else(|| DeError("value requested before its key".into()))?;
        seed.deserialize(ValueDe(value))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct EnumAccess {
    variant: String,
    content: Value,
}

impl<'de> de::EnumAccess<'de> for EnumAccess {
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
            _ => Err(DeError("expected null content for a unit variant".into())),
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
        Err(DeError("integer too large for the requested type".into()))
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, DeError> {
        seed.deserialize(de::value::StringDeserializer::new(self.0.into_digits()))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, DeError> {
        Err(DeError("integer too large for the requested type".into()))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, DeError> {
        Err(DeError("integer too large for the requested type".into()))
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => serializer.serialize_unit(),
            Self::Bool(b) => serializer.serialize_bool(*b),
            Self::Int(i) => serializer.serialize_i64(*i),
            Self::BigInt(b) => serializer.serialize_newtype_struct(BIGINT_TOKEN, b.as_str()),
            Self::Float(f) => serializer.serialize_f64(*f),
            Self::String(s) => serializer.serialize_str(s),
            Self::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Self::Object(map) => map.serialize(serializer),
        }
    }
}

impl Serialize for Map {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut m = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
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
        Value::deserialize(d)
    }

    /// Only djsign's own deserializer makes this call, for integers beyond 128 bits.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use de::VariantAccess as _;
        let (name, variant): (String, A::Variant) = data.variant()?;
        if name != BIGINT_TOKEN {
            return Err(de::Error::custom("an enum is not a JSON value"));
        }
        let digits: String = variant.newtype_variant()?;
        BigInt::parse(&digits).ok_or_else(|| de::Error::custom("malformed big integer"))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(List::from(items)))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut entries: Vec<(String, Value)> =
            Vec::with_capacity(access.size_hint().unwrap_or(0).min(4096));
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

    #[test]
    fn a_payload_cannot_forge_a_big_integer() {
        // an object whose only key is the private name stays an object through serde
        let v = json_loads(b"{\"$djsign::private::BigInt\":\"123\"}", 10).unwrap();
        let back: Value = from_value(v.clone()).unwrap();
        assert_eq!(back, v);
        assert!(back.as_object().is_some());
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
}
