"""The file source's seen-files log (``<checkpoint>/sources/0``) compacts as Spark's
``FileStreamSourceLog``, old batch files of both logs (source and ``_spark_metadata``)
are deleted as Spark deletes them, and a checkpoint moves between PySpark and rillet
across compact files in both directions with every input line written exactly once.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from rillet.connectors.files.manifest import FileStreamSourceLog, LogRetention, derive_compact_interval


def add_file(folder: Path, i: int) -> str:
    """One input file, its modification time increasing with ``i``, written aside and
    renamed in (a running query never lists it half-made); returns its line."""
    folder.mkdir(parents=True, exist_ok=True)
    staged = folder.parent / f".staged-{i}"
    staged.write_text(f"line {i}\n")
    os.utime(staged, (1_700_000_000 + 10 * i,) * 2)
    os.replace(staged, folder / f"part-{i:03d}.txt")
    return f"line {i}"


def log_names(folder: Path) -> list[str]:
    return sorted((n for n in os.listdir(folder) if not n.startswith(".")), key=lambda n: int(n.split(".")[0]))


def entries(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text().split("\n")
    assert lines[0] == "v1"
    return [json.loads(ln) for ln in lines[1:]]


def sink_lines(out: Path) -> Counter:
    lines: Counter = Counter()
    for path in out.glob("*.parquet"):
        lines.update(pq.read_table(path).column("value").to_pylist())
    return lines


def run(spark: Any, source: Path, out: Path, checkpoint: Path, files: range) -> None:
    """A text stream of ``source`` into a parquet file sink, one file per micro-batch."""
    source.mkdir(parents=True, exist_ok=True)
    q = (spark.readStream.option("maxFilesPerTrigger", 1).text(str(source))
         .writeStream.format("parquet").option("path", str(out))
         .option("checkpointLocation", str(checkpoint)).start())
    try:
        for i in files:
            add_file(source, i)
            q.processAllAvailable()
    finally:
        q.stop()


@pytest.fixture
def confs(spark: Any) -> Iterator[Any]:
    """Set session confs for one test, unset after."""
    keys: list[str] = []

    def set_confs(**values: str) -> None:
        for key, value in values.items():
            spark.conf.set(key, value)
            keys.append(key)

    yield set_confs
    for key in keys:
        spark.conf.unset(key)


# --- rillet alone --------------------------------------------------------------------------


def test_the_seen_files_log_compacts_every_interval_and_a_restart_reads_no_file_twice(spark, tmp_path, confs):
    confs(**{"spark.sql.streaming.fileSource.log.compactInterval": "3"})
    source, out, ck = tmp_path / "in", tmp_path / "out", tmp_path / "ck"
    run(spark, source, out, ck, range(7))
    log = ck / "sources" / "0"
    assert log_names(log) == ["0", "1", "2.compact", "3", "4", "5.compact", "6"]  # default delay: 10 minutes
    compact = entries(log / "5.compact")
    assert [(e["path"].rsplit("/", 1)[-1], e["batchId"]) for e in compact] == [
        (f"part-{i:03d}.txt", i) for i in range(6)
    ]
    assert all(e["path"].startswith("file:///") for e in compact)
    run(spark, source, out, ck, range(7, 9))
    assert log_names(log)[-3:] == ["6", "7", "8.compact"]
    assert sink_lines(out) == Counter(f"line {i}" for i in range(9))


def test_old_log_files_go_once_the_compact_file_covers_them_and_the_delay_passed(spark, tmp_path, confs):
    confs(**{
        "spark.sql.streaming.fileSource.log.compactInterval": "3",
        "spark.sql.streaming.fileSink.log.compactInterval": "3",
        "spark.sql.streaming.minBatchesToRetain": "1",
        "spark.sql.streaming.fileSource.log.cleanupDelay": "0",
        "spark.sql.streaming.fileSink.log.cleanupDelay": "0",
    })
    source, out, ck = tmp_path / "in", tmp_path / "out", tmp_path / "ck"
    run(spark, source, out, ck, range(7))
    assert log_names(ck / "sources" / "0") == ["5.compact", "6"]
    assert log_names(out / "_spark_metadata") == ["5.compact", "6"]
    # a restart reads the compact file: nothing is read twice, the next file once
    run(spark, source, out, ck, range(7, 8))
    assert sink_lines(out) == Counter(f"line {i}" for i in range(8))
    assert sorted(r.value for r in spark.read.parquet(str(out)).collect()) == sorted(f"line {i}" for i in range(8))


def test_old_log_files_stay_with_deletion_off_or_within_the_delay(spark, tmp_path, confs):
    confs(**{
        "spark.sql.streaming.fileSource.log.compactInterval": "3",
        "spark.sql.streaming.fileSink.log.compactInterval": "3",
        "spark.sql.streaming.minBatchesToRetain": "1",
        "spark.sql.streaming.fileSource.log.deletion": "false",
        "spark.sql.streaming.fileSink.log.cleanupDelay": "1h",
    })
    source, out, ck = tmp_path / "in", tmp_path / "out", tmp_path / "ck"
    run(spark, source, out, ck, range(7))
    everything = ["0", "1", "2.compact", "3", "4", "5.compact", "6"]
    assert log_names(ck / "sources" / "0") == everything
    assert log_names(out / "_spark_metadata") == everything


def test_a_log_written_with_another_interval_keeps_its_interval(tmp_path):
    folder = tmp_path / "log"
    log = FileStreamSourceLog(str(folder), LogRetention(compact_interval=2))
    for b in range(4):
        log.add(b, [{"path": f"file:///x/{b}", "timestamp": b, "batchId": b}])
    assert log_names(folder) == ["0", "1.compact", "2", "3.compact"]
    reopened = FileStreamSourceLog(str(folder), LogRetention(compact_interval=10))
    assert reopened.compact_interval == 2
    assert {b: [e["path"] for e in es] for b, es in reopened.restore().items()} == {
        b: [f"file:///x/{b}"] for b in range(4)
    }
    # Spark's deriveCompactInterval: the smallest divisor of (latest compact + 1) >= the default
    assert [derive_compact_interval(10, c) for c in (5, 29, 35, 37, 36)] == [6, 10, 12, 19, 37]


def test_a_bad_compact_interval_is_rejected_naming_the_conf(spark, tmp_path, confs):
    confs(**{"spark.sql.streaming.fileSource.log.compactInterval": "0"})
    source = tmp_path / "in"
    add_file(source, 0)
    df = spark.readStream.text(str(source))
    with pytest.raises(Exception, match="spark.sql.streaming.fileSource.log.compactInterval"):
        q = df.writeStream.format("noop").option("checkpointLocation", str(tmp_path / "ck")).start()
        try:
            q.processAllAvailable()
        finally:
            q.stop()


# --- hand-over with real PySpark -------------------------------------------------------------


@pytest.fixture(scope="module")
def pyspark() -> Iterator[Any]:
    """Real PySpark, on one local core (stopped after unless another test started it)."""
    if shutil.which("java") is None:
        pytest.skip("the hand-over needs real PySpark, which needs Java: no `java` on PATH")
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    existing = SparkSession.getActiveSession()
    session = (SparkSession.builder.master("local[1]").appName("rillet-file-source-log")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
               .getOrCreate())
    session.sparkContext.setLogLevel("OFF")
    yield session
    if existing is None:
        session.stop()


def test_a_checkpoint_moves_pyspark_to_rillet_to_pyspark_across_compact_files(spark, pyspark, tmp_path):
    source, out, ck = tmp_path / "in", tmp_path / "out", tmp_path / "ck"
    log = ck / "sources" / "0"
    run(pyspark, source, out, ck, range(12))  # PySpark: batches 0-11, writes 9.compact
    assert "9.compact" in log_names(log)
    run(spark, source, out, ck, range(12, 20))  # rillet reads it, writes 12-19 and 19.compact
    assert log_names(log)[-3:] == ["17", "18", "19.compact"]
    assert [e["batchId"] for e in entries(log / "19.compact")] == list(range(20))
    assert (out / "_spark_metadata" / "19.compact").exists()
    run(pyspark, source, out, ck, range(20, 22))  # PySpark reads rillet's compact files
    assert log_names(log)[-2:] == ["20", "21"]
    assert sink_lines(out) == Counter(f"line {i}" for i in range(22))
    # and the sink's manifest, compacted by both engines, lists each file once for both readers
    expected = sorted(f"line {i}" for i in range(22))
    assert sorted(r.value for r in spark.read.parquet(str(out)).collect()) == expected
    assert sorted(r.value for r in pyspark.read.parquet(str(out)).collect()) == expected
