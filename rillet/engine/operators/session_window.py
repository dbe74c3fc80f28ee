"""Streaming session-window aggregation: sessions that grow and merge across batches.

State is one row per open session: the partition keys, the session's ``start`` and
``end`` (microseconds) and the partial aggregates. Per batch, in order:

1. Drop late rows (a row whose own session ``ts + gap`` ended at or before the watermark).
2. Group the batch's rows into sessions (per partition key, touching ``[ts, ts + gap)``
   intervals merge) and pre-aggregate each into partials.
3. Load the stored sessions of the batch's keys, and merge them with the new ones the
   same way: a new session that touches stored ones joins them, combining partials.
4. Replace those keys' stored sessions by the merged ones.
5. Emit: ``append`` the sessions whose end the watermark has passed (then evict them),
   ``complete`` every session. (``update`` is rejected, as in Spark.)
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import pyarrow as pa

from rillet.compute import ComputeContext, to_spark_arrow
from rillet.compute.expressions import translate
from rillet.compute.relations import select_named
from rillet.compute.sessions import assign_sessions, gap_micros
from rillet.compute.types import to_polars
from rillet.engine.operators.aggregate import _partial_for, spark_buffer
from rillet.engine.operators.base import (
    Layout,
    OperatorContext,
    StatefulOperator,
    drop_late,
    stateful_operator,
)
from rillet.engine.state import layout as SL
from rillet.engine.state.store import StateStore
from rillet.errors import AnalysisException
from rillet.plan import logical as L
from rillet.plan.aggregation import split_aggregate
from rillet.plan.expressions.core import AttributeReference, Call, Literal

_START, _END, _N = "__start", "__end", "__n"


def _sum_or_null(e: pl.Expr) -> pl.Expr:
    return pl.when(e.count() > 0).then(e.sum())


def _ignores_nulls(call: Call) -> bool:
    if call.ignore_nulls is not None:
        return bool(call.ignore_nulls)
    return len(call.args) > 1 and isinstance(call.args[1], Literal) and bool(call.args[1].value)


def _combiners(call: Call) -> list[Callable[[pl.Expr], pl.Expr]]:
    """How several sessions' partials of ``call`` combine into one (sessions in start order)."""
    name = call.spec.name
    ignore = _ignores_nulls(call)
    table: dict[str, list[Callable[[pl.Expr], pl.Expr]]] = {
        "count": [lambda e: e.sum()],
        "count_if": [lambda e: e.sum()],
        "sum": [_sum_or_null],
        "avg": [_sum_or_null, lambda e: e.sum()],
        "min": [lambda e: e.min()],
        "max": [lambda e: e.max()],
        "bool_and": [lambda e: e.min()],
        "every": [lambda e: e.min()],
        "bool_or": [lambda e: e.max()],
        "some": [lambda e: e.max()],
        "first": [(lambda e: e.drop_nulls().first()) if ignore else (lambda e: e.first())],
        "last": [(lambda e: e.drop_nulls().last()) if ignore else (lambda e: e.last())],
        "collect_list": [lambda e: e.flatten()],
    }
    if name not in table:
        raise AnalysisException(
            errorClass="NOT_IMPLEMENTED",
            messageParameters={"feature": f"Streaming session-window aggregation with `{name}`"},
        )
    return table[name]


