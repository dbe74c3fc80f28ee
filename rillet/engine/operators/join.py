"""Stream-stream join: both sides buffered in state, matched symmetrically (Spark's
``StreamingSymmetricHashJoinExec``).

Per batch, vectorized over the batch's rows of both sides:

1. Drop each side's rows behind the previous batch's watermark (late rows).
2. Rows failing a condition on their own side alone can never match: they are not
   buffered (an outer join emits them with NULLs at once).
3. New left rows join the buffered right rows; then new right rows join the buffered
   left rows *plus* the new left rows -- every matching pair is produced exactly once.
4. New rows are buffered, each with a ``matched`` flag; buffered rows that matched now
   get the flag set. (Left semi emits a left row once, on its first match.)
5. Buffered rows that can no longer match a future row (the state watermarks of
   :mod:`rillet.plan.streaming_join`) are evicted; an outer side's evicted rows that
   never matched are emitted with NULLs for the other side -- that is when an outer
   join knows there will be no match.

Each side's buffer is a :class:`StateStore` keyed by a row id that is deterministic
(batch id, position), so a re-run batch after a crash writes the same state. State
columns are named by position (``c0..``) so a checkpoint outlives the process.
"""

from __future__ import annotations

import os
from typing import Any

import polars as pl
import pyarrow as pa

from rillet.compute import ComputeContext, to_spark_arrow
from rillet.compute.expressions import translate
from rillet.compute.types import to_polars
from rillet.engine.operators.base import (
    Layout,
    OperatorContext,
    StatefulOperator,
    drop_late,
    stateful_operator,
)
from rillet.engine.state import layout as SL
from rillet.engine.state.store import StateStore
from rillet.plan import logical as L
from rillet.plan import types as T
from rillet.plan.expressions.core import AttributeReference, Expression
from rillet.plan.streaming_join import (
    equi_keys,
    side_event_time,
    state_value_watermark,
    watermark_key_ordinal,
)

_RID = "__rid"
_MATCHED = "__matched"
_ROWS_PER_BATCH = 1 << 32  # row ids: batch id * 2^32 + position in the batch


def _event_time_us(attr: AttributeReference) -> pl.Expr:
    """Microseconds since the epoch of an event-time column; a window's end for a window."""
    col = pl.col(attr.column_key)
    if isinstance(attr.dtype, T.StructType):
        col = col.struct.field("end")
    return col.dt.epoch("us")


def _all(conjuncts: list[Expression], ctx: ComputeContext) -> pl.Expr | None:
    out: pl.Expr | None = None
    for c in conjuncts:
        t = translate(c, ctx).fill_null(False)
        out = t if out is None else out & t
    return out


