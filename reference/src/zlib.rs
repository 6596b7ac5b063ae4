//! zlib as Django calls it: `zlib.compress(data)` and `zlib.decompress(data)`.

use flate2::{Compress, Compression, FlushCompress, Status};

use crate::Kind;

/// CPython 3.11's `zlib.compress(data)` (`Modules/zlibmodule.c`, `zlib_compress_impl`): one
/// stream at level 6 (`Z_DEFAULT_COMPRESSION`), window 15, memory level 8, the default
/// strategy; the whole input given at once and `deflate(Z_FINISH)` called until the stream
/// ends, the output buffer growing as needed. The zlib is C zlib itself (libz-sys, bundled).
#[must_use]
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut z = Compress::new(Compression::new(6), true);
    let mut out = Vec::with_capacity(64);
    loop {
        let consumed = usize::try_from(z.total_in()).unwrap();
        match z.compress_vec(&data[consumed..], &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => return out,
            Ok(_) => out.reserve(out.capacity().max(64)),
            Err(e) => panic!("zlib failed to compress: {e}"),
        }
    }
}

/// `zlib.decompress(data)`, refusing to produce more than `limit` bytes.
///
/// The inflater is `miniz_oxide`'s whole-buffer `decompress_to_vec_zlib_with_limit` (zlib
/// header, Adler-32 and the end of the stream checked; bytes after the end ignored, as
/// CPython does). The limit is stated as a property of the full inflation: a valid stream is
/// `decompressed-too-large` exactly when it inflates to more than `limit` bytes; a malformed
/// one is `malformed-zlib` when it fails before writing more than `limit` bytes, and either
/// error when it fails later ([`Kind::MalformedZlibPastLimit`]: SPEC.md leaves the order of
/// the two open, see audits/formal.md, finding F5). To see that without inflating a bomb,
/// inflation is allowed one byte more than the limit, and any output past `limit` is the answer.
///
/// # Errors
/// [`Kind::DecompressedTooLarge`], [`Kind::MalformedZlib`], [`Kind::MalformedZlibPastLimit`].
pub fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, Kind> {
    use miniz_oxide::inflate::{TINFLStatus, decompress_to_vec_zlib_with_limit};
    let too_large = Kind::DecompressedTooLarge { limit };
    match decompress_to_vec_zlib_with_limit(data, limit.saturating_add(1)) {
        Ok(out) if out.len() > limit => Err(too_large),
        Ok(out) => Ok(out),
        Err(e) if e.status == TINFLStatus::HasMoreOutput => Err(too_large),
        Err(e) if e.output.len() > limit => Err(Kind::MalformedZlibPastLimit { limit }),
        Err(_) => Err(Kind::MalformedZlib),
    }
}

/// `zlib.decompress(data)` through C zlib, without a limit: CPython's own inflater, used by the
/// tests to hold the model's inflater to it. `None` where CPython raises `zlib.error`.
#[must_use]
pub fn decompress_c_zlib(data: &[u8]) -> Option<Vec<u8>> {
    use flate2::{Decompress, FlushDecompress};
    let mut z = Decompress::new(true);
    let mut out = Vec::with_capacity(64);
    loop {
        let consumed = usize::try_from(z.total_in()).unwrap();
        let before = (z.total_in(), z.total_out());
        match z.decompress_vec(&data[consumed..], &mut out, FlushDecompress::None) {
            Ok(Status::StreamEnd) => return Some(out),
            // CPython: input used up without the end of the stream is an error
            // ("incomplete or truncated stream"), as is a stream that needs a dictionary.
            Ok(_) if (z.total_in(), z.total_out()) == before && out.len() < out.capacity() => {
                return None;
            }
            Ok(_) => {
                if out.len() == out.capacity() {
                    out.reserve(out.capacity());
                }
            }
            Err(_) => return None,
        }
    }
}
