"""Math functions on rillet and real PySpark, compared (see ``compare.py``)."""

from __future__ import annotations

import decimal

import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Cases

case = Cases()


def _numbers(spark):
    return spark.createDataFrame(
        [(1, 2.5, -7, decimal.Decimal("2.345")), (15, 2.675, 3, decimal.Decimal("-2.355")),
         (-25, -0.5, 0, decimal.Decimal("0.005")), (None, None, None, None)],
        "i int, d double, n int, dec decimal(5,3)")


@case
def rounding_matches_spark_half_up_and_half_even(spark, F, T):
    return _numbers(spark).select(
        F.round("d"), F.round("d", 2), F.bround("d"), F.bround("d", 2), F.round("i", -1),
        F.bround("i", -1), F.round("dec", 2), F.bround("dec", 2), F.floor("d"), F.ceil("d"),
        F.ceiling("d"), F.floor("i"), F.ceil("dec"), F.floor("dec"),
    )


@case
def scalar_math_functions(spark, F, T):
    return _numbers(spark).select(
        F.exp("i"), F.log("d"), F.log(2.0, "d"), F.log10("d"), F.log2("d"), F.ln("d"),
        F.signum("i"), F.greatest("i", "d"), F.least("i", "n"), F.pmod("i", F.lit(4)), F.pmod("n", F.lit(-3)), F.negative("i"),
        F.positive("i"), F.sin("d"), F.cos("d"), F.tan("d"), F.atan2("d", "i"), F.degrees("d"),
        F.radians("d"), F.factorial("n"), F.hypot("d", "i"), F.cbrt("d"), F.abs("dec"),
        F.sqrt("d"), F.pow("i", 2),
    )


@case
def rand_and_randn_are_doubles_and_deterministic_for_a_seed(spark, F, T):
    df = spark.range(50).select(F.rand(7).alias("u"), F.randn(7).alias("z"))
    rows = df.collect()
    again = df.collect()
    return [df.schema.simpleString(), all(0.0 <= r.u < 1.0 for r in rows), rows == again]


@pytest.mark.parametrize("program", case.params(known_gaps.FUNCTIONS_MATH))
def test_math_program_matches_pyspark(program, conform):
    conform(program)
