//! Huffman trees and block output (zlib's `trees.c`): counts the symbols of a block, builds
//! the literal/length, distance and code-length trees exactly as zlib does, picks a stored,
//! fixed or dynamic block by zlib's byte counts, and writes it.
//!
//! The choices that decide the bytes, each reproduced below and marked "zlib:":
//! - the heap is ordered by frequency, then by subtree depth (`smaller`: a node of equal
//!   frequency and lower or equal depth comes first), with zlib's `pqdownheap` sift order;
//! - fewer than two used symbols are padded with symbols 0/1/2 of frequency 1, and the
//!   "optimal" length counters are decremented for them (unsigned, so they may wrap);
//! - lengths over the limit (15, or 7 for the code-length tree) are repaired by zlib's
//!   `gen_bitlen` overflow walk, then reassigned in heap order, not by a canonical rebuild;
//! - block type: `(bits + 3 + 7) / 8` bytes for the fixed and dynamic encodings, fixed if
//!   not larger, stored if `stored_len + 4` bytes is not more than the better of the two
//!   *and* the block's bytes are still in zlib's window.

use super::bits::BitWriter;
use super::tables::{
    BL_CODES, BL_ORDER, D_CODES, END_BLOCK, L_CODES, LITERALS, MAX_BITS, MAX_BL_BITS, REP_3_6,
    REPZ_3_10, REPZ_11_138, STATIC_DIST_LEN, base_dist, base_length, dist_code, extra_blbits,
    extra_dbits, extra_lbits, length_code, reverse, static_dist, static_lit, static_lit_len,
};

/// Heap array size: every leaf and internal node of the largest tree, plus unused slot 0.
const HEAP_SIZE: usize = 2 * L_CODES + 1;
const L_NODES: usize = HEAP_SIZE;
const D_NODES: usize = 2 * D_CODES + 1;
const BL_NODES: usize = 2 * BL_CODES + 1;

/// zlib's "no code length after the last one" guard in `scan_tree`/`send_tree`.
const GUARD: u16 = 0xffff;

#[inline]
fn rd(a: &[u16], i: usize) -> u16 {
    a.get(i).copied().unwrap_or(0)
}

#[inline]
fn wr(a: &mut [u16], i: usize, v: u16) {
    if let Some(x) = a.get_mut(i) {
        *x = v;
    }
}

#[inline]
fn add(a: &mut [u16], i: usize, v: u16) {
    if let Some(x) = a.get_mut(i) {
        *x = x.wrapping_add(v);
    }
}

/// One matched string or literal of the current block (zlib's `sym_buf` entry): `dist` 0
/// for a literal `lc`, else a match at distance `dist` of length `lc + 3`.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Sym {
    pub(super) dist: u16,
    pub(super) lc: u8,
}

/// Which of zlib's three tree descriptors (`static_l_desc`, `static_d_desc`, `static_bl_desc`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Lit,
    Dist,
    BitLen,
}

impl Kind {
    const fn elems(self) -> usize {
        match self {
            Self::Lit => L_CODES,
            Self::Dist => D_CODES,
            Self::BitLen => BL_CODES,
        }
    }
    const fn max_length(self) -> u16 {
        match self {
            Self::Lit | Self::Dist => MAX_BITS as u16,
            Self::BitLen => MAX_BL_BITS as u16,
        }
    }
    /// Length of symbol `n` in the fixed code, for the literal and distance trees.
    const fn static_len(self, n: usize) -> Option<u32> {
        match self {
            Self::Lit => Some(static_lit_len(n)),
            Self::Dist => Some(STATIC_DIST_LEN),
            Self::BitLen => None,
        }
    }
    /// Extra bits sent after symbol `n`.
    const fn extra(self, n: usize) -> u32 {
        match self {
            Self::Lit if n > LITERALS => extra_lbits(n - LITERALS - 1),
            Self::Lit => 0,
            Self::Dist => extra_dbits(n),
            Self::BitLen => extra_blbits(n),
        }
    }
}

