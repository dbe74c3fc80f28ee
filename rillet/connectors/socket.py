"""``socket`` source: UTF-8 lines read from a TCP server (for testing; not fault-tolerant).

Like Spark's TextSocketSource, lines are buffered in memory and offsets count
lines; a restarted query cannot replay lines it already received. rillet adds
what a user expects of a long-running reader: a server that closes the
connection is reconnected to (with back-off) instead of ending the stream, and
bytes that are not valid UTF-8 are replaced (U+FFFD) instead of failing.
"""

from __future__ import annotations

import datetime as _dt
import logging
import socket
import threading
from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from rillet.connectors.base import (
    Offset,
    OptionSpec,
    Provider,
    ReadLimit,
    Source,
    SourceContext,
    option_bool,
    option_str,
)
from rillet.errors import AnalysisException, PySparkException

log = logging.getLogger("rillet.connectors.socket")

_TIMESTAMP = pa.timestamp("us", tz="UTC")


class SocketConnectionError(PySparkException):
    """The socket source could not connect to its server."""


class SocketSource(Source):
    """Reads ``\\n``-separated lines from ``host:port``; offsets are line counts (initial -1)."""

    name = "socket"

    @staticmethod
    def source_schema(options: dict[str, str], user_schema: pa.Schema | None) -> pa.Schema:
        if user_schema is not None:
            raise AnalysisException(
                "[_LEGACY_ERROR_TEMP_2242] The socket source does not support a user-specified schema.",
                errorClass="_LEGACY_ERROR_TEMP_2242",
            )
        fields = [pa.field("value", pa.large_string())]
        if option_bool(options, "includeTimestamp", False, "socket"):
            fields.append(pa.field("timestamp", _TIMESTAMP))
        return pa.schema(fields)

    def __init__(self, ctx: SourceContext, options: Mapping[str, Any] | None = None) -> None:
        """``options``: the typed options :data:`PROVIDER` parsed (parsed here when not given)."""
        if options is None:
            options = PROVIDER.parse_options(ctx.options)
        self.host = str(options["host"])
        self.port = int(options["port"])
        self.include_timestamp = bool(options["includeTimestamp"])
        self._lock = threading.Lock()
        self._lines: list[str] = []
        self._times: list[_dt.datetime] = []
        self._first_offset = 0  # offset (line count) of self._lines[0]
        self._received = 0
        self._stopped = threading.Event()
        self._sock = self._connect()
        self._thread = threading.Thread(
            target=self._read_loop, name=f"socket-source-{self.host}:{self.port}", daemon=True
        )
        self._thread.start()

    def _connect(self) -> socket.socket:
        try:
            return socket.create_connection((self.host, self.port), timeout=5)
        except OSError as e:
            raise SocketConnectionError(
                errorClass="SOURCE_CONNECTION_FAILED",
                messageParameters={
                    "source": "socket source",
                    "host": self.host,
                    "port": str(self.port),
                    "reason": e.strerror or str(e),
                },
            ) from e

    def _read_loop(self) -> None:
        sock: socket.socket | None = self._sock
        backoff = 0.05
        while not self._stopped.is_set():
            if sock is None:
                try:
                    sock = socket.create_connection((self.host, self.port), timeout=5)
                    log.info("socket source reconnected to %s:%s", self.host, self.port)
                    self._sock = sock
                    backoff = 0.05
                except OSError:
                    self._stopped.wait(backoff)
                    backoff = min(backoff * 2, 1.0)
                    continue
            try:
                self._read_connection(sock)
            except OSError as e:
                if self._stopped.is_set():
                    return
                log.warning("socket source lost %s:%s (%s); reconnecting", self.host, self.port, e)
            else:
                if not self._stopped.is_set():
                    log.info("socket source: %s:%s closed the connection; reconnecting", self.host, self.port)
            try:
                sock.close()
            except OSError:
                pass
            sock = None

    def _read_connection(self, sock: socket.socket) -> None:
        sock.settimeout(0.2)
        pending = b""
        while not self._stopped.is_set():
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                if pending:
                    self._append([pending])
                return
            pending += chunk
            if b"\n" in pending:
                *complete, pending = pending.split(b"\n")
                self._append(complete)

    def _append(self, raw_lines: list[bytes]) -> None:
        lines = [ln[:-1] if ln.endswith(b"\r") else ln for ln in raw_lines]
        decoded = [ln.decode("utf-8", errors="replace") for ln in lines]
        now = _dt.datetime.now(_dt.timezone.utc)
        with self._lock:
            self._lines.extend(decoded)
            self._times.extend([now] * len(decoded))
            self._received += len(decoded)

    def schema(self) -> pa.Schema:
        return self.source_schema({"includeTimestamp": str(self.include_timestamp).lower()}, None)

    def initial_offset(self) -> Offset:
        return -1

    def latest_offset(self, start: Offset, limit: ReadLimit) -> Offset:
        with self._lock:
            return self._received - 1

    def get_batch(self, start: Offset, end: Offset) -> pa.Table:
        lo, hi = int(start) + 1, int(end) + 1  # line indexes [lo, hi)
        with self._lock:
            a = max(lo - self._first_offset, 0)
            b = max(hi - self._first_offset, 0)
            values = self._lines[a:b]
            times = self._times[a:b]
        columns = [pa.array(values, type=pa.large_string())]
        if self.include_timestamp:
            columns.append(pa.array(times, type=_TIMESTAMP))
        return pa.Table.from_arrays(columns, schema=self.schema())

    def commit(self, end: Offset) -> None:
        upto = int(end) + 1
        with self._lock:
            drop = upto - self._first_offset
            if drop > 0:
                del self._lines[:drop]
                del self._times[:drop]
                self._first_offset = upto

    def stop(self) -> None:
        self._stopped.set()
        try:
            self._sock.close()
        except OSError:
            pass
        self._thread.join(timeout=2)

    def description(self) -> str:
        return f"TextSocketV2[host: {self.host}, port: {self.port}]"

    def reports_available_now(self) -> bool:
        return False




class SocketProvider(Provider):
    """``socket``: a streaming source of lines, with a fixed schema."""

    name = "socket"
    options = (OptionSpec("host"), OptionSpec("port", int, minimum=0), OptionSpec("includeTimestamp", bool, False))
    fixed_schema = True

    def parse_options(self, options: Mapping[str, str]) -> dict[str, Any]:
        # Spark names a missing host or port before it parses anything
        if option_str(options, "host") is None:
            raise AnalysisException(errorClass="_LEGACY_ERROR_TEMP_1295", messageParameters={})
        if option_str(options, "port") is None:
            raise AnalysisException(errorClass="_LEGACY_ERROR_TEMP_1296", messageParameters={})
        return super().parse_options(options)

    def source_schema(self, options: Mapping[str, str], user_schema: pa.Schema | None,
                      path: str | None, conf: Mapping[str, Any]) -> pa.Schema:
        return SocketSource.source_schema(dict(options), user_schema)

    def source(self, ctx: SourceContext) -> Source:
        return SocketSource(ctx, self.parse_options(ctx.options))


PROVIDER = SocketProvider()
