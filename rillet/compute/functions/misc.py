"""Polars translations of miscellaneous functions: typeof."""

from __future__ import annotations

import polars as pl

from rillet.compute.expressions import ComputeContext
from rillet.compute.functions.rules import scalar
from rillet.plan.expressions.core import Call


@scalar("typeof")
def _typeof(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    # known when the plan is analyzed: a constant, as in Spark
    return pl.lit(call.args[0].data_type.simpleString(), dtype=pl.String)
