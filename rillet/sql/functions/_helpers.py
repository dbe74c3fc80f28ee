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


def one_column_function(name: str, kind: str = "function") -> Any:
    """A PySpark-style ``name(col)`` function calling the registered function ``name``."""

    def fn(col: Any) -> Column:
        return call(name, col_arg(col))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"The {kind} ``{name}(col)``, as in ``pyspark.sql.functions.{name}``."
    return fn
