"""Date and time functions on rillet and real PySpark, compared (see ``compare.py``)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Cases

case = Cases()


def _events(spark):
    return spark.createDataFrame(
        [(1, "2024-03-10 01:30:00", dt.date(2024, 1, 31), dt.datetime(2024, 3, 10, 1, 30, 15, 250000)),
         (0, "1970-01-01 00:00:00", dt.date(1970, 1, 1), dt.datetime(1970, 1, 1)),
         (86400, "2024-11-03 01:30:00", dt.date(2024, 2, 29), dt.datetime(2024, 11, 3, 8, 30)),
         (None, None, None, None)],
        "n int, s string, d date, ts timestamp")


@case
def parsing_formatting_and_epoch_functions(spark, F, T):
    return _events(spark).select(
        F.to_timestamp("s"), F.to_timestamp("s", "yyyy-MM-dd HH:mm:ss"), F.to_date("s"),
        F.to_date("s", "yyyy-MM-dd HH:mm:ss"), F.try_to_timestamp("s"),
        F.date_format("ts", "yyyy/MM/dd HH:mm:ss.SSS E a"), F.date_format("d", "dd.MM.yy"),
        F.unix_timestamp("s"), F.unix_timestamp("ts"), F.from_unixtime("n"),
        F.timestamp_seconds("n"), F.timestamp_millis("n"),
    )


@case
def a_naive_datetime_literal_is_process_local_time_not_session_time(spark, F, T):
    # PySpark reads a naive datetime as the Python process's local time (toInternal), the
    # session time zone only changes how instants are shown; SQL timestamp strings use it
    before = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "America/New_York")
    try:
        naive = dt.datetime(2024, 1, 1, 12, 0)
        return _events(spark).select(
            F.lit(naive).alias("l"), F.unix_timestamp(F.lit(naive)).alias("u"),
            F.date_format(F.lit(naive), "yyyy-MM-dd HH:mm").alias("shown"),
            (F.col("ts") > F.lit(naive)).alias("after"),
            F.unix_timestamp(F.expr("TIMESTAMP '2024-01-01 12:00:00'")).alias("sql"),
        ).collect()
    finally:
        spark.conf.set("spark.sql.session.timeZone", before)


@case
def parsing_a_literal_broadcasts_to_every_row(spark, F, T):
    return _events(spark).select(
        "s", F.to_timestamp(F.lit("2024-01-01 00:00:00")).alias("t"), F.to_date(F.lit("2024-02-03")).alias("d")
    )


@case
def fields_truncation_and_arithmetic(spark, F, T):
    return _events(spark).select(
        F.year("d"), F.quarter("d"), F.month("d"), F.dayofmonth("d"), F.dayofweek("d"),
        F.dayofyear("d"), F.weekofyear("d"), F.hour("ts"), F.minute("ts"), F.second("ts"),
        F.hour("s"), F.date_trunc("hour", "ts"), F.date_trunc("month", "ts"), F.trunc("d", "year"),
        F.trunc("d", "mm"), F.date_add("d", 1), F.date_sub("d", 31), F.datediff("d", F.lit("2024-01-01")),
        F.months_between("ts", "d"), F.months_between("d", F.lit("2023-12-31")), F.add_months("d", 1),
        F.last_day("d"), F.next_day("d", "Mon"), F.make_date(F.lit(2024), F.lit(2), F.lit(29)),
    )


@case
def time_zones_and_interval_arithmetic(spark, F, T):
    return _events(spark).select(
        F.from_utc_timestamp("ts", "America/Los_Angeles"), F.to_utc_timestamp("ts", "PST"),
        F.expr("ts + INTERVAL 1 HOUR").alias("plus_hour"),
        F.expr("ts - INTERVAL 2 DAYS").alias("minus_days"),
        F.expr("d + 1").alias("d_plus"), F.expr("d - n").alias("d_minus"),
    )


@case
def fields_and_formats_in_los_angeles_around_dst(spark, F, T):
    spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    try:
        df = _events(spark).select(
            "s", F.to_timestamp("s").alias("t"), F.hour("ts").alias("h"),
            F.date_format("ts", "yyyy-MM-dd HH:mm").alias("f"), F.to_date("ts").alias("local_day"),
            F.date_trunc("day", "ts").alias("day_start"), F.unix_timestamp("s").alias("epoch"),
        )
        return [tuple(r) for r in df.collect()]
    finally:
        spark.conf.set("spark.sql.session.timeZone", "UTC")


@case(raises="CANNOT_PARSE_TIMESTAMP")
def to_timestamp_with_a_pattern_rejects_malformed_text(spark, F, T):
    df = spark.createDataFrame([("2024-13-45",)], "s string")
    return df.select(F.to_timestamp("s", "yyyy-MM-dd")).collect()


@pytest.mark.parametrize("program", case.params(known_gaps.FUNCTIONS_DATETIME))
def test_datetime_program_matches_pyspark(program, conform):
    conform(program)
