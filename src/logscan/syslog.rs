//! The syslog header in front of a record, whatever the record's format: BSD syslog
//! (RFC 3164) with or without the `<PRI>` priority, with or without a year, with an RFC 3339
//! time (rsyslog's and journald's files), OpenWrt's `logread`, and RFC 5424.
//!
//! The header's time dates a record that has none; its host is the machine that logged the
//! record. Read at fixed positions without allocating: most lines of a resolver's own log
//! are turned away by their first bytes.

use crate::logscan::time::{self, LogTime, SyslogYear};

/// What a syslog header says, and the record after it (and after the program's tag).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header<'a> {
    pub time: Option<LogTime>,
    pub host: Option<&'a str>,
    pub message: &'a str,
}

/// The header of `line`, or `None` when the line does not start with one.
///
/// Without a priority, a header is a time, an optional host and a program's tag
/// (`named[17742]:`); a time alone is left to the record's own parser. With a priority
/// the tag, the host and even the time may be missing.
pub fn strip<'a>(line: &'a str, year: &mut SyslogYear) -> Option<Header<'a>> {
    let (priority, rest) = match line.as_bytes().first()? {
        b'<' => (true, after_priority(line)?),
        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (false, line),
        _ => return None,
    };
    if priority && rest.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        if let Some(header) = rfc5424(rest) {
            return Some(header);
        }
    }
    let (time, rest) = match bsd_time(rest, year) {
        Some((time, rest)) => (Some(time), rest),
        None if priority => (None, rest),
        None => return None,
    };
    let (first, after_first) = word(rest);
    if is_tag(first) {
        return Some(Header {
            time,
            host: None,
            message: after_first,
        });
    }
    // OpenWrt's logread and some syslog-ng templates write the facility and severity.
    let (host, after_host) = if is_facility_level(first) {
        (None, after_first)
    } else if is_host(first) {
        (Some(first), after_first)
    } else if priority {
        return Some(Header {
            time,
            host: None,
            message: rest,
        });
    } else {
        return None;
    };
    let (second, after_second) = word(after_host);
    if is_tag(second) {
        Some(Header {
            time,
            host,
            message: after_second,
        })
    } else if priority {
        Some(Header {
            time,
            host,
            message: after_host,
        })
    } else {
        None
    }
}

/// `<PRI>` (0 to 191) and what follows it.
fn after_priority(line: &str) -> Option<&str> {
    let b = line.as_bytes();
    let close = b.iter().take(5).position(|&c| c == b'>')?;
    let digits = &b[1..close];
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = digits
        .iter()
        .fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'));
    (value <= 191).then(|| &line[close + 1..])
}

/// The next space-separated word and the rest after one space.
pub(crate) fn word(s: &str) -> (&str, &str) {
    match memchr::memchr(b' ', s.as_bytes()) {
        Some(at) => (&s[..at], &s[at + 1..]),
        None => (s, ""),
    }
}

/// The next word and the rest, when a space follows the word.
fn split_word(s: &str) -> Option<(&str, &str)> {
    let at = memchr::memchr(b' ', s.as_bytes())?;
    Some((&s[..at], &s[at + 1..]))
}

/// `VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]`.
fn rfc5424(rest: &str) -> Option<Header<'_>> {
    let (version, rest) = split_word(rest)?;
    if version.is_empty() || version.len() > 2 || !version.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (stamp, rest) = split_word(rest)?;
    let time = match stamp {
        "-" => None,
        _ => Some(time::iso(stamp)?),
    };
    let (host, rest) = split_word(rest)?;
    let (_app, rest) = split_word(rest)?;
    let (_procid, rest) = split_word(rest)?;
    let (_msgid, rest) = split_word(rest)?;
    let after = structured_data_end(rest)?;
    let message = match &rest[after..] {
        "" => "",
        more => more.strip_prefix(' ')?,
    };
    Some(Header {
        time,
        host: (host != "-" && !host.is_empty()).then_some(host),
        message: message.strip_prefix('\u{feff}').unwrap_or(message),
    })
}

/// Where `-` or the `[id param="value" ...]` elements end.
fn structured_data_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.first() == Some(&b'-') {
        return Some(1);
    }
    let mut at = 0;
    while b.get(at) == Some(&b'[') {
        let mut quoted = false;
        at += 1;
        loop {
            match *b.get(at)? {
                b'\\' if quoted => at += 1,
                b'"' => quoted = !quoted,
                b']' if !quoted => break,
                _ => {}
            }
            at += 1;
        }
        at += 1;
    }
    (at > 0).then_some(at)
}

