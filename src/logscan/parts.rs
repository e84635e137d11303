//! One scan on several cores (or workers): large plain-text logs are cut into parts at line
//! starts, every part and every other source is read on its own, and the parts are joined
//! into the report one reader would have made, byte for byte.
//!
//! Only the syslog year depends on lines far back (a log that crosses New Year moves on by
//! itself): a part that began in the wrong year is found at the join and read again.

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::logscan::detect::SAMPLE_BYTES;
use crate::logscan::report::{ScanReport, SourceSummary, Tally, LOGGING_HOSTS, MALFORMED_EXAMPLES};
use crate::logscan::scan::{ScanOptions, Scanner, MAX_LINE};
use crate::logscan::time::SyslogSpan;
use crate::variant::Variant;

/// The first bytes of a source that decide whether and how it is cut: enough for the
/// format's sample of lines.
pub const HEAD_BYTES: usize = SAMPLE_BYTES + MAX_LINE;
/// Sources smaller than two of these are read whole: a part costs a read of the head.
pub const MIN_PART: u64 = 8 << 20;

/// The bytes of a source one reader takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// Its lines are those that begin at `start..end`; the last part's `end` is `u64::MAX`.
    pub start: u64,
    pub end: u64,
    /// The syslog year and month to begin in, when the part before it ended there;
    /// `None`: the year of the options.
    pub resume: Option<(i64, i64)>,
}

impl Part {
    /// A whole source.
    pub const WHOLE: Part = Part {
        start: 0,
        end: u64::MAX,
        resume: None,
    };
}

/// What one reader counted over one part: joined by [`join`]. Serializes, to pass between
/// workers.
#[derive(Clone, Serialize, Deserialize)]
pub struct ScanPart {
    pub(crate) part: Part,
    pub(crate) sources: Vec<SourceSummary>,
    pub(crate) tally: Tally,
    pub(crate) lists: Vec<(Variant, i32)>,
    pub(crate) syslog: Option<SyslogSpan>,
}

/// The parts to read a source of `len` bytes in, on up to `readers` readers, given its
/// first bytes (up to `HEAD_BYTES`): one part unless it is plain text at least
/// `2 * MIN_PART` long whose head has the lines to tell the format.
pub fn plan(head: &[u8], len: u64, readers: usize, options: ScanOptions) -> Vec<Part> {
    let count = (len / MIN_PART).min(readers as u64);
    if count < 2 || Scanner::new(options).head_parser(head).is_none() {
        return vec![Part::WHOLE];
    }
    (0..count)
        .map(|i| Part {
            start: len * i / count,
            end: if i + 1 == count {
                u64::MAX
            } else {
                len * (i + 1) / count
            },
            resume: None,
        })
        .collect()
}

/// The parts to read again (of every source, in order: a part at a source's start begins the
/// next) because the syslog year they began in is not the one the part before them ended in;
/// each with the state to begin in.
pub fn to_read_again(parts: &[ScanPart]) -> Vec<(usize, Part)> {
    let mut again = Vec::new();
    let mut state: Option<(i64, i64)> = None;
    for (i, p) in parts.iter().enumerate() {
        if p.part.start == 0 {
            state = None;
        }
        let Some(span) = p.syslog else {
            continue;
        };
        match state {
            Some(before) if p.part.start > 0 && !span.fits(before) => {
                again.push((
                    i,
                    Part {
                        resume: Some(before),
                        ..p.part
                    },
                ));
                state = Some(span.end_from(before));
            }
            Some(before) if p.part.start > 0 => state = Some(span.end_from(before)),
            _ => state = Some(span.end),
        }
    }
    again
}

/// The report of every part, in the order one reader would have read them: a source's
/// parts one after another, then the next source's. While parts are still being read, a
/// part whose predecessors are missing joins the source's summary before it, if any.
pub fn join(options: ScanOptions, parts: Vec<ScanPart>, stopped: bool) -> ScanReport {
    let mut tally = Tally::default();
    let mut lists: FxHashSet<(Variant, i32)> = FxHashSet::default();
    let mut sources: Vec<SourceSummary> = Vec::new();
    for p in parts {
        tally.merge(p.tally);
        lists.extend(p.lists);
        for summary in p.sources {
            match sources.last_mut() {
                Some(before) if p.part.start > 0 && before.name == summary.name => {
                    continue_source(before, summary)
                }
                _ => sources.push(summary),
            }
        }
    }
    ScanReport {
        variants: options.variants.to_string(),
        slack_days: options.slack,
        lists_generated: lists.len(),
        stopped,
        min_names: options.min_names,
        clients_below_min_names: tally.clients_below(options.min_names),
        clients: tally.clients(options.min_names),
        days: tally.days(),
        sources,
    }
}

