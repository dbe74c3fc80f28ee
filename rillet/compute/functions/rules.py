"""The tables of function translations (name -> Polars rule) and the decorators that fill them.

A family module declares ``@scalar("upper")`` etc.; :func:`scalar_function` is the one
translation of a ``Call`` node (registered on the expression translator below).
"""


from __future__ import annotations

from collections.abc import Callable

import polars as pl

from rillet.compute.expressions import ComputeContext, _translate
from rillet.errors import AnalysisException
from rillet.plan.expressions.core import Call, Literal

ScalarRule = Callable[[Call, list[pl.Expr], ComputeContext], pl.Expr]
AggregateRule = Callable[[Call, list[pl.Expr]], pl.Expr]

SCALAR: dict[str, ScalarRule] = {}
AGGREGATE: dict[str, AggregateRule] = {}
# aggregates whose translation depends on the context (ANSI checks): (call, args, ctx)
CONTEXT_AGGREGATE: dict[str, ScalarRule] = {}


def scalar(*names: str) -> Callable[[ScalarRule], ScalarRule]:
    def register(fn: ScalarRule) -> ScalarRule:
        for n in names:
            SCALAR[n] = fn
        return fn

    return register


def aggregate(*names: str) -> Callable[[AggregateRule], AggregateRule]:
    def register(fn: AggregateRule) -> AggregateRule:
        for n in names:
            AGGREGATE[n] = fn
        return fn

    return register


def aggregate_with_context(*names: str) -> Callable[[ScalarRule], ScalarRule]:
    return lambda fn: _register_all(CONTEXT_AGGREGATE, names, fn)


def _register_all(table: dict[str, ScalarRule], names: tuple[str, ...], fn: ScalarRule) -> ScalarRule:
    table.update(dict.fromkeys(names, fn))
    return fn


def _not_implemented(name: str) -> AnalysisException:
    return AnalysisException(
        errorClass="NOT_IMPLEMENTED",
        messageParameters={"feature": f"The function `{name}`"},
    )


def scalar_function(call: Call, args: list[pl.Expr], ctx: ComputeContext) -> pl.Expr:
    if call.is_aggregate:
        if call.spec.name in CONTEXT_AGGREGATE:
            return CONTEXT_AGGREGATE[call.spec.name](call, args, ctx)
        rule_a = AGGREGATE.get(call.spec.name)
        if rule_a is None:
            raise _not_implemented(call.spec.name)
        return rule_a(call, args)
    rule = SCALAR.get(call.spec.name)
    if rule is None:
        raise _not_implemented(call.spec.name)
    return rule(call, args, ctx)


def literal_arg(call: Call, i: int, default: object = None) -> object:
    if i >= len(call.args):
        return default
    a = call.args[i]
    while not isinstance(a, Literal) and a.children and type(a).__name__ == "Cast":
        a = a.children[0]
    if not isinstance(a, Literal):
        raise AnalysisException(
            f"[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"{call.sql()}\": the "
            f"argument {i + 1} of {call.spec.name} must be a constant. SQLSTATE: 42K09"
        )
    return a.value


@_translate.register
def _(e: Call, ctx: ComputeContext) -> pl.Expr:
    return scalar_function(e, [_translate(a, ctx) for a in e.args], ctx)
