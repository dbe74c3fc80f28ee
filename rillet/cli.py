"""The ``rillet`` command: ``version``, ``demo``, ``run job.py``, ``submit [--master URL] job.py``, ``checkpoint inspect PATH``.

Bad input (a missing file, a job that raises, a folder that is not a checkpoint)
prints one line on stderr and exits non-zero; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import runpy
import sys
import time
from typing import Any

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


class CliError(Exception):
    """Bad input from the user: reported as one line, exit code ``EXIT_BAD_INPUT``."""


def main(argv: list[str] | None = None) -> int:
    ns = _parser().parse_args(argv)
    for name, default in (("debug", False), ("verbose", False), ("conf", [])):
        if not hasattr(ns, name):  # the options are accepted before and after the command
            setattr(ns, name, default)
    logging.basicConfig(
        level=logging.DEBUG if ns.debug else logging.INFO if ns.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(ns.handler(ns) or 0)
    except KeyboardInterrupt:
        return 130
    except CliError as e:
        if ns.debug:
            raise
        print(f"rillet: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as e:  # noqa: BLE001 - one clear line unless --debug
        if ns.debug:
            raise
        print(f"rillet: {_one_line(e)}", file=sys.stderr)
        return EXIT_FAILED


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
    common.add_argument("--verbose", "-v", action="store_true", default=argparse.SUPPRESS,
                        help="log one line per micro-batch (INFO)")
    common.add_argument("--conf", action="append", default=argparse.SUPPRESS, metavar="KEY=VALUE",
                        help="a session setting, e.g. --conf spark.ui.port=4050 (repeatable)")
    parser = argparse.ArgumentParser(
        prog="rillet", parents=[common], description="Spark Structured Streaming for Python, without the JVM."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("version", parents=[common], help="print the version").set_defaults(handler=_version)

    demo = sub.add_parser("demo", parents=[common], help="run a windowed stream with a watermark, with the dashboard")
    demo.add_argument("--batches", type=int, default=10, help="stop after this many micro-batches (0: run until Ctrl+C)")
    demo.add_argument("--rows-per-second", type=int, default=20)
    demo.add_argument("--no-wait", action="store_true", help="exit when the stream ends instead of keeping the dashboard up")
    demo.set_defaults(handler=_demo)

    run = sub.add_parser("run", parents=[common], help="run a PySpark-style job file on rillet, with the dashboard")
    run.add_argument("job", help="a Python file")
    run.add_argument("--no-wait", action="store_true", help="exit when the job ends instead of keeping the dashboard up")
    run.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the job (its sys.argv[1:])")
    run.set_defaults(handler=_run)

    submit = sub.add_parser("submit", parents=[common],
                            help="run a job file on Apache Spark (--master) or, without --master, on rillet")
    submit.add_argument("--master", metavar="URL", help="local[*], spark://HOST:PORT or sc://HOST:PORT (Spark Connect)")
    submit.add_argument("job", help="a Python file written against rillet.sql")
    submit.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the job (its sys.argv[1:])")
    submit.set_defaults(handler=_submit)

    ckpt = sub.add_parser("checkpoint", parents=[common], help="look into a checkpoint folder")
    ckpt_sub = ckpt.add_subparsers(dest="checkpoint_command", required=True, metavar="COMMAND")
    inspect = ckpt_sub.add_parser("inspect", parents=[common], help="batches, offsets, commits and state per operator")
    inspect.add_argument("path")
    inspect.add_argument("--json", action="store_true", help="print JSON instead of text")
    inspect.set_defaults(handler=_inspect)
    return parser


def _one_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return f"{type(e).__name__}: {text[0]}" if text else type(e).__name__


# ---------------------------------------------------------------------- sessions
def _session(ns: argparse.Namespace, app_name: str) -> Any:
    from rillet.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    for item in ns.conf:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise CliError(f"--conf expects KEY=VALUE, got '{item}'")
        builder = builder.config(key.strip(), value.strip())
    spark = builder.getOrCreate()
    if spark._ui is not None and not ns.verbose:  # with --verbose the log says it
        print(f"rillet: dashboard at {spark._ui.url}", file=sys.stderr)
    return spark


def _keep_dashboard_up(spark: Any, no_wait: bool) -> None:
    """After the job: keep serving the dashboard until Ctrl+C when a person is watching."""
    ui = getattr(spark, "_ui", None)
    if no_wait or ui is None or spark._stopped or not sys.stdout.isatty():
        return
    print(f"rillet: finished; the dashboard stays at {ui.url} (Ctrl+C to exit)", file=sys.stderr)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


# ---------------------------------------------------------------------- commands
def _version(ns: argparse.Namespace) -> int:
    from rillet import __version__

    print(f"rillet {__version__}")
    return 0


def _run(ns: argparse.Namespace) -> int:
    job = ns.job
    if not os.path.exists(job):
        raise CliError(f"no such job file: {job}")
    if not os.path.isfile(job):
        raise CliError(f"not a file: {job}")
    spark = _session(ns, os.path.splitext(os.path.basename(job))[0])
    sys.argv = [job, *ns.args]
    sys.path.insert(0, os.path.dirname(os.path.abspath(job)))
    try:
        runpy.run_path(job, run_name="__main__")
    except KeyboardInterrupt:
        # Ctrl-C outside awaitTermination (which stops them itself): stop the job's queries
        # after their batch in flight, so the checkpoint needs no re-run; main() exits 130
        for q in spark.streams.active:
            q.stop()
        raise
    except SystemExit as e:
        if e.code not in (None, 0):
            if not isinstance(e.code, int):
                print(f"rillet: {job} exited: {e.code}", file=sys.stderr)
                return EXIT_FAILED
            return e.code
    except Exception as e:
        if ns.debug:
            raise
        print(f"rillet: job {job} failed: {_one_line(e)}", file=sys.stderr)
        return EXIT_FAILED
    _keep_dashboard_up(spark, ns.no_wait)
    return 0


def _submit(ns: argparse.Namespace) -> int:
    """``rillet submit``: the pyspark package's spark-submit with RILLET_ENGINE=spark, or ``run``."""
    from rillet import spark_backend

    if ns.master is None:  # rillet's engine, even with RILLET_ENGINE=spark exported
        os.environ[spark_backend.ENV_VAR] = "rillet"
        ns.no_wait = True
        return _run(ns)

    if not os.path.isfile(ns.job):
        raise CliError(f"no such job file: {ns.job}")
    if not ns.master.startswith(("local", "spark://", "sc://", "yarn", "k8s://")):
        raise CliError(f"--master expects local[N], spark://HOST:PORT, sc://HOST:PORT, yarn or k8s://..., got '{ns.master}'")
    confs = []
    for item in ns.conf:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CliError(f"--conf expects KEY=VALUE, got '{item}'")
        confs.append((key.strip(), value.strip()))
    try:
        return spark_backend.submit(ns.master, confs, ns.job, ns.args)
    except ImportError as e:
        raise CliError(str(e)) from None


