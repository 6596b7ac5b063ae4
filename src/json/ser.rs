//! A serde `Serializer` that writes what Django's `json.dumps(obj, separators=(",", ":"))`
//! writes for the equivalent Python object.
//!
//! The Rust-to-Python mapping is serde_json's: structs and maps are dicts, sequences and
//! tuples are lists, `None`/`()` is `None`, enums are externally tagged. Where Python differs
//! from serde_json, Python wins: floats use `repr` and keep NaN/Infinity (serde_json would
//! write `null`), `f32` is widened to the double Python would hold, strings use
//! `ensure_ascii`, and map keys are converted as `json.dumps` converts dict keys
//! (`True` -> `"true"`, `None` -> `"null"`, `1.5` -> `"1.5"`).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use serde::ser::{self, Serialize};

use super::write::{write_f64, write_int, write_str};

/// The newtype name under which [`Value::BigInt`](super::Value) passes its digits, so that
/// this serializer writes them as a bare number.
pub(crate) const BIGINT_TOKEN: &str = "$djsign::private::BigInt";

/// A serialization failure, converted to [`crate::Error::Unserializable`].
#[derive(Debug)]
pub(crate) struct SerError(pub(crate) String);

impl fmt::Display for SerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

/// Serializes `value` as Django would, refusing nesting deeper than `max_depth`.
pub(crate) fn to_vec<T: ?Sized + Serialize>(
    value: &T,
    max_depth: usize,
) -> Result<Vec<u8>, crate::Error> {
    let mut out = Vec::with_capacity(128);
    value
        .serialize(&mut PySerializer {
            out: &mut out,
            depth_left: max_depth,
            raw_digits_next: false,
        })
        .map_err(|e| crate::Error::Unserializable { message: e.0 })?;
    Ok(out)
}

pub(crate) struct PySerializer<'a> {
    out: &'a mut Vec<u8>,
    depth_left: usize,
    raw_digits_next: bool,
}

impl PySerializer<'_> {
    fn enter(&mut self) -> Result<(), SerError> {
        self.depth_left = self
            .depth_left
            .checked_sub(1)
            .ok_or_else(|| SerError("nesting deeper than the configured limit".into()))?;
        Ok(())
    }

    fn leave(&mut self) {
        self.depth_left = self.depth_left.saturating_add(1);
    }

    /// `{"variant":` for externally tagged enum variants with content.
    fn open_variant(&mut self, variant: &str) -> Result<(), SerError> {
        self.enter()?;
        self.out.push(b'{');
        write_str(variant, self.out);
        self.out.push(b':');
        Ok(())
    }
}

fn is_decimal_integer(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

pub(crate) struct Compound<'a, 'b> {
    ser: &'b mut PySerializer<'a>,
    first: bool,
    /// Inside an externally tagged variant: `}` closes the `{"variant":` wrapper too.
    variant: bool,
}

impl Compound<'_, '_> {
    fn comma(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.ser.out.push(b',');
        }
    }

    fn finish(self, close: u8) {
        self.ser.out.push(close);
        self.ser.leave();
        if self.variant {
            self.ser.out.push(b'}');
            self.ser.leave();
        }
    }
}

impl<'a, 'b> ser::Serializer for &'b mut PySerializer<'a> {
    type Ok = ();
    type Error = SerError;
    type SerializeSeq = Compound<'a, 'b>;
    type SerializeTuple = Compound<'a, 'b>;
    type SerializeTupleStruct = Compound<'a, 'b>;
    type SerializeTupleVariant = Compound<'a, 'b>;
    type SerializeMap = Compound<'a, 'b>;
    type SerializeStruct = Compound<'a, 'b>;
    type SerializeStructVariant = Compound<'a, 'b>;

