"""A scan of files: list them, settle the schema (data + partition columns), read them.

Shared by the streaming file source and batch ``spark.read``: the schema rules are
Spark's ``DataSource.sourceSchema`` / ``getOrInferFileFormatSchema``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pyarrow as pa

from rillet.connectors.base import option_bool, option_str
from rillet.connectors.files.formats import FORMATS, FileFormat, merge_schemas, sql_type
from rillet.connectors.files.fs import FileStatus, FileStore, glob_filter, is_glob
from rillet.connectors.files.partitions import (
    PartitionSpec,
    base_paths,
    discover_partitions,
    infer_partition_schema,
    partition_arrays,
    partition_columns,
)
from rillet.errors import AnalysisException, IllegalArgumentException, PySparkException, SparkRuntimeException

_MAX_READ_THREADS = 8  # files of one batch read at once, at most (and at most one per core)

log = logging.getLogger("rillet.connectors.files")

PARTITION_TYPE_INFERENCE_KEY = "spark.sql.sources.partitionColumnTypeInference.enabled"
# the session confs a file read honours besides its options (a read's option wins)
IGNORE_FILES_CONFS = ("spark.sql.files.ignoreCorruptFiles", "spark.sql.files.ignoreMissingFiles")


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
    def partition_schema(
        self, files: list[FileStatus], user: pa.Schema | None, type_inference: bool = True
    ) -> pa.Schema:
        if self.recursive:
            return pa.schema([])
        return infer_partition_schema([f.uri for f in files], self.partition_root, user, type_inference)

    def merge_schema(self, conf: Mapping[str, str] | None) -> bool:
        """``mergeSchema`` (parquet, orc): the option, else the format's session conf."""
        if self.fmt.merge_conf is None:
            return False
        value = option_str(self.options, "mergeSchema")
        if value is None:
            value = str((conf or {}).get(self.fmt.merge_conf, "false"))
        if value.strip().lower() not in ("true", "false"):
            raise IllegalArgumentException(f'For input string: "{value}"')
        return value.strip().lower() == "true"

    def infer_data_schema(self, files: list[FileStatus], conf: Mapping[str, str] | None = None) -> pa.Schema:
        """The data schema from the files (every csv/json file; the first parquet/orc footer,
        or all with ``mergeSchema``). Empty files hold no schema and are passed over (as
        Spark's ORC inference does); an unreadable one fails naming it, or is passed over
        under ``ignoreCorruptFiles``."""
        candidates = files  # sizes are not always known (a sink's committed files): empty bytes tell
        if self.fmt.infer_all:
            datas = [d for d in (self._read_for_schema(f.uri) for f in candidates) if d]
            # only empty files: no columns, as Spark's csv/json inference (no files at all: none)
            schema = self.fmt.infer(datas, self.options) if datas else pa.schema([]) if candidates else None
        else:  # one footer, or every file's merged in path order (columns in file order, as Spark)
            ordered = sorted(candidates, key=lambda f: f.uri)
            merge = self.merge_schema(conf)
            schemas: list[pa.Schema] = []
            for f in ordered:
                data = self._read_for_schema(f.uri)
                found = self._infer_one(f.uri, data) if data else None
                if found is not None:
                    schemas.append(found)
                    if not merge:
                        break
            schema = merge_schemas(schemas) if schemas else self.fmt.infer([], self.options)  # text: fixed
        if schema is None:
            raise AnalysisException(errorClass="UNABLE_TO_INFER_SCHEMA", messageParameters={"format": self.fmt.display})
        return schema

    def _check_corrupt_column(self, data: pa.Schema, conf: Mapping[str, str] | None) -> None:
        """csv/json: the corrupt-record column, when the schema has it, must be a string."""
        if self.fmt.name not in ("csv", "json"):
            return
        name = option_str(self.options, "columnNameOfCorruptRecord") or "_corrupt_record"
        field = next((f for f in data if f.name == name), None)
        if field is not None and not (pa.types.is_string(field.type) or pa.types.is_large_string(field.type)):
            raise AnalysisException(
                errorClass="INVALID_CORRUPT_RECORD_TYPE",
                messageParameters={"columnName": f"`{name}`", "actualType": f'"{sql_type(field.type)}"'},
            )

    def _read_for_schema(self, uri: str) -> bytes | None:
        try:
            return self.read_bytes(uri)
        except SparkRuntimeException:
            if self.ignore_missing_files:
                return None
            raise

    def _infer_one(self, uri: str, data: bytes) -> pa.Schema | None:
        try:
            return self.fmt.infer([data], self.options)
        except PySparkException:
            raise
        except Exception as e:  # noqa: BLE001 - an unreadable footer is this file's corruption
            if self.ignore_corrupt_files:
                log.warning("Skipped the footer in the corrupted file: %s: %s", _file_uri(uri), e)
                return None
            raise SparkRuntimeException(
                errorClass="FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER", messageParameters={"path": _file_uri(uri)},
                cause=e,
            ) from e

    def resolve_schema(
        self, user: pa.Schema | None, files: list[FileStatus], conf: Mapping[str, str] | None = None,
        parts: pa.Schema | None = None,
    ) -> tuple[pa.Schema, pa.Schema]:
        """(data schema, partition schema): the user's columns minus partition columns,
        or the inferred ones, then the partition columns (user type if given; ``parts``
        when the caller discovered them already)."""
        if parts is None:
            parts = self.partition_schema(files, user, partition_type_inference(conf))
        names = {n.lower() for n in parts.names}
        data = user if user is not None else self.infer_data_schema(files, conf)
        self._check_corrupt_column(data, conf)
        return pa.schema([f for f in data if f.name.lower() not in names]), parts

    # -- reading ----------------------------------------------------------------------
    @property
    def ignore_corrupt_files(self) -> bool:
        """``ignoreCorruptFiles``: the read's option, else ``spark.sql.files.ignoreCorruptFiles``."""
        return _ignore(self.options, "ignoreCorruptFiles")

    @property
    def ignore_missing_files(self) -> bool:
        """``ignoreMissingFiles``: the read's option, else ``spark.sql.files.ignoreMissingFiles``."""
        return _ignore(self.options, "ignoreMissingFiles")

    def read_bytes(self, uri: str) -> bytes:
        try:
            return self.store.read(uri)
        except FileNotFoundError:
            raise SparkRuntimeException(
                errorClass="FAILED_READ_FILE.FILE_NOT_EXIST", messageParameters={"path": _file_uri(uri)}
            ) from None

    def read_file(
        self, uri: str, data: pa.Schema, parts: pa.Schema, values: Mapping[str, str | None] | None = None
    ) -> pa.Table | None:
        """One file's rows: the data columns parsed, then its partition values (``values``
        if discovered already, else read from its folders below the partition root).

        As Spark's ``FileScanRDD``: an empty file has no rows; a file that vanished since it
        was listed is skipped under ``ignoreMissingFiles``, one that cannot be read under
        ``ignoreCorruptFiles`` (None, with a warning); otherwise the error names the file
        (``FAILED_READ_FILE.*``), so a stream that fails on it says which one."""
        try:
            raw = self.read_bytes(uri)
        except SparkRuntimeException:
            if not self.ignore_missing_files:
                raise
            log.warning("Skipped missing file: %s", _file_uri(uri))
            return None
        except OSError as e:  # unreadable (permissions, a broken object store read): Spark's IOException
            return self._corrupt(uri, e)
        if not raw:
            return _with_partitions(data.empty_table(), parts, {}, "UTC")
        try:
            table = self.fmt.read(raw, data, self.options, uri)
        except PySparkException:
            raise  # the format's own error (a FAILFAST record, a type mismatch) names the file
        except Exception as e:  # noqa: BLE001 - any reader failure is this file's corruption
            return self._corrupt(uri, e)
        if len(parts):
            tz = option_str(self.options, "timeZone") or "UTC"
            if values is None:
                arrays = partition_columns(uri, self.partition_root, parts, table.num_rows, tz)
                for field, arr in zip(parts, arrays):
                    table = table.append_column(field, arr)
                return table
            return _with_partitions(table, parts, values, tz)
        return table

    def _corrupt(self, uri: str, error: Exception) -> None:
        """A file that cannot be read: skipped under ``ignoreCorruptFiles``, else the read
        fails naming it."""
        if self.ignore_corrupt_files:
            log.warning("Skipped the rest of the content in the corrupted file: %s: %s", _file_uri(uri), error)
            return None
        raise SparkRuntimeException(
            errorClass="FAILED_READ_FILE.NO_HINT", messageParameters={"path": _file_uri(uri)}, cause=error
        ) from error

    def read_all(
        self, uris: list[str], data: pa.Schema, parts: pa.Schema,
        values: Mapping[str, Mapping[str, str | None]] | None = None,
    ) -> pa.Table:
        schema = pa.schema(list(data) + list(parts))

        def read(uri: str) -> pa.Table | None:
            return self.read_file(uri, data, parts, values.get(uri, {}) if values is not None else None)

        workers = min(len(uris), os.cpu_count() or 1, _MAX_READ_THREADS)
        if workers > 1:
            # files are parsed in C (Arrow, Polars, numpy) that releases the GIL: a batch of
            # several files reads them side by side; map keeps their order and raises the
            # first failing file's error, as the sequential read did
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="file-read") as pool:
                tables = list(pool.map(read, uris))
        else:
            tables = [read(u) for u in uris]
        kept = [t for t in tables if t is not None and t.num_rows]
        return pa.concat_tables(kept) if kept else schema.empty_table()


