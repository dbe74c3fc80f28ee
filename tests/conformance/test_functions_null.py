"""Null handling and conditional functions on rillet and real PySpark, compared (see ``compare.py``)."""

from __future__ import annotations

import decimal

import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Cases

case = Cases()


def _values(spark):
    return spark.createDataFrame(
        [(1, None, 2.5, "a", decimal.Decimal("1.50")),
         (None, 7, float("nan"), None, None),
         (None, None, None, "ü€", decimal.Decimal("-0.25")),
         (2147483647, -2147483648, -0.0, "", decimal.Decimal("99.99")),
         (0, 0, float("inf"), "zero", decimal.Decimal("0.00"))],
        "a int, b int, d double, s string, dec decimal(4,2)")


@case
def a_case_branch_is_evaluated_only_for_the_rows_that_take_it(spark, F, T):
    df = spark.createDataFrame([("1",), ("x",), (None,), ("0",)], "s string")
    return df.select(
        F.when(F.col("s") != "x", F.col("s").cast("int")).otherwise(-1).alias("parsed"),
        F.when(F.col("s") == "x", F.lit(0)).when(F.col("s").cast("int") > 0, 10 / F.col("s").cast("int"))
        .alias("nested"),
        F.expr("CASE WHEN s = '0' OR s = 'x' THEN -1 ELSE 6 DIV CAST(s AS INT) END").alias("div"),
    )


@case(raises="CAST_INVALID_INPUT")
def a_case_branch_taken_by_a_bad_row_still_raises(spark, F, T):
    df = spark.createDataFrame([("1",), ("x",)], "s string")
    return df.select(F.when(F.col("s") == "x", F.col("s").cast("int")).alias("v")).collect()


@case
def null_replacement_functions(spark, F, T):
    return _values(spark).select(
        F.coalesce("a", "b"), F.coalesce("a", "b", F.lit(-1)), F.nvl("a", "b"), F.nvl("s", F.lit("none")),
        F.ifnull("b", "a"), F.nvl2("a", "s", F.lit("no a")), F.nvl2("s", "a", "b"), F.nullif("a", "b"),
        F.nullif("s", F.lit("")), F.nvl("a", "d"), F.coalesce("dec", F.lit(0)), F.nvl("dec", "a"),
    )


@case
def null_and_nan_predicates_and_if(spark, F, T):
    return _values(spark).select(
        F.isnull("a"), F.isnotnull("s"), F.isnan("d"), F.isnan("a"), F.nanvl("d", F.lit(0.0)),
        F.nanvl("d", "a"), F.expr("if(a > 0, s, 'neg')"), F.expr("if(d is null, 1, 2)"), F.expr("if(d > 0, 1, 2)"),
        F.expr("if(a is null, b, a)"), F.col("a").isNull(), F.col("s").isNotNull(),
        F.expr("nvl(s, 'x')"), F.expr("nvl2(b, 'has b', 'no b')"),
        F.expr("nullif(a, 0)"), F.expr("ifnull(a, 42)"),
    )


@case
def try_arithmetic_returns_null_instead_of_failing(spark, F, T):
    return _values(spark).select(
        F.try_divide("a", "b"), F.try_divide("d", F.lit(0)),
        F.try_add("a", "b"), F.try_add("a", F.lit(1)), F.try_subtract("b", F.lit(1)),
        F.try_subtract("a", "b"), F.try_multiply("a", F.lit(2)), F.try_multiply("a", "b"),
        F.try_add("d", F.lit(1.5)), F.try_divide("a", F.lit(0)), F.try_divide("a", F.lit(0.0)),
    )


@case
def try_arithmetic_on_decimals(spark, F, T):
    return _values(spark).select(
        F.try_divide("dec", F.lit(3)), F.try_multiply("dec", F.lit(100)), F.try_add("dec", "a"),
        F.try_subtract("dec", "dec"),
    )


@case
def conditionals_in_sql_text(spark, F, T):
    _values(spark).createOrReplaceTempView("null_values")
    return spark.sql(
        "SELECT coalesce(a, b, 0) AS c, nvl2(s, length(s), -1) AS n2, nullif(s, '') AS ns, "
        "if(isnan(d), 'nan', 'num') AS kind, try_divide(a, 0) AS td, isnotnull(dec) AS has_dec "
        "FROM null_values WHERE a IS NULL OR a >= 0"
    )


@pytest.mark.parametrize("program", case.params(known_gaps.FUNCTIONS_NULL))
def test_null_program_matches_pyspark(program, conform):
    conform(program)
