//! The streaming scan: bytes in (plain or gzip, any chunk size), lines out to the
//! format's parser, queries matched against the lists of their day ± slack.

use std::borrow::Cow;
use std::fmt;
use std::io::Write;

use chrono::NaiveDate;
use flate2::write::MultiGzDecoder;

use crate::domain::Domain;
use crate::logscan::binary::{self, BinaryReader, Sink, SNIFF_BYTES};
use crate::logscan::detect::{detect, SAMPLE_BYTES, SAMPLE_LINES};
use crate::logscan::formats::{Line, LineParser, LogFormat, ParseOptions, Query};
use crate::logscan::lists::{DayLists, ListMatch};
use crate::logscan::names::NameIndex;
use crate::logscan::parts::{Part, ScanPart};
use crate::logscan::records::{self, Record};
use crate::logscan::report::{
    Lookup, MalformedLine, ScanReport, SourceSummary, Tally, MALFORMED_EXAMPLES,
};
use crate::logscan::sysmon;
use crate::logscan::time::{day_of, day_of_date, SyslogSpan, SyslogYear};
use crate::prng::supported_dates;
use crate::variant::{Variant, VariantSet};

/// Longer lines are malformed; the rest of such a line is skipped, not buffered.
pub const MAX_LINE: usize = 64 << 10;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

#[derive(Clone, Copy, Debug)]
pub struct ScanOptions {
    /// Days either side of a query's UTC date whose lists are checked.
    pub slack: u32,
    pub variants: VariantSet,
    /// `None`: detect each source's format from its first lines. Binary formats (captures,
    /// event logs) are told by their first bytes whatever this says.
    pub format: Option<LogFormat>,
    /// Offset east of UTC of log times that carry no zone.
    pub local_offset_seconds: i32,
    /// The date of queries whose lines have no time; `None` leaves them unmatched.
    pub undated: Option<NaiveDate>,
    /// The year of syslog timestamps, which have none.
    pub syslog_year: i32,
    /// Clients with fewer distinct Conficker names are counted, not listed: an
    /// infected host looks up hundreds a day, while one name is often an ordinary
    /// site that happens to be in a list.
    pub min_names: u64,
}

impl ScanOptions {
    pub fn new(syslog_year: i32) -> ScanOptions {
        ScanOptions {
            slack: 2,
            variants: VariantSet::ALL,
            format: None,
            local_offset_seconds: 0,
            undated: None,
            syslog_year,
            min_names: 1,
        }
    }
}

/// Why a source could not be read to its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScanError {
    UnknownFormat { source: String, detail: String },
    Gzip { source: String, detail: String },
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScanError::UnknownFormat { source, detail } => {
                write!(f, "{source}: unknown log format: {detail}")
            }
            ScanError::Gzip { source, detail } => {
                write!(f, "{source}: not readable as gzip: {detail}")
            }
        }
    }
}

impl std::error::Error for ScanError {}

struct SampleLine {
    number: u64,
    bytes: Vec<u8>,
    overlong: bool,
}

/// One source being read.
struct Source {
    summary: SourceSummary,
    parser: Option<LineParser>,
    /// Lines held until the format is known.
    sample: Vec<SampleLine>,
    sample_bytes: usize,
    /// The start of a line whose end has not arrived.
    carry: Vec<u8>,
    /// The line in `carry` passed `MAX_LINE`; its rest is dropped.
    overlong: bool,
    /// The first bytes, until there are enough to tell gzip.
    head: Vec<u8>,
    started: bool,
    /// The format could not be told; the next push or the end reports it.
    failed: Option<ScanError>,
    gzip: Option<MultiGzDecoder<Vec<u8>>>,
    /// The first bytes after gzip, until there are enough to tell a binary format.
    sniff: Vec<u8>,
    sniffed: bool,
    /// The reader of a binary source; `None` for lines.
    binary: Option<BinaryReader>,
    /// The bounds of a part of the source read alone; `None` for the whole source.
    cut: Option<Cut>,
}

/// Keeps the lines of a part of a source that begin within the part's bytes.
struct Cut {
    /// The offset in the source of the next byte pushed.
    at: u64,
    end: u64,
    /// Bytes up to the first line start are the previous part's.
    skipping: bool,
    done: bool,
}

