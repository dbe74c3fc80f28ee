"""Type rules over :mod:`rillet.plan.types`: schema inference from Python values,
merging inferred types, and Spark 4's implicit widening and arithmetic result types.

Re-exported by :mod:`rillet.plan.types`.
"""

from __future__ import annotations

import array
import datetime
import decimal
from collections.abc import Callable, Iterable
from functools import reduce
from typing import Any

from rillet.errors import PySparkTypeError, PySparkValueError
from rillet.plan.types import (
    MAX_DECIMAL_PRECISION,
    AnsiIntervalType,
    ArrayType,
    AtomicType,
    BinaryType,
    BooleanType,
    ByteType,
    CharType,
    DataType,
    DateType,
    DayTimeIntervalType,
    DecimalType,
    DoubleType,
    FloatType,
    FractionalType,
    IntegerType,
    IntegralType,
    LongType,
    MapType,
    NullType,
    NumericType,
    ShortType,
    StringType,
    StructField,
    StructType,
    TimestampNTZType,
    TimestampType,
    VarcharType,
    _error,
)

_MIN_ADJUSTED_SCALE = 6

_PY_TYPES: dict[type, Callable[[], DataType]] = {
    type(None): NullType, bool: BooleanType, int: LongType, float: DoubleType,
    str: StringType, bytes: BinaryType, bytearray: BinaryType, datetime.date: DateType,
    datetime.datetime: TimestampType, datetime.timedelta: DayTimeIntervalType,
}
_ARRAY_TYPECODES: dict[str, Callable[[], DataType]] = {
    "b": ByteType, "h": ShortType, "i": IntegerType, "l": LongType, "q": LongType,
    "B": ShortType, "H": IntegerType, "I": LongType, "f": FloatType, "d": DoubleType,
    "u": StringType,
}


def infer_type(obj: Any, infer_dict_as_struct: bool = False,
               infer_array_from_first_element: bool = False,
               infer_map_from_first_pair: bool = False,
               prefer_timestamp_ntz: bool = False) -> DataType:
    """The Spark type ``createDataFrame`` infers for a Python value (PySpark's rules).

    ``int`` is ``LongType``, ``Decimal`` is ``DecimalType(38,18)``, a list is an
    array of its merged element types, a dict a map, a tuple/Row/namedtuple a struct.
    """
    opts = (infer_dict_as_struct, infer_array_from_first_element, infer_map_from_first_pair,
            prefer_timestamp_ntz)
    if isinstance(obj, decimal.Decimal):
        return DecimalType(38, 18)
    ctor = _PY_TYPES.get(type(obj))
    if ctor is not None:
        if ctor is TimestampType and prefer_timestamp_ntz and obj.tzinfo is None:
            return TimestampNTZType()
        return ctor()
    if isinstance(obj, dict):
        if infer_dict_as_struct:
            struct = StructType()
            for key, value in obj.items():
                if key is not None and value is not None:
                    struct.add(key, infer_type(value, *opts), True)
            return struct
        key_type: DataType = NullType()
        value_type: DataType = NullType()
        for key, value in obj.items():
            if key is not None:
                key_type = merge_types(key_type, infer_type(key, *opts))
            if value is not None:
                value_type = merge_types(value_type, infer_type(value, *opts))
            if infer_map_from_first_pair and key is not None and value is not None:
                break
        return MapType(key_type, value_type, True)
    if isinstance(obj, list):
        if not obj:
            return ArrayType(NullType(), True)
        if infer_array_from_first_element:
            return ArrayType(infer_type(obj[0], *opts), True)
        return ArrayType(reduce(merge_types, (infer_type(v, *opts) for v in obj)), True)
    if isinstance(obj, array.array):
        if obj.typecode in _ARRAY_TYPECODES:
            return ArrayType(_ARRAY_TYPECODES[obj.typecode](), False)
        raise _error(PySparkTypeError, "UNSUPPORTED_DATA_TYPE", data_type=f"array({obj.typecode})")
    if isinstance(obj, (tuple, list)) or hasattr(obj, "__dict__"):
        return infer_schema(obj, None, *opts)
    raise _error(PySparkTypeError, "UNSUPPORTED_DATA_TYPE", data_type=type(obj).__name__)


