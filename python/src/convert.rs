//! Python objects to djsign's JSON [`Value`] and back, as Django's `JSONSerializer` sees them
//! (`json.dumps(obj, separators=(",", ":"))` and `json.loads`, CPython's C encoder and decoder).
//!
//! Both directions walk the tree with a heap stack, never the call stack: a payload nested
//! a thousand deep needs no more Rust stack than a flat one, whatever thread runs it (server
//! threads often have small stacks).
//!
//! Writing follows the order of checks of CPython's `encoder_listencode_obj` (None, True,
//! False, str, int, float, list/tuple, dict, else `TypeError`) so that subclasses are written
//! as Python writes them: a `str` subclass as its characters, an `int` or `float` subclass
//! through `int.__repr__` / `float.__repr__`, a `list` subclass through `list(obj)` and a
//! `dict` subclass through `obj.items()`, as `PySequence_Fast` and `PyMapping_Items` do. Two
//! things Python writes cannot be held in a `Value`: a string with a lone surrogate (Rust
//! strings are UTF-8) and a dict whose keys collide once converted to strings (`{1: .., "1":
//! ..}`, which `json.dumps` writes twice). For those the caller gets [`Unheld`] and lets
//! Python's own `json.dumps` write the bytes, so the token is still Django's.

use std::collections::HashSet;

use djsign::{BigInt, Limits, List, Map, Value};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

/// Why an object did not become a [`Value`].
pub(crate) enum ToValueError {
    /// A Python exception, to raise as it is (what `json.dumps` raises, or what user code in
    /// a subclass raised).
    Py(PyErr),
    /// Valid for `json.dumps` but not representable as a `Value`: let Python write it.
    Unheld,
    /// Refused where `json.dumps` refuses (raised as `Unserializable`, a `TypeError` and
    /// `ValueError`), with `json`'s own message.
    Refused(String),
}

/// Marker for [`ToValueError::Unheld`] in `?` chains.
pub(crate) struct Unheld;

impl From<PyErr> for ToValueError {
    fn from(e: PyErr) -> Self {
        Self::Py(e)
    }
}

impl From<Unheld> for ToValueError {
    fn from(_: Unheld) -> Self {
        Self::Unheld
    }
}

/// The items of a list or tuple being written (a subclass already turned into a list).
enum Items<'py> {
    List(Bound<'py, PyList>),
    Tuple(Bound<'py, PyTuple>),
}

impl<'py> Items<'py> {
    fn get(&self, i: usize) -> Option<Bound<'py, PyAny>> {
        match self {
            // The length is read at every step: user code (a subclass's `__iter__`) run
            // while the list is written may have changed it; `get_item` checks the bound.
            Self::List(l) => l.get_item(i).ok(),
            Self::Tuple(t) => t.get_item(i).ok(),
        }
    }
}

enum Frame<'py> {
    Seq {
        items: Items<'py>,
        next: usize,
        out: Vec<Value>,
        id: usize,
    },
    Dict {
        /// `dict.items()` as a list of pairs: a snapshot, so that the dict may change while it
        /// is written (only user code can change it) without breaking the walk.
        items: Bound<'py, PyList>,
        next: usize,
        out: Vec<(String, Value)>,
        /// The keys written so far, once there are too many to scan `out` for a repeat.
        seen: Option<HashSet<String>>,
        key: String,
        id: usize,
    },
}

impl Frame<'_> {
    fn id(&self) -> usize {
        match self {
            Self::Seq { id, .. } | Self::Dict { id, .. } => *id,
        }
    }
}

enum Node<'py> {
    Leaf(Value),
    Open(Frame<'py>),
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| String::from("?"))
}

/// `int.__repr__(obj)`, for ints outside `i64` and `int` subclasses' values.
fn int_digits(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = obj.py();
    let repr = py.get_type::<PyInt>().getattr("__repr__")?.call1((obj,))?;
    Ok(repr.cast_into::<PyString>()?.to_str()?.to_owned())
}

fn int_value(obj: &Bound<'_, PyAny>) -> Result<Value, ToValueError> {
    if let Ok(i) = obj.extract::<i64>() {
        return Ok(Value::Int(i));
    }
    let digits = int_digits(obj)?;
    // `int.__repr__` already raised for more than 4300 digits; anything else it prints is a
    // canonical decimal integer.
    BigInt::parse(&digits).ok_or_else(|| PyValueError::new_err("integer not representable").into())
}

