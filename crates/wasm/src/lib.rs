//! The JavaScript face of the library (`wasm-pack build --target web`): a thin layer that
//! converts arguments, turns the library's errors into JavaScript `Error`s and its results
//! into plain objects.

use js_sys::{Array, Function, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::checker::{Checker, Hit, Monitor};
use crate::dates::{parse_date, DateRange};
use crate::export::{self, Allowlist, Sinkhole, DEFAULT_SID_BASE};
use crate::input::parse_name;
use crate::lists::{self, SuffixFilter};
use crate::logscan::{self, LogFormat, ScanOptions};
use crate::variant::{Variant, VariantSet};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Makes a Rust panic throw a JavaScript `Error` carrying the panic's message (and log it),
/// instead of the bare "unreachable" trap that would leave the caller guessing.
#[wasm_bindgen(start)]
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!("conficker-dga panicked: {info}");
        console_error(&message);
        wasm_bindgen::throw_str(&message);
    }));
}

/// The names of one variant on one UTC date (`YYYY-MM-DD`), in generation order.
#[wasm_bindgen]
pub fn generate(variant: &str, date: &str) -> Result<Vec<String>, JsError> {
    let variant = parse_variant(variant)?;
    let date = parse_date(date).map_err(error)?;
    Ok(crate::generator::day_list(variant, date))
}

/// One day's list as `{ date, variant, md5, domains: [{ index, domain }] }`, keeping only
/// `suffixes` (comma- or space-separated, empty keeps all); `md5` is of the whole list.
#[wasm_bindgen(js_name = dayList)]
pub fn day_list(variant: &str, date: &str, suffixes: &str) -> Result<JsValue, JsError> {
    let variant = parse_variant(variant)?;
    let date = parse_date(date).map_err(error)?;
    let wanted: Vec<&str> = suffixes
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    let filter = SuffixFilter::new(&wanted, VariantSet::EMPTY.with(variant)).map_err(error)?;
    to_js(&lists::day_list(variant, date, &filter))
}

/// The number of days from `from` to `to`, inclusive, or an `Error` naming what is wrong
/// with either date.
#[wasm_bindgen(js_name = rangeDays)]
pub fn range_days(from: &str, to: &str) -> Result<f64, JsError> {
    Ok(DateRange::parse(from, to).map_err(error)?.days() as f64)
}

/// Checks `names` (an array of lines, or one string of lines) over the UTC dates `from` to
/// `to`, inclusive. `options`: `variants` ("A,B" or ["A", "B"], default all),
/// `onProgress(daysDone, daysTotal)`, and `signal` (an `AbortSignal`, read after every day).
/// Returns one result per line; the array also carries `daysDone`, `daysTotal` and
/// `cancelled`, so that a cancelled check says how much of the range it covered.
#[wasm_bindgen]
pub fn check(
    names: JsValue,
    from: &str,
    to: &str,
    options: Option<Object>,
) -> Result<JsValue, JsError> {
    let lines = lines_of(&names)?;
    let range = DateRange::parse(from, to).map_err(error)?;
    let options = options.unwrap_or_default();
    let variants = variants_of(&get(&options, "variants")?)?;
    let on_progress = match get(&options, "onProgress")? {
        v if v.is_undefined() || v.is_null() => None,
        v => Some(
            v.dyn_into::<Function>()
                .map_err(|_| JsError::new("options.onProgress must be a function"))?,
        ),
    };
    let signal = get(&options, "signal")?;
    let mut monitor = JsMonitor {
        on_progress,
        signal,
        failure: None,
    };
    let report = Checker::new(lines.iter().map(String::as_str), variants).run(range, &mut monitor);
    if let Some(failure) = monitor.failure {
        return Err(failure);
    }
    let results = to_js(&report.results)?;
    for (key, value) in [
        ("daysDone", JsValue::from(report.days_done as f64)),
        ("daysTotal", JsValue::from(report.days_total as f64)),
        ("cancelled", JsValue::from(report.cancelled)),
    ] {
        Reflect::set(&results, &key.into(), &value).map_err(js_error)?;
    }
    Ok(results)
}

/// What each line is checked as and whether any asked variant could have generated it,
/// without generating anything: `check`'s results with empty `hits`.
#[wasm_bindgen]
pub fn verdicts(names: JsValue, variants: JsValue) -> Result<JsValue, JsError> {
    let variants = variants_of(&variants)?;
    let results: Vec<crate::checker::CheckResult> = lines_of(&names)?
        .iter()
        .map(|line| {
            let p = parse_name(line, variants);
            crate::checker::CheckResult {
                possible: p.possible(),
                input: p.input,
                name: p.name,
                reason: p.reason,
                note: p.note,
                hits: Vec::new(),
            }
        })
        .collect();
    to_js(&results)
}

