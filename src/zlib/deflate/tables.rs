//! The deflate format's fixed facts (RFC 1951 section 3.2.5 and 3.2.6): length and distance
//! codes with their extra bits, the order of the code-length code lengths, and the fixed
//! ("static") Huffman codes. Computed by small functions instead of zlib's generated tables.

/// Literal bytes 0..=255 are codes 0..=255 of the literal/length alphabet.
pub(super) const LITERALS: usize = 256;
/// The end-of-block code.
pub(super) const END_BLOCK: usize = 256;
/// Length codes 257..=285.
pub(super) const LENGTH_CODES: usize = 29;
/// Codes of the literal/length alphabet that a block can use (286 and 287 never occur).
pub(super) const L_CODES: usize = LITERALS + 1 + LENGTH_CODES;
/// Codes of the distance alphabet.
pub(super) const D_CODES: usize = 30;
/// Codes of the code-length alphabet (0..=15, then 16, 17, 18).
pub(super) const BL_CODES: usize = 19;
/// Longest Huffman code in a literal/length or distance tree.
pub(super) const MAX_BITS: usize = 15;
/// Longest code of the code-length tree.
pub(super) const MAX_BL_BITS: usize = 7;
/// Code-length code: repeat the previous length 3..=6 times (2 extra bits).
pub(super) const REP_3_6: usize = 16;
/// Code-length code: 3..=10 zero lengths (3 extra bits).
pub(super) const REPZ_3_10: usize = 17;
/// Code-length code: 11..=138 zero lengths (7 extra bits).
pub(super) const REPZ_11_138: usize = 18;

/// Shortest and longest match.
pub(super) const MIN_MATCH: usize = 3;
pub(super) const MAX_MATCH: usize = 258;

/// The order in which a dynamic block header sends the code-length code lengths.
pub(super) const BL_ORDER: [u8; BL_CODES] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// Extra bits of code-length codes 16, 17, 18 (the others have none).
pub(super) const fn extra_blbits(code: usize) -> u32 {
    match code {
        REP_3_6 => 2,
        REPZ_3_10 => 3,
        REPZ_11_138 => 7,
        _ => 0,
    }
}

/// The length code (0..=28, i.e. literal/length symbol minus 257) of a match whose length
/// minus 3 is `lc` (0..=255).
///
/// Length 258 (`lc` 255) could also be code 284 with all five extra bits set; like zlib,
/// and as RFC 1951 intends, it is code 285 with no extra bits.
pub(super) const fn length_code(lc: usize) -> usize {
    if lc >= 255 {
        28
    } else if lc < 8 {
        lc
    } else {
        // lc in [2^b, 2^(b+1)) with b >= 3: four codes per power of two.
        let b = (usize::BITS - 1 - lc.leading_zeros()) as usize;
        4 * (b - 1) + ((lc >> (b - 2)) & 3)
    }
}

/// Extra bits of length code `code` (0..=28).
pub(super) const fn extra_lbits(code: usize) -> u32 {
    if code < 8 || code >= 28 {
        0
    } else {
        (code / 4 - 1) as u32
    }
}

/// First `lc` (length minus 3) of length code `code`.
pub(super) const fn base_length(code: usize) -> usize {
    if code < 8 {
        code
    } else if code >= 28 {
        255
    } else {
        (4 + (code & 3)) << (code / 4 - 1)
    }
}

/// The distance code (0..=29) of a match at distance `d + 1` (`d` in 0..32768).
pub(super) const fn dist_code(d: usize) -> usize {
    if d < 4 {
        d
    } else {
        // d in [2^b, 2^(b+1)) with b >= 2: two codes per power of two.
        let b = (usize::BITS - 1 - d.leading_zeros()) as usize;
        2 * b + ((d >> (b - 1)) & 1)
    }
}

/// Extra bits of distance code `code`.
pub(super) const fn extra_dbits(code: usize) -> u32 {
    if code < 4 { 0 } else { (code / 2 - 1) as u32 }
}

/// First `d` (distance minus 1) of distance code `code`.
pub(super) const fn base_dist(code: usize) -> usize {
    if code < 4 {
        code
    } else {
        (2 + (code & 1)) << (code / 2 - 1)
    }
}

/// Reverses the low `len` bits of `code` (deflate sends Huffman codes most significant bit
/// first into a least-significant-bit-first stream).
///
/// Codes are at most 15 bits: their two bytes are reversed by table (x86 has no bit-reverse
/// instruction, and `reverse_bits` costs about twenty; this runs once per symbol of every
/// fixed-code block and once per used symbol of every dynamic tree).
// The indices are masked to 0..=255 in a 256-entry table: they cannot be out of range.
#[allow(clippy::indexing_slicing)]
pub(super) const fn reverse(code: u32, len: u32) -> u32 {
    if len == 0 {
        0
    } else if len <= 16 {
        let r = ((REV8[(code & 0xff) as usize] as u32) << 8)
            | REV8[((code >> 8) & 0xff) as usize] as u32;
        r >> (16 - len)
    } else {
        code.reverse_bits() >> (32 - len)
    }
}

/// Each byte with its bits reversed.
// A constant evaluated at compile time: an index out of range would fail the build.
#[allow(clippy::indexing_slicing)]
const REV8: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u8).reverse_bits();
        i += 1;
    }
    t
};

