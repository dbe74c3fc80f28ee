"""Resolve expressions against a node's input columns: names, functions, types."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import singledispatch

from rillet.errors import AnalysisException
from rillet.plan import functions as _catalog  # noqa: F401  (declares every function)
from rillet.plan import registry
from rillet.plan import types as T
from rillet.plan.analyzer.coercion import (
    cast_if_needed,
    coerce_binary,
    common_type,
    type_sql,
)
from rillet.plan.expressions.core import (
    Alias,
    AttributeReference,
    BinaryOperator,
    BitwiseNot,
    Call,
    CaseWhen,
    Cast,
    Expression,
    GetField,
    GetItem,
    In,
    IsNull,
    Literal,
    MultiAlias,
    Negate,
    Not,
    SortOrder,
    UnresolvedAttribute,
    UnresolvedFunction,
    UnresolvedGroupingAlias,
    UnresolvedOrdinal,
    UnresolvedStar,
    quote_identifier,
)
from rillet.plan.functions.higher_order import LambdaFunction, bind_lambdas
from rillet.plan.type_rules import is_integral, is_numeric


class Scope:
    """The columns an expression may refer to (a node's input)."""

    def __init__(self, attrs: Sequence[AttributeReference], case_sensitive: bool = False) -> None:
        self.attrs = tuple(attrs)
        self.case_sensitive = case_sensitive

    def _eq(self, a: str, b: str) -> bool:
        return a == b if self.case_sensitive else a.lower() == b.lower()

    def lookup(self, parts: tuple[str, ...]) -> Expression:
        """Find ``a``, ``t.a``, ``a.field``, ``t.a.field``; raise Spark's errors otherwise."""
        candidates: list[tuple[AttributeReference, tuple[str, ...]]] = []
        for a in self.attrs:
            if self._eq(a.name, parts[0]):
                candidates.append((a, parts[1:]))
        if not candidates and len(parts) > 1:
            for a in self.attrs:
                if a.qualifier and self._eq(a.qualifier[-1], parts[0]) and self._eq(a.name, parts[1]):
                    candidates.append((a, parts[2:]))
        # prefer qualifier matches when the first part names both a table and a column
        if len(parts) > 1:
            qualified = [
                (a, parts[2:]) for a in self.attrs
                if a.qualifier and self._eq(a.qualifier[-1], parts[0]) and self._eq(a.name, parts[1])
            ]
            if qualified:
                candidates = qualified
        unique = {c[0].expr_id: c for c in candidates}
        if not unique:
            raise self.unresolved(".".join(parts))
        if len(unique) > 1:
            names = ", ".join(
                quote_identifier(".".join((*a.qualifier, a.name))) for a, _ in unique.values()
            )
            raise AnalysisException(
                errorClass="AMBIGUOUS_REFERENCE",
                messageParameters={"name": quote_identifier(".".join(parts)), "referenceNames": names},
            )
        attr, rest = next(iter(unique.values()))
        spelled = parts[len(parts) - len(rest) - 1]
        result: Expression = attr if attr.name == spelled else replace(attr, spelled=spelled)
        for field_name in rest:
            result = extract_field(result, field_name)
        return result

    def unresolved(self, name: str) -> AnalysisException:
        proposal = suggest(name, [a.name for a in self.attrs])
        if proposal:
            return AnalysisException(
                errorClass="UNRESOLVED_COLUMN.WITH_SUGGESTION",
                messageParameters={
                    "objectName": quote_identifier(name),
                    "proposal": ", ".join(quote_identifier(p) for p in proposal),
                },
            )
        return AnalysisException(
            errorClass="UNRESOLVED_COLUMN.WITHOUT_SUGGESTION",
            messageParameters={"objectName": quote_identifier(name)},
        )


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def suggest(name: str, candidates: list[str], limit: int = 5) -> list[str]:
    """Spark orders suggestions by edit distance and shows at most five."""
    ordered = sorted(dict.fromkeys(candidates), key=lambda c: _levenshtein(name.lower(), c.lower()))
    return ordered[:limit]


def extract_field(e: Expression, name: str) -> Expression:
    dt = e.data_type
    if isinstance(dt, T.StructType):
        for f in dt.fields:
            if f.name.lower() == name.lower():
                return GetField(e, f.name)
        raise AnalysisException(
            f"[FIELD_NOT_FOUND] No such struct field {quote_identifier(name)} in "
            f"{', '.join(quote_identifier(f.name) for f in dt.fields)}. SQLSTATE: 42704",
            errorClass="FIELD_NOT_FOUND",
            messageParameters={"fieldName": quote_identifier(name)},
        )
    if isinstance(dt, T.MapType):
        return GetItem(e, cast_if_needed(Literal.of(name), dt.keyType))
    raise AnalysisException(
        f"[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from {e.sql()}. "
        f"Need a complex type [STRUCT, ARRAY, MAP] but got {type_sql(dt)}. SQLSTATE: 42000",
        errorClass="INVALID_EXTRACT_BASE_FIELD_TYPE",
    )


def resolve(e: Expression, scope: Scope) -> Expression:
    """Resolve ``e`` bottom-up against ``scope``."""
    return _resolve(e, scope)


def resolve_top_level(e: Expression, scope: Scope) -> Expression:
    """Resolve a select-list expression, named as the user spelled it (as Spark does):
    ``select("ID")`` over a column ``id`` is named ``ID``, and a nested field reached
    by a name path (``col("s.x")``) is named by its last part, ``x``."""
    resolved = _resolve(e, scope)
    if not isinstance(e, UnresolvedAttribute):
        return resolved
    spelled = e.name_parts[-1]
    if isinstance(resolved, AttributeReference):
        return resolved if resolved.name == spelled else Alias(replace(resolved, spelled=None), spelled)
    return Alias(resolved, spelled) if len(e.name_parts) > 1 else resolved


@singledispatch
def _resolve(e: Expression, scope: Scope) -> Expression:
    if not e.children:
        return e
    return e.map_children(lambda c: _resolve(c, scope))


@_resolve.register
def _(e: UnresolvedAttribute, scope: Scope) -> Expression:
    return scope.lookup(e.name_parts)


@_resolve.register
def _(e: AttributeReference, scope: Scope) -> Expression:
    for a in scope.attrs:
        if a.expr_id == e.expr_id:
            return a
    # a reference taken from another DataFrame (df["a"]) whose id is not an input here:
    # Spark resolves it by name when unambiguous
    try:
        return scope.lookup((e.name,))
    except AnalysisException:
        raise AnalysisException(
            f"[MISSING_ATTRIBUTES.RESOLVED_ATTRIBUTE_APPEAR_IN_OPERATION] Resolved attribute(s) "
            f"{e.debug()} missing from {', '.join(a.debug() for a in scope.attrs)} in operator. "
            "SQLSTATE: XX000",
            errorClass="MISSING_ATTRIBUTES.RESOLVED_ATTRIBUTE_APPEAR_IN_OPERATION",
        ) from None


@_resolve.register
def _(e: UnresolvedStar, scope: Scope) -> Expression:
    raise AnalysisException(
        "[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '*' in expression. SQLSTATE: 42000",
        errorClass="INVALID_USAGE_OF_STAR_OR_REGEX",
    )


@_resolve.register
def _(e: UnresolvedOrdinal, scope: Scope) -> Expression:
    if not 1 <= e.position <= len(scope.attrs):
        raise AnalysisException(
            errorClass="ORDER_BY_POS_OUT_OF_RANGE",
            messageParameters={"index": str(e.position), "size": str(len(scope.attrs))},
        )
    return scope.attrs[e.position - 1]


@_resolve.register
def _(e: UnresolvedGroupingAlias, scope: Scope) -> Expression:
    try:
        return scope.lookup((e.name,))
    except AnalysisException as error:
        if not (error.getCondition() or "").startswith("UNRESOLVED_COLUMN"):
            raise
    return _resolve(e.aliased, scope)


@_resolve.register
def _(e: Alias, scope: Scope) -> Expression:
    return Alias(_resolve(e.child, scope), e.name, e.expr_id, e.metadata)


@_resolve.register
def _(e: MultiAlias, scope: Scope) -> Expression:
    return MultiAlias(_resolve(e.child, scope), e.names)


@_resolve.register
def _(e: BinaryOperator, scope: Scope) -> Expression:
    return coerce_binary(BinaryOperator(e.op, _resolve(e.left, scope), _resolve(e.right, scope)))


@_resolve.register
def _(e: Not, scope: Scope) -> Expression:
    child = _resolve(e.child, scope)
    _require(child, (T.BooleanType, T.NullType), "BOOLEAN", e, 1)
    return Not(cast_if_needed(child, T.BooleanType()))


@_resolve.register
def _(e: Negate, scope: Scope) -> Expression:
    child = _resolve(e.child, scope)
    if isinstance(child.data_type, T.StringType):
        child = Cast(child, T.DoubleType(), implicit=True)
    _require(child, (T.NumericType, T.NullType, T.DayTimeIntervalType), "NUMERIC", e, 1)
    return Negate(child)


@_resolve.register
def _(e: BitwiseNot, scope: Scope) -> Expression:
    child = _resolve(e.child, scope)
    _require(child, (T.IntegralType,), "INTEGRAL", e, 1)
    return BitwiseNot(child)


@_resolve.register
def _(e: Cast, scope: Scope) -> Expression:
    return Cast(_resolve(e.child, scope), e.to, e.try_, e.implicit)


@_resolve.register
def _(e: IsNull, scope: Scope) -> Expression:
    return IsNull(_resolve(e.child, scope), e.negated)


@_resolve.register
def _(e: In, scope: Scope) -> Expression:
    child = _resolve(e.child, scope)
    values = [_resolve(v, scope) for v in e.values]
    target = common_type([child.data_type, *(v.data_type for v in values)])
    if target is None:
        raise AnalysisException(
            errorClass="DATATYPE_MISMATCH.DATA_DIFF_TYPES",
            messageParameters={
                "sqlExpr": f'"{e.sql()}"',
                "functionName": "`in`",
                "dataType": "[" + ", ".join(type_sql(x.data_type) for x in (child, *values)) + "]",
            },
        )
    return In(cast_if_needed(child, target), tuple(cast_if_needed(v, target) for v in values))


@_resolve.register
def _(e: CaseWhen, scope: Scope) -> Expression:
    branches = [(_resolve(c, scope), _resolve(v, scope)) for c, v in e.branches]
    otherwise = _resolve(e.otherwise, scope) if e.otherwise is not None else None
    values = [v for _, v in branches] + ([otherwise] if otherwise is not None else [])
    target = common_type([v.data_type for v in values])
    if target is None:
        raise AnalysisException(
            errorClass="DATATYPE_MISMATCH.DATA_DIFF_TYPES",
            messageParameters={
                "sqlExpr": f'"{e.sql()}"',
                "functionName": "`casewhen`",
                "dataType": "[" + ", ".join(type_sql(v.data_type) for v in values) + "]",
            },
        )
    for c, _ in branches:
        _require(c, (T.BooleanType, T.NullType), "BOOLEAN", e, 1)
    return CaseWhen(
        tuple((cast_if_needed(c, T.BooleanType()), cast_if_needed(v, target)) for c, v in branches),
        cast_if_needed(otherwise, target) if otherwise is not None else None,
    )


@_resolve.register
def _(e: GetItem, scope: Scope) -> Expression:
    child = _resolve(e.child, scope)
    key = _resolve(e.key, scope)
    dt = child.data_type
    if isinstance(dt, T.StructType) and isinstance(key, Literal) and isinstance(key.value, str):
        return extract_field(child, key.value)
    if isinstance(dt, T.ArrayType):
        if not is_integral(key.data_type):
            raise AnalysisException(
                f"[INVALID_EXTRACT_FIELD_TYPE] Field name should be a non-null string literal, "
                f"but it's {key.sql()}. SQLSTATE: 42000"
            )
        return GetItem(child, cast_if_needed(key, T.IntegerType()))
    if isinstance(dt, T.MapType):
        return GetItem(child, cast_if_needed(key, dt.keyType))
    return extract_field(child, str(getattr(key, "value", key.sql())))


@_resolve.register
def _(e: GetField, scope: Scope) -> Expression:
    return extract_field(_resolve(e.child, scope), e.field_name)


@_resolve.register
def _(e: SortOrder, scope: Scope) -> Expression:
    return SortOrder(_resolve(e.child, scope), e.ascending, e.nulls_first)


@_resolve.register
def _(e: UnresolvedFunction, scope: Scope) -> Expression:
    spec = registry.lookup(e.name)
    args: list[Expression] = []
    if any(isinstance(a, LambdaFunction) for a in e.args):
        # a lambda's parameters are typed by the other arguments: resolved by its function
        args = bind_lambdas(spec, e.args, lambda x: _resolve(x, scope))
        registry.check_arity(spec, len(e.args))
        return Call(spec, tuple(coerce_args(spec, args, e)), e.is_distinct, e.ignore_nulls)
    for a in e.args:
        if isinstance(a, UnresolvedStar) and spec.name == "count":
            args.append(Literal.of(1))  # count(*) is count(1), as Spark rewrites it
        else:
            args.append(_resolve(a, scope))
    registry.check_arity(spec, len(args))
    return Call(spec, tuple(coerce_args(spec, args, e)), e.is_distinct, e.ignore_nulls)


@_resolve.register
def _(e: Call, scope: Scope) -> Expression:
    args = [_resolve(a, scope) for a in e.args]
    return Call(e.spec, tuple(coerce_args(e.spec, args, e)), e.is_distinct, e.ignore_nulls)


def coerce_args(spec: registry.FunctionSpec, args: list[Expression], e: Expression) -> list[Expression]:
    out: list[Expression] = []
    for i, a in enumerate(args):
        kind = spec.arg_kind(i)
        t = a.data_type
        if kind == "string":
            if isinstance(t, (T.StringType, T.BinaryType)) and not (
                spec.name == "concat" and isinstance(t, T.BinaryType)
            ):
                out.append(a)
            elif isinstance(t, (T.ArrayType, T.MapType, T.StructType)):
                raise _unexpected_input(spec, e, a, i, '"STRING"')
            else:
                out.append(cast_if_needed(a, T.StringType()))
        elif kind == "numeric":
            if isinstance(t, T.StringType):
                out.append(Cast(a, T.DoubleType(), implicit=True))
            elif is_numeric(t) or isinstance(t, T.NullType):
                out.append(a if not isinstance(t, T.NullType) else cast_if_needed(a, T.DoubleType()))
            else:
                raise _unexpected_input(spec, e, a, i, '"NUMERIC"')
        elif kind == "integral":
            if is_integral(t):
                out.append(cast_if_needed(a, T.IntegerType()) if not isinstance(t, T.LongType) else a)
            elif isinstance(t, (T.NullType, T.StringType)):
                out.append(cast_if_needed(a, T.IntegerType()))
            else:
                raise _unexpected_input(spec, e, a, i, '"INT"')
        elif kind == "boolean":
            out.append(cast_if_needed(a, T.BooleanType()))
        elif kind in _CAST_KINDS:
            out.append(_cast_arg(spec, e, a, i, kind))
        else:
            out.append(a)
    if spec.name == "coalesce":
        target = common_type([a.data_type for a in out])
        if target is not None:
            out = [cast_if_needed(a, target) for a in out]
    common = [i for i in range(len(out)) if spec.arg_kind(i) == "common"]
    if common:
        # arguments of kind "common" are cast to their tightest common type (greatest, nvl, ...)
        target = common_type([out[i].data_type for i in common])
        if target is None:
            raise AnalysisException(
                errorClass="DATATYPE_MISMATCH.DATA_DIFF_TYPES",
                messageParameters={
                    "sqlExpr": f'"{e.sql()}"',
                    "functionName": f"`{spec.name}`",
                    "dataType": "[" + ", ".join(type_sql(out[i].data_type) for i in common) + "]",
                },
            )
        for i in common:
            out[i] = cast_if_needed(out[i], target)
    return out


_CAST_KINDS: dict[str, tuple[T.DataType, tuple[type, ...], str]] = {
    # kind: (target, the input types Spark casts implicitly, the required type it names)
    "date": (T.DateType(), (T.StringType, T.TimestampType, T.TimestampNTZType, T.NullType), '"DATE"'),
    "timestamp": (T.TimestampType(), (T.StringType, T.DateType, T.TimestampNTZType, T.NullType),
                  '"TIMESTAMP"'),
    "long": (T.LongType(), (T.IntegralType, T.StringType, T.NullType), '"BIGINT"'),
    "double": (T.DoubleType(), (T.NumericType, T.StringType, T.NullType), '"DOUBLE"'),
}


def _cast_arg(spec: registry.FunctionSpec, e: Expression, a: Expression, i: int, kind: str) -> Expression:
    target, accepted, required = _CAST_KINDS[kind]
    if a.data_type == target:
        return a
    if not isinstance(a.data_type, accepted):
        raise _unexpected_input(spec, e, a, i, required)
    return cast_if_needed(a, target)


def _unexpected_input(
    spec: registry.FunctionSpec, e: Expression, a: Expression, i: int, required: str
) -> AnalysisException:
    return registry.unexpected_input_type(f'"{e.sql()}"', i, required, f'"{a.sql()}"', a.data_type)


def _require(
    child: Expression, classes: tuple[type, ...], required: str, e: Expression, index: int
) -> None:
    if not isinstance(child.data_type, classes):
        raise registry.unexpected_input_type(
            f'"{e.sql()}"', index - 1, f'"{required}"', f'"{child.sql()}"', child.data_type
        )
