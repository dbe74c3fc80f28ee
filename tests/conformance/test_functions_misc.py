"""Everyday DataFrame-API functions (sort orders, calls by name, broadcast, typeof, constants,
product, to_binary, new array functions) and regressions found by running the docstring
examples, on rillet and real PySpark, compared."""

from __future__ import annotations

import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Cases

case = Cases()


def _data(spark):
    return spark.createDataFrame(
        [(1, [1, 2, None], "x y", 3.5, 7, "616263"),
         (2, None, None, None, -2, None),
         (3, [], "ü€", -0.5, 0, "00ff"),
         (4, [9, 9], "", 2.5, None, "")],
        "id int, xs array<int>, s string, d double, n bigint, h string")


@case(ordered=True)
def sort_orders_with_nulls_first_and_last(spark, F, T):
    df = _data(spark)
    return [
        df.sort(F.asc_nulls_first("d")).select("id").collect(),
        df.sort(F.asc_nulls_last("d")).select("id").collect(),
        df.sort(F.desc_nulls_first("n")).select("id").collect(),
        df.sort(F.desc_nulls_last("n"), "id").select("id").collect(),
    ]


@case
def calls_by_name_bitwise_not_typeof_and_constants(spark, F, T):
    spark.udf.register("plus_one", lambda v: None if v is None else v + 1, "int")
    return _data(spark).select(
        "id", F.call_function("upper", "s"), F.call_function("plus_one", F.col("id")), F.call_udf("plus_one", "id"),
        F.bitwise_not("id"), F.bitwise_not("n"), F.typeof("xs"), F.typeof("d"), F.typeof(F.struct("id", "s")),
        F.typeof(F.lit(None)), F.typeof(F.create_map(F.lit("k"), "n")), F.pi(), F.e(),
    )


@case
def broadcast_returns_a_joinable_dataframe(spark, F, T):
    df = _data(spark)
    small = spark.createDataFrame([(1, "one"), (3, "three")], "id int, name string")
    return df.join(F.broadcast(small), "id").select("id", "name", "s")


@case
def product_of_groups(spark, F, T):
    df = _data(spark)
    return df.groupBy((F.col("id") % 2).alias("odd")).agg(
        F.product("id"), F.product("d"), F.product("n"), F.product(F.lit(None).cast("int")),
    )


@case
def to_binary_formats(spark, F, T):
    # compared through hex(): PySpark collects binary as bytearray, rillet as bytes
    return _data(spark).select(
        "id", F.hex(F.to_binary("h")), F.hex(F.to_binary("s", F.lit("utf-8"))), F.hex(F.to_binary("s", F.lit("UTF8"))),
        F.hex(F.to_binary(F.lit("YWJj"), F.lit("base64"))), F.hex(F.to_binary(F.lit("abc"), F.lit("Hex"))),
        F.hex(F.try_to_binary("s")), F.hex(F.try_to_binary("h")), F.hex(F.try_to_binary(F.lit("YWJj"), F.lit("base64"))),
    )


@case
def base64_decoding_skips_characters_outside_the_alphabet(spark, F, T):
    # Java's MIME decoder reads "x y" as "xy" and ignores the leftover bits: one byte, C7
    return _data(spark).select("id", F.hex(F.try_to_binary("s", F.lit("base64"))), F.hex(F.unbase64("s")))


@case(raises="CONVERSION_INVALID_INPUT")
def to_binary_of_malformed_hex_fails(spark, F, T):
    return _data(spark).select(F.to_binary("s")).collect()


@case
def new_array_functions(spark, F, T):
    return _data(spark).select(
        "id", F.array_append("xs", F.lit(4)), F.array_append("xs", F.col("id")), F.array_append("xs", F.lit(None)),
        F.array_prepend("xs", 0), F.array_compact("xs"), F.array_size("xs"), F.array_repeat("s", 2),
        F.array_repeat("id", "id"), F.array_repeat(F.lit(None), 2),
        F.arrays_overlap("xs", F.array(F.lit(2))), F.arrays_overlap("xs", F.array(F.lit(5))),
        F.arrays_overlap(F.array(F.lit(1), F.lit(None)), F.array(F.lit(2))),
    )


@case
def array_insert_positions(spark, F, T):
    return _data(spark).select(
        "id", F.array_insert("xs", 1, F.lit(0)), F.array_insert("xs", 2, F.lit(9)), F.array_insert("xs", -1, F.lit(9)),
        F.array_insert("xs", -2, F.lit(9)), F.array_insert("xs", 6, F.lit(9)), F.array_insert("xs", -6, F.lit(9)),
        F.array_insert("xs", "id", F.col("id")), F.array_insert("xs", F.lit(None).cast("int"), F.lit(1)),
    )


@case
def new_array_function_schemas(spark, F, T):
    _data(spark).select(
        F.array_append("xs", F.lit(1)).alias("ap"), F.array_compact("xs").alias("c"),
        F.array_insert("xs", 1, F.lit(1)).alias("i"), F.array_repeat("id", 2).alias("r"),
        F.array_append("xs", F.col("n")).alias("widened"),
    ).printSchema()


@case
def new_array_functions_in_sql_text(spark, F, T):
    return spark.sql(
        "SELECT array_append(array(1, 2), 3) AS a, array_prepend(array('b'), 'a') AS p, "
        "array_insert(array(1, 2, 3), -1, 4) AS i, array_compact(array(1, NULL, 2)) AS c, "
        "array_repeat('x', 3) AS r, array_size(array(1, 2)) AS n, arrays_overlap(array(1, 2), array(2, 3)) AS o, "
        "typeof(1L) AS t, pi() AS p1, e() AS e1, bit_length('a') AS bl"
    )


@case(raises="INVALID_INDEX_OF_ZERO")
def array_insert_at_zero_fails(spark, F, T):
    return _data(spark).select(F.array_insert("xs", 0, F.lit(1))).collect()


# --- regressions found by running the docstring examples ------------------------------------------------


@case
def offset_skips_rows_instead_of_overflowing(spark, F, T):
    df = spark.range(10)
    return [df.offset(3).count(), df.orderBy("id").offset(8).collect(), df.limit(5).offset(2).count(),
            df.offset(20).count()]


@case
def unset_session_time_zone_falls_back_to_the_default(spark, F, T):
    try:
        spark.conf.unset("spark.sql.session.timeZone")
        df = spark.createDataFrame([("2024-03-01 12:00:00",)], "s string")
        return df.select(F.to_timestamp("s").cast("string").alias("t"), F.hour(F.to_timestamp("s")).alias("h"))
    finally:
        spark.conf.set("spark.sql.session.timeZone", "UTC")


@case
def sign_rint_and_date_diff_are_named_as_called(spark, F, T):
    return _data(spark).select(
        F.sign("d"), F.signum("d"), F.rint("d"), F.date_diff(F.current_date(), F.current_date()),
        F.datediff(F.current_date(), F.current_date()),
    )


@pytest.mark.parametrize("program", case.params(known_gaps.FUNCTIONS_MISC))
def test_misc_program_matches_pyspark(program, conform):
    conform(program)