/// What CPython's JSON encoder writes for a dict key, as the key string.
fn key_string(key: &Bound<'_, PyAny>) -> Result<String, ToValueError> {
    if let Ok(s) = key.cast::<PyString>() {
        return Ok(s.to_str().map_err(|_| Unheld)?.to_owned());
    }
    if let Ok(f) = key.cast::<PyFloat>() {
        let v = f.value();
        return Ok(if v.is_nan() {
            "NaN".into()
        } else if v.is_infinite() {
            if v > 0.0 { "Infinity" } else { "-Infinity" }.into()
        } else {
            let py = key.py();
            let repr = py
                .get_type::<PyFloat>()
                .getattr("__repr__")?
                .call1((key,))?;
            repr.cast_into::<PyString>()
                .map_err(PyErr::from)?
                .to_str()?
                .to_owned()
        });
    }
    if let Ok(b) = key.cast_exact::<PyBool>() {
        return Ok(if b.is_true() { "true" } else { "false" }.into());
    }
    if key.is_none() {
        return Ok("null".into());
    }
    if key.cast::<PyInt>().is_ok() {
        return Ok(match key.extract::<i64>() {
            Ok(i) => i.to_string(),
            Err(_) => int_digits(key)?,
        });
    }
    Err(ToValueError::Refused(format!(
        "keys must be str, int, float, bool or None, not {}",
        type_name(key)
    )))
}

fn node<'py>(obj: Bound<'py, PyAny>) -> Result<Node<'py>, ToValueError> {
    let py = obj.py();
    if obj.is_none() {
        return Ok(Node::Leaf(Value::Null));
    }
    if let Ok(b) = obj.cast_exact::<PyBool>() {
        return Ok(Node::Leaf(Value::Bool(b.is_true())));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Node::Leaf(Value::String(
            s.to_str().map_err(|_| Unheld)?.to_owned(),
        )));
    }
    if obj.cast::<PyInt>().is_ok() {
        return int_value(&obj).map(Node::Leaf);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(Node::Leaf(Value::Float(f.value())));
    }
    let id = obj.as_ptr() as usize;
    if obj.is_exact_instance_of::<PyList>() {
        let items = Items::List(obj.cast_into::<PyList>().map_err(PyErr::from)?);
        return Ok(Node::Open(seq(items, id)));
    }
    if obj.is_exact_instance_of::<PyTuple>() {
        let items = Items::Tuple(obj.cast_into::<PyTuple>().map_err(PyErr::from)?);
        return Ok(Node::Open(seq(items, id)));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        // PySequence_Fast: a subclass is iterated into a new list (its `__iter__` runs).
        let list = py.get_type::<PyList>().call1((&obj,))?;
        let items = Items::List(list.cast_into::<PyList>().map_err(PyErr::from)?);
        return Ok(Node::Open(seq(items, id)));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        // PyMapping_Items: `PyDict_Items` for a dict, `list(obj.items())` for a subclass.
        let items = if obj.is_exact_instance_of::<PyDict>() {
            d.items()
        } else {
            let view = obj.call_method0("items")?;
            py.get_type::<PyList>()
                .call1((view,))?
                .cast_into::<PyList>()
                .map_err(PyErr::from)?
        };
        return Ok(Node::Open(Frame::Dict {
            items,
            next: 0,
            out: Vec::new(),
            seen: None,
            key: String::new(),
            id,
        }));
    }
    Err(ToValueError::Refused(format!(
        "Object of type {} is not JSON serializable",
        type_name(&obj)
    )))
}

