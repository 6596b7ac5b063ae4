//! zlib for `sign_object(..., compress=True)` (Django: `zlib.compress` / `zlib.decompress`).
//!
//! Compressing must give CPython's bytes, and only C zlib does: with the same level (6),
//! window (15) and memory level (8), and the whole input in one `Z_FINISH` call, as
//! `zlib.compress` makes it. That needs std and a C compiler, so it sits behind the `zlib`
//! feature (flate2 over libz-sys's bundled zlib).
//!
//! Decompressing only has to accept what CPython accepts, so it uses the pure-Rust
//! `miniz_oxide`, which works without std, with a hard bound on the output size.

use alloc::vec::Vec;

use crate::Error;

/// `zlib.compress(data)` as CPython 3.11 does it.
#[cfg(feature = "zlib")]
pub(crate) fn compress(data: &[u8]) -> Result<Vec<u8>, Error> {
    use flate2::{Compress, Compression, FlushCompress, Status};

    let mut z = Compress::new(Compression::new(6), true);
    // zlib's compressBound: with this much room one Z_FINISH call always completes.
    let bound = data
        .len()
        .saturating_add(data.len() >> 12)
        .saturating_add(data.len() >> 14)
        .saturating_add(data.len() >> 25)
        .saturating_add(13);
    let mut out = Vec::with_capacity(bound);
    match z.compress_vec(data, &mut out, FlushCompress::Finish) {
        Ok(Status::StreamEnd) => Ok(out),
        _ => Err(Error::Unserializable {
            message: "zlib could not compress the payload".into(),
        }),
    }
}

/// Without the `zlib` feature nothing can produce CPython's exact bytes: refuse.
#[cfg(not(feature = "zlib"))]
pub(crate) fn compress(_data: &[u8]) -> Result<Vec<u8>, Error> {
    Err(Error::CompressionUnavailable)
}

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
    #[cfg(feature = "zlib")]
    fn limit_is_enforced_at_the_exact_size() {
        let data = alloc::vec![b'a'; 100_000];
        let packed = compress(&data).unwrap();
        assert!(packed.len() < 200, "{}", packed.len());
        assert_eq!(
            decompress(&packed, 99_999),
            Err(Error::DecompressedTooLarge { limit: 99_999 })
        );
        assert_eq!(decompress(&packed, 100_000), Ok(data));
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
