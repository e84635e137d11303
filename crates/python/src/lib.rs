//! The Python face of the core (`pip install ./crates/python`): bindings only. Arguments are
//! converted and handed to the core; its results come back as the command line's JSON read by
//! Python's `json` module, so that they equal `conficker-dga ... -f json` field for field; its
//! refusals are `InputError`s carrying the core's `field` and message. The core works with
//! the GIL released.

mod arrow;

use std::fs;
use std::io::Read;
use std::path::PathBuf;

use pyo3::create_exception;
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use serde::Serialize;

use ::conficker_dga::checker::{CheckRun, CheckState, Monitor};
use ::conficker_dga::dates::{parse_date, DateRange};
use ::conficker_dga::error::{Field, InputError as CoreInputError, NamesFrom};
use ::conficker_dga::export::{self, Allowlist, Sinkhole};
use ::conficker_dga::input::name_line;
use ::conficker_dga::lists::{for_each_day_list, SuffixFilter};
use ::conficker_dga::logscan::parts::{self, Part as CorePart, ScanPart};
use ::conficker_dga::logscan::{LogFormat, ScanError as CoreScanError, ScanOptions, Scanner};
use ::conficker_dga::networks::{self, Contacts, DhcpOptions, Leases, NetworkTables};
use ::conficker_dga::options;
use ::conficker_dga::variant::VariantSet;

create_exception!(
    conficker_dga,
    InputError,
    PyValueError,
    "A value the core refused. `field` is the input at fault (the core's key: \"from\", \
     \"variants\", \"minNames\", ...), `message` the core's sentence, as the command line prints it."
);
create_exception!(
    conficker_dga,
    ScanError,
    PyValueError,
    "A log the scan could not read to its end (an unknown format, broken gzip): `source` names \
     it, `message` is the core's sentence."
);

/// Bytes read from a file at a time, with the GIL released.
const CHUNK: usize = 1 << 20;

fn input_error(e: CoreInputError) -> PyErr {
    let message = e.to_string();
    Python::attach(|py| {
        let err = InputError::new_err(message.clone());
        let value = err.value(py);
        let _ = value.setattr("field", e.field().key());
        let _ = value.setattr("message", message);
        err
    })
}

fn scan_error(e: CoreScanError) -> PyErr {
    let source = match &e {
        CoreScanError::UnknownFormat { source, .. } | CoreScanError::Gzip { source, .. } => {
            source.clone()
        }
    };
    let message = e.to_string();
    Python::attach(|py| {
        let err = ScanError::new_err(message.clone());
        let value = err.value(py);
        let _ = value.setattr("source", source);
        let _ = value.setattr("message", message);
        err
    })
}

fn os_error(what: String, e: std::io::Error) -> PyErr {
    PyOSError::new_err(format!("{what}: {e}"))
}

/// A value as the core's serde writes it, read back by Python's `json`: the same fields, names
/// and values as the command line's JSON.
fn to_py<T: Serialize + ?Sized>(py: Python<'_>, value: &T) -> PyResult<Py<PyAny>> {
    let text = serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    json_to_py(py, &text)
}

fn json_to_py(py: Python<'_>, text: &str) -> PyResult<Py<PyAny>> {
    Ok(py.import("json")?.call_method1("loads", (text,))?.unbind())
}

/// An option given as text or as a number: the core parses and checks it, as it does the
/// command line's arguments.
#[derive(FromPyObject)]
enum Text {
    Text(String),
    Number(i64),
}

impl Text {
    fn text(self) -> String {
        match self {
            Text::Text(t) => t,
            Text::Number(n) => n.to_string(),
        }
    }
}

fn text_or(value: Option<Text>, default: impl ToString) -> String {
    value.map_or_else(|| default.to_string(), Text::text)
}

/// Variants as "A,B" or ["A", "B"]; `None`: all three.
#[derive(FromPyObject)]
enum Variants {
    List(String),
    Each(Vec<String>),
}

fn variants_of(value: Option<Variants>) -> PyResult<VariantSet> {
    let list = match value {
        None => return Ok(VariantSet::ALL),
        Some(Variants::List(text)) => text,
        Some(Variants::Each(each)) => each.join(","),
    };
    VariantSet::parse_list(&list).map_err(input_error)
}

