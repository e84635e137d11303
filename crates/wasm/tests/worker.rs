//! Scans that take minutes in the module, run in a dedicated worker as the page runs them
//! (`wasm-pack test --headless --chrome crates/wasm --test worker`), so that the browser
//! answers its driver meanwhile: issue 16's logs whose days lie far apart end in a report
//! within the module's memory.
#![cfg(target_arch = "wasm32")]

use conficker_dga_wasm::{scan_view, LogScan};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// The module's linear memory, which only grows: the most it ever held.
fn memory_bytes() -> u32 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length()
}

/// Scans `lines` lines `apart` days apart from 2009-04-01, one query each for abcde.ru (no
/// Conficker name), and gives the report's summary.
fn scan_sparse_log(lines: u64, apart: u64, slack: u32) -> String {
    let first = chrono::NaiveDate::from_ymd_opt(2009, 4, 1).unwrap();
    let log: String = (0..lines)
        .map(|i| {
            let date = first + chrono::Days::new(i * apart);
            format!("{date}T12:00:00Z 10.0.0.1 abcde.ru\n")
        })
        .collect();
    let options = Object::new();
    Reflect::set(&options, &"slack".into(), &slack.into()).unwrap();
    let mut scan = LogScan::new(Some(options)).unwrap();
    scan.begin("x.log").unwrap();
    scan.push(log.as_bytes()).unwrap();
    scan.end().unwrap();
    let view = scan_view(scan.report().unwrap()).unwrap();
    Reflect::get(&view, &"summary".into())
        .unwrap()
        .as_string()
        .unwrap()
}

#[wasm_bindgen_test]
fn a_log_whose_days_are_far_apart_ends_in_a_report() {
    // Every list these logs need, kept, overflowed the module's hash table ("Hash table
    // capacity overflow"); a scan keeps at most 32 days' lists, or 2 x slack + 1.
    assert_eq!(
        scan_sparse_log(400, 5, 2),
        "400 lines, 400 queries, 0 Conficker lookups by 0 clients \
         (variants A,B,C, lists of the query date ±2 days)"
    );
    assert_eq!(
        scan_sparse_log(10, 61, 30),
        "10 lines, 10 queries, 0 Conficker lookups by 0 clients \
         (variants A,B,C, lists of the query date ±30 days)"
    );
    assert!(memory_bytes() < 512 << 20, "{} MiB", memory_bytes() >> 20);
}
