//! One check: the asked names, the range, the hits found so far and the answer for each line.
//! The command line runs it on all cores; the page's workers scan parts of the range and the
//! page records what they found here, so both answer from the same state.

use rustc_hash::FxHashMap;
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::checker::days::Days;
use crate::checker::{Checker, Hit, Monitor};
use crate::dates::DateRange;
use crate::variant::{Variant, VariantSet};

/// Where a check stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckState {
    Running,
    Cancelled,
    Done,
}

/// The answer for one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Generated on some day of the range.
    Hit,
    /// Could be generated, but was not on any day of the range.
    NotGenerated,
    /// Could be generated, and was not on the days checked before the check stopped (or so far).
    NotFound,
    /// No asked variant can generate it; the line's reason says why.
    Impossible,
}

impl Verdict {
    /// The word in CSV and JSON.
    pub const fn token(self) -> &'static str {
        match self {
            Verdict::Hit => "hit",
            Verdict::NotGenerated => "not_generated",
            Verdict::NotFound => "not_found",
            Verdict::Impossible => "impossible",
        }
    }

    /// The words a person reads, for a check in `state`.
    pub fn words(self, reason: Option<&str>, state: CheckState) -> String {
        match self {
            Verdict::Hit => "Conficker name".to_string(),
            Verdict::NotGenerated => "not generated in this range".to_string(),
            Verdict::NotFound if state == CheckState::Running => "not found so far".to_string(),
            Verdict::NotFound => "not found in the days checked before stopping".to_string(),
            Verdict::Impossible => format!("impossible: {}", reason.unwrap_or("")),
        }
    }
}

/// One line's answer, borrowed from the check.
#[derive(Clone, Copy, Debug)]
pub struct LineResult<'a> {
    pub input: &'a str,
    /// The name checked, once cleaned up; `None` when the line holds nothing name-like.
    pub name: Option<&'a str>,
    pub possible: bool,
    pub reason: Option<&'a str>,
    /// How `name` was derived from `input`, when that is not obvious.
    pub note: Option<&'a str>,
    pub hits: &'a [Hit],
    pub verdict: Verdict,
}

impl Serialize for LineResult<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut r = s.serialize_struct("LineResult", 7)?;
        r.serialize_field("input", self.input)?;
        r.serialize_field("name", &self.name)?;
        r.serialize_field("verdict", self.verdict.token())?;
        r.serialize_field("possible", &self.possible)?;
        r.serialize_field("reason", &self.reason)?;
        r.serialize_field("note", &self.note)?;
        r.serialize_field("hits", self.hits)?;
        r.end()
    }
}

/// A check of some names over a range of dates, for some variants.
pub struct CheckRun {
    checker: Checker,
    range: DateRange,
    variants: VariantSet,
    /// The hits of each target that has some, in order: few names of a long list are hits.
    hits: FxHashMap<u32, Vec<Hit>>,
    days_done: u64,
    state: CheckState,
}

impl CheckRun {
    /// Parses `inputs` a bounded batch at a time (see [`Checker::new`]).
    pub fn new<S: AsRef<str> + Sync>(
        inputs: impl IntoIterator<Item = S>,
        variants: VariantSet,
        range: DateRange,
    ) -> CheckRun {
        let checker = Checker::new(inputs, variants);
        let mut run = CheckRun {
            checker,
            range,
            variants,
            hits: FxHashMap::default(),
            days_done: 0,
            state: CheckState::Running,
        };
        if run.checker.needed_variants().is_empty() {
            // Nothing can be generated: every day is answered already.
            run.days_done = range.days();
            run.state = CheckState::Done;
        }
        run
    }

    pub fn checker(&self) -> &Checker {
        &self.checker
    }

    pub fn range(&self) -> DateRange {
        self.range
    }

    pub fn variants(&self) -> VariantSet {
        self.variants
    }

    pub fn state(&self) -> CheckState {
        self.state
    }

    pub fn days_done(&self) -> u64 {
        self.days_done
    }

    pub fn days_total(&self) -> u64 {
        self.range.days()
    }

    /// Checks every day of the range, on all cores natively, and ends the run.
    pub fn run(&mut self, monitor: &mut dyn Monitor) {
        if self.state != CheckState::Running {
            return;
        }
        let days = Days {
            range: self.range,
            part: 0,
            parts: 1,
            variants: self.checker.needed_variants().iter().collect(),
        };
        let CheckRun { checker, hits, .. } = self;
        let (done, cancelled) = checker.scan_range(&days, monitor, &mut |target, hit| {
            insert_sorted(hits.entry(target).or_default(), hit)
        });
        self.days_done = done;
        self.finish(cancelled);
    }

