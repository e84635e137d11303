//! One parser per log format: from a line to the query it records, if any.
//!
//! Each line is a query (time, client, name), another record of the format (a reply, a
//! forwarded query, a header, a non-DNS event), or malformed. Only the last is counted
//! as a problem.

use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use memchr::memmem;
use serde::Deserialize;

use crate::error::{Field, InputError};
use crate::logscan::time::{self, LogTime, SyslogYear};
use crate::options::{choose, Choice};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LogFormat {
    /// BIND 9 query log (`client ... query: NAME IN A`)
    Bind,
    /// dnsmasq with log-queries (`query[A] NAME from CLIENT`)
    Dnsmasq,
    /// Unbound with log-queries (`info: CLIENT NAME. A IN`)
    Unbound,
    /// Zeek dns.log, tab-separated with its `#fields` header
    Zeek,
    /// Zeek dns.log as JSON lines
    ZeekJson,
    /// Suricata eve.json DNS events
    Suricata,
    /// Windows DNS Server debug log (packet logging)
    Windows,
    /// Comma-separated: a name column, optional time and client columns, optional header
    Csv,
    /// Whitespace-separated: a name, optional time and client
    Text,
}

impl LogFormat {
    /// In the order detection prefers them when two read a sample equally well.
    pub const ALL: [LogFormat; 9] = [
        LogFormat::Zeek,
        LogFormat::ZeekJson,
        LogFormat::Suricata,
        LogFormat::Windows,
        LogFormat::Bind,
        LogFormat::Dnsmasq,
        LogFormat::Unbound,
        LogFormat::Text,
        LogFormat::Csv,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            LogFormat::Bind => "bind",
            LogFormat::Dnsmasq => "dnsmasq",
            LogFormat::Unbound => "unbound",
            LogFormat::Zeek => "zeek",
            LogFormat::ZeekJson => "zeek-json",
            LogFormat::Suricata => "suricata",
            LogFormat::Windows => "windows",
            LogFormat::Csv => "csv",
            LogFormat::Text => "text",
        }
    }

    pub fn names() -> String {
        LogFormat::ALL.map(LogFormat::name).join(", ")
    }
}

impl fmt::Display for LogFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl LogFormat {
    /// A format by name, or `None` for `auto` (tell each file's format from its first lines).
    pub fn parse_choice(s: &str) -> Result<Option<LogFormat>, InputError> {
        if s.trim().eq_ignore_ascii_case("auto") {
            return Ok(None);
        }
        s.parse().map(Some)
    }

    /// What the format is, for a shell's help.
    pub const fn help(self) -> &'static str {
        match self {
            LogFormat::Bind => "BIND 9 query log",
            LogFormat::Dnsmasq => "dnsmasq with log-queries",
            LogFormat::Unbound => "Unbound with log-queries",
            LogFormat::Zeek => "Zeek dns.log, tab-separated with its #fields header",
            LogFormat::ZeekJson => "Zeek dns.log as JSON lines",
            LogFormat::Suricata => "Suricata eve.json (DNS query events)",
            LogFormat::Windows => "Windows DNS Server debug log (packet logging)",
            LogFormat::Text => {
                "One name per line, optionally with a time and a client address, whitespace-separated"
            }
            LogFormat::Csv => {
                "Comma-separated name, optional time and client columns, optional header line"
            }
        }
    }
}

impl FromStr for LogFormat {
    type Err = InputError;

    fn from_str(s: &str) -> Result<LogFormat, InputError> {
        choose(Field::LogFormat, s)
    }
}

impl Choice for LogFormat {
    const ALL: &'static [LogFormat] = &LogFormat::ALL;

    fn name(self) -> &'static str {
        LogFormat::name(self)
    }
}

