"""applyInPandasWithState programs run on rillet and on real PySpark, compared batch by batch.

No timeout and event-time timeouts (driven by the watermark, so both engines fire
them in the same micro-batch) run on processAllAvailable(); processing-time timeouts
run on a manual clock on both engines (:mod:`tests.conformance.clocked`), so they
fire at the same trigger too. The user functions are defined inside each program so
PySpark's workers receive them by value.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conformance.clocked import clocked_query
from tests.conformance.compare import Cases
from tests.conformance.test_streaming import memory_query, pairs, run_batches, text_stream

case = Cases()

EVENTS = [
    ["2024-01-01 00:00:00,a", "2024-01-01 00:00:04,a", "2024-01-01 00:00:20,b"],
    ["2024-01-01 00:00:31,b", "2024-01-01 00:00:02,a"],
    ["2024-01-01 00:01:30,c"],
]


def events(lines: Any, F: Any) -> Any:
    parts = F.split(F.col("value"), ",")
    return lines.select(parts.getItem(0).cast("timestamp").alias("ts"), parts.getItem(1).alias("k"))


@case
def running_count_per_key_without_timeout(spark, F, T):
    import pandas as pd

    def count(key, pdfs, state):
        rows = pd.concat(list(pdfs))
        total = len(rows) + (state.get[0] if state.exists else 0)
        top = int(rows["v"].max()) if state.getOption is None else max(int(rows["v"].max()), state.get[1])
        state.update((total, top))
        yield pd.DataFrame({"k": [key[0]], "total": [total], "top": [top]})

    with text_stream(spark) as (lines, feed):
        out = pairs(lines, F).groupBy("k").applyInPandasWithState(
            count, "k string, total long, top int", "total long, top int", "update", "NoTimeout"
        )
        q = memory_query(out, feed, "conf_pandas_state_count", "update")
        batches = [["a,1", "b,2", "a,3"], ["b,5", "c,-1"], ["a,10", "c,4", "c,4"]]
        return run_batches(q, feed, batches, lambda: spark.table("conf_pandas_state_count"))


@case
def sessions_closed_by_event_time_timeout(spark, F, T):
    import pandas as pd

    def session(key, pdfs, state):
        if state.hasTimedOut:
            count, first, last = state.get
            state.remove()
            yield pd.DataFrame({
                "k": [key[0]], "count": [count], "first": [first], "last": [last],
                "watermark": [state.getCurrentWatermarkMs()],
            })
            return
        rows = pd.concat(list(pdfs))
        ms = rows["ts"].astype("int64") // 1_000_000
        count, first, last = len(rows), int(ms.min()), int(ms.max())
        if state.exists:
            old_count, old_first, old_last = state.get
            count, first, last = count + old_count, min(first, old_first), max(last, old_last)
        state.update((count, first, last))
        state.setTimeoutTimestamp(last + 10_000)

    with text_stream(spark) as (lines, feed):
        out = (events(lines, F).withWatermark("ts", "5 seconds").groupBy("k")
               .applyInPandasWithState(session, "k string, count long, first long, last long, watermark long",
                                       "count long, first long, last long", "append", "EventTimeTimeout"))
        q = memory_query(out, feed, "conf_pandas_state_sessions", "append")
        return run_batches(q, feed, EVENTS, lambda: spark.table("conf_pandas_state_sessions"))


@case
def composite_keys_reach_the_function_as_pandas_values(spark, F, T):
    import pandas as pd

    def describe(key, pdfs, state):
        frames = list(pdfs)
        seen = (state.get[0] if state.exists else 0) + 1
        state.update((seen,))
        yield pd.DataFrame({
            "k": [key[0]], "v": [int(key[1])], "types": [",".join(type(x).__name__ for x in key)],
            "frames": [len(frames)], "rows": [sum(len(f) for f in frames)],
            "columns": [",".join(frames[0].columns)], "calls": [seen],
        })

    with text_stream(spark) as (lines, feed):
        out = pairs(lines, F).groupBy("k", "v").applyInPandasWithState(
            describe, "k string, v int, types string, frames int, rows long, columns string, calls int",
            "calls int", "update", "NoTimeout",
        )
        q = memory_query(out, feed, "conf_pandas_state_keys", "update")
        batches = [["a,1", "a,1", "b,2"], ["a,1", "c,3"]]
        return run_batches(q, feed, batches, lambda: spark.table("conf_pandas_state_keys"))


@case
def timestamps_in_keys_state_and_output(spark, F, T):
    import pandas as pd

    def latest(key, pdfs, state):
        rows = pd.concat(list(pdfs))
        newest = rows["ts"].max()
        previous = state.getOption
        if previous is not None:
            newest = max(newest, pd.Timestamp(previous[0]))
        state.update((newest,))
        yield pd.DataFrame({
            "k": [key[0]], "day": [key[1]], "key_type": [type(key[1]).__name__],
            "newest": [newest], "previous": [None if previous is None else str(previous[0])],
            "dtype": [str(rows["ts"].dtype)],
        })

    with text_stream(spark) as (lines, feed):
        rows = events(lines, F).withColumn("day", F.date_trunc("day", "ts"))
        out = rows.groupBy("k", "day").applyInPandasWithState(
            latest, "k string, day timestamp, key_type string, newest timestamp, previous string, dtype string",
            "newest timestamp", "update", "NoTimeout",
        )
        q = memory_query(out, feed, "conf_pandas_state_ts", "update")
        return run_batches(q, feed, EVENTS[:2], lambda: spark.table("conf_pandas_state_ts"))


@case(raises="STREAM_FAILED")
def reading_missing_state_fails_the_query(spark, F, T):
    import pandas as pd

    def fn(key, pdfs, state):
        list(pdfs)
        yield pd.DataFrame({"k": [key[0]], "n": [state.get[0]]})

    with text_stream(spark) as (lines, feed):
        out = pairs(lines, F).groupBy("k").applyInPandasWithState(fn, "k string, n long", "n long", "update", "NoTimeout")
        q = memory_query(out, feed, "conf_pandas_state_missing", "update")
        run_batches(q, feed, [["a,1"]], lambda: None)


@case(raises="_LEGACY_ERROR_TEMP_3102")
def function_output_mode_must_match_the_query(spark, F, T):
    import pandas as pd

    def fn(key, pdfs, state):
        yield pd.DataFrame({"k": [key[0]]})

    with text_stream(spark) as (lines, feed):
        out = pairs(lines, F).groupBy("k").applyInPandasWithState(fn, "k string", "n long", "append", "NoTimeout")
        memory_query(out, feed, "conf_pandas_state_mode", "update")


@case(raises="_LEGACY_ERROR_TEMP_3102")
def event_time_timeout_without_watermark_is_rejected(spark, F, T):
    import pandas as pd

    def fn(key, pdfs, state):
        yield pd.DataFrame({"k": [key[0]]})

    with text_stream(spark) as (lines, feed):
        out = pairs(lines, F).groupBy("k").applyInPandasWithState(fn, "k string", "n long", "update", "EventTimeTimeout")
        memory_query(out, feed, "conf_pandas_state_no_wm", "update")


@case
def state_values_are_typed_as_pyspark_types_them(spark, F, T):
    import pandas as pd

    # PySpark does not check a state value's Python types: the JVM reads each field as it
    # can (a str in a long field is NULL, ints narrow as Java's, anything in a string
    # field is its Java toString), and programs written against PySpark rely on that
    values = ("x", 1.5, "7", 3, 4, True, 2**40, 2**31, 300, "s", 1.0, True, 1e20, 7)

    def keep(key, pdfs, state):
        list(pdfs)
        old = repr(state.get) if state.exists else "none"
        state.update(values)
        yield pd.DataFrame({"k": [key[0]], "old": [old]})

    with text_stream(spark) as (lines, feed):
        out = lines.groupBy("value").applyInPandasWithState(
            keep, "k string, old string",
            "l1 long, l2 long, l3 long, s1 string, d1 double, b1 boolean, i1 int, i2 int, y1 byte, "
            "b2 boolean, l4 long, s2 string, s3 string, f1 float",
            "update", "NoTimeout",
        )
        q = memory_query(out, feed, "conf_pandas_state_types", "update")
        return run_batches(q, feed, [["a"], ["a"]], lambda: spark.table("conf_pandas_state_types"))


@case
def windowed_aggregation_after_the_function(spark, F, T):
    import pandas as pd

    def tag(key, pdfs, state):
        seen = state.get[0] if state.exists else 0
        for pdf in pdfs:
            seen += len(pdf)
            yield pd.DataFrame({"k": pdf["k"], "ts": pdf["ts"], "nth": seen})
        state.update((seen,))

    with text_stream(spark) as (lines, feed):
        tagged = (events(lines, F).withWatermark("ts", "5 seconds").groupBy("k")
                  .applyInPandasWithState(tag, "k string, ts timestamp, nth long", "seen long", "append", "NoTimeout"))
        out = (tagged.withWatermark("ts", "5 seconds").groupBy(F.window("ts", "10 seconds"))
               .agg(F.count("*").alias("rows"), F.max("nth").alias("top")))
        q = memory_query(out, feed, "conf_pandas_state_then_window", "append")
        return run_batches(q, feed, EVENTS + [["2024-01-01 00:02:00,a"]],
                           lambda: spark.table("conf_pandas_state_then_window"))


@case(raises="_LEGACY_ERROR_TEMP_3102")
def update_mode_function_with_an_aggregation_is_rejected(spark, F, T):
    import pandas as pd

    def fn(key, pdfs, state):
        yield pd.DataFrame({"k": [key[0]]})

    with text_stream(spark) as (lines, feed):
        out = pairs(lines, F).groupBy("k").applyInPandasWithState(fn, "k string", "n long", "update", "NoTimeout")
        memory_query(out.groupBy("k").count(), feed, "conf_pandas_state_update_agg", "update")


@case
def heartbeat_monitor_with_processing_time_timeout(spark, F, T):
    import pandas as pd

    def monitor(key, pdfs, state):
        now = state.getCurrentProcessingTimeMs()
        if state.hasTimedOut:
            beats, last = state.get
            state.remove()
            yield pd.DataFrame({"device": [key[0]], "event": ["silent"], "beats": [beats], "last": [last], "at": [now]})
            return
        beats = sum(len(p) for p in pdfs) + (state.get[0] if state.exists else 0)
        state.update((beats, now))
        state.setTimeoutDuration(20_000 if key[0] == "slow" else 15_000)
        yield pd.DataFrame({"device": [key[0]], "event": ["beat"], "beats": [beats], "last": [now], "at": [now]})

    with text_stream(spark) as (lines, feed):
        out = lines.groupBy("value").applyInPandasWithState(
            monitor, "device string, event string, beats long, last long, at long", "beats long, last long",
            "update", "ProcessingTimeTimeout",
        )
        feed.write(["a", "b", "slow"])
        with clocked_query(out, feed, "update", 10_000, "conf_pandas_state_heartbeat") as q:
            # a beats at 0 s and 10 s and times out 15 s later; b is silent from 0 s; slow's
            # timeout is exactly a trigger time (20 s); b comes back at 40 s; a timed-out key
            # starts again from nothing
            return q.run([["a"], None, None, ["b", "b"], None, ["a"], None, None])


@case
def processing_time_is_the_trigger_time_on_the_clock(spark, F, T):
    with text_stream(spark) as (lines, feed):
        out = lines.select("value", F.current_timestamp().alias("now"), F.current_date().alias("today"))
        feed.write(["first"])
        with clocked_query(out, feed, "append", 5_000, "conf_clock_current_timestamp") as q:
            return q.run([["second"], None, ["third", "fourth"]])


@pytest.mark.parametrize("program", case.params({}))
def test_pandas_state_program_matches_pyspark(program, conform):
    conform(program)
