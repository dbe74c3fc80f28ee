"""The dashboard: its JSON endpoints against running queries, and the page in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import threading
import urllib.error
import urllib.request
import uuid

import pytest
from helpers import write_file

from rillet.errors import StreamingQueryException
from rillet.sql import SparkSession
from rillet.sql import functions as F


@pytest.fixture
def ui_spark():
    """A session of its own with the dashboard on (on a free port); stopped after the test."""
    session = (
        SparkSession.Builder().config("spark.ui.enabled", "true").config("spark.ui.port", "0")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.streaming.ui.retainedProgressUpdates", "3").create()
    )
    yield session
    session.stop()


def _get(url: str):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.status, r.headers.get("Content-Type"), r.read()


def _api(ui, path: str):
    return json.loads(_get(ui.url + path)[2])


def _drain(session) -> None:
    assert session.streams._bus.wait_until_empty(30)


def test_dashboard_is_bound_to_localhost_and_stops_with_the_session():
    session = SparkSession.Builder().config("spark.ui.port", "0").create()
    ui = session._ui
    assert ui is not None and ui.host == "127.0.0.1"
    assert _get(ui.url + "/")[0] == 200
    session.stop()
    with pytest.raises(urllib.error.URLError):
        _get(ui.url + "/api/queries")


def test_dashboard_takes_the_next_port_when_the_configured_one_is_taken():
    taken = socket.create_server(("127.0.0.1", 0))
    port = taken.getsockname()[1]
    try:
        session = SparkSession.Builder().config("spark.ui.port", str(port)).create()
        try:
            assert session._ui is not None and session._ui.port > port
        finally:
            session.stop()
    finally:
        taken.close()


def test_dashboard_is_off_when_disabled(spark):
    assert spark._ui is None


def test_endpoints_list_queries_and_serve_bounded_progress(ui_spark, tmp_path):
    ui = ui_spark._ui
    counts = ui_spark.readStream.text(str(tmp_path)).groupBy("value").count()
    q = counts.writeStream.format("memory").outputMode("complete").queryName(f"ui_{uuid.uuid4().hex[:6]}").start()
    for i in range(5):
        write_file(tmp_path, f"{i}.txt", f"a\nb{i}\n")
        q.processAllAvailable()
    _drain(ui_spark)

    status, kind, body = _get(ui.url + "/")
    assert status == 200 and kind.startswith("text/html") and b"charts.js" in body
    assert _get(ui.url + "/static/charts.js")[0] == 200

    [summary] = [s for s in _api(ui, "/api/queries")["queries"] if s["runId"] == q.runId]
    assert summary["active"] and summary["id"] == q.id and summary["name"] == q.name
    assert summary["lastBatchId"] == 4 and summary["status"]["message"] == "Waiting for data to arrive"

    progress = _api(ui, f"/api/queries/{q.id}/progress")["progress"]
    assert [p["batchId"] for p in progress] == [2, 3, 4]  # retainedProgressUpdates=3: bounded
    assert progress[-1] == json.loads(q.lastProgress.json)
    assert progress[-1]["stateOperators"][0]["numRowsTotal"] == 6
    assert [p["batchId"] for p in _api(ui, f"/api/queries/{q.runId}/progress?since=3")["progress"]] == [4]

    detail = _api(ui, f"/api/queries/{q.runId}")
    assert "Aggregate" in detail["plan"] and detail["exception"] is None

    q.stop()
    _drain(ui_spark)
    [summary] = [s for s in _api(ui, "/api/queries")["queries"] if s["runId"] == q.runId]
    assert not summary["active"]

    with pytest.raises(urllib.error.HTTPError) as e:
        _get(ui.url + "/api/queries/nope")
    assert e.value.code == 404


def test_endpoints_show_the_last_exception(ui_spark, tmp_path):
    zero = ui_spark.readStream.text(str(tmp_path)).selectExpr("1 / (length(value) - length(value)) AS x")
    q = zero.writeStream.format("noop").start()
    write_file(tmp_path, "a.txt", "abc\n")
    with pytest.raises(StreamingQueryException):
        q.awaitTermination(30)
    _drain(ui_spark)
    detail = _api(ui_spark._ui, f"/api/queries/{q.runId}")
    assert not detail["active"] and "DIVIDE_BY_ZERO" in detail["exception"]
    assert detail["errorClassOnException"] == "DIVIDE_BY_ZERO"


def test_progress_long_poll_returns_when_a_batch_ends(ui_spark, tmp_path):
    q = ui_spark.readStream.text(str(tmp_path)).writeStream.format("noop").start()
    write_file(tmp_path, "0.txt", "x\n")
    q.processAllAvailable()
    _drain(ui_spark)
    result: dict[str, object] = {}

    def poll() -> None:
        result["progress"] = _api(ui_spark._ui, f"/api/queries/{q.id}/progress?since=0&wait=10")["progress"]

    t = threading.Thread(target=poll)
    t.start()
    write_file(tmp_path, "1.txt", "y\n")
    t.join(30)
    assert [p["batchId"] for p in result["progress"]] == [1]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed")
def test_charts_render_and_update_in_headless_chromium(ui_spark, tmp_path):
    windowed = (
        ui_spark.readStream.format("rate").option("rowsPerSecond", 20).load()
        .withWatermark("timestamp", "1 second")
        .groupBy(F.window("timestamp", "2 seconds")).count()
    )
    q = windowed.writeStream.format("noop").outputMode("append").queryName("ui_chart").start()
    while q.lastProgress is None or q.lastProgress["batchId"] < 1:
        q.awaitTermination(0.2)
    page = f"{ui_spark._ui.url}/#/query/{q.runId}"
    args = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=4000", "--window-size=1400,1100",
    ]
    dom = subprocess.run([*args, "--dump-dom", page], capture_output=True, text=True, timeout=120).stdout
    charts = {title: int(n) for n, title in re.findall(r'data-points="(\d+)" data-chart="([^"]+)"', dom)}
    for title in ("Input Rate (rows/sec)", "Process Rate (rows/sec)", "Input Rows", "Batch Duration (ms)",
                  "Operation Duration (ms)", "Aggregated Number Of Total State Rows", "Global Watermark"):
        assert charts.get(title, 0) >= 2, (title, charts)
    # the page kept polling and drew batches that ended after it loaded
    assert int(re.search(r'data-updates="(\d+)"', dom).group(1)) >= 2
    assert q.runId in dom and "Aggregate" in dom  # the plan is shown

    shot = tmp_path / "dashboard.png"
    subprocess.run([*args, f"--screenshot={shot}", page], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000
    print(f"dashboard screenshot: {shot}")
