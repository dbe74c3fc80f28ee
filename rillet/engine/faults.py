"""Named crash points for the recovery tests: SIGKILL this process at a chosen point.

``RILLET_TEST_CRASH_AT="after_state_commit:3"`` kills the process the 3rd time it
reaches ``crash_point("after_state_commit")`` (several points: comma-separated).
Without the variable a crash point is a dictionary lookup and nothing else.
"""

from __future__ import annotations

import os
import signal
import threading

_lock = threading.Lock()
_hits: dict[str, int] = {}


def _targets() -> dict[str, int]:
    spec = os.environ.get("RILLET_TEST_CRASH_AT", "")
    out = {}
    for item in spec.split(","):
        name, _, nth = item.strip().partition(":")
        if name:
            out[name] = int(nth or "1")
    return out


_TARGETS = _targets()


def crash_point(name: str) -> None:
    """SIGKILL the process if ``RILLET_TEST_CRASH_AT`` names this point and its count is reached."""
    nth = _TARGETS.get(name)
    if nth is None:
        return
    with _lock:
        _hits[name] = _hits.get(name, 0) + 1
        if _hits[name] >= nth:
            os.kill(os.getpid(), signal.SIGKILL)
