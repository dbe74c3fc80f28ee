"""Higher-order functions where rillet raises Spark's error and PySpark's JVM fails without one
(a comparator returning NULL), lambda arity errors, and the vectorized element frames' edges."""

from __future__ import annotations

import pytest

from rillet.errors import AnalysisException, PySparkValueError, SparkRuntimeException
from rillet.sql import functions as F


def test_array_sort_comparator_returning_null_raises_comparator_returns_null(spark):
    df = spark.createDataFrame([([3, 1, 2],)], "xs array<int>")
    with pytest.raises(SparkRuntimeException) as err:
        df.select(F.array_sort("xs", lambda a, b: F.lit(None).cast("int"))).collect()
    assert err.value.getCondition() == "COMPARATOR_RETURNS_NULL"


def test_transform_keys_to_null_raises_null_map_key(spark):
    df = spark.createDataFrame([({"a": 1},)], "m map<string,int>")
    with pytest.raises(SparkRuntimeException) as err:
        df.select(F.transform_keys("m", lambda k, v: F.lit(None).cast("string"))).collect()
    assert err.value.getCondition() == "NULL_MAP_KEY"


def test_sql_lambda_with_the_wrong_number_of_parameters_is_num_args_mismatch(spark):
    df = spark.createDataFrame([([1],)], "xs array<int>")
    with pytest.raises(AnalysisException) as err:
        df.selectExpr("exists(xs, (x, i) -> x > i)").collect()
    assert err.value.getCondition() == "INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH"


def test_python_lambda_must_return_a_column(spark):
    with pytest.raises(PySparkValueError) as err:
        F.transform("xs", lambda x: 1)
    assert err.value.getCondition() == "HIGHER_ORDER_FUNCTION_SHOULD_RETURN_COLUMN"


def test_lambdas_over_many_rows_keep_each_row_its_own_elements(spark):
    # rows of different lengths, NULL and empty arrays interleaved: the element frame's offsets
    rows = [([i] * (i % 4) if i % 5 else None, i) for i in range(200)]
    df = spark.createDataFrame(rows, "xs array<int>, k int")
    got = df.select(
        F.transform("xs", lambda x, i: x * 10 + i + F.col("k")).alias("t"),
        F.aggregate("xs", F.lit(0), lambda acc, x: acc + x).alias("s"),
        F.filter("xs", lambda x, i: i > 0).alias("f"),
    ).collect()
    for (xs, k), row in zip(rows, got):
        if xs is None:
            assert (row.t, row.s, row.f) == (None, None, None)
        else:
            assert row.t == [x * 10 + i + k for i, x in enumerate(xs)]
            assert row.s == sum(xs)
            assert row.f == xs[1:]


def test_higher_order_functions_in_a_streaming_query(spark, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.json").write_text('{"id": 1, "xs": [1, 2, 3]}\n{"id": 2, "xs": []}\n')
    stream = spark.readStream.schema("id int, xs array<int>").json(str(src))
    query = (
        stream.select("id", F.transform("xs", lambda x: x * 2).alias("doubled"),
                      F.exists("xs", lambda x: x > 2).alias("big"))
        .writeStream.format("memory").queryName("hof_stream").start()
    )
    try:
        query.processAllAvailable()
        got = sorted(tuple(r) for r in spark.sql("SELECT * FROM hof_stream").collect())
    finally:
        query.stop()
    assert got == [(1, [2, 4, 6], True), (2, [], False)]
