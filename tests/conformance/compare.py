"""Run one program on rillet and on real PySpark, and compare what each did.

A *program* is a function ``program(spark, F, T)`` of a session and that
engine's ``functions`` and ``types`` modules (``T.Row`` is the engine's ``Row``).
It may return a DataFrame, any plain value (numbers, strings, Rows, lists,
dicts, :class:`Bag`), print (``show()``, ``printSchema()``), or raise. The
*outcome* of a run is all three: the value, the printed text, the error.

What is compared, and how:

* **Schema** of a returned DataFrame: each top-level field's name,
  ``simpleString()`` type and ``nullable`` flag. Nested nullability
  (``containsNull``, ``valueContainsNull``, nested struct fields) is not part
  of ``simpleString``; cases that care print the schema (``printSchema()``),
  and the printed text is compared exactly.
* **Rows** as plain tuples (Rows become tuples recursively). A DataFrame's rows
  are compared as a multiset unless the case is declared ``ordered=True``
  (it sorts); a :class:`Bag` is always a multiset, a list always ordered.
* **Floats** with a relative tolerance of 1e-9; NaN equals NaN; an int and a
  float never compare equal (the types must agree too).
* **Printed text** (stdout) exactly, character for character.
* **Errors** by exception class name (PySpark's captured ``AnalysisException``
  and rillet's have the same name) and ``getCondition()``; messages are not
  compared. A case declares the condition it raises (``@case(raises=...)``) and
  PySpark is held to it, so a case that fails on both engines for a wrong
  reason (a typo in the test) is caught rather than "agreeing".

If rillet raises while PySpark does not, rillet's exception propagates
unchanged, so a known gap can be pinned as ``xfail(raises=<that exact class>)``;
any other difference raises :class:`ConformanceMismatch`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import io
import math
import pprint
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pytest

Program = Callable[[Any, Any, Any], Any]

FLOAT_REL_TOL = 1e-9


class ConformanceMismatch(AssertionError):
    """rillet and PySpark ran the same program and did different things."""


class Bag(list):
    """Rows whose order is not part of the result (a multiset)."""


@dataclass(frozen=True)
class Frame:
    """A collected DataFrame: its schema and its rows."""

    schema: list[tuple[str, str, bool]]
    rows: list[Any]


@dataclass
class Outcome:
    value: Any = None
    stdout: str = ""
    error: BaseException | None = None

    def error_key(self) -> tuple[str, str | None] | None:
        if self.error is None:
            return None
        condition = getattr(self.error, "getCondition", lambda: None)()
        return type(self.error).__name__, condition


# ---------------------------------------------------------------------------
# normalizing what a program returned


def _is_dataframe(value: Any) -> bool:
    return type(value).__name__ == "DataFrame" and hasattr(value, "schema") and hasattr(value, "collect")


def _is_row(value: Any) -> bool:
    return isinstance(value, tuple) and type(value).__name__ == "Row"


def plain(value: Any, ordered: bool = False) -> Any:
    """DataFrames -> collected :class:`Frame`; Rows -> tuples; recursively. Bags stay Bags."""
    if _is_dataframe(value):
        return collect_frame(value, ordered)
    if _is_row(value):
        return tuple(plain(v, ordered) for v in value)
    if isinstance(value, Bag):
        return Bag(plain(v, ordered) for v in value)
    if isinstance(value, tuple):
        return tuple(plain(v, ordered) for v in value)
    if isinstance(value, list):
        return [plain(v, ordered) for v in value]
    if isinstance(value, dict):
        return {plain(k, ordered): plain(v, ordered) for k, v in value.items()}
    return value


def schema_of(df: Any) -> list[tuple[str, str, bool]]:
    return [(f.name, f.dataType.simpleString(), f.nullable) for f in df.schema.fields]


def collect_frame(df: Any, ordered: bool) -> Frame:
    rows = [plain(r) for r in df.collect()]
    return Frame(schema_of(df), rows if ordered else Bag(rows))


# ---------------------------------------------------------------------------
# a total order over result values, so multisets can be compared as sorted lists


def _sort_key(value: Any) -> tuple[Any, ...]:
    if value is None:
        return (0,)
    if isinstance(value, bool):
        return (1, value)
    if isinstance(value, float):
        if math.isnan(value):
            return (2, math.inf, 1)
        return (2, float(f"{value:.9g}"), 0)  # rounded: tolerant values sort alike
    if isinstance(value, (int, decimal.Decimal)):
        return (2, float(value), 0)
    if isinstance(value, str):
        return (3, value)
    if isinstance(value, (bytes, bytearray)):
        return (4, bytes(value))
    if isinstance(value, dt.datetime):
        return (5, value.isoformat())
    if isinstance(value, dt.date):
        return (6, value.isoformat())
    if isinstance(value, (tuple, list)):
        return (7, tuple(_sort_key(v) for v in value))
    if isinstance(value, dict):
        return (8, tuple(sorted((_sort_key(k), _sort_key(v)) for k, v in value.items())))
    return (9, repr(value))


def _sorted(values: Iterable[Any]) -> list[Any]:
    return sorted(values, key=_sort_key)


# ---------------------------------------------------------------------------
# equality with float tolerance


def same(a: Any, b: Any) -> bool:
    """Equal as results: floats within tolerance, NaN == NaN, Bags as multisets."""
    if isinstance(a, Bag) or isinstance(b, Bag):
        if not (isinstance(a, list) and isinstance(b, list)) or len(a) != len(b):
            return False
        return all(same(x, y) for x, y in zip(_sorted(a), _sorted(b)))
    if isinstance(a, Frame) and isinstance(b, Frame):
        return a.schema == b.schema and same(a.rows, b.rows)
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=FLOAT_REL_TOL, abs_tol=1e-12)
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


# ---------------------------------------------------------------------------
# running a program and comparing outcomes


@dataclass
class Engine:
    """One engine's session and API modules, as a program receives them."""

    name: str
    spark: Any
    F: Any
    T: Any


