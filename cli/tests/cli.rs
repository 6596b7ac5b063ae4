//! Drives the built `djsign` binary. Expected tokens and outputs come from real Django
//! (`tests/data/django_cli.json`, made by `tests/django/capture_cli.py`, and
//! `examples/django-session/`), or are independently known facts (exit codes, slugs).

mod common;

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::sync::OnceLock;

use serde_json::Value as J;

use common::{KeyArgs, Run, djsign, hex, inspected_timestamp, s, temp_file, workspace_root};

// ---------------------------------------------------------------- fixtures

fn data() -> &'static J {
    static DATA: OnceLock<J> = OnceLock::new();
    DATA.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/django_cli.json");
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    })
}

/// Options describing the signer of a captured case; defaults are left out on purpose so
/// that the CLI's defaults are checked against Django's.
fn signer_args(c: &J) -> Vec<OsString> {
    let mut a: Vec<OsString> = Vec::new();
    if s(&c["salt"]) != "django.core.signing" {
        a.extend(["--salt".into(), s(&c["salt"]).into()]);
    }
    if s(&c["sep"]) != ":" {
        a.extend(["--sep".into(), s(&c["sep"]).into()]);
    }
    if s(&c["algorithm"]) != "sha256" {
        a.extend(["--algorithm".into(), s(&c["algorithm"]).into()]);
    }
    if !c["timestamped"].as_bool().unwrap() {
        a.push("--no-timestamp".into());
    }
    if s(&c["mode"]) == "raw" {
        a.push("--raw".into());
    }
    a
}

/// The error kind the CLI reports for what Django raised.
fn kind_for_django(class: &str, message: &str) -> &'static str {
    match class {
        "SignatureExpired" => "expired",
        "BadSignature" if message.starts_with("No ") => "no-separator",
        "BadSignature" => "bad-signature",
        "ValueError" if message.starts_with("not enough values to unpack") => "missing-timestamp",
        "ValueError" if message == "substring not found" => "malformed-timestamp",
        "Error" if message.starts_with("Invalid base64") => "malformed-base64",
        "error" if message.contains("decompressing") => "malformed-zlib",
        "JSONDecodeError" => "malformed-json",
        _ => panic!("no mapping for Django's {class}: {message}"),
    }
}

fn cases() -> &'static [J] {
    data()["cases"].as_array().unwrap()
}

// ---------------------------------------------------------------- Django's tokens

#[test]
fn fixtures_are_from_the_pinned_versions() {
    let v = &data()["versions"];
    assert_eq!(
        (s(&v["django"]), s(&v["python"]), s(&v["zlib"])),
        ("5.2.19", "3.11", "1.2.13")
    );
    assert!(cases().len() > 100);
}

#[test]
fn sign_output_equals_djangos_token() {
    for (i, c) in cases().iter().enumerate() {
        let mut keys = KeyArgs::new();
        keys.add(&c["sign_key"], false, i);
        let mut args: Vec<OsString> = vec!["sign".into()];
        args.extend(keys.args);
        args.extend(signer_args(c));
        if c["compress"].as_bool().unwrap() {
            args.push("--compress".into());
        }
        if c["timestamped"].as_bool().unwrap() {
            // The separate-value form, so negative timestamps test allow_negative_numbers.
            args.extend(["--timestamp".into(), c["timestamp"].to_string().into()]);
        }
        let mut stdin = s(&c["stdin"]).as_bytes().to_vec();
        // One trailing newline is stripped from a raw value: a value that ends with one needs
        // another; other values are fed both with and without.
        if s(&c["mode"]) == "raw" && (i % 2 == 0 || stdin.ends_with(b"\n")) {
            stdin.push(b'\n');
        }
        let out = djsign(&args, &keys.envs, &stdin);
        out.ok();
        assert_eq!(
            out.stdout_str(),
            format!("{}\n", s(&c["token"])),
            "case {} ({:?})",
            s(&c["name"]),
            args
        );
    }
}

#[test]
fn djangos_tokens_verify_to_djangos_output() {
    let mut verified = 0;
    let mut rejected = 0;
    for (i, c) in cases().iter().enumerate() {
        let name = s(&c["name"]);
        let token = s(&c["token"]);
        let v = &c["verify"];
        let mut keys = KeyArgs::new();
        keys.add(&c["verify_key"], false, i);
        for (j, fb) in c["fallback_keys"].as_array().unwrap().iter().enumerate() {
            keys.add(fb, true, i + j + 1);
        }
        let mut args: Vec<OsString> = vec!["verify".into()];
        args.extend(keys.args.iter().cloned());
        args.extend(signer_args(c));
        if let Some(max_age) = v.get("max_age") {
            args.extend(["--max-age".into(), max_age.to_string().into()]);
        }
        if let Some(now) = v.get("now") {
            args.extend(["--now".into(), now.to_string().into()]);
        }
        // The token once on standard input and once as an argument, in rotating forms.
        let stdin_forms: [&[u8]; 3] = [b"\n", b"\r\n", b""];
        let on_stdin = [token.as_bytes(), stdin_forms[i % 3]].concat();
        let mut with_arg = args.clone();
        let arg_stdin: &[u8] = match i % 3 {
            0 => {
                with_arg.extend(["--".into(), token.into()]);
                b""
            }
            1 => {
                with_arg.push("-".into());
                on_stdin.as_slice()
            }
            _ if !token.starts_with('-') => {
                with_arg.push(token.into());
                b""
            }
            _ => {
                with_arg.extend(["--".into(), token.into()]);
                b""
            }
        };
        for out in [
            djsign(&args, &keys.envs, &on_stdin),
            djsign(&with_arg, &keys.envs, arg_stdin),
        ] {
            if let Some(expected) = v.get("stdout") {
                out.ok();
                assert_eq!(out.stdout_str(), s(expected), "case {name}");
                verified += 1;
            } else {
                let kind = kind_for_django(s(&v["django_error"]), s(&v["django_message"]));
                out.fails(1, kind);
                rejected += 1;
            }
        }
    }
    assert!(verified > 180 && rejected >= 10, "{verified} {rejected}");
}

