//! Hash chains and the match search (zlib's `head`/`prev`, `INSERT_STRING`, `longest_match`).
//!
//! zlib hashes the three bytes at each position with `UPDATE_HASH` (`hash_bits` 15 for
//! memory level 8, shift 5): `((b0 << 10) ^ (b1 << 5) ^ b2) & 0x7fff`, a function of those
//! three bytes alone, so it is computed directly here. `head[h]` is the latest position with
//! hash `h`, `prev[p]` the one before `p` with the same hash; a search walks that chain.
//!
//! What differs is the storage, sized by the input instead of zlib's 32 Ki-entry tables:
//! - `head` maps the 15-bit hash to the latest position. Below 16 KiB of input it is a
//!   power-of-two number of buckets, at least `n` (and 16), each a list of the distinct
//!   hashes that fall in it (8-byte nodes, one per distinct hash). The bucket is picked by
//!   multiplying the hash by an odd constant modulo 2^16 (a permutation) and keeping the
//!   top bits, so a bucket holds at most `65536 / buckets` distinct hashes whatever the
//!   input: a lookup costs O(2^16 / n) steps at worst and all of them O(2^16) together,
//!   while a 200-byte input touches a 256-entry (512-byte) bucket array, never a 64 KiB table. From
//!   16 KiB on, zlib's flat table (32768 four-byte slots and a bit per slot, at most 8
//!   bytes per input byte) is cheaper than the buckets' cache misses.
//! - `prev` holds one distance per position, `min(n, 32768)` of them. An input of at most
//!   32768 bytes indexes it by position; a longer one uses it as zlib uses its 32768-entry
//!   ring, and a chain never reaches a slot reused since (the walk stops beyond `MAX_DIST`,
//!   and a slot is reused only 32768 positions later). A distance over 65535 is stored as
//!   "none": the walk would stop there anyway.
//! - Head positions are kept modulo 2^32. Past 4 GiB a wrapped head can only name a
//!   position of another hash (the true head is the newest of its own hash), which the
//!   search then rejects on its bytes, as zlib would have found no candidate in reach.

use alloc::vec;
use alloc::vec::Vec;

use super::tables::MAX_MATCH;

/// zlib's window size for `wbits` 15.
pub(super) const WSIZE: usize = 1 << 15;
/// zlib `MIN_LOOKAHEAD`: room for the longest match plus the next string's hash.
pub(super) const MIN_LOOKAHEAD: usize = MAX_MATCH + 3 + 1;
/// zlib `MAX_DIST`: the farthest match zlib will use.
pub(super) const MAX_DIST: usize = WSIZE - MIN_LOOKAHEAD;

/// Level 6 of zlib's `configuration_table`.
pub(super) const GOOD_MATCH: usize = 8;
pub(super) const MAX_LAZY: usize = 16;
pub(super) const NICE_MATCH: usize = 128;
pub(super) const MAX_CHAIN: usize = 128;

/// zlib's hash of the three bytes at `p` (`UPDATE_HASH` three times).
#[inline]
fn hash(data: &[u8], p: usize) -> Option<u16> {
    match data.get(p..p + 3) {
        Some(&[b0, b1, b2]) => {
            Some(((u16::from(b0) << 10) ^ (u16::from(b1) << 5) ^ u16::from(b2)) & 0x7fff)
        }
        _ => None,
    }
}

#[derive(Clone, Copy, Debug)]
struct Node {
    /// Latest position with this hash, modulo 2^32.
    last: u32,
    /// Next node of the same bucket (index + 1; 0 ends the list). Buckets serve inputs
    /// under [`DIRECT_MIN`] bytes, so there are fewer than 2^14 nodes.
    next: u16,
    hash: u16,
}

/// Inputs at least this long keep their heads in zlib's flat table.
const DIRECT_MIN: usize = 1 << 14;

/// Where the latest position of each hash is kept (zlib `head`).
#[derive(Debug)]
enum Heads {
    /// Inputs of at least [`DIRECT_MIN`] bytes: one slot per hash (128 KiB, at most 8 bytes
    /// per input byte), and a bit per hash for "has a position".
    Direct { last: Vec<u32>, seen: Vec<u64> },
    /// Shorter inputs: buckets of distinct-hash nodes.
    Buckets {
        /// First node of each bucket (index + 1; 0 for none), as in [`Node::next`].
        buckets: Vec<u16>,
        /// log2 of the bucket count.
        bits: u32,
        nodes: Vec<Node>,
    },
}

