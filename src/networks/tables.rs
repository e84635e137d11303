//! Network tables: which autonomous system announces an address. Three formats, told
//! apart by their content: the IP-to-ASN range TSV (`range_start range_end AS_number
//! country_code AS_description`, IPv4 and IPv6, as iptoasn.com publishes it), CAIDA's
//! prefix-to-AS files (`prefix length asn`) and MaxMind-format `.mmdb` ASN databases
//! (GeoLite2-ASN, DB-IP ASN Lite). Text tables may be gzip-compressed. Across all tables the
//! longest prefix wins; on a tie, the table given first.

use std::io::Read;
use std::net::IpAddr;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::addr::{Addr, Prefix};
use crate::error::{Field, InputError};

/// The most bytes of one table read at once (a full IP-to-ASN table is about 30 MiB).
pub const MAX_TABLE_BYTES: u64 = 512 << 20;

/// The most ranges and prefixes kept over all tables (each 48 bytes): a full IP-to-ASN table
/// has about 500,000 lines, CAIDA's prefix-to-AS files about 1,300,000.
pub const MAX_TABLE_ENTRIES: usize = 8_000_000;

/// The longest AS name kept: a name goes into every host row of its network.
pub const MAX_AS_NAME_BYTES: usize = 256;

const RANGES: &str = "a range line: range_start, range_end, AS_number, country_code, AS_description separated by tabs";
const CAIDA: &str = "a prefix line: prefix, length, AS number";
const TOO_MANY: &str = "within the tables' bound of 8,000,000 ranges and prefixes in all";
const AS_NAME: &str = "a range line whose AS_description is at most 256 bytes";
const ANY_FORMAT: &str = "a network table: an IP-to-ASN range TSV, a CAIDA prefix-to-AS file or a MaxMind .mmdb ASN database";

/// What a table says of a network.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NetInfo {
    pub asn: u32,
    pub as_name: Option<String>,
    pub country: Option<String>,
}

/// The format of one table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableFormat {
    Ranges,
    Caida,
    Mmdb,
}

/// One table read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableSummary {
    pub name: String,
    pub format: TableFormat,
    /// Lines or prefixes read (an `.mmdb`: its node count is not counted, 0).
    pub entries: u64,
    /// Lines that name no network (AS 0, "Not routed").
    pub unrouted: u64,
}

/// A range of a table as read (a CAIDA prefix is the range it spans): ranges are never
/// expanded to prefixes, since an IPv6 range can take a hundred of them.
#[derive(Clone, Copy, Debug)]
struct Range {
    first: u128,
    last: u128,
    info: u32,
    /// The order read in, over all tables: the earlier wins a tie.
    order: u32,
}

/// All tables given, for longest-prefix lookups.
#[derive(Default)]
pub struct NetworkTables {
    /// Per family, sorted by first address (then order read).
    ranges: [Vec<Range>; 2],
    /// Per family, the largest last address of the ranges up to each one: a lookup walks back
    /// from the last range starting at or before the address while this reaches it.
    reach: [Vec<u128>; 2],
    infos: Vec<NetInfo>,
    info_ids: FxHashMap<NetInfo, u32>,
    databases: Vec<(String, maxminddb::Reader<Vec<u8>>)>,
    pub sources: Vec<TableSummary>,
}

#[derive(serde::Deserialize)]
struct MmdbAsn<'a> {
    autonomous_system_number: Option<u32>,
    autonomous_system_organization: Option<&'a str>,
}

impl NetworkTables {
    pub fn new() -> NetworkTables {
        NetworkTables::default()
    }

