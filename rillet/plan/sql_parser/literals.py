"""Spark's literal rules: strings, numbers, typed date/timestamp literals, intervals, binary.

Literals are read from the source text, not from sqlglot's tokens: ``1.5`` is
``DECIMAL(2,1)``, ``1L`` a BIGINT, ``'a\\nb'`` has a newline, ``'a' 'b'`` is ``'ab'``.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import re

from sqlglot import exp
from sqlglot.tokens import Token, TokenType

from rillet.errors import ArithmeticException, ParseException
from rillet.plan import types as T
from rillet.plan.expressions.core import Expression, Literal
from rillet.plan.sql_parser.errors import not_supported, spark_error


def spark_tokens(text: str, raw: list[Token]) -> list[Token]:
    """Re-read literals from the source with Spark's rules.

    sqlglot turns ``1L`` into ``1::BIGINT`` (indistinguishable from a cast) and reads
    strings with its own escapes; Spark concatenates adjacent string literals.
    """
    out: list[Token] = []
    last_string: Token | None = None
    i = 0
    while i < len(raw):
        tok = raw[i]
        tt = tok.token_type
        if tt == TokenType.NUMBER:
            end = tok.end
            if i + 2 < len(raw) and raw[i + 1].token_type == TokenType.DCOLON and raw[i + 1].start == tok.start:
                i += 2  # the synthetic "::" and type of a suffixed literal such as 1L
            start = tok.start
            if (
                out
                and out[-1].token_type == TokenType.DOT
                and out[-1].end + 1 == start
                and not (len(out) > 1 and out[-2].end + 1 == out[-1].start and out[-2].token_type in _OPERANDS)
            ):
                start = out.pop().start  # ".5"
            out.append(Token(TokenType.NUMBER, text[start : end + 1], tok.line, tok.col, start, end, tok.comments))
        elif tt in (TokenType.STRING, TokenType.RAW_STRING):
            value = tok.text if tt == TokenType.RAW_STRING else _unescape(text[tok.start : tok.end + 1])
            first = tok
            if out and out[-1] is last_string:
                first = out.pop()
                value = first.text + value
            last_string = Token(TokenType.STRING, value, first.line, first.col, first.start, tok.end, first.comments)
            out.append(last_string)
        else:
            out.append(tok)
        i += 1
    return out


_OPERANDS = {TokenType.VAR, TokenType.IDENTIFIER, TokenType.R_PAREN, TokenType.R_BRACKET}
_ESCAPES = {"0": "\u0000", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\u001a", "%": "\\%", "_": "\\_"}


def _unescape(raw: str) -> str:
    """Spark's ``unescapeSQLString`` for one quoted token (which may hold ``'a''b'``: two literals)."""
    quote = raw[0]
    out: list[str] = []
    i, n = 1, len(raw)
    while i < n:
        c = raw[i]
        if c == "\\" and i + 1 < n:
            nxt = raw[i + 1]
            if nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", raw[i + 2 : i + 6]):
                out.append(chr(int(raw[i + 2 : i + 6], 16)))
                i += 6
            elif nxt == "U" and re.fullmatch(r"[0-9a-fA-F]{8}", raw[i + 2 : i + 10]):
                out.append(chr(int(raw[i + 2 : i + 10], 16)))
                i += 10
            elif re.fullmatch(r"[0-3][0-7][0-7]", raw[i + 1 : i + 4]):
                out.append(chr(int(raw[i + 1 : i + 4], 8)))
                i += 4
            else:
                out.append(_ESCAPES.get(nxt, nxt))
                i += 2
        elif c == quote:
            if i + 1 < n and raw[i + 1] == quote:
                i += 2  # 'it''s' is the literals 'it' and 's', which Spark concatenates
            else:
                break
        else:
            out.append(c)
            i += 1
    return "".join(out)


_NUMBER = re.compile(r"(?P<digits>\d+\.?\d*|\.\d+)(?P<exp>[eE][+-]?\d+)?(?P<suffix>BD|[LSYDF])?", re.I)
_INTEGRAL = {"Y": ("tinyint", 8, T.ByteType), "S": ("smallint", 16, T.ShortType), "L": ("bigint", 64, T.LongType)}
_FLOAT_MAX = 3.4028234663852886e38


