"""The file formats a file source reads: name -> parse one file / infer a schema.

Each reader turns one file's bytes into an Arrow table with the requested data
schema; the source (streaming) and ``DataFrameReader`` (batch) share them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from rillet.connectors.files.csv_reader import infer_csv_schema, read_csv
from rillet.connectors.files.json_reader import infer_json_schema, read_json
from rillet.connectors.files.parsing import TextOptions, decode_utf8, is_valid_utf8, split_records

TEXT_SCHEMA = pa.schema([pa.field("value", pa.large_string())])


def text_to_table(data: bytes, line_sep: str | None = None, whole_text: bool = False) -> pa.Table:
    """Lines of ``data`` as a ``value`` column, as Spark's text source reads them: ``\\n``,
    ``\\r\\n`` and ``\\r`` all end a line unless ``lineSep`` names one; each malformed UTF-8
    sequence is one U+FFFD (Java's count, which Spark shows). Vectorized."""
    if whole_text:
        return pa.table({"value": pa.array([decode_utf8(data)], pa.large_string())})
    if not data:
        return TEXT_SCHEMA.empty_table()
    if line_sep is None and b"\r" not in data and is_valid_utf8(data):
        return pa.table({"value": _newline_lines(data)})
    lines = split_records(decode_utf8(data), line_sep).fill_null("")
    return pa.table({"value": lines.to_arrow().cast(pa.large_string())})


def _newline_lines(data: bytes) -> pa.LargeStringArray:
    """The ``\n``-terminated lines of valid UTF-8 ``data`` as one Arrow array built from the
    bytes in a few C passes (newline positions, one copy without the newlines): no Python
    string per line, no pass over a file-sized Python string."""
    newlines = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    ends = newlines if data.endswith(b"\n") else np.append(newlines, len(data))
    starts = np.empty_like(ends)
    starts[:1] = 0
    starts[1:] = newlines[: len(ends) - 1] + 1
    offsets = np.zeros(len(ends) + 1, dtype=np.int64)
    np.cumsum(ends - starts, out=offsets[1:])
    values = data.replace(b"\n", b"")
    return pa.LargeStringArray.from_buffers(len(ends), pa.py_buffer(offsets), pa.py_buffer(values))


def spark_arrow_type(t: pa.DataType) -> pa.DataType:
    """A file's Arrow type as rillet carries the Spark type it maps to (large strings,
    microsecond timestamps in UTC, ...)."""
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return pa.large_string()
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_fixed_size_binary(t):
        return pa.large_binary()
    if pa.types.is_timestamp(t):
        return pa.timestamp("us", tz="UTC" if t.tz is not None else None)
    if pa.types.is_date(t):
        return pa.date32()
    if pa.types.is_dictionary(t):
        return spark_arrow_type(t.value_type)
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        return pa.large_list(pa.field("element", spark_arrow_type(t.value_type)))
    if pa.types.is_map(t):
        return pa.map_(spark_arrow_type(t.key_type), spark_arrow_type(t.item_type))
    if pa.types.is_struct(t):
        return pa.struct([pa.field(f.name, spark_arrow_type(f.type)) for f in t])
    if pa.types.is_unsigned_integer(t):
        return {8: pa.int16(), 16: pa.int32(), 32: pa.int64()}.get(t.bit_width, pa.decimal128(20, 0))
    if pa.types.is_float16(t):
        return pa.float32()
    return t


def spark_arrow_schema(schema: pa.Schema) -> pa.Schema:
    return pa.schema([pa.field(f.name, spark_arrow_type(f.type)) for f in schema])


def conform_array(arr: pa.Array | pa.ChunkedArray, target: pa.DataType) -> pa.Array | pa.ChunkedArray:
    """``arr`` as ``target``: struct fields matched by name (case-insensitively), a field
    the data lacks is null (a merged schema's nested columns; a struct with none of the
    requested fields is null), anything else cast."""
    if isinstance(arr, pa.ChunkedArray):
        return pa.chunked_array([conform_array(c, target) for c in arr.chunks], target)
    if pa.types.is_struct(target) and pa.types.is_struct(arr.type):
        names = {arr.type.field(i).name.lower(): i for i in range(arr.type.num_fields)}
        if not any(f.name.lower() in names for f in target):
            return pa.nulls(len(arr), target)  # as Spark's parquet reader: none of its fields, a null struct
        children = [
            conform_array(arr.field(names[f.name.lower()]), f.type) if f.name.lower() in names
            else pa.nulls(len(arr), f.type)
            for f in target
        ]
        mask = arr.is_null() if arr.null_count else None
        return pa.StructArray.from_arrays(children, fields=list(target), mask=mask)
    if pa.types.is_large_list(target) and (pa.types.is_list(arr.type) or pa.types.is_large_list(arr.type)):
        if arr.type.value_type != target.value_type:
            arr = arr.cast(pa.large_list(arr.type.value_type))
            values = conform_array(arr.values, target.value_type)
            return pa.LargeListArray.from_arrays(arr.offsets, values, type=target, mask=arr.is_null())
    return arr.cast(target)


def conform_columns(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with exactly ``schema``'s columns: matched by name (case-insensitively,
    as Spark), cast to the requested type; a column the file lacks is null."""
    lower = {name.lower(): name for name in table.column_names}
    arrays = []
    for field in schema:
        name = field.name if field.name in table.column_names else lower.get(field.name.lower())
        if name is None:
            arrays.append(pa.nulls(table.num_rows, field.type))
        else:
            arrays.append(conform_array(table.column(name), field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


# ---------------------------------------------------------------------------
# mergeSchema (parquet, orc): Spark's ``StructType.merge`` over every file's schema


_SQL_NAMES = {
    pa.int8(): "TINYINT", pa.int16(): "SMALLINT", pa.int32(): "INT", pa.int64(): "BIGINT",
    pa.float32(): "FLOAT", pa.float64(): "DOUBLE", pa.bool_(): "BOOLEAN", pa.large_string(): "STRING",
    pa.large_binary(): "BINARY", pa.date32(): "DATE", pa.null(): "VOID",
}


def sql_type(t: pa.DataType) -> str:
    """The Spark SQL name of a (Spark-mapped) Arrow type, as Spark's messages print it."""
    if pa.types.is_struct(t):
        return "STRUCT<" + ", ".join(f"{_quoted(f.name)}: {sql_type(f.type)}" for f in t) + ">"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return f"ARRAY<{sql_type(t.value_type)}>"
    if pa.types.is_map(t):
        return f"MAP<{sql_type(t.key_type)}, {sql_type(t.item_type)}>"
    if pa.types.is_decimal(t):
        return f"DECIMAL({t.precision},{t.scale})"
    if pa.types.is_timestamp(t):
        return "TIMESTAMP" if t.tz is not None else "TIMESTAMP_NTZ"
    return _SQL_NAMES.get(t, str(t).upper())


def _quoted(name: str) -> str:
    plain = name.replace("_", "").isalnum() and not name.isdigit()
    return name if plain else "`" + name.replace("`", "``") + "`"


class _Incompatible(Exception):
    pass


def _merge_type(left: pa.DataType, right: pa.DataType) -> pa.DataType:
    if pa.types.is_struct(left) and pa.types.is_struct(right):
        return pa.struct(_merge_fields(list(left), list(right)))
    if pa.types.is_large_list(left) and pa.types.is_large_list(right):
        return pa.large_list(pa.field("element", _merge_type(left.value_type, right.value_type)))
    if pa.types.is_map(left) and pa.types.is_map(right):
        return pa.map_(_merge_type(left.key_type, right.key_type), _merge_type(left.item_type, right.item_type))
    if left == right:
        return left
    raise _Incompatible


def _merge_fields(left: list[pa.Field], right: list[pa.Field]) -> list[pa.Field]:
    by_name = {f.name.lower(): f for f in right}
    merged = [
        pa.field(f.name, _merge_type(f.type, by_name[f.name.lower()].type)) if f.name.lower() in by_name else f
        for f in left
    ]
    known = {f.name.lower() for f in left}
    return merged + [f for f in right if f.name.lower() not in known]


def merge_schemas(schemas: list[pa.Schema]) -> pa.Schema | None:
    """Spark's schema merging: the union of the columns in file order (a column's first
    spelling wins; struct fields merged the same way, arrays and maps by element); two
    different types of one column fail with ``CANNOT_MERGE_SCHEMAS``."""
    from rillet.errors import SparkRuntimeException

    if not schemas:
        return None
    merged = list(schemas[0])
    for schema in schemas[1:]:
        try:
            merged = _merge_fields(merged, list(schema))
        except _Incompatible:
            raise SparkRuntimeException(
                errorClass="CANNOT_MERGE_SCHEMAS",
                messageParameters={
                    "left": f'"{sql_type(pa.struct(merged))}"', "right": f'"{sql_type(pa.struct(list(schema)))}"',
                },
            ) from None
    return pa.schema(merged)


def _kind(t: pa.DataType) -> str:
    """What a value is, for Spark's parquet reader's type check: a string is never read as a
    number (and back), whatever widening Spark allows within a kind."""
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_binary(t) or pa.types.is_large_binary(t):
        return "text"
    if pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t):
        return "number"
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_temporal(t):
        return "time"
    return "nested"


