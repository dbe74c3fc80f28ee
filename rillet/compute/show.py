"""Render an Arrow table exactly as Spark 4's ``Dataset.showString`` (``df.show()``).

Three layers, each matching a piece of Spark:

* ``java_double_to_string`` / ``java_float_to_string``: ``Double.toString`` and
  ``Float.toString`` of the JVM Spark runs on here (Java 17), whose digit
  generation is *not* always the shortest round-trip string
  (``1e23 -> 9.999999999999999E22``, ``2**62 -> 4.6116860184273879E18``).
* ``format_cell``: the ``ToPrettyString`` rules ``show`` casts every column with
  (``NULL`` for nulls at any depth, ``[a, b]``, ``{k -> v}``, ``{a, b}``, hex binary,
  plain decimals, ANSI interval literals, timestamps in the session time zone).
* ``show_string``: the grid (or vertical records), with Spark's truncation,
  East-Asian wide character accounting and footer.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Sequence
from decimal import Decimal, localcontext
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa

from rillet.errors import PySparkTypeError, UnsupportedOperationException
from rillet.plan.format import _java_div, java_double_to_string, java_float_to_string

__all__ = [
    "format_cell",
    "java_double_to_string",
    "java_float_to_string",
    "show_string",
]

NULL = "NULL"

# ---------------------------------------------------------------------------
# ToPrettyString: one value -> the text show() prints for it
# ---------------------------------------------------------------------------

Formatter = Callable[[Any], str]


_MICROS_PER_SECOND = 1_000_000
_MICROS_PER_MINUTE = 60 * _MICROS_PER_SECOND
_MICROS_PER_HOUR = 60 * _MICROS_PER_MINUTE
_MICROS_PER_DAY = 24 * _MICROS_PER_HOUR
_DAY_TIME_FIELDS = ("DAY", "HOUR", "MINUTE", "SECOND")
_YEAR_MONTH_FIELDS = ("YEAR", "MONTH")
_FIXED_OFFSET = re.compile(
    r"^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$"
)


@lru_cache(maxsize=64)
def _zone(session_tz: str) -> _dt.tzinfo:
    """The zone a ``spark.sql.session.timeZone`` value names (region or offset)."""
    if session_tz in ("UTC", "GMT", "UT", "Z", "Etc/UTC"):
        return _dt.timezone.utc
    match = _FIXED_OFFSET.match(session_tz)
    if match:
        sign, hours, minutes, seconds = match.groups()
        offset = _dt.timedelta(
            hours=int(hours), minutes=int(minutes or 0), seconds=int(seconds or 0)
        )
        return _dt.timezone(-offset if sign == "-" else offset)
    return ZoneInfo(session_tz)


def _plain_seconds(micros: int) -> str:
    """``BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString()``."""
    seconds, fraction = divmod(micros, _MICROS_PER_SECOND)
    if fraction == 0:
        return str(seconds)
    return f"{seconds}.{fraction:06d}".rstrip("0")


def _fraction(microsecond: int) -> str:
    return f".{microsecond:06d}".rstrip("0") if microsecond else ""


def _format_datetime(value: _dt.datetime) -> str:
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}{_fraction(value.microsecond)}"
    )


def _format_date(value: _dt.date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _timestamp_formatter(session_tz: str) -> Formatter:
    zone = _zone(session_tz)

    def fmt(value: _dt.datetime) -> str:
        if value.tzinfo is None:  # an instant without its zone is a UTC instant
            value = value.replace(tzinfo=_dt.timezone.utc)
        return _format_datetime(value.astimezone(zone))

    return fmt


def _timestamp_ntz(value: _dt.datetime) -> str:
    return _format_datetime(value.replace(tzinfo=None))


def _binary(value: bytes) -> str:
    return "[" + " ".join(f"{byte:02X}" for byte in value) + "]"


def _boolean(value: bool) -> str:
    return "true" if value else "false"


def _decimal_formatter(scale: int) -> Formatter:
    quantum = Decimal(1).scaleb(-scale)

    def fmt(value: Decimal) -> str:
        if not isinstance(value, Decimal):
            value = Decimal(value)
        if value.as_tuple().exponent != -scale:
            with localcontext() as ctx:
                ctx.prec = 100
                value = value.quantize(quantum)
        return f"{value:f}"

    return fmt


def _as_micros(value: Any) -> int:
    if isinstance(value, _dt.timedelta):
        return (
            value.days * 86_400 + value.seconds
        ) * _MICROS_PER_SECOND + value.microseconds
    return int(value)


def _day_time_interval_formatter(start: int, end: int) -> Formatter:
    """``IntervalUtils.toDayTimeIntervalString`` in ANSI style (0=DAY .. 3=SECOND)."""
    names = _DAY_TIME_FIELDS
    suffix = (
        f"' {names[start]}" if start == end else f"' {names[start]} TO {names[end]}"
    )
    units = (_MICROS_PER_DAY, _MICROS_PER_HOUR, _MICROS_PER_MINUTE)

    def fmt(value: Any) -> str:
        rest = _as_micros(value)
        sign = "-" if rest < 0 else ""
        rest = abs(rest)
        if start == 3:
            lead = "0" if rest < 10 * _MICROS_PER_SECOND else ""
            text = f"{lead}{_plain_seconds(rest)}"
        else:
            head, rest = divmod(rest, units[start])
            text = str(head) if start == 0 else f"{head:02d}"
        for field in range(start + 1, end + 1):
            if field == 3:
                lead = "0" if rest < 10 * _MICROS_PER_SECOND else ""
                text += f":{lead}{_plain_seconds(rest)}"
            else:
                part, rest = divmod(rest, units[field])
                text += f"{' ' if field == 1 else ':'}{part:02d}"
        return f"INTERVAL '{sign}{text}{suffix}"

    return fmt


def _year_month_interval_formatter(start: int, end: int) -> Formatter:
    """``IntervalUtils.toYearMonthIntervalString`` in ANSI style (0=YEAR, 1=MONTH)."""
    names = _YEAR_MONTH_FIELDS

    def fmt(value: Any) -> str:
        months = int(value)
        sign = "-" if months < 0 else ""
        years, rest = divmod(abs(months), 12)
        if start != end:
            return f"INTERVAL '{sign}{years}-{rest}' {names[start]} TO {names[end]}"
        shown = f"{sign}{years}" if start == 0 else str(months)
        return f"INTERVAL '{shown}' {names[start]}"

    return fmt


def _java_quot_rem(a: int, b: int) -> tuple[int, int]:
    q = _java_div(a, b)
    return q, a - q * b


def _calendar_interval(value: Any) -> str:
    """``CalendarInterval.toString``: ``1 years 2 months 3 days 5.5 seconds``."""
    if isinstance(value, dict):
        months, days, nanos = value["months"], value["days"], value["nanoseconds"]
    else:
        months, days, nanos = value
    micros = _java_div(nanos, 1000)
    if months == 0 and days == 0 and micros == 0:
        return "0 seconds"
    parts: list[str] = []
    years, months = _java_quot_rem(months, 12)
    hours, rest = _java_quot_rem(micros, _MICROS_PER_HOUR)
    minutes, rest = _java_quot_rem(rest, _MICROS_PER_MINUTE)
    for amount, unit in (
        (years, "years"),
        (months, "months"),
        (days, "days"),
        (hours, "hours"),
        (minutes, "minutes"),
    ):
        if amount:
            parts.append(f"{amount} {unit}")
    if rest:
        parts.append(("-" if rest < 0 else "") + _plain_seconds(abs(rest)) + " seconds")
    return " ".join(parts)


def _nullable(fmt: Formatter) -> Formatter:
    return lambda value: NULL if value is None else fmt(value)


def _array_formatter(element: Formatter) -> Formatter:
    element = _nullable(element)
    return lambda value: "[" + ", ".join(map(element, value)) + "]"


def _map_formatter(key: Formatter, item: Formatter) -> Formatter:
    item = _nullable(item)

    def fmt(value: Any) -> str:
        pairs = value.items() if isinstance(value, dict) else value
        return "{" + ", ".join(f"{key(k)} -> {item(v)}" for k, v in pairs) + "}"

    return fmt


def _struct_formatter(names: Sequence[str], fields: Sequence[Formatter]) -> Formatter:
    fields = [_nullable(f) for f in fields]

    def fmt(value: Any) -> str:
        if isinstance(value, dict):
            cells = [f(value.get(name)) for name, f in zip(names, fields, strict=True)]
        else:
            cells = [f(v) for v, f in zip(value, fields, strict=True)]
        return "{" + ", ".join(cells) + "}"

    return fmt


def _float32(value: float) -> str:
    return java_float_to_string(value)


def _double(value: float) -> str:
    return java_double_to_string(float(value))


def _is_list(t: pa.DataType) -> bool:
    return isinstance(
        t,
        (
            pa.ListType,
            pa.LargeListType,
            pa.FixedSizeListType,
            pa.ListViewType,
            pa.LargeListViewType,
        ),
    )


def _is_binary(t: pa.DataType) -> bool:
    types = pa.types
    return (
        types.is_binary(t)
        or types.is_large_binary(t)
        or types.is_fixed_size_binary(t)
        or types.is_binary_view(t)
    )


def _is_string(t: pa.DataType) -> bool:
    types = pa.types
    return types.is_string(t) or types.is_large_string(t) or types.is_string_view(t)


def _struct_of(t: pa.StructType, session_tz: str) -> Formatter:
    fields = [t.field(i) for i in range(t.num_fields)]
    return _struct_formatter(
        [f.name for f in fields], [_formatter(f.type, session_tz) for f in fields]
    )


# The ToPrettyString rule per Arrow type, first match wins; the Spark type each
# Arrow type stands for is noted where it is not obvious.
_ARROW_RULES: list[tuple[Callable[[Any], bool], Callable[[Any, str], Formatter]]] = [
    (pa.types.is_dictionary, lambda t, tz: _formatter(t.value_type, tz)),
    (pa.types.is_null, lambda t, tz: lambda value: NULL),
    (pa.types.is_boolean, lambda t, tz: _boolean),
    (pa.types.is_integer, lambda t, tz: str),
    (pa.types.is_float32, lambda t, tz: _float32),  # FloatType
    (pa.types.is_float16, lambda t, tz: _float32),
    (pa.types.is_float64, lambda t, tz: _double),  # DoubleType
    (pa.types.is_decimal, lambda t, tz: _decimal_formatter(t.scale)),
    (_is_string, lambda t, tz: str),
    (_is_binary, lambda t, tz: _binary),
    (pa.types.is_date, lambda t, tz: _format_date),
    # With a zone: TimestampType, an instant shown in the session zone; without
    # one: TimestampNTZType, shown as it is.
    (
        pa.types.is_timestamp,
        lambda t, tz: _timestamp_formatter(tz) if t.tz is not None else _timestamp_ntz,
    ),
    # DayTimeIntervalType(DAY, SECOND)
    (pa.types.is_duration, lambda t, tz: _day_time_interval_formatter(0, 3)),
    (pa.types.is_interval, lambda t, tz: _calendar_interval),  # CalendarIntervalType
    (
        pa.types.is_map,
        lambda t, tz: _map_formatter(
            _formatter(t.key_type, tz), _formatter(t.item_type, tz)
        ),
    ),
    (_is_list, lambda t, tz: _array_formatter(_formatter(t.value_type, tz))),
    (pa.types.is_struct, _struct_of),
]


def _arrow_formatter(t: pa.DataType, session_tz: str) -> Formatter:
    for matches, rule in _ARROW_RULES:
        if matches(t):
            return rule(t, session_tz)
    raise PySparkTypeError(
        errorClass="UNSUPPORTED_DATA_TYPE", messageParameters={"data_type": str(t)}
    )


# Spark data types (PySpark's classes or rillet's, which share their names and
# attributes) that map one-to-one to an Arrow type.
_SPARK_SIMPLE_TYPES: dict[str, Callable[[Any], pa.DataType]] = {
    "NullType": lambda t: pa.null(),
    "BooleanType": lambda t: pa.bool_(),
    "ByteType": lambda t: pa.int8(),
    "ShortType": lambda t: pa.int16(),
    "IntegerType": lambda t: pa.int32(),
    "LongType": lambda t: pa.int64(),
    "FloatType": lambda t: pa.float32(),
    "DoubleType": lambda t: pa.float64(),
    "DecimalType": lambda t: pa.decimal128(t.precision, t.scale),
    "StringType": lambda t: pa.string(),
    "CharType": lambda t: pa.string(),
    "VarcharType": lambda t: pa.string(),
    "BinaryType": lambda t: pa.binary(),
    "DateType": lambda t: pa.date32(),
    "TimestampType": lambda t: pa.timestamp("us", tz="UTC"),
    "TimestampNTZType": lambda t: pa.timestamp("us"),
    "CalendarIntervalType": lambda t: pa.month_day_nano_interval(),
}


_SPARK_RULES: dict[str, Callable[[Any, str], Formatter]] = {
    "DayTimeIntervalType": lambda t, tz: _day_time_interval_formatter(
        t.startField, t.endField
    ),
    "YearMonthIntervalType": lambda t, tz: _year_month_interval_formatter(
        t.startField, t.endField
    ),
    "ArrayType": lambda t, tz: _array_formatter(_formatter(t.elementType, tz)),
    "MapType": lambda t, tz: _map_formatter(
        _formatter(t.keyType, tz), _formatter(t.valueType, tz)
    ),
    "StructType": lambda t, tz: _struct_formatter(
        [f.name for f in t.fields], [_formatter(f.dataType, tz) for f in t.fields]
    ),
}


def _spark_formatter(t: Any, session_tz: str) -> Formatter:
    name = type(t).__name__
    if name in _SPARK_SIMPLE_TYPES:
        return _arrow_formatter(_SPARK_SIMPLE_TYPES[name](t), session_tz)
    if name in _SPARK_RULES:
        return _SPARK_RULES[name](t, session_tz)
    raise PySparkTypeError(
        errorClass="UNSUPPORTED_DATA_TYPE", messageParameters={"data_type": str(t)}
    )


def _formatter(t: Any, session_tz: str) -> Formatter:
    """A function rendering non-null values of ``t`` (Arrow or Spark type) as show()."""
    if isinstance(t, pa.DataType):
        return _arrow_formatter(t, session_tz)
    return _spark_formatter(t, session_tz)


def format_cell(value: Any, data_type: Any, session_tz: str = "UTC") -> str:
    """Render one value as Spark's ``ToPrettyString`` (a cell of ``show()``).

    ``value`` is a Python value as ``pyarrow``'s ``to_pylist()`` yields it (a map is a
    list of ``(key, value)`` pairs, a struct a dict); ``data_type`` is its Arrow type
    or a Spark data type. Instants (timestamps with a zone) are shown in
    ``session_tz``.

    >>> format_cell([1, None], pa.list_(pa.int64()))
    '[1, NULL]'
    >>> format_cell([("a", 1.0e10)], pa.map_(pa.string(), pa.float64()))
    '{a -> 1.0E10}'
    """
    if value is None:
        return NULL
    return _formatter(data_type, session_tz)(value)


# ---------------------------------------------------------------------------
# showString: the grid
# ---------------------------------------------------------------------------

_META_CHARACTERS = str.maketrans(
    {
        "\n": "\\n",
        "\r": "\\r",
        "\t": "\\t",
        "\f": "\\f",
        "\b": "\\b",
        "\x0b": "\\v",
        "\x07": "\\a",
    }
)
# Utils.stringHalfWidth counts these (BMP) characters twice.
_FULL_WIDTH = re.compile(
    "[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_DEFAULT_TRUNCATE = 20
_MIN_COLUMN_WIDTH = 3


def _java_length(text: str) -> int:
    """``String.length()``: UTF-16 code units (a character outside the BMP counts 2)."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _half_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return _java_length(text) + len(_FULL_WIDTH.findall(text))


