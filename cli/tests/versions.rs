//! `--django VERSION` on every command whose behaviour differs between Django versions
//! (`cookie get`, `cookie set`, `session decode`, `verify`, `inspect`, `vectors check`), against
//! what each release did: `tests/data/django_versions/*.json`, captured from Django 4.2.30,
//! 5.2.19, 6.0.10 and 6.1.3 by `tests/django/capture_versions.py`.
#![cfg(feature = "contrib")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::ffi::OsString;

use common::{djsign, s, workspace_root};
use serde_json::Value as J;

const RELEASES: [&str; 4] = ["4.2", "5.2", "6.0", "6.1"];

fn capture(v: &str) -> J {
    let path = workspace_root().join(format!("tests/data/django_versions/{v}.json"));
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn rows<'a>(doc: &'a J, section: &str) -> &'a [J] {
    doc[section].as_array().unwrap()
}

fn env(key: &str) -> Vec<(String, OsString)> {
    vec![("K".to_owned(), OsString::from(key))]
}

/// djsign's kind for the exceptions the captures record.
fn kind_for(class: &str) -> &'static str {
    match class {
        "BadSignature" => "bad-signature",
        "SignatureExpired" => "expired",
        "JSONDecodeError" => "malformed-json",
        other => panic!("no mapping for {other}"),
    }
}

#[test]
fn cookie_set_and_get_follow_the_version() {
    let mut checked = 0;
    for v in RELEASES {
        let doc = capture(v);
        for r in rows(&doc, "cookie_set") {
            let ts = r["timestamp"].to_string();
            let args = [
                "cookie",
                "set",
                "--django",
                v,
                "--name",
                s(&r["name"]),
                "--cookie-salt",
                s(&r["salt"]),
                "--key-env",
                "K",
                "--timestamp",
                &ts,
            ];
            let out = djsign(&args, &env(s(&r["key"])), s(&r["value"]).as_bytes());
            assert_eq!(
                out.ok().stdout_str(),
                format!("{}\n", s(&r["token"])),
                "{v}: {r}"
            );
        }
        for r in rows(&doc, "cookie_get") {
            let now = r["now"].to_string();
            let mut args = vec![
                "cookie",
                "get",
                "--django",
                v,
                "--name",
                s(&r["name"]),
                "--cookie-salt",
                s(&r["salt"]),
                "--key-env",
                "K",
                "--now",
                &now,
            ];
            let max_age = r["max_age"].to_string();
            if !r["max_age"].is_null() {
                args.extend(["--max-age", &max_age]);
            }
            args.extend(["--", s(&r["token"])]);
            let out = djsign(&args, &env(s(&r["key"])), b"");
            match (r["result"].get("value"), r["result"].get("error")) {
                (Some(value), None) => {
                    assert_eq!(out.ok().stdout_str(), format!("{}\n", s(value)), "{v}: {r}");
                }
                (None, Some(class)) => {
                    out.fails(1, kind_for(s(class)));
                }
                _ => unreachable!(),
            }
            checked += 1;
        }
    }
    assert!(checked >= 120, "{checked}");
}

/// The explicit options win over the version, and without either the legacy fallback is off.
#[test]
fn explicit_cookie_options_override_the_version() {
    let doc = capture("5.2");
    let r = rows(&doc, "cookie_get")
        .iter()
        .find(|r| r["name"] == "prefs" && r["salt"] == "" && r["signed_with"] == "legacy")
        .unwrap();
    let get = |extra: &[&str]| {
        let mut a = vec![
            "cookie",
            "get",
            "--name",
            "prefs",
            "--key-env",
            "K",
            "--now",
            "1700000010",
        ];
        a.extend(extra);
        a.extend(["--", s(&r["token"])]);
        djsign(&a, &env(s(&r["key"])), b"")
    };
    get(&[]).fails(1, "bad-signature");
    get(&["--django", "6.1"]).fails(1, "bad-signature");
    get(&["--django", "5.2"]).ok();
    get(&["--django", "4.2"]).ok();
    get(&["--legacy-salt-fallback"]).ok();
    get(&["--django", "6.1", "--legacy-salt-fallback"]).ok();
    get(&["--django", "5.2", "--no-legacy-salt"]).fails(1, "bad-signature");
    get(&["--legacy-salt-fallback", "--no-legacy-salt"]).fails(2, "usage");
    let set = |extra: &[&str]| {
        let mut a = vec![
            "cookie",
            "set",
            "--name",
            "prefs",
            "--key-env",
            "K",
            "--timestamp",
            "1700000000",
        ];
        a.extend(extra);
        djsign(&a, &env("k"), b"dark").ok().stdout_str().to_owned()
    };
    let (v2, legacy) = (set(&[]), set(&["--legacy-salt"]));
    assert_ne!(v2, legacy);
    assert_eq!(set(&["--django", "4.2"]), legacy);
    assert_eq!(set(&["--django", "4.2", "--v2-salt"]), v2);
    assert_eq!(set(&["--django", "6.1", "--legacy-salt"]), legacy);
    assert_eq!(set(&["--django", "main"]), v2);
}

