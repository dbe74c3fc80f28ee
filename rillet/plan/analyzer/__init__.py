"""The analyzer: turns a plan built by the API into a resolved plan.

``analyze(plan, catalog)`` resolves every column name to an attribute with a
unique id, every function to a registered spec, inserts Spark's implicit casts,
names every output column as Spark would, and rewrites API conveniences into
core nodes (a select with an aggregate becomes an Aggregate; a select with a
generator becomes a Generate; ``join(on=[...])`` becomes a join plus a
projection). Errors are Spark's (``AnalysisException`` with its condition id).
"""

from __future__ import annotations

import dataclasses
import re
from functools import singledispatch
from typing import Protocol, cast

from rillet.errors import AnalysisException
from rillet.plan import logical as L
from rillet.plan import types as T
from rillet.plan.analyzer.coercion import cast_if_needed, common_type, type_sql
from rillet.plan.analyzer.expressions import Scope, resolve, resolve_top_level
from rillet.plan.analyzer.time_windows import expand_session_window, expand_time_windows
from rillet.plan.analyzer.window import (
    check_no_bare_window_function,
    extract_windows,
    has_aggregate_outside_window,
    split_windowed_aggregate,
)
from rillet.plan.expressions.core import (
    Alias,
    AttributeReference,
    BinaryOperator,
    Call,
    Expression,
    Literal,
    MultiAlias,
    SortOrder,
    UnresolvedStar,
    contains_aggregate,
    contains_generator,
    quote_identifier,
    strip_alias,
)
from rillet.plan.expressions.regex import UnresolvedRegex
from rillet.plan.expressions.window import contains_window
from rillet.plan.intervals import parse_interval_ms

__all__ = ["Catalog", "analyze", "Scope", "resolve"]


class Catalog(Protocol):
    def lookup_relation(self, name: str) -> L.LogicalPlan | None: ...


class _Context:
    def __init__(self, catalog: Catalog | None, case_sensitive: bool) -> None:
        self.catalog = catalog
        self.case_sensitive = case_sensitive

    def scope(self, *plans: L.LogicalPlan) -> Scope:
        attrs: list[AttributeReference] = []
        for p in plans:
            attrs.extend(p.output)
        return Scope(attrs, self.case_sensitive)


def analyze(
    plan: L.LogicalPlan, catalog: Catalog | None = None, case_sensitive: bool = False
) -> L.LogicalPlan:
    """Resolve ``plan``; raise ``AnalysisException`` for anything Spark would reject."""
    return _analyze(plan, _Context(catalog, case_sensitive))


@singledispatch
def _analyze(plan: L.LogicalPlan, ctx: _Context) -> L.LogicalPlan:
    return plan.with_children([_analyze(c, ctx) for c in plan.children])


@_analyze.register
def _(plan: L.UnresolvedRelation, ctx: _Context) -> L.LogicalPlan:
    found = ctx.catalog.lookup_relation(plan.name) if ctx.catalog is not None else None
    if found is None:
        raise AnalysisException(
            errorClass="TABLE_OR_VIEW_NOT_FOUND",
            messageParameters={"relationName": quote_identifier(plan.name)},
        )
    return L.SubqueryAlias(_analyze(found, ctx), plan.name.split(".")[-1])


# ---------------------------------------------------------------------------
# projection


def expand_stars(exprs: tuple[Expression, ...], scope: Scope) -> list[Expression]:
    out: list[Expression] = []
    for e in exprs:
        if isinstance(e, UnresolvedStar):
            if e.target is None:
                out.extend(scope.attrs)
            else:
                matched = [
                    a for a in scope.attrs
                    if a.qualifier and a.qualifier[-1].lower() == e.target[-1].lower()
                ]
                if not matched:
                    # t.* on a struct column expands its fields
                    base = scope.lookup(e.target)
                    if isinstance(base.data_type, T.StructType):
                        from rillet.plan.expressions.core import GetField

                        out.extend(Alias(GetField(base, f.name), f.name) for f in base.data_type.fields)
                        continue
                    raise AnalysisException(
                        f"[CANNOT_RESOLVE_STAR_EXPAND] Cannot resolve {quote_identifier(e.target[-1])}.* "
                        "given input columns "
                        f"{', '.join(quote_identifier(a.name) for a in scope.attrs)}. SQLSTATE: 42704",
                        errorClass="CANNOT_RESOLVE_STAR_EXPAND",
                    )
                out.extend(matched)
        elif isinstance(e, UnresolvedRegex):
            out.extend(a for a in scope.attrs if re.fullmatch(e.pattern, a.name))
        else:
            out.append(e)
    return out


