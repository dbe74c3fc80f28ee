"""Stateful streaming operators: one module each (aggregate, dedup, ...)."""

from __future__ import annotations

import polars as pl


def drop_late(
    child: pl.LazyFrame, event_time_us: pl.Expr, watermark_ms: int
) -> tuple[pl.LazyFrame, pl.DataFrame]:
    """Split a batch into the rows a stateful operator keeps and the late ones.

    Spark's rule: a row is late when its event time (or, when grouping by a time
    window, its window's end) is ``<= watermark``; late rows never change state."""
    late = event_time_us.is_not_null() & (event_time_us <= watermark_ms * 1000)
    frame = child.with_columns(late.alias("__late")).collect()
    flags = frame.get_column("__late")
    return frame.lazy().filter(~pl.col("__late")).drop("__late"), frame.filter(flags).drop("__late")
