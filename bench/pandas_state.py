"""applyInPandasWithState (a running count per key in pandas state) over a backlog of parquet files: rillet vs PySpark.

The workload (identical on both engines):

    def count(key, pdfs, state):
        n = sum(len(p) for p in pdfs) + (state.get[0] if state.exists else 0)
        state.update((n,))
        yield pd.DataFrame({"k": [key[0]], "n": [n]})

    rows = spark.readStream.schema("k long, v long").option("maxFilesPerTrigger", 1).parquet(dir)
    rows.groupBy("k").applyInPandasWithState(count, "k long, n long", "n long", "update", "NoTimeout")
        .writeStream.format("noop").outputMode("update").trigger(availableNow=True)

``--batches`` files of ``--rows`` rows with keys drawn uniformly from ``--keys`` (one
file per micro-batch). Per engine it prints the median batch time of the batches after
the first (``durationMs.triggerExecution``), the first batch's, and the state rows at the
end; ``--keys`` run in turn show how a batch's time grows with the number of keys (it
should follow the keys a batch touches, not the keys in state). The user function runs
once per key per batch on both engines: most of the time is pandas, per key.

``--api transformWithStateInPandas`` runs the same count with Spark 4's API instead (a
processor with one value state per key; PySpark on its RocksDB provider, which it
requires):

    class Count(StatefulProcessor):
        def init(self, handle):
            self.n = handle.getValueState("n", "n long")
        def handleInputRows(self, key, rows, timerValues):
            n = sum(len(p) for p in rows) + (self.n.get() or (0,))[0]
            self.n.update((n,))
            yield pd.DataFrame({"k": [key[0]], "n": [n]})

Run ``python bench/pandas_state.py`` (100k keys, 10 batches of 10k rows) or
``--keys 1000,100000 --batches 4`` for a quick run. Results go to stdout and to
``bench/results/pandas_state.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import _common as common


def count(key: Any, pdfs: Any, state: Any) -> Any:
    import pandas as pd

    n = sum(len(p) for p in pdfs) + (state.get[0] if state.exists else 0)
    state.update((n,))
    yield pd.DataFrame({"k": [key[0]], "n": [n]})


def count_processor(engine: str) -> Any:
    """The count as a ``StatefulProcessor`` of ``engine``'s own class."""
    import importlib

    package = "rillet.sql" if engine == "rillet" else "pyspark.sql"
    base = importlib.import_module(f"{package}.streaming.stateful_processor").StatefulProcessor

    class Count(base):  # type: ignore[misc, valid-type]
        def init(self, handle: Any) -> None:
            self.n = handle.getValueState("n", "n long")

        def handleInputRows(self, key: Any, rows: Any, timerValues: Any) -> Any:
            import pandas as pd

            n = sum(len(p) for p in rows) + (self.n.get() or (0,))[0]
            self.n.update((n,))
            yield pd.DataFrame({"k": [key[0]], "n": [n]})

    return Count()


def generate(data_dir: Path, keys: int, batches: int, rows: int, seed: int) -> None:
    import numpy as np
    import pandas as pd

    wanted = {"keys": keys, "batches": batches, "rows": rows, "seed": seed}
    if common.existing_manifest(data_dir, wanted) is not None:
        return
    rng = np.random.default_rng(seed)
    for b in range(batches):
        path = data_dir / f"part-{b:05d}.parquet"
        pd.DataFrame({"k": rng.integers(0, keys, rows), "v": rng.integers(0, 100, rows)}).to_parquet(path)
        os.utime(path, (1_700_000_000 + b, 1_700_000_000 + b))
    common.save_manifest(data_dir, wanted)


def worker(args: argparse.Namespace) -> None:
    spark, _, import_s, session_s = common.open_session(args.worker, "pandas-state-bench", args.cores,
                                                        args.spark_driver_memory)
    jvm = common.jvm_pids(spark)
    checkpoint = tempfile.mkdtemp(prefix="pandas-state-chk-")
    rows = spark.readStream.schema("k long, v long").option("maxFilesPerTrigger", 1).parquet(args.data_dir)
    if args.api == "transformWithStateInPandas":
        spark.conf.set("spark.sql.streaming.stateStore.providerClass",
                       "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider")
        out = rows.groupBy("k").transformWithStateInPandas(count_processor(args.worker), "k long, n long",
                                                           "Update", "None")
    else:
        out = rows.groupBy("k").applyInPandasWithState(count, "k long, n long", "n long", "update", "NoTimeout")
    writer = (out.writeStream.format("noop").outputMode("update").trigger(availableNow=True)
              .option("checkpointLocation", checkpoint))
    total_s, cpu, progress = common.timed_run(writer, jvm, checkpoint)
    batches = [p["durationMs"]["triggerExecution"] for p in progress if p["numInputRows"]]
    result = {
        "engine": args.worker, "import_s": import_s, "session_s": session_s, "total_s": total_s, "cpu_s": cpu,
        "batch_ms": batches,
        "first_batch_ms": batches[0] if batches else None,
        "median_batch_ms": statistics.median(batches[1:]) if len(batches) > 1 else None,
        "state_rows": progress[-1]["stateOperators"][0]["numRowsTotal"] if progress else None,
        "rss": common.close_session(spark),
    }
    Path(args.out).write_text(json.dumps(result))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    common.add_common_args(p)
    p.add_argument("--keys", default="100000", help="comma-separated key counts, one run each")
    p.add_argument("--batches", type=int, default=10)
    p.add_argument("--rows", type=int, default=10_000, help="rows per batch")
    p.add_argument("--api", default="applyInPandasWithState",
                   choices=["applyInPandasWithState", "transformWithStateInPandas"])
    args = p.parse_args()
    if args.worker:
        worker(args)
        return
    engines = common.parse_engines(p, args)
    load = common.check_load(args.cores)
    runs: dict[str, Any] = {}
    for keys in (int(k) for k in args.keys.split(",")):
        with common.workspace(args, f"pandas-state-{keys}") as (scratch, data_dir):
            generate(data_dir, keys, args.batches, args.rows, args.seed)
            summaries, failed = common.run_engines(
                __file__, engines, [*common.worker_args(args, data_dir), "--api", args.api], scratch, args.cores)
        print(f"\n{args.api}: {keys} keys, {args.batches} batches of {args.rows} rows")
        common.print_table([("median batch ms", "median_batch_ms", "{:.0f}"),
                            ("first batch ms", "first_batch_ms", "{:.0f}"),
                            ("total s", "total_s", "{:.1f}"), ("CPU s", "cpu_s", "{:.1f}"),
                            ("state rows", "state_rows", "{}")], summaries)
        ratio = common.ratios(summaries, {"median batch": "median_batch_ms", "total": "total_s", "CPU": "cpu_s"})
        runs[str(keys)] = {"summaries": summaries, "ratios": ratio, "failed": failed}
    name = "pandas_state" if args.api == "applyInPandasWithState" else "transform_with_state"
    common.write_results(name, args, load, runs=runs)
    if any(r["failed"] for r in runs.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