impl Cut {
    fn new(part: &Part) -> Cut {
        Cut {
            at: part.start.saturating_sub(1),
            end: part.end,
            skipping: part.start > 0,
            done: part.start >= part.end,
        }
    }

    /// The bytes of `bytes` that are the part's: from the first line start at or after the
    /// part's start to the end of the line that holds the part's last byte.
    fn keep<'b>(&mut self, bytes: &'b [u8]) -> &'b [u8] {
        let at = self.at;
        self.at += bytes.len() as u64;
        if self.done {
            return &[];
        }
        let mut from = 0;
        if self.skipping {
            let Some(newline) = memchr::memchr(b'\n', bytes) else {
                return &[];
            };
            from = newline + 1;
            self.skipping = false;
            if at + from as u64 >= self.end {
                self.done = true;
                return &[];
            }
        }
        let last = self.end - 1;
        if last >= self.at {
            return &bytes[from..];
        }
        let search = from.max(last.saturating_sub(at) as usize);
        match memchr::memchr(b'\n', &bytes[search..]) {
            Some(newline) => {
                self.done = true;
                &bytes[from..search + newline + 1]
            }
            None => &bytes[from..],
        }
    }
}

/// Reads any number of sources in turn and keeps one tally over all of them.
pub struct Scanner {
    options: ScanOptions,
    names: NameIndex,
    lists: DayLists,
    tally: Tally,
    sources: Vec<SourceSummary>,
    current: Option<Source>,
    /// The query days the worm's clock can express, as days since 1970.
    days: (i32, i32),
    /// How the syslog year went over the source ended last.
    syslog: Option<SyslogSpan>,
    /// Lines are parsed but their queries not checked: only the parser's state is wanted.
    dry: bool,
}

impl Scanner {
    pub fn new(options: ScanOptions) -> Scanner {
        let (first, last) = supported_dates();
        Scanner {
            options,
            names: NameIndex::new(options.variants),
            lists: DayLists::new(options.variants, options.slack),
            tally: Tally::default(),
            sources: Vec::new(),
            current: None,
            days: (day_of_date(first), day_of_date(last)),
            syslog: None,
            dry: false,
        }
    }

    /// Starts `part` of a source whose first bytes (up to `HEAD_BYTES`) are `head`: push the
    /// source's bytes from `part.start - 1` on (from 0 for the first part) until
    /// [`Scanner::part_done`], then [`Scanner::end`] and [`Scanner::take_part`].
    pub fn begin_part(&mut self, name: &str, head: &[u8], part: Part) -> Result<(), ScanError> {
        if self.current.is_some() {
            self.end()?;
        }
        let mut source = self.source(name);
        source.cut = Some(Cut::new(&part));
        if part.start > 0 {
            let parser = self
                .head_parser(head)
                .ok_or_else(|| ScanError::UnknownFormat {
                    source: name.to_string(),
                    detail: "its first lines do not tell the format of a part".to_string(),
                })?;
            let year = part.resume.map_or(
                SyslogYear::new(self.options.syslog_year),
                SyslogYear::resume,
            );
            source.summary.format = Some(parser.format());
            source.parser = Some(parser.for_part(year));
            source.started = true;
            source.sniffed = true;
        }
        self.current = Some(source);
        Ok(())
    }

    /// The parser a plain-text source's `head` decides on, having read the head's lines;
    /// `None` if the head is compressed, binary or too short to decide.
    pub(crate) fn head_parser(&self, head: &[u8]) -> Option<LineParser> {
        let whole_lines = &head[..memchr::memrchr(b'\n', head)? + 1];
        let mut reader = Scanner {
            dry: true,
            ..Scanner::new(self.options)
        };
        reader.begin("head").ok()?;
        reader.push(whole_lines).ok()?;
        let source = reader.current.take()?;
        if source.gzip.is_some() || source.binary.is_some() || source.failed.is_some() {
            return None;
        }
        source.parser
    }

