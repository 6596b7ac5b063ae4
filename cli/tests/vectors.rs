//! `djsign vectors check` on the published vectors (`vectors/*.json`, made by Django), on
//! altered copies of them, and on directories that hold no vectors.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value as J;

use common::{djsign, djsign_in, temp_file, workspace_root};

/// The vector files of `dir`, as `vectors check` chooses them.
fn vector_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && p.file_name().is_some_and(|n| n != "schema.json")
        })
        .collect();
    files.sort();
    files
}

/// The number of tests the files say they hold (`numberOfTests`).
fn declared_total(dir: &Path) -> u64 {
    vector_files(dir)
        .iter()
        .map(|f| {
            let doc: J = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
            doc["numberOfTests"].as_u64().unwrap()
        })
        .sum()
}

/// A fresh directory holding a copy of the published vector files.
fn copy_of_vectors() -> PathBuf {
    let dir = temp_file(b"").with_extension("vectors");
    std::fs::create_dir_all(&dir).unwrap();
    for f in vector_files(&workspace_root().join("vectors")) {
        std::fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
    }
    dir
}

/// How many tests of `file` (all files when `None`) have each result: valid, invalid,
/// acceptable.
fn results(dir: &Path, file: Option<&str>) -> [u64; 3] {
    let mut n = [0; 3];
    for f in vector_files(dir) {
        if file.is_some_and(|name| !f.ends_with(name)) {
            continue;
        }
        let doc: J = serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap();
        for g in doc["testGroups"].as_array().unwrap() {
            for t in g["tests"].as_array().unwrap() {
                let r = ["valid", "invalid", "acceptable"]
                    .iter()
                    .position(|r| t["result"] == *r)
                    .unwrap();
                n[r] += 1;
            }
        }
    }
    n
}

/// The summary line for `(passed, failed)` tests of each result, the contrib layer built in.
fn line(split: [(u64, u64); 3]) -> String {
    let n: u64 = split.iter().map(|(p, f)| p + f).sum();
    let passed: u64 = split.iter().map(|(p, _)| p).sum();
    let parts: Vec<String> = ["valid", "invalid", "acceptable"]
        .iter()
        .zip(split)
        .map(|(r, (p, f))| format!("{r} {p} pass, {f} fail"))
        .collect();
    format!(
        "{n} vectors: {passed} pass, {} fail ({})",
        n - passed,
        parts.join("; ")
    )
}

fn all_pass(dir: &Path) -> String {
    let [v, i, a] = results(dir, None);
    format!("{}\n", line([(v, 0), (i, 0), (a, 0)]))
}

#[test]
fn the_published_vectors_all_pass() {
    let n = declared_total(&workspace_root().join("vectors"));
    assert!(n > 3000, "{n}");
    // Default directory: ./vectors (the tests run in the workspace root); an explicit DIR;
    // and from a directory without vectors/, the source tree's.
    let elsewhere = temp_file(b"").with_extension("empty");
    std::fs::create_dir_all(&elsewhere).unwrap();
    for out in [
        djsign(&["vectors", "check"], &[], b""),
        djsign(&["vectors", "check", "vectors"], &[], b""),
        djsign_in(&elsewhere, &["vectors", "check"], &[], b""),
    ] {
        out.ok();
        if cfg!(feature = "contrib") {
            assert_eq!(
                out.stdout_str(),
                all_pass(&workspace_root().join("vectors"))
            );
        } else {
            // Without the contrib layer the session and cookie vectors cannot run.
            let line = out.stdout_str();
            assert!(line.starts_with(&format!("{n} vectors: ")), "{line}");
            assert!(line.contains(" pass, 0 fail, ") && line.contains(" unsupported"));
        }
    }
}

