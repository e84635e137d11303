"""Writes a Zeek dns.log in JSON lines as the Parquet a data lake keeps: `ts` a timestamp,
`id.orig_h` and `query` as they are, one file, in the log's order. Records whose `ts` is no
time keep a null `ts`.

    spark-submit to_parquet.py dns.log dns.parquet
"""

import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from conficker_scan import micros_of, read_queries


def main(source, target):
    spark = SparkSession.builder.appName("zeek-json-to-parquet").getOrCreate()
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.conf.set("spark.sql.ansi.enabled", "false")
    records = read_queries(spark, [source], "json")
    records.select(
        F.timestamp_micros(micros_of(F.col("ts"))).alias("ts"),
        F.col("client").alias("id.orig_h"),
        "query",
    ).coalesce(1).write.mode("overwrite").parquet(target)
    spark.stop()


if __name__ == "__main__":
    main(*sys.argv[1:])
