"""Aggregate functions."""

from __future__ import annotations

from typing import Any

from rillet.plan.expressions.core import Literal, UnresolvedFunction, UnresolvedStar
from rillet.sql.column import Column, _to_expr
from rillet.sql.functions._helpers import call, col_arg, one_column_function

__all__ = ['count', 'count_distinct', 'sum', 'sum_distinct', 'avg', 'mean', 'min', 'max', 'first',
           'last', 'countDistinct', 'sumDistinct', 'approx_count_distinct', 'approxCountDistinct',
           'collect_list', 'collect_set', 'array_agg', 'stddev', 'std', 'stddev_samp', 'stddev_pop',
           'variance', 'var_samp', 'var_pop', 'percentile_approx', 'approx_percentile', 'median',
           'mode', 'max_by', 'min_by', 'any_value', 'bool_and', 'bool_or', 'every', 'some',
           'count_if']


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


# --- more aggregates --------------------------------------------------------------------------


def approx_count_distinct(col: Any, rsd: float | None = None) -> Column:
    """Distinct non-null values; rillet counts exactly (Spark estimates with HyperLogLog++)."""
    return call("approx_count_distinct", col_arg(col))


approxCountDistinct = approx_count_distinct


def _agg(name: str) -> Any:
    return one_column_function(name, "aggregate")


collect_list = _agg("collect_list")
collect_set = _agg("collect_set")
array_agg = _agg("array_agg")
stddev = _agg("stddev")
std = _agg("std")
stddev_samp = _agg("stddev_samp")
stddev_pop = _agg("stddev_pop")
variance = _agg("variance")
var_samp = _agg("var_samp")
var_pop = _agg("var_pop")
median = _agg("median")
bool_and = _agg("bool_and")
bool_or = _agg("bool_or")
every = _agg("every")
some = _agg("some")
count_if = _agg("count_if")


def mode(col: Any, deterministic: bool = False) -> Column:
    return call("mode", col_arg(col))


def percentile_approx(col: Any, percentage: Any, accuracy: int = 10000) -> Column:
    """An actual input value at ``percentage`` (a float, or a list of them)."""
    p = Literal.of(list(percentage)) if isinstance(percentage, (list, tuple)) else _to_expr(percentage)
    return call("percentile_approx", col_arg(col), p, Literal.of(accuracy))


def approx_percentile(col: Any, percentage: Any, accuracy: int = 10000) -> Column:
    p = Literal.of(list(percentage)) if isinstance(percentage, (list, tuple)) else _to_expr(percentage)
    return call("approx_percentile", col_arg(col), p, Literal.of(accuracy))


def max_by(col: Any, ord: Any) -> Column:  # noqa: A002
    return call("max_by", col_arg(col), col_arg(ord, "ord"))


def min_by(col: Any, ord: Any) -> Column:  # noqa: A002
    return call("min_by", col_arg(col), col_arg(ord, "ord"))


def any_value(col: Any, ignoreNulls: Any = None) -> Column:  # noqa: N803
    if ignoreNulls is None:
        return call("any_value", col_arg(col))
    return Column(UnresolvedFunction("any_value", (col_arg(col),), ignore_nulls=bool(ignoreNulls)))