#[test]
fn djangos_rejections_are_rejected_with_their_kind() {
    for r in data()["rejected"].as_array().unwrap() {
        let name = s(&r["name"]);
        let mut keys = KeyArgs::new();
        keys.add(&r["key"], false, 0);
        let mut args: Vec<OsString> = vec!["verify".into()];
        args.extend(keys.args);
        args.extend(["--".into(), s(&r["token"]).into()]);
        let out = djsign(&args, &keys.envs, b"");
        match (name, r.get("ok"), r.get("django_error")) {
            // Deliberate differences from Django (documented in cli/README.md): a lone
            // surrogate cannot be held in a Rust string, and a payload that inflates past the
            // library's 4 MiB limit is refused rather than inflated.
            ("lone-surrogate", Some(ok), _) => {
                assert_eq!(s(ok), "\"\\ud800\"\n");
                out.fails(1, "unrepresentable-json");
            }
            ("zip-bomb", None, None) => {
                assert!(r["ok_len"].as_u64().unwrap() > 4 << 20);
                out.fails(1, "decompressed-too-large");
            }
            (_, Some(ok), _) => {
                out.ok();
                assert_eq!(out.stdout_str(), s(ok), "{name}");
            }
            (_, None, Some(class)) => {
                out.fails(1, kind_for_django(s(class), s(&r["django_message"])));
            }
            _ => panic!("unexpected fixture {r}"),
        }
    }
}

#[test]
fn sign_reads_utf8_json_as_python_does() {
    let key = &cases()[0]["sign_key"];
    for (i, input) in data()["sign_inputs"].as_array().unwrap().iter().enumerate() {
        let text = s(&input["stdin"]);
        let mut keys = KeyArgs::new();
        keys.add(key, false, i);
        let mut args: Vec<OsString> = vec!["sign".into(), "--timestamp=1700000000".into()];
        args.extend(keys.args);
        let out = djsign(&args, &keys.envs, text.as_bytes());
        match (s(&input["python"]), input.get("token")) {
            ("ok", _) if text.contains("\\ud800") || text.contains("\\udfff") => {
                out.fails(1, "unrepresentable-json");
            }
            ("ok", Some(token)) => {
                out.ok();
                assert_eq!(out.stdout_str(), format!("{}\n", s(token)), "{text:?}");
            }
            ("JSONDecodeError", None) => {
                out.fails(1, "malformed-json");
            }
            other => panic!("unexpected fixture {other:?}"),
        }
    }
}

// ---------------------------------------------------------------- the shipped session cookie

/// The README's first command, with the binary in place of `cargo run -p djsign-cli --`.
#[cfg(feature = "contrib")] // `session decode` is a contrib command
#[test]
fn readme_main_command_decodes_the_shipped_session() {
    let root = workspace_root();
    let cookie = std::fs::read(root.join("examples/django-session/cookie.txt")).unwrap();
    let expected = std::fs::read(root.join("examples/django-session/expected.json")).unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let args = [
        "session",
        "decode",
        "--key-file",
        "examples/django-session/secret_key.txt",
        "--now",
        "1767229200",
    ];
    // the README shows exactly these arguments
    let shown = format!(
        "cargo run -p djsign-cli -- {} < examples/django-session/cookie.txt",
        args.join(" ")
    );
    assert!(
        readme.contains(&shown),
        "README's main command changed: {shown}"
    );
    let out = djsign(&args, &[], &cookie);
    out.ok();
    assert_eq!(out.stdout_str(), std::str::from_utf8(&expected).unwrap());
    // SESSION_COOKIE_AGE after it was set Django (released or not) would start a new session.
    let late = (1_767_225_600 + 1_209_600 + 1).to_string();
    djsign(&[&args[..4], &["--now", &late]].concat(), &[], &cookie).fails(1, "expired");
}

/// `djsign bench` on the shipped cookie: every figure is there and is a number (the values
/// are machine-dependent and not checked; speed is judged by the benchmarks). The cookie was
/// made by Django, so `dumps` must give it back byte for byte.
#[test]
fn bench_prints_every_figure_for_the_shipped_session() {
    let root = workspace_root();
    let cookie = std::fs::read(root.join("examples/django-session/cookie.txt")).unwrap();
    let out = djsign(
        &[
            "bench",
            "--key-file",
            "examples/django-session/secret_key.txt",
            "--salt",
            "django.contrib.sessions.backends.signed_cookies",
            "--iterations",
            "20",
        ],
        &[],
        &cookie,
    );
    out.ok();
    let text = out.stdout_str();
    let value = |name: &str| -> &str {
        let prefix = format!("{name}=");
        text.lines()
            .find_map(|l| l.strip_prefix(prefix.as_str()))
            .unwrap_or_else(|| panic!("no {name}= line in {text:?}"))
    };
    for name in ["loads_ns", "dumps_ns", "reject_ns", "hmac_ns"] {
        let ns: f64 = value(name)
            .parse()
            .unwrap_or_else(|_| panic!("{name}: {text}"));
        assert!(ns.is_finite() && ns > 0.0, "{name}: {text}");
    }
    let allocs = value("allocs_per_loads");
    if cfg!(feature = "count-alloc") {
        let n: u64 = allocs.parse().unwrap_or_else(|_| panic!("{text}"));
        assert!(n > 0, "{text}");
    } else {
        assert!(allocs.starts_with("n/a"), "{text}");
    }
    assert_eq!(value("token_len"), (cookie.len() - 1).to_string());
    assert_eq!(value("dumps_identical"), "yes", "{text}");
    // A token that does not verify is refused like `verify` refuses it.
    djsign(
        &[
            "bench",
            "--key-file",
            "examples/django-session/secret_key.txt",
        ],
        &[],
        &cookie,
    )
    .fails(1, "bad-signature");
}

