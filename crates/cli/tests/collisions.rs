//! `conficker-dga collisions`, `export --zone` and `generate --zone` end to end, on zone files
//! from NLnet Labs' `domain` crate's test data with worm names written in at their places in
//! every owner spelling a master file has (tests/data/zones, see tests/data/PROVENANCE.md).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;

use chrono::NaiveDate;
use conficker_dga::generator::day_list;
use conficker_dga::variant::Variant;

use common::{data, run, run_with_input};

const DAY: &str = "2024-11-04";

/// The worm names written into the zones: each with its records and name servers there.
const PLANTED: [(&str, &str, &str); 8] = [
    // com.zone: relative upper-case owner, the owner carried over.
    ("lorjqo.com", "NS", "ics.uci.com rome.uci.com"),
    // An absolute mixed-case owner, DS under the carried-over owner, over two lines.
    ("pklovsxgwfv.com", "DS NS", "louie.udel.edu"),
    // @ under $ORIGIN of the name itself: an address, no delegation.
    ("axvhgoso.com", "A", ""),
    // Parentheses across lines with comments inside.
    ("baelgfsn.com", "NS", "ns1.baelgfsn.com"),
    // \DDD and \X escapes in the owner.
    ("vvyvbj.com", "NS", "vaxa.isi.com"),
    // CLASS1 and TYPE1 in RFC 3597's generic form.
    ("ciyhkyom.com", "A", ""),
    // fr.zone: a signed delegation, and a name with addresses only.
    ("free.fr", "DS NS", "ns1.a.fr ns2.a.fr"),
    ("xjkhwep.fr", "A AAAA", ""),
];

/// Worm names of the day in the zones that are not collisions: glue only below one, a name
/// below another, one as a name server only, one in a comment.
const NOT_COLLISIONS: [&str; 4] = [
    "lqbfdjlbv.com",
    "fogngbpjcf.com",
    "zbgws.com",
    "saukalsoeo.com",
];

fn zone(name: &str) -> String {
    data(&format!("zones/{name}")).display().to_string()
}

/// The CSV the planted names must give, from the generator's own lists.
fn expected_csv() -> String {
    let date = NaiveDate::parse_from_str(DAY, "%Y-%m-%d").unwrap();
    let mut rows = BTreeMap::new();
    for (name, records, servers) in PLANTED {
        let mut places = Vec::new();
        for variant in Variant::ALL {
            for (index, generated) in day_list(variant, date).iter().enumerate() {
                if generated == name {
                    places.push(format!(
                        "{name},{variant},{DAY},{index},false,{records},{servers}\n"
                    ));
                }
            }
        }
        assert!(!places.is_empty(), "{name} is not a name of {DAY}");
        rows.insert(name, places.concat());
    }
    let mut csv = "domain,variant,date,index,before_first_seen,records,name_servers\n".to_string();
    csv.extend(rows.into_values());
    csv
}

fn collisions_csv(zones: &[&str]) -> (i32, String, String) {
    let mut args = vec!["collisions", "--from", DAY, "-f", "csv"];
    for zone in zones {
        args.extend(["--zone", zone]);
    }
    run(&args)
}

#[test]
fn finds_the_names_written_in_every_owner_spelling_and_no_other() {
    for name in NOT_COLLISIONS {
        let date = NaiveDate::parse_from_str(DAY, "%Y-%m-%d").unwrap();
        assert!(
            Variant::ALL
                .iter()
                .any(|v| day_list(*v, date).iter().any(|n| n == name)),
            "{name} is a name of {DAY}"
        );
    }
    let (com, fr) = (zone("com.zone"), zone("fr.zone"));
    let (status, csv, err) = collisions_csv(&[&com, &fr]);
    assert_eq!(status, 0, "{err}");
    assert_eq!(csv, expected_csv());
    assert!(
        err.contains("8 names of the worm's lists from 2024-11-04 to 2024-11-04"),
        "{err}"
    );
}

