//! The JavaScript face of the core (`wasm-pack build --target web`): bindings only. Arguments
//! are converted and handed to the core; its results come back as plain objects and its
//! refusals as `Error`s carrying `field`, the key of the input at fault.

use js_sys::{Array, Function, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use conficker_dga::checker::{pack_hits, CheckRun, Checker, LineResult, Monitor};
use conficker_dga::collisions::CollisionSearch;
use conficker_dga::dates::{add_days as shift, parse_date, DateRange};
use conficker_dga::error::{Field, InputError, NamesFrom};
use conficker_dga::export::{self, Allowlist, Sinkhole, DEFAULT_SID_BASE};
use conficker_dga::input::name_line;
use conficker_dga::lists::{self, ListFormat, SuffixFilter};
use conficker_dga::logscan::parts::{self, Part, ScanPart};
use conficker_dga::logscan::{self, LogFormat, ScanOptions, ScanReport};
use conficker_dga::networks::{self, render, Contacts, DhcpOptions, Leases, NetworkTables};
use conficker_dga::options;
use conficker_dga::output::check::{self as check_output, CheckFormat};
use conficker_dga::output::collisions::{self as collisions_output, CollisionFormat};
use conficker_dga::output::scan::{self as scan_output, ScanFormat};
use conficker_dga::output::File;
use conficker_dga::variant::{Variant, VariantSet};
use conficker_dga::zonefile::ZoneError;

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

type Result<T> = std::result::Result<T, JsValue>;

// The TypeScript types of what the bindings take and return, each written beside the
// functions that use it: the results are built as plain objects (`to_js`, `set`), which
// wasm-bindgen would otherwise type as `any`. The field names are the core's serde names.
#[wasm_bindgen(typescript_custom_section)]
const TS_FACTS: &str = r#"
/** A variant's letter. */
export type VariantLetter = "A" | "B" | "C";
/** Variants as "A,B" or ["A", "B"]; absent or null: all three. */
export type Variants = string | readonly string[];
/** One name per element, or one string of lines (blank lines and `#` comments skipped). */
export type Names = string | readonly string[];
/** UTC dates, YYYY-MM-DD, both inclusive. */
export interface DateRange { from: string; to: string; }
/** A run of `splitRange`. */
export interface RangeRun extends DateRange { days: number; }
/** The ranges of the page's preset buttons. */
export interface Presets { days: DateRange; month: DateRange; year: DateRange; era: DateRange; }
export interface Limit { min: number; max: number; default: number; }
export interface VariantFacts {
  letter: VariantLetter;
  aliases: string;
  firstSeen: string;
  perDay: number;
  /** Shortest and longest name, in letters. */
  letters: [number, number];
  suffixes: string[];
  /** What the variant's lists have been compared with. */
  validation: string;
}
export interface ExportFormatFacts { name: string; title: string; answers: boolean; }
export interface LogFormatFacts { name: string; help: string; }
export interface Limits {
  slack: Limit;
  window: Limit;
  year: Limit;
  minNames: Limit;
  sidBase: Limit;
  utcOffsetHours: number;
}
export interface Facts {
  eraStart: string;
  firstDate: string;
  lastDate: string;
  variants: VariantFacts[];
  limits: Limits;
  exportFormats: ExportFormatFacts[];
  logFormats: LogFormatFacts[];
}
"#;

/// The worm's variants, the dates the tool takes and the ranges of its options.
#[wasm_bindgen(unchecked_return_type = "Facts")]
pub fn facts() -> Result<JsValue> {
    to_js(&conficker_dga::facts::facts())
}

/// The ranges the page's preset buttons fill in: `days` (today ± the default slack), the
/// `month` and `year` of `anchor` (today when empty) and the whole `era`.
#[wasm_bindgen(unchecked_return_type = "Presets")]
pub fn presets(anchor: &str, today: &str) -> Result<JsValue> {
    let today = parse_date(Field::Date, today).map_err(input_error)?;
    let anchor = match anchor.trim() {
        "" => today,
        text => parse_date(Field::From, text).map_err(input_error)?,
    };
    let object = Object::new();
    for (key, range) in [
        (
            "days",
            DateRange::around(today, options::SLACK.default as u32),
        ),
        ("month", DateRange::month_of(anchor)),
        ("year", DateRange::year_of(anchor)),
        ("era", DateRange::era(today)),
    ] {
        set(&object, key, range_js(range))?;
    }
    Ok(object.into())
}

/// `{ from, to }`: `date` plus or minus `days` (at most the export window's limit).
#[wasm_bindgen(unchecked_return_type = "DateRange")]
pub fn around(date: &str, days: f64) -> Result<JsValue> {
    let date = parse_date(Field::Date, date).map_err(input_error)?;
    let days = options::window(&number_text(days)).map_err(input_error)?;
    Ok(range_js(DateRange::around(date, days)))
}

/// `date` moved by `days` (negative: back).
#[wasm_bindgen(js_name = addDays)]
pub fn add_days(date: &str, days: f64) -> Result<String> {
    let date = parse_date(Field::Date, date).map_err(input_error)?;
    Ok(shift(date, days as i64).to_string())
}

/// The number of days from `from` to `to`, inclusive.
#[wasm_bindgen(js_name = rangeDays)]
pub fn range_days(from: &str, to: &str) -> Result<f64> {
    Ok(range(from, to)?.days() as f64)
}

/// `[{ from, to, days }]`: the range in at most `parts` contiguous runs of nearly equal length.
#[wasm_bindgen(js_name = splitRange, unchecked_return_type = "RangeRun[]")]
pub fn split_range(from: &str, to: &str, parts: u32) -> Result<JsValue> {
    let runs = Array::new();
    for run in range(from, to)?.split(parts.into()) {
        let object = range_js(run);
        set(&object, "days", (run.days() as f64).into())?;
        runs.push(&object);
    }
    Ok(runs.into())
}

/// How many names `variants` generate from `from` to `to`.
#[wasm_bindgen(js_name = namesIn)]
pub fn names_in(
    from: &str,
    to: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "Variants | null")] variants: JsValue,
) -> Result<f64> {
    let days = range(from, to)?.days();
    let per_day: u64 = variants_of(&variants)?
        .iter()
        .map(|v| u64::from(v.domains_per_day()))
        .sum();
    Ok((days * per_day) as f64)
}