/// The asked names parsed once, then scanned a slice of the range at a time: the page's
/// workers use it to report hits as they go and to split the range between them.
#[wasm_bindgen]
pub struct Scanner {
    checker: Checker,
}

#[derive(Serialize)]
struct LineHit<'a> {
    line: u32,
    #[serde(flatten)]
    hit: &'a Hit,
}

#[wasm_bindgen]
impl Scanner {
    #[wasm_bindgen(constructor)]
    pub fn new(names: JsValue, variants: JsValue) -> Result<Scanner, JsError> {
        let lines = lines_of(&names)?;
        let variants = variants_of(&variants)?;
        Ok(Scanner {
            checker: Checker::new(lines.iter().map(String::as_str), variants),
        })
    }

    /// Every hit from `from` to `to` as `{ line, date, variant, index, beforeFirstSeen }`,
    /// one object per input line that asked for the name.
    pub fn scan(&self, from: &str, to: &str) -> Result<JsValue, JsError> {
        let range = DateRange::parse(from, to).map_err(error)?;
        let mut found = Vec::new();
        for date in range.iter() {
            self.checker.scan_day(date, &mut found);
        }
        let hits: Vec<LineHit> = found
            .iter()
            .flat_map(|(target, hit)| {
                self.checker
                    .target_lines(*target)
                    .iter()
                    .map(move |&line| LineHit { line, hit })
            })
            .collect();
        to_js(&hits)
    }
}

/// The names of the UTC dates `from` to `to` as a file for a resolver or IDS, as the
/// command line's `export` writes it. `format`: rpz, unbound, dnsmasq, hosts, plain or
/// suricata. `options`: `variants` (default all), `sinkhole` (addresses separated by commas
/// or spaces, at most one IPv4 and one IPv6; empty answers NXDOMAIN) and `allow` (the text
/// of an allowlist). Returns `{ text, fileName, names, keptOut, md5 }`.
#[wasm_bindgen(js_name = exportNames)]
pub fn export_names(
    from: &str,
    to: &str,
    format: &str,
    options: Option<Object>,
) -> Result<JsValue, JsError> {
    let range = DateRange::parse(from, to).map_err(error)?;
    let format: export::Format = format.parse().map_err(error)?;
    let options = options.unwrap_or_default();
    let variants = variants_of(&get(&options, "variants")?)?;
    let sinkhole = Sinkhole::parse(&optional_text(&options, "sinkhole")?).map_err(error)?;
    let allow = Allowlist::parse(&optional_text(&options, "allow")?);
    let options = export::Options::new(format, sinkhole, DEFAULT_SID_BASE).map_err(error)?;
    let export = export::collect(range, variants, &allow);
    let mut text = Vec::new();
    export::write(&export, &options, &mut text).map_err(error)?;
    let text = String::from_utf8(text).map_err(error)?;
    let file_name = format!("conficker-{format}-{from}_{to}.{}", format.extension());
    let result = Object::new();
    for (key, value) in [
        ("text", JsValue::from(text)),
        ("fileName", JsValue::from(file_name)),
        ("names", JsValue::from(export.names.len() as f64)),
        ("keptOut", JsValue::from(export.kept_out.len() as f64)),
        ("md5", JsValue::from(export.md5)),
    ] {
        Reflect::set(&result, &key.into(), &value).map_err(js_error)?;
    }
    Ok(result.into())
}

/// A DNS log scan (see `logscan`): the page's worker pushes each file's bytes as it reads
/// them, a chunk at a time, and asks for the report when it likes.
#[wasm_bindgen]
pub struct LogScan {
    scanner: logscan::Scanner,
}

