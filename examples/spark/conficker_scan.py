"""Finds Conficker-infected clients in Zeek dns.log records kept in a data lake: the same
per-client report as `conficker-dga scan-log -o json`, computed by Spark.

    conficker-dga export --format csv --from 2020-01-11 --to 2020-01-21 -o lists.csv
    spark-submit conficker_scan.py --lists lists.csv --input 'dns/2020-01-1*/*.json.gz' \
        --output report.json

The lists are `conficker-dga export --format csv`: a row per name, variant and UTC date, as
scan-log matches them (each variant from the day it was first seen). They are joined as a
broadcast table, so every executor holds them (a day of all variants is about 50,500 rows);
give a window that covers the logs' dates plus and minus the slack: query days the table
does not cover are listed in the report and on standard error.

A query is matched as scan-log matches it (src/logscan/names.rs, src/suffix.rs,
src/input.rs, src/logscan/lists.rs):

* the name: a plain host name (letters, digits, '.', '-', '_') loses its trailing dots and
  is lowered; any other text is read as `input::parse_name` reads it (quotes, URL parts,
  defanged dots, a port); empty labels and punycode (`xn--`) labels match nothing;
* the name it lies below: the label before the longest suffix of the lists' suffix tables
  that ends the host (the tables come from the lists: a name's suffix is what follows its
  first dot, since generated labels hold no dot);
* the date: the query's UTC day; the lists of that day plus and minus the slack hold it,
  and the nearest list (the earlier on a tie within a variant, the first of A, B, C on a tie
  between variants) gives the variant, date and index reported.

The report: for each client with at least --min-names distinct names, its variants, first
and last lookup (UTC), lookups, distinct names and its first three distinct names (by time,
then by position in the input: scan-log takes them in line order, which is the same for
logs written in time order); and per UTC day, the queries, lookups (by variant) and clients.

Each record is read once and handled in Spark SQL expressions only (no Python code runs per
record): a left join with the broadcast lists, grouped by day and, for a query that matched,
by query; only the matched queries leave the executors one by one.

Inputs: Zeek dns.log as JSON lines (`ts` as epoch seconds, Zeek's default, or ISO 8601 as
with `JSON::TS_ISO8601`; times without a zone are taken as UTC) or Parquet with `ts`
(timestamp, number or text), `id.orig_h` (or a struct `id` with `orig_h`) and `query`.
"""

import argparse
import json
import sys
from datetime import datetime, timedelta, timezone

from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

MICROS_PER_DAY = 86_400_000_000
EXAMPLES_PER_CLIENT = 3
# The days since 1970 of 1601-01-01 and 9999-12-31: scan-log counts query times outside the
# worm's clock (FILETIME and the generator) as malformed.
FIRST_DAY = (datetime(1601, 1, 1) - datetime(1970, 1, 1)).days
LAST_DAY = (datetime(9999, 12, 31) - datetime(1970, 1, 1)).days
VARIANTS = ["A", "B", "C"]

# Rust's char::is_whitespace (the Unicode White_Space property, which str::trim uses), as a
# Java regular expression class.
WHITESPACE = r"[\t\n\x{0B}\f\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]"
DEFANGED = [
    ("[.]", "."),
    ("(.)", "."),
    ("{.}", "."),
    ("[dot]", "."),
    ("(dot)", "."),
    ("[:]", ":"),
    ("[://]", "://"),
]


def host_of(query):
    """The host `input::parse_name` reads in text that is not a plain host name (src/input.rs:
    host_of): surrounding space and quotes go, then the case; defanged dots and `hxxp` are
    undone; the scheme, path, query, fragment, user and port go, then trailing dots. `checked`
    refuses what follows (host_of's and plain_ascii's refusals)."""
    s = F.regexp_replace(query, rf"^{WHITESPACE}+|{WHITESPACE}+\z", "")
    s = F.lower(F.regexp_replace(s, r"^[\"'<>`]+|[\"'<>`]+\z", ""))
    for defanged, plain in DEFANGED:
        s = F.replace(s, F.lit(defanged), F.lit(plain))
    s = F.regexp_replace(s, r"^hxxp", "http")
    s = F.regexp_replace(s, r"^(?s).*?://", "")
    s = F.regexp_extract(s, r"^[^/?#]*", 0)
    s = F.substring_index(s, "@", -1)
    s = F.regexp_replace(s, r":[0-9]*\z", "")
    return F.regexp_replace(s, r"\.+\z", "")


