"""SIGKILL a process reading Kinesis (moto's server, in this process) mid-stream, restart it
on the same checkpoint: the output has every record exactly once, across a shard split."""

from __future__ import annotations

import collections
import json
import os
import sys
import uuid

import pytest
from helpers import run_with_kills

pytest.importorskip("boto3")
pytest.importorskip("moto.server")

from kinesis_server import client, kinesis_server  # noqa: E402

CHILD = os.path.join(os.path.dirname(__file__), "kinesis_child.py")


@pytest.fixture(scope="module")
def endpoint():
    with kinesis_server() as url:
        yield url


def _populate(endpoint: str) -> tuple[str, dict[str, tuple[str, str]]]:
    """A 3-shard stream with 150 records, a split of shard 0, then 150 more records."""
    k = client(endpoint)
    try:
        stream = f"kill-{uuid.uuid4().hex[:8]}"
        k.create_stream(StreamName=stream, ShardCount=3)
        put: dict[str, tuple[str, str]] = {}
        for start in (0, 150):
            if start:
                parent = k.list_shards(StreamName=stream)["Shards"][0]
                lo, hi = (int(parent["HashKeyRange"][x]) for x in ("StartingHashKey", "EndingHashKey"))
                k.split_shard(StreamName=stream, ShardToSplit=parent["ShardId"],
                              NewStartingHashKey=str((lo + hi) // 2))
            datas = [f"rec-{i}" for i in range(start, start + 150)]
            resp = k.put_records(StreamName=stream, Records=[{"Data": d.encode(), "PartitionKey": d} for d in datas])
            assert resp["FailedRecordCount"] == 0
            put.update({d: (r["ShardId"], r["SequenceNumber"]) for d, r in zip(datas, resp["Records"])})
        assert {s for s, _ in put.values()} - {f"shardId-{i:012d}" for i in range(3)}  # children got records
        return stream, put
    finally:
        k.close()


def _run_with_kills(args: list[str], out, kills: int, seed: int) -> int:
    """Run the child to the end, SIGKILLing it ``kills`` times once it has made progress."""
    return run_with_kills([sys.executable, CHILD, *args], lambda: len(os.listdir(out)), kills, seed)


@pytest.mark.parametrize("seed", [1, 2])
def test_foreach_batch_output_has_every_record_exactly_once(endpoint, tmp_path, seed):
    stream, put = _populate(endpoint)
    chk, out = tmp_path / "chk", tmp_path / "out"
    os.makedirs(out)
    kills = _run_with_kills(["foreach", endpoint, stream, str(chk), str(out)], out, kills=3, seed=seed)
    assert kills >= 1
    rows = [r for n in os.listdir(out) if n.endswith(".json") for r in json.loads((out / n).read_text())]
    assert collections.Counter(r[2] for r in rows) == collections.Counter(list(put))
    assert {r[2]: (r[0], r[1]) for r in rows} == put


def test_parquet_file_sink_has_every_record_exactly_once(spark, endpoint, tmp_path):
    stream, put = _populate(endpoint)
    chk, out = tmp_path / "chk", tmp_path / "out"
    os.makedirs(out)
    kills = _run_with_kills(["parquet", endpoint, stream, str(chk), str(out)], out, kills=3, seed=7)
    assert kills >= 1
    rows = spark.read.parquet(str(out)).collect()
    assert collections.Counter(r.data for r in rows) == collections.Counter(list(put))
    assert {r.data: (r.shardId, r.sequenceNumber) for r in rows} == put
