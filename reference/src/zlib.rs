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
/// The inflater is C zlib itself (libz-sys, bundled), CPython's own: one stream (`wbits` 15),
/// the input given whole, the output taken in an output buffer that never lets the total
/// pass `limit + 1` bytes. The limit (SPEC.md 6.3, audits/formal.md finding F5, decided in
/// issue 9): the answer is `decompressed-too-large` as soon as the output exceeds `limit`
/// bytes, whatever follows in the stream (a later stream error or checksum mismatch is never
/// reached); `malformed-zlib` when zlib refuses the stream, or the input ends before the
/// stream does, with at most `limit` bytes written. Bytes after the end are ignored, as
/// CPython does.
///
/// # Errors
/// [`Kind::DecompressedTooLarge`], [`Kind::MalformedZlib`].
pub fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, Kind> {
    use flate2::{Decompress, FlushDecompress};
    let too_large = Kind::DecompressedTooLarge { limit };
    let cap = limit.saturating_add(1);
    let mut z = Decompress::new(true);
    let mut out = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let room = (cap - out.len()).min(buf.len());
        if room == 0 {
            return Err(too_large);
        }
        let consumed = usize::try_from(z.total_in()).unwrap();
        let before = z.total_out();
        let status = z.decompress(&data[consumed..], &mut buf[..room], FlushDecompress::None);
        let produced = usize::try_from(z.total_out() - before).unwrap();
        out.extend_from_slice(&buf[..produced]);
        if out.len() > limit {
            return Err(too_large);
        }
        match status {
            Ok(Status::StreamEnd) => return Ok(out),
            // The output buffer filled up: give it more room.
            Ok(_) if produced == room => {}
            // CPython: input used up without the end of the stream is an error
            // ("incomplete or truncated stream"); so is a stream that needs a dictionary.
            Ok(_) | Err(_) => return Err(Kind::MalformedZlib),
        }
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
