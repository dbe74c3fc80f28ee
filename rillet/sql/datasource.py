"""``rillet.sql.datasource``: Spark 4's Python data source API, as ``pyspark.sql.datasource``.

A user subclasses :class:`DataSource`, registers it with
``spark.dataSource.register(MySource)``, and reads or writes it by its ``name()``:
``spark.read.format(name)``, ``spark.readStream.format(name)``,
``df.writeStream.format(name)``. Code written against ``pyspark.sql.datasource``
runs unchanged with ``from rillet.sql.datasource import ...``.

Registered names belong to the session (as in Spark) and are looked up before the
built-in formats: each class is a provider in the session's connector registry. The adapters that drive these classes through the engine's
Source and Sink contracts are in :mod:`rillet.connectors.python_datasource`.
"""

from __future__ import annotations

import itertools
import threading
from abc import ABC, abstractmethod
from collections import UserDict
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from rillet._compat import add_note
from rillet.connectors.base import Provider
from rillet.errors import AnalysisException, PySparkNotImplementedError, PySparkRuntimeError, PySparkTypeError
from rillet.plan.types import Row, StructType

if TYPE_CHECKING:
    from rillet.connectors.base import Sink, SinkContext, Source, SourceContext
    from rillet.sql.session import SparkSession

__all__ = [
    "DataSource",
    "DataSourceArrowWriter",
    "DataSourceReader",
    "DataSourceRegistration",
    "DataSourceStreamArrowWriter",
    "DataSourceStreamReader",
    "DataSourceStreamWriter",
    "DataSourceWriter",
    "InputPartition",
    "SimpleDataSourceStreamReader",
    "WriterCommitMessage",
]


def _not_implemented(feature: str) -> PySparkNotImplementedError:
    # PySpark's own NOT_IMPLEMENTED text (rillet's table words it for rillet's gaps)
    return PySparkNotImplementedError(
        f"[NOT_IMPLEMENTED] {feature} is not implemented.",
        errorClass="NOT_IMPLEMENTED",
        messageParameters={"feature": feature},
    )


class DataSource(ABC):  # noqa: B024 - abstract as in PySpark, every method optional
    """A base class for data sources: a factory of readers and writers.

    Subclass it, implement :meth:`schema` and the readers/writers the source
    supports, and register it with ``spark.dataSource.register``.

    Parameters
    ----------
    options : dict
        The options given to ``format(...).option(...)``, case-insensitive keys
        (``path`` too, when ``load(path)``/``save(path)`` gives one).

    Examples
    --------
    >>> from rillet.sql.datasource import DataSource, DataSourceReader
    >>> class Numbers(DataSource):
    ...     @classmethod
    ...     def name(cls):
    ...         return "numbers"
    ...     def schema(self):
    ...         return "n int"
    ...     def reader(self, schema):
    ...         return NumbersReader()
    >>> class NumbersReader(DataSourceReader):
    ...     def read(self, partition):
    ...         yield from ((i,) for i in range(3))
    >>> spark.dataSource.register(Numbers)
    >>> spark.read.format("numbers").load().collect()
    [Row(n=0), Row(n=1), Row(n=2)]
    """

    def __init__(self, options: dict[str, str]) -> None:
        self.options = options

    @classmethod
    def name(cls) -> str:
        """The format name used in ``format(name)``; the class name by default."""
        return cls.__name__

    def schema(self) -> StructType | str:
        """The schema of the rows: a :class:`StructType` or a DDL string (``"a int, b string"``).

        Not called when the user gives a schema (``.schema(...)``)."""
        raise _not_implemented("schema")

    def reader(self, schema: StructType) -> DataSourceReader:
        """A :class:`DataSourceReader` for ``spark.read`` (batch)."""
        raise _not_implemented("reader")

    def writer(self, schema: StructType, overwrite: bool) -> DataSourceWriter:
        """A :class:`DataSourceWriter` for ``df.write`` (batch)."""
        raise _not_implemented("writer")

    def streamWriter(self, schema: StructType, overwrite: bool) -> DataSourceStreamWriter:
        """A :class:`DataSourceStreamWriter` for ``df.writeStream``; ``overwrite`` is True in
        complete mode."""
        raise _not_implemented("streamWriter")

    def simpleStreamReader(self, schema: StructType) -> SimpleDataSourceStreamReader:
        """A :class:`SimpleDataSourceStreamReader`, used when :meth:`streamReader` is not implemented."""
        raise _not_implemented("simpleStreamReader")

    def streamReader(self, schema: StructType) -> DataSourceStreamReader:
        """A :class:`DataSourceStreamReader` for ``spark.readStream``."""
        raise _not_implemented("streamReader")


