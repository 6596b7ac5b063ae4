//! [`Value`] and its parts; described in the public module's docs (`json/mod.rs`).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::ops::{Deref, DerefMut};

use super::tree;

/// A JSON value with Python's semantics (see the [module docs](crate::json)).
///
/// Equality is structural and order-sensitive for objects (two objects with the same entries
/// in another order serialize differently, so they are different here); `Float(NaN)` is not
/// equal to itself. `Clone`, `PartialEq`, `Debug` and drop use a heap stack, not recursion,
/// so a deep value needs no more call stack than a flat one.
///
/// ```
/// use djsign::{Value, json_loads};
/// let v = json_loads(br#"{"user": 42, "tags": ["a"], "ratio": 0.5, "admin": false, "note": null}"#, 16)?;
/// assert_eq!(v.get("user").and_then(Value::as_i64), Some(42));
/// assert_eq!(v.get("tags").and_then(Value::as_list).map(|l| l.len()), Some(1));
/// assert_eq!(v.get("ratio").and_then(Value::as_f64), Some(0.5));
/// assert_eq!(v.get("admin").and_then(Value::as_bool), Some(false));
/// assert!(v.get("note").is_some_and(Value::is_null));
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Default)]
pub enum Value {
    /// `null` (Python `None`).
    #[default]
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer that fits in `i64`.
    Int(i64),
    /// An integer outside `i64`, kept exactly.
    BigInt(BigInt),
    /// A float (Python `float`), NaN and infinities included.
    Float(f64),
    /// A string.
    String(String),
    /// A list.
    List(List),
    /// An object (Python `dict`), in insertion order.
    Object(Map),
}

impl Clone for Value {
    fn clone(&self) -> Self {
        tree::clone_value(self)
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        tree::eq_value(self, other)
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        tree::debug_value(self, f)
    }
}

impl Value {
    /// The string, if this is a string.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    /// The integer, if this is an integer that fits in `i64`.
    #[must_use]
    pub const fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The float, if this is a float (integers are not converted).
    #[must_use]
    pub const fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    #[must_use]
    pub const fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The list, if this is one.
    #[must_use]
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Self::List(l) => Some(l),
            _ => None,
        }
    }

    /// The object, if this is one.
    #[must_use]
    pub const fn as_object(&self) -> Option<&Map> {
        match self {
            Self::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The object, mutably, if this is one.
    pub const fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Self::Object(m) => Some(m),
            _ => None,
        }
    }

    /// True for `null`.
    #[must_use]
    pub const fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// The value under `key`, if this is an object that has it.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|m| m.get(key))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Self::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Self::Int(i)
    }
}

impl From<i32> for Value {
    fn from(i: i32) -> Self {
        Self::Int(i.into())
    }
}

impl From<u32> for Value {
    fn from(i: u32) -> Self {
        Self::Int(i.into())
    }
}

impl From<u64> for Value {
    fn from(i: u64) -> Self {
        Self::from(i128::from(i))
    }
}

impl From<i128> for Value {
    fn from(i: i128) -> Self {
        match i64::try_from(i) {
            Ok(small) => Self::Int(small),
            Err(_) => Self::BigInt(BigInt(alloc::format!("{i}"))),
        }
    }
}

impl From<u128> for Value {
    fn from(i: u128) -> Self {
        match i64::try_from(i) {
            Ok(small) => Self::Int(small),
            Err(_) => Self::BigInt(BigInt(alloc::format!("{i}"))),
        }
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Self::Float(f)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Self::String(s.into())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Self::String(s)
    }
}

impl From<Vec<Value>> for Value {
    fn from(l: Vec<Value>) -> Self {
        Self::List(List(l))
    }
}

impl From<List> for Value {
    fn from(l: List) -> Self {
        Self::List(l)
    }
}

