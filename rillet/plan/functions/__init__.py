"""Declarations of Spark's functions, one module per category (registered on import)."""

from rillet.plan.functions import aggregate, conditional, datetime, generator, math, string  # noqa: F401
