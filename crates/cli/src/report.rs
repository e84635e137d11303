//! `report`: scan reports (or logs) attributed to networks and machines, written as a folder
//! of per-network CSVs, notices, a summary and the JSON. The core reads every table and
//! renders every file; this reads files and writes what the core returns.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use conficker_dga::error::{Field, InputError};
use conficker_dga::logscan::ScanOptions;
use conficker_dga::networks::{
    self, attribute, read_scan_report, report_files, Contacts, DhcpOptions, Leases, NetworkTables,
};

use super::scan_log::{scan_files, ScanArgs};
use super::{read_bounded, CliError};

/// One report per network: which infected hosts to tell whom.
///
/// Reads `scan-log -o json` reports (or scans logs given with --log), finds each client's
/// network in the tables given with --networks (longest prefix wins; special-use addresses
/// such as RFC 1918 and CGNAT are the internal group and never looked up), joins abuse
/// contacts and, from DHCP files, the machine behind each address at the lookups' time.
/// Writes DIR/summary.csv, DIR/networks.json and per network DIR/AS64500.csv (a row per host)
/// and DIR/AS64500.txt (a notice ready to send); internal.csv/.txt for special-use addresses.
/// Sends nothing. Exit status: 0 if some host was reported, 1 if none, 2 on error.
#[derive(Args)]
pub struct ReportArgs {
    /// Scan reports written by `scan-log -o json`
    #[arg(value_name = "REPORT.json")]
    reports: Vec<PathBuf>,
    /// The folder to write the report files into: created, or replaced whole if an earlier
    /// run wrote it (a folder holding other files is refused)
    #[arg(short = 'o', long = "output-dir", value_name = "DIR", required = true)]
    output_dir: PathBuf,
    /// A network table, repeatable: an IP-to-ASN range TSV (range_start range_end AS_number
    /// country_code AS_description), a CAIDA prefix-to-AS file (prefix length asn), plain or
    /// gzip, or a MaxMind .mmdb ASN database (GeoLite2-ASN, DB-IP ASN Lite)
    #[arg(long, value_name = "FILE")]
    networks: Vec<PathBuf>,
    /// Abuse contacts, repeatable: a CSV with a header, asn or prefix, then email and name
    #[arg(long, value_name = "FILE")]
    contacts: Vec<PathBuf>,
    /// DHCP leases or logs, repeatable: ISC dhcpd.leases, a dnsmasq lease file or dnsmasq
    /// dhcp log lines, a Windows DHCP Server audit log (DhcpSrvLog-*.log)
    #[arg(long, value_name = "FILE")]
    dhcp: Vec<PathBuf>,
    /// A DNS log to scan instead of (or besides) reports, repeatable; plain or gzip
    #[arg(long, value_name = "FILE")]
    log: Vec<String>,
    #[command(flatten)]
    scan: ScanArgs,
}

pub fn run(args: ReportArgs) -> Result<ExitCode, CliError> {
    let scan_options = args.scan.options()?;
    if args.reports.is_empty() && args.log.is_empty() {
        return Err(InputError::NoReports.into());
    }
    let mut tables = NetworkTables::new();
    for path in &args.networks {
        let (name, bytes) = read_bounded(Field::Networks, path, networks::tables::MAX_TABLE_BYTES)?;
        tables.add(&name, bytes)?;
    }
    let mut contacts = Contacts::new();
    for path in &args.contacts {
        let (name, bytes) = read_bounded(Field::Contacts, path, networks::tables::MAX_TABLE_BYTES)?;
        contacts.add(&name, &bytes)?;
    }
    let leases = read_leases(&args.dhcp, &scan_options)?;
    let mut reports = Vec::new();
    for path in &args.reports {
        let (name, bytes) = read_bounded(Field::Reports, path, networks::MAX_REPORT_BYTES)?;
        reports.push(read_scan_report(&name, &bytes)?);
    }
    if !args.log.is_empty() {
        reports.push(scan_files(scan_options, args.scan.threads()?, &args.log)?);
    }
    let report = attribute(&reports, &tables, &contacts, &leases)?;
    let files = report_files(&report);
    super::files::write_folder(&args.output_dir, &files)?;
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} written to {} ({} files; summary.csv lists them)",
        networks::render::hosts_sentence(&report),
        conficker_dga::output::terminal_safe(&args.output_dir.display().to_string()),
        files.len()
    )?;
    // Every network listed has a host.
    Ok(if report.networks.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The DHCP files, their local and syslog times read as the logs' are; `scan-log --dhcp`
/// reads them here too.
pub fn read_leases(paths: &[PathBuf], scan_options: &ScanOptions) -> Result<Leases, CliError> {
    let mut leases = Leases::new();
    let options = DhcpOptions {
        local_offset_seconds: scan_options.local_offset_seconds,
        syslog_year: scan_options.syslog_year,
    };
    for path in paths {
        let (name, bytes) = read_bounded(Field::Dhcp, path, networks::tables::MAX_TABLE_BYTES)?;
        leases.add(&name, bytes, options)?;
    }
    Ok(leases)
}
