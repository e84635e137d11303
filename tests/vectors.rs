use chrono::NaiveDate;
use conficker_dga::generator::day_list;
use conficker_dga::variant::Variant;

fn check(variant: Variant, date: &str, file: &str) {
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    let got = day_list(variant, d).join("\n") + "\n";
    let want = std::fs::read_to_string(format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR")))
        .unwrap();
    assert_eq!(got, want);
}

#[test]
fn a1() {
    check(Variant::A, "2020-01-01", "A-2020-01-01.txt");
}
#[test]
fn a2() {
    check(Variant::A, "2020-03-04", "A-2020-03-04.txt");
}
#[test]
fn b1() {
    check(Variant::B, "2020-01-01", "B-2020-01-01.txt");
}
#[test]
fn b2() {
    check(Variant::B, "2020-01-19", "B-2020-01-19.txt");
}

#[test]
fn fsin_rows() {
    let csv = std::fs::read_to_string(format!(
        "{}/tests/data/fsin.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut bad = 0;
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let x: f64 = f[0].parse().unwrap();
        let bits = u64::from_str_radix(f[1], 16).unwrap();
        let got = conficker_dga::fsin::fsin(x);
        if got.to_bits() != bits {
            bad += 1;
            eprintln!("{x}: got {:x} want {:x}", got.to_bits(), bits);
        }
    }
    assert_eq!(bad, 0);
}

#[test]
fn sightings() {
    let l = day_list(Variant::B, NaiveDate::from_ymd_opt(2009, 3, 8).unwrap());
    assert_eq!(l[100], "jogli.com");
    let l = day_list(Variant::B, NaiveDate::from_ymd_opt(2009, 3, 31).unwrap());
    assert_eq!(l[159], "praat.org");
}
