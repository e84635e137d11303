//! Finds every (variant, date, index) at which the worm generated each asked name.
//!
//! Each day of each needed variant is generated once, however many names are asked,
//! and matched by packed name, so generating allocates nothing per domain.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::dates::DateRange;
use crate::domain::Domain;
use crate::generator::DayDomains;
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
    parsed: Vec<ParsedName>,
    /// Per variant: packed name to target number.
    targets: [FxHashMap<Domain, u32>; 3],
    /// Per target: the input lines that asked for it.
    target_lines: Vec<Vec<u32>>,
}

impl Checker {
    pub fn new<'a>(inputs: impl IntoIterator<Item = &'a str>, asked: VariantSet) -> Checker {
        let mut targets: [FxHashMap<Domain, u32>; 3] = Default::default();
        let mut target_lines: Vec<Vec<u32>> = Vec::new();
        let mut by_name: FxHashMap<String, u32> = FxHashMap::default();
        let parsed: Vec<ParsedName> = inputs.into_iter().map(|s| parse_name(s, asked)).collect();
        for (line, p) in parsed.iter().enumerate() {
            let (Some(name), true) = (&p.name, p.possible()) else {
                continue;
            };
            let next = target_lines.len() as u32;
            let target = *by_name.entry(name.clone()).or_insert(next);
            if target == next {
                target_lines.push(Vec::new());
                for (variant, domain) in &p.candidates {
                    targets[variant.index()].insert(*domain, target);
                }
            }
            target_lines[target as usize].push(line as u32);
        }
        Checker {
            parsed,
            targets,
            target_lines,
        }
    }

    /// The variants some asked name could belong to: only these are generated.
    pub fn needed_variants(&self) -> VariantSet {
        Variant::ALL
            .into_iter()
            .filter(|v| !self.targets[v.index()].is_empty())
            .collect()
    }

    /// The input lines (from 0) that asked for `target`, the number `scan_day` reports.
    pub fn target_lines(&self, target: u32) -> &[u32] {
        &self.target_lines[target as usize]
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

    /// Checks every day of `range`, on all cores natively.
    pub fn run(&self, range: DateRange, monitor: &mut dyn Monitor) -> CheckReport {
        let mut hits: Vec<Vec<Hit>> = vec![Vec::new(); self.target_lines.len()];
        let (days_done, cancelled) = if self.needed_variants().is_empty() {
            (range.days(), false)
        } else {
            self.scan_range(range, monitor, &mut |target, hit| {
                hits[target as usize].push(hit)
            })
        };
        for h in &mut hits {
            h.sort();
        }
        CheckReport {
            results: self.results(&hits),
            days_done,
            days_total: range.days(),
            cancelled,
        }
    }

    fn results(&self, hits: &[Vec<Hit>]) -> Vec<CheckResult> {
        let mut line_target = vec![None; self.parsed.len()];
        for (target, lines) in self.target_lines.iter().enumerate() {
            for &line in lines {
                line_target[line as usize] = Some(target);
            }
        }
        self.parsed
            .iter()
            .zip(line_target)
            .map(|(p, target)| CheckResult {
                input: p.input.clone(),
                name: p.name.clone(),
                possible: p.possible(),
                reason: p.reason.clone(),
                note: p.note.clone(),
                hits: target.map(|t| hits[t].clone()).unwrap_or_default(),
            })
            .collect()
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn scan_range(
        &self,
        range: DateRange,
        monitor: &mut dyn Monitor,
        record: &mut dyn FnMut(u32, Hit),
    ) -> (u64, bool) {
        use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
        use std::sync::mpsc;
        use std::time::Duration;

        let total = range.days();
        let next = AtomicU64::new(0);
        let stop = AtomicBool::new(false);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let (sender, receiver) = mpsc::channel::<Vec<(u32, Hit)>>();
        std::thread::scope(|scope| {
            for _ in 0..threads.min(total as usize) {
                let sender = sender.clone();
                let (next, stop) = (&next, &stop);
                scope.spawn(move || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total || stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let mut found = Vec::new();
                    self.scan_day(range.nth(i), &mut found);
                    if sender.send(found).is_err() {
                        break;
                    }
                });
            }
            drop(sender);
            let mut done = 0;
            let mut cancelled = false;
            loop {
                match receiver.recv_timeout(Duration::from_millis(50)) {
                    Ok(found) => {
                        found.into_iter().for_each(|(t, h)| record(t, h));
                        done += 1;
                        monitor.progress(done, total);
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
                if !cancelled && monitor.cancelled() {
                    cancelled = true;
                    stop.store(true, Ordering::Relaxed);
                }
            }
            (done, cancelled)
        })
    }

    #[cfg(target_arch = "wasm32")]
    fn scan_range(
        &self,
        range: DateRange,
        monitor: &mut dyn Monitor,
        record: &mut dyn FnMut(u32, Hit),
    ) -> (u64, bool) {
        let total = range.days();
        let mut found = Vec::new();
        for (i, date) in range.iter().enumerate() {
            if monitor.cancelled() {
                return (i as u64, true);
            }
            self.scan_day(date, &mut found);
            found.drain(..).for_each(|(t, h)| record(t, h));
            monitor.progress(i as u64 + 1, total);
        }
        (total, false)
    }
}

/// Checks `inputs` over `range` for the `asked` variants.
pub fn check<'a>(
    inputs: impl IntoIterator<Item = &'a str>,
    range: DateRange,
    asked: VariantSet,
    monitor: &mut dyn Monitor,
) -> CheckReport {
    Checker::new(inputs, asked).run(range, monitor)
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
