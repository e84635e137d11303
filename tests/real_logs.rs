//! Logs written by other projects (tests/data/logs; their sources are in
//! tests/data/PROVENANCE.md), with the worm's names of the logs' own dates put in place of
//! some of their query names: the scan must find exactly those clients, counts and times.
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;

use conficker_dga::generator::day_list;
use conficker_dga::logscan::syslog;
use conficker_dga::logscan::time::{self, SyslogYear};
use conficker_dga::logscan::{LogFormat, ScanOptions, ScanReport, Scanner};
use conficker_dga::variant::Variant;

fn sample(file: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/data/logs/{file}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Conficker B's name number `index` of `day`.
fn b_name(day: &str, index: usize) -> String {
    day_list(Variant::B, date(day))[index].clone()
}

fn scan(sources: &[(&str, &str)], options: ScanOptions) -> ScanReport {
    let mut scanner = Scanner::new(options);
    for (name, log) in sources {
        scanner.begin(name).unwrap();
        // In pieces, as a shell reads files.
        for piece in log.as_bytes().chunks(61) {
            scanner.push(piece).unwrap();
        }
    }
    scanner.end().unwrap();
    scanner.report()
}

/// A row per client: client, variants, first, last, lookups, distinct names, first example.
fn rows(report: &ScanReport) -> Vec<String> {
    report
        .clients
        .iter()
        .map(|c| {
            let e = &c.examples[0];
            format!(
                "{} {} {} {} {} {} {} {} #{}",
                c.client.as_deref().unwrap_or("-"),
                c.variants,
                c.first.as_deref().unwrap_or("-"),
                c.last.as_deref().unwrap_or("-"),
                c.lookups,
                c.distinct_names,
                e.variant,
                e.date,
                e.index
            )
        })
        .collect()
}

/// Lines, queries, other, malformed, undated.
fn counts(report: &ScanReport, source: usize) -> [u64; 5] {
    let s = &report.sources[source];
    [s.lines, s.queries, s.other, s.malformed, s.undated]
}

/// Kubernetes' DNS debugging page (CoreDNS 1.2, with its banner) and the log plugin's README
/// (CoreDNS 1.3 and later, with and without the time CoreDNS once printed).
#[test]
fn coredns_from_the_kubernetes_docs_and_its_readme() {
    let k8s = sample("coredns-kubernetes-docs.log").replace(
        "kubernetes.default.svc.cluster.local.",
        &format!("{}.", b_name("2018-09-07", 7)),
    );
    let dated = sample("coredns-readme-2019.log")
        .replace("example.org.", &format!("{}.", b_name("2018-10-30", 0)));
    let undated = sample("coredns-readme.log")
        .replace("example.org.", &format!("{}.", b_name("2018-10-30", 0)));
    let report = scan(
        &[("k8s", &k8s), ("readme-2019", &dated), ("readme", &undated)],
        ScanOptions::new(2018),
    );
    for source in &report.sources {
        assert_eq!(source.format, Some(LogFormat::CoreDns), "{}", source.name);
    }
    assert_eq!(counts(&report, 0), [8, 1, 7, 0, 0]);
    assert_eq!(counts(&report, 1), [1, 1, 0, 0, 0]);
    assert_eq!(counts(&report, 2), [1, 1, 0, 0, 1]);
    assert_eq!(
        rows(&report),
        [
            "172.17.0.18 B 2018-09-07T15:29:11Z 2018-09-07T15:29:11Z 1 1 B 2018-09-07 #7",
            "::1 B 2018-10-30T19:10:07.547Z 2018-10-30T19:10:07.547Z 1 1 B 2018-10-30 #0",
        ]
    );
    // The line without a time, dated by the analyst.
    let report = scan(
        &[("readme", &undated)],
        ScanOptions {
            undated: Some(date("2018-10-30")),
            ..ScanOptions::new(2018)
        },
    );
    assert_eq!(rows(&report), ["::1 B - - 1 1 B 2018-10-30 #0"]);
}

/// The PowerDNS Recursor's documentation of `quiet=no`: a question and its answer.
#[test]
fn powerdns_recursor_from_its_documentation() {
    let log =
        sample("powerdns-recursor-docs.log").replace("www.example.com", &b_name("2024-07-09", 42));
    let report = scan(&[("recursor", &log)], ScanOptions::new(2024));
    assert_eq!(report.sources[0].format, Some(LogFormat::PowerDns));
    assert_eq!(counts(&report, 0), [2, 1, 1, 0, 0]);
    // `ts` (UTC) rather than the local `Jul 09 09:08:31` in front.
    assert_eq!(
        rows(&report),
        ["127.0.0.1 B 2024-07-09T07:08:31.919Z 2024-07-09T07:08:31.919Z 1 1 B 2024-07-09 #42"]
    );
}

/// Unbound through syslog with RFC 3339 times, from Wazuh's rule tests; and the same log as
/// Unbound writes it with log-tag-queryreply (`query:` in place of `info:`).
#[test]
fn unbound_through_syslog_from_wazuh_tests() {
    let log = sample("unbound-syslog-wazuh.log").replace(
        "talkgadget.google.com.",
        &format!("{}.", b_name("2014-07-14", 3)),
    );
    let tagged = log.replace("] info: 127.0.0.1", "] query: 127.0.0.1");
    assert_ne!(tagged, log);
    for (what, log) in [("info", &log), ("tagged", &tagged)] {
        let report = scan(&[("unbound", log)], ScanOptions::new(2014));
        let source = &report.sources[0];
        assert_eq!(source.format, Some(LogFormat::Unbound), "{what}");
        assert_eq!(counts(&report, 0), [4, 1, 3, 0, 0], "{what}");
        assert_eq!(source.logging_hosts, ["arrakis"], "{what}");
        assert_eq!(
            rows(&report),
            ["127.0.0.1 B 2014-07-14T18:00:02.814490Z 2014-07-14T18:00:02.814490Z 1 1 B 2014-07-14 #3"],
            "{what}"
        );
    }
}

/// RFC 3164's and RFC 5424's example messages and two common variants, as Apache Flume's
/// syslog parser tests them: each header read as such, then each message replaced by a
/// client and a worm's name of the header's own date. Names of days before Conficker B
/// existed are counted as queries of their day and not reported.
#[test]
fn syslog_headers_from_flume_tests() {
    let log = sample("syslog-flume.log");
    // UTC time, host, message. Without a year, the lines are in 2009 (--year) and a month
    // that runs backwards moves on a year (Oct, then Feb 2010); RFC 3164's `CST 1987` gives
    // its own.
    let expected = [
        (
            "2009-10-11T22:14:15Z",
            Some("mymachine"),
            "'su root' failed for lonvick on /dev/pts/8",
        ),
        ("2010-02-05T17:32:18Z", Some("10.0.0.99"), "Use the BFG!"),
        (
            "1987-08-24T05:34:00Z",
            Some("mymachine"),
            "%% It's time to make the do-nuts.  %%  Ingredients: Mix=OK, Jelly=OK # Devices: Mixer=OK, Jelly_Injector=OK, Frier=OK # Transport: Conveyer1=OK, Conveyer2=OK # %%",
        ),
        (
            "2010-10-22T10:52:12Z",
            Some("scapegoat"),
            "1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!",
        ),
        (
            "2003-10-11T22:14:15.003Z",
            Some("mymachine.example.com"),
            "BOM'su root' failed for lonvick on /dev/pts/8",
        ),
        (
            "2003-08-24T12:14:15.000003Z",
            Some("192.0.2.1"),
            "%% It's time to make the do-nuts.",
        ),
        ("2003-08-24T05:14:15Z", Some("localhost"), "snarf?"),
        ("2012-08-16T22:34:03Z", Some("127.0.0.1"), "test shnap!"),
    ];
    let mut year = SyslogYear::new(2009);
    let mut replaced = String::new();
    let mut want = Vec::new();
    for (i, (line, (utc, host, message))) in log.lines().zip(expected).enumerate() {
        let header = syslog::strip(line, &mut year).unwrap_or_else(|| panic!("{line}"));
        assert_eq!(
            header
                .time
                .map(|t| time::format_utc(t.to_utc(0)))
                .as_deref(),
            Some(utc),
            "{line}"
        );
        assert_eq!((header.host, header.message), (host, message), "{line}");
        let day = &utc[..10];
        let name = b_name(day, i);
        replaced.push_str(line.strip_suffix(message).unwrap());
        replaced.push_str(&format!("10.9.0.{i} {name}\n"));
        if date(day) >= Variant::B.first_seen() {
            want.push(format!("10.9.0.{i} B {utc} {utc} 1 1 B {day} #{i}"));
        }
    }
    assert_eq!(want.len(), 4);
    let report = scan(&[("syslog", &replaced)], ScanOptions::new(2009));
    assert_eq!(report.sources[0].format, Some(LogFormat::Text));
    assert_eq!(counts(&report, 0), [8, 8, 0, 0, 0]);
    assert_eq!(rows(&report), want);
    let days: Vec<String> = report
        .days
        .iter()
        .map(|d| format!("{} {} {}", d.date, d.queries, d.lookups))
        .collect();
    assert_eq!(
        days,
        [
            "1987-08-24 1 0",
            "2003-08-24 2 0",
            "2003-10-11 1 0",
            "2009-10-11 1 1",
            "2010-02-05 1 1",
            "2010-10-22 1 1",
            "2012-08-16 1 1"
        ]
    );
    assert_eq!(
        report.sources[0].logging_hosts,
        [
            "mymachine",
            "10.0.0.99",
            "scapegoat",
            "mymachine.example.com",
            "192.0.2.1",
            "localhost",
            "127.0.0.1"
        ]
    );
}
