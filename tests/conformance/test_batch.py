"""Batch programs run on rillet and on real PySpark, compared (see ``compare.py``).

Each case is a function ``(spark, F, T)`` registered with ``@case``; the one test
at the bottom runs every case on both engines. Known gaps live in
``known_gaps.BATCH``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Cases

case = Cases()

PEOPLE = [
    (1, "Alice", 34, "eng", 120.5),
    (2, "Bob", None, "eng", 99.0),
    (3, "Carol", 29, "ops", None),
    (4, "Dan", 41, None, 75.25),
    (5, None, 23, "ops", 60.0),
    (6, "Eve", 29, "eng", 99.0),
]
PEOPLE_DDL = "id int, name string, age int, dept string, salary double"


def people(spark):
    return spark.createDataFrame(PEOPLE, PEOPLE_DDL)


def depts(spark):
    return spark.createDataFrame(
        [("eng", "Engineering", 10), ("ops", "Operations", 20), ("hr", "People", 30)],
        "dept string, title string, floor int",
    )


# --- creating DataFrames -------------------------------------------------------------


@case
def create_from_tuples_with_ddl_schema(spark, F, T):
    return people(spark)


@case
def create_from_dicts_infers_long_double_string(spark, F, T):
    return spark.createDataFrame(
        [{"k": "a", "n": 1, "x": 1.5}, {"k": "b", "n": None, "x": 2.0}, {"k": None, "n": 3, "x": None}]
    )


@case
def create_from_rows_infers_schema(spark, F, T):
    return spark.createDataFrame([T.Row(name="a", age=1, ok=True), T.Row(name="b", age=None, ok=False)])


@case
def create_with_struct_type_schema_keeps_nullability(spark, F, T):
    schema = T.StructType(
        [
            T.StructField("id", T.LongType(), False),
            T.StructField("tags", T.ArrayType(T.StringType()), True),
            T.StructField("when", T.DateType(), True),
        ]
    )
    return spark.createDataFrame([(1, ["x", "y"], dt.date(2024, 2, 29)), (2, None, None)], schema)


@case
def create_from_pandas(spark, F, T):
    import pandas as pd

    # no missing values: how PySpark converts None/NaN from pandas depends on
    # spark.sql.execution.arrow.pyspark.enabled, which is a separate question
    pdf = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"], "c": [0.5, -1.25, 2.0], "d": [True, False, True]})
    return spark.createDataFrame(pdf)


@case
def create_with_column_name_list(spark, F, T):
    return spark.createDataFrame([(1, "a"), (2, "b")], ["num", "letter"])


@case
def range_with_start_end_step(spark, F, T):
    return {"one": spark.range(5), "three": spark.range(2, 20, 4)}


# --- projection and filtering ------------------------------------------------------------


@case
def select_arithmetic_and_aliases(spark, F, T):
    df = people(spark)
    return df.select(
        "id",
        (F.col("age") + 1).alias("next_age"),
        (df.salary * 2).alias("double_pay"),
        (-F.col("id")).alias("neg"),
        F.lit(7).alias("seven"),
        F.col("age") * F.lit(1.5),
    )


@case
def select_expr_with_sql_strings(spark, F, T):
    return people(spark).selectExpr("id * 2 AS doubled", "upper(name) AS shout", "age > 30 AS senior")


@case
def filter_with_column_and_where_with_sql_string(spark, F, T):
    df = people(spark)
    return {
        "column": df.filter((F.col("age") > 25) & (F.col("dept") == "eng")),
        "sql": df.where("salary >= 99 AND name IS NOT NULL"),
    }


@case
def with_columns_rename_and_drop(spark, F, T):
    df = people(spark)
    out = (
        df.withColumn("age", F.col("age") + 100)
        .withColumns({"bonus": F.col("salary") * 0.1, "one": F.lit(1)})
        .withColumnRenamed("name", "who")
        .drop("dept", "nope")
    )
    return out


@case
def dataframe_alias_qualifies_columns(spark, F, T):
    return people(spark).alias("p").select("p.id", F.col("p.name"))


# --- aggregation -------------------------------------------------------------------------


@case
def group_by_agg_sum_avg_min_max_count(spark, F, T):
    return (
        people(spark)
        .groupBy("dept")
        .agg(
            F.sum("salary"),
            F.avg("age"),
            F.min("name"),
            F.max("salary").alias("top"),
            F.count("age"),
            F.count("*").alias("n"),
        )
    )


@case
def grouped_data_shortcuts(spark, F, T):
    g = people(spark).groupBy("dept")
    return {
        "count": g.count(),
        "sum": g.sum("salary"),
        "avg": g.avg("age", "salary"),
        "min": g.min("age"),
        "max": g.max(),
        "dict": g.agg({"salary": "max", "age": "avg"}),
    }


@case
def global_aggregates_without_grouping(spark, F, T):
    df = people(spark)
    return {
        "agg": df.agg(F.sum("age"), F.max("salary"), F.count("*")),
        "empty_group_by": df.groupBy().min("age"),
    }


@case
def count_star_versus_count_column_and_sum_of_all_nulls(spark, F, T):
    df = spark.createDataFrame([("a", None), ("a", None), ("b", 3), ("b", None)], "k string, v int")
    return df.groupBy("k").agg(F.count("*").alias("rows"), F.count("v").alias("values"), F.sum("v"), F.avg("v"))


# --- ordering, limits, duplicates -----------------------------------------------------------


@case(ordered=True)
def order_by_default_null_placement(spark, F, T):
    df = people(spark).select("id", "age")
    return {"asc": df.orderBy("age", "id"), "desc": df.orderBy(F.desc("age"), "id")}


@case(ordered=True)
def order_by_explicit_nulls_first_and_last(spark, F, T):
    df = people(spark).select("id", "salary", "dept")
    return {
        "asc_nulls_last": df.orderBy(F.col("salary").asc_nulls_last(), "id"),
        "desc_nulls_first": df.orderBy(F.col("dept").desc_nulls_first(), F.col("id").desc()),
        "ascending_list": df.orderBy(["dept", "id"], ascending=[False, True]),
    }


@case(ordered=True)
def sort_then_limit(spark, F, T):
    return people(spark).orderBy(F.col("salary").desc_nulls_last(), "id").limit(3)


@case
def distinct_and_drop_duplicates(spark, F, T):
    df = spark.createDataFrame([(1, "a"), (1, "a"), (2, "a"), (2, "b"), (None, None), (None, None)], "n int, s string")
    return {
        "distinct": df.distinct(),
        "all_columns": df.dropDuplicates(),
        "subset": df.dropDuplicates(["s"]).select("s"),
        "count": df.distinct().count(),
    }


# --- set operations ------------------------------------------------------------------------


@case
def union_keeps_duplicates_by_position(spark, F, T):
    a = spark.createDataFrame([(1, "x"), (2, "y")], "id int, v string")
    b = spark.createDataFrame([(2, "y"), (3, "z")], "n int, w string")
    return a.union(b)


@case
def union_by_name_with_missing_columns(spark, F, T):
    a = spark.createDataFrame([(1, "x")], "id int, v string")
    b = spark.createDataFrame([("y", 2, 0.5)], "v string, id int, extra double")
    return {
        "by_name": a.unionByName(b.drop("extra")),
        "missing": a.unionByName(b, allowMissingColumns=True),
    }


# --- joins -----------------------------------------------------------------------------------


@case
def join_types_on_expression(spark, F, T):
    p = people(spark).select("id", "name", "dept")
    d = depts(spark)
    cond = p.dept == d.dept
    return {how: p.join(d, cond, how) for how in ("inner", "left", "right", "full", "left_outer")}


@case
def join_semi_and_anti(spark, F, T):
    p = people(spark).select("id", "dept")
    d = depts(spark)
    return {
        "semi": p.join(d, p.dept == d.dept, "left_semi"),
        "anti": p.join(d, p.dept == d.dept, "anti"),
    }


@case
def join_using_column_names(spark, F, T):
    p = people(spark).select("id", "dept")
    d = depts(spark)
    return {
        "inner": p.join(d, "dept"),
        "full": p.join(d, ["dept"], "full"),
        "left": p.join(d, on="dept", how="left"),
    }


@case
def cross_join(spark, F, T):
    a = spark.range(3)
    b = spark.createDataFrame([("x",), ("y",)], "c string")
    return {"cross_join": a.crossJoin(b), "how_cross": a.join(b, how="cross")}


@case
def self_join_via_aliases(spark, F, T):
    emp = spark.createDataFrame([(1, "boss", None), (2, "ann", 1), (3, "ben", 1), (4, "cat", 2)], "id int, name string, mgr int")
    return (
        emp.alias("e")
        .join(emp.alias("m"), F.col("e.mgr") == F.col("m.id"), "left")
        .select(F.col("e.name").alias("employee"), F.col("m.name").alias("manager"))
    )


@case
def join_on_compound_condition_with_inequality(spark, F, T):
    a = spark.createDataFrame([(1, 10), (2, 20), (3, 30)], "k int, lo int")
    b = spark.createDataFrame([(1, 5), (1, 15), (3, 35), (4, 1)], "k int, v int")
    return a.join(b, (a.k == b.k) & (b.v > a.lo), "inner").select(a.k, "lo", "v")


# --- actions and metadata ----------------------------------------------------------------------


@case
def collect_take_first_head_count(spark, F, T):
    df = people(spark).orderBy("id")
    first = df.first()
    return {
        "collect": df.select("id", "name").collect(),
        "take": df.take(2),
        "first": first,
        "first_fields": first.asDict(),
        "head": df.head(),
        "head_n": df.head(3),
        "count": df.count(),
        "filtered_count": df.filter(F.col("age").isNull()).count(),
        "empty_first": df.filter(F.lit(False)).first(),
    }


@case
def columns_dtypes_and_schema_names(spark, F, T):
    df = people(spark).withColumn("tags", F.split(F.col("name"), "l"))
    return {"columns": df.columns, "dtypes": df.dtypes, "names": df.schema.names}


@case
def show_default_format(spark, F, T):
    people(spark).show()
    spark.createDataFrame([("a much longer string than twenty chars", 1.0, True)], "s string, d double, b boolean").show()


@case
def show_without_truncation_and_with_n(spark, F, T):
    df = spark.createDataFrame([("a much longer string than twenty chars", 1), ("short", None)], "s string, n int")
    df.show(1, truncate=False)
    df.show(truncate=5)
    spark.createDataFrame([], "a int, b string").show()


@case
def show_vertical(spark, F, T):
    people(spark).limit(2).show(vertical=True)


@case
def print_schema_of_nested_types(spark, F, T):
    schema = T.StructType(
        [
            T.StructField("id", T.LongType(), False),
            T.StructField("tags", T.ArrayType(T.StringType(), False), True),
            T.StructField("attrs", T.MapType(T.StringType(), T.IntegerType()), True),
            T.StructField(
                "point", T.StructType([T.StructField("x", T.DoubleType()), T.StructField("y", T.DoubleType())])
            ),
        ]
    )
    df = spark.createDataFrame([(1, ["a"], {"k": 1}, (1.0, 2.0))], schema)
    df.printSchema()
    df.select("id", F.split(F.lit("a,b"), ",").alias("parts")).printSchema()


# --- expressions ----------------------------------------------------------------------------


@case
def when_otherwise_chains(spark, F, T):
    age = F.col("age")
    return people(spark).select(
        "id",
        F.when(age < 25, "young").when(age < 35, "mid").otherwise("senior").alias("band"),
        F.when(F.col("dept") == "eng", 1).alias("no_otherwise"),
    )


@case
def isin_is_null_and_between(spark, F, T):
    df = people(spark)
    return df.select(
        "id",
        F.col("dept").isin("eng", "hr").alias("in_list"),
        F.col("age").isin([29, 41]).alias("in_python_list"),
        F.col("salary").isNull().alias("no_pay"),
        F.col("name").isNotNull().alias("named"),
        F.col("age").between(25, 35).alias("mid"),
        F.isnull("dept").alias("f_isnull"),
    )


@case
def casts_between_numbers_strings_and_booleans(spark, F, T):
    df = spark.createDataFrame([("12", 3.99, 1, True), (" 7 ", -2.5, 0, False), (None, None, None, None)], "s string, d double, i int, b boolean")
    return df.select(
        F.col("s").cast("int").alias("s_int"),
        F.col("d").cast("int").alias("d_int"),
        F.col("d").cast(T.LongType()).alias("d_long"),
        F.col("i").cast("string").alias("i_str"),
        F.col("i").cast("boolean").alias("i_bool"),
        F.col("b").cast("int").alias("b_int"),
        F.col("d").cast("string").alias("d_str"),
        F.col("s").cast("double").alias("s_double"),
    )


@case
def string_functions_concat_upper_lower_length(spark, F, T):
    df = spark.createDataFrame([("Ab", "cD"), ("x", None), ("  pad ", "")], "a string, b string")
    return df.select(
        F.concat("a", "b").alias("ab"),
        F.concat(F.col("a"), F.lit("-"), F.col("a")).alias("aa"),
        F.upper("a"),
        F.lower(F.col("b")),
        F.length("a").alias("len"),
        F.trim("a").alias("trimmed"),
        F.substring("a", 1, 2).alias("sub"),
    )


@case
def split_and_explode_word_count(spark, F, T):
    lines = spark.createDataFrame([("the cat sat",), ("the dog",), ("",), (None,)], "line string")
    words = lines.select(F.explode(F.split(F.col("line"), " ")).alias("word"))
    return {"words": words, "counts": words.groupBy("word").count()}


@case
def column_is_nan(spark, F, T):
    df = spark.createDataFrame([(1.0,), (float("nan"),), (None,)], "x double")
    return df.select(F.col("x").isNaN(), F.col("x").isNaN().alias("n"))


@case
def split_by_java_regex_classes(spark, F, T):
    # Java's \\s is ASCII whitespace only (NBSP is not a separator); NUL is data, not a separator
    lines = spark.createDataFrame(
        [("a\x00b c\td",), ("x  y",), ("nb\u00a0sp z",), ("p,q;r",), ("",), (None,)], "line string"
    )
    return lines.select(
        F.split("line", r"\s").alias("ws"),
        F.split("line", r"\s+").alias("ws_plus"),
        F.split("line", "[,;]").alias("cls"),
        F.split("line", r"[,;]|\s", 2).alias("limited"),
    )


@case
def explode_outer_and_posexplode(spark, F, T):
    df = spark.createDataFrame([(1, ["a", "b"]), (2, []), (3, None)], "id int, xs array<string>")
    return {
        "explode": df.select("id", F.explode("xs")),
        "outer": df.select("id", F.explode_outer("xs").alias("x")),
        "pos": df.select("id", F.posexplode("xs")),
    }


@case
def current_timestamp_type_and_nullability(spark, F, T):
    df = spark.range(1).select(F.current_timestamp().alias("ts"), F.current_date().alias("d"))
    row = df.first()
    return {"dtypes": df.dtypes, "nullable": [f.nullable for f in df.schema.fields], "types": [type(v).__name__ for v in row]}


@case
def null_semantics_in_comparisons_and_logic(spark, F, T):
    df = spark.createDataFrame([(1, None), (None, None), (2, 2), (3, 1)], "a int, b int")
    return {
        "values": df.select(
            (F.col("a") == F.col("b")).alias("eq"),
            (F.col("a") > F.col("b")).alias("gt"),
            F.col("a").eqNullSafe(F.col("b")).alias("eq_null_safe"),
            (F.col("a").isNull() | (F.col("a") > 1)).alias("or_"),
            ((F.col("a") > 1) & F.col("b").isNull()).alias("and_"),
            (~(F.col("a") == F.col("b"))).alias("not_eq"),
            (F.col("a") + F.col("b")).alias("plus"),
        ),
        "filter_drops_null": df.filter(F.col("a") != F.col("b")),
        "coalesce": df.select(F.coalesce("b", "a", F.lit(0)).alias("c")),
    }


@case
def integer_division_and_remainder_of_negatives(spark, F, T):
    df = spark.createDataFrame([(-7, 2), (7, -2), (-7, -2), (7, 3), (-8, 3)], "a int, b int")
    return df.select(
        "a",
        "b",
        (F.col("a") / F.col("b")).alias("div"),
        (F.col("a") % F.col("b")).alias("rem"),
        (F.col("a") / F.col("b")).cast("int").alias("truncated"),
        F.abs(F.col("a") % F.col("b")).alias("abs_rem"),
    )


@case
def arithmetic_type_promotion(spark, F, T):
    df = spark.createDataFrame([(1, 2, 1.5, 3)], "i int, j int, d double, l long")
    return df.select(
        (F.col("i") + F.col("j")).alias("int_int"),
        (F.col("i") + F.col("l")).alias("int_long"),
        (F.col("i") * F.col("d")).alias("int_double"),
        (F.col("i") / F.col("j")).alias("int_div"),
        F.pow("i", 2).alias("pow"),
        F.sqrt("l").alias("sqrt"),
    )


# --- errors --------------------------------------------------------------------------------


@case(raises="DIVIDE_BY_ZERO")
def ansi_divide_by_zero_raises(spark, F, T):
    df = spark.createDataFrame([(1, 0)], "a int, b int")
    return df.select(F.col("a") / F.col("b")).collect()


@case(raises="DIVIDE_BY_ZERO")
def ansi_remainder_by_zero_raises(spark, F, T):
    df = spark.createDataFrame([(1, 0)], "a int, b int")
    return df.select(F.col("a") % F.col("b")).collect()


@case(raises="CAST_INVALID_INPUT")
def ansi_cast_of_malformed_string_raises(spark, F, T):
    df = spark.createDataFrame([("12x",)], "s string")
    return df.select(F.col("s").cast("int")).collect()


@case(raises="UNRESOLVED_COLUMN.WITH_SUGGESTION")
def unknown_column_in_select_raises_unresolved_column(spark, F, T):
    return people(spark).select("id", "nmae")


@case(raises="UNRESOLVED_COLUMN.WITH_SUGGESTION")
def unknown_column_in_filter_raises_unresolved_column(spark, F, T):
    return people(spark).filter(F.col("agee") > 1)


@case
def generated_names_of_unaliased_expressions(spark, F, T):
    df = spark.createDataFrame([(1, "x", None)], "a int, s string, n double")
    out = df.select(
        F.col("a") + 1,
        F.col("a") % 2,
        -F.col("a"),
        F.col("a") > 1,
        ~(F.col("a") == 1),
        F.col("a").isNull(),
        F.upper("s"),
        F.concat("s", F.lit("!")),
        F.col("a").cast("string"),
        F.lit("x"),
        F.lit(None),
        F.coalesce("n", F.lit(0.0)),
        F.when(F.col("a") == 1, "one").otherwise("many"),
        F.length("s"),
        F.abs("a"),
    )
    return {"columns": out.columns, "frame": out}


@case
def show_of_dates_timestamps_decimals_and_nested_values(spark, F, T):
    import decimal

    schema = (
        "d date, ts timestamp, dec decimal(10,3), xs array<int>, m map<string,int>, "
        "st struct<a:int,b:string>, f double, ok boolean"
    )
    rows = [
        (dt.date(2024, 1, 31), dt.datetime(2024, 1, 31, 23, 59, 58, 120000), decimal.Decimal("12.5"),
         [1, None, 3], {"k": 1}, (1, "b"), 0.1, True),
        (None, None, None, None, None, None, None, None),
        (dt.date(1999, 12, 31), dt.datetime(2000, 1, 1), decimal.Decimal("-0.001"), [], {}, (None, None),
         1e20, False),
    ]
    df = spark.createDataFrame(rows, schema)
    df.show()
    df.show(truncate=False)
    return df


@case
def show_of_special_doubles(spark, F, T):
    df = spark.createDataFrame(
        [(float("nan"),), (float("inf"),), (-float("inf"),), (-0.0,), (1.0e-5,), (123456789.125,), (1e7,)], "x double"
    )
    df.show()
    return df


@case
def aggregates_over_empty_input(spark, F, T):
    empty = people(spark).filter(F.lit(False))
    return {
        "global": empty.agg(F.sum("age"), F.count("*"), F.avg("salary"), F.max("name"), F.count("age")),
        "grouped": empty.groupBy("dept").count(),
        "count": empty.count(),
        "collect": empty.collect(),
    }


@case
def group_by_null_keys_and_several_keys(spark, F, T):
    df = spark.createDataFrame(
        [("a", 1, 10), ("a", None, 20), (None, 1, 30), (None, None, 40), ("a", 1, 50), (None, None, 60)],
        "k1 string, k2 int, v int",
    )
    return {
        "two_keys": df.groupBy("k1", "k2").agg(F.sum("v"), F.count("*")),
        "expression_key": df.groupBy((F.col("v") > 25).alias("big")).agg(F.min("v")),
    }


@case(raises="ARITHMETIC_OVERFLOW")
def ansi_integer_overflow_raises(spark, F, T):
    df = spark.createDataFrame([(2147483647,)], "i int")
    return df.select(F.col("i") + 1).collect()


@case(raises="DIVIDE_BY_ZERO")
def ansi_double_divide_by_zero_raises(spark, F, T):
    df = spark.createDataFrame([(1.5, 0.0)], "a double, b double")
    return df.select(F.col("a") / F.col("b")).collect()


@case
def casts_from_strings_to_dates_and_timestamps(spark, F, T):
    df = spark.createDataFrame([("2024-02-29", "2024-02-29 13:45:01"), (None, None)], "d string, ts string")
    return df.select(
        F.col("d").cast("date").alias("as_date"),
        F.col("ts").cast("timestamp").alias("as_ts"),
        F.col("d").cast("date").cast("string").alias("round_trip"),
        F.col("ts").cast("timestamp").cast("date").alias("ts_date"),
    )


@case(ordered=True)
def strings_sort_in_binary_order(spark, F, T):
    df = spark.createDataFrame([("b",), ("B",), ("",), ("a",), ("é",), ("Z",), (None,), ("ab",)], "s string")
    return df.orderBy("s")


@case(ordered=True)
def order_by_a_column_not_in_the_selection(spark, F, T):
    return people(spark).select("name").orderBy(F.col("id").desc())


@case
def column_access_styles(spark, F, T):
    df = spark.createDataFrame(
        [(1, "a", ["x", "y"], {"k": 5}, (1.5, "p"))], "id int, s string, xs array<string>, m map<string,int>, st struct<x:double,tag:string>"
    )
    return df.select(
        df.id,
        df["s"],
        df.xs[1].alias("second"),
        F.col("xs").getItem(0).alias("first"),
        F.col("m")["k"].alias("mk"),
        F.col("m").getItem("missing").alias("nothing"),
        F.col("st.x"),
        df.st.tag,
        F.col("st").getField("x").alias("getfield"),
    )


@case(raises="AMBIGUOUS_REFERENCE")
def ambiguous_column_after_join_raises(spark, F, T):
    p = people(spark).select("id", "dept")
    d = depts(spark)
    return p.join(d, p.dept == d.dept).select("dept")


@case
def union_widens_types(spark, F, T):
    a = spark.createDataFrame([(1, "x")], "n int, s string")
    b = spark.createDataFrame([(2.5, "y")], "n double, s string")
    c = spark.createDataFrame([(3, "z")], "n long, s string")
    return {"int_double": a.union(b), "int_long": a.union(c)}


@case(raises="NUM_COLUMNS_MISMATCH")
def union_of_different_widths_raises(spark, F, T):
    a = spark.createDataFrame([(1, "x")], "n int, s string")
    return a.union(a.select("n"))


@case
def limit_zero_and_limit_more_than_rows(spark, F, T):
    df = people(spark)
    return {"zero": df.limit(0), "many": df.limit(100), "count": df.limit(2).count()}


@case
def select_expr_with_div_case_like_in_between(spark, F, T):
    df = spark.createDataFrame([(-7, 2, "apple"), (7, -2, "banana"), (8, 3, None)], "a int, b int, s string")
    return df.selectExpr(
        "a div b AS q",
        "a % b AS r",
        "CASE WHEN a > 0 THEN 'pos' ELSE 'neg' END AS sign",
        "s LIKE 'a%' AS starts_a",
        "a IN (7, 8) AS seven_or_eight",
        "b BETWEEN -2 AND 2 AS small",
        "coalesce(s, 'none') AS s2",
        "CAST(a AS STRING) AS a_str",
        "upper(s)",
        "a + b * 2",
    )


@case
def literal_types_and_names(spark, F, T):
    import decimal

    return spark.range(1).select(
        F.lit(1),
        F.lit(2**40),
        F.lit(1.5),
        F.lit(True),
        F.lit("text"),
        F.lit(None),
        F.lit(dt.date(2024, 3, 1)),
        F.lit(decimal.Decimal("1.25")),
    )


@case
def column_names_resolve_case_insensitively(spark, F, T):
    df = people(spark)
    out = df.select("ID", F.col("Name"), df["AGE"], "Dept").filter(F.col("iD") > 2).groupBy("DEPT").count()
    return {"columns": out.columns, "frame": out, "selected": df.select("ID", F.col("Name"), df["AGE"])}


@case
def backquoted_names_with_dots_and_spaces(spark, F, T):
    df = spark.createDataFrame([(1, 2)], "`a.b` int, `c d` int")
    return df.select("`a.b`", F.col("`c d`") + 1, df["`a.b`"].alias("again")).withColumnRenamed("c d", "cd")


# --- SQL over temp views ---------------------------------------------------------------------


@case
def sql_select_where_over_temp_view(spark, F, T):
    people(spark).createOrReplaceTempView("conf_people")
    return spark.sql("SELECT id, name, age + 1 AS next_age FROM conf_people WHERE age > 25")


@case(ordered=True)
def sql_group_by_order_by_over_temp_view(spark, F, T):
    people(spark).createOrReplaceTempView("conf_people")
    return spark.sql(
        "SELECT dept, count(*) AS n, sum(salary) AS total, max(age) AS oldest "
        "FROM conf_people GROUP BY dept ORDER BY n DESC, dept"
    )


@case
def sql_join_of_two_temp_views(spark, F, T):
    people(spark).createOrReplaceTempView("conf_people")
    depts(spark).createOrReplaceTempView("conf_depts")
    return spark.sql(
        "SELECT p.name, d.title FROM conf_people p JOIN conf_depts d ON p.dept = d.dept WHERE d.floor < 30"
    )


@case
def sql_having_distinct_and_aliases(spark, F, T):
    people(spark).createOrReplaceTempView("conf_people")
    return {
        "having": spark.sql(
            "SELECT dept, avg(age) AS mean_age, count(*) AS n FROM conf_people "
            "GROUP BY dept HAVING count(*) > 1"
        ),
        "distinct": spark.sql("SELECT DISTINCT dept FROM conf_people"),
        "expressions": spark.sql(
            "SELECT id, CASE WHEN salary IS NULL THEN 0 ELSE salary END AS pay, "
            "name IS NULL AS anonymous FROM conf_people WHERE id IN (1, 3, 5)"
        ),
    }


@case(raises="UNRESOLVED_ROUTINE")
def sql_unknown_function_raises(spark, F, T):
    people(spark).createOrReplaceTempView("conf_people")
    return spark.sql("SELECT no_such_function(id) FROM conf_people")


@case(raises="TABLE_OR_VIEW_NOT_FOUND")
def sql_unknown_view_raises(spark, F, T):
    return spark.sql("SELECT * FROM conf_no_such_view")


@case
def temp_view_read_back_with_table(spark, F, T):
    people(spark).createOrReplaceTempView("conf_people")
    return spark.table("conf_people").filter(F.col("dept") == "ops").select("name")


@pytest.mark.parametrize("program", case.params(known_gaps.BATCH))
def test_batch_program_matches_pyspark(program, conform):
    conform(program)


def test_there_are_at_least_thirty_batch_programs():
    assert len(case) >= 30
