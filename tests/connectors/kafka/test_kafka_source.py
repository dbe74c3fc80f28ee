"""readStream/read.format("kafka") against a real broker: partitions, offsets, admission, restarts."""

from __future__ import annotations

import json
import os
import time
import uuid

import pytest
from confluent_kafka import TopicPartition

from rillet.errors import StreamingQueryException


def kafka_options(broker, **extra):
    opts = {"kafka.bootstrap.servers": broker.bootstrap}
    opts.update({k: str(v) for k, v in extra.items()})
    return opts


def _stream(spark, broker, **opts):
    reader = spark.readStream.format("kafka")
    for k, v in kafka_options(broker, **opts).items():
        reader = reader.option(k, v)
    return reader.load()


def _to_memory(df, name, checkpoint=None):
    w = df.selectExpr("topic", "partition", "offset", "CAST(key AS STRING) AS key",
                      "CAST(value AS STRING) AS value").writeStream.format("memory").queryName(name)
    if checkpoint is not None:
        w = w.option("checkpointLocation", checkpoint)
    return w.start()


def _rows(spark, name):
    return sorted(tuple(r) for r in spark.sql(f"SELECT topic, partition, offset, key, value FROM {name}").collect())


def _name() -> str:
    return f"k_{uuid.uuid4().hex[:8]}"


def test_multi_partition_topic_streams_every_record_once_with_its_partition_and_offset(spark, broker):
    topic = broker.topic(partitions=3)
    for p in range(3):
        broker.produce(topic, [f"p{p}-{i}".encode() for i in range(5)], partition=p,
                       keys=[f"k{i}".encode() for i in range(5)])
    name = _name()
    q = _to_memory(_stream(spark, broker, subscribe=topic, startingOffsets="earliest"), name)
    q.processAllAvailable()
    expected = sorted((topic, p, i, f"k{i}", f"p{p}-{i}") for p in range(3) for i in range(5))
    assert _rows(spark, name) == expected
    broker.produce(topic, [b"late"], partition=1)
    q.processAllAvailable()
    assert _rows(spark, name) == sorted(expected + [(topic, 1, 5, None, "late")])
    end = q.lastProgress["sources"][0]["endOffset"]
    assert end == {topic: {"0": 5, "1": 6, "2": 5}}


def test_schema_types_and_headers_match_spark(spark, broker):
    topic = broker.topic()
    # recent timestamps: a broker's retention (7 days by default) may delete older records
    stamp = int(time.time() * 1000) - 60_000 + 123
    broker.produce(topic, [b"a", b"b"], headers=[[("h1", b"x"), ("h2", None)], None], timestamps=[stamp, stamp + 333])
    df = (spark.read.format("kafka").option("kafka.bootstrap.servers", broker.bootstrap)
          .option("subscribe", topic).option("includeHeaders", "true").load())
    assert df.schema.simpleString() == (
        "struct<key:binary,value:binary,topic:string,partition:int,offset:bigint,timestamp:timestamp,"
        "timestampType:int,headers:array<struct<key:string,value:binary>>>"
    )
    rows = df.orderBy("offset").collect()
    assert [bytes(r.value) for r in rows] == [b"a", b"b"]
    assert [r.timestampType for r in rows] == [0, 0]
    assert round(rows[0].timestamp.timestamp() * 1000) == stamp
    assert [(h.key, None if h.value is None else bytes(h.value)) for h in rows[0].headers] == [("h1", b"x"), ("h2", None)]
    assert rows[1].headers is None
    plain = spark.read.format("kafka").option("kafka.bootstrap.servers", broker.bootstrap).option("subscribe", topic).load()
    assert "headers" not in plain.columns


def test_max_offsets_per_trigger_splits_a_backlog_into_several_batches(spark, broker):
    topic = broker.topic(partitions=2)
    for p in range(2):
        broker.produce(topic, [f"{p}-{i}".encode() for i in range(15)], partition=p)
    name = _name()
    q = _to_memory(_stream(spark, broker, subscribe=topic, startingOffsets="earliest", maxOffsetsPerTrigger=10), name)
    q.processAllAvailable()
    counts = [p["numInputRows"] for p in q.recentProgress if p["numInputRows"]]
    assert counts == [10, 10, 10]
    assert len(_rows(spark, name)) == 30
    # each batch split evenly between the two equally lagging partitions (Spark's rateLimit)
    first = q.recentProgress[0]["sources"][0]["endOffset"]
    assert first == {topic: {"0": 5, "1": 5}}


