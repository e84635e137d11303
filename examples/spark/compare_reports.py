"""Compares the Spark job's report with `conficker-dga scan-log -o json`'s: the clients (every
field, in order) and the days must be equal, and the lists must have covered every day.

    python3 compare_reports.py scan-log.json spark.json
"""

import json
import sys


def main(scan_log_path, spark_path):
    with open(scan_log_path) as f:
        expected = json.load(f)
    with open(spark_path) as f:
        got = json.load(f)
    problems = []
    if not expected["clients"]:
        problems.append("scan-log found no client: nothing to compare")
    if got["uncoveredDays"]:
        problems.append(f"the lists did not cover {got['uncoveredDays']}")
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
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    lookups = sum(c["lookups"] for c in got["clients"])
    print(
        f"equal: {len(got['clients'])} clients ({lookups} lookups) and {len(got['days'])} days"
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
