"""Analyzer rules for joins (conditions, ``using`` columns) and unions (by position, by name)."""

from __future__ import annotations

from typing import cast

from rillet.errors import AnalysisException
from rillet.plan import logical as L
from rillet.plan import types as T
from rillet.plan.analyzer.coercion import cast_if_needed, common_type, type_sql
from rillet.plan.analyzer.expressions import resolve
from rillet.plan.analyzer.names import ordinal
from rillet.plan.analyzer.rules import AnalysisContext, analyze_node
from rillet.plan.expressions.core import (
    Alias,
    AttributeReference,
    BinaryOperator,
    Expression,
    Literal,
    quote_identifier,
)


@analyze_node.register
def _(plan: L.Join, ctx: AnalysisContext) -> L.LogicalPlan:
    left = analyze_node(plan.left, ctx)
    right = analyze_node(plan.right, ctx)
    left_ids = {a.expr_id for a in left.output}
    if any(a.expr_id in left_ids for a in right.output):
        right = _with_fresh_ids(right)
    if plan.using is not None:
        return _using_join(left, right, plan.how, plan.using, ctx)
    cond = None
    if plan.condition is not None:
        cond = resolve(plan.condition, ctx.scope(left, right))
        if not isinstance(cond.data_type, T.BooleanType):
            raise AnalysisException(f"join condition '{cond.sql()}' of type {type_sql(cond.data_type)} is not a boolean.")
    return L.Join(left, right, plan.how, cond)


def _with_fresh_ids(plan: L.LogicalPlan) -> L.LogicalPlan:
    """A self-join's right side with new column ids, so the two sides stay distinct.

    The renaming goes under a top ``SubqueryAlias`` so ``df.alias("m")`` still
    answers to ``m.id`` (a Project above it would drop the qualifier)."""
    if isinstance(plan, L.SubqueryAlias):
        return L.SubqueryAlias(_with_fresh_ids(plan.child), plan.alias)
    fresh = L.Project(plan, tuple(Alias(a, a.name) for a in plan.output))
    # keep the qualifier: df.alias("m").filter(...) still answers to m.id, also when re-analyzed
    qualifiers = {a.qualifier for a in plan.output}
    if len(qualifiers) == 1 and (qualifier := qualifiers.pop()):
        return L.SubqueryAlias(L.Project(fresh, tuple(fresh.output)), qualifier[-1])
    return L.Project(fresh, tuple(a.with_qualifier(o.qualifier) for a, o in zip(fresh.output, plan.output)))


def _using_join(
    left: L.LogicalPlan, right: L.LogicalPlan, how: str, keys: tuple[str, ...], ctx: AnalysisContext
) -> L.LogicalPlan:
    lscope, rscope = ctx.scope(left), ctx.scope(right)
    pairs: list[tuple[AttributeReference, AttributeReference]] = []
    for k in keys:
        try:
            lk = cast(AttributeReference, lscope.lookup((k,)))  # a top-level name resolves to an attribute
        except AnalysisException:
            raise AnalysisException(
                f"[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column {quote_identifier(k)} cannot be "
                f"resolved on the left side of the join. The left-side columns: "
                f"[{', '.join(quote_identifier(a.name) for a in left.output)}]. SQLSTATE: 42703",
                errorClass="UNRESOLVED_USING_COLUMN_FOR_JOIN",
            ) from None
        try:
            rk = cast(AttributeReference, rscope.lookup((k,)))
        except AnalysisException:
            raise AnalysisException(
                f"[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column {quote_identifier(k)} cannot be "
                f"resolved on the right side of the join. The right-side columns: "
                f"[{', '.join(quote_identifier(a.name) for a in right.output)}]. SQLSTATE: 42703",
                errorClass="UNRESOLVED_USING_COLUMN_FOR_JOIN",
            ) from None
        pairs.append((lk, rk))
    cond: Expression | None = None
    for lk, rk in pairs:
        from rillet.plan.analyzer.coercion import coerce_binary

        eq = coerce_binary(BinaryOperator("eq", lk, rk))
        cond = eq if cond is None else BinaryOperator("and", cond, eq)
    join = L.Join(left, right, how, cond)
    out = join.output
    by_id = {a.expr_id: a for a in out}
    lkeys = [by_id.get(lk.expr_id, lk) for lk, _ in pairs]
    rkeys = [by_id.get(rk.expr_id, rk) for _, rk in pairs]
    key_exprs: list[Expression] = []
    for lk, rk in zip(lkeys, rkeys):
        if how == "right":
            key_exprs.append(rk)
        elif how == "full":
            from rillet.plan.expressions.core import UnresolvedFunction

            co = resolve(UnresolvedFunction("coalesce", (lk, rk)), ctx.scope(join))
            key_exprs.append(Alias(co, lk.name))
        else:
            key_exprs.append(lk)
    key_ids = {k.expr_id for k in (*lkeys, *rkeys) if isinstance(k, AttributeReference)}
    rest = [a for a in out if a.expr_id not in key_ids]
    if how in ("semi", "anti"):
        rest = [a for a in left.output if a.expr_id not in key_ids]
    return L.Project(join, (*key_exprs, *rest))