@stateful_operator(L.Aggregate)
class StreamingSessionAggregate(StatefulOperator):
    operator_name = "sessionWindowStateStoreSaveExec"
    node: L.Aggregate

    @classmethod
    def accepts(cls, node: L.LogicalPlan) -> bool:
        return super().accepts(node) and isinstance(node.children[0], L.SessionWindow)

    def __init__(self, agg: L.Aggregate, context: OperatorContext) -> None:
        super().__init__(agg, context)
        session = agg.child
        assert isinstance(session, L.SessionWindow) and context.compute is not None
        self.session = session
        self.split = split_aggregate(agg)
        self.key_cols = [f"k{i}" for i in range(len(session.partition))]
        self.partials = [_partial_for(call, i, context.compute) for i, (_, call) in enumerate(self.split.calls)]
        self.combiners = [_combiners(call) for _, call in self.split.calls]
        schema: dict[str, pl.DataType] = {c: to_polars(p.data_type) for c, p in zip(self.key_cols, session.partition)}
        schema.update({_START: pl.Int64(), _END: pl.Int64(), _N: pl.Int64()})
        for p in self.partials:
            schema.update({c: t for c, t in zip(p.columns, p.dtypes)})
        self.store = StateStore(
            context.state_path, schema, [*self.key_cols, _START], context.min_deltas_for_snapshot,
            num_prefix_key_columns=len(self.key_cols),
        )

    def stores(self) -> list[StateStore]:
        return [self.store]

    def layout(self) -> Layout:
        session = self.session
        ts = session.attr.dtype.fields[0].dataType  # type: ignore[attr-defined]
        partition = {e.sql(): (col, e) for col, e in zip(self.key_cols, session.partition)}
        key = [SL.leaf(SL.name_of(e), col, e.data_type) for col, e in zip(self.key_cols, session.partition)]
        key.append(SL.leaf("sessionStartTime", _START, ts))
        value: list[SL.Field] = []
        for attr, g in self.split.keys:
            if isinstance(g, AttributeReference) and g.expr_id == session.attr.expr_id:
                value.append(SL.struct(attr.name, [SL.leaf("start", _START, ts), SL.leaf("end", _END, ts)]))
            else:
                col, expr = partition[g.sql()]
                value.append(SL.leaf(attr.name, col, expr.data_type))
        for partial, (_, call) in zip(self.partials, self.split.calls):
            value += spark_buffer(call, partial.columns, _N)
        return self.store.path, SL.layout(self.operator_name, [SL.store("default", "", key, value)])

    def _with_session_inputs(self, child: pl.LazyFrame, ctx: ComputeContext) -> pl.LazyFrame:
        s = self.session
        return child.with_columns(
            translate(s.event_time, ctx).dt.epoch("us").alias("__ts"),
            gap_micros(s.gap, ctx).alias("__gap"),
            *(translate(p, ctx).alias(k) for p, k in zip(s.partition, self.key_cols)),
        ).filter(pl.col("__ts").is_not_null() & (pl.col("__gap") > 0))

    def drop_late_rows(
        self, inputs: list[pl.LazyFrame], ctx: ComputeContext, watermark_ms: int
    ) -> list[pl.LazyFrame]:
        """Late: a row whose own session, ``[ts, ts + gap)``, ended at or before the watermark."""
        helpers = ["__ts", "__gap", *self.key_cols]
        rows = self._with_session_inputs(inputs[0], ctx)
        kept, late = drop_late(rows, pl.col("__ts") + pl.col("__gap"), watermark_ms)
        self.rows_dropped_by_watermark += late.height
        self.late_rows.append(late.drop(helpers))
        return [kept.drop(helpers)]

    def process(
        self, inputs: list[pl.LazyFrame], ctx: ComputeContext, mode: str, watermark_ms: int | None
    ) -> pa.Table:
        (child,) = inputs
        rows = self._with_session_inputs(child, ctx)
        rows = assign_sessions(rows, "__ts", "__gap", self.key_cols, "__sw", pl.Int64())
        partial_exprs = [
            pl.col("__sw").struct.field("start").first().alias(_START),
            pl.col("__sw").struct.field("end").first().alias(_END),
            pl.len().cast(pl.Int64).alias(_N),
        ]
        for p in self.partials:
            partial_exprs += [e.alias(c) for e, c in zip(p.partial, p.columns)]
        batch = rows.group_by([*self.key_cols, "__sw"]).agg(partial_exprs).drop("__sw").collect()
        ctx.raise_pending()
        if batch.height:
            batch = batch.select(list(self.store.schema)).cast(self.store.schema)  # type: ignore[arg-type]
            # the stored sessions of the batch's partition keys (all of them without keys)
            stored = self.store.prefix_scan(batch.select(self.key_cols))
            merged = self._merge(pl.concat([stored, batch], how="vertical"))
            if stored.height:
                self.store.remove(stored)
            self.store.upsert(merged)
        if mode == "complete":
            out = self.store.all_rows()
        else:
            out = self._evict(watermark_ms)
        return self._finalize(out, ctx)

    def _merge(self, sessions: pl.DataFrame) -> pl.DataFrame:
        """Merge touching sessions of each key, combining their partials."""
        part = self.key_cols or ["__all"]
        frame = sessions.lazy()
        if not self.key_cols:
            frame = frame.with_columns(pl.lit(0).alias("__all"))
        previous_end = pl.col(_END).cum_max().shift(1).over(part)
        starts = (previous_end.is_null() | (pl.col(_START) > previous_end)).cast(pl.Int64)
        frame = frame.sort([*part, _START]).with_columns(starts.cum_sum().over(part).alias("__group"))
        aggs = [pl.col(_START).min(), pl.col(_END).max(), pl.col(_N).sum()]
        for p, combine in zip(self.partials, self.combiners):
            aggs += [f(pl.col(c)).alias(c) for f, c in zip(combine, p.columns)]
        merged = frame.group_by([*part, "__group"], maintain_order=True).agg(aggs)
        return merged.select(list(self.store.schema)).collect().cast(self.store.schema)  # type: ignore[arg-type]

    def _evict(self, watermark_ms: int | None) -> pl.DataFrame:
        if watermark_ms is None:
            return pl.DataFrame(schema=self.store.schema)
        return self.store.evict_before(_END, watermark_ms * 1000 + 1)  # sessions ended at or before it

    def _finalize(self, state_rows: pl.DataFrame, ctx: ComputeContext) -> pa.Table:
        ts_type = to_polars(self.session.attr.dtype.fields[0].dataType)  # type: ignore[attr-defined]
        session_window = pl.struct(
            pl.col(_START).cast(ts_type).alias("start"), pl.col(_END).cast(ts_type).alias("end")
        )
        partition = {p.sql(): c for c, p in zip(self.key_cols, self.session.partition)}
        cols = []
        for key_attr, g in self.split.keys:
            if isinstance(g, AttributeReference) and g.expr_id == self.session.attr.expr_id:
                cols.append(session_window.alias(key_attr.column_key))
            else:
                cols.append(pl.col(partition[g.sql()]).alias(key_attr.column_key))
        for p, (attr, _) in zip(self.partials, self.split.calls):
            cols.append(p.final([pl.col(c) for c in p.columns]).cast(to_polars(attr.dtype)).alias(attr.column_key))
        values = state_rows.lazy().select(cols)
        result = values.select(select_named(self.split.results, ctx)).collect()
        ctx.raise_pending()
        return to_spark_arrow(result, self.node)
