"""``udf``, ``pandas_udf`` and ``spark.udf.register`` on rillet and PySpark, compared."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Cases

case = Cases()

ROWS = [(1, "ann", 2.5), (2, None, None), (3, "bo", -1.0)]
DDL = "id int, name string, score double"


def data(spark):
    return spark.createDataFrame(ROWS, DDL)


@case
def udf_row_at_a_time_with_nulls_and_return_types(spark, F, T):
    @F.udf(T.IntegerType())
    def plus(a, b):
        return None if b is None else a + int(b)

    shout = F.udf(lambda s: s.upper() + "!" if s is not None else None)
    flags = F.udf(lambda i, s: [i, len(s or "")], "array<int>")
    return data(spark).select(
        "id", plus("id", "score"), shout("name"), flags(F.col("id"), "name").alias("flags"),
        F.udf(lambda: 7, "long")().alias("seven"),
    )


@case
def udf_used_in_filter_and_with_column(spark, F, T):
    is_odd = F.udf(lambda i: i % 2 == 1, T.BooleanType())
    return data(spark).filter(is_odd("id")).withColumn("twice", F.udf(lambda x: x * 2, "double")("score"))


@case
def pandas_udf_series_and_iterator_forms(spark, F, T):
    @F.pandas_udf("double")
    def doubled(s: pd.Series) -> pd.Series:
        return s * 2

    @F.pandas_udf("long")
    def plus_one(batches: Iterator[pd.Series]) -> Iterator[pd.Series]:
        for b in batches:
            yield b + 1

    @F.pandas_udf("string")
    def joined(a: pd.Series, b: pd.Series) -> pd.Series:
        return a.astype(str) + ":" + b.fillna("-")

    return data(spark).select(doubled("score"), plus_one("id"), joined("id", "name"))


@case
def registered_udf_in_sql_and_expr(spark, F, T):
    spark.udf.register("conf_square", lambda v: v * v, "int")
    data(spark).createOrReplaceTempView("conf_udf_people")
    return {
        "sql": spark.sql("SELECT id, conf_square(id) AS sq FROM conf_udf_people").collect(),
        "expr": data(spark).select(F.expr("conf_square(id) + 1")).collect(),
        "columns": spark.sql("SELECT conf_square(id) FROM conf_udf_people").columns,
    }


@case
def error_in_user_function_is_a_python_exception(spark, F, T):
    @F.udf("int")
    def broken(x):
        return x // 0

    try:
        data(spark).select(broken("id")).collect()
    except Exception as e:  # PySpark's PythonException, carrying the worker's traceback
        return type(e).__name__, str(e).strip().splitlines()[-1]
    return None


@pytest.mark.parametrize("program", case.params(known_gaps.UDF))
def test_udf_program_matches_pyspark(program, conform):
    conform(program)
