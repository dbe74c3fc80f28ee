"""Aggregate functions."""

from __future__ import annotations

from typing import Any

from rillet.plan.expressions.core import UnresolvedFunction, UnresolvedStar
from rillet.sql.column import Column
from rillet.sql.functions._helpers import call, col_arg

__all__ = ['count', 'count_distinct', 'sum', 'sum_distinct', 'avg', 'mean', 'min', 'max', 'first', 'last', 'countDistinct', 'sumDistinct']


# --- aggregates ------------------------------------------------------------------------


def count(col: Any) -> Column:
    """``count("*")`` counts rows; ``count(col)`` counts non-null values."""
    if isinstance(col, str) and col == "*":
        return Column(UnresolvedFunction("count", (UnresolvedStar(),)))
    return call("count", col_arg(col))


def count_distinct(col: Any, *cols: Any) -> Column:
    return call("count", col_arg(col), *(col_arg(c) for c in cols), distinct=True)


countDistinct = count_distinct


def sum(col: Any) -> Column:  # noqa: A001
    return call("sum", col_arg(col))


def sum_distinct(col: Any) -> Column:
    return call("sum", col_arg(col), distinct=True)


sumDistinct = sum_distinct


def avg(col: Any) -> Column:
    return call("avg", col_arg(col))


def mean(col: Any) -> Column:
    return call("avg", col_arg(col))


def min(col: Any) -> Column:  # noqa: A001
    return call("min", col_arg(col))


def max(col: Any) -> Column:  # noqa: A001
    return call("max", col_arg(col))


def first(col: Any, ignorenulls: bool = False) -> Column:
    return Column(UnresolvedFunction("first", (col_arg(col),), ignore_nulls=ignorenulls))


def last(col: Any, ignorenulls: bool = False) -> Column:
    return Column(UnresolvedFunction("last", (col_arg(col),), ignore_nulls=ignorenulls))


