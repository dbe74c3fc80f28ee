"""The contracts between the engine and the outside world: Source and Sink.

Connectors see Arrow tables and JSON-serializable offsets only, never a plan.
The engine drives them in Spark's micro-batch protocol; the docstrings below are
the contract, and every connector follows them.
"""

from __future__ import annotations

import json
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from rillet.durability import write_once
from rillet.errors import AnalysisException, IllegalArgumentException

# An offset is any JSON-serializable value (an int, a dict, ...). It is written
# to ``offsets/N`` in the checkpoint as JSON before batch N runs.
Offset = Any


class ReadLimit:
    """How much a source may admit into one batch (Spark's ReadLimit)."""

    @staticmethod
    def all_available() -> ReadLimit:
        return _AllAvailable()


class _AllAvailable(ReadLimit):
    pass


@dataclass(frozen=True)
class SourceContext:
    """What the engine gives a source when the query starts.

    ``metadata_path`` is the source's own folder in the checkpoint
    (``<checkpoint>/sources/<i>``), where it may keep what it needs to resume
    (e.g. the list of files already seen)."""

    metadata_path: str
    options: Mapping[str, str]
    path: str | None = None
    schema: pa.Schema | None = None  # a user-specified schema, if any


class Source(ABC):
    """A streaming source, in Spark's micro-batch protocol.

    Per batch the engine calls, in this order:

    1. ``latest_offset(start, limit)``: the offset up to which data is available now
       (bounded by ``limit`` for admission control). Must not block for long.
    2. If it differs from ``start``, the engine writes ``offsets/N`` = that offset,
       then calls ``get_batch(start, end)``: the rows in ``(start, end]``. It must
       return the same rows when called again with the same offsets after a
       restart (for sources that can replay), which is how exactly-once works.
    3. After ``commits/N`` is written: ``commit(end)``; data up to ``end`` will never
       be asked for again and may be released.

    ``stop()`` is called once when the query stops; no call follows it.
    ``initial_offset()`` is the offset before any data (``start`` of batch 0).
    """

    @abstractmethod
    def schema(self) -> pa.Schema:
        """The Arrow schema of the rows this source produces."""

    @abstractmethod
    def initial_offset(self) -> Offset: ...

    @abstractmethod
    def latest_offset(self, start: Offset, limit: ReadLimit) -> Offset: ...

    @abstractmethod
    def get_batch(self, start: Offset, end: Offset) -> pa.Table: ...

    def commit(self, end: Offset) -> None:  # noqa: B027 - optional hook
        """Data up to ``end`` is durable downstream; release it."""

    def stop(self) -> None:  # noqa: B027 - optional hook
        """Release resources (sockets, threads). Called once."""

    def description(self) -> str:
        return type(self).__name__

    def reports_available_now(self) -> bool:
        """True if ``latest_offset`` marks a fixed end of the backlog (for availableNow)."""
        return True

    def prepare_for_available_now(self) -> None:  # noqa: B027 - optional hook
        """``trigger(availableNow=True)`` is starting: from now on, report only data that
        is available at this moment (Spark's ``prepareForTriggerAvailableNow``), so the
        query ends even while new data keeps arriving."""

    def backlog(self) -> tuple[int, str] | None:
        """How much input is waiting that no batch has admitted yet, and its unit
        (e.g. ``(12, "files")``), or None when the source cannot tell. Used to show
        progress through an ``availableNow`` backlog."""
        return None


@dataclass(frozen=True)
class SinkContext:
    """What the engine gives a sink registered by name (``writeStream.format(name)``).

    ``metadata_path`` is the sink's own folder in the checkpoint
    (``<checkpoint>/sinks/0``) for anything it must keep to stay exactly-once;
    ``schema`` is the Arrow schema of the rows ``add_batch`` receives."""

    options: Mapping[str, str]
    schema: pa.Schema
    path: str | None = None
    partition_by: tuple[str, ...] = ()
    query_name: str | None = None
    query_id: str | None = None
    metadata_path: str | None = None


class Sink(ABC):
    """A streaming sink.

    ``add_batch(batch_id, table, mode)`` receives the rows of batch ``batch_id``
    for output mode ``mode`` (``append``/``update``/``complete``). After a crash the
    engine may call it again with the same ``batch_id`` and the same rows: a sink
    must make that idempotent (skip a batch id it already committed, or overwrite
    it), so that output is exactly-once.
    """

    @abstractmethod
    def add_batch(self, batch_id: int, table: pa.Table, mode: str) -> None: ...

    def stop(self) -> None:  # noqa: B027 - optional hook
        """Called once when the query stops."""

    def description(self) -> str:
        return type(self).__name__


# ---------------------------------------------------------------------------
# option parsing shared by connectors


def option_int(options: Mapping[str, str], key: str, default: int | None, source: str,
               minimum: int | None = None) -> int | None:
    raw = _get(options, key)
    if raw is None:
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise IllegalArgumentException(
            f"Invalid value '{raw}' for option '{key}' of source '{source}': must be an integer."
        ) from None
    if minimum is not None and value < minimum:
        raise IllegalArgumentException(
            f"Invalid value '{raw}' for option '{key}' of source '{source}': must be >= {minimum}."
        )
    return value


def option_bool(options: Mapping[str, str], key: str, default: bool, source: str) -> bool:
    raw = _get(options, key)
    if raw is None:
        return default
    text = str(raw).strip().lower()
    if text in ("true", "false"):
        return text == "true"
    raise IllegalArgumentException(
        f"Invalid value '{raw}' for option '{key}' of source '{source}': must be true or false."
    )


def option_str(options: Mapping[str, str], key: str, default: str | None = None) -> str | None:
    raw = _get(options, key)
    return default if raw is None else str(raw)


def require_option(options: Mapping[str, str], key: str, message: str) -> str:
    raw = _get(options, key)
    if raw is None:
        raise AnalysisException(message)
    return str(raw)


def _get(options: Mapping[str, str], key: str) -> Any:
    # Spark's data source options are case-insensitive
    if key in options:
        return options[key]
    lower = key.lower()
    for k, v in options.items():
        if k.lower() == lower:
            return v
    return None


def recorded_at_first_start(metadata_path: str, make: Callable[[], Any]) -> Any:
    """What a source recorded in ``<metadata_path>/0`` when its query first started (Spark's
    metadata log entry: ``v1``, then the value as JSON), or ``make()``, recorded now, so a
    restart before the first batch starts from the same place (Kafka's and Kinesis's
    initial offsets, the rate source's creation time)."""
    path = os.path.join(metadata_path, "0")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            version, _, body = f.read().partition("\n")
        try:
            if version != "v1":
                raise ValueError
            return json.loads(body)
        except ValueError:  # JSONDecodeError too: a damaged entry is reported, never replaced
            raise AnalysisException(
                errorClass="CHECKPOINT_FILE_CORRUPT",
                messageParameters={"path": path, "reason": "expected 'v1' then one JSON value"},
            ) from None
    value = make()
    if not write_once(path, "v1\n" + json.dumps(value, separators=(",", ":"))):
        return recorded_at_first_start(metadata_path, make)  # a concurrent first start wrote it
    return value
