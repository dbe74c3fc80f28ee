"""Spark 4's Python data sources as rillet sources and sinks.

A user's ``DataSource`` (``rillet.sql.datasource``) is driven here through the
engine's contracts: a ``DataSourceStreamReader`` (or a ``SimpleDataSourceStreamReader``
behind the same prefetch-and-cache wrapper as PySpark's) becomes a :class:`Source`,
a ``DataSourceStreamWriter`` a :class:`Sink`, and a batch ``DataSourceReader`` a
table. What ``read()`` yields -- tuples, lists, ``Row``\\ s or ``pyarrow.RecordBatch``\\ es --
is checked the way PySpark's worker checks it
(``DATA_SOURCE_RETURN_SCHEMA_MISMATCH``, ``DATA_SOURCE_INVALID_RETURN_TYPE``) and
turned into Arrow with the declared schema; record batches pass through as they
are (selected and cast by name, vectorized). A failure in the user's code is
raised as PySpark's ``PythonException`` with the user's traceback, as PySpark's
worker reports it.

Offsets are the user's dicts, normalized through JSON (what the checkpoint stores),
so a restarted query hands ``partitions(start, end)``/``readBetweenOffsets`` exactly
the offsets the first run logged.

This module sees the user's objects only through their methods and receives
type conversions from the ``sql`` layer (``to_rows``), so it imports no plan.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import json
import traceback
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import Any

import pyarrow as pa

from rillet._compat import add_note
from rillet.connectors.base import Offset, ReadLimit, Sink, Source
from rillet.errors import PySparkException, PySparkRuntimeError, PythonException

__all__ = [
    "PythonDataSourceSink",
    "PythonStreamSource",
    "SimpleStreamReaderWrapper",
    "read_partitions",
    "records_to_table",
]

# rows are converted to Arrow this many at a time (Spark's maxArrowBatchSize default)
ARROW_BATCH_SIZE = 10_000


# ---------------------------------------------------------------------------
# errors


def python_exception(exc: BaseException, source_name: str, method: str) -> PythonException:
    """``exc`` raised in a data source's ``method`` as PySpark's ``PythonException``:
    the user's traceback (rillet's frames left out), naming the data source."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != __file__]
    tb = "Traceback (most recent call last):\n" + "".join(traceback.format_list(frames))
    tb += "".join(traceback.format_exception_only(type(exc), exc))
    return PythonException(
        "\n  An exception was thrown from the Python worker. Please see the stack trace below.\n"
        f"Python data source '{source_name}' failed in {method}:\n" + tb,
        cause=exc,
    )


