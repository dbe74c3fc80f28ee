"""Polars translations of aggregate functions (used in a group-by context)."""

from __future__ import annotations

import polars as pl

from rillet.compute.functions import aggregate
from rillet.compute.types import to_polars
from rillet.plan.expressions.core import Call, Literal

# --- aggregates -------------------------------------------------------------------


@aggregate("count")
def _count(call: Call, a: list[pl.Expr]) -> pl.Expr:
    if call.is_distinct:
        if len(a) == 1:
            return a[0].drop_nulls().n_unique().cast(pl.Int64)
        s = pl.struct(a)
        all_set = pl.all_horizontal([x.is_not_null() for x in a])
        return s.filter(all_set).n_unique().cast(pl.Int64)
    if all(isinstance(x, Literal) and x.value is not None for x in call.args):
        return pl.len().cast(pl.Int64)
    if len(a) == 1:
        return a[0].count().cast(pl.Int64)
    return pl.all_horizontal([x.is_not_null() for x in a]).sum().cast(pl.Int64)


@aggregate("sum")
def _sum(call: Call, a: list[pl.Expr]) -> pl.Expr:
    x = a[0].cast(to_polars(call.data_type))
    if call.is_distinct:
        x = x.unique()
    # Spark: the sum of no (non-null) values is NULL, not 0
    return pl.when(x.count() > 0).then(x.sum())


@aggregate("avg")
def _avg(call: Call, a: list[pl.Expr]) -> pl.Expr:
    x = a[0]
    if call.is_distinct:
        x = x.unique()
    return x.cast(pl.Float64).mean().cast(to_polars(call.data_type))


@aggregate("min")
def _min(call: Call, a: list[pl.Expr]) -> pl.Expr:
    return a[0].min()


@aggregate("max")
def _max(call: Call, a: list[pl.Expr]) -> pl.Expr:
    return a[0].max()


def _ignore_nulls(call: Call) -> bool:
    if call.ignore_nulls is not None:
        return call.ignore_nulls
    if len(call.args) > 1 and isinstance(call.args[1], Literal):
        return bool(call.args[1].value)
    return False


@aggregate("first")
def _first(call: Call, a: list[pl.Expr]) -> pl.Expr:
    return a[0].drop_nulls().first() if _ignore_nulls(call) else a[0].first()


@aggregate("last")
def _last(call: Call, a: list[pl.Expr]) -> pl.Expr:
    return a[0].drop_nulls().last() if _ignore_nulls(call) else a[0].last()
