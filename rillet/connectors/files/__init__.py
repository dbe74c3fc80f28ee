"""File sources and sinks: text, csv, json, parquet and orc, on local paths and S3.

The providers below import the readers and writers when a query uses them, so
importing any module of this package loads no other.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from rillet.connectors.base import (
    TIME_ZONE_CONF,
    Provider,
    Sink,
    SinkContext,
    Source,
    SourceContext,
    with_defaults,
)


class FileFormatProvider(Provider):
    """``text``/``csv``/``json``/``parquet``/``orc``: a streaming source over the files
    arriving under ``load(path)`` (a user schema required except for text, unless
    ``spark.sql.streaming.schemaInference``), a streaming sink (append only) and batch
    writes for all but orc, batch reads (the file scan) for all."""

    needs_path = True
    output_modes = ("append",)

    def __init__(self, name: str, writable: bool = True) -> None:
        self.name = name
        self.writable = writable

    def session_options(self, conf: Mapping[str, Any], time_zone: str) -> dict[str, str]:
        """The time zone (csv/json timestamps) and the seen-files log's settings."""
        keys = self._source_class().session_confs
        return {"timeZone": time_zone, **{k: str(conf[k]) for k in keys if conf.get(k) is not None}}

    def sink_session_options(self, conf: Mapping[str, Any], time_zone: str) -> dict[str, str]:
        """The session settings the file sink reads: time zone, log compaction, S3."""
        from rillet.connectors.files.sink import FileStreamSink

        return {k: str(conf[k]) for k in FileStreamSink.session_confs if conf.get(k) is not None}

    def _source_class(self) -> Any:
        from rillet.connectors.files import source

        return {
            "text": source.FileStreamSource, "csv": source.CsvStreamSource, "json": source.JsonStreamSource,
            "parquet": source.ParquetStreamSource, "orc": source.OrcStreamSource,
        }[self.name]

    def validate(self, options: Mapping[str, str], path: str | None) -> None:
        self._source_class().validate(options, path)

    def source_schema(self, options: Mapping[str, str], user_schema: pa.Schema | None,
                      path: str | None, conf: Mapping[str, Any]) -> pa.Schema:
        return self._source_class().source_schema(options, user_schema, path=path, conf=conf)

    def source(self, ctx: SourceContext) -> Source:
        return self._source_class()(ctx)

    def has_sink(self) -> bool:
        return self.writable

    def sink(self, ctx: SinkContext) -> Sink:
        if not self.writable:
            return super().sink(ctx)
        from rillet.connectors.files import sink

        cls = {"text": sink.TextStreamSink, "csv": sink.CsvStreamSink, "json": sink.JsonStreamSink,
               "parquet": sink.ParquetStreamSink}[self.name]
        return cls(ctx)

    def read_batch(self, options: Mapping[str, str], path: str | list[str] | None, schema: pa.Schema | None,
                   conf: Mapping[str, str]) -> pa.Table:
        from rillet.connectors.files.scan import read_batch

        paths = [path] if isinstance(path, str) else list(path or [])
        # csv/json timestamps without an offset are in the session time zone unless told
        opts = with_defaults(options, {"timeZone": conf[TIME_ZONE_CONF]}) if TIME_ZONE_CONF in conf else options
        return read_batch(self.name, paths, opts, schema, conf)

    def has_batch_write(self) -> bool:
        return self.writable

    def write_batch(self, table: pa.Table, ctx: SinkContext, mode: str) -> None:
        if not self.writable:
            super().write_batch(table, ctx, mode)
            return
        from rillet.connectors.files.writer import save_files

        save_files(self.name, table, ctx, mode)


class FileSinkLogProvider(Provider):
    """``file-sink-log``: a stream of the files a file sink commits (``readStream.table``
    of a ``toTable`` table); the table's schema is given by the reader."""

    name = "file-sink-log"

    def source_schema(self, options: Mapping[str, str], user_schema: pa.Schema | None,
                      path: str | None, conf: Mapping[str, Any]) -> pa.Schema:
        from rillet.connectors.files.manifest import FileSinkLogSource

        return FileSinkLogSource.source_schema(options, user_schema)

    def source(self, ctx: SourceContext) -> Source:
        from rillet.connectors.files.manifest import FileSinkLogSource

        return FileSinkLogSource(ctx)


TEXT = FileFormatProvider("text")
CSV = FileFormatProvider("csv")
JSON = FileFormatProvider("json")
PARQUET = FileFormatProvider("parquet")
ORC = FileFormatProvider("orc", writable=False)
FILE_SINK_LOG = FileSinkLogProvider()