    /// Reads one table, its format told from its bytes.
    pub fn add(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), InputError> {
        if is_mmdb(&bytes) {
            return self.add_mmdb(name, bytes);
        }
        let bytes = gunzip(Field::Networks, name, bytes)?;
        let text = String::from_utf8_lossy(&bytes);
        let first = data_lines(&text).next();
        let format = match first {
            None => {
                return Err(InputError::TableFormat {
                    field: Field::Networks,
                    source: name.into(),
                    expected: ANY_FORMAT,
                })
            }
            Some((_, line)) => {
                let fields: Vec<&str> = line.split_whitespace().collect();
                let is_ip = |s: &&str| s.parse::<IpAddr>().is_ok();
                let is_number = |s: &&str| s.parse::<u32>().is_ok();
                let ranges = fields.len() >= 3
                    && line.contains('\t')
                    && ((is_ip(&fields[0]) && is_ip(&fields[1]))
                        || (is_number(&fields[0]) && is_number(&fields[1])));
                if ranges {
                    TableFormat::Ranges
                } else if fields.len() == 3 && fields.first().is_some_and(is_ip) {
                    TableFormat::Caida
                } else {
                    return Err(InputError::TableFormat {
                        field: Field::Networks,
                        source: name.into(),
                        expected: ANY_FORMAT,
                    });
                }
            }
        };
        let mut summary = TableSummary {
            name: name.into(),
            format,
            entries: 0,
            unrouted: 0,
        };
        for (number, line) in data_lines(&text) {
            let bad = |expected| InputError::TableLine {
                field: Field::Networks,
                source: name.into(),
                line: number,
                expected,
                value: line.chars().take(120).collect(),
            };
            summary.entries += 1;
            match format {
                TableFormat::Ranges => {
                    let f: Vec<&str> = line.split('\t').map(str::trim).collect();
                    if f.len() < 3 {
                        return Err(bad(RANGES));
                    }
                    let first = range_end(f[0]).ok_or_else(|| bad(RANGES))?;
                    let last = range_end(f[1]).ok_or_else(|| bad(RANGES))?;
                    let asn = parse_asn(f[2]).ok_or_else(|| bad(RANGES))?;
                    if first.v6 != last.v6 || first.bits > last.bits {
                        return Err(bad(RANGES));
                    }
                    if asn == 0 {
                        summary.unrouted += 1;
                        continue;
                    }
                    let as_name = f.get(4).filter(|n| !n.is_empty());
                    if as_name.is_some_and(|n| n.len() > MAX_AS_NAME_BYTES) {
                        return Err(bad(AS_NAME));
                    }
                    let info = NetInfo {
                        asn,
                        country: f.get(3).and_then(|c| country(c)),
                        as_name: as_name.map(|n| n.to_string()),
                    };
                    let id = self.info_id(info);
                    self.insert(first, last, id).ok_or_else(|| bad(TOO_MANY))?;
                }
                TableFormat::Caida => {
                    let f: Vec<&str> = line.split_whitespace().collect();
                    if f.len() != 3 {
                        return Err(bad(CAIDA));
                    }
                    let prefix =
                        Prefix::parse(&format!("{}/{}", f[0], f[1])).ok_or_else(|| bad(CAIDA))?;
                    // A multi-origin prefix (`4134_4809`) or an AS set (`4134,4809`): the first.
                    let asn = f[2]
                        .split(['_', ','])
                        .next()
                        .and_then(parse_asn)
                        .ok_or_else(|| bad(CAIDA))?;
                    if asn == 0 {
                        summary.unrouted += 1;
                        continue;
                    }
                    let id = self.info_id(NetInfo {
                        asn,
                        as_name: None,
                        country: None,
                    });
                    self.insert(prefix.first(), prefix.last(), id)
                        .ok_or_else(|| bad(TOO_MANY))?;
                }
                TableFormat::Mmdb => unreachable!("told by its bytes"),
            }
        }
        drop(text);
        for (ranges, reach) in self.ranges.iter_mut().zip(&mut self.reach) {
            ranges.sort_by_key(|r| (r.first, r.order));
            reach.clear();
            reach.extend(ranges.iter().scan(0u128, |most, r| {
                *most = (*most).max(r.last);
                Some(*most)
            }));
        }
        self.sources.push(summary);
        Ok(())
    }