/// A BSD syslog time and the rest of the line after it: `Mar  9 23:59:59`,
/// `Mar  9 2026 23:59:59`, `Thu Mar  9 23:59:59 2026` or `2026-03-09T23:59:59.003+01:00`.
fn bsd_time<'a>(s: &'a str, year: &mut SyslogYear) -> Option<(LogTime, &'a str)> {
    let b = s.as_bytes();
    if b.len() < 15 {
        return None;
    }
    if b[3] == b' ' {
        let weekday = b[7] == b' ' && is_weekday(&b[..3]);
        let (month, rest) = word(if weekday { &s[4..] } else { s });
        let (day, rest) = word(rest.trim_start_matches(' '));
        let (clock, rest) = word(rest);
        if weekday {
            let (year_word, rest) = word(rest);
            return Some((time::syslog_dated(month, day, year_word, clock)?, rest));
        }
        if clock.len() == 4 {
            let (clock_after_year, rest) = word(rest);
            return Some((
                time::syslog_dated(month, day, clock, clock_after_year)?,
                rest,
            ));
        }
        // RFC 3164's `Aug 24 05:34:00 CST 1987`: the zone's name is not read (the time is
        // taken as local, as syslog's are).
        if rest.as_bytes().get(1).is_some_and(u8::is_ascii_uppercase) {
            let (zone, after_zone) = word(rest);
            let (year_word, after_year) = word(after_zone);
            if (2..=5).contains(&zone.len())
                && zone.bytes().all(|b| b.is_ascii_uppercase())
                && year_word.len() == 4
                && year_word.bytes().all(|b| b.is_ascii_digit())
            {
                return Some((
                    time::syslog_dated(month, day, year_word, clock)?,
                    after_year,
                ));
            }
        }
        return Some((year.parse(month, day, clock)?, rest));
    }
    if b[4] == b'-' && b.get(10) == Some(&b'T') {
        let (stamp, rest) = word(s);
        return Some((time::iso(stamp)?, rest));
    }
    None
}

fn is_weekday(name: &[u8]) -> bool {
    const DAYS: [&[u8; 3]; 7] = [b"mon", b"tue", b"wed", b"thu", b"fri", b"sat", b"sun"];
    DAYS.iter().any(|d| d.eq_ignore_ascii_case(name))
}

/// A program's tag: `named:`, `named[17742]:`, `dnsmasq-dhcp[12]:`.
fn is_tag(word: &str) -> bool {
    let Some(body) = word.strip_suffix(':') else {
        return false;
    };
    let name = match body.strip_suffix(']') {
        Some(with_pid) => match with_pid.split_once('[') {
            Some((name, pid)) if !pid.is_empty() && !pid.contains(['[', ']']) => name,
            _ => return false,
        },
        None => body,
    };
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/' | b'@'))
}

/// A host name or address as syslog writes it.
fn is_host(word: &str) -> bool {
    !word.is_empty()
        && word.len() <= 255
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'%'))
}

