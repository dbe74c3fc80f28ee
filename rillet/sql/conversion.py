"""Arrow values to Python as PySpark gives them (the twin of ``pyspark.sql.conversion``):
``collect()``'s Rows, structs as Rows, maps as dicts, local naive timestamps, and Arrow
types as PySpark's ``toArrow`` shows them."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import pyarrow as pa

from rillet.plan import types as T

__all__ = ["arrow_to_rows", "arrow_type_as_pyspark"]


def arrow_type_as_pyspark(t: pa.DataType) -> pa.DataType:
    """Arrow type as PySpark's toArrow gives it: 32-bit offsets for strings, binaries and lists."""
    if pa.types.is_large_string(t):
        return pa.string()
    if pa.types.is_large_binary(t):
        return pa.binary()
    if pa.types.is_large_list(t) or pa.types.is_list(t):
        item = t.value_field  # PySpark names the item field "element"
        return pa.list_(item.with_name("element").with_type(arrow_type_as_pyspark(item.type)))
    if pa.types.is_struct(t):
        return pa.struct([f.with_type(arrow_type_as_pyspark(f.type)) for f in t])
    if pa.types.is_map(t):
        return pa.map_(t.key_field.with_type(arrow_type_as_pyspark(t.key_type)),
                       t.item_field.with_type(arrow_type_as_pyspark(t.item_type)))
    return t


def python_value(value: Any, dtype: T.DataType) -> Any:
    """Arrow's Python value -> PySpark's (maps as dicts, structs as Rows, local timestamps)."""
    if value is None:
        return None
    if isinstance(dtype, T.StructType):
        names = [f.name for f in dtype.fields]
        if isinstance(value, dict):
            # by name; by position when a struct repeats a name (``unique_struct_names``)
            named = all(f.name in value for f in dtype.fields) and len(value) == len(dtype.fields)
            value = [value[f.name] for f in dtype.fields] if named else list(value.values())
        vals = [python_value(v, f.dataType) for f, v in zip(dtype.fields, value)]
        return T.Row(*names)(*vals) if names else T.Row()
    if isinstance(dtype, T.MapType):
        return {python_value(k, dtype.keyType): python_value(v, dtype.valueType) for k, v in value}
    if isinstance(dtype, T.ArrayType):
        return [python_value(v, dtype.elementType) for v in value]
    if isinstance(dtype, T.TimestampType) and isinstance(value, _dt.datetime):
        # PySpark returns naive datetimes in the Python process's local time zone
        return value.astimezone().replace(tzinfo=None)
    return value


def needs_conversion(dtype: T.DataType) -> bool:
    return isinstance(dtype, (T.StructType, T.MapType, T.ArrayType, T.TimestampType))


def unique_struct_names(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A struct column whose fields repeat a name, renamed apart (Arrow cannot make dicts of
    it); ``python_value`` reads struct fields by position, so the Row keeps the real names."""
    t = column.type
    if not pa.types.is_struct(t) or len({t.field(i).name for i in range(t.num_fields)}) == t.num_fields:
        return column
    names = [f"{t.field(i).name}#{i}" for i in range(t.num_fields)]
    return pa.chunked_array(
        [pa.StructArray.from_arrays(c.flatten(), names=names, mask=c.is_null() if c.null_count else None)
         for c in column.chunks],
        type=pa.struct([pa.field(n, t.field(i).type) for i, n in enumerate(names)]),
    )


def arrow_to_rows(table: pa.Table, schema: T.StructType) -> list[Any]:
    """The rows of an Arrow table as :class:`Row` objects typed by ``schema`` (what ``collect()`` returns)."""
    names = [f.name for f in schema.fields]
    columns = []
    for f, column in zip(schema.fields, table.columns):
        values = unique_struct_names(column).to_pylist()
        if needs_conversion(f.dataType):
            values = [python_value(v, f.dataType) for v in values]
        columns.append(values)
    factory = T.Row(*names)
    return [factory(*vals) for vals in zip(*columns)] if columns else [T.Row() for _ in range(table.num_rows)]
