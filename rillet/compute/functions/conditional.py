"""Polars translations of null-handling and conditional functions."""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from rillet.compute.expressions import ComputeContext, translate
from rillet.compute.functions.rules import scalar
from rillet.compute.types import to_polars
from rillet.plan import types as T
from rillet.plan.analyzer.coercion import try_operator
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


_BOUNDS = {T.ByteType: 2**7, T.ShortType: 2**15, T.IntegerType: 2**31, T.LongType: 2**63}
_OPS = {"try_add": pl.Expr.add, "try_subtract": pl.Expr.sub, "try_multiply": pl.Expr.mul}


@scalar(*_OPS, "try_divide")
def _try_arithmetic(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    """``+ - * /`` that give NULL instead of raising on overflow or division by zero."""
    op = try_operator(call.spec.name, call.args[0], call.args[1])
    lenient = replace(ctx, ansi=False, errors=ctx.errors)
    left, right = translate(op.left, lenient), translate(op.right, lenient)
    if isinstance(op.data_type, T.DecimalType) or op.op == "divide":
        return translate(op, lenient)  # decimals overflow to NULL, x / 0 is NULL
    fn = _OPS[call.spec.name]
    bound = _BOUNDS.get(type(op.data_type))
    if bound is None:
        return fn(left, right)
    wide = fn(left.cast(pl.Int128), right.cast(pl.Int128))
    return pl.when((wide >= -bound) & (wide < bound)).then(wide).cast(to_polars(op.data_type))
