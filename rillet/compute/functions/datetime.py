"""Polars translations of date and time functions.

Timestamps are instants (``Datetime("us", "UTC")``); every field, truncation and
format is read in the session time zone (``ctx.session_tz``), as Spark does.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import polars as pl

from rillet.compute.cast import cast_expr, local_to_utc
from rillet.compute.expressions import ComputeContext, guard
from rillet.compute.functions.rules import literal_arg, scalar
from rillet.compute.types import to_polars
from rillet.errors import AnalysisException, DateTimeException, PySparkException
from rillet.plan import types as T
from rillet.plan.expressions.core import Call

_UTC = pl.Datetime("us", "UTC")
DEFAULT_FORMAT = "yyyy-MM-dd HH:mm:ss"

# Java's three-letter zone ids (ZoneId.SHORT_IDS), which Spark accepts
_SHORT_IDS = {
    "PST": "America/Los_Angeles", "EST": "-05:00", "MST": "-07:00", "HST": "-10:00",
    "CST": "America/Chicago", "IST": "Asia/Kolkata", "JST": "Asia/Tokyo", "CET": "Europe/Paris",
    "ECT": "Europe/Paris", "AET": "Australia/Sydney", "BST": "Asia/Dhaka", "GMT": "UTC", "UTC": "UTC",
}


def zone_id(name: str) -> str:
    return _SHORT_IDS.get(name.upper(), name) if len(name) == 3 else name


# --- Spark datetime patterns -> chrono (strftime/strptime) --------------------------

_FORMAT_LETTERS = {
    "y": lambda n: "%y" if n == 2 else "%Y",
    "M": lambda n: {1: "%-m", 2: "%m", 3: "%b"}.get(n, "%B"),
    "L": lambda n: {1: "%-m", 2: "%m", 3: "%b"}.get(n, "%B"),
    "d": lambda n: "%-d" if n == 1 else "%d",
    "D": lambda n: "%-j" if n == 1 else "%j",
    "H": lambda n: "%-H" if n == 1 else "%H",
    "h": lambda n: "%-I" if n == 1 else "%I",
    "k": lambda n: "%-H" if n == 1 else "%H",
    "m": lambda n: "%-M" if n == 1 else "%M",
    "s": lambda n: "%-S" if n == 1 else "%S",
    "S": lambda n: f"%{min(n, 9)}f" if n in (3, 6, 9) else "%3f",
    "E": lambda n: "%A" if n >= 4 else "%a",
    "a": lambda n: "%p",
    "Z": lambda n: "%z",
    "X": lambda n: "%:z" if n >= 3 else "%z",
    "x": lambda n: "%:z" if n >= 3 else "%z",
    "z": lambda n: "%Z",
}
_TOKEN = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|.", re.S)


def chrono_pattern(pattern: str, parsing: bool = False) -> str:
    """Spark's datetime pattern as a chrono format string (for formatting or parsing)."""
    out: list[str] = []
    for m in _TOKEN.finditer(pattern):
        tok = m.group(0)
        if tok.startswith("'"):
            text = "'" if tok == "''" else tok[1:-1].replace("''", "'")
            out.append(text.replace("%", "%%"))
        elif tok[0] in _FORMAT_LETTERS:
            spec = _FORMAT_LETTERS[tok[0]](len(tok))
            if parsing:
                spec = spec.replace("%-", "%")
                if tok[0] == "S":
                    if out and out[-1].endswith("."):
                        out[-1] = out[-1][:-1]
                        spec = "%.f"
                    else:
                        spec = "%f"
            out.append(spec)
        else:
            out.append(tok.replace("%", "%%"))
    return "".join(out)


def _pattern(call: Call, i: int) -> str:
    value = literal_arg(call, i, DEFAULT_FORMAT)
    return DEFAULT_FORMAT if value is None else str(value)


def _cannot_parse(fn: str):  # type: ignore[no-untyped-def]
    def make(bad: pl.Series) -> PySparkException:
        return DateTimeException(
            errorClass="CANNOT_PARSE_TIMESTAMP",
            messageParameters={
                "message": f"Text '{bad[0]}' could not be parsed",
                "func": f'"{fn}"',
            },
        )

    return make


