"""Resolved logical plan -> Polars LazyFrame, one rule per node type.

Every frame's columns are the node's output attributes by key (``name#id``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import singledispatch

import polars as pl
import pyarrow as pa

from rillet.compute.expressions import ComputeContext, translate
from rillet.compute.functions.rules import scalar_function
from rillet.compute.functions.window import window_lazy
from rillet.compute.types import to_polars
from rillet.errors import AnalysisException
from rillet.plan import logical as L
from rillet.plan import types as T
from rillet.plan.aggregation import split_aggregate
from rillet.plan.expressions.core import (
    AttributeReference,
    Expression,
)
from rillet.plan.join_condition import equi_keys


def plan_to_lazy(plan: L.LogicalPlan, ctx: ComputeContext) -> pl.LazyFrame:
    return _lazy(plan, ctx)


def select_named(exprs: tuple[Expression, ...] | list[Expression], ctx: ComputeContext) -> list[pl.Expr]:
    """Polars expressions for named (aliased or attribute) expressions, each producing the
    column of its output attribute's key; shared by compute and the stateful operators."""
    out = []
    for e in exprs:
        attr = L.named_output(e)
        out.append(translate(e, ctx).alias(attr.column_key))
    return out


def empty_frame(attrs: tuple[AttributeReference, ...]) -> pl.LazyFrame:
    return pl.LazyFrame(schema={a.column_key: to_polars(a.dtype) for a in attrs})


def arrow_to_lazy(
    table: pa.Table, attrs: tuple[AttributeReference, ...], frame: pl.DataFrame | None = None
) -> pl.LazyFrame:
    """``table`` as a lazy frame with ``attrs``' column keys and types; ``frame``, when given, is
    the Polars frame the table was made from (taken instead of converting the table back)."""
    if table.num_columns != len(attrs):
        raise AnalysisException(
            f"internal: relation has {table.num_columns} columns but {len(attrs)} attributes"
        )
    if frame is not None:
        df = frame.rename(dict(zip(frame.columns, [a.column_key for a in attrs])))
    else:
        converted = pl.from_arrow(table.rename_columns([a.column_key for a in attrs]), rechunk=False)
        assert isinstance(converted, pl.DataFrame)
        df = converted
    casts = {}
    for a in attrs:
        want = to_polars(a.dtype)
        if df.schema[a.column_key] != want:
            casts[a.column_key] = want
    lf = df.lazy()
    if casts:
        lf = lf.with_columns([pl.col(k).cast(t) for k, t in casts.items()])
    return lf


@singledispatch
def _lazy(plan: L.LogicalPlan, ctx: ComputeContext) -> pl.LazyFrame:
    raise AnalysisException(
        errorClass="NOT_IMPLEMENTED",
        messageParameters={"feature": f"No compute rule for plan node {plan.node_name()}"},
    )


def compute_rule(node_type: type) -> Callable[[Callable[..., pl.LazyFrame]], Callable[..., pl.LazyFrame]]:
    """Register how a batch plan node of ``node_type`` computes, for nodes whose logic
    lives in a layer above this one (the streaming operators' batch forms): a decorator
    of ``rule(plan, ctx) -> pl.LazyFrame``."""
    return _lazy.register(node_type)


@_lazy.register
def _(plan: L.LocalRelation, ctx: ComputeContext) -> pl.LazyFrame:
    if plan.data is None:
        return empty_frame(plan.attrs)
    return arrow_to_lazy(plan.data, plan.attrs, ctx.frame_of(plan.data))


@_lazy.register
def _(plan: L.Range, ctx: ComputeContext) -> pl.LazyFrame:
    return pl.LazyFrame(
        {plan.attr.column_key: pl.int_range(plan.start, plan.end, plan.step, dtype=pl.Int64, eager=True)}
    )


@_lazy.register
def _(plan: L.StreamingRelation, ctx: ComputeContext) -> pl.LazyFrame:
    from rillet.errors import AnalysisException as AE

    raise AE(
        errorClass="_LEGACY_ERROR_TEMP_3102",
        messageParameters={
            "msg": "Queries with streaming sources must be executed with writeStream.start();\n"
            + plan.source
        },
    )


@_lazy.register
def _(plan: L.Project, ctx: ComputeContext) -> pl.LazyFrame:
    named = select_named(plan.exprs, ctx)
    # with_columns, then select: an expression of literals alone (upper(lit('a'))) broadcasts to
    # one value per input row, as in Spark, where a bare select would give a single row
    keys = [L.named_output(e).column_key for e in plan.exprs]
    if len(set(keys)) < len(keys):
        return _lazy(plan.child, ctx).select(named)
    return _lazy(plan.child, ctx).with_columns(named).select(keys)