def plain_host(query):
    """`NameIndex::plain_candidates`' host: without its trailing dots, lowered."""
    return F.lower(F.regexp_replace(query, r"\.+\z", ""))


def checked(host):
    """The host, or null where it has a space, an empty label, a character beyond ASCII or a
    punycode label (the last two only as `parse_name` reads it: a plain host has neither)."""
    bad = (
        (host == "")
        | host.rlike(WHITESPACE)
        | host.startswith(".")
        | (F.instr(host, "..") > 0)
        | host.rlike(r"[^\x00-\x7F]")
        | host.rlike(r"(^|\.)xn--")
    )
    return F.when(~bad, host)


def read_lists(spark, path):
    """The broadcast table: domain, variant, the list's day (since 1970) and index."""
    schema = T.StructType(
        [
            T.StructField("domain", T.StringType()),
            T.StructField("variant", T.StringType()),
            T.StructField("date", T.StringType()),
            T.StructField("index", T.IntegerType()),
        ]
    )
    lists = (
        spark.read.option("header", True)
        .option("enforceSchema", False)
        .option("mode", "FAILFAST")
        .schema(schema)
        .csv(path)
    )
    return lists.select(
        F.col("domain").alias("l_domain"),
        F.col("variant").alias("l_variant"),
        F.datediff(F.to_date("date"), F.lit("1970-01-01").cast("date")).alias("l_day"),
        F.col("index").alias("l_index"),
    )


def read_queries(spark, paths, input_format):
    """ts as text (a JSON number becomes its digits), client and queried name."""
    if input_format == "json":
        schema = T.StructType(
            [
                T.StructField("ts", T.StringType()),
                T.StructField("id.orig_h", T.StringType()),
                T.StructField("query", T.StringType()),
            ]
        )
        frame = spark.read.schema(schema).option("mode", "PERMISSIVE").json(paths)
        client = F.col("`id.orig_h`")
        ts = F.col("ts")
    else:
        frame = spark.read.parquet(*paths)
        fields = {f.name: f.dataType for f in frame.schema.fields}
        if "id.orig_h" in fields:
            client = F.col("`id.orig_h`").cast("string")
        elif isinstance(fields.get("id"), T.StructType):
            client = F.col("id.orig_h").cast("string")
        else:
            client = F.lit(None).cast("string")
        kind = fields.get("ts")
        if isinstance(kind, (T.TimestampType, T.TimestampNTZType)):
            ts = F.unix_micros(F.col("ts").cast("timestamp")).cast("string")
            ts = F.concat(F.lit("@"), ts)
        else:
            ts = F.col("ts").cast("string")
    return frame.select(ts.alias("ts"), client.alias("client"), F.col("query").alias("query"))