class _Side:
    """One side's input columns, buffer and eviction rule.

    The buffer is keyed by (join key values ``k0..``, row id) with the join key as the
    store's hash prefix, so the rows matching a batch's keys are found at the cost of
    those rows, and rows are evicted through the store's time index: per batch the
    join costs what it touches, not the whole state."""

    def __init__(self, name: str, plan: L.LogicalPlan, keys: list[Expression], path: str, snapshot_every: int) -> None:
        self.name = name
        self.plan = plan
        self.attrs = plan.output
        self.cols = [a.column_key for a in self.attrs]
        self.state_cols = [f"c{i}" for i in range(len(self.cols))]
        self.keys = keys
        self.key_names = [f"__{name}key{i}" for i in range(len(keys))]
        self.key_state = [f"k{i}" for i in range(len(keys))]
        self.event_time = side_event_time(plan)
        schema: dict[str, pl.DataType] = {k: to_polars(e.data_type) for k, e in zip(self.key_state, keys)}
        schema.update({s: to_polars(a.data_type) for s, a in zip(self.state_cols, self.attrs)})
        schema[_RID] = pl.Int64()
        schema[_MATCHED] = pl.Boolean()
        self.schema = schema
        self.to_frame = {**dict(zip(self.state_cols, self.cols)), **dict(zip(self.key_state, self.key_names))}
        self.store = StateStore(
            os.path.join(path, name), schema, [*self.key_state, _RID], snapshot_every,
            num_prefix_key_columns=len(keys),
        )
        self.pre_filter: pl.Expr | None = None

    def buffered(self, keys: pl.DataFrame) -> pl.DataFrame:
        """The buffered rows whose join key is one of ``keys`` (all rows without join keys)."""
        if self.keys:
            rows = self.store.prefix_scan(keys.rename(dict(zip(self.key_names, self.key_state))))
        else:
            rows = self.store.all_rows()
        return rows.rename(self.to_frame)

    def to_state(self, frame: pl.DataFrame) -> pl.DataFrame:
        return frame.select([*self.key_names, *self.cols, _RID, _MATCHED]).rename(
            {v: k for k, v in self.to_frame.items()}
        )

    def evict(self, column: str, threshold_us: int) -> pl.DataFrame:
        """Remove and return the buffered rows whose ``column`` is ``<= threshold_us``."""
        return self.store.evict_before(column, threshold_us + 1).rename(self.to_frame)

    def with_keys(self, frame: pl.DataFrame, ctx: ComputeContext) -> pl.DataFrame:
        if not self.keys:
            return frame
        return frame.with_columns([translate(k, ctx).alias(n) for k, n in zip(self.keys, self.key_names)])


