//! A sample of the 10,000 generated payloads against C zlib (the full run is
//! `payloads check`, recorded in audits/deflate.md): every 40th payload up to 70 KB, which
//! includes sizes at zlib's block and window boundaries and some past the first slide.

use djsign::zlib::compress;
use djsign_zlib_oracle::c_compress;
use djsign_zlib_oracle::payloads::{COUNT, payload, size};

#[test]
fn sample_of_generated_payloads() {
    let (mut n, mut bytes, mut past_slide) = (0, 0, 0);
    for i in (0..COUNT).step_by(40).chain([1, 2, 3, 5, 8]) {
        if size(i) > 70_000 {
            continue;
        }
        let p = payload(i);
        assert_eq!(
            compress(&p),
            c_compress(&p),
            "payload {i} ({} bytes)",
            p.len()
        );
        n += 1;
        bytes += p.len();
        past_slide += usize::from(p.len() > 65_274);
    }
    eprintln!(
        "{n} generated payloads ({bytes} bytes, {past_slide} past zlib's first slide) == C zlib"
    );
    assert!(n >= 190 && past_slide >= 3, "{n} {past_slide}");
}
