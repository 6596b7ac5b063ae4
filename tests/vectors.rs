//! djsign against every published vector in `vectors/` (made by real Django; see
//! `vectors/generate.py`). The rules are in `vectors/check.rs`, shared with `djsign vectors check`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../vectors/check.rs"]
mod check;

use std::path::Path;

#[test]
fn every_vector_passes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors");
    let summary = check::check_dir(&dir).unwrap();
    for f in summary.failures.iter().take(40) {
        eprintln!("{f}");
    }
    eprintln!("{}", summary.line());
    assert!(summary.failures.is_empty(), "{}", summary.line());
    assert!(summary.total >= 2000, "{}", summary.line());
    // Vectors are skipped (reported as unsupported, never passed) only when this build lacks
    // the feature they need: `legacy-sha1` for SHA-1, `contrib` for sessions and cookies.
    if djsign::Algorithm::from_name("sha1").is_ok() && cfg!(feature = "contrib") {
        assert_eq!(summary.unsupported, 0, "{}", summary.line());
    } else {
        assert!(summary.unsupported > 0, "{}", summary.line());
    }
}
