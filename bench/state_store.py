"""Keyed-state cost per micro-batch as the state grows to 1M keys: rillet vs real PySpark.

The workload (identical on both engines) is a keyed streaming aggregation over a
folder of Parquet files, one file per micro-batch, written to the ``noop`` sink:

    rows = spark.readStream.schema("key LONG, amount LONG").option("maxFilesPerTrigger", 1).parquet(dir)
    agg = rows.groupBy("key").agg(F.count("*").alias("n"), F.sum("amount").alias("total"))
    agg.writeStream.format("noop").outputMode("update").trigger(availableNow=True).start()

The backlog (seeded) grows the state in steps: one file of 10,000 new keys, then, at
each state size of 10k, 100k and 1M keys, ``--repeat-batches`` files of each batch
size (100, 1,000, 10,000, 100,000 rows) whose keys are drawn uniformly from the keys
already in state (the state size does not change while it is measured), then files of
new keys up to the next size (90,000 rows, then nine of 100,000).

Per engine it reports the median ``durationMs.triggerExecution`` of the measured
batches for every (state size, batch size): for an O(batch) state store a row of the
table stays flat from 10k to 1M keys. A second table shows the state store's own
share, from the progress' ``stateOperators`` (``allUpdatesTimeMs`` +
``allRemovalsTimeMs`` + ``commitTimeMs``; both engines report them). Then the query is restarted on its checkpoint
with one more file of 100 rows: the time from ``start()`` to the end of that batch is
the restart time with 1M keys of state (rillet also prints the state store's
``load``: last snapshot + deltas, read and indexed).

Run ``python bench/state_store.py``; ``--engines rillet`` to skip PySpark. Results go
to stdout and to ``bench/results/state_store.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import _common as common

LEVELS = (10_000, 100_000, 1_000_000)
SIZES = (100, 1_000, 10_000, 100_000)
GROW_FILE = 100_000  # rows of new keys per growth file
PROGRESS_KEPT = 100_000
STORE_TIMES = ("allUpdatesTimeMs", "allRemovalsTimeMs", "commitTimeMs")  # the state store's share


# ---------------------------------------------------------------------- the backlog
def generate(data_dir: Path, repeat: int, seed: int) -> dict[str, Any]:
    """Write the files (``part-NNNNN.parquet``) and the schedule: what each batch is."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    wanted = {"repeat_batches": repeat, "seed": seed, "levels": list(LEVELS), "sizes": list(SIZES), "version": 1}
    manifest = common.existing_manifest(data_dir, wanted)
    if manifest is not None:
        return manifest
    rng = np.random.default_rng(seed)
    src = data_dir / "input"
    src.mkdir(parents=True, exist_ok=True)
    schedule: list[dict[str, Any]] = []
    mtime = time.time() - 10_000

    def write(keys: Any, kind: str, level: int) -> None:
        nonlocal mtime
        i = len(schedule)
        table = pa.table({"key": pa.array(keys, pa.int64()),
                          "amount": pa.array(rng.integers(-1000, 1000, len(keys)), pa.int64())})
        path = src / f"part-{i:05d}.parquet"
        pq.write_table(table, path)
        os.utime(path, (mtime, mtime))  # increasing mtimes: both file sources read in this order
        mtime += 1
        schedule.append({"kind": kind, "rows": len(keys), "state_keys": level})

    have = 0
    for level in LEVELS:
        while have < level:  # grow: new keys only
            n = min(GROW_FILE, level - have)
            write(np.arange(have, have + n), "grow", have)
            have += n
        for size in SIZES:
            for _ in range(repeat):
                write(rng.integers(0, have, size), "measure", have)
    write(rng.integers(0, have, 100), "restart", have)
    return common.save_manifest(data_dir, {**wanted, "schedule": schedule})


# ---------------------------------------------------------------------- one engine
def _stage(data_dir: Path, stage: Path, files: int) -> None:
    """Hard-link the first ``files`` files of the backlog into ``stage`` (the query's input)."""
    stage.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        name = f"part-{i:05d}.parquet"
        if not (stage / name).exists():
            os.link(data_dir / "input" / name, stage / name)