def test_available_now_respects_max_offsets_and_stops_at_the_backlog(spark, broker):
    topic = broker.topic()
    broker.produce(topic, [str(i).encode() for i in range(25)])
    name = _name()
    df = _stream(spark, broker, subscribe=topic, startingOffsets="earliest", maxOffsetsPerTrigger=10)
    q = (df.selectExpr("CAST(value AS STRING) AS value").writeStream.format("memory").queryName(name)
         .trigger(availableNow=True).start())
    q.awaitTermination(60)
    assert [p["numInputRows"] for p in q.recentProgress if p["numInputRows"]] == [10, 10, 5]
    assert sorted(int(r.value) for r in spark.sql(f"SELECT value FROM {name}").collect()) == list(range(25))


def test_min_offsets_per_trigger_waits_for_enough_data(spark, broker):
    topic = broker.topic()
    broker.produce(topic, [b"x"] * 3)
    name = _name()
    q = _to_memory(_stream(spark, broker, subscribe=topic, startingOffsets="earliest",
                           minOffsetsPerTrigger=5, maxTriggerDelay="1h"), name)
    q.processAllAvailable()  # the first batch always runs (no trigger yet to delay from)
    assert len(_rows(spark, name)) == 3
    broker.produce(topic, [b"y"] * 2)
    time.sleep(0.5)
    q.processAllAvailable()
    assert len(_rows(spark, name)) == 3  # 2 < minOffsetsPerTrigger: delayed
    broker.produce(topic, [b"z"] * 3)
    q.processAllAvailable()
    assert len(_rows(spark, name)) == 8


def test_starting_offsets_latest_skips_what_was_there(spark, broker):
    topic = broker.topic(partitions=2)
    broker.produce(topic, [b"old"] * 4)
    name = _name()
    q = _to_memory(_stream(spark, broker, subscribe=topic), name)  # default: latest
    q.processAllAvailable()
    broker.produce(topic, [b"new1"], partition=0)
    broker.produce(topic, [b"new2"], partition=1)
    q.processAllAvailable()
    assert sorted(r[4] for r in _rows(spark, name)) == ["new1", "new2"]


def test_starting_offsets_json_per_partition_with_earliest_and_latest(spark, broker):
    topic = broker.topic(partitions=3)
    for p in range(3):
        broker.produce(topic, [f"{p}-{i}".encode() for i in range(4)], partition=p)
    name = _name()
    start = json.dumps({topic: {"0": 2, "1": -2, "2": -1}})
    q = _to_memory(_stream(spark, broker, subscribe=topic, startingOffsets=start), name)
    q.processAllAvailable()
    assert [r[4] for r in _rows(spark, name)] == ["0-2", "0-3", "1-0", "1-1", "1-2", "1-3"]


def test_starting_timestamp_and_offsets_by_timestamp(spark, broker):
    topic = broker.topic(partitions=2)
    base = (int(time.time()) - 600) * 1000  # recent: older records may fall to retention
    for p in range(2):
        broker.produce(topic, [f"{p}-{i}".encode() for i in range(4)], partition=p,
                       timestamps=[base + 1000 * i for i in range(4)])
    name = _name()
    q = _to_memory(_stream(spark, broker, subscribe=topic, startingTimestamp=base + 2000), name)
    q.processAllAvailable()
    assert [r[4] for r in _rows(spark, name)] == ["0-2", "0-3", "1-2", "1-3"]
    q.stop()
    name2 = _name()
    by_ts = json.dumps({topic: {"0": base + 2500, "1": base}})
    q2 = _to_memory(_stream(spark, broker, subscribe=topic, startingOffsetsByTimestamp=by_ts), name2)
    q2.processAllAvailable()
    assert [r[4] for r in _rows(spark, name2)] == ["0-3", "1-0", "1-1", "1-2", "1-3"]