/// A dynamic tree: zlib's `ct_data` array, whose unions (`Freq`/`Code`, `Dad`/`Len`) are
/// separate arrays here; nothing reads a field after zlib overwrites its union partner.
///
/// `E` is the alphabet, `N` its leaves and internal nodes. Frequencies and codes are only
/// kept for leaves: an internal node's frequency lives in its heap entry (zlib writes it to
/// `tree[node].Freq` too, but nothing reads it there), and only leaves get codes. The tree
/// is zeroed on every `compress` call, so the smaller arrays are less to clear.
#[derive(Debug)]
struct Tree<const E: usize, const N: usize> {
    freq: [u16; E],
    code: [u16; E],
    len: [u16; N],
    dad: [u16; N],
    /// Largest symbol with a non-zero frequency (after padding), zlib's `max_code`.
    max_code: usize,
}

impl<const E: usize, const N: usize> Tree<E, N> {
    const fn new() -> Self {
        Self {
            freq: [0; E],
            code: [0; E],
            len: [0; N],
            dad: [0; N],
            max_code: 0,
        }
    }
}

/// Scratch shared by the three tree builds (zlib's `heap`, `depth`, `bl_count`).
///
/// A heap entry packs a node with the two values zlib's `smaller` compares, frequency and
/// subtree depth: `freq << 17 | depth << 10 | node`. zlib's order, frequency first and depth
/// breaking ties with "equal is smaller", is then `entry >> 10 <=`, read from the entry
/// instead of two arrays; a node's frequency and depth never change once it is in the heap.
///
/// The fields fit, so zlib's 16- and 8-bit wraparound never happens: a node is below
/// `HEAP_SIZE` (573 < 2^10); a frequency is at most a block's symbols, 16384 plus the
/// end-of-block code and two padding symbols (< 2^15); and a Huffman (sub)tree of depth `d`
/// weighs at least the Fibonacci number `F(d + 2)` (weights are at least 1), so with at most
/// 16387 in all the depth stays below 21 (< 2^7). 32-bit entries halve the heap that every
/// call clears.
#[derive(Debug)]
struct Heap {
    heap: [u32; HEAP_SIZE],
    len: usize,
    max: usize,
    bl_count: [u16; MAX_BITS + 1],
}

#[inline]
#[allow(clippy::cast_possible_truncation)] // node < HEAP_SIZE < 2^10
fn entry(freq: u16, depth: u8, node: usize) -> u32 {
    debug_assert!(freq < 1 << 15 && depth < 1 << 7 && node < 1 << 10);
    (u32::from(freq) << 17) | (u32::from(depth) << 10) | (node as u32 & 0x3ff)
}

#[inline]
fn node_of(e: u32) -> usize {
    (e & 0x3ff) as usize
}

#[inline]
#[allow(clippy::cast_possible_truncation)] // 15 bits of frequency by construction
fn freq_of(e: u32) -> u16 {
    (e >> 17) as u16
}

#[inline]
#[allow(clippy::cast_possible_truncation)] // 7 bits of depth by construction
fn depth_of(e: u32) -> u8 {
    ((e >> 10) & 0x7f) as u8
}

#[inline]
fn hd(h: &Heap, i: usize) -> u32 {
    h.heap.get(i).copied().unwrap_or(0)
}

#[inline]
fn hset(h: &mut Heap, i: usize, e: u32) {
    if let Some(x) = h.heap.get_mut(i) {
        *x = e;
    }
}

/// Everything `_tr_flush_block` needs: the three trees, the heap, the block's symbols and
/// the two running bit counts.
#[derive(Debug)]
pub(super) struct Trees {
    ltree: Tree<L_CODES, L_NODES>,
    dtree: Tree<D_CODES, D_NODES>,
    bltree: Tree<BL_CODES, BL_NODES>,
    heap: Heap,
    /// Bits of the block with dynamic trees (zlib `opt_len`, an unsigned long that the
    /// padding step may wrap below zero; only its final value is used).
    opt_len: u64,
    /// Bits of the block with the fixed trees (zlib `static_len`).
    static_len: u64,
}

impl Trees {
    pub(super) fn new() -> Self {
        let mut t = Self {
            ltree: Tree::new(),
            dtree: Tree::new(),
            bltree: Tree::new(),
            heap: Heap {
                heap: [0; HEAP_SIZE],
                len: 0,
                max: 0,
                bl_count: [0; MAX_BITS + 1],
            },
            opt_len: 0,
            static_len: 0,
        };
        // init_block without clearing what is zero already.
        wr(&mut t.ltree.freq, END_BLOCK, 1);
        t
    }

