//! Finds every (variant, date, index) at which the worm generated each asked name.
//!
//! Each day of each needed variant is generated once, however many names are asked,
//! and matched by packed name, so generating allocates nothing per domain.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::dates::DateRange;
use crate::domain::Domain;
use crate::generator::{generate_interleaved, DayDomains, Lists};
use crate::input::{parse_name, ParsedName};
use crate::variant::{Variant, VariantSet};

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
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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

/// The answer for one input line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckResult {
    pub input: String,
    pub name: Option<String>,
    pub possible: bool,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub hits: Vec<Hit>,
}

/// All answers, and how much of the range was covered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckReport {
    pub results: Vec<CheckResult>,
    pub days_done: u64,
    pub days_total: u64,
    pub cancelled: bool,
}

/// The asked names, parsed once and indexed for matching.
pub struct Checker {
    /// The parsed lines in chunks (so that a report can take them over chunk by chunk),
    /// their candidates dropped once indexed.
    parsed: Vec<Vec<ParsedName>>,
    /// Per variant: packed name to target number.
    targets: [FxHashMap<Domain, u32>; 3],
    /// Per variant: a bit per hash of the targets, so that most generated names are
    /// dismissed by one load from cache rather than a hash-table probe.
    filters: [NameFilter; 3],
    /// Per input line: the target its name is, if some variant could generate it.
    line_targets: Vec<Option<u32>>,
    target_count: usize,
    /// The lines of target `t` are `lines_by_target[line_starts[t]..line_starts[t + 1]]`.
    line_starts: Vec<u32>,
    lines_by_target: Vec<u32>,
}

