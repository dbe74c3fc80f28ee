"""``format("kinesis")``: an Amazon Kinesis Data Streams source and sink (boto3).

Source. The offset is ``{shardId: position}`` with one position per shard ever seen:

* ``"TRIM_HORIZON"``: nothing read yet, start at the oldest record of the shard;
* ``"AT_TIMESTAMP:<epoch ms>"``: nothing read yet, start at the first record that
  arrived at or after that instant (``initialPosition`` ``latest`` is resolved to the
  query's start time this way, so a restart replays exactly the same records);
* ``"<sequence number>"``: the last record read;
* ``"SHARD_END"`` / ``"SHARD_END:<sequence number>"``: the shard is closed and fully
  read (optionally with the last record read in this batch).

``latest_offset`` lists the shards (ListShards), then reads each readable shard from its
start position until it is caught up or a per-shard budget (``maxFetchTimeInMs``,
``maxFetchRecordsPerShard``) is spent, keeping what it read for ``get_batch``. A shard
created by a split or merge is readable only once all its parents are ``SHARD_END``, so
every key's records are read in order. ``get_batch(start, end)`` returns exactly the
records in ``(start, end]`` per shard: from the kept records, or after a restart by
reading again with GetShardIterator ``AFTER_SEQUENCE_NUMBER`` / ``AT_TIMESTAMP`` /
``TRIM_HORIZON``. Throttling (``ProvisionedThroughputExceededException``) is retried
with exponential backoff; an expired iterator is renewed after the last record read.

Sink. Each row's ``partitionKey`` (string) and ``data`` (string or binary) become one
record, sent with PutRecords in calls of at most 500 records / 5 MiB; only the records
a call reports as failed are sent again, with exponential backoff. Delivery is
at-least-once: a batch re-run after a crash is sent again (Kinesis has no idempotent
or transactional put), so consumers that need exactly-once must deduplicate.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from rillet.connectors.base import (
    Offset,
    Provider,
    ReadLimit,
    Sink,
    SinkContext,
    Source,
    SourceContext,
    option_int,
    option_str,
    recorded_at_first_start,
)
from rillet.errors import AnalysisException, IllegalArgumentException, SparkRuntimeException

log = logging.getLogger("rillet.kinesis")

SCHEMA = pa.schema([
    pa.field("partitionKey", pa.string()),
    pa.field("data", pa.binary()),
    pa.field("stream", pa.string()),
    pa.field("shardId", pa.string()),
    pa.field("sequenceNumber", pa.string()),
    pa.field("approximateArrivalTimestamp", pa.timestamp("us", tz="UTC")),
])

TRIM_HORIZON = "TRIM_HORIZON"
AT_TIMESTAMP = "AT_TIMESTAMP:"
SHARD_END = "SHARD_END"

# error codes retried with backoff: throttling, and the service's transient failures
_RETRIABLE = frozenset({
    "ProvisionedThroughputExceededException", "LimitExceededException", "KMSThrottlingException",
    "ThrottlingException", "InternalFailure", "InternalServerError", "ServiceUnavailable", "ConnectionError",
})
MAX_RECORDS_PER_PUT = 500
MAX_BYTES_PER_PUT = 5 * 1024 * 1024
MAX_BYTES_PER_RECORD = 1024 * 1024
# sequence numbers are decimal strings of up to 128 bits (56 digits): compare them as decimals
_SEQ_TYPE = pa.decimal256(76, 0)


# ---------------------------------------------------------------------------
# options and the client


def _opt(options: Mapping[str, str], *keys: str) -> str | None:
    for key in keys:
        value = option_str(options, key)
        if value is not None:
            return value
    return None


def _stream_name(options: Mapping[str, str], what: str) -> str:
    name = _opt(options, "streamName")
    if not name:
        raise IllegalArgumentException(
            f"Option 'streamName' is required for the kinesis {what}: "
            "set it to the name of the Kinesis stream, e.g. option(\"streamName\", \"events\")."
        )
    return name


def make_client(options: Mapping[str, str]) -> Any:
    """A boto3 Kinesis client from ``region``, ``endpointUrl`` and the credential options
    (``awsAccessKeyId``/``awsSecretKey``/``awsSessionToken``), else the default AWS chain."""
    try:
        import boto3
        from botocore.config import Config
    except ImportError:  # pragma: no cover - depends on the install
        raise ImportError("format(\"kinesis\") needs boto3: pip install 'rillet[kinesis]'") from None
    key = _opt(options, "awsAccessKeyId", "awsAccessKey")
    secret = _opt(options, "awsSecretKey", "awsSecretAccessKey")
    if (key is None) != (secret is None):
        raise IllegalArgumentException(
            "Options 'awsAccessKeyId' and 'awsSecretKey' must be given together "
            "(or neither, to use the default AWS credential chain)."
        )
    region = _opt(options, "region", "regionName")
    if region is None:
        region = boto3.session.Session().region_name or "us-east-1"
    return boto3.client(
        "kinesis",
        region_name=region,
        endpoint_url=_opt(options, "endpointUrl", "endpoint"),
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        aws_session_token=_opt(options, "awsSessionToken", "sessionToken"),
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
    )


def _error_code(e: BaseException) -> str | None:
    response = getattr(e, "response", None)
    if isinstance(response, dict):
        return response.get("Error", {}).get("Code")
    from botocore.exceptions import ConnectionError as BotoConnectionError

    return "ConnectionError" if isinstance(e, BotoConnectionError) else None


def call_with_backoff(fn: Callable[..., Any], *, retries: int, backoff_ms: int, **kwargs: Any) -> Any:
    """``fn(**kwargs)``, retrying throttling, transient service errors and lost connections
    with exponential backoff (capped at 10 s). botocore's own retries are off (see
    ``make_client``), so this is the one place that decides."""
    delay = backoff_ms / 1000
    for attempt in range(retries + 1):
        try:
            return fn(**kwargs)
        except Exception as e:
            if _error_code(e) not in _RETRIABLE or attempt == retries:
                raise
            log.info("kinesis call failed (%s), retrying in %.2fs", _error_code(e), delay)
            time.sleep(delay)
            delay = min(delay * 2, 10.0)
    raise AssertionError("unreachable")  # pragma: no cover


def _timestamp_ms(raw: str) -> int:
    """The ``timestamp`` option of ``initialPosition`` ``at_timestamp``: epoch millis or ISO-8601."""
    text = raw.strip()
    if text.lstrip("-").isdigit():
        return int(text)
    try:
        parsed = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise IllegalArgumentException(
            f"Invalid value '{raw}' for option 'timestamp' of source 'kinesis': expected epoch "
            "milliseconds or an ISO-8601 timestamp such as '2024-01-31T10:00:00Z'."
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_dt.timezone.utc)
    return int(parsed.timestamp() * 1000)


def _initial_marker(options: Mapping[str, str]) -> str:
    """``initialPosition`` -> the start position of every shard that exists at query start."""
    raw = (_opt(options, "initialPosition", "startingPosition") or "latest").strip()
    if raw.startswith("{"):  # Databricks' {"at_timestamp": "...", ...}
        try:
            spec = json.loads(raw)
        except ValueError:
            spec = {}
        if "at_timestamp" in spec:
            return AT_TIMESTAMP + str(_timestamp_ms(str(spec["at_timestamp"])))
    kind = raw.lower()
    if kind in ("trim_horizon", "earliest"):
        return TRIM_HORIZON
    if kind == "latest":
        return AT_TIMESTAMP + str(int(time.time() * 1000))
    if kind == "at_timestamp":
        ts = _opt(options, "timestamp", "atTimestamp")
        if ts is None:
            raise IllegalArgumentException(
                "initialPosition 'at_timestamp' of source 'kinesis' needs option 'timestamp' "
                "(epoch milliseconds or an ISO-8601 timestamp)."
            )
        return AT_TIMESTAMP + str(_timestamp_ms(ts))
    raise IllegalArgumentException(
        f"Invalid value '{raw}' for option 'initialPosition' of source 'kinesis': expected one of "
        "latest, trim_horizon, earliest, at_timestamp."
    )


# ---------------------------------------------------------------------------
# positions


def _is_done(pos: str) -> bool:
    return pos.startswith(SHARD_END)


def _last_seq(pos: str) -> str | None:
    """The sequence number of the last record read at ``pos``, if any."""
    if pos.startswith(SHARD_END):
        return pos[len(SHARD_END) + 1:] or None
    if pos == TRIM_HORIZON or pos.startswith(AT_TIMESTAMP):
        return None
    return pos


def _iterator_args(pos: str) -> dict[str, Any]:
    """GetShardIterator arguments that start right after ``pos``."""
    seq = _last_seq(pos)
    if seq is not None:
        return {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "StartingSequenceNumber": seq}
    if pos.startswith(AT_TIMESTAMP):
        ms = int(pos[len(AT_TIMESTAMP):])
        return {"ShardIteratorType": "AT_TIMESTAMP",
                "Timestamp": _dt.datetime.fromtimestamp(ms / 1000, _dt.timezone.utc)}
    return {"ShardIteratorType": "TRIM_HORIZON"}


@dataclass
class _Shard:
    shard_id: str
    parents: tuple[str, ...]
    ending: str | None  # EndingSequenceNumber: set once the shard is closed


@dataclass
class _Fetched:
    """Records of one shard read by ``latest_offset``, kept for ``get_batch``."""

    start: str
    end: str
    table: pa.Table
    ended: bool = False


def _records_table(records: list[dict[str, Any]], stream: str, shard_id: str) -> pa.Table:
    """One GetRecords response -> Arrow columns (one list comprehension per field)."""
    n = len(records)
    return pa.table([
        pa.array([r["PartitionKey"] for r in records], pa.string()),
        pa.array([r["Data"] for r in records], pa.binary()),
        pa.repeat(pa.scalar(stream, pa.string()), n),
        pa.repeat(pa.scalar(shard_id, pa.string()), n),
        pa.array([r["SequenceNumber"] for r in records], pa.string()),
        pa.array([r["ApproximateArrivalTimestamp"] for r in records], pa.timestamp("us", tz="UTC")),
    ], schema=SCHEMA)


def _arrived_since(table: pa.Table, since_ms: int) -> pa.Table:
    """``table`` from its first record that arrived at or after ``since_ms``."""
    since = pa.scalar(since_ms * 1000, pa.timestamp("us", tz="UTC"))
    first = pc.index(pc.greater_equal(table.column("approximateArrivalTimestamp"), since), True).as_py()
    return table.slice(table.num_rows if first < 0 else first)


class KinesisSource(Source):
    """``spark.readStream.format("kinesis")``."""

    name = "kinesis"

    @staticmethod
    def validate(options: dict[str, str]) -> None:
        _stream_name(options, "source")
        _initial_marker(options)
        _source_limits(options)

    @staticmethod
    def source_schema(options: dict[str, str], user_schema: pa.Schema | None) -> pa.Schema:
        if user_schema is not None:
            raise IllegalArgumentException(
                "requirement failed: Kinesis source has a fixed schema and cannot be set with a custom one"
            )
        return SCHEMA

    def __init__(self, ctx: SourceContext) -> None:
        options = dict(ctx.options)
        self.validate(options)
        self.options = options
        self.stream = _stream_name(options, "source")
        self.metadata_path = ctx.metadata_path
        (self.records_per_call, self.records_per_shard, self.fetch_time_ms,
         self.retries, self.backoff_ms) = _source_limits(options)
        self.client = make_client(options)
        self._initial: dict[str, str] | None = None
        self._shards: dict[str, _Shard] = {}
        self._fetched: dict[str, _Fetched] = {}
        self._cutoff_ms: int | None = None  # availableNow: admit records that arrived before this

    def schema(self) -> pa.Schema:
        return SCHEMA

    def description(self) -> str:
        return f"KinesisV2[{self.stream}]"

    # -- Kinesis calls ----------------------------------------------------------------
    def _call(self, name: str, **kwargs: Any) -> Any:
        return call_with_backoff(getattr(self.client, name), retries=self.retries,
                                 backoff_ms=self.backoff_ms, **kwargs)

    def _list_shards(self) -> dict[str, _Shard]:
        shards: dict[str, _Shard] = {}
        kwargs: dict[str, Any] = {"StreamName": self.stream}
        while True:
            resp = self._call("list_shards", **kwargs)
            for s in resp["Shards"]:
                parents = tuple(p for p in (s.get("ParentShardId"), s.get("AdjacentParentShardId")) if p)
                ending = s.get("SequenceNumberRange", {}).get("EndingSequenceNumber")
                shards[s["ShardId"]] = _Shard(s["ShardId"], parents, ending)
            token = resp.get("NextToken")
            if not token:
                break
            kwargs = {"NextToken": token}
        self._shards = shards
        return shards

    def _iterator(self, shard_id: str, pos: str) -> str:
        return self._call("get_shard_iterator", StreamName=self.stream, ShardId=shard_id,
                          **_iterator_args(pos))["ShardIterator"]

    def _read(self, shard_id: str, pos: str, until: str | None) -> _Fetched:
        """Read ``shard_id`` after ``pos``: up to sequence number ``until`` inclusive (a replay),
        or, when ``until`` is None, until caught up or the per-shard budget is spent."""
        shard = self._shards.get(shard_id)
        stop_at = int(until) if until is not None else None
        deadline = time.monotonic() + self.fetch_time_ms / 1000
        tables: list[pa.Table] = []
        count = 0
        last = pos
        ended = False
        # GetShardIterator takes whole seconds: drop what arrived before the instant asked for
        since_ms = int(pos[len(AT_TIMESTAMP):]) if pos.startswith(AT_TIMESTAMP) else None
        iterator: str | None = self._iterator(shard_id, pos)
        renewed = 0
        while iterator is not None:
            try:
                resp = self._call("get_records", ShardIterator=iterator, Limit=self.records_per_call)
            except Exception as e:
                if _error_code(e) != "ExpiredIteratorException" or renewed >= self.retries:
                    raise
                renewed += 1
                iterator = self._iterator(shard_id, last)  # renew after the last record read
                continue
            renewed = 0
            records = resp.get("Records", [])
            iterator = resp.get("NextShardIterator")
            if records:
                table = _records_table(records, self.stream, shard_id)
                if not count and since_ms is not None:
                    table = _arrived_since(table, since_ms)
                fetched = table.num_rows
                table = self._trim(table, stop_at)
                if table.num_rows:
                    tables.append(table)
                    count += table.num_rows
                    last = table.column("sequenceNumber")[-1].as_py()
                if table.num_rows < fetched:  # reached ``until`` / the availableNow cutoff
                    break
            if stop_at is not None:
                if count and int(last) >= stop_at:
                    break
                if iterator is None or (not records and resp.get("MillisBehindLatest", 1) == 0):
                    log.warning("kinesis shard %s ended before sequence number %s (records expired?)",
                                shard_id, until)
                    break
                continue
            if iterator is None:
                ended = True
                break
            caught_up = not records and resp.get("MillisBehindLatest", 0) == 0
            if shard is not None and shard.ending is not None and (
                caught_up or (count and int(last) >= int(shard.ending))
            ):
                ended = True  # a closed shard read to its end (servers that keep the iterator)
                break
            if caught_up or count >= self.records_per_shard or time.monotonic() >= deadline:
                break
        table = pa.concat_tables(tables) if tables else SCHEMA.empty_table()
        return _Fetched(start=pos, end=last, table=table, ended=ended)

    def _trim(self, table: pa.Table, stop_at: int | None) -> pa.Table:
        """The leading records of ``table``: up to sequence number ``stop_at`` when re-reading
        a batch, else up to the availableNow cutoff (if any)."""
        if stop_at is not None:
            seqs = pc.cast(table.column("sequenceNumber"), _SEQ_TYPE)
            keep = pc.less_equal(seqs, pa.scalar(stop_at, _SEQ_TYPE))
        elif self._cutoff_ms is not None:
            cutoff = pa.scalar(self._cutoff_ms * 1000, pa.timestamp("us", tz="UTC"))
            keep = pc.less_equal(table.column("approximateArrivalTimestamp"), cutoff)
        else:
            return table
        # sequence numbers increase within a shard: keep the prefix before the first False
        first_false = pc.index(keep, False).as_py()
        return table if first_false < 0 else table.slice(0, first_false)

    # -- offsets ----------------------------------------------------------------------
    def initial_offset(self) -> Offset:
        """Every shard at its ``initialPosition``; kept in ``<metadata_path>/0`` so a restart
        that has not run a batch yet starts from the same positions."""
        if self._initial is None:
            marker = _initial_marker(self.options)
            self._initial = recorded_at_first_start(
                self.metadata_path, lambda: {sid: marker for sid in sorted(self._list_shards())})
        return dict(self._initial)

    def _readable(self, shard: _Shard, begin: Mapping[str, str]) -> bool:
        """A shard is read only once every parent still listed is fully read."""
        return all(p not in self._shards or p not in begin or _is_done(begin[p]) for p in shard.parents)

    def latest_offset(self, start: Offset, limit: ReadLimit) -> Offset:
        begin: dict[str, str] = dict(start or {})
        shards = self._list_shards()
        end = dict(begin)
        self._fetched = {}
        for sid in sorted(shards):
            if sid not in begin:
                end[sid] = TRIM_HORIZON  # a new child shard: read it from its start, next trigger
                continue
            pos = begin[sid]
            if _is_done(pos) or not self._readable(shards[sid], begin):
                continue
            fetched = self._read(sid, pos, None)
            if fetched.table.num_rows == 0 and not fetched.ended:
                continue
            seq = _last_seq(fetched.end) if fetched.table.num_rows else None
            fetched.end = (SHARD_END + (f":{seq}" if seq else "")) if fetched.ended else fetched.end
            end[sid] = fetched.end
            self._fetched[sid] = fetched
        return end

    def get_batch(self, start: Offset, end: Offset) -> pa.Table:
        begin: dict[str, str] = dict(start or {})
        tables = []
        for sid in sorted(end):
            lo, hi = begin.get(sid), end[sid]
            until = _last_seq(hi)
            if lo is None or lo == hi or until is None or until == _last_seq(lo):
                continue
            kept = self._fetched.get(sid)
            if kept is not None and kept.start == lo and kept.end == hi:
                tables.append(kept.table)
            else:
                if sid not in self._shards:
                    self._list_shards()
                tables.append(self._read(sid, lo, until).table)
        self._fetched = {}
        return pa.concat_tables(tables) if tables else SCHEMA.empty_table()

    def prepare_for_available_now(self) -> None:
        self._cutoff_ms = int(time.time() * 1000)

    def reports_available_now(self) -> bool:
        return True

    def stop(self) -> None:
        self._fetched = {}
        close = getattr(self.client, "close", None)
        if close is not None:
            close()


def _source_limits(options: Mapping[str, str]) -> tuple[int, int, int, int, int]:
    per_call = option_int(options, "maxRecordsPerFetch", 10000, "kinesis", minimum=1)
    if per_call is not None and per_call > 10000:
        raise IllegalArgumentException(
            f"Invalid value '{per_call}' for option 'maxRecordsPerFetch' of source 'kinesis': "
            "must be <= 10000 (the GetRecords limit)."
        )
    per_shard = option_int(options, "maxFetchRecordsPerShard", 100000, "kinesis", minimum=1)
    fetch_ms = option_int(options, "maxFetchTimeInMs", 1000, "kinesis", minimum=1)
    retries = option_int(options, "maxRetries", 8, "kinesis", minimum=0)
    backoff = option_int(options, "retryBackoffMs", 100, "kinesis", minimum=1)
    return int(per_call or 10000), int(per_shard or 0), int(fetch_ms or 0), int(retries or 0), int(backoff or 1)


# ---------------------------------------------------------------------------
# sink


def _validate_sink_schema(schema: pa.Schema) -> None:
    for name, allowed in (("partitionKey", ("string",)), ("data", ("string", "binary"))):
        if name not in schema.names:
            raise AnalysisException(
                f"The kinesis sink needs a '{name}' column ({' or '.join(allowed)}); "
                f"the query has columns {', '.join(schema.names) or '(none)'}. "
                f"Use select(..., col(...).alias(\"{name}\"))."
            )
        t = schema.field(name).type
        kind = ("string" if pa.types.is_string(t) or pa.types.is_large_string(t)
                else "binary" if pa.types.is_binary(t) or pa.types.is_large_binary(t) else str(t))
        if kind not in allowed:
            raise AnalysisException(
                f"Column '{name}' of the kinesis sink must be {' or '.join(allowed)}, not {kind}."
            )


class KinesisWriter:
    """PutRecords in calls of at most 500 records / 5 MiB, resending only failed records."""

    def __init__(self, options: Mapping[str, str]) -> None:
        self.stream = _stream_name(options, "sink")
        self.retries = int(option_int(options, "maxRetries", 10, "kinesis", minimum=0) or 0)
        self.backoff_ms = int(option_int(options, "retryBackoffMs", 100, "kinesis", minimum=1) or 1)
        self.client = make_client(options)

    def write(self, table: pa.Table) -> int:
        """Send every row of ``table``; the number of records written."""
        if table.num_rows == 0:
            return 0
        keys = table.column("partitionKey")
        if keys.null_count:
            raise SparkRuntimeException(
                "Column 'partitionKey' of the kinesis sink must not be null: Kinesis needs a "
                "partition key for every record."
            )
        data = table.column("data").cast(pa.binary()).fill_null(b"")
        sizes = pc.add(pc.binary_length(keys.cast(pa.binary())), pc.binary_length(data)).to_pylist()
        too_big = [i for i, s in enumerate(sizes) if s > MAX_BYTES_PER_RECORD]
        if too_big:
            raise SparkRuntimeException(
                f"Row {too_big[0]} of the kinesis sink is {sizes[too_big[0]]} bytes: a Kinesis record "
                f"(partitionKey + data) is at most {MAX_BYTES_PER_RECORD} bytes."
            )
        records = [{"PartitionKey": k, "Data": d} for k, d in zip(keys.to_pylist(), data.to_pylist())]
        chunk: list[dict[str, Any]] = []
        size = 0
        for record, n in zip(records, sizes):
            if chunk and (len(chunk) == MAX_RECORDS_PER_PUT or size + n > MAX_BYTES_PER_PUT):
                self._put(chunk)
                chunk, size = [], 0
            chunk.append(record)
            size += n
        if chunk:
            self._put(chunk)
        return len(records)

    def _put(self, records: list[dict[str, Any]]) -> None:
        delay = self.backoff_ms / 1000
        pending = records
        for attempt in range(self.retries + 1):
            resp = call_with_backoff(self.client.put_records, retries=self.retries, backoff_ms=self.backoff_ms,
                                     StreamName=self.stream, Records=pending)
            if not resp.get("FailedRecordCount"):
                return
            results = resp["Records"]
            failed = [rec for rec, res in zip(pending, results) if res.get("ErrorCode")]
            codes = sorted({res["ErrorCode"] for res in results if res.get("ErrorCode")})
            if attempt == self.retries:
                raise SparkRuntimeException(
                    f"{len(failed)} of {len(pending)} records could not be written to Kinesis stream "
                    f"'{self.stream}' after {self.retries} retries ({', '.join(codes)})."
                )
            log.info("kinesis PutRecords: %d records failed (%s), retrying in %.2fs",
                     len(failed), ", ".join(codes), delay)
            pending = failed
            time.sleep(delay)
            delay = min(delay * 2, 10.0)

    def close(self) -> None:
        close = getattr(self.client, "close", None)
        if close is not None:
            close()


class KinesisSink(Sink):
    """``writeStream.format("kinesis")``: at-least-once (a re-run batch is sent again)."""

    name = "kinesis"
    output_modes = ("append", "update", "complete")

    def __init__(self, ctx: SinkContext) -> None:
        _validate_sink_schema(ctx.schema)
        self.writer = KinesisWriter(ctx.options)

    def add_batch(self, batch_id: int, table: pa.Table, mode: str) -> None:
        self.writer.write(table)

    def stop(self) -> None:
        self.writer.close()

    def description(self) -> str:
        return f"KinesisSink[{self.writer.stream}]"


def write_kinesis_batch(table: pa.Table, ctx: SinkContext, mode: str) -> None:
    """``df.write.format("kinesis").save()``."""
    _validate_sink_schema(table.schema)
    writer = KinesisWriter(ctx.options)
    try:
        writer.write(table)
    finally:
        writer.close()


class KinesisProvider(Provider):
    """``kinesis``: streaming source and sink (every output mode), batch write; a fixed schema."""

    name = "kinesis"
    fixed_schema = True
    output_modes = KinesisSink.output_modes

    def validate(self, options: Mapping[str, str], path: str | None) -> None:
        KinesisSource.validate(dict(options))

    def source_schema(self, options: Mapping[str, str], user_schema: pa.Schema | None,
                      path: str | None, conf: Mapping[str, Any]) -> pa.Schema:
        return KinesisSource.source_schema(dict(options), user_schema)

    def source(self, ctx: SourceContext) -> Source:
        return KinesisSource(ctx)

    def sink(self, ctx: SinkContext) -> Sink:
        return KinesisSink(ctx)

    def write_batch(self, table: pa.Table, ctx: SinkContext, mode: str) -> None:
        write_kinesis_batch(table, ctx, mode)


PROVIDER = KinesisProvider()
