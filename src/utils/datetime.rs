//! Datetimes as a Django session stores them in `_session_expiry`: the text of Python's
//! `datetime.isoformat()` (written by `set_expiry`) and what `datetime.fromisoformat()` reads.
//!
//! Only what the session expiry rules need: the proleptic Gregorian calendar from year 1 to
//! 9999 (Python's `datetime` range), microsecond resolution, an optional UTC offset. A
//! datetime without an offset is "naive": Django compares it with the server's local time,
//! which a library cannot know, so callers say which UTC offset to assume.
//!
//! Reading accepts the extended calendar form Django writes
//! (`YYYY-MM-DD[Thh[:mm[:ss[.ffffff]]]][Z|±hh:mm[:ss[.ffffff]]]`, any single character as the
//! date/time separator, `,` for `.`, `hhmmss` times, `±hhmm` and `±hh` offsets). CPython 3.11
//! also reads week dates and basic-form dates (`20261125`); those are refused here (SPEC.md, D7).
//!
//! Arithmetic is checked (`checked_*`, failing as `MalformedSessionExpiry`) wherever an operand
//! comes from input; the two calendar conversions, whose domain the callers bound first, carry
//! their own narrowly scoped lint expectation with the bound stated.

use alloc::string::String;
use core::fmt::Write as _;

use crate::Error;

const US_PER_SEC: i64 = 1_000_000;
const SECS_PER_DAY: i64 = 86_400;
/// 0001-01-01T00:00:00 and 9999-12-31T23:59:59.999999 as microseconds since the epoch.
const MIN_US: i64 = -62_135_596_800 * US_PER_SEC;
const MAX_US: i64 = 253_402_300_800 * US_PER_SEC - 1;

/// A Python `datetime` (year 1 to 9999, microseconds, optional fixed UTC offset).
///
/// ```
/// use djsign::DateTime;
/// let t = DateTime::parse_iso("2026-01-01T01:00:00+01:00")?; // datetime.fromisoformat
/// assert_eq!(t.offset_secs(), Some(3600));
/// assert_eq!(t.instant_us(0), 1_767_225_600_000_000); // 2026-01-01T00:00:00Z
/// assert_eq!(t.to_iso(), "2026-01-01T01:00:00+01:00"); // isoformat()
/// let naive = DateTime::parse_iso("2026-01-01 00:00:00")?;
/// assert!(naive.is_naive()); // Django reads it in TIME_ZONE: the caller says which offset
/// assert_eq!(naive.instant_us(-3600), 1_767_229_200_000_000);
/// # Ok::<(), djsign::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime {
    /// Wall-clock time in microseconds since 1970-01-01T00:00, read in the datetime's own
    /// offset (or as local time when naive).
    wall_us: i64,
    /// UTC offset in microseconds east of UTC; `None` for a naive datetime.
    offset_us: Option<i64>,
}

fn malformed() -> Error {
    Error::MalformedSessionExpiry
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
///
/// Domain: `y` in 1..=9999, `m` in 1..=12, `d` in 1..=31 (`parse_iso` checks them first, the
/// tests use such dates); every intermediate value is then below 4 million in magnitude.
#[expect(
    clippy::arithmetic_side_effects,
    reason = "inputs bounded by the caller (see above): no intermediate exceeds 4e6"
)]
const fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
///
/// Domain: `z` within Python's datetime range, -719,162..=2,932,896 (`to_iso` divides a
/// `wall_us` kept in `MIN_US..=MAX_US` by the microseconds of a day); intermediates stay
/// below 4 million in magnitude.
#[expect(
    clippy::arithmetic_side_effects,
    reason = "input bounded by the caller (see above): no intermediate exceeds 4e6"
)]
const fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

const fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// A cursor over ASCII text for the parser.
struct Cursor<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.pos = self.pos.saturating_add(1);
            true
        } else {
            false
        }
    }

    /// Exactly `n` ASCII digits as a number.
    fn digits(&mut self, n: usize) -> Result<i64, Error> {
        let mut v: i64 = 0;
        for _ in 0..n {
            let d = self
                .peek()
                .and_then(|c| char::from(c).to_digit(10))
                .ok_or_else(malformed)?;
            v = v
                .checked_mul(10)
                .and_then(|v| v.checked_add(i64::from(d)))
                .ok_or_else(malformed)?;
            self.pos = self.pos.saturating_add(1);
        }
        Ok(v)
    }

    /// A fraction of a second after `.` or `,`: at least one digit; digits past the sixth
    /// are dropped, as CPython does.
    fn fraction_us(&mut self) -> Result<i64, Error> {
        let mut us: i64 = 0;
        let mut n = 0usize;
        while let Some(d) = self.peek().and_then(|c| char::from(c).to_digit(10)) {
            if n < 6 {
                // at most six digits: below 1e6
                us = us.saturating_mul(10).saturating_add(i64::from(d));
            }
            n = n.saturating_add(1);
            self.pos = self.pos.saturating_add(1);
        }
        if n == 0 {
            return Err(malformed());
        }
        for _ in n..6 {
            us = us.saturating_mul(10);
        }
        Ok(us)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.s.len()
    }
}

impl DateTime {
    /// The datetime at `unix_us` microseconds since the epoch, seen at `offset_secs` east of
    /// UTC (`None`: naive, i.e. the wall clock equals UTC + 0).
    ///
    /// # Errors
    /// [`Error::MalformedSessionExpiry`] outside Python's year 1 to 9999.
    pub fn from_unix_us(unix_us: i64, offset_secs: Option<i32>) -> Result<Self, Error> {
        // An i32 of seconds is at most 2.2e15 microseconds: no overflow.
        let offset_us = offset_secs.map(|o| i64::from(o).saturating_mul(US_PER_SEC));
        let wall_us = unix_us
            .checked_add(offset_us.unwrap_or(0))
            .filter(|w| (MIN_US..=MAX_US).contains(w))
            .ok_or_else(malformed)?;
        Ok(Self { wall_us, offset_us })
    }

    /// The UTC offset in whole seconds east (sub-second offsets are truncated); `None` when
    /// naive.
    #[must_use]
    pub fn offset_secs(&self) -> Option<i32> {
        self.offset_us
            .map(|o| i32::try_from(o / US_PER_SEC).unwrap_or(0))
    }

    /// True for a datetime without a UTC offset.
    #[must_use]
    pub const fn is_naive(&self) -> bool {
        self.offset_us.is_none()
    }

    /// The instant in microseconds since the Unix epoch; a naive datetime is read at
    /// `naive_offset_secs` east of UTC (the server's local time in Django).
    #[must_use]
    pub fn instant_us(&self, naive_offset_secs: i32) -> i64 {
        let offset = self
            .offset_us
            .unwrap_or(i64::from(naive_offset_secs).saturating_mul(US_PER_SEC));
        self.wall_us.saturating_sub(offset)
    }

    /// Adds microseconds, as Python's `datetime + timedelta`.
    ///
    /// # Errors
    /// [`Error::MalformedSessionExpiry`] if the result leaves year 1 to 9999 (Python:
    /// `OverflowError`).
    pub fn add_us(self, us: i64) -> Result<Self, Error> {
        let wall_us = self
            .wall_us
            .checked_add(us)
            .filter(|w| (MIN_US..=MAX_US).contains(w))
            .ok_or_else(malformed)?;
        Ok(Self { wall_us, ..self })
    }

