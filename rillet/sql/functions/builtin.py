"""``pyspark.sql.functions``: each function builds an expression node; nothing computes here.

A function that is not in :mod:`rillet.plan.registry` yet is not defined here
either, so ``F.name`` fails at once with an ``AttributeError`` naming it, rather
than computing a wrong answer.
"""

from __future__ import annotations

from typing import Any

from rillet.errors import PySparkTypeError
from rillet.plan.expressions.core import CaseWhen, Literal, UnresolvedFunction, UnresolvedStar
from rillet.sql.column import Column, _col_expr, _to_expr, name_to_expr

__all__ = [
    "col", "column", "lit", "expr", "when", "coalesce", "isnull",
    "split", "explode", "explode_outer", "posexplode",
    "count", "sum", "avg", "mean", "min", "max", "first", "last", "count_distinct",
    "countDistinct", "sum_distinct", "sumDistinct",
    "upper", "lower", "length", "trim", "ltrim", "rtrim", "concat", "substring",
    "abs", "pow", "power", "sqrt",
    "current_timestamp", "current_date", "asc", "desc",
]


def _call(name: str, *cols: Any, distinct: bool = False) -> Column:
    return Column(UnresolvedFunction(name, tuple(cols), is_distinct=distinct))


def _c(col: Any, arg_name: str = "col") -> Any:
    return _col_expr(col, arg_name)


# --- columns and literals ----------------------------------------------------


def col(col: str) -> Column:
    """A column by name: ``col("a")``, ``col("t.a")``, ``col("*")``."""
    if not isinstance(col, str):
        raise PySparkTypeError(
            errorClass="NOT_STR", messageParameters={"arg_name": "col", "arg_type": type(col).__name__}
        )
    return Column(name_to_expr(col))


column = col


def lit(col: Any) -> Column:
    """A literal value; a Column is returned as is."""
    if isinstance(col, Column):
        return col
    if isinstance(col, list):
        return Column(Literal.of(col))
    return Column(Literal.of(col))


def expr(str: str) -> Column:  # noqa: A002 - PySpark's parameter name
    """Parse a SQL expression string into a Column: ``expr("a + 1")``."""
    from rillet.plan.sql_parser import parse_expression

    return Column(parse_expression(str))


def when(condition: Column, value: Any) -> Column:
    if not isinstance(condition, Column):
        raise PySparkTypeError(
            errorClass="NOT_COLUMN",
            messageParameters={"arg_name": "condition", "arg_type": type(condition).__name__},
        )
    return Column(CaseWhen(((condition._expr, _to_expr(value)),), None))


def coalesce(*cols: Any) -> Column:
    return _call("coalesce", *(_c(c) for c in cols))


def isnull(col: Any) -> Column:
    return Column(_c(col)).isNull()


def asc(col: Any) -> Column:
    return Column(_c(col)).asc()


def desc(col: Any) -> Column:
    return Column(_c(col)).desc()


# --- strings ---------------------------------------------------------------------


def upper(col: Any) -> Column:
    return _call("upper", _c(col))


def lower(col: Any) -> Column:
    return _call("lower", _c(col))


def length(col: Any) -> Column:
    return _call("length", _c(col))


def trim(col: Any) -> Column:
    return _call("trim", _c(col))


def ltrim(col: Any) -> Column:
    return _call("ltrim", _c(col))


def rtrim(col: Any) -> Column:
    return _call("rtrim", _c(col))


def concat(*cols: Any) -> Column:
    return _call("concat", *(_c(c, "cols") for c in cols))


def split(str: Any, pattern: str, limit: int = -1) -> Column:  # noqa: A002
    """Split ``str`` around matches of the Java regex ``pattern``."""
    return _call("split", _c(str, "str"), Literal.of(pattern), _to_expr(limit))


def substring(str: Any, pos: Any, len: Any) -> Column:  # noqa: A002
    return _call("substring", _c(str, "str"), _to_expr(pos), _to_expr(len))


# --- generators --------------------------------------------------------------------


def explode(col: Any) -> Column:
    """One output row per element of an array (or entry of a map)."""
    return _call("explode", _c(col))


def explode_outer(col: Any) -> Column:
    return _call("explode_outer", _c(col))


def posexplode(col: Any) -> Column:
    return _call("posexplode", _c(col))


# --- aggregates ------------------------------------------------------------------------


def count(col: Any) -> Column:
    """``count("*")`` counts rows; ``count(col)`` counts non-null values."""
    if isinstance(col, str) and col == "*":
        return Column(UnresolvedFunction("count", (UnresolvedStar(),)))
    return _call("count", _c(col))


def count_distinct(col: Any, *cols: Any) -> Column:
    return _call("count", _c(col), *(_c(c) for c in cols), distinct=True)


countDistinct = count_distinct


def sum(col: Any) -> Column:  # noqa: A001
    return _call("sum", _c(col))


def sum_distinct(col: Any) -> Column:
    return _call("sum", _c(col), distinct=True)


sumDistinct = sum_distinct


def avg(col: Any) -> Column:
    return _call("avg", _c(col))


def mean(col: Any) -> Column:
    return _call("avg", _c(col))


def min(col: Any) -> Column:  # noqa: A001
    return _call("min", _c(col))


def max(col: Any) -> Column:  # noqa: A001
    return _call("max", _c(col))


def first(col: Any, ignorenulls: bool = False) -> Column:
    return Column(UnresolvedFunction("first", (_c(col),), ignore_nulls=ignorenulls))


def last(col: Any, ignorenulls: bool = False) -> Column:
    return Column(UnresolvedFunction("last", (_c(col),), ignore_nulls=ignorenulls))


# --- math -----------------------------------------------------------------------------------


def abs(col: Any) -> Column:  # noqa: A001
    return _call("abs", _c(col))


def pow(col1: Any, col2: Any) -> Column:  # noqa: A001
    a = _c(col1, "col1") if not isinstance(col1, (int, float)) else Literal.of(col1)
    b = _c(col2, "col2") if not isinstance(col2, (int, float)) else Literal.of(col2)
    return _call("power", a, b)


power = pow


def sqrt(col: Any) -> Column:
    return _call("sqrt", _c(col))


# --- time ----------------------------------------------------------------------------------


def current_timestamp() -> Column:
    return _call("current_timestamp")


def current_date() -> Column:
    return _call("current_date")


