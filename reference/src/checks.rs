//! The differential checks themselves, shared by `tests/differential.rs` (proptest) and the
//! `ref_*` cargo-fuzz targets: each runs djsign and the model on the same input and returns a
//! description of the first difference. Like [`crate::compare`], this module uses djsign.

use std::collections::BTreeMap;
use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::compare::{agree, algorithm, from_djsign, limits, same_error, show, to_djsign};
use crate::mac::Algorithm;
use crate::signing::{Limits, SIGNER_SALT, Signer, TimestampSigner, decode_payload};
use crate::value::Value;
use crate::{Kind, json};

/// A difference between djsign and the model, described for a failure message (no secret
/// material is involved: the tests make their own keys).
pub type Diff = String;

/// A signer configuration, built on both sides.
#[derive(Clone, Debug)]
pub struct Config {
    pub key: Vec<u8>,
    pub fallback_keys: Vec<Vec<u8>>,
    pub salt: String,
    pub sep: String,
    pub algorithm: Algorithm,
    pub limits: Limits,
}

/// Both sides' signers for one configuration.
#[derive(Debug)]
pub struct Pair {
    pub lib: djsign::TimestampSigner,
    pub lib_plain: djsign::Signer,
    pub model: TimestampSigner,
    pub model_plain: Signer,
}

impl Config {
    /// Builds the four signers; `Ok(None)` when both sides refuse the configuration alike.
    ///
    /// # Errors
    /// A [`Diff`] when one side builds and the other does not, or the errors differ.
    pub fn build(&self) -> Result<Option<Pair>, Diff> {
        let lib = djsign::TimestampSigner::builder(self.key.as_slice())
            .fallback_keys(self.fallback_keys.iter().map(Vec::as_slice))
            .salt(&self.salt)
            .sep(&self.sep)
            .algorithm(algorithm(self.algorithm))
            .limits(limits(&self.limits))
            .build();
        let lib_plain = djsign::Signer::builder(self.key.as_slice())
            .fallback_keys(self.fallback_keys.iter().map(Vec::as_slice))
            .salt(&self.salt)
            .sep(&self.sep)
            .algorithm(algorithm(self.algorithm))
            .limits(limits(&self.limits))
            .build();
        let model = TimestampSigner::new(
            &self.key,
            &self.fallback_keys,
            &self.salt,
            &self.sep,
            self.algorithm,
            self.limits,
        );
        let model_plain = Signer::new(
            &self.key,
            &self.fallback_keys,
            &self.salt,
            &self.sep,
            self.algorithm,
            self.limits,
            SIGNER_SALT,
        );
        if !agree(&lib, &model, |_, _| true) || !agree(&lib_plain, &model_plain, |_, _| true) {
            return Err(format!(
                "building {self:?}: djsign {}, model {:?}",
                show(&lib),
                model.as_ref().err()
            ));
        }
        Ok(match (lib, lib_plain, model, model_plain) {
            (Ok(lib), Ok(lib_plain), Ok(model), Ok(model_plain)) => Some(Pair {
                lib,
                lib_plain,
                model,
                model_plain,
            }),
            _ => None,
        })
    }
}

fn same_value(a: &djsign::Value, b: &Value) -> bool {
    from_djsign(a).same(b)
}

fn diff<A: Debug, B: Debug>(what: &str, input: &str, lib: &A, model: &B) -> Diff {
    format!("{what} on {input:?}: djsign {lib:?}, model {model:?}")
}

impl Pair {
    /// Signs `value` on both sides (plain and timestamped) and compares the tokens.
    ///
    /// # Errors
    /// A [`Diff`].
    pub fn check_sign(&self, value: &str, timestamp: i64) -> Result<(), Diff> {
        let (a, b) = (self.lib_plain.sign(value), self.model_plain.sign(value));
        if a != b {
            return Err(diff("Signer::sign", value, &a, &b));
        }
        let (a, b) = (
            self.lib.sign_at(value, timestamp),
            self.model.sign_at(value, timestamp),
        );
        if a != b {
            return Err(diff("TimestampSigner::sign_at", value, &a, &b));
        }
        Ok(())
    }

