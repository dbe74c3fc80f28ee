"""Implicit type coercion (Spark 4, ANSI mode): operand widening and argument casts.

Resolved expressions are made type-exact here, so compute never guesses: a
binary arithmetic node always sees two operands of the same type, a string
function always sees strings.
"""

from __future__ import annotations

from rillet.errors import AnalysisException
from rillet.plan import types as T
from rillet.plan.expressions.core import (
    ARITHMETIC_OPS,
    BITWISE_OPS,
    COMPARISON_OPS,
    LOGICAL_OPS,
    BinaryOperator,
    Cast,
    Expression,
    Literal,
)

_NUMERIC_ORDER = [T.ByteType, T.ShortType, T.IntegerType, T.LongType, T.FloatType, T.DoubleType]
_INTEGRAL_DECIMAL = {
    T.ByteType: (3, 0),
    T.ShortType: (5, 0),
    T.IntegerType: (10, 0),
    T.LongType: (20, 0),
}


def type_sql(t: T.DataType) -> str:
    return f'"{t.simpleString().upper()}"'


def is_numeric(t: T.DataType) -> bool:
    return isinstance(t, (*_NUMERIC_ORDER, T.DecimalType))


def is_integral(t: T.DataType) -> bool:
    return isinstance(t, (T.ByteType, T.ShortType, T.IntegerType, T.LongType))


def _rank(t: T.DataType) -> int:
    for i, cls in enumerate(_NUMERIC_ORDER):
        if isinstance(t, cls):
            return i
    return -1


def _decimal_of(t: T.DataType) -> T.DecimalType:
    if isinstance(t, T.DecimalType):
        return t
    p, s = _INTEGRAL_DECIMAL[type(t)]
    return T.DecimalType(p, s)


def _wider_decimal(a: T.DecimalType, b: T.DecimalType) -> T.DecimalType:
    scale = max(a.scale, b.scale)
    rng = max(a.precision - a.scale, b.precision - b.scale)
    return T.DecimalType(min(38, rng + scale), min(scale, 38))


def wider_type(a: T.DataType, b: T.DataType) -> T.DataType | None:
    """The tightest common type of two types, or None when they have none."""
    if a == b:
        return a
    if isinstance(a, T.NullType):
        return b
    if isinstance(b, T.NullType):
        return a
    if is_numeric(a) and is_numeric(b):
        if isinstance(a, T.DecimalType) or isinstance(b, T.DecimalType):
            if isinstance(a, (T.FloatType, T.DoubleType)) or isinstance(b, (T.FloatType, T.DoubleType)):
                return T.DoubleType()
            return _wider_decimal(_decimal_of(a), _decimal_of(b))
        return a if _rank(a) >= _rank(b) else b
    if isinstance(a, T.StringType) and isinstance(b, T.StringType):
        return a
    if {type(a), type(b)} == {T.DateType, T.TimestampType}:
        return T.TimestampType()
    if {type(a), type(b)} == {T.TimestampNTZType, T.TimestampType}:
        return T.TimestampType()
    if isinstance(a, T.ArrayType) and isinstance(b, T.ArrayType):
        elem = wider_type(a.elementType, b.elementType)
        return None if elem is None else T.ArrayType(elem, a.containsNull or b.containsNull)
    if isinstance(a, T.StructType) and isinstance(b, T.StructType) and len(a) == len(b):
        fields = []
        for fa, fb in zip(a.fields, b.fields):
            w = wider_type(fa.dataType, fb.dataType)
            if w is None or fa.name.lower() != fb.name.lower():
                return None
            fields.append(T.StructField(fa.name, w, fa.nullable or fb.nullable))
        return T.StructType(fields)
    return None


def common_type(types: list[T.DataType], *, allow_string_promotion: bool = True) -> T.DataType | None:
    """Common type for CASE/COALESCE/IN/UNION operands; strings absorb atomics as Spark does."""
    result: T.DataType = T.NullType()
    for t in types:
        w = wider_type(result, t)
        if w is None and allow_string_promotion:
            if isinstance(result, T.StringType) and _atomic(t):
                w = result
            elif isinstance(t, T.StringType) and _atomic(result):
                w = t
        if w is None:
            return None
        result = w
    return result


