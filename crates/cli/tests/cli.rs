//! The `conficker-dga` command as an analyst runs it.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_conficker-dga"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn vector(file: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../tests/data/{file}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

const MARCH_2009: [&str; 4] = ["--from", "2009-03-01", "--to", "2009-03-31"];

#[test]
fn generate_prints_the_worms_list_byte_for_byte() {
    let o = run(&["generate", "--variant", "B", "--date", "2020-01-19"], "");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), vector("B-2020-01-19.txt"));
}

#[test]
fn generate_filters_by_suffix_as_csv_with_digests() {
    let o = run(
        &[
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
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(0));
    let md5 = format!("{:x}", md5::compute(vector("B-2020-01-19.txt")));
    let expected: Vec<String> = vector("B-2020-01-19.txt")
        .lines()
        .enumerate()
        .filter(|(_, d)| d.ends_with(".cn"))
        .map(|(i, d)| format!("2020-01-19,B,{i},{d},{md5}"))
        .collect();
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("date,variant,index,domain,day_md5"));
    assert_eq!(lines.collect::<Vec<_>>(), expected);
}

#[test]
fn generate_text_digest_and_json_cover_each_day_of_a_range() {
    let o = run(
        &[
            "generate",
            "--variant",
            "A,B",
            "--from",
            "2020-01-01",
            "--to",
            "2020-01-02",
            "--digest",
        ],
        "",
    );
    let headers: Vec<String> = stdout(&o)
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(String::from)
        .collect();
    assert_eq!(headers.len(), 4);
    let md5 = format!("{:x}", md5::compute(vector("A-2020-01-01.txt")));
    assert_eq!(headers[0], format!("# A 2020-01-01 md5 {md5}"));

    let o = run(
        &[
            "generate",
            "--variant",
            "A",
            "--date",
            "2020-01-01",
            "--format",
            "json",
        ],
        "",
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json[0]["md5"], md5.as_str());
    let names: Vec<&str> = json[0]["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["domain"].as_str().unwrap())
        .collect();
    assert_eq!(names.join("\n") + "\n", vector("A-2020-01-01.txt"));
}

#[test]
fn check_table_answers_every_line() {
    let mut args = vec!["check"];
    args.extend(MARCH_2009);
    args.extend(["jogli.com", "www.jogli.com", "abcdefg.com", "example.de"]);
    let o = run(&args, "");
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
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
    let o = run(&args, "");
    let out = stdout(&o);
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
    let o = run(&args, "");
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
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
    let o = run(
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
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(out.contains("jogli.com,jogli.com,hit,B,2009-03-08,100,false,"));
    assert!(out.contains("not-a-name,"));
}

#[test]
fn check_exit_status_is_one_without_hits() {
    let o = run(&["check", "--around", "2009-03-08", "abcdefg.com"], "");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn check_reads_names_from_a_file() {
    let path = std::env::temp_dir().join(format!("conficker-names-{}.txt", std::process::id()));
    std::fs::write(&path, "praat.org\n").unwrap();
    let o = run(
        &[
            "check",
            "--around",
            "2009-03-31",
            "--slack",
            "0",
            "-i",
            path.to_str().unwrap(),
        ],
        "",
    );
    std::fs::remove_file(&path).unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("2009-03-31    159"));
}

fn assert_bad(args: &[&str], message: &str) {
    let o = run(args, "");
    assert_eq!(o.status.code(), Some(2), "{args:?}");
    let err = stderr(&o);
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
    let o = run(&["--help"], "");
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Microsoft's Conficker.D"));
}

#[test]
fn long_runs_print_no_progress_when_stderr_is_not_a_terminal() {
    let o = run(
        &[
            "check",
            "--from",
            "2009-04-01",
            "--to",
            "2011-06-30",
            "abcdef.ru",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), "");
}

/// A line that a spreadsheet would run as a formula stays text in the CSV, and control
/// characters from an input reach the terminal as visible escapes.
#[test]
fn outputs_are_inert() {
    let o = run(
        &["check", "--around", "2009-03-08", "-f", "csv", "-"],
        "=1+2\n",
    );
    assert_eq!(
        stdout(&o).lines().nth(1),
        Some("\"'=1+2\",\"'=1+2\",impossible,,,,,\"'=1+2' has no suffix: a Conficker name is letters, a dot and a suffix such as .com\",")
    );
    let o = run(
        &["check", "--around", "2009-03-08", "-"],
        "\x1b]0;owned\x07.com\n",
    );
    let out = stdout(&o);
    assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
    assert!(out.contains("\\x1b]0;owned\\x07.com"), "{out}");
    let o = run(&["check", "--from", "2009-03-0\x1b"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains('\x1b'), "{:?}", stderr(&o));
}
