"""Spark's DDL grammar for types and column lists (``"a INT NOT NULL, b ARRAY<STRING>"``).

Backs ``DataType.fromDDL``, ``StructType.add("a", "int")``, ``spark.createDataFrame(...,
schema="a int")`` and ``DataFrameReader.schema(str)``; re-exported by
:mod:`rillet.plan.types`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

from rillet.errors import ParseException, render_message
from rillet.plan.types import (
    MAX_DECIMAL_PRECISION,
    ArrayType,
    BinaryType,
    BooleanType,
    ByteType,
    CalendarIntervalType,
    CharType,
    DataType,
    DateType,
    DayTimeIntervalType,
    DecimalType,
    DoubleType,
    FloatType,
    IntegerType,
    LongType,
    MapType,
    NullType,
    ShortType,
    StringType,
    StructField,
    StructType,
    TimestampNTZType,
    TimestampType,
    VarcharType,
    VariantType,
    YearMonthIntervalType,
)

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
            msg = f"\n{render_message(condition, params)}\n== SQL ==\n{self.text}"
            return ParseException(message=msg, errorClass=condition, messageParameters=params)
        line = self.text.count("\n", 0, pos) + 1
        col = pos - (self.text.rfind("\n", 0, pos) + 1)
        lines = self.text.split("\n")
        context = "".join(f"{ln}\n" for ln in lines[:line]) + "-" * col + "^^^\n"
        context += "".join(f"{ln}\n" for ln in lines[line:])
        msg = f"\n{render_message(condition, params)} (line {line}, pos {col})\n\n== SQL ==\n{context}"
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
