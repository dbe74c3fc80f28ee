"""Spark SQL data types, ``Row``, DDL parsing, schema inference and type widening.

Mirrors ``pyspark.sql.types`` (class names, constructors, reprs, ``simpleString``,
``json``, ``treeString``) with no JVM: DDL strings are parsed here, and the
implicit-cast rules of Spark 4 (ANSI mode) live in :func:`widen` and
:func:`arithmetic_result_type`. Pure Python: no Arrow or Polars.
"""

from __future__ import annotations

import array
import datetime
import decimal
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import reduce
from typing import Any, ClassVar, NoReturn, Self

from rillet.errors import (
    ParseException,
    PySparkAttributeError,
    PySparkException,
    PySparkIndexError,
    PySparkKeyError,
    PySparkRuntimeError,
    PySparkTypeError,
    PySparkValueError,
    render_message,
)

__all__ = [
    "NUMERIC_PRECEDENCE",
    "AnsiIntervalType",
    "ArrayType",
    "AtomicType",
    "BinaryType",
    "BooleanType",
    "ByteType",
    "CalendarIntervalType",
    "CharType",
    "DataType",
    "DateType",
    "DayTimeIntervalType",
    "DecimalType",
    "DoubleType",
    "FloatType",
    "FractionalType",
    "IntegerType",
    "IntegralType",
    "LongType",
    "MapType",
    "NullType",
    "NumericType",
    "Row",
    "ShortType",
    "StringType",
    "StructField",
    "StructType",
    "TimestampNTZType",
    "TimestampType",
    "VarcharType",
    "VariantType",
    "YearMonthIntervalType",
    "arithmetic_result_type",
    "decimal_for_integral",
    "decimal_for_literal",
    "has_nulltype",
    "infer_schema",
    "infer_type",
    "is_fractional",
    "is_integral",
    "is_numeric",
    "is_string",
    "merge_types",
    "numeric_precedence",
    "parse_ddl_schema",
    "sql_type",
    "widen",
]

JVM_INT_MAX = 2**31 - 1
MAX_DECIMAL_PRECISION = 38
_MIN_ADJUSTED_SCALE = 6

# PySpark/Spark condition texts rillet.errors.conditions may not carry yet; the table
# there wins whenever it has the id.
_PARAM = re.compile(r"<([A-Za-z0-9_]+)>")


def _message(condition: str, params: dict[str, str]) -> str:
    return render_message(condition, params)


def _error(cls: type[PySparkException], condition: str, /, **params: str) -> PySparkException:
    return cls(message=_message(condition, params), errorClass=condition,
               messageParameters=params)


def _require_datatype(value: Any, what: str) -> None:
    if not isinstance(value, DataType):
        raise PySparkTypeError(
            message=f"{what} {value!r} should be an instance of {DataType.__module__}.DataType")


# --------------------------------------------------------------------------- classes


class DataType:
    """Base class for data types; equality and hash are structural."""

    def __repr__(self) -> str:
        return self.__class__.__name__ + "()"

    def __hash__(self) -> int:
        return hash(repr(self))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, self.__class__) and self.__dict__ == other.__dict__

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    @classmethod
    def typeName(cls) -> str:
        return cls.__name__[:-4].lower()

    def simpleString(self) -> str:
        return self.typeName()

    def jsonValue(self) -> str | dict[str, Any]:
        return self.typeName()

    def json(self) -> str:
        return json.dumps(self.jsonValue(), separators=(",", ":"), sort_keys=True)

    def needConversion(self) -> bool:
        """Whether Python objects of this type differ from Spark's internal values."""
        return False

    def _as_nullable(self) -> DataType:
        return self

    @classmethod
    def fromDDL(cls, ddl: str) -> DataType:
        """The :class:`DataType` of a DDL string, e.g. ``"a int, b string"`` or ``"map<string,int>"``.

        >>> DataType.fromDDL("b string, a int")
        StructType([StructField('b', StringType(), True), StructField('a', IntegerType(), True)])
        """
        return _parse_datatype_string(ddl)

    def _tree_name(self) -> str:
        """The type name ``printSchema`` shows (Scala's ``typeName``)."""
        return self.typeName()


class DataTypeSingleton(type):
    """Metaclass making parameterless types singletons (equality stays by value)."""

    _instances: ClassVar[dict[type, Any]] = {}

    def __call__(cls) -> Any:  # type: ignore[override]
        if cls not in cls._instances:
            cls._instances[cls] = super().__call__()
        return cls._instances[cls]


class NullType(DataType, metaclass=DataTypeSingleton):
    """The type of ``None``; used where a type cannot be inferred."""

    @classmethod
    def typeName(cls) -> str:
        return "void"


class AtomicType(DataType):
    """Everything that is not null, an array, a map or a struct."""


class NumericType(AtomicType):
    """Numeric data types."""


class IntegralType(NumericType, metaclass=DataTypeSingleton):
    """Integral data types."""


