"""``StreamingQuery`` and ``StreamingQueryManager`` (``spark.streams``)."""

from __future__ import annotations

import contextlib
import datetime as _dt
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from rillet.engine.clock import SYSTEM_CLOCK, Clock
from rillet.engine.execution import MicroBatchExecution
from rillet.engine.listener_bus import StreamingQueryListenerBus
from rillet.engine.progress import StreamingQueryProgress
from rillet.errors import PySparkTypeError, PySparkValueError, StreamingQueryException

if TYPE_CHECKING:
    from rillet.sql.session import SparkSession
    from rillet.sql.streaming.listener import StreamingQueryListener

__all__ = ["StreamingQuery", "StreamingQueryManager"]


class StreamingQuery:
    """A handle to a query running in the background (``writeStream...start()``).

    Examples
    --------
    >>> from rillet.sql import SparkSession
    >>> spark = SparkSession.builder.getOrCreate()
    >>> q = (spark.readStream.format("rate").load().writeStream
    ...      .format("memory").queryName("doc_rate").start())
    >>> q.isActive
    True
    >>> q.stop()
    """

    def __init__(self, execution: MicroBatchExecution, session: SparkSession) -> None:
        self._exec = execution
        self._session = session

    @property
    def id(self) -> str:
        return self._exec.id

    @property
    def runId(self) -> str:
        return self._exec.run_id

    @property
    def name(self) -> str | None:
        return self._exec.name

    @property
    def isActive(self) -> bool:
        return self._exec.is_active

    @property
    def status(self) -> dict[str, Any]:
        return dict(self._exec.status)

    @property
    def recentProgress(self) -> list[StreamingQueryProgress]:
        return list(self._exec.recent_progress)

    @property
    def lastProgress(self) -> StreamingQueryProgress | None:
        progress = self._exec.recent_progress
        return progress[-1] if progress else None

    def awaitTermination(self, timeout: int | float | None = None) -> bool | None:
        """Wait for the query to end; raise its ``StreamingQueryException`` if it failed."""
        if timeout is not None:
            if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout <= 0:
                raise PySparkValueError(
                    errorClass="VALUE_NOT_POSITIVE",
                    messageParameters={"arg_name": "timeout", "arg_value": type(timeout).__name__},
                )
            with self._session._streams._stop_on_interrupt():
                return self._exec.await_termination(timeout)
        with self._session._streams._stop_on_interrupt():
            self._exec.await_termination(None)
        return None

    def processAllAvailable(self) -> None:
        """Block until all data available now has been processed (for tests)."""
        with self._session._streams._stop_on_interrupt():
            self._exec.process_all_available()

    def stop(self) -> None:
        self._exec.stop()
        self._session._streams._terminated(self)

    def exception(self) -> StreamingQueryException | None:
        return self._exec.exception

    def explain(self, extended: bool = False) -> None:
        from rillet.plan.explain import tree_string

        print("== Physical Plan ==")
        print(tree_string(self._exec.inc.plan, indent=1))
        print()

    def __repr__(self) -> str:
        return f"<StreamingQuery id={self.id} name={self.name}>"