    /// Records a hit of target `target` (as [`Checker::scan`] gives it).
    pub fn record(&mut self, target: u32, hit: Hit) {
        if (target as usize) < self.checker.target_count() {
            insert_sorted(self.hits.entry(target).or_default(), hit);
        }
    }

    /// Counts `days` more days as checked (by a worker of the page).
    pub fn add_days(&mut self, days: u64) {
        self.days_done = (self.days_done + days).min(self.days_total());
    }

    pub fn finish(&mut self, cancelled: bool) {
        if self.state == CheckState::Running {
            self.state = if cancelled && self.days_done < self.days_total() {
                CheckState::Cancelled
            } else {
                CheckState::Done
            };
        }
    }

    /// The answer for input line `line` (from 0).
    pub fn line(&self, line: usize) -> LineResult<'_> {
        let parsed = self.checker.line(line);
        let target = parsed.target;
        let hits = self.hits_of(target);
        let verdict = match (target.is_some(), hits.is_empty(), self.state) {
            (false, _, _) => Verdict::Impossible,
            (true, false, _) => Verdict::Hit,
            (true, true, CheckState::Done) => Verdict::NotGenerated,
            (true, true, _) => Verdict::NotFound,
        };
        LineResult {
            input: parsed.input,
            name: parsed.name,
            possible: target.is_some(),
            reason: parsed.reason,
            note: parsed.note,
            hits,
            verdict,
        }
    }

    pub fn line_count(&self) -> usize {
        self.checker.line_count()
    }

    pub fn lines(&self) -> impl Iterator<Item = LineResult<'_>> {
        (0..self.line_count()).map(|i| self.line(i))
    }

    /// How many lines have each verdict: (hits, not generated or not found, impossible).
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for line in 0..self.line_count() {
            match self.checker.line_target(line) {
                None => counts.2 += 1,
                Some(t) if !self.hits.contains_key(&t) => counts.1 += 1,
                Some(_) => counts.0 += 1,
            }
        }
        counts
    }

    fn hits_of(&self, target: Option<u32>) -> &[Hit] {
        target
            .and_then(|t| self.hits.get(&t))
            .map_or(&[], Vec::as_slice)
    }
}

fn insert_sorted(hits: &mut Vec<Hit>, hit: Hit) {
    let at = hits.partition_point(|h| *h < hit);
    if hits.get(at) != Some(&hit) {
        hits.insert(at, hit);
    }
}

/// The whole check as JSON: `from`, `to`, `variants` (an array of letters), `daysDone`,
/// `daysTotal`, `cancelled` and `results`, one per line.
impl Serialize for CheckRun {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Lines<'a>(&'a CheckRun);
        impl Serialize for Lines<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut seq = s.serialize_seq(Some(self.0.line_count()))?;
                for line in self.0.lines() {
                    seq.serialize_element(&line)?;
                }
                seq.end()
            }
        }
        let variants: Vec<String> = self.variants.iter().map(|v| v.to_string()).collect();
        let mut r = s.serialize_struct("CheckRun", 7)?;
        r.serialize_field("from", &self.range.from().to_string())?;
        r.serialize_field("to", &self.range.to().to_string())?;
        r.serialize_field("variants", &variants)?;
        r.serialize_field("daysDone", &self.days_done)?;
        r.serialize_field("daysTotal", &self.days_total())?;
        r.serialize_field("cancelled", &(self.state == CheckState::Cancelled))?;
        r.serialize_field("results", &Lines(self))?;
        r.end()
    }
}

/// Hits as they travel from a page's worker to the page: four numbers each (target, days
/// since 1601-01-01, variant, index), so that thousands cross as one typed array.
pub fn pack_hits(found: &[(u32, Hit)]) -> Vec<u32> {
    let epoch = crate::prng::supported_dates().0;
    found
        .iter()
        .flat_map(|(target, hit)| {
            [
                *target,
                (hit.date - epoch).num_days() as u32,
                hit.variant.index() as u32,
                hit.index,
            ]
        })
        .collect()
}