/// Bit length of literal/length symbol `n` in the fixed code (RFC 1951 3.2.6).
pub(in crate::zlib) const fn static_lit_len(n: usize) -> u32 {
    match n {
        0..=143 => 8,
        144..=255 => 9,
        256..=279 => 7,
        _ => 8,
    }
}

/// The fixed code of literal/length symbol `n`, bit-reversed, and its length.
pub(super) const fn static_lit(n: usize) -> (u32, u32) {
    let (code, len) = match n {
        0..=143 => (0x30 + n, 8),
        144..=255 => (0x190 + (n - 144), 9),
        256..=279 => (n - 256, 7),
        _ => (0xc0 + (n - 280), 8),
    };
    (reverse(code as u32, len), len)
}

/// Every distance code is 5 bits in the fixed code.
pub(in crate::zlib) const STATIC_DIST_LEN: u32 = 5;

/// The fixed code of distance code `n`, bit-reversed.
pub(super) const fn static_dist(n: usize) -> u32 {
    reverse(n as u32, STATIC_DIST_LEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes against RFC 1951's tables, written out independently of the functions.
    #[test]
    fn length_codes_match_rfc1951() {
        // (first length, extra bits) of codes 257..=285.
        let rfc: [(usize, u32); 29] = [
            (3, 0),
            (4, 0),
            (5, 0),
            (6, 0),
            (7, 0),
            (8, 0),
            (9, 0),
            (10, 0),
            (11, 1),
            (13, 1),
            (15, 1),
            (17, 1),
            (19, 2),
            (23, 2),
            (27, 2),
            (31, 2),
            (35, 3),
            (43, 3),
            (51, 3),
            (59, 3),
            (67, 4),
            (83, 4),
            (99, 4),
            (115, 4),
            (131, 5),
            (163, 5),
            (195, 5),
            (227, 5),
            (258, 0),
        ];
        for (code, &(first, extra)) in rfc.iter().enumerate() {
            assert_eq!(base_length(code) + 3, first, "code {code}");
            assert_eq!(extra_lbits(code), extra, "code {code}");
        }
        for len in 3..=258usize {
            let code = length_code(len - 3);
            let (first, extra) = rfc[code];
            assert!(
                len >= first && len - first < (1 << extra) || len == 258,
                "{len}"
            );
        }
        assert_eq!(length_code(255), 28);
        assert_eq!(length_code(254), 27);
    }

    #[test]
    fn distance_codes_match_rfc1951() {
        let rfc: [(usize, u32); 30] = [
            (1, 0),
            (2, 0),
            (3, 0),
            (4, 0),
            (5, 1),
            (7, 1),
            (9, 2),
            (13, 2),
            (17, 3),
            (25, 3),
            (33, 4),
            (49, 4),
            (65, 5),
            (97, 5),
            (129, 6),
            (193, 6),
            (257, 7),
            (385, 7),
            (513, 8),
            (769, 8),
            (1025, 9),
            (1537, 9),
            (2049, 10),
            (3073, 10),
            (4097, 11),
            (6145, 11),
            (8193, 12),
            (12289, 12),
            (16385, 13),
            (24577, 13),
        ];
        for (code, &(first, extra)) in rfc.iter().enumerate() {
            assert_eq!(base_dist(code) + 1, first, "code {code}");
            assert_eq!(extra_dbits(code), extra, "code {code}");
        }
        for dist in 1..=32768usize {
            let (first, extra) = rfc[dist_code(dist - 1)];
            assert!(dist >= first && dist - first < (1 << extra), "{dist}");
        }
    }

    #[test]
    fn reverse_turns_every_code_around() {
        // Bit by bit, as RFC 1951 3.1.1 reads a code: its first bit is the most significant.
        for len in 0..=20u32 {
            for code in (0..1u32 << len).step_by(if len > 15 { 97 } else { 1 }) {
                let mut want = 0;
                for bit in 0..len {
                    want |= ((code >> bit) & 1) << (len - 1 - bit);
                }
                assert_eq!(reverse(code, len), want, "{code:b} in {len} bits");
            }
        }
    }

    #[test]
    fn fixed_codes_are_canonical() {
        // RFC 1951 3.2.6: 0-143 -> 00110000.., 144-255 -> 110010000.., 256-279 -> 0000000..,
        // 280-287 -> 11000000..
        assert_eq!(static_lit(0), (reverse(0b0011_0000, 8), 8));
        assert_eq!(static_lit(143), (reverse(0b1011_1111, 8), 8));
        assert_eq!(static_lit(144), (reverse(0b1_1001_0000, 9), 9));
        assert_eq!(static_lit(255), (reverse(0b1_1111_1111, 9), 9));
        assert_eq!(static_lit(256), (0, 7));
        assert_eq!(static_lit(279), (reverse(0b001_0111, 7), 7));
        assert_eq!(static_lit(280), (reverse(0b1100_0000, 8), 8));
        assert_eq!(static_lit(287), (reverse(0b1100_0111, 8), 8));
        for n in 0..288 {
            assert_eq!(static_lit(n).1, static_lit_len(n));
        }
        assert_eq!(static_dist(1), 0b10000);
    }
}
