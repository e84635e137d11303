//! `scan-log`: the clients in DNS logs that looked up Conficker names.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Datelike;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use conficker_dga::error::Field;
use conficker_dga::logscan::{LogFormat, ScanOptions, ScanReport, Scanner};
use conficker_dga::options;
use conficker_dga::output::scan::{self as output, ScanFormat};

use super::{date_of, formats, today_utc, variants_of, CliError};

const CHUNK: usize = 1 << 20;
/// Runs shorter than this show no bar.
const QUIET_FOR: Duration = Duration::from_secs(1);

/// Find the hosts that looked up Conficker names in DNS logs.
///
/// Each query's name is checked against the worm's lists of the query's UTC date, plus or
/// minus --slack days. Files may be gzip-compressed. Exit status as grep: 0 if some client
/// looked up a Conficker name, 1 if none, 2 on error.
#[derive(Args)]
pub struct ScanLogArgs {
    /// Log files, packet captures (pcap, pcapng) or Windows event logs (.evtx), plain or
    /// gzip-compressed; `-` reads standard input
    #[arg(value_name = "FILE", required = true)]
    files: Vec<String>,
    #[command(flatten)]
    scan: ScanArgs,
    /// Output format
    #[arg(short, long, default_value = "table", value_parser = formats([
        ("table", "Readable tables: clients, days, files"),
        ("csv", "One row per client (or per day with --per-day)"),
        ("json", "The full report as one JSON object"),
    ]))]
    output: String,
    /// With --output csv: the per-day totals instead of the clients
    #[arg(long)]
    per_day: bool,
    /// DHCP leases or logs, repeatable, for the MAC address and host name of the machine
    /// behind each internal address at its lookups' time: ISC dhcpd.leases, a dnsmasq lease
    /// file or dnsmasq dhcp log lines, a Windows DHCP Server audit log (DhcpSrvLog-*.log)
    #[arg(long, value_name = "FILE")]
    dhcp: Vec<std::path::PathBuf>,
}

/// How logs are read and scanned: `scan-log`'s options, which `report --log` takes too.
#[derive(Args)]
pub struct ScanArgs {
    /// Days either side of each query's UTC date whose lists are checked (clock skew,
    /// time zones), 0 to 30
    #[arg(long, value_name = "DAYS", default_value = "2")]
    slack: String,
    /// Log format
    #[arg(long, default_value = "auto", value_parser = formats(
        std::iter::once(("auto", "Tell each file's format from its first lines (captures and event logs from their first bytes)"))
            .chain(LogFormat::ALL.into_iter().chain(LogFormat::BINARY).map(|f| (f.name(), f.help())))))]
    format: String,
    /// Variants, comma-separated: A, B, C or aliases such as Conficker.D (= C)
    #[arg(long, value_name = "VARIANTS", default_value = "A,B,C")]
    variants: String,
    /// Offset from UTC of times written without a zone (BIND, dnsmasq, syslog, Windows; and
    /// DHCP logs), e.g. +01:00 or -05:00
    #[arg(
        long,
        value_name = "OFFSET",
        default_value = "+00:00",
        allow_hyphen_values = true
    )]
    utc_offset: String,
    /// The year of syslog times (`Nov 26 17:11:28`), which have none (default: this year,
    /// UTC); a log that crosses New Year moves on by itself
    #[arg(long, value_name = "YEAR")]
    year: Option<String>,
    /// The UTC date of queries whose lines have no time (plain lists of names)
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// List only clients that looked up at least N distinct Conficker names (one name is
    /// often an ordinary site that happens to be in a list; an infected host looks up
    /// hundreds a day)
    #[arg(long, value_name = "N", default_value = "1")]
    min_names: String,
}

impl ScanArgs {
    /// The options, each checked by the core.
    pub fn options(&self) -> Result<ScanOptions, CliError> {
        Ok(ScanOptions {
            slack: options::slack(&self.slack)?,
            variants: variants_of(&self.variants)?,
            format: LogFormat::parse_choice(&self.format)?,
            local_offset_seconds: options::utc_offset(&self.utc_offset)?,
            undated: date_of(Field::Date, &self.date)?,
            syslog_year: match &self.year {
                Some(year) => options::year(year)?,
                None => today_utc().year(),
            },
            min_names: options::min_names(&self.min_names)?,
        })
    }
}

/// Scans `files` in turn into one report, with a progress bar; Ctrl-C stops the scan and the
/// report says so.
pub fn scan_files(options: ScanOptions, files: &[String]) -> Result<ScanReport, CliError> {
    let mut scanner = Scanner::new(options);
    let mut progress = Progress::new(files);
    let mut stopped = false;
    for path in files {
        if !scan_file(&mut scanner, path, &mut progress)? {
            stopped = true;
            break;
        }
    }
    progress.finish();
    let mut report = scanner.report();
    report.stopped = stopped;
    Ok(report)
}

pub fn run(args: ScanLogArgs) -> Result<ExitCode, CliError> {
    let options = args.scan.options()?;
    let format = match (args.output.as_str(), args.per_day) {
        ("csv", false) => ScanFormat::ClientsCsv,
        ("csv", true) => ScanFormat::DaysCsv,
        (other, _) => other.parse()?,
    };
    let leases = super::report::read_leases(&args.dhcp, &options)?;
    let report =
        conficker_dga::networks::with_machines(&scan_files(options, &args.files)?, &leases);
    for warning in output::warnings(&report) {
        eprintln!("conficker-dga: {warning}");
    }
    let mut out = BufWriter::new(io::stdout().lock());
    output::write(&report, format, &mut out)?;
    out.flush()?;
    Ok(if report.clients.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads one file to its end, or until Ctrl-C (then `false`).
pub(crate) fn scan_file(
    scanner: &mut Scanner,
    path: &str,
    progress: &mut Progress,
) -> Result<bool, CliError> {
    let cannot = |e: io::Error| CliError::Io {
        what: format!("cannot read {path}"),
        error: e,
    };
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
pub(crate) struct Progress {
    started: Instant,
    total: Option<u64>,
    done: u64,
    bar: Option<ProgressBar>,
    terminal: bool,
    interrupted: Arc<AtomicBool>,
}

impl Progress {
    pub(crate) fn new(files: &[String]) -> Progress {
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

    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
