//! The benchmarks' x87 reference (benches/x87, a C generator calling FSIN itself) against the
//! reference vectors and the library, so that the benchmarks compare with a correct program.
#![cfg(target_arch = "x86_64")]

use chrono::NaiveDate;
use conficker_dga::generator::day_list;
use conficker_dga::variant::Variant;
use conficker_dga_x87::{Generator, Precision, Variant as X87Variant};

fn data(file: &str) -> String {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn days_since_1601(date: NaiveDate) -> u32 {
    (date - NaiveDate::from_ymd_opt(1601, 1, 1).unwrap()).num_days() as u32
}

#[test]
fn the_x87_version_writes_the_reference_vectors_byte_for_byte() {
    let mut generator = Generator::default();
    for (variant, date) in [
        (X87Variant::A, "2020-01-01"),
        (X87Variant::A, "2020-03-04"),
        (X87Variant::B, "2020-01-01"),
        (X87Variant::B, "2020-01-19"),
    ] {
        let list = generator.list(variant, days_since_1601(day(date)), Precision::Double);
        assert_eq!(
            list,
            data(&format!("{variant:?}-{date}.txt")),
            "{variant:?} {date}"
        );
    }
}

#[test]
fn the_x87_version_places_netlab_360s_c_names() {
    let mut generator = Generator::default();
    let rows = data("independent/netlab360-C-2014-11.csv");
    let mut rows: Vec<(&str, &str, usize)> = rows
        .lines()
        .skip(1)
        .map(|row| {
            let fields: Vec<&str> = row.split(',').collect();
            (fields[0], fields[2], fields[3].parse().unwrap())
        })
        .collect();
    rows.sort_by_key(|&(_, date, _)| date);
    let mut listed = (String::new(), Vec::new());
    for (name, date, index) in rows {
        if listed.0 != date {
            let list = generator.list(X87Variant::C, days_since_1601(day(date)), Precision::Double);
            listed = (date.to_string(), list.lines().map(str::to_string).collect());
        }
        assert_eq!(listed.1[index], name, "{date} #{index}");
    }
}

/// Every variant's list of C's first day, as the library makes it (C has no worm-made list).
#[test]
fn the_x87_version_equals_the_library() {
    let mut generator = Generator::default();
    let date = day("2009-04-01");
    for (variant, x87) in [
        (Variant::A, X87Variant::A),
        (Variant::B, X87Variant::B),
        (Variant::C, X87Variant::C),
    ] {
        let want = day_list(variant, date).join("\n") + "\n";
        let got = generator.list(x87, days_since_1601(date), Precision::Double);
        assert!(got == want, "{variant} {date}");
    }
}

/// This CPU's own FSIN against fsin.csv, the definition's values in 300-bit arithmetic.
#[test]
fn the_cpus_fsin_gives_the_reference_values() {
    let rows = data("fsin.csv");
    for row in rows.lines().skip(1) {
        let fields: Vec<&str> = row.split(',').collect();
        let x: f64 = fields[0].parse().unwrap();
        let want = u64::from_str_radix(fields[1], 16).unwrap();
        assert_eq!(conficker_dga_x87::fsin(x).to_bits(), want, "FSIN({x})");
    }
}

/// The precision control matters: at the x87's full 64 bits the sums round differently.
#[test]
fn at_64_bit_precision_the_lists_differ() {
    let mut generator = Generator::default();
    let list = generator.list(
        X87Variant::A,
        days_since_1601(day("2020-01-01")),
        Precision::Extended,
    );
    assert_ne!(list, data("A-2020-01-01.txt"));
}
