//! The `conficker-dga` command as an analyst runs it.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{data_text, run, run_with_input};

const MARCH_2009: [&str; 4] = ["--from", "2009-03-01", "--to", "2009-03-31"];

#[test]
fn generate_prints_the_worms_list_byte_for_byte() {
    let (code, out, _) = run(&["generate", "--variant", "B", "--date", "2020-01-19"]);
    assert_eq!(code, 0);
    assert_eq!(out, data_text("B-2020-01-19.txt"));
}

#[test]
fn generate_filters_by_suffix_as_csv_with_digests() {
    let (code, out, _) = run(&[
        "generate",
        "--variant",
        "B",
        "--date",
        "2020-01-19",
        "--suffix",
        "cn",
        "--format",
        "csv",
        "--digest",
    ]);
    assert_eq!(code, 0);
    let md5 = format!("{:x}", md5::compute(data_text("B-2020-01-19.txt")));
    let expected: Vec<String> = data_text("B-2020-01-19.txt")
        .lines()
        .enumerate()
        .filter(|(_, d)| d.ends_with(".cn"))
        .map(|(i, d)| format!("2020-01-19,B,{i},{d},{md5}"))
        .collect();
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("date,variant,index,domain,day_md5"));
    assert_eq!(lines.collect::<Vec<_>>(), expected);
}

#[test]
fn generate_text_digest_and_json_cover_each_day_of_a_range() {
    let (_, out, _) = run(&[
        "generate",
        "--variant",
        "A,B",
        "--from",
        "2020-01-01",
        "--to",
        "2020-01-02",
        "--digest",
    ]);
    let headers: Vec<String> = out
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(String::from)
        .collect();
    assert_eq!(headers.len(), 4);
    let md5 = format!("{:x}", md5::compute(data_text("A-2020-01-01.txt")));
    assert_eq!(headers[0], format!("# A 2020-01-01 md5 {md5}"));

    let (_, out, _) = run(&[
        "generate",
        "--variant",
        "A",
        "--date",
        "2020-01-01",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json[0]["md5"], md5.as_str());
    let names: Vec<&str> = json[0]["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["domain"].as_str().unwrap())
        .collect();
    assert_eq!(names.join("\n") + "\n", data_text("A-2020-01-01.txt"));
}

#[test]
fn check_table_answers_every_line() {
    let mut args = vec!["check"];
    args.extend(MARCH_2009);
    args.extend(["jogli.com", "www.jogli.com", "abcdefg.com", "example.de"]);
    let (code, out, _) = run(&args);
    assert_eq!(code, 0);
    let rows: Vec<&str> = out.lines().collect();
    assert!(rows[0].starts_with("INPUT"));
    assert!(
        rows[1].starts_with("jogli.com")
            && rows[1].contains("B        2009-03-08    100  Conficker name"),
        "{out}"
    );
    assert!(rows[2].contains("checked as jogli.com"), "{out}");
    assert!(
        out.contains("abcdefg.com") && out.contains("not generated in this range"),
        "{out}"
    );
    assert!(
        out.contains("impossible: suffix .de is used by no variant"),
        "{out}"
    );
}

#[test]
fn check_csv_has_one_row_per_hit_or_unmatched_line() {
    let mut args = vec!["check", "--format", "csv"];
    args.extend(MARCH_2009);
    args.extend(["praat.org", "abc.com"]);
    let (_, out, _) = run(&args);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "input,name,verdict,variant,date,index,before_first_seen,reason,note"
    );
    assert!(
        lines.contains(&"praat.org,praat.org,hit,B,2009-03-31,159,false,,"),
        "{out}"
    );
    assert!(
        lines.contains(&"abc.com,abc.com,impossible,,,,,length 3: A and B use 5-11 letters,"),
        "{out}"
    );
}

#[test]
fn check_json_reports_range_and_hits() {
    let mut args = vec!["check", "--format", "json", "--variants", "B"];
    args.extend(MARCH_2009);
    args.push("jogli.com");
    let (_, out, _) = run(&args);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["from"], "2009-03-01");
    assert_eq!(json["variants"], serde_json::json!(["B"]));
    assert_eq!(json["daysDone"], 31);
    let hits = json["results"][0]["hits"].as_array().unwrap();
    assert!(hits
        .iter()
        .any(|h| h["date"] == "2009-03-08" && h["index"] == 100 && h["variant"] == "B"));
}

