//! `scan-log`: the clients in DNS logs that looked up Conficker names.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use conficker_dga::dates::today_utc;
use conficker_dga::logscan::{LogFormat, ScanOptions, ScanReport, Scanner};
use conficker_dga::variant::VariantSet;

use super::{csv_field, date_arg, variants_arg, CliError};

const CHUNK: usize = 1 << 20;
/// Runs shorter than this show no bar.
const QUIET_FOR: Duration = Duration::from_secs(1);

#[derive(Clone, Copy, ValueEnum)]
enum InputFormat {
    /// Tell each file's format from its first lines
    Auto,
    /// BIND 9 query log
    Bind,
    /// dnsmasq with log-queries
    Dnsmasq,
    /// Unbound with log-queries
    Unbound,
    /// Zeek dns.log, tab-separated with its #fields header
    Zeek,
    /// Zeek dns.log as JSON lines
    ZeekJson,
    /// Suricata eve.json (DNS query events)
    Suricata,
    /// Windows DNS Server debug log (packet logging)
    Windows,
    /// One name per line, optionally with a time and a client address, whitespace-separated
    Text,
    /// Comma-separated name, optional time and client columns, optional header line
    Csv,
}

impl InputFormat {
    fn known(self) -> Option<LogFormat> {
        match self {
            InputFormat::Auto => None,
            InputFormat::Bind => Some(LogFormat::Bind),
            InputFormat::Dnsmasq => Some(LogFormat::Dnsmasq),
            InputFormat::Unbound => Some(LogFormat::Unbound),
            InputFormat::Zeek => Some(LogFormat::Zeek),
            InputFormat::ZeekJson => Some(LogFormat::ZeekJson),
            InputFormat::Suricata => Some(LogFormat::Suricata),
            InputFormat::Windows => Some(LogFormat::Windows),
            InputFormat::Text => Some(LogFormat::Text),
            InputFormat::Csv => Some(LogFormat::Csv),
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Output {
    /// Readable tables: clients, days, files
    Table,
    /// One row per client (or per day with --per-day)
    Csv,
    /// The full report as one JSON object
    Json,
}

/// Find the hosts that looked up Conficker names in DNS logs.
///
/// Each query's name is checked against the worm's lists of the query's UTC date, plus or
/// minus --slack days. Files may be gzip-compressed. Exit status as grep: 0 if some client
/// looked up a Conficker name, 1 if none, 2 on error.
#[derive(Args)]
pub struct ScanLogArgs {
    /// Log files, plain or gzip-compressed; `-` reads standard input
    #[arg(value_name = "FILE", required = true)]
    files: Vec<String>,
    /// Days either side of each query's UTC date whose lists are checked (clock skew,
    /// time zones)
    #[arg(long, value_name = "DAYS", default_value_t = 2,
          value_parser = clap::value_parser!(u32).range(0..=30))]
    slack: u32,
    /// Log format
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    format: InputFormat,
    /// Variants, comma-separated: A, B, C or aliases such as Conficker.D (= C)
    #[arg(long, value_name = "VARIANTS", value_parser = variants_arg, default_value = "A,B,C")]
    variants: VariantSet,
    /// Offset from UTC of log times written without a zone (BIND, dnsmasq, Windows),
    /// e.g. +01:00 or -05:00
    #[arg(long, value_name = "OFFSET", default_value = "+00:00", value_parser = offset_arg,
          allow_hyphen_values = true)]
    utc_offset: i32,
    /// The year of syslog times (`Nov 26 17:11:28`), which have none (default: this year,
    /// UTC); a log that crosses New Year moves on by itself
    #[arg(long, value_name = "YEAR")]
    year: Option<i32>,
    /// The UTC date of queries whose lines have no time (plain lists of names)
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    date: Option<NaiveDate>,
    /// Output format
    #[arg(short, long, value_enum, default_value_t = Output::Table)]
    output: Output,
    /// List only clients that looked up at least N distinct Conficker names (one name is
    /// often an ordinary site that happens to be in a list; an infected host looks up
    /// hundreds a day)
    #[arg(long, value_name = "N", default_value_t = 1)]
    min_names: u64,
    /// With --output csv: the per-day totals instead of the clients
    #[arg(long)]
    per_day: bool,
}

