"""Event time on rillet and PySpark: windows (batch and streaming), watermarks, late data.

Streaming cases feed one file per micro-batch and compare every micro-batch's
output with its batch id (collected in ``foreachBatch``), including the no-data
batches both engines run when the watermark moves (``processAllAvailable`` waits
for them in Spark too).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Cases
from tests.conformance.test_streaming import foreach_batch_query, memory_query, run_batches, text_stream

case = Cases()

EVENTS = [
    ["2024-01-01 12:00:01,a,1", "2024-01-01 12:00:05,b,2", "2024-01-01 12:04:00,a,3"],
    ["2024-01-01 12:11:00,a,4"],
    ["2024-01-01 12:02:00,a,100", "2024-01-01 12:22:00,b,5"],  # 12:02 is behind the watermark (12:06)
    ["2024-01-01 12:30:00,c,6"],
    ["2024-01-01 13:00:00,d,7"],
]


def events(lines: Any, F: Any) -> Any:
    parts = F.split(F.col("value"), ",")
    return lines.select(
        parts.getItem(0).cast("timestamp").alias("ts"),
        parts.getItem(1).alias("k"),
        parts.getItem(2).cast("int").alias("v"),
    )


# --- batch ------------------------------------------------------------------------------


@case
def tumbling_and_sliding_windows_in_batch(spark, F, T):
    rows = [
        ("2024-01-01 12:00:07", "a", 1), ("2024-01-01 12:04:59", "b", 2),
        ("2024-01-01 12:11:00", "a", 3), (None, "c", 4),
    ]
    df = spark.createDataFrame(rows, "t string, k string, v int").select(
        F.col("t").cast("timestamp").alias("ts"), "k", "v"
    )
    return {
        "select": df.select("ts", F.window("ts", "10 minutes")),
        "tumbling": df.groupBy(F.window("ts", "10 minutes"), "k").agg(F.sum("v").alias("s")),
        "sliding": df.groupBy(F.window("ts", "10 minutes", "5 minutes")).count(),
        "start_time": df.groupBy(F.window("ts", "10 minutes", "10 minutes", "3 minutes")).count(),
        "window_time": df.select(F.window("ts", "10 minutes").alias("w")).select(F.window_time("w")),
    }


@case
def window_schema_is_sparks(spark, F, T):
    df = spark.createDataFrame([("2024-01-01 12:00:07",)], "t string").select(F.col("t").cast("timestamp").alias("ts"))
    df.groupBy(F.window("ts", "1 hour")).count().printSchema()


# --- streaming ----------------------------------------------------------------------------


@case
def tumbling_window_counts_in_append_mode_drop_late_rows(spark, F, T):
    with text_stream(spark) as (lines, feed):
        counts = (
            events(lines, F).withWatermark("ts", "5 minutes")
            .groupBy(F.window("ts", "10 minutes"), "k").agg(F.count("*").alias("n"), F.sum("v").alias("s"))
        )
        batches: list[Any] = []
        q = foreach_batch_query(counts, feed, "append", batches)
        run_batches(q, feed, EVENTS, lambda: 0)
        return batches


@case
def a_filter_on_a_grouping_key_moves_below_the_aggregation_and_the_watermark(spark, F, T):
    # Spark's optimizer pushes the filter on k below the aggregation and below withWatermark
    # (it does not read the event time): the watermark then follows only the 'a' rows, so
    # windows close later than they would if the 'b' rows moved it
    with text_stream(spark) as (lines, feed):
        counts = (events(lines, F).withWatermark("ts", "5 minutes").groupBy(F.window("ts", "10 minutes"), "k")
                  .agg(F.sum("v").alias("s")).filter(F.col("k") == "a"))
        batches: list[Any] = []
        q = foreach_batch_query(counts, feed, "append", batches)
        run_batches(q, feed, EVENTS, lambda: 0)
        state_rows = [p["stateOperators"][0]["numRowsTotal"] for p in q.recentProgress]
        return batches, state_rows


@case
def sliding_window_sums_in_update_mode(spark, F, T):
    with text_stream(spark) as (lines, feed):
        sums = (
            events(lines, F).withWatermark("ts", "5 minutes")
            .groupBy(F.window("ts", "10 minutes", "5 minutes")).agg(F.sum("v").alias("s"))
        )
        batches: list[Any] = []
        q = foreach_batch_query(sums, feed, "update", batches)
        run_batches(q, feed, EVENTS, lambda: 0)
        return batches


@case
def event_time_in_progress(spark, F, T):
    with text_stream(spark) as (lines, feed):
        q = memory_query(events(lines, F).withWatermark("ts", "5 minutes"), feed, "conf_et_progress", "append")
        run_batches(q, feed, EVENTS[:2], lambda: 0)
        event_time = q.lastProgress["eventTime"]
        return sorted(event_time.items())


@case
def drop_duplicates_without_watermark_keeps_first_of_each_key(spark, F, T):
    with text_stream(spark) as (lines, feed):
        deduped = events(lines, F).dropDuplicates(["k"])
        batches: list[Any] = []
        q = foreach_batch_query(deduped.select("k"), feed, "append", batches)
        run_batches(q, feed, EVENTS, lambda: 0)
        return batches


@case
def drop_duplicates_with_event_time_key_and_watermark(spark, F, T):
    with text_stream(spark) as (lines, feed):
        deduped = events(lines, F).withWatermark("ts", "5 minutes").dropDuplicates(["k", "ts"])
        batches: list[Any] = []
        q = foreach_batch_query(deduped, feed, "append", batches)
        feeds = EVENTS[:2] + [["2024-01-01 12:11:00,a,4", "2024-01-01 12:00:01,a,1", "2024-01-01 12:20:00,b,9"]]
        run_batches(q, feed, feeds, lambda: 0)
        return batches


@case
def drop_duplicates_within_watermark(spark, F, T):
    with text_stream(spark) as (lines, feed):
        deduped = events(lines, F).withWatermark("ts", "5 minutes").dropDuplicatesWithinWatermark(["k"])
        batches: list[Any] = []
        q = foreach_batch_query(deduped, feed, "append", batches)
        feeds = [
            ["2024-01-01 12:00:00,a,1", "2024-01-01 12:01:00,a,2"],
            ["2024-01-01 12:03:00,a,3", "2024-01-01 12:20:00,b,4"],  # a again: within its 5 minutes
            ["2024-01-01 12:21:00,a,5"],  # a's state expired when the watermark passed 12:05
        ]
        run_batches(q, feed, feeds, lambda: 0)
        return batches


@case
def session_windows_in_batch(spark, F, T):
    rows = [(0, "a", 1), (10, "a", 2), (25, "a", 3), (30, "a", 4), (3, "b", 5), (None, "a", 6)]
    df = spark.createDataFrame(rows, "t long, k string, v int").select(
        F.col("t").cast("timestamp").alias("ts"), "k", "v"
    )
    dynamic_gap = F.when(F.col("k") == "a", "5 seconds").otherwise("20 seconds")
    return {
        "fixed": df.groupBy(F.session_window("ts", "10 seconds"), "k").agg(F.count("*").alias("n"), F.sum("v")),
        "dynamic": df.groupBy(F.session_window("ts", dynamic_gap), "k").count(),
        "global": df.groupBy(F.session_window("ts", "10 seconds")).agg(F.max("v").alias("hi")),
        "select": df.select(F.session_window("ts", "10 seconds")),
    }


SESSIONS = [["0,a,1", "5,a,2", "3,b,1"], ["12,a,3", "40,b,1"], ["14,a,4", "100,c,1"], ["200,z,0"], ["300,y,0"]]


@case
def session_window_counts_in_append_mode(spark, F, T):
    with text_stream(spark) as (lines, feed):
        parts = F.split(F.col("value"), ",")
        events = lines.select(
            parts.getItem(0).cast("long").cast("timestamp").alias("ts"), parts.getItem(1).alias("k"),
            parts.getItem(2).cast("int").alias("v"),
        )
        sessions = (
            events.withWatermark("ts", "30 seconds")
            .groupBy(F.session_window("ts", "10 seconds"), "k")
            .agg(F.count("*").alias("n"), F.sum("v").alias("s"), F.min("v").alias("lo"))
        )
        batches: list[Any] = []
        q = foreach_batch_query(sessions, feed, "append", batches)
        run_batches(q, feed, SESSIONS, lambda: 0)
        return batches


@case(raises="STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION")
def session_windows_in_update_mode_are_rejected(spark, F, T):
    with text_stream(spark) as (lines, feed):
        ts = F.col("value").cast("long").cast("timestamp").alias("ts")
        sessions = lines.select(ts).withWatermark("ts", "1 minute").groupBy(F.session_window("ts", "10 seconds")).count()
        memory_query(sessions, feed, "conf_et_sessions_update", "update")


@case
def chained_window_aggregations_in_append_mode(spark, F, T):
    with text_stream(spark) as (lines, feed):
        ts = F.col("value").cast("long").cast("timestamp").alias("ts")
        first = lines.select(ts).withWatermark("ts", "10 seconds").groupBy(F.window("ts", "5 seconds")).count()
        second = first.groupBy(F.window(F.window_time("window"), "20 seconds")).agg(
            F.sum("count").alias("total"), F.count("*").alias("windows")
        )
        batches: list[Any] = []
        q = foreach_batch_query(second, feed, "append", batches)
        run_batches(q, feed, [["1", "2", "7"], ["12"], ["26"], ["3", "44"], ["90"], ["200"], ["300"]], lambda: 0)
        return batches


@case(raises="STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION")
def append_mode_needs_the_watermark_in_the_grouping(spark, F, T):
    with text_stream(spark) as (lines, feed):
        counts = events(lines, F).withWatermark("ts", "5 minutes").groupBy("k").count()
        memory_query(counts, feed, "conf_et_no_key", "append")


@case(raises="EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE")
def watermark_on_a_string_column_is_rejected(spark, F, T):
    with text_stream(spark) as (lines, feed):
        return lines.withWatermark("value", "5 minutes").schema


@pytest.mark.parametrize("program", case.params(getattr(known_gaps, "EVENT_TIME", {})))
def test_event_time_program_matches_pyspark(program, conform):
    conform(program)
