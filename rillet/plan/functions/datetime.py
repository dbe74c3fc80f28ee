"""Date and time functions."""

from __future__ import annotations

from collections.abc import Sequence

from rillet.plan import types as T
from rillet.plan.expressions.core import Cast, Expression, Literal
from rillet.plan.registry import (
    INT,
    LONG,
    STRING,
    FunctionSpec,
    declare,
    fixed,
    render_no_args,
)

DATE = T.DateType()
TIMESTAMP = T.TimestampType()
DOUBLE = T.DoubleType()

declare(FunctionSpec("current_timestamp", "scalar", fixed(TIMESTAMP), 0, 0,
                     renderer=render_no_args, never_nullable=True, aliases=("now",)))
declare(FunctionSpec("current_date", "scalar", fixed(DATE), 0, 0,
                     renderer=render_no_args, never_nullable=True))

# parsing and formatting (a pattern argument is Spark's datetime pattern, a literal)
declare(FunctionSpec("to_timestamp", "scalar", fixed(TIMESTAMP), 1, 2, always_nullable=True))
declare(FunctionSpec("try_to_timestamp", "scalar", fixed(TIMESTAMP), 1, 2, always_nullable=True))
declare(FunctionSpec("to_date", "scalar", fixed(DATE), 1, 2, always_nullable=True))
declare(FunctionSpec("date_format", "scalar", fixed(STRING), 2, 2, arg_kinds=("timestamp", "string")))
declare(FunctionSpec("unix_timestamp", "scalar", fixed(LONG), 0, 2, always_nullable=True))
declare(FunctionSpec("from_unixtime", "scalar", fixed(STRING), 1, 2, arg_kinds=("long", "string")))
declare(FunctionSpec("timestamp_seconds", "scalar", fixed(TIMESTAMP), arg_kinds=("numeric",)))
declare(FunctionSpec("timestamp_millis", "scalar", fixed(TIMESTAMP), arg_kinds=("long",)))
declare(FunctionSpec("timestamp_micros", "scalar", fixed(TIMESTAMP), arg_kinds=("long",)))
declare(FunctionSpec("unix_seconds", "scalar", fixed(LONG), arg_kinds=("timestamp",)))
declare(FunctionSpec("unix_millis", "scalar", fixed(LONG), arg_kinds=("timestamp",)))
declare(FunctionSpec("unix_micros", "scalar", fixed(LONG), arg_kinds=("timestamp",)))
declare(FunctionSpec("unix_date", "scalar", fixed(INT), arg_kinds=("date",)))

# truncation and arithmetic
declare(FunctionSpec("date_trunc", "scalar", fixed(TIMESTAMP), 2, 2, arg_kinds=("string", "timestamp"),
                     always_nullable=True))
declare(FunctionSpec("trunc", "scalar", fixed(DATE), 2, 2, arg_kinds=("date", "string"),
                     always_nullable=True))
declare(FunctionSpec("date_add", "scalar", fixed(DATE), 2, 2, arg_kinds=("date", "integral"),
                     aliases=("dateadd",)))
declare(FunctionSpec("date_sub", "scalar", fixed(DATE), 2, 2, arg_kinds=("date", "integral")))
# Spark names each as called: `datediff(a, b)`, `date_diff(a, b)`
for _name in ("datediff", "date_diff"):
    declare(FunctionSpec(_name, "scalar", fixed(INT), 2, 2, arg_kinds=("date",)))
declare(FunctionSpec("months_between", "scalar", fixed(DOUBLE), 2, 3,
                     arg_kinds=("timestamp", "timestamp", "boolean")))
declare(FunctionSpec("add_months", "scalar", fixed(DATE), 2, 2, arg_kinds=("date", "integral")))
declare(FunctionSpec("last_day", "scalar", fixed(DATE), arg_kinds=("date",)))
declare(FunctionSpec("next_day", "scalar", fixed(DATE), 2, 2, arg_kinds=("date", "string"),
                     always_nullable=True))
declare(FunctionSpec("make_date", "scalar", fixed(DATE), 3, 3, arg_kinds=("integral",)))

# fields, read in the session time zone
for _name, _kind in (("year", "date"), ("quarter", "date"), ("month", "date"),
                     ("dayofmonth", "date"), ("dayofweek", "date"), ("dayofyear", "date"),
                     ("weekofyear", "date"), ("weekday", "date"),
                     ("hour", "timestamp"), ("minute", "timestamp"), ("second", "timestamp")):
    declare(FunctionSpec(_name, "scalar", fixed(INT), arg_kinds=(_kind,),  # type: ignore[arg-type]
                         aliases=("day",) if _name == "dayofmonth" else ()))

# time zones
declare(FunctionSpec("from_utc_timestamp", "scalar", fixed(TIMESTAMP), 2, 2,
                     arg_kinds=("timestamp", "string")))
