"""Progress reports in Spark's shape (``StreamingQueryProgress``) and query status."""

from __future__ import annotations

import json
from typing import Any


class StreamingQueryProgress(dict):  # type: ignore[type-arg]
    """One micro-batch's progress. A dict with Spark's field names, also readable as attributes.

    ``str(progress)`` and ``progress.prettyJson`` give Spark's pretty JSON;
    ``progress.json`` the compact form.
    """

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def json(self) -> str:  # type: ignore[override]
        return json.dumps(self, separators=(",", ":"))

    @property
    def prettyJson(self) -> str:
        return json.dumps(self, indent=2)

    def __str__(self) -> str:
        return self.prettyJson


def rate(rows: int, millis: float) -> float | None:
    if millis <= 0:
        return None if rows == 0 else float("inf")
    return rows * 1000.0 / millis


def clean_rate(value: float | None) -> float:
    if value is None or value == float("inf"):
        return 0.0
    return value
