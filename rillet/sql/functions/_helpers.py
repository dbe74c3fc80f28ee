"""Shared argument handling for the function modules."""

from __future__ import annotations

from typing import Any

from rillet.plan.expressions.core import UnresolvedFunction
from rillet.sql.column import Column, _col_expr


def call(name: str, *cols: Any, distinct: bool = False) -> Column:
    """A Column calling the registered function ``name`` on expression arguments."""
    return Column(UnresolvedFunction(name, tuple(cols), is_distinct=distinct))


def col_arg(col: Any, arg_name: str = "col") -> Any:
    """A Column or a column name as an expression (PySpark's ``ColumnOrName``)."""
    return _col_expr(col, arg_name)
