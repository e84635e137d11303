//! `generate`: the worm's lists for a day or a range.

use std::io::{self, BufWriter};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;

use conficker_dga::dates::{today_utc, DateRange};
use conficker_dga::lists::{for_each_day_list, ListFormat, ListWriter, SuffixFilter};
use conficker_dga::variant::VariantSet;

use super::{date_arg, range_of, variants_arg, CliError};

/// Print the worm's domain lists for a day or a range of UTC dates.
///
/// Example: `conficker-dga generate --variant C --from 2009-04-01 --to 2009-04-30
/// --suffix cl --format csv` lists C's .cl names of April 2009, what a registry blocks.
#[derive(Args)]
pub struct GenerateArgs {
    /// Variants, comma-separated: A, B, C or aliases such as Conficker.D (= C)
    #[arg(short, long, value_name = "VARIANTS", value_parser = variants_arg, default_value = "A,B,C")]
    variant: VariantSet,
    /// One UTC date, YYYY-MM-DD (default: today, UTC)
    #[arg(short, long, value_name = "DATE", value_parser = date_arg, conflicts_with_all = ["from", "to"])]
    date: Option<NaiveDate>,
    /// First UTC date of a range, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    from: Option<NaiveDate>,
    /// Last UTC date of a range, inclusive (default: the same as --from)
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    to: Option<NaiveDate>,
    /// Only names under these suffixes, comma-separated or repeated (e.g. cl or co.uk)
    #[arg(short, long, value_name = "SUFFIX", value_delimiter = ',')]
    suffix: Vec<String>,
    /// Output format
    #[arg(short, long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
    /// Add each day's MD5 (of the whole day's list as text, as md5sum prints it)
    #[arg(long)]
    digest: bool,
}

pub fn run(args: GenerateArgs) -> Result<ExitCode, CliError> {
    let range = match (args.date, args.from, args.to) {
        (Some(date), _, _) => DateRange::single(date),
        (None, None, None) => DateRange::single(today_utc()),
        (None, Some(from), None) => DateRange::single(from),
        (None, from, to) => range_of(from, to, DateRange::single(today_utc()))?,
    };
    let filter = SuffixFilter::new(&args.suffix, args.variant)?;
    let stdout = io::stdout().lock();
    let mut writer = ListWriter::new(BufWriter::new(stdout), args.format, args.digest)?;
    for_each_day_list(range, args.variant, &filter, |day| writer.write_day(&day))?;
    writer.finish()?;
    Ok(ExitCode::SUCCESS)
}
