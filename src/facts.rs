//! What a shell shows about the worm and the tool's options, gathered from where each fact
//! is defined, so that the page's About view and forms say what the library does.

use chrono::NaiveDate;
use serde::Serialize;

use crate::export::Format;
use crate::logscan::LogFormat;
use crate::options::{self, Limit};
use crate::prng::supported_dates;
use crate::variant::Variant;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Facts {
    /// A's first day: the era's first day.
    #[serde(serialize_with = "crate::serialize::date")]
    pub era_start: NaiveDate,
    #[serde(serialize_with = "crate::serialize::date")]
    pub first_date: NaiveDate,
    #[serde(serialize_with = "crate::serialize::date")]
    pub last_date: NaiveDate,
    pub variants: Vec<VariantFacts>,
    pub limits: Limits,
    /// What `export` writes, in the order a shell offers them.
    pub export_formats: Vec<ExportFormatFacts>,
    /// What `scan-log` reads, lines first, then captures and event logs.
    pub log_formats: Vec<LogFormatFacts>,
}

#[derive(Serialize)]
pub struct LogFormatFacts {
    pub name: &'static str,
    pub help: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VariantFacts {
    pub letter: char,
    pub aliases: &'static str,
    #[serde(serialize_with = "crate::serialize::date")]
    pub first_seen: NaiveDate,
    pub per_day: u32,
    /// Shortest and longest name, in letters.
    pub letters: (usize, usize),
    pub suffixes: &'static [&'static str],
    pub validation: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportFormatFacts {
    pub name: &'static str,
    pub title: &'static str,
    /// Whether a sinkhole address means something (the file answers queries).
    pub answers: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    pub slack: Limit,
    pub window: Limit,
    pub year: Limit,
    pub min_names: Limit,
    pub sid_base: Limit,
    pub utc_offset_hours: i32,
}

pub fn facts() -> Facts {
    let (first_date, last_date) = supported_dates();
    Facts {
        era_start: Variant::A.first_seen(),
        first_date,
        last_date,
        variants: Variant::ALL
            .into_iter()
            .map(|v| VariantFacts {
                letter: v.letter(),
                aliases: v.aliases(),
                first_seen: v.first_seen(),
                per_day: v.domains_per_day(),
                letters: v.length_range(),
                suffixes: v.suffixes(),
                validation: v.validation(),
            })
            .collect(),
        limits: Limits {
            slack: options::SLACK,
            window: options::WINDOW,
            year: options::YEAR,
            min_names: options::MIN_NAMES,
            sid_base: options::SID_BASE,
            utc_offset_hours: options::UTC_OFFSET_HOURS,
        },
        export_formats: Format::ALL
            .into_iter()
            .map(|f| ExportFormatFacts {
                name: f.name(),
                title: f.title(),
                answers: f.answers(),
            })
            .collect(),
        log_formats: LogFormat::EVERY
            .into_iter()
            .map(|f| LogFormatFacts {
                name: f.name(),
                help: f.help(),
            })
            .collect(),
    }
}
