"""Stateful streaming operators: one module each (aggregate, dedup, ...)."""

from __future__ import annotations

import polars as pl


def drop_late(child: pl.LazyFrame, event_time_us: pl.Expr, watermark_ms: int) -> tuple[pl.LazyFrame, int]:
    """Rows whose event time is at or behind the watermark, removed and counted.

    Spark's rule for stateful operators: a row is late when its event time (or, when
    grouping by a time window, its window's end) is ``<= watermark``."""
    late = event_time_us.is_not_null() & (event_time_us <= watermark_ms * 1000)
    frame = child.with_columns(late.alias("__late")).collect()
    dropped = int(frame.get_column("__late").sum())
    return frame.lazy().filter(~pl.col("__late")).drop("__late"), dropped
