"""The file formats a file source reads: name -> parse one file / infer a schema.

Each reader turns one file's bytes into an Arrow table with the requested data
schema; the source (streaming) and ``DataFrameReader`` (batch) share them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import polars as pl
import pyarrow as pa

from rillet.connectors.files.csv_reader import infer_csv_schema, read_csv
from rillet.connectors.files.json_reader import infer_json_schema, read_json
from rillet.connectors.files.parsing import TextOptions

TEXT_SCHEMA = pa.schema([pa.field("value", pa.large_string())])


def text_to_table(data: bytes, line_sep: str | None = None, whole_text: bool = False) -> pa.Table:
    """Lines of ``data`` (UTF-8, invalid bytes replaced) as a ``value`` column, vectorized."""
    if whole_text:
        return pa.table({"value": pa.array([data.decode("utf-8", errors="replace")], pa.large_string())})
    if not data:
        return TEXT_SCHEMA.empty_table()
    decoded = data.decode("utf-8", errors="replace")
    if line_sep is None:
        lines = pl.Series("value", [decoded], dtype=pl.String).str.split("\n").explode(empty_as_null=True)
        if data.endswith(b"\n"):
            lines = lines.head(len(lines) - 1)
        lines = lines.str.strip_suffix("\r")
    else:
        parts = decoded.split(line_sep)
        if parts and parts[-1] == "":
            parts.pop()
        lines = pl.Series("value", parts, dtype=pl.String)
    return pa.table({"value": lines.to_arrow().cast(pa.large_string())})


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
            arrays.append(table.column(name).cast(field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _read_parquet(data: bytes, schema: pa.Schema, options: Mapping[str, str], path: str) -> pa.Table:
    import pyarrow.parquet as pq

    return conform_columns(pq.read_table(pa.BufferReader(data)), schema)


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
    import pyarrow.parquet as pq

    if not datas:
        return None
    return spark_arrow_schema(pq.read_schema(pa.BufferReader(datas[0])))


def _infer_orc(datas: list[bytes], options: Mapping[str, str]) -> pa.Schema | None:
    import pyarrow.orc as po

    if not datas:
        return None
    return spark_arrow_schema(po.ORCFile(pa.BufferReader(datas[0])).schema)


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


FORMATS: dict[str, FileFormat] = {
    "text": FileFormat("text", "Text", _read_text, _infer_text, infer_all=False),
    "csv": FileFormat("csv", "CSV", _read_csv, _infer_csv),
    "json": FileFormat("json", "JSON", _read_json, _infer_json),
    "parquet": FileFormat("parquet", "Parquet", _read_parquet, _infer_parquet, infer_all=False),
    "orc": FileFormat("orc", "ORC", _read_orc, _infer_orc, infer_all=False),
}