def _query(spark: Any, F: Any, stage: Path, checkpoint: Path) -> Any:
    rows = spark.readStream.schema("key LONG, amount LONG").option("maxFilesPerTrigger", 1).parquet(str(stage))
    agg = rows.groupBy("key").agg(F.count("*").alias("n"), F.sum("amount").alias("total"))
    return (agg.writeStream.format("noop").outputMode("update").trigger(availableNow=True)
            .option("checkpointLocation", str(checkpoint)))


def worker(args: argparse.Namespace) -> None:
    data_dir = Path(args.data_dir)
    schedule = json.loads((data_dir / common.MANIFEST).read_text())["schedule"]
    work = Path(os.getcwd())
    stage, checkpoint = work / "stage", work / "checkpoint"
    spark, F, import_s, session_s = common.open_session(
        args.worker, "bench-state-store", args.cores, args.spark_driver_memory,
        conf={"spark.sql.streaming.numRecentProgressUpdates": str(PROGRESS_KEPT)})
    load_s: list[float] = []
    if args.worker == "rillet":  # time the state store's load (snapshot + deltas) on restart
        from rillet.engine.state.store import StateStore

        original = StateStore.load

        def timed_load(self: Any, version: int) -> None:
            t = time.perf_counter()
            original(self, version)
            if version >= 0:
                load_s.append(time.perf_counter() - t)

        StateStore.load = timed_load  # type: ignore[method-assign]
    jvm = common.jvm_pids(spark)

    _stage(data_dir, stage, len(schedule) - 1)  # everything but the restart file
    cpu0, t0 = common.cpu_s(jvm), time.perf_counter()
    query = _query(spark, F, stage, checkpoint).start()
    query.awaitTermination()
    total_s, cpu = time.perf_counter() - t0, common.cpu_s(jvm) - cpu0
    progress = [json.loads(p.json) for p in query.recentProgress]
    batch_ms = {p["batchId"]: p["durationMs"].get("triggerExecution") for p in progress}
    state_rows = {p["batchId"]: p["stateOperators"][0]["numRowsTotal"] for p in progress if p["stateOperators"]}
    store_ms = {p["batchId"]: sum(p["stateOperators"][0].get(k, 0) for k in STORE_TIMES)
                for p in progress if p["stateOperators"]}

    _stage(data_dir, stage, len(schedule))  # one more file, then restart on the checkpoint
    t = time.perf_counter()
    query = _query(spark, F, stage, checkpoint).start()
    query.awaitTermination()
    restart_s = time.perf_counter() - t
    restarted = [json.loads(p.json) for p in query.recentProgress]
    rss = common.close_session(spark)
    result = {
        "engine": args.worker, "import_s": import_s, "session_s": session_s, "total_s": total_s, "cpu_s": cpu,
        "batch_ms": [batch_ms.get(i) for i in range(len(schedule) - 1)],
        "state_rows": [state_rows.get(i) for i in range(len(schedule) - 1)],
        "store_ms": [store_ms.get(i) for i in range(len(schedule) - 1)],
        "restart_s": restart_s,
        "restart_batch_ms": restarted[-1]["durationMs"].get("triggerExecution") if restarted else None,
        "restart_state_rows": restarted[-1]["stateOperators"][0]["numRowsTotal"] if restarted else None,
        "load_s": load_s[-1] if load_s else None,
        "rss": rss,
    }
    Path(args.out).write_text(json.dumps(result))


# ---------------------------------------------------------------------- reporting
def _medians(res: dict[str, Any], schedule: list[dict[str, Any]], key: str) -> dict[tuple[int, int], float]:
    cells: dict[tuple[int, int], list[float]] = {}
    for entry, ms in zip(schedule, res[key]):
        if entry["kind"] == "measure" and ms is not None:
            cells.setdefault((entry["state_keys"], entry["rows"]), []).append(ms)
    return {k: statistics.median(v) for k, v in cells.items()}


