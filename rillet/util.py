"""``InheritableThread`` and ``inheritable_thread_target``, the twins of ``pyspark.util``'s."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class InheritableThread(threading.Thread):
    """A thread that runs jobs for the session of the thread that made it, as PySpark's.

    rillet's sessions are process-wide, so every thread already sees the creator's
    session and local properties; this is a plain :class:`threading.Thread`.
    """

    def __init__(self, target: Callable[..., Any], *args: Any, session: Any = None, **kwargs: Any) -> None:
        super().__init__(target=target, *args, **kwargs)  # noqa: B026 - PySpark's signature


def inheritable_thread_target(f: Any = None) -> Any:
    """Decorate a thread target so it inherits the creator's session; a no-op in rillet
    (usable as ``@inheritable_thread_target`` and ``@inheritable_thread_target(session)``)."""
    if callable(f):
        return f
    return lambda g: g  # given a session (or nothing): a decorator