class InputPartition:
    """A slice of the data one ``read(partition)`` call returns; ``value`` is free-form.

    Subclass it to carry more fields; it must be picklable on Spark."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        attributes = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{self.__class__.__name__}({attributes})"


class DataSourceReader(ABC):
    """Reads a batch: :meth:`partitions` splits the work, :meth:`read` returns each part's rows."""

    def partitions(self) -> Sequence[InputPartition]:
        """The partitions to read (a list of :class:`InputPartition`); without it, one
        ``read(None)`` call reads everything."""
        raise _not_implemented("partitions")

    @abstractmethod
    def read(self, partition: InputPartition) -> Iterator[tuple] | Iterator[pa.RecordBatch]:
        """An iterator of rows (tuples, lists or Rows, in schema order) or of
        ``pyarrow.RecordBatch``\\ es for one partition."""
        ...


class DataSourceStreamReader(ABC):
    """Reads a stream in Spark's micro-batch protocol.

    Offsets are dicts (anything JSON can store): they are written to the checkpoint,
    and after a restart ``partitions(start, end)`` is called with the logged ones, so
    a reader whose ``read`` is deterministic for given offsets gives exactly-once input.
    """

    def initialOffset(self) -> dict:
        """The offset before any data: the start of the first batch."""
        raise _not_implemented("initialOffset")

    def latestOffset(self) -> dict:
        """The offset up to which data is available now (the end of the next batch)."""
        raise _not_implemented("latestOffset")

    def reportLatestOffset(self) -> dict | None:
        """The newest offset the source knows, whatever limit capped the batch (Spark 4.1+
        admission control); ``None``, the default, when the reader does not track it."""
        return None

    def partitions(self, start: dict, end: dict) -> Sequence[InputPartition]:
        """The partitions holding the rows in ``(start, end]``."""
        raise _not_implemented("partitions")

    @abstractmethod
    def read(self, partition: InputPartition) -> Iterator[tuple] | Iterator[pa.RecordBatch]:
        """The rows of one partition (as :meth:`DataSourceReader.read`)."""
        raise _not_implemented("read")

    def commit(self, end: dict) -> None:  # noqa: B027 - optional hook, as PySpark
        """Every row up to ``end`` is processed and durable; it will not be asked for again."""

    def stop(self) -> None:  # noqa: B027 - optional hook, as PySpark
        """The query stopped: release resources."""


class SimpleDataSourceStreamReader(ABC):  # noqa: B024 - as in PySpark
    """A stream reader that plans and reads in one step, without partitions.

    :meth:`read` returns the rows after ``start`` and the offset after them; rows are
    kept by the engine until their batch runs. After a restart, a logged batch is
    re-read with :meth:`readBetweenOffsets`, which must return the same rows.
    """

    def initialOffset(self) -> dict:
        """The offset before any data."""
        raise _not_implemented("initialOffset")

    def read(self, start: dict) -> tuple[Iterator[tuple], dict]:
        """``(rows after start, the offset after those rows)``."""
        raise _not_implemented("read")

    def readBetweenOffsets(self, start: dict, end: dict) -> Iterator[tuple]:
        """The rows in ``(start, end]`` again, deterministically (for replays)."""
        raise _not_implemented("readBetweenOffsets")

    def commit(self, end: dict) -> None:  # noqa: B027 - optional hook, as PySpark
        """Every row up to ``end`` is processed and durable."""


class WriterCommitMessage:
    """What ``write`` returns to ``commit``/``abort``; subclass it to carry data (e.g. file names)."""


