//! C zlib as the oracle for `djsign::zlib::compress`.
//!
//! - [`c_compress`]: libz-sys's bundled C zlib, as CPython's `zlib.compress(data)` calls it;
//! - [`payloads`]: the deterministic generator of the 10,000 JSON payloads (1 byte to 1 MiB)
//!   of `audits/deflate.md`, shared by the `payloads` binary, the tests and CPython's run;
//! - [`fuzz_data`]: how the `deflate` fuzz target turns its input into the bytes compressed,
//!   so that `cargo test` replays the committed corpus exactly as the fuzzer ran it.

use flate2::{Compress, Compression, FlushCompress, Status};

pub mod payloads;

/// zlib's `compressBound` for level 6 and `wbits` 15.
fn bound(n: usize) -> usize {
    n + (n >> 12) + (n >> 14) + (n >> 25) + 13
}

/// `zlib.compress(data)` with C zlib: a fresh stream, level 6, `wbits` 15, memory level 8,
/// default strategy, one `Z_FINISH` into a buffer that always suffices.
///
/// # Panics
/// If zlib does not finish in one call (it always does with `compressBound` bytes).
#[must_use]
pub fn c_compress(data: &[u8]) -> Vec<u8> {
    let mut z = Compress::new(Compression::new(6), true);
    c_compress_with(&mut z, data)
}

/// [`c_compress`] on an existing stream, reset first (zlib `deflateReset`).
///
/// # Panics
/// As [`c_compress`].
pub fn c_compress_with(z: &mut Compress, data: &[u8]) -> Vec<u8> {
    z.reset();
    let mut out = Vec::with_capacity(bound(data.len()));
    let status = z.compress_vec(data, &mut out, FlushCompress::Finish);
    assert!(matches!(status, Ok(Status::StreamEnd)), "{status:?}");
    out
}

/// The version of the C zlib linked in, e.g. `"1.3.2"`.
#[must_use]
pub fn c_zlib_version() -> String {
    // SAFETY: zlibVersion() takes no arguments and returns a pointer to a static,
    // NUL-terminated string.
    let v = unsafe { std::ffi::CStr::from_ptr(libz_sys::zlibVersion()) };
    v.to_string_lossy().into_owned()
}

/// Longest fuzz input compressed as it is (libFuzzer's default `-max_len`).
pub const RAW_MAX: usize = 4096;

/// The bytes the `deflate` fuzz target compresses for one fuzz input.
///
/// An input of at most [`RAW_MAX`] bytes is compressed as it is. A longer one is a seed:
/// its first byte picks a size of `16 KiB + (first & 0x0f) * 6 KiB + rest` bytes (20 KiB to
/// ~110 KiB) and the rest is repeated up to it, each byte replaced by a pseudo-random one
/// with a probability set by the seed's last byte. Long inputs reach what short ones cannot
/// (the 16383-symbol buffer filling, zlib's window sliding at 65274 bytes and again 32 KiB
/// later, blocks that can no longer be stored), and the mutation rate moves them between
/// long matches and incompressible data. The split by length lets one campaign run
/// `-max_len=4096` (arbitrary bytes only, thousands of runs a second) and another the seeds.
#[must_use]
pub fn fuzz_data(input: &[u8]) -> Vec<u8> {
    if input.len() <= RAW_MAX {
        return input.to_vec();
    }
    let Some((&mode, rest)) = input.split_first() else {
        return Vec::new();
    };
    let target = 16 * 1024 + usize::from(mode & 0x0f) * 6 * 1024 + rest.len();
    let rate = u32::from(*rest.last().unwrap_or(&0));
    let mut x: u32 = rest.iter().fold(0x811c_9dc5, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let mut out = Vec::with_capacity(target);
    while out.len() < target {
        for &b in rest {
            if out.len() == target {
                break;
            }
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            // mutate with probability rate/256
            let byte = if (x & 0xff) < rate { (x >> 8) as u8 } else { b };
            out.push(byte);
        }
    }
    out
}
