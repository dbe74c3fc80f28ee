"""Date and time functions."""

from __future__ import annotations

from rillet.plan import types as T
from rillet.plan.registry import (
    FunctionSpec,
    declare,
    fixed,
    render_no_args,
)

declare(FunctionSpec("current_timestamp", "scalar", fixed(T.TimestampType()), 0, 0,
                     renderer=render_no_args, never_nullable=True, aliases=("now",)))
declare(FunctionSpec("current_date", "scalar", fixed(T.DateType()), 0, 0,
                     renderer=render_no_args, never_nullable=True))
