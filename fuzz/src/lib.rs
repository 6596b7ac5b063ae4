//! Shared pieces of the djsign fuzz targets: an `Arbitrary` JSON value with bounded depth, a
//! NaN- and -0.0-aware equality, token mutations, and a counting allocator.
//!
//! Fuzz harnesses are test code: panics are how they report, so the library's strict lints do
//! not apply here (this crate is outside the library's workspace).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use arbitrary::{Arbitrary, Result, Unstructured};
use djsign::{Algorithm, BigInt, Map, Value};

/// Deepest nesting `ArbValue` generates.
pub const MAX_DEPTH: usize = 6;

/// Floats worth hitting on purpose: repr boundaries (1e16, 1e-4), signed zero, the
/// non-finite values, subnormals and the extremes.
const SPECIAL_FLOATS: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.1,
    1e16,
    9_999_999_999_999_998.0,
    1e-4,
    1e-5,
    0.000_099_999_999_999_999_99,
    1.5e300,
    f64::MAX,
    f64::MIN,
    f64::MIN_POSITIVE,
    5e-324,
    f64::EPSILON,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    9_007_199_254_740_993.0,
    123_456_789_012_345_680.0,
];

/// A `Value` that `arbitrary` can generate, depth-bounded so payloads stay small.
#[derive(Clone, Debug)]
pub struct ArbValue(pub Value);

impl<'a> Arbitrary<'a> for ArbValue {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        arb_value(u, MAX_DEPTH).map(ArbValue)
    }
}

/// A value nested at most `depth` containers deep.
pub fn arb_value(u: &mut Unstructured<'_>, depth: usize) -> Result<Value> {
    let top = if depth == 0 { 6 } else { 8 };
    Ok(match u.int_in_range(0..=top)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::Int(u.arbitrary()?),
        3 => arb_bigint(u)?,
        4 => Value::Float(avoid_known(f64::from_bits(u.arbitrary()?))),
        5 => Value::Float(avoid_known(*u.choose(SPECIAL_FLOATS)?)),
        6 => Value::String(u.arbitrary()?),
        7 => {
            let n = u.int_in_range(0..=8)?;
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                items.push(arb_value(u, depth - 1)?);
            }
            Value::from(items)
        }
        _ => {
            let n = u.int_in_range(0..=8)?;
            let mut m = Map::new();
            for _ in 0..n {
                let k: String = u.arbitrary()?;
                // Map::insert has dict semantics: a repeated key keeps its first position.
                m.insert(k, arb_value(u, depth - 1)?);
            }
            Value::Object(m)
        }
    })
}

/// With `DJSIGN_FUZZ_SKIP_F4=1` in the environment, exact powers of two are nudged to the
/// next float, so a campaign could look past finding F4 while it was open (powers of two
/// written as decimals that did not round-trip; fixed in main 03931fe, see
/// audits/fuzzing.md). Off by default.
fn avoid_known(x: f64) -> f64 {
    static SKIP: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let skip = *SKIP.get_or_init(|| std::env::var_os("DJSIGN_FUZZ_SKIP_F4").is_some());
    let power_of_two = x.is_normal() && x.to_bits() & ((1u64 << 52) - 1) == 0;
    if skip && power_of_two { x.next_up() } else { x }
}

/// An integer of up to 80 digits (most are beyond i64), through the public parser.
fn arb_bigint(u: &mut Unstructured<'_>) -> Result<Value> {
    if u.arbitrary()? {
        // i128 / u128 range, through the `From` conversions.
        return Ok(if u.arbitrary()? {
            Value::from(u.arbitrary::<i128>()?)
        } else {
            Value::from(u.arbitrary::<u128>()?)
        });
    }
    let mut s = String::new();
    if u.arbitrary()? {
        s.push('-');
    }
    s.push(char::from(b'1' + u.int_in_range(0..=8u8)?));
    for _ in 0..u.int_in_range(0..=80)? {
        s.push(char::from(b'0' + u.int_in_range(0..=9u8)?));
    }
    Ok(BigInt::parse(&s).unwrap_or(Value::Null))
}

