//! djsign against the reference model on compressed payloads: raw bytes, or C zlib's stream
//! of JSON text (or of a run of brackets), maybe edited (truncated, flipped, extended), under
//! a limit from 0 to 8 KiB: `unverified::decode_payload` must give the model's value or error
//! kind (`malformed-zlib`, `decompressed-too-large` with its limit, the JSON errors). The model
//! inflater must also inflate whatever C zlib (CPython's own) inflates, to the same bytes. Then the same bytes as
//! JSON text and as an uncompressed payload.
#![no_main]

use djsign_reference::checks::{check_json, check_payload};
use djsign_reference::generate::{self, Seed};
use djsign_reference::signing::Limits;
use djsign_reference::{b64, zlib};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut seed = Seed::new(data);
    let mut limits = Limits::DEFAULT;
    limits.max_decompressed_len = seed.below(8193);
    if seed.byte() > 200 {
        limits.max_json_depth = seed.below(8);
    }
    let text = generate::json_text(&mut seed, 5);
    let mut stream = match seed.byte() % 4 {
        0 => data.get(seed_skip(data)..).unwrap_or_default().to_vec(),
        1 => zlib::compress(&vec![b'['; seed.below(20_000)]),
        _ => zlib::compress(&text),
    };
    if seed.byte() > 100 {
        generate::edit_bytes(&mut seed, &mut stream);
    }
    let payload = format!(".{}", b64::encode(&stream));
    for result in [
        check_payload(&payload, &limits),
        check_json(&text, limits.max_json_depth),
        check_payload(&b64::encode(&text), &limits),
    ] {
        if let Err(diff) = result {
            panic!("{diff}");
        }
    }
    // The model inflates with C zlib (issue 9) and djsign with its own inflater; both check
    // the Adler-32 under cargo-fuzz too. What C zlib inflates, the model inflates alike.
    if let Some(c) = zlib::decompress_c_zlib(&stream) {
        assert_eq!(
            zlib::decompress(&stream, 1 << 22).ok().as_ref(),
            Some(&c),
            "the model's inflater and C zlib differ on {stream:?}"
        );
    }
});

/// Raw streams come from the input after its first 16 bytes (the seed's choices).
fn seed_skip(data: &[u8]) -> usize {
    16.min(data.len())
}
