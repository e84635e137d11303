//! `cargo bench --bench bench`: the native half of `make bench`. Prints a Markdown
//! table: each workload's best and median time, its rate, and its ratio to the floor
//! (the bare arithmetic at the machine's best throughput, on as many cores), to the
//! straightforward version and, for one core, to the x87 C version (benches/x87).
//! `BENCH_QUICK=1` runs each workload once and skips the slowest reference runs.

mod workloads;

use std::time::Instant;

use conficker_dga::dates::DateRange;
use conficker_dga::variant::Variant;
use workloads::*;

/// Times `work` `runs` times; returns (best, median) seconds and its last result.
fn time(runs: usize, mut work: impl FnMut() -> u64) -> (f64, f64, u64) {
    let mut times = Vec::new();
    let mut result = 0;
    for _ in 0..runs {
        let start = Instant::now();
        result = std::hint::black_box(work());
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    (times[0], times[times.len() / 2], result)
}

fn seconds(s: f64) -> String {
    if s < 1e-3 {
        format!("{:.1} µs", s * 1e6)
    } else if s < 1.0 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{s:.2} s")
    }
}

struct Table {
    floor: f64,
    quick: bool,
}

impl Table {
    /// One row: `steps` of work done in (best, median) on `threads` threads; the
    /// straightforward version's and the x87 C version's best times for the same work,
    /// when measured.
    fn row(
        &self,
        what: &str,
        threads: usize,
        (best, median): (f64, f64),
        steps: u64,
        plain: Option<f64>,
        x87: Option<f64>,
    ) {
        let rate = steps as f64 / best / 1e6;
        let floor_time = steps as f64 / (self.floor * threads as f64);
        let vs_plain = plain.map_or("not run".to_string(), |p| {
            format!("{:.1}x faster", p / best)
        });
        let vs_x87 = x87.map_or("not run".to_string(), |c| {
            format!("{:.1}x faster", c / best)
        });
        println!(
            "| {what} | {threads} | {} | {} | {rate:.0} | {:.2}x | {vs_plain} | {vs_x87} |",
            seconds(best),
            seconds(median),
            best / floor_time,
        );
    }

    fn runs(&self, n: usize) -> usize {
        if self.quick {
            1
        } else {
            n
        }
    }
}

