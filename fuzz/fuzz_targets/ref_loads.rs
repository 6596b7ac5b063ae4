//! djsign against the reference model on tokens: a signer configuration (keys, fallback keys,
//! salt, separator, algorithm, limits) and a token the model signed over JSON text with
//! Python's quirks (or the fuzzer's raw bytes), maybe edited, or any string at all. Every
//! reading (unsign, unsign_at, unsign_object_value(_at), typed unsign_object_at into many
//! types) must agree in value and error kind: loads, typed loads and the reject path.
#![no_main]

use djsign_reference::checks::signer_config;
use djsign_reference::generate::{self, Seed, TOKEN_SYMBOLS, time};
use djsign_reference::signing::encode_payload;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut seed = Seed::new(data);
    let cfg = signer_config(&mut seed);
    let pair = match cfg.build() {
        Ok(Some(pair)) => pair,
        Ok(None) => return,
        Err(diff) => panic!("{diff}"),
    };
    let (ts, max_age, now) = time(&mut seed);
    let token = match seed.byte() % 8 {
        // the rest of the input as the token itself
        0 => String::from_utf8_lossy(data.get(seed.position()..).unwrap_or_default()).into_owned(),
        1 => pair.model_plain.sign(&encode_payload(
            &generate::json_text(&mut seed, 5),
            seed.bool(),
        )),
        _ => {
            let text = if seed.bool() {
                generate::json_text(&mut seed, 5)
            } else {
                seed.bytes(64)
            };
            pair.model.sign_payload_at(&text, seed.bool(), ts)
        }
    };
    let token = if seed.byte() > 150 {
        generate::edit_str(&mut seed, &token, TOKEN_SYMBOLS)
    } else {
        token
    };
    if let Err(diff) = pair.check_token(&token, max_age, now) {
        panic!("{diff}");
    }
    let value = seed.string(16);
    if let Err(diff) = pair.check_sign(&value, ts) {
        panic!("{diff}");
    }
});
