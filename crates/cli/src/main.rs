//! Argument parsing and the subcommands' shared plumbing.

mod check;
mod export;
mod generate;
mod progress;
mod scan_log;

use std::fmt;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use conficker_dga::dates::{parse_date, DateRange};
use conficker_dga::variant::VariantSet;

const ABOUT: &str = "Conficker's rendezvous domains, bit for bit: generate the worm's daily lists \
and check names against them, offline.";

const LONG_ABOUT: &str = "Conficker's rendezvous domains, bit for bit: generate the worm's daily \
lists and check names against them, offline.

Variants (and the names others use for them):
  A  Downadup.A, Kido.A; 250 names a day from 2008-11-21 (.com .net .org .info .biz)
  B  Downadup.B, Kido.B; Microsoft's Conficker.C (B++) uses B's generator too;
     250 names a day from 2008-12-29 (.cc .cn .ws .com .net .org .info .biz)
  C  Microsoft's Conficker.D, Symantec W32.Downadup.C, Trend Micro WORM_DOWNAD.KK,
     Kido.ip/.iq; 50,000 names a day from 2009-04-01 under 116 suffixes

Dates are UTC calendar dates, YYYY-MM-DD: a list belongs to the UTC date, whatever the
infected host's time zone.";

#[derive(Parser)]
#[command(name = "conficker-dga", version, about = ABOUT, long_about = LONG_ABOUT)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Generate(generate::GenerateArgs),
    Check(check::CheckArgs),
    Export(export::ExportArgs),
    ScanLog(scan_log::ScanLogArgs),
}

/// What went wrong, said in one line; the exit status is 2.
#[derive(Debug)]
pub struct CliError(pub String);

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<E: std::error::Error> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError(e.to_string())
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            // clap's message, without its usage block, so that the problem is one line.
            let text = e.render().to_string();
            let first = text.lines().next().unwrap_or("invalid arguments");
            eprintln!(
                "conficker-dga: {} (see --help)",
                first.trim_start_matches("error: ")
            );
            return ExitCode::from(2);
        }
    };
    let outcome = match cli.command {
        Command::Generate(args) => generate::run(args),
        Command::Check(args) => check::run(args),
        Command::Export(args) => export::run(args),
        Command::ScanLog(args) => scan_log::run(args),
    };
    match outcome {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("conficker-dga: {e}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &CliError) -> bool {
    e.0.contains("Broken pipe")
}

/// Parses a `YYYY-MM-DD` argument with the library's messages.
pub fn date_arg(s: &str) -> Result<NaiveDate, String> {
    parse_date(s).map_err(|e| e.0)
}

/// Parses a variant list such as `A,B` or `Conficker.D`.
pub fn variants_arg(s: &str) -> Result<VariantSet, String> {
    VariantSet::parse_list(s).map_err(|e| e.to_string())
}

/// The range named by `--date` or `--from`/`--to`, with defaults for either end.
pub fn range_of(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    default: DateRange,
) -> Result<DateRange, CliError> {
    Ok(DateRange::new(
        from.unwrap_or(default.from()),
        to.unwrap_or(default.to()),
    )?)
}

/// A CSV field, quoted when it holds a separator, a quote or a line break.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