    fn serialize_bool(self, v: bool) -> Result<(), SerError> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), SerError> {
        write_int(v, self.out);
        Ok(())
    }

    fn serialize_i16(self, v: i16) -> Result<(), SerError> {
        write_int(v, self.out);
        Ok(())
    }

    fn serialize_i32(self, v: i32) -> Result<(), SerError> {
        write_int(v, self.out);
        Ok(())
    }

    fn serialize_i64(self, v: i64) -> Result<(), SerError> {
        write_int(v, self.out);
        Ok(())
    }

    fn serialize_i128(self, v: i128) -> Result<(), SerError> {
        write_int(v, self.out);
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result<(), SerError> {
        write_int(v, self.out);
        Ok(())
    }

    fn serialize_u16(self, v: u16) -> Result<(), SerError> {
        write_int(v, self.out);
        Ok(())
    }

    fn serialize_u32(self, v: u32) -> Result<(), SerError> {
        write_int(v, self.out);
        Ok(())
    }

    fn serialize_u64(self, v: u64) -> Result<(), SerError> {
        write_int(v, self.out);
        Ok(())
    }

    fn serialize_u128(self, v: u128) -> Result<(), SerError> {
        write_int(v, self.out);
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), SerError> {
        write_f64(f64::from(v), self.out);
        Ok(())
    }

    fn serialize_f64(self, v: f64) -> Result<(), SerError> {
        write_f64(v, self.out);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), SerError> {
        let mut buf = [0u8; 4];
        write_str(v.encode_utf8(&mut buf), self.out);
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), SerError> {
        if core::mem::take(&mut self.raw_digits_next) && is_decimal_integer(v) {
            self.out.extend_from_slice(v.as_bytes());
        } else {
            write_str(v, self.out);
        }
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), SerError> {
        // Python has no JSON form for bytes; a list of integers is what serde_json writes.
        self.enter()?;
        self.out.push(b'[');
        for (i, b) in v.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            write_int(b, self.out);
        }
        self.out.push(b']');
        self.leave();
        Ok(())
    }

    fn serialize_none(self) -> Result<(), SerError> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), SerError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), SerError> {
        self.serialize_none()
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), SerError> {
        self.serialize_none()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), SerError> {
        write_str(variant, self.out);
        Ok(())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        self.raw_digits_next = name == BIGINT_TOKEN;
        let r = value.serialize(&mut *self);
        self.raw_digits_next = false;
        r
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        self.open_variant(variant)?;
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        self.leave();
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, 'b>, SerError> {
        self.enter()?;
        self.out.push(b'[');
        Ok(Compound {
            ser: self,
            first: true,
            variant: false,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'b>, SerError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'b>, SerError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'b>, SerError> {
        self.open_variant(variant)?;
        self.enter()?;
        self.out.push(b'[');
        Ok(Compound {
            ser: self,
            first: true,
            variant: true,
        })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, 'b>, SerError> {
        self.enter()?;
        self.out.push(b'{');
        Ok(Compound {
            ser: self,
            first: true,
            variant: false,
        })
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'b>, SerError> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'b>, SerError> {
        self.open_variant(variant)?;
        self.enter()?;
        self.out.push(b'{');
        Ok(Compound {
            ser: self,
            first: true,
            variant: true,
        })
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = SerError;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        self.comma();
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<(), SerError> {
        self.finish(b']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = SerError;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), SerError> {
        self.finish(b']');
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = SerError;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), SerError> {
        self.finish(b']');
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = SerError;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), SerError> {
        self.finish(b']');
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = SerError;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), SerError> {
        self.comma();
        key.serialize(KeySerializer { out: self.ser.out })
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        self.ser.out.push(b':');
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<(), SerError> {
        self.finish(b'}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = SerError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        self.comma();
        write_str(key, self.ser.out);
        self.ser.out.push(b':');
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<(), SerError> {
        self.finish(b'}');
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = SerError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }

    fn end(self) -> Result<(), SerError> {
        self.finish(b'}');
        Ok(())
    }
}

/// Dict keys as `json.dumps` converts them: str as is, int and float as their repr,
/// True/False/None as `"true"`/`"false"`/`"null"`; anything else is a TypeError in Python.
struct KeySerializer<'a> {
    out: &'a mut Vec<u8>,
}

fn key_error() -> SerError {
    SerError("keys must be str, int, float, bool or None".into())
}

impl KeySerializer<'_> {
    fn quoted(self, write: impl FnOnce(&mut Vec<u8>)) -> Result<(), SerError> {
        self.out.push(b'"');
        write(self.out);
        self.out.push(b'"');
        Ok(())
    }
}

impl ser::Serializer for KeySerializer<'_> {
    type Ok = ();
    type Error = SerError;
    type SerializeSeq = ser::Impossible<(), SerError>;
    type SerializeTuple = ser::Impossible<(), SerError>;
    type SerializeTupleStruct = ser::Impossible<(), SerError>;
    type SerializeTupleVariant = ser::Impossible<(), SerError>;
    type SerializeMap = ser::Impossible<(), SerError>;
    type SerializeStruct = ser::Impossible<(), SerError>;
    type SerializeStructVariant = ser::Impossible<(), SerError>;

    fn serialize_bool(self, v: bool) -> Result<(), SerError> {
        self.quoted(|o| o.extend_from_slice(if v { b"true" } else { b"false" }))
    }

    fn serialize_i8(self, v: i8) -> Result<(), SerError> {
        self.quoted(|o| write_int(v, o))
    }

    fn serialize_i16(self, v: i16) -> Result<(), SerError> {
        self.quoted(|o| write_int(v, o))
    }

    fn serialize_i32(self, v: i32) -> Result<(), SerError> {
        self.quoted(|o| write_int(v, o))
    }

    fn serialize_i64(self, v: i64) -> Result<(), SerError> {
        self.quoted(|o| write_int(v, o))
    }

    fn serialize_i128(self, v: i128) -> Result<(), SerError> {
        self.quoted(|o| write_int(v, o))
    }

    fn serialize_u8(self, v: u8) -> Result<(), SerError> {
        self.quoted(|o| write_int(v, o))
    }

    fn serialize_u16(self, v: u16) -> Result<(), SerError> {
        self.quoted(|o| write_int(v, o))
    }

    fn serialize_u32(self, v: u32) -> Result<(), SerError> {
        self.quoted(|o| write_int(v, o))
    }

    fn serialize_u64(self, v: u64) -> Result<(), SerError> {
        self.quoted(|o| write_int(v, o))
    }

    fn serialize_u128(self, v: u128) -> Result<(), SerError> {
        self.quoted(|o| write_int(v, o))
    }

    fn serialize_f32(self, v: f32) -> Result<(), SerError> {
        self.quoted(|o| write_f64(f64::from(v), o))
    }

    fn serialize_f64(self, v: f64) -> Result<(), SerError> {
        self.quoted(|o| write_f64(v, o))
    }

    fn serialize_char(self, v: char) -> Result<(), SerError> {
        let mut buf = [0u8; 4];
        write_str(v.encode_utf8(&mut buf), self.out);
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), SerError> {
        write_str(v, self.out);
        Ok(())
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<(), SerError> {
        Err(key_error())
    }

    fn serialize_none(self) -> Result<(), SerError> {
        self.quoted(|o| o.extend_from_slice(b"null"))
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), SerError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), SerError> {
        self.serialize_none()
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), SerError> {
        self.serialize_none()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), SerError> {
        write_str(variant, self.out);
        Ok(())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), SerError> {
        Err(key_error())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, SerError> {
        Err(key_error())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, SerError> {
        Err(key_error())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, SerError> {
        Err(key_error())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, SerError> {
        Err(key_error())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, SerError> {
        Err(key_error())
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, SerError> {
        Err(key_error())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, SerError> {
        Err(key_error())
    }
}