    /// zlib `init_block`: zero counts, and the end-of-block code occurs once.
    fn init_block(&mut self) {
        self.ltree.freq.fill(0);
        self.dtree.freq.fill(0);
        self.bltree.freq.fill(0);
        wr(&mut self.ltree.freq, END_BLOCK, 1);
        self.opt_len = 0;
        self.static_len = 0;
    }

    /// Counts one symbol (zlib `_tr_tally_lit` / `_tr_tally_dist`).
    #[inline]
    pub(super) fn tally(&mut self, s: Sym) {
        if s.dist == 0 {
            add(&mut self.ltree.freq, usize::from(s.lc), 1);
        } else {
            let lcode = length_code(usize::from(s.lc));
            add(&mut self.ltree.freq, lcode + LITERALS + 1, 1);
            add(&mut self.dtree.freq, dist_code(usize::from(s.dist) - 1), 1);
        }
    }

    /// zlib `_tr_flush_block`: writes the block of `syms`, whose input bytes are `stored`
    /// when zlib could still store them (`buf != NULL`), and resets the counts.
    pub(super) fn flush_block(
        &mut self,
        out: &mut BitWriter,
        syms: &[Sym],
        stored: Option<&[u8]>,
        stored_len: usize,
        last: bool,
    ) {
        build_tree(
            &mut self.ltree,
            &mut self.heap,
            Kind::Lit,
            &mut self.opt_len,
            &mut self.static_len,
        );
        build_tree(
            &mut self.dtree,
            &mut self.heap,
            Kind::Dist,
            &mut self.opt_len,
            &mut self.static_len,
        );
        let mut runs = Runs::new();
        let max_blindex = self.build_bl_tree(&mut runs);

        // zlib: sizes in bytes, with the 3 header bits and rounding up.
        let mut opt_lenb = self.opt_len.wrapping_add(3 + 7) >> 3;
        let static_lenb = self.static_len.wrapping_add(3 + 7) >> 3;
        if static_lenb <= opt_lenb {
            opt_lenb = static_lenb;
        }
        let stored_len64 = u64::try_from(stored_len).unwrap_or(u64::MAX);
        let last_bit = u32::from(last);
        match stored {
            // zlib: `stored_len + 4 <= opt_lenb && buf != NULL`. A block zlib can still
            // store never exceeds 65532 bytes (it lies inside the 64 KiB window), so the
            // length check is never what decides; it only keeps the length field honest.
            Some(bytes) if stored_len64.saturating_add(4) <= opt_lenb && stored_len <= 0xffff => {
                out.send(last_bit, 3); // STORED_BLOCK << 1
                out.align();
                #[allow(clippy::cast_possible_truncation)] // checked <= 0xffff above
                let len = stored_len as u16;
                out.bytes(&len.to_le_bytes());
                out.bytes(&(!len).to_le_bytes());
                out.bytes(bytes);
            }
            _ if static_lenb == opt_lenb => {
                out.send((1 << 1) + last_bit, 3); // STATIC_TREES
                compress_block(out, syms, &StaticCodes);
            }
            _ => {
                out.send((2 << 1) + last_bit, 3); // DYN_TREES
                self.send_all_trees(out, max_blindex + 1, &runs);
                compress_block(
                    out,
                    syms,
                    &DynCodes {
                        l: &self.ltree,
                        d: &self.dtree,
                    },
                );
            }
        }
        if last {
            // zlib resets the counts after the last block too; nothing reads them again.
            out.align();
        } else {
            self.init_block();
        }
    }

    /// zlib `build_bl_tree`: the code-length tree for the two trees, and the index in
    /// `BL_ORDER` of the last code length to send (at least 3: four are always sent).
    ///
    /// The runs of both trees' lengths are kept in `runs`, for `send_all_trees` to write
    /// without walking the lengths again.
    fn build_bl_tree(&mut self, runs: &mut Runs) -> usize {
        length_runs(&self.ltree, |run| runs.push(run));
        length_runs(&self.dtree, |run| runs.push(run));
        for run in runs.iter() {
            scan_run(run, &mut self.bltree.freq);
        }
        build_tree(
            &mut self.bltree,
            &mut self.heap,
            Kind::BitLen,
            &mut self.opt_len,
            &mut self.static_len,
        );
        let max_blindex = (3..BL_CODES)
            .rev()
            .find(|&i| {
                let sym = BL_ORDER.get(i).copied().unwrap_or(0);
                rd(&self.bltree.len, usize::from(sym)) != 0
            })
            .unwrap_or(2);
        // 3 bits per code length sent, plus HLIT (5), HDIST (5) and HCLEN (4).
        self.opt_len = self
            .opt_len
            .wrapping_add(3 * (max_blindex as u64 + 1) + 5 + 5 + 4);
        max_blindex
    }

