"""StreamingQueryListener: events, their order, and a listener never affecting the query."""

from __future__ import annotations

import threading
import uuid

import pytest
from helpers import write_file

from rillet.errors import PySparkTypeError, StreamingQueryException
from rillet.sql import functions as F
from rillet.sql.streaming import StreamingQueryListener
from rillet.sql.streaming.listener import (
    QueryIdleEvent,
    QueryProgressEvent,
    QueryStartedEvent,
    QueryTerminatedEvent,
)


class Recorder(StreamingQueryListener):
    def __init__(self) -> None:
        self.events: list[object] = []

    def onQueryStarted(self, event):
        self.events.append(event)

    def onQueryProgress(self, event):
        self.events.append(event)

    def onQueryIdle(self, event):
        self.events.append(event)

    def onQueryTerminated(self, event):
        self.events.append(event)

    def kinds(self) -> list[str]:
        return [type(e).__name__ for e in self.events if not isinstance(e, QueryIdleEvent)]


@pytest.fixture
def listen(spark):
    """Register listeners for one test; remove them after, and wait for delivery on demand."""
    added = []

    def add(listener):
        _drain(spark)  # events of earlier tests' queries go to the listeners of their time
        spark.streams.addListener(listener)
        added.append(listener)
        return listener

    yield add
    for listener in added:
        spark.streams.removeListener(listener)


def _drain(spark) -> None:
    assert spark.streams._bus.wait_until_empty(30)


def _text_query(spark, folder):
    return spark.readStream.text(str(folder)).writeStream.format("memory").queryName(f"l_{uuid.uuid4().hex[:8]}").start()


def test_events_arrive_started_progress_terminated_in_order(spark, tmp_path, listen):
    rec = listen(Recorder())
    q = _text_query(spark, tmp_path)
    assert isinstance(rec.events[0], QueryStartedEvent)  # delivered before start() returned
    for i in range(2):
        write_file(tmp_path, f"{i}.txt", "a\nb\n")
        q.processAllAvailable()
    q.stop()
    _drain(spark)
    assert rec.kinds() == ["QueryStartedEvent", "QueryProgressEvent", "QueryProgressEvent", "QueryTerminatedEvent"]
    started, p0, p1, ended = [e for e in rec.events if not isinstance(e, QueryIdleEvent)]
    assert started.id == uuid.UUID(q.id) and started.runId == uuid.UUID(q.runId) and started.name == q.name
    assert started.timestamp.endswith("Z")
    assert [p0.progress.batchId, p1.progress.batchId] == [0, 1]
    assert p1.progress == q.lastProgress and p1.progress["numInputRows"] == 2
    assert (ended.id, ended.runId, ended.exception, ended.errorClassOnException) == (
        uuid.UUID(q.id), uuid.UUID(q.runId), None, None)


def test_idle_event_when_a_trigger_finds_no_data(spark, tmp_path, listen):
    rec = listen(Recorder())
    spark.conf.set("spark.sql.streaming.noDataProgressEventInterval", "0")
    try:
        q = _text_query(spark, tmp_path)
        q.processAllAvailable()
        q.stop()
    finally:
        spark.conf.unset("spark.sql.streaming.noDataProgressEventInterval")
    _drain(spark)
    idle = [e for e in rec.events if isinstance(e, QueryIdleEvent)]
    assert idle and idle[0].runId == uuid.UUID(q.runId) and idle[0].timestamp.endswith("Z")


def test_terminated_event_carries_the_failure_and_its_error_class(spark, tmp_path, listen):
    rec = listen(Recorder())
    df = spark.readStream.text(str(tmp_path)).select(
        (F.length("value").cast("int") / (F.length("value") - F.length("value"))).alias("x"))
    q = df.writeStream.format("memory").queryName("l_fail").start()
    write_file(tmp_path, "a.txt", "abc\n")
    with pytest.raises(StreamingQueryException):
        q.awaitTermination(30)
    _drain(spark)
    ended = rec.events[-1]
    assert isinstance(ended, QueryTerminatedEvent)
    assert "DIVIDE_BY_ZERO" in ended.exception
    assert ended.errorClassOnException == "DIVIDE_BY_ZERO"


def test_a_listener_that_raises_does_not_kill_the_query_or_starve_others(spark, tmp_path, listen):
    class Raising(StreamingQueryListener):
        def onQueryStarted(self, event):
            raise RuntimeError("started")

        def onQueryProgress(self, event):
            raise RuntimeError("progress")

        def onQueryTerminated(self, event):
            raise RuntimeError("terminated")

    listen(Raising())
    rec = listen(Recorder())
    q = _text_query(spark, tmp_path)
    for i in range(3):
        write_file(tmp_path, f"{i}.txt", "x\n")
        q.processAllAvailable()
    assert q.isActive and q.exception() is None and q.lastProgress["batchId"] == 2
    q.stop()
    _drain(spark)
    assert rec.kinds().count("QueryProgressEvent") == 3 and rec.kinds()[-1] == "QueryTerminatedEvent"


def test_a_slow_listener_does_not_slow_batches(spark, tmp_path, listen):
    release = threading.Event()
    blocked = threading.Event()

    class Blocked(StreamingQueryListener):
        def __init__(self) -> None:
            self.progress: list[int] = []

        def onQueryStarted(self, event):
            pass

        def onQueryProgress(self, event):
            blocked.set()
            release.wait(60)
            self.progress.append(event.progress.batchId)

        def onQueryTerminated(self, event):
            pass

    slow = listen(Blocked())
    q = _text_query(spark, tmp_path)
    try:
        for i in range(4):
            write_file(tmp_path, f"{i}.txt", "x\n")
            q.processAllAvailable()  # returns although the listener is still stuck in batch 0
        assert blocked.is_set() and slow.progress == []
        assert q.lastProgress["batchId"] == 3
    finally:
        release.set()
    _drain(spark)
    assert slow.progress == [0, 1, 2, 3]


def test_removed_listener_gets_no_more_events(spark, tmp_path, listen):
    rec = listen(Recorder())
    q = _text_query(spark, tmp_path)
    spark.streams.removeListener(rec)
    write_file(tmp_path, "a.txt", "x\n")
    q.processAllAvailable()
    q.stop()
    _drain(spark)
    assert rec.kinds() == ["QueryStartedEvent"]


def test_add_listener_rejects_other_objects(spark):
    with pytest.raises(PySparkTypeError):
        spark.streams.addListener(object())


def test_progress_event_json_round_trip(spark, tmp_path, listen):
    rec = listen(Recorder())
    q = _text_query(spark, tmp_path)
    write_file(tmp_path, "a.txt", "x\n")
    q.processAllAvailable()
    q.stop()
    _drain(spark)
    event = next(e for e in rec.events if isinstance(e, QueryProgressEvent))
    again = QueryProgressEvent.fromJson({"progress": event.progress})
    assert again.progress.json == event.progress.json
    assert list(event.progress) == [
        "id", "runId", "name", "timestamp", "batchId", "batchDuration", "numInputRows",
        "inputRowsPerSecond", "processedRowsPerSecond", "durationMs", "stateOperators", "sources", "sink",
        "trigger",
    ]
