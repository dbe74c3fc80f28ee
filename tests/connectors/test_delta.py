"""The Delta Lake sink and source (``format("delta")``) on real Delta tables in tmp dirs,
read back with ``deltalake`` itself."""

from __future__ import annotations

import collections
import json
import os

import pyarrow as pa
import pytest
from helpers import write_file

from rillet.errors import AnalysisException

deltalake = pytest.importorskip("deltalake")


def _rows(path) -> list[tuple]:
    table = deltalake.DeltaTable(str(path)).to_pyarrow_table()
    return sorted(tuple(r.values()) for r in table.to_pylist())


def _txns(path) -> list[dict]:
    """Every ``txn`` action in the table's log, in commit order."""
    log = os.path.join(path, "_delta_log")
    out = []
    for name in sorted(n for n in os.listdir(log) if n.endswith(".json")):
        with open(os.path.join(log, name)) as f:
            out += [json.loads(line)["txn"] for line in f if '"txn"' in line]
    return out


def _write_inputs(src, files: int, lines: int) -> list[str]:
    expected = []
    for i in range(files):
        chunk = [f"f{i} w{j % 3} x{j}" for j in range(lines)]
        expected += chunk
        write_file(src, f"part-{i:03d}.txt", "\n".join(chunk) + "\n")
        os.utime(os.path.join(src, f"part-{i:03d}.txt"), (1_700_000_000 + i, 1_700_000_000 + i))
    return expected


def _append_query(spark, src, chk, out, **options):
    lines = spark.readStream.option("maxFilesPerTrigger", 1).text(str(src))
    writer = lines.writeStream.format("delta").option("checkpointLocation", str(chk))
    for k, v in options.items():
        writer = writer.option(k, v)
    return writer.start(str(out))


def test_append_query_rows_equal_input_one_txn_per_batch(spark, tmp_path):
    src, chk, out = tmp_path / "src", tmp_path / "chk", tmp_path / "table"
    expected = _write_inputs(src, 4, 25)
    q = _append_query(spark, src, chk, out)
    try:
        q.processAllAvailable()
    finally:
        q.stop()
    assert _rows(out) == sorted((v,) for v in expected)
    # one commit per batch, each tagged with the query id and its batch id
    assert _txns(out) == [{"appId": q.id, "version": b} for b in range(4)]
    table = deltalake.DeltaTable(str(out))
    assert table.transaction_version(q.id) == 3
    assert table.version() == 3


def test_complete_mode_aggregation_overwrites_each_batch(spark, tmp_path):
    from rillet.sql import functions as F

    src, chk, out = tmp_path / "src", tmp_path / "chk", tmp_path / "counts"
    expected = _write_inputs(src, 3, 20)
    words = spark.readStream.option("maxFilesPerTrigger", 1).text(str(src)).select(
        F.split("value", " ")[1].alias("word"))
    q = (words.groupBy("word").count().writeStream.format("delta").outputMode("complete")
         .option("checkpointLocation", str(chk)).start(str(out)))
    try:
        q.processAllAvailable()
        counts = collections.Counter(line.split(" ")[1] for line in expected)
        assert _rows(out) == sorted(counts.items())
        write_file(src, "part-900.txt", "a w0 z\na w9 z\n")
        q.processAllAvailable()
    finally:
        q.stop()
    counts.update(["w0", "w9"])
    assert _rows(out) == sorted(counts.items())
    # each batch overwrote the table: the latest version holds only the latest result
    assert sum(r[1] for r in _rows(out)) == len(expected) + 2
    assert [t["version"] for t in _txns(out)] == [0, 1, 2, 3]


def test_rerun_batch_is_skipped_by_txn_version(spark, tmp_path):
    src, chk, out = tmp_path / "src", tmp_path / "chk", tmp_path / "table"
    expected = _write_inputs(src, 3, 10)
    q = _append_query(spark, src, chk, out)
    try:
        q.processAllAvailable()
    finally:
        q.stop()
    version = deltalake.DeltaTable(str(out)).version()
    # forget that the last batch was committed (a crash after the Delta commit, before
    # commits/2): the restart re-runs batch 2
    os.remove(chk / "commits" / "2")
    q = _append_query(spark, src, chk, out)
    try:
        q.processAllAvailable()
        assert os.path.exists(chk / "commits" / "2")  # the batch did run again
    finally:
        q.stop()
    assert _rows(out) == sorted((v,) for v in expected)
    assert deltalake.DeltaTable(str(out)).version() == version  # nothing committed again
    # new data after the restart is written once
    write_file(src, "part-100.txt", "late\n")
    q = _append_query(spark, src, chk, out)
    try:
        q.processAllAvailable()
    finally:
        q.stop()
    assert _rows(out) == sorted((v,) for v in [*expected, "late"])
    assert [t["version"] for t in _txns(out)] == [0, 1, 2, 3]


