//! A serde `Serializer` that writes what Django's `json.dumps(obj, separators=(",", ":"))`
//! writes for the equivalent Python object.
//!
//! The Rust-to-Python mapping is serde_json's: structs and maps are dicts, sequences and
//! tuples are lists, `None`/`()` is `None`, enums are externally tagged. Where Python differs
//! from serde_json, Python wins: floats use `repr` and keep NaN/Infinity (serde_json would
//! write `null`), `f32` is widened to the double Python would hold, strings use
//! `ensure_ascii`, and map keys are converted as `json.dumps` converts dict keys
//! (`True` -> `"true"`, `None` -> `"null"`, `1.5` -> `"1.5"`).

//!
//! **Stack.** A caller's type serializes through serde's model, which calls its `Serialize`
//! once per level of its nesting, at most `max_depth` levels (deeper is refused). A
//! [`Value`](super::Value) (or [`Map`], [`List`]) does not recurse with this serializer: it
//! writes its JSON itself with a heap stack and hands the bytes over under a private newtype
//! name (`RAW_JSON_TOKEN`). It recognises this serializer by its error type (`is_py_error`),
//! so with any other serializer it serializes as usual, recursively.

use alloc::borrow::Cow;
use alloc::string::ToString;
use alloc::vec::Vec;
use core::fmt;
use serde::ser::{self, Serialize, SerializeMap, SerializeSeq};

use super::tree::Src;
use super::value::{List, Map, Value};
use super::write::{write_f64, write_int, write_str};

/// The newtype name under which [`Value::BigInt`](super::Value) passes its digits, so that
/// this serializer writes them as a bare number.
pub(crate) const BIGINT_TOKEN: &str = "$djsign::private::BigInt";

/// The newtype name under which a container `Value` passes its own JSON: 8 bytes of depth
/// (little endian), then the text, as one `serialize_bytes` call.
const RAW_JSON_TOKEN: &str = "$djsign::private::RawJson";

/// What `Value::serialize` asks the serializer's error type to hold, and what only
/// [`SerError`] answers: how a `Value` knows it is talking to this serializer.
const PROBE: &str = "$djsign::private::probe";
const PROBE_REPLY: &str = "$djsign::private::PySerializer";

/// A serialization failure, converted to [`crate::Error::Unserializable`]. The fixed
/// messages (and the probe's reply, which every `Value` serialization asks for) are not
/// allocated.
#[derive(Debug)]
pub(crate) struct SerError(pub(crate) Cow<'static, str>);

impl fmt::Display for SerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        if displays_as(&msg, PROBE) {
            Self(Cow::Borrowed(PROBE_REPLY))
        } else {
            Self(Cow::Owned(msg.to_string()))
        }
    }
}

/// True if `x` prints exactly `text` (without allocating).
fn displays_as(x: &dyn fmt::Display, text: &str) -> bool {
    struct Match<'a>(Option<&'a str>);
    impl fmt::Write for Match<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0 = self.0.and_then(|rest| rest.strip_prefix(s));
            if self.0.is_some() {
                Ok(())
            } else {
                Err(fmt::Error)
            }
        }
    }
    let mut m = Match(Some(text));
    fmt::write(&mut m, format_args!("{x}")).is_ok() && m.0 == Some("")
}

/// True if `E` is [`SerError`], i.e. the serializer is this module's.
fn is_py_error<E: ser::Error>() -> bool {
    displays_as(&E::custom(PROBE), PROBE_REPLY)
}

/// Serializes `value` as Django would, refusing nesting deeper than `max_depth`.
pub(crate) fn to_vec<T: ?Sized + Serialize>(
    value: &T,
    max_depth: usize,
) -> Result<Vec<u8>, crate::Error> {
    // Room for a typical authenticated session (about 200 bytes) without a reallocation.
    let mut out = Vec::with_capacity(256);
    value
        .serialize(&mut PySerializer {
            out: &mut out,
            depth_left: max_depth,
            raw_digits_next: false,
            raw_json_next: false,
        })
        .map_err(|e| crate::Error::Unserializable {
            message: e.0.into_owned(),
        })?;
    Ok(out)
}

