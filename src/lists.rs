//! The worm's lists for a range of days, as text, CSV or JSON, with each day's MD5.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;

use crate::collisions::Collisions;
use crate::dates::DateRange;
use crate::domain::MAX_DOMAIN_LEN;
use crate::error::{Field, InputError};
use crate::generator::DayDomains;
use crate::options::{choose, Choice};
use crate::variant::{Variant, VariantSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    /// One name per line, in generation order
    Text,
    /// date,variant,index,domain (and day_md5 with digests)
    Csv,
    /// One object per (date, variant): date, variant, md5, domains [{index, domain}]
    Json,
}

impl ListFormat {
    pub const ALL: [ListFormat; 3] = [ListFormat::Text, ListFormat::Csv, ListFormat::Json];

    pub const fn name(self) -> &'static str {
        match self {
            ListFormat::Text => "text",
            ListFormat::Csv => "csv",
            ListFormat::Json => "json",
        }
    }

    /// What the format holds, for a shell's help.
    pub const fn help(self) -> &'static str {
        match self {
            ListFormat::Text => "One name per line, in generation order",
            ListFormat::Csv => "date,variant,index,domain (and day_md5 with digests)",
            ListFormat::Json => {
                "One object per (date, variant): date, variant, md5, domains [{index, domain}]"
            }
        }
    }

    pub const fn extension(self) -> &'static str {
        match self {
            ListFormat::Text => "txt",
            ListFormat::Csv => "csv",
            ListFormat::Json => "json",
        }
    }

    pub const fn media_type(self) -> &'static str {
        match self {
            ListFormat::Text => "text/plain",
            ListFormat::Csv => "text/csv",
            ListFormat::Json => "application/json",
        }
    }

    /// What starts the file.
    pub const fn header(self, digest: bool) -> &'static str {
        match self {
            ListFormat::Csv if digest => "date,variant,index,domain,day_md5\n",
            ListFormat::Csv => "date,variant,index,domain\n",
            ListFormat::Json => "[",
            ListFormat::Text => "",
        }
    }

    /// What starts the file of lists whose names are marked as registered or not
    /// ([`mark_registered`]): CSV has a `registered` column.
    pub fn marked_header(self, digest: bool) -> String {
        match self {
            ListFormat::Csv => format!("{},registered\n", self.header(digest).trim_end()),
            _ => self.header(digest).to_string(),
        }
    }

    /// What stands between two days' texts.
    pub const fn separator(self) -> &'static str {
        match self {
            ListFormat::Json => ",",
            _ => "",
        }
    }

    /// What ends the file.
    pub const fn footer(self) -> &'static str {
        match self {
            ListFormat::Json => "\n]\n",
            _ => "",
        }
    }

    /// One day's text: the file is the header, the days' texts joined by the separator, and
    /// the footer, so that days made apart (in the page's workers) join into the same bytes.
    pub fn day_text(self, day: &DayList, digest: bool) -> String {
        let date = day.date.format("%Y-%m-%d");
        let mut out = String::new();
        // Writing to a String cannot fail.
        match self {
            ListFormat::Text => {
                if digest {
                    let _ = writeln!(out, "# {} {} md5 {}", day.variant, date, day.md5);
                }
                for d in &day.domains {
                    out.push_str(&d.domain);
                    if d.registered {
                        out.push_str(REGISTERED_MARK);
                    }
                    out.push('\n');
                }
            }
            ListFormat::Csv => {
                for d in &day.domains {
                    let _ = write!(out, "{date},{},{},{}", day.variant, d.index, d.domain);
                    if digest {
                        let _ = write!(out, ",{}", day.md5);
                    }
                    if day.marked {
                        let _ = write!(out, ",{}", d.registered);
                    }
                    out.push('\n');
                }
            }
            ListFormat::Json => {
                out.push('\n');
                out.push_str(&serde_json::to_string(day).expect("a day list serialises"));
            }
        }
        out
    }

    /// The usual file name of the lists of `variants` from `range`.
    pub fn file_name(self, variants: VariantSet, range: DateRange) -> String {
        let letters: String = variants.iter().map(|v| v.letter()).collect();
        let dates = if range.days() == 1 {
            range.from().to_string()
        } else {
            format!("{}_{}", range.from(), range.to())
        };
        format!("conficker-{letters}-{dates}.{}", self.extension())
    }
}

