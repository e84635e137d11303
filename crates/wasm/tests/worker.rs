//! Scans that take minutes in the module, run in a dedicated worker as the page runs them
//! (`wasm-pack test --headless --chrome crates/wasm --test worker`), so that the browser
//! answers its driver meanwhile: issue 16's logs whose days lie far apart end in a report, and
//! a million names are checked, within the module's memory; the name after them is refused.
#![cfg(target_arch = "wasm32")]

use conficker_dga_wasm::{scan_view, JsCheckRun, LogScan, Scanner};
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

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

/// 1,000,000 names of 2009-04-01, one line each: one in ten from the day's lists, the rest
/// random names of each variant's shape.
fn a_million_names() -> String {
    use conficker_dga::generator::DayDomains;
    use conficker_dga::variant::Variant;

    let day = chrono::NaiveDate::from_ymd_opt(2009, 4, 1).unwrap();
    let real: Vec<String> = Variant::ALL
        .into_iter()
        .flat_map(|v| DayDomains::new(v, day).map(move |d| d.to_string(v)))
        .collect();
    // xorshift64: the same names every run, without a dependency.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut below = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut text = String::new();
    for i in 0..1_000_000 {
        if i % 10 == 0 {
            text.push_str(&real[(i / 10) % real.len()]);
        } else {
            text.push_str(&Variant::ALL[i % 3].shaped_name(&mut below));
        }
        text.push('\n');
    }
    text
}

/// The page's check of a million names (a worker's scanner, then the run and its table) in
/// one module, so the module's memory afterwards bounds both at once.
#[wasm_bindgen_test]
fn a_million_names_are_checked_within_300_mb_and_one_more_is_refused() {
    let mut text = a_million_names();
    let names = JsValue::from_str(&text);
    let scanner = Scanner::new(names.clone(), JsValue::UNDEFINED).unwrap();
    let hits = scanner.scan("2009-04-01", "2009-04-01").unwrap();
    drop(scanner);
    let options = Object::new();
    Reflect::set(&options, &"from".into(), &"2009-04-01".into()).unwrap();
    Reflect::set(&options, &"to".into(), &"2009-04-01".into()).unwrap();
    let mut run = JsCheckRun::new(names, Some(options.clone())).unwrap();
    run.record(&hits).unwrap();
    run.add_days(1.0);
    run.finish(false);
    // The day's names, and the few random ones that happen to be in its lists.
    let summary = run.summary();
    let found: u32 = summary
        .strip_prefix("1000000 lines: ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{summary}"));
    assert!((100_000..100_100).contains(&found), "{summary}");
    // A row per line, or per hit: a day of C repeats some names.
    let rows = get(&run.rows(100, None).unwrap(), "total")
        .as_f64()
        .unwrap();
    assert!((1e6..1.001e6).contains(&rows), "{rows} rows");
    drop(run);
    let bytes = memory_bytes();
    console_log!(
        "module memory after the million-name check: {} MiB",
        bytes >> 20
    );
    assert!(f64::from(bytes) < 300e6, "{} MiB", bytes >> 20);

    text.push_str("one.more\n");
    let error = JsCheckRun::new(text.into(), Some(options)).err().unwrap();
    let field = get(&error, "field").as_string().unwrap_or_default();
    assert!(error.is_instance_of::<js_sys::Error>());
    let message: String = error.unchecked_into::<js_sys::Error>().message().into();
    assert_eq!(
        (message.as_str(), field.as_str()),
        (
            "more than 1000000 names: a check holds them all at once; \
             check fewer at a time, or scan a log of them with scan-log",
            "names"
        )
    );
}
