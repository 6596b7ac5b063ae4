//! `unverified::decode_payload` (base64, optional zlib, JSON) with small limits.
//!
//! Two input modes (first byte, low bit): the rest is the payload text itself, or the rest
//! is raw zlib bytes the harness wraps as `"." + base64(bytes)`, so the fuzzer works on
//! deflate streams directly. The next bit reads the payload as Django 4.2 (which reports a
//! pickle as `PickledPayload`) or as the newest release (for which a pickle is malformed JSON).
//!
//! Properties: nothing panics; only payload errors come out (a pickle-shaped payload is
//! `PickledPayload` where the version detects pickles, and only there); a stream that inflates to more than `max_decompressed_len` bytes is
//! refused with `DecompressedTooLarge` and one that fits is not (checked against C zlib,
//! CPython's inflater, through the reference model: unlimited, then with the limit for
//! SPEC.md 6.3's order of the two errors); the memory one call takes is bounded by the limits and the input size, not by
//! the compression ratio.
#![no_main]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use djsign::{DjangoVersion, Error, Limits, json_loads, unverified::decode_payload_for};
use djsign_fuzz::{Counting, equiv, mem_begin, mem_peak_since};
use djsign_reference::{Kind, zlib};
use libfuzzer_sys::fuzz_target;

#[global_allocator]
static ALLOC: Counting = Counting;

/// What the oracle inflate may produce before giving up (well above every limit used here).
const ORACLE_CAP: usize = 1 << 22;

fuzz_target!(|data: &[u8]| {
    let [mode, lim, depth, rest @ ..] = data else {
        return;
    };
    let mut limits = Limits::DEFAULT;
    limits.max_decompressed_len = usize::from(*lim) * 32; // 0 ..= 8160 bytes
    limits.max_json_depth = usize::from(*depth % 40);
    let wrapped = mode & 1 == 1;
    // Both latin-1: the oracle's `json_loads` below reads the bytes as either does.
    let version = if mode & 2 == 2 {
        DjangoVersion::V4_2
    } else {
        DjangoVersion::NEWEST_RELEASE
    };
    let payload = if wrapped {
        format!(".{}", URL_SAFE_NO_PAD.encode(rest))
    } else {
        String::from_utf8_lossy(rest).into_owned()
    };

    let base = mem_begin();
    let got = decode_payload_for(&payload, &limits, version);
    let peak = mem_peak_since(base);

    let bound = 64 * 1024 + 4 * payload.len() + 40 * (limits.max_decompressed_len + payload.len());
    assert!(
        peak <= bound,
        "decode_payload took {peak} bytes (bound {bound}) for {} input bytes",
        payload.len()
    );

    if let Err(e) = &got {
        assert!(
            matches!(
                e,
                Error::MalformedBase64
                    | Error::MalformedZlib
                    | Error::DecompressedTooLarge { .. }
                    | Error::MalformedJson { .. }
                    | Error::UnrepresentableJson { .. }
                    | Error::PickledPayload
            ),
            "{e:?}"
        );
        assert!(
            version.detects_pickle() || !matches!(e, Error::PickledPayload),
            "{version:?} does not detect pickles"
        );
    }

    if wrapped {
        let limit = limits.max_decompressed_len;
        match zlib::decompress(rest, ORACLE_CAP) {
            Ok(inflated) if inflated.len() > limit => {
                assert_eq!(
                    got,
                    Err(Error::DecompressedTooLarge { limit }),
                    "{} > {limit}",
                    inflated.len()
                );
            }
            Ok(inflated) => {
                // Fits: the result is exactly the JSON of the inflated bytes.
                // As 4.2, the library reports a JSON failure on pickle-shaped bytes as
                // PickledPayload; as the newest release it stays the JSON error (campaign of
                // 2026-12-02: the harness expected PickledPayload for every version).
                let expected = match json_loads(&inflated, limits.max_json_depth) {
                    Err(Error::MalformedJson { .. })
                        if version.detects_pickle()
                            && matches!(inflated[..], [0x80, 2..=5, .., b'.']) =>
                    {
                        Err(Error::PickledPayload)
                    }
                    other => other,
                };
                match (expected, &got) {
                    (Ok(a), Ok(b)) => assert!(equiv(&a, b)),
                    (Err(a), Err(b)) => assert_eq!(&a, b),
                    (a, b) => panic!(
                        "inflate fits ({} <= {limit}) but {a:?} vs {b:?}",
                        inflated.len()
                    ),
                }
            }
            Err(_) => {
                // Malformed for C zlib; with the limit, too large exactly when more than
                // `limit` bytes come out before zlib stops (SPEC.md 6.3, F5).
                let want = match zlib::decompress(rest, limit) {
                    Err(Kind::DecompressedTooLarge { .. }) => {
                        Err(Error::DecompressedTooLarge { limit })
                    }
                    _ => Err(Error::MalformedZlib),
                };
                assert_eq!(got, want);
            }
        }
    }
});