/// A DNS query as a log records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query<'a> {
    pub time: Option<LogTime>,
    pub client: Option<Cow<'a, str>>,
    pub name: Cow<'a, str>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line<'a> {
    Query(Query<'a>),
    /// A record of the format that is not a query.
    Other,
    /// Not a record of the format, with the reason.
    Malformed(&'static str),
}

/// Options the formats need beyond the line itself.
#[derive(Clone, Copy, Debug)]
pub struct ParseOptions {
    /// The year of syslog timestamps (`Nov 26 17:11:28`), which have none.
    pub syslog_year: i32,
}

/// A format's parser, with what it learns from earlier lines (Zeek's and CSV's column
/// headers, the syslog year).
#[derive(Clone, Debug)]
pub struct LineParser {
    format: LogFormat,
    year: SyslogYear,
    columns: Option<Columns>,
    /// A record was seen: Windows' header is over, a CSV header can no longer come.
    seen_record: bool,
}

/// Which fields hold the time, client and name.
#[derive(Clone, Copy, Debug, Default)]
struct Columns {
    time: Option<usize>,
    client: Option<usize>,
    name: usize,
    count: usize,
}

struct Finders {
    query: memmem::Finder<'static>,
    client: memmem::Finder<'static>,
}

fn finders() -> &'static Finders {
    static FINDERS: std::sync::OnceLock<Finders> = std::sync::OnceLock::new();
    FINDERS.get_or_init(|| Finders {
        query: memmem::Finder::new(": query: "),
        client: memmem::Finder::new("client "),
    })
}

impl LineParser {
    pub fn new(format: LogFormat, options: ParseOptions) -> LineParser {
        LineParser {
            format,
            year: SyslogYear::new(options.syslog_year),
            columns: None,
            seen_record: false,
        }
    }

    pub fn format(&self) -> LogFormat {
        self.format
    }

    /// `line` has no line ending and is not blank.
    pub fn parse<'a>(&mut self, line: &'a str) -> Line<'a> {
        match self.format {
            LogFormat::Bind => self.bind(line),
            LogFormat::Dnsmasq => self.dnsmasq(line),
            LogFormat::Unbound => self.unbound(line),
            LogFormat::Zeek => self.zeek(line),
            LogFormat::ZeekJson => zeek_json(line),
            LogFormat::Suricata => suricata(line),
            LogFormat::Windows => self.windows(line),
            LogFormat::Csv => self.delimited(line, Delimiter::Comma),
            LogFormat::Text => self.delimited(line, Delimiter::Whitespace),
        }
    }

    /// A leading timestamp as daemons and syslog write them, and the rest of the line.
    fn leading_time<'a>(&mut self, line: &'a str) -> (Option<LogTime>, &'a str) {
        let mut words = line.splitn(3, ' ');
        let (Some(first), Some(second)) = (words.next(), words.next()) else {
            return (None, line);
        };
        let after_two = words.next().unwrap_or("");
        // BIND: 26-Nov-2026 17:11:28.123
        if let Some(t) = time::bind(first, second) {
            return (Some(t), after_two);
        }
        // RFC 3339 (rsyslog, journald exports)
        if let Some(t) = time::iso(first) {
            return (Some(t), &line[first.len() + 1..]);
        }
        // Unbound's own log file: [1764177088]
        if let Some(t) = first
            .strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .and_then(time::epoch)
        {
            return (Some(t), &line[first.len() + 1..]);
        }
        // syslog: Nov 26 17:11:28, or Nov  6 17:11:28 with the day padded
        let rest = line[first.len() + 1..].trim_start_matches(' ');
        let mut words = rest.splitn(3, ' ');
        if let (Some(day), Some(clock)) = (words.next(), words.next()) {
            if let Some(t) = self.year.parse(first, day, clock) {
                return (Some(t), words.next().unwrap_or(""));
            }
        }
        (None, line)
    }

    fn bind<'a>(&mut self, line: &'a str) -> Line<'a> {
        let (time, rest) = self.leading_time(line);
        let Some(query_at) = finders().query.find(rest.as_bytes()) else {
            return other_if_timed(time);
        };
        let Some(client_at) = finders().client.find(&rest.as_bytes()[..query_at]) else {
            return Line::Malformed("a BIND query without 'client'");
        };
        let mut words = rest[client_at + 7..query_at].split(' ');
        let mut address = words.next().unwrap_or("");
        if address.starts_with("@0x") {
            address = words.next().unwrap_or("");
        }
        let address = address.trim_end_matches(':');
        let client = address.rsplit_once('#').map_or(address, |(ip, _)| ip);
        let Some(name) = rest[query_at + 9..]
            .split(' ')
            .next()
            .filter(|n| !n.is_empty())
        else {
            return Line::Malformed("a BIND query without a name");
        };
        Line::Query(Query {
            time,
            client: (!client.is_empty()).then_some(Cow::Borrowed(client)),
            name: Cow::Borrowed(name),
        })
    }

    fn dnsmasq<'a>(&mut self, line: &'a str) -> Line<'a> {
        let (time, rest) = self.leading_time(line);
        let Some(at) = rest.find("query[") else {
            return other_if_timed(time);
        };
        let Some((_, after)) = rest[at..].split_once("] ") else {
            return Line::Malformed("a dnsmasq query without ']'");
        };
        let Some((name, client)) = after.split_once(" from ") else {
            return Line::Malformed("a dnsmasq query without 'from'");
        };
        if name.is_empty() || name.contains(' ') {
            return Line::Malformed("a dnsmasq query without a name");
        }
        Line::Query(Query {
            time,
            client: Some(Cow::Borrowed(client.trim())),
            name: Cow::Borrowed(name),
        })
    }

    fn unbound<'a>(&mut self, line: &'a str) -> Line<'a> {
        let (time, rest) = self.leading_time(line);
        let Some(at) = rest.find(" info: ") else {
            return other_if_timed(time);
        };
        let mut words = rest[at + 7..].split(' ');
        let (Some(client), Some(name), Some(_type), Some(_class), None) = (
            words.next(),
            words.next(),
            words.next(),
            words.next(),
            words.next(),
        ) else {
            // Replies (with rcode and timing) and other messages.
            return Line::Other;
        };
        if client.parse::<IpAddr>().is_err() {
            return Line::Other;
        }
        Line::Query(Query {
            time,
            client: Some(Cow::Borrowed(client)),
            name: Cow::Borrowed(name),
        })
    }

    fn zeek<'a>(&mut self, line: &'a str) -> Line<'a> {
        if let Some(header) = line.strip_prefix('#') {
            if let Some(fields) = header.strip_prefix("fields\t") {
                let names: Vec<&str> = fields.split('\t').collect();
                let position = |n: &str| names.iter().position(|f| *f == n);
                self.columns = position("query").map(|name| Columns {
                    time: position("ts"),
                    client: position("id.orig_h"),
                    name,
                    count: names.len(),
                });
                if self.columns.is_none() {
                    return Line::Malformed("a Zeek #fields header without a query field");
                }
            }
            return Line::Other;
        }
        let Some(columns) = self.columns else {
            return Line::Malformed("a Zeek record before the #fields header");
        };
        let (mut time, mut client, mut name, mut count) = (None, None, "", 0);
        for (i, field) in line.split('\t').enumerate() {
            if Some(i) == columns.time {
                time = Some(field);
            } else if Some(i) == columns.client {
                client = Some(field);
            } else if i == columns.name {
                name = field;
            }
            count = i + 1;
        }
        if count != columns.count {
            return Line::Malformed(
                "a Zeek record whose field count differs from the #fields header",
            );
        }
        if name == "-" || name == "(empty)" || name.is_empty() {
            return Line::Other;
        }
        let time = match time {
            None | Some("-") => None,
            Some(ts) => match time::epoch(ts).or_else(|| time::iso(ts)) {
                Some(t) => Some(t),
                None => return Line::Malformed("a Zeek record with an unreadable ts"),
            },
        };
        Line::Query(Query {
            time,
            client: client.filter(|c| *c != "-").map(Cow::Borrowed),
            name: Cow::Borrowed(name),
        })
    }

    fn windows<'a>(&mut self, line: &'a str) -> Line<'a> {
        if line.starts_with([' ', '\t']) {
            return Line::Other;
        }
        let mut words = line.split_ascii_whitespace();
        let (Some(date), Some(clock)) = (words.next(), words.next()) else {
            return self.windows_header();
        };
        let mut word = words.next();
        let meridiem =
            word.filter(|w| w.eq_ignore_ascii_case("AM") || w.eq_ignore_ascii_case("PM"));
        if meridiem.is_some() {
            word = words.next();
        }
        let Some(time) = time::windows(date, clock, meridiem) else {
            return self.windows_header();
        };
        // `word` is the thread id; packet records go on with PACKET.
        if word.is_none() || words.next() != Some("PACKET") {
            return Line::Other;
        }
        self.seen_record = true;
        // context, protocol, direction, remote address, transaction id
        let (Some(_context), Some(_protocol), Some(direction), Some(client), Some(_xid)) = (
            words.next(),
            words.next(),
            words.next(),
            words.next(),
            words.next(),
        ) else {
            return Line::Malformed("a Windows DNS packet record cut short");
        };
        let Some(name) = words.next_back() else {
            return Line::Malformed("a Windows DNS packet record cut short");
        };
        let response = words.next() == Some("R");
        if direction != "Rcv" || response {
            return Line::Other;
        }
        match windows_name(name) {
            Some(name) => Line::Query(Query {
                time: Some(time),
                client: Some(Cow::Borrowed(client)),
                name: Cow::Owned(name),
            }),
            None => Line::Malformed("a Windows DNS question name not in (n)label form"),
        }
    }

    /// The log's header (file creation, the key to the fields) comes before any record.
    fn windows_header<'a>(&self) -> Line<'a> {
        if self.seen_record {
            Line::Malformed("not a Windows DNS log record")
        } else {
            Line::Other
        }
    }

    fn delimited<'a>(&mut self, line: &'a str, delimiter: Delimiter) -> Line<'a> {
        if line.starts_with('#') {
            return Line::Other;
        }
        if let Some(columns) = self.columns {
            return by_columns(line, delimiter, columns);
        }
        if !self.seen_record {
            self.seen_record = true;
            if let Some(columns) = header_columns(line, delimiter) {
                self.columns = Some(columns);
                return Line::Other;
            }
        }
        by_content(line, delimiter)
    }
}

