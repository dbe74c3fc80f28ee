"""JSON functions with Spark's (Jackson's) reading and writing rules.

Parsing is per value with Python's C ``json`` decoder; the conversion to the
requested schema (nulls for mismatched fields, raw JSON text for string fields,
FAILFAST errors) follows Spark's ``JacksonParser``, and writing follows
``JacksonGenerator`` (null struct fields omitted, doubles as Java prints them).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import math
import re
from typing import Any

import polars as pl

from rillet._compat import datetime_fromisoformat
from rillet.compute.expressions import ComputeContext
from rillet.compute.functions.rules import literal_arg, scalar
from rillet.compute.functions.string import rowwise
from rillet.compute.types import to_polars
from rillet.errors import AnalysisException, SparkRuntimeException
from rillet.plan import types as T
from rillet.plan.expressions.core import Call
from rillet.plan.format import java_double_to_string, java_float_to_string

Args = list[pl.Expr]


class _Mismatch(Exception):
    """A JSON value that does not fit the schema's type (the field becomes null)."""


_INT_RANGES = {T.ByteType: 8, T.ShortType: 16, T.IntegerType: 32, T.LongType: 64}


def _convert(value: Any, dtype: T.DataType) -> Any:
    """A decoded JSON value as a value of ``dtype``; raises :class:`_Mismatch` if it cannot be."""
    if value is None:
        return None
    if isinstance(dtype, T.StructType):
        if not isinstance(value, dict):
            raise _Mismatch
        return {f.name: _field(value.get(f.name), f.dataType) for f in dtype.fields}
    if isinstance(dtype, T.ArrayType):
        if not isinstance(value, list):
            raise _Mismatch
        return [_convert(v, dtype.elementType) for v in value]
    if isinstance(dtype, T.MapType):
        if not isinstance(value, dict):
            raise _Mismatch
        # unlike a struct field, a map value that does not fit fails the whole map
        return [{"key": k, "value": _convert(v, dtype.valueType)} for k, v in value.items()]
    if isinstance(dtype, T.StringType):
        return value if isinstance(value, str) else write_json(value)
    if isinstance(dtype, T.BooleanType):
        if isinstance(value, bool):
            return value
        raise _Mismatch
    bits = _INT_RANGES.get(type(dtype))
    if bits is not None:
        if isinstance(value, int) and not isinstance(value, bool) and -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
            return value
        raise _Mismatch
    if isinstance(dtype, (T.DoubleType, T.FloatType)):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str) and value in ("NaN", "Infinity", "-Infinity", "+Infinity"):
            return float(value.replace("+", ""))
        raise _Mismatch
    if isinstance(dtype, T.DecimalType):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return decimal.Decimal(repr(value)).quantize(decimal.Decimal(1).scaleb(-dtype.scale))
        raise _Mismatch
    if isinstance(dtype, T.DateType) and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as e:
            raise _Mismatch from e
    if isinstance(dtype, (T.TimestampType, T.TimestampNTZType)) and isinstance(value, str):
        try:
            return datetime_fromisoformat(value)
        except ValueError as e:
            raise _Mismatch from e
    raise _Mismatch


def _field(value: Any, dtype: T.DataType) -> Any:
    try:
        return _convert(value, dtype)
    except _Mismatch:
        return None


def _malformed(text: str, kind: str = "WITHOUT_SUGGESTION") -> SparkRuntimeException:
    return SparkRuntimeException(
        errorClass=f"MALFORMED_RECORD_IN_PARSING.{kind}",
        messageParameters={"badRecord": text, "failFastMode": "FAILFAST"},
    )


def _options(call: Call, i: int) -> dict[str, str]:
    raw = literal_arg(call, i) if i < len(call.args) else None
    return {str(k).lower(): str(v) for k, v in json.loads(raw).items()} if raw else {}


def _parse_struct_or_null(text: str, dtype: T.DataType, fail_fast: bool) -> Any:
    if not text.strip():
        return None
    try:
        value = json.loads(text)
    except ValueError:
        value = _MALFORMED
    if value is not _MALFORMED:
        try:
            return _convert(value, dtype)
        except _Mismatch:
            if isinstance(value, dict) or not isinstance(dtype, T.StructType):
                return None
    if fail_fast:
        raise _malformed(text, "CANNOT_PARSE_JSON_ARRAYS_AS_STRUCTS" if isinstance(value, list) else
                         "WITHOUT_SUGGESTION")
    if isinstance(dtype, T.StructType):
        return {f.name: None for f in dtype.fields}
    return None


_MALFORMED = object()