/// Structural equality where NaN equals NaN and `0.0` differs from `-0.0`.
pub fn equiv(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => {
            (x.is_nan() && y.is_nan()) || x.to_bits() == y.to_bits()
        }
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equiv(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((ka, va), (kb, vb))| ka == kb && equiv(va, vb))
        }
        _ => a == b,
    }
}

/// One edit to a token's bytes; positions are taken modulo the length.
#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum Mutation {
    /// XOR one byte (a zero mask is an identity edit, allowed on purpose).
    Xor(u16, u8),
    /// Overwrite one byte.
    Set(u16, u8),
    /// Insert one byte.
    Insert(u16, u8),
    /// Delete one byte.
    Delete(u16),
    /// Keep only the first N bytes.
    Truncate(u16),
    /// Swap two bytes.
    Swap(u16, u16),
    /// Append bytes at the end.
    Append(u8, u8),
}

/// Applies the edits in order.
pub fn mutate(token: &str, edits: &[Mutation]) -> Vec<u8> {
    let mut b = token.as_bytes().to_vec();
    for m in edits {
        let at = |p: u16, len: usize| if len == 0 { 0 } else { usize::from(p) % len };
        match *m {
            Mutation::Xor(p, x) if !b.is_empty() => {
                let i = at(p, b.len());
                b[i] ^= x;
            }
            Mutation::Set(p, x) if !b.is_empty() => {
                let i = at(p, b.len());
                b[i] = x;
            }
            Mutation::Insert(p, x) => {
                let i = at(p, b.len() + 1);
                b.insert(i, x);
            }
            Mutation::Delete(p) if !b.is_empty() => {
                let i = at(p, b.len());
                b.remove(i);
            }
            Mutation::Truncate(p) => {
                let i = at(p, b.len() + 1);
                b.truncate(i);
            }
            Mutation::Swap(p, q) if !b.is_empty() => {
                let (i, j) = (at(p, b.len()), at(q, b.len()));
                b.swap(i, j);
            }
            Mutation::Append(x, y) => b.extend_from_slice(&[x, y]),
            _ => {}
        }
    }
    b
}

/// Django's `salted_hmac(key_salt, value, secret, algorithm="sha256")`, restated with the
/// `hmac` and `sha2` crates: key = SHA-256(key_salt + secret), then HMAC-SHA-256(key, value).
/// (For a signer, `key_salt` is `salt + "signer"`.)
pub fn salted_hmac_sha256(key_salt: &[u8], value: &[u8], secret: &[u8]) -> [u8; 32] {
    use hmac::{KeyInit, Mac};
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(key_salt);
    h.update(secret);
    let key = h.finalize();
    let mut mac = hmac::Hmac::<Sha256>::new_from_slice(&key).expect("any key length");
    mac.update(value);
    mac.finalize().into_bytes().into()
}

/// The time inputs djsign refuses (SPEC.md section 5), restated: `now` not a number within
/// 2^53 s of the epoch, `max_age` not finite.
pub fn bad_time(now: f64, max_age: Option<f64>) -> bool {
    let now_ok = now.is_finite() && now.abs() <= 9_007_199_254_740_992.0;
    !now_ok || max_age.is_some_and(|m| !m.is_finite())
}

/// An algorithm this build supports.
pub fn pick_algorithm(i: u8) -> Algorithm {
    let all = Algorithm::ALL;
    all[usize::from(i) % all.len()]
}

/// A global allocator that counts live bytes and remembers the peak, so a target can check
/// how much memory one call took.
#[derive(Debug)]
pub struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards to `System` with the same layout; the counters are only
// statistics and never influence the allocation itself.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            let now = LIVE.fetch_add(new_size, Ordering::Relaxed) + new_size;
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
}

/// Starts a measurement: returns the live bytes now and resets the peak to it.
pub fn mem_begin() -> usize {
    let live = LIVE.load(Ordering::Relaxed);
    PEAK.store(live, Ordering::Relaxed);
    live
}

/// Peak bytes allocated above `base` since `mem_begin`.
pub fn mem_peak_since(base: usize) -> usize {
    PEAK.load(Ordering::Relaxed).saturating_sub(base)
}