fn other_if_timed<'a>(time: Option<LogTime>) -> Line<'a> {
    if time.is_some() {
        Line::Other
    } else {
        Line::Malformed("no timestamp and no query")
    }
}

/// `(7)example(3)com(0)` to `example.com`.
fn windows_name(encoded: &str) -> Option<String> {
    let mut name = String::with_capacity(encoded.len());
    let mut rest = encoded;
    loop {
        let inner = rest.strip_prefix('(')?;
        let (length, after) = inner.split_once(')')?;
        let length: usize = length.parse().ok()?;
        if length == 0 {
            return (after.is_empty() && !name.is_empty()).then_some(name);
        }
        let label = after.get(..length)?;
        if !name.is_empty() {
            name.push('.');
        }
        name.push_str(label);
        rest = &after[length..];
    }
}

#[derive(Deserialize)]
struct ZeekRecord<'a> {
    ts: Option<ZeekTime<'a>>,
    #[serde(rename = "id.orig_h", borrow)]
    client: Option<Cow<'a, str>>,
    #[serde(borrow)]
    query: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ZeekTime<'a> {
    Seconds(f64),
    Text(#[serde(borrow)] Cow<'a, str>),
}

impl ZeekTime<'_> {
    fn to_log_time(&self) -> Option<LogTime> {
        match self {
            ZeekTime::Seconds(s) if s.is_finite() && s.abs() < 1e12 => Some(LogTime::Utc(
                (s * time::MICROS_PER_SECOND as f64).round() as i64,
            )),
            ZeekTime::Seconds(_) => None,
            ZeekTime::Text(t) => time::iso(t),
        }
    }
}