    /// zlib `send_all_trees`: the dynamic block header.
    fn send_all_trees(&self, out: &mut BitWriter, blcodes: usize, runs: &Runs) {
        let lcodes = self.ltree.max_code + 1;
        let dcodes = self.dtree.max_code + 1;
        #[allow(clippy::cast_possible_truncation)] // lcodes <= 286, dcodes <= 30, blcodes <= 19
        {
            out.send((lcodes - 257) as u32, 5);
            out.send((dcodes - 1) as u32, 5);
            out.send((blcodes - 4) as u32, 4);
        }
        for &sym in BL_ORDER.iter().take(blcodes) {
            out.send(u32::from(rd(&self.bltree.len, usize::from(sym))), 3);
        }
        // zlib `send_tree` for the literal/length tree, then for the distance tree: their
        // runs, in that order.
        for run in runs.iter() {
            send_run(out, run, &self.bltree);
        }
    }
}

/// zlib `smaller(n, m)`: `n`'s frequency is lower, or equal with a depth not greater.
#[inline]
fn smaller(n: u32, m: u32) -> bool {
    n >> 10 <= m >> 10
}

/// zlib `pqdownheap`: sifts `heap[k]` down.
fn pqdownheap(h: &mut Heap, mut k: usize) {
    // The live heap is heap[1..=len]: in one slice, every index the loop uses (j <= len)
    // is seen to be in bounds, and the loop runs without per-access checks.
    let Some(heap) = h.heap.get_mut(..=h.len) else {
        return;
    };
    let v = heap.get(k).copied().unwrap_or(0);
    let mut j = k << 1;
    while let Some(&ej) = heap.get(j) {
        let (j1, ej) = match heap.get(j + 1) {
            Some(&ej1) if smaller(ej1, ej) => (j + 1, ej1),
            _ => (j, ej),
        };
        if smaller(v, ej) {
            break;
        }
        if let Some(x) = heap.get_mut(k) {
            *x = ej;
        }
        k = j1;
        j = k << 1;
    }
    if let Some(x) = heap.get_mut(k) {
        *x = v;
    }
}

/// zlib `build_tree`: the Huffman tree of one alphabet, then its lengths and codes.
fn build_tree<const E: usize, const N: usize>(
    tree: &mut Tree<E, N>,
    h: &mut Heap,
    kind: Kind,
    opt_len: &mut u64,
    static_len: &mut u64,
) {
    let elems = kind.elems();
    h.len = 0;
    h.max = HEAP_SIZE;
    // zlib: max_code starts at -1; `None` is -1 here.
    let mut max_code: Option<usize> = None;
    for (n, (&f, len)) in tree
        .freq
        .iter()
        .zip(tree.len.iter_mut())
        .enumerate()
        .take(elems)
    {
        if f != 0 {
            h.len += 1;
            hset(h, h.len, entry(f, 0, n));
            max_code = Some(n);
        } else {
            *len = 0;
        }
    }
    // zlib: at least two codes, so that one bit is sent even for a lone symbol; the
    // padding symbol is the next of 0, 1, 2 while max_code < 2, else 0, with frequency 1,
    // and the length counters go down by its would-be length.
    while h.len < 2 {
        let node = match max_code {
            None => 0,
            Some(m) if m < 2 => m + 1,
            Some(_) => 0,
        };
        if max_code.is_none_or(|m| m < 2) {
            max_code = Some(node);
        }
        h.len += 1;
        hset(h, h.len, entry(1, 0, node));
        wr(&mut tree.freq, node, 1);
        *opt_len = opt_len.wrapping_sub(1);
        if let Some(l) = kind.static_len(node) {
            *static_len = static_len.wrapping_sub(u64::from(l));
        }
    }
    let max_code = max_code.unwrap_or(0);
    tree.max_code = max_code;

    for n in (1..=h.len / 2).rev() {
        pqdownheap(h, n);
    }

    // Combine the two least frequent nodes until one is left.
    let mut node = elems;
    loop {
        // zlib `pqremove`
        let en = hd(h, 1);
        hset(h, 1, hd(h, h.len));
        h.len -= 1;
        pqdownheap(h, 1);
        let em = hd(h, 1);

        // Keep the nodes sorted by frequency at the top of the heap array.
        h.max -= 1;
        hset(h, h.max, en);
        h.max -= 1;
        hset(h, h.max, em);

        // zlib: the sum in a 16-bit field, the depth in an 8-bit one.
        let freq = freq_of(en).wrapping_add(freq_of(em));
        let depth = depth_of(en).max(depth_of(em)).wrapping_add(1);
        #[allow(clippy::cast_possible_truncation)] // node < HEAP_SIZE
        {
            wr(&mut tree.dad, node_of(en), node as u16);
            wr(&mut tree.dad, node_of(em), node as u16);
        }
        hset(h, 1, entry(freq, depth, node));
        node += 1;
        pqdownheap(h, 1);
        if h.len < 2 {
            break;
        }
    }
    h.max -= 1;
    hset(h, h.max, hd(h, 1));

    gen_bitlen(tree, h, kind, opt_len, static_len);
    gen_codes(tree, &h.bl_count);
}