fn date_of(field: Field, text: Option<&str>) -> PyResult<Option<chrono::NaiveDate>> {
    text.map(|t| parse_date(field, t).map_err(input_error))
        .transpose()
}

fn today_utc() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The names to check: a list holds one name each (as the command line's arguments); a
/// string is read as a file of names (blank lines and `#` comments skipped).
#[derive(FromPyObject)]
enum Names {
    Text(String),
    List(Vec<String>),
}

impl Names {
    fn into_list(self) -> PyResult<Vec<String>> {
        let list = match self {
            Names::List(list) => list,
            Names::Text(text) => {
                let mut list = Vec::new();
                for (i, line) in text.lines().enumerate() {
                    if let Some(name) =
                        name_line(line, "names", i as u64 + 1).map_err(input_error)?
                    {
                        list.push(name.to_string());
                    }
                }
                list
            }
        };
        options::within_names(list.len()).map_err(input_error)?;
        if list.is_empty() {
            return Err(input_error(CoreInputError::NoNames(NamesFrom::Argument)));
        }
        Ok(list)
    }
}

/// The facts: the variants, the dates the tool takes, the ranges of its options, the export
/// and log formats.
#[pyfunction]
fn facts(py: Python<'_>) -> PyResult<Py<PyAny>> {
    to_py(py, &::conficker_dga::facts::facts())
}

/// The worm's lists, a dict per UTC date and variant, `{date, variant, md5, domains: [{index,
/// domain}]}`: `conficker-dga generate -f json`. `from_` alone is one day (default: today,
/// UTC); `suffixes` keeps only names under them (e.g. ["cl", "co.uk"]); `md5` is of the whole
/// day's list.
#[pyfunction]
#[pyo3(signature = (from_=None, to=None, *, variants=None, suffixes=None))]
fn generate(
    py: Python<'_>,
    from_: Option<&str>,
    to: Option<&str>,
    variants: Option<Variants>,
    suffixes: Option<Vec<String>>,
) -> PyResult<Py<PyAny>> {
    let from = date_of(Field::From, from_)?;
    let to = date_of(Field::To, to)?;
    let range = match (from, to) {
        (None, None) => DateRange::single(today_utc()),
        (Some(d), None) | (None, Some(d)) => DateRange::single(d),
        (Some(from), Some(to)) => DateRange::new(from, to).map_err(input_error)?,
    };
    let variants = variants_of(variants)?;
    let filter = SuffixFilter::new(&suffixes.unwrap_or_default(), variants).map_err(input_error)?;
    let days = py.detach(|| {
        let mut days = Vec::new();
        for_each_day_list(range, variants, &filter, |day| {
            days.push(day);
            Ok(())
        })
        .map(|()| days)
    });
    to_py(py, &days.map_err(|e| os_error("generate".into(), e))?)
}

/// Reads Ctrl-C (Python's signal handlers) between days: a check stopped so says
/// `cancelled` and returns what it found, as the command line does.
struct Signals {
    failure: Option<PyErr>,
}

impl Monitor for Signals {
    fn cancelled(&mut self) -> bool {
        if self.failure.is_none() {
            self.failure = Python::attach(|py| py.check_signals().err());
        }
        self.failure.is_some()
    }
}

/// Where and when the worm generated each name: `conficker-dga check -f json`. `names` is a
/// list of names (URLs, defanged indicators and hosts below a name are read as the command
/// line reads them) or a string of lines. The range is `from_` to `to` (UTC dates, default the
/// whole era: 2008-11-21 to a year after today), or `around` a date plus and minus `slack`
/// days. Returns `{variants, from, to, cancelled, daysDone, daysTotal, results: [...]}`.
#[pyfunction]
#[pyo3(signature = (names, from_=None, to=None, *, variants=None, around=None, slack=None))]
fn check(
    py: Python<'_>,
    names: Names,
    from_: Option<&str>,
    to: Option<&str>,
    variants: Option<Variants>,
    around: Option<&str>,
    slack: Option<Text>,
) -> PyResult<Py<PyAny>> {
    let range = match date_of(Field::Date, around)? {
        Some(date) => {
            let slack =
                options::slack(&text_or(slack, options::SLACK.default)).map_err(input_error)?;
            DateRange::around(date, slack)
        }
        None => {
            let era = DateRange::era(today_utc());
            DateRange::new(
                date_of(Field::From, from_)?.unwrap_or(era.from()),
                date_of(Field::To, to)?.unwrap_or(era.to()),
            )
            .map_err(input_error)?
        }
    };
    let variants = variants_of(variants)?;
    let names = names.into_list()?;
    let (run, failure) = py.detach(|| {
        let mut run = CheckRun::new(names.iter(), variants, range);
        let mut signals = Signals { failure: None };
        run.run(&mut signals);
        (run, signals.failure)
    });
    if let (Some(failure), CheckState::Cancelled) = (failure, run.state()) {
        if !failure.is_instance_of::<pyo3::exceptions::PyKeyboardInterrupt>(py) {
            return Err(failure);
        }
    }
    to_py(py, &run)
}

/// The names of a range of UTC dates as the files of an export format, as `conficker-dga
/// export` writes them: `format` is one of `facts()["exportFormats"]`. The dates are `from_`
/// to `to` (`to` defaults to `from_`), or today plus and minus `window` days (default 3).
/// `sinkhole`: at most one IPv4 and one IPv6 address ("" answers NXDOMAIN); `allow`: the text
/// of an allowlist. Returns `{files: [{name, text, type}], names, keptOut, md5, summary}`.
#[pyfunction]
#[pyo3(name = "export", signature = (format, from_=None, to=None, *, window=None, variants=None, sinkhole=None, allow=None, sid_base=None))]
#[allow(clippy::too_many_arguments)]
fn export_names(
    py: Python<'_>,
    format: &str,
    from_: Option<&str>,
    to: Option<&str>,
    window: Option<Text>,
    variants: Option<Variants>,
    sinkhole: Option<Vec<String>>,
    allow: Option<&str>,
    sid_base: Option<Text>,
) -> PyResult<Py<PyAny>> {
    let range = match (date_of(Field::From, from_)?, date_of(Field::To, to)?) {
        (None, None) => {
            let window =
                options::window(&text_or(window, options::WINDOW.default)).map_err(input_error)?;
            DateRange::around(today_utc(), window)
        }
        (Some(from), to) => DateRange::new(from, to.unwrap_or(from)).map_err(input_error)?,
        (None, Some(to)) => DateRange::single(to),
    };
    let variants = variants_of(variants)?;
    let format: export::Format = format.parse().map_err(input_error)?;
    let sinkhole = Sinkhole::parse(&sinkhole.unwrap_or_default().join(",")).map_err(input_error)?;
    let sid_base =
        options::sid_base(&text_or(sid_base, export::DEFAULT_SID_BASE)).map_err(input_error)?;
    let export_options = export::Options::new(format, sinkhole, sid_base).map_err(input_error)?;
    if let Some(allow) = allow {
        options::within_size(
            Field::Allow,
            "allow",
            allow.len() as u64,
            options::MAX_ALLOWLIST_BYTES,
        )
        .map_err(input_error)?;
    }
    let allow = Allowlist::parse(allow.unwrap_or(""));
    let (export, files) = py
        .detach(|| {
            let export = export::collect(range, variants, &allow)?;
            let files = export::files(&export, &export_options)?;
            Ok((export, files))
        })
        .map_err(input_error)?;
    let result = PyDict::new(py);
    let list = pyo3::types::PyList::empty(py);
    for file in &files {
        let entry = PyDict::new(py);
        entry.set_item("name", &file.file_name)?;
        entry.set_item("text", &file.text)?;
        entry.set_item("type", file.media_type)?;
        list.append(entry)?;
    }
    result.set_item("files", list)?;
    result.set_item("names", export.len())?;
    result.set_item("keptOut", export.kept_out.len())?;
    result.set_item("md5", &export.md5)?;
    result.set_item("summary", export.summary(format))?;
    Ok(result.into_any().unbind())
}

/// `scan-log`'s options, each checked by the core.
#[allow(clippy::too_many_arguments)]
fn scan_options(
    slack: Option<Text>,
    format: Option<&str>,
    variants: Option<Variants>,
    utc_offset: Option<&str>,
    year: Option<Text>,
    date: Option<&str>,
    min_names: Option<Text>,
) -> PyResult<ScanOptions> {
    use chrono::Datelike;
    Ok(ScanOptions {
        slack: options::slack(&text_or(slack, options::SLACK.default)).map_err(input_error)?,
        variants: variants_of(variants)?,
        format: LogFormat::parse_choice(format.unwrap_or("auto")).map_err(input_error)?,
        local_offset_seconds: options::utc_offset(utc_offset.unwrap_or("+00:00"))
            .map_err(input_error)?,
        undated: date_of(Field::Date, date)?,
        syslog_year: options::year(&text_or(year, today_utc().year())).map_err(input_error)?,
        min_names: options::min_names(&text_or(min_names, options::MIN_NAMES.default))
            .map_err(input_error)?,
    })
}

/// A path (str or os.PathLike) and the name the report gives it, as the command line does.
fn read_file(field: Field, path: &PathBuf, limit: u64) -> PyResult<(String, Vec<u8>)> {
    let name = path.display().to_string();
    let what = format!("cannot read {} {name}", field.label());
    let file = fs::File::open(path).map_err(|e| os_error(what.clone(), e))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| os_error(what, e))?;
    options::within_size(field, &name, bytes.len() as u64, limit).map_err(input_error)?;
    Ok((name, bytes))
}

