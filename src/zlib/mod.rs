//! zlib for `sign_object(..., compress=True)` (Django: `zlib.compress` / `zlib.decompress`).
//!
//! Compressing must give CPython's bytes, which no general-purpose deflate does: [`compress`]
//! is zlib's own level-6 compressor (`deflate_slow` and `trees.c`) reproduced decision by
//! decision in safe Rust, without std, with tables sized by the input (module `deflate`).
//!
//! Decompressing only has to accept what CPython accepts, so it uses the pure-Rust
//! `miniz_oxide`, which works without std, with a hard bound on the output size.
//!
//! ```
//! // zlib.compress(b"a" * 100) on CPython: the same bytes.
//! let packed = djsign::zlib::compress(&[b'a'; 100]);
//! assert_eq!(packed, [0x78, 0x9c, 0x4b, 0x4c, 0xa4, 0x3d, 0x00, 0x00, 0x7a, 0x47, 0x25, 0xe5]);
//! ```

use alloc::vec::Vec;

use crate::Error;

mod deflate;

pub use deflate::compress;

/// `zlib.decompress(data)`, refusing to produce more than `limit` bytes.
///
/// Like CPython, bytes after the end of the zlib stream are ignored and the Adler-32
/// checksum is verified.
pub(crate) fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, Error> {
    use miniz_oxide::inflate::{TINFLStatus, decompress_to_vec_zlib_with_limit};

    decompress_to_vec_zlib_with_limit(data, limit).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => Error::DecompressedTooLarge { limit },
        _ => Error::MalformedZlib,
    })
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
