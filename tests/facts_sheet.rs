//! Each statement of the facts sheet (`../shared/django-signing-facts.md`) as a test: Django's
//! outcome, recorded by Django itself in `vectors/quirks.json` (re-derived by
//! `vectors/check_django.py`), and djsign's, checked by running the vector.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../vectors/check.rs"]
mod check;

use serde_json::Value as J;

/// The first test of vector file `file` that `wanted` picks, with its group.
fn find(file: &str, wanted: impl Fn(&J) -> bool) -> (J, J) {
    let path = format!("{}/vectors/{file}", env!("CARGO_MANIFEST_DIR"));
    let doc: J = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["tests"].as_array().unwrap().iter().map(move |t| (g, t)))
        .find(|(_, t)| wanted(t))
        .map(|(g, t)| (g.clone(), t.clone()))
        .unwrap_or_else(|| panic!("no such test in {file}"))
}

/// Asserts Django's recorded result and djsign's recorded outcome, then runs the vector.
fn assert_fact(what: &str, g: &J, t: &J, django: &str, djsign: Result<(), &str>) {
    assert_eq!(t["result"], django, "Django's outcome for {what}");
    // djsign's outcome as the vector records it (checked against djsign just below)
    assert_eq!(
        t["error"].as_str(),
        djsign.err(),
        "djsign's outcome for {what}"
    );
    match check::check_one(g, t) {
        Ok(true) => {}
        Ok(false) => assert!(
            djsign::Algorithm::from_name("sha1").is_err(),
            "{what} skipped although every feature is on"
        ),
        Err(e) => panic!("{what}: {e}"),
    }
}

/// Django's result for the fact `[id]` of quirks.json, and djsign's outcome (`Ok(())`
/// accepted, `Err(kind)`).
fn fact(id: &str, django: &str, djsign: Result<(), &str>) {
    let tag = format!("[{id}]");
    let (g, t) = find("quirks.json", |t| {
        t["comment"].as_str().unwrap().starts_with(&tag)
    });
    assert_fact(&tag, &g, &t, django, djsign);
}

