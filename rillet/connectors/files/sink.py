"""The streaming file sinks (``parquet``, ``csv``, ``json``, ``text``): Spark's exactly-once
``FileStreamSink`` over the file writing of :mod:`.writer` (shared with the batch ``df.write``).

A streaming batch is exactly-once as in Spark's ``FileStreamSink``: ``add_batch(N)``

1. skips ``N`` if the manifest (``<path>/_spark_metadata``) already holds batch ``N``
   (a batch re-run after a crash writes nothing new);
2. records the batch as pending in the sink's checkpoint folder, then writes its rows to
   new files with unique names (``part-00000-<uuid>-c000.snappy.parquet``; Hive-style
   ``key=value`` folders under ``partitionBy``);
3. commits ``N`` to the manifest atomically. Files of a batch that crashed before step 3
   are listed nowhere, so readers, which read the manifest, never see them; the next
   start deletes them.

The output folder may be an object store URI (``s3://bucket/prefix``, ``s3a://``; the
``fs.s3a.*`` options as for the file source). Files are then PUT whole, the manifest
entries name them by URI, and the checkpoint (with the pending record) stays local.

Values are written as Spark writes them (:mod:`.encoding`): csv without a header unless
``header`` is set, quoted only when needed; json one object per line with null fields
omitted; timestamps in the session time zone; doubles as Java prints them (``1.0E20``).
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from typing import Any

import pyarrow as pa

from rillet.connectors.base import Sink, SinkContext, option_str
from rillet.connectors.files.encoding import check_partition_columns
from rillet.connectors.files.fs import FileStore
from rillet.connectors.files.manifest import (
    FileSinkLog,
    LogRetention,
    file_entry,
    is_remote,
    log_conf_keys,
)
from rillet.connectors.files.write_options import S3_SESSION_KEYS, TIME_ZONE_KEY, WriteOptions
from rillet.connectors.files.writer import write_files
from rillet.durability import write_atomic
from rillet.errors import AnalysisException, IllegalArgumentException, SparkRuntimeException


class FileStreamSink(Sink):
    """``writeStream.format(<file format>).option("path", ...)``: exactly-once file output
    committed batch by batch to ``<path>/_spark_metadata`` (see the module docstring).

    Before a batch writes, its id and the UUID in its file names are recorded in the
    sink's checkpoint folder (``sinks/0/pending``); if the process dies before the batch
    reaches the manifest, the next start deletes exactly those files (readers never saw
    them anyway)."""

    format = "parquet"
    output_modes = ("append",)
    session_confs = (TIME_ZONE_KEY, *log_conf_keys("fileSink"), *S3_SESSION_KEYS)

    def __init__(self, ctx: SinkContext) -> None:
        if not ctx.path:
            raise IllegalArgumentException(
                "'path' is not specified.", errorClass="_LEGACY_ERROR_TEMP_2047", messageParameters={}
            )
        self.store: FileStore | None = None  # None: a local folder
        if is_remote(ctx.path):
            self.store = FileStore(ctx.path, ctx.options)
            self.path = ctx.path.rstrip("/")
        else:
            self.path = os.path.abspath(ctx.path)
        tz = option_str(ctx.options, TIME_ZONE_KEY, "UTC") or "UTC"
        self.options = WriteOptions.parse(self.format, ctx.options, tz)
        self.partition_by = check_partition_columns(ctx.schema, ctx.partition_by)
        retention = LogRetention.from_conf(ctx.options, "fileSink")
        if self.store is None:
            os.makedirs(self.path, exist_ok=True)
        self.log = FileSinkLog(self.path, retention.compact_interval, store=self.store, retention=retention)
        self._pending = os.path.join(ctx.metadata_path, "pending") if ctx.metadata_path else None
        # read at the first batch, once this run owns the checkpoint: a run being replaced
        # on it (stopActiveRunOnRestart) may still be committing its last batch
        self._latest: int | None = None
        self._orphans: dict[str, Any] | None = None

    def _recover(self) -> int:
        """The last committed batch, and the pending record of a batch that was writing
        when the process died (its files are deleted once this run commits that batch)."""
        self._latest = latest = self.log.latest_batch_id()
        if self._pending is None:
            return latest
        try:
            with open(self._pending, encoding="utf-8") as f:
                record = json.load(f)
        except (FileNotFoundError, json.JSONDecodeError):
            return latest  # none (the record is written atomically, so never torn)
        if int(record["batchId"]) > latest:
            self._orphans = record
        return latest

    def _remove_orphans(self, job: str) -> None:
        """Delete the files of batch job ``job`` (a run that died, or lost, before its manifest entry)."""
        if self.store is not None:
            for uri in self.store.walk_files(self.path):
                if uri.rsplit("/", 1)[-1].startswith("part-") and job in uri.rsplit("/", 1)[-1]:
                    self.store.delete(uri)
            return
        for root, dirs, names in os.walk(self.path):
            dirs[:] = [d for d in dirs if not d.startswith(("_", "."))]
            for name in names:
                if name.startswith("part-") and job in name:
                    with contextlib.suppress(FileNotFoundError):
                        os.remove(os.path.join(root, name))

    def add_batch(self, batch_id: int, table: pa.Table, mode: str) -> None:
        if mode != "append":
            raise unsupported_output_mode(self.format, mode)
        latest = self._latest if self._latest is not None else self._recover()
        if batch_id <= latest:
            return  # committed before a crash: the re-run writes nothing new
        job = uuid.uuid4()
        if self._pending is not None:
            os.makedirs(os.path.dirname(self._pending), exist_ok=True)
            write_atomic(self._pending, json.dumps({"batchId": batch_id, "job": str(job)}))
        files = write_files(table, self.path, self.options, self.partition_by, job=job, store=self.store)
        if not self.log.add(batch_id, [file_entry(f, self.store) for f in files]):
            # another runner of the query committed this batch id first: ours are orphans,
            # and this runner stops (Spark's ManifestFileCommitProtocol)
            self._remove_orphans(str(job))
            raise SparkRuntimeException(f"Race while writing batch {batch_id}")
        self._latest = batch_id
        if self._orphans is not None and int(self._orphans["batchId"]) <= batch_id:
            # this run committed the batch a dead run was writing: that run's files are orphans
            # (deleted only now: while it might still be alive, they might have been its commit)
            self._remove_orphans(str(self._orphans["job"]))
            self._orphans = None
        if self._pending is not None:
            with contextlib.suppress(FileNotFoundError):  # a second runner may have taken it
                os.remove(self._pending)

    def description(self) -> str:
        return f"FileSink[{self.path}]" if self.store is not None else f"FileSink[file:{self.path}]"


def unsupported_output_mode(fmt: str, mode: str) -> AnalysisException:
    return AnalysisException(
        errorClass="STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE",
        messageParameters={"className": fmt, "outputMode": mode},
    )


class ParquetStreamSink(FileStreamSink):
    format = "parquet"


class CsvStreamSink(FileStreamSink):
    format = "csv"


class JsonStreamSink(FileStreamSink):
    format = "json"


class TextStreamSink(FileStreamSink):
    format = "text"
