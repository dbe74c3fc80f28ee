"""Where files live: local paths and object stores (``s3://``, ``s3a://``) through ``pyarrow.fs``.

S3 settings are read the way Spark users write them, as options
``fs.s3a.endpoint``, ``fs.s3a.access.key``, ``fs.s3a.secret.key``,
``fs.s3a.endpoint.region``, ``fs.s3a.connection.ssl.enabled`` (also with a
``spark.hadoop.`` prefix), falling back to the ``AWS_*`` environment variables.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Mapping
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.fs as pafs

from rillet import durability
from rillet.connectors.base import option_str

S3_SCHEMES = ("s3://", "s3a://", "s3n://")


@dataclass(frozen=True)
class FileStatus:
    """One listed file: its URI (what the source log records), size and modification time."""

    uri: str
    size: int
    mtime_ms: int


def _hadoop(options: Mapping[str, str], key: str) -> str | None:
    return option_str(options, key) or option_str(options, f"spark.hadoop.{key}")


def is_glob(path: str) -> bool:
    return any(ch in path for ch in "*?[{")


class FileStore:
    """A file system plus the URI form of its paths (``/abs/path`` locally, ``s3://b/k`` on S3)."""

    def __init__(self, path: str, options: Mapping[str, str]) -> None:
        lowered = path.lower()
        self.scheme = ""
        self.options = dict(options)
        if lowered.startswith(S3_SCHEMES):
            self.scheme = path[: path.index("://") + 3]
            self.fs: pafs.FileSystem = _s3(options)
        else:
            self.fs = pafs.LocalFileSystem()

    # -- paths ------------------------------------------------------------------------
    def to_fs(self, uri: str) -> str:
        if self.scheme and uri.startswith(self.scheme):
            return uri[len(self.scheme):]
        if uri.startswith("file://"):
            uri = uri[len("file://"):]
        return os.path.abspath(uri) if not self.scheme else uri

    def to_uri(self, fs_path: str) -> str:
        return f"{self.scheme}{fs_path}" if self.scheme else fs_path

    # -- operations -----------------------------------------------------------------
    def exists(self, uri: str) -> bool:
        if is_glob(uri):
            return True
        return self.fs.get_file_info(self.to_fs(uri)).type != pafs.FileType.NotFound

    def is_dir(self, uri: str) -> bool:
        return self.fs.get_file_info(self.to_fs(uri)).type == pafs.FileType.Directory

    def read(self, uri: str) -> bytes:
        if self.is_local:
            # a random-access file reads its known size in one call; an input stream reads in
            # chunks and joins them (7 ms against 0.25 ms for a 6 MB file)
            with self.fs.open_input_file(self.to_fs(uri)) as f:
                return f.read()
        with self.fs.open_input_stream(self.to_fs(uri)) as f:
            return f.read()

    def delete(self, uri: str) -> None:
        self.fs.delete_file(self.to_fs(uri))

    def move(self, uri: str, dest_uri: str) -> None:
        dest = self.to_fs(dest_uri)
        self.fs.create_dir(dest.rsplit("/", 1)[0], recursive=True)
        self.fs.move(self.to_fs(uri), dest)

    # -- writing (the file sink) -------------------------------------------------------
    @property
    def is_local(self) -> bool:
        return not self.scheme

    def makedirs(self, uri: str) -> None:
        """Create a folder and its parents (a no-op on S3, where folders are key prefixes)."""
        if self.is_local:
            os.makedirs(self.to_fs(uri), exist_ok=True)

    def open_output(self, uri: str) -> pa.NativeFile:
        """A new object/file at ``uri``, written in full when closed (an S3 PUT is atomic:
        the object appears whole on close, or not at all)."""
        return self.fs.open_output_stream(self.to_fs(uri))

    def write_bytes(self, uri: str, data: bytes) -> None:
        with self.open_output(uri) as f:
            f.write(data)

    def write_once(self, uri: str, data: bytes) -> bool:
        """Create ``uri`` with ``data`` unless it exists (False then): a log entry that a second
        runner of the query must not overwrite. Locally a hard link of a temp file; on S3 a
        conditional PutObject (``If-None-Match: *``), or check-then-put without boto3."""
        if self.is_local:
            return durability.write_once(self.to_fs(uri), data.decode("utf-8"))
        bucket, _, key = self.to_fs(uri).partition("/")
        created = durability.s3_put_if_absent(_boto3_settings(self.options), bucket, key, data)
        if created is not None:
            return created
        if self.exists(uri):
            return False
        self.write_bytes(uri, data)
        return True

    def stat(self, uri: str) -> FileStatus:
        """Size and modification time of the file at ``uri``."""
        info = self.fs.get_file_info(self.to_fs(uri))
        if info.type == pafs.FileType.NotFound:
            raise FileNotFoundError(uri)
        return self._status(info)

    def list_names(self, directory: str) -> list[str]:
        """The names directly in ``directory`` (empty if it does not exist)."""
        try:
            infos = self.fs.get_file_info(pafs.FileSelector(self.to_fs(directory), allow_not_found=True))
        except (FileNotFoundError, NotADirectoryError):
            return []
        return [info.base_name for info in infos]

    def walk_files(self, root: str) -> list[str]:
        """Every file below ``root`` (URIs), outside hidden (``.``) and metadata (``_``) folders."""
        base = self.to_fs(root).rstrip("/")
        try:
            infos = self.fs.get_file_info(pafs.FileSelector(base, allow_not_found=True, recursive=True))
        except (FileNotFoundError, NotADirectoryError):
            return []
        out = []
        for info in infos:
            if info.type != pafs.FileType.File:
                continue
            folders = info.path[len(base) + 1:].split("/")[:-1]
            if any(d.startswith((".", "_")) for d in folders):
                continue
            out.append(self.to_uri(info.path))
        return sorted(out)

    def delete_tree(self, uri: str) -> None:
        """Remove a folder and everything below it (every object under the prefix on S3),
        or a single file."""
        path = self.to_fs(uri)
        if self.fs.get_file_info(path).type == pafs.FileType.File:
            self.fs.delete_file(path)
        else:
            self.fs.delete_dir(path)

    def list_files(self, root: str, recursive: bool, partitions: bool) -> list[FileStatus]:
        """Files under ``root`` (a directory, a file, or a glob pattern), skipping hidden
        (``.``) and metadata (``_``) names as Spark's file index does (:func:`is_hidden`).
        Subdirectories are entered when ``recursive``, or when named ``key=value``
        (partition discovery)."""
        fs_root = self.to_fs(root)
        if is_glob(fs_root):
            return self._glob(fs_root, recursive, partitions)
        info = self.fs.get_file_info(fs_root)
        if info.type == pafs.FileType.File:
            return [self._status(info)]
        if info.type != pafs.FileType.Directory:
            return []
        return self._walk(fs_root, recursive, partitions)

    def _status(self, info: pafs.FileInfo) -> FileStatus:
        mtime = info.mtime_ns // 1_000_000 if info.mtime_ns is not None else 0
        return FileStatus(self.to_uri(info.path), int(info.size or 0), int(mtime))

    def _walk(self, directory: str, recursive: bool, partitions: bool) -> list[FileStatus]:
        out: list[FileStatus] = []
        try:
            infos = self.fs.get_file_info(pafs.FileSelector(directory, allow_not_found=True))
        except (FileNotFoundError, NotADirectoryError):
            return out
        for info in infos:
            name = info.base_name
            if is_hidden(name):
                continue
            if info.type == pafs.FileType.File:
                out.append(self._status(info))
            elif info.type == pafs.FileType.Directory and (recursive or (partitions and "=" in name)):
                out.extend(self._walk(info.path, recursive, partitions))
        return out

    def expand_glob(self, pattern: str) -> list[tuple[FileStatus, bool]]:
        """What a glob pattern matches (Hadoop's ``globStatus``): each file or folder with
        whether it is a folder; hidden (``.``) and metadata (``_``) names never match."""
        parts = self.to_fs(pattern).split("/")
        fixed = next(i for i, p in enumerate(parts) if is_glob(p))
        frontier: list[tuple[FileStatus, bool]] = [(FileStatus(self.to_uri("/".join(parts[:fixed]) or "/"), 0, 0), True)]
        for part in parts[fixed:]:
            nxt: list[tuple[FileStatus, bool]] = []
            for status, is_dir in frontier:
                if not is_dir:
                    continue
                try:
                    infos = self.fs.get_file_info(pafs.FileSelector(self.to_fs(status.uri), allow_not_found=True))
                except (FileNotFoundError, NotADirectoryError):
                    continue
                for info in infos:
                    if is_hidden(info.base_name) or not _glob_match(info.base_name, part):
                        continue
                    if info.type in (pafs.FileType.File, pafs.FileType.Directory):
                        nxt.append((self._status(info), info.type == pafs.FileType.Directory))
            frontier = nxt
        return frontier

    def _glob(self, pattern: str, recursive: bool, partitions: bool) -> list[FileStatus]:
        matched: list[FileStatus] = []
        for status, is_dir in self.expand_glob(self.to_uri(pattern)):
            if is_dir:
                matched.extend(self._walk(self.to_fs(status.uri), recursive, partitions))
            else:
                matched.append(status)
        return matched


def is_hidden(name: str) -> bool:
    """Spark's ``shouldFilterOutPathName``: ``.`` names, ``_`` names that are not partition
    folders (``_spark_metadata``, ``_SUCCESS``), and files still being copied."""
    return name.startswith(".") or (name.startswith("_") and "=" not in name) or name.endswith("._COPYING_")


def _glob_match(name: str, pattern: str) -> bool:
    """Hadoop glob: ``*``, ``?``, ``[abc]``, and ``{a,b}`` alternatives."""
    if "{" in pattern and "}" in pattern:
        head, rest = pattern.split("{", 1)
        alts, tail = rest.split("}", 1)
        return any(_glob_match(name, head + alt + tail) for alt in alts.split(","))
    return fnmatch.fnmatchcase(name, pattern)


def glob_filter(name: str, pattern: str | None) -> bool:
    """``pathGlobFilter``: the file name matches the pattern."""
    return pattern is None or _glob_match(name, pattern)


def _s3(options: Mapping[str, str]) -> pafs.FileSystem:
    endpoint = _hadoop(options, "fs.s3a.endpoint") or os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get(
        "AWS_ENDPOINT_URL"
    )
    ssl = (_hadoop(options, "fs.s3a.connection.ssl.enabled") or "true").lower() == "true"
    kwargs: dict[str, object] = {}
    if endpoint:
        scheme = "https" if ssl else "http"
        if "://" in endpoint:
            scheme, endpoint = endpoint.split("://", 1)
        kwargs["endpoint_override"] = endpoint.rstrip("/")
        kwargs["scheme"] = scheme
    access = _hadoop(options, "fs.s3a.access.key") or os.environ.get("AWS_ACCESS_KEY_ID")
    secret = _hadoop(options, "fs.s3a.secret.key") or os.environ.get("AWS_SECRET_ACCESS_KEY")
    if access and secret:
        kwargs["access_key"] = access
        kwargs["secret_key"] = secret
        token = _hadoop(options, "fs.s3a.session.token") or os.environ.get("AWS_SESSION_TOKEN")
        if token:
            kwargs["session_token"] = token
    region = (
        _hadoop(options, "fs.s3a.endpoint.region")
        or os.environ.get("AWS_REGION")
        or os.environ.get("AWS_DEFAULT_REGION")
        or "us-east-1"
    )
    kwargs["region"] = region
    # a small object (every manifest entry, most data files) is then one PutObject on close
    # rather than a multipart upload
    kwargs["allow_delayed_open"] = True
    return pafs.S3FileSystem(**kwargs)  # type: ignore[arg-type]


def _boto3_settings(options: Mapping[str, str]) -> dict[str, str | None]:
    """The ``fs.s3a.*`` options as boto3 client settings (the same ones :func:`_s3` reads)."""
    endpoint = _hadoop(options, "fs.s3a.endpoint") or os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get(
        "AWS_ENDPOINT_URL"
    )
    if endpoint and "://" not in endpoint:
        ssl = (_hadoop(options, "fs.s3a.connection.ssl.enabled") or "true").lower() == "true"
        endpoint = ("https://" if ssl else "http://") + endpoint
    return {
        "endpoint_url": endpoint.rstrip("/") if endpoint else None,
        "aws_access_key_id": _hadoop(options, "fs.s3a.access.key") or os.environ.get("AWS_ACCESS_KEY_ID"),
        "aws_secret_access_key": _hadoop(options, "fs.s3a.secret.key") or os.environ.get("AWS_SECRET_ACCESS_KEY"),
        "aws_session_token": _hadoop(options, "fs.s3a.session.token") or os.environ.get("AWS_SESSION_TOKEN"),
        "region_name": _hadoop(options, "fs.s3a.endpoint.region") or os.environ.get("AWS_REGION")
        or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1",
    }
