"""Bad input raises the core's refusal: InputError with its field and the command line's
message; a log the scan cannot read raises ScanError; a missing file OSError."""

import gzip

import pytest

import conficker_dga as c
from conftest import cli_refusal


@pytest.mark.parametrize(
    "call, field, args",
    [
        (lambda: c.generate("2009-02-30"), "from", ["generate", "--from", "2009-02-30"]),
        (lambda: c.generate("2009-03-02", "2009-03-01"), "to",
         ["generate", "--from", "2009-03-02", "--to", "2009-03-01"]),
        (lambda: c.generate("2009-03-01", variants="E"), "variants",
         ["generate", "--from", "2009-03-01", "--variant", "E"]),
        (lambda: c.generate("2009-03-01", variants="A", suffixes=["cl"]), "suffixes",
         ["generate", "--from", "2009-03-01", "--variant", "A", "--suffix", "cl"]),
        (lambda: c.check(["jogli.com"], around="2009-03-01", slack=31), "slack",
         ["check", "--around", "2009-03-01", "--slack", "31", "jogli.com"]),
        (lambda: c.check(["jogli.com"], "1600-12-31", "2009-01-01"), "from",
         ["check", "--from", "1600-12-31", "--to", "2009-01-01", "jogli.com"]),
        (lambda: c.check("# only a comment\n"), "names", ["check", "-"]),
        (lambda: c.export("bind9", "2009-03-01"), "format",
         ["export", "-f", "bind9", "--from", "2009-03-01"]),
        (lambda: c.export("rpz", "2009-03-01", sinkhole=["192.0.2.1", "192.0.2.2"]), "sinkhole",
         ["export", "-f", "rpz", "--from", "2009-03-01", "--sinkhole", "192.0.2.1,192.0.2.2"]),
        (lambda: c.export("rpz", window=400), "window", ["export", "-f", "rpz", "--window", "400"]),
        (lambda: c.scan_log([], utc_offset="+25:00"), "utcOffset",
         ["scan-log", "--utc-offset", "+25:00", "/dev/null"]),
        (lambda: c.scan_log([], min_names=0), "minNames",
         ["scan-log", "--min-names", "0", "/dev/null"]),
        (lambda: c.Scan(format="bind10"), "logFormat", ["scan-log", "--format", "bind10", "/dev/null"]),
        (lambda: c.report([]), "reports", ["report", "-o", "/nonexistent/never"]),
    ],
)
def test_refusals_carry_the_cores_field_and_message(call, field, args):
    with pytest.raises(c.InputError) as raised:
        call()
    assert raised.value.field == field
    assert str(raised.value) == raised.value.message
    if field == "names":  # each shell says where names come from in its own terms
        assert raised.value.message.startswith("no names to check: ")
        assert cli_refusal(*args).startswith("no names to check: ")
    elif field not in ("format", "logFormat"):  # clap refuses unknown format names itself
        assert raised.value.message == cli_refusal(*args)
    assert isinstance(raised.value, ValueError)


def test_a_broken_gzip_log_raises_scan_error(tmp_path):
    log = tmp_path / "broken.log.gz"
    log.write_bytes(gzip.compress(b"x" * 100_000)[:200])
    with pytest.raises(c.ScanError) as raised:
        c.scan_log([log])
    assert raised.value.source == str(log)
    assert raised.value.message == cli_refusal("scan-log", "-j", "1", log)


def test_a_missing_file_raises_os_error(tmp_path):
    with pytest.raises(OSError, match="cannot read"):
        c.scan_log([tmp_path / "missing.log"])


def test_wrong_kinds_of_values_raise_type_error():
    with pytest.raises(TypeError):
        c.check(42)
    with pytest.raises(TypeError):
        c.scan_arrow(42)
    with pytest.raises(ValueError, match="not a scan part"):
        c.Part.from_bytes(b"{}")