/// Minutes east of UTC of an offset such as `+01:00`.
#[wasm_bindgen(js_name = utcOffsetMinutes)]
pub fn utc_offset_minutes(text: &str) -> Result<i32> {
    Ok(options::utc_offset(text).map_err(input_error)? / 60)
}

/// The names of one variant on one UTC date (`YYYY-MM-DD`), in generation order.
#[wasm_bindgen]
pub fn generate(variant: &str, date: &str) -> Result<Vec<String>> {
    let variant = variant_of(variant)?;
    let date = parse_date(Field::Date, date).map_err(input_error)?;
    Ok(conficker_dga::generator::day_list(variant, date))
}

#[wasm_bindgen(typescript_custom_section)]
const TS_LISTS: &str = r#"
export interface IndexedDomain { index: number; domain: string; }
/** One day's list; `md5` is of the whole list, before any suffix filter. */
export interface DayList { date: string; variant: VariantLetter; md5: string; domains: IndexedDomain[]; }
/** One day's list in a file format; `names` counts the names kept. */
export interface DayListText { date: string; variant: VariantLetter; md5: string; names: number; text: string; /** The names, one per line. */ list: string; }
/** How the days' texts of a list format join into one file. */
export interface ListLayout { header: string; separator: string; footer: string; type: string; extension: string; }
"#;

/// One day's list as `{ date, variant, md5, domains: [{ index, domain }] }`, keeping only
/// `suffixes` (comma- or space-separated, empty keeps all); `md5` is of the whole list.
#[wasm_bindgen(js_name = dayList, unchecked_return_type = "DayList")]
pub fn day_list(variant: &str, date: &str, suffixes: &str) -> Result<JsValue> {
    let (variant, date, filter) = day_of(variant, date, suffixes)?;
    to_js(&lists::day_list(variant, date, &filter))
}

/// One day's list in `format` as `{ date, variant, md5, names, text }`; a file of several days
/// is `listLayout(format)`'s header, the days' texts joined by its separator, and its footer.
#[wasm_bindgen(js_name = dayListText, unchecked_return_type = "DayListText")]
pub fn day_list_text(variant: &str, date: &str, suffixes: &str, format: &str) -> Result<JsValue> {
    let (variant, date, filter) = day_of(variant, date, suffixes)?;
    let format: ListFormat = format.parse().map_err(input_error)?;
    day_text_js(&lists::day_list(variant, date, &filter), format)
}

/// The lists of `date` of each of `variants` ("A,B") that `suffixes` leaves names in, in the
/// order the command line's `generate` writes them, each as `dayListText` gives it.
#[wasm_bindgen(js_name = dayListTexts, unchecked_return_type = "DayListText[]")]
pub fn day_list_texts(variants: &str, date: &str, suffixes: &str, format: &str) -> Result<JsValue> {
    let variants = VariantSet::parse_list(variants).map_err(input_error)?;
    let date = parse_date(Field::Date, date).map_err(input_error)?;
    let filter = SuffixFilter::parse(suffixes, variants).map_err(input_error)?;
    let format: ListFormat = format.parse().map_err(input_error)?;
    let days = Array::new();
    for variant in variants.iter().filter(|v| filter.wants(*v)) {
        days.push(&day_text_js(
            &lists::day_list(variant, date, &filter),
            format,
        )?);
    }
    Ok(days.into())
}

fn day_text_js(day: &lists::DayList, format: ListFormat) -> Result<JsValue> {
    let (date, variant) = (day.date, day.variant);
    let object = Object::new();
    set(&object, "date", date.to_string().into())?;
    set(&object, "variant", variant.to_string().into())?;
    set(&object, "md5", day.md5.as_str().into())?;
    set(&object, "names", (day.domains.len() as f64).into())?;
    set(&object, "text", format.day_text(day, false).into())?;
    // The names themselves, one per line, for the page to list and copy.
    set(
        &object,
        "list",
        ListFormat::Text.day_text(day, false).into(),
    )?;
    Ok(object.into())
}

/// `{ header, separator, footer, type, extension }` of a list format (text, csv, json).
#[wasm_bindgen(js_name = listLayout, unchecked_return_type = "ListLayout")]
pub fn list_layout(format: &str) -> Result<JsValue> {
    let format: ListFormat = format.parse().map_err(input_error)?;
    let object = Object::new();
    set(&object, "header", format.header(false).into())?;
    set(&object, "separator", format.separator().into())?;
    set(&object, "footer", format.footer().into())?;
    set(&object, "type", format.media_type().into())?;
    set(&object, "extension", format.extension().into())?;
    Ok(object.into())
}

/// The usual file name of the lists of `variant` (or of several: "A,B") from `from` to `to` in `format`.
#[wasm_bindgen(js_name = listFileName)]
pub fn list_file_name(variant: &str, from: &str, to: &str, format: &str) -> Result<String> {
    let variants = VariantSet::parse_list(variant).map_err(input_error)?;
    let format: ListFormat = format.parse().map_err(input_error)?;
    Ok(format.file_name(variants, range(from, to)?))
}

