"""Read a checkpoint's state for inspection: Spark's ``statestore`` and ``state-metadata``
batch sources (``spark.read.format("statestore").load(checkpoint)``).

``statestore`` options, as Spark 4.0's (case-insensitive): ``batchId`` (default: the last
committed batch), ``operatorId`` (default 0), ``storeName`` (default ``default``),
``joinSide`` (``left``/``right``: a stream-stream join's buffered rows of that side),
``stateVarName`` (a ``transformWithState`` variable, or its timers
``$eventTimers_keyToTimestamp`` / ``$procTimers_keyToTimestamp``),
``flattenCollectionTypes`` (default true: list/map variables one row per element),
``readChangeFeed`` with ``changeStartBatchId`` / ``changeEndBatchId`` (the changes each
batch made), and ``snapshotStartBatchId`` with ``snapshotPartitionId`` (rebuild the
state from the snapshot of that batch, not the latest one). Bad combinations raise
Spark's ``STDS_*`` conditions.

What the rows look like comes from the operator's ``_layout.json``
(:mod:`rillet.engine.state.layout`): Spark's ``key`` / ``value`` structs per
operator. A checkpoint written before layouts existed is read with its internal columns.
``operatorId`` is Spark's number (top-down), which the layout records: rillet's state
folders are numbered children first. rillet runs every stateful operator as one
partition: ``partition_id`` is always 0 and ``numPartitions`` 1. Work is O(state): the snapshot plus the deltas after it, vectorized.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from rillet.connectors.base import option_str
from rillet.engine.state.layout import read_layout
from rillet.engine.state.store import _DELETED, _read_ipc
from rillet.errors import AnalysisException
from rillet.plan import types as T

_DEFAULT_STORE = "default"
_JOIN_SIDES = ("left", "right", "none")


# -- errors -----------------------------------------------------------------------------------


def _not_a_checkpoint(path: str, reason: str) -> AnalysisException:
    return AnalysisException(
        errorClass="CHECKPOINT_FILE_CORRUPT", messageParameters={"path": path, "reason": reason}
    )


def _invalid(option: str, message: str) -> AnalysisException:
    return AnalysisException(
        errorClass="STDS_INVALID_OPTION_VALUE.WITH_MESSAGE", messageParameters={"optionName": option, "message": message}
    )


def _negative(option: str) -> AnalysisException:
    return AnalysisException(errorClass="STDS_INVALID_OPTION_VALUE.IS_NEGATIVE", messageParameters={"optionName": option})


def _conflict(*options: str) -> AnalysisException:
    return AnalysisException(
        errorClass="STDS_CONFLICT_OPTIONS", messageParameters={"options": "[" + ", ".join(f"'{o}'" for o in options) + "]"}
    )


def _required(option: str) -> AnalysisException:
    return AnalysisException(errorClass="STDS_REQUIRED_OPTION_UNSPECIFIED", messageParameters={"optionName": option})


# -- options ------------------------------------------------------------------------------------


@dataclass
class StateSourceOptions:
    """The validated options of one ``statestore`` read (Spark's ``StateSourceOptions``)."""

    root: str
    batch_id: int
    operator_id: int = 0
    store_name: str = _DEFAULT_STORE
    join_side: str = "none"
    state_var_name: str | None = None
    flatten: bool = True
    change_range: tuple[int, int] | None = None
    snapshot: tuple[int, int] | None = None  # (snapshotStartBatchId, snapshotPartitionId)

    def __str__(self) -> str:
        text = (
            f"StateSourceOptions(checkpointLocation=file://{self.root}, batchId={self.batch_id}, "
            f"operatorId={self.operator_id}, storeName={self.store_name}, joinSide={self.join_side}, "
            f"stateVarName={self.state_var_name or 'None'}, "
            f"+flattenCollectionTypes={str(self.flatten).lower()})"
        )
        if self.snapshot is not None:
            text += f", snapshotStartBatchId={self.snapshot[0]}, snapshotPartitionId={self.snapshot[1]}"
        if self.change_range is not None:
            text += f", changeStartBatchId={self.change_range[0]}, changeEndBatchId={self.change_range[1]}"
        return text

    @classmethod
    def parse(cls, root: str, options: Mapping[str, str]) -> StateSourceOptions:
        """Spark's checks, in Spark's order (so the same bad options raise the same error)."""

        def num(key: str) -> int | None:
            raw = option_str(options, key)
            if raw is None:
                return None
            try:
                return int(raw.strip())
            except ValueError:
                raise _invalid(key, f"'{raw}' is not a number.") from None

        operator_id = num("operatorId") or 0
        if operator_id < 0:
            raise _negative("operatorId")
        store_name = (option_str(options, "storeName") or _DEFAULT_STORE).strip()
        if not store_name:
            raise AnalysisException(
                errorClass="STDS_INVALID_OPTION_VALUE.IS_EMPTY", messageParameters={"optionName": "storeName"}
            )
        var = option_str(options, "stateVarName")
        state_var_name = var.strip() if var is not None else None
        join_side = option_str(options, "joinSide") or "none"
        if join_side not in _JOIN_SIDES:
            raise _invalid("joinSide", "Valid values are " + ",".join(_JOIN_SIDES))
        if join_side != "none" and store_name != _DEFAULT_STORE:
            raise _conflict("joinSide", "storeName")
        flatten_raw = (option_str(options, "flattenCollectionTypes") or "true").strip().lower()
        if flatten_raw not in ("true", "false"):
            raise _invalid("flattenCollectionTypes", f"'{flatten_raw}' is not a boolean.")
        batch_id = num("batchId")
        snapshot_start = num("snapshotStartBatchId")
        snapshot_partition = num("snapshotPartitionId")
        read_change_feed = (option_str(options, "readChangeFeed") or "false").strip().lower() == "true"
        change_start = num("changeStartBatchId")
        change_end = num("changeEndBatchId")
        out = cls(root, -1, operator_id, store_name, join_side, state_var_name, flatten_raw == "true")
        if read_change_feed:
            if join_side != "none":
                raise _conflict("joinSide", "readChangeFeed")
            for key, value in (("batchId", batch_id), ("snapshotStartBatchId", snapshot_start),
                               ("snapshotPartitionId", snapshot_partition)):
                if value is not None:
                    raise _conflict(key, "readChangeFeed")
            if change_start is None:
                raise _required("changeStartBatchId")
            if change_end is None:
                change_end = _last_committed(root)
            if change_start < 0:
                raise _negative("changeStartBatchId")
            if change_end < change_start:
                raise _invalid(
                    "changeEndBatchId",
                    "changeEndBatchId cannot be smaller than changeStartBatchId. Please check the input to "
                    "changeEndBatchId, or if you are using its default value, make sure that "
                    f"changeStartBatchId is less than {change_end}.",
                )
            out.batch_id, out.change_range = change_end, (change_start, change_end)
            return out
        for key, value in (("changeStartBatchId", change_start), ("changeEndBatchId", change_end)):
            if value is not None:
                raise _invalid(key, "Only specify this option when readChangeFeed is set to true.")
        out.batch_id = batch_id if batch_id is not None else _last_committed(root)
        if out.batch_id < 0:
            raise _negative("batchId")
        if snapshot_start is not None and snapshot_start < 0:
            raise _negative("snapshotStartBatchId")
        if snapshot_start is not None and snapshot_start > out.batch_id:
            raise _invalid("snapshotStartBatchId", f"value should be less than or equal to {out.batch_id}")
        if snapshot_partition is not None and snapshot_partition < 0:
            raise _negative("snapshotPartitionId")
        if snapshot_partition is not None and snapshot_start is None:
            raise _required("snapshotStartBatchId")
        if snapshot_partition is None and snapshot_start is not None:
            raise _required("snapshotPartitionId")
        if snapshot_start is not None and snapshot_partition is not None:
            out.snapshot = (snapshot_start, snapshot_partition)
        return out


def _last_committed(root: str) -> int:
    commits = os.path.join(root, "commits")
    ids = sorted(int(n) for n in os.listdir(commits) if n.isdigit()) if os.path.isdir(commits) else []
    if not ids:
        raise AnalysisException(
            errorClass="STDS_COMMITTED_BATCH_UNAVAILABLE", messageParameters={"checkpointLocation": f"file://{root}"}
        )
    return ids[-1]


def _checkpoint_root(root: str) -> str:
    root = os.path.abspath(root)
    if not os.path.exists(os.path.join(root, "metadata")):
        raise _not_a_checkpoint(root, "there is no 'metadata' file: not a streaming checkpoint")
    return root


# -- versions of one store folder ----------------------------------------------------------------


def _operators(root: str) -> dict[int, str]:
    """Spark's operatorId -> the operator's state folder (its layout's ``operatorId``; the
    folder's number for a checkpoint written before layouts)."""
    state = os.path.join(root, "state")
    if not os.path.isdir(state):
        return {}
    out = {}
    for name in sorted((n for n in os.listdir(state) if n.isdigit()), key=int):
        folder = os.path.join(state, name)
        layout = read_layout(folder)
        out[int(layout.get("operatorId", name)) if layout else int(name)] = folder
    return dict(sorted(out.items()))


def _versions(folder: str, suffix: str) -> list[int]:
    if not os.path.isdir(folder):
        return []
    return sorted(int(n[: -len(suffix)]) for n in os.listdir(folder) if n.endswith(suffix) and n[: -len(suffix)].isdigit())


def _key_columns(folder: str) -> list[str]:
    with open(os.path.join(folder, "_schema.json"), encoding="utf-8") as f:
        return [c for c, _ in json.load(f)["keys"]]


def _delta(folder: str, version: int) -> pl.DataFrame:
    path = os.path.join(folder, f"{version}.delta")
    if not os.path.exists(path):
        raise _not_a_checkpoint(path, f"the state delta of version {version} is missing")
    return _read_ipc(path)


def _load(folder: str, version: int, snapshot_start: int | None = None) -> pl.DataFrame:
    """The rows of the store in ``folder`` at ``version``: a snapshot plus the deltas after
    it (``snapshot_start``: that snapshot, which must exist; default the latest one)."""
    keys = _key_columns(folder)
    if snapshot_start is not None:
        path = os.path.join(folder, f"{snapshot_start}.snapshot")
        if not os.path.exists(path):
            raise _not_a_checkpoint(path, f"there is no state snapshot of batch {snapshot_start} "
                                          f"(snapshots: {_versions(folder, '.snapshot')})")
        base = snapshot_start
    else:
        snapshots = [v for v in _versions(folder, ".snapshot") if v <= version]
        base = snapshots[-1] if snapshots else -1
    data = _read_ipc(os.path.join(folder, f"{base}.snapshot")) if base >= 0 else None
    if data is not None and base == version:
        return data
    # the deltas' last word per key (in version order), then one anti-join of the snapshot
    changes = pl.concat([_delta(folder, v) for v in range(base + 1, version + 1)], how="vertical_relaxed")
    changes = changes.unique(subset=keys, keep="last", maintain_order=True)
    upserts = changes.filter(~pl.col(_DELETED)).drop(_DELETED)
    if data is None:
        return upserts
    kept = data.join(changes.select(keys), on=keys, how="anti", nulls_equal=True)
    return pl.concat([kept, upserts], how="vertical_relaxed")


def _changes(folder: str, start: int, end: int) -> pl.DataFrame:
    """The deltas of versions ``start..end``: the stored columns plus ``__batch``, ``__deleted``."""
    parts = [_delta(folder, v).with_columns(pl.lit(v, dtype=pl.Int64).alias("__batch")) for v in range(start, end + 1)]
    return pl.concat(parts, how="vertical_relaxed")


# -- Spark's rows from stored columns -------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _spark_type(text: str) -> T.DataType:
    from rillet.plan.ddl import _parse_datatype_string

    return _parse_datatype_string(text)


# a field's ``fn``: (stored column, frame height, its argument) -> the value Spark shows
_FUNCTIONS: dict[str, Callable[[pl.Expr, int, str], pl.Expr]] = {
    "unscaled": lambda e, n, scale: e * 10 ** int(scale),  # a decimal's unscaled value
    "null_to_minus_one": lambda e, n, _: e.fill_null(-1),
    "not_null": lambda e, n, _: e.is_not_null(),
    "is_null": lambda e, n, _: e.is_null(),
    "true": lambda e, n, _: pl.repeat(True, n, dtype=pl.Boolean),
}


def _leaf(frame: pl.DataFrame, field: dict[str, Any]) -> pa.Array:
    from rillet.compute.types import cast_array, to_polars

    dtype = _spark_type(field["type"])
    if isinstance(dtype, T.NullType):
        return pa.nulls(frame.height)
    expr = pl.col(field["col"])
    if "fn" in field:
        name, _, arg = field["fn"].partition(":")
        expr = _FUNCTIONS[name](expr, frame.height, arg)
        if name == "unscaled":
            expr = expr.cast(to_polars(dtype))
    column = frame.select(expr.alias("__out")).to_series().to_arrow()
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    return cast_array(column, dtype)


def _array(frame: pl.DataFrame, field: dict[str, Any]) -> pa.Array:
    if "fields" not in field:
        return _leaf(frame, field)
    out = _struct(frame, field["fields"])
    if "valid" in field and out.type.num_fields:
        invalid = frame.select(~pl.col(field["valid"]).fill_null(False)).to_series().to_arrow()
        out = pa.StructArray.from_arrays([out.field(i) for i in range(out.type.num_fields)],
                                         fields=list(out.type), mask=invalid)
    return out


def _struct(frame: pl.DataFrame, fields: list[dict[str, Any]]) -> pa.StructArray:
    """A struct column of ``fields`` (names may repeat, as Spark's aggregation buffers)."""
    if not fields:
        return pa.array([{}] * frame.height, type=pa.struct([]))
    children = [_array(frame, f) for f in fields]
    return pa.StructArray.from_arrays(children, fields=[pa.field(f["name"], c.type) for f, c in zip(fields, children)])


def _partition_ids(n: int) -> pa.Array:
    return pa.array(np.zeros(n, dtype=np.int32))


def _key_value_table(frame: pl.DataFrame, key: list[dict[str, Any]], value: list[dict[str, Any]],
                     value_name: str = "value") -> pa.Table:
    return pa.table({"key": _struct(frame, key), value_name: _struct(frame, value),
                     "partition_id": _partition_ids(frame.height)})


def _change_table(frame: pl.DataFrame, key: list[dict[str, Any]], value: list[dict[str, Any]]) -> pa.Table:
    """Spark's change feed rows: ``batch_id``, ``change_type`` (update/delete), ``key``, ``value``
    (NULL for a delete), ``partition_id``."""
    deleted = frame.get_column(_DELETED).to_arrow()
    values = _struct(frame, value)
    values = pa.StructArray.from_arrays(
        [values.field(i) for i in range(values.type.num_fields)], fields=list(values.type), mask=deleted
    ) if values.type.num_fields else values
    change = frame.select(pl.when(pl.col(_DELETED)).then(pl.lit("delete")).otherwise(pl.lit("update"))).to_series()
    return pa.table({
        "batch_id": frame.get_column("__batch").to_arrow(),
        "change_type": change.to_arrow().cast(pa.string()),
        "key": _struct(frame, key),
        "value": values,
        "partition_id": _partition_ids(frame.height),
    })


def _internal_fields(frame: pl.DataFrame, keys: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Fields of a store without a layout: its stored columns, as they are."""
    from rillet.compute.types import from_polars

    def field(c: str) -> dict[str, Any]:
        return {"name": c, "type": from_polars(frame.schema[c]).simpleString(), "col": c}

    return [field(c) for c in keys], [field(c) for c in frame.columns if c not in keys and c not in (_DELETED, "__batch")]


# -- statestore ---------------------------------------------------------------------------------


def read_state(root: str, options: Mapping[str, str] | None = None) -> pa.Table:
    """The ``statestore`` rows of one operator's state (see the module docstring)."""
    root = _checkpoint_root(root)
    opts = StateSourceOptions.parse(root, options or {})
    if opts.change_range is None and not os.path.exists(os.path.join(root, "offsets", str(opts.batch_id))):
        raise AnalysisException(
            errorClass="STDS_OFFSET_LOG_UNAVAILABLE",
            messageParameters={"batchId": str(opts.batch_id), "checkpointLocation": f"file://{root}"},
        )
    folder = _operators(root).get(opts.operator_id)
    if folder is None:
        raise _no_schema(opts)
    if opts.snapshot is not None and opts.snapshot[1] != 0:
        raise _invalid("snapshotPartitionId", f"the state of operator {opts.operator_id} has one partition (0).")
    layout = read_layout(folder)
    if layout is None:
        return _read_unlabelled(folder, opts)
    if opts.state_var_name is not None and "variables" not in layout:
        raise _invalid(
            "stateVarName",
            "Providing state variable names is only supported with the transformWithState operator. "
            f"Found operator={layout['operatorName']}. Please remove this option and re-run the query.",
        )
    if "variables" in layout:
        return _read_variable(folder, layout, opts)
    if opts.join_side != "none":
        if "join" not in layout:
            raise _no_schema(opts)
        return _read_join_side(folder, layout["join"][opts.join_side], opts)
    store = next((s for s in layout["stores"] if s["name"] == opts.store_name), None)
    if store is None:
        raise _no_schema(opts)
    if "join" in layout:
        return _read_join_store(folder, layout, store, opts)
    return _read_store(os.path.join(folder, store["dir"]), store["key"], store["value"], opts)


def _no_schema(opts: StateSourceOptions) -> AnalysisException:
    return AnalysisException(errorClass="STDS_FAILED_TO_READ_STATE_SCHEMA", messageParameters={"sourceOptions": str(opts)})


def _snapshot_start(opts: StateSourceOptions) -> int | None:
    return opts.snapshot[0] if opts.snapshot is not None else None


def _read_store(folder: str, key: list[dict[str, Any]], value: list[dict[str, Any]], opts: StateSourceOptions) -> pa.Table:
    if not os.path.exists(os.path.join(folder, "_schema.json")):
        raise _no_schema(opts)
    if opts.change_range is not None:
        return _change_table(_changes(folder, *opts.change_range), key, value)
    return _key_value_table(_load(folder, opts.batch_id, _snapshot_start(opts)), key, value)


def _read_unlabelled(folder: str, opts: StateSourceOptions) -> pa.Table:
    """A store without ``_layout.json`` (written before layouts): its stored columns."""
    if opts.store_name != _DEFAULT_STORE or opts.join_side != "none" or opts.state_var_name is not None:
        raise _no_schema(opts)
    if not os.path.exists(os.path.join(folder, "_schema.json")):
        raise _no_schema(opts)
    keys = _key_columns(folder)
    if opts.change_range is not None:
        frame = _changes(folder, *opts.change_range)
        key, value = _internal_fields(frame, keys)
        return _change_table(frame, key, value)
    frame = _load(folder, opts.batch_id, _snapshot_start(opts))
    key, value = _internal_fields(frame, keys)
    return _key_value_table(frame, key, value)


def _read_join_side(folder: str, side: dict[str, Any], opts: StateSourceOptions) -> pa.Table:
    """``joinSide``: the side's buffered input rows, keyed by the join key (Spark hides its
    keyToNumValues / keyWithIndexToValue stores behind this view)."""
    frame = _load(os.path.join(folder, side["dir"]), opts.batch_id, _snapshot_start(opts))
    frame = frame.sort([*[f["col"] for f in side["key"]], side["rid"]], nulls_last=False)
    return _key_value_table(frame, side["key"], side["value"])


def _read_join_store(folder: str, layout: dict[str, Any], store: dict[str, Any], opts: StateSourceOptions) -> pa.Table:
    """One of Spark's four join store names, derived from that side's buffer: the number of
    rows per join key, or each row with its index among its key's rows and ``matched``."""
    if opts.change_range is not None:
        raise _invalid(
            "readChangeFeed",
            f"the store {store['name']} of a stream-stream join is derived from rillet's buffer of "
            "that side and has no change feed; read the side with joinSide instead.",
        )
    side = layout["join"][store["name"].split("-", 1)[0]]
    keys = [f["col"] for f in side["key"]]
    frame = _load(os.path.join(folder, side["dir"]), opts.batch_id, _snapshot_start(opts))
    frame = frame.sort([*keys, side["rid"]], nulls_last=False)
    if store["name"].endswith("keyToNumValues"):
        frame = frame.group_by(keys, maintain_order=True).agg(pl.len().cast(pl.Int64).alias("__num"))
    else:
        index = pl.int_range(pl.len(), dtype=pl.Int64).over(keys) if keys else pl.int_range(pl.len(), dtype=pl.Int64)
        frame = frame.with_columns(index.alias("__index"))
    return _key_value_table(frame, store["key"], store["value"])


def _read_variable(folder: str, layout: dict[str, Any], opts: StateSourceOptions) -> pa.Table:
    """A ``transformWithState`` variable (``stateVarName``): value, list, map or timers."""
    if opts.join_side != "none" or opts.store_name != _DEFAULT_STORE:
        raise _no_schema(opts)
    if opts.state_var_name is None:
        raise _required("stateVarName")
    var = next((v for v in layout["variables"] if v["name"] == opts.state_var_name), None)
    if var is None:
        raise _invalid(
            "stateVarName", f"State variable {opts.state_var_name} is not defined for the transformWithState operator."
        )
    store = os.path.join(folder, var["dir"])
    key, value, kind = var["key"], var["value"], var["kind"]
    if opts.change_range is not None:
        if kind in ("list", "map"):
            raise _invalid("readChangeFeed", f"the change feed of {kind} state variable {var['name']} is not supported.")
        return _change_table(_changes(store, *opts.change_range), key, value)
    frame = _load(store, opts.batch_id, _snapshot_start(opts))
    key_cols = [f["col"] for f in key]
    if kind == "timer":
        frame = frame.sort([*key_cols, value[0]["col"]], nulls_last=False)
        return pa.table({"key": _struct(frame, key), "expiration_timestamp_ms": _leaf(frame, value[0]),
                         "partition_id": _partition_ids(frame.height)})
    if kind == "value":
        return _key_value_table(frame, key, value)
    if kind == "list":
        frame = frame.sort([*key_cols, var["index"]], nulls_last=False)
        if opts.flatten:
            return _key_value_table(frame, key, value, value_name="list_element")
        groups, offsets = _groups(frame, key_cols)
        elements = _struct(frame, value)
        lists = pa.LargeListArray.from_arrays(offsets, elements)
        return pa.table({"key": _struct(groups, key), "list_value": lists, "partition_id": _partition_ids(groups.height)})
    user_key = var["user_key"]
    frame = frame.sort([*key_cols, *(f["col"] for f in user_key)], nulls_last=False)
    if opts.flatten:
        return pa.table({"key": _struct(frame, key), "user_map_key": _struct(frame, user_key),
                         "user_map_value": _struct(frame, value), "partition_id": _partition_ids(frame.height)})
    groups, offsets = _groups(frame, key_cols)
    maps = pa.MapArray.from_arrays(offsets.cast(pa.int32()), _struct(frame, user_key), _struct(frame, value))
    return pa.table({"key": _struct(groups, key), "map_value": maps, "partition_id": _partition_ids(groups.height)})


def _groups(frame: pl.DataFrame, key_cols: list[str]) -> tuple[pl.DataFrame, pa.Array]:
    """The distinct keys of a frame sorted by them, and the offsets of each key's rows."""
    groups = frame.group_by(key_cols, maintain_order=True).agg(pl.len().alias("__len"))
    lengths = groups.get_column("__len").to_numpy().astype(np.int64)
    offsets = pa.array(np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64))
    return groups, offsets


# -- state-metadata -------------------------------------------------------------------------------


def _version_range(root: str, folder: str) -> tuple[int, int]:
    """``(minBatchId, maxBatchId)`` of an operator: the first version its files can rebuild
    and the last committed batch (the last delta when nothing is committed)."""
    stores = [folder] if os.path.exists(os.path.join(folder, "_schema.json")) else sorted(
        os.path.join(folder, n) for n in os.listdir(folder) if os.path.exists(os.path.join(folder, n, "_schema.json"))
    )
    deltas = sorted({v for s in stores for v in _versions(s, ".delta")})
    if not deltas:
        return -1, -1
    first = deltas[0]
    snapshots = sorted({v for s in stores for v in _versions(s, ".snapshot")})
    if first > 0 and snapshots:
        first = min((v for v in snapshots if v >= first - 1), default=first)
    commits = os.path.join(root, "commits")
    committed = sorted(int(n) for n in os.listdir(commits) if n.isdigit()) if os.path.isdir(commits) else []
    last = min(deltas[-1], committed[-1]) if committed else deltas[-1]
    return first, last


_METADATA_SCHEMA = pa.schema([
    ("operatorId", pa.int64()), ("operatorName", pa.string()), ("stateStoreName", pa.string()),
    ("numPartitions", pa.int32()), ("minBatchId", pa.int64()), ("maxBatchId", pa.int64()),
    ("operatorProperties", pa.string()),
])


def read_state_metadata(root: str) -> pa.Table:
    """One row per stateful operator and store: ``operatorId``, ``operatorName``,
    ``stateStoreName``, ``numPartitions``, ``minBatchId``, ``maxBatchId``, ``operatorProperties``."""
    root = _checkpoint_root(root)
    rows = []
    for op, folder in _operators(root).items():
        low, high = _version_range(root, folder)
        layout = read_layout(folder)
        name = layout["operatorName"] if layout else "stateStore"
        properties = layout.get("operatorProperties") if layout else None
        stores = [s["name"] for s in layout["stores"]] if layout else [_DEFAULT_STORE]
        for store in stores:
            rows.append({
                "operatorId": op, "operatorName": name, "stateStoreName": store, "numPartitions": 1,
                "minBatchId": low, "maxBatchId": high, "operatorProperties": properties,
            })
    return pa.Table.from_pylist(rows, schema=_METADATA_SCHEMA)