/// zlib `gen_bitlen`: code lengths from the tree, capped at the alphabet's limit with
/// zlib's overflow repair, and the block's bit counts.
fn gen_bitlen<const E: usize, const N: usize>(
    tree: &mut Tree<E, N>,
    h: &mut Heap,
    kind: Kind,
    opt_len: &mut u64,
    static_len: &mut u64,
) {
    let max_code = tree.max_code;
    let max_length = kind.max_length();
    h.bl_count.fill(0);

    // Lengths top-down: a node's parent is always earlier in heap[max..].
    wr(&mut tree.len, node_of(hd(h, h.max)), 0);
    let mut overflow: i32 = 0;
    for i in h.max + 1..HEAP_SIZE {
        let n = node_of(hd(h, i));
        let mut bits = rd(&tree.len, usize::from(rd(&tree.dad, n))).wrapping_add(1);
        if bits > max_length {
            bits = max_length;
            overflow += 1;
        }
        wr(&mut tree.len, n, bits);
        if n > max_code {
            continue; // an internal node
        }
        add(&mut h.bl_count, usize::from(bits), 1);
        let xbits = kind.extra(n);
        let f = u64::from(rd(&tree.freq, n));
        *opt_len = opt_len.wrapping_add(f * u64::from(u32::from(bits) + xbits));
        if let Some(sl) = kind.static_len(n) {
            *static_len = static_len.wrapping_add(f * u64::from(sl + xbits));
        }
    }
    if overflow == 0 {
        return;
    }

    // zlib: move leaves down from the deepest non-full level until the overflowed ones fit.
    let max = usize::from(max_length);
    loop {
        let mut bits = max - 1;
        while bits > 0 && rd(&h.bl_count, bits) == 0 {
            bits -= 1;
        }
        add(&mut h.bl_count, bits, u16::MAX); // -1
        add(&mut h.bl_count, bits + 1, 2);
        add(&mut h.bl_count, max, u16::MAX); // -1
        overflow -= 2;
        if overflow <= 0 {
            break;
        }
    }
    // zlib: hand the corrected lengths out again to the leaves in heap order (increasing
    // frequency from the end), not by any canonical rule.
    let mut i = HEAP_SIZE;
    for bits in (1..=max).rev() {
        let mut n = rd(&h.bl_count, bits);
        while n != 0 && i > h.max {
            i -= 1;
            let m = node_of(hd(h, i));
            if m > max_code {
                continue;
            }
            let old = rd(&tree.len, m);
            if usize::from(old) != bits {
                let delta = (bits as u64).wrapping_sub(u64::from(old));
                *opt_len = opt_len.wrapping_add(delta.wrapping_mul(u64::from(rd(&tree.freq, m))));
                #[allow(clippy::cast_possible_truncation)] // bits <= 15
                wr(&mut tree.len, m, bits as u16);
            }
            n -= 1;
        }
    }
}

