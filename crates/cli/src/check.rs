//! `check`: where and when the worm generated each name.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

use clap::Args;

use conficker_dga::checker::CheckRun;
use conficker_dga::dates::DateRange;
use conficker_dga::error::{Field, InputError, NamesFrom};
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
    // Lines are read as the check parses them, a bounded batch at a time: only its compact
    // copy of each is kept. The first error stops the reading.
    let mut failure = None;
    let names = read_names(&args.names, &args.input)
        .map_while(|name| name.map_err(|e| failure = Some(e)).ok());
    let mut run = CheckRun::new(names, variants, range);
    if let Some(failure) = failure {
        return Err(failure);
    }
    if run.line_count() == 0 {
        return Err(InputError::NoNames(NamesFrom::CommandLine).into());
    }
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

/// Names from the arguments and files, in order, read as they are taken; `-` is standard
/// input.
fn read_names<'a>(
    names: &'a [String],
    files: &'a [String],
) -> impl Iterator<Item = Result<String, CliError>> + 'a {
    let from_names = names.iter().map(|name| -> Lines<'a> {
        if name == "-" {
            read_lines(io::stdin().lock(), "standard input".to_string())
        } else {
            Box::new(std::iter::once(Ok(name.clone())))
        }
    });
    let from_files = files.iter().map(|path| -> Lines<'a> {
        if path == "-" {
            return read_lines(io::stdin().lock(), "standard input".to_string());
        }
        match File::open(path) {
            Ok(file) => read_lines(BufReader::new(file), path.clone()),
            Err(e) => Box::new(std::iter::once(Err(CliError::io(format!(
                "cannot read {path}"
            ))(e)))),
        }
    });
    let mut count = 0;
    from_names.chain(from_files).flatten().map(move |name| {
        let name = name?;
        count += 1;
        // Refused as soon as one name too many is read, not after reading them all.
        options::within_names(count)?;
        Ok(name)
    })
}

type Lines<'a> = Box<dyn Iterator<Item = Result<String, CliError>> + 'a>;

/// The names of one source, one per line.
fn read_lines<'a>(reader: impl BufRead + 'a, source: String) -> Lines<'a> {
    Box::new(
        reader
            .split(b'\n')
            .enumerate()
            .filter_map(move |(number, line)| {
                let bytes = match line {
                    Ok(bytes) => bytes,
                    Err(e) => return Some(Err(CliError::io(format!("cannot read {source}"))(e))),
                };
                // Invalid UTF-8 is kept (replaced) so that the line is answered, not dropped.
                let text = String::from_utf8_lossy(&bytes);
                name_line(&text, &source, number as u64 + 1)
                    .map_err(CliError::from)
                    .transpose()
                    .map(|name| name.map(str::to_string))
            }),
    )
}
