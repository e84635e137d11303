//! Which machine held an internal address when: DHCP leases and logs. Four sources: ISC
//! dhcpd's `dhcpd.leases` (times in UTC), dnsmasq's lease file (expiry times since 1970),
//! dnsmasq's `dhcp` log lines (syslog times) and the Windows DHCP Server audit log
//! (`DhcpSrvLog-*.log`, local times). Each becomes holdings: an address, a MAC address and a
//! host name, from one time to another. A log's assignments last until the address is
//! released or given to another machine; an address that changed hands is two holdings,
//! never one.

use chrono::{NaiveDate, NaiveDateTime};
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::addr::Addr;
use super::tables::{data_lines, gunzip};
use crate::error::{Field, InputError};

/// Microseconds since 1970, UTC.
pub type Micros = i64;

const ANY_FORMAT: &str = "a DHCP file: ISC dhcpd.leases, a dnsmasq lease file, dnsmasq dhcp log lines or a Windows DHCP Server audit log";
const DHCPD: &str = "a dhcpd.leases statement such as 'starts 3 2024/05/01 10:00:00;' or 'hardware ethernet 00:11:22:33:44:55;'";
const DNSMASQ_LEASE: &str =
    "a dnsmasq lease: expiry, MAC address, IP address, host name, client id";
const WINDOWS: &str =
    "a Windows DHCP audit line: ID,Date,Time,Description,IP Address,Host Name,MAC Address";

/// The DHCP file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DhcpFormat {
    DhcpdLeases,
    DnsmasqLeases,
    DnsmasqLog,
    WindowsAudit,
}

/// How to read times that the files write without a zone or a year.
#[derive(Clone, Copy, Debug)]
pub struct DhcpOptions {
    /// Offset from UTC of local times (dnsmasq's syslog, Windows), in seconds.
    pub local_offset_seconds: i32,
    /// The year of syslog times.
    pub syslog_year: i32,
}

/// One machine holding one address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holding {
    pub addr: Addr,
    pub mac: String,
    pub hostname: Option<String>,
    /// `None`: since before the file.
    pub from: Option<Micros>,
    /// `None`: still held at the file's end.
    pub to: Option<Micros>,
}

/// One DHCP file read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DhcpSummary {
    pub name: String,
    pub format: DhcpFormat,
    pub holdings: u64,
}

#[derive(Default)]
pub struct Leases {
    /// By address, in the order read.
    holdings: FxHashMap<Addr, Vec<Holding>>,
    pub sources: Vec<DhcpSummary>,
}

enum EventKind {
    Start,
    End,
}

struct Event {
    addr: Addr,
    mac: String,
    hostname: Option<String>,
    time: Micros,
    kind: EventKind,
}

impl Leases {
    pub fn new() -> Leases {
        Leases::default()
    }

    pub fn is_empty(&self) -> bool {
        self.holdings.is_empty()
    }

    /// Reads one file, its format told from its lines.
    pub fn add(
        &mut self,
        name: &str,
        bytes: Vec<u8>,
        options: DhcpOptions,
    ) -> Result<(), InputError> {
        let bytes = gunzip(Field::Dhcp, name, bytes)?;
        let text = String::from_utf8_lossy(&bytes);
        let format = detect(&text).ok_or_else(|| InputError::TableFormat {
            field: Field::Dhcp,
            source: name.into(),
            expected: ANY_FORMAT,
        })?;
        let holdings = match format {
            DhcpFormat::DhcpdLeases => dhcpd_leases(name, &text)?,
            DhcpFormat::DnsmasqLeases => dnsmasq_leases(name, &text)?,
            DhcpFormat::DnsmasqLog => holdings_of(dnsmasq_log(&text, options)),
            DhcpFormat::WindowsAudit => holdings_of(windows_audit(name, &text, options)?),
        };
        self.sources.push(DhcpSummary {
            name: name.into(),
            format,
            holdings: holdings.len() as u64,
        });
        for h in holdings {
            self.holdings.entry(h.addr).or_default().push(h);
        }
        Ok(())
    }

