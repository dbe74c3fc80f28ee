"""Polars translations of null-handling and conditional functions."""

from __future__ import annotations

import polars as pl

from rillet.compute.expressions import ComputeContext
from rillet.compute.functions import scalar
from rillet.compute.types import to_polars
from rillet.plan import types as T
from rillet.plan.expressions.core import Call


@scalar("coalesce", "nvl", "ifnull")
def _coalesce(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return pl.coalesce(a)


@scalar("nvl2")
def _nvl2(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return pl.when(a[0].is_not_null()).then(a[1]).otherwise(a[2])


@scalar("nullif")
def _nullif(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return pl.when((a[0] == a[1]).fill_null(False)).then(None).otherwise(a[0])


@scalar("if")
def _if(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return pl.when(a[0].fill_null(False)).then(a[1]).otherwise(a[2])


@scalar("isnull")
def _isnull(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].is_null()


@scalar("isnotnull")
def _isnotnull(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].is_not_null()


@scalar("isnan")
def _isnan(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].is_nan().fill_null(False)


@scalar("nanvl")
def _nanvl(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return pl.when(a[0].is_nan()).then(a[1]).otherwise(a[0])


@scalar("try_divide")
def _try_divide(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return pl.when(a[1] != 0).then(a[0] / a[1])


_BOUNDS = {T.ByteType: 2**7, T.ShortType: 2**15, T.IntegerType: 2**31, T.LongType: 2**63}
_OPS = {"try_add": pl.Expr.add, "try_subtract": pl.Expr.sub, "try_multiply": pl.Expr.mul}


@scalar(*_OPS)
def _try_arithmetic(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    """``+ - *`` that give NULL instead of raising on overflow."""
    fn = _OPS[call.spec.name]
    bound = _BOUNDS.get(type(call.data_type))
    if bound is None:
        return fn(a[0], a[1])
    wide = fn(a[0].cast(pl.Int128), a[1].cast(pl.Int128))
    return pl.when((wide >= -bound) & (wide < bound)).then(wide).cast(to_polars(call.data_type))
