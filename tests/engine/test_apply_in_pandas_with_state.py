"""groupBy(...).applyInPandasWithState: per-key state, timeouts, Spark's checks and errors."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from helpers import eventually, write_file

from rillet.errors import (
    AnalysisException,
    IllegalArgumentException,
    PySparkValueError,
    StreamingQueryException,
    UnsupportedOperationException,
)
from rillet.sql.streaming.state import GroupState, GroupStateTimeout


def _json(rows: list[dict]) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


def _stream(spark, folder):
    folder.mkdir(exist_ok=True)
    return spark.readStream.schema("k string, v long, ts timestamp").option("maxFilesPerTrigger", 1).json(str(folder))


def _table(spark, name):
    return sorted((tuple(r) for r in spark.sql(f"select * from {name}").collect()), key=repr)


def running_count(key, pdfs, state):
    seen = []
    for pdf in pdfs:
        seen.append(pdf)
    n = sum(len(p) for p in seen)
    total = n + (state.get[0] if state.exists else 0)
    state.update((total,))
    yield pd.DataFrame({"k": [key[0]], "total": [total], "frames": [len(seen)], "cols": [",".join(seen[0].columns)]})


def test_state_carries_across_batches_one_call_per_key(spark, tmp_path):
    src = tmp_path / "in"
    out = _stream(spark, src).groupBy("k").applyInPandasWithState(
        running_count, "k string, total long, frames int, cols string", "total long", "update",
        GroupStateTimeout.NoTimeout,
    )
    q = out.writeStream.format("memory").queryName("counts").outputMode("update").start()
    write_file(src, "1.json", _json([{"k": "a", "v": 1}, {"k": "b", "v": 2}, {"k": "a", "v": 3}]))
    q.processAllAvailable()
    assert _table(spark, "counts") == [("a", 2, 1, "k,v,ts"), ("b", 1, 1, "k,v,ts")]
    write_file(src, "2.json", _json([{"k": "a", "v": 5}]))
    q.processAllAvailable()
    assert ("a", 3, 1, "k,v,ts") in _table(spark, "counts")
    assert len(_table(spark, "counts")) == 3  # b had no rows in batch 1: not called
    ops = q.lastProgress["stateOperators"]
    assert ops[0]["operatorName"] == "applyInPandasWithState" and ops[0]["numRowsTotal"] == 2
    q.stop()


def test_keys_are_numpy_values_as_in_pyspark(spark, tmp_path):
    src = tmp_path / "in"
    seen = []

    def fn(key, pdfs, state):
        seen.append(key)
        list(pdfs)
        yield pd.DataFrame({"v": [int(key[0])]})

    q = (_stream(spark, src).groupBy("v").applyInPandasWithState(fn, "v long", "x long", "append", "NoTimeout")
         .writeStream.format("memory").queryName("keys").outputMode("append").start())
    write_file(src, "1.json", _json([{"k": "a", "v": 7}, {"k": "b", "v": 3}]))
    q.processAllAvailable()
    assert seen == [(3,), (7,)]  # key order, as Spark sorts each partition by key
    assert isinstance(seen[0][0], np.int64)
    assert _table(spark, "keys") == [(3,), (7,)]
    q.stop()


def test_a_large_group_arrives_in_frames_of_ten_thousand_rows(spark, tmp_path):
    src = tmp_path / "in"
    src.mkdir()

    def sizes(key, pdfs, state):
        frames = list(pdfs)
        yield pd.DataFrame({"k": [key[0]], "sizes": [",".join(str(len(f)) for f in frames)],
                            "index_ok": [all(list(f.index) == list(range(len(f))) for f in frames)]})

    pd.DataFrame({"k": ["a"] * 25_001 + ["b"] * 3, "v": np.arange(25_004)}).to_parquet(src / "p.parquet")
    q = (spark.readStream.schema("k string, v long").parquet(str(src)).groupBy("k")
         .applyInPandasWithState(sizes, "k string, sizes string, index_ok boolean", "x long", "update", "NoTimeout")
         .writeStream.format("memory").queryName("chunks").outputMode("update").start())
    q.processAllAvailable()
    assert _table(spark, "chunks") == [("a", "10000,10000,5001", True), ("b", "3", True)]
    q.stop()


def sessionize(key, pdfs, state):
    if state.hasTimedOut:
        (count,) = state.get
        state.remove()
        yield pd.DataFrame({"k": [key[0]], "count": [count], "closed": [True]})
        return
    count = sum(len(p) for p in pdfs) + (state.get[0] if state.exists else 0)
    state.update((count,))
    state.setTimeoutDuration(300)
    yield pd.DataFrame({"k": [key[0]], "count": [count], "closed": [False]})


def test_processing_time_timeout_fires_in_a_no_data_batch(spark, tmp_path):
    src = tmp_path / "in"
    out = _stream(spark, src).groupBy("k").applyInPandasWithState(
        sessionize, "k string, count long, closed boolean", "count long", "update",
        GroupStateTimeout.ProcessingTimeTimeout,
    )
    q = (out.writeStream.format("memory").queryName("sessions").outputMode("update")
         .trigger(processingTime="100 milliseconds").start())
    write_file(src, "1.json", _json([{"k": "a", "v": 1}, {"k": "a", "v": 2}]))
    # no processAllAvailable: as in Spark, processing-time timeouts run a batch every
    # trigger, so the query is never idle; wait for the output instead
    eventually(lambda: ("a", 2, True) in _table(spark, "sessions"), timeout=20)
    assert _table(spark, "sessions") == [("a", 2, False), ("a", 2, True)]
    # the sink has the row before that batch's progress is reported: wait for the report
    eventually(lambda: any(p["numInputRows"] == 0 and p["sink"]["numOutputRows"] == 1 for p in q.recentProgress),
               timeout=20)  # the timeout fired in a batch without input rows
    eventually(lambda: q.lastProgress["stateOperators"][0]["numRowsTotal"] == 0)
    q.stop()


def test_processing_time_timeout_waits_for_the_first_data(spark, tmp_path):
    # Spark runs no-data batches only after a batch ran (its previous execution asks for one)
    out = _stream(spark, tmp_path / "in").groupBy("k").applyInPandasWithState(
        sessionize, "k string, count long, closed boolean", "count long", "update", "ProcessingTimeTimeout")
    q = out.writeStream.format("memory").queryName("idle").outputMode("update").start()
    q.processAllAvailable()
    assert q.recentProgress == []
    q.stop()


def event_session(key, pdfs, state):
    if state.hasTimedOut:
        count, last = state.get
        state.remove()
        yield pd.DataFrame({"k": [key[0]], "count": [count], "wm": [state.getCurrentWatermarkMs()]})
        return
    rows = pd.concat(list(pdfs))
    count = len(rows) + (state.get[0] if state.exists else 0)
    last = int(rows["ts"].max().timestamp() * 1000)
    if state.exists:
        last = max(last, state.get[1])
    state.update((count, last))
    state.setTimeoutTimestamp(last + 10_000)
    return iter([])


def test_event_time_timeout_fires_when_the_watermark_passes(spark, tmp_path):
    src = tmp_path / "in"
    out = (_stream(spark, src).withWatermark("ts", "5 seconds").groupBy("k")
           .applyInPandasWithState(event_session, "k string, count long, wm long", "count long, last long",
                                   "append", GroupStateTimeout.EventTimeTimeout))
    q = out.writeStream.format("memory").queryName("ev").outputMode("append").start()
    write_file(src, "1.json", _json([{"k": "a", "ts": "2024-01-01 00:00:00"}, {"k": "b", "ts": "2024-01-01 00:00:20"}]))
    q.processAllAvailable()
    # the watermark moved to 00:00:15 after batch 0, so a no-data batch 1 runs (as in Spark)
    # and a's timeout (00:00:10) fires in it
    base = 1704067200000
    assert _table(spark, "ev") == [("a", 1, base + 15_000)]
    assert [p["numInputRows"] for p in q.recentProgress] == [2, 0]
    write_file(src, "2.json", _json([{"k": "b", "ts": "2024-01-01 00:00:30"}]))
    q.processAllAvailable()
    assert _table(spark, "ev") == [("a", 1, base + 15_000)]  # b's timeout is now 00:00:40
    write_file(src, "3.json", _json([{"k": "c", "ts": "2024-01-01 00:01:00"}]))
    q.processAllAvailable()
    # watermark 00:00:55 times out b (last 00:00:30 + 10 s), with its two rows
    assert ("b", 2, base + 55_000) in _table(spark, "ev")
    q.stop()


def test_late_rows_are_dropped_only_with_event_time_timeout(spark, tmp_path):
    src = tmp_path / "in"
    q = (_stream(spark, src).withWatermark("ts", "5 seconds").groupBy("k")
         .applyInPandasWithState(running_count, "k string, total long, frames int, cols string", "total long",
                                 "update", "NoTimeout")
         .writeStream.format("memory").queryName("late_kept").outputMode("update").start())
    write_file(src, "1.json", _json([{"k": "a", "ts": "2024-01-01 00:01:00"}]))
    q.processAllAvailable()
    write_file(src, "2.json", _json([{"k": "a", "ts": "2024-01-01 00:00:00"}]))
    q.processAllAvailable()
    assert ("a", 2, 1, "k,v,ts") in _table(spark, "late_kept")
    q.stop()


def remove_on_negative(key, pdfs, state):
    values = pd.concat(list(pdfs))["v"].tolist()
    if any(v < 0 for v in values):
        state.remove()
        yield pd.DataFrame({"k": [key[0]], "had": [state.exists]})
        return
    had = state.exists
    state.update((sum(values),))
    yield pd.DataFrame({"k": [key[0]], "had": [had]})


def test_removed_state_is_gone_in_the_next_batch(spark, tmp_path):
    src = tmp_path / "in"
    q = (_stream(spark, src).groupBy("k")
         .applyInPandasWithState(remove_on_negative, "k string, had boolean", "s long", "update", "NoTimeout")
         .writeStream.format("memory").queryName("rm").outputMode("update").start())
    for i, v in enumerate([1, -1, 2]):
        write_file(src, f"{i}.json", _json([{"k": "a", "v": v}]))
        q.processAllAvailable()
    assert [tuple(r) for r in spark.sql("select * from rm").collect()] == [("a", False), ("a", False), ("a", False)]
    q.stop()


def test_state_survives_a_restart_on_the_checkpoint(spark, tmp_path):
    src, chk = tmp_path / "in", tmp_path / "chk"

    def start(name):
        return (_stream(spark, src).groupBy("k")
                .applyInPandasWithState(running_count, "k string, total long, frames int, cols string",
                                        "total long", "update", "NoTimeout")
                .writeStream.format("memory").queryName(name).outputMode("update")
                .option("checkpointLocation", str(chk)).start())

    q = start("first")
    write_file(src, "1.json", _json([{"k": "a"}, {"k": "a"}]))
    q.processAllAvailable()
    q.stop()
    q = start("second")
    write_file(src, "2.json", _json([{"k": "a"}]))
    q.processAllAvailable()
    assert _table(spark, "second") == [("a", 3, 1, "k,v,ts")]
    q.stop()


def test_output_columns_are_matched_by_name(spark, tmp_path):
    src = tmp_path / "in"

    def fn(key, pdfs, state):
        list(pdfs)
        yield pd.DataFrame({"n": [1], "k": [key[0]]})
        yield pd.DataFrame({"nope": [2], "k": [key[0]]})

    q = (_stream(spark, src).groupBy("k").applyInPandasWithState(fn, "k string, n long", "x long", "update", "NoTimeout")
         .writeStream.format("memory").queryName("byname").outputMode("update").start())
    write_file(src, "1.json", _json([{"k": "a"}]))
    q.processAllAvailable()
    assert _table(spark, "byname") == [("a", 1), ("a", None)]
    q.stop()


def _failure(spark, tmp_path, fn, timeout="NoTimeout", state="c long", out="k string, n long"):
    src = tmp_path / "in"
    q = (_stream(spark, src).groupBy("k").applyInPandasWithState(fn, out, state, "update", timeout)
         .writeStream.format("memory").queryName("bad").outputMode("update").start())
    write_file(src, "1.json", _json([{"k": "a"}]))
    with pytest.raises(StreamingQueryException) as info:
        q.processAllAvailable()
    assert not q.isActive
    return str(info.value)


def get_missing(key, pdfs, state):
    list(pdfs)
    _ = state.get
    yield pd.DataFrame({"k": [key[0]], "n": [1]})


def test_get_on_missing_state_fails_the_query_naming_function_and_key(spark, tmp_path):
    message = _failure(spark, tmp_path, get_missing)
    assert "[STATE_NOT_EXISTS]" in message and "get_missing" in message and "('a',)" in message
    assert "batch 0" in message


def test_wrong_number_of_output_columns(spark, tmp_path):
    def fn(key, pdfs, state):
        list(pdfs)
        yield pd.DataFrame({"k": [key[0]], "n": [1], "extra": [2]})

    message = _failure(spark, tmp_path, fn)
    assert "[RESULT_COLUMN_SCHEMA_MISMATCH]" in message and "Expected: 2 Actual: 3" in message


def test_returning_a_dataframe_instead_of_an_iterator(spark, tmp_path):
    def fn(key, pdfs, state):
        return pd.DataFrame({"k": [key[0]], "n": [1]})

    assert "[UDF_RETURN_TYPE]" in _failure(spark, tmp_path, fn)


def test_output_value_of_the_wrong_type(spark, tmp_path):
    def fn(key, pdfs, state):
        list(pdfs)
        yield pd.DataFrame({"k": [key[0]], "n": ["not a number"]})

    message = _failure(spark, tmp_path, fn)
    assert "with name 'n' to Arrow Array (int64)" in message and "('a',)" in message


def test_state_of_the_wrong_shape(spark, tmp_path):
    def fn(key, pdfs, state):
        list(pdfs)
        state.update((1, 2))
        yield pd.DataFrame({"k": [key[0]], "n": [1]})

    message = _failure(spark, tmp_path, fn)
    assert "[STRUCT_ARRAY_LENGTH_MISMATCH]" in message and "1 fields are required while 2 values" in message


def test_timeout_duration_needs_processing_time_timeout(spark, tmp_path):
    def fn(key, pdfs, state):
        list(pdfs)
        state.setTimeoutDuration(1000)
        yield pd.DataFrame({"k": [key[0]], "n": [1]})

    message = _failure(spark, tmp_path, fn)
    assert "[CANNOT_WITHOUT] Cannot set timeout duration without enabling processing time timeout" in message


def test_output_mode_must_match_the_query(spark, tmp_path):
    df = _stream(spark, tmp_path).groupBy("k").applyInPandasWithState(
        running_count, "k string, total long, frames int, cols string", "t long", "append", "NoTimeout")
    with pytest.raises(AnalysisException, match="applyInPandasWithState in append mode is not supported with Update"):
        df.writeStream.format("memory").queryName("m").outputMode("update").start()


def test_event_time_timeout_needs_a_watermark(spark, tmp_path):
    df = _stream(spark, tmp_path).groupBy("k").applyInPandasWithState(
        running_count, "k string, total long, frames int, cols string", "t long", "update", "EventTimeTimeout")
    with pytest.raises(AnalysisException, match="Watermark must be specified"):
        df.writeStream.format("memory").queryName("m").outputMode("update").start()


def test_update_mode_function_with_a_streaming_aggregation_is_rejected(spark, tmp_path):
    df = (_stream(spark, tmp_path / "in").groupBy("k")
          .applyInPandasWithState(running_count, "k string, total long, frames int, cols string", "t long",
                                  "update", "NoTimeout")
          .groupBy("k").count())
    with pytest.raises(AnalysisException, match="in update mode is not supported with aggregation"):
        df.writeStream.format("memory").queryName("m").outputMode("update").start()


def test_complete_and_unknown_function_output_modes(spark, tmp_path):
    grouped = _stream(spark, tmp_path / "in").groupBy("k")
    with pytest.raises(IllegalArgumentException, match="should be append or update"):
        grouped.applyInPandasWithState(running_count, "k string", "t long", "complete", "NoTimeout")
    with pytest.raises(IllegalArgumentException, match="STREAMING_OUTPUT_MODE.INVALID"):
        grouped.applyInPandasWithState(running_count, "k string", "t long", "bogus", "NoTimeout")


def test_batch_dataframes_are_rejected_as_in_spark(spark):
    df = spark.createDataFrame([("a", 1)], "k string, v long")
    with pytest.raises(UnsupportedOperationException, match="Use applyInPandas instead"):
        df.groupBy("k").applyInPandasWithState(running_count, "k string", "t long", "update", "NoTimeout")


def test_group_state_api_checks_its_arguments():
    state = GroupState(None, 1_000, GroupState.NO_TIMESTAMP, GroupStateTimeout.EventTimeTimeout, False, False)
    assert not state.exists and state.getOption is None
    with pytest.raises(PySparkValueError, match="STATE_NOT_EXISTS"):
        _ = state.get
    with pytest.raises(Exception, match="CANNOT_BE_NONE"):
        state.update(None)
    with pytest.raises(Exception, match="get event time watermark timestamp"):
        state.getCurrentWatermarkMs()
    state.update((np.int64(3), "x"))
    assert state.get == (3, "x") and type(state.get[0]) is int
    state.setTimeoutTimestamp(5_000)
    assert state._timeout_timestamp == 5_000
    watermarked = GroupState((1,), 1_000, 9_000, GroupStateTimeout.EventTimeTimeout, False, True)
    with pytest.raises(Exception, match="INVALID_TIMEOUT_TIMESTAMP"):
        watermarked.setTimeoutTimestamp(8_000)
    pt = GroupState(None, 1_000, -1, GroupStateTimeout.ProcessingTimeTimeout, False, False)
    with pytest.raises(Exception, match="NOT_INT"):
        pt.setTimeoutDuration("10 seconds")
    with pytest.raises(Exception, match="VALUE_NOT_POSITIVE"):
        pt.setTimeoutDuration(0)
    pt.setTimeoutDuration(500)
    assert pt._timeout_timestamp == 1_500 and pt.getCurrentProcessingTimeMs() == 1_000
