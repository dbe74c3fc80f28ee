"""A join condition taken apart: its conjuncts, and which are equalities between the sides."""

from __future__ import annotations

from rillet.plan import logical as L
from rillet.plan.expressions.core import BinaryOperator, Expression


def split_conjuncts(cond: Expression | None) -> list[Expression]:
    """``a AND (b AND c)`` -> ``[a, b, c]``; nothing for no condition."""
    if cond is None:
        return []
    if isinstance(cond, BinaryOperator) and cond.op == "and":
        return split_conjuncts(cond.left) + split_conjuncts(cond.right)
    return [cond]


def equi_keys(
    cond: Expression | None, left: L.LogicalPlan, right: L.LogicalPlan
) -> tuple[list[Expression], list[Expression], list[Expression]]:
    """(left keys, right keys, the other conjuncts): each ``l = r`` conjunct whose sides
    read only one input each becomes a pair of keys, oriented left/right."""
    lids = {a.expr_id for a in left.output}
    rids = {a.expr_id for a in right.output}
    lkeys: list[Expression] = []
    rkeys: list[Expression] = []
    rest: list[Expression] = []
    for c in split_conjuncts(cond):
        if isinstance(c, BinaryOperator) and c.op == "eq":
            lr, rr = c.left.references(), c.right.references()
            if lr and rr and lr <= lids and rr <= rids:
                lkeys.append(c.left)
                rkeys.append(c.right)
                continue
            if lr and rr and lr <= rids and rr <= lids:
                lkeys.append(c.right)
                rkeys.append(c.left)
                continue
        rest.append(c)
    return lkeys, rkeys, rest
