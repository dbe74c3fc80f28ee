"""Date parts and names, make_timestamp(_ntz), convert_timezone and timestampadd/timestampdiff on
rillet and real PySpark, compared; in a zone with a DST change (the session's is restored)."""

from __future__ import annotations

import contextlib

import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Cases

case = Cases()


@contextlib.contextmanager
def _zone(spark, name):
    spark.conf.set("spark.sql.session.timeZone", name)
    try:
        yield
    finally:
        spark.conf.set("spark.sql.session.timeZone", "UTC")


def _data(spark):
    return spark.createDataFrame(
        [("2024-03-10 01:30:15.123456", "2024-02-29", 2024, 2, 29, 10, 30, 45.5),
         ("2023-12-31 23:59:59", "2024-01-01", 2023, 12, 31, 23, 59, 59.999999),
         ("2024-11-03 01:30:00", "2020-06-15", 2024, 1, 1, 0, 0, 60.0),
         (None, None, None, None, None, None, None, None)],
        "s string, ds string, y int, mo int, d int, h int, mi int, sec double",
    ).selectExpr("*", "CAST(s AS TIMESTAMP) AS ts", "CAST(ds AS DATE) AS dt", "CAST(s AS TIMESTAMP_NTZ) AS ntz")


@case
def day_and_month_names_and_date_parts(spark, F, T):
    with _zone(spark, "America/Los_Angeles"):
        return _data(spark).select(
            "s", F.dayname("dt"), F.monthname("dt"), F.dayname("ts"), F.monthname("ts"),
            F.date_part(F.lit("YEAR"), "ts"), F.date_part(F.lit("second"), "ts"), F.datepart(F.lit("DOW"), "dt"),
            F.extract(F.lit("hour"), "ts"), F.date_part(F.lit("week"), "dt"), F.date_part(F.lit("doy"), "dt"),
            F.date_part(F.lit("dayofweek_iso"), "dt"), F.date_part(F.lit("hour"), "dt"), F.date_part(F.lit("QTR"), "ts"),
            F.date_part(F.lit("mon"), "ntz"), F.date_part(F.lit("MINUTE"), "ntz"), F.date_part(F.lit("d"), "ts"),
        ).collect()


@case
def date_parts_in_sql_text(spark, F, T):
    _data(spark).createOrReplaceTempView("parts")
    return spark.sql(
        "SELECT s, extract(YEAR FROM ts) AS a, date_part('MINUTE', ts) AS b, datepart('QUARTER', dt) AS c, "
        "extract(SECOND FROM ts) AS d, dayname(dt) AS e, monthname(ts) AS f FROM parts"
    )


@case
def make_timestamps(spark, F, T):
    with _zone(spark, "America/Los_Angeles"):
        return _data(spark).select(
            "s", F.make_timestamp("y", "mo", "d", "h", "mi", "sec").cast("string"),
            F.make_timestamp("y", "mo", "d", "h", "mi", "sec", F.lit("UTC")).cast("string"),
            F.make_timestamp_ntz("y", "mo", "d", "h", "mi", "sec"),
            F.make_timestamp(F.lit(2024), F.lit(3), F.lit(10), F.lit(2), F.lit(30), F.lit(0)).cast("string"),
        ).collect()


@case(raises="DATETIME_FIELD_OUT_OF_BOUNDS")
def make_timestamp_out_of_range_fails_under_ansi(spark, F, T):
    return spark.range(1).select(F.make_timestamp(F.lit(2024), F.lit(13), F.lit(1), F.lit(0), F.lit(0), F.lit(0))).collect()


@case
def convert_timezones(spark, F, T):
    with _zone(spark, "America/Los_Angeles"):
        return _data(spark).select(
            "s", F.convert_timezone(None, F.lit("UTC"), "ntz"), F.convert_timezone(F.lit("Asia/Tokyo"), F.lit("UTC"), "ntz"),
            F.convert_timezone(F.lit("UTC"), F.lit("America/New_York"), F.col("s")),
        ).collect()


@case
def timestamp_add_and_diff(spark, F, T):
    with _zone(spark, "America/Los_Angeles"):
        df = _data(spark)
        return df.select(
            "s", F.timestamp_add("HOUR", F.lit(5), "ts").cast("string"), F.timestamp_add("MONTH", F.lit(1), "dt").cast("string"),
            F.timestamp_add("DAY", F.col("d"), "ts").cast("string"), F.timestamp_add("year", F.lit(-1), "ts").cast("string"),
            F.timestamp_add("MICROSECOND", F.lit(7), "ts").cast("string"), F.timestamp_add("WEEK", F.lit(2), "ts").cast("string"),
            F.timestamp_diff("MONTH", "dt", "ts"), F.timestamp_diff("HOUR", "dt", "ts"), F.timestamp_diff("DAY", "dt", "ts"),
            F.timestamp_diff("YEAR", "ts", "dt"), F.timestamp_diff("QUARTER", "dt", "ts"), F.timestamp_diff("SECOND", "ts", "dt"),
            F.timestamp_diff("WEEK", "dt", "ts"), F.timestamp_diff("MILLISECOND", "dt", "ts"),
        ).collect()


@case
def timestampadd_and_timestampdiff_in_sql_text(spark, F, T):
    _data(spark).createOrReplaceTempView("moves")
    return spark.sql(
        "SELECT s, timestampadd(MINUTE, 90, ts) AS a, timestampdiff(SECOND, dt, ts) AS b, "
        "timestampdiff(MONTH, dt, ts) AS c, timestampadd(QUARTER, 1, dt) AS d FROM moves"
    )


@pytest.mark.parametrize("program", case.params(known_gaps.FUNCTIONS_DATETIME_PARTS))
def test_datetime_parts_program_matches_pyspark(program, conform):
    conform(program)
