"""The switch: ``RILLET_ENGINE=spark`` / ``rillet.use_spark()`` hand out PySpark for ``rillet.sql``.

Module aliasing is checked in fresh interpreters (this one runs rillet's engine);
the rillet-only features are checked on a real PySpark session in this process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from rillet import spark_backend

pytest.importorskip("pyspark", reason="scale-out needs PySpark: pip install -e '.[spark]'")

PROBE = textwrap.dedent("""
    import json, sys
    {prelude}
    import rillet.sql
    from rillet.sql import SparkSession, Row, DataStreamWriter, functions as F, types as T
    from rillet.sql.window import Window
    from rillet.sql.streaming import StreamingQueryListener, StreamingQueryProgress
    from rillet.sql.utils import AnalysisException, ArithmeticException
    import rillet.sql.functions as F2
    import pyspark.sql, pyspark.sql.functions, pyspark.sql.streaming
    print(json.dumps({{
        "session": SparkSession.__module__ + "." + SparkSession.__qualname__,
        "writer": DataStreamWriter is pyspark.sql.streaming.DataStreamWriter,
        "functions": F is pyspark.sql.functions and F2.col is pyspark.sql.functions.col,
        "module_name": F2.__name__,
        "window": Window.__module__,
        "listener": StreamingQueryListener is pyspark.sql.streaming.StreamingQueryListener,
        "progress": StreamingQueryProgress.__module__,
        "errors": AnalysisException.__module__,
        "attr": rillet.sql.SparkSession is SparkSession,
        "engine_loaded": "rillet.compute" in sys.modules or "rillet.engine.execution" in sys.modules,
    }}))
