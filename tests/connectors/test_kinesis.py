"""``format("kinesis")`` source and sink against moto's Kinesis server on 127.0.0.1."""

from __future__ import annotations

import collections
import os
import time
import uuid
from collections.abc import Iterator

import pytest

from rillet.errors import AnalysisException, IllegalArgumentException

pytest.importorskip("boto3")
pytest.importorskip("moto.server")

from kinesis_server import CREDS, Faults, client, kinesis_server  # noqa: E402


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with kinesis_server() as url:
        yield url


@pytest.fixture()
def kinesis(endpoint):
    c = client(endpoint)
    yield c
    c.close()


def _stream(client, shards: int) -> str:
    name = f"s-{uuid.uuid4().hex[:10]}"
    client.create_stream(StreamName=name, ShardCount=shards)
    return name


def _put(client, stream: str, start: int, n: int) -> dict[str, tuple[str, str]]:
    """Put records ``start..start+n-1``; data -> (shardId, sequenceNumber) the server gave it."""
    datas = [f"rec-{i}" for i in range(start, start + n)]
    out = {}
    for i in range(0, n, 100):
        chunk = datas[i:i + 100]
        resp = client.put_records(StreamName=stream, Records=[{"Data": d.encode(), "PartitionKey": f"k{d}"}
                                                              for d in chunk])
        assert resp["FailedRecordCount"] == 0
        out.update({d: (r["ShardId"], r["SequenceNumber"]) for d, r in zip(chunk, resp["Records"])})
    return out


def _reader(spark, endpoint: str, stream: str, **options: str):
    r = spark.readStream.format("kinesis").option("streamName", stream).option("endpointUrl", endpoint)
    for k, v in {**CREDS, **options}.items():
        r = r.option(k, v)
    return r.load()


def _collecting(df, checkpoint: str | None = None):
    """Start ``df`` into foreachBatch; the returned dict maps batch id -> rows (re-runs overwrite)."""
    batches: dict[int, list] = {}

    def write(batch, batch_id: int) -> None:
        batches[batch_id] = [tuple(r) for r in batch.collect()]

    w = df.writeStream.foreachBatch(write)
    if checkpoint is not None:
        w = w.option("checkpointLocation", checkpoint)
    return w.start(), batches


def _rows(batches) -> list:
    return [row for _, rows in sorted(batches.items()) for row in rows]


def test_reads_three_shards_across_batches(spark, endpoint, kinesis):
    stream = _stream(kinesis, 3)
    first = _put(kinesis, stream, 0, 40)
    q, batches = _collecting(_reader(spark, endpoint, stream, initialPosition="trim_horizon",
                                     maxRecordsPerFetch="7"))
    q.processAllAvailable()
    second = _put(kinesis, stream, 40, 35)
    q.processAllAvailable()
    q.stop()
    put = {**first, **second}
    rows = _rows(batches)
    assert sorted(r[1].decode() for r in rows) == sorted(put)
    assert len({r[1] for r in rows}) == len(rows) == 75
    assert len({shard for shard, _ in put.values()}) == 3
    for pk, data, st, shard, seq, ts in rows:
        assert (shard, seq) == put[data.decode()]
        assert pk == "k" + data.decode() and st == stream and ts is not None
    nonempty = [b for b, r in batches.items() if r]
    assert len(nonempty) >= 2
    by_shard = collections.defaultdict(list)
    for r in rows:
        by_shard[r[3]].append(int(r[4]))
    assert all(seqs == sorted(seqs) for seqs in by_shard.values())
    schema = _reader(spark, endpoint, stream).schema
    assert [(f.name, f.dataType.simpleString()) for f in schema] == [
        ("partitionKey", "string"), ("data", "binary"), ("stream", "string"), ("shardId", "string"),
        ("sequenceNumber", "string"), ("approximateArrivalTimestamp", "timestamp")]


