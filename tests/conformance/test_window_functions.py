"""Window functions over ``Window.partitionBy(...).orderBy(...)`` with frames, on rillet and PySpark.

Each case takes ``Window`` from the engine's own ``sql`` package (``window(F)``).
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Cases

case = Cases()

SALES = [
    (1, "east", 10, 100.0),
    (2, "east", 20, 250.5),
    (3, "east", 20, None),
    (4, "east", 40, 80.0),
    (5, "west", 5, 30.0),
    (6, "west", None, 60.0),
    (7, "west", 15, 60.0),
    (8, None, 7, 9.5),
]
SALES_DDL = "id int, region string, qty int, amount double"


def sales(spark: Any) -> Any:
    return spark.createDataFrame(SALES, SALES_DDL)


def sales_sql(spark: Any, text: str) -> Any:
    """``text`` run by ``spark.sql`` over the sales rows as the view ``conf_window_sales``."""
    sales(spark).createOrReplaceTempView("conf_window_sales")
    return spark.sql(text)


def window(F: Any) -> Any:
    """The engine's ``Window`` (``pyspark.sql.Window`` or ``rillet.sql.Window``)."""
    return importlib.import_module(F.__name__.rsplit(".", 1)[0]).Window


@case
def ranking_functions_with_ties_and_nulls(spark, F, T):
    W = window(F)
    w = W.partitionBy("region").orderBy(F.col("qty").desc())
    return sales(spark).select(
        "id",
        F.row_number().over(w), F.rank().over(w), F.dense_rank().over(w),
        F.percent_rank().over(w), F.cume_dist().over(w),
        F.ntile(2).over(w), F.ntile(3).over(W.orderBy("id")),
        F.rank().over(W.orderBy(F.col("amount").asc_nulls_last(), "id")).alias("by_amount"),
    )


@case
def lag_and_lead_with_offsets_and_defaults(spark, F, T):
    w = window(F).partitionBy("region").orderBy("id")
    return sales(spark).select(
        "id",
        F.lag("qty").over(w), F.lag("qty", 2, -1).over(w), F.lead("amount").over(w),
        F.lead(F.col("amount") * 2, 2, 0.0).over(w).alias("lead2"),
        F.lag("region", 1, "none").over(window(F).orderBy("id")).alias("prev_region"),
    )


@case
def running_aggregates_include_peers_by_default(spark, F, T):
    w = window(F).partitionBy("region").orderBy("qty")
    return sales(spark).select(
        "id",
        F.sum("amount").over(w), F.count("amount").over(w), F.count("*").over(w).alias("n"),
        F.avg("qty").over(w), F.min("amount").over(w), F.max("amount").over(w),
        F.first("amount").over(w).alias("first"), F.last("amount").over(w).alias("last"),
    )


@case
def rows_between_frames(spark, F, T):
    W = window(F)
    base = W.partitionBy("region").orderBy("id")
    running = base.rowsBetween(W.unboundedPreceding, W.currentRow)
    sliding = base.rowsBetween(-1, 1)
    ahead = base.rowsBetween(W.currentRow, W.unboundedFollowing)
    return sales(spark).select(
        "id",
        F.sum("qty").over(running).alias("run_qty"), F.max("amount").over(running).alias("run_max"),
        F.avg("amount").over(sliding).alias("avg3"), F.count("amount").over(sliding).alias("cnt3"),
        F.min("qty").over(sliding).alias("min3"),
        F.first("amount", True).over(ahead).alias("next_non_null"),
        F.last("amount").over(ahead).alias("last_in_part"),
        F.sum("qty").over(base.rowsBetween(1, 2)).alias("next_two"),
    )


@case
def range_between_value_offsets(spark, F, T):
    W = window(F)
    w = W.orderBy("id").rangeBetween(-2, 0)
    return sales(spark).select(
        "id",
        F.sum("qty").over(w).alias("sum_last_3_ids"),
        F.count("*").over(W.orderBy(F.col("id").desc()).rangeBetween(-1, 1)).alias("near_desc"),
        F.max("amount").over(W.orderBy("id").rangeBetween(W.currentRow, W.unboundedFollowing)).alias("max_ahead"),
    )


@case
def whole_partition_aggregates_without_order(spark, F, T):
    W = window(F)
    df = sales(spark)
    return df.withColumn("region_total", F.sum("amount").over(W.partitionBy("region"))).withColumn(
        "share", F.col("amount") / F.col("region_total")
    ).withColumn("overall_max", F.max("qty").over(W.partitionBy())).withColumn(
        "cnt", F.count("*").over(W.partitionBy(F.upper("region")))
    )


@case
def top_n_per_group_with_filter_on_window_column(spark, F, T):
    w = window(F).partitionBy("region").orderBy(F.col("amount").desc_nulls_last(), "id")
    return sales(spark).withColumn("rn", F.row_number().over(w)).filter(F.col("rn") <= 2).drop("rn")


@case
def window_expression_inside_arithmetic_and_select_expr(spark, F, T):
    w = window(F).partitionBy("region").orderBy("id")
    return sales(spark).select(
        "id", (F.row_number().over(w) * 10 + F.lit(1)).alias("k"),
        (F.col("amount") - F.avg("amount").over(window(F).partitionBy("region"))).alias("diff"),
    )


