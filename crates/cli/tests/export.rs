//! `conficker-dga export` end to end: every format, for a fixed window, holds each name of
//! the window exactly once and no allowlisted name, and the real resolver accepts the file.
//!
//! The resolver checks run the programs when installed (`scripts/install-tools test`
//! installs them). Without them a check is skipped with a note, unless
//! `CONFICKER_DGA_REQUIRE_TOOLS` is set, as `make test` does, so that CI cannot pass by
//! skipping. Suricata is not packaged for Debian 12, so its rules are checked against the
//! documented rule syntax instead (`suricata_rule_problems` below). Unbound and dnsmasq are
//! also started on a spare port with their file and asked for names.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, HashSet};
use std::env;
use std::fs;
use std::net::{Ipv4Addr, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use chrono::Utc;
use conficker_dga::dates::DateRange;
use conficker_dga::generator::day_list;
use conficker_dga::variant::Variant;

const FROM: &str = "2009-04-01";
const TO: &str = "2009-04-02";
const SINKHOLE: [&str; 2] = ["192.0.2.1", "2001:db8::1"];

/// The window's names, sorted and deduplicated, computed from the generator directly.
fn window_names() -> Vec<String> {
    let range = DateRange::parse(FROM, TO).unwrap();
    let mut names: Vec<String> = range
        .iter()
        .flat_map(|d| Variant::ALL.map(|v| day_list(v, d)))
        .flatten()
        .collect();
    names.sort();
    names.dedup();
    names
}

/// A generated name that a real site uses, and the allowlist naming it as a top-sites list
/// would: ranked, below `www`, among names no variant could generate.
fn allowlist(dir: &Path) -> (String, PathBuf) {
    let allowed = day_list(Variant::C, DateRange::parse(FROM, FROM).unwrap().from())[7].clone();
    let path = dir.join("top-sites.csv");
    fs::write(
        &path,
        format!("# rank,domain\n1,google.com\n2,www.{allowed}\n3,example.de\n"),
    )
    .unwrap();
    (allowed, path)
}

fn conficker_dga(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conficker-dga"))
        .args(args)
        .output()
        .unwrap()
}

/// Exports `format` for the window into `dir`; returns the file and the stderr report.
fn export(dir: &Path, format: &str, sinkhole: bool, allow: &Path) -> (PathBuf, String) {
    let suffix = if sinkhole { "-sinkhole" } else { "" };
    let path = dir.join(format!("conficker-{format}{suffix}"));
    let mut args = vec![
        "export",
        "--from",
        FROM,
        "--to",
        TO,
        "--format",
        format,
        "--allow",
        allow.to_str().unwrap(),
        "--output",
        path.to_str().unwrap(),
    ];
    if sinkhole {
        args.extend(["--sinkhole", SINKHOLE[0], "--sinkhole", SINKHOLE[1]]);
    }
    let out = conficker_dga(&args);
    assert!(out.status.success(), "{format}: {out:?}");
    (path, String::from_utf8(out.stderr).unwrap())
}

/// The names of each kind of entry a format writes, such as an RPZ file's `CNAME` and
/// `*. CNAME` records, in file order.
fn entries(format: &str, text: &str) -> BTreeMap<String, Vec<String>> {
    let mut kinds: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut add = |kind: &str, name: &str| {
        kinds
            .entry(kind.to_string())
            .or_default()
            .push(name.to_string());
    };
    let body = text
        .lines()
        .filter(|l| !(l.starts_with('#') || l.starts_with(';')));
    for line in body {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match format {
            "rpz" if line.starts_with('$') || line.starts_with('@') => {}
            "rpz" => match fields[0].strip_prefix("*.") {
                Some(name) => add(&format!("*. {}", fields[1]), name),
                None => add(fields[1], fields[0]),
            },
            "unbound" if line == "server:" => {}
            "unbound" => {
                let name = fields[1].trim_matches('"').trim_end_matches('.');
                match fields[0] {
                    "local-zone:" => add(&format!("local-zone {}", fields[2]), name),
                    _ => add(&format!("local-data {}", fields[2]), name),
                }
            }
            "dnsmasq" => {
                let parts: Vec<&str> = line.split('/').collect();
                assert_eq!(parts.len(), 3, "{line}");
                add(&format!("{}/{}", parts[0], parts[2]), parts[1]);
            }
            "hosts" => add(fields[0], fields[1]),
            "plain" => add("name", line),
            "suricata" => {
                let content = line.split("content:\".").nth(1).unwrap();
                add("rule", &content[..content.find('"').unwrap()]);
            }
            _ => unreachable!("{format}"),
        }
    }
    kinds
}

/// Where the program is installed, or `None` (and a note) when it is not and may be missing.
fn program(name: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH").unwrap_or_default();
    let found = env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/sbin".into()])
        .map(|dir| dir.join(name))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            env::var_os("CONFICKER_DGA_REQUIRE_TOOLS").is_none(),
            "{name} is not installed: run scripts/install-tools test"
        );
        eprintln!("note: {name} is not installed, so its check is skipped");
    }
    found
}

