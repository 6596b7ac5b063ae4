//! The output bit stream: deflate packs codes least significant bit first.
//!
//! zlib keeps a 16-bit buffer and writes two bytes when it fills (`send_bits`, `put_short`);
//! the bytes a least-significant-bit-first packing produces do not depend on the buffer's
//! width, so this one keeps up to 63 bits and writes four bytes at a time.

use alloc::vec::Vec;

#[derive(Debug)]
pub(super) struct BitWriter {
    pub(super) out: Vec<u8>,
    buf: u64,
    /// Bits in `buf` not yet written, always < 32 between calls.
    n: u32,
}

impl BitWriter {
    pub(super) fn new(out: Vec<u8>) -> Self {
        Self { out, buf: 0, n: 0 }
    }

    /// Appends the low `len` bits of `value` (`len` <= 16 and `value < 1 << len`).
    #[inline]
    pub(super) fn send(&mut self, value: u32, len: u32) {
        self.buf |= u64::from(value) << self.n;
        self.n += len;
        if self.n >= 32 {
            #[allow(clippy::cast_possible_truncation)] // the low 32 bits, on purpose
            self.out.extend_from_slice(&(self.buf as u32).to_le_bytes());
            self.buf >>= 32;
            self.n -= 32;
        }
    }

    /// Pads with zero bits to a byte boundary and writes everything (zlib's `bi_windup`).
    pub(super) fn align(&mut self) {
        let bytes = self.n.div_ceil(8);
        let all = self.buf.to_le_bytes();
        self.out
            .extend_from_slice(all.get(..bytes as usize).unwrap_or(&all));
        self.buf = 0;
        self.n = 0;
    }

    /// Appends whole bytes; only after [`align`](Self::align).
    pub(super) fn bytes(&mut self, data: &[u8]) {
        self.out.extend_from_slice(data);
    }

    pub(super) fn into_inner(self) -> Vec<u8> {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_lsb_first_and_pads_with_zeros() {
        let mut w = BitWriter::new(Vec::new());
        w.send(0b1, 1);
        w.send(0b01, 2);
        w.send(0b11111, 5);
        w.send(0x1234, 16);
        w.send(0b101, 3);
        w.align();
        // 1, then 01 -> bits 1..3, then 11111 -> bits 3..8: 0b1111_1011
        assert_eq!(w.into_inner(), [0b1111_1011, 0x34, 0x12, 0b101]);
    }

    #[test]
    fn writes_every_bit_across_word_boundaries() {
        let mut w = BitWriter::new(Vec::new());
        for i in 0..100u32 {
            w.send(i & 0x7fff, 15);
        }
        w.align();
        let out = w.into_inner();
        assert_eq!(out.len(), (100 * 15usize).div_ceil(8));
        // read them back
        let mut acc = 0u64;
        let mut have = 0;
        let mut bytes = out.iter();
        for i in 0..100u32 {
            while have < 15 {
                acc |= u64::from(*bytes.next().unwrap()) << have;
                have += 8;
            }
            assert_eq!((acc & 0x7fff) as u32, i & 0x7fff);
            acc >>= 15;
            have -= 15;
        }
    }
}
