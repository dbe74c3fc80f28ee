"""Stream-stream joins on rillet and PySpark, compared micro-batch by micro-batch.

Both sides come from one ``text`` stream (one file per micro-batch), split by a tag
column: ``L,...`` lines are impressions, ``R,...`` lines are clicks. One source keeps
the batch boundaries identical on both engines (two sources could be picked up in
different triggers). Arrivals are out of order on both sides, some rows are late,
and the watermark moves, so buffered rows are evicted and outer rows with NULLs are
emitted in the batch where the watermark says no match can come -- including the
no-data batches both engines run when only the watermark moved.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Cases
from tests.conformance.test_streaming import foreach_batch_query, memory_query, run_batches, text_stream

case = Cases()

# tag, ad, event time, value
ROWS = [
    ["L,a,2024-01-01 12:00:00,1", "L,b,2024-01-01 12:00:02,2", "R,a,2024-01-01 12:00:04,10"],
    ["R,b,2024-01-01 12:00:03,20", "L,c,2024-01-01 12:00:05,3", "R,a,2024-01-01 12:00:01,11"],
    ["L,a,2024-01-01 12:00:20,4", "R,z,2024-01-01 12:00:21,30", "R,a,2024-01-01 12:00:09,12"],
    ["R,c,2024-01-01 12:00:40,40", "L,d,2024-01-01 12:00:41,5", "L,a,2024-01-01 12:00:01,6"],
    ["R,d,2024-01-01 12:00:44,50", "R,a,2024-01-01 12:00:25,13", "L,e,2024-01-01 12:01:30,7"],
    ["R,e,2024-01-01 12:03:00,60", "L,f,2024-01-01 12:03:05,8"],
]

RANGE = "ad = c_ad AND c_ts >= ts AND c_ts <= ts + interval 10 seconds"


def sides(lines: Any, F: Any, watermark: str | None = "5 seconds") -> tuple[Any, Any]:
    parts = F.split(F.col("value"), ",")
    rows = lines.select(
        parts.getItem(0).alias("tag"),
        parts.getItem(1).alias("ad"),
        parts.getItem(2).cast("timestamp").alias("ts"),
        parts.getItem(3).cast("int").alias("v"),
    )
    left = rows.filter(F.col("tag") == "L").select("ad", "ts", "v")
    right = rows.filter(F.col("tag") == "R").select(
        F.col("ad").alias("c_ad"), F.col("ts").alias("c_ts"), F.col("v").alias("c_v")
    )
    if watermark is not None:
        left = left.withWatermark("ts", watermark)
        right = right.withWatermark("c_ts", watermark)
    return left, right


def batches_of(spark: Any, F: Any, build: Any, mode: str = "append") -> list[Any]:
    with text_stream(spark) as (lines, feed):
        left, right = sides(lines, F)
        seen: list[Any] = []
        q = foreach_batch_query(build(left, right), feed, mode, seen)
        run_batches(q, feed, ROWS, lambda: None)
        return seen


@case
def inner_join_with_a_time_range_and_watermarks(spark, F, T):
    return batches_of(spark, F, lambda left, right: left.join(right, F.expr(RANGE)))


@case
def inner_equi_join_without_watermarks_buffers_everything(spark, F, T):
    with text_stream(spark) as (lines, feed):
        left, right = sides(lines, F, watermark=None)
        seen: list[Any] = []
        q = foreach_batch_query(left.join(right, left.ad == right.c_ad), feed, "append", seen)
        run_batches(q, feed, ROWS, lambda: None)
        return seen


@case
def inner_join_schema_and_memory_sink(spark, F, T):
    with text_stream(spark) as (lines, feed):
        left, right = sides(lines, F)
        joined = left.join(right, F.expr(RANGE))
        q = memory_query(joined, feed, "conf_ssj_inner", "append")
        snapshots = run_batches(q, feed, ROWS, lambda: spark.table("conf_ssj_inner"))
        return joined.dtypes, [f.nullable for f in joined.schema.fields], snapshots


@case
def left_outer_join_emits_unmatched_rows_when_the_watermark_passes(spark, F, T):
    return batches_of(spark, F, lambda left, right: left.join(right, F.expr(RANGE), "left"))


@case
def right_outer_join_emits_unmatched_clicks(spark, F, T):
    return batches_of(spark, F, lambda left, right: left.join(right, F.expr(RANGE), "right"))


@case
def full_outer_join_emits_both_sides_unmatched(spark, F, T):
    return batches_of(spark, F, lambda left, right: left.join(right, F.expr(RANGE), "full"))


@case
def left_semi_join_emits_each_impression_once(spark, F, T):
    return batches_of(spark, F, lambda left, right: left.join(right, F.expr(RANGE), "left_semi"))


@case
def left_outer_join_with_a_condition_on_one_side_only(spark, F, T):
    cond = RANGE + " AND v > 1 AND c_v < 50"
    return batches_of(spark, F, lambda left, right: left.join(right, F.expr(cond), "left"))


@case
def windowed_equi_join_left_outer(spark, F, T):
    def build(left: Any, right: Any) -> Any:
        lw = left.select(F.window("ts", "10 seconds").alias("w"), "ad", "v")
        rw = right.select(F.window("c_ts", "10 seconds").alias("w"), "c_ad", "c_v")
        return lw.join(rw, (lw.w == rw.w) & (lw.ad == rw.c_ad), "left").select(
            lw.w.start.alias("start"), "ad", "v", "c_v"
        )

    return batches_of(spark, F, build)


@case
def join_then_window_aggregation_in_append_mode(spark, F, T):
    def build(left: Any, right: Any) -> Any:
        return (
            left.join(right, F.expr(RANGE))
            .groupBy(F.window("ts", "30 seconds"))
            .agg(F.count("*").alias("n"), F.sum("c_v").alias("clicks"))
        )

    return batches_of(spark, F, build)


@case
def progress_reports_the_join_state(spark, F, T):
    with text_stream(spark) as (lines, feed):
        left, right = sides(lines, F)
        seen: list[Any] = []
        q = foreach_batch_query(left.join(right, F.expr(RANGE), "left"), feed, "append", seen)
        run_batches(q, feed, ROWS[:2], lambda: None)
        ops = q.lastProgress["stateOperators"]
        # one source read once per batch, its rows counted once per use (both join sides)
        return [op["operatorName"] for op in ops], [p["numInputRows"] for p in q.recentProgress]


@case(raises="_LEGACY_ERROR_TEMP_3102")
def stream_stream_join_in_update_mode_is_rejected(spark, F, T):
    return batches_of(spark, F, lambda left, right: left.join(right, F.expr(RANGE)), mode="update")


@case(raises="_LEGACY_ERROR_TEMP_3102")
def left_outer_join_without_a_range_condition_is_rejected(spark, F, T):
    return batches_of(spark, F, lambda left, right: left.join(right, left.ad == right.c_ad, "left"))


@case(raises="_LEGACY_ERROR_TEMP_3102")
def left_anti_join_of_two_streams_is_rejected(spark, F, T):
    return batches_of(spark, F, lambda left, right: left.join(right, F.expr(RANGE), "left_anti"))


@case(raises="_LEGACY_ERROR_TEMP_3102")
def aggregation_after_a_join_in_complete_mode_is_rejected(spark, F, T):
    return batches_of(
        spark, F, lambda left, right: left.join(right, F.expr(RANGE)).groupBy("ad").count(), mode="complete"
    )


@pytest.mark.parametrize("program", case.params(getattr(known_gaps, "STREAM_JOINS", {})))
def test_stream_join_program_matches_pyspark(program, conform):
    conform(program)
