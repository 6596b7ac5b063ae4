//! Adler-32 (RFC 1950 section 8.2), the checksum a zlib stream ends with.

const MOD: u32 = 65_521;
/// The most bytes after which the sums still fit in 32 bits before reducing (zlib's NMAX).
const NMAX: usize = 5552;

pub(crate) fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(NMAX) {
        for &x in chunk {
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
}