def _demo(ns: argparse.Namespace) -> int:
    from rillet.sql import functions as F

    spark = _session(ns, "rillet-demo")
    events = (
        spark.readStream.format("rate").option("rowsPerSecond", ns.rows_per_second).load()
        .withColumn("sensor", F.concat(F.lit("sensor-"), (F.col("value") % 3).cast("string")))
        .withColumn("reading", (F.col("value") * 7) % 100)
    )
    per_window = (
        events.withWatermark("timestamp", "2 seconds")
        .groupBy(F.window("timestamp", "4 seconds", "2 seconds"), "sensor")
        .agg(F.count("*").alias("readings"), F.avg("reading").alias("avg_reading"), F.max("reading").alias("max_reading"))
    )
    query = (
        per_window.writeStream.format("console").outputMode("update").option("truncate", False)
        .queryName("sensor_windows").trigger(processingTime="1 second").start()
    )
    try:
        while query.isActive:
            last = query.lastProgress
            if ns.batches and last is not None and last["batchId"] + 1 >= ns.batches:
                break
            query.awaitTermination(0.2)
    finally:
        query.stop()
    _keep_dashboard_up(spark, ns.no_wait)
    return 0


def _inspect(ns: argparse.Namespace) -> int:
    info = inspect_checkpoint(ns.path)
    print(json.dumps(info, indent=2) if ns.json else _render_inspection(info))
    return 0


