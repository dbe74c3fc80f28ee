"""``assertDataFrameEqual`` / ``assertSchemaEqual`` (``rillet.testing`` vs ``pyspark.testing``),
on rillet and PySpark, compared: what passes, the condition a failure raises, and its text.

Each failing scenario is registered twice by :func:`failing`: once as a case that raises
(the harness compares exception class and condition) and once, ``<name>_message``, as a
case that returns the message (the row or schema diff users read), compared exactly.

PySpark 4.0's ``assertDataFrameEqual`` imports ``pyspark.pandas`` whenever pandas is
installed, and ``pyspark.pandas`` does not import under pandas 3; on such a machine the
oracle runs with pandas hidden, which takes it down its own no-pandas path: the same
checks for everything but pandas DataFrames (tested on rillet alone, in
tests/unit/testing/test_pandas_frames.py).
"""

from __future__ import annotations

import contextlib
import decimal
import functools
import importlib
import sys
import warnings
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from tests.conformance.compare import Cases

case = Cases()


@functools.cache
def _pandas_on_spark_imports() -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # its PYARROW_IGNORE_TIMEZONE advice
            import pyspark.pandas  # noqa: F401
    except ImportError:
        return False
    return True


@contextlib.contextmanager
def _pandas_hidden() -> Iterator[None]:
    saved = sys.modules.get("pandas")
    sys.modules["pandas"] = None  # type: ignore[assignment]  # `import pandas` raises ImportError
    try:
        yield
    finally:
        sys.modules["pandas"] = saved  # type: ignore[assignment]


def helpers(spark: Any) -> SimpleNamespace:
    """The engine's ``<package>.testing`` helpers for a program's ``spark``."""
    package = type(spark).__module__.split(".")[0]
    module = importlib.import_module(f"{package}.testing")
    assert_df_equal = module.assertDataFrameEqual
    if package == "pyspark" and not _pandas_on_spark_imports():

        @functools.wraps(assert_df_equal)
        def assert_df_equal(*args: Any, **kwargs: Any) -> Any:
            with _pandas_hidden():
                return module.assertDataFrameEqual(*args, **kwargs)

    return SimpleNamespace(assertDataFrameEqual=assert_df_equal, assertSchemaEqual=module.assertSchemaEqual)


Program = Callable[[Any, Any, Any], Any]


def failing(condition: str) -> Callable[[Program], Program]:
    """Register a program that must raise ``condition``, and ``<name>_message`` returning
    what it raised: class name, condition, message text and the attached ``data``."""

    def register(program: Program) -> Program:
        case(raises=condition)(program)

        def message(spark: Any, F: Any, T: Any) -> Any:
            try:
                program(spark, F, T)
            except Exception as e:  # noqa: BLE001 - the error is the result
                return type(e).__name__, e.getCondition(), str(e), getattr(e, "data", None)  # type: ignore[attr-defined]
            return "did not raise"

        message.__name__ = f"{program.__name__}_message"
        case(message)
        return program

    return register


def amounts(spark: Any, rows: list[tuple[Any, ...]], schema: Any = None) -> Any:
    return spark.createDataFrame(rows, schema or ["id", "amount"])


# ---------------------------------------------------------------------------
# what passes


@case
def equal_frames_pass_in_any_row_order(spark, F, T):
    t = helpers(spark)
    df = amounts(spark, [("1", 1000.0), ("2", 3000.0), ("3", None)])
    t.assertDataFrameEqual(df, df.orderBy(F.desc("id")))
    t.assertDataFrameEqual(df.orderBy("id"), df.orderBy("id"), checkRowOrder=True)
    t.assertDataFrameEqual(df.limit(0), df.limit(0))
    return t.assertDataFrameEqual(None, None)


@case
def floats_and_decimals_within_tolerance_pass(spark, F, T):
    t = helpers(spark)
    t.assertDataFrameEqual(amounts(spark, [("1", 0.1), ("2", 3.23)]), amounts(spark, [("1", 0.109), ("2", 3.23)]),
                           rtol=1e-1)
    t.assertDataFrameEqual(amounts(spark, [("1", 1e-9)]), amounts(spark, [("1", 0.0)]))  # atol 1e-8
    t.assertDataFrameEqual(amounts(spark, [("1", 100000.0)]), amounts(spark, [("1", 100000.9)]))  # rtol 1e-5
    # PySpark's tolerance test is "not beyond": a NaN matches any float
    t.assertDataFrameEqual(amounts(spark, [("1", float("nan"))]), amounts(spark, [("1", 2.0)]))
    schema = "id string, amount decimal(10,4)"
    t.assertDataFrameEqual(amounts(spark, [("1", decimal.Decimal("1.0000"))], schema),
                           amounts(spark, [("1", decimal.Decimal("1.0000"))], schema))
    return "passed"


