"""Stateful streaming operators: one module each (aggregate, dedup, ...)."""

from __future__ import annotations

from typing import Any

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


class LateRows:
    """What every stateful operator does with the rows it drops as late: count them
    (``numRowsDroppedByWatermark``) and keep them for the ``lateRowsPath`` side output."""

    rows_dropped_by_watermark: int
    late_rows: list[pl.DataFrame]

    def take_late_rows(self) -> list[tuple[str, list[pl.DataFrame], Any]]:
        """The late rows kept since the last call, for the side output: ``(file suffix,
        frames, the attributes naming their columns)`` per input (one for most operators)."""
        frames, self.late_rows = self.late_rows, []
        return [("", frames, self.node.children[0].output)]  # type: ignore[attr-defined]

    def _drop_late(
        self, child: pl.LazyFrame, event_time_us: pl.Expr, watermark_ms: int, keep: bool = True
    ) -> pl.LazyFrame:
        kept, late = drop_late(child, event_time_us, watermark_ms)
        self.rows_dropped_by_watermark += late.height
        if keep:
            self.late_rows.append(late)
        return kept

    def _drop_late_by_column(self, child: pl.LazyFrame, column: str | None, watermark_ms: int) -> pl.LazyFrame:
        """Drop late rows by a timestamp column (rows pass unchanged when it is absent)."""
        if column is None or column not in child.collect_schema():
            return child
        return self._drop_late(child, pl.col(column).dt.epoch("us"), watermark_ms)
