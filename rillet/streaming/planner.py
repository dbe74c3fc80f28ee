"""Incrementalize a resolved streaming plan: stateless stages around stateful operators.

Pure: no I/O. The result says which leaves are sources, where the (one, for now)
streaming aggregation sits, which event-time watermarks exist, and how to build
each batch's plans by swapping the sources for the batch's rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from rillet.plan import logical as L
from rillet.plan.checks import check_streaming
from rillet.plan.expressions.core import AttributeReference


@dataclass(frozen=True)
class IncrementalPlan:
    plan: L.LogicalPlan
    output_mode: str
    sources: tuple[L.StreamingRelation, ...]
    aggregate: L.Aggregate | None
    watermarks: tuple[L.EventTimeWatermark, ...]

    @property
    def stateful(self) -> bool:
        return self.aggregate is not None

    @property
    def watermark_attr(self) -> AttributeReference | None:
        if not self.watermarks:
            return None
        e = self.watermarks[0].event_time
        return e if isinstance(e, AttributeReference) else None

    def with_batch(self, tables: dict[int, pa.Table], plan: L.LogicalPlan | None = None) -> L.LogicalPlan:
        """``plan`` (default: the whole query) with each source replaced by its batch rows."""

        def swap(node: L.LogicalPlan) -> L.LogicalPlan:
            if isinstance(node, L.StreamingRelation):
                return L.LocalRelation(node.attrs, tables[node.relation_id], streaming_source=True)
            return node

        return (plan or self.plan).transform_up(swap)

    def above_aggregate(self, result: pa.Table) -> L.LogicalPlan:
        """The part of the query above the aggregation, over the aggregation's emitted rows."""
        assert self.aggregate is not None
        target = self.aggregate
        return _replace(self.plan, target, L.LocalRelation(target.output, result))


def _replace(plan: L.LogicalPlan, target: L.LogicalPlan, replacement: L.LogicalPlan) -> L.LogicalPlan:
    if plan is target:
        return replacement
    return plan.with_children([_replace(c, target, replacement) for c in plan.children])


def plan_incremental(plan: L.LogicalPlan, output_mode: str) -> IncrementalPlan:
    check_streaming(plan, output_mode)
    sources = tuple(n for n in plan.walk() if isinstance(n, L.StreamingRelation))
    aggregates = [n for n in plan.walk() if isinstance(n, L.Aggregate) and n.child.is_streaming]
    watermarks = tuple(n for n in plan.walk() if isinstance(n, L.EventTimeWatermark))
    return IncrementalPlan(plan, output_mode.lower(), sources, aggregates[0] if aggregates else None, watermarks)