    /// What was counted of the current part so far, as [`Scanner::take_part`] would give it
    /// at its end: for a report while the parts are read.
    pub fn part_so_far(&self, part: Part) -> ScanPart {
        let mut sources = self.sources.clone();
        sources.extend(self.current.as_ref().map(|s| s.summary.clone()));
        ScanPart {
            part,
            sources,
            tally: self.tally.clone(),
            lists: self.lists.lists_generated().iter().copied().collect(),
            syslog: None,
        }
    }

    /// The current part's last line is read: bytes pushed now are ignored.
    pub fn part_done(&self) -> bool {
        self.current
            .as_ref()
            .and_then(|s| s.cut.as_ref())
            .is_some_and(|c| c.done)
    }

    /// What was counted since the last part was taken, for [`crate::logscan::parts::join`]: one source,
    /// ended. The lists stay for the next part.
    pub fn take_part(&mut self, part: Part) -> ScanPart {
        ScanPart {
            part,
            sources: std::mem::take(&mut self.sources),
            tally: std::mem::take(&mut self.tally),
            lists: self.lists.lists_generated().iter().copied().collect(),
            syslog: self.syslog.take(),
        }
    }

    /// Starts a source; `name` labels it in the report. Ends the previous one, if any.
    pub fn begin(&mut self, name: &str) -> Result<(), ScanError> {
        if self.current.is_some() {
            self.end()?;
        }
        self.current = Some(self.source(name));
        Ok(())
    }

    fn source(&self, name: &str) -> Source {
        Source {
            summary: SourceSummary {
                name: name.to_string(),
                format: self.options.format,
                ..SourceSummary::default()
            },
            parser: self
                .options
                .format
                .filter(|f| !f.is_binary())
                .map(|f| LineParser::new(f, self.parse_options())),
            sample: Vec::new(),
            sample_bytes: 0,
            carry: Vec::new(),
            overlong: false,
            head: Vec::new(),
            started: false,
            failed: None,
            gzip: None,
            sniff: Vec::new(),
            sniffed: false,
            binary: None,
            cut: None,
        }
    }

    fn parse_options(&self) -> ParseOptions {
        ParseOptions {
            syslog_year: self.options.syslog_year,
        }
    }

