"""Word count over a fixed backlog of text files with ``availableNow``: rillet vs real PySpark.

The workload is the seed program of Spark's guide, reading a directory of text files:

    lines = spark.readStream.format("text").load(dir)
    words = lines.select(F.explode(F.split(F.col("value"), r"\\s")).alias("word"))
    counts = words.groupBy("word").count()
    counts.writeStream.foreachBatch(...).outputMode("complete").trigger(availableNow=True)

A deterministic backlog (seeded RNG, a Zipf-distributed vocabulary) is generated once
and read by both engines. Each engine runs in its own subprocess (so JVM and Polars
memory and threads do not interfere and peak RSS can be read per engine), with the
same number of cores: PySpark as ``local[N]`` with ``spark.sql.shuffle.partitions=N``
and the UI off, rillet with ``POLARS_MAX_THREADS=N``.

Per engine and run it measures: import and session start; time to first batch (from
``start()`` to the first micro-batch's result being in the driver: the foreachBatch
function materializes every batch with ``toArrow()``, which is where PySpark runs
the lazy batch plan); total time of the availableNow run (``start()`` to the end of
``awaitTermination()``); lines/s; peak RSS. Both engines' final counts are compared
(sum of counts == number of words generated, top-10 and every count equal).

Run ``python bench/wordcount_files.py`` (2M lines in 20 files); ``--help`` for flags.
Results go to stdout and to ``bench/results/wordcount_files.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "wordcount_files.json"
ENGINES = ("rillet", "pyspark")
MANIFEST = "_manifest.json"  # a leading "_" keeps it out of both file sources


# ---------------------------------------------------------------------- the backlog
def _vocabulary(rng: Any, size: int) -> list[str]:
    """``size`` distinct lowercase words of 2..10 letters, in rank order."""
    import numpy as np

    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < size:
        n = int(rng.integers(2, 11))
        w = "".join(letters[rng.integers(0, 26, n)])
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words


def generate(data_dir: Path, lines: int, files: int, vocab: int, seed: int) -> dict[str, Any]:
    """Write ``lines`` lines over ``files`` files in ``data_dir``; reuse them if already there."""
    import numpy as np

    wanted = {"lines": lines, "files": files, "vocab": vocab, "seed": seed, "version": 1}
    manifest_path = data_dir / MANIFEST
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if {k: manifest.get(k) for k in wanted} == wanted:
            return manifest
        raise SystemExit(f"{data_dir} holds a different backlog ({manifest_path}); use another --data-dir")
    data_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    words = np.array(_vocabulary(rng, vocab), dtype=object)
    weights = 1.0 / np.arange(1, vocab + 1) ** 1.1  # Zipf-ish: a few very common words, a long tail
    cdf = np.cumsum(weights / weights.sum())
    total_words = 0
    total_bytes = 0
    per_file = [lines // files + (1 if i < lines % files else 0) for i in range(files)]
    for i, n in enumerate(per_file):
        lengths = rng.integers(1, 16, n)  # 1..15 words a line, mean 8
        idx = np.minimum(np.searchsorted(cdf, rng.random(int(lengths.sum()))), vocab - 1)
        tokens = words[idx].tolist()
        ends = np.cumsum(lengths).tolist()
        out: list[str] = []
        start = 0
        for end in ends:
            out.append(" ".join(tokens[start:end]))
            start = end
        text = "\n".join(out) + "\n"
        path = data_dir / f"part-{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        total_words += len(tokens)
        total_bytes += len(text)
    manifest = {**wanted, "words": total_words, "bytes": total_bytes}
    manifest_path.write_text(json.dumps(manifest))
    return manifest


# ---------------------------------------------------------------------- one engine (subprocess)
def _peak_rss_kb(pid: int | str = "self") -> int | None:
    """VmHWM (peak resident set) of a process, from /proc (Linux)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _cpu_s(pids: list[int]) -> float:
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


def _jvm_pids(spark: Any) -> list[int]:
    proc = getattr(getattr(getattr(spark, "sparkContext", None), "_gateway", None), "proc", None)
    return [proc.pid] if proc is not None else []