def infer_schema(row: Any, names: list[str] | None = None, infer_dict_as_struct: bool = False,
                 infer_array_from_first_element: bool = False,
                 infer_map_from_first_pair: bool = False,
                 prefer_timestamp_ntz: bool = False) -> StructType:
    """The schema of one ``createDataFrame`` row: a Row/namedtuple (its field order),
    a dict or object (keys sorted), or a plain tuple/list (fields ``_1``, ``_2``, ...)."""
    items: Iterable[tuple[str, Any]]
    if isinstance(row, dict):
        items = sorted(row.items())
    elif isinstance(row, (tuple, list)):
        if hasattr(row, "__fields__"):
            items = zip(row.__fields__, tuple(row))
        elif hasattr(row, "_fields"):
            items = zip(row._fields, tuple(row))
        else:
            names = list(names or [])
            names.extend(f"_{i}" for i in range(len(names) + 1, len(row) + 1))
            items = zip(names, row)
    elif hasattr(row, "__dict__"):
        items = sorted(row.__dict__.items())
    else:
        raise _error(PySparkTypeError, "CANNOT_INFER_SCHEMA_FOR_TYPE",
                     data_type=type(row).__name__)
    fields = []
    for name, value in items:
        try:
            dt = infer_type(value, infer_dict_as_struct, infer_array_from_first_element,
                            infer_map_from_first_pair, prefer_timestamp_ntz)
        except TypeError:
            raise _error(PySparkTypeError, "CANNOT_INFER_TYPE_FOR_FIELD",
                         field_name=str(name)) from None
        fields.append(StructField(name, dt, True))
    return StructType(fields)


def merge_types(a: DataType, b: DataType, name: str | None = None) -> DataType:
    """Merge the types inferred for two values of one column (PySpark's ``_merge_type``).

    Null yields to anything, timestamp wins over timestamp_ntz, string absorbs any
    atomic type; structs merge by field name, arrays and maps element-wise. Other
    pairs raise ``PySparkTypeError`` ``CANNOT_MERGE_TYPE`` (there is no numeric
    widening here: ``1`` and ``1.5`` in one column is an error, as in PySpark).
    """
    if isinstance(a, NullType):
        return b
    if isinstance(b, NullType):
        return a
    if isinstance(a, TimestampType) and isinstance(b, TimestampNTZType):
        return a
    if isinstance(a, TimestampNTZType) and isinstance(b, TimestampType):
        return b
    if isinstance(a, AtomicType) and isinstance(b, StringType):
        return b
    if isinstance(a, StringType) and isinstance(b, AtomicType):
        return a
    if type(a) is not type(b):
        raise _error(PySparkTypeError, "CANNOT_MERGE_TYPE", data_type1=type(a).__name__,
                     data_type2=type(b).__name__)
    if isinstance(a, StructType) and isinstance(b, StructType):
        other = {f.name: f.dataType for f in b.fields}
        fields = [StructField(f.name, merge_types(f.dataType, other.get(f.name, NullType()),
                                                  name=_field_path(f.name, name)))
                  for f in a.fields]
        seen = {f.name for f in fields}
        fields.extend(StructField(n, t) for n, t in other.items() if n not in seen)
        return StructType(fields)
    if isinstance(a, ArrayType) and isinstance(b, ArrayType):
        return ArrayType(merge_types(a.elementType, b.elementType,
                                     name=f"element in array {name}"), True)
    if isinstance(a, MapType) and isinstance(b, MapType):
        return MapType(merge_types(a.keyType, b.keyType, name=f"key of map {name}"),
                       merge_types(a.valueType, b.valueType, name=f"value of map {name}"), True)
    return a


def _field_path(field: str, parent: str | None) -> str:
    return f"field {field}" if parent is None else f"field {field} in {parent}"


def has_nulltype(dt: DataType) -> bool:
    """Whether ``dt`` is or contains ``NullType`` (an undetermined inferred type)."""
    if isinstance(dt, StructType):
        return any(has_nulltype(f.dataType) for f in dt.fields)
    if isinstance(dt, ArrayType):
        return has_nulltype(dt.elementType)
    if isinstance(dt, MapType):
        return has_nulltype(dt.keyType) or has_nulltype(dt.valueType)
    return isinstance(dt, NullType)


# ---------------------------------------------------------- predicates and widening


def is_numeric(t: DataType) -> bool:
    return isinstance(t, NumericType)


def is_integral(t: DataType) -> bool:
    return isinstance(t, IntegralType)


def is_fractional(t: DataType) -> bool:
    """Float, double or decimal (PySpark's ``FractionalType``)."""
    return isinstance(t, FractionalType)


def is_string(t: DataType) -> bool:
    return isinstance(t, (StringType, CharType, VarcharType))


