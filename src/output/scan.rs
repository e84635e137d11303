//! A DNS log scan's report as tables, CSV of the clients or of the days, JSON, and the cells
//! and sentences of the page's Logs view.

use std::borrow::Cow;
use std::io::{self, Write};
use std::str::FromStr;

use serde::Serialize;

use crate::error::{Field, InputError};
use crate::logscan::binary::record_unit;
use crate::logscan::{ClientReport, DayReport, ScanReport, SourceSummary};
use crate::networks::machines::Machine;
use crate::options::{choose, Choice};
use crate::output::{count, csv_field, grouped, terminal_safe, File, TerminalWriter};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScanFormat {
    /// Readable tables: clients, days, files
    Table,
    /// A row per client
    ClientsCsv,
    /// A row per UTC day
    DaysCsv,
    /// The whole report as one JSON object
    Json,
}

impl ScanFormat {
    pub const ALL: [ScanFormat; 4] = [
        ScanFormat::Table,
        ScanFormat::ClientsCsv,
        ScanFormat::DaysCsv,
        ScanFormat::Json,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            ScanFormat::Table => "table",
            ScanFormat::ClientsCsv => "clients-csv",
            ScanFormat::DaysCsv => "days-csv",
            ScanFormat::Json => "json",
        }
    }

    const fn file_name(self) -> &'static str {
        match self {
            ScanFormat::Table => "conficker-scan.txt",
            ScanFormat::ClientsCsv => "conficker-clients.csv",
            ScanFormat::DaysCsv => "conficker-days.csv",
            ScanFormat::Json => "conficker-scan.json",
        }
    }

    const fn media_type(self) -> &'static str {
        match self {
            ScanFormat::Table => "text/plain",
            ScanFormat::ClientsCsv | ScanFormat::DaysCsv => "text/csv",
            ScanFormat::Json => "application/json",
        }
    }
}

impl FromStr for ScanFormat {
    type Err = InputError;

    fn from_str(s: &str) -> Result<ScanFormat, InputError> {
        choose(Field::Format, s)
    }
}

impl Choice for ScanFormat {
    const ALL: &'static [ScanFormat] = &ScanFormat::ALL;

    fn name(self) -> &'static str {
        ScanFormat::name(self)
    }
}

pub fn write(report: &ScanReport, format: ScanFormat, out: &mut impl Write) -> io::Result<()> {
    match format {
        ScanFormat::Table => {
            let mut terminal = TerminalWriter::new(out);
            write_table(report, &mut terminal)?;
            terminal.finish()
        }
        ScanFormat::ClientsCsv => write_clients_csv(report, out),
        ScanFormat::DaysCsv => write_days_csv(report, out),
        ScanFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, report)?;
            writeln!(out)
        }
    }
}

pub fn file(report: &ScanReport, format: ScanFormat) -> File {
    let mut text = Vec::new();
    write(report, format, &mut text).expect("writing to memory does not fail");
    File {
        text: String::from_utf8(text).expect("the report is written as UTF-8"),
        file_name: format.file_name().to_string(),
        media_type: format.media_type(),
    }
}