@stateful_operator(L.Join)
class StreamingSymmetricHashJoin(StatefulOperator):
    operator_name = "symmetricHashJoin"
    node: L.Join

    def __init__(self, node: L.Join, context: OperatorContext) -> None:
        super().__init__(node, context)
        ctx = context.compute
        assert ctx is not None
        path, snapshot_every = context.state_path, context.min_deltas_for_snapshot
        self.how = node.how
        lkeys, rkeys, rest = equi_keys(node)
        self.left = _Side("left", node.left, lkeys, path, snapshot_every)
        self.right = _Side("right", node.right, rkeys, path, snapshot_every)
        self.sides = (self.left, self.right)
        lids = {a.expr_id for a in node.left.output}
        rids = {a.expr_id for a in node.right.output}
        left_only = [c for c in rest if c.references() and c.references() <= lids]
        right_only = [c for c in rest if c.references() and c.references() <= rids]
        both = [c for c in rest if c not in left_only and c not in right_only]
        self.left.pre_filter = _all(left_only, ctx)
        self.right.pre_filter = _all(right_only, ctx)
        self.post_filter = _all(both, ctx)
        self.key_ordinal = watermark_key_ordinal(node)
        self.late_by_side: dict[str, list[pl.DataFrame]] = {"left": [], "right": []}

    def stores(self) -> list[StateStore]:
        return [side.store for side in self.sides]

    def layout(self) -> Layout:
        sides: dict[str, Any] = {}
        stores = []
        for side in self.sides:
            key = [SL.leaf(f"field{i}", col, e.data_type) for i, (col, e) in enumerate(zip(side.key_state, side.keys))]
            value = [SL.leaf(a.name, col, a.data_type) for col, a in zip(side.state_cols, side.attrs)]
            folder = os.path.basename(side.store.path)
            sides[side.name] = {"dir": folder, "key": key, "value": value, "rid": _RID, "matched": _MATCHED}
            # Spark's two stores per side, derived from the side's buffer (see the reader)
            stores.append(SL.store(f"{side.name}-keyToNumValues", folder, key, [SL.leaf("value", "__num", T.LongType())]))
            stores.append(SL.store(
                f"{side.name}-keyWithIndexToValue", folder, [*key, SL.leaf("index", "__index", T.LongType())],
                [*value, SL.leaf("matched", _MATCHED, T.BooleanType())],
            ))
        return os.path.dirname(self.left.store.path), SL.layout(self.operator_name, stores, join=sides)

    def output_watermark(self, input_ms: int) -> int:
        """The watermark of this join's output when its input's is ``input_ms``: joined rows
        may carry event times as old as the oldest rows the state still keeps."""
        if self.key_ordinal is not None:
            return input_ms
        bounds = [
            b for b in (
                state_value_watermark(side.plan, other.plan, self.node.condition, input_ms)
                for side, other in ((self.left, self.right), (self.right, self.left))
                if side.event_time is not None
            ) if b is not None
        ]
        return min(bounds) if bounds else input_ms

    # -- late rows --------------------------------------------------------------------
    def drop_late_rows(self, inputs: list[pl.LazyFrame], ctx: ComputeContext, watermark_ms: int) -> list[pl.LazyFrame]:
        """Each side's rows without those behind the watermark by that side's event time."""
        return [self._drop_late_side(side, child, watermark_ms) for side, child in zip(self.sides, inputs)]

    def _drop_late_side(self, side: _Side, child: pl.LazyFrame, watermark_ms: int) -> pl.LazyFrame:
        et = side.event_time
        if et is None:
            return child
        kept, late = drop_late(child, _event_time_us(et), watermark_ms)
        self.rows_dropped_by_watermark += late.height
        self.late_by_side[side.name].append(late)
        return kept

    def take_late_rows(self) -> list[tuple[str, list[pl.DataFrame], Any]]:
        """Each side's late rows, in its own file (``-left`` / ``-right``): the sides' columns differ."""
        out = [(f"-{s.name}", self.late_by_side[s.name], s.attrs) for s in self.sides]
        self.late_by_side = {"left": [], "right": []}
        return out

    # -- one batch ----------------------------------------------------------------------
    def process(
        self, inputs: list[pl.LazyFrame], ctx: ComputeContext, mode: str, watermark_ms: int | None
    ) -> pa.Table:
        left_in, right_in = inputs
        base = (self.left.store.version + 1) * _ROWS_PER_BATCH  # this batch's id
        lnew, lfail = self._admit(self.left, left_in, ctx, base)
        rnew, rfail = self._admit(self.right, right_in, ctx, base)
        # only buffered rows with a key of this batch can match (both sides' keys: the
        # matched flags of the other side's rows are updated too)
        keys = pl.concat(
            [lnew.select(self.left.key_names),
             rnew.select(self.right.key_names).rename(dict(zip(self.right.key_names, self.left.key_names)))],
            how="vertical_relaxed",
        ).unique()
        lold = self.left.buffered(keys)
        rold = self.right.buffered(keys.rename(dict(zip(self.left.key_names, self.right.key_names))))

        # new left x buffered right, then new right x (buffered left + new left)
        p1 = self._pairs(lnew, rold)
        if self.how == "semi":
            # a left row is emitted once, on its first match: matched left rows take no part
            left_pool = pl.concat(
                [lold.filter(~pl.col(_MATCHED)), lnew.join(p1.select("__lrid").unique(), left_on=_RID,
                                                            right_on="__lrid", how="anti")],
                how="diagonal_relaxed",
            )
        else:
            left_pool = pl.concat([lold, lnew], how="diagonal_relaxed")
        p2 = self._pairs(left_pool, rnew)
        pairs = pl.concat([p1, p2], how="diagonal_relaxed")
        left_hit = pairs.get_column("__lrid").unique()
        right_hit = pairs.get_column("__rrid").unique()

        outputs: list[pl.DataFrame] = []
        if self.how == "semi":
            outputs.append(left_pool.filter(pl.col(_RID).is_in(left_hit.implode())).select(self.left.cols))
            outputs.append(lnew.filter(pl.col(_RID).is_in(p1.get_column("__lrid").unique().implode()))
                           .select(self.left.cols))
            lnew = lnew.filter(~pl.col(_RID).is_in(p1.get_column("__lrid").implode()))
        else:
            outputs.append(pairs.select([*self.left.cols, *self.right.cols]))
        if self.how in ("left", "full"):
            outputs.append(lfail.select(self.left.cols))
        if self.how in ("right", "full"):
            outputs.append(rfail.select(self.right.cols))

        # buffer the new rows and the matches; then evict what can no longer match
        self._write(self.left, lold, lnew, left_hit)
        self._write(self.right, rold, rnew, right_hit)
        for side, outer in ((self.left, self.how in ("left", "full")), (self.right, self.how in ("right", "full"))):
            evicted = self._evict(side, watermark_ms)
            if outer and evicted is not None:
                outputs.append(evicted.filter(~pl.col(_MATCHED)).select(side.cols))

        columns = [a.column_key for a in self.node.output]
        frames = [f for f in outputs if f.height]
        if frames:
            out = pl.concat(frames, how="diagonal_relaxed")
            out = out.select([pl.col(c) if c in out.columns else pl.lit(None).alias(c) for c in columns])
        else:
            out = pl.DataFrame(schema={a.column_key: to_polars(a.data_type) for a in self.node.output})
        return to_spark_arrow(out, self.node)

    def _admit(
        self, side: _Side, frame: pl.LazyFrame, ctx: ComputeContext, base: int
    ) -> tuple[pl.DataFrame, pl.DataFrame]:
        """This batch's rows of one side with row ids: (rows that may match, rows that never can)."""
        rows = frame.select(side.cols).collect()
        ctx.raise_pending()
        rows = rows.with_columns(
            (pl.int_range(0, pl.len(), dtype=pl.Int64) + base).alias(_RID), pl.lit(False).alias(_MATCHED)
        )
        if side.pre_filter is None:
            return side.with_keys(rows, ctx), rows.clear()
        ok = rows.select(side.pre_filter.alias("ok")).get_column("ok")
        ctx.raise_pending()
        return side.with_keys(rows.filter(ok), ctx), rows.filter(~ok)

    def _pairs(self, left: pl.DataFrame, right: pl.DataFrame) -> pl.DataFrame:
        """Matching (left, right) pairs, with both row ids as ``__lrid`` / ``__rrid``."""
        lf = left.drop(_MATCHED).rename({_RID: "__lrid"})
        rf = right.drop(_MATCHED).rename({_RID: "__rrid"})
        if self.left.keys:
            m = lf.join(rf, left_on=self.left.key_names, right_on=self.right.key_names, how="inner", coalesce=False)
        else:
            m = lf.join(rf, how="cross")
        if self.post_filter is not None:
            m = m.filter(self.post_filter)
        return m

    def _evict(self, side: _Side, watermark_ms: int | None) -> pl.DataFrame | None:
        """Remove and return ``side``'s buffered rows that no future row of the other side
        can match (None when nothing bounds them)."""
        if watermark_ms is None:
            return None
        if self.key_ordinal is not None:
            key = side.keys[self.key_ordinal]
            column = side.key_state[self.key_ordinal]
            threshold_ms: int | None = watermark_ms
        elif side.event_time is not None:
            other = self.right if side is self.left else self.left
            threshold_ms = state_value_watermark(side.plan, other.plan, self.node.condition, watermark_ms)
            key = side.event_time
            column = side.state_cols[side.cols.index(side.event_time.column_key)]
        else:
            return None
        if threshold_ms is None:
            return None
        if isinstance(key.data_type, T.StructType):
            column += ".end"
        return side.evict(column, threshold_ms * 1000)

    @staticmethod
    def _write(side: _Side, old: pl.DataFrame, new: pl.DataFrame, hit: pl.Series) -> None:
        """Stage the side's changes: its new rows, and buffered rows matched for the first time."""
        hits = hit.implode()
        flipped = old.filter(~pl.col(_MATCHED) & pl.col(_RID).is_in(hits)).with_columns(pl.lit(True).alias(_MATCHED))
        added = new.with_columns(pl.col(_RID).is_in(hits).alias(_MATCHED))
        if flipped.height:
            side.store.upsert(side.to_state(flipped))
        if added.height:
            side.store.insert(side.to_state(added))  # fresh row ids: nothing to replace