def _atomic(t: T.DataType) -> bool:
    return not isinstance(t, (T.ArrayType, T.MapType, T.StructType))


def cast_if_needed(e: Expression, to: T.DataType) -> Expression:
    if e.data_type == to:
        return e
    if isinstance(e, Literal) and e.value is None:
        return Literal(None, to)
    return Cast(e, to, implicit=True)


def coerce_binary(op: BinaryOperator) -> BinaryOperator:
    """Insert the casts Spark's type coercion would for ``left op right``."""
    lt, rt = op.left.data_type, op.right.data_type
    if op.op in LOGICAL_OPS:
        for t in (lt, rt):
            if not isinstance(t, (T.BooleanType, T.NullType)):
                raise _binary_mismatch(op, lt, rt)
        return BinaryOperator(op.op, cast_if_needed(op.left, T.BooleanType()),
                              cast_if_needed(op.right, T.BooleanType()))
    if op.op in ARITHMETIC_OPS or op.op in BITWISE_OPS:
        # Spark 4 (ANSI): a string operand of arithmetic is read as a number
        if isinstance(lt, T.StringType) and (is_numeric(rt) or isinstance(rt, T.StringType)):
            lt = T.DoubleType() if not is_integral(rt) else T.LongType()
        if isinstance(rt, T.StringType) and is_numeric(lt):
            rt = T.DoubleType() if not is_integral(lt) else T.LongType()
        if not (is_numeric(lt) or isinstance(lt, T.NullType)) or not (
            is_numeric(rt) or isinstance(rt, T.NullType)
        ):
            raise _binary_mismatch(op, op.left.data_type, op.right.data_type)
        if op.op == "divide":
            if isinstance(lt, T.DecimalType) or isinstance(rt, T.DecimalType):
                if not isinstance(lt, (T.FloatType, T.DoubleType)) and not isinstance(
                    rt, (T.FloatType, T.DoubleType)
                ):
                    target = _decimal_divide(lt, rt)
                    return BinaryOperator(op.op, cast_if_needed(op.left, target),
                                          cast_if_needed(op.right, target))
            target = T.DoubleType()
        elif op.op == "div":
            target = T.LongType()
        else:
            w = wider_type(lt, rt)
            target = w if w is not None and not isinstance(w, T.NullType) else T.IntegerType()
            if op.op in BITWISE_OPS and not is_integral(target):
                raise _binary_mismatch(op, lt, rt)
        return BinaryOperator(op.op, cast_if_needed(op.left, target), cast_if_needed(op.right, target))
    if op.op in COMPARISON_OPS:
        target = comparison_type(lt, rt)
        if target is None:
            raise _binary_mismatch(op, lt, rt)
        return BinaryOperator(op.op, cast_if_needed(op.left, target), cast_if_needed(op.right, target))
    return op


def _decimal_divide(lt: T.DataType, rt: T.DataType) -> T.DecimalType:
    return _wider_decimal(_decimal_of(lt) if not isinstance(lt, T.NullType) else T.DecimalType(10, 0),
                          _decimal_of(rt) if not isinstance(rt, T.NullType) else T.DecimalType(10, 0))


def comparison_type(lt: T.DataType, rt: T.DataType) -> T.DataType | None:
    w = wider_type(lt, rt)
    if w is not None:
        return w
    # string vs. number/date/timestamp: the string is read as the other type
    if isinstance(lt, T.StringType) and _atomic(rt):
        return rt if not isinstance(rt, T.BooleanType) else T.BooleanType()
    if isinstance(rt, T.StringType) and _atomic(lt):
        return lt
    return None


def _binary_mismatch(op: BinaryOperator, lt: T.DataType, rt: T.DataType) -> AnalysisException:
    return AnalysisException(
        errorClass="DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES",
        messageParameters={
            "sqlExpr": f'"{op.sql()}"',
            "left": type_sql(lt),
            "right": type_sql(rt),
        },
    )
