//! The exported JavaScript functions, run in headless Chromium by `wasm-pack test --headless
//! --chrome`: the reference lists and the press sightings come out through them, and bad
//! input throws an `Error` that says what is wrong; a network report's zip holds the files of
//! the command line's folder.
#![cfg(target_arch = "wasm32")]

use conficker_dga::logscan::ScanReport;
use conficker_dga::networks::{
    attribute, report_files, Contacts, DhcpOptions, Leases, NetworkTables,
};
use conficker_dga_wasm::{
    check, day_list, day_list_text, day_list_texts, export_files, export_names, facts, generate,
    install_panic_hook, list_layout, network_report, range_days, scan_file, scan_view, JsCheckRun,
    LogScan, Scanner,
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
        (
            "A",
            "2020-01-01",
            include_str!("../../../tests/data/A-2020-01-01.txt"),
        ),
        (
            "A",
            "2020-03-04",
            include_str!("../../../tests/data/A-2020-03-04.txt"),
        ),
        (
            "B",
            "2020-01-01",
            include_str!("../../../tests/data/B-2020-01-01.txt"),
        ),
        (
            "B",
            "2020-01-19",
            include_str!("../../../tests/data/B-2020-01-19.txt"),
        ),
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

fn message(error: JsValue) -> String {
    assert!(error.is_instance_of::<js_sys::Error>());
    error.unchecked_into::<js_sys::Error>().message().into()
}

/// The message and the field of an input error.
fn refusal(error: JsValue) -> (String, String) {
    let field = get(&error, "field").as_string().unwrap_or_default();
    (message(error), field)
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

/// The page's way: a worker's `Scanner` finds the hits, the page's `CheckRun` records them and
/// writes the command line's CSV.
#[wasm_bindgen_test]
fn a_check_run_records_what_a_scanner_found() {
    let names = "x.de\njogli.com\n\n# a comment\nwww.jogli.com\n";
    let scanner = Scanner::new(names.into(), JsValue::UNDEFINED).unwrap();
    let options = Object::new();
    Reflect::set(&options, &"from".into(), &"2009-03-08".into()).unwrap();
    Reflect::set(&options, &"to".into(), &"2009-03-08".into()).unwrap();
    let mut run = JsCheckRun::new(names.into(), Some(options)).unwrap();
    assert!(run.needs_scan());
    run.record(&scanner.scan("2009-03-08", "2009-03-08").unwrap())
        .unwrap();
    run.add_days(1.0);
    run.finish(false);
    assert_eq!(
        run.csv(),
        "input,name,verdict,variant,date,index,before_first_seen,reason,note\n\
         x.de,x.de,impossible,,,,,suffix .de is used by no variant,\n\
         jogli.com,jogli.com,hit,B,2009-03-08,100,false,,\n\
         www.jogli.com,jogli.com,hit,B,2009-03-08,100,false,,\"www.jogli.com is checked as jogli.com, the name it lies below\"\n"
    );
    let rows = run.rows(2, Some("2026-12-04".into())).unwrap();
    assert_eq!(get(&rows, "total").as_f64(), Some(3.0));
    assert_eq!(
        json(&Array::from(&get(&rows, "rows")).get(1)),
        r#"{"input":"jogli.com","note":"","verdict":"Conficker name","kind":"hit","variant":"B","date":"2009-03-08","dateNote":"","index":"100","plain":{"label":"Conficker name","sentence":"The worm made up jogli.com from random letters. Its names sometimes coincide with real, registered sites: if jogli.com is one, the site itself is not malicious and its visitors are not infected. What gives an infected machine away is looking up many of the worm's names of the same day."},"meaning":"Hosts infected with B look up jogli.com on 2009-03-08 (UTC); with clocks or log times up to 2 days off, any day from 2009-03-06 to 2009-03-10.","lookups":{"date":"2009-03-08","slack":2,"from":"2009-03-06","to":"2009-03-10"},"wider":null}"#
    );
    assert_eq!(
        refusal(run.rows(2, Some("2026-13-01".into())).unwrap_err()).1,
        "date"
    );
    assert_eq!(
        run.sentence(1).unwrap(),
        "jogli.com is a Conficker name: B #100 on 2009-03-08"
    );
    assert!(run.record(&[7, 0, 0, 0]).is_err());
}

#[wasm_bindgen_test]
fn facts_and_list_layouts_come_from_the_core() {
    let facts = facts().unwrap();
    assert_eq!(get(&facts, "eraStart").as_string().unwrap(), "2008-11-21");
    let c = Array::from(&get(&facts, "variants")).get(2);
    assert_eq!(get(&c, "perDay").as_f64(), Some(50_000.0));
    assert_eq!(get(&c, "firstSeen").as_string().unwrap(), "2009-04-01");
    let layout = list_layout("csv").unwrap();
    let day = day_list_text("B", "2020-01-19", "", "text").unwrap();
    assert_eq!(
        get(&day, "text").as_string().unwrap(),
        include_str!("../../../tests/data/B-2020-01-19.txt")
    );
    // Several variants' lists of a day, A's then B's, each with its names one per line.
    let days = Array::from(&day_list_texts("A,B", "2020-01-01", "", "csv").unwrap());
    let lists: Vec<(String, String)> = days
        .iter()
        .map(|d| {
            let text = |key| get(&d, key).as_string().unwrap();
            (text("variant"), text("list"))
        })
        .collect();
    assert_eq!(
        lists,
        [
            (
                "A".to_string(),
                include_str!("../../../tests/data/A-2020-01-01.txt").to_string()
            ),
            (
                "B".to_string(),
                include_str!("../../../tests/data/B-2020-01-01.txt").to_string()
            ),
        ]
    );
    // A suffix only C uses leaves A and B out of a list of all three.
    let c_only = Array::from(&day_list_texts("A,B,C", "2020-01-01", "ru", "text").unwrap());
    assert_eq!(c_only.length(), 1);
    assert_eq!(get(&c_only.get(0), "variant").as_string().unwrap(), "C");
    assert_eq!(
        get(&layout, "header").as_string().unwrap(),
        "date,variant,index,domain\n"
    );
    let formats: Vec<String> = Array::from(&get(&facts, "exportFormats"))
        .iter()
        .map(|f| get(&f, "name").as_string().unwrap())
        .collect();
    assert_eq!(
        formats,
        [
            "rpz",
            "unbound",
            "dnsmasq",
            "hosts",
            "plain",
            "suricata",
            "suricata-dataset",
            "zeek-intel",
            "csv"
        ]
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
        refusal(generate("B", "2009-02-30").unwrap_err()),
        (
            "date 2009-02-30 does not exist in the calendar".into(),
            "date".into()
        )
    );
    assert_eq!(
        message(generate("B", "8 March").unwrap_err()),
        "date '8 March' is not a date: use YYYY-MM-DD"
    );
    let (text, field) = refusal(generate("E", "2009-03-08").unwrap_err());
    assert!(text.starts_with("unknown variant 'E'") && field == "variants");
    assert_eq!(
        refusal(range_days("2009-04-02", "2009-04-01").unwrap_err()),
        (
            "the range starts (2009-04-02) after it ends (2009-04-01)".into(),
            "to".into()
        )
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
    assert_eq!(
        get(&scan_file(report.clone(), "days-csv").unwrap(), "text")
            .as_string()
            .unwrap(),
        "date,queries,lookups,a,b,c,clients\n2009-03-08,1,1,0,1,0,1\n"
    );
    assert_eq!(
        get(&scan_view(report.clone()).unwrap(), "summary").as_string().unwrap(),
        "1 line, 1 query, 1 Conficker lookup by 1 client (variants A,B,C, lists of the query date ±2 days)"
    );
    let client = Array::from(&get(&report, "clients")).get(0);
    assert_eq!(
        json(&client),
        concat!(
            r#"{"client":"10.0.0.5","variants":"B","first":"2009-03-08T17:11:28Z","#,
            r#""last":"2009-03-08T17:11:28Z","lookups":1,"distinctNames":1,"#,
            r#""examples":[{"name":"jogli.com","variant":"B","date":"2009-03-08","index":100}],"#,
            r#""processes":[]}"#
        )
    );
}

#[wasm_bindgen_test]
fn log_scan_options_and_unknown_formats_throw() {
    let refused = |pairs: &[(&str, JsValue)]| match LogScan::new(log_options(pairs)) {
        Ok(_) => panic!("accepted"),
        Err(e) => refusal(e),
    };
    let (text, field) = refused(&[("format", "apache".into())]);
    assert!(text.starts_with("unknown log format 'apache'") && field == "logFormat");
    assert_eq!(
        refused(&[("slack", 31.into())]),
        (
            "slack 31 is out of range: use 0 to 30".into(),
            "slack".into()
        )
    );
    assert_eq!(refused(&[("slack", "2.5".into())]).1, "slack");
    assert_eq!(
        refused(&[("utcOffset", "+130".into())]),
        (
            "UTC offset '+130' is not one: use +HH:MM or -HH:MM (e.g. +01:00), at most 14 hours"
                .into(),
            "utcOffset".into()
        )
    );
    assert_eq!(refused(&[("year", 0.into())]).1, "year");
    let mut scan = LogScan::new(None).unwrap();
    scan.begin("access.log").unwrap();
    scan.push(b"10.0.0.5 - - [08/Mar/2009:17:11:28 +0000] \"GET / HTTP/1.1\" 200 5\n")
        .unwrap();
    assert!(message(scan.end().unwrap_err())
        .starts_with("access.log: unknown log format: no DNS queries recognised"));
}

#[wasm_bindgen_test]
fn a_gzip_bomb_pushed_in_the_pages_chunks_ends_in_a_message() {
    use std::io::Write;
    // 2,048 gzip members of 1 MiB of zeros: 2 GiB inflated from 2 MiB, pushed as the page
    // pushes (4 MiB at a time, so in one push). Inflated whole, it overflowed the module's
    // 32-bit memory.
    let mut member = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    member.write_all(&vec![0; 1 << 20]).unwrap();
    let member = member.finish().unwrap();
    let bomb = member.repeat(2048);
    let mut scan = LogScan::new(None).unwrap();
    scan.begin("bomb.gz").unwrap();
    for chunk in bomb.chunks(4 << 20) {
        scan.push(chunk).unwrap();
    }
    assert_eq!(
        message(scan.end().unwrap_err()),
        "bomb.gz: unknown log format: no lines to tell the format from"
    );
}

#[wasm_bindgen_test]
fn an_export_longer_than_the_modules_bound_is_refused() {
    let (text, field) =
        refusal(export_names("2020-01-01", "2020-03-02", "plain", None).unwrap_err());
    assert_eq!(
        text,
        "an export covers at most 61 days; 62 asked: export fewer days at a time"
    );
    assert_eq!(field, "to");
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

/// `[{ name, text }]` as pairs.
fn named_files(files: &JsValue) -> Vec<(String, String)> {
    Array::from(files)
        .iter()
        .map(|f| {
            let name = get(&f, "name").as_string().unwrap();
            (name, get(&f, "text").as_string().unwrap())
        })
        .collect()
}

#[wasm_bindgen_test]
fn export_files_writes_the_suricata_rule_and_its_dataset() {
    let names = vector(include_str!("../../../tests/data/B-2020-01-19.txt"));
    let allowed = &names[5];
    let allow = format!("1,www.{allowed}\n");
    let options = || export_options(&[("variants", "B"), ("allow", &allow)]);
    let files = named_files(
        &export_files("2020-01-19", "2020-01-19", "suricata-dataset", options()).unwrap(),
    );
    let stem = "conficker-suricata-dataset-2020-01-19_2020-01-19";
    let file_names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(file_names, [format!("{stem}.rules"), format!("{stem}.lst")]);
    let (rules, dataset) = (&files[0].1, &files[1].1);
    let rule: Vec<&str> = rules.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(rule.len(), 1);
    assert!(
        rule[0].contains(&format!(
            "dataset:isset,{stem}, type string, load {stem}.lst,"
        )),
        "{}",
        rule[0]
    );
    // The browser's own base64 decoder, not the core's encoder run backwards.
    let atob: Function = Reflect::get(&js_sys::global(), &"atob".into())
        .unwrap()
        .unchecked_into();
    let decoded: Vec<String> = dataset
        .lines()
        .map(|l| {
            atob.call1(&JsValue::NULL, &l.into())
                .unwrap()
                .as_string()
                .unwrap()
        })
        .collect();
    let mut expected: Vec<String> = names.iter().filter(|n| *n != allowed).cloned().collect();
    expected.sort();
    expected.dedup();
    assert_eq!(decoded, expected);
    // exportNames gives the same files, and the summary beside them.
    let both = export_names("2020-01-19", "2020-01-19", "suricata-dataset", options()).unwrap();
    assert_eq!(named_files(&get(&both, "files")), files);
    assert_eq!(get(&both, "fileName").as_string().unwrap(), files[0].0);
    assert_eq!(get(&both, "keptOut").as_f64(), Some(1.0));
    // One-file formats are a list of one.
    let zeek =
        named_files(&export_files("2020-01-19", "2020-01-19", "zeek-intel", options()).unwrap());
    assert_eq!(zeek.len(), 1);
    assert_eq!(zeek[0].0, "conficker-zeek-intel-2020-01-19_2020-01-19.txt");
    let indicators: Vec<&str> = zeek[0]
        .1
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(indicators, expected);
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
        "sinkhole '192.0.2.300' is not an IPv4 or IPv6 address"
    );
    assert_eq!(
        bad("plain", &[("sinkhole", "192.0.2.1")]),
        "a sinkhole address means nothing in the plain format, which answers no queries"
    );
    assert!(bad("bind", &[]).starts_with("unknown format 'bind'"));
    let options = Object::new();
    Reflect::set(&options, &"allow".into(), &Object::new()).unwrap();
    assert_eq!(
        message(export_names("2020-01-19", "2020-01-19", "rpz", Some(options)).unwrap_err()),
        "options.allow must be a string"
    );
}

fn named(name: &str, bytes: &[u8]) -> JsValue {
    let file = Object::new();
    Reflect::set(&file, &"name".into(), &name.into()).unwrap();
    Reflect::set(&file, &"bytes".into(), &js_sys::Uint8Array::from(bytes)).unwrap();
    file.into()
}

const NETWORK_LOG: &[u8] = b"Mar  8 17:11:28 dnsmasq[12]: query[A] jogli.com from 10.0.0.5\n\
Mar  8 17:12:28 dnsmasq[12]: query[A] jogli.com from 5.6.7.8\n";
const RANGES: &[u8] = b"5.6.0.0\t5.6.255.255\t64500\tDE\tEXAMPLE-NET\n";
const CONTACTS: &[u8] = b"asn,email,name\n64500,abuse@example.net,Example Net\n";
const LEASES: &[u8] = b"1236600000 00:11:22:33:44:55 10.0.0.5 alpha *\n";

#[wasm_bindgen_test]
fn a_network_report_zips_the_folder_the_command_line_writes() {
    let mut scan = LogScan::new(log_options(&[("year", 2009.into())])).unwrap();
    scan.begin("dnsmasq.log").unwrap();
    scan.push(NETWORK_LOG).unwrap();
    scan.end().unwrap();
    let report = scan.report().unwrap();
    let inputs = |ranges: &[u8]| {
        log_options(&[
            ("networks", Array::of1(&named("ranges.tsv", ranges)).into()),
            (
                "contacts",
                Array::of1(&named("contacts.csv", CONTACTS)).into(),
            ),
            ("dhcp", Array::of1(&named("dnsmasq.leases", LEASES)).into()),
        ])
    };
    let result = network_report(report.clone(), inputs(RANGES)).unwrap();
    assert_eq!(
        get(&result, "summary").as_string().unwrap(),
        "2 hosts in 2 networks"
    );
    assert_eq!(
        json(&get(&result, "networks")),
        concat!(
            r#"[{"cells":["AS64500","EXAMPLE-NET (DE)","1","1","Example Net <abuse@example.net>"],"file":"AS64500.csv"},"#,
            r#"{"cells":["internal (special-use addresses)","","1","1",""],"file":"internal.csv"}]"#
        )
    );
    let client = Array::from(&get(&get(&result, "clients"), "clients")).get(0);
    assert_eq!(
        json(&get(&client, "machine")),
        r#"{"mac":"00:11:22:33:44:55","hostname":"alpha"}"#
    );

    // The zip holds the files the core gives the command line's folder, byte for byte.
    let scan_report: ScanReport = serde_json::from_str(&json(&report)).unwrap();
    let mut tables = NetworkTables::new();
    tables.add("ranges.tsv", RANGES.to_vec()).unwrap();
    let mut contacts = Contacts::new();
    contacts.add("contacts.csv", CONTACTS).unwrap();
    let mut leases = Leases::new();
    let options = DhcpOptions {
        local_offset_seconds: 0,
        syslog_year: 2009,
    };
    leases
        .add("dnsmasq.leases", LEASES.to_vec(), options)
        .unwrap();
    let folder = report_files(&attribute(&[scan_report], &tables, &contacts, &leases).unwrap());
    let zip = get(&result, "zip")
        .dyn_into::<js_sys::Uint8Array>()
        .unwrap()
        .to_vec();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut unzipped = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        unzipped.push((entry.name().to_string(), bytes));
    }
    assert_eq!(unzipped, folder);
    let networks_json = &folder.iter().find(|(n, _)| n == "networks.json").unwrap().1;
    assert_eq!(
        get(&result, "json").as_string().unwrap().as_bytes(),
        networks_json.as_slice()
    );
    assert_eq!(
        get(&result, "zipName").as_string().unwrap(),
        "conficker-networks.zip"
    );

    // A table it cannot read: the line, and the field it came from.
    let bad = b"5.6.0.0\t5.6.255.255\t64500\tDE\tX\n5.7.0.0\tnope\t1\tDE\tY\n";
    let (text, field) = refusal(network_report(report, inputs(bad)).unwrap_err());
    assert!(
        text.starts_with("network table ranges.tsv line 2: "),
        "{text}"
    );
    assert_eq!(field, "networks");
}
