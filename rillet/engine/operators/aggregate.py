"""Streaming aggregation: partial aggregates per batch, merged into keyed state.

Per batch (the order ``process`` follows):

1. Drop rows behind the watermark (they are counted in ``numRowsDroppedByWatermark``).
2. Pre-aggregate the batch by key in Polars: each aggregate function becomes one or
   more *partial* columns (``avg`` -> sum and count, ``count`` -> count, ...).
3. Look up those keys in the state store, merge old and new partials with array
   operations, and upsert the merged rows. Cost grows with the batch, not the state.
4. Emit by output mode: ``update`` the merged (changed) keys, ``complete`` every key,
   ``append`` the keys whose event time the watermark has passed (then evict them).
5. Finalize partials into the aggregate values and evaluate the result expressions.

State columns have stable names (``k0..``, ``__n``, ``p0_0..``) so a checkpoint
outlives the process that wrote it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
import pyarrow as pa

from rillet.compute import ComputeContext, collect
from rillet.compute.expressions import translate
from rillet.compute.relations import select_named
from rillet.compute.types import to_polars
from rillet.engine.operators.base import Layout, OperatorContext, StatefulOperator, stateful_operator
from rillet.engine.state import layout as SL
from rillet.engine.state.store import StateStore
from rillet.errors import AnalysisException
from rillet.plan import logical as L
from rillet.plan import types as T
from rillet.plan.aggregation import AggregateSplit, split_aggregate
from rillet.plan.analyzer.time_windows import event_time_ids, event_time_key_kind
from rillet.plan.expressions.core import Call, Literal

_N = "__n"
_GLOBAL = "__global"


@dataclass
class _Partial:
    """How one aggregate call is kept in state."""

    columns: list[str]
    partial: list[pl.Expr]  # over input rows, in a group_by context
    merge: Callable[[list[pl.Expr], list[pl.Expr], pl.Expr], list[pl.Expr]]  # (old, new, had_old)
    final: Callable[[list[pl.Expr]], pl.Expr]
    dtypes: list[pl.DataType]


def _merge_sum(old: list[pl.Expr], new: list[pl.Expr], had_old: pl.Expr) -> list[pl.Expr]:
    o, n = old[0], new[0]
    return [pl.when(o.is_null()).then(n).when(n.is_null()).then(o).otherwise(o + n)]


def _merge_count(old: list[pl.Expr], new: list[pl.Expr], had_old: pl.Expr) -> list[pl.Expr]:
    return [o.fill_null(0) + n.fill_null(0) for o, n in zip(old, new)]


def _partial_for(call: Call, idx: int, ctx: ComputeContext) -> _Partial:
    name = call.spec.name
    cols = [f"p{idx}_0"]
    out_type = to_polars(call.data_type)
    if call.is_distinct:
        raise AnalysisException(
            errorClass="NOT_IMPLEMENTED",
            messageParameters={"feature": f"Streaming aggregation with {call.sql()}"},
        )
    if name == "count":
        return _Partial(cols, [translate(call, ctx)], _merge_count, lambda p: p[0].fill_null(0), [pl.Int64])
    if name == "sum":
        return _Partial(cols, [translate(call, ctx)], _merge_sum, lambda p: p[0], [out_type])
    if name == "avg":
        arg = translate(call.args[0], ctx)
        is_dec = isinstance(call.data_type, T.DecimalType)
        total = arg.cast(pl.Float64) if not is_dec else arg
        cols = [f"p{idx}_0", f"p{idx}_1"]

        def final_avg(p: list[pl.Expr]) -> pl.Expr:
            return pl.when(p[1] > 0).then(p[0].cast(pl.Float64) / p[1]).cast(out_type)

        sum_type = pl.Float64 if not is_dec else to_polars(T.DecimalType(38, call.data_type.scale))  # type: ignore[attr-defined]
        return _Partial(
            cols,
            [pl.when(arg.count() > 0).then(total.sum()), arg.count().cast(pl.Int64)],
            lambda o, n, h: [_merge_sum([o[0]], [n[0]], h)[0], o[1].fill_null(0) + n[1].fill_null(0)],
            final_avg,
            [sum_type, pl.Int64],
        )
    if name in ("min", "max"):
        fn = pl.min_horizontal if name == "min" else pl.max_horizontal
        return _Partial(
            cols, [translate(call, ctx)], lambda o, n, h: [fn(o[0], n[0])], lambda p: p[0], [out_type]
        )
    if name in ("first", "last"):
        ignore = bool(call.ignore_nulls) or (
            len(call.args) > 1 and isinstance(call.args[1], Literal) and bool(call.args[1].value)
        )
        if name == "first":
            def merge_first(o: list[pl.Expr], n: list[pl.Expr], had: pl.Expr) -> list[pl.Expr]:
                keep = pl.when(had).then(o[0]).otherwise(n[0])
                return [pl.coalesce(o[0], n[0]) if ignore else keep]
            merge = merge_first
        else:
            def merge_last(o: list[pl.Expr], n: list[pl.Expr], had: pl.Expr) -> list[pl.Expr]:
                return [pl.coalesce(n[0], o[0]) if ignore else n[0]]
            merge = merge_last
        return _Partial(cols, [translate(call, ctx)], merge, lambda p: p[0], [out_type])
    rule = _MORE_PARTIALS.get(name)
    if rule is not None:
        return rule(call, idx, ctx)
    raise AnalysisException(
        errorClass="NOT_IMPLEMENTED",
        messageParameters={"feature": f"Streaming aggregation with `{name}` (it has no mergeable partial state)"},
    )


# --- partial states of the other decomposable aggregates -----------------------------------


def _bool_partial(call: Call, idx: int, ctx: ComputeContext, fn: str) -> _Partial:
    """bool_and = min over booleans as 0/1, bool_or = max (NULL when no value was seen)."""
    as_int = translate(call.args[0], ctx).cast(pl.Int8)
    merge = pl.min_horizontal if fn == "min" else pl.max_horizontal
    partial = as_int.min() if fn == "min" else as_int.max()
    return _Partial([f"p{idx}_0"], [partial], lambda o, n, h: [merge(o[0], n[0])],
                    lambda p: p[0].cast(pl.Boolean), [pl.Int8()])


def _count_if(call: Call, idx: int, ctx: ComputeContext) -> _Partial:
    hits = translate(call.args[0], ctx).cast(pl.Int64).sum()
    return _Partial([f"p{idx}_0"], [hits], _merge_count, lambda p: p[0].fill_null(0), [pl.Int64()])


def _collect(call: Call, idx: int, ctx: ComputeContext, distinct: bool) -> _Partial:
    """collect_list/collect_set: the batch's values as a list, concatenated with the state's."""
    values = translate(call.args[0], ctx).drop_nulls()
    partial = values.unique(maintain_order=True) if distinct else values
    dtype = to_polars(call.data_type)

    def merge(o: list[pl.Expr], n: list[pl.Expr], had: pl.Expr) -> list[pl.Expr]:
        both = pl.concat_list([o[0].fill_null(pl.lit([], dtype=dtype)), n[0]])
        return [both.list.unique(maintain_order=True) if distinct else both]

    return _Partial([f"p{idx}_0"], [partial.implode()], merge, lambda p: p[0], [dtype])


def _moments(call: Call, idx: int, ctx: ComputeContext) -> _Partial:
    """Variance family: (n, mean, M2) per group, merged with Chan et al.'s parallel formula."""
    x = translate(call.args[0], ctx).cast(pl.Float64)
    n = x.count().cast(pl.Float64)
    cols = [f"p{idx}_0", f"p{idx}_1", f"p{idx}_2"]

    def merge(o: list[pl.Expr], b: list[pl.Expr], had: pl.Expr) -> list[pl.Expr]:
        na, ma, m2a = (e.fill_null(0.0) for e in o)
        nb, mb, m2b = (e.fill_null(0.0) for e in b)
        total = na + nb
        delta = mb - ma
        mean = pl.when(total > 0).then(ma + delta * nb / total).otherwise(0.0)
        m2 = pl.when(total > 0).then(m2a + m2b + delta * delta * na * nb / total).otherwise(0.0)
        return [total, mean, m2]

    name = call.spec.name
    pop = name in ("stddev_pop", "var_pop")
    root = name.startswith("stddev") or name == "std"

    def final(p: list[pl.Expr]) -> pl.Expr:
        count, m2 = p[0], p[2]
        var = pl.when(count > (0 if pop else 1)).then(m2 / (count if pop else count - 1))
        return var.sqrt() if root else var

    partials = [n, x.mean().fill_null(0.0), (x.var(ddof=0) * n).fill_null(0.0)]
    return _Partial(cols, partials, merge, final, [pl.Float64(), pl.Float64(), pl.Float64()])


