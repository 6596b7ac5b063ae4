//! Walking a [`Value`] without recursion: drop, clone, equality and `Debug`.
//!
//! A payload may nest `max_json_depth` containers deep (1000 by default), and a `Value` built
//! by a program may nest deeper still. Derived `Drop`, `Clone`, `PartialEq` and `Debug` recurse
//! once per level, several frames each: at depth 1000 that is hundreds of KiB of stack in a
//! debug build, more than a spawned thread or an async worker may have. Here every walk keeps
//! its own stack on the heap, so the call stack it needs is the same at any depth (the test
//! `tests/deep_values.rs` runs them at the depth limit on a 64 KiB thread).
//!
//! The hooks are [`List`] and [`Map`], djsign's own container types: their `Drop`, `Clone`,
//! `PartialEq` and `Debug` walk the whole subtree; a container reached *during* a walk is
//! emptied or visited by the walk itself, never through its own impl.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::value::{List, Map, Value};

const fn is_container(v: &Value) -> bool {
    matches!(v, Value::List(_) | Value::Object(_))
}

// ---------------------------------------------------------------------------------------
// Drop

/// Empties `v`'s children onto `stack` (containers) or drops them in place (everything else),
/// so that `v` itself then drops without reaching its children.
fn take_children(v: &mut Value, stack: &mut Vec<Value>) {
    match v {
        Value::List(l) => take_items(l.as_vec_mut(), stack),
        Value::Object(m) => take_entries(m.entries_mut(), stack),
        _ => {}
    }
}

fn take_items(items: &mut Vec<Value>, stack: &mut Vec<Value>) {
    for child in items.drain(..) {
        if is_container(&child) {
            stack.push(child);
        }
    }
}

fn take_entries(entries: &mut Vec<(String, Value)>, stack: &mut Vec<Value>) {
    for (_, child) in entries.drain(..) {
        if is_container(&child) {
            stack.push(child);
        }
    }
}

/// `Drop` of a list: children that are leaves drop as usual; containers are emptied one by
/// one from a heap stack, so each of them drops empty. The stack holds only containers that
/// are waiting, never more than the tree has.
pub(crate) fn drop_items(items: &mut Vec<Value>) {
    if !items.iter().any(is_container) {
        return;
    }
    let mut stack = Vec::new();
    take_items(items, &mut stack);
    drain(stack);
}

/// `Drop` of an object; see [`drop_items`].
pub(crate) fn drop_entries(entries: &mut Vec<(String, Value)>) {
    if !entries.iter().any(|(_, v)| is_container(v)) {
        return;
    }
    let mut stack = Vec::new();
    take_entries(entries, &mut stack);
    drain(stack);
}

fn drain(mut stack: Vec<Value>) {
    while let Some(mut v) = stack.pop() {
        take_children(&mut v, &mut stack);
        // `v` drops here with no children left.
    }
}

// ---------------------------------------------------------------------------------------
// Clone

/// A container being read by a walk.
pub(crate) enum Src<'a> {
    List(core::slice::Iter<'a, Value>),
    Object(core::slice::Iter<'a, (String, Value)>),
}

impl<'a> Src<'a> {
    pub(crate) fn of(v: &'a Value) -> Option<Self> {
        match v {
            Value::List(l) => Some(Self::List(l.as_slice().iter())),
            Value::Object(m) => Some(Self::Object(m.entries().iter())),
            _ => None,
        }
    }

    /// The next child, with its key for an object.
    pub(crate) fn next(&mut self) -> Option<(Option<&'a String>, &'a Value)> {
        match self {
            Self::List(it) => it.next().map(|v| (None, v)),
            Self::Object(it) => it.next().map(|(k, v)| (Some(k), v)),
        }
    }
}

/// A copy of a leaf; `None` for a container.
fn clone_leaf(v: &Value) -> Option<Value> {
    Some(match v {
        Value::Null => Value::Null,
        Value::Bool(b) => Value::Bool(*b),
        Value::Int(i) => Value::Int(*i),
        Value::BigInt(b) => Value::BigInt(b.clone()),
        Value::Float(f) => Value::Float(*f),
        Value::String(s) => Value::String(s.clone()),
        Value::List(_) | Value::Object(_) => return None,
    })
}

/// A container being built by a clone, with the key it goes under in its parent.
struct CloneFrame<'a> {
    src: Src<'a>,
    items: Vec<Value>,
    entries: Vec<(String, Value)>,
    key: Option<String>,
}