    /// The holdings of `addr` that overlap `first..=last` (either bound unknown: unbounded),
    /// each clipped to it, earliest first.
    pub fn holders(&self, addr: Addr, first: Option<Micros>, last: Option<Micros>) -> Vec<Holding> {
        let mut out: Vec<Holding> = self
            .holdings
            .get(&addr)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(|h| {
                let starts_before_end = match (h.from, last) {
                    (Some(f), Some(l)) => f <= l,
                    _ => true,
                };
                let ends_after_start = match (h.to, first) {
                    (Some(t), Some(f)) => t >= f,
                    _ => true,
                };
                starts_before_end && ends_after_start
            })
            .map(|h| Holding {
                from: max_opt(h.from, first),
                to: min_opt(h.to, last),
                ..h.clone()
            })
            .collect();
        out.sort_by(|a, b| (a.from, &a.mac).cmp(&(b.from, &b.mac)));
        // The same machine's holdings side by side (a lease renewed, or the same lease in two
        // files) are one.
        out.dedup_by(|next, prev| {
            if next.mac == prev.mac {
                prev.to = match (prev.to, next.to) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
                if prev.hostname.is_none() {
                    prev.hostname = next.hostname.take();
                }
                true
            } else {
                false
            }
        });
        out
    }
}

fn max_opt(a: Option<Micros>, b: Option<Micros>) -> Option<Micros> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn min_opt(a: Option<Micros>, b: Option<Micros>) -> Option<Micros> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn detect(text: &str) -> Option<DhcpFormat> {
    for (_, line) in data_lines(text).take(200) {
        let t = line.trim();
        if t.starts_with("lease ") && t.ends_with('{') {
            return Some(DhcpFormat::DhcpdLeases);
        }
        if t.starts_with("ID,Date,Time,Description") {
            return Some(DhcpFormat::WindowsAudit);
        }
        if t.contains("dnsmasq-dhcp") {
            return Some(DhcpFormat::DnsmasqLog);
        }
        let f: Vec<&str> = t.split_whitespace().collect();
        if (4..=5).contains(&f.len())
            && f[0].bytes().all(|b| b.is_ascii_digit())
            && f[2].parse::<std::net::IpAddr>().is_ok()
        {
            return Some(DhcpFormat::DnsmasqLeases);
        }
    }
    None
}

/// `00:0C:29:A1:B2:C3`, `00-0c-29-a1-b2-c3` and `000C29A1B2C3` are `00:0c:29:a1:b2:c3`.
pub fn normal_mac(text: &str) -> String {
    let hex: String = text
        .chars()
        .filter(|c| !matches!(c, ':' | '-' | '.'))
        .collect::<String>()
        .to_ascii_lowercase();
    if hex.len() == 12 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        hex.as_bytes()
            .chunks(2)
            .map(|c| std::str::from_utf8(c).expect("ascii"))
            .collect::<Vec<_>>()
            .join(":")
    } else {
        text.trim().to_ascii_lowercase()
    }
}

fn micros(t: NaiveDateTime) -> Micros {
    t.and_utc().timestamp_micros()
}

/// Seconds since 1970 as microseconds; `None` past what a date holds (year 9999), which
/// would otherwise wrap.
fn epoch_micros(secs: &str) -> Option<Micros> {
    let secs: i64 = secs.parse().ok()?;
    chrono::DateTime::from_timestamp(secs, 0)?;
    secs.checked_mul(1_000_000)
}

