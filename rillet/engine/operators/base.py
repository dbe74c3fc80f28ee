"""StatefulOperator: the one contract every stateful streaming operator fills in, and the
registry that finds an operator for a plan node (Spark's ``StatefulOperator`` +
``StateStoreWriter``)."""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

import polars as pl
import pyarrow as pa

from rillet.compute import ComputeContext
from rillet.compute.types import from_polars
from rillet.engine.state import layout as SL
from rillet.engine.state.store import StateMetrics, StateStore
from rillet.errors import PySparkRuntimeError
from rillet.plan import logical as L
from rillet.plan.expressions.core import AttributeReference

Layout = tuple[str, dict[str, Any]]  # (the operator's state folder, what its _layout.json says)


@dataclass(frozen=True)
class OperatorContext:
    """What an operator is built with besides its plan node: where its state lives and
    what the query around it says (the first watermark's column and delay)."""

    state_path: str
    compute: ComputeContext | None = None
    watermark_attr: AttributeReference | None = None
    watermark_delay_ms: int = 0
    min_deltas_for_snapshot: int = 10


def drop_late(
    child: pl.LazyFrame, event_time_us: pl.Expr, watermark_ms: int
) -> tuple[pl.LazyFrame, pl.DataFrame]:
    """Split a batch into the rows a stateful operator keeps and the late ones.

    Spark's rule: a row is late when its event time (or, when grouping by a time
    window, its window's end) is ``<= watermark``; late rows never change state."""
    late = event_time_us.is_not_null() & (event_time_us <= watermark_ms * 1000)
    frame = child.with_columns(late.alias("__late")).collect()
    flags = frame.get_column("__late")
    return frame.lazy().filter(~pl.col("__late")).drop("__late"), frame.filter(flags).drop("__late")


