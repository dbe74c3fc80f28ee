"""``DataStreamReader`` (``spark.readStream``) and ``DataStreamWriter`` (``df.writeStream``)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from rillet.compute.types import arrow_schema, from_arrow
from rillet.connectors.base import set_options, with_defaults
from rillet.engine.query import QueryRequest, start_query
from rillet.engine.triggers import ProcessingTime, Trigger, parse_trigger
from rillet.errors import AnalysisException, PySparkAttributeError, PySparkTypeError, PySparkValueError
from rillet.plan import logical as L
from rillet.plan import types as T
from rillet.plan.ddl import _parse_datatype_string

if TYPE_CHECKING:
    from rillet.engine.execution import MicroBatchExecution
    from rillet.sql.dataframe import DataFrame
    from rillet.sql.session import SparkSession
    from rillet.sql.streaming.query import StreamingQuery

__all__ = ["DataStreamReader", "DataStreamWriter"]


_SOURCE_NAME = re.compile(r"[a-zA-Z0-9_]+")


class DataStreamReader:
    """Loads a streaming DataFrame from a source: ``spark.readStream.format(...).load()``."""

    def __init__(self, session: SparkSession) -> None:
        self._session = session
        self._format: str | None = None
        self._options: dict[str, str] = {}
        self._schema: T.StructType | None = None
        self._source_name: str | None = None

    def format(self, source: str) -> DataStreamReader:
        if not isinstance(source, str):
            raise PySparkTypeError(
                errorClass="NOT_STR", messageParameters={"arg_name": "source", "arg_type": type(source).__name__}
            )
        self._format = source
        return self

    def option(self, key: str, value: Any) -> DataStreamReader:
        set_options(self._options, {key: value})
        return self

    def options(self, **options: Any) -> DataStreamReader:
        set_options(self._options, options)
        return self

    def name(self, source_name: str) -> DataStreamReader:
        """Name the source (PySpark 4.2+): ASCII letters, digits and underscores only. Spark keys
        the source's checkpoint metadata by it for source evolution; rillet keeps it on the reader."""
        if not isinstance(source_name, str):
            raise PySparkTypeError(
                errorClass="NOT_STR", messageParameters={"arg_name": "source_name", "arg_type": type(source_name).__name__}
            )
        if not _SOURCE_NAME.fullmatch(source_name):
            raise PySparkValueError(
                errorClass="INVALID_STREAMING_SOURCE_NAME", messageParameters={"source_name": source_name}
            )
        self._source_name = source_name
        return self

    def schema(self, schema: T.StructType | str) -> DataStreamReader:
        if isinstance(schema, str):
            parsed = _parse_datatype_string(schema)
            if not isinstance(parsed, T.StructType):
                parsed = T.StructType([T.StructField("value", parsed, True)])
            schema = parsed
        elif not isinstance(schema, T.StructType):
            raise PySparkTypeError(
                errorClass="NOT_STR_OR_STRUCT",
                messageParameters={"arg_name": "schema", "arg_type": type(schema).__name__},
            )
        self._schema = schema
        return self

    def load(self, path: str | None = None, format: str | None = None, schema: Any = None, **options: Any) -> DataFrame:  # noqa: A002
        """Create the streaming DataFrame. Options are checked now; sources connect at ``start()``."""
        from rillet.sql.dataframe import DataFrame

        if format is not None:
            self.format(format)
        if schema is not None:
            self.schema(schema)
        self.options(**options)
        if path is not None and not isinstance(path, str):
            raise PySparkTypeError(
                errorClass="NOT_STR", messageParameters={"arg_name": "path", "arg_type": type(path).__name__}
            )
        name = self._format or str(self._session.conf.get("spark.sql.sources.default", "parquet"))
        name, provider = self._session.dataSource._stream_source(name)
        if not provider.has_source():
            raise provider.unsupported("reading")
        if path is None:
            path = self._options.get("path")
        # session settings the format reads as options (file formats: the time zone for
        # csv/json timestamps, the seen-files log's compaction), unless the user set them
        conf = self._session.conf.getAll()
        opts = with_defaults(self._options, provider.session_options(conf, self._session._session_tz))
        provider.validate(opts, path)
        user_schema = arrow_schema(self._schema) if self._schema is not None else None
        schema_pa: pa.Schema = provider.source_schema(opts, user_schema, path, conf)
        struct = T.StructType([T.StructField(f.name, from_arrow(f.type), f.nullable) for f in schema_pa])
        # formats that settle their schema from ``load(path)`` pass it to the source as given
        relation = L.StreamingRelation(
            name.lower(), tuple(opts.items()), L.attributes_for(struct), path,
            self._schema is not None or provider.needs_path,
        )
        return DataFrame(relation, self._session)

    def text(self, path: str, wholetext: bool = False, lineSep: str | None = None, **options: Any) -> DataFrame:
        self.option("wholetext", wholetext)
        if lineSep is not None:
            self.option("lineSep", lineSep)
        return self.format("text").load(path, **options)

    def _file_options(self, schema: Any, options: dict[str, Any]) -> None:
        """The keyword options of ``csv``/``json``/``parquet``/``orc`` (None means unset)."""
        if schema is not None:
            self.schema(schema)
        set_options(self._options, options)

    def csv(self, path: str, schema: Any = None, sep: str | None = None, encoding: str | None = None,
            quote: str | None = None, escape: str | None = None, comment: str | None = None,
            header: Any = None, inferSchema: Any = None, ignoreLeadingWhiteSpace: Any = None,
            ignoreTrailingWhiteSpace: Any = None, nullValue: str | None = None, nanValue: str | None = None,
            positiveInf: str | None = None, negativeInf: str | None = None, dateFormat: str | None = None,
            timestampFormat: str | None = None, maxColumns: Any = None, maxCharsPerColumn: Any = None,
            maxMalformedLogPerPartition: Any = None, mode: str | None = None,
            columnNameOfCorruptRecord: str | None = None, multiLine: Any = None,
            charToEscapeQuoteEscaping: str | None = None, enforceSchema: Any = None,
            emptyValue: str | None = None, locale: str | None = None, lineSep: str | None = None,
            pathGlobFilter: Any = None, recursiveFileLookup: Any = None,
            unescapedQuoteHandling: str | None = None) -> DataFrame:
        """A stream of the CSV files arriving under ``path`` (a schema is required unless
        ``spark.sql.streaming.schemaInference`` is true)."""
        opts = dict(locals())
        for k in ("self", "path", "schema"):
            opts.pop(k)
        self._file_options(schema, opts)
        return self.format("csv").load(path)

    def json(self, path: str, schema: Any = None, primitivesAsString: Any = None, prefersDecimal: Any = None,
             allowComments: Any = None, allowUnquotedFieldNames: Any = None, allowSingleQuotes: Any = None,
             allowNumericLeadingZero: Any = None, allowBackslashEscapingAnyCharacter: Any = None,
             mode: str | None = None, columnNameOfCorruptRecord: str | None = None,
             dateFormat: str | None = None, timestampFormat: str | None = None, multiLine: Any = None,
             allowUnquotedControlChars: Any = None, lineSep: str | None = None, locale: str | None = None,
             dropFieldIfAllNull: Any = None, encoding: str | None = None, pathGlobFilter: Any = None,
             recursiveFileLookup: Any = None, allowNonNumericNumbers: Any = None) -> DataFrame:
        """A stream of the JSON Lines files arriving under ``path``."""
        opts = dict(locals())
        for k in ("self", "path", "schema"):
            opts.pop(k)
        self._file_options(schema, opts)
        return self.format("json").load(path)

    def parquet(self, path: str, mergeSchema: Any = None, pathGlobFilter: Any = None,
                recursiveFileLookup: Any = None, datetimeRebaseMode: Any = None,
                int96RebaseMode: Any = None) -> DataFrame:
        """A stream of the Parquet files arriving under ``path``."""
        opts = dict(locals())
        for k in ("self", "path"):
            opts.pop(k)
        self._file_options(None, opts)
        return self.format("parquet").load(path)

    def orc(self, path: str, mergeSchema: Any = None, pathGlobFilter: Any = None,
            recursiveFileLookup: Any = None) -> DataFrame:
        """A stream of the ORC files arriving under ``path``."""
        opts = dict(locals())
        for k in ("self", "path"):
            opts.pop(k)
        self._file_options(None, opts)
        return self.format("orc").load(path)

    def table(self, tableName: str) -> DataFrame:
        """Stream a table: a managed table written by ``toTable`` streams the files its
        sink commits, batch by batch."""
        from rillet.connectors.files.manifest import FileSinkLogSource
        from rillet.sql.dataframe import DataFrame
        from rillet.sql.writer import managed_table

        table = managed_table(self._session, tableName)
        if table is not None and not os.path.isdir(os.path.join(table.location, "_spark_metadata")):
            # written by batch writes (INSERT INTO, saveAsTable): a file stream over its folder, as Spark
            return self.format(table.format).schema(table.schema).load(table.location)
        if table is not None:
            return (self.format(FileSinkLogSource.name).schema(table.schema)
                    .option("format", table.format).load(table.location))
        return DataFrame(L.UnresolvedRelation(tableName, streaming=True), self._session)


