"""StateStore: the keyed, versioned state of one stateful operator, O(batch) per micro-batch.

Rows are key columns plus value columns. In memory the state is a short list of
*runs* (a log-structured merge layout): each run is an immutable Polars frame
sorted by a 64-bit hash of the key, the sorted hashes as a numpy array, and an
``alive`` mask. A key is alive in at most one run. So every operation costs time
in proportion to the rows it touches, never to the whole state:

- ``lookup`` / ``upsert`` / ``remove``: ``np.searchsorted`` of the batch's key
  hashes in each run, the candidates' real key columns compared (null-safe) to
  settle hash collisions. An upsert kills the old rows (mask) and adds the batch
  as a new run; the newest runs merge while a run is at least half the size of
  the one before it, so there are O(log state) runs and each row is copied
  O(log state) times (amortized O(batch log state) per batch).
- ``evict_before(column, threshold)``: per run, the positions ordered by that
  column's value; the rows below the threshold are a prefix, consumed once.
- Memory is bounded by ``max_memory_bytes`` (conf ``spark.rillet.stateStore.maxMemoryBytes``,
  default 1 GiB): when the runs held in memory exceed it, the largest are written
  to Arrow IPC files under ``<store>/_spill/`` and read back memory-mapped, so
  the operating system pages them in on demand. Only the alive masks and
  eviction indexes (13 bytes a row per index) stay on the heap. The spill files
  are a cache of this process, outside the versioned files, rebuilt by ``load``.

Versions are batch ids. A batch works in this order:

1. ``load(v - 1)`` (once, at query start or restart): the last complete snapshot
   at or before ``v - 1`` plus the delta files after it.
2. ``lookup`` / ``prefix_scan`` / ``upsert`` / ``remove`` / ``evict_before``:
   vectorized by key table; changes are staged, not yet durable.
3. ``commit(v)``: the staged changes are written as ``<v>.delta`` (an Arrow IPC
   file of upserted rows and removed keys, temp name + fsync + rename); every
   ``min_deltas_for_snapshot`` versions a full ``<v>.snapshot`` is written too,
   in a background thread, from the runs as they were at ``commit(v)`` (their
   frames are immutable; the masks are copied), so the next batches do not wait.

What survives a crash: every committed version. A version whose delta was not
fully written does not exist (the rename never happened), so recovery replays
the batch on the previous version; a snapshot cut short leaves only a temp file,
and recovery uses the one before it plus deltas (``purge`` keeps whatever the
last complete snapshot needs). A missing or unreadable delta in the chain is an
error naming the file, never silently wrong state.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
import uuid
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.ipc as ipc

from rillet import durability
from rillet.engine.faults import crash_point
from rillet.errors import AnalysisException

log = logging.getLogger(__name__)

_DELETED = "__deleted"
_HASH = "__hash"
MAX_MEMORY_CONF = "spark.rillet.stateStore.maxMemoryBytes"
DEFAULT_MAX_MEMORY_BYTES = 1 << 30
_SEEDS = (0x5EED, 0xB0B, 0xCAFE, 0xD00D)
_SPILLED_MERGE_BYTES = 64 << 20  # spilled runs still merge up to this size


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
        durability.fsync(f.fileno())
    os.replace(tmp, path)


def _corrupt(path: str, reason: str) -> AnalysisException:
    return AnalysisException(errorClass="CHECKPOINT_FILE_CORRUPT", messageParameters={"path": path, "reason": reason})


def _read_ipc(path: str) -> pl.DataFrame:
    try:
        with ipc.open_file(path) as reader:
            table = reader.read_all()
    except (OSError, pa.ArrowInvalid) as e:
        raise _corrupt(path, str(e)) from None
    df = pl.from_arrow(table)
    assert isinstance(df, pl.DataFrame)
    return df


def _schema_text(columns: list[list[str]]) -> str:
    return "struct<" + ",".join(f"{c}:{t}" for c, t in columns) + ">"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Run:
    """Rows sorted by key hash. The rows never change; ``alive`` marks the live ones.

    In memory (``frame``) or spilled (``table``: a memory-mapped Arrow IPC file whose
    ``__hash`` column backs ``hashes``)."""

    __slots__ = ("frame", "table", "path", "hashes", "alive", "n_alive", "times")

    def __init__(self, frame: pl.DataFrame, hashes: np.ndarray) -> None:
        self.frame: pl.DataFrame | None = frame
        self.table: pa.Table | None = None
        self.path: str | None = None
        self.hashes = hashes
        self.alive = np.ones(len(hashes), dtype=bool)
        self.n_alive = len(hashes)
        # eviction index per column: [values sorted, their row positions, consumed prefix]
        self.times: dict[str, list[Any]] = {}

    def __len__(self) -> int:
        return len(self.hashes)

    def heap_bytes(self) -> int:
        n = int(self.alive.nbytes) + sum(int(t[0].nbytes + t[1].nbytes) for t in self.times.values())
        if self.frame is not None:
            n += int(self.frame.estimated_size()) + int(self.hashes.nbytes)
        return n

    def data_bytes(self) -> int:
        if self.frame is not None:
            return int(self.frame.estimated_size())
        assert self.table is not None
        return int(self.table.nbytes)

    def take(self, pos: np.ndarray, schema: Mapping[str, pl.DataType], columns: list[str] | None = None) -> pl.DataFrame:
        cols = columns if columns is not None else list(schema)
        if self.frame is not None:
            return self.frame.select(cols)[pos]
        assert self.table is not None
        return _from_arrow(self.table.select(cols).take(pa.array(pos)), {c: schema[c] for c in cols})

    def alive_frame(self, schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
        if self.frame is not None:
            return self.frame if self.n_alive == len(self) else self.frame.filter(pl.Series(self.alive))
        assert self.table is not None
        table = self.table.drop_columns([_HASH])
        if self.n_alive < len(self):
            table = table.filter(pa.array(self.alive))
        return _from_arrow(table, schema)


def _release(run: _Run) -> None:
    """Delete a dropped run's spill file (a snapshot still reading it keeps its mapping)."""
    if run.path is not None:
        try:
            os.remove(run.path)
        except OSError:
            pass
        run.path = None