/// The same cookie through the generic `verify` with the session salt and cookie age.
#[test]
fn readme_session_cookie_command_prints_djangos_session() {
    let root = workspace_root();
    let cookie = std::fs::read(root.join("examples/django-session/cookie.txt")).unwrap();
    let expected = std::fs::read(root.join("examples/django-session/expected.json")).unwrap();
    let out = djsign(
        &[
            "verify",
            "--key-file",
            "examples/django-session/secret_key.txt",
            "--salt",
            "django.contrib.sessions.backends.signed_cookies",
            "--max-age",
            "1209600",
            "--now",
            "1767229200",
        ],
        &[],
        &cookie,
    );
    out.ok();
    assert_eq!(out.stdout_str(), std::str::from_utf8(&expected).unwrap());
    // SESSION_COOKIE_AGE later plus one second, Django would have started a new session.
    let late = djsign(
        &[
            "verify",
            "--key-file",
            "examples/django-session/secret_key.txt",
            "--salt",
            "django.contrib.sessions.backends.signed_cookies",
            "--max-age",
            "1209600",
            "--now",
            &(1767225600 + 1209600 + 1).to_string(),
        ],
        &[],
        &cookie,
    );
    late.fails(1, "expired");
    // The cookie starts with '.' (compressed): it works as an argument without '--'.
    let token = std::str::from_utf8(&cookie).unwrap().trim_end();
    assert!(token.starts_with('.'));
    let arg = djsign(
        &[
            "verify",
            "--key-file",
            "examples/django-session/secret_key.txt",
            "--salt",
            "django.contrib.sessions.backends.signed_cookies",
            token,
        ],
        &[],
        b"",
    );
    arg.ok();
    assert_eq!(arg.stdout, expected);
}

// ---------------------------------------------------------------- keys

fn case(name: &str) -> &'static J {
    cases()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

/// `verify --key-file <file with content>` on a captured case.
fn verify_with_key_file(c: &J, content: &[u8]) -> Run {
    let file = temp_file(content);
    let mut args: Vec<OsString> = vec!["verify".into(), "--key-file".into(), file.into()];
    args.extend(signer_args(c));
    args.extend(["--".into(), s(&c["token"]).into()]);
    djsign(&args, &[], b"")
}

#[test]
fn key_file_newline_rule() {
    let c = case("dumps-dict");
    let key = s(&c["sign_key"]["str"]);
    let expected = s(&c["verify"]["stdout"]);
    for content in [key.to_owned(), format!("{key}\n"), format!("{key}\r\n")] {
        let out = verify_with_key_file(c, content.as_bytes());
        out.ok();
        assert_eq!(out.stdout_str(), expected, "{content:?}");
    }
    // Only one line ending goes: more is part of the key, so the signature does not match.
    for content in [
        format!("{key}\n\n"),
        format!("{key}\r\n\r\n"),
        format!("{key} \n"),
        format!("\n{key}"),
    ] {
        verify_with_key_file(c, content.as_bytes()).fails(1, "bad-signature");
    }
    // A key that really ends with a newline (Django: SECRET_KEY = "...\n") needs two.
    let c = case("newline-key-cart");
    let key = s(&c["sign_key"]["str"]);
    assert!(key.ends_with('\n'));
    verify_with_key_file(c, format!("{key}\n").as_bytes()).ok();
    verify_with_key_file(c, key.as_bytes()).fails(1, "bad-signature");
    // A bytes key that is not UTF-8 works from a file, with and without a newline.
    let c = case("bytes-key-cart");
    let key = hex(s(&c["sign_key"]["hex"]));
    assert!(std::str::from_utf8(&key).is_err());
    verify_with_key_file(c, &key).ok();
    verify_with_key_file(c, &[key.as_slice(), b"\n"].concat()).ok();
}

#[test]
fn key_errors_are_configuration_errors() {
    let token = s(&case("dumps-dict")["token"]);
    // No key option at all.
    djsign(&["verify", token], &[], b"").fails(2, "missing-key");
    djsign(&["sign"], &[], b"[1]").fails(2, "missing-key");
    // Unset variable, unreadable file.
    djsign(&["verify", "--key-env", "DJSIGN_UNSET", token], &[], b"").fails(2, "key-unavailable");
    djsign(
        &["verify", "--key-file", "/nonexistent/djsign/key", token],
        &[],
        b"",
    )
    .fails(2, "key-unavailable");
    // A variable name that cannot exist.
    djsign(&["verify", "--key-env", "A=B", token], &[], b"").fails(2, "usage");
    djsign(&["verify", "--key-env", "", token], &[], b"").fails(2, "usage");
    // Empty keys: Django refuses an empty SECRET_KEY.
    let env = [("K".to_owned(), OsString::from(""))];
    djsign(&["verify", "--key-env", "K", token], &env, b"").fails(2, "invalid-key");
    for empty in [&b""[..], b"\n", b"\r\n"] {
        let file = temp_file(empty);
        let args: [&OsStr; 4] = [
            "verify".as_ref(),
            "--key-file".as_ref(),
            file.as_os_str(),
            token.as_ref(),
        ];
        djsign(&args, &[], b"").fails(2, "invalid-key");
    }
    let env = [
        ("K".to_owned(), OsString::from("k")),
        ("F".to_owned(), OsString::from("")),
    ];
    djsign(
        &["verify", "--key-env", "K", "--fallback-key-env", "F", token],
        &env,
        b"",
    )
    .fails(2, "invalid-key");
    djsign(
        &["verify", "--key-env", "K", "--fallback-key-env", "G", token],
        &env,
        b"",
    )
    .fails(2, "key-unavailable");
    // Both kinds of key at once is ambiguous.
    let file = temp_file(b"k");
    let args: [&OsStr; 6] = [
        "verify".as_ref(),
        "--key-env".as_ref(),
        "K".as_ref(),
        "--key-file".as_ref(),
        file.as_os_str(),
        token.as_ref(),
    ];
    djsign(&args, &env, b"").fails(2, "usage");
}

