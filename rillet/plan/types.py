"""Spark SQL data types and ``Row``: the classes of ``pyspark.sql.types``.

Mirrors ``pyspark.sql.types`` (class names, constructors, reprs, ``simpleString``,
``json``, ``treeString``) with no JVM. DDL strings are parsed in :mod:`rillet.plan.ddl`;
schema inference and the implicit-cast rules of Spark 4 (ANSI mode, :func:`widen` and
:func:`arithmetic_result_type`) live in :mod:`rillet.plan.type_rules`. Both are
re-exported here, so this module stays the one to import types from. Pure Python:
no Arrow or Polars.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from rillet.errors import (
    PySparkAttributeError,
    PySparkException,
    PySparkIndexError,
    PySparkKeyError,
    PySparkRuntimeError,
    PySparkTypeError,
    PySparkValueError,
    render_message,
)

if TYPE_CHECKING:
    from typing import Self  # 3.11+: annotations only

__all__ = [
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
    "sql_type",
]

JVM_INT_MAX = 2**31 - 1
MAX_DECIMAL_PRECISION = 38

# PySpark/Spark condition texts rillet.errors.conditions may not carry yet; the table
# there wins whenever it has the id.


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
        from rillet.plan.ddl import _parse_datatype_string

        return _parse_datatype_string(ddl)

    def _tree_name(self) -> str:
        """The type name ``printSchema`` shows (Scala's ``typeName``)."""
        return self.typeName()


class DataTypeSingleton(type):
    """Metaclass making parameterless types singletons (equality stays by value)."""

    _instances: ClassVar[dict[type, Any]] = {}

    def __call__(cls) -> Any:
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

    jsonValue = simpleString
    _tree_name = simpleString

    def __repr__(self) -> str:
        return f"CharType({self.length})"


class VarcharType(AtomicType):
    """Bounded-length string, ``varchar(n)``."""

    def __init__(self, length: int) -> None:
        self.length = length

    def simpleString(self) -> str:
        return f"varchar({self.length})"

    jsonValue = simpleString
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

    jsonValue = simpleString
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

    jsonValue = simpleString
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
            inv = cls._inverted_fields
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
        from rillet.plan.ddl import _parse_datatype_string

        return _parse_datatype_string(text)


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