    /// Python's `datetime.fromisoformat(text)` for the forms described in the module
    /// documentation.
    ///
    /// # Errors
    /// [`Error::MalformedSessionExpiry`] for anything else, or an invalid date or time.
    pub fn parse_iso(text: &str) -> Result<Self, Error> {
        let mut c = Cursor {
            s: text.as_bytes(),
            pos: 0,
        };
        let year = c.digits(4)?;
        if !c.eat(b'-') {
            return Err(malformed());
        }
        let month = c.digits(2)?;
        if !c.eat(b'-') {
            return Err(malformed());
        }
        let day = c.digits(2)?;
        if year < 1 || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return Err(malformed());
        }
        let (mut hour, mut minute, mut second, mut micro) = (0, 0, 0, 0);
        let mut offset_us = None;
        if !c.at_end() {
            // Any one character separates date and time (CPython 3.11).
            let sep_len = text
                .get(c.pos..)
                .and_then(|rest| rest.chars().next())
                .map_or(1, char::len_utf8);
            c.pos = c.pos.saturating_add(sep_len);
            hour = c.digits(2)?;
            // `hh:mm:ss` or, as CPython also reads, `hhmmss`; not a mix of the two.
            let colons = c.peek() == Some(b':');
            let more = |c: &mut Cursor<'_>| {
                if colons {
                    c.eat(b':')
                } else {
                    c.peek().is_some_and(|d| d.is_ascii_digit())
                }
            };
            if more(&mut c) {
                minute = c.digits(2)?;
                if more(&mut c) {
                    second = c.digits(2)?;
                    if c.eat(b'.') || c.eat(b',') {
                        micro = c.fraction_us()?;
                    }
                }
            }
            offset_us = parse_offset(&mut c)?;
            if !c.at_end() {
                return Err(malformed());
            }
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err(malformed());
        }
        // Bounded above (a valid date and time of years 1 to 9999), so checked only to keep
        // the arithmetic lint on: none of these can fail.
        let wall_us = days_from_civil(year, month, day)
            .checked_mul(SECS_PER_DAY)
            .and_then(|s| s.checked_add(hour.checked_mul(3600)?))
            .and_then(|s| s.checked_add(minute.checked_mul(60)?))
            .and_then(|s| s.checked_add(second))
            .and_then(|s| s.checked_mul(US_PER_SEC))
            .and_then(|us| us.checked_add(micro))
            .ok_or_else(malformed)?;
        Ok(Self { wall_us, offset_us })
    }

    /// Python's `datetime.isoformat()`.
    #[must_use]
    pub fn to_iso(&self) -> String {
        let days = self.wall_us.div_euclid(SECS_PER_DAY * US_PER_SEC);
        let rem = self.wall_us.rem_euclid(SECS_PER_DAY * US_PER_SEC);
        let (y, m, d) = civil_from_days(days);
        let secs = rem / US_PER_SEC;
        let micro = rem % US_PER_SEC;
        let mut s = String::with_capacity(32);
        let _ = write!(
            s,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        );
        if micro != 0 {
            let _ = write!(s, ".{micro:06}");
        }
        if let Some(off) = self.offset_us {
            let sign = if off < 0 { '-' } else { '+' };
            let a = off.unsigned_abs();
            let (secs, micro) = (a / 1_000_000, a % 1_000_000);
            let _ = write!(s, "{sign}{:02}:{:02}", secs / 3600, secs / 60 % 60);
            if secs % 60 != 0 || micro != 0 {
                let _ = write!(s, ":{:02}", secs % 60);
            }
            if micro != 0 {
                let _ = write!(s, ".{micro:06}");
            }
        }
        s
    }
}

/// `Z`, or `±hh[[:]mm[[:]ss[.ffffff]]]`, or nothing.
fn parse_offset(c: &mut Cursor<'_>) -> Result<Option<i64>, Error> {
    if c.eat(b'Z') {
        return Ok(Some(0));
    }
    let sign = if c.eat(b'+') {
        1
    } else if c.eat(b'-') {
        -1
    } else {
        return Ok(None);
    };
    let hh = c.digits(2)?;
    let mut mm = 0;
    let mut ss = 0;
    let mut us = 0;
    if !c.at_end() {
        let colon = c.eat(b':');
        mm = c.digits(2)?;
        if !c.at_end() {
            if colon && !c.eat(b':') {
                return Err(malformed());
            }
            ss = c.digits(2)?;
            if c.eat(b'.') {
                us = c.fraction_us()?;
            }
        }
    }
    // CPython builds a timedelta from the parts, so `+01:99` is 2:39; only the total is bounded.
    let total = hh
        .checked_mul(60)
        .and_then(|t| t.checked_add(mm))
        .and_then(|t| t.checked_mul(60))
        .and_then(|t| t.checked_add(ss))
        .and_then(|t| t.checked_mul(US_PER_SEC))
        .and_then(|t| t.checked_add(us))
        .ok_or_else(malformed)?;
    // Python: the offset must be strictly within one day.
    if total >= SECS_PER_DAY * US_PER_SEC {
        return Err(malformed());
    }
    Ok(Some(if sign < 0 {
        total.saturating_neg()
    } else {
        total
    }))
}

