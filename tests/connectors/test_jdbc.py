"""format("jdbc") against a real PostgreSQL server (started here on 127.0.0.1 in a throwaway
data directory) and SQLite files: Spark's save modes and errors, reads by query, dbtable,
partitions and predicates, the type round trip with the column types Spark's
PostgresDialect creates, a 100k-row write through COPY, the exactly-once streaming sink,
and the password kept out of explain(), progress and logs."""

from __future__ import annotations

import datetime
import decimal
import json
import logging
import os
import time

import pytest

pytest.importorskip("adbc_driver_sqlite")
pytest.importorskip("adbc_driver_postgresql")

from rillet.errors import AnalysisException, IllegalArgumentException, UnsupportedOperationException  # noqa: E402
from rillet.sql import types as T  # noqa: E402


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """(url, properties) of an empty database of each kind (PostgreSQL: a fresh schema)."""
    if request.param == "sqlite":
        return f"jdbc:sqlite:{tmp_path / 'test.db'}", {}
    server = request.getfixturevalue("pg")
    schema = f"s_{os.getpid()}_{abs(hash(request.node.name)) % 10**8}"
    props = {"user": server.user, "password": server.password}
    _sql(server.url, props, f"CREATE SCHEMA {schema}", commit=True)
    props["sessionInitStatement"] = f"SET search_path TO {schema}"
    return server.url, props


def _sql(url, props, sql, commit=False):
    from rillet.connectors.jdbc.dialects import DIALECTS, parse_url

    target = parse_url(url, props)
    conn = DIALECTS[target.kind].connect(target)
    try:
        cur = conn.cursor()
        if props.get("sessionInitStatement"):
            cur.execute(props["sessionInitStatement"])
        cur.execute(sql)
        rows = None if commit else cur.fetchall()
        conn.commit()
        return rows
    finally:
        conn.close()


def _rows(df):
    return sorted(tuple(r) for r in df.collect())


def test_save_modes_follow_spark(spark, db):
    url, props = db
    one = spark.createDataFrame([(1, "a")], "id int, s string")
    two = spark.createDataFrame([(2, "b")], "id int, s string")
    one.write.jdbc(url, "t", properties=props)  # errorifexists on a new table creates it
    with pytest.raises(AnalysisException, match="Table or view 't' already exists. SaveMode: ErrorIfExists.") as e:
        two.write.jdbc(url, "t", mode="errorifexists", properties=props)
    assert e.value.getCondition() == "_LEGACY_ERROR_TEMP_1288"
    two.write.jdbc(url, "t", mode="ignore", properties=props)
    assert _rows(spark.read.jdbc(url, "t", properties=props)) == [(1, "a")]
    two.write.jdbc(url, "t", mode="append", properties=props)
    assert _rows(spark.read.jdbc(url, "t", properties=props)) == [(1, "a"), (2, "b")]
    two.write.jdbc(url, "t", mode="overwrite", properties=props)
    assert _rows(spark.read.jdbc(url, "t", properties=props)) == [(2, "b")]
    with pytest.raises(AnalysisException) as e:
        spark.createDataFrame([(1,)], "zz int").write.jdbc(url, "t", mode="append", properties=props)
    assert e.value.getCondition() == "COLUMN_NOT_DEFINED_IN_TABLE"
    assert "`zz`" in str(e.value)


def test_overwrite_with_truncate_keeps_the_table_on_postgresql(spark, db):
    url, props = db
    spark.createDataFrame([(1,)], "a int").write.jdbc(url, "tr", properties=props)
    longs = spark.createDataFrame([(2,)], "a long")
    longs.write.option("truncate", "true").jdbc(url, "tr", mode="overwrite", properties=props)
    if url.startswith("jdbc:postgresql"):
        # as PySpark: truncate keeps the INTEGER column, a plain overwrite re-creates it as BIGINT
        types = "SELECT data_type FROM information_schema.columns WHERE table_name = 'tr' AND table_schema = current_schema()"
        assert _sql(url, props, types) == [("integer",)]
        longs.write.jdbc(url, "tr", mode="overwrite", properties=props)
        assert _sql(url, props, types) == [("bigint",)]
    assert _rows(spark.read.jdbc(url, "tr", properties=props)) == [(2,)]


