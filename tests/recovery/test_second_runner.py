"""Two runners of one query on one checkpoint (issue 18, item 4): the metadata logs are
write-once, so the second runner to log a batch fails with Spark's error and nothing is
delivered twice, across two OS processes, two sessions of one process, and on S3."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pyarrow.parquet as pq
import pytest
from helpers import write_file

from rillet import durability
from rillet.connectors.files.fs import FileStore
from rillet.connectors.files.manifest import FileSinkLog, files_for_read
from rillet.errors import SparkRuntimeException, StreamingQueryException

# text files -> parquet file sink, one input file per micro-batch, until stopped
CHILD = """
import sys
from rillet.sql import SparkSession
from rillet.errors import StreamingQueryException

src, chk, out = sys.argv[1:4]
spark = SparkSession.builder.config("spark.ui.enabled", "false").getOrCreate()
q = (spark.readStream.option("maxFilesPerTrigger", 1).text(src).writeStream.format("parquet")
     .option("checkpointLocation", chk).start(out))
print("READY", flush=True)
try:
    q.awaitTermination()
except StreamingQueryException as e:
    cause = e.cause
    print("FAILED", getattr(cause, "getCondition", lambda: None)(), str(cause), flush=True)
    sys.exit(3)
"""

SPARK_ERRORS = ("[CONCURRENT_STREAM_LOG_UPDATE]", "Race while writing batch")


def _output_lines(out) -> list[str]:
    files = files_for_read(str(out)) or []
    return [v for f in files for v in pq.read_table(f).column("value").to_pylist()]


def test_two_processes_on_one_checkpoint_deliver_each_line_once_and_the_loser_fails(tmp_path):
    src, chk, out = tmp_path / "in", tmp_path / "chk", tmp_path / "out"
    os.makedirs(src)
    cmd = [sys.executable, "-c", CHILD, str(src), str(chk), str(out)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        for p in procs:
            assert p.stdout is not None and p.stdout.readline().strip() == "READY"
        # both runners poll the folder while the files arrive: they race for every batch
        expected = []
        for i in range(100):
            expected.append(f"line-{i}")
            write_file(src, f"f{i:04d}.txt", f"line-{i}\n")
            if i % 10 == 0:
                time.sleep(0.01)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and all(p.poll() is None for p in procs):
            time.sleep(0.05)
        losers = [p for p in procs if p.poll() is not None]
        assert len(losers) == 1, "one runner must fail as soon as both log the same batch"
        (loser,) = losers
        (winner,) = [p for p in procs if p is not loser]
        text = loser.stdout.read() if loser.stdout else ""
        assert loser.returncode == 3, f"{text}\n{loser.stderr.read() if loser.stderr else ''}"
        assert any(e in text for e in SPARK_ERRORS), text
        while time.monotonic() < deadline and len(_output_lines(out)) < len(expected) and winner.poll() is None:
            time.sleep(0.05)
        assert winner.poll() is None, winner.stderr.read() if winner.stderr else ""
        winner.send_signal(signal.SIGINT)
        winner.wait(30)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
            p.wait(10)
            for stream in (p.stdout, p.stderr):
                if stream:
                    stream.close()
    lines = _output_lines(out)
    assert sorted(lines) == sorted(expected)  # every line once: none twice, none lost


def test_write_once_entry_has_exactly_one_winner_among_concurrent_writers(tmp_path):
    path = str(tmp_path / "offsets" / "7")
    barrier = threading.Barrier(8)
    won: list[str] = []

    def write(i: int) -> None:
        barrier.wait()
        if durability.write_once(path, f"writer {i}"):
            won.append(f"writer {i}")

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1
    with open(path, encoding="utf-8") as f:
        assert f.read() == won[0]
    assert os.listdir(tmp_path / "offsets") == ["7"]  # no temp file left behind


def _rows(spark, out) -> list[str]:
    return sorted(r.value for r in spark.read.parquet(str(out)).collect())


def test_second_session_restarting_the_query_stops_the_first_run_as_spark_does(spark, tmp_path):
    src, chk, out = tmp_path / "in", tmp_path / "chk", tmp_path / "out"
    for i in range(5):
        write_file(src, f"a{i}.txt", f"a{i}\n")

    def start(session):
        return (session.readStream.option("maxFilesPerTrigger", 1).text(str(src)).writeStream.format("parquet")
                .option("checkpointLocation", str(chk)).start(str(out)))

    first = start(spark)
    first.processAllAvailable()
    second = start(spark.newSession())  # spark.sql.streaming.stopActiveRunOnRestart: true
    assert not first.isActive and second.isActive
    for i in range(5):
        write_file(src, f"b{i}.txt", f"b{i}\n")
    second.processAllAvailable()
    assert _rows(spark, out) == sorted([f"a{i}" for i in range(5)] + [f"b{i}" for i in range(5)])

    other = spark.newSession()
    other.conf.set("spark.sql.streaming.stopActiveRunOnRestart", "false")
    with pytest.raises(SparkRuntimeException, match="as another query with same id is already active"):
        start(other)
    assert second.isActive  # the refused start left the running query alone
    second.stop()


def test_a_batch_logged_by_another_runner_fails_the_query_with_spark_error(spark, tmp_path):
    src, chk, out = tmp_path / "in", tmp_path / "chk", tmp_path / "out"
    write_file(src, "a.txt", "a\n")
    q = spark.readStream.text(str(src)).writeStream.format("parquet").option("checkpointLocation", str(chk)).start(str(out))
    q.processAllAvailable()
    # another process's runner logs batch 1 first (what it writes does not matter here)
    durability.write_once(str(chk / "offsets" / "1"), (chk / "offsets" / "0").read_text())
    write_file(src, "b.txt", "b\n")
    with pytest.raises(StreamingQueryException) as e:
        q.awaitTermination(30)
    assert e.value.cause.getCondition() == "CONCURRENT_STREAM_LOG_UPDATE"
    assert "Multiple streaming jobs detected for 1" in str(e.value.cause)
    assert _rows(spark, out) == ["a"]


# --- S3: a conditional PUT (If-None-Match: *) against a real S3 API server (moto) --------

@pytest.fixture
def s3_endpoint():
    moto_server = pytest.importorskip("moto.server", reason="needs moto[server]")
    boto3 = pytest.importorskip("boto3", reason="needs boto3")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")).close()
        boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="testing", aws_secret_access_key="testing",
                     region_name="us-east-1").create_bucket(Bucket="logs")
        yield {"fs.s3a.endpoint": endpoint, "fs.s3a.access.key": "testing", "fs.s3a.secret.key": "testing"}
    finally:
        server.stop()


def test_s3_log_entries_are_conditional_puts_that_never_overwrite(s3_endpoint):
    store = FileStore("s3://logs/out", s3_endpoint)
    assert store.write_once("s3://logs/out/_spark_metadata/0", b"v1")
    # the PUT itself refuses an existing key (no listing first: what two racing runners do)
    assert not store.write_once("s3://logs/out/_spark_metadata/0", b"v1\n{}")
    assert store.read("s3://logs/out/_spark_metadata/0") == b"v1"

    entry = {"path": "s3://logs/out/part-0.parquet", "size": 1, "isDir": False, "modificationTime": 0,
             "blockReplication": 1, "blockSize": 1, "action": "add"}
    first, second = FileSinkLog("s3://logs/out", store=store), FileSinkLog("s3://logs/out", store=store)
    assert first.add(1, [entry])
    assert not second.add(1, [dict(entry, path="s3://logs/out/part-1.parquet")])
    assert [e["path"] for e in first.entries_as_of(1)] == ["s3://logs/out/part-0.parquet"]
