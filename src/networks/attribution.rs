//! Infected hosts attributed to networks: each client of the scan reports is found in the
//! network tables (longest prefix), or in the special-use blocks (the internal group), and
//! joined with its contact and, for internal addresses, the machines that held it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::addr::Addr;
use super::contacts::{Contact, Contacts};
use super::dhcp::{DhcpSummary, Leases, Micros};
use super::machines;
use super::special::special_use;
use super::tables::{NetworkTables, TableSummary};
use crate::error::InputError;
use crate::logscan::report::{ClientReport, Example, ScanReport};

/// The group a host is reported in.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GroupKey {
    /// A prefix of the contacts file: its own contact, its own report.
    Prefix(String),
    As(u32),
    /// Special-use addresses.
    Internal,
    /// Global addresses that no table holds.
    Unattributed,
    /// Clients that are not addresses (a log that names hosts), or none.
    NotAnAddress,
}

impl GroupKey {
    /// The name of the group's files, without extension: `AS64500`, `internal`.
    pub fn file_stem(&self) -> String {
        match self {
            GroupKey::Prefix(p) => format!("prefix-{}", p.replace(['/', ':'], "_")),
            GroupKey::As(n) => format!("AS{n}"),
            GroupKey::Internal => "internal".into(),
            GroupKey::Unattributed => "unattributed".into(),
            GroupKey::NotAnAddress => "not-an-address".into(),
        }
    }

    pub fn label(&self) -> String {
        match self {
            GroupKey::Prefix(p) => p.clone(),
            GroupKey::As(n) => format!("AS{n}"),
            GroupKey::Internal => "internal (special-use addresses)".into(),
            GroupKey::Unattributed => "no network table".into(),
            GroupKey::NotAnAddress => "clients that are not addresses".into(),
        }
    }
}

/// One infected host, or one machine's share of an address that changed hands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HostRow {
    /// UTC, RFC 3339: the client's first and last Conficker lookup (for a machine's share of a
    /// shared address: within the machine's holding).
    pub first: Option<String>,
    pub last: Option<String>,
    pub address: String,
    pub asn: Option<u32>,
    pub as_name: Option<String>,
    pub country: Option<String>,
    /// The table's prefix, or the special-use block, that holds the address.
    pub prefix: Option<String>,
    /// What a special-use block is, e.g. `private (RFC 1918)`.
    pub special_use: Option<String>,
    /// From DHCP: the machine that held the address.
    pub mac: Option<String>,
    pub hostname: Option<String>,
    pub variants: String,
    /// The address's lookups and distinct names over the whole scan (a scan report keeps no
    /// time per lookup: the counts of a shared address are not split by machine).
    pub lookups: u64,
    pub distinct_names: u64,
    pub examples: Vec<Example>,
    /// Set when the address changed hands during the lookups.
    pub note: Option<String>,
}

/// The hosts of one network, and who to tell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkGroup {
    pub network: String,
    /// The name of the group's files, without extension.
    pub file: String,
    pub asn: Option<u32>,
    pub as_name: Option<String>,
    pub country: Option<String>,
    pub contact: Option<Contact>,
    /// Distinct addresses.
    pub hosts: u64,
    pub lookups: u64,
    pub first: Option<String>,
    pub last: Option<String>,
    pub rows: Vec<HostRow>,
}

/// Every network with infected hosts, the most hosts first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworksReport {
    /// The scan reports' variants and days, for the notices.
    pub variants: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub networks: Vec<NetworkGroup>,
    pub tables: Vec<TableSummary>,
    pub dhcp: Vec<DhcpSummary>,
    /// Scan reports read.
    pub reports: u64,
}

/// A client and, in a `scan-log --dhcp` report, the machine that held its address: the shares
/// of an address that changed hands stay apart.
type ClientKey = (Option<String>, Option<String>);

/// One client over all the scan reports: lookups added, first and last widened, examples
/// joined. Distinct names cannot be added across reports (the same name may be in both):
/// the largest is kept, a lower bound.
fn merge_clients(reports: &[ScanReport]) -> Result<BTreeMap<ClientKey, ClientReport>, InputError> {
    let mut clients: BTreeMap<ClientKey, ClientReport> = BTreeMap::new();
    for c in reports.iter().flat_map(|r| &r.clients) {
        let key = (c.client.clone(), c.machine.as_ref().map(|m| m.mac.clone()));
        match clients.get_mut(&key) {
            None => {
                clients.insert(key, c.clone());
            }
            Some(m) => {
                let mut v: Vec<String> = m
                    .variants
                    .split(',')
                    .chain(c.variants.split(','))
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                v.sort();
                v.dedup();
                m.variants = v.join(",");
                m.first = min_time(&m.first, &c.first);
                m.last = max_time(&m.last, &c.last);
                m.lookups = m
                    .lookups
                    .checked_add(c.lookups)
                    .ok_or_else(|| too_many(c.client.as_deref().unwrap_or("-")))?;
                m.distinct_names = m.distinct_names.max(c.distinct_names);
                for e in &c.examples {
                    if m.examples.len() < crate::logscan::report::EXAMPLES_PER_CLIENT
                        && !m.examples.contains(e)
                    {
                        m.examples.push(e.clone());
                    }
                }
            }
        }
    }
    Ok(clients)
}

/// Lookups of a client or a network, added from the scan reports, that pass `u64`.
fn too_many(whose: &str) -> InputError {
    InputError::CountPastLargest {
        whose: whose.to_string(),
    }
}

pub(crate) fn parse_time(t: &Option<String>) -> Option<Micros> {
    t.as_deref()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.timestamp_micros())
}

