"""Array, map and struct functions on rillet and real PySpark, compared (see ``compare.py``)."""

from __future__ import annotations

import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Cases

case = Cases()


def _arrays(spark):
    return spark.createDataFrame(
        [(1, [3, 1, 2, 3], [2, 5], ["b", "a", "ü€"], 2),
         (2, [None, 4, 4, -9223372036854775807], [4, None], ["", None, "z"], -1),
         (3, [], [], [], 1),
         (4, None, [1], None, None),
         (5, [9223372036854775807, -1, 0], [0, 0], ["日本", "日本", "a"], 5)],
        "id int, xs array<bigint>, ys array<bigint>, ss array<string>, i int")


def _maps(spark):
    return spark.createDataFrame(
        [(1, {"a": 1, "b": None}, ["k1", "k2"], [10, 20]),
         (2, {}, [], []),
         (3, None, ["ü"], [None]),
         (4, {"€": -5}, None, [1])],
        "id int, m map<string,int>, ks array<string>, vs array<int>")


@case
def array_lookups_and_sizes(spark, F, T):
    return _arrays(spark).select(
        "id", F.array_contains("xs", 3), F.array_contains("ss", "a"), F.array_contains("xs", F.lit(None).cast("bigint")),
        F.try_element_at("xs", F.lit(1)), F.try_element_at("xs", F.lit(-1)), F.try_element_at("xs", F.lit(10)),
        F.element_at(F.array("id", "i"), -1), F.element_at(F.array("id", "i"), 1),
        F.size("xs"), F.cardinality("ss"), F.array_position("xs", 4), F.array_position("ss", "日本"),
        F.array_max("xs"), F.array_min("xs"), F.array_max("ss"), F.array_min("ss"),
        F.slice("xs", 2, 2), F.slice("xs", -2, 5), F.slice("xs", "i", 1),
    )


@case
def array_ordering_and_set_functions(spark, F, T):
    return _arrays(spark).select(
        "id", F.sort_array("xs"), F.sort_array("xs", asc=False), F.array_sort("xs"), F.sort_array("ss"),
        F.array_distinct("xs"), F.array_distinct("ss"), F.array_union("xs", "ys"),
        F.array_intersect("xs", "ys"), F.array_except("xs", "ys"), F.array_remove("xs", 3),
        F.array_remove("ss", "日本"),
    )


@case
def array_construction_join_flatten_and_zip(spark, F, T):
    return _arrays(spark).select(
        "id", F.array("id", "i"), F.array(F.lit("x"), F.lit(None)), F.array_join("ss", ","),
        F.array_join("ss", "|", "NULL"), F.flatten(F.array("xs", "ys")), F.arrays_zip("xs", "ys"),
        F.array(), F.size(F.array()), F.struct("id", "i"), F.struct("ss", F.lit(1)),
        F.named_struct(F.lit("x"), "id", F.lit("y"), "ss"),
    )


@case
def map_functions(spark, F, T):
    return _maps(spark).select(
        "id", F.map_keys("m"), F.map_values("m"), F.map_entries("m"), F.size("m"),
        F.element_at("m", F.lit("a")), F.try_element_at("m", F.lit("zz")), F.create_map(F.lit("id"), "id"),
        F.create_map("id", F.col("id") * 2, F.lit(0), F.lit(None)), F.map_from_arrays("ks", F.array_sort("ks")),
        F.cardinality("m"), F.col("m")["a"], F.col("m").getItem("€"),
    )


@case
def collection_schemas_keep_nested_nullability(spark, F, T):
    _arrays(spark).select(
        F.array("id", "i").alias("a"), F.sort_array("xs").alias("sorted"), F.arrays_zip("xs", "ys").alias("z"),
        F.struct("id", "ss").alias("st"), F.array_distinct("ys").alias("d"),
    ).printSchema()
    _maps(spark).select(
        F.map_keys("m").alias("k"), F.map_values("m").alias("v"), F.map_entries("m").alias("e"),
        F.create_map(F.lit("a"), "id").alias("cm"), F.map_from_arrays("ks", "vs").alias("fa"),
    ).printSchema()


@case
def collection_functions_in_sql_text(spark, F, T):
    _arrays(spark).createOrReplaceTempView("arrs")
    return spark.sql(
        "SELECT id, size(xs) AS n, array_contains(xs, 0) AS has0, sort_array(ss, false) AS ss_desc, "
        "array(1, 2, NULL) AS lit_arr, map('a', 1, 'b', 2) AS lit_map, named_struct('p', id, 'q', 'x') AS ns, "
        "element_at(map(1, 'one'), 1) AS one, array_distinct(array(1, 1, NULL, NULL)) AS dd "
        "FROM arrs WHERE size(xs) > 0"
    )


@case
def names_of_aliased_and_cast_arguments(spark, F, T):
    return _arrays(spark).select(
        F.struct(F.col("id").alias("k"), F.lit(1)), F.array(F.lit("x"), F.col("id").cast("string")),
    )


@case
def element_at_of_a_map_with_a_column_key(spark, F, T):
    return spark.sql("SELECT element_at(map(1, 'one', 2, 'two'), id) AS v FROM range(3)")


@case(raises="DUPLICATED_MAP_KEY")
def map_with_a_duplicated_key_fails(spark, F, T):
    return _maps(spark).select(F.create_map(F.lit("k"), "id", F.lit("k"), F.lit(0))).collect()


@case(raises="NULL_MAP_KEY")
def map_with_a_null_key_fails(spark, F, T):
    return _maps(spark).select(F.create_map(F.lit(None).cast("string"), "id")).collect()


@case(raises="INVALID_INDEX_OF_ZERO")
def element_at_index_zero_fails(spark, F, T):
    return _arrays(spark).select(F.element_at("xs", 0)).collect()


@case(raises="INVALID_ARRAY_INDEX_IN_ELEMENT_AT")
def element_at_out_of_bounds_fails_under_ansi(spark, F, T):
    return _arrays(spark).select(F.element_at("xs", 10)).collect()


@pytest.mark.parametrize("program", case.params(known_gaps.FUNCTIONS_COLLECTION))
def test_collection_program_matches_pyspark(program, conform):
    conform(program)
