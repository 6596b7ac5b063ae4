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

use std::path::{Path, PathBuf};

use djsign::DjangoVersion;
use serde_json::Value as J;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors")
}

#[test]
fn every_vector_passes() {
    let summary = check::check_dir(&dir(), None).unwrap();
    for f in summary.failures.iter().take(40) {
        eprintln!("{f}");
    }
    eprintln!("{}", summary.line());
    assert!(summary.failures.is_empty(), "{}", summary.line());
    assert!(summary.total >= 2000, "{}", summary.line());
    let can_compress = djsign::Signer::new("k")
        .unwrap()
        .sign_object(&0, true)
        .is_ok();
    if can_compress {
        assert_eq!(summary.verified_only, 0, "{}", summary.line());
    } else {
        // no_std builds verify compressed tokens but cannot make them byte-identically
        assert!(summary.verified_only > 100, "{}", summary.line());
    }
    // Vectors are skipped (reported as unsupported, never passed) only when this build lacks
    // the feature they need: `legacy-sha1` for SHA-1, `contrib` for sessions and cookies.
    if djsign::Algorithm::from_name("sha1").is_ok() && cfg!(feature = "contrib") {
        assert_eq!(summary.unsupported, 0, "{}", summary.line());
    } else {
        assert!(summary.unsupported > 0, "{}", summary.line());
    }
}

/// Limited to one version, the checker runs exactly the tests that name it, as that version,
/// and every version has tests that hold for it alone or for some versions only.
#[test]
fn each_version_passes_its_own_vectors() {
    let all = check::check_dir(&dir(), None).unwrap().total;
    for v in DjangoVersion::ALL {
        let s = check::check_dir(&dir(), Some(v)).unwrap();
        for f in s.failures.iter().take(20) {
            eprintln!("{f}");
        }
        assert!(s.failures.is_empty(), "{}", s.line());
        assert!(
            s.line().contains(&format!("for Django {v}:")),
            "{}",
            s.line()
        );
        assert!(s.total > 1500 && s.total < all, "{v}: {} of {all}", s.total);
    }
}

/// Every test of the vector files with its group.
fn tests() -> Vec<(J, J)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") && !p.ends_with("schema.json") {
            let doc: J = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
            for g in doc["testGroups"].as_array().unwrap() {
                for t in g["tests"].as_array().unwrap() {
                    out.push((g.clone(), t.clone()));
                }
            }
        }
    }
    out
}

/// A test that holds for some versions only fails when run as a version it does not name,
/// when it is one of the version-specific statements of the facts sheet: the version switch
/// changes what djsign does.
#[test]
fn version_specific_tests_fail_as_the_other_versions() {
    let mut seen = 0;
    for (g, t) in tests() {
        let comment = t["comment"].as_str().unwrap();
        if !comment.starts_with("[v-") {
            continue;
        }
        let named = check::versions(&g, &t).unwrap();
        // sessions and signed cookies need the `contrib` feature to run at all
        let contrib = matches!(g["type"].as_str(), Some("session" | "signed-cookie"));
        if named.len() == DjangoVersion::ALL.len() || (contrib && !cfg!(feature = "contrib")) {
            continue;
        }
        for v in DjangoVersion::ALL
            .into_iter()
            .filter(|v| !named.contains(v))
        {
            assert!(
                check::check_one_as(&g, &t, v).is_err(),
                "{comment} ({:?}) also passes as {v}",
                t["result"]
            );
            seen += 1;
        }
    }
    assert!(
        seen >= if cfg!(feature = "contrib") { 15 } else { 4 },
        "{seen}"
    );
}
