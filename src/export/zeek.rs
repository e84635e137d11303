//! A Zeek Intel framework file: one `Intel::DOMAIN` indicator per name.
//!
//! Zeek reads it with its input framework's ASCII reader: fields separated by a tab (the
//! reader's separator, which the file cannot change), the `#fields` line naming them, every
//! other line starting with `#` skipped, `-` meaning unset and `(empty)` empty. Every row
//! fills all four fields, none with `-` or `(empty)`, and no value holds a tab.

use std::io::{self, Write};

use super::{lists_phrase, Export};

/// The `#fields` line, without its line ending.
pub const FIELDS: &str = "#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc";
/// The `meta.source` of every row: Zeek keeps one entry per indicator and source.
pub const SOURCE: &str = "conficker-dga";

pub(super) fn intel(export: &Export, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{FIELDS}")?;
    for n in export.names() {
        writeln!(
            out,
            "{}\tIntel::DOMAIN\t{SOURCE}\tConficker {} domain, {}",
            n.name,
            n.variants,
            lists_phrase(n.first, n.last)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::DateRange;
    use crate::export::{collect, files, Allowlist, Format, Options, Sinkhole};
    use crate::variant::VariantSet;

    /// What Zeek's ASCII input reader (`input/readers/ascii/Ascii.cc`) would refuse or
    /// misread in an Intel file: data before `#fields`, rows whose tab-separated field count
    /// differs from it, empty fields, the reader's unset (`-`) and empty (`(empty)`) markers,
    /// carriage returns, and indicator types other than `Intel::DOMAIN`.
    pub fn intel_problems(text: &str) -> Vec<String> {
        let mut problems = Vec::new();
        let mut fields: Option<Vec<&str>> = None;
        for (number, line) in text.split_terminator('\n').enumerate() {
            let mut problem = |what: &str| problems.push(format!("line {}: {what}", number + 1));
            if line.contains('\r') {
                problem("a carriage return");
            }
            if let Some(names) = line.strip_prefix("#fields\t") {
                fields = Some(names.split('\t').collect());
                continue;
            }
            if line.starts_with('#') {
                continue;
            }
            let Some(names) = &fields else {
                problem("a row before #fields");
                continue;
            };
            let values: Vec<&str> = line.split('\t').collect();
            if values.len() != names.len() {
                problem("not one value per field");
                continue;
            }
            if values
                .iter()
                .any(|v| v.is_empty() || *v == "-" || *v == "(empty)")
            {
                problem("an empty or unset field");
            }
            if values[1] != "Intel::DOMAIN" {
                problem("not an Intel::DOMAIN indicator");
            }
        }
        if fields.as_deref() != Some(&["indicator", "indicator_type", "meta.source", "meta.desc"]) {
            problems.push(format!("the #fields line is {fields:?}"));
        }
        problems
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_file_is_what_zeeks_reader_reads() {
        let range = DateRange::parse("2009-03-31", "2009-04-01").unwrap();
        let export = collect(range, VariantSet::ALL, &Allowlist::default())
            .expect("a window within MAX_DAYS");
        let options = Options::new(Format::ZeekIntel, Sinkhole::default(), 1).unwrap();
        let text = &files(&export, &options).unwrap()[0].text;
        assert_eq!(intel_problems(text), Vec::<String>::new());
        let rows = text.lines().filter(|l| !l.starts_with('#')).count();
        assert_eq!(rows, export.len());
        assert!(text.contains("\tConficker C domain, UTC list of 2009-04-01\n"));
    }

    #[test]
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    fn the_check_finds_what_zeek_would_refuse() {
        let good = format!("# comment\n{FIELDS}\nabcd.ru\tIntel::DOMAIN\tx\tdesc\n");
        assert!(intel_problems(&good).is_empty());
        for bad in [
            good.replace("\tdesc", "\t"),
            good.replace("\tdesc", "\t-"),
            good.replace("\tdesc", " desc"),
            good.replace("Intel::DOMAIN", "Intel::ADDR"),
            good.replace(FIELDS, "#fields indicator"),
            good.replace("\n", "\r\n"),
            format!("abcd.ru\tIntel::DOMAIN\tx\tdesc\n{good}"),
        ] {
            assert!(!intel_problems(&bad).is_empty(), "{bad:?}");
        }
    }
}
