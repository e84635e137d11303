//! Which of the worm's names are somebody's domain: the names of a range of days that have
//! records of their own (a delegation, an address) in a registry's zone file. Their owners
//! receive the drones' traffic on those days, and a blocklist that sinkholes them breaks a
//! real site; a registry handles them by hand.
//!
//! The range's names are held in one sorted index and the zones stream past it, so memory
//! grows with the days asked, never with a zone's size. Names with something below them
//! only (glue, an empty non-terminal) are not collisions: nothing answers for the name itself.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::checker::Hit;
use crate::dates::DateRange;
use crate::domain::Domain;
use crate::error::InputError;
use crate::generator::DayDomains;
use crate::variant::{Variant, VariantSet};
use crate::zonefile::{ZoneError, ZoneReader, ZoneRecord, ZoneSummary};

/// The most days one search holds names of: a year natively (about 290 MB for C's 18 million
/// names at 16 bytes each), a month in a 32-bit address space (the page's WebAssembly module).
pub const MAX_DAYS: u64 = if cfg!(target_pointer_width = "64") {
    366
} else {
    31
};

// A name's day in the range and its index in the day are stored in 16 bits each.
const _: () = assert!(MAX_DAYS <= 1 << 16);
const _: () = assert!(Variant::C.domains_per_day() <= 1 << 16);

/// One place a name has in the range's lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    variant: u8,
    domain: u64,
    day: u16,
    index: u16,
}

/// Every name the variants generate on the range's days, sorted for lookup.
pub struct WormNames {
    range: DateRange,
    variants: VariantSet,
    places: Vec<Place>,
}

impl WormNames {
    /// Refused past [`MAX_DAYS`], before anything is generated.
    pub fn new(range: DateRange, variants: VariantSet) -> Result<WormNames, InputError> {
        if range.days() > MAX_DAYS {
            return Err(InputError::CollisionsTooLong {
                days: range.days(),
                max: MAX_DAYS,
            });
        }
        let per_day: u64 = variants.iter().map(|v| v.domains_per_day() as u64).sum();
        let mut places = Vec::with_capacity((per_day * range.days()) as usize);
        for (day, date) in range.iter().enumerate() {
            for variant in variants.iter() {
                for (index, domain) in DayDomains::new(variant, date).enumerate() {
                    places.push(Place {
                        variant: variant.index() as u8,
                        domain: domain.packed(),
                        day: day as u16,
                        index: index as u16,
                    });
                }
            }
        }
        places.sort_unstable();
        Ok(WormNames {
            range,
            variants,
            places,
        })
    }

    pub fn range(&self) -> DateRange {
        self.range
    }

    pub fn variants(&self) -> VariantSet {
        self.variants
    }

    /// Every place `name` (lower case, without the final dot) has in the range's lists, in
    /// (variant, date, index) order.
    pub fn hits(&self, name: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        let Some((label, suffix)) = name.split_once('.') else {
            return hits;
        };
        for variant in self.variants.iter() {
            let Some(domain) = Domain::parse(variant, label, suffix) else {
                continue;
            };
            let key = (variant.index() as u8, domain.packed());
            let start = self.places.partition_point(|p| (p.variant, p.domain) < key);
            for p in self.places[start..]
                .iter()
                .take_while(|p| (p.variant, p.domain) == key)
            {
                hits.push(Hit::new(
                    self.range.nth(p.day as u64),
                    variant,
                    p.index as u32,
                ));
            }
        }
        hits.sort_by_key(|h| (h.variant, h.date, h.index));
        hits
    }
}

/// A worm name with records of its own in a zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Collision {
    pub domain: String,
    /// The record types at the name, such as `NS` and `DS` for a delegation.
    pub records: Vec<String>,
    /// The name servers of its NS records.
    pub name_servers: Vec<String>,
    pub hits: Vec<Hit>,
}

/// What the zones hold of one colliding name so far.
#[derive(Default)]
struct Found {
    hits: Vec<Hit>,
    records: BTreeSet<String>,
    name_servers: BTreeSet<String>,
}

/// A search of zone files, pushed in pieces one zone after another, for the range's names.
pub struct CollisionSearch {
    names: WormNames,
    found: BTreeMap<String, Found>,
    zones: Vec<ZoneSummary>,
    reader: Option<ZoneReader>,
    /// The owner looked up last, and whether it collides: a zone's records come grouped by
    /// owner, so most records need no lookup.
    last_owner: String,
    last_collides: bool,
}

/// The result of a search: the colliding names in order, and the zones read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Collisions {
    #[serde(flatten)]
    pub range: DateRange,
    #[serde(serialize_with = "crate::serialize::variants")]
    pub variants: VariantSet,
    pub zones: Vec<ZoneSummary>,
    pub collisions: Vec<Collision>,
}

impl CollisionSearch {
    pub fn new(range: DateRange, variants: VariantSet) -> Result<CollisionSearch, InputError> {
        Ok(CollisionSearch {
            names: WormNames::new(range, variants)?,
            found: BTreeMap::new(),
            zones: Vec::new(),
            reader: None,
            last_owner: String::new(),
            last_collides: false,
        })
    }

    /// Starts the zone file called `source` (ending the one before, if not ended).
    pub fn begin(&mut self, source: &str) -> Result<(), ZoneError> {
        self.end()?;
        self.reader = Some(ZoneReader::new(source));
        self.last_owner.clear();
        self.last_collides = false;
        Ok(())
    }