pub(crate) struct PySerializer<'a> {
    out: &'a mut Vec<u8>,
    depth_left: usize,
    raw_digits_next: bool,
    raw_json_next: bool,
}

impl PySerializer<'_> {
    fn enter(&mut self) -> Result<(), SerError> {
        self.depth_left = self.depth_left.checked_sub(1).ok_or_else(depth_error)?;
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

fn depth_error() -> SerError {
    SerError(Cow::Borrowed("nesting deeper than the configured limit"))
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
        if core::mem::take(&mut self.raw_json_next) {
            // A container `Value`'s own JSON (see `serialize_container`).
            let (depth, json) = v.split_at_checked(8).unwrap_or((&[], v));
            let depth = <[u8; 8]>::try_from(depth).map_or(u64::MAX, u64::from_le_bytes);
            if u64::try_from(self.depth_left).is_ok_and(|left| depth > left) {
                return Err(depth_error());
            }
            self.out.extend_from_slice(json);
            return Ok(());
        }
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
        self.raw_json_next = name == RAW_JSON_TOKEN;
        let r = value.serialize(&mut *self);
        self.raw_digits_next = false;
        self.raw_json_next = false;
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
    SerError(Cow::Borrowed("keys must be str, int, float, bool or None"))
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
        name: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        if name == RAW_JSON_TOKEN {
            // a list or an object as a key
            return Err(key_error());
        }
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

// ---------------------------------------------------------------------------------------
// Serialize for Value, Map and List

/// Writes the container `root` reads as Django's JSON, with a heap stack, after 8 bytes of
/// room for its depth (containers, the root included), which it fills in.
fn write_tree(root: Src<'_>) -> Vec<u8> {
    // Room for a typical authenticated session (about 200 bytes) without a reallocation.
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(&[0; 8]);
    open_container(&root, &mut out);
    // Room for a few levels, so that a session's one nested list or object does not grow it.
    let mut stack: Vec<(Src<'_>, bool)> = Vec::with_capacity(8);
    stack.push((root, true));
    let mut depth = 1usize;
    while let Some((top, first)) = stack.last_mut() {
        match top.next() {
            Some((key, child)) => {
                if !core::mem::take(first) {
                    out.push(b',');
                }
                if let Some(k) = key {
                    write_str(k, &mut out);
                    out.push(b':');
                }
                match Src::of(child) {
                    Some(src) => {
                        open_container(&src, &mut out);
                        stack.push((src, true));
                        depth = depth.max(stack.len());
                    }
                    None => write_leaf(child, &mut out),
                }
            }
            None => {
                out.push(match top {
                    Src::List(_) => b']',
                    Src::Object(_) => b'}',
                });
                stack.pop();
            }
        }
    }
    let depth = u64::try_from(depth).unwrap_or(u64::MAX).to_le_bytes();
    if let Some(head) = out.get_mut(..8) {
        head.copy_from_slice(&depth);
    }
    out
}

fn open_container(src: &Src<'_>, out: &mut Vec<u8>) {
    out.push(match src {
        Src::List(_) => b'[',
        Src::Object(_) => b'{',
    });
}

fn write_leaf(v: &Value, out: &mut Vec<u8>) {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Int(i) => write_int(i, out),
        Value::BigInt(b) => out.extend_from_slice(b.as_str().as_bytes()),
        Value::Float(f) => write_f64(*f, out),
        Value::String(s) => write_str(s, out),
        Value::List(_) | Value::Object(_) => {}
    }
}

struct RawJson(Vec<u8>);

impl Serialize for RawJson {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

/// A container through any serializer: this module's gets the JSON in one piece; any other
/// gets the usual serde calls (recursive, as serde's model is).
fn serialize_container<S: ser::Serializer>(src: Src<'_>, serializer: S) -> Result<S::Ok, S::Error> {
    if is_py_error::<S::Error>() {
        return serializer.serialize_newtype_struct(RAW_JSON_TOKEN, &RawJson(write_tree(src)));
    }
    Plain::serialize_src(src, serializer)
}

/// A value through a serializer known not to be this module's: no more probing below.
struct Plain<'a>(&'a Value);

impl Plain<'_> {
    fn serialize_src<S: ser::Serializer>(src: Src<'_>, serializer: S) -> Result<S::Ok, S::Error> {
        match src {
            Src::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Plain(item))?;
                }
                seq.end()
            }
            Src::Object(entries) => {
                let mut m = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    m.serialize_entry(k, &Plain(v))?;
                }
                m.end()
            }
        }
    }
}