def name_expression(e: Expression) -> Expression:
    """Give an un-aliased expression Spark's generated column name."""
    if isinstance(e, (AttributeReference, Alias, MultiAlias)):
        return e
    return Alias(e, e.pretty_name())


@_analyze.register
def _(plan: L.Project, ctx: _Context) -> L.LogicalPlan:
    child = _analyze(plan.child, ctx)
    scope = ctx.scope(child)
    exprs = [resolve_top_level(e, scope) for e in expand_stars(plan.exprs, scope)]
    child, exprs = expand_time_windows(child, exprs)
    for e in exprs:
        check_no_bare_window_function(e)
    if any(contains_generator(e) for e in exprs):
        return _plan_generate(child, exprs)
    named = [name_expression(e) for e in exprs]
    if any(contains_window(e) for e in named):
        if any(has_aggregate_outside_window(e) for e in named):
            return _aggregate_with_windows(child, (), named)
        windowed, named = extract_windows(child, named)
        return L.Project(windowed, tuple(named))
    if any(contains_aggregate(e) for e in named):
        return _check_aggregate(L.Aggregate(child, (), tuple(named)))
    return L.Project(child, tuple(named))


def _plan_generate(child: L.LogicalPlan, exprs: list[Expression]) -> L.LogicalPlan:
    generators = [e for e in exprs if contains_generator(e)]
    if len(generators) > 1:
        raise AnalysisException(
            errorClass="UNSUPPORTED_GENERATOR.MULTI_GENERATOR",
            messageParameters={
                "num": str(len(generators)),
                "generators": ", ".join(f'"{strip_alias(g).sql()}"' for g in generators),
            },
        )
    g = generators[0]
    names: tuple[str, ...] | None = None
    if isinstance(g, MultiAlias):
        names, gen = g.names, g.child
    elif isinstance(g, Alias):
        names, gen = (g.name,), g.child
    else:
        gen = g
    if not (isinstance(gen, Call) and gen.is_generator):
        raise AnalysisException(
            "[UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS] The generator is not supported: "
            f"nested in expressions \"{gen.sql()}\". SQLSTATE: 42K0E",
            errorClass="UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS",
        )
    assert gen.spec.generator_output is not None
    cols = gen.spec.generator_output([a.data_type for a in gen.args])
    if names is not None and len(names) != len(cols):
        raise AnalysisException(
            f"[MULTI_ALIAS_WITHOUT_GENERATOR] The number of aliases supplied in the AS clause does "
            f"not match the number of columns output by the UDTF: expected {len(cols)} aliases "
            f"but got {', '.join(names)}. SQLSTATE: 42K0E"
        )
    gen_attrs = tuple(
        AttributeReference(names[i] if names else n, t, nullable) for i, (n, t, nullable) in enumerate(cols)
    )
    generate = L.Generate(child, gen, gen_attrs, outer=gen.spec.name.endswith("_outer"))
    out: list[Expression] = []
    for e in exprs:
        if e is g:
            out.extend(gen_attrs)
        else:
            out.append(name_expression(e))
    return L.Project(generate, tuple(out))


# ---------------------------------------------------------------------------
# aggregation


@_analyze.register
def _(plan: L.Aggregate, ctx: _Context) -> L.LogicalPlan:
    child = _analyze(plan.child, ctx)
    scope = ctx.scope(child)
    grouping = tuple(resolve(g, scope) for g in expand_stars(plan.grouping, scope))
    aggregates = [resolve_top_level(e, scope) for e in expand_stars(plan.aggregates, scope)]
    child, windowed = expand_time_windows(child, [*grouping, *aggregates])
    grouping, aggregates = tuple(windowed[: len(grouping)]), windowed[len(grouping):]
    child, grouping_list, aggregates = expand_session_window(child, list(grouping), aggregates)
    grouping = tuple(grouping_list)
    named = [name_expression(e) for e in aggregates]
    if any(contains_window(e) for e in named):
        return _aggregate_with_windows(child, grouping, named)
    return _check_aggregate(L.Aggregate(child, grouping, tuple(named)))


def _aggregate_with_windows(
    child: L.LogicalPlan, grouping: tuple[Expression, ...], named: list[Expression]
) -> L.LogicalPlan:
    """Windows over an aggregation's result: Aggregate, then Window, then the select list."""
    below, select = split_windowed_aggregate(named)
    agg = _check_aggregate(L.Aggregate(child, grouping, tuple(below)))
    windowed_plan, select = extract_windows(agg, select)
    return L.Project(windowed_plan, tuple(select))


