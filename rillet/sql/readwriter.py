"""``DataFrameReader`` (``spark.read``): batch reads of files into a DataFrame."""

from __future__ import annotations

import glob
import os
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from rillet.connectors.files.source import text_to_table
from rillet.errors import AnalysisException
from rillet.plan import types as T

if TYPE_CHECKING:
    from rillet.sql.dataframe import DataFrame
    from rillet.sql.session import SparkSession

__all__ = ["DataFrameReader"]


def _files(path: str) -> list[str]:
    if any(ch in path for ch in "*?["):
        found = sorted(glob.glob(path))
    elif os.path.isdir(path):
        found = sorted(
            os.path.join(path, n) for n in os.listdir(path) if not n.startswith((".", "_"))
        )
    elif os.path.exists(path):
        found = [path]
    else:
        found = []
    if not found:
        raise AnalysisException(
            f"[PATH_NOT_FOUND] Path does not exist: file:{os.path.abspath(path)}. SQLSTATE: 42K03",
            errorClass="PATH_NOT_FOUND",
            messageParameters={"path": f"file:{os.path.abspath(path)}"},
        )
    return found


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
        if self._format in ("statestore", "state-metadata"):
            return self._read_state(path)
        paths = [path] if isinstance(path, str) else list(path or [])
        files = [f for p in paths for f in _files(p)]
        if self._format == "text":
            table = pa.concat_tables([text_to_table(open(f, "rb").read()) for f in files])
        elif self._format == "parquet":
            import pyarrow.parquet as pq

            table = pa.concat_tables([pq.read_table(f) for f in files], promote_options="default")
        else:
            raise AnalysisException(
                errorClass="NOT_IMPLEMENTED",
                messageParameters={"feature": f"Batch reads of format '{self._format}'"},
            )
        return self._session._dataframe_from_arrow(table)

    def _read_state(self, path: Any) -> DataFrame:
        """Spark's state data sources over a checkpoint: ``statestore`` (options
        ``batchId``, ``operatorId``) and ``state-metadata``."""
        from rillet.streaming.state.reader import read_state, read_state_metadata

        root = path if isinstance(path, str) else self._options.get("path")
        if not root:
            raise AnalysisException("The state data source needs the checkpoint location: load(path).")
        if self._format == "state-metadata":
            return self._session._dataframe_from_arrow(read_state_metadata(root))
        batch = self._options.get("batchId")
        table = read_state(root, int(self._options.get("operatorId", 0)), int(batch) if batch is not None else None)
        return self._session._dataframe_from_arrow(table)

    def text(self, paths: str | list[str], **options: Any) -> DataFrame:
        return self.format("text").load(paths, **options)

    def parquet(self, *paths: str, **options: Any) -> DataFrame:
        return self.format("parquet").load(list(paths), **options)

    def table(self, tableName: str) -> DataFrame:
        return self._session.table(tableName)
