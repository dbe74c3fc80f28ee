"""Read a checkpoint's state for inspection: Spark's ``statestore`` and ``state-metadata``
batch sources (``spark.read.format("statestore").load(checkpoint)``)."""

from __future__ import annotations

import json
import os

import polars as pl
import pyarrow as pa

from rillet.errors import AnalysisException
from rillet.streaming.checkpoint import Checkpoint
from rillet.streaming.state.store import _DELETED, _read_ipc


def _not_a_checkpoint(path: str, reason: str) -> AnalysisException:
    return AnalysisException(
        errorClass="CHECKPOINT_FILE_CORRUPT", messageParameters={"path": path, "reason": reason}
    )


def _operators(root: str) -> list[int]:
    state = os.path.join(root, "state")
    if not os.path.isdir(state):
        return []
    return sorted(int(n) for n in os.listdir(state) if n.isdigit())


def _versions(folder: str, suffix: str) -> list[int]:
    return sorted(int(n[: -len(suffix)]) for n in os.listdir(folder) if n.endswith(suffix) and n[: -len(suffix)].isdigit())


def read_state(root: str, operator_id: int = 0, batch_id: int | None = None) -> pa.Table:
    """The state rows of one operator as of ``batch_id`` (default: the last committed
    batch): columns ``key`` (struct), ``value`` (struct) and ``partition_id``."""
    root = os.path.abspath(root)
    if not os.path.exists(os.path.join(root, "metadata")):
        raise _not_a_checkpoint(root, "there is no 'metadata' file: not a streaming checkpoint")
    folder = os.path.join(root, "state", str(operator_id))
    schema_path = os.path.join(folder, "_schema.json")
    if not os.path.exists(schema_path):
        raise AnalysisException(
            f"[STDS_NO_PARTITION_DISCOVERED_IN_STATE_STORE] The state has no operator {operator_id} "
            f"under {os.path.join(root, 'state')} (operators: {_operators(root)}). SQLSTATE: KD006",
            errorClass="STDS_NO_PARTITION_DISCOVERED_IN_STATE_STORE",
        )
    if batch_id is None:
        batch_id = Checkpoint(root).commits.latest()
        if batch_id is None:
            raise _not_a_checkpoint(root, "no batch has been committed yet")
    with open(schema_path, encoding="utf-8") as f:
        keys = [c for c, _ in json.load(f)["keys"]]
    snapshots = [v for v in _versions(folder, ".snapshot") if v <= batch_id]
    base = snapshots[-1] if snapshots else -1
    data: pl.DataFrame | None = _read_ipc(os.path.join(folder, f"{base}.snapshot")) if base >= 0 else None
    for v in range(base + 1, batch_id + 1):
        path = os.path.join(folder, f"{v}.delta")
        if not os.path.exists(path):
            raise _not_a_checkpoint(path, f"the state delta of version {v} is missing")
        delta = _read_ipc(path)
        upserts = delta.filter(~pl.col(_DELETED)).drop(_DELETED)
        if data is None:
            data = upserts
        else:
            data = pl.concat(
                [data.join(delta.select(keys), on=keys, how="anti", nulls_equal=True), upserts],
                how="vertical_relaxed",
            )
    if data is None:
        raise _not_a_checkpoint(folder, f"no state files up to batch {batch_id}")
    values = [c for c in data.columns if c not in keys]
    out = data.select(
        pl.struct(keys).alias("key"), pl.struct(values).alias("value"), pl.lit(0, dtype=pl.Int32).alias("partition_id")
    )
    return out.to_arrow()


def read_state_metadata(root: str) -> pa.Table:
    """One row per stateful operator: ``operatorId``, ``operatorName``, ``stateStoreName``,
    ``numPartitions``, ``minBatchId``, ``maxBatchId``."""
    root = os.path.abspath(root)
    if not os.path.exists(os.path.join(root, "metadata")):
        raise _not_a_checkpoint(root, "there is no 'metadata' file: not a streaming checkpoint")
    rows = []
    for op in _operators(root):
        folder = os.path.join(root, "state", str(op))
        versions = _versions(folder, ".delta") or [-1]
        rows.append({
            "operatorId": op, "operatorName": "stateStore", "stateStoreName": "default",
            "numPartitions": 1, "minBatchId": versions[0], "maxBatchId": versions[-1],
        })
    schema = pa.schema([
        ("operatorId", pa.int64()), ("operatorName", pa.large_string()), ("stateStoreName", pa.large_string()),
        ("numPartitions", pa.int32()), ("minBatchId", pa.int64()), ("maxBatchId", pa.int64()),
    ])
    return pa.Table.from_pylist(rows, schema=schema)