def micros_of(ts):
    """Microseconds since 1970 (UTC) of Zeek's ts: epoch seconds rounded to the microsecond
    (scan-log: `(s * 1e6).round()`, finite and below 1e12 seconds), ISO 8601 as
    `logscan::time::iso` reads it, or '@' and microseconds (a Parquet timestamp)."""
    seconds = F.when(ts.rlike(r"^[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$"), ts.cast("double"))
    from_seconds = F.when(
        F.abs(seconds) < 1e12, F.round(seconds * F.lit(1_000_000.0)).cast("long")
    )
    iso = (
        r"^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{1,2}):([0-9]{2}):([0-9]{2})"
        r"(?:[.,]([0-9]+))?(Z|z|[-+][0-9]{2}(?::?[0-9]{2})?)?$"
    )
    part = lambda i: F.regexp_extract(ts, iso, i)  # noqa: E731
    date = F.make_date(part(1).cast("int"), part(2).cast("int"), part(3).cast("int"))
    days = F.datediff(date, F.lit("1970-01-01").cast("date")).cast("long")
    hour, minute, second = part(4).cast("long"), part(5).cast("long"), part(6).cast("long")
    fraction = F.when(part(7) == "", F.lit(0)).otherwise(
        F.rpad(F.substring(part(7), 1, 6), 6, "0").cast("long")
    )
    zone = part(8)
    zone_digits = F.regexp_replace(F.substring(zone, 2, 10), ":", "")
    east = F.when(zone.rlike("^[-+]"), (
        F.substring(zone_digits, 1, 2).cast("long") * 3600
        + F.when(F.length(zone_digits) == 4, F.substring(zone_digits, 3, 2).cast("long"))
        .otherwise(F.lit(0))
        * 60
    ) * F.when(F.substring(zone, 1, 1) == "-", F.lit(-1)).otherwise(F.lit(1))).otherwise(
        F.lit(0)
    )
    clock_ok = (hour <= 23) & (minute <= 59) & (second <= 60)
    from_iso = F.when(
        ts.rlike(iso) & date.isNotNull() & clock_ok,
        (days * 86_400 + hour * 3600 + minute * 60 + second - east) * 1_000_000 + fraction,
    )
    from_timestamp = F.when(ts.startswith("@"), F.substring(ts, 2, 30).cast("long"))
    return F.coalesce(from_timestamp, from_seconds, from_iso)


def name_below(host, one_label, two_labels):
    """`suffix::name_below`: the label before the longest suffix of the tables ending the host."""
    labels = F.size(F.split(host, r"\."))
    last = lambda n: F.substring_index(host, ".", -n)  # noqa: E731
    return (
        F.when((labels > 2) & last(2).isin(two_labels), last(3))
        .when((labels > 1) & last(1).isin(one_label), last(2))
    )


def day_text(column):
    return F.date_format(F.date_add(F.lit("1970-01-01").cast("date"), column), "yyyy-MM-dd")


def date_of_day(day):
    return (datetime(1970, 1, 1) + timedelta(days=day)).strftime("%Y-%m-%d")


def format_utc(micros):
    """chrono's RFC 3339 with `SecondsFormat::AutoSi`: 0, 3 or 6 decimals, as needed."""
    seconds, fraction = divmod(micros, 1_000_000)
    t = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=seconds)
    text = (
        f"{t.year:04d}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:{t.minute:02d}:{t.second:02d}"
    )
    if fraction == 0:
        return text + "Z"
    if fraction % 1000 == 0:
        return f"{text}.{fraction // 1000:03d}Z"
    return f"{text}.{fraction:06d}Z"


