"""``StreamingQueryListener`` and its events, as in ``pyspark.sql.streaming.listener``.

They are defined in :mod:`rillet.engine.listener` (the engine posts them and the dashboard reads
them, below this layer); this module is their public name.
"""

from rillet.engine.listener import (
    QueryIdleEvent,
    QueryProgressEvent,
    QueryStartedEvent,
    QueryTerminatedEvent,
    StreamingQueryListener,
)
from rillet.engine.progress import SinkProgress, SourceProgress, StateOperatorProgress, StreamingQueryProgress

__all__ = [
    "StreamingQueryListener",
    "QueryStartedEvent",
    "QueryProgressEvent",
    "QueryIdleEvent",
    "QueryTerminatedEvent",
    "SinkProgress",
    "SourceProgress",
    "StateOperatorProgress",
    "StreamingQueryProgress",
]