/// The DHCP files, their times read as the logs' are.
fn read_leases(paths: &[PathBuf], options: &ScanOptions) -> PyResult<Leases> {
    let mut leases = Leases::new();
    let dhcp = DhcpOptions {
        local_offset_seconds: options.local_offset_seconds,
        syslog_year: options.syslog_year,
    };
    for path in paths {
        let (name, bytes) = read_file(Field::Dhcp, path, networks::tables::MAX_TABLE_BYTES)?;
        leases.add(&name, bytes, dhcp).map_err(input_error)?;
    }
    Ok(leases)
}

/// Reads the log files one after another into one scan, without the GIL.
fn scan_files(
    py: Python<'_>,
    options: ScanOptions,
    files: &[PathBuf],
) -> PyResult<::conficker_dga::logscan::ScanReport> {
    enum Failure {
        Io(String, std::io::Error),
        Scan(CoreScanError),
    }
    let report = py.detach(|| {
        let mut scanner = Scanner::new(options);
        let mut buffer = vec![0u8; CHUNK];
        for path in files {
            let name = path.display().to_string();
            let cannot = |e| Failure::Io(format!("cannot read {name}"), e);
            let mut file = fs::File::open(path).map_err(cannot)?;
            scanner.begin(&name).map_err(Failure::Scan)?;
            loop {
                let n = match file.read(&mut buffer) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(cannot(e)),
                };
                scanner.push(&buffer[..n]).map_err(Failure::Scan)?;
            }
            scanner.end().map_err(Failure::Scan)?;
        }
        Ok(scanner.report())
    });
    report.map_err(|f| match f {
        Failure::Io(what, e) => os_error(what, e),
        Failure::Scan(e) => scan_error(e),
    })
}

