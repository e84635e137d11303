//! Sample logs in every format, written from the reference lists in tests/data mixed
//! with ordinary names and malformed lines: the scan must find exactly the planted
//! lookups, clients, times and per-day totals.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use flate2::write::GzEncoder;
use flate2::Compression;

use conficker_dga::logscan::{LogFormat, ScanError, ScanOptions, ScanReport, Scanner};
use conficker_dga::variant::VariantSet;

use common::{data_text, run};

fn vector(file: &str) -> Vec<String> {
    data_text(file).lines().map(str::to_string).collect()
}

/// A query in a sample log, and what the scan must make of it.
#[derive(Clone)]
struct Event {
    at: DateTime<Utc>,
    client: &'static str,
    name: String,
    /// (variant, list date, index) when the name is in a list within the slack.
    hit: Option<(char, &'static str, u32)>,
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn events() -> Vec<Event> {
    let a1 = vector("A-2020-01-01.txt");
    let a3 = vector("A-2020-03-04.txt");
    let b1 = vector("B-2020-01-01.txt");
    let b19 = vector("B-2020-01-19.txt");
    let mut events = Vec::new();
    let mut push = |t: &str, client, name: &str, hit| {
        events.push(Event {
            at: at(t),
            client,
            name: name.to_string(),
            hit,
        })
    };
    // An A host on its day, one name twice.
    for (i, name) in a1.iter().take(10).enumerate() {
        let t = format!("2020-01-01T08:{:02}:00Z", i * 3);
        push(&t, "10.1.0.1", name, Some(('A', "2020-01-01", i as u32)));
    }
    push(
        "2020-01-01T23:59:59Z",
        "10.1.0.1",
        &a1[0],
        Some(('A', "2020-01-01", 0)),
    );
    // A B host with a skewed clock: lists one and two days old match, three do not.
    push(
        "2020-01-01T06:00:00Z",
        "10.1.0.2",
        &b1[0],
        Some(('B', "2020-01-01", 0)),
    );
    for (i, name) in b19.iter().take(5).enumerate() {
        let t = format!("2020-01-20T00:00:{i:02}Z");
        push(&t, "10.1.0.2", name, Some(('B', "2020-01-19", i as u32)));
    }
    let host_below = format!("WWW.{}.", b19[5].to_uppercase());
    push(
        "2020-01-21T12:00:00Z",
        "10.1.0.2",
        &host_below,
        Some(('B', "2020-01-19", 5)),
    );
    push("2020-01-22T00:00:00Z", "10.1.0.2", &b19[6], None);
    // A host with both A and B names.
    push(
        "2020-01-02T09:00:00Z",
        "10.1.0.3",
        &b1[1],
        Some(('B', "2020-01-01", 1)),
    );
    for (i, name) in a3.iter().take(3).enumerate() {
        let t = format!("2020-03-05T01:0{i}:00Z");
        push(&t, "10.1.0.3", name, Some(('A', "2020-03-04", i as u32)));
    }
    push("2020-03-08T01:00:00Z", "10.1.0.3", &a3[3], None);
    // Ordinary traffic, including the 2009 press sightings on 2020 dates.
    for (t, name) in [
        ("2020-01-01T07:00:00Z", "www.google.com"),
        ("2020-01-01T07:00:01Z", "jogli.com"),
        ("2020-01-02T07:00:00Z", "praat.org"),
        ("2020-01-20T07:00:00Z", "update.microsoft.com"),
        ("2020-01-20T07:00:01Z", "bbc.co.uk"),
        ("2020-03-05T07:00:00Z", "4.3.2.1.in-addr.arpa"),
        ("2020-03-05T07:00:01Z", "mail-relay01.example.net"),
    ] {
        push(t, "10.1.0.9", name, None);
    }
    events.sort_by_key(|e| e.at);
    events
}

fn options() -> ScanOptions {
    ScanOptions::new(2020)
}

fn epoch(e: &Event) -> i64 {
    e.at.timestamp()
}

fn windows_name(name: &str) -> String {
    let mut out: String = name
        .trim_end_matches('.')
        .split('.')
        .map(|l| format!("({}){l}", l.len()))
        .collect();
    out.push_str("(0)");
    out
}

/// The sample log of `format`: each event, the format's other records, two malformed lines.
fn write_log(format: LogFormat, events: &[Event]) -> String {
    let mut log = String::new();
    let mut line = |s: String| {
        log.push_str(&s);
        log.push('\n');
    };
    match format {
        LogFormat::Zeek => {
            line("#separator \\x09".into());
            line("#path\tdns".into());
            line("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery\tqtype_name\trcode_name".into());
            line(
                "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tstring\tstring".into(),
            );
        }
        LogFormat::Windows => {
            line("DNS Server log file creation at 1/1/2020 12:00:00 AM".into());
            line("Log file wrap at 1/1/2020 12:00:00 AM".into());
            line(String::new());
            line(
                "Message logging key (for packets - other items use a subset of these fields):"
                    .into(),
            );
            line("\tField #  Information         Values".into());
            line(String::new());
        }
        LogFormat::Csv => line("timestamp,client,query,qtype".into()),
        _ => {}
    }
    for (n, e) in events.iter().enumerate() {
        let (client, name) = (e.client, e.name.as_str());
        match format {
            LogFormat::Bind => {
                let t = e.at.format("%d-%b-%Y %H:%M:%S%.3f");
                line(format!("{t} queries: info: client @0x7f8e1c0a2b30 {client}#5{n:04} ({name}): query: {name} IN A +E(0)K (10.0.0.1)"));
                line(format!(
                    "{t} resolver: info: resolver priming query complete"
                ));
            }
            LogFormat::Dnsmasq => {
                let t = format!(
                    "{} {:>2} {}",
                    e.at.format("%b"),
                    e.at.day(),
                    e.at.format("%H:%M:%S")
                );
                line(format!("{t} dnsmasq[812]: query[A] {name} from {client}"));
                line(format!("{t} dnsmasq[812]: forwarded {name} to 10.0.0.1"));
                line(format!("{t} dnsmasq[812]: reply {name} is NXDOMAIN"));
            }
            LogFormat::Unbound => {
                let t = epoch(e);
                line(format!("[{t}] unbound[1234:0] info: {client} {name}. A IN"));
                line(format!(
                    "[{t}] unbound[1234:0] info: {client} {name}. A IN NXDOMAIN 0.012000 0 56"
                ));
            }
            LogFormat::Zeek => {
                let t = epoch(e);
                line(format!(
                    "{t}.000000\tC{n}\t{client}\t5{n:04}\t10.0.0.1\t53\tudp\t{name}\tA\tNXDOMAIN"
                ));
                line(format!(
                    "{t}.500000\tD{n}\t{client}\t5{n:04}\t10.0.0.1\t53\tudp\t-\t-\t-"
                ));
            }
            LogFormat::ZeekJson => {
                let t = epoch(e);
                line(format!(
                    r#"{{"ts":{t}.0,"uid":"C{n}","id.orig_h":"{client}","id.orig_p":5{n:04},"id.resp_h":"10.0.0.1","id.resp_p":53,"proto":"udp","query":"{name}","qtype_name":"A","rcode_name":"NXDOMAIN"}}"#
                ));
                line(format!(
                    r#"{{"ts":{t}.5,"uid":"D{n}","id.orig_h":"{client}","proto":"udp"}}"#
                ));
            }
            LogFormat::Suricata => {
                let t = e.at.format("%Y-%m-%dT%H:%M:%S%.6f+0000");
                line(format!(
                    r#"{{"timestamp":"{t}","flow_id":{n},"event_type":"dns","src_ip":"{client}","src_port":5{n:04},"dest_ip":"10.0.0.1","dest_port":53,"proto":"UDP","dns":{{"type":"query","id":{n},"rrname":"{name}","rrtype":"A","tx_id":0}}}}"#
                ));
                line(format!(
                    r#"{{"timestamp":"{t}","flow_id":{n},"event_type":"dns","src_ip":"10.0.0.1","src_port":53,"dest_ip":"{client}","dest_port":5{n:04},"proto":"UDP","dns":{{"version":2,"type":"answer","id":{n},"rrname":"{name}","rcode":"NXDOMAIN"}}}}"#
                ));
                line(format!(
                    r#"{{"timestamp":"{t}","flow_id":{n},"event_type":"flow","src_ip":"{client}","dest_ip":"10.0.0.1","proto":"UDP"}}"#
                ));
            }
            LogFormat::Windows => {
                let hour = e.at.hour() % 12;
                let t = format!(
                    "{}/{}/{} {}:{} {}",
                    e.at.month(),
                    e.at.day(),
                    e.at.year(),
                    if hour == 0 { 12 } else { hour },
                    e.at.format("%M:%S"),
                    if e.at.hour() < 12 { "AM" } else { "PM" }
                );
                let wire = windows_name(name);
                line(format!("{t} 0A4C PACKET  000000D1A2B3C4D0 UDP Rcv {client:<15} {n:04x}   Q [0001   D   NOERROR] A      {wire}"));
                line(format!("{t} 0A4C PACKET  000000D1A2B3C4D0 UDP Snd 10.0.0.1        {n:04x}   Q [0001   D   NOERROR] A      {wire}"));
                line(format!("{t} 0A4C PACKET  000000D1A2B3C4D0 UDP Rcv 10.0.0.1        {n:04x} R Q [8381   DR NXDOMAIN] A      {wire}"));
                line(format!("{t} 0A4C PACKET  000000D1A2B3C4D0 UDP Snd {client:<15} {n:04x} R Q [8381   DR NXDOMAIN] A      {wire}"));
            }
            LogFormat::CoreDns => {
                let t = e.at.format("%Y-%m-%dT%H:%M:%S%.3fZ");
                line(format!(
                    r#"{t} [INFO] {client}:5{n:04} - {n} "A IN {name}. udp 41 false 4096" NXDOMAIN qr,rd,ra 68 0.037990251s"#
                ));
                line(format!(
                    "{t} [INFO] plugin/reload: Running configuration SHA512 = 1a2b"
                ));
            }
            LogFormat::PowerDns => {
                let (t, ts) = (e.at.format("%b %d %H:%M:%S"), epoch(e));
                line(format!(
                    r#"{t} msg="Question" subsystem="syncres" level="0" prio="Info" tid="4" ts="{ts}.000" ecs="" mtid="1" proto="udp" qname="{name}" qtype="A" remote="{client}:5{n:04}""#
                ));
                line(format!(
                    r#"{t} msg="Answer" subsystem="syncres" level="0" prio="Info" tid="4" ts="{ts}.500" qname="{name}" qtype="A" rcode="3" remote="{client}:5{n:04}""#
                ));
            }
            LogFormat::Text => line(format!(
                "{} {client} {name}",
                e.at.format("%Y-%m-%dT%H:%M:%SZ")
            )),
            LogFormat::Csv => line(format!(
                "{},{client},{name},A",
                e.at.format("%Y-%m-%dT%H:%M:%SZ")
            )),
            LogFormat::Sysmon => {
                let utc = e.at.format("%Y-%m-%d %H:%M:%S%.3f");
                line(format!(
                    r#"{{"@timestamp":"{}","winlog":{{"event_id":22,"provider_name":"Microsoft-Windows-Sysmon","computer_name":"{client}","event_data":{{"RuleName":"-","UtcTime":"{utc}","ProcessId":"1044","QueryName":"{name}","QueryStatus":"0","QueryResults":"-","Image":"C:\\Windows\\System32\\svchost.exe"}}}}}}"#,
                    t(e.at)
                ));
                line(format!(
                    r#"{{"@timestamp":"{}","winlog":{{"event_id":3,"provider_name":"Microsoft-Windows-Sysmon","computer_name":"{client}","event_data":{{"UtcTime":"{utc}","Image":"C:\\Windows\\System32\\svchost.exe","DestinationPort":"53"}}}}}}"#,
                    t(e.at)
                ));
            }
            LogFormat::Pcap | LogFormat::Pcapng | LogFormat::Evtx => {
                unreachable!("binary formats are not lines")
            }
        }
        if n == 3 || n == events.len() - 2 {
            line(malformed_line(format).to_string());
        }
    }
    if format == LogFormat::Zeek {
        line("#close\t2020-03-08-23-59-59".into());
    }
    log
}

fn malformed_line(format: LogFormat) -> &'static str {
    match format {
        LogFormat::Zeek => "1577865600.000000\tC0\t10.1.0.1",
        LogFormat::ZeekJson | LogFormat::Suricata => r#"{"ts": 1577865600, "query": "cut off"#,
        LogFormat::Csv => "2020-01-01T00:00:00Z,10.1.0.1,,A",
        _ => "this line was cut off by a full disk",
    }
}

fn scan(bytes: &[u8], chunk: usize, options: ScanOptions) -> Result<ScanReport, ScanError> {
    let mut scanner = Scanner::new(options);
    scanner.begin("sample")?;
    for piece in bytes.chunks(chunk) {
        scanner.push(piece)?;
    }
    scanner.end()?;
    Ok(scanner.report())
}

fn t(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Queries, lookups, lookups by variant, clients.
type DayCounts<'a> = (u64, u64, [u64; 3], BTreeSet<&'a str>);

/// The report the events call for, worked out from the events alone.
fn check_report(report: &ScanReport, events: &[Event], what: &str) {
    check_report_malformed(report, events, what, 2);
}

fn check_report_malformed(report: &ScanReport, events: &[Event], what: &str, malformed: u64) {
    let hits: Vec<&Event> = events.iter().filter(|e| e.hit.is_some()).collect();
    let mut clients: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
    for e in &hits {
        clients.entry(e.client).or_default().push(e);
    }
    assert_eq!(report.clients.len(), 3, "{what}");
    for (client, mine) in &clients {
        let got = report
            .clients
            .iter()
            .find(|c| c.client.as_deref() == Some(*client))
            .unwrap_or_else(|| panic!("{what}: {client} not reported"));
        let variants: BTreeSet<String> =
            mine.iter().map(|e| e.hit.unwrap().0.to_string()).collect();
        let names: BTreeSet<String> = mine
            .iter()
            .map(|e| {
                e.name
                    .to_lowercase()
                    .trim_start_matches("www.")
                    .trim_end_matches('.')
                    .to_string()
            })
            .collect();
        assert_eq!(
            got.variants,
            variants.into_iter().collect::<Vec<_>>().join(","),
            "{what} {client}"
        );
        assert_eq!(got.lookups, mine.len() as u64, "{what} {client}");
        assert_eq!(got.distinct_names, names.len() as u64, "{what} {client}");
        assert_eq!(
            got.first.as_deref(),
            Some(t(mine.iter().map(|e| e.at).min().unwrap()).as_str()),
            "{what} {client}"
        );
        assert_eq!(
            got.last.as_deref(),
            Some(t(mine.iter().map(|e| e.at).max().unwrap()).as_str()),
            "{what} {client}"
        );
        let first = mine[0];
        let (variant, date, index) = first.hit.unwrap();
        let example = &got.examples[0];
        assert_eq!(
            (
                example.name.as_str(),
                example.variant.as_str(),
                example.date.as_str(),
                example.index
            ),
            (
                first
                    .name
                    .to_lowercase()
                    .trim_start_matches("www.")
                    .trim_end_matches('.'),
                variant.to_string().as_str(),
                date,
                index
            ),
            "{what} {client}"
        );
    }
    // Per-day totals over all queries.
    let mut days: BTreeMap<NaiveDate, DayCounts> = BTreeMap::new();
    for e in events {
        let day = days.entry(e.at.date_naive()).or_default();
        day.0 += 1;
        if let Some((variant, _, _)) = e.hit {
            day.1 += 1;
            day.2[(variant as u8 - b'A') as usize] += 1;
            day.3.insert(e.client);
        }
    }
    let got: Vec<(String, u64, u64, [u64; 3], u64)> = report
        .days
        .iter()
        .map(|d| {
            (
                d.date.clone(),
                d.queries,
                d.lookups,
                [d.a, d.b, d.c],
                d.clients,
            )
        })
        .collect();
    let want: Vec<(String, u64, u64, [u64; 3], u64)> = days
        .into_iter()
        .map(|(d, (q, l, v, c))| (d.to_string(), q, l, v, c.len() as u64))
        .collect();
    assert_eq!(got, want, "{what}");
    let source = &report.sources[0];
    assert_eq!(source.queries, events.len() as u64, "{what}");
    assert_eq!(
        source.malformed, malformed,
        "{what}: {:?}",
        source.malformed_examples
    );
    assert_eq!(source.undated, 0, "{what}");
}

#[test]
fn every_format_yields_the_planted_clients_counts_and_times() {
    let events = events();
    for format in LogFormat::ALL {
        let log = write_log(format, &events);
        let report = scan(log.as_bytes(), 64 << 10, options()).unwrap();
        assert_eq!(report.sources[0].format, Some(format), "detected format");
        check_report(&report, &events, format.name());
        // The same with the format named rather than detected (without C, to save time).
        let named = ScanOptions {
            format: Some(format),
            variants: VariantSet::parse_list("A,B").unwrap(),
            ..options()
        };
        let named = scan(log.as_bytes(), 64 << 10, named).unwrap();
        assert_eq!(
            (&named.clients, &named.days),
            (&report.clients, &report.days),
            "{format} named"
        );
    }
}

#[test]
fn the_exact_report_of_one_sample() {
    let report = scan(
        write_log(LogFormat::Bind, &events()).as_bytes(),
        4096,
        options(),
    )
    .unwrap();
    let rows: Vec<String> = report
        .clients
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {} {} {}",
                c.client.as_deref().unwrap(),
                c.variants,
                c.first.as_deref().unwrap(),
                c.last.as_deref().unwrap(),
                c.lookups,
                c.distinct_names
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "10.1.0.1 A 2020-01-01T08:00:00Z 2020-01-01T23:59:59Z 11 10",
            "10.1.0.2 B 2020-01-01T06:00:00Z 2020-01-21T12:00:00Z 7 7",
            "10.1.0.3 A,B 2020-01-02T09:00:00Z 2020-03-05T01:02:00Z 4 4",
        ]
    );
    assert_eq!(report.days.len(), 7);
    assert_eq!(report.lookups(), 22);
    // A, B and C for 2019-12-30 to 2020-01-04, 2020-01-18 to 2020-01-24 and
    // 2020-03-03 to 2020-03-10.
    assert_eq!(report.lists_generated, 3 * (6 + 7 + 8));
    let log = write_log(LogFormat::Bind, &events());
    let five = scan(
        log.as_bytes(),
        4096,
        ScanOptions {
            min_names: 5,
            ..options()
        },
    )
    .unwrap();
    let listed: Vec<Option<&str>> = five.clients.iter().map(|c| c.client.as_deref()).collect();
    assert_eq!(listed, [Some("10.1.0.1"), Some("10.1.0.2")]);
    assert_eq!(five.clients_below_min_names, 1);
    assert_eq!(five.days, report.days);
    let malformed = &report.sources[0].malformed_examples[0];
    assert_eq!(
        (malformed.line, malformed.reason.as_str()),
        (9, "no timestamp and no query")
    );
}

