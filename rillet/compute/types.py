"""Spark data types <-> Arrow and Polars types, and casting tables to a Spark schema.

The Arrow form of each Spark type is fixed, so every table that crosses a layer
boundary has one exact shape:

==========================  =====================================
Spark                       Arrow
==========================  =====================================
byte/short/int/long         int8/int16/int32/int64
float/double                float32/float64
decimal(p,s)                decimal128(p, s)
string (char, varchar)      large_string (what Polars exports)
binary                      large_binary
boolean                     bool
date                        date32
timestamp                   timestamp[us, tz=UTC] (an instant)
timestamp_ntz               timestamp[us] (no zone)
interval day to second      duration[us]
interval (calendar)         month_day_nano_interval (Arrow only)
void                        null
array<T>                    large_list<T> (item nullable = containsNull)
map<K,V>                    map<K, V> (value nullable = valueContainsNull)
struct<...>                 struct<...> (field nullability kept)
==========================  =====================================

Polars has no map type: a ``MapType`` is ``List(Struct({"key": K, "value": V}))``
there, which is also how Polars imports an Arrow map. :func:`from_polars` cannot
tell such a list from a real ``array<struct<key,value>>``; keep the Spark schema
and use :func:`cast_table` to get the maps back.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import singledispatch
from typing import Any, TypeVar

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from rillet.errors import PySparkTypeError, PySparkValueError
from rillet.plan import types as T

__all__ = [
    "arrow_schema",
    "cast_array",
    "cast_table",
    "from_arrow",
    "from_arrow_schema",
    "from_polars",
    "polars_schema",
    "to_arrow",
    "to_polars",
]

ArrowData = TypeVar("ArrowData", pa.Array, pa.ChunkedArray)


def _unsupported(data_type: object) -> PySparkTypeError:
    return PySparkTypeError(errorClass="UNSUPPORTED_DATA_TYPE",
                            messageParameters={"data_type": str(data_type)})


# ------------------------------------------------------------------ Spark -> Arrow

_ARROW_ATOMIC: dict[type[T.DataType], pa.DataType] = {
    T.NullType: pa.null(),
    T.BooleanType: pa.bool_(),
    T.ByteType: pa.int8(),
    T.ShortType: pa.int16(),
    T.IntegerType: pa.int32(),
    T.LongType: pa.int64(),
    T.FloatType: pa.float32(),
    T.DoubleType: pa.float64(),
    T.StringType: pa.large_string(),
    T.CharType: pa.large_string(),
    T.VarcharType: pa.large_string(),
    T.BinaryType: pa.large_binary(),
    T.DateType: pa.date32(),
    T.TimestampType: pa.timestamp("us", tz="UTC"),
    T.TimestampNTZType: pa.timestamp("us"),
    T.DayTimeIntervalType: pa.duration("us"),
    T.CalendarIntervalType: pa.month_day_nano_interval(),
}


@singledispatch
def to_arrow(dt: T.DataType) -> pa.DataType:
    """The Arrow type holding values of Spark type ``dt`` (see the module table)."""
    arrow = _ARROW_ATOMIC.get(type(dt))
    if arrow is None:
        raise _unsupported(dt)
    return arrow


@to_arrow.register
def _(dt: T.DecimalType) -> pa.DataType:
    return pa.decimal128(dt.precision, dt.scale)


@to_arrow.register
def _(dt: T.ArrayType) -> pa.DataType:
    return pa.large_list(pa.field("item", to_arrow(dt.elementType), nullable=dt.containsNull))


@to_arrow.register
def _(dt: T.MapType) -> pa.DataType:
    return pa.map_(pa.field("key", to_arrow(dt.keyType), nullable=False),
                   pa.field("value", to_arrow(dt.valueType), nullable=dt.valueContainsNull))


@to_arrow.register
def _(dt: T.StructType) -> pa.DataType:
    return pa.struct([_arrow_field(f) for f in dt.fields])


def _arrow_field(f: T.StructField) -> pa.Field:
    return pa.field(f.name, to_arrow(f.dataType), nullable=f.nullable)


def arrow_schema(schema: T.StructType) -> pa.Schema:
    """The Arrow schema of a Spark schema (names, exact types, nullability)."""
    return pa.schema([_arrow_field(f) for f in schema.fields])


# ------------------------------------------------------------------ Arrow -> Spark

_SPARK_FROM_ARROW: list[tuple[Callable[[pa.DataType], bool], Callable[[Any], T.DataType]]] = [
    (pa.types.is_null, lambda t: T.NullType()),
    (pa.types.is_boolean, lambda t: T.BooleanType()),
    (pa.types.is_int8, lambda t: T.ByteType()),
    (pa.types.is_int16, lambda t: T.ShortType()),
    (pa.types.is_int32, lambda t: T.IntegerType()),
    (pa.types.is_int64, lambda t: T.LongType()),
    # Spark has no unsigned types: take the smallest signed type holding every value
    (pa.types.is_uint8, lambda t: T.ShortType()),
    (pa.types.is_uint16, lambda t: T.IntegerType()),
    (pa.types.is_uint32, lambda t: T.LongType()),
    (pa.types.is_uint64, lambda t: T.DecimalType(20, 0)),
    (pa.types.is_float16, lambda t: T.FloatType()),
    (pa.types.is_float32, lambda t: T.FloatType()),
    (pa.types.is_float64, lambda t: T.DoubleType()),
    (pa.types.is_decimal, lambda t: _decimal(t.precision, t.scale, t)),
    (lambda t: pa.types.is_string(t) or pa.types.is_large_string(t)
     or pa.types.is_string_view(t), lambda t: T.StringType()),
    (lambda t: pa.types.is_binary(t) or pa.types.is_large_binary(t)
     or pa.types.is_binary_view(t) or pa.types.is_fixed_size_binary(t),
     lambda t: T.BinaryType()),
    (pa.types.is_date, lambda t: T.DateType()),
    (pa.types.is_timestamp,
     lambda t: T.TimestampType() if t.tz is not None else T.TimestampNTZType()),
    (pa.types.is_duration, lambda t: T.DayTimeIntervalType()),
    (pa.types.is_interval, lambda t: T.CalendarIntervalType()),
    (lambda t: pa.types.is_list(t) or pa.types.is_large_list(t)
     or pa.types.is_fixed_size_list(t) or pa.types.is_list_view(t)
     or pa.types.is_large_list_view(t),
     lambda t: T.ArrayType(from_arrow(t.value_type), t.value_field.nullable)),
    (pa.types.is_map, lambda t: T.MapType(from_arrow(t.key_type), from_arrow(t.item_type),
                                          t.item_field.nullable)),
    (pa.types.is_struct, lambda t: T.StructType(
        [T.StructField(f.name, from_arrow(f.type), f.nullable) for f in t])),
    (pa.types.is_dictionary, lambda t: from_arrow(t.value_type)),
]


def _decimal(precision: int | None, scale: int, source: object) -> T.DecimalType:
    precision = T.MAX_DECIMAL_PRECISION if precision is None else precision
    if precision > T.MAX_DECIMAL_PRECISION or scale < 0:
        raise _unsupported(source)
    return T.DecimalType(precision, scale)


def from_arrow(t: pa.DataType) -> T.DataType:
    """The Spark type of Arrow type ``t``.

    Accepts every width variant (string/large_string/string_view, list/large_list/
    fixed-size list, ...). A timestamp with any zone is ``TimestampType``, without
    one ``TimestampNTZType``; a dictionary is its value type; unsigned integers
    become the next wider signed type (uint64 is decimal(20,0)). Nullability of
    list items, map values and struct fields is kept.
    """
    for matches, convert in _SPARK_FROM_ARROW:
        if matches(t):
            return convert(t)
    raise _unsupported(t)


def from_arrow_schema(schema: pa.Schema) -> T.StructType:
    """The Spark schema of an Arrow schema."""
    return T.StructType([T.StructField(f.name, from_arrow(f.type), f.nullable) for f in schema])


# ----------------------------------------------------------------- Spark <-> Polars

_POLARS_ATOMIC: dict[type[T.DataType], pl.DataType] = {
    T.NullType: pl.Null(),
    T.BooleanType: pl.Boolean(),
    T.ByteType: pl.Int8(),
    T.ShortType: pl.Int16(),
    T.IntegerType: pl.Int32(),
    T.LongType: pl.Int64(),
    T.FloatType: pl.Float32(),
    T.DoubleType: pl.Float64(),
    T.StringType: pl.String(),
    T.CharType: pl.String(),
    T.VarcharType: pl.String(),
    T.BinaryType: pl.Binary(),
    T.DateType: pl.Date(),
    T.TimestampType: pl.Datetime("us", "UTC"),
    T.TimestampNTZType: pl.Datetime("us"),
    T.DayTimeIntervalType: pl.Duration("us"),
}


@singledispatch
def to_polars(dt: T.DataType) -> pl.DataType:
    """The Polars dtype of Spark type ``dt``; a map is ``List(Struct({key, value}))``."""
    dtype = _POLARS_ATOMIC.get(type(dt))
    if dtype is None:
        raise _unsupported(dt)
    return dtype


@to_polars.register
def _(dt: T.DecimalType) -> pl.DataType:
    return pl.Decimal(dt.precision, dt.scale)


@to_polars.register
def _(dt: T.ArrayType) -> pl.DataType:
    return pl.List(to_polars(dt.elementType))


@to_polars.register
def _(dt: T.MapType) -> pl.DataType:
    return pl.List(pl.Struct([pl.Field("key", to_polars(dt.keyType)),
                              pl.Field("value", to_polars(dt.valueType))]))


@to_polars.register
def _(dt: T.StructType) -> pl.DataType:
    return pl.Struct([pl.Field(f.name, to_polars(f.dataType)) for f in dt.fields])


def polars_schema(schema: T.StructType) -> pl.Schema:
    """The Polars schema of a Spark schema (Polars keeps no nullability)."""
    return pl.Schema([(f.name, to_polars(f.dataType)) for f in schema.fields])


_SPARK_FROM_POLARS: dict[type[pl.DataType], Callable[[Any], T.DataType]] = {
    pl.Null: lambda d: T.NullType(),
    pl.Boolean: lambda d: T.BooleanType(),
    pl.Int8: lambda d: T.ByteType(),
    pl.Int16: lambda d: T.ShortType(),
    pl.Int32: lambda d: T.IntegerType(),
    pl.Int64: lambda d: T.LongType(),
    pl.Int128: lambda d: T.DecimalType(38, 0),
    pl.UInt8: lambda d: T.ShortType(),
    pl.UInt16: lambda d: T.IntegerType(),
    pl.UInt32: lambda d: T.LongType(),
    pl.UInt64: lambda d: T.DecimalType(20, 0),
    pl.Float16: lambda d: T.FloatType(),
    pl.Float32: lambda d: T.FloatType(),
    pl.Float64: lambda d: T.DoubleType(),
    pl.Decimal: lambda d: _decimal(d.precision, d.scale, d),
    pl.String: lambda d: T.StringType(),
    pl.Categorical: lambda d: T.StringType(),
    pl.Enum: lambda d: T.StringType(),
    pl.Binary: lambda d: T.BinaryType(),
    pl.Date: lambda d: T.DateType(),
    pl.Datetime: lambda d: T.TimestampType() if d.time_zone else T.TimestampNTZType(),
    pl.Duration: lambda d: T.DayTimeIntervalType(),
    pl.List: lambda d: T.ArrayType(from_polars(d.inner), True),
    pl.Array: lambda d: T.ArrayType(from_polars(d.inner), True),
    pl.Struct: lambda d: T.StructType(
        [T.StructField(f.name, from_polars(f.dtype), True) for f in d.fields]),
}


def from_polars(dtype: pl.DataType | type[pl.DataType]) -> T.DataType:
    """The Spark type of a Polars dtype (class or instance); every level is nullable.

    A ``List(Struct({key, value}))`` comes back as an array of structs, not a map
    (see the module docstring). Unsigned and 128-bit integers widen as in
    :func:`from_arrow`; Categorical/Enum are strings.
    """
    if isinstance(dtype, type):
        try:
            dtype = dtype()
        except TypeError:
            raise _unsupported(dtype) from None
    convert = _SPARK_FROM_POLARS.get(type(dtype))
    if convert is None:
        raise _unsupported(dtype)
    return convert(dtype)


# ------------------------------------------------------------- casting to a schema


def _contains_map(dt: T.DataType) -> bool:
    if isinstance(dt, T.MapType):
        return True
    if isinstance(dt, T.ArrayType):
        return _contains_map(dt.elementType)
    if isinstance(dt, T.StructType):
        return any(_contains_map(f.dataType) for f in dt.fields)
    return False


def cast_array(data: ArrowData, dt: T.DataType) -> ArrowData:
    """Cast an Arrow array (or chunked array) to the exact Arrow type of ``dt``.

    Plain Arrow casts do everything except Polars' ``list<struct<key, value>>`` ->
    ``map``, which is rebuilt from the list offsets at any nesting depth (no per-row
    Python). Casts are safe: a value that does not fit raises ``ArrowInvalid``.
    """
    target = to_arrow(dt)
    if data.type == target:
        return data
    if not _contains_map(dt):
        return data.cast(target)
    if isinstance(data, pa.ChunkedArray):
        return pa.chunked_array([_rebuild(chunk, dt, target) for chunk in data.chunks],
                                type=target)
    return _rebuild(data, dt, target)


def _rebuild(arr: pa.Array, dt: T.DataType, target: pa.DataType) -> pa.Array:
    """Cast ``arr`` to ``target`` child by child; only called when ``dt`` holds a map."""
    if arr.type == target:
        return arr
    if len(arr) == 0:
        return pa.array([], type=target)
    if pa.types.is_fixed_size_list(arr.type) or pa.types.is_list_view(arr.type) \
            or pa.types.is_large_list_view(arr.type):
        arr = arr.cast(pa.large_list(arr.type.value_field))
    is_list = pa.types.is_list(arr.type) or pa.types.is_large_list(arr.type)
    if isinstance(dt, T.MapType):
        if pa.types.is_map(arr.type):
            offsets, (keys, items) = _list_parts(arr, arr.keys, arr.items)
        elif is_list and pa.types.is_struct(arr.type.value_type) \
                and arr.type.value_type.num_fields == 2:
            offsets, (entries,) = _list_parts(arr, arr.values)
            keys, items = entries.field(0), entries.field(1)
        else:
            raise _cannot_cast(arr.type, dt)
        return pa.MapArray.from_arrays(
            offsets.cast(pa.int32()), cast_array(keys, dt.keyType),
            cast_array(items, dt.valueType), type=target, mask=_null_mask(arr))
    if isinstance(dt, T.ArrayType):
        if pa.types.is_map(arr.type):  # a map's entries, read as an array of structs
            offsets, (keys, items) = _list_parts(arr, arr.keys, arr.items)
            values = pa.StructArray.from_arrays([keys, items], ["key", "value"])
        elif is_list:
            offsets, (values,) = _list_parts(arr, arr.values)
        else:
            raise _cannot_cast(arr.type, dt)
        return pa.LargeListArray.from_arrays(
            offsets.cast(pa.int64()), cast_array(values, dt.elementType), type=target,
            mask=_null_mask(arr))
    if isinstance(dt, T.StructType):
        if not pa.types.is_struct(arr.type) or arr.type.num_fields != len(dt.fields):
            raise _cannot_cast(arr.type, dt)
        children = [cast_array(arr.field(i), f.dataType) for i, f in enumerate(dt.fields)]
        return pa.StructArray.from_arrays(children, fields=list(target), mask=_null_mask(arr))
    return arr.cast(target)


def _list_parts(arr: pa.Array, *children: pa.Array) -> tuple[pa.Array, list[pa.Array]]:
    """Offsets of a (possibly sliced) list/map array rebased to start at 0, and
    its child arrays cut to the referenced range: the form ``from_arrays`` takes."""
    offsets = arr.offsets
    start, end = offsets[0].as_py(), offsets[-1].as_py()
    rebased = pc.subtract(offsets, pa.scalar(start, offsets.type))
    return rebased, [child.slice(start, end - start) for child in children]


def _null_mask(arr: pa.Array) -> pa.Array | None:
    return arr.is_null() if arr.null_count else None


def _cannot_cast(source: pa.DataType, dt: T.DataType) -> PySparkTypeError:
    return PySparkTypeError(
        message=f"cannot cast Arrow type {source} to Spark type {dt.simpleString()}; "
                "expected a map, a list of <key, value> structs, or a matching nested type")


def cast_table(table: pa.Table, schema: T.StructType) -> pa.Table:
    """``table`` with column *i* cast to field *i* of ``schema`` and named after it.

    Columns are matched by position, so duplicate names (after a join) are fine.
    The result has exactly :func:`arrow_schema` of ``schema``; nullability is
    declared, not checked.
    """
    if table.num_columns != len(schema.fields):
        raise PySparkValueError(
            message=f"cannot cast a table of {table.num_columns} columns "
                    f"({', '.join(table.column_names)}) to a schema of {len(schema.fields)} "
                    f"fields ({schema.simpleString()}); expected the same number of columns")
    columns = [cast_array(table.column(i), f.dataType) for i, f in enumerate(schema.fields)]
    return pa.Table.from_arrays(columns, schema=arrow_schema(schema))
