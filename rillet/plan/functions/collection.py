"""Collection functions: arrays, maps and structs."""

from __future__ import annotations

from collections.abc import Sequence

from rillet.plan import types as T
from rillet.plan.expressions.core import Alias, AttributeReference, Expression, GetField, Literal
from rillet.plan.functions.higher_order import HigherOrderSpec
from rillet.plan.registry import (
    BOOLEAN,
    INT,
    LONG,
    STRING,
    FunctionSpec,
    declare,
    element_type,
    fixed,
    same_as_first,
)


def _array_of_args(types: list[T.DataType], args: Sequence[Expression]) -> T.DataType:
    elem = types[0] if types else T.NullType()
    return T.ArrayType(elem, any(a.nullable for a in args) or not args)


def _element_or_value(types: list[T.DataType], _: Sequence[Expression]) -> T.DataType:
    t = types[0]
    if isinstance(t, T.MapType):
        return t.valueType
    return element_type(types, _)


def _flatten_type(types: list[T.DataType], _: Sequence[Expression]) -> T.DataType:
    t = types[0]
    if isinstance(t, T.ArrayType) and isinstance(t.elementType, T.ArrayType):
        return t.elementType
    return t


class _FlattenSpec(FunctionSpec):
    """``flatten`` is NULL where the outer array is, or where one of its arrays is."""

    def nullable(self, args: Sequence[Expression]) -> bool:
        t = args[0].data_type
        return args[0].nullable or (isinstance(t, T.ArrayType) and t.containsNull)


def field_name(e: Expression, i: int) -> str:
    """The struct field name Spark gives an argument of ``struct(...)``."""
    while isinstance(e, Alias) or isinstance(e, AttributeReference) or isinstance(e, GetField):
        if isinstance(e, Alias):
            return e.name
        if isinstance(e, AttributeReference):
            return e.name
        return e.field_name
    return f"col{i + 1}"


def _struct_type(types: list[T.DataType], args: Sequence[Expression]) -> T.DataType:
    return T.StructType([T.StructField(field_name(a, i), t, a.nullable)
                         for i, (a, t) in enumerate(zip(args, types))])


def _named_struct_type(types: list[T.DataType], args: Sequence[Expression]) -> T.DataType:
    fields = []
    for i in range(0, len(args) - 1, 2):
        name = args[i]
        fields.append(T.StructField(str(name.value) if isinstance(name, Literal) else f"col{i}",
                                    types[i + 1], args[i + 1].nullable))
    return T.StructType(fields)


def _zip_type(types: list[T.DataType], args: Sequence[Expression]) -> T.DataType:
    fields = [T.StructField(field_name(a, i) if not isinstance(a, Literal) else str(i),
                            t.elementType if isinstance(t, T.ArrayType) else t, True)
              for i, (a, t) in enumerate(zip(args, types))]
    return T.ArrayType(T.StructType(fields), False)


def _map_type(types: list[T.DataType], args: Sequence[Expression]) -> T.DataType:
    if not types:
        return T.MapType(T.NullType(), T.NullType(), False)
    return T.MapType(types[0], types[1], any(a.nullable for a in args[1::2]))


def _map_from_arrays_type(types: list[T.DataType], _: Sequence[Expression]) -> T.DataType:
    k, v = types
    return T.MapType(k.elementType if isinstance(k, T.ArrayType) else k,
                     v.elementType if isinstance(v, T.ArrayType) else v,
                     v.containsNull if isinstance(v, T.ArrayType) else True)


def _map_part(part: str):  # type: ignore[no-untyped-def]
    def rule(types: list[T.DataType], _: Sequence[Expression]) -> T.DataType:
        t = types[0]
        if not isinstance(t, T.MapType):
            return t
        if part == "key":
            return T.ArrayType(t.keyType, True)  # Spark 4 declares map_keys' elements nullable
        if part == "value":
            return T.ArrayType(t.valueType, t.valueContainsNull)
        return T.ArrayType(T.StructType([T.StructField("key", t.keyType, False),
                                         T.StructField("value", t.valueType, t.valueContainsNull)]),
                           False)

    return rule


def _render_map(call, r):  # type: ignore[no-untyped-def]
    return f"map({', '.join(r(a) for a in call.args)})"


_ARRAY_SORT_NAME = (
    "lambdafunction((IF(((namedlambdavariable() IS NULL) AND (namedlambdavariable() IS NULL)), 0, "
    "(IF((namedlambdavariable() IS NULL), 1, (IF((namedlambdavariable() IS NULL), -1, "
    "(IF((namedlambdavariable() < namedlambdavariable()), -1, (IF((namedlambdavariable() > "
    "namedlambdavariable()), 1, 0)))))))))), namedlambdavariable(), namedlambdavariable())"
)


def _render_array_sort(call, r):  # type: ignore[no-untyped-def]
    if len(call.args) > 1:  # a comparator of the user's
        return f"array_sort({r(call.args[0])}, {r(call.args[1])})"
    return f"array_sort({r(call.args[0])}, {_ARRAY_SORT_NAME})"


