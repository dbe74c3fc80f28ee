"""Spark's errors for bad Kafka options and columns (texts from KafkaSourceProvider / KafkaWriter)."""

from __future__ import annotations

import socket

import pytest

from rillet.errors import AnalysisException, IllegalArgumentException, StreamingQueryException

_STRATEGIES = "subscribe, subscribepattern, assign"


def _read(spark, **opts):
    r = spark.readStream.format("kafka")
    for k, v in opts.items():
        r = r.option(k, v)
    return r.load()


@pytest.mark.parametrize(
    "opts, message",
    [
        ({"kafka.bootstrap.servers": "x:1"},
         f"One of the following options must be specified for Kafka source: {_STRATEGIES}. See the docs for more details."),
        ({"kafka.bootstrap.servers": "x:1", "subscribe": "a", "assign": '{"a":[0]}'},
         f"Only one of the following options can be specified for Kafka source: {_STRATEGIES}. See the docs for more details."),
        ({"subscribe": "a"}, "Option 'kafka.bootstrap.servers' must be specified for configuring Kafka consumer"),
        ({"kafka.bootstrap.servers": "x:1", "subscribe": " , "},
         "No topics to subscribe to as specified value for option 'subscribe' is ' , '"),
        ({"kafka.bootstrap.servers": "x:1", "assign": "a"},
         "No topicpartitions to assign as specified value for option 'assign' is 'a'"),
        ({"kafka.bootstrap.servers": "x:1", "subscribe": "a", "endingOffsets": "latest"},
         "ending offset not valid in streaming queries"),
        ({"kafka.bootstrap.servers": "x:1", "subscribe": "a", "kafka.enable.auto.commit": "true"},
         "Kafka option 'enable.auto.commit' is not supported"),
        ({"kafka.bootstrap.servers": "x:1", "subscribe": "a", "startingOffsets": "{bad"},
         'Expected e.g. {"topicA":{"0":23,"1":-1},"topicB":{"0":-2}}, got {bad'),
        ({"kafka.bootstrap.servers": "x:1", "subscribe": "a", "minOffsetsPerTrigger": "10",
          "maxOffsetsPerTrigger": "5"},
         "The value of minOffsetPerTrigger(10) is higher than the maxOffsetsPerTrigger(5)."),
    ],
)
def test_stream_option_errors_match_spark(spark, opts, message):
    with pytest.raises(IllegalArgumentException) as e:
        _read(spark, **opts)
    assert str(e.value) == message


@pytest.mark.parametrize(
    "opts, message",
    [
        ({"startingOffsets": "latest"}, "starting offset can't be latest for batch queries on Kafka"),
        ({"endingOffsets": "earliest"}, "ending offset can't be earliest for batch queries on Kafka"),
        ({"startingOffsets": '{"a":{"0":-1}}'}, "startingOffsets for a-0 can't be latest for batch queries on Kafka"),
        ({"endingOffsets": '{"a":{"0":-2}}'}, "ending offset for a-0 can't be earliest for batch queries on Kafka"),
    ],
)
def test_batch_offset_errors_match_spark(spark, opts, message):
    r = spark.read.format("kafka").option("kafka.bootstrap.servers", "x:1").option("subscribe", "a")
    for k, v in opts.items():
        r = r.option(k, v)
    with pytest.raises(IllegalArgumentException) as e:
        r.load()
    assert str(e.value) == message


def test_user_schema_is_rejected(spark):
    with pytest.raises(IllegalArgumentException, match="Kafka source has a fixed schema"):
        (spark.readStream.format("kafka").schema("value STRING").option("kafka.bootstrap.servers", "x:1")
         .option("subscribe", "a").load())


def test_broker_down_at_start_names_the_bootstrap_servers(spark):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    servers = f"127.0.0.1:{port}"
    df = _read(spark, **{"kafka.bootstrap.servers": servers, "subscribe": "a",
                         "kafkaConsumer.pollTimeoutMs": "1000", "fetchOffset.numRetries": "1"})
    with pytest.raises(StreamingQueryException) as e:
        q = df.writeStream.format("memory").queryName("down").start()
        q.awaitTermination(30)
    assert servers in str(e.value)


@pytest.mark.parametrize(
    "columns, message",
    [
        ("CAST(id AS STRING) AS key", "Required attribute 'value' not found"),
        ("id AS value", "value attribute unsupported type bigint. value must be a(n) string or binary"),
        ("CAST(id AS STRING) AS value, id AS key", "key attribute unsupported type bigint. key must be a(n) string or binary"),
        ("CAST(id AS STRING) AS value, CAST(id AS STRING) AS partition",
         "partition attribute unsupported type string. partition must be a(n) int"),
    ],
)
def test_sink_column_errors_match_spark(spark, tmp_path, columns, message):
    df = spark.readStream.format("rate").load().selectExpr("value AS id").selectExpr(*columns.split(", "))
    with pytest.raises(AnalysisException) as e:
        (df.writeStream.format("kafka").option("kafka.bootstrap.servers", "x:1").option("topic", "t")
         .option("checkpointLocation", str(tmp_path / "c")).start())
    assert str(e.value) == message


def test_sink_without_topic_option_or_column(spark, tmp_path):
    df = spark.readStream.format("rate").load().selectExpr("CAST(value AS STRING) AS value")
    with pytest.raises(AnalysisException) as e:
        (df.writeStream.format("kafka").option("kafka.bootstrap.servers", "x:1")
         .option("checkpointLocation", str(tmp_path / "c")).start())
    assert str(e.value) == ("topic option required when no 'topic' attribute is present. "
                            "Use the topic option for setting a topic.")