impl Heads {
    /// Makes `p32` the latest position of hash `h`; the distance back to the previous
    /// one, modulo 2^32, if there was one.
    #[inline]
    fn replace(&mut self, h: u16, p32: u32) -> Option<u32> {
        match self {
            Self::Direct { last, seen } => {
                let i = usize::from(h);
                let word = seen.get_mut(i / 64)?;
                let bit = 1u64 << (i % 64);
                let had = *word & bit != 0;
                *word |= bit;
                let slot = last.get_mut(i)?;
                let old = core::mem::replace(slot, p32);
                had.then(|| p32.wrapping_sub(old))
            }
            Self::Buckets {
                buckets,
                bits,
                nodes,
            } => {
                // An odd multiplier permutes the 16-bit values; the top bits pick the
                // bucket, so each bucket receives at most 2^(16 - bits) of the 2^15 hashes.
                let b = usize::from(h.wrapping_mul(0x9e37) >> (16 - *bits));
                let first = buckets.get(b).copied().unwrap_or(0);
                let mut at = first;
                while let Some(node) = at.checked_sub(1).and_then(|i| nodes.get_mut(i as usize)) {
                    if node.hash == h {
                        let old = core::mem::replace(&mut node.last, p32);
                        return Some(p32.wrapping_sub(old));
                    }
                    at = node.next;
                }
                nodes.push(Node {
                    last: p32,
                    next: first,
                    hash: h,
                });
                if let (Some(slot), Ok(id)) = (buckets.get_mut(b), u16::try_from(nodes.len())) {
                    *slot = id;
                }
                None
            }
        }
    }
}

/// The hash chains of one compression.
#[derive(Debug)]
pub(super) struct Chains {
    heads: Heads,
    prev: Vec<u16>,
    /// `usize::MAX` while positions index `prev` directly, else `WSIZE - 1`.
    prev_mask: usize,
}

impl Chains {
    pub(super) fn new(input_len: usize) -> Self {
        // A three-byte string starts at most n - 2 times.
        let strings = input_len.saturating_sub(2);
        let heads = if input_len >= DIRECT_MIN {
            Heads::Direct {
                last: vec![0; WSIZE],
                seen: vec![0; WSIZE / 64],
            }
        } else {
            // One bucket per input byte or more: lists stay about one node long.
            let buckets = input_len.next_power_of_two().max(16);
            Heads::Buckets {
                buckets: vec![0; buckets],
                bits: buckets.trailing_zeros(),
                // Room for a distinct hash at every position of a short input; longer
                // ones (text has far fewer distinct hashes than positions) grow as needed.
                nodes: Vec::with_capacity(strings.min(1024)),
            }
        };
        Self {
            heads,
            prev: vec![0; strings.min(WSIZE)],
            prev_mask: if strings <= WSIZE {
                usize::MAX
            } else {
                WSIZE - 1
            },
        }
    }

    /// zlib `INSERT_STRING`: makes `p` the head of its hash's chain and returns the previous
    /// head. `p + 2` must be inside `data` (zlib only inserts there too).
    pub(super) fn insert(&mut self, data: &[u8], p: usize) -> Option<usize> {
        let h = hash(data, p)?;
        #[allow(clippy::cast_possible_truncation)] // positions are kept modulo 2^32
        let p32 = p as u32;
        let dist = self.heads.replace(h, p32);
        if let Some(slot) = self.prev.get_mut(p & self.prev_mask) {
            *slot = dist.and_then(|d| u16::try_from(d).ok()).unwrap_or(0);
        }
        p.checked_sub(dist? as usize)
    }

    /// zlib `prev[q & w_mask]`: the position before `q` on its chain, if any.
    #[inline]
    fn prev(&self, q: usize) -> Option<usize> {
        let d = self.prev.get(q & self.prev_mask).copied().unwrap_or(0);
        if d == 0 {
            None
        } else {
            q.checked_sub(usize::from(d))
        }
    }
}

/// Where a search happens, in the terms zlib decides with.
#[derive(Clone, Copy, Debug)]
pub(super) struct At {
    /// The position searched from (zlib `strstart`).
    pub(super) pos: usize,
    /// Bytes from `pos` that zlib has in its window (zlib `lookahead`).
    pub(super) lookahead: usize,
    /// The input position at zlib's window index 0 (a multiple of 32768).
    pub(super) window_start: usize,
    /// The previous step's match length (zlib `prev_length`).
    pub(super) prev_length: usize,
}

