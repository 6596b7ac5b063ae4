//! Typed loads read in one pass (`src/json/direct.rs`, issue 9) against their definition, the
//! two steps `from_value::<T>(unsign_object_value(..))`: for any payload bytes the typed call
//! must return the same `T` or the same error.
//!
//! Input: a flags byte (bit 0: read as Django's development branch, UTF-8; bits 1-6: depth
//! limit 0..63), then the payload's JSON bytes, signed here as a raw payload. The types: a
//! `Trace` that records every visitor call it receives, in order (so any difference in the
//! calls the reader makes shows, not just in what a type keeps), an ordered list of an
//! object's entries (sees Python's duplicate-key rule in full), and common std shapes.
#![no_main]

use std::collections::BTreeMap;
use std::fmt::{self, Debug, Write as _};

use djsign::{DjangoVersion, Limits, Signer, from_value};
use libfuzzer_sys::fuzz_target;
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, Visitor};

/// Every visitor call, as text. Borrowed and owned strings print the same (the reader may
/// hand over either; see `direct.rs`).
#[derive(Debug)]
struct Trace(String);

impl<'de> de::Deserialize<'de> for Trace {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TraceV).map(Trace)
    }
}

struct TraceV;

impl<'de> Visitor<'de> for TraceV {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("anything")
    }
    fn visit_bool<E>(self, v: bool) -> Result<String, E> {
        Ok(format!("b{v}"))
    }
    fn visit_i64<E>(self, v: i64) -> Result<String, E> {
        Ok(format!("i{v}"))
    }
    fn visit_u64<E>(self, v: u64) -> Result<String, E> {
        Ok(format!("u{v}"))
    }
    fn visit_i128<E>(self, v: i128) -> Result<String, E> {
        Ok(format!("I{v}"))
    }
    fn visit_u128<E>(self, v: u128) -> Result<String, E> {
        Ok(format!("U{v}"))
    }
    fn visit_f64<E>(self, v: f64) -> Result<String, E> {
        Ok(format!("f{:x}", v.to_bits()))
    }
    fn visit_str<E>(self, v: &str) -> Result<String, E> {
        Ok(format!("s{v:?}"))
    }
    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("n".into())
    }
    fn visit_none<E>(self) -> Result<String, E> {
        Ok("none".into())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        Ok(format!("some({})", Trace::deserialize_from(d)?))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut a: A) -> Result<String, A::Error> {
        // Not the size hint: the one-pass reader gives none (documented in direct.rs).
        let mut s = String::from("[");
        while let Some(Trace(t)) = a.next_element()? {
            write!(s, "{t},").unwrap();
        }
        Ok(s + "]")
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut a: A) -> Result<String, A::Error> {
        let mut s = String::from("{");
        while let Some((Trace(k), Trace(v))) = a.next_entry()? {
            write!(s, "{k}:{v},").unwrap();
        }
        Ok(s + "}")
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, a: A) -> Result<String, A::Error> {
        use de::VariantAccess as _;
        let (Trace(name), v) = a.variant()?;
        let Trace(inner) = v.newtype_variant()?;
        Ok(format!("enum({name}={inner})"))
    }
}

impl Trace {
    fn deserialize_from<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        d.deserialize_any(TraceV)
    }
}

/// An object's entries in order, values traced (read through Debug).
#[derive(Debug)]
#[allow(dead_code)]
struct Pairs(Vec<(String, String)>);

impl<'de> de::Deserialize<'de> for Pairs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Pairs;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut a: A) -> Result<Pairs, A::Error> {
                let mut out = Vec::new();
                while let Some((k, Trace(v))) = a.next_entry::<String, Trace>()? {
                    out.push((k, v));
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(V)
    }
}

fn same<T: DeserializeOwned + Debug>(signer: &Signer, token: &str) {
    let direct = signer.unsign_object::<T>(token).map(|t| format!("{t:?}"));
    let two_steps = signer
        .unsign_object_value(token)
        .and_then(from_value::<T>)
        .map(|t| format!("{t:?}"));
    assert_eq!(direct, two_steps, "{}", std::any::type_name::<T>());
}

/// Standard base64, Django's URL-safe alphabet, no padding (written here, not djsign's).
fn b64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut s = String::with_capacity(data.len() * 4 / 3 + 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            s.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    s
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, json)) = data.split_first() else {
        return;
    };
    let version = if flags & 1 == 1 {
        DjangoVersion::Main
    } else {
        DjangoVersion::V5_2
    };
    let mut limits = Limits::DEFAULT;
    limits.max_json_depth = usize::from((flags >> 1) % 64);
    let signer = Signer::builder("typed-loads-fuzz")
        .django_version(version)
        .limits(limits)
        .build()
        .unwrap();
    let token = signer.sign(&b64(json));
    same::<Trace>(&signer, &token);
    same::<Pairs>(&signer, &token);
    same::<Vec<Pairs>>(&signer, &token);
    same::<BTreeMap<String, Vec<Option<f64>>>>(&signer, &token);
    same::<BTreeMap<String, IgnoredAny>>(&signer, &token);
    same::<(i64, String, Option<u8>)>(&signer, &token);
    same::<Vec<(String, u128)>>(&signer, &token);
    same::<Option<Vec<char>>>(&signer, &token);
    same::<String>(&signer, &token);
    same::<IgnoredAny>(&signer, &token);
});