/// The clients in DNS logs that looked up Conficker names: `conficker-dga scan-log -o json`.
/// `files` are paths of logs, packet captures or Windows event logs, plain or gzip; the
/// options are `scan-log`'s (`format` "auto" or a name of `facts()["logFormats"]`,
/// `utc_offset` such as "+01:00", `year` of syslog times, `date` of lines without a time).
/// `dhcp`: lease files or logs, for the machine behind each address.
#[pyfunction]
#[pyo3(signature = (files, *, slack=None, format=None, variants=None, utc_offset=None, year=None, date=None, min_names=None, dhcp=None))]
#[allow(clippy::too_many_arguments)]
fn scan_log(
    py: Python<'_>,
    files: Vec<PathBuf>,
    slack: Option<Text>,
    format: Option<&str>,
    variants: Option<Variants>,
    utc_offset: Option<&str>,
    year: Option<Text>,
    date: Option<&str>,
    min_names: Option<Text>,
    dhcp: Option<Vec<PathBuf>>,
) -> PyResult<Py<PyAny>> {
    let options = scan_options(slack, format, variants, utc_offset, year, date, min_names)?;
    let leases = read_leases(&dhcp.unwrap_or_default(), &options)?;
    let report = scan_files(py, options, &files)?;
    let report = py.detach(|| networks::with_machines(&report, &leases));
    to_py(py, &report)
}