/// zlib `gen_codes`: canonical codes from the lengths, stored bit-reversed.
fn gen_codes<const E: usize, const N: usize>(
    tree: &mut Tree<E, N>,
    bl_count: &[u16; MAX_BITS + 1],
) {
    let mut next_code = [0u16; MAX_BITS + 1];
    let mut code: u16 = 0;
    for bits in 1..=MAX_BITS {
        code = code.wrapping_add(rd(bl_count, bits - 1)).wrapping_shl(1);
        wr(&mut next_code, bits, code);
    }
    // Zipped slices rather than indices: one bounds check for the walk, not three per symbol
    // (this loop visits every symbol up to `max_code`, used or not).
    let used = tree.max_code + 1;
    for (&len, code) in tree.len.iter().zip(tree.code.iter_mut()).take(used) {
        if len == 0 {
            continue;
        }
        if let Some(next) = next_code.get_mut(usize::from(len)) {
            #[allow(clippy::cast_possible_truncation)] // a reversed code of <= 15 bits
            {
                *code = reverse(u32::from(*next), u32::from(len)) as u16;
            }
            *next = next.wrapping_add(1);
        }
    }
}

/// How zlib `scan_tree`/`send_tree` walk a tree's code lengths: runs of one length, with
/// the repeat limits that depend on the current and next length.
fn length_runs<const E: usize, const N: usize>(tree: &Tree<E, N>, mut emit: impl FnMut(Run)) {
    let lens = tree.len.get(..=tree.max_code).unwrap_or(&[]);
    let mut prevlen: Option<u16> = None;
    let mut n = 0;
    let (mut max_count, mut min_count) = if rd(lens, 0) == 0 { (138, 3) } else { (7, 4) };
    // zlib steps one length at a time and ends a run when it reaches max_count or the next
    // length differs; here a run is measured at once (the long zero runs of unused symbols
    // are most of a small block's literal tree).
    while let Some((&curlen, rest)) = lens.get(n..).and_then(<[u16]>::split_first) {
        let same = rest
            .iter()
            .take(max_count - 1)
            .take_while(|&&l| l == curlen)
            .count();
        n += 1 + same;
        #[allow(clippy::cast_possible_truncation)] // count <= max_count <= 138
        let count = (1 + same) as u32;
        // zlib writes the guard into tree[max_code + 1].Len; read it as such.
        let nextlen = lens.get(n).copied().unwrap_or(GUARD);
        if count < min_count {
            emit(Run::Each(curlen, count));
        } else if curlen != 0 {
            emit(Run::Repeat(curlen, prevlen != Some(curlen), count));
        } else if count <= 10 {
            emit(Run::Zeros3(count));
        } else {
            emit(Run::Zeros11(count));
        }
        prevlen = Some(curlen);
        (max_count, min_count) = if nextlen == 0 {
            (138, 3)
        } else if curlen == nextlen {
            (6, 3)
        } else {
            (7, 4)
        };
    }
}

/// One step of [`length_runs`].
#[derive(Clone, Copy, Debug)]
enum Run {
    /// `count` times the length itself.
    Each(u16, u32),
    /// The length once if `first`, then code 16 for the rest of `count`.
    Repeat(u16, bool, u32),
    /// Code 17: 3..=10 zeros.
    Zeros3(u32),
    /// Code 18: 11..=138 zeros.
    Zeros11(u32),
}

/// The runs of the two trees' code lengths, in order, packed in 16 bits each:
/// `kind << 13 | first << 12 | length << 8 | count` (kinds in [`Run`]'s order; a length is
/// at most 15 and a count at most 138). A tree of `n` lengths has at most `n` runs. (An
/// array of `Run` with 8-bit fields instead, simpler to read, measured 1.9k instructions
/// more per session dumps: filling it costs more than the packing.)
struct Runs {
    packed: [u16; L_CODES + D_CODES],
    len: usize,
}

impl Runs {
    const fn new() -> Self {
        Self {
            packed: [0; L_CODES + D_CODES],
            len: 0,
        }
    }

    #[allow(clippy::cast_possible_truncation)] // count <= 138, length <= 15
    fn push(&mut self, run: Run) {
        let v = match run {
            Run::Each(len, count) => (len << 8) | count as u16,
            Run::Repeat(len, first, count) => {
                (1 << 13) | (u16::from(first) << 12) | (len << 8) | count as u16
            }
            Run::Zeros3(count) => (2 << 13) | count as u16,
            Run::Zeros11(count) => (3 << 13) | count as u16,
        };
        if let Some(slot) = self.packed.get_mut(self.len) {
            *slot = v;
            self.len += 1;
        }
    }

