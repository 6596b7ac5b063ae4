//! Every default that differs between Django releases, against what each release did: the
//! outputs `tests/django/capture_versions.py` captured from Django 4.2.30, 5.2.19, 6.0.10 and
//! 6.1.3 (`tests/data/django_versions/*.json`, re-derived by `scripts/test.sh`). djsign is
//! configured with `.django_version(v)` and nothing else, so each test is about the version's
//! defaults; the last tests check that without a version djsign is never more lenient than the
//! newest release. Django main cannot be installed: its rows are checked by the vectors.
#![cfg(feature = "contrib")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use djsign::{
    AcceptedSalts, DUMPS_SALT, DjangoVersion, Error, ExpiryPolicy, JsonCodec, SaltScheme, Session,
    SessionStore, SignedCookie, TimestampSigner, Value, json_dumps, json_loads_str,
};
use serde_json::Value as J;

const RELEASES: [DjangoVersion; 4] = [
    DjangoVersion::V4_2,
    DjangoVersion::V5_2,
    DjangoVersion::V6_0,
    DjangoVersion::V6_1,
];

fn capture(v: DjangoVersion) -> J {
    let path = format!(
        "{}/tests/data/django_versions/{}.json",
        env!("CARGO_MANIFEST_DIR"),
        v.name()
    );
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (run tests/django/capture_versions.py)"));
    let doc: J = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["version"], v.name(), "{path}");
    doc
}

fn s(j: &J) -> &str {
    j.as_str().unwrap_or_else(|| panic!("not a string: {j}"))
}

fn rows<'a>(doc: &'a J, section: &str) -> &'a [J] {
    doc[section]
        .as_array()
        .unwrap_or_else(|| panic!("no {section}"))
}

/// djsign's kinds for the exceptions these captures record.
fn kind_for(class: &str) -> &'static [&'static str] {
    match class {
        "BadSignature" => &["bad-signature", "no-separator"],
        "SignatureExpired" => &["expired"],
        "JSONDecodeError" | "UnicodeDecodeError" => &["malformed-json"],
        other => panic!("no mapping for Django's {other}"),
    }
}

fn max_age(r: &J) -> Option<f64> {
    r["max_age"].as_f64()
}

fn cookie(r: &J, v: Option<DjangoVersion>) -> SignedCookie {
    let b = SignedCookie::builder(s(&r["key"]), s(&r["name"])).salt(s(&r["salt"]));
    match v {
        Some(v) => b.django_version(v),
        None => b,
    }
    .build()
    .unwrap()
}

/// The settings each release's source has are the ones `DjangoVersion` states.
#[test]
fn the_version_table_is_each_releases_own() {
    for v in RELEASES {
        let set = &capture(v)["settings"];
        let accepted = match set["SIGNED_COOKIE_LEGACY_SALT_FALLBACK"].as_bool() {
            None => AcceptedSalts::LegacyOnly,
            Some(true) => AcceptedSalts::V2WithLegacyFallback,
            Some(false) => AcceptedSalts::V2,
        };
        assert_eq!(v.cookie_salts_accepted(), accepted, "{v}");
        assert_eq!(
            v.cookie_salt_written() == SaltScheme::V2,
            set["v2_salt_function"] == true,
            "{v}"
        );
        assert_eq!(v.detects_pickle(), set["pickle_serializer"] == true, "{v}");
        assert_eq!(v.json_codec(), JsonCodec::Latin1, "{v}");
        assert_eq!(v.expiry_policy(), ExpiryPolicy::Django, "{v}");
    }
    assert_eq!(DjangoVersion::Main.json_codec(), JsonCodec::Utf8);
    assert_eq!(DjangoVersion::Main.expiry_policy(), ExpiryPolicy::DjangoDev);
}

#[test]
fn set_signed_cookie_writes_the_versions_salt() {
    for v in RELEASES {
        let doc = capture(v);
        for r in rows(&doc, "cookie_set") {
            let ts = r["timestamp"].as_i64().unwrap();
            let made = cookie(r, Some(v)).sign_at(s(&r["value"]), ts);
            assert_eq!(made, s(&r["token"]), "{v}: set_signed_cookie {r}");
            // the explicit writers agree with the version's one
            let c = cookie(r, Some(v));
            let explicit = match v.cookie_salt_written() {
                SaltScheme::V2 => c.sign_v2_at(s(&r["value"]), ts),
                SaltScheme::Legacy => c.sign_legacy_at(s(&r["value"]), ts),
            };
            assert_eq!(explicit, made);
        }
    }
}

