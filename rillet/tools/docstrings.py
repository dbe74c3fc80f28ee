"""Docstring coverage of the public API: ``python -m rillet.tools.docstrings [--missing]``.

Counts, per module of ``rillet.sql`` (and ``rillet.testing``), the public functions
and the public methods of its public classes (properties included), and how many
have a docstring, an ``Examples`` section (numpy style, as PySpark's), full type
hints (every parameter but ``self``/``cls``, and the return) and hints none of which
is a bare ``Any``. "Public" is a name without a leading underscore in a module
without one, defined in that module (re-exports count once, where they are defined;
a function a factory in a private module made counts where ``__all__`` exports it);
an alias (``column = col``) counts once.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

PACKAGES = ("rillet.sql", "rillet.testing")


@dataclass(frozen=True)
class Entry:
    """One public function or method and what its documentation has."""

    module: str
    qualname: str
    has_doc: bool
    has_examples: bool
    annotated: bool
    precise: bool


def _modules() -> Iterator[ModuleType]:
    for name in PACKAGES:
        package = importlib.import_module(name)
        yield package
        for info in pkgutil.walk_packages(package.__path__, name + "."):
            yield importlib.import_module(info.name)


def _hints(fn: Callable[..., Any]) -> list[Any] | None:
    """The annotations of the parameters (but self/cls) and the return; None where one is missing."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    hints = [p.annotation for p in signature.parameters.values() if p.name not in ("self", "cls")]
    hints.append(signature.return_annotation)
    return None if any(h is inspect.Parameter.empty for h in hints) else hints


def _entry(module: str, qualname: str, fn: Callable[..., Any]) -> Entry:
    doc = inspect.getdoc(fn) or ""
    hints = _hints(fn)
    precise = hints is not None and not any(h in ("Any", Any) for h in hints)
    return Entry(module, qualname, bool(doc.strip()), "\nExamples\n--------\n" in doc, hints is not None, precise)


def _public(name: str) -> bool:
    return not name.startswith("_")


def _home(obj: Any, name: str, module: ModuleType) -> bool:
    """Whether ``module`` is where ``obj`` counts: where it is defined, or exported if a private factory made it."""
    defined_in = getattr(obj, "__module__", None) or ""
    if defined_in == module.__name__:
        return True
    made_by_factory = defined_in.rsplit(".", 1)[-1].startswith("_") and inspect.isfunction(obj)
    return made_by_factory and name in getattr(module, "__all__", ()) and not hasattr(module, "__path__")


def collect() -> list[Entry]:
    """Every public function and method of the packages, once each, in module order."""
    entries: list[Entry] = []
    seen: set[int] = set()
    for module in _modules():
        if not all(_public(part) for part in module.__name__.split(".")):
            continue
        for name, obj in vars(module).items():
            if not _public(name) or not _home(obj, name, module) or id(obj) in seen:
                continue
            seen.add(id(obj))
            if inspect.isfunction(obj):
                entries.append(_entry(module.__name__, name, obj))
            elif inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if not _public(attr):
                        continue
                    fn = member.fget if isinstance(member, property) else getattr(member, "__func__", member)
                    if inspect.isfunction(fn) and id(fn) not in seen:
                        seen.add(id(fn))
                        entries.append(_entry(module.__name__, f"{name}.{attr}", fn))
    return entries


def table(entries: list[Entry]) -> str:
    """The per-module counts and the total, as an aligned text table."""
    rows: dict[str, list[int]] = {}
    for e in entries:
        counts = rows.setdefault(e.module, [0, 0, 0, 0, 0])
        for i, flag in enumerate((True, e.has_doc, e.has_examples, e.annotated, e.precise)):
            counts[i] += flag
    total = [sum(c[i] for c in rows.values()) for i in range(5)]
    header = ("module", "public", "docstring", "examples", "typed", "typed, no Any")
    lines = [(m, *map(str, c)) for m, c in rows.items() if c[0]] + [("TOTAL", *map(str, total))]
    widths = [max(len(r[i]) for r in [header, *lines]) for i in range(6)]

    def fmt(row: tuple[str, ...]) -> str:
        return "  ".join(v.ljust(widths[0]) if i == 0 else v.rjust(widths[i]) for i, v in enumerate(row))

    return "\n".join([fmt(header), *(fmt(r) for r in lines)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missing", action="store_true", help="also list what lacks a docstring, example or hints")
    args = parser.parse_args(argv)
    entries = collect()
    print(table(entries))
    if args.missing:
        for e in entries:
            lacks = [w for w, ok in (("docstring", e.has_doc), ("examples", e.has_examples),
                                     ("hints", e.annotated), ("hints without Any", e.precise)) if not ok]
            if lacks:
                print(f"{e.module}.{e.qualname}: no {', '.join(lacks)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