/// Adds a later part's summary to the source's so far: its lines numbered on from there.
fn continue_source(before: &mut SourceSummary, later: SourceSummary) {
    let offset = before.lines;
    before.lines += later.lines;
    before.queries += later.queries;
    before.other += later.other;
    before.malformed += later.malformed;
    before.undated += later.undated;
    let room = MALFORMED_EXAMPLES.saturating_sub(before.malformed_examples.len());
    before
        .malformed_examples
        .extend(
            later
                .malformed_examples
                .into_iter()
                .take(room)
                .map(|mut m| {
                    m.line += offset;
                    m
                }),
        );
    for host in later.logging_hosts {
        if before.logging_hosts.contains(&host) {
            continue;
        }
        if before.logging_hosts.len() < LOGGING_HOSTS {
            before.logging_hosts.push(host);
        } else {
            before.more_logging_hosts = true;
        }
    }
    before.more_logging_hosts |= later.more_logging_hosts;
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::generator::day_list;
    use crate::logscan::formats::LogFormat;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// A dnsmasq syslog log over New Year 2008/2009 (no year in its times) with the worm's
    /// names of each day among ordinary ones, from several clients, with malformed lines.
    fn new_year_log() -> Vec<u8> {
        let days = [
            ("Dec 30", date("2008-12-30")),
            ("Dec 31", date("2008-12-31")),
            ("Jan  1", date("2009-01-01")),
            ("Jan  2", date("2009-01-02")),
        ];
        let mut log = String::new();
        for (d, (stamp, day)) in days.iter().enumerate() {
            let a = day_list(Variant::A, *day);
            let b = day_list(Variant::B, *day);
            for i in 0..1000 {
                let client = format!("10.0.{}.{}", d, i % 7);
                let name = match i % 10 {
                    0 => a[i % a.len()].clone(),
                    1 => b[(i * 7) % b.len()].clone(),
                    _ => format!("site{i}.example.org"),
                };
                log.push_str(&format!(
                    "{stamp} 12:{:02}:{:02} dnsmasq[12]: query[A] {name} from {client}\n",
                    i / 60 % 60,
                    i % 60
                ));
                if i % 97 == 0 {
                    log.push_str("garbled line without a query\n");
                }
            }
        }
        log.into_bytes()
    }

    fn options() -> ScanOptions {
        ScanOptions {
            format: None,
            ..ScanOptions::new(2008)
        }
    }

    fn one_reader(log: &[u8]) -> ScanReport {
        let mut scanner = Scanner::new(options());
        scanner.begin("log").unwrap();
        for chunk in log.chunks(4099) {
            scanner.push(chunk).unwrap();
        }
        scanner.end().unwrap();
        scanner.report()
    }

    fn read(scanner: &mut Scanner, log: &[u8], part: Part) -> ScanPart {
        scanner.begin_part("log", log, part).unwrap();
        let from = part.start.saturating_sub(1) as usize;
        for chunk in log[from..].chunks(1021) {
            if scanner.part_done() {
                break;
            }
            scanner.push(chunk).unwrap();
        }
        scanner.end().unwrap();
        scanner.take_part(part)
    }

    fn in_parts(log: &[u8], cuts: &[u64]) -> (ScanReport, usize) {
        let mut bounds = vec![0];
        bounds.extend_from_slice(cuts);
        let parts: Vec<Part> = bounds
            .iter()
            .enumerate()
            .map(|(i, &start)| Part {
                start,
                end: bounds.get(i + 1).copied().unwrap_or(u64::MAX),
                resume: None,
            })
            .collect();
        // Each part on a scanner of its own, as on separate cores.
        let mut read_parts: Vec<ScanPart> = parts
            .iter()
            .map(|&p| read(&mut Scanner::new(options()), log, p))
            .collect();
        let again = to_read_again(&read_parts);
        for &(i, part) in &again {
            read_parts[i] = read(&mut Scanner::new(options()), log, part);
        }
        assert!(to_read_again(&read_parts).is_empty());
        // Through JSON, as between the page's workers.
        let passed: Vec<ScanPart> = read_parts
            .iter()
            .map(|p| serde_json::from_str(&serde_json::to_string(p).unwrap()).unwrap())
            .collect();
        (join(options(), passed, false), again.len())
    }

    #[test]
    fn parts_join_into_the_report_of_one_reader() {
        let log = new_year_log();
        let whole = one_reader(&log);
        assert_eq!(whole.sources[0].format, Some(LogFormat::Dnsmasq));
        assert!(whole.clients.len() > 20 && whole.sources[0].malformed > 40);
        // Queries of 2009-01-01 are dated in 2009 by the rollover.
        assert!(whole
            .days
            .iter()
            .any(|d| d.date == "2009-01-02" && d.lookups > 0));
        let len = log.len() as u64;
        let new_year = log.windows(6).position(|w| w == b"Jan  1").unwrap() as u64;
        for cuts in [
            vec![len / 2],
            vec![len / 3, 2 * len / 3],
            vec![1, 2, len - 1],
            vec![new_year, new_year + 1],
            vec![len / 5, len / 4, len / 2, 3 * len / 4],
        ] {
            let (joined, _) = in_parts(&log, &cuts);
            assert_eq!(joined, whole, "cut at {cuts:?}");
        }
        // A part that began after New Year began in 2008 and was read again in 2009.
        assert_eq!(in_parts(&log, &[3 * len / 4]).1, 1);
        assert_eq!(in_parts(&log, &[len / 4]).1, 0);
    }

    #[test]
    fn only_large_plain_text_is_cut() {
        let log = new_year_log();
        assert_eq!(plan(&log, 4 * MIN_PART, 2, options()).len(), 2);
        assert_eq!(plan(&log, 4 * MIN_PART, 3, options())[2].end, u64::MAX);
        assert_eq!(plan(&log, MIN_PART, 2, options()), [Part::WHOLE]);
        assert_eq!(plan(&log, 4 * MIN_PART, 1, options()), [Part::WHOLE]);
        // Too few lines to tell the format as one reader would.
        assert_eq!(
            plan(&log[..2000], 4 * MIN_PART, 2, options()),
            [Part::WHOLE]
        );
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gzip, &log).unwrap();
        let gzip = gzip.finish().unwrap();
        assert_eq!(plan(&gzip, 4 * MIN_PART, 2, options()), [Part::WHOLE]);
    }
}
