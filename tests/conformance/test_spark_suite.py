"""What Apache Spark's own streaming test modules check, as rillet's programs run on both engines.

Spark's ``python/pyspark/sql/tests/streaming`` modules (run through an alias layer, see
``docs/conformance.md``) exercise the session's application facts (``spark.sparkContext``),
the catalog statements ``spark.sql`` runs, the errors of ``foreach``/``foreachBatch`` and of
the query manager, and reading a table as a stream. Each behaviour is a program of our own
here, run on rillet and on real PySpark and compared.
"""

from __future__ import annotations

import os
import tempfile

import pytest

from tests.conformance.compare import Bag, Cases

case = Cases()


def _text_dir(lines: list[str]) -> str:
    path = tempfile.mkdtemp(prefix="conf-suite-")
    with open(os.path.join(path, "part-0.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


# --- spark.sparkContext ------------------------------------------------------------


@case
def spark_context_application_facts(spark, F, T):
    sc = spark.sparkContext
    conf = sc.getConf()
    return (
        isinstance(sc.appName, str) and sc.appName == conf.get("spark.app.name"),
        sc.master == conf.get("spark.master"),
        isinstance(sc.defaultParallelism, int) and sc.defaultParallelism >= 1,
        sc.applicationId.startswith("local-"),
        sc.version == spark.version,
        spark.sparkContext is sc,
        sc.setLogLevel("WARN"),
    )


@case
def spark_conf_setters_chain_and_getall_lists_pairs(spark, F, T):
    import importlib

    package = type(spark).__module__.split(".")[0]
    conf = importlib.import_module(package).SparkConf(loadDefaults=False)
    conf.setAppName("a").setMaster("local[3]").set("spark.x", True).setIfMissing("spark.x", "no")
    return sorted(conf.getAll()), conf.contains("spark.x"), conf.get("spark.y", "dflt")


# --- catalog statements in spark.sql ---------------------------------------------------


@case
def sql_create_table_using_insert_values_and_select(spark, F, T):
    try:
        spark.sql("CREATE TABLE conf_suite_t (value string, n int) USING parquet")
        spark.sql("INSERT INTO conf_suite_t VALUES ('aaa', 1), ('bbb', 2)")
        spark.sql("INSERT INTO conf_suite_t SELECT 'ccc', 3")
        return Bag(spark.sql("SELECT * FROM conf_suite_t").collect())
    finally:
        spark.sql("DROP TABLE IF EXISTS conf_suite_t")


@case(raises="TABLE_OR_VIEW_NOT_FOUND")
def sql_drop_missing_table_raises(spark, F, T):
    return spark.sql("DROP TABLE conf_suite_missing")


@case
def sql_drop_table_if_exists_of_missing_table_is_quiet(spark, F, T):
    return spark.sql("DROP TABLE IF EXISTS conf_suite_missing").columns


@case
def sql_create_temp_view_as_select(spark, F, T):
    spark.createDataFrame([(1, "a"), (2, "b")], "k int, v string").createOrReplaceTempView("conf_suite_src")
    spark.sql("CREATE OR REPLACE TEMP VIEW conf_suite_view AS SELECT v, k * 10 AS k10 FROM conf_suite_src")
    try:
        return spark.table("conf_suite_view")
    finally:
        spark.sql("DROP VIEW IF EXISTS conf_suite_view")


@case
def stream_a_table_created_and_filled_by_sql(spark, F, T):
    try:
        spark.sql("CREATE TABLE conf_suite_in (value string) USING parquet")
        spark.sql("INSERT INTO conf_suite_in VALUES ('a'), ('b'), ('c')")
        df = spark.readStream.table("conf_suite_in")
        q = df.select(F.concat(F.lit("view_"), "value").alias("vv")).writeStream.format("memory").queryName(
            "conf_suite_out"
        ).start()
        q.processAllAvailable()
        q.stop()
        return df.isStreaming, spark.sql("SELECT * FROM conf_suite_out")
    finally:
        spark.sql("DROP TABLE IF EXISTS conf_suite_in")


# --- column names of casts (Spark's Column.named) -----------------------------------------


@case
def cast_of_an_alias_is_named_by_the_alias(spark, F, T):
    df = spark.range(2)
    return df.select(F.col("id").alias("x").cast("string"), F.col("id").cast("int").alias("q").cast("string"))


@case
def casts_of_a_column_keep_its_name_through_a_chain(spark, F, T):
    return spark.range(2).select(F.col("id").cast("string").cast("int"), F.col("id").astype("double"))


@case
def cast_inside_an_expression_shows_in_the_name(spark, F, T):
    df = spark.range(2)
    return df.select(
        F.col("id").cast("int") + 1,
        F.concat(F.col("id").cast("string"), F.lit("a")),
        (F.col("id") + 1).cast("string"),
        (F.col("id") + 1).cast("string").cast("int"),
        F.lit(1).cast("string"),
    )


@case
def sql_cast_of_a_column_keeps_its_name(spark, F, T):
    return spark.sql("SELECT cast(id AS string), cast(id AS int) + 1 FROM range(2)")


@case
def group_by_a_cast_column_keeps_its_name(spark, F, T):
    return spark.range(3).groupBy(F.col("id").cast("string")).count()


# --- errors of foreach / foreachBatch and of the query manager --------------------------


@case(raises="ATTRIBUTE_NOT_CALLABLE")
def foreach_writer_with_non_callable_process_is_rejected(spark, F, T):
    class Writer:
        process = True

    return spark.readStream.format("rate").load().writeStream.foreach(Writer())


@case(raises="ATTRIBUTE_NOT_CALLABLE")
def foreach_writer_with_non_callable_close_is_rejected(spark, F, T):
    class Writer:
        close = True

        def process(self, row):
            pass

    return spark.readStream.format("rate").load().writeStream.foreach(Writer())


@case(raises="VALUE_NOT_POSITIVE")
def await_any_termination_rejects_a_string_timeout(spark, F, T):
    return spark.streams.awaitAnyTermination("hello")


def _failure(spark, start):
    from importlib import import_module

    errors = import_module(type(spark).__module__.split(".")[0] + ".errors")
    q = start(spark.readStream.format("text").load(_text_dir(["x", "y"])).writeStream)
    try:
        q.processAllAvailable()
    except errors.StreamingQueryException as e:
        chain, cause = [], e
        while cause is not None:
            chain.append(cause._desc)
            cause = cause._cause
        return e.getErrorClass(), chain
    finally:
        q.stop()
    return None


@case
def foreach_batch_error_names_its_condition_and_the_user_error(spark, F, T):
    def fail(df, batch_id):
        raise RuntimeError("this should fail the query")

    condition, chain = _failure(spark, lambda w: w.foreachBatch(fail).start())
    return (
        condition,
        "FOREACH_BATCH_USER_FUNCTION_ERROR" in chain[0],
        "this should fail the query" in chain[0],
    )


@case
def foreach_process_error_names_its_condition_and_the_user_error(spark, F, T):
    class Writer:
        def process(self, row):
            raise RuntimeError("test error")

    condition, chain = _failure(spark, lambda w: w.foreach(Writer()).start())
    return condition, "FOREACH_USER_FUNCTION_ERROR" in chain[0], "test error" in chain[0]


@case
def udf_error_is_found_down_the_exception_chain(spark, F, T):
    bad = F.udf(lambda x: 1 / 0)
    q = (
        spark.readStream.format("text").load(_text_dir(["x"])).select(bad("value"))
        .writeStream.format("memory").queryName("conf_suite_bad").start()
    )
    try:
        q.processAllAvailable()
    except Exception as e:  # noqa: BLE001 - the chain is what the case returns
        descs, cause = [], e
        while cause is not None:
            descs.append(cause._desc)
            cause = cause._cause
        return type(e).__name__, any("ZeroDivisionError" in d for d in descs)
    finally:
        q.stop()
    return None


# --- typed progress objects ---------------------------------------------------------------


@case
def last_progress_is_typed_with_text_ids_by_key(spark, F, T):
    import uuid

    q = spark.readStream.format("text").load(_text_dir(["a", "b", "c"])).writeStream.format("memory").queryName(
        "conf_suite_progress"
    ).start()
    try:
        q.processAllAvailable()
        p = q.lastProgress
    finally:
        q.stop()
    source, sink = p.sources[0], p.sink
    return (
        isinstance(p.id, uuid.UUID) and isinstance(p.runId, uuid.UUID),
        p["id"] == q.id and str(p.id) == q.id,
        type(source).__name__, type(sink).__name__, p.stateOperators,
        source.numInputRows, source.endOffset, source.startOffset,
        isinstance(source.inputRowsPerSecond, float), sink.numOutputRows,
        p.batchId, p.numInputRows, isinstance(p.durationMs, dict), p.name,
    )


@case
def progress_from_json_reads_every_typed_field(spark, F, T):
    from importlib import import_module

    listener = import_module(type(spark).__module__.split(".")[0] + ".sql.streaming.listener")
    p = listener.StreamingQueryProgress.fromJson({
        "id": "00000000-0000-0001-0000-000000000001", "runId": "00000000-0000-0001-0000-000000000002",
        "name": "n", "timestamp": "2016-12-05T20:54:20.827Z", "batchId": 2, "numInputRows": 678,
        "inputRowsPerSecond": 10.0, "processedRowsPerSecond": 5.4, "batchDuration": 5,
        "durationMs": {"getBatch": 0}, "eventTime": {"watermark": "2016-12-05T20:54:20.827Z"},
        "stateOperators": [{"operatorName": "op1", "numRowsTotal": 0, "numRowsUpdated": 1, "allUpdatesTimeMs": 1,
                            "numRowsRemoved": 2, "allRemovalsTimeMs": 34, "commitTimeMs": 23, "memoryUsedBytes": 3,
                            "numRowsDroppedByWatermark": 0, "numShufflePartitions": 2, "numStateStoreInstances": 2,
                            "customMetrics": {"a": 1}}],
        "sources": [{"description": "source", "startOffset": 123, "endOffset": 456, "latestOffset": 789,
                     "numInputRows": 678, "inputRowsPerSecond": 10.0, "processedRowsPerSecond": 5.4, "metrics": {}}],
        "sink": {"description": "sink", "numOutputRows": -1, "metrics": {}},
        "observedMetrics": {"event1": {"c1": 1, "c2": 3.0}},
    })
    op, src, sink = p.stateOperators[0], p.sources[0], p.sink
    return (
        str(p.id), str(p.runId), p.name, p.batchId, p.batchDuration, p.durationMs, p.eventTime,
        p.observedMetrics["event1"].c2, p.numInputRows,
        (op.operatorName, op.numRowsTotal, op.numRowsUpdated, op.allUpdatesTimeMs, op.numRowsRemoved,
         op.allRemovalsTimeMs, op.commitTimeMs, op.memoryUsedBytes, op.numRowsDroppedByWatermark,
         op.numShufflePartitions, op.numStateStoreInstances, op.customMetrics),
        (src.description, src.startOffset, src.endOffset, src.latestOffset, src.numInputRows,
         src.inputRowsPerSecond, src.processedRowsPerSecond, src.metrics),
        (sink.description, sink.numOutputRows, sink.metrics),
    )


@case
def query_started_event_from_json(spark, F, T):
    from importlib import import_module

    listener = import_module(type(spark).__module__.split(".")[0] + ".sql.streaming.listener")
    e = listener.QueryStartedEvent.fromJson({
        "id": "78923ec2-8f4d-4266-876e-1f50cf3c283b", "runId": "55a95d45-e932-4e08-9caa-0a8ecd9391e8",
        "name": None, "timestamp": "2023-06-09T18:13:29.741Z",
    })
    return str(e.id), str(e.runId), e.name, e.timestamp


@pytest.mark.parametrize("program", case.params({}))
def test_spark_suite_program_matches_pyspark(program, conform):
    conform(program)
