//! zlib for `sign_object(..., compress=True)` (Django: `zlib.compress` / `zlib.decompress`).
//!
//! Compressing must give CPython's bytes, which no general-purpose deflate does: [`compress`]
//! is zlib's own level-6 compressor (`deflate_slow` and `trees.c`) reproduced decision by
//! decision in safe Rust, without std, with tables sized by the input (module `deflate`).
//!
//! Decompressing has to accept and refuse exactly what CPython's `zlib.decompress` does, with
//! a hard bound on the output size: [`decompress`] is a small whole-buffer inflater in safe
//! Rust, without std, with its tables on the stack and one output allocation sized by the
//! input (issue 9: it replaced `miniz_oxide`, whose per-call state setup was most of a
//! session's `loads`). The reference model (reference/) inflates with C zlib, CPython's own,
//! and the differential tests and fuzz targets hold this one to it.
//!
//! ```
//! // zlib.compress(b"a" * 100) on CPython: the same bytes.
//! let packed = djsign::zlib::compress(&[b'a'; 100]);
//! assert_eq!(packed, [0x78, 0x9c, 0x4b, 0x4c, 0xa4, 0x3d, 0x00, 0x00, 0x7a, 0x47, 0x25, 0xe5]);
//! // zlib.decompress, with a limit on the output.
//! assert_eq!(djsign::zlib::decompress(&packed, 100)?, [b'a'; 100]);
//! assert_eq!(
//!     djsign::zlib::decompress(&packed, 99).unwrap_err().slug(),
//!     "decompressed-too-large"
//! );
//! # Ok::<(), djsign::Error>(())
//! ```

use alloc::vec::Vec;

use crate::Error;

mod deflate;
mod inflate;

pub use deflate::compress;

/// `zlib.decompress(data)`, refusing to produce more than `limit` bytes.
///
/// Like CPython, bytes after the end of the zlib stream are ignored and the Adler-32
/// checksum is verified.
///
/// The output stops with [`Error::DecompressedTooLarge`] as soon as it would exceed `limit`,
/// whatever the rest of the stream holds (SPEC.md 6.3).
///
/// # Errors
/// [`Error::MalformedZlib`] where CPython raises `zlib.error` (with at most `limit` bytes
/// produced), [`Error::DecompressedTooLarge`].
pub fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, Error> {
    inflate::decompress(data, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_is_enforced_at_the_exact_size() {
        // (smaller under Miri, which runs ~1000x slower)
        let n = if cfg!(miri) { 5_000 } else { 100_000 };
        let data = alloc::vec![b'a'; n];
        let packed = compress(&data);
        assert!(packed.len() < 200, "{}", packed.len());
        assert_eq!(
            decompress(&packed, n - 1),
            Err(Error::DecompressedTooLarge { limit: n - 1 })
        );
        assert_eq!(decompress(&packed, n), Ok(data));
    }

    #[test]
    fn garbage_is_malformed() {
        assert_eq!(decompress(b"", 10), Err(Error::MalformedZlib));
        assert_eq!(
            decompress(b"not zlib at all", 10),
            Err(Error::MalformedZlib)
        );
    }
}
