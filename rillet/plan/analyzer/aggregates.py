"""Analyzer rules for aggregations: grouping, time windows in keys, Spark's aggregate checks."""

from __future__ import annotations

from rillet.errors import AnalysisException
from rillet.plan import logical as L
from rillet.plan.analyzer.expressions import resolve, resolve_top_level
from rillet.plan.analyzer.names import expand_stars, name_expression
from rillet.plan.analyzer.rules import AnalysisContext, analyze_node
from rillet.plan.analyzer.time_windows import expand_session_window, expand_time_windows
from rillet.plan.analyzer.window import (
    extract_windows,
    split_windowed_aggregate,
)
from rillet.plan.expressions.core import (
    AttributeReference,
    Call,
    Expression,
    contains_aggregate,
    strip_alias,
)
from rillet.plan.expressions.window import contains_window


@analyze_node.register
def _(plan: L.Aggregate, ctx: AnalysisContext) -> L.LogicalPlan:
    child = analyze_node(plan.child, ctx)
    scope = ctx.scope(child)
    grouping = tuple(resolve(g, scope) for g in expand_stars(plan.grouping, scope))
    aggregates = [resolve_top_level(e, scope) for e in expand_stars(plan.aggregates, scope)]
    child, windowed = expand_time_windows(child, [*grouping, *aggregates])
    grouping, aggregates = tuple(windowed[: len(grouping)]), windowed[len(grouping):]
    child, grouping_list, aggregates = expand_session_window(child, list(grouping), aggregates)
    grouping = tuple(grouping_list)
    named = [name_expression(e) for e in aggregates]
    if any(contains_window(e) for e in named):
        return aggregate_with_windows(child, grouping, named)
    return check_aggregate(L.Aggregate(child, grouping, tuple(named)))


def aggregate_with_windows(
    child: L.LogicalPlan, grouping: tuple[Expression, ...], named: list[Expression]
) -> L.LogicalPlan:
    """Windows over an aggregation's result: Aggregate, then Window, then the select list."""
    below, select = split_windowed_aggregate(named)
    agg = check_aggregate(L.Aggregate(child, grouping, tuple(below)))
    windowed_plan, select = extract_windows(agg, select)
    return L.Project(windowed_plan, tuple(select))


def check_aggregate(agg: L.Aggregate) -> L.Aggregate:
    """Every column outside an aggregate function must be a grouping expression."""
    grouping_keys = {strip_alias(g).sql() for g in agg.grouping}
    grouping_ids = {a.expr_id for g in agg.grouping for a in [strip_alias(g)] if isinstance(a, AttributeReference)}

    def check(e: Expression) -> None:
        if isinstance(e, Call) and e.is_aggregate:
            for arg in e.args:
                if contains_aggregate(arg):
                    raise AnalysisException(
                        "[NESTED_AGGREGATE_FUNCTION] It is not allowed to use an aggregate function "
                        "in the argument of another aggregate function. Please use the inner "
                        "aggregate function in a sub-query. SQLSTATE: 42607",
                        errorClass="NESTED_AGGREGATE_FUNCTION",
                    )
            return
        if e.sql() in grouping_keys:
            return
        if isinstance(e, AttributeReference):
            if e.expr_id in grouping_ids:
                return
            if not agg.grouping:
                raise AnalysisException(
                    "[MISSING_GROUP_BY] The query does not include a GROUP BY clause. Add GROUP BY "
                    "or turn it into the window functions using OVER clauses. SQLSTATE: 42803",
                    errorClass="MISSING_GROUP_BY",
                )
            raise AnalysisException(
                errorClass="MISSING_AGGREGATION",
                messageParameters={
                    "expression": f'"{e.name}"',
                    "expressionAnyValue": f'"any_value({e.name})"',
                },
            )
        for c in e.children:
            check(c)

    for e in agg.aggregates:
        check(strip_alias(e))
    return agg
