"""Aggregate functions on rillet and real PySpark, compared (see ``compare.py``)."""

from __future__ import annotations

import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Cases

case = Cases()


def _sales(spark):
    return spark.createDataFrame(
        [("east", "a", 10, 1.5, True, "x"),
         ("east", "a", 10, -2.0, False, "ü€"),
         ("east", "b", None, None, None, None),
         ("west", "a", 9223372036854775000, 1e300, True, "y"),
         ("west", "a", -5, float("nan"), True, "x"),
         ("west", "b", 3, 0.0, False, "z"),
         ("north", "c", None, None, None, None),
         ("north", "c", None, None, None, None)],
        "region string, kind string, n bigint, d double, ok boolean, s string")


@case
def distinct_counts_and_collections_per_group(spark, F, T):
    return _sales(spark).groupBy("region").agg(
        F.count_distinct("n"), F.countDistinct("kind", "s"), F.approx_count_distinct("s"),
        F.sort_array(F.collect_list("n")).alias("ns"), F.sort_array(F.collect_set("s")).alias("ss"),
        F.size(F.collect_list("s")).alias("n_s"), F.sum_distinct("n"), F.count("n"), F.count("*"),
        F.count_if(F.col("ok")), F.sort_array(F.array_agg("kind")).alias("kinds"),
    )


@case
def statistics_per_group_on_several_keys(spark, F, T):
    # no NaN and no 1e300 here: Spark's moment update gives NaN for a lone 1e300 (inf * 0)
    df = _sales(spark).filter((F.abs("d") < 1e10) | F.col("d").isNull())
    return df.groupBy("region", "kind").agg(
        F.stddev("d"), F.stddev_samp("d"), F.stddev_pop("d"), F.variance("d"), F.var_samp("d"),
        F.var_pop("d"), F.std("d"), F.median("d"), F.avg("d"), F.min("s"), F.max("s"),
        F.percentile_approx("d", 0.5), F.percentile_approx("d", [0.25, 0.75], 100),
    )


@case
def extremes_by_key_booleans_and_any_value(spark, F, T):
    df = _sales(spark).filter(F.col("n").isNull() | (F.col("n") != 10))
    return df.groupBy("region").agg(
        F.max_by("s", "n"), F.min_by("s", "n"), F.max_by("kind", "d"), F.bool_and("ok"), F.bool_or("ok"),
        F.every("ok"), F.some("ok"), F.mode("kind"), F.any_value("region"), F.first("n", ignorenulls=True),
        F.sum("n"), F.max("d"), F.min("d"),
    )


@case
def global_aggregation_over_empty_input(spark, F, T):
    df = _sales(spark).filter(F.col("region") == "nowhere")
    return df.agg(
        F.count("n"), F.count_distinct("n"), F.approx_count_distinct("n"), F.collect_list("n"),
        F.collect_set("s"), F.sum("n"), F.avg("d"), F.stddev("d"), F.variance("d"), F.median("d"),
        F.max_by("s", "n"), F.bool_and("ok"), F.bool_or("ok"), F.count_if(F.col("ok")), F.mode("s"),
        F.percentile_approx("d", 0.5), F.sum_distinct("n"), F.any_value("s"),
    )


@case
def aggregates_of_an_all_null_group(spark, F, T):
    return _sales(spark).filter(F.col("region") == "north").groupBy("region", "kind").agg(
        F.count_distinct("n"), F.collect_list("n"), F.collect_set("s"), F.stddev("d"), F.median("d"),
        F.max_by("s", "n"), F.min_by("n", "d"), F.bool_and("ok"), F.count_if(F.col("ok")), F.mode("s"),
        F.percentile_approx("d", 0.5), F.sum_distinct("n"), F.approx_count_distinct("s"),
    )


@case
def aggregates_with_nan_and_single_rows(spark, F, T):
    return _sales(spark).filter(F.col("region") == "west").groupBy("kind").agg(
        F.stddev("d"), F.var_pop("d"), F.max("d"), F.min("d"), F.median("d"), F.avg("d"),
        F.collect_set("d").alias("ds"),
    )


@case(raises="ARITHMETIC_OVERFLOW")
def sum_of_longs_that_overflow_fails_under_ansi(spark, F, T):
    df = spark.createDataFrame([(9223372036854775807,), (1,)], "n bigint")
    return df.agg(F.sum("n")).collect()


@case
def aggregates_in_sql_text(spark, F, T):
    _sales(spark).createOrReplaceTempView("sales")
    return spark.sql(
        "SELECT region, count(DISTINCT kind) AS kinds, collect_set(kind) IS NOT NULL AS has, "
        "bool_and(ok) AS all_ok, every(ok) AS ev, any(ok) AS an, count_if(d > 0) AS pos, "
        "max_by(kind, d) AS top_kind, stddev_pop(n) AS sp, approx_count_distinct(s) AS acd, "
        "percentile_approx(n, 0.5) AS med_n "
        "FROM sales GROUP BY region HAVING count(*) > 1"
    )


@pytest.mark.parametrize("program", case.params(known_gaps.FUNCTIONS_AGGREGATE))
def test_aggregate_program_matches_pyspark(program, conform):
    conform(program)
