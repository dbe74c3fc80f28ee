"""Kafka source/sink options: Spark's validation, offset specs, and the client configuration.

Option names and error texts follow Spark's ``KafkaSourceProvider``/``JsonUtils``; options
starting with ``kafka.`` go to the client (confluent-kafka / librdkafka) with the prefix
stripped.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rillet.connectors.base import option_str
from rillet.errors import IllegalArgumentException

# The fetch answer of a broker may hold a partition's whole backlog; never let the
# client reject a large response.
RECEIVE_MAX = 2147483647
FETCH_MAX = 2147483135

EARLIEST, LATEST = -2, -1
STRATEGIES = ("subscribe", "subscribepattern", "assign")

TopicPartition = tuple[str, int]


def client() -> Any:
    """The ``confluent_kafka`` module, imported on first use so rillet imports without it."""
    try:
        import confluent_kafka
        import confluent_kafka.admin  # noqa: F401 - makes ``confluent_kafka.admin`` available
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "format('kafka') needs the confluent-kafka client: pip install 'rillet[kafka]'"
        ) from None
    return confluent_kafka


def lower(options: Mapping[str, str]) -> dict[str, str]:
    """Options with lower-cased keys (Spark's CaseInsensitiveMap)."""
    return {str(k).lower(): str(v) for k, v in options.items()}


def tp_name(tp: TopicPartition) -> str:
    """A partition as Kafka's ``TopicPartition.toString`` prints it: ``topic-0``."""
    return f"{tp[0]}-{tp[1]}"


def tp_set(tps: Any) -> str:
    return "Set(" + ", ".join(tp_name(tp) for tp in sorted(tps)) + ")"


# ---------------------------------------------------------------------------- validation


def validate_source(options: Mapping[str, str], streaming: bool) -> None:
    """Spark's ``validateStreamOptions``/``validateBatchOptions`` (IllegalArgumentException)."""
    p = lower(options)
    if streaming:
        if "endingoffsets" in p:
            raise IllegalArgumentException("ending offset not valid in streaming queries")
        if "endingoffsetsbytimestamp" in p:
            raise IllegalArgumentException("ending timestamp not valid in streaming queries")
    else:
        start = offset_spec(p, "starting", EARLIEST)
        if start.kind == "latest":
            raise IllegalArgumentException("starting offset can't be latest for batch queries on Kafka")
        if start.kind == "offsets":
            for tp, off in start.offsets.items():
                if off == LATEST:
                    raise IllegalArgumentException(
                        f"startingOffsets for {tp_name(tp)} can't be latest for batch queries on Kafka"
                    )
        end = offset_spec(p, "ending", LATEST)
        if end.kind == "earliest":
            raise IllegalArgumentException("ending offset can't be earliest for batch queries on Kafka")
        if end.kind == "offsets":
            for tp, off in end.offsets.items():
                if off == EARLIEST:
                    raise IllegalArgumentException(
                        f"ending offset for {tp_name(tp)} can't be earliest for batch queries on Kafka"
                    )
    _validate_general(p)
    if streaming:
        offset_spec(p, "starting", LATEST)


def _validate_general(p: dict[str, str]) -> None:
    given = [k for k in STRATEGIES if k in p]
    names = ", ".join(("subscribe", "subscribepattern", "assign"))
    if not given:
        raise IllegalArgumentException(
            f"One of the following options must be specified for Kafka source: {names}. See the docs for more details."
        )
    if len(given) > 1:
        raise IllegalArgumentException(
            f"Only one of the following options can be specified for Kafka source: {names}. "
            "See the docs for more details."
        )
    key, value = given[0], p[given[0]]
    if key == "assign":
        if not value.strip().startswith("{"):
            raise IllegalArgumentException(
                f"No topicpartitions to assign as specified value for option 'assign' is '{value}'"
            )
        parse_partitions(value)
    elif key == "subscribe":
        if not [t for t in (s.strip() for s in value.split(",")) if t]:
            raise IllegalArgumentException(
                f"No topics to subscribe to as specified value for option 'subscribe' is '{value}'"
            )
    elif not value.strip():
        raise IllegalArgumentException(
            f"Pattern to subscribe is empty as specified value for option 'subscribePattern' is '{value}'"
        )
    if "kafka.auto.offset.reset" in p:
        raise IllegalArgumentException(
            "\nKafka option 'auto.offset.reset' is not supported.\n"
            "Instead set the source option 'startingoffsets' to 'earliest' or 'latest'\n"
            "to specify where to start. Structured Streaming manages which offsets are consumed\n"
            "internally, rather than relying on the kafkaConsumer to do it. This will ensure that no\n"
            "data is missed when new topics/partitions are dynamically subscribed. Note that\n"
            "'startingoffsets' only applies when a new Streaming query is started, and\n"
            "that resuming will always pick up from where the query left off. See the docs for more\n"
            "details.\n         "
        )
    for name, what in (("key.deserializer", "keys"), ("value.deserializer", "values")):
        if f"kafka.{name}" in p:
            raise IllegalArgumentException(
                f"Kafka option '{name}' is not supported as {what} are deserialized as byte arrays with "
                f"ByteArrayDeserializer. Use DataFrame operations to explicitly deserialize the {what}."
            )
    for name in ("enable.auto.commit", "interceptor.classes"):
        if f"kafka.{name}" in p:
            raise IllegalArgumentException(f"Kafka option '{name}' is not supported")
    if "kafka.bootstrap.servers" not in p:
        raise IllegalArgumentException(
            "Option 'kafka.bootstrap.servers' must be specified for configuring Kafka consumer"
        )
    lo, hi = p.get("minoffsetspertrigger"), p.get("maxoffsetspertrigger")
    if lo is not None and hi is not None and int(lo) > int(hi):
        raise IllegalArgumentException(
            f"The value of minOffsetPerTrigger({int(lo)}) is higher than the maxOffsetsPerTrigger({int(hi)})."
        )


# ---------------------------------------------------------------------------- offset specs


@dataclass(frozen=True)
class OffsetSpec:
    """Spark's ``KafkaOffsetRangeLimit``: ``earliest``, ``latest``, ``offsets`` (per
    partition, -2 earliest / -1 latest), ``timestamp`` (one for all partitions) or
    ``timestamps`` (per partition)."""

    kind: str
    offsets: dict[TopicPartition, int]
    timestamp: int | None = None
    no_match_latest: bool = False  # startingOffsetsByTimestampStrategy=latest


def offset_spec(p: Mapping[str, str], which: str, default: int) -> OffsetSpec:
    """The starting (``which="starting"``) or ending offsets, in Spark's order of preference:
    a global timestamp, per-partition timestamps, then ``<which>Offsets``."""
    p = lower(p)
    # an ending timestamp with no record at or after it means "latest" (Spark's)
    no_match = which == "ending" or p.get("startingoffsetsbytimestampstrategy", "error").strip().lower() == "latest"
    if f"{which}timestamp" in p:
        text = p[f"{which}timestamp"].strip()
        try:
            ts = int(text)
        except ValueError:
            raise IllegalArgumentException(f"Expected a single long value, got {text}") from None
        return OffsetSpec("timestamp", {}, ts, no_match)
    if f"{which}offsetsbytimestamp" in p:
        return OffsetSpec("timestamps", parse_partition_numbers(p[f"{which}offsetsbytimestamp"], True), None, no_match)
    given = p.get(f"{which}offsets")
    if given is None:
        return OffsetSpec("earliest" if default == EARLIEST else "latest", {})
    t = given.strip()
    if t.lower() in ("earliest", "latest"):
        return OffsetSpec(t.lower(), {})
    return OffsetSpec("offsets", parse_partition_numbers(t, False))


def parse_partition_numbers(text: str, timestamps: bool) -> dict[TopicPartition, int]:
    """``{"topicA":{"0":23,"1":-1}}`` -> ``{("topicA", 0): 23, ("topicA", 1): -1}``."""
    try:
        obj = json.loads(text)
        out = {}
        for topic, parts in obj.items():
            for part, value in parts.items():
                if isinstance(value, bool) or not isinstance(value, int):
                    raise ValueError(value)
                out[(str(topic), int(part))] = int(value)
        return out
    except (ValueError, AttributeError, TypeError):
        if timestamps:
            example = '{"topicA": {"0": 123456789, "1": 123456789}, "topicB": {"0": 123456789, "1": 123456789}}'
        else:
            example = '{"topicA":{"0":23,"1":-1},"topicB":{"0":-2}}'
        raise IllegalArgumentException(f"Expected e.g. {example}, got {text}") from None


def parse_partitions(text: str) -> list[TopicPartition]:
    """The ``assign`` option: ``{"topicA":[0,1],"topicB":[0,1]}``."""
    try:
        obj = json.loads(text)
        return [(str(t), int(p)) for t, parts in obj.items() for p in parts]
    except (ValueError, AttributeError, TypeError):
        raise IllegalArgumentException(f'Expected e.g. {{"topicA":[0,1],"topicB":[0,1]}}, got {text}') from None


def offsets_json(offsets: Mapping[TopicPartition, int]) -> dict[str, dict[str, int]]:
    """Spark's offset JSON: topics, then partitions, in order."""
    out: dict[str, dict[str, int]] = {}
    for (topic, part) in sorted(offsets):
        out.setdefault(topic, {})[str(part)] = int(offsets[(topic, part)])
    return out


def offsets_from_json(obj: Any) -> dict[TopicPartition, int]:
    if isinstance(obj, str):
        obj = json.loads(obj)
    return {(t, int(p)): int(o) for t, parts in (obj or {}).items() for p, o in parts.items()}


# ---------------------------------------------------------------------------- client config


def client_config(options: Mapping[str, str]) -> dict[str, str]:
    """The ``kafka.*`` options with the prefix stripped (librdkafka's names are lower case)."""
    return {k[len("kafka."):].lower(): str(v) for k, v in options.items() if k.lower().startswith("kafka.")}


def consumer_config(options: Mapping[str, str], isolation_default: str = "read_uncommitted") -> dict[str, Any]:
    """Configuration of the source's consumer: no group commits (offsets live in the checkpoint)."""
    cfg: dict[str, Any] = {
        "group.id": f"spark-kafka-source-{uuid.uuid4()}",
        "isolation.level": isolation_default,
        "receive.message.max.bytes": RECEIVE_MAX,
        "fetch.max.bytes": FETCH_MAX,
        "enable.partition.eof": True,
    }
    prefix = option_str(options, "groupIdPrefix")
    if prefix:
        cfg["group.id"] = f"{prefix}-{uuid.uuid4()}"
    cfg.update(client_config(options))
    cfg["enable.auto.commit"] = False
    cfg["enable.auto.offset.store"] = False
    return cfg
