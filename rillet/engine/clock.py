"""The clock a query's triggers follow (Spark's ``triggerClock``).

Everything a query takes from "now" comes from its clock: when a processing-time
trigger fires, the batch timestamp (``current_timestamp()``, processing-time
timeouts and timers, TTL), the progress report's ``timestamp``. A query uses the
:class:`SystemClock` unless its session carries another one
(:func:`rillet.testing.manual_clock`).

A :class:`ManualClock` moves only when told to, which makes processing-time
behaviour deterministic in tests, as Spark's own tests drive it with a
``ManualClock``: with ``trigger(processingTime="10 seconds")`` the query runs its
first trigger at the clock's start time and then waits on the clock for the next
multiple of the interval; ``advance(10_000)`` lets exactly one more trigger run and
returns once every query on the clock has finished it and is waiting again.
"""

from __future__ import annotations

import threading
import time


class Clock:
    """Milliseconds since the epoch, and a way to wait for a time."""

    def time_ms(self) -> int:
        raise NotImplementedError

    def wait_till(self, target_ms: int, stop: threading.Event, owner: object = None) -> None:
        """Return once the clock reads ``target_ms`` or later, or once ``stop`` is set.
        ``owner`` is the waiting query (see :meth:`attach`)."""
        raise NotImplementedError

    def attach(self, owner: object) -> None:
        """A query starts following this clock. While its ``waits_on_clock`` attribute is
        true, :meth:`ManualClock.await_waiting` waits for it to wait on the clock."""

    def detach(self, owner: object) -> None:
        """The query has terminated."""


class SystemClock(Clock):
    """Wall-clock time."""

    def time_ms(self) -> int:
        return int(time.time() * 1000)

    def wait_till(self, target_ms: int, stop: threading.Event, owner: object = None) -> None:
        delay = (target_ms - self.time_ms()) / 1000
        if delay > 0:
            stop.wait(delay)


SYSTEM_CLOCK = SystemClock()


class ManualClock(Clock):
    """A clock that only moves when :meth:`advance` or :meth:`set_time` is called.

    The queries following it (attached by the engine when they start) report where
    they wait, so :meth:`advance` can return once the triggers the new time allows
    have run: a test needs no sleeps and no polling.
    """

    def __init__(self, start_ms: int = 0) -> None:
        self._now = int(start_ms)
        self._cond = threading.Condition()
        self._attached: set[object] = set()
        self._waiting: dict[object, int] = {}  # owner -> the time it waits for

    def time_ms(self) -> int:
        with self._cond:
            return self._now

    def wait_till(self, target_ms: int, stop: threading.Event, owner: object = None) -> None:
        owner = threading.current_thread() if owner is None else owner
        with self._cond:
            self._waiting[owner] = target_ms
            self._cond.notify_all()
            try:
                while self._now < target_ms and not stop.is_set():
                    self._cond.wait(0.05)  # stop() sets an Event, which does not notify us
            finally:
                self._waiting.pop(owner, None)
                self._cond.notify_all()

    def attach(self, owner: object) -> None:
        with self._cond:
            self._attached.add(owner)

    def detach(self, owner: object) -> None:
        with self._cond:
            self._attached.discard(owner)
            self._cond.notify_all()

    def set_time(self, ms: int, *, wait: bool = True, timeout: float = 60.0) -> None:
        """Move the clock to ``ms`` (never backwards), then as :meth:`advance`."""
        with self._cond:
            if ms < self._now:
                raise ValueError(f"a ManualClock does not go back: it reads {self._now}, asked for {ms}")
            self._now = int(ms)
            self._cond.notify_all()
        if wait:
            self.await_waiting(timeout)

    def advance(self, ms: int, *, wait: bool = True, timeout: float = 60.0) -> None:
        """Move the clock forward by ``ms`` milliseconds; with ``wait`` (the default), return
        once every query following the clock has run the triggers now due and waits on the
        clock again (or has terminated)."""
        if ms < 0:
            raise ValueError(f"a ManualClock does not go back: advance({ms})")
        with self._cond:
            now = self._now + int(ms)
        self.set_time(now, wait=wait, timeout=timeout)

    def await_waiting(self, timeout: float = 60.0) -> None:
        """Block until every attached query with a processing-time trigger waits for a time
        after now; raise ``TimeoutError`` after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not self._settled():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(
                        f"queries on the manual clock did not finish the triggers due at {self._now} ms "
                        f"within {timeout} s"
                    )
                self._cond.wait(min(left, 0.05))

    def _settled(self) -> bool:
        return all(
            self._waiting.get(o, self._now) > self._now
            for o in self._attached if getattr(o, "waits_on_clock", False)
        )

    def __repr__(self) -> str:
        return f"ManualClock({self._now})"