def test_postgres_column_types_are_sparks(spark, db):
    url, props = db
    if not url.startswith("jdbc:postgresql"):
        pytest.skip("PostgresDialect's types")
    schema = T.StructType([T.StructField(n, t) for n, t in [
        ("b", T.BooleanType()), ("y", T.ByteType()), ("sh", T.ShortType()), ("i", T.IntegerType()),
        ("l", T.LongType()), ("f", T.FloatType()), ("d", T.DoubleType()), ("dec", T.DecimalType(10, 2)),
        ("s", T.StringType()), ("bin", T.BinaryType()), ("dt", T.DateType()), ("ts", T.TimestampType()),
        ("ntz", T.TimestampNTZType()), ("arr", T.ArrayType(T.IntegerType()))]] + [T.StructField("nn", T.LongType(), False)])
    row = (True, 1, 2, 3, 4, 1.5, 2.5, decimal.Decimal("1.25"), "x", b"ab", datetime.date(2020, 1, 2),
           datetime.datetime(2020, 1, 1, 12), datetime.datetime(2020, 1, 1, 12), [1, 2], 7)
    spark.createDataFrame([row], schema).write.jdbc(url, "types_t", properties=props)
    created = _sql(url, props, "SELECT column_name, udt_name, is_nullable FROM information_schema.columns "
                               "WHERE table_name = 'types_t' AND table_schema = current_schema() ORDER BY ordinal_position")
    # what PySpark 4.0.5 created for the same DataFrame (PostgreSQL JDBC driver 42.7.4)
    assert created == [("b", "bool", "YES"), ("y", "int2", "YES"), ("sh", "int2", "YES"), ("i", "int4", "YES"),
                       ("l", "int8", "YES"), ("f", "float4", "YES"), ("d", "float8", "YES"),
                       ("dec", "numeric", "YES"), ("s", "text", "YES"), ("bin", "bytea", "YES"),
                       ("dt", "date", "YES"), ("ts", "timestamptz", "YES"), ("ntz", "timestamp", "YES"),
                       ("arr", "_int4", "YES"), ("nn", "int8", "NO")]
    back = spark.read.jdbc(url, "types_t", properties=props)
    # and what PySpark read back
    assert [(f.name, f.dataType.simpleString()) for f in back.schema.fields] == [
        ("b", "boolean"), ("y", "smallint"), ("sh", "smallint"), ("i", "int"), ("l", "bigint"), ("f", "float"),
        ("d", "double"), ("dec", "decimal(10,2)"), ("s", "string"), ("bin", "binary"), ("dt", "date"),
        ("ts", "timestamp"), ("ntz", "timestamp"), ("arr", "array<int>"), ("nn", "bigint")]
    assert tuple(back.collect()[0]) == row


def test_sqlite_types_round_trip(spark, db):
    url, props = db
    if not url.startswith("jdbc:sqlite"):
        pytest.skip("SQLite's types")
    schema = "b boolean, i int, l long, d double, dec decimal(10,2), s string, bin binary, dt date, ts timestamp"
    row = (True, 3, 2**40, 2.5, decimal.Decimal("1.25"), "x", b"ab", datetime.date(2020, 1, 2),
           datetime.datetime(2020, 1, 1, 12, 30, 1, 5))
    df = spark.createDataFrame([row, (None,) * 9], schema)
    df.write.jdbc(url, "types_t", properties=props)
    back = spark.read.jdbc(url, "types_t", properties=props)
    assert back.schema.simpleString() == df.schema.simpleString()
    assert sorted(back.collect(), key=str) == sorted(df.collect(), key=str)


def test_read_query_partitions_and_predicates(spark, db):
    url, props = db
    spark.range(0, 100).selectExpr("id", "id % 7 as m").write.jdbc(url, "nums", properties=props)
    q = spark.read.format("jdbc").option("url", url).options(**props) \
        .option("query", "select id, m from nums where m = 3").load()
    assert sorted(r.id for r in q.collect()) == [i for i in range(100) if i % 7 == 3]
    # bounds choose the strides, they filter nothing: every row once, from 4 partitions
    parts = spark.read.jdbc(url, "nums", column="id", lowerBound=10, upperBound=50, numPartitions=4,
                            properties=props)
    assert sorted(r.id for r in parts.collect()) == list(range(100))
    preds = spark.read.jdbc(url, "nums", predicates=["id < 10", "id >= 90"], properties=props)
    assert sorted(r.id for r in preds.collect()) == list(range(10)) + list(range(90, 100))


def test_partition_clauses_are_sparks():
    from rillet.connectors.jdbc.provider import partition_clauses

    assert partition_clauses('"id"', 0, 100, 4) == [
        '"id" < 25 or "id" is null', '"id" >= 25 AND "id" < 50', '"id" >= 50 AND "id" < 75', '"id" >= 75']
    assert partition_clauses('"id"', 0, 3, 10) == ['"id" < 1 or "id" is null', '"id" >= 1 AND "id" < 2', '"id" >= 2']