@scalar("from_json")
def _from_json(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    dtype = call.data_type
    options = _options(call, 2)
    mode = options.get("mode", "PERMISSIVE").upper()
    if mode not in ("PERMISSIVE", "FAILFAST"):
        raise AnalysisException(
            errorClass="PARSE_MODE_UNSUPPORTED",
            messageParameters={"funcName": "`from_json`", "mode": mode},
        )
    return rowwise(lambda text: _parse_struct_or_null(text, dtype, mode == "FAILFAST"), [a[0]],
                   to_polars(dtype), ctx)


# --- writing --------------------------------------------------------------------------------------


def _write_string(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def write_json(value: Any, dtype: T.DataType | None = None, tz: str = "UTC") -> str:
    """``value`` as Spark's JSON text: compact, nulls in structs omitted, Java number spelling."""
    if value is None:
        return "null"
    if isinstance(dtype, T.StructType) or (dtype is None and isinstance(value, dict)):
        fields = dtype.fields if isinstance(dtype, T.StructType) else None
        items = (
            [(f.name, value.get(f.name), f.dataType) for f in fields]
            if fields is not None else [(k, v, None) for k, v in value.items()]
        )
        return "{" + ",".join(
            f"{_write_string(k)}:{write_json(v, t, tz)}" for k, v, t in items
            if v is not None or fields is None
        ) + "}"
    if isinstance(dtype, T.MapType):
        return "{" + ",".join(
            f"{_write_string(str(e['key']))}:{write_json(e['value'], dtype.valueType, tz)}" for e in value
        ) + "}"
    if isinstance(dtype, T.ArrayType) or isinstance(value, list):
        elem = dtype.elementType if isinstance(dtype, T.ArrayType) else None
        return "[" + ",".join(write_json(v, elem, tz) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return '"' + ("NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity") + '"'
        return java_float_to_string(value) if isinstance(dtype, T.FloatType) else java_double_to_string(value)
    if isinstance(value, (int, decimal.Decimal)):
        return str(value)
    if isinstance(value, str):
        return _write_string(value)
    if isinstance(value, dt.datetime):
        return '"' + _timestamp_text(value, tz) + '"'
    if isinstance(value, dt.date):
        return f'"{value.isoformat()}"'
    if isinstance(value, (bytes, bytearray)):
        return '"' + base64.b64encode(value).decode() + '"'
    return _write_string(str(value))


def _timestamp_text(value: dt.datetime, tz: str) -> str:
    from zoneinfo import ZoneInfo

    if value.tzinfo is not None:
        value = value.astimezone(ZoneInfo(tz))
        offset = value.strftime("%z")
        suffix = "Z" if offset in ("+0000", "") else f"{offset[:3]}:{offset[3:]}"
    else:
        suffix = ""
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}" + suffix


@scalar("to_json")
def _to_json(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    dtype = call.args[0].data_type
    if not isinstance(dtype, (T.StructType, T.ArrayType, T.MapType)):
        raise AnalysisException(
            errorClass="DATATYPE_MISMATCH.INVALID_JSON_SCHEMA",
            messageParameters={"sqlExpr": f'"{call.sql()}"', "schema": f'"{dtype.simpleString().upper()}"'},
        )
    return rowwise(lambda v: write_json(v, dtype, ctx.session_tz), [a[0]], pl.String)


# --- paths -----------------------------------------------------------------------------------------

_PATH_TOKEN = re.compile(r"\.([^.\[]+)|\['([^']*)'\]|\[(\d+|\*)\]")


def _parse_path(path: str) -> list[str | int] | None:
    if not path.startswith("$"):
        return None
    steps: list[str | int] = []
    pos = 1
    while pos < len(path):
        m = _PATH_TOKEN.match(path, pos)
        if m is None:
            return None
        name, quoted, index = m.groups()
        steps.append(name if name is not None else quoted if quoted is not None else
                     ("*" if index == "*" else int(index)))
        pos = m.end()
    return steps


def _walk(value: Any, steps: list[str | int]) -> Any:
    for i, step in enumerate(steps):
        if step == "*" and isinstance(value, list):
            rest = [_walk(v, steps[i + 1:]) for v in value]
            found = [v for v in rest if v is not _MISSING]
            if not found:
                return _MISSING
            return found[0] if len(found) == 1 else found
        if isinstance(step, int):
            if not isinstance(value, list) or step >= len(value):
                return _MISSING
            value = value[step]
        elif isinstance(value, dict) and step in value:
            value = value[step]
        else:
            return _MISSING
    return value


_MISSING = object()


def _json_object(text: str, steps: list[str | int]) -> str | None:
    try:
        value = _walk(json.loads(text), steps)
    except ValueError:
        return None
    if value is _MISSING or (value is None and not (steps and isinstance(steps[-1], int))):
        return None
    if isinstance(value, str):
        return value
    # Jackson's generator here writes characters beyond the BMP as escaped surrogate pairs
    return _ASTRAL.sub(_surrogates, write_json(value))


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def _surrogates(m: re.Match[str]) -> str:
    c = ord(m.group(0)) - 0x10000
    return f"\\u{0xD800 + (c >> 10):04X}\\u{0xDC00 + (c & 0x3FF):04X}"


@scalar("get_json_object")
def _get_json_object(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    path = literal_arg(call, 1)
    steps = _parse_path(path) if isinstance(path, str) else None
    if steps is None:
        return pl.lit(None, dtype=pl.String)
    return rowwise(lambda text: _json_object(text, steps), [a[0]], pl.String)


def _json_fields(text: str, fields: list[str | None]) -> dict[str, str | None]:
    """``json_tuple``'s values: each top-level field as get_json_object would give it (null if absent)."""
    try:
        obj = json.loads(text)
    except ValueError:
        obj = None
    out: dict[str, str | None] = {}
    for i, name in enumerate(fields):
        value = obj.get(name) if isinstance(obj, dict) and name is not None else None
        if value is None or isinstance(value, str):
            out[f"c{i}"] = value
        else:
            out[f"c{i}"] = _ASTRAL.sub(_surrogates, write_json(value))
    return out


@scalar("json_tuple")
def _json_tuple(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    """A struct of ``c0`` ... ``c{n-1}``; the Generate rule spreads it into columns."""
    dtype = pl.Struct({f"c{i}": pl.String for i in range(len(a) - 1)})
    try:
        fields: list[str | None] = [literal_arg(call, i) for i in range(1, len(a))]  # type: ignore[misc]
    except AnalysisException:  # field names computed per row
        return rowwise(lambda text, *names: _json_fields(text, list(names)), a, dtype)
    return rowwise(lambda text: _json_fields(text, fields), [a[0]], dtype)


# --- schema inference ---------------------------------------------------------------------------------


def infer_json_type(value: Any) -> T.DataType:
    """Spark's JSON schema inference for one value (fields sorted, nulls as STRING)."""
    if isinstance(value, bool):
        return T.BooleanType()
    if isinstance(value, int):
        return T.LongType() if -(2**63) <= value < 2**63 else T.DecimalType(min(len(str(abs(value))), 38), 0)
    if isinstance(value, float):
        return T.DoubleType()
    if isinstance(value, str) or value is None:
        return T.StringType()
    if isinstance(value, list):
        elem: T.DataType | None = None
        for v in value:
            t = infer_json_type(v)
            elem = t if elem is None else _merge(elem, t)
        return T.ArrayType(elem or T.StringType(), True)
    return T.StructType([T.StructField(k, infer_json_type(value[k]), True) for k in sorted(value)])


def _merge(a: T.DataType, b: T.DataType) -> T.DataType:
    if a == b:
        return a
    numeric = (T.LongType, T.DoubleType, T.DecimalType)
    if isinstance(a, numeric) and isinstance(b, numeric):
        return T.DoubleType()
    if isinstance(a, T.StructType) and isinstance(b, T.StructType):
        fields = {f.name: f.dataType for f in a.fields}
        for f in b.fields:
            fields[f.name] = _merge(fields[f.name], f.dataType) if f.name in fields else f.dataType
        return T.StructType([T.StructField(k, fields[k], True) for k in sorted(fields)])
    if isinstance(a, T.ArrayType) and isinstance(b, T.ArrayType):
        return T.ArrayType(_merge(a.elementType, b.elementType), True)
    return T.StringType()


def ddl_type(dtype: T.DataType) -> str:
    """``STRUCT<a: BIGINT, b: ARRAY<STRING>>``: the type as Spark's ``schema_of_json`` prints it."""
    if isinstance(dtype, T.StructType):
        return "STRUCT<" + ", ".join(f"{_ident(f.name)}: {ddl_type(f.dataType)}" for f in dtype.fields) + ">"
    if isinstance(dtype, T.ArrayType):
        return f"ARRAY<{ddl_type(dtype.elementType)}>"
    return dtype.simpleString().upper()


def _ident(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else "`" + name.replace("`", "``") + "`"


@scalar("schema_of_json")
def _schema_of_json(call: Call, a: Args, ctx: ComputeContext) -> pl.Expr:
    text = literal_arg(call, 0)
    try:
        value = json.loads(text)  # type: ignore[arg-type]
    except (TypeError, ValueError) as e:
        raise _malformed(str(text)) from e
    return pl.lit(ddl_type(infer_json_type(value)))
