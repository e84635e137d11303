"""Every function against the command line's output on the same inputs."""

import json
import shutil

import pytest

import conficker_dga as c
from conftest import DATA, cli, cli_json


def test_facts_describe_the_lists_generate_makes():
    facts = c.facts()
    assert [v["letter"] for v in facts["variants"]] == ["A", "B", "C"]
    for v in facts["variants"]:
        day = c.generate(v["firstSeen"], variants=v["letter"])
        assert len(day[0]["domains"]) == v["perDay"]
    names = {f["name"] for f in facts["exportFormats"]}
    assert {"rpz", "csv", "suricata-dataset"} <= names


@pytest.mark.parametrize(
    "args, kwargs",
    [
        (["--from", "2009-01-19", "--to", "2009-01-20", "--variant", "A,B"],
         dict(from_="2009-01-19", to="2009-01-20", variants="A,B")),
        (["--date", "2009-04-01", "--variant", "C", "--suffix", "cl,co.uk"],
         dict(from_="2009-04-01", variants=["C"], suffixes=["cl", "co.uk"])),
        (["--from", "2020-01-01", "--variant", "Conficker.D"],
         dict(from_="2020-01-01", variants="Conficker.D")),
    ],
)
def test_generate_equals_generate_json(args, kwargs):
    assert c.generate(**kwargs) == cli_json("generate", "-f", "json", *args)


NAMES = ["qhflh.com", "hxxp://www[.]jogli.com/x", "WWW.JOGLI.COM.", "praat.org",
         "example.com", "zzzzzzzzzzzzzzzzzzzzzzzzzz.com", "not a name", "ab.cn"]


def test_check_equals_check_json():
    assert c.check(NAMES, "2009-01-01", "2009-04-30") == cli_json(
        "check", "-f", "json", "--from", "2009-01-01", "--to", "2009-04-30", *NAMES)


def test_check_around_a_date_and_a_string_of_lines():
    got = c.check("# a comment\njogli.com\n\nqhflh.com\n", around="2009-03-08", slack=3,
                  variants=["A", "B"])
    assert got == cli_json("check", "-f", "json", "--around", "2009-03-08", "--slack", "3",
                           "--variants", "A,B", "jogli.com", "qhflh.com")


def test_the_issue_example_finds_qhflh():
    results = c.check(["qhflh.com"], "2009-03-01", "2009-03-31")["results"]
    assert results[0]["verdict"] == "hit" and results[0]["hits"]


def test_every_export_format_equals_export(tmp_path):
    for f in c.facts()["exportFormats"]:
        got = c.export(f["name"], "2009-03-01", "2009-03-02", variants="A,B")
        # Written as files, as suricata-dataset must be: the rules, then the dataset beside.
        folder = tmp_path / f["name"]
        folder.mkdir()
        cli("export", "-f", f["name"], "--from", "2009-03-01", "--to", "2009-03-02",
            "--variant", "A,B", "-o", folder / got["files"][0]["name"])
        written = {p.name: p.read_text() for p in folder.iterdir()}
        assert written == {file["name"]: file["text"] for file in got["files"]}, f["name"]
        assert got["names"] == 1000


def test_export_with_sinkhole_and_allowlist(tmp_path):
    allow = "# ours\njogli.com\n1,praat.org\n"
    (tmp_path / "allow.txt").write_text(allow)
    got = c.export("rpz", "2009-03-08", variants="A,B", sinkhole=["192.0.2.1", "2001:db8::1"],
                   allow=allow, sid_base=5000)
    out = cli("export", "-f", "rpz", "--from", "2009-03-08", "--variant", "A,B",
              "--sinkhole", "192.0.2.1,2001:db8::1", "--allow", tmp_path / "allow.txt",
              "--sid-base", "5000")
    assert got["files"][0]["text"] == out.stdout
    assert got["keptOut"] == 1 and "jogli.com" not in got["files"][0]["text"]


LOGS = sorted((DATA / "logs").iterdir())


@pytest.mark.parametrize("log", LOGS, ids=[p.name for p in LOGS])
def test_scan_log_equals_scan_log_json(log):
    run = cli("scan-log", "-o", "json", "-j", "1", "--year", "2020", log, statuses=(0, 1, 2))
    if run.returncode == 2:  # no DNS log (syslog-flume.log): the same refusal
        with pytest.raises(c.ScanError) as raised:
            c.scan_log([log], year=2020)
        assert raised.value.message == run.stderr.strip().removeprefix("conficker-dga: ")
        return
    assert c.scan_log([log], year=2020) == json.loads(run.stdout)


