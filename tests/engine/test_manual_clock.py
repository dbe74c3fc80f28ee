"""Queries on a manual clock (``rillet.testing.manual_clock``): processing-time triggers fire
at multiples of the interval on the clock, batch timestamps are the clock's, and
``advance`` returns once the due triggers have run."""

from __future__ import annotations

import threading

import pytest
from helpers import write_file

from rillet.errors import StreamingQueryException
from rillet.sql import functions as F
from rillet.testing import ManualClock, manual_clock


def _query(spark, src, name, interval="10 seconds", fn=None):
    df = spark.readStream.option("maxFilesPerTrigger", 1).text(str(src))
    if fn is not None:
        df = df.select(F.udf(fn, "string")("value").alias("value"))
    return (df.select("value", F.current_timestamp().alias("now")).writeStream.format("memory")
            .queryName(name).trigger(processingTime=interval).start())


def _rows(spark, name):
    return sorted((r.value, int(r.now.timestamp() * 1000)) for r in spark.table(name).collect())


def test_triggers_run_at_multiples_of_the_interval_on_the_clock(spark, tmp_path):
    write_file(tmp_path, "0.txt", "a\n")
    with manual_clock(spark, start_ms=1_000_003) as clock:
        q = _query(spark, tmp_path, "clock_multiples")
        try:
            clock.await_waiting()
            assert _rows(spark, "clock_multiples") == [("a", 1_000_003)]
            write_file(tmp_path, "1.txt", "b\n")
            clock.advance(5_000)  # 1_005_003: before the next multiple (1_010_000), nothing runs
            assert _rows(spark, "clock_multiples") == [("a", 1_000_003)]
            clock.advance(5_000)  # 1_010_003: the trigger due at 1_010_000 runs now
            assert _rows(spark, "clock_multiples") == [("a", 1_000_003), ("b", 1_010_003)]
            assert q.lastProgress["timestamp"] == "1970-01-01T00:16:50.003Z"
            assert q.lastProgress["batchId"] == 1
        finally:
            q.stop()


def test_a_query_started_outside_the_block_follows_the_wall_clock(spark, tmp_path):
    with manual_clock(spark):
        pass
    write_file(tmp_path, "0.txt", "a\n")
    q = _query(spark, tmp_path, "clock_wall", interval="50 milliseconds")
    try:
        q.processAllAvailable()
        assert _rows(spark, "clock_wall")[0][1] > 1_700_000_000_000
    finally:
        q.stop()


def test_stop_while_waiting_on_the_clock_returns(spark, tmp_path):
    write_file(tmp_path, "0.txt", "a\n")
    with manual_clock(spark) as clock:
        q = _query(spark, tmp_path, "clock_stop")
        clock.await_waiting()
        stopper = threading.Thread(target=q.stop)
        stopper.start()
        stopper.join(10)
        assert not stopper.is_alive() and not q.isActive
        clock.await_waiting(timeout=5)  # a stopped query is not waited for


def test_a_failing_batch_ends_the_wait_and_the_query(spark, tmp_path):
    def explode(v):
        if v == "boom":
            raise ValueError("boom")
        return v

    write_file(tmp_path, "0.txt", "a\n")
    with manual_clock(spark) as clock:
        q = _query(spark, tmp_path, "clock_fail", fn=explode)
        clock.await_waiting()
        write_file(tmp_path, "1.txt", "boom\n")
        clock.advance(10_000, timeout=30)
        assert not q.isActive
        with pytest.raises(StreamingQueryException, match="boom"):
            q.awaitTermination()


def test_a_manual_clock_never_goes_back():
    clock = ManualClock(100)
    with pytest.raises(ValueError, match="does not go back"):
        clock.advance(-1)
    with pytest.raises(ValueError, match="does not go back"):
        clock.set_time(99)
    clock.set_time(250)
    assert clock.time_ms() == 250