class DataSourceWriter(ABC):
    """Writes a batch DataFrame: ``write`` per partition, then ``commit`` (or ``abort``)."""

    @abstractmethod
    def write(self, iterator: Iterator[Row]) -> WriterCommitMessage:
        """Write the rows; return a :class:`WriterCommitMessage`."""
        ...

    def commit(self, messages: list[WriterCommitMessage | None]) -> None:  # noqa: B027 - optional hook
        """Every ``write`` succeeded: make the output visible."""

    def abort(self, messages: list[WriterCommitMessage | None]) -> None:  # noqa: B027 - optional hook
        """A ``write`` failed (its message is None): clean up."""


class DataSourceArrowWriter(DataSourceWriter):
    """A :class:`DataSourceWriter` whose ``write`` receives ``pyarrow.RecordBatch``\\ es."""

    @abstractmethod
    def write(self, iterator: Iterator[pa.RecordBatch]) -> WriterCommitMessage:  # type: ignore[override]
        ...


class DataSourceStreamWriter(ABC):
    """Writes each micro-batch of a stream: ``write`` the rows, then ``commit(messages, batchId)``.

    A batch may be written again with the same ``batchId`` after a restart; make
    ``commit`` idempotent by batch id for exactly-once output."""

    @abstractmethod
    def write(self, iterator: Iterator[Row]) -> WriterCommitMessage:
        """Write one batch's rows; return a :class:`WriterCommitMessage`."""
        ...

    def commit(self, messages: list[WriterCommitMessage | None], batchId: int) -> None:  # noqa: B027, N803
        """Batch ``batchId`` was written: make it visible."""

    def abort(self, messages: list[WriterCommitMessage | None], batchId: int) -> None:  # noqa: B027, N803
        """Writing batch ``batchId`` failed: clean up."""


class DataSourceStreamArrowWriter(DataSourceStreamWriter):
    """A :class:`DataSourceStreamWriter` whose ``write`` receives ``pyarrow.RecordBatch``\\ es."""

    @abstractmethod
    def write(self, iterator: Iterator[pa.RecordBatch]) -> WriterCommitMessage:  # type: ignore[override]
        ...


class _TaskScopedWriter:
    """The user's stream writer, its ``write`` run as a task: ``TaskContext.get()`` inside it
    names partition 0 (a micro-batch is one partition here), as PySpark's task does."""

    def __init__(self, writer: Any) -> None:
        self.writer = writer

    def write(self, iterator: Iterator[Any]) -> Any:
        from rillet.taskcontext import TaskContext

        TaskContext._set(TaskContext(partitionId=0))
        try:
            return self.writer.write(iterator)
        finally:
            TaskContext._set(None)

    def commit(self, messages: list[Any], batchId: int) -> None:  # noqa: N803 - PySpark's name
        self.writer.commit(messages, batchId)

    def abort(self, messages: list[Any], batchId: int) -> None:  # noqa: N803 - PySpark's name
        self.writer.abort(messages, batchId)


