//! A check's answers as a table, CSV or JSON, and as the rows of the page's table (with what
//! each means: `meaning`).

use std::io::{self, Write};
use std::str::FromStr;

use serde::Serialize;

use crate::checker::{CheckRun, CheckState, Hit, LineResult, Verdict};
use crate::dates::DateRange;
use crate::error::{Field, InputError};
use crate::options::{choose, Choice};
use crate::output::meaning::{self, Lookups};
use crate::output::plain::{plain, Plain};
use crate::output::{count, csv_field, terminal_safe, File, TerminalWriter};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckFormat {
    Table,
    Csv,
    Json,
}

impl CheckFormat {
    pub const ALL: [CheckFormat; 3] = [CheckFormat::Table, CheckFormat::Csv, CheckFormat::Json];

    pub const fn name(self) -> &'static str {
        match self {
            CheckFormat::Table => "table",
            CheckFormat::Csv => "csv",
            CheckFormat::Json => "json",
        }
    }

    pub const fn help(self) -> &'static str {
        match self {
            CheckFormat::Table => "A readable table",
            CheckFormat::Csv => {
                "One row per hit (or per line without one): input,name,verdict,variant,date,index,before_first_seen,reason,note"
            }
            CheckFormat::Json => "The whole check as one JSON object",
        }
    }

    const fn media_type(self) -> &'static str {
        match self {
            CheckFormat::Table => "text/plain",
            CheckFormat::Csv => "text/csv",
            CheckFormat::Json => "application/json",
        }
    }

    const fn extension(self) -> &'static str {
        match self {
            CheckFormat::Table => "txt",
            CheckFormat::Csv => "csv",
            CheckFormat::Json => "json",
        }
    }
}

impl FromStr for CheckFormat {
    type Err = InputError;

    fn from_str(s: &str) -> Result<CheckFormat, InputError> {
        choose(Field::Format, s)
    }
}

impl Choice for CheckFormat {
    const ALL: &'static [CheckFormat] = &CheckFormat::ALL;

    fn name(self) -> &'static str {
        CheckFormat::name(self)
    }
}

/// Writes the check in `format`.
pub fn write(run: &CheckRun, format: CheckFormat, out: &mut impl Write) -> io::Result<()> {
    match format {
        CheckFormat::Table => {
            let mut terminal = TerminalWriter::new(out);
            write_table(run, &mut terminal)?;
            terminal.finish()
        }
        CheckFormat::Csv => write_csv(run, out),
        CheckFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, run)?;
            writeln!(out)
        }
    }
}

/// The check in `format` as a file to download.
pub fn file(run: &CheckRun, format: CheckFormat) -> File {
    let mut text = Vec::new();
    write(run, format, &mut text).expect("writing to memory does not fail");
    let range = run.range();
    File {
        text: String::from_utf8(text).expect("the check is written as UTF-8"),
        file_name: format!(
            "conficker-check-{}_{}.{}",
            range.from(),
            range.to(),
            format.extension()
        ),
        media_type: format.media_type(),
    }
}

/// One row of the table: a hit, or a line without one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub input: String,
    /// How the checked name was derived from the input, or "".
    pub note: String,
    pub verdict: String,
    /// `hit`, `miss` or `impossible`.
    pub kind: &'static str,
    pub variant: String,
    pub date: String,
    /// Whether the date lies before the variant was first seen, or "".
    pub date_note: String,
    pub index: String,
    /// The verdict in plain words, with what it means for the site (`plain::plain`); on a
    /// line's first row only.
    pub plain: Option<Plain>,
    /// A hit's meaning in one sentence (`meaning::meaning`), or "".
    pub meaning: String,
    /// A hit's days of lookups, to search logs for and to block.
    pub lookups: Option<Lookups>,
    /// For a name that could be generated but was not found: the whole era to check instead.
    pub wider: Option<DateRange>,
}