    fn add_mmdb(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), InputError> {
        let unreadable = |reason: String| InputError::Unreadable {
            field: Field::Networks,
            source: name.into(),
            reason,
        };
        let reader =
            maxminddb::Reader::from_source(bytes).map_err(|e| unreadable(e.to_string()))?;
        // An ASN database (GeoLite2-ASN, DB-IP's "DBIP-ASN-Lite (compat=GeoLite2-ASN)") or an
        // ISP one, which holds the same fields; any other kind would leave every host
        // unattributed without a word.
        let kind = &reader.metadata().database_type;
        let upper = kind.to_ascii_uppercase();
        if !upper.contains("ASN") && !upper.contains("ISP") {
            return Err(unreadable(format!(
                "a MaxMind database of type '{}', not an ASN database such as GeoLite2-ASN",
                crate::output::terminal_safe(kind)
            )));
        }
        self.databases.push((name.to_string(), reader));
        self.sources.push(TableSummary {
            name: name.into(),
            format: TableFormat::Mmdb,
            entries: 0,
            unrouted: 0,
        });
        Ok(())
    }

    fn info_id(&mut self, info: NetInfo) -> u32 {
        let next = self.infos.len() as u32;
        let id = *self.info_ids.entry(info.clone()).or_insert(next);
        if id == next {
            self.infos.push(info);
        }
        id
    }

    /// Keeps a range; `None` past [`MAX_TABLE_ENTRIES`].
    fn insert(&mut self, first: Addr, last: Addr, info: u32) -> Option<()> {
        let order = self.ranges.iter().map(Vec::len).sum::<usize>();
        if order >= MAX_TABLE_ENTRIES {
            return None;
        }
        self.ranges[first.v6 as usize].push(Range {
            first: first.bits,
            last: last.bits,
            info,
            order: order as u32,
        });
        Some(())
    }

    /// The longest prefix holding `addr` across the tables, and its network. A range's prefix
    /// for an address is the one of its exact cover by prefixes that holds the address.
    pub fn lookup(&self, addr: Addr) -> Result<Option<(Prefix, NetInfo)>, InputError> {
        let family = addr.v6 as usize;
        let (ranges, reach) = (&self.ranges[family], &self.reach[family]);
        let start = ranges.partition_point(|r| r.first <= addr.bits);
        let mut best: Option<(Prefix, u32, u32)> = None;
        for i in (0..start).rev() {
            if reach[i] < addr.bits {
                break;
            }
            let r = &ranges[i];
            if r.last < addr.bits {
                continue;
            }
            let prefix = Prefix::within(addr, r.first, r.last);
            let better = best.is_none_or(|(p, _, order)| {
                prefix.len > p.len || (prefix.len == p.len && r.order < order)
            });
            if better {
                best = Some((prefix, r.info, r.order));
            }
        }
        let mut best: Option<(Prefix, NetInfo)> =
            best.map(|(p, info, _)| (p, self.infos[info as usize].clone()));
        for (name, db) in &self.databases {
            let broken = |reason: String| InputError::Unreadable {
                field: Field::Networks,
                source: name.clone(),
                reason: format!("looking up {addr}: {reason}"),
            };
            let found = db.lookup(addr.ip()).map_err(|e| broken(e.to_string()))?;
            let Some(record) = found
                .decode::<MmdbAsn>()
                .map_err(|e| broken(e.to_string()))?
            else {
                continue;
            };
            let Some(asn) = record.autonomous_system_number else {
                continue;
            };
            let network = found.network().map_err(|e| broken(e.to_string()))?;
            let prefix = mmdb_prefix(addr, network.ip(), network.prefix()).ok_or_else(|| {
                broken(format!("its network {network} does not hold the address"))
            })?;
            if record
                .autonomous_system_organization
                .is_some_and(|n| n.len() > MAX_AS_NAME_BYTES)
            {
                return Err(broken(format!(
                    "an AS name longer than {MAX_AS_NAME_BYTES} bytes"
                )));
            }
            if asn != 0 && best.as_ref().is_none_or(|(p, _)| prefix.len > p.len) {
                best = Some((
                    prefix,
                    NetInfo {
                        asn,
                        as_name: record.autonomous_system_organization.map(str::to_string),
                        country: None,
                    },
                ));
            }
        }
        Ok(best)
    }
}

