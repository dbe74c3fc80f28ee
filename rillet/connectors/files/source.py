"""File stream source: new files in a directory become new rows, each file exactly once.

Resume state is Spark's ``FileStreamSourceLog``: ``<metadata_path>/<N>`` lists the
files admitted in log batch ``N`` (one JSON object per line after ``v1``). The
offset is ``{"logOffset": N}``. A file is admitted once: by the time its log entry
exists it is never admitted again, and ``get_batch`` re-reads exactly the files
of the logged entries, so a restarted query replays the same rows.
"""

from __future__ import annotations

import glob
import json
import os
from typing import Any

import polars as pl
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
from rillet.errors import AnalysisException

_TEXT_SCHEMA = pa.schema([pa.field("value", pa.large_string())])


def _write_atomic(path: str, text: str) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class FileStreamSource(Source):
    """``format("text")`` over a directory (or glob) of files."""

    name = "text"
    formats = ("text",)

    @staticmethod
    def validate(options: dict[str, str], path: str | None) -> None:
        if not path:
            raise AnalysisException(
                "[_LEGACY_ERROR_TEMP_1297] 'path' is not specified. Give the directory to watch: "
                "spark.readStream.text(\"dir\") or .load(\"dir\").",
                errorClass="_LEGACY_ERROR_TEMP_1297",
            )
        option_int(options, "maxFilesPerTrigger", None, "text", minimum=1)
        option_bool(options, "latestFirst", False, "text")

    @staticmethod
    def source_schema(options: dict[str, str], user_schema: pa.Schema | None) -> pa.Schema:
        return user_schema if user_schema is not None else _TEXT_SCHEMA

    def __init__(self, ctx: SourceContext) -> None:
        self.validate(dict(ctx.options), ctx.path)
        self.path = str(ctx.path)
        self.metadata_path = ctx.metadata_path
        self.max_files = option_int(ctx.options, "maxFilesPerTrigger", None, "text", minimum=1)
        self.latest_first = option_bool(ctx.options, "latestFirst", False, "text")
        self.whole_text = option_bool(ctx.options, "wholetext", False, "text")
        self._available_now: set[str] | None = None  # files present when availableNow started
        self.line_sep = option_str(ctx.options, "lineSep")
        os.makedirs(self.metadata_path, exist_ok=True)
        self._log: dict[int, list[dict[str, Any]]] = self._read_log()
        self._seen = {f["path"] for entries in self._log.values() for f in entries}

    # -- the seen-files log ---------------------------------------------------------
    def _read_log(self) -> dict[int, list[dict[str, Any]]]:
        log: dict[int, list[dict[str, Any]]] = {}
        for name in os.listdir(self.metadata_path):
            if not name.isdigit():
                continue
            with open(os.path.join(self.metadata_path, name), encoding="utf-8") as f:
                lines = f.read().splitlines()
            if not lines or lines[0] != "v1":
                raise AnalysisException(
                    errorClass="CHECKPOINT_FILE_CORRUPT",
                    messageParameters={
                        "path": os.path.join(self.metadata_path, name),
                        "reason": "expected a 'v1' header",
                    },
                )
            log[int(name)] = [json.loads(ln) for ln in lines[1:] if ln.strip()]
        return log

    def _list_files(self) -> list[tuple[str, float]]:
        if any(ch in self.path for ch in "*?["):
            candidates = glob.glob(self.path)
        elif os.path.isdir(self.path):
            candidates = [os.path.join(self.path, n) for n in os.listdir(self.path)]
        else:
            candidates = []
        files = []
        limit = self._available_now
        for p in candidates:
            base = os.path.basename(p)
            if base.startswith((".", "_")) or not os.path.isfile(p):
                continue  # hidden and in-progress files, as Hadoop's filters do
            if limit is not None and os.path.abspath(p) not in limit:
                continue  # arrived after an availableNow query started
            try:
                files.append((os.path.abspath(p), os.path.getmtime(p)))
            except OSError:
                continue
        return files

    def schema(self) -> pa.Schema:
        return _TEXT_SCHEMA

    def prepare_for_available_now(self) -> None:
        self._available_now = {p for p, _ in self._list_files()}

    def backlog(self) -> tuple[int, str] | None:
        return sum(1 for p, _ in self._list_files() if p not in self._seen), "files"

    def initial_offset(self) -> Offset:
        return {"logOffset": -1}

    def latest_offset(self, start: Offset, limit: ReadLimit) -> Offset:
        current = max(self._log) if self._log else -1
        new = [(p, m) for p, m in self._list_files() if p not in self._seen]
        if not new:
            return {"logOffset": current}
        new.sort(key=lambda pm: (pm[1], pm[0]), reverse=self.latest_first)
        if self.max_files is not None:
            new = new[: self.max_files]
        batch = current + 1
        entries = [{"path": p, "timestamp": int(m * 1000), "batchId": batch} for p, m in new]
        _write_atomic(
            os.path.join(self.metadata_path, str(batch)),
            "v1\n" + "\n".join(json.dumps(e) for e in entries),
        )
        self._log[batch] = entries
        self._seen.update(p for p, _ in new)
        return {"logOffset": batch}

    def get_batch(self, start: Offset, end: Offset) -> pa.Table:
        lo = int(start["logOffset"]) if start is not None else -1
        hi = int(end["logOffset"])
        paths = [e["path"] for b in range(lo + 1, hi + 1) for e in self._log.get(b, [])]
        tables = [self._read_text(p) for p in paths]
        if not tables:
            return _TEXT_SCHEMA.empty_table()
        return pa.concat_tables(tables)

    def _read_text(self, path: str) -> pa.Table:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            raise AnalysisException(
                f"[FAILED_READ_FILE.FILE_NOT_EXIST] Error while reading file {path}: the file was "
                "admitted to the stream but no longer exists. SQLSTATE: 42K03",
                errorClass="FAILED_READ_FILE.FILE_NOT_EXIST",
            ) from None
        return text_to_table(data, self.line_sep, self.whole_text)

    def description(self) -> str:
        return f"FileStreamSource[file:{self.path}]"


def text_to_table(data: bytes, line_sep: str | None = None, whole_text: bool = False) -> pa.Table:
    """Lines of ``data`` (UTF-8, invalid bytes replaced) as a ``value`` column, vectorized."""
    if whole_text:
        return pa.table({"value": pa.array([data.decode("utf-8", errors="replace")], pa.large_string())})
    if not data:
        return _TEXT_SCHEMA.empty_table()
    decoded = data.decode("utf-8", errors="replace")
    if line_sep is None:
        lines = pl.Series("value", [decoded], dtype=pl.String).str.split("\n").explode(empty_as_null=True)
        if data.endswith(b"\n"):
            lines = lines.head(len(lines) - 1)
        lines = lines.str.strip_suffix("\r")
    else:
        parts = decoded.split(line_sep)
        if parts and parts[-1] == "":
            parts.pop()
        lines = pl.Series("value", parts, dtype=pl.String)
    return pa.table({"value": lines.to_arrow().cast(pa.large_string())})


