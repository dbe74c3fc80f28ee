"""The streaming listener bus: query events delivered to listeners on one background thread.

A query thread only *posts* an event (a put on a bounded queue, never a wait), so a
slow listener cannot slow a batch. The bus thread calls each listener's method in
registration order; a listener that raises is logged and the others still run.
When the queue is full (``spark.scheduler.listenerbus.eventqueue.capacity``, as in
Spark), new events are dropped with a warning instead of blocking the query.
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import Any

log = logging.getLogger("rillet.engine.listener")

_STOP = object()


class StreamingQueryListenerBus:
    """Posts ``(method name, event)`` to every registered listener, asynchronously."""

    def __init__(self, capacity: int = 10000) -> None:
        self._listeners: list[Any] = []
        self._lock = threading.Lock()
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=capacity)
        self._thread: threading.Thread | None = None
        self._dropped = 0
        self._stopped = False

    # ------------------------------------------------------------------ listeners
    def add(self, listener: Any) -> None:
        with self._lock:
            self._listeners.append(listener)

    def remove(self, listener: Any) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    @property
    def listeners(self) -> list[Any]:
        with self._lock:
            return list(self._listeners)

    # ------------------------------------------------------------------ posting
    def post(self, method: str, event: Any) -> None:
        """Queue ``event`` for ``listener.<method>(event)``; never blocks the caller."""
        if self._stopped:
            return
        self._ensure_thread()
        try:
            self._queue.put_nowait((method, event))
        except queue.Full:
            self._dropped += 1
            if self._dropped == 1 or self._dropped % 1000 == 0:
                log.warning("listener bus queue is full: dropped %d event(s) so far", self._dropped)

    def post_sync(self, method: str, event: Any) -> None:
        """Deliver ``event`` now, in the caller's thread (Spark does so for ``onQueryStarted``)."""
        for listener in self.listeners:
            _call(listener, method, event)

    def wait_until_empty(self, timeout: float | None = None) -> bool:
        """Block until every event posted so far has been delivered (True) or ``timeout`` passed."""
        done = threading.Event()
        if self._stopped or self._thread is None:
            return True
        try:
            self._queue.put((None, done), timeout=timeout)
        except queue.Full:
            return False
        return done.wait(timeout)

    def stop(self) -> None:
        """Deliver what is queued, then end the bus thread."""
        self._stopped = True
        thread = self._thread
        if thread is not None and thread.is_alive():
            self._queue.put((None, _STOP))
            if threading.current_thread() is not thread:
                thread.join(5)

    # ------------------------------------------------------------------ the bus thread
    def _ensure_thread(self) -> None:
        if self._thread is not None:
            return
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="rillet-streaming-listener-bus", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            method, event = self._queue.get()
            if method is None:
                if event is _STOP:
                    return
                event.set()  # a wait_until_empty marker
                continue
            for listener in self.listeners:
                _call(listener, method, event)


def _call(listener: Any, method: str, event: Any) -> None:
    fn = getattr(listener, method, None)
    if fn is None:
        return
    try:
        fn(event)
    except Exception:  # noqa: BLE001 - a failing listener must not affect the query or other listeners
        log.warning("Listener %s threw an exception in %s", type(listener).__name__, method, exc_info=True)