fn dhcpd_leases(name: &str, text: &str) -> Result<Vec<Holding>, InputError> {
    let mut out = Vec::new();
    // A lease block; its MAC address empty until `hardware` is read.
    let mut current: Option<Holding> = None;
    // The line and text of the open block's `lease` line.
    let mut opened = (0, String::new());
    for (number, line) in data_lines(text) {
        let t = line.trim();
        let bad = || InputError::TableLine {
            field: Field::Dhcp,
            source: name.into(),
            line: number,
            expected: DHCPD,
            value: t.chars().take(120).collect(),
        };
        if let Some(rest) = t.strip_prefix("lease ") {
            if current.is_some() {
                return Err(unclosed(name, &opened));
            }
            opened = (number, t.chars().take(120).collect());
            let addr = rest.trim_end_matches('{').trim();
            let addr = addr.parse().map_err(|_| bad())?;
            current = Some(Holding {
                addr: Addr::from_ip(addr),
                mac: String::new(),
                hostname: None,
                from: None,
                to: None,
            });
            continue;
        }
        if t == "}" {
            out.extend(current.take().filter(|h| !h.mac.is_empty()));
            continue;
        }
        let Some(Holding {
            mac,
            hostname,
            from,
            to,
            ..
        }) = current.as_mut()
        else {
            continue;
        };
        // A statement ends at its `;`; a `# comment` may follow (`starts epoch N; # date`).
        let statement = t.split(';').next().unwrap_or(t);
        let mut words = statement.split_whitespace();
        match words.next() {
            Some(key @ ("starts" | "ends")) => {
                let time = match words.collect::<Vec<_>>()[..] {
                    ["never"] => None,
                    ["epoch", secs, ..] => Some(epoch_micros(secs).ok_or_else(bad)?),
                    [_weekday, date, time] => Some(micros(
                        NaiveDateTime::parse_from_str(
                            &format!("{date} {time}"),
                            "%Y/%m/%d %H:%M:%S",
                        )
                        .map_err(|_| bad())?,
                    )),
                    _ => return Err(bad()),
                };
                if key == "starts" {
                    *from = time;
                } else {
                    *to = time;
                }
            }
            Some("hardware") => {
                let value = words.nth(1).ok_or_else(bad)?;
                *mac = normal_mac(value);
            }
            Some("client-hostname") => {
                let value = statement["client-hostname".len()..]
                    .trim()
                    .trim_matches('"');
                *hostname = Some(value.to_string());
            }
            _ => {}
        }
    }
    if current.is_some() {
        return Err(unclosed(name, &opened));
    }
    Ok(out)
}

/// A `lease` block that the file does not close: cut short, or two blocks run together.
fn unclosed(name: &str, (line, text): &(u64, String)) -> InputError {
    InputError::TableLine {
        field: Field::Dhcp,
        source: name.into(),
        line: *line,
        expected: "a lease block closed by '}' before the next 'lease' or the file's end",
        value: text.clone(),
    }
}

fn dnsmasq_leases(name: &str, text: &str) -> Result<Vec<Holding>, InputError> {
    let mut out = Vec::new();
    for (number, line) in data_lines(text) {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.first() == Some(&"duid") {
            continue;
        }
        let bad = || InputError::TableLine {
            field: Field::Dhcp,
            source: name.into(),
            line: number,
            expected: DNSMASQ_LEASE,
            value: line.chars().take(120).collect(),
        };
        if f.len() < 4 {
            return Err(bad());
        }
        let expiry = epoch_micros(f[0]).ok_or_else(bad)?;
        let addr = Addr::from_ip(f[2].parse().map_err(|_| bad())?);
        out.push(Holding {
            addr,
            mac: normal_mac(f[1]),
            hostname: (f[3] != "*").then(|| f[3].to_string()),
            from: None,
            // 0: a lease that never expires.
            to: (expiry != 0).then_some(expiry),
        });
    }
    Ok(out)
}