#[cfg(unix)]
#[test]
fn non_utf8_key_variable_is_refused() {
    use std::os::unix::ffi::OsStringExt;
    let env = [("K".to_owned(), OsString::from_vec(vec![b'k', 0xff]))];
    djsign(&["verify", "--key-env", "K", "x:y"], &env, b"").fails(2, "key-unavailable");
}

#[test]
fn messages_never_show_key_material() {
    let key = "hunter2-do-not-print-me";
    let file = temp_file(format!("{key}\n").as_bytes());
    let env = [("K".to_owned(), OsString::from(key))];
    let token = s(&case("dumps-dict")["token"]);
    let mut outs = vec![
        djsign(&["verify", "--key-env", "K", token], &env, b""),
        djsign(
            &["verify", "--key-env", "K", "--sep", "a", token],
            &env,
            b"",
        ),
        djsign(
            &["verify", "--key-env", "K", "--algorithm", "md5", token],
            &env,
            b"",
        ),
        djsign(&["sign", "--key-env", "K"], &env, b"{bad"),
        djsign(&["sign", "--key-env", "K", "--max-age", "1"], &env, b"1"),
    ];
    let args: [&OsStr; 4] = [
        "verify".as_ref(),
        "--key-file".as_ref(),
        file.as_os_str(),
        token.as_ref(),
    ];
    outs.push(djsign(&args, &[], b""));
    for out in outs {
        assert_ne!(out.code, 0);
        assert!(!out.stderr.contains("hunter2"), "{}", out.stderr);
    }
}

#[test]
fn fallback_keys_from_env_and_file_mix() {
    // Signed with the old bytes key; the current key and one unrelated key come first.
    let c = case("fallback-bytes-key");
    let old = temp_file(&hex(s(&c["sign_key"]["hex"])));
    let unrelated = temp_file(b"unrelated\n");
    let env = [
        ("NEW".to_owned(), OsString::from(s(&c["verify_key"]["str"]))),
        ("OTHER".to_owned(), OsString::from("another-unrelated")),
    ];
    let args: Vec<&OsStr> = vec![
        "verify".as_ref(),
        "--key-env".as_ref(),
        "NEW".as_ref(),
        "--fallback-key-file".as_ref(),
        unrelated.as_os_str(),
        "--fallback-key-env".as_ref(),
        "OTHER".as_ref(),
        "--fallback-key-file".as_ref(),
        old.as_os_str(),
        "--compress".as_ref(),
    ];
    // `--compress` is a signing option: verify refuses it rather than ignore it.
    djsign(&args, &env, s(&c["token"]).as_bytes()).fails(2, "usage");
    let args = &args[..args.len() - 1];
    let out = djsign(args, &env, s(&c["token"]).as_bytes());
    out.ok();
    assert_eq!(out.stdout_str(), s(&c["verify"]["stdout"]));
    // Without the old key it is a forgery.
    djsign(&args[..args.len() - 2], &env, s(&c["token"]).as_bytes()).fails(1, "bad-signature");
}

// ---------------------------------------------------------------- input edge cases

fn main_key() -> (Vec<&'static str>, Vec<(String, OsString)>) {
    let key = s(&case("dumps-dict")["sign_key"]["str"]);
    (
        vec!["--key-env", "K"],
        vec![("K".to_owned(), OsString::from(key))],
    )
}

#[test]
fn tokens_starting_with_a_dash() {
    let c = case("raw-plain-dash");
    let token = s(&c["token"]);
    assert!(token.starts_with('-'));
    let (k, env) = main_key();
    let with = |extra: &[&str], stdin: &[u8]| {
        let mut a = vec!["verify"];
        a.extend(&k);
        a.extend(["--raw", "--no-timestamp"]);
        a.extend(extra);
        djsign(&a, &env, stdin)
    };
    let expected = s(&c["verify"]["stdout"]);
    assert_eq!(with(&["--", token], b"").ok().stdout_str(), expected);
    assert_eq!(
        with(&[], format!("{token}\n").as_bytes()).ok().stdout_str(),
        expected
    );
    assert_eq!(with(&["-"], token.as_bytes()).ok().stdout_str(), expected);
    // Without '--' it looks like an option: a usage error that says what to do.
    let out = with(&[token], b"");
    out.fails(2, "usage");
    assert!(out.stderr.contains("'--'"), "{}", out.stderr);
    // A dash-prefixed forgery is rejected as such.
    let forged = s(&data()["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "dash-start")
        .unwrap()["token"]);
    let mut a = vec!["verify"];
    a.extend(&k);
    a.extend(["--", forged]);
    djsign(&a, &env, b"").fails(1, "bad-signature");
}

#[test]
fn tokens_starting_with_a_dot() {
    let c = case("no-timestamp-compress-cart");
    let token = s(&c["token"]);
    assert!(token.starts_with('.'));
    let (mut a, env) = main_key();
    a.insert(0, "verify");
    a.extend(["--no-timestamp", token]);
    assert_eq!(
        djsign(&a, &env, b"").ok().stdout_str(),
        s(&c["verify"]["stdout"])
    );
}

#[test]
fn empty_input() {
    let (k, env) = main_key();
    let verify: Vec<&str> = ["verify"].into_iter().chain(k.iter().copied()).collect();
    // An empty token reaches the library, which finds no separator (as Django does).
    djsign(&verify, &env, b"").fails(1, "no-separator");
    djsign(&verify, &env, b"\n").fails(1, "no-separator");
    let mut arg = verify.clone();
    arg.extend(["--", ""]);
    djsign(&arg, &env, b"").fails(1, "no-separator");
    djsign(&["inspect"], &[], b"").fails(1, "no-separator");
    // Empty JSON is malformed; an empty raw value is a fine value (checked against Django's
    // token in sign_output_equals_djangos_token).
    let sign: Vec<&str> = ["sign"].into_iter().chain(k.iter().copied()).collect();
    djsign(&sign, &env, b"").fails(1, "malformed-json");
}

#[test]
fn non_utf8_input_is_rejected() {
    let (k, env) = main_key();
    let verify: Vec<&str> = ["verify"].into_iter().chain(k.iter().copied()).collect();
    let good = s(&case("dumps-dict")["token"]).as_bytes();
    let bad = [good, b"\xff"].concat();
    djsign(&verify, &env, &bad).fails(1, "invalid-input");
    djsign(&["inspect"], &[], &bad).fails(1, "invalid-input");
    let sign: Vec<&str> = ["sign"].into_iter().chain(k.iter().copied()).collect();
    djsign(&sign, &env, b"\"\xe9\"").fails(1, "invalid-input");
    let raw: Vec<&str> = sign.iter().copied().chain(["--raw"]).collect();
    djsign(&raw, &env, b"caf\xe9").fails(1, "invalid-input");
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        let mut args: Vec<OsString> = verify.iter().map(OsString::from).collect();
        args.extend(["--".into(), OsString::from_vec(bad)]);
        djsign(&args, &env, b"").fails(1, "invalid-input");
    }
}

