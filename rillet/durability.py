"""Whether the files that record a query's progress are fsynced.

Every checkpoint file, state delta, source log entry and file-sink file is written to a
temporary name and renamed into place, so a killed process never leaves a torn file:
exactly-once across process crashes needs no fsync. The fsyncs (on by default) make the
same hold across a power loss or kernel crash, at about 1 ms each on a typical disk --
on a small micro-batch they are half of its time. ``spark.rillet.checkpoint.fsync=false``
turns them off for a query (Spark itself does not fsync on a local file system).

The setting is per query thread: the engine calls :func:`configure` when a query's
thread starts, and every writer on that thread asks :func:`fsync`.
"""

from __future__ import annotations

import os
import threading
import uuid

CONF = "spark.rillet.checkpoint.fsync"

_local = threading.local()


def configure(conf: dict[str, str]) -> None:
    """Set this thread's policy from a query's conf."""
    _local.enabled = str(conf.get(CONF, "true")).strip().lower() != "false"


def enabled() -> bool:
    return getattr(_local, "enabled", True)


def fsync(fd: int) -> None:
    """``os.fsync(fd)`` unless this thread's query turned fsyncs off."""
    if enabled():
        os.fsync(fd)


def fsync_dir(folder: str) -> None:
    """Make a rename inside ``folder`` durable (where the platform allows opening folders)."""
    if not enabled():
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: str, text: str) -> None:
    """Write ``text`` to ``path`` as one step: a hidden temp file in the same folder
    (created if missing), fsynced, renamed into place, the folder fsynced; a reader sees
    the old file or the whole new one, never a torn one. The temp file is removed if the
    write fails."""
    folder, name = os.path.split(path)
    os.makedirs(folder or ".", exist_ok=True)
    tmp = os.path.join(folder, f".{name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    fsync_dir(folder or ".")  # make the rename itself durable
