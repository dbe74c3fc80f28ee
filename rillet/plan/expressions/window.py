"""Window expressions: ``f(...) OVER (PARTITION BY ... ORDER BY ... frame)``.

``Column.over(window)`` builds a :class:`WindowExpression` of a function and a
:class:`WindowSpecDefinition`; the analyzer fills in Spark's default frame (and
the frame a ranking function requires), and moves every window expression of a
select into a ``Window`` plan node below it, as Spark's ``ExtractWindowExpressions``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rillet.plan import types as T
from rillet.plan.expressions.core import Expression

__all__ = ["WindowFrame", "WindowSpecDefinition", "WindowExpression", "ROWS", "RANGE"]

ROWS = "rows"
RANGE = "range"


@dataclass(frozen=True)
class WindowFrame:
    """A frame; a bound is an offset from the current row (rows) or value (range), None = unbounded."""

    frame_type: str
    lower: int | None
    upper: int | None

    def sql(self) -> str:
        return f"{self.frame_type.upper()} BETWEEN {_bound(self.lower, 'PRECEDING')} AND {_bound(self.upper, 'FOLLOWING')}"


def _bound(value: int | None, unbounded: str) -> str:
    if value is None:
        return f"UNBOUNDED {unbounded}"
    if value == 0:
        return "CURRENT ROW"
    # Spark prints literal offsets as "<n> FOLLOWING" whatever their sign
    return f"{value} FOLLOWING"


ENTIRE_PARTITION = WindowFrame(ROWS, None, None)
RUNNING_RANGE = WindowFrame(RANGE, None, 0)


@dataclass(frozen=True, repr=False)
class WindowSpecDefinition(Expression):
    """``PARTITION BY`` keys, ``ORDER BY`` sort orders and the frame (None until analyzed)."""

    partition: tuple[Expression, ...] = ()
    order: tuple[Expression, ...] = ()
    frame: WindowFrame | None = None
    _child_fields = ("partition", "order")

    @property
    def data_type(self) -> T.DataType:
        return T.NullType()

    def _render(self, render: str) -> str:
        parts = []
        if self.partition:
            parts.append("PARTITION BY " + ", ".join(getattr(p, render)() for p in self.partition))
        if self.order:
            parts.append("ORDER BY " + ", ".join(getattr(o, render)() for o in self.order))
        if self.frame is not None:
            parts.append(self.frame.sql())
        return " ".join(parts)

    def sql(self) -> str:
        return self._render("sql")

    def pretty_name(self) -> str:
        return self._render("pretty_name")


@dataclass(frozen=True, repr=False)
class WindowExpression(Expression):
    """A window function (ranking, offset or aggregate) evaluated over a window spec."""

    function: Expression
    spec: WindowSpecDefinition
    _child_fields = ("function", "spec")

    @property
    def data_type(self) -> T.DataType:
        return self.function.data_type

    @property
    def nullable(self) -> bool:
        return self.function.nullable

    def sql(self) -> str:
        return f"{self.function.sql()} OVER ({self.spec.sql()})"

    def pretty_name(self) -> str:
        return f"{self.function.pretty_name()} OVER ({self.spec.pretty_name()})"


def contains_window(e: Expression) -> bool:
    return any(isinstance(x, WindowExpression) for x in e.walk())
