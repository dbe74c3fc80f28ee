"""Every mergeable aggregate gives the same answer streamed over several batches as the
batch query over all the rows (partial states merged across micro-batches)."""

from __future__ import annotations

import math

from helpers import write_file

from rillet.sql import functions as F

BATCHES = ["a,1\na,2\nb,3\n", "a,3\nb,3\nb,10\nc,-4\n", "a,\nc,\nb,0.5\n"]


def _aggregates():
    x = F.col("x")
    return [
        F.count("*").alias("n"), F.count(x).alias("nx"), F.sum(x).alias("s"), F.avg(x).alias("avg"),
        F.min(x).alias("lo"), F.max(x).alias("hi"), F.first(x, True).alias("f"), F.last(x, True).alias("l"),
        F.sort_array(F.collect_list(x)).alias("cl"), F.sort_array(F.collect_set(x)).alias("cs"),
        F.stddev(x).alias("sd"), F.stddev_pop(x).alias("sdp"), F.variance(x).alias("v"), F.var_pop(x).alias("vp"),
        F.count_if(x > 1).alias("ci"), F.bool_and(x > 0).alias("ba"), F.bool_or(x > 5).alias("bo"),
        F.max_by("k", "x").alias("mb"), F.min_by("k", "x").alias("nb"),
    ]


def _rows(df):
    def norm(v):
        return round(v, 9) if isinstance(v, float) and not math.isnan(v) else v
    return sorted(tuple(norm(v) for v in r) for r in df.collect())


def test_streamed_aggregates_equal_the_batch_query(spark, tmp_path):
    parts = F.split("value", ",")
    stream = spark.readStream.option("maxFilesPerTrigger", 1).text(str(tmp_path)).select(
        parts.getItem(0).alias("k"), parts.getItem(1).try_cast("double").alias("x")
    )
    grouped = stream.groupBy("k").agg(*_aggregates())
    total = stream.agg(*_aggregates())
    q1 = grouped.writeStream.format("memory").queryName("agg_grouped").outputMode("complete").start()
    q2 = total.writeStream.format("memory").queryName("agg_total").outputMode("complete").start()
    for i, text in enumerate(BATCHES):
        write_file(tmp_path, f"{i}.txt", text)
        q1.processAllAvailable()
        q2.processAllAvailable()
    assert q1.lastProgress["batchId"] == 2

    rows = [line.split(",") for text in BATCHES for line in text.splitlines()]
    batch = spark.createDataFrame([(k, float(x) if x else None) for k, x in rows], "k string, x double")
    assert _rows(spark.table("agg_grouped")) == _rows(batch.groupBy("k").agg(*_aggregates()))
    assert _rows(spark.table("agg_total")) == _rows(batch.agg(*_aggregates()))
