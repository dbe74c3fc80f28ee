"""Two-variable statistics (corr, covariances, regr_*) and the exact percentile on rillet and
real PySpark, compared: groups with no pair, one pair, no spread, NULLs on either side."""

from __future__ import annotations

import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Cases

case = Cases()


def _data(spark):
    return spark.createDataFrame(
        [(1, 1.0, 2.0, 1), (1, 2.0, 4.5, 2), (1, 3.0, None, 1), (1, 4.0, 7.0, 3), (1, None, 8.0, 1),
         (2, 5.0, 1.0, 1),
         (3, None, None, 1),
         (4, 1.0, 3.0, 1), (4, 1.0, 5.0, 2),
         (5, 2.0, 6.0, 4), (5, 2.0, 6.0, 1), (5, -3.5, 6.0, 1)],
        "g int, y double, x double, f int")


@case
def correlation_and_covariances(spark, F, T):
    return _data(spark).groupBy("g").agg(
        F.covar_pop("y", "x"), F.covar_samp("y", "x"), F.covar_pop(F.col("g"), "x"), F.covar_samp("x", "x"),
    )


@case
def linear_regression_aggregates(spark, F, T):
    return _data(spark).groupBy("g").agg(
        F.regr_count("y", "x"), F.regr_slope("y", "x"), F.regr_intercept("y", "x"), F.regr_r2("y", "x"),
        F.regr_sxx("y", "x"), F.regr_syy("y", "x"), F.regr_sxy("y", "x"), F.regr_avgx("y", "x"),
        F.regr_avgy("y", "x"),
    )


@case
def exact_percentiles(spark, F, T):
    return _data(spark).groupBy("g").agg(
        F.percentile("y", 0.5), F.percentile("y", [0.25, 0.9]), F.percentile("x", 0.3, F.col("f")),
        F.percentile("y", 0.0), F.percentile("y", 1.0), F.percentile("f", 0.5),
    )


@case(raises="DIVIDE_BY_ZERO")
def corr_without_spread_divides_by_zero_under_ansi(spark, F, T):
    return _data(spark).where("g = 4").agg(F.corr("y", "x")).collect()


@case
def corr_of_varying_pairs_and_single_pairs(spark, F, T):
    return _data(spark).where("g IN (1, 2, 3)").groupBy("g").agg(F.corr("y", "x"), F.corr("x", "y"))


@case
def statistics_in_sql_text(spark, F, T):
    _data(spark).createOrReplaceTempView("stats")
    return spark.sql(
        "SELECT g, covar_pop(y, x) AS c, covar_samp(y, x) AS cs, regr_slope(y, x) AS s, regr_count(y, x) AS n, "
        "percentile(y, 0.5) AS med, percentile(x, array(0.1, 0.5)) AS ps FROM stats GROUP BY g"
    )


@case
def statistics_over_the_whole_frame(spark, F, T):
    return _data(spark).agg(F.corr("y", "x"), F.regr_r2("y", "x"), F.percentile("x", 0.75), F.covar_samp("y", "x"))


@pytest.mark.parametrize("program", case.params(known_gaps.FUNCTIONS_STATISTICS))
def test_statistics_program_matches_pyspark(program, conform):
    conform(program)
