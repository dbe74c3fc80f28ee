"""``DataFrameWriter`` (``df.write``) and the session's managed tables (``saveAsTable``,
``writeStream.toTable``), stored as file folders under ``spark.sql.warehouse.dir``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from rillet.compute.types import arrow_schema
from rillet.connectors.base import SinkContext, set_options
from rillet.errors import AnalysisException
from rillet.plan import logical as L
from rillet.plan import types as T

if TYPE_CHECKING:
    from rillet.sql.dataframe import DataFrame
    from rillet.sql.session import SparkSession

__all__ = ["DataFrameWriter"]

_SAVE_MODES = {
    "append": "append",
    "overwrite": "overwrite",
    "ignore": "ignore",
    "error": "error",
    "errorifexists": "error",
    "default": "error",
}


def _table_key(name: str) -> str:
    """``t``, ``default.t`` and ``spark_catalog.default.t`` name the same table."""
    parts = [p.strip("`") for p in name.split(".")]
    return parts[-1].lower()


def _qualified(name: str) -> str:
    return f"`spark_catalog`.`default`.`{_table_key(name)}`"


@dataclass
class ManagedTable:
    """A table of the session catalog kept as files in ``location`` (Spark's managed table
    of provider ``format``). Calling it gives the plan that reads it now: the files of the
    manifest if a file sink wrote the folder, else the folder's files."""

    name: str
    location: str
    format: str
    schema: T.StructType
    session: SparkSession

    def arrow(self) -> pa.Table:
        from rillet.connectors.files.manifest import files_for_read, read_files

        target = arrow_schema(self.schema)
        files = files_for_read(self.location)
        if files is None:  # written by df.write: every data file (hidden and _ names are not data)
            files = []
            for root, dirs, names in os.walk(self.location):
                dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
                files.extend(os.path.join(root, n) for n in sorted(names) if not n.startswith((".", "_")))
        if not files:
            return target.empty_table()
        if self.format in ("parquet", "text"):
            return read_files(self.location, files, self.format, target)
        df = self.session.read.format(self.format).schema(self.schema).load(self.location)
        return df._execute()

    def __call__(self) -> L.LogicalPlan:
        return L.LocalRelation(L.attributes_for(self.schema), self.arrow())


def warehouse_location(session: SparkSession, name: str) -> str:
    root = str(session.conf.get("spark.sql.warehouse.dir", "spark-warehouse"))
    if root.startswith("file:"):
        root = root[len("file:"):]
    return os.path.join(os.path.abspath(root), _table_key(name))


def managed_table(session: SparkSession, name: str) -> ManagedTable | None:
    entry = session._catalog_tables.get(_table_key(name))
    return entry if isinstance(entry, ManagedTable) else None


def create_table(session: SparkSession, name: str, fmt: str, schema: T.StructType,
                 partition_by: list[str] | tuple[str, ...] = ()) -> ManagedTable:
    """Register a managed table ``name`` (an existing folder of a file sink at its location is
    adopted, so a restarted ``toTable`` query keeps its table). As in Spark, the partition
    columns come last in the table's schema."""
    keys = [p.lower() for p in partition_by]
    data = [f for f in schema.fields if f.name.lower() not in keys]
    parts = sorted((f for f in schema.fields if f.name.lower() in keys), key=lambda f: keys.index(f.name.lower()))
    ordered = T.StructType([*data, *parts])
    table = ManagedTable(_table_key(name), warehouse_location(session, name), fmt, ordered, session)
    session._catalog_tables[table.name] = table
    return table


