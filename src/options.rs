//! The numeric and offset options every shell takes, with their ranges: the command line and
//! the page parse them here, so that both accept and refuse the same values.

use serde::Serialize;

use crate::error::{Field, InputError};

/// A whole-number option's accepted range and its default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Limit {
    pub min: i64,
    pub max: i64,
    pub default: i64,
}

/// Days either side of a date whose lists are checked (clock skew, time zones).
pub const SLACK: Limit = Limit {
    min: 0,
    max: 30,
    default: 2,
};
/// Days either side of today that an export covers.
pub const WINDOW: Limit = Limit {
    min: 0,
    max: 366,
    default: 3,
};
/// The year of syslog times, which have none; the default is this year.
pub const YEAR: Limit = Limit {
    min: 1601,
    max: 9999,
    default: 0,
};
/// The fewest distinct Conficker names a listed client looked up.
pub const MIN_NAMES: Limit = Limit {
    min: 1,
    max: u32::MAX as i64,
    default: 1,
};
/// The first Suricata rule's sid: 1000000 starts the range set aside for local rules.
pub const SID_BASE: Limit = Limit {
    min: 1,
    max: u32::MAX as i64,
    default: 1_000_000,
};
/// Logs read at once (threads, or the page's workers); the default is one per core.
pub const THREADS: Limit = Limit {
    min: 1,
    max: 1024,
    default: 0,
};
/// The farthest a clock is from UTC, in hours.
pub const UTC_OFFSET_HOURS: i32 = 14;

/// The most bytes of allowlists read for one export (a million-line top-sites list is about
/// 25 MB): a file read whole has a stated bound, so that `/dev/urandom` is refused, not read.
pub const MAX_ALLOWLIST_BYTES: u64 = 256 << 20;

/// The most names one check takes. A check holds every line, its parse and its hits until
/// it writes them (the table's columns, the JSON's summary): a few hundred bytes a name,
/// so a million names (a top-sites list) peak at a few hundred MB, and more are refused.
pub const MAX_CHECK_NAMES: usize = 1_000_000;

/// Refuses one name more than [`MAX_CHECK_NAMES`].
pub fn within_names(names: usize) -> Result<(), InputError> {
    if names > MAX_CHECK_NAMES {
        return Err(InputError::TooManyNames {
            max: MAX_CHECK_NAMES,
        });
    }
    Ok(())
}

/// Refuses a file of `field` once it passes `limit` bytes.
pub fn within_size(field: Field, source: &str, bytes: u64, limit: u64) -> Result<(), InputError> {
    if bytes > limit {
        return Err(InputError::TooLarge {
            field,
            source: source.to_string(),
            limit,
        });
    }
    Ok(())
}

/// An option whose values are a fixed list of names, such as a format.
pub trait Choice: Copy + 'static {
    const ALL: &'static [Self];
    fn name(self) -> &'static str;
}

/// The value of `field` named `text` (in any case).
pub fn choose<T: Choice>(field: Field, text: &str) -> Result<T, InputError> {
    let text = text.trim();
    T::ALL
        .iter()
        .copied()
        .find(|c| c.name().eq_ignore_ascii_case(text))
        .ok_or_else(|| InputError::UnknownFormat {
            field,
            value: text.to_string(),
            known: T::ALL
                .iter()
                .map(|c| c.name())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// Parses a whole number of `field` within `limit`.
pub fn whole_number(field: Field, limit: Limit, text: &str) -> Result<i64, InputError> {
    let value = text.trim();
    let n: i64 = value.parse().map_err(|_| InputError::NotANumber {
        field,
        value: value.to_string(),
    })?;
    if n < limit.min || n > limit.max {
        return Err(InputError::OutOfRange {
            field,
            value: value.to_string(),
            min: limit.min,
            max: limit.max,
        });
    }
    Ok(n)
}

pub fn slack(text: &str) -> Result<u32, InputError> {
    Ok(whole_number(Field::Slack, SLACK, text)? as u32)
}

pub fn window(text: &str) -> Result<u32, InputError> {
    Ok(whole_number(Field::Window, WINDOW, text)? as u32)
}

pub fn year(text: &str) -> Result<i32, InputError> {
    Ok(whole_number(Field::Year, YEAR, text)? as i32)
}

pub fn min_names(text: &str) -> Result<u64, InputError> {
    Ok(whole_number(Field::MinNames, MIN_NAMES, text)? as u64)
}

pub fn threads(text: &str) -> Result<usize, InputError> {
    Ok(whole_number(Field::Threads, THREADS, text)? as usize)
}

pub fn sid_base(text: &str) -> Result<u32, InputError> {
    Ok(whole_number(Field::SidBase, SID_BASE, text)? as u32)
}

/// An offset from UTC to seconds east of it: `+01:00`, `-0530`, `+2`, `+02`, `Z` or `UTC`.
/// Three digits (`+130`) are refused: they could be +1:30 or +13:0.
pub fn utc_offset(text: &str) -> Result<i32, InputError> {
    let bad = || InputError::UtcOffset {
        value: text.trim().to_string(),
    };
    let t = text.trim();
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
        return Ok(0);
    }
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        _ => return Err(bad()),
    };
    let (hours, minutes) = match (rest.split_once(':'), rest.len()) {
        (Some((h, m)), _) if m.len() == 2 => (h, m),
        (None, 1 | 2) => (rest, "0"),
        (None, 4) => rest.split_at(2),
        _ => return Err(bad()),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(hours) || !digits(minutes) {
        return Err(bad());
    }
    let (hours, minutes): (i32, i32) = (
        hours.parse().map_err(|_| bad())?,
        minutes.parse().map_err(|_| bad())?,
    );
    if minutes > 59 || hours * 60 + minutes > UTC_OFFSET_HOURS * 60 {
        return Err(bad());
    }
    Ok(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_in_the_usual_spellings() {
        assert_eq!(utc_offset("+01:00"), Ok(3600));
        assert_eq!(utc_offset("-0530"), Ok(-(5 * 3600 + 30 * 60)));
        assert_eq!(utc_offset("+2"), Ok(7200));
        assert_eq!(utc_offset("+14"), Ok(14 * 3600));
        assert_eq!(utc_offset("Z"), Ok(0));
        for bad in ["01:00", "+25:00", "+14:30", "+1x", "+130", "+1:5", "", "+"] {
            assert_eq!(
                utc_offset(bad),
                Err(InputError::UtcOffset {
                    value: bad.to_string()
                }),
                "{bad}"
            );
        }
    }

    #[test]
    fn numbers_name_their_field_and_range() {
        assert_eq!(slack("3"), Ok(3));
        let e = slack("31").unwrap_err();
        assert_eq!(e.field(), Field::Slack);
        assert_eq!(e.to_string(), "slack 31 is out of range: use 0 to 30");
        assert_eq!(
            year("99999").unwrap_err().to_string(),
            "year 99999 is out of range: use 1601 to 9999"
        );
        assert_eq!(
            min_names("x").unwrap_err(),
            InputError::NotANumber {
                field: Field::MinNames,
                value: "x".into()
            }
        );
    }
}