fn min_time(a: &Option<String>, b: &Option<String>) -> Option<String> {
    match (parse_time(a), parse_time(b)) {
        (Some(x), Some(y)) if y < x => b.clone(),
        (None, Some(_)) => b.clone(),
        _ => a.clone(),
    }
}

fn max_time(a: &Option<String>, b: &Option<String>) -> Option<String> {
    match (parse_time(a), parse_time(b)) {
        (Some(x), Some(y)) if y > x => b.clone(),
        (None, Some(_)) => b.clone(),
        _ => a.clone(),
    }
}

/// Attributes every client of the scan reports. Errs on a network database that cannot be
/// read, and on counts that add up past the largest.
pub fn attribute(
    reports: &[ScanReport],
    tables: &NetworkTables,
    contacts: &Contacts,
    leases: &Leases,
) -> Result<NetworksReport, InputError> {
    let mut groups: BTreeMap<GroupKey, NetworkGroup> = BTreeMap::new();
    // The clients counted: the machines' shares of a `scan-log --dhcp` report each carry
    // their address's lookups, which count once.
    let mut counted: BTreeSet<Option<String>> = BTreeSet::new();
    for ((client, _), c) in merge_clients(reports)? {
        let addr = client.as_deref().and_then(Addr::parse_client);
        let mut row = HostRow {
            first: c.first.clone(),
            last: c.last.clone(),
            address: client.clone().unwrap_or_default(),
            asn: None,
            as_name: None,
            country: None,
            prefix: None,
            special_use: None,
            mac: c.machine.as_ref().map(|m| m.mac.clone()),
            hostname: c.machine.as_ref().and_then(|m| m.hostname.clone()),
            variants: c.variants.clone(),
            lookups: c.lookups,
            distinct_names: c.distinct_names,
            examples: c.examples.clone(),
            note: c.machine.as_ref().and_then(|m| m.note.clone()),
        };
        let mut key = GroupKey::NotAnAddress;
        let mut contact = None;
        if let Some(addr) = addr {
            row.address = addr.to_string();
            if let Some((block, what)) = special_use(addr) {
                key = GroupKey::Internal;
                row.prefix = Some(block.to_string());
                row.special_use = Some(what.to_string());
            } else if let Some((prefix, info)) = tables.lookup(addr)? {
                key = GroupKey::As(info.asn);
                row.prefix = Some(prefix.to_string());
                row.asn = Some(info.asn);
                contact = contacts.for_asn(info.asn).cloned();
                row.as_name = info.as_name;
                row.country = info.country;
            } else {
                key = GroupKey::Unattributed;
            }
            if let Some((prefix, c)) = contacts.for_address(addr) {
                key = GroupKey::Prefix(prefix.to_string());
                contact = Some(c.clone());
            }
        }
        let group = groups.entry(key.clone()).or_insert_with(|| NetworkGroup {
            network: key.label(),
            file: key.file_stem(),
            asn: match key {
                GroupKey::As(n) => Some(n),
                _ => None,
            },
            as_name: None,
            country: None,
            contact: contact.clone(),
            hosts: 0,
            lookups: 0,
            first: None,
            last: None,
            rows: Vec::new(),
        });
        if let GroupKey::As(_) = key {
            group.as_name = group.as_name.take().or(row.as_name.clone());
            group.country = group.country.take().or(row.country.clone());
        }
        if counted.insert(client.clone()) {
            group.hosts += 1;
            group.lookups = group
                .lookups
                .checked_add(row.lookups)
                .ok_or_else(|| too_many(&group.network))?;
        }
        group.first = min_time(&group.first, &row.first);
        group.last = max_time(&group.last, &row.last);
        let shares = machines::shares(leases, &row.address, &row.first, &row.last);
        if shares.is_empty() {
            group.rows.push(row);
            continue;
        }
        for share in shares {
            group.rows.push(HostRow {
                first: share.first,
                last: share.last,
                mac: Some(share.machine.mac),
                hostname: share.machine.hostname,
                note: share.machine.note,
                ..row.clone()
            });
        }
    }
    let mut networks: Vec<NetworkGroup> = groups.into_values().collect();
    for g in &mut networks {
        g.rows.sort_by(|a, b| {
            let key = |r: &HostRow| (Addr::parse_client(&r.address), parse_time(&r.first));
            key(a).cmp(&key(b)).then_with(|| a.address.cmp(&b.address))
        });
    }
    // BTreeMap order is the tie-break: prefixes, then ASes by number, then the rest.
    networks.sort_by_key(|g| std::cmp::Reverse((g.hosts, g.lookups)));
    let dates = reports
        .iter()
        .flat_map(|r| &r.days)
        .filter(|d| d.lookups > 0)
        .map(|d| d.date.clone());
    let (from, to) = dates.fold(
        (None, None),
        |(lo, hi): (Option<String>, Option<String>), d| {
            (
                Some(lo.map_or(d.clone(), |l| l.min(d.clone()))),
                Some(hi.map_or(d.clone(), |h| h.max(d))),
            )
        },
    );
    let mut variants: Vec<&str> = reports
        .iter()
        .flat_map(|r| r.clients.iter().flat_map(|c| c.variants.split(',')))
        .filter(|v| !v.is_empty())
        .collect();
    variants.sort();
    variants.dedup();
    Ok(NetworksReport {
        variants: variants.join(","),
        from,
        to,
        networks,
        tables: tables.sources.clone(),
        dhcp: leases.sources.clone(),
        reports: reports.len() as u64,
    })
}
