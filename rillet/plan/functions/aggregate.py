"""Aggregate functions: count, sum, avg, min, max, first, last, ..."""

from __future__ import annotations

from rillet.plan.registry import (
    LONG,
    FunctionSpec,
    avg_type,
    declare,
    fixed,
    render_count,
    same_as_first,
    sum_type,
)

declare(FunctionSpec("count", "aggregate", fixed(LONG), 1, None, renderer=render_count,
                     never_nullable=True))
declare(FunctionSpec("sum", "aggregate", sum_type, arg_kinds=("numeric",)))
declare(FunctionSpec("avg", "aggregate", avg_type, arg_kinds=("numeric",), aliases=("mean",)))
declare(FunctionSpec("min", "aggregate", same_as_first))
declare(FunctionSpec("max", "aggregate", same_as_first))
declare(FunctionSpec("first", "aggregate", same_as_first, 1, 2, aliases=("first_value",)))
declare(FunctionSpec("last", "aggregate", same_as_first, 1, 2, aliases=("last_value",)))
