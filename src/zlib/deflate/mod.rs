//! CPython's `zlib.compress(data)` in safe Rust: zlib 1.2.13 and 1.3.x byte for byte.
//!
//! Django compresses with `zlib.compress(data)`: level 6 (`Z_DEFAULT_COMPRESSION`),
//! `wbits` 15, memory level 8, `Z_DEFAULT_STRATEGY`, and the whole input in one `deflate()`
//! call with `Z_FINISH` (CPython hands zlib the whole buffer when it is under 4 GiB, and how
//! zlib's output buffer is sized never changes the bytes). Other deflate implementations
//! choose other matches and blocks, so this one follows zlib's decisions one by one:
//!
//! - [`lazy`]: `deflate_slow` with level 6's `good 8, lazy 16, nice 128, chain 128`, lazy
//!   evaluation, `TOO_FAR` 4096, the 16383-symbol block limit, and `fill_window`'s timing
//!   (lookahead, 32 KiB window slides, blocks that can no longer be stored);
//! - [`matcher`]: zlib's 15-bit hash of three bytes, its chains newest first, `MAX_DIST`
//!   (32506) and the window-index-0 rule, `longest_match` with its chain and nice limits;
//! - [`trees`]: `trees.c`: Huffman trees with zlib's heap order and depth tie-breaks, the
//!   length-overflow repair, the code-length tree, and the stored/fixed/dynamic choice;
//! - [`bits`], [`adler32`], [`tables`]: the bit packing, the checksum, the format's tables.
//!
//! # zlib versions
//!
//! CPython here links the system zlib 1.2.13; the C oracle in the tests is libz-sys's
//! bundled 1.3.2. For this configuration their compressors are the same: between the two,
//! `deflate.c` and `trees.c` changed declarations (ANSI prototypes), `deflateInit2` now
//! zeroes its state (only fields that are written before use), a `slid` flag serves only
//! `deflateCopy`, `bi_used` only `deflateUsed`, and the optional `LIT_MEM` layout (off by
//! default) keeps the same `sym_end` of 16383 symbols. `audits/deflate.md` has the diff and
//! the differential runs against both.
//!
//! # Cost
//!
//! zlib allocates and clears its tables whatever the input (64 KiB window, 64 KiB `prev`,
//! 64 KiB `head`, 64 KiB pending buffer). Here the input is not copied, and every table is
//! sized by it: the chains take 2 bytes per position (at most 32768 positions), one 2-byte
//! bucket per input byte (rounded up to a power of two; from 16 KiB on, zlib's flat table of
//! 32768 slots instead) and one 8-byte node per distinct hash;
//! the symbol buffer `min(n, 16383)` 4-byte entries and the output about `n` bytes; the
//! trees are ~6 KiB on the stack. A 200-byte session allocates about 3.5 KiB in all and
//! clears no 64 KiB table. Work is bounded as zlib's is (at most 128 chain steps of at most
//! 258 compared bytes per search, per input byte) plus at most 2^16 bucket steps over the
//! whole input (see `matcher`).

// Positions are input offsets (< isize::MAX), lengths at most 258, frequencies at most
// 16384 and bit counts far below u64::MAX; where zlib relies on unsigned wraparound
// (`opt_len`, `static_len`) the code says `wrapping_*`. The fuzz target runs with
// overflow checks on.
#![allow(clippy::arithmetic_side_effects)]

mod adler32;
mod bits;
mod lazy;
mod matcher;
mod tables;
mod trees;

pub(super) use adler32::adler32;
// The fixed code's lengths, which the inflater builds its fixed tables from too.
pub(super) use tables::{STATIC_DIST_LEN, static_lit_len};

use alloc::vec::Vec;

/// The zlib stream header zlib writes for level 6, `wbits` 15: deflate, 32 KiB window,
/// `FLEVEL` 2 (default), no dictionary, check bits making it a multiple of 31.
const HEADER: [u8; 2] = [0x78, 0x9c];

/// `zlib.compress(data)` as CPython does it (zlib level 6, `wbits` 15, memory level 8,
/// default strategy): the same bytes as zlib 1.2.13 and 1.3.x.
#[must_use]
pub fn compress(data: &[u8]) -> Vec<u8> {
    // zlib's compressBound for these settings: with this much room the output never grows.
    let bound = data
        .len()
        .saturating_add(data.len() >> 12)
        .saturating_add(data.len() >> 14)
        .saturating_add(data.len() >> 25)
        .saturating_add(13);
    let mut out = Vec::with_capacity(bound);
    out.extend_from_slice(&HEADER);
    let mut out = lazy::deflate(data, bits::BitWriter::new(out)).into_inner();
    out.extend_from_slice(&adler32::adler32(data).to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::compress;

    /// Streams CPython 3.11 / zlib 1.2.13 printed (`zlib.compress(x).hex()`); the captures
    /// in tests/data and the oracle crate cover the rest.
    #[test]
    fn small_known_streams() {
        let cases: [(&[u8], &str); 4] = [
            (b"", "789c030000000001"),
            (b"a", "789c4b040000620062"),
            (
                b"hello hello hello hello",
                "789ccb48cdc9c957c8402701680308b1",
            ),
            (b"{\"a\":1}", "789cab564a54b232ac0500082a0209"),
        ];
        for (input, want) in cases {
            let got: alloc::string::String = compress(input)
                .iter()
                .map(|b| alloc::format!("{b:02x}"))
                .collect();
            assert_eq!(got, want, "{input:?}");
        }
    }
}
