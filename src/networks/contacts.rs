//! Abuse contacts: a CSV with a header naming `asn` or `prefix` (or both), then `email` and
//! `name`. A row gives an AS number or a prefix; a host's contact is the one of the longest
//! prefix holding it, else its AS's.

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::addr::{Addr, Prefix};
use super::tables::parse_asn;
use crate::error::{Field, InputError};

const HEADER: &str = "a contacts CSV: a header with asn or prefix, then email and name";
const ROW: &str = "a contact: an AS number (64500 or AS64500) or a prefix (198.51.100.0/24), and an email address";
const EMAIL: &str =
    "a contact's email address: one address (abuse@example.net), no name or brackets";
const NAME: &str = "a contact's name: one line without control characters, at most 256 bytes";

/// The longest contact name kept: a name goes into a notice's `To:` header.
const MAX_NAME_BYTES: usize = 256;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Contact {
    pub email: String,
    pub name: String,
}

#[derive(Default)]
pub struct Contacts {
    by_asn: FxHashMap<u32, Contact>,
    by_prefix: FxHashMap<Prefix, Contact>,
    /// The prefix lengths present, longest first, per family.
    lengths: [Vec<u8>; 2],
}

impl Contacts {
    pub fn new() -> Contacts {
        Contacts::default()
    }

    /// Reads one contacts CSV; a later row or file does not replace an earlier one.
    pub fn add(&mut self, source: &str, bytes: &[u8]) -> Result<(), InputError> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .comment(Some(b'#'))
            .from_reader(bytes);
        let no_header = || InputError::TableFormat {
            field: Field::Contacts,
            source: source.into(),
            expected: HEADER,
        };
        let headers = reader.headers().map_err(|_| no_header())?.clone();
        let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        let (asn_col, prefix_col) = (column("asn"), column("prefix"));
        let email_col = column("email").ok_or_else(no_header)?;
        let name_col = column("name");
        if asn_col.is_none() && prefix_col.is_none() {
            return Err(no_header());
        }
        for record in reader.records() {
            let record = record.map_err(|e| InputError::Unreadable {
                field: Field::Contacts,
                source: source.into(),
                reason: e.to_string(),
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let cell = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("");
            let bad = || InputError::TableLine {
                field: Field::Contacts,
                source: source.into(),
                line,
                expected: ROW,
                value: record.iter().collect::<Vec<_>>().join(","),
            };
            let refused = |expected, value: &str| InputError::TableLine {
                field: Field::Contacts,
                source: source.into(),
                line,
                expected,
                value: value.chars().take(120).collect(),
            };
            let email = cell(Some(email_col));
            if email.is_empty() {
                return Err(bad());
            }
            // Both go into a notice's header: one line each, and an address that parses as
            // one addr-spec, so that no field can add a recipient or a header.
            if !is_address(email) {
                return Err(refused(EMAIL, email));
            }
            let name = cell(name_col);
            if name.len() > MAX_NAME_BYTES || name.chars().any(char::is_control) {
                return Err(refused(NAME, name));
            }
            let contact = Contact {
                email: email.into(),
                name: name.into(),
            };
            match (cell(asn_col), cell(prefix_col)) {
                (asn, "") if !asn.is_empty() => {
                    let asn = parse_asn(asn).ok_or_else(bad)?;
                    self.by_asn.entry(asn).or_insert(contact);
                }
                ("", prefix) if !prefix.is_empty() => {
                    let prefix = Prefix::parse(prefix).ok_or_else(bad)?;
                    self.by_prefix.entry(prefix).or_insert(contact);
                    let lengths = &mut self.lengths[prefix.v6 as usize];
                    if let Err(at) = lengths.binary_search_by(|l| prefix.len.cmp(l)) {
                        lengths.insert(at, prefix.len);
                    }
                }
                _ => return Err(bad()),
            }
        }
        Ok(())
    }

    /// The contact of the longest prefix holding `addr`.
    pub fn for_address(&self, addr: Addr) -> Option<(Prefix, &Contact)> {
        self.lengths[addr.v6 as usize].iter().find_map(|&len| {
            let prefix = Prefix::of(addr, len);
            self.by_prefix.get(&prefix).map(|c| (prefix, c))
        })
    }

    pub fn for_asn(&self, asn: u32) -> Option<&Contact> {
        self.by_asn.get(&asn)
    }
}

/// One RFC 5322 addr-spec (`local@domain`), without a display name or control characters.
fn is_address(email: &str) -> bool {
    !email.chars().any(char::is_control)
        && email_address::EmailAddress::parse_with_options(
            email,
            email_address::Options::default().without_display_text(),
        )
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_by_asn_and_longest_prefix() {
        let mut c = Contacts::new();
        c.add(
            "c.csv",
            b"asn,prefix,email,name\nAS64500,,abuse@big.example,Big Net\n,10.0.0.0/8,soc@corp.example,SOC\n,10.1.0.0/16,desk@corp.example,\"Desk, team\"\n",
        )
        .unwrap();
        assert_eq!(c.for_asn(64500).unwrap().email, "abuse@big.example");
        let a = Addr::from_ip("10.1.2.3".parse().unwrap());
        let (p, contact) = c.for_address(a).unwrap();
        assert_eq!(
            (p.to_string().as_str(), contact.name.as_str()),
            ("10.1.0.0/16", "Desk, team")
        );
    }

    #[test]
    fn bad_contacts_name_the_line() {
        let mut c = Contacts::new();
        let e = c
            .add(
                "c.csv",
                b"asn,email,name\n64500,a@b.example,A\nAS-x,c@d.example,C\n",
            )
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("contacts c.csv line 3: 'AS-x,c@d.example,C' is not {ROW}")
        );
        let e = c.add("c.csv", b"email,name\na@b.example,A\n").unwrap_err();
        assert!(matches!(e, InputError::TableFormat { .. }));
    }

    #[test]
    fn header_injection_is_refused_with_the_line() {
        let refused = |csv: &[u8]| Contacts::new().add("c.csv", csv).unwrap_err().to_string();
        // The review's cases: a line break inside a quoted address or name.
        assert_eq!(
            refused(b"asn,email,name\n64501,\"abuse@small.example\nBcc: attacker@evil.example\",X\n"),
            format!("contacts c.csv line 2: 'abuse@small.example\nBcc: attacker@evil.example' is not {EMAIL}")
        );
        assert_eq!(
            refused(b"asn,email,name\n64501,abuse@small.example,\"Name\nSubject: fake\"\n"),
            format!("contacts c.csv line 2: 'Name\nSubject: fake' is not {NAME}")
        );
        assert!(
            refused(b"asn,email,name\n64501,a@b.example,\"N\r\nBcc: x@y.example\"\n")
                .ends_with(&format!("'N\r\nBcc: x@y.example' is not {NAME}"))
        );
        for email in [
            "Eve <eve@evil.example>",
            "a@b.example, c@d.example",
            "a@b.example>",
            "a@",
            "@b.example",
            "a\u{1b}@b.example",
        ] {
            let csv = format!("asn,email\n1,\"{email}\"\n");
            assert!(refused(csv.as_bytes()).ends_with(EMAIL), "{email}");
        }
        let mut c = Contacts::new();
        c.add(
            "c.csv",
            b"asn,email,name\n1,abuse+x@sub.big.example,\"Desk, team\"\n",
        )
        .unwrap();
        assert_eq!(c.for_asn(1).unwrap().email, "abuse+x@sub.big.example");
    }
}
