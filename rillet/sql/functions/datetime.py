"""Date and time functions."""

from __future__ import annotations

from rillet.sql.column import Column
from rillet.sql.functions._helpers import call

__all__ = ['current_timestamp', 'current_date']


# --- time ----------------------------------------------------------------------------------


def current_timestamp() -> Column:
    return call("current_timestamp")


def current_date() -> Column:
    return call("current_date")


