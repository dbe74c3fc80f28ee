"""The rate source: Spark's columns, and the same rows for the same offsets."""

from __future__ import annotations

import pyarrow as pa

from rillet.connectors.base import SourceContext
from rillet.connectors.rate import RateSource, value_at_second


def test_rate_source_schema(spark):
    df = spark.readStream.format("rate").option("rowsPerSecond", 10).load()
    assert df.dtypes == [("timestamp", "timestamp"), ("value", "bigint")]


def test_batches_are_deterministic_for_the_same_offsets(tmp_path):
    ctx = SourceContext(str(tmp_path / "src"), {"rowsPerSecond": "4"})
    first = RateSource(ctx).get_batch(0, 2)
    again = RateSource(ctx).get_batch(0, 2)  # a restarted source reads its creation time back
    assert first.equals(again)
    assert first.column("value").to_pylist() == list(range(8))
    ts = first.column("timestamp").cast(pa.int64()).to_pylist()
    assert [t - ts[0] for t in ts] == [i * 250_000 for i in range(8)]


def test_ramp_up_matches_spark():
    # Spark's RateStreamProvider.valueAtSecond with rowsPerSecond=10, rampUpTime=4
    assert [value_at_second(s, 10, 4) for s in range(7)] == [0, 2, 6, 12, 20, 30, 40]


def test_rate_stream_end_to_end(spark):
    q = (spark.readStream.format("rate").option("rowsPerSecond", 1000).load()
         .writeStream.format("memory").queryName("rate_e2e").start())
    q.processAllAvailable()
    q.stop()
    values = [r.value for r in spark.table("rate_e2e").collect()]
    assert values == list(range(len(values)))


def test_rate_micro_batch_gives_exact_rows_per_batch(spark):
    batches = []
    q = (spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 3)
         .option("startTimestamp", 1_000).option("advanceMillisPerBatch", 500).load()
         .writeStream.foreachBatch(lambda df, i: batches.append([(r.value, r.timestamp.timestamp()) for r in df.collect()]))
         .trigger(processingTime="10 milliseconds").start())
    from helpers import eventually

    eventually(lambda: len(batches) >= 3)  # every trigger has new data: wait for three batches
    q.stop()
    assert batches[:3] == [
        [(0, 1.0), (1, 1.0), (2, 1.0)],
        [(3, 1.5), (4, 1.5), (5, 1.5)],
        [(6, 2.0), (7, 2.0), (8, 2.0)],
    ]


def test_rate_micro_batch_needs_rows_per_batch(spark):
    from rillet.errors import IllegalArgumentException

    with __import__("pytest").raises(IllegalArgumentException, match="rowsPerBatch"):
        spark.readStream.format("rate-micro-batch").load()


def test_rate_micro_batch_under_available_now_runs_one_batch_and_stops(spark, tmp_path):
    # Spark's RatePerMicroBatchStream supports availableNow: one more batch per run
    chk = str(tmp_path / "chk")
    for run in (1, 2):
        q = (spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 5).load()
             .writeStream.format("memory").queryName(f"rate_available_now_{run}")
             .option("checkpointLocation", chk).trigger(availableNow=True).start())
        assert q.awaitTermination(30) is True
        assert len(q.recentProgress) == 1
        assert sorted(r.value for r in spark.table(f"rate_available_now_{run}").collect()) == list(
            range((run - 1) * 5, run * 5))
