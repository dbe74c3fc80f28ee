"""Talking to the brokers for the Kafka source: partitions, offsets, and fetching a range.

``KafkaOffsetReader`` answers "which partitions, and what are their earliest/latest
offsets" with one AdminClient request for all partitions; ``fetch`` reads the rows of
``[lo, hi)`` per partition with one consumer, consuming in large batches. Rows fetched
past ``hi`` (a broker may answer one fetch with the whole backlog) are kept as an Arrow
table and served first to the next, contiguous range instead of being fetched again.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from rillet.connectors.base import option_bool, option_int
from rillet.connectors.kafka import arrow as A
from rillet.connectors.kafka import options as O
from rillet.connectors.kafka.options import TopicPartition
from rillet.errors import SparkRuntimeException

log = logging.getLogger("rillet.kafka")

_METADATA_TIMEOUT_S = 10.0


class KafkaOffsetReader:
    """Partitions of the subscription and their offsets, through one AdminClient."""

    def __init__(self, options: Mapping[str, str]) -> None:
        self.options = dict(options)
        p = O.lower(options)
        self.servers = p["kafka.bootstrap.servers"]
        self.strategy = next(k for k in O.STRATEGIES if k in p)
        value = p[self.strategy]
        self.topics = [t.strip() for t in value.split(",") if t.strip()] if self.strategy == "subscribe" else []
        self.pattern = re.compile(value.strip()) if self.strategy == "subscribepattern" else None
        self.assigned = O.parse_partitions(value) if self.strategy == "assign" else []
        self.isolation = O.client_config(options).get("isolation.level", "read_uncommitted")
        self.retries = int(option_int(options, "fetchOffset.numRetries", 3, "kafka", minimum=1) or 3)
        self.retry_interval = int(option_int(options, "fetchOffset.retryIntervalMs", 1000, "kafka") or 0) / 1000
        self.poll_timeout = int(option_int(options, "kafkaConsumer.pollTimeoutMs", 120000, "kafka") or 0) / 1000
        self._admin: Any = None

    def admin(self) -> Any:
        if self._admin is None:
            ck = O.client()
            cfg: dict[str, Any] = dict(O.client_config(self.options))
            for key in ("isolation.level", "group.id", "enable.auto.commit", "receive.message.max.bytes",
                        "fetch.max.bytes", "auto.offset.reset", "session.timeout.ms", "max.poll.interval.ms",
                        "enable.partition.eof", "fetch.min.bytes", "fetch.wait.max.ms", "group.instance.id"):
                cfg.pop(key, None)
            cfg["logger"] = log
            self._admin = ck.admin.AdminClient(cfg)
        return self._admin

    def _retry(self, what: str, fn: Any) -> Any:
        """Spark's fetchOffset.numRetries / retryIntervalMs around a metadata call; the last
        failure names the bootstrap servers."""
        O.client()  # a missing client is an ImportError, not a broker to retry
        last: BaseException | None = None
        for attempt in range(self.retries):
            try:
                return fn()
            except Exception as e:  # noqa: BLE001 - retried, then re-raised with context
                last = e
                if attempt + 1 < self.retries:
                    time.sleep(self.retry_interval)
        raise SparkRuntimeException(
            f"Failed to {what} from Kafka at bootstrap servers '{self.servers}' after {self.retries} "
            f"attempt(s): {last}. Check that the brokers are running and that 'kafka.bootstrap.servers' "
            f"is right.",
            cause=last,
        ) from last

    def partitions(self) -> set[TopicPartition]:
        """The partitions the strategy selects right now."""
        if self.strategy == "assign":
            return set(self.assigned)
        timeout = min(_METADATA_TIMEOUT_S, max(self.poll_timeout, 1.0))
        md = self._retry("fetch topic metadata", lambda: self.admin().list_topics(timeout=timeout))
        out: set[TopicPartition] = set()
        for name, topic in md.topics.items():
            if topic.error is not None:
                continue
            if self.pattern is not None:
                if name.startswith("__") or not self.pattern.fullmatch(name):
                    continue
            elif name not in self.topics:
                continue
            out.update((name, int(p)) for p in topic.partitions)
        return out

    def _list(self, specs: dict[TopicPartition, Any], by_time: bool = False) -> dict[TopicPartition, int]:
        if not specs:
            return {}
        ck = O.client()
        level = (ck.IsolationLevel.READ_COMMITTED if self.isolation == "read_committed"
                 else ck.IsolationLevel.READ_UNCOMMITTED)

        def call() -> dict[TopicPartition, int]:
            req = {ck.TopicPartition(t, p): spec for (t, p), spec in specs.items()}
            futures = self.admin().list_offsets(req, isolation_level=level, request_timeout=_METADATA_TIMEOUT_S)
            out = {}
            for tp, f in futures.items():
                try:
                    out[(tp.topic, tp.partition)] = int(f.result().offset)
                except ck.KafkaException as e:
                    if e.args[0].code() != ck.KafkaError.UNKNOWN_TOPIC_OR_PART:
                        raise
                    # deleted since the metadata was read: left out, reported as deleted
            bad = [tp for tp, o in out.items() if o < 0 and not by_time]
            if bad:
                raise RuntimeError(f"the broker answered no offset for {O.tp_set(bad)}")
            return out

        return dict(self._retry("fetch offsets", call))

    def earliest(self, tps: Any) -> dict[TopicPartition, int]:
        spec = O.client().admin.OffsetSpec.earliest()
        return self._list({tp: spec for tp in tps})

    def latest(self, tps: Any) -> dict[TopicPartition, int]:
        spec = O.client().admin.OffsetSpec.latest()
        return self._list({tp: spec for tp in tps})

    def for_times(self, times: Mapping[TopicPartition, int]) -> dict[TopicPartition, int]:
        """First offset at or after each timestamp (-1: none)."""
        ost = O.client().admin.OffsetSpec
        return self._list({tp: ost.for_timestamp(int(ts)) for tp, ts in times.items()}, by_time=True)

    def resolve(self, spec: O.OffsetSpec, tps: set[TopicPartition], check_assigned: bool) -> dict[TopicPartition, int]:
        """Offsets for ``spec`` on ``tps`` (Spark's ``fetchSpecificOffsets`` & co)."""
        if spec.kind == "earliest":
            return self.earliest(tps)
        if spec.kind == "latest":
            return self.latest(tps)
        if spec.kind == "offsets":
            if check_assigned and set(spec.offsets) != tps:
                from rillet.errors import IllegalArgumentException

                raise IllegalArgumentException(
                    errorClass="KAFKA_START_OFFSET_DOES_NOT_MATCH_ASSIGNED",
                    messageParameters={"specifiedPartitions": O.tp_set(spec.offsets),
                                       "assignedPartitions": O.tp_set(tps)},
                )
            out = dict(spec.offsets)
            early = self.earliest([tp for tp, o in out.items() if o == O.EARLIEST])
            late = self.latest([tp for tp, o in out.items() if o == O.LATEST])
            out.update(early)
            out.update(late)
            return out
        times = {tp: int(spec.timestamp or 0) for tp in tps} if spec.kind == "timestamp" else dict(spec.offsets)
        found = self.for_times(times)
        missing = [tp for tp, o in found.items() if o < 0]
        if missing:
            if not spec.no_match_latest:
                tp = sorted(missing)[0]
                raise SparkRuntimeException(
                    f"No offset matched from request of topic-partition {O.tp_name(tp)} and timestamp "
                    f"{times[tp]}."
                )
            found.update(self.latest(missing))
        return found

    def close(self) -> None:
        self._admin = None


class KafkaFetcher:
    """Reads ``[lo, hi)`` of each partition into an Arrow table with one consumer."""

    def __init__(self, options: Mapping[str, str], reader: KafkaOffsetReader, include_headers: bool,
                 fail_on_data_loss: bool) -> None:
        self.options = dict(options)
        self.reader = reader
        self.include_headers = include_headers
        self.fail_on_data_loss = fail_on_data_loss
        self.batch_size = int(option_int(options, "kafkaConsumer.batchSize", 100_000, "kafka", minimum=1) or 1)
        self._consumer: Any = None
        self._group = ""
        self._assigned: dict[TopicPartition, int] | None = None  # partition -> next offset served
        self._carry = A.kafka_schema(include_headers).empty_table()
        self._eof: dict[TopicPartition, int] = {}
        self._down: tuple[float, Any] | None = None  # when the client reported all brokers down, and why

    def _on_error(self, err: Any) -> None:
        ck = O.client()
        if err.code() in (ck.KafkaError._ALL_BROKERS_DOWN, ck.KafkaError._TRANSPORT):
            if self._down is None:
                self._down = (time.monotonic(), err)
        elif err.fatal():
            self._down = (0.0, err)

    def _check_brokers(self) -> None:
        """The brokers went away mid-fetch: fail once the retry window has passed."""
        if self._down is None:
            return
        since, err = self._down
        window = max(2.0, self.reader.retries * self.reader.retry_interval)
        if time.monotonic() - since > window:
            raise SparkRuntimeException(
                f"Lost the connection to the Kafka brokers at bootstrap servers '{self.reader.servers}' while "
                f"fetching records: {err.str()}"
            )

    def consumer(self) -> Any:
        if self._consumer is None:
            cfg = O.consumer_config(self.options)
            cfg["auto.offset.reset"] = "error"
            cfg["logger"] = log
            cfg["error_cb"] = self._on_error
            self._group = cfg["group.id"]
            self._consumer = O.client().Consumer(cfg)
        return self._consumer

    def fetch(self, ranges: dict[TopicPartition, tuple[int, int]]) -> pa.Table:
        """The rows with ``lo <= offset < hi`` of each partition, in partition order."""
        schema = A.kafka_schema(self.include_headers)
        ranges = self._check_available(ranges)
        want = {tp: r for tp, r in ranges.items() if r[1] > r[0]}
        if not want:
            return schema.empty_table()
        ck = O.client()
        consumer = self.consumer()
        if self._assigned is None or set(self._assigned) != set(ranges) or any(
            self._assigned[tp] != lo for tp, (lo, _) in ranges.items()
        ):
            consumer.assign([ck.TopicPartition(t, p, lo) for (t, p), (lo, _) in ranges.items()])
            self._carry = schema.empty_table()
            self._eof = {}
        tables = [self._carry]
        seen = A.max_offsets(self._carry)
        progress_at = time.monotonic()
        while True:
            pending = [tp for tp, (lo, hi) in want.items()
                       if seen.get(tp, -1) < hi - 1 and self._eof.get(tp, -1) < hi]
            if not pending:
                break
            # ask for exactly what is missing: consume() returns once it has that many, so a
            # small batch does not wait out the timeout (it would add 100 ms to every batch)
            missing = sum(hi - 1 - max(seen.get(tp, lo - 1), lo - 1) for tp, (lo, hi) in want.items() if tp in pending)
            messages = consumer.consume(num_messages=max(1, min(self.batch_size, missing)), timeout=0.1)
            if not messages:
                self._check_brokers()
                if time.monotonic() - progress_at > self.reader.poll_timeout:
                    self._lost_range(pending[0], want[pending[0]], seen)
                    want.pop(pending[0])
                    progress_at = time.monotonic()
                continue
            progress_at = time.monotonic()
            self._down = None
            data = [m for m in messages if m.error() is None]
            if len(data) != len(messages):
                self._errors(messages)
            table = A.messages_to_table(data, self.include_headers)
            for tp, off in A.max_offsets(table).items():
                seen[tp] = max(off, seen.get(tp, -1))
            tables.append(table)
        everything = pa.concat_tables(tables)
        inside, later = A.range_masks(everything, ranges)
        self._carry = A.filter_table(everything, later)
        self._assigned = {tp: hi for tp, (_, hi) in ranges.items()}
        rows = A.filter_table(everything, inside)
        # deterministic order (Spark's: partition by partition), so a replay is the same table
        return rows.sort_by([("topic", "ascending"), ("partition", "ascending"), ("offset", "ascending")])

    def _errors(self, messages: list[Any]) -> None:
        ck = O.client()
        for m in messages:
            err = m.error()
            if err is None:
                continue
            if err.code() == ck.KafkaError._PARTITION_EOF:
                self._eof[(m.topic(), m.partition())] = m.offset()
            elif err.code() == ck.KafkaError._AUTO_OFFSET_RESET or err.code() == ck.KafkaError.OFFSET_OUT_OF_RANGE:
                # the range's start vanished between the check and the fetch: start over
                self._assigned = None
                raise _Refetch()
            elif err.fatal() or not err.retriable():
                raise SparkRuntimeException(
                    f"Kafka consumer error for bootstrap servers '{self.reader.servers}': {err.str()}"
                )

    def _check_available(self, ranges: dict[TopicPartition, tuple[int, int]]) -> dict[TopicPartition, tuple[int, int]]:
        """Ranges whose start was deleted or aged out follow failOnDataLoss."""
        starts = self.reader.earliest([tp for tp, (lo, hi) in ranges.items() if hi > lo])
        out = dict(ranges)
        for tp, first in starts.items():
            lo, hi = ranges[tp]
            if lo < first:
                report_data_loss(
                    self.fail_on_data_loss, "KAFKA_DATA_LOSS.COULD_NOT_READ_OFFSET_RANGE",
                    {"startOffset": lo, "endOffset": min(first, hi), "topicPartition": O.tp_name(tp),
                     "groupId": self._group or "spark-kafka-source"},
                )
                out[tp] = (min(first, hi), hi)
        return out

    def _lost_range(self, tp: TopicPartition, rng: tuple[int, int], seen: dict[TopicPartition, int]) -> None:
        report_data_loss(
            self.fail_on_data_loss, "KAFKA_DATA_LOSS.COULD_NOT_READ_OFFSET_RANGE",
            {"startOffset": max(rng[0], seen.get(tp, rng[0] - 1) + 1), "endOffset": rng[1],
             "topicPartition": O.tp_name(tp), "groupId": self._group},
        )

    def close(self) -> None:
        if self._consumer is not None:
            try:
                self._consumer.close()
            finally:
                self._consumer = None


class _Refetch(Exception):
    pass


def fetch_with_retry(fetcher: KafkaFetcher, ranges: dict[TopicPartition, tuple[int, int]]) -> pa.Table:
    for _ in range(3):
        try:
            return fetcher.fetch(ranges)
        except _Refetch:
            continue
    return fetcher.fetch(ranges)


def report_data_loss(fail: bool, error_class: str, params: dict[str, Any]) -> None:
    """Spark's ``reportDataLoss``: raise when failOnDataLoss, else log and go on."""
    err = SparkRuntimeException(errorClass=error_class, messageParameters=params)
    if fail:
        raise err
    log.warning("%s\nfailOnDataLoss is false: the query continues.", err)


def include_headers(options: Mapping[str, str]) -> bool:
    return option_bool(options, "includeHeaders", False, "kafka")


def fail_on_data_loss(options: Mapping[str, str]) -> bool:
    return option_bool(options, "failOnDataLoss", True, "kafka")


def duration_ms(text: str | None, default_ms: int) -> int:
    """Spark's ``Utils.timeStringAsMs``: ``15m``, ``30s``, ``500ms``, ``1h``, plain ms."""
    if text is None:
        return default_ms
    m = re.fullmatch(r"\s*(\d+)\s*(us|ms|s|m|min|h|d)?\s*", text.lower())
    if not m:
        from rillet.errors import IllegalArgumentException

        raise IllegalArgumentException(
            f"Invalid time string '{text}' for option 'maxTriggerDelay': expected e.g. 15m, 30s, 500ms."
        )
    value, unit = int(m.group(1)), m.group(2) or "ms"
    factor = {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000, "min": 60_000, "h": 3_600_000, "d": 86_400_000}
    return int(value * factor[unit])


__all__ = ["KafkaFetcher", "KafkaOffsetReader", "duration_ms", "fail_on_data_loss", "fetch_with_retry",
           "include_headers", "report_data_loss"]