class FractionalType(NumericType):
    """Fractional data types (float, double, decimal)."""


class StringType(AtomicType):
    """String data type, optionally with a collation."""

    def __init__(self, collation: str = "UTF8_BINARY") -> None:
        self.collation = collation

    def isUTF8BinaryCollation(self) -> bool:
        return self.collation == "UTF8_BINARY"

    def simpleString(self) -> str:
        return "string" if self.isUTF8BinaryCollation() else f"string collate {self.collation}"

    def jsonValue(self) -> str:
        return self.simpleString()

    def __repr__(self) -> str:
        return "StringType()" if self.isUTF8BinaryCollation() else f"StringType('{self.collation}')"


class CharType(AtomicType):
    """Fixed-length string, ``char(n)``."""

    def __init__(self, length: int) -> None:
        self.length = length

    def simpleString(self) -> str:
        return f"char({self.length})"

    jsonValue = simpleString  # type: ignore[assignment]
    _tree_name = simpleString

    def __repr__(self) -> str:
        return f"CharType({self.length})"


class VarcharType(AtomicType):
    """Bounded-length string, ``varchar(n)``."""

    def __init__(self, length: int) -> None:
        self.length = length

    def simpleString(self) -> str:
        return f"varchar({self.length})"

    jsonValue = simpleString  # type: ignore[assignment]
    _tree_name = simpleString

    def __repr__(self) -> str:
        return f"VarcharType({self.length})"


class BinaryType(AtomicType, metaclass=DataTypeSingleton):
    """Binary (byte array) data type."""


class BooleanType(AtomicType, metaclass=DataTypeSingleton):
    """Boolean data type."""


class DateType(AtomicType, metaclass=DataTypeSingleton):
    """Date (``datetime.date``) data type."""

    def needConversion(self) -> bool:
        return True


class TimestampType(AtomicType, metaclass=DataTypeSingleton):
    """Timestamp with local time zone (an instant; ``datetime.datetime``)."""

    def needConversion(self) -> bool:
        return True


class TimestampNTZType(AtomicType, metaclass=DataTypeSingleton):
    """Timestamp without time zone (a wall-clock reading)."""

    @classmethod
    def typeName(cls) -> str:
        return "timestamp_ntz"

    def needConversion(self) -> bool:
        return True


class DecimalType(FractionalType):
    """Decimal (``decimal.Decimal``) with fixed precision (max 38) and scale."""

    def __init__(self, precision: int = 10, scale: int = 0) -> None:
        self.precision = precision
        self.scale = scale
        self.hasPrecisionInfo = True

    def simpleString(self) -> str:
        return f"decimal({self.precision},{self.scale})"

    jsonValue = simpleString  # type: ignore[assignment]
    _tree_name = simpleString

    def __repr__(self) -> str:
        return f"DecimalType({self.precision},{self.scale})"


class DoubleType(FractionalType, metaclass=DataTypeSingleton):
    """Double precision float."""


class FloatType(FractionalType, metaclass=DataTypeSingleton):
    """Single precision float."""


class ByteType(IntegralType):
    """Signed 8-bit integer."""

    def simpleString(self) -> str:
        return "tinyint"


class ShortType(IntegralType):
    """Signed 16-bit integer."""

    def simpleString(self) -> str:
        return "smallint"


class IntegerType(IntegralType):
    """Signed 32-bit integer."""

    def simpleString(self) -> str:
        return "int"


class LongType(IntegralType):
    """Signed 64-bit integer."""

    def simpleString(self) -> str:
        return "bigint"


class AnsiIntervalType(AtomicType):
    """Interval types of the SQL standard (day-time and year-month)."""

    _fields: ClassVar[dict[int, str]] = {}

    def __init__(self, startField: int | None = None, endField: int | None = None) -> None:
        if startField is None and endField is None:
            startField, endField = min(self._fields), max(self._fields)
        elif endField is None:
            endField = startField
        if startField not in self._fields or endField not in self._fields:
            raise _error(PySparkRuntimeError, "INVALID_INTERVAL_CASTING",
                         start_field=str(startField), end_field=str(endField))
        self.startField = startField
        self.endField = endField

    def simpleString(self) -> str:
        start, end = self._fields[self.startField], self._fields[self.endField]
        return f"interval {start}" if start == end else f"interval {start} to {end}"

    jsonValue = simpleString  # type: ignore[assignment]
    _tree_name = simpleString

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.startField}, {self.endField})"

    def needConversion(self) -> bool:
        return True


class DayTimeIntervalType(AnsiIntervalType):
    """Day-time interval (``datetime.timedelta``), microsecond precision."""

    DAY, HOUR, MINUTE, SECOND = 0, 1, 2, 3
    _fields: ClassVar[dict[int, str]] = {0: "day", 1: "hour", 2: "minute", 3: "second"}
    _inverted_fields: ClassVar[dict[str, int]] = {v: k for k, v in _fields.items()}


