//! djsign held to the reference model on random inputs (proptest): loads (dynamic and typed),
//! rejection, dumps bytes, inflate output and limits, JSON both ways, sessions and cookies.
//! Each property feeds the same input to both and fails with the first difference.
//! `PROPTEST_CASES=N` sets every property's case count for a longer run.

use djsign_reference::checks::{
    Record, check_json, check_json_dumps, check_payload, signer_config,
};
use djsign_reference::generate::{self, Seed, time};
use djsign_reference::signing::{Limits, encode_payload};
use djsign_reference::{b64, compare, contrib, zlib};
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

use djsign_reference::generate::TOKEN_SYMBOLS;

proptest! {
    #![proptest_config(config(96))]

    /// A token from JSON text the model signed (Python quirks, repeated keys, latin-1 bytes,
    /// broken texts), then maybe edited: every reading agrees, typed ones included.
    #[test]
    fn loads_and_reject(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let mut seed = Seed::new(&bytes);
        let cfg = signer_config(&mut seed);
        let Some(pair) = cfg.build().map_err(TestCaseError::fail)? else { return Ok(()) };
        let text = generate::json_text(&mut seed, 4);
        let (ts, max_age, now) = time(&mut seed);
        let compress = seed.bool();
        let mut token = pair.model.sign_payload_at(&text, compress, ts);
        if seed.byte() > 170 {
            token = generate::edit_str(&mut seed, &token, TOKEN_SYMBOLS);
        }
        pair.check_token(&token, max_age, now).map_err(TestCaseError::fail)?;
        let value = seed.string(20);
        pair.check_sign(&value, ts).map_err(TestCaseError::fail)?;
        // the untimed signer's token of the same payload
        let plain = pair.model_plain.sign(&encode_payload(&text, compress));
        pair.check_token(&plain, max_age, now).map_err(TestCaseError::fail)?;
    }

    /// Arbitrary strings as tokens: the reject path (no separator, bad signatures, limits).
    #[test]
    fn arbitrary_tokens(bytes in proptest::collection::vec(any::<u8>(), 0..200), token in ".{0,120}") {
        let mut seed = Seed::new(&bytes);
        let cfg = signer_config(&mut seed);
        let Some(pair) = cfg.build().map_err(TestCaseError::fail)? else { return Ok(()) };
        let (_, max_age, now) = time(&mut seed);
        pair.check_token(&token, max_age, now).map_err(TestCaseError::fail)?;
    }

    /// `dumps` of a value: the same token bytes, compressed or not (C zlib on both sides
    /// today; the model keeps C zlib when the library gets its own deflate).
    #[test]
    fn dumps_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..800)) {
        let mut seed = Seed::new(&bytes);
        let mut cfg = signer_config(&mut seed);
        cfg.key = b"dumps-key".to_vec();
        let Some(pair) = cfg.build().map_err(TestCaseError::fail)? else { return Ok(()) };
        let value = generate::value(&mut seed, 5);
        let (ts, _, _) = time(&mut seed);
        pair.check_dumps(&value, seed.bool(), ts).map_err(TestCaseError::fail)?;
        check_json_dumps(&value, cfg.limits.max_json_depth).map_err(TestCaseError::fail)?;
        let record = Record::from_seed(&mut seed);
        pair.check_dumps_typed(&record, seed.bool(), ts).map_err(TestCaseError::fail)?;
        // and read back, typed, on both sides (unless the record nests deeper than the limit)
        if let Ok(token) = pair.model.sign_object_at(&record, seed.bool(), ts) {
            pair.check_token(&token, None, 0.0).map_err(TestCaseError::fail)?;
        }
    }

    /// Compressed payloads: a zlib stream of JSON, maybe edited (truncated, flipped, extended)
    /// or raw bytes, under a random limit: same value, same `malformed-zlib` /
    /// `decompressed-too-large` (with the limit), same JSON errors.
    #[test]
    fn inflate_and_limits(bytes in proptest::collection::vec(any::<u8>(), 0..700)) {
        let mut seed = Seed::new(&bytes);
        let mut stream = match seed.byte() % 4 {
            0 => seed.bytes(60),
            1 => zlib::compress(&vec![b'['; seed.below(3000)]),
            _ => zlib::compress(&generate::json_text(&mut seed, 4)),
        };
        if seed.byte() > 120 {
            generate::edit_bytes(&mut seed, &mut stream);
        }
        let mut limits = Limits::DEFAULT;
        limits.max_decompressed_len = seed.below(400);
        let payload = format!(".{}", b64::encode(&stream));
        check_payload(&payload, &limits).map_err(TestCaseError::fail)?;
        check_payload(&payload, &Limits::DEFAULT).map_err(TestCaseError::fail)?;
        // and the model's inflater agrees with C zlib, CPython's own
        let model = zlib::decompress(&stream, 1 << 20).ok();
        prop_assert_eq!(model, zlib::decompress_c_zlib(&stream));
    }

    /// Edited streams with their Adler-32 made right again (from C zlib's raw inflate of the
    /// edited deflate data), so that the edits reach the block structure (code lengths,
    /// incomplete codes, distances, stored lengths, truncation) instead of failing the
    /// checksum: djsign's inflater agrees with C zlib on each, under random limits too.
    #[test]
    fn inflate_structure(bytes in proptest::collection::vec(any::<u8>(), 0..700)) {
        let mut seed = Seed::new(&bytes);
        let mut stream = match seed.byte() % 3 {
            0 => zlib::compress(&vec![b'a'; seed.below(3000)]),
            _ => zlib::compress(&generate::json_text(&mut seed, 4)),
        };
        if stream.len() > 6 {
            let mut body = stream[2..stream.len() - 4].to_vec();
            generate::edit_bytes(&mut seed, &mut body);
            stream = [&stream[..2], &body[..], &[0, 0, 0, 0]].concat();
            if let Some((out, used)) = raw_inflate(&stream[2..]) {
                let adler = adler32(&out).to_be_bytes();
                stream.truncate(2 + used);
                stream.extend_from_slice(&adler);
                if seed.bool() {
                    stream.extend(seed.bytes(8));
                }
            }
        }
        let mut limits = Limits::DEFAULT;
        limits.max_decompressed_len = seed.below(400);
        let payload = format!(".{}", b64::encode(&stream));
        check_payload(&payload, &limits).map_err(TestCaseError::fail)?;
        check_payload(&payload, &Limits::DEFAULT).map_err(TestCaseError::fail)?;
        let model = zlib::decompress(&stream, 1 << 20).ok();
        prop_assert_eq!(model, zlib::decompress_c_zlib(&stream));
    }

    /// JSON texts straight through the decoder (latin-1 and str), and random payload text
    /// through the lenient base64.
    #[test]
    fn json_and_payloads(bytes in proptest::collection::vec(any::<u8>(), 0..500)) {
        let mut seed = Seed::new(&bytes);
        let depth = if seed.byte() > 200 { seed.below(5) } else { 1000 };
        let text = generate::json_text(&mut seed, 5);
        check_json(&text, depth).map_err(TestCaseError::fail)?;
        let payload: String = seed.string(30);
        check_payload(&payload, &Limits::DEFAULT).map_err(TestCaseError::fail)?;
        check_payload(&b64::encode(&text), &Limits::DEFAULT).map_err(TestCaseError::fail)?;
    }

    /// Sessions: the cookie `SessionStore::save_at` writes is the model's, and
    /// `load_at` under released Django's policy agrees with the model's `signing.loads`
    /// path, edited cookies and other payloads included.
    #[test]
    fn sessions(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let mut seed = Seed::new(&bytes);
        let key = b"session-key";
        let entries = match generate::value(&mut seed, 3) {
            djsign_reference::Value::Object(e) => e,
            other => vec![("k".to_string(), other)],
        };
        let (ts, _, _) = time(&mut seed);
        let store = djsign::SessionStore::builder(key.as_slice())
            .expiry_policy(djsign::ExpiryPolicy::Django)
            .build()
            .unwrap();
        let session = djsign::Session::from_map(match compare::to_djsign(&djsign_reference::Value::Object(entries.clone())) {
            djsign::Value::Object(m) => m,
            _ => unreachable!(),
        });
        let a = store.save_at(&session, ts);
        let b = contrib::session_save_at(key, &entries, ts);
        prop_assert!(compare::agree(&a, &b, |x, y| x == y), "save_at: {:?} {:?}", a, b);
        let mut cookie = a.unwrap_or_default();
        if seed.bool() {
            cookie = contrib::session_signer(key, &[]).unwrap().sign_payload_at(&generate::json_text(&mut seed, 3), true, ts);
        }
        if seed.byte() > 150 {
            cookie = generate::edit_str(&mut seed, &cookie, TOKEN_SYMBOLS);
        }
        #[allow(clippy::cast_precision_loss)]
        let now = ts as f64 + f64::from(seed.byte()) * 10_000.0;
        let a = store.load_at(&cookie, now);
        let b = contrib::session_load_django_at(key, &[], &cookie, store.cookie_age(), now);
        prop_assert!(
            compare::agree(&a, &b, |x, y| x.timestamp() == Some(y.1)
                && compare::from_djsign(&djsign::Value::Object(x.data().clone())).same(&djsign_reference::Value::Object(y.0.clone()))),
            "load_at {:?}: {:?} / {:?}", cookie, compare::show(&a), b.as_ref().err()
        );
    }

    /// Signed cookies (v2 and legacy salts, the fallback) and the session auth hash.
    #[test]
    fn cookies_and_auth_hash(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut seed = Seed::new(&bytes);
        let key = b"cookie-key";
        let name = seed.string(6);
        let salt = seed.string(6);
        let value = seed.string(12);
        let (ts, max_age, now) = time(&mut seed);
        let legacy_fallback = seed.bool();
        let jar = djsign::SignedCookie::builder(key.as_slice(), &name)
            .salt(&salt)
            .legacy_salt_fallback(legacy_fallback)
            .build()
            .unwrap();
        let v2 = jar.sign_at(&value, ts);
        prop_assert_eq!(&v2, &contrib::cookie_sign_at(key, &name, &salt, &value, ts).unwrap());
        let legacy = jar.sign_legacy_at(&value, ts);
        prop_assert_eq!(&legacy, &contrib::cookie_sign_legacy_at(key, &name, &salt, &value, ts).unwrap());
        for mut cookie in [v2, legacy] {
            if seed.byte() > 150 {
                cookie = generate::edit_str(&mut seed, &cookie, TOKEN_SYMBOLS);
            }
            let a = jar.unsign_at(&cookie, max_age, now);
            let b = contrib::cookie_unsign_at(key, &[], &name, &salt, legacy_fallback, &cookie, max_age, now);
            prop_assert!(
                compare::agree(&a, &b, |x, y| (x.value, x.timestamp, x.scheme == djsign::SaltScheme::Legacy) == *y),
                "unsign_at {:?}: {:?} / {:?}", cookie, a, b
            );
        }
        let password = seed.string(20);
        let secret = djsign::SecretKey::from_bytes(key).unwrap();
        prop_assert_eq!(djsign::get_session_auth_hash(&password, &secret), contrib::session_auth_hash(&password, key));
    }
}