def _is_float(t: DataType) -> bool:
    return isinstance(t, (FloatType, DoubleType))


NUMERIC_PRECEDENCE: tuple[type[NumericType], ...] = (
    ByteType, ShortType, IntegerType, LongType, DecimalType, FloatType, DoubleType)


def numeric_precedence(t: DataType) -> int:
    """Rank of ``t`` in byte < short < int < long < decimal < float < double; -1 if
    not numeric. An ordering only: :func:`widen` holds the actual rules."""
    for i, cls in enumerate(NUMERIC_PRECEDENCE):
        if type(t) is cls:
            return i
    return -1


_INTEGRAL_DECIMAL: dict[type[DataType], int] = {
    ByteType: 3, ShortType: 5, IntegerType: 10, LongType: 20}


def decimal_for_integral(t: DataType) -> DecimalType:
    """The decimal an integral (or decimal) type converts to: int is decimal(10,0)."""
    if isinstance(t, DecimalType):
        return t
    return DecimalType(_INTEGRAL_DECIMAL[type(t)], 0)


def decimal_for_literal(value: int) -> DecimalType:
    """The decimal Spark uses for an integer *literal* next to a decimal operand
    (just wide enough for its digits: ``1`` is decimal(1,0))."""
    return DecimalType(max(len(str(abs(value))), 1), 0)


def _wider_decimal(a: DecimalType, b: DecimalType) -> DecimalType:
    scale = max(a.scale, b.scale)
    precision = max(a.precision - a.scale, b.precision - b.scale) + scale
    if precision <= MAX_DECIMAL_PRECISION:
        return DecimalType(precision, scale)
    # keep integral digits first, drop fractional ones (boundedPreferIntegralDigits)
    return DecimalType(MAX_DECIMAL_PRECISION,
                       max(0, scale - (precision - MAX_DECIMAL_PRECISION)))


def _adjust_precision_scale(precision: int, scale: int) -> DecimalType:
    if precision <= MAX_DECIMAL_PRECISION:
        return DecimalType(precision, scale)
    min_scale = min(scale, _MIN_ADJUSTED_SCALE)
    int_digits = precision - scale
    return DecimalType(MAX_DECIMAL_PRECISION, max(MAX_DECIMAL_PRECISION - int_digits, min_scale))


def widen(a: DataType, b: DataType) -> DataType | None:
    """The common type two operands are implicitly cast to, or ``None`` if none exists.

    Spark 4's ANSI ``findWiderTypeForTwo``, used by comparisons, arithmetic
    operands, ``coalesce``/``CASE``/``IN`` and union (checked against PySpark 4.0.5):

    * null widens to the other type; integral types widen to the larger one;
      float with float stays float, any other float/double mix is double;
    * integral with decimal is decimal (int as decimal(10,0), bigint as decimal(20,0));
      decimal with decimal keeps the widest integral part and scale, capped at 38
      digits by dropping fractional digits; decimal with float/double is double;
    * string with integral is bigint, string with float/double/decimal is double,
      string with boolean/date/timestamp/binary is that type, string with string
      or null is string;
    * date with timestamp is timestamp, with timestamp_ntz is timestamp_ntz;
      timestamp with timestamp_ntz is timestamp; intervals of one kind widen
      their field range;
    * arrays, maps and structs (same field names, case-insensitive) widen
      element-wise.

    Boolean with numbers, binary with numbers, dates with numbers: ``None``.
    """
    if a == b:
        return a
    if isinstance(a, NullType):
        return b
    if isinstance(b, NullType):
        return a
    if is_numeric(a) and is_numeric(b):
        if _is_float(a) or _is_float(b):
            return FloatType() if isinstance(a, FloatType) and isinstance(b, FloatType) \
                else DoubleType()
        if isinstance(a, DecimalType) or isinstance(b, DecimalType):
            return _wider_decimal(decimal_for_integral(a), decimal_for_integral(b))
        return a if numeric_precedence(a) >= numeric_precedence(b) else b
    if is_string(a) or is_string(b):
        s, other = (a, b) if is_string(a) else (b, a)
        if is_string(other):
            return s if isinstance(s, StringType) else StringType()
        if is_integral(other):
            return LongType()
        if is_numeric(other):
            return DoubleType()
        if isinstance(other, (BooleanType, DateType, TimestampType, TimestampNTZType,
                              BinaryType)):
            return other
        return None
    pair = {type(a), type(b)}
    if pair == {DateType, TimestampType} or pair == {TimestampType, TimestampNTZType}:
        return TimestampType()
    if pair == {DateType, TimestampNTZType}:
        return TimestampNTZType()
    if type(a) is type(b) and isinstance(a, AnsiIntervalType) and isinstance(b, AnsiIntervalType):
        return type(a)(min(a.startField, b.startField), max(a.endField, b.endField))
    return _widen_complex(a, b)


