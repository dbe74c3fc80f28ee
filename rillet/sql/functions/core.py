"""Columns, literals, expressions and conditionals."""

from __future__ import annotations

from typing import Any

from rillet.errors import PySparkTypeError
from rillet.plan.expressions.core import CaseWhen, Literal
from rillet.sql.column import Column, _to_expr, name_to_expr
from rillet.sql.functions._helpers import call, col_arg

__all__ = ['col', 'lit', 'expr', 'when', 'coalesce', 'isnull', 'asc', 'desc', 'column', 'isnotnull',
           'nvl', 'nvl2', 'ifnull', 'nullif', 'isnan', 'nanvl', 'try_divide', 'try_add',
           'try_subtract', 'try_multiply']


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
    return call("coalesce", *(col_arg(c) for c in cols))


def isnull(col: Any) -> Column:
    return Column(col_arg(col)).isNull()


def asc(col: Any) -> Column:
    return Column(col_arg(col)).asc()


def desc(col: Any) -> Column:
    return Column(col_arg(col)).desc()


def isnotnull(col: Any) -> Column:
    return Column(col_arg(col)).isNotNull()


# --- null handling --------------------------------------------------------------------------


def nvl(col1: Any, col2: Any) -> Column:
    return call("nvl", col_arg(col1, "col1"), col_arg(col2, "col2"))


def ifnull(col1: Any, col2: Any) -> Column:
    return call("ifnull", col_arg(col1, "col1"), col_arg(col2, "col2"))


def nvl2(col1: Any, col2: Any, col3: Any) -> Column:
    return call("nvl2", col_arg(col1, "col1"), col_arg(col2, "col2"), col_arg(col3, "col3"))


def nullif(col1: Any, col2: Any) -> Column:
    return call("nullif", col_arg(col1, "col1"), col_arg(col2, "col2"))


def isnan(col: Any) -> Column:
    return call("isnan", col_arg(col))


def nanvl(col1: Any, col2: Any) -> Column:
    return call("nanvl", col_arg(col1, "col1"), col_arg(col2, "col2"))


# --- arithmetic that gives NULL instead of an error ------------------------------------------


def try_divide(left: Any, right: Any) -> Column:
    return call("try_divide", col_arg(left, "left"), col_arg(right, "right"))


def try_add(left: Any, right: Any) -> Column:
    return call("try_add", col_arg(left, "left"), col_arg(right, "right"))


def try_subtract(left: Any, right: Any) -> Column:
    return call("try_subtract", col_arg(left, "left"), col_arg(right, "right"))


def try_multiply(left: Any, right: Any) -> Column:
    return call("try_multiply", col_arg(left, "left"), col_arg(right, "right"))
