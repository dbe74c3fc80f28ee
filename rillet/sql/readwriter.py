"""``DataFrameReader`` (``spark.read``): batch reads of any format's provider into a DataFrame."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rillet.connectors.base import set_options
from rillet.errors import AnalysisException
from rillet.plan import types as T
from rillet.plan.ddl import parse_ddl_schema
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
        set_options(self._options, {key: value})
        return self

    def options(self, **options: Any) -> DataFrameReader:
        set_options(self._options, options)
        return self

    def schema(self, schema: T.StructType | str) -> DataFrameReader:
        self._schema = parse_ddl_schema(schema) if isinstance(schema, str) else schema
        return self

    def load(self, path: str | list[str] | None = None, format: str | None = None, **options: Any) -> DataFrame:  # noqa: A002
        if format is not None:
            self.format(format)
        self.options(**options)
        if self._format in ("statestore", "state-metadata") and self._session.dataSource._registry.find(
            self._format
        ) is None:
            # Spark's state data sources read a checkpoint: the engine's, not a connector
            return self._read_state(path)
        from rillet.compute.types import arrow_schema
        from rillet.connectors.base import TIME_ZONE_CONF

        provider = self._session.dataSource._lookup(self._format)
        user = arrow_schema(self._schema) if self._schema is not None else None
        conf = {k: str(v) for k, v in self._session.conf.getAll().items()}
        conf[TIME_ZONE_CONF] = self._session._session_tz
        return self._session._dataframe_from_arrow(provider.read_batch(dict(self._options), path, user, conf))

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

    def _set_file_options(self, schema: Any, options: dict[str, Any]) -> None:
        if schema is not None:
            self.schema(schema)
        set_options(self._options, options)

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

    def jdbc(self, url: str, table: str, column: str | None = None, lowerBound: Any = None,
             upperBound: Any = None, numPartitions: int | None = None, predicates: list[str] | None = None,
             properties: dict[str, Any] | None = None) -> DataFrame:
        """Read the database table ``table`` (or a parenthesized subquery with an alias)
        at the JDBC ``url`` (``jdbc:postgresql://host:port/db``, ``jdbc:sqlite:path``).

        ``column``/``lowerBound``/``upperBound``/``numPartitions`` read it in ``numPartitions``
        strides of ``column`` (the bounds pick the strides, they filter no rows);
        ``predicates`` read one WHERE clause each; ``properties`` are further options
        (``user``, ``password``, ``fetchsize``, ...). See ``docs/jdbc.md``.
        """
        import json

        from rillet.errors import PySparkValueError

        self.options(**(properties or {}))
        self.options(url=url, dbtable=table)
        if column is not None:
            for name, value in (("lowerBound", lowerBound), ("upperBound", upperBound),
                                ("numPartitions", numPartitions)):
                if value is None:
                    raise PySparkValueError(f"{name} can not be None when ``column`` is specified")
            self.options(partitionColumn=column, lowerBound=int(lowerBound), upperBound=int(upperBound),
                         numPartitions=int(numPartitions))  # type: ignore[arg-type]
        elif predicates is not None:
            self.option("rillet.jdbc.predicates", json.dumps(list(predicates)))
        return self.format("jdbc").load()
