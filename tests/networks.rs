//! Reports per network from scan reports: the right network, the longest prefix, the
//! internal group, the contact joined, the machines behind internal addresses, and an address
//! that moved between two machines split in two. Samples: MaxMind's GeoLite2-ASN test
//! database (tests/data/PROVENANCE.md); the other tables are written here. The zip the page
//! downloads holds the very files of the folder.

use conficker_dga::error::{Field, InputError};
use conficker_dga::networks::{
    attribute, read_scan_report, report_files, report_zip, Contacts, DhcpOptions, Leases,
    NetworkTables,
};

/// A scan report as `scan-log -o json` writes it.
const SCAN: &str = r#"{
  "variants": "A,B,C", "slackDays": 2, "listsGenerated": 5, "stopped": false, "minNames": 1,
  "clientsBelowMinNames": 0, "sources": [],
  "clients": [
    {"client": "1.128.0.9", "variants": "B", "first": "2009-01-19T08:00:00Z",
     "last": "2009-01-19T09:00:00Z", "lookups": 40, "distinctNames": 30,
     "examples": [{"name": "jogli.com", "variant": "B", "date": "2009-03-08", "index": 100}]},
    {"client": "1.129.5.5", "variants": "B", "first": "2009-01-19T10:00:00Z",
     "last": "2009-01-19T10:00:00Z", "lookups": 2, "distinctNames": 2, "examples": []},
    {"client": "12.81.92.7", "variants": "A,B", "first": "2009-01-19T11:00:00Z",
     "last": "2009-01-19T12:00:00Z", "lookups": 5, "distinctNames": 5, "examples": []},
    {"client": "10.0.0.5", "variants": "B", "first": "2009-01-19T09:30:00Z",
     "last": "2009-01-19T12:30:00Z", "lookups": 9, "distinctNames": 8, "examples": []},
    {"client": "192.168.1.20#53211", "variants": "C", "first": "2009-01-19T09:40:00Z",
     "last": "2009-01-19T09:50:00Z", "lookups": 3, "distinctNames": 3, "examples": []},
    {"client": "2001:1700::1", "variants": "B", "first": "2009-01-19T07:00:00Z",
     "last": "2009-01-19T07:00:00Z", "lookups": 1, "distinctNames": 1, "examples": []},
    {"client": "9.9.9.9", "variants": "B", "first": null, "last": null, "lookups": 1,
     "distinctNames": 1, "examples": []}
  ],
  "days": [{"date": "2009-01-19", "queries": 100, "lookups": 61, "a": 1, "b": 57, "c": 3, "clients": 7}]
}"#;

const OPTIONS: DhcpOptions = DhcpOptions {
    local_offset_seconds: 0,
    syslog_year: 2009,
};

fn tables() -> NetworkTables {
    let mut t = NetworkTables::new();
    // A more specific prefix than the database's 1.128.0.0/11 (Telstra).
    t.add(
        "ranges.tsv",
        b"1.129.0.0\t1.129.255.255\t64500\tAU\tEXAMPLE-MOBILE\n".to_vec(),
    )
    .unwrap();
    t.add(
        "GeoLite2-ASN-Test.mmdb",
        std::fs::read("tests/data/GeoLite2-ASN-Test.mmdb").unwrap(),
    )
    .unwrap();
    t
}

fn contacts() -> Contacts {
    let mut c = Contacts::new();
    c.add(
        "contacts.csv",
        b"asn,email,name\nAS64500,abuse@mobile.example,Example Mobile NOC\n1221,abuse@telstra.example,Telstra abuse\n",
    )
    .unwrap();
    c
}

fn leases() -> Leases {
    let mut l = Leases::new();
    // 10.0.0.5 moves from alpha to beta at 11:00; 192.168.1.20 is held by gamma all along.
    l.add(
        "dhcpd.leases",
        b"lease 10.0.0.5 {\n  starts 1 2009/01/19 08:00:00;\n  ends 1 2009/01/19 11:00:00;\n  hardware ethernet 00:11:22:33:44:55;\n  client-hostname \"alpha\";\n}\nlease 10.0.0.5 {\n  starts 1 2009/01/19 11:00:00;\n  ends 1 2009/01/19 20:00:00;\n  hardware ethernet 66:77:88:99:AA:BB;\n  client-hostname \"beta\";\n}\n".to_vec(),
        OPTIONS,
    )
    .unwrap();
    l.add(
        "dnsmasq.leases",
        b"1232406000 de:ad:be:ef:00:01 192.168.1.20 gamma 01:de:ad:be:ef:00:01\n".to_vec(),
        OPTIONS,
    )
    .unwrap();
    l
}

fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a str {
    let (_, bytes) = files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"));
    std::str::from_utf8(bytes).unwrap()
}

#[test]
fn hosts_are_reported_per_network_with_contacts_and_machines() {
    let scan = read_scan_report("scan.json", SCAN.as_bytes()).unwrap();
    let report = attribute(&[scan], &tables(), &contacts(), &leases()).unwrap();
    let files = report_files(&report);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "AS1221.csv",
            "AS1221.txt",
            "AS64500.csv",
            "AS64500.txt",
            "AS6730.csv",
            "AS6730.txt",
            "AS7018.csv",
            "AS7018.txt",
            "internal.csv",
            "internal.txt",
            "networks.json",
            "summary.csv",
            "unattributed.csv",
            "unattributed.txt",
        ]
    );
    assert_eq!(
        file(&files, "summary.csv"),
        "network,asn,as_name,country,hosts,lookups,first,last,contact_email,contact_name,file\n\
internal (special-use addresses),,,,2,12,2009-01-19T09:30:00Z,2009-01-19T12:30:00Z,,,internal.csv\n\
AS1221,1221,Telstra Pty Ltd,,1,40,2009-01-19T08:00:00Z,2009-01-19T09:00:00Z,abuse@telstra.example,Telstra abuse,AS1221.csv\n\
AS7018,7018,AT&T Services,,1,5,2009-01-19T11:00:00Z,2009-01-19T12:00:00Z,,,AS7018.csv\n\
AS64500,64500,EXAMPLE-MOBILE,AU,1,2,2009-01-19T10:00:00Z,2009-01-19T10:00:00Z,abuse@mobile.example,Example Mobile NOC,AS64500.csv\n\
AS6730,6730,Sunrise Communications AG,,1,1,2009-01-19T07:00:00Z,2009-01-19T07:00:00Z,,,AS6730.csv\n\
no network table,,,,1,1,,,,,unattributed.csv\n"
    );
    // The database's /11 for 1.128.0.9; the range table's /16 wins for 1.129.5.5.
    assert_eq!(
        file(&files, "AS1221.csv"),
        "first,last,address,asn,as_name,country,prefix,special_use,mac,hostname,variants,lookups,distinct_names,examples,note\n\
2009-01-19T08:00:00Z,2009-01-19T09:00:00Z,1.128.0.9,1221,Telstra Pty Ltd,,1.128.0.0/11,,,,B,40,30,\"jogli.com (B, 2009-03-08 #100)\",\n"
    );
    assert!(
        file(&files, "AS64500.csv").contains(",1.129.5.5,64500,EXAMPLE-MOBILE,AU,1.129.0.0/16,")
    );
    // The address that moved is split in two at 11:00; the other keeps its one machine.
    let note = "address held by 2 machines during the lookups; first and last are within this machine's lease; lookups and names are the address's";
    assert_eq!(
        file(&files, "internal.csv"),
        format!("first,last,address,asn,as_name,country,prefix,special_use,mac,hostname,variants,lookups,distinct_names,examples,note\n\
2009-01-19T09:30:00Z,2009-01-19T11:00:00Z,10.0.0.5,,,,10.0.0.0/8,private (RFC 1918),00:11:22:33:44:55,alpha,B,9,8,,{note}\n\
2009-01-19T11:00:00Z,2009-01-19T12:30:00Z,10.0.0.5,,,,10.0.0.0/8,private (RFC 1918),66:77:88:99:aa:bb,beta,B,9,8,,{note}\n\
2009-01-19T09:40:00Z,2009-01-19T09:50:00Z,192.168.1.20,,,,192.168.0.0/16,private (RFC 1918),de:ad:be:ef:00:01,gamma,C,3,3,,\n")
    );
    let notice = file(&files, "AS1221.txt");
    assert!(notice.starts_with("To: Telstra abuse <abuse@telstra.example>\nSubject: Conficker-infected hosts in AS1221: 1 host\n"), "{notice}");
    assert!(notice.contains("  1.128.0.9: 2009-01-19T08:00:00Z to 2009-01-19T09:00:00Z; variant B; 40 lookups, 30 distinct names\n      jogli.com  (Conficker B, list of 2009-03-08, name #100)\n"), "{notice}");
    assert!(notice.contains("MS08-067"));
    let json: serde_json::Value = serde_json::from_str(file(&files, "networks.json")).unwrap();
    assert_eq!(json["networks"][0]["rows"][1]["hostname"], "beta");
    assert_eq!(
        json["networks"][1]["contact"]["email"],
        "abuse@telstra.example"
    );
    // Same inputs, same bytes.
    let again = report_files(
        &attribute(
            &[read_scan_report("scan.json", SCAN.as_bytes()).unwrap()],
            &tables(),
            &contacts(),
            &leases(),
        )
        .unwrap(),
    );
    assert_eq!(files, again);
}

