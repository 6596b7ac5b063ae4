//! zlib's `deflate_slow` (levels 4 to 9; level 6 here) with `fill_window`'s timing: lazy
//! match evaluation, the symbol buffer and when blocks end.
//!
//! The whole input is in memory, so nothing is copied into a window; zlib's window is
//! followed as three numbers instead, because it still decides bytes of the output:
//! - `window_start`, the input position at window index 0. zlib never matches the string
//!   at index 0 (its `NIL`), and an index moves when zlib slides its 64 KiB window by 32 KiB,
//!   which `fill_window` does only when called with `strstart >= 32768 + MAX_DIST`;
//! - `read_end`, how far zlib has read: the lookahead (`read_end - strstart`) caps match
//!   lengths and `nice_match` near the end of what is read, not of the input;
//! - a block whose start has slid out of the window can no longer be stored (zlib passes
//!   `buf = NULL` to `_tr_flush_block`).

use alloc::vec::Vec;

use super::bits::BitWriter;
use super::matcher::{At, Chains, MAX_DIST, MAX_LAZY, MIN_LOOKAHEAD, WSIZE};
use super::tables::MIN_MATCH;
use super::trees::{Sym, Trees};

/// zlib `lit_bufsize` for memory level 8: `1 << (8 + 6)` symbols...
const LIT_BUFSIZE: usize = 1 << 14;
/// ...of which a block holds one less (zlib `sym_end`, "to avoid 64K wraparound").
const SYM_END: usize = LIT_BUFSIZE - 1;
/// zlib `TOO_FAR`: a match of length 3 farther than this is not worth it.
const TOO_FAR: usize = 4096;
/// zlib's window: two halves of `WSIZE`.
const WINDOW_SIZE: usize = 2 * WSIZE;

/// The state of `deflate_slow` over one input.
struct Slow<'a> {
    data: &'a [u8],
    chains: Chains,
    trees: Trees,
    syms: Vec<Sym>,
    out: BitWriter,
    strstart: usize,
    read_end: usize,
    window_start: usize,
    block_start: usize,
    match_length: usize,
    match_start: usize,
    prev_length: usize,
    prev_match: usize,
    match_available: bool,
}

/// Deflates all of `data` as zlib level 6 does with one `Z_FINISH`, appending to `out`.
pub(super) fn deflate(data: &[u8], out: BitWriter) -> BitWriter {
    let mut s = Slow {
        data,
        chains: Chains::new(data.len()),
        trees: Trees::new(),
        syms: Vec::with_capacity(data.len().min(SYM_END)),
        out,
        strstart: 0,
        read_end: 0,
        window_start: 0,
        block_start: 0,
        match_length: MIN_MATCH - 1,
        match_start: 0,
        prev_length: MIN_MATCH - 1,
        prev_match: 0,
        match_available: false,
    };
    s.run();
    s.out
}