# ---------------------------------------------------------------------- checkpoint inspect
def inspect_checkpoint(path: str) -> dict[str, Any]:
    """Read a checkpoint folder without changing it (layout: ``rillet.engine.checkpoint``)."""
    from rillet.engine.checkpoint import OffsetSeq
    from rillet.errors import PySparkException

    root = os.path.abspath(path)
    if not os.path.isdir(root):
        raise CliError(f"no such checkpoint folder: {path}")
    metadata = os.path.join(root, "metadata")
    if not os.path.isfile(metadata) or not os.path.isdir(os.path.join(root, "offsets")):
        raise CliError(f"{path} is not a checkpoint (expected a 'metadata' file and an 'offsets' folder)")
    try:
        with open(metadata, encoding="utf-8") as f:
            query_id = json.load(f)["id"]
    except (OSError, ValueError, KeyError, TypeError):
        raise CliError(f"{metadata}: not a checkpoint metadata file (expected {{\"id\": ...}})") from None
    offsets, commits = _batch_ids(root, "offsets"), _batch_ids(root, "commits")
    latest: dict[str, Any] | None = None
    if offsets:
        last = offsets[-1]
        file = os.path.join(root, "offsets", str(last))
        try:
            with open(file, encoding="utf-8") as f:
                seq = OffsetSeq.parse(f.read(), file)
        except PySparkException as e:
            raise CliError(_one_line(e)) from None
        latest = {
            "batchId": last,
            "batchWatermarkMs": seq.batch_watermark_ms,
            "batchTimestampMs": seq.batch_timestamp_ms,
            "sourceOffsets": seq.offsets,
        }
    uncommitted = [b for b in offsets if b not in set(commits)]
    return {
        "path": root,
        "id": query_id,
        "offsets": _span(offsets),
        "commits": _span(commits),
        "uncommittedBatches": uncommitted,
        "latestOffsets": latest,
        "stateOperators": _state_operators(os.path.join(root, "state")),
    }


def _batch_ids(root: str, name: str) -> list[int]:
    folder = os.path.join(root, name)
    if not os.path.isdir(folder):
        return []
    return sorted(int(n) for n in os.listdir(folder) if n.isdigit())


def _span(ids: list[int]) -> dict[str, Any]:
    return {"count": len(ids), "first": ids[0] if ids else None, "last": ids[-1] if ids else None}


def _state_operators(state_root: str) -> list[dict[str, Any]]:
    if not os.path.isdir(state_root):
        return []
    out = []
    for op in sorted((n for n in os.listdir(state_root) if n.isdigit()), key=int):
        files: list[tuple[str, int]] = []
        for folder, _, names in os.walk(os.path.join(state_root, op)):
            files += [(n, os.path.getsize(os.path.join(folder, n))) for n in names if not n.startswith(".")]
        deltas = sorted(int(n.split(".")[0]) for n, _ in files if n.endswith(".delta") and n.split(".")[0].isdigit())
        snapshots = [n for n, _ in files if n.endswith(".snapshot")]
        out.append({
            "operatorId": int(op),
            "latestVersion": deltas[-1] if deltas else None,
            "deltaFiles": len(deltas),
            "snapshotFiles": len(snapshots),
            "sizeBytes": sum(size for _, size in files),
        })
    return out


def _render_inspection(info: dict[str, Any]) -> str:
    def span(s: dict[str, Any]) -> str:
        return f"{s['count']} (batches {s['first']}..{s['last']})" if s["count"] else "0"

    lines = [
        f"checkpoint   {info['path']}",
        f"query id     {info['id']}",
        f"offsets      {span(info['offsets'])}",
        f"commits      {span(info['commits'])}",
        f"uncommitted  {', '.join(map(str, info['uncommittedBatches'])) or 'none'}",
    ]
    latest = info["latestOffsets"]
    if latest is not None:
        lines.append(f"latest batch {latest['batchId']}: watermark {latest['batchWatermarkMs']} ms, "
                     f"timestamp {latest['batchTimestampMs']} ms")
        for i, offset in enumerate(latest["sourceOffsets"]):
            lines.append(f"  source {i}: {json.dumps(offset)}")
    if not info["stateOperators"]:
        lines.append("state        none (a stateless query)")
    for op in info["stateOperators"]:
        lines.append(
            f"state op {op['operatorId']}   version {op['latestVersion']}, {op['deltaFiles']} delta + "
            f"{op['snapshotFiles']} snapshot files, {op['sizeBytes']} bytes"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
