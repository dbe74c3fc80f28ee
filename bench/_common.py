"""Pieces shared by the benchmarks in ``bench/``: one subprocess per engine, same cores, RSS/CPU, reporting.

A benchmark script runs itself as ``--worker <engine>`` in a subprocess per engine
(:func:`run_worker`); the worker opens a session with :func:`open_session`, runs its
query, and writes a JSON result that includes :func:`close_session`'s peak RSS. The
driver checks the results, prints a table (:func:`print_table`) and the ratios
(:func:`print_ratios`), and writes ``bench/results/<name>.json`` (:func:`write_results`).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS_DIR = HERE / "results"
ENGINES = ("rillet", "pyspark")
MANIFEST = "_manifest.json"  # a leading "_" keeps it out of both file sources


# ---------------------------------------------------------------------- arguments
def add_common_args(p: argparse.ArgumentParser) -> None:
    """The flags every benchmark has: engines, repeat, cores, driver memory, data dir, worker plumbing."""
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--engines", default="rillet,pyspark", help="comma-separated: rillet,pyspark")
    p.add_argument("--repeat", type=int, default=1,
                   help="runs per engine in one session; run 1 is reported as cold, the median of the rest as warm")
    p.add_argument("--cores", type=int, default=2, help="local[N] for PySpark, POLARS_MAX_THREADS for rillet")
    p.add_argument("--spark-driver-memory", default="2g")
    p.add_argument("--data-dir", help="where the backlog is (reused if it matches); default: a temp dir")
    p.add_argument("--keep", action="store_true", help="keep the generated backlog")
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                   help="a session conf for both engines (repeatable; where the benchmark supports it)")
    p.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)


def parse_engines(p: argparse.ArgumentParser, args: argparse.Namespace) -> list[str]:
    """Validate the common flags; the engines to run, in order."""
    if args.repeat < 1 or args.cores < 1:
        p.error("--repeat and --cores must be at least 1")
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    for e in engines:
        if e not in ENGINES:
            p.error(f"unknown engine {e!r}; expected some of {','.join(ENGINES)}")
    return engines


def worker_args(args: argparse.Namespace, data_dir: Path) -> list[str]:
    """The common flags to hand on to a worker subprocess (the script adds its own)."""
    confs = [x for kv in args.conf for x in ("--conf", kv)]
    return ["--data-dir", str(data_dir), "--repeat", str(args.repeat), "--cores", str(args.cores),
            "--spark-driver-memory", args.spark_driver_memory, *confs]


def session_conf(args: argparse.Namespace) -> dict[str, str]:
    """The ``--conf KEY=VALUE`` flags as a dict."""
    return dict(kv.split("=", 1) for kv in args.conf)


# ---------------------------------------------------------------------- the backlog
def existing_manifest(data_dir: Path, wanted: dict[str, Any]) -> dict[str, Any] | None:
    """The manifest of a backlog already in ``data_dir`` generated with ``wanted``; None if there is none."""
    path = data_dir / MANIFEST
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        return None
    manifest = json.loads(path.read_text())
    if {k: manifest.get(k) for k in wanted} == wanted:
        return manifest
    raise SystemExit(f"{data_dir} holds a different backlog ({path}); use another --data-dir")


def save_manifest(data_dir: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    (data_dir / MANIFEST).write_text(json.dumps(manifest))
    return manifest


@contextlib.contextmanager
def workspace(args: argparse.Namespace, prefix: str) -> Iterator[tuple[Path, Path]]:
    """(scratch dir for the workers' results, backlog dir); removed at the end unless kept or given."""
    scratch = Path(tempfile.mkdtemp(prefix=f"{prefix}-"))
    data_dir = Path(args.data_dir).resolve() if args.data_dir else Path(tempfile.mkdtemp(prefix=f"{prefix}-data-"))
    try:
        yield scratch, data_dir
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if args.keep:
            print(f"kept the backlog at {data_dir}")
        elif not args.data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)


# ---------------------------------------------------------------------- one engine (subprocess)
def peak_rss_kb(pid: int | str = "self") -> int | None:
    """VmHWM (peak resident set) of a process, from /proc (Linux)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_s(pids: list[int]) -> float:
    """CPU seconds (user + system, all threads) of this process plus ``pids`` (the JVM)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    total = usage.ru_utime + usage.ru_stime
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return total


def jvm_pids(spark: Any) -> list[int]:
    proc = getattr(getattr(getattr(spark, "sparkContext", None), "_gateway", None), "proc", None)
    return [proc.pid] if proc is not None else []


