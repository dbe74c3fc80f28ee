"""DataFrame methods beyond the basics (na, describe, sample, toJSON, joins by alias, ...),
on rillet and PySpark, compared."""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import io

import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Cases

case = Cases()

ROWS = [
    (1, "a", 10.0, True),
    (2, None, None, None),
    (3, "b", float("nan"), False),
    (None, "c", 2.5, None),
    (5, "a", -4.0, True),
]
DDL = "id int, s string, x double, b boolean"


def data(spark):
    return spark.createDataFrame(ROWS, DDL)


@case
def dropna_how_thresh_subset_nan_counts_as_null(spark, F, T):
    df = data(spark)
    return {
        "any": df.dropna().collect(),
        "all": df.na.drop(how="all").count(),
        "thresh": df.dropna(thresh=3).collect(),
        "subset": df.dropna(subset=["s", "x"]).collect(),
        "subset_str": df.na.drop("any", None, "id").count(),
    }


@case
def fillna_applies_by_value_type(spark, F, T):
    df = data(spark)
    return {
        "number": df.fillna(0).collect(),
        "float_into_int": df.fillna(1.7, subset=["id"]).collect(),
        "string": df.na.fill("z").collect(),
        "bool": df.fillna(False).collect(),
        "dict": df.fillna({"s": "q", "x": 1, "b": True}).collect(),
        "subset_skips_other_types": df.na.fill(5, subset=["x", "s"]).collect(),
        "schema": df.fillna(0).dtypes,
    }


@case
def fillna_result_schema(spark, F, T):
    return data(spark).fillna({"id": 0, "s": "?"})


@case
def replace_values_by_type(spark, F, T):
    df = data(spark)
    return {
        "string": df.replace("a", "A").collect(),
        "lists": df.replace([1, 2], [10, 20]).collect(),
        "dict_subset": df.replace({"a": "AA", "b": None}, subset=["s"]).collect(),
        "double": df.na.replace(10.0, 11.0).collect(),
        "bool": df.replace(True, False).collect(),
        "one_value_many_keys": df.replace(["a", "b"], "x").collect(),
    }


@case(ordered=True)
def describe_numeric_and_string_columns(spark, F, T):
    # stddev values exact in binary: Spark's and Polars' algorithms round the last digit differently
    df = spark.createDataFrame(
        [(1, "b", 1.0, True), (2, None, 3.0, None), (3, "a", None, False), (None, "c", 5.0, True)], DDL
    )
    return df.describe()


@case(ordered=True)
def describe_chosen_columns(spark, F, T):
    return data(spark).describe("id", "s")


@case(ordered=True)
def summary_default_and_chosen_statistics(spark, F, T):
    df = spark.createDataFrame([(i, f"k{i % 3}", i * 1.5) for i in range(1, 12)], "n int, k string, v double")
    return {"default": df.summary().collect(), "chosen": df.summary("count", "min", "50%", "max").collect()}


@case
def sample_size_bounds_and_determinism(spark, F, T):
    df = spark.range(2000)
    a = df.sample(0.3, seed=7)
    n = a.count()
    with_replacement = df.sample(True, 0.5, 11).count()
    return {
        "size_in_bounds": 450 <= n <= 750,
        "same_rows_each_time": sorted(r.id for r in a.collect()) == sorted(r.id for r in a.collect()),
        "with_replacement_in_bounds": 800 <= with_replacement <= 1200,
        "empty": df.sample(0.0, 1).count(),
        "schema": a.dtypes,
    }


@case
def to_json_rows(spark, F, T):
    df = spark.createDataFrame(
        [(1, "a\"b", 1.5, dt.date(2024, 1, 2), [1, 2], {"k": 1}), (None, None, None, None, None, None)],
        "id int, s string, x double, d date, arr array<int>, m map<string,int>",
    )
    return df.toJSON().collect(), data(spark).toJSON().first()


