//! The generator against names from outside this project: Netlab 360's C feed of November
//! 2014 and the B names one infected host looked up in 2015 (tests/data/independent/).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use conficker_dga::dates::parse_date;
use conficker_dga::domain::Domain;
use conficker_dga::error::Field;
use conficker_dga::generator::{day_list, length, letter, suffix_index};
use conficker_dga::prng::{output, seed};
use conficker_dga::variant::{Constants, Variant};

/// One row of a file: `domain,variant,date,index`.
struct Sighting {
    domain: String,
    variant: Variant,
    date: NaiveDate,
    index: usize,
}

fn sightings(file: &str) -> Vec<Sighting> {
    let path = format!(
        "{}/tests/data/independent/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("domain,variant,date,index"), "{file}");
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields.len(), 4, "{file}: {line}");
            Sighting {
                domain: fields[0].to_string(),
                variant: fields[1].parse().unwrap(),
                date: parse_date(Field::Date, fields[2]).unwrap(),
                index: fields[3].parse().unwrap(),
            }
        })
        .collect()
}

/// The sightings that `generate` does not put at their date and index, as
/// "variant date #index domain"; each day is generated once.
fn misplaced(
    rows: &[Sighting],
    generate: impl Fn(Variant, NaiveDate) -> Vec<String>,
) -> Vec<String> {
    let mut days = BTreeMap::new();
    rows.iter()
        .filter(|s| {
            let list = days
                .entry((s.variant, s.date))
                .or_insert_with(|| generate(s.variant, s.date));
            list.get(s.index) != Some(&s.domain)
        })
        .map(|s| format!("{} {} #{} {}", s.variant, s.date, s.index, s.domain))
        .collect()
}

#[test]
fn netlab_360_c_names_are_at_their_date_and_index() {
    let rows = sightings("netlab360-C-2014-11.csv");
    assert_eq!(rows.len(), 99);
    assert!(rows.iter().all(|s| s.variant == Variant::C));
    let dates: Vec<NaiveDate> = rows.iter().map(|s| s.date).collect();
    assert_eq!(dates.iter().min().unwrap().to_string(), "2014-11-10");
    assert_eq!(dates.iter().max().unwrap().to_string(), "2014-11-19");
    assert_eq!(misplaced(&rows, day_list), Vec::<String>::new());
}

#[test]
fn b_names_from_2015_dns_traffic_are_at_their_date_and_index() {
    let rows = sightings("dns-traffic-B-2015-03-10.csv");
    assert_eq!(rows.len(), 37);
    assert!(rows
        .iter()
        .all(|s| s.variant == Variant::B && s.date.to_string() == "2015-03-10"));
    assert!(rows.iter().all(|s| s.domain.ends_with(".cc")));
    assert_eq!(misplaced(&rows, day_list), Vec::<String>::new());
}

/// The feed tells FSIN from an ordinary sine: a generator with a correctly rounded sine
/// places only 17 of its 99 names, so agreeing on all of them is not agreeing by default.
#[test]
fn a_true_sine_places_only_17_of_netlab_360s_names() {
    let rows = sightings("netlab360-C-2014-11.csv");
    assert_eq!(rows.len() - misplaced(&rows, true_sine_day_list).len(), 17);
}

/// The worm's step with libm's sine in place of the x87's FSIN.
fn true_sine_step(key: u64, c: &Constants) -> u64 {
    let x = key as f64;
    let p = key.wrapping_mul(c.con_rand) as f64;
    (((p + x.sin()) * x + c.con_dbl) * x + x.ln()).to_bits()
}

fn true_sine_day_list(variant: Variant, date: NaiveDate) -> Vec<String> {
    let c = variant.constants();
    let mut key = seed(&c, date);
    let mut next = || {
        key = true_sine_step(key, &c);
        output(key)
    };
    (0..variant.domains_per_day())
        .map(|_| {
            let mut letters = 0;
            for _ in 0..length(variant, next()) {
                letters = Domain::push_letter(letters, letter(next()));
            }
            Domain::from_parts(letters, suffix_index(variant, next())).to_string(variant)
        })
        .collect()
}