def test_partition_by_and_merge_schema(spark, tmp_path):
    from rillet.sql import functions as F

    src, out = tmp_path / "src", tmp_path / "table"
    _write_inputs(src, 2, 6)
    lines = spark.readStream.option("maxFilesPerTrigger", 1).text(str(src))
    q = (lines.select("value", F.split("value", " ")[1].alias("w")).writeStream.format("delta")
         .partitionBy("w").option("checkpointLocation", str(tmp_path / "c1")).start(str(out)))
    try:
        q.processAllAvailable()
    finally:
        q.stop()
    table = deltalake.DeltaTable(str(out))
    assert table.metadata().partition_columns == ["w"]
    assert sorted(os.listdir(out)) == ["_delta_log", "w=w0", "w=w1", "w=w2"]

    # a query with an extra column fails without mergeSchema, and evolves the table with it
    extra = lines.select("value", F.split("value", " ")[1].alias("w"), F.length("value").alias("n"))

    def start(chk, **opts):
        w = extra.writeStream.format("delta").partitionBy("w").option("checkpointLocation", str(chk))
        for k, v in opts.items():
            w = w.option(k, v)
        return w.start(str(out))

    q = start(tmp_path / "c2")
    with pytest.raises(Exception, match="schema mismatch"):
        q.processAllAvailable()
    q.stop()
    q = start(tmp_path / "c3", mergeSchema="true")
    try:
        q.processAllAvailable()
    finally:
        q.stop()
    got = deltalake.DeltaTable(str(out)).to_pyarrow_table()
    assert got.column_names == ["value", "w", "n"] or sorted(got.column_names) == ["n", "value", "w"]
    assert got.num_rows == 24
    assert sorted(got.column("n").to_pylist(), key=lambda v: (v is not None, v))[:12] == [None] * 12


def test_update_mode_is_rejected(spark, tmp_path):
    lines = spark.readStream.text(str(tmp_path))
    counts = lines.groupBy("value").count()
    with pytest.raises(AnalysisException) as e:
        (counts.writeStream.format("delta").outputMode("update")
         .option("checkpointLocation", str(tmp_path / "c")).start(str(tmp_path / "t")))
    assert e.value.getCondition() == "STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE"


def test_batch_write_and_read(spark, tmp_path):
    out = str(tmp_path / "table")
    df = spark.createDataFrame([(1, "a"), (2, "b")], "id long, s string")
    df.write.format("delta").save(out)
    with pytest.raises(AnalysisException) as e:
        df.write.format("delta").save(out)
    assert e.value.getCondition() == "DELTA_PATH_EXISTS"
    # idempotent writes: the same (txnAppId, txnVersion) commits once
    for _ in range(2):
        df.write.format("delta").mode("append").option("txnAppId", "job").option("txnVersion", 7).save(out)
    assert _rows(out) == [(1, "a"), (1, "a"), (2, "b"), (2, "b")]
    df.write.format("delta").mode("ignore").save(out)
    read = spark.read.format("delta").load(out)
    assert sorted(tuple(r) for r in read.collect()) == [(1, "a"), (1, "a"), (2, "b"), (2, "b")]
    old = spark.read.format("delta").option("versionAsOf", 0).load(out)
    assert sorted(tuple(r) for r in old.collect()) == [(1, "a"), (2, "b")]
    df.limit(1).write.format("delta").mode("overwrite").save(out)
    assert _rows(out) == [(1, "a")]
    with pytest.raises(AnalysisException) as e:
        spark.read.format("delta").load(str(tmp_path / "missing"))
    assert e.value.getCondition() == "DELTA_MISSING_DELTA_TABLE"


def _memory_query(spark, path, chk, name, **options):
    reader = spark.readStream.format("delta")
    for k, v in options.items():
        reader = reader.option(k, v)
    return (reader.load(str(path)).writeStream.format("memory").queryName(name)
            .option("checkpointLocation", str(chk)).start())