impl Checker {
    pub fn new<'a>(inputs: impl IntoIterator<Item = &'a str>, asked: VariantSet) -> Checker {
        let mut parsed = parse_all(inputs.into_iter().collect(), asked);
        // Sized up front: growing a table holds the old and the new one at once.
        let mut per_variant = [0; 3];
        for (variant, _) in parsed.iter().flatten().flat_map(|p| &p.candidates) {
            per_variant[variant.index()] += 1;
        }
        let mut targets =
            per_variant.map(|n| FxHashMap::with_capacity_and_hasher(n, Default::default()));
        let mut target_count = 0;
        let line_targets: Vec<Option<u32>> = parsed
            .iter_mut()
            .flatten()
            .map(|p| {
                let candidates = std::mem::take(&mut p.candidates);
                // Equal names have equal candidates and different names different ones,
                // so the first candidate identifies the name.
                let &(variant, domain) = candidates.first()?;
                if let Some(&target) = targets[variant.index()].get(&domain) {
                    return Some(target);
                }
                let target = target_count as u32;
                target_count += 1;
                for (variant, domain) in candidates {
                    targets[variant.index()].insert(domain, target);
                }
                Some(target)
            })
            .collect();
        let filters = [0, 1, 2].map(|v| NameFilter::new(targets[v].keys()));
        let (line_starts, lines_by_target) = group_lines(&line_targets, target_count);
        Checker {
            parsed,
            targets,
            filters,
            line_targets,
            target_count,
            line_starts,
            lines_by_target,
        }
    }

    /// The input lines (from 0) that asked for `target`, the number `scan_day` reports.
    pub fn target_lines(&self, target: u32) -> &[u32] {
        let t = target as usize;
        &self.lines_by_target[self.line_starts[t] as usize..self.line_starts[t + 1] as usize]
    }

    /// The variants some asked name could belong to: only these are generated.
    pub fn needed_variants(&self) -> VariantSet {
        Variant::ALL
            .into_iter()
            .filter(|v| !self.targets[v.index()].is_empty())
            .collect()
    }

    /// Generates each needed variant's list of `date` and appends (target, hit) pairs.
    pub fn scan_day(&self, date: NaiveDate, found: &mut Vec<(u32, Hit)>) {
        for variant in self.needed_variants().iter() {
            let targets = &self.targets[variant.index()];
            let before_first_seen = date < variant.first_seen();
            for (index, domain) in DayDomains::new(variant, date).enumerate() {
                if let Some(&target) = targets.get(&domain) {
                    found.push((
                        target,
                        Hit {
                            date,
                            variant,
                            index: index as u32,
                            before_first_seen,
                        },
                    ));
                }
            }
        }
    }

    /// Appends the (target, hit) pairs of every day of `range`, like [`Checker::scan_day`]
    /// for each day, but generating the lists side by side in this thread, which is
    /// several times faster. Hits come grouped by list, not in date order.
    pub fn scan_days(&self, range: DateRange, found: &mut Vec<(u32, Hit)>) {
        struct Scan<'a> {
            checker: &'a Checker,
            days: Days,
            next: u64,
            found: &'a mut Vec<(u32, Hit)>,
        }

        impl Lists for Scan<'_> {
            fn next_list(&mut self) -> Option<(Variant, NaiveDate)> {
                let list = self.days.list(self.next)?;
                self.next += 1;
                Some(list)
            }
            #[inline]
            fn name(&mut self, variant: Variant, date: NaiveDate, index: u32, domain: Domain) {
                if let Some(found) = self.checker.matches(variant, date, index, domain) {
                    self.found.push(found);
                }
            }
        }

        let days = Days {
            range,
            part: 0,
            parts: 1,
            variants: self.needed_variants().iter().collect(),
        };
        generate_interleaved(&mut Scan {
            checker: self,
            days,
            next: 0,
            found,
        });
    }

    /// Checks every day of `range`, on all cores natively.
    pub fn run(&self, range: DateRange, monitor: &mut dyn Monitor) -> CheckReport {
        self.run_part(range, 0, 1, monitor)
    }

    /// Checks the days of `range` whose position in it is `part` modulo `parts`, so
    /// that `parts` workers (Web Workers, say) given the same range and each a `part`
    /// have equal work and finish together; [`CheckReport::merge`] joins their reports.
    pub fn run_part(
        &self,
        range: DateRange,
        part: u64,
        parts: u64,
        monitor: &mut dyn Monitor,
    ) -> CheckReport {
        assert!(part < parts, "part {part} of {parts}");
        let days = Days {
            range,
            part,
            parts,
            variants: self.needed_variants().iter().collect(),
        };
        let (hits, days_done, cancelled) = self.collect(&days, monitor);
        CheckReport {
            results: self.results(&hits),
            days_done,
            days_total: days.count(),
            cancelled,
        }
    }

    /// Like [`Checker::run`], moving the parsed lines into the report instead of copying.
    fn run_into_report(self, range: DateRange, monitor: &mut dyn Monitor) -> CheckReport {
        let days = Days {
            range,
            part: 0,
            parts: 1,
            variants: self.needed_variants().iter().collect(),
        };
        let (hits, days_done, cancelled) = self.collect(&days, monitor);
        // Only the lines and their targets are needed now: free the indexes first, so
        // that a report on a million names does not hold them too.
        let Checker {
            parsed,
            line_targets,
            ..
        } = self;
        let mut results = Vec::with_capacity(line_targets.len());
        let mut line_targets = line_targets.into_iter();
        for chunk in parsed {
            for p in chunk {
                let target = line_targets.next().flatten();
                results.push(CheckResult {
                    input: p.input,
                    name: p.name,
                    possible: target.is_some(),
                    reason: p.reason,
                    note: p.note,
                    hits: target.map_or_else(Vec::new, |t| hits[t as usize].clone()),
                });
            }
        }
        CheckReport {
            results,
            days_done,
            days_total: days.count(),
            cancelled,
        }
    }

    /// Each target's hits, sorted; the days done; whether the check was cancelled.
    fn collect(&self, days: &Days, monitor: &mut dyn Monitor) -> (Vec<Vec<Hit>>, u64, bool) {
        let mut hits: Vec<Vec<Hit>> = vec![Vec::new(); self.target_count];
        let (days_done, cancelled) = if days.variants.is_empty() {
            (days.count(), false)
        } else {
            self.scan_range(days, monitor, &mut |target, hit| {
                hits[target as usize].push(hit)
            })
        };
        for h in &mut hits {
            h.sort();
        }
        (hits, days_done, cancelled)
    }

    /// The hit for `domain`, if it is asked for.
    #[inline]
    fn matches(
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
        let hit = Hit {
            date,
            variant,
            index,
            before_first_seen: date < variant.first_seen(),
        };
        Some((target, hit))
    }

    fn results(&self, hits: &[Vec<Hit>]) -> Vec<CheckResult> {
        self.parsed
            .iter()
            .flatten()
            .zip(&self.line_targets)
            .map(|(p, target)| CheckResult {
                input: p.input.clone(),
                name: p.name.clone(),
                possible: target.is_some(),
                reason: p.reason.clone(),
                note: p.note.clone(),
                hits: target.map_or_else(Vec::new, |t| hits[t as usize].clone()),
            })
            .collect()
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn scan_range(
        &self,
        days: &Days,
        monitor: &mut dyn Monitor,
        record: &mut dyn FnMut(u32, Hit),
    ) -> (u64, bool) {
        use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
        use std::sync::mpsc;
        use std::time::Duration;

        /// One thread's share: lists taken from a common counter, so that all threads
        /// finish together; hits sent on with each finished list.
        struct Share<'a> {
            checker: &'a Checker,
            days: &'a Days,
            next: &'a AtomicU64,
            stop: &'a AtomicBool,
            found: Vec<(u32, Hit)>,
            sender: mpsc::Sender<Vec<(u32, Hit)>>,
        }

        impl Lists for Share<'_> {
            fn next_list(&mut self) -> Option<(Variant, NaiveDate)> {
                if self.stop.load(Ordering::Relaxed) {
                    return None;
                }
                self.days.list(self.next.fetch_add(1, Ordering::Relaxed))
            }
            #[inline]
            fn name(&mut self, variant: Variant, date: NaiveDate, index: u32, domain: Domain) {
                if let Some(found) = self.checker.matches(variant, date, index, domain) {
                    self.found.push(found);
                }
            }
            fn finished(&mut self, _: Variant, _: NaiveDate) {
                if self.sender.send(std::mem::take(&mut self.found)).is_err() {
                    self.stop.store(true, Ordering::Relaxed);
                }
            }
            fn stop(&mut self) -> bool {
                self.stop.load(Ordering::Relaxed)
            }
        }

        let total_lists = days.lists();
        let next = AtomicU64::new(0);
        let stop = AtomicBool::new(false);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let (sender, receiver) = mpsc::channel::<Vec<(u32, Hit)>>();
        std::thread::scope(|scope| {
            for _ in 0..threads.min(total_lists as usize) {
                let mut share = Share {
                    checker: self,
                    days,
                    next: &next,
                    stop: &stop,
                    found: Vec::new(),
                    sender: sender.clone(),
                };
                scope.spawn(move || generate_interleaved(&mut share));
            }
            drop(sender);
            let mut lists_done = 0u64;
            let mut cancelled = false;
            loop {
                match receiver.recv_timeout(Duration::from_millis(50)) {
                    Ok(found) => {
                        found.into_iter().for_each(|(t, h)| record(t, h));
                        lists_done += 1;
                        if lists_done.is_multiple_of(days.variants.len() as u64) {
                            monitor.progress(days.done(lists_done), days.count());
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
                if !cancelled && monitor.cancelled() {
                    cancelled = true;
                    stop.store(true, Ordering::Relaxed);
                }
            }
            (days.done(lists_done), cancelled)
        })
    }

    #[cfg(target_arch = "wasm32")]
    fn scan_range(
        &self,
        days: &Days,
        monitor: &mut dyn Monitor,
        record: &mut dyn FnMut(u32, Hit),
    ) -> (u64, bool) {
        /// Polls the monitor every this many blocks of steps (a few milliseconds).
        const POLL_EVERY: u32 = 256;

        struct Scan<'a> {
            checker: &'a Checker,
            days: &'a Days,
            monitor: &'a mut dyn Monitor,
            record: &'a mut dyn FnMut(u32, Hit),
            next: u64,
            done: u64,
            polls: u32,
            cancelled: bool,
        }

        impl Lists for Scan<'_> {
            fn next_list(&mut self) -> Option<(Variant, NaiveDate)> {
                if self.cancelled {
                    return None;
                }
                let list = self.days.list(self.next)?;
                self.next += 1;
                Some(list)
            }
            #[inline]
            fn name(&mut self, variant: Variant, date: NaiveDate, index: u32, domain: Domain) {
                if let Some((target, hit)) = self.checker.matches(variant, date, index, domain) {
                    (self.record)(target, hit);
                }
            }
            fn finished(&mut self, _: Variant, _: NaiveDate) {
                if self.cancelled {
                    return;
                }
                self.done += 1;
                if self.done.is_multiple_of(self.days.variants.len() as u64) {
                    self.monitor
                        .progress(self.days.done(self.done), self.days.count());
                    // A cancel asked for in answer to progress stops the count there, as
                    // it would between two days.
                    self.cancelled = self.monitor.cancelled();
                }
            }
            fn stop(&mut self) -> bool {
                self.polls += 1;
                if self.polls.is_multiple_of(POLL_EVERY) && self.monitor.cancelled() {
                    self.cancelled = true;
                }
                self.cancelled
            }
        }

        let mut scan = Scan {
            checker: self,
            days,
            monitor,
            record,
            next: 0,
            done: 0,
            polls: 0,
            cancelled: false,
        };
        generate_interleaved(&mut scan);
        (days.done(scan.done), scan.cancelled)
    }
}