/// djsign's reading of one captured `get_signed_cookie`: Ok(value) or Err(kind).
fn cookie_get(r: &J, v: Option<DjangoVersion>) -> Result<String, &'static str> {
    cookie(r, v)
        .unsign_at(s(&r["token"]), max_age(r), r["now"].as_f64().unwrap())
        .map(|ok| ok.value.to_owned())
        .map_err(|e| e.slug())
}

fn assert_same(got: &Result<String, &str>, want: &J, what: &str) {
    match (got, want.get("value"), want.get("error")) {
        (Ok(v), Some(w), None) => assert_eq!(v, s(w), "{what}"),
        (Err(k), None, Some(class)) => {
            assert!(kind_for(s(class)).contains(k), "{what}: {k} for {class}");
        }
        _ => panic!("{what}: djsign {got:?}, Django {want}"),
    }
}

#[test]
fn get_signed_cookie_accepts_the_versions_salts() {
    let mut legacy_accepted = [0; 4];
    for (i, v) in RELEASES.into_iter().enumerate() {
        let doc = capture(v);
        for r in rows(&doc, "cookie_get") {
            let what = format!("{v}: {} cookie {r}", s(&r["signed_with"]));
            assert_same(&cookie_get(r, Some(v)), &r["result"], &what);
            if r["signed_with"] == "legacy" && r["result"].get("value").is_some() {
                legacy_accepted[i] += 1;
            }
        }
    }
    // 4.2 reads legacy cookies, 5.2 and 6.0 through the fallback, 6.1 not at all.
    assert!(legacy_accepted[0] >= 10 && legacy_accepted[1] == legacy_accepted[0]);
    assert_eq!(legacy_accepted[2], legacy_accepted[1]);
    assert_eq!(legacy_accepted[3], 0);
}

#[test]
fn without_a_version_cookies_are_read_and_written_as_the_newest_release() {
    let doc = capture(DjangoVersion::NEWEST_RELEASE);
    for r in rows(&doc, "cookie_get") {
        assert_same(&cookie_get(r, None), &r["result"], &format!("default: {r}"));
    }
    for r in rows(&doc, "cookie_set") {
        let made = cookie(r, None).sign_at(s(&r["value"]), r["timestamp"].as_i64().unwrap());
        assert_eq!(made, s(&r["token"]));
    }
    // The legacy cookies 5.2 and 6.0 accept through their fallback (the colliding one too)
    // are refused, as by 6.1: never more lenient than the newest release.
    let mut refused = 0;
    for v in [DjangoVersion::V5_2, DjangoVersion::V6_0] {
        for r in rows(&capture(v), "cookie_get") {
            if s(&r["signed_with"]).starts_with("legacy") && r["result"].get("value").is_some() {
                assert_eq!(cookie_get(r, None), Err("bad-signature"), "{v}: {r}");
                refused += 1;
            }
        }
    }
    assert!(refused >= 20, "{refused}");
}

fn store(key: &str, age: i64, v: Option<DjangoVersion>) -> SessionStore {
    let b = SessionStore::builder(key).cookie_age(age);
    match v {
        Some(v) => b.django_version(v),
        None => b,
    }
    .build()
    .unwrap()
}

fn object(text: &str) -> djsign::Map {
    match json_loads_str(text, 100).unwrap() {
        Value::Object(m) => m,
        other => panic!("not an object: {other:?}"),
    }
}

#[test]
fn session_store_saves_and_loads_as_the_version() {
    let mut ignored_expiry = 0;
    for v in RELEASES {
        let doc = capture(v);
        for sess in rows(&doc, "sessions") {
            let st = store(
                s(&sess["key"]),
                sess["cookie_age"].as_i64().unwrap(),
                Some(v),
            );
            let data = Session::from_map(object(s(&sess["data_json"])));
            match st.save_at(&data, sess["timestamp"].as_i64().unwrap()) {
                Ok(made) => assert_eq!(made, s(&sess["cookie"]), "{v}: {}", s(&sess["label"])),
                // no_std builds load sessions but cannot compress them identically
                Err(Error::CompressionUnavailable) if !cfg!(feature = "zlib") => {}
                Err(e) => panic!("{v}: {e:?}"),
            }
            for read in rows(sess, "reads") {
                let now = read["now"].as_f64().unwrap();
                let what = format!("{v}: {} read at {now}", s(&sess["label"]));
                let got = st.load_at(s(&sess["cookie"]), now);
                match (&got, read["result"].get("data_json")) {
                    (Ok(session), Some(want)) => {
                        let out = json_dumps(session.data(), 100).unwrap();
                        assert_eq!(String::from_utf8(out).unwrap(), s(want), "{what}");
                    }
                    (Err(_), None) => assert_eq!(read["result"]["reset"], true, "{what}"),
                    _ => panic!("{what}: djsign {got:?}, Django {}", read["result"]),
                }
                // the released rule ignores set_expiry(300): read at +301 still loads
                if sess["label"] == "set_expiry(300)" && now == 1_700_000_301.0 {
                    assert!(got.is_ok(), "{what}");
                    ignored_expiry += 1;
                }
            }
        }
    }
    assert_eq!(ignored_expiry, 4);
}