/// Runs the program that loads this format, if it is installed; it must accept the file.
fn real_program_accepts(format: &str, file: &Path) {
    let (name, args): (&str, Vec<&str>) = match format {
        "rpz" => (
            "named-checkzone",
            vec!["rpz.conficker.test", file.to_str().unwrap()],
        ),
        "unbound" => ("unbound-checkconf", vec![file.to_str().unwrap()]),
        "dnsmasq" => {
            let arg = format!("--conf-file={}", file.display());
            let Some(dnsmasq) = program("dnsmasq") else {
                return;
            };
            let out = Command::new(dnsmasq)
                .args(["--test", &arg])
                .output()
                .unwrap();
            let said = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success() && said.contains("syntax check OK"),
                "{said}"
            );
            return;
        }
        _ => return,
    };
    let Some(path) = program(name) else {
        return;
    };
    let out = Command::new(path).args(&args).output().unwrap();
    assert!(
        out.status.success(),
        "{name} refused {}: {}{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn check_format(format: &str, sinkhole: bool, kinds: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let (allowed, allow) = allowlist(dir.path());
    let (file, report) = export(dir.path(), format, sinkhole, &allow);
    let text = fs::read_to_string(&file).unwrap();

    let mut expected = window_names();
    let before = expected.len();
    expected.retain(|n| *n != allowed);
    assert_eq!(expected.len(), before - 1);
    let found = entries(format, &text);
    assert_eq!(found.keys().collect::<Vec<_>>(), kinds, "{format}");
    for (kind, names) in &found {
        // Sorted, deduplicated expectations: equal means each name once, in order.
        assert!(
            names == &expected,
            "{format} {kind}: not every name exactly once"
        );
    }
    let comment = if format == "rpz" { ';' } else { '#' };
    assert!(text.contains(&format!(
        "{comment} generated names kept out by the allowlist: 1\n"
    )));
    assert_eq!(
        report.trim(),
        format!(
            "conficker-dga: the allowlist kept out 1 of {before} generated names; exported {}",
            expected.len()
        )
    );
    real_program_accepts(format, &file);
}

#[test]
fn rpz_answers_nxdomain_for_names_and_below() {
    check_format("rpz", false, &["*. CNAME", "CNAME"]);
}

#[test]
fn rpz_answers_with_the_sinkhole() {
    check_format("rpz", true, &["*. A", "*. AAAA", "A", "AAAA"]);
}

#[test]
fn unbound_answers_nxdomain() {
    check_format("unbound", false, &["local-zone always_nxdomain"]);
}

#[test]
fn unbound_redirects_to_the_sinkhole() {
    check_format(
        "unbound",
        true,
        &["local-data A", "local-data AAAA", "local-zone redirect"],
    );
}

#[test]
fn dnsmasq_answers_nxdomain() {
    check_format("dnsmasq", false, &["address=/"]);
}

#[test]
fn dnsmasq_answers_with_the_sinkhole() {
    check_format(
        "dnsmasq",
        true,
        &["address=/192.0.2.1", "address=/2001:db8::1"],
    );
}

#[test]
fn hosts_file_blocks_or_sinkholes() {
    check_format("hosts", false, &["0.0.0.0"]);
    check_format("hosts", true, &["192.0.2.1", "2001:db8::1"]);
}

