"""Ctrl-C stops a query (issue 18, item 6): SIGINT sent at random moments to a real process
blocked in ``awaitTermination()`` (or under ``rillet run``) raises KeyboardInterrupt in its
main thread, the query stops after its batch in flight, the process exits, and restarting
on the same checkpoint gives exactly the output of an uninterrupted run."""

from __future__ import annotations

import collections
import os
import random
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest
from helpers import write_file

from rillet.connectors.files.manifest import files_for_read

# text files -> parquet file sink (one file a batch), or -> per-word counts in complete mode
# through foreachBatch (one JSON file a batch, overwritten if the batch re-runs)
JOB = """
import json, os, sys
from rillet.sql import SparkSession, functions as F

mode, src, chk, out = sys.argv[1:5]
spark = SparkSession.builder.config("spark.ui.enabled", "false").getOrCreate()
lines = spark.readStream.option("maxFilesPerTrigger", 1).text(src)
if mode == "files":
    q = lines.writeStream.format("parquet").option("checkpointLocation", chk).trigger(availableNow=True).start(out)
else:
    def write(batch, batch_id):
        rows = sorted([r["value"], r["count"]] for r in batch.collect())
        with open(os.path.join(out, ".tmp"), "w") as f:
            json.dump(rows, f)
        os.replace(os.path.join(out, ".tmp"), os.path.join(out, "latest.json"))
    counts = lines.groupBy("value").count()
    q = (counts.writeStream.outputMode("complete").option("checkpointLocation", chk)
         .trigger(availableNow=True).foreachBatch(write).start())
print("READY", flush=True)
q.awaitTermination()
"""


def _committed(chk) -> int:
    folder = os.path.join(chk, "commits")
    return len(os.listdir(folder)) if os.path.isdir(folder) else 0


def _interrupt_at_random(cmd: list[str], chk, interrupts: int, seed: int) -> list[int]:
    """Run ``cmd`` ``interrupts`` times, each time sending SIGINT once 1-3 more batches have
    committed plus a random delay; return the exit codes. Fails if a run ignores SIGINT."""
    rng = random.Random(seed)
    codes = []
    for _ in range(interrupts):
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "READY", proc.stderr.read()
            target = _committed(chk) + rng.randint(1, 3)
            deadline = time.monotonic() + 60
            while proc.poll() is None and _committed(chk) < target and time.monotonic() < deadline:
                time.sleep(0.002)
            time.sleep(rng.random() * 0.05)
            if proc.poll() is not None:
                break  # the backlog ran out first
            proc.send_signal(signal.SIGINT)
            try:
                codes.append(proc.wait(30))  # a bound for a hung process, not a timing assertion
            except subprocess.TimeoutExpired:
                pytest.fail("the query process ignored SIGINT")
            err = proc.stderr.read() if proc.stderr else ""
            assert "KeyboardInterrupt" in err or proc.returncode == 130, err
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait(10)
            for stream in (proc.stdout, proc.stderr):
                if stream:
                    stream.close()
    return codes


def _run_to_end(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr


def _input(src, files: int) -> list[str]:
    lines = []
    for i in range(files):
        chunk = [f"w{(i * 7 + j) % 13}" for j in range(20)]
        lines.extend(chunk)
        write_file(src, f"f{i:03d}.txt", "\n".join(chunk) + "\n")
        os.utime(src / f"f{i:03d}.txt", (1_700_000_000 + i, 1_700_000_000 + i))
    return lines


@pytest.mark.parametrize("runner", ["python", "rillet run"])
def test_ctrl_c_stops_a_file_sink_query_and_the_restart_is_exact(tmp_path, runner):
    src, chk, out = tmp_path / "in", tmp_path / "chk", tmp_path / "out"
    lines = _input(src, 40)
    job = tmp_path / "job.py"
    job.write_text(JOB)
    args = ["files", str(src), str(chk), str(out)]
    cmd = [sys.executable, str(job), *args] if runner == "python" else [
        sys.executable, "-m", "rillet.cli", "run", "--no-wait", str(job), *args]
    codes = _interrupt_at_random(cmd, chk, interrupts=4, seed=7)
    assert codes, "no SIGINT landed before the backlog ran out"
    # Python dies of the re-raised SIGINT; `rillet run` exits 130 as a shell does
    assert set(codes) == ({-signal.SIGINT} if runner == "python" else {130})
    _run_to_end(cmd)
    files = files_for_read(str(out)) or []
    got = [v for f in files for v in pq.read_table(f).column("value").to_pylist()]
    assert collections.Counter(got) == collections.Counter(lines)


def test_ctrl_c_stops_an_aggregation_and_the_restart_counts_exactly(tmp_path):
    import json

    src, chk, out = tmp_path / "in", tmp_path / "chk", tmp_path / "out"
    os.makedirs(out)
    lines = _input(src, 30)
    cmd = [sys.executable, "-c", JOB, "counts", str(src), str(chk), str(out)]
    assert _interrupt_at_random(cmd, chk, interrupts=4, seed=3)
    _run_to_end(cmd)
    with open(out / "latest.json") as f:
        counts = {w: n for w, n in json.load(f)}
    assert counts == dict(collections.Counter(lines))


# the README's quickstart (socket word count, console sink, awaitTermination) against the
# example's line server standing in for `nc -lk 9999`
QUICKSTART = """
from rillet.examples.wordcount import LineServer, TEXT
from rillet.sql import SparkSession, functions as F

server = LineServer(TEXT, 0.05).start()
spark = SparkSession.builder.appName("wc").config("spark.ui.enabled", "false").getOrCreate()
lines = spark.readStream.format("socket").option("host", server.host).option("port", server.port).load()
counts = lines.select(F.explode(F.split(F.col("value"), r"\\s")).alias("word")).groupBy("word").count()
query = (counts.writeStream.format("console").outputMode("complete")
         .trigger(processingTime="1 second").start())
query.awaitTermination()
"""


@pytest.mark.parametrize("program", ["quickstart", "example"])
def test_ctrl_c_stops_the_socket_word_count(program):
    cmd = ([sys.executable, "-c", QUICKSTART] if program == "quickstart"
           else [sys.executable, "-m", "rillet.examples.wordcount", "--batches", "0", "--interval", "0.05"])
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:  # a batch with counts has been printed: the query runs
            if line.startswith("Batch: 1"):
                break
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)  # a bound for a hung process, not a timing assertion
        except subprocess.TimeoutExpired:
            pytest.fail("the word count ignored SIGINT")
        # the example handles Ctrl-C as its way to end; the quickstart dies of the SIGINT
        assert proc.returncode == (0 if program == "example" else -signal.SIGINT)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()
