"""Miscellaneous functions: typeof."""

from __future__ import annotations

from rillet.plan.registry import STRING, FunctionSpec, declare, fixed

# typeof names the argument's type; it is never NULL, even for a NULL argument
declare(FunctionSpec("typeof", "scalar", fixed(STRING), never_nullable=True, null_intolerant=False))