#[wasm_bindgen(typescript_custom_section)]
const TS_CHECK: &str = r#"
export interface CheckOptions {
  variants?: Variants | null;
  onProgress?: ((daysDone: number, daysTotal: number) => void) | null;
  /** Read after every day; an aborted check returns what it found so far. */
  signal?: AbortSignal | null;
}
/** Where a name is generated: `index` in `variant`'s list of the UTC `date`. */
export interface Hit { date: string; variant: VariantLetter; index: number; beforeFirstSeen: boolean; }
export type Verdict = "hit" | "not_generated" | "not_found" | "impossible";
/** One line's answer: `name` is the name checked (null when the line holds none). */
export interface LineResult {
  input: string;
  name: string | null;
  verdict: Verdict;
  possible: boolean;
  reason: string | null;
  note: string | null;
  hits: Hit[];
}
/** One result per line, and how much of the range the check covered. */
export type CheckResult = LineResult[] & { daysDone: number; daysTotal: number; cancelled: boolean };
export interface CheckRunOptions { from: string; to: string; variants?: Variants | null; }
/** A row of the page's results table. */
export interface CheckRow {
  input: string;
  note: string;
  verdict: string;
  kind: "hit" | "miss" | "impossible";
  variant: string;
  date: string;
  dateNote: string;
  index: string;
  /** The verdict in plain words and what it means for the site, for someone who is not an
   * analyst (`verdict` is the analyst's words); on a line's first row, null on the others. */
  plain: { label: string; sentence: string } | null;
  /** A hit's meaning: which hosts look the name up, and when; "" for other rows. */
  meaning: string;
  /** A hit's days of lookups: its `date`, and `slack` days either side (`from` to `to`), to
   * search DNS logs for and to block; null before the variant was first seen. */
  lookups: (DateRange & { date: string; slack: number }) | null;
  /** For a name that could be generated but was not found: the whole era to check. */
  wider: DateRange | null;
}
export interface CheckRows { total: number; rows: CheckRow[]; }
"#;

/// Checks `names` (an array of lines, or one string of lines) over the UTC dates `from` to
/// `to`, inclusive. `options`: `variants` ("A,B" or ["A", "B"], default all),
/// `onProgress(daysDone, daysTotal)`, and `signal` (an `AbortSignal`, read after every day).
/// Returns one result per line; the array also carries `daysDone`, `daysTotal` and
/// `cancelled`, so that a cancelled check says how much of the range it covered.
#[wasm_bindgen(unchecked_return_type = "CheckResult")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "Names")] names: JsValue,
    from: &str,
    to: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "CheckOptions | null")] options: Option<Object>,
) -> Result<JsValue> {
    let options = options.unwrap_or_default();
    let mut run = CheckRun::new(
        Names::of(&names)?.iter(),
        variants_of(&get(&options, "variants")?)?,
        range(from, to)?,
    );
    let on_progress = match get(&options, "onProgress")? {
        v if v.is_undefined() || v.is_null() => None,
        v => Some(
            v.dyn_into::<Function>()
                .map_err(|_| type_error("options.onProgress must be a function"))?,
        ),
    };
    let mut monitor = JsMonitor {
        on_progress,
        signal: get(&options, "signal")?,
        failure: None,
    };
    run.run(&mut monitor);
    if let Some(failure) = monitor.failure {
        return Err(failure);
    }
    let results = to_js(&run.lines().collect::<Vec<LineResult>>())?;
    set(&results, "daysDone", (run.days_done() as f64).into())?;
    set(&results, "daysTotal", (run.days_total() as f64).into())?;
    set(
        &results,
        "cancelled",
        (run.state() == conficker_dga::checker::CheckState::Cancelled).into(),
    )?;
    Ok(results)
}

/// A check the page runs in pieces: made from the form, fed the hits its workers find, and
/// asked for the table, the counts and the downloads, which are the command line's bytes.
#[wasm_bindgen(js_name = CheckRun)]
pub struct JsCheckRun {
    run: CheckRun,
}

#[wasm_bindgen(js_class = CheckRun)]
impl JsCheckRun {
    /// `options`: `from`, `to` (YYYY-MM-DD) and `variants`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Names")] names: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CheckRunOptions")] options: Option<Object>,
    ) -> Result<JsCheckRun> {
        let options = options.unwrap_or_default();
        let range = range(
            &required_text(&options, "from", Field::From)?,
            &required_text(&options, "to", Field::To)?,
        )?;
        let variants = variants_of(&get(&options, "variants")?)?;
        let names = Names::of(&names)?;
        if names.iter().next().is_none() {
            return Err(input_error(InputError::NoNames(NamesFrom::Page)));
        }
        Ok(JsCheckRun {
            run: CheckRun::new(names.iter(), variants, range),
        })
    }

    #[wasm_bindgen(getter)]
    pub fn days(&self) -> f64 {
        self.run.days_total() as f64
    }

    /// Whether some line could be generated, so that the range must be scanned.
    #[wasm_bindgen(getter, js_name = needsScan)]
    pub fn needs_scan(&self) -> bool {
        !self.run.checker().needed_variants().is_empty()
    }

    /// Records what a worker's `Scanner.scan` returned.
    pub fn record(&mut self, hits: &[u32]) -> Result<()> {
        self.run
            .record_packed(hits)
            .map_err(|e| JsError::new(&e).into())
    }

    #[wasm_bindgen(js_name = addDays)]
    pub fn add_days(&mut self, days: f64) {
        self.run.add_days(days as u64);
    }

    pub fn finish(&mut self, cancelled: bool) {
        self.run.finish(cancelled);
    }

    pub fn summary(&self) -> String {
        check_output::summary(&self.run)
    }

    /// `{ total, rows }`: the first `limit` rows of the table and how many there are. With
    /// `today` (YYYY-MM-DD, UTC), a name that could be generated but was not found is offered
    /// the whole era as of that day (`wider`).
    #[wasm_bindgen(unchecked_return_type = "CheckRows")]
    pub fn rows(&self, limit: u32, today: Option<String>) -> Result<JsValue> {
        let era = match today {
            Some(today) => Some(DateRange::era(
                parse_date(Field::Date, &today).map_err(input_error)?,
            )),
            None => None,
        };
        let (total, rows) = check_output::rows(&self.run, limit as usize, era);
        let object = Object::new();
        set(&object, "total", (total as f64).into())?;
        set(&object, "rows", to_js(&rows)?)?;
        Ok(object.into())
    }

    pub fn csv(&self) -> String {
        check_output::file(&self.run, CheckFormat::Csv).text
    }

    pub fn json(&self) -> String {
        check_output::file(&self.run, CheckFormat::Json).text
    }

    /// The usual file name of the check's results with extension `ext` (csv or json).
    #[wasm_bindgen(js_name = fileName)]
    pub fn file_name(&self, ext: &str) -> Result<String> {
        let format: CheckFormat = ext.parse().map_err(input_error)?;
        Ok(check_output::file(&self.run, format).file_name)
    }

    /// The results as `check` returns them, without the counts of days.
    #[wasm_bindgen(unchecked_return_type = "LineResult[]")]
    pub fn results(&self) -> Result<JsValue> {
        to_js(&self.run.lines().collect::<Vec<LineResult>>())
    }

    /// Line `line`'s answer in one sentence.
    pub fn sentence(&self, line: u32) -> Result<String> {
        if line as usize >= self.run.line_count() {
            return Err(JsError::new(&format!("there is no line {line}")).into());
        }
        Ok(check_output::sentence(&self.run, line as usize))
    }
}