fn seq(items: Items<'_>, id: usize) -> Frame<'_> {
    Frame::Seq {
        items,
        next: 0,
        out: Vec::new(),
        id,
    }
}

/// Converts `obj` as `json.dumps` would see it. Nesting deeper than the library's limit
/// (1000) and circular references are refused (CPython: `RecursionError`, `ValueError`).
pub(crate) fn to_value(obj: &Bound<'_, PyAny>) -> Result<Value, ToValueError> {
    let max_depth = Limits::DEFAULT.max_json_depth;
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut pending: Option<Bound<'_, PyAny>> = Some(obj.clone());
    let mut ready: Option<Value> = None;
    loop {
        if let Some(o) = pending.take() {
            match node(o)? {
                Node::Leaf(v) => ready = Some(v),
                Node::Open(frame) => {
                    if stack.len() >= max_depth {
                        return Err(ToValueError::Refused(format!(
                            "nesting deeper than {max_depth} lists and dicts"
                        )));
                    }
                    if stack.iter().any(|f| f.id() == frame.id()) {
                        return Err(ToValueError::Refused("Circular reference detected".into()));
                    }
                    stack.push(frame);
                }
            }
        }
        if let Some(v) = ready.take() {
            match stack.last_mut() {
                None => return Ok(v),
                Some(Frame::Seq { out, .. }) => out.push(v),
                Some(Frame::Dict { out, key, .. }) => out.push((core::mem::take(key), v)),
            }
        }
        let Some(top) = stack.last_mut() else {
            // Unreachable: an empty stack returned above. Refuse rather than loop.
            return Err(PyValueError::new_err("internal error: empty conversion stack").into());
        };
        match top {
            Frame::Seq { items, next, .. } => {
                if let Some(item) = items.get(*next) {
                    *next = next.saturating_add(1);
                    pending = Some(item);
                    continue;
                }
            }
            Frame::Dict {
                items,
                next,
                out,
                seen,
                key,
                ..
            } => {
                if let Ok(item) = items.get_item(*next) {
                    *next = next.saturating_add(1);
                    let pair = item.cast_into::<PyTuple>().ok().filter(|t| t.len() == 2);
                    let Some(pair) = pair else {
                        return Err(ToValueError::Refused("items must return 2-tuples".into()));
                    };
                    let k = key_string(&pair.get_item(0)?)?;
                    if repeats(out, seen, &k) {
                        // json.dumps writes both entries; a Map holds one.
                        return Err(ToValueError::Unheld);
                    }
                    *key = k;
                    pending = Some(pair.get_item(1)?);
                    continue;
                }
            }
        }
        // The top container is complete.
        ready = match stack.pop() {
            Some(Frame::Seq { out, .. }) => Some(Value::List(List::from(out))),
            // The keys are distinct (checked above), so this keeps every entry in order.
            Some(Frame::Dict { out, .. }) => Some(Value::Object(out.into_iter().collect())),
            None => None,
        };
    }
}

/// Small dicts (sessions) are scanned; past this many keys a hash set remembers them.
const SCAN_LIMIT: usize = 32;

/// True if `key` is already among the keys written; remembers it otherwise.
fn repeats(out: &[(String, Value)], seen: &mut Option<HashSet<String>>, key: &str) -> bool {
    if let Some(set) = seen {
        return !set.insert(key.to_owned());
    }
    if out.iter().any(|(k, _)| k == key) {
        return true;
    }
    if out.len() >= SCAN_LIMIT {
        let mut set: HashSet<String> = out.iter().map(|(k, _)| k.clone()).collect();
        set.insert(key.to_owned());
        *seen = Some(set);
    }
    false
}

enum OutFrame<'py> {
    List(Bound<'py, PyList>, std::vec::IntoIter<Value>),
    Dict(
        Bound<'py, PyDict>,
        <Map as IntoIterator>::IntoIter,
        Option<String>,
    ),
}

/// The Python object `json.loads` gives for `value`.
pub(crate) fn to_python<'py>(py: Python<'py>, value: Value) -> PyResult<Bound<'py, PyAny>> {
    let mut stack: Vec<OutFrame<'py>> = Vec::new();
    let mut pending: Option<Value> = Some(value);
    let mut ready: Option<Bound<'py, PyAny>> = None;
    loop {
        if let Some(v) = pending.take() {
            match v {
                Value::Null => ready = Some(py.None().into_bound(py)),
                Value::Bool(b) => ready = Some(PyBool::new(py, b).to_owned().into_any()),
                Value::Int(i) => ready = Some(i.into_pyobject(py)?.into_any()),
                Value::BigInt(b) => ready = Some(py.get_type::<PyInt>().call1((b.as_str(),))?),
                Value::Float(f) => ready = Some(PyFloat::new(py, f).into_any()),
                Value::String(s) => ready = Some(PyString::new(py, &s).into_any()),
                Value::List(l) => {
                    stack.push(OutFrame::List(PyList::empty(py), l.into_vec().into_iter()));
                }
                Value::Object(m) => {
                    stack.push(OutFrame::Dict(PyDict::new(py), m.into_iter(), None));
                }
            }
        }
        if let Some(obj) = ready.take() {
            match stack.last_mut() {
                None => return Ok(obj),
                Some(OutFrame::List(l, _)) => l.append(obj)?,
                Some(OutFrame::Dict(d, _, key)) => {
                    let k = key.take().unwrap_or_default();
                    d.set_item(k, obj)?;
                }
            }
        }
        let Some(top) = stack.last_mut() else {
            return Err(PyValueError::new_err(
                "internal error: empty conversion stack",
            ));
        };
        match top {
            OutFrame::List(_, rest) => {
                if let Some(v) = rest.next() {
                    pending = Some(v);
                    continue;
                }
            }
            OutFrame::Dict(_, rest, key) => {
                if let Some((k, v)) = rest.next() {
                    *key = Some(k);
                    pending = Some(v);
                    continue;
                }
            }
        }
        ready = match stack.pop() {
            Some(OutFrame::List(l, _)) => Some(l.into_any()),
            Some(OutFrame::Dict(d, _, _)) => Some(d.into_any()),
            None => None,
        };
    }
}