def _from_arrow(table: pa.Table, schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    df = pl.from_arrow(table)
    assert isinstance(df, pl.DataFrame)
    if df.width == 0:
        return pl.DataFrame(schema=dict(schema))
    return df.cast(dict(schema))  # type: ignore[arg-type]


class StateStore:
    """Keyed state for one operator, persisted under ``path`` (a checkpoint folder).

    ``num_prefix_key_columns`` (as Spark's prefix-key encoder): the first N key
    columns are the ones hashed, so ``prefix_scan`` finds every row of a prefix
    (e.g. all sessions of a partition key) at the cost of those rows only."""

    def __init__(
        self,
        path: str,
        schema: dict[str, pl.DataType],
        key_columns: list[str],
        min_deltas_for_snapshot: int = 10,
        value_labels: list[str] | None = None,
        *,
        num_prefix_key_columns: int = 0,
        max_memory_bytes: int | None = None,
    ) -> None:
        self.path = path
        self.value_labels = value_labels or []
        self.schema = schema
        self.keys = key_columns
        self.min_deltas_for_snapshot = max(1, min_deltas_for_snapshot)
        self._purged_bucket: int | None = None  # keep_from_version // min_deltas of the last purge
        self.max_memory_bytes = max_memory_bytes or DEFAULT_MAX_MEMORY_BYTES
        self._hash_columns = key_columns[:num_prefix_key_columns] if num_prefix_key_columns else key_columns
        self._prefix = key_columns[:num_prefix_key_columns]
        # test hook: fewer hash bits force collisions (``np.uint64(3)`` -> 4 distinct hashes)
        self.hash_mask = np.uint64(0xFFFFFFFFFFFFFFFF)
        os.makedirs(path, exist_ok=True)
        self._check_schema()
        self._runs: list[_Run] = []
        self._time_exprs: dict[str, pl.Expr] = {}
        self._version = -1
        self._staged: list[tuple[bool, pl.DataFrame]] = []  # (removed?, rows or keys), in order
        self._snapshot_thread: threading.Thread | None = None
        self._spill_root = os.path.join(path, "_spill")
        self._spill_dir = os.path.join(self._spill_root, f"{os.getpid()}-{uuid.uuid4().hex[:12]}")
        self._clean_stale_spills()
        weakref.finalize(self, shutil.rmtree, self._spill_dir, True)
        self.metrics = StateMetrics()

    def configure(self, conf: Mapping[str, str]) -> None:
        """Apply session confs (``spark.rillet.stateStore.maxMemoryBytes``)."""
        value = conf.get(MAX_MEMORY_CONF)
        if value is not None:
            self.max_memory_bytes = max(1, int(value))

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
            durability.write_atomic(path, json.dumps({"keys": keys, "values": values}))
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
        self.wait_for_snapshot()
        self._staged.clear()
        self._drop_runs()
        self._version = -1
        self.metrics = StateMetrics()
        if version < 0:
            return
        base = self._load_base(version)
        for v in range(base + 1, version + 1):
            delta = _read_ipc(os.path.join(self.path, f"{v}.delta"))
            removed = delta.get_column(_DELETED)
            self._remove_keys(delta.filter(removed).select(self.keys).cast(self._key_schema()))  # type: ignore[arg-type]
            self._upsert_rows(delta.filter(~removed).drop(_DELETED).cast(self.schema))  # type: ignore[arg-type]
            self._enforce_budget()
        self._version = version

    def _load_base(self, version: int) -> int:
        """Load the newest readable snapshot at or before ``version`` whose later deltas are
        all there; return its version (-1: none, replay every delta). An unreadable snapshot
        is skipped when an earlier one (or the deltas from version 0) can stand in for it."""
        snapshots = [v for v in self._versions(".snapshot") if v <= version]
        deltas = set(self._versions(".delta"))
        unreadable: AnalysisException | None = None
        for base in [*reversed(snapshots), -1]:
            missing = next((v for v in range(base + 1, version + 1) if v not in deltas), None)
            if missing is not None:  # (then every earlier base misses it too)
                raise unreadable or _corrupt(
                    os.path.join(self.path, f"{missing}.delta"),
                    f"the state delta of version {missing} is missing; versions up to "
                    f"{version} were committed, so the state cannot be rebuilt",
                )
            if base < 0:
                return base
            try:
                self._load_snapshot(os.path.join(self.path, f"{base}.snapshot"))
                return base
            except AnalysisException as e:
                log.warning("Skipping unreadable state snapshot (%s); rebuilding from an earlier version", e)
                self._drop_runs()
                unreadable = unreadable or e
        return -1  # not reached: base -1 returns or raises above

    def _load_snapshot(self, path: str) -> None:
        """Build runs from a snapshot, memory-mapped, in pieces that fit the budget."""
        try:
            table = ipc.open_file(pa.memory_map(path)).read_all()
        except (OSError, pa.ArrowInvalid) as e:
            raise _corrupt(path, str(e)) from None
        if table.num_rows == 0:
            return
        row_bytes = max(1, table.nbytes // table.num_rows)
        piece = max(1024, self.max_memory_bytes // (4 * row_bytes))
        for start in range(0, table.num_rows, piece):
            frame = _from_arrow(table.slice(start, piece), self.schema)
            self._add_run(frame, self._hash(frame))
            self._enforce_budget()

    def _drop_runs(self) -> None:
        self._runs = []
        shutil.rmtree(self._spill_dir, ignore_errors=True)

    def _clean_stale_spills(self) -> None:
        """Spill folders of processes that are gone (a crash leaves them behind)."""
        if not os.path.isdir(self._spill_root):
            return
        for name in os.listdir(self._spill_root):
            pid = name.split("-", 1)[0]
            if pid.isdigit() and not _pid_alive(int(pid)):
                shutil.rmtree(os.path.join(self._spill_root, name), ignore_errors=True)

    # -- hashing and finding -------------------------------------------------------------
    def _key_schema(self) -> dict[str, pl.DataType]:
        return {c: self.schema[c] for c in self.keys}

    def _hash(self, frame: pl.DataFrame) -> np.ndarray:
        if not self._hash_columns:
            return np.zeros(frame.height, dtype=np.uint64)
        h = frame.select(self._hash_columns).hash_rows(*_SEEDS).to_numpy()
        return h & self.hash_mask

    def _find(
        self, frame: pl.DataFrame, hashes: np.ndarray, match: list[str]
    ) -> list[tuple[_Run, np.ndarray, np.ndarray]]:
        """For each run: (run, row index in ``frame``, position in run) of the alive rows
        whose ``match`` columns equal (nulls equal) the frame's row."""
        out = []
        ours: pl.DataFrame | None = None
        order = np.argsort(hashes, kind="stable")  # sorted probes: searchsorted walks each run once
        probes = hashes[order]
        for run in self._runs:
            if run.n_alive == 0:
                continue
            left = np.searchsorted(run.hashes, probes, "left")
            right = np.searchsorted(run.hashes, probes, "right")
            counts = right - left
            total = int(counts.sum())
            if total == 0:
                continue
            at = np.repeat(np.arange(len(probes)), counts)
            pos = left[at] + (np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts))
            idx = order[at]
            live = run.alive[pos]
            idx, pos = idx[live], pos[live]
            if not len(pos):
                continue
            if match:
                if ours is None:
                    ours = frame.select(match)
                theirs = run.take(pos, self.schema, match)
                mine = ours[idx]
                same = np.ones(len(pos), dtype=bool)
                for c in match:
                    same &= theirs.get_column(c).eq_missing(mine.get_column(c)).to_numpy()
                idx, pos = idx[same], pos[same]
            if len(pos):
                out.append((run, idx, pos))
        return out

    def _kill(self, run: _Run, pos: np.ndarray) -> None:
        run.alive[pos] = False
        run.n_alive = int(np.count_nonzero(run.alive))

    # -- runs -----------------------------------------------------------------------------
    def _new_run(self, frame: pl.DataFrame, hashes: np.ndarray, presorted: bool = False) -> _Run:
        if not presorted:
            order = np.argsort(hashes, kind="stable")
            frame, hashes = frame[order], hashes[order]
        run = _Run(frame, np.ascontiguousarray(hashes))
        for name in self._time_exprs:
            self._index_times(run, name)
        return run

    def _add_run(self, frame: pl.DataFrame, hashes: np.ndarray) -> None:
        self._runs.append(self._new_run(frame, hashes))
        self._merge_tail()

    def _merge_tail(self) -> None:
        runs = self._runs
        # spilled runs merge too (read back for the merge) up to a size, so that a state
        # beyond the budget is a bounded number of runs rather than one per batch
        cap = max(self.max_memory_bytes // 2, _SPILLED_MERGE_BYTES)
        while (
            len(runs) >= 2
            and runs[-2].n_alive <= 2 * runs[-1].n_alive
            and (
                (runs[-1].frame is not None and runs[-2].frame is not None)
                or runs[-1].data_bytes() + runs[-2].data_bytes() <= cap
            )
        ):
            newer, older = runs.pop(), runs.pop()
            old_h, new_h = older.hashes[older.alive], newer.hashes[newer.alive]
            # both sorted: a linear merge (where each newer row goes), not a sort
            at = np.searchsorted(old_h, new_h, "right") + np.arange(len(new_h))
            order = np.empty(len(old_h) + len(new_h), dtype=np.int64)
            is_new = np.zeros(len(order), dtype=bool)
            is_new[at] = True
            order[at] = np.arange(len(old_h), len(order))
            order[~is_new] = np.arange(len(old_h))
            frame = pl.concat([older.alive_frame(self.schema), newer.alive_frame(self.schema)], how="vertical")
            hashes = np.concatenate([old_h, new_h])[order]
            runs.append(self._new_run(frame[order], hashes, presorted=True))
            _release(older)
            _release(newer)

    def _tidy(self, touched: Iterable[_Run]) -> None:
        """Drop empty runs; rewrite a run that is mostly dead (amortized by its removals)."""
        unique = {id(run): run for run in touched}
        for i, run in enumerate(self._runs):
            if id(run) not in unique or run.n_alive == 0 or run.n_alive * 2 >= len(run) or len(run) < 64:
                continue
            self._runs[i] = self._new_run(run.alive_frame(self.schema), run.hashes[run.alive], presorted=True)
            _release(run)
        for run in self._runs:
            if not run.n_alive:
                _release(run)
        self._runs = [r for r in self._runs if r.n_alive]

    # -- eviction index -----------------------------------------------------------------
    def _time_expr(self, column: str) -> pl.Expr:
        name, _, field = column.partition(".")
        if name not in self.schema:
            raise KeyError(f"state column {name!r} is not one of {list(self.schema)}")
        expr = pl.col(name).struct.field(field) if field else pl.col(name)
        dtype = pl.DataFrame(schema=self.schema).select(expr).dtypes[0]
        if dtype.is_temporal():
            return expr.dt.epoch("us")
        return expr.cast(pl.Int64)

    def _index_times(self, run: _Run, name: str) -> None:
        if run.frame is not None:
            values = run.frame.select(self._time_exprs[name]).to_series()
        else:
            assert run.table is not None
            top = name.partition(".")[0]
            part = _from_arrow(run.table.select([top]), {top: self.schema[top]})
            values = part.select(self._time_exprs[name]).to_series()
        present = ~values.is_null().to_numpy()
        pos = np.flatnonzero(present).astype(np.int32)
        t = values.fill_null(0).to_numpy()[present].astype(np.int64)
        order = np.argsort(t, kind="stable")
        run.times[name] = [t[order], pos[order], 0]

    # -- batch operations ---------------------------------------------------------------
    @property
    def version(self) -> int:
        return self._version

    def _gather(self, found: list[tuple[_Run, np.ndarray, np.ndarray]]) -> pl.DataFrame:
        parts = [run.take(np.sort(pos), self.schema) for run, _, pos in found]
        return pl.concat(parts, how="vertical") if parts else self._empty()

    def lookup(self, keys: pl.DataFrame) -> pl.DataFrame:
        """The state rows for ``keys`` (a frame with the key columns). Its time counts in
        ``allUpdatesTimeMs`` (as Spark's, which covers reading the old values)."""
        t0 = time.perf_counter()
        keys = keys.select(self.keys).cast(self._key_schema()).unique()  # type: ignore[arg-type]
        found = self._gather(self._find(keys, self._hash(keys), self.keys))
        self.metrics.all_updates_time_ms += int((time.perf_counter() - t0) * 1000)
        return found

    def prefix_scan(self, prefixes: pl.DataFrame) -> pl.DataFrame:
        """Every state row whose first ``num_prefix_key_columns`` key columns equal a row of
        ``prefixes`` (without prefix columns: every row)."""
        if not self._prefix:
            return self.all_rows()
        prefixes = prefixes.select(self._prefix).cast({c: self.schema[c] for c in self._prefix}).unique()
        return self._gather(self._find(prefixes, self._hash(prefixes), self._prefix))

    def all_rows(self) -> pl.DataFrame:
        """Every state row (complete mode, inspection): O(state)."""
        parts = [run.alive_frame(self.schema) for run in self._runs if run.n_alive]
        return pl.concat(parts, how="vertical") if parts else self._empty()

    @property
    def num_rows(self) -> int:
        return sum(run.n_alive for run in self._runs)

    def upsert(self, rows: pl.DataFrame) -> None:
        """Insert or replace the rows of ``rows``' keys (the last row of a key wins)."""
        t0 = time.perf_counter()
        rows = rows.select(list(self.schema)).cast(self.schema)  # type: ignore[arg-type]
        if rows.height > 1:
            rows = rows.unique(subset=self.keys, keep="last", maintain_order=True)
        if rows.height:
            self._upsert_rows(rows)
            self._staged.append((False, rows))
        self.metrics.num_rows_updated += rows.height
        self.metrics.all_updates_time_ms += int((time.perf_counter() - t0) * 1000)

    def insert(self, rows: pl.DataFrame) -> None:
        """Add rows whose keys are not in the state (e.g. fresh row ids): an upsert without
        the search for rows to replace."""
        t0 = time.perf_counter()
        rows = rows.select(list(self.schema)).cast(self.schema)  # type: ignore[arg-type]
        if rows.height:
            self._add_run(rows, self._hash(rows))
            self._staged.append((False, rows))
        self.metrics.num_rows_updated += rows.height
        self.metrics.all_updates_time_ms += int((time.perf_counter() - t0) * 1000)

    def _upsert_rows(self, rows: pl.DataFrame) -> None:
        if not rows.height:
            return
        hashes = self._hash(rows)
        found = self._find(rows, hashes, self.keys)
        for run, _, pos in found:
            self._kill(run, pos)
        self._tidy([run for run, _, _ in found])
        self._add_run(rows, hashes)

    def remove(self, keys: pl.DataFrame) -> None:
        """Remove the rows of ``keys`` (a frame with the key columns; others are ignored)."""
        t0 = time.perf_counter()
        keys = keys.select(self.keys).cast(self._key_schema()).unique()  # type: ignore[arg-type]
        self.metrics.num_rows_removed += self._remove_keys(keys)
        if keys.height:
            self._staged.append((True, keys))
        self.metrics.all_removals_time_ms += int((time.perf_counter() - t0) * 1000)

    def _remove_keys(self, keys: pl.DataFrame) -> int:
        if not keys.height:
            return 0
        found = self._find(keys, self._hash(keys), self.keys)
        for run, _, pos in found:
            self._kill(run, pos)
        self._tidy([run for run, _, _ in found])
        return sum(len(pos) for _, _, pos in found)

    def evict_before(self, column: str, threshold: int) -> pl.DataFrame:
        """Remove and return the rows whose ``column`` is below ``threshold``.

        ``column`` is a state column, or ``"col.field"`` for a struct field (a window's
        ``end``); temporal values compare as epoch microseconds, NULL is never below.
        The first call for a column builds its index (O(state), once); later calls cost
        the evicted rows."""
        t0 = time.perf_counter()
        if column not in self._time_exprs:
            self._time_exprs[column] = self._time_expr(column)
            for run in self._runs:
                self._index_times(run, column)
        parts = []
        touched = []
        for run in self._runs:
            values, positions, consumed = run.times[column]
            end = int(np.searchsorted(values, threshold, "left"))
            if end <= consumed:
                continue
            run.times[column][2] = end
            pos = positions[consumed:end]
            pos = np.sort(pos[run.alive[pos]]).astype(np.int64)
            if len(pos):
                parts.append(run.take(pos, self.schema))
                self._kill(run, pos)
                touched.append(run)
        self._tidy(touched)
        evicted = pl.concat(parts, how="vertical") if parts else self._empty()
        if evicted.height:
            self._staged.append((True, evicted.select(self.keys)))
        self.metrics.num_rows_removed += evicted.height
        self.metrics.all_removals_time_ms += int((time.perf_counter() - t0) * 1000)
        return evicted

    # -- commit ---------------------------------------------------------------------------
    def _delta(self) -> pl.DataFrame:
        parts = []
        nulls = [pl.lit(None, dtype=t).alias(c) for c, t in self.schema.items() if c not in self.keys]
        for removed, frame in self._staged:
            if removed:
                frame = frame.with_columns(nulls).select(list(self.schema))
            parts.append(frame.with_columns(pl.lit(removed).alias(_DELETED)))
        if not parts:
            return pl.DataFrame(schema={**self.schema, _DELETED: pl.Boolean})
        return pl.concat(parts, how="vertical").unique(subset=self.keys, keep="last", maintain_order=True)

    def commit(self, version: int) -> StateMetrics:
        """Write version ``version`` durably; return this batch's metrics."""
        t0 = time.perf_counter()
        _write_ipc(os.path.join(self.path, f"{version}.delta"), self._delta())
        self._version = version
        self._staged.clear()
        if version % self.min_deltas_for_snapshot == 0:
            self._start_snapshot(version)
        self._enforce_budget()
        metrics = self.metrics
        metrics.num_rows_total = self.num_rows
        metrics.memory_used_bytes = self.memory_used_bytes()
        metrics.commit_time_ms = int((time.perf_counter() - t0) * 1000)
        self.metrics = StateMetrics()
        return metrics

    def memory_used_bytes(self) -> int:
        return sum(run.heap_bytes() for run in self._runs)

    # -- snapshots (background) -----------------------------------------------------------
    def _start_snapshot(self, version: int) -> None:
        # the previous snapshot had min_deltas_for_snapshot batches to finish; waiting for it
        # keeps "one snapshot every N versions" without two writers on the disk
        self.wait_for_snapshot()
        parts = [
            (run.frame, run.table, None if run.n_alive == len(run) else run.alive.copy())
            for run in self._runs if run.n_alive
        ]
        target = os.path.join(self.path, f"{version}.snapshot")
        thread = threading.Thread(
            target=self._write_snapshot, args=(target, parts), name=f"state-snapshot-{version}"
        )  # not a daemon: a process exiting normally finishes the snapshot first
        self._snapshot_thread = thread
        thread.start()

    def _write_snapshot(
        self, target: str, parts: list[tuple[pl.DataFrame | None, pa.Table | None, np.ndarray | None]]
    ) -> None:
        schema = self._empty().to_arrow().schema
        tmp = os.path.join(self.path, f".{os.path.basename(target)}.{uuid.uuid4().hex}.tmp")
        try:
            with open(tmp, "wb") as f:
                with ipc.new_file(f, schema) as writer:
                    for frame, table, alive in parts:
                        if frame is not None:
                            part = (frame if alive is None else frame.filter(pl.Series(alive))).to_arrow()
                        else:
                            assert table is not None
                            part = table.drop_columns([_HASH])
                            if alive is not None:
                                part = part.filter(pa.array(alive))
                        writer.write_table(part.cast(schema))
                        crash_point("during_snapshot")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except Exception:  # a snapshot is an optimization: deltas still rebuild the state
            log.exception("Writing state snapshot %s failed", target)
            try:
                os.remove(tmp)
            except OSError:
                pass

    def wait_for_snapshot(self) -> None:
        """Block until the background snapshot (if any) is on disk."""
        thread = self._snapshot_thread
        if thread is not None:
            thread.join()
            self._snapshot_thread = None

    def close(self) -> None:
        """Finish the pending snapshot and delete this process's spill files."""
        self.wait_for_snapshot()
        self._drop_runs()

    # -- memory budget --------------------------------------------------------------------
    def _enforce_budget(self) -> None:
        """Spill the largest in-memory runs until the heap part fits ``max_memory_bytes``."""
        used = self.memory_used_bytes()
        while used > self.max_memory_bytes:
            candidates = [r for r in self._runs if r.frame is not None and r.n_alive]
            if not candidates:
                return
            run = max(candidates, key=len)
            before = run.heap_bytes()
            self._spill(run)
            used -= before - run.heap_bytes()

    def _spill(self, run: _Run) -> None:
        assert run.frame is not None
        os.makedirs(self._spill_dir, exist_ok=True)
        path = os.path.join(self._spill_dir, f"{uuid.uuid4().hex}.arrow")
        table = run.frame.to_arrow().append_column(_HASH, pa.array(run.hashes, pa.uint64())).combine_chunks()
        with pa.OSFile(path, "wb") as f, ipc.new_file(f, table.schema) as writer:
            writer.write_table(table, max_chunksize=max(1, table.num_rows))
        mapped = ipc.open_file(pa.memory_map(path)).read_all()
        run.table, run.path = mapped, path
        run.hashes = mapped.column(_HASH).chunk(0).to_numpy() if mapped.num_rows else run.hashes[:0]
        run.frame = None

    # -- purge ----------------------------------------------------------------------------
    def purge(self, keep_from_version: int) -> None:
        """Delete files no longer needed to rebuild versions >= ``keep_from_version``.

        The base is the last *complete* snapshot at or before it (a snapshot still being
        written does not exist yet), so nothing a pending snapshot's fallback needs goes.
        A new base appears at most once every ``min_deltas_for_snapshot`` versions, so the
        folder is listed once in that many calls, not at every batch."""
        bucket = keep_from_version // self.min_deltas_for_snapshot
        if bucket == self._purged_bucket:
            return
        self._purged_bucket = bucket
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


class HasStores(Protocol):
    """An owner of state stores (a stateful operator), as this package sees it."""

    def stores(self) -> list[StateStore]: ...


def configure_stores(operators: Iterable[HasStores], conf: Mapping[str, str]) -> None:
    """Apply the session's state-store confs to every ``StateStore`` the operators write."""
    for op in operators:
        for store in op.stores():
            store.configure(conf)
