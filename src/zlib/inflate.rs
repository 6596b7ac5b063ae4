//! `zlib.decompress(data)` (CPython with zlib's `inflate`) in safe Rust, bounded by a limit.
//!
//! A small whole-buffer inflater for what Django's tokens hold: the input is all there, so
//! there is no streaming state; the Huffman tables (3 KiB of entries, on the stack) are built
//! per block, only as wide as the longest code: literal/length codes of up to 9 bits and
//! distance codes of up to 8 decode with one lookup (whose entry, as in zlib's
//! `inflate_fast`, also gives a length's or distance's base and extra bits), longer ones
//! canonically (as zlib's `puff.c`). The output is one zero-filled `Vec` sized from the
//! input, written by index and bounded by the limit; while the input and the room last, a
//! fast loop takes up to three literals per refill with no overrun, limit or room checks;
//! near the end of either it hands over to a checked loop of one symbol at a time.
//!
//! What it accepts and refuses is zlib's `inflate()` as CPython calls it (`wbits` 15):
//! - header: `CMF*256 + FLG` a multiple of 31, method 8, window at most 32 KiB, no preset
//!   dictionary (CPython cannot supply one: an error);
//! - blocks: type 3 refused, stored `LEN`/`NLEN` must be complements, at most 286 length and
//!   30 distance codes, a code-length repeat needs a previous length and must stay within
//!   the lengths, the end-of-block code must have a length, an over-subscribed code is
//!   refused, an incomplete one too except a single code of length 1 (zlib's `max != 1`
//!   rule; all-zero distance lengths are allowed until a distance is needed), length symbols
//!   286/287 and distance symbols 30/31 refused, a distance past the start of the output
//!   refused;
//! - end: the Adler-32 of the output (big-endian, after the final block, byte aligned) must
//!   match; bytes after it are ignored, as CPython's `zlib.decompress` does; running out of
//!   input anywhere before it is an error ("incomplete or truncated stream").
//!
//! The limit (SPEC.md 6.3, audits/formal.md finding F5): inflation stops with
//! `DecompressedTooLarge` as soon as the output would exceed `limit` bytes, whatever follows
//! in the stream; an error found before that is `MalformedZlib`.

// Bit counts stay below 64, table indices below 2^9, positions below the input length and
// the output below `limit`: the arithmetic cannot overflow, and every slice access is `get`.
#![allow(clippy::arithmetic_side_effects)]

use alloc::vec::Vec;

use crate::Error;

/// Entries of the literal/length lookup table: codes of up to 9 bits decode with one lookup.
const LIT_FAST: usize = 1 << 9;
/// Entries of the distance lookup table: codes of up to 8 bits decode with one lookup.
const DIST_FAST: usize = 1 << 8;

/// The literal/length code (and, before it, the code-length code).
type LitCode = Huffman<LIT_FAST, 288>;
/// The distance code.
type DistCode = Huffman<DIST_FAST, 32>;

const LEN_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEN_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
/// The order in which code-length code lengths are stored.
const CL_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// Why inflation stopped early.
enum Stop {
    Malformed,
    TooLarge,
}

type Step<T> = Result<T, Stop>;

/// LSB-first bit reader over the whole input. Past the end it supplies zero bytes and counts
/// them, so that any code that used a bit beyond the input is found ([`Bits::overrun`]).
#[derive(Clone, Copy)]
struct Bits<'a> {
    data: &'a [u8],
    /// Next byte to load.
    pos: usize,
    buf: u64,
    /// Valid bits in `buf` (real or padding).
    cnt: u32,
    /// Padding bytes loaded past the end of `data`.
    pad: usize,
}

impl<'a> Bits<'a> {
    const fn new(data: &'a [u8], pos: usize) -> Self {
        Self {
            data,
            pos,
            buf: 0,
            cnt: 0,
            pad: 0,
        }
    }

    /// Tops the buffer up to at least 56 bits.
    #[inline(always)]
    fn refill(&mut self) {
        if let Some(chunk) = self.data.get(self.pos..self.pos + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.buf |= u64::from_le_bytes(word) << self.cnt;
            self.pos += ((63 - self.cnt) >> 3) as usize;
            self.cnt |= 56;
        } else {
            while self.cnt <= 56 {
                let byte = if let Some(&b) = self.data.get(self.pos) {
                    self.pos += 1;
                    b
                } else {
                    self.pad += 1;
                    0
                };
                self.buf |= u64::from(byte) << self.cnt;
                self.cnt += 8;
            }
        }
    }

    /// Takes `n` (<= 32) bits; the buffer must hold them (after `refill`).
    #[inline(always)]
    fn take(&mut self, n: u32) -> u32 {
        let v = (self.buf & ((1u64 << n) - 1)) as u32;
        self.buf >>= n;
        self.cnt -= n;
        v
    }

    /// Whether a bit past the end of the input has been consumed.
    fn overrun(&self) -> bool {
        (self.cnt as usize) < self.pad * 8
    }

    /// Drops the bits up to the next byte boundary and returns the position of the next
    /// unread input byte, or `None` if the input was overrun.
    fn align(&mut self) -> Option<usize> {
        let drop = self.cnt % 8;
        self.take(drop);
        if self.overrun() {
            return None;
        }
        let buffered = (self.cnt / 8) as usize - self.pad;
        Some(self.pos - buffered)
    }
}

/// The three kinds of code zlib's `inflate_table` builds, which differ in what incomplete
/// codes it allows (and here in what their table entries say).
#[derive(PartialEq, Eq, Clone, Copy)]
enum Kind {
    CodeLengths,
    LitLen,
    Dist,
}

