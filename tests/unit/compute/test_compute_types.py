"""Spark <-> Arrow/Polars type mapping and casting Polars output back to a Spark schema."""

from __future__ import annotations

import datetime
import decimal

import polars as pl
import pyarrow as pa
import pytest

from rillet.compute.types import (
    arrow_schema,
    cast_array,
    cast_table,
    from_arrow,
    from_arrow_schema,
    from_polars,
    polars_schema,
    to_arrow,
    to_polars,
)
from rillet.errors import PySparkTypeError, PySparkValueError
from rillet.plan import types as T
from rillet.plan.ddl import _parse_datatype_string

ATOMIC = [
    (T.NullType(), pa.null(), pl.Null()),
    (T.BooleanType(), pa.bool_(), pl.Boolean()),
    (T.ByteType(), pa.int8(), pl.Int8()),
    (T.ShortType(), pa.int16(), pl.Int16()),
    (T.IntegerType(), pa.int32(), pl.Int32()),
    (T.LongType(), pa.int64(), pl.Int64()),
    (T.FloatType(), pa.float32(), pl.Float32()),
    (T.DoubleType(), pa.float64(), pl.Float64()),
    (T.DecimalType(10, 2), pa.decimal128(10, 2), pl.Decimal(10, 2)),
    (T.StringType(), pa.large_string(), pl.String()),
    (T.BinaryType(), pa.large_binary(), pl.Binary()),
    (T.DateType(), pa.date32(), pl.Date()),
    (T.TimestampType(), pa.timestamp("us", tz="UTC"), pl.Datetime("us", "UTC")),
    (T.TimestampNTZType(), pa.timestamp("us"), pl.Datetime("us")),
    (T.DayTimeIntervalType(), pa.duration("us"), pl.Duration("us")),
]

NESTED = _parse_datatype_string(
    "a int not null, s string, m map<string, int>, "
    "am array<map<string, array<struct<x: map<int, string>, y: double>>>>, "
    "st struct<q: map<string, string>, r: bigint>, ts timestamp, ntz timestamp_ntz, "
    "d decimal(10,2), dt interval day to second, b binary, dd date, l array<bigint>")

ROWS = [
    {"a": 1, "s": "x", "m": [("k", 1), ("j", None)],
     "am": [[("z", [{"x": [(1, "one")], "y": 1.5}])], None],
     "st": {"q": [("a", "b")], "r": 5},
     "ts": datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=datetime.timezone.utc),
     "ntz": datetime.datetime(2024, 1, 2), "d": decimal.Decimal("1.25"),
     "dt": datetime.timedelta(seconds=3), "b": b"x", "dd": datetime.date(2024, 1, 2),
     "l": [1, None]},
    {"a": 2, "s": None, "m": None, "am": None, "st": None, "ts": None, "ntz": None, "d": None,
     "dt": None, "b": None, "dd": None, "l": None},
    {"a": 3, "s": "y", "m": [], "am": [], "st": {"q": None, "r": None}, "ts": None, "ntz": None,
     "d": None, "dt": None, "b": None, "dd": None, "l": []},
    {"a": 4, "s": "y", "m": [("q", 7)], "am": [None, [("k", None)]], "st": {"q": [("c", None)],
     "r": 1}, "ts": None, "ntz": None, "d": None, "dt": None, "b": None, "dd": None, "l": []},
]


@pytest.mark.parametrize(("spark", "arrow", "polars"), ATOMIC)
def test_atomic_types_map_both_ways(spark: T.DataType, arrow: pa.DataType,
                                    polars: pl.DataType) -> None:
    assert to_arrow(spark) == arrow
    assert from_arrow(arrow) == spark
    assert to_polars(spark) == polars
    assert from_polars(polars) == spark


def test_nested_types_keep_nullability_in_arrow() -> None:
    dt = T.StructType([
        T.StructField("a", T.ArrayType(T.IntegerType(), False), False),
        T.StructField("m", T.MapType(T.StringType(), T.LongType(), False)),
    ])
    arrow = to_arrow(dt)
    assert arrow == pa.struct([
        pa.field("a", pa.large_list(pa.field("item", pa.int32(), nullable=False)),
                 nullable=False),
        pa.field("m", pa.map_(pa.large_string(), pa.field("value", pa.int64(), nullable=False))),
    ])
    assert from_arrow(arrow) == dt
    assert from_arrow_schema(arrow_schema(NESTED)) == NESTED


@pytest.mark.parametrize(
    ("arrow", "spark"),
    [
        (pa.string(), T.StringType()), (pa.string_view(), T.StringType()),
        (pa.binary(), T.BinaryType()), (pa.binary(3), T.BinaryType()),
        (pa.list_(pa.int64()), T.ArrayType(T.LongType())),
        (pa.list_(pa.int64(), 2), T.ArrayType(T.LongType())),
        (pa.timestamp("ns", tz="Europe/Paris"), T.TimestampType()),
        (pa.timestamp("ms"), T.TimestampNTZType()), (pa.duration("ns"), T.DayTimeIntervalType()),
        (pa.dictionary(pa.int32(), pa.string()), T.StringType()),
        (pa.uint8(), T.ShortType()), (pa.uint32(), T.LongType()),
        (pa.uint64(), T.DecimalType(20, 0)), (pa.date64(), T.DateType()),
        (pa.month_day_nano_interval(), T.CalendarIntervalType()),
    ],
)
def test_from_arrow_accepts_every_variant(arrow: pa.DataType, spark: T.DataType) -> None:
    assert from_arrow(arrow) == spark


