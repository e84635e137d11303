//! The `conficker-dga` command: argument parsing, terminal progress, files and exit
//! statuses. Every check of a value and every output comes from the core library.

mod check;
mod collisions;
mod export;
mod files;
mod generate;
mod manual;
mod progress;
mod report;
mod scan_log;

use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{CommandFactory, Parser, Subcommand};

use conficker_dga::dates::parse_date;
use conficker_dga::error::{Field, InputError};
use conficker_dga::output::terminal_safe;
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
#[command(
    name = "conficker-dga",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    propagate_version = true,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    /// Write the manual page, a shell's completion script or the guide's reference page to
    /// standard output (the guide's Installing page says where each goes)
    #[arg(long, value_name = "WHAT")]
    generate: Option<manual::Generate>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    Generate(generate::GenerateArgs),
    Check(check::CheckArgs),
    Export(export::ExportArgs),
    Collisions(collisions::CollisionsArgs),
    ScanLog(scan_log::ScanLogArgs),
    Report(report::ReportArgs),
}

/// What went wrong, said in one line; the exit status is 2.
#[derive(Debug)]
pub enum CliError {
    /// A value the core refused.
    Input(InputError),
    /// A file that could not be read or written, or standard output.
    Io { what: String, error: io::Error },
    /// A log the scan could not read.
    Scan(conficker_dga::logscan::ScanError),
    /// A zone file that is not a DNS master file.
    Zone(conficker_dga::zonefile::ZoneError),
}

impl CliError {
    pub fn io(what: impl Into<String>) -> impl FnOnce(io::Error) -> CliError {
        let what = what.into();
        move |error| CliError::Io { what, error }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Input(e) => write!(f, "{e}"),
            CliError::Io { what, error } => write!(f, "{what}: {error}"),
            CliError::Scan(e) => write!(f, "{e}"),
            CliError::Zone(e) => write!(f, "{e}"),
        }
    }
}

impl From<InputError> for CliError {
    fn from(e: InputError) -> Self {
        CliError::Input(e)
    }
}

impl From<conficker_dga::logscan::ScanError> for CliError {
    fn from(e: conficker_dga::logscan::ScanError) -> Self {
        CliError::Scan(e)
    }
}

impl From<conficker_dga::zonefile::ZoneError> for CliError {
    fn from(e: conficker_dga::zonefile::ZoneError) -> Self {
        CliError::Zone(e)
    }
}

/// Writing the output: a closed pipe (`| head`) is the reader's choice, not an error.
impl From<io::Error> for CliError {
    fn from(error: io::Error) -> Self {
        CliError::Io {
            what: "cannot write the output".into(),
            error,
        }
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
    let outcome = match (cli.generate, cli.command) {
        (Some(what), _) => manual::write(what, Cli::command(), &mut io::stdout().lock())
            .map(|()| ExitCode::SUCCESS)
            .map_err(CliError::from),
        (None, Some(Command::Generate(args))) => generate::run(args),
        (None, Some(Command::Check(args))) => check::run(args),
        (None, Some(Command::Export(args))) => export::run(args),
        (None, Some(Command::Collisions(args))) => collisions::run(args),
        (None, Some(Command::ScanLog(args))) => scan_log::run(args),
        (None, Some(Command::Report(args))) => report::run(args),
        (None, None) => {
            let names: Vec<_> = Cli::command()
                .get_subcommands()
                .map(|sub| sub.get_name().to_string())
                .collect();
            eprintln!(
                "conficker-dga: name what to do: {} (see --help)",
                names.join(", ")
            );
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(code) => code,
        Err(CliError::Io { error, .. }) if error.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("conficker-dga: {}", terminal_safe(&e.to_string()));
            ExitCode::from(2)
        }
    }
}

/// Today's UTC date: the core has no clock (it runs in browsers too).
pub fn today_utc() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// A `YYYY-MM-DD` argument of `field`, checked by the core.
pub fn date_of(field: Field, text: &Option<String>) -> Result<Option<NaiveDate>, CliError> {
    Ok(text.as_deref().map(|t| parse_date(field, t)).transpose()?)
}

/// A variant list such as `A,B` or `Conficker.D`, checked by the core.
pub fn variants_of(text: &str) -> Result<VariantSet, CliError> {
    Ok(VariantSet::parse_list(text)?)
}

/// A parser for a format option: clap lists the core's names and help in `--help` and
/// refuses other names; the core parses the one given.
pub fn formats(
    names: impl IntoIterator<Item = (&'static str, &'static str)>,
) -> PossibleValuesParser {
    PossibleValuesParser::new(
        names
            .into_iter()
            .map(|(name, help)| PossibleValue::new(name).help(help)),
    )
}

/// A file read whole, refused past `limit` bytes.
pub fn read_bounded(field: Field, path: &Path, limit: u64) -> Result<(String, Vec<u8>), CliError> {
    let name = path.display().to_string();
    let cannot = CliError::io(format!("cannot read {} {name}", field.label()));
    let file = fs::File::open(path).map_err(CliError::io(format!(
        "cannot read {} {name}",
        field.label()
    )))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    conficker_dga::options::within_size(field, &name, bytes.len() as u64, limit)?;
    Ok((name, bytes))
}