_PHYSICAL = {"BYTE_ARRAY": "BINARY"}


def _read_parquet(data: bytes, schema: pa.Schema, options: Mapping[str, str], path: str) -> pa.Table:
    import pyarrow.parquet as pq

    from rillet.errors import SparkRuntimeException

    table = pq.read_table(pa.BufferReader(data))
    by_name = {f.name.lower(): (i, f) for i, f in enumerate(table.schema)}
    for field in schema:
        found = by_name.get(field.name.lower())
        if found is None or _kind(found[1].type) in ("nested",) or _kind(field.type) == "nested":
            continue
        if _kind(found[1].type) != _kind(field.type):
            leaf = pq.ParquetFile(pa.BufferReader(data)).schema.column(found[0]).physical_type
            raise SparkRuntimeException(
                errorClass="FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH",
                messageParameters={
                    "path": path if "://" in path else "file://" + path, "column": f"[{found[1].name}]",
                    "expectedType": sql_type(field.type).lower(), "actualType": _PHYSICAL.get(leaf, leaf),
                },
            )
    return conform_columns(table, schema)


def _read_orc(data: bytes, schema: pa.Schema, options: Mapping[str, str], path: str) -> pa.Table:
    import pyarrow.orc as po

    return conform_columns(po.ORCFile(pa.BufferReader(data)).read(), schema)


