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
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _common as common


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
    manifest = common.existing_manifest(data_dir, wanted)
    if manifest is not None:
        return manifest
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
    return common.save_manifest(data_dir, {**wanted, "words": total_words, "bytes": total_bytes})


# ---------------------------------------------------------------------- one engine (subprocess)
def _run_query(spark: Any, F: Any, engine: str, data_dir: Path, max_files: int | None) -> tuple[dict[str, Any], Any]:
    """One availableNow run of the word count; its timings and the last batch's counts (Arrow)."""
    jvm = common.jvm_pids(spark)
    checkpoint = tempfile.mkdtemp(prefix=f"bench-wc-{engine}-ckpt-")
    seen: dict[str, Any] = {"first": None, "first_rows": None, "batches": 0, "table": None, "start": 0.0}

    def on_batch(batch_df: Any, batch_id: int) -> None:
        table = batch_df.toArrow()  # materialize: PySpark runs the batch plan here
        if seen["first"] is None:
            seen["first"] = time.perf_counter() - seen["start"]
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
    # every batch's progress is kept (numInputRows is summed over them), however many there are
    spark.conf.set("spark.sql.streaming.numRecentProgressUpdates", str(100_000))
    seen["start"] = time.perf_counter()  # the query starts right away in timed_run
    total_s, cpu_s, progress = common.timed_run(writer, jvm, checkpoint)
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
    spark, F, import_s, session_s = common.open_session(engine, "bench-wordcount", args.cores,
                                                        args.spark_driver_memory, common.session_conf(args))
    runs: list[dict[str, Any]] = []
    final_counts: dict[str, int] = {}
    unstable: list[int] = []  # runs whose counts differ from run 1's
    for r in range(args.repeat):
        run, table = _run_query(spark, F, engine, Path(args.data_dir), args.max_files_per_trigger)
        result = dict(zip(table.column("word").to_pylist(), table.column("count").to_pylist()))
        if r == 0:
            final_counts = result
        elif result != final_counts:
            unstable.append(r + 1)
        runs.append(run)
    Path(args.out).write_text(json.dumps({
        "engine": engine,
        "import_s": import_s,
        "session_s": session_s,
        "runs": runs,
        "rss": common.close_session(spark),
        "counts": final_counts,
        "unstable_runs": unstable,
    }))


# ---------------------------------------------------------------------- the driver
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
    out = {
        "import_s": res["import_s"],
        "session_s": res["session_s"],
        "startup_s": res["import_s"] + res["session_s"],
        "first_batch_s": cold["first_batch_s"],
        "total_s": cold["total_s"],
        "cpu_s": cold["cpu_s"],
        "lines_per_s": lines / cold["total_s"],
        "batches": cold["batches"],
        "peak_rss_mb": common.peak_rss_mb(res["rss"]),
        "process_s": res["process_s"],
    }
    if warm:
        out["warm_first_batch_s"] = statistics.median(r["first_batch_s"] for r in warm)
        out["warm_total_s"] = statistics.median(r["total_s"] for r in warm)
        out["warm_cpu_s"] = statistics.median(r["cpu_s"] for r in warm)
        out["warm_lines_per_s"] = lines / out["warm_total_s"]
    return out


COLUMNS = [("import s", "import_s", "{:.2f}"), ("session s", "session_s", "{:.2f}"),
           ("first batch s", "first_batch_s", "{:.2f}"), ("total s", "total_s", "{:.2f}"),
           ("CPU s", "cpu_s", "{:.2f}"), ("lines/s", "lines_per_s", "{:,.0f}"), ("batches", "batches", "{}"),
           ("peak RSS MB", "peak_rss_mb", "{:,.0f}")]
WARM_COLUMNS = [("warm first s", "warm_first_batch_s", "{:.2f}"), ("warm total s", "warm_total_s", "{:.2f}"),
                ("warm CPU s", "warm_cpu_s", "{:.2f}"), ("warm lines/s", "warm_lines_per_s", "{:,.0f}")]
RATIOS = {"total": "total_s", "first_batch": "first_batch_s", "cpu": "cpu_s", "startup": "startup_s",
          "peak_rss": "peak_rss_mb", "warm_total": "warm_total_s", "warm_first_batch": "warm_first_batch_s",
          "warm_cpu": "warm_cpu_s"}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lines", type=int, default=2_000_000, help="lines in the backlog (default 2,000,000)")
    p.add_argument("--files", type=int, default=20, help="files the lines are spread over (default 20)")
    p.add_argument("--vocab", type=int, default=10_000, help="distinct words (default 10,000)")
    p.add_argument("--max-files-per-trigger", type=int, default=None,
                   help="split the backlog into batches (default: one batch, as the seed program)")
    common.add_common_args(p)
    args = p.parse_args(argv)
    if args.worker:
        worker(args)
        return 0

    engines = common.parse_engines(p, args)
    if args.lines < 1 or args.files < 1:
        p.error("--lines and --files must be at least 1")
    with common.workspace(args, "bench-wc") as (scratch, data_dir):
        t = time.perf_counter()
        manifest = generate(data_dir, args.lines, args.files, args.vocab, args.seed)
        print(f"backlog: {manifest['lines']:,} lines, {manifest['words']:,} words, "
              f"{manifest['bytes'] / 1e6:,.0f} MB in {manifest['files']} files at {data_dir} "
              f"({time.perf_counter() - t:.1f} s)")
        print(f"cores: {args.cores} (PySpark local[{args.cores}], shuffle partitions {args.cores}, UI off, "
              f"driver memory {args.spark_driver_memory}; rillet POLARS_MAX_THREADS={args.cores})")
        load_before = common.check_load(args.cores)
        extra = common.worker_args(args, data_dir)
        if args.max_files_per_trigger:
            extra += ["--max-files-per-trigger", str(args.max_files_per_trigger)]
        done, failed = common.run_engines(__file__, engines, extra, scratch, args.cores)
        problems = _verify(done, manifest)
        summaries = {e: _summary(r, manifest["lines"]) for e, r in done.items()}
        print()
        common.print_table(COLUMNS + (WARM_COLUMNS if args.repeat > 1 else []), summaries)
        ratios = common.ratios(summaries, RATIOS)
        print()
        if problems:
            for msg in problems:
                print(f"!!! MISMATCH: {msg}")
        elif len(done) > 1:
            print(f"results match: {len(next(iter(done.values()))['counts']):,} distinct words, "
                  f"sum of counts = {manifest['words']:,} words; top-10 and every count equal")
        common.write_results(
            "wordcount_files", args, load_before,
            backlog=manifest,
            summary=summaries,
            ratios_pyspark_over_rillet=ratios,
            runs={e: {k: v for k, v in r.items() if k != "counts"} for e, r in done.items()},
            failed=failed,
            mismatches=problems,
        )
        return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
