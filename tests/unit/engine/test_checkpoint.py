"""Checkpoint logs: Spark's format, atomic writes, torn files reported by path."""

from __future__ import annotations

import pytest

from rillet.engine.checkpoint import Checkpoint, OffsetSeq
from rillet.errors import AnalysisException


def test_offsets_round_trip_in_sparks_format(tmp_path):
    c = Checkpoint(str(tmp_path))
    c.write_offsets(0, OffsetSeq([{"logOffset": 0}, 7], 0, 1700000000000, {"spark.sql.shuffle.partitions": "200"}))
    text = (tmp_path / "offsets" / "0").read_text()
    assert text.split("\n") == [
        "v1",
        '{"batchWatermarkMs":0,"batchTimestampMs":1700000000000,"conf":{"spark.sql.shuffle.partitions":"200"}}',
        '{"logOffset":0}',
        "7",
    ]
    seq = c.read_offsets(0)
    assert seq.offsets == [{"logOffset": 0}, 7] and seq.batch_timestamp_ms == 1700000000000


def test_query_id_is_stable(tmp_path):
    assert Checkpoint(str(tmp_path)).query_id() == Checkpoint(str(tmp_path)).query_id()


def test_truncated_offsets_file_is_reported_with_its_path(tmp_path):
    c = Checkpoint(str(tmp_path))
    (tmp_path / "offsets" / "3").write_text('v1\n{"batchWatermarkMs":0,"batchTi')
    with pytest.raises(AnalysisException) as info:
        c.read_offsets(3)
    assert info.value.getCondition() == "CHECKPOINT_FILE_CORRUPT"
    assert str(tmp_path / "offsets" / "3") in str(info.value)


def test_no_temporary_files_are_left_behind(tmp_path):
    c = Checkpoint(str(tmp_path))
    for i in range(5):
        c.write_commit(i, 0)
    assert sorted((tmp_path / "commits").iterdir()) == [tmp_path / "commits" / str(i) for i in range(5)]
    c.purge(2)
    assert sorted(p.name for p in (tmp_path / "commits").iterdir()) == ["3", "4"]
