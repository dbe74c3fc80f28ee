"""Apache Kafka source and sink (``format("kafka")``), on the confluent-kafka client."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from rillet.connectors.base import Provider, Sink, SinkContext, Source, SourceContext
from rillet.connectors.kafka.sink import KafkaSink, write_kafka_batch
from rillet.connectors.kafka.source import KafkaSource, read_kafka_batch

__all__ = ["PROVIDER", "KafkaProvider", "KafkaSink", "KafkaSource", "read_kafka_batch", "write_kafka_batch"]


class KafkaProvider(Provider):
    """``kafka``: streaming source and sink (every output mode), batch read and write; a
    fixed schema. Options are Spark's (``kafka.*`` go to the client), checked by
    :mod:`rillet.connectors.kafka.options`."""

    name = "kafka"
    fixed_schema = True

    def validate(self, options: Mapping[str, str], path: str | None) -> None:
        KafkaSource.validate(dict(options))

    def source_schema(self, options: Mapping[str, str], user_schema: pa.Schema | None,
                      path: str | None, conf: Mapping[str, Any]) -> pa.Schema:
        return KafkaSource.source_schema(dict(options), user_schema)

    def source(self, ctx: SourceContext) -> Source:
        return KafkaSource(ctx)

    def sink(self, ctx: SinkContext) -> Sink:
        return KafkaSink(ctx)

    def read_batch(self, options: Mapping[str, str], path: str | list[str] | None, schema: pa.Schema | None,
                   conf: Mapping[str, str]) -> pa.Table:
        return read_kafka_batch({**options, "path": path} if isinstance(path, str) else options)

    def write_batch(self, table: pa.Table, ctx: SinkContext, mode: str) -> None:
        write_kafka_batch(table, ctx, mode)


PROVIDER = KafkaProvider()
