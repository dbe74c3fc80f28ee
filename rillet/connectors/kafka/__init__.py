"""Apache Kafka source and sink (``format("kafka")``), on the confluent-kafka client."""

from rillet.connectors.kafka.sink import KafkaSink, write_kafka_batch
from rillet.connectors.kafka.source import KafkaSource, read_kafka_batch

__all__ = ["KafkaSink", "KafkaSource", "read_kafka_batch", "write_kafka_batch"]
