"""``StatefulProcessor`` and its handle for ``transformWithStateInPandas`` (as
``pyspark.sql.streaming.stateful_processor``).

A processor declares its state variables in :meth:`StatefulProcessor.init` through the
:class:`StatefulProcessorHandle`; the state classes (``ValueState``, ``ListState``,
``MapState``) then read and write the state of the *current* grouping key (Spark's
"implicit key"), which the operator sets before each ``handleInputRows`` /
``handleExpiredTimer`` call. The operator
(:mod:`rillet.engine.operators.transform_with_state`) keeps the values in its state
stores; these classes only talk to it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rillet.plan import types as T

if TYPE_CHECKING:
    from rillet.engine.operators.transform_with_state import StatefulRuntime

__all__ = [
    "ExpiredTimerInfo",
    "ListState",
    "MapState",
    "StatefulProcessor",
    "StatefulProcessorHandle",
    "TimerValues",
    "ValueState",
]


class ValueState:
    """One value (a tuple of the state schema) per grouping key."""

    def __init__(self, runtime: StatefulRuntime, stateName: str) -> None:
        self._runtime = runtime
        self._stateName = stateName

    def exists(self) -> bool:
        """Whether the current key has a value."""
        return self._runtime.current.values.get(self._stateName) is not None

    def get(self) -> tuple[Any, ...] | None:
        """The current key's value, or None."""
        value = self._runtime.current.values.get(self._stateName)
        return None if value is None else tuple(value)

    def update(self, newValue: tuple[Any, ...]) -> None:
        """Set the current key's value."""
        self._runtime.set_value(self._stateName, newValue)

    def clear(self) -> None:
        """Remove the current key's value."""
        self._runtime.set_value(self._stateName, None)


class TimerValues:
    """The processing time and the watermark of the current batch (``-1`` with timeMode ``None``)."""

    def __init__(self, currentProcessingTimeInMs: int = -1, currentWatermarkInMs: int = -1) -> None:
        self._currentProcessingTimeInMs = currentProcessingTimeInMs
        self._currentWatermarkInMs = currentWatermarkInMs

    def getCurrentProcessingTimeInMs(self) -> int:
        """The batch's processing time, epoch milliseconds."""
        return self._currentProcessingTimeInMs

    def getCurrentWatermarkInMs(self) -> int:
        """The batch's event-time watermark, epoch milliseconds."""
        return self._currentWatermarkInMs


class ExpiredTimerInfo:
    """The expiry time of the timer that fired."""

    def __init__(self, expiryTimeInMs: int = -1) -> None:
        self._expiryTimeInMs = expiryTimeInMs

    def getExpiryTimeInMs(self) -> int:
        """The timer's expiry timestamp, epoch milliseconds."""
        return self._expiryTimeInMs


class ListState:
    """A list of values (tuples of the state schema) per grouping key."""

    def __init__(self, runtime: StatefulRuntime, stateName: str) -> None:
        self._runtime = runtime
        self._stateName = stateName

    def exists(self) -> bool:
        """Whether the current key's list has an element."""
        return bool(self._runtime.current.lists.get(self._stateName))

    def get(self) -> Iterator[tuple[Any, ...]]:
        """The current key's elements, in order (as PySpark yields them: rows of a pandas
        DataFrame, with numpy scalars and NaN for a numeric NULL)."""
        return iter(self._runtime.pandas_rows(self._stateName, self._runtime.current.lists.get(self._stateName, [])))

    def put(self, newState: list[tuple[Any, ...]]) -> None:
        """Replace the current key's list."""
        self._runtime.set_list(self._stateName, list(newState))

    def appendValue(self, newState: tuple[Any, ...]) -> None:
        """Append one element."""
        self._runtime.set_list(self._stateName, [*self._runtime.current.lists.get(self._stateName, []), newState])

    def appendList(self, newState: list[tuple[Any, ...]]) -> None:
        """Append elements."""
        old = self._runtime.current.lists.get(self._stateName, [])
        self._runtime.set_list(self._stateName, [*old, *newState])

    def clear(self) -> None:
        """Remove the current key's list."""
        self._runtime.set_list(self._stateName, [])