    /// Every reading of `token` on both sides: `unsign`, `unsign_at`, `unsign_object_value`,
    /// `unsign_object_value_at`, and typed `unsign_object_at` into each of [`check_typed`]'s
    /// types.
    ///
    /// # Errors
    /// A [`Diff`].
    pub fn check_token(&self, token: &str, max_age: Option<f64>, now: f64) -> Result<(), Diff> {
        let a = self.lib_plain.unsign(token);
        let b = self.model_plain.unsign(token);
        if !agree(&a, &b, |x, y| x == y) {
            return Err(diff("Signer::unsign", token, &a, &b));
        }
        let a = self.lib.unsign_at(token, max_age, now);
        let b = self.model.unsign_at(token, max_age, now);
        if !agree(&a, &b, |x, y| (x.value, x.timestamp) == *y) {
            return Err(diff("TimestampSigner::unsign_at", token, &a, &b));
        }
        let a = self.lib_plain.unsign_object_value(token);
        let b = self.model_plain.unsign_value(token);
        if !agree(&a, &b, same_value) {
            return Err(diff("Signer::unsign_object_value", token, &a, &b));
        }
        let a = self.lib.unsign_object_value_at(token, max_age, now);
        let b = self.model.unsign_value_at(token, max_age, now);
        if !agree(&a, &b, |x, y| {
            x.timestamp == y.1 && same_value(&x.value, &y.0)
        }) {
            return Err(diff(
                "TimestampSigner::unsign_object_value_at",
                token,
                &a,
                &b,
            ));
        }
        // typed: djsign's Value through serde is the dynamic result again
        let t = self
            .lib
            .unsign_object_at::<djsign::Value>(token, max_age, now);
        if !agree(&t, &b, |x, y| {
            x.timestamp == y.1 && same_value(&x.value, &y.0)
        }) {
            return Err(diff("unsign_object_at::<djsign::Value>", token, &t, &b));
        }
        check_typed(token, &|tok| TypedRun {
            pair: self,
            token: tok,
            max_age,
            now,
        })
    }

    /// Dumps `value` on both sides (djsign from the equivalent `djsign::Value`), compressed or
    /// not, and compares the tokens byte for byte; then reads the token back on both sides.
    ///
    /// # Errors
    /// A [`Diff`].
    pub fn check_dumps(&self, value: &Value, compress: bool, timestamp: i64) -> Result<(), Diff> {
        let lib_value = to_djsign(value);
        let a = self.lib.sign_object_at(&lib_value, compress, timestamp);
        let b = if value.depth() > self.model.signer.limits.max_json_depth {
            Err(Kind::Unserializable)
        } else {
            Ok(self.model.sign_value_at(value, compress, timestamp))
        };
        if !agree(&a, &b, |x, y| x == y) {
            return Err(diff("sign_object_at", &format!("{value:?}"), &a, &b));
        }
        let a = self.lib_plain.sign_object(&lib_value, compress);
        let b = b.map(|_| self.model_plain.sign_value(value, compress));
        if !agree(&a, &b, |x, y| x == y) {
            return Err(diff("Signer::sign_object", &format!("{value:?}"), &a, &b));
        }
        match a {
            Ok(token) => self.check_token(&token, None, 0.0),
            Err(_) => Ok(()),
        }
    }

    /// Dumps a typed record on both sides (djsign's serializer against the model's serde
    /// mapping) and compares the tokens.
    ///
    /// # Errors
    /// A [`Diff`].
    pub fn check_dumps_typed<T: Serialize + Debug>(
        &self,
        obj: &T,
        compress: bool,
        timestamp: i64,
    ) -> Result<(), Diff> {
        let a = self.lib.sign_object_at(obj, compress, timestamp);
        let b = self.model.sign_object_at(obj, compress, timestamp);
        if !agree(&a, &b, |x, y| x == y) {
            return Err(diff("typed sign_object_at", &format!("{obj:?}"), &a, &b));
        }
        Ok(())
    }
}

/// A typed read to run on both sides.
pub struct TypedRun<'a> {
    pair: &'a Pair,
    token: &'a str,
    max_age: Option<f64>,
    now: f64,
}

impl TypedRun<'_> {
    fn run<T: DeserializeOwned + Debug>(&self) -> Result<(), Diff> {
        let a = self
            .pair
            .lib
            .unsign_object_at::<T>(self.token, self.max_age, self.now)
            .map(|t| (format!("{:?}", t.value), t.timestamp));
        let b = self
            .pair
            .model
            .unsign_object_at::<T>(self.token, self.max_age, self.now)
            .map(|(v, ts)| (format!("{v:?}"), ts));
        if agree(&a, &b, |x, y| x == y) {
            Ok(())
        } else {
            Err(diff(
                &format!("unsign_object_at::<{}>", std::any::type_name::<T>()),
                self.token,
                &a,
                &b,
            ))
        }
    }
}

