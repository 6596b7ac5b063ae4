//! Arbitrary bytes through `json_loads` (Python's `json.loads(data.decode("latin-1"))`).
//!
//! Properties: nothing panics; when it parses, `json_dumps` succeeds at the same depth limit,
//! its output is printable ASCII, parses again to an equal value (NaN-aware), and dumping that
//! gives the same bytes (dumps . loads is idempotent).
#![no_main]

use djsign::{Error, json_dumps, json_loads};
use djsign_fuzz::equiv;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks a small depth limit so the limit path is reached too.
    let (depth, text) = match data.split_first() {
        Some((d, rest)) => (usize::from(*d % 64), rest),
        None => (0, data),
    };
    match json_loads(text, depth) {
        Ok(v) => {
            let once =
                json_dumps(&v, depth).expect("a parsed value can be dumped at the same depth");
            assert!(once.iter().all(|b| (0x20..0x7f).contains(b)));
            let again = json_loads(&once, depth).expect("dumped JSON parses");
            assert!(equiv(&again, &v), "{v:?} -> {again:?}");
            assert_eq!(json_dumps(&again, depth).unwrap(), once);
        }
        Err(e) => assert!(
            matches!(
                e,
                Error::MalformedJson { .. } | Error::UnrepresentableJson { .. }
            ),
            "{e:?}"
        ),
    }
});
