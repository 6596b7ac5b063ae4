//! What a new user trips over first (issue 15): each message names what went wrong and what to
//! do instead, without repeating a key. The session cookie is the shipped one
//! (`examples/django-session`, made by Django 5.2.19, signed at 2026-01-01T00:00:00Z).

mod common;

use common::{Run, djsign, workspace_root};

const KEY_FILE: &str = "examples/django-session/secret_key.txt";
const SESSION_SALT: &str = "django.contrib.sessions.backends.signed_cookies";

fn cookie() -> String {
    let text = std::fs::read_to_string(workspace_root().join("examples/django-session/cookie.txt"))
        .unwrap();
    text.trim_end().to_owned()
}

fn run(args: &[&str]) -> Run {
    djsign(args, &[], b"")
}

/// clap lists missing arguments on the lines after its first; the one line must keep them.
#[cfg(feature = "contrib")]
#[test]
fn a_missing_required_argument_is_named() {
    let out = run(&["cookie", "get", "--key-file", KEY_FILE, "--", "v"]);
    out.fails(2, "usage");
    assert!(out.stderr.contains("--name <NAME>"), "{}", out.stderr);
}

#[test]
fn a_key_on_the_command_line_points_to_key_env_and_key_file() {
    let token = cookie();
    for args in [
        vec!["verify", "--key", "s3cr3t-value", &token],
        vec!["verify", "--key=s3cr3t-value", &token],
    ] {
        let out = run(&args);
        out.fails(2, "usage");
        assert!(
            out.stderr.contains("--key-env") && out.stderr.contains("--key-file"),
            "{}",
            out.stderr
        );
        assert!(!out.stderr.contains("s3cr3t-value"), "{}", out.stderr);
    }
}

/// A key passed where the key file's path belongs is not echoed (terminal logs, CI output).
#[test]
fn a_key_given_as_key_file_is_not_echoed() {
    let token = cookie();
    let key = "django-insecure-9x!k2@not-a-path";
    for option in ["--key-file", "--fallback-key-file"] {
        let mut args = vec!["verify"];
        if option == "--fallback-key-file" {
            args.extend(["--key-file", KEY_FILE]);
        }
        args.extend([option, key, token.as_str()]);
        let out = run(&args);
        out.fails(2, "key-unavailable");
        assert!(!out.stderr.contains("insecure"), "{}", out.stderr);
        assert!(out.stderr.contains(option), "{}", out.stderr);
    }
    // A file that exists but cannot be read as a key (a directory) is still named.
    let out = run(&["verify", "--key-file", "examples", &token]);
    out.fails(2, "key-unavailable");
    assert!(out.stderr.contains("examples"), "{}", out.stderr);
}

/// `expired:` says when the token was signed, as a date, beside the raw seconds.
#[test]
fn an_expiry_shows_the_signing_date() {
    let token = cookie();
    let out = run(&[
        "verify",
        "--key-file",
        KEY_FILE,
        "--salt",
        SESSION_SALT,
        "--max-age",
        "60",
        "--now",
        "1767229200",
        &token,
    ]);
    out.fails(1, "expired");
    assert!(
        out.stderr
            .contains("signed at 2026-01-01T00:00:00Z, 1 h ago"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_name_value_pair_from_the_browser_gets_a_hint() {
    let pasted = format!("sessionid={}", cookie());
    let out = run(&[
        "verify",
        "--key-file",
        KEY_FILE,
        "--salt",
        SESSION_SALT,
        &pasted,
    ]);
    out.fails(1, "bad-signature");
    assert!(out.stderr.contains("sessionid=VALUE"), "{}", out.stderr);
    assert!(!out.stderr.contains(&cookie()[..20]), "{}", out.stderr);
    // A plain forgery gets no such hint.
    let forged = format!("{}A", cookie());
    let out = run(&[
        "verify",
        "--key-file",
        KEY_FILE,
        "--salt",
        SESSION_SALT,
        &forged,
    ]);
    out.fails(1, "bad-signature");
    assert!(!out.stderr.contains("looks like"), "{}", out.stderr);
}

#[cfg(feature = "contrib")]
#[test]
fn a_name_value_pair_gets_a_hint_in_session_decode_and_cookie_get() {
    let pasted = format!("sessionid={}", cookie());
    let out = run(&[
        "session",
        "decode",
        "--key-file",
        KEY_FILE,
        "--now",
        "1767229200",
        &pasted,
    ]);
    out.fails(1, "bad-signature");
    assert!(out.stderr.contains("sessionid=VALUE"), "{}", out.stderr);
    let out = run(&[
        "cookie",
        "get",
        "--name",
        "prefs",
        "--key-file",
        KEY_FILE,
        "prefs=x:y:z",
    ]);
    out.fails(1, "bad-signature");
    assert!(out.stderr.contains("prefs=VALUE"), "{}", out.stderr);
}

/// `verify` with the default salt on a session cookie: the signature is Django's, the salt is
/// not the one it was made with.
#[test]
fn a_session_cookie_verified_with_the_default_salt_gets_a_hint() {
    let token = cookie();
    let out = run(&[
        "verify",
        "--key-file",
        KEY_FILE,
        "--now",
        "1767229200",
        &token,
    ]);
    out.fails(1, "bad-signature");
    assert!(out.stderr.contains(SESSION_SALT), "{}", out.stderr);
    if cfg!(feature = "contrib") {
        assert!(out.stderr.contains("session decode"), "{}", out.stderr);
    }
    // Under another key it is just a bad signature.
    let env = [("K".to_owned(), "another-key".into())];
    let out = djsign(&["verify", "--key-env", "K", &token], &env, b"");
    out.fails(1, "bad-signature");
    assert!(!out.stderr.contains(SESSION_SALT), "{}", out.stderr);
}

#[cfg(feature = "contrib")]
#[test]
fn a_negative_cookie_age_is_refused() {
    let token = cookie();
    let out = run(&[
        "session",
        "decode",
        "--key-file",
        KEY_FILE,
        "--cookie-age",
        "-5",
        &token,
    ]);
    out.fails(2, "usage");
    assert!(out.stderr.contains("--cookie-age"), "{}", out.stderr);
    // 0 is a number of seconds Django takes: the cookie, an hour old, is then expired.
    run(&[
        "session",
        "decode",
        "--key-file",
        KEY_FILE,
        "--cookie-age",
        "0",
        "--now",
        "1767229200",
        &token,
    ])
    .fails(1, "expired");
}

/// cli/README.md states the summary line `vectors check` prints for the published vectors.
#[cfg(feature = "contrib")]
#[test]
fn the_readme_states_the_vector_count_vectors_check_prints() {
    let out = run(&["vectors", "check", "vectors"]);
    out.ok();
    let line = out.stdout_str().lines().last().unwrap().to_owned();
    let readme = std::fs::read_to_string(workspace_root().join("cli/README.md")).unwrap();
    assert!(
        readme.contains(&format!("`{line}`")),
        "cli/README.md does not state `{line}`"
    );
}