/// The best of `runs` times the x87 C version takes to write `lists` on one core, where
/// there is an x87 (x86-64).
fn x87_time(runs: usize, lists: &[(Variant, chrono::NaiveDate)]) -> Option<f64> {
    #[cfg(target_arch = "x86_64")]
    {
        use conficker_dga_x87::{Generator, Precision, Variant as X87};
        let first = chrono::NaiveDate::from_ymd_opt(1601, 1, 1).expect("a valid date");
        let mut generator = Generator::default();
        let mut write = || {
            lists.iter().fold(0, |sum: u64, &(variant, date)| {
                let variant = match variant {
                    Variant::A => X87::A,
                    Variant::B => X87::B,
                    Variant::C => X87::C,
                };
                let days = (date - first).num_days() as u32;
                sum + generator.list(variant, days, Precision::Double).len() as u64
            })
        };
        Some(time(runs, &mut write).0)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = (runs, lists);
        None
    }
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    if std::env::args().any(|a| a == MILLION) {
        return million_child();
    }
    if std::env::args().any(|a| a == GENERATOR) {
        return generator_child();
    }
    if std::env::args().any(|a| a == FLOOR) {
        return floor_child();
    }
    if std::env::args().any(|a| a == X87) {
        let seconds = x87_time(1, &c_lists(year_of_c(), 0, 1));
        return println!("the x87 C version: the year of C in {seconds:?} s");
    }
    let quick = std::env::var_os("BENCH_QUICK").is_some();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let floor_steps = 400_000_000;

    println!("## Floor: the bare step arithmetic, independent chains, one core\n");
    println!("| code | chains | M steps/s |\n|---|---|---|");
    let mut floor: f64 = 0.0;
    // The step count goes through black_box inside the timed call: the floor is a pure
    // function of constants, which the compiler may otherwise compute before the clock starts.
    for chains in [1, 4, 8, 16, 32, 64] {
        let (best, _, _) = time(3, || {
            floor_scalar(std::hint::black_box(floor_steps), chains)
        });
        let rate = floor_steps as f64 / best;
        println!("| scalar | {chains} | {:.0} |", rate / 1e6);
        floor = floor.max(rate);
    }
    #[cfg(target_arch = "x86_64")]
    for chains in [8, 16, 32, 64] {
        if floor_avx512(1, chains).is_none() {
            break;
        }
        let (best, _, _) = time(3, || {
            floor_avx512(std::hint::black_box(floor_steps), chains).unwrap_or(0)
        });
        let rate = floor_steps as f64 / best;
        println!("| AVX-512 | {chains} | {:.0} |", rate / 1e6);
        floor = floor.max(rate);
    }
    println!("\nFloor: {:.0} M steps/s per core.\n", floor / 1e6);

    let table = Table { floor, quick };
    println!("## Workloads\n");
    println!(
        "| work | threads | best | median | M steps/s | x floor | vs straightforward | x the x87 C version |\n|---|---|---|---|---|---|---|---|"
    );

    let year = year_of_c();
    let year_lists = c_lists(year, 0, 1);
    let first_month = DateRange::new(year.from(), year.nth(29)).expect("a valid range");
    let (b, _, plain_steps) = time(table.runs(1), || {
        straightforward_steps(first_month, 0, 1, 1)
    });
    let plain_rate = plain_steps as f64 / b;
    let (best, median, steps) = time(table.runs(5), || interleaved_steps(&year_lists, 1));
    let plain_year_one_core = steps as f64 / plain_rate;
    // The x87 version takes about a minute for the year: once, or a month's rate when quick.
    let x87_year = if quick {
        x87_time(1, &c_lists(first_month, 0, 1)).map(|t| t * steps as f64 / plain_steps as f64)
    } else {
        x87_time(1, &year_lists)
    };
    table.row(
        "generator steps, one core (a year of C, names drawn)",
        1,
        (best, median),
        steps,
        Some(plain_year_one_core),
        x87_year,
    );

    for (variant, day) in [
        (Variant::A, "2020-01-01"),
        (Variant::B, "2020-01-01"),
        (Variant::C, "2020-01-01"),
    ] {
        let d = date(day);
        let plain = time(table.runs(5), || {
            straightforward::DayDomains::new(variant, d).count() as u64
        })
        .0;
        let (best, median, steps) = time(table.runs(20), || one_day(variant, d));
        let x87 = x87_time(table.runs(5), &[(variant, d)]);
        table.row(
            &format!("one day of {variant} ({day})"),
            1,
            (best, median),
            steps,
            Some(plain),
            x87,
        );
    }

    let plain = time(table.runs(2), || straightforward_steps(year, 0, 1, cores)).0;
    let (best, median, steps) = time(table.runs(5), || interleaved_steps(&year_lists, cores));
    table.row(
        "a year of C generated",
        cores,
        (best, median),
        steps,
        Some(plain),
        None,
    );

    let names_10k = names(10_000, &[Variant::C], (Variant::C, date("2009-06-01")));
    let plain = time(table.runs(2), || {
        straightforward_check(&names_10k, year, 0, 1, cores)
    })
    .0;
    let (best, median, _) = time(table.runs(5), || check(&names_10k, year, 0, 1));
    table.row(
        "a year of C checked against 10,000 names",
        cores,
        (best, median),
        steps,
        Some(plain),
        None,
    );

    let era = DateRange::era(chrono::Utc::now().date_naive());
    let era_lists = c_lists(era, 0, 1);
    let era_name = vec!["mqbxkvz.ru".to_string()];
    let (best, median, era_steps) = time(table.runs(3), || interleaved_steps(&era_lists, cores));
    table.row(
        &format!("the era of C generated ({} to {})", era.from(), era.to()),
        cores,
        (best, median),
        era_steps,
        None,
        None,
    );
    let plain = (!quick).then(|| time(1, || straightforward_check(&era_name, era, 0, 1, cores)).0);
    let (best, median, _) = time(table.runs(3), || check(&era_name, era, 0, 1));
    table.row(
        "one C-suffix name checked over the era",
        cores,
        (best, median),
        era_steps,
        plain,
        None,
    );

    let day = DateRange::single(date("2009-04-01"));
    let names_1m = names(1_000_000, &Variant::ALL, (Variant::C, day.from()));
    let plain = time(table.runs(2), || {
        straightforward_check(&names_1m, day, 0, 1, cores)
    })
    .0;
    drop(names_1m);
    let mut runs = Vec::new();
    let mut peaks = Vec::new();
    for _ in 0..table.runs(3) {
        let (seconds, peak, held) = million_in_a_fresh_process();
        runs.push(seconds);
        peaks.push(peak);
        println!("<!-- fresh process: {seconds:.3} s, peak {peak:.0} MiB, names {held:.0} MiB -->");
    }
    runs.sort_by(f64::total_cmp);
    let day_steps = Variant::ALL.iter().map(|&v| one_day(v, day.from())).sum();
    let times = (runs[0], runs[runs.len() / 2]);
    table.row(
        "1,000,000 names checked over one day",
        cores,
        times,
        day_steps,
        Some(plain),
        None,
    );
    let peak = peaks.iter().cloned().fold(0.0, f64::max);
    println!(
        "\nPeak resident memory of a process that holds 1,000,000 names and checks them: \
         {peak:.0} MiB (the highest of the runs)."
    );
}

