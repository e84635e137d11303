//! The generator against worm-made lists and the x87's FSIN.

use chrono::NaiveDate;
use conficker_dga::checker::{CheckRun, Hit, Unmonitored};
use conficker_dga::dates::{parse_date, DateRange};
use conficker_dga::error::Field;
use conficker_dga::fsin::fsin;
use conficker_dga::generator::{day_list, DayDomains};
use conficker_dga::prng::{output, seed, step, step_exact};
use conficker_dga::variant::{Variant, VariantSet};

fn data(file: &str) -> String {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn assert_list(variant: Variant, date: &str, file: &str) {
    let got = day_list(variant, parse_date(Field::Date, date).unwrap()).join("\n") + "\n";
    assert_eq!(got, data(file), "{variant} {date}");
}

#[test]
fn a_2020_01_01_is_byte_identical() {
    assert_list(Variant::A, "2020-01-01", "A-2020-01-01.txt");
}

#[test]
fn a_2020_03_04_is_byte_identical_where_a_true_sine_fails() {
    assert_list(Variant::A, "2020-03-04", "A-2020-03-04.txt");
}

#[test]
fn b_2020_01_01_is_byte_identical() {
    assert_list(Variant::B, "2020-01-01", "B-2020-01-01.txt");
}

#[test]
fn b_2020_01_19_is_byte_identical_where_a_true_sine_fails() {
    assert_list(Variant::B, "2020-01-19", "B-2020-01-19.txt");
}

#[test]
fn every_fsin_row_is_bit_identical() {
    let csv = data("fsin.csv");
    let mut rows = 0;
    for line in csv.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let x: f64 = fields[0].parse().unwrap();
        let want = u64::from_str_radix(fields[1], 16).unwrap();
        assert_eq!(fsin(x).to_bits(), want, "FSIN({x})");
        rows += 1;
    }
    assert_eq!(rows, 48);
}

#[test]
fn press_sightings_are_found_by_a_check_over_march_2009() {
    let range = DateRange::parse("2009-03-01", "2009-03-31").unwrap();
    let mut report = CheckRun::new(["jogli.com", "praat.org"], VariantSet::ALL, range);
    report.run(&mut Unmonitored);
    let hit = |date: &str, index| Hit {
        date: parse_date(Field::Date, date).unwrap(),
        variant: Variant::B,
        index,
        before_first_seen: false,
    };
    assert!(report.line(0).hits.contains(&hit("2009-03-08", 100)));
    assert!(report.line(1).hits.contains(&hit("2009-03-31", 159)));
}

/// The guarded fast step against the definition, which evaluates FSIN and ln at every
/// step, over ten million consecutive steps of each variant (chained across days as the
/// worm would run them, so the state space is not just day starts).
#[test]
fn fast_step_equals_the_definition_over_ten_million_steps_per_variant() {
    const STEPS: usize = 10_000_000;
    for variant in Variant::ALL {
        let c = variant.constants();
        let mut key = seed(&c, NaiveDate::from_ymd_opt(2009, 4, 1).unwrap());
        let mut sine_mattered = 0;
        for _ in 0..STEPS {
            let exact = step_exact(key, &c);
            let fast = step(key, &c);
            assert_eq!(fast, exact, "{variant} key {key:#x}");
            let p = key.wrapping_mul(c.con_rand) as f64;
            sine_mattered += usize::from(p < 18_014_398_509_481_984.0);
            key = exact;
        }
        // The slow, sine-evaluating branch was exercised, not just the shortcut.
        assert!(sine_mattered > STEPS / 4096, "{variant}: {sine_mattered}");
    }
}

/// The full-length lists of a variant agree between the fast and the exact generator,
/// including C's 50,000 names a day.
#[test]
fn exact_and_fast_generators_agree_on_whole_days() {
    for (variant, date) in [
        (Variant::A, "2008-11-21"),
        (Variant::B, "2009-03-08"),
        (Variant::C, "2009-04-01"),
        (Variant::C, "2026-11-26"),
    ] {
        let d = parse_date(Field::Date, date).unwrap();
        assert!(
            DayDomains::new(variant, d).eq(DayDomains::exact(variant, d)),
            "{variant} {date}"
        );
    }
}

#[test]
fn out_of_range_state_does_not_panic() {
    // Such keys never arise (the step's result is positive), but the step is total.
    let c = Variant::A.constants();
    for key in [
        0,
        u64::MAX,
        1 << 63,
        f64::INFINITY.to_bits(),
        f64::NAN.to_bits(),
    ] {
        let _ = output(step(key, &c));
        assert_eq!(step(key, &c), step_exact(key, &c), "key {key:#x}");
    }
}