    /// The next bytes of the current source, cut anywhere (without `begin`, of a source
    /// named "input").
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), ScanError> {
        let mut source = self.current.take().unwrap_or_else(|| self.source("input"));
        let bytes = match &mut source.cut {
            Some(cut) => cut.keep(bytes),
            None => bytes,
        };
        let result = self.push_to(&mut source, bytes);
        self.current = Some(source);
        result
    }

    fn push_to(&mut self, source: &mut Source, bytes: &[u8]) -> Result<(), ScanError> {
        if source.started {
            self.decode(source, bytes)?;
        } else {
            source.head.extend_from_slice(bytes);
            if source.head.len() >= GZIP_MAGIC.len() {
                self.start(source)?;
            }
        }
        match source.failed.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Decides between gzip and plain from the first bytes and reads them.
    fn start(&mut self, source: &mut Source) -> Result<(), ScanError> {
        source.started = true;
        if source.head.starts_with(&GZIP_MAGIC) {
            source.gzip = Some(MultiGzDecoder::new(Vec::new()));
            source.summary.gzip = true;
        }
        let head = std::mem::take(&mut source.head);
        self.decode(source, &head)
    }

    fn decode(&mut self, source: &mut Source, bytes: &[u8]) -> Result<(), ScanError> {
        match &mut source.gzip {
            // One `write` at a time, each read before the next: a `write_all` would inflate
            // the whole chunk at once, and a 4 MiB chunk of a gzip bomb is 4 GiB of zeros.
            // Each `write` passes on at most the decoder's 32 KiB buffer.
            Some(_) => {
                let mut rest = bytes;
                while !rest.is_empty() {
                    let Some(decoder) = &mut source.gzip else {
                        break;
                    };
                    let read = match decoder.write(rest) {
                        Ok(0) => Err(std::io::ErrorKind::WriteZero.into()),
                        read => read,
                    }
                    .map_err(|e| gzip_error(&source.summary, e))?;
                    rest = &rest[read..];
                    let out = std::mem::take(decoder.get_mut());
                    self.feed(source, &out);
                    if let Some(decoder) = &mut source.gzip {
                        *decoder.get_mut() = reuse(out);
                    }
                }
            }
            None => self.feed(source, bytes),
        }
        Ok(())
    }

    /// Ends the current source: the last line, and the format if still undecided.
    pub fn end(&mut self) -> Result<(), ScanError> {
        let Some(mut source) = self.current.take() else {
            return Ok(());
        };
        if !source.started {
            self.start(&mut source)?;
        }
        if let Some(mut decoder) = source.gzip.take() {
            let finished = decoder
                .try_finish()
                .map_err(|e| gzip_error(&source.summary, e));
            let out = std::mem::take(decoder.get_mut());
            self.feed(&mut source, &out);
            finished?;
        }
        if !source.sniffed {
            let head = std::mem::take(&mut source.sniff);
            self.sniff(&mut source, &head);
            self.feed(&mut source, &head);
        }
        if let Some(mut reader) = source.binary.take() {
            reader.end(&mut Records {
                scanner: self,
                summary: &mut source.summary,
            });
        }
        if !source.carry.is_empty() || source.overlong {
            let line = std::mem::take(&mut source.carry);
            self.line(&mut source, &line);
        }
        if let Some(e) = source.failed.take() {
            return Err(e);
        }
        if source.parser.is_none() && !source.sample.is_empty() {
            self.decide(&mut source)?;
        }
        self.syslog = source.parser.as_ref().map(LineParser::syslog_span);
        self.sources.push(source.summary);
        Ok(())
    }

    /// Decoded bytes: to the binary reader, or split into lines. The first bytes tell which.
    fn feed(&mut self, source: &mut Source, data: &[u8]) {
        if !source.sniffed {
            let want = SNIFF_BYTES - source.sniff.len();
            if data.len() < want {
                source.sniff.extend_from_slice(data);
                return;
            }
            let mut head = std::mem::take(&mut source.sniff);
            head.extend_from_slice(&data[..want]);
            self.sniff(source, &head);
            self.feed(source, &head);
            self.feed(source, &data[want..]);
            return;
        }
        if let Some(reader) = &mut source.binary {
            reader.push(
                data,
                &mut Records {
                    scanner: self,
                    summary: &mut source.summary,
                },
            );
            return;
        }
        self.feed_lines(source, data);
    }

    /// Tells a binary source from its first bytes; a source that asked for a binary format
    /// and is text fails.
    fn sniff(&mut self, source: &mut Source, head: &[u8]) {
        source.sniffed = true;
        if let Some(format) = binary::sniff(head) {
            source.summary.format = Some(format);
            source.parser = None;
            source.binary = BinaryReader::new(format);
        } else if let Some(format) = self.options.format.filter(|f| f.is_binary()) {
            source.failed = Some(ScanError::UnknownFormat {
                source: source.summary.name.clone(),
                detail: format!("not a {format} file (its first bytes are not a {format} header)"),
            });
            source.summary.format = None;
        }
    }

    /// Splits `data` into lines; a line cut by the chunk's end waits in `carry`.
    fn feed_lines(&mut self, source: &mut Source, data: &[u8]) {
        if source.failed.is_some() {
            return;
        }
        let mut start = 0;
        for newline in memchr::memchr_iter(b'\n', data) {
            let piece = &data[start..newline];
            start = newline + 1;
            if source.carry.is_empty() && !source.overlong {
                self.line(source, piece);
            } else {
                keep(source, piece);
                let line = std::mem::take(&mut source.carry);
                self.line(source, &line);
                source.carry = reuse(line);
            }
        }
        keep(source, &data[start..]);
    }

    fn line(&mut self, source: &mut Source, raw: &[u8]) {
        source.summary.lines += 1;
        let number = source.summary.lines;
        let overlong = std::mem::take(&mut source.overlong) || raw.len() > MAX_LINE;
        let raw = &raw[..raw.len().min(MAX_LINE)];
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if !overlong && raw.iter().all(u8::is_ascii_whitespace) {
            source.summary.other += 1;
            return;
        }
        if source.parser.is_some() {
            self.parse(source, number, raw, overlong);
            return;
        }
        source.sample_bytes += raw.len();
        source.sample.push(SampleLine {
            number,
            bytes: raw.to_vec(),
            overlong,
        });
        if source.sample.len() >= SAMPLE_LINES || source.sample_bytes >= SAMPLE_BYTES {
            if let Err(e) = self.decide(source) {
                source.failed = Some(e);
            }
        }
    }

    /// Detects the format from the sample and reads the sample with it.
    fn decide(&mut self, source: &mut Source) -> Result<(), ScanError> {
        let lines: Vec<&str> = source
            .sample
            .iter()
            .filter(|l| !l.overlong)
            .filter_map(|l| std::str::from_utf8(&l.bytes).ok())
            .collect();
        let format = detect(&lines, self.parse_options()).map_err(|e| ScanError::UnknownFormat {
            source: source.summary.name.clone(),
            detail: e.0,
        });
        let format = match format {
            Ok(f) => f,
            Err(e) => {
                source.sample.clear();
                return Err(e);
            }
        };
        source.summary.format = Some(format);
        source.parser = Some(LineParser::new(format, self.parse_options()));
        for line in std::mem::take(&mut source.sample) {
            self.parse(source, line.number, &line.bytes, line.overlong);
        }
        Ok(())
    }

    /// The next record of the current source (without `begin`, of a source named "input"):
    /// a source is read from bytes or from records, not both. See [`crate::logscan::records`].
    pub fn record(&mut self, record: Record<'_>) {
        let mut source = self.current.take().unwrap_or_else(|| self.source("input"));
        // Records have no bytes to tell a format or compression from.
        source.started = true;
        source.sniffed = true;
        source.parser = None;
        source.summary.format = None;
        let summary = &mut source.summary;
        summary.lines += 1;
        let number = summary.lines;
        match records::read(&record) {
            (Line::Query(_), _) if self.dry => {}
            (Line::Query(query), process) => {
                self.query(summary, number, b"", query, Process::Named(process))
            }
            (Line::Other, _) => summary.other += 1,
            (Line::Malformed(reason), _) => {
                let quote = record.name.or(record.client).unwrap_or_default();
                malformed(summary, number, reason, quote)
            }
        }
        self.current = Some(source);
    }

    fn parse(&mut self, source: &mut Source, number: u64, raw: &[u8], overlong: bool) {
        let summary = &mut source.summary;
        if overlong {
            malformed(summary, number, "a line longer than 64 KiB", raw);
            return;
        }
        let Ok(text) = std::str::from_utf8(raw) else {
            malformed(summary, number, "not UTF-8 text", raw);
            return;
        };
        let parser = source.parser.as_mut().expect("format decided");
        // Sysmon's events also name the program that asked, read again for Conficker lookups.
        let process = if parser.format() == LogFormat::Sysmon {
            Process::InSysmonEvent(text)
        } else {
            Process::Named(None)
        };
        match parser.parse(text) {
            Line::Query(_) if self.dry => {}
            Line::Query(query) => self.query(summary, number, raw, query, process),
            Line::Other => summary.other += 1,
            Line::Malformed(reason) => malformed(summary, number, reason, raw),
        }
    }

    fn query(
        &mut self,
        summary: &mut SourceSummary,
        number: u64,
        raw: &[u8],
        query: Query<'_>,
        process: Process<'_>,
    ) {
        if let Some(host) = query.host {
            summary.note_logging_host(host);
        }
        let time = query
            .time
            .map(|t| t.to_utc(self.options.local_offset_seconds));
        let day = match (time, self.options.undated) {
            (Some(t), _) => day_of(t),
            (None, Some(date)) => day_of_date(date),
            (None, None) => {
                summary.queries += 1;
                summary.undated += 1;
                return;
            }
        };
        if day < self.days.0 || day > self.days.1 {
            // A binary record has no line to quote: its name is quoted.
            let quote = if raw.is_empty() {
                query.name.as_bytes()
            } else {
                raw
            };
            malformed(
                summary,
                number,
                "a time outside the years 1601 to 9999",
                quote,
            );
            return;
        }
        summary.queries += 1;
        self.tally.count_query(day);
        let candidates = self.names.candidates(&query.name);
        if candidates.iter().all(Option::is_none) {
            return;
        }
        self.lists.prepare(day);
        let mut nearest: Option<(ListMatch, Domain)> = None;
        let mut variants = VariantSet::EMPTY;
        for variant in Variant::ALL {
            let Some(domain) = candidates[variant.index()] else {
                continue;
            };
            if let Some(found) = self.lists.find(variant, domain, day) {
                variants = variants.with(variant);
                let nearer =
                    nearest.is_none_or(|(n, _)| (found.day - day).abs() < (n.day - day).abs());
                if nearer {
                    nearest = Some((found, domain));
                }
            }
        }
        if let Some((found, domain)) = nearest {
            let process = match process {
                Process::Named(name) => name.map(Cow::Borrowed),
                Process::InSysmonEvent(line) => sysmon::process(line),
            };
            let process = process.as_deref();
            self.tally.record(Lookup {
                client: query.client.as_deref(),
                time,
                day,
                found,
                domain,
                variants,
                process,
            });
        }
    }

    /// The report so far; a source being read is included as far as it went.
    pub fn report(&self) -> ScanReport {
        let mut sources = self.sources.clone();
        if let Some(current) = &self.current {
            sources.push(current.summary.clone());
        }
        ScanReport {
            variants: self.options.variants.to_string(),
            slack_days: self.options.slack,
            lists_generated: self.lists.lists_generated().len(),
            stopped: false,
            sources,
            min_names: self.options.min_names,
            clients_below_min_names: self.tally.clients_below(self.options.min_names),
            clients: self.tally.clients(self.options.min_names),
            days: self.tally.days(),
        }
    }
}

