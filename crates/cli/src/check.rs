//! `check`: where and when the worm generated each name.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

use clap::Args;

use conficker_dga::checker::CheckRun;
use conficker_dga::dates::DateRange;
use conficker_dga::error::{Field, InputError};
use conficker_dga::input::name_line;
use conficker_dga::options;
use conficker_dga::output::check::{self as output, CheckFormat};

use super::progress::TerminalProgress;
use super::{date_of, formats, today_utc, variants_of, CliError};

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
    #[arg(long, value_name = "DATE", conflicts_with = "around")]
    from: Option<String>,
    /// Last UTC date, inclusive (default: one year after today)
    #[arg(long, value_name = "DATE", conflicts_with = "around")]
    to: Option<String>,
    /// Check the days around this UTC date (the date of a log line), see --slack
    #[arg(long, value_name = "DATE")]
    around: Option<String>,
    /// Days either side of --around, for skewed clocks and time zones (0 to 30)
    #[arg(long, value_name = "DAYS", default_value = "2", requires = "around")]
    slack: String,
    /// Variants, comma-separated: A, B, C or aliases such as Conficker.D (= C)
    #[arg(long, value_name = "VARIANTS", default_value = "A,B,C")]
    variants: String,
    /// Output format
    #[arg(short, long, default_value = "table",
          value_parser = formats(CheckFormat::ALL.map(|f| (f.name(), f.help()))))]
    format: String,
}

pub fn run(args: CheckArgs) -> Result<ExitCode, CliError> {
    let range = match date_of(Field::Date, &args.around)? {
        Some(date) => DateRange::around(date, options::slack(&args.slack)?),
        None => {
            let era = DateRange::era(today_utc());
            DateRange::new(
                date_of(Field::From, &args.from)?.unwrap_or(era.from()),
                date_of(Field::To, &args.to)?.unwrap_or(era.to()),
            )?
        }
    };
    let variants = variants_of(&args.variants)?;
    let format: CheckFormat = args.format.parse()?;
    let lines = read_names(&args.names, &args.input)?;
    if lines.is_empty() {
        return Err(InputError::NoNames.into());
    }
    let mut run = CheckRun::new(lines.iter().map(String::as_str), variants, range);
    drop(lines);
    let mut progress = TerminalProgress::new();
    run.run(&mut progress);
    progress.finish();
    let mut out = BufWriter::new(io::stdout().lock());
    output::write(&run, format, &mut out)?;
    out.flush()?;
    if run.state() == conficker_dga::checker::CheckState::Cancelled {
        eprintln!("conficker-dga: {}", output::summary(&run));
    }
    let any_hit = run.lines().any(|r| !r.hits.is_empty());
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
            options::within_names(lines.len() + 1)?;
            lines.push(name.clone());
        }
    }
    for path in files {
        if path == "-" {
            read_lines(io::stdin().lock(), "standard input", &mut lines)?;
        } else {
            let file = File::open(path).map_err(CliError::io(format!("cannot read {path}")))?;
            read_lines(BufReader::new(file), path, &mut lines)?;
        }
    }
    Ok(lines)
}

fn read_lines(reader: impl BufRead, source: &str, lines: &mut Vec<String>) -> Result<(), CliError> {
    for (number, line) in reader.split(b'\n').enumerate() {
        let bytes = line.map_err(CliError::io(format!("cannot read {source}")))?;
        // Invalid UTF-8 is kept (replaced) so that the line is answered, not dropped.
        let text = String::from_utf8_lossy(&bytes);
        if let Some(name) = name_line(&text, source, number as u64 + 1)? {
            // Refused as soon as one name too many is read, not after reading them all.
            options::within_names(lines.len() + 1)?;
            lines.push(name.to_string());
        }
    }
    Ok(())
}
