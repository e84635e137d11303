#!/usr/bin/env bash
# Spark local[2] against scan-log on the same generated Zeek records (BENCHMARKS.md, "Spark"):
# CPU seconds (user + system, the JVM's and the Python workers' included) of scan-log on one
# core, and of the Spark job on JSON lines and on Parquet for BIG records and for SMALL ones;
# Spark's rate is taken beyond its fixed cost, (BIG - SMALL) records over the difference of
# CPU seconds. Needs what `make spark` installs (PATH=target/spark-venv/bin:$PATH).
#
#   examples/spark/bench.sh [BIG [SMALL]]     (defaults: 900000 and 10000)
set -euo pipefail
cd "$(dirname "$0")/../.."
here=examples/spark
big=${1:-900000}
small=${2:-10000}

cargo build --release --quiet -p conficker-dga-cli
cargo build --release --quiet --example make_dns_log
cli=target/release/conficker-dga
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for n in "$big" "$small"; do
  target/release/examples/make_dns_log "$n" 7 2020-01-13 zeek-json >"$work/$n.json"
  python3 "$here/to_parquet.py" "$work/$n.json" "$work/$n.parquet"
done

# CPU seconds and wall seconds of a command.
measure() {
  /usr/bin/time -f '%U %S %e' -o "$work/time" "$@" >/dev/null 2>>"$work/err" ||
    { tail -30 "$work/err" >&2; exit 1; }
  awk '{printf "%.2f %.2f\n", $1 + $2, $3}' "$work/time"
}
spark() {
  measure spark-submit --master 'local[2]' --conf spark.ui.enabled=false \
    --conf spark.sql.shuffle.partitions=4 --driver-memory 2g "$here/conficker_scan.py" "$@"
}

read -r scan_cpu scan_wall < <(measure "$cli" scan-log -j 1 --format zeek-json -o json "$work/$big.json")
"$cli" scan-log -j 1 --format zeek-json -o json "$work/$big.json" >"$work/scan-log.json" || true
echo "records: $big (and $small for Spark's fixed cost); machine load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-28s %10s %10s %16s\n' run "CPU s" "wall s" "records/CPU-s"
awk -v n="$big" -v c="$scan_cpu" -v w="$scan_wall" \
  'BEGIN { printf "%-28s %10.2f %10.2f %16.0f\n", "scan-log -j 1 (one core)", c, w, n / c }'
for format in json parquet; do
  read -r small_cpu small_wall < <(spark --input "$work/$small.$format" --input-format "$format" --output "$work/small.out")
  read -r big_cpu big_wall < <(spark --input "$work/$big.$format" --input-format "$format" --output "$work/spark-$format.json")
  python3 "$here/compare_reports.py" "$work/scan-log.json" "$work/spark-$format.json" >/dev/null
  awk -v f="$format" -v n="$big" -v s="$small" -v bc="$big_cpu" -v bw="$big_wall" -v sc="$small_cpu" -v sw="$small_wall" -v c="$scan_cpu" -v sn="$big" 'BEGIN {
    printf "%-28s %10.2f %10.2f\n", "Spark local[2] " f ", " s, sc, sw
    printf "%-28s %10.2f %10.2f\n", "Spark local[2] " f ", " n, bc, bw
    rate = (n - s) / (bc - sc)
    printf "%-28s %10.2f %10s %16.0f  (scan-log / Spark per CPU-second: %.2f)\n", "  beyond the fixed cost", bc - sc, "", rate, (sn / c) / rate
  }'
done
