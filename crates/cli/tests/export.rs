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

mod common;

use std::collections::{BTreeMap, HashSet};
use std::env;
use std::fs;
use std::net::{Ipv4Addr, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use chrono::Utc;
use conficker_dga::dates::DateRange;
use conficker_dga::generator::day_list;
use conficker_dga::output::grouped;
use conficker_dga::variant::Variant;

use common::run;

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
    let (code, _, err) = run(&args);
    assert_eq!(code, 0, "{format}: {err}");
    (path, err)
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
            "zeek-intel" => {
                let fields: Vec<&str> = line.split('\t').collect();
                add(fields[1], fields[0]);
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
    assert_header_digest(&text, comment, &expected);
    assert_eq!(
        report.trim(),
        format!(
            "conficker-dga: the allowlist kept out 1 of {} generated names; exported {}",
            grouped(before as u64),
            grouped(expected.len() as u64)
        )
    );
    real_program_accepts(format, &file);
}

/// The header gives the count and MD5 of the names, one per line, each ending in a newline.
fn assert_header_digest(text: &str, comment: char, names: &[String]) {
    let list: String = names.iter().map(|n| format!("{n}\n")).collect();
    let line = format!(
        "{comment} {} names, sorted and deduplicated; MD5 of the name list {:x}\n",
        names.len(),
        md5::compute(list)
    );
    assert!(text.contains(&line), "no {line:?}");
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
        let (header, options) = match rule_parts(rule) {
            Ok(parts) => parts,
            Err(what) => {
                problem(what);
                continue;
            }
        };
        let header: Vec<&str> = header.split(' ').collect();
        if header.len() != 7
            || !ACTIONS.contains(&header[0])
            || header[1] != "dns"
            || !["->", "<>"].contains(&header[4])
        {
            problem("header is not action protocol src port direction dst port");
        }
        for &(keyword, value) in &options {
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
                _ => {}
            }
        }
        for what in shared_problems(&options, &ORDER) {
            problem(&what);
        }
    }
    problems
}

/// A rule's options in order, as `(keyword, value)`; the value of a bare `keyword;` is empty.
type Options<'a> = Vec<(&'a str, &'a str)>;

