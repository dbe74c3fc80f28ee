"""Higher-order functions: transform, filter, exists, forall, aggregate, zip_with, map_filter, ...

A lambda is a :class:`LambdaFunction` node (a body over :class:`UnresolvedLambdaVariable`
parameters, built by a Python lambda in the DataFrame API or by ``x -> ...`` in SQL
text). Its parameters' types come from the function's other arguments, so the analyzer
resolves those first and asks the function's :class:`HigherOrderSpec` to bind each
lambda (:func:`bind_lambdas`); only then is the body resolved. Spark names a lambda
``lambdafunction(<body>, namedlambdavariable(), ...)`` in column names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rillet.errors import AnalysisException
from rillet.plan import types as T
from rillet.plan.expressions.core import (
    Expression,
    GetField,
    UnresolvedAttribute,
    new_expr_id,
)
from rillet.plan.registry import BOOLEAN, FunctionSpec, declare, same_as_first

# ---------------------------------------------------------------------------
# nodes


@dataclass(frozen=True, repr=False)
class UnresolvedLambdaVariable(Expression):
    """A lambda parameter before its type is known."""

    name: str

    @property
    def resolved(self) -> bool:
        return False

    def sql(self) -> str:
        return self.name


@dataclass(frozen=True, repr=False)
class LambdaVariable(Expression):
    """A bound lambda parameter: computed as the column :attr:`column_key` of the element frame."""

    name: str
    dtype: T.DataType
    is_nullable: bool
    var_id: int

    @property
    def resolved(self) -> bool:
        return True

    @property
    def data_type(self) -> T.DataType:
        return self.dtype

    @property
    def nullable(self) -> bool:
        return self.is_nullable

    @property
    def column_key(self) -> str:
        return f"__lambda_{self.name}_{self.var_id}"

    def sql(self) -> str:
        return "namedlambdavariable()"


@dataclass(frozen=True, repr=False)
class LambdaFunction(Expression):
    body: Expression
    params: tuple[Expression, ...]
    _child_fields = ("body", "params")

    @property
    def data_type(self) -> T.DataType:
        return self.body.data_type

    @property
    def nullable(self) -> bool:
        return self.body.nullable

    @property
    def bound(self) -> tuple[LambdaVariable, ...]:
        return tuple(p for p in self.params if isinstance(p, LambdaVariable))

    def sql(self) -> str:
        return f"lambdafunction({', '.join(c.sql() for c in (self.body, *self.params))})"

    def pretty_name(self) -> str:
        return f"lambdafunction({', '.join(c.pretty_name() for c in (self.body, *self.params))})"


def free_references(lam: LambdaFunction) -> tuple[list[str], list[LambdaVariable]]:
    """The outer columns (attribute keys) and outer lambda variables ``lam``'s body reads."""
    from rillet.plan.expressions.core import AttributeReference

    bound = {p.var_id for e in lam.walk() if isinstance(e, LambdaFunction) for p in e.bound}
    keys: dict[str, None] = {}
    outer: dict[int, LambdaVariable] = {}
    for e in lam.body.walk():
        if isinstance(e, AttributeReference):
            keys[e.column_key] = None
        elif isinstance(e, LambdaVariable) and e.var_id not in bound:
            outer[e.var_id] = e
    return list(keys), list(outer.values())


# ---------------------------------------------------------------------------
# binding


ParamTypes = list[tuple[T.DataType, bool]]


def _lambda_error(spec: FunctionSpec, lam: LambdaFunction, expected: Sequence[int]) -> AnalysisException:
    return AnalysisException(
        errorClass="INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH",
        messageParameters={"expectedNumArgs": str(expected[-1]), "actualNumArgs": str(len(lam.params))},
    )


def _bind(lam: LambdaFunction, params: ParamTypes, resolve: Callable[[Expression], Expression]) -> LambdaFunction:
    names = [p.name if isinstance(p, (UnresolvedLambdaVariable, LambdaVariable)) else p.sql()
             for p in lam.params]
    variables = [LambdaVariable(n, t, nl, new_expr_id()) for n, (t, nl) in zip(names, params)]
    by_name = {v.name.lower(): v for v in variables}

    def substitute(e: Expression) -> Expression:
        if isinstance(e, UnresolvedLambdaVariable) and e.name.lower() in by_name:
            return by_name[e.name.lower()]
        if isinstance(e, UnresolvedAttribute) and e.name_parts[0].lower() in by_name:
            # SQL text names a parameter like a column (``x``, ``x.field``); parameters shadow columns
            out: Expression = by_name[e.name_parts[0].lower()]
            for part in e.name_parts[1:]:
                out = GetField(out, part)
            return out
        if isinstance(e, LambdaFunction):
            inner = {p.name.lower() for p in e.params if isinstance(p, UnresolvedLambdaVariable)}
            if inner & set(by_name):  # an inner lambda's own parameter of the same name shadows ours
                return e
        return e.map_children(substitute)

    return LambdaFunction(resolve(substitute(lam.body)), tuple(variables))