@case
def nested_values_compare_with_tolerance(spark, F, T):
    t = helpers(spark)
    schema = "id int, xs array<double>, m map<string,double>, s struct<a:double,b:string>"
    actual = spark.createDataFrame([(1, [1.0, 2.0], {"k": 1.0}, (0.5, "x"))], schema)
    expected = spark.createDataFrame([(1, [1.000001, 2.0], {"k": 1.000001}, (0.5000001, "x"))], schema)
    t.assertDataFrameEqual(actual, expected)
    return "passed"


@case
def lists_of_rows_and_tuples_are_accepted(spark, F, T):
    t = helpers(spark)
    df = spark.createDataFrame([(1, 1000), (2, 3000)], ["id", "amount"])
    t.assertDataFrameEqual(df, [T.Row(1, 1000), T.Row(2, 3000)])
    t.assertDataFrameEqual([T.Row(id=2, amount=3000), T.Row(id=1, amount=1000)], df)
    t.assertDataFrameEqual(df, [(2, 3000), (1, 1000)])
    return "passed"


@case
def ignore_flags_pass(spark, F, T):
    t = helpers(spark)
    t.assertDataFrameEqual(spark.createDataFrame([(1000, "1"), (5000, "2")], ["amount", "id"]),
                           spark.createDataFrame([("1", 1000), ("2", 5000)], ["id", "amount"]),
                           ignoreColumnOrder=True)
    t.assertDataFrameEqual(spark.createDataFrame([(1000, "1")], ["amount", "identity"]),
                           spark.createDataFrame([(1000, "1")], ["amount", "id"]), ignoreColumnName=True)
    t.assertDataFrameEqual(spark.createDataFrame([(1000, "1"), (5000, "2")], ["amount", "id"]),
                           spark.createDataFrame([(1000.0, "1"), (5000.0, "2")], ["amount", "id"]),
                           ignoreColumnType=True)
    nullable = T.StructType([T.StructField("amount", T.LongType(), True), T.StructField("id", T.StringType(), True)])
    required = T.StructType([T.StructField("amount", T.LongType(), True), T.StructField("id", T.StringType(), False)])
    t.assertDataFrameEqual(spark.createDataFrame([(1000, "1")], nullable), spark.createDataFrame([(1000, "1")], required))
    return "passed"


@case
def schemas_equal_under_ignore_flags(spark, F, T):
    t = helpers(spark)
    a = T.StructType([T.StructField("a", T.IntegerType()), T.StructField("b", T.ArrayType(T.DoubleType(), True))])
    b = T.StructType([T.StructField("b", T.ArrayType(T.DoubleType(), False), False), T.StructField("a", T.IntegerType())])
    c = T.StructType([T.StructField("x", T.IntegerType()), T.StructField("y", T.ArrayType(T.DoubleType()))])
    t.assertSchemaEqual(a, b, ignoreColumnOrder=True)  # nested nullability ignored too
    t.assertSchemaEqual(a, c, ignoreColumnName=True)
    t.assertSchemaEqual(a, a, ignoreNullable=False)
    # PySpark compares maps and decimals by type name only when ignoring nullability
    t.assertSchemaEqual(T.StructType([T.StructField("m", T.MapType(T.StringType(), T.LongType()))]),
                        T.StructType([T.StructField("m", T.MapType(T.IntegerType(), T.DoubleType()))]))
    t.assertSchemaEqual(T.StructType([T.StructField("d", T.DecimalType(10, 2))]),
                        T.StructType([T.StructField("d", T.DecimalType(5, 1))]))
    return "passed"


# ---------------------------------------------------------------------------
# what fails, and how it reads


@failing("DIFFERENT_ROWS")
def different_rows(spark, F, T):
    helpers(spark).assertDataFrameEqual(
        amounts(spark, [("1", 1000.0), ("2", 3000.0), ("3", 2000.0)]),
        amounts(spark, [("1", 1001.0), ("2", 3000.0), ("3", 2003.0)]),
    )


