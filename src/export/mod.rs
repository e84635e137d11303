//! The names of a window of days as files a resolver, a sensor or a SIEM loads: BIND
//! response policy zone, Unbound, dnsmasq, hosts, a plain list, Suricata rules or a Suricata
//! dataset with its rule, a Zeek Intel file and a CSV lookup table. Output is sorted and
//! deduplicated, so the same window and options give the same bytes.
//!
//! One module per family: `resolvers` (files that answer queries, and the plain list),
//! `suricata`, `zeek` and `table` (the CSV). A format is one file, except `suricata-dataset`:
//! `plan` names the files a format is written as, `write_file` writes each, and `files`
//! gives them all in memory, for a page that offers them as downloads.

mod parts;
mod resolvers;
pub mod suricata;
pub mod table;
pub mod zeek;

use std::fmt;
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use chrono::{Days, NaiveDate};
use rustc_hash::FxHashSet;

use crate::collisions::Collisions;
use crate::dates::DateRange;
use crate::domain::{Domain, MAX_DOMAIN_LEN};
use crate::error::{Field, InputError};
use crate::input::parse_name;
use crate::options::{choose, Choice};
use crate::output::{grouped, File};
use crate::suffix::name_below;
use crate::variant::VariantSet;

use parts::Parts;
pub use parts::PART_DRAWS;

/// Where the first rule's sid starts by default: the range set aside for local rules.
pub const DEFAULT_SID_BASE: u32 = crate::options::SID_BASE.default as u32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// BIND response policy zone: NXDOMAIN, or the sinkhole addresses
    Rpz,
    /// Unbound local-zone lines (a `server:` clause to include)
    Unbound,
    /// dnsmasq address= lines
    Dnsmasq,
    /// A hosts file (0.0.0.0, or the sinkhole addresses)
    Hosts,
    /// One name per line, for Pi-hole or AdGuard-style blockers
    Plain,
    /// Suricata rules alerting on DNS queries, with variant and date in each message
    Suricata,
    /// One Suricata rule and the dataset of names it loads (two files)
    SuricataDataset,
    /// A Zeek Intel framework file of Intel::DOMAIN indicators
    ZeekIntel,
    /// A lookup table for a SIEM: domain,variant,date,index, a row per name and date
    Csv,
}

impl Format {
    pub const ALL: [Format; 9] = [
        Format::Rpz,
        Format::Unbound,
        Format::Dnsmasq,
        Format::Hosts,
        Format::Plain,
        Format::Suricata,
        Format::SuricataDataset,
        Format::ZeekIntel,
        Format::Csv,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Format::Rpz => "rpz",
            Format::Unbound => "unbound",
            Format::Dnsmasq => "dnsmasq",
            Format::Hosts => "hosts",
            Format::Plain => "plain",
            Format::Suricata => "suricata",
            Format::SuricataDataset => "suricata-dataset",
            Format::ZeekIntel => "zeek-intel",
            Format::Csv => "csv",
        }
    }

    /// What the file is, for a shell's help and the file's header.
    pub const fn title(self) -> &'static str {
        match self {
            Format::Rpz => "BIND response policy zone (RPZ)",
            Format::Unbound => "Unbound local-zone configuration",
            Format::Dnsmasq => "dnsmasq configuration",
            Format::Hosts => "hosts file",
            Format::Plain => "plain list",
            Format::Suricata => "Suricata rules",
            Format::SuricataDataset => "Suricata rule and dataset",
            Format::ZeekIntel => "Zeek Intel framework file",
            Format::Csv => "CSV lookup table",
        }
    }

    /// What starts a comment line; `None` where a reader takes every line as data.
    const fn comment(self) -> Option<&'static str> {
        match self {
            Format::Rpz => Some(";"),
            Format::Csv => None,
            _ => Some("#"),
        }
    }

    /// The usual file name extension.
    pub const fn extension(self) -> &'static str {
        match self {
            Format::Rpz => "rpz",
            Format::Unbound | Format::Dnsmasq => "conf",
            Format::Hosts => "hosts",
            Format::Plain => "txt",
            Format::Suricata | Format::SuricataDataset => "rules",
            Format::ZeekIntel => "txt",
            Format::Csv => "csv",
        }
    }

    pub const fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv",
            _ => "text/plain",
        }
    }

    /// How many Suricata rules (and sids) a file of `names` names holds.
    const fn rules(self, names: usize) -> u64 {
        match self {
            Format::Suricata => names as u64,
            Format::SuricataDataset => 1,
            _ => 0,
        }
    }

    /// Whether the file answers queries, so that a sinkhole address means something.
    pub const fn answers(self) -> bool {
        matches!(
            self,
            Format::Rpz | Format::Unbound | Format::Dnsmasq | Format::Hosts
        )
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = InputError;

    fn from_str(s: &str) -> Result<Format, InputError> {
        choose(Field::Format, s)
    }
}

impl Choice for Format {
    const ALL: &'static [Format] = &Format::ALL;

    fn name(self) -> &'static str {
        Format::name(self)
    }
}

/// The addresses a resolver answers with instead of NXDOMAIN: at most one per family.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sinkhole {
    pub v4: Option<Ipv4Addr>,
    pub v6: Option<Ipv6Addr>,
}

