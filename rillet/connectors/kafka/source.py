"""``format("kafka")`` source: streaming (``KafkaSource``) and batch (``read_kafka_batch``) reads.

The offset is Spark's JSON, ``{"topic":{"0":23,"1":42}}``: the next offset to read per
partition. It is written to ``offsets/N`` before batch N runs, so a replay reads exactly
the same ``[start, end)`` ranges from the brokers; consumer-group commits are never used.
The offsets the query started from are kept in ``<metadata_path>/0`` (Spark's
``KafkaSourceInitialOffsetWriter``), so a restarted query that began at ``latest`` does not
jump ahead.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping

import pyarrow as pa

from rillet.connectors.base import (
    Offset,
    ReadLimit,
    Source,
    SourceContext,
    option_int,
    option_str,
    recorded_at_first_start,
)
from rillet.connectors.kafka import arrow as A
from rillet.connectors.kafka import options as O
from rillet.connectors.kafka.options import TopicPartition
from rillet.connectors.kafka.reader import (
    KafkaFetcher,
    KafkaOffsetReader,
    duration_ms,
    fail_on_data_loss,
    fetch_with_retry,
    include_headers,
    report_data_loss,
)
from rillet.errors import IllegalArgumentException


class KafkaSource(Source):
    """``spark.readStream.format("kafka")``."""

    name = "kafka"

    @staticmethod
    def validate(options: dict[str, str]) -> None:
        O.validate_source(options, streaming=True)

    @staticmethod
    def source_schema(options: dict[str, str], user_schema: pa.Schema | None) -> pa.Schema:
        if user_schema is not None:
            raise IllegalArgumentException(
                "requirement failed: Kafka source has a fixed schema and cannot be set with a custom one"
            )
        return A.kafka_schema(include_headers(options))

    def __init__(self, ctx: SourceContext) -> None:
        options = dict(ctx.options)
        self.validate(options)
        self.metadata_path = ctx.metadata_path
        self.include_headers = include_headers(options)
        self.fail_on_data_loss = fail_on_data_loss(options)
        self.starting = O.offset_spec(options, "starting", O.LATEST)
        self.max_offsets = option_int(options, "maxOffsetsPerTrigger", None, "kafka", minimum=1)
        self.min_offsets = option_int(options, "minOffsetsPerTrigger", None, "kafka", minimum=1)
        self.max_trigger_delay_ms = duration_ms(option_str(options, "maxTriggerDelay"), 15 * 60 * 1000)
        self.reader = KafkaOffsetReader(options)
        self.fetcher = KafkaFetcher(options, self.reader, self.include_headers, self.fail_on_data_loss)
        self._initial: dict[str, dict[str, int]] | None = None
        self._last_trigger_ms = 0
        self._available_now: dict[TopicPartition, int] | None = None
        self._latest: dict[TopicPartition, int] = {}
        self._committed: dict[TopicPartition, int] = {}

    def schema(self) -> pa.Schema:
        return A.kafka_schema(self.include_headers)

    def description(self) -> str:
        """Spark's ``KafkaV2[Subscribe[a,b]]`` / ``[SubscribePattern[p]]`` / ``[Assign[t-0, t-1]]``."""
        r = self.reader
        if r.strategy == "subscribe":
            inner = f"Subscribe[{','.join(r.topics)}]"
        elif r.strategy == "subscribepattern":
            inner = f"SubscribePattern[{r.pattern.pattern if r.pattern else ''}]"
        else:
            inner = f"Assign[{', '.join(O.tp_name(tp) for tp in r.assigned)}]"
        return f"KafkaV2[{inner}]"

    # -- offsets ----------------------------------------------------------------------
    def initial_offset(self) -> Offset:
        if self._initial is None:
            self._initial = recorded_at_first_start(self.metadata_path, lambda: O.offsets_json(
                self.reader.resolve(self.starting, self.reader.partitions(), check_assigned=True)))
        return self._initial

    def latest_offset(self, start: Offset, limit: ReadLimit) -> Offset:
        begin = O.offsets_from_json(start)
        tps = self.reader.partitions()
        latest = self.reader.latest(tps)
        deleted = set(begin) - set(latest)
        if deleted:
            report_data_loss(self.fail_on_data_loss, "KAFKA_DATA_LOSS.PARTITIONS_DELETED",
                             {"partitions": O.tp_set(deleted)})
        if self._available_now is not None:
            latest = {tp: min(o, self._available_now[tp]) for tp, o in latest.items() if tp in self._available_now}
        for tp, o in list(latest.items()):
            if tp in begin and o < begin[tp]:
                report_data_loss(self.fail_on_data_loss, "KAFKA_DATA_LOSS.PARTITION_OFFSET_CHANGED",
                                 {"topicPartition": O.tp_name(tp), "prevOffset": begin[tp], "newOffset": o})
                latest[tp] = begin[tp]  # never move backwards
        self._latest = latest
        new = [tp for tp in latest if tp not in begin]
        from_new = self.reader.earliest(new) if new else {}
        for tp, first in from_new.items():
            if first != 0:
                report_data_loss(self.fail_on_data_loss, "KAFKA_DATA_LOSS.ADDED_PARTITION_DOES_NOT_START_FROM_OFFSET_ZERO",
                                 {"topicPartition": O.tp_name(tp), "startOffset": first})
        frm = {**{tp: o for tp, o in begin.items() if tp in latest}, **from_new}
        if self.min_offsets is not None and self._delay_batch(frm, latest):
            return start
        end = latest if self.max_offsets is None else _rate_limit(self.max_offsets, frm, latest)
        result = O.offsets_json(end)  # deleted partitions leave the offset (Spark's too)
        if O.offsets_from_json(result) != begin:
            self._last_trigger_ms = int(time.time() * 1000)
        return result

    def _delay_batch(self, frm: dict[TopicPartition, int], latest: dict[TopicPartition, int]) -> bool:
        """minOffsetsPerTrigger: wait for more data, but never longer than maxTriggerDelay."""
        now = int(time.time() * 1000)
        if now - self._last_trigger_ms >= self.max_trigger_delay_ms:
            return False
        available = sum(max(0, o - frm.get(tp, 0)) for tp, o in latest.items())
        return available < int(self.min_offsets or 0)

    def get_batch(self, start: Offset, end: Offset) -> pa.Table:
        begin = O.offsets_from_json(start)
        until = O.offsets_from_json(end)
        new = [tp for tp in until if tp not in begin]
        first = self.reader.earliest(new) if new else {}
        ranges: dict[TopicPartition, tuple[int, int]] = {}
        for tp, hi in until.items():
            lo = begin.get(tp, first.get(tp, 0))
            if hi < lo:
                report_data_loss(self.fail_on_data_loss, "KAFKA_DATA_LOSS.PARTITION_OFFSET_CHANGED",
                                 {"topicPartition": O.tp_name(tp), "prevOffset": lo, "newOffset": hi})
                continue
            ranges[tp] = (lo, hi)
        return fetch_with_retry(self.fetcher, ranges)

    def commit(self, end: Offset) -> None:
        self._committed = O.offsets_from_json(end)

    def prepare_for_available_now(self) -> None:
        self._available_now = self.reader.latest(self.reader.partitions())

    def reports_available_now(self) -> bool:
        return True

    def backlog(self) -> tuple[int, str] | None:
        if not self._latest:
            return None
        return sum(max(0, o - self._committed.get(tp, 0)) for tp, o in self._latest.items()), "offsets"

    def stop(self) -> None:
        self.fetcher.close()
        self.reader.close()


