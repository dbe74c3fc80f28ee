"""String functions."""

from __future__ import annotations

from typing import Any

from rillet.plan.expressions.core import Literal
from rillet.sql.column import Column, _to_expr
from rillet.sql.functions._helpers import call, col_arg

__all__ = ['upper', 'lower', 'length', 'trim', 'ltrim', 'rtrim', 'concat', 'split', 'substring']


# --- strings ---------------------------------------------------------------------


def upper(col: Any) -> Column:
    return call("upper", col_arg(col))


def lower(col: Any) -> Column:
    return call("lower", col_arg(col))


def length(col: Any) -> Column:
    return call("length", col_arg(col))


def trim(col: Any) -> Column:
    return call("trim", col_arg(col))


def ltrim(col: Any) -> Column:
    return call("ltrim", col_arg(col))


def rtrim(col: Any) -> Column:
    return call("rtrim", col_arg(col))


def concat(*cols: Any) -> Column:
    return call("concat", *(col_arg(c, "cols") for c in cols))


def split(str: Any, pattern: str, limit: int = -1) -> Column:  # noqa: A002
    """Split ``str`` around matches of the Java regex ``pattern``."""
    return call("split", col_arg(str, "str"), Literal.of(pattern), _to_expr(limit))


def substring(str: Any, pos: Any, len: Any) -> Column:  # noqa: A002
    return call("substring", col_arg(str, "str"), _to_expr(pos), _to_expr(len))