def test_assign_reads_only_the_given_partitions(spark, broker):
    topic = broker.topic(partitions=3)
    for p in range(3):
        broker.produce(topic, [f"{p}".encode()], partition=p)
    name = _name()
    q = _to_memory(_stream(spark, broker, assign=json.dumps({topic: [0, 2]}), startingOffsets="earliest"), name)
    q.processAllAvailable()
    assert [r[1] for r in _rows(spark, name)] == [0, 2]


def test_pattern_subscription_picks_up_a_topic_created_mid_stream(spark, broker):
    prefix = f"pat{uuid.uuid4().hex[:6]}"
    first = f"{prefix}-a"
    broker.create(first, 2)
    broker.produce(first, [b"a1", b"a2"])
    name = _name()
    q = _to_memory(_stream(spark, broker, subscribePattern=f"{prefix}-.*", startingOffsets="earliest"), name)
    q.processAllAvailable()
    assert sorted(r[4] for r in _rows(spark, name)) == ["a1", "a2"]
    second = f"{prefix}-b"
    broker.create(second, 1)
    broker.produce(second, [b"b1", b"b2", b"b3"])
    broker.create(f"other{uuid.uuid4().hex[:6]}", 1)
    deadline = time.time() + 20
    while time.time() < deadline and len(_rows(spark, name)) < 5:
        q.processAllAvailable()
    rows = _rows(spark, name)
    assert sorted(r[4] for r in rows) == ["a1", "a2", "b1", "b2", "b3"]  # new topic read from offset 0
    assert {r[0] for r in rows} == {first, second}


def test_restart_from_checkpoint_resumes_at_exactly_the_next_offset(spark, broker, tmp_path):
    topic = broker.topic(partitions=2)
    broker.produce(topic, [f"a{i}".encode() for i in range(6)])
    checkpoint = str(tmp_path / "ckpt")
    name = _name()
    q = _to_memory(_stream(spark, broker, subscribe=topic, startingOffsets="earliest", maxOffsetsPerTrigger=4),
                   name, checkpoint)
    q.processAllAvailable()
    first = _rows(spark, name)
    q.stop()
    broker.produce(topic, [f"b{i}".encode() for i in range(5)])
    name2 = _name()
    # startingOffsets only applies to a new query: the checkpoint wins
    q2 = _to_memory(_stream(spark, broker, subscribe=topic, startingOffsets="latest", maxOffsetsPerTrigger=4),
                    name2, checkpoint)
    q2.processAllAvailable()
    second = _rows(spark, name2)
    assert sorted(r[4] for r in first) == [f"a{i}" for i in range(6)]
    assert sorted(r[4] for r in second) == [f"b{i}" for i in range(5)]
    assert not set(first) & set(second)
    offsets = sorted(os.listdir(os.path.join(checkpoint, "offsets")), key=int)
    with open(os.path.join(checkpoint, "offsets", offsets[-1])) as f:
        last = json.loads(f.read().splitlines()[-1])
    total = sum(last[topic].values())
    assert total == 11  # Spark's offset JSON: the next offset to read per partition


def test_new_partitions_of_a_subscribed_topic_are_read_from_the_start(spark, broker):
    from confluent_kafka.admin import NewPartitions

    topic = broker.topic(partitions=1)
    broker.produce(topic, [b"x"])
    name = _name()
    q = _to_memory(_stream(spark, broker, subscribe=topic, startingOffsets="earliest"), name)
    q.processAllAvailable()
    admin = broker.admin()
    for f in admin.create_partitions([NewPartitions(topic, 2)]).values():
        f.result(10)
    broker.produce(topic, [b"y", b"z"], partition=1)
    deadline = time.time() + 20
    while time.time() < deadline and len(_rows(spark, name)) < 3:
        q.processAllAvailable()
    assert sorted((r[1], r[4]) for r in _rows(spark, name)) == [(0, "x"), (1, "y"), (1, "z")]


def test_truncated_offsets_fail_the_query_when_fail_on_data_loss(spark, broker, tmp_path):
    topic = broker.topic()
    broker.produce(topic, [str(i).encode() for i in range(10)])
    admin = broker.admin()
    for f in admin.delete_records([TopicPartition(topic, 0, 6)]).values():
        f.result(10)
    name = _name()
    df = _stream(spark, broker, assign=json.dumps({topic: [0]}), startingOffsets=json.dumps({topic: {"0": 2}}))
    q = _to_memory(df, name)
    with pytest.raises(StreamingQueryException) as e:
        q.awaitTermination(30)
    assert "KAFKA_DATA_LOSS" in str(e.value) and f"{topic}-0" in str(e.value)
    name2 = _name()
    df2 = _stream(spark, broker, assign=json.dumps({topic: [0]}), startingOffsets=json.dumps({topic: {"0": 2}}),
                  failOnDataLoss="false")
    q2 = _to_memory(df2, name2)
    q2.processAllAvailable()
    assert [r[4] for r in _rows(spark, name2)] == ["6", "7", "8", "9"]


