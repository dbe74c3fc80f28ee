"""Columns, literals, expressions and conditionals."""

from __future__ import annotations

from typing import Any

from rillet.errors import PySparkTypeError
from rillet.plan.expressions.core import CaseWhen, Literal
from rillet.sql.column import Column, _to_expr, name_to_expr
from rillet.sql.functions._helpers import call, col_arg

__all__ = ['col', 'lit', 'expr', 'when', 'coalesce', 'isnull', 'asc', 'desc', 'column']


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


