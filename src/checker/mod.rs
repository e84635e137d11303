//! Finds every (variant, date, index) at which the worm generated each asked name.
//!
//! Each day of each needed variant is generated once, however many names are asked,
//! and matched by packed name, so generating allocates nothing per domain. `Checker` is the
//! index of the asked names; `run` keeps a check's hits and answers each line.

mod days;
mod filter;
mod lines;
mod run;
mod scan;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::dates::DateRange;
use crate::domain::Domain;
use crate::generator::LANES;
use crate::variant::{Variant, VariantSet};

use days::Days;
use filter::NameFilter;
pub use lines::LineView;
use lines::{Candidate, LineChunk, CHUNK};
pub use run::{pack_hits, CheckRun, CheckState, LineResult, Verdict};

/// How a long check reports progress and learns that it should stop.
pub trait Monitor {
    /// Called as days of the range are finished.
    fn progress(&mut self, _days_done: u64, _days_total: u64) {}
    /// Polled at least every 50 ms; `true` stops the check and keeps the hits found so far.
    fn cancelled(&mut self) -> bool {
        false
    }
}

/// A monitor that neither reports nor cancels.
pub struct Unmonitored;

impl Monitor for Unmonitored {}

/// One place in the worm's lists where a name occurs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hit {
    #[serde(serialize_with = "crate::serialize::date")]
    pub date: NaiveDate,
    #[serde(serialize_with = "crate::serialize::variant")]
    pub variant: Variant,
    pub index: u32,
    /// The date lies before the variant was first seen, so no host queried that list.
    pub before_first_seen: bool,
}

/// The asked names, parsed once and indexed for matching.
pub struct Checker {
    /// The input lines, compactly, each with the target its name is.
    chunks: Vec<LineChunk>,
    /// Per variant: packed name to target number.
    targets: [FxHashMap<Domain, u32>; 3],
    /// Per variant: a bit per hash of the targets, so that most generated names are
    /// dismissed by one load from cache rather than a hash-table probe.
    filters: [NameFilter; 3],
    line_count: usize,
    target_count: usize,
}

impl Hit {
    pub fn new(date: NaiveDate, variant: Variant, index: u32) -> Hit {
        Hit {
            date,
            variant,
            index,
            before_first_seen: date < variant.first_seen(),
        }
    }
}

impl Checker {
    /// Reads and parses `inputs` a bounded batch at a time, so that only the compact lines
    /// are kept, whatever the caller's lines cost.
    pub fn new<S: AsRef<str> + Sync>(
        inputs: impl IntoIterator<Item = S>,
        asked: VariantSet,
    ) -> Checker {
        let mut inputs = inputs.into_iter();
        let mut chunks = Vec::new();
        let mut candidates = Vec::new();
        let batch_len = batch_len();
        loop {
            let batch: Vec<S> = inputs.by_ref().take(batch_len).collect();
            for (chunk, found) in parse_batch(&batch, asked) {
                chunks.push(chunk);
                candidates.push(found);
            }
            if batch.len() < batch_len {
                break;
            }
        }
        // Sized up front: growing a table holds the old and the new one at once.
        let mut per_variant = [0; 3];
        for c in candidates.iter().flatten() {
            per_variant[c.variant.index()] += 1;
        }
        let mut targets =
            per_variant.map(|n| FxHashMap::with_capacity_and_hasher(n, Default::default()));
        let mut target_count = 0;
        for (chunk, found) in chunks.iter_mut().zip(candidates) {
            let mut found = found.into_iter().peekable();
            while let Some(first) = found.next() {
                // Equal names have equal candidates and different names different ones,
                // so the first candidate identifies the name.
                let line = first.line;
                let known = targets[first.variant.index()].get(&first.domain).copied();
                let target = known.unwrap_or(target_count as u32);
                let mut add = |c: Candidate| {
                    if known.is_none() {
                        targets[c.variant.index()].insert(c.domain, target);
                    }
                };
                add(first);
                while let Some(c) = found.next_if(|c| c.line == line) {
                    add(c);
                }
                if known.is_none() {
                    target_count += 1;
                }
                chunk.set_target(line as usize, target);
            }
        }
        let filters = [0, 1, 2].map(|v| NameFilter::new(targets[v].keys()));
        Checker {
            line_count: chunks.iter().map(LineChunk::len).sum(),
            chunks,
            targets,
            filters,
            target_count,
        }
    }