/// A scan report given to `report`: a path of `scan-log -o json`'s file, or the dict
/// `scan_log` returned.
#[derive(FromPyObject)]
enum ReportSource<'py> {
    Path(PathBuf),
    Dict(Bound<'py, PyDict>),
}

/// Scan reports attributed to networks and machines, as `conficker-dga report` does it: the
/// `networks.json` it writes, as a dict. `reports` are `scan-log -o json` files or dicts from
/// `scan_log`; `logs` are scanned first (with `scan_log`'s options). `networks`: range TSVs,
/// CAIDA prefix files or MaxMind .mmdb; `contacts`: CSVs; `dhcp`: leases or logs. With
/// `output_dir`, the folder `report -o` writes (per-network CSVs, notices, summary.csv,
/// networks.json) is written there too.
#[pyfunction]
#[pyo3(signature = (reports=None, *, logs=None, networks=None, contacts=None, dhcp=None, output_dir=None, slack=None, format=None, variants=None, utc_offset=None, year=None, date=None, min_names=None))]
#[allow(clippy::too_many_arguments)]
fn report(
    py: Python<'_>,
    reports: Option<Vec<ReportSource<'_>>>,
    logs: Option<Vec<PathBuf>>,
    networks: Option<Vec<PathBuf>>,
    contacts: Option<Vec<PathBuf>>,
    dhcp: Option<Vec<PathBuf>>,
    output_dir: Option<PathBuf>,
    slack: Option<Text>,
    format: Option<&str>,
    variants: Option<Variants>,
    utc_offset: Option<&str>,
    year: Option<Text>,
    date: Option<&str>,
    min_names: Option<Text>,
) -> PyResult<Py<PyAny>> {
    let options = scan_options(slack, format, variants, utc_offset, year, date, min_names)?;
    let (reports, logs) = (reports.unwrap_or_default(), logs.unwrap_or_default());
    if reports.is_empty() && logs.is_empty() {
        return Err(input_error(CoreInputError::NoReports));
    }
    let mut tables = NetworkTables::new();
    for path in networks.unwrap_or_default() {
        let (name, bytes) = read_file(Field::Networks, &path, networks::tables::MAX_TABLE_BYTES)?;
        py.detach(|| tables.add(&name, bytes))
            .map_err(input_error)?;
    }
    let mut known = Contacts::new();
    for path in contacts.unwrap_or_default() {
        let (name, bytes) = read_file(Field::Contacts, &path, networks::tables::MAX_TABLE_BYTES)?;
        known.add(&name, &bytes).map_err(input_error)?;
    }
    let leases = read_leases(&dhcp.unwrap_or_default(), &options)?;
    let mut scans = Vec::new();
    for source in reports {
        let (name, bytes) = match source {
            ReportSource::Path(path) => {
                read_file(Field::Reports, &path, networks::MAX_REPORT_BYTES)?
            }
            ReportSource::Dict(dict) => {
                let text: String = py
                    .import("json")?
                    .call_method1("dumps", (dict,))?
                    .extract()?;
                ("report".to_string(), text.into_bytes())
            }
        };
        scans.push(networks::read_scan_report(&name, &bytes).map_err(input_error)?);
    }
    if !logs.is_empty() {
        scans.push(scan_files(py, options, &logs)?);
    }
    let (json, files) = py
        .detach(|| {
            networks::attribute(&scans, &tables, &known, &leases).map(|attributed| {
                (
                    networks::render::report_json(&attributed),
                    networks::report_files(&attributed),
                )
            })
        })
        .map_err(input_error)?;
    if let Some(dir) = output_dir {
        fs::create_dir_all(&dir)
            .map_err(|e| os_error(format!("cannot create {}", dir.display()), e))?;
        for (name, bytes) in &files {
            write_atomically(&dir.join(name), bytes)?;
        }
    }
    json_to_py(py, &json)
}

