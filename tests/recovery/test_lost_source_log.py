"""A source's log entry lost or torn for a batch the offset log planned (issue 18, item 5):
the restarted query stops with an error naming the file and batch, and never re-plans the
batch from a fresh listing (which read one file twice and another never)."""

from __future__ import annotations

import os

import pytest
from helpers import write_file

from rillet.errors import PySparkException, StreamingQueryException


def _start(spark, src, chk, out):
    return (spark.readStream.option("maxFilesPerTrigger", 1).text(str(src)).writeStream.format("parquet")
            .option("checkpointLocation", str(chk)).start(str(out)))


def _three_batches(spark, tmp_path):
    src, chk, out = tmp_path / "in", tmp_path / "chk", tmp_path / "out"
    for i in range(3):
        write_file(src, f"f{i}.txt", f"line-{i}\n")
        os.utime(src / f"f{i}.txt", (1_700_000_000 + i, 1_700_000_000 + i))
    q = _start(spark, src, chk, out)
    q.processAllAvailable()
    q.stop()
    assert sorted(os.listdir(chk / "commits")) == ["0", "1", "2"]
    return src, chk, out


def _rows(spark, out) -> list[str]:
    return sorted(r.value for r in spark.read.parquet(str(out)).collect())


def _failure(spark, src, chk, out) -> PySparkException:
    """The restarted query's error, whether it fails while starting or in its first trigger."""
    try:
        q = _start(spark, src, chk, out)
        q.processAllAvailable()
    except StreamingQueryException as e:
        return e.cause if isinstance(e.cause, PySparkException) else e
    pytest.fail("the restarted query ran on a checkpoint with a lost source log entry")


@pytest.mark.parametrize("lost", [2, 1])
def test_lost_entry_of_a_committed_batch_stops_the_query_naming_it(spark, tmp_path, lost):
    src, chk, out = _three_batches(spark, tmp_path)
    os.remove(chk / "sources" / "0" / str(lost))
    write_file(src, "f3.txt", "line-3\n")
    err = _failure(spark, src, chk, out)
    assert err.getCondition() == "CHECKPOINT_FILE_MISSING"
    assert str(chk / "sources" / "0" / str(lost)) in str(err)
    assert f"batches ({lost}) don't exist" in str(err)
    assert _rows(spark, out) == ["line-0", "line-1", "line-2"]  # nothing read twice


def test_lost_entry_of_the_batch_being_rerun_stops_the_query(spark, tmp_path):
    src, chk, out = _three_batches(spark, tmp_path)
    # as if the process died after offsets/2 and before commits/2, and sources/0/2 was lost
    os.remove(chk / "commits" / "2")
    os.remove(chk / "sources" / "0" / "2")
    err = _failure(spark, src, chk, out)
    assert err.getCondition() == "CHECKPOINT_FILE_MISSING"
    assert str(chk / "sources" / "0" / "2") in str(err)


@pytest.mark.parametrize("damage", ['v1\n{"path":"file:///x","timest', "v1\nnot json\n", ""])
def test_torn_entry_stops_the_query_naming_the_file(spark, tmp_path, damage):
    src, chk, out = _three_batches(spark, tmp_path)
    (chk / "sources" / "0" / "1").write_text(damage)
    err = _failure(spark, src, chk, out)
    assert err.getCondition() == "CHECKPOINT_FILE_CORRUPT"
    assert str(chk / "sources" / "0" / "1") in str(err)


def test_torn_first_start_record_of_the_rate_source_is_reported(spark, tmp_path):
    chk = tmp_path / "chk"
    q = spark.readStream.format("rate").load().writeStream.format("noop").option("checkpointLocation", str(chk)).start()
    q.stop()
    (chk / "sources" / "0" / "0").write_text("v1\n{1699")  # torn: never silently recorded anew
    with pytest.raises(StreamingQueryException) as e:
        spark.readStream.format("rate").load().writeStream.format("noop").option("checkpointLocation", str(chk)).start()
    assert e.value.cause.getCondition() == "CHECKPOINT_FILE_CORRUPT"
    assert str(chk / "sources" / "0" / "0") in str(e.value.cause)


def test_lost_offset_log_entry_of_a_committed_batch_stops_the_query(spark, tmp_path):
    src, chk, out = _three_batches(spark, tmp_path)
    os.remove(chk / "offsets" / "2")
    err = _failure(spark, src, chk, out)
    assert err.getCondition() == "CHECKPOINT_FILE_MISSING" and str(chk / "offsets" / "2") in str(err)


def test_lost_commit_before_the_batch_being_rerun_stops_the_query(spark, tmp_path):
    src, chk, out = _three_batches(spark, tmp_path)
    os.remove(chk / "commits" / "2")  # batch 2 re-runs on batch 1's commit...
    os.remove(chk / "commits" / "1")  # ...which is lost
    err = _failure(spark, src, chk, out)
    assert err.getCondition() == "CHECKPOINT_FILE_MISSING" and str(chk / "commits" / "1") in str(err)
