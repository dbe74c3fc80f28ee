"""Streaming deduplication: ``dropDuplicates(keys)`` and ``dropDuplicatesWithinWatermark``.

Per batch, in order:

1. Drop rows behind the watermark (``numRowsDroppedByWatermark``).
2. Keep the first row of each key within the batch, then drop the keys already
   in state (an anti-join against the batch's keys only) and emit what is left.
3. Remember the emitted keys: with ``dropDuplicates`` the key itself (when the
   watermarked column is one of the keys, keys behind the watermark are evicted);
   with ``dropDuplicatesWithinWatermark`` the key and an expiry of event time +
   delay, evicted once the watermark passes it.
"""

from __future__ import annotations

import polars as pl
import pyarrow as pa

from rillet.compute import ComputeContext
from rillet.compute.expressions import translate
from rillet.compute.relations import select_named
from rillet.compute.types import to_polars
from rillet.engine.operators.base import Layout, OperatorContext, StatefulOperator, stateful_operator
from rillet.engine.state import layout as SL
from rillet.engine.state.store import StateStore
from rillet.plan import logical as L
from rillet.plan import types as T
from rillet.plan.expressions.core import AttributeReference

_EXPIRES = "__expires_us"


@stateful_operator(L.Deduplicate)
class StreamingDeduplicate(StatefulOperator):
    operator_name = "dedupe"
    node: L.Deduplicate

    def __init__(self, node: L.Deduplicate, context: OperatorContext) -> None:
        super().__init__(node, context)
        self.key_cols = [f"k{i}" for i in range(len(node.keys))]
        schema: dict[str, pl.DataType] = {c: to_polars(k.data_type) for c, k in zip(self.key_cols, node.keys)}
        self.within_watermark = node.within_watermark
        watermark_attr = context.watermark_attr
        self.delay_us = context.watermark_delay_ms * 1000
        self.event_time_key: str | None = None
        if watermark_attr is not None:
            for c, k in zip(self.key_cols, node.keys):
                if isinstance(k, AttributeReference) and k.expr_id == watermark_attr.expr_id:
                    self.event_time_key = c
        if self.within_watermark:
            schema[_EXPIRES] = pl.Int64()
        self.store = StateStore(context.state_path, schema, self.key_cols, context.min_deltas_for_snapshot)

    def stores(self) -> list[StateStore]:
        return [self.store]

    def layout(self) -> Layout:
        key = [SL.leaf(SL.name_of(k), col, k.data_type) for col, k in zip(self.key_cols, self.node.keys)]
        if self.within_watermark:
            value = [SL.leaf("expiresAtMicros", _EXPIRES, T.LongType())]
            name = "dedupeWithinWatermark"
        else:
            value, name = [SL.void("__dummy__")], "dedupe"
        return self.store.path, SL.layout(name, [SL.store("default", "", key, value)])

    def process(
        self, inputs: list[pl.LazyFrame], ctx: ComputeContext, mode: str, watermark_ms: int | None
    ) -> pa.Table:
        (child,) = inputs
        keyed = child.with_columns([translate(k, ctx).alias(c) for c, k in zip(self.key_cols, self.node.keys)])
        batch = keyed.unique(subset=self.key_cols, keep="first", maintain_order=True).collect()
        ctx.raise_pending()
        seen = self.store.lookup(batch.select(self.key_cols))
        fresh = batch.join(seen.select(self.key_cols), on=self.key_cols, how="anti", nulls_equal=True)
        if fresh.height:
            state_rows = fresh.select(self.key_cols)
            if self.within_watermark and self.watermark_attr is not None:
                event_us = pl.col(self.watermark_attr.column_key).dt.epoch("us")
                state_rows = fresh.select([*self.key_cols, (event_us + self.delay_us).alias(_EXPIRES)])
            self.store.upsert(state_rows)
        self._evict(watermark_ms)
        out = fresh.drop(self.key_cols).lazy().select(select_named(self.node.output, ctx)).collect()
        from rillet.compute import to_spark_arrow

        return to_spark_arrow(out, self.node)

    def _evict(self, watermark_ms: int | None) -> None:
        if watermark_ms is None or watermark_ms <= 0:
            return
        # evicted at or behind the watermark: below watermark + 1us, at the cost of the evicted rows
        if self.within_watermark:
            self.store.evict_before(_EXPIRES, watermark_ms * 1000 + 1)
        elif self.event_time_key is not None:
            self.store.evict_before(self.event_time_key, watermark_ms * 1000 + 1)