class StatefulOperator(ABC):
    """One stateful operator of a running query: its state stores and its per-batch work.

    **Built** once per query run, from its plan node and an :class:`OperatorContext`
    (``Op(node, context)``); the registry (:func:`operator_for`) picks the class. Then, at
    start, the engine calls ``load(v)`` (state as of committed batch ``v``; ``-1``: empty).

    **Per micro-batch** ``N``, in this order:

    1. ``drop_late_rows(inputs, ctx, watermark_ms)`` (``inputs``: the batch's rows of each
       child of the node, as lazy frames): with a watermark, drop the input rows
       behind the *previous* batch's watermark; they are counted
       (``numRowsDroppedByWatermark``) and kept for ``take_late_rows``. A row is late by
       :meth:`event_time_us` (default: the watermarked column; None keeps every row).
    2. ``process(inputs, ctx, mode, watermark_ms)``: merge the rows into state version
       ``N-1`` -> ``N`` (staged, not yet durable), evict what this batch's watermark
       passed, and return the rows the operator emits for ``mode``.
    3. ``take_late_rows()``: the rows dropped in step 1, for the ``lateRowsPath`` output.
    4. ``commit(N)``: make state version ``N`` durable in every store; returns the
       batch's :class:`StateMetrics`, which ``metrics`` turns into the progress entry.
    5. ``purge(keep_from)``: drop state files no longer needed.

    Re-running batch ``N`` after a crash (``load(N-1)``, then the steps again with the
    same rows) writes the same state: nothing in these steps may depend on anything but
    the rows, the state and the watermark.

    The rest of the engine sees an operator only through this class: ``stores()``
    (every :class:`StateStore` it writes, for confs, loading and purging), ``layout()``
    (what the state data source shows, as data the state reader interprets; by default
    the stored columns as they are) and ``metrics()`` (Spark's ``stateOperators``
    entry, computed here from the stores' metrics, the same for every operator).
    """

    operator_name: ClassVar[str]  # Spark's name, in progress and state metadata
    node_class: ClassVar[type[L.LogicalPlan]]  # set by @stateful_operator

    node: L.LogicalPlan

    def __init__(self, node: L.LogicalPlan, context: OperatorContext) -> None:
        self.node = node
        self.watermark_attr = context.watermark_attr
        self.rows_dropped_by_watermark = 0
        self.late_rows: list[pl.DataFrame] = []  # this batch's rows behind the watermark

    # -- the registry's question ------------------------------------------------------
    @classmethod
    def accepts(cls, node: L.LogicalPlan) -> bool:
        """Whether this operator runs ``node`` (its class is already ``node_class``): by
        default, when every input of the node is a stream. Override to decline a node
        another operator of the same node class runs."""
        return bool(node.children) and all(c.is_streaming for c in node.children)

    # -- per batch -------------------------------------------------------------------------
    def drop_late_rows(
        self, inputs: list[pl.LazyFrame], ctx: ComputeContext, watermark_ms: int
    ) -> list[pl.LazyFrame]:
        """Step 1: the inputs without the rows whose :meth:`event_time_us` is at or behind
        ``watermark_ms``; those are counted and kept for :meth:`take_late_rows`."""
        kept = []
        for child in inputs:
            event_us = self.event_time_us(child, ctx)
            kept.append(child if event_us is None else self._drop_late(child, event_us, watermark_ms))
        return kept

    def event_time_us(self, child: pl.LazyFrame, ctx: ComputeContext) -> pl.Expr | None:
        """The event time (microseconds) by which a row of ``child`` is late, or None when
        no row is: by default the watermarked column, when the input carries it."""
        attr = self.watermark_attr
        if attr is None or attr.column_key not in child.collect_schema():
            return None
        return pl.col(attr.column_key).dt.epoch("us")

    @abstractmethod
    def process(
        self, inputs: list[pl.LazyFrame], ctx: ComputeContext, mode: str, watermark_ms: int | None
    ) -> pa.Table:
        """Step 2: merge the batch's ``inputs`` (one per child of the node) into state, evict
        by ``watermark_ms`` (None: no watermark in the query), return the rows emitted in
        output mode ``mode``."""

    def take_late_rows(self) -> list[tuple[str, list[pl.DataFrame], Any]]:
        """Step 3: the late rows kept since the last call, for the side output: ``(file
        suffix, frames, the attributes naming their columns)`` per input (one for most)."""
        frames, self.late_rows = self.late_rows, []
        return [("", frames, self.node.children[0].output)]

    def commit(self, version: int) -> StateMetrics:
        """Step 4: write state version ``version`` durably in every store; the batch's
        metrics, summed over the stores."""
        total = StateMetrics()
        for store in self.stores():
            m = store.commit(version)
            total.num_rows_total += m.num_rows_total
            total.num_rows_updated += m.num_rows_updated
            total.num_rows_removed += m.num_rows_removed
            total.all_updates_time_ms += m.all_updates_time_ms
            total.all_removals_time_ms += m.all_removals_time_ms
            total.commit_time_ms += m.commit_time_ms
            total.memory_used_bytes += m.memory_used_bytes
        return total

    def purge(self, keep_from_version: int) -> None:
        """Step 5: delete state files not needed to rebuild versions ``>= keep_from_version``."""
        for store in self.stores():
            store.purge(keep_from_version)

    def load(self, version: int) -> None:
        """At start: every store as of committed ``version`` (-1: empty)."""
        for store in self.stores():
            store.load(version)

    # -- what the rest of the engine asks ----------------------------------------------------
    @abstractmethod
    def stores(self) -> list[StateStore]:
        """Every state store this operator writes."""

    def layout(self) -> Layout | None:
        """``(state folder, layout)``: how the stores map to what Spark's state data source
        shows, built with :mod:`rillet.engine.state.layout`; None: read unlabelled.

        By default each store is shown with its stored columns as they are (its key
        columns as ``key``, the rest as ``value``), named after its folder (``default``
        for an operator with one store); operators override this with Spark's names."""
        stores = self.stores()
        if not stores:
            return None
        folder = stores[0].path if len(stores) == 1 else os.path.commonpath([s.path for s in stores])
        entries = []
        for store in stores:
            key = [SL.leaf(c, c, from_polars(t)) for c, t in store.schema.items() if c in store.keys]
            value = [SL.leaf(c, c, from_polars(t)) for c, t in store.schema.items() if c not in store.keys]
            if len(stores) == 1:
                entries.append(SL.store("default", "", key, value))
            else:
                name = os.path.relpath(store.path, folder)
                entries.append(SL.store(name, name, key, value))
        return folder, SL.layout(self.operator_name, entries)

    @property
    def runs_no_data_batches(self) -> bool:
        """Whether a batch must run on every trigger even without new data (Spark's
        ``shouldRunAnotherBatch`` for processing-time timeouts)."""
        return False

    def output_watermark(self, input_ms: int) -> int:
        """The watermark of this operator's output when its input's is ``input_ms``."""
        return input_ms

    def metrics(self, committed: StateMetrics) -> dict[str, Any]:
        """This batch's entry of the progress' ``stateOperators`` (Spark's shape), from the
        metrics ``commit`` returned; the dropped-row count starts again from zero."""
        entry = {
            "operatorName": self.operator_name,
            "numRowsTotal": committed.num_rows_total,
            "numRowsUpdated": committed.num_rows_updated,
            "allUpdatesTimeMs": committed.all_updates_time_ms,
            "numRowsRemoved": committed.num_rows_removed,
            "allRemovalsTimeMs": committed.all_removals_time_ms,
            "commitTimeMs": committed.commit_time_ms,
            "memoryUsedBytes": committed.memory_used_bytes,
            "numRowsDroppedByWatermark": self.rows_dropped_by_watermark,
            "numShufflePartitions": 1,
            "numStateStoreInstances": 1,
            "customMetrics": {},
        }
        self.rows_dropped_by_watermark = 0
        return entry

    # -- late-row helpers -----------------------------------------------------------------
    def _drop_late(self, child: pl.LazyFrame, event_time_us: pl.Expr, watermark_ms: int) -> pl.LazyFrame:
        kept, late = drop_late(child, event_time_us, watermark_ms)
        self.rows_dropped_by_watermark += late.height
        self.late_rows.append(late)
        return kept



