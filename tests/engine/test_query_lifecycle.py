"""StreamingQuery and spark.streams: identity, status, progress, termination, failures."""

from __future__ import annotations

import json
import uuid

import pytest
from helpers import write_file

from rillet.errors import AnalysisException, PySparkValueError, StreamingQueryException
from rillet.sql import functions as F


def _start(spark, folder, name=None, **kw):
    w = spark.readStream.text(str(folder)).writeStream.format("memory").queryName(name or f"q_{uuid.uuid4().hex[:8]}")
    for k, v in kw.items():
        w = w.option(k, v)
    return w.start()


def test_query_identity_and_status(spark, tmp_path):
    q = _start(spark, tmp_path, name="ident")
    assert uuid.UUID(q.id) and uuid.UUID(q.runId) and q.id != q.runId
    assert q.name == "ident" and q.isActive
    q.processAllAvailable()
    assert q.status == {"message": "Waiting for data to arrive", "isDataAvailable": False, "isTriggerActive": False}
    assert q in spark.streams.active and spark.streams.get(q.id) is q
    q.stop()
    assert not q.isActive
    assert q.status["message"] == "Stopped"
    assert spark.streams.get(q.id) is None


def test_last_progress_has_sparks_fields(spark, tmp_path):
    q = _start(spark, tmp_path)
    assert q.lastProgress is None and q.recentProgress == []
    write_file(tmp_path, "a.txt", "1\n2\n3\n")
    q.processAllAvailable()
    p = q.lastProgress
    assert p["batchId"] == 0 and p.batchId == 0
    assert p["numInputRows"] == 3
    assert list(p["durationMs"]) == ["addBatch", "commitOffsets", "getBatch", "latestOffset",
                                     "queryPlanning", "triggerExecution", "walCommit"]
    assert p["sources"][0]["endOffset"] == {"logOffset": 0}
    assert p["sources"][0]["numInputRows"] == 3
    assert p["sink"]["numOutputRows"] == 3
    assert p["id"] == q.id and p["runId"] == q.runId
    assert json.loads(p.json) == dict(p)
    assert json.loads(str(p)) == dict(p)
    assert len(q.recentProgress) == 1


def test_state_operator_metrics_in_progress(spark, tmp_path):
    words = spark.readStream.text(str(tmp_path)).groupBy("value").count()
    q = words.writeStream.format("memory").queryName("stateprog").outputMode("update").start()
    write_file(tmp_path, "a.txt", "x\ny\nx\n")
    q.processAllAvailable()
    write_file(tmp_path, "b.txt", "z\n")
    q.processAllAvailable()
    op = q.lastProgress["stateOperators"][0]
    assert op["numRowsTotal"] == 3
    assert op["numRowsUpdated"] == 1
    assert op["numRowsRemoved"] == 0
    assert op["numRowsDroppedByWatermark"] == 0
    assert op["memoryUsedBytes"] > 0


def test_await_termination_with_timeout_returns_false_while_running(spark, tmp_path):
    q = _start(spark, tmp_path)
    assert q.awaitTermination(0.05) is False
    q.stop()
    assert q.awaitTermination(1) is True
    with pytest.raises(PySparkValueError):
        q.awaitTermination(-1)


def test_failing_batch_function_stops_the_query_with_its_cause(spark, tmp_path):
    def boom(df, batch_id):
        raise ValueError(f"bad batch {batch_id}")

    q = spark.readStream.text(str(tmp_path)).writeStream.foreachBatch(boom).start()
    write_file(tmp_path, "a.txt", "x\n")
    with pytest.raises(StreamingQueryException) as info:
        q.awaitTermination(10)
    assert "bad batch 0" in str(info.value)
    # as Spark: STREAM_FAILED, caused by FOREACH_BATCH_USER_FUNCTION_ERROR, caused by the user's error
    assert info.value.cause.getCondition() == "FOREACH_BATCH_USER_FUNCTION_ERROR"
    assert isinstance(info.value.cause.cause, ValueError)
    assert not q.isActive
    assert q.exception() is info.value


def test_await_any_termination_and_reset(spark, tmp_path):
    q1 = _start(spark, tmp_path / "a")
    q2 = _start(spark, tmp_path / "b")
    assert spark.streams.awaitAnyTermination(0.05) is False
    q1.stop()
    assert spark.streams.awaitAnyTermination(5) is True
    spark.streams.resetTerminated()
    assert spark.streams.active == [q2]


def test_two_active_queries_cannot_share_a_name(spark, tmp_path):
    _start(spark, tmp_path / "a", name="twice")
    with pytest.raises(AnalysisException) as info:
        _start(spark, tmp_path / "b", name="twice")
    assert info.value.getCondition() == "STREAMING_QUERY_ALREADY_ACTIVE"


def test_streaming_dataframe_refuses_batch_actions(spark, tmp_path):
    df = spark.readStream.text(str(tmp_path))
    assert df.isStreaming and not spark.range(1).isStreaming
    for action in (df.show, df.collect, df.count):
        with pytest.raises(AnalysisException, match="Queries with streaming sources must be executed with writeStream.start"):
            action()


def test_write_stream_on_a_batch_dataframe_is_rejected(spark):
    with pytest.raises(AnalysisException):
        _ = spark.range(3).writeStream


def test_memory_sink_needs_a_query_name(spark, tmp_path):
    with pytest.raises(AnalysisException, match="queryName must be specified for memory sink"):
        spark.readStream.text(str(tmp_path)).writeStream.format("memory").start()


def test_memory_table_is_queryable_with_sql(spark, tmp_path):
    q = _start(spark, tmp_path, name="sqlmem")
    write_file(tmp_path, "a.txt", "hello\nworld\n")
    q.processAllAvailable()
    rows = spark.sql("SELECT upper(value) AS v FROM sqlmem ORDER BY v").collect()
    assert [r.v for r in rows] == ["HELLO", "WORLD"]


def test_current_timestamp_is_one_value_per_batch(spark, tmp_path):
    stamped = spark.readStream.text(str(tmp_path)).withColumn("ts", F.current_timestamp())
    q = stamped.writeStream.format("memory").queryName("stamped").start()
    write_file(tmp_path, "a.txt", "1\n2\n3\n")
    q.processAllAvailable()
    assert len({r.ts for r in spark.table("stamped").collect()}) == 1
