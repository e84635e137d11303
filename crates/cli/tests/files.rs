//! Files written whole and never through a planted path: `report -o DIR` replaces its own
//! folder whole (nothing stale, nothing spliced by a concurrent run, nothing written through a
//! link, a folder it did not make refused), and `export -o FILE` replaces a link rather than
//! writing through it and leaves no temporary file.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::Path;

use common::run;

/// A folder's entries and their contents (a link is shown as `-> target`).
fn folder(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let kind = e.file_type().unwrap();
            let text = if kind.is_symlink() {
                format!("-> {}", std::fs::read_link(e.path()).unwrap().display())
            } else {
                std::fs::read_to_string(e.path()).unwrap()
            };
            (e.file_name().to_string_lossy().into_owned(), text)
        })
        .collect()
}

/// A scan report of two clients, one in AS64500's range, and the inputs to attribute them.
struct Inputs {
    dir: tempfile::TempDir,
}

const SCAN: &str = r#"{
  "variants": "B", "slackDays": 2, "listsGenerated": 1, "stopped": false, "minNames": 1,
  "clientsBelowMinNames": 0, "sources": [],
  "clients": [
    {"client": "5.6.7.8", "variants": "B", "first": "2020-01-19T09:00:00Z",
     "last": "2020-01-19T09:00:00Z", "lookups": 1, "distinctNames": 1, "examples": []},
    {"client": "10.0.0.5", "variants": "B", "first": "2020-01-19T10:00:00Z",
     "last": "2020-01-19T10:00:00Z", "lookups": 1, "distinctNames": 1, "examples": []}
  ],
  "days": [{"date": "2020-01-19", "queries": 2, "lookups": 2, "a": 0, "b": 2, "c": 0, "clients": 2}]
}"#;

