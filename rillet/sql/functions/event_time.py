"""Event-time window functions: ``window``, ``window_time``."""

from __future__ import annotations

from typing import Any

from rillet.errors import PySparkTypeError
from rillet.plan.expressions.core import Literal
from rillet.sql.column import Column
from rillet.sql.functions._helpers import call, col_arg

__all__ = ["session_window", "window", "window_time"]


def _duration(value: Any, name: str) -> Literal:
    if not isinstance(value, str):
        raise PySparkTypeError(
            errorClass="NOT_STR", messageParameters={"arg_name": name, "arg_type": type(value).__name__}
        )
    return Literal.of(value)


def window(
    timeColumn: Any, windowDuration: str, slideDuration: str | None = None, startTime: str | None = None
) -> Column:
    """Bucket rows into time windows: ``window("ts", "10 minutes", "5 minutes")``.

    The result is a struct column ``window`` with ``start`` (inclusive) and ``end``
    (exclusive). Without ``slideDuration`` the windows tumble; with it, a row belongs
    to every window that covers it.
    """
    args = [col_arg(timeColumn, "timeColumn"), _duration(windowDuration, "windowDuration")]
    if slideDuration is not None or startTime is not None:
        args.append(_duration(slideDuration, "slideDuration") if slideDuration is not None else Literal.of(None))
    if startTime is not None:
        args.append(_duration(startTime, "startTime"))
    return call("window", *args)


def window_time(windowColumn: Any) -> Column:
    """The event time of a window column: ``window.end`` minus one microsecond."""
    return call("window_time", col_arg(windowColumn, "windowColumn"))


def session_window(timeColumn: Any, gapDuration: Any) -> Column:
    """Group rows into sessions: a session closes after ``gapDuration`` without events.

    ``gapDuration`` is an interval string (``"5 minutes"``) or a Column giving each row's
    gap (a dynamic gap). Use it in ``groupBy``; the result column is ``session_window``."""
    if isinstance(gapDuration, str):
        gap: Any = Literal.of(gapDuration)
    elif isinstance(gapDuration, Column):
        gap = gapDuration._expr
    else:
        raise PySparkTypeError(
            errorClass="NOT_COLUMN_OR_STR",
            messageParameters={"arg_name": "gapDuration", "arg_type": type(gapDuration).__name__},
        )
    return call("session_window", col_arg(timeColumn, "timeColumn"), gap)
