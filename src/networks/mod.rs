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

use crate::error::{Field, InputError};
use crate::logscan::ScanReport;

/// The most bytes of one scan report read at once.
pub const MAX_REPORT_BYTES: u64 = 1 << 30;

/// A `scan-log -o json` report read back.
pub fn read_scan_report(source: &str, bytes: &[u8]) -> Result<ScanReport, InputError> {
    serde_json::from_slice(bytes).map_err(|e| InputError::Unreadable {
        field: Field::Reports,
        source: source.into(),
        reason: format!("not a scan-log -o json report ({e})"),
    })
}
