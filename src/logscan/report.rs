//! Counting Conficker lookups per client and per day, and the report made from them.
//! Memory grows with the clients that looked up Conficker names and with the days,
//! not with the log.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::domain::Domain;
use crate::logscan::formats::LogFormat;
use crate::logscan::lists::ListMatch;
use crate::logscan::time::{date_of_day, format_utc, Micros};
use crate::variant::{Variant, VariantSet};

/// Example names kept per client.
pub const EXAMPLES_PER_CLIENT: usize = 3;
/// Programs named per client (Sysmon's `Image`), the most lookups first.
pub const PROCESSES_PER_CLIENT: usize = 16;
/// Programs counted per client, in the order first seen; more are not kept. Parts of a
/// scan joined give the counts of one reader as long as a client has no more than this.
const PROCESSES_COUNTED: usize = 256;
/// Malformed lines quoted per source.
pub const MALFORMED_EXAMPLES: usize = 5;
/// Characters of a malformed line that are quoted.
const QUOTED_CHARS: usize = 200;
/// Logging hosts named per source; a syslog collector's file can hold thousands.
pub const LOGGING_HOSTS: usize = 32;

/// One Conficker lookup as the scanner found it.
pub struct Lookup<'a> {
    pub client: Option<&'a str>,
    pub time: Option<Micros>,
    /// The query's UTC day (days since 1970).
    pub day: i32,
    /// The nearest list the name is in.
    pub found: ListMatch,
    pub domain: Domain,
    /// Every variant with a list in the slack that holds the name.
    pub variants: VariantSet,
    /// The program that looked it up, when the log names it (Sysmon).
    pub process: Option<&'a str>,
}

#[derive(Clone, Default, Serialize, Deserialize)]
struct ClientStats {
    variants: VariantSet,
    first: Option<Micros>,
    last: Option<Micros>,
    lookups: u64,
    names: FxHashSet<(Variant, Domain)>,
    /// The first distinct names, as found.
    examples: Vec<((Variant, Domain), Example)>,
    /// Programs that looked up Conficker names, with their lookups, in the order first seen.
    processes: Vec<(Box<str>, u64)>,
}

impl ClientStats {
    /// Adds what `later` counted after `self`, as if one reader had gone on.
    fn merge(&mut self, later: ClientStats) {
        self.variants = self.variants.union(later.variants);
        self.first = later.first.into_iter().chain(self.first).min();
        self.last = later.last.into_iter().chain(self.last).max();
        self.lookups += later.lookups;
        // `later`'s first names not in `self` are the ones one reader would have quoted.
        for (key, example) in later.examples {
            if self.examples.len() < EXAMPLES_PER_CLIENT && !self.names.contains(&key) {
                self.examples.push((key, example));
            }
        }
        self.names.extend(later.names);
        for (process, lookups) in later.processes {
            self.count_process(process, lookups);
        }
    }

    fn count_process(&mut self, process: Box<str>, lookups: u64) {
        match self.processes.iter().position(|(p, _)| *p == process) {
            Some(i) => self.processes[i].1 += lookups,
            None if self.processes.len() < PROCESSES_COUNTED => {
                self.processes.push((process, lookups))
            }
            None => {}
        }
    }
}

#[derive(Clone, Default, Serialize, Deserialize)]
struct DayStats {
    queries: u64,
    lookups: u64,
    by_variant: [u64; 3],
    clients: FxHashSet<u32>,
}

/// The lookups per client and the queries per day. It serializes (without its index of
/// clients, which is rebuilt) so that a part counted in one worker can join another's.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(from = "Counts", into = "Counts")]
pub struct Tally {
    client_ids: FxHashMap<Option<Box<str>>, u32>,
    clients: Vec<(Option<Box<str>>, ClientStats)>,
    days: FxHashMap<i32, DayStats>,
}

#[derive(Serialize, Deserialize)]
struct Counts {
    clients: Vec<(Option<Box<str>>, ClientStats)>,
    days: Vec<(i32, DayStats)>,
}

impl From<Counts> for Tally {
    fn from(counts: Counts) -> Tally {
        let client_ids = counts
            .clients
            .iter()
            .enumerate()
            .map(|(id, (key, _))| (key.clone(), id as u32))
            .collect();
        Tally {
            client_ids,
            clients: counts.clients,
            days: counts.days.into_iter().collect(),
        }
    }
}

impl From<Tally> for Counts {
    fn from(tally: Tally) -> Counts {
        Counts {
            clients: tally.clients,
            days: tally.days.into_iter().collect(),
        }
    }
}

