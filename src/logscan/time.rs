//! The timestamps DNS logs write, to microseconds since 1970-01-01 UTC.
//!
//! Parsed by hand at fixed positions: a general parser per line would cost more than
//! the rest of the scan. Times that carry no zone (BIND, dnsmasq, Windows, plain text
//! without `Z`) are local to the logging machine; the caller gives its offset.

use chrono::{DateTime, NaiveDate, SecondsFormat};
use serde::{Deserialize, Serialize};

/// Microseconds since 1970-01-01T00:00:00Z.
pub type Micros = i64;

pub const MICROS_PER_SECOND: i64 = 1_000_000;
pub const MICROS_PER_DAY: i64 = 86_400 * MICROS_PER_SECOND;

/// A time read from a log: either already UTC, or local with an unknown zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogTime {
    Utc(Micros),
    Local(Micros),
}

impl LogTime {
    /// UTC, taking zone-less times as `local_offset_seconds` east of UTC.
    pub fn to_utc(self, local_offset_seconds: i32) -> Micros {
        match self {
            LogTime::Utc(t) => t,
            // Saturating: a time that far out lies outside every list's dates anyway.
            LogTime::Local(t) => {
                t.saturating_sub(i64::from(local_offset_seconds) * MICROS_PER_SECOND)
            }
        }
    }
}

/// Days since 1970-01-01 of a UTC time.
pub fn day_of(t: Micros) -> i32 {
    t.div_euclid(MICROS_PER_DAY) as i32
}

pub fn date_of_day(day: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(day.checked_add(UNIX_EPOCH_DAYS_FROM_CE)?)
}

pub fn day_of_date(date: NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&date) - UNIX_EPOCH_DAYS_FROM_CE
}

const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// `2009-03-08T17:11:28Z`, with as many decimals as the time has.
pub fn format_utc(t: Micros) -> String {
    DateTime::from_timestamp_micros(t)
        .map(|d| d.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        .unwrap_or_else(|| t.to_string())
}

fn digits(s: &[u8]) -> Option<i64> {
    if s.is_empty() || s.len() > 18 || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0i64, |n, &b| n * 10 + i64::from(b - b'0')))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm),
/// after checking that the date exists and has four digits at most (no overflow).
fn civil_days(year: i64, month: i64, day: i64) -> Option<i64> {
    let known_year = (0..=9999).contains(&year);
    if !known_year || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn micros(days: i64, hour: i64, minute: i64, second: i64, fraction: i64) -> Option<Micros> {
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(((days * 86_400 + hour * 3600 + minute * 60 + second) * MICROS_PER_SECOND) + fraction)
}

/// `HH:MM:SS` (or `H:MM:SS`) with an optional `.fraction`; returns (h, m, s, micros).
fn clock(s: &[u8]) -> Option<(i64, i64, i64, i64)> {
    let h = match s.get(1)? {
        b':' => 1,
        _ => 2,
    };
    if s.len() < h + 6 || s[h] != b':' || s[h + 3] != b':' {
        return None;
    }
    let fraction = match s.get(h + 6) {
        None => 0,
        Some(b'.' | b',') => fraction_micros(&s[h + 7..])?,
        Some(_) => return None,
    };
    Some((
        digits(&s[..h])?,
        digits(&s[h + 1..h + 3])?,
        digits(&s[h + 4..h + 6])?,
        fraction,
    ))
}

fn fraction_micros(s: &[u8]) -> Option<i64> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut value = 0;
    for i in 0..6 {
        value = value * 10 + s.get(i).map_or(0, |b| i64::from(b - b'0'));
    }
    Some(value)
}

/// ISO 8601 / RFC 3339: `2026-11-26T17:11:28.123456+0000`, `2026-11-26 17:11:28Z`,
/// `2026-11-26T17:11:28` (local). `T` or one space between date and time.
pub fn iso(s: &str) -> Option<LogTime> {
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b' ') {
        return None;
    }
    let days = civil_days(digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?)?;
    let rest = &b[11..];
    let zone_at = rest
        .iter()
        .position(|&c| matches!(c, b'Z' | b'z' | b'+' | b'-'))
        .unwrap_or(rest.len());
    let (h, m, sec, frac) = clock(&rest[..zone_at])?;
    let local = micros(days, h, m, sec, frac)?;
    let zone = &rest[zone_at..];
    match zone {
        [] => Some(LogTime::Local(local)),
        [b'Z' | b'z'] => Some(LogTime::Utc(local)),
        [sign @ (b'+' | b'-'), offset @ ..] => {
            let (oh, om) = match offset {
                [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => {
                    (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?)
                }
                [h1, h2] => (digits(&[*h1, *h2])?, 0),
                _ => return None,
            };
            let east = (oh * 3600 + om * 60) * MICROS_PER_SECOND;
            Some(LogTime::Utc(if *sign == b'+' {
                local - east
            } else {
                local + east
            }))
        }
        _ => None,
    }
}

