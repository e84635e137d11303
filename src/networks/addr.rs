//! Addresses and prefixes of both families as one type, so that tables, contacts and
//! special-use blocks share one longest-prefix rule.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// An address: IPv4 in the low 32 bits, IPv6 in all 128. IPv4-mapped IPv6 addresses
/// (`::ffff:192.0.2.1`) are their IPv4 address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Addr {
    pub v6: bool,
    pub bits: u128,
}

impl Addr {
    pub fn from_ip(ip: IpAddr) -> Addr {
        match ip {
            IpAddr::V4(a) => Addr {
                v6: false,
                bits: u32::from(a) as u128,
            },
            IpAddr::V6(a) => match a.to_ipv4_mapped() {
                Some(v4) => Addr::from_ip(IpAddr::V4(v4)),
                None => Addr {
                    v6: true,
                    bits: u128::from(a),
                },
            },
        }
    }

    pub fn ip(self) -> IpAddr {
        if self.v6 {
            IpAddr::V6(Ipv6Addr::from(self.bits))
        } else {
            IpAddr::V4(Ipv4Addr::from(self.bits as u32))
        }
    }

    pub fn width(self) -> u8 {
        if self.v6 {
            128
        } else {
            32
        }
    }

    /// A client as logs write it: an address, perhaps with a port (`192.0.2.1#53`,
    /// `192.0.2.1:53`, `[2001:db8::1]:53`) or a zone (`fe80::1%eth0`).
    pub fn parse_client(text: &str) -> Option<Addr> {
        let t = text.trim();
        if let Ok(ip) = t.parse::<IpAddr>() {
            return Some(Addr::from_ip(ip));
        }
        let t = t.split(['#', '%']).next().unwrap_or(t);
        if let Ok(ip) = t.parse::<IpAddr>() {
            return Some(Addr::from_ip(ip));
        }
        if let Some(rest) = t.strip_prefix('[') {
            let inner = rest.split(']').next()?;
            return inner.parse::<IpAddr>().ok().map(Addr::from_ip);
        }
        let (host, port) = t.rsplit_once(':')?;
        if port.bytes().all(|b| b.is_ascii_digit()) {
            host.parse::<Ipv4Addr>()
                .ok()
                .map(|a| Addr::from_ip(IpAddr::V4(a)))
        } else {
            None
        }
    }
}

impl fmt::Display for Addr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.ip())
    }
}

/// A prefix: the network's first address and its length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Prefix {
    pub v6: bool,
    pub len: u8,
    pub bits: u128,
}

impl Prefix {
    /// The prefix of `len` bits holding `addr` (`len` at most the family's width).
    pub fn of(addr: Addr, len: u8) -> Prefix {
        Prefix {
            v6: addr.v6,
            len,
            bits: addr.bits & mask(addr.width(), len),
        }
    }

    /// The prefix of `len` bits holding `addr`, or `None` when `len` passes the family's width
    /// (a length read from a file).
    pub fn new(addr: Addr, len: u8) -> Option<Prefix> {
        (len <= addr.width()).then(|| Prefix::of(addr, len))
    }

    /// The prefix of the exact cover of `first..=last` by prefixes that holds `addr` (which
    /// the range holds): the shortest prefix holding `addr` that the range holds whole.
    pub fn within(addr: Addr, first: u128, last: u128) -> Prefix {
        (0..=addr.width())
            .map(|len| Prefix::of(addr, len))
            .find(|p| p.bits >= first && p.last().bits <= last)
            .unwrap_or(Prefix::of(addr, addr.width()))
    }

    /// The prefix's last address.
    pub fn last(self) -> Addr {
        let width = self.first().width();
        Addr {
            v6: self.v6,
            bits: self.bits | host_mask(width, self.len),
        }
    }

    pub fn contains(self, addr: Addr) -> bool {
        addr.v6 == self.v6 && Prefix::of(addr, self.len).bits == self.bits
    }

