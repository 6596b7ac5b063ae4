//! djsign against the reference model on `dumps`: arbitrary values (big integers, every f64
//! including NaN and powers of two, any string, nesting past the limit) and typed records, each
//! signed compressed or not at an arbitrary time: the token bytes must be identical, and the
//! token must read back alike on both sides. Also `json_dumps` against the model's writer.
#![no_main]

use djsign_reference::checks::{Record, check_json_dumps, signer_config};
use djsign_reference::generate::{self, Seed, time};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut seed = Seed::new(data);
    let mut cfg = signer_config(&mut seed);
    cfg.key = b"ref-dumps-key".to_vec();
    let pair = match cfg.build() {
        Ok(Some(pair)) => pair,
        Ok(None) => return,
        Err(diff) => panic!("{diff}"),
    };
    let (ts, _, _) = time(&mut seed);
    let value = generate::value(&mut seed, 6);
    let checks = [
        pair.check_dumps(&value, seed.bool(), ts),
        check_json_dumps(&value, cfg.limits.max_json_depth),
        pair.check_dumps_typed(&Record::from_seed(&mut seed), seed.bool(), ts),
    ];
    for c in checks {
        if let Err(diff) = c {
            panic!("{diff}");
        }
    }
});