/// The 1,000,000-name check in a new process of this program, so that its peak resident
/// memory is its own (freed memory of earlier workloads stays with the allocator):
/// (seconds, peak MiB, MiB held before the check).
fn million_in_a_fresh_process() -> (f64, f64, f64) {
    let exe = std::env::current_exe().expect("the benchmark's path");
    let out = std::process::Command::new(exe)
        .arg(MILLION)
        .output()
        .expect("the benchmark runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<f64> = text
        .split_whitespace()
        .map(|f| f.parse().expect("numbers"))
        .collect();
    (fields[0], fields[1], fields[2])
}

const MILLION: &str = "--million-names-child";

/// `cargo bench --bench bench -- --generator-one-core`: only the year of C on one thread,
/// five times, for `perf stat` and `perf record` (BENCHMARKS.md).
const GENERATOR: &str = "--generator-one-core";

/// `cargo bench --bench bench -- --floor-one-core`: only the floor's fastest code (AVX-512,
/// 64 chains, where the CPU has it), 400 million steps five times, for `perf stat`.
const FLOOR: &str = "--floor-one-core";

fn floor_child() {
    for _ in 0..5 {
        let start = Instant::now();
        #[cfg(target_arch = "x86_64")]
        let sum = floor_avx512(400_000_000, 64);
        #[cfg(not(target_arch = "x86_64"))]
        let sum = None;
        let sum = sum.unwrap_or_else(|| floor_scalar(400_000_000, 32));
        println!(
            "400000000 steps in {} ({sum:x})",
            seconds(start.elapsed().as_secs_f64())
        );
    }
}

/// `cargo bench --bench bench -- --x87-one-core`: only the x87 C version's year of C, once.
const X87: &str = "--x87-one-core";

fn generator_child() {
    let lists = c_lists(year_of_c(), 0, 1);
    for _ in 0..5 {
        let start = Instant::now();
        let steps = interleaved_steps(&lists, 1);
        println!(
            "{steps} steps in {}",
            seconds(start.elapsed().as_secs_f64())
        );
    }
}

/// The child's side: prints seconds, peak MiB and MiB before the check.
fn million_child() {
    let day = DateRange::single(date("2009-04-01"));
    let names_1m = names(1_000_000, &Variant::ALL, (Variant::C, day.from()));
    let held = peak_rss_mib().unwrap_or(0.0);
    let start = Instant::now();
    std::hint::black_box(check(&names_1m, day, 0, 1));
    let seconds = start.elapsed().as_secs_f64();
    println!("{seconds} {} {held}", peak_rss_mib().unwrap_or(0.0));
}