impl Inputs {
    fn new() -> Inputs {
        let dir = tempfile::tempdir().unwrap();
        let w = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        w("scan.json", SCAN);
        w(
            "ranges.tsv",
            "5.6.0.0\t5.6.255.255\t64500\tDE\tEXAMPLE-NET\n",
        );
        w(
            "contacts.csv",
            "asn,email,name\n64500,abuse@example.net,Example Net abuse desk\n",
        );
        Inputs { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_str().unwrap().to_string()
    }

    /// `report scan.json -o out`, with the range table when `tables`.
    fn report(&self, tables: bool) -> (i32, String, String) {
        let (scan, out, ranges) = (
            self.path("scan.json"),
            self.path("out"),
            self.path("ranges.tsv"),
        );
        let mut args = vec!["report", scan.as_str(), "-o", out.as_str()];
        if tables {
            args.extend(["--networks", ranges.as_str()]);
        }
        run(&args)
    }
}

#[test]
fn a_second_report_leaves_exactly_its_own_files() {
    let i = Inputs::new();
    let (code, _, err) = i.report(true);
    assert_eq!(code, 0, "{err}");
    let out = Path::new(&i.path("out")).to_path_buf();
    assert!(folder(&out).contains_key("AS64500.txt"));
    // Without the table the host is unattributed: AS64500's files must go.
    let (code, _, err) = i.report(false);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        folder(&out).keys().collect::<Vec<_>>(),
        [
            ".conficker-dga-folder",
            "internal.csv",
            "internal.txt",
            "networks.json",
            "summary.csv",
            "unattributed.csv",
            "unattributed.txt"
        ]
    );
    // Nothing else beside the folder but its lock: no half-built folder, no temporary file.
    let mut beside: Vec<String> = std::fs::read_dir(i.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(
        beside,
        [
            ".out.lock",
            "contacts.csv",
            "out",
            "ranges.tsv",
            "scan.json"
        ]
    );
}

#[test]
fn a_folder_the_tool_did_not_make_is_refused_and_kept() {
    let i = Inputs::new();
    let out = i.path("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(Path::new(&out).join("thesis.tex"), "years of work").unwrap();
    let (code, _, err) = i.report(true);
    assert_eq!(code, 2);
    assert!(
        err.starts_with(&format!("conficker-dga: will not replace {out}: it holds files that conficker-dga did not write")),
        "{err}"
    );
    assert_eq!(
        folder(Path::new(&out)),
        BTreeMap::from([("thesis.tex".into(), "years of work".into())])
    );
    // An empty folder is the user's way of naming a new one.
    std::fs::remove_file(Path::new(&out).join("thesis.tex")).unwrap();
    let (code, _, err) = i.report(true);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn links_planted_in_or_at_the_folder_are_never_written_through() {
    let i = Inputs::new();
    let victim = i.path("victim");
    std::fs::write(&victim, "precious").unwrap();
    let (code, _, err) = i.report(true);
    assert_eq!(code, 0, "{err}");
    let out = Path::new(&i.path("out")).to_path_buf();
    // The review's attack: links at the names the folder's files were written through.
    symlink(&victim, out.join("summary.csv.tmp")).unwrap();
    std::fs::remove_file(out.join("summary.csv")).unwrap();
    symlink(&victim, out.join("summary.csv")).unwrap();
    let (code, _, err) = i.report(true);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    let files = folder(&out);
    assert!(files["summary.csv"].starts_with("network,"), "{files:?}");
    assert!(!files.contains_key("summary.csv.tmp"), "{files:?}");
    // A link as the folder itself is refused.
    std::fs::remove_dir_all(&out).unwrap();
    let elsewhere = i.path("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    symlink(&elsewhere, &out).unwrap();
    let (code, _, err) = i.report(true);
    assert_eq!(code, 2);
    assert!(err.contains("it is a symbolic link"), "{err}");
    assert!(folder(Path::new(&elsewhere)).is_empty());
}

#[test]
fn concurrent_reports_into_one_folder_each_end_whole_never_spliced() {
    let i = Inputs::new();
    // The two runs' folders, each alone.
    let (code, _, err) = i.report(true);
    assert_eq!(code, 0, "{err}");
    let with = folder(Path::new(&i.path("out")));
    std::fs::remove_dir_all(i.path("out")).unwrap();
    let (code, _, err) = i.report(false);
    assert_eq!(code, 0, "{err}");
    let without = folder(Path::new(&i.path("out")));
    let (scan, out, ranges) = (i.path("scan.json"), i.path("out"), i.path("ranges.tsv"));
    for _ in 0..20 {
        let a = common::binary()
            .args(["report", &scan, "-o", &out, "--networks", &ranges])
            .output();
        let b = std::thread::scope(|s| {
            let b = s.spawn(|| {
                common::binary()
                    .args(["report", &scan, "-o", &out])
                    .output()
            });
            let a = a.unwrap();
            assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
            b.join().unwrap().unwrap()
        });
        assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
        let now = folder(Path::new(&out));
        assert!(now == with || now == without, "a spliced folder: {now:?}");
    }
}

#[test]
fn a_contact_that_would_add_a_header_is_refused_with_its_line() {
    let i = Inputs::new();
    std::fs::write(
        i.path("contacts.csv"),
        "asn,email,name\n64500,\"abuse@small.example\nBcc: attacker@evil.example\",Small\n",
    )
    .unwrap();
    let (scan, out, ranges, contacts) = (
        i.path("scan.json"),
        i.path("out"),
        i.path("ranges.tsv"),
        i.path("contacts.csv"),
    );
    let (code, _, err) = run(&[
        "report",
        &scan,
        "-o",
        &out,
        "--networks",
        &ranges,
        "--contacts",
        &contacts,
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        format!("conficker-dga: contacts {contacts} line 2: 'abuse@small.example\\x0aBcc: attacker@evil.example' is not a contact's email address: one address (abuse@example.net), no name or brackets\n")
    );
    assert!(!Path::new(&out).exists());
}

#[test]
fn an_export_replaces_a_link_at_its_file_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious").unwrap();
    let target = dir.path().join("conficker.rpz");
    symlink(&victim, &target).unwrap();
    let t = target.to_str().unwrap();
    let (code, _, err) = run(&[
        "export",
        "--from",
        "2020-01-19",
        "--variant",
        "A",
        "--format",
        "plain",
        "-o",
        t,
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    let files = folder(dir.path());
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        ["conficker.rpz", "victim"]
    );
    assert_eq!(
        files["conficker.rpz"]
            .lines()
            .filter(|l| !l.starts_with('#'))
            .count(),
        250
    );
}
