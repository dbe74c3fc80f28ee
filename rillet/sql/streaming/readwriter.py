"""``DataStreamReader`` (``spark.readStream``) and ``DataStreamWriter`` (``df.writeStream``)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from rillet.compute.types import arrow_schema, from_arrow
from rillet.connectors.base import Sink, SinkContext
from rillet.connectors.console import ConsoleSink
from rillet.connectors.foreach_batch import ForeachBatchSink, ForeachSink, NoopSink
from rillet.connectors.memory import MemorySink
from rillet.connectors.registry import sink_class
from rillet.engine.checkpoint import Checkpoint
from rillet.engine.execution import MicroBatchExecution
from rillet.engine.planner import plan_incremental
from rillet.engine.triggers import ProcessingTime, Trigger, parse_trigger
from rillet.errors import AnalysisException, PySparkTypeError, PySparkValueError
from rillet.plan import logical as L
from rillet.plan import types as T

if TYPE_CHECKING:
    from rillet.sql.dataframe import DataFrame
    from rillet.sql.session import SparkSession
    from rillet.sql.streaming.query import StreamingQuery

__all__ = ["DataStreamReader", "DataStreamWriter"]


def _option_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class DataStreamReader:
    """Loads a streaming DataFrame from a source: ``spark.readStream.format(...).load()``."""

    def __init__(self, session: SparkSession) -> None:
        self._session = session
        self._format: str | None = None
        self._options: dict[str, str] = {}
        self._schema: T.StructType | None = None

    def format(self, source: str) -> DataStreamReader:
        if not isinstance(source, str):
            raise PySparkTypeError(
                errorClass="NOT_STR", messageParameters={"arg_name": "source", "arg_type": type(source).__name__}
            )
        self._format = source
        return self

    def option(self, key: str, value: Any) -> DataStreamReader:
        self._options[key] = _option_value(value)
        return self

    def options(self, **options: Any) -> DataStreamReader:
        for k, v in options.items():
            self.option(k, v)
        return self

    def schema(self, schema: T.StructType | str) -> DataStreamReader:
        if isinstance(schema, str):
            parsed = T._parse_datatype_string(schema)
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
        name, cls = self._session.dataSource._resolve_stream_source(name, path)
        opts = dict(self._options)
        if path is None:
            path = opts.get("path")
        # file sources (text/csv/json/parquet/orc) settle their schema from the path and the
        # session (schemaInference, the time zone for timestamps in csv/json)
        file_source = getattr(cls, "needs_path", False)
        if file_source and not any(k.lower() == "timezone" for k in opts):
            opts["timeZone"] = self._session._session_tz
        for key in getattr(cls, "session_confs", ()):  # e.g. the seen-files log's compaction
            if self._session.conf.get(key, None) is not None and key not in opts:
                opts[key] = str(self._session.conf.get(key))
        if hasattr(cls, "validate"):
            if file_source:
                cls.validate(opts, path)
            else:
                cls.validate(opts)
        user_schema = arrow_schema(self._schema) if self._schema is not None else None
        if file_source:
            schema_pa: pa.Schema = cls.source_schema(opts, user_schema, path=path, conf=self._session.conf.getAll())
        else:
            schema_pa = cls.source_schema(opts, user_schema)
        struct = T.StructType([T.StructField(f.name, from_arrow(f.type), f.nullable) for f in schema_pa])
        relation = L.StreamingRelation(
            name.lower(), tuple(opts.items()), L.attributes_for(struct), path, self._schema is not None or file_source
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
        for key, value in options.items():
            if value is not None:
                self.option(key, value)

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
        self._options[key] = _option_value(value)
        return self

    def options(self, **options: Any) -> DataStreamWriter:
        for k, v in options.items():
            self.option(k, v)
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
        if not callable(f) and not callable(getattr(f, "process", None)):
            raise PySparkTypeError(
                errorClass="ATTRIBUTE_NOT_CALLABLE",
                messageParameters={"attr_name": "process", "obj_name": type(f).__name__},
                message=f"[ATTRIBUTE_NOT_CALLABLE] Attribute `process` in provided object "
                f"`{type(f).__name__}` is not callable.",
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
    def _checkpoint_location(self) -> tuple[str, bool]:
        loc = self._options.get("checkpointLocation")
        if loc:
            return loc, False
        root = self._session.conf.get("spark.sql.streaming.checkpointLocation", None)
        if root:
            import uuid

            return os.path.join(str(root), self._query_name or str(uuid.uuid4())), False
        if self._format.lower() in ("console", "memory", "noop", "foreachbatch", "foreach"):
            return tempfile.mkdtemp(prefix="rillet-checkpoint-"), True
        raise AnalysisException(
            "checkpointLocation must be specified either through "
            "option(\"checkpointLocation\", ...) or SparkSession.conf.set(\"spark.sql.streaming."
            "checkpointLocation\", ...).",
            errorClass="_LEGACY_ERROR_TEMP_1298",
            messageParameters={"config": "spark.sql.streaming.checkpointLocation"},
        )

    def _make_sink(self, schema: T.StructType, checkpoint: Checkpoint) -> Sink:
        fmt = self._format.lower()
        if fmt == "console":
            from rillet.compute.show import show_string

            tz = self._session._session_tz

            def render(table: pa.Table, n: int, truncate: bool | int) -> str:
                return show_string(table, n, truncate, False, session_tz=tz)

            return ConsoleSink(self._options, render)
        if fmt == "memory":
            if self._query_name is None:
                raise AnalysisException(errorClass="QUERY_NAME_REQUIRED", messageParameters={})
            sink = MemorySink(arrow_schema(schema))
            attrs = L.attributes_for(schema)
            self._session._catalog_tables[self._query_name.lower()] = lambda: L.LocalRelation(attrs, sink.table())
            return sink
        if fmt == "foreachbatch":
            assert self._foreach_batch is not None
            return ForeachBatchSink(self._foreach_batch, self._session._dataframe_from_arrow)
        if fmt == "foreach":
            from rillet.sql.dataframe import arrow_to_rows

            return ForeachSink(self._foreach_writer, lambda table: arrow_to_rows(table, schema))
        if fmt == "noop":
            return NoopSink()
        from rillet.connectors.registry import SINKS

        cls = SINKS.get(fmt)
        if cls is not None and self._mode not in getattr(cls, "output_modes", (self._mode,)):
            raise AnalysisException(
                errorClass="STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE",
                messageParameters={"className": fmt, "outputMode": self._mode},
            )
        # session settings a sink may need (file sinks: time zone, manifest compaction)
        conf = self._session.conf
        session_options = {
            k: str(conf.get(k)) for k in getattr(cls, "session_confs", ()) if conf.get(k, None) is not None
        }
        ctx = SinkContext(
            options={**session_options, **self._options},
            schema=arrow_schema(schema),
            path=self._options.get("path"),
            partition_by=tuple(self._partition_by),
            query_name=self._query_name,
            query_id=checkpoint.query_id(),
            metadata_path=os.path.join(checkpoint.root, "sinks", "0"),
        )
        return self._session.dataSource._make_sink(self._format, ctx) or sink_class(fmt)(ctx)

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
        plan = self._df._plan
        inc = plan_incremental(plan, self._mode)
        location, temporary = self._checkpoint_location()
        checkpoint = Checkpoint(location)
        try:
            sink = self._make_sink(plan.schema, checkpoint)
        except Exception:
            if temporary:
                shutil.rmtree(location, ignore_errors=True)
            raise
        session = self._session
        holder: dict[str, StreamingQuery] = {}

        def on_event(kind: str, payload: Any) -> None:
            if kind == "terminated":
                q = holder.get("q")
                if q is not None:
                    session._streams._terminated(q)
                if temporary and payload is None:
                    shutil.rmtree(location, ignore_errors=True)
            q = holder.get("q")
            if q is not None:
                session._streams._post(kind, q, payload)

        execution = MicroBatchExecution(
            plan=inc,
            sink=sink,
            trigger=self._trigger,
            checkpoint=checkpoint,
            name=self._query_name,
            compute_context=session._compute_context,
            conf=session.conf.getAll(),
            on_event=on_event,
            late_rows_path=self._options.get("lateRowsPath"),
            clock=session._streams.clock,
        )
        query = StreamingQuery(execution, session)
        holder["q"] = query
        session._streams._register(query)
        try:
            execution.start()
        except Exception:
            session._streams._terminated(query)
            raise
        return query

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
