"""rillet against the limit: the same work as one plain Polars program, and against PySpark, in one run.

Four workloads, each run on rillet, on plain Polars (the bar: what the hardware does with the
library rillet computes on, no streaming engine around it) and on PySpark, every run in a fresh
subprocess with the same cores, ``--repeat`` times interleaved (the median is reported):

``start``
    python start -> the first committed batch of a one-line text file (availableNow, console-free
    ``foreachBatch``), the whole process's wall time. Polars: start, import polars + pyarrow and
    read the file. For rillet also the slowest imports (``python -X importtime``).
``wordcount``
    ``--lines`` lines of text files (Zipf words, as ``wordcount_files.py``), ``split`` + ``explode``
    + ``groupBy().count()``, complete mode, availableNow. Polars: read + split + explode + group.
``events``
    ``--events`` JSON events ``{"time": ISO-8601, "page": ..., "ms": ...}`` with a declared schema
    -> 1-minute windows per page, 10-minute watermark, append mode. Polars: ``scan_ndjson``, parse
    the timestamps, truncate to the minute, group.
``microbatch``
    ``--batches`` files of 100 CSV lines, one file per trigger, a count and sum per key in update
    mode with the checkpoint fsynced (rillet's default; Spark's HDFS-backed store). The median
    ``triggerExecution`` and where its milliseconds go (``durationMs`` by phase and the state
    store's commit). Polars: the same 100 lines read and grouped, per batch.

Run ``python bench/limit.py`` (all four, all engines); ``--workloads events,start``,
``--engines rillet,polars``, ``--repeat 5``, ``--help``. Times are wall seconds (per batch in ms for
``microbatch``); ``rillet/polars`` above 1 is rillet's distance to the limit, ``pyspark/rillet``
above 1 is rillet's lead. Results also go to ``bench/results/limit.json``. Nothing here is
asserted in tests; on a shared machine read the CPU column, which other work disturbs less.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _common as common

HERE = Path(__file__).resolve().parent
ENGINES = ("rillet", "polars", "pyspark")
WORKLOADS = ("start", "wordcount", "events", "microbatch")
T0 = 1_767_225_600  # 2026-01-01T00:00:00Z


# ---------------------------------------------------------------------- data
def generate_events(data_dir: Path, events: int, files: int, seed: int) -> None:
    """``events`` JSON lines over ``files`` files: event time advancing 200 events a second,
    each up to 5 minutes late (inside the 10-minute watermark), 500 pages."""
    import numpy as np
    import polars as pl

    wanted = {"events": events, "files": files, "seed": seed, "version": 1}
    if common.existing_manifest(data_dir, wanted) is not None:
        return
    rng = np.random.default_rng(seed)
    ts = T0 + np.arange(events) // 200 - rng.integers(0, 300, events)
    pages = rng.integers(0, 500, events)
    ms = rng.integers(1, 2000, events)
    per = -(-events // files)
    for f in range(files):
        sl = slice(f * per, min((f + 1) * per, events))
        frame = pl.DataFrame({"t": ts[sl], "p": pages[sl], "ms": ms[sl]}).select(
            pl.from_epoch("t", "s").dt.strftime("%Y-%m-%dT%H:%M:%S.000Z").alias("time"),
            pl.format("/page/{}", "p").alias("page"),
            "ms",
        )
        frame.write_ndjson(data_dir / f"part-{f:04d}.json")
    common.save_manifest(data_dir, wanted)


def generate_microbatches(data_dir: Path, batches: int, seed: int) -> None:
    """``batches`` CSV files of 100 lines ``key,value`` (200 keys)."""
    import numpy as np

    wanted = {"batches": batches, "seed": seed, "version": 1}
    if common.existing_manifest(data_dir, wanted) is not None:
        return
    rng = np.random.default_rng(seed)
    for b in range(batches):
        keys = rng.integers(0, 200, 100)
        values = rng.integers(0, 1000, 100)
        text = "".join(f"k{k},{v}\n" for k, v in zip(keys, values))
        # a distinct, increasing mtime per file: the file source takes them in that order
        path = data_dir / f"batch-{b:05d}.csv"
        path.write_text(text)
        os.utime(path, (T0 + b, T0 + b))
    common.save_manifest(data_dir, wanted)


# ---------------------------------------------------------------------- workers (one process each)
_SESSIONS: list[Any] = []  # the worker's session: its JVM's CPU and memory count too


def _session(engine: str, cores: int) -> tuple[Any, Any]:
    spark, F, _, _ = common.open_session(engine, "bench-limit", cores, "2g")
    _SESSIONS.append(spark)
    return spark, F


def _run_available_now(spark: Any, writer: Any) -> list[dict[str, Any]]:
    checkpoint = tempfile.mkdtemp(prefix="limit-ckpt-")
    query = writer.option("checkpointLocation", checkpoint).trigger(availableNow=True).start()
    query.awaitTermination()
    return [json.loads(p.json) for p in query.recentProgress]


def work_start(engine: str, data: Path, cores: int) -> dict[str, Any]:
    path = data / "start"
    if engine == "polars":
        import polars as pl
        import pyarrow  # noqa: F401  (what rillet's session needs besides Polars)

        return {"rows": pl.read_csv(path / "one.txt", has_header=False, new_columns=["value"]).height}
    spark, F = _session(engine, cores)
    seen: list[int] = []
    writer = spark.readStream.text(str(path)).writeStream.foreachBatch(lambda df, _: seen.append(df.count()))
    _run_available_now(spark, writer)
    os._exit(0 if seen == [1] else 3)  # the measure ends at the first committed batch, not at teardown


def work_wordcount(engine: str, data: Path, cores: int) -> dict[str, Any]:
    folder = data / "wordcount"
    t = time.perf_counter()
    if engine == "polars":
        import polars as pl

        counts = (
            pl.scan_csv(str(folder / "*.txt"), has_header=False, new_columns=["value"], separator="\x1f",
                        quote_char=None)
            .select(pl.col("value").str.split(" ").explode().alias("word"))
            .group_by("word").len().collect(engine="streaming")
        )
        return {"compute_s": time.perf_counter() - t, "groups": counts.height}
    spark, F = _session(engine, cores)
    t = time.perf_counter()
    groups: list[int] = []
    words = spark.readStream.text(str(folder)).select(F.explode(F.split(F.col("value"), " ")).alias("word"))
    writer = (words.groupBy("word").count().writeStream.outputMode("complete")
              .foreachBatch(lambda df, _: groups.append(len(df.toArrow()) if engine == "rillet" else df.count())))
    _run_available_now(spark, writer)
    return {"compute_s": time.perf_counter() - t, "groups": groups[-1]}


def work_events(engine: str, data: Path, cores: int) -> dict[str, Any]:
    folder = data / "events"
    t = time.perf_counter()
    if engine == "polars":
        import polars as pl

        rows = (
            pl.scan_ndjson(str(folder / "*.json"), schema={"time": pl.String, "page": pl.String, "ms": pl.Int64})
            .with_columns(pl.col("time").str.to_datetime("%Y-%m-%dT%H:%M:%S%.fZ", time_unit="us", time_zone="UTC"))
            .group_by(pl.col("time").dt.truncate("1m").alias("window"), "page").len()
            .collect(engine="streaming")
        )
        return {"compute_s": time.perf_counter() - t, "rows": rows.height}
    spark, F = _session(engine, cores)
    t = time.perf_counter()
    emitted: list[int] = []
    counts = (spark.readStream.schema("time TIMESTAMP, page STRING, ms LONG").json(str(folder))
              .withWatermark("time", "10 minutes").groupBy(F.window("time", "1 minute"), "page").count())
    writer = counts.writeStream.outputMode("append").foreachBatch(
        lambda df, _: emitted.append(len(df.toArrow()) if engine == "rillet" else df.count()))
    _run_available_now(spark, writer)
    return {"compute_s": time.perf_counter() - t, "rows": sum(emitted)}


def work_microbatch(engine: str, data: Path, cores: int) -> dict[str, Any]:
    folder = data / "microbatch"
    if engine == "polars":
        import polars as pl

        per_batch = []
        for path in sorted(folder.glob("*.csv")):
            t = time.perf_counter()
            pl.read_csv(path, has_header=False, new_columns=["key", "value"]).group_by("key").agg(
                pl.len(), pl.col("value").sum())
            per_batch.append((time.perf_counter() - t) * 1000)
        return {"batch_ms": statistics.median(per_batch), "batches": len(per_batch)}
    spark, F = _session(engine, cores)
    stream = (spark.readStream.schema("key STRING, value LONG").option("maxFilesPerTrigger", 1).csv(str(folder))
              .groupBy("key").agg(F.count("*"), F.sum("value")))
    # the batch consumed (PySpark runs a batch only for an action and counts no input rows otherwise)
    writer = stream.writeStream.outputMode("update").foreachBatch(lambda df, _: df.count())
    reports = _run_available_now(spark, writer)
    progress = [p for p in reports if p.get("numInputRows", 0) > 0]
    if not progress:
        raise SystemExit(f"no batch read input: {json.dumps(reports[:3])[:2000]}")
    progress = progress[len(progress) // 5:]  # the first batches warm caches and compile paths
    phases = sorted({k for p in progress for k in p["durationMs"]})
    out = {
        "batch_ms": statistics.median(p["durationMs"]["triggerExecution"] for p in progress),
        "batches": len(progress),
        "phases": {k: statistics.median(p["durationMs"].get(k, 0) for p in progress) for k in phases},
    }
    commit = [op.get("commitTimeMs") for p in progress for op in p.get("stateOperators", [])]
    if commit and all(c is not None for c in commit):
        out["phases"]["state commit"] = statistics.median(commit)
    return out


WORKERS = {"start": work_start, "wordcount": work_wordcount, "events": work_events, "microbatch": work_microbatch}


def worker_main(args: argparse.Namespace) -> None:
    result = WORKERS[args.workload](args.worker, Path(args.data_dir), args.cores)
    jvm = [pid for spark in _SESSIONS for pid in common.jvm_pids(spark)]
    result["cpu_s"] = common.cpu_s(jvm)  # this process and the JVM
    result["rss_mb"] = ((common.peak_rss_kb() or 0) + sum(common.peak_rss_kb(pid) or 0 for pid in jvm)) / 1024
    Path(args.out).write_text(json.dumps(result))


# ---------------------------------------------------------------------- driver
def run_one(workload: str, engine: str, data: Path, scratch: Path, cores: int) -> dict[str, Any]:
    out = scratch / f"{workload}-{engine}.json"
    out.unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", engine, "--workload", workload,
           "--data-dir", str(data), "--out", str(out), "--cores", str(cores)]
    env = dict(os.environ, POLARS_MAX_THREADS=str(cores), PYSPARK_PYTHON=sys.executable,
               SPARK_LOCAL_IP=os.environ.get("SPARK_LOCAL_IP", "127.0.0.1"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users run with compiled bytecode cached
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=scratch, capture_output=True)
    wall = time.perf_counter() - t
    if workload == "start":
        if proc.returncode != 0 and engine != "polars":
            return {"error": proc.stderr.decode(errors="replace")[-2000:]}
        return {"process_s": wall, **(json.loads(out.read_text()) if out.exists() else {})}
    if proc.returncode != 0 or not out.exists():
        return {"error": proc.stderr.decode(errors="replace")[-2000:]}
    return {"process_s": wall, **json.loads(out.read_text())}


def import_profile(top: int = 8) -> list[tuple[str, float]]:
    """Where ``import rillet.sql`` spends its time with bytecode cached (ms): the whole import,
    the modules of rillet itself (their own time, children excluded), everything else, and
    rillet's slowest modules by own time."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-c", "import rillet.sql"], env=env, check=True)
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", "import rillet.sql"], env=env,
                         capture_output=True, text=True).stderr
    own: list[tuple[str, float]] = []
    total = 0.0
    for line in err.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            self_us, cumulative, name = line[len("import time:"):].split("|")
            own.append((name.strip(), int(self_us) / 1000))
            if name.strip() == "rillet.sql":
                total = int(cumulative) / 1000
    ours = sum(ms for name, ms in own if name.startswith("rillet"))
    slowest = sorted((r for r in own if r[0].startswith("rillet")), key=lambda r: -r[1])[:top]
    return [("import rillet.sql", total), ("  rillet's own modules", ours),
            ("  Polars, Arrow, numpy and the standard library", total - ours),
            *((f"    {name}", ms) for name, ms in slowest)]


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--workloads", default=",".join(WORKLOADS))
    p.add_argument("--engines", default=",".join(ENGINES))
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--cores", type=int, default=2)
    p.add_argument("--lines", type=int, default=2_000_000, help="wordcount: lines of text")
    p.add_argument("--events", type=int, default=2_000_000, help="events: JSON events")
    p.add_argument("--batches", type=int, default=60, help="microbatch: 100-line files, one per trigger")
    p.add_argument("--files", type=int, default=20, help="files of the wordcount and events backlogs")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--data-dir", help="where the generated inputs are kept (reused when they match)")
    p.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    p.add_argument("--workload", choices=WORKLOADS, help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        worker_main(args)
        return 0
    workloads = [w for w in args.workloads.split(",") if w]
    engines = [e for e in args.engines.split(",") if e]
    for name in (*workloads, *engines):
        if name not in WORKLOADS + ENGINES:
            p.error(f"unknown workload or engine {name!r}")

    load = common.check_load(args.cores)
    data = Path(args.data_dir or Path(tempfile.gettempdir()) / "rillet-bench-limit")
    data.mkdir(parents=True, exist_ok=True)
    (data / "start").mkdir(exist_ok=True)
    (data / "start" / "one.txt").write_text("hello world\n")
    if "wordcount" in workloads:
        sys.path.insert(0, str(HERE))
        import wordcount_files

        (data / "wordcount").mkdir(exist_ok=True)
        wordcount_files.generate(data / "wordcount", args.lines, args.files, 10_000, args.seed)
    if "events" in workloads:
        (data / "events").mkdir(exist_ok=True)
        generate_events(data / "events", args.events, args.files, args.seed)
    if "microbatch" in workloads:
        (data / "microbatch").mkdir(exist_ok=True)
        generate_microbatches(data / "microbatch", args.batches, args.seed)

    results: dict[str, dict[str, list[dict[str, Any]]]] = {w: {e: [] for e in engines} for w in workloads}
    with tempfile.TemporaryDirectory(prefix="limit-") as scratch:
        for r in range(args.repeat):
            for w in workloads:
                for e in engines:
                    print(f"run {r + 1}/{args.repeat}: {w} on {e} ...", flush=True)
                    res = run_one(w, e, data, Path(scratch), args.cores)
                    if "error" in res:
                        print(f"!!! {w} on {e} failed:\n{res['error']}", file=sys.stderr)
                        continue
                    results[w][e].append(res)

    summary: dict[str, dict[str, Any]] = {}
    print(f"\nmedian of {args.repeat} runs; load average at start {load[0]:.1f}")
    metric = {"start": "process_s", "wordcount": "compute_s", "events": "compute_s", "microbatch": "batch_ms"}
    unit = {"start": "s", "wordcount": "s", "events": "s", "microbatch": "ms"}
    for w in workloads:
        row: dict[str, Any] = {}
        for e in engines:
            runs = results[w][e]
            row[e] = {
                metric[w]: median([x[metric[w]] for x in runs]),
                "cpu_s": median([x["cpu_s"] for x in runs if "cpu_s" in x]),
                "rss_mb": median([x["rss_mb"] for x in runs if "rss_mb" in x]),
            }
            if w == "microbatch" and runs and "phases" in runs[0]:
                row[e]["phases"] = {k: median([x["phases"].get(k, 0) for x in runs]) for k in runs[0]["phases"]}
        summary[w] = row
        values = {e: row[e][metric[w]] for e in engines}
        parts = [f"{e} {v:.3f} {unit[w]}" if v is not None else f"{e} -" for e, v in values.items()]
        cpu = [f"{e} {row[e]['cpu_s']:.2f}" for e in engines if row[e]["cpu_s"] is not None]
        rss = [f"{e} {row[e]['rss_mb']:.0f}" for e in engines if row[e]["rss_mb"]]
        print(f"{w:>10}: " + ", ".join(parts) + f"   (CPU s: {', '.join(cpu)}; peak RSS MB: {', '.join(rss)})")
        rl, po, ps = values.get("rillet"), values.get("polars"), values.get("pyspark")
        if rl and po:
            print(f"{'':>12}rillet/polars = {rl / po:.2f}x (the distance to the limit)")
        if rl and ps:
            print(f"{'':>12}pyspark/rillet = {ps / rl:.1f}x")
        for e in engines:
            if "phases" in row[e]:
                phases = ", ".join(f"{k} {v:g}" for k, v in row[e]["phases"].items())
                print(f"{'':>12}{e} per-batch ms by phase: {phases}")
    if "start" in workloads and "rillet" in engines:
        print("\nrillet imports (cumulative ms, bytecode cached):")
        for name, ms in import_profile():
            print(f"  {ms:8.1f}  {name}")
    common.RESULTS_DIR.mkdir(exist_ok=True)
    (common.RESULTS_DIR / "limit.json").write_text(json.dumps(
        {"args": vars(args), "load_at_start": load, "summary": summary, "runs": results}, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
