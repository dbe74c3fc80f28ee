"""Watermarks: late rows dropped and counted, kept on request, several inputs, progress."""

from __future__ import annotations

import glob
import os

import polars as pl
from helpers import write_file

from rillet.sql import functions as F


def _events(spark, folder):
    parts = F.split("value", ",")
    return spark.readStream.option("maxFilesPerTrigger", 1).text(str(folder)).select(
        parts.getItem(0).cast("timestamp").alias("ts"), parts.getItem(1).alias("k")
    )


def test_late_rows_are_counted_and_kept_in_the_side_output(spark, tmp_path):
    src, late_dir = tmp_path / "in", tmp_path / "late"
    counts = _events(spark, src).withWatermark("ts", "5 minutes").groupBy(F.window("ts", "10 minutes")).count()
    q = (counts.writeStream.format("memory").queryName("late_side").outputMode("update")
         .option("lateRowsPath", str(late_dir)).start())
    write_file(src, "1.txt", "2024-01-01 12:00:00,a\n2024-01-01 12:30:00,b\n")
    q.processAllAvailable()
    write_file(src, "2.txt", "2024-01-01 12:01:00,late\n2024-01-01 12:31:00,c\n")
    q.processAllAvailable()
    dropped = sum(p["stateOperators"][0]["numRowsDroppedByWatermark"] for p in q.recentProgress)
    assert dropped == 1
    files = glob.glob(os.path.join(late_dir, "batch=*", "operator=*.parquet"))
    assert len(files) == 1
    late = pl.read_parquet(files[0])
    assert late.get_column("k").to_list() == ["late"]


def test_a_joins_late_rows_are_kept_per_side(spark, tmp_path):
    left_src, right_src, late_dir = tmp_path / "l", tmp_path / "r", tmp_path / "late"
    left = _events(spark, left_src).withWatermark("ts", "1 minute").select(
        F.col("k").alias("lk"), F.col("ts").alias("lts"))
    right = _events(spark, right_src).withWatermark("ts", "1 minute").select(
        F.col("k").alias("rk"), F.col("ts").alias("rts"), F.lit(1).alias("one"))
    joined = left.join(right, F.expr("lk = rk AND rts BETWEEN lts AND lts + interval 5 minutes"))
    q = (joined.writeStream.format("memory").queryName("late_join").option("lateRowsPath", str(late_dir)).start())
    write_file(left_src, "1.txt", "2024-01-01 12:00:00,a\n2024-01-01 12:30:00,b\n")
    write_file(right_src, "1.txt", "2024-01-01 12:30:00,c\n")
    q.processAllAvailable()
    write_file(left_src, "2.txt", "2024-01-01 12:01:00,old-left\n")
    write_file(right_src, "2.txt", "2024-01-01 12:02:00,old-right\n2024-01-01 12:31:00,b\n")
    q.processAllAvailable()
    assert sorted(r.lk for r in spark.table("late_join").collect()) == ["b"]
    assert sum(p["stateOperators"][0]["numRowsDroppedByWatermark"] for p in q.recentProgress) == 2
    left_late = pl.read_parquet(glob.glob(os.path.join(late_dir, "batch=*", "operator=0-left.parquet")))
    right_late = pl.read_parquet(glob.glob(os.path.join(late_dir, "batch=*", "operator=0-right.parquet")))
    assert left_late.columns == ["lk", "lts"] and left_late.get_column("lk").to_list() == ["old-left"]
    assert right_late.columns == ["rk", "rts", "one"] and right_late.get_column("rk").to_list() == ["old-right"]
    q.stop()


def test_event_time_in_progress_and_offsets(spark, tmp_path):
    src, chk = tmp_path / "in", tmp_path / "chk"
    q = (_events(spark, src).withWatermark("ts", "1 minute").writeStream.format("memory")
         .queryName("wm_progress").option("checkpointLocation", str(chk)).start())
    write_file(src, "1.txt", "2024-01-01 12:00:00,a\n2024-01-01 12:10:00,b\n")
    q.processAllAvailable()
    write_file(src, "2.txt", "2024-01-01 12:05:00,c\n")
    q.processAllAvailable()
    assert q.lastProgress["eventTime"] == {
        "avg": "2024-01-01T12:05:00.000Z", "max": "2024-01-01T12:05:00.000Z",
        "min": "2024-01-01T12:05:00.000Z", "watermark": "2024-01-01T12:09:00.000Z",
    }
    offsets = (chk / "offsets" / "1").read_text().split("\n")[1]
    assert '"batchWatermarkMs":1704110940000' in offsets


def _two_input_watermark(spark, tmp_path, name):
    """A fast input (no delay) and a slow one (10 minutes' delay), unioned; the global
    watermark after two batches."""
    a, b = tmp_path / "a", tmp_path / "b"
    both = _events(spark, a).withWatermark("ts", "0 seconds").union(
        _events(spark, b).withWatermark("ts", "10 minutes"))
    q = both.writeStream.format("memory").queryName(name).start()
    write_file(a, "1.txt", "2024-01-01 13:00:00,a\n")
    write_file(b, "1.txt", "2024-01-01 12:00:00,b\n")
    q.processAllAvailable()
    write_file(a, "2.txt", "2024-01-01 13:01:00,a\n")
    q.processAllAvailable()
    return q.lastProgress["eventTime"]["watermark"]


def test_global_watermark_is_the_minimum_over_inputs_by_default(spark, tmp_path):
    assert _two_input_watermark(spark, tmp_path, "wm_min") == "2024-01-01T11:50:00.000Z"


def test_max_policy_takes_the_fastest_input(spark, tmp_path):
    spark.conf.set("spark.sql.streaming.multipleWatermarkPolicy", "max")
    try:
        assert _two_input_watermark(spark, tmp_path, "wm_max") == "2024-01-01T13:00:00.000Z"
    finally:
        spark.conf.unset("spark.sql.streaming.multipleWatermarkPolicy")


def test_a_rerun_batch_judges_late_rows_as_its_first_run_did(spark, tmp_path):
    src, chk = tmp_path / "in", tmp_path / "chk"
    sums = _events(spark, src).withWatermark("ts", "5 minutes").groupBy(F.window("ts", "10 minutes")).count()
    out: dict[int, list] = {}

    def start():
        return (sums.writeStream.outputMode("update").option("checkpointLocation", str(chk))
                .foreachBatch(lambda df, i: out.__setitem__(i, sorted(map(str, df.collect())))).start())

    q = start()
    for i, text in enumerate(["2024-01-01 12:00:00,a\n", "2024-01-01 12:20:00,b\n", "2024-01-01 12:01:00,late\n"]):
        write_file(src, f"{i}.txt", text)
        q.processAllAvailable()
    q.stop()
    last = max(int(n) for n in os.listdir(chk / "commits"))
    first_run = out[last]
    # crash after the sink wrote batch `last` but before its commit: it runs again on restart
    os.remove(chk / "commits" / str(last))
    os.remove(chk / "state" / "0" / f"{last}.delta")
    out.clear()
    q = start()
    q.processAllAvailable()
    assert out[last] == first_run
