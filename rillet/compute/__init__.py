"""Batch compute: a resolved plan -> an Arrow table, on Polars.

``execute`` is the single entry point the API and the streaming engine use. The
result carries the plan's column names (duplicates allowed, as in Spark) and the
exact Arrow types of the plan's Spark schema.
"""

from __future__ import annotations

import polars as pl
import pyarrow as pa

from rillet.compute import cast, sessions  # noqa: F401  (register the Cast and SessionWindow rules)
from rillet.compute.expressions import ComputeContext
from rillet.compute.relations import arrow_to_lazy, plan_to_lazy
from rillet.compute.types import arrow_schema, cast_table
from rillet.plan.logical import LogicalPlan

__all__ = ["ComputeContext", "collect", "execute", "execute_lazy", "arrow_to_lazy"]


def execute_lazy(plan: LogicalPlan, ctx: ComputeContext | None = None) -> pl.LazyFrame:
    return plan_to_lazy(plan, ctx or ComputeContext())


def execute(plan: LogicalPlan, ctx: ComputeContext | None = None) -> pa.Table:
    """Run ``plan`` (resolved, batch) and return its rows as Arrow."""
    ctx = ctx or ComputeContext()
    lf = plan_to_lazy(plan, ctx)
    return to_spark_arrow(collect(lf, ctx), plan)


def collect(lf: pl.LazyFrame, ctx: ComputeContext, **options: object) -> pl.DataFrame:
    """``lf.collect()``, with ANSI errors raised by vectorized checks surfacing as Spark's."""
    try:
        df = lf.collect(**options)  # type: ignore[call-overload]
    except Exception as failure:
        # an ANSI error raised inside a vectorized guard: Polars re-raises a copy built
        # from the message alone, so raise the original (it carries the condition)
        ctx.raise_pending(failure)
        raise
    ctx.raise_pending()
    return df


def to_spark_arrow(df: pl.DataFrame, plan: LogicalPlan) -> pa.Table:
    table = df.to_arrow()
    keys = [a.column_key for a in plan.output]
    if table.column_names != keys:
        table = table.select(keys)
    table = table.rename_columns([a.name for a in plan.output])
    schema = plan.schema
    return cast_table(table, schema) if table.schema != arrow_schema(schema) else table