def timed_run(writer: Any, jvm: list[int], checkpoint: str) -> tuple[float, float, list[dict[str, Any]]]:
    """Start a configured availableNow query, wait for it, and return its wall time, CPU
    time (driver + JVM) and progress reports as plain dicts; the checkpoint is removed."""
    cpu_start = cpu_s(jvm)
    t_start = time.perf_counter()
    query = writer.start()
    query.awaitTermination()
    total_s = time.perf_counter() - t_start
    used = cpu_s(jvm) - cpu_start
    progress = [json.loads(p.json) for p in query.recentProgress]
    shutil.rmtree(checkpoint, ignore_errors=True)
    return total_s, used, progress


def open_session(engine: str, app_name: str, cores: int, driver_memory: str,
                 conf: dict[str, str] | None = None) -> tuple[Any, Any, float, float]:
    """(spark, functions module, import s, session s) for ``engine``, PySpark as ``local[cores]``, UI off.

    ``conf`` is set on both engines' builders.
    """
    t = time.perf_counter()
    if engine == "rillet":
        from rillet.sql import SparkSession
        from rillet.sql import functions as F
    else:
        from pyspark.sql import SparkSession
        from pyspark.sql import functions as F
    import_s = time.perf_counter() - t

    t = time.perf_counter()
    builder = SparkSession.builder.appName(app_name)
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    if engine == "rillet":
        spark = builder.getOrCreate()
    else:
        spark = (
            builder.master(f"local[{cores}]")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", str(cores))
            .config("spark.driver.memory", driver_memory)
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
    return spark, F, import_s, time.perf_counter() - t


def close_session(spark: Any) -> dict[str, int | None]:
    """Stop the session; the peak RSS (KiB) of this process and of the JVM, read just before."""
    rss: dict[str, int | None] = {"driver_kb": peak_rss_kb()}
    for pid in jvm_pids(spark):
        rss["jvm_kb"] = peak_rss_kb(pid)
    spark.stop()
    if rss["driver_kb"] is None:  # no /proc: ru_maxrss is KiB on Linux, bytes on macOS
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        rss["driver_kb"] = maxrss // 1024 if sys.platform == "darwin" else maxrss
    return rss


def peak_rss_mb(rss: dict[str, Any]) -> float:
    return ((rss.get("driver_kb") or 0) + (rss.get("jvm_kb") or 0)) / 1024


def run_worker(script: str, engine: str, args: list[str], scratch: Path, cores: int) -> dict[str, Any]:
    """Run ``script --worker engine --out <json> *args`` in a subprocess; its JSON result plus process figures."""
    out = scratch / f"{engine}.json"
    cmd = [sys.executable, str(Path(script).resolve()), "--worker", engine, "--out", str(out), *args]
    env = dict(os.environ, POLARS_MAX_THREADS=str(cores), PYSPARK_PYTHON=sys.executable)
    t = time.perf_counter()
    log_path = scratch / f"{engine}.log"
    with open(log_path, "wb") as log:  # the JVM's chatter; shown only if the worker fails
        proc = subprocess.Popen(cmd, env=env, stderr=log, cwd=scratch)  # cwd: no spark-warehouse/ litter
        _, status, usage = os.wait4(proc.pid, 0)
    returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t
    if returncode != 0 or not out.exists():
        tail = log_path.read_text(errors="replace").splitlines()[-30:]
        print(f"--- {engine} worker stderr (last lines) ---", *tail, sep="\n", file=sys.stderr)
        return {"engine": engine, "error": f"worker exited with {returncode}", "process_s": wall}
    res = json.loads(out.read_text())
    res["process_s"] = wall
    # ru_maxrss of the worker's process tree: the largest single process (JVM included once reaped)
    res["rss"]["tree_max_kb"] = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return res


def run_engines(script: str, engines: list[str], args: list[str], scratch: Path,
                cores: int) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Run every engine's worker in turn; (results of those that finished, errors of those that failed)."""
    results: dict[str, dict[str, Any]] = {}
    for engine in engines:
        print(f"running {engine} ...", flush=True)
        results[engine] = run_worker(script, engine, args, scratch, cores)
    failed = {e: r["error"] for e, r in results.items() if "error" in r}
    for e, err in failed.items():
        print(f"!!! {e} FAILED: {err}")
    return {e: r for e, r in results.items() if e not in failed}, failed


# ---------------------------------------------------------------------- reporting
def check_load(cores: int) -> tuple[float, float, float]:
    """The load average now; prints a warning if other work is running."""
    load = os.getloadavg()
    if load[0] > 0.5 * cores:
        print(f"note: load average {load[0]:.1f} on {os.cpu_count()} CPUs: other work is running, "
              "times will be noisy (CPU s is less affected)")
    return load


def print_table(columns: list[tuple[str, str, str]], summaries: dict[str, dict[str, Any]]) -> None:
    """One row per engine; ``columns`` are (header, summary key, format)."""
    header = ["engine", *(h for h, _, _ in columns)]
    rows = [[e, *(fmt.format(s.get(k)) for _, k, fmt in columns)] for e, s in summaries.items()]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print("  ".join(h.rjust(w) for h, w in zip(header, widths)))
    for r in rows:
        print("  ".join(v.rjust(w) for v, w in zip(r, widths)))


def ratios(summaries: dict[str, dict[str, Any]], keys: dict[str, str]) -> dict[str, float]:
    """pyspark / rillet for each ``name: summary key`` present for both; printed; {} without both engines."""
    if "rillet" not in summaries or "pyspark" not in summaries:
        return {}
    r, s = summaries["rillet"], summaries["pyspark"]
    out = {name: s[k] / r[k] for name, k in keys.items() if r.get(k) and s.get(k) is not None}
    print("\npyspark / rillet (above 1: rillet is faster or smaller)")
    for k, v in out.items():
        print(f"  {k:17s} {v:6.2f}x")
    return out


def write_results(name: str, args: argparse.Namespace, load_before: tuple[float, float, float],
                  **payload: Any) -> None:
    """``bench/results/<name>.json``: date, machine, load, arguments, and ``payload``."""
    path = RESULTS_DIR / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "benchmark": name,
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "python": platform.python_version(),
                    "cpus": os.cpu_count(), "cores_used": args.cores,
                    "loadavg_before": load_before, "loadavg_after": os.getloadavg()},
        "args": {k: v for k, v in vars(args).items() if k not in ("worker", "out")},
        **payload,
    }, indent=2))
    print(f"written {path.relative_to(HERE.parent)}")


