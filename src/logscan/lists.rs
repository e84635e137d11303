//! The worm's lists for the days a log touches, indexed by packed name. At most
//! [`DayLists::max_days`] days' lists are kept at once: a log that moves on past them starts
//! afresh with the window of its current day, so that time-ordered logs generate each list
//! once and a log whose times jump everywhere costs time, never memory.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::domain::Domain;
use crate::generator::DayDomains;
use crate::logscan::time::date_of_day;
use crate::prng::supported_dates;
use crate::variant::{Variant, VariantSet};

/// No further place in a chain.
const END: u32 = u32::MAX;

/// One place a name occupies in a day's list; names that recur on other days chain on.
#[derive(Clone, Copy, Debug)]
struct Place {
    day: i32,
    index: u32,
    next: u32,
}

/// Where a queried name was generated: the list's day (days since 1970) and index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListMatch {
    pub variant: Variant,
    pub day: i32,
    pub index: u32,
}

/// Days' lists kept at once, unless the slack's window is wider: about 3.2 MB a day of C.
pub const MAX_DAYS_KEPT: usize = 32;

pub struct DayLists {
    asked: VariantSet,
    slack: i32,
    names: FxHashMap<(Variant, Domain), Place>,
    /// Further places of names already in `names`, linked through `Place::next`.
    more: Vec<Place>,
    /// The (variant, day) lists held now, and the days they cover.
    generated: FxHashSet<(Variant, i32)>,
    days_kept: FxHashSet<i32>,
    /// Every (variant, day) list generated over the scan: its size is the report's count,
    /// the same however the scan was split into parts (at most 3 a day of the era).
    ever: FxHashSet<(Variant, i32)>,
    /// The query days whose window is complete.
    ready: FxHashSet<i32>,
    last_ready: Option<i32>,
}

impl DayLists {
    pub fn new(asked: VariantSet, slack: u32) -> DayLists {
        DayLists {
            asked,
            slack: slack.min(i32::MAX as u32 / 2) as i32,
            names: FxHashMap::default(),
            more: Vec::new(),
            generated: FxHashSet::default(),
            days_kept: FxHashSet::default(),
            ever: FxHashSet::default(),
            ready: FxHashSet::default(),
            last_ready: None,
        }
    }

    /// The (variant, day) lists generated so far, each once however often it was made.
    pub fn lists_generated(&self) -> &FxHashSet<(Variant, i32)> {
        &self.ever
    }

    /// The most days whose lists are held at once.
    pub fn max_days(&self) -> usize {
        MAX_DAYS_KEPT.max(2 * self.slack as usize + 1)
    }

    /// The days whose lists are held now.
    pub fn days_kept(&self) -> usize {
        self.days_kept.len()
    }

    /// Generates the lists of `day` ± slack not generated yet. Lists from before a
    /// variant was first seen are left out: no host ever queried them.
    pub fn prepare(&mut self, day: i32) {
        if self.last_ready == Some(day) || !self.ready.insert(day) {
            self.last_ready = Some(day);
            return;
        }
        self.last_ready = Some(day);
        let window = day.saturating_sub(self.slack)..=day.saturating_add(self.slack);
        let new_days = window
            .clone()
            .filter(|d| !self.days_kept.contains(d))
            .count();
        if self.days_kept.len() + new_days > self.max_days() {
            // Start afresh with this day's window; days needed again are made again.
            self.names = FxHashMap::default();
            self.more = Vec::new();
            self.generated.clear();
            self.days_kept.clear();
            self.ready.clear();
            self.ready.insert(day);
        }
        let (first, last) = supported_dates();
        for d in window {
            self.days_kept.insert(d);
            let Some(date) = date_of_day(d).filter(|date| (first..=last).contains(date)) else {
                continue;
            };
            for variant in self.asked.iter() {
                if date >= variant.first_seen() && self.generated.insert((variant, d)) {
                    self.ever.insert((variant, d));
                    self.add(variant, d, DayDomains::new(variant, date));
                }
            }
        }
    }

    fn add(&mut self, variant: Variant, day: i32, domains: DayDomains) {
        self.names.reserve(variant.domains_per_day() as usize);
        for (index, domain) in domains.enumerate() {
            self.insert(variant, domain, day, index as u32);
        }
    }

    fn insert(&mut self, variant: Variant, domain: Domain, day: i32, index: u32) {
        let place = Place {
            day,
            index,
            next: END,
        };
        let head = self.names.entry((variant, domain)).or_insert(place);
        // A name repeated within a day keeps its first index. A day is inserted in one
        // go and new places go right after the head, so an earlier place of the same
        // day is the head or the one after it.
        if head.day == day || (head.next != END && self.more[head.next as usize].day == day) {
            return;
        }
        // Insert after the head; the chain's order does not matter.
        self.more.push(Place {
            next: head.next,
            ..place
        });
        head.next = (self.more.len() - 1) as u32;
    }

