//! `from_value::<Value>` must be the identity: a typed load of `Value` must see the same dict
//! Django sees. Also `from_value` into a few common shapes must not panic.
#![no_main]

use djsign::{Value, from_value};
use djsign_fuzz::{ArbValue, equiv};
use libfuzzer_sys::fuzz_target;
use std::collections::{BTreeMap, HashMap};

fuzz_target!(|v: ArbValue| {
    let v = v.0;
    let back: Value = from_value(v.clone()).expect("any Value deserializes as Value");
    assert!(equiv(&back, &v), "{v:?} became {back:?}");
    let _ = from_value::<HashMap<String, Value>>(v.clone());
    let _ = from_value::<BTreeMap<String, i64>>(v.clone());
    let _ = from_value::<Vec<Option<f64>>>(v.clone());
    let _ = from_value::<(String, u128, i8)>(v.clone());
    let _ = from_value::<Option<String>>(v);
});