@case
def windows_over_an_aggregation(spark, F, T):
    W = window(F)
    df = sales(spark)
    return {
        "rank_of_sums": df.groupBy("region").agg(
            F.sum("amount"), F.rank().over(W.orderBy(F.sum("amount").desc()))
        ).collect(),
        "running_total_of_sums": df.groupBy("region").agg(
            F.sum("qty").alias("q"), F.sum(F.sum("qty")).over(W.orderBy("region")).alias("run"), F.max("id")
        ).collect(),
        "global_aggregate_with_window": df.select(F.sum("qty"), F.count("*").over(W.partitionBy())).collect(),
    }


@case(raises="_LEGACY_ERROR_TEMP_1034")
def window_function_in_filter_raises(spark, F, T):
    return sales(spark).filter(F.row_number().over(window(F).orderBy("id")) == 1)


@case(raises="UNSUPPORTED_EXPR_FOR_OPERATOR")
def window_function_in_order_by_raises(spark, F, T):
    return sales(spark).orderBy(F.row_number().over(window(F).orderBy("id")).desc())


@case(raises="_LEGACY_ERROR_TEMP_1031")
def window_function_inside_aggregate_raises(spark, F, T):
    return sales(spark).groupBy("region").agg(F.sum(F.sum("qty").over(window(F).orderBy("id"))))


@case(raises="DISTINCT_WINDOW_FUNCTION_UNSUPPORTED")
def distinct_aggregate_over_window_raises(spark, F, T):
    return sales(spark).select(F.count_distinct("qty").over(window(F).partitionBy("region")))


@case(raises="DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE")
def ntile_of_zero_buckets_raises(spark, F, T):
    return sales(spark).select(F.ntile(0).over(window(F).orderBy("id")))


@case(raises="UNSUPPORTED_EXPR_FOR_WINDOW")
def scalar_function_over_window_raises(spark, F, T):
    return sales(spark).select(F.upper("region").over(window(F).partitionBy("region")))


@case(raises="WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE")
def ranking_function_without_over_raises(spark, F, T):
    return sales(spark).select(F.row_number())


@case(raises="_LEGACY_ERROR_TEMP_1037")
def ranking_function_without_order_by_raises(spark, F, T):
    return sales(spark).select(F.rank().over(window(F).partitionBy("region")))


@case(raises="_LEGACY_ERROR_TEMP_1036")
def ranking_function_with_other_frame_raises(spark, F, T):
    return sales(spark).select(F.row_number().over(window(F).orderBy("id").rowsBetween(-1, 1)))


@case(raises="DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE")
def range_frame_over_string_key_raises(spark, F, T):
    return sales(spark).select(F.sum("qty").over(window(F).orderBy("region").rangeBetween(-1, 1)))


@case(raises="NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING")
def window_function_on_a_stream_raises(spark, F, T):
    stream = spark.readStream.format("rate").option("rowsPerSecond", 1).load()
    ranked = stream.withColumn("rn", F.row_number().over(window(F).orderBy("value")))
    query = ranked.writeStream.format("memory").queryName("conf_window_stream").start()
    query.stop()


@case
def window_functions_in_sql_text(spark, F, T):
    return sales_sql(
        spark,
        """SELECT id,
          row_number() OVER (PARTITION BY region ORDER BY qty DESC NULLS LAST
                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
          rank() OVER (PARTITION BY region ORDER BY qty),
          sum(qty) OVER (PARTITION BY region ORDER BY id ROWS BETWEEN 1 PRECEDING AND 2 FOLLOWING),
          sum(qty) OVER (ORDER BY id ROWS BETWEEN -1 PRECEDING AND UNBOUNDED FOLLOWING),
          count(*) OVER (ORDER BY id RANGE BETWEEN 2 PRECEDING AND CURRENT ROW),
          max(amount) OVER (PARTITION BY region),
          avg(qty) over (order by region desc nulls first, id rows 1 preceding),
          sum(qty) OVER w, first(amount) OVER (w),
          lag(qty, 1) OVER (ORDER BY id) AS prev_qty
        FROM conf_window_sales WINDOW w AS (PARTITION BY region ORDER BY id)
        ORDER BY id""",
    )


@case
def window_functions_in_expression_strings(spark, F, T):
    df = sales(spark)
    return df.select(
        "id", "qty", "region",
        F.expr("sum(qty) OVER (PARTITION BY region ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"),
        F.expr("dense_rank() OVER (ORDER BY amount DESC NULLS LAST) AS dr"),
    ).selectExpr("*", "ntile(2) OVER (ORDER BY id)", "sum(qty) OVER (PARTITION BY region) + 1 AS total")


@case
def window_over_grouped_aggregates_in_sql(spark, F, T):
    return sales_sql(
        spark,
        "SELECT region, sum(qty), rank() OVER (ORDER BY sum(qty) DESC), sum(sum(qty)) OVER () "
        "FROM conf_window_sales GROUP BY region ORDER BY region",
    )


@case(raises="MISSING_WINDOW_SPECIFICATION")
def undefined_named_window_in_sql_raises(spark, F, T):
    return sales_sql(spark, "SELECT sum(qty) OVER w2 FROM conf_window_sales WINDOW w AS (PARTITION BY region)")


@pytest.mark.parametrize("program", case.params(known_gaps.WINDOW))
def test_window_program_matches_pyspark(program, conform):
    conform(program)