@case
def drop_duplicates_keeps_first_row(spark, F, T):
    df = spark.createDataFrame(
        [(1, "a", 1), (1, "a", 1), (2, "a", 2), (3, "b", 3), (4, "b", 4)], "id int, k string, v int"
    ).coalesce(1)
    return {
        "all_columns": df.dropDuplicates().count(),
        "subset": df.dropDuplicates(["k"]).collect(),
        "alias": df.drop_duplicates(subset=["k", "v"]).count(),
    }


@case
def alias_self_join_and_alias_after_filter(spark, F, T):
    df = data(spark).filter(F.col("id").isNotNull())
    left = df.alias("a")
    right = df.alias("m").filter(F.col("m.x") > 0)
    joined = left.join(right, F.col("a.id") == F.col("m.id") - 2)
    return joined.select(F.col("a.id").alias("left_id"), F.col("m.id").alias("right_id"), F.col("m.s"))


@case
def cross_join_union_by_name_to_df_transform(spark, F, T):
    df = data(spark).select("id", "s")
    other = spark.createDataFrame([("z", 9.5)], "s string, y double")

    def with_flag(d, name):
        return d.withColumn(name, F.lit(True))

    return {
        "cross": df.crossJoin(other.select("y")).count(),
        "by_name_missing": df.unionByName(other, allowMissingColumns=True).collect(),
        "by_name_columns": df.unionByName(other, allowMissingColumns=True).columns,
        "to_df": df.toDF("a", "b").columns,
        "transform": df.transform(with_flag, "f").columns,
        "with_columns": df.withColumns({"id": F.col("id") * 2, "t": F.lit(1)}).collect(),
        "renamed": df.withColumnsRenamed({"id": "key", "s": "str"}).columns,
        "replace_column": df.withColumn("s", F.upper("s")).collect(),
    }


@case
def actions_head_tail_is_empty_cache(spark, F, T):
    df = data(spark).orderBy("id")
    return {
        "head": df.head(),
        "head2": df.head(2),
        "tail": df.tail(2),
        "first": df.first(),
        "empty": df.isEmpty(),
        "filtered_empty": df.filter(F.lit(False)).isEmpty(),
        "cached": df.cache().persist().count(),
        "repartitioned": df.repartition(3).coalesce(1).count(),
        "select_expr": df.selectExpr("id * 2 AS d", "upper(s)").collect(),
    }


@case
def col_regex_selects_matching_columns(spark, F, T):
    df = data(spark)
    return df.select(df.colRegex("`(id|x)`"), "b")


@case
def to_pandas_and_to_arrow_types(spark, F, T):
    df = spark.createDataFrame(
        [(1, 1.5, "a", True, dt.datetime(2024, 1, 2, 3, 4, 5), decimal.Decimal("1.25"), dt.date(2024, 1, 2)),
         (None, None, None, None, None, None, None)],
        "i int, x double, s string, b boolean, ts timestamp, d decimal(5,2), day date",
    )
    pdf = df.toPandas()
    table = df.toArrow()
    return {
        "pandas": {c: (str(pdf[c].dtype), [str(v) for v in pdf[c].tolist()]) for c in pdf.columns},
        "arrow_schema": [(f.name, str(f.type), f.nullable) for f in table.schema],
        "arrow_rows": [str(v) for v in table.column("ts").to_pylist()],
        "nested": [str(f.type) for f in spark.createDataFrame(
            [([1], {"k": "v"}, ("a", [b"x"]))], "a array<int>, m map<string,string>, st struct<s:string,l:array<binary>>"
        ).toArrow().schema],
    }


@case
def explain_accepts_pyspark_modes(spark, F, T):
    df = data(spark).filter(F.col("id") > 1)
    shown = {}
    for args in [(), (True,), ("extended",), ("formatted",), ("cost",), ("codegen",)]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            df.explain(*args)
        shown[str(args)] = "== Physical Plan ==" in out.getvalue()
    try:
        df.explain("bogus")
    except Exception as e:
        shown["bogus"] = type(e).__name__
    return shown


@pytest.mark.parametrize("program", case.params(known_gaps.DATAFRAME_METHODS))
def test_dataframe_method_program_matches_pyspark(program, conform):
    conform(program)
