"""The contracts between the engine and the outside world: Source, Sink and Provider.

Connectors see Arrow tables and JSON-serializable offsets only, never a plan.
The engine drives them in Spark's micro-batch protocol; the docstrings below are
the contract, and every connector follows them. A format is one :class:`Provider`,
registered once in :mod:`rillet.connectors.registry`.
"""

from __future__ import annotations

import json
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

import pyarrow as pa

from rillet.durability import write_once
from rillet.errors import AnalysisException, IllegalArgumentException, UnsupportedOperationException

# The session's time zone, always set in the ``conf`` a provider's batch read gets.
TIME_ZONE_CONF = "spark.sql.session.timeZone"

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


class SessionHooks(Protocol):
    """What a sink that hands rows to user code needs from the session (the sql layer
    passes it when the query starts; connectors never import ``rillet.sql``)."""

    def dataframe(self, table: pa.Table) -> Any:
        """A batch DataFrame over ``table`` (foreachBatch's first argument)."""

    def rows(self, table: pa.Table) -> list[Any]:
        """``table`` as a list of ``Row`` (foreach, Python data source writers)."""

    def show_string(self, table: pa.Table, num_rows: int, truncate: bool | int) -> str:
        """``table`` as ``DataFrame.show`` prints it in the session's time zone (console)."""

    def register_table(self, name: str, table: Callable[[], pa.Table]) -> None:
        """Make ``spark.table(name)`` read ``table()`` (the memory sink's query table)."""


@dataclass(frozen=True)
class SinkContext:
    """What the engine gives a sink (``writeStream.format(name)``) or a batch writer.

    ``metadata_path`` is the sink's own folder in the checkpoint
    (``Checkpoint.sink_path()``) for anything it must keep to stay exactly-once;
    ``schema`` is the Arrow schema of the rows ``add_batch`` receives. ``callback`` is
    the user's function or writer object of ``foreachBatch``/``foreach``, and ``session``
    the sql layer's hooks for sinks that hand rows to user code."""

    options: Mapping[str, str]
    schema: pa.Schema
    path: str | None = None
    partition_by: tuple[str, ...] = ()
    query_name: str | None = None
    query_id: str | None = None
    metadata_path: str | None = None
    callback: Any = None
    session: SessionHooks | None = None


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


# ---------------------------------------------------------------------------
# options: set once by the readers/writers, parsed once by the provider


