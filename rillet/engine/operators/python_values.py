"""Python values a user's function hands back to the engine, typed as PySpark types them.

PySpark sends a state value (``GroupState.update``) to the JVM pickled, and the JVM
reads each field with ``EvaluatePython.makeFromJava``: a value whose Python type does
not fit the field's Spark type does not fail the query, it becomes NULL (a ``str`` for
a ``long``, an ``int`` for a ``double``), integers are narrowed as Java narrows them
(``2**40`` in an ``int`` field is 0), and anything in a ``string`` field becomes its
Java ``toString()``. Users' functions written against PySpark rely on this, so rillet
converts the same way, field by field (this runs once per updated key, inside the
per-key call of the user's function).
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable
from typing import Any

from rillet.plan import types as T

_INT_BITS = {T.ByteType: 8, T.ShortType: 16, T.IntegerType: 32, T.LongType: 64}


def _wrap(bits: int) -> Callable[[Any], Any]:
    """Java's narrowing of an integer to ``bits`` bits (two's complement)."""
    half = 1 << (bits - 1)

    def convert(v: Any) -> Any:
        # a Python int pickles to Integer/Long up to 64 bits, beyond that to BigInteger,
        # which makeFromJava does not take; a bool pickles to Boolean
        if type(v) is not int or not -(1 << 63) <= v < (1 << 63):
            return None
        return (v + half) % (1 << bits) - half

    return convert


def java_double_string(v: float) -> str:
    """``Double.toString``: the shortest digits that read back as ``v``, plain in
    [1e-3, 1e7), else ``d.dddE<n>``."""
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    if v == 0 or 1e-3 <= abs(v) < 1e7:
        return repr(v)  # Python writes these plainly, with the same shortest digits
    sign, digits, exponent = decimal.Decimal(repr(v)).as_tuple()
    text = "".join(map(str, digits)).rstrip("0") or "0"
    power = len(digits) - 1 + int(exponent)
    return f"{'-' if sign else ''}{text[0]}.{text[1:] or '0'}E{power}"


def _java_string(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return java_double_string(v)
    if isinstance(v, (bytes, bytearray)):
        return v.decode("utf-8", "replace")
    return str(v)


def _binary(v: Any) -> Any:
    if isinstance(v, str):
        return v.encode("utf-8")
    if isinstance(v, (bytes, bytearray)):
        return bytes(v)
    return None


def converter(dtype: T.DataType) -> Callable[[Any], Any] | None:
    """A function from a Python value to the value PySpark would store in a field of
    ``dtype``, or None where values pass through unchanged (dates, timestamps, nested
    types: PySpark's ``toInternal`` already demands the right Python type for those)."""
    kind = type(dtype)
    if kind in _INT_BITS:
        return _wrap(_INT_BITS[kind])
    if kind is T.BooleanType:
        return lambda v: v if isinstance(v, bool) else None
    if kind in (T.DoubleType, T.FloatType):
        return lambda v: v if isinstance(v, float) else None
    if kind is T.StringType:
        return _java_string
    if kind is T.BinaryType:
        return _binary
    if kind is T.DecimalType:
        return lambda v: v if isinstance(v, decimal.Decimal) else None
    return None


def row_converter(schema: T.StructType) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """Convert a state tuple field by field (NULLs stay NULL)."""
    convs = [converter(f.dataType) for f in schema.fields]

    def convert(values: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(
            v if v is None or c is None else c(v) for v, c in zip(values, convs)
        )

    return convert
