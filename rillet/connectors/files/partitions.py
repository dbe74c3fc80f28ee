"""Partition discovery: ``key=value`` folders become columns, typed as Spark infers them."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

import polars as pl
import pyarrow as pa

from rillet.connectors.files.parsing import TextOptions, parse_column
from rillet.errors import IllegalArgumentException, SparkRuntimeException

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
    # Spark types each value (int, bigint, decimal(n,0), double, timestamp, date, string)
    # then widens: int < bigint < double, date < timestamp; any other mix is a string
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
    is_date = present.str.contains(r"^\d{4}-\d{2}-\d{2}$")
    is_ts = present.str.contains(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$")
    if is_date.all():
        return pa.date32()
    if (is_date | is_ts).all():
        return pa.timestamp("us", tz="UTC")
    return pa.large_string()


def _column_type(name: str, values: list[str | None], user: pa.Schema | None, type_inference: bool) -> pa.Field:
    if user is not None:
        for field in user:
            if field.name.lower() == name.lower():
                return field
    if not type_inference:
        return pa.field(name, pa.large_string())
    return pa.field(name, _value_type(pl.Series(values, dtype=pl.String)))


def infer_partition_schema(
    uris: list[str], root: str, user: pa.Schema | None, type_inference: bool = True
) -> pa.Schema:
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
    return pa.schema([_column_type(name, values[name], user, type_inference) for name in names])


def partition_arrays(
    found: Mapping[str, str | None], schema: pa.Schema, num_rows: int, time_zone: str = "UTC"
) -> list[pa.Array]:
    """Constant columns holding one file's partition values (raw text by lower-cased
    column name), converted to ``schema``'s types (timestamps in ``time_zone``)."""
    opts = _OPTS if time_zone == "UTC" else TextOptions(time_zone=time_zone)
    out = []
    for field in schema:
        text = pl.Series([found.get(field.name.lower())], dtype=pl.String)
        arr, _ = parse_column(text, field.type, opts)
        out.append(pa.repeat(arr[0], num_rows).cast(field.type) if num_rows else pa.array([], field.type))
    return out


def partition_columns(
    uri: str, root: str, schema: pa.Schema, num_rows: int, time_zone: str = "UTC"
) -> list[pa.Array]:
    """Constant columns holding the file's partition values, converted to ``schema``'s types."""
    found = {k.lower(): v for k, v in partition_values(uri, root)}
    return partition_arrays(found, schema, num_rows, time_zone)


# ---------------------------------------------------------------------------
# batch discovery: Spark's ``PartitioningAwareFileIndex`` + ``PartitioningUtils.parsePartitions``


@dataclass(frozen=True)
class PartitionSpec:
    """The partition columns of a batch read and each data file's raw values (by
    lower-cased column name); ``files`` are the files that belong to the table."""

    schema: pa.Schema
    files: list[str]
    values: Mapping[str, Mapping[str, str | None]]


def _parent(path: str) -> str | None:
    """The folder above ``path``; None at the top (``/``, or an ``s3://bucket``)."""
    if path in ("/", ""):
        return None
    head = path.rstrip("/").rsplit("/", 1)[0]
    if head.endswith(":/"):
        return None
    return head or "/"


def _column(name: str) -> tuple[str, str | None] | None:
    key, sep, raw = name.partition("=")
    if not sep or not key or not raw:
        return None
    value = unquote(raw)
    return unquote(key), None if value == DEFAULT_PARTITION else value


def _parse_partition(leaf: str, bases: set[str]) -> tuple[list[tuple[str, str | None]], str]:
    """Spark's ``parsePartition``: the ``key=value`` folders from ``leaf`` up to a base path
    (or the first plain folder above them), and the folder where the walk stopped."""
    columns: list[tuple[str, str | None]] = []
    current = leaf
    while current not in bases:
        column = _column(current.rsplit("/", 1)[-1])
        if column is not None:
            columns.append(column)
        parent = _parent(current)
        if (column is None and columns) or parent is None:
            break
        current = parent
    return (columns[::-1], current) if columns else ([], leaf)


def base_paths(roots: list[tuple[str, bool]], base_path: str | None, is_dir: Callable[[str], bool]) -> set[str]:
    """Spark's ``basePaths``: the ``basePath`` option (a folder every root is under), else each
    root folder, or the folder of a root file. ``roots`` are (path, is a folder)."""
    if base_path is None:
        return {path if folder else str(_parent(path)) for path, folder in roots}
    if base_path.startswith("file:"):
        base = os.path.abspath(unquote(urlparse(base_path).path))
    else:
        base = base_path.rstrip("/") if "://" in base_path else os.path.abspath(base_path)
    if not is_dir(base):
        raise IllegalArgumentException("Option 'basePath' not found")
    for path, _ in roots:
        if not path.startswith(base):
            raise IllegalArgumentException(f"Wrong basePath {base_path} for the root path: {_shown(path)}")
    return {base}


def _shown(path: str) -> str:
    return path if "://" in path else "file:" + path


def discover_partitions(
    files: list[str], bases: set[str], user: pa.Schema | None, type_inference: bool
) -> PartitionSpec:
    """Spark's ``parsePartitions`` over the data files: every leaf folder's columns must name
    the same columns below the same base folder (else ``CONFLICTING_*``); once the table is
    partitioned, files outside any partition folder are not part of it (as in Spark)."""
    parsed: dict[str, tuple[list[tuple[str, str | None]], str]] = {}
    for f in files:
        leaf = _parent(f) or "/"
        if leaf not in parsed:
            parsed[leaf] = _parse_partition(leaf, bases)
    partitioned = {leaf: cols for leaf, (cols, _) in parsed.items() if cols}
    if not partitioned:
        return PartitionSpec(pa.schema([]), files, {})
    discovered = list(dict.fromkeys(stop.lower() for _, stop in parsed.values()))
    if len(discovered) > 1:
        shown = list(dict.fromkeys(_shown(stop) for _, stop in parsed.values()))
        raise SparkRuntimeException(
            errorClass="CONFLICTING_DIRECTORY_STRUCTURES",
            messageParameters={"discoveredBasePaths": "\n\t" + "\n\t".join(shown) + "\n"},
        )
    lists = list(dict.fromkeys(tuple(k.lower() for k, _ in cols) for cols in partitioned.values()))
    if len(lists) > 1:
        names = {tuple(k.lower() for k, _ in cols): [k for k, _ in cols] for cols in partitioned.values()}
        listed = "".join(f"\n\tPartition column name list #{i}: {', '.join(names[key])}" for i, key in enumerate(lists))
        suspicious = [_shown(leaf) for leaf in partitioned]
        raise SparkRuntimeException(
            errorClass="CONFLICTING_PARTITION_COLUMN_NAMES",
            messageParameters={"distinctPartColLists": listed + "\n", "suspiciousPaths": "\n\t" + "\n\t".join(suspicious)},
        )
    first = next(iter(partitioned.values()))
    kept = [f for f in files if (_parent(f) or "/") in partitioned]
    values = {f: {k.lower(): v for k, v in partitioned[_parent(f) or "/"]} for f in kept}
    fields = []
    for i, (name, _) in enumerate(first):
        raw = [cols[i][1] for cols in partitioned.values()]
        fields.append(_column_type(name, raw, user, type_inference))
    return PartitionSpec(pa.schema(fields), kept, values)