def test_initial_position_latest_trim_horizon_and_at_timestamp(spark, endpoint, kinesis):
    stream = _stream(kinesis, 2)
    _put(kinesis, stream, 0, 10)
    time.sleep(0.05)
    between = int(time.time() * 1000)
    time.sleep(0.05)
    _put(kinesis, stream, 10, 6)
    time.sleep(0.05)
    latest_q, latest = _collecting(_reader(spark, endpoint, stream))  # latest is the default
    trim_q, trim = _collecting(_reader(spark, endpoint, stream, initialPosition="earliest"))
    ts_q, ts = _collecting(_reader(spark, endpoint, stream, initialPosition="at_timestamp",
                                   timestamp=str(between)))
    for q in (latest_q, trim_q, ts_q):
        q.processAllAvailable()
    time.sleep(0.05)
    _put(kinesis, stream, 16, 5)
    for q in (latest_q, trim_q, ts_q):
        q.processAllAvailable()
        q.stop()
    data = {name: sorted(int(r[1].decode()[4:]) for r in _rows(b))
            for name, b in (("latest", latest), ("trim", trim), ("ts", ts))}
    assert data["latest"] == list(range(16, 21))
    assert data["trim"] == list(range(21))
    assert data["ts"] == list(range(10, 21))


def _check_parents_first(kinesis, stream, batches) -> None:
    """Every record of a shard's parents is in an earlier batch than any record of the shard."""
    shards = {s["ShardId"]: s for s in kinesis.list_shards(StreamName=stream)["Shards"]}
    first_batch: dict[str, int] = {}
    last_batch: dict[str, int] = {}
    for b, rows in sorted(batches.items()):
        for r in rows:
            first_batch.setdefault(r[3], b)
            last_batch[r[3]] = b
    checked = 0
    for sid, s in shards.items():
        for parent in (s.get("ParentShardId"), s.get("AdjacentParentShardId")):
            if parent and sid in first_batch and parent in last_batch:
                assert last_batch[parent] < first_batch[sid], (parent, sid)
                checked += 1
    assert checked >= 1