#[test]
fn chunk_boundaries_and_gzip_do_not_change_the_report() {
    let events = events();
    let log = write_log(LogFormat::Suricata, &events);
    let whole = scan(log.as_bytes(), usize::MAX, options()).unwrap();
    assert_eq!(scan(log.as_bytes(), 1, options()).unwrap(), whole);
    assert_eq!(scan(log.as_bytes(), 7, options()).unwrap(), whole);
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(log.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    for chunk in [1, 13, 1 << 20] {
        let report = scan(&gz, chunk, options()).unwrap();
        assert!(report.sources[0].gzip);
        let mut plain = report.clone();
        plain.sources[0].gzip = false;
        assert_eq!(plain, whole, "gzip in chunks of {chunk}");
    }
    let truncated = &gz[..gz.len() / 2];
    match scan(truncated, 4096, options()) {
        Err(ScanError::Gzip { source, .. }) => assert_eq!(source, "sample"),
        other => panic!("a truncated gzip must fail: {:?}", other.map(|r| r.sources)),
    }
}

#[test]
fn time_zones_and_slack_move_the_window() {
    // 2020-01-22 00:30 at UTC+1 is 2020-01-21 23:30 UTC: two days after the list.
    let b19 = vector("B-2020-01-19.txt");
    let log = format!(
        "22-Jan-2020 00:30:00.000 client 10.1.0.2#5353: query: {} IN A +\n",
        b19[9]
    );
    let utc = scan(log.as_bytes(), 4096, options()).unwrap();
    assert!(utc.clients.is_empty());
    let plus_one = scan(
        log.as_bytes(),
        4096,
        ScanOptions {
            local_offset_seconds: 3600,
            ..options()
        },
    )
    .unwrap();
    assert_eq!(
        plus_one.clients[0].first.as_deref(),
        Some("2020-01-21T23:30:00Z")
    );
    let slack_three = scan(
        log.as_bytes(),
        4096,
        ScanOptions {
            slack: 3,
            ..options()
        },
    )
    .unwrap();
    assert_eq!(slack_three.clients[0].examples[0].index, 9);
    let slack_zero = scan(
        log.as_bytes(),
        4096,
        ScanOptions {
            slack: 0,
            local_offset_seconds: 3600,
            ..options()
        },
    )
    .unwrap();
    assert!(slack_zero.clients.is_empty());
}

#[test]
fn names_without_times_need_a_date() {
    let a3 = vector("A-2020-03-04.txt");
    let log = format!(
        "# suspicious names from a proxy\n{}\nexample.com\n{}\n",
        a3[0], a3[249]
    );
    let undated = scan(log.as_bytes(), 4096, options()).unwrap();
    assert_eq!(undated.sources[0].format, Some(LogFormat::Text));
    assert_eq!(
        (undated.sources[0].queries, undated.sources[0].undated),
        (3, 3)
    );
    assert!(undated.clients.is_empty());
    let date = NaiveDate::from_ymd_opt(2020, 3, 5);
    let dated = scan(
        log.as_bytes(),
        4096,
        ScanOptions {
            undated: date,
            ..options()
        },
    )
    .unwrap();
    let client = &dated.clients[0];
    assert_eq!(
        (client.client.as_deref(), client.first.as_deref()),
        (None, None)
    );
    assert_eq!((client.lookups, client.distinct_names), (2, 2));
    assert_eq!(client.examples[1].index, 249);
}

#[test]
fn a_log_in_an_unknown_format_is_refused_with_a_clear_message() {
    let apache = "10.1.0.1 - - [01/Jan/2020:08:00:00 +0000] \"GET /index.html HTTP/1.1\" 200 512\n"
        .repeat(3);
    let err = scan(apache.as_bytes(), 4096, options()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "sample: unknown log format: no DNS queries recognised in the first 3 lines (the first is \
         '10.1.0.1 - - [01/Jan/2020:08:00:00 +0000] \"GET /index.html HTTP/1.1\" 200 512'); formats \
         known: zeek, zeek-json, suricata, sysmon, windows, bind, dnsmasq, unbound, coredns, powerdns, text, csv, \
         pcap, pcapng, evtx; \
         name one with --format"
    );
}

#[test]
fn binary_and_overlong_lines_are_malformed_not_fatal() {
    let b1 = vector("B-2020-01-01.txt");
    let mut log = format!("2020-01-01T10:00:00Z 10.1.0.7 {}\n", b1[3]).into_bytes();
    log.extend_from_slice(b"\xff\xfe\x00garbage\n");
    log.extend(std::iter::repeat_n(b'x', 100_000));
    log.extend_from_slice(format!("\n2020-01-01T10:00:01Z 10.1.0.7 {}", b1[4]).as_bytes());
    let report = scan(&log, 1000, options()).unwrap();
    let source = &report.sources[0];
    assert_eq!((source.lines, source.queries, source.malformed), (4, 2, 2));
    let reasons: Vec<&str> = source
        .malformed_examples
        .iter()
        .map(|m| m.reason.as_str())
        .collect();
    assert_eq!(reasons, ["not UTF-8 text", "a line longer than 64 KiB"]);
    assert_eq!(report.clients[0].lookups, 2);
}

/// Each line of `log` behind a syslog header of the given style; blank lines stay blank.
fn wrap(log: &str, style: &str) -> String {
    let mut out = String::new();
    for (n, line) in log.lines().enumerate() {
        if !line.is_empty() {
            out.push_str(&match style {
                // A header's time that disagrees with the record's: the record's wins.
                "rfc3164" => "<30>Mar  9 23:59:59 ns1 named[17742]: ".to_string(),
                "bsd" => "Mar  9 2019 23:59:59 ns1 named-queries: ".to_string(),
                "rfc3339" => format!("2019-03-09T23:59:59.003+01:00 ns1 resolver[{n}]: "),
                "openwrt" => format!("Sat Mar  9 23:59:59 2019 daemon.info dnsmasq[{n}]: "),
                _ => format!(
                    "<165>1 2019-03-09T23:59:59.003Z ns2 evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\"] {}",
                    '\u{feff}'
                ),
            });
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[test]
fn syslog_headers_in_front_of_every_line_format() {
    let events = events();
    let options = ScanOptions {
        variants: VariantSet::parse_list("A,B").unwrap(),
        ..options()
    };
    for format in LogFormat::ALL {
        let plain = write_log(format, &events);
        for style in ["rfc3164", "bsd", "rfc3339", "openwrt", "rfc5424"] {
            let what = format!("{format} in {style}");
            let report = scan(wrap(&plain, style).as_bytes(), 4096, options).unwrap();
            assert_eq!(report.sources[0].format, Some(format), "{what}");
            // Behind a header the daemons' cut lines are the daemon's other messages.
            let daemon = matches!(
                format,
                LogFormat::Bind
                    | LogFormat::Dnsmasq
                    | LogFormat::Unbound
                    | LogFormat::CoreDns
                    | LogFormat::PowerDns
            );
            check_report_malformed(&report, &events, &what, if daemon { 0 } else { 2 });
            let hosts: &[&str] = match style {
                "openwrt" => &[],
                "rfc5424" => &["ns2"],
                _ => &["ns1"],
            };
            assert_eq!(report.sources[0].logging_hosts, hosts, "{what}");
        }
    }
}

#[test]
fn a_record_without_a_time_takes_its_headers() {
    let events = events();
    let mut log = String::new();
    for e in &events {
        let t = e.at.format("%Y-%m-%dT%H:%M:%S%.3fZ");
        // RFC 5424, and BSD with an RFC 3339 time: the names a proxy looked up, and dnsmasq
        // and Unbound passed on by syslog.
        log.push_str(&format!(
            "<134>1 {t} proxy-7 squid - - - {} {}\n",
            e.client, e.name
        ));
        log.push_str(&format!("{t} proxy-7 squid[3]: {} {}\n", e.client, e.name));
    }
    let report = scan(log.as_bytes(), 4096, options()).unwrap();
    assert_eq!(report.sources[0].format, Some(LogFormat::Text));
    let doubled: Vec<Event> = events.iter().flat_map(|e| [e.clone(), e.clone()]).collect();
    check_report_malformed(&report, &doubled, "text behind headers", 0);
    assert_eq!(report.sources[0].logging_hosts, ["proxy-7"]);

    let b19 = vector("B-2020-01-19.txt");
    let dnsmasq = format!(
        "<30>Jan 20 00:00:01 gw dnsmasq[12]: query[A] {} from 10.1.0.2\n\
         <30>Jan 20 00:00:01 gw dnsmasq[12]: forwarded {} to 10.0.0.1\n",
        b19[1], b19[1]
    );
    let unbound = format!(
        "<30>Jan 20 00:00:02 resolver unbound: [7497:0] info: 10.1.0.2 {}. A IN\n\
         <30>Jan 20 00:00:03 resolver unbound: [7497:0] query: 10.1.0.2 {}. A IN\n\
         <30>Jan 20 00:00:03 resolver unbound: [7497:0] reply: 10.1.0.2 {}. A IN NXDOMAIN 0.012000 0 56\n",
        b19[2], b19[3], b19[3]
    );
    for (log, format, lookups, host) in [
        (dnsmasq, LogFormat::Dnsmasq, 1, "gw"),
        (unbound, LogFormat::Unbound, 2, "resolver"),
    ] {
        let report = scan(log.as_bytes(), 4096, options()).unwrap();
        let source = &report.sources[0];
        assert_eq!(source.format, Some(format));
        assert_eq!((source.undated, source.malformed), (0, 0), "{format}");
        assert_eq!(source.logging_hosts, [host]);
        let client = &report.clients[0];
        assert_eq!(client.client.as_deref(), Some("10.1.0.2"));
        assert_eq!(client.lookups, lookups, "{format}");
        assert_eq!(
            client.first.as_deref().map(|t| &t[..10]),
            Some("2020-01-20")
        );
    }
}

#[test]
fn many_logging_hosts_are_named_up_to_a_limit() {
    let log: String = (0..40)
        .map(|i| format!("<30>Mar  9 23:59:59 ns{i} named[1]: client 10.0.0.5#1042: query: example.com IN A +\n"))
        .collect();
    let report = scan(log.as_bytes(), 4096, options()).unwrap();
    let source = &report.sources[0];
    assert_eq!(source.logging_hosts.len(), 32);
    assert_eq!(source.logging_hosts[31], "ns31");
    assert!(source.more_logging_hosts);
    let table = String::from_utf8({
        let mut out = Vec::new();
        conficker_dga::output::scan::write(
            &report,
            conficker_dga::output::scan::ScanFormat::Table,
            &mut out,
        )
        .unwrap();
        out
    })
    .unwrap();
    assert!(
        table.contains("sample (bind, logged by ns0, ns1, ns2,")
            && table.contains(", ns31 and others): 40 lines"),
        "{table}"
    );
}

fn cli(args: &[&str]) -> (i32, String, String) {
    run(&[&["scan-log"], args].concat())
}

#[test]
fn command_line_exit_status_and_outputs() {
    let temporary = tempfile::tempdir().unwrap();
    let dir = temporary.path();
    let events = events();
    let dnsmasq = dir.join("dnsmasq.log.gz");
    let mut gz = GzEncoder::new(
        std::fs::File::create(&dnsmasq).unwrap(),
        Compression::default(),
    );
    gz.write_all(write_log(LogFormat::Dnsmasq, &events).as_bytes())
        .unwrap();
    gz.finish().unwrap();
    let dnsmasq = dnsmasq.to_str().unwrap();

    let (code, out, err) = cli(&["--year", "2020", "-o", "csv", dnsmasq]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "client,variants,first,last,lookups,distinct_names,examples,processes"
    );
    assert_eq!(lines.len(), 4);
    assert!(
        lines[1].starts_with("10.1.0.1,A,2020-01-01T08:00:00Z,2020-01-01T23:59:59Z,11,10,"),
        "{}",
        lines[1]
    );
    assert!(
        err.contains(
            "dnsmasq.log.gz: 2 malformed lines skipped, e.g. line 13 (no timestamp and no query)"
        ),
        "{err}"
    );

    let (code, out, _) = cli(&["--year", "2020", "-o", "csv", "--per-day", dnsmasq]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().nth(1), Some("2020-01-01,14,12,11,1,0,2"));

    let (code, out, _) = cli(&[
        "--year", "2020", "-o", "json", "--format", "dnsmasq", dnsmasq,
    ]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["clients"][2]["variants"], "A,B");
    assert_eq!(json["sources"][0]["format"], "dnsmasq");

    let ordinary = dir.join("ordinary.txt");
    std::fs::write(&ordinary, "2020-01-01T00:00:00Z 10.1.0.9 www.google.com\n").unwrap();
    let (code, out, _) = cli(&[ordinary.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("1 line, 1 query, 0 Conficker lookups by 0 clients"),
        "{out}"
    );

    let apache = dir.join("access.log");
    std::fs::write(
        &apache,
        "10.1.0.1 - - [01/Jan/2020:08:00:00 +0000] \"GET / HTTP/1.1\" 200 5\n",
    )
    .unwrap();
    let (code, _, err) = cli(&[apache.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("access.log: unknown log format: no DNS queries recognised"),
        "{err}"
    );

    let (code, _, err) = cli(&[dir.join("missing.log").to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1);
    assert!(
        err.starts_with("conficker-dga: cannot read ") && err.contains("missing.log"),
        "{err}"
    );

    let (code, _, err) = cli(&["--format", "apache", dnsmasq]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'apache'"), "{err}");

    // Each refused value names its field and the value, in one line, exit status 2.
    for (args, message) in [
        (
            vec!["--utc-offset", "+130"],
            "UTC offset '+130' is not one: use +HH:MM or -HH:MM (e.g. +01:00), at most 14 hours",
        ),
        (
            vec!["--year", "0"],
            "year 0 is out of range: use 1601 to 9999",
        ),
        (
            vec!["--year", "99999"],
            "year 99999 is out of range: use 1601 to 9999",
        ),
        (
            vec!["--slack", "31"],
            "slack 31 is out of range: use 0 to 30",
        ),
        (
            vec!["--min-names", "x"],
            "minimum of distinct names 'x' is not a whole number",
        ),
        (
            vec!["--date", "2020-02-30"],
            "date 2020-02-30 does not exist in the calendar",
        ),
    ] {
        let mut all = args.clone();
        all.push(dnsmasq);
        let (code, _, err) = cli(&all);
        assert_eq!(
            (code, err.as_str()),
            (2, format!("conficker-dga: {message}\n").as_str()),
            "{args:?}"
        );
    }
    // A missing file is an error whatever its name says (the broken-pipe case is told by the
    // error's kind, not its text).
    let (code, _, err) = cli(&["Broken pipe"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with("conficker-dga: cannot read Broken pipe"),
        "{err}"
    );
}

/// The three logs of issue 11 that scan-log could not read.
#[test]
fn the_failing_cases_of_issue_11_through_the_command_line() {
    let temporary = tempfile::tempdir().unwrap();
    let dir = temporary.path();
    let b1 = vector("B-2020-01-01.txt");
    let cases = [
        (
            "bind-syslog.log",
            format!(
                "<30>Jan  1 23:59:59 host named[17742]: client @0x7f1dd4114af0 192.168.0.1#59735 (config.example.cz): query: config.example.cz IN TXT + (192.168.0.1)\n\
                 <30>Jan  1 23:59:59 host named[17742]: client @0x7f1dd4114af0 192.168.0.1#59736 ({0}): query: {0} IN A + (192.168.0.1)\n\
                 <34>1 2020-01-01T23:59:59.003Z host named 17742 - - client @0x7f1dd4114af0 192.168.0.1#59737 ({1}): query: {1} IN A + (192.168.0.1)\n",
                b1[0], b1[1]
            ),
            "bind",
            "2020-01-01T23:59:59Z",
            "2020-01-01T23:59:59.003Z",
        ),
        (
            "unbound-syslog.log",
            format!(
                "<30>Jan  1 23:59:58 host unbound: [7497:0] info: 192.168.0.1 {}. A IN\n\
                 <30>Jan  1 23:59:59 host unbound: [1113:1] query: 192.168.0.1 {}. A IN\n\
                 <30>Jan  1 23:59:59 host unbound: [1113:1] reply: 192.168.0.1 {}. A IN NXDOMAIN 0.000000 0 45\n",
                b1[0], b1[1], b1[1]
            ),
            "unbound",
            "2020-01-01T23:59:58Z",
            "2020-01-01T23:59:59Z",
        ),
    ];
    for (file, log, format, first, last) in &cases {
        let path = dir.join(file);
        std::fs::write(&path, log).unwrap();
        let (code, out, err) = cli(&["--year", "2020", "-o", "json", path.to_str().unwrap()]);
        assert_eq!(code, 0, "{file}: {err}");
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(json["sources"][0]["format"], *format, "{file}");
        assert_eq!(json["sources"][0]["undated"], 0, "{file}");
        assert_eq!(json["sources"][0]["loggingHosts"][0], "host", "{file}");
        let client = &json["clients"][0];
        assert_eq!(client["client"], "192.168.0.1", "{file}");
        assert_eq!(
            (&client["first"], &client["last"]),
            (&(*first).into(), &(*last).into()),
            "{file}"
        );
        assert_eq!(client["distinctNames"], 2, "{file}");
    }

    // dnsmasq in the foreground: detected; undated without --date.
    let path = dir.join("dnsmasq-foreground.log");
    std::fs::write(
        &path,
        format!(
            "dnsmasq: started, version 2.90 cachesize 150\n\
             dnsmasq: query[A] www.example.com from 192.168.50.29\n\
             dnsmasq: forwarded www.example.com to 1.1.1.1\n\
             dnsmasq: reply www.example.com is 93.184.216.34\n\
             dnsmasq: query[A] {} from 192.168.50.29\n\
             dnsmasq: reply {} is NXDOMAIN\n",
            b1[2], b1[2]
        ),
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let (code, out, err) = cli(&["-o", "json", path]);
    assert_eq!(code, 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["sources"][0]["format"], "dnsmasq");
    assert_eq!(
        (
            &json["sources"][0]["queries"],
            &json["sources"][0]["undated"]
        ),
        (&2.into(), &2.into())
    );
    assert_eq!(json["sources"][0]["malformed"], 0);
    assert!(
        err.contains("2 queries without a time not checked"),
        "{err}"
    );
    let (code, out, _) = cli(&["--date", "2020-01-01", "-o", "csv", path]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .nth(1)
            .unwrap()
            .starts_with("192.168.50.29,B,,,1,1,"),
        "{out}"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Whatever the bytes, every format reads them without panicking: lines are queries,
    /// other records or malformed, and a file is at worst of an unknown format.
    #[test]
    fn no_input_makes_the_scan_panic(
        lines in proptest::collection::vec(
            "([0-9A-Za-z:./#@()\\[\\]{}\",\t <>='|-]{0,40}|08-Mar-2009 17:11:28.1 client |Mar  8 17:11:28 |\\{\"ts\":|#fields\tts\tquery|3/8/2009 5:11:28 PM 0A4C PACKET |<30>|<34>1 2026-03-09T23:59:59.003Z h a 1 - |\\[x@1 a=\"|Sun Mar  9 23:59:59 2026 daemon.info |ns1 named\\[1\\]: |dnsmasq: query\\[A\\] |\\[1113:1\\] query: |\\[INFO\\] 10.0.0.5:1 - 2 \"A IN |\\[07/Sep/2018:15:29:11 |msg=\"Question\" |qname=\"|ts=\"|remote=\"\\[::1\\]:|question for '|\\|A' from ){0,6}",
            0..12,
        ),
        binary in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        chunk in 1usize..50,
    ) {
        let mut bytes = lines.join("\n").into_bytes();
        bytes.extend_from_slice(&binary);
        let variants = VariantSet::parse_list("A,B").unwrap();
        for format in LogFormat::ALL.map(Some).into_iter().chain([None]) {
            let options = ScanOptions { format, variants, ..options() };
            if let Ok(report) = scan(&bytes, chunk, options) {
                let s = &report.sources[0];
                proptest::prop_assert_eq!(s.lines, s.queries + s.other + s.malformed);
            }
        }
    }
}

/// A log of 27 MB is read in three parts on three threads, and the report is the one a
/// single reader makes, byte for byte; the log crosses New Year in syslog times without a
/// year, so the parts after it must learn the year from the parts before.
#[test]
fn all_threads_give_the_report_of_one() {
    let temporary = tempfile::tempdir().unwrap();
    let dir = temporary.path();
    let path = dir.join("dnsmasq.log");
    let (a, b) = (vector("A-2020-01-01.txt"), vector("B-2020-01-01.txt"));
    let mut log = String::new();
    let (mut i, mut lines, mut malformed) = (0, 0, Vec::new());
    while log.len() < 27 << 20 {
        let stamp = if log.len() < 15 << 20 {
            "Dec 31"
        } else {
            "Jan  1"
        };
        let name = match i % 50 {
            0 => a[i % a.len()].as_str(),
            1 => b[(i / 7) % b.len()].as_str(),
            _ => "www.example.org",
        };
        log.push_str(&format!(
            "{stamp} {:02}:{:02}:{:02} dnsmasq[12]: query[A] {name} from 10.0.{}.{}\n",
            i / 3600 % 24,
            i / 60 % 60,
            i % 60,
            i % 3,
            i % 11
        ));
        lines += 1;
        // Only in the last part, so that their line numbers run on from the parts before.
        if log.len() > 20 << 20 && i % 10007 == 0 {
            log.push_str("this line was cut off by a full disk\n");
            lines += 1;
            malformed.push(lines);
        }
        i += 1;
    }
    std::fs::write(&path, &log).unwrap();
    let file = path.to_str().unwrap();
    let (status, one, _) = cli(&["-j", "1", "--year", "2019", "-o", "json", file]);
    assert_eq!(status, 0);
    let (status, three, _) = cli(&["-j", "3", "--year", "2019", "-o", "json", file]);
    assert_eq!(status, 0);
    assert_eq!(three, one);
    let report: ScanReport = serde_json::from_str(&one).unwrap();
    let days: Vec<(&str, u64)> = report
        .days
        .iter()
        .map(|d| (d.date.as_str(), d.lookups))
        .collect();
    assert_eq!(days.len(), 2);
    assert_eq!(days[1].0, "2020-01-01");
    assert!(days[1].1 > 4000, "{days:?}");
    let source = &report.sources[0];
    assert_eq!(source.malformed, malformed.len() as u64);
    let numbers: Vec<u64> = source.malformed_examples.iter().map(|m| m.line).collect();
    assert_eq!(numbers, malformed[..5]);
    let (status, _, err) = cli(&["-j", "0", file]);
    assert_eq!(status, 2);
    assert!(err.contains("threads"), "{err}");
}

/// Issue 16: a log's client can be a spreadsheet formula or a terminal's control sequence;
/// the CSV cell stays text, the table and the malformed-line example on standard error show
/// the control characters as escapes.
#[test]
fn a_logs_clients_and_lines_reach_no_spreadsheet_formula_nor_terminal_control() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("inert.log");
    std::fs::write(
        &log,
        "Mar  8 17:11:28 dnsmasq[12]: query[A] jogli.com from @SUM(1+9)*cmd|' /C calc'!A0\n\
         Mar  8 17:11:29 dnsmasq[12]: query[A] jogli.com from 10.0.0.5\x1b]0;owned\x07\n\
         \x1b[2Jcut off\x07\n",
    )
    .unwrap();
    let log = log.to_str().unwrap();
    let (code, csv, _) = cli(&["--year", "2009", "-o", "csv", log]);
    assert_eq!(code, 0);
    assert!(
        csv.contains(
            "\n\"'@SUM(1+9)*cmd|' /C calc'!A0\",B,2009-03-08T17:11:28Z,2009-03-08T17:11:28Z,1,1,"
        ),
        "{csv}"
    );
    let (code, table, err) = cli(&["--year", "2009", log]);
    assert_eq!(code, 0);
    assert!(
        !table.contains('\x1b') && !table.contains('\x07'),
        "{table:?}"
    );
    assert!(table.contains("\n10.0.0.5\\x1b]0;owned\\x07 "), "{table}");
    assert_eq!(
        err,
        format!(
            "conficker-dga: {log}: 1 malformed line skipped, e.g. line 3 (no timestamp and no \
             query): \\x1b[2Jcut off\\x07\n"
        )
    );
}
