"""``format("kafka")`` sink: rows -> Kafka records (streaming and ``df.write``).

Columns as Spark's ``KafkaWriter``: ``value`` (string or binary, required), optional
``key`` (string or binary), ``topic`` (string; the ``topic`` option wins over it),
``headers`` (array<struct<key: string, value: binary>>) and ``partition`` (int).

Delivery is at-least-once by default, as in Spark: a batch re-run after a crash is sent
again. With ``option("exactlyOnce", "true")`` each batch is written in one Kafka
transaction (``transactional.id`` = ``rillet-<query id>`` unless ``kafka.transactional.id``
is given) and the batch id is committed in the same transaction, as the offset of the
consumer group ``rillet-sink-<query id>``; a re-run batch whose id is already committed
writes nothing, so ``read_committed`` consumers see every record exactly once.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from rillet.connectors.base import Sink, SinkContext, option_bool, option_str
from rillet.connectors.kafka import options as O
from rillet.errors import AnalysisException, SparkRuntimeException

log = logging.getLogger("rillet.kafka")

_EXACTLY_ONCE = "exactlyOnce"
_TIMEOUT_S = 60.0


def _catalog(t: pa.DataType) -> str:
    """Spark's ``catalogString`` of the Spark type an Arrow column maps to."""
    simple = {
        pa.string(): "string", pa.large_string(): "string", pa.binary(): "binary", pa.large_binary(): "binary",
        pa.int8(): "tinyint", pa.int16(): "smallint", pa.int32(): "int", pa.int64(): "bigint",
        pa.float32(): "float", pa.float64(): "double", pa.bool_(): "boolean", pa.date32(): "date",
        pa.null(): "void",
    }
    if t in simple:
        return simple[t]
    if pa.types.is_timestamp(t):
        return "timestamp" if t.tz else "timestamp_ntz"
    if pa.types.is_decimal(t):
        return f"decimal({t.precision},{t.scale})"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return f"array<{_catalog(t.value_type)}>"
    if pa.types.is_struct(t):
        return "struct<" + ",".join(f"{f.name}:{_catalog(f.type)}" for f in t) + ">"
    if pa.types.is_map(t):
        return f"map<{_catalog(t.key_type)},{_catalog(t.item_type)}>"
    return str(t)


_ALLOWED = {
    "topic": ("string",),
    "key": ("string", "binary"),
    "value": ("string", "binary"),
    "headers": ("array<struct<key:string,value:binary>>",),
    "partition": ("int",),
}


def validate_kafka_write(schema: pa.Schema, topic: str | None) -> None:
    """Spark's ``KafkaWriter.validateQuery``, raising ``_LEGACY_ERROR_TEMP_3080``."""

    def fail(msg: str) -> None:
        raise AnalysisException(errorClass="_LEGACY_ERROR_TEMP_3080", messageParameters={"msg": msg})

    names = schema.names
    for name in ("topic", "key", "value", "headers", "partition"):
        if name == "topic" and topic is not None:
            continue
        if name not in names:
            if name == "topic":
                fail("topic option required when no 'topic' attribute is present. "
                     "Use the topic option for setting a topic.")
            if name == "value":
                fail("Required attribute 'value' not found")
            continue
        got = _catalog(schema.field(name).type)
        if got not in _ALLOWED[name]:
            fail(f"{name} attribute unsupported type {got}. {name} must be a(n) {' or '.join(_ALLOWED[name])}")


def producer_config(options: Mapping[str, str]) -> dict[str, Any]:
    # delivery reports only for failures: no Python callback per record sent
    cfg: dict[str, Any] = {"logger": log, "delivery.report.only.error": True}
    cfg.update(O.client_config(options))
    if "bootstrap.servers" not in cfg:
        from rillet.errors import IllegalArgumentException

        raise IllegalArgumentException(
            "Option 'kafka.bootstrap.servers' must be specified for configuring Kafka producer"
        )
    for key in ("key.serializer", "value.serializer"):
        if key in cfg:
            from rillet.errors import IllegalArgumentException

            what = "keys" if key.startswith("key") else "values"
            raise IllegalArgumentException(
                f"Kafka option '{key}' is not supported as {what} are serialized with ByteArraySerializer. "
                f"Use DataFrame operations to explicitly serialize the {what} into either strings or byte arrays."
            )
    return cfg


def _column(table: pa.Table, name: str) -> list[Any] | None:
    return table.column(name).to_pylist() if name in table.column_names else None


def produce_table(producer: Any, table: pa.Table, topic: str | None, servers: str) -> None:
    """Send every row of ``table`` and wait until all are acknowledged.

    Columns are converted to Python lists once each; the loop makes one ``produce`` call
    per row and no other Python call (delivery reports come only for failures)."""
    n = table.num_rows
    if n == 0:
        return
    values = _column(table, "value") or [None] * n
    keys = _column(table, "key") or [None] * n
    topics = [topic] * n if topic is not None else _column(table, "topic")
    if topics is None or None in topics:
        raise SparkRuntimeException(errorClass="KAFKA_NULL_TOPIC_IN_DATA", messageParameters={})
    given = _column(table, "partition")
    parts = [-1] * n if given is None else [-1 if p is None else p for p in given]  # -1: the partitioner picks
    rows = _column(table, "headers")
    headers = [None] * n if rows is None else [[(h["key"], h["value"]) for h in r] if r else None for r in rows]
    errors: list[Any] = []

    def delivered(err: Any, msg: Any) -> None:
        if err is not None:
            errors.append(f"{err.str()} (topic '{msg.topic()}' partition {msg.partition()})")

    produce = producer.produce
    try:
        for t, v, k, p, h in zip(topics, values, keys, parts, headers):
            try:
                produce(t, value=v, key=k, partition=p, on_delivery=delivered, headers=h)
            except BufferError:  # the local queue is full: let it drain, then send again
                while True:
                    producer.poll(0.05)
                    try:
                        produce(t, value=v, key=k, partition=p, on_delivery=delivered, headers=h)
                        break
                    except BufferError:
                        continue
    except O.client().KafkaException as e:
        where = f"topic '{t}'" + (f" partition {p}" if p >= 0 else "")
        raise SparkRuntimeException(f"Writing to Kafka at '{servers}' failed: {e.args[0].str()} ({where})",
                                    cause=e) from e
    remaining = producer.flush(_TIMEOUT_S)
    if errors or remaining:
        first = errors[0] if errors else f"{remaining} record(s) not acknowledged in {_TIMEOUT_S:.0f}s"
        raise SparkRuntimeException(f"Writing to Kafka at '{servers}' failed: {first}")


