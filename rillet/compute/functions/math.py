"""Polars translations of math functions."""

from __future__ import annotations

import polars as pl

from rillet.compute.expressions import ComputeContext
from rillet.compute.functions import scalar
from rillet.plan.expressions.core import Call


@scalar("abs")
def _abs(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].abs()


@scalar("power")
def _power(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].cast(pl.Float64).pow(a[1].cast(pl.Float64))


@scalar("sqrt")
def _sqrt(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].cast(pl.Float64).sqrt()