impl<'a> CloneFrame<'a> {
    fn open(src: Src<'a>, key: Option<String>) -> Self {
        let (items, entries) = match &src {
            Src::List(it) => (Vec::with_capacity(it.len()), Vec::new()),
            Src::Object(it) => (Vec::new(), Vec::with_capacity(it.len())),
        };
        Self {
            src,
            items,
            entries,
            key,
        }
    }

    fn push(&mut self, key: Option<String>, v: Value) {
        match key {
            Some(k) => self.entries.push((k, v)),
            None => self.items.push(v),
        }
    }

    fn finish(self) -> (Option<String>, Value) {
        let v = match self.src {
            Src::List(_) => Value::List(List::from(self.items)),
            // The source is a `Map`, so its keys are already unique.
            Src::Object(_) => Value::Object(Map::from_unique_entries(self.entries)),
        };
        (self.key, v)
    }
}

/// `Clone` of any value, containers walked with a heap stack.
pub(crate) fn clone_value(root: &Value) -> Value {
    match Src::of(root) {
        Some(src) => clone_from(src),
        None => clone_leaf(root).unwrap_or_default(),
    }
}

/// A copy of the container `root` reads.
pub(crate) fn clone_from(root: Src<'_>) -> Value {
    let mut stack = alloc::vec![CloneFrame::open(root, None)];
    loop {
        let Some(top) = stack.last_mut() else {
            return Value::Null; // not reached: the root frame returns below
        };
        match top.src.next() {
            Some((key, child)) => match (clone_leaf(child), Src::of(child)) {
                (Some(leaf), _) => top.push(key.cloned(), leaf),
                (None, Some(src)) => stack.push(CloneFrame::open(src, key.cloned())),
                (None, None) => {}
            },
            None => {
                let Some(done) = stack.pop() else {
                    return Value::Null;
                };
                let (key, value) = done.finish();
                match stack.last_mut() {
                    Some(parent) => parent.push(key, value),
                    None => return value,
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// PartialEq

fn leaf_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::BigInt(x), Value::BigInt(y)) => x == y,
        // IEEE equality: NaN is not equal to itself, 0.0 equals -0.0 (as derived `PartialEq`).
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        _ => false,
    }
}

/// `PartialEq` of two values: structural, order-sensitive for objects, with a heap stack.
pub(crate) fn eq_value(a: &Value, b: &Value) -> bool {
    eq_walk(Vec::new(), Some((a, b)))
}

/// `PartialEq` of two lists.
pub(crate) fn eq_lists(a: &List, b: &List) -> bool {
    a.len() == b.len()
        && eq_walk(
            alloc::vec![(
                Src::List(a.as_slice().iter()),
                Src::List(b.as_slice().iter())
            )],
            None,
        )
}

/// `PartialEq` of two objects.
pub(crate) fn eq_maps(a: &Map, b: &Map) -> bool {
    a.len() == b.len()
        && eq_walk(
            alloc::vec![(
                Src::Object(a.entries().iter()),
                Src::Object(b.entries().iter())
            )],
            None,
        )
}

/// Compares `pending`, then every pair of children on `stack`, depth first.
fn eq_walk<'a>(
    mut stack: Vec<(Src<'a>, Src<'a>)>,
    mut pending: Option<(&'a Value, &'a Value)>,
) -> bool {
    loop {
        if let Some((x, y)) = pending.take() {
            match (x, y) {
                (Value::List(p), Value::List(q)) => {
                    if p.len() != q.len() {
                        return false;
                    }
                    stack.push((
                        Src::List(p.as_slice().iter()),
                        Src::List(q.as_slice().iter()),
                    ));
                }
                (Value::Object(p), Value::Object(q)) => {
                    if p.len() != q.len() {
                        return false;
                    }
                    stack.push((
                        Src::Object(p.entries().iter()),
                        Src::Object(q.entries().iter()),
                    ));
                }
                _ => {
                    if !leaf_eq(x, y) {
                        return false;
                    }
                }
            }
        }
        let Some((p, q)) = stack.last_mut() else {
            return true;
        };
        match (p.next(), q.next()) {
            (Some((ka, va)), Some((kb, vb))) => {
                if ka != kb {
                    return false;
                }
                pending = Some((va, vb));
            }
            // Equal lengths were checked when the pair was pushed.
            _ => {
                stack.pop();
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Debug

fn debug_leaf(v: &Value, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match v {
        Value::Null => f.write_str("Null"),
        Value::Bool(b) => write!(f, "Bool({b:?})"),
        Value::Int(i) => write!(f, "Int({i:?})"),
        Value::BigInt(b) => write!(f, "BigInt({})", b.as_str()),
        Value::Float(x) => write!(f, "Float({x:?})"),
        Value::String(s) => write!(f, "String({s:?})"),
        Value::List(_) | Value::Object(_) => Ok(()),
    }
}

/// `Debug` of a value, in the shape derived `Debug` would print (`List([Int(1)])`,
/// `Object({"k": Null})`), on one line, with a heap stack.
pub(crate) fn debug_value(root: &Value, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match Src::of(root) {
        Some(src) => debug_from(src, true, f),
        None => debug_leaf(root, f),
    }
}

/// `Debug` of the container `root` reads; `named` prints its variant name (`List(...)`), as
/// `Value`'s `Debug` does and `List`'s and `Map`'s do not.
pub(crate) fn debug_from(root: Src<'_>, named: bool, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    open(&root, named, f)?;
    let mut stack: Vec<(Src<'_>, bool, bool)> = alloc::vec![(root, true, named)];
    while let Some((top, first, named)) = stack.last_mut() {
        match top.next() {
            Some((key, child)) => {
                if !core::mem::take(first) {
                    f.write_str(", ")?;
                }
                if let Some(k) = key {
                    write!(f, "{k:?}: ")?;
                }
                match Src::of(child) {
                    Some(src) => {
                        open(&src, true, f)?;
                        stack.push((src, true, true));
                    }
                    None => debug_leaf(child, f)?,
                }
            }
            None => {
                f.write_str(match (&*top, *named) {
                    (Src::List(_), true) => "])",
                    (Src::Object(_), true) => "})",
                    (Src::List(_), false) => "]",
                    (Src::Object(_), false) => "}",
                })?;
                stack.pop();
            }
        }
    }
    Ok(())
}

fn open(src: &Src<'_>, named: bool, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(match (src, named) {
        (Src::List(_), true) => "List([",
        (Src::Object(_), true) => "Object({",
        (Src::List(_), false) => "[",
        (Src::Object(_), false) => "{",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::vec;

    fn sample() -> Value {
        let mut m = Map::new();
        m.insert("a", Value::from(vec![Value::Int(1), Value::Float(0.5)]));
        m.insert("b", Value::Null);
        m.insert("c", Value::Object(Map::new()));
        Value::from(vec![
            Value::Object(m),
            Value::from("s"),
            Value::from(vec![]),
        ])
    }

    #[test]
    fn debug_reads_like_derived_debug() {
        assert_eq!(
            format!("{:?}", sample()),
            "List([Object({\"a\": List([Int(1), Float(0.5)]), \"b\": Null, \"c\": Object({})}), \
             String(\"s\"), List([])])"
        );
        let Value::List(l) = sample() else { panic!() };
        assert!(format!("{l:?}").starts_with("[Object({\"a\""));
    }

    #[test]
    fn clone_and_equality_are_structural() {
        let v = sample();
        assert_eq!(v.clone(), v);
        let mut w = v.clone();
        if let Value::List(l) = &mut w {
            l.push(Value::Null);
        }
        assert_ne!(w, v);
        // IEEE floats, as derived PartialEq: NaN differs from itself, -0.0 equals 0.0
        let nan = Value::from(vec![Value::Float(f64::NAN)]);
        assert_ne!(nan, nan.clone());
        assert_eq!(
            Value::from(vec![Value::Float(-0.0)]),
            Value::from(vec![Value::Float(0.0)])
        );
        // objects compare in order
        let ab: Map = [("a", 1), ("b", 2)].into_iter().collect();
        let ba: Map = [("b", 2), ("a", 1)].into_iter().collect();
        assert_ne!(ab, ba);
    }
}
