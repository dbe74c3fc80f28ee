"""The analyzer's rule dispatcher: one resolution rule per plan node type, registered on
:func:`analyze_node` by the modules of this package (Spark's ``Analyzer`` batches, flattened)."""

from __future__ import annotations

from functools import singledispatch
from typing import Protocol

from rillet.errors import AnalysisException
from rillet.plan import logical as L
from rillet.plan.analyzer.expressions import Scope
from rillet.plan.expressions.core import (
    AttributeReference,
    quote_identifier,
)


class Catalog(Protocol):
    def lookup_relation(self, name: str) -> L.LogicalPlan | None: ...


class AnalysisContext:
    def __init__(self, catalog: Catalog | None, case_sensitive: bool) -> None:
        self.catalog = catalog
        self.case_sensitive = case_sensitive

    def scope(self, *plans: L.LogicalPlan) -> Scope:
        attrs: list[AttributeReference] = []
        for p in plans:
            attrs.extend(p.output)
        return Scope(attrs, self.case_sensitive)


@singledispatch
def analyze_node(plan: L.LogicalPlan, ctx: AnalysisContext) -> L.LogicalPlan:
    return plan.with_children([analyze_node(c, ctx) for c in plan.children])


@analyze_node.register
def _(plan: L.UnresolvedRelation, ctx: AnalysisContext) -> L.LogicalPlan:
    found = ctx.catalog.lookup_relation(plan.name) if ctx.catalog is not None else None
    if found is None:
        raise AnalysisException(
            errorClass="TABLE_OR_VIEW_NOT_FOUND",
            messageParameters={"relationName": quote_identifier(plan.name)},
        )
    return L.SubqueryAlias(analyze_node(found, ctx), plan.name.split(".")[-1])