@_lazy.register
def _(plan: L.Filter, ctx: ComputeContext) -> pl.LazyFrame:
    # SQL WHERE keeps rows whose condition is TRUE (NULL drops the row)
    return _lazy(plan.child, ctx).filter(translate(plan.condition, ctx).fill_null(False))


@_lazy.register
def _(plan: L.SubqueryAlias, ctx: ComputeContext) -> pl.LazyFrame:
    return _lazy(plan.child, ctx)


@_lazy.register
def _(plan: L.CollectMetrics, ctx: ComputeContext) -> pl.LazyFrame:
    return _lazy(plan.child, ctx)  # rows pass through; streaming execution computes the metrics


@_lazy.register
def _(plan: L.EventTimeWatermark, ctx: ComputeContext) -> pl.LazyFrame:
    return _lazy(plan.child, ctx)


@_lazy.register
def _(plan: L.Generate, ctx: ComputeContext) -> pl.LazyFrame:
    from rillet.plan.expressions.core import Call

    child = _lazy(plan.child, ctx)
    gen = plan.generator
    assert isinstance(gen, Call)
    arg_type = gen.args[0].data_type
    tmp = "__generator_input"
    keys = [a.column_key for a in plan.gen_output]
    if gen.spec.name == "json_tuple":  # one row per input row: a struct spread into columns
        inputs = [f"{tmp}{i}" for i in range(len(gen.args))]  # materialized, so literals broadcast
        lf = child.with_columns(translate(x, ctx).alias(n) for x, n in zip(gen.args, inputs))
        lf = lf.with_columns(scalar_function(gen, [pl.col(n) for n in inputs], ctx).alias(tmp))
        lf = lf.with_columns(pl.col(tmp).struct.field(f"c{i}").alias(k) for i, k in enumerate(keys))
        return lf.drop(tmp, *inputs)
    lf = child.with_columns(translate(gen.args[0], ctx).alias(tmp))
    if not plan.outer:
        lf = lf.filter(pl.col(tmp).list.len() > 0)  # explode drops NULL and empty inputs
    if gen.spec.name.startswith("posexplode"):
        lf = lf.with_columns(pl.int_ranges(0, pl.col(tmp).list.len(), dtype=pl.Int32).alias(keys[0]))
        lf = lf.explode([keys[0], tmp], empty_as_null=True)
        keys = keys[1:]
    else:
        lf = lf.explode(tmp, empty_as_null=True)
    if isinstance(arg_type, T.MapType):
        lf = lf.with_columns(
            pl.col(tmp).struct.field("key").alias(keys[0]),
            pl.col(tmp).struct.field("value").alias(keys[1]),
        )
    else:
        lf = lf.with_columns(pl.col(tmp).alias(keys[0]))
    return lf.drop(tmp)


@_lazy.register
def _(plan: L.Aggregate, ctx: ComputeContext) -> pl.LazyFrame:
    split = split_aggregate(plan)
    child = _lazy(plan.child, ctx)
    aggs = [translate(call, ctx).alias(attr.column_key) for attr, call in split.calls]
    if split.keys:
        keys = [translate(g, ctx).alias(attr.column_key) for attr, g in split.keys]
        grouped = child.group_by(keys, maintain_order=True).agg(aggs)
    else:
        grouped = child.select(aggs) if aggs else child.select(pl.len()).select([])
    return grouped.select(select_named(split.results, ctx))


@_lazy.register
def _(plan: L.Sort, ctx: ComputeContext) -> pl.LazyFrame:
    lf = _lazy(plan.child, ctx)
    if not plan.orders:
        return lf
    return lf.sort(
        [translate(o.child, ctx) for o in plan.orders],
        descending=[not o.ascending for o in plan.orders],
        nulls_last=[not o.effective_nulls_first for o in plan.orders],
        maintain_order=True,
    )


@_lazy.register
def _(plan: L.Limit, ctx: ComputeContext) -> pl.LazyFrame:
    # Polars' row index is 32-bit: a limit beyond it (offset's "no limit", sys.maxsize) is no limit
    return _lazy(plan.child, ctx).slice(plan.offset, plan.n if plan.n < 2**32 - 1 else None)


@_lazy.register
def _(plan: L.Distinct, ctx: ComputeContext) -> pl.LazyFrame:
    return _lazy(plan.child, ctx).unique(maintain_order=True)


@_lazy.register
def _(plan: L.Deduplicate, ctx: ComputeContext) -> pl.LazyFrame:
    keys = [translate(k, ctx) for k in plan.keys]
    names = [f"__dedup_{i}" for i in range(len(keys))]
    lf = _lazy(plan.child, ctx).with_columns([k.alias(n) for k, n in zip(keys, names)])
    return lf.unique(subset=names, keep="first", maintain_order=True).drop(names)


