//! `collisions`: which of the worm's names of a range have records of their own in zone files
//! (registered domains), for a registry to handle by hand.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use conficker_dga::collisions::{CollisionSearch, Collisions};
use conficker_dga::dates::DateRange;
use conficker_dga::error::Field;
use conficker_dga::output::collisions::{self as output, CollisionFormat};
use conficker_dga::variant::VariantSet;

use super::files::write_file;
use super::{date_of, formats, today_utc, variants_of, CliError};

/// List the worm's names of a range of UTC dates that have records of their own (a
/// delegation, an address) in DNS zone files: registered domains whose owners receive the
/// drones' lookups on those days, and which a blocklist must not sinkhole.
///
/// Zone files are DNS master files (RFC 1035 section 5) as registries and ICANN's CZDS publish
/// them, plain or gzip, read as a stream; $INCLUDE is refused. Names with records only below
/// them (glue, subdomains) are not collisions. Example:
/// `conficker-dga collisions --zone fr.zone.gz --from 2024-11-01 --to 2024-11-30 -f csv -o fr.csv`
#[derive(Args)]
pub struct CollisionsArgs {
    /// A zone file, plain or gzip (repeatable; `-` reads standard input)
    #[arg(short, long, value_name = "FILE", required = true)]
    zone: Vec<PathBuf>,
    /// First UTC date, YYYY-MM-DD (default: today, UTC)
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Last UTC date, inclusive (default: the same as --from)
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Variants, comma-separated: A, B, C or aliases such as Conficker.D (= C)
    #[arg(short, long, value_name = "VARIANTS", default_value = "A,B,C")]
    variant: String,
    /// Output format
    #[arg(short, long, default_value = "table",
          value_parser = formats(CollisionFormat::ALL.map(|f| (f.name(), f.help()))))]
    format: String,
    /// Write here (replaced whole) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: CollisionsArgs) -> Result<ExitCode, CliError> {
    let range = match (
        date_of(Field::From, &args.from)?,
        date_of(Field::To, &args.to)?,
    ) {
        (None, None) => DateRange::single(today_utc()),
        (Some(from), to) => DateRange::new(from, to.unwrap_or(from))?,
        (None, Some(to)) => DateRange::single(to),
    };
    let variants = variants_of(&args.variant)?;
    let format: CollisionFormat = args.format.parse()?;
    let found = search_zones(&args.zone, range, variants)?;
    match &args.output {
        Some(path) => write_file(path, |out| output::write(&found, format, out))?,
        None => {
            let mut out = BufWriter::new(io::stdout().lock());
            output::write(&found, format, &mut out)?;
            out.flush()?;
        }
    }
    if format != CollisionFormat::Table {
        eprintln!("conficker-dga: {}", output::summary(&found));
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads each zone file a piece at a time into one search of the range's names.
pub fn search_zones(
    zones: &[PathBuf],
    range: DateRange,
    variants: VariantSet,
) -> Result<Collisions, CliError> {
    let mut search = CollisionSearch::new(range, variants)?;
    let mut buffer = vec![0; 1 << 16];
    for path in zones {
        let name = path.display().to_string();
        let cannot = || CliError::io(format!("cannot read zone file {name}"));
        let mut input: Box<dyn Read> = if name == "-" {
            Box::new(io::stdin().lock())
        } else {
            Box::new(File::open(path).map_err(cannot())?)
        };
        search.begin(&name)?;
        loop {
            let n = match input.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(cannot()(e)),
            };
            search.push(&buffer[..n])?;
        }
        search.end()?;
    }
    Ok(search.collisions())
}