/// Python's rounding of a float number of seconds to whole microseconds (half to even), as
/// `datetime.fromtimestamp` and `timedelta(seconds=...)` do it.
#[must_use]
#[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)] // bounded first
pub(crate) fn seconds_to_us(secs: f64) -> Option<i64> {
    // i64 microseconds hold ±292,000 years; anything beyond is out of datetime's range.
    if !secs.is_finite() || secs.abs() >= 9.2e12 {
        return None;
    }
    // `f64::trunc` and `round_ties_even` need std; `as` truncates toward zero in range.
    let int_part = secs as i64;
    let frac_us = (secs - int_part as f64) * 1e6;
    let mut us = frac_us as i64;
    let rest = frac_us - us as f64;
    // |us| < 1e6 and |int_part| < 9.2e12: the sum fits in i64 with room to spare.
    if rest > 0.5 || (rest == 0.5 && us % 2 != 0) {
        us = us.saturating_add(1);
    } else if rest < -0.5 || (rest == -0.5 && us % 2 != 0) {
        us = us.saturating_sub(1);
    }
    int_part.checked_mul(US_PER_SEC)?.checked_add(us)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trip() {
        for days in [-719_162, -1, 0, 1, 11_016, 20_417, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(MIN_US / US_PER_SEC / SECS_PER_DAY, days_from_civil(1, 1, 1));
    }

    /// Python: `datetime.max` is 9999-12-31 23:59:59.999999 and one microsecond more is an
    /// `OverflowError`; April has 30 days (`fromisoformat("2026-04-31...")` is a `ValueError`).
    #[test]
    fn python_calendar_edges() {
        let max = DateTime::parse_iso("9999-12-31T23:59:59.999999").unwrap();
        assert_eq!(max.add_us(1), Err(Error::MalformedSessionExpiry));
        assert!(max.add_us(-1).is_ok());
        for month in ["04", "06", "09", "11"] {
            assert!(DateTime::parse_iso(&alloc::format!("2026-{month}-30T00:00:00")).is_ok());
            assert!(DateTime::parse_iso(&alloc::format!("2026-{month}-31T00:00:00")).is_err());
        }
    }

    /// Python 3.11's `timedelta(seconds=x) // timedelta(microseconds=1)`, made by
    /// `python3 tests/data/seconds_to_us.py`: ties to even on both sides of zero, and what is
    /// not a number of seconds at all.
    #[test]
    fn python_rounds_seconds() {
        let table: &[(f64, i64)] = &[
            (5e-07, 0),
            (1.0000005, 1000001),
            (1000.0000005, 1000000001),
            (-5e-07, 0),
            (-1.0000005, -1000001),
            (-1000.0000005, -1000000001),
            (1.5e-06, 2),
            (1.0000015, 1000001),
            (1000.0000015, 1000000002),
            (-1.5e-06, -2),
            (-1.0000015, -1000001),
            (-1000.0000015, -1000000002),
            (2.5e-06, 2),
            (1.0000025, 1000002),
            (1000.0000025, 1000000003),
            (-2.5e-06, -2),
            (-1.0000025, -1000002),
            (-1000.0000025, -1000000003),
            (3.5e-06, 4),
            (1.0000035, 1000004),
            (1000.0000035, 1000000004),
            (-3.5e-06, -4),
            (-1.0000035, -1000004),
            (-1000.0000035, -1000000004),
            (4.5e-06, 4),
            (1.0000045, 1000004),
            (1000.0000045, 1000000005),
            (-4.5e-06, -4),
            (-1.0000045, -1000004),
            (-1000.0000045, -1000000005),
            (5.5e-06, 6),
            (1.0000055, 1000006),
            (1000.0000055, 1000000006),
            (-5.5e-06, -6),
            (-1.0000055, -1000006),
            (-1000.0000055, -1000000006),
            (6.5e-06, 6),
            (1.0000065, 1000007),
            (1000.0000065, 1000000007),
            (-6.5e-06, -6),
            (-1.0000065, -1000007),
            (-1000.0000065, -1000000007),
            (7.5e-06, 8),
            (1.0000075, 1000007),
            (1000.0000075, 1000000008),
            (-7.5e-06, -8),
            (-1.0000075, -1000007),
            (-1000.0000075, -1000000008),
            (1.0000015, 1000001),
            (2.0000014999999998, 2000001),
            (1001.0000015, 1001000002),
            (-1.0000015, -1000001),
            (-2.0000014999999998, -2000001),
            (-1001.0000015, -1001000002),
            (1.2345675, 1234568),
            (2.2345675, 2234567),
            (1001.2345675, 1001234568),
            (-1.2345675, -1234568),
            (-2.2345675, -2234567),
            (-1001.2345675, -1001234568),
            (0.0, 0),
            (-0.0, 0),
            (1e-07, 0),
            (-1e-07, 0),
            (4.9999999e-07, 0),
            (-4.9999999e-07, 0),
            (86400.25, 86400250000),
            (-86400.75, -86400750000),
            (1767225600.123456, 1767225600123456),
        ];
        for &(x, us) in table {
            assert_eq!(seconds_to_us(x), Some(us), "{x:?}");
        }
        // Python: ValueError for NaN, OverflowError past timedelta's range.
        for x in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            9.3e12,
            -9.3e12,
            1e300,
        ] {
            assert_eq!(seconds_to_us(x), None, "{x:?}");
        }
    }

    /// `datetime(y, 2, 29)` exists in leap years only: every fourth year, not every
    /// hundredth, but every four-hundredth.
    #[test]
    fn leap_years_are_gregorian() {
        for (year, leap) in [
            (2024, true),
            (2023, false),
            (1900, false),
            (2000, true),
            (2100, false),
            (2400, true),
            (4, true),
            (1, false),
        ] {
            let text = alloc::format!("{year:04}-02-29T00:00:00");
            assert_eq!(DateTime::parse_iso(&text).is_ok(), leap, "{text}");
            assert!(DateTime::parse_iso(&alloc::format!("{year:04}-02-28T00:00:00")).is_ok());
        }
    }

    /// `utcoffset()` in whole seconds, east positive, sub-second part truncated; naive: None.
    #[test]
    fn offsets_as_python_reports_them() {
        for (text, secs) in [
            ("2026-01-01T00:00:00+01:00", Some(3600)),
            ("2026-01-01T00:00:00-05:30", Some(-19_800)),
            ("2026-01-01T00:00:00+00:00:07", Some(7)),
            ("2026-01-01T00:00:00Z", Some(0)),
            ("2026-01-01T00:00:00", None),
        ] {
            let t = DateTime::parse_iso(text).unwrap();
            assert_eq!(t.offset_secs(), secs, "{text}");
            assert_eq!(t.is_naive(), secs.is_none(), "{text}");
        }
    }

    #[test]
    fn iso_round_trips() {
        for s in [
            "2026-11-25T17:24:39+00:00",
            "2026-11-25T17:24:39.000005-05:00",
            "2026-11-25T17:24:39+01:01:01",
            "0001-01-01T00:00:00",
            "9999-12-31T23:59:59.999999",
        ] {
            assert_eq!(DateTime::parse_iso(s).unwrap().to_iso(), s);
        }
        assert!(DateTime::parse_iso("2026-02-29").is_err());
        assert!(DateTime::parse_iso("2024-02-29").is_ok());
        assert!(DateTime::parse_iso("2026-11-25T24:00").is_err());
    }
}