@failing("DIFFERENT_ROWS")
def float_beyond_tolerance(spark, F, T):
    helpers(spark).assertDataFrameEqual(amounts(spark, [("1", 0.1)]), amounts(spark, [("1", 0.109)]), rtol=1e-2)


@failing("DIFFERENT_ROWS")
def missing_and_extra_rows(spark, F, T):
    helpers(spark).assertDataFrameEqual(
        amounts(spark, [("1", 1.0), ("2", 2.0), ("4", 4.0)]),
        amounts(spark, [("2", 2.0), ("3", 3.0)]),
    )


@failing("DIFFERENT_ROWS")
def row_order_when_checked(spark, F, T):
    df = amounts(spark, [("1", 1.0), ("2", 2.0), ("3", 3.0)])
    helpers(spark).assertDataFrameEqual(df.orderBy("id"), df.orderBy(F.desc("id")), checkRowOrder=True)


@failing("DIFFERENT_ROWS")
def max_errors_stops_at_first(spark, F, T):
    helpers(spark).assertDataFrameEqual(
        spark.createDataFrame([(1, "A"), (2, "B"), (3, "C")]),
        spark.createDataFrame([(1, "A"), (2, "X"), (3, "Y")]),
        maxErrors=1,
    )


@failing("DIFFERENT_ROWS")
def show_only_diff_with_diff_rows(spark, F, T):
    helpers(spark).assertDataFrameEqual(
        spark.createDataFrame([(1, "A"), (2, "B"), (3, "C")]),
        spark.createDataFrame([(1, "A"), (2, "X"), (3, "Y")]),
        showOnlyDiff=True,
        includeDiffRows=True,
    )


@failing("DIFFERENT_ROWS")
def nested_and_temporal_values_differ(spark, F, T):
    schema = "id int, xs array<double>, m map<string,int>, s struct<a:string,b:date>, ts timestamp"
    import datetime as dt

    ts = dt.datetime(2024, 1, 2, 3, 4, 5)
    actual = spark.createDataFrame([(1, [1.0, 2.0], {"k": 1}, ("x", dt.date(2024, 1, 1)), ts)], schema)
    expected = spark.createDataFrame([(1, [1.0, 2.5], {"k": 1}, ("x", dt.date(2024, 1, 1)), ts)], schema)
    helpers(spark).assertDataFrameEqual(actual, expected)


@failing("DIFFERENT_ROWS")
def list_of_rows_differs(spark, F, T):
    df = spark.createDataFrame([(1, 1000), (2, 3000)], ["id", "amount"])
    helpers(spark).assertDataFrameEqual(df, [T.Row(id=1, amount=1000), T.Row(id=2, amount=3001)])


@failing("DIFFERENT_ROWS")
def ignore_column_type_compares_text(spark, F, T):
    helpers(spark).assertDataFrameEqual(
        spark.createDataFrame([(1000, "1"), (5000, "2")], ["amount", "id"]),
        spark.createDataFrame([(1000.5, "1"), (5000.0, "2")], ["amount", "id"]),
        ignoreColumnType=True,
    )


@case(raises="CAST_INVALID_INPUT")  # the text differs: which bad value is met first, query context
def ignore_column_type_casts_text_to_float_under_ansi(spark, F, T):
    helpers(spark).assertDataFrameEqual(
        spark.createDataFrame([(1.0, "a"), (2.5, "b")], ["x", "s"]),
        spark.createDataFrame([(1, "a"), (2, "b")], ["x", "s"]),
        ignoreColumnType=True,
    )


@failing("DIFFERENT_ROWS")
def decimals_beyond_tolerance(spark, F, T):
    schema = "id string, amount decimal(10,4)"
    helpers(spark).assertDataFrameEqual(
        amounts(spark, [("1", decimal.Decimal("1.0000")), ("2", decimal.Decimal("2.5000"))], schema),
        amounts(spark, [("1", decimal.Decimal("1.0001")), ("2", decimal.Decimal("2.5000"))], schema),
    )


