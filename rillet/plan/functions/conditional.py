"""Null handling and conditional functions."""

from __future__ import annotations

from rillet.plan.registry import (
    FunctionSpec,
    declare,
    first_non_null,
)

declare(FunctionSpec("coalesce", "scalar", first_non_null, 1, None, null_intolerant=False,
                     nullable_only_if_all_args=True))
