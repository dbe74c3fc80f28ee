"""File stream source: new files under a path become new rows, each file exactly once.

Resume state is Spark's ``FileStreamSourceLog``: ``<metadata_path>/<N>`` lists the
files admitted in log batch ``N`` (one JSON object per line after ``v1``), compacted
every ``spark.sql.streaming.fileSource.log.compactInterval`` batches into
``N.compact`` (:class:`~rillet.connectors.files.manifest.FileStreamSourceLog`). The
offset is ``{"logOffset": N}``. A file is admitted once: by the time its log entry
exists it is never admitted again, and ``get_batch`` re-reads exactly the files
of the logged entries, so a restarted query replays the same rows.

One class serves every format (``text``, ``csv``, ``json``, ``parquet``, ``orc``);
listing, admission (``maxFilesPerTrigger``, ``maxBytesPerTrigger``, ``latestFirst``,
``maxFileAge``, ``fileNameOnly``) and ``cleanSource`` are shared, parsing is the
format's (:mod:`rillet.connectors.files.formats`).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from rillet.connectors.base import (
    Offset,
    ReadLimit,
    Source,
    SourceContext,
    option_bool,
    option_int,
    option_str,
)
from rillet.connectors.files.formats import TEXT_SCHEMA, text_to_table
from rillet.connectors.files.fs import FileStatus
from rillet.connectors.files.manifest import (
    FileStreamSourceLog,
    LogRetention,
    log_conf_keys,
    path_to_uri,
    uri_to_path,
)
from rillet.connectors.files.scan import IGNORE_FILES_CONFS, FileScan
from rillet.errors import IllegalArgumentException, SparkRuntimeException

__all__ = ["FileStreamSource", "text_to_table"]

log = logging.getLogger("rillet.connectors.files")

_DEFAULT_MAX_FILE_AGE = "7d"
_CLEAN_MODES = ("off", "archive", "delete")
_UNITS_MS = {
    "us": 0.001, "ms": 1, "s": 1000, "sec": 1000, "m": 60_000, "min": 60_000, "h": 3_600_000,
    "d": 86_400_000,
}


def _duration_ms(text: str, key: str) -> int:
    """Spark's ``timeStringAsMs``: ``7d``, ``1h``, ``30s``, ``100ms`` (plain number: ms)."""
    m = re.fullmatch(r"\s*(\d+)\s*([a-z]*)\s*", text.lower())
    if not m or (m.group(2) and m.group(2) not in _UNITS_MS):
        raise IllegalArgumentException(
            f"Invalid value '{text}' for option '{key}': expected a time string like 7d, 1h, 30s or 100ms."
        )
    return int(int(m.group(1)) * _UNITS_MS[m.group(2) or "ms"])


