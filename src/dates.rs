//! UTC calendar dates as the tool takes them: `YYYY-MM-DD`, inclusive ranges.

use std::fmt;

use chrono::{Days, NaiveDate, Utc};

use crate::prng::supported_dates;
use crate::variant::Variant;

/// A date or range the tool cannot use, with a message naming the problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

/// Parses `YYYY-MM-DD` (a UTC calendar date) and refuses dates the worm's clock cannot
/// express.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let text = text.trim();
    let well_formed = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !well_formed {
        return Err(DateError(format!("'{text}' is not a date: use YYYY-MM-DD")));
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| DateError(format!("{text} does not exist in the calendar")))?;
    let (first, last) = supported_dates();
    if date < first || date > last {
        return Err(DateError(format!(
            "{text} is outside {first} to {last}, the dates the worm's clock can express"
        )));
    }
    Ok(date)
}

/// An inclusive range of UTC dates, `from <= to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRange {
    from: NaiveDate,
    to: NaiveDate,
}

impl DateRange {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<DateRange, DateError> {
        if from > to {
            return Err(DateError(format!(
                "the range starts ({from}) after it ends ({to})"
            )));
        }
        Ok(DateRange { from, to })
    }

    pub fn parse(from: &str, to: &str) -> Result<DateRange, DateError> {
        DateRange::new(parse_date(from)?, parse_date(to)?)
    }

    pub fn single(date: NaiveDate) -> DateRange {
        DateRange {
            from: date,
            to: date,
        }
    }

    /// The whole Conficker era: A's first day to one year after today (UTC).
    pub fn era() -> DateRange {
        DateRange {
            from: Variant::A.first_seen(),
            to: one_year_after_today(),
        }
    }

    /// `center` plus or minus `slack` days, clamped to the dates the worm can express.
    pub fn around(center: NaiveDate, slack: u32) -> DateRange {
        let (first, last) = supported_dates();
        let from = center
            .checked_sub_days(Days::new(slack.into()))
            .unwrap_or(first)
            .max(first);
        let to = center
            .checked_add_days(Days::new(slack.into()))
            .unwrap_or(last)
            .min(last);
        DateRange { from, to }
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }

    pub fn days(&self) -> u64 {
        (self.to - self.from).num_days() as u64 + 1
    }

    pub fn iter(&self) -> impl Iterator<Item = NaiveDate> + Clone {
        let to = self.to;
        self.from.iter_days().take_while(move |d| *d <= to)
    }

    /// The `i`-th day of the range, from 0.
    pub fn nth(&self, i: u64) -> NaiveDate {
        self.from + Days::new(i)
    }
}

pub fn today_utc() -> NaiveDate {
    Utc::now().date_naive()
}

pub fn one_year_after_today() -> NaiveDate {
    let today = today_utc();
    today
        .checked_add_months(chrono::Months::new(12))
        .unwrap_or(today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_dates_only() {
        assert_eq!(
            parse_date("2009-03-08").unwrap(),
            NaiveDate::from_ymd_opt(2009, 3, 8).unwrap()
        );
        assert_eq!(
            parse_date("2009-02-30").unwrap_err().0,
            "2009-02-30 does not exist in the calendar"
        );
        assert_eq!(
            parse_date("8 March").unwrap_err().0,
            "'8 March' is not a date: use YYYY-MM-DD"
        );
        assert!(parse_date("1500-01-01").unwrap_err().0.contains("outside"));
    }

    #[test]
    fn ranges_must_run_forward() {
        assert_eq!(
            DateRange::parse("2009-04-02", "2009-04-01").unwrap_err().0,
            "the range starts (2009-04-02) after it ends (2009-04-01)"
        );
        let r = DateRange::parse("2009-03-01", "2009-03-31").unwrap();
        assert_eq!(r.days(), 31);
        assert_eq!(r.iter().count(), 31);
        assert_eq!(r.nth(30), r.to());
    }

    #[test]
    fn around_a_date_is_inclusive_on_both_sides() {
        let d = NaiveDate::from_ymd_opt(2009, 3, 8).unwrap();
        let r = DateRange::around(d, 2);
        assert_eq!(r.days(), 5);
        assert_eq!(r.from(), NaiveDate::from_ymd_opt(2009, 3, 6).unwrap());
    }
}
