"""The file connectors' metadata logs: the file sink's manifest (Spark's ``FileStreamSinkLog``
under ``<path>/_spark_metadata``) and the file source's seen-files log (``FileStreamSourceLog``
under ``<checkpoint>/sources/<i>``), both Spark's ``CompactibleFileStreamLog``.

Batch ``N`` of a file sink is committed by writing ``_spark_metadata/N``: the line
``v1`` then one JSON object per file the batch wrote (``path`` as a ``file://`` URI,
``size``, ``isDir``, ``modificationTime``, ``blockReplication``, ``blockSize``,
``action`` = ``"add"``). Every ``compactInterval``-th batch is written instead as
``N.compact``, holding the entries of all batches up to ``N``. A file that is not
listed is not part of the output: readers (ours and Spark's) list the log, never
the folder, so the files of a batch that crashed before its log entry are invisible.
The format is Spark's, so either engine reads the other's output.

On object storage (``s3://bucket/prefix``, through :class:`FileStore`) the entries name
the objects by their ``s3://`` URIs, and a batch file is written as the final object at
once (an S3 PUT is atomic), never over an existing one: the log is write-once per batch id.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlparse

import pyarrow as pa
import pyarrow.parquet as pq

from rillet.connectors.base import Offset, ReadLimit, Source, SourceContext
from rillet.connectors.files.fs import S3_SCHEMES, FileStatus, FileStore, is_glob
from rillet.durability import write_once
from rillet.errors import AnalysisException, IllegalArgumentException

METADATA_DIR = "_spark_metadata"
VERSION = "v1"
COMPACT_SUFFIX = ".compact"
HIVE_DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # the folder of a null partition value
_BLOCK_SIZE = 33554432  # what Hadoop's local file system reports, as in Spark's entries

# Characters ``java.net.URI`` quotes in a path: everything outside RFC 2396's legal
# path characters (non-ASCII letters are legal "other" characters and stay as they are).
_URI_ILLEGAL = re.compile(r"[\x00-\x20\"#%<>\[\\\]^`{|}\x7f]")


def path_to_uri(path: str) -> str:
    """``/tmp/a b/x`` -> ``file:///tmp/a%20b/x``, as Hadoop's ``Path.toUri`` spells it."""
    absolute = os.path.abspath(path)
    return "file://" + _URI_ILLEGAL.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), absolute)


def uri_to_path(uri: str) -> str:
    """A manifest ``path`` (``file:///x``, ``file:/x`` or a plain path) as a local path."""
    if uri.startswith("file:"):
        return unquote(urlparse(uri).path)
    return uri


def is_remote(path: str) -> bool:
    """True for an object store URI (``s3://``, ``s3a://``, ``s3n://``), False for a local path."""
    return path.lower().startswith(S3_SCHEMES)


def metadata_dir(path: str) -> str:
    return os.path.join(path, METADATA_DIR)


def has_metadata(path: str, store: FileStore | None = None) -> bool:
    """True if ``path`` is a file sink's output folder (Spark's ``FileStreamSink.hasMetadata``)."""
    if store is not None and store.scheme:
        return store.is_dir(metadata_dir(path))
    return os.path.isdir(metadata_dir(path))


def files_for_read(path: str, options: Mapping[str, str] | None = None) -> list[str] | None:
    """The data files a reader of ``path`` must read: the manifest's entries if ``path``
    is a file sink's output folder, in the order they were committed; None if it is not
    (then the reader lists the folder as usual). ``s3://`` paths are read through a
    :class:`FileStore` made with ``options`` (the ``fs.s3a.*`` settings)."""
    if is_remote(path):
        store = FileStore(path, options or {})
        path = path.rstrip("/")
        if not store.is_dir(path) or not has_metadata(path, store):
            return None
        return [e["path"] for e in FileSinkLog(path, store=store).all_files()]
    if not os.path.isdir(path) or not has_metadata(path):
        return None
    return [uri_to_path(e["path"]) for e in FileSinkLog(path).all_files()]


def committed_statuses(path: str, store: FileStore) -> list[FileStatus] | None:
    """The files of a file sink's output folder as a file source lists them (Spark's
    ``MetadataLogFileIndex``): the manifest's entries with their size and modification
    time; None if ``path`` is not a sink's output folder (or is a glob)."""
    if is_glob(path):
        return None
    root = path.rstrip("/") if store.scheme else store.to_fs(path)
    if not store.is_dir(root) or not has_metadata(root, store):
        return None
    return [
        FileStatus(e["path"] if store.scheme else uri_to_path(e["path"]), int(e.get("size", 0)),
                   int(e.get("modificationTime", 0)))
        for e in FileSinkLog(root, store=store).all_files()
    ]


