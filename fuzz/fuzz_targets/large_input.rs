//! Large inputs against the default limits (1 MiB tokens, 4 MiB decompressed, depth 1000):
//! run with `-max_len` in the MiB range (`audits/fuzz-campaign.sh` uses 4 MiB for it).
//!
//! Modes (first byte, modulo 4):
//! - 0, 1: the rest is JSON text (any bytes), signed by the harness as a payload,
//!   uncompressed (0) or zlib-compressed (1);
//! - 2: a recipe for a payload far larger than the input: 3 bytes of repeat count, then a
//!   chunk; the chunk repeated (up to 8 MiB) and compressed, so decompressed sizes around
//!   the 4 MiB limit come from small inputs;
//! - 3: the rest as a token, verified as it is.
//!
//! Properties: nothing panics; over the token limit is `TokenTooLong` (verified and
//! unverified); over the decompression limit is `DecompressedTooLarge`; otherwise the result
//! is exactly `json_loads` of the text, through `unsign_object_value`,
//! `unverified::decode_payload` and `unsign_object::<Value>` alike; a loaded value dumps to
//! JSON that loads back equal; typed loads into caller types fail only with `TypeMismatch`;
//! and the peak heap of each call stays within the bounds stated in audits/threat-model.md
//! (A3): `T + 22 D + 256 KiB` untyped, `T + 36 D + 256 KiB` typed into `Value`,
//! `T + 2 L + 256 KiB` past the decompression limit `L`, 4 KiB for a refused token.
#![no_main]

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use djsign::unverified::decode_payload;
use djsign::{Error, Limits, Signer, TimestampSigner, Value, json_dumps, json_loads};
use djsign_fuzz::{Counting, equiv, mem_begin, mem_peak_since};
use libfuzzer_sys::fuzz_target;
use miniz_oxide::deflate::compress_to_vec_zlib;

#[global_allocator]
static ALLOC: Counting = Counting;

const FIXED: usize = 256 * 1024;
const RECIPE_MAX: usize = 8 << 20;

fn measured<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let base = mem_begin();
    let r = f();
    (mem_peak_since(base), r)
}

fn within(what: &str, peak: usize, bound: usize) {
    assert!(peak <= bound, "{what}: peak heap {peak} > bound {bound}");
}

/// What the payload reader must answer for these JSON bytes (pickle-shaped bytes that are
/// not JSON are `PickledPayload`).
fn expected(text: &[u8], limits: &Limits) -> Result<Value, Error> {
    match json_loads(text, limits.max_json_depth) {
        Err(Error::MalformedJson { .. }) if matches!(text, [0x80, 2..=5, .., b'.']) => {
            Err(Error::PickledPayload)
        }
        other => other,
    }
}

fn same(a: &Result<Value, Error>, b: &Result<Value, Error>) -> bool {
    match (a, b) {
        (Ok(x), Ok(y)) => equiv(x, y),
        (Err(x), Err(y)) => x == y,
        _ => false,
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let limits = Limits::DEFAULT;
    let signer = Signer::new("large-input-key").unwrap();
    let stamped = TimestampSigner::new("large-input-key").unwrap();

    if mode % 4 == 3 {
        let Ok(token) = std::str::from_utf8(rest) else {
            return;
        };
        let t = token.len();
        let (peak, r) = measured(|| signer.unsign_object_value(token));
        if t > limits.max_token_len {
            assert_eq!(
                r,
                Err(Error::TokenTooLong {
                    len: t,
                    limit: limits.max_token_len
                })
            );
        }
        if r.as_ref().is_err_and(Error::is_forgery) {
            within("refused token", peak, 4096);
        }
        let (peak, r) = measured(|| stamped.unsign_object_value_at(token, Some(60.0), 1e9));
        if r.as_ref().is_err_and(Error::is_forgery) {
            within("refused stamped token", peak, 4096);
        }
        return;
    }

    // The JSON text and the payload that carries it.
    let (text, compressed): (std::borrow::Cow<'_, [u8]>, bool) = match mode % 4 {
        0 => (rest.into(), false),
        1 => (rest.into(), true),
        _ => {
            let [a, b, c, chunk @ ..] = rest else {
                return;
            };
            if chunk.is_empty() {
                return;
            }
            let count = usize::from(*a) | usize::from(*b) << 8 | usize::from(*c) << 16;
            let count = count.min(RECIPE_MAX / chunk.len());
            (chunk.repeat(count).into(), true)
        }
    };
    let payload = if compressed {
        format!(
            ".{}",
            URL_SAFE_NO_PAD.encode(compress_to_vec_zlib(&text, 6))
        )
    } else {
        URL_SAFE_NO_PAD.encode(&text)
    };
    let token = signer.sign(&payload);
    let (t, d, l) = (token.len(), text.len(), limits.max_decompressed_len);

    let (peak, got) = measured(|| signer.unsign_object_value(&token));
    let (_, unverified) = measured(|| decode_payload(&payload, &limits));
    if t > limits.max_token_len {
        assert_eq!(
            got,
            Err(Error::TokenTooLong {
                len: t,
                limit: limits.max_token_len
            })
        );
        assert!(
            matches!(unverified, Err(Error::TokenTooLong { .. })),
            "{unverified:?}"
        );
        within("token too long", peak, 4096);
        return;
    }
    let want = if compressed && d > l {
        within("past the decompression limit", peak, t + 2 * l + FIXED);
        Err(Error::DecompressedTooLarge { limit: l })
    } else {
        within("unsign_object_value", peak, t + 22 * d + FIXED);
        expected(&text, &limits)
    };
    assert!(same(&got, &want), "{got:?} vs {want:?}");
    assert!(
        same(&unverified, &want),
        "unverified {unverified:?} vs {want:?}"
    );

    let stamped_token = stamped.sign_at(&payload, 1_700_000_000);
    let r = stamped.unsign_object_value_at(&stamped_token, Some(1.0), 1_700_000_000.5);
    assert!(same(&r.map(|v| v.value), &want));

    let Ok(value) = got else {
        return;
    };
    let (peak, typed) = measured(|| signer.unsign_object::<Value>(&token));
    within("unsign_object::<Value>", peak, t + 36 * d + FIXED);
    assert!(equiv(&typed.unwrap(), &value));

    let dumped = json_dumps(&value, limits.max_json_depth).unwrap();
    assert!(equiv(
        &json_loads(&dumped, limits.max_json_depth).unwrap(),
        &value
    ));

    for r in [
        signer.unsign_object::<Vec<Value>>(&token).map(drop),
        signer
            .unsign_object::<BTreeMap<String, Value>>(&token)
            .map(drop),
        signer
            .unsign_object::<(u8, String, Vec<f64>)>(&token)
            .map(drop),
        signer
            .unsign_object::<Option<BTreeMap<String, Vec<i64>>>>(&token)
            .map(drop),
    ] {
        if let Err(e) = r {
            assert!(matches!(e, Error::TypeMismatch { .. }), "{e:?}");
        }
    }
});