impl Sinkhole {
    pub fn new(addresses: &[IpAddr]) -> Result<Sinkhole, InputError> {
        let mut sinkhole = Sinkhole::default();
        for address in addresses {
            let taken = match address {
                IpAddr::V4(a) => sinkhole.v4.replace(*a).map(IpAddr::V4),
                IpAddr::V6(a) => sinkhole.v6.replace(*a).map(IpAddr::V6),
            };
            if let Some(first) = taken {
                return Err(InputError::TwoSinkholesOfOneFamily {
                    first,
                    second: *address,
                });
            }
        }
        Ok(sinkhole)
    }

    /// Addresses separated by commas or spaces, as a form field holds them; empty is none.
    pub fn parse(text: &str) -> Result<Sinkhole, InputError> {
        let addresses = text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|a| !a.is_empty())
            .map(|a| {
                a.parse::<IpAddr>().map_err(|_| InputError::NotAnAddress {
                    value: a.to_string(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Sinkhole::new(&addresses)
    }

    pub fn is_empty(&self) -> bool {
        self.v4.is_none() && self.v6.is_none()
    }

    fn addresses(&self) -> impl Iterator<Item = IpAddr> {
        let v4 = self.v4.map(IpAddr::V4);
        let v6 = self.v6.map(IpAddr::V6);
        v4.into_iter().chain(v6)
    }
}

/// How the names are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    format: Format,
    sinkhole: Sinkhole,
    sid_base: u32,
}

impl Options {
    /// `sid_base` is the first Suricata rule's sid; other formats ignore it.
    pub fn new(format: Format, sinkhole: Sinkhole, sid_base: u32) -> Result<Options, InputError> {
        if !sinkhole.is_empty() && !format.answers() {
            return Err(InputError::SinkholeUnused {
                format: format.name(),
            });
        }
        if sid_base == 0 {
            return Err(InputError::OutOfRange {
                field: Field::SidBase,
                value: sid_base.to_string(),
                min: crate::options::SID_BASE.min,
                max: crate::options::SID_BASE.max,
            });
        }
        Ok(Options {
            format,
            sinkhole,
            sid_base,
        })
    }
}

/// Names that must never be exported, such as real sites a C name collides with.
#[derive(Clone, Debug, Default)]
pub struct Allowlist {
    names: FxHashSet<String>,
    /// Names registered in the zone files searched (`collisions`), kept out apart so that the
    /// header counts them apart; `None` when no zone was searched.
    registered: Option<FxHashSet<String>>,
}

impl Allowlist {
    /// One entry per line: a name, a URL, `rank,name` as in top-sites lists (Tranco,
    /// Umbrella) or `address name` as in hosts files; blank lines and `#` comments are
    /// skipped. A host keeps out the Conficker-shaped name it lies below
    /// (www.example.com keeps example.com out), because every format blocks the names
    /// below an exported name too. Entries no variant could generate are dropped.
    pub fn parse(text: &str) -> Allowlist {
        let mut allow = Allowlist::default();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let field = line.rsplit(',').next().unwrap_or(line);
            let entry = field.split_whitespace().last().unwrap_or(field);
            // Top-sites lists hold a million plain hosts; the full parser is for the rest.
            let plain_host = entry
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
            if plain_host {
                let host = entry.trim_end_matches('.').to_ascii_lowercase();
                if let Some(name) = name_above(&host) {
                    allow.names.insert(name.to_string());
                }
                continue;
            }
            let parsed = parse_name(entry, VariantSet::ALL);
            if let (true, Some(name)) = (parsed.possible(), parsed.name) {
                allow.names.insert(name);
            }
        }
        allow
    }

    /// Keeps out the names that collide with registered domains in zone files as well.
    pub fn keep_out_registered(&mut self, collisions: &Collisions) {
        let registered = self.registered.get_or_insert_with(FxHashSet::default);
        registered.extend(collisions.collisions.iter().map(|c| c.domain.clone()));
    }

    /// How many distinct names a variant could generate the allowlist keeps out.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.registered.as_ref().is_none_or(|r| r.is_empty())
    }

    /// Whether `name` is registered in the zones searched.
    fn is_registered(&self, name: &str) -> bool {
        self.registered.as_ref().is_some_and(|r| r.contains(name))
    }

    pub fn contains(&self, name: &str) -> bool {
        self.names.contains(name)
    }
}

/// The generated-looking name `host` is or lies below, as `input::parse_name` finds it, if
/// some variant draws labels like it.
fn name_above(host: &str) -> Option<&str> {
    let below = name_below(host, VariantSet::ALL)?;
    let possible = below
        .matched
        .iter()
        .any(|v| Domain::parse(v, below.label, below.suffix).is_some());
    possible.then_some(below.name)
}

/// A generated name stored inline, zero-padded, so that walking a window's names allocates
/// nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Name {
    bytes: [u8; MAX_DOMAIN_LEN],
}

