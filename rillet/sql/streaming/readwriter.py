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
from rillet.connectors.registry import sink_class, source_class
from rillet.errors import AnalysisException, PySparkTypeError, PySparkValueError
from rillet.plan import logical as L
from rillet.plan import types as T
from rillet.streaming.checkpoint import Checkpoint
from rillet.streaming.execution import MicroBatchExecution
from rillet.streaming.planner import plan_incremental
from rillet.streaming.triggers import ProcessingTime, Trigger, parse_trigger

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
        cls = source_class(name)
        opts = dict(self._options)
        if path is None:
            path = opts.get("path")
        if hasattr(cls, "validate"):
            if name.lower() in ("text",):
                cls.validate(opts, path)
            else:
                cls.validate(opts)
        user_schema = arrow_schema(self._schema) if self._schema is not None else None
        schema_pa: pa.Schema = cls.source_schema(opts, user_schema)
        struct = T.StructType([T.StructField(f.name, from_arrow(f.type), f.nullable) for f in schema_pa])
        relation = L.StreamingRelation(
            name.lower(), tuple(opts.items()), L.attributes_for(struct), path, self._schema is not None
        )
        return DataFrame(relation, self._session)

    def text(self, path: str, wholetext: bool = False, lineSep: str | None = None, **options: Any) -> DataFrame:
        self.option("wholetext", wholetext)
        if lineSep is not None:
            self.option("lineSep", lineSep)
        return self.format("text").load(path, **options)

    def table(self, tableName: str) -> DataFrame:
        from rillet.sql.dataframe import DataFrame

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
            "[_LEGACY_ERROR_TEMP_1313] checkpointLocation must be specified either through "
            "option(\"checkpointLocation\", ...) or SparkSession.conf.set(\"spark.sql.streaming."
            "checkpointLocation\", ...).",
            errorClass="_LEGACY_ERROR_TEMP_1313",
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
        cls = sink_class(fmt)
        return cls(
            SinkContext(
                options=dict(self._options),
                schema=arrow_schema(schema),
                path=self._options.get("path"),
                partition_by=tuple(self._partition_by),
                query_name=self._query_name,
                query_id=checkpoint.query_id(),
                metadata_path=os.path.join(checkpoint.root, "sinks", "0"),
            )
        )

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
        self.format("memory")
        return self.start(outputMode=outputMode, queryName=queryName or tableName, **options)
