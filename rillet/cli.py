"""The ``rillet`` command: ``rillet version``, ``rillet demo``, ``rillet run job.py``."""

from __future__ import annotations

import argparse
import runpy
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rillet", description="Spark Structured Streaming for Python, without the JVM.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("version", help="print the version")
    demo = sub.add_parser("demo", help="run the streaming word count demo")
    demo.add_argument("--batches", type=int, default=5)
    run = sub.add_parser("run", help="run a PySpark-style job file with rillet")
    run.add_argument("job")
    run.add_argument("args", nargs=argparse.REMAINDER)
    ns = parser.parse_args(argv)
    try:
        if ns.command == "version":
            from rillet import __version__

            print(f"rillet {__version__}")
        elif ns.command == "demo":
            from rillet.examples import wordcount

            wordcount.main(["--batches", str(ns.batches)])
        elif ns.command == "run":
            sys.argv = [ns.job, *ns.args]
            runpy.run_path(ns.job, run_name="__main__")
        return 0
    except FileNotFoundError as e:
        if ns.debug:
            raise
        print(f"rillet: no such file: {e.filename}", file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - one clear line unless --debug
        if ns.debug:
            raise
        print(f"rillet: {type(e).__name__}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