/// The asked names indexed once in a worker, which then scans its part of the range a slice
/// at a time; what it finds goes to the page's `CheckRun.record`.
#[wasm_bindgen]
pub struct Scanner {
    checker: Checker,
}

#[wasm_bindgen]
impl Scanner {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Names")] names: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Variants | null | undefined")] variants: JsValue,
    ) -> Result<Scanner> {
        Ok(Scanner {
            checker: Checker::new(Names::of(&names)?.iter(), variants_of(&variants)?),
        })
    }

    /// The fewest days a slice should hold, so that the generator's lanes are all busy.
    #[wasm_bindgen(getter, js_name = sliceDays)]
    pub fn slice_days(&self) -> f64 {
        self.checker.slice_days() as f64
    }

    /// The hits from `from` to `to`, packed for `CheckRun.record`.
    pub fn scan(&self, from: &str, to: &str) -> Result<Vec<u32>> {
        let mut found = Vec::new();
        self.checker.scan(range(from, to)?, &mut found);
        Ok(pack_hits(&found))
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TS_EXPORT: &str = r#"
export interface ExportOptions {
  variants?: Variants | null;
  /** At most one IPv4 and one IPv6 address, separated by commas or spaces; empty: NXDOMAIN. */
  sinkhole?: string | null;
  /** The text of an allowlist. */
  allow?: string | null;
}
export interface ExportFile { name: string; text: string; type: string; }
export interface ExportResult {
  files: ExportFile[];
  /** The first file's text and name. */
  text: string;
  fileName: string;
  names: number;
  keptOut: number;
  md5: string;
  summary: string;
}
"#;

/// The names of the UTC dates `from` to `to` as the files of one export format, as the
/// command line's `export` writes them: `format` is one of `facts().exportFormats`.
/// `options`: `variants` (default all), `sinkhole` (addresses separated by commas or spaces,
/// at most one IPv4 and one IPv6; empty answers NXDOMAIN) and `allow` (the text of an
/// allowlist). Returns `{ files, text, fileName, names, keptOut, md5, summary }`: `files` is
/// `[{ name, text, type }]`, every file of the format (for suricata-dataset the rule file,
/// then the dataset file it loads), and `text` and `fileName` are the first file's.
#[wasm_bindgen(js_name = exportNames, unchecked_return_type = "ExportResult")]
pub fn export_names(
    from: &str,
    to: &str,
    format: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "ExportOptions | null")] options: Option<Object>,
) -> Result<JsValue> {
    let made = make_export(from, to, format, options)?;
    let export = &made.export;
    let mut summary = export.summary(made.format);
    if made.allow_given {
        summary = format!("{summary}; {}", export.kept_out_sentence());
    }
    let result = Object::new();
    let first = made
        .files
        .first()
        .ok_or_else(|| error("the export wrote no file"))?;
    set(&result, "text", first.text.as_str().into())?;
    set(&result, "fileName", first.file_name.as_str().into())?;
    set(&result, "files", files_js(&made.files)?)?;
    set(&result, "names", (export.len() as f64).into())?;
    set(&result, "keptOut", (export.kept_out.len() as f64).into())?;
    set(&result, "md5", export.md5.as_str().into())?;
    set(&result, "summary", summary.into())?;
    Ok(result.into())
}

/// The files alone of `exportNames`, same arguments: `[{ name, text, type }]`.
#[wasm_bindgen(js_name = exportFiles, unchecked_return_type = "ExportFile[]")]
pub fn export_files(
    from: &str,
    to: &str,
    format: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "ExportOptions | null")] options: Option<Object>,
) -> Result<JsValue> {
    files_js(&make_export(from, to, format, options)?.files)
}

/// An export and its files, as `exportNames` and `exportFiles` take their arguments.
struct MadeExport {
    format: export::Format,
    export: export::Export,
    files: Vec<File>,
    allow_given: bool,
}

fn make_export(from: &str, to: &str, format: &str, options: Option<Object>) -> Result<MadeExport> {
    let range = range(from, to)?;
    let format: export::Format = format.parse().map_err(input_error)?;
    let options = options.unwrap_or_default();
    let variants = variants_of(&get(&options, "variants")?)?;
    let sinkhole = Sinkhole::parse(&optional_text(&options, "sinkhole")?.unwrap_or_default())
        .map_err(input_error)?;
    let allow = optional_text(&options, "allow")?;
    if let Some(allow) = &allow {
        options::within_size(
            Field::Allow,
            "file",
            allow.len() as u64,
            options::MAX_ALLOWLIST_BYTES,
        )
        .map_err(input_error)?;
    }
    let export_options =
        export::Options::new(format, sinkhole, DEFAULT_SID_BASE).map_err(input_error)?;
    let export = export::collect(
        range,
        variants,
        &Allowlist::parse(allow.as_deref().unwrap_or("")),
    )
    .map_err(input_error)?;
    let files = export::files(&export, &export_options).map_err(input_error)?;
    Ok(MadeExport {
        format,
        export,
        files,
        allow_given: allow.is_some(),
    })
}