class KafkaSink(Sink):
    """``writeStream.format("kafka")``."""

    def __init__(self, ctx: SinkContext) -> None:
        options = dict(ctx.options)
        topic = option_str(options, "topic")
        self.topic = topic.strip() if topic is not None else None
        validate_kafka_write(ctx.schema, self.topic)
        self.config = producer_config(options)
        self.servers = str(self.config["bootstrap.servers"])
        self.exactly_once = option_bool(options, _EXACTLY_ONCE, False, "kafka")
        self.query_id = ctx.query_id or "unknown"
        self.group = f"rillet-sink-{self.query_id}"
        if self.exactly_once:
            self.config.setdefault("transactional.id", f"rillet-{self.query_id}")
        self._producer: Any = None
        self._last_committed: int | None = None
        self._group_metadata: Any = None

    def _ensure(self) -> Any:
        if self._producer is None:
            self._producer = O.client().Producer(self.config)
            if self.exactly_once:
                # fences an older producer of this query (a crashed run) and aborts its open transaction
                self._producer.init_transactions(_TIMEOUT_S)
                self._last_committed = self._committed_batch()
        return self._producer

    def _committed_batch(self) -> int:
        """The last batch id committed by an exactly-once transaction of this query (-1: none)."""
        ck = O.client()
        admin = ck.admin.AdminClient({k: v for k, v in self.config.items() if k in ("bootstrap.servers", "logger")
                                      or k.startswith(("security.", "sasl.", "ssl."))})
        req = [ck.ConsumerGroupTopicPartitions(self.group)]
        result = admin.list_consumer_group_offsets(req, request_timeout=_TIMEOUT_S)
        best = -1
        for fut in result.values():
            for tp in fut.result().topic_partitions or []:
                if tp.offset is not None and tp.offset > 0 and tp.error is None:
                    meta = json.loads(tp.metadata) if tp.metadata else {}
                    best = max(best, int(meta.get("batchId", tp.offset - 1)))
        return best

    def add_batch(self, batch_id: int, table: pa.Table, mode: str) -> None:
        producer = self._ensure()
        if not self.exactly_once:
            produce_table(producer, table, self.topic, self.servers)
            return
        if self._last_committed is not None and batch_id <= self._last_committed:
            log.info("Kafka sink: batch %d was already committed in a transaction; skipping", batch_id)
            return
        if table.num_rows == 0:
            return
        ck = O.client()
        marker_topic = self.topic or str(table.column("topic")[0].as_py())
        producer.begin_transaction()
        try:
            produce_table(producer, table, self.topic, self.servers)
            if self._group_metadata is None:
                # only its group metadata is used: it never subscribes or polls
                meta = ck.Consumer({"bootstrap.servers": self.servers, "group.id": self.group, "logger": log})
                self._group_metadata = meta.consumer_group_metadata()
                meta.close()
            producer.send_offsets_to_transaction(
                [ck.TopicPartition(marker_topic, 0, batch_id + 1, metadata=json.dumps({"batchId": batch_id}))],
                self._group_metadata, _TIMEOUT_S,
            )
            producer.commit_transaction(_TIMEOUT_S)
        except BaseException:
            try:
                producer.abort_transaction(_TIMEOUT_S)
            except Exception:  # noqa: BLE001 - the original error is the one to report
                log.warning("abort of the Kafka transaction failed", exc_info=True)
            raise
        self._last_committed = batch_id

    def stop(self) -> None:
        if self._producer is not None:
            self._producer.flush(_TIMEOUT_S)
            self._producer = None

    def description(self) -> str:
        return f"KafkaSink[topic={self.topic}]" if self.topic else "KafkaSink"


def write_kafka_batch(table: pa.Table, ctx: SinkContext, mode: str = "errorifexists") -> None:
    """``df.write.format("kafka").save()`` (the kafka provider's batch write): only the append and
    errorifexists modes, as Spark."""
    options = ctx.options
    m = mode.lower().replace("_", "")
    if m in ("overwrite", "ignore"):
        raise AnalysisException(
            errorClass="_LEGACY_ERROR_TEMP_3081",
            messageParameters={"mode": m.capitalize(), "append": "Append", "errorIfExists": "ErrorIfExists"},
        )
    topic = option_str(options, "topic")
    topic = topic.strip() if topic is not None else None
    validate_kafka_write(table.schema, topic)
    cfg = producer_config(options)
    produce_table(O.client().Producer(cfg), table, topic, str(cfg["bootstrap.servers"]))
