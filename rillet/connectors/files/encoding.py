"""Values as Spark's file writers write them, vectorized per column: which types a format
takes, csv fields quoted only when needed, json objects with null fields omitted,
timestamps in the session time zone, doubles as Java prints them (``1.0E20``), Hive
partition values."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from rillet.connectors.files.manifest import (
    HIVE_DEFAULT_PARTITION,
)
from rillet.connectors.files.write_options import WriteOptions
from rillet.errors import AnalysisException

PATH_ESCAPES = frozenset([chr(c) for c in range(0x00, 0x20)] + list("\"#%'*/:=?\\\x7f{[]^"))


def _type_sql(t: pa.DataType) -> str:
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return "STRING"
    names = {
        pa.int8(): "TINYINT", pa.int16(): "SMALLINT", pa.int32(): "INT", pa.int64(): "BIGINT",
        pa.float32(): "FLOAT", pa.float64(): "DOUBLE", pa.bool_(): "BOOLEAN", pa.date32(): "DATE",
        pa.binary(): "BINARY", pa.large_binary(): "BINARY",
    }
    if t in names:
        return names[t]
    if pa.types.is_timestamp(t):
        return "TIMESTAMP" if t.tz is not None else "TIMESTAMP_NTZ"
    if pa.types.is_decimal(t):
        return f"DECIMAL({t.precision},{t.scale})"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return f"ARRAY<{_type_sql(t.value_type)}>"
    if pa.types.is_map(t):
        return f"MAP<{_type_sql(t.key_type)}, {_type_sql(t.item_type)}>"
    if pa.types.is_struct(t):
        return "STRUCT<" + ", ".join(f"{f.name}: {_type_sql(f.type)}" for f in t) + ">"
    return str(t).upper()


def _is_nested(t: pa.DataType) -> bool:
    return pa.types.is_nested(t)


def _is_string(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)


def _unsupported(column: str, t: pa.DataType, fmt: str) -> AnalysisException:
    return AnalysisException(
        errorClass="UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
        messageParameters={"columnName": f"`{column}`", "columnType": f'"{_type_sql(t)}"', "format": fmt},
    )


def check_schema(schema: pa.Schema, fmt: str) -> None:
    """Reject columns a format cannot hold, with Spark's error (text: one string column;
    csv: no arrays, maps or structs)."""
    if fmt == "text":
        for f in schema:
            if not _is_string(f.type):
                raise _unsupported(f.name, f.type, "Text")
        if len(schema) != 1:
            raise AnalysisException(
                errorClass="_LEGACY_ERROR_TEMP_1290",
                messageParameters={"numCols": str(len(schema))},
                message=f"Text data source supports only a single column, and you have {len(schema)} columns.",
            )
    elif fmt == "csv":
        for f in schema:
            if _is_nested(f.type):
                raise _unsupported(f.name, f.type, "CSV")


def check_partition_columns(schema: pa.Schema, partition_by: tuple[str, ...] | list[str]) -> list[str]:
    """The partition columns as named in ``schema`` (matched case-insensitively), with
    Spark's errors for a missing, nested, or all-columns partitioning."""
    names = {f.name.lower(): f.name for f in schema}
    resolved = []
    for col in partition_by:
        name = names.get(col.lower())
        if name is None:
            struct = "struct<" + ",".join(f"{f.name}:{_type_sql(f.type).lower()}" for f in schema) + ">"
            raise AnalysisException(
                errorClass="_LEGACY_ERROR_TEMP_1155",
                messageParameters={"col": col, "schemaCatalog": struct},
                message=f"Partition column `{col}` not found in schema {struct}.",
            )
        t = schema.field(name).type
        if _is_nested(t):
            raise AnalysisException(
                errorClass="INVALID_PARTITION_COLUMN_DATA_TYPE", messageParameters={"type": f'"{_type_sql(t)}"'}
            )
        resolved.append(name)
    if resolved and len(resolved) == len(schema):
        raise AnalysisException(errorClass="ALL_PARTITION_COLUMNS_NOT_ALLOWED", messageParameters={})
    return resolved


# ---------------------------------------------------------------------------
# values as Spark writes them


def _java_decimal_layout(text: str) -> str:
    """A float's shortest digits (any spelling Python's Decimal reads) in Java's
    scientific layout: ``1.0E20``, ``1.2345E-5``."""
    sign, digits, exponent = decimal.Decimal(text).as_tuple()
    assert isinstance(exponent, int)
    ds = "".join(map(str, digits)).rstrip("0") or "0"
    sci = len(digits) + exponent - 1
    return ("-" if sign else "") + ds[0] + "." + (ds[1:] or "0") + f"E{sci}"


