//! `generate`: the worm's lists for a day or a range.

use std::io::{self, BufWriter};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use conficker_dga::dates::DateRange;
use conficker_dga::error::Field;
use conficker_dga::lists::{
    for_each_day_list, mark_registered, ListFormat, ListWriter, SuffixFilter,
};

use super::collisions::search_zones;
use super::{date_of, formats, today_utc, variants_of, CliError};

/// Print the worm's domain lists for a day or a range of UTC dates.
///
/// Example: `conficker-dga generate --variant C --from 2009-04-01 --to 2009-04-30
/// --suffix cl --format csv` lists C's .cl names of April 2009, what a registry blocks.
#[derive(Args)]
pub struct GenerateArgs {
    /// Variants, comma-separated: A, B, C or aliases such as Conficker.D (= C)
    #[arg(short, long, value_name = "VARIANTS", default_value = "A,B,C")]
    variant: String,
    /// One UTC date, YYYY-MM-DD (default: today, UTC)
    #[arg(short, long, value_name = "DATE", conflicts_with_all = ["from", "to"])]
    date: Option<String>,
    /// First UTC date of a range, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Last UTC date of a range, inclusive (default: the same as --from)
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Only names under these suffixes, comma-separated or repeated (e.g. cl or co.uk)
    #[arg(short, long, value_name = "SUFFIX", value_delimiter = ',')]
    suffix: Vec<String>,
    /// Output format
    #[arg(short, long, default_value = "text",
          value_parser = formats(ListFormat::ALL.map(|f| (f.name(), f.help()))))]
    format: String,
    /// Mark the names registered in this zone file (a DNS master file, plain or gzip;
    /// repeatable): `# registered` after the name, a `registered` column in CSV,
    /// `"registered": true` in JSON
    #[arg(long, value_name = "FILE")]
    zone: Vec<PathBuf>,
    /// Add each day's MD5 (of the whole day's list as text, as md5sum prints it)
    #[arg(long)]
    digest: bool,
}

pub fn run(args: GenerateArgs) -> Result<ExitCode, CliError> {
    let date = date_of(Field::Date, &args.date)?;
    let from = date_of(Field::From, &args.from)?;
    let to = date_of(Field::To, &args.to)?;
    let range = match (date, from, to) {
        (Some(date), _, _) => DateRange::single(date),
        (None, None, None) => DateRange::single(today_utc()),
        (None, Some(from), None) => DateRange::single(from),
        (None, None, Some(to)) => DateRange::single(to),
        (None, Some(from), Some(to)) => DateRange::new(from, to)?,
    };
    let variants = variants_of(&args.variant)?;
    let format: ListFormat = args.format.parse()?;
    let filter = SuffixFilter::new(&args.suffix, variants)?;
    let stdout = io::stdout().lock();
    let found = match args.zone.is_empty() {
        true => None,
        false => Some(search_zones(&args.zone, range, variants)?),
    };
    let mut writer = ListWriter::new(BufWriter::new(stdout), format, args.digest, found.is_some())?;
    for_each_day_list(range, variants, &filter, |mut day| {
        if let Some(found) = &found {
            mark_registered(&mut day, found);
        }
        writer.write_day(&day)
    })?;
    writer.finish()?;
    Ok(ExitCode::SUCCESS)
}
