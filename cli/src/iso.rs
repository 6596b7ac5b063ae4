//! Unix seconds as an ISO-8601 UTC date, for `inspect`, over the whole `i64` range.
//!
//! Proleptic Gregorian calendar, Howard Hinnant's `civil_from_days`. Years 0..=9999 print with
//! four digits, as Python's `isoformat()` does for 1..=9999; others use ISO 8601's expanded
//! form with a sign (`+10000-01-01T00:00:00Z`). No leap seconds, like Unix time itself.

/// `2023-11-14T22:13:20Z` for `1700000000`.
pub fn utc(ts: i64) -> String {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if (0..=9999).contains(&year) {
        format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
    } else {
        format!("{year:+05}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
    }
}

/// [`utc`] of a float instant, rounded down to the second (NaN and out-of-range saturate, as
/// `as` does; the library refuses those before an instant reaches a message).
pub fn utc_f64(t: f64) -> String {
    #[allow(clippy::cast_possible_truncation)] // saturating, as intended
    let secs = t.floor() as i64;
    utc(secs)
}

/// A number of seconds for a person: `334 d 19 h 26 min`, `5 min 3 s`, `0.5 s`. Negative
/// spans (a clock behind the signer's) keep their sign.
pub fn duration(secs: f64) -> String {
    if !secs.is_finite() {
        return format!("{secs} s");
    }
    let sign = if secs < 0.0 { "-" } else { "" };
    let abs = secs.abs();
    if abs < 60.0 {
        return format!("{sign}{} s", (abs * 10.0).round() / 10.0);
    }
    #[allow(clippy::cast_possible_truncation)] // finite; saturating beyond i64, as intended
    let whole = abs.floor() as i64;
    let (d, h, m, s) = (
        whole / 86_400,
        whole % 86_400 / 3600,
        whole % 3600 / 60,
        whole % 60,
    );
    let parts: Vec<String> = [(d, "d"), (h, "h"), (m, "min"), (s, "s")]
        .iter()
        .skip_while(|(n, _)| *n == 0)
        .take(3)
        .filter(|(n, _)| *n != 0)
        .map(|(n, unit)| format!("{n} {unit}"))
        .collect();
    format!("{sign}{}", parts.join(" "))
}

/// (year, month 1..=12, day 1..=31) of the day `z` days after 1970-01-01.
///
/// No overflow: `|z| <= i64::MAX / 86400 < 2^47`, so every product below stays under 2^58.
#[allow(clippy::arithmetic_side_effects)]
const fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468; // days since 0000-03-01
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of the 400-year era, 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of the March-based year
    let mp = (5 * doy + 2) / 153; // March = 0
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::utc;

    // Facts that need no Python: the epoch, a leap day, and the first and last second of a
    // year. The captured Python values are checked by the integration tests through `inspect`.
    #[test]
    fn known_dates() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(-1), "1969-12-31T23:59:59Z");
        assert_eq!(utc(86_400 * 365), "1971-01-01T00:00:00Z");
        // 2000 is a leap year: 30 years of 365 days plus 7 leap days, then Jan (31) + Feb 28.
        assert_eq!(
            utc((30 * 365 + 7 + 31 + 28) * 86_400),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(utc(1_700_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn durations_read_as_a_person_would() {
        use super::duration;
        assert_eq!(duration(0.5), "0.5 s");
        assert_eq!(duration(303.0), "5 min 3 s");
        assert_eq!(duration(3600.0), "1 h");
        assert_eq!(duration(28_927_572.507_096_052), "334 d 19 h 26 min");
        assert_eq!(duration(-90.0), "-1 min 30 s");
    }

    #[test]
    fn whole_range_does_not_overflow() {
        for ts in [i64::MIN, i64::MIN + 1, i64::MAX, i64::MAX - 86_399] {
            let s = utc(ts);
            assert!(s.ends_with('Z') && s.len() > 20, "{s}");
        }
    }
}