/// Finding F5 (audits/formal.md), decided in issue 9 (SPEC.md 6.3): the output is refused as
/// too large as soon as it exceeds the limit; a stream error found before that is
/// `malformed-zlib`. This stream has a distance past the start of the output after 5 bytes:
/// C zlib (CPython) stops there, so it is `malformed-zlib` under a 21-byte limit (miniz_oxide,
/// the library's and the model's inflater before issue 9, wrote 26 bytes of zeros past that
/// point and reported the Adler-32 mismatch). With a limit under 5 bytes it is too large.
#[test]
fn f5_malformed_stream_past_the_limit() {
    let payload = ".eJxT8EvZ9AMAAn4BHg";
    let stream = b64::python_decode(&payload.as_bytes()[1..]).unwrap();
    assert_eq!(zlib::decompress_c_zlib(&stream), None);
    for (limit, want) in [
        (21, "malformed-zlib"),
        (5, "malformed-zlib"),
        (4, "decompressed-too-large"),
        (0, "decompressed-too-large"),
    ] {
        let mut limits = Limits::DEFAULT;
        limits.max_decompressed_len = limit;
        let model = djsign_reference::signing::decode_payload(payload, &limits);
        assert_eq!(model.unwrap_err().slug(), want, "model, limit {limit}");
        let lib = djsign::unverified::decode_payload(payload, &compare::limits(&limits));
        assert_eq!(lib.unwrap_err().slug(), want, "djsign, limit {limit}");
        check_payload(payload, &limits).unwrap();
    }
}

/// C zlib's raw inflate (no header or checksum) of `data`: the output and the bytes used, or
/// `None` where it refuses the data or it ends first.
fn raw_inflate(data: &[u8]) -> Option<(Vec<u8>, usize)> {
    use flate2::{Decompress, FlushDecompress, Status};
    let mut z = Decompress::new(false);
    let mut out = Vec::with_capacity(1 << 16);
    loop {
        let used = usize::try_from(z.total_in()).unwrap();
        let before = z.total_out();
        match z.decompress_vec(&data[used..], &mut out, FlushDecompress::None) {
            Ok(Status::StreamEnd) => return Some((out, usize::try_from(z.total_in()).unwrap())),
            Ok(_) if z.total_out() == before && out.len() < out.capacity() => return None,
            Ok(_) => out.reserve(out.capacity()),
            Err(_) => return None,
        }
    }
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}