    /// `198.51.100.0/24`, `2001:db8::/32`; a bare address is its own host prefix. The
    /// address is masked to the length.
    pub fn parse(text: &str) -> Option<Prefix> {
        let (addr, len) = match text.trim().split_once('/') {
            Some((a, l)) => (a, Some(l)),
            None => (text.trim(), None),
        };
        let addr = Addr::from_ip(addr.parse().ok()?);
        let len = match len {
            Some(l) if !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()) => l.parse().ok()?,
            Some(_) => return None,
            None => addr.width(),
        };
        (len <= addr.width()).then(|| Prefix::of(addr, len))
    }

    pub fn first(self) -> Addr {
        Addr {
            v6: self.v6,
            bits: self.bits,
        }
    }
}

fn mask(width: u8, len: u8) -> u128 {
    let full = if width == 128 {
        u128::MAX
    } else {
        (1u128 << width) - 1
    };
    full & !host_mask(width, len)
}

/// The host bits of a prefix of `len` bits in a family of `width` (`len` at most `width`).
fn host_mask(width: u8, len: u8) -> u128 {
    match (width - len) as u32 {
        0 => 0,
        128 => u128::MAX,
        h => (1u128 << h) - 1,
    }
}

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.first(), self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> Addr {
        Addr::from_ip(s.parse().unwrap())
    }

    #[test]
    fn prefixes_parse_mask_and_contain() {
        let p = Prefix::parse("198.51.100.77/24").unwrap();
        assert_eq!(p.to_string(), "198.51.100.0/24");
        assert!(p.contains(a("198.51.100.1")));
        assert!(!p.contains(a("198.51.101.1")));
        assert!(Prefix::parse("0.0.0.0/0").unwrap().contains(a("8.8.8.8")));
        assert!(!Prefix::parse("0.0.0.0/0")
            .unwrap()
            .contains(a("2001:db8::1")));
        assert_eq!(
            Prefix::parse("2001:db8::/32").unwrap().to_string(),
            "2001:db8::/32"
        );
        assert_eq!(Prefix::parse("10.0.0.1").unwrap().len, 32);
        assert!(Prefix::parse("10.0.0.0/33").is_none());
        assert!(Prefix::parse("10.0.0.0/x").is_none());
        assert_eq!(a("::ffff:192.0.2.1"), a("192.0.2.1"));
    }

    #[test]
    fn an_address_in_a_range_has_the_prefix_of_its_exact_cover() {
        let within =
            |x: &str, y: &str, at: &str| Prefix::within(a(at), a(x).bits, a(y).bits).to_string();
        assert_eq!(within("1.0.0.0", "1.0.0.255", "1.0.0.7"), "1.0.0.0/24");
        // 1.0.0.1-1.0.0.4 is 1.0.0.1/32, 1.0.0.2/31 and 1.0.0.4/32.
        assert_eq!(within("1.0.0.1", "1.0.0.4", "1.0.0.1"), "1.0.0.1/32");
        assert_eq!(within("1.0.0.1", "1.0.0.4", "1.0.0.3"), "1.0.0.2/31");
        assert_eq!(within("1.0.0.1", "1.0.0.4", "1.0.0.4"), "1.0.0.4/32");
        assert_eq!(within("0.0.0.0", "255.255.255.255", "8.8.8.8"), "0.0.0.0/0");
        let all = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
        assert_eq!(within("::", all, "2001:db8::1"), "::/0");
        assert_eq!(
            within(
                "2001:db8::",
                "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
                "2001:db8:5::1"
            ),
            "2001:db8::/32"
        );
        // The review's range: a /126 after an odd start costs no expansion.
        assert_eq!(
            within("2a00::1", "2a00:ffff::", "2a00:8000::1"),
            "2a00:8000::/18"
        );
        assert_eq!(
            Prefix::parse("10.0.0.0/8").unwrap().last(),
            a("10.255.255.255")
        );
        assert_eq!(Prefix::parse("::/0").unwrap().last(), a(all));
        assert_eq!(Prefix::new(a("10.0.0.1"), 65), None);
    }

    #[test]
    fn clients_with_ports_are_addresses() {
        assert_eq!(Addr::parse_client("192.0.2.1#5353"), Some(a("192.0.2.1")));
        assert_eq!(Addr::parse_client("192.0.2.1:53"), Some(a("192.0.2.1")));
        assert_eq!(
            Addr::parse_client("[2001:db8::1]:53"),
            Some(a("2001:db8::1"))
        );
        assert_eq!(Addr::parse_client("fe80::1%eth0"), Some(a("fe80::1")));
        assert_eq!(Addr::parse_client("host.example"), None);
    }
}
