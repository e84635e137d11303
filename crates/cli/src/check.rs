//! `check`: where and when the worm generated each name.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use serde::Serialize;

use conficker_dga::checker::{CheckReport, CheckResult, Checker};
use conficker_dga::dates::DateRange;
use conficker_dga::variant::VariantSet;

use super::progress::TerminalProgress;
use super::{csv_field, date_arg, range_of, variants_arg, CliError};

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// A readable table
    Table,
    /// One row per hit (or per unmatched line): input,name,verdict,variant,date,index,before_first_seen,reason
    Csv,
    /// The full report as one JSON object
    Json,
}

/// Check names against the worm's lists: every (variant, date, index) where each was
/// generated.
///
/// Names may be URLs, defanged indicators (hxxp://, [.]) or hosts below a Conficker name
/// (www.jogli.com is checked as jogli.com). Exit status as grep: 0 if some name was
/// generated, 1 if none, 2 on error.
#[derive(Args)]
pub struct CheckArgs {
    /// Names to check; `-` reads one per line from standard input (blank lines and
    /// lines starting with # are skipped)
    #[arg(value_name = "NAME")]
    names: Vec<String>,
    /// Read names from a file, one per line (repeatable; `-` is standard input)
    #[arg(short, long, value_name = "FILE")]
    input: Vec<String>,
    /// First UTC date, YYYY-MM-DD (default: 2008-11-21, when A first appeared)
    #[arg(long, value_name = "DATE", value_parser = date_arg, conflicts_with = "around")]
    from: Option<NaiveDate>,
    /// Last UTC date, inclusive (default: one year after today)
    #[arg(long, value_name = "DATE", value_parser = date_arg, conflicts_with = "around")]
    to: Option<NaiveDate>,
    /// Check the days around this UTC date (the date of a log line), see --slack
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    around: Option<NaiveDate>,
    /// Days either side of --around, for skewed clocks and time zones
    #[arg(long, value_name = "DAYS", default_value_t = 2, requires = "around")]
    slack: u32,
    /// Variants, comma-separated: A, B, C or aliases such as Conficker.D (= C)
    #[arg(long, value_name = "VARIANTS", value_parser = variants_arg, default_value = "A,B,C")]
    variants: VariantSet,
    /// Output format
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(args: CheckArgs) -> Result<ExitCode, CliError> {
    let range = match args.around {
        Some(date) => DateRange::around(date, args.slack),
        None => range_of(args.from, args.to, DateRange::era())?,
    };
    let lines = read_names(&args.names, &args.input)?;
    if lines.is_empty() {
        return Err(CliError(
            "no names to check: give names, `-` for standard input, or --input FILE".into(),
        ));
    }
    let checker = Checker::new(lines.iter().map(String::as_str), args.variants);
    let mut progress = TerminalProgress::new();
    let report = checker.run(range, &mut progress);
    progress.finish();
    if report.cancelled {
        eprintln!(
            "conficker-dga: stopped after {} of {} days; the hits below are those found so far",
            report.days_done, report.days_total
        );
    }
    let mut out = BufWriter::new(io::stdout().lock());
    match args.format {
        Format::Table => write_table(&report, &mut out)?,
        Format::Csv => write_csv(&report, &mut out)?,
        Format::Json => write_json(&report, range, args.variants, &mut out)?,
    }
    out.flush()?;
    let any_hit = report.results.iter().any(|r| !r.hits.is_empty());
    Ok(if any_hit {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Names from the arguments and files, in order; `-` is standard input.
fn read_names(names: &[String], files: &[String]) -> Result<Vec<String>, CliError> {
    let mut lines = Vec::new();
    for name in names {
        if name == "-" {
            read_lines(io::stdin().lock(), "standard input", &mut lines)?;
        } else {
            lines.push(name.clone());
        }
    }
    for path in files {
        if path == "-" {
            read_lines(io::stdin().lock(), "standard input", &mut lines)?;
        } else {
            let file =
                File::open(path).map_err(|e| CliError(format!("cannot read {path}: {e}")))?;
            read_lines(BufReader::new(file), path, &mut lines)?;
        }
    }
    Ok(lines)
}

fn read_lines(reader: impl BufRead, source: &str, lines: &mut Vec<String>) -> Result<(), CliError> {
    for (number, line) in reader.split(b'\n').enumerate() {
        let bytes = line.map_err(|e| CliError(format!("cannot read {source}: {e}")))?;
        // Invalid UTF-8 is kept (replaced) so that the line is answered, not dropped.
        let text = String::from_utf8_lossy(&bytes);
        let text = text.trim();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        if text.len() > 4096 {
            return Err(CliError(format!(
                "{source} line {}: {} characters, not a name (is this a binary file?)",
                number + 1,
                text.len()
            )));
        }
        lines.push(text.to_string());
    }
    Ok(())
}

fn verdict(result: &CheckResult, cancelled: bool) -> String {
    match (&result.reason, result.hits.is_empty()) {
        (Some(reason), _) => format!("impossible: {reason}"),
        (None, false) => "Conficker name".to_string(),
        (None, true) if cancelled => "not found in the days checked before stopping".to_string(),
        (None, true) => "not generated in this range".to_string(),
    }
}

fn write_table(report: &CheckReport, out: &mut impl Write) -> io::Result<()> {
    let width = report
        .results
        .iter()
        .map(|r| r.input.chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 40);
    writeln!(
        out,
        "{:width$}  {:7}  {:10}  {:>5}  VERDICT",
        "INPUT", "VARIANT", "DATE", "INDEX"
    )?;
    for r in &report.results {
        let mut verdict = verdict(r, report.cancelled);
        if let Some(note) = &r.note {
            verdict.push_str(&format!(" ({note})"));
        }
        if r.hits.is_empty() {
            writeln!(
                out,
                "{:width$}  {:7}  {:10}  {:>5}  {verdict}",
                r.input, "-", "-", "-"
            )?;
        }
        for h in &r.hits {
            let early = if h.before_first_seen {
                format!(", before {} was first seen", h.variant)
            } else {
                String::new()
            };
            writeln!(
                out,
                "{:width$}  {:7}  {:10}  {:>5}  {verdict}{early}",
                r.input,
                h.variant.to_string(),
                h.date.format("%Y-%m-%d").to_string(),
                h.index
            )?;
        }
    }
    let hits = report.results.iter().filter(|r| !r.hits.is_empty()).count();
    let impossible = report.results.iter().filter(|r| !r.possible).count();
    writeln!(
        out,
        "{} lines: {hits} Conficker names, {} not generated in the range, {impossible} impossible; {} of {} days checked",
        report.results.len(),
        report.results.len() - hits - impossible,
        report.days_done,
        report.days_total
    )
}

fn write_csv(report: &CheckReport, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "input,name,verdict,variant,date,index,before_first_seen,reason"
    )?;
    for r in &report.results {
        let name = r.name.as_deref().unwrap_or("");
        let reason = r.reason.as_deref().or(r.note.as_deref()).unwrap_or("");
        let head = format!("{},{}", csv_field(&r.input), csv_field(name));
        if r.hits.is_empty() {
            let verdict = if r.possible {
                "not_generated"
            } else {
                "impossible"
            };
            writeln!(out, "{head},{verdict},,,,,{}", csv_field(reason))?;
        }
        for h in &r.hits {
            writeln!(
                out,
                "{head},hit,{},{},{},{},{}",
                h.variant,
                h.date.format("%Y-%m-%d"),
                h.index,
                h.before_first_seen,
                csv_field(reason)
            )?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonReport<'a> {
    from: String,
    to: String,
    variants: String,
    #[serde(flatten)]
    report: &'a CheckReport,
}

fn write_json(
    report: &CheckReport,
    range: DateRange,
    variants: VariantSet,
    out: &mut impl Write,
) -> io::Result<()> {
    let json = JsonReport {
        from: range.from().to_string(),
        to: range.to().to_string(),
        variants: variants.to_string(),
        report,
    };
    serde_json::to_writer_pretty(&mut *out, &json)?;
    writeln!(out)
}