class MapState:
    """A map (user key tuple -> value tuple) per grouping key."""

    def __init__(self, runtime: StatefulRuntime, stateName: str) -> None:
        self._runtime = runtime
        self._stateName = stateName

    def _map(self) -> dict[tuple[Any, ...], tuple[Any, ...]]:
        return self._runtime.current.maps.get(self._stateName, {})

    def exists(self) -> bool:
        """Whether the current key's map has an entry."""
        return bool(self._map())

    def getValue(self, key: tuple[Any, ...]) -> tuple[Any, ...] | None:
        """The value of user key ``key`` as a ``Row`` of the value schema (as PySpark), or None."""
        value = self._map().get(self._runtime.user_key(self._stateName, key))
        if value is None:
            return None
        from rillet.plan.types import Row

        return Row(*self._runtime.op.variables[self._stateName].schema.names)(*value)

    def containsKey(self, key: tuple[Any, ...]) -> bool:
        """Whether user key ``key`` is in the map."""
        return self._runtime.user_key(self._stateName, key) in self._map()

    def updateValue(self, key: tuple[Any, ...], value: tuple[Any, ...]) -> None:
        """Set the value of user key ``key``."""
        entries = dict(self._map())
        entries[self._runtime.user_key(self._stateName, key)] = self._runtime.state_value(self._stateName, value)
        self._runtime.set_map(self._stateName, entries)

    def iterator(self) -> Iterator[tuple[tuple[Any, ...], tuple[Any, ...]]]:
        """The (user key, value) pairs."""
        return iter(list(self._map().items()))

    def keys(self) -> Iterator[tuple[Any, ...]]:
        """The user keys (as PySpark yields them: rows of a pandas DataFrame)."""
        return iter(self._runtime.pandas_rows(self._stateName, list(self._map()), user_keys=True))

    def values(self) -> Iterator[tuple[Any, ...]]:
        """The values (as PySpark yields them: rows of a pandas DataFrame)."""
        return iter(self._runtime.pandas_rows(self._stateName, list(self._map().values())))

    def removeKey(self, key: tuple[Any, ...]) -> None:
        """Remove user key ``key``."""
        entries = dict(self._map())
        entries.pop(self._runtime.user_key(self._stateName, key), None)
        self._runtime.set_map(self._stateName, entries)

    def clear(self) -> None:
        """Remove the current key's map."""
        self._runtime.set_map(self._stateName, {})


class StatefulProcessorHandle:
    """What a :class:`StatefulProcessor` declares its state variables and timers with."""

    def __init__(self, runtime: StatefulRuntime) -> None:
        self._runtime = runtime

    def getValueState(
        self, stateName: str, schema: T.StructType | str, ttlDurationMs: int | None = None
    ) -> ValueState:
        """Declare (or get) a value state variable of ``schema`` (a StructType or DDL string)."""
        self._runtime.declare("value", stateName, schema, None, ttlDurationMs)
        return ValueState(self._runtime, stateName)

    def getListState(
        self, stateName: str, schema: T.StructType | str, ttlDurationMs: int | None = None
    ) -> ListState:
        """Declare (or get) a list state variable whose elements are of ``schema``."""
        self._runtime.declare("list", stateName, schema, None, ttlDurationMs)
        return ListState(self._runtime, stateName)

    def getMapState(
        self,
        stateName: str,
        userKeySchema: T.StructType | str,
        valueSchema: T.StructType | str,
        ttlDurationMs: int | None = None,
    ) -> MapState:
        """Declare (or get) a map state variable from ``userKeySchema`` to ``valueSchema``."""
        self._runtime.declare("map", stateName, valueSchema, userKeySchema, ttlDurationMs)
        return MapState(self._runtime, stateName)

    def registerTimer(self, expiryTimestampMs: int) -> None:
        """Register a timer of the current key (processing time or event time, per timeMode)."""
        self._runtime.set_timers(self._runtime.current.timers | {int(expiryTimestampMs)})

    def deleteTimer(self, expiryTimestampMs: int) -> None:
        """Delete a timer of the current key."""
        self._runtime.set_timers(self._runtime.current.timers - {int(expiryTimestampMs)})

    def listTimers(self) -> Iterator[int]:
        """The current key's timers (expiry timestamps, ms), in ascending order."""
        return iter(sorted(self._runtime.current.timers))

    def deleteIfExists(self, stateName: str) -> None:
        """Drop a state variable and all its values (every key)."""
        self._runtime.delete_variable(stateName)


