//! What a check's answer means to an analyst and what to do next: for a hit, which hosts look
//! the name up and on which UTC days, with the days a skewed clock (or a log's time zone) adds,
//! which are the days to search DNS logs for and to block; for a name that could be generated
//! but was not in the range, the whole era to check instead.

use chrono::NaiveDate;
use serde::Serialize;

use crate::checker::{Hit, LineResult, Verdict};
use crate::dates::DateRange;
use crate::options::SLACK;
use crate::output::count;

/// The days on which hosts look a hit's name up: its date, and `slack` days either side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Lookups {
    #[serde(serialize_with = "crate::serialize::date")]
    pub date: NaiveDate,
    pub slack: u32,
    #[serde(flatten)]
    pub range: DateRange,
}

/// The days hosts look the hit's name up, with the default slack; none before the variant was
/// first seen, since no host queried those lists.
pub fn lookups(hit: &Hit) -> Option<Lookups> {
    if hit.before_first_seen {
        return None;
    }
    let slack = SLACK.default as u32;
    Some(Lookups {
        date: hit.date,
        slack,
        range: DateRange::around(hit.date, slack),
    })
}

/// A hit in one sentence: which hosts look `name` up, and when.
pub fn meaning(name: &str, hit: &Hit) -> String {
    let v = hit.variant;
    let Some(days) = lookups(hit) else {
        return format!(
            "No host looked {name} up: {v}'s list of {} predates {v}, first seen {}.",
            hit.date,
            v.first_seen()
        );
    };
    let (tried, listed) = (v.names_tried_per_day(), v.domains_per_day());
    let who = if tried == listed {
        format!(
            "Hosts infected with {v} look up {name} on {} (UTC)",
            hit.date
        )
    } else {
        format!(
            "About 1 in {} hosts infected with {v} look up {name} on {} (UTC): each picks {tried} of the day's names at random",
            listed / tried,
            hit.date
        )
    };
    format!(
        "{who}; with clocks or log times up to {} off, any day from {} to {}.",
        count(days.slack.into(), "day", "days"),
        days.range.from(),
        days.range.to()
    )
}

/// The range to check instead, for a line that could be generated but was not found in
/// `checked`: `era`, unless the check covered it already.
pub fn wider(line: &LineResult<'_>, checked: DateRange, era: DateRange) -> Option<DateRange> {
    let missed = matches!(line.verdict, Verdict::NotGenerated | Verdict::NotFound);
    let covered = checked.from() <= era.from() && era.to() <= checked.to();
    (missed && !covered).then_some(era)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::variant::Variant;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_hit_says_who_looks_it_up_and_the_days_a_skewed_clock_adds() {
        let jogli = Hit::new(date("2009-03-08"), Variant::B, 100);
        assert_eq!(
            meaning("jogli.com", &jogli),
            "Hosts infected with B look up jogli.com on 2009-03-08 (UTC); with clocks or log times up to 2 days off, any day from 2009-03-06 to 2009-03-10."
        );
        let days = lookups(&jogli).unwrap();
        assert_eq!(
            serde_json::to_value(days).unwrap(),
            serde_json::json!({"date": "2009-03-08", "slack": 2, "from": "2009-03-06", "to": "2009-03-10"})
        );
    }

    #[test]
    fn a_c_hit_is_looked_up_by_the_hosts_that_picked_it() {
        let c = Hit::new(date("2014-11-10"), Variant::C, 14393);
        assert_eq!(
            meaning("dejwx.nl", &c),
            "About 1 in 100 hosts infected with C look up dejwx.nl on 2014-11-10 (UTC): each picks 500 of the day's names at random; with clocks or log times up to 2 days off, any day from 2014-11-08 to 2014-11-12."
        );
    }

    #[test]
    fn no_host_looked_up_a_list_before_its_variant() {
        let early = Hit::new(date("2008-12-01"), Variant::B, 3);
        assert_eq!(lookups(&early), None);
        assert_eq!(
            meaning("x.com", &early),
            "No host looked x.com up: B's list of 2008-12-01 predates B, first seen 2008-12-29."
        );
    }
}
