//! `djsign::zlib::compress` against C zlib (libz-sys's bundled 1.3.x, as CPython's
//! `zlib.compress(data)` drives it) on arbitrary bytes.
//!
//! The input is mapped by `djsign_zlib_oracle::fuzz_data`: up to 4096 bytes, the bytes
//! themselves; a longer input is a seed expanded with mutations to 20 KiB..~110 KiB, so that
//! window slides, full symbol buffers and blocks that can no longer be stored are reached
//! (run with `-max_len=4096` for raw bytes only, with a larger `-max_len` for the seeds).
//!
//! Property: the two outputs are byte-identical (and so nothing panics, and the output
//! inflates back, since zlib's does).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let data = djsign_zlib_oracle::fuzz_data(input);
    let ours = djsign::zlib::compress(&data);
    let theirs = djsign_zlib_oracle::c_compress(&data);
    if ours != theirs {
        let at = ours.iter().zip(&theirs).take_while(|(a, b)| a == b).count();
        panic!(
            "djsign and C zlib differ on {} input bytes: {} vs {} output bytes, first difference at {at}",
            data.len(),
            ours.len(),
            theirs.len()
        );
    }
});
