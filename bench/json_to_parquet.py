"""JSON files -> filter/projection -> parquet file sink with ``availableNow``: rillet vs real PySpark.

The workload (identical on both engines) is the ETL step of issue 4:

    events = (spark.readStream.schema("id LONG, user STRING, kind STRING, amount DOUBLE, ts LONG, ok BOOLEAN")
              .option("maxFilesPerTrigger", N).json(dir))
    out = (events.filter((F.col("kind") != "view") & (F.col("amount") >= 10.0) & F.col("ok"))
                 .select("id", "user", "kind", (F.col("amount") * 1.2).alias("gross"),
                         F.timestamp_seconds("ts").alias("at")))
    out.writeStream.format("parquet").option("checkpointLocation", tmp).trigger(availableNow=True).start(outdir)

A deterministic backlog (seeded RNG) of ``--rows`` JSON lines in ``--files`` files is
generated once and read by both engines. Each engine runs in its own subprocess with the
same cores (see ``_common.py``): PySpark as ``local[N]``, rillet with
``POLARS_MAX_THREADS=N``.

Per engine it measures the total time of the availableNow run (``start()`` to the end of
``awaitTermination()``, parquet written and committed to ``_spark_metadata``), rows/s of
input, CPU s (driver + JVM), the number of batches and the peak RSS: the worker's own
VmHWM from ``/proc/self/status`` plus, for PySpark, the JVM's VmHWM from
``/proc/<jvm pid>/status`` (the JVM is the py4j gateway's child process, read just before
the session stops; see ``_common.close_session``).

Checked: each engine's output, read through its ``_spark_metadata`` manifest, has exactly
the rows the generator predicts (count, sum of ids, sum of ``gross``), and the two engines'
outputs are equal row for row.

Run ``python bench/json_to_parquet.py`` (10M rows in 100 files, 10 files per batch);
``--help`` for flags. Results go to stdout and to ``bench/results/json_to_parquet.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _common as common

KINDS = ["view", "click", "buy", "refund", "share"]
T0 = 1_767_225_600  # 2026-01-01T00:00:00Z


# ---------------------------------------------------------------------- the backlog
def generate(data_dir: Path, rows: int, files: int, users: int, seed: int) -> dict[str, Any]:
    """Write ``rows`` JSON lines over ``files`` files; reuse them if already there. The manifest
    records what the filter keeps (count, sum of ids, sum of gross)."""
    import numpy as np
    import polars as pl

    wanted = {"rows": rows, "files": files, "users": users, "seed": seed, "version": 1}
    manifest = common.existing_manifest(data_dir, wanted)
    if manifest is not None:
        return manifest
    rng = np.random.default_rng(seed)
    kept = kept_ids = 0
    kept_gross = 0.0
    total_bytes = 0
    mtime = time.time() - files
    start = 0
    for i in range(files):
        n = rows // files + (1 if i < rows % files else 0)
        df = pl.DataFrame({
            "id": np.arange(start, start + n, dtype=np.int64),
            "user": pl.Series(rng.integers(0, users, n)).cast(pl.String),
            "kind": pl.Series(np.array(KINDS)[rng.integers(0, len(KINDS), n)]),
            "amount": np.round(rng.random(n) * 100, 2),
            "ts": T0 + np.arange(start, start + n, dtype=np.int64) // 100,
            "ok": rng.random(n) < 0.9,
        }).with_columns(pl.concat_str(pl.lit("u"), "user").alias("user"))
        start += n
        keep = df.filter((pl.col("kind") != "view") & (pl.col("amount") >= 10.0) & pl.col("ok"))
        kept += keep.height
        kept_ids += int(keep["id"].sum())
        kept_gross += float((keep["amount"] * 1.2).sum())
        path = data_dir / f"events-{i:05d}.json"
        df.write_ndjson(path)
        total_bytes += path.stat().st_size
        os.utime(path, (mtime + i, mtime + i))
    return common.save_manifest(data_dir, {**wanted, "bytes": total_bytes, "kept_rows": kept,
                                           "kept_id_sum": kept_ids, "kept_gross_sum": kept_gross})


# ---------------------------------------------------------------------- one engine (subprocess)
def _committed_files(out: str) -> list[str]:
    from rillet.connectors.files.manifest import files_for_read

    files = files_for_read(out)
    if files is None:
        raise SystemExit(f"{out} has no _spark_metadata: the sink did not commit")
    return files


def _run_query(spark: Any, F: Any, engine: str, data_dir: Path, max_files: int, out: str) -> dict[str, Any]:
    jvm = common.jvm_pids(spark)
    checkpoint = tempfile.mkdtemp(prefix=f"bench-jp-{engine}-ckpt-")
    events = (spark.readStream.schema("id LONG, user STRING, kind STRING, amount DOUBLE, ts LONG, ok BOOLEAN")
              .option("maxFilesPerTrigger", max_files).json(str(data_dir)))
    projected = (events.filter((F.col("kind") != "view") & (F.col("amount") >= 10.0) & F.col("ok"))
                 .select("id", "user", "kind", (F.col("amount") * 1.2).alias("gross"),
                         F.timestamp_seconds("ts").alias("at")))
    writer = (projected.writeStream.format("parquet").option("checkpointLocation", checkpoint)
              .trigger(availableNow=True).option("path", out))
    total_s, cpu_s, progress = common.timed_run(writer, jvm, checkpoint)
    return {
        "total_s": total_s,
        "cpu_s": cpu_s,
        "batches": len(progress),
        "input_rows": sum(int(p.get("numInputRows", 0)) for p in progress),
        "batch_ms": [p.get("durationMs", {}).get("triggerExecution") for p in progress],
        "add_batch_ms": [p.get("durationMs", {}).get("addBatch") for p in progress],
        "files": len(_committed_files(out)),
    }


def worker(args: argparse.Namespace) -> None:
    """Run the query ``--repeat`` times on one engine; figures to ``--out``; the first run's
    output folder is kept next to it for the driver to check."""
    engine = args.worker
    spark, F, import_s, session_s = common.open_session(
        engine, "bench-json-to-parquet", args.cores, args.spark_driver_memory,
        conf={"spark.sql.session.timeZone": "UTC"})
    runs = []
    keep = str(Path(args.out).with_suffix("")) + "-output"
    for r in range(args.repeat):
        out = keep if r == 0 else tempfile.mkdtemp(prefix=f"bench-jp-{engine}-out-")
        shutil.rmtree(out, ignore_errors=True)
        runs.append(_run_query(spark, F, engine, Path(args.data_dir), args.max_files_per_trigger, out))
        if r:
            shutil.rmtree(out, ignore_errors=True)
    Path(args.out).write_text(json.dumps({
        "engine": engine, "import_s": import_s, "session_s": session_s, "runs": runs,
        "rss": common.close_session(spark), "output": keep,
    }))


# ---------------------------------------------------------------------- the driver
def _read_output(folder: str) -> Any:
    import polars as pl
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.concat_tables([pq.read_table(f) for f in _committed_files(folder)])
    df = pl.from_arrow(table)
    assert isinstance(df, pl.DataFrame)
    # Spark writes timestamps as INT96 (read back as ns without a zone), rillet as UTC micros
    at = pl.col("at")
    at = at.dt.replace_time_zone(None) if df.schema["at"].time_zone else at  # type: ignore[union-attr]
    return df.with_columns(at.dt.cast_time_unit("us")).sort("id")


def _verify(results: dict[str, dict[str, Any]], manifest: dict[str, Any]) -> list[str]:
    problems = []
    frames = {}
    for engine, res in results.items():
        df = _read_output(res["output"])
        frames[engine] = df
        # Spark pushes the filter into the JSON scan, so its numInputRows counts the kept rows
        if res["runs"][0]["input_rows"] not in (manifest["rows"], manifest["kept_rows"]):
            problems.append(f"{engine}: progress reports {res['runs'][0]['input_rows']:,} input rows, "
                            f"{manifest['rows']:,} generated")
        if df.height != manifest["kept_rows"] or int(df["id"].sum()) != manifest["kept_id_sum"]:
            problems.append(f"{engine}: {df.height:,} rows (id sum {int(df['id'].sum())}) committed, expected "
                            f"{manifest['kept_rows']:,} (id sum {manifest['kept_id_sum']})")
        gross = float(df["gross"].sum())
        if abs(gross - manifest["kept_gross_sum"]) > 1e-6 * max(1.0, abs(manifest["kept_gross_sum"])):
            problems.append(f"{engine}: sum of gross {gross} != {manifest['kept_gross_sum']}")
    engines = list(frames)
    for other in engines[1:]:
        a, b = frames[engines[0]], frames[other]
        if a.columns != b.columns or not a.equals(b):
            problems.append(f"outputs differ between {engines[0]} and {other}: {a.schema} vs {b.schema}, "
                            f"first rows {a.head(2).to_dicts()} vs {b.head(2).to_dicts()}")
    return problems


def _summary(res: dict[str, Any], rows: int) -> dict[str, Any]:
    import statistics

    cold = res["runs"][0]
    out = {
        "startup_s": res["import_s"] + res["session_s"],
        "total_s": cold["total_s"],
        "cpu_s": cold["cpu_s"],
        "rows_per_s": rows / cold["total_s"],
        "batches": cold["batches"],
        "files": cold["files"],
        "median_batch_ms": statistics.median(m for m in cold["batch_ms"] if m is not None),
        "peak_rss_mb": common.peak_rss_mb(res["rss"]),
        "jvm_rss_mb": (res["rss"].get("jvm_kb") or 0) / 1024 or None,
    }
    if res["runs"][1:]:
        out["warm_total_s"] = statistics.median(r["total_s"] for r in res["runs"][1:])
    return out


COLUMNS = [("startup s", "startup_s", "{:.2f}"), ("total s", "total_s", "{:.2f}"), ("CPU s", "cpu_s", "{:.2f}"),
           ("rows/s", "rows_per_s", "{:,.0f}"), ("batches", "batches", "{}"), ("files out", "files", "{}"),
           ("median batch ms", "median_batch_ms", "{:,.0f}"), ("peak RSS MB", "peak_rss_mb", "{:,.0f}")]
RATIOS = {"total": "total_s", "cpu": "cpu_s", "median_batch": "median_batch_ms", "startup": "startup_s",
          "peak_rss": "peak_rss_mb", "warm_total": "warm_total_s"}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=10_000_000, help="JSON lines in the backlog (default 10,000,000)")
    p.add_argument("--files", type=int, default=100, help="files the rows are spread over (default 100)")
    p.add_argument("--users", type=int, default=100_000, help="distinct users (default 100,000)")
    p.add_argument("--max-files-per-trigger", type=int, default=10, help="files per micro-batch (default 10)")
    common.add_common_args(p)
    args = p.parse_args(argv)
    if args.worker:
        worker(args)
        return 0
    engines = common.parse_engines(p, args)
    if min(args.rows, args.files, args.users, args.max_files_per_trigger) < 1:
        p.error("--rows, --files, --users and --max-files-per-trigger must be at least 1")
    with common.workspace(args, "bench-jp") as (scratch, data_dir):
        t = time.perf_counter()
        m = generate(data_dir, args.rows, args.files, args.users, args.seed)
        print(f"backlog: {m['rows']:,} JSON lines, {m['bytes'] / 1e6:,.0f} MB in {m['files']} files at {data_dir} "
              f"({time.perf_counter() - t:.1f} s); the filter keeps {m['kept_rows']:,} rows")
        print(f"cores: {args.cores} (PySpark local[{args.cores}], UI off, driver memory "
              f"{args.spark_driver_memory}; rillet POLARS_MAX_THREADS={args.cores}); "
              f"{args.max_files_per_trigger} file(s) per trigger")
        print("peak RSS: the worker's VmHWM (/proc/self/status) plus, for PySpark, the JVM's "
              "(/proc/<gateway JVM pid>/status), read just before the session stops")
        load_before = common.check_load(args.cores)
        extra = common.worker_args(args, data_dir) + ["--max-files-per-trigger", str(args.max_files_per_trigger)]
        done, failed = common.run_engines(__file__, engines, extra, scratch, args.cores)
        problems = _verify(done, m)
        summaries = {e: _summary(r, m["rows"]) for e, r in done.items()}
        print()
        common.print_table(COLUMNS + ([("warm total s", "warm_total_s", "{:.2f}")] if args.repeat > 1 else []),
                           summaries)
        for e, s in summaries.items():
            if s.get("jvm_rss_mb"):
                print(f"  ({e}: of the peak RSS, the JVM's is {s['jvm_rss_mb']:,.0f} MB)")
        ratios = common.ratios(summaries, RATIOS)
        print()
        if problems:
            for msg in problems:
                print(f"!!! MISMATCH: {msg}")
        elif done:
            print(f"results {'match' if len(done) > 1 else 'check'}: {m['kept_rows']:,} rows committed"
                  + ("; equal across engines" if len(done) > 1 else ""))
        common.write_results("json_to_parquet", args, load_before, backlog=m, summary=summaries,
                             ratios_pyspark_over_rillet=ratios, failed=failed, mismatches=problems)
        return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
