"""JSON functions on rillet and real PySpark, compared: from_json (DDL and StructType
schemas, nested structs/arrays/maps, malformed input, modes), to_json,
get_json_object, json_tuple and schema_of_json. Known gaps: ``known_gaps.JSON_FUNCTIONS``.
"""

from __future__ import annotations

import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Cases

case = Cases()

DOCS = [
    (1, '{"a": 1, "b": "x", "c": {"d": [1, 2, 3], "e": null}, "m": {"k": 1.5}}'),
    (2, '{"a": "not a number", "b": 2, "c": {"d": "oops"}, "m": {"k": "v"}}'),
    (3, '{"b": "only b"}'),
    (4, "{not json"),
    (5, None),
    (6, ""),
    (7, '[{"a": 5}]'),
    (8, '{"a": 2147483648, "b": {"nested": true}, "c": {"d": [null, 4]}, "m": {}}'),
    (9, '{"a": 3, "b": "日本 😀 e\u0301", "c": {"d": [], "e": "z"}, "m": {"a": 1, "b": null}}'),
    (10, '{"a": 1.0, "b": 12.50, "c": null, "m": null}'),
    (11, '  {"a": -4}  '),
    (12, "42"),
]
SCHEMA_DDL = "a int, b string, c struct<d: array<int>, e: string>, m map<string, double>"


def docs(spark):
    return spark.createDataFrame(DOCS, "id int, j string")


@case
def from_json_with_a_ddl_schema_reads_nested_and_malformed_documents(spark, F, T):
    return docs(spark).select("id", F.from_json("j", SCHEMA_DDL).alias("v"))


@case
def from_json_with_a_struct_type_schema_prints_nullable_fields(spark, F, T):
    schema = T.StructType([
        T.StructField("a", T.LongType(), False),
        T.StructField("c", T.StructType([T.StructField("d", T.ArrayType(T.LongType(), False))])),
    ])
    df = docs(spark).select("id", F.from_json("j", schema).alias("v"))
    df.printSchema()
    return df


@case
def from_json_with_array_and_map_schemas(spark, F, T):
    df = spark.createDataFrame(
        [('[1, 2, null]',), ('{"x": 1}',), ("[]",), ("[1.5]",), (None,), ('{"k": [1]}',)], "j string"
    )
    return df.select(
        "j", F.from_json("j", "array<int>").alias("arr"), F.from_json("j", "map<string, int>").alias("m"),
        F.from_json("j", T.ArrayType(T.DoubleType())).alias("dbl"),
        F.from_json("j", "map<string, array<int>>").alias("ma"),
    )


@case(raises="MALFORMED_RECORD_IN_PARSING.CANNOT_PARSE_JSON_ARRAYS_AS_STRUCTS")
def from_json_in_failfast_mode_raises_on_an_array_for_a_struct(spark, F, T):
    df = spark.createDataFrame([('[{"a": 1}]',)], "j string")
    return df.select(F.from_json("j", "a int", {"mode": "FAILFAST"})).collect()


@case
def to_json_of_structs_arrays_and_maps(spark, F, T):
    df = spark.createDataFrame(
        [
            (1, ("x", 1, 1.5, True, None), [1, None, 3], {"k": "v"}, [("p", 2.0)]),
            (2, (None, None, None, None, None), [], {}, []),
            (3, ('q"uote\\ 日本 😀\n\t\x01', -7, 1e20, False, [0.1, float("nan"), -0.0]), None, None, None),
            (4, None, [None], {"n": None}, [(None, None)]),
        ],
        "id int, s struct<a: string, b: int, c: double, d: boolean, e: array<double>>, "
        "xs array<int>, m map<string, string>, ys array<struct<k: string, v: double>>",
    )
    return df.select("id", F.to_json("s"), F.to_json("xs"), F.to_json("m"), F.to_json("ys"))


@case
def get_json_object_follows_paths(spark, F, T):
    j = F.col("j")
    return docs(spark).select(
        "id", F.get_json_object(j, "$.a"), F.get_json_object(j, "$.b"), F.get_json_object(j, "$.c"),
        F.get_json_object(j, "$.c.d"), F.get_json_object(j, "$.c.d[1]"), F.get_json_object(j, "$.c.e"),
        F.get_json_object(j, "$['b']"), F.get_json_object(j, "$.m.k"), F.get_json_object(j, "$.missing"),
        F.get_json_object(j, "$"), F.get_json_object(j, "$[0].a"), F.get_json_object(j, "a"),
    )


@case
def schema_of_json_infers_spark_types(spark, F, T):
    return spark.range(1).select(
        F.schema_of_json('{"b": 1, "a": [1.5, 2], "c": {"z": null, "y": "s"}}'),
        F.schema_of_json(F.lit('[{"a": 1}, {"b": true}]')),
        F.schema_of_json('{"big": 12345678901234567890, "arr": [], "mixed": [1, "x"]}'),
        F.schema_of_json('{"weird name": 1}'),
        F.schema_of_json("[1, 2.5]"),
    )


@case
def json_functions_in_sql_text(spark, F, T):
    docs(spark).createOrReplaceTempView("conf_docs")
    return spark.sql(
        "SELECT id, get_json_object(j, '$.c.d[0]') AS first_d, from_json(j, 'a int, b string') AS v, "
        "schema_of_json('{\"a\": [true]}') AS s FROM conf_docs"
    )


@case
def json_tuple_spreads_top_level_fields_into_columns(spark, F, T):
    df = docs(spark)
    return df.select("id", F.json_tuple("j", "a", "b", "c", "m", "missing")).join(
        df.selectExpr("id", "json_tuple(j, 'b', 'a') AS (b2, a2)"), "id"
    ).orderBy("id")


@case(raises="CANNOT_BE_EMPTY")
def json_tuple_without_fields_raises(spark, F, T):
    return docs(spark).select(F.json_tuple("j"))

@pytest.mark.parametrize("program", case.params(known_gaps.JSON_FUNCTIONS))
def test_json_function_program_matches_pyspark(program, conform):
    conform(program)
