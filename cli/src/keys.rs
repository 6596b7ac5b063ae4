//! Keys from the environment or from files, never from the command line.
//!
//! Every copy the CLI makes lives in a `Zeroizing<Vec<u8>>`, wiped when dropped, right after
//! the signer is built (the signer keeps only derived HMAC states, which the library wipes).
//! What the CLI cannot wipe: the process environment itself (the variable stays set for the
//! life of the process; removing it would need `unsafe` in edition 2024) and the kernel's
//! page cache of a key file.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::fail::{EXIT_USAGE, Failure, KEY_UNAVAILABLE, MISSING_KEY};
use crate::input::strip_line_end;

/// Where a key comes from.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// `--key-env NAME`: the variable's value, a `str` key (must be UTF-8).
    Env(OsString),
    /// `--key-file PATH`: the file's bytes, a `bytes` key, minus one trailing line ending.
    File(PathBuf),
}

/// The key and the fallback keys, in order.
pub struct Keys {
    /// The signing key (Django: `SECRET_KEY` or `key=`).
    pub key: Zeroizing<Vec<u8>>,
    /// Fallback keys, tried in order (Django: `SECRET_KEY_FALLBACKS` or `fallback_keys=`).
    pub fallbacks: Vec<Zeroizing<Vec<u8>>>,
}

impl Keys {
    /// Reads every key. `key` is `None` when neither `--key-env` nor `--key-file` was given.
    pub fn read(key: Option<&KeySource>, fallbacks: &[KeySource]) -> Result<Self, Failure> {
        let key = key.ok_or_else(|| {
            Failure::new(
                MISSING_KEY,
                EXIT_USAGE,
                "a key is needed: pass --key-env NAME or --key-file PATH (never the key itself)",
            )
        })?;
        Ok(Self {
            key: read(key, "key")?,
            fallbacks: fallbacks
                .iter()
                .map(|s| read(s, "fallback key"))
                .collect::<Result<_, _>>()?,
        })
    }
}

fn read(source: &KeySource, what: &str) -> Result<Zeroizing<Vec<u8>>, Failure> {
    match source {
        KeySource::Env(name) => from_env(name, what),
        KeySource::File(path) => from_file(path, what),
    }
}

fn from_env(name: &OsStr, what: &str) -> Result<Zeroizing<Vec<u8>>, Failure> {
    let shown = name.to_string_lossy();
    let bytes = name.as_encoded_bytes();
    if bytes.is_empty() || bytes.contains(&b'=') || bytes.contains(&0) {
        return Err(Failure::usage(format!(
            "{shown:?} is not a usable environment variable name for the {what}"
        )));
    }
    let value = std::env::var_os(name).ok_or_else(|| {
        Failure::new(
            KEY_UNAVAILABLE,
            EXIT_USAGE,
            format!("the environment variable {shown} for the {what} is not set"),
        )
    })?;
    let value = Zeroizing::new(value.into_encoded_bytes());
    if std::str::from_utf8(&value).is_err() {
        return Err(Failure::new(
            KEY_UNAVAILABLE,
            EXIT_USAGE,
            format!(
                "the environment variable {shown} for the {what} is not UTF-8; \
                 a key that is not text must come from --key-file"
            ),
        ));
    }
    Ok(value)
}

/// The most bytes a key file may hold (and the most read from one): far more than any
/// `SECRET_KEY` (Django's are 50 characters), little enough that `--key-file /dev/zero` or a
/// wrong path to a large file costs nothing.
pub const KEY_FILE_MAX: usize = 64 * 1024;

fn from_file(path: &Path, what: &str) -> Result<Zeroizing<Vec<u8>>, Failure> {
    let option = if what == "key" {
        "--key-file"
    } else {
        "--fallback-key-file"
    };
    let unreadable = |e: std::io::Error| {
        // A path that names no file may be a key typed where its file's path belongs: it is
        // not repeated, so that it lands in no terminal log or CI output. A file that exists
        // but cannot be read is named.
        let message = if e.kind() == std::io::ErrorKind::NotFound {
            format!(
                "no file at the path given to {option} (not repeated here, in case it is the \
                 key itself: {option} takes the path of a file holding the {what})"
            )
        } else {
            format!("cannot read the {what} file {}: {e}", path.display())
        };
        Failure::new(KEY_UNAVAILABLE, EXIT_USAGE, message)
    };
    let file = File::open(path).map_err(unreadable)?;
    // Room for the largest key file and one byte more, up front: reading never reallocates,
    // so it leaves no unwiped copy behind, and never reads past the limit.
    let mut buf = Zeroizing::new(Vec::with_capacity(KEY_FILE_MAX.saturating_add(1)));
    let cap = u64::try_from(KEY_FILE_MAX)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    file.take(cap).read_to_end(&mut buf).map_err(unreadable)?;
    if buf.len() > KEY_FILE_MAX {
        return Err(Failure::new(
            KEY_UNAVAILABLE,
            EXIT_USAGE,
            format!(
                "the {what} file {} holds more than {KEY_FILE_MAX} bytes: not a key",
                path.display()
            ),
        ));
    }
    let keep = strip_line_end(&buf).len();
    buf.truncate(keep);
    Ok(buf)
}