/// Writes a sibling temporary file and renames it over `path`, as the command line does.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> PyResult<()> {
    let mut temporary = path.as_os_str().to_os_string();
    temporary.push(".tmp");
    let temporary = PathBuf::from(temporary);
    let result = fs::write(&temporary, bytes).and_then(|_| fs::rename(&temporary, path));
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result.map_err(|e| os_error(format!("cannot write {}", path.display()), e))
}

/// A scan fed by the caller: the bytes of logs (`begin`, `push`, `end`), lines of text or
/// records from Arrow record batches. Its counts come out as a `Part` (`take_part`), which
/// `join` combines with other parts (of other Spark partitions, other workers) into the
/// report one reader would have made; or as the report itself (`report`).
#[pyclass(module = "conficker_dga")]
struct Scan {
    scanner: Scanner,
    options: ScanOptions,
}

#[pymethods]
impl Scan {
    #[new]
    #[pyo3(signature = (*, slack=None, format=None, variants=None, utc_offset=None, year=None, date=None, min_names=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        slack: Option<Text>,
        format: Option<&str>,
        variants: Option<Variants>,
        utc_offset: Option<&str>,
        year: Option<Text>,
        date: Option<&str>,
        min_names: Option<Text>,
    ) -> PyResult<Scan> {
        let options = scan_options(slack, format, variants, utc_offset, year, date, min_names)?;
        Ok(Scan {
            scanner: Scanner::new(options),
            options,
        })
    }

    /// Starts a source (ending the one before); `name` labels it in the report.
    fn begin(&mut self, name: &str) -> PyResult<()> {
        self.scanner.begin(name).map_err(scan_error)
    }

    /// The current source's next bytes, cut anywhere; gzip is told by its first bytes.
    fn push(&mut self, py: Python<'_>, data: &[u8]) -> PyResult<()> {
        let scanner = &mut self.scanner;
        py.detach(|| scanner.push(data)).map_err(scan_error)
    }

    /// Ends the current source.
    fn end(&mut self) -> PyResult<()> {
        self.scanner.end().map_err(scan_error)
    }

    /// Lines of text from record batches' `column` (strings or binary, one line per row,
    /// without its newline: Spark's text reader), read as the current source's next lines.
    #[pyo3(signature = (batches, column="value"))]
    fn lines(&mut self, batches: &Bound<'_, PyAny>, column: &str) -> PyResult<()> {
        arrow::lines(&mut self.scanner, batches, column)
    }

    /// Records from record batches (a pyarrow RecordBatch or Table, an iterator of them, or
    /// anything with `__arrow_c_stream__` such as a pandas or Polars DataFrame), read as the
    /// current source's next records: `time` (a timestamp, seconds since 1970 or Zeek's text),
    /// `client`, `query` and `process` (optional) name the columns.
    #[pyo3(signature = (batches, *, time="ts", client="id.orig_h", query="query", process=None))]
    fn records(
        &mut self,
        batches: &Bound<'_, PyAny>,
        time: &str,
        client: &str,
        query: &str,
        process: Option<&str>,
    ) -> PyResult<()> {
        let columns = arrow::Columns {
            time,
            client,
            query,
            process,
        };
        arrow::records(&mut self.scanner, batches, &columns)
    }

    /// What was counted since the last part was taken (the current source ended first), as a
    /// `Part` that begins at byte (or record) `start` of its source: a later part of the same
    /// source (`start` > 0) continues its summary when joined.
    #[pyo3(signature = (start=0))]
    fn take_part(&mut self, start: u64) -> PyResult<Part> {
        self.scanner.end().map_err(scan_error)?;
        let part = CorePart {
            start,
            end: u64::MAX,
            resume: None,
        };
        Ok(Part {
            part: self.scanner.take_part(part),
        })
    }

    /// The report so far, as `scan_log` gives it.
    fn report(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let report = py.detach(|| self.scanner.report());
        to_py(py, &report)
    }

    fn __repr__(&self) -> String {
        format!(
            "Scan(slack={}, variants={:?}, min_names={})",
            self.options.slack,
            self.options.variants.to_string(),
            self.options.min_names
        )
    }
}

/// What one reader counted over one part of the input: the per-client and per-day tallies,
/// the sources' summaries and the lists it generated. `bytes(part)` or `to_bytes()` pass it
/// between processes; `Part.from_bytes` reads it back; `join` combines parts.
#[pyclass(module = "conficker_dga", frozen)]
struct Part {
    part: ScanPart,
}