def _read_text(data: bytes, schema: pa.Schema, options: Mapping[str, str], path: str) -> pa.Table:
    from rillet.connectors.base import option_bool, option_str

    table = text_to_table(data, option_str(options, "lineSep"), option_bool(options, "wholetext", False, "text"))
    return table.rename_columns([schema[0].name]).cast(schema) if len(schema) == 1 else table


def _read_csv(data: bytes, schema: pa.Schema, options: Mapping[str, str], path: str) -> pa.Table:
    return read_csv(data, schema, TextOptions.parse(options, "csv"), path)


def _read_json(data: bytes, schema: pa.Schema, options: Mapping[str, str], path: str) -> pa.Table:
    return read_json(data, schema, TextOptions.parse(options, "json"), path)


def _infer_parquet(datas: list[bytes], options: Mapping[str, str]) -> pa.Schema | None:
    """The first file's schema, or every file's merged (``mergeSchema``: the caller passes
    every file)."""
    import pyarrow.parquet as pq

    return merge_schemas([spark_arrow_schema(pq.read_schema(pa.BufferReader(d))) for d in datas])


def _infer_orc(datas: list[bytes], options: Mapping[str, str]) -> pa.Schema | None:
    import pyarrow.orc as po

    return merge_schemas([spark_arrow_schema(po.ORCFile(pa.BufferReader(d)).schema) for d in datas])


def _infer_csv(datas: list[bytes], options: Mapping[str, str]) -> pa.Schema | None:
    return infer_csv_schema(datas, TextOptions.parse(options, "csv"))


def _infer_json(datas: list[bytes], options: Mapping[str, str]) -> pa.Schema | None:
    return infer_json_schema(datas, TextOptions.parse(options, "json"))


def _infer_text(datas: list[bytes], options: Mapping[str, str]) -> pa.Schema | None:
    return TEXT_SCHEMA


@dataclass(frozen=True)
class FileFormat:
    """One format: its name in Spark's messages, a file reader and a schema inferrer."""

    name: str
    display: str
    read: Callable[[bytes, pa.Schema, Mapping[str, str], str], pa.Table]
    infer: Callable[[list[bytes], Mapping[str, str]], pa.Schema | None]
    # whether inference needs every file (csv/json) or one footer (parquet/orc)
    infer_all: bool = True
    # the session conf that turns schema merging on (the ``mergeSchema`` option wins)
    merge_conf: str | None = None


FORMATS: dict[str, FileFormat] = {
    "text": FileFormat("text", "Text", _read_text, _infer_text, infer_all=False),
    "csv": FileFormat("csv", "CSV", _read_csv, _infer_csv),
    "json": FileFormat("json", "JSON", _read_json, _infer_json),
    "parquet": FileFormat(
        "parquet", "Parquet", _read_parquet, _infer_parquet, infer_all=False, merge_conf="spark.sql.parquet.mergeSchema"
    ),
    "orc": FileFormat("orc", "ORC", _read_orc, _infer_orc, infer_all=False, merge_conf="spark.sql.orc.mergeSchema"),
}