/// Runs the typed comparison for every target type.
fn check_typed<'a>(token: &'a str, run: &dyn Fn(&'a str) -> TypedRun<'a>) -> Result<(), Diff> {
    let r = run(token);
    r.run::<Any>()?;
    r.run::<SessionLike>()?;
    r.run::<Strict>()?;
    r.run::<Shape>()?;
    r.run::<Untagged>()?;
    r.run::<Vec<Option<i32>>>()?;
    r.run::<(String, bool, f32)>()?;
    r.run::<BTreeMap<String, u8>>()?;
    r.run::<BTreeMap<String, Any>>()?;
    r.run::<char>()?;
    r.run::<String>()?;
    r.run::<i128>()?;
    r.run::<u64>()?;
    r.run::<f64>()?;
    r.run::<Option<bool>>()?;
    r.run::<()>()?;
    r.run::<Box<[u16]>>()?;
    r.run::<Record>()?;
    Ok(())
}

/// `unverified::decode_payload` against the model's payload reading.
///
/// # Errors
/// A [`Diff`].
pub fn check_payload(payload: &str, l: &Limits) -> Result<(), Diff> {
    let a = djsign::unverified::decode_payload(payload, &limits(l));
    let b = decode_payload(payload, l);
    if agree(&a, &b, same_value) {
        Ok(())
    } else {
        Err(diff("decode_payload", payload, &a, &b))
    }
}

/// `json_loads` (latin-1 bytes) and, for UTF-8 input, `json_loads_str`, against the model.
///
/// # Errors
/// A [`Diff`].
pub fn check_json(data: &[u8], max_depth: usize) -> Result<(), Diff> {
    let shown = String::from_utf8_lossy(data);
    let a = djsign::json_loads(data, max_depth);
    let b = json::loads_latin1(data, max_depth);
    if !agree(&a, &b, same_value) {
        return Err(diff("json_loads", &shown, &a, &b));
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let a = djsign::json_loads_str(text, max_depth);
        let b = json::loads_str(text, max_depth);
        if !agree(&a, &b, same_value) {
            return Err(diff("json_loads_str", text, &a, &b));
        }
    }
    Ok(())
}

/// `json_dumps` of a value against the model's writer.
///
/// # Errors
/// A [`Diff`].
pub fn check_json_dumps(value: &Value, max_depth: usize) -> Result<(), Diff> {
    let a = djsign::json_dumps(&to_djsign(value), max_depth);
    let b = if value.depth() > max_depth {
        Err(Kind::Unserializable)
    } else {
        Ok(crate::write::dumps(value))
    };
    if agree(&a, &b, |x, y| x == y) {
        Ok(())
    } else {
        Err(diff(
            "json_dumps",
            &format!("{value:?}"),
            &a.map(|v| String::from_utf8_lossy(&v).into_owned()),
            &b.map(|v| String::from_utf8_lossy(&v).into_owned()),
        ))
    }
}

/// Whether two errors agree, for callers that compare results of their own.
#[must_use]
pub fn errors_agree(a: &djsign::Error, b: &Kind) -> bool {
    same_error(a, b)
}

/// Separators both sides accept (and some they refuse), keys, salts, algorithms, limits.
pub fn signer_config(seed: &mut crate::generate::Seed<'_>) -> Config {
    const SEPS: &[&str] = &[
        ":", ":", ":", "::", "~", "/", ".", "\u{e9}", "*sep*", "a\n\n", "\n", "^", "", "a:",
    ];
    let key = if seed.byte() == 0 {
        Vec::new()
    } else {
        seed.bytes(40).into_iter().chain([b'k']).collect()
    };
    let fallback_keys = (0..seed.below(3))
        .map(|_| seed.bytes(8).into_iter().chain([b'f']).collect())
        .collect();
    let mut limits = Limits::DEFAULT;
    if seed.byte() > 200 {
        limits.max_decompressed_len = seed.below(300);
        limits.max_json_depth = seed.below(6);
        limits.max_token_len = 40 + seed.below(400);
    }
    Config {
        key,
        fallback_keys,
        salt: if seed.bool() {
            String::new()
        } else {
            seed.string(10)
        },
        sep: if seed.byte() < 240 {
            (*seed.choose(SEPS)).to_string()
        } else {
            seed.string(2)
        },
        algorithm: *seed.choose(&crate::compare::algorithms()),
        limits,
    }
}

