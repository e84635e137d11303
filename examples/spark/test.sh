#!/usr/bin/env bash
# The Spark job against scan-log, client for client: a generated Zeek dns.log (JSON lines)
# with infected hosts of every variant, plus records that exercise the name and time rules
# (edge_cases.py), scanned by `conficker-dga scan-log -o json` and by conficker_scan.py in
# Spark's local mode, from the JSON and from the same records as Parquet. The reports'
# clients and days must be equal (and from the JSON, the sources' counts too).
#
# Needs pyspark, pyarrow, Java 17 and the conficker_dga package (`make spark` installs them
# first: scripts/install-tools, then pip install ./crates/python).
# SPARK_TEST_LINES sets the log's size.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=examples/spark

lines=${SPARK_TEST_LINES:-200000}
first=2020-01-13
edge_day=2020-01-14
# The lists edge_cases.py takes its names from: the log's days (3 from $first, and the edge
# cases' days from -2 to +3 around $edge_day),
# plus and minus the slack (2).
lists_from=2020-01-10
lists_to=2020-01-19

command -v spark-submit >/dev/null || { echo "$0: spark-submit not found: run make spark, or pip install pyspark" >&2; exit 1; }
python3 -c 'import conficker_dga, pyarrow' || { echo "$0: run make spark, or pip install pyarrow ./crates/python" >&2; exit 1; }
cargo build --release --quiet -p conficker-dga-cli
cargo build --release --quiet --example make_dns_log
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
cli=$target/release/conficker-dga

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$target/release/examples/make_dns_log" "$lines" 3 "$first" zeek-json >"$work/dns.log"
"$cli" export --format csv --from "$lists_from" --to "$lists_to" -o "$work/lists.csv"
python3 "$here/edge_cases.py" "$work/lists.csv" "$edge_day" >>"$work/dns.log"

# scan-log exits 0 when it found infected clients, 1 when none: here it must find some.
"$cli" scan-log --format zeek-json -o json "$work/dns.log" >"$work/scan-log.json" 2>"$work/scan-log.err"

spark() {
  spark-submit --master 'local[2]' --conf spark.ui.enabled=false \
    --conf spark.sql.shuffle.partitions=4 "$@" 2>>"$work/spark.err" || { tail -40 "$work/spark.err" >&2; exit 1; }
}
# Small splits, so that the partitions' parts of the one file are joined.
split=--conf=spark.sql.files.maxPartitionBytes=$(( $(stat -c %s "$work/dns.log") / 5 + 1 ))
spark "$split" "$here/conficker_scan.py" --input "$work/dns.log" --output "$work/spark-json.json"
result=$(python3 "$here/compare_reports.py" --sources "$work/scan-log.json" "$work/spark-json.json")
echo "JSON lines: $result"

python3 "$here/to_parquet.py" "$work/dns.log" "$work/dns.parquet"
spark "$here/conficker_scan.py" --input "$work/dns.parquet" --input-format parquet \
  --output "$work/spark-parquet.json"
result=$(python3 "$here/compare_reports.py" "$work/scan-log.json" "$work/spark-parquet.json")
echo "Parquet: $result"
