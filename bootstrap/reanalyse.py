"""Batch re-analysis of one debate's archive on EMR (Spark 3.5, PySpark).

Reads the debate's raw JSON Lines from the archive, drops byte-identical redeliveries, pipes each
partition through `trendoff cluster aggregate` (the same core pipeline as the stream processor, so
the scores are the stream path's scores), brings every partial aggregate of a (candidate, bucket)
to one partition, merges them with `trendoff cluster aggregate --merge`, and writes one
aggregate per line (AggregateJSON) for `trendoff cluster load` to put in the aggregates table.

Only Spark plumbing lives here; the parts without Spark are plain functions, tested with the
standard library (bootstrap/tests).
"""

import argparse
import json
import re
import shlex
import sys

TRENDOFF = "/usr/local/bin/trendoff"
DEBATE_ENV = "TRENDOFF_DEBATE"
DEBATE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
LEXICONS = ("vader", "afinn", "labmt")


def parse_args(argv):
    """The step's arguments (see lib/ops/emr/cluster-spec.ts, reanalysisStep)."""
    p = argparse.ArgumentParser(prog="reanalyse.py", description=__doc__.splitlines()[0])
    p.add_argument("--debate-id", required=True)
    p.add_argument("--archive", required=True, help="s3:// URI of the archive (holding raw/)")
    p.add_argument("--debate-config", required=True, help="s3:// URI of the debate config")
    p.add_argument("--output", required=True, help="s3:// URI of this run's output folder")
    p.add_argument("--lexicon", default="vader", choices=LEXICONS)
    p.add_argument("--bucket-ms", type=int, default=5000)
    p.add_argument("--partitions", type=int, default=0, help="merge partitions (0: as many as the input)")
    args = p.parse_args(argv)
    if not DEBATE_ID.match(args.debate_id):
        p.error("--debate-id must be lower-case letters, digits and dashes")
    if args.bucket_ms < 1000 or 60000 % args.bucket_ms != 0:
        p.error("--bucket-ms must be whole milliseconds >= 1000 that divide a minute")
    for name in ("archive", "debate_config", "output"):
        if not getattr(args, name).startswith(("s3://", "s3a://", "file:/")):
            p.error("--%s must be an s3:// URI" % name.replace("_", "-"))
    return args


def input_glob(archive_uri, debate_id):
    """Every raw object of the debate: raw/debate=<id>/date=<d>/hour=<h>/*.jsonl.gz (archive-keys.ts)."""
    return "%s/raw/debate=%s/date=*/hour=*/*.jsonl.gz" % (archive_uri.rstrip("/"), debate_id)


def aggregate_command(lexicon, bucket_ms, merge=False):
    """The command each partition is piped through; the debate config comes in the environment."""
    args = [TRENDOFF, "cluster", "aggregate", "--lexicon", lexicon, "--bucket-ms", str(bucket_ms)]
    if merge:
        args.append("--merge")
    return " ".join(shlex.quote(a) for a in args)


def merge_key(line):
    """The (debate, candidate, bucket) a partial aggregate line belongs to, as one string."""
    o = json.loads(line)
    return "%s\t%s\t%d" % (o["debateId"], o["candidate"], int(o["bucketStart"]))


def check_debate_config(text, debate_id):
    """The config's JSON text, checked to be for this debate (full validation is the CLI's)."""
    config = json.loads(text)
    if not isinstance(config, dict) or config.get("id") != debate_id:
        raise ValueError("the debate config is for %r, not %r" % (config.get("id") if isinstance(config, dict) else None, debate_id))
    return json.dumps(config, separators=(",", ":"))


def main(argv):
    args = parse_args(argv)
    from pyspark.sql import SparkSession  # only on the cluster

    spark = SparkSession.builder.appName("trendoff re-analysis %s" % args.debate_id).getOrCreate()
    sc = spark.sparkContext
    config = check_debate_config("\n".join(sc.textFile(args.debate_config).collect()), args.debate_id)
    env = {DEBATE_ENV: config}

    lines = sc.textFile(input_glob(args.archive, args.debate_id)).filter(lambda l: l.strip() != "")
    # A redelivered batch is rewritten under the same key, but a copy under another key is
    # byte-identical: distinct() drops it before scoring, across partitions.
    partials = lines.distinct().pipe(aggregate_command(args.lexicon, args.bucket_ms), env=env)
    n = args.partitions or max(1, partials.getNumPartitions())
    merged = (
        partials.keyBy(merge_key)
        .partitionBy(n)
        .values()
        .pipe(aggregate_command(args.lexicon, args.bucket_ms, merge=True), env=env)
    )
    merged.saveAsTextFile(args.output.rstrip("/") + "/aggregates", "org.apache.hadoop.io.compress.GzipCodec")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