// A table entry (`u32`), as zlib's `inflate_fast` has them: what one lookup learns.
/// Bits 0-3: the code's length; 0 for "longer than the table, or no code" (`decode_slow`).
const CODE_BITS: u32 = 15;
/// Bits 4-7: the number of extra bits after a length or distance code.
const EXTRA_SHIFT: u32 = 4;
/// A literal: the byte is the value.
const LITERAL: u32 = 1 << 8;
/// The end-of-block code.
const END: u32 = 1 << 9;
/// A symbol deflate does not have (length 286 and 287, distance 30 and 31), or no code at
/// all (from `decode_slow`).
const BAD: u32 = 1 << 10;
/// Bits 16-31: the value: the literal byte, the base of a length or distance, or the symbol
/// (code-length codes).
const VALUE_SHIFT: u32 = 16;

/// The entries of all three kinds of code without their code lengths, by kind
/// ([`Kind::first`]) then symbol: a code-length symbol is its value; a literal/length
/// symbol a literal, the end of block, a length's base and extra bits, or [`BAD`] (286 and
/// 287); a distance symbol its base and extra bits, or [`BAD`] (30 and 31).
// Evaluated at compile time, where an index out of range fails the build.
#[allow(clippy::indexing_slicing)]
const ENTRY: [u32; 19 + 288 + 32] = {
    let lit = Kind::LitLen.first();
    let dist = Kind::Dist.first();
    let mut table = [0u32; 19 + 288 + 32];
    let mut i = 0;
    while i < table.len() {
        table[i] = if i < lit {
            (i as u32) << VALUE_SHIFT
        } else if i < dist {
            match i - lit {
                sym @ 0..=255 => (sym as u32) << VALUE_SHIFT | LITERAL,
                256 => END,
                sym @ 257..=285 => {
                    (LEN_BASE[sym - 257] as u32) << VALUE_SHIFT
                        | (LEN_EXTRA[sym - 257] as u32) << EXTRA_SHIFT
                }
                _ => BAD,
            }
        } else {
            match i - dist {
                sym @ 0..=29 => {
                    (DIST_BASE[sym] as u32) << VALUE_SHIFT | (DIST_EXTRA[sym] as u32) << EXTRA_SHIFT
                }
                _ => BAD,
            }
        };
        i += 1;
    }
    table
};

impl Kind {
    /// Where this kind's entries start in [`ENTRY`].
    const fn first(self) -> usize {
        match self {
            Self::CodeLengths => 0,
            Self::LitLen => 19,
            Self::Dist => 19 + 288,
        }
    }
}

/// The entry of `sym` in a code of `kind`, without its code length.
fn entry(kind: Kind, sym: u16) -> u32 {
    ENTRY
        .get(kind.first() + usize::from(sym))
        .copied()
        .unwrap_or(BAD)
}

/// The value (bits 16-31) of an entry, plus its extra bits, which the buffer must hold.
#[inline(always)]
fn value_of(e: u32, bits: &mut Bits<'_>) -> usize {
    (e >> VALUE_SHIFT) as usize + bits.take((e >> EXTRA_SHIFT) & 15) as usize
}

/// A canonical Huffman code of up to `S` symbols: a one-lookup table for codes of up to
/// `width` bits (entries as above), where `width` is the longest code but at most
/// `log2(N)`, and `puff.c`'s counts and symbols for the longer codes.
struct Huffman<const N: usize, const S: usize> {
    fast: [u32; N],
    /// `2^width - 1`: the bits one lookup uses; only the first `2^width` entries are built.
    mask: u64,
    kind: Kind,
    count: [u16; 16],
    symbol: [u16; S],
}

/// A symbol with a non-zero code length, as [`Huffman::build`] takes them: `length << 9 |
/// symbol`.
const fn coded(len: u16, sym: u16) -> u16 {
    len << 9 | sym
}

/// The fixed literal/length code (RFC 1951 3.2.6; the lengths the compressor sends it
/// with), as a list for [`Huffman::build`].
// Evaluated at compile time, where an index out of range fails the build.
#[allow(clippy::indexing_slicing)]
const FIXED_LIT: [u16; 288] = {
    let mut list = [0u16; 288];
    let mut sym = 0;
    while sym < 288 {
        list[sym] = coded(super::deflate::static_lit_len(sym) as u16, sym as u16);
        sym += 1;
    }
    list
};

/// The fixed distance code: 32 codes of 5 bits (the compressor's length), as zlib builds
/// it (complete); symbols 30 and 31 are refused when decoded.
#[allow(clippy::indexing_slicing)]
const FIXED_DIST: [u16; 32] = {
    let mut list = [0u16; 32];
    let mut sym = 0;
    while sym < 32 {
        list[sym] = coded(super::deflate::STATIC_DIST_LEN as u16, sym as u16);
        sym += 1;
    }
    list
};

impl<const N: usize, const S: usize> Huffman<N, S> {
    /// Bits one lookup decodes at most.
    const FAST: usize = N.trailing_zeros() as usize;

    const fn new() -> Self {
        Self {
            fast: [0; N],
            mask: 0,
            kind: Kind::CodeLengths,
            count: [0; 16],
            symbol: [0; S],
        }
    }