/// What the report says in sentences and cells, for a shell that lays them out itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct View {
    pub summary: String,
    pub clients: Vec<ClientView>,
    pub days: Vec<[String; 7]>,
    pub sources: Vec<SourceView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClientView {
    /// Client, variants, first and last lookup, lookups, distinct names.
    pub cells: [String; 6],
    /// Distinct names looked up, as a number: how strongly the row is marked.
    pub names: u64,
    pub examples: String,
    /// The programs that asked (Sysmon), comma-separated; empty when the log names none.
    pub processes: String,
    /// From DHCP: `host name (MAC address)`; empty when no lease covers the client.
    pub machine: String,
    /// Why a machine's share is partial; empty when it is not.
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceView {
    pub text: String,
    pub malformed: Vec<String>,
}

pub fn view(report: &ScanReport) -> View {
    let mut summary = totals(report);
    for line in [below_min_names(report), stopped(report)]
        .into_iter()
        .flatten()
    {
        summary.push_str(". ");
        summary.push_str(&line);
    }
    View {
        summary,
        clients: report
            .clients
            .iter()
            .map(|c| ClientView {
                cells: shown_cells(c),
                names: c.distinct_names,
                examples: examples(c),
                processes: c.processes.join(", "),
                machine: c.machine.as_ref().map(Machine::label).unwrap_or_default(),
                note: c
                    .machine
                    .as_ref()
                    .and_then(|m| m.note.clone())
                    .unwrap_or_default(),
            })
            .collect(),
        days: report.days.iter().map(day_cells).collect(),
        sources: report
            .sources
            .iter()
            .map(|s| SourceView {
                text: source_line(s),
                malformed: s
                    .malformed_examples
                    .iter()
                    .map(|m| {
                        let unit = record_unit(s.format).0;
                        format!("{unit} {} ({}): {}", m.line, m.reason, m.text)
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// What a shell says on the side (standard error): a stopped scan, skipped and undated lines;
/// safe for a terminal.
pub fn warnings(report: &ScanReport) -> Vec<String> {
    let mut warnings: Vec<String> = stopped(report).into_iter().collect();
    for s in &report.sources {
        if let Some(first) = s.malformed_examples.first() {
            let (one, many) = record_unit(s.format);
            warnings.push(format!(
                "{}: {} skipped, e.g. {one} {} ({}): {}",
                s.name,
                count(
                    s.malformed,
                    &format!("malformed {one}"),
                    &format!("malformed {many}")
                ),
                first.line,
                first.reason,
                first.text
            ));
        }
        if s.undated > 0 {
            warnings.push(format!(
                "{}: {} without a time not checked; give the date of lines without a time (--date YYYY-MM-DD)",
                s.name,
                count(s.undated, "query", "queries")
            ));
        }
    }
    warnings
        .into_iter()
        .map(|w| terminal_safe(&w).into_owned())
        .collect()
}

/// What the sources' records are called: lines, packets or event records when all are of a
/// kind, records when they are mixed.
fn report_unit(report: &ScanReport) -> (&'static str, &'static str) {
    let mut units = report.sources.iter().map(|s| record_unit(s.format));
    match units.next() {
        Some(first) if units.all(|u| u == first) => first,
        Some(_) => ("record", "records"),
        None => record_unit(None),
    }
}

fn totals(report: &ScanReport) -> String {
    let (one, many) = report_unit(report);
    format!(
        "{}, {}, {} by {} (variants {}, lists of the query date ±{} days)",
        count(report.lines(), one, many),
        count(report.queries(), "query", "queries"),
        count(report.lookups(), "Conficker lookup", "Conficker lookups"),
        count(
            distinct_clients(report) + report.clients_below_min_names,
            "client",
            "clients"
        ),
        report.variants,
        report.slack_days
    )
}

/// Clients, an address shared among machines (`scan-log --dhcp`) counted once.
fn distinct_clients(report: &ScanReport) -> u64 {
    let clients: std::collections::HashSet<&Option<String>> =
        report.clients.iter().map(|c| &c.client).collect();
    clients.len() as u64
}

fn below_min_names(report: &ScanReport) -> Option<String> {
    (report.clients_below_min_names > 0).then(|| {
        format!(
            "{} with fewer than {} are not listed (minimum of distinct names)",
            count(report.clients_below_min_names, "client", "clients"),
            count(
                report.min_names,
                "distinct Conficker name",
                "distinct Conficker names"
            )
        )
    })
}

fn stopped(report: &ScanReport) -> Option<String> {
    report
        .stopped
        .then(|| "stopped before the end of the input; the report covers what was read".into())
}

fn or_dash(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("-")
}

fn client_cells(c: &ClientReport) -> [String; 6] {
    [
        or_dash(&c.client).to_string(),
        c.variants.clone(),
        or_dash(&c.first).to_string(),
        or_dash(&c.last).to_string(),
        c.lookups.to_string(),
        c.distinct_names.to_string(),
    ]
}

/// The client's cells as a page shows them, where width is short: times to the second without
/// the `T` and `Z` (the column says UTC), counts grouped by thousands.
fn shown_cells(c: &ClientReport) -> [String; 6] {
    let [client, variants, first, last, lookups, names] = client_cells(c);
    let count = |n: String| n.parse().map_or(n, grouped);
    [
        client,
        variants,
        shown_time(&first),
        shown_time(&last),
        count(lookups),
        count(names),
    ]
}

/// A UTC time `2020-01-19T17:18:14.899999Z` as `2020-01-19 17:18:14`; other text unchanged.
fn shown_time(time: &str) -> String {
    match time.strip_suffix('Z') {
        Some(utc) if utc.len() >= 19 && utc.as_bytes()[10] == b'T' => {
            let whole = utc.split_once('.').map_or(utc, |(whole, _)| whole);
            whole.replacen('T', " ", 1)
        }
        _ => time.to_string(),
    }
}

fn examples(c: &ClientReport) -> String {
    let examples: Vec<String> = c
        .examples
        .iter()
        .map(|e| format!("{} ({} {} #{})", e.name, e.variant, e.date, e.index))
        .collect();
    examples.join(", ")
}

fn day_cells(d: &DayReport) -> [String; 7] {
    [
        d.date.clone(),
        d.queries.to_string(),
        d.lookups.to_string(),
        d.a.to_string(),
        d.b.to_string(),
        d.c.to_string(),
        d.clients.to_string(),
    ]
}

fn source_line(s: &SourceSummary) -> String {
    let (one, many) = record_unit(s.format);
    format!(
        "{} ({}{}{}): {}, {}, {} other, {} malformed, {} undated",
        s.name,
        s.format.map_or("no lines", |f| f.name()),
        if s.gzip { ", gzip" } else { "" },
        logged_by(s),
        count(s.lines, one, many),
        count(s.queries, "query", "queries"),
        s.other,
        s.malformed,
        s.undated
    )
}

/// `, logged by ns1, ns2`, from the syslog headers.
fn logged_by(s: &SourceSummary) -> String {
    if s.logging_hosts.is_empty() {
        return String::new();
    }
    format!(
        ", logged by {}{}",
        s.logging_hosts.join(", "),
        if s.more_logging_hosts {
            " and others"
        } else {
            ""
        }
    )
}

fn write_table(report: &ScanReport, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{}", totals(report))?;
    if let Some(line) = below_min_names(report) {
        writeln!(out, "{line}")?;
    }
    if !report.clients.is_empty() {
        // A log's clients and DHCP's host names may hold control characters: the columns are
        // measured on them escaped, as the terminal shows them, in characters.
        let clients: Vec<Cow<str>> = report
            .clients
            .iter()
            .map(|c| terminal_safe(or_dash(&c.client)))
            .collect();
        let machines: Vec<Option<String>> = report
            .clients
            .iter()
            .map(|c| {
                c.machine
                    .as_ref()
                    .map(|m| terminal_safe(&m.label()).into_owned())
            })
            .collect();
        let width = clients
            .iter()
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0)
            .max(6);
        // Times with microseconds (captures) are wider than the usual milliseconds.
        let time = report
            .clients
            .iter()
            .flat_map(|c| [or_dash(&c.first).len(), or_dash(&c.last).len()])
            .max()
            .unwrap_or(0)
            .max(24);
        // Programs are named only by endpoint logs, machines only with DHCP files; a column
        // of dashes says nothing.
        let processes = report.clients.iter().any(|c| !c.processes.is_empty());
        let machine_width = machines.iter().flatten().map(|m| m.chars().count()).max();
        let machine_header = match machine_width {
            Some(w) => format!("{:w$}  ", "MACHINE", w = w.max(7)),
            None => String::new(),
        };
        writeln!(out)?;
        writeln!(
            out,
            "{:width$}  {machine_header}{:8}  {:time$}  {:time$}  {:>7}  {:>5}  EXAMPLES (variant date #index){}",
            "CLIENT",
            "VARIANTS",
            "FIRST",
            "LAST",
            "LOOKUPS",
            "NAMES",
            if processes { "  PROCESSES" } else { "" }
        )?;
        for ((c, client), machine) in report.clients.iter().zip(&clients).zip(&machines) {
            let [_, variants, first, last, lookups, names] = client_cells(c);
            let programs = if processes {
                format!("  {}", or_dash_list(&c.processes))
            } else {
                String::new()
            };
            let machine = match machine_width {
                Some(w) => format!("{:w$}  ", machine.as_deref().unwrap_or("-"), w = w.max(7)),
                None => String::new(),
            };
            writeln!(
                out,
                "{client:width$}  {machine}{variants:8}  {first:time$}  {last:time$}  {lookups:>7}  {names:>5}  {}{programs}",
                examples(c)
            )?;
            if let Some(note) = c.machine.as_ref().and_then(|m| m.note.as_ref()) {
                writeln!(out, "{:width$}  note: {note}", "")?;
            }
        }
    }
    if !report.days.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{:10}  {:>10}  {:>7}  {:>7}  {:>7}  {:>7}  {:>7}",
            "DATE", "QUERIES", "LOOKUPS", "A", "B", "C", "CLIENTS"
        )?;
        for d in &report.days {
            let [date, queries, lookups, a, b, c, clients] = day_cells(d);
            writeln!(
                out,
                "{date:10}  {queries:>10}  {lookups:>7}  {a:>7}  {b:>7}  {c:>7}  {clients:>7}"
            )?;
        }
    }
    writeln!(out)?;
    for s in &report.sources {
        writeln!(out, "{}", source_line(s))?;
    }
    Ok(())
}

fn or_dash_list(list: &[String]) -> String {
    if list.is_empty() {
        "-".to_string()
    } else {
        list.join(", ")
    }
}

/// With machines (`scan-log --dhcp`), their MAC address and host name follow the client and
/// a note ends the row; without, the columns are those of a scan without DHCP files.
fn write_clients_csv(report: &ScanReport, out: &mut impl Write) -> io::Result<()> {
    let machines = report.clients.iter().any(|c| c.machine.is_some());
    let (machine_columns, note_column) = if machines {
        (",mac,hostname", ",note")
    } else {
        ("", "")
    };
    writeln!(
        out,
        "client{machine_columns},variants,first,last,lookups,distinct_names,examples,processes{note_column}"
    )?;
    for c in &report.clients {
        let examples: Vec<String> = c
            .examples
            .iter()
            .map(|e| format!("{} {} {} {}", e.name, e.variant, e.date, e.index))
            .collect();
        let (machine, note) = match (machines, &c.machine) {
            (false, _) => (String::new(), String::new()),
            (true, None) => (",,".into(), ",".into()),
            (true, Some(m)) => (
                format!(
                    ",{},{}",
                    csv_field(&m.mac),
                    csv_field(m.hostname.as_deref().unwrap_or(""))
                ),
                format!(",{}", csv_field(m.note.as_deref().unwrap_or(""))),
            ),
        };
        writeln!(
            out,
            "{}{machine},{},{},{},{},{},{},{}{note}",
            csv_field(c.client.as_deref().unwrap_or("")),
            csv_field(&c.variants),
            c.first.as_deref().unwrap_or(""),
            c.last.as_deref().unwrap_or(""),
            c.lookups,
            c.distinct_names,
            csv_field(&examples.join(";")),
            csv_field(&c.processes.join(";"))
        )?;
    }
    Ok(())
}

fn write_days_csv(report: &ScanReport, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "date,queries,lookups,a,b,c,clients")?;
    for d in &report.days {
        writeln!(out, "{}", day_cells(d).join(","))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logscan::{ScanOptions, Scanner};

    fn report() -> ScanReport {
        let mut scanner = Scanner::new(ScanOptions::new(2009));
        scanner.begin("dnsmasq.log").unwrap();
        scanner
            .push(
                b"Mar  8 17:11:28 dnsmasq[12]: query[A] jogli.com from 10.0.0.5\n\
                  <30>Mar  8 17:11:29 gw dnsmasq[12]: query[A] example.org from 10.0.0.6\n\
                  not a dnsmasq line\n",
            )
            .unwrap();
        scanner.end().unwrap();
        scanner.report()
    }

    #[test]
    fn the_json_a_shell_keeps_reads_back_into_the_same_files() {
        let report = report();
        assert_eq!(report.sources[0].logging_hosts, ["gw"]);
        let json = file(&report, ScanFormat::Json).text;
        assert!(
            json.contains("\"loggingHosts\": [\n        \"gw\"\n      ]"),
            "{json}"
        );
        assert!(!json.contains("moreLoggingHosts"), "{json}");
        let mut more = report.clone();
        more.sources[0].more_logging_hosts = true;
        let more_json = file(&more, ScanFormat::Json).text;
        assert!(
            more_json.contains("\"moreLoggingHosts\": true"),
            "{more_json}"
        );
        assert_eq!(
            serde_json::from_str::<ScanReport>(&more_json).unwrap(),
            more
        );
        assert_eq!(
            view(&more).sources[0].text,
            "dnsmasq.log (dnsmasq, logged by gw and others): 3 lines, 2 queries, 0 other, 1 malformed, 0 undated"
        );
        let back: ScanReport = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report);
        for format in ScanFormat::ALL {
            assert_eq!(file(&back, format), file(&report, format));
        }
    }

    #[test]
    fn csv_and_view_say_who_looked_up_what() {
        let report = report();
        assert_eq!(
            file(&report, ScanFormat::ClientsCsv).text,
            "client,variants,first,last,lookups,distinct_names,examples,processes\n\
             10.0.0.5,B,2009-03-08T17:11:28Z,2009-03-08T17:11:28Z,1,1,jogli.com B 2009-03-08 100,\n"
        );
        assert_eq!(
            file(&report, ScanFormat::DaysCsv).text,
            "date,queries,lookups,a,b,c,clients\n2009-03-08,2,1,0,1,0,1\n"
        );
        let view = view(&report);
        assert_eq!(
            view.summary,
            "3 lines, 2 queries, 1 Conficker lookup by 1 client (variants A,B,C, lists of the query date ±2 days)"
        );
        assert_eq!(view.clients[0].examples, "jogli.com (B 2009-03-08 #100)");
        // On a page, the times to the second and without the T and Z.
        assert_eq!(view.clients[0].cells[2], "2009-03-08 17:11:28");
        assert_eq!(
            [shown_time("2020-01-19T17:18:14.899999Z"), shown_time("-")],
            ["2020-01-19 17:18:14", "-"]
        );
        assert_eq!(
            view.sources[0].text,
            "dnsmasq.log (dnsmasq, logged by gw): 3 lines, 2 queries, 0 other, 1 malformed, 0 undated"
        );
        assert_eq!(warnings(&report).len(), 1);
    }

    /// A client's control characters take four columns each once escaped (`\x1b`): the
    /// columns after it line up with the other rows' all the same.
    #[test]
    fn the_table_lines_up_clients_with_escaped_control_characters() {
        let mut scanner = Scanner::new(ScanOptions::new(2009));
        scanner.begin("dnsmasq.log").unwrap();
        scanner
            .push(
                b"Mar  8 17:11:28 dnsmasq[12]: query[A] jogli.com from 10.0.0.5\x1b\x07\n\
                  Mar  8 17:11:29 dnsmasq[12]: query[A] jogli.com from 10.0.0.16\n",
            )
            .unwrap();
        scanner.end().unwrap();
        let table = file(&scanner.report(), ScanFormat::Table).text;
        let rows: Vec<&str> = table
            .lines()
            .filter(|l| l.starts_with("CLIENT") || l.starts_with("10.0.0."))
            .collect();
        assert_eq!(rows.len(), 3, "{table}");
        assert!(rows[1].starts_with("10.0.0.16   "), "{table}");
        assert!(rows[2].starts_with("10.0.0.5\\x1b\\x07  B "), "{table}");
        let variants = |row: &str| row.find(['B', 'V']).unwrap();
        assert_eq!(variants(rows[0]), variants(rows[1]), "{table}");
        assert_eq!(variants(rows[0]), variants(rows[2]), "{table}");
    }
}
