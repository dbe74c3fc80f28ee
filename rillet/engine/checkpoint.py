"""The checkpoint folder: the only writer of its layout.

Layout (Spark's)::

    <checkpoint>/metadata          {"id": "<query id>"}
    <checkpoint>/offsets/<N>       v1 / {"batchWatermarkMs", "batchTimestampMs", "conf"} / one offset per source
    <checkpoint>/commits/<N>       v1 / {"nextBatchWatermarkMs": ...}
    <checkpoint>/sources/<i>/...   each source's own resume state
    <checkpoint>/sinks/0/...       the sink's own state (file sink's pending batch, ...)
    <checkpoint>/state/<op>/...    state store files

Every file is written to a temporary name, fsynced, then moved into place, so a
crash leaves either the old file or the new one, never a torn one. A log entry
that fails to parse is reported with its path (``CHECKPOINT_FILE_CORRUPT``).

The logs are write-once (Spark's ``createAtomic(overwriteIfPossible = false)``): an
``offsets/N`` or ``commits/N`` that exists is never replaced, so when two runners share a
checkpoint (two processes, or two sessions of one), the second to log a batch fails with
``CONCURRENT_STREAM_LOG_UPDATE`` and nothing is delivered twice. Within one process a
query also claims its checkpoint when it starts (:meth:`Checkpoint.claim`), as Spark's
``StreamingQueryManager`` keeps one active run per query id.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rillet.durability import write_once
from rillet.errors import AnalysisException, SparkRuntimeException

log = logging.getLogger("rillet.engine")

VERSION = "v1"


def concurrent_update(batch_id: int) -> SparkRuntimeException:
    """Spark's error when a log entry another runner of the query wrote first exists."""
    return SparkRuntimeException(
        errorClass="CONCURRENT_STREAM_LOG_UPDATE", messageParameters={"batchId": str(batch_id)}
    )


def _missing(path: str, reason: str) -> AnalysisException:
    return AnalysisException(
        errorClass="CHECKPOINT_FILE_MISSING", messageParameters={"path": path, "reason": reason}
    )


def _corrupt(path: str, reason: str) -> AnalysisException:
    return AnalysisException(
        errorClass="CHECKPOINT_FILE_CORRUPT", messageParameters={"path": path, "reason": reason}
    )


@dataclass
class OffsetSeq:
    """One ``offsets/N`` entry: where each source stood, and the batch's metadata."""

    offsets: list[Any]
    batch_watermark_ms: int = 0
    batch_timestamp_ms: int = 0
    conf: dict[str, str] = field(default_factory=dict)

    def serialize(self) -> str:
        meta = {
            "batchWatermarkMs": self.batch_watermark_ms,
            "batchTimestampMs": self.batch_timestamp_ms,
            "conf": self.conf,
        }
        lines = [VERSION, json.dumps(meta, separators=(",", ":"))]
        lines += [json.dumps(o, separators=(",", ":")) if o is not None else "-" for o in self.offsets]
        return "\n".join(lines)

    @staticmethod
    def parse(text: str, path: str) -> OffsetSeq:
        lines = text.split("\n")
        if len(lines) < 2 or lines[0] != VERSION:
            raise _corrupt(path, f"expected '{VERSION}' then the batch metadata")
        try:
            meta = json.loads(lines[1])
            offsets = [None if ln == "-" else json.loads(ln) for ln in lines[2:]]
        except json.JSONDecodeError as e:
            raise _corrupt(path, f"invalid JSON ({e.msg} at line {e.lineno})") from None
        return OffsetSeq(
            offsets,
            int(meta.get("batchWatermarkMs", 0)),
            int(meta.get("batchTimestampMs", 0)),
            dict(meta.get("conf", {})),
        )


