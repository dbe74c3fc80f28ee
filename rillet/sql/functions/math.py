"""Math functions."""

from __future__ import annotations

from typing import Any

from rillet.plan.expressions.core import Literal
from rillet.sql.column import Column
from rillet.sql.functions._helpers import call, col_arg

__all__ = ['abs', 'pow', 'sqrt', 'power']


# --- math -----------------------------------------------------------------------------------


def abs(col: Any) -> Column:  # noqa: A001
    return call("abs", col_arg(col))


def pow(col1: Any, col2: Any) -> Column:  # noqa: A001
    a = col_arg(col1, "col1") if not isinstance(col1, (int, float)) else Literal.of(col1)
    b = col_arg(col2, "col2") if not isinstance(col2, (int, float)) else Literal.of(col2)
    return call("power", a, b)


power = pow


def sqrt(col: Any) -> Column:
    return call("sqrt", col_arg(col))