/// The lists a check generates: every needed variant of every day of its part.
struct Days {
    range: DateRange,
    part: u64,
    parts: u64,
    variants: Vec<Variant>,
}

impl Days {
    /// Days in the part.
    fn count(&self) -> u64 {
        (self.range.days() + self.parts - 1 - self.part) / self.parts
    }

    fn lists(&self) -> u64 {
        self.count() * self.variants.len() as u64
    }

    /// The `i`-th list, days in order and each day's variants together.
    fn list(&self, i: u64) -> Option<(Variant, NaiveDate)> {
        if i >= self.lists() {
            return None;
        }
        let n = self.variants.len() as u64;
        let day = (i / n) * self.parts + self.part;
        Some((self.variants[(i % n) as usize], self.range.nth(day)))
    }

    /// Days counted as done when `lists` lists are (lists finish about in order).
    fn done(&self, lists: u64) -> u64 {
        lists / self.variants.len() as u64
    }
}

/// A one-sided test for membership: false means certainly not asked.
struct NameFilter {
    bits: Vec<u64>,
    shift: u32,
}

impl NameFilter {
    /// About 32 bits per name keeps false positives near 3%; 2^12 to 2^25 bits.
    fn new<'a>(names: impl ExactSizeIterator<Item = &'a Domain>) -> NameFilter {
        let wanted = (names.len() * 32)
            .clamp(1 << 12, 1 << 25)
            .next_power_of_two();
        let shift = 64 - wanted.trailing_zeros();
        let mut filter = NameFilter {
            bits: vec![0; wanted / 64],
            shift,
        };
        for name in names {
            let h = filter.hash(*name);
            filter.bits[h / 64] |= 1 << (h % 64);
        }
        filter
    }

    #[inline]
    fn hash(&self, domain: Domain) -> usize {
        (domain.packed().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    #[inline]
    fn may_contain(&self, domain: Domain) -> bool {
        let h = self.hash(domain);
        self.bits[h / 64] & (1 << (h % 64)) != 0
    }
}

impl CheckReport {
    /// Joins the reports of [`Checker::run_part`] for every part of one range.
    pub fn merge(parts: Vec<CheckReport>) -> Option<CheckReport> {
        let mut parts = parts.into_iter();
        let mut merged = parts.next()?;
        for part in parts {
            for (into, from) in merged.results.iter_mut().zip(part.results) {
                into.hits.extend(from.hits);
            }
            merged.days_done += part.days_done;
            merged.days_total += part.days_total;
            merged.cancelled |= part.cancelled;
        }
        for result in &mut merged.results {
            result.hits.sort();
        }
        Some(merged)
    }
}

/// Checks `inputs` over `range` for the `asked` variants.
pub fn check<'a>(
    inputs: impl IntoIterator<Item = &'a str>,
    range: DateRange,
    asked: VariantSet,
    monitor: &mut dyn Monitor,
) -> CheckReport {
    Checker::new(inputs, asked).run_into_report(range, monitor)
}