/// Without a version the expiry policy is `strict`: every session it loads, every release
/// loads; and it refuses the ones past their own expiry, which the releases still load.
#[test]
fn without_a_version_sessions_are_strict() {
    let mut stricter = 0;
    for v in RELEASES {
        for sess in rows(&capture(v), "sessions") {
            let st = store(s(&sess["key"]), sess["cookie_age"].as_i64().unwrap(), None);
            assert_eq!(st.expiry_policy(), ExpiryPolicy::Strict);
            for read in rows(sess, "reads") {
                let got = st.load_at(s(&sess["cookie"]), read["now"].as_f64().unwrap());
                match (got, read["result"].get("data_json")) {
                    (Ok(_), Some(_)) | (Err(_), None) => {}
                    (Err(Error::SessionExpired { .. }), Some(_)) => stricter += 1,
                    (got, _) => panic!("{v}: {got:?} for {read}"),
                }
            }
        }
    }
    assert!(stricter >= 8, "{stricter}");
}

#[test]
fn signing_loads_reads_the_bytes_as_the_version() {
    for v in RELEASES {
        let doc = capture(v);
        for r in rows(&doc, "loads") {
            let signer = TimestampSigner::builder(s(&r["key"]))
                .salt(DUMPS_SALT)
                .django_version(v)
                .build()
                .unwrap();
            let what = format!("{v}: {}", s(&r["label"]));
            let got =
                signer.unsign_object_value_at(s(&r["token"]), None, r["now"].as_f64().unwrap());
            match (got, r["result"].get("json"), r["result"].get("error")) {
                (Ok(t), Some(want), None) => {
                    let out = json_dumps(&t.value, 100).unwrap();
                    assert_eq!(String::from_utf8(out).unwrap(), s(want), "{what}");
                }
                // Django 4.2 could have written the pickle (PickleSerializer): named, never
                // unpickled. Later versions: what Django finds, not JSON.
                (Err(Error::PickledPayload), None, Some(_)) => {
                    assert!(v.detects_pickle() && r["label"] == "a pickle", "{what}");
                }
                (Err(e), None, Some(class)) => {
                    assert!(kind_for(s(class)).contains(&e.slug()), "{what}: {e:?}");
                    assert!(!(v.detects_pickle() && r["label"] == "a pickle"), "{what}");
                }
                (got, ..) => panic!("{what}: djsign {got:?}, Django {}", r["result"]),
            }
        }
    }
}

#[test]
fn django_42_pickled_sessions_are_named_on_4_2_and_never_unpickled() {
    for v in RELEASES {
        let doc = capture(v);
        for r in rows(&doc, "pickled_sessions") {
            let st = store(s(&r["key"]), 1_209_600, Some(v));
            let got = st.load_at(s(&r["token"]), r["now"].as_f64().unwrap());
            let json = &r["loads"]["JSONSerializer"];
            if r["serializer"] == "PickleSerializer" {
                // Django's default serializer resets; 4.2's PickleSerializer would unpickle it.
                assert_eq!(json["reset"], true);
                let want = if v == DjangoVersion::V4_2 {
                    assert!(r["loads"]["PickleSerializer"].get("data_json").is_some());
                    Error::PickledPayload.slug()
                } else {
                    assert!(r["loads"].get("PickleSerializer").is_none());
                    "malformed-json"
                };
                assert_eq!(got.unwrap_err().slug(), want, "{v}");
            } else {
                let want: J = serde_json::from_str(s(&json["data_json"])).unwrap();
                let out = json_dumps(got.unwrap().data(), 100).unwrap();
                let mine: J = serde_json::from_slice(&out).unwrap();
                assert_eq!(mine, want, "{v}");
            }
        }
    }
}

/// `salted_hmac` without an algorithm is SHA-1 in every release (6.1 warns that the default
/// will change). djsign's `salted_hmac` has no default: the algorithm is always given.
#[cfg(feature = "legacy-sha1")]
#[test]
fn salted_hmac_default_is_sha1_in_every_release() {
    for v in RELEASES {
        let h = &capture(v)["salted_hmac"];
        let mac = djsign::salted_hmac(b"salt", b"value", b"secret", djsign::Algorithm::Sha1);
        let hex: String = mac.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, s(&h["hexdigest"]), "{v}");
        assert_eq!(h["warns"], v == DjangoVersion::V6_1, "{v}");
    }
}