impl Name {
    pub fn as_str(&self) -> &str {
        let len = self
            .bytes
            .iter()
            .position(|b| *b == 0)
            .unwrap_or(MAX_DOMAIN_LEN);
        std::str::from_utf8(&self.bytes[..len]).expect("generated names are ASCII")
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One exported name and where the window's lists have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportedName {
    pub name: Name,
    pub variants: VariantSet,
    /// The first and last date of the window whose lists hold the name.
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// The deduplicated names of a window, less the allowlist's, walked in sorted order (see
/// `parts`): what a file needs before its first name (their count and MD5) is counted once.
#[derive(Clone, Debug)]
pub struct Export {
    pub range: DateRange,
    pub variants: VariantSet,
    parts: Parts,
    names: usize,
    /// Generated names the allowlist or the zones kept out, sorted.
    pub kept_out: Vec<String>,
    /// How many of them the zones kept out (registered domains); `None` without zones.
    pub registered: Option<usize>,
    /// MD5 of the exported names one per line, each ending in a newline.
    pub md5: String,
}

impl Export {
    /// How many names the export holds.
    pub fn len(&self) -> usize {
        self.names
    }

    pub fn is_empty(&self) -> bool {
        self.names == 0
    }

    /// The exported names, sorted; a wide window's are generated again at each walk.
    pub fn names(&self) -> impl Iterator<Item = ExportedName> + '_ {
        let mut kept_out = KeptOut::new(&self.kept_out);
        self.generated()
            .filter(move |n| !kept_out.holds(n.name.as_str()))
    }

    /// Every generated name of the window, sorted.
    fn generated(&self) -> impl Iterator<Item = ExportedName> + '_ {
        let day_of = |day: u16| self.range.from() + Days::new(day.into());
        let mut walk = self.parts.walk().peekable();
        std::iter::from_fn(move || {
            let first = walk.next()?;
            let mut name = ExportedName {
                name: self.parts.name(&first),
                variants: VariantSet::EMPTY.with(first.variant()),
                first: day_of(first.day()),
                last: day_of(first.day()),
            };
            // A name's lists come in date order.
            while let Some(same) = walk.next_if(|d| d.same_name(&first)) {
                name.variants = name.variants.with(same.variant());
                name.last = day_of(same.day());
            }
            Some(name)
        })
    }

    /// What the allowlist and the zones did, in one sentence.
    pub fn kept_out_sentence(&self) -> String {
        let generated = grouped((self.kept_out.len() + self.names) as u64);
        match self.registered {
            None => format!(
                "the allowlist kept out {} of {generated} generated names; exported {}",
                grouped(self.kept_out.len() as u64),
                grouped(self.names as u64)
            ),
            Some(registered) => format!(
                "the allowlist kept out {} and the zone files {} (registered domains) of \
                 {generated} generated names; exported {}",
                grouped((self.kept_out.len() - registered) as u64),
                grouped(registered as u64),
                grouped(self.names as u64)
            ),
        }
    }

    /// What the file holds, in one sentence.
    pub fn summary(&self, format: Format) -> String {
        format!(
            "{} names of {}, {} to {}, as a {}; MD5 of the name list {}",
            grouped(self.names as u64),
            self.variants,
            self.range.from(),
            self.range.to(),
            format.title(),
            self.md5
        )
    }

    /// The usual name of the file in `format`.
    pub fn file_name(&self, format: Format) -> String {
        format!(
            "conficker-{format}-{}_{}.{}",
            self.range.from(),
            self.range.to(),
            format.extension()
        )
    }
}

/// The most days one export covers: the widest `--window` (366 days either side) natively;
/// in a 32-bit address space (the page's WebAssembly module, which holds the files it offers
/// for download) today plus or minus 30 days.
pub const MAX_DAYS: u64 = if cfg!(target_pointer_width = "64") {
    2 * crate::options::WINDOW.max as u64 + 1
} else {
    61
};

// A name's day in the window is stored in 16 bits.
const _: () = assert!(MAX_DAYS <= 1 << 16);

/// The names the `variants` generate on the dates of `range`, less the allowlist, counted and
/// digested; refused past [`MAX_DAYS`], before anything is allocated. Holds at most one part
/// of the window's names at once ([`PART_DRAWS`]).
pub fn collect(
    range: DateRange,
    variants: VariantSet,
    allow: &Allowlist,
) -> Result<Export, InputError> {
    collect_in_parts(range, variants, allow, PART_DRAWS)
}

/// `collect`, with parts of at most `budget` draws.
fn collect_in_parts(
    range: DateRange,
    variants: VariantSet,
    allow: &Allowlist,
    budget: usize,
) -> Result<Export, InputError> {
    if range.days() > MAX_DAYS {
        return Err(InputError::ExportTooLong {
            days: range.days(),
            max: MAX_DAYS,
        });
    }
    let mut export = Export {
        range,
        variants,
        parts: Parts::new(range, variants, budget),
        names: 0,
        kept_out: Vec::new(),
        registered: allow.registered.as_ref().map(|_| 0),
        md5: String::new(),
    };
    let mut names = 0;
    let mut kept_out = Vec::new();
    let mut registered = 0;
    let mut context = md5::Context::new();
    for n in export.generated() {
        if !allow.is_empty() && allow.contains(n.name.as_str()) {
            kept_out.push(n.name.to_string());
            continue;
        }
        if allow.is_registered(n.name.as_str()) {
            kept_out.push(n.name.to_string());
            registered += 1;
            continue;
        }
        names += 1;
        context.consume(n.name.as_str().as_bytes());
        context.consume(b"\n");
    }
    export.names = names;
    export.kept_out = kept_out;
    export.registered = export.registered.map(|_| registered);
    export.md5 = format!("{:x}", context.finalize());
    Ok(export)
}

