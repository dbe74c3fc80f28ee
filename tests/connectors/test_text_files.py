"""The text file source: new files become rows, each file exactly once, across restarts."""

from __future__ import annotations

import os

from helpers import write_file

from rillet.sql import functions as F


def test_each_file_is_read_once_across_a_restart(spark, tmp_path):
    src, chk = tmp_path / "in", str(tmp_path / "chk")
    os.makedirs(src)
    seen = []

    def start():
        return (spark.readStream.text(str(src)).writeStream.option("checkpointLocation", chk)
                .foreachBatch(lambda df, i: seen.append((i, sorted(r.value for r in df.collect())))).start())

    q = start()
    write_file(src, "1.txt", "a\nb\n")
    q.processAllAvailable()
    q.stop()
    write_file(src, "2.txt", "c\n")
    q = start()
    q.processAllAvailable()
    q.stop()
    assert seen == [(0, ["a", "b"]), (1, ["c"])]


def test_state_survives_a_restart(spark, tmp_path):
    src, chk = tmp_path / "in", str(tmp_path / "chk")
    os.makedirs(src)

    def start():
        counts = spark.readStream.text(str(src)).groupBy("value").count()
        return (counts.writeStream.format("memory").queryName("restart_counts").outputMode("complete")
                .option("checkpointLocation", chk).start())

    q = start()
    write_file(src, "1.txt", "x\ny\nx\n")
    q.processAllAvailable()
    q.stop()
    q = start()
    write_file(src, "2.txt", "x\n")
    q.processAllAvailable()
    assert sorted(map(tuple, spark.table("restart_counts").collect())) == [("x", 3), ("y", 1)]
    assert q.lastProgress["batchId"] == 1


def test_checkpoint_layout_is_sparks(spark, tmp_path):
    src, chk = tmp_path / "in", tmp_path / "chk"
    os.makedirs(src)
    q = (spark.readStream.text(str(src)).groupBy("value").count().writeStream.format("memory")
         .queryName("layout").outputMode("update").option("checkpointLocation", str(chk)).start())
    write_file(src, "1.txt", "x\n")
    q.processAllAvailable()
    q.stop()
    assert sorted(os.listdir(chk)) == ["commits", "metadata", "offsets", "sources", "state"]
    offsets = (chk / "offsets" / "0").read_text().split("\n")
    assert offsets[0] == "v1" and '"batchWatermarkMs":0' in offsets[1]
    assert offsets[2] == '{"logOffset":0}'
    assert (chk / "commits" / "0").read_text().startswith("v1\n")
    assert (chk / "sources" / "0" / "0").read_text().startswith("v1\n")
    assert (chk / "state" / "0" / "0.delta").exists()


def test_hidden_and_temporary_files_are_ignored(spark, tmp_path):
    q = spark.readStream.text(str(tmp_path)).writeStream.format("memory").queryName("hidden").start()
    (tmp_path / ".partial.txt").write_text("no\n")
    (tmp_path / "_SUCCESS").write_text("no\n")
    write_file(tmp_path, "real.txt", "yes\n")
    q.processAllAvailable()
    assert [r.value for r in spark.table("hidden").collect()] == ["yes"]


def test_lines_keep_empty_values_and_strip_crlf(spark, tmp_path):
    q = spark.readStream.text(str(tmp_path)).writeStream.format("memory").queryName("crlf").start()
    (tmp_path / "a.txt").write_bytes(b"one\r\n\r\nthree\nno-newline")
    q.processAllAvailable()
    assert [r.value for r in spark.table("crlf").collect()] == ["one", "", "three", "no-newline"]


def test_invalid_utf8_in_a_file_is_replaced(spark, tmp_path):
    q = spark.readStream.text(str(tmp_path)).select(F.length("value").alias("n")).writeStream \
        .format("memory").queryName("badutf").start()
    (tmp_path / "a.txt").write_bytes(b"ok\n\xff\xfe\n")
    q.processAllAvailable()
    assert [r.n for r in spark.table("badutf").collect()] == [2, 2]


def test_a_query_change_that_breaks_state_fails_on_start(spark, tmp_path):
    from rillet.errors import StreamingQueryException

    src, chk = tmp_path / "in", str(tmp_path / "chk")
    os.makedirs(src)
    lines = spark.readStream.text(str(src))
    q = lines.groupBy("value").count().writeStream.format("memory").queryName("compat1") \
        .outputMode("complete").option("checkpointLocation", chk).start()
    write_file(src, "1.txt", "x\n")
    q.processAllAvailable()
    q.stop()
    changed = lines.groupBy("value").agg(F.sum(F.length("value")).alias("count"))  # other aggregate
    try:
        q2 = changed.writeStream.format("memory").queryName("compat2").outputMode("complete") \
            .option("checkpointLocation", chk).start()
        q2.awaitTermination(10)
    except StreamingQueryException as e:
        assert "STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE" in str(e)
    else:
        raise AssertionError("the changed query ran on the old state")
    # a compatible change (a filter after the aggregation) runs on the same state
    ok = lines.groupBy("value").count().where("count > 0").writeStream.format("memory") \
        .queryName("compat3").outputMode("complete").option("checkpointLocation", chk).start()
    write_file(src, "2.txt", "x\n")
    ok.processAllAvailable()
    assert [tuple(r) for r in spark.table("compat3").collect()] == [("x", 2)]


def test_changing_the_grouping_keys_breaks_state(spark, tmp_path):
    from rillet.errors import StreamingQueryException

    src, chk = tmp_path / "in", str(tmp_path / "chk")
    os.makedirs(src)
    lines = spark.readStream.text(str(src))
    q = lines.groupBy("value").count().writeStream.format("memory").queryName("keys1") \
        .outputMode("update").option("checkpointLocation", chk).start()
    write_file(src, "1.txt", "x\n")
    q.processAllAvailable()
    q.stop()
    regrouped = lines.groupBy("value", F.length("value")).count()
    with __import__("pytest").raises(StreamingQueryException, match="STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE"):
        regrouped.writeStream.format("memory").queryName("keys2").outputMode("update") \
            .option("checkpointLocation", chk).start().awaitTermination(10)


def test_state_can_be_read_back_with_the_statestore_source(spark, tmp_path):
    src, chk = tmp_path / "in", str(tmp_path / "chk")
    os.makedirs(src)
    q = spark.readStream.text(str(src)).groupBy("value").count().writeStream.format("noop") \
        .outputMode("update").option("checkpointLocation", chk).start()
    write_file(src, "1.txt", "x\ny\nx\n")
    q.processAllAvailable()
    write_file(src, "2.txt", "y\nz\n")
    q.processAllAvailable()
    q.stop()
    state = spark.read.format("statestore").load(chk)
    assert state.columns == ["key", "value", "partition_id"]
    rows = {r.key[0]: r.value[0] for r in state.collect()}  # key k0, value: rows seen (__n) first
    assert rows == {"x": 2, "y": 2, "z": 1}
    first = spark.read.format("statestore").option("batchId", 0).load(chk)
    assert {r.key[0] for r in first.collect()} == {"x", "y"}
    meta = spark.read.format("state-metadata").load(chk).collect()
    assert [(m.operatorId, m.minBatchId, m.maxBatchId) for m in meta] == [(0, 0, 1)]
