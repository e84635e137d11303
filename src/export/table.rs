//! A lookup table for a SIEM (Splunk, Elasticsearch, Microsoft Sentinel) and for joins in
//! a data lake: `domain,variant,date,index`, a row per name and UTC date of the window.
//!
//! The rows are the lists `scan-log` matches a query against: each variant's lists from
//! the day it was first seen (no host ever queried an earlier one), the first index of a
//! name that a list holds twice, and no allowlisted name. Sorted by name, date and variant;
//! a name in two variants' lists of one day has a row for each, since each has its own
//! index. No comment line: the readers take every line after the header as a row.

use std::io::{self, Write};

use chrono::Days;

use crate::variant::Variant;

use super::{Export, KeptOut, Name};

/// The first line.
pub const HEADER: &str = "domain,variant,date,index";

/// One name in one list of the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    pub name: Name,
    pub variant: Variant,
    /// Days after the window's first date.
    pub day: u32,
    /// Where the list of that date and variant holds the name, from 0.
    pub index: u32,
}

/// The rows of the table, sorted, generated a part of the window at a time.
pub fn rows(export: &Export) -> impl Iterator<Item = Row> + '_ {
    let mut last: Option<(Name, u16, Variant)> = None;
    let mut kept_out = KeptOut::new(&export.kept_out);
    export.parts.walk().filter_map(move |d| {
        let (name, day, variant) = (export.parts.name(&d), d.day(), d.variant());
        if export.range.from() + Days::new(day.into()) < variant.first_seen() {
            return None;
        }
        // Of a name repeated in one list, the first index stays: the walk sorts indexes.
        if last.replace((name, day, variant)) == Some((name, day, variant)) {
            return None;
        }
        (!kept_out.holds(name.as_str())).then_some(Row {
            name,
            variant,
            day: day.into(),
            index: d.index().into(),
        })
    })
}

pub(super) fn table(export: &Export, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{HEADER}")?;
    for row in rows(export) {
        writeln!(
            out,
            "{},{},{},{}",
            row.name,
            row.variant,
            export.range.from() + Days::new(row.day.into()),
            row.index
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::DateRange;
    use crate::export::{collect, Allowlist};
    use crate::generator::day_list;
    use crate::variant::VariantSet;

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn a_row_per_name_and_list_from_each_variants_first_day_sorted() {
        // C's first day is 2009-04-01: the table has no C row for 2009-03-31.
        let range = DateRange::parse("2009-03-31", "2009-04-02").unwrap();
        let allowed = day_list(Variant::C, range.to())[5].clone();
        let export = collect(range, VariantSet::ALL, &Allowlist::parse(&allowed))
            .expect("a window within MAX_DAYS");
        let mut expected: Vec<(String, String, char, usize)> = Vec::new();
        for date in range.iter() {
            for variant in Variant::ALL {
                if date < variant.first_seen() {
                    continue;
                }
                let mut seen = std::collections::HashSet::new();
                for (index, name) in day_list(variant, date).into_iter().enumerate() {
                    if seen.insert(name.clone()) && name != allowed {
                        expected.push((name, date.to_string(), variant.letter(), index));
                    }
                }
            }
        }
        expected.sort();
        let mut text = Vec::new();
        table(&export, &mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(HEADER));
        let got: Vec<String> = lines.map(str::to_string).collect();
        let expected: Vec<String> = expected
            .iter()
            .map(|(n, d, v, i)| format!("{n},{v},{d},{i}"))
            .collect();
        assert_eq!(got.len(), expected.len());
        assert!(got == expected, "rows differ from the lists");
        assert!(!got.iter().any(|r| r.contains(",C,2009-03-31,")));
        assert!(got.iter().any(|r| r.contains(",C,2009-04-01,")));
        assert!(!text.contains(&allowed));
        // C repeats names within a day: one row each, with the first index.
        let c_rows = got.iter().filter(|r| r.contains(",C,2009-04-01,")).count();
        assert!(c_rows < 50_000, "{c_rows}");
    }
}