def bind_lambdas(spec: FunctionSpec, args: Sequence[Expression],
                 resolve: Callable[[Expression], Expression]) -> list[Expression]:
    """Resolve a higher-order call's arguments: the plain ones first, then each lambda with its
    parameters typed from them."""
    if not isinstance(spec, HigherOrderSpec):
        raise AnalysisException(
            errorClass="INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION",
            messageParameters={"class": spec.name},
        )
    out = [a if isinstance(a, LambdaFunction) else resolve(a) for a in args]
    for i, a in enumerate(out):
        if isinstance(a, LambdaFunction):
            allowed = spec.arities(i)
            if len(a.params) not in allowed:
                raise _lambda_error(spec, a, allowed)
            out[i] = _bind(a, spec.params(out, i)[: len(a.params)], resolve)
    if spec.name in ("aggregate", "reduce"):
        if len(out) == 3:  # Spark fills in the identity finish, and names it
            acc = out[1]
            out.append(_bind(LambdaFunction(UnresolvedLambdaVariable("id"), (UnresolvedLambdaVariable("id"),)),
                             [(acc.data_type, True)], resolve))
        merge = out[2]
        # Spark compares them structurally, nullability aside (simpleString leaves it out)
        if isinstance(merge, LambdaFunction) and merge.data_type.simpleString() != out[1].data_type.simpleString():
            raise AnalysisException(
                errorClass="DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
                messageParameters={
                    "sqlExpr": f'"{spec.name}"', "paramIndex": "third",
                    "requiredType": f'"{out[1].data_type.simpleString().upper()}"',
                    "inputSql": f'"{merge.sql()}"',
                    "inputType": f'"{merge.data_type.simpleString().upper()}"',
                },
            )
    return out


# ---------------------------------------------------------------------------
# declarations


def _elem(t: T.DataType) -> tuple[T.DataType, bool]:
    if isinstance(t, T.ArrayType):
        return t.elementType, t.containsNull
    return T.NullType(), True


def _map_kv(t: T.DataType) -> tuple[tuple[T.DataType, bool], tuple[T.DataType, bool]]:
    if isinstance(t, T.MapType):
        return (t.keyType, False), (t.valueType, t.valueContainsNull)
    return (T.NullType(), True), (T.NullType(), True)


INT = T.IntegerType()


class HigherOrderSpec(FunctionSpec):
    """A function taking lambdas: which parameter counts each lambda may have, and their types."""

    def arities(self, i: int) -> tuple[int, ...]:
        n = self.name
        if n in ("transform", "filter"):
            return (1, 2)
        if n in ("exists", "forall"):
            return (1,)
        if n in ("aggregate", "reduce"):
            return (2,) if i == 2 else (1,)
        if n == "map_zip_with":
            return (3,)
        return (2,)  # zip_with, map_filter, transform_keys/values, array_sort's comparator

    def params(self, args: list[Expression], i: int) -> ParamTypes:
        n = self.name
        t0 = args[0].data_type
        if n in ("transform", "filter", "exists", "forall"):
            return [_elem(t0), (INT, False)]
        if n in ("aggregate", "reduce"):
            acc = (args[1].data_type, True)
            return [acc, _elem(t0)] if i == 2 else [acc]
        if n == "zip_with":
            return [(_elem(t0)[0], True), (_elem(args[1].data_type)[0], True)]
        if n == "array_sort":
            return [(_elem(t0)[0], True), (_elem(t0)[0], True)]
        k, v = _map_kv(t0)
        if n == "map_zip_with":
            return [k, (v[0], True), (_map_kv(args[1].data_type)[1][0], True)]
        return [k, v]

    def nullable(self, args: Sequence[Expression]) -> bool:
        data = [a for a in args if not isinstance(a, LambdaFunction)]
        if self.name in ("exists", "forall", "aggregate", "reduce"):
            return any(a.nullable for a in args)
        return any(a.nullable for a in data)


def _array_of_body(types: list[T.DataType], args: Sequence[Expression]) -> T.DataType:
    return T.ArrayType(args[-1].data_type, args[-1].nullable)


def _finish_type(types: list[T.DataType], args: Sequence[Expression]) -> T.DataType:
    return args[-1].data_type


def _transform_keys_type(types: list[T.DataType], args: Sequence[Expression]) -> T.DataType:
    m = types[0]
    assert isinstance(m, T.MapType)
    return T.MapType(args[1].data_type, m.valueType, m.valueContainsNull)


def _transform_values_type(types: list[T.DataType], args: Sequence[Expression]) -> T.DataType:
    m = types[0]
    assert isinstance(m, T.MapType)
    return T.MapType(m.keyType, args[-1].data_type, args[-1].nullable)


def _hof(name: str, result, n: int, m: int | None = None) -> None:  # type: ignore[no-untyped-def]
    declare(HigherOrderSpec(name, "scalar", result, n, n if m is None else m, null_intolerant=False))


_hof("transform", _array_of_body, 2)
_hof("filter", same_as_first, 2)
_hof("exists", lambda _t, _a: BOOLEAN, 2)
_hof("forall", lambda _t, _a: BOOLEAN, 2)
_hof("aggregate", _finish_type, 3, 4)
_hof("reduce", _finish_type, 3, 4)
_hof("zip_with", _array_of_body, 3)
_hof("map_filter", same_as_first, 2)
_hof("transform_keys", _transform_keys_type, 2)
_hof("transform_values", _transform_values_type, 2)
_hof("map_zip_with", _transform_values_type, 3)