impl From<Map> for Value {
    fn from(m: Map) -> Self {
        Self::Object(m)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(o: Option<T>) -> Self {
        o.map_or(Self::Null, Into::into)
    }
}

/// An integer outside the `i64` range, held as its canonical decimal digits (optional `-`,
/// no leading zeros), exactly as Python prints it. Python refuses integers of more than 4300
/// digits, and so does this type.
///
/// ```
/// use djsign::{BigInt, Value, json_loads};
/// let v = json_loads(b"123456789012345678901234567890", 8)?; // a Python int past 64 bits
/// let Value::BigInt(n) = &v else { unreachable!() };
/// assert_eq!(n.as_str(), "123456789012345678901234567890");
/// assert_eq!(n.to_i128(), Some(123_456_789_012_345_678_901_234_567_890));
/// assert!(BigInt::parse("007").is_none()); // not canonical
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigInt(String);

/// Python's default `sys.int_info.default_max_str_digits`: longer integers raise ValueError.
pub(crate) const MAX_INT_DIGITS: usize = 4300;

impl BigInt {
    /// Parses a decimal integer in JSON syntax (`-?(0|[1-9][0-9]*)`), returning a
    /// [`Value::Int`] when it fits in `i64` and a [`Value::BigInt`] otherwise; `None` if the
    /// text is not such an integer or has more than 4300 digits.
    #[must_use]
    pub fn parse(text: &str) -> Option<Value> {
        let digits = text.strip_prefix('-').unwrap_or(text);
        let well_formed = match digits.as_bytes() {
            [] => false,
            [b'0'] => true,
            [b'1'..=b'9', rest @ ..] => rest.iter().all(u8::is_ascii_digit),
            _ => false,
        };
        if !well_formed || digits.len() > MAX_INT_DIGITS {
            return None;
        }
        Some(match text.parse::<i64>() {
            Ok(i) => Value::Int(i),
            // Python's int("-0") is 0; "-0" parses as i64 above, so only big ones get here.
            Err(_) => Value::BigInt(Self(text.into())),
        })
    }

    /// The decimal digits, with a leading `-` for negatives.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The digits, by value.
    pub(crate) fn into_digits(self) -> String {
        self.0
    }

    /// The value as `i128`, if it fits.
    #[must_use]
    pub fn to_i128(&self) -> Option<i128> {
        self.0.parse().ok()
    }

    /// The value as `u128`, if it fits.
    #[must_use]
    pub fn to_u128(&self) -> Option<u128> {
        self.0.parse().ok()
    }
}

impl fmt::Display for BigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A JSON list (Python `list`): a `Vec<Value>` (it dereferences to one) whose drop, clone,
/// equality and `Debug` walk nested lists and objects without recursion.
///
/// ```
/// use djsign::{List, Value};
/// let list = List::from(vec![Value::from(1), Value::from("two")]);
/// assert_eq!(list.len(), 2); // a Vec<Value> underneath
/// assert_eq!(djsign::json_dumps(&Value::from(list), 8)?, b"[1,\"two\"]");
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Default)]
pub struct List(Vec<Value>);

impl List {
    /// An empty list.
    #[must_use]
    pub const fn new() -> Self {
        Self(Vec::new())
    }

    /// The items as a slice.
    #[must_use]
    pub fn as_slice(&self) -> &[Value] {
        &self.0
    }

    /// The items as a `Vec`, mutably.
    pub const fn as_vec_mut(&mut self) -> &mut Vec<Value> {
        &mut self.0
    }

    /// The items, by value.
    #[must_use]
    pub fn into_vec(mut self) -> Vec<Value> {
        core::mem::take(&mut self.0)
    }
}

impl Drop for List {
    fn drop(&mut self) {
        tree::drop_items(&mut self.0);
    }
}

impl Clone for List {
    fn clone(&self) -> Self {
        match tree::clone_from(tree::Src::List(self.0.iter())) {
            Value::List(l) => l,
            _ => Self::new(),
        }
    }
}

impl PartialEq for List {
    fn eq(&self, other: &Self) -> bool {
        tree::eq_lists(self, other)
    }
}

impl fmt::Debug for List {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        tree::debug_from(tree::Src::List(self.0.iter()), false, f)
    }
}

impl Deref for List {
    type Target = Vec<Value>;
    fn deref(&self) -> &Vec<Value> {
        &self.0
    }
}

