//! The report folder: a CSV per network, `summary.csv`, `networks.json` and a plain-text
//! notice per network, as (file name, bytes) pairs. Same report, same bytes.

use std::fmt::Write as _;

use super::attribution::{HostRow, NetworkGroup, NetworksReport};
use super::contacts::Contact;
use crate::output::{bidi_control, csv_field, terminal_safe};

const HOST_COLUMNS: &[&str] = &[
    "first",
    "last",
    "address",
    "asn",
    "as_name",
    "country",
    "prefix",
    "special_use",
    "mac",
    "hostname",
    "variants",
    "lookups",
    "distinct_names",
    "examples",
    "note",
];

const SUMMARY_COLUMNS: &[&str] = &[
    "network",
    "asn",
    "as_name",
    "country",
    "hosts",
    "lookups",
    "first",
    "last",
    "contact_email",
    "contact_name",
    "file",
];

fn row(cells: &[String]) -> String {
    let mut line = cells
        .iter()
        .map(|c| csv_field(c))
        .collect::<Vec<_>>()
        .join(",");
    line.push('\n');
    line
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// `name (B, 2009-01-19 #12)`, joined by `; `.
fn examples(r: &HostRow) -> String {
    r.examples
        .iter()
        .map(|e| format!("{} ({}, {} #{})", e.name, e.variant, e.date, e.index))
        // csv_field escapes the whole cell.
        .collect::<Vec<_>>()
        .join("; ")
}

/// One network's hosts as CSV.
pub fn hosts_csv(group: &NetworkGroup) -> String {
    let mut out = row(&HOST_COLUMNS
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>());
    for r in &group.rows {
        out += &row(&[
            opt(&r.first),
            opt(&r.last),
            r.address.clone(),
            opt(&r.asn),
            opt(&r.as_name),
            opt(&r.country),
            opt(&r.prefix),
            opt(&r.special_use),
            opt(&r.mac),
            opt(&r.hostname),
            r.variants.clone(),
            r.lookups.to_string(),
            r.distinct_names.to_string(),
            examples(r),
            opt(&r.note),
        ]);
    }
    out
}

/// The networks, the most hosts first, with their contacts.
pub fn summary_csv(report: &NetworksReport) -> String {
    let mut out = row(&SUMMARY_COLUMNS
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>());
    for g in &report.networks {
        out += &row(&[
            g.network.clone(),
            opt(&g.asn),
            opt(&g.as_name),
            opt(&g.country),
            g.hosts.to_string(),
            g.lookups.to_string(),
            opt(&g.first),
            opt(&g.last),
            g.contact
                .as_ref()
                .map(|c| c.email.clone())
                .unwrap_or_default(),
            g.contact
                .as_ref()
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            format!("{}.csv", g.file),
        ]);
    }
    out
}

/// The whole report as JSON. serde_json escapes control characters; the bidirectional
/// formatting ones are escaped too (`\u202e`: in JSON they can stand only in strings, which
/// read back the same), so that no file of the folder holds them raw.
pub fn report_json(report: &NetworksReport) -> String {
    let s = serde_json::to_string_pretty(report).expect("a report serializes");
    let mut out = String::with_capacity(s.len() + 1);
    for c in s.chars() {
        if bidi_control(c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}

/// Prose wrapped at `width` columns, between words.
fn wrap(paragraph: &str, width: usize) -> String {
    let mut out = String::new();
    let mut column = 0;
    for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
        if column > 0 && column + 1 + word.len() > width {
            out.push('\n');
            column = 0;
        } else if column > 0 {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += word.chars().count();
    }
    out
}

/// Appends a paragraph, wrapped, and a blank line.
fn paragraph(t: &mut String, text: &str) {
    t.push_str(&wrap(text, WIDTH));
    t.push_str("\n\n");
}

/// The width of a notice's prose, as mail is written.
const WIDTH: usize = 72;

/// Free text from the inputs (names, host names, times of a scan report) as it may stand in a
/// notice: on one line, with no control or bidirectional formatting characters.
fn text(s: &str) -> String {
    terminal_safe(s).into_owned()
}

/// A mailbox for a `To:` header (RFC 5322 3.4): the display name as a quoted string when it
/// holds more than atoms and spaces, so that a comma or a `<` in it makes no second address.
/// The contacts reader has refused line breaks and addresses that do not parse; the escaping
/// here keeps one header line whatever the report holds.
fn mailbox(c: &Contact) -> String {
    let email = text(&c.email);
    if c.name.is_empty() {
        return email;
    }
    let atext = |ch: char| ch.is_alphanumeric() || ch == ' ' || "!#$%&'*+-/=?^_`{|}~".contains(ch);
    let name = text(&c.name);
    if name.chars().all(atext) {
        format!("{name} <{email}>")
    } else {
        format!(
            "\"{}\" <{email}>",
            name.replace('\\', "\\\\").replace('"', "\\\"")
        )
    }
}

/// A notice for one network's operator, ready to be sent by the user's own mail system.
pub fn notice(report: &NetworksReport, g: &NetworkGroup) -> String {
    let mut t = String::new();
    let to = match &g.contact {
        Some(c) => mailbox(c),
        None => {
            "(no contact known: find the network's abuse contact, e.g. in its RIR's whois)".into()
        }
    };
    let network = text(&g.network);
    let owner = match (&g.as_name, &g.country) {
        (Some(n), Some(c)) => format!("{network} ({}, {})", text(n), text(c)),
        (Some(n), None) => format!("{network} ({})", text(n)),
        _ => network.clone(),
    };
    let _ = writeln!(t, "To: {to}");
    let _ = writeln!(
        t,
        "Subject: Conficker-infected hosts in {network}: {}",
        crate::output::count(g.hosts, "host", "hosts")
    );
    t.push('\n');
    let _ = writeln!(t, "Hello,");
    t.push('\n');
    paragraph(
        &mut t,
        &format!(
            "{} in {owner} looked up domain names that the Conficker worm generates to find its \
controllers. Such lookups come from infected machines: an uninfected machine has no reason to \
look up these random-looking names, and an infected one looks up hundreds a day.",
            crate::output::count(g.hosts, "address", "addresses"),
        ),
    );
    let period = match (&g.first, &g.last) {
        (Some(f), Some(l)) => format!("from {} to {} (UTC)", text(f), text(l)),
        _ => match (&report.from, &report.to) {
            (Some(f), Some(l)) => format!("on the days {} to {} (UTC)", text(f), text(l)),
            _ => "at times the logs did not record".into(),
        },
    };
    paragraph(
        &mut t,
        &format!(
            "What they did: {} of Conficker names, {period}.",
            crate::output::count(g.lookups, "lookup", "lookups")
        ),
    );
    let _ = writeln!(t, "The hosts (times UTC):");
    t.push('\n');
    for r in &g.rows {
        let when = match (&r.first, &r.last) {
            (Some(f), Some(l)) if f == l => format!("at {}", text(f)),
            (Some(f), Some(l)) => format!("{} to {}", text(f), text(l)),
            _ => "undated".into(),
        };
        let machine = match (&r.mac, &r.hostname) {
            (Some(m), Some(h)) => format!(", machine {} ({})", text(h), text(m)),
            (Some(m), None) => format!(", machine {}", text(m)),
            _ => String::new(),
        };
        let _ = writeln!(
            t,
            "  {}{machine}: {when}; variant {}; {}, {}",
            text(&r.address),
            text(&r.variants),
            crate::output::count(r.lookups, "lookup", "lookups"),
            crate::output::count(r.distinct_names, "distinct name", "distinct names"),
        );
        for e in &r.examples {
            let _ = writeln!(
                t,
                "      {}  (Conficker {}, list of {}, name #{})",
                text(&e.name),
                text(&e.variant),
                text(&e.date),
                e.index
            );
        }
        if let Some(note) = &r.note {
            let _ = writeln!(t, "      note: {}", text(note));
        }
    }
    t.push('\n');
    paragraph(
        &mut t,
        "What the names are: each day Conficker A and B generate 250 names and Conficker C \
50,000, from the date alone; infected machines look them up to reach their controllers. The \
names above are in the worm's list of the date shown, at the index shown: anyone can recompute \
them (for example with the open-source conficker-dga tool: `conficker-dga check NAME`). Most \
of the names are unregistered or held by sinkholes; the lookups themselves reveal the \
infection.",
    );
    paragraph(
        &mut t,
        "How to confirm: on the machine, look for a service of a random name whose DLL the worm \
added to the netsvcs group (HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SvcHost), disabled Windows Update, Windows Defender and \
Background Intelligent Transfer services, locked-out accounts (its password guessing), and \
blocked access to security vendors' web sites. On the network: its DNS lookups of these names \
and its scanning of TCP port 445 (SMB).",
    );
    paragraph(
        &mut t,
        "How to clean: isolate the machine; install Microsoft security update MS08-067 \
(KB958644) on it and on every machine it can reach; remove the worm with an up-to-date \
anti-malware tool (Microsoft's Malicious Software Removal Tool removes Win32/Conficker); \
change the passwords it may have guessed, use strong ones; disable AutoRun on removable \
drives; then check that the lookups stop.",
    );
    paragraph(
        &mut t,
        "This notice was made from DNS logs; the addresses and times are as the logs give them.",
    );
    t.truncate(t.trim_end().len());
    t.push('\n');
    t
}

/// Every file of the report folder, sorted by name.
pub fn report_files(report: &NetworksReport) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![
        ("summary.csv".to_string(), summary_csv(report).into_bytes()),
        (
            "networks.json".to_string(),
            report_json(report).into_bytes(),
        ),
    ];
    for g in &report.networks {
        files.push((format!("{}.csv", g.file), hosts_csv(g).into_bytes()));
        files.push((format!("{}.txt", g.file), notice(report, g).into_bytes()));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// One network as the page's table shows it: network, AS name (and country), hosts, lookups,
/// contact, and the name of its CSV in the folder.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct NetworkRow {
    pub cells: [String; 5],
    pub file: String,
}

/// The networks, the most hosts first, as the page's table shows them.
pub fn network_rows(report: &NetworksReport) -> Vec<NetworkRow> {
    report
        .networks
        .iter()
        .map(|g| NetworkRow {
            cells: [
                text(&g.network),
                match (&g.as_name, &g.country) {
                    (Some(n), Some(c)) => text(&format!("{n} ({c})")),
                    (Some(n), None) => text(n),
                    _ => String::new(),
                },
                g.hosts.to_string(),
                g.lookups.to_string(),
                g.contact.as_ref().map(mailbox).unwrap_or_default(),
            ],
            file: format!("{}.csv", g.file),
        })
        .collect()
}

/// `3 hosts in 2 networks`.
pub fn hosts_sentence(report: &NetworksReport) -> String {
    let hosts: u64 = report.networks.iter().map(|g| g.hosts).sum();
    format!(
        "{} in {}",
        crate::output::count(hosts, "host", "hosts"),
        crate::output::count(report.networks.len() as u64, "network", "networks")
    )
}