#[test]
fn check_reads_standard_input_skipping_blanks_and_comments() {
    let (_, out, _) = run_with_input(
        &[
            "check",
            "--around",
            "2009-03-08",
            "--slack",
            "0",
            "--format",
            "csv",
            "-",
        ],
        "# from the DNS log\n\njogli.com\n  \nnot-a-name\n",
    );
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(out.contains("jogli.com,jogli.com,hit,B,2009-03-08,100,false,"));
    assert!(out.contains("not-a-name,"));
}

#[test]
fn check_exit_status_is_one_without_hits() {
    let (code, _, _) = run(&["check", "--around", "2009-03-08", "abcdefg.com"]);
    assert_eq!(code, 1);
}

#[test]
fn check_reads_names_from_a_file() {
    let names = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(names.path(), "praat.org\n").unwrap();
    let (code, out, _) = run(&[
        "check",
        "--around",
        "2009-03-31",
        "--slack",
        "0",
        "-i",
        names.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("2009-03-31    159"));
}

fn assert_bad(args: &[&str], message: &str) {
    let (code, _, err) = run(args);
    assert_eq!(code, 2, "{args:?}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(message), "{args:?}: {err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn bad_arguments_name_the_problem_and_exit_2() {
    assert_bad(
        &["check", "--from", "2009-02-30", "x.com"],
        "2009-02-30 does not exist in the calendar",
    );
    assert_bad(
        &[
            "check",
            "--from",
            "2009-04-02",
            "--to",
            "2009-04-01",
            "x.com",
        ],
        "the range starts (2009-04-02) after it ends (2009-04-01)",
    );
    assert_bad(
        &["check", "--variants", "E", "x.com"],
        "unknown variant 'E'",
    );
    assert_bad(
        &["check", "-i", "/nonexistent/names.txt"],
        "cannot read /nonexistent/names.txt",
    );
    assert_bad(&["check"], "no names to check");
    assert_bad(
        &["generate", "--date", "yesterday"],
        "'yesterday' is not a date",
    );
    assert_bad(
        &["generate", "--variant", "A", "--suffix", "cl"],
        "suffix .cl is used only by C",
    );
    assert_bad(&["frobnicate"], "unrecognized subcommand");
}

#[test]
fn help_names_the_aliases() {
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Microsoft's Conficker.D"));
}

#[test]
fn long_runs_print_no_progress_when_stderr_is_not_a_terminal() {
    let (code, _, err) = run(&[
        "check",
        "--from",
        "2009-04-01",
        "--to",
        "2011-06-30",
        "abcdef.ru",
    ]);
    assert_eq!(code, 1);
    assert_eq!(err, "");
}

/// A line that a spreadsheet would run as a formula stays text in the CSV, and control
/// characters from an input reach the terminal as visible escapes.
#[test]
fn outputs_are_inert() {
    let (_, out, _) = run_with_input(
        &["check", "--around", "2009-03-08", "-f", "csv", "-"],
        "=1+2\n",
    );
    assert_eq!(
        out.lines().nth(1),
        Some("\"'=1+2\",\"'=1+2\",impossible,,,,,\"'=1+2' has no suffix: a Conficker name is letters, a dot and a suffix such as .com\",")
    );
    let (_, out, _) = run_with_input(
        &["check", "--around", "2009-03-08", "-"],
        "\x1b]0;owned\x07.com\n",
    );
    assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
    assert!(out.contains("\\x1b]0;owned\\x07.com"), "{out}");
    let (code, _, err) = run(&["check", "--from", "2009-03-0\x1b"]);
    assert_eq!(code, 2);
    assert!(!err.contains('\x1b'), "{:?}", err);
}
