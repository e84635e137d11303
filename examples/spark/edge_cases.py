"""Zeek dns.log JSON records that exercise what the Spark job must read as scan-log does:
case, trailing dots, names below, URL-like and defanged text, ports, punycode and empty
labels, the slack's edges, a name in two days' lists, records without a client or a time,
ISO 8601 times, and lines that are no record. Names come from the lists (the CSV export);
each edge client's records are in time order, so that its first names are the same by time
and by line.

    python3 edge_cases.py lists.csv 2020-01-14 >> dns.log
"""

import csv
import json
import sys
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone


def main(lists_path, day_text):
    day = date.fromisoformat(day_text)
    by_date = defaultdict(list)
    dates_of = defaultdict(list)
    with open(lists_path, newline="") as f:
        for row in csv.DictReader(f):
            by_date[(row["variant"], row["date"])].append(row["domain"])
            dates_of[(row["variant"], row["domain"])].append(row["date"])
    c = by_date[("C", day.isoformat())]
    one = [n for n in c if n.count(".") == 1]
    two = [n for n in c if n.count(".") == 2]
    b = by_date[("B", day.isoformat())]
    # A C name in the lists of two days two apart, asked on the day between: the earlier wins.
    twice = next(
        (v, n, d)
        for (v, n), d in sorted(dates_of.items())
        if v == "C"
        and len(d) == 2
        and date.fromisoformat(d[1]) - date.fromisoformat(d[0]) == timedelta(days=2)
    )
    middle = date.fromisoformat(twice[2][0]) + timedelta(days=1)

    start = datetime(day.year, day.month, day.day, 9, tzinfo=timezone.utc)
    records = []
    clock = [0]

    def at(when=None):
        clock[0] += 1
        t = (when or start) + timedelta(seconds=clock[0], microseconds=clock[0] * 1001)
        return round(t.timestamp(), 6)

    def record(client, query, ts="now", when=None):
        r = {"ts": at(when) if ts == "now" else ts, "uid": f"E{len(records)}"}
        if client is not None:
            r["id.orig_h"] = client
        if query is not None:
            r["query"] = query
        records.append(json.dumps(r))

    def day_at(d, hour):
        return datetime(d.year, d.month, d.day, hour, tzinfo=timezone.utc)

    # Case, trailing dots, names below, two-label suffixes.
    for name in [one[0].upper() + ".", two[0].upper(), f"www.{one[1]}", f"a.b.{two[1]}.",
                 f"{one[2]}..", f"MAIL.{b[0]}"]:
        record("192.0.2.1", name)
    # Text that is no plain host name: parse_name's reading.
    label, suffix = one[3].split(".", 1)
    for name in [f"http://{one[3]}/path", f"{one[4]}:53", f" {one[5]} ", f'"{one[6]}"',
                 f"{label}[.]{suffix}", f"user@{one[7]}", f"hxxps://www.{one[8]}?q=1",
                 f"{one[9].upper()}:", "\u212a" + one[10][1:], f"www .{one[11]}"]:
        record("192.0.2.2", name)
    # Names that match nothing: punycode and empty labels, a bare suffix, digits, no suffix.
    for name in [f"xn--abc.{one[12]}", f".{one[13]}", f"a..{one[14]}", "co.uk", "com",
                 f"x{one[15]}", f"{one[16]}.evil", one[17].replace(".", "1."), "localhost",
                 f"{one[18]}\u00e9", "-"]:
        record("192.0.2.3", name)
    # The slack's edges: a list two days off is in, three days off is out.
    record("192.0.2.4", one[19], when=day_at(day - timedelta(days=2), 1))
    record("192.0.2.4", one[20], when=day_at(day + timedelta(days=2), 1))
    record("192.0.2.4", one[21], when=day_at(day + timedelta(days=3), 1))
    # A name of two lists, asked on the day between them.
    record("192.0.2.5", twice[1], when=day_at(middle, 2))
    # No client; no time; an ISO 8601 time with a zone and one without.
    record(None, one[22])
    record(None, one[23])
    record("192.0.2.6", one[24], ts=None)
    record("192.0.2.7", one[25], ts=f"{day.isoformat()}T23:30:00.25+01:00")
    record("192.0.2.7", one[26], ts=f"{day.isoformat()} 23:45:00")
    record("192.0.2.7", one[27], ts=f"{day.isoformat()}T23:50:00.123456789Z")
    # Not a query, and not a record.
    record("192.0.2.8", None)
    record("192.0.2.8", "")
    records.append('{"ts": 1579000000, "query": ')
    records.append("not json at all")
    print("\n".join(records))


if __name__ == "__main__":
    main(*sys.argv[1:])