class YearMonthIntervalType(AnsiIntervalType):
    """Year-month interval, a whole number of months."""

    YEAR, MONTH = 0, 1
    _fields: ClassVar[dict[int, str]] = {0: "year", 1: "month"}
    _inverted_fields: ClassVar[dict[str, int]] = {v: k for k, v in _fields.items()}

    def needConversion(self) -> bool:
        return os.environ.get("PYSPARK_YM_INTERVAL_LEGACY") != "1"


class CalendarIntervalType(DataType, metaclass=DataTypeSingleton):
    """Calendar interval: months, days and microseconds."""

    @classmethod
    def typeName(cls) -> str:
        return "interval"

    def needConversion(self) -> bool:
        return True


class VariantType(AtomicType):
    """Semi-structured variant values (declared for parity; not computed on)."""

    def needConversion(self) -> bool:
        return True


class ArrayType(DataType):
    """Array of ``elementType``; ``containsNull`` tells whether elements may be null."""

    def __init__(self, elementType: DataType, containsNull: bool = True) -> None:
        _require_datatype(elementType, "elementType")
        self.elementType = elementType
        self.containsNull = containsNull

    def simpleString(self) -> str:
        return f"array<{self.elementType.simpleString()}>"

    def __repr__(self) -> str:
        return f"ArrayType({self.elementType!r}, {self.containsNull})"

    def jsonValue(self) -> dict[str, Any]:
        return {"type": self.typeName(), "elementType": self.elementType.jsonValue(),
                "containsNull": self.containsNull}

    @classmethod
    def fromJson(cls, json: dict[str, Any]) -> ArrayType:
        return ArrayType(_parse_datatype_json_value(json["elementType"]), json["containsNull"])

    def needConversion(self) -> bool:
        return self.elementType.needConversion()

    def _as_nullable(self) -> ArrayType:
        return ArrayType(self.elementType._as_nullable(), True)

    def toNullable(self) -> ArrayType:
        """The same type with every nullability flag set to true."""
        return self._as_nullable()

    def _tree_lines(self, prefix: str, out: list[str], depth: int) -> None:
        if depth > 0:
            out.append(f"{prefix}-- element: {self.elementType._tree_name()} "
                       f"(containsNull = {str(self.containsNull).lower()})\n")
            _tree_children(self.elementType, f"{prefix}    |", out, depth)


class MapType(DataType):
    """Map from ``keyType`` (never null) to ``valueType``."""

    def __init__(self, keyType: DataType, valueType: DataType,
                 valueContainsNull: bool = True) -> None:
        _require_datatype(keyType, "keyType")
        _require_datatype(valueType, "valueType")
        self.keyType = keyType
        self.valueType = valueType
        self.valueContainsNull = valueContainsNull

    def simpleString(self) -> str:
        return f"map<{self.keyType.simpleString()},{self.valueType.simpleString()}>"

    def __repr__(self) -> str:
        return f"MapType({self.keyType!r}, {self.valueType!r}, {self.valueContainsNull})"

    def jsonValue(self) -> dict[str, Any]:
        return {"type": self.typeName(), "keyType": self.keyType.jsonValue(),
                "valueType": self.valueType.jsonValue(),
                "valueContainsNull": self.valueContainsNull}

    @classmethod
    def fromJson(cls, json: dict[str, Any]) -> MapType:
        return MapType(_parse_datatype_json_value(json["keyType"]),
                       _parse_datatype_json_value(json["valueType"]), json["valueContainsNull"])

    def needConversion(self) -> bool:
        return self.keyType.needConversion() or self.valueType.needConversion()

    def _as_nullable(self) -> MapType:
        return MapType(self.keyType._as_nullable(), self.valueType._as_nullable(), True)

    def toNullable(self) -> MapType:
        """The same type with every nullability flag set to true."""
        return self._as_nullable()

    def _tree_lines(self, prefix: str, out: list[str], depth: int) -> None:
        if depth > 0:
            out.append(f"{prefix}-- key: {self.keyType._tree_name()}\n")
            _tree_children(self.keyType, f"{prefix}    |", out, depth)
            out.append(f"{prefix}-- value: {self.valueType._tree_name()} "
                       f"(valueContainsNull = {str(self.valueContainsNull).lower()})\n")
            _tree_children(self.valueType, f"{prefix}    |", out, depth)


