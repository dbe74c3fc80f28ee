"""Session windows on Polars: per-row gaps and merging overlapping sessions, vectorized."""

from __future__ import annotations

import polars as pl

from rillet.compute.expressions import ComputeContext, translate
from rillet.compute.functions.rules import scalar
from rillet.compute.relations import _lazy
from rillet.compute.types import to_polars
from rillet.errors import PySparkException
from rillet.plan import logical as L
from rillet.plan import types as T
from rillet.plan.expressions.core import Call, Expression, Literal
from rillet.plan.intervals import parse_interval_us


def gap_micros(gap: Expression, ctx: ComputeContext) -> pl.Expr:
    """A session gap in microseconds: a constant interval string, or one per row (the few
    distinct strings are parsed once per batch); invalid or non-positive gaps are NULL."""
    if isinstance(gap, Literal):
        return pl.lit(parse_interval_us(str(gap.value)) if gap.value is not None else None, dtype=pl.Int64)
    if isinstance(gap.data_type, T.DayTimeIntervalType):
        return translate(gap, ctx).dt.total_microseconds()

    def parse_batch(s: pl.Series) -> pl.Series:
        mapping: dict[str, int | None] = {}
        for text in s.drop_nulls().unique().to_list():
            try:
                mapping[text] = parse_interval_us(text)
            except PySparkException:
                mapping[text] = None
        return s.replace_strict(mapping, default=None, return_dtype=pl.Int64)

    return translate(gap, ctx).map_batches(parse_batch, return_dtype=pl.Int64)


def assign_sessions(
    lf: pl.LazyFrame, ts_us: str, gap_us: str, partition: list[str], out: str, dtype: pl.DataType
) -> pl.LazyFrame:
    """Add column ``out`` = the merged session ``<start, end>`` of each row.

    Within a partition, rows sorted by event time start a new session when their
    time is after every earlier row's ``ts + gap`` (touching intervals merge, as in
    Spark)."""
    part = partition or ["__session_all"]
    if not partition:
        lf = lf.with_columns(pl.lit(0).alias("__session_all"))
    end = pl.col(ts_us) + pl.col(gap_us)
    lf = lf.sort([*part, ts_us]).with_columns(end.alias("__end"))
    previous_end = pl.col("__end").cum_max().shift(1).over(part)
    starts = (previous_end.is_null() | (pl.col(ts_us) > previous_end)).cast(pl.Int64)
    lf = lf.with_columns(starts.cum_sum().over(part).alias("__session"))
    group = [*part, "__session"]
    window = pl.struct(
        pl.col(ts_us).min().over(group).cast(dtype).alias("start"),
        pl.col("__end").max().over(group).cast(dtype).alias("end"),
    )
    drop = ["__end", "__session", *(["__session_all"] if not partition else [])]
    return lf.with_columns(window.alias(out)).drop(drop)


@_lazy.register
def _(plan: L.SessionWindow, ctx: ComputeContext) -> pl.LazyFrame:
    child = _lazy(plan.child, ctx)
    ts_type = to_polars(plan.attr.dtype.fields[0].dataType)  # type: ignore[attr-defined]
    keys = [f"__session_key{i}" for i in range(len(plan.partition))]
    lf = child.with_columns(
        translate(plan.event_time, ctx).dt.epoch("us").alias("__ts"),
        gap_micros(plan.gap, ctx).alias("__gap"),
        *(translate(p, ctx).alias(k) for p, k in zip(plan.partition, keys)),
    ).filter(pl.col("__ts").is_not_null() & (pl.col("__gap") > 0))
    lf = assign_sessions(lf, "__ts", "__gap", keys, plan.attr.column_key, ts_type)
    return lf.drop(["__ts", "__gap", *keys])


@scalar("session_window")
def _session_window(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    """Outside an aggregation, each row's own session: ``<ts, ts + gap>``."""
    ts_type = to_polars(call.data_type.fields[0].dataType)  # type: ignore[attr-defined]
    us = a[0].dt.epoch("us")
    gap = gap_micros(call.args[1], ctx)
    window = pl.struct(us.cast(ts_type).alias("start"), (us + gap).cast(ts_type).alias("end"))
    return pl.when(us.is_not_null() & (gap > 0)).then(window)