@pytest.mark.parametrize(
    ("polars", "spark"),
    [
        (pl.Int64, T.LongType()), (pl.UInt32, T.LongType()), (pl.Categorical, T.StringType()),
        (pl.Datetime("ms", "Asia/Tokyo"), T.TimestampType()),
        (pl.Array(pl.Int8, 3), T.ArrayType(T.ByteType())),
        (pl.List(pl.Struct({"key": pl.String, "value": pl.Int32})),
         T.ArrayType(T.StructType([T.StructField("key", T.StringType()),
                                   T.StructField("value", T.IntegerType())]))),
    ],
)
def test_from_polars_accepts_classes_and_instances(polars: pl.DataType,
                                                   spark: T.DataType) -> None:
    assert from_polars(polars) == spark


def test_map_is_a_list_of_key_value_structs_in_polars() -> None:
    assert to_polars(T.MapType(T.StringType(), T.IntegerType())) == pl.List(
        pl.Struct({"key": pl.String, "value": pl.Int32}))
    assert polars_schema(NESTED)["st"] == pl.Struct(
        {"q": pl.List(pl.Struct({"key": pl.String, "value": pl.String})), "r": pl.Int64})


@pytest.mark.parametrize(
    "convert",
    [
        lambda: to_arrow(T.YearMonthIntervalType()),
        lambda: to_arrow(T.VariantType()),
        lambda: to_polars(T.CalendarIntervalType()),
        lambda: from_arrow(pa.time64("us")),
        lambda: from_arrow(pa.decimal256(50, 2)),
        lambda: from_polars(pl.Object),
        lambda: from_polars(pl.Time),
    ],
)
def test_unsupported_types_raise_unsupported_data_type(convert: object) -> None:
    with pytest.raises(PySparkTypeError) as err:
        convert()  # type: ignore[operator]
    assert err.value.getErrorClass() == "UNSUPPORTED_DATA_TYPE"
    assert "Unsupported DataType `" in str(err.value)


def _spark_table() -> pa.Table:
    return pa.Table.from_pylist(ROWS, schema=arrow_schema(NESTED))


def test_cast_table_turns_polars_output_back_into_the_spark_schema() -> None:
    table = _spark_table()
    from_polars_frame = pl.from_arrow(table).to_arrow()  # type: ignore[union-attr]
    assert from_polars_frame.schema != table.schema  # maps came back as lists of structs
    out = cast_table(from_polars_frame, NESTED)
    assert out.schema == arrow_schema(NESTED)
    assert out.equals(table)


@pytest.mark.parametrize(("offset", "length"), [(0, 4), (1, 2), (1, 3), (2, 1), (3, 1), (4, 0)])
def test_cast_table_rebuilds_maps_from_sliced_input(offset: int, length: int) -> None:
    polars_out = pl.from_arrow(_spark_table()).to_arrow()  # type: ignore[union-attr]
    out = cast_table(polars_out.slice(offset, length), NESTED)
    out.validate(full=True)
    assert out.to_pylist() == _spark_table().slice(offset, length).to_pylist()


def test_cast_table_handles_multiple_chunks() -> None:
    table = _spark_table()
    chunked = pa.concat_tables([table.slice(1, 2), table.slice(0, 3)])
    out = cast_table(pl.from_arrow(chunked).to_arrow(), NESTED)  # type: ignore[union-attr]
    assert out.to_pylist() == chunked.to_pylist()


def test_cast_table_matches_columns_by_position_and_renames() -> None:
    table = pa.table({"x": pa.array([1, 2], pa.int64()), "x2": pa.array(["a", None])})
    schema = T.StructType([T.StructField("n", T.IntegerType()), T.StructField("n", T.StringType())])
    out = cast_table(table, schema)
    assert out.schema == pa.schema([("n", pa.int32()), ("n", pa.large_string())])
    with pytest.raises(PySparkValueError, match="cannot cast a table of 2 columns"):
        cast_table(table, T.StructType([T.StructField("n", T.IntegerType())]))


def test_cast_is_safe() -> None:
    with pytest.raises(pa.ArrowInvalid):
        cast_array(pa.array([2**40]), T.IntegerType())


def test_cast_array_reads_map_entries_as_array_of_structs() -> None:
    maps = pa.array([[("a", 1)], None, [("q", 7)]], pa.map_(pa.string(), pa.int64()))
    entry = T.StructType([T.StructField("key", T.StringType(), False),
                          T.StructField("value", T.IntegerType())])
    out = cast_array(maps.slice(1), T.ArrayType(entry))
    assert out.type == to_arrow(T.ArrayType(entry))
    assert out.to_pylist() == [None, [{"key": "q", "value": 7}]]
