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
from rillet.plan.type_rules import (
    arithmetic_result_type,
    decimal_for_integral,
    decimal_for_literal,
    is_integral,
    is_numeric,
    is_string,
    widen,
)


def type_sql(t: T.DataType) -> str:
    return f'"{t.simpleString().upper()}"'


def wider_type(a: T.DataType, b: T.DataType) -> T.DataType | None:
    """The tightest common type of two non-string types (Spark 4's ANSI widening), or None.

    String pairs are left to the callers: comparisons read a string as the other
    operand's type, CASE/COALESCE/UNION promote to string (``common_type``)."""
    if isinstance(a, T.StringType) and isinstance(b, T.StringType):
        return a
    if is_string(a) != is_string(b) and not isinstance(a, T.NullType) and not isinstance(b, T.NullType):
        return None
    return widen(a, b)


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
    if op.op in ("add", "subtract") and _datetime_arithmetic(lt, rt):
        left, right = op.left, op.right
        if isinstance(lt, T.DateType) and isinstance(rt, T.DayTimeIntervalType):
            left = cast_if_needed(left, T.TimestampType())  # date + interval is a timestamp
        elif isinstance(lt, T.DateType):
            right = cast_if_needed(right, T.IntegerType())  # date + n days (date_add)
        return BinaryOperator(op.op, left, right)
    if op.op in ARITHMETIC_OPS or op.op in BITWISE_OPS:
        # Spark 4 (ANSI): a string operand of arithmetic is read as a number
        if isinstance(lt, T.StringType) and (is_numeric(rt) or isinstance(rt, T.StringType)):
            lt = (widen(lt, rt) or lt) if is_numeric(rt) else T.DoubleType()
        if isinstance(rt, T.StringType) and is_numeric(lt):
            rt = widen(lt, rt) or rt
        if not (is_numeric(lt) or isinstance(lt, T.NullType)) or not (
            is_numeric(rt) or isinstance(rt, T.NullType)
        ):
            raise _binary_mismatch(op, op.left.data_type, op.right.data_type)
        decimal = _decimal_arithmetic(op, lt, rt)
        if decimal is not None:
            return decimal
        target: T.DataType
        if op.op == "divide":
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
        common = comparison_type(lt, rt)
        if common is None:
            raise _binary_mismatch(op, lt, rt)
        return BinaryOperator(op.op, cast_if_needed(op.left, common), cast_if_needed(op.right, common))
    return op


TRY_OPERATORS = {"try_add": "add", "try_subtract": "subtract", "try_multiply": "multiply",
                 "try_divide": "divide"}


def try_operator(name: str, left: Expression, right: Expression) -> BinaryOperator:
    """The coerced operator behind ``try_add``/``try_subtract``/``try_multiply``/``try_divide``
    (Spark rewrites them to the operator in TRY mode, so they share its result types)."""
    return coerce_binary(BinaryOperator(TRY_OPERATORS[name], left, right))


def _datetime_arithmetic(lt: T.DataType, rt: T.DataType) -> bool:
    """``timestamp/date +- day-time interval`` and ``date +- integral`` (Spark's date_add)."""
    if isinstance(lt, (T.TimestampType, T.TimestampNTZType, T.DateType)) and isinstance(
        rt, T.DayTimeIntervalType
    ):
        return True
    return isinstance(lt, T.DateType) and is_integral(rt)


_DECIMAL_SYMBOLS = {"add": "+", "subtract": "-", "multiply": "*", "divide": "/", "remainder": "%"}


def _decimal_operand(e: Expression, t: T.DataType, other: T.DataType) -> T.DecimalType:
    """An operand of decimal arithmetic as Spark sees it: an integral literal is narrowed
    to its digits (``100`` is decimal(3,0)), an integral column widened (int is
    decimal(10,0)); null takes the other side's decimal type."""
    if isinstance(t, T.NullType):
        return decimal_for_integral(other) if is_integral(other) else other  # type: ignore[return-value]
    if isinstance(e, Literal) and is_integral(t) and isinstance(e.value, int):
        return decimal_for_literal(e.value)
    return decimal_for_integral(t)


def _decimal_arithmetic(op: BinaryOperator, lt: T.DataType, rt: T.DataType) -> BinaryOperator | None:
    """``+ - * / %`` with a decimal operand (and no float/double one): each side becomes
    its decimal type and the node carries Spark's result type (precision loss allowed)."""
    if op.op not in _DECIMAL_SYMBOLS or not (isinstance(lt, T.DecimalType) or isinstance(rt, T.DecimalType)):
        return None
    if not all(is_integral(t) or isinstance(t, (T.DecimalType, T.NullType)) for t in (lt, rt)):
        return None
    dl, dr = _decimal_operand(op.left, lt, rt), _decimal_operand(op.right, rt, lt)
    result = arithmetic_result_type(_DECIMAL_SYMBOLS[op.op], dl, dr)
    if not isinstance(result, T.DecimalType):
        return None
    if op.op == "divide" and isinstance(lt, T.NullType):
        result = T.DoubleType()  # Spark 4 quirk: null / decimal is double
    return BinaryOperator(op.op, cast_if_needed(op.left, dl), cast_if_needed(op.right, dr), result)


def comparison_type(lt: T.DataType, rt: T.DataType) -> T.DataType | None:
    """Both sides of a comparison are cast to Spark's wider type; a string compared with a
    number, date or timestamp is read as that type (ANSI: integral -> bigint)."""
    return widen(lt, rt)


def _binary_mismatch(op: BinaryOperator, lt: T.DataType, rt: T.DataType) -> AnalysisException:
    return AnalysisException(
        errorClass="DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES",
        messageParameters={
            "sqlExpr": f'"{op.sql()}"',
            "left": type_sql(lt),
            "right": type_sql(rt),
        },
    )
