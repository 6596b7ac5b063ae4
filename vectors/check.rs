//! Runs djsign against the published test vectors (`vectors/*.json`).
//!
//! One source file, two users: `cargo test` (`tests/vectors.rs`) and `djsign vectors check`
//! (the CLI) include it with `#[path]`, so both apply the same rules, the ones
//! `vectors/README.md` states for every implementation:
//!
//! - `valid`: verifying `token` gives `value` (or an object whose Django JSON is
//!   `payloadJson`); unless the flags contain `VerifyOnly`, signing the inputs at `timestamp`
//!   gives exactly `token`.
//! - `invalid`: verification (or, for configuration errors, building the signer) fails, with
//!   djsign's error slug `error`.
//! - `acceptable`: Django accepts; djsign fails with `error` when the test names one, and
//!   otherwise behaves as for `valid`.
//!
//! Each test holds for the Django versions it names (`djangoVersions`, on the test or its
//! group): it is run with djsign configured as each of them (`.django_version(v)`, then the
//! test's explicit settings), or, when a version is asked for, only the tests that name it,
//! as that version.
//!
//! The summary counts each result apart (valid, invalid, acceptable): a checker that refused
//! everything would pass every invalid test, and only the split shows it.

// Included by test and CLI crates that run on std; the no_std import lints are for the library.
#![allow(
    dead_code,
    clippy::arithmetic_side_effects,
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc
)]

use std::fmt::Write as _;
use std::path::Path;

use djsign::{
    Algorithm, BuildSigner, DjangoVersion, Error, Signer, SignerBuilder, TimestampSigner, Value,
    json_dumps, json_loads,
};
use serde_json::Value as J;

/// The schema these files must declare (vectors/README.md, "Changelog").
pub const SCHEMA: &str = "djsign-vectors/2";

/// The results a test can have, in the order the summary lists them.
pub const RESULTS: [&str; 3] = ["valid", "invalid", "acceptable"];

/// The outcomes of the tests of one result.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    /// Tests that behaved as the vectors say.
    pub passed: usize,
    /// Tests that did not.
    pub failed: usize,
    /// Tests this build cannot run.
    pub unsupported: usize,
}

/// What happened to the vectors of one run.
#[derive(Debug, Default)]
pub struct Summary {
    /// The version the run was limited to (`None`: every test under each version it names).
    pub version: Option<DjangoVersion>,
    /// Tests looked at.
    pub total: usize,
    /// Tests that behaved as the vectors say.
    pub passed: usize,
    /// Tests this build cannot run (an algorithm behind a feature that is off).
    pub unsupported: usize,
    /// One line per failed test (and per file whose bookkeeping is wrong).
    pub failures: Vec<String>,
    /// The tests of each result of [`RESULTS`], counted apart.
    pub by_result: [Tally; 3],
}

impl Summary {
    /// `N vectors: P pass, F fail (valid P pass, F fail; invalid ...; acceptable ...)`
    /// (`N vectors for Django V: ...` when limited to a version), and the unsupported counts
    /// when there are some.
    pub fn line(&self) -> String {
        let scope = match self.version {
            Some(v) => format!(" for Django {v}"),
            None => String::new(),
        };
        let mut s = format!(
            "{} vectors{scope}: {} pass, {} fail",
            self.total,
            self.passed,
            self.failures.len()
        );
        if self.unsupported > 0 {
            let _ = write!(s, ", {} unsupported by this build", self.unsupported);
        }
        let split: Vec<String> = RESULTS
            .iter()
            .zip(&self.by_result)
            .map(|(r, t)| {
                let mut part = format!("{r} {} pass, {} fail", t.passed, t.failed);
                if t.unsupported > 0 {
                    let _ = write!(part, ", {} unsupported", t.unsupported);
                }
                part
            })
            .collect();
        let _ = write!(s, " ({})", split.join("; "));
        s
    }

