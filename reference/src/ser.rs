//! Rust values to the model's [`Value`] through serde, with the mapping djsign documents
//! (SPEC.md §7, serde_json's conventions where Python has no say): structs and maps are dicts,
//! sequences and tuples lists, `None` and `()` null, enums externally tagged, `f32` widened to
//! the double Python would hold, bytes a list of ints; dict keys converted as `json.dumps`
//! converts them (`True` -> `"true"`, `None` -> `"null"`, numbers by their repr).
//!
//! Built as a tree first, then written by [`crate::write`]; the nesting limit is checked on
//! the finished tree. Map entries are kept as serialized (a map may write the same key twice,
//! and so does Python for `{1: 'a', '1': 'b'}`).

use serde::ser::{self, Serialize};

use crate::Kind;
use crate::value::Value;
use crate::write::float_repr;

/// `obj` as the value `json.dumps` sees, or [`Kind::Unserializable`] (a key Python refuses,
/// the type's own `Serialize` failing, or nesting deeper than `max_depth`).
///
/// # Errors
/// [`Kind::Unserializable`].
pub fn to_value<T: ?Sized + Serialize>(obj: &T, max_depth: usize) -> Result<Value, Kind> {
    let v = obj.serialize(ValueSer).map_err(|_| Kind::Unserializable)?;
    if v.depth() > max_depth {
        return Err(Kind::Unserializable);
    }
    Ok(v)
}

#[derive(Debug)]
pub struct SerError;

impl std::fmt::Display for SerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unserializable")
    }
}

impl std::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<T: std::fmt::Display>(_msg: T) -> Self {
        Self
    }
}

fn int(i: i128) -> Value {
    i64::try_from(i).map_or_else(|_| Value::BigInt(i.to_string()), Value::Int)
}

fn tagged(variant: &str, content: Value) -> Value {
    Value::Object(vec![(variant.to_string(), content)])
}

pub struct ValueSer;

pub struct Seq {
    items: Vec<Value>,
    variant: Option<&'static str>,
}

pub struct Dict {
    entries: Vec<(String, Value)>,
    key: Option<String>,
    variant: Option<&'static str>,
}

impl ser::Serializer for ValueSer {
    type Ok = Value;
    type Error = SerError;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = Seq;
    type SerializeMap = Dict;
    type SerializeStruct = Dict;
    type SerializeStructVariant = Dict;