#[test]
fn session_decode_follows_the_version() {
    let mut ignored = 0;
    for v in RELEASES {
        let doc = capture(v);
        for sess in rows(&doc, "sessions") {
            for read in rows(sess, "reads") {
                let now = read["now"].to_string();
                let age = sess["cookie_age"].to_string();
                let args = [
                    "session",
                    "decode",
                    "--django",
                    v,
                    "--key-env",
                    "K",
                    "--now",
                    &now,
                    "--cookie-age",
                    &age,
                    "--",
                    s(&sess["cookie"]),
                ];
                let out = djsign(&args, &env(s(&sess["key"])), b"");
                let what = format!("{v}: {} at {now}", s(&sess["label"]));
                match read["result"].get("data_json") {
                    Some(data) => {
                        assert_eq!(out.ok().stdout_str(), format!("{}\n", s(data)), "{what}")
                    }
                    None => assert_eq!(out.code, 1, "{what}: {}", out.stderr),
                }
                // the default (strict) refuses what the releases load past set_expiry(300)
                if sess["label"] == "set_expiry(300)" && read["now"] == 1_700_000_301 {
                    let default = [&args[..2], &args[4..]].concat();
                    djsign(&default, &env(s(&sess["key"])), b"").fails(1, "session-expired");
                    let main = [&args[..2], &["--django", "main"], &args[4..]].concat();
                    djsign(&main, &env(s(&sess["key"])), b"").fails(1, "session-expired");
                    let n = args.len() - 2;
                    let explicit =
                        [&args[..n], &["--expiry-policy", "strict"], &args[n..]].concat();
                    djsign(&explicit, &env(s(&sess["key"])), b"").fails(1, "session-expired");
                    ignored += 1;
                }
            }
        }
    }
    assert_eq!(ignored, 4);
}

#[test]
fn verify_and_inspect_read_payload_bytes_as_the_version() {
    for v in RELEASES {
        let doc = capture(v);
        for r in rows(&doc, "loads") {
            let now = r["now"].to_string();
            let args = [
                "verify",
                "--django",
                v,
                "--key-env",
                "K",
                "--now",
                &now,
                "--",
                s(&r["token"]),
            ];
            let out = djsign(&args, &env(s(&r["key"])), b"");
            let what = format!("{v}: {}", s(&r["label"]));
            match (r["result"].get("json"), r["result"].get("error")) {
                (Some(json), None) => {
                    assert_eq!(out.ok().stdout_str(), format!("{}\n", s(json)), "{what}")
                }
                (None, Some(_)) if v == "4.2" && r["label"] == "a pickle" => {
                    out.fails(1, "pickled-payload");
                }
                (None, Some(class)) => {
                    out.fails(1, kind_for(s(class)));
                }
                _ => unreachable!(),
            }
        }
    }
    // Django main reads raw UTF-8 as text and refuses bytes that are not UTF-8.
    let doc = capture("6.1");
    let token = |label: &str| {
        let r = rows(&doc, "loads")
            .iter()
            .find(|r| r["label"] == label)
            .unwrap();
        (s(&r["token"]).to_owned(), s(&r["key"]).to_owned())
    };
    let (utf8, key) = token("UTF-8 text");
    let main = |t: &str| {
        djsign(
            &[
                "verify",
                "--django",
                "main",
                "--key-env",
                "K",
                "--now",
                "1700000001",
                "--",
                t,
            ],
            &env(&key),
            b"",
        )
    };
    assert_eq!(
        main(&utf8).ok().stdout_str(),
        "{\"text\":\"h\\u00e9llo\"}\n"
    );
    main(&token("latin-1 text").0).fails(1, "malformed-json");
    let inspect = |extra: &[&str]| {
        let a = [
            &["inspect", "--now", "1700000001"][..],
            extra,
            &["--", &utf8],
        ]
        .concat();
        djsign(&a, &[], b"").ok().stdout_str().to_owned()
    };
    assert!(inspect(&[]).contains("UNVERIFIED payload: {\"text\":\"h\\u00c3\\u00a9llo\"}"));
    assert!(
        inspect(&["--django", "main"]).contains("UNVERIFIED payload: {\"text\":\"h\\u00e9llo\"}")
    );
}

#[test]
fn an_unknown_version_is_a_usage_error_listing_the_known_ones() {
    for cmd in [
        &["verify", "--key-env", "K", "--", "x:y"][..],
        &["inspect", "--", "x:y"],
        &["session", "decode", "--key-env", "K", "--", "x:y"],
        &[
            "cookie",
            "get",
            "--name",
            "n",
            "--key-env",
            "K",
            "--",
            "x:y",
        ],
        &["cookie", "set", "--name", "n", "--key-env", "K"],
        &["vectors", "check"],
    ] {
        for bad in ["6.2", "6.1.3", "Main", "v6.1", ""] {
            let at = cmd.iter().position(|a| *a == "--").unwrap_or(cmd.len());
            let args = [&cmd[..at], &["--django", bad], &cmd[at..]].concat();
            let out = djsign(&args, &env("k"), b"");
            out.fails(2, "usage");
            assert!(
                out.stderr.contains("4.2, 5.2, 6.0, 6.1 or main"),
                "{cmd:?} {bad}: {}",
                out.stderr
            );
        }
    }
    // Signing is the same for every version: sign and session encode take no --django.
    for cmd in [
        &["sign", "--key-env", "K"][..],
        &["session", "encode", "--key-env", "K"],
    ] {
        djsign(&[cmd, &["--django", "6.1"]].concat(), &env("k"), b"{}").fails(2, "usage");
    }
}

#[test]
fn vectors_check_limits_to_the_version() {
    let all = djsign(&["vectors", "check"], &[], b"");
    let total: usize = all
        .ok()
        .stdout_str()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    for v in ["4.2", "5.2", "6.0", "6.1", "main"] {
        let out = djsign(&["vectors", "check", "--django", v], &[], b"");
        let line = out.ok().stdout_str().trim_end().to_owned();
        let n: usize = line.split(' ').next().unwrap().parse().unwrap();
        assert_eq!(
            line,
            format!("{n} vectors for Django {v}: {n} pass, 0 fail")
        );
        assert!(n > 1500 && n < total, "{line}");
    }
}