/// Length of the common prefix of `a` and `b` (same length).
#[inline]
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let mut n = 0;
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    for (x, y) in (&mut ca).zip(&mut cb) {
        let x = u64::from_le_bytes(<[u8; 8]>::try_from(x).unwrap_or([0; 8]));
        let y = u64::from_le_bytes(<[u8; 8]>::try_from(y).unwrap_or([0; 8]));
        let diff = x ^ y;
        if diff != 0 {
            return n + (diff.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .take_while(|(x, y)| x == y)
        .count()
}

impl Chains {
    /// zlib `longest_match` from chain head `cur`: the best match length (never more than
    /// the lookahead) and, when it beats `prev_length`, updates `match_start`.
    ///
    /// zlib compares up to 258 bytes even past the data it has read (the window beyond is
    /// zeros or stale bytes) and then cuts the result to the lookahead. Comparing only up
    /// to the lookahead gives the same length and the same `match_start` whenever either
    /// is used: a comparison that reaches the lookahead has reached `nice_match` too
    /// (zlib caps `nice_match` at the lookahead), so zlib stops there as this does; and if
    /// `prev_length` is already at the lookahead, zlib's answer is the lookahead and the
    /// caller emits the previous match whatever `match_start` says.
    pub(super) fn longest_match(
        &self,
        data: &[u8],
        at: At,
        mut cur: usize,
        match_start: &mut usize,
    ) -> usize {
        let mut chain_length = MAX_CHAIN;
        let mut best_len = at.prev_length;
        // zlib: a chain entry must be strictly after `limit` (so never window index 0),
        // where limit is MAX_DIST behind, counted in window positions.
        let pos_w = at.pos - at.window_start;
        let limit = at.window_start + pos_w.saturating_sub(MAX_DIST);
        if at.prev_length >= GOOD_MATCH {
            chain_length >>= 2;
        }
        let nice_match = NICE_MATCH.min(at.lookahead);
        let cap = MAX_MATCH.min(at.lookahead);
        if best_len >= cap {
            return cap;
        }
        let Some(scan) = data.get(at.pos..at.pos + cap) else {
            return best_len.min(at.lookahead);
        };
        loop {
            if let Some(m) = data.get(cur..cur + cap) {
                // zlib's quick rejection: the bytes at best_len and best_len - 1, then the
                // first two (a candidate that cannot be longer is skipped).
                if m.get(best_len) == scan.get(best_len)
                    && m.get(best_len - 1) == scan.get(best_len - 1)
                    && m.get(..2) == scan.get(..2)
                {
                    let len = common_prefix(m, scan);
                    if len > best_len {
                        *match_start = cur;
                        best_len = len;
                        if len >= nice_match {
                            break;
                        }
                    }
                }
            }
            match self.prev(cur) {
                Some(next) if next > limit => {
                    chain_length -= 1;
                    if chain_length == 0 {
                        break;
                    }
                    cur = next;
                }
                _ => break,
            }
        }
        best_len.min(at.lookahead)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_zlibs_rolling_hash() {
        // UPDATE_HASH three times from any state: h = ((h << 5) ^ c) & 0x7fff
        let data = [0xabu8, 0xcd, 0xef, 0x12];
        let mut h: u16 = 0x1234;
        for &c in &data[..3] {
            h = ((h << 5) ^ u16::from(c)) & 0x7fff;
        }
        assert_eq!(hash(&data, 0), Some(h));
        assert_eq!(hash(&data, 2), None);
    }

    #[test]
    fn chains_link_equal_hashes_newest_first() {
        let data = b"abcXabcYabcZabc";
        let mut c = Chains::new(data.len());
        let mut heads = Vec::new();
        for p in 0..data.len() - 2 {
            heads.push(c.insert(data, p));
        }
        assert_eq!(heads[0], None);
        assert_eq!(heads[4], Some(0));
        assert_eq!(heads[8], Some(4));
        assert_eq!(heads[12], Some(8));
        assert_eq!(c.prev(12), Some(8));
        assert_eq!(c.prev(8), Some(4));
        assert_eq!(c.prev(4), Some(0));
        assert_eq!(c.prev(0), None);
    }

    #[test]
    fn chains_agree_with_a_brute_force_model() {
        // Bytes that differ by 32 in the first of three hash alike (only its low five bits
        // count), and short inputs put many hashes in one bucket: both must still give
        // exactly zlib's chains, i.e. every earlier position of equal hash, newest first.
        let mut x: u32 = 12345;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        };
        // 20000 uses zlib's flat head table, the others the buckets (Miri, ~1000x slower,
        // takes the short ones, which cover the bucket code and its collisions).
        let sizes: &[usize] = if cfg!(miri) {
            &[3, 4, 7, 40, 300]
        } else {
            &[3, 4, 7, 40, 300, 1000, 20_000]
        };
        for &n in sizes {
            let data: Vec<u8> = (0..n)
                .map(|_| {
                    let r = next();
                    [b'a', b'a' + 32, 1, 2, (r >> 8) as u8][(r % 5) as usize]
                })
                .collect();
            let mut c = Chains::new(n);
            // every position so far, by hash
            let mut seen: alloc::collections::BTreeMap<u16, Vec<usize>> = Default::default();
            for p in 0..n - 2 {
                let head = c.insert(&data, p);
                let h = hash(&data, p).unwrap();
                let list = seen.entry(h).or_default();
                let want: Vec<usize> = list.iter().rev().take(300).copied().collect();
                list.push(p);
                assert_eq!(head, want.first().copied(), "n {n} p {p}");
                let mut walk = Vec::new();
                let mut cur = head;
                while let Some(q) = cur {
                    if walk.len() == want.len() {
                        break;
                    }
                    walk.push(q);
                    cur = c.prev(q);
                }
                assert_eq!(walk, want, "n {n} p {p}");
                if want.len() < 300 {
                    assert_eq!(cur, None, "n {n} p {p}: the chain goes on");
                }
            }
        }
    }

    #[test]
    fn common_prefix_counts_equal_bytes() {
        let a = b"0123456789abcdefXYZ";
        let mut b = *a;
        assert_eq!(common_prefix(a, &b), a.len());
        b[11] = b'!';
        assert_eq!(common_prefix(a, &b), 11);
        b[3] = b'!';
        assert_eq!(common_prefix(a, &b), 3);
        let mut c = *a;
        c[17] = b'!';
        assert_eq!(common_prefix(a, &c), 17);
    }
}