def test_deleted_topic_follows_fail_on_data_loss(spark, broker):
    topic = broker.topic()
    broker.produce(topic, [b"1"])
    name = _name()
    q = _to_memory(_stream(spark, broker, subscribe=topic, startingOffsets="earliest", failOnDataLoss="false"), name)
    q.processAllAvailable()
    admin = broker.admin()
    for f in admin.delete_topics([topic]).values():
        f.result(10)
    time.sleep(0.3)
    q.processAllAvailable()
    assert q.isActive and len(_rows(spark, name)) == 1
    topic2 = broker.topic()
    broker.produce(topic2, [b"1"])
    q2 = _to_memory(_stream(spark, broker, subscribe=topic2, startingOffsets="earliest"), _name())
    q2.processAllAvailable()
    for f in admin.delete_topics([topic2]).values():
        f.result(10)
    with pytest.raises(StreamingQueryException) as e:
        q2.awaitTermination(30)
    assert "KAFKA_DATA_LOSS.PARTITIONS_DELETED" in str(e.value)


def test_batch_read_between_starting_and_ending_offsets(spark, broker):
    topic = broker.topic(partitions=2)
    for p in range(2):
        broker.produce(topic, [f"{p}-{i}".encode() for i in range(5)], partition=p)
    df = (spark.read.format("kafka").option("kafka.bootstrap.servers", broker.bootstrap).option("subscribe", topic)
          .option("startingOffsets", json.dumps({topic: {"0": 1, "1": -2}}))
          .option("endingOffsets", json.dumps({topic: {"0": 3, "1": -1}})).load())
    got = sorted(r.v for r in df.selectExpr("CAST(value AS STRING) AS v").collect())
    assert got == ["0-1", "0-2", "1-0", "1-1", "1-2", "1-3", "1-4"]
    everything = spark.read.format("kafka").option("kafka.bootstrap.servers", broker.bootstrap) \
        .option("subscribe", topic).load()
    assert everything.count() == 10


def test_batch_read_with_ending_timestamp(spark, broker):
    topic = broker.topic(partitions=2)
    base = (int(time.time()) - 600) * 1000
    for p in range(2):
        broker.produce(topic, [f"{p}-{i}".encode() for i in range(4)], partition=p,
                       timestamps=[base + 1000 * i for i in range(4)])
    df = (spark.read.format("kafka").option("kafka.bootstrap.servers", broker.bootstrap).option("subscribe", topic)
          .option("startingTimestamp", base + 1000).option("endingTimestamp", base + 2500).load())
    assert sorted(r.v for r in df.selectExpr("CAST(value AS STRING) AS v").collect()) == ["0-1", "0-2", "1-1", "1-2"]
    # no record at or after the ending timestamp: read to the latest offset
    late = (spark.read.format("kafka").option("kafka.bootstrap.servers", broker.bootstrap).option("subscribe", topic)
            .option("endingOffsetsByTimestamp", json.dumps({topic: {"0": base + 9000, "1": base + 1000}})).load())
    assert sorted(r.v for r in late.selectExpr("CAST(value AS STRING) AS v").collect()) == [
        "0-0", "0-1", "0-2", "0-3", "1-0"]


def test_progress_reports_spark_source_description_and_offsets(spark, broker):
    topic = broker.topic(partitions=2)
    broker.produce(topic, [b"a", b"b"], partition=0)
    q = _to_memory(_stream(spark, broker, subscribe=topic, startingOffsets="earliest"), _name())
    q.processAllAvailable()
    source = q.lastProgress["sources"][0]
    assert source["description"] == f"KafkaV2[Subscribe[{topic}]]"
    assert source["endOffset"] == {topic: {"0": 2, "1": 0}}
    assert source["numInputRows"] == 2