    fn serialize_bool(self, v: bool) -> Result<Value, SerError> {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, SerError> {
        Ok(int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Value, SerError> {
        Ok(int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Value, SerError> {
        Ok(int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<Value, SerError> {
        Ok(int(v.into()))
    }
    fn serialize_i128(self, v: i128) -> Result<Value, SerError> {
        Ok(int(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Value, SerError> {
        Ok(int(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Value, SerError> {
        Ok(int(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Value, SerError> {
        Ok(int(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Value, SerError> {
        Ok(int(v.into()))
    }
    fn serialize_u128(self, v: u128) -> Result<Value, SerError> {
        Ok(i128::try_from(v).map_or_else(|_| Value::BigInt(v.to_string()), int))
    }
    fn serialize_f32(self, v: f32) -> Result<Value, SerError> {
        Ok(Value::Float(f64::from(v)))
    }
    fn serialize_f64(self, v: f64) -> Result<Value, SerError> {
        Ok(Value::Float(v))
    }
    fn serialize_char(self, v: char) -> Result<Value, SerError> {
        Ok(Value::String(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Value, SerError> {
        Ok(Value::String(v.to_string()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, SerError> {
        Ok(Value::List(
            v.iter().map(|&b| Value::Int(b.into())).collect(),
        ))
    }
    fn serialize_none(self) -> Result<Value, SerError> {
        Ok(Value::Null)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<Value, SerError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, SerError> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, SerError> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, SerError> {
        Ok(Value::String(variant.to_string()))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Value, SerError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, SerError> {
        Ok(tagged(variant, value.serialize(self)?))
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Seq, SerError> {
        Ok(Seq {
            items: Vec::new(),
            variant: None,
        })
    }
    fn serialize_tuple(self, _len: usize) -> Result<Seq, SerError> {
        Ok(Seq {
            items: Vec::new(),
            variant: None,
        })
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Seq, SerError> {
        Ok(Seq {
            items: Vec::new(),
            variant: None,
        })
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Seq, SerError> {
        Ok(Seq {
            items: Vec::new(),
            variant: Some(variant),
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Dict, SerError> {
        Ok(Dict {
            entries: Vec::new(),
            key: None,
            variant: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Dict, SerError> {
        Ok(Dict {
            entries: Vec::new(),
            key: None,
            variant: None,
        })
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Dict, SerError> {
        Ok(Dict {
            entries: Vec::new(),
            key: None,
            variant: Some(variant),
        })
    }
}

impl Seq {
    fn push<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        self.items.push(value.serialize(ValueSer)?);
        Ok(())
    }
    fn done(self) -> Value {
        let list = Value::List(self.items);
        match self.variant {
            Some(v) => tagged(v, list),
            None => list,
        }
    }
}

impl ser::SerializeSeq for Seq {
    type Ok = Value;
    type Error = SerError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> Result<Value, SerError> {
        Ok(self.done())
    }
}

impl ser::SerializeTuple for Seq {
    type Ok = Value;
    type Error = SerError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> Result<Value, SerError> {
        Ok(self.done())
    }
}

impl ser::SerializeTupleStruct for Seq {
    type Ok = Value;
    type Error = SerError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> Result<Value, SerError> {
        Ok(self.done())
    }
}

impl ser::SerializeTupleVariant for Seq {
    type Ok = Value;
    type Error = SerError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> Result<Value, SerError> {
        Ok(self.done())
    }
}

impl Dict {
    fn done(self) -> Value {
        let dict = Value::Object(self.entries);
        match self.variant {
            Some(v) => tagged(v, dict),
            None => dict,
        }
    }
}

impl ser::SerializeMap for Dict {
    type Ok = Value;
    type Error = SerError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), SerError> {
        self.key = Some(key.serialize(KeySer)?);
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        let key = self.key.take().ok_or(SerError)?;
        self.entries.push((key, value.serialize(ValueSer)?));
        Ok(())
    }
    fn end(self) -> Result<Value, SerError> {
        Ok(self.done())
    }
}

impl ser::SerializeStruct for Dict {
    type Ok = Value;
    type Error = SerError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        self.entries
            .push((key.to_string(), value.serialize(ValueSer)?));
        Ok(())
    }
    fn end(self) -> Result<Value, SerError> {
        Ok(self.done())
    }
}

impl ser::SerializeStructVariant for Dict {
    type Ok = Value;
    type Error = SerError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<Value, SerError> {
        Ok(self.done())
    }
}

/// Dict keys: str as is; int, float, bool, None converted as `json.dumps` converts them;
/// anything else is Python's `TypeError` ("keys must be str, int, float, bool or None").
pub struct KeySer;

type NoCompound = ser::Impossible<String, SerError>;

impl ser::Serializer for KeySer {
    type Ok = String;
    type Error = SerError;
    type SerializeSeq = NoCompound;
    type SerializeTuple = NoCompound;
    type SerializeTupleStruct = NoCompound;
    type SerializeTupleVariant = NoCompound;
    type SerializeMap = NoCompound;
    type SerializeStruct = NoCompound;
    type SerializeStructVariant = NoCompound;

    fn serialize_bool(self, v: bool) -> Result<String, SerError> {
        Ok(if v { "true" } else { "false" }.into())
    }
    fn serialize_i8(self, v: i8) -> Result<String, SerError> {
        Ok(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<String, SerError> {
        Ok(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<String, SerError> {
        Ok(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<String, SerError> {
        Ok(v.to_string())
    }
    fn serialize_i128(self, v: i128) -> Result<String, SerError> {
        Ok(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<String, SerError> {
        Ok(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<String, SerError> {
        Ok(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<String, SerError> {
        Ok(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<String, SerError> {
        Ok(v.to_string())
    }
    fn serialize_u128(self, v: u128) -> Result<String, SerError> {
        Ok(v.to_string())
    }
    fn serialize_f32(self, v: f32) -> Result<String, SerError> {
        Ok(float_repr(f64::from(v)))
    }
    fn serialize_f64(self, v: f64) -> Result<String, SerError> {
        Ok(float_repr(v))
    }
    fn serialize_char(self, v: char) -> Result<String, SerError> {
        Ok(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<String, SerError> {
        Ok(v.to_string())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<String, SerError> {
        Err(SerError)
    }
    fn serialize_none(self) -> Result<String, SerError> {
        Ok("null".into())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<String, SerError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, SerError> {
        Ok("null".into())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, SerError> {
        Ok("null".into())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, SerError> {
        Ok(variant.to_string())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, SerError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<String, SerError> {
        Err(SerError)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<NoCompound, SerError> {
        Err(SerError)
    }
    fn serialize_tuple(self, _len: usize) -> Result<NoCompound, SerError> {
        Err(SerError)
    }
    fn serialize_tuple_struct(self, _n: &'static str, _len: usize) -> Result<NoCompound, SerError> {
        Err(SerError)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<NoCompound, SerError> {
        Err(SerError)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<NoCompound, SerError> {
        Err(SerError)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<NoCompound, SerError> {
        Err(SerError)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<NoCompound, SerError> {
        Err(SerError)
    }
}
