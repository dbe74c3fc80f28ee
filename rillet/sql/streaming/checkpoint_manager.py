"""``spark._streamingCheckpointManager`` (PySpark 4.2+): offline operations on a stopped query's
checkpoint, such as repartitioning its state to a new number of shuffle partitions."""

from __future__ import annotations

import os
from typing import Any

from rillet.errors import PySparkValueError, SparkRuntimeException


def _batch_ids(folder: str) -> list[int]:
    if not os.path.isdir(folder):
        return []
    return sorted(int(n) for n in os.listdir(folder) if n.isdigit())


class StreamingCheckpointManager:
    """Offline checkpoint operations, checked as Spark checks them.

    rillet keeps each stateful operator's state as one store, not split by shuffle
    partition, so a state written under any ``spark.sql.shuffle.partitions`` is read back
    whole: :meth:`repartition` validates its arguments and the checkpoint and leaves the
    state as it is, and the restarted query continues from the same state.
    """

    def __init__(self, session: Any) -> None:
        self._session = session

    def repartition(self, checkpointLocation: Any, numPartitions: Any) -> None:  # noqa: N803 - PySpark's names
        """Repartition the state of the stopped query at ``checkpointLocation`` to ``numPartitions``."""
        if checkpointLocation is None:
            raise _parameter("IS_NULL", "checkpointLocation")
        if not str(checkpointLocation).strip():
            raise _parameter("IS_EMPTY", "checkpointLocation")
        if not isinstance(numPartitions, int) or isinstance(numPartitions, bool) or numPartitions <= 0:
            raise _parameter("IS_NOT_GREATER_THAN_ZERO", "numPartitions")
        root = str(checkpointLocation)
        committed = _batch_ids(os.path.join(root, "commits"))
        if not committed:
            raise _checkpoint("NO_COMMITTED_BATCH", root)
        if committed[-1] not in _batch_ids(os.path.join(root, "offsets")):
            raise _checkpoint("NO_BATCH_FOUND", root, committed[-1])


def _parameter(sub: str, name: str) -> PySparkValueError:
    return PySparkValueError(
        errorClass=f"STATE_REPARTITION_INVALID_PARAMETER.{sub}", messageParameters={"parameter": name}
    )


def _checkpoint(sub: str, root: str, batch_id: int | None = None) -> SparkRuntimeException:
    params = {"checkpointLocation": root}
    if batch_id is not None:
        params["batchId"] = str(batch_id)
    return SparkRuntimeException(errorClass=f"STATE_REPARTITION_INVALID_CHECKPOINT.{sub}", messageParameters=params)
