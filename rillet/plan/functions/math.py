"""Math functions."""

from __future__ import annotations

from rillet.plan.registry import (
    DOUBLE,
    FunctionSpec,
    declare,
    fixed,
    render_upper_name,
    same_as_first,
)

declare(FunctionSpec("abs", "scalar", same_as_first, arg_kinds=("numeric",)))
declare(FunctionSpec("power", "scalar", fixed(DOUBLE), 2, 2, arg_kinds=("numeric",),
                     renderer=render_upper_name("POWER"), aliases=("pow",)))
declare(FunctionSpec("sqrt", "scalar", fixed(DOUBLE), arg_kinds=("numeric",)))