""")


def probe(prelude: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != spark_backend.ENV_VAR} | env
    return subprocess.run([sys.executable, "-c", PROBE.format(prelude=prelude)],
                          capture_output=True, text=True, timeout=120, env=full_env)


@pytest.mark.parametrize("how", ["env", "use_spark"])
def test_rillet_sql_is_pyspark_when_switched(how: str):
    result = probe(RILLET_ENGINE="spark") if how == "env" else probe("import rillet; rillet.use_spark()")
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {
        "session": "pyspark.sql.session.SparkSession",
        "writer": True,
        "functions": True,
        "module_name": "pyspark.sql.functions",  # a UDF referring to F pickles as PySpark's module
        "window": "pyspark.sql.window",
        "listener": True,
        "progress": "pyspark.sql.streaming.listener",
        "errors": "pyspark.errors.exceptions.base",  # what PySpark raises subclasses it
        "attr": True,
        "engine_loaded": False,
    }


def test_without_the_switch_rillet_sql_is_rillet():
    result = subprocess.run(
        [sys.executable, "-c", "import rillet.sql as s; print(s.SparkSession.__module__, s.functions.__name__)"],
        capture_output=True, text=True, timeout=120,
        env={k: v for k, v in os.environ.items() if k != spark_backend.ENV_VAR},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["rillet.sql.session", "rillet.sql.functions"]


def test_use_spark_after_rillet_sql_was_imported_is_a_clear_error():
    result = probe("import rillet.sql, rillet; rillet.use_spark()")
    assert result.returncode != 0
    assert "rillet.use_spark() must be called before rillet.sql is imported" in result.stderr


def test_an_unknown_engine_is_a_clear_error():
    result = probe(RILLET_ENGINE="flink")
    assert result.returncode != 0
    assert "RILLET_ENGINE='flink': expected one of rillet, spark" in result.stderr


def test_submit_command_uses_the_pyspark_package_spark_submit_with_the_confs():
    cmd = spark_backend.submit_command("spark://127.0.0.1:7077", [("spark.sql.shuffle.partitions", "4")],
                                       "app.py", ["in", "--flag"])
    assert cmd[0] == os.path.join(spark_backend.spark_home(), "bin", "spark-submit") and os.access(cmd[0], os.X_OK)
    assert cmd[1:] == ["--master", "spark://127.0.0.1:7077", "--conf", "spark.sql.shuffle.partitions=4",
                       "--conf", "spark.executorEnv.RILLET_ENGINE=spark", "app.py", "in", "--flag"]
    env = spark_backend.submit_env("local[2]", [], base={})
    assert env["RILLET_ENGINE"] == "spark" and env["PYSPARK_PYTHON"] == sys.executable
    assert "SPARK_REMOTE" not in env


def test_submit_command_for_spark_connect_runs_the_app_as_a_client():
    confs = [("spark.sql.shuffle.partitions", "4")]
    assert spark_backend.submit_command("sc://127.0.0.1:15002", confs, "app.py", ["x"]) == [sys.executable, "app.py", "x"]
    env = spark_backend.submit_env("sc://127.0.0.1:15002", confs, base={})
    assert env["SPARK_REMOTE"] == "sc://127.0.0.1:15002" and env["RILLET_ENGINE"] == "spark"
    assert json.loads(env[spark_backend.CONF_ENV_VAR]) == [["spark.sql.shuffle.partitions", "4"]]


# ---------------------------------------------------------------------- on a real PySpark session
@pytest.fixture(scope="module")
def pyspark_session(java: None) -> Any:
    from pyspark.sql import SparkSession

    spark_backend.patch_pyspark()  # what RILLET_ENGINE=spark does when rillet.sql is imported
    existing = SparkSession.getActiveSession()  # the conformance tests' session, when they ran first
    session = existing or (
        SparkSession.builder.master("local[1]").appName("rillet-scaleout-switch")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1").getOrCreate()
    )
    yield session
    if existing is None:
        session.stop()


@pytest.mark.parametrize("how", ["option", "options", "start", "uppercase"])
def test_late_rows_path_is_a_clear_error_on_spark(pyspark_session: Any, tmp_path: Path, how: str):
    writer = pyspark_session.readStream.format("rate").load().writeStream.format("noop")
    late = str(tmp_path / "late")
    with pytest.raises(spark_backend.RilletOnlyFeature) as info:
        if how == "option":
            writer.option("lateRowsPath", late).start()
        elif how == "options":
            writer.options(lateRowsPath=late).start()
        elif how == "start":
            writer.start(lateRowsPath=late)
        else:
            writer.option("LATEROWSPATH", late).start()
    message = str(info.value)
    assert "late-row side output" in message and "rillet-only" in message
    assert ("LATEROWSPATH" if how == "uppercase" else "lateRowsPath") in message
    assert not pyspark_session.streams.active


def test_late_rows_path_on_to_table_is_a_clear_error_on_spark(pyspark_session: Any, tmp_path: Path):
    writer = pyspark_session.readStream.format("rate").load().writeStream.option("lateRowsPath", str(tmp_path))
    with pytest.raises(spark_backend.RilletOnlyFeature, match="lateRowsPath"):
        writer.toTable("rillet_scaleout_never_created")


def test_kafka_exactly_once_is_a_clear_error_on_spark(pyspark_session: Any):
    writer = (pyspark_session.readStream.format("rate").load().selectExpr("CAST(value AS STRING) AS value")
              .writeStream.format("kafka").option("kafka.bootstrap.servers", "127.0.0.1:9")
              .option("topic", "t").option("exactlyOnce", True))
    with pytest.raises(spark_backend.RilletOnlyFeature, match="'exactlyOnce' is the Kafka sink's exactly-once"):
        writer.start()


def test_other_options_still_start_on_spark(pyspark_session: Any, tmp_path: Path):
    query = (pyspark_session.readStream.format("rate").load().writeStream.format("noop")
             .option("exactlyOnce", "false")  # asks for nothing rillet-only
             .option("checkpointLocation", str(tmp_path / "ckpt")).start())
    try:
        assert query.isActive
    finally:
        query.stop()


def test_bitwise_not_column_method_is_spark_bitwise_not(pyspark_session: Any):
    from pyspark.sql import functions as F

    df = pyspark_session.createDataFrame([(0,), (5,), (-3,)], "a int")
    assert str(df.a.bitwiseNOT()) == str(F.bitwise_not(df.a)) == "Column<'~(a)'>"
    assert df.select(df.a.bitwiseNOT().alias("n")).schema == df.select(F.bitwise_not("a").alias("n")).schema