#[test]
fn a_prefix_contact_makes_its_own_report() {
    let scan = read_scan_report("scan.json", SCAN.as_bytes()).unwrap();
    let mut c = contacts();
    c.add(
        "desk.csv",
        b"prefix,email,name\n10.0.0.0/8,desk@corp.example,Desktop team\n",
    )
    .unwrap();
    let report = attribute(&[scan], &tables(), &c, &Leases::new()).unwrap();
    let files = report_files(&report);
    assert!(file(&files, "summary.csv").contains(
        "\n10.0.0.0/8,,,,1,9,2009-01-19T09:30:00Z,2009-01-19T12:30:00Z,desk@corp.example,Desktop team,prefix-10.0.0.0_8.csv\n"
    ));
    assert!(
        file(&files, "prefix-10.0.0.0_8.txt").starts_with("To: Desktop team <desk@corp.example>\n")
    );
    assert!(file(&files, "internal.csv").contains(",192.168.1.20,"));
    assert!(!file(&files, "internal.csv").contains(",10.0.0.5,"));
}

#[test]
fn real_dhcpd_lease_files_are_read() {
    use conficker_dga::networks::addr::Addr;
    let t = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .timestamp_micros()
    };
    let a = |s: &str| Addr::from_ip(s.parse().unwrap());
    let mut l = Leases::new();
    for name in ["debian7.leases", "epoch.leases"] {
        let bytes = std::fs::read(format!("tests/data/dhcp/{name}")).unwrap();
        l.add(name, bytes, OPTIONS).unwrap();
    }
    // Every lease block with a hardware address; the one without (epoch.leases' 10.0.0.2) is none.
    assert_eq!(
        l.sources.iter().map(|s| s.holdings).collect::<Vec<_>>(),
        [5, 1]
    );
    let h = l.holders(a("10.0.0.10"), None, None);
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].mac, "60:a4:4c:b5:6a:dd");
    assert_eq!(h[0].from, Some(t("2013-12-10T12:57:04Z")));
    assert_eq!(h[0].to, Some(t("2013-12-10T13:07:04Z")));
    // `starts epoch 1507216949; # Thu Oct 05 15:22:29 2017`
    let h = l.holders(a("10.0.0.1"), None, None);
    assert_eq!(h[0].mac, "2a:b2:2a:b2:2a:b2");
    assert_eq!(h[0].from, Some(1_507_216_949_000_000));
    assert_eq!(h[0].to, Some(1_508_141_363_000_000));
    // Outside the lease: no machine.
    assert!(l
        .holders(a("10.0.0.10"), Some(t("2014-01-01T00:00:00Z")), None)
        .is_empty());
}

#[test]
fn unreadable_inputs_are_input_errors() {
    let e = read_scan_report("x.json", b"{\"clients\": 3}").unwrap_err();
    assert_eq!(e.field(), Field::Reports);
    assert!(
        e.to_string()
            .starts_with("scan report x.json cannot be read: not a scan-log -o json report"),
        "{e}"
    );
    let mut t = NetworkTables::new();
    let mut broken = std::fs::read("tests/data/GeoLite2-ASN-Test.mmdb").unwrap();
    broken.drain(..4000);
    let e = t.add("broken.mmdb", broken).unwrap_err();
    assert!(
        matches!(
            e,
            InputError::Unreadable {
                field: Field::Networks,
                ..
            }
        ) || matches!(e, InputError::TableFormat { .. }),
        "{e}"
    );
}

#[test]
fn a_lease_that_covers_part_of_the_lookups_says_so() {
    let scan = read_scan_report("scan.json", SCAN.as_bytes()).unwrap();
    let mut l = Leases::new();
    // 192.168.1.20 looked up from 09:40 to 09:50; the lease ends at 09:45.
    l.add(
        "dnsmasq.leases",
        b"1232358300 de:ad:be:ef:00:01 192.168.1.20 gamma *\n".to_vec(),
        OPTIONS,
    )
    .unwrap();
    let files = report_files(&attribute(&[scan], &tables(), &contacts(), &l).unwrap());
    assert!(file(&files, "internal.csv").contains(
        ",192.168.1.20,,,,192.168.0.0/16,private (RFC 1918),de:ad:be:ef:00:01,gamma,C,3,3,,the lease covers only 2009-01-19T09:40:00Z to 2009-01-19T09:45:00Z of the lookups; no DHCP record for the rest\n"
    ), "{}", file(&files, "internal.csv"));
}