def test_split_shard_mid_stream_reads_every_record_once_parents_first(spark, endpoint, kinesis):
    stream = _stream(kinesis, 2)
    put = _put(kinesis, stream, 0, 30)
    q, batches = _collecting(_reader(spark, endpoint, stream, initialPosition="trim_horizon"))
    q.processAllAvailable()
    put.update(_put(kinesis, stream, 30, 20))  # not read yet when the shard splits
    parent = kinesis.list_shards(StreamName=stream)["Shards"][0]
    lo, hi = (int(parent["HashKeyRange"][k]) for k in ("StartingHashKey", "EndingHashKey"))
    kinesis.split_shard(StreamName=stream, ShardToSplit=parent["ShardId"], NewStartingHashKey=str((lo + hi) // 2))
    put.update(_put(kinesis, stream, 50, 40))
    q.processAllAvailable()
    put.update(_put(kinesis, stream, 90, 30))
    q.processAllAvailable()
    q.stop()
    rows = _rows(batches)
    assert sorted(r[1].decode() for r in rows) == sorted(put)
    assert len(rows) == len(put) == 120
    children = {s["ShardId"] for s in kinesis.list_shards(StreamName=stream)["Shards"]
                if s.get("ParentShardId") == parent["ShardId"]}
    assert children and children & {r[3] for r in rows}  # the children did get records
    _check_parents_first(kinesis, stream, batches)


def test_update_shard_count_split_and_merge(spark, endpoint, kinesis):
    """UpdateShardCount 2 -> 4 -> 2 in moto splits and then merges (two parents per shard)."""
    stream = _stream(kinesis, 2)
    put = _put(kinesis, stream, 0, 20)
    q, batches = _collecting(_reader(spark, endpoint, stream, initialPosition="trim_horizon"))
    q.processAllAvailable()
    kinesis.update_shard_count(StreamName=stream, TargetShardCount=4, ScalingType="UNIFORM_SCALING")
    put.update(_put(kinesis, stream, 20, 40))
    q.processAllAvailable()
    kinesis.update_shard_count(StreamName=stream, TargetShardCount=2, ScalingType="UNIFORM_SCALING")
    put.update(_put(kinesis, stream, 60, 40))
    q.processAllAvailable()
    q.stop()
    rows = _rows(batches)
    assert sorted(r[1].decode() for r in rows) == sorted(put)
    assert len(rows) == 100
    shards = kinesis.list_shards(StreamName=stream)["Shards"]
    assert any(s.get("AdjacentParentShardId") for s in shards)
    _check_parents_first(kinesis, stream, batches)


def test_restart_from_checkpoint_replays_nothing_twice(spark, endpoint, kinesis, tmp_path):
    stream = _stream(kinesis, 3)
    chk = str(tmp_path / "chk")
    put = _put(kinesis, stream, 0, 25)
    q, first = _collecting(_reader(spark, endpoint, stream, initialPosition="trim_horizon"), chk)
    q.processAllAvailable()
    put.update(_put(kinesis, stream, 25, 10))
    q.processAllAvailable()
    q.stop()
    put.update(_put(kinesis, stream, 35, 15))
    q, second = _collecting(_reader(spark, endpoint, stream, initialPosition="trim_horizon"), chk)
    q.processAllAvailable()
    q.stop()
    assert set(first).isdisjoint(second)
    rows = _rows(first) + _rows(second)
    assert sorted(r[1].decode() for r in rows) == sorted(put)
    assert len(rows) == 50


def test_uncommitted_batch_is_re_read_exactly(spark, endpoint, kinesis, tmp_path):
    """A batch whose offsets were written but not committed is re-read from Kinesis with the
    same (start, end] per shard, so it has exactly the same records."""
    stream = _stream(kinesis, 3)
    chk = tmp_path / "chk"
    _put(kinesis, stream, 0, 20)
    q, first = _collecting(_reader(spark, endpoint, stream, initialPosition="trim_horizon"), str(chk))
    q.processAllAvailable()
    _put(kinesis, stream, 20, 17)
    q.processAllAvailable()
    q.stop()
    last = max(b for b, r in first.items() if r)
    os.remove(chk / "commits" / str(last))
    _put(kinesis, stream, 37, 5)  # arrives after the batch's end: not part of the re-run
    q, second = _collecting(_reader(spark, endpoint, stream, initialPosition="trim_horizon"), str(chk))
    q.processAllAvailable()
    q.stop()
    assert second[last] == first[last]
    later = [r[1].decode() for b, rows in second.items() if b > last for r in rows]
    assert sorted(later) == sorted(f"rec-{i}" for i in range(37, 42))


def _read_all(client, stream: str) -> list[tuple[str, bytes]]:
    out = []
    for s in client.list_shards(StreamName=stream)["Shards"]:
        it = client.get_shard_iterator(StreamName=stream, ShardId=s["ShardId"],
                                       ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        while it:
            resp = client.get_records(ShardIterator=it, Limit=10000)
            out.extend((r["PartitionKey"], r["Data"]) for r in resp["Records"])
            if not resp["Records"]:
                break
            it = resp.get("NextShardIterator")
    return out


def test_sink_writes_records_that_read_back_equal(spark, endpoint, kinesis, tmp_path):
    stream = _stream(kinesis, 2)
    src = tmp_path / "in"
    src.mkdir()
    lines = [f'{{"k": "key-{i % 13}", "v": "value-{i}"}}' for i in range(1234)]  # > 500: several PutRecords
    (src / "a.json").write_text("\n".join(lines[:700]) + "\n")
    (src / "b.json").write_text("\n".join(lines[700:]) + "\n")
    df = spark.readStream.schema("k string, v string").json(str(src))
    w = (df.selectExpr("k AS partitionKey", "v AS data").writeStream.format("kinesis")
         .option("streamName", stream).option("endpointUrl", endpoint)
         .option("checkpointLocation", str(tmp_path / "chk")))
    for k, v in CREDS.items():
        w = w.option(k, v)
    q = w.start()
    q.processAllAvailable()
    q.stop()
    expected = sorted((f"key-{i % 13}", f"value-{i}".encode()) for i in range(1234))
    assert sorted(_read_all(kinesis, stream)) == expected


def test_sink_binary_data_and_batch_write(spark, endpoint, kinesis):
    stream = _stream(kinesis, 1)
    df = spark.createDataFrame([("a", bytearray(b"\x00\x01")), ("b", bytearray(b"\xff"))], "partitionKey string, data binary")
    w = df.write.format("kinesis").option("streamName", stream).option("endpointUrl", endpoint)
    for k, v in CREDS.items():
        w = w.option(k, v)
    w.save()
    assert sorted(_read_all(kinesis, stream)) == [("a", b"\x00\x01"), ("b", b"\xff")]


def test_option_errors(spark, endpoint, tmp_path):
    with pytest.raises(IllegalArgumentException, match="streamName"):
        spark.readStream.format("kinesis").option("region", "us-east-1").load()
    with pytest.raises(IllegalArgumentException, match="initialPosition"):
        spark.readStream.format("kinesis").option("streamName", "x").option("initialPosition", "middle").load()
    with pytest.raises(IllegalArgumentException, match="timestamp"):
        spark.readStream.format("kinesis").option("streamName", "x").option("initialPosition", "at_timestamp").load()
    src = tmp_path / "in"
    src.mkdir()
    df = spark.readStream.schema("k string, v int").json(str(src))
    with pytest.raises(AnalysisException, match="'data'"):
        (df.selectExpr("k AS partitionKey").writeStream.format("kinesis").option("streamName", "x")
         .option("endpointUrl", endpoint).option("checkpointLocation", str(tmp_path / "c1")).start())
    with pytest.raises(AnalysisException, match="'data' of the kinesis sink must be string or binary"):
        (df.selectExpr("k AS partitionKey", "v AS data").writeStream.format("kinesis").option("streamName", "x")
         .option("endpointUrl", endpoint).option("checkpointLocation", str(tmp_path / "c2")).start())


def test_throttling_and_expired_iterators_are_retried(spark, endpoint, kinesis):
    stream = _stream(kinesis, 2)
    put = _put(kinesis, stream, 0, 30)
    Faults.throttle_get_records = 4
    Faults.expire_iterators = 2
    try:
        q, batches = _collecting(_reader(spark, endpoint, stream, initialPosition="trim_horizon",
                                         maxRecordsPerFetch="4", retryBackoffMs="5"))
        q.processAllAvailable()
        q.stop()
        assert Faults.throttle_get_records == 0 and Faults.expire_iterators == 0  # the faults did happen
    finally:
        Faults.reset()
    rows = _rows(batches)
    assert sorted(r[1].decode() for r in rows) == sorted(put)
    assert len(rows) == 30


def test_sink_resends_only_the_failed_records(spark, endpoint, kinesis):
    stream = _stream(kinesis, 3)
    df = spark.createDataFrame([(f"k{i}", f"v{i}") for i in range(700)], "partitionKey string, data string")
    Faults.fail_puts = 3
    try:
        w = (df.write.format("kinesis").option("streamName", stream).option("endpointUrl", endpoint)
             .option("retryBackoffMs", "5"))
        for k, v in CREDS.items():
            w = w.option(k, v)
        w.save()
        assert Faults.fail_puts == 0 and Faults.failed_records > 0
    finally:
        Faults.reset()
    assert sorted(_read_all(kinesis, stream)) == sorted((f"k{i}", f"v{i}".encode()) for i in range(700))


def test_sink_gives_up_after_max_retries(spark, endpoint, kinesis):
    stream = _stream(kinesis, 1)
    df = spark.createDataFrame([("k", "v")], "partitionKey string, data string")
    Faults.fail_puts = 5
    Faults.fail_every = 1
    try:
        w = (df.write.format("kinesis").option("streamName", stream).option("endpointUrl", endpoint)
             .option("maxRetries", "2").option("retryBackoffMs", "1"))
        for k, v in CREDS.items():
            w = w.option(k, v)
        with pytest.raises(Exception, match="ProvisionedThroughputExceededException"):
            w.save()
    finally:
        Faults.reset()
        Faults.fail_every = 3


def test_latest_is_pinned_to_the_first_start(spark, endpoint, kinesis, tmp_path):
    """A query that starts at ``latest`` and restarts before reading anything keeps the start it
    resolved first (kept in the checkpoint): records put while it was down are read."""
    stream = _stream(kinesis, 2)
    _put(kinesis, stream, 0, 5)
    time.sleep(0.05)
    chk = str(tmp_path / "chk")
    q, first = _collecting(_reader(spark, endpoint, stream), chk)
    q.processAllAvailable()
    q.stop()
    time.sleep(0.05)
    _put(kinesis, stream, 5, 7)
    q, second = _collecting(_reader(spark, endpoint, stream), chk)
    q.processAllAvailable()
    q.stop()
    assert _rows(first) == []
    assert sorted(r[1].decode() for r in _rows(second)) == sorted(f"rec-{i}" for i in range(5, 12))