impl FromStr for ListFormat {
    type Err = InputError;

    fn from_str(s: &str) -> Result<ListFormat, InputError> {
        choose(Field::Format, s)
    }
}

impl Choice for ListFormat {
    const ALL: &'static [ListFormat] = &ListFormat::ALL;

    fn name(self) -> &'static str {
        ListFormat::name(self)
    }
}

/// Names of one (variant, date) that passed the suffix filter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayList {
    #[serde(serialize_with = "crate::serialize::date")]
    pub date: NaiveDate,
    #[serde(serialize_with = "crate::serialize::variant")]
    pub variant: Variant,
    /// MD5 of the whole day's list as text (one name per line, each ending in a newline),
    /// so it equals `md5sum` of the worm's list whatever the filter.
    pub md5: String,
    pub domains: Vec<IndexedDomain>,
    /// Whether the names were looked up in zone files ([`mark_registered`]).
    #[serde(skip)]
    pub marked: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IndexedDomain {
    pub index: u32,
    pub domain: String,
    /// The name has records of its own in the zone files searched: a real site.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub registered: bool,
}

/// How a text list marks a registered name: a comment after it, so that the name still
/// reads as a name.
pub const REGISTERED_MARK: &str = " # registered";

/// Marks the day's names that collide with registered domains in the zones searched.
pub fn mark_registered(day: &mut DayList, collisions: &Collisions) {
    day.marked = true;
    for d in &mut day.domains {
        d.registered = collisions.contains(&d.domain);
    }
}

/// Which suffixes to keep, per variant; empty keeps all.
#[derive(Clone, Debug, Default)]
pub struct SuffixFilter {
    per_variant: [Vec<usize>; 3],
    any: bool,
}

impl SuffixFilter {
    /// Suffixes separated by commas or spaces, as a form field holds them.
    pub fn parse(text: &str, variants: VariantSet) -> Result<Self, InputError> {
        let wanted: Vec<&str> = text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .collect();
        SuffixFilter::new(&wanted, variants)
    }

    /// `suffixes` such as `cl`, `.co.uk`; each must belong to one of `variants`.
    pub fn new<S: AsRef<str>>(suffixes: &[S], variants: VariantSet) -> Result<Self, InputError> {
        let mut filter = SuffixFilter::default();
        for suffix in suffixes {
            let wanted = suffix
                .as_ref()
                .trim()
                .trim_start_matches('.')
                .to_ascii_lowercase();
            let mut used = false;
            for v in Variant::ALL {
                if let Some(i) = v.suffixes().iter().position(|s| *s == wanted) {
                    if variants.contains(v) {
                        filter.per_variant[v.index()].push(i);
                        used = true;
                    }
                }
            }
            if !used {
                let users: VariantSet = Variant::ALL
                    .into_iter()
                    .filter(|v| v.suffixes().contains(&wanted.as_str()))
                    .collect();
                return Err(if users.is_empty() {
                    InputError::SuffixOfNoVariant { value: wanted }
                } else {
                    InputError::SuffixOfOtherVariants {
                        value: wanted,
                        users: users.to_string(),
                        asked: variants.to_string(),
                    }
                });
            }
            filter.any = true;
        }
        Ok(filter)
    }

    fn keeps(&self, variant: Variant, suffix_index: usize) -> bool {
        !self.any || self.per_variant[variant.index()].contains(&suffix_index)
    }

    /// With a filter, variants none of whose suffixes are kept are skipped.
    pub fn wants(&self, variant: Variant) -> bool {
        !self.any || !self.per_variant[variant.index()].is_empty()
    }
}

/// One (variant, date) list, filtered, with the digest of the whole day.
pub fn day_list(variant: Variant, date: NaiveDate, filter: &SuffixFilter) -> DayList {
    let mut context = md5::Context::new();
    let mut domains = Vec::new();
    let mut line = String::with_capacity(MAX_DOMAIN_LEN + 1);
    for (index, domain) in DayDomains::new(variant, date).enumerate() {
        line.clear();
        domain.write(variant, &mut line);
        if filter.keeps(variant, domain.suffix_index()) {
            domains.push(IndexedDomain {
                index: index as u32,
                domain: line.clone(),
                registered: false,
            });
        }
        line.push('\n');
        context.consume(line.as_bytes());
    }
    DayList {
        date,
        variant,
        md5: format!("{:x}", context.finalize()),
        domains,
        marked: false,
    }
}

