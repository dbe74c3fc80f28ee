"""Scale-out test harness: real Spark processes on 127.0.0.1, and the program both engines run.

``StandaloneCluster`` (a master and one worker) and ``ConnectServer`` are started
from the pyspark package's own launch scripts (``bin/spark-class``,
``bin/spark-submit``), each in its own process group, and stopped by process
group (a worker's executors and a server's Python workers included).
``apps/wordcount_windows.py`` is the program; ``write_inputs`` makes its input,
``word_counts`` and ``windows`` read what it wrote.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from rillet.spark_backend import ENV_VAR, spark_home

APP = Path(__file__).resolve().parent / "apps" / "wordcount_windows.py"
# small JVMs that start fast: these tests move a few rows
FAST_JVM = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss4m"
# the same session settings on every engine; the JVM flags only matter on Spark
CONFS = [
    "spark.sql.shuffle.partitions=2",
    "spark.ui.enabled=false",
    "spark.cores.max=1",
    "spark.executor.memory=512m",
    f"spark.driver.extraJavaOptions={FAST_JVM}",
    f"spark.executor.extraJavaOptions={FAST_JVM}",
]
TEXTS = [
    "The quick brown fox. The lazy dog!",
    "a stream is an unbounded table, the table grows",
    "the fox jumps; the dog sleeps",
]
# (ts, sensor, reading) per file; later files hold rows behind the previous batches' watermark
EVENTS = [
    [("2026-01-01 00:00:01", "a", 3), ("2026-01-01 00:00:04", "b", 5), ("2026-01-01 00:00:12", "a", 7)],
    [("2026-01-01 00:00:15", "b", 1), ("2026-01-01 00:00:23", "a", 2), ("2026-01-01 00:00:05", "a", 100)],
    [("2026-01-01 00:00:41", "b", 4), ("2026-01-01 00:00:02", "b", 50), ("2026-01-01 00:00:33", "a", 6)],
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spark_env(**extra: str) -> dict[str, str]:
    """This environment, bound to 127.0.0.1, with the switch off (``rillet submit`` turns it on)."""
    env = {k: v for k, v in os.environ.items() if k not in (ENV_VAR, "SPARK_REMOTE")}
    env.update(SPARK_HOME=spark_home(), SPARK_LOCAL_IP="127.0.0.1", SPARK_DAEMON_JAVA_OPTS=FAST_JVM,
               PYSPARK_PYTHON=sys.executable, **extra)
    return env


# ---------------------------------------------------------------------- the program
def write_inputs(root: Path) -> Path:
    """One file per micro-batch (maxFilesPerTrigger=1), in modification-time order."""
    for i, text in enumerate(TEXTS):
        path = root / "text" / f"part-{i}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n")
        os.utime(path, (1_700_000_000 + 10 * i,) * 2)
    for i, rows in enumerate(EVENTS):
        path = root / "events" / f"part-{i}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps({"ts": t, "sensor": s, "reading": r}) + "\n" for t, s, r in rows))
        os.utime(path, (1_700_000_000 + 10 * i,) * 2)
    return root


def submit(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """``rillet --conf ... submit ARGS`` as a user types it."""
    conf = [a for c in CONFS for a in ("--conf", c)]
    return subprocess.run(
        [sys.executable, "-m", "rillet.cli", *conf, "submit", *args],
        capture_output=True, text=True, timeout=timeout, env=spark_env(),
    )


def word_counts(out: Path) -> dict[int, list[list]]:
    """Batch id -> the complete counts the foreachBatch callback saved."""
    return {int(p.stem): json.loads(p.read_text()) for p in (out / "wordcount").glob("*.json")}


def windows(out: Path) -> list[tuple]:
    """Every row the file sink wrote, timestamps as UTC microseconds (engines store them differently)."""
    rows = []
    for path in sorted((out / "windows").glob("*.parquet")):
        table = pq.read_table(path)
        cols = [
            (table[name].cast(pa.timestamp("us", table[name].type.tz)).cast(pa.int64())
             if pa.types.is_timestamp(table[name].type) else table[name]).to_pylist()
            for name in ("start", "end", "sensor", "n", "total", "peak")
        ]
        rows += list(zip(*cols))
    return sorted(rows)


# ---------------------------------------------------------------------- Spark processes
class _Processes:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.procs: list[subprocess.Popen[bytes]] = []

    def _launch(self, name: str, *cmd: str) -> subprocess.Popen[bytes]:
        self.workdir.mkdir(parents=True, exist_ok=True)
        with open(self.workdir / f"{name}.log", "wb") as log:
            proc = subprocess.Popen(list(cmd), stdout=log, stderr=subprocess.STDOUT, env=spark_env(),
                                    start_new_session=True)
        self.procs.append(proc)
        return proc

    def log(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _check_running(self, *names: str) -> None:
        for proc, name in zip(self.procs, names):
            if proc.poll() is not None:
                raise RuntimeError(f"Spark {name} exited ({proc.returncode}): {self.log(name)[-3000:]}")

    def stop(self) -> None:
        """SIGTERM to each process group (last started first), SIGKILL to what is left."""
        for proc in reversed(self.procs):
            _signal_group(proc.pid, signal.SIGTERM)
        for proc in reversed(self.procs):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                _signal_group(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
            _signal_group(proc.pid, signal.SIGKILL)  # anything left in the group (an executor, a worker)
        self.procs.clear()


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


class StandaloneCluster(_Processes):
    """``spark://127.0.0.1:<port>`` with one worker of one core and 1 GiB."""

    def __init__(self, workdir: Path) -> None:
        super().__init__(workdir)
        self.port, self.ui_port, self.worker_ui_port = free_port(), free_port(), free_port()
        self.url = f"spark://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120.0) -> StandaloneCluster:
        spark_class = os.path.join(spark_home(), "bin", "spark-class")
        self._launch("master", spark_class, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                     "--port", str(self.port), "--webui-port", str(self.ui_port))
        self._launch("worker", spark_class, "org.apache.spark.deploy.worker.Worker", self.url,
                     "--host", "127.0.0.1", "--webui-port", str(self.worker_ui_port), "--cores", "1",
                     "--memory", "1g", "--work-dir", str(self.workdir / "work"))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_running("master", "worker")
            if any(w.get("state") == "ALIVE" for w in self.status().get("workers", [])):
                return self
            time.sleep(0.5)
        raise TimeoutError(f"no worker registered with {self.url} in {timeout}s: {self.log('worker')[-3000:]}")

    def status(self) -> dict:
        """The master's JSON status (``/json/``), or {} while it is not up."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.ui_port}/json/", timeout=2) as r:
                return json.load(r)
        except (OSError, ValueError):
            return {}


class ConnectServer(_Processes):
    """A Spark Connect server (``sc://127.0.0.1:<port>``) on ``local[1]``, from the bundled connect jar."""

    def __init__(self, workdir: Path) -> None:
        super().__init__(workdir)
        self.port = free_port()
        self.url = f"sc://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120.0) -> ConnectServer:
        # what sbin/start-connect-server.sh runs (the pyspark package ships no sbin/)
        self._launch(
            "connect", os.path.join(spark_home(), "bin", "spark-submit"),
            "--class", "org.apache.spark.sql.connect.service.SparkConnectServer",
            "--name", "rillet-scaleout-connect", "--master", "local[1]",
            "--conf", f"spark.connect.grpc.binding.port={self.port}",
            "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
            "--conf", "spark.ui.enabled=false",
            "--conf", f"spark.driver.extraJavaOptions={FAST_JVM}",
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_running("connect")
            if "Spark Connect server started at" in self.log("connect"):
                return self
            time.sleep(0.5)
        raise TimeoutError(f"the Connect server did not start in {timeout}s: {self.log('connect')[-3000:]}")