class DataStreamWriter:
    """Configures and starts a streaming query: ``df.writeStream.format(...).start()``."""

    def __init__(self, df: DataFrame) -> None:
        self._df = df
        self._session = df._session
        self._format = "console"
        self._format_set = False
        self._mode = "append"
        self._options: dict[str, str] = {}
        self._query_name: str | None = None
        self._trigger: Trigger = ProcessingTime(0)
        self._foreach_batch: Callable[[Any, int], Any] | None = None
        self._foreach_writer: Any = None
        self._partition_by: list[str] = []

    def format(self, source: str) -> DataStreamWriter:
        self._format = source
        self._format_set = True
        return self

    def outputMode(self, outputMode: str) -> DataStreamWriter:
        if not isinstance(outputMode, str) or not outputMode.strip():
            raise PySparkValueError(
                errorClass="VALUE_NOT_NON_EMPTY_STR",
                messageParameters={"arg_name": "outputMode", "arg_value": str(outputMode)},
                message=f"[VALUE_NOT_NON_EMPTY_STR] Value for `outputMode` must be a non empty string, got '{outputMode}'.",
            )
        if outputMode.lower() not in ("append", "update", "complete"):
            raise AnalysisException(
                errorClass="STREAMING_OUTPUT_MODE.INVALID", messageParameters={"outputMode": outputMode}
            )
        self._mode = outputMode.lower()
        return self

    def option(self, key: str, value: Any) -> DataStreamWriter:
        set_options(self._options, {key: value})
        return self

    def options(self, **options: Any) -> DataStreamWriter:
        set_options(self._options, options)
        return self

    def queryName(self, queryName: str) -> DataStreamWriter:
        if not isinstance(queryName, str) or not queryName.strip():
            raise PySparkValueError(
                errorClass="VALUE_NOT_NON_EMPTY_STR",
                messageParameters={"arg_name": "queryName", "arg_value": str(queryName)},
                message=f"[VALUE_NOT_NON_EMPTY_STR] Value for `queryName` must be a non empty string, got '{queryName}'.",
            )
        self._query_name = queryName
        return self

    def partitionBy(self, *cols: str) -> DataStreamWriter:
        self._partition_by = list(cols[0]) if len(cols) == 1 and isinstance(cols[0], list) else list(cols)
        return self

    def trigger(
        self,
        *,
        processingTime: str | None = None,
        once: bool | None = None,
        continuous: str | None = None,
        availableNow: bool | None = None,
    ) -> DataStreamWriter:
        """Set when batches run: ``processingTime="1 second"``, ``once=True``, ``availableNow=True``."""
        self._trigger = parse_trigger(processingTime, once, continuous, availableNow)
        return self

    def foreach(self, f: Any) -> DataStreamWriter:
        """Write each row with ``f``: a function of a row, or an object with
        ``open(partition_id, epoch_id)``, ``process(row)`` and ``close(error)``."""
        if not callable(f):
            # PySpark checks process/open/close here, when the writer is given, not when it runs.
            for attr, required in (("process", True), ("open", False), ("close", False)):
                if (required or hasattr(f, attr)) and not callable(getattr(f, attr, None)):
                    raise PySparkAttributeError(
                        errorClass="ATTRIBUTE_NOT_CALLABLE", messageParameters={"attr_name": attr, "obj_name": "f"}
                    )
        self._foreach_writer = f
        self._format = "foreach"
        self._format_set = True
        return self

    def foreachBatch(self, func: Callable[[Any, int], Any]) -> DataStreamWriter:
        """Call ``func(batch_df, batch_id)`` for every micro-batch."""
        if not callable(func):
            raise PySparkTypeError(
                errorClass="NOT_CALLABLE", messageParameters={"arg_name": "func", "arg_type": type(func).__name__}
            )
        self._foreach_batch = func
        self._format = "foreachBatch"
        self._format_set = True
        return self

    # ------------------------------------------------------------------ start
    def start(self, path: str | None = None, format: str | None = None, outputMode: str | None = None,  # noqa: A002
              partitionBy: Any = None, queryName: str | None = None, **options: Any) -> StreamingQuery:
        """Start the query; returns a running :class:`StreamingQuery`."""
        from rillet.sql.streaming.query import StreamingQuery

        if format is not None:
            self.format(format)
        if outputMode is not None:
            self.outputMode(outputMode)
        if queryName is not None:
            self.queryName(queryName)
        if partitionBy is not None:
            self.partitionBy(partitionBy)
        self.options(**options)
        if path is not None:
            self._options["path"] = path
        session = self._session
        plan = self._df._plan
        holder: dict[str, StreamingQuery] = {}

        def on_event(kind: str, payload: Any) -> None:
            q = holder.get("q")
            if q is None:
                return
            if kind == "terminated":
                session._streams._terminated(q)
            session._streams._post(kind, q, payload)

        def before_start(execution: MicroBatchExecution) -> None:
            holder["q"] = StreamingQuery(execution, session)
            session._streams._register(holder["q"])

        request = QueryRequest(
            plan=plan,
            sink=session.dataSource._lookup(self._format),
            options=dict(self._options),
            output_mode=self._mode,
            trigger=self._trigger,
            lookup=session.dataSource._lookup,
            compute_context=session._compute_context,
            conf=session.conf.getAll(),
            time_zone=session._session_tz,
            query_name=self._query_name,
            partition_by=tuple(self._partition_by),
            callback=self._foreach_batch if self._format.lower() == "foreachbatch" else self._foreach_writer,
            hooks=_SessionHooks(session, plan.schema),
            clock=session._streams.clock,
            on_event=on_event,
            before_start=before_start,
        )
        try:
            start_query(request)
        except Exception:
            if "q" in holder:
                session._streams._terminated(holder["q"])
            raise
        return holder["q"]

    def toTable(self, tableName: str, format: str | None = None, outputMode: str | None = None,  # noqa: A002
                partitionBy: Any = None, queryName: str | None = None, **options: Any) -> StreamingQuery:
        """Start the query appending to the table ``tableName``: a managed table kept as a
        file sink's folder under ``spark.sql.warehouse.dir`` (created, as ``parquet`` unless
        ``format`` says otherwise, if it does not exist), readable with ``spark.table`` and
        ``spark.readStream.table``."""
        from rillet.sql.writer import create_table, managed_table

        if format is not None:
            self.format(format)
        if partitionBy is not None:
            self.partitionBy(partitionBy)
        existing = managed_table(self._session, tableName)
        if existing is not None:
            table = existing
        else:
            fmt = self._format if self._format_set else str(self._session.conf.get("spark.sql.sources.default", "parquet"))
            table = create_table(self._session, tableName, fmt.lower(), self._df.schema, self._partition_by)
        self.format(table.format)
        self._options["path"] = table.location
        try:
            return self.start(outputMode=outputMode, queryName=queryName, **options)
        except Exception:
            if existing is None:
                self._session._catalog_tables.pop(table.name, None)
            raise


class _SessionHooks:
    """What the console, memory, foreach and foreachBatch sinks need from the session
    (:class:`rillet.connectors.base.SessionHooks`), for a query whose rows have ``schema``."""

    def __init__(self, session: SparkSession, schema: T.StructType) -> None:
        self._session = session
        self._schema = schema

    def dataframe(self, table: pa.Table) -> Any:
        return self._session._dataframe_from_arrow(table)

    def rows(self, table: pa.Table) -> list[Any]:
        from rillet.sql.conversion import arrow_to_rows

        return arrow_to_rows(table, self._schema)

    def show_string(self, table: pa.Table, num_rows: int, truncate: bool | int) -> str:
        from rillet.compute.show import show_string

        return show_string(table, num_rows, truncate, False, session_tz=self._session._session_tz)

    def register_table(self, name: str, table: Callable[[], pa.Table]) -> None:
        attrs = L.attributes_for(self._schema)
        self._session._catalog_tables[name.lower()] = lambda: L.LocalRelation(attrs, table())