    fn absorb(&mut self, other: Self) {
        self.total += other.total;
        self.passed += other.passed;
        self.unsupported += other.unsupported;
        self.failures.extend(other.failures);
        for (mine, theirs) in self.by_result.iter_mut().zip(other.by_result) {
            mine.passed += theirs.passed;
            mine.failed += theirs.failed;
            mine.unsupported += theirs.unsupported;
        }
    }
}

/// Checks every `*.json` vector file in `dir` (the schema file excluded): with a version, the
/// tests that hold for it; without, every test under each version it names.
pub fn check_dir(dir: &Path, version: Option<DjangoVersion>) -> Result<Summary, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && p.file_name().is_some_and(|n| n != "schema.json")
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no vector files in {}", dir.display()));
    }
    let mut summary = Summary {
        version,
        ..Summary::default()
    };
    for f in files {
        summary.absorb(check_file(&f, version)?);
    }
    Ok(summary)
}

/// The versions a test names (`djangoVersions` of the test, else of its group).
pub fn versions(g: &J, t: &J) -> Result<Vec<DjangoVersion>, String> {
    let names = field(g, t, "djangoVersions")
        .and_then(J::as_array)
        .filter(|a| !a.is_empty())
        .ok_or("no djangoVersions")?;
    names
        .iter()
        .map(|n| {
            n.as_str()
                .and_then(DjangoVersion::from_name)
                .ok_or_else(|| format!("unknown Django version {n}"))
        })
        .collect()
}

/// The largest vector file read (the published ones are under 1 MiB); a larger file is not
/// read past this.
pub const MAX_VECTOR_FILE: u64 = 64 << 20;

/// Checks one vector file.
pub fn check_file(path: &Path, version: Option<DjangoVersion>) -> Result<Summary, String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut std::io::Read::take(
            std::fs::File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?,
            MAX_VECTOR_FILE + 1,
        ),
        &mut text,
    )
    .map_err(|e| format!("cannot read {name}: {e}"))?;
    if text.len() as u64 > MAX_VECTOR_FILE {
        return Err(format!("{name} is larger than {MAX_VECTOR_FILE} bytes"));
    }
    let doc: J = serde_json::from_str(&text).map_err(|e| format!("{name} is not JSON: {e}"))?;
    if doc["schema"] != SCHEMA {
        return Err(format!("{name}: unknown schema {}", doc["schema"]));
    }
    let notes = doc["notes"]
        .as_object()
        .ok_or(format!("{name}: no notes"))?;
    let groups = doc["testGroups"]
        .as_array()
        .ok_or(format!("{name}: no testGroups"))?;
    let mut summary = Summary::default();
    let mut ids = std::collections::BTreeSet::new();
    let mut declared_total = 0;
    for g in groups {
        for t in g["tests"]
            .as_array()
            .ok_or(format!("{name}: group without tests"))?
        {
            declared_total += 1;
            let id = t["tcId"].as_u64().unwrap_or(0);
            let mut problems = Vec::new();
            if !ids.insert(id) {
                problems.push("duplicate tcId".to_string());
            }
            let named = versions(g, t);
            if let (Some(v), Ok(named)) = (version, &named)
                && !named.contains(&v)
            {
                continue;
            }
            summary.total += 1;
            let result = RESULTS.iter().position(|r| t["result"] == *r);
            if result.is_none() {
                problems.push(format!("unknown result {}", t["result"]));
            }
            for f in t["flags"].as_array().into_iter().flatten() {
                if !f.as_str().is_some_and(|f| notes.contains_key(f)) {
                    problems.push(format!("flag {f} has no note"));
                }
            }
            let outcome = match (named, version) {
                (Err(e), _) => Err(e),
                (Ok(_), Some(v)) => check_test(g, t, v),
                (Ok(named), None) => check_all(g, t, &named),
            };
            let mut tally = Tally::default();
            match outcome {
                Ok(Checked::Pass) if problems.is_empty() => tally.passed += 1,
                Ok(Checked::Unsupported) if problems.is_empty() => tally.unsupported += 1,
                Ok(_) => {}
                Err(e) => problems.push(e),
            }
            if !problems.is_empty() {
                tally.failed += 1;
            }
            summary.passed += tally.passed;
            summary.unsupported += tally.unsupported;
            if let Some(r) = result.and_then(|r| summary.by_result.get_mut(r)) {
                r.passed += tally.passed;
                r.failed += tally.failed;
                r.unsupported += tally.unsupported;
            }
            if !problems.is_empty() {
                summary.failures.push(format!(
                    "{name} tcId {id} ({}): {}",
                    t["comment"].as_str().unwrap_or(""),
                    problems.join("; ")
                ));
            }
        }
    }
    let declared = doc["numberOfTests"].as_u64().unwrap_or(0);
    if declared != declared_total {
        summary.failures.push(format!(
            "{name}: numberOfTests says {declared}, the file has {declared_total}"
        ));
    }
    Ok(summary)
}

