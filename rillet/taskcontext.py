"""``TaskContext``, the twin of ``pyspark.TaskContext``: facts about the task running user code."""

from __future__ import annotations

import threading
from typing import ClassVar, Optional

_current = threading.local()


class TaskContext:
    """Information about the running task, as ``pyspark.TaskContext``.

    rillet runs a micro-batch as one task in-process: inside a ``foreach`` writer the
    context names partition 0 of the batch; on the driver :meth:`get` returns ``None``,
    as PySpark's does.

    Examples
    --------
    >>> from rillet import TaskContext
    >>> TaskContext.get() is None
    True
    """

    _taskContext: ClassVar[Optional[TaskContext]] = None

    def __init__(self, partitionId: int = 0, stageId: int = 0, attemptNumber: int = 0, taskAttemptId: int = 0,
                 localProperties: Optional[dict[str, str]] = None) -> None:
        self._partitionId = partitionId
        self._stageId = stageId
        self._attemptNumber = attemptNumber
        self._taskAttemptId = taskAttemptId
        self._localProperties = dict(localProperties or {})

    @classmethod
    def get(cls) -> Optional[TaskContext]:
        """The context of the task running on this thread, or ``None`` outside a task."""
        return getattr(_current, "context", None)

    @classmethod
    def _set(cls, context: Optional[TaskContext]) -> None:
        _current.context = context

    def partitionId(self) -> int:
        """The partition this task computes."""
        return self._partitionId

    def stageId(self) -> int:
        """The stage this task belongs to."""
        return self._stageId

    def attemptNumber(self) -> int:
        """How many times this task was attempted before (0 the first time)."""
        return self._attemptNumber

    def taskAttemptId(self) -> int:
        """An id unique to this task attempt."""
        return self._taskAttemptId

    def getLocalProperty(self, key: str) -> Optional[str]:
        """A local property set upstream on the driver, or ``None``."""
        return self._localProperties.get(key)

    def cpus(self) -> int:
        """CPUs allocated to the task."""
        return 1

    def resources(self) -> dict[str, object]:
        """Resources allocated to the task (none in rillet)."""
        return {}
