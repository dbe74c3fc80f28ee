"""Partition discovery: ``key=value`` folders become columns, typed as Spark infers them."""

from __future__ import annotations

from urllib.parse import unquote

import polars as pl
import pyarrow as pa

from rillet.connectors.files.parsing import TextOptions, parse_column

DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__"
_OPTS = TextOptions()


def partition_values(uri: str, root: str) -> list[tuple[str, str | None]]:
    """The ``(key, value)`` pairs of the folders between ``root`` and the file ``uri``."""
    rel = uri[len(root):] if uri.startswith(root) else uri
    out = []
    for part in rel.strip("/").split("/")[:-1]:
        if "=" in part:
            key, value = part.split("=", 1)
            out.append((unquote(key), None if value == DEFAULT_PARTITION else unquote(value)))
    return out


def _value_type(values: pl.Series) -> pa.DataType:
    present = values.drop_nulls()
    if not len(present):
        return pa.large_string()
    # Spark types each value (int, bigint, decimal(n,0), double, date, timestamp, string)
    # then widens: int < bigint, int < double; any other mix is a string
    is_int = ~parse_column(present, pa.int32(), _OPTS)[1]
    is_long = ~parse_column(present, pa.int64(), _OPTS)[1]
    integral = present.str.contains(r"^[+-]?\d+$")
    is_double = ~parse_column(present, pa.float64(), _OPTS)[1]
    if is_int.all():
        return pa.int32()
    if is_long.all():
        return pa.int64()
    if integral.all():
        digits = int(present.str.strip_prefix("-").str.strip_prefix("+").str.len_chars().max())  # type: ignore[arg-type]
        return pa.decimal128(digits, 0) if digits <= 38 else pa.large_string()
    if is_double.all() and not (is_long & ~is_int).any() and not (integral & ~is_long).any():
        return pa.float64()
    if present.str.contains(r"^\d{4}-\d{2}-\d{2}$").all():
        return pa.date32()
    if present.str.contains(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$").all():
        return pa.timestamp("us", tz="UTC")
    return pa.large_string()


def infer_partition_schema(uris: list[str], root: str, user: pa.Schema | None) -> pa.Schema:
    """Partition columns found under ``root`` in order of depth, typed from all their values
    (a column of the user's schema keeps the user's type)."""
    names: list[str] = []
    values: dict[str, list[str | None]] = {}
    for uri in uris:
        for key, value in partition_values(uri, root):
            if key not in values:
                names.append(key)
                values[key] = []
            values[key].append(value)
    fields = []
    for name in names:
        if user is not None and name in user.names:
            fields.append(user.field(name))
        else:
            fields.append(pa.field(name, _value_type(pl.Series(values[name], dtype=pl.String))))
    return pa.schema(fields)


def partition_columns(uri: str, root: str, schema: pa.Schema, num_rows: int) -> list[pa.Array]:
    """Constant columns holding the file's partition values, converted to ``schema``'s types."""
    found = dict(partition_values(uri, root))
    out = []
    for field in schema:
        text = pl.Series([found.get(field.name)], dtype=pl.String)
        arr, _ = parse_column(text, field.type, _OPTS)
        out.append(pa.repeat(arr[0], num_rows).cast(field.type) if num_rows else pa.array([], field.type))
    return out
