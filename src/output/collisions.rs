//! A zone search's colliding names as a table, CSV or JSON: the command line prints these
//! bytes and the page shows and downloads the same.

use std::io::{self, Write};
use std::str::FromStr;

use crate::collisions::Collisions;
use crate::error::{Field, InputError};
use crate::options::{choose, Choice};
use crate::output::{count, csv_field, File, TerminalWriter};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CollisionFormat {
    Table,
    Csv,
    Json,
}

impl CollisionFormat {
    pub const ALL: [CollisionFormat; 3] = [
        CollisionFormat::Table,
        CollisionFormat::Csv,
        CollisionFormat::Json,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            CollisionFormat::Table => "table",
            CollisionFormat::Csv => "csv",
            CollisionFormat::Json => "json",
        }
    }

    pub const fn help(self) -> &'static str {
        match self {
            CollisionFormat::Table => "A readable table",
            CollisionFormat::Csv => {
                "One row per place in the lists: domain,variant,date,index,before_first_seen,records,name_servers"
            }
            CollisionFormat::Json => "The search as one JSON object",
        }
    }

    const fn media_type(self) -> &'static str {
        match self {
            CollisionFormat::Table => "text/plain",
            CollisionFormat::Csv => "text/csv",
            CollisionFormat::Json => "application/json",
        }
    }

    const fn extension(self) -> &'static str {
        match self {
            CollisionFormat::Table => "txt",
            CollisionFormat::Csv => "csv",
            CollisionFormat::Json => "json",
        }
    }
}

impl FromStr for CollisionFormat {
    type Err = InputError;

    fn from_str(s: &str) -> Result<CollisionFormat, InputError> {
        choose(Field::Format, s)
    }
}

impl Choice for CollisionFormat {
    const ALL: &'static [CollisionFormat] = &CollisionFormat::ALL;

    fn name(self) -> &'static str {
        CollisionFormat::name(self)
    }
}

/// The search in one sentence.
pub fn summary(found: &Collisions) -> String {
    let records: u64 = found.zones.iter().map(|z| z.records).sum();
    format!(
        "{} of the worm's lists from {} to {} (variants {}) {} records of {} in {} ({})",
        count(found.collisions.len() as u64, "name", "names"),
        found.range.from(),
        found.range.to(),
        found.variants,
        if found.collisions.len() == 1 {
            "has"
        } else {
            "have"
        },
        if found.collisions.len() == 1 {
            "its own"
        } else {
            "their own"
        },
        found.zone_names(),
        count(records, "record read", "records read"),
    )
}

/// Writes the search in `format`.
pub fn write(found: &Collisions, format: CollisionFormat, out: &mut impl Write) -> io::Result<()> {
    match format {
        CollisionFormat::Table => {
            let mut terminal = TerminalWriter::new(out);
            write_table(found, &mut terminal)?;
            terminal.finish()
        }
        CollisionFormat::Csv => write_csv(found, out),
        CollisionFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, found)?;
            writeln!(out)
        }
    }
}

/// The search in `format` as a file to download.
pub fn file(found: &Collisions, format: CollisionFormat) -> File {
    let mut text = Vec::new();
    write(found, format, &mut text).expect("writing to memory does not fail");
    File {
        text: String::from_utf8(text).expect("the search is written as UTF-8"),
        file_name: format!(
            "conficker-collisions-{}_{}.{}",
            found.range.from(),
            found.range.to(),
            format.extension()
        ),
        media_type: format.media_type(),
    }
}

fn write_csv(found: &Collisions, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "domain,variant,date,index,before_first_seen,records,name_servers"
    )?;
    for c in &found.collisions {
        let tail = format!(
            "{},{}",
            csv_field(&c.records.join(" ")),
            csv_field(&c.name_servers.join(" "))
        );
        for h in &c.hits {
            writeln!(
                out,
                "{},{},{},{},{},{tail}",
                csv_field(&c.domain),
                h.variant,
                h.date,
                h.index,
                h.before_first_seen
            )?;
        }
    }
    Ok(())
}

fn write_table(found: &Collisions, out: &mut impl Write) -> io::Result<()> {
    let width = found
        .collisions
        .iter()
        .map(|c| c.domain.len())
        .max()
        .unwrap_or(6)
        .clamp(6, 40);
    writeln!(
        out,
        "{:width$}  {:7}  {:10}  {:>5}  {:10}  NAME SERVERS",
        "DOMAIN", "VARIANT", "DATE", "INDEX", "RECORDS"
    )?;
    for c in &found.collisions {
        let records = c.records.join(" ");
        let servers = c.name_servers.join(" ");
        for h in &c.hits {
            let early = if h.before_first_seen {
                " (before first seen)"
            } else {
                ""
            };
            writeln!(
                out,
                "{:width$}  {:7}  {:10}  {:>5}  {records:10}  {}{early}",
                c.domain,
                h.variant.to_string(),
                h.date.to_string(),
                h.index,
                if servers.is_empty() { "-" } else { &servers }
            )?;
        }
    }
    writeln!(out, "{}", summary(found))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collisions::CollisionSearch;
    use crate::dates::DateRange;
    use crate::variant::VariantSet;
    use chrono::NaiveDate;

    fn search(zone: &str) -> Collisions {
        let day = NaiveDate::from_ymd_opt(2024, 11, 4).unwrap();
        let mut search = CollisionSearch::new(DateRange::single(day), VariantSet::ALL).unwrap();
        search.begin("fr.zone").unwrap();
        search.push(zone.as_bytes()).unwrap();
        search.end().unwrap();
        search.collisions()
    }

    #[test]
    fn csv_has_a_row_per_place_and_formula_safe_cells() {
        // A name server's label may start with a hyphen, which a spreadsheet reads as a
        // formula; every other character a formula needs is escaped as `\DDD` in a name.
        let found = search("free.fr. NS -2+3.example.\nfree.fr. NS dns.free.fr.\n");
        let csv = file(&found, CollisionFormat::Csv).text;
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("domain,variant,date,index,before_first_seen,records,name_servers")
        );
        let row = lines.next().unwrap();
        assert!(row.starts_with("free.fr,C,2024-11-04,"), "{row}");
        assert!(
            row.ends_with(",false,NS,\"'-2\\0433.example dns.free.fr\""),
            "{row}"
        );
    }

    #[test]
    fn json_and_table_say_the_same() {
        let found = search("$ORIGIN fr.\nfree A 192.0.2.1\n");
        let json: serde_json::Value =
            serde_json::from_str(&file(&found, CollisionFormat::Json).text).unwrap();
        assert_eq!(json["collisions"][0]["domain"], "free.fr");
        assert_eq!(json["collisions"][0]["records"][0], "A");
        assert_eq!(json["variants"], serde_json::json!(["A", "B", "C"]));
        assert_eq!(json["from"], "2024-11-04");
        let table = file(&found, CollisionFormat::Table).text;
        assert!(table.contains("free.fr  C        2024-11-04"), "{table}");
        assert!(
            table.ends_with(
                "1 name of the worm's lists from 2024-11-04 to 2024-11-04 (variants A,B,C) has \
             records of its own in fr.zone (1 record read)\n"
            ),
            "{table}"
        );
    }
}
