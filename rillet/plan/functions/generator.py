"""Generators: explode, explode_outer, posexplode, ..."""

from __future__ import annotations

from rillet.plan.registry import (
    FunctionSpec,
    declare,
    element_type,
    explode_outer_output,
    explode_output,
    posexplode_output,
)

declare(FunctionSpec("explode", "generator", element_type, generator_output=explode_output))
declare(FunctionSpec("explode_outer", "generator", element_type,
                     generator_output=explode_outer_output))
declare(FunctionSpec("posexplode", "generator", element_type, generator_output=posexplode_output))