def file_entry(path: str, store: FileStore | None = None) -> dict[str, Any]:
    """The manifest entry of a data file just written (Spark's ``SinkFileStatus``)."""
    if store is not None and store.scheme:
        status = store.stat(path)
        uri, size, mtime = path, status.size, status.mtime_ms
    else:
        st = os.stat(path)
        uri, size, mtime = path_to_uri(path), st.st_size, int(st.st_mtime * 1000)
    return {
        "path": uri,
        "size": size,
        "isDir": False,
        "modificationTime": mtime,
        "blockReplication": 1,
        "blockSize": _BLOCK_SIZE,
        "action": "add",
    }


def derive_compact_interval(default: int, latest_compact_batch_id: int) -> int:
    """Spark's ``CompactibleFileStreamLog.deriveCompactInterval``: the interval a log with one
    compact file at ``latest_compact_batch_id`` was written with: the smallest divisor of
    ``latest_compact_batch_id + 1`` at least ``default``."""
    n = latest_compact_batch_id + 1
    if n <= default or default >= n // 2:
        return n
    return next((i for i in range(default, n // 2 + 1) if n % i == 0), n)


def _duration_ms(text: str, key: str) -> int:
    """Spark's time confs (``10m``, ``30s``, ``100ms``; a plain number is milliseconds)."""
    m = re.fullmatch(r"\s*(\d+)\s*([a-z]*)\s*", text.lower())
    units = {"us": 0.001, "ms": 1, "s": 1000, "sec": 1000, "m": 60_000, "min": 60_000, "h": 3_600_000,
             "d": 86_400_000}
    if not m or (m.group(2) and m.group(2) not in units):
        raise IllegalArgumentException(f"Invalid value '{text}' for {key}: expected a time like 10m, 30s or 100ms.")
    return int(int(m.group(1)) * units[m.group(2) or "ms"])


@dataclass(frozen=True)
class LogRetention:
    """How a compactible log keeps its files (Spark's session confs, by log kind):
    ``compactInterval``, whether old batch files are deleted once a compact file
    covers them (``log.deletion``), how long they stay visible first
    (``log.cleanupDelay``), and ``spark.sql.streaming.minBatchesToRetain``."""

    compact_interval: int = 10
    deletion: bool = True
    cleanup_delay_ms: int = 600_000
    min_batches_to_retain: int = 100

    @staticmethod
    def from_conf(conf: Mapping[str, Any], kind: str) -> LogRetention:
        """``kind`` is ``fileSource`` or ``fileSink``: ``spark.sql.streaming.<kind>.log.*``."""
        prefix = f"spark.sql.streaming.{kind}.log."

        def get(key: str) -> str | None:
            value = conf.get(key)
            return None if value is None else str(value).strip()

        interval_text = get(prefix + "compactInterval") or "10"
        if not interval_text.lstrip("-").isdigit() or int(interval_text) < 1:
            raise IllegalArgumentException(
                f"requirement failed: Please set {prefix}compactInterval (was {interval_text}) to a positive value."
            )
        deletion = (get(prefix + "deletion") or "true").lower()
        if deletion not in ("true", "false"):
            raise IllegalArgumentException(f"{prefix}deletion should be boolean, but was {deletion}")
        retain = get(MIN_BATCHES_TO_RETAIN_KEY) or "100"
        if not retain.isdigit() or int(retain) < 1:
            raise IllegalArgumentException(f"{MIN_BATCHES_TO_RETAIN_KEY} must be a positive integer, got {retain}.")
        return LogRetention(
            int(interval_text), deletion == "true",
            _duration_ms(get(prefix + "cleanupDelay") or "10m", prefix + "cleanupDelay"), int(retain),
        )


MIN_BATCHES_TO_RETAIN_KEY = "spark.sql.streaming.minBatchesToRetain"


def log_conf_keys(kind: str) -> tuple[str, ...]:
    """The session confs a ``fileSource``/``fileSink`` log reads (see :class:`LogRetention`)."""
    prefix = f"spark.sql.streaming.{kind}.log."
    return (prefix + "compactInterval", prefix + "deletion", prefix + "cleanupDelay", MIN_BATCHES_TO_RETAIN_KEY)


class CompactibleFileStreamLog:
    """Spark's ``CompactibleFileStreamLog``: one file per batch, ``<dir>/N`` (``v1`` then
    one JSON object per line); every ``compact_interval``-th batch is written as
    ``N.compact`` instead, holding the entries of all batches up to ``N``.

    ``add(N, entries)``: 1. create batch ``N`` write-once (temp file, fsync, hard link; on
    S3 one conditional PUT of the final object), never over an existing one; 2. when deletion is on,
    delete the batch files older than the compact file that keeps
    ``min_batches_to_retain`` batches readable, once they are ``cleanup_delay_ms`` old.
    Readers take the latest compact file and the batch files after it, so a deleted
    file is never missed. The interval of an existing log is the one it was written
    with (from its compact files), whatever the configured one.
    """

    def __init__(self, directory: str, retention: LogRetention | None = None, store: FileStore | None = None) -> None:
        self.retention = retention or LogRetention()
        if self.retention.compact_interval < 1:
            raise IllegalArgumentException(
                f"The compact interval of {directory} must be a positive integer, got {self.retention.compact_interval}."
            )
        self.dir = directory
        self.store = store if store is not None and store.scheme else None  # None: local files
        self.compact_interval = self._determine_interval(self.retention.compact_interval)

    # -- layout --------------------------------------------------------------------------
    def _names(self) -> list[str]:
        if self.store is not None:
            return self.store.list_names(self.dir)
        try:
            return os.listdir(self.dir)
        except FileNotFoundError:
            return []

    def _batch_ids(self) -> dict[int, bool]:
        """Batch id -> is a compact file, for every committed batch file present."""
        ids: dict[int, bool] = {}
        for name in self._names():
            if name.isdigit():
                ids.setdefault(int(name), False)
            elif name.endswith(COMPACT_SUFFIX) and name[: -len(COMPACT_SUFFIX)].isdigit():
                ids[int(name[: -len(COMPACT_SUFFIX)])] = True
        return ids

    def _determine_interval(self, default: int) -> int:
        compacts = sorted((b for b, c in self._batch_ids().items() if c), reverse=True)
        if len(compacts) >= 2:
            return compacts[0] - compacts[1]
        if len(compacts) == 1:
            return derive_compact_interval(default, compacts[0])
        return default

    def is_compaction_batch(self, batch_id: int) -> bool:
        return (batch_id + 1) % self.compact_interval == 0

    def _file(self, batch_id: int, compact: bool) -> str:
        return os.path.join(self.dir, f"{batch_id}{COMPACT_SUFFIX if compact else ''}")

    def latest_batch_id(self) -> int:
        """The last committed batch id, -1 if none."""
        ids = self._batch_ids()
        return max(ids) if ids else -1

    def _read(self, batch_id: int, compact: bool) -> list[dict[str, Any]]:
        name = self._file(batch_id, compact)
        if self.store is not None:
            lines = self.store.read(name).decode("utf-8").split("\n")
        else:
            with open(name, encoding="utf-8") as f:
                lines = f.read().split("\n")
        if not lines or lines[0].strip() != VERSION:
            raise AnalysisException(
                errorClass="CHECKPOINT_FILE_CORRUPT",
                messageParameters={"path": name, "reason": f"expected a '{VERSION}' header"},
            )
        entries = []
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as e:
                entry, reason = None, f"invalid JSON at line {number} ({e.msg})"
            else:
                reason = f"line {number} is not a JSON object with a 'path'"
            if not isinstance(entry, dict) or "path" not in entry:
                # a torn or damaged entry: never guess which files the batch had
                raise AnalysisException(
                    errorClass="CHECKPOINT_FILE_CORRUPT", messageParameters={"path": name, "reason": reason}
                )
            entries.append(entry)
        return entries

    def missing_batches(self, upto: int) -> list[int]:
        """The batch ids up to ``upto`` whose entries are in no file (lost or deleted)."""
        ids = self._batch_ids()
        compacts = [b for b in ids if ids[b] and b <= upto]
        first = max(compacts) + 1 if compacts else 0
        return [b for b in range(first, upto + 1) if b not in ids]

    # -- reading -------------------------------------------------------------------------
    def compact_logs(self, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """What a compact file keeps of the entries before it (all of them, by default)."""
        return entries

    def entries_as_of(self, batch_id: int) -> list[dict[str, Any]]:
        """Every entry up to batch ``batch_id``: the latest compact file at or before it plus
        each later batch file up to it, in batch order."""
        ids = self._batch_ids()
        upto = sorted(b for b in ids if b <= batch_id)
        compacts = [b for b in upto if ids[b]]
        start = compacts[-1] if compacts else -1
        entries: list[dict[str, Any]] = self._read(start, True) if start >= 0 else []
        for b in upto:
            if b > start:
                entries.extend(self._read(b, ids[b]))
        return entries

    # -- writing -------------------------------------------------------------------------
    def add(self, batch_id: int, entries: Iterable[dict[str, Any]]) -> bool:
        """Commit batch ``batch_id`` with ``entries``; on a compaction batch, write
        ``N.compact`` with every entry so far instead (Spark's layout), then delete the
        expired batch files. An existing batch file is never replaced (write-once: a hard
        link locally, a conditional PUT on S3): False if batch ``batch_id`` was there, i.e.
        another runner of the query logged it first."""
        new = list(entries)
        compact = self.is_compaction_batch(batch_id)
        rows = self.compact_logs(self.entries_as_of(batch_id - 1) + new) if compact else new
        text = VERSION + "".join("\n" + json.dumps(e, separators=(",", ":")) for e in rows)
        if batch_id in self._batch_ids():
            return False
        if self.store is not None:
            created = self.store.write_once(self._file(batch_id, compact), text.encode("utf-8"))
        else:
            created = write_once(self._file(batch_id, compact), text)
        if not created:
            return False
        if self.retention.deletion:
            self.delete_expired(batch_id)
        return True

    def delete_expired(self, current_batch_id: int) -> None:
        """Spark's ``deleteExpiredLog``: the batch files before the compact file that keeps
        ``min_batches_to_retain`` batches readable go, once ``cleanup_delay_ms`` old (a
        reader listing the folder meanwhile still finds the compact file)."""
        min_batch_id = current_batch_id + 1 - self.retention.min_batches_to_retain
        if self.compact_interval > min_batch_id:
            return
        min_compaction = min_batch_id - (min_batch_id % self.compact_interval) - 1
        expired = time.time() * 1000 - self.retention.cleanup_delay_ms
        for batch_id, compact in self._batch_ids().items():
            if batch_id >= min_compaction:
                continue
            name = self._file(batch_id, compact)
            try:
                if self.store is not None:
                    if self.store.stat(name).mtime_ms <= expired:
                        self.store.delete(name)
                    continue
                if os.stat(name).st_mtime * 1000 <= expired:
                    os.remove(name)
                    crc = os.path.join(self.dir, f".{os.path.basename(name)}.crc")  # Hadoop's checksum
                    if os.path.exists(crc):
                        os.remove(crc)
            except FileNotFoundError:
                pass  # deleted by another writer meanwhile


class FileSinkLog(CompactibleFileStreamLog):
    """``<path>/_spark_metadata``: which files each committed batch of a file sink wrote
    (Spark's ``FileStreamSinkLog``). A batch id at or below ``latest_batch_id()`` is
    already committed and must not be added again."""

    def __init__(
        self, path: str, compact_interval: int = 10, store: FileStore | None = None,
        retention: LogRetention | None = None,
    ) -> None:
        if compact_interval < 1:
            raise IllegalArgumentException(
                "spark.sql.streaming.fileSink.log.compactInterval must be a positive integer, "
                f"got {compact_interval}."
            )
        self.path = path
        retention = retention or LogRetention(compact_interval=compact_interval)
        super().__init__(metadata_dir(path), retention, store)

    def compact_logs(self, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Spark's ``FileStreamSinkLog.compactLogs``: deleted files (and repeats) dropped."""
        deleted = {e["path"] for e in entries if e.get("action") == "delete"}
        seen: set[str] = set()
        live = []
        for e in entries:
            if e.get("action", "add") != "add" or e["path"] in deleted or e["path"] in seen:
                continue
            seen.add(e["path"])
            live.append(e)
        return live

    def files_as_of(self, batch_id: int) -> list[dict[str, Any]]:
        """The live files after batch ``batch_id``."""
        return self.compact_logs(self.entries_as_of(batch_id))

    def all_files(self) -> list[dict[str, Any]]:
        return self.files_as_of(self.latest_batch_id())


class FileStreamSourceLog(CompactibleFileStreamLog):
    """``<checkpoint>/sources/<i>``: the files a file stream source admitted, one entry
    ``{"path", "timestamp", "batchId"}`` per file (Spark's ``FileStreamSourceLog``; a
    compact file keeps every entry, each still naming its batch)."""

    def restore(self) -> dict[int, list[dict[str, Any]]]:
        """Every logged batch's entries, by batch id."""
        batches: dict[int, list[dict[str, Any]]] = {}
        ids = self._batch_ids()
        compacts = sorted(b for b, c in ids.items() if c)
        start = compacts[-1] if compacts else -1
        if start >= 0:
            for e in self._read(start, True):
                batches.setdefault(int(e.get("batchId", start)), []).append(e)
            batches.setdefault(start, [])
        for b in sorted(ids):
            if b > start:
                batches[b] = [e for e in self._read(b, ids[b]) if int(e.get("batchId", b)) == b]
        return batches


# ---------------------------------------------------------------------------
# reading a sink's output (managed tables written by ``toTable``)

def partition_values(base: str, file: str) -> dict[str, str | None]:
    """The ``key=value`` folders between ``base`` and ``file``, unescaped
    (``__HIVE_DEFAULT_PARTITION__`` is null)."""
    rel = os.path.relpath(os.path.dirname(os.path.abspath(file)), os.path.abspath(base))
    values: dict[str, str | None] = {}
    if rel == ".":
        return values
    for part in rel.split(os.sep):
        key, sep, raw = part.partition("=")
        if not sep:
            continue
        value = unquote(raw)
        values[unquote(key)] = None if value == HIVE_DEFAULT_PARTITION else value
    return values


def read_files(base: str, files: list[str], fmt: str, schema: pa.Schema) -> pa.Table:
    """Read ``files`` (parquet or text) under ``base`` as ``schema``: columns taken from the
    files by name, partition columns from the ``key=value`` folders, cast to their types."""
    if fmt not in ("parquet", "text"):
        raise AnalysisException(
            errorClass="NOT_IMPLEMENTED",
            messageParameters={"feature": f"Reading a '{fmt}' file sink table as a stream"},
        )
    tables = []
    for f in files:
        if fmt == "parquet":
            part = pq.read_table(f)
        else:
            with open(f, "rb") as fh:
                lines = fh.read().decode("utf-8", errors="replace").split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            part = pa.table({schema.field(0).name: pa.array(lines, pa.large_string())})
        n = part.num_rows
        keys = partition_values(base, f)
        columns = []
        for field in schema:
            if field.name in part.column_names:
                columns.append(part.column(field.name).cast(field.type))
            elif field.name in keys:
                columns.append(pa.array([keys[field.name]] * n, pa.large_string()).cast(field.type))
            else:
                columns.append(pa.nulls(n, field.type))
        tables.append(pa.table(columns, schema=schema))
    return pa.concat_tables(tables) if tables else schema.empty_table()


class FileSinkLogSource(Source):
    """A stream of the files a file sink commits: ``spark.readStream.table(name)`` of a
    table written by ``toTable``. Batch ``N`` of the sink's manifest is the offset
    ``{"logOffset": N}``; ``get_batch(a, b)`` reads the files committed after ``a`` up to
    ``b``, so a re-run batch reads the same files and never an uncommitted one."""

    name = "file-sink-log"

    @staticmethod
    def source_schema(options: Mapping[str, str], user_schema: pa.Schema | None) -> pa.Schema:
        if user_schema is None:
            raise AnalysisException(
                errorClass="UNABLE_TO_INFER_SCHEMA", messageParameters={"format": "Parquet"},
            )
        return user_schema

    def __init__(self, ctx: SourceContext) -> None:
        path = ctx.path or ctx.options.get("path")
        if not path:
            raise IllegalArgumentException(
                "'path' is not specified.", errorClass="_LEGACY_ERROR_TEMP_2047", messageParameters={}
            )
        self.path = os.path.abspath(path)
        self.format = str(ctx.options.get("format", "parquet")).lower()
        self._schema = self.source_schema(ctx.options, ctx.schema)
        self._cap: int | None = None

    def schema(self) -> pa.Schema:
        return self._schema

    def initial_offset(self) -> Offset:
        return {"logOffset": -1}

    def _latest(self) -> int:
        return FileSinkLog(self.path).latest_batch_id()

    def latest_offset(self, start: Offset, limit: ReadLimit) -> Offset:
        latest = self._latest()
        return {"logOffset": latest if self._cap is None else min(latest, self._cap)}

    def prepare_for_available_now(self) -> None:
        self._cap = self._latest()

    def get_batch(self, start: Offset, end: Offset) -> pa.Table:
        log = FileSinkLog(self.path)
        lo = int(start["logOffset"]) if start is not None else -1
        before = {e["path"] for e in log.files_as_of(lo)} if lo >= 0 else set()
        new = [uri_to_path(e["path"]) for e in log.files_as_of(int(end["logOffset"])) if e["path"] not in before]
        return read_files(self.path, new, self.format, self._schema)

    def description(self) -> str:
        return f"FileStreamSource[file:{self.path}]"