declare(FunctionSpec("array", "scalar", _array_of_args, 0, None, arg_kinds=("common",),
                     never_nullable=True, null_intolerant=False))
declare(FunctionSpec("array_contains", "scalar", fixed(BOOLEAN), 2, 2))
declare(FunctionSpec("element_at", "scalar", _element_or_value, 2, 2, always_nullable=True))
declare(FunctionSpec("try_element_at", "scalar", _element_or_value, 2, 2, always_nullable=True))
declare(FunctionSpec("size", "scalar", fixed(INT), arg_kinds=("any",)))
declare(FunctionSpec("cardinality", "scalar", fixed(INT), arg_kinds=("any",)))
declare(FunctionSpec("sort_array", "scalar", same_as_first, 1, 2, arg_kinds=("array", "boolean")))
declare(HigherOrderSpec("array_sort", "scalar", same_as_first, 1, 2, renderer=_render_array_sort))
declare(FunctionSpec("array_distinct", "scalar", same_as_first, arg_kinds=("array",)))
for _name in ("array_union", "array_intersect", "array_except"):
    declare(FunctionSpec(_name, "scalar", same_as_first, 2, 2, arg_kinds=("common",)))
declare(FunctionSpec("array_join", "scalar", fixed(STRING), 2, 3, arg_kinds=("array", "string")))
declare(FunctionSpec("array_max", "scalar", element_type, arg_kinds=("array",), always_nullable=True))
declare(FunctionSpec("array_min", "scalar", element_type, arg_kinds=("array",), always_nullable=True))
declare(FunctionSpec("array_position", "scalar", fixed(LONG), 2, 2))
declare(FunctionSpec("array_remove", "scalar", same_as_first, 2, 2))
declare(FunctionSpec("slice", "scalar", same_as_first, 3, 3, arg_kinds=("array", "integral")))
declare(_FlattenSpec("flatten", "scalar", _flatten_type, arg_kinds=("array",)))
declare(FunctionSpec("arrays_zip", "scalar", _zip_type, 1, None))
declare(FunctionSpec("map", "scalar", _map_type, 0, None, never_nullable=True, renderer=_render_map,
                     null_intolerant=False))
declare(FunctionSpec("map_keys", "scalar", _map_part("key")))
declare(FunctionSpec("map_values", "scalar", _map_part("value")))
declare(FunctionSpec("map_entries", "scalar", _map_part("entry")))
declare(FunctionSpec("map_from_arrays", "scalar", _map_from_arrays_type, 2, 2))
declare(FunctionSpec("struct", "scalar", _struct_type, 1, None, never_nullable=True,
                     null_intolerant=False))
declare(FunctionSpec("named_struct", "scalar", _named_struct_type, 2, None, never_nullable=True,
                     null_intolerant=False))


# --- building arrays from arrays ------------------------------------------------------------


def _with_element(array_arg: int, value_arg: int):  # type: ignore[no-untyped-def]
    """An array of the wider of the array's element type and the value's (Spark widens both)."""
    def rule(types: list[T.DataType], _: Sequence[Expression]) -> T.DataType:
        from rillet.plan.analyzer.coercion import common_type

        arr, value = types[array_arg], types[value_arg]
        elem = arr.elementType if isinstance(arr, T.ArrayType) else T.NullType()
        return T.ArrayType(common_type([elem, value]) or elem, True)

    return rule


def _compact_type(types: list[T.DataType], _: Sequence[Expression]) -> T.DataType:
    t = types[0]
    return T.ArrayType(t.elementType, False) if isinstance(t, T.ArrayType) else t


def _repeat_type(types: list[T.DataType], args: Sequence[Expression]) -> T.DataType:
    return T.ArrayType(types[0], args[0].nullable)


class _RepeatSpec(FunctionSpec):
    """``array_repeat`` is NULL only where its count is."""

    def nullable(self, args: Sequence[Expression]) -> bool:
        return args[1].nullable


declare(FunctionSpec("array_append", "scalar", _with_element(0, 1), 2, 2, null_intolerant=False))
declare(FunctionSpec("array_prepend", "scalar", _with_element(0, 1), 2, 2, null_intolerant=False))
declare(FunctionSpec("array_insert", "scalar", _with_element(0, 2), 3, 3, arg_kinds=("array", "integral", "any"),
                     null_intolerant=False))
declare(FunctionSpec("array_compact", "scalar", _compact_type, arg_kinds=("array",)))
declare(_RepeatSpec("array_repeat", "scalar", _repeat_type, 2, 2, arg_kinds=("any", "integral"),
                    null_intolerant=False))
declare(FunctionSpec("array_size", "scalar", fixed(INT), arg_kinds=("array",)))
class _OverlapSpec(FunctionSpec):
    """``arrays_overlap`` is NULL where an array is, or (three-valued) where one may hold a NULL."""

    def nullable(self, args: Sequence[Expression]) -> bool:
        return any(a.nullable or (isinstance(a.data_type, T.ArrayType) and a.data_type.containsNull)
                   for a in args)


declare(_OverlapSpec("arrays_overlap", "scalar", fixed(BOOLEAN), 2, 2, arg_kinds=("common",)))
