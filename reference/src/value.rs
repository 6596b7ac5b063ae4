//! The model's JSON value: what Python's `json.loads` gives, restricted to what a Rust
//! `String` can hold.

/// A JSON value. Objects are lists of entries with distinct keys, in Python's dict order.
#[derive(Clone, Debug)]
pub enum Value {
    Null,
    Bool(bool),
    /// An integer that fits in `i64`.
    Int(i64),
    /// An integer outside `i64`: its decimal digits, `-` first if negative.
    BigInt(String),
    Float(f64),
    String(String),
    List(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// An integer from its decimal text: `Int` when it fits in `i64`, else `BigInt`.
    #[must_use]
    pub fn int_from_digits(text: &str) -> Self {
        match text.parse::<i64>() {
            Ok(i) => Self::Int(i),
            Err(_) => Self::BigInt(text.to_string()),
        }
    }

    /// Structural equality as Python would see it after a round trip through JSON: floats by
    /// their bits (so `-0.0 != 0.0`), any NaN equal to any NaN (all print as `NaN`).
    #[must_use]
    pub fn same(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Null, Self::Null) => true,
            (Self::Bool(a), Self::Bool(b)) => a == b,
            (Self::Int(a), Self::Int(b)) => a == b,
            (Self::BigInt(a), Self::BigInt(b)) => a == b,
            (Self::Float(a), Self::Float(b)) => {
                (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
            }
            (Self::String(a), Self::String(b)) => a == b,
            (Self::List(a), Self::List(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y))
            }
            (Self::Object(a), Self::Object(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((ka, va), (kb, vb))| ka == kb && va.same(vb))
            }
            _ => false,
        }
    }

    /// Nesting depth: 0 for a scalar, 1 + the deepest child for a list or object.
    #[must_use]
    pub fn depth(&self) -> usize {
        match self {
            Self::List(items) => 1 + items.iter().map(Self::depth).max().unwrap_or(0),
            Self::Object(entries) => 1 + entries.iter().map(|(_, v)| v.depth()).max().unwrap_or(0),
            _ => 0,
        }
    }
}