    /// Builds the code whose symbols with a non-zero length are `list` ([`coded`], in
    /// increasing symbol order; lengths 1..=15), with zlib's validity rules. (The list comes
    /// from the caller, who makes it as it reads the lengths, so that the many symbols of
    /// length 0 cost nothing here.)
    // Indices here are loop counters below 16, or masked to 4 bits, into arrays of 16: they
    // cannot be out of range.
    #[allow(clippy::indexing_slicing)]
    fn build(&mut self, list: &[u16], kind: Kind) -> Step<()> {
        self.kind = kind;
        let mut count = [0u16; 16];
        for &p in list {
            count[usize::from(p >> 9) & 15] += 1;
        }
        count[0] = 0;
        let max = (1..16).rev().find(|&l| count[l] != 0).unwrap_or(0);
        if max == 0 {
            // zlib accepts an empty code (and then refuses any symbol decoded with it);
            // an empty code-length code leaves every length 0, which is refused anyway.
            self.fast[0] = 0;
            self.mask = 0;
            self.count = [0; 16];
            return if kind == Kind::CodeLengths {
                Err(Stop::Malformed)
            } else {
                Ok(())
            };
        }
        let mut left: i32 = 1;
        for &n in count.iter().skip(1) {
            left = (left << 1) - i32::from(n);
            if left < 0 {
                return Err(Stop::Malformed);
            }
        }
        if left > 0 && (kind == Kind::CodeLengths || max != 1) {
            return Err(Stop::Malformed);
        }
        // Symbols by length then value (`puff.c`'s `offs`).
        let mut offs = [0u16; 16];
        for l in 2..16 {
            offs[l] = offs[l - 1] + count[l - 1];
        }
        for &p in list {
            let o = &mut offs[usize::from(p >> 9) & 15];
            if let Some(s) = self.symbol.get_mut(usize::from(*o)) {
                *s = p & 511;
            }
            *o += 1;
        }
        self.count = count;
        // The lookup table, as libdeflate builds it: the codes of length `l` in canonical
        // order go into the first 2^l entries (at their bit-reversed code), then that part is
        // doubled for length `l + 1`, so each entry ends up repeated every 2^l. Entries no code
        // of up to `width` bits reaches stay 0 (longer codes, or the unused half of a single
        // one-bit code): `decode_slow` handles them. Lengths below the shortest code hold
        // nothing, so the table starts out as 2^shortest zeros.
        let width = max.min(Self::FAST);
        let shortest = (1..16).find(|&l| count[l] != 0).unwrap_or(max).min(width);
        let mut filled = 1usize << shortest;
        if let Some(zeros) = self.fast.get_mut(..filled) {
            zeros.fill(0);
        }
        // The current code of length `l`, bit-reversed: canonical codes count up, and a code
        // followed by a 0 (the first code of the next length) reverses to the same bits.
        let mut rev = 0u32;
        let mut at = 0usize;
        let entries = ENTRY.get(kind.first()..).unwrap_or_default();
        for (l, &n) in count.iter().enumerate().take(width + 1).skip(shortest) {
            if l > shortest {
                self.fast.copy_within(0..filled, filled);
                filled *= 2;
            }
            for _ in 0..n {
                let sym = self.symbol.get(at).copied().unwrap_or(0);
                at += 1;
                if let Some(e) = self.fast.get_mut(rev as usize) {
                    *e = entries.get(usize::from(sym)).copied().unwrap_or(BAD) | l as u32;
                }
                // The next code: add one at the top bit, carrying downwards. (After the last
                // code of a complete code there is none: all ones, and nothing follows.)
                if let Some(h) = (!rev & ((1 << l) - 1)).checked_ilog2() {
                    rev = (rev & ((1 << h) - 1)) | (1 << h);
                }
            }
        }
        self.mask = (1 << width) - 1;
        Ok(())
    }

    /// Decodes one symbol and returns its entry ([`BAD`], using no bits, where no code
    /// matches); the buffer must hold at least 15 bits.
    #[inline(always)]
    fn decode(&self, bits: &mut Bits<'_>) -> u32 {
        let mut e = self
            .fast
            .get((bits.buf & self.mask) as usize & (N - 1))
            .copied()
            .unwrap_or(0);
        if e & CODE_BITS == 0 {
            e = self.decode_slow(bits.buf);
        }
        bits.take(e & CODE_BITS);
        e
    }