fn dnsmasq_log(text: &str, options: DhcpOptions) -> Vec<Event> {
    let mut out = Vec::new();
    for (_, line) in data_lines(text) {
        let Some(at) = line.find("dnsmasq-dhcp") else {
            continue;
        };
        let Some(time) = syslog_time(&line[..at], options) else {
            continue;
        };
        let Some((_, message)) = line[at..].split_once(": ") else {
            continue;
        };
        let mut words = message.split_whitespace().peekable();
        // A transaction id (log-dhcp).
        if words
            .peek()
            .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
        {
            words.next();
        }
        let kind = match words.next() {
            Some(w) if w.starts_with("DHCPACK(") => EventKind::Start,
            Some(w) if w.starts_with("DHCPRELEASE(") => EventKind::End,
            _ => continue,
        };
        let (Some(addr), Some(mac)) = (words.next(), words.next()) else {
            continue;
        };
        let Ok(addr) = addr.parse() else {
            continue;
        };
        out.push(Event {
            addr: Addr::from_ip(addr),
            mac: normal_mac(mac),
            hostname: words.next().map(str::to_string),
            time,
            kind,
        });
    }
    out
}

/// `Mar  5 16:01:49 host ` or an RFC 3339 time first.
fn syslog_time(prefix: &str, options: DhcpOptions) -> Option<Micros> {
    let words: Vec<&str> = prefix.split_whitespace().collect();
    if let Some(first) = words.first() {
        if let Ok(t) = chrono::DateTime::parse_from_rfc3339(first) {
            return Some(t.timestamp_micros());
        }
    }
    let [month, day, time, ..] = words[..] else {
        return None;
    };
    let local = NaiveDateTime::parse_from_str(
        &format!("{} {month} {day} {time}", options.syslog_year),
        "%Y %b %d %H:%M:%S",
    )
    .ok()?;
    Some(micros(local) - options.local_offset_seconds as i64 * 1_000_000)
}

fn windows_audit(name: &str, text: &str, options: DhcpOptions) -> Result<Vec<Event>, InputError> {
    let mut out = Vec::new();
    let mut in_table = false;
    for (number, line) in data_lines(text) {
        if line.starts_with("ID,Date,Time,Description") {
            in_table = true;
            continue;
        }
        if !in_table {
            continue;
        }
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        let bad = || InputError::TableLine {
            field: Field::Dhcp,
            source: name.into(),
            line: number,
            expected: WINDOWS,
            value: line.chars().take(120).collect(),
        };
        if f.len() < 7 {
            return Err(bad());
        }
        let id: u32 = f[0].parse().map_err(|_| bad())?;
        let kind = match id {
            // New lease, renewal, BOOTP address.
            10 | 11 | 20 => EventKind::Start,
            // Released, deleted, expired.
            12 | 16 | 17 | 18 => EventKind::End,
            _ => continue,
        };
        let date = NaiveDate::parse_from_str(f[1], "%m/%d/%y")
            .or_else(|_| NaiveDate::parse_from_str(f[1], "%m/%d/%Y"))
            .map_err(|_| bad())?;
        let time = chrono::NaiveTime::parse_from_str(f[2], "%H:%M:%S").map_err(|_| bad())?;
        let Ok(addr) = f[4].parse() else {
            continue;
        };
        out.push(Event {
            addr: Addr::from_ip(addr),
            mac: normal_mac(f[6]),
            hostname: (!f[5].is_empty()).then(|| f[5].to_string()),
            time: micros(date.and_time(time)) - options.local_offset_seconds as i64 * 1_000_000,
            kind,
        });
    }
    Ok(out)
}