# ---------------------------------------------------------------------- event-stream runs
def event_run_summary(res: dict[str, Any], events: int) -> dict[str, Any]:
    """The figures every event-stream benchmark reports for one engine: startup, the cold
    run's time/CPU/throughput/batch times/peak RSS/state size, and the warm runs' medians."""
    import statistics

    runs = res["runs"]
    cold = runs[0]
    state = [s for s in cold["state_rows"] if s is not None]
    out = {
        "startup_s": res["import_s"] + res["session_s"],
        "total_s": cold["total_s"],
        "cpu_s": cold["cpu_s"],
        "events_per_s": events / cold["total_s"],
        "batches": cold["batches"],
        "median_batch_ms": statistics.median(m for m in cold["batch_ms"] if m is not None),
        "max_batch_ms": max(m for m in cold["batch_ms"] if m is not None),
        "max_state_rows": max(state) if state else None,
        "peak_rss_mb": peak_rss_mb(res["rss"]),
        "process_s": res["process_s"],
    }
    if runs[1:]:
        out["warm_total_s"] = statistics.median(r["total_s"] for r in runs[1:])
        out["warm_cpu_s"] = statistics.median(r["cpu_s"] for r in runs[1:])
        out["warm_events_per_s"] = events / out["warm_total_s"]
    return out


EVENT_COLUMNS = [("startup s", "startup_s", "{:.2f}"), ("total s", "total_s", "{:.2f}"), ("CPU s", "cpu_s", "{:.2f}"),
                 ("events/s", "events_per_s", "{:,.0f}"), ("batches", "batches", "{}"),
                 ("median batch ms", "median_batch_ms", "{:,.0f}"), ("max batch ms", "max_batch_ms", "{:,.0f}"),
                 ("max state rows", "max_state_rows", "{:,}"), ("peak RSS MB", "peak_rss_mb", "{:,.0f}")]
EVENT_WARM_COLUMNS = [("warm total s", "warm_total_s", "{:.2f}"), ("warm CPU s", "warm_cpu_s", "{:.2f}"),
                      ("warm events/s", "warm_events_per_s", "{:,.0f}")]
EVENT_RATIOS = {"total": "total_s", "cpu": "cpu_s", "median_batch": "median_batch_ms", "startup": "startup_s",
                "peak_rss": "peak_rss_mb", "warm_total": "warm_total_s", "warm_cpu": "warm_cpu_s"}