/// `[{ name, text, type }]`: a page names a download by `name`.
fn files_js(files: &[File]) -> Result<JsValue> {
    let list = Array::new();
    for file in files {
        let object = Object::new();
        set(&object, "name", file.file_name.as_str().into())?;
        set(&object, "text", file.text.as_str().into())?;
        set(&object, "type", file.media_type.into())?;
        list.push(&object);
    }
    Ok(list.into())
}

/// A search of zone files for the worm's names that are registered domains (`collisions`):
/// the page's worker pushes each zone's bytes as it reads them, a chunk at a time.
#[wasm_bindgen]
pub struct ZoneSearch {
    search: CollisionSearch,
}

#[wasm_bindgen]
impl ZoneSearch {
    /// The names of `variants` (default all) from `from` to `to`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        from: &str,
        to: &str,
        #[wasm_bindgen(unchecked_param_type = "Variants | null | undefined")] variants: JsValue,
    ) -> Result<ZoneSearch> {
        let search =
            CollisionSearch::new(range(from, to)?, variants_of(&variants)?).map_err(input_error)?;
        Ok(ZoneSearch { search })
    }

    /// Starts the zone file called `name`.
    pub fn begin(&mut self, name: &str) -> Result<()> {
        self.search.begin(name).map_err(zone_error)
    }

    /// The zone's next bytes, cut anywhere (plain or gzip).
    pub fn push(&mut self, bytes: &[u8]) -> Result<()> {
        self.search.push(bytes).map_err(zone_error)
    }

    /// Ends the current zone.
    pub fn end(&mut self) -> Result<()> {
        self.search.end().map_err(zone_error)
    }

    /// How many colliding names the zones ended so far hold.
    #[wasm_bindgen(getter)]
    pub fn count(&self) -> f64 {
        self.search.collisions().collisions.len() as f64
    }

    /// The search in one sentence.
    pub fn summary(&self) -> String {
        collisions_output::summary(&self.search.collisions())
    }

    /// The search as the command line writes it: `format` is "csv" or "json".
    #[wasm_bindgen(unchecked_return_type = "ScanFile")]
    pub fn file(&self, format: &str) -> Result<JsValue> {
        let format: CollisionFormat = format.parse().map_err(input_error)?;
        let file = collisions_output::file(&self.search.collisions(), format);
        let object = Object::new();
        set(&object, "text", file.text.as_str().into())?;
        set(&object, "fileName", file.file_name.as_str().into())?;
        set(&object, "type", file.media_type.into())?;
        Ok(object.into())
    }
}

/// A zone file that is not a DNS master file: an `Error` for the page's zone field.
fn zone_error(e: ZoneError) -> JsValue {
    let error = js_sys::Error::new(&e.to_string());
    let _ = Reflect::set(&error, &"field".into(), &Field::Zone.key().into());
    error.into()
}

#[wasm_bindgen(typescript_custom_section)]
const TS_SCAN: &str = r#"
/** Strings as a form holds them, or numbers. */
export interface ScanOptions {
  slack?: string | number | null;
  variants?: Variants | null;
  /** "auto" or a name of `facts().logFormats`. */
  format?: string | null;
  /** Of the logs' times, such as "+01:00". */
  utcOffset?: string | null;
  /** Of syslog times, which have none; default this year. */
  year?: string | number | null;
  /** YYYY-MM-DD, of lines without a time. */
  date?: string | null;
  minNames?: string | number | null;
}
/** A part of a file for `beginPart`, and the byte to read it from. */
export interface PlannedPart { part: string; from: number; }
export interface PartToReadAgain { index: number; part: string; }
export interface MalformedLine { line: number; reason: string; text: string; }
export interface SourceSummary {
  name: string;
  format: string | null;
  gzip: boolean;
  lines: number;
  queries: number;
  other: number;
  malformed: number;
  undated: number;
  malformedExamples: MalformedLine[];
  loggingHosts?: string[];
  moreLoggingHosts?: boolean;
}
export interface ScanExample { name: string; variant: string; date: string; index: number; }
/** The machine that held a client's address (`networkReport`'s clients only). */
export interface Machine { mac: string; hostname?: string; note?: string; }
export interface ClientReport {
  client: string | null;
  variants: string;
  first: string | null;
  last: string | null;
  lookups: number;
  distinctNames: number;
  examples: ScanExample[];
  processes: string[];
  machine?: Machine;
}
export interface DayReport {
  date: string;
  queries: number;
  lookups: number;
  a: number;
  b: number;
  c: number;
  clients: number;
}
/** A scan's report, as the command line's JSON. */
export interface ScanReport {
  variants: string;
  slackDays: number;
  listsGenerated: number;
  stopped: boolean;
  minNames: number;
  clientsBelowMinNames: number;
  sources: SourceSummary[];
  clients: ClientReport[];
  days: DayReport[];
}
export interface ScanClientView { cells: string[]; /** Distinct names looked up. */ names: number; examples: string; processes: string; machine: string; note: string; }
export interface ScanSourceView { text: string; malformed: string[]; }
/** A scan report in sentences and table cells. */
export interface ScanView { summary: string; clients: ScanClientView[]; days: string[][]; sources: ScanSourceView[]; }
export type ScanFileKind = "clients-csv" | "days-csv" | "json";
export interface ScanFile { text: string; fileName: string; type: string; }
"#;

/// A DNS log scan (see `logscan`): the page's worker pushes each file's bytes as it reads
/// them, a chunk at a time, and asks for the report when it likes.
#[wasm_bindgen]
pub struct LogScan {
    scanner: logscan::Scanner,
    options: ScanOptions,
}