@analyze_node.register
def _(plan: L.Union, ctx: AnalysisContext) -> L.LogicalPlan:
    inputs = [analyze_node(p, ctx) for p in plan.inputs]
    first = inputs[0]
    if plan.by_name:
        if plan.allow_missing:
            # columns only in later inputs are appended to the first
            extra_names = []
            seen = {a.name.lower() for a in first.output}
            for p in inputs[1:]:
                for a in p.output:
                    if a.name.lower() not in seen:
                        extra_names.append(a)
                        seen.add(a.name.lower())
            if extra_names:
                first = L.Project(first, (*first.output, *(Alias(Literal(None, a.dtype), a.name) for a in extra_names)))
                first = analyze_node(first, ctx)
        inputs = [first] + [_align_by_name(first, p, plan.allow_missing, ctx) for p in inputs[1:]]
    n = len(first.output)
    for i, p in enumerate(inputs[1:], start=2):
        if len(p.output) != n:
            raise AnalysisException(
                errorClass="NUM_COLUMNS_MISMATCH",
                messageParameters={
                    "operator": "UNION",
                    "firstNumColumns": str(n),
                    "invalidOrdinalNum": ordinal(i),
                    "invalidNumColumns": str(len(p.output)),
                },
            )
    # widen column types across inputs
    targets: list[T.DataType] = []
    for c in range(n):
        types = [p.output[c].dtype for p in inputs]
        t = common_type(types)
        if t is None:
            bad = next(i for i, p in enumerate(inputs) if common_type([types[0], p.output[c].dtype]) is None)
            raise AnalysisException(
                errorClass="INCOMPATIBLE_COLUMN_TYPE",
                messageParameters={
                    "operator": "UNION",
                    "columnOrdinalNumber": ordinal(c + 1),
                    "tableOrdinalNumber": ordinal(bad + 1),
                    "dataType1": type_sql(types[bad]),
                    "dataType2": type_sql(types[0]),
                },
            )
        targets.append(t)
    casted = []
    for p in inputs:
        if all(a.dtype == t for a, t in zip(p.output, targets)):
            casted.append(p)
        else:
            casted.append(
                L.Project(p, tuple(
                    a if a.dtype == t else Alias(cast_if_needed(a, t), a.name)
                    for a, t in zip(p.output, targets)
                ))
            )
    return L.Union(tuple(casted))


def _align_by_name(first: L.LogicalPlan, other: L.LogicalPlan, allow_missing: bool, ctx: AnalysisContext) -> L.LogicalPlan:
    scope = ctx.scope(other)
    exprs: list[Expression] = []
    for a in first.output:
        try:
            exprs.append(scope.lookup((a.name,)))
        except AnalysisException:
            if not allow_missing:
                raise AnalysisException(
                    f"[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same "
                    f"number of columns; column {quote_identifier(a.name)} is missing. SQLSTATE: 42826",
                    errorClass="NUM_COLUMNS_MISMATCH",
                ) from None
            exprs.append(Alias(Literal(None, a.dtype), a.name))
    if not allow_missing and len(other.output) != len(first.output):
        raise AnalysisException(
            errorClass="NUM_COLUMNS_MISMATCH",
            messageParameters={
                "operator": "UNION",
                "firstNumColumns": str(len(first.output)),
                "invalidOrdinalNum": "second",
                "invalidNumColumns": str(len(other.output)),
            },
        )
    return L.Project(other, tuple(exprs))