    /// The variants some asked name could belong to: only these are generated.
    pub fn needed_variants(&self) -> VariantSet {
        Variant::ALL
            .into_iter()
            .filter(|v| !self.targets[v.index()].is_empty())
            .collect()
    }

    /// Generates the needed lists of every day of `range`, interleaved as a whole check's
    /// are, and appends (target, hit) pairs: a page worker's slice of its part.
    pub fn scan(&self, range: DateRange, found: &mut Vec<(u32, Hit)>) {
        let days = Days {
            range,
            part: 0,
            parts: 1,
            variants: self.needed_variants().iter().collect(),
        };
        self.scan_range(&days, &mut Unmonitored, &mut |target, hit| {
            found.push((target, hit))
        });
    }

    /// The fewest days a slice passed to [`Checker::scan`] should hold: enough lists to
    /// keep every lane of the generator busy.
    pub fn slice_days(&self) -> u64 {
        let variants = self.needed_variants().iter().count().max(1);
        LANES.div_ceil(variants) as u64
    }

    /// The hit for `domain`, if it is asked for.
    #[inline]
    pub(crate) fn matches(
        &self,
        variant: Variant,
        date: NaiveDate,
        index: u32,
        domain: Domain,
    ) -> Option<(u32, Hit)> {
        let v = variant.index();
        if !self.filters[v].may_contain(domain) {
            return None;
        }
        let &target = self.targets[v].get(&domain)?;
        Some((target, Hit::new(date, variant, index)))
    }

    /// The number of input lines.
    pub fn line_count(&self) -> usize {
        self.line_count
    }

    /// Input line `line` (from 0) as parsed, with the target its name is, if any.
    pub fn line(&self, line: usize) -> LineView<'_> {
        self.chunks[line / CHUNK].view(line % CHUNK)
    }

    /// The target of input line `line`'s name, if any.
    pub fn line_target(&self, line: usize) -> Option<u32> {
        self.chunks[line / CHUNK].target(line % CHUNK)
    }

    /// The number of distinct names some asked variant could have generated.
    pub fn target_count(&self) -> usize {
        self.target_count
    }
}

/// Lines read and parsed at once: a chunk per core.
fn batch_len() -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    #[cfg(target_arch = "wasm32")]
    let cores = 1;
    CHUNK * cores
}

/// Parses a batch of lines in chunks, on all cores natively: parsing a million names takes
/// about a second on one.
fn parse_batch(
    inputs: &[impl AsRef<str> + Sync],
    asked: VariantSet,
) -> Vec<(LineChunk, Vec<Candidate>)> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::scope(|scope| {
            let parts: Vec<_> = inputs
                .chunks(CHUNK)
                .map(|chunk| scope.spawn(move || LineChunk::parse(chunk, asked)))
                .collect();
            parts
                .into_iter()
                .map(|p| p.join().expect("parsing does not panic"))
                .collect()
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        inputs
            .chunks(CHUNK)
            .map(|chunk| LineChunk::parse(chunk, asked))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;
    use crate::error::Field;

    #[test]
    fn impossible_names_generate_nothing() {
        let checker = Checker::new(["example.de", "abc.com"], VariantSet::ALL);
        assert!(checker.needed_variants().is_empty());
        let only_c = Checker::new(["abcdef.ru", "example.de"], VariantSet::ALL);
        assert_eq!(only_c.needed_variants(), VariantSet::EMPTY.with(Variant::C));
    }

    #[test]
    fn a_slice_fills_the_generators_lanes() {
        let only_c = Checker::new(["abcdef.ru"], VariantSet::ALL);
        assert_eq!(only_c.slice_days(), 32);
        let all = Checker::new(["jogli.com", "abcdef.ru"], VariantSet::ALL);
        assert_eq!(all.needed_variants().iter().count(), 3);
        assert_eq!(all.slice_days(), 11);
        let none = Checker::new(["example.de"], VariantSet::ALL);
        assert_eq!(none.slice_days(), 32);
    }

    #[test]
    fn a_scanned_hit_names_every_line_that_asked() {
        let checker = Checker::new(["jogli.com", "x.de", "www.jogli.com"], VariantSet::ALL);
        let mut found = Vec::new();
        checker.scan(
            DateRange::single(parse_date(Field::Date, "2009-03-08").unwrap()),
            &mut found,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(checker.line_target(0), Some(found[0].0));
        assert_eq!(checker.line_target(2), Some(found[0].0));
        assert_eq!(checker.line(2).target, Some(found[0].0));
        assert_eq!(checker.line_target(1), None);
    }
}