#[test]
fn overlong_token_is_refused_before_hashing() {
    let (mut a, env) = main_key();
    a.insert(0, "verify");
    let long = format!("{}:sig", "x".repeat((1 << 20) + 1));
    djsign(&a, &env, long.as_bytes()).fails(1, "token-too-long");
}

/// Standard input is read with a bound (issue 14, finding 1): a token or cookie value up to the
/// library's 1 MiB token limit and a line ending (more is the library's `token-too-long`), a
/// value to sign as much, JSON to sign 4 MiB (more is `input-too-large`). Reading stops there,
/// so 64 MiB of input costs no more than the limit.
#[test]
fn stdin_is_read_with_a_bound() {
    let (k, env) = main_key();
    let limit = 1 << 20;
    let huge = vec![b'x'; 64 << 20];
    let with = |cmd: &[&'static str]| -> Vec<&'static str> {
        let mut a = cmd.to_vec();
        if cmd[0] != "inspect" {
            a.extend(&k);
        }
        a
    };
    for cmd in [&["verify"][..], &["verify", "--no-timestamp"], &["inspect"]] {
        djsign(&with(cmd), &env, &huge).fails(1, "token-too-long");
        // exactly one byte over, with or without a line ending
        let over = format!("{}:sig", "x".repeat(limit - 3));
        djsign(&with(cmd), &env, over.as_bytes()).fails(1, "token-too-long");
        djsign(&with(cmd), &env, format!("{over}\r\n").as_bytes()).fails(1, "token-too-long");
    }
    // inspect takes a token right at the limit (and reports what it can)
    let at = format!("{}:sig", "x".repeat(limit - 4));
    djsign(&["inspect"], &[], format!("{at}\n").as_bytes()).ok();

    djsign(&with(&["sign"]), &env, &huge).fails(1, "input-too-large");
    djsign(&with(&["sign", "--raw"]), &env, &huge).fails(1, "input-too-large");
    let json = format!("[\"{}\"]", "a".repeat((4 << 20) - 4));
    assert_eq!(json.len(), 4 << 20);
    djsign(&with(&["sign", "--compress"]), &env, json.as_bytes()).ok();
    let json = format!("[\"{}\"]", "a".repeat((4 << 20) - 3));
    djsign(&with(&["sign", "--compress"]), &env, json.as_bytes()).fails(1, "input-too-large");
    let value = vec![b'v'; limit + 2];
    djsign(&with(&["sign", "--raw"]), &env, &value).ok();
    djsign(
        &with(&["sign", "--raw"]),
        &env,
        &[&value[..], b"v"].concat(),
    )
    .fails(1, "input-too-large");
    #[cfg(feature = "contrib")]
    {
        let cookie = ["cookie", "get", "--name", "c", "--key-env", "K"];
        djsign(&cookie, &env, &huge).fails(1, "token-too-long");
        let set = ["cookie", "set", "--name", "c", "--key-env", "K"];
        djsign(&set, &env, &huge).fails(1, "input-too-large");
        let decode = ["session", "decode", "--key-env", "K"];
        djsign(&decode, &env, &huge).fails(1, "token-too-long");
        let encode = ["session", "encode", "--key-env", "K"];
        djsign(&encode, &env, &huge).fails(1, "input-too-large");
    }
}

/// A key file is read up to 64 KiB (issue 14, finding 1): `--key-file /dev/zero` fails at
/// once instead of growing until memory runs out.
#[test]
fn key_files_are_read_with_a_bound() {
    let token = s(&case("dumps-dict")["token"]);
    let verify = |path: &std::ffi::OsStr| {
        let args: Vec<OsString> = vec![
            "verify".into(),
            "--key-file".into(),
            path.into(),
            "--".into(),
            token.into(),
        ];
        djsign(&args, &[], b"")
    };
    #[cfg(unix)]
    verify("/dev/zero".as_ref()).fails(2, "key-unavailable");
    let most = temp_file(&vec![b'k'; 64 * 1024]);
    verify(most.as_os_str()).fails(1, "bad-signature");
    let over = temp_file(&vec![b'k'; 64 * 1024 + 1]);
    verify(over.as_os_str()).fails(2, "key-unavailable");
    let fallback = temp_file(&vec![b'k'; 64 * 1024 + 1]);
    let (mut a, env) = main_key();
    a.insert(0, "verify");
    let mut args: Vec<OsString> = a.iter().map(OsString::from).collect();
    args.extend([
        "--fallback-key-file".into(),
        fallback.into_os_string(),
        "--".into(),
        token.into(),
    ]);
    djsign(&args, &env, b"").fails(2, "key-unavailable");
}

/// Times must be finite and `--now` within 2^53 s of the epoch (issue 14, finding 4); Django
/// would let `--now -1e308` or `--max-age inf` disable expiry.
#[test]
fn absurd_times_are_refused() {
    let (k, env) = main_key();
    let token = s(&case("dumps-dict")["token"]);
    for (opt, value) in [
        ("--now", "inf"),
        ("--now", "-inf"),
        ("--now", "-1e308"),
        ("--now", "1e16"),
        ("--max-age", "inf"),
        ("--max-age", "-inf"),
    ] {
        // `--opt=value`: a value that starts with '-' cannot follow as a separate word.
        let opt_value = format!("{opt}={value}");
        let arg = opt_value.as_str();
        let mut a = vec!["verify"];
        a.extend(&k);
        a.extend([arg, "--", token]);
        djsign(&a, &env, b"").fails(2, "invalid-time");
        if opt == "--now" {
            djsign(&["inspect", arg, "--", token], &[], b"").fails(2, "invalid-time");
        }
        #[cfg(feature = "contrib")]
        {
            let cookie = [
                "cookie",
                "get",
                "--name",
                "c",
                "--key-env",
                "K",
                arg,
                "--",
                token,
            ];
            djsign(&cookie, &env, b"").fails(2, "invalid-time");
            if opt == "--now" {
                let decode = ["session", "decode", "--key-env", "K", arg, "--", token];
                djsign(&decode, &env, b"").fails(2, "invalid-time");
            }
        }
    }
    // finite huge max-ages are Django's "never" (its own vectors use 1e20)
    let mut a = vec!["verify"];
    a.extend(&k);
    a.extend(["--max-age", "1e20", "--", token]);
    djsign(&a, &env, b"").ok();
}

#[test]
fn algorithm_must_match() {
    // A SHA-1 token is refused by the default SHA-256 signer.
    let c = case("sha1-cart");
    let (mut a, env) = main_key();
    a.insert(0, "verify");
    djsign(&a, &env, s(&c["token"]).as_bytes()).fails(1, "bad-signature");
}

// ---------------------------------------------------------------- options

#[test]
fn configuration_errors_exit_2_with_the_library_kind() {
    let (k, env) = main_key();
    let token = s(&case("dumps-dict")["token"]);
    let run = |cmd: &str, extra: &[&str]| {
        let mut a = vec![cmd];
        if cmd != "inspect" {
            a.extend(&k);
        }
        a.extend(extra);
        djsign(&a, &env, token.as_bytes())
    };
    for sep in ["a", "", "-", "^", "A-z0"] {
        run("verify", &["--sep", sep]).fails(2, "invalid-separator");
        run("sign", &["--sep", sep]).fails(2, "invalid-separator");
        run("inspect", &["--sep", sep]).fails(2, "invalid-separator");
    }
    for alg in ["md5", "SHA256", "sha3_256", ""] {
        run("verify", &["--algorithm", alg]).fails(2, "unsupported-algorithm");
    }
    run("verify", &["--max-age", "nan"]).fails(2, "invalid-time");
    run("inspect", &["--now", "nan"]).fails(2, "invalid-time");
    run("verify", &["--max-age", "1", "--now", "NaN"]).fails(2, "invalid-time");
}

#[test]
fn usage_errors_exit_2() {
    let (k, env) = main_key();
    let run = |args: &[&str]| {
        let mut a = vec![args[0]];
        a.extend(&k);
        a.extend(&args[1..]);
        djsign(&a, &env, b"[1]")
    };
    for args in [
        &["verify", "--max-age", "ten"][..],
        &["verify", "--max-age", ""],
        &["verify", "--now", "1e"],
        &["verify", "--max-age", "5", "--no-timestamp"],
        &["verify", "--now", "5", "--no-timestamp"],
        &["verify", "--timestamp", "5"],
        &["verify", "a:b", "c:d"],
        &["sign", "--timestamp", "1.5"],
        &["sign", "--timestamp", "99999999999999999999"],
        &["sign", "--timestamp", "5", "--no-timestamp"],
        &["sign", "--compress", "--raw"],
        &["sign", "--max-age", "5"],
        &["sign", "extra"],
        &["sign", "--unknown"],
        &["frobnicate"],
    ] {
        run(args).fails(2, "usage");
    }
    djsign::<&str>(&[], &[], b"").fails(2, "usage");
    djsign(&["inspect", "--key-env", "K"], &env, b"").fails(2, "usage");
}

#[test]
fn max_age_accepts_fractions_and_equality_passes() {
    // Fixed by Django's own verdicts in the fixture ("age-equal-passes", "age-expired"); here
    // the same token at the boundary with fractional seconds written differently.
    let c = case("age-within");
    let (k, env) = main_key();
    let token = s(&c["token"]);
    let t = c["timestamp"].as_i64().unwrap();
    let run = |max_age: &str, now: String| {
        let mut a = vec!["verify"];
        a.extend(&k);
        a.extend(["--max-age", max_age, "--now", now.as_str(), "--", token]);
        djsign(&a, &env, b"")
    };
    run("0.25", format!("{t}.25")).ok();
    run("2.5e-1", format!("{t}.25")).ok();
    run("0.25", format!("{t}.5")).fails(1, "expired");
    // A finite huge max-age never expires; infinite ones and absurd clocks are refused.
    run("1e20", "1e15".to_owned()).ok();
    run("inf", "1e300".to_owned()).fails(2, "invalid-time");
    run("-0.5", t.to_string()).fails(1, "expired");
    // Without --now the clock is used: a 2023 token is more than a day old.
    let mut a = vec!["verify"];
    a.extend(&k);
    a.extend(["--max-age", "86400", "--", token]);
    djsign(&a, &env, b"").fails(1, "expired");
}

#[test]
fn sign_uses_the_clock_by_default() {
    let (mut a, env) = main_key();
    a.insert(0, "sign");
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let token = djsign(&a, &env, b"{\"now\": true}")
        .ok()
        .stdout_str()
        .trim_end()
        .to_owned();
    let after = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mut v = vec!["verify"];
    v.extend(&a[1..]);
    v.extend(["--max-age", "60", "--", &token]);
    assert_eq!(djsign(&v, &env, b"").ok().stdout_str(), "{\"now\":true}\n");
    let ts = inspected_timestamp(&token);
    assert!(before <= ts && ts <= after, "{before} <= {ts} <= {after}");
}

// ---------------------------------------------------------------- inspect

fn inspect_lines(token: &str, extra: &[&str]) -> Vec<String> {
    let mut a = vec!["inspect"];
    a.extend(extra);
    a.extend(["--", token]);
    let out = djsign(&a, &[], b"");
    out.ok();
    let lines: Vec<String> = out.stdout_str().lines().map(str::to_owned).collect();
    for l in &lines {
        assert!(
            l.starts_with("UNVERIFIED ") || l.starts_with("separator: "),
            "line without UNVERIFIED: {l}"
        );
    }
    lines
}

fn line<'a>(lines: &'a [String], prefix: &str) -> &'a str {
    lines
        .iter()
        .find_map(|l| l.strip_prefix(prefix))
        .unwrap_or_else(|| panic!("no {prefix:?} in {lines:?}"))
}