/// Whether names met in sorted order are among an export's kept-out names (sorted too), so
/// that a walk after the first needs no allowlist.
struct KeptOut<'k> {
    names: std::iter::Peekable<std::slice::Iter<'k, String>>,
}

impl<'k> KeptOut<'k> {
    fn new(kept_out: &'k [String]) -> KeptOut<'k> {
        KeptOut {
            names: kept_out.iter().peekable(),
        }
    }

    /// Whether `name`, not before the last name asked about, is kept out.
    fn holds(&mut self, name: &str) -> bool {
        while self.names.next_if(|k| k.as_str() < name).is_some() {}
        self.names.peek().is_some_and(|k| *k == name)
    }
}

/// One file an export is written as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    pub file_name: String,
    pub media_type: &'static str,
    part: Part,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    /// The format's file; for `suricata-dataset`, the rule file, loading the dataset file
    /// named here.
    Main { dataset: Option<String> },
    /// `suricata-dataset`'s dataset file.
    Dataset,
}

/// The files `export` is written as in the options' format. `output` names the file (for
/// `suricata-dataset`, the rule file; its dataset file goes beside it, see
/// `suricata::dataset_file_name`); `None` is one stream such as standard output, which
/// cannot hold the two files of `suricata-dataset`.
pub fn plan(
    export: &Export,
    options: &Options,
    output: Option<&str>,
) -> Result<Vec<Planned>, InputError> {
    let format = options.format;
    let rules = format.rules(export.len());
    if u64::from(options.sid_base) + rules > u64::from(u32::MAX) + 1 {
        return Err(InputError::SidsPastLargest {
            rules,
            sid_base: options.sid_base,
        });
    }
    let main = |dataset| Planned {
        file_name: output.map_or_else(|| export.file_name(format), str::to_string),
        media_type: format.media_type(),
        part: Part::Main { dataset },
    };
    if format != Format::SuricataDataset {
        return Ok(vec![main(None)]);
    }
    let Some(rule_file) = output else {
        return Err(InputError::TwoFiles {
            format: format.name(),
        });
    };
    let dataset = suricata::dataset_file_name(rule_file)?;
    Ok(vec![
        main(Some(dataset.clone())),
        Planned {
            file_name: dataset,
            media_type: format.media_type(),
            part: Part::Dataset,
        },
    ])
}

/// Writes one of the files `plan` named.
pub fn write_file(
    export: &Export,
    options: &Options,
    file: &Planned,
    out: &mut impl Write,
) -> io::Result<()> {
    let dataset = match &file.part {
        Part::Dataset => return suricata::dataset(export, out),
        Part::Main { dataset } => dataset.as_deref(),
    };
    write_header(export, options, out)?;
    let sinkhole = &options.sinkhole;
    match (options.format, dataset) {
        (Format::Rpz, _) => resolvers::rpz(export, sinkhole, out),
        (Format::Unbound, _) => resolvers::unbound(export, sinkhole, out),
        (Format::Dnsmasq, _) => resolvers::dnsmasq(export, sinkhole, out),
        (Format::Hosts, _) => resolvers::hosts(export, sinkhole, out),
        (Format::Plain, _) => resolvers::plain(export, out),
        (Format::Suricata, _) => suricata::rules(export, options.sid_base, out),
        (Format::SuricataDataset, Some(dataset)) => {
            suricata::dataset_note(export, dataset, out)?;
            suricata::dataset_rule(export, dataset, options.sid_base, out)
        }
        (Format::SuricataDataset, None) => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "a Suricata dataset rule needs its dataset file's name",
        )),
        (Format::ZeekIntel, _) => zeek::intel(export, out),
        (Format::Csv, _) => table::table(export, out),
    }
}

/// Writes `export` in the options' format as one stream, header comment first: every
/// format but `suricata-dataset`, which is two files (see `plan`).
pub fn write(export: &Export, options: &Options, out: &mut impl Write) -> io::Result<()> {
    let planned = plan(export, options, None)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
    for file in &planned {
        write_file(export, options, file, out)?;
    }
    Ok(())
}

/// Every file of `export` in the options' format, under its usual name, in memory: what a
/// page offers for download (`suricata-dataset` gives the rule file, then the dataset).
pub fn files(export: &Export, options: &Options) -> Result<Vec<File>, InputError> {
    let name = export.file_name(options.format);
    plan(export, options, Some(&name))?
        .iter()
        .map(|planned| {
            let mut bytes = Vec::new();
            write_file(export, options, planned, &mut bytes)
                .expect("writing to memory does not fail");
            Ok(File {
                text: String::from_utf8(bytes).expect("exports are ASCII"),
                file_name: planned.file_name.clone(),
                media_type: planned.media_type,
            })
        })
        .collect()
}

/// `UTC list of DATE` or `UTC lists FIRST to LAST`, as the Suricata and Zeek files say
/// where a name comes from.
fn lists_phrase(first: NaiveDate, last: NaiveDate) -> String {
    if first == last {
        format!("UTC list of {first}")
    } else {
        format!("UTC lists {first} to {last}")
    }
}

