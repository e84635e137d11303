//! What each fuzz target does with its input, shared by the targets (`fuzz_targets/`) and
//! by `tests/fuzz_regressions.rs`, which replays every input kept in `fuzz/regressions/`.
//! Each one only has to return: a panic is the finding.

use conficker_dga::dates::{parse_date, DateRange};
use conficker_dga::error::Field;
use conficker_dga::export::{Allowlist, Sinkhole};
use conficker_dga::input::{name_line, parse_name};
use conficker_dga::logscan::{ScanOptions, Scanner};
use conficker_dga::variant::VariantSet;

/// Lines as `check` reads them: each line, then its parse.
pub fn input_name(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for (number, line) in text.split('\n').enumerate() {
        if let Ok(Some(name)) = name_line(line, "fuzz", number as u64 + 1) {
            parse_name(name, VariantSet::ALL);
        }
    }
}

/// A log pushed in pieces, as the command line and the page push it. The first byte sets
/// the piece size, so that lines and gzip members are cut at every place.
pub fn log_scan(data: &[u8]) {
    let Some((&size, log)) = data.split_first() else {
        return;
    };
    let mut scanner = Scanner::new(ScanOptions::new(2009));
    for piece in log.chunks(usize::from(size).max(1)) {
        if scanner.push(piece).is_err() {
            return;
        }
    }
    if scanner.end().is_ok() {
        scanner.report();
    }
}

/// An allowlist, then a lookup of each of its lines (hosts keep out the names above them).
pub fn allowlist(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let allow = Allowlist::parse(&text);
    for line in text.lines() {
        allow.contains(line);
    }
}

/// `--sinkhole` addresses.
pub fn sinkhole(data: &[u8]) {
    let _ = Sinkhole::parse(&String::from_utf8_lossy(data));
}

/// A date, and a range from the first line to the second.
pub fn dates(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = parse_date(Field::Date, &text);
    let (from, to) = text.split_once('\n').unwrap_or((&text, ""));
    let _ = DateRange::parse(from, to);
}
