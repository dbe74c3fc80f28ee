"""Streaming programs driven by a manual clock, on rillet and on real PySpark.

Processing-time behaviour (processing-time timeouts and timers, TTL,
``current_timestamp()``) depends on when triggers run, so it can only be compared
batch by batch if both engines run their triggers at the same, controlled times.
Spark's own tests do it with a ``ManualClock`` passed to the query as its trigger
clock; this harness does the same on both engines with one clock object:

* on rillet, the query starts inside :func:`rillet.testing.manual_clock`;
* on PySpark, the query is started through the JVM's
  ``StreamingQueryManager.startQuery`` (what ``DataStreamWriter.start`` calls) with a
  memory sink and a ``org.apache.spark.util.Clock`` implemented in Python over py4j's
  callback server, backed by the same :class:`~rillet.engine.clock.ManualClock`.

:meth:`ClockedQuery.step` writes one input file (or none), advances the clock by one
trigger interval, waits until the query has run the trigger and waits on the clock
again, and returns the rows the sink received meanwhile. No sleeps, no polling of
progress.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rillet.engine.clock import ManualClock
from tests.conformance.compare import Bag, plain
from tests.conformance.test_streaming import TextFeed


def is_pyspark(spark: Any) -> bool:
    return type(spark).__module__.startswith("pyspark")


class _JvmQueryOwner:
    """The PySpark query as the clock sees it: waiting on the clock while it is active."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.jquery: Any = None

    @property
    def waits_on_clock(self) -> bool:
        return not self.stop.is_set() and (self.jquery is None or self.jquery.isActive())


class _JvmClock:
    """``org.apache.spark.util.Clock`` for the JVM, reading a Python :class:`ManualClock`."""

    def __init__(self, clock: ManualClock, owner: _JvmQueryOwner) -> None:
        self.clock = clock
        self.owner = owner

    def getTimeMillis(self) -> int:  # noqa: N802 - the Java interface's names
        return self.clock.time_ms()

    def nanoTime(self) -> int:  # noqa: N802
        return self.clock.time_ms() * 1_000_000

    def waitTillTime(self, target: int) -> int:  # noqa: N802
        self.clock.wait_till(target, self.owner.stop, self.owner)
        return self.clock.time_ms()

    class Java:
        implements = ["org.apache.spark.util.Clock"]


class ClockedQuery:
    """A query writing to memory whose processing-time trigger follows a manual clock."""

    def __init__(self, feed: TextFeed, clock: ManualClock, interval_ms: int) -> None:
        self.feed = feed
        self.clock = clock
        self.interval_ms = interval_ms
        self._seen = 0

    def rows(self) -> list[Any]:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def step(self, lines: list[str] | None = None) -> Bag:
        """Write ``lines`` as one new file (unless None), advance the clock one interval,
        and return the rows the sink received in the trigger that ran."""
        if lines is not None:
            self.feed.write(lines)
        self.clock.advance(self.interval_ms)
        return self.new_rows()

    def new_rows(self) -> Bag:
        rows = self.rows()
        fresh, self._seen = rows[self._seen:], len(rows)
        return Bag(plain(fresh))

    def run(self, steps: list[list[str] | None]) -> list[Bag]:
        """The first trigger's rows (at the clock's start), then one :meth:`step` each."""
        return [self.new_rows()] + [self.step(lines) for lines in steps]


class _RilletQuery(ClockedQuery):
    def __init__(self, df: Any, feed: TextFeed, mode: str, interval_ms: int, name: str) -> None:
        from rillet.testing import manual_clock

        spark = df.sparkSession
        with manual_clock(spark) as clock:
            super().__init__(feed, clock, interval_ms)
            self.query = (
                df.writeStream.format("memory").queryName(name).outputMode(mode)
                .trigger(processingTime=f"{interval_ms} milliseconds")
                .option("checkpointLocation", feed.checkpoint).start()
            )
        self._table = lambda: spark.table(name).collect()
        clock.await_waiting()

    def rows(self) -> list[Any]:
        if self.query.exception() is not None:
            raise self.query.exception()
        return self._table()

    def stop(self) -> None:
        self.query.stop()


class _PySparkQuery(ClockedQuery):
    def __init__(self, df: Any, feed: TextFeed, mode: str, interval_ms: int, name: str) -> None:
        from pyspark.java_gateway import ensure_callback_server_started
        from pyspark.sql import DataFrame

        super().__init__(feed, ManualClock(0), interval_ms)
        spark = df.sparkSession
        jvm = spark._jvm
        ensure_callback_server_started(spark.sparkContext._gateway)
        self.owner = _JvmQueryOwner()
        self.clock.attach(self.owner)
        none = getattr(getattr(jvm.scala, "None$"), "MODULE$")
        self.sink = jvm.org.apache.spark.sql.execution.streaming.sources.MemorySink()
        modes = {"append": "Append", "update": "Update", "complete": "Complete"}
        self.owner.jquery = self.jquery = spark._jsparkSession.streams().startQuery(
            jvm.scala.Option.apply(name),
            jvm.scala.Option.apply(feed.checkpoint),
            df._jdf,
            jvm.org.apache.spark.api.python.PythonUtils.toScalaMap(jvm.java.util.HashMap()),
            self.sink,
            getattr(jvm.org.apache.spark.sql.streaming.OutputMode, modes[mode])(),
            False,
            True,
            jvm.org.apache.spark.sql.streaming.Trigger.ProcessingTime(interval_ms),
            _JvmClock(self.clock, self.owner),
            none,
            none,
        )
        self._spark, self._schema, self._frame = spark, df._jdf.schema(), DataFrame
        self.clock.await_waiting()

    def rows(self) -> list[Any]:
        failure = self.jquery.exception()
        if failure.isDefined():
            from pyspark.errors.exceptions.captured import convert_exception

            raise convert_exception(failure.get())
        jvm = self._spark._jvm
        data = jvm.scala.jdk.javaapi.CollectionConverters.asJava(self.sink.allData())
        jdf = self._spark._jsparkSession.createDataFrame(data, self._schema)
        return self._frame(jdf, self._spark).collect()

    def stop(self) -> None:
        self.owner.stop.set()  # let a trigger waiting on the clock return, or stop() hangs
        self.jquery.stop()


@contextmanager
def clocked_query(df: Any, feed: TextFeed, mode: str, interval_ms: int, name: str) -> Iterator[ClockedQuery]:
    """Start ``df`` into a memory sink with a processing-time trigger of ``interval_ms`` on a
    manual clock reading 0; stop it on exit."""
    cls = _PySparkQuery if is_pyspark(df.sparkSession) else _RilletQuery
    query = cls(df, feed, mode, interval_ms, name)
    try:
        yield query
    finally:
        query.stop()
