"""Writes a Zeek dns.log in JSON lines as the Parquet a data lake keeps: `ts` a UTC timestamp
(microseconds), `id.orig_h` and `query` as they are, one file, in the log's order. Zeek's JSON
`ts` is seconds since 1970 (or ISO 8601 with `JSON::TS_ISO8601`); a `ts` that is neither keeps
a null time, and lines that are no JSON object are left out, as an ingest pipeline would.

    python3 to_parquet.py dns.log dns.parquet
"""

import json
import sys
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.parquet as pq

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
SCHEMA = pa.schema(
    [("ts", pa.timestamp("us", tz="UTC")), ("id.orig_h", pa.string()), ("query", pa.string())]
)


def micros(ts):
    if isinstance(ts, (int, float)) and not isinstance(ts, bool):
        return int(round(ts * 1_000_000))
    if isinstance(ts, str):
        try:
            t = datetime.fromisoformat(ts.replace("z", "Z"))
        except ValueError:
            return None
        if t.tzinfo is None:
            t = t.replace(tzinfo=timezone.utc)
        delta = t - EPOCH
        return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return None


def main(source, target):
    columns = {"ts": [], "id.orig_h": [], "query": []}
    with open(source, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if not isinstance(record, dict):
                continue
            columns["ts"].append(micros(record.get("ts")))
            columns["id.orig_h"].append(record.get("id.orig_h"))
            columns["query"].append(record.get("query"))
    pq.write_table(pa.table(columns, schema=SCHEMA), target, row_group_size=1 << 20)


if __name__ == "__main__":
    main(*sys.argv[1:])
