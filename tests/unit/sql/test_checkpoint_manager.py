"""``spark._streamingCheckpointManager.repartition``: Spark's argument and checkpoint checks, and a
query restarted after it continues from the same state (rillet's state is not split by partition)."""

from __future__ import annotations

import pytest

from rillet.errors import PySparkValueError, SparkRuntimeException


@pytest.mark.parametrize(
    ("location", "partitions", "condition"),
    [
        (None, 5, "STATE_REPARTITION_INVALID_PARAMETER.IS_NULL"),
        ("  ", 5, "STATE_REPARTITION_INVALID_PARAMETER.IS_EMPTY"),
        ("chk", 0, "STATE_REPARTITION_INVALID_PARAMETER.IS_NOT_GREATER_THAN_ZERO"),
    ],
)
def test_bad_arguments_are_rejected(spark, location, partitions, condition):
    with pytest.raises(PySparkValueError) as info:
        spark._streamingCheckpointManager.repartition(location, partitions)
    assert info.value.getCondition() == condition


def test_checkpoint_without_a_committed_batch_or_its_offsets_is_rejected(spark, tmp_path):
    with pytest.raises(SparkRuntimeException) as info:
        spark._streamingCheckpointManager.repartition(str(tmp_path), 5)
    assert info.value.getCondition() == "STATE_REPARTITION_INVALID_CHECKPOINT.NO_COMMITTED_BATCH"
    (tmp_path / "commits").mkdir()
    (tmp_path / "commits" / "0").write_text("v1\n{}")
    with pytest.raises(SparkRuntimeException) as info:
        spark._streamingCheckpointManager.repartition(str(tmp_path), 5)
    assert info.value.getCondition() == "STATE_REPARTITION_INVALID_CHECKPOINT.NO_BATCH_FOUND"
    assert str(tmp_path) in str(info.value)


def test_aggregation_restarted_after_repartition_keeps_its_counts(spark, tmp_path):
    src, chk = tmp_path / "in", tmp_path / "chk"
    src.mkdir()
    seen: list = []

    def run() -> None:
        q = (spark.readStream.text(str(src)).groupBy("value").count().writeStream
             .foreachBatch(lambda df, _: seen.extend(df.collect())).option("checkpointLocation", str(chk))
             .outputMode("update").start())
        q.processAllAvailable()
        q.stop()

    (src / "1.txt").write_text("a\nb\na\n")
    run()
    spark._streamingCheckpointManager.repartition(str(chk), 6)
    (src / "2.txt").write_text("a\n")
    seen.clear()
    run()
    assert {r.value: r["count"] for r in seen} == {"a": 3}
