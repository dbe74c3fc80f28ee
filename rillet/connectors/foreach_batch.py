"""``foreachBatch(fn)`` sink: calls ``fn(batch, batch_id)`` for every micro-batch.

``make_batch`` turns the batch's Arrow table into what ``fn`` expects (the API
layer passes a DataFrame factory). Exactly-once is the function's contract, as
in Spark: after a crash the same ``batch_id`` may be delivered again with the
same rows, and the function should use it to deduplicate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa

from rillet.connectors.base import Sink


class ForeachBatchSink(Sink):
    def __init__(self, fn: Callable[[Any, int], Any], make_batch: Callable[[pa.Table], Any]) -> None:
        self.fn = fn
        self.make_batch = make_batch

    def add_batch(self, batch_id: int, table: pa.Table, mode: str) -> None:
        self.fn(self.make_batch(table), batch_id)

    def description(self) -> str:
        return "ForeachBatchSink"


class NoopSink(Sink):
    """``noop``: discards rows (for benchmarks)."""

    def add_batch(self, batch_id: int, table: pa.Table, mode: str) -> None:
        return None

    def description(self) -> str:
        return "NoopTable"