#[test]
fn plain_list_has_the_names() {
    check_format("plain", false, &["name"]);
}

#[test]
fn suricata_rules_follow_the_rule_syntax() {
    check_format("suricata", false, &["rule"]);
    let dir = tempfile::tempdir().unwrap();
    let (_, allow) = allowlist(dir.path());
    let (file, _) = export(dir.path(), "suricata", false, &allow);
    let text = fs::read_to_string(file).unwrap();
    let rules: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    let problems = suricata_rule_problems(&rules);
    assert!(
        problems.is_empty(),
        "{:?}",
        &problems[..problems.len().min(5)]
    );
    // A name in two days' lists says so in its message.
    assert!(rules
        .iter()
        .any(|r| r.contains("(UTC lists 2009-04-01 to 2009-04-02)")));
}

/// The syntax of Suricata rules (docs.suricata.io, "Rules Format", "Transformations" and
/// "DNS Keywords"), as these rules use it: a header `action protocol source port direction
/// destination port`; options in parentheses, each `keyword;` or `keyword:value;`; strings
/// in quotes with no unescaped `"`, `;` or `\` (and in content, `|`); the sticky buffer
/// `dns.query` before the transform `dotprefix`, the transform before `content`, and the
/// modifiers `nocase` and `endswith` after it; a unique positive `sid` and a `rev`.
fn suricata_rule_problems(rules: &[&str]) -> Vec<String> {
    const ACTIONS: [&str; 7] = [
        "alert",
        "pass",
        "drop",
        "reject",
        "rejectsrc",
        "rejectdst",
        "rejectboth",
    ];
    const ORDER: [&str; 9] = [
        "msg",
        "dns.query",
        "dotprefix",
        "content",
        "nocase",
        "endswith",
        "classtype",
        "sid",
        "rev",
    ];
    let mut problems = Vec::new();
    let mut sids = HashSet::new();
    for rule in rules {
        let mut problem = |what: &str| problems.push(format!("{what}: {rule}"));
        let Some((header, options)) = rule.split_once(" (") else {
            problem("no option list");
            continue;
        };
        let header: Vec<&str> = header.split(' ').collect();
        if header.len() != 7
            || !ACTIONS.contains(&header[0])
            || header[1] != "dns"
            || !["->", "<>"].contains(&header[4])
        {
            problem("header is not action protocol src port direction dst port");
        }
        let Some(options) = options.strip_suffix(";)") else {
            problem("options do not end in ;)");
            continue;
        };
        let mut keywords = Vec::new();
        for option in options.split("; ") {
            let (keyword, value) = option.split_once(':').unwrap_or((option, ""));
            keywords.push(keyword);
            match keyword {
                "msg" | "content" => {
                    let inner = value.strip_prefix('"').and_then(|v| v.strip_suffix('"'));
                    let forbidden: &[char] = if keyword == "content" {
                        &['"', ';', '\\', '|']
                    } else {
                        &['"', ';', '\\']
                    };
                    if inner.is_none_or(|v| v.contains(forbidden)) {
                        problem(&format!("{keyword} is not a quoted, escaped string"));
                    }
                }
                "sid" => match value.parse::<u32>() {
                    Ok(sid) if sid > 0 && sids.insert(sid) => {}
                    _ => problem("sid is not a new positive integer"),
                },
                "rev" if value.parse::<u32>().is_err() => problem("rev is not an integer"),
                "classtype" if value != "trojan-activity" => problem("unknown classtype"),
                _ => {}
            }
        }
        if keywords != ORDER {
            problem(&format!(
                "keywords {keywords:?} are not in the order {ORDER:?}"
            ));
        }
    }
    problems
}

