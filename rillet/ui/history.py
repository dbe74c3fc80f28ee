"""What the dashboard shows: every query's runs, fed by the listener bus, with bounded history."""

from __future__ import annotations

import collections
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rillet.engine.listener import (
    QueryIdleEvent,
    QueryProgressEvent,
    QueryStartedEvent,
    QueryTerminatedEvent,
    StreamingQueryListener,
)

if TYPE_CHECKING:
    from rillet.sql.session import SparkSession


class QueryRun:
    """One run of a query (a ``runId``): its identity, plan, progress history and outcome."""

    def __init__(self, event: QueryStartedEvent, plan: str, retained: int) -> None:
        self.id = str(event.id)
        self.run_id = str(event.runId)
        self.name = event.name
        self.started = event.timestamp
        self.plan = plan
        self.progress: collections.deque[dict[str, Any]] = collections.deque(maxlen=retained)
        self.active = True
        self.exception: str | None = None
        self.error_class: str | None = None
        self.last_idle: str | None = None

    def summary(self, status: dict[str, Any] | None) -> dict[str, Any]:
        last = self.progress[-1] if self.progress else None
        return {
            "id": self.id,
            "runId": self.run_id,
            "name": self.name,
            "startTimestamp": self.started,
            "active": self.active,
            "status": status,
            "lastBatchId": last["batchId"] if last else None,
            "avgInputRowsPerSecond": _mean(p["inputRowsPerSecond"] for p in self.progress),
            "avgProcessedRowsPerSecond": _mean(p["processedRowsPerSecond"] for p in self.progress),
            "exception": self.exception,
            "errorClassOnException": self.error_class,
        }


def _mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return sum(items) / len(items) if items else None


class QueryHistory(StreamingQueryListener):
    """A listener that keeps the last ``spark.sql.streaming.ui.retainedProgressUpdates`` progress
    reports of each run and the last ``spark.sql.streaming.ui.retainedQueries`` finished runs."""

    def __init__(self, session: SparkSession) -> None:
        self._session = session
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)  # a progress report arrived or a run ended
        self._runs: dict[str, QueryRun] = {}
        self._retained_progress = int(session.conf.get("spark.sql.streaming.ui.retainedProgressUpdates", "1000"))
        self._retained_queries = int(session.conf.get("spark.sql.streaming.ui.retainedQueries", "100"))

    # ------------------------------------------------------------------ listener
    def onQueryStarted(self, event: QueryStartedEvent) -> None:
        run = QueryRun(event, self._plan_text(str(event.id)), self._retained_progress)
        with self._lock:
            self._runs[run.run_id] = run

    def onQueryProgress(self, event: QueryProgressEvent) -> None:
        with self._lock:
            run = self._runs.get(str(event.progress["runId"]))
            if run is not None:
                run.progress.append(event.progress)
                self._changed.notify_all()

    def onQueryIdle(self, event: QueryIdleEvent) -> None:
        with self._lock:
            run = self._runs.get(str(event.runId))
            if run is not None:
                run.last_idle = event.timestamp

    def onQueryTerminated(self, event: QueryTerminatedEvent) -> None:
        with self._lock:
            run = self._runs.get(str(event.runId))
            if run is None:
                return
            run.active = False
            run.exception = event.exception
            run.error_class = event.errorClassOnException
            self._changed.notify_all()
            finished = [r for r in self._runs.values() if not r.active]
            for old in finished[: max(0, len(finished) - self._retained_queries)]:
                del self._runs[old.run_id]

    # ------------------------------------------------------------------ reads (HTTP threads)
    def queries(self) -> list[dict[str, Any]]:
        with self._lock:
            runs = list(self._runs.values())
        return [r.summary(self._status(r)) for r in runs]

    def find(self, key: str) -> QueryRun | None:
        """The run with this ``runId``, or the latest run of the query with this ``id``."""
        with self._lock:
            if key in self._runs:
                return self._runs[key]
            runs = [r for r in self._runs.values() if r.id == key]
        return runs[-1] if runs else None

    def detail(self, run: QueryRun) -> dict[str, Any]:
        out = run.summary(self._status(run))
        out["plan"] = run.plan
        out["lastIdleTimestamp"] = run.last_idle
        with self._lock:
            out["lastProgress"] = run.progress[-1] if run.progress else None
        return out

    def progress(self, run: QueryRun, since: int = -1, wait: float = 0.0) -> list[dict[str, Any]]:
        """Retained reports of ``run`` after batch ``since``; with ``wait``, block up to that many
        seconds for one to arrive (a long poll: the page sees a batch as soon as it ends)."""
        def newer() -> list[dict[str, Any]]:
            return [p for p in run.progress if p["batchId"] > since]

        with self._changed:
            if wait > 0 and run.active:
                self._changed.wait_for(lambda: bool(newer()) or not run.active, wait)
            return newer()

    def _status(self, run: QueryRun) -> dict[str, Any] | None:
        if not run.active:
            return None
        q = self._session.streams.get(run.id)
        return q.status if q is not None and q.runId == run.run_id else None

    def _plan_text(self, query_id: str) -> str:
        q = self._session.streams.get(query_id)
        if q is None:
            return ""
        from rillet.plan.explain import tree_string

        try:
            return "== Physical Plan ==\n" + tree_string(q._exec.inc.plan, indent=1)
        except Exception:  # noqa: BLE001 - a plan that cannot print must not stop the query
            return "(plan unavailable)"