def _parse_local(s: pl.Expr, pattern: str) -> pl.Expr:
    """Wall-clock time (naive) parsed from text with a Spark pattern; NULL when malformed."""
    fmt = chrono_pattern(pattern, parsing=True)
    has_time = any(c in pattern.replace("'", "") for c in "HhkmsSa")
    if not has_time:
        return s.str.strptime(pl.Date, fmt, strict=False).cast(pl.Datetime("us"))
    return s.str.strptime(pl.Datetime("us"), fmt, strict=False)


def _to_timestamp(call: Call, a: list[pl.Expr], ctx: ComputeContext, try_: bool) -> pl.Expr:
    src = call.args[0].data_type
    if len(a) == 1 or not isinstance(src, T.StringType):
        return cast_expr(a[0], src, T.TimestampType(), ctx, try_=try_)
    result = local_to_utc(_parse_local(a[0], _pattern(call, 1)), ctx.session_tz)
    if try_ or not ctx.ansi:
        return result
    return guard(ctx, result, result.is_null() & a[0].is_not_null(), _UTC,
                 _cannot_parse(call.spec.name), witness=a[0])


@scalar("to_timestamp")
def _to_timestamp_ansi(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _to_timestamp(call, a, ctx, try_=False)


@scalar("try_to_timestamp")
def _try_to_timestamp(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _to_timestamp(call, a, ctx, try_=True)


@scalar("to_date")
def _to_date(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    src = call.args[0].data_type
    if len(a) == 1 or not isinstance(src, T.StringType):
        return cast_expr(a[0], src, T.DateType(), ctx)
    return _to_timestamp(call, a, ctx, try_=False).dt.convert_time_zone(ctx.session_tz).dt.date()


def local(e: pl.Expr, ctx: ComputeContext) -> pl.Expr:
    """An instant as wall-clock time in the session zone."""
    return e.dt.convert_time_zone(ctx.session_tz)


@scalar("date_format")
def _date_format(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return local(a[0], ctx).dt.strftime(chrono_pattern(_pattern(call, 1)))


@scalar("unix_timestamp")
def _unix_timestamp(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    if not a:
        return pl.lit(int(ctx.now.timestamp()), dtype=pl.Int64)
    src = call.args[0].data_type
    if isinstance(src, T.StringType):
        ts = _to_timestamp(call, a, ctx, try_=False)
    else:
        ts = cast_expr(a[0], src, T.TimestampType(), ctx)
    return ts.dt.epoch("s").cast(pl.Int64)


@scalar("from_unixtime")
def _from_unixtime(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    ts = (a[0].cast(pl.Int64) * 1_000_000).cast(_UTC)
    return local(ts, ctx).dt.strftime(chrono_pattern(_pattern(call, 1)))


@scalar("timestamp_seconds")
def _timestamp_seconds(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return cast_expr(a[0], call.args[0].data_type, T.TimestampType(), ctx)


@scalar("timestamp_millis")
def _timestamp_millis(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return (a[0] * 1000).cast(_UTC)


@scalar("timestamp_micros")
def _timestamp_micros(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].cast(_UTC)


@scalar("unix_seconds", "unix_millis", "unix_micros")
def _unix_epoch(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    unit = {"unix_seconds": "s", "unix_millis": "ms", "unix_micros": "us"}[call.spec.name]
    return a[0].dt.epoch(unit).cast(pl.Int64)  # type: ignore[arg-type]


@scalar("unix_date")
def _unix_date(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].cast(pl.Int32)


# --- truncation -----------------------------------------------------------------------

_TRUNC_UNITS = {
    "year": "1y", "yyyy": "1y", "yy": "1y", "quarter": "1q", "month": "1mo", "mon": "1mo",
    "mm": "1mo", "week": "1w", "day": "1d", "dd": "1d", "hour": "1h", "minute": "1m",
    "second": "1s", "millisecond": "1ms", "microsecond": "1us",
}


@scalar("date_trunc")
def _date_trunc(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    unit = _TRUNC_UNITS.get(str(literal_arg(call, 0)).lower())
    if unit is None:
        return pl.lit(None, dtype=_UTC)
    wall = local(a[1], ctx).dt.replace_time_zone(None)
    return local_to_utc(wall.dt.truncate(unit), ctx.session_tz)


@scalar("trunc")
def _trunc(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    unit = _TRUNC_UNITS.get(str(literal_arg(call, 1)).lower())
    if unit not in ("1y", "1q", "1mo", "1w"):
        return pl.lit(None, dtype=pl.Date)
    return a[0].dt.truncate(unit)


# --- date arithmetic ------------------------------------------------------------------


@scalar("date_add")
def _date_add(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0] + pl.duration(days=a[1])


@scalar("date_sub")
def _date_sub(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0] - pl.duration(days=a[1])


@scalar("datediff", "date_diff")
def _datediff(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return (a[0].cast(pl.Int32) - a[1].cast(pl.Int32)).cast(pl.Int32)


@scalar("add_months")
def _add_months(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    # Polars clamps to the month's last day, as Spark does (Jan 31 + 1 month = Feb 29)
    return a[0].dt.offset_by(pl.format("{}mo", a[1]))


@scalar("months_between")
def _months_between(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    t1, t2 = local(a[0], ctx), local(a[1], ctx)
    months = (t1.dt.year() * 12 + t1.dt.month()) - (t2.dt.year() * 12 + t2.dt.month())
    last1 = t1.dt.day() == t1.dt.month_end().dt.day()
    last2 = t2.dt.day() == t2.dt.month_end().dt.day()
    whole = (t1.dt.day() == t2.dt.day()) | (last1 & last2)

    def seconds(t: pl.Expr) -> pl.Expr:
        return (t.dt.day().cast(pl.Int64) * 86400 + t.dt.hour().cast(pl.Int64) * 3600
                + t.dt.minute().cast(pl.Int64) * 60 + t.dt.second().cast(pl.Int64))  # whole seconds

    frac = months.cast(pl.Float64) + (seconds(t1) - seconds(t2)) / (31 * 86400)
    round_off = literal_arg(call, 2, True) if len(call.args) > 2 else True
    if round_off:
        frac = frac.round(8, mode="half_away_from_zero")
    return pl.when(whole).then(months.cast(pl.Float64)).otherwise(frac)


@scalar("last_day")
def _last_day(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].dt.month_end()


_DAYS = {"MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6, "SU": 7}


@scalar("next_day")
def _next_day(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    name = literal_arg(call, 1)
    target = _DAYS.get(str(name)[:2].upper()) if isinstance(name, str) and len(name) >= 2 else None
    if target is None:
        return pl.lit(None, dtype=pl.Date)
    ahead = (pl.lit(target) - a[0].dt.weekday().cast(pl.Int32) - 1) % 7 + 1
    return a[0] + pl.duration(days=ahead)


@scalar("make_date")
def _make_date(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    text = pl.format("{}-{}-{}", a[0], a[1], a[2])
    result = text.str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    if not ctx.ansi:
        return result
    bad = result.is_null() & pl.all_horizontal([x.is_not_null() for x in a])
    return guard(ctx, result, bad, pl.Date, _invalid_date, witness=text)


def _invalid_date(bad: pl.Series) -> PySparkException:
    return DateTimeException(
        errorClass="DATETIME_FIELD_OUT_OF_BOUNDS",
        messageParameters={"rangeMessage": f"Invalid date '{bad[0]}'",
                           "ansiConfig": '"spark.sql.ansi.enabled"'},
    )


# --- fields ---------------------------------------------------------------------------

_FIELDS = {
    "year": lambda d: d.dt.year(),
    "quarter": lambda d: d.dt.quarter(),
    "month": lambda d: d.dt.month(),
    "dayofmonth": lambda d: d.dt.day(),
    "dayofweek": lambda d: d.dt.weekday() % 7 + 1,  # Sunday = 1
    "weekday": lambda d: d.dt.weekday() - 1,  # Monday = 0
    "dayofyear": lambda d: d.dt.ordinal_day(),
    "weekofyear": lambda d: d.dt.week(),
}


@scalar(*_FIELDS)
def _date_field(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return _FIELDS[call.spec.name](a[0]).cast(pl.Int32)


@scalar("hour", "minute", "second")
def _time_field(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    wall = local(a[0], ctx)
    return getattr(wall.dt, call.spec.name)().cast(pl.Int32)


# --- time zones -----------------------------------------------------------------------


@scalar("from_utc_timestamp")
def _from_utc_timestamp(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    zone = zone_id(str(literal_arg(call, 1)))
    wall = a[0].dt.convert_time_zone(zone).dt.replace_time_zone(None)
    return local_to_utc(wall, ctx.session_tz)


@scalar("to_utc_timestamp")
def _to_utc_timestamp(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    zone = zone_id(str(literal_arg(call, 1)))
    wall = local(a[0], ctx).dt.replace_time_zone(None)
    return local_to_utc(wall, zone)


# --- now -----------------------------------------------------------------------------------


@scalar("current_timestamp")
def _current_timestamp(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    # one value per query (per micro-batch in a stream), as Spark evaluates it
    return pl.lit(ctx.now).cast(to_polars(T.TimestampType()))


@scalar("current_date")
def _current_date(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return pl.lit(ctx.now.astimezone(ZoneInfo(ctx.session_tz)).date())


# --- names and parts ----------------------------------------------------------------------


@scalar("dayname")
def _dayname(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].dt.strftime("%a")


@scalar("monthname")
def _monthname(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    return a[0].dt.strftime("%b")


_PART_OF_DATE = {
    "YEAR": lambda d: d.dt.year(), "QUARTER": lambda d: d.dt.quarter(), "MONTH": lambda d: d.dt.month(),
    "WEEK": lambda d: d.dt.week(), "DAY": lambda d: d.dt.day(),
    "DAYOFWEEK": lambda d: d.dt.weekday() % 7 + 1, "DAYOFWEEK_ISO": lambda d: d.dt.weekday(),
    "DOY": lambda d: d.dt.ordinal_day(),
}


@scalar("date_part", "datepart", "extract")
def _date_part(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    from rillet.plan.functions.datetime import date_part_field

    field = date_part_field(call.args)
    source = call.args[1].data_type
    if field is None or not isinstance(source, (T.DateType, T.TimestampType, T.TimestampNTZType)):
        raise AnalysisException(
            errorClass="INVALID_EXTRACT_FIELD",
            messageParameters={"field": f"`{literal_arg(call, 0)}`", "expr": f'"{call.args[1].pretty_name()}"'},
        )
    if isinstance(source, T.DateType):
        wall = a[1].cast(pl.Datetime("us"))  # a date is read at its midnight
    elif isinstance(source, T.TimestampType):
        wall = local(a[1], ctx).dt.replace_time_zone(None)
    else:
        wall = a[1]
    if field in _PART_OF_DATE:
        return _PART_OF_DATE[field](wall).cast(pl.Int32)
    if field in ("HOUR", "MINUTE"):
        return getattr(wall.dt, field.lower())().cast(pl.Int32)
    # SECOND: seconds with their microseconds, as decimal(8, 6), built exactly from the digits
    text = pl.format("{}.{}", wall.dt.second(), wall.dt.microsecond().cast(pl.String).str.zfill(6))
    return text.cast(pl.Decimal(8, 6))


# --- building and moving timestamps ----------------------------------------------------------


def _make_wall(a: list[pl.Expr], ctx: ComputeContext) -> tuple[pl.Expr, pl.Expr]:
    """The wall-clock datetime of (year, month, day, hour, minute, seconds-with-fraction), and
    the rows whose fields are out of range. Seconds may be 60 with no fraction: the next minute."""
    micros = (a[5].cast(pl.Float64) * 1_000_000).round().cast(pl.Int64)
    whole, fraction = micros // 1_000_000, micros % 1_000_000
    leap = (whole == 60) & (fraction == 0)
    second = pl.when(leap).then(0).otherwise(whole)
    fields = [a[0].cast(pl.Int64).cast(pl.String).str.zfill(4)] + [
        x.cast(pl.Int64).cast(pl.String).str.zfill(2) for x in (a[1], a[2], a[3], a[4], second)]
    text = pl.format("{}-{}-{} {}:{}:{}.{}", *fields, fraction.cast(pl.String).str.zfill(6))
    in_range = (a[3].is_between(0, 23) & a[4].is_between(0, 59) & (whole.is_between(0, 59) | leap)
                & a[0].is_between(1, 9999))
    wall = pl.when(in_range).then(text.str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S%.f", strict=False))
    wall = pl.when(leap).then(wall + pl.duration(minutes=1)).otherwise(wall)
    bad = wall.is_null() & pl.all_horizontal([x.is_not_null() for x in a[:6]])
    return wall, bad


def _invalid_timestamp(bad: pl.Series) -> PySparkException:
    return DateTimeException(
        errorClass="DATETIME_FIELD_OUT_OF_BOUNDS",
        messageParameters={"rangeMessage": f"Invalid date or time fields: {bad[0]}",
                           "ansiConfig": '"spark.sql.ansi.enabled"'},
    )


def _checked(ctx: ComputeContext, value: pl.Expr, bad: pl.Expr, dtype: pl.DataType, a: list[pl.Expr]) -> pl.Expr:
    if not ctx.ansi:
        return value
    witness = pl.concat_str([x.cast(pl.String) for x in a[:6]], separator=", ", ignore_nulls=True)
    return guard(ctx, value, bad, dtype, _invalid_timestamp, witness=witness)


@scalar("make_timestamp")
def _make_timestamp(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    wall, bad = _make_wall(a, ctx)
    zone = zone_id(str(literal_arg(call, 6))) if len(call.args) > 6 else ctx.session_tz
    return _checked(ctx, local_to_utc(wall, zone), bad, _UTC, a)


@scalar("make_timestamp_ntz")
def _make_timestamp_ntz(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    wall, bad = _make_wall(a, ctx)
    return _checked(ctx, wall, bad, pl.Datetime("us"), a)


@scalar("convert_timezone")
def _convert_timezone(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    """A wall-clock time (timestamp_ntz) in the source zone, as wall-clock time in the target zone."""
    source = zone_id(str(literal_arg(call, 0))) if len(call.args) == 3 else ctx.session_tz
    target = zone_id(str(literal_arg(call, len(call.args) - 2)))
    ts_arg = call.args[-1]
    wall = cast_expr(a[-1], ts_arg.data_type, T.TimestampNTZType(), ctx)
    return local_to_utc(wall, source).dt.convert_time_zone(target).dt.replace_time_zone(None)


_FIXED_UNITS = {"WEEK": 7 * 86_400_000_000, "DAY": 86_400_000_000, "HOUR": 3_600_000_000,
                "MINUTE": 60_000_000, "SECOND": 1_000_000, "MILLISECOND": 1_000, "MICROSECOND": 1}
_MONTHS = {"YEAR": 12, "QUARTER": 3, "MONTH": 1}


def _unit(call: Call) -> str:
    from rillet.plan.functions.datetime import TIMESTAMP_UNITS

    unit = str(literal_arg(call, 0)).upper()
    if unit not in TIMESTAMP_UNITS:
        raise AnalysisException(
            errorClass="INVALID_PARAMETER_VALUE.DATETIME_UNIT",
            messageParameters={"functionName": f"`{call.spec.name}`", "parameter": "`unit`",
                               "invalidValue": f"'{unit}'"},
        )
    return unit


@scalar("timestampadd")
def _timestampadd(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    """Calendar units (day and longer) move the wall clock in the session zone; shorter ones the
    instant, as Spark's timestampadd."""
    unit, n = _unit(call), a[1].cast(pl.Int64)
    if unit in ("HOUR", "MINUTE", "SECOND", "MILLISECOND", "MICROSECOND"):
        return a[2] + pl.duration(microseconds=n * _FIXED_UNITS[unit])
    wall = local(a[2], ctx).dt.replace_time_zone(None)
    if unit in _MONTHS:
        moved = wall.dt.offset_by(pl.format("{}mo", n * _MONTHS[unit]))
    else:
        moved = wall + pl.duration(days=n * (7 if unit == "WEEK" else 1))
    return local_to_utc(moved, ctx.session_tz)


@scalar("timestampdiff")
def _timestampdiff(call: Call, a: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    """Whole units from start to end, truncated toward zero (Java's ChronoUnit.between): months and
    longer, and days and weeks, count on the session zone's wall clock; shorter units on instants."""
    unit = _unit(call)
    start, end = a[1], a[2]
    if unit in ("HOUR", "MINUTE", "SECOND", "MILLISECOND", "MICROSECOND"):
        micros = (end - start).dt.total_microseconds()
    else:
        w0, w1 = (local(x, ctx).dt.replace_time_zone(None) for x in (start, end))
        if unit in ("DAY", "WEEK"):
            micros = (w1 - w0).dt.total_microseconds()
        else:
            months = (w1.dt.year() - w0.dt.year()).cast(pl.Int64) * 12 + (w1.dt.month() - w0.dt.month())
            # the rest of the date-time after the months: a month is whole only when it is reached
            rest0 = w0 - w0.dt.truncate("1mo")
            rest1 = w1 - w1.dt.truncate("1mo")
            months = pl.when((months > 0) & (rest1 < rest0)).then(months - 1) \
                .when((months < 0) & (rest1 > rest0)).then(months + 1).otherwise(months)
            return (months / _MONTHS[unit]).cast(pl.Int64)  # truncated toward zero
    step = _FIXED_UNITS[unit]
    return pl.when(micros >= 0).then(micros // step).otherwise(-((-micros) // step))