def java_float_strings(values: pl.Series) -> pl.Series:
    """Floats/doubles as Java's ``Double.toString``/``Float.toString`` print them:
    positional in [1e-3, 1e7), scientific (``1.0E7``) outside, ``NaN``/``Infinity``."""
    text = values.cast(pl.String)
    absolute = values.abs()
    sci = ((absolute >= 1e7) | ((absolute < 1e-3) & (absolute > 0))) & values.is_finite()
    out = (
        pl.select(
            pl.when(values.is_nan()).then(pl.lit("NaN"))
            .when(values == float("inf")).then(pl.lit("Infinity"))
            .when(values == float("-inf")).then(pl.lit("-Infinity"))
            .otherwise(text)
        ).to_series()
    )
    # positional values already read as Java's ("1.0", "0.001"); only the rare scientific ones
    # need rewriting, and only they go through Python
    idx = sci.fill_null(False).arg_true()
    if len(idx):
        rewritten = [_java_decimal_layout(t) for t in text.gather(idx).to_list()]
        out = out.scatter(idx, pl.Series(rewritten, dtype=pl.String))
    return out.alias(values.name)


# Spark datetime pattern letters (runs of one letter) -> strftime, for the writer options
# timestampFormat / timestampNTZFormat / dateFormat


def _timestamp_strings(values: pl.Series, tz: str | None, fmt: str) -> pl.Series:
    """Timestamps in ``tz`` with a strftime ``fmt`` (an offset of zero as ``Z``, as Spark's
    ``XXX`` does)."""
    if getattr(values.dtype, "time_zone", None) is not None:
        text = values.dt.convert_time_zone(tz or "UTC").dt.strftime(fmt)
        return text.str.replace(r"\+00:00$", "Z") if fmt.endswith("%:z") else text
    return values.dt.strftime(fmt)


_JSON_SHORT_ESCAPES = [("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"),
                       ("\b", "\\b"), ("\f", "\\f")]
_WHITESPACE = "".join(chr(c) for c in range(0x21))  # what univocity trims: every char <= ' '
_OTHER_CONTROL = [chr(c) for c in range(0x20) if chr(c) not in "\n\r\t\b\f"]


def _json_string(values: pl.Series) -> pl.Series:
    """Strings as JSON string literals, escaped as Jackson does."""
    out = values
    if not out.str.contains(r'[\\"\x00-\x1f]').any():
        return '"' + out + '"'  # the common case: nothing to escape
    for raw, escaped in _JSON_SHORT_ESCAPES:
        out = out.str.replace_all(raw, escaped, literal=True)
    if out.str.contains(r"[\x00-\x07\x0b\x0e-\x1f]").any():
        for ch in _OTHER_CONTROL:
            out = out.str.replace_all(ch, f"\\u{ord(ch):04X}", literal=True)
    return '"' + out + '"'


def _scalar_strings(values: pl.Series, t: pa.DataType, opts: WriteOptions, quoted: bool) -> pl.Series:
    """One atomic column as text; ``quoted`` adds JSON quotes to strings, dates and times."""
    def q(s: pl.Series) -> pl.Series:
        return _json_string(s) if quoted else s

    if _is_string(t):
        return q(values)
    if pa.types.is_boolean(t):
        return pl.select(pl.when(values).then(pl.lit("true")).otherwise(pl.lit("false"))).to_series()
    if pa.types.is_floating(t):
        text = java_float_strings(values)
        if quoted:  # Jackson writes non-finite numbers as strings
            text = pl.select(pl.when(values.is_finite()).then(text).otherwise('"' + text + '"')).to_series()
        return text
    if pa.types.is_timestamp(t):
        fmt = opts.timestamp_format if t.tz is not None else opts.timestamp_ntz_format
        return q(_timestamp_strings(values, opts.time_zone, fmt))
    if pa.types.is_date(t):
        return q(values.dt.strftime(opts.date_format))
    if pa.types.is_binary(t) or pa.types.is_large_binary(t):
        return q(values.bin.encode("base64"))
    return values.cast(pl.String)