/// Seconds since 1970 as a number (Zeek's JSON `ts`), rounded to the microsecond; `None`
/// unless finite and within 10^12 seconds of 1970.
pub fn seconds(s: f64) -> Option<LogTime> {
    (s.is_finite() && s.abs() < 1e12)
        .then(|| LogTime::Utc((s * MICROS_PER_SECOND as f64).round() as i64))
}

/// Seconds since 1970 with an optional fraction, as Zeek and Unbound write them.
pub fn epoch(s: &str) -> Option<LogTime> {
    let b = s.as_bytes();
    let (whole, fraction) = match b.iter().position(|&c| c == b'.') {
        Some(dot) => (&b[..dot], fraction_micros(&b[dot + 1..])?),
        None => (b, 0),
    };
    let seconds = digits(whole)?;
    Some(LogTime::Utc(
        seconds
            .checked_mul(MICROS_PER_SECOND)?
            .checked_add(fraction)?,
    ))
}

fn month_number(name: &[u8]) -> Option<i64> {
    const MONTHS: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    let lower = [
        name.first()?.to_ascii_lowercase(),
        name.get(1)?.to_ascii_lowercase(),
        name.get(2)?.to_ascii_lowercase(),
    ];
    MONTHS
        .iter()
        .position(|m| **m == lower)
        .map(|i| i as i64 + 1)
}

/// BIND's `26-Nov-2026 17:11:28.123` (local time); `s` is exactly those two tokens.
pub fn bind(date: &str, time: &str) -> Option<LogTime> {
    let d = date.as_bytes();
    if d.len() != 11 || d[2] != b'-' || d[6] != b'-' {
        return None;
    }
    let days = civil_days(
        digits(&d[7..11])?,
        month_number(&d[3..6])?,
        digits(&d[0..2])?,
    )?;
    let (h, m, s, f) = clock(time.as_bytes())?;
    micros(days, h, m, s, f).map(LogTime::Local)
}

/// Syslog with its year, `Nov 26 2026 17:11:28` or `Thu Nov 26 17:11:28 2026` (local time);
/// the caller has found the four fields.
pub fn syslog_dated(month: &str, day: &str, year: &str, hms: &str) -> Option<LogTime> {
    if month.len() != 3 || year.len() != 4 {
        return None;
    }
    let days = civil_days(
        digits(year.as_bytes())?,
        month_number(month.as_bytes())?,
        digits(day.as_bytes())?,
    )?;
    let (h, m, s, f) = clock(hms.as_bytes())?;
    micros(days, h, m, s, f).map(LogTime::Local)
}

/// The Common Log Format's `07/Sep/2018:15:29:11` with its zone `+0000`, as web servers and
/// CoreDNS 1.2 write them.
pub fn clf(stamp: &str, zone: &str) -> Option<LogTime> {
    let b = stamp.as_bytes();
    if b.len() < 20 || b[2] != b'/' || b[6] != b'/' || b[11] != b':' {
        return None;
    }
    let days = civil_days(
        digits(&b[7..11])?,
        month_number(&b[3..6])?,
        digits(&b[0..2])?,
    )?;
    let (h, m, s, f) = clock(&b[12..])?;
    let local = micros(days, h, m, s, f)?;
    let z = zone.as_bytes();
    let [sign @ (b'+' | b'-'), h1, h2, m1, m2] = *z else {
        return None;
    };
    let east = (digits(&[h1, h2])? * 3600 + digits(&[m1, m2])? * 60) * MICROS_PER_SECOND;
    Some(LogTime::Utc(if sign == b'+' {
        local - east
    } else {
        local + east
    }))
}

/// The year that syslog's `Nov 26 17:11:28` leaves out: a given year, moved on when the
/// month runs backwards (a log that crosses New Year).
#[derive(Clone, Copy, Debug)]
pub struct SyslogYear {
    year: i64,
    last_month: i64,
    /// What this reading began with and its first month (0 before any): a part of a log
    /// read on another core is checked against the part before it (`logscan::parts`).
    start: (i64, i64),
    first_month: i64,
}

/// How the year went over a stretch of a log: the state it began in, its first month
/// and the state it ended in; months are 0 when it read no year-less time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyslogSpan {
    pub start: (i64, i64),
    pub first_month: i64,
    pub end: (i64, i64),
}

