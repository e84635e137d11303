//! Sysmon's DNS query events (Event ID 22, DNSEvent), in the shapes tools write them: the
//! `.evtx` records themselves (see `evtx`), and JSON lines from Winlogbeat and the Elastic
//! Agent (`winlog.event_data.QueryName`), from evtx_dump and similar converters
//! (`Event.EventData.QueryName`, `Event.System.Computer`), and flat records from NXLog or
//! Logstash (top-level `QueryName`, `Hostname`, `UtcTime`, `Image`).
//!
//! The time is Sysmon's `UtcTime`; the client is the computer that logged the event, since
//! on an endpoint every query is the host's own; the process (`Image`) that asked is kept.

use std::borrow::Cow;

use serde_json::Value;

use crate::logscan::formats::{Line, Query};
use crate::logscan::time::{self, LogTime};

/// Sysmon's event for a DNS query.
pub const DNS_EVENT_ID: u64 = 22;

/// A JSON line or an event log record, as far as the scan needs it.
#[derive(Debug, PartialEq, Eq)]
pub struct Event<'a> {
    pub line: Line<'a>,
    /// The program that looked the name up (`Image`), when the record is a query.
    pub process: Option<Cow<'a, str>>,
}

impl<'a> Event<'a> {
    fn other() -> Event<'a> {
        Event {
            line: Line::Other,
            process: None,
        }
    }

    fn malformed(reason: &'static str) -> Event<'a> {
        Event {
            line: Line::Malformed(reason),
            process: None,
        }
    }
}

/// One line of JSON: a Sysmon DNS query, another event, or not a JSON object.
pub fn line(line: &str) -> Event<'static> {
    if !line.trim_start().starts_with('{') {
        return Event::malformed("not a JSON object");
    }
    line_event(line)
}

/// The program (`Image`) a Sysmon event's line names; a syslog header or other prefix before
/// the JSON object is skipped.
pub fn process(line: &str) -> Option<Cow<'static, str>> {
    let json = &line[line.find('{')?..];
    line_event(json).process
}

fn line_event(line: &str) -> Event<'static> {
    match serde_json::from_str::<Value>(line) {
        Ok(value) => event(&value),
        Err(_) => Event::malformed("not valid JSON"),
    }
}

/// What one event says, whichever of the known shapes it has.
pub fn event(root: &Value) -> Event<'static> {
    if !root.is_object() {
        return Event::malformed("not a JSON object");
    }
    let fields = if let Some(winlog) = root.get("winlog").filter(|w| w.is_object()) {
        winlogbeat(root, winlog)
    } else if let Some(event) = root.get("Event").filter(|e| e.is_object()) {
        evtx_dump(event)
    } else {
        flat(root)
    };
    fields.into_event()
}

/// The fields an event has, each found where its shape keeps it.
#[derive(Default)]
struct Fields<'v> {
    event_id: Option<u64>,
    provider: Option<&'v str>,
    computer: Option<&'v str>,
    query_name: Option<&'v str>,
    utc_time: Option<&'v str>,
    /// A time in another form, when `UtcTime` is missing (ISO 8601).
    fallback_time: Option<&'v str>,
    image: Option<&'v str>,
}

impl Fields<'_> {
    fn into_event(self) -> Event<'static> {
        if self
            .provider
            .is_some_and(|p| !p.to_ascii_lowercase().contains("sysmon"))
        {
            return Event::other();
        }
        match self.event_id {
            Some(DNS_EVENT_ID) => {}
            // Flat records that keep only the event's data have no ID: the query name says it.
            None if self.query_name.is_some() => {}
            _ => return Event::other(),
        }
        let Some(name) = self.query_name.map(str::trim).filter(|n| !n.is_empty()) else {
            return Event::malformed("a DNS event without QueryName");
        };
        let time = match self.utc_time.or(self.fallback_time) {
            None => None,
            Some(t) => match utc(t) {
                Some(t) => Some(t),
                None => return Event::malformed("a DNS event whose UtcTime is not a time"),
            },
        };
        Event {
            line: Line::Query(Query {
                time,
                client: self
                    .computer
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(|c| Cow::Owned(c.to_string())),
                name: Cow::Owned(name.to_string()),
                host: None,
            }),
            process: self
                .image
                .map(str::trim)
                .filter(|i| !i.is_empty())
                .map(|i| Cow::Owned(i.to_string())),
        }
    }
}