def _java_prefix(text: str, length: int) -> str:
    """``text.substring(0, length)`` in UTF-16 units; half a split pair prints ``?``."""
    if text.isascii():
        return text[:length]
    cut = text.encode("utf-16-le")[: 2 * length].decode("utf-16-le", "surrogatepass")
    return _SURROGATE.sub("?", cut)


def _truncate_cell(text: str, truncate: int) -> str:
    if truncate > 0 and _java_length(text) > truncate:
        # Below 4 characters there is no room for the ellipsis.
        if truncate < 4:
            return _java_prefix(text, truncate)
        return _java_prefix(text, truncate - 3) + "..."
    return text


def _truncate_width(truncate: bool | int) -> int:
    if isinstance(truncate, bool):
        return _DEFAULT_TRUNCATE if truncate else 0
    return int(truncate)


def _normalized(table: pa.Table) -> pa.Table:
    """Cast time units Spark lacks (ns, ms, s) to microseconds."""

    def rewrite(t: pa.DataType) -> pa.DataType:
        types = pa.types
        if types.is_timestamp(t) and t.unit != "us":
            return pa.timestamp("us", tz=t.tz)
        if types.is_duration(t) and t.unit != "us":
            return pa.duration("us")
        if types.is_map(t):
            return pa.map_(rewrite(t.key_type), rewrite(t.item_type))
        if types.is_list(t):
            return pa.list_(rewrite(t.value_type))
        if types.is_large_list(t):
            return pa.large_list(rewrite(t.value_type))
        if types.is_struct(t):
            return pa.struct(
                [
                    t.field(i).with_type(rewrite(t.field(i).type))
                    for i in range(t.num_fields)
                ]
            )
        return t

    target = pa.schema([f.with_type(rewrite(f.type)) for f in table.schema])
    if target.equals(table.schema):
        return table
    return table.cast(target, safe=False)


