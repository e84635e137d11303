//! `export`: the names of the days around today as a resolver blocklist, IDS rules, a Zeek
//! Intel file or a SIEM lookup table.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use conficker_dga::dates::DateRange;
use conficker_dga::error::{Field, InputError};
use conficker_dga::export::{self, Allowlist, Format, Options, Sinkhole};
use conficker_dga::options;
use conficker_dga::output::{self, collisions::CollisionFormat};

use super::collisions::search_zones;
use super::{date_of, formats, read_bounded, today_utc, variants_of, CliError};

/// Write the names of the days around today for a resolver, IDS or SIEM to load, so that
/// infected hosts get NXDOMAIN or your sinkhole address, and their queries show who is infected.
///
/// Blocking C blindly breaks real sites: C draws 50,000 short names a day (4 to 9 letters
/// under 116 suffixes), so every day some are registered, working domains (in 2009 AFNIC
/// reported about 150 to 200 a day, the French national TV among them); A's and B's names
/// hit real sites too (jogli.com, praat.org). Give --allow with the names your users need,
/// for example a top-sites list, to keep them out; the count kept out is reported.
///
/// Output is sorted and deduplicated, with a header naming the tool version, the variants,
/// the dates and the MD5 of the name list (in every format that has comments: not in the CSV
/// table nor in the Suricata dataset file, whose readers take every line as data). Example,
/// for a cron job:
/// `conficker-dga export --window 3 --format rpz --allow top-1m.csv -o /etc/bind/conficker.rpz`
#[derive(Args)]
pub struct ExportArgs {
    /// Today (UTC) plus or minus this many days (0 to 366), for hosts with skewed clocks
    /// [default: 3]
    #[arg(short, long, value_name = "DAYS", conflicts_with_all = ["from", "to"])]
    window: Option<String>,
    /// First UTC date, YYYY-MM-DD, instead of --window
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Last UTC date, inclusive (default: the same as --from)
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Variants, comma-separated: A, B, C or aliases such as Conficker.D (= C)
    #[arg(short, long, value_name = "VARIANTS", default_value = "A,B,C")]
    variant: String,
    /// Output format
    #[arg(short, long, value_parser = formats(Format::ALL.map(|f| (f.name(), f.title()))))]
    format: String,
    /// Answer with this address instead of NXDOMAIN (one IPv4 and/or one IPv6; repeat or
    /// separate with commas)
    #[arg(long, value_name = "IP")]
    sinkhole: Vec<String>,
    /// Never export these names: one per line, or a rank,name top-sites list; a host keeps
    /// out the name it lies below (repeatable)
    #[arg(short, long, value_name = "FILE")]
    allow: Vec<PathBuf>,
    /// Write here (replaced whole, so a resolver never reads half a file) instead of
    /// standard output; for suricata-dataset, the rule file, with the dataset beside it
    /// (conficker.rules loads conficker.lst)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Leave out the names registered in this zone file (a DNS master file, plain or gzip;
    /// repeatable) and write them, with their name servers, to a second file as the
    /// `collisions` command's CSV, for the registry to handle by hand
    #[arg(long, value_name = "FILE")]
    zone: Vec<PathBuf>,
    /// Where --zone writes the registered names (default: beside -o FILE, its name with
    /// `.collisions.csv` for its extension)
    #[arg(long, value_name = "FILE", requires = "zone")]
    collisions: Option<PathBuf>,
    /// Sid of the first Suricata rule (or of the dataset rule); the others follow in order
    #[arg(long, value_name = "SID", default_value = "1000000")]
    sid_base: String,
}

pub fn run(args: ExportArgs) -> Result<ExitCode, CliError> {
    let range = match (
        date_of(Field::From, &args.from)?,
        date_of(Field::To, &args.to)?,
    ) {
        (None, None) => {
            let window = match &args.window {
                Some(w) => options::window(w)?,
                None => options::WINDOW.default as u32,
            };
            DateRange::around(today_utc(), window)
        }
        (Some(from), to) => DateRange::new(from, to.unwrap_or(from))?,
        (None, Some(to)) => DateRange::single(to),
    };
    let variants = variants_of(&args.variant)?;
    let format: Format = args.format.parse()?;
    let sinkhole = Sinkhole::parse(&args.sinkhole.join(","))?;
    let options = Options::new(format, sinkhole, options::sid_base(&args.sid_base)?)?;
    let mut allow = read_allowlist(&args.allow)?;
    let registered = match (args.zone.is_empty(), &args.collisions, &args.output) {
        (true, _, _) => None,
        (false, Some(file), _) => Some(file.clone()),
        (false, None, Some(output)) => Some(output.with_extension("collisions.csv")),
        (false, None, None) => return Err(InputError::CollisionsFile.into()),
    };
    let found = match registered {
        Some(_) => {
            let found = search_zones(&args.zone, range, variants)?;
            allow.keep_out_registered(&found);
            Some(found)
        }
        None => None,
    };
    let export = export::collect(range, variants, &allow)?;
    // The registered names first: the export that leaves them out must not be loaded
    // without them at hand.
    if let (Some(path), Some(found)) = (&registered, &found) {
        super::files::write_file(path, |out| {
            output::collisions::write(found, CollisionFormat::Csv, out)
        })?;
    }
    match &args.output {
        Some(path) => {
            // suricata-dataset is two files: the rules at `path`, the dataset beside them,
            // written first, so that a Suricata reloading the new rules finds their dataset.
            let name = path.file_name().map(|n| n.to_string_lossy());
            let planned = export::plan(&export, &options, Some(name.as_deref().unwrap_or("")))?;
            for (i, file) in planned.iter().enumerate().rev() {
                let target = match i {
                    0 => path.clone(),
                    _ => path.with_file_name(&file.file_name),
                };
                super::files::write_file(&target, |out| {
                    export::write_file(&export, &options, file, out)
                })?;
            }
        }
        None => {
            let planned = export::plan(&export, &options, None)?;
            let mut out = BufWriter::new(io::stdout().lock());
            for file in &planned {
                export::write_file(&export, &options, file, &mut out)?;
            }
            out.flush()?;
        }
    }
    if !args.allow.is_empty() || found.is_some() {
        eprintln!("conficker-dga: {}", export.kept_out_sentence());
    }
    Ok(ExitCode::SUCCESS)
}

fn read_allowlist(paths: &[PathBuf]) -> Result<Allowlist, CliError> {
    let mut text = String::new();
    for path in paths {
        let limit = options::MAX_ALLOWLIST_BYTES - text.len() as u64;
        let (_, bytes) = read_bounded(Field::Allow, path, limit)?;
        text.push_str(&String::from_utf8_lossy(&bytes));
        text.push('\n');
    }
    Ok(Allowlist::parse(&text))
}