#[wasm_bindgen]
impl LogScan {
    /// `options`: `slack` (days, default 2), `variants` (as for `check`), `format` ("auto" or
    /// a format name such as "bind"), `utcOffsetMinutes` (of log times without a zone),
    /// `year` (of syslog times, default this year), `date` (YYYY-MM-DD, of lines without a
    /// time) and `minNames` (default 1).
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<Object>) -> Result<LogScan, JsError> {
        let options = options.unwrap_or_default();
        let number = |key: &str, default: f64| -> Result<f64, JsError> {
            match get(&options, key)? {
                v if v.is_undefined() || v.is_null() => Ok(default),
                v => v
                    .as_f64()
                    .filter(|n| n.is_finite() && n.fract() == 0.0)
                    .ok_or_else(|| JsError::new(&format!("options.{key} must be a whole number"))),
            }
        };
        let format = match get(&options, "format")?.as_string().as_deref() {
            None | Some("auto") => None,
            Some(name) => Some(name.parse::<LogFormat>().map_err(error)?),
        };
        let date = match get(&options, "date")?.as_string().filter(|d| !d.is_empty()) {
            None => None,
            Some(d) => Some(parse_date(&d).map_err(error)?),
        };
        let slack = number("slack", 2.0)?;
        if !(0.0..=30.0).contains(&slack) {
            return Err(JsError::new("options.slack must be 0 to 30 days"));
        }
        let offset = number("utcOffsetMinutes", 0.0)?;
        if offset.abs() > 14.0 * 60.0 {
            return Err(JsError::new(
                "options.utcOffsetMinutes must be within ±14 hours",
            ));
        }
        // std has no clock in the browser: this year comes from JavaScript's.
        let year = number("year", js_sys::Date::new_0().get_utc_full_year().into())?;
        if !(1601.0..=9999.0).contains(&year) {
            return Err(JsError::new("options.year must be 1601 to 9999"));
        }
        let min_names = number("minNames", 1.0)?.max(0.0);
        Ok(LogScan {
            scanner: logscan::Scanner::new(ScanOptions {
                slack: slack as u32,
                variants: variants_of(&get(&options, "variants")?)?,
                format,
                local_offset_seconds: offset as i32 * 60,
                undated: date,
                syslog_year: year as i32,
                min_names: min_names as u64,
            }),
        })
    }

    /// Starts the next file; `name` labels it in the report.
    pub fn begin(&mut self, name: &str) -> Result<(), JsError> {
        self.scanner.begin(name).map_err(error)
    }

    /// The file's next bytes, cut anywhere; gzip is recognised by its first bytes.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), JsError> {
        self.scanner.push(bytes).map_err(error)
    }

    /// Ends the current file.
    pub fn end(&mut self) -> Result<(), JsError> {
        self.scanner.end().map_err(error)
    }

    /// The report so far, as the command line's JSON: `clients`, `days`, `sources`, ...
    pub fn report(&self) -> Result<JsValue, JsError> {
        to_js(&self.scanner.report())
    }
}

/// Forwards progress to JavaScript and reads cancellation from an `AbortSignal`.
struct JsMonitor {
    on_progress: Option<Function>,
    signal: JsValue,
    /// What `onProgress` threw; the check stops and rethrows it.
    failure: Option<JsError>,
}

impl Monitor for JsMonitor {
    fn progress(&mut self, days_done: u64, days_total: u64) {
        let Some(f) = &self.on_progress else { return };
        if let Err(e) = f.call2(
            &JsValue::NULL,
            &(days_done as f64).into(),
            &(days_total as f64).into(),
        ) {
            self.failure.get_or_insert(JsError::new(&format!(
                "options.onProgress threw: {}",
                describe(&e)
            )));
        }
    }

    fn cancelled(&mut self) -> bool {
        self.failure.is_some()
            || (self.signal.is_object()
                && Reflect::get(&self.signal, &"aborted".into())
                    .map(|a| a.is_truthy())
                    .unwrap_or(false))
    }
}

fn parse_variant(text: &str) -> Result<Variant, JsError> {
    text.parse().map_err(error)
}

/// `undefined` means all variants; otherwise a list such as "A,B" or ["A", "B"].
fn variants_of(value: &JsValue) -> Result<VariantSet, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(VariantSet::ALL);
    }
    let list = if let Some(text) = value.as_string() {
        text
    } else if Array::is_array(value) {
        let mut parts = Vec::new();
        for (i, v) in Array::from(value).iter().enumerate() {
            parts.push(
                v.as_string()
                    .ok_or_else(|| JsError::new(&format!("variants[{i}] is not a string")))?,
            );
        }
        parts.join(",")
    } else {
        return Err(JsError::new(
            "variants must be a string such as \"A,B\" or an array of strings",
        ));
    };
    VariantSet::parse_list(&list).map_err(error)
}

/// A string option; `undefined` and `null` are empty.
fn optional_text(options: &Object, key: &str) -> Result<String, JsError> {
    let value = get(options, key)?;
    if value.is_undefined() || value.is_null() {
        return Ok(String::new());
    }
    value
        .as_string()
        .ok_or_else(|| JsError::new(&format!("options.{key} must be a string")))
}

fn lines_of(names: &JsValue) -> Result<Vec<String>, JsError> {
    if let Some(text) = names.as_string() {
        return Ok(text.lines().map(str::to_string).collect());
    }
    if !Array::is_array(names) {
        return Err(JsError::new(
            "names must be an array of strings or a string with one name per line",
        ));
    }
    Array::from(names)
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_string()
                .ok_or_else(|| JsError::new(&format!("names[{i}] is not a string")))
        })
        .collect()
}

fn get(object: &Object, key: &str) -> Result<JsValue, JsError> {
    Reflect::get(object, &key.into()).map_err(js_error)
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let json = serde_json::to_string(value).map_err(error)?;
    js_sys::JSON::parse(&json).map_err(js_error)
}

fn error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

fn js_error(e: JsValue) -> JsError {
    JsError::new(&describe(&e))
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}