/// The first `limit` rows, and how many there are in all; `era` (the whole era as of today) is
/// offered to lines that could be generated but were not found, once the check has stopped,
/// unless it covered the era.
pub fn rows(run: &CheckRun, limit: usize, era: Option<DateRange>) -> (usize, Vec<Row>) {
    let era = era.filter(|_| run.state() != CheckState::Running);
    let mut total = 0;
    let mut rows = Vec::new();
    for line in run.lines() {
        for (i, hit) in hits_or_none(&line).into_iter().enumerate() {
            total += 1;
            if rows.len() < limit {
                let mut row = row(&line, hit, run.state());
                row.wider = era.and_then(|era| meaning::wider(&line, run.range(), era));
                row.plain =
                    (i == 0).then(|| plain(&line, run.variants(), run.range(), era, run.state()));
                rows.push(row);
            }
        }
    }
    (total, rows)
}

/// Each hit of the line, or `None` once for a line without any.
fn hits_or_none<'a>(line: &LineResult<'a>) -> Vec<Option<&'a Hit>> {
    if line.hits.is_empty() {
        vec![None]
    } else {
        line.hits.iter().map(Some).collect()
    }
}

fn row(line: &LineResult<'_>, hit: Option<&Hit>, state: CheckState) -> Row {
    let kind = match line.verdict {
        Verdict::Hit => "hit",
        Verdict::Impossible => "impossible",
        Verdict::NotGenerated | Verdict::NotFound => "miss",
    };
    Row {
        input: line.input.to_string(),
        note: line.note.unwrap_or("").to_string(),
        verdict: line.verdict.words(line.reason, state),
        kind,
        variant: hit.map_or(String::new(), |h| h.variant.to_string()),
        date: hit.map_or(String::new(), |h| h.date.to_string()),
        date_note: match hit {
            Some(h) if h.before_first_seen => format!(
                "before {} was first seen ({})",
                h.variant,
                h.variant.first_seen()
            ),
            _ => String::new(),
        },
        index: hit.map_or(String::new(), |h| h.index.to_string()),
        meaning: hit.map_or(String::new(), |h| {
            meaning::meaning(line.name.unwrap_or(line.input), h)
        }),
        lookups: hit.and_then(meaning::lookups),
        wider: None,
        plain: None,
    }
}

/// The counts and the coverage of the check, in one sentence.
pub fn summary(run: &CheckRun) -> String {
    let (hits, misses, impossible) = run.counts();
    let range = run.range();
    let (missed, coverage) = match run.state() {
        CheckState::Done => (
            "not generated in the range",
            format!("{} of {} days checked", run.days_done(), run.days_total()),
        ),
        CheckState::Running => (
            "not found so far",
            format!(
                "{} of {} days checked so far",
                run.days_done(),
                run.days_total()
            ),
        ),
        CheckState::Cancelled => (
            "not found in the days checked",
            format!(
                "stopped after {} of {} days",
                run.days_done(),
                run.days_total()
            ),
        ),
    };
    format!(
        "{}: {}, {misses} {missed}, {impossible} impossible; {coverage} from {} to {} (variants {})",
        count(run.line_count() as u64, "line", "lines"),
        count(hits as u64, "Conficker name", "Conficker names"),
        range.from(),
        range.to(),
        run.variants()
    )
}

/// Line `line`'s answer in one sentence, for a verdict shown on its own (the page's custom
/// element).
pub fn sentence(run: &CheckRun, line: usize) -> String {
    let r = run.line(line);
    let name = r.name.unwrap_or(r.input);
    let range = run.range();
    match r.verdict {
        Verdict::Hit => {
            let places: Vec<String> = r
                .hits
                .iter()
                .map(|h| {
                    let early = if h.before_first_seen {
                        " (before first seen)"
                    } else {
                        ""
                    };
                    format!("{} #{} on {}{early}", h.variant, h.index, h.date)
                })
                .collect();
            format!("{name} is a Conficker name: {}", places.join(", "))
        }
        Verdict::NotGenerated => format!(
            "{name} is not generated from {} to {}",
            range.from(),
            range.to()
        ),
        Verdict::NotFound => format!(
            "{name} was not found in the {} days checked",
            run.days_done()
        ),
        Verdict::Impossible => format!(
            "{name} cannot be a Conficker name: {}",
            r.reason.unwrap_or("")
        ),
    }
}