def _rate_limit(limit: int, frm: Mapping[TopicPartition, int], until: Mapping[TopicPartition, int]) -> dict[TopicPartition, int]:
    """Spark's ``KafkaMicroBatchStream.rateLimit``: ``limit`` offsets shared among the
    partitions in proportion to their lag."""
    sizes = {tp: end - frm[tp] for tp, end in until.items() if tp in frm and end - frm[tp] > 0}
    total = float(sum(sizes.values()))
    if total < 1:
        return dict(until)
    out = {}
    for tp, end in until.items():
        if tp not in sizes:
            out[tp] = end
            continue
        prorate = limit * (sizes[tp] / total)
        step = math.ceil(prorate) if prorate < 1 else math.floor(prorate)
        out[tp] = min(end, frm[tp] + int(step))
    return out


def read_kafka_batch(options: Mapping[str, str]) -> pa.Table:
    """``spark.read.format("kafka")``: the rows between startingOffsets (default earliest)
    and endingOffsets (default latest), as Spark's ``KafkaRelation``."""
    opts = dict(options)
    O.validate_source(opts, streaming=False)
    p = O.lower(opts)
    start_spec = O.offset_spec(p, "starting", O.EARLIEST)
    end_spec = O.offset_spec(p, "ending", O.LATEST)
    if start_spec.kind == "offsets" and end_spec.kind == "offsets":
        if set(start_spec.offsets) != set(end_spec.offsets):
            raise IllegalArgumentException(
                errorClass="MISMATCHED_TOPIC_PARTITIONS_BETWEEN_START_OFFSET_AND_END_OFFSET",
                messageParameters={"tpsForStartOffset": O.tp_set(start_spec.offsets),
                                   "tpsForEndOffset": O.tp_set(end_spec.offsets)},
            )
        for tp, lo in start_spec.offsets.items():
            hi = end_spec.offsets[tp]
            if lo > hi >= 0 and lo >= 0:
                raise IllegalArgumentException(
                    errorClass="UNRESOLVED_START_OFFSET_GREATER_THAN_END_OFFSET",
                    messageParameters={"startOffset": lo, "endOffset": hi, "topic": tp[0], "partition": tp[1]},
                )
    reader = KafkaOffsetReader(opts)
    fetcher = KafkaFetcher(opts, reader, include_headers(opts), fail_on_data_loss(opts))
    try:
        tps = reader.partitions()
        starts = reader.resolve(start_spec, tps, check_assigned=start_spec.kind == "offsets")
        ends = reader.resolve(end_spec, tps, check_assigned=end_spec.kind == "offsets")
        ranges = {}
        for tp in sorted(tps):
            a, b = starts.get(tp, 0), ends.get(tp, 0)
            if a > b:
                from rillet.errors import SparkRuntimeException

                raise SparkRuntimeException(
                    f"[RESOLVED_START_OFFSET_GREATER_THAN_END_OFFSET] The resolved start offset {a} is greater "
                    f"than the resolved end offset {b} for topic {tp[0]} partition {tp[1]}."
                )
            ranges[tp] = (a, b)
        return fetch_with_retry(fetcher, ranges)
    finally:
        fetcher.close()
        reader.close()
