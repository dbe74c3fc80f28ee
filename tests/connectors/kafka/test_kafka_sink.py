"""writeStream.format("kafka") against a real broker: topic option vs column, keys, headers, partitions."""

from __future__ import annotations

import pyarrow as pa
import pytest

from rillet.connectors.base import SinkContext
from rillet.connectors.kafka import KafkaSink
from rillet.errors import AnalysisException


def _write_stream(spark, broker, df, tmp_path, **opts):
    w = df.writeStream.format("kafka").option("kafka.bootstrap.servers", broker.bootstrap) \
        .option("checkpointLocation", str(tmp_path / "ckpt"))
    for k, v in opts.items():
        w = w.option(k, v)
    return w.start()


def _source(spark, broker, topic):
    return (spark.readStream.format("kafka").option("kafka.bootstrap.servers", broker.bootstrap)
            .option("subscribe", topic).option("startingOffsets", "earliest").load())


def test_topic_option_keys_and_values_round_trip(spark, broker, tmp_path):
    src, dst = broker.topic(), broker.topic(partitions=2)
    broker.produce(src, [f"v{i}".encode() for i in range(6)], keys=[f"k{i % 2}".encode() for i in range(6)])
    df = _source(spark, broker, src).selectExpr("key", "upper(CAST(value AS STRING)) AS value")
    q = _write_stream(spark, broker, df, tmp_path, topic=dst)
    q.processAllAvailable()
    out = broker.consume_all(dst)
    assert sorted(v for _, _, _, v, _ in out) == [f"V{i}".encode() for i in range(6)]
    # records with the same key land in the same partition (the producer's key hashing)
    by_key: dict[bytes, set[int]] = {}
    for part, _, key, _, _ in out:
        by_key.setdefault(key, set()).add(part)
    assert sorted(by_key) == [b"k0", b"k1"] and all(len(p) == 1 for p in by_key.values())


def test_topic_column_partition_column_and_headers(spark, broker, tmp_path):
    src, a, b = broker.topic(), broker.topic(partitions=3), broker.topic()
    broker.produce(src, [f"{i}".encode() for i in range(6)])
    df = _source(spark, broker, src).selectExpr(
        f"CASE WHEN CAST(CAST(value AS STRING) AS INT) % 2 = 0 THEN '{a}' ELSE '{b}' END AS topic",
        "CAST(value AS STRING) AS value",
        "CAST(0 AS INT) AS partition",
        "array(named_struct('key', 'src-offset', 'value', CAST(CAST(offset AS STRING) AS BINARY))) AS headers",
    )
    q = _write_stream(spark, broker, df, tmp_path)
    q.processAllAvailable()
    got_a, got_b = broker.consume_all(a), broker.consume_all(b)
    assert sorted(r[3] for r in got_a) == [b"0", b"2", b"4"]
    assert sorted(r[3] for r in got_b) == [b"1", b"3", b"5"]
    assert {r[0] for r in got_a} == {0}
    assert all(r[4] == [("src-offset", r[3])] for r in got_a + got_b)


def test_topic_option_overrides_the_topic_column(spark, broker, tmp_path):
    src, dst, other = broker.topic(), broker.topic(), broker.topic()
    broker.produce(src, [b"x"])
    df = _source(spark, broker, src).selectExpr(f"'{other}' AS topic", "value")
    q = _write_stream(spark, broker, df, tmp_path, topic=dst)
    q.processAllAvailable()
    assert [r[3] for r in broker.consume_all(dst)] == [b"x"]
    assert broker.consume_all(other) == []


def test_exactly_once_sink_skips_a_replayed_batch_id(broker, tmp_path):
    dst = broker.topic()
    schema = pa.schema([pa.field("value", pa.string())])
    ctx = SinkContext(options={"kafka.bootstrap.servers": broker.bootstrap, "topic": dst, "exactlyOnce": "true"},
                      schema=schema, query_id="q-" + dst, metadata_path=str(tmp_path))
    table = pa.table({"value": ["a", "b"]})
    sink = KafkaSink(ctx)
    sink.add_batch(0, table, "append")
    sink.stop()
    # a restarted query (new sink, same query id) re-runs batch 0 and then runs batch 1
    again = KafkaSink(ctx)
    again.add_batch(0, table, "append")
    again.add_batch(1, pa.table({"value": ["c"]}), "append")
    again.stop()
    assert sorted(r[3] for r in broker.consume_all(dst)) == [b"a", b"b", b"c"]


def test_at_least_once_default_rewrites_a_replayed_batch(broker, tmp_path):
    dst = broker.topic()
    ctx = SinkContext(options={"kafka.bootstrap.servers": broker.bootstrap, "topic": dst},
                      schema=pa.schema([pa.field("value", pa.string())]), query_id="q", metadata_path=str(tmp_path))
    sink = KafkaSink(ctx)
    sink.add_batch(0, pa.table({"value": ["a"]}), "append")
    sink.add_batch(0, pa.table({"value": ["a"]}), "append")
    sink.stop()
    assert [r[3] for r in broker.consume_all(dst)] == [b"a", b"a"]  # as Spark's: documented at-least-once


def test_df_write_format_kafka_and_its_save_modes(spark, broker):
    dst = broker.topic()
    df = spark.createDataFrame([("k", "v"), ("k2", "v2")], "key STRING, value STRING")
    df.write.format("kafka").option("kafka.bootstrap.servers", broker.bootstrap).option("topic", dst).save()
    assert sorted((r[2], r[3]) for r in broker.consume_all(dst)) == [(b"k", b"v"), (b"k2", b"v2")]
    with pytest.raises(AnalysisException) as e:
        (df.write.format("kafka").mode("overwrite").option("kafka.bootstrap.servers", broker.bootstrap)
         .option("topic", dst).save())
    assert str(e.value) == ("Save mode Overwrite not allowed for Kafka. Allowed save modes are Append and "
                            "ErrorIfExists (default).")
    with pytest.raises(AnalysisException, match="Required attribute 'value' not found"):
        df.select("key").write.format("kafka").option("kafka.bootstrap.servers", broker.bootstrap) \
            .option("topic", dst).save()


def test_a_partition_that_does_not_exist_fails_the_query_naming_it(spark, broker, tmp_path):
    from rillet.errors import StreamingQueryException

    src, dst = broker.topic(), broker.topic()
    broker.produce(src, [b"x"])
    df = _source(spark, broker, src).selectExpr("value", "CAST(7 AS INT) AS partition")
    q = _write_stream(spark, broker, df, tmp_path, topic=dst)
    with pytest.raises(StreamingQueryException) as e:
        q.awaitTermination(30)
    assert f"topic '{dst}' partition 7" in str(e.value) and broker.bootstrap in str(e.value)