/// For each target, the lines that asked for it, in order: (where each target's lines
/// start, the lines).
fn group_lines(line_targets: &[Option<u32>], target_count: usize) -> (Vec<u32>, Vec<u32>) {
    let mut starts = vec![0u32; target_count + 1];
    for &t in line_targets.iter().flatten() {
        starts[t as usize + 1] += 1;
    }
    for t in 0..target_count {
        starts[t + 1] += starts[t];
    }
    let mut filled = starts.clone();
    let mut lines = vec![0u32; starts[target_count] as usize];
    for (line, &target) in line_targets.iter().enumerate() {
        if let Some(t) = target {
            lines[filled[t as usize] as usize] = line as u32;
            filled[t as usize] += 1;
        }
    }
    (starts, lines)
}

/// Lines per chunk of parsed lines.
const PARSED_CHUNK: usize = 1 << 15;

/// Parses the lines in chunks, on all cores natively: parsing a million names takes
/// about a second on one.
fn parse_all(inputs: Vec<&str>, asked: VariantSet) -> Vec<Vec<ParsedName>> {
    let parse = |lines: &[&str]| lines.iter().map(|l| parse_name(l, asked)).collect();
    let chunks: Vec<&[&str]> = inputs.chunks(PARSED_CHUNK).collect();
    #[cfg(not(target_arch = "wasm32"))]
    {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let share = chunks.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let parts: Vec<_> = chunks
                .chunks(share)
                .map(|mine| scope.spawn(move || mine.iter().map(|c| parse(c)).collect::<Vec<_>>()))
                .collect();
            parts
                .into_iter()
                .flat_map(|p| p.join().expect("parsing does not panic"))
                .collect()
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        chunks.into_iter().map(parse).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;

    #[test]
    fn impossible_names_generate_nothing() {
        let checker = Checker::new(["example.de", "abc.com"], VariantSet::ALL);
        assert!(checker.needed_variants().is_empty());
        let only_c = Checker::new(["abcdef.ru", "example.de"], VariantSet::ALL);
        assert_eq!(only_c.needed_variants(), VariantSet::EMPTY.with(Variant::C));
    }

    #[test]
    fn repeated_names_share_one_target_and_each_line_is_answered() {
        let range = DateRange::single(parse_date("2009-03-08").unwrap());
        let report = check(
            ["jogli.com", "www.jogli.com", "x.de"],
            range,
            VariantSet::ALL,
            &mut Unmonitored,
        );
        assert_eq!(report.results.len(), 3);
        assert_eq!(report.results[0].hits, report.results[1].hits);
        assert_eq!(
            report.results[1].note.as_deref(),
            Some("www.jogli.com is checked as jogli.com, the name it lies below")
        );
        assert!(report.results[2].hits.is_empty() && !report.results[2].possible);
    }

    #[test]
    fn a_scanned_hit_names_every_line_that_asked() {
        let checker = Checker::new(["jogli.com", "x.de", "www.jogli.com"], VariantSet::ALL);
        let mut found = Vec::new();
        checker.scan_day(parse_date("2009-03-08").unwrap(), &mut found);
        assert_eq!(found.len(), 1);
        assert_eq!(checker.target_lines(found[0].0), &[0, 2]);
    }

    #[test]
    fn dates_before_first_seen_are_flagged() {
        let date = parse_date("2008-12-01").unwrap();
        let name = DayDomains::new(Variant::B, date)
            .next()
            .unwrap()
            .to_string(Variant::B);
        let report = check(
            [name.as_str()],
            DateRange::single(date),
            VariantSet::ALL,
            &mut Unmonitored,
        );
        let hit = &report.results[0].hits[0];
        assert_eq!(
            (hit.variant, hit.index, hit.before_first_seen),
            (Variant::B, 0, true)
        );
    }

    #[test]
    fn parts_together_find_what_the_whole_range_finds() {
        let range = DateRange::parse("2009-03-01", "2009-04-03").unwrap();
        let c_name = DayDomains::new(Variant::C, parse_date("2009-04-02").unwrap())
            .nth(4321)
            .unwrap()
            .to_string(Variant::C);
        let inputs = ["jogli.com", "praat.org", c_name.as_str(), "x.de"];
        let checker = Checker::new(inputs, VariantSet::ALL);
        let whole = checker.run(range, &mut Unmonitored);
        let parts = (0..3)
            .map(|part| checker.run_part(range, part, 3, &mut Unmonitored))
            .collect();
        let merged = CheckReport::merge(parts).unwrap();
        assert_eq!(merged, whole);
        assert_eq!(whole.days_done, 34);
        assert!(whole.results[2].hits.iter().any(|h| h.index == 4321));
    }

    #[test]
    fn scanning_days_side_by_side_finds_what_scanning_each_day_finds() {
        let range = DateRange::parse("2009-03-01", "2009-04-03").unwrap();
        let c_name = DayDomains::new(Variant::C, parse_date("2009-04-02").unwrap())
            .nth(777)
            .unwrap()
            .to_string(Variant::C);
        let checker = Checker::new(["jogli.com", "praat.org", c_name.as_str()], VariantSet::ALL);
        let mut each = Vec::new();
        for date in range.iter() {
            checker.scan_day(date, &mut each);
        }
        let mut together = Vec::new();
        checker.scan_days(range, &mut together);
        each.sort();
        together.sort();
        assert_eq!(together, each);
        assert!(together.len() >= 3);
    }

    struct CancelAfter(u64, u64);

    impl Monitor for CancelAfter {
        fn progress(&mut self, done: u64, _total: u64) {
            self.1 = done;
        }
        fn cancelled(&mut self) -> bool {
            self.1 >= self.0
        }
    }

    #[test]
    fn cancelling_keeps_what_was_found() {
        let range = DateRange::parse("2009-04-01", "2011-04-01").unwrap();
        let first = DayDomains::new(Variant::C, range.from())
            .next()
            .unwrap()
            .to_string(Variant::C);
        let mut monitor = CancelAfter(3, 0);
        let report = check([first.as_str()], range, VariantSet::ALL, &mut monitor);
        assert!(report.cancelled);
        assert!(
            report.days_done < report.days_total / 2,
            "{} days",
            report.days_done
        );
        assert!(report.days_done >= 3);
    }

    /// Cancels once `after` has passed and records when the check was told so.
    struct CancelAt {
        after: std::time::Duration,
        started: std::time::Instant,
        told: Option<std::time::Instant>,
    }

    impl Monitor for CancelAt {
        fn cancelled(&mut self) -> bool {
            if self.started.elapsed() >= self.after {
                self.told.get_or_insert_with(std::time::Instant::now);
                true
            } else {
                false
            }
        }
    }

    #[test]
    fn cancelling_returns_within_100_ms() {
        let range = DateRange::parse("2009-04-01", "2030-04-01").unwrap();
        let mut monitor = CancelAt {
            after: std::time::Duration::from_millis(200),
            started: std::time::Instant::now(),
            told: None,
        };
        let report = check(["abcdef.ru"], range, VariantSet::ALL, &mut monitor);
        let latency = monitor.told.expect("cancel was polled").elapsed();
        assert!(report.cancelled);
        assert!(latency.as_millis() < 100, "took {latency:?} to stop");
    }
}
