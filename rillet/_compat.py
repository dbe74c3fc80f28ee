"""Interpreter shims every layer may use: what rillet needs from Python 3.11 that 3.10 lacks (rillet
supports 3.10+), and :func:`gc_paused` for its own import."""

from __future__ import annotations

import datetime as _dt
import gc
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager


def add_note(error: BaseException, note: str) -> None:
    """``error.add_note(note)`` (3.11+); on 3.10 the note is kept in ``__notes__`` all the same."""
    if sys.version_info >= (3, 11):
        error.add_note(note)
    else:
        error.__notes__ = [*getattr(error, "__notes__", []), note]  # type: ignore[attr-defined]


_FRACTION = re.compile(r"(\d{2}:\d{2}:\d{2})\.(\d+)")


def datetime_fromisoformat(text: str) -> _dt.datetime:
    """``datetime.fromisoformat`` as 3.11 reads it: 3.10 refuses a trailing ``Z`` and
    fractions of other than 3 or 6 digits."""
    try:
        return _dt.datetime.fromisoformat(text)
    except ValueError:
        if sys.version_info >= (3, 11):
            raise
    normalized = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    normalized = _FRACTION.sub(lambda m: f"{m.group(1)}.{(m.group(2) + '000000')[:6]}", normalized)
    return _dt.datetime.fromisoformat(normalized)


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block, as it was after. Importing rillet.sql
    (with Polars, Arrow and numpy) creates about a million long-lived objects and no garbage;
    a full collection triggered in the middle of them scans them all (20-30 ms of a start)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