impl DerefMut for List {
    fn deref_mut(&mut self) -> &mut Vec<Value> {
        &mut self.0
    }
}

impl From<Vec<Value>> for List {
    fn from(items: Vec<Value>) -> Self {
        Self(items)
    }
}

impl From<List> for Vec<Value> {
    fn from(l: List) -> Self {
        l.into_vec()
    }
}

impl FromIterator<Value> for List {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl IntoIterator for List {
    type Item = Value;
    type IntoIter = alloc::vec::IntoIter<Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a> IntoIterator for &'a List {
    type Item = &'a Value;
    type IntoIter = core::slice::Iter<'a, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A JSON object in insertion order, with Python `dict` semantics: inserting an existing key
/// replaces its value in place, keeping its position. Drop, clone, equality and `Debug` walk
/// nested values without recursion, as for [`List`].
///
/// ```
/// use djsign::{Map, Value, json_dumps};
/// let mut m = Map::new();
/// m.insert("b", 1);
/// m.insert("a", Value::from(2));
/// m.insert("b", 3); // replaced in place, as a dict does
/// assert_eq!(m.keys().collect::<Vec<_>>(), ["b", "a"]);
/// assert_eq!(json_dumps(&m, 8)?, b"{\"b\":3,\"a\":2}");
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Default)]
pub struct Map {
    entries: Vec<(String, Value)>,
}

impl Drop for Map {
    fn drop(&mut self) {
        tree::drop_entries(&mut self.entries);
    }
}

impl Clone for Map {
    fn clone(&self) -> Self {
        match tree::clone_from(tree::Src::Object(self.entries.iter())) {
            Value::Object(m) => m,
            _ => Self::new(),
        }
    }
}

impl PartialEq for Map {
    fn eq(&self, other: &Self) -> bool {
        tree::eq_maps(self, other)
    }
}

impl fmt::Debug for Map {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        tree::debug_from(tree::Src::Object(self.entries.iter()), false, f)
    }
}

