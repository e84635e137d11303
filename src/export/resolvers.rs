//! Files a resolver or a blocker loads: BIND response policy zone, Unbound, dnsmasq, hosts
//! and a plain list. Each blocks the names and every name below them (a hosts file and the
//! plain list the names alone: they cannot say more).

use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr};

use chrono::Datelike;

use super::{Export, Sinkhole};

/// Each name and its subdomains, as Unbound and dnsmasq block them, through a wildcard.
pub(super) fn rpz(export: &Export, sinkhole: &Sinkhole, out: &mut impl Write) -> io::Result<()> {
    // The serial is the window's first date, so a daily refresh raises it.
    let from = export.range.from();
    let yyyymmdd00 =
        (i64::from(from.year()) * 10_000 + i64::from(from.month()) * 100 + i64::from(from.day()))
            * 100;
    // Serial numbers compare modulo 2^32 (RFC 1982), so wrapping past year 4294 is fine.
    let serial = yyyymmdd00.rem_euclid(1 << 32);
    writeln!(out, "$TTL 300")?;
    writeln!(
        out,
        "@ IN SOA localhost. hostmaster.localhost. {serial} 3600 600 86400 300"
    )?;
    writeln!(out, "@ IN NS localhost.")?;
    for n in export.names() {
        for owner in ["", "*."] {
            if sinkhole.is_empty() {
                writeln!(out, "{owner}{} CNAME .", n.name)?;
            }
            if let Some(a) = sinkhole.v4 {
                writeln!(out, "{owner}{} A {a}", n.name)?;
            }
            if let Some(a) = sinkhole.v6 {
                writeln!(out, "{owner}{} AAAA {a}", n.name)?;
            }
        }
    }
    Ok(())
}

pub(super) fn unbound(
    export: &Export,
    sinkhole: &Sinkhole,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(out, "server:")?;
    for n in export.names() {
        if sinkhole.is_empty() {
            writeln!(out, "    local-zone: \"{}.\" always_nxdomain", n.name)?;
            continue;
        }
        // `redirect` answers the name and every name below it with the zone's data.
        writeln!(out, "    local-zone: \"{}.\" redirect", n.name)?;
        if let Some(a) = sinkhole.v4 {
            writeln!(out, "    local-data: \"{}. A {a}\"", n.name)?;
        }
        if let Some(a) = sinkhole.v6 {
            writeln!(out, "    local-data: \"{}. AAAA {a}\"", n.name)?;
        }
    }
    Ok(())
}

pub(super) fn dnsmasq(
    export: &Export,
    sinkhole: &Sinkhole,
    out: &mut impl Write,
) -> io::Result<()> {
    for n in export.names() {
        if sinkhole.is_empty() {
            writeln!(out, "address=/{}/", n.name)?;
        }
        for address in sinkhole.addresses() {
            writeln!(out, "address=/{}/{address}", n.name)?;
        }
    }
    Ok(())
}

pub(super) fn hosts(export: &Export, sinkhole: &Sinkhole, out: &mut impl Write) -> io::Result<()> {
    // A hosts file cannot say NXDOMAIN; 0.0.0.0 is the blockers' convention.
    let unspecified = [IpAddr::V4(Ipv4Addr::UNSPECIFIED)];
    let addresses: Vec<IpAddr> = if sinkhole.is_empty() {
        unspecified.to_vec()
    } else {
        sinkhole.addresses().collect()
    };
    for n in export.names() {
        for address in &addresses {
            writeln!(out, "{address} {}", n.name)?;
        }
    }
    Ok(())
}

pub(super) fn plain(export: &Export, out: &mut impl Write) -> io::Result<()> {
    for n in export.names() {
        writeln!(out, "{}", n.name)?;
    }
    Ok(())
}
