"""Polars translations of date and time functions."""

from __future__ import annotations

import polars as pl

from rillet.compute.expressions import ComputeContext
from rillet.compute.functions import scalar
from rillet.compute.types import to_polars
from rillet.plan import types as T
from rillet.plan.expressions.core import Call

# --- time -----------------------------------------------------------------------


@scalar("current_timestamp")
def _current_timestamp(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    # one value per query (per micro-batch in a stream), as Spark evaluates it
    return pl.lit(ctx.now).cast(to_polars(T.TimestampType()))


@scalar("current_date")
def _current_date(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    from zoneinfo import ZoneInfo

    return pl.lit(ctx.now.astimezone(ZoneInfo(ctx.session_tz)).date())