def _append(path, rows: list[int], partition_by=None) -> None:
    table = pa.table({"id": pa.array(rows, pa.int64()), "p": pa.array([r % 2 for r in rows], pa.int64())})
    deltalake.write_deltalake(str(path), table, mode="append", partition_by=partition_by)


def test_source_snapshot_then_new_versions(spark, tmp_path):
    path = tmp_path / "t"
    _append(path, [1, 2, 3], partition_by=["p"])
    _append(path, [4, 5], partition_by=["p"])
    q = _memory_query(spark, path, tmp_path / "c", "delta_src_a")
    try:
        q.processAllAvailable()
        assert sorted(tuple(r) for r in spark.sql("select * from delta_src_a").collect()) == [
            (i, i % 2) for i in range(1, 6)]
        _append(path, [6, 7], partition_by=["p"])
        q.processAllAvailable()
        got = sorted(tuple(r) for r in spark.sql("select * from delta_src_a").collect())
        assert got == [(i, i % 2) for i in range(1, 8)]
        end = q.lastProgress["sources"][0]["endOffset"]
        assert end["reservoirVersion"] == 2 and end["isStartingVersion"] is False
    finally:
        q.stop()


def test_source_starting_version_and_max_files(spark, tmp_path):
    path = tmp_path / "t"
    for i in range(4):
        _append(path, [10 * i, 10 * i + 1])  # versions 0..3, one file each
    q = _memory_query(spark, path, tmp_path / "c", "delta_src_b", startingVersion=1, maxFilesPerTrigger=1)
    try:
        q.processAllAvailable()
        got = sorted(r[0] for r in spark.sql("select id from delta_src_b").collect())
        assert got == [10, 11, 20, 21, 30, 31]
        batches = [p for p in q.recentProgress if p["numInputRows"] > 0]
        assert [p["numInputRows"] for p in batches] == [2, 2, 2]
    finally:
        q.stop()


def test_source_fails_on_deletes_unless_told(spark, tmp_path):
    path = tmp_path / "t"
    _append(path, [1, 2, 3])
    q = _memory_query(spark, path, tmp_path / "c", "delta_src_c")
    try:
        q.processAllAvailable()
        deltalake.DeltaTable(str(path)).delete("id = 2")
        with pytest.raises(Exception, match="DELTA_SOURCE_TABLE_IGNORE_CHANGES"):
            q.processAllAvailable()
    finally:
        q.stop()
    q = _memory_query(spark, path, tmp_path / "c2", "delta_src_d", startingVersion=1, skipChangeCommits="true")
    try:
        q.processAllAvailable()
        _append(path, [9])
        q.processAllAvailable()
        assert [r[0] for r in spark.sql("select id from delta_src_d").collect()] == [9]
    finally:
        q.stop()


def test_docs_examples_run(spark, tmp_path, capsys, monkeypatch):
    """docs/delta.md's examples (streaming append/complete, the foreachBatch + MERGE upsert
    pattern, a Delta stream) run as written; the upsert leaves one row per word."""
    import re
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the examples' mkdtemp() lands here
    doc = open(os.path.join(os.path.dirname(__file__), "..", "..", "docs", "delta.md")).read()
    blocks = re.findall(r"```python\n(.*?)```", doc, re.S)
    assert len(blocks) == 3  # each runs alone (tests/test_docs.py); here: what the first two leave behind
    expected = [("be", 2), ("not", 1), ("or", 1), ("to", 2)]
    first: dict = {}
    exec(compile(blocks[0], "docs/delta.md", "exec"), first)
    assert _rows(f"{first['base']}/counts") == expected
    namespace: dict = {}
    exec(compile(blocks[1], "docs/delta.md", "exec"), namespace)
    base = namespace["base"]
    assert _rows(f"{base}/latest") == expected
    assert deltalake.DeltaTable(f"{base}/latest").transaction_version("latest-word-counts") == 0
    # a second batch updates the merged rows in place and inserts new words
    with open(f"{base}/in/b.txt", "w") as f:
        f.write("to do\n")
    q = (namespace["counts"].writeStream.outputMode("update").foreachBatch(namespace["upsert"])
         .option("checkpointLocation", f"{base}/chk_latest").start())
    try:
        q.processAllAvailable()
    finally:
        q.stop()
    assert _rows(f"{base}/latest") == [("be", 2), ("do", 1), ("not", 1), ("or", 1), ("to", 3)]
    out = capsys.readouterr().out
    assert "|word|count|" in out.replace(" ", "")