#[test]
fn inspect_shows_djangos_parts_and_dates() {
    for e in data()["inspect"].as_array().unwrap() {
        let ts = e["timestamp"].as_i64().unwrap();
        let now = (ts + 100).to_string();
        let lines = inspect_lines(s(&e["token"]), &["--now", &now]);
        assert_eq!(line(&lines, "UNVERIFIED payload: "), s(&e["payload"]));
        let compressed = if e["compressed"].as_bool().unwrap() {
            "yes"
        } else {
            "no"
        };
        assert_eq!(line(&lines, "UNVERIFIED compressed: "), compressed);
        let shown = line(&lines, "UNVERIFIED timestamp: ");
        assert!(
            shown.starts_with(&format!("{ts} ({}, age 100s;", s(&e["iso"]))),
            "{shown} vs {}",
            s(&e["iso"])
        );
        assert_eq!(
            line(&lines, "UNVERIFIED signature: "),
            "43 chars, could be sha256"
        );
        assert_eq!(line(&lines, "separator: "), ":");
    }
}

#[test]
fn inspect_dates_beyond_pythons_range() {
    let (mut a, env) = main_key();
    a.insert(0, "sign");
    for e in data()["iso_extended"].as_array().unwrap() {
        let ts = e["timestamp"].as_i64().unwrap().to_string();
        let mut args = a.clone();
        args.extend(["--timestamp", &ts]);
        let token = djsign(&args, &env, b"0")
            .ok()
            .stdout_str()
            .trim_end()
            .to_owned();
        let lines = inspect_lines(&token, &["--now", "0"]);
        let shown = line(&lines, "UNVERIFIED timestamp: ");
        assert!(
            shown.starts_with(&format!("{ts} ({},", s(&e["iso"]))),
            "{shown}"
        );
    }
}

