//! `conficker-dga report`: from a BIND log (names of B's 2020-01-19 list, tests/data) and
//! tables written here plus MaxMind's test database, to the report folder; the same folder
//! from `scan-log -o json` read back; `scan-log --dhcp`, the machines beside the addresses;
//! exit statuses and messages.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{data, run};

fn folder(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

struct Inputs {
    dir: tempfile::TempDir,
}

impl Inputs {
    fn new() -> Inputs {
        let dir = tempfile::tempdir().unwrap();
        let names: Vec<String> = std::fs::read_to_string(data("B-2020-01-19.txt"))
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
        let mut log = String::new();
        let mut query = |time: &str, client: &str, name: &str| {
            log += &format!("19-Jan-2020 {time}.000 queries: info: client @0x7f8e1c0a2b30 {client}#53000 ({name}): query: {name} IN A +E(0)K (10.0.0.1)\n");
        };
        for (i, name) in names.iter().take(5).enumerate() {
            query(&format!("08:0{i}:00"), "1.128.0.9", name);
            query(&format!("09:0{i}:00"), "5.6.7.8", name);
            query(&format!("10:0{i}:00"), "10.0.0.5", name);
            query(&format!("12:0{i}:00"), "10.0.0.5", name);
        }
        query("13:00:00", "5.6.7.8", "www.example.com");
        let w = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        w("queries.log", &log);
        w(
            "ranges.tsv",
            "5.6.0.0\t5.6.255.255\t64500\tDE\tEXAMPLE-NET\n",
        );
        w(
            "contacts.csv",
            "asn,email,name\n64500,abuse@example.net,Example Net abuse desk\n",
        );
        w(
            "dhcpd.leases",
            "lease 10.0.0.5 {\n  starts 0 2020/01/19 07:00:00;\n  ends 0 2020/01/19 11:00:00;\n  hardware ethernet 00:11:22:33:44:55;\n  client-hostname \"alpha\";\n}\nlease 10.0.0.5 {\n  starts 0 2020/01/19 11:00:00;\n  ends 0 2020/01/19 23:00:00;\n  hardware ethernet 66:77:88:99:aa:bb;\n  client-hostname \"beta\";\n}\n",
        );
        Inputs { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_str().unwrap().to_string()
    }
}

#[test]
fn from_a_log_to_the_report_folder_and_from_its_json_alike() {
    let i = Inputs::new();
    let mmdb = data("GeoLite2-ASN-Test.mmdb");
    let common = [
        "--networks".to_string(),
        i.path("ranges.tsv"),
        "--networks".into(),
        mmdb.to_str().unwrap().into(),
        "--contacts".into(),
        i.path("contacts.csv"),
        "--dhcp".into(),
        i.path("dhcpd.leases"),
    ];
    let out1 = i.path("out1");
    let mut args = vec!["report", "--year", "2020", "--log"];
    let log = i.path("queries.log");
    args.push(&log);
    args.extend(["-o", &out1]);
    args.extend(common.iter().map(String::as_str));
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("3 hosts in 3 networks written to "),
        "{out}"
    );
    let files = folder(Path::new(&out1));
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        [
            ".conficker-dga-folder",
            "AS1221.csv",
            "AS1221.txt",
            "AS64500.csv",
            "AS64500.txt",
            "internal.csv",
            "internal.txt",
            "networks.json",
            "summary.csv"
        ]
    );
    assert_eq!(
        files["summary.csv"],
        "network,asn,as_name,country,hosts,lookups,first,last,contact_email,contact_name,file\n\
internal (special-use addresses),,,,1,10,2020-01-19T10:00:00Z,2020-01-19T12:04:00Z,,,internal.csv\n\
AS1221,1221,Telstra Pty Ltd,,1,5,2020-01-19T08:00:00Z,2020-01-19T08:04:00Z,,,AS1221.csv\n\
AS64500,64500,EXAMPLE-NET,DE,1,5,2020-01-19T09:00:00Z,2020-01-19T09:04:00Z,abuse@example.net,Example Net abuse desk,AS64500.csv\n"
    );
    let internal: Vec<&str> = files["internal.csv"].lines().collect();
    assert_eq!(internal.len(), 3, "{internal:?}");
    assert!(internal[1].starts_with("2020-01-19T10:00:00Z,2020-01-19T11:00:00Z,10.0.0.5,,,,10.0.0.0/8,private (RFC 1918),00:11:22:33:44:55,alpha,B,10,5,"), "{}", internal[1]);
    assert!(internal[2].starts_with("2020-01-19T11:00:00Z,2020-01-19T12:04:00Z,10.0.0.5,,,,10.0.0.0/8,private (RFC 1918),66:77:88:99:aa:bb,beta,B,10,5,"), "{}", internal[2]);
    assert!(files["AS64500.txt"].starts_with("To: Example Net abuse desk <abuse@example.net>\n"));

    // scan-log -o json, then report from the JSON: the same folder.
    let (code, json, err) = run(&["scan-log", "--year", "2020", "-o", "json", &log]);
    assert_eq!(code, 0, "{err}");
    std::fs::write(i.path("scan.json"), json).unwrap();
    let out2 = i.path("out2");
    let scan = i.path("scan.json");
    let mut args = vec!["report", &scan, "-o", &out2];
    args.extend(common.iter().map(String::as_str));
    let (code, _, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let mut again = folder(Path::new(&out2));
    let mut first = files;
    // The JSON names the tables and reports read, which differ in the two runs only there.
    first.remove("networks.json");
    again.remove("networks.json");
    assert_eq!(first, again);
}

#[test]
fn unreadable_inputs_exit_2_with_the_line() {
    let i = Inputs::new();
    std::fs::write(
        i.dir.path().join("bad.tsv"),
        "5.6.0.0\t5.6.255.255\t64500\tDE\tX\n5.7.0.0\tnope\t1\tDE\tY\n",
    )
    .unwrap();
    let out = i.path("out");
    let log = i.path("queries.log");
    let bad = i.path("bad.tsv");
    let (code, _, err) = run(&["report", "--log", &log, "--networks", &bad, "-o", &out]);
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!("network table {bad} line 2: '5.7.0.0\\x09nope")),
        "{err}"
    );
    let (code, _, err) = run(&["report", "-o", &out]);
    assert_eq!(code, 2);
    assert!(err.starts_with("conficker-dga: nothing to report"), "{err}");
    let contacts = i.path("contacts.csv");
    let (code, _, err) = run(&["report", &contacts, "-o", &out]);
    assert_eq!(code, 2);
    assert!(
        err.contains("is not a scan-log -o json report") || err.contains("cannot be read"),
        "{err}"
    );
}

