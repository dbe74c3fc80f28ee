"""The ``rillet`` command, run as a subprocess: each command, and bad input as one clear line."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import uuid

from helpers import write_file

NO_UI = ["--conf", "spark.ui.enabled=false"]


def rillet(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rillet.cli", *args], capture_output=True, text=True, timeout=timeout)


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert result.returncode == code, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("rillet: "), result.stderr
    for word in words:
        assert word in lines[0]


def test_version():
    from rillet import __version__

    result = rillet("version")
    assert result.returncode == 0 and result.stdout.strip() == f"rillet {__version__}"


def test_run_executes_the_job_with_its_arguments_and_the_dashboard(tmp_path):
    job = tmp_path / "job.py"
    job.write_text(textwrap.dedent("""
        import sys
        from rillet.sql import SparkSession
        spark = SparkSession.builder.getOrCreate()
        print("rows", spark.range(int(sys.argv[1])).count(), "ui", spark._ui is not None)
    """))
    result = rillet("--conf", "spark.ui.port=0", "run", "--no-wait", str(job), "7")
    assert result.returncode == 0, result.stderr
    assert "rows 7 ui True" in result.stdout
    assert "dashboard at http://127.0.0.1:" in result.stderr


def test_run_missing_file_is_one_line(tmp_path):
    assert_one_line_error(rillet("run", str(tmp_path / "nope.py")), 2, "no such job file", "nope.py")


def test_run_job_that_raises_is_one_line_and_debug_shows_the_traceback(tmp_path):
    job = tmp_path / "bad.py"
    job.write_text("def f():\n    raise ValueError('bad input row 3')\nf()\n")
    assert_one_line_error(rillet(*NO_UI, "run", str(job)), 1, "bad.py", "ValueError: bad input row 3")
    debug = rillet(*NO_UI, "--debug", "run", str(job))
    assert debug.returncode != 0 and "Traceback" in debug.stderr and "bad input row 3" in debug.stderr


def test_run_job_exit_code_is_kept(tmp_path):
    job = tmp_path / "exit.py"
    job.write_text("import sys\nsys.exit(3)\n")
    assert rillet(*NO_UI, "run", str(job)).returncode == 3


def test_bad_conf_is_one_line(tmp_path):
    job = tmp_path / "job.py"
    job.write_text("")
    assert_one_line_error(rillet("--conf", "novalue", "run", str(job)), 2, "KEY=VALUE", "novalue")


def test_checkpoint_inspect_shows_batches_offsets_and_state(spark, tmp_path):
    data, ckpt = tmp_path / "in", tmp_path / "ckpt"
    data.mkdir()
    counts = spark.readStream.text(str(data)).groupBy("value").count()
    q = (counts.writeStream.format("memory").outputMode("complete").queryName(f"cli_{uuid.uuid4().hex[:6]}")
         .option("checkpointLocation", str(ckpt)).start())
    for i in range(2):
        write_file(data, f"{i}.txt", "a\nb\n")
        q.processAllAvailable()
    q.stop()

    text = rillet("checkpoint", "inspect", str(ckpt))
    assert text.returncode == 0, text.stderr
    assert f"query id     {q.id}" in text.stdout
    assert "offsets      2 (batches 0..1)" in text.stdout and "commits      2 (batches 0..1)" in text.stdout
    assert "uncommitted  none" in text.stdout and "state op 0   version 1" in text.stdout

    info = json.loads(rillet("checkpoint", "inspect", "--json", str(ckpt)).stdout)
    assert info["id"] == q.id and info["latestOffsets"]["batchId"] == 1
    [op] = info["stateOperators"]
    assert op["latestVersion"] == 1 and op["deltaFiles"] == 2 and op["sizeBytes"] > 0


def test_checkpoint_inspect_of_a_folder_that_is_not_a_checkpoint(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    assert_one_line_error(rillet("checkpoint", "inspect", str(tmp_path)), 2, "is not a checkpoint")
    assert_one_line_error(rillet("checkpoint", "inspect", str(tmp_path / "missing")), 2, "no such checkpoint folder")
    assert not (tmp_path / "offsets").exists()  # inspecting never creates anything


def test_demo_runs_a_windowed_stream_with_a_watermark():
    batches = 3
    result = rillet(*NO_UI, "demo", "--batches", str(batches), "--no-wait")
    assert result.returncode == 0, result.stderr
    assert "Batch: 0" in result.stdout and f"Batch: {batches - 1}" in result.stdout
    assert "|window" in result.stdout and "avg_reading" in result.stdout


# ---------------------------------------------------------------------- submit (on Spark: tests/scaleout/)
def test_submit_without_master_runs_the_job_on_rillet(tmp_path):
    job = tmp_path / "job.py"
    job.write_text(textwrap.dedent("""
        import sys
        from rillet.sql import SparkSession
        spark = SparkSession.builder.getOrCreate()
        print("engine", type(spark).__module__, "rows", spark.range(int(sys.argv[1])).count(),
              "partitions", spark.conf.get("spark.sql.shuffle.partitions"))
    """))
    result = rillet(*NO_UI, "--conf", "spark.sql.shuffle.partitions=3", "submit", str(job), "4")
    assert result.returncode == 0, result.stderr
    assert "engine rillet.sql.session rows 4 partitions 3" in result.stdout


def test_submit_bad_input_is_one_line(tmp_path):
    job = tmp_path / "job.py"
    job.write_text("print('never runs')\n")
    assert_one_line_error(rillet("submit", "--master", "mesos://x:5050", str(job)), 2, "--master", "mesos://x:5050")
    assert_one_line_error(rillet("submit", "--master", "local[2]", str(tmp_path / "nope.py")), 2, "no such job file")
    assert_one_line_error(rillet("--conf", "novalue", "submit", "--master", "local[2]", str(job)), 2,
                          "--conf expects KEY=VALUE", "novalue")
