"""Timestamp literals under a session time zone other than UTC."""

from __future__ import annotations

import datetime as dt

from rillet.sql import SparkSession
from rillet.sql import functions as F


def test_timestamp_literals_work_in_a_non_utc_session():
    spark = SparkSession.builder.getOrCreate()
    spark.conf.set("spark.sql.session.timeZone", "America/New_York")
    try:
        df = spark.createDataFrame([(1,)], "a int")
        row = df.select(
            F.expr("TIMESTAMP '2024-01-01 12:00:00'").alias("sql"),
            F.lit(dt.datetime(2024, 1, 1, 12, 0, tzinfo=dt.timezone.utc)).alias("aware"),
            F.date_format(F.expr("TIMESTAMP '2024-01-01 12:00:00'"), "HH:mm").alias("shown"),
        ).first()
        assert row["shown"] == "12:00"  # read in the session zone
        def local(hour: int) -> dt.datetime:  # collect() gives this process's local time, as PySpark
            return dt.datetime(2024, 1, 1, hour, 0, tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None)

        assert row["sql"] == local(17)
        assert row["aware"] == local(12)
    finally:
        spark.conf.set("spark.sql.session.timeZone", "UTC")