def _run_query(spark: Any, F: Any, engine: str, data_dir: Path, max_files: int | None) -> tuple[dict[str, Any], Any]:
    """One availableNow run of the word count; its timings and the last batch's counts (Arrow)."""
    jvm = _jvm_pids(spark)
    checkpoint = tempfile.mkdtemp(prefix=f"bench-wc-{engine}-ckpt-")
    seen: dict[str, Any] = {"first": None, "first_rows": None, "batches": 0, "table": None}
    t_start = 0.0

    def on_batch(batch_df: Any, batch_id: int) -> None:
        table = batch_df.toArrow()  # materialize: PySpark runs the batch plan here
        if seen["first"] is None:
            seen["first"] = time.perf_counter() - t_start
            seen["first_rows"] = table.num_rows
        seen["batches"] += 1
        seen["table"] = table

    reader = spark.readStream.format("text")
    if max_files:
        reader = reader.option("maxFilesPerTrigger", max_files)
    lines = reader.load(str(data_dir))
    words = lines.select(F.explode(F.split(F.col("value"), r"\s")).alias("word"))
    counts = words.groupBy("word").count()
    writer = (
        counts.writeStream.foreachBatch(on_batch)
        .outputMode("complete")
        .trigger(availableNow=True)
        .option("checkpointLocation", checkpoint)
    )
    cpu_start = _cpu_s(jvm)
    t_start = time.perf_counter()
    query = writer.start()
    query.awaitTermination()
    total_s = time.perf_counter() - t_start
    cpu_s = _cpu_s(jvm) - cpu_start
    progress = [json.loads(p.json) for p in query.recentProgress]
    shutil.rmtree(checkpoint, ignore_errors=True)
    if seen["table"] is None:
        raise SystemExit(f"{engine}: the query ran no batch")
    run = {
        "first_batch_s": seen["first"],
        "first_batch_rows": seen["first_rows"],
        "total_s": total_s,
        "cpu_s": cpu_s,
        "batches": seen["batches"],
        "input_rows": sum(int(p.get("numInputRows", 0)) for p in progress),
        "durations_ms": [p.get("durationMs", {}) for p in progress],
    }
    return run, seen["table"]


