//! The exported JavaScript functions, run in headless Chromium by `wasm-pack test --headless
//! --chrome`: the reference lists and the press sightings come out through them, and bad
//! input throws an `Error` that says what is wrong.
#![cfg(target_arch = "wasm32")]

use conficker_dga::wasm::{
    check, day_list, export_names, generate, install_panic_hook, range_days, LogScan, Scanner,
};
use js_sys::{Array, Function, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn vector(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

#[wasm_bindgen_test]
fn generate_gives_the_four_reference_lists() {
    for (variant, date, text) in [
        ("A", "2020-01-01", include_str!("../../../tests/data/A-2020-01-01.txt")),
        ("A", "2020-03-04", include_str!("../../../tests/data/A-2020-03-04.txt")),
        ("B", "2020-01-01", include_str!("../../../tests/data/B-2020-01-01.txt")),
        ("B", "2020-01-19", include_str!("../../../tests/data/B-2020-01-19.txt")),
    ] {
        let got = generate(variant, date).unwrap_or_else(|_| panic!("{variant} {date}"));
        assert_eq!(got, vector(text), "{variant} {date}");
    }
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn json(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().into()
}

fn message(error: JsError) -> String {
    let value: JsValue = error.into();
    assert!(value.is_instance_of::<js_sys::Error>());
    value.unchecked_into::<js_sys::Error>().message().into()
}

#[wasm_bindgen_test]
fn check_finds_the_two_press_sightings() {
    let names = Array::of2(&"jogli.com".into(), &"praat.org".into());
    let results = check(names.into(), "2009-03-01", "2009-03-31", None).unwrap();
    assert_eq!(
        json(&get(&Array::from(&results).get(0), "hits")),
        r#"[{"date":"2009-03-08","variant":"B","index":100,"beforeFirstSeen":false}]"#
    );
    assert_eq!(
        json(&get(&Array::from(&results).get(1), "hits")),
        r#"[{"date":"2009-03-31","variant":"B","index":159,"beforeFirstSeen":false}]"#
    );
    assert_eq!(get(&results, "daysDone").as_f64(), Some(31.0));
    assert_eq!(get(&results, "cancelled").as_bool(), Some(false));
}

#[wasm_bindgen_test]
fn check_reports_progress_and_stops_when_the_signal_aborts() {
    let options = Object::new();
    let signal = Object::new();
    Reflect::set(&signal, &"aborted".into(), &false.into()).unwrap();
    // Aborts once 5 days are done, as a page's Cancel would between two days.
    let on_progress = Function::new_with_args(
        "done, total",
        "if (done === 5) this.aborted = true; this.last = [done, total];",
    );
    let on_progress = on_progress.bind0(&signal);
    Reflect::set(&options, &"onProgress".into(), &on_progress).unwrap();
    Reflect::set(&options, &"signal".into(), &signal).unwrap();
    Reflect::set(&options, &"variants".into(), &"B".into()).unwrap();
    let results = check(
        "jogli.com".into(),
        "2009-03-01",
        "2009-03-31",
        Some(options),
    )
    .unwrap();
    assert_eq!(get(&results, "cancelled").as_bool(), Some(true));
    assert_eq!(get(&results, "daysDone").as_f64(), Some(5.0));
    assert_eq!(json(&get(&signal, "last")), "[5,31]");
}

#[wasm_bindgen_test]
fn scanner_reports_each_line_that_asked() {
    let names = Array::of3(&"x.de".into(), &"jogli.com".into(), &"www.jogli.com".into());
    let scanner = Scanner::new(names.into(), JsValue::UNDEFINED).unwrap();
    let hits = scanner.scan("2009-03-08", "2009-03-08").unwrap();
    assert_eq!(
        json(&hits),
        concat!(
            r#"[{"line":1,"date":"2009-03-08","variant":"B","index":100,"beforeFirstSeen":false},"#,
            r#"{"line":2,"date":"2009-03-08","variant":"B","index":100,"beforeFirstSeen":false}]"#
        )
    );
}

#[wasm_bindgen_test]
fn day_list_digests_the_whole_list_and_filters_suffixes() {
    let day = day_list("B", "2020-01-19", "cn").unwrap();
    // md5sum of tests/data/B-2020-01-19.txt
    assert_eq!(
        get(&day, "md5").as_string().unwrap(),
        "f261cb1d0bc2f80ecbb4803b8c7547d6"
    );
    let domains = Array::from(&get(&day, "domains"));
    assert!(domains.length() > 0);
    for d in domains.iter() {
        assert!(get(&d, "domain").as_string().unwrap().ends_with(".cn"));
    }
}

#[wasm_bindgen_test]
fn bad_input_throws_an_error_naming_the_problem() {
    assert_eq!(
        message(generate("B", "2009-02-30").unwrap_err()),
        "2009-02-30 does not exist in the calendar"
    );
    assert_eq!(
        message(generate("B", "8 March").unwrap_err()),
        "'8 March' is not a date: use YYYY-MM-DD"
    );
    assert!(message(generate("E", "2009-03-08").unwrap_err()).starts_with("unknown variant 'E'"));
    assert_eq!(
        message(range_days("2009-04-02", "2009-04-01").unwrap_err()),
        "the range starts (2009-04-02) after it ends (2009-04-01)"
    );
    assert_eq!(
        message(
            check(
                Array::of1(&1.into()).into(),
                "2009-03-01",
                "2009-03-01",
                None
            )
            .unwrap_err()
        ),
        "names[0] is not a string"
    );
    let options = Object::new();
    Reflect::set(&options, &"onProgress".into(), &"nope".into()).unwrap();
    assert_eq!(
        message(
            check(
                "jogli.com".into(),
                "2009-03-01",
                "2009-03-01",
                Some(options)
            )
            .unwrap_err()
        ),
        "options.onProgress must be a function"
    );
}

fn log_options(pairs: &[(&str, JsValue)]) -> Option<Object> {
    let options = Object::new();
    for (key, value) in pairs {
        Reflect::set(&options, &(*key).into(), value).unwrap();
    }
    Some(options)
}

#[wasm_bindgen_test]
fn log_scan_reads_a_log_pushed_in_pieces() {
    let line = b"Mar  8 17:11:28 dnsmasq[12]: query[A] jogli.com from 10.0.0.5\n";
    let mut scan = LogScan::new(log_options(&[("year", 2009.into())])).unwrap();
    scan.begin("dnsmasq.log").unwrap();
    scan.push(&line[..20]).unwrap();
    scan.push(&line[20..]).unwrap();
    scan.end().unwrap();
    let report = scan.report().unwrap();
    let client = Array::from(&get(&report, "clients")).get(0);
    assert_eq!(
        json(&client),
        concat!(
            r#"{"client":"10.0.0.5","variants":"B","first":"2009-03-08T17:11:28Z","#,
            r#""last":"2009-03-08T17:11:28Z","lookups":1,"distinctNames":1,"#,
            r#""examples":[{"name":"jogli.com","variant":"B","date":"2009-03-08","index":100}]}"#
        )
    );
}

#[wasm_bindgen_test]
fn log_scan_options_and_unknown_formats_throw() {
    let refused = |pairs: &[(&str, JsValue)]| match LogScan::new(log_options(pairs)) {
        Ok(_) => panic!("accepted"),
        Err(e) => message(e),
    };
    assert!(refused(&[("format", "apache".into())]).starts_with("unknown log format 'apache'"));
    assert_eq!(
        refused(&[("slack", 31.into())]),
        "options.slack must be 0 to 30 days"
    );
    assert_eq!(
        refused(&[("utcOffsetMinutes", 1.5.into())]),
        "options.utcOffsetMinutes must be a whole number"
    );
    let mut scan = LogScan::new(None).unwrap();
    scan.begin("access.log").unwrap();
    scan.push(b"10.0.0.5 - - [08/Mar/2009:17:11:28 +0000] \"GET / HTTP/1.1\" 200 5\n")
        .unwrap();
    assert!(message(scan.end().unwrap_err())
        .starts_with("access.log: unknown log format: no DNS queries recognised"));
}

#[wasm_bindgen_test]
fn a_panic_throws_its_message_to_javascript() {
    install_panic_hook();
    let panicking = Closure::<dyn Fn()>::new(|| panic!("deliberate test panic"));
    let thrown = panicking
        .as_ref()
        .unchecked_ref::<Function>()
        .call0(&JsValue::NULL)
        .unwrap_err();
    let text: String = thrown.unchecked_into::<js_sys::Error>().message().into();
    assert!(text.starts_with("conficker-dga panicked: "), "{text}");
    assert!(text.contains("deliberate test panic"), "{text}");
}

fn export_options(pairs: &[(&str, &str)]) -> Option<Object> {
    let options = Object::new();
    for (key, value) in pairs {
        Reflect::set(&options, &(*key).into(), &(*value).into()).unwrap();
    }
    Some(options)
}

#[wasm_bindgen_test]
fn export_names_writes_a_day_less_the_allowlist() {
    let names = vector(include_str!("../../../tests/data/B-2020-01-19.txt"));
    let allowed = &names[5];
    let allow = format!("1,www.{allowed}\n2,google.com\n");
    let options = export_options(&[
        ("variants", "B"),
        ("sinkhole", "192.0.2.1"),
        ("allow", &allow),
    ]);
    let file = export_names("2020-01-19", "2020-01-19", "unbound", options).unwrap();
    let text = get(&file, "text").as_string().unwrap();
    let mut expected: Vec<&String> = names.iter().filter(|n| *n != allowed).collect();
    expected.sort();
    expected.dedup();
    let zones: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("    local-zone: \""))
        .map(|l| l.trim_end_matches(".\" redirect"))
        .collect();
    assert_eq!(zones, expected);
    assert!(text.contains(&format!("local-data: \"{}. A 192.0.2.1\"", expected[0])));
    assert_eq!(get(&file, "names").as_f64(), Some(expected.len() as f64));
    assert_eq!(get(&file, "keptOut").as_f64(), Some(1.0));
    assert_eq!(
        get(&file, "fileName").as_string().unwrap(),
        "conficker-unbound-2020-01-19_2020-01-19.conf"
    );
}

#[wasm_bindgen_test]
fn export_names_refuses_bad_options() {
    let bad = |format: &str, pairs: &[(&str, &str)]| {
        message(
            export_names("2020-01-19", "2020-01-19", format, export_options(pairs)).unwrap_err(),
        )
    };
    assert_eq!(
        bad("rpz", &[("sinkhole", "192.0.2.300")]),
        "'192.0.2.300' is not an IPv4 or IPv6 address"
    );
    assert_eq!(
        bad("plain", &[("sinkhole", "192.0.2.1")]),
        "a sinkhole address means nothing in the plain format, which answers no queries"
    );
    assert!(bad("bind", &[]).starts_with("unknown format 'bind'"));
    let options = Object::new();
    Reflect::set(&options, &"allow".into(), &1.into()).unwrap();
    assert_eq!(
        message(export_names("2020-01-19", "2020-01-19", "rpz", Some(options)).unwrap_err()),
        "options.allow must be a string"
    );
}