def scan(spark, lists_path, inputs, input_format="json", slack=2, min_names=1):
    """The report, as a dict shaped as scan-log's JSON (clients and days)."""
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    # Casts and dates of bad input give null (an unmatched record), not an error.
    spark.conf.set("spark.sql.ansi.enabled", "false")
    lists = read_lists(spark, lists_path).cache()
    tables = (
        lists.select(
            F.expr("substring(l_domain, instr(l_domain, '.') + 1)").alias("suffix"),
            "l_variant",
        )
        .distinct()
        .collect()
    )
    one_label = sorted({r.suffix for r in tables if "." not in r.suffix})
    two_labels = sorted({r.suffix for r in tables if "." in r.suffix})
    variants = sorted({r.l_variant for r in tables})
    span = lists.agg(F.min("l_day").alias("first"), F.max("l_day").alias("last")).first()
    if span.first is None:
        raise SystemExit(f"{lists_path}: the table has no rows")

    raw = read_queries(spark, inputs, input_format).withColumn(
        "qid", F.monotonically_increasing_id()
    )
    # scan-log: a record without a query, or with an empty one, is not a query; a query
    # without a time is counted but not matched (Zeek always writes ts).
    queries = raw.where(F.col("query").isNotNull() & (F.col("query") != ""))
    queries = queries.withColumn("micros", micros_of(F.col("ts"))).where(
        F.col("micros").isNotNull()
    )
    queries = queries.withColumn(
        "day",
        F.expr(f"(micros - pmod(micros, {MICROS_PER_DAY})) div {MICROS_PER_DAY}").cast("int"),
    ).where(F.col("day").between(FIRST_DAY, LAST_DAY))

    # Each step its own column, which the next ones refer to many times over.
    plain = F.col("query").rlike(r"^[A-Za-z0-9._-]+\z")
    named = (
        queries.withColumn(
            "host", F.when(plain, plain_host(F.col("query"))).otherwise(host_of(F.col("query")))
        )
        .withColumn("host", checked(F.col("host")))
        .withColumn("name", name_below(F.col("host"), one_label, two_labels))
    )

    # One pass over the records: each meets the broadcast lists of its day plus and minus the
    # slack (a left join, so that every query is counted), grouped by day and, for a query
    # that matched, by the query itself. Only the matched queries come out one by one. The
    # aggregates are numbers, so that Spark keeps the groups in its hash aggregation.
    joined = named.join(
        F.broadcast(lists),
        (F.col("name") == F.col("l_domain"))
        & F.col("l_day").between(F.col("day") - slack, F.col("day") + slack),
        "left",
    )
    matched = F.col("l_domain").isNotNull()
    # The nearest list, packed: distance, then variant (the first on a tie), then day (the
    # earlier on a tie within one variant), then index.
    order = F.array_position(F.array(*[F.lit(v) for v in VARIANTS]), F.col("l_variant")) - 1
    offset = F.col("l_day") - F.col("day") + slack
    packed = (
        F.abs(F.col("l_day") - F.col("day")).cast("long") * (1 << 26)
        + order * (1 << 24)
        + offset * (1 << 16)
        + F.col("l_index")
    )
    grouped = joined.groupBy(
        "day",
        *[F.when(matched, F.col(c)).alias(c) for c in ["qid", "client", "micros", "name"]],
    ).agg(
        F.count(F.lit(1)).alias("records"),
        F.min(packed).alias("nearest"),
        *[F.max((F.col("l_variant") == v).cast("int")).alias(f"has_{v}") for v in VARIANTS],
    ).cache()

    per_day = (
        grouped.groupBy("day")
        .agg(
            F.sum(F.when(F.col("qid").isNull(), F.col("records")).otherwise(F.lit(1))).alias(
                "queries"
            )
        )
        .collect()
    )
    # Query days whose lists the table does not all hold.
    uncovered = sorted(
        r.day for r in per_day if r.day - slack < span.first or r.day + slack > span.last
    )
    nearest = F.col("nearest")
    letters = F.array(*[F.lit(v) for v in VARIANTS])
    lookups = grouped.where(F.col("qid").isNotNull()).select(
        "qid",
        "client",
        "micros",
        "day",
        "name",
        F.filter(
            F.array(*[F.when(F.col(f"has_{v}") == 1, F.lit(v)) for v in VARIANTS]),
            lambda v: v.isNotNull(),
        ).alias("variants"),
        F.element_at(letters, (F.shiftright(nearest, 24) % 4).cast("int") + 1).alias("variant"),
        (F.col("day") + F.shiftright(nearest, 16) % 256 - slack).cast("int").alias("list_day"),
        (nearest % (1 << 16)).cast("int").alias("index"),
    )

    firsts = lookups.groupBy("client", "variant", "name").agg(
        F.min(F.struct("micros", "qid", "list_day", "index")).alias("first")
    )
    by_time = Window.partitionBy("client").orderBy(F.col("first.micros"), F.col("first.qid"))
    examples = (
        firsts.withColumn("rank", F.row_number().over(by_time))
        .where(F.col("rank") <= EXAMPLES_PER_CLIENT)
        .groupBy("client")
        .agg(
            F.sort_array(
                F.collect_list(
                    F.struct(
                        F.col("rank"),
                        F.col("name"),
                        F.col("variant"),
                        day_text(F.col("first.list_day")).alias("date"),
                        F.col("first.index").alias("index"),
                    )
                )
            ).alias("examples")
        )
    )
    distinct = firsts.groupBy("client").agg(F.count(F.lit(1)).alias("distinct_names"))
    stats = lookups.groupBy("client").agg(
        F.count(F.lit(1)).alias("lookups"),
        F.min("micros").alias("first"),
        F.max("micros").alias("last"),
        F.array_sort(F.array_distinct(F.flatten(F.collect_list("variants")))).alias("variants"),
    )
    # The records that name no client make one client, null, as in scan-log: join null-safe.
    distinct = distinct.withColumnRenamed("client", "d_client")
    examples = examples.withColumnRenamed("client", "e_client")
    rows = (
        stats.join(distinct, stats["client"].eqNullSafe(distinct["d_client"]), "left")
        .join(examples, stats["client"].eqNullSafe(examples["e_client"]), "left")
        .collect()
    )

    clients = []
    below = 0
    for r in rows:
        if r.distinct_names < min_names:
            below += 1
            continue
        clients.append(
            {
                "client": r.client,
                "variants": ",".join(r.variants),
                "first": format_utc(r.first),
                "last": format_utc(r.last),
                "lookups": r.lookups,
                "distinctNames": r.distinct_names,
                "examples": [
                    {k: e[k] for k in ["name", "variant", "date", "index"]}
                    for e in r["examples"]
                ],
                # The programs that asked (Sysmon's Image): a DNS log names none.
                "processes": [],
            }
        )
    clients.sort(
        key=lambda c: (
            -c["distinctNames"],
            -c["lookups"],
            c["client"] is not None,
            c["client"] or "",
        )
    )

    clients_key = F.coalesce(F.col("client"), F.lit("\u0000no client"))
    day_lookups = {
        r.day: r
        for r in lookups.groupBy("day")
        .agg(
            F.count(F.lit(1)).alias("lookups"),
            *[F.sum((F.col("variant") == v).cast("long")).alias(v.lower()) for v in VARIANTS],
            F.countDistinct(clients_key).alias("clients"),
        )
        .collect()
    }
    days = []
    for r in sorted(per_day, key=lambda r: r.day):
        found = day_lookups.get(r.day)
        days.append(
            {
                "date": date_of_day(r.day),
                "queries": r.queries,
                "lookups": found.lookups if found else 0,
                "a": found.a if found else 0,
                "b": found.b if found else 0,
                "c": found.c if found else 0,
                "clients": found.clients if found else 0,
            }
        )
    grouped.unpersist()
    lists.unpersist()
    return {
        "variants": ",".join(variants),
        "slackDays": slack,
        "minNames": min_names,
        "clientsBelowMinNames": below,
        "uncoveredDays": [date_of_day(d) for d in uncovered],
        "clients": clients,
        "days": days,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lists", required=True, help="conficker-dga export --format csv")
    parser.add_argument("--input", required=True, action="append", help="dns.log files")
    parser.add_argument("--input-format", choices=["json", "parquet"], default="json")
    parser.add_argument("--slack", type=int, default=2, help="days either side (0 to 30)")
    parser.add_argument("--min-names", type=int, default=1)
    parser.add_argument("--output", help="the report (JSON); default: standard output")
    args = parser.parse_args(argv)
    if not 0 <= args.slack <= 30:
        parser.error(f"slack {args.slack} is out of range: use 0 to 30")
    if args.min_names < 1:
        parser.error(f"minimum of distinct names {args.min_names} is out of range")
    spark = SparkSession.builder.appName("conficker-scan").getOrCreate()
    report = scan(spark, args.lists, args.input, args.input_format, args.slack, args.min_names)
    if report["uncoveredDays"]:
        days = report["uncoveredDays"]
        print(
            f"conficker_scan: the lists do not cover {len(days)} query days ({days[0]} to "
            f"{days[-1]}) plus and minus {args.slack} days: export a wider window",
            file=sys.stderr,
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