impl Tally {
    /// Adds what `later` counted after `self` (the next part of a log, or the next log), as
    /// if one reader had gone on: the same clients, counts, examples and days.
    pub fn merge(&mut self, later: Tally) {
        let mut ids = Vec::with_capacity(later.clients.len());
        for (key, stats) in later.clients {
            let id = self.client_id(key);
            self.clients[id as usize].1.merge(stats);
            ids.push(id);
        }
        for (day, stats) in later.days {
            let mine = self.days.entry(day).or_default();
            mine.queries += stats.queries;
            mine.lookups += stats.lookups;
            for (m, l) in mine.by_variant.iter_mut().zip(stats.by_variant) {
                *m += l;
            }
            mine.clients
                .extend(stats.clients.into_iter().map(|c| ids[c as usize]));
        }
    }

    fn client_id(&mut self, key: Option<Box<str>>) -> u32 {
        let next = self.clients.len() as u32;
        let id = *self.client_ids.entry(key.clone()).or_insert(next);
        if id == next {
            self.clients.push((key, ClientStats::default()));
        }
        id
    }

    pub fn count_query(&mut self, day: i32) {
        self.days.entry(day).or_default().queries += 1;
    }

    pub fn record(&mut self, lookup: Lookup<'_>) {
        let id = self.client_id(lookup.client.map(Box::from));
        let stats = &mut self.clients[id as usize].1;
        stats.variants = stats.variants.union(lookup.variants);
        stats.lookups += 1;
        if let Some(t) = lookup.time {
            stats.first = Some(stats.first.map_or(t, |f| f.min(t)));
            stats.last = Some(stats.last.map_or(t, |l| l.max(t)));
        }
        if let Some(process) = lookup.process {
            stats.count_process(process.into(), 1);
        }
        let variant = lookup.found.variant;
        if stats.names.insert((variant, lookup.domain))
            && stats.examples.len() < EXAMPLES_PER_CLIENT
        {
            let example = Example {
                name: lookup.domain.to_string(variant),
                variant: variant.to_string(),
                date: date_string(lookup.found.day),
                index: lookup.found.index,
            };
            stats.examples.push(((variant, lookup.domain), example));
        }
        let day = self.days.entry(lookup.day).or_default();
        day.lookups += 1;
        day.by_variant[variant.index()] += 1;
        day.clients.insert(id);
    }

    /// The clients with at least `min_names` distinct Conficker names, the most first.
    pub fn clients(&self, min_names: u64) -> Vec<ClientReport> {
        let mut clients: Vec<ClientReport> = self
            .clients
            .iter()
            .filter(|(_, s)| s.names.len() as u64 >= min_names)
            .map(|(client, s)| ClientReport {
                client: client.as_deref().map(str::to_string),
                variants: s.variants.to_string(),
                first: s.first.map(format_utc),
                last: s.last.map(format_utc),
                lookups: s.lookups,
                distinct_names: s.names.len() as u64,
                examples: s.examples.iter().map(|(_, e)| e.clone()).collect(),
                processes: processes(&s.processes),
                machine: None,
            })
            .collect();
        clients.sort_by(|a, b| {
            (b.distinct_names, b.lookups)
                .cmp(&(a.distinct_names, a.lookups))
                .then_with(|| a.client.cmp(&b.client))
        });
        clients
    }

    pub fn clients_below(&self, min_names: u64) -> u64 {
        self.clients
            .iter()
            .filter(|(_, s)| (s.names.len() as u64) < min_names)
            .count() as u64
    }

    pub fn days(&self) -> Vec<DayReport> {
        let sorted: BTreeMap<i32, &DayStats> = self.days.iter().map(|(d, s)| (*d, s)).collect();
        sorted
            .into_iter()
            .map(|(day, s)| DayReport {
                date: date_string(day),
                queries: s.queries,
                lookups: s.lookups,
                a: s.by_variant[Variant::A.index()],
                b: s.by_variant[Variant::B.index()],
                c: s.by_variant[Variant::C.index()],
                clients: s.clients.len() as u64,
            })
            .collect()
    }
}

/// The programs, the most lookups first.
fn processes(counted: &[(Box<str>, u64)]) -> Vec<String> {
    let mut sorted: Vec<&(Box<str>, u64)> = counted.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sorted
        .into_iter()
        .take(PROCESSES_PER_CLIENT)
        .map(|(p, _)| p.to_string())
        .collect()
}

fn date_string(day: i32) -> String {
    date_of_day(day).map_or_else(|| day.to_string(), |d| d.format("%Y-%m-%d").to_string())
}

/// A name a client looked up, where the worm generated it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    pub name: String,
    pub variant: String,
    pub date: String,
    pub index: u32,
}

