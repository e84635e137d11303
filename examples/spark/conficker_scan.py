"""Finds Conficker-infected clients in Zeek dns.log records kept in a data lake: the report of
`conficker-dga scan-log -o json`, computed by Spark with the same core.

    spark-submit conficker_scan.py --input 'dns/2020-01-1*/*.json.gz' --output report.json
    spark-submit conficker_scan.py --input-format parquet --input dns/ --output report.json

Every executor runs the core through its Python package, `conficker_dga` (`pip install
./crates/python`; docs/ says how the wheel reaches executors on YARN, Kubernetes and
Databricks). Nothing of the core's rules is restated here: the core reads each record, cleans
and matches each name against the worm's lists of the query's day plus and minus the slack,
and counts; this job only hands it the records and joins what the partitions counted.

* Zeek JSON lines are read as lines of text (Spark's text reader) and parsed by the core's
  own Zeek JSON reader, as `scan-log --format zeek-json` reads them.
* Parquet gives records: `ts` (a timestamp, seconds since 1970 or Zeek's text), `id.orig_h`
  (or a struct `id` with `orig_h`) and `query`, read from the Arrow buffers in place.

Each partition counts each of its file splits as a part of that file (`mapInArrow`): the
per-client and per-day tallies, a few kilobytes per infected client. The driver orders the
parts by file and offset and joins them as the core joins `scan-log`'s readers, so that the
report is the one a single reader would have made: the same clients, counts, first names
and days.
"""

import argparse
import json
import sys

import pyarrow as pa
import pyarrow.compute as pc
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

import conficker_dga

PARTS = "path string, start long, part binary"


def read_input(spark, paths, input_format):
    """The frame the partitions count: the record columns, then each row's file and split."""
    if input_format == "json":
        frame = spark.read.text(paths)
        columns = [F.col("value")]
    else:
        frame = spark.read.parquet(*paths)
        fields = {f.name: f.dataType for f in frame.schema.fields}
        if "id.orig_h" in fields:
            client = F.col("`id.orig_h`").cast("string")
        elif isinstance(fields.get("id"), T.StructType):
            client = F.col("id.orig_h").cast("string")
        else:
            client = F.lit(None).cast("string")
        columns = [F.col("ts"), client.alias("client"), F.col("query").cast("string")]
    return frame.select(
        *columns,
        F.col("_metadata.file_path").alias("path"),
        F.col("_metadata.file_block_start").alias("start"),
    )


def splits(batch):
    """The batch in runs of rows of one file split (a partition may hold several splits)."""
    path, start = batch.column("path"), batch.column("start")
    if len(batch) == 0:
        return
    if pc.all(pc.equal(start, start[0])).as_py() and pc.all(pc.equal(path, path[0])).as_py():
        yield path[0].as_py(), start[0].as_py(), batch
        return
    changed = pc.or_(
        pc.not_equal(start.slice(1), start.slice(0, len(batch) - 1)),
        pc.not_equal(path.slice(1), path.slice(0, len(batch) - 1)),
    )
    cuts = [0] + [i + 1 for i in pc.indices_nonzero(changed).to_pylist()] + [len(batch)]
    for a, b in zip(cuts, cuts[1:]):
        yield path[a].as_py(), start[a].as_py(), batch.slice(a, b - a)


def counter(input_format, options):
    """The function mapInArrow runs on each partition: one part per file split."""

    def count(batches):
        scan = conficker_dga.Scan(
            format="zeek-json" if input_format == "json" else None, **options
        )
        current = None
        for batch in batches:
            for path, start, rows in splits(batch):
                if (path, start) != current:
                    if current is not None:
                        yield part_batch(current, scan.take_part(current[1]))
                    current = (path, start)
                    scan.begin(path)
                if input_format == "json":
                    scan.lines(rows, "value")
                else:
                    scan.records(rows, time="ts", client="client", query="query")
        if current is not None:
            yield part_batch(current, scan.take_part(current[1]))

    return count


def part_batch(split, part):
    path, start = split
    return pa.RecordBatch.from_pydict(
        {"path": [path], "start": [start], "part": [part.to_bytes()]},
        schema=pa.schema([("path", pa.string()), ("start", pa.int64()), ("part", pa.binary())]),
    )


def scan(spark, inputs, input_format="json", slack=2, min_names=1, variants=None):
    """The report, as `conficker_dga.scan_log` and `scan-log -o json` give it."""
    options = {"slack": slack, "min_names": min_names, "variants": variants}
    frame = read_input(spark, inputs, input_format)
    rows = frame.mapInArrow(counter(input_format, options), PARTS).collect()
    rows.sort(key=lambda r: (r.path, r.start))
    parts = [conficker_dga.Part.from_bytes(bytes(r.part)) for r in rows]
    return conficker_dga.join(parts, **options)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", required=True, action="append", help="dns.log files")
    parser.add_argument("--input-format", choices=["json", "parquet"], default="json")
    parser.add_argument("--slack", default="2", help="days either side (0 to 30)")
    parser.add_argument("--variants", default="A,B,C")
    parser.add_argument("--min-names", default="1")
    parser.add_argument("--output", help="the report (JSON); default: standard output")
    args = parser.parse_args(argv)
    try:
        # The core checks the options before Spark starts.
        conficker_dga.Scan(slack=args.slack, min_names=args.min_names, variants=args.variants)
    except conficker_dga.InputError as e:
        parser.error(e.message)
    spark = SparkSession.builder.appName("conficker-scan").getOrCreate()
    report = scan(
        spark, args.input, args.input_format, args.slack, args.min_names, args.variants
    )
    text = json.dumps(report, indent=2) + "\n"
    if args.output:
        with open(args.output, "w") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    spark.stop()


if __name__ == "__main__":
    main()
