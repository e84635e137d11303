//! Which format a log is in, from its first lines: the format that reads the most
//! queries from them, provided that most lines are records of it.

use crate::logscan::formats::{Line, LineParser, LogFormat, ParseOptions};

/// Lines read before deciding; eve.json can open with many non-DNS events.
pub const SAMPLE_LINES: usize = 2000;
/// Bytes read before deciding, whatever the line count.
pub const SAMPLE_BYTES: usize = 4 << 20;

/// The sample fits no format; the message says what was seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

/// `lines` are the sample's non-blank lines.
pub fn detect(lines: &[&str], options: ParseOptions) -> Result<LogFormat, UnknownFormat> {
    let mut best: Option<(LogFormat, usize, usize)> = None;
    for format in LogFormat::ALL {
        let mut parser = LineParser::new(format, options);
        let (mut queries, mut malformed) = (0, 0);
        for line in lines {
            match parser.parse(line) {
                Line::Query(_) => queries += 1,
                Line::Other => {}
                Line::Malformed(_) => malformed += 1,
            }
        }
        let better = match best {
            None => true,
            Some((_, q, m)) => queries > q || (queries == q && malformed < m),
        };
        if queries > 0 && malformed * 2 < lines.len() && better {
            best = Some((format, queries, malformed));
        }
    }
    best.map(|(format, _, _)| format).ok_or_else(|| {
        let first = lines.first().map_or("", |l| l.trim());
        let shown: String = first.chars().take(80).collect();
        let more = if first.chars().count() > 80 {
            "..."
        } else {
            ""
        };
        UnknownFormat(if lines.is_empty() {
            "no lines to tell the format from".to_string()
        } else {
            format!(
                "no DNS queries recognised in the first {} (the first is '{shown}{more}'); \
                 formats known: {}; name one with --format",
                if lines.len() == 1 {
                    "line".to_string()
                } else {
                    format!("{} lines", lines.len())
                },
                LogFormat::names()
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTIONS: ParseOptions = ParseOptions { syslog_year: 2009 };

    #[test]
    fn tells_each_format_from_a_few_lines() {
        let samples: [(LogFormat, &[&str]); 11] = [
            (LogFormat::Bind, &["08-Mar-2009 17:11:28.123 client 10.0.0.5#1042: query: jogli.com IN A +"]),
            (LogFormat::Dnsmasq, &["Mar  8 17:11:28 dnsmasq[12]: query[A] jogli.com from 10.0.0.5"]),
            (LogFormat::Unbound, &["[1236532288] unbound[7:0] info: 10.0.0.5 jogli.com. A IN"]),
            (LogFormat::Zeek, &["#separator \\x09", "#fields\tts\tid.orig_h\tquery", "1236532288.1\t10.0.0.5\tjogli.com"]),
            (LogFormat::ZeekJson, &[r#"{"ts":1236532288.1,"id.orig_h":"10.0.0.5","query":"jogli.com"}"#]),
            (LogFormat::Suricata, &[r#"{"timestamp":"2009-03-08T17:11:28Z","event_type":"dns","src_ip":"10.0.0.5","dns":{"type":"query","rrname":"jogli.com"}}"#]),
            (LogFormat::Windows, &["3/8/2009 5:11:28 PM 0A4C PACKET  00D0 UDP Rcv 10.0.0.5 6b4f   Q [0001   D   NOERROR] A      (5)jogli(3)com(0)"]),
            (LogFormat::CoreDns, &[r#"[INFO] 10.0.0.5:36255 - 36946 "A IN jogli.com. udp 77 false 4096" NXDOMAIN qr,rd,ra 106 0.0002139s"#]),
            (LogFormat::PowerDns, &[r#"Mar  8 17:11:28 msg="Question" subsystem="syncres" ts="1236532288.5" qname="jogli.com" qtype="A" remote="10.0.0.5:54573""#]),
            (LogFormat::Csv, &["ts,client,query", "1236532288,10.0.0.5,jogli.com"]),
            (LogFormat::Text, &["jogli.com", "praat.org"]),
        ];
        for (format, lines) in samples {
            assert_eq!(detect(lines, OPTIONS), Ok(format), "{lines:?}");
        }
    }

    #[test]
    fn syslog_wrapped_tagged_and_foreground_logs() {
        let samples: [(LogFormat, &[&str]); 5] = [
            (LogFormat::Bind, &["<30>Mar  9 23:59:59 host named[17742]: client @0x7f1dd4114af0 192.168.0.1#59735 (config.example.cz): query: config.example.cz IN TXT + (192.168.0.1)"]),
            (LogFormat::Bind, &["<34>1 2026-03-09T23:59:59.003Z host named 17742 - - client @0x7f1dd4114af0 192.168.0.1#59735 (config.example.cz): query: config.example.cz IN TXT + (192.168.0.1)"]),
            (LogFormat::Unbound, &[
                "[1113:1] query: 5.6.7.8 example.com. A IN",
                "[1113:1] reply: 5.6.7.8 example.com. A IN NOERROR 0.000000 1 45",
            ]),
            (LogFormat::Dnsmasq, &[
                "dnsmasq: query[A] www.example.com from 192.168.50.29",
                "dnsmasq: forwarded www.example.com to 1.1.1.1",
                "dnsmasq: reply www.example.com is 93.184.216.34",
            ]),
            (LogFormat::Dnsmasq, &[
                "<30>Mar  8 17:11:28 gw dnsmasq[12]: query[A] jogli.com from 10.0.0.5",
                "<30>Mar  8 17:11:28 gw dnsmasq[12]: forwarded jogli.com to 10.0.0.1",
            ]),
        ];
        for (format, lines) in samples {
            assert_eq!(detect(lines, OPTIONS), Ok(format), "{lines:?}");
        }
    }

    #[test]
    fn a_foreign_log_is_named_not_guessed() {
        let apache = [
            r#"10.0.0.5 - - [08/Mar/2009:17:11:28 +0000] "GET / HTTP/1.1" 200 512"#,
            r#"10.0.0.6 - - [08/Mar/2009:17:11:29 +0000] "GET /x HTTP/1.1" 404 0"#,
        ];
        let err = detect(&apache, OPTIONS).unwrap_err().0;
        assert!(err.starts_with("no DNS queries recognised in the first 2 lines (the first is '10.0.0.5 - - [08/Mar/2009:17:11:28"), "{err}");
        assert!(err.ends_with("name one with --format"), "{err}");
    }

    #[test]
    fn mostly_malformed_is_no_format() {
        let lines = ["jogli.com", "not a name at all", "neither is this"];
        assert!(detect(&lines, OPTIONS).is_err());
    }
}
