"""Window functions (only valid with ``OVER``): ranking, distribution and offset functions.

Each names the frame Spark requires of it (``required_frame``); an aggregate
function used over a window keeps the frame of its window spec.
"""

from __future__ import annotations

from collections.abc import Callable

from rillet.plan.expressions.core import Call, Expression, Literal
from rillet.plan.expressions.window import RANGE, ROWS, WindowFrame
from rillet.plan.registry import DOUBLE, INT, FunctionSpec, declare, fixed, render_upper_name, same_as_first


def _render_offset(call: Call, r: Callable[[Expression], str]) -> str:
    """Spark names lag/lead with all three arguments: ``lag(v, 1, NULL)``."""
    parts = [r(a) for a in call.args]
    if len(parts) < 2:
        parts.append("1")
    if len(parts) < 3:
        parts.append("NULL")
    return f"{call.spec.name}({', '.join(parts)})"


declare(FunctionSpec("row_number", "window", fixed(INT), 0, 0, never_nullable=True,
                     renderer=lambda c, r: "row_number()"))
declare(FunctionSpec("ntile", "window", fixed(INT), 1, 1, never_nullable=True))
declare(FunctionSpec("rank", "window", fixed(INT), 0, 0, never_nullable=True, renderer=render_upper_name("RANK")))
declare(FunctionSpec("dense_rank", "window", fixed(INT), 0, 0, never_nullable=True,
                     renderer=render_upper_name("DENSE_RANK")))
declare(FunctionSpec("percent_rank", "window", fixed(DOUBLE), 0, 0, never_nullable=True,
                     renderer=render_upper_name("PERCENT_RANK")))
declare(FunctionSpec("cume_dist", "window", fixed(DOUBLE), 0, 0, never_nullable=True,
                     renderer=lambda c, r: "cume_dist()"))
declare(FunctionSpec("lag", "window", same_as_first, 1, 3, always_nullable=True, renderer=_render_offset))
declare(FunctionSpec("lead", "window", same_as_first, 1, 3, always_nullable=True, renderer=_render_offset))

RANKING = frozenset({"row_number", "rank", "dense_rank", "percent_rank", "ntile", "cume_dist"})


def offset_of(call: Call) -> int:
    """lag/lead's row offset (a literal)."""
    arg = call.args[1] if len(call.args) > 1 else Literal.of(1)
    return int(arg.value) if isinstance(arg, Literal) and arg.value is not None else 1


def required_frame(call: Call) -> WindowFrame | None:
    """The frame a window function imposes (None: any frame, as for aggregates)."""
    name = call.spec.name
    if name == "cume_dist":
        return WindowFrame(RANGE, None, 0)
    if name in RANKING:
        return WindowFrame(ROWS, None, 0)
    if name in ("lag", "lead"):
        off = offset_of(call) * (-1 if name == "lag" else 1)
        return WindowFrame(ROWS, off, off)
    return None


__all__ = ["RANKING", "offset_of", "required_frame"]