def _check_aggregate(agg: L.Aggregate) -> L.Aggregate:
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


# ---------------------------------------------------------------------------
# other unary nodes


def _resolve_with_missing(
    child: L.LogicalPlan, exprs: tuple[Expression, ...], ctx: _Context
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


@_analyze.register
def _(plan: L.CollectMetrics, ctx: _Context) -> L.LogicalPlan:
    child = _analyze(plan.child, ctx)
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


@_analyze.register
def _(plan: L.Filter, ctx: _Context) -> L.LogicalPlan:
    child, (cond,), restore = _resolve_with_missing(_analyze(plan.child, ctx), (plan.condition,), ctx)
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


@_analyze.register
def _(plan: L.Sort, ctx: _Context) -> L.LogicalPlan:
    child, resolved, restore = _resolve_with_missing(_analyze(plan.child, ctx), plan.orders, ctx)
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


@_analyze.register
def _(plan: L.Deduplicate, ctx: _Context) -> L.LogicalPlan:
    child = _analyze(plan.child, ctx)
    scope = ctx.scope(child)
    keys = tuple(resolve(k, scope) for k in plan.keys) if plan.keys else tuple(child.output)
    return L.Deduplicate(child, keys, plan.within_watermark)


@_analyze.register
def _(plan: L.FlatMapGroupsInPandasWithState, ctx: _Context) -> L.LogicalPlan:
    child = _analyze(plan.child, ctx)
    scope = ctx.scope(child)
    grouping = tuple(resolve(k, scope) for k in plan.grouping)
    return dataclasses.replace(plan, child=child, grouping=grouping)


@_analyze.register
def _(plan: L.TransformWithStateInPandas, ctx: _Context) -> L.LogicalPlan:
    child = _analyze(plan.child, ctx)
    scope = ctx.scope(child)
    grouping = tuple(resolve(k, scope) for k in plan.grouping)
    initial, initial_grouping = plan.initial_state, plan.initial_grouping
    if initial is not None:
        initial = _analyze(initial, ctx)
        initial_grouping = tuple(resolve(k, ctx.scope(initial)) for k in initial_grouping)
    return dataclasses.replace(
        plan, child=child, grouping=grouping, initial_state=initial, initial_grouping=initial_grouping
    )


@_analyze.register
def _(plan: L.EventTimeWatermark, ctx: _Context) -> L.LogicalPlan:
    child = _analyze(plan.child, ctx)
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


# ---------------------------------------------------------------------------
# joins and unions


@_analyze.register
def _(plan: L.Join, ctx: _Context) -> L.LogicalPlan:
    left = _analyze(plan.left, ctx)
    right = _analyze(plan.right, ctx)
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
    left: L.LogicalPlan, right: L.LogicalPlan, how: str, keys: tuple[str, ...], ctx: _Context
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


@_analyze.register
def _(plan: L.Union, ctx: _Context) -> L.LogicalPlan:
    inputs = [_analyze(p, ctx) for p in plan.inputs]
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
                first = _analyze(first, ctx)
        inputs = [first] + [_align_by_name(first, p, plan.allow_missing, ctx) for p in inputs[1:]]
    n = len(first.output)
    for i, p in enumerate(inputs[1:], start=2):
        if len(p.output) != n:
            raise AnalysisException(
                errorClass="NUM_COLUMNS_MISMATCH",
                messageParameters={
                    "operator": "UNION",
                    "firstNumColumns": str(n),
                    "invalidOrdinalNum": _ordinal(i),
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
                    "columnOrdinalNumber": _ordinal(c + 1),
                    "tableOrdinalNumber": _ordinal(bad + 1),
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


def _align_by_name(first: L.LogicalPlan, other: L.LogicalPlan, allow_missing: bool, ctx: _Context) -> L.LogicalPlan:
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


def _ordinal(i: int) -> str:
    return ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth"][i] if i < 7 else f"{i}th"


def parse_column_name(name: str) -> tuple[str, ...]:
    """Split ``a.b`` into parts, honouring backquotes: ```a.b`.c`` -> (``a.b``, ``c``)."""
    parts: list[str] = []
    buf: list[str] = []
    i, quoted = 0, False
    while i < len(name):
        ch = name[i]
        if ch == "`":
            if quoted and i + 1 < len(name) and name[i + 1] == "`":
                buf.append("`")
                i += 2
                continue
            quoted = not quoted
        elif ch == "." and not quoted:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return tuple(parts)