    /// The zone's next bytes, cut anywhere.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), ZoneError> {
        let Some(reader) = &mut self.reader else {
            return Ok(());
        };
        let mut visit = Visit {
            names: &self.names,
            found: &mut self.found,
            last_owner: &mut self.last_owner,
            last_collides: &mut self.last_collides,
        };
        reader.push(bytes, &mut |r| visit.record(r))
    }

    /// Ends the current zone: its last record, and its summary.
    pub fn end(&mut self) -> Result<(), ZoneError> {
        let Some(reader) = self.reader.take() else {
            return Ok(());
        };
        let mut visit = Visit {
            names: &self.names,
            found: &mut self.found,
            last_owner: &mut self.last_owner,
            last_collides: &mut self.last_collides,
        };
        let summary = reader.end(&mut |r| visit.record(r))?;
        self.zones.push(summary);
        Ok(())
    }

    /// Whether `name` (lower case, no final dot) collided in the zones read so far.
    pub fn collides(&self, name: &str) -> bool {
        self.found.contains_key(name)
    }

    /// What the zones ended so far hold.
    pub fn collisions(&self) -> Collisions {
        Collisions {
            range: self.names.range(),
            variants: self.names.variants(),
            zones: self.zones.clone(),
            collisions: self
                .found
                .iter()
                .map(|(domain, found)| Collision {
                    domain: domain.clone(),
                    records: found.records.iter().cloned().collect(),
                    name_servers: found.name_servers.iter().cloned().collect(),
                    hits: found.hits.clone(),
                })
                .collect(),
        }
    }
}

/// A record's way into the search's state, borrowed apart from the reader that yields it.
struct Visit<'a> {
    names: &'a WormNames,
    found: &'a mut BTreeMap<String, Found>,
    last_owner: &'a mut String,
    last_collides: &'a mut bool,
}

impl Visit<'_> {
    fn record(&mut self, record: &ZoneRecord) {
        if record.owner != self.last_owner.as_str() {
            self.last_owner.clear();
            self.last_owner.push_str(record.owner);
            *self.last_collides = self.found.contains_key(record.owner) || {
                let hits = self.names.hits(record.owner);
                let collides = !hits.is_empty();
                if collides {
                    self.found.insert(
                        record.owner.to_string(),
                        Found {
                            hits,
                            ..Found::default()
                        },
                    );
                }
                collides
            };
        }
        if !*self.last_collides {
            return;
        }
        let found = self
            .found
            .get_mut(record.owner)
            .expect("a colliding owner is in found");
        found.records.insert(record.rtype.to_string());
        if let Some(ns) = record.name_server {
            if !found.name_servers.contains(ns) {
                found.name_servers.insert(ns.to_string());
            }
        }
    }
}

impl Collisions {
    /// Whether `name` (lower case, no final dot) is one of the colliding names.
    pub fn contains(&self, name: &str) -> bool {
        self.collisions
            .binary_search_by(|c| c.domain.as_str().cmp(name))
            .is_ok()
    }

    /// The zones' names as a message gives them: `a.zone and b.zone`.
    pub fn zone_names(&self) -> String {
        let names: Vec<&str> = self.zones.iter().map(|z| z.source.as_str()).collect();
        match names.split_last() {
            None => "no zone".to_string(),
            Some((last, [])) => last.to_string(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generator::day_list;
    use chrono::NaiveDate;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn finds_every_place_of_a_name_in_the_range() {
        let range = DateRange::new(date(2024, 11, 1), date(2024, 11, 30)).unwrap();
        let names = WormNames::new(range, VariantSet::ALL).unwrap();
        let hits = names.hits("free.fr");
        assert!(hits
            .iter()
            .any(|h| h.variant == Variant::C && h.date == date(2024, 11, 4)));
        for hit in &hits {
            assert_eq!(
                day_list(hit.variant, hit.date)[hit.index as usize],
                "free.fr"
            );
        }
        let b = day_list(Variant::B, date(2024, 11, 30));
        assert_eq!(
            names.hits(&b[249]),
            [Hit::new(date(2024, 11, 30), Variant::B, 249)]
        );
        assert!(names.hits("example.com").is_empty());
        assert!(names.hits("com").is_empty());
    }

    #[test]
    fn refuses_more_days_than_it_holds() {
        let range = DateRange::new(date(2024, 1, 1), date(2026, 1, 1)).unwrap();
        assert!(matches!(
            WormNames::new(range, VariantSet::ALL),
            Err(InputError::CollisionsTooLong { .. })
        ));
    }

    #[test]
    fn a_name_collides_by_records_of_its_own_only() {
        let day = date(2024, 11, 4);
        let c = day_list(Variant::C, day);
        let (own, below) = (&c[0], &c[1]);
        let zone = format!(
            "$ORIGIN {suffix}.\n{own_label} NS ns1.example.\n NS ns2.example.\n\
             ns1.{below}. A 192.0.2.1\nwww.{own}. A 192.0.2.2\n",
            suffix = own.split_once('.').unwrap().1,
            own_label = own.split_once('.').unwrap().0,
        );
        let mut search = CollisionSearch::new(DateRange::single(day), VariantSet::ALL).unwrap();
        search.begin("x.zone").unwrap();
        for piece in zone.as_bytes().chunks(5) {
            search.push(piece).unwrap();
        }
        search.end().unwrap();
        let found = search.collisions();
        assert_eq!(found.collisions.len(), 1, "{:?}", found.collisions);
        let hit = &found.collisions[0];
        assert_eq!(&hit.domain, own);
        assert_eq!(hit.records, ["NS"]);
        assert_eq!(hit.name_servers, ["ns1.example", "ns2.example"]);
        assert_eq!(hit.hits[0], Hit::new(day, Variant::C, 0));
        assert!(found.contains(own) && !found.contains(below));
        assert_eq!(found.zones[0].records, 4);
    }
}