impl Serialize for Plain<'_> {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match Src::of(self.0) {
            Some(src) => Self::serialize_src(src, serializer),
            None => serialize_leaf(self.0, serializer),
        }
    }
}

fn serialize_leaf<S: ser::Serializer>(v: &Value, serializer: S) -> Result<S::Ok, S::Error> {
    match v {
        Value::Bool(b) => serializer.serialize_bool(*b),
        Value::Int(i) => serializer.serialize_i64(*i),
        Value::BigInt(b) => serializer.serialize_newtype_struct(BIGINT_TOKEN, b.as_str()),
        Value::Float(f) => serializer.serialize_f64(*f),
        Value::String(s) => serializer.serialize_str(s),
        Value::Null | Value::List(_) | Value::Object(_) => serializer.serialize_unit(),
    }
}

impl Serialize for Value {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match Src::of(self) {
            Some(src) => serialize_container(src, serializer),
            None => serialize_leaf(self, serializer),
        }
    }
}

impl Serialize for Map {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_container(Src::Object(self.entries().iter()), serializer)
    }
}

impl Serialize for List {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_container(Src::List(self.as_slice().iter()), serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json_loads;

    const TEXT: &str = r#"[1,{"a":[true,null,"x"],"b":{}},-2.5,[]]"#;

    #[test]
    fn this_serializer_gets_the_json_in_one_piece() {
        let v = json_loads(TEXT.as_bytes(), 10).unwrap();
        assert_eq!(to_vec(&v, 10).unwrap(), TEXT.as_bytes());
        // inside a caller's container, with the depth the container already used
        assert_eq!(
            to_vec(&(1, &v), 10).unwrap(),
            alloc::format!("[1,{TEXT}]").as_bytes()
        );
        assert!(to_vec(&(1, &v), 4).is_ok(), "the value is 3 deep");
        assert!(to_vec(&(1, &v), 3).is_err(), "the tuple takes one level");
        // a list as a map key is refused, as Python refuses it
        struct ListKey<'a>(&'a Value);
        impl Serialize for ListKey<'_> {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry(self.0, &1)?;
                m.end()
            }
        }
        assert!(to_vec(&ListKey(&v), 10).is_err());
        assert_eq!(to_vec(&ListKey(&Value::Int(3)), 10).unwrap(), br#"{"3":1}"#);
    }

    #[test]
    fn other_serializers_get_plain_serde_calls() {
        let v = json_loads(TEXT.as_bytes(), 10).unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), TEXT);
        assert_eq!(serde_json::to_string(v.as_list().unwrap()).unwrap(), TEXT);
        // and back through a foreign deserializer
        let back: Value = serde_json::from_str(TEXT).unwrap();
        assert_eq!(back, v);
    }

    #[derive(serde::Serialize)]
    enum Variants {
        Unit,
        Newtype(i8),
        Tuple(u8, i16),
        Struct { a: u16, b: i32 },
    }

    #[derive(serde::Serialize)]
    struct Widths {
        i8: i8,
        i16: i16,
        i32: i32,
        i64: i64,
        i128: i128,
        u8: u8,
        u16: u16,
        u32: u32,
        u64: u64,
        u128: u128,
        variants: alloc::vec::Vec<Variants>,
        bytes: serde_bytes_like::Bytes,
        f32: f32,
        char: char,
        some: Option<u8>,
        none: Option<u8>,
        unit: (),
        unit_struct: UnitStruct,
        pair: Pair,
    }

    #[derive(serde::Serialize)]
    struct UnitStruct;

    #[derive(serde::Serialize)]
    struct Pair(u8, i8);

    mod serde_bytes_like {
        /// `serialize_bytes`, which Python has no form for: a list of integers.
        pub(super) struct Bytes(pub(super) &'static [u8]);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
    }

    /// Integers of every width, enum variants of every kind and the other serde forms come
    /// out as serde_json writes them compactly (the independent oracle here; Python has no
    /// enums, and its compact integers are the same text).
    #[test]
    fn every_integer_width_and_variant_kind() {
        let w = Widths {
            i8: i8::MIN,
            i16: i16::MIN,
            i32: i32::MIN,
            i64: i64::MIN,
            i128: i128::MIN,
            u8: u8::MAX,
            u16: u16::MAX,
            u32: u32::MAX,
            u64: u64::MAX,
            u128: u128::MAX,
            variants: alloc::vec![
                Variants::Unit,
                Variants::Newtype(-7),
                Variants::Tuple(1, -2),
                Variants::Struct { a: 3, b: -4 },
                Variants::Newtype(8),
            ],
            bytes: serde_bytes_like::Bytes(&[0, 1, 255]),
            f32: 1.5, // exact in both widths, so serde_json's f32 text is Python's too
            char: 'x',
            some: Some(3),
            none: None,
            unit: (),
            unit_struct: UnitStruct,
            pair: Pair(1, -1),
        };
        assert_eq!(to_vec(&w, 10).unwrap(), serde_json::to_vec(&w).unwrap());
    }

    /// Leaving a container or variant gives its level back: siblings at the depth limit
    /// each fit, one level deeper does not.
    #[test]
    fn siblings_at_the_depth_limit_fit() {
        let wide = alloc::vec![
            Variants::Newtype(1),
            Variants::Tuple(1, 2),
            Variants::Struct { a: 1, b: 2 },
            Variants::Newtype(2),
        ];
        assert!(to_vec(&wide, 3).is_ok(), "list, variant, content");
        assert!(to_vec(&wide, 2).is_err());
        let lists = alloc::vec![alloc::vec![1u8], alloc::vec![2], alloc::vec![3]];
        assert!(to_vec(&lists, 2).is_ok());
        assert!(to_vec(&lists, 1).is_err());
        let bytes = [
            serde_bytes_like::Bytes(&[1]),
            serde_bytes_like::Bytes(&[2]),
            serde_bytes_like::Bytes(&[3]),
        ];
        assert_eq!(to_vec(&bytes, 2).unwrap(), b"[[1],[2],[3]]");
        assert!(to_vec(&bytes, 1).is_err());
    }

    /// A caller's type that names the private big-integer newtype gets its text written raw
    /// only when it is a decimal integer; anything else is a quoted string (no JSON can be
    /// injected through it).
    #[test]
    fn the_private_big_integer_name_writes_only_digits_raw() {
        struct Named(&'static str);
        impl Serialize for Named {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_newtype_struct(BIGINT_TOKEN, self.0)
            }
        }
        for (text, want) in [
            ("12345678901234567890123", &b"12345678901234567890123"[..]),
            ("-5", b"-5"),
            ("-", br#""-""#),
            ("", br#""""#),
            ("1,2", br#""1,2""#),
            ("12a", br#""12a""#),
            ("1]", br#""1]""#),
        ] {
            assert_eq!(to_vec(&Named(text), 10).unwrap(), want, "{text:?}");
        }
    }

    #[test]
    fn displays_as_is_whole_text_equality() {
        assert!(displays_as(&"abc", "abc"));
        assert!(displays_as(&"", ""));
        assert!(!displays_as(&"ab", "abc"), "a prefix");
        assert!(!displays_as(&"abcd", "abc"), "longer");
        assert!(!displays_as(&"", "abc"), "empty");
        assert!(!displays_as(&"abd", "abc"));
    }

    /// Keys of every kind Python's `json.dumps` converts: the expected text is CPython
    /// 3.11's `json.dumps({True: 1, False: 2, None: 3, -128: 4, 255: 5, -2**127: 6,
    /// 2**128 - 1: 7, <f32 0.1 as a double>: 8, 1e300: 9, float("inf"): 10, "x": 11,
    /// "é": 12}, separators=(",", ":"))`; chars, unit values and newtypes are their Python
    /// counterparts (a one-character str, None, the inner value).
    #[test]
    fn keys_convert_as_python_converts_them() {
        #[derive(serde::Serialize)]
        struct Id(u16);
        #[derive(serde::Serialize)]
        enum Unit {
            Name,
        }
        #[derive(serde::Serialize)]
        struct UnitStruct;
        struct Keys;
        impl Serialize for Keys {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ser::SerializeMap as _;
                let mut m = s.serialize_map(None)?;
                m.serialize_entry(&true, &1)?;
                m.serialize_entry(&false, &2)?;
                m.serialize_entry(&None::<u8>, &3)?;
                m.serialize_entry(&-128i8, &4)?;
                m.serialize_entry(&255u8, &5)?;
                m.serialize_entry(&i128::MIN, &6)?;
                m.serialize_entry(&u128::MAX, &7)?;
                m.serialize_entry(&0.1f32, &8)?;
                m.serialize_entry(&1e300f64, &9)?;
                m.serialize_entry(&f64::INFINITY, &10)?;
                m.serialize_entry(&'x', &11)?;
                m.serialize_entry("é", &12)?;
                m.end()
            }
        }
        assert_eq!(
            to_vec(&Keys, 10).unwrap(),
            br#"{"true":1,"false":2,"null":3,"-128":4,"255":5,"-170141183460469231731687303715884105728":6,"340282366920938463463374607431768211455":7,"0.10000000149011612":8,"1e+300":9,"Infinity":10,"x":11,"\u00e9":12}"#
        );
        struct Others;
        impl Serialize for Others {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ser::SerializeMap as _;
                let mut m = s.serialize_map(None)?;
                m.serialize_entry(&-2i16, &1)?;
                m.serialize_entry(&-3i32, &2)?;
                m.serialize_entry(&4u16, &3)?;
                m.serialize_entry(&5u32, &4)?;
                m.serialize_entry(&6u64, &5)?;
                m.serialize_entry(&Some(7u8), &6)?;
                m.serialize_entry(&(), &7)?;
                m.serialize_entry(&UnitStruct, &8)?;
                m.serialize_entry(&Unit::Name, &9)?;
                m.serialize_entry(&Id(10), &10)?;
                m.end()
            }
        }
        assert_eq!(
            to_vec(&Others, 10).unwrap(),
            br#"{"-2":1,"-3":2,"4":3,"5":4,"6":5,"7":6,"null":7,"null":8,"Name":9,"10":10}"#
        );
        // what Python refuses as a key (TypeError: keys must be str, int, float, bool or None)
        #[derive(serde::Serialize)]
        enum Content {
            Newtype(u8),
        }
        struct Bad<K>(K);
        impl<K: Serialize> Serialize for Bad<K> {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ser::SerializeMap as _;
                let mut m = s.serialize_map(None)?;
                m.serialize_entry(&self.0, &1)?;
                m.end()
            }
        }
        let refused = |r: Result<Vec<u8>, crate::Error>| {
            r.is_err_and(|e| {
                e.to_string()
                    .contains("keys must be str, int, float, bool or None")
            })
        };
        assert!(refused(to_vec(&Bad(Content::Newtype(1)), 10)));
        assert!(refused(to_vec(&Bad(serde_bytes_like::Bytes(b"k")), 10)));
        assert!(refused(to_vec(&Bad((1, 2)), 10)));
        assert!(refused(to_vec(&Bad(alloc::vec![1]), 10)));
    }
}
