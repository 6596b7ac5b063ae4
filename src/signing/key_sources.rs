//! `SECRET_KEY` and `SECRET_KEY_FALLBACKS` from the environment or from files (`std` only).
//!
//! A Django `settings.py` usually reads `os.environ["DJANGO_SECRET_KEY"]` (a `str` key, used
//! verbatim) or a file that editors and `echo` end with a newline, which the Django side strips
//! (`open(path).read().strip()`); the fallbacks are a list, kept in the environment as a
//! comma-separated value (django-environ's `env.list`) or in a file one per line. Keys
//! Django generates (`get_random_secret_key`) never hold a comma, a space or a newline, so
//! these separators cannot split one.
//!
//! Every buffer that holds key bytes is wiped when dropped; errors name the variable or the
//! file, never the content.

use alloc::borrow::ToOwned;
use alloc::format;
use alloc::vec::Vec;
use std::io::{Error as IoError, ErrorKind, Read};
use std::path::Path;
use zeroize::Zeroizing;

use crate::signing::key::SecretKey;

fn invalid(what: &str) -> IoError {
    IoError::new(ErrorKind::InvalidData, what.to_owned())
}

fn env_bytes(name: &str) -> Result<Option<Zeroizing<Vec<u8>>>, IoError> {
    match std::env::var_os(name) {
        None => Ok(None),
        Some(v) => {
            let bytes = Zeroizing::new(v.into_encoded_bytes());
            if core::str::from_utf8(&bytes).is_err() {
                return Err(invalid(&format!(
                    "the environment variable {name} is not UTF-8"
                )));
            }
            Ok(Some(bytes))
        }
    }
}

fn file_bytes(path: &Path) -> Result<Zeroizing<Vec<u8>>, IoError> {
    let mut file = std::fs::File::open(path)?;
    // Room for the whole file up front, so reading does not reallocate and leave an unwiped
    // copy behind.
    let size = file
        .metadata()
        .ok()
        .and_then(|m| usize::try_from(m.len()).ok())
        .unwrap_or(0);
    let mut buf = Zeroizing::new(Vec::with_capacity(size.saturating_add(64)));
    file.read_to_end(&mut buf)?;
    Ok(buf)
}

/// The line without one trailing `\n` or `\r\n`.
fn strip_line_end(bytes: &[u8]) -> &[u8] {
    bytes
        .strip_suffix(b"\r\n")
        .or_else(|| bytes.strip_suffix(b"\n"))
        .unwrap_or(bytes)
}

impl SecretKey {
    /// The key in environment variable `name`, as its UTF-8 bytes (a `str` key, verbatim).
    ///
    /// # Errors
    /// [`ErrorKind::NotFound`] when unset; [`ErrorKind::InvalidData`] when not UTF-8 or empty.
    pub fn from_env(name: &str) -> Result<Self, IoError> {
        let bytes = env_bytes(name)?.ok_or_else(|| {
            IoError::new(
                ErrorKind::NotFound,
                format!("the environment variable {name} is not set"),
            )
        })?;
        Self::from_bytes(&bytes)
            .map_err(|_| invalid(&format!("the environment variable {name} is empty")))
    }

    /// The key in file `path`: its bytes without one trailing line ending (`\n` or `\r\n`).
    ///
    /// # Errors
    /// The file's I/O error; [`ErrorKind::InvalidData`] when the key is empty.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, IoError> {
        let bytes = file_bytes(path.as_ref())?;
        Self::from_bytes(strip_line_end(&bytes)).map_err(|_| {
            invalid(&format!(
                "the key file {} is empty",
                path.as_ref().display()
            ))
        })
    }

    /// `SECRET_KEY_FALLBACKS` from environment variable `name`: comma-separated, empty items
    /// skipped; an unset variable is no fallbacks (Django's default `[]`).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidData`] when the value is not UTF-8.
    pub fn list_from_env(name: &str) -> Result<Vec<Self>, IoError> {
        let Some(bytes) = env_bytes(name)? else {
            return Ok(Vec::new());
        };
        Ok(bytes
            .split(|&b| b == b',')
            .filter_map(|k| Self::from_bytes(k).ok())
            .collect())
    }

    /// `SECRET_KEY_FALLBACKS` from file `path`: one key per line (`\n` or `\r\n`), blank lines
    /// skipped.
    ///
    /// # Errors
    /// The file's I/O error.
    pub fn list_from_file(path: impl AsRef<Path>) -> Result<Vec<Self>, IoError> {
        let bytes = file_bytes(path.as_ref())?;
        Ok(bytes
            .split(|&b| b == b'\n')
            .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
            .filter_map(|k| Self::from_bytes(k).ok())
            .collect())
    }
}
