"""The Arrow path: record batches (pyarrow, pandas, Polars) give the tallies scan-log counts
from the same records as Zeek JSON lines; parts join as one reader's; empty batches, nulls
and values that are not UTF-8 are counted as scan-log counts their lines."""

import json

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import conficker_dga as c
from conftest import DATA, cli_json

NAMES = (DATA / "B-2020-01-19.txt").read_text().split()
T0 = 1579420800  # 2020-01-19T08:00:00Z


def records():
    """Zeek dns.log records: three infected clients, ordinary lookups, edge values."""
    rows = []
    for i in range(60):
        client = f"10.0.0.{i % 3 + 1}"
        name = NAMES[i * 7 % 200] if i % 4 else "www.example.com"
        rows.append({"ts": T0 + i * 61 + (i % 7) * 0.125, "id.orig_h": client, "query": name})
    rows += [
        {"ts": T0 + 5000, "id.orig_h": None, "query": NAMES[3]},  # no client
        {"ts": None, "id.orig_h": "10.0.0.9", "query": NAMES[4]},  # undated
        {"ts": T0 + 5001, "id.orig_h": "10.0.0.9", "query": None},  # no query
        {"ts": T0 + 5002, "id.orig_h": "10.0.0.9", "query": ""},
        {"ts": T0 + 86400 * 3, "id.orig_h": "10.0.0.4", "query": "WWW." + NAMES[5].upper() + "."},
        {"ts": -1e13, "id.orig_h": "10.0.0.4", "query": NAMES[6]},  # no readable time
    ]
    return rows


def zeek_json(rows, path):
    lines = []
    for r in rows:
        lines.append(json.dumps({k: v for k, v in r.items() if v is not None}))
    path.write_text("\n".join(lines) + "\n")
    return path


def table(rows, ts_type=pa.float64()):
    return pa.table(
        {
            "ts": pa.array([r["ts"] for r in rows], pa.float64()).cast(ts_type, safe=False)
            if not pa.types.is_timestamp(ts_type)
            else pa.array([None if r["ts"] is None or r["ts"] < 0 else int(round(r["ts"] * 1e6))
                           for r in rows], pa.int64()).cast(pa.timestamp("us", tz="UTC")).cast(ts_type),
            "id.orig_h": [r["id.orig_h"] for r in rows],
            "query": [r["query"] for r in rows],
        }
    )


@pytest.fixture
def log(tmp_path):
    return zeek_json(records(), tmp_path / "dns.log")


def expected(log):
    report = cli_json("scan-log", "-o", "json", "-j", "1", "--format", "zeek-json", log)
    assert report["clients"], "the records must find clients"
    return report


def test_record_batches_give_scan_logs_tallies(log):
    report = expected(log)
    part = c.scan_arrow(table(records()).to_batches(max_chunksize=7))
    assert part.clients() == report["clients"]
    assert part.days() == report["days"]
    joined = c.join([part])
    source, theirs = joined["sources"][0], report["sources"][0]
    for key in ["queries", "other", "malformed", "undated"]:
        assert source[key] == theirs[key], key
    assert source["lines"] == len(records())


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_timestamps_of_every_unit(tmp_path, unit):
    # Whole seconds, so that every unit holds the times exactly; the record without a readable
    # time has none here.
    rows = [dict(r, ts=None if r["ts"] is None or r["ts"] < 0 else int(r["ts"])) for r in records()]
    report = expected(zeek_json(rows, tmp_path / "dns.log"))
    part = c.scan_arrow(table(rows, pa.timestamp(unit, tz="Europe/Paris")))
    assert part.clients() == report["clients"]
    assert part.days() == report["days"]


def test_text_times_as_zeek_writes_them(tmp_path):
    # Text as Zeek's tab-separated ts (seconds, or ISO 8601); the JSON log has the same times
    # as numbers (JSON's text ts is ISO 8601 only).
    rows = records()
    rows[0]["ts"] = "2020-01-19T08:00:00Z"
    report = expected(zeek_json(rows, tmp_path / "dns.log"))
    text = [t if t is None or isinstance(t, str) else (f"{t:.6f}" if t > 0 else "soon")
            for t in (r["ts"] for r in rows)]
    frame = pa.table({"ts": text, "id.orig_h": [r["id.orig_h"] for r in rows],
                      "query": [r["query"] for r in rows]})
    part = c.scan_arrow(frame)
    assert part.clients() == report["clients"]
    assert part.days() == report["days"]