# -- the registry: plan node class -> the operators built from it ---------------------------

_REGISTRY: dict[type[L.LogicalPlan], list[type[StatefulOperator]]] = {}

Op = TypeVar("Op", bound=type[StatefulOperator])


def stateful_operator(node_class: type[L.LogicalPlan]) -> Callable[[Op], Op]:
    """Class decorator: the decorated operator is built from plan nodes of ``node_class``
    (for which its ``accepts`` says yes)."""

    def register(cls: Op) -> Op:
        cls.node_class = node_class
        _REGISTRY.setdefault(node_class, []).append(cls)
        return cls

    return register


def registered() -> dict[type[L.LogicalPlan], list[type[StatefulOperator]]]:
    """Every registered operator, by the node class it is built from."""
    return {k: list(v) for k, v in _REGISTRY.items()}


def operator_for(node: L.LogicalPlan) -> type[StatefulOperator] | None:
    """The operator that runs ``node`` in a streaming query, or None when ``node`` is
    stateless there. Two operators accepting one node is a bug in their ``accepts``."""
    found = [op for op in _REGISTRY.get(type(node), ()) if op.accepts(node)]
    if len(found) > 1:
        names = ", ".join(op.__name__ for op in found)
        raise PySparkRuntimeError(f"{type(node).__name__} is accepted by several stateful operators: {names}")
    return found[0] if found else None


def build_operator(node: L.LogicalPlan, context: OperatorContext) -> StatefulOperator:
    """The operator for ``node`` (one the planner chose), built from it."""
    op_class = operator_for(node)
    if op_class is None:
        raise PySparkRuntimeError(f"No stateful operator is registered for {type(node).__name__}")
    return op_class(node, context)