#[wasm_bindgen]
impl LogScan {
    /// `options` (strings as a form holds them, or numbers): `slack`, `variants`, `format`
    /// ("auto" or a name such as "bind"), `utcOffset` ("+01:00"), `year` (of syslog times,
    /// default this year), `date` (YYYY-MM-DD, of lines without a time) and `minNames`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "ScanOptions | null")] options: Option<
            Object,
        >,
    ) -> Result<LogScan> {
        let options = options.unwrap_or_default();
        let text = |key: &str| optional_text(&options, key);
        let or_default = |t: Option<String>, limit: options::Limit| {
            t.unwrap_or_else(|| limit.default.to_string())
        };
        let format = match text("format")? {
            Some(name) => LogFormat::parse_choice(&name).map_err(input_error)?,
            None => None,
        };
        let undated = match text("date")? {
            Some(date) => Some(parse_date(Field::Date, &date).map_err(input_error)?),
            None => None,
        };
        // The core has no clock in the browser: this year comes from JavaScript's.
        let this_year = js_sys::Date::new_0().get_utc_full_year().to_string();
        let options = ScanOptions {
            slack: options::slack(&or_default(text("slack")?, options::SLACK))
                .map_err(input_error)?,
            variants: variants_of(&get(&options, "variants")?)?,
            format,
            local_offset_seconds: options::utc_offset(
                &text("utcOffset")?.unwrap_or_else(|| "+00:00".into()),
            )
            .map_err(input_error)?,
            undated,
            syslog_year: options::year(&text("year")?.unwrap_or(this_year)).map_err(input_error)?,
            min_names: options::min_names(&or_default(text("minNames")?, options::MIN_NAMES))
                .map_err(input_error)?,
        };
        Ok(LogScan {
            scanner: logscan::Scanner::new(options),
            options,
        })
    }

    /// The first bytes of a file that `plan` and `beginPart` want.
    #[wasm_bindgen(js_name = headBytes)]
    pub fn head_bytes() -> usize {
        parts::HEAD_BYTES
    }

    /// The parts to read a file of `size` bytes in on up to `readers` workers, given its
    /// first `headBytes()` bytes: opaque strings for `beginPart`, in order, each with
    /// `{ start }`, the byte to read from (`start - 1`, or 0), beside it: `[{ part, from }]`.
    #[wasm_bindgen(unchecked_return_type = "PlannedPart[]")]
    pub fn plan(&self, head: &[u8], size: f64, readers: u32) -> Result<JsValue> {
        let plan = parts::plan(head, size as u64, readers as usize, self.options);
        let list = Array::new();
        for part in plan {
            let object = Object::new();
            set(&object, "part", json(&part)?.into())?;
            set(
                &object,
                "from",
                (part.start.saturating_sub(1) as f64).into(),
            )?;
            list.push(&object);
        }
        Ok(list.into())
    }

    /// Starts a part (a string from `plan`) of the file named `name` whose first bytes are
    /// `head`; push the file's bytes from the plan's `from` until `partDone`, then `end` and
    /// `takePart`.
    #[wasm_bindgen(js_name = beginPart)]
    pub fn begin_part(&mut self, name: &str, head: &[u8], part: &str) -> Result<()> {
        let part: Part = from_json(part)?;
        self.scanner.begin_part(name, head, part).map_err(error)
    }

    /// The part's last line is read: later bytes are not wanted.
    #[wasm_bindgen(js_name = partDone)]
    pub fn part_done(&self) -> bool {
        self.scanner.part_done()
    }

    /// What the part counted (after `end`), as a string for `joinParts`; the next part may
    /// follow on this scan, which keeps its lists.
    #[wasm_bindgen(js_name = takePart)]
    pub fn take_part(&mut self, part: &str) -> Result<String> {
        let part: Part = from_json(part)?;
        json(&self.scanner.take_part(part))
    }

    /// What the current part counted so far, as a string for `joinParts`.
    #[wasm_bindgen(js_name = partSoFar)]
    pub fn part_so_far(&self, part: &str) -> Result<String> {
        let part: Part = from_json(part)?;
        json(&self.scanner.part_so_far(part))
    }

    /// The parts (strings from `takePart`, files in order and each file's parts in order) to read again, because a
    /// log without years in its times crossed New Year before them: `[{ index, part }]`.
    #[wasm_bindgen(js_name = toReadAgain, unchecked_return_type = "PartToReadAgain[]")]
    pub fn to_read_again(read: Vec<String>) -> Result<JsValue> {
        let read = read
            .iter()
            .map(|p| from_json(p))
            .collect::<Result<Vec<ScanPart>>>()?;
        let list = Array::new();
        for (index, part) in parts::to_read_again(&read) {
            let object = Object::new();
            set(&object, "index", (index as f64).into())?;
            set(&object, "part", json(&part)?.into())?;
            list.push(&object);
        }
        Ok(list.into())
    }

    /// The report of the parts (strings from `takePart` or `partSoFar`, files in order and
    /// each file's parts in order), as `report` gives it: the same as one worker's.
    #[wasm_bindgen(js_name = joinParts, unchecked_return_type = "ScanReport")]
    pub fn join_parts(&self, read: Vec<String>, stopped: bool) -> Result<JsValue> {
        let read = read
            .iter()
            .map(|p| from_json(p))
            .collect::<Result<Vec<ScanPart>>>()?;
        to_js(&parts::join(self.options, read, stopped))
    }

    /// Starts the next file; `name` labels it in the report.
    pub fn begin(&mut self, name: &str) -> Result<()> {
        self.scanner.begin(name).map_err(error)
    }

    /// The file's next bytes, cut anywhere; gzip is recognised by its first bytes.
    pub fn push(&mut self, bytes: &[u8]) -> Result<()> {
        self.scanner.push(bytes).map_err(error)
    }

    /// Ends the current file.
    pub fn end(&mut self) -> Result<()> {
        self.scanner.end().map_err(error)
    }

    /// The report so far, as the command line's JSON: `clients`, `days`, `sources`, ...
    #[wasm_bindgen(unchecked_return_type = "ScanReport")]
    pub fn report(&self) -> Result<JsValue> {
        to_js(&self.scanner.report())
    }
}