/// The prefix of a MaxMind network (`ip`/`len`) holding `addr`. An IPv4 address found above
/// the IPv4 subtree of an IPv6 database (a record for `::/64`, say) is in a network holding
/// all of IPv4: its prefix is `0.0.0.0/0`. `None` when the network does not hold the address.
fn mmdb_prefix(addr: Addr, ip: IpAddr, len: u8) -> Option<Prefix> {
    match ip {
        // IPv4 sits at ::/96 of an IPv6 tree.
        IpAddr::V6(ip) if !addr.v6 => {
            let v6 = |bits| Addr { v6: true, bits };
            let network = Prefix::new(v6(u128::from(ip)), len)?;
            (len <= 96 && network.contains(v6(addr.bits))).then(|| Prefix::of(addr, 0))
        }
        _ => Prefix::new(Addr::from_ip(ip), len).filter(|n| n.contains(addr)),
    }
}

/// A range's end: an address, or an IPv4 address as a number (`ip2asn-v4-u32.tsv`).
fn range_end(text: &str) -> Option<Addr> {
    match text.parse::<IpAddr>() {
        Ok(ip) => Some(Addr::from_ip(ip)),
        Err(_) => text
            .parse::<u32>()
            .ok()
            .map(|n| Addr::from_ip(IpAddr::V4(n.into()))),
    }
}

/// `AS64500`, `as64500` or `64500`.
pub fn parse_asn(text: &str) -> Option<u32> {
    let t = text.trim();
    let digits = t
        .strip_prefix("AS")
        .or_else(|| t.strip_prefix("as"))
        .unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn country(text: &str) -> Option<String> {
    let t = text.trim();
    (t.len() == 2 && t.bytes().all(|b| b.is_ascii_alphabetic()) && t != "ZZ")
        .then(|| t.to_ascii_uppercase())
}

/// The metadata marker every MaxMind DB file ends with.
fn is_mmdb(bytes: &[u8]) -> bool {
    const MARKER: &[u8] = b"\xab\xcd\xefMaxMind.com";
    let tail = &bytes[bytes.len().saturating_sub(128 * 1024)..];
    memchr::memmem::find(tail, MARKER).is_some()
}

/// The bytes, inflated when they are gzip.
pub(crate) fn gunzip(field: Field, name: &str, bytes: Vec<u8>) -> Result<Vec<u8>, InputError> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(&bytes[..])
        .take(MAX_TABLE_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| InputError::Unreadable {
            field,
            source: name.into(),
            reason: format!("gzip: {e}"),
        })?;
    if out.len() as u64 > MAX_TABLE_BYTES {
        return Err(InputError::TooLarge {
            field,
            source: name.into(),
            limit: MAX_TABLE_BYTES,
        });
    }
    Ok(out)
}

