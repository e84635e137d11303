//! `export`: the names of the days around today as a resolver blocklist or IDS rules.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;

use conficker_dga::dates::{today_utc, DateRange};
use conficker_dga::export::{self, Allowlist, Options, Sinkhole, DEFAULT_SID_BASE};
use conficker_dga::variant::VariantSet;

use super::{date_arg, variants_arg, CliError};

/// Write the names of the days around today for a resolver or IDS to load, so that infected
/// hosts get NXDOMAIN or your sinkhole address, and their queries show who is infected.
///
/// Blocking C blindly breaks real sites: C draws 50,000 short names a day (4 to 9 letters
/// under 116 suffixes), so every day some are registered, working domains (in 2009 AFNIC
/// reported about 150 to 200 a day, the French national TV among them); A's and B's names
/// hit real sites too (jogli.com, praat.org). Give --allow with the names your users need,
/// for example a top-sites list, to keep them out; the count kept out is reported.
///
/// Output is sorted and deduplicated, with a header naming the tool version, the variants,
/// the dates and the MD5 of the name list. Example, for a cron job:
/// `conficker-dga export --window 3 --format rpz --allow top-1m.csv -o /etc/bind/conficker.rpz`
#[derive(Args)]
pub struct ExportArgs {
    /// Today (UTC) plus or minus this many days, for hosts with skewed clocks [default: 3]
    #[arg(short, long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(0..=366),
          conflicts_with_all = ["from", "to"])]
    window: Option<u32>,
    /// First UTC date, YYYY-MM-DD, instead of --window
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    from: Option<NaiveDate>,
    /// Last UTC date, inclusive (default: the same as --from)
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    to: Option<NaiveDate>,
    /// Variants, comma-separated: A, B, C or aliases such as Conficker.D (= C)
    #[arg(short, long, value_name = "VARIANTS", value_parser = variants_arg, default_value = "A,B,C")]
    variant: VariantSet,
    /// Output format
    #[arg(short, long, value_enum)]
    format: export::Format,
    /// Answer with this address instead of NXDOMAIN (one IPv4 and/or one IPv6; repeat or
    /// separate with commas)
    #[arg(long, value_name = "IP", value_delimiter = ',')]
    sinkhole: Vec<IpAddr>,
    /// Never export these names: one per line, or a rank,name top-sites list; a host keeps
    /// out the name it lies below (repeatable)
    #[arg(short, long, value_name = "FILE")]
    allow: Vec<PathBuf>,
    /// Write here (replaced whole, so a resolver never reads half a file) instead of
    /// standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Sid of the first Suricata rule; the others follow in order
    #[arg(long, value_name = "SID", default_value_t = DEFAULT_SID_BASE)]
    sid_base: u32,
}

pub fn run(args: ExportArgs) -> Result<ExitCode, CliError> {
    let range = match (args.from, args.to) {
        (None, None) => DateRange::around(today_utc(), args.window.unwrap_or(3)),
        (Some(from), to) => DateRange::new(from, to.unwrap_or(from))?,
        (None, Some(to)) => DateRange::single(to),
    };
    let options = Options::new(args.format, Sinkhole::new(&args.sinkhole)?, args.sid_base)?;
    let allow = read_allowlist(&args.allow)?;
    let export = export::collect(range, args.variant, &allow);
    match &args.output {
        Some(path) => write_replacing(path, |out| export::write(&export, &options, out))?,
        None => {
            let mut out = BufWriter::new(io::stdout().lock());
            export::write(&export, &options, &mut out)?;
            out.flush()?;
        }
    }
    if !args.allow.is_empty() {
        eprintln!(
            "conficker-dga: the allowlist kept out {} of {} generated names; exported {}",
            export.kept_out.len(),
            export.kept_out.len() + export.names.len(),
            export.names.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn read_allowlist(paths: &[PathBuf]) -> Result<Allowlist, CliError> {
    let mut text = String::new();
    for path in paths {
        let bytes = fs::read(path)
            .map_err(|e| CliError(format!("cannot read allowlist {}: {e}", path.display())))?;
        text.push_str(&String::from_utf8_lossy(&bytes));
        text.push('\n');
    }
    Ok(Allowlist::parse(&text))
}

/// Writes a sibling temporary file and renames it over `path`, so that a resolver reloading
/// meanwhile reads the old file or the new one, never a part.
fn write_replacing(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> Result<(), CliError> {
    let name = path
        .file_name()
        .ok_or_else(|| CliError(format!("{} is not a file name", path.display())))?;
    let mut temporary = name.to_os_string();
    temporary.push(format!(".tmp{}", std::process::id()));
    let temporary = path.with_file_name(temporary);
    let cannot = |e: io::Error| CliError(format!("cannot write {}: {e}", path.display()));
    let result = File::create(&temporary).and_then(|file| {
        // The resolver must still be able to read the file it loaded before.
        if let Ok(old) = fs::metadata(path) {
            file.set_permissions(old.permissions())?;
        }
        let mut out = BufWriter::new(file);
        write(&mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        fs::rename(&temporary, path)
    });
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result.map_err(cannot)
}
