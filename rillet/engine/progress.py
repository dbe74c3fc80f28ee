"""Progress reports in Spark's shape (``StreamingQueryProgress``) and query status."""

from __future__ import annotations

import datetime as _dt
import decimal
import json
from typing import Any

import pyarrow as pa

from rillet.plan.types import Row


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
    def observedMetrics(self) -> dict[str, Row]:
        """``df.observe`` metrics of this batch, one ``Row`` per observation name."""
        return {name: Row(**values) for name, values in self.get("observedMetrics", {}).items()}

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


def metrics_row(table: pa.Table) -> dict[str, Any]:
    """The one row of an observed-metrics aggregate as JSON-ready values (as Spark's ``Row.jsonValue``)."""
    row = table.to_pylist()[0] if table.num_rows else dict.fromkeys(table.column_names)
    return {k: _json_value(v) for k, v in row.items()}


def _json_value(v: Any) -> Any:
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, (_dt.datetime, _dt.date)):
        return str(v)
    if isinstance(v, dict):
        return {k: _json_value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_json_value(x) for x in v]
    return v


class BacklogBar:
    """A one-line progress bar for an ``availableNow`` backlog, drawn only on a terminal.

    ``update(remaining)`` redraws ``[#####.....] 50% 10/20 files``; ``close()`` ends the
    line. Nothing is written when the stream is not a TTY (logs and tests stay clean)."""

    WIDTH = 30

    def __init__(self, total: int, unit: str, stream: Any = None) -> None:
        import sys

        self.total, self.unit = total, unit
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = total > 0 and bool(getattr(self.stream, "isatty", lambda: False)())
        self.done = 0

    def update(self, remaining: int) -> None:
        if not self.enabled:
            return
        self.done = max(self.done, min(self.total, self.total - remaining))
        filled = int(self.WIDTH * self.done / self.total)
        pct = int(100 * self.done / self.total)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {pct:3d}% {self.done}/{self.total} {self.unit}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
