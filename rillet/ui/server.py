"""The dashboard's HTTP server: static page + JSON endpoints, on a daemon thread.

Endpoints (all JSON but the page and its static files):

- ``/`` — the page (``static/index.html``); it polls the endpoints below.
- ``/api/queries`` — every active and recently finished query run.
- ``/api/queries/<id or runId>`` — one run: status, plan, last progress, exception.
- ``/api/queries/<id or runId>/progress?since=<batchId>&wait=<seconds>`` — its
  retained progress reports after ``since`` (all of them without it); with
  ``wait``, held open until a newer report exists (a long poll, at most 10 s).

Only requests addressed to a name the dashboard is bound to are answered (``Host`` one
of ``localhost``, ``127.0.0.1``, ``[::1]`` or ``spark.ui.host``, with the port): a web
page whose DNS name was rebound to 127.0.0.1 sends its own name, and gets 403 rather
than the plans and exception texts.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlparse

from rillet.ui.history import QueryHistory

if TYPE_CHECKING:
    from rillet.sql.session import SparkSession

log = logging.getLogger("rillet.ui")

STATIC = Path(__file__).parent / "static"
MAX_WAIT_SECONDS = 10.0  # the longest a progress long poll is held open


class Dashboard:
    """A running dashboard: ``url``, and ``stop()`` (called by ``SparkSession.stop``)."""

    def __init__(self, session: SparkSession, server: ThreadingHTTPServer, history: QueryHistory) -> None:
        self._session = session
        self._server = server
        self.history = history
        host, port = server.server_address[:2]
        self.host = str(host)
        self.port = int(port)
        self.url = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(target=server.serve_forever, name="rillet-ui", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._session.streams.removeListener(self.history)
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


def start_dashboard(session: SparkSession) -> Dashboard | None:
    """Start the dashboard for ``session`` on the first free port from ``spark.ui.port``."""
    conf = session.conf
    host = conf.get("spark.ui.host", "127.0.0.1")
    port = int(conf.get("spark.ui.port", "4040"))
    retries = int(conf.get("spark.port.maxRetries", "16"))
    history = QueryHistory(session)
    server = None
    for attempt in range(retries + 1):
        try_port = port + attempt if port else 0
        try:
            server = _Server((host, try_port), _Handler)
            break
        except OSError:
            log.debug("port %d is taken, trying the next one", try_port)
    if server is None:
        log.warning("dashboard not started: no free port in %d..%d on %s", port, port + retries, host)
        return None
    server.history = history
    server.allowed_hosts = allowed_hosts(host, server.server_address[1])
    session.streams.addListener(history)
    dashboard = Dashboard(session, server, history)
    log.info("Streaming dashboard at %s", dashboard.url)
    return dashboard


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The ``Host`` header values the dashboard answers: each name it is reachable by on
    this machine, with its port (and without it on port 80, as browsers send it)."""
    names = {"localhost", "127.0.0.1", "[::1]", host.lower()}
    if host in ("", "0.0.0.0", "::"):  # every interface: this machine's own names too
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    names = {f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names if n}
    return frozenset({f"{n}:{port}" for n in names} | (names if port == 80 else set()))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False
    history: QueryHistory
    allowed_hosts: frozenset[str] = frozenset()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "rillet-ui"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib's name
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:  # noqa: N802 - stdlib's name
        url = urlparse(self.path)
        parts = [p for p in url.path.split("/") if p]
        try:
            host = (self.headers.get("Host") or "").strip().lower()
            if host not in self.server.allowed_hosts:
                return self._forbidden_host(host)
            if not parts:
                self._file(STATIC / "index.html")
            elif parts[0] == "static" and len(parts) == 2:
                self._file(STATIC / parts[1])
            elif parts[0] == "api":
                self._api(parts[1:], parse_qs(url.query))
            else:
                self._error(HTTPStatus.NOT_FOUND, f"no page {url.path}")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _api(self, parts: list[str], query: dict[str, list[str]]) -> None:
        history = self.server.history
        if parts == ["queries"]:
            return self._json({"queries": history.queries()})
        if len(parts) in (2, 3) and parts[0] == "queries":
            run = history.find(parts[1])
            if run is None:
                return self._error(HTTPStatus.NOT_FOUND, f"no query with id or runId {parts[1]}")
            if len(parts) == 2:
                return self._json(history.detail(run))
            if parts[2] == "progress":
                try:
                    since = int(query.get("since", ["-1"])[0])
                    wait = min(float(query.get("wait", ["0"])[0]), MAX_WAIT_SECONDS)
                except ValueError:
                    return self._error(HTTPStatus.BAD_REQUEST, "since must be a batch id and wait a number of seconds")
                return self._json({"progress": history.progress(run, since, wait)})
        return self._error(HTTPStatus.NOT_FOUND, f"no endpoint /api/{'/'.join(parts)}")

    def _file(self, path: Path) -> None:
        if path.parent != STATIC or not path.is_file():
            return self._error(HTTPStatus.NOT_FOUND, f"no file {path.name}")
        body = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self._send(HTTPStatus.OK, body, f"{kind}; charset=utf-8" if kind.startswith("text/") or kind.endswith("javascript") else kind)

    def _forbidden_host(self, host: str) -> None:
        allowed = ", ".join(sorted(self.server.allowed_hosts))
        text = (f"403 Forbidden: the Host header '{host}' is not a name this dashboard is bound to "
                f"({allowed}). Open it through one of those.\n")
        self._send(HTTPStatus.FORBIDDEN, text.encode(), "text/plain; charset=utf-8")

    def _json(self, value: Any) -> None:
        self._send(HTTPStatus.OK, json.dumps(value).encode(), "application/json")

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, json.dumps({"error": message}).encode(), "application/json")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)