fn json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(error)
}

/// A part or a part's counts as `LogScan` gave them; anything else is the caller's mistake.
fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| type_error(&format!("not a scan part: {e}")))
}

/// A scan report (as `LogScan.report` gave it) in sentences and table cells: `{ summary,
/// clients: [{ cells, examples }], days: [[...]], sources: [{ text, malformed }] }`.
#[wasm_bindgen(js_name = scanView, unchecked_return_type = "ScanView")]
pub fn scan_view(
    #[wasm_bindgen(unchecked_param_type = "ScanReport")] report: JsValue,
) -> Result<JsValue> {
    to_js(&scan_output::view(&report_of(&report)?))
}

/// A scan report as a file: `kind` is clients-csv, days-csv or json; `{ text, fileName, type }`.
#[wasm_bindgen(js_name = scanFile, unchecked_return_type = "ScanFile")]
pub fn scan_file(
    #[wasm_bindgen(unchecked_param_type = "ScanReport")] report: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ScanFileKind")] kind: &str,
) -> Result<JsValue> {
    let format: ScanFormat = kind.parse().map_err(input_error)?;
    to_js(&scan_output::file(&report_of(&report)?, format))
}

#[wasm_bindgen(typescript_custom_section)]
const TS_NETWORKS: &str = r#"
export interface NamedFile { name: string; bytes: Uint8Array; }
export interface NetworkReportOptions {
  /** Network tables: the range TSV, CAIDA prefixes or a MaxMind `.mmdb`. */
  networks?: NamedFile[] | null;
  /** Contacts CSVs. */
  contacts?: NamedFile[] | null;
  /** DHCP leases or logs. */
  dhcp?: NamedFile[] | null;
  utcOffset?: string | null;
  year?: string | number | null;
}
export interface NetworkRow { cells: string[]; file: string; }
export interface NetworkReport {
  summary: string;
  networks: NetworkRow[];
  /** The scan report with each client's machine. */
  clients: ScanReport;
  /** The folder's `networks.json`. */
  json: string;
  /** The folder that `conficker-dga report` writes, zipped. */
  zip: Uint8Array;
  zipName: string;
}
"#;

/// A scan report (as `LogScan.report` gave it) attributed to networks and machines, as
/// `conficker-dga report` does it. `options`: `networks` (network tables: the range TSV, CAIDA
/// prefixes or a MaxMind `.mmdb`), `contacts` (CSVs) and `dhcp` (leases or logs), each an
/// array of `{ name, bytes }` with `bytes` a `Uint8Array`; `utcOffset` and `year` as for
/// `LogScan`, for the DHCP logs' times. Returns `{ summary, networks: [{ cells, file }],
/// clients, json, zip, zipName }`: `clients` is the scan report with each client's machine
/// (split where its address changed hands), `zip` (a `Uint8Array`) holds the folder that
/// `report` writes, `json` its `networks.json`. A table it cannot read throws an `Error`
/// whose `field` is `networks`, `contacts` or `dhcp`.
#[wasm_bindgen(js_name = networkReport, unchecked_return_type = "NetworkReport")]
pub fn network_report(
    #[wasm_bindgen(unchecked_param_type = "ScanReport")] report: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "NetworkReportOptions | null")] options: Option<
        Object,
    >,
) -> Result<JsValue> {
    let scan = report_of(&report)?;
    let options = options.unwrap_or_default();
    let mut tables = NetworkTables::new();
    for (name, bytes) in named_files(&options, "networks", Field::Networks)? {
        tables.add(&name, bytes).map_err(input_error)?;
    }
    let mut contacts = Contacts::new();
    for (name, bytes) in named_files(&options, "contacts", Field::Contacts)? {
        contacts.add(&name, &bytes).map_err(input_error)?;
    }
    let this_year = js_sys::Date::new_0().get_utc_full_year().to_string();
    let dhcp_options = DhcpOptions {
        local_offset_seconds: options::utc_offset(
            &optional_text(&options, "utcOffset")?.unwrap_or_else(|| "+00:00".into()),
        )
        .map_err(input_error)?,
        syslog_year: options::year(&optional_text(&options, "year")?.unwrap_or(this_year))
            .map_err(input_error)?,
    };
    let mut leases = Leases::new();
    for (name, bytes) in named_files(&options, "dhcp", Field::Dhcp)? {
        leases
            .add(&name, bytes, dhcp_options)
            .map_err(input_error)?;
    }
    let attributed = networks::attribute(std::slice::from_ref(&scan), &tables, &contacts, &leases)
        .map_err(input_error)?;
    let zip = networks::report_zip(&attributed).map_err(error)?;
    let result = Object::new();
    set(
        &result,
        "summary",
        render::hosts_sentence(&attributed).into(),
    )?;
    set(
        &result,
        "networks",
        to_js(&render::network_rows(&attributed))?,
    )?;
    set(
        &result,
        "clients",
        to_js(&networks::with_machines(&scan, &leases))?,
    )?;
    set(&result, "json", render::report_json(&attributed).into())?;
    set(
        &result,
        "zip",
        js_sys::Uint8Array::from(zip.as_slice()).into(),
    )?;
    set(&result, "zipName", networks::archive::ZIP_NAME.into())?;
    Ok(result.into())
}

/// Forwards progress to JavaScript and reads cancellation from an `AbortSignal`.
struct JsMonitor {
    on_progress: Option<Function>,
    signal: JsValue,
    /// What `onProgress` threw; the check stops and rethrows it.
    failure: Option<JsValue>,
}

