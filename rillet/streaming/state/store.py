"""StateStore: the keyed, versioned state of one stateful operator.

Rows are key columns plus value columns, held as a Polars frame. Versions are
batch ids. A batch works in this order:

1. ``load(v - 1)`` (once, at query start or restart): the last snapshot at or
   before ``v - 1`` plus the delta files after it.
2. ``lookup(keys)`` / ``upsert(rows)`` / ``remove(keys)``: vectorized by key table;
   changes are staged, not yet durable.
3. ``commit(v)``: the staged changes are written as ``<v>.delta`` (an Arrow IPC
   file of upserted rows and removed keys, temp name + fsync + rename); every
   ``min_deltas_for_snapshot`` versions a full ``<v>.snapshot`` is written too.

What survives a crash: every committed version. A version whose delta was not
fully written does not exist (the rename never happened), so recovery replays
the batch on the previous version. A missing or unreadable delta in the chain is
an error naming the file, never silently wrong state.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass

import polars as pl
import pyarrow as pa
import pyarrow.ipc as ipc

from rillet.errors import AnalysisException

_DELETED = "__deleted"


@dataclass
class StateMetrics:
    num_rows_total: int = 0
    num_rows_updated: int = 0
    num_rows_removed: int = 0
    memory_used_bytes: int = 0
    commit_time_ms: int = 0
    all_updates_time_ms: int = 0
    all_removals_time_ms: int = 0


def _write_ipc(path: str, df: pl.DataFrame) -> None:
    folder = os.path.dirname(path)
    tmp = os.path.join(folder, f".{os.path.basename(path)}.{uuid.uuid4().hex}.tmp")
    table = df.to_arrow()
    with open(tmp, "wb") as f:
        with ipc.new_file(f, table.schema) as writer:
            writer.write_table(table)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _read_ipc(path: str) -> pl.DataFrame:
    try:
        with ipc.open_file(path) as reader:
            table = reader.read_all()
    except (OSError, pa.ArrowInvalid) as e:
        raise AnalysisException(
            errorClass="CHECKPOINT_FILE_CORRUPT",
            messageParameters={"path": path, "reason": str(e)},
        ) from None
    df = pl.from_arrow(table)
    assert isinstance(df, pl.DataFrame)
    return df


def _schema_text(columns: list[list[str]]) -> str:
    return "struct<" + ",".join(f"{c}:{t}" for c, t in columns) + ">"


class StateStore:
    """Keyed state for one operator, persisted under ``path`` (a checkpoint folder)."""

    def __init__(
        self,
        path: str,
        schema: dict[str, pl.DataType],
        key_columns: list[str],
        min_deltas_for_snapshot: int = 10,
        value_labels: list[str] | None = None,
    ) -> None:
        self.path = path
        self.value_labels = value_labels or []
        self.schema = schema
        self.keys = key_columns
        self.min_deltas_for_snapshot = max(1, min_deltas_for_snapshot)
        os.makedirs(path, exist_ok=True)
        self._check_schema()
        self._data = self._empty()
        self._version = -1
        self._staged_upserts: list[pl.DataFrame] = []
        self._staged_removes: list[pl.DataFrame] = []
        self.metrics = StateMetrics()

    def _empty(self) -> pl.DataFrame:
        return pl.DataFrame(schema=self.schema)

    def _check_schema(self) -> None:
        """The state written by an earlier run must have this query's key and value
        columns; otherwise the query changed in a way that breaks its state (Spark's
        ``STATE_STORE_*_SCHEMA_NOT_COMPATIBLE``), and it must not run on it."""
        path = os.path.join(self.path, "_schema.json")
        keys = [[c, str(self.schema[c])] for c in self.keys]
        values = [[c, str(t)] for c, t in self.schema.items() if c not in self.keys]
        # what the values mean (e.g. which aggregate functions), so that a change from
        # count to sum -- same types -- is caught too (stricter than Spark, never wrong)
        values += [["meaning", label] for label in self.value_labels]
        if not os.path.exists(path):
            from rillet.streaming.checkpoint import write_atomic

            write_atomic(path, json.dumps({"keys": keys, "values": values}))
            return
        with open(path, encoding="utf-8") as f:
            stored = json.load(f)
        for kind, stored_cols, new_cols in (("KEY", stored["keys"], keys), ("VALUE", stored["values"], values)):
            if [list(c) for c in stored_cols] != new_cols:
                raise AnalysisException(
                    errorClass=f"STATE_STORE_{kind}_SCHEMA_NOT_COMPATIBLE",
                    messageParameters={
                        f"stored{kind.title()}Schema": _schema_text(stored_cols),
                        f"new{kind.title()}Schema": _schema_text(new_cols),
                        "path": self.path,
                    },
                )

    # -- recovery ---------------------------------------------------------------------
    def _versions(self, suffix: str) -> list[int]:
        out = []
        for name in os.listdir(self.path):
            if name.endswith(suffix) and name[: -len(suffix)].isdigit():
                out.append(int(name[: -len(suffix)]))
        return sorted(out)

    def load(self, version: int) -> None:
        """Make the state that of committed ``version`` (-1: empty)."""
        self._staged_upserts.clear()
        self._staged_removes.clear()
        if version < 0:
            self._data, self._version = self._empty(), -1
            return
        snapshots = [v for v in self._versions(".snapshot") if v <= version]
        base = snapshots[-1] if snapshots else -1
        data = _read_ipc(os.path.join(self.path, f"{base}.snapshot")) if base >= 0 else self._empty()
        data = data.cast(self.schema) if data.width else self._empty()  # type: ignore[arg-type]
        for v in range(base + 1, version + 1):
            delta_path = os.path.join(self.path, f"{v}.delta")
            if not os.path.exists(delta_path):
                raise AnalysisException(
                    errorClass="CHECKPOINT_FILE_CORRUPT",
                    messageParameters={
                        "path": delta_path,
                        "reason": f"the state delta of version {v} is missing; versions up to "
                        f"{version} were committed, so the state cannot be rebuilt",
                    },
                )
            data = self._apply(data, _read_ipc(delta_path))
        self._data, self._version = data, version

    def _apply(self, data: pl.DataFrame, delta: pl.DataFrame) -> pl.DataFrame:
        changed = delta.select(self.keys)
        kept = data.join(changed, on=self.keys, how="anti", nulls_equal=True)
        upserts = delta.filter(~pl.col(_DELETED)).drop(_DELETED).cast(self.schema)  # type: ignore[arg-type]
        return pl.concat([kept, upserts], how="vertical")

    # -- batch operations ---------------------------------------------------------------
    @property
    def version(self) -> int:
        return self._version

    def lookup(self, keys: pl.DataFrame) -> pl.DataFrame:
        """The state rows for ``keys`` (a frame of key columns)."""
        return self._data.join(keys.select(self.keys).unique(), on=self.keys, how="semi", nulls_equal=True)

    def all_rows(self) -> pl.DataFrame:
        return self._data

    def upsert(self, rows: pl.DataFrame) -> None:
        t0 = time.perf_counter()
        rows = rows.select(list(self.schema)).cast(self.schema)  # type: ignore[arg-type]
        kept = self._data.join(rows.select(self.keys), on=self.keys, how="anti", nulls_equal=True)
        self._data = pl.concat([kept, rows], how="vertical")
        self._staged_upserts.append(rows)
        self.metrics.num_rows_updated += rows.height
        self.metrics.all_updates_time_ms += int((time.perf_counter() - t0) * 1000)

    def remove(self, keys: pl.DataFrame) -> None:
        t0 = time.perf_counter()
        keys = keys.select(self.keys)
        before = self._data.height
        self._data = self._data.join(keys, on=self.keys, how="anti", nulls_equal=True)
        self._staged_removes.append(keys)
        self.metrics.num_rows_removed += before - self._data.height
        self.metrics.all_removals_time_ms += int((time.perf_counter() - t0) * 1000)

    def commit(self, version: int) -> StateMetrics:
        """Write version ``version`` durably; return this batch's metrics."""
        t0 = time.perf_counter()
        parts = []
        if self._staged_removes:
            removed = pl.concat(self._staged_removes).unique()
            nulls = [pl.lit(None, dtype=t).alias(c) for c, t in self.schema.items() if c not in self.keys]
            parts.append(removed.with_columns(nulls).select(list(self.schema)).with_columns(pl.lit(True).alias(_DELETED)))
        if self._staged_upserts:
            up = pl.concat(self._staged_upserts).unique(subset=self.keys, keep="last", maintain_order=True)
            parts.append(up.with_columns(pl.lit(False).alias(_DELETED)))
        delta = (
            pl.concat(parts, how="vertical").unique(subset=self.keys, keep="last", maintain_order=True)
            if parts
            else pl.DataFrame(schema={**self.schema, _DELETED: pl.Boolean})
        )
        _write_ipc(os.path.join(self.path, f"{version}.delta"), delta)
        if version % self.min_deltas_for_snapshot == 0:
            _write_ipc(os.path.join(self.path, f"{version}.snapshot"), self._data)
        self._version = version
        self._staged_upserts.clear()
        self._staged_removes.clear()
        metrics = self.metrics
        metrics.num_rows_total = self._data.height
        metrics.memory_used_bytes = int(self._data.estimated_size())
        metrics.commit_time_ms = int((time.perf_counter() - t0) * 1000)
        self.metrics = StateMetrics()
        return metrics

    def purge(self, keep_from_version: int) -> None:
        """Delete files no longer needed to rebuild versions >= ``keep_from_version``."""
        snapshots = [v for v in self._versions(".snapshot") if v <= keep_from_version]
        if not snapshots:
            return
        base = snapshots[-1]
        for suffix in (".delta", ".snapshot"):
            for v in self._versions(suffix):
                if v < base:
                    try:
                        os.remove(os.path.join(self.path, f"{v}{suffix}"))
                    except FileNotFoundError:
                        pass