class DataFrameWriter:
    """Saves a batch DataFrame: ``df.write.format("parquet").mode("overwrite").save(path)``.

    Formats are the providers of ``connectors.registry`` that write batches (``parquet``,
    ``csv``, ``json``, ``text``, ``kafka``, ``kinesis``, ``delta``) and the session's Python
    data sources."""

    def __init__(self, df: DataFrame) -> None:
        self._df = df
        self._session = df._session
        self._format: str | None = None
        self._mode = "error"
        self._options: dict[str, str] = {}
        self._partition_by: list[str] = []

    def mode(self, saveMode: str | None) -> DataFrameWriter:
        """``append``, ``overwrite``, ``ignore``, ``error`` / ``errorifexists`` (the default)."""
        if saveMode is None:
            return self
        mode = _SAVE_MODES.get(str(saveMode).lower())
        if mode is None:
            raise AnalysisException(errorClass="INVALID_SAVE_MODE", messageParameters={"mode": f'"{saveMode}"'})
        self._mode = mode
        return self

    def format(self, source: str) -> DataFrameWriter:
        self._format = source.lower()
        return self

    def option(self, key: str, value: Any) -> DataFrameWriter:
        set_options(self._options, {key: value})
        return self

    def options(self, **options: Any) -> DataFrameWriter:
        set_options(self._options, options)
        return self

    def partitionBy(self, *cols: str | list[str]) -> DataFrameWriter:
        """Write rows into ``col=value`` folders (Hive-style), one level per column."""
        names = cols[0] if len(cols) == 1 and isinstance(cols[0], (list, tuple)) else cols
        self._partition_by = [str(c) for c in names]
        return self

    def _apply(self, mode: str | None, partitionBy: Any, options: dict[str, Any]) -> None:
        self.mode(mode)
        if partitionBy is not None:
            self.partitionBy(list(partitionBy) if isinstance(partitionBy, (list, tuple)) else [partitionBy])
        self.options(**options)

    def _resolved_format(self) -> str:
        return self._format or str(self._session.conf.get("spark.sql.sources.default", "parquet")).lower()

    def save(self, path: str | None = None, format: str | None = None, mode: str | None = None,  # noqa: A002
             partitionBy: Any = None, **options: Any) -> None:
        """Write the DataFrame to ``path`` in ``format``."""
        if format is not None:
            self.format(format)
        self._apply(mode, partitionBy, options)
        fmt = self._resolved_format()
        provider = self._session.dataSource._lookup(fmt)
        if not provider.has_batch_write():
            raise AnalysisException(errorClass="DATA_SOURCE_NOT_FOUND", messageParameters={"provider": fmt})
        provider.check_save_mode(self._mode)
        table = self._df._execute()
        session = provider.write_session_options(self._session.conf.getAll(), self._session._session_tz)
        ctx = SinkContext(
            options={**session, **self._options},
            schema=table.schema,
            path=path if path is not None else self._options.get("path"),
            partition_by=tuple(self._partition_by),
        )
        provider.write_batch(table, ctx, self._mode)

    def parquet(self, path: str, mode: str | None = None, partitionBy: Any = None,
                compression: str | None = None) -> None:
        self.format("parquet").save(path, mode=mode, partitionBy=partitionBy, compression=compression)

    def csv(self, path: str, mode: str | None = None, compression: str | None = None, sep: str | None = None,
            quote: str | None = None, escape: str | None = None, header: Any = None,
            nullValue: str | None = None, quoteAll: Any = None, emptyValue: str | None = None,
            lineSep: str | None = None, **options: Any) -> None:
        self.format("csv").save(
            path, mode=mode, compression=compression, sep=sep, quote=quote, escape=escape, header=header,
            nullValue=nullValue, quoteAll=quoteAll, emptyValue=emptyValue, lineSep=lineSep, **options,
        )

    def json(self, path: str, mode: str | None = None, compression: str | None = None,
             lineSep: str | None = None, ignoreNullFields: Any = None, **options: Any) -> None:
        self.format("json").save(
            path, mode=mode, compression=compression, lineSep=lineSep, ignoreNullFields=ignoreNullFields, **options
        )

    def text(self, path: str, compression: str | None = None, lineSep: str | None = None) -> None:
        self.format("text").save(path, compression=compression, lineSep=lineSep)

    def jdbc(self, url: str, table: str, mode: str | None = None, properties: dict[str, Any] | None = None) -> None:
        """Save the DataFrame to the database table ``table`` at the JDBC ``url``
        (``jdbc:postgresql://host:port/db``, ``jdbc:sqlite:path``), in one transaction; on
        PostgreSQL the rows go in one bulk ``COPY``. ``properties`` are further options
        (``user``, ``password``, ``truncate``, ``createTableOptions``, ...). See ``docs/jdbc.md``.
        """
        self.mode(mode).options(**(properties or {}))
        self.format("jdbc").options(url=url, dbtable=table).save()

    def saveAsTable(self, name: str, format: str | None = None, mode: str | None = None,  # noqa: A002
                    partitionBy: Any = None, **options: Any) -> None:
        """Write the DataFrame as the managed table ``name`` (a folder under
        ``spark.sql.warehouse.dir``) and register it in the session catalog."""
        if format is not None:
            self.format(format)
        self._apply(mode, partitionBy, options)
        existing = managed_table(self._session, name)
        schema = self._df.schema
        if existing is not None:
            if self._mode == "error":
                raise AnalysisException(
                    errorClass="TABLE_OR_VIEW_ALREADY_EXISTS", messageParameters={"relationName": _qualified(name)}
                )
            if self._mode == "ignore":
                return
            if self._mode == "append":
                if len(existing.schema.fields) != len(schema.fields):
                    raise AnalysisException(
                        errorClass="_LEGACY_ERROR_TEMP_1161",
                        messageParameters={
                            "tableName": f"spark_catalog.default.{existing.name}",
                            "existingTableSchema": existing.schema.simpleString(),
                            "querySchema": schema.simpleString(),
                        },
                    )
                self.format(existing.format)
                self.save(existing.location, mode="append")
                return
        fmt = self._resolved_format()
        location = warehouse_location(self._session, name)
        write_mode = "overwrite" if self._mode == "overwrite" or existing is None else self._mode
        if existing is None and os.path.exists(location) and os.listdir(location):
            raise AnalysisException(
                errorClass="LOCATION_ALREADY_EXISTS",
                messageParameters={"location": f"'file:{location}'", "identifier": _qualified(name)},
            )
        self.format(fmt).save(location, mode=write_mode)
        create_table(self._session, name, fmt, schema, self._partition_by)

    def insertInto(self, tableName: str, overwrite: bool | None = None) -> None:
        existing = managed_table(self._session, tableName)
        if existing is None:
            raise AnalysisException(
                errorClass="TABLE_OR_VIEW_NOT_FOUND", messageParameters={"relationName": f"`{tableName}`"}
            )
        self.format(existing.format).save(existing.location, mode="overwrite" if overwrite else "append")