def _json_values(values: pa.Array, t: pa.DataType, opts: WriteOptions) -> pl.Series:
    """A column as JSON text per row (null where the value is null), as Jackson writes it:
    structs omit null fields, arrays keep ``null`` elements, maps are objects. Nested
    values are flattened with Arrow's offsets, encoded once, and joined back per row."""
    n = len(values)
    if pa.types.is_struct(t):
        parts = []
        for i, f in enumerate(t):
            child = _json_values(pc.struct_field(values, [i]), f.type, opts)
            text = json.dumps(f.name, ensure_ascii=False) + ":" + child
            parts.append(text.fill_null(json.dumps(f.name, ensure_ascii=False) + ":null") if not opts.ignore_nulls else text)
        body = (pl.select(pl.concat_str(parts, separator=",", ignore_nulls=True)).to_series() if parts
                else pl.Series([""] * n, dtype=pl.String))
        out = "{" + body.fill_null("") + "}"
    elif pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_map(t):
        if pa.types.is_map(t):
            entries = pa.StructArray.from_arrays([values.keys, values.items], ["key", "value"])
            values = pa.ListArray.from_arrays(values.offsets, entries, mask=values.is_null())
            flat = pc.list_flatten(values)
            keys = _json_string(pl.Series(pc.cast(flat.field(0), pa.large_string())))
            items = keys + ":" + _json_values(flat.field(1), t.item_type, opts).fill_null("null")
            open_, close = "{", "}"
        else:
            flat = pc.list_flatten(values)
            items = _json_values(flat, t.value_type, opts).fill_null("null")
            open_, close = "[", "]"
        parents = pl.Series("p", pc.list_parent_indices(values))
        joined = pl.DataFrame({"p": parents, "v": items}).group_by("p", maintain_order=True).agg(
            pl.col("v").str.join(","))
        out = pl.Series([""] * n, dtype=pl.String)
        if joined.height:
            out = out.scatter(joined.get_column("p"), joined.get_column("v"))
        out = open_ + out + close
    else:
        series = pl.from_arrow(values)
        assert isinstance(series, pl.Series)
        return _scalar_strings(series, t, opts, quoted=True)
    valid = pl.Series(pc.is_valid(values))
    return pl.select(pl.when(valid).then(out)).to_series()


def json_lines(table: pa.Table, opts: WriteOptions) -> pl.Series:
    """One JSON object per row, fields in column order, null fields omitted."""
    parts = []
    for i, f in enumerate(table.schema):
        key = json.dumps(f.name, ensure_ascii=False) + ":"
        text = key + _json_values(table.column(i).combine_chunks(), f.type, opts)
        if not opts.ignore_nulls:
            text = text.fill_null(key + "null")
        parts.append(text)
    if not parts:
        return pl.Series("v", ["{}"] * table.num_rows, dtype=pl.String)
    body = pl.select(pl.concat_str(parts, separator=",", ignore_nulls=True)).to_series()
    return ("{" + body.fill_null("") + "}").alias("v")


def _csv_field(values: pl.Series, opts: WriteOptions) -> pl.Series:
    """Univocity's rules as Spark configures them: trim surrounding whitespace, escape the
    quote character, quote a value holding the separator, a quote or a line break."""
    s = values.str.strip_chars(_WHITESPACE)
    needs = (
        s.str.contains(opts.sep, literal=True)
        | s.str.contains(opts.quote, literal=True)
        | s.str.contains("\n", literal=True)
        | s.str.contains("\r", literal=True)
    )
    escaped = s.str.replace_all(opts.quote, opts.escape + opts.quote, literal=True)
    if opts.quote_all:
        quoted = opts.quote + escaped + opts.quote
    else:
        quoted = pl.select(pl.when(needs).then(opts.quote + escaped + opts.quote).otherwise(s)).to_series()
    return pl.select(pl.when(s == "").then(pl.lit(opts.empty_value)).otherwise(quoted)).to_series()


def csv_lines(table: pa.Table, opts: WriteOptions) -> pl.Series:
    df = pl.from_arrow(table)
    assert isinstance(df, pl.DataFrame)
    parts = []
    for name, f in zip(df.columns, table.schema):
        text = _scalar_strings(df.get_column(name), f.type, opts, quoted=False)
        if _is_string(f.type):
            text = _csv_field(text, opts)
        elif opts.quote_all:
            text = opts.quote + text + opts.quote
        null = opts.quote + opts.null_value + opts.quote if opts.quote_all else opts.null_value
        parts.append(text.fill_null(null))
    if not parts:
        return pl.Series("v", [""] * len(df), dtype=pl.String)
    return pl.select(pl.concat_str(parts, separator=opts.sep)).to_series().alias("v")


def csv_header(schema: pa.Schema, opts: WriteOptions) -> str:
    names = _csv_field(pl.Series([f.name for f in schema], dtype=pl.String), opts)
    return opts.sep.join(names.to_list())


def text_lines(table: pa.Table) -> pl.Series:
    values = pl.from_arrow(table.column(0))
    assert isinstance(values, pl.Series)
    return values.cast(pl.String).fill_null("").alias("v")


def partition_value(value: Any, tz: str) -> str:
    """A partition value as Spark's ``Cast(_, StringType)`` prints it (null and "" become
    ``__HIVE_DEFAULT_PARTITION__``), escaped for a folder name."""
    if value is None or value == "":
        return HIVE_DEFAULT_PARTITION
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = java_float_strings(pl.Series([value])).item()
    elif isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(ZoneInfo(tz))
        text = value.strftime("%Y-%m-%d %H:%M:%S")
        if value.microsecond:
            text += "." + f"{value.microsecond:06d}".rstrip("0")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, decimal.Decimal):
        text = format(value, "f")
    elif isinstance(value, bytes):
        text = value.decode("utf-8", errors="replace")
    else:
        text = str(value)
    return "".join(f"%{ord(c):02X}" if c in PATH_ESCAPES else c for c in text)