pub fn run(args: ScanLogArgs) -> Result<ExitCode, CliError> {
    let options = ScanOptions {
        slack: args.slack,
        variants: args.variants,
        format: args.format.known(),
        local_offset_seconds: args.utc_offset,
        undated: args.date,
        syslog_year: args.year.unwrap_or_else(|| today_utc().year()),
        min_names: args.min_names,
    };
    let mut scanner = Scanner::new(options);
    let mut progress = Progress::new(&args.files);
    let mut stopped = false;
    for path in &args.files {
        if !scan_file(&mut scanner, path, &mut progress)? {
            stopped = true;
            break;
        }
    }
    progress.finish();
    let mut report = scanner.report();
    report.stopped = stopped;
    warn_about_lines(&report);
    let mut out = BufWriter::new(io::stdout().lock());
    match (args.output, args.per_day) {
        (Output::Table, _) => write_table(&report, &mut out)?,
        (Output::Csv, false) => write_clients_csv(&report, &mut out)?,
        (Output::Csv, true) => write_days_csv(&report, &mut out)?,
        (Output::Json, _) => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(if report.clients.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads one file to its end, or until Ctrl-C (then `false`).
fn scan_file(scanner: &mut Scanner, path: &str, progress: &mut Progress) -> Result<bool, CliError> {
    let cannot = |e: io::Error| CliError(format!("cannot read {path}: {e}"));
    let mut input: Box<dyn Read> = if path == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(path).map_err(cannot)?)
    };
    let name = if path == "-" { "standard input" } else { path };
    scanner.begin(name)?;
    let mut buffer = vec![0u8; CHUNK];
    loop {
        let n = match input.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(cannot(e)),
        };
        scanner.push(&buffer[..n])?;
        progress.advance(n as u64);
        if progress.interrupted() {
            return Ok(false);
        }
    }
    scanner.end()?;
    Ok(true)
}

/// A bar over the bytes of all files on standard error, when it is a terminal; Ctrl-C
/// stops the scan and keeps what was found.
struct Progress {
    started: Instant,
    total: Option<u64>,
    done: u64,
    bar: Option<ProgressBar>,
    terminal: bool,
    interrupted: Arc<AtomicBool>,
}

impl Progress {
    fn new(files: &[String]) -> Progress {
        let interrupted = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&interrupted);
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
        let total = files
            .iter()
            .map(|f| {
                std::fs::metadata(f)
                    .ok()
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
            })
            .sum();
        Progress {
            started: Instant::now(),
            total,
            done: 0,
            bar: None,
            terminal: io::stderr().is_terminal(),
            interrupted,
        }
    }

    fn advance(&mut self, bytes: u64) {
        self.done += bytes;
        if !self.terminal || self.started.elapsed() < QUIET_FOR {
            return;
        }
        let total = self.total;
        let bar = self.bar.get_or_insert_with(|| {
            let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
            let template = if total.is_some() {
                "{bar:40} {bytes}/{total_bytes}, {bytes_per_sec}, {eta} left (Ctrl-C stops and reports what was found)"
            } else {
                "{spinner} {bytes}, {bytes_per_sec} (Ctrl-C stops and reports what was found)"
            };
            bar.set_style(ProgressStyle::with_template(template).expect("valid template"));
            bar
        });
        bar.set_position(self.done);
    }

    fn interrupted(&self) -> bool {
        self.interrupted.load(Ordering::Relaxed)
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Malformed and undated lines, on standard error whatever the output format.
fn warn_about_lines(report: &ScanReport) {
    if report.stopped {
        eprintln!(
            "conficker-dga: stopped before the end of the input; the report covers what was read"
        );
    }
    for s in &report.sources {
        if let Some(first) = s.malformed_examples.first() {
            eprintln!(
                "conficker-dga: {}: {} skipped, e.g. line {} ({}): {}",
                s.name,
                count(s.malformed, "malformed line", "malformed lines"),
                first.line,
                first.reason,
                first.text
            );
        }
        if s.undated > 0 {
            eprintln!(
                "conficker-dga: {}: {} without a time not checked; give --date YYYY-MM-DD",
                s.name,
                count(s.undated, "query", "queries")
            );
        }
    }
}

fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn or_dash(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("-")
}

fn write_table(report: &ScanReport, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "{}, {}, {} by {} (variants {}, lists of the query date ±{} days)",
        count(report.lines(), "line", "lines"),
        count(report.queries(), "query", "queries"),
        count(report.lookups(), "Conficker lookup", "Conficker lookups"),
        count(
            report.clients.len() as u64 + report.clients_below_min_names,
            "client",
            "clients"
        ),
        report.variants,
        report.slack_days
    )?;
    if report.clients_below_min_names > 0 {
        writeln!(
            out,
            "{} with fewer than {} are not listed (--min-names)",
            count(report.clients_below_min_names, "client", "clients"),
            count(
                report.min_names,
                "distinct Conficker name",
                "distinct Conficker names"
            )
        )?;
    }
    if !report.clients.is_empty() {
        let width = report
            .clients
            .iter()
            .map(|c| or_dash(&c.client).len())
            .max()
            .unwrap_or(0)
            .max(6);
        writeln!(out)?;
        writeln!(
            out,
            "{:width$}  {:8}  {:24}  {:24}  {:>7}  {:>5}  EXAMPLES (variant date #index)",
            "CLIENT", "VARIANTS", "FIRST", "LAST", "LOOKUPS", "NAMES"
        )?;
        for c in &report.clients {
            let examples: Vec<String> = c
                .examples
                .iter()
                .map(|e| format!("{} ({} {} #{})", e.name, e.variant, e.date, e.index))
                .collect();
            writeln!(
                out,
                "{:width$}  {:8}  {:24}  {:24}  {:>7}  {:>5}  {}",
                or_dash(&c.client),
                c.variants,
                or_dash(&c.first),
                or_dash(&c.last),
                c.lookups,
                c.distinct_names,
                examples.join(", ")
            )?;
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
            writeln!(
                out,
                "{:10}  {:>10}  {:>7}  {:>7}  {:>7}  {:>7}  {:>7}",
                d.date, d.queries, d.lookups, d.a, d.b, d.c, d.clients
            )?;
        }
    }
    writeln!(out)?;
    for s in &report.sources {
        writeln!(
            out,
            "{} ({}{}): {}, {}, {} other, {} malformed, {} undated",
            s.name,
            s.format.map_or("no lines", |f| f.name()),
            if s.gzip { ", gzip" } else { "" },
            count(s.lines, "line", "lines"),
            count(s.queries, "query", "queries"),
            s.other,
            s.malformed,
            s.undated
        )?;
    }
    Ok(())
}

