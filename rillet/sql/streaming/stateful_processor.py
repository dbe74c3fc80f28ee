"""``pyspark.sql.streaming.stateful_processor``: the classes of ``transformWithStateInPandas``
and ``transformWithState``. They live in :mod:`rillet.engine.stateful_processor` (the
engine's operator uses them, and the engine does not import ``rillet.sql``)."""

from rillet.engine.stateful_processor import (
    ExpiredTimerInfo,
    ListState,
    MapState,
    StatefulProcessor,
    StatefulProcessorHandle,
    TimerValues,
    ValueState,
)

__all__ = [
    "ExpiredTimerInfo",
    "ListState",
    "MapState",
    "StatefulProcessor",
    "StatefulProcessorHandle",
    "TimerValues",
    "ValueState",
]
