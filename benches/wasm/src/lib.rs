//! The benchmark workloads for WebAssembly. JavaScript times the calls; inputs (the
//! names) are prepared by separate calls, outside the timing.

#[path = "../../workloads/mod.rs"]
mod workloads;

use std::cell::RefCell;

use conficker_dga::dates::DateRange;
use conficker_dga::variant::Variant;
use wasm_bindgen::prelude::*;
use workloads::*;

thread_local! {
    static NAMES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Checksums cross into JavaScript as doubles: their low 52 bits are enough to compare.
fn digest(sum: u64) -> f64 {
    (sum & ((1 << 52) - 1)) as f64
}

#[wasm_bindgen]
pub fn floor(steps: f64, chains: usize) -> f64 {
    digest(floor_scalar(steps as u64, chains))
}

/// The floor in SIMD128 vectors; only in the SIMD128 build.
#[cfg(target_feature = "simd128")]
#[wasm_bindgen]
pub fn floor_simd128(steps: f64, chains: usize) -> f64 {
    digest(workloads::floor_simd128(steps as u64, chains))
}

fn variant(letter: &str) -> Variant {
    letter.parse().expect("A, B or C")
}

#[wasm_bindgen]
pub fn one_day_steps(letter: &str, day: &str) -> f64 {
    one_day(variant(letter), date(day)) as f64
}

#[wasm_bindgen]
pub fn straightforward_day(letter: &str, day: &str) -> f64 {
    straightforward::DayDomains::new(variant(letter), date(day)).count() as f64
}

/// The year of C, part `part` of `parts`, generated; returns the steps taken.
#[wasm_bindgen]
pub fn year_generated(part: u32, parts: u32) -> f64 {
    interleaved_steps(&c_lists(year_of_c(), part as u64, parts as u64), 1) as f64
}

/// The era of C, part `part` of `parts`, generated; returns the steps taken.
#[wasm_bindgen]
pub fn era_generated(part: u32, parts: u32) -> f64 {
    interleaved_steps(&c_lists(DateRange::era(chrono::Utc::now().date_naive()), part as u64, parts as u64), 1) as f64
}

#[wasm_bindgen]
pub fn straightforward_year_generated(part: u32, parts: u32) -> f64 {
    straightforward_steps(year_of_c(), part as u64, parts as u64, 1) as f64
}

/// Holds `count` names for the checks: 10,000 C names, one C name, or a million of all
/// variants.
#[wasm_bindgen]
pub fn prepare_names(which: &str) {
    let names = match which {
        "10k" => names(10_000, &[Variant::C], (Variant::C, date("2009-06-01"))),
        "1m" => names(1_000_000, &Variant::ALL, (Variant::C, date("2009-04-01"))),
        _ => vec!["mqbxkvz.ru".to_string()],
    };
    NAMES.with(|n| *n.borrow_mut() = names);
}

fn range(which: &str) -> DateRange {
    match which {
        "year" => year_of_c(),
        "era" => DateRange::era(chrono::Utc::now().date_naive()),
        _ => DateRange::single(date("2009-04-01")),
    }
}

/// Checks the prepared names over "year", "era" or "day", part `part` of `parts`.
#[wasm_bindgen]
pub fn check_names(which: &str, part: u32, parts: u32) -> f64 {
    NAMES.with(|n| digest(check(&n.borrow(), range(which), part as u64, parts as u64)))
}

#[wasm_bindgen]
pub fn straightforward_check_names(which: &str, part: u32, parts: u32) -> f64 {
    NAMES.with(|n| {
        digest(straightforward_check(
            &n.borrow(),
            range(which),
            part as u64,
            parts as u64,
            1,
        ))
    })
}

/// The era's first and last date, for the report.
#[wasm_bindgen]
pub fn era() -> String {
    let era = DateRange::era(chrono::Utc::now().date_naive());
    format!("{} to {}", era.from(), era.to())
}

/// Bytes of linear memory: it only grows, so after a workload it bounds its peak.
#[wasm_bindgen]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}