fn write_clients_csv(report: &ScanReport, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "client,variants,first,last,lookups,distinct_names,examples"
    )?;
    for c in &report.clients {
        let examples: Vec<String> = c
            .examples
            .iter()
            .map(|e| format!("{} {} {} {}", e.name, e.variant, e.date, e.index))
            .collect();
        writeln!(
            out,
            "{},{},{},{},{},{},{}",
            csv_field(c.client.as_deref().unwrap_or("")),
            csv_field(&c.variants),
            c.first.as_deref().unwrap_or(""),
            c.last.as_deref().unwrap_or(""),
            c.lookups,
            c.distinct_names,
            csv_field(&examples.join(";"))
        )?;
    }
    Ok(())
}

fn write_days_csv(report: &ScanReport, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "date,queries,lookups,a,b,c,clients")?;
    for d in &report.days {
        writeln!(
            out,
            "{},{},{},{},{},{},{}",
            d.date, d.queries, d.lookups, d.a, d.b, d.c, d.clients
        )?;
    }
    Ok(())
}

/// `+01:00`, `-0500`, `+1`, `Z` or `UTC` to seconds east of UTC.
fn offset_arg(s: &str) -> Result<i32, String> {
    let bad = || format!("'{s}' is not a UTC offset: use +HH:MM or -HH:MM (e.g. +01:00)");
    let t = s.trim();
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
        return Ok(0);
    }
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        _ => return Err(bad()),
    };
    let (hours, minutes) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "0"),
    };
    let hours: i32 = hours.parse().map_err(|_| bad())?;
    let minutes: i32 = minutes.parse().map_err(|_| bad())?;
    if hours > 14 || minutes > 59 || !rest.bytes().all(|b| b.is_ascii_digit() || b == b':') {
        return Err(bad());
    }
    Ok(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_in_the_usual_spellings() {
        assert_eq!(offset_arg("+01:00"), Ok(3600));
        assert_eq!(offset_arg("-0530"), Ok(-(5 * 3600 + 30 * 60)));
        assert_eq!(offset_arg("+2"), Ok(7200));
        assert_eq!(offset_arg("Z"), Ok(0));
        assert!(offset_arg("01:00").is_err());
        assert!(offset_arg("+25:00").is_err());
        assert!(offset_arg("+1x").is_err());
    }
}
