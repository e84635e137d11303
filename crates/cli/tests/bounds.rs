//! Hostile sizes end in a result or a clear refusal, within a stated memory bound: each test
//! runs the command line and reads the child's own peak resident set from `wait4`.

mod common;

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::Path;
use std::process::Stdio;

use flate2::write::GzEncoder;
use flate2::Compression;

const MIB: u64 = 1 << 20;

struct Finished {
    code: i32,
    stderr: String,
    /// Peak resident set, in bytes.
    peak: u64,
}

/// Runs the command line to its end, standard input from `stdin`, its output dropped.
#[expect(
    clippy::zombie_processes,
    reason = "wait4 reaps the child, which is how its peak memory is read"
)]
fn run(args: &[&str], stdin: Option<&Path>) -> Finished {
    let mut stderr = tempfile::tempfile().expect("a temporary file");
    let child = common::binary()
        .args(args)
        .stdin(match stdin {
            Some(path) => Stdio::from(File::open(path).expect("the input")),
            None => Stdio::null(),
        })
        .stdout(Stdio::null())
        .stderr(stderr.try_clone().expect("a second handle"))
        .spawn()
        .expect("the command line runs");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the child is ours and not yet waited for; wait4 writes only to the two
    // locals. `Child` is never waited for after this, so the pid is not reaped twice.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t, "wait4 failed");
    assert!(
        libc::WIFEXITED(status),
        "the command line ended by a signal"
    );
    let mut text = String::new();
    stderr.rewind().expect("rewind");
    stderr.read_to_string(&mut text).expect("standard error");
    Finished {
        code: libc::WEXITSTATUS(status),
        stderr: text,
        // Linux counts ru_maxrss in KiB.
        peak: usage.ru_maxrss as u64 * 1024,
    }
}

#[test]
fn a_gzip_bomb_is_inflated_a_buffer_at_a_time() {
    // 256 gzip members of 1 MiB of zeros each: 256 MiB inflated from a quarter of a MB,
    // read in one chunk of the command line's.
    let mut member = GzEncoder::new(Vec::new(), Compression::best());
    member.write_all(&vec![0; MIB as usize]).expect("compress");
    let member = member.finish().expect("compress");
    let mut bomb = tempfile::Builder::new()
        .suffix(".gz")
        .tempfile()
        .expect("a temporary file");
    for _ in 0..256 {
        bomb.write_all(&member).expect("write");
    }
    let path = bomb.path().to_str().expect("a UTF-8 path");
    let done = run(&["scan-log", path], None);
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert!(
        done.stderr
            .ends_with("unknown log format: no lines to tell the format from\n"),
        "{}",
        done.stderr
    );
    assert!(done.peak < 64 * MIB, "peak {} MiB", done.peak / MIB);
}

/// A log of one query a line for abcde.ru (no Conficker name), `lines` lines `apart` days
/// apart from 2009-04-01: each line needs lists no other line does.
fn sparse_log(lines: u64, apart: u64) -> tempfile::NamedTempFile {
    let mut log = tempfile::NamedTempFile::new().expect("a temporary file");
    let first = chrono::NaiveDate::from_ymd_opt(2009, 4, 1).expect("a date");
    for i in 0..lines {
        let date = first + chrono::Days::new(i * apart);
        writeln!(log, "{date}T12:00:00Z 10.0.0.1 abcde.ru").expect("write");
    }
    log
}

#[test]
fn a_log_whose_days_are_far_apart_costs_time_not_memory() {
    // Issue 16's logs: 400 lines five days apart (2,000 days' lists, 6.5 GB when all were
    // kept), and ten lines 61 days apart with the widest slack (1.6 GB).
    let log = sparse_log(400, 5);
    let done = run(&["scan-log", log.path().to_str().expect("UTF-8")], None);
    assert_eq!(done.code, 1, "no Conficker name: {}", done.stderr);
    assert!(done.peak < 192 * MIB, "peak {} MiB", done.peak / MIB);
    let log = sparse_log(10, 61);
    let path = log.path().to_str().expect("UTF-8");
    let done = run(&["scan-log", "--slack", "30", path], None);
    assert_eq!(done.code, 1, "no Conficker name: {}", done.stderr);
    assert!(done.peak < 320 * MIB, "peak {} MiB", done.peak / MIB);
}

#[test]
fn a_ten_year_export_is_refused_before_anything_is_allocated() {
    let done = run(
        &[
            "export",
            "--from",
            "2009-04-01",
            "--to",
            "2019-03-31",
            "--format",
            "plain",
        ],
        None,
    );
    assert_eq!(done.code, 2);
    assert_eq!(
        done.stderr,
        "conficker-dga: an export covers at most 733 days; 3652 asked: export fewer days at a time\n"
    );
    assert!(done.peak < 32 * MIB, "peak {} MiB", done.peak / MIB);
}

#[test]
fn the_widest_export_holds_a_part_of_its_names_at_a_time() {
    // 733 days, 37 million names drawn: 1.8 GiB when they were all held at once.
    let done = run(&["export", "--window", "366", "--format", "plain"], None);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(done.stderr, "");
    assert!(done.peak < 128 * MIB, "peak {} MiB", done.peak / MIB);
}

#[test]
fn a_check_of_too_many_names_stops_reading_at_the_bound() {
    let mut names = tempfile::NamedTempFile::new().expect("a temporary file");
    let mut text = String::new();
    for i in 0..2_000_000 {
        text.push_str(&format!("junk{i}\n"));
    }
    names.write_all(text.as_bytes()).expect("write");
    let done = run(&["check", "-"], Some(names.path()));
    assert_eq!(done.code, 2);
    assert_eq!(
        done.stderr,
        "conficker-dga: more than 1000000 names: a check holds them all at once; \
         check fewer at a time, or scan a log of them with scan-log\n"
    );
    assert!(done.peak < 192 * MIB, "peak {} MiB", done.peak / MIB);
}

#[test]
fn a_million_names_over_one_day_are_checked_within_300_mb() {
    use conficker_dga::dates::DateRange;
    use conficker_dga::generator::DayDomains;
    use conficker_dga::variant::Variant;

    // One name in ten from the day's lists of the three variants, the rest random names of
    // each variant's shape: 1,000,000 in all, the most a check takes. Written as they are
    // made: a child started by this process counts this process's peak as its own.
    let day = DateRange::parse("2009-04-01", "2009-04-01").expect("a date");
    let mut real = std::iter::repeat_with(|| {
        Variant::ALL
            .into_iter()
            .flat_map(|v| DayDomains::new(v, day.from()).map(move |d| d.to_string(v)))
    })
    .flatten();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut below = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut names = tempfile::NamedTempFile::new().expect("a temporary file");
    let mut file = std::io::BufWriter::new(names.as_file_mut());
    for i in 0..1_000_000 {
        let line = if i % 10 == 0 {
            real.next().expect("names")
        } else {
            Variant::ALL[i % 3].shaped_name(&mut below)
        };
        writeln!(file, "{line}").expect("write");
    }
    file.flush().expect("write");
    drop(file);
    let path = names.path().to_str().expect("a UTF-8 path");
    let done = run(
        &[
            "check",
            "--from",
            "2009-04-01",
            "--to",
            "2009-04-01",
            "--input",
            path,
        ],
        None,
    );
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(done.peak < 300_000_000, "peak {} MB", done.peak / 1_000_000);
}