class FileStreamSource(Source):
    """``readStream.format(<file format>).load(path)`` over a directory, file or glob."""

    format = "text"
    needs_path = True
    # session confs the DataStreamReader copies into the options: the seen-files log's
    # compaction and clean-up
    session_confs = (*log_conf_keys("fileSource"), *IGNORE_FILES_CONFS)

    # -- options and schema, checked by DataStreamReader.load ------------------------
    @classmethod
    def validate(cls, options: Mapping[str, str], path: str | None) -> None:
        if not path:
            raise IllegalArgumentException(errorClass="_LEGACY_ERROR_TEMP_2047", messageParameters={})
        name = cls.format
        option_int(options, "maxFilesPerTrigger", None, name, minimum=1)
        option_int(options, "maxBytesPerTrigger", None, name, minimum=1)
        option_bool(options, "latestFirst", False, name)
        option_bool(options, "fileNameOnly", False, name)
        _duration_ms(option_str(options, "maxFileAge", _DEFAULT_MAX_FILE_AGE) or _DEFAULT_MAX_FILE_AGE, "maxFileAge")
        clean = (option_str(options, "cleanSource") or "off").lower()
        if clean not in _CLEAN_MODES:
            raise IllegalArgumentException(
                f"Invalid mode for clean source option {option_str(options, 'cleanSource')}. "
                "Must be one of ARCHIVE, DELETE, OFF"
            )
        if clean == "archive" and not option_str(options, "sourceArchiveDir"):
            raise IllegalArgumentException(
                "Archive directory to store completed files should be set if cleanSource option is set to 'archive'."
            )

    @classmethod
    def source_schema(
        cls,
        options: Mapping[str, str],
        user_schema: pa.Schema | None,
        path: str | None = None,
        conf: Mapping[str, Any] | None = None,
    ) -> pa.Schema:
        """The stream's schema as Spark's ``DataSource.sourceSchema`` settles it: a user
        schema is required (except for text) unless ``spark.sql.streaming.schemaInference``;
        partition columns found under the path are appended."""
        if path is None:
            return user_schema if user_schema is not None else TEXT_SCHEMA
        scan = FileScan.create(cls.format, path, options)
        if cls.format != "text":
            # Spark checks text paths too; rillet's text source has always watched a folder
            # that may not exist yet, and existing programs rely on it
            scan.check_exists()
        inference = str((conf or {}).get("spark.sql.streaming.schemaInference", "false")).lower() == "true"
        if user_schema is None and cls.format != "text" and not inference:
            raise IllegalArgumentException(errorClass="_LEGACY_ERROR_TEMP_2048", messageParameters={})
        files = scan.list_files()
        if user_schema is None and cls.format == "text":
            user_schema = TEXT_SCHEMA
        data, parts = scan.resolve_schema(user_schema, files, {k: str(v) for k, v in (conf or {}).items()})
        return pa.schema(list(data) + list(parts))

    # -- lifecycle ------------------------------------------------------------------
    def __init__(self, ctx: SourceContext) -> None:
        self.validate(ctx.options, ctx.path)
        self.path = str(ctx.path)
        self.options = dict(ctx.options)
        self.metadata_path = ctx.metadata_path
        name = self.format
        self.scan = FileScan.create(name, self.path, self.options)
        self.max_files = option_int(ctx.options, "maxFilesPerTrigger", None, name, minimum=1)
        self.max_bytes = option_int(ctx.options, "maxBytesPerTrigger", None, name, minimum=1)
        self.latest_first = option_bool(ctx.options, "latestFirst", False, name)
        self.file_name_only = option_bool(ctx.options, "fileNameOnly", False, name)
        age = _duration_ms(option_str(ctx.options, "maxFileAge", _DEFAULT_MAX_FILE_AGE) or "7d", "maxFileAge")
        # Spark: with latestFirst and maxFilesPerTrigger, maxFileAge is ignored
        self.max_file_age_ms = 2**62 if self.latest_first and self.max_files is not None else age
        self.clean_source = (option_str(ctx.options, "cleanSource") or "off").lower()
        self.archive_dir = option_str(ctx.options, "sourceArchiveDir")
        self._available_now: set[str] | None = None  # files present when availableNow started
        files = self.scan.list_files() if self.scan.store.exists(self.path) else []
        full = ctx.schema if ctx.schema is not None else self.source_schema(self.options, None, None)
        if self.format == "text" and ctx.schema is None:
            full = TEXT_SCHEMA
        discovered = set(self.scan.partition_schema(files, full).names)
        self.part_schema = pa.schema([f for f in full if f.name in discovered])
        self.data_schema = pa.schema([f for f in full if f.name not in discovered])
        self._schema = full
        os.makedirs(self.metadata_path, exist_ok=True)
        self.source_log = FileStreamSourceLog(self.metadata_path, LogRetention.from_conf(self.options, "fileSource"))
        self._log: dict[int, list[dict[str, Any]]] = self.source_log.restore()
        # Spark's SeenFilesMap: key -> modification time, purged by maxFileAge
        self._seen: dict[str, int] = {}
        self._latest_ts = 0
        self._last_purge_ts = 0
        for entries in self._log.values():
            for e in entries:
                self._mark_seen(e["path"], int(e["timestamp"]))
        self._purge()
        self._last_commit: int | None = None  # the log batch cleanSource last handled

    # -- the seen-files log ---------------------------------------------------------
    def _key(self, uri: str) -> str:
        uri = self._local(uri)
        return uri.rsplit("/", 1)[-1] if self.file_name_only else uri

    def _local(self, logged: str) -> str:
        """A path as the log spells it (Spark's ``file:///...`` URI, or an older plain path)
        in the form the file store lists it."""
        return uri_to_path(logged) if not self.scan.store.scheme else logged

    def _logged(self, uri: str) -> str:
        """How the log spells a file: as Spark does (``file:///x``), so Spark and rillet can
        continue each other's checkpoints without reading a file twice."""
        return path_to_uri(uri) if not self.scan.store.scheme else uri

    def _mark_seen(self, uri: str, ts: int) -> None:
        self._seen[self._key(uri)] = ts
        self._latest_ts = max(self._latest_ts, ts)

    def _purge(self) -> None:
        self._last_purge_ts = self._latest_ts - self.max_file_age_ms
        self._seen = {k: t for k, t in self._seen.items() if t >= self._last_purge_ts}

    def _is_new(self, f: FileStatus) -> bool:
        return f.mtime_ms >= self._last_purge_ts and self._key(f.uri) not in self._seen

    def _list_files(self) -> list[FileStatus]:
        if not self.scan.store.exists(self.path):
            return []
        files = self.scan.list_files()
        if self._available_now is not None:
            files = [f for f in files if f.uri in self._available_now]
        return files

    # -- Source ---------------------------------------------------------------------
    def schema(self) -> pa.Schema:
        return self._schema

    def prepare_for_available_now(self) -> None:
        self._available_now = {f.uri for f in self._list_files()}

    def backlog(self) -> tuple[int, str] | None:
        return sum(1 for f in self._list_files() if self._is_new(f)), "files"

    def initial_offset(self) -> Offset:
        return {"logOffset": -1}

    def _require_logged(self, first: int, last: int, planned_by: str) -> None:
        """Every log batch in ``first..last`` must have its entry: a batch the offset log
        planned is replayed from it, never re-planned from a fresh listing (that would read
        some files twice and others never)."""
        missing = [b for b in range(first, last + 1) if b not in self._log]
        if missing:
            raise SparkRuntimeException(
                errorClass="CHECKPOINT_FILE_MISSING",
                messageParameters={
                    "path": os.path.join(self.metadata_path, str(missing[0])),
                    "reason": f"{planned_by} planned log batch {missing[0]} of the file source "
                    f"{self.path} from it; batches ({', '.join(map(str, missing))}) don't exist "
                    f"(startId: {first}, endId: {last}). Restore the file or start the query on a new "
                    "checkpoint location",
                },
            )

    def latest_offset(self, start: Offset, limit: ReadLimit) -> Offset:
        current = max(self._log) if self._log else -1
        done = int(start["logOffset"]) if start is not None else -1
        self._require_logged(0, done, f"the offset log (logOffset {done})")
        if current > done:
            # a batch of files was logged but its micro-batch never ran (the process died
            # before offsets/N was written): run exactly it next, so a restarted query
            # sees the same batches as an uninterrupted one
            return {"logOffset": done + 1}
        new = [f for f in self._list_files() if self._is_new(f)]
        if not new:
            return {"logOffset": current}
        new.sort(key=lambda f: (f.mtime_ms, f.uri), reverse=self.latest_first)
        if self.max_files is not None:
            new = new[: self.max_files]
        elif self.max_bytes is not None:
            taken: list[FileStatus] = []
            total = 0
            for f in new:
                if taken and total + f.size > self.max_bytes:
                    break  # at least one file per batch, however large
                taken.append(f)
                total += f.size
            new = taken
        batch = current + 1
        entries = [{"path": self._logged(f.uri), "timestamp": f.mtime_ms, "batchId": batch} for f in new]
        if not self.source_log.add(batch, entries):
            # another runner of this query logged this batch first (Spark: the offset log's error)
            raise SparkRuntimeException(
                errorClass="CONCURRENT_STREAM_LOG_UPDATE", messageParameters={"batchId": str(batch)}
            )
        self._log[batch] = entries
        for f in new:
            self._mark_seen(f.uri, f.mtime_ms)
        self._purge()
        return {"logOffset": batch}

    def get_batch(self, start: Offset, end: Offset) -> pa.Table:
        lo = int(start["logOffset"]) if start is not None else -1
        hi = int(end["logOffset"])
        self._require_logged(lo + 1, hi, f"the offset log (logOffset {lo} -> {hi})")
        uris = [self._local(e["path"]) for b in range(lo + 1, hi + 1) for e in self._log[b]]
        return self.scan.read_all(uris, self.data_schema, self.part_schema)

    def commit(self, end: Offset) -> None:
        """``cleanSource``: archive or delete the files of the committed log batch ``end``
        (as Spark's ``FileStreamSource.commit``; each micro-batch adds one log batch)."""
        if self.clean_source == "off":
            return
        hi = int(end["logOffset"])
        lo = self._last_commit if self._last_commit is not None else hi - 1
        for b in range(lo + 1, hi + 1):
            for e in self._log.get(b, []):
                self._clean(self._local(e["path"]))
        self._last_commit = hi

    def _clean(self, uri: str) -> None:
        if not self.scan.store.exists(uri):
            return  # cleaned before a restart
        try:
            if self.clean_source == "delete":
                self.scan.store.delete(uri)
            else:
                fs_path = self.scan.store.to_fs(uri)
                dest = str(self.archive_dir).rstrip("/") + "/" + fs_path.lstrip("/")
                self.scan.store.move(uri, dest)
        except FileNotFoundError:
            pass  # cleaned before a restart
        except OSError as e:
            log.warning("cleanSource=%s could not clean %s: %s", self.clean_source, uri, e)

    def description(self) -> str:
        prefix = "" if "://" in self.path else "file:"
        return f"FileStreamSource[{prefix}{self.path}]"


class CsvStreamSource(FileStreamSource):
    """``readStream.csv(path)``."""

    format = "csv"


class JsonStreamSource(FileStreamSource):
    """``readStream.json(path)``."""

    format = "json"


class ParquetStreamSource(FileStreamSource):
    """``readStream.parquet(path)``."""

    format = "parquet"


class OrcStreamSource(FileStreamSource):
    """``readStream.orc(path)``."""

    format = "orc"