class CaseInsensitiveDict(UserDict):
    """The options a data source receives: keys compared case-insensitively (stored lower-case)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.update(*args, **kwargs)

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key.lower(), value)

    def __getitem__(self, key: str) -> Any:
        return super().__getitem__(key.lower())

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def update(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        for k, v in dict(*args, **kwargs).items():
            self[k] = v

    def copy(self) -> CaseInsensitiveDict:
        return type(self)(self)


# ---------------------------------------------------------------------------
# registration: ``spark.dataSource``

_keys = itertools.count()
_keys_lock = threading.Lock()


class DataSourceRegistration:
    """``spark.dataSource``: register Python data sources for this session.

    Each registered class becomes a :class:`PythonDataSourceProvider` in the session's
    own connector registry, in front of the built-in formats (a registered name shadows
    a built-in one in this session only, as in Spark)."""

    def __init__(self, sparkSession: SparkSession) -> None:  # noqa: N803 - PySpark's name
        from rillet.connectors.registry import BUILTINS, Registry

        self.sparkSession = sparkSession
        self._registry = Registry(parent=BUILTINS)
        # a class's provider under a key unique per session and class: a stream keeps the
        # class it was loaded with even if the name is registered again before start()
        self._stream_keys: dict[type[DataSource], str] = {}

    def register(self, dataSource: type[DataSource]) -> None:  # noqa: N803 - PySpark's name
        """Register ``dataSource`` (a :class:`DataSource` subclass) under its ``name()``,
        replacing any earlier source of that name in this session."""
        if not (isinstance(dataSource, type) and issubclass(dataSource, DataSource)):
            raise PySparkTypeError(
                errorClass="DATA_SOURCE_TYPE_MISMATCH",
                messageParameters={"expected": "a subclass of DataSource", "actual": f"'{type(dataSource).__name__}'"},
            )
        self._registry.register(PythonDataSourceProvider(dataSource), dataSource.name())

    def _lookup(self, name: str) -> Provider:
        """The provider of ``format(name)`` in this session (``DATA_SOURCE_NOT_FOUND`` if none)."""
        return self._registry.lookup(name)

    def _stream_source(self, name: str) -> tuple[str, Provider]:
        """``(relation source name, provider)`` for ``readStream.format(name)``."""
        provider = self._registry.lookup(name)
        if not isinstance(provider, PythonDataSourceProvider):
            return name, provider
        key = self._stream_keys.get(provider.cls)
        if key is None:
            with _keys_lock:
                key = f"{name.lower()}#python-data-source-{next(_keys)}"
            self._stream_keys[provider.cls] = key
            self._registry.register(provider, key)
        return key, provider


def _options(options: Any, path: str | None) -> Any:
    """The options a DataSource is created with: a :class:`CaseInsensitiveDict`, as PySpark
    passes (``DataSource.__init__`` declares ``dict``, as PySpark's does)."""
    opts = CaseInsensitiveDict(dict(options))
    if path is not None and "path" not in opts:
        opts["path"] = path
    return opts


def _struct(schema: pa.Schema) -> StructType:
    from rillet.compute.types import from_arrow
    from rillet.plan.types import StructField

    return StructType([StructField(f.name, from_arrow(f.type), f.nullable) for f in schema])


def _declared_schema(ds: DataSource) -> StructType:
    """``ds.schema()`` as a StructType (a DDL string is parsed as Spark parses it)."""
    from rillet.plan.ddl import parse_ddl_schema

    declared = ds.schema()
    if isinstance(declared, str):
        return parse_ddl_schema(declared)
    if isinstance(declared, StructType):
        return declared
    raise AnalysisException(
        errorClass="DATA_SOURCE_TYPE_MISMATCH",
        messageParameters={"expected": "'schema' to return a StructType or a DDL string", "actual": f"'{type(declared).__name__}'"},
    )


class PythonDataSourceProvider(Provider):
    """A registered :class:`DataSource` class as a provider: its schema at ``load()``,
    a :class:`~rillet.connectors.python_datasource.PythonStreamSource` over its stream
    reader, a sink over its stream writer, and its batch reader and writer. What the
    class does not implement raises PySpark's ``NOT_IMPLEMENTED`` when used."""

    def __init__(self, cls: type[DataSource]) -> None:
        self.cls = cls
        self.name = cls.name()

    def validate(self, options: Mapping[str, str], path: str | None) -> None:
        return None

    def source_schema(self, options: Mapping[str, str], user_schema: pa.Schema | None,
                      path: str | None, conf: Mapping[str, Any]) -> pa.Schema:
        from rillet.compute.types import arrow_schema

        if user_schema is not None:
            return user_schema
        return arrow_schema(_declared_schema(self.cls(_options(options, path))))

    def source(self, ctx: SourceContext) -> Source:
        from rillet.compute.types import arrow_schema
        from rillet.connectors.python_datasource import PythonStreamSource, SimpleStreamReaderWrapper

        ds = self.cls(_options(ctx.options, ctx.path))
        struct = _struct(ctx.schema) if ctx.schema is not None else _declared_schema(ds)
        schema = arrow_schema(struct)
        try:
            reader: Any = ds.streamReader(struct)
        except NotImplementedError:
            reader = SimpleStreamReaderWrapper(ds.simpleStreamReader(struct), schema, self.name)
        return PythonStreamSource(reader, schema, self.name, InputPartition)

    def sink(self, ctx: SinkContext) -> Sink:
        from rillet.connectors.python_datasource import PythonDataSourceSink
        from rillet.sql.conversion import arrow_to_rows

        options = _options(ctx.options, ctx.path)
        struct = _struct(ctx.schema)
        cls = self.cls

        def make_writer(overwrite: bool) -> Any:
            return _TaskScopedWriter(cls(options).streamWriter(struct, overwrite))

        def to_input(writer: Any, table: pa.Table) -> Iterator[Any]:
            if isinstance(writer.writer, DataSourceStreamArrowWriter):
                return iter(table.to_batches())
            return iter(arrow_to_rows(table, struct))

        return PythonDataSourceSink(make_writer, to_input, WriterCommitMessage, self.name)

    def read_batch(self, options: Mapping[str, str], path: str | list[str] | None, schema: pa.Schema | None,
                   conf: Mapping[str, str]) -> pa.Table:
        """Every partition of the class's reader, in order."""
        from rillet.compute.types import arrow_schema
        from rillet.connectors.python_datasource import (
            check_partitions,
            guarded,
            python_exception,
            read_partitions,
        )

        source_name = self.name
        if path is not None and not isinstance(path, str):
            raise PySparkTypeError(
                errorClass="NOT_STR", messageParameters={"arg_name": "path", "arg_type": type(path).__name__}
            )
        ds = guarded(source_name, "__init__", self.cls, _options(options, path))
        struct = _struct(schema) if schema is not None else _declared_schema(ds)
        reader = guarded(source_name, "reader", ds.reader, struct)
        try:
            partitions = reader.partitions()
        except NotImplementedError:
            partitions = [None]
        except Exception as e:  # noqa: BLE001 - the user's error, as PySpark reports it
            raise python_exception(e, source_name, "partitions") from e
        else:
            partitions = guarded(source_name, "partitions", check_partitions, partitions, InputPartition)
            partitions = partitions or [None]
        return read_partitions(reader, partitions, arrow_schema(struct), source_name)

    def write_session_options(self, conf: Mapping[str, Any], time_zone: str) -> dict[str, str]:
        return {}  # the user's class sees exactly the options it was given

    def sink_session_options(self, conf: Mapping[str, Any], time_zone: str) -> dict[str, str]:
        return {}

    def check_save_mode(self, mode: str) -> None:
        """Only ``append`` and ``overwrite``, as in Spark."""
        if mode not in ("append", "overwrite"):
            raise AnalysisException(
                errorClass="UNSUPPORTED_DATA_SOURCE_SAVE_MODE",
                messageParameters={"source": self.name,
                                   "createMode": '"ErrorIfExists"' if mode == "error" else f'"{mode.capitalize()}"'},
            )

    def write_batch(self, table: pa.Table, ctx: SinkContext, mode: str) -> None:
        """``writer(schema, overwrite)``, ``write`` over the rows (``pyarrow.RecordBatch``\\ es
        for a :class:`DataSourceArrowWriter`), then ``commit([message])``; if ``write``
        fails, ``abort([None])`` and the error is raised."""
        from rillet.connectors.python_datasource import guarded, python_exception

        self.check_save_mode(mode)
        source_name = self.name
        struct = _struct(ctx.schema)
        ds = guarded(source_name, "__init__", self.cls, _options(ctx.options, ctx.path))
        writer = guarded(source_name, "writer", ds.writer, struct, mode == "overwrite")
        try:
            if isinstance(writer, DataSourceArrowWriter):
                message = writer.write(iter(table.to_batches()))
            else:
                from rillet.sql.conversion import arrow_to_rows

                message = writer.write(iter(arrow_to_rows(table, struct)))
            if not isinstance(message, WriterCommitMessage):
                raise PySparkRuntimeError(
                    errorClass="DATA_SOURCE_TYPE_MISMATCH",
                    messageParameters={
                        "expected": "'WriterCommitMessage' as the return type of the `write` method",
                        "actual": type(message).__name__,
                    },
                )
        except Exception as e:  # noqa: BLE001 - abort, then raise the user's error
            error = python_exception(e, source_name, "write")
            try:
                writer.abort([None])
            except Exception as abort_error:  # noqa: BLE001 - the write error is the one to report
                add_note(error, f"abort also failed: {abort_error!r}")
            raise error from e
        guarded(source_name, "commit", writer.commit, [message])
