//! `djsign vectors check`: the shared checker `vectors/check.rs` (the same file `cargo test`
//! runs), with the CLI's output and exit codes.

use std::path::{Path, PathBuf};

use crate::args::VectorsCheckArgs;
use crate::check;
use crate::fail::{EXIT_REJECTED, EXIT_USAGE, Failure, VECTORS_FAILED, VECTORS_UNREADABLE};
use crate::input::write_stdout;

/// How many failures are listed before the summary.
const SHOWN_FAILURES: usize = 50;

/// The directory checked when none is given: `./vectors` if it exists (the usual case, run
/// from a checkout), else the `vectors/` of the source tree this binary was built from.
fn default_dir() -> Result<PathBuf, Failure> {
    let here = Path::new("vectors");
    if here.is_dir() {
        return Ok(here.to_path_buf());
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(|root| root.join("vectors"));
    match built {
        Some(dir) if dir.is_dir() => Ok(dir),
        _ => Err(Failure::new(
            VECTORS_UNREADABLE,
            EXIT_USAGE,
            "there is no ./vectors directory and the source tree djsign was built from is gone; \
             name the directory: djsign vectors check DIR",
        )),
    }
}

pub fn check(a: VectorsCheckArgs) -> Result<(), Failure> {
    let dir = match a.dir {
        Some(dir) => dir,
        None => default_dir()?,
    };
    let summary = check::check_dir(&dir, a.django)
        .map_err(|e| Failure::new(VECTORS_UNREADABLE, EXIT_USAGE, e))?;
    let mut out = String::new();
    for f in summary.failures.iter().take(SHOWN_FAILURES) {
        out.push_str(f);
        out.push('\n');
    }
    let hidden = summary.failures.len().saturating_sub(SHOWN_FAILURES);
    if hidden > 0 {
        out.push_str(&format!("... and {hidden} more failures\n"));
    }
    out.push_str(&summary.line());
    out.push('\n');
    write_stdout(out.as_bytes())?;
    if summary.failures.is_empty() {
        Ok(())
    } else {
        Err(Failure::new(
            VECTORS_FAILED,
            EXIT_REJECTED,
            format!(
                "{} of {} vectors failed in {} (listed on standard output)",
                summary.failures.len(),
                summary.total,
                dir.display()
            ),
        ))
    }
}
