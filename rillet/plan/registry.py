"""The one list of supported functions: name -> spec.

Each Spark function is declared once here: its name and aliases, its kind
(scalar, aggregate, generator), how many arguments it takes, what types its
arguments are coerced to, its result-type rule, how Spark names it, and whether it
is allowed in a streaming query. The DataFrame API, the SQL parser and the
analyzer read this table; compute keeps a table of Polars translations keyed by
the same names (a missing translation is a named error, never a fallback).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from rillet.errors import AnalysisException
from rillet.plan import types as T

if TYPE_CHECKING:
    from rillet.plan.expressions.core import Call, Expression

Kind = Literal["scalar", "aggregate", "generator", "window"]  # window: only valid with OVER
# argument coercion classes; see rillet.plan.analyzer.coercion
ArgKind = Literal["any", "string", "numeric", "integral", "boolean", "array", "timestamp", "date",
                  "long", "double", "common"]

ResultRule = Callable[[list[T.DataType], Sequence["Expression"]], T.DataType]
Renderer = Callable[["Call", Callable[["Expression"], str]], str]


def _default_render(call: Call, r: Callable[[Expression], str]) -> str:
    distinct = "DISTINCT " if call.is_distinct else ""
    return f"{call.spec.name}({distinct}{', '.join(r(a) for a in call.args)})"


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    kind: Kind
    result: ResultRule
    min_args: int = 1
    max_args: int | None = 1
    arg_kinds: tuple[ArgKind, ...] = ()  # last entry repeats for varargs
    aliases: tuple[str, ...] = ()
    streaming: bool = True
    deterministic: bool = True
    null_intolerant: bool = True  # a null input gives a null output
    always_nullable: bool = False
    never_nullable: bool = False
    nullable_only_if_all_args: bool = False  # coalesce: null only when every argument is
    renderer: Renderer | None = field(default=None, compare=False)
    # generator output columns: (name, type, nullable) from the argument types
    generator_output: Callable[[list[T.DataType]], list[tuple[str, T.DataType, bool]]] | None = (
        field(default=None, compare=False)
    )

    def result_type(self, arg_types: list[T.DataType], args: Sequence[Expression]) -> T.DataType:
        return self.result(arg_types, args)

    def nullable(self, args: Sequence[Expression]) -> bool:
        if self.never_nullable:
            return False
        if self.always_nullable or self.kind == "aggregate":
            return True
        if self.nullable_only_if_all_args:
            return all(a.nullable for a in args)
        return any(a.nullable for a in args)

    def render(self, call: Call, r: Callable[[Expression], str]) -> str:
        return (self.renderer or _default_render)(call, r)

    def arg_kind(self, i: int) -> ArgKind:
        if not self.arg_kinds:
            return "any"
        return self.arg_kinds[min(i, len(self.arg_kinds) - 1)]


FUNCTIONS: dict[str, FunctionSpec] = {}


def declare(spec: FunctionSpec) -> FunctionSpec:
    for n in (spec.name, *spec.aliases):
        FUNCTIONS[n.lower()] = spec
    return spec


def find(name: str) -> FunctionSpec | None:
    """The declaration of Spark function ``name`` (any case), or ``None``. The declarations are
    made by the family modules of :mod:`rillet.plan.functions` when they are imported (the
    analyzer and the SQL parser import that package, so every look-up sees them)."""
    return FUNCTIONS.get(name.lower())


def lookup(name: str) -> FunctionSpec:
    """The declaration of Spark function ``name``; ``UNRESOLVED_ROUTINE`` if there is none."""
    spec = find(name)
    if spec is None:
        raise AnalysisException(
            errorClass="UNRESOLVED_ROUTINE",
            messageParameters={
                "routineName": f"`{name}`",
                "searchPath": "[`system`.`builtin`, `system`.`session`]",
            },
        )
    return spec


def check_arity(spec: FunctionSpec, n: int) -> None:
    if n < spec.min_args or (spec.max_args is not None and n > spec.max_args):
        expected = (
            str(spec.min_args)
            if spec.max_args == spec.min_args
            else f"[{spec.min_args}, {spec.max_args if spec.max_args is not None else '...'}]"
        )
        raise AnalysisException(
            f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{spec.name}` requires {expected} "
            f"parameters but the actual number is {n}. SQLSTATE: 42605",
            errorClass="WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
            messageParameters={
                "functionName": f"`{spec.name}`",
                "expectedNum": expected,
                "actualNum": str(n),
            },
        )


# ---------------------------------------------------------------------------
# result-type rules


def same_as_first(types: list[T.DataType], _: Sequence[Expression]) -> T.DataType:
    return types[0]


def fixed(dt: T.DataType) -> ResultRule:
    return lambda _types, _args: dt


def first_non_null(types: list[T.DataType], _: Sequence[Expression]) -> T.DataType:
    for t in types:
        if not isinstance(t, T.NullType):
            return t
    return T.NullType()


def sum_type(types: list[T.DataType], _: Sequence[Expression]) -> T.DataType:
    t = types[0]
    if isinstance(t, T.DecimalType):
        return T.DecimalType(min(38, t.precision + 10), t.scale)
    if isinstance(t, (T.FloatType, T.DoubleType, T.StringType)):
        return T.DoubleType()
    if isinstance(t, (T.ByteType, T.ShortType, T.IntegerType, T.LongType, T.NullType)):
        return T.LongType() if not isinstance(t, T.NullType) else T.DoubleType()
    return t


def avg_type(types: list[T.DataType], _: Sequence[Expression]) -> T.DataType:
    t = types[0]
    if isinstance(t, T.DecimalType):
        return T.DecimalType(min(38, t.precision + 4), min(38, t.scale + 4))
    return T.DoubleType()


def element_type(types: list[T.DataType], _: Sequence[Expression]) -> T.DataType:
    t = types[0]
    if isinstance(t, T.ArrayType):
        return t.elementType
    return t


_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]


def unexpected_input_type(
    sql_expr: str, index: int, required: str, input_sql: str, input_type: T.DataType
) -> AnalysisException:
    """Spark's ``DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE`` for argument ``index`` (0-based)
    of ``sql_expr``; ``sql_expr``, ``required`` and ``input_sql`` are given as Spark quotes them."""
    return AnalysisException(
        errorClass="DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
        messageParameters={
            "sqlExpr": sql_expr,
            "paramIndex": _ORDINALS[index] if index < len(_ORDINALS) else str(index + 1),
            "requiredType": required,
            "inputSql": input_sql,
            "inputType": f'"{input_type.simpleString().upper()}"',
        },
    )


def explode_output(types: list[T.DataType]) -> list[tuple[str, T.DataType, bool]]:
    t = types[0]
    if isinstance(t, T.ArrayType):
        return [("col", t.elementType, t.containsNull)]
    if isinstance(t, T.MapType):
        return [("key", t.keyType, False), ("value", t.valueType, t.valueContainsNull)]
    raise unexpected_input_type('"explode"', 0, '("ARRAY" or "MAP")', "input", t)


def explode_outer_output(types: list[T.DataType]) -> list[tuple[str, T.DataType, bool]]:
    return [(n, t, True) for n, t, _ in explode_output(types)]


def posexplode_output(types: list[T.DataType]) -> list[tuple[str, T.DataType, bool]]:
    return [("pos", T.IntegerType(), False), *explode_output(types)]


# ---------------------------------------------------------------------------
# renderers for Spark's special column names


def render_count(call: Call, r: Callable[[Expression], str]) -> str:
    distinct = "DISTINCT " if call.is_distinct else ""
    return f"count({distinct}{', '.join(r(a) for a in call.args)})"


def render_upper_name(name: str) -> Renderer:
    return lambda call, r: f"{name}({', '.join(r(a) for a in call.args)})"


def render_no_args(call: Call, r: Callable[[Expression], str]) -> str:
    return f"{call.spec.name}()"


STRING = T.StringType()
LONG = T.LongType()
INT = T.IntegerType()
DOUBLE = T.DoubleType()
BOOLEAN = T.BooleanType()