class StructField(DataType):
    """A named, typed field of a :class:`StructType`."""

    def __init__(self, name: str, dataType: DataType, nullable: bool = True,
                 metadata: dict[str, Any] | None = None) -> None:
        _require_datatype(dataType, "dataType")
        if not isinstance(name, str):
            raise PySparkTypeError(message=f"field name {name!r} should be a string")
        self.name = name
        self.dataType = dataType
        self.nullable = nullable
        self.metadata = metadata or {}

    def simpleString(self) -> str:
        return f"{self.name}:{self.dataType.simpleString()}"

    def __repr__(self) -> str:
        return f"StructField('{self.name}', {self.dataType!r}, {self.nullable})"

    def jsonValue(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.dataType.jsonValue(),
                "nullable": self.nullable, "metadata": self.metadata}

    @classmethod
    def fromJson(cls, json: dict[str, Any]) -> StructField:
        return StructField(json["name"], _parse_datatype_json_value(json["type"]),
                           json.get("nullable", True), json.get("metadata"))

    def needConversion(self) -> bool:
        return self.dataType.needConversion()

    def typeName(self) -> str:  # type: ignore[override]
        raise _error(PySparkTypeError, "INVALID_TYPENAME_CALL")

    def _tree_lines(self, prefix: str, out: list[str], depth: int) -> None:
        if depth > 0:
            out.append(f"{prefix}-- {_escape_meta(self.name)}: {self.dataType._tree_name()} "
                       f"(nullable = {str(self.nullable).lower()})\n")
            _tree_children(self.dataType, f"{prefix}    |", out, depth)


class StructType(DataType):
    """A list of :class:`StructField`: the schema of a DataFrame or a struct column.

    >>> StructType().add("a", "integer").add("b", StringType()).simpleString()
    'struct<a:int,b:string>'
    """

    def __init__(self, fields: list[StructField] | None = None) -> None:
        self.fields: list[StructField] = list(fields) if fields else []
        for f in self.fields:
            if not isinstance(f, StructField):
                raise PySparkTypeError(message="fields should be a list of StructField")
        self.names: list[str] = [f.name for f in self.fields]

    def add(self, field: str | StructField, data_type: str | DataType | None = None,
            nullable: bool = True, metadata: dict[str, Any] | None = None) -> StructType:
        """Append a field (a :class:`StructField`, or name + type) and return ``self``.

        A string ``data_type`` may be a JSON type name (``"integer"``, as PySpark
        accepts) or a DDL type (``"int"``, ``"array<string>"``).
        """
        if isinstance(field, StructField):
            new = field
        else:
            if data_type is None:
                raise _error(PySparkValueError, "ARGUMENT_REQUIRED", arg_name="data_type",
                             condition="passing name of struct_field to create")
            if isinstance(data_type, str):
                data_type = _type_from_string(data_type)
            new = StructField(field, data_type, nullable, metadata)
        self.fields.append(new)
        self.names.append(new.name)
        return self

    def __iter__(self) -> Iterator[StructField]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def __getitem__(self, key: str | int | slice) -> Any:
        if isinstance(key, str):
            for f in self.fields:
                if f.name == key:
                    return f
            raise _error(PySparkKeyError, "KEY_NOT_EXISTS", key=key)
        if isinstance(key, int):
            try:
                return self.fields[key]
            except IndexError:
                raise _error(PySparkIndexError, "INDEX_OUT_OF_RANGE", arg_name="StructType",
                             index=str(key)) from None
        if isinstance(key, slice):
            return StructType(self.fields[key])
        raise _error(PySparkTypeError, "NOT_INT_OR_SLICE_OR_STR", arg_name="key",
                     arg_type=type(key).__name__)

    def fieldNames(self) -> list[str]:
        return list(self.names)

    def simpleString(self) -> str:
        return "struct<" + ",".join(f.simpleString() for f in self.fields) + ">"

    def __repr__(self) -> str:
        return "StructType([" + ", ".join(repr(f) for f in self.fields) + "])"

    def jsonValue(self) -> dict[str, Any]:
        return {"type": self.typeName(), "fields": [f.jsonValue() for f in self.fields]}

    @classmethod
    def fromJson(cls, json: dict[str, Any]) -> StructType:
        return StructType([StructField.fromJson(f) for f in json["fields"]])

    def needConversion(self) -> bool:
        return True

    def _as_nullable(self) -> StructType:
        return StructType([StructField(f.name, f.dataType._as_nullable(), True, f.metadata)
                           for f in self.fields])

    def toNullable(self) -> StructType:
        """The same type with every nullability flag set to true."""
        return self._as_nullable()

    def _tree_lines(self, prefix: str, out: list[str], depth: int) -> None:
        for f in self.fields:
            f._tree_lines(prefix, out, depth)

    def treeString(self, maxDepth: int = JVM_INT_MAX) -> str:
        """The text ``df.printSchema(level)`` prints."""
        out = ["root\n"]
        depth = maxDepth if maxDepth > 0 else JVM_INT_MAX
        for f in self.fields:
            f._tree_lines(" |", out, depth)
        return "".join(out)

    def toDDL(self) -> str:
        """The schema as a DDL string: ``a INT NOT NULL,b STRING``."""
        return ",".join(_field_ddl(f, " ") for f in self.fields)


def _tree_children(dt: DataType, prefix: str, out: list[str], depth: int) -> None:
    if isinstance(dt, (ArrayType, MapType, StructType)):
        dt._tree_lines(prefix, out, depth - 1)


