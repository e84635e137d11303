//! `scan-log`: the clients in DNS logs that looked up Conficker names.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Seek, SeekFrom, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Datelike;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use conficker_dga::error::Field;
use conficker_dga::logscan::parts::{self, Part, ScanPart};
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
            .chain(LogFormat::EVERY.map(|f| (f.name(), f.help())))))]
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
    /// Files (and parts of large plain-text files) read at once (default: one per core)
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<String>,
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

    /// The readers to scan with, checked by the core.
    pub fn threads(&self) -> Result<usize, CliError> {
        Ok(match &self.threads {
            Some(n) => options::threads(n)?,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        })
    }
}

/// Scans `files` into one report on `readers` threads, with a progress bar; Ctrl-C stops the
/// scan and the report says so. Large plain-text files are read in parts at once; the
/// report is the one a single reader would make.
pub fn scan_files(
    options: ScanOptions,
    readers: usize,
    files: &[String],
) -> Result<ScanReport, CliError> {
    let mut tasks = Vec::new();
    for (file, path) in files.iter().enumerate() {
        let parts = if path == "-" {
            vec![Part::WHOLE]
        } else {
            let (head, len) = head_of(path)?;
            parts::plan(&head, len, readers, options)
        };
        tasks.extend(parts.into_iter().map(|part| Task { file, part }));
    }
    let progress = Progress::new(files);
    let mut done = read_all(options, files, &tasks, readers, &progress);
    // A part that began in the wrong syslog year (a log that crossed New Year) is read again;
    // a scan with an error or stopped ends without.
    let read: Option<Vec<ScanPart>> = done
        .iter()
        .map(|r| r.as_ref().and_then(|r| r.as_ref().ok()).cloned())
        .collect();
    if let (Some(read), false) = (read, progress.interrupted()) {
        let (which, redo): (Vec<usize>, Vec<Task>) = parts::to_read_again(&read)
            .into_iter()
            .map(|(i, part)| (i, Task { part, ..tasks[i] }))
            .unzip();
        for (i, result) in which
            .into_iter()
            .zip(read_all(options, files, &redo, readers, &progress))
        {
            done[i] = result;
        }
    }
    progress.finish();
    let mut read = Vec::new();
    for result in done {
        match result {
            Some(Ok(part)) => read.push(part),
            Some(Err(e)) => return Err(e),
            None => break,
        }
    }
    Ok(parts::join(options, read, progress.interrupted()))
}

/// A part of a file to read.
#[derive(Clone, Copy)]
struct Task {
    file: usize,
    part: Part,
}

/// Reads `tasks` on `readers` threads, each keeping its own scanner (and so its lists)
/// from task to task; `None` for a task not begun when Ctrl-C came.
fn read_all(
    options: ScanOptions,
    files: &[String],
    tasks: &[Task],
    readers: usize,
    progress: &Progress,
) -> Vec<Option<Result<ScanPart, CliError>>> {
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<Result<ScanPart, CliError>>>> =
        tasks.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..readers.min(tasks.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut scanner = Scanner::new(options);
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(task) = tasks.get(i) else { break };
                        if progress.interrupted() {
                            break;
                        }
                        let result =
                            read_part(&mut scanner, &files[task.file], task.part, progress);
                        *results[i].lock().expect("no reader panics") = Some(result);
                    }
                })
            })
            .collect();
        while workers.iter().any(|w| !w.is_finished()) {
            progress.show();
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    results
        .into_iter()
        .map(|r| r.into_inner().expect("no reader panics"))
        .collect()
}

/// The first bytes of a file and its length; a file that is not regular (a pipe) has no
/// length and is read whole.
fn head_of(path: &str) -> Result<(Vec<u8>, u64), CliError> {
    let file = File::open(path).map_err(|e| cannot_read(path, e))?;
    let len = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map_or(0, |m| m.len());
    let mut head = Vec::new();
    file.take(parts::HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| cannot_read(path, e))?;
    Ok((head, len))
}

fn cannot_read(path: &str, error: io::Error) -> CliError {
    CliError::Io {
        what: format!("cannot read {path}"),
        error,
    }
}

pub fn run(args: ScanLogArgs) -> Result<ExitCode, CliError> {
    let options = args.scan.options()?;
    let format = match (args.output.as_str(), args.per_day) {
        ("csv", false) => ScanFormat::ClientsCsv,
        ("csv", true) => ScanFormat::DaysCsv,
        (other, _) => other.parse()?,
    };
    let leases = super::report::read_leases(&args.dhcp, &options)?;
    let report = conficker_dga::networks::with_machines(
        &scan_files(options, args.scan.threads()?, &args.files)?,
        &leases,
    );
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

/// Reads one part of a file, or until Ctrl-C; what was read is counted either way.
fn read_part(
    scanner: &mut Scanner,
    path: &str,
    part: Part,
    progress: &Progress,
) -> Result<ScanPart, CliError> {
    let mut input: Box<dyn Read> = if path == "-" {
        Box::new(io::stdin().lock())
    } else {
        let mut file = File::open(path).map_err(|e| cannot_read(path, e))?;
        let from = part.start.saturating_sub(1);
        file.seek(SeekFrom::Start(from))
            .map_err(|e| cannot_read(path, e))?;
        Box::new(file)
    };
    let name = if path == "-" { "standard input" } else { path };
    let head = if part.start > 0 {
        head_of(path)?.0
    } else {
        Vec::new()
    };
    scanner.begin_part(name, &head, part)?;
    drop(head);
    let mut buffer = vec![0u8; CHUNK];
    while !scanner.part_done() && !progress.interrupted() {
        let n = match input.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(cannot_read(path, e)),
        };
        scanner.push(&buffer[..n])?;
        progress.advance(n as u64);
    }
    scanner.end()?;
    Ok(scanner.take_part(part))
}

/// A bar over the bytes of all files on standard error, when it is a terminal, drawn by
/// the thread that waits for the readers; Ctrl-C stops the scan and keeps what was found.
pub(crate) struct Progress {
    started: Instant,
    done: AtomicU64,
    bar: ProgressBar,
    terminal: bool,
    interrupted: Arc<AtomicBool>,
}

impl Progress {
    fn new(files: &[String]) -> Progress {
        let interrupted = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&interrupted);
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
        let total: Option<u64> = files
            .iter()
            .map(|f| {
                std::fs::metadata(f)
                    .ok()
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
            })
            .sum();
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden());
        let template = if total.is_some() {
            "{bar:40} {bytes}/{total_bytes}, {bytes_per_sec}, {eta} left (Ctrl-C stops and reports what was found)"
        } else {
            "{spinner} {bytes}, {bytes_per_sec} (Ctrl-C stops and reports what was found)"
        };
        bar.set_style(ProgressStyle::with_template(template).expect("valid template"));
        Progress {
            started: Instant::now(),
            done: AtomicU64::new(0),
            bar,
            terminal: io::stderr().is_terminal(),
            interrupted,
        }
    }

    fn advance(&self, bytes: u64) {
        self.done.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Draws the bar, once the scan has run for a while.
    fn show(&self) {
        if !self.terminal || self.started.elapsed() < QUIET_FOR {
            return;
        }
        if self.bar.is_hidden() {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        self.bar.set_position(self.done.load(Ordering::Relaxed));
    }

    fn interrupted(&self) -> bool {
        self.interrupted.load(Ordering::Relaxed)
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