#[test]
fn inspect_other_shapes() {
    // A Signer token (no timestamp), another separator and algorithm.
    let c = case("sep-double-colon-cart");
    let lines = inspect_lines(s(&c["token"]), &["--sep", "::"]);
    assert_eq!(line(&lines, "separator: "), "::");
    assert_eq!(
        line(&lines, "UNVERIFIED signature: "),
        "86 chars, could be sha512"
    );
    assert_eq!(
        format!("{}\n", line(&lines, "UNVERIFIED payload: ")),
        s(&c["verify"]["stdout"])
    );
    let c = case("no-timestamp-cart");
    let lines = inspect_lines(s(&c["token"]), &[]);
    assert_eq!(line(&lines, "UNVERIFIED timestamp: "), "none");
    let c = case("sha1-cart");
    let lines = inspect_lines(s(&c["token"]), &[]);
    assert_eq!(
        line(&lines, "UNVERIFIED signature: "),
        "27 chars, could be sha1"
    );
    // A raw value: not an object payload, said so, exit 0 all the same.
    let c = case("raw-plain-hello");
    let lines = inspect_lines(s(&c["token"]), &[]);
    assert_eq!(line(&lines, "UNVERIFIED value: "), "\"hello\"");
    assert!(
        line(&lines, "UNVERIFIED payload: ")
            .starts_with("not decodable as a signed object (malformed-")
    );
    // Forged junk: shown, escaped so it cannot drive the terminal, flagged.
    let lines = inspect_lines("\u{1b}[31mred\u{7}:1r0000:short", &["--now", "1700000000"]);
    assert_eq!(
        line(&lines, "UNVERIFIED value: "),
        "\"\\u001b[31mred\\u0007\""
    );
    assert_eq!(
        line(&lines, "UNVERIFIED signature: "),
        "5 chars, not the shape of any supported algorithm's MAC"
    );
    // A compressed payload whose zlib stream is broken.
    let bad = data()["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "malformed-zlib")
        .unwrap();
    let lines = inspect_lines(s(&bad["token"]), &[]);
    assert_eq!(line(&lines, "UNVERIFIED compressed: "), "yes");
    assert!(
        line(&lines, "UNVERIFIED payload: ")
            .starts_with("not decodable as a signed object (malformed-zlib")
    );
}

// ---------------------------------------------------------------- help and the kinds

#[test]
fn every_command_has_help_with_an_example() {
    for args in [
        &["--help"][..],
        &["sign", "--help"],
        &["verify", "--help"],
        &["inspect", "--help"],
        &["help", "verify"],
    ] {
        let out = djsign(args, &[], b"");
        out.ok();
        let text = out.stdout_str();
        assert!(text.contains("Example"), "{args:?}");
        assert!(text.contains("djsign "), "{args:?}");
    }
    let top = djsign(&["--help"], &[], b"");
    for kind in djsign::Error::SLUGS {
        assert!(
            top.stdout_str().contains(kind),
            "--help does not list {kind}"
        );
    }
    assert!(
        djsign(&["--version"], &[], b"")
            .ok()
            .stdout_str()
            .starts_with("djsign ")
    );
}

/// Every library error kind is either produced here through the binary, or cannot be
/// produced through the CLI, for the reason given. A new kind in the library fails this test
/// until it is placed.
#[test]
fn every_library_kind_is_placed() {
    let (k, env) = main_key();
    let rejected = |name: &str| {
        let r = data()["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap();
        let mut a = vec!["verify"];
        a.extend(&k);
        a.extend(["--", s(&r["token"])]);
        djsign(&a, &env, b"")
    };
    let verify = |extra: &[&str], stdin: &[u8]| {
        let mut a = vec!["verify"];
        a.extend(&k);
        a.extend(extra);
        djsign(&a, &env, stdin)
    };
    let expired = case("age-expired");
    let token = s(&expired["token"]);
    let too_long = format!("{}:sig", "x".repeat((1 << 20) + 1));
    let empty_key = [("K".to_owned(), OsString::from(""))];
    #[allow(unused_mut)]
    let mut reached: Vec<(&str, i32, Run)> = vec![
        ("no-separator", 1, rejected("no-separator")),
        ("bad-signature", 1, rejected("tampered-payload")),
        (
            "expired",
            1,
            verify(&["--max-age", "100.4", "--now", "1700000100.5", token], b""),
        ),
        (
            "missing-timestamp",
            1,
            rejected("signer-token-has-no-timestamp"),
        ),
        ("malformed-timestamp", 1, rejected("malformed-timestamp")),
        ("malformed-base64", 1, rejected("malformed-base64")),
        ("malformed-zlib", 1, rejected("malformed-zlib")),
        ("decompressed-too-large", 1, rejected("zip-bomb")),
        ("malformed-json", 1, rejected("malformed-json")),
        ("unrepresentable-json", 1, rejected("lone-surrogate")),
        ("token-too-long", 1, verify(&[], too_long.as_bytes())),
        ("invalid-separator", 2, verify(&["--sep", "a", token], b"")),
        (
            "invalid-key",
            2,
            djsign(&["verify", "--key-env", "K", token], &empty_key, b""),
        ),
        (
            "unsupported-algorithm",
            2,
            verify(&["--algorithm", "md5", token], b""),
        ),
        ("invalid-time", 2, verify(&["--max-age", "NaN", token], b"")),
    ];
    #[cfg(feature = "contrib")]
    reached.extend(session_kinds());
    for (kind, code, out) in &reached {
        out.fails(*code, kind);
    }
    #[allow(unused_mut)]
    let mut unreachable = vec![
        // Whatever the JSON reader accepts, the writer can write (same depth limit).
        "unserializable",
    ];
    // Without the `contrib` feature there is no `session` command to reach them; `verify`
    // decodes into djsign::Value, which holds any payload, and applies no session rules.
    #[cfg(not(feature = "contrib"))]
    unreachable.extend([
        "type-mismatch",
        "session-expired",
        "malformed-session-expiry",
        "pickled-payload",
    ]);
    let mut placed: Vec<&str> = reached.iter().map(|r| r.0).collect();
    placed.dedup(); // a kind may be reached more than one way, listed together
    placed.extend(&unreachable);
    placed.sort_unstable();
    let mut all = djsign::Error::SLUGS.to_vec();
    all.sort_unstable();
    assert_eq!(placed, all);
}

/// The kinds only `djsign session` reaches, on sessions Django made
/// (`tests/data/django_contrib.json`; `tests/contrib.rs` checks them all).
#[cfg(feature = "contrib")]
fn session_kinds() -> Vec<(&'static str, i32, Run)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/django_contrib.json");
    let contrib: J = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let decode = |name: &str, after: i64, extra: &[&str]| {
        let sess = contrib["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == name)
            .unwrap();
        let env = [("K".to_owned(), OsString::from(s(&sess["sign_key"]["str"])))];
        let now = (sess["timestamp"].as_i64().unwrap() + after).to_string();
        let args = ["session", "decode", "--key-env", "K", "--now", &now];
        djsign(
            &[&args[..], extra, &["--", s(&sess["cookie"])]].concat(),
            &env,
            b"",
        )
    };
    let env = [("K".to_owned(), OsString::from("k"))];
    vec![
        // set_expiry(300), read at +301 (the default policy is strict).
        ("session-expired", 1, decode("expiry-300", 301, &[])),
        (
            "malformed-session-expiry",
            1,
            decode("expiry-garbage", 1, &[]),
        ),
        // A Django 4.2 PickleSerializer session, read as Django 4.2.
        (
            "pickled-payload",
            1,
            decode("django42-0-PickleSerializer", 60, &["--django", "4.2"]),
        ),
        // A signed payload that is not an object, and JSON that is not one to encode.
        ("type-mismatch", 1, decode("not-a-dict", 1, &[])),
        (
            "type-mismatch",
            1,
            djsign(&["session", "encode", "--key-env", "K"], &env, b"[1]"),
        ),
    ]
}
