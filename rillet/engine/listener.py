"""``StreamingQueryListener`` and its events (public as ``rillet.sql.streaming.listener``, the twin of
``pyspark.sql.streaming.listener``); here so that the engine and the dashboard, which post and read
them, need not import the API layer."""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any

from rillet.engine.progress import StreamingQueryProgress

if TYPE_CHECKING:
    from rillet.sql.session import SparkSession  # the layer above; for type checkers only

__all__ = [
    "StreamingQueryListener",
    "QueryStartedEvent",
    "QueryProgressEvent",
    "QueryIdleEvent",
    "QueryTerminatedEvent",
]


class StreamingQueryListener(ABC):
    """Interface for listening to events of the session's streaming queries.

    Register one with ``spark.streams.addListener(listener)``. Events are delivered
    on a background thread (``onQueryStarted`` excepted: it runs before ``start()``
    returns), so a slow listener never slows a query; a listener that raises is
    logged and the query goes on.

    Examples
    --------
    >>> from rillet.sql.streaming import StreamingQueryListener
    >>> class MyListener(StreamingQueryListener):
    ...    def onQueryStarted(self, event):
    ...        pass
    ...    def onQueryProgress(self, event):
    ...        pass
    ...    def onQueryIdle(self, event):
    ...        pass
    ...    def onQueryTerminated(self, event):
    ...        pass
    >>> from rillet.sql import SparkSession
    >>> spark = SparkSession.builder.getOrCreate()
    >>> spark.streams.addListener(MyListener())
    """

    _spark: SparkSession | None = None

    @property
    def spark(self) -> SparkSession | None:
        return self._spark

    @spark.setter
    def spark(self, session: SparkSession) -> None:
        self._spark = session

    @abstractmethod
    def onQueryStarted(self, event: QueryStartedEvent) -> None:
        """Called when a query is started, before ``start()`` returns. Do not block here."""

    @abstractmethod
    def onQueryProgress(self, event: QueryProgressEvent) -> None:
        """Called after each micro-batch with its progress."""

    def onQueryIdle(self, event: QueryIdleEvent) -> None:  # noqa: B027 - optional, as in PySpark
        """Called when the query is idle and waiting for new data to process."""

    @abstractmethod
    def onQueryTerminated(self, event: QueryTerminatedEvent) -> None:
        """Called when a query is stopped, with or without error."""


class _QueryEvent:
    """The identity every query event carries but the progress event (whose progress has it)."""

    def __init__(self, id: uuid.UUID, runId: uuid.UUID) -> None:  # noqa: A002 - PySpark's names
        self._id = id
        self._runId = runId

    @property
    def id(self) -> uuid.UUID:
        """A unique query id that persists across restarts."""
        return self._id

    @property
    def runId(self) -> uuid.UUID:
        """A query id that is unique for every start/restart."""
        return self._runId


class QueryStartedEvent(_QueryEvent):
    """Event representing the start of a query."""

    def __init__(self, id: uuid.UUID, runId: uuid.UUID, name: str | None, timestamp: str,  # noqa: A002
                 jobTags: set[str] | None = None) -> None:  # noqa: N803 - PySpark's names
        super().__init__(id, runId)
        self._name = name
        self._timestamp = timestamp
        self._job_tags = set(jobTags or ())

    @classmethod
    def fromJson(cls, j: dict[str, Any]) -> QueryStartedEvent:
        return cls(uuid.UUID(j["id"]), uuid.UUID(j["runId"]), j["name"], j["timestamp"], set(j.get("jobTags", ())))

    @property
    def jobTags(self) -> set[str]:
        """The job tags set on the thread that started the query (none in rillet unless given)."""
        return set(self._job_tags)

    @property
    def name(self) -> str | None:
        """User-specified name of the query, ``None`` if not specified."""
        return self._name

    @property
    def timestamp(self) -> str:
        """The timestamp to start a query."""
        return self._timestamp


class QueryProgressEvent:
    """Event representing any progress updates in a query."""

    def __init__(self, progress: StreamingQueryProgress) -> None:
        self._progress = progress

    @classmethod
    def fromJson(cls, j: dict[str, Any]) -> QueryProgressEvent:
        return cls(StreamingQueryProgress.fromJson(j["progress"]))

    @property
    def progress(self) -> StreamingQueryProgress:
        """The query progress updates."""
        return self._progress


class QueryIdleEvent(_QueryEvent):
    """Event representing that query is idle and waiting for new data to process."""

    def __init__(self, id: uuid.UUID, runId: uuid.UUID, timestamp: str) -> None:  # noqa: A002
        super().__init__(id, runId)
        self._timestamp = timestamp

    @classmethod
    def fromJson(cls, j: dict[str, Any]) -> QueryIdleEvent:
        return cls(uuid.UUID(j["id"]), uuid.UUID(j["runId"]), j["timestamp"])

    @property
    def timestamp(self) -> str:
        """The timestamp when the latest no-batch trigger happened."""
        return self._timestamp


class QueryTerminatedEvent(_QueryEvent):
    """Event representing that termination of a query."""

    def __init__(
        self,
        id: uuid.UUID,  # noqa: A002
        runId: uuid.UUID,
        exception: str | None,
        errorClassOnException: str | None,
    ) -> None:
        super().__init__(id, runId)
        self._exception = exception
        self._errorClassOnException = errorClassOnException

    @classmethod
    def fromJson(cls, j: dict[str, Any]) -> QueryTerminatedEvent:
        return cls(uuid.UUID(j["id"]), uuid.UUID(j["runId"]), j["exception"], j["errorClassOnException"])

    @property
    def exception(self) -> str | None:
        """The exception message if the query was terminated with an exception, else ``None``."""
        return self._exception

    @property
    def errorClassOnException(self) -> str | None:
        """The error class of the exception's cause, if it belongs to the error class framework."""
        return self._errorClassOnException