def _escape_meta(s: str) -> str:
    for raw, esc in (("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"), ("\f", "\\f"),
                     ("\b", "\\b"), ("\u000b", "\\v"), ("\u0007", "\\a")):
        s = s.replace(raw, esc)
    return s


# ------------------------------------------------------------------- SQL names / DDL

_SQL_NAMES: dict[type, str] = {
    ByteType: "TINYINT", ShortType: "SMALLINT", IntegerType: "INT", LongType: "BIGINT",
}
_PLAIN_NAME = re.compile(r"[a-zA-Z0-9_]+")


def _quote_if_needed(name: str) -> str:
    if _PLAIN_NAME.fullmatch(name) and not name.isdigit():
        return name
    return "`" + name.replace("`", "``") + "`"


def sql_type(dt: DataType) -> str:
    """Spark's ``DataType.sql``: ``INT``, ``ARRAY<STRING>``, ``MAP<STRING, INT>``,
    ``STRUCT<a: INT NOT NULL COMMENT 'c'>``, ``DECIMAL(10,2)`` (as error messages
    and DDL show types)."""
    if isinstance(dt, ArrayType):
        return f"ARRAY<{sql_type(dt.elementType)}>"
    if isinstance(dt, MapType):
        return f"MAP<{sql_type(dt.keyType)}, {sql_type(dt.valueType)}>"
    if isinstance(dt, StructType):
        return "STRUCT<" + ", ".join(_field_ddl(f, ": ") for f in dt.fields) + ">"
    return _SQL_NAMES.get(type(dt)) or dt.simpleString().upper()


def _field_ddl(f: StructField, sep: str) -> str:
    text = f"{_quote_if_needed(f.name)}{sep}{sql_type(f.dataType)}"
    if not f.nullable:
        text += " NOT NULL"
    comment = f.metadata.get("comment")
    if comment is not None:
        text += " COMMENT '" + str(comment).replace("\\", "\\\\").replace("'", "\\'") + "'"
    return text


# ------------------------------------------------------------------------ JSON form

_all_atomic_types: dict[str, Callable[[], DataType]] = {
    "string": StringType, "binary": BinaryType, "boolean": BooleanType,
    "decimal": DecimalType, "float": FloatType, "double": DoubleType, "byte": ByteType,
    "short": ShortType, "integer": IntegerType, "long": LongType, "date": DateType,
    "timestamp": TimestampType, "timestamp_ntz": TimestampNTZType, "void": NullType,
    "variant": VariantType, "interval": CalendarIntervalType,
}
_FIXED_DECIMAL = re.compile(r"decimal\(\s*(\d+)\s*,\s*(-?\d+)\s*\)")
_LENGTH_CHAR = re.compile(r"char\(\s*(\d+)\s*\)")
_LENGTH_VARCHAR = re.compile(r"varchar\(\s*(\d+)\s*\)")
_STRING_WITH_COLLATION = re.compile(r"string\s+collate\s+(\w+)")
_INTERVAL_DAYTIME = re.compile(
    r"interval (day|hour|minute|second)( to (day|hour|minute|second))?")
_INTERVAL_YEARMONTH = re.compile(r"interval (year|month)( to (year|month))?")


def _parse_datatype_json_string(json_string: str) -> DataType:
    """The :class:`DataType` of ``DataType.json()`` output."""
    return _parse_datatype_json_value(json.loads(json_string))


def _parse_datatype_json_value(value: str | dict[str, Any]) -> DataType:
    if isinstance(value, dict):
        kind = value.get("type")
        if kind == "array":
            return ArrayType.fromJson(value)
        if kind == "map":
            return MapType.fromJson(value)
        if kind == "struct":
            return StructType.fromJson(value)
        raise _error(PySparkValueError, "UNSUPPORTED_DATA_TYPE", data_type=str(kind))
    if value in _all_atomic_types:
        return _all_atomic_types[value]()
    if m := _FIXED_DECIMAL.fullmatch(value):
        return DecimalType(int(m.group(1)), int(m.group(2)))
    for pattern, cls in ((_INTERVAL_DAYTIME, DayTimeIntervalType),
                         (_INTERVAL_YEARMONTH, YearMonthIntervalType)):
        if m := pattern.fullmatch(value):
            inv = cls._inverted_fields  # type: ignore[attr-defined]
            return cls(inv[m.group(1)], inv[m.group(3)] if m.group(3) else None)
    if m := _STRING_WITH_COLLATION.fullmatch(value):
        return StringType(m.group(1))
    if m := _LENGTH_CHAR.fullmatch(value):
        return CharType(int(m.group(1)))
    if m := _LENGTH_VARCHAR.fullmatch(value):
        return VarcharType(int(m.group(1)))
    raise _error(PySparkValueError, "CANNOT_PARSE_DATATYPE", msg=str(value))


def _type_from_string(text: str) -> DataType:
    """A JSON type name (``"integer"``) if it is one, else a DDL type (``"int"``)."""
    try:
        return _parse_datatype_json_value(text)
    except PySparkValueError:
        return _parse_datatype_string(text)