#[test]
fn scan_log_dhcp_puts_the_machine_beside_the_address_split_where_it_changed_hands() {
    let i = Inputs::new();
    let log = i.path("queries.log");
    let leases = i.path("dhcpd.leases");
    let scan = |format: &str| {
        let (code, out, err) = run(&[
            "scan-log", "--year", "2020", "--dhcp", &leases, "-o", format, &log,
        ]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(err, "");
        out
    };
    let examples =
        "ayzjitvh.ws B 2020-01-19 0;gqzexpizmfv.org B 2020-01-19 1;redfw.cc B 2020-01-19 2";
    let shared = "address held by 2 machines during the lookups; first and last are within this machine's lease; lookups and names are the address's";
    assert_eq!(
        scan("csv"),
        format!(
            "client,mac,hostname,variants,first,last,lookups,distinct_names,examples,processes,note\n\
10.0.0.5,00:11:22:33:44:55,alpha,B,2020-01-19T10:00:00Z,2020-01-19T11:00:00Z,10,5,{examples},,{shared}\n\
10.0.0.5,66:77:88:99:aa:bb,beta,B,2020-01-19T11:00:00Z,2020-01-19T12:04:00Z,10,5,{examples},,{shared}\n\
1.128.0.9,,,B,2020-01-19T08:00:00Z,2020-01-19T08:04:00Z,5,5,{examples},,\n\
5.6.7.8,,,B,2020-01-19T09:00:00Z,2020-01-19T09:04:00Z,5,5,{examples},,\n"
        )
    );
    let examples = "ayzjitvh.ws (B 2020-01-19 #0), gqzexpizmfv.org (B 2020-01-19 #1), redfw.cc (B 2020-01-19 #2)";
    assert_eq!(
        scan("table"),
        format!(
            "21 lines, 21 queries, 20 Conficker lookups by 3 clients (variants A,B,C, lists of the query date ±2 days)

CLIENT     MACHINE                    VARIANTS  FIRST                     LAST                      LOOKUPS  NAMES  EXAMPLES (variant date #index)
10.0.0.5   alpha (00:11:22:33:44:55)  B         2020-01-19T10:00:00Z      2020-01-19T11:00:00Z           10      5  {examples}
           note: {shared}
10.0.0.5   beta (66:77:88:99:aa:bb)   B         2020-01-19T11:00:00Z      2020-01-19T12:04:00Z           10      5  {examples}
           note: {shared}
1.128.0.9  -                          B         2020-01-19T08:00:00Z      2020-01-19T08:04:00Z            5      5  {examples}
5.6.7.8    -                          B         2020-01-19T09:00:00Z      2020-01-19T09:04:00Z            5      5  {examples}

DATE           QUERIES  LOOKUPS        A        B        C  CLIENTS
2020-01-19          21       20        0       20        0        3

{log} (bind): 21 lines, 21 queries, 0 other, 0 malformed, 0 undated
"
        )
    );
    let json = scan("json");
    assert!(
        json.contains(&format!(
            "\"machine\": {{\n        \"mac\": \"00:11:22:33:44:55\",\n        \"hostname\": \"alpha\",\n        \"note\": \"{shared}\"\n      }}"
        )),
        "{json}"
    );

    // Without --dhcp the columns are those of before; a report from the machines' JSON is
    // the report that reads the DHCP file itself.
    let (_, plain, _) = run(&["scan-log", "--year", "2020", "-o", "csv", &log]);
    assert!(
        plain.starts_with("client,variants,first,last,lookups,distinct_names,examples,processes\n"),
        "{plain}"
    );
    std::fs::write(i.path("machines.json"), json).unwrap();
    let (from_json, with_dhcp) = (i.path("from-json"), i.path("with-dhcp"));
    let machines = i.path("machines.json");
    let (code, _, err) = run(&["report", &machines, "-o", &from_json]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&[
        "report", "--year", "2020", "--log", &log, "--dhcp", &leases, "-o", &with_dhcp,
    ]);
    assert_eq!(code, 0, "{err}");
    let (a, b) = (folder(Path::new(&from_json)), folder(Path::new(&with_dhcp)));
    assert_eq!(a["internal.csv"], b["internal.csv"]);
    assert_eq!(a["internal.txt"], b["internal.txt"]);
    assert!(a["internal.csv"].contains(",66:77:88:99:aa:bb,beta,"));
}

#[test]
fn scan_log_dhcp_refuses_a_file_it_cannot_read_with_its_line() {
    let i = Inputs::new();
    let log = i.path("queries.log");
    let bad = i.path("bad.leases");
    std::fs::write(&bad, "lease 10.0.0.999 {\n}\n").unwrap();
    let (code, out, err) = run(&["scan-log", "--dhcp", &bad, &log]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains(&format!("{bad} line 1")), "{err}");
}
