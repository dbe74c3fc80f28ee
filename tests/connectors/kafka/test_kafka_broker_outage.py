"""A broker that goes away mid-stream: the query retries, then fails with StreamingQueryException
naming the servers; restarted on the same checkpoint, it loses no committed batch."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest
from connectors.kafka.kafka_broker import Broker, free_port, start_broker, stop_broker

from rillet.errors import StreamingQueryException


def test_broker_lost_mid_stream_fails_the_query_and_a_restart_resumes_without_loss(spark, tmp_path):
    data_dir = tempfile.mkdtemp(prefix="rillet-kafka-outage-")
    port = free_port()
    log = open(os.path.join(data_dir, "broker.log"), "wb")  # noqa: SIM115 - closed below
    proc, reason = start_broker(os.path.join(data_dir, "data"), port, log)
    if proc is None:
        log.close()
        shutil.rmtree(data_dir, ignore_errors=True)
        pytest.skip(reason)
    try:
        broker = Broker(f"127.0.0.1:{port}", proc)
        topic = broker.topic(partitions=2)
        broker.produce(topic, [f"a{i}".encode() for i in range(10)])
        seen: list[tuple[int, str]] = []

        def collect(batch, batch_id):
            seen.extend((batch_id, r.v) for r in batch.collect())

        def start():
            return (spark.readStream.format("kafka").option("kafka.bootstrap.servers", broker.bootstrap)
                    .option("subscribe", topic).option("startingOffsets", "earliest")
                    .option("fetchOffset.numRetries", 2).option("fetchOffset.retryIntervalMs", 100)
                    .option("kafkaConsumer.pollTimeoutMs", 1000).load()
                    .selectExpr("CAST(value AS STRING) AS v").writeStream
                    .option("checkpointLocation", str(tmp_path / "ckpt")).foreachBatch(collect).start())

        q = start()
        q.processAllAvailable()
        assert sorted(v for _, v in seen) == [f"a{i}" for i in range(10)]
        stop_broker(proc)
        with pytest.raises(StreamingQueryException) as e:
            q.awaitTermination(60)
        assert broker.bootstrap in str(e.value)
        assert e.value.cause is not None

        proc, reason = start_broker(os.path.join(data_dir, "data"), port, log)
        assert proc is not None, reason
        broker.process = proc
        broker.produce(topic, [f"b{i}".encode() for i in range(5)])
        q2 = start()
        q2.processAllAvailable()
        q2.stop()
        values = [v for _, v in seen]
        assert sorted(values) == sorted([f"a{i}" for i in range(10)] + [f"b{i}" for i in range(5)])
    finally:
        stop_broker(proc)
        log.close()
        shutil.rmtree(data_dir, ignore_errors=True)