# ------------------------------------------------------------------------------ DDL

_TOKEN = re.compile(
    r"(?P<ws>\s+|--[^\n]*|/\*.*?\*/)"
    r"|(?P<quoted>`(?:[^`]|``)*`)"
    r"|(?P<string>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
    r"|(?P<word>[A-Za-z0-9_]+)"
    r"|(?P<punct><>|[<>(),:])",
    re.DOTALL,
)
_ESCAPES = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a", "%": "\\%",
            "_": "\\_"}
_SIMPLE_TYPES: dict[str, Callable[[], DataType]] = {
    "BOOLEAN": BooleanType, "TINYINT": ByteType, "BYTE": ByteType, "SMALLINT": ShortType,
    "SHORT": ShortType, "INT": IntegerType, "INTEGER": IntegerType, "BIGINT": LongType,
    "LONG": LongType, "FLOAT": FloatType, "REAL": FloatType, "DOUBLE": DoubleType,
    "DATE": DateType, "TIMESTAMP": TimestampType, "TIMESTAMP_LTZ": TimestampType,
    "TIMESTAMP_NTZ": TimestampNTZType, "BINARY": BinaryType, "VOID": NullType,
    "VARIANT": VariantType,
}
_YM_FIELDS = {"YEAR": 0, "MONTH": 1}
_DT_FIELDS = {"DAY": 0, "HOUR": 1, "MINUTE": 2, "SECOND": 3}


@dataclass(frozen=True)
class _Token:
    kind: str  # word | quoted | string | punct | other
    text: str
    pos: int

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


