"""Conformance fixtures: one real PySpark session for the whole run, and ``conform``.

``conform(case)`` runs a case's program on rillet (the ``spark`` fixture of
``tests/conftest.py``) and on PySpark, and raises unless they agree; see
:mod:`tests.conformance.compare` for what "agree" means. Everything collected
from this folder is marked ``conformance`` (``pytest -m "not conformance"``
skips the JVM).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conformance import compare
from tests.conformance.compare import Case, Engine, Outcome

_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.conformance)


@pytest.fixture(scope="session")
def pyspark_session() -> Iterator[Any]:
    """Real PySpark on two local cores; skipped (with the reason) where there is no Java."""
    if shutil.which("java") is None:
        pytest.skip("conformance needs real PySpark, which needs Java: no `java` on PATH")
    pytest.importorskip("pyspark", reason="conformance needs real PySpark: pip install -e '.[dev]'")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("rillet-conformance")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("OFF")  # expected errors would print JVM stack traces
    yield session
    session.stop()


@pytest.fixture
def conform(spark: Any, pyspark_session: Any) -> Iterator[Callable[[Case], Outcome]]:
    """Run a case on rillet and on PySpark; raise unless they agree. Stops PySpark's streams after."""
    import pyspark.sql.functions as pyspark_functions
    import pyspark.sql.types as pyspark_types

    from rillet.sql import functions as rillet_functions
    from rillet.sql import types as rillet_types

    ours = Engine("rillet", spark, rillet_functions, rillet_types)
    theirs = Engine("pyspark", pyspark_session, pyspark_functions, pyspark_types)

    def run_case(case: Case) -> Outcome:
        return compare.conform(case.program, ours, theirs, case.ordered, case.raises)

    yield run_case
    for query in pyspark_session.streams.active:
        query.stop()
    pyspark_session.streams.resetTerminated()