fn zeek_json(line: &str) -> Line<'_> {
    let record: ZeekRecord = match serde_json::from_str(line) {
        Ok(r) => r,
        Err(_) => return Line::Malformed("not a JSON object with Zeek's dns.log fields"),
    };
    let Some(name) = record.query.filter(|q| !q.is_empty()) else {
        return Line::Other;
    };
    let time = match record.ts.as_ref().map(ZeekTime::to_log_time) {
        None => None,
        Some(Some(t)) => Some(t),
        Some(None) => return Line::Malformed("a Zeek record with an unreadable ts"),
    };
    Line::Query(Query {
        time,
        client: record.client,
        name,
    })
}

#[derive(Deserialize)]
struct EveEvent<'a> {
    #[serde(borrow)]
    timestamp: Cow<'a, str>,
    #[serde(borrow)]
    event_type: Cow<'a, str>,
    #[serde(borrow)]
    src_ip: Option<Cow<'a, str>>,
    #[serde(borrow)]
    dns: Option<EveDns<'a>>,
}

#[derive(Deserialize)]
struct EveDns<'a> {
    #[serde(rename = "type", borrow)]
    kind: Option<Cow<'a, str>>,
    /// Up to Suricata 7 (eve DNS versions 1 and 2).
    #[serde(borrow)]
    rrname: Option<Cow<'a, str>>,
    /// Suricata 8 (version 3).
    #[serde(borrow)]
    queries: Option<Vec<EveQuestion<'a>>>,
}

#[derive(Deserialize)]
struct EveQuestion<'a> {
    #[serde(borrow)]
    rrname: Cow<'a, str>,
}

