"""Generator functions (explode and friends)."""

from __future__ import annotations

from typing import Any

from rillet.sql.column import Column
from rillet.sql.functions._helpers import call, col_arg

__all__ = ['explode', 'explode_outer', 'posexplode']


# --- generators --------------------------------------------------------------------


def explode(col: Any) -> Column:
    """One output row per element of an array (or entry of a map)."""
    return call("explode", col_arg(col))


def explode_outer(col: Any) -> Column:
    return call("explode_outer", col_arg(col))


def posexplode(col: Any) -> Column:
    return call("posexplode", col_arg(col))