/// Lines that hold data, numbered from 1: not blank, not `#` comments.
pub(crate) fn data_lines(text: &str) -> impl Iterator<Item = (u64, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> Addr {
        Addr::from_ip(s.parse().unwrap())
    }

    fn asn_of(t: &NetworkTables, s: &str) -> Option<(String, u32)> {
        t.lookup(a(s)).unwrap().map(|(p, i)| (p.to_string(), i.asn))
    }

    #[test]
    fn range_tables_and_caida_prefixes_longest_prefix_wins() {
        let mut t = NetworkTables::new();
        t.add(
            "ranges.tsv",
            b"5.0.0.0\t5.255.255.255\t64500\tDE\tBIG-NET\n5.1.2.0\t5.1.2.127\t64501\tFR\tSMALL-NET\n6.0.0.0\t6.0.0.255\t0\tNone\tNot routed\n2a00::\t2a00:ffff:ffff:ffff:ffff:ffff:ffff:ffff\t64502\tNL\tV6-NET\n".to_vec(),
        )
        .unwrap();
        t.add(
            "pfx2as.txt",
            b"5.1.2.0\t26\t64503\n5.1.2.0\t25\t64509\n7.0.0.0 8 64504_64505\n".to_vec(),
        )
        .unwrap();
        assert_eq!(asn_of(&t, "5.9.9.9"), Some(("5.0.0.0/8".into(), 64500)));
        assert_eq!(
            asn_of(&t, "5.1.2.100"),
            Some(("5.1.2.0/25".into(), 64501)),
            "a tie: the first table"
        );
        assert_eq!(asn_of(&t, "5.1.2.10"), Some(("5.1.2.0/26".into(), 64503)));
        assert_eq!(asn_of(&t, "7.1.1.1"), Some(("7.0.0.0/8".into(), 64504)));
        assert_eq!(asn_of(&t, "2a00:1::1"), Some(("2a00::/16".into(), 64502)));
        assert_eq!(asn_of(&t, "6.0.0.1"), None);
        assert_eq!(t.sources[0].unrouted, 1);
        let (_, info) = t.lookup(a("5.1.2.100")).unwrap().unwrap();
        assert_eq!(info.country.as_deref(), Some("FR"));
        assert_eq!(info.as_name.as_deref(), Some("SMALL-NET"));
    }

    #[test]
    fn unreadable_tables_name_file_line_and_expectation() {
        let mut t = NetworkTables::new();
        let e = t
            .add(
                "r.tsv",
                b"# c\n5.0.0.0\t5.0.0.255\t64500\tDE\tX\n5.0.1.0\tfive\t1\n".to_vec(),
            )
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("network table r.tsv line 3: '5.0.1.0\tfive\t1' is not {RANGES}")
        );
        assert_eq!(e.field(), Field::Networks);
        let e = t.add("x.txt", b"hello world\n".to_vec()).unwrap_err();
        assert!(matches!(e, InputError::TableFormat { .. }), "{e}");
        let e = t
            .add("p.txt", b"5.0.0.0 8 64500\n5.0.0.0 40 1\n".to_vec())
            .unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
    }

    #[test]
    fn maxmind_networks_become_prefixes_with_checked_lengths() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let of =
            |addr: &str, net: &str, len| mmdb_prefix(a(addr), ip(net), len).map(|p| p.to_string());
        assert_eq!(
            of("1.128.0.9", "1.128.0.0", 11),
            Some("1.128.0.0/11".into())
        );
        // The review's database: a record for ::/64, above the IPv4 subtree (::/96), holds all
        // of IPv4; it made the prefix 0.0.0.0/65 (and panicked with overflow checks).
        assert_eq!(of("1.128.0.9", "::", 64), Some("0.0.0.0/0".into()));
        assert_eq!(
            of("2001:db8::1", "2001:db8::", 32),
            Some("2001:db8::/32".into())
        );
        assert_eq!(of("1.128.0.9", "1.128.0.0", 65), None);
        assert_eq!(of("1.128.0.9", "2001:db8::", 32), None);
        assert_eq!(of("2001:db9::1", "2001:db8::", 32), None);
    }

    #[test]
    fn ranges_as_numbers_are_ipv4() {
        let mut t = NetworkTables::new();
        t.add(
            "ip2asn-v4-u32.tsv",
            b"16777216\t16777471\t13335\tUS\tCLOUDFLARENET\n".to_vec(),
        )
        .unwrap();
        assert_eq!(asn_of(&t, "1.0.0.1"), Some(("1.0.0.0/24".into(), 13335)));
    }

    #[test]
    fn gzip_tables_are_read() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"5.0.0.0\t8\t64500\n").unwrap();
        let mut t = NetworkTables::new();
        t.add("p.gz", gz.finish().unwrap()).unwrap();
        assert_eq!(asn_of(&t, "5.1.1.1"), Some(("5.0.0.0/8".into(), 64500)));
    }
}