fn suricata(line: &str) -> Line<'_> {
    // Most of an eve.json is flows, alerts and HTTP: skip them without parsing.
    if line.starts_with('{') && line.ends_with('}') && !line.contains("\"dns\"") {
        return Line::Other;
    }
    let event: EveEvent = match serde_json::from_str(line) {
        Ok(e) => e,
        Err(_) => return Line::Malformed("not a Suricata eve.json event"),
    };
    let Some(dns) = event.dns.filter(|_| event.event_type == "dns") else {
        return Line::Other;
    };
    if !matches!(dns.kind.as_deref(), Some("query" | "request")) {
        return Line::Other;
    }
    let name = dns.rrname.or_else(|| {
        dns.queries
            .and_then(|q| q.into_iter().next())
            .map(|q| q.rrname)
    });
    let Some(name) = name.filter(|n| !n.is_empty()) else {
        return Line::Malformed("a Suricata DNS query without rrname");
    };
    let Some(time) = time::iso(&event.timestamp) else {
        return Line::Malformed("a Suricata event with an unreadable timestamp");
    };
    Line::Query(Query {
        time: Some(time),
        client: event.src_ip,
        name,
    })
}

#[derive(Clone, Copy)]
enum Delimiter {
    Comma,
    Whitespace,
}

impl Delimiter {
    fn split(self, line: &str) -> impl Iterator<Item = &str> {
        let (comma, white) = match self {
            Delimiter::Comma => (Some(line.split(',')), None),
            Delimiter::Whitespace => (None, Some(line.split_ascii_whitespace())),
        };
        comma
            .into_iter()
            .flatten()
            .chain(white.into_iter().flatten())
            .map(|f| f.trim().trim_matches('"'))
    }
}

// Common spellings, including Elastic Common Schema's dotted names.
const TIME_HEADERS: &[&str] = &[
    "ts",
    "time",
    "timestamp",
    "date",
    "datetime",
    "@timestamp",
    "event_time",
];
const CLIENT_HEADERS: &[&str] = &[
    "client",
    "client_ip",
    "clientip",
    "src",
    "src_ip",
    "srcip",
    "source",
    "source_ip",
    "ip",
    "id.orig_h",
    "client.ip",
    "source.ip",
];
const NAME_HEADERS: &[&str] = &[
    "name",
    "query",
    "qname",
    "query_name",
    "question",
    "dns.question.name",
    "domain",
    "rrname",
    "fqdn",
    "hostname",
    "host",
];

/// A header line names the columns; without a name column it is not a header.
fn header_columns(line: &str, delimiter: Delimiter) -> Option<Columns> {
    let mut columns = Columns::default();
    let mut name = None;
    for (i, field) in delimiter.split(line).enumerate() {
        let field = field.to_ascii_lowercase();
        if TIME_HEADERS.contains(&field.as_str()) && columns.time.is_none() {
            columns.time = Some(i);
        } else if CLIENT_HEADERS.contains(&field.as_str()) && columns.client.is_none() {
            columns.client = Some(i);
        } else if NAME_HEADERS.contains(&field.as_str()) && name.is_none() {
            name = Some(i);
        }
        columns.count = i + 1;
    }
    columns.name = name?;
    Some(columns)
}

fn by_columns(line: &str, delimiter: Delimiter, columns: Columns) -> Line<'_> {
    let (mut time, mut client, mut name) = (None, None, None);
    for (i, field) in delimiter.split(line).enumerate() {
        if Some(i) == columns.time {
            time = Some(field);
        } else if Some(i) == columns.client {
            client = Some(field);
        } else if i == columns.name {
            name = Some(field);
        }
    }
    let Some(name) = name.filter(|n| is_host_name(n)) else {
        return Line::Malformed("no host name in the name column");
    };
    let time = match time.filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => match any_time(t) {
            Some(t) => Some(t),
            None => return Line::Malformed("an unreadable time in the time column"),
        },
    };
    Line::Query(Query {
        time,
        client: client.filter(|c| !c.is_empty()).map(Cow::Borrowed),
        name: Cow::Borrowed(name),
    })
}

