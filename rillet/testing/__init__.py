"""Helpers for testing streaming jobs on rillet.

:func:`manual_clock` makes processing time deterministic: queries started inside
it follow a :class:`ManualClock` instead of the wall clock, so processing-time
triggers, batch timestamps, ``current_timestamp()``, processing-time timeouts,
timers and TTLs move only when the test advances the clock::

    from rillet.testing import manual_clock

    with manual_clock(spark) as clock:
        query = (events.groupBy("device").applyInPandasWithState(...)
                 .writeStream.format("memory").queryName("alerts")
                 .trigger(processingTime="10 seconds").start())
        clock.await_waiting()        # the first trigger (at clock time 0) has run
        clock.advance(10_000)        # exactly one more trigger runs, at 10 s
        spark.table("alerts").show()
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rillet.engine.clock import Clock, ManualClock, SystemClock
from rillet.testing.utils import assertDataFrameEqual, assertSchemaEqual

if TYPE_CHECKING:
    from rillet.sql.session import SparkSession

__all__ = ["Clock", "ManualClock", "SystemClock", "assertDataFrameEqual", "assertSchemaEqual", "manual_clock"]


@contextlib.contextmanager
def manual_clock(spark: SparkSession, start_ms: int = 0) -> Iterator[ManualClock]:
    """Queries started on ``spark`` inside the block follow a new :class:`ManualClock`
    reading ``start_ms``; on exit, queries started afterwards follow the wall clock again
    (queries already running keep their clock).

    Parameters
    ----------
    spark : :class:`~rillet.sql.SparkSession`
        the session whose queries (``spark.streams``) follow the clock.
    start_ms : int, optional
        the clock's first reading, in milliseconds.

    Returns
    -------
    A context manager yielding the :class:`ManualClock`.

    Examples
    --------
    >>> with manual_clock(spark, start_ms=5_000) as clock:
    ...     print(spark.streams.clock is clock, clock.time_ms())
    True 5000
    >>> spark.streams.clock is clock
    False
    """
    clock = ManualClock(start_ms)
    streams = spark.streams
    previous = streams.clock
    streams.clock = clock
    try:
        yield clock
    finally:
        streams.clock = previous