impl Map {
    /// An empty object.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// Number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if there are no entries.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value under `key`.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value under `key`, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.entries
            .iter_mut()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// True if `key` is present.
    #[must_use]
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key` to `value`. An existing key keeps its position (Python `d[k] = v`); the
    /// old value is returned.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        let key = key.into();
        let value = value.into();
        match self.get_mut(&key) {
            Some(slot) => Some(core::mem::replace(slot, value)),
            None => {
                self.entries.push((key, value));
                None
            }
        }
    }

    /// Removes `key`, keeping the order of the others (Python `del d[k]`).
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let pos = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(pos).1)
    }

    /// The entries in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &Value)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    /// Builds a map from entries that may repeat keys, with Python's rule for duplicates:
    /// the last value wins, at the position of the first occurrence. `O(n log n)`.
    pub(crate) fn from_entries_last_wins(mut entries: Vec<(String, Value)>) -> Self {
        fn key_at(entries: &[(String, Value)], i: usize) -> Option<&str> {
            entries.get(i).map(|e| e.0.as_str())
        }
        if entries.len() < 2 {
            return Self { entries };
        }
        // Small objects (sessions): a pairwise check, no allocation, when no key repeats.
        if entries.len() <= 16 {
            let distinct = entries.iter().enumerate().all(|(i, (k, _))| {
                entries
                    .get(..i)
                    .unwrap_or_default()
                    .iter()
                    .all(|(other, _)| other != k)
            });
            if distinct {
                return Self { entries };
            }
        }
        // A stable sort keeps equal keys in their original order, so in each run of equal
        // keys the first index is the position to keep and the last holds the winning value.
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by(|&a, &b| key_at(&entries, a).cmp(&key_at(&entries, b)));
        let mut moves = Vec::new();
        let mut keep: Vec<bool> = Vec::new();
        for run in order.chunk_by(|&a, &b| key_at(&entries, a) == key_at(&entries, b)) {
            if let [first, rest @ ..] = run
                && let Some(&last) = rest.last()
            {
                if keep.is_empty() {
                    keep = alloc::vec![true; entries.len()];
                }
                moves.push((last, *first));
                for &dup in rest {
                    if let Some(k) = keep.get_mut(dup) {
                        *k = false;
                    }
                }
            }
        }
        for (from, to) in moves {
            let winner = entries
                .get_mut(from)
                .map(|e| core::mem::take(&mut e.1))
                .unwrap_or_default();
            if let Some(slot) = entries.get_mut(to) {
                slot.1 = winner;
            }
        }
        if !keep.is_empty() {
            let mut flags = keep.into_iter();
            entries.retain(|_| flags.next().unwrap_or(true));
        }
        Self { entries }
    }

    /// A map from entries whose keys are known to be distinct (copied from another map).
    pub(crate) const fn from_unique_entries(entries: Vec<(String, Value)>) -> Self {
        Self { entries }
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
    }

    pub(crate) fn entries(&self) -> &[(String, Value)] {
        &self.entries
    }

    pub(crate) const fn entries_mut(&mut self) -> &mut Vec<(String, Value)> {
        &mut self.entries
    }

    pub(crate) fn into_entries(mut self) -> Vec<(String, Value)> {
        core::mem::take(&mut self.entries)
    }
}

/// As inserting the pairs in order (the last value of a key wins, at its first position),
/// in `O(n log n)` rather than the `O(n^2)` of repeated [`Map::insert`]: the Python package
/// builds every dict it signs this way.
impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for Map {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self::from_entries_last_wins(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl IntoIterator for Map {
    type Item = (String, Value);
    type IntoIter = alloc::vec::IntoIter<(String, Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_entries().into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn duplicates_last_value_first_position() {
        let e = vec![
            ("a".into(), Value::Int(1)),
            ("b".into(), Value::Int(2)),
            ("a".into(), Value::Int(3)),
            ("c".into(), Value::Int(4)),
            ("b".into(), Value::Int(5)),
            ("a".into(), Value::Int(6)),
        ];
        let m = Map::from_entries_last_wins(e);
        let got: Vec<(&str, &Value)> = m.iter().collect();
        assert_eq!(
            got,
            vec![
                ("a", &Value::Int(6)),
                ("b", &Value::Int(5)),
                ("c", &Value::Int(4))
            ]
        );
    }

    #[test]
    fn insert_keeps_position_remove_keeps_order() {
        let mut m: Map = [("x", 1), ("y", 2), ("z", 3)].into_iter().collect();
        assert_eq!(m.insert("x", 9), Some(Value::Int(1)));
        assert_eq!(m.keys().collect::<Vec<_>>(), ["x", "y", "z"]);
        assert_eq!(m.remove("y"), Some(Value::Int(2)));
        assert_eq!(m.keys().collect::<Vec<_>>(), ["x", "z"]);
        assert_eq!(m.get("x"), Some(&Value::Int(9)));
    }

    #[test]
    fn bigint_parse_rules() {
        assert_eq!(BigInt::parse("-0"), Some(Value::Int(0)));
        assert_eq!(
            BigInt::parse("9223372036854775807"),
            Some(Value::Int(i64::MAX))
        );
        assert_eq!(
            BigInt::parse("9223372036854775808"),
            Some(Value::BigInt(BigInt("9223372036854775808".into())))
        );
        assert_eq!(BigInt::parse("01"), None);
        assert_eq!(BigInt::parse("-"), None);
        assert_eq!(BigInt::parse("+1"), None);
        assert_eq!(BigInt::parse(""), None);
        let max = "9".repeat(MAX_INT_DIGITS);
        assert!(BigInt::parse(&max).is_some());
        assert!(BigInt::parse(&alloc::format!("-{max}")).is_some());
        assert!(BigInt::parse(&alloc::format!("{max}9")).is_none());
    }

    /// The public accessors and conversions, each on a value of its kind and of another
    /// (the doctests show them too, but mutation runs leave doctests out).
    #[test]
    fn accessors_and_conversions() {
        assert_eq!(Value::Bool(true).as_bool(), Some(true));
        assert_eq!(Value::Bool(false).as_bool(), Some(false));
        assert_eq!(Value::Int(1).as_bool(), None);
        assert!(Value::Null.is_null());
        assert!(!Value::Bool(false).is_null());
        let mut obj = Value::Object(Map::new());
        obj.as_object_mut().map(|m| m.insert("k", 1));
        assert_eq!(obj.get("k"), Some(&Value::Int(1)));
        assert!(Value::Int(1).as_object_mut().is_none());

        assert_eq!(Value::from(true), Value::Bool(true));
        assert_eq!(Value::from(7u32), Value::Int(7));
        assert_eq!(Value::from(2.5f64), Value::Float(2.5));
        let list = List::from(vec![Value::Int(1), Value::Int(2)]);
        assert_eq!(Value::from(list.clone()), Value::List(list.clone()));
        let mut m = Map::new();
        m.insert("a", 1);
        assert_eq!(Value::from(m.clone()), Value::Object(m.clone()));
        assert_eq!(Value::from(Some(3u32)), Value::Int(3));
        assert_eq!(Value::from(None::<u32>), Value::Null);
    }

    #[test]
    fn big_integers_convert_when_they_fit() {
        let Some(Value::BigInt(b)) = BigInt::parse("-170141183460469231731687303715884105728")
        else {
            panic!("i128::MIN is beyond i64")
        };
        assert_eq!(b.to_i128(), Some(i128::MIN));
        assert_eq!(b.to_u128(), None);
        assert_eq!(
            alloc::format!("{b}"),
            "-170141183460469231731687303715884105728"
        );
        let Some(Value::BigInt(u)) = BigInt::parse("340282366920938463463374607431768211455")
        else {
            panic!("u128::MAX is beyond i64")
        };
        assert_eq!((u.to_u128(), u.to_i128()), (Some(u128::MAX), None));
        assert_eq!(BigInt::parse(""), None);
        assert_eq!(BigInt::parse("-"), None);
    }

    #[test]
    fn lists_compare_clone_and_iterate() {
        let a = List::from(vec![Value::Int(1), Value::from("x")]);
        let same = List::from(vec![Value::Int(1), Value::from("x")]);
        let other = List::from(vec![Value::Int(1), Value::from("y")]);
        let shorter = List::from(vec![Value::Int(1)]);
        assert!(a == same);
        assert!(a != other);
        assert!(a != shorter, "lengths differ");
        assert!(shorter != a, "lengths differ");
        let nested = List::from(vec![Value::List(a.clone())]);
        let copy = nested.clone();
        assert!(copy == nested);
        assert_eq!(copy.len(), 1);
        assert_eq!((&a).into_iter().count(), 2);
        let v: Vec<Value> = a.clone().into();
        assert_eq!(v, [Value::Int(1), Value::from("x")]);
        assert_eq!(a.into_iter().collect::<Vec<_>>(), v);
    }

    #[test]
    fn maps_compare_report_and_iterate() {
        let mut a = Map::new();
        assert!(a.is_empty());
        a.insert("k", 1);
        assert!(!a.is_empty());
        assert!(a.contains_key("k"));
        assert!(!a.contains_key("j"));
        let mut b = Map::new();
        b.insert("k", 1);
        assert!(a == b);
        b.insert("k", 2);
        assert!(a != b);
        assert_eq!(alloc::format!("{a:?}"), r#"{"k": Int(1)}"#);
        let entries: Vec<(String, Value)> = a.into_iter().collect();
        assert_eq!(entries, [(String::from("k"), Value::Int(1))]);
    }

    /// A parsed object holds no unused room (audits/threat-model.md, A3).
    #[test]
    fn shrink_to_fit_gives_back_the_room() {
        let mut e = Vec::with_capacity(64);
        e.extend((0..5).map(|i| (alloc::format!("k{i}"), Value::Int(i))));
        let mut m = Map::from_entries_last_wins(e);
        m.shrink_to_fit();
        assert_eq!(m.entries.capacity(), 5);
    }
}