impl Monitor for JsMonitor {
    fn progress(&mut self, days_done: u64, days_total: u64) {
        let Some(f) = &self.on_progress else { return };
        if let Err(e) = f.call2(
            &JsValue::NULL,
            &(days_done as f64).into(),
            &(days_total as f64).into(),
        ) {
            self.failure.get_or_insert(e);
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

/// A JavaScript `Error` with the core's message and the key of the field it concerns.
fn input_error(e: InputError) -> JsValue {
    let error = js_sys::Error::new(&e.to_string());
    let _ = Reflect::set(&error, &"field".into(), &e.field().key().into());
    error.into()
}

/// A JavaScript `TypeError`: the caller passed the wrong kind of value, not a wrong value.
fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

fn error(e: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&e.to_string()).into()
}

fn range(from: &str, to: &str) -> Result<DateRange> {
    DateRange::parse(from, to).map_err(input_error)
}

fn range_js(range: DateRange) -> JsValue {
    let object = Object::new();
    let _ = Reflect::set(&object, &"from".into(), &range.from().to_string().into());
    let _ = Reflect::set(&object, &"to".into(), &range.to().to_string().into());
    object.into()
}

fn variant_of(text: &str) -> Result<Variant> {
    text.parse().map_err(input_error)
}

fn day_of(
    variant: &str,
    date: &str,
    suffixes: &str,
) -> Result<(Variant, chrono::NaiveDate, SuffixFilter)> {
    let variant = variant_of(variant)?;
    let date = parse_date(Field::Date, date).map_err(input_error)?;
    let filter =
        SuffixFilter::parse(suffixes, VariantSet::EMPTY.with(variant)).map_err(input_error)?;
    Ok((variant, date, filter))
}

/// `undefined` means all variants; otherwise a list such as "A,B" or ["A", "B"].
fn variants_of(value: &JsValue) -> Result<VariantSet> {
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
                    .ok_or_else(|| type_error(&format!("variants[{i}] is not a string")))?,
            );
        }
        parts.join(",")
    } else {
        return Err(type_error(
            "variants must be a string such as \"A,B\" or an array of strings",
        ));
    };
    VariantSet::parse_list(&list).map_err(input_error)
}

/// A whole number as text, for the core's parsers.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// An option given as a string or a number; `undefined`, `null` and "" are `None`.
fn optional_text(options: &Object, key: &str) -> Result<Option<String>> {
    let value = get(options, key)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let text = match (value.as_string(), value.as_f64()) {
        (Some(text), _) => text,
        (None, Some(n)) => number_text(n),
        _ => return Err(type_error(&format!("options.{key} must be a string"))),
    };
    Ok(Some(text).filter(|t| !t.trim().is_empty()))
}

fn required_text(options: &Object, key: &str, field: Field) -> Result<String> {
    optional_text(options, key)?.ok_or_else(|| {
        input_error(InputError::NotADate {
            field,
            value: String::new(),
        })
    })
}

/// The names to check: an array holds one name each; a string is a list of names, read as
/// the command line reads a file of them (blank lines and `#` comments skipped). The string
/// is kept as it is, not split into a string per name: the check keeps its own compact copy.
enum Names {
    Text(String),
    List(Vec<String>),
}

impl Names {
    /// The names, checked: each line no longer than a name can be, and not too many.
    fn of(names: &JsValue) -> Result<Names> {
        if let Some(text) = names.as_string() {
            let mut count = 0;
            for (i, line) in text.lines().enumerate() {
                if name_line(line, "names", i as u64 + 1)
                    .map_err(input_error)?
                    .is_some()
                {
                    count += 1;
                    options::within_names(count).map_err(input_error)?;
                }
            }
            return Ok(Names::Text(text));
        }
        if !Array::is_array(names) {
            return Err(type_error(
                "names must be an array of strings or a string with one name per line",
            ));
        }
        let names = Array::from(names);
        options::within_names(names.length() as usize).map_err(input_error)?;
        let list = names
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_string()
                    .ok_or_else(|| type_error(&format!("names[{i}] is not a string")))
            })
            .collect::<Result<_>>()?;
        Ok(Names::List(list))
    }

    fn iter(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        match self {
            // Every line was read once already, without error.
            Names::Text(text) => Box::new(
                text.lines()
                    .enumerate()
                    .filter_map(|(i, line)| name_line(line, "names", i as u64 + 1).ok().flatten()),
            ),
            Names::List(list) => Box::new(list.iter().map(String::as_str)),
        }
    }
}

fn report_of(report: &JsValue) -> Result<ScanReport> {
    let json: String = js_sys::JSON::stringify(report)?.into();
    serde_json::from_str(&json).map_err(|e| type_error(&format!("not a scan report: {e}")))
}

/// `options[key]`: an array of `{ name, bytes }` (absent: none), each within the tables' size
/// limit.
fn named_files(options: &Object, key: &str, field: Field) -> Result<Vec<(String, Vec<u8>)>> {
    let value = get(options, key)?;
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    if !Array::is_array(&value) {
        return Err(type_error(&format!(
            "options.{key} must be an array of {{ name, bytes }}"
        )));
    }
    let mut files = Vec::new();
    for (i, file) in Array::from(&value).iter().enumerate() {
        let name = Reflect::get(&file, &"name".into())?
            .as_string()
            .ok_or_else(|| type_error(&format!("options.{key}[{i}].name is not a string")))?;
        let bytes = Reflect::get(&file, &"bytes".into())?
            .dyn_into::<js_sys::Uint8Array>()
            .map_err(|_| type_error(&format!("options.{key}[{i}].bytes is not a Uint8Array")))?;
        options::within_size(
            field,
            &name,
            u64::from(bytes.length()),
            networks::tables::MAX_TABLE_BYTES,
        )
        .map_err(input_error)?;
        files.push((name, bytes.to_vec()));
    }
    Ok(files)
}

fn get(object: &Object, key: &str) -> Result<JsValue> {
    Reflect::get(object, &key.into())
}

fn set(object: &JsValue, key: &str, value: JsValue) -> Result<()> {
    Reflect::set(object, &key.into(), &value).map(|_| ())
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue> {
    let json = serde_json::to_string(value).map_err(error)?;
    js_sys::JSON::parse(&json)
}