/// `daemon.info`, `local7.notice`.
fn is_facility_level(word: &str) -> bool {
    const FACILITIES: [&str; 20] = [
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron",
        "authpriv", "ftp", "local0", "local1", "local2", "local3", "local4", "local5", "local6",
        "local7",
    ];
    const LEVELS: [&str; 10] = [
        "emerg", "alert", "crit", "err", "error", "warn", "warning", "notice", "info", "debug",
    ];
    word.split_once('.')
        .is_some_and(|(f, l)| FACILITIES.contains(&f) && LEVELS.contains(&l))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(line: &str) -> Option<Header<'_>> {
        strip(line, &mut SyslogYear::new(2026))
    }

    fn local(s: &str) -> Option<LogTime> {
        time::iso(s)
    }

    #[test]
    fn bsd_headers_with_and_without_priority_host_and_year() {
        let bind = "client @0x7f1dd4114af0 192.168.0.1#59735 (config.example.cz): query: config.example.cz IN TXT + (192.168.0.1)";
        for (line, time, host) in [
            (
                format!("<30>Mar  9 23:59:59 host named[17742]: {bind}"),
                "2026-03-09T23:59:59",
                Some("host"),
            ),
            (
                format!("Mar  9 23:59:59 host named[17742]: {bind}"),
                "2026-03-09T23:59:59",
                Some("host"),
            ),
            (
                format!("Mar 09 23:59:59.250 named: {bind}"),
                "2026-03-09T23:59:59.25",
                None,
            ),
            (
                format!("<30>Mar  9 2025 23:59:59 10.0.0.1 named[17742]: {bind}"),
                "2025-03-09T23:59:59",
                Some("10.0.0.1"),
            ),
            (
                format!("Sun Mar  9 23:59:59 2025 daemon.info named[17742]: {bind}"),
                "2025-03-09T23:59:59",
                None,
            ),
        ] {
            let h = header(&line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(h.time, local(time), "{line}");
            assert_eq!(h.host, host, "{line}");
            assert_eq!(h.message, bind, "{line}");
        }
    }

    #[test]
    fn a_zone_and_year_after_the_clock() {
        let h = header("<165>Aug 24 05:34:00 CST 1987 mymachine myproc[10]: %% It's time").unwrap();
        assert_eq!(h.time, local("1987-08-24T05:34:00"));
        assert_eq!((h.host, h.message), (Some("mymachine"), "%% It's time"));
        // A host that merely looks like a zone keeps its place.
        let h = header("<30>Aug 24 05:34:00 NS1 named[1]: x").unwrap();
        assert_eq!(
            (h.time, h.host),
            (local("2026-08-24T05:34:00"), Some("NS1"))
        );
    }

    #[test]
    fn rfc_3339_times_carry_their_zone() {
        let h = header("2014-07-14T14:00:02.814490-04:00 arrakis unbound: [2541:0] info: 127.0.0.1 talkgadget.google.com. A IN").unwrap();
        assert_eq!(h.time, time::iso("2014-07-14T18:00:02.814490Z"));
        assert_eq!(h.host, Some("arrakis"));
        assert_eq!(
            h.message,
            "[2541:0] info: 127.0.0.1 talkgadget.google.com. A IN"
        );
    }

    #[test]
    fn rfc_5424_with_and_without_structured_data() {
        let h = header("<34>1 2026-03-09T23:59:59.003Z host named 17742 - - client 10.0.0.5#1042: query: jogli.com IN A +").unwrap();
        assert_eq!(h.time, time::iso("2026-03-09T23:59:59.003Z"));
        assert_eq!(h.host, Some("host"));
        assert_eq!(h.message, "client 10.0.0.5#1042: query: jogli.com IN A +");
        // RFC 5424's examples 3 and 4, with a BOM and an escaped bracket in a value.
        let h = header("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] \u{feff}An application event log entry...").unwrap();
        assert_eq!(h.host, Some("mymachine.example.com"));
        assert_eq!(h.message, "An application event log entry...");
        let h = header("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" x=\"a\\]b\"][examplePriority@32473 class=\"high\"]").unwrap();
        assert_eq!(h.message, "");
        let h = header("<165>1 - - - - - - the message").unwrap();
        assert_eq!((h.time, h.host, h.message), (None, None, "the message"));
    }

    #[test]
    fn with_a_priority_the_tag_and_time_may_be_missing() {
        let h = header("<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!").unwrap();
        assert_eq!((h.host, h.message), (Some("10.0.0.99"), "Use the BFG!"));
        let h = header("<30>named[1]: client 10.0.0.5#1042: query: jogli.com IN A +").unwrap();
        assert_eq!(h.time, None);
        assert_eq!(h.message, "client 10.0.0.5#1042: query: jogli.com IN A +");
    }

    #[test]
    fn resolver_logs_and_plain_lists_are_not_headers() {
        for line in [
            "08-Mar-2009 17:11:28.123 queries: info: client @0x7f3a2c0 192.168.1.10#53211 (jogli.com): query: jogli.com IN A +E(0)K (192.168.1.1)",
            "[1236532288] unbound[7497:0] info: 192.168.1.10 jogli.com. A IN",
            "Mar 09 23:59:59 unbound[7497:0] info: 192.168.1.10 jogli.com. A IN",
            "2020-01-01T08:00:00Z 10.1.0.1 jogli.com",
            "2020-01-01T08:00:00Z,10.1.0.1,jogli.com,A",
            "Jul 09 09:08:31 msg=\"Question\" subsystem=\"syncres\" qname=\"www.example.com\"",
            "3/8/2009 5:11:28 PM 0A4C PACKET  000000D1A2B3C4D0 UDP Rcv 192.168.1.10",
            "jogli.com",
            "{\"ts\":1236532288.1}",
            "",
            "<",
            "<999>Mar  9 23:59:59 host named: x",
            "<3",
            "Mar  9 23:59:59",
            "Mar 32 23:59:59 host named: x",
        ] {
            assert_eq!(header(line), None, "{line}");
        }
    }

    #[test]
    fn cut_and_garbled_headers_do_not_panic() {
        let line = "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\"] message";
        for end in 0..=line.len() {
            let _ = header(&line[..end]);
        }
        let line = "<30>Thu Mar  9 23:59:59 2026 daemon.info dnsmasq[12]: query[A] x from y";
        for end in 0..=line.len() {
            let _ = header(&line[..end]);
        }
        // Structured data left open is not RFC 5424; the line is passed on as a record.
        assert!(header("<165>1 2003-10-11T22:14:15.003Z h a p m [x y=\"]").is_some());
    }
}
