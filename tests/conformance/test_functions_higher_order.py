"""Higher-order functions (Python lambdas and SQL's ``x -> ...``) on rillet and real PySpark, compared."""

from __future__ import annotations

import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Cases

case = Cases()


def _data(spark):
    return spark.createDataFrame(
        [(1, [1, 2, None, 4], [10, 20], {"a": 1, "b": None}, ["x", "yy"]),
         (2, None, [5], None, None),
         (3, [], [], {}, []),
         (4, [7, -7, 0], None, {"€": -5, "z": 3}, ["日本", "", None])],
        "id int, xs array<int>, ys array<int>, m map<string,int>, ss array<string>")


@case
def array_lambdas_with_element_and_index(spark, F, T):
    return _data(spark).select(
        "id", F.transform("xs", lambda x: x + 1), F.transform("xs", lambda x, i: x * i),
        F.transform("ss", lambda s: F.upper(s)), F.filter("xs", lambda x: x > 0),
        F.filter("xs", lambda x, i: i % 2 == 0), F.transform("xs", lambda x: x + F.col("id")),
    )


@case
def exists_and_forall_are_three_valued(spark, F, T):
    return _data(spark).select(
        "id", F.exists("xs", lambda x: x > 3), F.exists("xs", lambda x: x > 100),
        F.forall("xs", lambda x: x > -10), F.forall("xs", lambda x: x.isNotNull()),
        F.exists("ss", lambda s: s == ""), F.forall("ys", lambda y: y >= 5),
    )


@case
def aggregate_reduce_and_zip_with(spark, F, T):
    return _data(spark).select(
        "id", F.aggregate("ys", F.lit(0), lambda acc, y: acc + y),
        F.aggregate("ys", F.lit(0).cast("bigint"), lambda acc, y: acc + y, lambda acc: acc * 10),
        F.aggregate("xs", F.lit(0.0), lambda acc, x: acc + F.coalesce(x, F.lit(0))),
        F.reduce("ss", F.lit(""), lambda acc, s: F.concat(acc, F.coalesce(s, F.lit("?")))),
        F.zip_with("xs", "ys", lambda x, y: F.coalesce(x, F.lit(0)) + F.coalesce(y, F.lit(0))),
        F.zip_with("ys", "ss", lambda y, s: F.concat_ws("-", y.cast("string"), s)),
    )


@case
def map_lambdas(spark, F, T):
    return _data(spark).select(
        "id", F.map_filter("m", lambda k, v: v > 0), F.transform_values("m", lambda k, v: v * 2),
        F.transform_keys("m", lambda k, v: F.concat(k, F.lit("!"))),
        F.map_zip_with("m", F.create_map(F.lit("a"), F.lit(100), F.lit("q"), F.lit(7)),
                       lambda k, v1, v2: F.coalesce(v1, F.lit(0)) + F.coalesce(v2, F.lit(0))),
    )


@case
def nested_lambdas_and_struct_accumulators(spark, F, T):
    return _data(spark).select(
        "id", F.transform("ys", lambda y: F.transform("xs", lambda x: x * y)),
        F.aggregate("ys", F.struct(F.lit(0).alias("n"), F.lit(0).alias("s")),
                    lambda acc, y: F.struct((acc.n + 1).alias("n"), (acc.s + y).alias("s")),
                    lambda acc: F.try_divide(acc.s, acc.n)).alias("mean"),
    )


@case
def lambdas_in_sql_text(spark, F, T):
    _data(spark).createOrReplaceTempView("hof")
    return spark.sql(
        "SELECT id, transform(xs, x -> x + 1), filter(xs, (x, i) -> i > 0), "
        "aggregate(ys, 0, (acc, y) -> acc + y), reduce(ys, 0, (a, y) -> a + y, a -> a * 2), "
        "exists(xs, x -> x IS NULL), forall(ys, y -> y > 0), zip_with(xs, ys, (a, b) -> a * b), "
        "map_filter(m, (k, v) -> v > 0), transform_values(m, (k, v) -> v + id), "
        "transform(xs, x -> x + id) AS plus_id FROM hof"
    )


@case
def lambda_schemas_keep_nested_nullability(spark, F, T):
    _data(spark).select(
        F.transform("xs", lambda x: F.coalesce(x, F.lit(0))).alias("t"), F.filter("ss", lambda s: s != "").alias("f"),
        F.transform_values("m", lambda k, v: F.lit(1)).alias("tv"), F.zip_with("xs", "ys", lambda a, b: a).alias("z"),
    ).printSchema()


@case
def array_sort_with_a_comparator(spark, F, T):
    return _data(spark).select(
        "id", F.array_sort("ys", lambda a, b: b - a),
        F.array_sort("ss", lambda a, b: F.when(a.isNull() | b.isNull(), F.lit(0))
                     .otherwise(F.length(b) - F.length(a))),
        F.array_sort(F.array(F.lit(3), F.lit(1), F.lit(2), F.lit(1)), lambda a, b: a - b),
    )


@case
def array_sort_with_a_comparator_in_sql_text(spark, F, T):
    return spark.sql(
        "SELECT array_sort(array('bb', 'a', 'ccc', 'dd'), (l, r) -> length(l) - length(r)) AS by_length, "
        "array_sort(array(5, 3, 9), (l, r) -> CASE WHEN l < r THEN 1 WHEN l > r THEN -1 ELSE 0 END) AS desc_order"
    )


@case(raises="DATATYPE_MISMATCH.INVALID_ARG_VALUE")
def to_binary_with_an_unknown_format_fails(spark, F, T):
    return spark.range(1).select(F.to_binary(F.lit("abc"), F.lit("bogus"))).collect()


@pytest.mark.parametrize("program", case.params(known_gaps.FUNCTIONS_HIGHER_ORDER))
def test_higher_order_program_matches_pyspark(program, conform):
    conform(program)
