"""Stream-stream join (impressions with clicks) with watermarks over a backlog of event files: rillet vs real PySpark.

The workload (identical on both engines) joins ad impressions with the clicks that
follow them within 10 seconds, with a 10-second watermark on both sides, as a left
outer join, so an impression that gets no click is emitted with NULLs once the
watermark guarantees no click can come:

    lines = spark.readStream.option("maxFilesPerTrigger", 1).text(dir)   # "<L|R>,<ad>,<epoch s>,<value>"
    parts = F.split("value", ",")
    rows = lines.select(parts.getItem(0).alias("tag"), parts.getItem(1).alias("ad"),
                        F.timestamp_seconds(parts.getItem(2).cast("long")).alias("ts"),
                        parts.getItem(3).cast("long").alias("v"))
    imps = rows.filter(F.col("tag") == "L").select("ad", "ts", "v").withWatermark("ts", "10 seconds")
    clicks = (rows.filter(F.col("tag") == "R")
                  .select(F.col("ad").alias("c_ad"), F.col("ts").alias("c_ts"), F.col("v").alias("c_v"))
                  .withWatermark("c_ts", "10 seconds"))
    joined = imps.join(clicks, F.expr("ad = c_ad AND c_ts >= ts AND c_ts <= ts + interval 10 seconds"), "left")
    joined.writeStream.outputMode("append").trigger(availableNow=True).foreachBatch(...)

Both sides come from ONE text stream split by the tag column: one source makes the
micro-batch boundaries identical on both engines (with two file sources, each engine
would be free to pick up the two directories' files in different triggers, and the
state and output per batch would not be comparable).

A deterministic backlog (seeded RNG) is generated once and read by both engines:
``--events`` impressions and as many clicks. Impressions arrive at ``--rate`` per second
of event time, each with its own ad id; each has one click record: 85% click on their
impression 0-10 s after it (they match), 5% click 11-20 s after it (outside the range:
no match), 10% click an ad that was never shown (no match). Every event arrives up to
``--disorder`` seconds after its event time, so both sides are out of order (a click may
even arrive before its impression) but never behind the 10-second watermark.

Per engine it measures the total time of the availableNow run, events/s, the median
batch time, peak RSS, and the join's state rows after every batch
(``recentProgress[i]["stateOperators"][0]["numRowsTotal"]``), which should stay near
rate x (the event time a batch covers + the watermark delay + the range) however many
events have gone by. The emitted rows of all batches (sorted) and the rows emitted per
batch are compared between the engines and must be equal; every matching pair must be
emitted, and the unmatched impressions emitted must be those behind the final
watermark.

Run ``python bench/stream_join.py`` (5M events per side in 100 files, one file per
batch) or ``--events 500000`` for a quick run; ``--help`` for flags. Results go to
stdout and to ``bench/results/stream_join.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _common as common

T0 = 1_767_225_600  # 2026-01-01T00:00:00Z, the event time of the first impression
WATERMARK_S = 10  # "10 seconds" on both sides
RANGE_S = 10  # a click matches if 0 <= c_ts - ts <= 10 s
CONDITION = "ad = c_ad AND c_ts >= ts AND c_ts <= ts + interval 10 seconds"
HOW = {"left": "left", "inner": "inner"}
PROGRESS_KEPT = 100_000  # spark.sql.streaming.numRecentProgressUpdates: keep every batch's progress
MATCH, LATE_CLICK = 0.85, 0.90  # click kinds: < 0.85 matches, < 0.90 is 11-20 s late, else an unknown ad


# ---------------------------------------------------------------------- the backlog
def generate(data_dir: Path, events: int, files: int, rate: int, disorder: int, seed: int) -> dict[str, Any]:
    """Write ``events`` impressions and ``events`` clicks as lines ``<L|R>,<ad>,<epoch s>,<value>``
    over ``files`` files, in arrival order; reuse them if already there.

    The manifest records what a correct run emits: the matching pairs, and the
    unmatched impressions (with bounds on those behind the final watermark).
    """
    import numpy as np
    import polars as pl

    wanted = {"events": events, "files": files, "rate": rate, "disorder": disorder, "seed": seed, "version": 1}
    manifest = common.existing_manifest(data_dir, wanted)
    if manifest is not None:
        return manifest
    rng = np.random.default_rng(seed)
    i = np.arange(events, dtype=np.int64)
    imp_arrival = i / rate  # seconds after T0
    imp_ts = T0 + np.floor(imp_arrival).astype(np.int64) - rng.integers(0, disorder + 1, events)
    kind = rng.random(events)
    matches = kind < MATCH
    delay = np.where(matches | (kind >= LATE_CLICK), rng.integers(0, RANGE_S + 1, events),
                     rng.integers(RANGE_S + 1, 2 * RANGE_S + 1, events))
    click_ts = imp_ts + delay
    click_arrival = (click_ts - T0) + rng.uniform(0, disorder, events)
    imp_v = rng.integers(1, 1001, events)
    click_v = rng.integers(1, 1001, events)
    ids = pl.Series(i).cast(pl.String)
    frame = pl.concat([
        pl.DataFrame({"arrival": imp_arrival, "tag": "L", "ad": "a" + ids, "ts": imp_ts, "v": imp_v}),
        pl.DataFrame({"arrival": click_arrival, "tag": "R",
                      "ad": pl.Series(np.where(kind < LATE_CLICK, "a", "x")) + ids, "ts": click_ts, "v": click_v}),
    ]).sort("arrival", maintain_order=True).drop("arrival")

    total_bytes = 0
    mtime = time.time() - files  # increasing modification times: both file sources read in this order
    lines = frame.height
    start = 0
    for f in range(files):
        n = lines // files + (1 if f < lines % files else 0)
        path = data_dir / f"events-{f:05d}.csv"
        frame.slice(start, n).write_csv(path, include_header=False)
        start += n
        total_bytes += path.stat().st_size
        os.utime(path, (mtime + f, mtime + f))
    final_wm = min(int(imp_ts.max()), int(click_ts.max())) - WATERMARK_S  # the global watermark (min policy)
    unmatched_ts = imp_ts[~matches]
    return common.save_manifest(data_dir, {
        **wanted,
        "lines": lines,
        "bytes": total_bytes,
        "event_time_span_s": int(click_ts.max() - imp_ts.min()),
        "final_watermark": final_wm,
        "matched_pairs": int(matches.sum()),
        "unmatched_impressions": int((~matches).sum()),
        # an impression can no longer match once its ts + range is behind the watermark; at the
        # boundary second the inclusive/exclusive rule decides, so give both bounds
        "unmatched_behind_final_watermark_min": int((unmatched_ts + RANGE_S < final_wm).sum()),
        "unmatched_behind_final_watermark_max": int((unmatched_ts + RANGE_S <= final_wm).sum()),
    })


# ---------------------------------------------------------------------- one engine (subprocess)
def _flatten(table: Any) -> Any:
    """An emitted batch as (ad, ts µs, v, c_ad, c_ts µs, c_v), whatever the column names."""
    import pyarrow as pa

    ad, ts, v, c_ad, c_ts, c_v = table.columns

    def us(col: Any) -> Any:
        return col.cast(pa.timestamp("us", "UTC")).cast(pa.int64())

    return pa.table({"ad": ad.cast(pa.string()), "ts_us": us(ts), "v": v.cast(pa.int64()),
                     "c_ad": c_ad.cast(pa.string()), "c_ts_us": us(c_ts), "c_v": c_v.cast(pa.int64())})


def _run_query(spark: Any, F: Any, engine: str, data_dir: Path, max_files: int,
               how: str) -> tuple[dict[str, Any], Any]:
    """One availableNow run; its figures and every emitted row (Arrow, sorted)."""
    import pyarrow as pa

    jvm = common.jvm_pids(spark)
    checkpoint = tempfile.mkdtemp(prefix=f"bench-sj-{engine}-ckpt-")
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
    rows = lines.select(parts.getItem(0).alias("tag"), parts.getItem(1).alias("ad"),
                        F.timestamp_seconds(parts.getItem(2).cast("long")).alias("ts"),
                        parts.getItem(3).cast("long").alias("v"))
    imps = rows.filter(F.col("tag") == "L").select("ad", "ts", "v").withWatermark("ts", f"{WATERMARK_S} seconds")
    clicks = (rows.filter(F.col("tag") == "R")
              .select(F.col("ad").alias("c_ad"), F.col("ts").alias("c_ts"), F.col("v").alias("c_v"))
              .withWatermark("c_ts", f"{WATERMARK_S} seconds"))
    joined = imps.join(clicks, F.expr(CONDITION), HOW[how])
    writer = (joined.writeStream.outputMode("append").trigger(availableNow=True).foreachBatch(on_batch)
              .option("checkpointLocation", checkpoint))
    total_s, cpu_s, progress = common.timed_run(writer, jvm, checkpoint)
    if not emitted:
        raise SystemExit(f"{engine}: the query ran no batch")
    result = pa.concat_tables(emitted).sort_by([("ad", "ascending"), ("c_ad", "ascending")])
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
        "state_operator": state[-1].get("operatorName") if state else None,
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
        engine, "bench-stream-join", args.cores, args.spark_driver_memory,
        conf={"spark.sql.streaming.numRecentProgressUpdates": str(PROGRESS_KEPT)})
    runs: list[dict[str, Any]] = []
    first = None
    unstable: list[int] = []  # runs whose output differs from run 1's
    for r in range(args.repeat):
        run, result = _run_query(spark, F, engine, Path(args.data_dir), args.max_files_per_trigger, args.join)
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
def _verify(results: dict[str, dict[str, Any]], scratch: Path, manifest: dict[str, Any], how: str) -> list[str]:
    import polars as pl

    problems = []
    tables = {}
    for engine, res in results.items():
        run = res["runs"][0]
        table = pl.read_parquet(scratch / f"{engine}.parquet")
        tables[engine] = table
        # the one source feeds both sides of the join, and both engines count its rows once per
        # use in the plan (Spark's ProgressReporter sums the source's leaves): twice the lines
        if run["input_rows"] != 2 * manifest["lines"]:
            problems.append(f"{engine}: progress reports {run['input_rows']:,} input rows, expected "
                            f"{2 * manifest['lines']:,} (the {manifest['lines']:,} lines, read by both sides)")
        if run["rows_dropped_by_watermark"]:
            problems.append(f"{engine}: {run['rows_dropped_by_watermark']} rows dropped as late; expected none")
        matched = table.filter(pl.col("c_ad").is_not_null())
        if matched.height != manifest["matched_pairs"]:
            problems.append(f"{engine}: {matched.height:,} matching pairs emitted, "
                            f"expected {manifest['matched_pairs']:,}")
        if matched.filter((pl.col("ad") != pl.col("c_ad")) | (pl.col("c_ts_us") < pl.col("ts_us"))
                          | (pl.col("c_ts_us") > pl.col("ts_us") + RANGE_S * 1_000_000)).height:
            problems.append(f"{engine}: emitted pairs that do not satisfy the join condition")
        unmatched = table.height - matched.height
        if how == "inner":
            lo = hi = 0
        else:
            lo, hi = manifest["unmatched_behind_final_watermark_min"], manifest["unmatched_behind_final_watermark_max"]
        if not lo <= unmatched <= hi:
            problems.append(f"{engine}: {unmatched:,} impressions emitted without a click, expected "
                            f"{lo:,}..{hi:,} (those behind the final watermark)")
        if table.get_column("ad").n_unique() != table.height:
            problems.append(f"{engine}: an impression was emitted more than once")
        if run["progress_batches"] != run["batches"]:
            problems.append(f"{engine}: {run['progress_batches']} progress reports for {run['batches']} batches")
        if res.get("unstable_runs"):
            problems.append(f"{engine}: runs {res['unstable_runs']} emitted differently from run 1")
    engines = list(tables)
    for other in engines[1:]:
        a, b = tables[engines[0]], tables[other]
        if not a.equals(b):
            diff = a.join(b, on=["ad", "c_ad"], how="full", suffix="_b", coalesce=True, nulls_equal=True).filter(
                pl.col("ts_us").ne_missing(pl.col("ts_us_b")) | pl.col("c_ts_us").ne_missing(pl.col("c_ts_us_b"))
                | pl.col("v").ne_missing(pl.col("v_b")) | pl.col("c_v").ne_missing(pl.col("c_v_b")))
            problems.append(f"emitted rows differ between {engines[0]} ({a.height:,}) and {other} ({b.height:,}): "
                            f"{diff.height:,} rows, e.g. {diff.head(3).to_dicts()}")
        runs = {e: results[e]["runs"][0] for e in (engines[0], other)}
        if runs[engines[0]]["column_names"] != runs[other]["column_names"]:
            problems.append(f"column names differ: { {e: r['column_names'] for e, r in runs.items()} }")
        per_batch = {e: r["emitted_rows_per_batch"] for e, r in runs.items()}
        if per_batch[engines[0]] != per_batch[other]:
            first = next((i for i, (x, y) in enumerate(zip(*per_batch.values())) if x != y),
                         min(map(len, per_batch.values())))
            problems.append(f"rows emitted per batch differ from batch {first} on: "
                            f"{ {e: v[first:first + 5] for e, v in per_batch.items()} }")
    return problems


def _every(series: list[Any], step: int) -> list[Any]:
    """Every ``step``-th value (batch 0, step, 2 step, ...) and the last one."""
    picked = series[::step]
    if series and (len(series) - 1) % step:
        picked.append(series[-1])
    return picked


def _summary(res: dict[str, Any], events: int) -> dict[str, Any]:
    cold = res["runs"][0]
    state = [s for s in cold["state_rows"] if s is not None]
    half = len(state) // 2
    return {
        **common.event_run_summary(res, events),
        "max_state_rows_first_half": max(state[:half]) if half else None,
        "max_state_rows_second_half": max(state[half:]) if half else None,
        "emitted_rows": sum(cold["emitted_rows_per_batch"]),
    }


COLUMNS, WARM_COLUMNS, RATIOS = common.EVENT_COLUMNS, common.EVENT_WARM_COLUMNS, common.EVENT_RATIOS


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=5_000_000,
                   help="impressions, and as many clicks (default 5,000,000 per side)")
    p.add_argument("--files", type=int, default=100, help="files the events are spread over (default 100)")
    p.add_argument("--rate", type=int, default=1_000, help="impressions per second of event time (default 1,000)")
    p.add_argument("--disorder", type=int, default=4,
                   help="an event arrives up to this many seconds after its event time (default 4)")
    p.add_argument("--join", choices=sorted(HOW), default="left", help="join type (default left outer)")
    p.add_argument("--max-files-per-trigger", type=int, default=1, help="files per micro-batch (default 1)")
    p.add_argument("--state-every", type=int, default=10, help="print the state rows of every N-th batch")
    common.add_common_args(p)
    args = p.parse_args(argv)
    if args.worker:
        worker(args)
        return 0

    engines = common.parse_engines(p, args)
    if min(args.events, args.files, args.rate, args.max_files_per_trigger, args.state_every) < 1 or args.disorder < 0:
        p.error("--events, --files, --rate, --max-files-per-trigger and --state-every must be at least 1")
    if args.disorder + 1 >= WATERMARK_S:
        p.error(f"--disorder must be below the watermark delay minus 1 ({WATERMARK_S - 1} s) so that no event is late")
    with common.workspace(args, "bench-sj") as (scratch, data_dir):
        t = time.perf_counter()
        m = generate(data_dir, args.events, args.files, args.rate, args.disorder, args.seed)
        print(f"backlog: {m['events']:,} impressions + {m['events']:,} clicks over {m['event_time_span_s']:,} s "
              f"of event time, {m['matched_pairs']:,} matching pairs, {m['unmatched_impressions']:,} impressions "
              f"without a click; {m['bytes'] / 1e6:,.0f} MB in {m['files']} files at {data_dir} "
              f"({time.perf_counter() - t:.1f} s)")
        print(f"query: {args.join} join on {CONDITION!r}, watermark {WATERMARK_S} s on both sides, "
              f"{args.max_files_per_trigger} file(s) per trigger")
        print(f"cores: {args.cores} (PySpark local[{args.cores}], shuffle partitions {args.cores}, UI off, "
              f"driver memory {args.spark_driver_memory}; rillet POLARS_MAX_THREADS={args.cores})")
        load_before = common.check_load(args.cores)
        extra = common.worker_args(args, data_dir) + ["--max-files-per-trigger", str(args.max_files_per_trigger),
                                                      "--join", args.join]
        done, failed = common.run_engines(__file__, engines, extra, scratch, args.cores)
        problems = _verify(done, scratch, m, args.join)
        summaries = {e: _summary(r, m["lines"]) for e, r in done.items()}
        print()
        common.print_table(COLUMNS + (WARM_COLUMNS if args.repeat > 1 else []), summaries)
        print(f"\njoin state rows (numRowsTotal) after batch 0, {args.state_every}, {2 * args.state_every}, ... "
              "and the last:")
        for e, r in done.items():
            series = r["runs"][0]["state_rows"]
            s = summaries[e]
            print(f"  {e:8s} " + " ".join(f"{v:,}" if v is not None else "-" for v in _every(series, args.state_every)))
            print(f"  {'':8s} max {s['max_state_rows']:,} (first half of the batches {s['max_state_rows_first_half']:,}, "
                  f"second half {s['max_state_rows_second_half']:,}) for {m['lines']:,} events")
        ratios = common.ratios(summaries, RATIOS)
        if ratios:
            print(f"  rillet / pyspark total time: {1 / ratios['total']:.3f}")
        print()
        if problems:
            for msg in problems:
                print(f"!!! MISMATCH: {msg}")
        elif done:
            s = next(iter(summaries.values()))
            print(f"results {'match' if len(done) > 1 else 'check'}: {s['emitted_rows']:,} rows "
                  f"({m['matched_pairs']:,} matching pairs"
                  + (f", {s['emitted_rows'] - m['matched_pairs']:,} impressions without a click" if args.join == "left"
                     else "") + ")"
                  + ("; every row and the rows per batch equal across engines" if len(done) > 1 else ""))
        common.write_results(
            "stream_join", args, load_before,
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