// ---------- typed targets ----------

/// Any JSON value through `deserialize_any`, as a generic user type sees it.
#[derive(Debug)]
pub enum Any {
    Unit,
    Bool(bool),
    U64(u64),
    I64(i64),
    U128(u128),
    I128(i128),
    F64(f64),
    Str(String),
    Seq(Vec<Any>),
    Map(Vec<(String, Any)>),
}

impl<'de> Deserialize<'de> for Any {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Any;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any value")
            }
            fn visit_unit<E>(self) -> Result<Any, E> {
                Ok(Any::Unit)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Any, E> {
                Ok(Any::Bool(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Any, E> {
                Ok(Any::U64(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Any, E> {
                Ok(Any::I64(v))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Any, E> {
                Ok(Any::U128(v))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Any, E> {
                Ok(Any::I128(v))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Any, E> {
                Ok(Any::F64(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Any, E> {
                Ok(Any::Str(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Any, A::Error> {
                let mut items = Vec::new();
                while let Some(x) = a.next_element()? {
                    items.push(x);
                }
                Ok(Any::Seq(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Any, A::Error> {
                let mut entries = Vec::new();
                while let Some(kv) = a.next_entry()? {
                    entries.push(kv);
                }
                Ok(Any::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

/// A session-shaped struct: renamed and defaulted fields, the rest flattened.
#[derive(Debug, Deserialize)]
pub struct SessionLike {
    #[serde(rename = "_auth_user_id")]
    pub user: Option<String>,
    #[serde(default)]
    pub n: Vec<i64>,
    #[serde(flatten)]
    pub rest: BTreeMap<String, Any>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strict {
    pub a: i64,
    pub b: Option<String>,
}

/// Externally tagged, as serde_json (and djsign) write enums.
#[derive(Debug, Serialize, Deserialize)]
pub enum Shape {
    Unit,
    New(f64),
    Tup(u8, i16),
    Rec { x: u128 },
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Untagged {
    B(bool),
    I(i64),
    F(f64),
    S(String),
    L(Vec<Untagged>),
    M(BTreeMap<String, Untagged>),
    N(()),
}

/// A typed record for `dumps` and `loads`: most of serde's data model in one struct.
#[derive(Debug, Serialize, Deserialize)]
pub struct Record {
    pub id: u64,
    pub name: String,
    pub score: f32,
    pub ratio: f64,
    pub tags: Vec<String>,
    pub flags: BTreeMap<i64, bool>,
    pub labels: BTreeMap<String, f64>,
    pub maybe: Option<i128>,
    pub shape: Shape,
    pub pair: (char, u128),
    pub unit: (),
    pub nested: Vec<Vec<i8>>,
}

impl Record {
    /// A record made from a seed.
    #[must_use]
    pub fn from_seed(seed: &mut crate::generate::Seed<'_>) -> Self {
        let shape = match seed.byte() % 4 {
            0 => Shape::Unit,
            1 => Shape::New(seed.float()),
            2 => Shape::Tup(seed.byte(), i16::from_le_bytes([seed.byte(), seed.byte()])),
            _ => Shape::Rec {
                x: u128::from(seed.u64()) << (seed.byte() % 64),
            },
        };
        Self {
            id: seed.u64(),
            name: seed.string(8),
            score: seed.float() as f32,
            ratio: seed.float(),
            tags: (0..seed.below(3)).map(|_| seed.string(4)).collect(),
            flags: (0..seed.below(3))
                .map(|_| (seed.u64() as i64, seed.bool()))
                .collect(),
            labels: (0..seed.below(3))
                .map(|_| (seed.string(3), seed.float()))
                .collect(),
            maybe: if seed.bool() {
                Some(i128::from(seed.u64() as i64) * i128::from(seed.u64()))
            } else {
                None
            },
            shape,
            pair: (
                char::from_u32(u32::from(seed.byte()) * 300).unwrap_or('x'),
                u128::from(seed.u64()) * u128::from(seed.u64()),
            ),
            unit: (),
            nested: (0..seed.below(3))
                .map(|_| seed.bytes(3).into_iter().map(|b| b as i8).collect())
                .collect(),
        }
    }
}