def _widen_complex(a: DataType, b: DataType) -> DataType | None:
    if isinstance(a, ArrayType) and isinstance(b, ArrayType):
        elem = widen(a.elementType, b.elementType)
        return None if elem is None else ArrayType(elem, a.containsNull or b.containsNull)
    if isinstance(a, MapType) and isinstance(b, MapType):
        key, value = widen(a.keyType, b.keyType), widen(a.valueType, b.valueType)
        if key is None or value is None:
            return None
        return MapType(key, value, a.valueContainsNull or b.valueContainsNull)
    if isinstance(a, StructType) and isinstance(b, StructType) and len(a) == len(b):
        fields = []
        for fa, fb in zip(a.fields, b.fields):
            dt = widen(fa.dataType, fb.dataType)
            if dt is None or fa.name.lower() != fb.name.lower():
                return None
            name = fa.name if fa.name == fb.name else fa.name.lower()
            fields.append(StructField(name, dt, fa.nullable or fb.nullable))
        return StructType(fields)
    return None


ARITHMETIC_OPERATORS = ("+", "-", "*", "/", "%", "div")


def arithmetic_result_type(op: str, a: DataType, b: DataType) -> DataType | None:
    """Result type of numeric ``a <op> b`` in Spark 4 (ANSI), op in ``+ - * / % div``;
    ``None`` when Spark rejects the operand types (a type-mismatch error).

    Operands are first widened as by :func:`widen` (a string operand reads as bigint
    next to an integral, double otherwise; two strings are rejected; ``null`` takes
    the other side's type, except that ``null / x`` is double; null with null is
    double, bigint for ``div``). Then:
    ``/`` is double unless decimals are involved; ``div`` is bigint and rejects
    float/double; decimals follow Spark's precision rules with precision loss
    allowed (e.g. ``decimal(5,2) * decimal(5,2)`` is ``decimal(11,4)``). An integral
    operand next to a decimal counts as :func:`decimal_for_integral`; callers with an
    integer *literal* should pass :func:`decimal_for_literal` of it instead, as Spark
    narrows literals. Date/timestamp/interval arithmetic is not covered here.
    """
    if op not in ARITHMETIC_OPERATORS:
        raise PySparkValueError(message=f"unknown arithmetic operator {op!r}; "
                                        f"expected one of {', '.join(ARITHMETIC_OPERATORS)}")
    if isinstance(a, NullType) and isinstance(b, NullType):
        return LongType() if op == "div" else DoubleType()
    if isinstance(a, NullType) or isinstance(b, NullType):
        other = b if isinstance(a, NullType) else a
        if not is_numeric(other):
            return None
        if op == "/" and isinstance(a, NullType):
            return DoubleType()  # Spark 4 quirk: null / decimal is double, decimal / null is not
        return arithmetic_result_type(op, other, other)
    if is_string(a) and is_string(b):
        return None
    if is_string(a) or is_string(b):
        other = b if is_string(a) else a
        if not is_numeric(other):
            return None
        a = b = LongType() if is_integral(other) else DoubleType()
    if not (is_numeric(a) and is_numeric(b)):
        return None
    if _is_float(a) or _is_float(b):
        return None if op == "div" else (DoubleType() if op == "/" else widen(a, b))
    if op == "div":
        return LongType()
    if not (isinstance(a, DecimalType) or isinstance(b, DecimalType)):
        return DoubleType() if op == "/" else widen(a, b)
    d1, d2 = decimal_for_integral(a), decimal_for_integral(b)
    p1, s1, p2, s2 = d1.precision, d1.scale, d2.precision, d2.scale
    if op in ("+", "-"):
        scale = max(s1, s2)
        return _adjust_precision_scale(max(p1 - s1, p2 - s2) + scale + 1, scale)
    if op == "*":
        return _adjust_precision_scale(p1 + p2 + 1, s1 + s2)
    if op == "/":
        scale = max(_MIN_ADJUSTED_SCALE, s1 + p2 + 1)
        return _adjust_precision_scale(p1 - s1 + s2 + scale, scale)
    scale = max(s1, s2)
    return _adjust_precision_scale(min(p1 - s1, p2 - s2) + scale, scale)