#[test]
fn the_zip_holds_the_folders_files_and_is_the_same_bytes_each_time() {
    let scan = read_scan_report("scan.json", SCAN.as_bytes()).unwrap();
    let report = attribute(&[scan], &tables(), &contacts(), &leases()).unwrap();
    let zip = report_zip(&report).unwrap();
    assert_eq!(zip, report_zip(&report).unwrap());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut unzipped = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        assert_eq!(entry.compression(), zip::CompressionMethod::Deflated);
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        unzipped.push((entry.name().to_string(), bytes));
    }
    assert_eq!(unzipped, report_files(&report));
    assert_eq!(unzipped.len(), 14);
}

fn a(s: &str) -> conficker_dga::networks::addr::Addr {
    conficker_dga::networks::addr::Addr::from_ip(s.parse().unwrap())
}

#[test]
fn a_maxmind_database_that_is_not_an_asn_one_is_refused_by_name() {
    let mut t = NetworkTables::new();
    let e = t
        .add(
            "GeoIP2-Country-Test.mmdb",
            std::fs::read("tests/data/GeoIP2-Country-Test.mmdb").unwrap(),
        )
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "network table GeoIP2-Country-Test.mmdb cannot be read: a MaxMind database of type 'GeoIP2-Country', not an ASN database such as GeoLite2-ASN"
    );
}

#[test]
fn a_maxmind_record_that_cannot_be_read_is_an_error_naming_the_file() {
    // The ASN test database with its data section (after the search tree and 16 zero bytes)
    // overwritten: the tree still leads 1.128.0.9 to a record, which no longer decodes.
    let mut bytes = std::fs::read("tests/data/GeoLite2-ASN-Test.mmdb").unwrap();
    let separator = bytes.windows(16).position(|w| w == [0; 16]).unwrap();
    let marker = bytes
        .windows(14)
        .position(|w| w == b"\xab\xcd\xefMaxMind.com")
        .unwrap();
    for b in &mut bytes[separator + 16..marker] {
        *b = 0xff;
    }
    let mut t = NetworkTables::new();
    t.add("broken-data.mmdb", bytes).unwrap();
    let e = t.lookup(a("1.128.0.9")).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("network table broken-data.mmdb cannot be read: looking up 1.128.0.9: "),
        "{e}"
    );
    let scan = read_scan_report("scan.json", SCAN.as_bytes()).unwrap();
    let e = attribute(&[scan], &t, &contacts(), &Leases::new()).unwrap_err();
    assert_eq!(e.field(), Field::Networks);
}

#[test]
fn ipv6_ranges_are_kept_as_ranges_and_found_by_their_cover() {
    let mut t = NetworkTables::new();
    // An odd IPv6 range: its exact cover is about 250 prefixes, none of them kept.
    t.add(
        "v6.tsv",
        b"2a00::1\t2a00:ffff:ffff:ffff:ffff:ffff:ffff:fffe\t64502\tNL\tV6-NET\n2a00:1::\t2a00:1::ffff\t64503\tNL\tINNER\n".to_vec(),
    )
    .unwrap();
    let found = |s: &str| t.lookup(a(s)).unwrap().map(|(p, i)| (p.to_string(), i.asn));
    assert_eq!(found("2a00::1"), Some(("2a00::1/128".into(), 64502)));
    assert_eq!(
        found("2a00:8000::1"),
        Some(("2a00:8000::/18".into(), 64502))
    );
    assert_eq!(found("2a00:1::5"), Some(("2a00:1::/112".into(), 64503)));
    assert_eq!(found("2a00:1::1:0"), Some(("2a00:1::/32".into(), 64502)));
    assert_eq!(found("2a01::"), None);
}

#[test]
fn an_as_name_longer_than_its_bound_is_refused_with_its_line() {
    let mut t = NetworkTables::new();
    let line = format!("5.0.0.0\t5.0.0.255\t64500\tDE\t{}\n", "N".repeat(257));
    let e = t.add("r.tsv", line.into_bytes()).unwrap_err();
    assert!(
        e.to_string().starts_with("network table r.tsv line 1: "),
        "{e}"
    );
    assert!(
        e.to_string()
            .ends_with("is not a range line whose AS_description is at most 256 bytes"),
        "{e}"
    );
}