impl Slow<'_> {
    fn lookahead(&self) -> usize {
        self.read_end - self.strstart
    }

    /// zlib `fill_window`: slide if `strstart` is deep in the upper half, then read as much
    /// as fits. Only the positions are tracked; the bytes are already in `data`.
    fn fill_window(&mut self) {
        loop {
            if self.strstart - self.window_start >= WSIZE + MAX_DIST {
                // zlib: window, match_start, strstart and block_start move down by WSIZE
                // and the hash tables forget positions below the new window start.
                self.window_start += WSIZE;
            }
            if self.read_end == self.data.len() {
                break;
            }
            let more = WINDOW_SIZE - (self.read_end - self.window_start);
            self.read_end += more.min(self.data.len() - self.read_end);
            if self.lookahead() >= MIN_LOOKAHEAD || self.read_end == self.data.len() {
                break;
            }
        }
    }

    /// zlib `_tr_tally`; true when the block is full.
    fn tally(&mut self, sym: Sym) -> bool {
        self.trees.tally(sym);
        self.syms.push(sym);
        self.syms.len() == SYM_END
    }

    /// zlib `FLUSH_BLOCK_ONLY`: the block is the input from `block_start` to `strstart`.
    fn flush_block(&mut self, last: bool) {
        let stored = if self.block_start >= self.window_start {
            self.data.get(self.block_start..self.strstart)
        } else {
            None
        };
        self.trees.flush_block(
            &mut self.out,
            &self.syms,
            stored,
            self.strstart - self.block_start,
            last,
        );
        self.syms.clear();
        self.block_start = self.strstart;
    }

    fn run(&mut self) {
        loop {
            if self.lookahead() < MIN_LOOKAHEAD {
                self.fill_window();
                if self.lookahead() == 0 {
                    break;
                }
            }

            // zlib: insert the string at strstart; a head at window index 0 is NIL, and so
            // is every position the window has slid past.
            let mut hash_head = None;
            if self.lookahead() >= MIN_MATCH {
                hash_head = self
                    .chains
                    .insert(self.data, self.strstart)
                    .filter(|&q| q > self.window_start);
            }

            self.prev_length = self.match_length;
            self.prev_match = self.match_start;
            self.match_length = MIN_MATCH - 1;

            if let Some(head) = hash_head {
                // zlib: the head may be MAX_DIST away; later chain entries must be nearer.
                if self.prev_length < MAX_LAZY && self.strstart - head <= MAX_DIST {
                    let at = At {
                        pos: self.strstart,
                        lookahead: self.lookahead(),
                        window_start: self.window_start,
                        prev_length: self.prev_length,
                    };
                    self.match_length =
                        self.chains
                            .longest_match(self.data, at, head, &mut self.match_start);
                    // zlib: a 3-byte match more than TOO_FAR back costs more than literals.
                    // (When no better match was found match_start is stale, but then the
                    // previous match is emitted below whatever this decides.)
                    if self.match_length == MIN_MATCH
                        && self.strstart.wrapping_sub(self.match_start) > TOO_FAR
                    {
                        self.match_length = MIN_MATCH - 1;
                    }
                }
            }

            if self.prev_length >= MIN_MATCH && self.match_length <= self.prev_length {
                // The previous match is at least as good: emit it.
                let max_insert = self.read_end - MIN_MATCH;
                #[allow(clippy::cast_possible_truncation)] // distance <= MAX_DIST, lc <= 255
                let full = self.tally(Sym {
                    dist: (self.strstart - 1 - self.prev_match) as u16,
                    lc: (self.prev_length - MIN_MATCH) as u8,
                });
                // zlib: strstart - 1 and strstart are inserted already; insert the rest of
                // the match, except the last two positions of the input.
                for _ in 0..self.prev_length - 2 {
                    self.strstart += 1;
                    if self.strstart <= max_insert {
                        self.chains.insert(self.data, self.strstart);
                    }
                }
                self.match_available = false;
                self.match_length = MIN_MATCH - 1;
                self.strstart += 1;
                if full {
                    self.flush_block(false);
                }
            } else if self.match_available {
                // No better match here: the previous position becomes a literal (a match
                // there, if any, is dropped for the longer one found here).
                let lit = self.data.get(self.strstart - 1).copied().unwrap_or(0);
                if self.tally(Sym { dist: 0, lc: lit }) {
                    // zlib flushes before advancing: the block ends at strstart.
                    self.flush_block(false);
                }
                self.strstart += 1;
            } else {
                // Wait one step to compare with the next position's match.
                self.match_available = true;
                self.strstart += 1;
            }
        }
        if self.match_available {
            let lit = self.data.get(self.strstart - 1).copied().unwrap_or(0);
            // zlib ignores "block full" here: the last block takes this symbol too.
            self.tally(Sym { dist: 0, lc: lit });
            self.match_available = false;
        }
        self.flush_block(true);
    }
}