impl SyslogSpan {
    /// The state after `self` had it begun in `state` instead: rollovers within a stretch do
    /// not depend on where it began, only the first month's does.
    pub fn end_from(&self, state: (i64, i64)) -> (i64, i64) {
        if self.first_month == 0 {
            return state;
        }
        (
            self.end.0 - first_year(self.start, self.first_month)
                + first_year(state, self.first_month),
            self.end.1,
        )
    }

    /// Whether the stretch read as it would have after `state`.
    pub fn fits(&self, state: (i64, i64)) -> bool {
        self.first_month == 0
            || first_year(state, self.first_month) == first_year(self.start, self.first_month)
    }
}

/// The year of a line of `month` read in `(year, last_month)`.
fn first_year((year, last_month): (i64, i64), month: i64) -> i64 {
    year + i64::from(rolls_over(last_month, month))
}

fn rolls_over(last_month: i64, month: i64) -> bool {
    month < last_month && last_month - month >= 6
}

impl SyslogYear {
    pub fn new(year: i32) -> SyslogYear {
        SyslogYear::resume((year.into(), 0))
    }

    /// Goes on from `(year, last_month)`, where an earlier stretch of the log ended.
    pub fn resume((year, last_month): (i64, i64)) -> SyslogYear {
        SyslogYear {
            year,
            last_month,
            start: (year, last_month),
            first_month: 0,
        }
    }

    pub fn span(&self) -> SyslogSpan {
        SyslogSpan {
            start: self.start,
            first_month: self.first_month,
            end: (self.year, self.last_month),
        }
    }

    /// Parses `Mmm dd HH:MM:SS` (day space-padded or not), local time.
    pub fn parse(&mut self, month: &str, day: &str, time: &str) -> Option<LogTime> {
        if month.len() != 3 {
            return None;
        }
        let month = month_number(month.as_bytes())?;
        let day = digits(day.as_bytes())?;
        let (h, m, s, f) = clock(time.as_bytes())?;
        if rolls_over(self.last_month, month) {
            self.year += 1;
        }
        if self.first_month == 0 {
            self.first_month = month;
        }
        self.last_month = month;
        micros(civil_days(self.year, month, day)?, h, m, s, f).map(LogTime::Local)
    }
}