    /// `puff.c`'s canonical decoding, one bit of `buf` at a time: the entry, with the code's
    /// length, or [`BAD`]. (The buffer by value, so that the reader stays in registers.)
    #[inline(never)]
    fn decode_slow(&self, buf: u64) -> u32 {
        let (mut code, mut first, mut index) = (0u32, 0u32, 0u32);
        for l in 1..16u32 {
            code |= ((buf >> (l - 1)) & 1) as u32;
            let count = u32::from(self.count.get(l as usize).copied().unwrap_or(0));
            if code < first + count {
                return self
                    .symbol
                    .get((index + code - first) as usize)
                    .map_or(BAD, |&sym| entry(self.kind, sym) | l);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        BAD
    }
}

/// `zlib.decompress(data)`, refusing to produce more than `limit` bytes.
pub(crate) fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, Error> {
    // The buffer is zeroed up front (it is written by index), so the header is checked
    // first: a stream refused at its header allocates and clears nothing.
    if !header_ok(data) {
        return Err(Error::MalformedZlib);
    }
    // Room for a typical JSON payload (zlib rarely shrinks one below a quarter), never more
    // than the limit allows; larger outputs grow the buffer as they go.
    let guess = data.len().saturating_mul(4).saturating_add(64).min(limit);
    let mut out = alloc::vec![0u8; guess];
    match inflate(data, limit, &mut out) {
        Ok(len) => {
            out.truncate(len);
            Ok(out)
        }
        Err(Stop::Malformed) => Err(Error::MalformedZlib),
        Err(Stop::TooLarge) => Err(Error::DecompressedTooLarge { limit }),
    }
}

/// The two-byte zlib header CPython's `wbits` 15 accepts: a multiple of 31, method 8, a
/// window of at most 32 KiB, no preset dictionary.
fn header_ok(data: &[u8]) -> bool {
    let [cmf, flg, ..] = *data else {
        return false;
    };
    (u32::from(cmf) << 8 | u32::from(flg)) % 31 == 0
        && cmf & 0x0f == 8
        && cmf >> 4 <= 7
        && flg & 0x20 == 0
}

/// Inflates the stream after `data`'s header (which [`decompress`] has checked) into `out`,
/// whose length is the room for output (`out.len() <= limit`, zeros or bytes to be
/// overwritten), and returns how much of it holds the output.
fn inflate(data: &[u8], limit: usize, out: &mut Vec<u8>) -> Step<usize> {
    let mut bits = Bits::new(data, 2);
    let mut lit = LitCode::new();
    let mut dist = DistCode::new();
    let mut written = 0;
    loop {
        bits.refill();
        let last = bits.take(1);
        match bits.take(2) {
            0 => {
                let at = bits.align().ok_or(Stop::Malformed)?;
                let Some(&[l0, l1, n0, n1]) = data.get(at..at + 4) else {
                    return Err(Stop::Malformed);
                };
                let len = usize::from(u16::from_le_bytes([l0, l1]));
                let nlen = u16::from_le_bytes([n0, n1]);
                if len as u16 != !nlen {
                    return Err(Stop::Malformed);
                }
                let body = data.get(at + 4..).unwrap_or_default();
                let take = len.min(body.len());
                if written + take > limit {
                    return Err(Stop::TooLarge);
                }
                let stored = body.get(..len).ok_or(Stop::Malformed)?;
                grow(out, written, len, limit);
                if let Some(room) = out.get_mut(written..written + len) {
                    room.copy_from_slice(stored);
                }
                written += len;
                bits = Bits::new(data, at + 4 + len);
            }
            1 => {
                fixed_codes(&mut lit, &mut dist)?;
                written = codes(&mut bits, &lit, &dist, limit, out, written)?;
            }
            2 => {
                dynamic_codes(&mut bits, &mut lit, &mut dist)?;
                written = codes(&mut bits, &lit, &dist, limit, out, written)?;
            }
            _ => return Err(Stop::Malformed),
        }
        if last == 1 {
            break;
        }
    }
    let at = bits.align().ok_or(Stop::Malformed)?;
    let Some(&[c0, c1, c2, c3]) = data.get(at..at + 4) else {
        return Err(Stop::Malformed);
    };
    let want = u32::from_be_bytes([c0, c1, c2, c3]);
    if super::deflate::adler32(out.get(..written).unwrap_or_default()) == want {
        Ok(written)
    } else {
        Err(Stop::Malformed)
    }
}

fn fixed_codes(lit: &mut LitCode, dist: &mut DistCode) -> Step<()> {
    lit.build(&FIXED_LIT, Kind::LitLen)?;
    dist.build(&FIXED_DIST, Kind::Dist)
}

fn dynamic_codes(bits: &mut Bits<'_>, lit: &mut LitCode, dist: &mut DistCode) -> Step<()> {
    let nlen = bits.take(5) as usize + 257;
    let ndist = bits.take(5) as usize + 1;
    let ncode = bits.take(4) as usize + 4;
    if nlen > 286 || ndist > 30 {
        return Err(Stop::Malformed);
    }
    let mut cl_lengths = [0u8; 19];
    for &i in CL_ORDER.iter().take(ncode) {
        bits.refill();
        if let Some(l) = cl_lengths.get_mut(i) {
            *l = bits.take(3) as u8;
        }
    }
    let mut cl_list = [0u16; 19];
    let mut k = 0;
    for (sym, &l) in cl_lengths.iter().enumerate() {
        if l != 0 {
            if let Some(c) = cl_list.get_mut(k) {
                *c = coded(u16::from(l), sym as u16);
            }
            k += 1;
        }
    }
    // The code-length code is decoded with `lit`'s storage, before the real codes are built.
    lit.build(cl_list.get(..k).unwrap_or_default(), Kind::CodeLengths)?;
    // The symbols with a non-zero length, literal/length ones first (the first `nlit`),
    // then distance ones, each part in increasing symbol order.
    let mut list = [0u16; 286 + 30];
    let (mut k, mut nlit) = (0usize, 0usize);
    let mut prev = None;
    let n = nlen + ndist;
    let mut i = 0;
    while i < n {
        // A code-length code is at most 7 bits, its repeat count at most 7 more.
        if bits.cnt < 15 + 7 {
            bits.refill();
        }
        let e = lit.decode(bits);
        if e & BAD != 0 {
            return Err(Stop::Malformed);
        }
        let sym = (e >> VALUE_SHIFT) as u16;
        let (value, repeat) = match sym {
            0..=15 => (sym, 1),
            16 => (prev.ok_or(Stop::Malformed)?, 3 + bits.take(2) as usize),
            17 => (0, 3 + bits.take(3) as usize),
            _ => (0, 11 + bits.take(7) as usize),
        };
        if i + repeat > n {
            return Err(Stop::Malformed);
        }
        if value != 0 {
            for at in i..i + repeat {
                let in_dist = at >= nlen;
                if let Some(c) = list.get_mut(k) {
                    *c = coded(value, (at - usize::from(in_dist) * nlen) as u16);
                }
                k += 1;
                nlit += usize::from(!in_dist);
            }
        }
        prev = Some(value);
        i += repeat;
    }
    // Codes read past the end of the input are refused here (a symbol decoded from the
    // padding may have been refused first: malformed all the same).
    // The end-of-block code must have a length: 256 is among the last literal/length
    // symbols listed, after which only length symbols (257..) can come.
    let lit_list = list.get(..nlit).unwrap_or_default();
    let end_of_block = lit_list
        .iter()
        .rev()
        .map(|&p| p & 511)
        .take_while(|&sym| sym >= 256)
        .any(|sym| sym == 256);
    if bits.overrun() || !end_of_block {
        return Err(Stop::Malformed);
    }
    lit.build(lit_list, Kind::LitLen)?;
    dist.build(list.get(nlit..k).unwrap_or_default(), Kind::Dist)
}

/// Decodes one Huffman-coded block's symbols into `out` after the first `written` bytes;
/// returns the new count.
fn codes(
    bits: &mut Bits<'_>,
    lit: &LitCode,
    dist: &DistCode,
    limit: usize,
    out: &mut Vec<u8>,
    written: usize,
) -> Step<usize> {
    // The reader in locals (registers), not behind the reference, for the symbol loop.
    let mut local = *bits;
    let result = symbols(&mut local, lit, dist, limit, out, written);
    *bits = local;
    result
}

/// Room the fast loop needs after the output: two literals, a longest match and the 8
/// bytes a match copy may write past its end.
const FAST_ROOM: usize = 2 + 258 + 8;

#[inline(always)]
fn symbols(
    bits: &mut Bits<'_>,
    lit: &LitCode,
    dist: &DistCode,
    limit: usize,
    out: &mut Vec<u8>,
    mut at: usize,
) -> Step<usize> {
    let input = bits.data.len();
    loop {
        // The fast loop, while the first refill reads no padding and the output has room (it
        // stays below the limit): up to three literals per refill (56 bits hold three codes
        // of 15 bits), then a match. No overrun checks: the second refill may read padding,
        // but then the next symbol is the slow loop's, which checks (as the end of the
        // block does here), and a match has no limit to meet.
        let buf = out.as_mut_slice();
        while bits.pos + 8 <= input && at + FAST_ROOM <= buf.len() {
            bits.refill();
            let mut e = lit.decode(bits);
            if e & LITERAL != 0 {
                put(buf, at, e);
                at += 1;
                e = lit.decode(bits);
                if e & LITERAL != 0 {
                    put(buf, at, e);
                    at += 1;
                    e = lit.decode(bits);
                    if e & LITERAL != 0 {
                        put(buf, at, e);
                        at += 1;
                        continue;
                    }
                }
            }
            // At most 45 bits used: room for a length's 5 extra bits.
            if e & (END | BAD) != 0 {
                return if e & BAD != 0 || bits.overrun() {
                    Err(Stop::Malformed)
                } else {
                    Ok(at)
                };
            }
            let len = value_of(e, bits);
            bits.refill();
            let de = dist.decode(bits);
            if de & BAD != 0 {
                return Err(Stop::Malformed);
            }
            let d = value_of(de, bits);
            if d > at {
                return Err(Stop::Malformed);
            }
            copy_match_fast(buf, at, d, len);
            at += len;
        }
        // One symbol at a time, each checked: near the end of the input or of the room.
        bits.refill();
        let e = lit.decode(bits);
        if e & LITERAL != 0 {
            if bits.overrun() {
                return Err(Stop::Malformed);
            }
            if at >= limit {
                return Err(Stop::TooLarge);
            }
            if at == out.len() {
                grow(out, at, 1, limit);
            }
            put(out, at, e);
            at += 1;
            continue;
        }
        if e & END != 0 {
            return if bits.overrun() {
                Err(Stop::Malformed)
            } else {
                Ok(at)
            };
        }
        if e & BAD != 0 {
            return Err(Stop::Malformed);
        }
        let len = value_of(e, bits);
        let de = dist.decode(bits);
        if de & BAD != 0 {
            return Err(Stop::Malformed);
        }
        let d = value_of(de, bits);
        if bits.overrun() || d > at {
            return Err(Stop::Malformed);
        }
        if at + len > limit {
            return Err(Stop::TooLarge);
        }
        grow(out, at, len, limit);
        copy_match(out, at, d, len);
        at += len;
    }
}

/// Writes the literal of entry `e` at `at` (which the caller has made room for).
#[inline(always)]
fn put(out: &mut [u8], at: usize, e: u32) {
    if let Some(b) = out.get_mut(at) {
        *b = (e >> VALUE_SHIFT) as u8;
    }
}

/// Makes room for `need` more bytes after `at` (`at + need <= limit`): the room doubles, but
/// never past `limit`, so a stream that runs into the limit holds at most `limit` bytes of
/// buffer (and `2 * limit` while one growth copies).
fn grow(out: &mut Vec<u8>, at: usize, need: usize, limit: usize) {
    let room = out.len();
    if at + need <= room {
        return;
    }
    let want = (at + need).max(room.saturating_mul(2).min(limit));
    out.reserve_exact(want - room);
    out.resize(want, 0);
}

/// Writes at `at` the `len` bytes copied from `d` bytes back (`1 <= d <= at`,
/// `at + len <= out.len()`), overlapping as LZ77 means: the first `d` bytes repeat.
fn copy_match(out: &mut [u8], at: usize, d: usize, len: usize) {
    if d == 0 || d > at || at + len > out.len() {
        return;
    }
    let start = at - d;
    // Doubling copies from `start`: the region from there is periodic with period `d`, and
    // each copy appends a whole number of periods until the last.
    let mut done = 0;
    while done < len {
        let n = (at + done - start).min(len - done);
        out.copy_within(start..start + n, at + done);
        done += n;
    }
}

/// [`copy_match`] where the output has 8 bytes of room past the match (the fast loop's
/// [`FAST_ROOM`]), which it may overwrite: eight bytes at a time when `d >= 8`.
#[inline(always)]
fn copy_match_fast(out: &mut [u8], at: usize, d: usize, len: usize) {
    let Some(window) = out.get_mut(at.wrapping_sub(d)..at + len + 8) else {
        copy_match(out, at, d, len);
        return;
    };
    // `window[..d]` is the source, the match goes to `window[d..d + len]`.
    if d >= 8 {
        // The eight bytes read were all written before.
        let mut i = 0;
        while i < len {
            let word = window
                .get(i..i + 8)
                .and_then(|w| <[u8; 8]>::try_from(w).ok());
            if let (Some(w), Some(o)) = (word, window.get_mut(d + i..d + i + 8)) {
                o.copy_from_slice(&w);
            }
            i += 8;
        }
    } else {
        // Short periods byte by byte (each byte is there when it is read).
        for i in 0..len {
            if let Some(&b) = window.get(i)
                && let Some(o) = window.get_mut(d + i)
            {
                *o = b;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_matches_repeat_the_period() {
        let mut v = alloc::vec![1u8, 2, 3];
        v.resize(13, 0);
        copy_match(&mut v, 3, 3, 10);
        assert_eq!(v, [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1]);
        let mut v = alloc::vec![7u8, 9, 0, 0, 0, 0];
        copy_match(&mut v, 2, 1, 4);
        assert_eq!(v, [7, 9, 9, 9, 9, 9]);
    }

    /// The fast copy (eight bytes at a time, writing up to 8 bytes past the match) gives
    /// the bytes of the plain one, for every period and length around the word size, and
    /// leaves the bytes before the match alone.
    #[test]
    fn the_fast_copy_matches_the_plain_one() {
        for d in 1..40usize {
            for len in 3..60usize {
                let mut plain: Vec<u8> = (0..d as u8 + 5).map(|b| b.wrapping_mul(37)).collect();
                let at = plain.len();
                plain.resize(at + len + 8, 0);
                let mut fast = plain.clone();
                copy_match(&mut plain, at, d, len);
                copy_match_fast(&mut fast, at, d, len);
                assert_eq!(fast[..at + len], plain[..at + len], "d {d} len {len}");
                // and without the 8 bytes of slack, the byte loop
                let mut tight = fast[..at].to_vec();
                tight.resize(at + len, 0);
                copy_match_fast(&mut tight, at, d, len);
                assert_eq!(tight[..], plain[..at + len], "d {d} len {len} tight");
            }
        }
    }

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(s.get(i..i + 2).unwrap_or("zz"), 16).unwrap_or(0))
            .collect()
    }

    /// Streams made by `tests/data/inflate_code_rules.py` at the edges of the code rules
    /// (incomplete, over-subscribed and empty codes of each kind, 15-bit codes, more codes
    /// announced than deflate has) and of the
    /// header (method, window, preset dictionary, check), with what
    /// CPython's zlib decompresses them to, or `None` where it refuses them.
    #[test]
    fn zlib_code_rules() {
        let cases: &[(&str, Option<&str>)] = &[
            // complete codes, one 1-bit distance code
            (
                "789c05e0019024499224490200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000202202490124",
                Some("616161"),
            ),
            // empty distance code, no distance used
            (
                "789c05e00190244992244902000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002010012500c3",
                Some("6161"),
            ),
            // empty distance code, a match needs one
            (
                "789c0de001902449922449020000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000010810303ce0185",
                None,
            ),
            // one 1-bit literal/length code (end of block only)
            (
                "789c05e0019024499224490200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200200000001",
                Some(""),
            ),
            // incomplete literal/length code
            (
                "789c05e0019024499224490200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000100a00620062",
                None,
            ),
            // over-subscribed literal/length code
            (
                "789c05e0019024499224490200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000022000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200a00620062",
                None,
            ),
            // incomplete distance code of two bits
            (
                "789c05e0019024499224490200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200900620062",
                None,
            ),
            // two 1-bit distance codes and a match
            (
                "789c0de101902449922449020000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000010215a03ce0185",
                Some("61616161"),
            ),
            // incomplete code-length code
            (
                "789c05c0019024499224490000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000440100620062",
                None,
            ),
            // code-length code of one 1-bit code
            (
                "789cedc00100000000001000000000000000000000000000000000000000000000000000000000000000000000004000000001",
                None,
            ),
            // long codes: 15-bit literals
            (
                "789c05e001902449922449fedf4e57869b0a1300000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000020fefffeffffdfbfbffeffff3f008a0022",
                Some("00010207080e0100"),
            ),
            // 286 literal/length and 30 distance codes
            (
                "789cedfd0190244992244902000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000002000000000000000000000000000000800620062",
                Some("61"),
            ),
            // 287 literal/length codes
            (
                "789cf5e0019024499224490200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000a00620062",
                None,
            ),
            // 288 literal/length codes
            (
                "789cfde001902449922449020000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000a000620062",
                None,
            ),
            // 31 distance codes
            (
                "789c05fe019024499224490200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200200000000000000000000000000000800620062",
                None,
            ),
            // 32 distance codes
            (
                "789c05ff019024499224490200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200200000000000000000000000000008000620062",
                None,
            ),
            // header: window 2^15, default level
            ("789c4b040000620062", Some("61")),
            // header: window 2^8
            ("081d4b040000620062", Some("61")),
            // header: method 7
            ("77854b040000620062", None),
            // header: method 15
            ("7f834b040000620062", None),
            // header: window 2^16 (CINFO 8)
            ("88984b040000620062", None),
            // header: preset dictionary flag
            ("78bb4b040000620062", None),
            // header: wrong check
            ("789d4b040000620062", None),
        ];
        for &(stream, want) in cases {
            let got = decompress(&unhex(stream), 1 << 20);
            match want {
                Some(hex) => assert_eq!(got.as_deref().ok(), Some(&unhex(hex)[..]), "{stream}"),
                None => assert!(
                    matches!(got, Err(Error::MalformedZlib)),
                    "{stream}: {got:?}"
                ),
            }
        }
    }

    /// Every code of at most the table's width (the longest code, at most `log2(N)` bits) is
    /// answered by the lookup table alone (one lookup per symbol, with its entry);
    /// `decode_slow` is only for longer codes. Checked on the fixed codes (7, 8 and 9 bits;
    /// 5 bits) and on a code of every length from 1 to 15 in both kinds of table.
    #[test]
    fn the_fast_table_holds_every_short_code() {
        let mut lit = LitCode::new();
        let mut dist = DistCode::new();
        assert!(fixed_codes(&mut lit, &mut dist).is_ok());
        check_table(&lit, &FIXED_LIT, 9);
        check_table(&dist, &FIXED_DIST, 5);
        let mut list = [0u16; 16];
        for (sym, c) in list.iter_mut().enumerate() {
            // 15, 1, 2, ..., 15: a complete code
            let l = u16::try_from(sym.clamp(1, 15)).unwrap_or(15);
            *c = coded(if sym == 0 { 15 } else { l }, sym as u16);
        }
        let mut long = LitCode::new();
        assert!(long.build(&list, Kind::LitLen).is_ok());
        check_table(&long, &list, 15);
        let mut long = DistCode::new();
        assert!(long.build(&list, Kind::Dist).is_ok());
        check_table(&long, &list, 15);
        // and the session's literal/length code (lengths 4 to 7): a table of 128 entries
        let mut session = Vec::new();
        for (sym, l) in [(10u16, 4u16), (32, 4), (34, 4)] {
            session.push(coded(l, sym));
        }
        for sym in 44..60 {
            session.push(coded(5, sym));
        }
        for sym in 60..73 {
            session.push(coded(6, sym));
        }
        for sym in 97..110 {
            session.push(coded(7, sym));
        }
        session.push(coded(7, 256));
        let mut lit = LitCode::new();
        assert!(lit.build(&session, Kind::LitLen).is_ok());
        check_table(&lit, &session, 7);
    }

    #[allow(clippy::needless_range_loop)] // lengths index three tables at once
    fn check_table<const N: usize, const S: usize>(
        table: &Huffman<N, S>,
        list: &[u16],
        max_len: u32,
    ) {
        // symbols in canonical order: by length, then value
        let mut sorted: Vec<(u16, u16)> = list.iter().map(|&p| (p >> 9, p & 511)).collect();
        sorted.sort_unstable();
        // canonical codes by length, as the decoder must see them
        let mut next = [0u32; 17];
        let mut code = 0u32;
        for l in 1..16 {
            code = (code + u32::from(table.count[l - 1])) << 1;
            next[l] = code;
        }
        let width = table.mask.count_ones() as usize;
        assert_eq!(width, (max_len as usize).min(Huffman::<N, S>::FAST));
        for l in 1..=max_len.min(15) as usize {
            for k in 0..u32::from(table.count[l]) {
                let c = next[l] + k;
                let rev = c.reverse_bits() >> (32 - l as u32);
                let e = table.fast[(rev as usize) & (table.mask as usize)];
                if l <= width {
                    assert_eq!((e & CODE_BITS) as usize, l, "length {l} code {c:b}");
                    let at: u16 = table.count[..l].iter().sum::<u16>() + k as u16;
                    let sym = sorted[usize::from(at)].1;
                    assert_eq!(
                        e,
                        entry(table.kind, sym) | l as u32,
                        "length {l} code {c:b}"
                    );
                    // and the entry repeats for every value of the bits above the code,
                    // up to the table's width
                    for high in 0..(1usize << (width - l)) {
                        let i = rev as usize | (high << l);
                        assert_eq!(table.fast[i], e, "length {l} code {c:b} at {i}");
                    }
                } else {
                    assert_eq!(e & CODE_BITS, 0, "length {l}: left to decode_slow");
                }
            }
        }
    }

    /// Streams from CPython under every limit around their size and cut at every byte: the
    /// fast loop (three literals per refill; a match with no limit or overrun check) hands
    /// over to the checked one near the end of the input and of the room, and the answers are
    /// zlib's: the text under a limit of its size or more, too large under any less, and
    /// malformed when cut anywhere (CPython refuses every cut of both). The dynamic block:
    /// `zlib.compress(text, 9)` of a session's JSON, a run of 300 `a`s (matches of 258 and
    /// 41 at distance 1), `abc` * 40 (distance 3), `0123456789` * 12 (distance 10), the
    /// printable ASCII, a short text three times; its first sizing (1120 bytes) ends the fast
    /// loop before the end of the output. The fixed block: `zlib.compress(t)` (51 bytes).
    #[test]
    fn every_limit_and_every_cut() {
        let dynamic = unhex(concat!(
            "78daed8e575383401485ff0aae5d117717962cd8632fb1f718c9160884084ab121fe768d9319e39b",
            "bee88b67eec399fb9d7be616c06179e63b79ea264e2081ad00030355e95f73264237fa60b2cda256",
            "ac8938ca92806bdd8cd6c3a9568ba5dba9f6c25f2b7c96fadd7bcba3a68414516a888a3489c5b0e7",
            "320605214c424498ce3dc3431c73c829c64222224d8108871e840c5250b27f7d5f5cfcc940847583",
            "98156afdae5306c0e0d0f0c8e8d8f8c4a43aa54d7f127b66766e7e6171a9babcb2bab6beb1b9b5bd",
            "53dbdddb3f383c3a3e393d3bbfb8ac5f35ae9de6fbefd2f55a7ed00e3b37517c7b97a4597efff0f8",
            "f45cbc94af0508815d472a56f586dae7cb9f83375a012144",
        ));
        let mut text = br#"{"_auth_user_id": "42", "_auth_user_backend": "django.contrib.auth.backends.ModelBackend", "_auth_user_hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}"#.to_vec();
        text.extend([b'a'; 300]);
        text.extend(b"abc".repeat(40));
        text.extend(b"0123456789".repeat(12));
        text.extend(32..127u8);
        text.extend(br#"{"k":[1,2,3],"k":[1,2,3]}"#.repeat(3));
        assert_eq!(text.len(), 887);
        let fixed = unhex(concat!(
            "789cab564a54b232d4514a52b252ca48cdc9c95740229574949295aca24b8a4a5375d212738a5375",
            "f24a7372626b01b4cb1178",
        ));
        let short = br#"{"a":1,"b":"hello hello hello","c":[true,false,null]}"#;
        // Miri runs this some thousands of times slower than native code (13 minutes of CI
        // for the whole domain): there every 29th limit and cut and those within 2 of the
        // edges go through the same paths; the native run checks them all.
        let keep =
            |i: usize, edge: usize| !cfg!(miri) || i.is_multiple_of(29) || i.abs_diff(edge) <= 2;
        for (stream, text) in [(&dynamic, &text[..]), (&fixed, &short[..])] {
            for limit in (0..text.len() + 300).filter(|&l| keep(l, text.len())) {
                let got = decompress(stream, limit);
                if limit >= text.len() {
                    assert_eq!(got.as_deref(), Ok(text), "limit {limit}");
                    assert!(got.is_ok_and(|v| v.capacity() <= limit), "limit {limit}");
                } else {
                    assert_eq!(got, Err(Error::DecompressedTooLarge { limit }));
                }
            }
            for cut in (0..stream.len()).filter(|&c| keep(c, stream.len())) {
                for limit in [text.len(), 1 << 20] {
                    let got = decompress(&stream[..cut], limit);
                    assert_eq!(got, Err(Error::MalformedZlib), "cut {cut} limit {limit}");
                }
            }
        }
    }

    /// A stored block is held to the limit like any output (SPEC.md 6.3): exactly the limit
    /// is accepted, one byte over is too large, a longer announced length than the stream
    /// holds is malformed unless what is there already exceeds the limit.
    #[test]
    fn stored_blocks_meet_the_limit() {
        // zlib.compress(b"abcdefghij", 0) in CPython 3.11
        let stream = unhex("7801010a00f5ff6162636465666768696a158603f8");
        assert_eq!(decompress(&stream, 10).as_deref(), Ok(&b"abcdefghij"[..]));
        assert_eq!(decompress(&stream, 11).as_deref(), Ok(&b"abcdefghij"[..]));
        assert_eq!(
            decompress(&stream, 9),
            Err(Error::DecompressedTooLarge { limit: 9 })
        );
        assert_eq!(
            decompress(&stream, 0),
            Err(Error::DecompressedTooLarge { limit: 0 })
        );
        let cut = &stream[..stream.len() - 7]; // 7 of the 10 bytes, no checksum
        assert_eq!(decompress(cut, 10), Err(Error::MalformedZlib));
        assert_eq!(
            decompress(cut, 6),
            Err(Error::DecompressedTooLarge { limit: 6 })
        );
    }

    /// The output never holds room past the limit (audits/threat-model.md, A3), also when
    /// it fills up on a literal: CPython's `zlib.compress(b"a" * 2496 + bytes(range(1, 256)))`
    /// (296 bytes) is sized 4 * 296 + 64 = 1248 first, doubled by the run of `a`s to 2496,
    /// which they fill exactly, and then a literal needs more.
    #[test]
    fn the_output_never_holds_room_past_the_limit() {
        let stream = unhex(concat!(
            "789c4b4c1c05a360148c8251300a46c12818054309303231b3b0b2b173707271f3f0f2f10b080a09",
            "8b888a894b484a49cbc8cac92b282a29aba8aaa96b686a69ebe8eae91b181a199b989a995b585a59",
            "dbd8dad93b383a39bbb8bab97b787a79fbf8faf9070406058784868547444645c7c4c6c527242625",
            "a7a4a6a567646665e7e4e6e5171416159794969557545655d7d4d6d537343635b7b4b6b577747675",
            "f7f4f6f54f983869f294a9d3a6cf98396bf69cb9f3e62f58b868f192a5cb96af58b96af59ab5ebd6",
            "6fd8b869f396addbb6efd8b96bf79ebdfbf61f3878e8f091a3c78e9f3879eaf499b3e7ce5fb878e9",
            "f295abd7aedfb879ebf69dbbf7ee3f78f8e8f193a7cf9ebf78f9eaf59bb7efde7ff8f8e9f397afdf",
            "befff8f9ebf79fbffffe03006c61317d",
        ));
        let mut want = alloc::vec![b'a'; 2496];
        want.extend(1..=255u8);
        for limit in [want.len(), want.len() + 1, want.len() + 1000, 1 << 20] {
            let out = decompress(&stream, limit).unwrap_or_default();
            assert_eq!(out, want, "limit {limit}");
            assert!(out.capacity() <= limit, "limit {limit}: {}", out.capacity());
        }
        assert_eq!(
            decompress(&stream, want.len() - 1),
            Err(Error::DecompressedTooLarge {
                limit: want.len() - 1
            })
        );
        // and when a match meets the limit: `zlib.compress(b"a" * 2000)` (23 bytes), sized
        // 4 * 23 + 64 = 156 first and doubled by matches until the limit caps the growth
        let run = unhex("789c4b4c1c05a360148c8251300a46c150070064c6f5ef");
        for limit in [2000, 2001, 2100] {
            let out = decompress(&run, limit).unwrap_or_default();
            assert_eq!(out, [b'a'; 2000], "limit {limit}");
            assert!(out.capacity() <= limit, "limit {limit}: {}", out.capacity());
        }
    }

    /// A match that needs one byte more than the first sizing of the output (4 * input + 64
    /// bytes) gives: the output grows to what it holds, within a limit of exactly that, and
    /// never past the limit. Streams from `tests/data/inflate_code_rules.py` (the "growth"
    /// lines; CPython decompresses each to "a" repeated).
    #[test]
    fn a_match_one_byte_past_the_first_sizing() {
        let cases: &[(&str, usize)] = &[
            // growth: 16 bytes, a literal then a match of 128
            ("7801000100feff611b6800006a5630e2", 129),
            // growth: 21 bytes, a literal then a match of 148
            ("7801000000ffff000100feff611b8c00008bcc3876", 149),
            // growth: 26 bytes, a literal then a match of 168
            ("7801000000ffff000000ffff000100feff611b2a000044e1400a", 169),
            // growth: 31 bytes, a literal then a match of 188
            (
                "7801000000ffff000000ffff000000ffff000100feff611bca00009586479e",
                189,
            ),
            // growth: 36 bytes, a literal then a match of 208
            (
                "7801000000ffff000000ffff000000ffff000000ffff000100feff611b6e00007dca4f32",
                209,
            ),
            // growth: 41 bytes, a literal then a match of 228
            (
                "7801000000ffff000000ffff000000ffff000000ffff000000ffff000100feff611b090000fd9e56c6",
                229,
            ),
            // growth: 46 bytes, a literal then a match of 248
            (
                "7801000000ffff000000ffff000000ffff000000ffff000000ffff000000ffff000100feff611ba9000015205e5a",
                249,
            ),
        ];
        for &(stream, len) in cases {
            let data = unhex(stream);
            assert_eq!(4 * data.len() + 64 + 1, len, "{stream}");
            for limit in [len, len + 1, 1 << 20] {
                let out = decompress(&data, limit).unwrap_or_default();
                assert!(
                    out.len() == len && out.iter().all(|&b| b == b'a'),
                    "{stream}"
                );
                assert!(
                    out.capacity() <= limit,
                    "{stream} {limit}: {}",
                    out.capacity()
                );
            }
        }
    }
}
