"""Function coverage: which of ``pyspark.sql.functions.__all__`` rillet implements, by category.

``python -m rillet.tools.coverage`` prints, per Spark function group (Spark's own
``ExpressionInfo.getGroup()``: string_funcs, agg_funcs, ...), the functions rillet
implements and those it does not yet, with totals. "Implemented" is read from
the code: the name is exported by :mod:`rillet.sql.functions` (whose modules only
define functions declared in :mod:`rillet.plan.registry`). PySpark's list and
Spark's groups come from ``pyspark_functions.json`` next to this module, written
by ``python -m rillet.tools.coverage --refresh`` from the installed PySpark (needs
Java); a function PySpark has but Spark's SQL registry does not (``col``,
``udf``, ``broadcast``, camelCase aliases) is in the group ``dataframe_api``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).with_name("pyspark_functions.json")
API_ONLY = "dataframe_api"


def load_catalog() -> dict[str, str]:
    """PySpark function name -> Spark function group, as recorded by ``--refresh``."""
    return json.loads(DATA.read_text())["functions"]


def refresh() -> dict[str, object]:
    """Read ``pyspark.sql.functions.__all__`` and each name's group from a local Spark JVM."""
    import pyspark
    import pyspark.sql.functions as F
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate()
    try:
        registry = spark._jsparkSession.sessionState().functionRegistry()
        identifier = spark._jvm.org.apache.spark.sql.catalyst.FunctionIdentifier  # type: ignore[union-attr]
        groups: dict[str, str] = {}
        for name in sorted(F.__all__):
            info = registry.lookupFunction(identifier.apply(name))
            groups[name] = (info.get().getGroup() if info.isDefined() else "") or API_ONLY
    finally:
        spark.stop()
    data = {"pyspark_version": pyspark.__version__, "functions": groups}
    DATA.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    return data


def implemented_names() -> set[str]:
    """The function names rillet's API exports (each backed by a registry declaration)."""
    import rillet.sql.functions as F

    return {n for n in F.__all__ if callable(getattr(F, n, None))}


def report(catalog: dict[str, str], implemented: set[str], show_missing: bool = True) -> str:
    by_group: dict[str, list[str]] = defaultdict(list)
    for name, group in catalog.items():
        by_group[group].append(name)
    lines: list[str] = []
    total_done = 0
    for group in sorted(by_group, key=lambda g: (g == API_ONLY, g)):
        names = sorted(by_group[group])
        done = [n for n in names if n in implemented]
        missing = [n for n in names if n not in implemented]
        total_done += len(done)
        lines.append(f"{group}: {len(done)}/{len(names)} implemented")
        lines.append("  implemented: " + (", ".join(done) or "-"))
        if show_missing:
            lines.append("  not yet:     " + (", ".join(missing) or "-"))
    extra = sorted(implemented - set(catalog))
    lines.append("")
    lines.append(f"total: {total_done}/{len(catalog)} of pyspark.sql.functions.__all__ implemented "
                 f"({100 * total_done / max(len(catalog), 1):.0f}%)")
    if extra:
        lines.append("also exported by rillet (not in PySpark's __all__): " + ", ".join(extra))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rillet.tools.coverage", description=__doc__.split("\n")[0])
    parser.add_argument("--refresh", action="store_true",
                        help="re-read PySpark's function list and Spark's groups (needs PySpark and Java)")
    parser.add_argument("--implemented-only", action="store_true", help="do not list missing functions")
    args = parser.parse_args(argv)
    if args.refresh:
        refresh()
    print(report(load_catalog(), implemented_names(), show_missing=not args.implemented_only))
    return 0


if __name__ == "__main__":
    sys.exit(main())
