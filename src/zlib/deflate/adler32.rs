//! Adler-32 (RFC 1950 section 8.2), the checksum a zlib stream ends with.

const MOD: u32 = 65_521;
/// The most bytes after which the sums still fit in 32 bits before reducing (zlib's NMAX).
const NMAX: usize = 5552;

pub(crate) fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(NMAX) {
        // Eight bytes at a time: `b` gains `8a + 8x0 + 7x1 + ... + 1x7`, the sum of the eight
        // running `a`s, without the byte-by-byte dependency chain. The sums are the ones the
        // byte loop reaches at the same points, so NMAX still bounds them.
        let mut groups = chunk.chunks_exact(8);
        for g in &mut groups {
            let mut weighted = 0u32;
            let mut sum = 0u32;
            for (w, &x) in (1..=8u32).rev().zip(g) {
                weighted += w * u32::from(x);
                sum += u32::from(x);
            }
            b += 8 * a + weighted;
            a += sum;
        }
        for &x in groups.remainder() {
            a += u32::from(x);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::{NMAX, adler32};

    #[test]
    fn known_values() {
        assert_eq!(adler32(b""), 1);
        // RFC 1950 / Wikipedia's example
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        // the sums must be reduced often enough: 0xff bytes are the worst case, and three
        // NMAX chunks plus a tail overflow u32 if any reduction is missing
        let ff = alloc::vec![0xffu8; 3 * NMAX + 7];
        let (mut a, mut b) = (1u64, 0u64);
        for &x in &ff {
            a = (a + u64::from(x)) % 65_521;
            b = (b + a) % 65_521;
        }
        assert_eq!(adler32(&ff), ((b << 16) | a) as u32);
    }

    #[test]
    fn grouped_sums_equal_the_byte_loop() {
        let data: alloc::vec::Vec<u8> = (0..3 * NMAX as u32 + 13)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for len in [
            0,
            1,
            7,
            8,
            9,
            15,
            16,
            17,
            100,
            NMAX - 1,
            NMAX,
            NMAX + 1,
            2 * NMAX + 5,
            data.len(),
        ] {
            let (mut a, mut b) = (1u64, 0u64);
            for &x in &data[..len] {
                a = (a + u64::from(x)) % 65_521;
                b = (b + a) % 65_521;
            }
            assert_eq!(adler32(&data[..len]), ((b << 16) | a) as u32, "{len}");
        }
    }
}