#[pymethods]
impl Part {
    /// The part as bytes (JSON), for `Part.from_bytes` in another process.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes =
            serde_json::to_vec(&self.part).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(PyBytes::new(py, &bytes))
    }

    fn __bytes__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        self.to_bytes(py)
    }

    /// A part from `to_bytes`; anything else raises ValueError.
    #[staticmethod]
    fn from_bytes(data: &[u8]) -> PyResult<Part> {
        let part = serde_json::from_slice(data)
            .map_err(|e| PyValueError::new_err(format!("not a scan part: {e}")))?;
        Ok(Part { part })
    }

    /// The clients with at least `min_names` distinct Conficker names, as the report lists
    /// them (`scan_log(...)["clients"]`).
    #[pyo3(signature = (min_names=None))]
    fn clients(&self, py: Python<'_>, min_names: Option<Text>) -> PyResult<Py<PyAny>> {
        let options = ScanOptions {
            min_names: options::min_names(&text_or(min_names, options::MIN_NAMES.default))
                .map_err(input_error)?,
            ..ScanOptions::new(1970)
        };
        let report = parts::join(options, vec![self.part.clone()], false);
        to_py(py, &report.clients)
    }

    /// The queries and Conficker lookups per UTC day (`scan_log(...)["days"]`).
    fn days(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let report = parts::join(ScanOptions::new(1970), vec![self.part.clone()], false);
        to_py(py, &report.days)
    }
}

/// Counts record batches as one part (see `Scan.records`): the per-client and per-day
/// tallies that `join` combines. `name` labels the source and `start` places the part in it.
#[pyfunction]
#[pyo3(signature = (batches, *, time="ts", client="id.orig_h", query="query", process=None, name="records", start=0, slack=None, variants=None, utc_offset=None, date=None, min_names=None))]
#[allow(clippy::too_many_arguments)]
fn scan_arrow(
    batches: &Bound<'_, PyAny>,
    time: &str,
    client: &str,
    query: &str,
    process: Option<&str>,
    name: &str,
    start: u64,
    slack: Option<Text>,
    variants: Option<Variants>,
    utc_offset: Option<&str>,
    date: Option<&str>,
    min_names: Option<Text>,
) -> PyResult<Part> {
    let options = scan_options(slack, None, variants, utc_offset, None, date, min_names)?;
    let mut scan = Scan {
        scanner: Scanner::new(options),
        options,
    };
    scan.begin(name)?;
    scan.records(batches, time, client, query, process)?;
    scan.take_part(start)
}

/// The report of parts (from `Scan.take_part` or `scan_arrow`, in the order one reader would
/// have read them: sources in order, a source's parts by `start`), as the core joins the
/// command line's readers: equal to one reader's `scan_log`. The options are the scan's.
#[pyfunction]
#[pyo3(signature = (parts, *, slack=None, variants=None, min_names=None))]
fn join(
    py: Python<'_>,
    parts: Vec<PyRef<'_, Part>>,
    slack: Option<Text>,
    variants: Option<Variants>,
    min_names: Option<Text>,
) -> PyResult<Py<PyAny>> {
    let options = scan_options(slack, None, variants, None, None, None, min_names)?;
    let read: Vec<ScanPart> = parts.iter().map(|p| p.part.clone()).collect();
    let report = py.detach(|| parts::join(options, read, false));
    to_py(py, &report)
}

#[pymodule]
#[pyo3(name = "conficker_dga")]
fn python_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("InputError", m.py().get_type::<InputError>())?;
    m.add("ScanError", m.py().get_type::<ScanError>())?;
    m.add_function(wrap_pyfunction!(facts, m)?)?;
    m.add_function(wrap_pyfunction!(generate, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(export_names, m)?)?;
    m.add_function(wrap_pyfunction!(scan_log, m)?)?;
    m.add_function(wrap_pyfunction!(report, m)?)?;
    m.add_function(wrap_pyfunction!(scan_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(join, m)?)?;
    m.add_class::<Scan>()?;
    m.add_class::<Part>()?;
    Ok(())
}