def test_scan_log_of_captures_event_logs_and_options():
    files = [DATA / "wireshark-samples-test.pcapng", DATA / "sysmon-psexec-as-system-execution.evtx",
             DATA / "winlogbeat-sysmon-10.2-dns.ndjson"]
    got = c.scan_log(files, slack=0, variants="A,B,C", utc_offset="+01:00", min_names=1)
    assert got == cli_json("scan-log", "-o", "json", "-j", "1", "--slack", "0",
                           "--utc-offset", "+01:00", *files)


def bind_log(tmp_path):
    """report's inputs as crates/cli/tests/report.rs writes them."""
    names = (DATA / "B-2020-01-19.txt").read_text().split()[:5]
    lines = []
    for i, name in enumerate(names):
        for hour, client in [("08", "1.128.0.9"), ("09", "5.6.7.8"), ("10", "10.0.0.5"),
                             ("12", "10.0.0.5")]:
            lines.append(f"19-Jan-2020 {hour}:0{i}:00.000 queries: info: client @0x7f8e1c0a2b30 "
                         f"{client}#53000 ({name}): query: {name} IN A +E(0)K (10.0.0.1)")
    (tmp_path / "queries.log").write_text("\n".join(lines) + "\n")
    (tmp_path / "ranges.tsv").write_text("5.6.0.0\t5.6.255.255\t64500\tDE\tEXAMPLE-NET\n")
    (tmp_path / "contacts.csv").write_text(
        "asn,email,name\n64500,abuse@example.net,Example Net abuse desk\n")
    (tmp_path / "dhcpd.leases").write_text(
        "lease 10.0.0.5 {\n  starts 0 2020/01/19 07:00:00;\n  ends 0 2020/01/19 11:00:00;\n"
        "  hardware ethernet 00:11:22:33:44:55;\n  client-hostname \"alpha\";\n}\n")
    return tmp_path / "queries.log"


def test_scan_log_with_dhcp_names_the_machines(tmp_path):
    log = bind_log(tmp_path)
    got = c.scan_log([log], dhcp=[tmp_path / "dhcpd.leases"], year=2020)
    assert got == cli_json("scan-log", "-o", "json", "-j", "1", "--year", "2020",
                           "--dhcp", tmp_path / "dhcpd.leases", log)
    assert any("machine" in client for client in got["clients"])


def test_report_writes_the_folder_report_writes(tmp_path):
    log = bind_log(tmp_path)
    tables = ["--networks", tmp_path / "ranges.tsv", "--networks", DATA / "GeoLite2-ASN-Test.mmdb",
              "--contacts", tmp_path / "contacts.csv", "--dhcp", tmp_path / "dhcpd.leases"]
    cli("report", "--year", "2020", "--log", log, "-o", tmp_path / "cli", *tables)
    got = c.report(logs=[log], year=2020, output_dir=tmp_path / "py",
                   networks=[tmp_path / "ranges.tsv", DATA / "GeoLite2-ASN-Test.mmdb"],
                   contacts=[tmp_path / "contacts.csv"], dhcp=[tmp_path / "dhcpd.leases"])
    # The command line's marker of a folder it made is no part of the report.
    expected = {p.name: p.read_bytes() for p in (tmp_path / "cli").iterdir()
                if p.name != ".conficker-dga-folder"}
    written = {p.name: p.read_bytes() for p in (tmp_path / "py").iterdir()}
    assert written == expected
    assert got == json.loads(expected["networks.json"])
    # From scan_log's dict, as from scan-log's file.
    scanned = c.scan_log([log], year=2020)
    (tmp_path / "scan.json").write_text(json.dumps(scanned))
    from_dict = c.report([scanned], networks=[tmp_path / "ranges.tsv"])
    cli("report", tmp_path / "scan.json", "-o", tmp_path / "cli2", "--networks", tmp_path / "ranges.tsv")
    assert from_dict == json.loads((tmp_path / "cli2" / "networks.json").read_text())
    shutil.rmtree(tmp_path / "py")