def number(text: str, negative: bool) -> Literal:
    m = _NUMBER.fullmatch(text)
    if m is None:
        raise ParseException(
            errorClass="PARSE_SYNTAX_ERROR", messageParameters={"error": f"'{text}'", "hint": ""}
        )
    body = m.group("digits") + (m.group("exp") or "")
    suffix = (m.group("suffix") or "").upper()
    is_integer = "." not in body and not m.group("exp")
    sign = "-" if negative else ""
    if suffix in _INTEGRAL:
        name, bits, cls = _INTEGRAL[suffix]
        low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
        if not is_integer:
            raise ParseException(
                errorClass="PARSE_SYNTAX_ERROR", messageParameters={"error": f"'{text}'", "hint": ""}
            )
        value = int(sign + body)
        if not low <= value <= high:
            raise spark_error(
                ParseException, "INVALID_NUMERIC_LITERAL_RANGE", rawStrippedQualifier=sign + body,
                minValue=str(low), maxValue=str(high), typeName=name,
            )
        return Literal(value, cls())
    if suffix in ("D", "F"):
        value_f = float(sign + body)
        limit, name = (_FLOAT_MAX, "float") if suffix == "F" else (1.7976931348623157e308, "double")
        if abs(value_f) > limit:
            raise spark_error(
                ParseException, "INVALID_NUMERIC_LITERAL_RANGE", rawStrippedQualifier=sign + body,
                minValue=f"-{_java_exp(limit)}", maxValue=_java_exp(limit), typeName=name,
            )
        return Literal(value_f, T.FloatType() if suffix == "F" else T.DoubleType())
    if suffix == "BD":
        return _decimal(decimal.Decimal(sign + body))
    if m.group("exp"):
        return Literal(float(sign + body), T.DoubleType())
    if is_integer:
        value = int(sign + body)
        if -(2**31) <= value < 2**31:
            return Literal(value, T.IntegerType())
        if -(2**63) <= value < 2**63:
            return Literal(value, T.LongType())
    return _decimal(decimal.Decimal(sign + body))


def _java_exp(x: float) -> str:
    mantissa, _, exponent = f"{x:.16E}".partition("E")
    return f"{mantissa.rstrip('0')}E+{int(exponent):02d}"


def _decimal(value: decimal.Decimal) -> Literal:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        value = value.quantize(decimal.Decimal(1))  # 1.5e3BD is 1500, DECIMAL(4,0)
    _sign, digits, exponent = value.as_tuple()
    scale = max(0, -int(exponent))
    precision = max(len(digits), scale, 1)
    if precision > 38:
        raise spark_error(
            ArithmeticException, "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION",
            precision=str(precision), maxPrecision="38",
        )
    return Literal(value, T.DecimalType(precision, scale))


_DATE = re.compile(r"\s*([+-]?\d{4,})(?:-(\d{1,2})(?:-(\d{1,2})(?:[ T].*)?)?)?\s*", re.S)
_TIMESTAMP = re.compile(
    r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?"
    r"(?:[ T](\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d*))?)?)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?|[A-Za-z_]+/[A-Za-z_]+)?\s*"
)


def typed(value: str, type_name: str) -> Literal:
    try:
        if type_name == "DATE":
            m = _DATE.fullmatch(value)
            if m is None:
                raise ValueError(value)
            return Literal(_dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)), T.DateType())
        m = _TIMESTAMP.fullmatch(value)
        if m is None:
            raise ValueError(value)
        year, month, day, hour, minute, second = (int(g or d) for g, d in zip(m.groups()[:6], (0, 1, 1, 0, 0, 0)))
        micros = int((m.group(7) or "").ljust(6, "0")[:6] or 0)
        ts = _dt.datetime(year, month, day, hour, minute, second, micros)
        if type_name == "TIMESTAMP_NTZ":
            return Literal(ts, T.TimestampNTZType())
        zone = m.group(8)
        if zone:
            ts = ts.replace(tzinfo=_zone(zone))
        return Literal(ts, T.TimestampType())
    except (ValueError, KeyError):
        raise spark_error(ParseException, "INVALID_TYPED_LITERAL", valueType=f'"{type_name}"', value=f"'{value}'") from None


def _zone(zone: str) -> _dt.tzinfo:
    if zone in ("Z", "UTC", "GMT"):
        return _dt.timezone.utc
    m = re.fullmatch(r"([+-])(\d{1,2}):?(\d{2})?", zone)
    if m:
        delta = _dt.timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))
        return _dt.timezone(-delta if m.group(1) == "-" else delta)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(zone)
    except ZoneInfoNotFoundError:
        raise KeyError(zone) from None