def _ignore(options: Mapping[str, str], key: str) -> bool:
    value = option_str(options, key)
    if value is None:
        value = option_str(options, f"spark.sql.files.{key}")
    return (value or "false").strip().lower() == "true"


def _with_partitions(table: pa.Table, parts: pa.Schema, values: Mapping[str, str | None], tz: str) -> pa.Table:
    for field, arr in zip(parts, partition_arrays(values, parts, table.num_rows, tz)):
        table = table.append_column(field, arr)
    return table


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


def partition_type_inference(conf: Mapping[str, str] | None) -> bool:
    """``spark.sql.sources.partitionColumnTypeInference.enabled`` (default true)."""
    value = (conf or {}).get(PARTITION_TYPE_INFERENCE_KEY, "true")
    return str(value).strip().lower() != "false"


def _roots(scan: FileScan) -> list[tuple[str, bool]]:
    """The root paths of a scan as Spark's file index sees them: a glob's matches, else
    the path itself; each with whether it is a folder."""
    if is_glob(scan.root):
        return [(s.uri, folder) for s, folder in scan.store.expand_glob(scan.root)]
    uri = scan.store.to_uri(scan.store.to_fs(scan.root)).rstrip("/") or "/"
    return [(uri, scan.store.is_dir(uri))]


def read_batch(
    fmt: str, paths: list[str], options: Mapping[str, str], user: pa.Schema | None,
    conf: Mapping[str, str] | None = None,
) -> pa.Table:
    """``spark.read.format(fmt).load(paths)``: every file under the paths (a file sink's
    output: exactly its committed files), the schema the user's or inferred, partition
    columns discovered from ``key=value`` folders below the base paths (the ``basePath``
    option, else each path) and appended, typed as Spark infers them."""
    from rillet.connectors.files.manifest import files_for_read

    options = {**{k: str(v) for k, v in (conf or {}).items() if k in IGNORE_FILES_CONFS}, **options}
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
    if not scans:
        raise AnalysisException(errorClass="UNABLE_TO_INFER_SCHEMA", messageParameters={"format": file_format(fmt).display})
    first = scans[0][0]
    everything = sorted((f for _, fs in scans for f in fs), key=lambda f: f.uri)
    if first.recursive:
        spec = PartitionSpec(pa.schema([]), [f.uri for f in everything], {})
    else:
        roots = [r for scan, _ in scans for r in _roots(scan)]
        bases = base_paths(roots, option_str(options, "basePath"), first.store.is_dir)
        spec = discover_partitions([f.uri for f in everything], bases, user, partition_type_inference(conf))
    kept = set(spec.files)
    scans = [(scan, [f for f in fs if f.uri in kept]) for scan, fs in scans]
    data, parts = first.resolve_schema(user, [f for f in everything if f.uri in kept], conf, spec.schema)
    tables = [scan.read_all([f.uri for f in fs], data, parts, spec.values) for scan, fs in scans]
    return pa.concat_tables(tables)
