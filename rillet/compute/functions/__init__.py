"""Polars translations of registered functions, keyed by the registry's names.

``SCALAR[name](call, args, ctx)`` and ``AGGREGATE[name](call, args)`` return a
Polars expression; a function declared in the registry without a translation
here raises a named ``NOT_IMPLEMENTED`` error rather than computing anything.
"""

from __future__ import annotations

# the translations live by category; importing them fills SCALAR and AGGREGATE
from rillet.compute.functions import (  # noqa: F401
    aggregates,
    collection,
    conditional,
    datetime,
    event_time,
    hash,
    higher_order,
    json,
    math,
    misc,
    regex,
    string,
    udf,
    url,
    window,
)
from rillet.compute.functions.rules import (
    AGGREGATE,
    CONTEXT_AGGREGATE,
    SCALAR,
    aggregate,
    aggregate_with_context,
    literal_arg,
    scalar,
    scalar_function,
)

__all__ = [
    "AGGREGATE", "CONTEXT_AGGREGATE", "SCALAR", "aggregate", "aggregate_with_context", "literal_arg", "scalar",
    "scalar_function",
]
