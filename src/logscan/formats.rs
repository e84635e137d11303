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
use crate::logscan::syslog;
use crate::logscan::time::{self, LogTime, SyslogSpan, SyslogYear};
use crate::options::{choose, Choice};

/// A log format; [`LogFormat::help`] says what each is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LogFormat {
    Bind,
    Dnsmasq,
    Unbound,
    CoreDns,
    PowerDns,
    Zeek,
    ZeekJson,
    Suricata,
    Windows,
    Csv,
    Text,
    Sysmon,
    /// Told by its magic bytes, not by lines, as are the other binary formats.
    Pcap,
    Pcapng,
    Evtx,
}

impl LogFormat {
    /// The formats of lines, in the order detection prefers them when two read a sample
    /// equally well.
    pub const ALL: [LogFormat; 12] = [
        LogFormat::Zeek,
        LogFormat::ZeekJson,
        LogFormat::Suricata,
        LogFormat::Sysmon,
        LogFormat::Windows,
        LogFormat::Bind,
        LogFormat::Dnsmasq,
        LogFormat::Unbound,
        LogFormat::CoreDns,
        LogFormat::PowerDns,
        LogFormat::Text,
        LogFormat::Csv,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            LogFormat::Bind => "bind",
            LogFormat::Dnsmasq => "dnsmasq",
            LogFormat::Unbound => "unbound",
            LogFormat::CoreDns => "coredns",
            LogFormat::PowerDns => "powerdns",
            LogFormat::Zeek => "zeek",
            LogFormat::ZeekJson => "zeek-json",
            LogFormat::Suricata => "suricata",
            LogFormat::Windows => "windows",
            LogFormat::Csv => "csv",
            LogFormat::Text => "text",
            LogFormat::Sysmon => "sysmon",
            LogFormat::Pcap => "pcap",
            LogFormat::Pcapng => "pcapng",
            LogFormat::Evtx => "evtx",
        }
    }

    /// The binary formats, each told by its first bytes whatever format was asked for.
    pub const BINARY: [LogFormat; 3] = [LogFormat::Pcap, LogFormat::Pcapng, LogFormat::Evtx];

    /// The formats of lines, then the binary ones: every name a user may give.
    pub const EVERY: [LogFormat; 15] = {
        let mut every = [LogFormat::Bind; 15];
        let mut i = 0;
        while i < every.len() {
            every[i] = if i < LogFormat::ALL.len() {
                LogFormat::ALL[i]
            } else {
                LogFormat::BINARY[i - LogFormat::ALL.len()]
            };
            i += 1;
        }
        every
    };

    pub fn is_binary(self) -> bool {
        LogFormat::BINARY.contains(&self)
    }

    pub fn names() -> String {
        LogFormat::EVERY.map(LogFormat::name).join(", ")
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
            LogFormat::CoreDns => "CoreDNS with the log plugin",
            LogFormat::PowerDns => "PowerDNS Recursor with quiet=no",
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
            LogFormat::Sysmon => {
                "Sysmon DNS events (Event ID 22) as JSON lines: Winlogbeat, Elastic Agent, evtx_dump, NXLog"
            }
            LogFormat::Pcap => "pcap packet capture: DNS queries over UDP and TCP port 53",
            LogFormat::Pcapng => "pcapng packet capture: DNS queries over UDP and TCP port 53",
            LogFormat::Evtx => "Windows event log (.evtx): Sysmon DNS events (Event ID 22)",
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
    const ALL: &'static [LogFormat] = &LogFormat::EVERY;

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
    /// The machine that logged the query, from a syslog header.
    pub host: Option<&'a str>,
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
    /// The time of the current line's syslog header, for a record that has none.
    header_time: Option<LogTime>,
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
            header_time: None,
        }
    }

    pub fn format(&self) -> LogFormat {
        self.format
    }

    /// This parser, having read a source's head, for a part of the source that begins
    /// further on with the syslog year in `year`: the head's column header still holds.
    pub fn for_part(&self, year: SyslogYear) -> LineParser {
        LineParser {
            year,
            header_time: None,
            ..self.clone()
        }
    }

    /// How the syslog year went over the lines read.
    pub fn syslog_span(&self) -> SyslogSpan {
        self.year.span()
    }

    /// `line` has no line ending and is not blank. A syslog header in front of the record
    /// dates a record that has no time of its own and names the logging host.
    pub fn parse<'a>(&mut self, line: &'a str) -> Line<'a> {
        let (record, host) = match syslog::strip(line, &mut self.year) {
            Some(header) => {
                self.header_time = header.time;
                (header.message, header.host)
            }
            None => {
                self.header_time = None;
                (line, None)
            }
        };
        let mut parsed = match self.format {
            LogFormat::Bind => self.bind(record),
            LogFormat::Dnsmasq => self.dnsmasq(record),
            LogFormat::Unbound => self.unbound(record),
            LogFormat::CoreDns => self.coredns(record),
            LogFormat::PowerDns => self.powerdns(record),
            LogFormat::Zeek => self.zeek(record),
            LogFormat::ZeekJson => zeek_json(record),
            LogFormat::Suricata => suricata(record),
            LogFormat::Windows => self.windows(record),
            LogFormat::Csv => self.delimited(record, Delimiter::Comma),
            LogFormat::Text => self.delimited(record, Delimiter::Whitespace),
            LogFormat::Sysmon => crate::logscan::sysmon::line(record).line,
            LogFormat::Pcap | LogFormat::Pcapng | LogFormat::Evtx => {
                Line::Malformed("a binary format's record, not a line")
            }
        };
        if let Line::Query(query) = &mut parsed {
            query.time = query.time.or(self.header_time);
            query.host = host;
        }
        parsed
    }

    /// A leading timestamp as daemons and syslog write them, and the rest of the line.
    fn leading_time<'a>(&mut self, line: &'a str) -> (Option<LogTime>, &'a str) {
        // Every time below starts with a digit, `[` or a month's name and a space: most
        // records behind a syslog header are turned away here without being split.
        let b = line.as_bytes();
        let could_be_time = match b.first() {
            Some(b'0'..=b'9' | b'[') => true,
            Some(c) if c.is_ascii_alphabetic() => b.get(3) == Some(&b' '),
            _ => false,
        };
        if !could_be_time {
            return (self.header_time, line);
        }
        let (first, after_first) = syslog::word(line);
        if first.len() == line.len() {
            return (self.header_time, line);
        }
        let (second, after_two) = syslog::word(after_first);
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
        (self.header_time, line)
    }

    fn bind<'a>(&mut self, line: &'a str) -> Line<'a> {
        let (time, rest) = self.leading_time(line);
        let Some(query_at) = finders().query.find(rest.as_bytes()) else {
            return other_if_timed(time);
        };
        let Some(client_at) = finders().client.find(&rest.as_bytes()[..query_at]) else {
            return Line::Malformed("a BIND query without 'client'");
        };
        // memchr rather than `split(' ')`: this runs for every line of the busiest logs.
        let (mut address, after) = syslog::word(&rest[client_at + 7..query_at]);
        if address.starts_with("@0x") {
            address = syslog::word(after).0;
        }
        let address = address.trim_end_matches(':');
        let client = match memchr::memrchr(b'#', address.as_bytes()) {
            Some(at) => &address[..at],
            None => address,
        };
        let name = syslog::word(&rest[query_at + 9..]).0;
        if name.is_empty() {
            return Line::Malformed("a BIND query without a name");
        }
        Line::Query(Query {
            host: None,
            time,
            client: (!client.is_empty()).then_some(Cow::Borrowed(client)),
            name: Cow::Borrowed(name),
        })
    }

    fn dnsmasq<'a>(&mut self, line: &'a str) -> Line<'a> {
        let (time, rest) = self.leading_time(line);
        let Some(at) = rest.find("query[") else {
            // In the foreground (containers, --log-facility=-) lines have no time.
            if time.is_none() && has_tag(rest, "dnsmasq") {
                return Line::Other;
            }
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
            host: None,
            time,
            client: Some(Cow::Borrowed(client.trim())),
            name: Cow::Borrowed(name),
        })
    }

    fn unbound<'a>(&mut self, line: &'a str) -> Line<'a> {
        let (time, rest) = self.leading_time(line);
        // `query:` with log-tag-queryreply, `info:` without.
        let body = match rest.find("] query: ") {
            Some(at) => &rest[at + 9..],
            None => match rest.find(" info: ") {
                Some(at) => &rest[at + 7..],
                None if time.is_none() && unbound_tagged(rest) => return Line::Other,
                None => return other_if_timed(time),
            },
        };
        let mut words = body.split(' ');
        let (Some([client, name, _type, _class]), None) = (next_words(&mut words), words.next())
        else {
            // Replies (with rcode and timing) and other messages.
            return Line::Other;
        };
        if client.parse::<IpAddr>().is_err() {
            return Line::Other;
        }
        Line::Query(Query {
            host: None,
            time,
            client: Some(Cow::Borrowed(client)),
            name: Cow::Borrowed(name),
        })
    }

    /// The log plugin's common and combined formats (CoreDNS 1.3 and later), and CoreDNS
    /// 1.2's with the time in brackets: the client and the query id before the quoted
    /// question, found from the quote backwards so that any prefix (a time, `[INFO]`, a
    /// pod's name) is passed over.
    fn coredns<'a>(&mut self, line: &'a str) -> Line<'a> {
        let (time, rest) = self.leading_time(line);
        let Some(open) = rest.find('"') else {
            return coredns_other(rest, time);
        };
        let mut words = rest[..open].trim_end_matches(' ').rsplit(' ');
        if !words
            .next()
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        {
            return coredns_other(rest, time);
        }
        let mut word = words.next();
        let mut stamp = None;
        if let Some(zone) = word.and_then(|w| w.strip_suffix(']')) {
            let Some(when) = words.next().and_then(|w| w.strip_prefix('[')) else {
                return coredns_other(rest, time);
            };
            match time::clf(when, zone) {
                Some(t) => stamp = Some(t),
                None => return Line::Malformed("a CoreDNS query with an unreadable time"),
            }
            word = words.next();
        }
        if word != Some("-") {
            return coredns_other(rest, time);
        }
        let Some(client) = words
            .next()
            .map(without_port)
            .filter(|c| c.parse::<IpAddr>().is_ok())
        else {
            return Line::Malformed("a CoreDNS query without a client address");
        };
        let Some(question) = rest[open + 1..].split_once('"').map(|(q, _)| q) else {
            return Line::Malformed("a CoreDNS query cut short");
        };
        let mut fields = question.split(' ');
        let (Some(_type), Some(_class), Some(name)) = (fields.next(), fields.next(), fields.next())
        else {
            return Line::Malformed("a CoreDNS query without a name");
        };
        if name.is_empty() {
            return Line::Malformed("a CoreDNS query without a name");
        }
        Line::Query(Query {
            time: stamp.or(time),
            client: Some(Cow::Borrowed(client)),
            name: Cow::Borrowed(name),
            host: None,
        })
    }

    /// Structured logging (Recursor 4.8 and later): `msg="Question" ... ts="1720508911.919"
    /// ... qname="www.example.com" qtype="A" remote="127.0.0.1:54573"`; and the earlier
    /// `1 [1/1] question for 'www.example.com|A' from 127.0.0.1:54573`.
    fn powerdns<'a>(&mut self, line: &'a str) -> Line<'a> {
        let (time, rest) = self.leading_time(line);
        if let Some(message) = key_value(rest, "msg") {
            if message != "Question" {
                return Line::Other;
            }
            let Some(name) = key_value(rest, "qname").filter(|n| !n.is_empty()) else {
                return Line::Malformed("a PowerDNS question without qname");
            };
            // `source` is the client behind a proxy (dnsdist), `remote` the proxy.
            let client = key_value(rest, "source")
                .filter(|s| !s.is_empty())
                .or_else(|| key_value(rest, "remote"))
                .map(without_port)
                .filter(|c| !c.is_empty());
            let stamp = match key_value(rest, "ts") {
                None => None,
                Some(ts) => match time::epoch(ts) {
                    Some(t) => Some(t),
                    None => return Line::Malformed("a PowerDNS question with an unreadable ts"),
                },
            };
            return Line::Query(Query {
                time: stamp.or(time),
                client: client.map(Cow::Borrowed),
                name: Cow::Borrowed(name),
                host: None,
            });
        }
        let Some(at) = rest.find("question for '") else {
            if time.is_none() && (has_tag(rest, "pdns_recursor") || has_tag(rest, "pdns-recursor"))
            {
                return Line::Other;
            }
            return other_if_timed(time);
        };
        let Some((question, from)) = rest[at + 14..].split_once("' from ") else {
            return Line::Malformed("a PowerDNS question without 'from'");
        };
        let name = question
            .rsplit_once('|')
            .map_or(question, |(name, _type)| name);
        let client = without_port(from.split(' ').next().unwrap_or(""));
        if name.is_empty() || client.is_empty() {
            return Line::Malformed("a PowerDNS question without a name or a client");
        }
        Line::Query(Query {
            time,
            client: Some(Cow::Borrowed(client)),
            name: Cow::Borrowed(name),
            host: None,
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
            host: None,
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
        let Some([_context, _protocol, direction, client, _xid]) = next_words(&mut words) else {
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
                host: None,
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

/// The next `N` words of a record's fields, or `None` when fewer are left.
fn next_words<'a, const N: usize>(
    words: &mut impl Iterator<Item = &'a str>,
) -> Option<[&'a str; N]> {
    let mut taken = [""; N];
    for word in &mut taken {
        *word = words.next()?;
    }
    Some(taken)
}

/// `program:`, `program[pid]:` or `program-dhcp:` as a word of `rest`: a record the program
/// wrote without a time.
fn has_tag(rest: &str, program: &str) -> bool {
    rest.match_indices(program).any(|(at, _)| {
        let starts_word = at == 0 || rest.as_bytes()[at - 1] == b' ';
        let word = rest[at..].split(' ').next().unwrap_or("");
        starts_word && word.ends_with(':')
    })
}

/// Unbound's `[7497:0] reply: ...` without its time, as syslog passes it on.
fn unbound_tagged(rest: &str) -> bool {
    let Some((ids, after)) = rest.strip_prefix('[').and_then(|r| r.split_once("] ")) else {
        return false;
    };
    let Some((pid, thread)) = ids.split_once(':') else {
        return false;
    };
    !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && !thread.is_empty()
        && thread.bytes().all(|b| b.is_ascii_hexdigit())
        && after.split(' ').next().is_some_and(|w| w.ends_with(':'))
}

/// A CoreDNS line that is not a query: another plugin's message, or the banner it prints
/// when it starts (`.:53`, `CoreDNS-1.11.4`, `linux/amd64, go1.23.2, 2e322f6`).
fn coredns_other<'a>(rest: &str, time: Option<LogTime>) -> Line<'a> {
    let level = ["[INFO]", "[ERROR]", "[WARNING]", "[DEBUG]", "[FATAL]"]
        .iter()
        .any(|l| rest.contains(l));
    let server_block = !rest.contains(' ')
        && rest
            .rsplit_once(':')
            .is_some_and(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
    let banner = rest.starts_with("CoreDNS-") || rest.contains(", go1.");
    if time.is_some() || level || server_block || banner {
        Line::Other
    } else {
        Line::Malformed("not a CoreDNS record")
    }
}

/// `key="value"` in a structured log line (values without quotes inside them).
fn key_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let b = line.as_bytes();
    line.match_indices(key).find_map(|(at, _)| {
        let starts_word = at == 0 || b[at - 1] == b' ';
        let value = line[at + key.len()..].strip_prefix("=\"")?;
        starts_word.then(|| value.split('"').next().unwrap_or(""))
    })
}

/// An address without its port: `10.0.0.5:53`, `[::1]:53`; an IPv6 address without
/// brackets is kept whole.
fn without_port(address: &str) -> &str {
    if let Some(bracketed) = address.strip_prefix('[') {
        return bracketed.split(']').next().unwrap_or("");
    }
    match address.split_once(':') {
        Some((ip, port)) if !port.contains(':') => ip,
        _ => address,
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
            ZeekTime::Seconds(s) => time::seconds(*s),
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
        host: None,
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
        host: None,
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
        host: None,
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
            host: None,
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

    /// `line` read as `format` is a question at `time` from `client` for `name`.
    #[track_caller]
    fn assert_query(
        format: LogFormat,
        line: &str,
        time: Option<LogTime>,
        client: Option<&str>,
        name: &str,
    ) {
        let (t, c, n) = query(parse(format, line));
        assert_eq!((t, c.as_deref(), n.as_str()), (time, client, name));
    }

    fn local(s: &str) -> Option<LogTime> {
        time::iso(s)
    }

    #[test]
    fn bind_queries_in_old_and_new_layouts() {
        assert_query(
            LogFormat::Bind,
            "08-Mar-2009 17:11:28.123 queries: info: client @0x7f3a2c0 192.168.1.10#53211 (jogli.com): query: jogli.com IN A +E(0)K (192.168.1.1)",
            local("2009-03-08T17:11:28.123"),
            Some("192.168.1.10"),
            "jogli.com",
        );
        assert_query(
            LogFormat::Bind,
            "Mar  8 17:11:28 ns1 named[812]: client 10.0.0.5#1042: query: praat.org IN A +",
            local("2009-03-08T17:11:28"),
            Some("10.0.0.5"),
            "praat.org",
        );
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
        assert_query(
            LogFormat::Dnsmasq,
            "Mar  8 17:11:28 dnsmasq[1234]: query[A] jogli.com from 192.168.1.10",
            local("2009-03-08T17:11:28"),
            Some("192.168.1.10"),
            "jogli.com",
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
        assert_query(
            LogFormat::Dnsmasq,
            "2009-03-08T18:11:28.5+01:00 gw dnsmasq[12]: query[A] jogli.com from 10.0.0.5",
            time::iso("2009-03-08T17:11:28.5Z"),
            Some("10.0.0.5"),
            "jogli.com",
        );
        assert_query(
            LogFormat::Unbound,
            "Mar  8 17:11:28 ns1 unbound: [7497:0] info: 10.0.0.5 jogli.com. A IN",
            local("2009-03-08T17:11:28"),
            Some("10.0.0.5"),
            "jogli.com.",
        );
    }

    #[test]
    fn unbound_queries_but_not_replies() {
        assert_query(
            LogFormat::Unbound,
            "[1236532288] unbound[7497:0] info: 192.168.1.10 jogli.com. A IN",
            time::epoch("1236532288"),
            Some("192.168.1.10"),
            "jogli.com.",
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
    fn syslog_headers_date_records_and_name_the_host() {
        // The cases of issue 11: BIND and Unbound behind a priority.
        let mut p = LineParser::new(LogFormat::Bind, ParseOptions { syslog_year: 2026 });
        let Line::Query(q) = p.parse("<30>Mar  9 23:59:59 host named[17742]: client @0x7f1dd4114af0 192.168.0.1#59735 (config.example.cz): query: config.example.cz IN TXT + (192.168.0.1)") else {
            panic!("not a query");
        };
        assert_eq!(q.time, local("2026-03-09T23:59:59"));
        assert_eq!(q.host, Some("host"));
        assert_eq!(
            (q.client.as_deref(), q.name.as_ref()),
            (Some("192.168.0.1"), "config.example.cz")
        );
        let Line::Query(q) = p.parse("<34>1 2026-03-09T23:59:59.003Z host named 17742 - - client @0x7f1dd4114af0 192.168.0.1#59735 (config.example.cz): query: config.example.cz IN TXT + (192.168.0.1)") else {
            panic!("not a query");
        };
        assert_eq!(q.time, time::iso("2026-03-09T23:59:59.003Z"));
        assert_eq!(q.host, Some("host"));
        assert_eq!(
            p.parse("<30>Mar  9 23:59:59 host named[17742]: zone example.com/IN: loaded serial 1"),
            Line::Other
        );
        let mut p = LineParser::new(LogFormat::Unbound, ParseOptions { syslog_year: 2026 });
        let (t, c, n) = query(
            p.parse("<30>Mar  9 23:59:59 host unbound: [7497:0] info: 192.168.0.1 jogli.com. A IN"),
        );
        assert_eq!(t, local("2026-03-09T23:59:59"));
        assert_eq!(
            (c.as_deref(), n.as_str()),
            (Some("192.168.0.1"), "jogli.com.")
        );
        // A record's own time wins over its header's.
        let mut p = LineParser::new(LogFormat::Bind, ParseOptions { syslog_year: 2026 });
        let (t, _, _) = query(p.parse("<30>Mar  9 23:59:59 host named-queries: 08-Mar-2009 17:11:28.123 queries: info: client 10.0.0.5#1042: query: jogli.com IN A +"));
        assert_eq!(t, local("2009-03-08T17:11:28.123"));
        // JSON behind a header.
        let Line::Query(q) = parse(
            LogFormat::Suricata,
            r#"<14>Mar  8 17:11:28 sensor suricata[1]: {"timestamp":"2009-03-08T17:11:28Z","event_type":"dns","src_ip":"10.0.0.5","dns":{"type":"query","rrname":"jogli.com"}}"#,
        ) else {
            panic!("not a query");
        };
        assert_eq!((q.host, q.name.as_ref()), (Some("sensor"), "jogli.com"));
        let (t, _, _) = query(parse(
            LogFormat::Text,
            "<14>Mar  8 17:11:28 proxy names: jogli.com",
        ));
        assert_eq!(t, local("2009-03-08T17:11:28"));
    }

    #[test]
    fn unbound_tagged_queries_and_replies() {
        assert_query(
            LogFormat::Unbound,
            "[1236532288] unbound[1113:1] query: 5.6.7.8 jogli.com. A IN",
            time::epoch("1236532288"),
            Some("5.6.7.8"),
            "jogli.com.",
        );
        let (t, c, _) = query(parse(
            LogFormat::Unbound,
            "[1113:1] query: 5.6.7.8 example.com. A IN",
        ));
        assert_eq!((t, c.as_deref()), (None, Some("5.6.7.8")));
        for other in [
            "[1236532288] unbound[1113:1] reply: 5.6.7.8 jogli.com. A IN NOERROR 0.000000 1 45",
            "[1113:1] reply: 5.6.7.8 jogli.com. A IN NOERROR 0.000000 1 45 on udp 127.0.0.1 53",
            "[1113:1] info: resolving jogli.com. A IN",
            "[1236532288] unbound[1113:1] info: sending query: jogli.com. A IN",
        ] {
            assert_eq!(parse(LogFormat::Unbound, other), Line::Other, "{other}");
        }
        assert!(matches!(
            parse(LogFormat::Unbound, "[x:1] reply: y"),
            Line::Malformed(_)
        ));
    }

    #[test]
    fn dnsmasq_in_the_foreground_has_no_time() {
        assert_query(
            LogFormat::Dnsmasq,
            "dnsmasq: query[A] www.example.com from 192.168.50.29",
            None,
            Some("192.168.50.29"),
            "www.example.com",
        );
        for other in [
            "dnsmasq: forwarded www.example.com to 1.1.1.1",
            "dnsmasq: reply www.example.com is 93.184.216.34",
            "dnsmasq: started, version 2.90 cachesize 150",
            "dnsmasq-dhcp: DHCPACK(wlan0) 10.0.0.51 aa:bb:cc:11:22:33",
            "dnsmasq[1]: config twitter.com is 192.168.1.100",
            "dnsmasq_1  | dnsmasq[1]: config twitter.com is 192.168.1.100",
        ] {
            assert_eq!(parse(LogFormat::Dnsmasq, other), Line::Other, "{other}");
        }
        assert!(matches!(
            parse(LogFormat::Dnsmasq, "dnsmasqx forwarded"),
            Line::Malformed(_)
        ));
        // OpenWrt's logread.
        let (t, c, _) = query(parse(
            LogFormat::Dnsmasq,
            "Sun Mar  8 17:11:28 2009 daemon.info dnsmasq[2201]: query[A] jogli.com from 10.0.0.5",
        ));
        assert_eq!(
            (t, c.as_deref()),
            (local("2009-03-08T17:11:28"), Some("10.0.0.5"))
        );
    }

    #[test]
    fn coredns_common_combined_and_old_formats() {
        assert_query(
            LogFormat::CoreDns,
            r#"2018-10-30T19:10:07.547Z [INFO] [::1]:50759 - 29008 "A IN example.org. udp 41 false 4096" NOERROR qr,rd,ra,ad 68 0.037990251s"#,
            time::iso("2018-10-30T19:10:07.547Z"),
            Some("::1"),
            "example.org.",
        );
        let (t, c, _) = query(parse(
            LogFormat::CoreDns,
            r#"[INFO] 10.244.0.5:36255 - 36946 "A IN kubernetes.default.svc.cluster.local. udp 77 false 4096" NOERROR qr,aa,rd 106 0.0002139s "0""#,
        ));
        assert_eq!((t, c.as_deref()), (None, Some("10.244.0.5")));
        assert_query(
            LogFormat::CoreDns,
            r#"172.17.0.18:41675 - [07/Sep/2018:15:29:11 +0000] 59925 "A IN kubernetes.default.svc.cluster.local. udp 54 false 512" NOERROR qr,aa,rd,ra 106 0.000066649s"#,
            time::iso("2018-09-07T15:29:11Z"),
            Some("172.17.0.18"),
            "kubernetes.default.svc.cluster.local.",
        );
        for other in [
            ".:53",
            "CoreDNS-1.2.0",
            "linux/amd64, go1.10.3, 2e322f6",
            "2018/08/15 14:37:15 [INFO] CoreDNS-1.2.0",
            "[INFO] plugin/reload: Running configuration MD5 = 162475cdf272d8aa601e6fe67a6ad42f",
            "[ERROR] plugin/errors: 2 example.org. A: read udp 10.0.0.1:53: i/o timeout",
        ] {
            assert_eq!(parse(LogFormat::CoreDns, other), Line::Other, "{other}");
        }
        for malformed in [
            r#"[INFO] x.y.z:1 - 2 "A IN jogli.com. udp 1 false 512" NOERROR"#,
            r#"[INFO] 10.0.0.5:1 - 2 "A IN"#,
            r#"10.0.0.5 - - [08/Mar/2009:17:11:28 +0000] "GET / HTTP/1.1" 200 512"#,
            r#"10.0.0.5:1 - [99/Sep/2018:15:29:11 +0000] 1 "A IN jogli.com. udp 1 false 512""#,
        ] {
            assert!(
                matches!(parse(LogFormat::CoreDns, malformed), Line::Malformed(_)),
                "{malformed}"
            );
        }
    }

    #[test]
    fn powerdns_structured_and_older_questions() {
        assert_query(
            LogFormat::PowerDns,
            r#"Jul 09 09:08:31 msg="Question" subsystem="syncres" level="0" prio="Info" tid="4" ts="1720508911.919" ecs="" mtid="1" proto="udp" qname="www.example.com" qtype="A" remote="127.0.0.1:54573""#,
            time::iso("2024-07-09T07:08:31.919Z"),
            Some("127.0.0.1"),
            "www.example.com",
        );
        let (_, c, _) = query(parse(
            LogFormat::PowerDns,
            r#"msg="Question" subsystem="syncres" qname="jogli.com" qtype="A" remote="127.0.0.1:5300" source="[2001:db8::5]:41000""#,
        ));
        assert_eq!(c.as_deref(), Some("2001:db8::5"));
        assert_eq!(
            parse(
                LogFormat::PowerDns,
                r#"Jul 09 09:08:32 msg="Answer" subsystem="syncres" qname="www.example.com" rcode="0""#
            ),
            Line::Other
        );
        assert_query(LogFormat::PowerDns, "Mar  8 17:11:28 ns1 pdns_recursor[10861]: 3 [1418626328/2] question for 'jogli.com|A' from 10.1.2.3:55002 (ecs 10.100.1.52/32)", local("2009-03-08T17:11:28"), Some("10.1.2.3"), "jogli.com");
        let (_, c, _) = query(parse(
            LogFormat::PowerDns,
            "1 [1/1] TCP question for 'jogli.com|AAAA' from [::1]:53",
        ));
        assert_eq!(c.as_deref(), Some("::1"));
        assert_eq!(
            parse(LogFormat::PowerDns, "Mar  8 17:11:28 ns1 pdns_recursor[10861]: 3 [1418626328/2] answer to question 'jogli.com|A': 1 answers, 1 additional"),
            Line::Other
        );
        assert!(matches!(
            parse(
                LogFormat::PowerDns,
                r#"msg="Question" qname="jogli.com" ts="x""#
            ),
            Line::Malformed(_)
        ));
        assert!(matches!(
            parse(LogFormat::PowerDns, "question for 'jogli.com|A'"),
            Line::Malformed(_)
        ));
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
        assert_query(
            LogFormat::ZeekJson,
            r#"{"ts":1236532288.25,"uid":"C1","id.orig_h":"10.0.0.5","query":"jogli.com","qtype":1}"#,
            time::epoch("1236532288.25"),
            Some("10.0.0.5"),
            "jogli.com",
        );
        let (t, _, _) = query(parse(
            LogFormat::ZeekJson,
            r#"{"ts":"2009-03-08T17:11:28.250000Z","id.orig_h":"10.0.0.5","query":"jogli.com"}"#,
        ));
        assert_eq!(t, time::iso("2009-03-08T17:11:28.25Z"));
        assert_query(
            LogFormat::Suricata,
            r#"{"timestamp":"2009-03-08T18:11:28.000000+0100","event_type":"dns","src_ip":"10.0.0.5","dns":{"type":"query","rrname":"jogli.com","rrtype":"A"}}"#,
            time::iso("2009-03-08T17:11:28Z"),
            Some("10.0.0.5"),
            "jogli.com",
        );
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
        assert_query(
            LogFormat::Text,
            "2009-03-08 17:11:28 10.0.0.5 jogli.com",
            local("2009-03-08T17:11:28"),
            Some("10.0.0.5"),
            "jogli.com",
        );
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

    /// Every prefix of every shape of line, read as every format, and with its bytes
    /// shuffled: parsed or refused, never a panic.
    #[test]
    fn cut_and_garbled_lines_of_every_shape_do_not_panic() {
        let lines = [
            "<30>Mar  9 23:59:59 host named[17742]: client @0x7f1dd4114af0 192.168.0.1#59735 (config.example.cz): query: config.example.cz IN TXT + (192.168.0.1)",
            "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" a=\"\\]\"] \u{feff}[1113:1] query: 5.6.7.8 example.com. A IN",
            "Sun Mar  9 23:59:59 2026 daemon.info dnsmasq[2201]: query[A] jogli.com from 10.0.0.5",
            "Mar  9 2026 23:59:59 10.0.0.1 unbound: [7497:0] info: 192.168.0.1 jogli.com. A IN",
            "2014-07-14T14:00:02.814490-04:00 arrakis unbound: [2541:0] info: 127.0.0.1 talkgadget.google.com. A IN",
            "dnsmasq: query[A] www.example.com from 192.168.50.29",
            r#"2018-10-30T19:10:07.547Z [INFO] [::1]:50759 - 29008 "A IN example.org. udp 41 false 4096" NOERROR qr,rd,ra,ad 68 0.037990251s"#,
            r#"172.17.0.18:41675 - [07/Sep/2018:15:29:11 +0000] 59925 "A IN kubernetes.default.svc.cluster.local. udp 54 false 512" NOERROR"#,
            r#"Jul 09 09:08:31 msg="Question" subsystem="syncres" ts="1720508911.919" qname="www.example.com" qtype="A" remote="[::1]:54573" source="127.0.0.1:1""#,
            "Mar  8 17:11:28 ns1 pdns_recursor[10861]: 3 [1418626328/2] question for 'jogli.com|A' from 10.1.2.3:55002 (ecs 10.100.1.52/32)",
        ];
        for line in lines {
            let mut shuffled: Vec<char> = line.chars().collect();
            shuffled.reverse();
            let shuffled: String = shuffled.into_iter().collect();
            for text in [line, shuffled.as_str()] {
                for format in LogFormat::ALL {
                    let mut p = LineParser::new(format, ParseOptions { syslog_year: 2026 });
                    for (end, _) in text.char_indices() {
                        let _ = p.parse(&text[..end]);
                        let _ = p.parse(&text[end..]);
                    }
                }
            }
        }
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