class _DDLParser:
    """Recursive-descent parser for Spark's DDL type and column-list grammar.

    Syntax errors are raised at once; semantic ones (an unknown type name, a bad
    decimal) are held until the text is known to be well-formed, as Spark does.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = self._tokenize(text)
        self.i = 0
        self.bracket: _Token | None = None  # outermost open bracket of the current type
        self.deferred: ParseException | None = None

    def _tokenize(self, text: str) -> list[_Token]:
        tokens, pos = [], 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None:
                tokens.append(_Token("other", text[pos], pos))
                pos += 1
                continue
            if m.lastgroup != "ws":
                tokens.append(_Token(m.lastgroup or "other", m.group(), pos))
            pos = m.end()
        return tokens

    # -- token helpers
    def peek(self, ahead: int = 0) -> _Token | None:
        j = self.i + ahead
        return self.tokens[j] if j < len(self.tokens) else None

    def take(self) -> _Token | None:
        tok = self.peek()
        self.i += 1
        return tok

    def at(self, text: str) -> bool:
        tok = self.peek()
        return tok is not None and (tok.upper == text or (tok.kind == "punct" and tok.text == text))

    def expect(self, text: str) -> _Token:
        if not self.at(text):
            self.fail(self.peek())
        return self.take()  # type: ignore[return-value]

    def error(self, condition: str, params: dict[str, str], pos: int) -> ParseException:
        if condition.startswith("_LEGACY_ERROR"):
            msg = f"\n{_message(condition, params)}\n== SQL ==\n{self.text}"
            return ParseException(message=msg, errorClass=condition, messageParameters=params)
        line = self.text.count("\n", 0, pos) + 1
        col = pos - (self.text.rfind("\n", 0, pos) + 1)
        lines = self.text.split("\n")
        context = "".join(f"{ln}\n" for ln in lines[:line]) + "-" * col + "^^^\n"
        context += "".join(f"{ln}\n" for ln in lines[line:])
        msg = f"\n{_message(condition, params)} (line {line}, pos {col})\n\n== SQL ==\n{context}"
        return ParseException(message=msg, errorClass=condition, messageParameters=params)

    def fail(self, tok: _Token | None, hint: str = "") -> NoReturn:
        if self.bracket is not None:
            tok, hint = self.bracket, ""
        near = "end of input" if tok is None else f"'{tok.text}'"
        pos = len(self.text) if tok is None else tok.pos
        raise self.error("PARSE_SYNTAX_ERROR", {"error": near, "hint": hint}, pos)

    def defer(self, condition: str, params: dict[str, str], tok: _Token) -> None:
        if self.deferred is None:
            self.deferred = self.error(condition, params, tok.pos)

    def finish(self) -> None:
        if self.peek() is not None:
            self.fail(self.peek())
        if self.deferred is not None:
            raise self.deferred

    # -- grammar
    def parse_schema(self) -> StructType:
        fields: list[StructField] = []
        while self.peek() is not None:
            fields.append(self.column(colon=False))
            tok = self.peek()
            if tok is None:
                break
            if not self.at(","):
                extra = self.peek(1) is None  # deleting this one token would fix it
                self.fail(tok, f": extra input '{tok.text}'" if extra else "")
            self.take()
            if self.peek() is None:
                self.fail(None)
        self.finish()
        return StructType(fields)

    def parse_type(self) -> DataType:
        dt = self.data_type()
        self.finish()
        return dt

    def identifier(self) -> str:
        tok = self.peek()
        if tok is None or tok.kind not in ("word", "quoted") or tok.text.isdigit():
            self.fail(tok)
        self.take()
        return tok.text if tok.kind == "word" else tok.text[1:-1].replace("``", "`")

    def column(self, colon: bool) -> StructField:
        name = self.identifier()
        if colon and self.at(":"):
            self.take()
        dt = self.data_type()
        nullable, metadata = True, {}
        if self.at("NOT"):
            self.take()
            if not self.at("NULL"):
                self.fail(self.peek(), ": missing 'NULL'" if self.peek() is None else "")
            self.take()
            nullable = False
        if self.at("COMMENT"):
            self.take()
            tok = self.peek()
            if tok is None or tok.kind != "string":
                self.fail(tok)
            self.take()
            metadata["comment"] = _unescape(tok.text[1:-1])
        return StructField(name, dt, nullable, metadata)

    def data_type(self) -> DataType:
        tok = self.peek()
        if tok is None or tok.kind != "word":
            self.fail(tok)
        self.take()
        name = tok.upper
        if name in ("ARRAY", "MAP", "STRUCT"):
            return self.complex_type(name)
        if name == "INTERVAL":
            return self.interval_type()
        if name in ("DECIMAL", "DEC", "NUMERIC"):
            return self.decimal_type(tok)
        if name in ("CHAR", "CHARACTER", "VARCHAR"):
            if not self.at("("):
                self.defer("DATATYPE_MISSING_SIZE", {"type": f'"{name}"'}, tok)
                return StringType()
            (length,) = self.int_params(1)
            return VarcharType(length) if name == "VARCHAR" else CharType(length)
        if name == "STRING":
            if self.at("COLLATE"):
                self.take()
                return StringType(self.identifier().upper())
            return StringType()
        if name in _SIMPLE_TYPES:
            return _SIMPLE_TYPES[name]()
        self.defer("UNSUPPORTED_DATATYPE", {"typeName": f'"{name}"'}, tok)
        return NullType()

    def complex_type(self, name: str) -> DataType:
        if name == "STRUCT" and self.at("<>"):
            self.take()
            return StructType()
        outer = self.bracket
        if not self.at("<"):
            self.fail(self.peek())
        self.bracket = outer or self.peek()
        self.take()
        result: DataType
        if name == "ARRAY":
            result = ArrayType(self.data_type())
        elif name == "MAP":
            key = self.data_type()
            self.expect(",")
            result = MapType(key, self.data_type())
        else:
            fields = []
            if not self.at(">"):
                fields.append(self.column(colon=True))
                while self.at(","):
                    self.take()
                    fields.append(self.column(colon=True))
            result = StructType(fields)
        self.expect(">")
        self.bracket = outer
        return result

    def interval_type(self) -> DataType:
        for fields, cls in ((_YM_FIELDS, YearMonthIntervalType),
                            (_DT_FIELDS, DayTimeIntervalType)):
            tok = self.peek()
            if tok is not None and tok.upper in fields:
                self.take()
                start = end = fields[tok.upper]
                if self.at("TO"):
                    to = self.take()
                    last = self.peek()
                    if last is None or fields.get(last.upper, -1) <= start:
                        self.fail(to)
                    self.take()
                    end = fields[last.upper]
                return cls(start, end)
        return CalendarIntervalType()

    def decimal_type(self, tok: _Token) -> DataType:
        if not self.at("("):
            return DecimalType()
        params = self.int_params(2)
        precision, scale = params[0], params[1] if len(params) > 1 else 0
        if precision > MAX_DECIMAL_PRECISION:
            self.defer("DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION",
                       {"precision": str(precision), "maxPrecision": str(MAX_DECIMAL_PRECISION)},
                       tok)
        elif scale > precision:
            self.defer("_LEGACY_ERROR_TEMP_1228",
                       {"scale": str(scale), "precision": str(precision)}, tok)
        return DecimalType(precision, scale)

    def int_params(self, most: int) -> list[int]:
        outer = self.bracket
        self.bracket = outer or self.peek()
        self.take()
        values: list[int] = []
        while True:
            tok = self.peek()
            if tok is None or not tok.text.isdigit() or len(values) == most:
                self.fail(tok)
            values.append(int(self.take().text))  # type: ignore[union-attr]
            if not self.at(","):
                break
            self.take()
        self.expect(")")
        self.bracket = outer
        return values


def _unescape(body: str) -> str:
    """Spark's ``unescapeSQLString`` for the body of a quoted literal."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body, flags=re.DOTALL)


