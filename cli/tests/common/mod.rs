//! The harness the integration tests share: run the built `djsign`, check its outcome, give
//! it keys the ways a user can.
// Each test crate uses part of it.
#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value as J;

pub struct Run {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

/// Runs `djsign args...` with exactly `envs` as its environment and `stdin` as its input, in
/// the workspace root.
pub fn djsign<A: AsRef<OsStr>>(args: &[A], envs: &[(String, OsString)], stdin: &[u8]) -> Run {
    djsign_in(&workspace_root(), args, envs, stdin)
}

/// As [`djsign`], in the directory `cwd`.
pub fn djsign_in<A: AsRef<OsStr>>(
    cwd: &Path,
    args: &[A],
    envs: &[(String, OsString)],
    stdin: &[u8],
) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_djsign"))
        .args(args)
        .env_clear()
        .envs(envs.iter().map(|(k, v)| (k, v)))
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // A command may exit before reading stdin (usage errors): ignore a broken pipe.
    let _ = input.write_all(stdin);
    drop(input);
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().unwrap();
    Run {
        code: status.code().expect("exited, not killed by a signal"),
        stdout,
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
    }
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

impl Run {
    pub fn stdout_str(&self) -> &str {
        std::str::from_utf8(&self.stdout).unwrap()
    }

    #[track_caller]
    pub fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "stderr: {}", self.stderr);
        assert_eq!(self.stderr, "");
        self
    }

    /// A failure: the exit code, nothing on stdout, and one line on stderr whose first word
    /// (before the colon) is `kind`.
    #[track_caller]
    pub fn fails(&self, code: i32, kind: &str) -> &Self {
        assert_eq!(
            (self.code, self.stderr.split(':').next().unwrap()),
            (code, kind),
            "stderr: {:?}",
            self.stderr
        );
        assert!(self.stdout.is_empty(), "stdout: {:?}", self.stdout_str());
        assert!(
            self.stderr.ends_with('\n') && self.stderr.lines().count() == 1,
            "not one line: {:?}",
            self.stderr
        );
        assert!(
            self.stderr.len() > kind.len() + 3,
            "no sentence: {:?}",
            self.stderr
        );
        assert!(!self.stderr.contains("panicked") && !self.stderr.contains("backtrace"));
        self
    }
}

pub fn s(v: &J) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

/// A fresh scratch file holding `bytes`.
pub fn temp_file(bytes: &[u8]) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("djsign-cli-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let n = N.fetch_add(1, Ordering::Relaxed);
    let path = dir.join(format!("{}-{n}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

pub fn hex(h: &str) -> Vec<u8> {
    (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
        .collect()
}

/// Command-line options and environment for one key.
///
/// `how` rotates through the ways a key can be given: str keys by environment variable or by
/// file (with and without a trailing newline), bytes keys by file only.
pub struct KeyArgs {
    pub args: Vec<OsString>,
    pub envs: Vec<(String, OsString)>,
}

impl KeyArgs {
    pub fn new() -> Self {
        Self {
            args: Vec::new(),
            envs: Vec::new(),
        }
    }

    pub fn add(&mut self, spec: &J, fallback: bool, how: usize) {
        let n = self.envs.len() + self.args.len();
        let (env_opt, file_opt) = if fallback {
            ("--fallback-key-env", "--fallback-key-file")
        } else {
            ("--key-env", "--key-file")
        };
        let bytes = match (spec.get("str"), spec.get("hex")) {
            (Some(text), _) => {
                if how.is_multiple_of(3) {
                    let name = format!("DJSIGN_TEST_KEY_{n}");
                    self.envs.push((name.clone(), s(text).into()));
                    self.args.extend([env_opt.into(), name.into()]);
                    return;
                }
                s(text).as_bytes().to_vec()
            }
            (None, Some(h)) => hex(s(h)),
            _ => panic!("bad key {spec}"),
        };
        // One trailing newline is stripped from key files, so a key that itself ends with one
        // always needs another; other keys are written both ways.
        let mut content = bytes.clone();
        if bytes.ends_with(b"\n") || how % 3 == 1 {
            content.push(b'\n');
        }
        self.args
            .extend([file_opt.into(), temp_file(&content).into_os_string()]);
    }
}

/// The Unix timestamp `djsign inspect` reports for `token` (its `UNVERIFIED timestamp:` line).
pub fn inspected_timestamp(token: &str) -> u64 {
    let shown = djsign(&["inspect", "--", token], &[], b"");
    shown
        .ok()
        .stdout_str()
        .lines()
        .find_map(|l| l.strip_prefix("UNVERIFIED timestamp: "))
        .and_then(|rest| rest.split(' ').next())
        .unwrap()
        .parse()
        .unwrap()
}