def sql_module(spark: Any, name: str) -> Any:
    """The engine's ``<package>.sql.<name>`` module (e.g. ``datasource``) for a program's
    ``spark``: programs receive F and T as arguments, and any other module this way."""
    import importlib

    package = type(spark).__module__.split(".")[0]
    return importlib.import_module(f"{package}.sql.{name}")


def run(program: Program, engine: Engine, ordered: bool) -> Outcome:
    """Run ``program`` on one engine, capturing its value (collected), printed text and error."""
    out = io.StringIO()
    outcome = Outcome()
    with contextlib.redirect_stdout(out):
        try:
            outcome.value = plain(program(engine.spark, engine.F, engine.T), ordered)
        except Exception as e:  # noqa: BLE001 - the error is part of the outcome
            outcome.error = e
    outcome.stdout = out.getvalue()
    return outcome


def _describe(outcome: Outcome) -> str:
    if outcome.error is not None:
        cls, cond = outcome.error_key() or ("", None)
        first_line = (str(outcome.error).splitlines() or [""])[0][:300]
        return f"raised {cls} (condition {cond}): {first_line}"
    return pprint.pformat(outcome.value, width=100)


def check_same(ours: Outcome, theirs: Outcome) -> None:
    """Raise unless the two outcomes agree (see the module docstring for how)."""
    if ours.error is not None and theirs.error is None:
        raise ours.error
    if ours.error_key() != theirs.error_key():
        raise ConformanceMismatch(
            f"errors differ\n  rillet:  {_describe(ours)}\n  pyspark: {_describe(theirs)}"
        )
    if ours.error is None:
        if isinstance(ours.value, Frame) and isinstance(theirs.value, Frame) and ours.value.schema != theirs.value.schema:
            raise ConformanceMismatch(
                f"schemas differ\n  rillet:  {ours.value.schema}\n  pyspark: {theirs.value.schema}"
            )
        if not same(ours.value, theirs.value):
            raise ConformanceMismatch(
                f"results differ\n--- rillet:\n{_describe(ours)}\n--- pyspark:\n{_describe(theirs)}"
            )
    if ours.stdout != theirs.stdout:
        raise ConformanceMismatch(
            f"printed output differs\n--- rillet:\n{ours.stdout}--- pyspark:\n{theirs.stdout}"
        )


def check_oracle(theirs: Outcome, raises: str | None) -> None:
    """PySpark must do what the case says it does: raise ``raises`` (a condition), or not raise."""
    condition = theirs.error_key()[1] if theirs.error is not None else None  # type: ignore[index]
    if raises is None and theirs.error is not None:
        raise AssertionError(f"the case is wrong: PySpark {_describe(theirs)}") from theirs.error
    if raises is not None and condition != raises:
        raise AssertionError(f"the case is wrong: expected PySpark to raise {raises}, it {_describe(theirs)}")


def conform(
    program: Program, rillet: Engine, pyspark: Engine, ordered: bool = False, raises: str | None = None
) -> Outcome:
    """Run ``program`` on both engines; raise unless they agree. Returns PySpark's outcome."""
    theirs = run(program, pyspark, ordered)
    check_oracle(theirs, raises)
    ours = run(program, rillet, ordered)
    check_same(ours, theirs)
    return theirs


# ---------------------------------------------------------------------------
# a registry of cases, parametrized into one test per case


@dataclass(frozen=True)
class Case:
    name: str
    program: Program
    ordered: bool
    raises: str | None  # the condition the program must raise (on PySpark, and so on rillet)


class Cases:
    """The programs of one test module; ``params()`` feeds ``pytest.mark.parametrize``."""

    def __init__(self) -> None:
        self._cases: dict[str, Case] = {}

    def __call__(self, program: Program | None = None, *, ordered: bool = False, raises: str | None = None) -> Any:
        """Register a case: ``@case``, ``@case(ordered=True)``, ``@case(raises="CONDITION")``."""

        def register(fn: Program) -> Program:
            if fn.__name__ in self._cases:
                raise ValueError(f"duplicate conformance case {fn.__name__!r}")
            self._cases[fn.__name__] = Case(fn.__name__, fn, ordered, raises)
            return fn

        return register(program) if program is not None else register

    def __len__(self) -> int:
        return len(self._cases)

    def params(self, known_gaps: dict[str, Any]) -> list[Any]:
        """One ``pytest.param`` per case, carrying its known-gap mark if it has one."""
        unknown = sorted(set(known_gaps) - set(self._cases))
        if unknown:
            raise ValueError(f"known gaps name cases that do not exist: {unknown}")
        return [
            pytest.param(case, id=case.name, marks=known_gaps.get(case.name, ()))
            for case in self._cases.values()
        ]
