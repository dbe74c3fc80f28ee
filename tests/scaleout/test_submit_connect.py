"""``rillet submit --master sc://...``: the same ``rillet.sql`` program through Spark Connect.

A Spark Connect server is started here from the connect jar the pyspark package
bundles (``jars/spark-connect_2.13-4.0.*.jar``) and stopped at the end. The client
side is plain Python (no JVM): the app's UDF and foreachBatch callback are
pickled to the server and run in its Python workers. Its output must equal the
program's output on rillet's engine.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scaleout.harness import APP, TEXTS, ConnectServer, submit, windows, word_counts

pytest.importorskip("grpc", reason="a Spark Connect client needs grpcio: pip install -e '.[spark]'")


@pytest.fixture(scope="module")
def connect_server(java: None, tmp_path_factory: pytest.TempPathFactory):
    server = ConnectServer(tmp_path_factory.mktemp("spark-connect"))
    try:
        yield server.start()
    finally:
        server.stop()


def test_wordcount_and_windows_agree_through_spark_connect_and_on_rillet(
    connect_server: ConnectServer, program_inputs: Path, on_rillet: Path, tmp_path: Path
):
    result = submit("--master", connect_server.url, str(APP), str(program_inputs), str(tmp_path))
    assert result.returncode == 0, result.stderr[-4000:]
    # the queries ran in the server: its log names them
    assert "FileStreamSource[file:" + str(program_inputs / "events") in connect_server.log("connect")

    counts = word_counts(tmp_path)
    assert sorted(counts) == list(range(len(TEXTS)))
    assert word_counts(on_rillet) == counts
    emitted = windows(tmp_path)
    assert emitted and windows(on_rillet) == emitted


def test_late_rows_path_is_a_clear_error_through_spark_connect(connect_server: ConnectServer, tmp_path: Path):
    app = tmp_path / "late.py"
    app.write_text(
        "from rillet.sql import SparkSession\n"
        "spark = SparkSession.builder.getOrCreate()\n"
        "events = spark.readStream.format('rate').load().withWatermark('timestamp', '1 second')\n"
        f"events.writeStream.format('noop').option('lateRowsPath', {str(tmp_path / 'late')!r}).start()\n"
    )
    result = submit("--master", connect_server.url, str(app))
    assert result.returncode == 1
    assert "RilletOnlyFeature: writeStream option 'lateRowsPath' is the late-row side output" in result.stderr
    assert not (tmp_path / "late").exists()
