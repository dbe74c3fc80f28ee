"""A scan of files: list them, settle the schema (data + partition columns), read them.

Shared by the streaming file source and batch ``spark.read``: the schema rules are
Spark's ``DataSource.sourceSchema`` / ``getOrInferFileFormatSchema``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import pyarrow as pa

from rillet.connectors.base import option_bool, option_str
from rillet.connectors.files.formats import FORMATS, FileFormat
from rillet.connectors.files.fs import FileStatus, FileStore, glob_filter, is_glob
from rillet.connectors.files.partitions import infer_partition_schema, partition_columns
from rillet.errors import AnalysisException, SparkRuntimeException


def file_format(name: str) -> FileFormat:
    return FORMATS[name.lower()]


@dataclass(frozen=True)
class FileScan:
    """Files of one format under ``root`` with the options that shape listing and parsing."""

    fmt: FileFormat
    root: str
    options: Mapping[str, str]
    store: FileStore

    @staticmethod
    def create(fmt: str, root: str, options: Mapping[str, str]) -> FileScan:
        return FileScan(file_format(fmt), root, options, FileStore(root, options))

    @property
    def recursive(self) -> bool:
        return option_bool(self.options, "recursiveFileLookup", False, self.fmt.name)

    @property
    def partition_root(self) -> str:
        """The folder partition values are read below (the fixed part of a glob)."""
        root = self.store.to_uri(self.store.to_fs(self.root))
        if is_glob(root):
            parts = root.split("/")
            root = "/".join(p for p in parts[: next(i for i, p in enumerate(parts) if "*" in p or "?" in p or "[" in p or "{" in p)])
        return root

    def check_exists(self) -> None:
        if not self.store.exists(self.root):
            raise AnalysisException(errorClass="PATH_NOT_FOUND", messageParameters={"path": self.root})

    def list_files(self) -> list[FileStatus]:
        """Data files, after ``pathGlobFilter`` and ``modifiedBefore``/``modifiedAfter``."""
        from rillet.connectors.files.manifest import committed_statuses

        files = committed_statuses(self.root, self.store)  # a file sink's output: its committed files
        if files is None:
            files = self.store.list_files(self.root, self.recursive, partitions=not self.recursive)
        pattern = option_str(self.options, "pathGlobFilter")
        before = _instant_ms(option_str(self.options, "modifiedBefore"), self.options)
        after = _instant_ms(option_str(self.options, "modifiedAfter"), self.options)
        return [
            f for f in files
            if glob_filter(f.uri.rsplit("/", 1)[-1], pattern)
            and (before is None or f.mtime_ms < before)
            and (after is None or f.mtime_ms > after)
        ]

    # -- schema -----------------------------------------------------------------------
    def partition_schema(self, files: list[FileStatus], user: pa.Schema | None) -> pa.Schema:
        if self.recursive:
            return pa.schema([])
        return infer_partition_schema([f.uri for f in files], self.partition_root, user)

    def infer_data_schema(self, files: list[FileStatus]) -> pa.Schema:
        chosen = files if self.fmt.infer_all else files[:1]
        datas = [self.read_bytes(f.uri) for f in chosen]
        schema = self.fmt.infer(datas, self.options)
        if schema is None:
            raise AnalysisException(errorClass="UNABLE_TO_INFER_SCHEMA", messageParameters={"format": self.fmt.display})
        return schema

    def resolve_schema(self, user: pa.Schema | None, files: list[FileStatus]) -> tuple[pa.Schema, pa.Schema]:
        """(data schema, partition schema): the user's columns minus partition columns,
        or the inferred ones, then the partition columns (user type if given)."""
        parts = self.partition_schema(files, user)
        if user is not None:
            data = pa.schema([f for f in user if f.name not in parts.names])
        else:
            data = self.infer_data_schema(files)
            data = pa.schema([f for f in data if f.name not in parts.names])
        return data, parts

    # -- reading ----------------------------------------------------------------------
    def read_bytes(self, uri: str) -> bytes:
        try:
            return self.store.read(uri)
        except FileNotFoundError:
            raise SparkRuntimeException(
                errorClass="FAILED_READ_FILE.FILE_NOT_EXIST", messageParameters={"path": _file_uri(uri)}
            ) from None

    def read_file(self, uri: str, data: pa.Schema, parts: pa.Schema) -> pa.Table:
        """One file's rows: the data columns parsed, then its partition values."""
        table = self.fmt.read(self.read_bytes(uri), data, self.options, uri)
        if len(parts):
            for field, arr in zip(parts, partition_columns(uri, self.partition_root, parts, table.num_rows)):
                table = table.append_column(field, arr)
        return table

    def read_all(self, uris: list[str], data: pa.Schema, parts: pa.Schema) -> pa.Table:
        schema = pa.schema(list(data) + list(parts))
        tables = [self.read_file(u, data, parts) for u in uris]
        return pa.concat_tables(tables) if tables else schema.empty_table()


def _file_uri(uri: str) -> str:
    return uri if "://" in uri else "file://" + uri


def _instant_ms(text: str | None, options: Mapping[str, str]) -> int | None:
    """``modifiedBefore``/``modifiedAfter``: ``YYYY-MM-DDTHH:mm:ss`` in the session time zone."""
    if text is None:
        return None
    import datetime as dt
    from zoneinfo import ZoneInfo

    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        from rillet.errors import IllegalArgumentException

        raise IllegalArgumentException(
            f"The timestamp provided for the 'modifiedBefore/modifiedAfter' option is invalid. The expected "
            f"format is 'YYYY-MM-DDTHH:mm:ss', but the provided timestamp: {text}"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(option_str(options, "timeZone") or "UTC"))
    return int(value.timestamp() * 1000)


def read_batch(fmt: str, paths: list[str], options: Mapping[str, str], user: pa.Schema | None) -> pa.Table:
    """``spark.read.format(fmt).load(paths)``: every file under the paths (a file sink's
    output: exactly its committed files), the schema the user's or inferred, partition
    columns appended."""
    from rillet.connectors.files.manifest import files_for_read

    scans: list[tuple[FileScan, list[FileStatus]]] = []
    for path in paths:
        scan = FileScan.create(fmt, path, options)
        if not scan.store.exists(path):
            shown = path if "://" in path else "file:" + os.path.abspath(path)
            raise AnalysisException(errorClass="PATH_NOT_FOUND", messageParameters={"path": shown})
        committed = files_for_read(path, options)
        if committed is not None:
            files = [FileStatus(p if scan.store.scheme else os.path.abspath(p), 0, 0) for p in committed]
        else:
            files = scan.list_files()
        scans.append((scan, files))
    everything = [f for _, fs in scans for f in fs]
    if not scans:
        raise AnalysisException(errorClass="UNABLE_TO_INFER_SCHEMA", messageParameters={"format": file_format(fmt).display})
    data, parts = scans[0][0].resolve_schema(user, everything)
    tables = [scan.read_all([f.uri for f in fs], data, parts) for scan, fs in scans]
    return pa.concat_tables(tables)