#[test]
fn the_rule_syntax_check_finds_broken_rules() {
    let good = "alert dns any any -> any any (msg:\"Conficker C domain abcd.ru (UTC list of \
                2009-04-01)\"; dns.query; dotprefix; content:\".abcd.ru\"; nocase; endswith; \
                classtype:trojan-activity; sid:1; rev:1;)";
    assert!(suricata_rule_problems(&[good]).is_empty());
    let broken = [
        good.replace(
            "dns.query; dotprefix; content:\".abcd.ru\"",
            "content:\".abcd.ru\"; dns.query; dotprefix",
        ),
        good.replace("rev:1;)", "rev:1)"),
        good.replace("abcd.ru (UTC", "abcd.ru\" (UTC"),
        good.replace("alert dns", "alert"),
        good.replace("content:\".abcd.ru\"", "content:\"a;b\""),
    ];
    for rule in &broken {
        assert_eq!(suricata_rule_problems(&[rule]).len(), 1, "{rule}");
    }
    assert_eq!(
        suricata_rule_problems(&[good, good]).len(),
        1,
        "duplicate sid"
    );
}

#[test]
fn same_window_gives_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (_, allow) = allowlist(dir.path());
    let (first, _) = export(dir.path(), "rpz", false, &allow);
    let first = fs::read(first).unwrap();
    let (second, _) = export(dir.path(), "rpz", false, &allow);
    assert_eq!(first, fs::read(second).unwrap());
}

#[test]
fn window_is_today_plus_or_minus_n_days() {
    let before = Utc::now().date_naive();
    let out = conficker_dga(&[
        "export",
        "--window",
        "1",
        "--variant",
        "A",
        "--format",
        "plain",
    ]);
    let after = Utc::now().date_naive();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let said = |today: chrono::NaiveDate| {
        let range = DateRange::around(today, 1);
        format!("# variants A; UTC dates {} to {}", range.from(), range.to())
    };
    assert!(
        text.contains(&said(before)) || text.contains(&said(after)),
        "{text:.300}"
    );
    let names = text.lines().filter(|l| !l.starts_with('#')).count();
    assert!(
        names > 740 && names <= 750,
        "{names} names for three days of A"
    );
}

