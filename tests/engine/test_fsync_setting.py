"""``spark.rillet.checkpoint.fsync``: progress files are fsynced unless a query turns it off."""

from __future__ import annotations

import os
import threading

from helpers import write_file

from rillet import durability


def _run_counting_fsyncs(spark, tmp_path, monkeypatch, name: str, **conf: str) -> int:
    calls: list[str] = []
    real = os.fsync

    def counting(fd: int) -> None:
        calls.append(threading.current_thread().name)
        real(fd)

    monkeypatch.setattr(os, "fsync", counting)
    src = tmp_path / name
    src.mkdir()
    write_file(src, "1.txt", "a\nb\na\n")
    for k, v in conf.items():
        spark.conf.set(k, v)
    try:
        q = (spark.readStream.text(str(src)).groupBy("value").count().writeStream.format("memory")
             .queryName(name).outputMode("complete").option("checkpointLocation", str(tmp_path / f"{name}-ck"))
             .start())
        q.processAllAvailable()
        q.stop()
    finally:
        for k in conf:
            spark.conf.unset(k)
    assert sorted(tuple(r) for r in spark.table(name).collect()) == [("a", 2), ("b", 1)]
    assert os.path.exists(tmp_path / f"{name}-ck" / "commits" / "0")
    return len([c for c in calls if "stream execution thread" in c])


def test_progress_files_are_fsynced_by_default(spark, tmp_path, monkeypatch):
    assert _run_counting_fsyncs(spark, tmp_path, monkeypatch, "fsync_default") >= 4


def test_fsyncs_can_be_turned_off_per_query(spark, tmp_path, monkeypatch):
    assert _run_counting_fsyncs(spark, tmp_path, monkeypatch, "fsync_off", **{durability.CONF: "false"}) == 0
    assert durability.enabled()  # the test's own thread is untouched