class StreamingQueryManager:
    """``spark.streams``: the session's active queries."""

    def __init__(self, session: SparkSession) -> None:
        self._session = session
        self._lock = threading.Condition()
        # by run id: a restart on the same checkpoint is a second run of the same query id
        # while the first is stopping (Spark's stopActiveRunOnRestart)
        self._active: dict[str, StreamingQuery] = {}
        self._last_terminated: StreamingQuery | None = None
        capacity = int(session.conf.get("spark.scheduler.listenerbus.eventqueue.capacity", "10000"))
        self._bus = StreamingQueryListenerBus(capacity)
        # the clock queries started from now on follow (rillet.testing.manual_clock swaps it)
        self.clock: Clock = SYSTEM_CLOCK

    @property
    def active(self) -> list[StreamingQuery]:
        with self._lock:
            return [q for q in self._active.values() if q.isActive]

    def get(self, id: str) -> StreamingQuery | None:  # noqa: A002 - PySpark's name
        with self._lock:
            runs = [q for q in self._active.values() if q.id == id]
        return next((q for q in runs if q.isActive), runs[-1] if runs else None)

    def _register(self, query: StreamingQuery) -> None:
        with self._lock:
            for q in self._active.values():
                if q.isActive and query.name is not None and q.name == query.name:
                    from rillet.errors import AnalysisException

                    raise AnalysisException(
                        errorClass="STREAMING_QUERY_ALREADY_ACTIVE",
                        messageParameters={"name": query.name},
                    )
            # another run of the same query id (same checkpoint) is stopped or refused when the
            # new run claims the checkpoint (MicroBatchExecution.start), as in Spark
            self._active[query.runId] = query

    def _terminated(self, query: StreamingQuery) -> None:
        with self._lock:
            if self._active.get(query.runId) is query:
                del self._active[query.runId]
            self._last_terminated = query
            self._lock.notify_all()

    @contextlib.contextmanager
    def _stop_on_interrupt(self) -> Iterator[None]:
        """Ctrl-C while the main thread waits on a query: stop this session's active
        queries (each finishes the batch in flight, so the checkpoint stays consistent;
        a second Ctrl-C leaves it to the restart to re-run that batch), then re-raise."""
        try:
            yield
        except KeyboardInterrupt:
            for q in self.active:
                q.stop()
            raise

    def _wait_for(self, done: Callable[[], bool], timeout: float | None) -> bool:
        """``self._lock.wait_for`` in short slices, so Ctrl-C interrupts it (the lock is held)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not done():
            remaining = 0.1 if deadline is None else min(0.1, deadline - time.monotonic())
            if remaining <= 0:
                return False
            self._lock.wait(remaining)
        return True

    def awaitAnyTermination(self, timeout: int | float | None = None) -> bool | None:
        """Wait until any query of the session ends; raise its exception if it failed."""
        if timeout is not None and (
            not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout <= 0
        ):
            raise PySparkValueError(
                errorClass="VALUE_NOT_POSITIVE",
                messageParameters={"arg_name": "timeout", "arg_value": type(timeout).__name__},
            )
        with self._stop_on_interrupt(), self._lock:
            def done() -> bool:
                return self._last_terminated is not None or any(
                    not q.isActive for q in self._active.values()
                )

            finished = self._wait_for(done, timeout)
            candidates = [q for q in self._active.values() if not q.isActive]
            query = self._last_terminated or (candidates[0] if candidates else None)
        if query is not None and query.exception() is not None:
            raise query.exception()  # type: ignore[misc]
        return finished if timeout is not None else None

    def resetTerminated(self) -> None:
        with self._lock:
            self._last_terminated = None
            self._active = {k: q for k, q in self._active.items() if q.isActive}

    def addListener(self, listener: StreamingQueryListener) -> None:
        """Register a :class:`StreamingQueryListener` for this session's queries' events."""
        from rillet.sql.streaming.listener import StreamingQueryListener

        if not isinstance(listener, StreamingQueryListener):
            raise PySparkTypeError(
                errorClass="NOT_EXPECTED_TYPE",
                messageParameters={
                    "arg_name": "listener", "expected_type": "StreamingQueryListener",
                    "arg_type": type(listener).__name__,
                },
            )
        listener.spark = self._session
        self._bus.add(listener)

    def removeListener(self, listener: StreamingQueryListener) -> None:
        """Deregister a listener; events already queued for it are still delivered."""
        self._bus.remove(listener)

    def _post(self, kind: str, query: StreamingQuery, payload: Any) -> None:
        """Turn an execution event (``started``/``progress``/``idle``/``terminated``) into a listener event."""
        from rillet.sql.streaming import listener as E

        qid, run_id = uuid.UUID(query.id), uuid.UUID(query.runId)
        if kind == "started":
            now = _dt.datetime.now(_dt.timezone.utc)
            stamp = now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
            self._bus.post_sync("onQueryStarted", E.QueryStartedEvent(qid, run_id, query.name, stamp))
        elif kind == "progress":
            self._bus.post("onQueryProgress", E.QueryProgressEvent(payload))
        elif kind == "idle":
            self._bus.post("onQueryIdle", E.QueryIdleEvent(qid, run_id, payload))
        elif kind == "terminated":
            error_class = None
            if payload is not None:
                cause = getattr(payload, "cause", None) or getattr(payload, "__cause__", None)
                condition = getattr(cause, "getCondition", None)
                error_class = condition() if callable(condition) else None
            text = str(payload) if payload is not None else None
            self._bus.post("onQueryTerminated", E.QueryTerminatedEvent(qid, run_id, text, error_class))

    def _stop(self) -> None:
        self._bus.stop()