def guarded(source_name: str, method: str, fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(*args)
    except PythonException:
        raise
    except Exception as e:  # noqa: BLE001 - any user error becomes PySpark's PythonException
        raise python_exception(e, source_name, method) from e


def normalize_offset(offset: Any) -> Offset:
    """The offset as the checkpoint will give it back (a JSON round trip)."""
    return json.loads(json.dumps(offset))


# ---------------------------------------------------------------------------
# rows -> Arrow


def _python_value(value: Any, t: pa.DataType) -> Any:
    """One value in the form ``pa.array`` accepts for ``t`` (nested Rows and tuples as
    dicts, naive timestamps as the process's local time, as PySpark reads them)."""
    if value is None:
        return None
    if pa.types.is_timestamp(t) and t.tz is not None and isinstance(value, _dt.datetime):
        return value.astimezone() if value.tzinfo is None else value
    if pa.types.is_struct(t):
        names = [t.field(i).name for i in range(t.num_fields)]
        if isinstance(value, dict):
            items = [value.get(n) for n in names]
        elif hasattr(value, "__fields__"):
            d = value.asDict()
            items = [d.get(n) for n in names]
        else:
            items = list(value)
        return {n: _python_value(v, t.field(i).type) for i, (n, v) in enumerate(zip(names, items))}
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return [_python_value(v, t.value_type) for v in value]
    if pa.types.is_map(t):
        return [(_python_value(k, t.key_type), _python_value(v, t.item_type)) for k, v in value.items()]
    if pa.types.is_decimal(t) and not isinstance(value, decimal.Decimal):
        return decimal.Decimal(str(value))
    if pa.types.is_floating(t) and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _needs_conversion(t: pa.DataType) -> bool:
    return (
        (pa.types.is_timestamp(t) and t.tz is not None)
        or pa.types.is_nested(t)
        or pa.types.is_decimal(t)
        or pa.types.is_floating(t)
    )


def _rows_to_batch(rows: list[Any], schema: pa.Schema, source_name: str) -> pa.RecordBatch:
    names = schema.names
    width = len(names)
    columns: list[list[Any]] = [[] for _ in range(width)]
    for row in rows:
        if hasattr(row, "__len__") and len(row) != width:
            raise PySparkRuntimeError(
                errorClass="DATA_SOURCE_RETURN_SCHEMA_MISMATCH",
                messageParameters={"expected": str(width), "actual": str(len(row))},
            )
        if not isinstance(row, (list, tuple)):
            raise PySparkRuntimeError(
                errorClass="DATA_SOURCE_INVALID_RETURN_TYPE",
                messageParameters={
                    "type": type(row).__name__,
                    "name": source_name,
                    "supported_types": "tuple, list, `pyspark.sql.types.Row`, `pyarrow.RecordBatch`",
                },
            )
        fields = getattr(row, "__fields__", None)
        if fields is not None:
            if set(fields) != set(names):
                raise PySparkRuntimeError(
                    errorClass="DATA_SOURCE_RETURN_SCHEMA_MISMATCH",
                    messageParameters={"expected": str(names), "actual": str(list(fields))},
                )
            d = dict(zip(fields, row))
            for i, n in enumerate(names):
                columns[i].append(d[n])
        else:
            for i in range(width):
                columns[i].append(row[i])
    arrays = []
    for values, field in zip(columns, schema):
        if _needs_conversion(field.type):
            values = [_python_value(v, field.type) for v in values]
        arrays.append(pa.array(values, type=field.type))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _check_record_batch(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    names = schema.names
    if batch.num_columns != len(names):
        raise PySparkRuntimeError(
            errorClass="DATA_SOURCE_RETURN_SCHEMA_MISMATCH",
            messageParameters={"expected": str(len(names)), "actual": str(batch.num_columns)},
        )
    if any(n not in batch.schema.names for n in names):
        raise PySparkRuntimeError(
            errorClass="DATA_SOURCE_RETURN_SCHEMA_MISMATCH",
            messageParameters={"expected": str(names), "actual": str(batch.schema.names)},
        )
    return batch.select(names).cast(schema)


def records_to_table(output: Any, schema: pa.Schema, source_name: str) -> pa.Table:
    """What one ``read(partition)`` returned, as a table of ``schema``.

    ``output`` must be an iterator (``DATA_SOURCE_INVALID_RETURN_TYPE`` otherwise, as
    PySpark) of tuples/lists/Rows, or of ``pyarrow.RecordBatch``\\ es; the first element
    decides which."""
    if not isinstance(output, Iterator):
        raise PySparkRuntimeError(
            errorClass="DATA_SOURCE_INVALID_RETURN_TYPE",
            messageParameters={"type": type(output).__name__, "name": source_name, "supported_types": "iterator"},
        )
    try:
        first = next(output)
    except StopIteration:
        return schema.empty_table()
    batches: list[pa.RecordBatch] = []
    if isinstance(first, pa.RecordBatch):
        batches.append(_check_record_batch(first, schema))
        batches.extend(_check_record_batch(b, schema) for b in output)
    else:
        rows = [first, *islice(output, ARROW_BATCH_SIZE - 1)]
        while rows:
            batches.append(_rows_to_batch(rows, schema, source_name))
            rows = list(islice(output, ARROW_BATCH_SIZE))
    return pa.Table.from_batches(batches, schema=schema)


def read_partitions(reader: Any, partitions: Sequence[Any], schema: pa.Schema, source_name: str) -> pa.Table:
    """``reader.read(p)`` for every partition, in order, as one table."""

    def read_one(partition: Any) -> pa.Table:
        return records_to_table(reader.read(partition), schema, source_name)

    tables = [guarded(source_name, "read", read_one, p) for p in partitions]
    if not tables:
        return schema.empty_table()
    return pa.concat_tables(tables)


def check_partitions(partitions: Any, input_partition: type) -> list[Any]:
    """What ``partitions()`` returned, checked as PySpark checks it: a list of ``InputPartition``."""
    if not isinstance(partitions, list):
        raise PySparkRuntimeError(
            errorClass="DATA_SOURCE_TYPE_MISMATCH",
            messageParameters={"expected": "'partitions' to return a list", "actual": f"'{type(partitions).__name__}'"},
        )
    if not all(isinstance(p, input_partition) for p in partitions):
        raise PySparkRuntimeError(
            errorClass="DATA_SOURCE_TYPE_MISMATCH",
            messageParameters={
                "expected": "elements in 'partitions' to be of type 'InputPartition'",
                "actual": ", ".join(f"'{type(p).__name__}'" for p in partitions),
            },
        )
    return partitions


# ---------------------------------------------------------------------------
# streaming reads


class SimpleStreamReaderWrapper:
    """A ``SimpleDataSourceStreamReader`` seen as a ``DataSourceStreamReader``, as PySpark
    wraps it: ``latestOffset`` calls ``read(current)`` and caches the rows (as Arrow) until
    the batch that covers them is planned; a batch not in the cache (a re-run after a
    restart) is read again with ``readBetweenOffsets(start, end)``."""

    def __init__(self, simple_reader: Any, schema: pa.Schema, source_name: str) -> None:
        self.simple_reader = simple_reader
        self.schema = schema
        self.source_name = source_name
        self._initial: Offset | None = None
        self._current: Offset | None = None
        # (start, end, rows) prefetched by latestOffset, oldest first; offsets as JSON text
        self._cache: list[tuple[str, str, pa.Table]] = []

    def initialOffset(self) -> Offset:
        if self._initial is None:
            self._initial = self.simple_reader.initialOffset()
        return self._initial

    def latest_from(self, start: Offset) -> Offset:
        current = self._current if self._current is not None else start
        result = self.simple_reader.read(current)
        if not (isinstance(result, tuple) and len(result) == 2):
            raise PySparkRuntimeError(
                errorClass="DATA_SOURCE_TYPE_MISMATCH",
                messageParameters={
                    "expected": "'read' to return a tuple of (iterator of rows, end offset)",
                    "actual": f"'{type(result).__name__}'",
                },
            )
        rows, end = result
        end = normalize_offset(end)
        table = records_to_table(iter(rows), self.schema, self.source_name)
        start_text, end_text = json.dumps(current), json.dumps(end)
        if start_text == end_text:
            if table.num_rows:
                raise PySparkException(
                    errorClass="SIMPLE_STREAM_READER_OFFSET_DID_NOT_ADVANCE",
                    messageParameters={"start_offset": start_text, "end_offset": end_text},
                )
        else:
            self._cache.append((start_text, end_text, table))
        self._current = end
        return end

    def read_between(self, start: Offset, end: Offset) -> pa.Table:
        start_text, end_text = json.dumps(start), json.dumps(end)
        first = next((i for i, e in enumerate(self._cache) if e[0] == start_text), None)
        last = next((i for i, e in enumerate(self._cache) if e[1] == end_text), None)
        if first is not None and last is not None and first <= last:
            return pa.concat_tables([e[2] for e in self._cache[first : last + 1]])
        rows = self.simple_reader.readBetweenOffsets(start, end)
        return records_to_table(iter(rows), self.schema, self.source_name)

    def commit(self, end: Offset) -> None:
        end_text = json.dumps(end)
        done = next((i for i, e in enumerate(self._cache) if e[1] == end_text), None)
        if done is not None:
            self._cache = self._cache[done + 1 :]
        if self._current is None:
            self._current = end
        self.simple_reader.commit(end)

    def stop(self) -> None:
        stop = getattr(self.simple_reader, "stop", None)
        if callable(stop):
            stop()


class PythonStreamSource(Source):
    """A ``DataSourceStreamReader`` (or a wrapped simple reader) as a micro-batch
    :class:`Source`.

    1. ``initial_offset``: the reader's ``initialOffset()`` (asked once, then remembered).
    2. ``latest_offset``: ``latestOffset()`` (a simple reader prefetches here).
    3. ``get_batch(start, end)``: ``partitions(start, end)``, then ``read`` of each, in
       order, as one table; a simple reader's prefetched rows, or ``readBetweenOffsets``.
    4. ``commit(end)`` after the batch is durable; ``stop()`` once at the end.
    """

    def __init__(self, reader: Any, schema: pa.Schema, source_name: str, input_partition: type) -> None:
        self.reader = reader
        self._schema = schema
        self.source_name = source_name
        self._input_partition = input_partition
        self._initial: Offset | None = None
        self._available_now_end: Offset | None = None

    def schema(self) -> pa.Schema:
        return self._schema

    def initial_offset(self) -> Offset:
        if self._initial is None:
            self._initial = normalize_offset(guarded(self.source_name, "initialOffset", self.reader.initialOffset))
        return self._initial

    def latest_offset(self, start: Offset, limit: ReadLimit) -> Offset:
        if isinstance(self.reader, SimpleStreamReaderWrapper):
            return guarded(self.source_name, "read", self.reader.latest_from, start)
        if self._available_now_end is not None:
            return self._available_now_end
        return normalize_offset(guarded(self.source_name, "latestOffset", self.reader.latestOffset))

    def get_batch(self, start: Offset, end: Offset) -> pa.Table:
        if isinstance(self.reader, SimpleStreamReaderWrapper):
            return guarded(self.source_name, "readBetweenOffsets", self.reader.read_between, start, end)
        partitions = guarded(self.source_name, "partitions", self.reader.partitions, start, end)
        partitions = list(partitions) if isinstance(partitions, tuple) else partitions
        partitions = guarded(self.source_name, "partitions", check_partitions, partitions, self._input_partition)
        return read_partitions(self.reader, partitions, self._schema, self.source_name)

    def commit(self, end: Offset) -> None:
        guarded(self.source_name, "commit", self.reader.commit, end)

    def stop(self) -> None:
        guarded(self.source_name, "stop", self.reader.stop)

    def description(self) -> str:
        return f"PythonMicroBatchStream[{self.source_name}]"

    def prepare_for_available_now(self) -> None:
        # Spark's AvailableNowDataStreamWrapper: the latest offset now is the end of the run
        if not isinstance(self.reader, SimpleStreamReaderWrapper):
            self._available_now_end = normalize_offset(
                guarded(self.source_name, "latestOffset", self.reader.latestOffset)
            )


# ---------------------------------------------------------------------------
# streaming writes


class PythonDataSourceSink(Sink):
    """A ``DataSourceStreamWriter`` as a :class:`Sink`.

    Per batch: 1. ``write(iterator of Rows)`` returns a ``WriterCommitMessage``;
    2. ``commit([message], batch_id)``. If step 1 fails, ``abort([None], batch_id)``
    is called and the query fails with the writer's error (a ``PythonException``
    naming the data source). A batch re-run after a crash calls ``write`` and
    ``commit`` again with the same batch id, as Spark does: the writer makes its
    commit idempotent by batch id.

    ``make_writer(overwrite)`` creates the user's writer (``overwrite`` is True in
    complete mode, where Spark truncates); ``to_input(writer, table)`` gives what that
    writer's ``write`` iterates (Rows, or Arrow record batches for an Arrow writer).
    """

    def __init__(
        self,
        make_writer: Callable[[bool], Any],
        to_input: Callable[[Any, pa.Table], Iterator[Any]],
        commit_message: type,
        source_name: str,
    ) -> None:
        self._make_writer = make_writer
        self._to_input = to_input
        self._commit_message = commit_message
        self.source_name = source_name
        self._writers: dict[bool, Any] = {}

    def _writer(self, overwrite: bool) -> Any:
        if overwrite not in self._writers:
            self._writers[overwrite] = guarded(self.source_name, "streamWriter", self._make_writer, overwrite)
        return self._writers[overwrite]

    def add_batch(self, batch_id: int, table: pa.Table, mode: str) -> None:
        writer = self._writer(mode == "complete")
        try:
            message = writer.write(self._to_input(writer, table))
            if not isinstance(message, self._commit_message):
                raise PySparkRuntimeError(
                    errorClass="DATA_SOURCE_TYPE_MISMATCH",
                    messageParameters={
                        "expected": "'WriterCommitMessage' as the return type of the `write` method",
                        "actual": type(message).__name__,
                    },
                )
        except Exception as e:  # noqa: BLE001 - abort, then fail the query with the user's error
            error = python_exception(e, self.source_name, f"write (batch {batch_id})")
            try:
                writer.abort([None], batch_id)
            except Exception as abort_error:  # noqa: BLE001 - the write error is the one to report
                add_note(error, f"abort also failed: {abort_error!r}")
            raise error from e
        guarded(self.source_name, f"commit (batch {batch_id})", writer.commit, [message], batch_id)

    def description(self) -> str:
        return f"PythonStreamingSink[{self.source_name}]"
