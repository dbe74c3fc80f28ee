"""Format name -> source class. A new source is a new module plus one line here."""

from __future__ import annotations

from typing import Any

from rillet.connectors.files.source import FileStreamSource
from rillet.connectors.rate import RatePerMicroBatchSource, RateSource
from rillet.connectors.socket import SocketSource
from rillet.errors import AnalysisException

SOURCES: dict[str, Any] = {
    "socket": SocketSource,
    "rate": RateSource,
    "rate-micro-batch": RatePerMicroBatchSource,
    "text": FileStreamSource,
}

# Sinks built into DataStreamWriter itself (they need the session or a callback).
BUILTIN_SINKS = ("console", "memory", "foreachBatch", "foreach", "noop")

# Format name -> sink class constructed as ``cls(SinkContext)``. A new sink is a new
# module plus one line here.
SINKS: dict[str, Any] = {}


def sink_class(name: str) -> Any:
    cls = SINKS.get(name.lower())
    if cls is None:
        raise AnalysisException(
            errorClass="DATA_SOURCE_NOT_FOUND", messageParameters={"provider": name}
        )
    return cls


def source_class(name: str) -> Any:
    cls = SOURCES.get(name.lower())
    if cls is None:
        raise AnalysisException(
            errorClass="DATA_SOURCE_NOT_FOUND", messageParameters={"provider": name}
        )
    return cls