def test_sink_on_s3_with_s3a_options(spark, tmp_path):
    """An ``s3a://`` Delta table on a real S3 API server (moto on 127.0.0.1, started and
    stopped here), configured with Spark's ``fs.s3a.*`` options; a restart re-running the
    last batch writes nothing twice."""
    import socket
    import urllib.request

    moto_server = pytest.importorskip("moto.server")
    boto3 = pytest.importorskip("boto3")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{port}"
        urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")).close()
        client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="k", aws_secret_access_key="s",
                              region_name="us-east-1")
        client.create_bucket(Bucket="lake")
        options = {"fs.s3a.endpoint": endpoint, "fs.s3a.access.key": "k", "fs.s3a.secret.key": "s",
                   "fs.s3a.endpoint.region": "us-east-1"}
        src, chk = tmp_path / "src", tmp_path / "chk"
        expected = _write_inputs(src, 3, 10)
        for rerun in (False, True):
            if rerun:
                os.remove(chk / "commits" / "2")
            q = _append_query(spark, src, chk, "s3a://lake/events", **options)
            try:
                q.processAllAvailable()
            finally:
                q.stop()
        storage = {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s",
                   "AWS_REGION": "us-east-1", "AWS_ALLOW_HTTP": "true"}
        table = deltalake.DeltaTable("s3://lake/events", storage_options=storage)
        assert sorted(r["value"] for r in table.to_pyarrow_table().to_pylist()) == sorted(expected)
        assert table.version() == 2
        keys = [o["Key"] for o in client.list_objects_v2(Bucket="lake")["Contents"]]
        assert "events/_delta_log/00000000000000000002.json" in keys
        read = spark.read.format("delta").options(**options).load("s3a://lake/events")
        assert read.count() == len(expected)
        # the same table as a stream: the snapshot, then a version appended by another writer
        got: list[str] = []
        src_q = (spark.readStream.format("delta").options(**options).load("s3a://lake/events")
                 .writeStream.foreachBatch(lambda df, i: got.extend(r.value for r in df.collect()))
                 .option("checkpointLocation", str(tmp_path / "chk_read")).start())
        try:
            src_q.processAllAvailable()
            assert sorted(got) == sorted(expected)
            deltalake.write_deltalake(table, pa.table({"value": ["late-1", "late-2"]}), mode="append",
                                      storage_options=storage)
            src_q.processAllAvailable()
        finally:
            src_q.stop()
        assert sorted(got) == sorted([*expected, "late-1", "late-2"])
    finally:
        server.stop()


def test_partition_columns_must_match_the_table(spark, tmp_path):
    out = str(tmp_path / "table")
    df = spark.createDataFrame([(1, 2)], "a long, b long")
    df.write.format("delta").partitionBy("b").save(out)
    with pytest.raises(AnalysisException, match=r"Given: \[a\]\nTable: \[b\]"):
        df.write.format("delta").mode("append").partitionBy("a").save(out)


def test_delta_to_delta_pipeline_resumes_exactly_once(spark, tmp_path):
    """A Delta source split by maxFilesPerTrigger feeding a Delta sink, stopped and
    restarted on its checkpoint: every source row lands in the sink table once."""
    src, out, chk = tmp_path / "src", tmp_path / "out", tmp_path / "chk"
    for i in range(3):
        _append(src, [3 * i, 3 * i + 1, 3 * i + 2])

    def run():
        stream = spark.readStream.format("delta").option("maxFilesPerTrigger", 2).load(str(src))
        q = stream.writeStream.format("delta").option("checkpointLocation", str(chk)).start(str(out))
        try:
            q.processAllAvailable()
            return [p["numInputRows"] for p in q.recentProgress if p["numInputRows"]]
        finally:
            q.stop()

    assert run() == [6, 3]  # the snapshot's three files in two batches
    _append(src, [100, 101])
    _append(src, [102])
    assert run() == [3]  # both new versions (two files) in one batch
    assert _rows(out) == _rows(src)
    assert len(_rows(out)) == 12
    assert [t["version"] for t in _txns(out)] == [0, 1, 2]
