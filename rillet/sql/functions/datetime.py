"""Date and time functions."""

from __future__ import annotations

from typing import Any

from rillet.plan.expressions.core import Literal
from rillet.sql.column import Column, _to_expr
from rillet.sql.functions._helpers import call, col_arg

__all__ = [
    'current_timestamp', 'current_date', 'now', 'to_timestamp', 'try_to_timestamp', 'to_date',
    'date_format', 'unix_timestamp', 'from_unixtime', 'timestamp_seconds', 'timestamp_millis',
    'timestamp_micros', 'unix_seconds', 'unix_millis', 'unix_micros', 'unix_date', 'date_trunc',
    'trunc', 'date_add', 'dateadd', 'date_sub', 'datediff', 'date_diff', 'months_between',
    'add_months', 'year', 'quarter', 'month', 'dayofmonth', 'day', 'dayofweek', 'dayofyear',
    'weekday', 'hour', 'minute', 'second', 'weekofyear', 'last_day', 'next_day',
    'from_utc_timestamp', 'to_utc_timestamp', 'make_date',
]

_DEFAULT_FORMAT = "yyyy-MM-dd HH:mm:ss"


def _fmt(format: Any) -> Any:  # noqa: A002
    return Literal.of(format) if isinstance(format, str) else col_arg(format, "format")


# --- now ----------------------------------------------------------------------------------


def current_timestamp() -> Column:
    return call("current_timestamp")


def now() -> Column:
    return call("now")


def current_date() -> Column:
    return call("current_date")


# --- parsing and formatting ----------------------------------------------------------------


def to_timestamp(col: Any, format: str | None = None) -> Column:  # noqa: A002
    """Parse ``col`` with Spark's datetime ``format`` (or as a CAST without one)."""
    if format is None:
        return call("to_timestamp", col_arg(col))
    return call("to_timestamp", col_arg(col), _fmt(format))


def try_to_timestamp(col: Any, format: Any = None) -> Column:  # noqa: A002
    if format is None:
        return call("try_to_timestamp", col_arg(col))
    return call("try_to_timestamp", col_arg(col), col_arg(format, "format"))


def to_date(col: Any, format: str | None = None) -> Column:  # noqa: A002
    if format is None:
        return call("to_date", col_arg(col))
    return call("to_date", col_arg(col), _fmt(format))


def date_format(date: Any, format: str) -> Column:  # noqa: A002
    return call("date_format", col_arg(date, "date"), _fmt(format))


def unix_timestamp(timestamp: Any = None, format: str = _DEFAULT_FORMAT) -> Column:  # noqa: A002
    if timestamp is None:
        return call("unix_timestamp", call("current_timestamp")._expr, _fmt(format))
    return call("unix_timestamp", col_arg(timestamp, "timestamp"), _fmt(format))


def from_unixtime(timestamp: Any, format: str = _DEFAULT_FORMAT) -> Column:  # noqa: A002
    return call("from_unixtime", col_arg(timestamp, "timestamp"), _fmt(format))


def timestamp_seconds(col: Any) -> Column:
    return call("timestamp_seconds", col_arg(col))


def timestamp_millis(col: Any) -> Column:
    return call("timestamp_millis", col_arg(col))


def timestamp_micros(col: Any) -> Column:
    return call("timestamp_micros", col_arg(col))


def unix_seconds(col: Any) -> Column:
    return call("unix_seconds", col_arg(col))


def unix_millis(col: Any) -> Column:
    return call("unix_millis", col_arg(col))


def unix_micros(col: Any) -> Column:
    return call("unix_micros", col_arg(col))


def unix_date(col: Any) -> Column:
    return call("unix_date", col_arg(col))


# --- truncation and arithmetic -------------------------------------------------------------


def date_trunc(format: str, timestamp: Any) -> Column:  # noqa: A002
    return call("date_trunc", Literal.of(format), col_arg(timestamp, "timestamp"))


def trunc(date: Any, format: str) -> Column:  # noqa: A002
    return call("trunc", col_arg(date, "date"), Literal.of(format))


def date_add(start: Any, days: Any) -> Column:
    return call("date_add", col_arg(start, "start"), _to_expr(days))


dateadd = date_add


def date_sub(start: Any, days: Any) -> Column:
    return call("date_sub", col_arg(start, "start"), _to_expr(days))


def datediff(end: Any, start: Any) -> Column:
    return call("datediff", col_arg(end, "end"), col_arg(start, "start"))


date_diff = datediff


def months_between(date1: Any, date2: Any, roundOff: bool = True) -> Column:  # noqa: N803
    return call("months_between", col_arg(date1, "date1"), col_arg(date2, "date2"),
                Literal.of(roundOff))


def add_months(start: Any, months: Any) -> Column:
    return call("add_months", col_arg(start, "start"), _to_expr(months))


def last_day(date: Any) -> Column:
    return call("last_day", col_arg(date, "date"))


def next_day(date: Any, dayOfWeek: str) -> Column:  # noqa: N803
    return call("next_day", col_arg(date, "date"), Literal.of(dayOfWeek))


def make_date(year: Any, month: Any, day: Any) -> Column:
    return call("make_date", col_arg(year, "year"), col_arg(month, "month"), col_arg(day, "day"))


# --- fields --------------------------------------------------------------------------------


def year(col: Any) -> Column:
    return call("year", col_arg(col))


def quarter(col: Any) -> Column:
    return call("quarter", col_arg(col))


def month(col: Any) -> Column:
    return call("month", col_arg(col))


def dayofmonth(col: Any) -> Column:
    return call("dayofmonth", col_arg(col))


def day(col: Any) -> Column:
    return call("day", col_arg(col))


def dayofweek(col: Any) -> Column:
    return call("dayofweek", col_arg(col))


def dayofyear(col: Any) -> Column:
    return call("dayofyear", col_arg(col))


def weekday(col: Any) -> Column:
    return call("weekday", col_arg(col))


def weekofyear(col: Any) -> Column:
    return call("weekofyear", col_arg(col))


def hour(col: Any) -> Column:
    return call("hour", col_arg(col))


def minute(col: Any) -> Column:
    return call("minute", col_arg(col))


def second(col: Any) -> Column:
    return call("second", col_arg(col))


# --- time zones ----------------------------------------------------------------------------


def from_utc_timestamp(timestamp: Any, tz: Any) -> Column:
    return call("from_utc_timestamp", col_arg(timestamp, "timestamp"), _to_expr(tz))


def to_utc_timestamp(timestamp: Any, tz: Any) -> Column:
    return call("to_utc_timestamp", col_arg(timestamp, "timestamp"), _to_expr(tz))
