"""``Window`` and ``WindowSpec``: PySpark's window specifications, as plan nodes.

A ``WindowSpec`` holds an unresolved ``WindowSpecDefinition``; ``Column.over``
turns a function call into a ``WindowExpression`` over it.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any

from rillet.errors import PySparkTypeError
from rillet.plan.expressions.core import Expression, SortOrder
from rillet.plan.expressions.window import RANGE, ROWS, WindowFrame, WindowSpecDefinition
from rillet.sql.column import _col_expr

__all__ = ["Window", "WindowSpec"]

_JAVA_MIN_LONG = -(1 << 63)
_JAVA_MAX_LONG = (1 << 63) - 1
_PRECEDING_THRESHOLD = max(-sys.maxsize, _JAVA_MIN_LONG)
_FOLLOWING_THRESHOLD = min(sys.maxsize, _JAVA_MAX_LONG)


def _cols(cols: tuple[Any, ...]) -> tuple[Expression, ...]:
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
        cols = tuple(cols[0])
    return tuple(_col_expr(c, "cols") for c in cols)


def _frame(kind: str, start: int, end: int) -> WindowFrame:
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise PySparkTypeError(
                errorClass="NOT_INT", messageParameters={"arg_name": name, "arg_type": type(value).__name__}
            )
    lower = None if start <= _PRECEDING_THRESHOLD else start
    upper = None if end >= _FOLLOWING_THRESHOLD else end
    return WindowFrame(kind, lower, upper)


class WindowSpec:
    """Partitioning, ordering and frame of a window; see ``pyspark.sql.WindowSpec``.

    Examples
    --------
    >>> from rillet.sql import Window
    >>> Window.partitionBy("d").orderBy("x").rowsBetween(-1, 0)._spec.sql()
    'PARTITION BY d ORDER BY x ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND CURRENT ROW'
    """

    def __init__(self, spec: WindowSpecDefinition | None = None) -> None:
        self._spec = spec or WindowSpecDefinition()

    def partitionBy(self, *cols: Any) -> WindowSpec:
        return WindowSpec(replace(self._spec, partition=_cols(cols)))

    def orderBy(self, *cols: Any) -> WindowSpec:
        orders = tuple(o if isinstance(o, SortOrder) else SortOrder(o) for o in _cols(cols))
        return WindowSpec(replace(self._spec, order=orders))

    def rowsBetween(self, start: int, end: int) -> WindowSpec:
        return WindowSpec(replace(self._spec, frame=_frame(ROWS, start, end)))

    def rangeBetween(self, start: int, end: int) -> WindowSpec:
        return WindowSpec(replace(self._spec, frame=_frame(RANGE, start, end)))

    def __repr__(self) -> str:
        return f"<WindowSpec {self._spec.sql()}>"


class Window:
    """Builders of ``WindowSpec``: ``Window.partitionBy("d").orderBy("x")``."""

    unboundedPreceding: int = _JAVA_MIN_LONG
    unboundedFollowing: int = _JAVA_MAX_LONG
    currentRow: int = 0

    @staticmethod
    def partitionBy(*cols: Any) -> WindowSpec:
        return WindowSpec().partitionBy(*cols)

    @staticmethod
    def orderBy(*cols: Any) -> WindowSpec:
        return WindowSpec().orderBy(*cols)

    @staticmethod
    def rowsBetween(start: int, end: int) -> WindowSpec:
        return WindowSpec().rowsBetween(start, end)

    @staticmethod
    def rangeBetween(start: int, end: int) -> WindowSpec:
        return WindowSpec().rangeBetween(start, end)
