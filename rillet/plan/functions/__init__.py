"""Declarations of Spark's functions, one module per category (registered on import)."""

from rillet.plan.functions import aggregate, conditional, datetime, event_time, generator, math, string, window  # noqa: F401
from rillet.plan.functions import json  # noqa: F401,E402
from rillet.plan.functions import collection  # noqa: F401,E402