_DAY, _HOUR, _MINUTE, _SECOND = 0, 1, 2, 3
_INTERVAL_UNITS = {
    "WEEK": (_DAY, _dt.timedelta(weeks=1)),
    "DAY": (_DAY, _dt.timedelta(days=1)),
    "HOUR": (_HOUR, _dt.timedelta(hours=1)),
    "MINUTE": (_MINUTE, _dt.timedelta(minutes=1)),
    "SECOND": (_SECOND, _dt.timedelta(seconds=1)),
    "MILLISECOND": (_SECOND, _dt.timedelta(milliseconds=1)),
    "MICROSECOND": (_SECOND, _dt.timedelta(microseconds=1)),
}


def interval(node: exp.Interval) -> Literal:
    """A day-time interval literal: ``INTERVAL 1 HOUR``, ``INTERVAL '1 02:03:04' DAY TO SECOND``."""
    value = node.this.name if node.this is not None else ""
    unit = node.args.get("unit")
    if isinstance(unit, exp.IntervalSpan):
        start, end = unit.this.name.upper(), unit.expression.name.upper()
        return _interval_span(node, value, start, end)
    if unit is None:
        parts = value.split()
        if len(parts) % 2:
            raise not_supported(f"the interval literal {node.sql('spark')}")
        total, fields = _dt.timedelta(), []
        for amount, name in zip(parts[::2], parts[1::2]):
            field, delta = _interval_unit(node, name)
            total += delta * float(amount)
            fields.append(field)
        return Literal(total, T.DayTimeIntervalType(min(fields), max(fields)))
    field, delta = _interval_unit(node, unit.name)
    try:
        amount = decimal.Decimal(value.strip())
    except decimal.InvalidOperation:
        raise spark_error(
            ParseException, "INVALID_TYPED_LITERAL", valueType=f'"INTERVAL {unit.name.upper()}"',
            value=f"'{value}'",
        ) from None
    micros = int(amount * (delta // _dt.timedelta(microseconds=1)))
    return Literal(_dt.timedelta(microseconds=micros), T.DayTimeIntervalType(field, field))


def _interval_unit(node: exp.Expr, name: str) -> tuple[int, _dt.timedelta]:
    unit = name.upper()
    unit = unit[:-1] if unit.endswith("S") and unit[:-1] in _INTERVAL_UNITS else unit
    if unit not in _INTERVAL_UNITS:
        raise not_supported(f"year-month and other non day-time interval literals ({node.sql('spark')})")
    return _INTERVAL_UNITS[unit]


def _interval_span(node: exp.Expr, value: str, start: str, end: str) -> Literal:
    names = ["DAY", "HOUR", "MINUTE", "SECOND"]
    if start not in names or end not in names or names.index(start) > names.index(end):
        raise not_supported(f"the interval literal {node.sql('spark')}")
    m = re.fullmatch(r"\s*([+-])?(\d+)(?:[ :](\d+))?(?::(\d+))?(?::(\d+))?(?:\.(\d+))?\s*", value)
    fields = names[names.index(start) : names.index(end) + 1]
    numbers = [g for g in (m.groups()[1:5] if m else ()) if g is not None]
    if m is None or len(numbers) != len(fields) or (m.group(6) and end != "SECOND"):
        raise spark_error(
            ParseException, "INVALID_TYPED_LITERAL", valueType=f'"INTERVAL {start} TO {end}"',
            value=f"'{value}'",
        )
    total = sum((_INTERVAL_UNITS[f][1] * int(n) for f, n in zip(fields, numbers)), _dt.timedelta())
    total += _dt.timedelta(microseconds=int((m.group(6) or "").ljust(6, "0")[:6] or 0))
    if m.group(1) == "-":
        total = -total
    return Literal(total, T.DayTimeIntervalType(names.index(start), names.index(end)))


def hex_literal(node: exp.HexString) -> Literal:
    digits = node.this
    if len(digits) % 2:
        digits = "0" + digits
    return Literal(bytes.fromhex(digits), T.BinaryType())


def is_interval(e: Expression) -> bool:
    return isinstance(e, Literal) and isinstance(e.dtype, T.DayTimeIntervalType)


def add_intervals(left: Literal, right: Literal) -> Literal:
    """``INTERVAL 1 DAY 2 HOURS`` (read by sqlglot as a sum) is one ``DAY TO HOUR`` literal."""
    lt, rt = left.dtype, right.dtype
    assert isinstance(lt, T.DayTimeIntervalType) and isinstance(rt, T.DayTimeIntervalType)
    dtype = T.DayTimeIntervalType(min(lt.startField, rt.startField), max(lt.endField, rt.endField))
    return Literal(left.value + right.value, dtype)