/// Sysmon writes `UtcTime` as `2019-07-19 14:43:25.123`, in UTC but without a zone.
fn utc(s: &str) -> Option<LogTime> {
    Some(match time::iso(s.trim())? {
        LogTime::Local(t) => LogTime::Utc(t),
        utc => utc,
    })
}

fn text(value: Option<&Value>) -> Option<&str> {
    value.and_then(Value::as_str)
}

/// An event ID written as a number, a string, or `{"#text": 22}` (XML converted with its
/// attributes).
fn event_id(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        Value::Object(o) => event_id(o.get("#text").or_else(|| o.get("value"))),
        _ => None,
    }
}

fn path<'v>(root: &'v Value, keys: &[&str]) -> Option<&'v Value> {
    keys.iter().try_fold(root, |v, k| v.get(k))
}

/// Winlogbeat and the Elastic Agent: `winlog.event_data`, ECS fields beside it.
fn winlogbeat<'v>(root: &'v Value, winlog: &'v Value) -> Fields<'v> {
    let data = winlog.get("event_data");
    let field = |name: &str| text(data.and_then(|d| d.get(name)));
    Fields {
        event_id: event_id(winlog.get("event_id"))
            .or_else(|| event_id(path(root, &["event", "code"]))),
        provider: text(winlog.get("provider_name")).or_else(|| text(winlog.get("channel"))),
        computer: text(winlog.get("computer_name"))
            .or_else(|| text(path(root, &["host", "hostname"])))
            .or_else(|| text(path(root, &["host", "name"]))),
        query_name: field("QueryName").or_else(|| text(path(root, &["dns", "question", "name"]))),
        utc_time: field("UtcTime"),
        fallback_time: text(root.get("@timestamp")),
        image: field("Image").or_else(|| text(path(root, &["process", "executable"]))),
    }
}

/// evtx_dump and converters like it: the event's XML as JSON under `Event`, attributes
/// under `#attributes` (or beside the element as `NAME_attributes`).
fn evtx_dump(event: &Value) -> Fields<'_> {
    let system = event.get("System");
    let data = event.get("EventData");
    let field = |name: &str| text(data.and_then(|d| d.get(name)));
    let attribute = |element: &str, name: &str| {
        let system = system?;
        text(path(system, &[element, "#attributes", name]))
            .or_else(|| text(path(system, &[&format!("{element}_attributes"), name])))
    };
    Fields {
        event_id: event_id(system.and_then(|s| s.get("EventID"))),
        provider: attribute("Provider", "Name"),
        computer: text(system.and_then(|s| s.get("Computer"))),
        query_name: field("QueryName"),
        utc_time: field("UtcTime"),
        fallback_time: attribute("TimeCreated", "SystemTime"),
        image: field("Image"),
    }
}

