"""Collection functions: arrays, maps and structs."""

from __future__ import annotations

from typing import Any

from rillet.plan.expressions.core import Literal
from rillet.sql.column import Column, _to_expr
from rillet.sql.functions._helpers import call, col_arg

__all__ = [
    'array', 'array_contains', 'element_at', 'try_element_at', 'size', 'cardinality', 'sort_array',
    'array_sort', 'array_distinct', 'array_union', 'array_intersect', 'array_except', 'array_join',
    'array_max', 'array_min', 'array_position', 'array_remove', 'slice', 'flatten', 'arrays_zip',
    'create_map', 'map_keys', 'map_values', 'map_entries', 'map_from_arrays', 'struct', 'named_struct',
]


def _cols(cols: tuple[Any, ...]) -> list[Any]:
    """PySpark's ``*cols``: columns or names, or one list of them."""
    if len(cols) == 1 and isinstance(cols[0], (list, tuple, set)):
        cols = tuple(cols[0])
    return [col_arg(c, "cols") for c in cols]


def array(*cols: Any) -> Column:
    return call("array", *_cols(cols))


def array_contains(col: Any, value: Any) -> Column:
    return call("array_contains", col_arg(col), _to_expr(value))


def element_at(col: Any, extraction: Any) -> Column:
    """1-based element of an array (negative counts from the end), or a map's value by key."""
    return call("element_at", col_arg(col), _to_expr(extraction))


def try_element_at(col: Any, extraction: Any) -> Column:
    return call("try_element_at", col_arg(col), _to_expr(extraction))


def size(col: Any) -> Column:
    return call("size", col_arg(col))


def cardinality(col: Any) -> Column:
    return call("cardinality", col_arg(col))


def sort_array(col: Any, asc: bool = True) -> Column:
    return call("sort_array", col_arg(col), Literal.of(asc))


def array_sort(col: Any, comparator: Any = None) -> Column:
    return call("array_sort", col_arg(col))


def array_distinct(col: Any) -> Column:
    return call("array_distinct", col_arg(col))


def array_union(col1: Any, col2: Any) -> Column:
    return call("array_union", col_arg(col1, "col1"), col_arg(col2, "col2"))


def array_intersect(col1: Any, col2: Any) -> Column:
    return call("array_intersect", col_arg(col1, "col1"), col_arg(col2, "col2"))


def array_except(col1: Any, col2: Any) -> Column:
    return call("array_except", col_arg(col1, "col1"), col_arg(col2, "col2"))


def array_join(col: Any, delimiter: str, null_replacement: str | None = None) -> Column:
    args = [col_arg(col), Literal.of(delimiter)]
    if null_replacement is not None:
        args.append(Literal.of(null_replacement))
    return call("array_join", *args)


def array_max(col: Any) -> Column:
    return call("array_max", col_arg(col))


def array_min(col: Any) -> Column:
    return call("array_min", col_arg(col))


def array_position(col: Any, value: Any) -> Column:
    return call("array_position", col_arg(col), _to_expr(value))


def array_remove(col: Any, element: Any) -> Column:
    return call("array_remove", col_arg(col), _to_expr(element))


def slice(x: Any, start: Any, length: Any) -> Column:  # noqa: A001
    return call("slice", col_arg(x, "x"), *(col_arg(v) if isinstance(v, str) else _to_expr(v)
                                            for v in (start, length)))


def flatten(col: Any) -> Column:
    return call("flatten", col_arg(col))


def arrays_zip(*cols: Any) -> Column:
    return call("arrays_zip", *_cols(cols))


def create_map(*cols: Any) -> Column:
    return call("map", *_cols(cols))


def map_keys(col: Any) -> Column:
    return call("map_keys", col_arg(col))


def map_values(col: Any) -> Column:
    return call("map_values", col_arg(col))


def map_entries(col: Any) -> Column:
    return call("map_entries", col_arg(col))


def map_from_arrays(col1: Any, col2: Any) -> Column:
    return call("map_from_arrays", col_arg(col1, "col1"), col_arg(col2, "col2"))


def struct(*cols: Any) -> Column:
    return call("struct", *_cols(cols))


def named_struct(*cols: Any) -> Column:
    return call("named_struct", *_cols(cols))