/// Without a header, each field says what it is: a time, a client address or the name.
fn by_content(line: &str, delimiter: Delimiter) -> Line<'_> {
    let (mut time, mut client, mut name) = (None, None, None);
    let mut fields = delimiter.split(line).peekable();
    while let Some(field) = fields.next() {
        if time.is_none() {
            if let Some(t) = any_time(field) {
                time = Some(t);
                continue;
            }
            // A date and a time in two whitespace-separated fields.
            let date_only = field.len() == 10 && field.as_bytes()[4] == b'-';
            if let Some(t) = fields
                .peek()
                .filter(|_| date_only)
                .and_then(|clock| time::iso(&format!("{field}T{clock}")))
            {
                fields.next();
                time = Some(t);
                continue;
            }
        }
        if client.is_none() && field.parse::<IpAddr>().is_ok() {
            client = Some(field);
        } else if name.is_none() && is_host_name(field) {
            name = Some(field);
        } else {
            return Line::Malformed("a field that is not a time, a client address or a name");
        }
    }
    match name {
        Some(name) => Line::Query(Query {
            time,
            client: client.map(Cow::Borrowed),
            name: Cow::Borrowed(name),
        }),
        None => Line::Malformed("no host name"),
    }
}

fn any_time(field: &str) -> Option<LogTime> {
    time::iso(field).or_else(|| {
        // Epoch seconds: ten digits covers 2001 to 2286.
        let whole = field.split('.').next().unwrap_or("");
        (whole.len() == 10).then(|| time::epoch(field)).flatten()
    })
}

