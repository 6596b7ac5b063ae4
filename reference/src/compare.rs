//! The only module that touches djsign: its public types converted to and from the model's,
//! for the differential tests. Nothing here computes anything the model decides.

use crate::Kind;
use crate::mac::Algorithm;
use crate::value::Value;

/// djsign's `Algorithm` of the same name.
#[must_use]
pub fn algorithm(a: Algorithm) -> djsign::Algorithm {
    djsign::Algorithm::from_name(a.name()).expect("djsign supports every algorithm the model has")
}

/// The algorithms both sides have in this build (djsign's SHA-1 needs `legacy-sha1`).
#[must_use]
pub fn algorithms() -> Vec<Algorithm> {
    djsign::Algorithm::ALL
        .iter()
        .map(|a| {
            *Algorithm::ALL
                .iter()
                .find(|m| m.name() == a.name())
                .expect("the model has every algorithm")
        })
        .collect()
}

/// The model's value as a `djsign::Value` (for feeding the same value to both).
#[must_use]
pub fn to_djsign(v: &Value) -> djsign::Value {
    match v {
        Value::Null => djsign::Value::Null,
        Value::Bool(b) => djsign::Value::Bool(*b),
        Value::Int(i) => djsign::Value::Int(*i),
        Value::BigInt(d) => djsign::BigInt::parse(d).expect("a canonical big integer"),
        Value::Float(f) => djsign::Value::Float(*f),
        Value::String(s) => djsign::Value::String(s.clone()),
        Value::List(items) => djsign::Value::List(items.iter().map(to_djsign).collect()),
        Value::Object(entries) => {
            let mut m = djsign::Map::new();
            for (k, item) in entries {
                m.insert(k.clone(), to_djsign(item));
            }
            djsign::Value::Object(m)
        }
    }
}

/// A `djsign::Value` as the model's value (for comparing results).
#[must_use]
pub fn from_djsign(v: &djsign::Value) -> Value {
    match v {
        djsign::Value::Null => Value::Null,
        djsign::Value::Bool(b) => Value::Bool(*b),
        djsign::Value::Int(i) => Value::Int(*i),
        djsign::Value::BigInt(b) => Value::BigInt(b.as_str().to_string()),
        djsign::Value::Float(f) => Value::Float(*f),
        djsign::Value::String(s) => Value::String(s.clone()),
        djsign::Value::List(items) => Value::List(items.iter().map(from_djsign).collect()),
        djsign::Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, item)| (k.to_string(), from_djsign(item)))
                .collect(),
        ),
    }
}

/// The same error kind (and, where djsign reports figures the grammar fixes, the same figures).
#[must_use]
pub fn same_error(e: &djsign::Error, k: &Kind) -> bool {
    if e.slug() != k.slug() {
        return false;
    }
    match (e, k) {
        (
            djsign::Error::SignatureExpired {
                age,
                max_age,
                timestamp,
            },
            Kind::Expired {
                age: a,
                max_age: m,
                timestamp: t,
            },
        ) => age.to_bits() == a.to_bits() && max_age.to_bits() == m.to_bits() && timestamp == t,
        (
            djsign::Error::DecompressedTooLarge { limit },
            Kind::DecompressedTooLarge { limit: l },
        ) => limit == l,
        (djsign::Error::TokenTooLong { len, limit }, Kind::TokenTooLong { len: n, limit: l }) => {
            len == n && limit == l
        }
        _ => true,
    }
}

/// djsign's and the model's results agree: both `Ok` with `same(a, b)`, or the same error.
#[must_use]
pub fn agree<A, B>(
    lib: &Result<A, djsign::Error>,
    model: &Result<B, Kind>,
    same: impl FnOnce(&A, &B) -> bool,
) -> bool {
    match (lib, model) {
        (Ok(a), Ok(b)) => same(a, b),
        (Err(e), Err(k)) => same_error(e, k),
        _ => false,
    }
}

/// A short description of a result for failure messages: the error slug, or "ok".
#[must_use]
pub fn show<A>(r: &Result<A, djsign::Error>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.slug(),
    }
}

/// The model's limits as djsign's.
#[must_use]
pub fn limits(l: &crate::Limits) -> djsign::Limits {
    let mut out = djsign::Limits::DEFAULT;
    out.max_token_len = l.max_token_len;
    out.max_decompressed_len = l.max_decompressed_len;
    out.max_json_depth = l.max_json_depth;
    out
}
