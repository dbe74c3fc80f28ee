"""Declarations of Spark's functions, one module per category (registered on import)."""

from rillet.plan.functions import (  # noqa: F401
    aggregate,
    collection,  # noqa: F401,E402
    conditional,
    datetime,
    event_time,
    generator,
    higher_order,
    json,  # noqa: F401,E402
    math,
    misc,
    string,
    url,
    window,
)
