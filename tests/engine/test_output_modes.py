"""Output modes: what each emits, and which plans Spark refuses in which mode."""

from __future__ import annotations

import pytest
from helpers import write_file

from rillet.errors import AnalysisException
from rillet.sql import functions as F


def _words(spark, folder):
    lines = spark.readStream.text(str(folder))
    return lines.select(F.explode(F.split("value", " ")).alias("word"))


def test_complete_mode_emits_the_whole_result_every_batch(spark, tmp_path):
    batches = []
    q = (_words(spark, tmp_path).groupBy("word").count().writeStream.outputMode("complete")
         .foreachBatch(lambda df, i: batches.append((i, sorted(map(tuple, df.collect()))))).start())
    write_file(tmp_path, "1.txt", "a b a\n")
    q.processAllAvailable()
    write_file(tmp_path, "2.txt", "c\n")
    q.processAllAvailable()
    assert batches == [(0, [("a", 2), ("b", 1)]), (1, [("a", 2), ("b", 1), ("c", 1)])]


def test_update_mode_emits_only_changed_groups(spark, tmp_path):
    batches = []
    q = (_words(spark, tmp_path).groupBy("word").count().writeStream.outputMode("update")
         .foreachBatch(lambda df, i: batches.append(sorted(map(tuple, df.collect())))).start())
    write_file(tmp_path, "1.txt", "a b a\n")
    q.processAllAvailable()
    write_file(tmp_path, "2.txt", "b\n")
    q.processAllAvailable()
    assert batches == [[("a", 2), ("b", 1)], [("b", 2)]]


def test_append_mode_without_aggregation_emits_new_rows_only(spark, tmp_path):
    batches = []
    q = (_words(spark, tmp_path).writeStream
         .foreachBatch(lambda df, i: batches.append([r.word for r in df.collect()])).start())
    write_file(tmp_path, "1.txt", "x y\n")
    q.processAllAvailable()
    write_file(tmp_path, "2.txt", "z\n")
    q.processAllAvailable()
    assert batches == [["x", "y"], ["z"]]


def test_complete_mode_without_aggregation_is_rejected(spark, tmp_path):
    with pytest.raises(AnalysisException) as info:
        _words(spark, tmp_path).writeStream.format("memory").queryName("m1").outputMode("complete").start()
    assert info.value.getCondition() == "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION"
    assert "no streaming aggregations" in str(info.value)


def test_append_mode_with_aggregation_needs_a_watermark(spark, tmp_path):
    counts = _words(spark, tmp_path).groupBy("word").count()
    with pytest.raises(AnalysisException) as info:
        counts.writeStream.format("memory").queryName("m2").outputMode("append").start()
    assert info.value.getCondition() == "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION"
    assert "streaming aggregations without watermark" in str(info.value)


def test_unknown_output_mode_is_rejected(spark, tmp_path):
    with pytest.raises(AnalysisException, match="Invalid streaming output mode: sideways"):
        _words(spark, tmp_path).writeStream.outputMode("sideways")


def test_sorting_a_stream_needs_complete_mode_on_an_aggregate(spark, tmp_path):
    with pytest.raises(AnalysisException, match="Sorting is not supported"):
        _words(spark, tmp_path).orderBy("word").writeStream.format("memory").queryName("m3").start()
    sorted_counts = _words(spark, tmp_path).groupBy("word").count().orderBy(F.desc("count"), "word")
    q = sorted_counts.writeStream.format("memory").queryName("m4").outputMode("complete").start()
    write_file(tmp_path, "1.txt", "b a b c b a\n")
    q.processAllAvailable()
    assert [tuple(r) for r in spark.table("m4").collect()] == [("b", 3), ("a", 2), ("c", 1)]


def test_aggregate_then_filter_and_project(spark, tmp_path):
    counts = _words(spark, tmp_path).groupBy("word").agg(F.count("*").alias("n"), F.max(F.length("word")).alias("len"))
    out = counts.where(F.col("n") > 1).select(F.upper("word").alias("W"), (F.col("n") * 10).alias("n10"))
    q = out.writeStream.format("memory").queryName("m5").outputMode("complete").start()
    write_file(tmp_path, "1.txt", "aa b aa c\n")
    q.processAllAvailable()
    assert [tuple(r) for r in spark.table("m5").collect()] == [("AA", 20)]


def test_global_aggregation_over_a_stream(spark, tmp_path):
    nums = spark.readStream.text(str(tmp_path)).select(F.col("value").cast("int").alias("n"))
    agg = nums.agg(F.count("*").alias("c"), F.sum("n").alias("s"), F.avg("n").alias("a"),
                   F.min("n").alias("lo"), F.max("n").alias("hi"))
    q = agg.writeStream.format("memory").queryName("m6").outputMode("complete").start()
    write_file(tmp_path, "1.txt", "1\n2\n")
    q.processAllAvailable()
    write_file(tmp_path, "2.txt", "10\n")
    q.processAllAvailable()
    assert [tuple(r) for r in spark.table("m6").collect()] == [(3, 13, 13 / 3, 1, 10)]