    fn iter(&self) -> impl Iterator<Item = Run> + '_ {
        self.packed.iter().take(self.len).map(|&v| {
            let (len, count) = ((v >> 8) & 15, u32::from(v & 0xff));
            match v >> 13 {
                0 => Run::Each(len, count),
                1 => Run::Repeat(len, v & (1 << 12) != 0, count),
                2 => Run::Zeros3(count),
                _ => Run::Zeros11(count),
            }
        })
    }
}

/// zlib `scan_tree`, one run: the frequencies of the code-length codes it uses.
fn scan_run(run: Run, bl_freq: &mut [u16]) {
    match run {
        #[allow(clippy::cast_possible_truncation)] // count < 7
        Run::Each(len, count) => add(bl_freq, usize::from(len), count as u16),
        Run::Repeat(len, first, _) => {
            if first {
                add(bl_freq, usize::from(len), 1);
            }
            add(bl_freq, REP_3_6, 1);
        }
        Run::Zeros3(_) => add(bl_freq, REPZ_3_10, 1),
        Run::Zeros11(_) => add(bl_freq, REPZ_11_138, 1),
    }
}

/// zlib `send_tree`, one run: its code lengths in the code-length code.
fn send_run(out: &mut BitWriter, run: Run, bl: &Tree<BL_CODES, BL_NODES>) {
    let code = |out: &mut BitWriter, sym: usize| {
        out.send(u32::from(rd(&bl.code, sym)), u32::from(rd(&bl.len, sym)));
    };
    match run {
        Run::Each(len, count) => {
            for _ in 0..count {
                code(out, usize::from(len));
            }
        }
        Run::Repeat(len, first, mut count) => {
            if first {
                code(out, usize::from(len));
                count -= 1;
            }
            code(out, REP_3_6);
            out.send(count - 3, 2);
        }
        Run::Zeros3(count) => {
            code(out, REPZ_3_10);
            out.send(count - 3, 3);
        }
        Run::Zeros11(count) => {
            code(out, REPZ_11_138);
            out.send(count - 11, 7);
        }
    }
}

/// The codes a block is written with: fixed or the block's own.
trait Codes {
    /// Bit-reversed code and length of literal/length symbol `n`.
    fn lit(&self, n: usize) -> (u32, u32);
    /// Bit-reversed code and length of distance symbol `n`.
    fn dist(&self, n: usize) -> (u32, u32);
}

struct StaticCodes;

impl Codes for StaticCodes {
    #[inline]
    fn lit(&self, n: usize) -> (u32, u32) {
        static_lit(n)
    }
    #[inline]
    fn dist(&self, n: usize) -> (u32, u32) {
        (static_dist(n), STATIC_DIST_LEN)
    }
}

struct DynCodes<'a> {
    l: &'a Tree<L_CODES, L_NODES>,
    d: &'a Tree<D_CODES, D_NODES>,
}

impl Codes for DynCodes<'_> {
    #[inline]
    fn lit(&self, n: usize) -> (u32, u32) {
        (
            u32::from(rd(&self.l.code, n)),
            u32::from(rd(&self.l.len, n)),
        )
    }
    #[inline]
    fn dist(&self, n: usize) -> (u32, u32) {
        (
            u32::from(rd(&self.d.code, n)),
            u32::from(rd(&self.d.len, n)),
        )
    }
}

/// zlib `compress_block`: the block's symbols, then end-of-block.
fn compress_block(out: &mut BitWriter, syms: &[Sym], codes: &impl Codes) {
    for s in syms {
        let lc = usize::from(s.lc);
        if s.dist == 0 {
            let (c, l) = codes.lit(lc);
            out.send(c, l);
        } else {
            let code = length_code(lc);
            let (c, l) = codes.lit(code + LITERALS + 1);
            out.send(c, l);
            let extra = extra_lbits(code);
            if extra != 0 {
                #[allow(clippy::cast_possible_truncation)] // < 32
                out.send((lc - base_length(code)) as u32, extra);
            }
            let d = usize::from(s.dist) - 1;
            let code = dist_code(d);
            let (c, l) = codes.dist(code);
            out.send(c, l);
            let extra = extra_dbits(code);
            if extra != 0 {
                #[allow(clippy::cast_possible_truncation)] // < 8192
                out.send((d - base_dist(code)) as u32, extra);
            }
        }
    }
    let (c, l) = codes.lit(END_BLOCK);
    out.send(c, l);
}
