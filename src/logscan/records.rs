//! Queries that are already fields: a data frame's rows (Arrow record batches, Parquet, a
//! Spark partition) rather than a log's lines. A record is read as a Zeek dns.log record
//! is: without a query name (or with an empty one) it is not a query; its time is a UTC
//! timestamp, seconds since 1970 or text as Zeek writes `ts`; without a time it is undated.
//! [`crate::logscan::Scanner::record`] then matches it as it matches a line's query.

use std::borrow::Cow;

use crate::logscan::formats::{Line, Query};
use crate::logscan::time::{self, LogTime, Micros};

/// A query's time as a column holds it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RecordTime<'a> {
    /// Microseconds since 1970, UTC (a timestamp column).
    Utc(Micros),
    /// Seconds since 1970 as a number (Zeek's JSON `ts`).
    Seconds(f64),
    /// Text as Zeek's tab-separated `ts`: seconds since 1970, or ISO 8601 (a time without a
    /// zone is local: the scan's UTC offset applies).
    Text(&'a str),
}

/// One row: each field as bytes, since a column of binary values may hold any; a record with
/// a field that is not UTF-8 is malformed, as a log line that is not.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Record<'a> {
    pub time: Option<RecordTime<'a>>,
    pub client: Option<&'a [u8]>,
    pub name: Option<&'a [u8]>,
    /// The program that asked, where the source says (Sysmon's `Image`).
    pub process: Option<&'a [u8]>,
}

/// The record as a log line's parse would give it, and the program that asked.
pub(crate) fn read<'a>(record: &Record<'a>) -> (Line<'a>, Option<&'a str>) {
    let Some(name) = record.name.filter(|n| !n.is_empty()) else {
        return (Line::Other, None);
    };
    let text = |field: Option<&'a [u8]>| field.map(std::str::from_utf8).transpose();
    let (Ok(Some(name)), Ok(client), Ok(process)) =
        (text(Some(name)), text(record.client), text(record.process))
    else {
        return (Line::Malformed("not UTF-8 text"), None);
    };
    let time = match record.time.map(time_of) {
        None => None,
        Some(Some(t)) => Some(t),
        Some(None) => return (Line::Malformed("a record with an unreadable time"), None),
    };
    let query = Query {
        time,
        client: client.map(Cow::Borrowed),
        name: Cow::Borrowed(name),
        host: None,
    };
    (Line::Query(query), process)
}

fn time_of(t: RecordTime<'_>) -> Option<LogTime> {
    match t {
        RecordTime::Utc(t) => Some(LogTime::Utc(t)),
        RecordTime::Seconds(s) => time::seconds(s),
        RecordTime::Text(t) => time::epoch(t).or_else(|| time::iso(t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logscan::{ScanOptions, Scanner};

    fn record<'a>(time: Option<RecordTime<'a>>, name: &'a [u8]) -> Record<'a> {
        Record {
            time,
            client: Some(b"10.0.0.5"),
            name: Some(name),
            process: None,
        }
    }

    /// The same queries as records and as Zeek JSON lines give the same report (text times
    /// are read as Zeek's tab-separated `ts`: seconds too, as the second record's).
    #[test]
    fn records_are_read_as_zeek_lines() {
        let records = [
            record(Some(RecordTime::Seconds(1_236_532_288.25)), b"jogli.com"),
            record(Some(RecordTime::Text("1236532289.5")), b"www.JOGLI.com."),
            record(
                Some(RecordTime::Text("2009-03-08T17:11:30Z")),
                b"example.com",
            ),
            record(Some(RecordTime::Utc(1_236_532_291_000_000)), b"jogli.com"),
            record(None, b"jogli.com"),
            record(Some(RecordTime::Text("yesterday")), b"jogli.com"),
            record(Some(RecordTime::Seconds(f64::NAN)), b"jogli.com"),
            record(Some(RecordTime::Seconds(1e12)), b"jogli.com"),
            record(Some(RecordTime::Seconds(1_236_532_288.0)), b""),
        ];
        let lines = [
            r#"{"ts":1236532288.25,"id.orig_h":"10.0.0.5","query":"jogli.com"}"#,
            r#"{"ts":1236532289.5,"id.orig_h":"10.0.0.5","query":"www.JOGLI.com."}"#,
            r#"{"ts":"2009-03-08T17:11:30Z","id.orig_h":"10.0.0.5","query":"example.com"}"#,
            r#"{"ts":1236532291,"id.orig_h":"10.0.0.5","query":"jogli.com"}"#,
            r#"{"id.orig_h":"10.0.0.5","query":"jogli.com"}"#,
            r#"{"ts":"yesterday","id.orig_h":"10.0.0.5","query":"jogli.com"}"#,
            r#"{"ts":"NaN","id.orig_h":"10.0.0.5","query":"jogli.com"}"#,
            r#"{"ts":1e12,"id.orig_h":"10.0.0.5","query":"jogli.com"}"#,
            r#"{"ts":1236532288,"id.orig_h":"10.0.0.5","query":""}"#,
        ];
        let mut from_records = Scanner::new(ScanOptions::new(2009));
        from_records.begin("records").unwrap();
        for r in records {
            from_records.record(r);
        }
        from_records.end().unwrap();
        let mut from_lines = Scanner::new(ScanOptions::new(2009));
        from_lines.begin("records").unwrap();
        from_lines.push(lines.join("\n").as_bytes()).unwrap();
        from_lines.end().unwrap();
        let (a, b) = (from_records.report(), from_lines.report());
        assert_eq!(a.clients, b.clients);
        assert_eq!(a.days, b.days);
        let (s, t) = (&a.sources[0], &b.sources[0]);
        assert_eq!(
            (s.lines, s.queries, s.other, s.malformed, s.undated),
            (t.lines, t.queries, t.other, t.malformed, t.undated)
        );
        assert_eq!((s.queries, s.malformed, s.undated), (5, 3, 1));
        assert_eq!(a.clients[0].lookups, 3);
        assert_eq!(
            a.clients[0].first.as_deref(),
            Some("2009-03-08T17:11:28.250Z")
        );
        assert_eq!(s.format, None);
    }

    #[test]
    fn fields_that_are_not_utf8_make_the_record_malformed() {
        let mut scanner = Scanner::new(ScanOptions::new(2009));
        let time = Some(RecordTime::Utc(1_236_532_288_000_000));
        for (client, name, process) in [
            (&b"\xff"[..], &b"jogli.com"[..], None),
            (b"10.0.0.5", b"jogli\xff.com", None),
            (b"10.0.0.5", b"jogli.com", Some(&b"\xc3"[..])),
        ] {
            scanner.record(Record {
                time,
                client: Some(client),
                name: Some(name),
                process,
            });
        }
        scanner.record(Record {
            time,
            client: None,
            name: None,
            process: None,
        });
        scanner.record(Record {
            time,
            client: None,
            name: Some(b"jogli.com"),
            process: Some(b"C:\\Windows\\svchost.exe"),
        });
        let report = scanner.report();
        let source = &report.sources[0];
        assert_eq!((source.lines, source.malformed, source.other), (5, 3, 1));
        assert_eq!(source.malformed_examples[1].text, "jogli\u{fffd}.com");
        assert_eq!(report.clients.len(), 1);
        assert_eq!(report.clients[0].client, None);
        assert_eq!(report.clients[0].processes, ["C:\\Windows\\svchost.exe"]);
    }
}
