//! The machines behind a client: its lookups matched with the DHCP holdings of its address.
//! `scan-log --dhcp` and `report` both ask here, so that a client reads the same in both: its
//! MAC address and host name, and, when the address changed hands during its lookups, one
//! share per machine, never one row across machines.

use serde::{Deserialize, Serialize};

use super::addr::Addr;
use super::attribution::parse_time;
use super::dhcp::{Leases, Micros};
use crate::logscan::report::{ClientReport, ScanReport};
use crate::logscan::time::format_utc;

/// The machine that held a client's address during (part of) its lookups.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Machine {
    pub mac: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// Set when no lease covers some of the lookups, or when the address changed hands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Machine {
    /// `alpha (00:11:22:33:44:55)`, or the MAC address alone.
    pub fn label(&self) -> String {
        match &self.hostname {
            Some(h) => format!("{h} ({})", self.mac),
            None => self.mac.clone(),
        }
    }
}

/// One machine's part of a client's lookups: its first and last lookup within the holding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Share {
    pub first: Option<String>,
    pub last: Option<String>,
    pub machine: Machine,
}

/// The machines that held `address` from `first` to `last` (UTC, RFC 3339), earliest first;
/// none when the client is not an address or no lease covers its lookups.
pub fn shares(
    leases: &Leases,
    address: &str,
    first: &Option<String>,
    last: &Option<String>,
) -> Vec<Share> {
    let Some(addr) = Addr::parse_client(address) else {
        return Vec::new();
    };
    if leases.is_empty() {
        return Vec::new();
    }
    let (from, to) = (parse_time(first), parse_time(last));
    let holders = leases.holders(addr, from, to);
    let machines = holders.len();
    holders
        .into_iter()
        .map(|h| {
            let note = if machines > 1 {
                Some(format!(
                    "address held by {machines} machines during the lookups; first and last are within this machine's lease; lookups and names are the address's"
                ))
            } else if (from.is_some() && h.from != from) || (to.is_some() && h.to != to) {
                // `holders` clips to the lookups: a holding that starts later or ends earlier
                // leaves lookups that no lease covers.
                Some(format!(
                    "the lease covers only {} to {} of the lookups; no DHCP record for the rest",
                    time_or(h.from, "the start"),
                    time_or(h.to, "the end"),
                ))
            } else {
                None
            };
            Share {
                first: if machines > 1 {
                    h.from.map(format_utc).or(first.clone())
                } else {
                    first.clone()
                },
                last: if machines > 1 {
                    h.to.map(format_utc).or(last.clone())
                } else {
                    last.clone()
                },
                machine: Machine {
                    mac: h.mac,
                    hostname: h.hostname,
                    note,
                },
            }
        })
        .collect()
}

fn time_or(t: Option<Micros>, otherwise: &str) -> String {
    t.map_or_else(|| otherwise.into(), format_utc)
}

/// The report with each client's machine beside its address: a client whose address changed
/// hands becomes one client per machine, in the order of their holdings. Clients that no
/// lease covers are left as they are.
pub fn with_machines(report: &ScanReport, leases: &Leases) -> ScanReport {
    let clients = report
        .clients
        .iter()
        .flat_map(|c| {
            let shares = match &c.client {
                Some(address) => shares(leases, address, &c.first, &c.last),
                None => Vec::new(),
            };
            if shares.is_empty() {
                return vec![c.clone()];
            }
            shares
                .into_iter()
                .map(|s| ClientReport {
                    first: s.first,
                    last: s.last,
                    machine: Some(s.machine),
                    ..c.clone()
                })
                .collect()
        })
        .collect();
    ScanReport {
        clients,
        ..report.clone()
    }
}