@failing("DIFFERENT_ROWS")
def duplicate_rows_count(spark, F, T):
    helpers(spark).assertDataFrameEqual(
        spark.createDataFrame([(1, "a"), (1, "a"), (2, "b")], ["n", "s"]),
        spark.createDataFrame([(1, "a"), (2, "b"), (2, "b")], ["n", "s"]),
    )


@failing("DIFFERENT_ROWS")
def empty_against_rows(spark, F, T):
    df = amounts(spark, [("1", 1.0), ("2", 2.0)])
    helpers(spark).assertDataFrameEqual(df.limit(0), df)


@failing("DIFFERENT_ROWS")
def show_only_diff_in_row_order(spark, F, T):
    df = spark.createDataFrame([(i, str(i)) for i in range(6)], ["n", "s"])
    helpers(spark).assertDataFrameEqual(
        df.orderBy("n"), df.withColumn("s", F.when(F.col("n") == 3, "x").otherwise(F.col("s"))).orderBy("n"),
        checkRowOrder=True, showOnlyDiff=True,
    )


@case
def ignore_column_order_needs_dataframes(spark, F, T):
    try:
        helpers(spark).assertDataFrameEqual([T.Row(a=1)], [T.Row(a=1)], ignoreColumnOrder=True)
    except AttributeError as e:
        return type(e).__name__, str(e)
    return "did not raise"


@failing("DIFFERENT_SCHEMA")
def different_column_types(spark, F, T):
    helpers(spark).assertDataFrameEqual(
        spark.createDataFrame([(1, 1000), (2, 3000)], ["id", "number"]),
        spark.createDataFrame([("1", 1000), ("2", 5000)], ["id", "amount"]),
    )


@failing("DIFFERENT_SCHEMA")
def column_order_counts_by_default(spark, F, T):
    df = amounts(spark, [("1", 1.0)])
    helpers(spark).assertDataFrameEqual(df, df.select("amount", "id"))


@failing("DIFFERENT_SCHEMA")
def nullability_when_not_ignored(spark, F, T):
    nullable = T.StructType([T.StructField("amount", T.LongType(), True), T.StructField("id", T.StringType(), True)])
    required = T.StructType([T.StructField("amount", T.LongType(), True), T.StructField("id", T.StringType(), False)])
    helpers(spark).assertDataFrameEqual(
        spark.createDataFrame([(1000, "1")], nullable), spark.createDataFrame([(1000, "1")], required),
        ignoreNullable=False,
    )


@failing("DIFFERENT_SCHEMA")
def schema_nested_nullability_when_not_ignored(spark, F, T):
    helpers(spark).assertSchemaEqual(
        T.StructType([T.StructField("names", T.ArrayType(T.DoubleType(), True), True)]),
        T.StructType([T.StructField("names", T.ArrayType(T.DoubleType(), False), True)]),
        ignoreNullable=False,
    )


@failing("DIFFERENT_SCHEMA")
def schema_names_differ(spark, F, T):
    helpers(spark).assertSchemaEqual(
        T.StructType([T.StructField("a", T.IntegerType()), T.StructField("b", T.StringType())]),
        T.StructType([T.StructField("a", T.IntegerType()), T.StructField("c", T.StringType())]),
    )


@failing("NOT_STRUCT")
def schema_argument_not_struct(spark, F, T):
    helpers(spark).assertSchemaEqual(T.StructType([]), "a int")


@failing("INVALID_TYPE_DF_EQUALITY_ARG")
def actual_is_none(spark, F, T):
    helpers(spark).assertDataFrameEqual(None, amounts(spark, [("1", 1.0)]))


@failing("INVALID_TYPE_DF_EQUALITY_ARG")
def expected_is_not_a_dataframe(spark, F, T):
    helpers(spark).assertDataFrameEqual(amounts(spark, [("1", 1.0)]), 5)


@failing("UNSUPPORTED_OPERATION")
def streaming_dataframe(spark, F, T):
    stream = spark.readStream.format("rate").load()
    helpers(spark).assertDataFrameEqual(stream, [T.Row(timestamp=None, value=0)])


@failing("UNSUPPORTED_OPERATION")
def streaming_dataframe_as_expected(spark, F, T):
    stream = spark.readStream.format("rate").load()
    helpers(spark).assertDataFrameEqual([T.Row(timestamp=None, value=0)], stream)


@pytest.mark.parametrize("program", case.params({}))
def test_testing_helper_matches_pyspark(program, conform):
    conform(program)
