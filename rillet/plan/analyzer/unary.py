"""Analyzer rules for the other one-input nodes: filters, sorts, observed metrics, dedup,
watermarks and the arbitrary-state operators."""

from __future__ import annotations

import dataclasses

from rillet.errors import AnalysisException
from rillet.plan import logical as L
from rillet.plan import types as T
from rillet.plan.analyzer.coercion import cast_if_needed, type_sql
from rillet.plan.analyzer.expressions import Scope, resolve, resolve_top_level
from rillet.plan.analyzer.names import name_expression
from rillet.plan.analyzer.rules import AnalysisContext, analyze_node
from rillet.plan.expressions.core import (
    AttributeReference,
    Call,
    Expression,
    SortOrder,
    contains_aggregate,
    quote_identifier,
)
from rillet.plan.expressions.window import contains_window
from rillet.plan.intervals import parse_interval_ms


def _resolve_with_missing(
    child: L.LogicalPlan, exprs: tuple[Expression, ...], ctx: AnalysisContext
) -> tuple[L.LogicalPlan, list[Expression], tuple[AttributeReference, ...] | None]:
    """Resolve ``exprs`` over ``child``; names a Project dropped are taken from its input.

    Spark's ResolveMissingReferences: ``df.select("name").orderBy("age")`` sorts by
    ``age`` although the select dropped it. Returns the (possibly widened) child,
    the resolved expressions, and the output to restore on top (None: unchanged).
    """
    try:
        return child, [resolve(e, ctx.scope(child)) for e in exprs], None
    except AnalysisException:
        if not isinstance(child, L.Project):
            raise
        shown = {a.expr_id for a in child.output}
        names = {a.name.lower() for a in child.output}
        hidden = [a for a in child.child.output if a.expr_id not in shown and a.name.lower() not in names]
        scope = Scope((*child.output, *hidden), ctx.case_sensitive)
        try:
            resolved = [resolve(e, scope) for e in exprs]
        except AnalysisException:
            pass
        else:
            used = set().union(*(e.references() for e in resolved))
            missing = tuple(a for a in hidden if a.expr_id in used)
            return L.Project(child.child, (*child.exprs, *missing)), resolved, child.output
        raise


@analyze_node.register
def _(plan: L.CollectMetrics, ctx: AnalysisContext) -> L.LogicalPlan:
    child = analyze_node(plan.child, ctx)
    scope = ctx.scope(child)
    metrics = tuple(name_expression(resolve_top_level(e, scope)) for e in plan.metrics)
    for metric in metrics:
        _check_observed_metric(metric)
    return L.CollectMetrics(child, plan.name, metrics)


def _check_observed_metric(e: Expression) -> None:
    """Columns may appear in observed metrics only inside an aggregate function."""
    if isinstance(e, Call) and e.is_aggregate:
        return
    if isinstance(e, AttributeReference):
        raise AnalysisException(
            errorClass="INVALID_OBSERVED_METRICS.NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE",
            messageParameters={"expr": f'"{e.name}"'},
        )
    for c in e.children:
        _check_observed_metric(c)


@analyze_node.register
def _(plan: L.Filter, ctx: AnalysisContext) -> L.LogicalPlan:
    child, (cond,), restore = _resolve_with_missing(analyze_node(plan.child, ctx), (plan.condition,), ctx)
    if not isinstance(cond.data_type, (T.BooleanType, T.NullType)):
        raise AnalysisException(
            f"[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve \"{cond.sql()}\" due to data "
            f"type mismatch: Filter expression \"{cond.sql()}\" of type {type_sql(cond.data_type)} "
            "is not a boolean. SQLSTATE: 42K09",
            errorClass="DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN",
        )
    if contains_window(cond):
        raise AnalysisException(
            "It is not allowed to use window functions inside WHERE clause.",
            errorClass="_LEGACY_ERROR_TEMP_1034",
        )
    if contains_aggregate(cond):
        raise AnalysisException(
            "[INVALID_WHERE_CONDITION] The WHERE condition contains invalid expressions: "
            f"{cond.sql()}. SQLSTATE: 42903"
        )
    filtered = L.Filter(child, cast_if_needed(cond, T.BooleanType()))
    return filtered if restore is None else L.Project(filtered, restore)


@analyze_node.register
def _(plan: L.Sort, ctx: AnalysisContext) -> L.LogicalPlan:
    child, resolved, restore = _resolve_with_missing(analyze_node(plan.child, ctx), plan.orders, ctx)
    orders = tuple(o if isinstance(o, SortOrder) else SortOrder(o) for o in resolved)
    invalid = [o.child for o in orders if contains_window(o.child)]
    if invalid:
        raise AnalysisException(
            "[UNSUPPORTED_EXPR_FOR_OPERATOR] A query operator contains one or more unsupported "
            "expressions.\nConsider to rewrite it to avoid window functions, aggregate functions, and "
            "generator functions in the WHERE clause.\nInvalid expressions: "
            f"[{', '.join(e.sql() for e in invalid)}] SQLSTATE: 42K0E",
            errorClass="UNSUPPORTED_EXPR_FOR_OPERATOR",
        )
    sort = L.Sort(child, orders)
    return sort if restore is None else L.Project(sort, restore)


@analyze_node.register
def _(plan: L.Deduplicate, ctx: AnalysisContext) -> L.LogicalPlan:
    child = analyze_node(plan.child, ctx)
    scope = ctx.scope(child)
    keys = tuple(resolve(k, scope) for k in plan.keys) if plan.keys else tuple(child.output)
    return L.Deduplicate(child, keys, plan.within_watermark)


@analyze_node.register
def _(plan: L.FlatMapGroupsInPandasWithState, ctx: AnalysisContext) -> L.LogicalPlan:
    child = analyze_node(plan.child, ctx)
    scope = ctx.scope(child)
    grouping = tuple(resolve(k, scope) for k in plan.grouping)
    return dataclasses.replace(plan, child=child, grouping=grouping)


@analyze_node.register
def _(plan: L.TransformWithStateInPandas, ctx: AnalysisContext) -> L.LogicalPlan:
    child = analyze_node(plan.child, ctx)
    scope = ctx.scope(child)
    grouping = tuple(resolve(k, scope) for k in plan.grouping)
    initial, initial_grouping = plan.initial_state, plan.initial_grouping
    if initial is not None:
        initial = analyze_node(initial, ctx)
        initial_grouping = tuple(resolve(k, ctx.scope(initial)) for k in initial_grouping)
    return dataclasses.replace(
        plan, child=child, grouping=grouping, initial_state=initial, initial_grouping=initial_grouping
    )


@analyze_node.register
def _(plan: L.EventTimeWatermark, ctx: AnalysisContext) -> L.LogicalPlan:
    child = analyze_node(plan.child, ctx)
    col = resolve(plan.event_time, ctx.scope(child))
    if not isinstance(col, AttributeReference):
        raise AnalysisException(f"withWatermark expects a column name, got {col.sql()}")
    if not isinstance(col.data_type, (T.TimestampType, T.TimestampNTZType)):
        raise AnalysisException(
            f"[EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE] The event time {quote_identifier(col.name)} has "
            f"the invalid type {type_sql(col.data_type)}, but expected \"TIMESTAMP\". SQLSTATE: 42K09",
            errorClass="EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE",
        )
    return L.EventTimeWatermark(child, col, plan.delay, parse_interval_ms(plan.delay))