def to_str(value: Any) -> str | None:
    """An option value as Spark stores it (PySpark's ``to_str``): ``None`` stays None (the
    option is then dropped), a bool is ``"true"``/``"false"``, anything else ``str()``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def set_options(target: dict[str, str], options: Mapping[str, Any]) -> None:
    """Set each option of ``options`` in ``target`` with :func:`to_str`, dropping ``None``
    values as PySpark does (``OptionUtils._set_opts``); every ``option``/``options`` call
    of the readers and writers goes through here."""
    for key, value in options.items():
        text = to_str(value)
        if text is not None:
            target[key] = text


def with_defaults(options: Mapping[str, str], defaults: Mapping[str, str]) -> dict[str, str]:
    """``options`` plus each default whose key the user did not set (keys compared
    case-insensitively, as Spark's options are)."""
    given = {k.lower() for k in options}
    merged = {k: v for k, v in defaults.items() if k.lower() not in given}
    merged.update(options)
    return merged


@dataclass(frozen=True)
class OptionSpec:
    """One declared option of a format: its key (case-insensitive), type (``int``,
    ``bool`` or ``str``), default, and validation (``minimum`` for ints, ``choices``
    for strings, compared case-insensitively). A bad value raises Spark's
    ``IllegalArgumentException`` naming the option and the format; ``check`` adds a
    format's own rule (with Spark's message for it)."""

    key: str
    type: type = str
    default: Any = None
    minimum: int | None = None
    choices: tuple[str, ...] | None = None
    # a format's own rule and Spark's message for it, given the parsed value
    check: Callable[[Any], None] | None = None

    def parse(self, options: Mapping[str, str], source: str) -> Any:
        value: Any
        if self.type is int:
            value = option_int(options, self.key, self.default, source, self.minimum)
        elif self.type is bool:
            value = option_bool(options, self.key, bool(self.default), source)
        else:
            value = option_str(options, self.key, self.default)
            if value is not None and self.choices is not None and value.lower() not in self.choices:
                raise IllegalArgumentException(
                    f"Invalid value '{value}' for option '{self.key}' of source '{source}': "
                    f"must be one of {', '.join(self.choices)}."
                )
        if self.check is not None:
            self.check(value)
        return value


class Provider:
    """One data-source format (Spark's ``DataSourceRegister`` + ``TableProvider``).

    A provider is registered once, by ``name`` (and its ``aliases``), in
    :mod:`rillet.connectors.registry`; ``rillet.sql`` only looks providers up. It declares:

    - ``options``: the typed options it reads (:class:`OptionSpec`); :meth:`parse_options`
      turns the raw string options into typed values once, validating them;
      ``session_confs`` are the session settings copied into the options (unless set);
    - schema rules: ``fixed_schema`` (kafka, socket, rate: a user schema is refused by
      :meth:`source_schema`), ``needs_path`` (file formats: ``load(path)`` is part of the
      schema and the validation);
    - ``output_modes``: the output modes its streaming sink supports (empty = all);
      ``temporary_checkpoint``: a query writing to it may run without a checkpoint
      location (Spark's ``useTempCheckpointLocation``: console, memory, foreach, noop);
    - what it can do, each a method; a format implements only what it supports, and the
      rest raises Spark's error for it: :meth:`source` (streamed reading), :meth:`sink`
      (streamed writing), :meth:`read_batch` (``spark.read``), :meth:`write_batch`
      (``df.write``).

    The order of calls for ``readStream.format(name).load(path)`` then ``start()``:
    ``validate(options, path)``, ``source_schema(...)`` at ``load()``; ``source(ctx)`` once
    per query run, when the query starts. For ``writeStream``: ``sink(ctx)`` once per run,
    after ``supports_output_mode`` was checked. A provider holds no per-query state.
    """

    name: str = ""  # an instance may set its own (one class for the five file formats)
    aliases: ClassVar[tuple[str, ...]] = ()
    options: ClassVar[tuple[OptionSpec, ...]] = ()
    session_confs: ClassVar[tuple[str, ...]] = ()
    fixed_schema: ClassVar[bool] = False
    needs_path: ClassVar[bool] = False
    output_modes: ClassVar[tuple[str, ...]] = ()
    temporary_checkpoint: ClassVar[bool] = False

    # -- options -------------------------------------------------------------------
    def parse_options(self, options: Mapping[str, str]) -> dict[str, Any]:
        """The declared options as typed values (defaults filled in), validated."""
        return {spec.key: spec.parse(options, self.name) for spec in self.options}

    def session_options(self, conf: Mapping[str, Any], time_zone: str) -> dict[str, str]:
        """Session settings a streaming read takes as options unless set (``session_confs``
        that are set; file formats add the session time zone)."""
        return {k: str(conf[k]) for k in self.session_confs if conf.get(k) is not None}

    def sink_session_options(self, conf: Mapping[str, Any], time_zone: str) -> dict[str, str]:
        """Session settings a streaming write takes as options unless set."""
        return self.session_options(conf, time_zone)

    def validate(self, options: Mapping[str, str], path: str | None) -> None:
        """Check the options of a streaming read at ``load()`` (Spark checks them there)."""
        self.parse_options(options)

    # -- streaming source ----------------------------------------------------------
    def has_source(self) -> bool:
        return type(self).source is not Provider.source

    def source_schema(self, options: Mapping[str, str], user_schema: pa.Schema | None,
                      path: str | None, conf: Mapping[str, Any]) -> pa.Schema:
        """The schema of the stream ``load()`` creates (the user's, if the format takes one)."""
        raise self.unsupported("reading")

    def source(self, ctx: SourceContext) -> Source:
        raise self.unsupported("reading")

    # -- streaming sink ------------------------------------------------------------
    def has_sink(self) -> bool:
        return type(self).sink is not Provider.sink

    def supports_output_mode(self, mode: str) -> bool:
        return not self.output_modes or mode in self.output_modes

    def sink(self, ctx: SinkContext) -> Sink:
        raise self.unsupported("writing")

    # -- batch ---------------------------------------------------------------------
    def has_batch_read(self) -> bool:
        return type(self).read_batch is not Provider.read_batch

    def read_batch(self, options: Mapping[str, str], path: str | list[str] | None, schema: pa.Schema | None,
                   conf: Mapping[str, str]) -> pa.Table:
        """``spark.read.format(name).load(path)``: the whole table (``schema``: the user's;
        ``conf``: the session's settings, with its time zone under ``TIME_ZONE_CONF``)."""
        raise AnalysisException(
            errorClass="_LEGACY_ERROR_TEMP_1135", messageParameters={"className": self.name}
        )

    def check_save_mode(self, mode: str) -> None:
        """Refuse a save mode the batch writer does not take, before the DataFrame is
        computed (all are taken unless a format says otherwise)."""

    def write_session_options(self, conf: Mapping[str, Any], time_zone: str) -> dict[str, str]:
        """Session settings a batch write takes as options (under the user's): the time
        zone and the ``spark.hadoop.fs.s3a.*`` settings, for a path on object storage."""
        s3 = {k: str(v) for k, v in conf.items() if k.startswith("spark.hadoop.fs.s3a.") and v is not None}
        return {TIME_ZONE_CONF: time_zone, **s3}

    def has_batch_write(self) -> bool:
        return type(self).write_batch is not Provider.write_batch

    def write_batch(self, table: pa.Table, ctx: SinkContext, mode: str) -> None:
        """``df.write.format(name).mode(mode).save(path)``; ``mode`` is one of
        append/overwrite/ignore/error."""
        raise AnalysisException(errorClass="DATA_SOURCE_NOT_FOUND", messageParameters={"provider": self.name})

    def unsupported(self, what: str) -> UnsupportedOperationException:
        """Spark's error for a streamed ``what`` (``reading``/``writing``) this format lacks."""
        return UnsupportedOperationException(
            errorClass="_LEGACY_ERROR_TEMP_2049", messageParameters={"className": self.name, "operator": what}
        )