def _print_grid(results: dict[str, dict[str, Any]], schedule: list[dict[str, Any]], key: str,
                title: str) -> dict[str, Any]:
    grids = {e: _medians(r, schedule, key) for e, r in results.items()}
    print(f"\n{title}, by state size and batch rows")
    header = f"{'engine':8s} {'state keys':>10s} " + " ".join(f"{s:>10,}" for s in SIZES)
    print(header)
    for e, grid in grids.items():
        for level in LEVELS:
            print(f"{e:8s} {level:>10,} " + " ".join(f"{grid.get((level, s), float('nan')):>10,.1f}" for s in SIZES))
    if "rillet" in grids and "pyspark" in grids:
        print("\npyspark / rillet (above 1: rillet is faster)")
        for level in LEVELS:
            r, s = grids["rillet"], grids["pyspark"]
            cells = [s[(level, n)] / r[(level, n)] if r.get((level, n)) else float("nan") for n in SIZES]
            print(f"{'':8s} {level:>10,} " + " ".join(f"{c:>9.1f}x" for c in cells))
    return {e: {f"{lv}x{n}": v for (lv, n), v in g.items()} for e, g in grids.items()}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat-batches", type=int, default=5,
                   help="measured batches per (state size, batch size) (default 5)")
    common.add_common_args(p)
    args = p.parse_args(argv)
    if args.worker:
        worker(args)
        return 0
    engines = common.parse_engines(p, args)
    if args.repeat_batches < 1:
        p.error("--repeat-batches must be at least 1")
    with common.workspace(args, "bench-state") as (scratch, data_dir):
        m = generate(data_dir, args.repeat_batches, args.seed)
        schedule = m["schedule"]
        print(f"backlog: {len(schedule)} files ({sum(e['rows'] for e in schedule):,} rows) at {data_dir}; "
              f"state grows to {LEVELS[-1]:,} keys")
        print(f"cores: {args.cores} (PySpark local[{args.cores}], shuffle partitions {args.cores}, UI off, "
              f"driver memory {args.spark_driver_memory}; rillet POLARS_MAX_THREADS={args.cores})")
        load_before = common.check_load(args.cores)
        extra = common.worker_args(args, data_dir) + ["--repeat-batches", str(args.repeat_batches)]
        results: dict[str, dict[str, Any]] = {}
        failed: dict[str, str] = {}
        for engine in engines:  # each worker in its own scratch dir (stage + checkpoint)
            sub = scratch / engine
            sub.mkdir()
            print(f"running {engine} ...", flush=True)
            res = common.run_worker(__file__, engine, extra, sub, args.cores)
            if "error" in res:
                failed[engine] = res["error"]
                print(f"!!! {engine} FAILED: {res['error']}")
            else:
                results[engine] = res
        problems = []
        for e, r in results.items():
            final = [s for s in r["state_rows"] if s is not None][-1:]
            if final != [LEVELS[-1]] or r["restart_state_rows"] != LEVELS[-1]:
                problems.append(f"{e}: state ended with {final} / {r['restart_state_rows']} keys, expected {LEVELS[-1]:,}")
        grid = _print_grid(results, schedule, "batch_ms",
                           "median ms per micro-batch (durationMs.triggerExecution)")
        store_grid = _print_grid(results, schedule, "store_ms",
                                 "median ms in the state store per micro-batch "
                                 "(stateOperators: allUpdatesTimeMs + allRemovalsTimeMs + commitTimeMs)")
        print(f"\n{'engine':8s} {'total s':>8s} {'CPU s':>7s} {'restart s':>9s} {'restart batch ms':>16s} "
              f"{'store load s':>12s} {'peak RSS MB':>11s}")
        for e, r in results.items():
            load = f"{r['load_s']:.2f}" if r.get("load_s") is not None else "-"
            print(f"{e:8s} {r['total_s']:>8.1f} {r['cpu_s']:>7.1f} {r['restart_s']:>9.2f} "
                  f"{r['restart_batch_ms'] or 0:>16,} {load:>12s} {common.peak_rss_mb(r['rss']):>11,.0f}")
        for msg in problems:
            print(f"!!! {msg}")
        common.write_results("state_store", args, load_before, median_batch_ms=grid,
                             median_store_ms=store_grid, runs=results,
                             failed=failed, problems=problems)
        return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