fn write_table(run: &CheckRun, out: &mut impl Write) -> io::Result<()> {
    // Measured escaped, as the terminal shows an input's control characters.
    let width = run
        .lines()
        .map(|r| terminal_safe(r.input).chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 40);
    writeln!(
        out,
        "{:width$}  {:7}  {:10}  {:>5}  VERDICT",
        "INPUT", "VARIANT", "DATE", "INDEX"
    )?;
    let dash = |s: String| if s.is_empty() { "-".to_string() } else { s };
    for line in run.lines() {
        for hit in hits_or_none(&line) {
            let row = row(&line, hit, run.state());
            let mut verdict = row.verdict;
            if !row.note.is_empty() {
                verdict.push_str(&format!(" ({})", row.note));
            }
            if !row.date_note.is_empty() {
                verdict.push_str(&format!(", {}", row.date_note));
            }
            writeln!(
                out,
                "{:width$}  {:7}  {:10}  {:>5}  {verdict}",
                terminal_safe(&row.input),
                dash(row.variant),
                dash(row.date),
                dash(row.index)
            )?;
        }
    }
    writeln!(out, "{}", summary(run))
}

fn write_csv(run: &CheckRun, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "input,name,verdict,variant,date,index,before_first_seen,reason,note"
    )?;
    for line in run.lines() {
        let head = format!(
            "{},{},{}",
            csv_field(line.input),
            csv_field(line.name.unwrap_or("")),
            line.verdict.token()
        );
        let tail = format!(
            "{},{}",
            csv_field(line.reason.unwrap_or("")),
            csv_field(line.note.unwrap_or(""))
        );
        for hit in hits_or_none(&line) {
            match hit {
                Some(h) => writeln!(
                    out,
                    "{head},{},{},{},{},{tail}",
                    h.variant, h.date, h.index, h.before_first_seen
                )?,
                None => writeln!(out, "{head},,,,,{tail}")?,
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checker::Unmonitored;
    use crate::variant::VariantSet;

    fn march_2009() -> CheckRun {
        let mut run = CheckRun::new(
            [
                "jogli.com",
                "hxxp://www.praat[.]org/index.php",
                "abcdefg.com",
                "example.de",
            ],
            VariantSet::ALL,
            DateRange::parse("2009-03-01", "2009-03-31").unwrap(),
        );
        run.run(&mut Unmonitored);
        run
    }

    fn text(run: &CheckRun, format: CheckFormat) -> String {
        file(run, format).text
    }

    #[test]
    fn csv_has_a_row_per_hit_and_per_line_without_one() {
        assert_eq!(
            text(&march_2009(), CheckFormat::Csv),
            "input,name,verdict,variant,date,index,before_first_seen,reason,note\n\
             jogli.com,jogli.com,hit,B,2009-03-08,100,false,,\n\
             hxxp://www.praat[.]org/index.php,praat.org,hit,B,2009-03-31,159,false,,\"www.praat.org is checked as praat.org, the name it lies below\"\n\
             abcdefg.com,abcdefg.com,not_generated,,,,,,\n\
             example.de,example.de,impossible,,,,,suffix .de is used by no variant,\n"
        );
    }

    #[test]
    fn json_carries_the_range_the_state_and_each_line() {
        let json: serde_json::Value =
            serde_json::from_str(&text(&march_2009(), CheckFormat::Json)).unwrap();
        assert_eq!(json["variants"], serde_json::json!(["A", "B", "C"]));
        assert_eq!(
            (json["from"].as_str(), json["daysDone"].as_u64()),
            (Some("2009-03-01"), Some(31))
        );
        assert_eq!(json["results"][0]["verdict"], "hit");
        assert_eq!(
            json["results"][0]["hits"],
            serde_json::json!([{"date": "2009-03-08", "variant": "B", "index": 100, "beforeFirstSeen": false}])
        );
        assert_eq!(
            json["results"][3]["reason"],
            "suffix .de is used by no variant"
        );
    }

    #[test]
    fn a_possible_name_not_generated_is_offered_the_era_unless_it_was_checked() {
        let run = march_2009();
        let era = DateRange::era("2026-12-04".parse().unwrap());
        let (_, shown) = rows(&run, 10, Some(era));
        let wider: Vec<_> = shown.iter().map(|r| r.wider).collect();
        assert_eq!(wider, [None, None, Some(era), None]);
        let lookups = shown[0].lookups.unwrap();
        assert_eq!(
            (
                lookups.range.from().to_string(),
                lookups.range.to().to_string()
            ),
            ("2009-03-06".into(), "2009-03-10".into())
        );
        assert_eq!((shown[2].meaning.as_str(), shown[2].lookups), ("", None));

        // Nothing while a check runs; after a cancelled one, the era unless it was the range.
        let mut month = CheckRun::new(["abcdefg.com"], VariantSet::ALL, run.range());
        assert_eq!(rows(&month, 10, Some(era)).1[0].wider, None);
        month.finish(true);
        assert_eq!(rows(&month, 10, Some(era)).1[0].wider, Some(era));
        let mut whole = CheckRun::new(["abcdefg.com"], VariantSet::ALL, era);
        whole.finish(true);
        assert_eq!(rows(&whole, 10, Some(era)).1[0].wider, None);
    }

    #[test]
    fn table_rows_and_summary_say_the_same_in_words() {
        let run = march_2009();
        let table = text(&run, CheckFormat::Table);
        assert!(
            table.contains(
                "jogli.com                         B        2009-03-08    100  Conficker name\n"
            ),
            "{table}"
        );
        assert!(table.ends_with(
            "4 lines: 2 Conficker names, 1 not generated in the range, 1 impossible; 31 of 31 days checked from 2009-03-01 to 2009-03-31 (variants A,B,C)\n"
        ));
        let (total, rows) = rows(&run, 2, None);
        assert_eq!((total, rows.len()), (4, 2));
        assert_eq!(
            rows[1].note,
            "www.praat.org is checked as praat.org, the name it lies below"
        );
        assert_eq!((rows[1].kind, rows[1].index.as_str()), ("hit", "159"));
        assert!(rows[1]
            .meaning
            .starts_with("Hosts infected with B look up praat.org on 2009-03-31 (UTC)"));
        assert_eq!(
            sentence(&run, 0),
            "jogli.com is a Conficker name: B #100 on 2009-03-08"
        );
        assert_eq!(
            sentence(&run, 3),
            "example.de cannot be a Conficker name: suffix .de is used by no variant"
        );
    }

    /// An input's control characters are shown escaped (`\x1b`), and the columns after it
    /// line up with the other rows' all the same.
    #[test]
    fn the_table_lines_up_inputs_with_escaped_control_characters() {
        let mut run = CheckRun::new(
            ["jogli.com", "a\x1b\x07.com"],
            VariantSet::ALL,
            DateRange::parse("2009-03-08", "2009-03-08").unwrap(),
        );
        run.run(&mut Unmonitored);
        let table = text(&run, CheckFormat::Table);
        let rows: Vec<&str> = table.lines().take(3).collect();
        assert!(rows[0].starts_with("INPUT          VARIANT "), "{table}");
        assert!(rows[1].starts_with("jogli.com      B "), "{table}");
        assert!(rows[2].starts_with("a\\x1b\\x07.com  -  "), "{table}");
    }
}