def test_option_errors_are_sparks(spark, db):
    url, props = db
    df = spark.createDataFrame([(1,)], "a int")
    cases = [
        (lambda: df.write.format("jdbc").option("dbtable", "x").save(), "requirement failed: Option 'url' is required."),
        (lambda: df.write.format("jdbc").option("url", url).option("query", "select 1").save(),
         "requirement failed: Option 'dbtable' is required. Option 'query' is not applicable while writing."),
        (lambda: spark.read.format("jdbc").option("url", url).load(), "Option 'dbtable' or 'query' is required."),
        (lambda: spark.read.format("jdbc").option("url", url).option("dbtable", "t").option("query", "select 1").load(),
         "Both 'dbtable' and 'query' can not be specified at the same time."),
        (lambda: df.write.format("jdbc").option("url", url).option("dbtable", "x").option("batchsize", 0).save(),
         "requirement failed: Invalid value `0` for parameter `batchsize`. The minimum value is 1."),
        (lambda: df.write.format("jdbc").option("url", url).option("dbtable", "x").option("isolationLevel", "FOO")
         .save(), "Invalid value `FOO` for parameter `isolationLevel`. This can be `NONE`, `READ_UNCOMMITTED`, "
                  "`READ_COMMITTED`, `REPEATABLE_READ` or `SERIALIZABLE`."),
        (lambda: spark.read.format("jdbc").option("url", url).option("dbtable", "t").option("partitionColumn", "a")
         .load(), "users need to specify all or none for the following options: 'partitionColumn', "
                  "'lowerBound', 'upperBound', and 'numPartitions'"),
        (lambda: spark.read.format("jdbc").option("url", url).option("dbtable", "t").option("partitionColumn", "a")
         .option("lowerBound", 9).option("upperBound", 5).option("numPartitions", 2).load(),
         "the lower bound of partitioning column is larger than the upper bound. Lower bound: 9; Upper bound: 5"),
    ]
    for run, message in cases:
        with pytest.raises(IllegalArgumentException) as e:
            run()
        assert message in str(e.value)


def test_100k_rows_in_one_copy(spark, db):
    url, props = db
    df = spark.range(0, 100_000).selectExpr("id", "cast(id as double) * 1.5 as x", "concat('row-', id) as s")
    start = time.perf_counter()
    df.write.jdbc(url, "big", properties=props)
    took = time.perf_counter() - start
    print(f"\n{url.split(':')[1]}: 100k rows written in {took:.3f}s")
    assert _sql(url, props, "SELECT count(*), CAST(sum(id) AS BIGINT) FROM big") == [(100_000, sum(range(100_000)))]


def test_exactly_once_sink_update_mode_upserts(spark, db, tmp_path):
    url, props = db
    src = tmp_path / "src"
    src.mkdir()
    stream = spark.readStream.schema("k string, v long").json(str(src))
    counts = stream.groupBy("k").count()
    q = (counts.writeStream.format("jdbc").outputMode("update").option("exactlyOnce", "true")
         .option("url", url).option("dbtable", "counts").option("keyColumns", "k").options(**props)
         .option("checkpointLocation", str(tmp_path / "chk")).start())
    (src / "a.json").write_text('{"k": "a", "v": 1}\n{"k": "b", "v": 2}\n')
    q.processAllAvailable()
    (src / "b.json").write_text('{"k": "a", "v": 3}\n')
    q.processAllAvailable()
    q.stop()
    assert _rows(spark.read.jdbc(url, "counts", properties=props)) == [("a", 2), ("b", 1)]


def test_streaming_without_exactly_once_is_sparks_error(spark, db, tmp_path):
    url, props = db
    stream = spark.readStream.format("rate").load()
    with pytest.raises(UnsupportedOperationException, match="does not support streamed writing"):
        (stream.writeStream.format("jdbc").option("url", url).option("dbtable", "r").options(**props)
         .option("checkpointLocation", str(tmp_path / "chk")).start())


def test_password_never_shown(spark, pg, tmp_path, capsys, caplog):
    props = {"user": pg.user, "password": pg.password}
    caplog.set_level(logging.DEBUG)
    spark.range(3).write.jdbc(pg.url, "secret_t", properties=props)
    df = spark.read.jdbc(pg.url, "secret_t", properties=props)
    df.explain(True)
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("x\ny\n")
    q = (spark.readStream.text(str(src)).writeStream.format("jdbc").option("exactlyOnce", "true")
         .option("url", pg.url + f"?password={pg.password}").option("dbtable", "secret_lines")
         .option("user", pg.user).option("checkpointLocation", str(tmp_path / "chk")).start())
    q.processAllAvailable()
    progress = json.dumps(q.lastProgress) + json.dumps(q.recentProgress) + str(q.status)
    q.explain(True)
    q.stop()
    assert "JdbcSink[" in progress
    with pytest.raises(Exception) as e:  # a driver error names the URL, never the password
        spark.read.jdbc(pg.url + f"?password={pg.password}", "no_such_table", properties={"user": pg.user}).collect()
    shown = progress + capsys.readouterr().out + caplog.text + str(e.value)
    assert pg.password not in shown
    assert _rows(spark.read.jdbc(pg.url, "secret_lines", properties=props)) == [("x",), ("y",)]