macro_rules! facts {
    ($($name:ident: $id:literal, django $django:literal, djsign $ours:expr;)*) => {
        $(#[test] fn $name() { fact($id, $django, $ours) })*
    };
}

const OK: Result<(), &str> = Ok(());

facts! {
    signer_default_salt_and_sep: "signer-default-salt", django "valid", djsign OK;
    unsign_splits_at_the_last_separator: "rsplit-last-sep", django "valid", djsign OK;
    missing_separator: "no-sep", django "invalid", djsign Err("no-separator");
    signature_compared_as_a_string: "sig-string-compare", django "invalid", djsign Err("bad-signature");
    django_test_sha1_hello: "django-test-sha1", django "valid", djsign OK;
    django_test_sha512_hello: "django-test-sha512", django "valid", djsign OK;
    bytes_key_e7: "bytes-key", django "valid", djsign OK;
    rotation_verifies_with_fallback: "rotation-verify", django "valid", djsign OK;
    rotation_signs_with_key: "rotation-sign", django "valid", djsign OK;
    separator_caret_refused: "sep-caret", django "invalid", djsign Err("invalid-separator");
    separator_empty_refused: "sep-empty", django "invalid", djsign Err("invalid-separator");
    separator_letters_refused: "sep-letters", django "invalid", djsign Err("invalid-separator");
    separator_equals_refused: "sep-equals", django "invalid", djsign Err("invalid-separator");
    separator_dot_allowed: "sep-dot", django "valid", djsign OK;
    separator_slash_allowed: "sep-slash", django "valid", djsign OK;
    separator_comma_allowed: "sep-comma", django "valid", djsign OK;
    separator_multi_allowed: "sep-multi", django "valid", djsign OK;
    separator_colon_a_allowed: "sep-colon-a", django "valid", djsign OK;
    separator_double_colon_allowed: "sep-double-colon", django "valid", djsign OK;
    timestamp_sign: "timestamp-sign", django "valid", djsign OK;
    b62_zero: "b62-zero", django "valid", djsign OK;
    b62_negative: "b62-negative", django "valid", djsign OK;
    age_equal_to_max_age_passes: "age-equals-max-age", django "valid", djsign OK;
    age_over_max_age_expires: "age-over-max-age", django "invalid", djsign Err("expired");
    fractional_max_age: "fractional-max-age", django "valid", djsign OK;
    b62_empty_is_an_error: "b62-empty", django "invalid", djsign Err("malformed-timestamp");
    b62_dash_is_zero: "b62-dash", django "valid", djsign OK;
    b62_leading_zeros: "b62-leading-zeros", django "valid", djsign OK;
    b62_minus_zero: "b62-minus-zero", django "valid", djsign OK;
    b62_plus_is_an_error: "b62-plus", django "invalid", djsign Err("malformed-timestamp");
    b62_unbounded_in_django_refused_by_djsign: "b62-unbounded", django "acceptable", djsign Err("malformed-timestamp");
    signed_value_without_timestamp: "timestamp-missing", django "invalid", djsign Err("missing-timestamp");
    json_non_bmp_surrogate_pair: "json-non-bmp", django "valid", djsign OK;
    json_del_escaped: "json-del", django "valid", djsign OK;
    json_control_short_forms: "json-controls", django "valid", djsign OK;
    json_slash_and_lt_not_escaped: "json-no-escape-slash-lt", django "valid", djsign OK;
    json_int_2_pow_64: "json-big-int", django "valid", djsign OK;
    json_float_1e16: "json-1e16", django "valid", djsign OK;
    json_float_1e_05: "json-1e-05", django "valid", djsign OK;
    json_float_100: "json-100.0", django "valid", djsign OK;
    json_float_minus_zero: "json-minus-zero", django "valid", djsign OK;
    json_key_order: "json-key-order", django "valid", djsign OK;
    json_nan: "json-nan", django "valid", djsign OK;
    compression_boundary_minus_1: "compress-boundary-minus-1", django "valid", djsign OK;
    compression_boundary_minus_2: "compress-boundary-minus-2", django "valid", djsign OK;
    dumps_empty_salt: "empty-salt-dumps", django "valid", djsign OK;
    b64_plus_and_slash_accepted: "b64-lenient-plus-slash", django "valid", djsign OK;
    b64_trailing_bits_accepted: "b64-trailing-bits", django "valid", djsign OK;
    loads_latin1: "loads-latin1", django "valid", djsign OK;
    loads_nan_infinity: "loads-nan", django "valid", djsign OK;
    loads_duplicate_keys: "loads-duplicate-keys", django "valid", djsign OK;
    loads_big_int: "loads-big-int", django "valid", djsign OK;
    loads_whitespace: "loads-whitespace", django "valid", djsign OK;
    loads_lone_surrogate_django_accepts_djsign_refuses: "loads-lone-surrogate", django "acceptable", djsign Err("unrepresentable-json");
}

/// The statement `[id]` of the "Django versions" table, as Django `version` reads it: Django's
/// result, djsign's outcome, and the vector run as that version.
fn version_fact(id: &str, version: &str, django: &str, djsign: Result<(), &str>) {
    let tag = format!("[{id}]");
    let v = djsign::DjangoVersion::from_name(version).unwrap();
    let (g, t) = find("quirks.json", |t| {
        t["comment"].as_str().unwrap().starts_with(&tag)
            && t["djangoVersions"]
                .as_array()
                .is_some_and(|a| a.iter().any(|n| n == version))
    });
    let what = format!("{tag} as {version}");
    assert_eq!(t["result"], django, "Django's outcome for {what}");
    assert_eq!(
        t["error"].as_str(),
        djsign.err(),
        "djsign's outcome for {what}"
    );
    let ran = check::check_one_as(&g, &t, v).unwrap_or_else(|e| panic!("{what}: {e}"));
    // sessions and signed cookies are the `contrib` feature's; without it they cannot run
    let contrib = matches!(g["type"].as_str(), Some("session" | "signed-cookie"));
    assert!(
        ran || (contrib && !cfg!(feature = "contrib")),
        "{what} unsupported"
    );
}

macro_rules! version_facts {
    ($($name:ident: $id:literal, $($v:literal)|+ => django $django:literal, djsign $ours:expr;)*) => {
        $(#[test] fn $name() { for v in [$($v),+] { version_fact($id, v, $django, $ours) } })*
    };
}

version_facts! {
    codec_latin1_in_the_releases: "v-codec-utf8", "4.2" | "5.2" | "6.0" | "6.1" => django "valid", djsign OK;
    codec_utf8_on_main: "v-codec-utf8", "main" => django "valid", djsign OK;
    latin1_text_in_the_releases: "v-codec-not-utf8", "4.2" | "5.2" | "6.0" | "6.1" => django "valid", djsign OK;
    latin1_text_is_not_utf8_on_main: "v-codec-not-utf8", "main" => django "invalid", djsign Err("malformed-json");
    v2_cookie_unknown_to_4_2: "v-cookie-v2", "4.2" => django "invalid", djsign Err("bad-signature");
    v2_cookie_read_from_5_2: "v-cookie-v2", "5.2" | "6.0" | "6.1" | "main" => django "valid", djsign OK;
    legacy_cookie_read_until_6_0: "v-cookie-legacy", "4.2" | "5.2" | "6.0" => django "valid", djsign OK;
    legacy_cookie_refused_from_6_1: "v-cookie-legacy", "6.1" | "main" => django "invalid", djsign Err("bad-signature");
    session_expiry_ignored_by_releases: "v-session-expiry", "4.2" | "5.2" | "6.0" | "6.1" => django "valid", djsign OK;
    session_expiry_honoured_by_main: "v-session-expiry", "main" => django "invalid", djsign Err("session-expired");
    pickle_named_on_4_2: "v-pickle", "4.2" => django "invalid", djsign Err("pickled-payload");
    pickle_is_not_json_after: "v-pickle", "5.2" | "6.0" | "6.1" | "main" => django "invalid", djsign Err("malformed-json");
}

#[test]
fn every_fact_in_quirks_json_has_a_test() {
    let src = include_str!("facts_sheet.rs");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/quirks.json");
    let quirks: J = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for g in quirks["testGroups"].as_array().unwrap() {
        for t in g["tests"].as_array().unwrap() {
            let c = t["comment"].as_str().unwrap();
            let id = &c[1..c.find(']').unwrap()];
            assert!(
                src.contains(&format!("\"{id}\"")),
                "fact [{id}] has no test"
            );
        }
    }
}

/// A fact about sessions or signed cookies, found in `file` by its comment (and, for
/// sessions, the expiry policy).
#[cfg(feature = "contrib")]
fn contrib_fact(
    file: &str,
    comment: &str,
    policy: Option<&str>,
    django: &str,
    djsign: Result<(), &str>,
) {
    let (g, t) = find(file, |t| {
        t["comment"] == comment && policy.is_none_or(|p| t["expiryPolicy"] == p)
    });
    assert_fact(&format!("{comment:?} {policy:?}"), &g, &t, django, djsign);
}

#[cfg(feature = "contrib")]
mod contrib {
    use super::{OK, contrib_fact};

    /// Released Django accepts the session read in `comment`; the development branch and
    /// the strict policy find it past its expiry.
    fn only_released_django_accepts(comment: &str) {
        contrib_fact("sessions.json", comment, Some("django"), "valid", OK);
        for policy in ["django-dev", "strict"] {
            contrib_fact(
                "sessions.json",
                comment,
                Some(policy),
                "invalid",
                Err("session-expired"),
            );
        }
    }

    #[test]
    fn released_django_ignores_set_expiry_the_dev_branch_honours_it() {
        only_released_django_accepts("set_expiry(300), read after 301 s");
    }

    #[test]
    fn at_exactly_the_cookie_age_released_accepts_the_dev_branch_refuses() {
        only_released_django_accepts("exactly the cookie age");
    }

    #[test]
    fn browser_close_expiry_falls_back_to_the_cookie_age() {
        only_released_django_accepts("set_expiry(0), read after the cookie age");
    }

    #[test]
    fn django_42_pickled_session_is_refused_never_unpickled() {
        let c = "Django 4.2 PickleSerializer session";
        for p in ["strict", "django", "django-dev"] {
            let (g, t) = super::find("sessions.json", |t| {
                t["comment"] == c && t["expiryPolicy"] == p && t["error"] == "malformed-json"
            });
            super::assert_fact(c, &g, &t, "invalid", Err("malformed-json"));
        }
        for p in ["strict", "django"] {
            contrib_fact(
                "sessions.json",
                c,
                Some(p),
                "invalid",
                Err("pickled-payload"),
            );
        }
    }

    #[test]
    fn legacy_salts_collide_while_the_fallback_is_on() {
        let c = "cookie ('ab', salt 'c') presented as ('a', salt 'bc'), legacy salt";
        contrib_fact("signed_cookies.json", c, None, "valid", OK);
    }

    #[test]
    fn v2_salts_do_not_collide() {
        let c = "cookie ('ab', salt 'c') presented as ('a', salt 'bc'), v2 salt";
        contrib_fact(
            "signed_cookies.json",
            c,
            None,
            "invalid",
            Err("bad-signature"),
        );
    }

    #[test]
    fn no_legacy_retry_after_expiry() {
        contrib_fact(
            "signed_cookies.json",
            "expired v2 cookie",
            None,
            "invalid",
            Err("expired"),
        );
    }
}