declare(FunctionSpec("to_utc_timestamp", "scalar", fixed(TIMESTAMP), 2, 2,
                     arg_kinds=("timestamp", "string")))

# names of days and months, read in the session time zone
declare(FunctionSpec("dayname", "scalar", fixed(STRING), arg_kinds=("date",)))
declare(FunctionSpec("monthname", "scalar", fixed(STRING), arg_kinds=("date",)))


# --- date_part / datepart / extract: a field (a string literal) of a date or timestamp ----------

# Spark's field names and their synonyms -> the field
DATE_PART_FIELDS: dict[str, str] = {}
for _field, _synonyms in (
    ("YEAR", ("Y", "YEARS", "YR", "YRS")), ("QUARTER", ("QTR",)), ("MONTH", ("MON", "MONS", "MONTHS")),
    ("WEEK", ("W", "WEEKS")), ("DAY", ("D", "DAYS")), ("DAYOFWEEK", ("DOW",)),
    ("DAYOFWEEK_ISO", ("DOW_ISO",)), ("DOY", ()), ("HOUR", ("H", "HOURS", "HR", "HRS")),
    ("MINUTE", ("M", "MIN", "MINS", "MINUTES")), ("SECOND", ("S", "SEC", "SECONDS", "SECS")),
):
    for _n in (_field, *_synonyms):
        DATE_PART_FIELDS[_n] = _field


def date_part_field(args: Sequence[Expression]) -> str | None:
    """The field a date_part call reads (``None`` when its first argument is not a known literal)."""
    first = args[0]
    while isinstance(first, Cast):
        first = first.child
    if isinstance(first, Literal) and isinstance(first.value, str):
        return DATE_PART_FIELDS.get(first.value.upper())
    return None


def _date_part_type(types: list[T.DataType], args: Sequence[Expression]) -> T.DataType:
    return T.DecimalType(8, 6) if date_part_field(args) == "SECOND" else INT


def _render_part(name: str, keyword: bool):  # type: ignore[no-untyped-def]
    def render(call, r):  # type: ignore[no-untyped-def]
        field = call.args[0]
        while isinstance(field, Cast):
            field = field.child
        text = str(field.value) if isinstance(field, Literal) else r(field)
        sep = " FROM " if keyword else ", "
        return f"{name}({text}{sep}{r(call.args[1])})"
    return render


declare(FunctionSpec("date_part", "scalar", _date_part_type, 2, 2, renderer=_render_part("date_part", False)))
declare(FunctionSpec("datepart", "scalar", _date_part_type, 2, 2, renderer=_render_part("datepart", True)))
declare(FunctionSpec("extract", "scalar", _date_part_type, 2, 2, renderer=_render_part("extract", True)))

# --- building and moving timestamps --------------------------------------------------------------
TIMESTAMP_NTZ = T.TimestampNTZType()
declare(FunctionSpec("make_timestamp", "scalar", fixed(TIMESTAMP), 6, 7,
                     arg_kinds=("integral", "integral", "integral", "integral", "integral", "double", "string")))
declare(FunctionSpec("make_timestamp_ntz", "scalar", fixed(TIMESTAMP_NTZ), 6, 6,
                     arg_kinds=("integral", "integral", "integral", "integral", "integral", "double")))


def _render_convert_timezone(call, r):  # type: ignore[no-untyped-def]
    args = [r(a) for a in call.args]
    if len(args) == 2:  # the source zone defaults to the session's, named as Spark names it
        args.insert(0, "current_timezone()")
    return f"convert_timezone({', '.join(args)})"


declare(FunctionSpec("convert_timezone", "scalar", fixed(TIMESTAMP_NTZ), 2, 3, arg_kinds=("string",),
                     renderer=_render_convert_timezone))

# timestampadd(unit, quantity, ts) / timestampdiff(unit, start, end): the unit is a keyword
TIMESTAMP_UNITS = ("YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE", "SECOND", "MILLISECOND",
                   "MICROSECOND")


def _render_unit_call(name: str):  # type: ignore[no-untyped-def]
    def render(call, r):  # type: ignore[no-untyped-def]
        unit = call.args[0]
        text = str(unit.value) if isinstance(unit, Literal) else r(unit)
        return f"{name}({', '.join([text, *(r(a) for a in call.args[1:])])})"
    return render


declare(FunctionSpec("timestampadd", "scalar", fixed(TIMESTAMP), 3, 3, arg_kinds=("string", "long", "timestamp"),
                     renderer=_render_unit_call("timestampadd"), aliases=("timestamp_add",)))
declare(FunctionSpec("timestampdiff", "scalar", fixed(LONG), 3, 3, arg_kinds=("string", "timestamp", "timestamp"),
                     renderer=_render_unit_call("timestampdiff"), aliases=("timestamp_diff",)))