def test_pandas_and_polars_frames(log):
    report = expected(log)
    frame = table(records()).to_pandas()
    assert c.scan_arrow(frame).clients() == report["clients"]
    assert c.scan_arrow(pl.from_arrow(table(records()))).clients() == report["clients"]
    # A Polars frame's string columns come as string views; pandas' as large strings.
    renamed = pd.DataFrame({"when": frame["ts"], "host": frame["id.orig_h"], "name": frame["query"]})
    part = c.scan_arrow(renamed, time="when", client="host", query="name")
    assert part.days() == report["days"]


def test_parts_join_as_one_reader(log):
    report = expected(log)
    batches = table(records()).to_batches(max_chunksize=10)
    scan = c.Scan()
    parts = []
    for i, batch in enumerate(batches):
        scan.begin("dns")
        scan.records(batch)
        parts.append(c.Part.from_bytes(bytes(scan.take_part(start=i * 10))))
    joined = c.join(parts)
    assert joined["clients"] == report["clients"]
    assert joined["days"] == report["days"]
    assert len(joined["sources"]) == 1 and joined["sources"][0]["lines"] == len(records())


def test_lines_read_as_scan_log_reads_the_file(log):
    report = expected(log)
    lines = log.read_text().splitlines()
    scan = c.Scan(format="zeek-json")
    scan.begin(str(log))
    scan.lines(pa.table({"value": lines}).to_batches(max_chunksize=9))
    scan.end()
    assert scan.report() == report


def test_empty_batches_count_nothing():
    schema = pa.schema([("ts", pa.float64()), ("id.orig_h", pa.string()), ("query", pa.string())])
    part = c.scan_arrow([pa.RecordBatch.from_pylist([], schema=schema), schema.empty_table()])
    assert part.clients() == [] and part.days() == []
    assert c.join([part])["sources"][0]["lines"] == 0
    assert c.scan_arrow([]).clients() == []


def test_null_columns_and_values():
    rows = pa.table({
        "ts": pa.array([T0, T0, None, T0], pa.float64()),
        "id.orig_h": pa.nulls(4, pa.string()),
        "query": [NAMES[0], None, NAMES[1], NAMES[2]],
    })
    report = c.join([c.scan_arrow(rows)])
    source = report["sources"][0]
    assert (source["lines"], source["queries"], source["other"], source["undated"]) == (4, 3, 1, 1)
    assert [cl["client"] for cl in report["clients"]] == [None]
    assert report["clients"][0]["lookups"] == 2
    all_null = pa.table({"ts": pa.nulls(2), "id.orig_h": pa.nulls(2), "query": pa.nulls(2)})
    assert c.join([c.scan_arrow(all_null)])["sources"][0]["other"] == 2


def test_values_that_are_not_utf8_are_malformed():
    rows = pa.table({
        "ts": pa.array([T0, T0, T0], pa.float64()),
        "id.orig_h": pa.array([b"10.0.0.1", b"\xff\xfe", b"10.0.0.1"], pa.binary()),
        "query": pa.array([NAMES[0].encode(), NAMES[1].encode(), b"jogli\xc3.com"], pa.large_binary()),
    })
    report = c.join([c.scan_arrow(rows)])
    source = report["sources"][0]
    assert (source["malformed"], source["queries"]) == (2, 1)
    assert [e["reason"] for e in source["malformedExamples"]] == ["not UTF-8 text"] * 2
    assert report["clients"][0]["client"] == "10.0.0.1"


def test_processes_are_named():
    rows = pa.table({
        "ts": [float(T0)] * 3,
        "id.orig_h": ["h"] * 3,
        "query": NAMES[:3],
        "image": ["a.exe", "b.exe", "a.exe"],
    })
    assert c.scan_arrow(rows, process="image").clients()[0]["processes"] == ["a.exe", "b.exe"]


def test_missing_and_mistyped_columns():
    with pytest.raises(KeyError, match='no column "ts"'):
        c.scan_arrow(pa.table({"time": [1.0], "id.orig_h": ["a"], "query": ["b"]}))
    with pytest.raises(TypeError, match="expected strings or binary"):
        c.scan_arrow(pa.table({"ts": [1.0], "id.orig_h": [1], "query": ["b"]}))
    with pytest.raises(TypeError, match="record batches"):
        c.scan_arrow(3)