def show_string(
    table: pa.Table,
    n: int = 20,
    truncate: bool | int = True,
    vertical: bool = False,
    session_tz: str = "UTC",
) -> str:
    """The text ``df.show(n, truncate, vertical)`` prints, as Spark 4's ``showString``.

    ``table`` holds the first rows of the result, at most ``n + 1``: a row past the
    ``n``-th only tells that there is more (the ``only showing top n rows`` footer).
    ``truncate`` is ``True`` (20 characters), ``False``/``0`` (no truncation, cells
    left-aligned) or a width (cells right-aligned, cut with ``...``). Instants are
    shown in ``session_tz``.

    >>> print(show_string(pa.table({"id": [1, 2], "name": ["a", None]})), end="")
    +---+----+
    | id|name|
    +---+----+
    |  1|   a|
    |  2|NULL|
    +---+----+
    """
    width = _truncate_width(truncate)
    num_rows = max(0, n)
    # Clamp lengths by hand: pyarrow does not clamp slices of a table without columns.
    has_more_data = table.num_rows > num_rows
    table = _normalized(table.slice(0, min(num_rows, table.num_rows)))

    header = [name.translate(_META_CHARACTERS) for name in table.column_names]
    columns: list[list[str]] = []
    for field, column in zip(table.schema, table.columns, strict=True):
        fmt = _nullable(_formatter(field.type, session_tz))
        columns.append(
            [
                _truncate_cell(fmt(v).translate(_META_CHARACTERS), width)
                for v in column.to_pylist()
            ]
        )
    rows = (
        [list(cells) for cells in zip(*columns, strict=True)]
        if columns
        else [[] for _ in range(table.num_rows)]
    )

    text = _vertical(header, rows) if vertical else _grid(header, rows, width > 0)
    if vertical and not rows:
        text += "(0 rows)"
    elif has_more_data:
        text += f"only showing top {num_rows} {'row' if num_rows == 1 else 'rows'}"
    return text


