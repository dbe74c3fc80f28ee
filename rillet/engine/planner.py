"""Incrementalize a resolved streaming plan: stateless stages around stateful operators.

Pure: no I/O. The result says which leaves are sources, which nodes stateful operators
run (the operator registry decides: :func:`rillet.engine.operators.operator_for`), which
event-time watermarks exist, and how to build each batch's plans by swapping the sources
for the batch's rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from rillet.engine.operators import operator_for
from rillet.plan import logical as L
from rillet.plan.checks import check_streaming
from rillet.plan.expressions.core import AttributeReference
from rillet.plan.optimizer import push_filters_to_watermarks


@dataclass(frozen=True)
class IncrementalPlan:
    plan: L.LogicalPlan
    output_mode: str
    sources: tuple[L.StreamingRelation, ...]
    stateful: tuple[L.LogicalPlan, ...]  # the nodes a registered StatefulOperator runs, children first
    watermarks: tuple[L.EventTimeWatermark, ...]
    # how often each source's relation occurs in the plan: Spark counts a batch's input
    # rows once per occurrence (a stream split into both sides of a join counts twice)
    source_uses: tuple[int, ...] = ()

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


def plan_incremental(plan: L.LogicalPlan, output_mode: str) -> IncrementalPlan:
    check_streaming(plan, output_mode)
    plan = push_filters_to_watermarks(plan)
    # one source per relation: a stream used twice (e.g. split into the two sides of a
    # join) is read once per batch, as Spark does, so both uses see the same rows
    unique: dict[int, L.StreamingRelation] = {}
    uses: dict[int, int] = {}
    for n in plan.walk():
        if isinstance(n, L.StreamingRelation):
            unique.setdefault(n.relation_id, n)
            uses[n.relation_id] = uses.get(n.relation_id, 0) + 1
    sources = tuple(unique.values())
    watermarks = tuple(n for n in plan.walk() if isinstance(n, L.EventTimeWatermark))
    return IncrementalPlan(
        plan, output_mode.lower(), sources, tuple(_stateful_post_order(plan)), watermarks,
        tuple(uses[s.relation_id] for s in sources),
    )


def _stateful_post_order(plan: L.LogicalPlan) -> list[L.LogicalPlan]:
    found: list[L.LogicalPlan] = []
    for child in plan.children:
        found.extend(_stateful_post_order(child))
    if operator_for(plan) is not None:  # the registry decides what is stateful
        found.append(plan)
    return found
