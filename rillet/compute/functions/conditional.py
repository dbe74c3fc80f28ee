"""Polars translations of null-handling and conditional functions."""

from __future__ import annotations

import polars as pl

from rillet.compute.expressions import ComputeContext
from rillet.compute.functions import scalar
from rillet.plan.expressions.core import Call

# --- conditional / math -------------------------------------------------------


@scalar("coalesce")
def _coalesce(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return pl.coalesce(a)


