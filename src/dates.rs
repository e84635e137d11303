//! UTC calendar dates as the tool takes them: `YYYY-MM-DD`, inclusive ranges.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::error::{Field, InputError};
use crate::prng::supported_dates;
use crate::variant::Variant;

/// Parses `YYYY-MM-DD` (a UTC calendar date) and refuses dates the worm's clock cannot
/// express.
pub fn parse_date(field: Field, text: &str) -> Result<NaiveDate, InputError> {
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
        return Err(InputError::NotADate {
            field,
            value: text.to_string(),
        });
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| InputError::NoSuchDate {
        field,
        value: text.to_string(),
    })?;
    let (first, last) = supported_dates();
    if date < first || date > last {
        return Err(InputError::DateOutsideClock {
            field,
            value: text.to_string(),
            first,
            last,
        });
    }
    Ok(date)
}

/// An inclusive range of UTC dates, `from <= to`; in JSON `{"from": "...", "to": "..."}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DateRange {
    #[serde(serialize_with = "crate::serialize::date")]
    from: NaiveDate,
    #[serde(serialize_with = "crate::serialize::date")]
    to: NaiveDate,
}

impl DateRange {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<DateRange, InputError> {
        if from > to {
            return Err(InputError::RangeBackwards { from, to });
        }
        Ok(DateRange { from, to })
    }

    pub fn parse(from: &str, to: &str) -> Result<DateRange, InputError> {
        DateRange::new(parse_date(Field::From, from)?, parse_date(Field::To, to)?)
    }

    pub fn single(date: NaiveDate) -> DateRange {
        DateRange {
            from: date,
            to: date,
        }
    }

    /// The whole Conficker era: A's first day to one year after `today` (UTC), since the
    /// lists ahead are what a registry blocks.
    pub fn era(today: NaiveDate) -> DateRange {
        let to = today.checked_add_months(Months::new(12)).unwrap_or(today);
        DateRange {
            from: Variant::A.first_seen(),
            to: to.max(Variant::A.first_seen()),
        }
    }

    /// The calendar month `date` lies in.
    pub fn month_of(date: NaiveDate) -> DateRange {
        let from = date.with_day(1).expect("every month has a first day");
        let to = from
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(date);
        DateRange { from, to }
    }

    /// The calendar year `date` lies in.
    pub fn year_of(date: NaiveDate) -> DateRange {
        let from = date.with_ordinal(1).expect("every year has a first day");
        let to = NaiveDate::from_ymd_opt(date.year(), 12, 31).expect("every year ends");
        DateRange { from, to }
    }

    /// Splits the range into at most `parts` contiguous runs of nearly equal length: each day
    /// of a variant costs the same, so equal runs finish together.
    pub fn split(&self, parts: u64) -> Vec<DateRange> {
        let days = self.days();
        let parts = parts.max(1);
        (0..parts)
            .filter_map(|i| {
                let start = i * days / parts;
                let end = (i + 1) * days / parts;
                (end > start).then(|| DateRange {
                    from: self.nth(start),
                    to: self.nth(end - 1),
                })
            })
            .collect()
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

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
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

/// `date` moved by `days`, within the dates the worm can express.
pub fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    let (first, last) = supported_dates();
    let moved = if days >= 0 {
        date.checked_add_days(Days::new(days as u64))
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    moved
        .unwrap_or(if days >= 0 { last } else { first })
        .clamp(first, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_dates_only() {
        assert_eq!(
            parse_date(Field::Date, "2009-03-08").unwrap(),
            NaiveDate::from_ymd_opt(2009, 3, 8).unwrap()
        );
        assert_eq!(
            parse_date(Field::From, "2009-02-30")
                .unwrap_err()
                .to_string(),
            "from date 2009-02-30 does not exist in the calendar"
        );
        assert_eq!(
            parse_date(Field::To, "8 March").unwrap_err(),
            InputError::NotADate {
                field: Field::To,
                value: "8 March".into()
            }
        );
        assert!(matches!(
            parse_date(Field::Date, "1500-01-01"),
            Err(InputError::DateOutsideClock { .. })
        ));
    }

    #[test]
    fn ranges_must_run_forward() {
        assert_eq!(
            DateRange::parse("2009-04-02", "2009-04-01")
                .unwrap_err()
                .to_string(),
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

    #[test]
    fn presets_cover_whole_months_years_and_the_era() {
        let d = NaiveDate::from_ymd_opt(2024, 2, 10).unwrap();
        let m = DateRange::month_of(d);
        assert_eq!(
            (m.from().to_string(), m.to().to_string()),
            ("2024-02-01".into(), "2024-02-29".into())
        );
        assert_eq!(DateRange::year_of(d).days(), 366);
        let era = DateRange::era(d);
        assert_eq!(
            (era.from(), era.to()),
            (
                Variant::A.first_seen(),
                NaiveDate::from_ymd_opt(2025, 2, 10).unwrap()
            )
        );
    }

    #[test]
    fn splitting_gives_contiguous_nearly_equal_runs() {
        let r = DateRange::parse("2009-01-01", "2009-01-10").unwrap();
        let runs = r.split(3);
        assert_eq!(runs.iter().map(|r| r.days()).collect::<Vec<_>>(), [3, 3, 4]);
        assert_eq!((runs[0].from(), runs[2].to()), (r.from(), r.to()));
        assert_eq!(runs[1].from(), add_days(runs[0].to(), 1));
        assert_eq!(DateRange::single(r.from()).split(4).len(), 1);
    }
}
