"""Window functions: ranking, distribution and offset functions (use with ``.over(window)``)."""

from __future__ import annotations

from typing import Any

from rillet.plan.expressions.core import Literal
from rillet.sql.column import Column
from rillet.sql.functions._helpers import call, col_arg

__all__ = ["row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead"]


def row_number() -> Column:
    """Sequential number of a row within its window partition, from 1."""
    return call("row_number")


def rank() -> Column:
    """Rank with gaps: ties share a rank, the next rank skips."""
    return call("rank")


def dense_rank() -> Column:
    """Rank without gaps."""
    return call("dense_rank")


def percent_rank() -> Column:
    """``(rank - 1) / (rows in partition - 1)``."""
    return call("percent_rank")


def cume_dist() -> Column:
    """Fraction of the partition's rows at or before the current row (peers included)."""
    return call("cume_dist")


def ntile(n: int) -> Column:
    """The bucket (1..n) of the row when the ordered partition is split into ``n`` groups."""
    return call("ntile", Literal.of(int(n)))


def lag(col: Any, offset: int = 1, default: Any | None = None) -> Column:
    """The value ``offset`` rows before the current row, or ``default`` past the partition start."""
    return call("lag", col_arg(col), Literal.of(int(offset)), Literal.of(default))


def lead(col: Any, offset: int = 1, default: Any | None = None) -> Column:
    """The value ``offset`` rows after the current row, or ``default`` past the partition end."""
    return call("lead", col_arg(col), Literal.of(int(offset)), Literal.of(default))