#[test]
fn lookups_that_add_up_past_the_largest_count_are_an_error() {
    let scan = SCAN.replace("\"lookups\": 2,", "\"lookups\": 18446744073709551615,");
    let scan = read_scan_report("scan.json", scan.as_bytes()).unwrap();
    // One report: the largest count, kept.
    let report = attribute(
        std::slice::from_ref(&scan),
        &tables(),
        &contacts(),
        &Leases::new(),
    )
    .unwrap();
    assert_eq!(report.networks[1].lookups, u64::MAX);
    // Two reports of the same client: its lookups added, past the largest (they wrapped).
    let e = attribute(
        &[scan.clone(), scan],
        &tables(),
        &contacts(),
        &Leases::new(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "the lookups of 1.129.5.5 in the scan reports add up past 18446744073709551615, the largest count"
    );
}

#[test]
fn example_names_are_rechecked_against_the_lists() {
    // jogli.com is B's name #100 of 2009-03-08; #101 it is not.
    let scan = SCAN.replace("\"index\": 100", "\"index\": 101");
    let e = read_scan_report("scan.json", scan.as_bytes()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "scan report scan.json cannot be read: example jogli.com is not name #101 of Conficker B's list of 2009-03-08"
    );
    let scan = SCAN.replace("\"date\": \"2009-03-08\"", "\"date\": \"2009-13-08\"");
    assert!(read_scan_report("scan.json", scan.as_bytes()).is_err());
}

#[test]
fn lease_times_past_a_date_and_unclosed_blocks_are_refused_with_their_line() {
    let refused = |text: &str| {
        Leases::new()
            .add("dhcpd.leases", text.as_bytes().to_vec(), OPTIONS)
            .unwrap_err()
            .to_string()
    };
    let e = refused("lease 10.0.0.5 {\n  starts epoch 1507216949;\n  ends epoch 18446744073709;\n  hardware ethernet 00:11:22:33:44:55;\n}\n");
    assert!(
        e.starts_with("DHCP file dhcpd.leases line 3: 'ends epoch 18446744073709;'"),
        "{e}"
    );
    let e = refused("lease 10.0.0.5 {\n  hardware ethernet 00:11:22:33:44:55;\n");
    assert_eq!(e, "DHCP file dhcpd.leases line 1: 'lease 10.0.0.5 {' is not a lease block closed by '}' before the next 'lease' or the file's end");
    let e =
        refused("lease 10.0.0.5 {\n  hardware ethernet 00:11:22:33:44:55;\nlease 10.0.0.6 {\n}\n");
    assert!(e.starts_with("DHCP file dhcpd.leases line 1: "), "{e}");
    let e = Leases::new()
        .add(
            "dnsmasq.leases",
            b"18446744073709 de:ad:be:ef:00:01 192.168.1.20 gamma *\n".to_vec(),
            OPTIONS,
        )
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("DHCP file dnsmasq.leases line 1: "),
        "{e}"
    );
}

#[test]
fn control_and_bidi_characters_of_the_inputs_are_escaped_in_every_file() {
    let mut t = NetworkTables::new();
    t.add(
        "ranges.tsv",
        "1.129.0.0\t1.129.255.255\t64500\tAU\tEVIL\x1b[2J\u{202e}NET\x07\n"
            .as_bytes()
            .to_vec(),
    )
    .unwrap();
    let mut c = Contacts::new();
    c.add(
        "contacts.csv",
        "asn,email,name\n64500,abuse@mobile.example,NOC \u{202e}moc.live\n".as_bytes(),
    )
    .unwrap();
    let mut l = Leases::new();
    l.add(
        "dnsmasq.leases",
        "1232406000 de:ad:be:ef:00:01 10.0.0.5 pc\x1b]0;owned\x07 *\n"
            .as_bytes()
            .to_vec(),
        OPTIONS,
    )
    .unwrap();
    let scan = read_scan_report("scan.json", SCAN.as_bytes()).unwrap();
    let files = report_files(&attribute(&[scan], &t, &c, &l).unwrap());
    for (name, bytes) in &files {
        let text = std::str::from_utf8(bytes).unwrap();
        assert!(
            !text.contains(['\x1b', '\x07', '\u{202e}']),
            "{name}: {text:?}"
        );
    }
    let notice = file(&files, "AS64500.txt");
    assert!(
        notice.starts_with("To: \"NOC \\\\u{202e}moc.live\" <abuse@mobile.example>\n"),
        "{notice}"
    );
    assert!(
        notice.contains("in AS64500 (EVIL\\x1b[2J\\u{202e}NET\\x07, AU)"),
        "{notice}"
    );
    assert!(file(&files, "AS64500.csv").contains(",EVIL\\x1b[2J\\u{202e}NET\\x07,AU,"));
    assert!(
        file(&files, "internal.txt").contains("machine pc\\x1b]0;owned\\x07 (de:ad:be:ef:00:01)")
    );
}