/// Checks one test of a group under every version it names: `Ok(true)` if djsign behaves as
/// the vector says, `Ok(false)` if this build cannot run it (a feature is off), `Err` with
/// what went wrong.
pub fn check_one(group: &J, test: &J) -> Result<bool, String> {
    match check_all(group, test, &versions(group, test)?)? {
        Checked::Pass => Ok(true),
        Checked::Unsupported => Ok(false),
    }
}

/// As [`check_one`], as Django `version` only (whether or not the test names it).
pub fn check_one_as(group: &J, test: &J, version: DjangoVersion) -> Result<bool, String> {
    match check_test(group, test, version)? {
        Checked::Pass => Ok(true),
        Checked::Unsupported => Ok(false),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Checked {
    Pass,
    Unsupported,
}

/// The test under each of `named`; the first failure, tagged with its version.
fn check_all(g: &J, t: &J, named: &[DjangoVersion]) -> Result<Checked, String> {
    let mut outcome = Checked::Pass;
    for &v in named {
        match check_test(g, t, v).map_err(|e| format!("as Django {v}: {e}"))? {
            Checked::Pass => {}
            other => outcome = other,
        }
    }
    Ok(outcome)
}

/// A field of the test, or of its group when the test does not have it.
fn field<'a>(g: &'a J, t: &'a J, name: &str) -> Option<&'a J> {
    t.get(name).or_else(|| g.get(name))
}

fn str_field<'a>(g: &'a J, t: &'a J, name: &str) -> Option<&'a str> {
    field(g, t, name).and_then(J::as_str)
}

fn hex(s: &str) -> Result<Vec<u8>, String> {
    if !s.len().is_multiple_of(2) {
        return Err(format!("odd-length hex {s:?}"));
    }
    (0..s.len())
        .step_by(2)
        .map(|i| {
            s.get(i..i + 2)
                .and_then(|b| u8::from_str_radix(b, 16).ok())
                .ok_or(format!("bad hex {s:?}"))
        })
        .collect()
}

fn has_flag(t: &J, flag: &str) -> bool {
    t["flags"]
        .as_array()
        .is_some_and(|f| f.iter().any(|x| x == flag))
}

/// Applies the version, then the group's/test's configuration, to a builder.
fn configure<S: BuildSigner>(
    b: SignerBuilder<S>,
    g: &J,
    t: &J,
    v: DjangoVersion,
) -> Result<Result<S, Error>, String> {
    let mut b = b.django_version(v);
    if let Some(salt) = str_field(g, t, "salt") {
        b = b.salt(salt);
    }
    if let Some(sep) = str_field(g, t, "sep") {
        b = b.sep(sep);
    }
    if let Some(name) = str_field(g, t, "algorithm") {
        match Algorithm::from_name(name) {
            Ok(a) => b = b.algorithm(a),
            Err(e) => return Ok(Err(e)),
        }
    }
    for k in field(g, t, "fallbackKeys")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
    {
        b = b.fallback_key(k.as_str().ok_or("fallbackKeys must be strings")?);
    }
    Ok(b.build())
}

fn key(g: &J, t: &J) -> Result<Vec<u8>, String> {
    if let Some(k) = str_field(g, t, "key") {
        return Ok(k.as_bytes().to_vec());
    }
    hex(str_field(g, t, "keyHex").ok_or("no key or keyHex")?)
}

/// The outcome djsign must produce: `Ok(())` to behave as valid, `Err(slug)` to fail so.
fn expected(t: &J) -> Result<Result<(), String>, String> {
    let error = t["error"].as_str().map(str::to_string);
    match (t["result"].as_str(), error) {
        (Some("valid"), None) => Ok(Ok(())),
        (Some("invalid"), Some(e)) | (Some("acceptable"), Some(e)) => Ok(Err(e)),
        (Some("acceptable"), None) => Ok(Ok(())),
        (r, e) => Err(format!("malformed test: result {r:?}, error {e:?}")),
    }
}

fn check_test(g: &J, t: &J, v: DjangoVersion) -> Result<Checked, String> {
    let want = expected(t)?;
    let gtype = g["type"].as_str().ok_or("group without type")?;
    let key = key(g, t)?;
    let outcome = match gtype {
        "sign-untimed" => {
            configure(Signer::builder(key.as_slice()), g, t, v)?.map(|s| run_untimed(&s, g, t))
        }
        "sign" => configure(TimestampSigner::builder(key.as_slice()), g, t, v)?
            .map(|s| run_timed(&s, g, t)),
        "object-untimed" => configure(Signer::builder(key.as_slice()), g, t, v)?
            .map(|s| run_object_untimed(&s, g, t)),
        "object" => configure(TimestampSigner::builder(key.as_slice()), g, t, v)?
            .map(|s| run_object(&s, g, t)),
        #[cfg(feature = "contrib")]
        "session" => session_store(&key, g, t, v)?.map(|s| run_session(&s, g, t)),
        #[cfg(feature = "contrib")]
        "signed-cookie" => signed_cookie(&key, g, t, v)?.map(|c| run_signed_cookie(&c, g, t)),
        // the contrib layer is a feature; without it these vectors cannot run
        #[cfg(not(feature = "contrib"))]
        "session" | "signed-cookie" => return Ok(Checked::Unsupported),
        other => return Err(format!("unknown group type {other}")),
    };
    let outcome = match outcome {
        // building the signer failed
        Err(Error::UnsupportedAlgorithm)
            if str_field(g, t, "algorithm") == Some("sha1")
                && Algorithm::from_name("sha1").is_err() =>
        {
            return Ok(Checked::Unsupported);
        }
        Err(e) => Err(e.slug().to_string()),
        Ok(run) => run?,
    };
    match (want, outcome) {
        (Ok(()), Ok(())) => Ok(Checked::Pass),
        (Err(w), Err(got)) if w == got => Ok(Checked::Pass),
        (w, got) => Err(format!("expected {w:?}, djsign gave {got:?}")),
    }
}

/// Either the verification outcome (`Ok(())` or the error slug), or a test failure that is
/// not about verification (signing gave another token, a field is missing).
type Run = Result<Result<(), String>, String>;

fn token(t: &J) -> Result<&str, String> {
    t["token"].as_str().ok_or_else(|| "no token".to_string())
}

fn now_and_max_age(g: &J, t: &J) -> (f64, Option<f64>) {
    let now = field(g, t, "now").and_then(J::as_f64).unwrap_or(0.0);
    (now, field(g, t, "maxAge").and_then(J::as_f64))
}

fn timestamp(g: &J, t: &J) -> Option<i64> {
    field(g, t, "timestamp").and_then(J::as_i64)
}

fn must_sign(t: &J) -> bool {
    t["result"] == "valid" && !has_flag(t, "VerifyOnly")
}

fn same_token(made: &str, t: &J) -> Result<(), String> {
    let tok = token(t)?;
    if made == tok {
        Ok(())
    } else {
        Err(format!("signing gave {made:?}, Django gave {tok:?}"))
    }
}

fn run_untimed(s: &Signer, _g: &J, t: &J) -> Run {
    let value = t["value"].as_str();
    if must_sign(t) {
        same_token(&s.sign(value.ok_or("no value")?), t)?;
    }
    Ok(match s.unsign(token(t)?) {
        Ok(v) if Some(v) == value => Ok(()),
        Ok(v) => return Err(format!("verified to {v:?}, Django gave {value:?}")),
        Err(e) => Err(e.slug().to_string()),
    })
}

fn run_timed(s: &TimestampSigner, g: &J, t: &J) -> Run {
    let value = t["value"].as_str();
    if must_sign(t) {
        let ts = timestamp(g, t).ok_or("no timestamp")?;
        same_token(&s.sign_at(value.ok_or("no value")?, ts), t)?;
    }
    let (now, max_age) = now_and_max_age(g, t);
    Ok(match s.unsign_at(token(t)?, max_age, now) {
        Ok(v) if Some(v.value) != value => {
            return Err(format!("verified to {:?}, Django gave {value:?}", v.value));
        }
        Ok(v) if timestamp(g, t).is_some_and(|ts| ts != v.timestamp) => {
            return Err(format!("verified timestamp {}", v.timestamp));
        }
        Ok(_) => Ok(()),
        Err(e) => Err(e.slug().to_string()),
    })
}

fn payload(t: &J) -> Result<Value, String> {
    let text = t["payloadJson"].as_str().ok_or("no payloadJson")?;
    json_loads(text.as_bytes(), 1000).map_err(|e| format!("payloadJson unreadable: {e}"))
}

fn same_payload(v: &Value, t: &J) -> Result<(), String> {
    let want = t["payloadJson"].as_str().ok_or("no payloadJson")?;
    let got = json_dumps(v, 1000).map_err(|e| format!("cannot re-serialize: {e}"))?;
    if got == want.as_bytes() {
        Ok(())
    } else {
        Err(format!(
            "verified to {}, Django gave {want}",
            String::from_utf8_lossy(&got)
        ))
    }
}

fn compress(g: &J, t: &J) -> bool {
    field(g, t, "compress")
        .and_then(J::as_bool)
        .unwrap_or(false)
}

fn run_object_untimed(s: &Signer, g: &J, t: &J) -> Run {
    if must_sign(t) {
        let made = s
            .sign_object(&payload(t)?, compress(g, t))
            .map_err(|e| format!("sign_object failed: {e}"))?;
        same_token(&made, t)?;
    }
    Ok(match s.unsign_object_value(token(t)?) {
        Ok(v) => {
            same_payload(&v, t)?;
            Ok(())
        }
        Err(e) => Err(e.slug().to_string()),
    })
}

fn run_object(s: &TimestampSigner, g: &J, t: &J) -> Run {
    if must_sign(t) {
        let ts = timestamp(g, t).ok_or("no timestamp")?;
        let made = s
            .sign_object_at(&payload(t)?, compress(g, t), ts)
            .map_err(|e| format!("sign_object failed: {e}"))?;
        same_token(&made, t)?;
    }
    let (now, max_age) = now_and_max_age(g, t);
    Ok(match s.unsign_object_value_at(token(t)?, max_age, now) {
        Ok(v) => {
            same_payload(&v.value, t)?;
            Ok(())
        }
        Err(e) => Err(e.slug().to_string()),
    })
}

#[cfg(feature = "contrib")]
fn fallback_keys<'a>(g: &'a J, t: &'a J) -> Result<Vec<&'a str>, String> {
    field(g, t, "fallbackKeys")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
        .map(|k| {
            k.as_str()
                .ok_or_else(|| "fallbackKeys must be strings".to_string())
        })
        .collect()
}

#[cfg(feature = "contrib")]
fn session_store(
    key: &[u8],
    g: &J,
    t: &J,
    v: DjangoVersion,
) -> Result<Result<djsign::SessionStore, Error>, String> {
    // the salt the backend passes to signing.dumps; it is not configurable in Django either
    let salt = str_field(g, t, "salt");
    if salt != Some(djsign::SESSION_SALT) {
        return Err(format!("session salt {salt:?}, not the backend's"));
    }
    let mut b = djsign::SessionStore::builder(key)
        .django_version(v)
        // the vectors are made with TZ=UTC, so naive datetimes are UTC
        .naive_utc_offset(0);
    // absent: the version's own rule
    if let Some(policy) = str_field(g, t, "expiryPolicy") {
        let policy =
            djsign::ExpiryPolicy::from_name(policy).ok_or(format!("unknown policy {policy}"))?;
        b = b.expiry_policy(policy);
    }
    if let Some(age) = field(g, t, "cookieAge").and_then(J::as_i64) {
        b = b.cookie_age(age);
    }
    for k in fallback_keys(g, t)? {
        b = b.fallback_key(k);
    }
    Ok(b.build())
}

#[cfg(feature = "contrib")]
fn run_session(s: &djsign::SessionStore, g: &J, t: &J) -> Run {
    if must_sign(t) {
        let ts = timestamp(g, t).ok_or("no timestamp")?;
        let Value::Object(data) = payload(t)? else {
            return Err("payloadJson is not an object".into());
        };
        let made = s
            .save_at(&djsign::Session::from_map(data), ts)
            .map_err(|e| format!("save failed: {e}"))?;
        same_token(&made, t)?;
    }
    let (now, _) = now_and_max_age(g, t);
    Ok(match s.load_at(token(t)?, now) {
        Ok(session) => {
            same_payload(&Value::Object(session.data().clone()), t)?;
            if let (Some(want), Some(got)) = (timestamp(g, t), session.timestamp())
                && want != got
            {
                return Err(format!("session timestamp {got}, vector {want}"));
            }
            Ok(())
        }
        Err(e) => Err(e.slug().to_string()),
    })
}

#[cfg(feature = "contrib")]
fn signed_cookie(
    key: &[u8],
    g: &J,
    t: &J,
    v: DjangoVersion,
) -> Result<Result<djsign::SignedCookie, Error>, String> {
    let name = str_field(g, t, "cookieName").ok_or("no cookieName")?;
    let mut b = djsign::SignedCookie::builder(key, name)
        .salt(str_field(g, t, "cookieSalt").unwrap_or(""))
        .django_version(v);
    // absent: the version's own salts
    if let Some(on) = field(g, t, "legacySaltFallback") {
        b = b.legacy_salt_fallback(on.as_bool().ok_or("legacySaltFallback must be a bool")?);
    }
    for k in fallback_keys(g, t)? {
        b = b.fallback_key(k);
    }
    Ok(b.build())
}

#[cfg(feature = "contrib")]
fn run_signed_cookie(c: &djsign::SignedCookie, g: &J, t: &J) -> Run {
    let value = t["value"].as_str();
    let scheme = str_field(g, t, "saltScheme").ok_or("no saltScheme")?;
    if must_sign(t) {
        let ts = timestamp(g, t).ok_or("no timestamp")?;
        let v = value.ok_or("no value")?;
        // the version's own set_signed_cookie when it writes this salt, else the explicit one
        let made = match scheme {
            _ if scheme == c.signing_salt().name() => c.sign_at(v, ts),
            "v2" => c.sign_v2_at(v, ts),
            "legacy" => c.sign_legacy_at(v, ts),
            other => return Err(format!("unknown saltScheme {other}")),
        };
        same_token(&made, t)?;
    }
    let (now, max_age) = now_and_max_age(g, t);
    Ok(match c.unsign_at(token(t)?, max_age, now) {
        Ok(v) if Some(v.value) != value => {
            return Err(format!("verified to {:?}, Django gave {value:?}", v.value));
        }
        Ok(v) if v.scheme.name() != scheme => {
            return Err(format!("verified with the {} salt", v.scheme.name()));
        }
        Ok(_) => Ok(()),
        Err(e) => Err(e.slug().to_string()),
    })
}
