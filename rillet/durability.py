"""Atomic and write-once writes of the files that record a query's progress, and whether they are fsynced.

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

import errno
import logging
import os
import threading
import uuid
from collections.abc import Mapping
from typing import Any

log = logging.getLogger("rillet.durability")

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


def _write_synced(path: str, text: str) -> None:
    """Write a new file and fsync it (if fsyncs are on) before anyone may see its name."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        fsync(f.fileno())


def write_atomic(path: str, text: str) -> None:
    """Write ``text`` to ``path`` as one step: a hidden temp file in the same folder
    (created if missing), fsynced, renamed into place, the folder fsynced; a reader sees
    the old file or the whole new one, never a torn one. The temp file is removed if the
    write fails."""
    folder, name = os.path.split(path)
    os.makedirs(folder or ".", exist_ok=True)
    tmp = os.path.join(folder, f".{name}.{uuid.uuid4().hex}.tmp")
    try:
        _write_synced(tmp, text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    fsync_dir(folder or ".")  # make the rename itself durable


# errnos of a file system that cannot hard-link (FAT, some FUSE and SMB mounts): write-once
# then falls back to check-then-rename, which is not safe against a concurrent writer
_NO_LINK = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS, errno.EMLINK}
_warned_no_link: set[str] = set()


def write_once(path: str, text: str) -> bool:
    """Create ``path`` with ``text`` only if it does not exist; False if it did (nothing is
    written then). Spark's ``createAtomic(overwriteIfPossible = false)`` for log entries:
    a second writer of the same entry (another runner of the query) loses, and the entry
    appears with its whole content or not at all.

    The content goes to a hidden temp file (fsynced), which is then hard-linked to
    ``path``: ``link`` fails with EEXIST if ``path`` exists, atomically, so of two
    concurrent writers exactly one wins. On a file system without hard links the entry
    is checked, then renamed into place: atomic, but two concurrent writers may both win.
    """
    folder, name = os.path.split(path)
    folder = folder or "."
    os.makedirs(folder, exist_ok=True)
    if os.path.lexists(path):
        return False  # cheap pre-check; the link below is the real test
    tmp = os.path.join(folder, f".{name}.{uuid.uuid4().hex}.tmp")
    try:
        _write_synced(tmp, text)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError as e:
            if e.errno not in _NO_LINK:
                raise
            if folder not in _warned_no_link:
                _warned_no_link.add(folder)
                log.warning(
                    "%s does not support hard links: log entries there are written check-then-rename, "
                    "so a second runner of the same query is not detected reliably", folder,
                )
            if os.path.lexists(path):
                return False
            os.replace(tmp, path)
    finally:
        if os.path.lexists(tmp):
            os.remove(tmp)
    fsync_dir(folder)  # make the new name durable
    return True


def s3_put_if_absent(options: Mapping[str, Any], bucket: str, key: str, data: bytes) -> bool | None:
    """PutObject with ``If-None-Match: *`` (S3's conditional write, also MinIO's and moto's):
    the object is created whole, or not at all if it exists (False). None if boto3 is not
    installed, so the caller falls back to check-then-put. ``options`` are the S3 client's
    settings (``endpoint_url``, ``aws_access_key_id``, ``aws_secret_access_key``,
    ``aws_session_token``, ``region_name``); unset ones come from the environment."""
    try:
        import boto3
        from botocore.exceptions import ClientError
    except ImportError:
        return None
    client = _s3_client(boto3, tuple(sorted((k, v) for k, v in options.items() if v is not None)))
    try:
        client.put_object(Bucket=bucket, Key=key, Body=data, IfNoneMatch="*")
    except ClientError as e:
        status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        code = e.response.get("Error", {}).get("Code")
        # 412: the object exists; 409: a concurrent conditional write to the key is in flight
        if status in (409, 412) or code in ("PreconditionFailed", "ConditionalRequestConflict"):
            return False
        raise
    return True


_clients: dict[tuple[tuple[str, Any], ...], Any] = {}
_clients_lock = threading.Lock()


def _s3_client(boto3: Any, key: tuple[tuple[str, Any], ...]) -> Any:
    # one client per settings: making a boto3 client costs ~50 ms, a log entry is written per batch
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = _clients[key] = boto3.session.Session().client("s3", **dict(key))
        return client