def worker(args: argparse.Namespace) -> None:
    """Run the query ``--repeat`` times on one engine; write a JSON result to ``--out``."""
    engine = args.worker
    data_dir = Path(args.data_dir)
    t = time.perf_counter()
    if engine == "rillet":
        from rillet.sql import SparkSession
        from rillet.sql import functions as F
    else:
        from pyspark.sql import SparkSession
        from pyspark.sql import functions as F
    import_s = time.perf_counter() - t

    t = time.perf_counter()
    if engine == "rillet":
        spark = SparkSession.builder.appName("bench-wordcount").getOrCreate()
    else:
        spark = (
            SparkSession.builder.master(f"local[{args.cores}]")
            .appName("bench-wordcount")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", str(args.cores))
            .config("spark.driver.memory", args.spark_driver_memory)
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
    session_s = time.perf_counter() - t

    runs: list[dict[str, Any]] = []
    final_counts: dict[str, int] = {}
    unstable: list[int] = []  # runs whose counts differ from run 1's
    for r in range(args.repeat):
        run, table = _run_query(spark, F, engine, data_dir, args.max_files_per_trigger)
        result = dict(zip(table.column("word").to_pylist(), table.column("count").to_pylist()))
        if r == 0:
            final_counts = result
        elif result != final_counts:
            unstable.append(r + 1)
        runs.append(run)

    rss: dict[str, int | None] = {"driver_kb": _peak_rss_kb()}
    for pid in _jvm_pids(spark):
        rss["jvm_kb"] = _peak_rss_kb(pid)
    spark.stop()
    if rss["driver_kb"] is None:  # no /proc: ru_maxrss is KiB on Linux, bytes on macOS
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        rss["driver_kb"] = maxrss // 1024 if sys.platform == "darwin" else maxrss
    Path(args.out).write_text(json.dumps({
        "engine": engine,
        "import_s": import_s,
        "session_s": session_s,
        "runs": runs,
        "rss": rss,
        "counts": final_counts,
        "unstable_runs": unstable,
    }))


# ---------------------------------------------------------------------- the driver
def _run_engine(engine: str, args: argparse.Namespace, data_dir: Path, scratch: Path) -> dict[str, Any]:
    out = scratch / f"{engine}.json"
    cmd = [
        sys.executable, str(Path(__file__).resolve()), "--worker", engine,
        "--data-dir", str(data_dir), "--out", str(out), "--repeat", str(args.repeat),
        "--cores", str(args.cores), "--spark-driver-memory", args.spark_driver_memory,
    ]
    if args.max_files_per_trigger:
        cmd += ["--max-files-per-trigger", str(args.max_files_per_trigger)]
    env = dict(os.environ, POLARS_MAX_THREADS=str(args.cores), PYSPARK_PYTHON=sys.executable)
    t = time.perf_counter()
    log_path = scratch / f"{engine}.log"
    with open(log_path, "wb") as log:  # the JVM's chatter; shown only if the worker fails
        proc = subprocess.Popen(cmd, env=env, stderr=log, cwd=scratch)  # cwd: no spark-warehouse/ litter
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t
    if proc.returncode != 0 or not out.exists():
        tail = log_path.read_text(errors="replace").splitlines()[-30:]
        print(f"--- {engine} worker stderr (last lines) ---", *tail, sep="\n", file=sys.stderr)
        return {"engine": engine, "error": f"worker exited with {proc.returncode}", "process_s": wall}
    res = json.loads(out.read_text())
    res["process_s"] = wall
    # ru_maxrss of the worker's process tree: the largest single process (JVM included once reaped)
    res["rss"]["tree_max_kb"] = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return res


def _top(counts: dict[str, int], n: int = 10) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def _verify(results: dict[str, dict[str, Any]], manifest: dict[str, Any]) -> list[str]:
    problems = []
    for engine, res in results.items():
        counts = res.get("counts") or {}
        if sum(counts.values()) != manifest["words"]:
            problems.append(f"{engine}: sum of counts {sum(counts.values())} != {manifest['words']} words generated")
        if res.get("unstable_runs"):
            problems.append(f"{engine}: runs {res['unstable_runs']} counted differently from run 1")
        rows = res["runs"][0]["input_rows"] if res.get("runs") else None
        if rows != manifest["lines"]:
            problems.append(f"{engine}: progress reports {rows} input rows, {manifest['lines']} lines generated")
    ok = [e for e in results if "counts" in results[e]]
    for other in ok[1:]:
        a, b = results[ok[0]]["counts"], results[other]["counts"]
        if _top(a) != _top(b):
            problems.append(f"top-10 differ: {ok[0]} {_top(a)} vs {other} {_top(b)}")
        if a != b:
            diff = [w for w in set(a) | set(b) if a.get(w) != b.get(w)]
            problems.append(f"{len(diff)} words counted differently by {ok[0]} and {other}, e.g. "
                            + ", ".join(f"{w!r}: {a.get(w)} vs {b.get(w)}" for w in sorted(diff)[:5]))
    return problems


def _summary(res: dict[str, Any], lines: int) -> dict[str, Any]:
    runs = res["runs"]
    cold = runs[0]
    warm = runs[1:]
    rss = res["rss"]
    peak_mb = ((rss.get("driver_kb") or 0) + (rss.get("jvm_kb") or 0)) / 1024
    out = {
        "import_s": res["import_s"],
        "session_s": res["session_s"],
        "startup_s": res["import_s"] + res["session_s"],
        "first_batch_s": cold["first_batch_s"],
        "total_s": cold["total_s"],
        "cpu_s": cold["cpu_s"],
        "lines_per_s": lines / cold["total_s"],
        "batches": cold["batches"],
        "peak_rss_mb": peak_mb,
        "process_s": res["process_s"],
    }
    if warm:
        out["warm_first_batch_s"] = statistics.median(r["first_batch_s"] for r in warm)
        out["warm_total_s"] = statistics.median(r["total_s"] for r in warm)
        out["warm_cpu_s"] = statistics.median(r["cpu_s"] for r in warm)
        out["warm_lines_per_s"] = lines / out["warm_total_s"]
    return out


def _print_table(summaries: dict[str, dict[str, Any]], repeat: int) -> None:
    cols = [("engine", "{}"), ("import s", "{:.2f}"), ("session s", "{:.2f}"), ("first batch s", "{:.2f}"),
            ("total s", "{:.2f}"), ("CPU s", "{:.2f}"), ("lines/s", "{:,.0f}"), ("batches", "{}"),
            ("peak RSS MB", "{:,.0f}")]
    keys = ["engine", "import_s", "session_s", "first_batch_s", "total_s", "cpu_s", "lines_per_s", "batches",
            "peak_rss_mb"]
    if repeat > 1:
        cols += [("warm first s", "{:.2f}"), ("warm total s", "{:.2f}"), ("warm CPU s", "{:.2f}"),
                 ("warm lines/s", "{:,.0f}")]
        keys += ["warm_first_batch_s", "warm_total_s", "warm_cpu_s", "warm_lines_per_s"]
    rows = [[fmt.format(s.get(k)) if k != "engine" else e for (_, fmt), k in zip(cols, keys)]
            for e, s in summaries.items()]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, (h, _) in enumerate(cols)]
    print("  ".join(h.rjust(w) for (h, _), w in zip(cols, widths)))
    for r in rows:
        print("  ".join(v.rjust(w) for v, w in zip(r, widths)))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lines", type=int, default=2_000_000, help="lines in the backlog (default 2,000,000)")
    p.add_argument("--files", type=int, default=20, help="files the lines are spread over (default 20)")
    p.add_argument("--vocab", type=int, default=10_000, help="distinct words (default 10,000)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--engines", default="rillet,pyspark", help="comma-separated: rillet,pyspark")
    p.add_argument("--repeat", type=int, default=1,
                   help="runs per engine in one session; run 1 is reported as cold, the median of the rest as warm")
    p.add_argument("--cores", type=int, default=2, help="local[N] for PySpark, POLARS_MAX_THREADS for rillet")
    p.add_argument("--max-files-per-trigger", type=int, default=None,
                   help="split the backlog into batches (default: one batch, as the seed program)")
    p.add_argument("--spark-driver-memory", default="2g")
    p.add_argument("--data-dir", help="where the backlog is (reused if it matches); default: a temp dir")
    p.add_argument("--keep", action="store_true", help="keep the generated backlog")
    p.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        worker(args)
        return 0

    if args.repeat < 1 or args.lines < 1 or args.files < 1 or args.cores < 1:
        p.error("--repeat, --lines, --files and --cores must be at least 1")
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    for e in engines:
        if e not in ENGINES:
            p.error(f"unknown engine {e!r}; expected some of {','.join(ENGINES)}")
    scratch = Path(tempfile.mkdtemp(prefix="bench-wc-"))  # the workers' result files
    data_dir = Path(args.data_dir).resolve() if args.data_dir else Path(tempfile.mkdtemp(prefix="bench-wc-data-"))
    try:
        t = time.perf_counter()
        manifest = generate(data_dir, args.lines, args.files, args.vocab, args.seed)
        print(f"backlog: {manifest['lines']:,} lines, {manifest['words']:,} words, "
              f"{manifest['bytes'] / 1e6:,.0f} MB in {manifest['files']} files at {data_dir} "
              f"({time.perf_counter() - t:.1f} s)")
        print(f"cores: {args.cores} (PySpark local[{args.cores}], shuffle partitions {args.cores}, UI off, "
              f"driver memory {args.spark_driver_memory}; rillet POLARS_MAX_THREADS={args.cores})")
        load_before = os.getloadavg()
        if load_before[0] > 0.5 * args.cores:
            print(f"note: load average {load_before[0]:.1f} on {os.cpu_count()} CPUs: other work is running, "
                  "times will be noisy (CPU s is less affected)")
        results: dict[str, dict[str, Any]] = {}
        for engine in engines:
            print(f"running {engine} ...", flush=True)
            results[engine] = _run_engine(engine, args, data_dir, scratch)
        failed = {e: r["error"] for e, r in results.items() if "error" in r}
        for e, err in failed.items():
            print(f"!!! {e} FAILED: {err}")
        done = {e: r for e, r in results.items() if e not in failed}
        problems = _verify(done, manifest)
        summaries = {e: _summary(r, manifest["lines"]) for e, r in done.items()}
        print()
        _print_table(summaries, args.repeat)
        ratios: dict[str, float] = {}
        if "rillet" in summaries and "pyspark" in summaries:
            r, s = summaries["rillet"], summaries["pyspark"]
            ratios = {
                "total": s["total_s"] / r["total_s"],
                "first_batch": s["first_batch_s"] / r["first_batch_s"],
                "cpu": s["cpu_s"] / r["cpu_s"],
                "startup": s["startup_s"] / r["startup_s"],
                "peak_rss": s["peak_rss_mb"] / r["peak_rss_mb"],
            }
            if "warm_total_s" in r and "warm_total_s" in s:
                ratios["warm_total"] = s["warm_total_s"] / r["warm_total_s"]
                ratios["warm_first_batch"] = s["warm_first_batch_s"] / r["warm_first_batch_s"]
                ratios["warm_cpu"] = s["warm_cpu_s"] / r["warm_cpu_s"]
            print("\npyspark / rillet (above 1: rillet is faster or smaller)")
            for k, v in ratios.items():
                print(f"  {k:17s} {v:6.2f}x")
        print()
        if problems:
            for msg in problems:
                print(f"!!! MISMATCH: {msg}")
        elif len(done) > 1:
            print(f"results match: {len(next(iter(done.values()))['counts']):,} distinct words, "
                  f"sum of counts = {manifest['words']:,} words; top-10 and every count equal")
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps({
            "benchmark": "wordcount_files",
            "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "machine": {"platform": platform.platform(), "python": platform.python_version(),
                        "cpus": os.cpu_count(), "cores_used": args.cores,
                        "loadavg_before": load_before, "loadavg_after": os.getloadavg()},
            "args": {k: v for k, v in vars(args).items() if k not in ("worker", "out")},
            "backlog": manifest,
            "summary": summaries,
            "ratios_pyspark_over_rillet": ratios,
            "runs": {e: {k: v for k, v in r.items() if k != "counts"} for e, r in results.items()},
            "failed": failed,
            "mismatches": problems,
        }, indent=2))
        print(f"written {RESULTS.relative_to(HERE.parent)}")
        return 1 if failed or problems else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if args.keep:
            print(f"kept the backlog at {data_dir}")
        elif not args.data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
