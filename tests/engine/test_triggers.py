"""Triggers: default, processingTime, once, availableNow; continuous is refused."""

from __future__ import annotations

import pytest
from helpers import write_file

from rillet.errors import IllegalArgumentException, PySparkValueError


def test_available_now_processes_the_backlog_and_stops(spark, tmp_path):
    for i in range(5):
        write_file(tmp_path, f"{i}.txt", f"{i}\n")
    batches = []
    q = (spark.readStream.option("maxFilesPerTrigger", 2).text(str(tmp_path)).writeStream
         .trigger(availableNow=True)
         .foreachBatch(lambda df, i: batches.append(sorted(r.value for r in df.collect()))).start())
    assert q.awaitTermination(20) is True
    assert not q.isActive and q.exception() is None
    assert batches == [["0", "1"], ["2", "3"], ["4"]]


def test_once_runs_one_batch_with_everything(spark, tmp_path):
    for i in range(3):
        write_file(tmp_path, f"{i}.txt", f"{i}\n")
    batches = []
    q = (spark.readStream.text(str(tmp_path)).writeStream.trigger(once=True)
         .foreachBatch(lambda df, i: batches.append(df.count())).start())
    q.awaitTermination(20)
    assert batches == [3]


def test_processing_time_interval_is_parsed(spark, tmp_path):
    q = (spark.readStream.text(str(tmp_path)).writeStream.format("memory").queryName("pt")
         .trigger(processingTime="100 milliseconds").start())
    write_file(tmp_path, "a.txt", "x\n")
    q.processAllAvailable()
    assert spark.table("pt").count() == 1


def test_bad_triggers_are_rejected(spark, tmp_path):
    w = spark.readStream.text(str(tmp_path)).writeStream
    with pytest.raises(PySparkValueError):
        w.trigger(processingTime="1 second", once=True)
    with pytest.raises(PySparkValueError):
        w.trigger(processingTime="")
    with pytest.raises(IllegalArgumentException, match="1 fortnight"):
        w.trigger(processingTime="1 fortnight")
    with pytest.raises(IllegalArgumentException, match="Continuous processing is not supported"):
        w.trigger(continuous="1 second")


class _Terminal:
    """Stands in for a terminal on stderr: records what the progress bar draws."""

    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, s: str) -> None:
        self.text += s

    def flush(self) -> None:
        pass


def test_available_now_draws_a_backlog_bar_on_a_terminal(spark, tmp_path, monkeypatch):
    for i in range(4):
        write_file(tmp_path, f"{i}.txt", f"{i}\n")
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    q = (spark.readStream.option("maxFilesPerTrigger", 1).text(str(tmp_path)).writeStream
         .format("noop").trigger(availableNow=True).start())
    q.awaitTermination(20)
    assert "100% 4/4 files" in terminal.text
    assert terminal.text.count("\r[") >= 4 and terminal.text.endswith("\n")


def test_available_now_ends_even_while_files_keep_arriving(spark, tmp_path):
    for i in range(3):
        write_file(tmp_path, f"{i}.txt", f"{i}\n")
    seen = []

    def arrive_during_the_run(df, batch_id):
        seen.append(sorted(r.value for r in df.collect()))
        write_file(tmp_path, f"late-{batch_id}.txt", "late\n")  # not part of this run's backlog

    q = (spark.readStream.option("maxFilesPerTrigger", 1).text(str(tmp_path)).writeStream
         .trigger(availableNow=True).foreachBatch(arrive_during_the_run).start())
    assert q.awaitTermination(20) is True
    assert seen == [["0"], ["1"], ["2"]]