class BatchLog:
    """A folder of numbered entries (``offsets/`` or ``commits/``)."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        os.makedirs(folder, exist_ok=True)
        # every entry below this id is known to be gone (purged by this process): later
        # purges remove the few new ids without listing the folder each batch
        self._purged_below: int | None = None

    def path(self, batch_id: int) -> str:
        return os.path.join(self.folder, str(batch_id))

    def batch_ids(self) -> list[int]:
        return sorted(int(n) for n in os.listdir(self.folder) if n.isdigit())

    def latest(self) -> int | None:
        ids = self.batch_ids()
        return ids[-1] if ids else None

    def read(self, batch_id: int) -> str:
        path = self.path(batch_id)
        try:
            with open(path, encoding="utf-8") as f:
                return f.read()
        except FileNotFoundError:
            raise _missing(path, f"batch {batch_id} is needed to resume the query") from None

    def write(self, batch_id: int, text: str) -> None:
        """Create entry ``batch_id``; if it exists, another runner logged it first: fail."""
        if not write_once(self.path(batch_id), text):
            raise concurrent_update(batch_id)

    def purge(self, keep_from: int) -> None:
        if self._purged_below is None:
            doomed = [b for b in self.batch_ids() if b < keep_from]
        else:
            doomed = list(range(self._purged_below, keep_from))
        for b in doomed:
            try:
                os.remove(self.path(b))
            except FileNotFoundError:
                pass
        self._purged_below = max(keep_from, self._purged_below or 0)


_ACTIVE_LOCK = threading.Lock()
_ACTIVE: dict[str, object] = {}  # checkpoint root (real path) -> the run that holds it


class Checkpoint:
    """A query's checkpoint folder: metadata, offset log, commit log, source and state folders."""

    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)
        os.makedirs(self.root, exist_ok=True)
        self._key = os.path.realpath(self.root)
        self.offsets = BatchLog(os.path.join(self.root, "offsets"))
        self.commits = BatchLog(os.path.join(self.root, "commits"))

    # metadata ---------------------------------------------------------------------
    def query_id(self) -> str:
        """The persistent query id; created on first start, kept across restarts."""
        path = os.path.join(self.root, "metadata")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            try:
                return str(json.loads(text)["id"])
            except (json.JSONDecodeError, KeyError):
                raise _corrupt(path, "expected {\"id\": ...}") from None
        qid = str(uuid.uuid4())
        if not write_once(path, json.dumps({"id": qid}, separators=(",", ":"))):
            return self.query_id()  # a runner starting at the same time wrote it first
        return qid

    # one active run per checkpoint in this process ------------------------------------
    def claim(self, run: object, query_id: str, stop_active_run: bool, stop: Callable[[Any], None]) -> None:
        """Make ``run`` the one active run on this checkpoint in this process (Spark's
        ``StreamingQueryManager.startQuery``). If another run holds it: with
        ``spark.sql.streaming.stopActiveRunOnRestart`` (default) that run is stopped with
        ``stop`` first; without it, Spark's IllegalStateException. Released by :meth:`release`."""
        with _ACTIVE_LOCK:
            old = _ACTIVE.get(self._key)
            if old is None or old is run:
                _ACTIVE[self._key] = run
                return
            if not stop_active_run:
                raise SparkRuntimeException(
                    f"Cannot start query with id {query_id} as another query with same id is already active. "
                    "Perhaps you are attempting to restart a query from checkpoint that is already active. "
                    "You may stop the old query by setting the SQL configuration: "
                    'spark.conf.set("spark.sql.streaming.stopActiveRunOnRestart", true) and retry.'
                )
        log.warning(
            "Stopping existing streaming query [id=%s], as a new run is being started on its checkpoint %s.",
            query_id, self.root,
        )
        stop(old)
        with _ACTIVE_LOCK:
            if _ACTIVE.get(self._key) not in (None, old):
                # a third run claimed it while the old one stopped: Spark's race error
                raise SparkRuntimeException(errorClass="CONCURRENT_QUERY", messageParameters={})
            _ACTIVE[self._key] = run

    def release(self, run: object) -> None:
        with _ACTIVE_LOCK:
            if _ACTIVE.get(self._key) is run:
                del _ACTIVE[self._key]

    def source_path(self, index: int) -> str:
        return os.path.join(self.root, "sources", str(index))

    def state_path(self, operator_id: int) -> str:
        return os.path.join(self.root, "state", str(operator_id))

    def sink_path(self) -> str:
        """The sink's own folder (Spark's ``sinks/0``: a query has one sink)."""
        return os.path.join(self.root, "sinks", "0")

    # logs --------------------------------------------------------------------------
    def check_logs(self) -> None:
        """A commit past the last offset log entry means ``offsets/N`` of a committed batch
        was lost: resuming would re-plan that batch from the sources' current state."""
        last_offsets, last_commit = self.offsets.latest(), self.commits.latest()
        if last_commit is not None and (last_offsets is None or last_commit > last_offsets):
            raise _missing(
                self.offsets.path(last_commit),
                f"commits/{last_commit} exists, so batch {last_commit} ran with offsets that must not be re-planned",
            )

    def read_offsets(self, batch_id: int) -> OffsetSeq:
        return OffsetSeq.parse(self.offsets.read(batch_id), self.offsets.path(batch_id))

    def write_offsets(self, batch_id: int, seq: OffsetSeq) -> None:
        self.offsets.write(batch_id, seq.serialize())

    def read_commit(self, batch_id: int) -> dict[str, Any]:
        path = self.commits.path(batch_id)
        lines = self.commits.read(batch_id).split("\n")
        if len(lines) < 2 or lines[0] != VERSION:
            raise _corrupt(path, f"expected '{VERSION}' then the commit metadata")
        try:
            return dict(json.loads(lines[1]))
        except json.JSONDecodeError as e:
            raise _corrupt(path, f"invalid JSON ({e.msg})") from None

    def write_commit(self, batch_id: int, next_watermark_ms: int, input_watermarks_ms: list[int] | None = None) -> None:
        meta: dict[str, Any] = {"nextBatchWatermarkMs": next_watermark_ms}
        if input_watermarks_ms is not None:
            # rillet's addition (Spark ignores unknown fields): each withWatermark input's own
            # watermark, so a restart resumes the multi-input watermark exactly
            meta["inputWatermarksMs"] = input_watermarks_ms
        body = json.dumps(meta, separators=(",", ":"))
        self.commits.write(batch_id, f"{VERSION}\n{body}")

    def purge(self, min_batches_to_retain: int, latest: int | None = None) -> None:
        """Delete log entries older than the last ``min_batches_to_retain`` batches up to
        ``latest`` (default: the last committed one, found by listing)."""
        if latest is None:
            latest = self.commits.latest()
        if latest is None:
            return
        keep_from = latest - min_batches_to_retain + 1
        if keep_from > 0:
            self.offsets.purge(keep_from)
            self.commits.purge(keep_from)
