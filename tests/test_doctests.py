"""The ``>>>`` examples of ``rillet.sql`` and ``rillet.testing`` run and print what they show.

Each module is one test case. Its docstrings run with Python's ``doctest`` in the
namespace PySpark's own doctests use: one shared ``spark`` session, ``F``
(``rillet.sql.functions``), ``T`` (``rillet.sql.types``), ``Row`` and ``Window``;
flags ``ELLIPSIS | NORMALIZE_WHITESPACE`` as PySpark's. The expected output of an
example is PySpark's (the function examples come from PySpark's docstrings or were
compared with PySpark 4.0.5 when written), so a failing example is a conformance bug.

Also: every public function of ``rillet.sql.functions`` keeps a docstring with an
Examples section and annotations on each parameter and on its return, so editors show
signatures and the documentation cannot regress.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import io
import pkgutil
from types import ModuleType

import pytest

import rillet.sql
import rillet.sql.functions as F
import rillet.testing
from rillet.sql import Row, SparkSession, Window
from rillet.sql import types as T

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _modules() -> list[str]:
    """Every module of rillet.sql and rillet.testing with at least one ``>>>`` example."""
    names = []
    for package in (rillet.sql, rillet.testing):
        submodules = pkgutil.walk_packages(package.__path__, package.__name__ + ".")
        for name in (package.__name__, *(info.name for info in submodules)):
            module = importlib.import_module(name)
            if any(t.examples for t in doctest.DocTestFinder().find(module)):
                names.append(name)
    return sorted(names)


def _run_module(module: ModuleType, spark: SparkSession) -> tuple[int, str]:
    """Run each docstring of ``module`` on a fresh copy of its globals plus the shared names; (failures, report)."""
    namespace = {**vars(module), "spark": spark, "F": F, "T": T, "Row": Row, "Window": Window}
    time_zone = spark.conf.get("spark.sql.session.timeZone")
    runner = doctest.DocTestRunner(optionflags=FLAGS, verbose=False)
    out = io.StringIO()
    failed = 0
    for test in doctest.DocTestFinder().find(module):
        test.globs = dict(namespace)
        try:
            failed += runner.run(test, out=out.write, clear_globs=True).failed
        finally:
            # Some examples (PySpark's own) set the session time zone; the next docstring starts clean.
            spark.conf.set("spark.sql.session.timeZone", time_zone)
    return failed, out.getvalue()


@pytest.mark.parametrize("module_name", _modules())
def test_docstring_examples_print_what_they_show(module_name: str, spark: SparkSession) -> None:
    failed, report = _run_module(importlib.import_module(module_name), spark)
    assert failed == 0, report


def _public_functions() -> list[str]:
    return [name for name in F.__all__ if inspect.isfunction(getattr(F, name))]


@pytest.mark.parametrize("name", _public_functions())
def test_public_function_has_signature_and_documented_example(name: str) -> None:
    fn = getattr(F, name)
    doc = inspect.getdoc(fn) or ""
    assert doc, f"F.{name} has no docstring"
    assert "\nExamples\n--------\n" in doc and ">>> " in doc, f"F.{name}'s docstring has no Examples section"
    signature = inspect.signature(fn)
    unannotated = [p.name for p in signature.parameters.values() if p.annotation is inspect.Parameter.empty]
    assert not unannotated, f"F.{name}: parameters without a type hint: {unannotated}"
    assert signature.return_annotation is not inspect.Signature.empty, f"F.{name} has no return type"