@_lazy.register
def _(plan: L.Union, ctx: ComputeContext) -> pl.LazyFrame:
    target = [a.column_key for a in plan.output]
    frames = []
    for p in plan.inputs:
        lf = _lazy(p, ctx)
        frames.append(lf.select([pl.col(a.column_key).alias(t) for a, t in zip(p.output, target)]))
    return pl.concat(frames, how="vertical_relaxed")


# ---------------------------------------------------------------------------
# joins


@_lazy.register
def _(plan: L.Join, ctx: ComputeContext) -> pl.LazyFrame:
    left = _lazy(plan.left, ctx)
    right = _lazy(plan.right, ctx)
    how = plan.how
    lkeys, rkeys, residual = equi_keys(plan.condition, plan.left, plan.right)
    if how == "cross" and plan.condition is not None:
        how = "inner"
    if how == "cross" or (not lkeys and not residual):
        if how in ("semi", "anti"):
            has_right = right.select(pl.len()).collect().item() > 0
            keep = has_right if how == "semi" else not has_right
            return left if keep else left.limit(0)
        return left.join(right, how="cross")
    lcols = [a.column_key for a in plan.left.output]
    rcols = [a.column_key for a in plan.right.output]
    residual_expr = None
    for r in residual:
        t = translate(r, ctx).fill_null(False)
        residual_expr = t if residual_expr is None else residual_expr & t
    # join keys are materialized as columns first (Polars joins on plain key columns)
    lk_names = [f"__lkey{i}" for i in range(len(lkeys))]
    rk_names = [f"__rkey{i}" for i in range(len(rkeys))]
    if lkeys:
        left = left.with_columns([translate(k, ctx).alias(n) for k, n in zip(lkeys, lk_names)])
        right = right.with_columns([translate(k, ctx).alias(n) for k, n in zip(rkeys, rk_names)])
    lk: list[str] = lk_names
    rk: list[str] = rk_names

    def matched() -> pl.LazyFrame:
        if lk:
            m = left.join(right, left_on=lk, right_on=rk, how="inner", coalesce=False)
        else:
            m = left.join(right, how="cross")
        m = m.filter(residual_expr) if residual_expr is not None else m
        return m.select([*lcols, *rcols])

    if how == "inner":
        return matched()
    if residual_expr is None and lk and how in ("left", "right", "full", "semi", "anti"):
        polars_how = {"left": "left", "right": "right", "full": "full", "semi": "semi", "anti": "anti"}[how]
        joined = left.join(right, left_on=lk, right_on=rk, how=polars_how, coalesce=False)  # type: ignore[arg-type]
        if how in ("semi", "anti"):
            return joined.select(lcols)
        return joined.select([*lcols, *rcols])
    # outer/semi/anti joins with a residual condition: matched pairs + unmatched rows
    lrow, rrow = "__left_row", "__right_row"
    left = left.with_row_index(lrow)
    right = right.with_row_index(rrow)
    if lk:
        pairs = left.join(right, left_on=lk, right_on=rk, how="inner", coalesce=False)
    else:
        pairs = left.join(right, how="cross")
    if residual_expr is not None:
        pairs = pairs.filter(residual_expr)
    if how == "semi":
        return left.join(pairs.select(lrow).unique(), on=lrow, how="semi").select(lcols)
    if how == "anti":
        return left.join(pairs.select(lrow).unique(), on=lrow, how="anti").select(lcols)
    parts = [pairs.select([*lcols, *rcols])]
    if how in ("left", "full"):
        unmatched = left.join(pairs.select(lrow).unique(), on=lrow, how="anti").select(lcols)
        parts.append(unmatched)
    if how in ("right", "full"):
        unmatched_r = right.join(pairs.select(rrow).unique(), on=rrow, how="anti").select(rcols)
        parts.append(unmatched_r)
    return pl.concat(parts, how="diagonal_relaxed").select([*lcols, *rcols])


@_lazy.register
def _(plan: L.Window, ctx: ComputeContext) -> pl.LazyFrame:
    return window_lazy(_lazy(plan.child, ctx), plan, ctx)


@_lazy.register
def _(plan: L.Sample, ctx: ComputeContext) -> pl.LazyFrame:
    import numpy as np

    def sample(df: pl.DataFrame) -> pl.DataFrame:
        rng = np.random.default_rng(plan.seed)
        if plan.with_replacement:
            return df[np.repeat(np.arange(df.height), rng.poisson(plan.fraction, df.height))]
        return df.filter(pl.Series(rng.random(df.height) < plan.fraction))

    child = _lazy(plan.child, ctx)
    return child.map_batches(sample, schema=child.collect_schema(), streamable=False)