/// Letters, digits, hyphens, underscores and dots, with a dot inside and a top-level
/// label that is not a number (so not an IPv4 address).
fn is_host_name(s: &str) -> bool {
    let s = s.strip_suffix('.').unwrap_or(s);
    let Some((_, tld)) = s.rsplit_once('.') else {
        return false;
    };
    !tld.is_empty()
        && !tld.bytes().all(|b| b.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(format: LogFormat, line: &str) -> Line<'_> {
        LineParser::new(format, ParseOptions { syslog_year: 2009 }).parse(line)
    }

    fn query(line: Line<'_>) -> (Option<LogTime>, Option<String>, String) {
        match line {
            Line::Query(q) => (q.time, q.client.map(Cow::into_owned), q.name.into_owned()),
            other => panic!("not a query: {other:?}"),
        }
    }

    fn local(s: &str) -> Option<LogTime> {
        time::iso(s)
    }

    #[test]
    fn bind_queries_in_old_and_new_layouts() {
        let (t, c, n) = query(parse(
            LogFormat::Bind,
            "08-Mar-2009 17:11:28.123 queries: info: client @0x7f3a2c0 192.168.1.10#53211 (jogli.com): query: jogli.com IN A +E(0)K (192.168.1.1)",
        ));
        assert_eq!(t, local("2009-03-08T17:11:28.123"));
        assert_eq!(c.as_deref(), Some("192.168.1.10"));
        assert_eq!(n, "jogli.com");
        let (t, c, n) = query(parse(
            LogFormat::Bind,
            "Mar  8 17:11:28 ns1 named[812]: client 10.0.0.5#1042: query: praat.org IN A +",
        ));
        assert_eq!(t, local("2009-03-08T17:11:28"));
        assert_eq!(c.as_deref(), Some("10.0.0.5"));
        assert_eq!(n, "praat.org");
        assert_eq!(
            parse(
                LogFormat::Bind,
                "08-Mar-2009 17:11:28.123 general: info: zone example.com/IN: loaded"
            ),
            Line::Other
        );
        assert!(matches!(
            parse(LogFormat::Bind, "garbage"),
            Line::Malformed(_)
        ));
    }

    #[test]
    fn dnsmasq_queries_only() {
        let (t, c, n) = query(parse(
            LogFormat::Dnsmasq,
            "Mar  8 17:11:28 dnsmasq[1234]: query[A] jogli.com from 192.168.1.10",
        ));
        assert_eq!(t, local("2009-03-08T17:11:28"));
        assert_eq!(
            (c.as_deref(), n.as_str()),
            (Some("192.168.1.10"), "jogli.com")
        );
        let (_, c, _) = query(parse(
            LogFormat::Dnsmasq,
            "Mar  8 17:11:28 dnsmasq[1234]: 7 192.168.1.10/53211 query[AAAA] jogli.com from 192.168.1.10",
        ));
        assert_eq!(c.as_deref(), Some("192.168.1.10"));
        assert_eq!(
            parse(
                LogFormat::Dnsmasq,
                "Mar  8 17:11:28 dnsmasq[1234]: reply jogli.com is 1.2.3.4"
            ),
            Line::Other
        );
        assert!(matches!(
            parse(
                LogFormat::Dnsmasq,
                "Mar  8 17:11:28 dnsmasq[1234]: query[A] jogli.com"
            ),
            Line::Malformed(_)
        ));
    }

    #[test]
    fn syslog_prefixes_in_rfc_3339_and_classic_form() {
        let (t, c, n) = query(parse(
            LogFormat::Dnsmasq,
            "2009-03-08T18:11:28.5+01:00 gw dnsmasq[12]: query[A] jogli.com from 10.0.0.5",
        ));
        assert_eq!(t, time::iso("2009-03-08T17:11:28.5Z"));
        assert_eq!((c.as_deref(), n.as_str()), (Some("10.0.0.5"), "jogli.com"));
        let (t, c, n) = query(parse(
            LogFormat::Unbound,
            "Mar  8 17:11:28 ns1 unbound: [7497:0] info: 10.0.0.5 jogli.com. A IN",
        ));
        assert_eq!(t, local("2009-03-08T17:11:28"));
        assert_eq!((c.as_deref(), n.as_str()), (Some("10.0.0.5"), "jogli.com."));
    }

    #[test]
    fn unbound_queries_but_not_replies() {
        let (t, c, n) = query(parse(
            LogFormat::Unbound,
            "[1236532288] unbound[7497:0] info: 192.168.1.10 jogli.com. A IN",
        ));
        assert_eq!(t, time::epoch("1236532288"));
        assert_eq!(
            (c.as_deref(), n.as_str()),
            (Some("192.168.1.10"), "jogli.com.")
        );
        assert_eq!(
            parse(
                LogFormat::Unbound,
                "[1236532288] unbound[7497:0] info: 192.168.1.10 jogli.com. A IN NOERROR 0.000000 0 45"
            ),
            Line::Other
        );
        assert_eq!(
            parse(
                LogFormat::Unbound,
                "[1236532288] unbound[7497:0] info: start of service"
            ),
            Line::Other
        );
    }

    #[test]
    fn zeek_tsv_follows_its_fields_header() {
        let mut p = LineParser::new(LogFormat::Zeek, ParseOptions { syslog_year: 2009 });
        assert!(matches!(
            p.parse("1236532288.5\tC1\t10.0.0.5"),
            Line::Malformed(_)
        ));
        assert_eq!(p.parse("#fields\tts\tuid\tid.orig_h\tquery"), Line::Other);
        let (t, c, n) = query(p.parse("1236532288.5\tCx\t10.0.0.5\tjogli.com"));
        assert_eq!(t, time::epoch("1236532288.5"));
        assert_eq!((c.as_deref(), n.as_str()), (Some("10.0.0.5"), "jogli.com"));
        assert_eq!(p.parse("1236532288.5\tCx\t10.0.0.5\t-"), Line::Other);
        assert!(matches!(
            p.parse("1236532288.5\tCx\t10.0.0.5"),
            Line::Malformed(_)
        ));
    }

    #[test]
    fn json_formats() {
        let (t, c, n) = query(parse(
            LogFormat::ZeekJson,
            r#"{"ts":1236532288.25,"uid":"C1","id.orig_h":"10.0.0.5","query":"jogli.com","qtype":1}"#,
        ));
        assert_eq!(t, time::epoch("1236532288.25"));
        assert_eq!((c.as_deref(), n.as_str()), (Some("10.0.0.5"), "jogli.com"));
        let (t, _, _) = query(parse(
            LogFormat::ZeekJson,
            r#"{"ts":"2009-03-08T17:11:28.250000Z","id.orig_h":"10.0.0.5","query":"jogli.com"}"#,
        ));
        assert_eq!(t, time::iso("2009-03-08T17:11:28.25Z"));
        let (t, c, n) = query(parse(
            LogFormat::Suricata,
            r#"{"timestamp":"2009-03-08T18:11:28.000000+0100","event_type":"dns","src_ip":"10.0.0.5","dns":{"type":"query","rrname":"jogli.com","rrtype":"A"}}"#,
        ));
        assert_eq!(t, time::iso("2009-03-08T17:11:28Z"));
        assert_eq!((c.as_deref(), n.as_str()), (Some("10.0.0.5"), "jogli.com"));
        let (_, _, n) = query(parse(
            LogFormat::Suricata,
            r#"{"timestamp":"2009-03-08T17:11:28Z","event_type":"dns","src_ip":"10.0.0.5","dns":{"version":3,"type":"request","queries":[{"rrname":"praat.org","rrtype":"A"}]}}"#,
        ));
        assert_eq!(n, "praat.org");
        assert_eq!(
            parse(
                LogFormat::Suricata,
                r#"{"timestamp":"2009-03-08T17:11:28Z","event_type":"dns","src_ip":"10.0.0.1","dns":{"type":"answer","rrname":"jogli.com"}}"#
            ),
            Line::Other
        );
        assert_eq!(
            parse(
                LogFormat::Suricata,
                r#"{"timestamp":"2009-03-08T17:11:28Z","event_type":"flow"}"#
            ),
            Line::Other
        );
        assert!(matches!(
            parse(LogFormat::Suricata, r#"{"dns": tru"#),
            Line::Malformed(_)
        ));
    }

    #[test]
    fn windows_received_questions_only() {
        let mut p = LineParser::new(LogFormat::Windows, ParseOptions { syslog_year: 2009 });
        assert_eq!(
            p.parse("DNS Server log file creation at 3/8/2009 5:00:00 PM"),
            Line::Other
        );
        let (t, c, n) = query(p.parse(
            "3/8/2009 5:11:28 PM 0A4C PACKET  000000D1A2B3C4D0 UDP Rcv 192.168.1.10    6b4f   Q [0001   D   NOERROR] A      (5)jogli(3)com(0)",
        ));
        assert_eq!(t, local("2009-03-08T17:11:28"));
        assert_eq!(
            (c.as_deref(), n.as_str()),
            (Some("192.168.1.10"), "jogli.com")
        );
        assert_eq!(
            p.parse("3/8/2009 5:11:28 PM 0A4C PACKET  000000D1A2B3C4D0 UDP Snd 192.168.1.10    6b4f R Q [8081   DR  NOERROR] A      (5)jogli(3)com(0)"),
            Line::Other
        );
        assert!(matches!(
            p.parse("3/8/2009 5:11:28 PM 0A4C PACKET  000000D1A2B3C4D0 UDP Rcv 192.168.1.10    6b4f   Q [0001   D   NOERROR] A      (9)jogli(3)com(0)"),
            Line::Malformed(_)
        ));
        assert!(matches!(
            p.parse("garbage after records"),
            Line::Malformed(_)
        ));
    }

    #[test]
    fn csv_with_and_without_header() {
        let mut p = LineParser::new(LogFormat::Csv, ParseOptions { syslog_year: 2009 });
        assert_eq!(p.parse("timestamp,client_ip,query,qtype"), Line::Other);
        let (t, c, n) = query(p.parse("2009-03-08T17:11:28Z,10.0.0.5,jogli.com,A"));
        assert_eq!(t, time::iso("2009-03-08T17:11:28Z"));
        assert_eq!((c.as_deref(), n.as_str()), (Some("10.0.0.5"), "jogli.com"));
        assert!(matches!(
            p.parse("2009-03-08T17:11:28Z,10.0.0.5,,A"),
            Line::Malformed(_)
        ));
        let (t, c, n) = query(parse(LogFormat::Csv, "10.0.0.5,\"jogli.com\",1236532288"));
        assert_eq!(t, time::epoch("1236532288"));
        assert_eq!((c.as_deref(), n.as_str()), (Some("10.0.0.5"), "jogli.com"));
        assert!(matches!(
            parse(LogFormat::Csv, "jogli.com,extra"),
            Line::Malformed(_)
        ));
    }

    #[test]
    fn text_with_optional_time_and_client() {
        let (t, c, n) = query(parse(LogFormat::Text, "jogli.com"));
        assert_eq!((t, c, n.as_str()), (None, None, "jogli.com"));
        let (t, c, n) = query(parse(
            LogFormat::Text,
            "2009-03-08 17:11:28 10.0.0.5 jogli.com",
        ));
        assert_eq!(t, local("2009-03-08T17:11:28"));
        assert_eq!((c.as_deref(), n.as_str()), (Some("10.0.0.5"), "jogli.com"));
        assert!(matches!(
            parse(LogFormat::Text, "10.0.0.5"),
            Line::Malformed(_)
        ));
        assert!(matches!(
            parse(
                LogFormat::Text,
                r#"1.2.3.4 - - [08/Mar/2009:17:11:28 +0000] "GET / HTTP/1.1" 200"#
            ),
            Line::Malformed(_)
        ));
    }

    #[test]
    fn format_names_round_trip() {
        for f in LogFormat::ALL {
            assert_eq!(f.name().parse::<LogFormat>(), Ok(f));
        }
        assert!("apache"
            .parse::<LogFormat>()
            .unwrap_err()
            .to_string()
            .contains("zeek-json"));
        assert_eq!(LogFormat::parse_choice("Auto"), Ok(None));
    }
}
