"""Event-time windows with a watermark over a backlog of event files: rillet vs real PySpark.

The workload (identical on both engines) counts and sums events per key in 1-minute
tumbling windows, with a 10-minute watermark, and emits each window once it closes:

    lines = spark.readStream.option("maxFilesPerTrigger", N).text(dir)     # "<epoch s>,<key>,<value>"
    parts = F.split("value", ",")
    events = lines.select(F.timestamp_seconds(parts.getItem(0).cast("long")).alias("ts"),
                          parts.getItem(1).alias("k"), parts.getItem(2).cast("long").alias("v"))
    windowed = (events.withWatermark("ts", "10 minutes")
                      .groupBy(F.window("ts", "1 minute"), "k").agg(F.count("*"), F.sum("v")))
    windowed.writeStream.outputMode("append").trigger(availableNow=True).foreachBatch(...)

A deterministic backlog (seeded RNG) is generated once and read by both engines: event
time advances at ``--rate`` events per second, each event is up to ``--disorder`` seconds
older than its place in the stream (so, with a 10-minute watermark, no event is late),
keys are uniform over ``--keys``. Each engine runs in its own subprocess with the same
cores (see ``_common.py``).

Per engine it measures the total time of the availableNow run, events/s, the median
batch time (``durationMs.triggerExecution``), peak RSS, and the state size after every
batch (``recentProgress[i]["stateOperators"][0]["numRowsTotal"]``), which should stay
near keys x windows-within-the-watermark however many events have gone by. The emitted
rows of all batches are compared between the engines (they must be equal), and the sum
of the emitted counts must equal the number of events in windows that closed (those
ending at or before the final watermark, max event time - 10 minutes); windows still
open at the end are emitted by neither.

Run ``python bench/windowed_events.py`` (10M events in 100 files, one file per batch);
``--help`` for flags. Results go to stdout and to ``bench/results/windowed_events.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _common as common

T0 = 1_767_225_600  # 2026-01-01T00:00:00Z, the event time of the first event
WATERMARK_S = 600  # "10 minutes"
WINDOW_S = 60  # "1 minute"
PROGRESS_KEPT = 100_000  # spark.sql.streaming.numRecentProgressUpdates: keep every batch's progress


# ---------------------------------------------------------------------- the backlog
def generate(data_dir: Path, events: int, files: int, keys: int, rate: int, disorder: int,
             seed: int) -> dict[str, Any]:
    """Write ``events`` lines ``<epoch s>,<key>,<value>`` over ``files`` files; reuse them if already there.

    The manifest records what a correct run emits: the events and (window, key) rows of
    the windows that end at or before the final watermark.
    """
    import numpy as np
    import polars as pl

    wanted = {"events": events, "files": files, "keys": keys, "rate": rate, "disorder": disorder,
              "seed": seed, "version": 1}
    manifest = common.existing_manifest(data_dir, wanted)
    if manifest is not None:
        return manifest
    rng = np.random.default_rng(seed)
    first_minute = (T0 - disorder) // WINDOW_S
    minutes = (T0 + (events - 1) // rate) // WINDOW_S - first_minute + 1
    per_minute = np.zeros(minutes, dtype=np.int64)  # events per window
    present = np.zeros(minutes * keys, dtype=bool)  # (window, key) rows
    max_ts = 0
    total_bytes = 0
    mtime = time.time() - files  # increasing modification times: both file sources read in this order
    start = 0
    for i in range(files):
        n = events // files + (1 if i < events % files else 0)
        ts = T0 + np.arange(start, start + n, dtype=np.int64) // rate - rng.integers(0, disorder + 1, n)
        k = rng.integers(0, keys, n)
        v = rng.integers(1, 1001, n)
        start += n
        minute = ts // WINDOW_S - first_minute
        per_minute += np.bincount(minute, minlength=minutes)
        present[minute * keys + k] = True
        max_ts = max(max_ts, int(ts.max()))
        path = data_dir / f"events-{i:05d}.csv"
        df = pl.DataFrame({"ts": ts, "k": pl.Series(k).cast(pl.String), "v": v})
        df.select("ts", pl.concat_str(pl.lit("k"), "k").alias("k"), "v").write_csv(path, include_header=False)
        total_bytes += path.stat().st_size
        os.utime(path, (mtime + i, mtime + i))
    watermark = max_ts - WATERMARK_S
    closed = (np.arange(minutes) + first_minute + 1) * WINDOW_S <= watermark  # window end <= final watermark
    return common.save_manifest(data_dir, {
        **wanted,
        "bytes": total_bytes,
        "max_event_time": max_ts,
        "final_watermark": watermark,
        "windows": int(np.count_nonzero(per_minute)),
        "closed_windows": int(np.count_nonzero(per_minute[closed])),
        "emitted_events": int(per_minute[closed].sum()),
        "emitted_rows": int(present.reshape(minutes, keys)[closed].sum()),
    })


# ---------------------------------------------------------------------- one engine (subprocess)
def _flatten(table: Any) -> Any:
    """An emitted batch as (window start in µs since the epoch, key, count, sum), whatever the column names."""
    import pyarrow as pa
    import pyarrow.compute as pc

    window, k, n, s = table.columns
    start = pc.struct_field(window, "start").cast(pa.timestamp("us", "UTC")).cast(pa.int64())
    return pa.table({"start_us": start, "k": k.cast(pa.string()), "count": n.cast(pa.int64()),
                     "sum": s.cast(pa.int64())})


def _run_query(spark: Any, F: Any, engine: str, data_dir: Path, max_files: int) -> tuple[dict[str, Any], Any]:
    """One availableNow run; its figures and every emitted row (Arrow, sorted)."""
    import pyarrow as pa

    jvm = common.jvm_pids(spark)
    checkpoint = tempfile.mkdtemp(prefix=f"bench-we-{engine}-ckpt-")
    emitted: list[Any] = []
    per_batch_rows: list[int] = []
    names: list[str] = []

    def on_batch(batch_df: Any, batch_id: int) -> None:
        table = batch_df.toArrow()  # materialize: PySpark runs the batch plan here
        names[:] = table.column_names
        per_batch_rows.append(table.num_rows)
        emitted.append(_flatten(table))

    lines = spark.readStream.option("maxFilesPerTrigger", max_files).text(str(data_dir))
    parts = F.split(F.col("value"), ",")
    events = lines.select(F.timestamp_seconds(parts.getItem(0).cast("long")).alias("ts"),
                          parts.getItem(1).alias("k"), parts.getItem(2).cast("long").alias("v"))
    windowed = (events.withWatermark("ts", "10 minutes")
                .groupBy(F.window("ts", "1 minute"), "k")
                .agg(F.count("*"), F.sum("v")))
    writer = (windowed.writeStream.outputMode("append").trigger(availableNow=True).foreachBatch(on_batch)
              .option("checkpointLocation", checkpoint))
    total_s, cpu_s, progress = common.timed_run(writer, jvm, checkpoint)
    if not emitted:
        raise SystemExit(f"{engine}: the query ran no batch")
    result = pa.concat_tables(emitted).sort_by([("start_us", "ascending"), ("k", "ascending")])
    state = [p["stateOperators"][0] if p.get("stateOperators") else {} for p in progress]
    run = {
        "total_s": total_s,
        "cpu_s": cpu_s,
        "batches": len(per_batch_rows),
        "progress_batches": len(progress),
        "input_rows": sum(int(p.get("numInputRows", 0)) for p in progress),
        "column_names": names,
        "emitted_rows_per_batch": per_batch_rows,
        "batch_ms": [p.get("durationMs", {}).get("triggerExecution") for p in progress],
        "add_batch_ms": [p.get("durationMs", {}).get("addBatch") for p in progress],
        "state_rows": [s.get("numRowsTotal") for s in state],
        "state_memory_bytes": [s.get("memoryUsedBytes") for s in state],
        "rows_dropped_by_watermark": sum(int(s.get("numRowsDroppedByWatermark") or 0) for s in state),
        "watermarks": [p.get("eventTime", {}).get("watermark") for p in progress],
    }
    return run, result


def worker(args: argparse.Namespace) -> None:
    """Run the query ``--repeat`` times on one engine; figures to ``--out``, emitted rows next to it (Parquet)."""
    import pyarrow.parquet as pq

    engine = args.worker
    spark, F, import_s, session_s = common.open_session(
        engine, "bench-windowed-events", args.cores, args.spark_driver_memory,
        conf={"spark.sql.streaming.numRecentProgressUpdates": str(PROGRESS_KEPT)})
    runs: list[dict[str, Any]] = []
    first = None
    unstable: list[int] = []  # runs whose output differs from run 1's
    for r in range(args.repeat):
        run, result = _run_query(spark, F, engine, Path(args.data_dir), args.max_files_per_trigger)
        if first is None:
            first = result
            pq.write_table(result, Path(args.out).with_suffix(".parquet"))
        elif not result.equals(first):
            unstable.append(r + 1)
        runs.append(run)
    Path(args.out).write_text(json.dumps({
        "engine": engine,
        "import_s": import_s,
        "session_s": session_s,
        "runs": runs,
        "rss": common.close_session(spark),
        "unstable_runs": unstable,
    }))


# ---------------------------------------------------------------------- the driver
def _verify(results: dict[str, dict[str, Any]], scratch: Path, manifest: dict[str, Any]) -> list[str]:
    import polars as pl

    problems = []
    tables = {}
    for engine, res in results.items():
        run = res["runs"][0]
        table = pl.read_parquet(scratch / f"{engine}.parquet")
        tables[engine] = table
        if run["input_rows"] != manifest["events"]:
            problems.append(f"{engine}: progress reports {run['input_rows']} input rows, "
                            f"{manifest['events']} events generated")
        if run["rows_dropped_by_watermark"]:
            problems.append(f"{engine}: {run['rows_dropped_by_watermark']} rows dropped as late; expected none")
        total = int(table["count"].sum())
        if total != manifest["emitted_events"]:
            problems.append(f"{engine}: sum of emitted counts {total:,} != {manifest['emitted_events']:,} "
                            "events in closed windows")
        if table.height != manifest["emitted_rows"]:
            problems.append(f"{engine}: {table.height:,} rows emitted, expected {manifest['emitted_rows']:,}")
        if run["progress_batches"] != run["batches"]:
            problems.append(f"{engine}: {run['progress_batches']} progress reports for {run['batches']} batches")
        if res.get("unstable_runs"):
            problems.append(f"{engine}: runs {res['unstable_runs']} emitted differently from run 1")
    engines = list(tables)
    for other in engines[1:]:
        a, b = tables[engines[0]], tables[other]
        if not a.equals(b):
            diff = a.join(b, on=["start_us", "k"], how="full", suffix="_b", coalesce=True).filter(
                pl.col("count").ne_missing(pl.col("count_b")) | pl.col("sum").ne_missing(pl.col("sum_b")))
            problems.append(f"{diff.height:,} (window, key) rows differ between {engines[0]} and {other}, "
                            f"e.g. {diff.head(3).to_dicts()}")
        names = {e: results[e]["runs"][0]["column_names"] for e in (engines[0], other)}
        if names[engines[0]] != names[other]:
            problems.append(f"column names differ: {names}")
    return problems


def _at_fractions(series: list[Any]) -> list[Any]:
    """The values after 25%, 50%, 75% and 100% of the batches."""
    return [series[max(0, math.ceil(f * len(series)) - 1)] for f in (0.25, 0.5, 0.75, 1.0)] if series else []


def _summary(res: dict[str, Any], events: int) -> dict[str, Any]:
    state = [s for s in res["runs"][0]["state_rows"] if s is not None]
    return {**common.event_run_summary(res, events), "state_rows_at_25_50_75_100": _at_fractions(state)}


COLUMNS, WARM_COLUMNS, RATIOS = common.EVENT_COLUMNS, common.EVENT_WARM_COLUMNS, common.EVENT_RATIOS


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=10_000_000, help="events in the backlog (default 10,000,000)")
    p.add_argument("--files", type=int, default=100, help="files the events are spread over (default 100)")
    p.add_argument("--keys", type=int, default=1_000, help="distinct keys (default 1,000)")
    p.add_argument("--rate", type=int, default=200, help="events per second of event time (default 200)")
    p.add_argument("--disorder", type=int, default=300,
                   help="an event is up to this many seconds older than its place in the stream (default 300)")
    p.add_argument("--max-files-per-trigger", type=int, default=1, help="files per micro-batch (default 1)")
    common.add_common_args(p)
    args = p.parse_args(argv)
    if args.worker:
        worker(args)
        return 0

    engines = common.parse_engines(p, args)
    if min(args.events, args.files, args.keys, args.rate, args.max_files_per_trigger) < 1 or args.disorder < 0:
        p.error("--events, --files, --keys, --rate and --max-files-per-trigger must be at least 1")
    if args.disorder >= WATERMARK_S:
        p.error(f"--disorder must be below the watermark delay ({WATERMARK_S} s) so that no event is late")
    with common.workspace(args, "bench-we") as (scratch, data_dir):
        t = time.perf_counter()
        m = generate(data_dir, args.events, args.files, args.keys, args.rate, args.disorder, args.seed)
        print(f"backlog: {m['events']:,} events, {m['keys']:,} keys, {m['windows']:,} one-minute windows "
              f"({m['closed_windows']:,} close before the end: {m['emitted_rows']:,} rows, "
              f"{m['emitted_events']:,} events), {m['bytes'] / 1e6:,.0f} MB in {m['files']} files at {data_dir} "
              f"({time.perf_counter() - t:.1f} s)")
        print(f"cores: {args.cores} (PySpark local[{args.cores}], shuffle partitions {args.cores}, UI off, "
              f"driver memory {args.spark_driver_memory}; rillet POLARS_MAX_THREADS={args.cores}); "
              f"{args.max_files_per_trigger} file(s) per trigger")
        load_before = common.check_load(args.cores)
        extra = common.worker_args(args, data_dir) + ["--max-files-per-trigger", str(args.max_files_per_trigger)]
        done, failed = common.run_engines(__file__, engines, extra, scratch, args.cores)
        problems = _verify(done, scratch, m)
        summaries = {e: _summary(r, m["events"]) for e, r in done.items()}
        print()
        common.print_table(COLUMNS + (WARM_COLUMNS if args.repeat > 1 else []), summaries)
        print("\nstate rows (numRowsTotal) after 25% / 50% / 75% / 100% of the batches:")
        for e, s in summaries.items():
            print(f"  {e:8s} " + " / ".join(f"{v:,}" for v in s["state_rows_at_25_50_75_100"]))
        ratios = common.ratios(summaries, RATIOS)
        print()
        if problems:
            for msg in problems:
                print(f"!!! MISMATCH: {msg}")
        elif done:
            print(f"results {'match' if len(done) > 1 else 'check'}: {m['emitted_rows']:,} (window, key) rows, "
                  f"sum of counts = {m['emitted_events']:,} events in closed windows"
                  + ("; every row equal across engines" if len(done) > 1 else ""))
        common.write_results(
            "windowed_events", args, load_before,
            backlog=m,
            summary=summaries,
            ratios_pyspark_over_rillet=ratios,
            runs=done,
            failed=failed,
            mismatches=problems,
        )
        return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