#[test]
fn reads_gzip_and_standard_input_alike() {
    let plain = fs::read(data("zones/com.zone")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("com.zone.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&plain).unwrap();
    fs::write(&gz, encoder.finish().unwrap()).unwrap();
    let (status, from_file, err) = collisions_csv(&[&zone("com.zone")]);
    assert_eq!(status, 0, "{err}");
    let (status, from_gzip, err) = collisions_csv(&[gz.to_str().unwrap()]);
    assert_eq!(status, 0, "{err}");
    assert_eq!(from_gzip, from_file);
    let (status, from_stdin, err) = run_with_input(
        &["collisions", "--from", DAY, "-f", "csv", "--zone", "-"],
        &String::from_utf8(plain).unwrap(),
    );
    assert_eq!(status, 0, "{err}");
    assert_eq!(from_stdin, from_file);
}

#[test]
fn names_the_line_of_a_malformed_record_and_refuses_include() {
    let text = fs::read_to_string(data("zones/com.zone")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    // After line 13 of the original: a record whose address is not one.
    lines.insert(13, "BROKEN 172800 IN A 192.0.2.300");
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.zone");
    fs::write(&bad, lines.join("\n")).unwrap();
    let (status, out, err) = collisions_csv(&[bad.to_str().unwrap()]);
    assert_eq!(status, 2);
    assert_eq!(out, "");
    assert!(
        err.starts_with(&format!(
            "conficker-dga: {}: line 14: not a master-file record:",
            bad.display()
        )),
        "{err}"
    );
    let include = dir.path().join("include.zone");
    fs::write(&include, "$ORIGIN com.\n$INCLUDE /etc/passwd\n").unwrap();
    let (status, _, err) = collisions_csv(&[include.to_str().unwrap()]);
    assert_eq!(status, 2);
    assert!(
        err.contains(": line 2: $INCLUDE /etc/passwd is not followed"),
        "{err}"
    );
}

#[test]
fn table_and_json_say_the_same_and_o_writes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.json");
    let (status, _, err) = run(&[
        "collisions",
        "--zone",
        &zone("fr.zone"),
        "--from",
        DAY,
        "-f",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(status, 0, "{err}");
    let json: serde_json::Value = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
    let names: Vec<&str> = json["collisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["domain"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["free.fr", "xjkhwep.fr"]);
    assert_eq!(json["collisions"][0]["nameServers"][1], "ns2.a.fr");
    assert_eq!(json["zones"][0]["records"], 30);
    let (status, table, _) = run(&["collisions", "--zone", &zone("fr.zone"), "--from", DAY]);
    assert_eq!(status, 0);
    assert!(table.starts_with("DOMAIN      VARIANT  DATE"), "{table}");
    assert!(
        table.contains("\nfree.fr     C        2024-11-04"),
        "{table}"
    );
}

#[test]
fn export_leaves_registered_names_out_and_writes_them_beside() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("conficker.txt");
    let (status, _, err) = run(&[
        "export",
        "--from",
        DAY,
        "--format",
        "plain",
        "--zone",
        &zone("com.zone"),
        "--zone",
        &zone("fr.zone"),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(status, 0, "{err}");
    assert!(
        err.contains("the zone files 8 (registered domains)"),
        "{err}"
    );
    let exported = fs::read_to_string(&out).unwrap();
    assert!(exported.contains("kept out as registered domains in the zone files: 8\n"));
    for (name, _, _) in PLANTED {
        assert!(!exported.lines().any(|l| l == name), "{name} exported");
    }
    for name in NOT_COLLISIONS {
        assert!(exported.lines().any(|l| l == name), "{name} left out");
    }
    let beside = fs::read_to_string(dir.path().join("conficker.collisions.csv")).unwrap();
    assert_eq!(beside, expected_csv());
    // Without a file to write beside, the second file needs a name.
    let (status, _, err) = run(&[
        "export",
        "--from",
        DAY,
        "--format",
        "plain",
        "--zone",
        &zone("fr.zone"),
    ]);
    assert_eq!(status, 2);
    assert!(err.contains("--collisions FILE"), "{err}");
}

#[test]
fn generate_marks_the_registered_names() {
    let (status, csv, err) = run(&[
        "generate",
        "-v",
        "C",
        "-d",
        DAY,
        "--suffix",
        "fr",
        "-f",
        "csv",
        "--zone",
        &zone("fr.zone"),
    ]);
    assert_eq!(status, 0, "{err}");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("date,variant,index,domain,registered"));
    let registered: Vec<&str> = lines
        .filter(|l| l.ends_with(",true"))
        .map(|l| l.split(',').nth(3).unwrap())
        .collect();
    // In generation order: #87, then #46273.
    assert_eq!(registered, ["xjkhwep.fr", "free.fr"]);
    let (status, text, _) = run(&[
        "generate",
        "-v",
        "C",
        "-d",
        DAY,
        "--suffix",
        "fr",
        "--zone",
        &zone("fr.zone"),
    ]);
    assert_eq!(status, 0);
    assert!(text.lines().any(|l| l == "free.fr # registered"), "{text}");
}

/// BIND reads the test zones as this project does: they are real master files.
#[test]
fn bind_accepts_the_test_zones() {
    for (origin, file) in [("com", "com.zone"), ("fr", "fr.zone")] {
        let Ok(out) = std::process::Command::new("named-checkzone")
            .args([origin, &zone(file)])
            .output()
        else {
            assert!(
                std::env::var_os("CONFICKER_DGA_REQUIRE_TOOLS").is_none(),
                "named-checkzone is not installed"
            );
            eprintln!("note: named-checkzone is not installed; skipped");
            return;
        };
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