#[test]
fn an_altered_vector_fails_and_is_named() {
    let dir = copy_of_vectors();
    // Change one character of the signature of signer.json's first valid token.
    let path = dir.join("signer.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let doc: J = serde_json::from_str(&text).unwrap();
    let test = doc["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["tests"].as_array().unwrap())
        .find(|t| t["result"] == "valid")
        .unwrap();
    let token = test["token"].as_str().unwrap();
    let last = token.chars().last().unwrap();
    let forged = format!(
        "{}{}",
        &token[..token.len() - 1],
        if last == 'A' { 'B' } else { 'A' }
    );
    let quoted = |t: &str| format!("\"token\": \"{t}\"");
    assert_eq!(text.matches(&quoted(token)).count(), 1);
    std::fs::write(&path, text.replace(&quoted(token), &quoted(&forged))).unwrap();

    let out = djsign(
        &["vectors".as_ref(), "check".as_ref(), dir.as_os_str()],
        &[],
        b"",
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout_str().lines().collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    let id = test["tcId"].as_u64().unwrap();
    assert!(
        lines[0].starts_with(&format!("signer.json tcId {id} (")),
        "{}",
        lines[0]
    );
    let [v, i, a] = results(&dir, None);
    if cfg!(feature = "contrib") {
        // the altered test is a valid one: the valid count shows it
        assert_eq!(lines[1], line([(v - 1, 1), (i, 0), (a, 0)]));
    }
    assert!(
        out.stderr.starts_with("vectors-failed: 1 of ") && out.stderr.lines().count() == 1,
        "{}",
        out.stderr
    );
}

#[test]
fn many_failures_are_cut_at_fifty() {
    let dir = copy_of_vectors();
    let n = declared_total(&dir);
    // Every valid test of signer.json turned into an invalid one without an error: malformed.
    let path = dir.join("signer.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let valid = text.matches("\"result\": \"valid\"").count();
    assert!(valid > 60, "{valid}");
    std::fs::write(
        &path,
        text.replace("\"result\": \"valid\"", "\"result\": \"invalid\""),
    )
    .unwrap();
    let out = djsign(
        &["vectors".as_ref(), "check".as_ref(), dir.as_os_str()],
        &[],
        b"",
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout_str().lines().collect();
    assert_eq!(lines.len(), 52, "{lines:?}");
    assert!(
        lines[..50]
            .iter()
            .all(|l| l.starts_with("signer.json tcId "))
    );
    assert_eq!(lines[50], format!("... and {} more failures", valid - 50));
    // the altered tests now say invalid: they fail under that result, and no valid one fails
    let [v, i, a] = results(&dir, None);
    assert_eq!(results(&dir, Some("signer.json"))[0], 0);
    if cfg!(feature = "contrib") {
        assert_eq!(
            lines[51],
            line([(v, 0), (i - valid as u64, valid as u64), (a, 0)])
        );
    }
    assert!(
        out.stderr
            .starts_with(&format!("vectors-failed: {valid} of {n} "))
    );
}

#[test]
fn unreadable_vectors_exit_2() {
    let empty = temp_file(b"").with_extension("novectors");
    std::fs::create_dir_all(&empty).unwrap();
    let not_json = temp_file(b"").with_extension("notjson");
    std::fs::create_dir_all(&not_json).unwrap();
    std::fs::write(not_json.join("signer.json"), b"{ not json").unwrap();
    let other_schema = temp_file(b"").with_extension("otherschema");
    std::fs::create_dir_all(&other_schema).unwrap();
    std::fs::write(other_schema.join("x.json"), b"{\"schema\": \"wycheproof\"}").unwrap();
    for dir in [
        Path::new("/nonexistent/djsign/vectors"),
        &empty,
        &not_json,
        &other_schema,
        &temp_file(b"a file, not a directory"),
    ] {
        djsign(
            &["vectors".as_ref(), "check".as_ref(), dir.as_os_str()],
            &[],
            b"",
        )
        .fails(2, "vectors-unreadable");
    }
    djsign(&["vectors", "check", "a", "b"], &[], b"").fails(2, "usage");
    djsign(&["vectors"], &[], b"").fails(2, "usage");
    let help = djsign(&["vectors", "check", "--help"], &[], b"");
    assert!(help.ok().stdout_str().contains("Example"));
}