/// Bad input gets one line naming the problem and exit status 2.
#[test]
fn refuses_bad_input_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let cases: [(Vec<&str>, &str); 7] = [
        (
            vec!["--allow", "/dev/urandom"],
            "allowlist /dev/urandom is larger than 256 MiB, the most read at once",
        ),
        (
            vec!["--sinkhole", "192.0.2.300"],
            "sinkhole '192.0.2.300' is not an IPv4 or IPv6 address",
        ),
        (
            vec!["--sinkhole", "192.0.2.1,192.0.2.2"],
            "two sinkhole addresses of one family",
        ),
        (
            vec!["--from", "2009-02-30"],
            "from date 2009-02-30 does not exist in the calendar",
        ),
        (
            vec!["--allow", missing.to_str().unwrap()],
            "cannot read allowlist",
        ),
        (
            vec!["--format", "plain", "--sinkhole", "192.0.2.1"],
            "a sinkhole address means nothing in the plain format",
        ),
        (
            vec!["--window", "2", "--from", "2009-04-01"],
            "cannot be used with",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["export"];
        if !args.contains(&"--format") {
            all.extend(["--format", "rpz"]);
        }
        all.extend(&args);
        let out = conficker_dga(&all);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn a_failed_export_leaves_the_old_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("conficker.rpz");
    fs::write(&file, "old").unwrap();
    let out = conficker_dga(&[
        "export",
        "--from",
        FROM,
        "--format",
        "suricata",
        "--sid-base",
        "4294967000",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("would pass the largest sid"));
    assert_eq!(fs::read_to_string(&file).unwrap(), "old");
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

/// A resolver started on a spare local port, stopped when dropped.
struct Resolver {
    child: Child,
    port: u16,
}

impl Resolver {
    fn start(program: PathBuf, args: impl Fn(u16) -> Vec<String>) -> Resolver {
        let port = UdpSocket::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(program)
            .args(args(port))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        Resolver { child, port }
    }

    /// The response code and the first answer's address, once the resolver is up.
    fn ask(&mut self, name: &str, qtype: u16) -> (u8, Option<String>) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(answer) = dns_query(self.port, name, qtype) {
                return answer;
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("the resolver stopped: {status}");
            }
            assert!(Instant::now() < deadline, "no answer for {name}");
            thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Resolver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const NOERROR: u8 = 0;
const NXDOMAIN: u8 = 3;
const A: u16 = 1;
const AAAA: u16 = 28;

/// One DNS question over UDP (RFC 1035 4.1); `None` when nothing answers within a second.
fn dns_query(port: u16, name: &str, qtype: u16) -> Option<(u8, Option<String>)> {
    let mut packet = vec![0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
    for label in name.split('.') {
        packet.push(label.len() as u8);
        packet.extend(label.as_bytes());
    }
    packet.extend([0]);
    packet.extend(qtype.to_be_bytes());
    packet.extend([0, 1]);
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(1)))
        .unwrap();
    socket.send_to(&packet, (Ipv4Addr::LOCALHOST, port)).ok()?;
    let mut reply = [0u8; 4096];
    let len = socket.recv(&mut reply).ok()?;
    let reply = &reply[..len];
    let rcode = reply[3] & 0x0f;
    let answers = u16::from_be_bytes([reply[6], reply[7]]);
    if answers == 0 {
        return Some((rcode, None));
    }
    // The answer's owner is a pointer to the question (two bytes); then type, class, TTL,
    // length and the address.
    let rdata = packet.len() + 2 + 8 + 2;
    let address = match qtype {
        A => Ipv4Addr::from(<[u8; 4]>::try_from(&reply[rdata..rdata + 4]).unwrap()).to_string(),
        _ => std::net::Ipv6Addr::from(<[u8; 16]>::try_from(&reply[rdata..rdata + 16]).unwrap())
            .to_string(),
    };
    Some((rcode, Some(address)))
}

#[test]
fn unbound_answers_the_names_and_below_with_the_sinkhole() {
    let Some(unbound) = program("unbound") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (allowed, allow) = allowlist(dir.path());
    let (file, _) = export(dir.path(), "unbound", true, &allow);
    let config = dir.path().join("unbound.conf");
    let directory = dir.path().display().to_string();
    let mut resolver = Resolver::start(unbound, |port| {
        fs::write(
            &config,
            format!(
                "server:\n interface: 127.0.0.1\n port: {port}\n username: \"\"\n chroot: \"\"\n \
                 directory: \"{directory}\"\n pidfile: \"{directory}/unbound.pid\"\n \
                 do-daemonize: no\n use-syslog: no\n module-config: \"iterator\"\n\
                 include: \"{}\"\n",
                file.display()
            ),
        )
        .unwrap();
        vec!["-c".into(), config.display().to_string()]
    });
    let name = &window_names()[0];
    assert_ne!(name, &allowed);
    let v4 = Some(SINKHOLE[0].to_string());
    assert_eq!(resolver.ask(name, A), (NOERROR, v4.clone()));
    assert_eq!(resolver.ask(&format!("www.{name}"), A), (NOERROR, v4));
    assert_eq!(
        resolver.ask(name, AAAA),
        (NOERROR, Some(SINKHOLE[1].to_string()))
    );
}

#[test]
fn dnsmasq_answers_nxdomain_for_the_names_and_below_only() {
    let Some(dnsmasq) = program("dnsmasq") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (allowed, allow) = allowlist(dir.path());
    let (file, _) = export(dir.path(), "dnsmasq", false, &allow);
    let mut resolver = Resolver::start(dnsmasq, |port| {
        vec![
            "--keep-in-foreground".into(),
            format!("--port={port}"),
            "--listen-address=127.0.0.1".into(),
            "--bind-interfaces".into(),
            "--no-resolv".into(),
            "--no-hosts".into(),
            "--pid-file=".into(),
            format!("--conf-file={}", file.display()),
        ]
    });
    let names = window_names();
    let name = &names[0];
    let beside = format!("x{name}");
    assert!(!names.contains(&beside));
    assert_eq!(resolver.ask(name, A), (NXDOMAIN, None));
    assert_eq!(resolver.ask(&format!("www.{name}"), A), (NXDOMAIN, None));
    // With no upstream server dnsmasq refuses what its configuration does not answer.
    assert_ne!(resolver.ask(&allowed, A).0, NXDOMAIN);
    assert_ne!(resolver.ask(&beside, A).0, NXDOMAIN);
}
