"""Plan rewrites that change what a streaming query *observes*, done as Spark's optimizer does.

Most of Spark's optimizer only changes speed, and rillet leaves that to Polars. Filter
pushdown is different in a stream: the watermark is computed from the rows that reach
``withWatermark``, and Spark pushes filters below it. A row that a later filter drops
never moves Spark's watermark, so rillet must drop it there too, or the two engines
evict state and emit windows in different batches. The rules, as Spark's:

* ``PushPredicateThroughJoin``: the single-side conjuncts of a join condition become
  filters on that side where that cannot change the result -- both sides of an inner or
  left semi join, the right side of a left outer join, the left side of a right outer
  join, nothing for a full outer join.
* ``PushPredicateThroughNonJoin``: a deterministic filter moves below a projection that
  passes its columns through, below an aggregation when it reads only grouping columns
  (so those groups are never even kept in state), and below ``withWatermark`` unless it
  reads the event-time column.
"""

from __future__ import annotations

from rillet.plan import logical as L
from rillet.plan.expressions.core import Alias, AttributeReference, BinaryOperator, Expression
from rillet.plan.join_condition import split_conjuncts

_PUSH_INTO = {
    "inner": (True, True), "cross": (True, True), "semi": (True, True),
    "left": (False, True), "anti": (False, True), "right": (True, False), "full": (False, False),
}


def _conjoin(parts: list[Expression]) -> Expression | None:
    out: Expression | None = None
    for p in parts:
        out = p if out is None else BinaryOperator("and", out, p)
    return out


def _has_watermark(plan: L.LogicalPlan) -> bool:
    return any(isinstance(n, L.EventTimeWatermark) for n in plan.walk())


def push_filters_to_watermarks(plan: L.LogicalPlan) -> L.LogicalPlan:
    """``plan`` with filters moved towards the ``withWatermark`` nodes below them."""
    if not _has_watermark(plan):
        return plan
    if isinstance(plan, L.Join):
        return _push_join(plan)
    if isinstance(plan, L.Filter):
        return _push_filter(plan.condition, push_filters_to_watermarks(plan.child))
    return plan.with_children([push_filters_to_watermarks(c) for c in plan.children])


def _filter(cond: Expression | None, child: L.LogicalPlan) -> L.LogicalPlan:
    return child if cond is None else L.Filter(child, cond)


def _push_join(join: L.Join) -> L.LogicalPlan:
    left, right = join.left, join.right
    into_left, into_right = _PUSH_INTO.get(join.how, (False, False))
    lids = {a.expr_id for a in left.output}
    rids = {a.expr_id for a in right.output}
    keep: list[Expression] = []
    to_left: list[Expression] = []
    to_right: list[Expression] = []
    for c in split_conjuncts(join.condition):
        refs = c.references()
        if into_left and refs and refs <= lids and c.deterministic:
            to_left.append(c)
        elif into_right and refs and refs <= rids and c.deterministic:
            to_right.append(c)
        else:
            keep.append(c)
    if to_left:
        left = L.Filter(left, _conjoin(to_left))  # type: ignore[arg-type]
    if to_right:
        right = L.Filter(right, _conjoin(to_right))  # type: ignore[arg-type]
    new = L.Join(
        push_filters_to_watermarks(left), push_filters_to_watermarks(right), join.how, _conjoin(keep), join.using
    )
    return new


def _push_filter(cond: Expression, child: L.LogicalPlan) -> L.LogicalPlan:
    """``Filter(cond, child)`` with what can go lower moved below ``child``."""
    if isinstance(child, L.EventTimeWatermark):
        et = child.event_time.references()
        down = [c for c in split_conjuncts(cond) if c.deterministic and not (c.references() & et)]
        stay = [c for c in split_conjuncts(cond) if c not in down]
        if not down:
            return L.Filter(child, cond)
        inner = _push_filter(_conjoin(down), child.child)  # type: ignore[arg-type]
        return _filter(_conjoin(stay), child.with_children([inner]))
    if isinstance(child, L.Project) and cond.deterministic:
        passed: dict[int, Expression] = {}
        for e in child.exprs:
            if isinstance(e, AttributeReference):
                passed[e.expr_id] = e
            elif isinstance(e, Alias) and isinstance(e.child, AttributeReference):
                passed[e.expr_id] = e.child
        if cond.references() <= set(passed) and _has_watermark(child.child):
            rewritten = cond.transform_up(
                lambda x: passed[x.expr_id] if isinstance(x, AttributeReference) and x.expr_id in passed else x
            )
            return child.with_children([_push_filter(rewritten, child.child)])
    if isinstance(child, L.Aggregate) and child.grouping and _has_watermark(child.child):
        return _push_through_aggregate(cond, child)
    if isinstance(child, L.Filter):
        return _push_filter(BinaryOperator("and", child.condition, cond), child.child)
    return L.Filter(child, cond)


def _push_through_aggregate(cond: Expression, agg: L.Aggregate) -> L.LogicalPlan:
    """The conjuncts of ``cond`` that read only grouping columns (output as the grouping
    attribute itself or an alias of it) go below ``agg``; the rest stay above."""
    keys = {g.expr_id for g in agg.grouping if isinstance(g, AttributeReference)}
    passed: dict[int, Expression] = {}
    for e in agg.aggregates:
        if isinstance(e, AttributeReference) and e.expr_id in keys:
            passed[e.expr_id] = e
        elif isinstance(e, Alias) and isinstance(e.child, AttributeReference) and e.child.expr_id in keys:
            passed[e.expr_id] = e.child
    down: list[Expression] = []
    stay: list[Expression] = []
    for c in split_conjuncts(cond):
        refs = c.references()
        (down if c.deterministic and refs and refs <= set(passed) else stay).append(c)
    if not down:
        return L.Filter(agg, cond)
    pushed = _conjoin(down).transform_up(  # type: ignore[union-attr]
        lambda x: passed[x.expr_id] if isinstance(x, AttributeReference) and x.expr_id in passed else x
    )
    return _filter(_conjoin(stay), agg.with_children([_push_filter(pushed, agg.child)]))
