"""Compares the Spark job's report with `conficker-dga scan-log -o json`'s: the clients (every
field, in order) and the days must be equal; with --sources, so must the totals of lines,
queries, other records, malformed lines and undated queries over the sources (the JSON input,
read line for line as scan-log reads it).

    python3 compare_reports.py [--sources] scan-log.json spark.json
"""

import json
import sys

TOTALS = ["lines", "queries", "other", "malformed", "undated"]


def main(args):
    sources = "--sources" in args
    scan_log_path, spark_path = [a for a in args if a != "--sources"]
    with open(scan_log_path) as f:
        expected = json.load(f)
    with open(spark_path) as f:
        got = json.load(f)
    problems = []
    if not expected["clients"]:
        problems.append("scan-log found no client: nothing to compare")
    for key in ["variants", "slackDays", "minNames", "clientsBelowMinNames"]:
        if got[key] != expected[key]:
            problems.append(f"{key}: scan-log {expected[key]!r}, Spark {got[key]!r}")
    for what in ["clients", "days"]:
        a, b = expected[what], got[what]
        if len(a) != len(b):
            problems.append(f"{len(a)} {what} from scan-log, {len(b)} from Spark")
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                problems.append(f"{what}[{i}]:\n  scan-log {json.dumps(x)}\n  Spark    {json.dumps(y)}")
                break
    if sources:
        for key in TOTALS:
            a = sum(s[key] for s in expected["sources"])
            b = sum(s[key] for s in got["sources"])
            if a != b:
                problems.append(f"sources' {key}: scan-log {a}, Spark {b}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    lookups = sum(c["lookups"] for c in got["clients"])
    print(
        f"equal: {len(got['clients'])} clients ({lookups} lookups) and {len(got['days'])} days"
        + (", and the sources' totals" if sources else "")
    )


if __name__ == "__main__":
    main(sys.argv[1:])