    /// The place nearest to `day` (the earlier on a tie) within the slack, if `domain`
    /// was generated by `variant` then. `prepare(day)` must have been called.
    pub fn find(&self, variant: Variant, domain: Domain, day: i32) -> Option<ListMatch> {
        let mut place = *self.names.get(&(variant, domain))?;
        let mut best: Option<Place> = None;
        loop {
            let distance = (place.day - day).abs();
            if distance <= self.slack
                && best.is_none_or(|b| {
                    let bd = (b.day - day).abs();
                    distance < bd || (distance == bd && place.day < b.day)
                })
            {
                best = Some(place);
            }
            if place.next == END {
                break;
            }
            place = self.more[place.next as usize];
        }
        best.map(|p| ListMatch {
            variant,
            day: p.day,
            index: p.index,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logscan::time::day_of_date;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> i32 {
        day_of_date(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    fn packed(variant: Variant, name: &str) -> Domain {
        let (label, suffix) = name.split_once('.').unwrap();
        Domain::parse(variant, label, suffix).unwrap()
    }

    #[test]
    fn finds_press_sightings_within_the_slack_only() {
        let mut lists = DayLists::new(VariantSet::ALL, 2);
        let jogli = packed(Variant::B, "jogli.com");
        lists.prepare(day(2009, 3, 10));
        assert_eq!(
            lists.find(Variant::B, jogli, day(2009, 3, 10)),
            Some(ListMatch {
                variant: Variant::B,
                day: day(2009, 3, 8),
                index: 100
            })
        );
        assert_eq!(
            lists.find(
                Variant::A,
                packed(Variant::A, "jogli.com"),
                day(2009, 3, 10)
            ),
            None
        );
        lists.prepare(day(2009, 3, 11));
        // Generated, but three days away from the query.
        assert_eq!(lists.find(Variant::B, jogli, day(2009, 3, 11)), None);
        // A and B for 2009-03-08 to 2009-03-13; C only from 2009-04-01.
        assert_eq!(lists.lists_generated().len(), 6 * 2);
    }

    #[test]
    fn each_list_is_generated_once_and_c_only_from_its_first_day() {
        let mut lists = DayLists::new(VariantSet::ALL, 1);
        lists.prepare(day(2009, 3, 31));
        assert_eq!(lists.lists_generated().len(), 3 * 2 + 1);
        lists.prepare(day(2009, 4, 1));
        lists.prepare(day(2009, 3, 31));
        assert_eq!(lists.lists_generated().len(), 4 * 2 + 2);
    }

    /// Days five apart, 400 of them: the repro of a 15.6 KB log that once kept 6.5 GB.
    #[test]
    fn days_far_apart_never_hold_more_than_the_bound() {
        let mut lists = DayLists::new(VariantSet::EMPTY.with(Variant::B), 2);
        let jogli = packed(Variant::B, "jogli.com");
        let start = day(2009, 4, 1);
        for i in 0..400 {
            lists.prepare(start + 5 * i);
            assert!(
                lists.days_kept() <= MAX_DAYS_KEPT,
                "{} days",
                lists.days_kept()
            );
        }
        // A late line for a day long gone is answered by making its lists again.
        lists.prepare(day(2009, 3, 8));
        assert_eq!(
            lists
                .find(Variant::B, jogli, day(2009, 3, 8))
                .unwrap()
                .index,
            100
        );
        assert_eq!(lists.lists_generated().len(), 400 * 5 + 5);
        let wide = DayLists::new(VariantSet::ALL, 30);
        assert_eq!(wide.max_days(), 61);
    }

    #[test]
    fn prefers_the_nearest_day_when_a_name_recurs() {
        let mut lists = DayLists::new(VariantSet::EMPTY.with(Variant::B), 2);
        let d = day(2009, 3, 8);
        let name = packed(Variant::B, "abcdef.com");
        // Days are inserted whole, as `add` does; day +1 has the name twice.
        for (offset, index) in [(-2, 7), (1, 8), (1, 10), (-1, 9)] {
            lists.insert(Variant::B, name, d + offset, index);
        }
        let found = lists.find(Variant::B, name, d).unwrap();
        assert_eq!((found.day, found.index), (d - 1, 9));
        assert_eq!(lists.find(Variant::B, name, d + 3).unwrap().index, 8);
    }
}