/// A Suricata rule's header and its options, each `keyword;` or `keyword:value;` in the
/// parentheses after the header, as `(keyword, value)`; or what keeps them from being read.
fn rule_parts(rule: &str) -> Result<(&str, Options<'_>), &'static str> {
    let (header, options) = rule.split_once(" (").ok_or("no option list")?;
    let options = options
        .strip_suffix(";)")
        .ok_or("options do not end in ;)")?;
    let options = options
        .split("; ")
        .map(|option| option.split_once(':').unwrap_or((option, "")))
        .collect();
    Ok((header, options))
}

/// The problems both kinds of rule can have beyond their own keywords: a `rev` that is not
/// an integer, a classtype other than trojan-activity, keywords not in `order`.
fn shared_problems(options: &[(&str, &str)], order: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    for &(keyword, value) in options {
        match keyword {
            "rev" if value.parse::<u32>().is_err() => problems.push("rev is not an integer".into()),
            "classtype" if value != "trojan-activity" => problems.push("unknown classtype".into()),
            _ => {}
        }
    }
    let keywords: Vec<&str> = options.iter().map(|&(keyword, _)| keyword).collect();
    if keywords != order {
        problems.push(format!(
            "keywords {keywords:?} are not in the order {order:?}"
        ));
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
    let (code, text, err) = run(&[
        "export",
        "--window",
        "1",
        "--variant",
        "A",
        "--format",
        "plain",
    ]);
    let after = Utc::now().date_naive();
    assert_eq!(code, 0, "{err}");
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
        let (code, _, stderr) = run(&all);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn a_failed_export_leaves_the_old_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("conficker.rpz");
    fs::write(&file, "old").unwrap();
    let (code, _, err) = run(&[
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
    assert_eq!(code, 2);
    assert!(err.contains("would pass the largest sid"), "{err}");
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

#[test]
fn zeek_intel_file_is_what_zeeks_reader_reads() {
    check_format("zeek-intel", false, &["Intel::DOMAIN"]);
    let dir = tempfile::tempdir().unwrap();
    let (_, allow) = allowlist(dir.path());
    let (file, _) = export(dir.path(), "zeek-intel", false, &allow);
    let text = fs::read_to_string(file).unwrap();
    // Zeek's ASCII input reader (input/readers/ascii/Ascii.cc) skips every line starting
    // with '#' but `#fields` and its separator (a tab); its unset and empty markers are `-`
    // and `(empty)`.
    let mut fields = None;
    for line in text.split_terminator('\n') {
        if let Some(names) = line.strip_prefix("#fields\t") {
            fields = Some(names.split('\t').collect::<Vec<_>>());
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let names = fields.as_ref().expect("#fields comes before the rows");
        let values: Vec<&str> = line.split('\t').collect();
        assert_eq!(values.len(), names.len(), "{line:?}");
        assert!(
            values
                .iter()
                .all(|v| !v.is_empty() && *v != "-" && *v != "(empty)" && !v.contains('\r')),
            "{line:?}"
        );
        assert_eq!(values[1..3], ["Intel::DOMAIN", "conficker-dga"], "{line:?}");
        assert!(values[3].starts_with("Conficker "), "{line:?}");
    }
    assert_eq!(
        fields.unwrap(),
        ["indicator", "indicator_type", "meta.source", "meta.desc"]
    );
    assert!(text.contains("\tConficker C domain, UTC lists 2009-04-01 to 2009-04-02\n"));
}

/// The CSV lookup table: the header, then a row per name, variant and date of the
/// window, sorted, each with the index of the name's first place in that day's list.
#[test]
fn csv_lookup_table_has_a_row_per_name_and_date() {
    let dir = tempfile::tempdir().unwrap();
    let (allowed, allow) = allowlist(dir.path());
    let (file, report) = export(dir.path(), "csv", false, &allow);
    assert!(report.contains("the allowlist kept out 1 of"), "{report}");
    let text = fs::read_to_string(file).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("domain,variant,date,index"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(
        rows.iter().all(|r| r.len() == 4),
        "four fields, no comments"
    );

    let range = DateRange::parse(FROM, TO).unwrap();
    let mut expected: Vec<(String, String, String, usize)> = Vec::new();
    for date in range.iter() {
        for variant in Variant::ALL {
            let mut seen = HashSet::new();
            for (index, name) in day_list(variant, date).into_iter().enumerate() {
                if name != allowed && seen.insert(name.clone()) {
                    expected.push((name, date.to_string(), variant.to_string(), index));
                }
            }
        }
    }
    expected.sort();
    let got: Vec<(String, String, String, usize)> = rows
        .iter()
        .map(|r| {
            (
                r[0].to_string(),
                r[2].to_string(),
                r[1].to_string(),
                r[3].parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(got.len(), expected.len());
    assert!(got == expected, "not the lists' rows in order");
    // One row per (name, date) unless two variants drew the name that day.
    let pairs: HashSet<(&str, &str)> = got.iter().map(|r| (&*r.0, &*r.1)).collect();
    let shared = got.len() - pairs.len();
    assert!(
        shared < 5,
        "{shared} names in two variants' lists of one day"
    );
    let mut names: Vec<&str> = got.iter().map(|r| r.0.as_str()).collect();
    names.dedup();
    let mut window = window_names();
    window.retain(|n| *n != allowed);
    assert_eq!(names, window, "every name of the window, no other");
}

/// Suricata's rule keywords (docs.suricata.io, "Rules Format", "Transformations",
/// "Datasets") as the dataset rule uses them: the sticky buffer `dns.query`, the transforms
/// `to_lowercase` and `pcrexform` (a quoted regular expression with exactly one capture:
/// `pcrexform` refuses others), then `dataset:<cmd>,<name>,<options>` with the command
/// `isset`, a name of at most 63 characters and `key value` options among which `type`
/// (mandatory) is `string` and `load` names the file; then classtype, sid and rev.
fn dataset_rule_problems(rule: &str) -> Vec<String> {
    const ORDER: [&str; 8] = [
        "msg",
        "dns.query",
        "to_lowercase",
        "pcrexform",
        "dataset",
        "classtype",
        "sid",
        "rev",
    ];
    const OPTIONS: [&str; 5] = ["type", "load", "hashsize", "memcap", "format"];
    let (header, options) = match rule_parts(rule) {
        Ok(parts) => parts,
        Err(what) => return vec![what.to_string()],
    };
    let mut problems = shared_problems(&options, &ORDER);
    let mut problem = |what: &str| problems.push(what.to_string());
    if header != "alert dns any any -> any any" {
        problem("header is not alert dns any any -> any any");
    }
    for &(keyword, value) in &options {
        let quoted = value.strip_prefix('"').and_then(|v| v.strip_suffix('"'));
        match keyword {
            "msg" if quoted.is_none_or(|v| v.contains(['"', ';', '\\'])) => {
                problem("msg is not a quoted, escaped string")
            }
            "pcrexform" => match quoted {
                Some(pattern) if !pattern.contains(['"', ';', '\\']) => {
                    let captures = pattern.matches('(').count() - pattern.matches("(?").count();
                    if captures != 1 {
                        problem("pcrexform needs exactly one capture");
                    }
                    if regex::Regex::new(pattern).is_err() {
                        problem("pcrexform is no regular expression");
                    }
                }
                _ => problem("pcrexform is not a quoted string without ; \" or \\"),
            },
            "dataset" => {
                let parts: Vec<&str> = value.split(',').map(|p| p.trim_start()).collect();
                if parts.len() < 3 || parts[0] != "isset" {
                    problem("dataset is not isset,<name>,<options>");
                    continue;
                }
                if parts[1].is_empty() || parts[1].len() > 63 || parts[1].contains(' ') {
                    problem("the dataset name is empty, too long or has a space");
                }
                let mut keys = Vec::new();
                for part in &parts[2..] {
                    match part.split_once(' ') {
                        Some((key, value)) if OPTIONS.contains(&key) && !value.is_empty() => {
                            keys.push(key);
                            if key == "type" && value != "string" {
                                problem("the dataset type is not string");
                            }
                            if key == "hashsize" && value.parse::<u32>().is_err() {
                                problem("hashsize is not a number");
                            }
                            if key == "load" && value.contains([' ', ';', '"']) {
                                problem("load is not a plain file name");
                            }
                        }
                        _ => problem("a dataset option is not `key value`"),
                    }
                }
                if !keys.contains(&"type") || !keys.contains(&"load") {
                    problem("the dataset has no type or no load");
                }
            }
            "sid" if value.parse::<u32>().is_err() || value == "0" => {
                problem("sid is not a positive integer")
            }
            _ => {}
        }
    }
    problems
}

#[test]
fn the_dataset_rule_check_finds_broken_rules() {
    let good = "alert dns any any -> any any (msg:\"Conficker C domain (UTC list of \
                2009-04-01)\"; dns.query; to_lowercase; pcrexform:\"([^.]+[.](?:ru|co[.]uk))$\"; \
                dataset:isset,conficker, type string, load conficker.lst, hashsize 1024; \
                classtype:trojan-activity; sid:1; rev:1;)";
    assert_eq!(dataset_rule_problems(good), Vec::<String>::new());
    let broken = [
        good.replace("to_lowercase; pcrexform", "pcrexform"),
        good.replace("(?:ru", "(ru"),
        good.replace(
            "pcrexform:\"([^.]+[.](?:ru|co[.]uk))$\"",
            "pcrexform:([^.]+)$",
        ),
        good.replace("isset,", "isset "),
        good.replace(", type string", ""),
        good.replace("type string", "type sha256"),
        good.replace(", load conficker.lst", ", load"),
        good.replace("conficker,", "my set,"),
        good.replace("rev:1;)", "rev:1)"),
        good.replace("sid:1;", "sid:0;"),
        good.replace("dns.query; to_lowercase", "to_lowercase; dns.query"),
    ];
    for rule in &broken {
        assert!(!dataset_rule_problems(rule).is_empty(), "{rule}");
    }
}

/// Queries the per-name rules alert on, by their keywords: `dotprefix; content:".NAME";
/// nocase; endswith` matches NAME and every name below it, in any case.
fn per_name_rules_match(names: &HashSet<String>, query: &str) -> bool {
    let dotted = format!(".{}", query.to_ascii_lowercase());
    dotted
        .match_indices('.')
        .any(|(at, _)| names.contains(&dotted[at + 1..]))
}

/// The dataset rule, by its keywords: `to_lowercase` (ASCII), then `pcrexform` keeps its one
/// capture when the pattern matches and leaves the buffer as it is when it does not
/// (detect-transform-pcrexform.c), then `dataset:isset` looks the buffer up.
fn dataset_rule_matches(pattern: &regex::Regex, set: &HashSet<String>, query: &str) -> bool {
    let lower = query.to_ascii_lowercase();
    let buffer = match pattern.captures(&lower) {
        Some(c) => c[1].to_string(),
        None => lower,
    };
    set.contains(&buffer)
}

#[test]
fn suricata_dataset_is_a_rule_and_its_base64_names() {
    use base64::Engine;

    let dir = tempfile::tempdir().unwrap();
    let (allowed, allow) = allowlist(dir.path());
    let rules = dir.path().join("conficker.rules");
    let (code, _, err) = run(&[
        "export",
        "--from",
        FROM,
        "--to",
        TO,
        "--format",
        "suricata-dataset",
        "--allow",
        allow.to_str().unwrap(),
        "--sid-base",
        "4294967295",
        "-o",
        rules.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut expected = window_names();
    expected.retain(|n| *n != allowed);

    // The dataset file: each line base64, as Suricata 8 decodes it (the base64 crate's
    // STANDARD engine, rust/src/detect/datasets.rs); nothing else, not even a comment.
    let dataset = fs::read_to_string(dir.path().join("conficker.lst")).unwrap();
    assert!(dataset.ends_with('\n'));
    let decoded: Vec<String> = dataset
        .lines()
        .map(|line| {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(line)
                .unwrap_or_else(|e| panic!("{line:?}: {e}"));
            String::from_utf8(bytes).unwrap()
        })
        .collect();
    assert!(
        decoded == expected,
        "the dataset is not the names, once each"
    );

    // The rule file: the header, and one rule loading the file beside it.
    let text = fs::read_to_string(&rules).unwrap();
    assert!(text.contains("# generated names kept out by the allowlist: 1\n"));
    assert_header_digest(&text, '#', &expected);
    let body: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(body.len(), 1, "one rule");
    let rule = body[0];
    assert_eq!(dataset_rule_problems(rule), Vec::<String>::new(), "{rule}");
    assert!(rule.contains("dataset:isset,conficker, type string, load conficker.lst,"));
    assert!(
        rule.contains("sid:4294967295; rev:1;)"),
        "one rule fits the last sid"
    );

    // The one rule alerts on what the per-name rules alert on, names below included.
    let pattern = rule.split("pcrexform:\"").nth(1).unwrap();
    let pattern = regex::Regex::new(&pattern[..pattern.find('"').unwrap()]).unwrap();
    let set: HashSet<String> = decoded.into_iter().collect();
    let mut queries = vec![
        allowed.clone(),
        format!("www.{allowed}"),
        "www.example.com".to_string(),
        "co.uk".to_string(),
        "com.br".to_string(),
    ];
    for name in expected.iter().step_by(7) {
        let (label, suffix) = name.split_once('.').unwrap();
        queries.extend([
            name.clone(),
            name.to_ascii_uppercase(),
            format!("www.{name}"),
            format!("a.b.{}", name.to_ascii_uppercase()),
            format!("x{name}"),
            format!("{name}.evil"),
            format!("{label}x.{suffix}"),
            format!("{label}.com.{suffix}"),
        ]);
    }
    let mut alerts = 0;
    for query in &queries {
        let expected = per_name_rules_match(&set, query);
        assert_eq!(
            dataset_rule_matches(&pattern, &set, query),
            expected,
            "{query}"
        );
        alerts += usize::from(expected);
    }
    assert!(
        alerts > queries.len() / 3 && alerts < queries.len(),
        "{alerts}"
    );
}

#[test]
fn suricata_dataset_needs_a_file_and_a_loadable_name() {
    let dir = tempfile::tempdir().unwrap();
    let spaced = dir.path().join("my rules.rules");
    for (output, message) in [
        (
            None,
            "the suricata-dataset format is two files, the rules and the dataset they load, \
             which one stream cannot hold: name a file for the rules (on the command line: -o \
             FILE)",
        ),
        (
            Some(spaced.to_str().unwrap()),
            "cannot load a dataset file named 'my rules.lst'",
        ),
    ] {
        let mut args = vec!["export", "--from", FROM, "--format", "suricata-dataset"];
        args.extend(output.map(|o| ["-o", o]).into_iter().flatten());
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 2, "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
        assert!(stdout.is_empty());
    }
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}