def _parse_datatype_string(s: str) -> DataType:
    """Parse a DDL string the way PySpark does.

    Tried in Spark's order: a column list (``"a int, b string"``), a single type
    (``"array<int>"``), then a column list in the legacy ``"a: int, b: string"``
    form (read as ``struct<...>``). When none parses, the column-list error is raised.

    >>> _parse_datatype_string("a: byte, b: decimal(  16 , 8   ) ")
    StructType([StructField('a', ByteType(), True), StructField('b', DecimalType(16,8), True)])
    """
    try:
        return _DDLParser(s).parse_schema()
    except ParseException as schema_error:
        for text in (s, f"struct<{s.strip()}>"):
            try:
                return _DDLParser(text).parse_type()
            except ParseException:
                continue
        raise schema_error from None


def parse_ddl_schema(s: str) -> StructType:
    """A column-list DDL string (``"a INT NOT NULL, b STRING COMMENT 'x'"``) as a
    :class:`StructType`: Spark's ``StructType.fromDDL``, used by
    ``DataFrameReader.schema(str)``. Stricter than :func:`_parse_datatype_string`:
    ``"int"``, ``"struct<a:int>"`` and ``"a: int"`` raise ``ParseException``, as in Spark.
    """
    return _DDLParser(s).parse_schema()


# ------------------------------------------------------------------------------ Row


def _create_row(fields: list[str] | Row, values: Iterable[Any]) -> Row:
    row = Row(*values)
    row.__fields__ = list(fields)
    return row


class Row(tuple):  # type: ignore[type-arg]
    """A row of a DataFrame: a tuple whose fields are also reachable by name.

    >>> row = Row(name="Alice", age=11)
    >>> row, row.name, row["age"], "name" in row
    (Row(name='Alice', age=11), 'Alice', 11, True)
    >>> Person = Row("name", "age")
    >>> Person("Bob", 3)
    Row(name='Bob', age=3)
    """

    __fields__: list[str]

    def __new__(cls, *args: Any, **kwargs: Any) -> Self:
        if args and kwargs:
            raise _error(PySparkValueError, "CANNOT_SET_TOGETHER", arg_list="args and kwargs")
        if kwargs:
            row = tuple.__new__(cls, list(kwargs.values()))
            row.__fields__ = list(kwargs)
            return row
        return tuple.__new__(cls, args)

    def asDict(self, recursive: bool = False) -> dict[str, Any]:
        """The row as a dict; ``recursive`` also converts nested Rows (in lists, dicts)."""
        if not hasattr(self, "__fields__"):
            raise _error(PySparkTypeError, "CANNOT_CONVERT_TYPE", from_type="Row", to_type="dict")
        if not recursive:
            return dict(zip(self.__fields__, self))

        def conv(obj: Any) -> Any:
            if isinstance(obj, Row):
                return obj.asDict(True)
            if isinstance(obj, list):
                return [conv(o) for o in obj]
            if isinstance(obj, dict):
                return {k: conv(v) for k, v in obj.items()}
            return obj

        return dict(zip(self.__fields__, (conv(o) for o in self)))

    def __contains__(self, item: object) -> bool:
        if hasattr(self, "__fields__"):
            return item in self.__fields__
        return super().__contains__(item)

    def __call__(self, *args: Any) -> Row:
        """Make a row of this row's field names (``Row("a", "b")(1, 2)``)."""
        if len(args) > len(self):
            raise _error(PySparkValueError, "TOO_MANY_VALUES", expected=str(len(self)),
                         item="fields", actual=str(len(args)))
        return _create_row(self, args)

    def __getitem__(self, item: Any) -> Any:
        if isinstance(item, (int, slice)):
            return super().__getitem__(item)
        try:
            return super().__getitem__(self.__fields__.index(item))
        except IndexError:
            raise _error(PySparkKeyError, "KEY_NOT_EXISTS", key=str(item)) from None
        except ValueError:
            raise PySparkValueError(str(item)) from None

    def __getattr__(self, item: str) -> Any:
        if item.startswith("__"):
            raise _error(PySparkAttributeError, "ATTRIBUTE_NOT_SUPPORTED", attr_name=item)
        try:
            return self[self.__fields__.index(item)]
        except (IndexError, ValueError):
            raise _error(PySparkAttributeError, "ATTRIBUTE_NOT_SUPPORTED",
                         attr_name=item) from None

    def __setattr__(self, key: str, value: Any) -> None:
        if key != "__fields__":
            raise _error(PySparkRuntimeError, "READ_ONLY", object="Row")
        self.__dict__[key] = value

    def __reduce__(self) -> str | tuple[Any, ...]:
        if hasattr(self, "__fields__"):
            return (_create_row, (self.__fields__, tuple(self)))
        return tuple.__reduce__(self)

    def __repr__(self) -> str:
        if hasattr(self, "__fields__"):
            return "Row(" + ", ".join(f"{k}={v!r}" for k, v in zip(self.__fields__, self)) + ")"
        return "<Row(" + ", ".join(repr(v) for v in self) + ")>"


# ------------------------------------------------------------------------ inference

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