class StatefulProcessor(ABC):
    """The user's arbitrary stateful logic for ``transformWithStateInPandas``.

    Per micro-batch: ``init(handle)``, then ``handleInputRows(key, rows, timerValues)`` for
    each key with rows (yielding pandas DataFrames), then ``handleExpiredTimer`` for each
    timer due, then ``close()``."""

    @abstractmethod
    def init(self, handle: StatefulProcessorHandle) -> None:
        """Declare the state variables (called first, once per batch)."""
        ...

    @abstractmethod
    def handleInputRows(self, key: Any, rows: Iterator[Any], timerValues: TimerValues) -> Iterator[Any]:
        """Process one key's rows (an iterator of pandas DataFrames); yield pandas DataFrames."""
        ...

    def handleExpiredTimer(
        self, key: Any, timerValues: TimerValues, expiredTimerInfo: ExpiredTimerInfo
    ) -> Iterator[Any]:
        """Called for each timer due; yields pandas DataFrames (none by default)."""
        return iter([])

    def close(self) -> None:  # noqa: B027 - optional to override, as PySpark's
        """Called last, once per batch."""
        return None

    def handleInitialState(  # noqa: B027 - optional to override, as PySpark's
        self, key: Any, initialState: Any, timerValues: TimerValues
    ) -> None:
        """Called in the first batch for each key of the initial state (no-op by default)."""
        return None


def _python(v: Any) -> Any:
    return v.item() if hasattr(v, "item") and not isinstance(v, (list, tuple, dict)) else v


class RowProcessor(StatefulProcessor):
    """``transformWithState``'s Row interface (PySpark 4.1) over the pandas one: the user's
    processor sees each key's rows as ``Row`` objects, one initial-state ``Row`` per call,
    a key of plain Python values, and yields ``Row`` objects; the engine keeps handing it
    pandas DataFrames."""

    def __init__(self, processor: StatefulProcessor, output: T.StructType) -> None:
        self.user_processor = processor
        self.names = [f.name for f in output.fields]

    def init(self, handle: StatefulProcessorHandle) -> None:
        self.user_processor.init(handle)

    def handleInputRows(self, key: Any, rows: Iterator[Any], timerValues: TimerValues) -> Iterator[Any]:
        return self._frames(self.user_processor.handleInputRows(self._key(key), self._rows(rows), timerValues))

    def handleExpiredTimer(
        self, key: Any, timerValues: TimerValues, expiredTimerInfo: ExpiredTimerInfo
    ) -> Iterator[Any]:
        return self._frames(self.user_processor.handleExpiredTimer(self._key(key), timerValues, expiredTimerInfo))

    def handleInitialState(self, key: Any, initialState: Any, timerValues: TimerValues) -> None:
        for row in self._rows(iter([initialState])):
            self.user_processor.handleInitialState(self._key(key), row, timerValues)

    def close(self) -> None:
        self.user_processor.close()

    @staticmethod
    def _key(key: Any) -> tuple[Any, ...]:
        return tuple(_python(v) for v in key)

    @staticmethod
    def _rows(frames: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        from rillet.plan.types import Row

        for pdf in frames:
            make = Row(*[str(c) for c in pdf.columns])
            for values in pa.Table.from_pandas(pdf, preserve_index=False).to_pylist():
                yield make(*values.values())

    def _frames(self, rows: Iterator[Any] | None) -> Iterator[Any]:
        import pandas as pd

        out = []
        for row in rows or ():
            fields = getattr(row, "__fields__", None)
            if fields:
                row = row.asDict()
                out.append(tuple(row.get(n) for n in self.names))
            else:
                out.append(tuple(row))
        if out:
            yield pd.DataFrame(out, columns=self.names)
