"""Spark interval strings ("10 seconds", "1 minute 30 seconds", "INTERVAL 2 HOURS")."""

from __future__ import annotations

import re

from rillet.errors import IllegalArgumentException

_UNIT_US = {
    "microsecond": 1,
    "millisecond": 1_000,
    "second": 1_000_000,
    "minute": 60_000_000,
    "hour": 3_600_000_000,
    "day": 86_400_000_000,
    "week": 7 * 86_400_000_000,
}
_ABBREV = {
    "us": "microsecond", "ms": "millisecond", "s": "second", "sec": "second", "secs": "second",
    "m": "minute", "min": "minute", "mins": "minute", "h": "hour", "hr": "hour", "hrs": "hour",
    "d": "day",
}
_TOKEN = re.compile(r"([+-]?\d+(?:\.\d+)?)\s*([a-zA-Z]+)")


def parse_interval_ms(text: str) -> int:
    """Milliseconds in a Spark interval string (watermark delays, trigger intervals)."""
    return int(round(parse_interval_us(text) / 1000))


def parse_interval_us(text: str) -> int:
    """Microseconds in a Spark interval string; months/years are rejected as Spark does
    for watermarks, triggers and time windows (they have no fixed length)."""
    s = text.strip()
    if s.lower().startswith("interval"):
        s = s[len("interval"):].strip()
    s = s.strip("'\"")
    if not s:
        raise IllegalArgumentException(f"Error parsing '{text}' to interval: the string is empty.")
    total = 0.0
    pos = 0
    for m in _TOKEN.finditer(s):
        if s[pos:m.start()].strip():
            raise _invalid(text)
        value, unit = float(m.group(1)), m.group(2).lower()
        unit = _ABBREV.get(unit, unit.rstrip("s") if unit.endswith("s") and unit != "s" else unit)
        if unit in ("month", "year"):
            raise IllegalArgumentException(
                f"Intervals greater than a month is not supported ({text})."
            )
        if unit not in _UNIT_US:
            raise IllegalArgumentException(
                errorClass="INVALID_INTERVAL_FORMAT.INVALID_UNIT",
                messageParameters={"input": text, "unit": m.group(2)},
            )
        total += value * _UNIT_US[unit]
        pos = m.end()
    if pos == 0 or s[pos:].strip():
        raise _invalid(text)
    return int(round(total))


def _invalid(text: str) -> IllegalArgumentException:
    return IllegalArgumentException(
        f"Error parsing '{text}' to interval, expected a string like '10 seconds' or "
        "'1 minute 30 seconds'."
    )
