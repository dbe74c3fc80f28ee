"""Render plans as Spark-style trees for ``explain()`` and debugging."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rillet.plan.expressions.core import AttributeReference, Expression

if TYPE_CHECKING:
    from rillet.plan.logical import LogicalPlan


def _expr(e: Expression) -> str:
    if isinstance(e, AttributeReference):
        return e.debug()
    try:
        return e.sql()
    except Exception:  # an unresolved node that cannot render itself yet
        return type(e).__name__


def node_string(plan: LogicalPlan) -> str:
    from rillet.plan import logical as L

    name = plan.node_name()
    if isinstance(plan, L.Project):
        return f"Project [{', '.join(_expr(e) for e in plan.exprs)}]"
    if isinstance(plan, L.Filter):
        return f"Filter {_expr(plan.condition)}"
    if isinstance(plan, L.CollectMetrics):
        return f"CollectMetrics {plan.name}, [{', '.join(_expr(e) for e in plan.metrics)}]"
    if isinstance(plan, L.Aggregate):
        return (
            f"Aggregate [{', '.join(_expr(e) for e in plan.grouping)}], "
            f"[{', '.join(_expr(e) for e in plan.aggregates)}]"
        )
    if isinstance(plan, L.Sort):
        return f"Sort [{', '.join(_expr(o) for o in plan.orders)}], true"
    if isinstance(plan, L.Limit):
        return f"GlobalLimit {plan.n}"
    if isinstance(plan, L.Join):
        cond = f", {_expr(plan.condition)}" if plan.condition is not None else ""
        using = f", using({', '.join(plan.using)})" if plan.using else ""
        return f"Join {plan.how.capitalize()}{cond}{using}"
    if isinstance(plan, L.StreamingRelation):
        cols = ", ".join(a.debug() for a in plan.attrs)
        return f"StreamingRelation {plan.source}, [{cols}]"
    if isinstance(plan, L.LocalRelation):
        return f"LocalRelation [{', '.join(a.debug() for a in plan.attrs)}]"
    if isinstance(plan, L.Range):
        return f"Range ({plan.start}, {plan.end}, step={plan.step})"
    if isinstance(plan, L.SubqueryAlias):
        return f"SubqueryAlias {plan.alias}"
    if isinstance(plan, L.UnresolvedRelation):
        return f"'UnresolvedRelation [{plan.name}]"
    if isinstance(plan, L.EventTimeWatermark):
        return f"EventTimeWatermark {_expr(plan.event_time)}, {plan.delay}"
    if isinstance(plan, L.Generate):
        return f"Generate {_expr(plan.generator)}, [{', '.join(a.debug() for a in plan.gen_output)}]"
    if isinstance(plan, L.Deduplicate):
        return f"Deduplicate [{', '.join(_expr(k) for k in plan.keys)}]"
    return name


def tree_string(plan: LogicalPlan, indent: int = 0) -> str:
    lines: list[str] = []

    def visit(node: LogicalPlan, prefix: str, child_prefix: str) -> None:
        lines.append(prefix + node_string(node))
        kids = node.children
        for i, c in enumerate(kids):
            last = i == len(kids) - 1
            visit(c, child_prefix + ("+- " if last else ":- "), child_prefix + ("   " if last else ":  "))

    visit(plan, " " * indent, " " * indent)
    return "\n".join(lines)