def _extreme_by(call: Call, idx: int, ctx: ComputeContext, largest: bool) -> _Partial:
    """max_by/min_by: the value at the greatest/least ordering key, and that key."""
    value, order = translate(call.args[0], ctx), translate(call.args[1], ctx)
    pick = order.arg_max() if largest else order.arg_min()
    cols = [f"p{idx}_0", f"p{idx}_1"]

    def merge(o: list[pl.Expr], n: list[pl.Expr], had: pl.Expr) -> list[pl.Expr]:
        newer = o[1].is_null() | ((n[1] > o[1]) if largest else (n[1] < o[1]))
        return [pl.when(newer).then(n[0]).otherwise(o[0]), pl.when(newer).then(n[1]).otherwise(o[1])]

    dtypes = [to_polars(call.args[0].data_type), to_polars(call.args[1].data_type)]
    return _Partial(cols, [value.get(pick), order.get(pick)], merge, lambda p: p[0], dtypes)


_MORE_PARTIALS: dict[str, Callable[[Call, int, ComputeContext], _Partial]] = {
    "bool_and": lambda c, i, x: _bool_partial(c, i, x, "min"),
    "every": lambda c, i, x: _bool_partial(c, i, x, "min"),
    "bool_or": lambda c, i, x: _bool_partial(c, i, x, "max"),
    "some": lambda c, i, x: _bool_partial(c, i, x, "max"),
    "count_if": _count_if,
    "collect_list": lambda c, i, x: _collect(c, i, x, distinct=False),
    "collect_set": lambda c, i, x: _collect(c, i, x, distinct=True),
    "max_by": lambda c, i, x: _extreme_by(c, i, x, largest=True),
    "min_by": lambda c, i, x: _extreme_by(c, i, x, largest=False),
    **{name: _moments for name in ("stddev", "std", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop")},
}


def spark_buffer(call: Call, columns: list[str], state_n: str) -> list[SL.Field]:
    """Spark's aggregation buffer attributes of ``call`` over rillet's partial ``columns``
    (what the state data source shows for an aggregate's value)."""
    leaf = SL.leaf
    name = call.spec.name
    dtype = call.data_type
    arg = call.args[0].data_type if call.args else dtype
    c = columns
    if name in ("count", "count_if"):
        return [leaf("count", c[0], T.LongType())]
    # Spark's DecimalAggregates: a narrow decimal is summed as its unscaled long (sum) or
    # double (avg); a wider one keeps a decimal sum (and, for sum, ``isEmpty``)
    if name == "sum":
        if isinstance(arg, T.DecimalType) and arg.precision + 10 <= 18:
            return [leaf("sum", c[0], T.LongType(), f"unscaled:{arg.scale}")]
        if isinstance(dtype, T.DecimalType):
            return [leaf("sum", c[0], dtype), leaf("isEmpty", c[0], T.BooleanType(), "is_null")]
        return [leaf("sum", c[0], dtype)]
    if name == "avg":
        if isinstance(arg, T.DecimalType) and arg.precision + 4 <= 15:
            return [leaf("sum", c[0], T.DoubleType(), f"unscaled:{arg.scale}"), leaf("count", c[1], T.LongType())]
        sum_type = T.DecimalType(min(38, arg.precision + 10), arg.scale) if isinstance(arg, T.DecimalType) \
            else T.DoubleType()
        return [leaf("sum", c[0], sum_type), leaf("count", c[1], T.LongType())]
    if name in ("min", "max"):
        return [leaf(name, c[0], dtype)]
    if name in ("bool_and", "every"):
        return [leaf("min", c[0], T.BooleanType())]
    if name in ("bool_or", "some"):
        return [leaf("max", c[0], T.BooleanType())]
    if name in ("first", "last"):
        ignore = bool(call.ignore_nulls) or (
            len(call.args) > 1 and bool(getattr(call.args[1], "value", False))
        )
        value_set = leaf("valueSet", c[0], T.BooleanType(), "not_null") if ignore else \
            leaf("valueSet", state_n, T.BooleanType(), "true")
        return [leaf(name, c[0], dtype), value_set]
    if name in ("stddev", "std", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop"):
        return [leaf("n", c[0], T.DoubleType()), leaf("avg", c[1], T.DoubleType()), leaf("m2", c[2], T.DoubleType())]
    if name in ("max_by", "min_by"):
        order = call.args[1].data_type
        return [leaf("valueWithExtremumOrdering", c[0], arg), leaf("extremumOrdering", c[1], order)]
    # collect_list / collect_set: Spark keeps a serialized buffer ("buf"); rillet's list
    return [leaf("buf", col, dtype) for col in columns]


@stateful_operator(L.Aggregate)
class StreamingAggregate(StatefulOperator):
    """The stateful operator for one ``Aggregate`` over a stream."""

    operator_name = "stateStoreSave"
    node: L.Aggregate

    @classmethod
    def accepts(cls, node: L.LogicalPlan) -> bool:
        # an aggregate over session windows is StreamingSessionAggregate's
        return super().accepts(node) and not isinstance(node.children[0], L.SessionWindow)

    def __init__(self, agg: L.Aggregate, context: OperatorContext) -> None:
        super().__init__(agg, context)
        ctx = context.compute
        assert ctx is not None
        self.agg = agg
        self.split: AggregateSplit = split_aggregate(agg)
        # a global aggregate (no grouping) keeps its one row under a constant key
        self.key_cols = [f"k{i}" for i in range(len(self.split.keys))] or [_GLOBAL]
        self.partials = [_partial_for(call, i, ctx) for i, (_, call) in enumerate(self.split.calls)]
        schema: dict[str, pl.DataType] = {}
        for col, (attr, _) in zip(self.key_cols, self.split.keys):
            schema[col] = to_polars(attr.dtype)
        if self.global_aggregate:
            schema[_GLOBAL] = pl.Int8()
        schema[_N] = pl.Int64()
        for p in self.partials:
            for c, t in zip(p.columns, p.dtypes):
                schema[c] = t
        labels = [call.sql() for _, call in self.split.calls]
        self.store = StateStore(context.state_path, schema, self.key_cols, context.min_deltas_for_snapshot, labels)
        # the grouping key that carries event time: the watermarked column, or a window on it
        self.event_time_key: str | None = None
        self.event_time_kind: str | None = None
        ids = event_time_ids(agg.child)
        if ids:
            for col, (_, g) in zip(self.key_cols, self.split.keys):
                kind = event_time_key_kind(g, ids)
                if kind is not None:
                    self.event_time_key, self.event_time_kind = col, kind
                    break

    def stores(self) -> list[StateStore]:
        return [self.store]

    def layout(self) -> Layout:
        key = [] if self.global_aggregate else [
            SL.leaf(attr.name, col, attr.dtype) for col, (attr, _) in zip(self.key_cols, self.split.keys)
        ]
        value: list[SL.Field] = []
        for p, (_, call) in zip(self.partials, self.split.calls):
            value += spark_buffer(call, p.columns, _N)
        return self.store.path, SL.layout(self.operator_name, [SL.store("default", "", key, value)])

    def event_time_us(self, child: pl.LazyFrame, ctx: ComputeContext) -> pl.Expr | None:
        """By window end when grouping by a time window (a late row still counts while
        its window is open), else by event time."""
        if self.event_time_key is None:
            return super().event_time_us(child, ctx)
        g = self.split.keys[self.key_cols.index(self.event_time_key)][1]
        key = translate(g, ctx)
        return (key.struct.field("end") if self.event_time_kind == "window" else key).dt.epoch("us")

    @property
    def global_aggregate(self) -> bool:
        return not self.split.keys

    def process(
        self,
        inputs: list[pl.LazyFrame],
        ctx: ComputeContext,
        mode: str,
        watermark_ms: int | None,
    ) -> pa.Table:
        (child,) = inputs
        keys = [translate(g, ctx).alias(c) for c, (_, g) in zip(self.key_cols, self.split.keys)]
        if self.global_aggregate:
            keys = [pl.lit(0, dtype=pl.Int8).alias(_GLOBAL)]
        partial_exprs = [pl.len().cast(pl.Int64).alias(_N)]
        for p in self.partials:
            partial_exprs += [e.alias(c) for e, c in zip(p.partial, p.columns)]
        # the streaming engine pre-aggregates without materializing the whole input batch
        batch = collect(child.group_by(keys).agg(partial_exprs), ctx, engine=ctx.engine)
        merged = self._merge(batch)
        if merged.height:
            self.store.upsert(merged)

        if mode == "complete":
            out = self.store.all_rows()  # complete mode keeps every group: never evicted
        elif mode == "update":
            out = merged
            self._evict(watermark_ms)  # groups the watermark passed can no longer change
        else:  # append: emit a group once, when the watermark passes it, then evict it
            out = self._evict(watermark_ms)
        if self.global_aggregate and mode == "complete" and out.height == 0:
            # a global aggregate always has its one row (count 0, sum NULL, ...)
            out = pl.DataFrame(
                [pl.Series(c, [0 if c in (_N, _GLOBAL) else None], dtype=t) for c, t in self.store.schema.items()]
            )
        return self._finalize(out, ctx)

    def _merge(self, batch: pl.DataFrame) -> pl.DataFrame:
        if batch.height == 0:
            return batch.select(list(self.store.schema)).cast(self.store.schema)  # type: ignore[arg-type]
        old = self.store.lookup(batch)
        joined = batch.join(old, on=self.key_cols, how="left", suffix="__old", nulls_equal=True)
        had_old = pl.col(f"{_N}__old").is_not_null()
        exprs = [*(pl.col(c) for c in self.key_cols), (pl.col(_N) + pl.col(f"{_N}__old").fill_null(0)).alias(_N)]
        for p in self.partials:
            old_cols = [pl.col(f"{c}__old") for c in p.columns]
            new_cols = [pl.col(c) for c in p.columns]
            exprs += [e.alias(c) for e, c in zip(p.merge(old_cols, new_cols, had_old), p.columns)]
        return joined.select(exprs).cast(self.store.schema)  # type: ignore[arg-type]

    def _evict(self, watermark_ms: int | None) -> pl.DataFrame:
        """Remove (and return) the groups whose event time is at or behind the watermark:
        a timestamp key ``<= watermark``, a window whose ``end <= watermark``."""
        if watermark_ms is None or self.event_time_key is None:
            return pl.DataFrame(schema=self.store.schema)
        column = f"{self.event_time_key}.end" if self.event_time_kind == "window" else self.event_time_key
        return self.store.evict_before(column, watermark_ms * 1000 + 1)  # O(evicted rows)

    def _finalize(self, state_rows: pl.DataFrame, ctx: ComputeContext) -> pa.Table:
        cols = []
        for col, (attr, _) in zip(self.key_cols, self.split.keys):  # zip stops before __global
            cols.append(pl.col(col).alias(attr.column_key))
        for p, (attr, _) in zip(self.partials, self.split.calls):
            cols.append(p.final([pl.col(c) for c in p.columns]).cast(to_polars(attr.dtype)).alias(attr.column_key))
        values = state_rows.lazy().select(cols) if cols else state_rows.lazy().select([])
        result = values.select(select_named(self.split.results, ctx)).collect()
        ctx.raise_pending()
        from rillet.compute import to_spark_arrow

        return to_spark_arrow(result, self.agg)
