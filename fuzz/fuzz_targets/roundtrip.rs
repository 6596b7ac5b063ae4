//! Arbitrary `Value` -> sign_object(_at) (compressed and not) -> unsign_object_value(_at).
//!
//! Properties: the value comes back equal (NaN equals NaN, -0.0 differs from 0.0); its JSON is
//! byte-identical to the original's; signing the loaded value again gives the same token
//! (dumps . loads . dumps == dumps); a compressed token starts with "." exactly when
//! compression was kept; `to_value` is the identity on values.
#![no_main]

use arbitrary::Arbitrary;
use djsign::{
    DUMPS_SALT, Signer, TimestampSigner, Value, dumps_at, json_dumps, loads_at, to_value,
};
use djsign_fuzz::{ArbValue, equiv};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

const DEPTH: usize = 1000;

static SIGNER: LazyLock<Signer> = LazyLock::new(|| Signer::new("roundtrip-key").unwrap());
static STAMPER: LazyLock<TimestampSigner> = LazyLock::new(|| {
    TimestampSigner::builder("roundtrip-key")
        .salt(DUMPS_SALT)
        .build()
        .unwrap()
});

#[derive(Arbitrary, Debug)]
struct Input {
    value: ArbValue,
    compress: bool,
    timestamp: i64,
}

fuzz_target!(|input: Input| {
    let Input {
        value: ArbValue(v),
        compress,
        timestamp,
    } = input;
    let json = json_dumps(&v, DEPTH).unwrap();
    assert!(
        json.iter().all(|b| (0x20..0x7f).contains(b)),
        "json_dumps must be printable ASCII"
    );

    // Signer
    let token = SIGNER.sign_object(&v, compress).unwrap();
    let back = SIGNER.unsign_object_value(&token).unwrap();
    assert!(equiv(&back, &v), "{v:?} came back as {back:?}");
    assert_eq!(json_dumps(&back, DEPTH).unwrap(), json);
    assert_eq!(SIGNER.sign_object(&back, compress).unwrap(), token);
    let uncompressed = SIGNER.sign_object(&v, false).unwrap();
    if !compress {
        assert!(!token.starts_with('.'));
    } else if token.starts_with('.') {
        // Kept only when it saves at least two bytes of JSON, so the token is shorter too.
        assert!(
            token.len() < uncompressed.len(),
            "{token} vs {uncompressed}"
        );
    } else {
        assert_eq!(token, uncompressed);
    }

    // TimestampSigner / dumps
    let token = STAMPER.sign_object_at(&v, compress, timestamp).unwrap();
    let back = STAMPER.unsign_object_value_at(&token, None, 0.0).unwrap();
    assert_eq!(back.timestamp, timestamp);
    assert!(equiv(&back.value, &v));
    assert_eq!(json_dumps(&back.value, DEPTH).unwrap(), json);
    assert_eq!(
        STAMPER
            .sign_object_at(&back.value, compress, timestamp)
            .unwrap(),
        token
    );
    let d = dumps_at(&v, b"roundtrip-key", DUMPS_SALT, compress, timestamp).unwrap();
    assert_eq!(d, token);
    let l: Value = loads_at(&d, b"roundtrip-key", DUMPS_SALT, None, 0.0).unwrap();
    assert!(equiv(&l, &v));

    // to_value goes through the same JSON.
    assert!(equiv(&to_value(&v, DEPTH).unwrap(), &v));
});
