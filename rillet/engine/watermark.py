"""Event-time watermarks: one per ``withWatermark`` input, and the query's global one.

After each batch, every input's watermark becomes ``max event time seen - delay``
(never moving back); the global watermark is their minimum (or maximum, with
``spark.sql.streaming.multipleWatermarkPolicy=max``) over the inputs that have
seen data. A batch runs with the global watermark left by the batches before it,
which is what Spark records as ``batchWatermarkMs`` in ``offsets/N``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import polars as pl

from rillet.errors import IllegalArgumentException
from rillet.plan import logical as L
from rillet.plan.expressions.core import AttributeReference

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


def iso_ms(ms: int) -> str:
    """Spark's progress timestamp text: ``2024-01-01T12:00:00.000Z``."""
    return (_EPOCH + _dt.timedelta(milliseconds=ms)).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


@dataclass
class EventTimeStats:
    max_ms: int
    min_ms: int
    avg_ms: float
    count: int


def batch_stats(frame: pl.LazyFrame, attr: AttributeReference) -> EventTimeStats | None:
    """Max/min/avg event time of one input's rows in this batch (None without rows)."""
    col = pl.col(attr.column_key).dt.epoch("ms")
    row = frame.select(
        col.max().alias("max"), col.min().alias("min"), col.mean().alias("avg"), col.count().alias("n")
    ).collect().row(0)
    if row[0] is None:
        return None
    return EventTimeStats(int(row[0]), int(row[1]), float(row[2]), int(row[3]))


class WatermarkTracker:
    """Per-input watermarks and the global watermark (Spark's ``WatermarkTracker``)."""

    def __init__(self, nodes: tuple[L.EventTimeWatermark, ...], policy: str = "min") -> None:
        if policy.lower() not in ("min", "max"):
            raise IllegalArgumentException(
                f"Invalid value '{policy}' for spark.sql.streaming.multipleWatermarkPolicy: "
                "expected 'min' or 'max'."
            )
        self.nodes = nodes
        self.policy = policy.lower()
        self.current_ms = 0  # the global watermark in force for the next batch
        self._inputs: dict[int, int] = {}

    def restore(self, global_ms: int, inputs: list[int] | None = None) -> None:
        """Resume from a checkpoint: the global watermark, and each input's when recorded."""
        self.current_ms = global_ms
        if inputs is not None and len(inputs) == len(self.nodes):
            self._inputs = dict(enumerate(inputs))

    def inputs_ms(self) -> list[int] | None:
        """Each input's watermark (recorded in the commit log when there are several, so a
        restarted query advances its global watermark exactly as an uninterrupted one)."""
        if len(self.nodes) < 2 or len(self._inputs) != len(self.nodes):
            return None
        return [self._inputs[i] for i in range(len(self.nodes))]

    def advance(self, stats: list[EventTimeStats | None]) -> int:
        """Fold one batch's event times in; return the global watermark for the next batch.

        As Spark: an input that has seen no data yet counts as 0, so with the default
        ``min`` policy the global watermark waits until every input has data."""
        for i, (node, s) in enumerate(zip(self.nodes, stats)):
            if s is not None:
                self._inputs[i] = max(self._inputs.get(i, 0), s.max_ms - node.delay_ms)
            else:
                self._inputs.setdefault(i, 0)
        if self._inputs:
            values = self._inputs.values()
            candidate = min(values) if self.policy == "min" else max(values)
            self.current_ms = max(self.current_ms, candidate)
        return self.current_ms

    @staticmethod
    def progress(stats: list[EventTimeStats | None], batch_watermark_ms: int) -> dict[str, str]:
        """The ``eventTime`` section of a progress report."""
        seen = [s for s in stats if s is not None]
        out: dict[str, str] = {}
        if seen:
            total = sum(s.count for s in seen)
            out["avg"] = iso_ms(int(sum(s.avg_ms * s.count for s in seen) / total))
            out["max"] = iso_ms(max(s.max_ms for s in seen))
            out["min"] = iso_ms(min(s.min_ms for s in seen))
        out["watermark"] = iso_ms(batch_watermark_ms)
        return out