/// Every (date, variant) list of the range, date by date, handed to `each` as it is made,
/// so that a year of C streams instead of filling memory.
pub fn for_each_day_list(
    range: DateRange,
    variants: VariantSet,
    filter: &SuffixFilter,
    mut each: impl FnMut(DayList) -> io::Result<()>,
) -> io::Result<()> {
    for date in range.iter() {
        for variant in variants.iter().filter(|v| filter.wants(*v)) {
            each(day_list(variant, date, filter))?;
        }
    }
    Ok(())
}

/// Writes lists in one format; `digest` adds each day's MD5 (JSON always has it).
pub struct ListWriter<W: Write> {
    out: W,
    format: ListFormat,
    digest: bool,
    days_written: usize,
}

impl<W: Write> ListWriter<W> {
    /// `marked`: the days' names are marked as registered or not ([`mark_registered`]).
    pub fn new(mut out: W, format: ListFormat, digest: bool, marked: bool) -> io::Result<Self> {
        let header = match marked {
            true => format.marked_header(digest),
            false => format.header(digest).to_string(),
        };
        out.write_all(header.as_bytes())?;
        Ok(ListWriter {
            out,
            format,
            digest,
            days_written: 0,
        })
    }

    pub fn write_day(&mut self, day: &DayList) -> io::Result<()> {
        if self.days_written > 0 {
            self.out.write_all(self.format.separator().as_bytes())?;
        }
        self.out
            .write_all(self.format.day_text(day, self.digest).as_bytes())?;
        self.days_written += 1;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(self.format.footer().as_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_date;

    fn b_jan_19() -> DayList {
        day_list(
            Variant::B,
            parse_date(Field::Date, "2020-01-19").unwrap(),
            &SuffixFilter::default(),
        )
    }

    #[test]
    fn digest_is_md5sum_of_the_list_file() {
        let text = include_str!("../tests/data/B-2020-01-19.txt");
        assert_eq!(b_jan_19().md5, format!("{:x}", md5::compute(text)));
    }

    #[test]
    fn filter_keeps_only_the_asked_suffixes_with_their_indexes() {
        let filter = SuffixFilter::new(&["cn", ".ws"], VariantSet::ALL).unwrap();
        let day = day_list(
            Variant::B,
            parse_date(Field::Date, "2020-01-19").unwrap(),
            &filter,
        );
        let all = b_jan_19();
        let expected: Vec<_> = all
            .domains
            .iter()
            .filter(|d| d.domain.ends_with(".cn") || d.domain.ends_with(".ws"))
            .cloned()
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(day.domains, expected);
        assert_eq!(day.md5, all.md5);
        assert!(!filter.wants(Variant::A));
    }

    #[test]
    fn filter_refuses_suffixes_no_chosen_variant_uses() {
        assert_eq!(
            SuffixFilter::new(&["de"], VariantSet::ALL)
                .unwrap_err()
                .to_string(),
            "suffix .de is used by no variant"
        );
        assert_eq!(
            SuffixFilter::parse(" .cl", VariantSet::EMPTY.with(Variant::A))
                .unwrap_err()
                .to_string(),
            "suffix .cl is used only by C, which is not among the variants A"
        );
    }

    #[test]
    fn formats_write_what_they_promise() {
        let day = b_jan_19();
        let write = |format, digest| {
            let mut w = ListWriter::new(Vec::new(), format, digest, false).unwrap();
            w.write_day(&day).unwrap();
            String::from_utf8(w.finish().unwrap()).unwrap()
        };
        assert_eq!(
            write(ListFormat::Text, false),
            include_str!("../tests/data/B-2020-01-19.txt")
        );
        let csv = write(ListFormat::Csv, true);
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("date,variant,index,domain,day_md5"));
        assert_eq!(
            lines.next().unwrap(),
            format!("2020-01-19,B,0,{},{}", day.domains[0].domain, day.md5)
        );
        let json: serde_json::Value =
            serde_json::from_str(&write(ListFormat::Json, false)).unwrap();
        assert_eq!(json[0]["variant"], "B");
        assert_eq!(json[0]["date"], "2020-01-19");
        assert_eq!(json[0]["domains"][249]["index"], 249);
    }
}