def _grid(header: list[str], rows: list[list[str]], right_align: bool) -> str:
    widths = [_MIN_COLUMN_WIDTH] * len(header)
    for row in [header, *rows]:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], _half_width(cell))

    def line(row: list[str]) -> str:
        cells = []
        for cell, w in zip(row, widths, strict=True):
            pad = " " * (w - _half_width(cell))
            cells.append(pad + cell if right_align else cell + pad)
        return "|" + "|".join(cells) + "|\n"

    separator = "+" + "+".join("-" * w for w in widths) + "+\n"
    return separator + line(header) + separator + "".join(map(line, rows)) + separator


def _vertical(header: list[str], rows: list[list[str]]) -> str:
    if any(not row for row in rows):
        # Spark's data width is a max over an empty row: Scala's `empty.max`.
        raise UnsupportedOperationException("empty.max")
    name_width = max([_MIN_COLUMN_WIDTH, *map(_half_width, header)])
    data_width = max(
        [_MIN_COLUMN_WIDTH, *(_half_width(cell) for row in rows for cell in row)]
    )
    out: list[str] = []
    for i, row in enumerate(rows):
        out.append(f"-RECORD {i}".ljust(name_width + data_width + 5, "-") + "\n")
        for name, cell in zip(header, row, strict=True):
            name_pad = " " * (name_width - _half_width(name))
            cell_pad = " " * (data_width - _half_width(cell))
            out.append(f" {name}{name_pad} | {cell}{cell_pad} \n")
    return "".join(out)