/// Holds the start of an unfinished line, up to `MAX_LINE` bytes.
fn keep(source: &mut Source, piece: &[u8]) {
    if source.overlong {
        return;
    }
    let room = MAX_LINE - source.carry.len();
    if piece.len() > room {
        source.overlong = true;
    }
    source
        .carry
        .extend_from_slice(&piece[..piece.len().min(room)]);
}

fn reuse(mut buffer: Vec<u8>) -> Vec<u8> {
    buffer.clear();
    buffer
}

fn malformed(summary: &mut SourceSummary, number: u64, reason: &str, raw: &[u8]) {
    summary.malformed += 1;
    if summary.malformed_examples.len() < MALFORMED_EXAMPLES {
        summary
            .malformed_examples
            .push(MalformedLine::new(number, reason, raw));
    }
}

/// The program that asked for a name, when the source says.
enum Process<'a> {
    Named(Option<&'a str>),
    /// A Sysmon event's line, whose `Image` is read only for a Conficker lookup.
    InSysmonEvent(&'a str),
}

/// A binary source's records, counted and checked as lines are.
struct Records<'s> {
    scanner: &'s mut Scanner,
    summary: &'s mut SourceSummary,
}

impl Sink for Records<'_> {
    fn record(&mut self) -> u64 {
        self.summary.lines += 1;
        self.summary.lines
    }

    fn query(&mut self, number: u64, query: Query<'_>, process: Option<&str>) {
        self.scanner
            .query(self.summary, number, b"", query, Process::Named(process));
    }

    fn other(&mut self) {
        self.summary.other += 1;
    }

    fn malformed(&mut self, number: u64, reason: &'static str, quote: &str) {
        malformed(self.summary, number, reason, quote.as_bytes());
    }
}