/// NXLog, Logstash and similar: the event's data and a few system fields at the top level.
fn flat(root: &Value) -> Fields<'_> {
    let field = |names: &[&str]| names.iter().find_map(|n| text(root.get(n)));
    Fields {
        event_id: ["EventID", "EventId", "event_id", "EventCode"]
            .iter()
            .find_map(|n| event_id(root.get(n))),
        provider: field(&["SourceName", "ProviderName", "Provider", "provider_name"]),
        computer: field(&[
            "Hostname",
            "Computer",
            "computer_name",
            "ComputerName",
            "host",
        ]),
        query_name: field(&["QueryName"]),
        utc_time: field(&["UtcTime"]),
        fallback_time: field(&["EventTime", "@timestamp", "TimeCreated"]),
        image: field(&["Image"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logscan::time::MICROS_PER_SECOND;

    fn query(line_text: &str) -> (Option<String>, Option<i64>, String, Option<String>) {
        let e = line(line_text);
        let Line::Query(q) = e.line else {
            panic!("{line_text}: {:?}", e.line)
        };
        let time = q.time.map(|t| t.to_utc(0));
        (
            q.client.map(Cow::into_owned),
            time,
            q.name.into_owned(),
            e.process.map(Cow::into_owned),
        )
    }

    const T: i64 = 1_563_547_405 * MICROS_PER_SECOND + 123_000;

    #[test]
    fn each_shape_gives_the_computer_time_name_and_process() {
        let expected = (
            Some("WIN10".to_string()),
            Some(T),
            "jogli.com".to_string(),
            Some(r"C:\Windows\System32\svchost.exe".to_string()),
        );
        let winlogbeat = r##"{"@timestamp":"2019-07-19T14:43:26.000Z","winlog":{"event_id":22,"provider_name":"Microsoft-Windows-Sysmon","computer_name":"WIN10","event_data":{"UtcTime":"2019-07-19 14:43:25.123","QueryName":"jogli.com","Image":"C:\\Windows\\System32\\svchost.exe"}}}"##;
        let agent = r##"{"@timestamp":"2019-07-19T14:43:25.123Z","event":{"code":"22"},"host":{"name":"WIN10"},"dns":{"question":{"name":"jogli.com"}},"process":{"executable":"C:\\Windows\\System32\\svchost.exe"},"winlog":{"channel":"Microsoft-Windows-Sysmon/Operational"}}"##;
        let dump = r##"{"Event":{"#attributes":{"xmlns":"http://schemas.microsoft.com/win/2004/08/events/event"},"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Sysmon"}},"EventID":22,"Computer":"WIN10"},"EventData":{"UtcTime":"2019-07-19 14:43:25.123","QueryName":"jogli.com","Image":"C:\\Windows\\System32\\svchost.exe"}}}"##;
        let separate = r##"{"Event":{"System":{"Provider_attributes":{"Name":"Microsoft-Windows-Sysmon"},"EventID":{"#text":"22"},"Computer":"WIN10"},"EventData":{"UtcTime":"2019-07-19 14:43:25.123","QueryName":"jogli.com","Image":"C:\\Windows\\System32\\svchost.exe"}}}"##;
        let nxlog = r##"{"EventTime":"2019-07-19 16:43:25","Hostname":"WIN10","SourceName":"Microsoft-Windows-Sysmon","EventID":22,"UtcTime":"2019-07-19 14:43:25.123","QueryName":"jogli.com","Image":"C:\\Windows\\System32\\svchost.exe"}"##;
        for shape in [winlogbeat, agent, dump, separate, nxlog] {
            assert_eq!(query(shape), expected, "{shape}");
        }
    }

    #[test]
    fn other_events_are_other_and_broken_ones_malformed() {
        let process_create = r##"{"winlog":{"event_id":1,"provider_name":"Microsoft-Windows-Sysmon","event_data":{"Image":"x.exe"}}}"##;
        let security = r##"{"Event":{"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Security-Auditing"}},"EventID":22},"EventData":{"QueryName":"jogli.com"}}}"##;
        assert_eq!(line(process_create).line, Line::Other);
        assert_eq!(line(security).line, Line::Other);
        assert_eq!(line(r##"{"a":1}"##).line, Line::Other);
        assert_eq!(line("jogli.com").line, Line::Malformed("not a JSON object"));
        assert_eq!(
            line(r##"{"QueryName":"##).line,
            Line::Malformed("not valid JSON")
        );
        assert_eq!(
            line(r##"{"EventID":22,"QueryName":""}"##).line,
            Line::Malformed("a DNS event without QueryName")
        );
        assert_eq!(
            line(r##"{"EventID":22,"QueryName":"jogli.com","UtcTime":"yesterday"}"##).line,
            Line::Malformed("a DNS event whose UtcTime is not a time")
        );
    }
}