/// A client that looked up at least one Conficker name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientReport {
    /// `None` when the log names no client.
    pub client: Option<String>,
    /// The variants whose lists hold its names, e.g. `B` or `A,B`.
    pub variants: String,
    /// UTC, RFC 3339; `None` when the lines had no time (dated by `--date`).
    pub first: Option<String>,
    pub last: Option<String>,
    /// Queries for Conficker names.
    pub lookups: u64,
    pub distinct_names: u64,
    pub examples: Vec<Example>,
    /// The programs that looked the names up, the most lookups first, when the log names them
    /// (Sysmon's `Image`; at most 16); empty for DNS server logs and captures.
    #[serde(default)]
    pub processes: Vec<String>,
    /// From DHCP (`scan-log --dhcp`): the machine that held the address; left out when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine: Option<crate::networks::machines::Machine>,
}

/// All queries and the Conficker lookups among them, for one UTC day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayReport {
    pub date: String,
    pub queries: u64,
    /// Conficker lookups, and by variant of the nearest list.
    pub lookups: u64,
    pub a: u64,
    pub b: u64,
    pub c: u64,
    /// Clients that looked up a Conficker name that day.
    pub clients: u64,
}

/// A line that no record of the format matches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MalformedLine {
    pub line: u64,
    pub reason: String,
    /// The line's start, as text.
    pub text: String,
}

impl MalformedLine {
    pub fn new(line: u64, reason: &str, bytes: &[u8]) -> MalformedLine {
        let text: String = String::from_utf8_lossy(bytes)
            .chars()
            .take(QUOTED_CHARS)
            .collect();
        MalformedLine {
            line,
            reason: reason.to_string(),
            text,
        }
    }
}

/// What was read from one file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceSummary {
    pub name: String,
    /// `None` when the file had no lines to tell it from.
    #[serde(serialize_with = "format_name", deserialize_with = "format_of_name")]
    pub format: Option<LogFormat>,
    pub gzip: bool,
    pub lines: u64,
    pub queries: u64,
    /// Records of the format that are not queries (replies, headers, other events), and blank lines.
    pub other: u64,
    pub malformed: u64,
    /// Queries without a time, not matched because no `--date` was given.
    pub undated: u64,
    pub malformed_examples: Vec<MalformedLine>,
    /// The hosts named by the syslog headers of the queries (the resolvers that logged
    /// them), in the order they first appear, at most `LOGGING_HOSTS`. Left out of the
    /// JSON when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub logging_hosts: Vec<String>,
    /// More hosts than `logging_hosts` logged queries.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub more_logging_hosts: bool,
}

impl SourceSummary {
    /// Notes the host that logged a query; cheap when it is the one named last.
    pub fn note_logging_host(&mut self, host: &str) {
        if self.logging_hosts.iter().rev().any(|h| h == host) {
            return;
        }
        if self.logging_hosts.len() < LOGGING_HOSTS {
            self.logging_hosts.push(host.to_string());
        } else {
            self.more_logging_hosts = true;
        }
    }
}

fn format_name<S: serde::Serializer>(f: &Option<LogFormat>, s: S) -> Result<S::Ok, S::Error> {
    match f {
        Some(f) => s.serialize_str(f.name()),
        None => s.serialize_none(),
    }
}

fn format_of_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<LogFormat>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(|name| name.parse().map_err(serde::de::Error::custom))
        .transpose()
}

/// Everything the scan found; it reads back from its JSON, so that a shell that kept the
/// JSON can have it written in the other formats.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScanReport {
    pub variants: String,
    pub slack_days: u32,
    /// (variant, date) lists generated for the days the logs touch.
    pub lists_generated: usize,
    /// The scan was stopped before the end of the input.
    pub stopped: bool,
    /// Clients are listed from this many distinct Conficker names.
    pub min_names: u64,
    /// Clients that looked up fewer distinct Conficker names, not listed.
    pub clients_below_min_names: u64,
    pub sources: Vec<SourceSummary>,
    pub clients: Vec<ClientReport>,
    pub days: Vec<DayReport>,
}

impl ScanReport {
    pub fn lines(&self) -> u64 {
        self.sources.iter().map(|s| s.lines).sum()
    }

    pub fn queries(&self) -> u64 {
        self.sources.iter().map(|s| s.queries).sum()
    }

    pub fn lookups(&self) -> u64 {
        self.days.iter().map(|d| d.lookups).sum()
    }

    pub fn malformed(&self) -> u64 {
        self.sources.iter().map(|s| s.malformed).sum()
    }

    pub fn undated(&self) -> u64 {
        self.sources.iter().map(|s| s.undated).sum()
    }
}