/// Windows DNS Server's `11/26/2026 5:11:28 PM` (US order, 12-hour clock) or
/// `26.11.2026 17:11:28` / `2026-11-26 17:11:28` (other locales, 24-hour clock);
/// `meridiem` is `AM`/`PM` when the log has one. Local time.
pub fn windows(date: &str, time: &str, meridiem: Option<&str>) -> Option<LogTime> {
    let mut parts = date.split(['/', '.', '-']);
    let (Some(a), Some(b), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let n = |s: &str| digits(s.as_bytes());
    let days = if date.contains('/') {
        civil_days(n(c)?, n(a)?, n(b)?)?
    } else if a.len() == 4 {
        civil_days(n(a)?, n(b)?, n(c)?)?
    } else {
        civil_days(n(c)?, n(b)?, n(a)?)?
    };
    let (mut h, m, s, f) = clock(time.as_bytes())?;
    if let Some(meridiem) = meridiem {
        if !(1..=12).contains(&h) {
            return None;
        }
        if meridiem.eq_ignore_ascii_case("AM") {
            h %= 12;
        } else if meridiem.eq_ignore_ascii_case("PM") {
            h = h % 12 + 12;
        } else {
            return None;
        }
    }
    micros(days, h, m, s, f).map(LogTime::Local)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> Micros {
        DateTime::parse_from_rfc3339(s).unwrap().timestamp_micros()
    }

    #[test]
    fn iso_times_with_and_without_zones() {
        assert_eq!(
            iso("2026-11-26T17:11:28.123456+0000"),
            Some(LogTime::Utc(utc("2026-11-26T17:11:28.123456Z")))
        );
        assert_eq!(
            iso("2026-11-26T17:11:28+01:00"),
            Some(LogTime::Utc(utc("2026-11-26T16:11:28Z")))
        );
        assert_eq!(
            iso("2026-11-26 17:11:28.5Z"),
            Some(LogTime::Utc(utc("2026-11-26T17:11:28.5Z")))
        );
        assert_eq!(
            iso("2026-11-26T17:11:28"),
            Some(LogTime::Local(utc("2026-11-26T17:11:28Z")))
        );
        assert_eq!(iso("2026-02-30T17:11:28Z"), None);
        assert_eq!(iso("2026-11-26T25:11:28Z"), None);
        assert_eq!(iso("2026-11-26T17:11:28 junk"), None);
    }

    #[test]
    fn epoch_seconds_keep_their_fraction() {
        assert_eq!(
            epoch("1764177088.25"),
            Some(LogTime::Utc(utc("2025-11-26T17:11:28.25Z")))
        );
        assert_eq!(epoch("17x"), None);
        assert_eq!(epoch(""), None);
        // The largest whole seconds whose microseconds fit, plus a fraction that does not.
        assert_eq!(epoch("9223372036854.999999"), None);
        assert_eq!(epoch("9223372036854.775807"), Some(LogTime::Utc(i64::MAX)));
        assert_eq!(LogTime::Local(i64::MIN).to_utc(3600), i64::MIN);
    }

    #[test]
    fn bind_and_windows_and_syslog_clocks() {
        let t = LogTime::Local(utc("2009-03-08T17:11:28.123Z"));
        assert_eq!(bind("08-Mar-2009", "17:11:28.123"), Some(t));
        assert_eq!(windows("3/8/2009", "5:11:28", Some("PM")), Some(t.trunc()));
        assert_eq!(windows("08.03.2009", "17:11:28", None), Some(t.trunc()));
        assert_eq!(
            windows("3/8/2009", "12:00:00", Some("AM")),
            Some(LogTime::Local(utc("2009-03-08T00:00:00Z")))
        );
        assert_eq!(windows("3/8/2009", "13:00:00", Some("PM")), None);
        assert_eq!(windows("3/8/123456789012345678", "13:00:00", None), None);
        let mut year = SyslogYear::new(2009);
        assert_eq!(year.parse("Mar", "8", "17:11:28.123"), Some(t));
        assert_eq!(year.parse("Mar", "32", "17:11:28"), None);
    }

    #[test]
    fn dated_syslog_and_common_log_format() {
        assert_eq!(
            syslog_dated("Mar", "9", "2026", "23:59:59.5"),
            Some(LogTime::Local(utc("2026-03-09T23:59:59.5Z")))
        );
        assert_eq!(syslog_dated("Mar", "9", "26", "23:59:59"), None);
        assert_eq!(syslog_dated("Feb", "29", "2026", "23:59:59"), None);
        assert_eq!(
            clf("07/Sep/2018:15:29:11", "+0200"),
            Some(LogTime::Utc(utc("2018-09-07T13:29:11Z")))
        );
        assert_eq!(
            clf("07/Sep/2018:15:29:11", "-0000"),
            Some(LogTime::Utc(utc("2018-09-07T15:29:11Z")))
        );
        assert_eq!(clf("07/Sep/2018:15:29:11", "UTC"), None);
        assert_eq!(clf("07/Sep/2018 15:29:11", "+0000"), None);
        assert_eq!(clf("7/Sep/2018:15:29:11", "+0000"), None);
    }

    #[test]
    fn syslog_years_roll_over_at_new_year() {
        let mut year = SyslogYear::new(2008);
        assert_eq!(
            year.parse("Dec", "31", "23:59:59"),
            Some(LogTime::Local(utc("2008-12-31T23:59:59Z")))
        );
        assert_eq!(
            year.parse("Jan", "1", "00:00:01"),
            Some(LogTime::Local(utc("2009-01-01T00:00:01Z")))
        );
    }

    #[test]
    fn local_times_move_by_the_offset() {
        let t = LogTime::Local(utc("2009-03-08T00:30:00Z"));
        assert_eq!(t.to_utc(3600), utc("2009-03-07T23:30:00Z"));
        assert_eq!(day_of(t.to_utc(3600)), day_of(t.to_utc(0)) - 1);
        assert_eq!(
            date_of_day(day_of(t.to_utc(0))),
            NaiveDate::from_ymd_opt(2009, 3, 8)
        );
        assert_eq!(day_of_date(NaiveDate::from_ymd_opt(1970, 1, 2).unwrap()), 1);
        assert_eq!(
            format_utc(utc("2009-03-08T00:30:00Z")),
            "2009-03-08T00:30:00Z"
        );
        assert_eq!(
            format_utc(utc("2009-03-08T00:30:00.5Z")),
            "2009-03-08T00:30:00.500Z"
        );
    }

    impl LogTime {
        fn trunc(self) -> LogTime {
            match self {
                LogTime::Local(t) => LogTime::Local(t - t % MICROS_PER_SECOND),
                LogTime::Utc(t) => LogTime::Utc(t - t % MICROS_PER_SECOND),
            }
        }
    }
}
