//! Special-use addresses (IANA's special-purpose registries): never looked up in a network
//! table, reported as the internal group, since no outside network owns them.

use super::addr::{Addr, Prefix};

/// Each block and what it is, IPv4 then IPv6.
const BLOCKS: &[(&str, &str)] = &[
    ("0.0.0.0/8", "this network (RFC 791)"),
    ("10.0.0.0/8", "private (RFC 1918)"),
    (
        "100.64.0.0/10",
        "shared address space, carrier-grade NAT (RFC 6598)",
    ),
    ("127.0.0.0/8", "loopback (RFC 1122)"),
    ("169.254.0.0/16", "link-local (RFC 3927)"),
    ("172.16.0.0/12", "private (RFC 1918)"),
    ("192.0.0.0/24", "IETF protocol assignments (RFC 6890)"),
    ("192.0.2.0/24", "documentation, TEST-NET-1 (RFC 5737)"),
    (
        "192.88.99.0/24",
        "6to4 relay anycast, deprecated (RFC 7526)",
    ),
    ("192.168.0.0/16", "private (RFC 1918)"),
    ("198.18.0.0/15", "benchmarking (RFC 2544)"),
    ("198.51.100.0/24", "documentation, TEST-NET-2 (RFC 5737)"),
    ("203.0.113.0/24", "documentation, TEST-NET-3 (RFC 5737)"),
    ("224.0.0.0/4", "multicast (RFC 5771)"),
    ("240.0.0.0/4", "reserved (RFC 1112)"),
    ("255.255.255.255/32", "limited broadcast (RFC 919)"),
    ("::/128", "unspecified (RFC 4291)"),
    ("::1/128", "loopback (RFC 4291)"),
    (
        "64:ff9b:1::/48",
        "local-use IPv4/IPv6 translation (RFC 8215)",
    ),
    ("100::/64", "discard-only (RFC 6666)"),
    ("2001:db8::/32", "documentation (RFC 3849)"),
    ("3fff::/20", "documentation (RFC 9637)"),
    ("fc00::/7", "unique local, ULA (RFC 4193)"),
    ("fe80::/10", "link-local (RFC 4291)"),
    ("ff00::/8", "multicast (RFC 4291)"),
];

/// The special-use block holding `addr` and what it is, or `None` for a global address.
pub fn special_use(addr: Addr) -> Option<(Prefix, &'static str)> {
    BLOCKS
        .iter()
        .map(|(p, what)| (Prefix::parse(p).expect("valid block"), *what))
        .filter(|(p, _)| p.contains(addr))
        .max_by_key(|(p, _)| p.len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn what(s: &str) -> Option<&'static str> {
        special_use(Addr::from_ip(s.parse().unwrap())).map(|(_, w)| w)
    }

    #[test]
    fn special_use_addresses_are_known() {
        assert_eq!(what("10.1.2.3"), Some("private (RFC 1918)"));
        assert_eq!(what("172.31.255.255"), Some("private (RFC 1918)"));
        assert_eq!(what("172.32.0.1"), None);
        assert_eq!(what("192.168.1.20"), Some("private (RFC 1918)"));
        assert_eq!(
            what("100.127.0.1"),
            Some("shared address space, carrier-grade NAT (RFC 6598)")
        );
        assert_eq!(what("100.128.0.1"), None);
        assert_eq!(what("127.0.0.1"), Some("loopback (RFC 1122)"));
        assert_eq!(what("169.254.9.9"), Some("link-local (RFC 3927)"));
        assert_eq!(
            what("203.0.113.9"),
            Some("documentation, TEST-NET-3 (RFC 5737)")
        );
        assert_eq!(what("fd12:3456::1"), Some("unique local, ULA (RFC 4193)"));
        assert_eq!(what("fe80::1"), Some("link-local (RFC 4291)"));
        assert_eq!(what("::ffff:10.0.0.1"), Some("private (RFC 1918)"));
        assert_eq!(what("8.8.8.8"), None);
        assert_eq!(what("2a00:1450::1"), None);
    }
}