/// Log events as holdings: an assignment lasts until its release or the address's next
/// assignment to another machine.
fn holdings_of(mut events: Vec<Event>) -> Vec<Holding> {
    events.sort_by_key(|e| (e.addr, e.time));
    let mut out = Vec::new();
    let mut open: Option<Holding> = None;
    for e in events {
        if let Some(h) = open.as_mut() {
            if h.addr != e.addr {
                out.extend(open.take());
            }
        }
        match e.kind {
            EventKind::Start => match open.as_mut() {
                Some(h) if h.mac == e.mac => {
                    if e.hostname.is_some() {
                        h.hostname = e.hostname;
                    }
                }
                _ => {
                    if let Some(mut h) = open.take() {
                        h.to = Some(e.time);
                        out.push(h);
                    }
                    open = Some(Holding {
                        addr: e.addr,
                        mac: e.mac,
                        hostname: e.hostname,
                        from: Some(e.time),
                        to: None,
                    });
                }
            },
            EventKind::End => {
                if open.as_ref().is_some_and(|h| h.mac == e.mac) {
                    let mut h = open.take().expect("open");
                    h.to = Some(e.time);
                    out.push(h);
                }
            }
        }
    }
    out.extend(open);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTIONS: DhcpOptions = DhcpOptions {
        local_offset_seconds: 3600,
        syslog_year: 2009,
    };

    fn a(s: &str) -> Addr {
        Addr::from_ip(s.parse().unwrap())
    }

    fn t(s: &str) -> Micros {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .timestamp_micros()
    }

    #[test]
    fn dnsmasq_log_assignments_end_at_the_next_machine() {
        let mut l = Leases::new();
        l.add(
            "dnsmasq.log",
            b"Jan 19 10:00:00 gw dnsmasq-dhcp[1]: DHCPACK(eth0) 10.0.0.5 00:11:22:33:44:55 alpha\n\
Jan 19 11:00:00 gw dnsmasq-dhcp[1]: 42 DHCPACK(eth0) 10.0.0.5 00:11:22:33:44:55\n\
Jan 19 12:00:00 gw dnsmasq-dhcp[1]: DHCPRELEASE(eth0) 10.0.0.5 00:11:22:33:44:55\n\
Jan 19 13:00:00 gw dnsmasq-dhcp[1]: DHCPACK(eth0) 10.0.0.5 66:77:88:99:aa:bb beta\n"
                .to_vec(),
            OPTIONS,
        )
        .unwrap();
        assert_eq!(l.sources[0].format, DhcpFormat::DnsmasqLog);
        let h = l.holders(a("10.0.0.5"), None, None);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].hostname.as_deref(), Some("alpha"));
        assert_eq!(h[0].from, Some(t("2009-01-19T09:00:00Z")));
        assert_eq!(h[0].to, Some(t("2009-01-19T11:00:00Z")));
        assert_eq!(h[1].mac, "66:77:88:99:aa:bb");
        assert_eq!(h[1].to, None);
        let h = l.holders(
            a("10.0.0.5"),
            Some(t("2009-01-19T12:30:00Z")),
            Some(t("2009-01-19T13:00:00Z")),
        );
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].hostname.as_deref(), Some("beta"));
    }

    #[test]
    fn windows_audit_lines_in_local_time() {
        let mut l = Leases::new();
        l.add(
            "DhcpSrvLog-Mon.log",
            b"\t\tMicrosoft DHCP Service Activity Log\n\nID,Date,Time,Description,IP Address,Host Name,MAC Address,User Name\n\
00,01/19/09,09:00:00,Started,,,,\n\
10,01/19/09,10:00:00,Assign,10.0.0.7,pc1.corp.example,000C29A1B2C3,\n\
12,01/19/09,10:30:00,Release,10.0.0.7,pc1.corp.example,000C29A1B2C3,\n"
                .to_vec(),
            OPTIONS,
        )
        .unwrap();
        let h = l.holders(a("10.0.0.7"), None, None);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].mac, "00:0c:29:a1:b2:c3");
        assert_eq!(h[0].from, Some(t("2009-01-19T09:00:00Z")));
        assert_eq!(h[0].to, Some(t("2009-01-19T09:30:00Z")));
        let e = Leases::new()
            .add(
                "w.log",
                b"ID,Date,Time,Description,IP Address,Host Name,MAC Address\n10,13/45/09,x,Assign,10.0.0.1,h,00\n".to_vec(),
                OPTIONS,
            )
            .unwrap_err();
        assert!(e.to_string().starts_with("DHCP file w.log line 2: "), "{e}");
    }

    #[test]
    fn unknown_dhcp_files_are_refused() {
        let e = Leases::new()
            .add("x", b"hello\n".to_vec(), OPTIONS)
            .unwrap_err();
        assert!(matches!(
            e,
            InputError::TableFormat {
                field: Field::Dhcp,
                ..
            }
        ));
    }
}