fn write_header(export: &Export, options: &Options, out: &mut impl Write) -> io::Result<()> {
    let format = options.format;
    let Some(c) = format.comment() else {
        return Ok(());
    };
    writeln!(
        out,
        "{c} Conficker rendezvous names: {}, made by conficker-dga {}",
        format.title(),
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(
        out,
        "{c} variants {}; UTC dates {} to {}",
        export.variants,
        export.range.from(),
        export.range.to()
    )?;
    writeln!(
        out,
        "{c} {} names, sorted and deduplicated; MD5 of the name list {}",
        export.len(),
        export.md5
    )?;
    writeln!(
        out,
        "{c} (the names one per line, each ending in a newline: the plain format without its comments)"
    )?;
    let registered = export.registered.unwrap_or(0);
    writeln!(
        out,
        "{c} generated names kept out by the allowlist: {}",
        export.kept_out.len() - registered
    )?;
    if let Some(registered) = export.registered {
        writeln!(
            out,
            "{c} generated names kept out as registered domains in the zone files: {registered}"
        )?;
    }
    let answer = match (format, options.sinkhole.is_empty()) {
        _ if !format.answers() => None,
        (Format::Hosts, true) => Some("0.0.0.0 (a hosts file cannot answer NXDOMAIN)".to_string()),
        (_, true) => Some("NXDOMAIN, for each name and every name below it".to_string()),
        (_, false) => {
            let addresses: Vec<String> = options
                .sinkhole
                .addresses()
                .map(|a| a.to_string())
                .collect();
            Some(format!("the sinkhole {}", addresses.join(" and ")))
        }
    };
    if let Some(answer) = answer {
        writeln!(out, "{c} answer: {answer}")?;
    }
    Ok(())
}

// The export module's tests (here and in its submodules) run in the 32-bit module too
// (`wasm-pack test --node`), whose runner runs only `wasm_bindgen_test` functions: a plain
// `#[test]` compiles for wasm32 and is never called.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;
    use crate::generator::day_list;
    use crate::variant::Variant;

    fn window() -> DateRange {
        DateRange::parse("2009-03-07", "2009-03-09").unwrap()
    }

    fn ab() -> VariantSet {
        VariantSet::EMPTY.with(Variant::A).with(Variant::B)
    }

    /// Every file of the format, one after the other.
    fn render(export: &Export, format: Format, sinkhole: &[IpAddr]) -> String {
        let options = Options::new(format, Sinkhole::new(sinkhole).unwrap(), 1000).unwrap();
        let files = files(export, &options).unwrap();
        files.iter().map(|f| f.text.as_str()).collect()
    }

    fn body(text: &str) -> Vec<&str> {
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with(';'))
            .collect()
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn collects_every_name_of_the_window_once_and_sorted() {
        // C repeats names within a day and across these days.
        let range = DateRange::parse("2009-04-01", "2009-04-03").unwrap();
        let export = collect(range, VariantSet::ALL, &Allowlist::default())
            .expect("a window within MAX_DAYS");
        let mut expected: Vec<String> = range
            .iter()
            .flat_map(|d| Variant::ALL.map(|v| day_list(v, d)))
            .flatten()
            .collect();
        let drawn = expected.len();
        expected.sort();
        expected.dedup();
        assert!(expected.len() < drawn);
        let got: Vec<String> = export.names().map(|n| n.name.to_string()).collect();
        assert_eq!(got, expected);
        assert_eq!(export.len(), expected.len());
        let text: String = expected.iter().map(|n| format!("{n}\n")).collect();
        assert_eq!(export.md5, format!("{:x}", md5::compute(text)));
        let bqva = export
            .names()
            .find(|n| n.name.as_str() == "bqva.lv")
            .unwrap();
        assert!(bqva.first < bqva.last);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn remembers_variants_and_dates_of_each_name() {
        let export =
            collect(window(), ab(), &Allowlist::default()).expect("a window within MAX_DAYS");
        let jogli = export
            .names()
            .find(|n| n.name.as_str() == "jogli.com")
            .unwrap();
        assert_eq!(jogli.variants, VariantSet::EMPTY.with(Variant::B));
        assert_eq!(jogli.first, parse_date(Field::Date, "2009-03-08").unwrap());
        assert_eq!(jogli.last, jogli.first);
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn allowlist_keeps_names_and_names_above_hosts_out() {
        let allow = Allowlist::parse("# top sites\n1,www.jogli.com\n\n0.0.0.0 google.de\n");
        assert_eq!(allow.len(), 1, "google.de: no variant uses .de");
        let odd = "hxxps://www.jogli[.]com/x\nMAIL.Abcd.Com.BR.\n2,ab1cd.cn\nwww.abc.co.uk\n";
        let odd = Allowlist::parse(odd);
        assert!(odd.contains("jogli.com") && odd.contains("abcd.com.br"));
        assert_eq!(
            odd.len(),
            2,
            "digits, and three letters under co.uk, are never drawn"
        );
        let export = collect(window(), ab(), &allow).expect("a window within MAX_DAYS");
        assert_eq!(export.kept_out, ["jogli.com"]);
        assert!(export.names().all(|n| n.name.as_str() != "jogli.com"));
        let mut jogli = String::new();
        suricata::base64(b"jogli.com", &mut jogli);
        for format in Format::ALL {
            let text = render(&export, format, &[]);
            assert!(
                !text.contains("jogli.com") && !text.contains(&jogli),
                "{format}"
            );
        }
        assert!(render(&export, Format::Plain, &[])
            .contains("# generated names kept out by the allowlist: 1\n"));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn same_input_gives_same_bytes() {
        let a = collect(window(), ab(), &Allowlist::default()).expect("a window within MAX_DAYS");
        let b = collect(window(), ab(), &Allowlist::default()).expect("a window within MAX_DAYS");
        for format in Format::ALL {
            assert_eq!(render(&a, format, &[]), render(&b, format, &[]));
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn an_export_in_parts_writes_the_bytes_of_one_held_whole() {
        // C's repeats, an allowlisted name and days before C was first seen, in 12 parts.
        let range = DateRange::parse("2009-03-31", "2009-04-02").unwrap();
        let allow = Allowlist::parse(&day_list(Variant::C, range.to())[7]);
        let whole = collect(range, VariantSet::ALL, &allow).expect("a window within MAX_DAYS");
        let parts = collect_in_parts(range, VariantSet::ALL, &allow, 12_000)
            .expect("a window within MAX_DAYS");
        assert_eq!(whole.parts.count(), 1);
        assert!(parts.parts.count() >= 12, "{}", parts.parts.count());
        assert_eq!(parts.kept_out.len(), 1);
        let v4: IpAddr = "192.0.2.1".parse().unwrap();
        for format in Format::ALL {
            let sinkhole: &[IpAddr] = if format.answers() { &[v4] } else { &[] };
            assert_eq!(
                render(&parts, format, sinkhole),
                render(&whole, format, sinkhole),
                "{format}"
            );
        }
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn header_states_version_variants_window_and_digest() {
        let export =
            collect(window(), ab(), &Allowlist::default()).expect("a window within MAX_DAYS");
        let rpz = render(&export, Format::Rpz, &[]);
        let header: Vec<&str> = rpz.lines().take_while(|l| l.starts_with(';')).collect();
        assert!(header[0].ends_with(&format!("conficker-dga {}", env!("CARGO_PKG_VERSION"))));
        assert_eq!(
            header[1],
            "; variants A,B; UTC dates 2009-03-07 to 2009-03-09"
        );
        assert!(header[2].contains(&export.md5));
        assert_eq!(
            header.last().unwrap(),
            &"; answer: NXDOMAIN, for each name and every name below it"
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn formats_write_their_syntax() {
        let export = collect(
            DateRange::single(parse_date(Field::Date, "2009-03-08").unwrap()),
            VariantSet::EMPTY.with(Variant::B),
            &Allowlist::default(),
        )
        .expect("a window within MAX_DAYS");
        let v4: IpAddr = "192.0.2.1".parse().unwrap();
        let v6: IpAddr = "2001:db8::1".parse().unwrap();
        let has = |format, sinkhole: &[IpAddr], line: &str| {
            let text = render(&export, format, sinkhole);
            assert!(
                body(&text).contains(&line),
                "{format}: no line {line:?} in\n{}",
                &text[..text.len().min(2000)]
            );
        };
        has(Format::Rpz, &[], "jogli.com CNAME .");
        has(Format::Rpz, &[], "*.jogli.com CNAME .");
        has(
            Format::Rpz,
            &[],
            "@ IN SOA localhost. hostmaster.localhost. 2009030800 3600 600 86400 300",
        );
        has(Format::Rpz, &[v4, v6], "*.jogli.com AAAA 2001:db8::1");
        has(
            Format::Unbound,
            &[],
            "    local-zone: \"jogli.com.\" always_nxdomain",
        );
        has(
            Format::Unbound,
            &[v4],
            "    local-zone: \"jogli.com.\" redirect",
        );
        has(
            Format::Unbound,
            &[v4],
            "    local-data: \"jogli.com. A 192.0.2.1\"",
        );
        has(Format::Dnsmasq, &[], "address=/jogli.com/");
        has(Format::Dnsmasq, &[v6], "address=/jogli.com/2001:db8::1");
        has(Format::Hosts, &[], "0.0.0.0 jogli.com");
        has(Format::Hosts, &[v4, v6], "2001:db8::1 jogli.com");
        has(Format::Plain, &[], "jogli.com");
        let sid = 1000
            + export
                .names()
                .position(|n| n.name.as_str() == "jogli.com")
                .unwrap();
        has(
            Format::Suricata,
            &[],
            &format!(
                "alert dns any any -> any any (msg:\"Conficker B domain jogli.com (UTC list of 2009-03-08)\"; \
                 dns.query; dotprefix; content:\".jogli.com\"; nocase; endswith; \
                 classtype:trojan-activity; sid:{sid}; rev:1;)"
            ),
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn refuses_options_that_do_not_go_together() {
        let v4: IpAddr = "192.0.2.1".parse().unwrap();
        let other: IpAddr = "192.0.2.2".parse().unwrap();
        assert_eq!(
            Sinkhole::new(&[v4, other]).unwrap_err().to_string(),
            "two sinkhole addresses of one family (192.0.2.1 and 192.0.2.2): give at most one IPv4 and one IPv6"
        );
        let sinkhole = Sinkhole::new(&[v4]).unwrap();
        assert_eq!(
            Options::new(Format::Suricata, sinkhole, 1)
                .unwrap_err()
                .to_string(),
            "a sinkhole address means nothing in the suricata format, which answers no queries"
        );
        assert_eq!(
            Sinkhole::parse(" 192.0.2.1, 2001:db8::1 ").unwrap(),
            Sinkhole::new(&[v4, "2001:db8::1".parse().unwrap()]).unwrap()
        );
        assert!(Sinkhole::parse("").unwrap().is_empty());
        assert_eq!(
            Sinkhole::parse("192.0.2.300").unwrap_err(),
            InputError::NotAnAddress {
                value: "192.0.2.300".into()
            }
        );
        assert!("bind"
            .parse::<Format>()
            .unwrap_err()
            .to_string()
            .starts_with("unknown format 'bind'"));
        assert_eq!("RPZ".parse::<Format>(), Ok(Format::Rpz));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn refuses_sids_past_the_largest() {
        let export =
            collect(window(), ab(), &Allowlist::default()).expect("a window within MAX_DAYS");
        let count = export.len() as u32;
        let fits = Options::new(Format::Suricata, Sinkhole::default(), u32::MAX - count + 1);
        let mut out = Vec::new();
        write(&export, &fits.unwrap(), &mut out).unwrap();
        assert!(String::from_utf8(out)
            .unwrap()
            .contains(&format!("sid:{}; rev:1;)\n", u32::MAX)));
        let options = Options::new(Format::Suricata, Sinkhole::default(), u32::MAX - count + 2);
        let err = write(&export, &options.unwrap(), &mut Vec::new()).unwrap_err();
        assert!(
            err.to_string().contains("would pass the largest sid"),
            "{err}"
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn plans_one_file_or_the_rules_and_their_dataset() {
        let export =
            collect(window(), ab(), &Allowlist::default()).expect("a window within MAX_DAYS");
        let options = |format, sid_base| Options::new(format, Sinkhole::default(), sid_base);
        let dataset = options(Format::SuricataDataset, 1).unwrap();
        assert_eq!(
            plan(&export, &dataset, None),
            Err(InputError::TwoFiles {
                format: "suricata-dataset"
            })
        );
        let names = |planned: Vec<Planned>| -> Vec<String> {
            planned.into_iter().map(|p| p.file_name).collect()
        };
        assert_eq!(
            names(plan(&export, &dataset, Some("conficker.rules")).unwrap()),
            ["conficker.rules", "conficker.lst"]
        );
        assert_eq!(
            plan(&export, &dataset, Some("x y.rules"))
                .unwrap_err()
                .field(),
            Field::Output
        );
        for format in Format::ALL {
            if format != Format::SuricataDataset {
                let one = plan(&export, &options(format, 1).unwrap(), None).unwrap();
                assert_eq!(names(one), [export.file_name(format)]);
            }
        }
        let downloads = files(&export, &dataset).unwrap();
        assert_eq!(
            downloads
                .iter()
                .map(|f| f.file_name.as_str())
                .collect::<Vec<_>>(),
            [
                "conficker-suricata-dataset-2009-03-07_2009-03-09.rules",
                "conficker-suricata-dataset-2009-03-07_2009-03-09.lst"
            ]
        );
        assert!(downloads[0]
            .text
            .contains("load conficker-suricata-dataset-2009-03-07_2009-03-09.lst,"));
        // One rule, so the largest sid itself is a fine start; a rule per name is not.
        let last = options(Format::SuricataDataset, u32::MAX).unwrap();
        assert!(render(&export, Format::SuricataDataset, &[]).contains("sid:1000;"));
        assert!(files(&export, &last).unwrap()[0]
            .text
            .contains(&format!("sid:{}; rev:1;)", u32::MAX)));
        assert_eq!(
            plan(&export, &options(Format::Suricata, u32::MAX).unwrap(), None).unwrap_err(),
            InputError::SidsPastLargest {
                rules: export.len() as u64,
                sid_base: u32::MAX
            }
        );
    }

    /// Two names of B's list of 2009-03-08 and the first of A's list of 2009-03-07: the
    /// allowlist keeps out every other name of the window.
    fn three_names() -> Export {
        let keep = ["abqkzgp.biz", "gyyenbxo.info", "jogli.com"];
        let others: String = window()
            .iter()
            .flat_map(|d| ab().iter().map(move |v| day_list(v, d)))
            .flatten()
            .filter(|n| !keep.contains(&n.as_str()))
            .map(|n| n + "\n")
            .collect();
        let export =
            collect(window(), ab(), &Allowlist::parse(&others)).expect("a window within MAX_DAYS");
        let text: String = keep.iter().map(|n| format!("{n}\n")).collect();
        assert_eq!(export.md5, format!("{:x}", md5::compute(text)));
        export
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn new_formats_write_these_bytes() {
        let export = three_names();
        assert_eq!(export.len(), 3);
        let header = |c: &str, title: &str| {
            format!(
                "{c} Conficker rendezvous names: {title}, made by conficker-dga {}\n\
                 {c} variants A,B; UTC dates 2009-03-07 to 2009-03-09\n\
                 {c} 3 names, sorted and deduplicated; MD5 of the name list {}\n\
                 {c} (the names one per line, each ending in a newline: the plain format without its comments)\n\
                 {c} generated names kept out by the allowlist: {}\n",
                env!("CARGO_PKG_VERSION"),
                export.md5,
                export.kept_out.len()
            )
        };
        let text = |format| {
            let options = Options::new(format, Sinkhole::default(), 1000).unwrap();
            files(&export, &options)
                .unwrap()
                .into_iter()
                .map(|f| (f.file_name, f.text))
                .collect::<Vec<_>>()
        };
        let name = |format: Format, extension: &str| {
            format!("conficker-{format}-2009-03-07_2009-03-09.{extension}")
        };
        assert_eq!(
            text(Format::ZeekIntel),
            [(
                name(Format::ZeekIntel, "txt"),
                header("#", "Zeek Intel framework file")
                    + "#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\n\
                       abqkzgp.biz\tIntel::DOMAIN\tconficker-dga\tConficker B domain, UTC list of 2009-03-08\n\
                       gyyenbxo.info\tIntel::DOMAIN\tconficker-dga\tConficker A domain, UTC list of 2009-03-07\n\
                       jogli.com\tIntel::DOMAIN\tconficker-dga\tConficker B domain, UTC list of 2009-03-08\n"
            )]
        );
        assert_eq!(
            text(Format::Csv),
            [(
                name(Format::Csv, "csv"),
                "domain,variant,date,index\n\
                 abqkzgp.biz,B,2009-03-08,37\n\
                 gyyenbxo.info,A,2009-03-07,0\n\
                 jogli.com,B,2009-03-08,100\n"
                    .to_string()
            )]
        );
        let stem = "conficker-suricata-dataset-2009-03-07_2009-03-09";
        assert_eq!(
            text(Format::SuricataDataset),
            [
                (
                    format!("{stem}.rules"),
                    header("#", "Suricata rule and dataset")
                        + &format!(
                            "# the rule loads dataset {stem} from {stem}.lst, beside this file: the 3 names in base64, one a line\n\
                             # (Suricata 7.0.3 or later; the per-name rules of the suricata format match the same queries)\n\
                             alert dns any any -> any any (msg:\"Conficker A,B domain (UTC lists 2009-03-07 to 2009-03-09)\"; \
                             dns.query; to_lowercase; pcrexform:\"([^.]+[.](?:biz|cc|cn|com|info|net|org|ws))$\"; \
                             dataset:isset,{stem}, type string, load {stem}.lst, hashsize 1024; \
                             classtype:trojan-activity; sid:1000; rev:1;)\n"
                        )
                ),
                (
                    format!("{stem}.lst"),
                    "YWJxa3pncC5iaXo=\nZ3l5ZW5ieG8uaW5mbw==\nam9nbGkuY29t\n".to_string()
                )
            ]
        );
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn every_format_holds_every_name_once() {
        let export =
            collect(window(), ab(), &Allowlist::default()).expect("a window within MAX_DAYS");
        let expected: Vec<String> = export.names().map(|n| n.name.to_string()).collect();
        for format in [Format::ZeekIntel, Format::SuricataDataset, Format::Csv] {
            let options = Options::new(format, Sinkhole::default(), 1).unwrap();
            let files = files(&export, &options).unwrap();
            let data = files.last().unwrap();
            let mut names: Vec<String> = data
                .text
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| match format {
                    Format::ZeekIntel => l.split('\t').next().map(str::to_string),
                    Format::Csv => {
                        (l != table::HEADER).then(|| l.split(',').next().unwrap().to_string())
                    }
                    _ => Some(l.to_string()),
                })
                .collect();
            if format == Format::SuricataDataset {
                let mut encoded: Vec<String> = expected
                    .iter()
                    .map(|n| {
                        let mut e = String::new();
                        suricata::base64(n.as_bytes(), &mut e);
                        e
                    })
                    .collect();
                assert_eq!(names, encoded);
                encoded.dedup();
                assert_eq!(encoded.len(), expected.len());
                continue;
            }
            // The table has a row per date; every name has one at least.
            names.dedup();
            assert_eq!(names, expected, "{format}");
        }
    }

    // proptest is a native-only dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// The fast path for plain hosts finds the name the full parser finds.
        #[test]
        fn plain_hosts_keep_out_what_the_parser_finds(
            labels in proptest::collection::vec("[a-z0-9-]{1,11}", 0..3),
            variant in 0usize..3,
            suffix in 0usize..116,
        ) {
            let table = Variant::ALL[variant].suffixes();
            let host = labels
                .iter()
                .map(String::as_str)
                .chain([table[suffix % table.len()]])
                .collect::<Vec<_>>()
                .join(".");
            let parsed = parse_name(&host, VariantSet::ALL);
            let expected = if parsed.possible() { parsed.name } else { None };
            proptest::prop_assert_eq!(name_above(&host), expected.as_deref());
        }
    }
}