fn gzip_error(summary: &SourceSummary, e: std::io::Error) -> ScanError {
    ScanError::Gzip {
        source: summary.name.clone(),
        detail: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOGLI: &[u8] = b"Mar  8 17:11:28 dnsmasq[12]: query[A] jogli.com from 10.0.0.5\n";

    #[test]
    fn sources_follow_one_another_and_share_the_tally() {
        let mut scanner = Scanner::new(ScanOptions::new(2009));
        scanner.push(JOGLI).unwrap();
        scanner.begin("second").unwrap();
        scanner.push(JOGLI).unwrap();
        scanner.end().unwrap();
        scanner.end().unwrap();
        let report = scanner.report();
        let names: Vec<&str> = report.sources.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["input", "second"]);
        assert_eq!(report.clients[0].lookups, 2);
    }

    #[test]
    fn binary_sources_are_told_by_their_bytes_whatever_the_format_asked() {
        // A pcap file header (Ethernet), no packets.
        let pcap = [
            0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0,
            0,
        ];
        let mut scanner = Scanner::new(ScanOptions {
            format: Some(LogFormat::Bind),
            ..ScanOptions::new(2009)
        });
        scanner.begin("c.pcap").unwrap();
        scanner.push(&pcap[..3]).unwrap();
        scanner.push(&pcap[3..]).unwrap();
        scanner.end().unwrap();
        assert_eq!(scanner.report().sources[0].format, Some(LogFormat::Pcap));
        let mut scanner = Scanner::new(ScanOptions {
            format: Some(LogFormat::Pcap),
            ..ScanOptions::new(2009)
        });
        scanner.begin("x.log").unwrap();
        assert_eq!(
            scanner.push(JOGLI).unwrap_err().to_string(),
            "x.log: unknown log format: not a pcap file (its first bytes are not a pcap header)"
        );
    }

    #[test]
    fn a_sysmon_event_behind_a_syslog_header_names_its_program() {
        let line = br#"<14>Mar  8 17:11:28 WIN10 Microsoft-Windows-Sysmon[2828]: {"EventID":22,"Hostname":"WIN10","UtcTime":"2009-03-08 17:11:28.000","QueryName":"jogli.com","Image":"C:\\Windows\\System32\\svchost.exe"}"#;
        let mut scanner = Scanner::new(ScanOptions::new(2009));
        scanner.begin("sysmon.log").unwrap();
        scanner.push(line).unwrap();
        scanner.push(b"\n").unwrap();
        scanner.end().unwrap();
        let report = scanner.report();
        assert_eq!(report.sources[0].format, Some(LogFormat::Sysmon));
        let client = &report.clients[0];
        assert_eq!(client.client.as_deref(), Some("WIN10"));
        assert_eq!(client.processes, [r"C:\Windows\System32\svchost.exe"]);
        assert_eq!(client.first.as_deref(), Some("2009-03-08T17:11:28Z"));
    }

    /// Every line of a text is kept by exactly one of three parts, wherever they are cut and
    /// however the bytes arrive.
    #[test]
    fn cuts_share_out_the_lines() {
        let text = b"one\ntwo\n\nthree three\nx\nlast line without end";
        let len = text.len() as u64;
        for a in 0..=len {
            for b in a..=len {
                for chunk in [1, 3, text.len()] {
                    let mut kept = Vec::new();
                    for (start, end) in [(0, a), (a, b), (b, u64::MAX)] {
                        let mut cut = Cut::new(&Part {
                            start,
                            end,
                            resume: None,
                        });
                        let from = start.saturating_sub(1) as usize;
                        let mut mine = Vec::new();
                        for piece in text[from.min(text.len())..].chunks(chunk) {
                            mine.extend_from_slice(cut.keep(piece));
                        }
                        // A part holds whole lines, begun at or after its start.
                        if let Some(first) = mine.first() {
                            let at = kept.len();
                            assert!(at as u64 >= start && (at == 0 || text[at - 1] == b'\n'));
                            assert_eq!(*first, text[at]);
                        }
                        kept.extend_from_slice(&mine);
                    }
                    assert_eq!(kept, text, "cut at {a} and {b}, pieces of {chunk}");
                }
            }
        }
    }

    #[test]
    fn a_report_mid_source_covers_what_was_read() {
        let mut scanner = Scanner::new(ScanOptions {
            format: Some(LogFormat::Dnsmasq),
            ..ScanOptions::new(2009)
        });
        scanner.begin("log").unwrap();
        scanner.push(JOGLI).unwrap();
        scanner.push(&JOGLI[..20]).unwrap();
        let report = scanner.report();
        assert_eq!((report.sources[0].lines, report.clients[0].lookups), (1, 1));
    }
}