impl CheckRun {
    /// Records hits packed by [`pack_hits`]; numbers that name no target, date or variant
    /// are a broken message, refused whole.
    pub fn record_packed(&mut self, packed: &[u32]) -> Result<(), String> {
        let epoch = crate::prng::supported_dates().0;
        let mut found = Vec::with_capacity(packed.len() / 4);
        if !packed.len().is_multiple_of(4) {
            return Err(format!("{} numbers are not whole hits", packed.len()));
        }
        for quad in packed.chunks_exact(4) {
            let date = epoch + chrono::Days::new(quad[1].into());
            let variant = Variant::ALL.get(quad[2] as usize).copied();
            match variant {
                Some(variant)
                    if (quad[0] as usize) < self.checker.target_count()
                        && self.range.contains(date) =>
                {
                    found.push((quad[0], Hit::new(date, variant, quad[3])))
                }
                _ => {
                    return Err(format!(
                        "hit {quad:?} belongs to no name or date of this check"
                    ))
                }
            }
        }
        for (target, hit) in found {
            self.record(target, hit);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checker::Unmonitored;
    use crate::dates::parse_date;
    use crate::error::Field;
    use crate::generator::DayDomains;

    fn date(s: &str) -> chrono::NaiveDate {
        parse_date(Field::Date, s).unwrap()
    }

    fn run(inputs: &[&str], range: DateRange) -> CheckRun {
        let mut run = CheckRun::new(inputs.iter().copied(), VariantSet::ALL, range);
        run.run(&mut Unmonitored);
        run
    }

    #[test]
    fn repeated_names_share_one_target_and_each_line_is_answered() {
        let run = run(
            &["jogli.com", "www.jogli.com", "x.de"],
            DateRange::single(date("2009-03-08")),
        );
        assert_eq!(run.line_count(), 3);
        assert_eq!(run.line(0).hits, run.line(1).hits);
        assert_eq!(run.line(0).verdict, Verdict::Hit);
        assert_eq!(
            run.line(1).note,
            Some("www.jogli.com is checked as jogli.com, the name it lies below")
        );
        let x = run.line(2);
        assert!(x.hits.is_empty() && !x.possible && x.verdict == Verdict::Impossible);
        assert_eq!(run.counts(), (2, 0, 1));
    }

    #[test]
    fn dates_before_first_seen_are_flagged() {
        let day = date("2008-12-01");
        let name = DayDomains::new(Variant::B, day)
            .next()
            .unwrap()
            .to_string(Variant::B);
        let run = run(&[name.as_str()], DateRange::single(day));
        let hit = run.line(0).hits[0];
        assert_eq!(
            (hit.variant, hit.index, hit.before_first_seen),
            (Variant::B, 0, true)
        );
    }

    /// The page's way: workers scan runs of the range day by day and the page records their
    /// packed hits; it must answer as the command line's run does.
    #[test]
    fn recording_the_parts_scanned_day_by_day_answers_as_the_whole_run() {
        let range = DateRange::parse("2009-03-01", "2009-04-03").unwrap();
        let c_name = DayDomains::new(Variant::C, date("2009-04-02"))
            .nth(4321)
            .unwrap()
            .to_string(Variant::C);
        let inputs = [
            "jogli.com",
            "praat.org",
            c_name.as_str(),
            "x.de",
            "abcdefg.com",
        ];
        let whole = run(&inputs, range);
        let mut page = CheckRun::new(inputs, VariantSet::ALL, range);
        for part in range.split(3).into_iter().rev() {
            let worker = Checker::new(inputs, VariantSet::ALL);
            let mut found = Vec::new();
            worker.scan(part, &mut found);
            page.record_packed(&pack_hits(&found)).unwrap();
            page.add_days(part.days());
        }
        page.finish(false);
        assert_eq!(
            serde_json::to_string(&page).unwrap(),
            serde_json::to_string(&whole).unwrap()
        );
        assert_eq!(whole.days_done(), 34);
        assert!(whole.line(2).hits.iter().any(|h| h.index == 4321));
        assert_eq!(whole.line(4).verdict, Verdict::NotGenerated);
        assert!(page.record_packed(&[99, 0, 0, 0]).is_err());
        assert!(page.record_packed(&[0, 1, 0]).is_err());
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
        let mut check = CheckRun::new([first.as_str(), "abcdefg.com"], VariantSet::ALL, range);
        check.run(&mut CancelAfter(3, 0));
        assert_eq!(check.state(), CheckState::Cancelled);
        assert!(
            check.days_done() < check.days_total() / 2,
            "{} days",
            check.days_done()
        );
        assert!(check.days_done() >= 3);
        assert_eq!(check.line(0).verdict, Verdict::Hit);
        assert_eq!(check.line(1).verdict, Verdict::NotFound);
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
        let mut check = CheckRun::new(["abcdef.ru"], VariantSet::ALL, range);
        check.run(&mut monitor);
        let latency = monitor.told.expect("cancel was polled").elapsed();
        assert_eq!(check.state(), CheckState::Cancelled);
        assert!(latency.as_millis() < 100, "took {latency:?} to stop");
    }
}
