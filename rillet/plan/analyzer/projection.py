"""Analyzer rules for projections: stars, names, generators (``select``, ``withColumn``)."""

from __future__ import annotations

from rillet.errors import AnalysisException
from rillet.plan import logical as L
from rillet.plan.analyzer.aggregates import aggregate_with_windows, check_aggregate
from rillet.plan.analyzer.expressions import resolve_top_level
from rillet.plan.analyzer.names import expand_stars, name_expression
from rillet.plan.analyzer.rules import AnalysisContext, analyze_node
from rillet.plan.analyzer.time_windows import expand_time_windows
from rillet.plan.analyzer.window import (
    check_no_bare_window_function,
    extract_windows,
    has_aggregate_outside_window,
)
from rillet.plan.expressions.core import (
    Alias,
    AttributeReference,
    Call,
    Expression,
    MultiAlias,
    contains_aggregate,
    contains_generator,
    strip_alias,
)
from rillet.plan.expressions.window import contains_window


@analyze_node.register
def _(plan: L.Project, ctx: AnalysisContext) -> L.LogicalPlan:
    child = analyze_node(plan.child, ctx)
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
            return aggregate_with_windows(child, (), named)
        windowed, named = extract_windows(child, named)
        return L.Project(windowed, tuple(named))
    if any(contains_aggregate(e) for e in named):
        return check_aggregate(L.Aggregate(child, (), tuple(named)))
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
