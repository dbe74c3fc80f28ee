"""``DataFrameReader`` (``spark.read``): batch reads of files into a DataFrame."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyarrow as pa

from rillet.errors import AnalysisException
from rillet.plan import types as T
from rillet.sql.writer import DataFrameWriter

if TYPE_CHECKING:
    from rillet.sql.dataframe import DataFrame
    from rillet.sql.session import SparkSession

__all__ = ["DataFrameReader", "DataFrameWriter"]


class DataFrameReader:
    def __init__(self, session: SparkSession) -> None:
        self._session = session
        self._format = "parquet"
        self._options: dict[str, str] = {}
        self._schema: T.StructType | None = None

    def format(self, source: str) -> DataFrameReader:
        self._format = source.lower()
        return self

    def option(self, key: str, value: Any) -> DataFrameReader:
        self._options[key] = str(value).lower() if isinstance(value, bool) else str(value)
        return self

    def options(self, **options: Any) -> DataFrameReader:
        for k, v in options.items():
            self.option(k, v)
        return self

    def schema(self, schema: T.StructType | str) -> DataFrameReader:
        self._schema = T.parse_ddl_schema(schema) if isinstance(schema, str) else schema
        return self

    def load(self, path: str | list[str] | None = None, format: str | None = None, **options: Any) -> DataFrame:  # noqa: A002
        if format is not None:
            self.format(format)
        self.options(**options)
        registered = self._session.dataSource._load(self._format, self._options, path, self._schema)
        if registered is not None:
            return registered
        if self._format in ("statestore", "state-metadata"):
            return self._read_state(path)
        from rillet.connectors.registry import BATCH_READERS

        if self._format in BATCH_READERS:
            options = {**self._options, "path": path} if isinstance(path, str) else self._options
            return self._session._dataframe_from_arrow(BATCH_READERS[self._format](options))
        paths = [path] if isinstance(path, str) else list(path or [])
        from rillet.connectors.files.formats import FORMATS

        if self._format not in FORMATS:
            raise AnalysisException(
                errorClass="NOT_IMPLEMENTED",
                messageParameters={"feature": f"Batch reads of format '{self._format}'"},
            )
        # the file scan (rillet.connectors.files): partition columns from key=value folders,
        # the schema the user's or inferred as Spark does
        return self._session._dataframe_from_arrow(self._read_file_format(paths))

    def _read_state(self, path: Any) -> DataFrame:
        """Spark's state data sources over a checkpoint: ``statestore`` (Spark's options:
        see :mod:`rillet.engine.state.reader`) and ``state-metadata``."""
        from rillet.engine.state.reader import read_state, read_state_metadata

        root = path if isinstance(path, str) else self._options.get("path")
        if not root:
            raise AnalysisException(errorClass="STDS_REQUIRED_OPTION_UNSPECIFIED", messageParameters={"optionName": "path"})
        if self._format == "state-metadata":
            return self._session._dataframe_from_arrow(read_state_metadata(root))
        return self._session._dataframe_from_arrow(read_state(root, self._options))

    def text(self, paths: str | list[str], **options: Any) -> DataFrame:
        return self.format("text").load(paths, **options)

    def _read_file_format(self, paths: list[str]) -> pa.Table:
        """text/csv/json/parquet/orc files (Spark's options, parse modes, partition columns)."""
        from rillet.compute.types import arrow_schema
        from rillet.connectors.files.scan import read_batch

        opts = dict(self._options)
        if not any(k.lower() == "timezone" for k in opts):
            opts["timeZone"] = self._session._session_tz
        user = arrow_schema(self._schema) if self._schema is not None else None
        conf = {k: str(v) for k, v in self._session.conf.getAll().items()}
        return read_batch(self._format, paths, opts, user, conf)

    def _set_file_options(self, schema: Any, options: dict[str, Any]) -> None:
        if schema is not None:
            self.schema(schema)
        for key, value in options.items():
            if value is not None:
                self.option(key, value)

    def csv(self, path: str | list[str], schema: Any = None, sep: str | None = None, encoding: str | None = None,
            quote: str | None = None, escape: str | None = None, comment: str | None = None,
            header: Any = None, inferSchema: Any = None, ignoreLeadingWhiteSpace: Any = None,
            ignoreTrailingWhiteSpace: Any = None, nullValue: str | None = None, nanValue: str | None = None,
            positiveInf: str | None = None, negativeInf: str | None = None, dateFormat: str | None = None,
            timestampFormat: str | None = None, maxColumns: Any = None, maxCharsPerColumn: Any = None,
            maxMalformedLogPerPartition: Any = None, mode: str | None = None,
            columnNameOfCorruptRecord: str | None = None, multiLine: Any = None,
            charToEscapeQuoteEscaping: str | None = None, samplingRatio: Any = None,
            enforceSchema: Any = None, emptyValue: str | None = None, locale: str | None = None,
            lineSep: str | None = None, pathGlobFilter: Any = None, recursiveFileLookup: Any = None,
            modifiedBefore: Any = None, modifiedAfter: Any = None,
            unescapedQuoteHandling: str | None = None) -> DataFrame:
        """Read CSV files: all columns strings unless ``schema`` or ``inferSchema``."""
        opts = dict(locals())
        for k in ("self", "path", "schema"):
            opts.pop(k)
        self._set_file_options(schema, opts)
        return self.format("csv").load(path)

    def json(self, path: str | list[str], schema: Any = None, primitivesAsString: Any = None,
             prefersDecimal: Any = None, allowComments: Any = None, allowUnquotedFieldNames: Any = None,
             allowSingleQuotes: Any = None, allowNumericLeadingZero: Any = None,
             allowBackslashEscapingAnyCharacter: Any = None, mode: str | None = None,
             columnNameOfCorruptRecord: str | None = None, dateFormat: str | None = None,
             timestampFormat: str | None = None, multiLine: Any = None, allowUnquotedControlChars: Any = None,
             lineSep: str | None = None, samplingRatio: Any = None, dropFieldIfAllNull: Any = None,
             encoding: str | None = None, locale: str | None = None, pathGlobFilter: Any = None,
             recursiveFileLookup: Any = None, modifiedBefore: Any = None, modifiedAfter: Any = None,
             allowNonNumericNumbers: Any = None) -> DataFrame:
        """Read JSON Lines files (``multiLine``: one JSON document per file); the schema is
        inferred from every record unless given."""
        opts = dict(locals())
        for k in ("self", "path", "schema"):
            opts.pop(k)
        self._set_file_options(schema, opts)
        return self.format("json").load(path)

    def orc(self, path: str | list[str], mergeSchema: Any = None, pathGlobFilter: Any = None,
            recursiveFileLookup: Any = None, modifiedBefore: Any = None, modifiedAfter: Any = None) -> DataFrame:
        """Read ORC files."""
        opts = dict(locals())
        for k in ("self", "path"):
            opts.pop(k)
        self._set_file_options(None, opts)
        return self.format("orc").load(path)

    def parquet(self, *paths: str, **options: Any) -> DataFrame:
        return self.format("parquet").load(list(paths), **options)

    def table(self, tableName: str) -> DataFrame:
        return self._session.table(tableName)
