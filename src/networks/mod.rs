//! Telling the networks: the infected hosts of scan reports attributed to the networks that
//! hold their addresses (network tables, longest prefix), to their abuse contacts, and for
//! internal addresses to the machines that held them (DHCP), as one report per network.
//!
//! - [`addr`]: addresses and prefixes of both families;
//! - [`special`]: special-use addresses, the internal group, never looked up;
//! - [`tables`]: IP-to-ASN ranges, CAIDA prefixes, MaxMind `.mmdb` databases;
//! - [`contacts`]: abuse contacts by AS or prefix;
//! - [`dhcp`]: the machine behind an address at a time;
//! - [`machines`]: a client's lookups shared among those machines;
//! - [`attribution`]: the report; [`render`]: its files; [`archive`]: the files as one zip.

pub mod addr;
pub mod archive;
pub mod attribution;
pub mod contacts;
pub mod dhcp;
pub mod machines;
pub mod render;
pub mod special;
pub mod tables;

pub use archive::report_zip;
pub use attribution::{attribute, NetworksReport};
pub use contacts::Contacts;
pub use dhcp::{DhcpOptions, Leases};
pub use machines::{with_machines, Machine};
pub use render::report_files;
pub use tables::NetworkTables;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::dates::parse_date;
use crate::error::{Field, InputError};
use crate::logscan::report::Example;
use crate::logscan::ScanReport;
use crate::output::terminal_safe;
use crate::variant::Variant;

/// The most bytes of one scan report read at once.
pub const MAX_REPORT_BYTES: u64 = 1 << 30;

/// A `scan-log -o json` report read back. Its example names are checked against the lists
/// they are said to be in, since a notice states them as the worm's.
pub fn read_scan_report(source: &str, bytes: &[u8]) -> Result<ScanReport, InputError> {
    let unreadable = |reason: String| InputError::Unreadable {
        field: Field::Reports,
        source: source.into(),
        reason,
    };
    let report: ScanReport = serde_json::from_slice(bytes)
        .map_err(|e| unreadable(format!("not a scan-log -o json report ({e})")))?;
    check_examples(&report).map_err(unreadable)?;
    Ok(report)
}

/// Every example of the report is the name at its index of its variant's list of its date;
/// each list named is generated once.
fn check_examples(report: &ScanReport) -> Result<(), String> {
    let mut lists: BTreeMap<(Variant, NaiveDate), Vec<&Example>> = BTreeMap::new();
    for e in report.clients.iter().flat_map(|c| &c.examples) {
        let said = || {
            format!(
                "example {} is not name #{} of Conficker {}'s list of {}",
                terminal_safe(&e.name),
                e.index,
                terminal_safe(&e.variant),
                terminal_safe(&e.date)
            )
        };
        let variant: Variant = e.variant.parse().map_err(|_| said())?;
        let date = parse_date(Field::Reports, &e.date).map_err(|_| said())?;
        lists.entry((variant, date)).or_default().push(e);
    }
    for ((variant, date), examples) in lists {
        let list = crate::generator::day_list(variant, date);
        for e in examples {
            if list.get(e.index as usize) != Some(&e.name.to_ascii_lowercase()) {
                return Err(format!(
                    "example {} is not name #{} of Conficker {variant}'s list of {date}",
                    terminal_safe(&e.name),
                    e.index
                ));
            }
        }
    }
    Ok(())
}
