"""rillet.plan.types against PySpark 4.0.5: every literal below was printed by real PySpark."""

from __future__ import annotations

import array
import datetime
import decimal
import pickle
from collections import namedtuple
from functools import reduce

import pytest

from rillet.errors import ParseException, PySparkTypeError, PySparkValueError
from rillet.plan.ddl import _parse_datatype_string, parse_ddl_schema
from rillet.plan.type_rules import (
    arithmetic_result_type,
    decimal_for_literal,
    has_nulltype,
    infer_schema,
    infer_type,
    is_fractional,
    is_integral,
    is_numeric,
    is_string,
    merge_types,
    numeric_precedence,
    widen,
)
from rillet.plan.types import (
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
    FractionalType,
    IntegerType,
    IntegralType,
    LongType,
    MapType,
    NullType,
    NumericType,
    Row,
    ShortType,
    StringType,
    StructField,
    StructType,
    TimestampNTZType,
    TimestampType,
    VarcharType,
    YearMonthIntervalType,
    _parse_datatype_json_string,
    sql_type,
)

# ----------------------------------------------------------------- type classes


@pytest.mark.parametrize(
    ("dt", "rep", "type_name", "simple", "json_value", "need_conversion"),
    [
        (NullType(), "NullType()", "void", "void", "void", False),
        (StringType(), "StringType()", "string", "string", "string", False),
        (BinaryType(), "BinaryType()", "binary", "binary", "binary", False),
        (BooleanType(), "BooleanType()", "boolean", "boolean", "boolean", False),
        (DateType(), "DateType()", "date", "date", "date", True),
        (TimestampType(), "TimestampType()", "timestamp", "timestamp", "timestamp", True),
        (TimestampNTZType(), "TimestampNTZType()", "timestamp_ntz", "timestamp_ntz",
         "timestamp_ntz", True),
        (DecimalType(), "DecimalType(10,0)", "decimal", "decimal(10,0)", "decimal(10,0)", False),
        (DoubleType(), "DoubleType()", "double", "double", "double", False),
        (FloatType(), "FloatType()", "float", "float", "float", False),
        (ByteType(), "ByteType()", "byte", "tinyint", "byte", False),
        (ShortType(), "ShortType()", "short", "smallint", "short", False),
        (IntegerType(), "IntegerType()", "integer", "int", "integer", False),
        (LongType(), "LongType()", "long", "bigint", "long", False),
        (DayTimeIntervalType(), "DayTimeIntervalType(0, 3)", "daytimeinterval",
         "interval day to second", "interval day to second", True),
        (DayTimeIntervalType(1), "DayTimeIntervalType(1, 1)", "daytimeinterval",
         "interval hour", "interval hour", True),
        (YearMonthIntervalType(), "YearMonthIntervalType(0, 1)", "yearmonthinterval",
         "interval year to month", "interval year to month", True),
        (CalendarIntervalType(), "CalendarIntervalType()", "interval", "interval", "interval",
         True),
        (ArrayType(IntegerType()), "ArrayType(IntegerType(), True)", "array", "array<int>",
         {"type": "array", "elementType": "integer", "containsNull": True}, False),
        (MapType(StringType(), IntegerType()), "MapType(StringType(), IntegerType(), True)",
         "map", "map<string,int>",
         {"type": "map", "keyType": "string", "valueType": "integer",
          "valueContainsNull": True}, False),
        (StructType(), "StructType([])", "struct", "struct<>",
         {"type": "struct", "fields": []}, True),
    ],
)
def test_type_names_and_reprs_match_pyspark(
    dt: DataType, rep: str, type_name: str, simple: str, json_value: object,
    need_conversion: bool,
) -> None:
    assert repr(dt) == rep
    assert dt.typeName() == type_name
    assert dt.simpleString() == simple
    assert dt.jsonValue() == json_value
    assert dt.needConversion() is need_conversion
    assert _parse_datatype_json_string(dt.json()) == dt
    assert pickle.loads(pickle.dumps(dt)) == dt


def test_json_is_compact_and_sorted_like_pyspark() -> None:
    assert DecimalType(5, 2).json() == '"decimal(5,2)"'
    assert ArrayType(IntegerType()).json() == (
        '{"containsNull":true,"elementType":"integer","type":"array"}')
    assert StructField("a", IntegerType(), metadata={"x": 1}).json() == (
        '{"metadata":{"x":1},"name":"a","nullable":true,"type":"integer"}')


def test_parameterless_types_are_singletons_and_equality_is_structural() -> None:
    assert IntegerType() is IntegerType()
    assert ArrayType(StringType()) == ArrayType(StringType(), True)
    assert ArrayType(StringType(), False) != ArrayType(StringType())
    assert hash(MapType(StringType(), LongType())) == hash(MapType(StringType(), LongType()))
    assert DecimalType(5, 2) != DecimalType(5, 3)
    assert StructType([StructField("a", IntegerType())]) == StructType(
        [StructField("a", IntegerType(), True, {})])
    assert StructType([StructField("a", IntegerType())]) != StructType(
        [StructField("a", IntegerType(), metadata={"x": 1})])


def test_abstract_groupings_work_with_isinstance() -> None:
    assert isinstance(ByteType(), IntegralType) and isinstance(LongType(), NumericType)
    assert isinstance(DecimalType(), FractionalType) and isinstance(FloatType(), FractionalType)
    assert not isinstance(StringType(), NumericType)
    assert is_numeric(DecimalType()) and is_integral(ShortType()) and is_fractional(DoubleType())
    assert is_string(VarcharType(3)) and not is_string(BinaryType())
    assert numeric_precedence(ByteType()) < numeric_precedence(LongType()) \
        < numeric_precedence(DecimalType()) < numeric_precedence(FloatType()) \
        < numeric_precedence(DoubleType())
    assert numeric_precedence(StringType()) == -1


def test_struct_type_add_accepts_fields_json_names_and_ddl() -> None:
    s = StructType().add("f1", StringType(), True).add(StructField("f2", IntegerType()))
    s.add("f3", "integer").add("f4", "array<int>", False)
    assert s == StructType([
        StructField("f1", StringType()), StructField("f2", IntegerType()),
        StructField("f3", IntegerType()), StructField("f4", ArrayType(IntegerType()), False),
    ])
    assert s.fieldNames() == s.names == ["f1", "f2", "f3", "f4"]
    assert len(s) == 4 and [f.name for f in s] == s.names
    with pytest.raises(PySparkValueError, match="Argument `data_type` is required when passing "
                                               "name of struct_field to create"):
        StructType().add("a")


def test_struct_type_indexing_matches_pyspark() -> None:
    s = StructType([StructField("a", IntegerType()), StructField("b", StringType())])
    assert s["b"] == StructField("b", StringType())
    assert s[-1] == StructField("b", StringType())
    assert s[0:1] == StructType([StructField("a", IntegerType())])
    assert "a" not in s  # PySpark has no __contains__: membership is by StructField
    assert StructField("a", IntegerType()) in s
    with pytest.raises(KeyError) as key_error:
        s["c"]
    assert str(key_error.value) == "[KEY_NOT_EXISTS] Key `c` is not exists."
    with pytest.raises(IndexError) as index_error:
        s[5]
    assert str(index_error.value) == "[INDEX_OUT_OF_RANGE] StructType index out of range, got '5'."
    with pytest.raises(PySparkTypeError) as type_error:
        s[1.5]  # type: ignore[index]
    assert str(type_error.value) == (
        "[NOT_INT_OR_SLICE_OR_STR] Argument `key` should be an int, slice or str, got float.")


def _schema_with_everything() -> StructType:
    return StructType([
        StructField("a", IntegerType(), False),
        StructField("b\nc", StringType()),
        StructField("arr", ArrayType(ArrayType(LongType(), False))),
        StructField("m", MapType(StringType(), MapType(IntegerType(), StructType(
            [StructField("x", DecimalType(10, 2))]), False))),
        StructField("s", StructType([
            StructField("inner", ArrayType(StructType([StructField("deep", DateType())]))),
            StructField("t", TimestampType()), StructField("n", TimestampNTZType())])),
        StructField("mk", MapType(StructType([StructField("k1", ByteType())]), ShortType())),
        StructField("iv", DayTimeIntervalType()), StructField("ym", YearMonthIntervalType()),
        StructField("bin", BinaryType()), StructField("f", FloatType()),
        StructField("d", DoubleType()), StructField("bo", BooleanType()),
        StructField("nul", NullType()),
    ])


def test_tree_string_is_exactly_print_schema_output() -> None:
    assert _schema_with_everything().treeString() == """\
root
 |-- a: integer (nullable = false)
 |-- b\\nc: string (nullable = true)
 |-- arr: array (nullable = true)
 |    |-- element: array (containsNull = true)
 |    |    |-- element: long (containsNull = false)
 |-- m: map (nullable = true)
 |    |-- key: string
 |    |-- value: map (valueContainsNull = true)
 |    |    |-- key: integer
 |    |    |-- value: struct (valueContainsNull = false)
 |    |    |    |-- x: decimal(10,2) (nullable = true)
 |-- s: struct (nullable = true)
 |    |-- inner: array (nullable = true)
 |    |    |-- element: struct (containsNull = true)
 |    |    |    |-- deep: date (nullable = true)
 |    |-- t: timestamp (nullable = true)
 |    |-- n: timestamp_ntz (nullable = true)
 |-- mk: map (nullable = true)
 |    |-- key: struct
 |    |    |-- k1: byte (nullable = true)
 |    |-- value: short (valueContainsNull = true)
 |-- iv: interval day to second (nullable = true)
 |-- ym: interval year to month (nullable = true)
 |-- bin: binary (nullable = true)
 |-- f: float (nullable = true)
 |-- d: double (nullable = true)
 |-- bo: boolean (nullable = true)
 |-- nul: void (nullable = true)
"""


def test_tree_string_respects_max_depth_like_print_schema_level() -> None:
    assert _schema_with_everything()[2:6].treeString(2) == """\
root
 |-- arr: array (nullable = true)
 |    |-- element: array (containsNull = true)
 |-- m: map (nullable = true)
 |    |-- key: string
 |    |-- value: map (valueContainsNull = true)
 |-- s: struct (nullable = true)
 |    |-- inner: array (nullable = true)
 |    |-- t: timestamp (nullable = true)
 |    |-- n: timestamp_ntz (nullable = true)
 |-- mk: map (nullable = true)
 |    |-- key: struct
 |    |-- value: short (valueContainsNull = true)
"""
    assert StructType().treeString() == "root\n"


def test_simple_string_and_repr_of_nested_struct() -> None:
    s = _schema_with_everything()[2:4]
    assert s.simpleString() == (
        "struct<arr:array<array<bigint>>,m:map<string,map<int,struct<x:decimal(10,2)>>>>")
    assert repr(s) == (
        "StructType([StructField('arr', ArrayType(ArrayType(LongType(), False), True), True), "
        "StructField('m', MapType(StringType(), MapType(IntegerType(), StructType("
        "[StructField('x', DecimalType(10,2), True)]), False), True), True)])")
    assert StructType.fromJson(s.jsonValue()) == s


def test_to_ddl_and_sql_type_match_spark() -> None:
    ddl = ("a INT NOT NULL,`b c` STRING,`x``y` ARRAY<DECIMAL(5,2)>,m MAP<STRING, STRUCT<q: "
           "BIGINT NOT NULL COMMENT 'it\\'s'>>,t TIMESTAMP COMMENT 'hello',n TIMESTAMP_NTZ,"
           "i INTERVAL DAY TO SECOND,by TINYINT,sh SMALLINT,bo BOOLEAN,bi BINARY,d DATE,"
           "f FLOAT,do DOUBLE,nu VOID,ym INTERVAL MONTH,c INTERVAL")
    assert parse_ddl_schema(ddl).toDDL() == ddl
    assert sql_type(_parse_datatype_string(
        "struct<a:int not null,`b c`:map<string,array<decimal(2,1)>>>")) == (
        "STRUCT<a: INT NOT NULL, `b c`: MAP<STRING, ARRAY<DECIMAL(2,1)>>>")


# ------------------------------------------------------------------------ DDL


@pytest.mark.parametrize(
    ("ddl", "expected"),
    [
        ("a int, b string",
         "StructType([StructField('a', IntegerType(), True), StructField('b', StringType(), "
         "True)])"),
        ("a: int, b: string",
         "StructType([StructField('a', IntegerType(), True), StructField('b', StringType(), "
         "True)])"),
        ("int", "IntegerType()"), ("bigint", "LongType()"), ("long", "LongType()"),
        ("string", "StringType()"), ("double", "DoubleType()"), ("float", "FloatType()"),
        ("real", "FloatType()"), ("boolean", "BooleanType()"), ("tinyint", "ByteType()"),
        ("byte", "ByteType()"), ("smallint", "ShortType()"), ("short", "ShortType()"),
        ("date", "DateType()"), ("timestamp", "TimestampType()"),
        ("timestamp_ltz", "TimestampType()"), ("TIMESTAMP_NTZ", "TimestampNTZType()"),
        ("binary", "BinaryType()"), ("void", "NullType()"), ("integer", "IntegerType()"),
        ("decimal", "DecimalType(10,0)"), ("decimal(10,2)", "DecimalType(10,2)"),
        ("dec(5)", "DecimalType(5,0)"), ("numeric(7,3)", "DecimalType(7,3)"),
        ("decimal(38,38)", "DecimalType(38,38)"), ("char(5)", "CharType(5)"),
        ("varchar(3)", "VarcharType(3)"), ("interval", "CalendarIntervalType()"),
        ("interval day", "DayTimeIntervalType(0, 0)"),
        ("interval day to second", "DayTimeIntervalType(0, 3)"),
        ("interval hour to minute", "DayTimeIntervalType(1, 2)"),
        ("interval year to month", "YearMonthIntervalType(0, 1)"),
        ("interval month", "YearMonthIntervalType(1, 1)"),
        ("array<int>", "ArrayType(IntegerType(), True)"),
        ("Array<Int>", "ArrayType(IntegerType(), True)"),
        (" map<string , string > ", "MapType(StringType(), StringType(), True)"),
        ("map<array<int>,string>", "MapType(ArrayType(IntegerType(), True), StringType(), True)"),
        ("struct<a:int,b:array<string>>",
         "StructType([StructField('a', IntegerType(), True), StructField('b', "
         "ArrayType(StringType(), True), True)])"),
        ("struct<a int, b string>",
         "StructType([StructField('a', IntegerType(), True), StructField('b', StringType(), "
         "True)])"),
        ("struct<>", "StructType([])"), ("", "StructType([])"),
        ("`a b` int, `c``d` string",
         "StructType([StructField('a b', IntegerType(), True), StructField('c`d', StringType(), "
         "True)])"),
        ("A INT NOT NULL COMMENT 'x', B STRING",
         "StructType([StructField('A', IntegerType(), False), StructField('B', StringType(), "
         "True)])"),
        ("a: byte, b: decimal(  16 , 8   ) ",
         "StructType([StructField('a', ByteType(), True), StructField('b', DecimalType(16,8), "
         "True)])"),
        ("struct<a:int not null comment 'x'>",
         "StructType([StructField('a', IntegerType(), False)])"),
        ("a map<string,int> not null",
         "StructType([StructField('a', MapType(StringType(), IntegerType(), True), False)])"),
        ("a int, a string",
         "StructType([StructField('a', IntegerType(), True), StructField('a', StringType(), "
         "True)])"),
        ("a -- comment\n int", "StructType([StructField('a', IntegerType(), True)])"),
        ("a /* x */ int", "StructType([StructField('a', IntegerType(), True)])"),
        ("`` int", "StructType([StructField('', IntegerType(), True)])"),
        ("a string collate utf8_lcase",
         "StructType([StructField('a', StringType('UTF8_LCASE'), True)])"),
        ("a: array<map<string,struct<x:int,y:double>>>",
         "StructType([StructField('a', ArrayType(MapType(StringType(), StructType([StructField("
         "'x', IntegerType(), True), StructField('y', DoubleType(), True)]), True), True), "
         "True)])"),
    ],
)
def test_ddl_parses_like_pyspark(ddl: str, expected: str) -> None:
    assert repr(_parse_datatype_string(ddl)) == expected
    assert repr(DataType.fromDDL(ddl)) == expected


def test_ddl_comments_are_kept_in_metadata() -> None:
    s = _parse_datatype_string("a int comment 'x\\'y', b int comment \"d\\\"q\"")
    assert [f.metadata for f in s] == [{"comment": "x'y"}, {"comment": 'd"q'}]


@pytest.mark.parametrize(
    ("ddl", "condition", "message"),
    [
        ("bool", "PARSE_SYNTAX_ERROR",
         "\n[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 "
         "(line 1, pos 4)\n\n== SQL ==\nbool\n----^^^\n"),
        ("a int,", "PARSE_SYNTAX_ERROR",
         "\n[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 "
         "(line 1, pos 6)\n\n== SQL ==\na int,\n------^^^\n"),
        ("array<int", "PARSE_SYNTAX_ERROR",
         "\n[PARSE_SYNTAX_ERROR] Syntax error at or near '<'. SQLSTATE: 42601 "
         "(line 1, pos 5)\n\n== SQL ==\narray<int\n-----^^^\n"),
        ("map<int, boolean>>", "PARSE_SYNTAX_ERROR",
         "\n[PARSE_SYNTAX_ERROR] Syntax error at or near '<'. SQLSTATE: 42601 "
         "(line 1, pos 3)\n\n== SQL ==\nmap<int, boolean>>\n---^^^\n"),
        ("a b c", "PARSE_SYNTAX_ERROR",
         "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'c': extra input 'c'. SQLSTATE: 42601 "
         "(line 1, pos 4)\n\n== SQL ==\na b c\n----^^^\n"),
        ("a int not", "PARSE_SYNTAX_ERROR",
         "\n[PARSE_SYNTAX_ERROR] Syntax error at or near end of input: missing 'NULL'. "
         "SQLSTATE: 42601 (line 1, pos 9)\n\n== SQL ==\na int not\n---------^^^\n"),
        ("array<>", "PARSE_SYNTAX_ERROR",
         "\n[PARSE_SYNTAX_ERROR] Syntax error at or near '<>'. SQLSTATE: 42601 "
         "(line 1, pos 5)\n\n== SQL ==\narray<>\n-----^^^\n"),
        ("a array<int not null>", "PARSE_SYNTAX_ERROR",
         "\n[PARSE_SYNTAX_ERROR] Syntax error at or near '<'. SQLSTATE: 42601 "
         "(line 1, pos 7)\n\n== SQL ==\na array<int not null>\n-------^^^\n"),
        ("interval day to day", "PARSE_SYNTAX_ERROR",
         "\n[PARSE_SYNTAX_ERROR] Syntax error at or near 'to'. SQLSTATE: 42601 "
         "(line 1, pos 13)\n\n== SQL ==\ninterval day to day\n-------------^^^\n"),
        ("decimal(40,2)", "PARSE_SYNTAX_ERROR",
         "\n[PARSE_SYNTAX_ERROR] Syntax error at or near '('. SQLSTATE: 42601 "
         "(line 1, pos 7)\n\n== SQL ==\ndecimal(40,2)\n-------^^^\n"),
        ("a int,\nb foo", "UNSUPPORTED_DATATYPE",
         "\n[UNSUPPORTED_DATATYPE] Unsupported data type \"FOO\". SQLSTATE: 0A000 "
         "(line 2, pos 2)\n\n== SQL ==\na int,\nb foo\n--^^^\n"),
        ("a varchar", "DATATYPE_MISSING_SIZE",
         "\n[DATATYPE_MISSING_SIZE] DataType \"VARCHAR\" requires a length parameter, for "
         "example \"VARCHAR\"(10). Please specify the length. SQLSTATE: 42K01 "
         "(line 1, pos 2)\n\n== SQL ==\na varchar\n--^^^\n"),
        ("a decimal(5,6)", "_LEGACY_ERROR_TEMP_1228",
         "\nDecimal scale (6) cannot be greater than precision (5).\n== SQL ==\na decimal(5,6)"),
    ],
)
def test_malformed_ddl_raises_spark_parse_exception(ddl: str, condition: str,
                                                    message: str) -> None:
    with pytest.raises(ParseException) as err:
        _parse_datatype_string(ddl)
    assert err.value.getErrorClass() == condition
    assert str(err.value) == message


def test_decimal_precision_over_38_is_a_parse_exception() -> None:
    # PySpark raises ArithmeticException here; rillet keeps every DDL failure a ParseException
    with pytest.raises(ParseException, match="Decimal precision 40 exceeds max precision 38"):
        _parse_datatype_string("a decimal(40,2)")


def test_parse_ddl_schema_is_strict_like_reader_schema() -> None:
    assert parse_ddl_schema("a int") == StructType([StructField("a", IntegerType())])
    with pytest.raises(ParseException) as err:
        parse_ddl_schema("struct<a:int>")
    assert str(err.value) == (
        "\n[PARSE_SYNTAX_ERROR] Syntax error at or near '<'. SQLSTATE: 42601 (line 1, pos 6)"
        "\n\n== SQL ==\nstruct<a:int>\n------^^^\n")
    with pytest.raises(ParseException, match="at or near end of input"):
        parse_ddl_schema("int")


# ------------------------------------------------------------------------ Row


def test_row_with_keywords_keeps_order_and_reads_by_name() -> None:
    row = Row(name="Alice", age=11)
    assert repr(row) == "Row(name='Alice', age=11)"
    assert (row.name, row["age"], row[0]) == ("Alice", 11, "Alice")
    assert "name" in row and "wrong_key" not in row
    assert row == ("Alice", 11) and row.__fields__ == ["name", "age"]
    assert row.asDict() == {"name": "Alice", "age": 11}
    assert pickle.loads(pickle.dumps(row)).__fields__ == ["name", "age"]
    assert repr(Row(z=1, a=2)) == "Row(z=1, a=2)"


def test_row_factory_and_positional_rows() -> None:
    person = Row("name", "age")
    assert repr(person) == "<Row('name', 'age')>"
    assert repr(person("Alice", 11)) == "Row(name='Alice', age=11)"
    assert repr(person("Alice")) == "Row(name='Alice')"
    assert "name" in person
    assert Row("Alice", 11) == Row(name="Alice", age=11)
    assert repr(Row(1, 2)) == "<Row(1, 2)>" and 1 in Row(1, 2)
    with pytest.raises(PySparkValueError, match=r"\[TOO_MANY_VALUES\] Expected 2 values for "
                                               r"`fields`, got 3\."):
        person(1, 2, 3)


def test_row_as_dict_recursive_converts_nested_rows() -> None:
    row = Row(a=Row(b=[Row(c=1)]), d={"k": Row(e=2)})
    assert row.asDict(True) == {"a": {"b": [{"c": 1}]}, "d": {"k": {"e": 2}}}
    with pytest.raises(PySparkTypeError, match=r"Cannot convert Row into dict\."):
        Row(1, 2).asDict()


def test_row_errors_match_pyspark() -> None:
    row = Row(a=1, b="x")
    with pytest.raises(AttributeError, match=r"\[ATTRIBUTE_NOT_SUPPORTED\] Attribute `c` is not "
                                             r"supported\."):
        row.c  # noqa: B018
    with pytest.raises(PySparkValueError, match="^c$"):
        row["c"]
    with pytest.raises(RuntimeError, match=r"\[READ_ONLY\] Row is read-only\."):
        row.a = 5
    with pytest.raises(PySparkValueError, match=r"args and kwargs should not be set together"):
        Row(1, a=2)


# ------------------------------------------------------------------ inference


P = namedtuple("P", "x y")


def _schema_of(rows: list[object]) -> str:
    """What ``spark.createDataFrame(rows).schema`` infers (before the null-type check)."""
    return repr(reduce(merge_types, (infer_schema(r) for r in rows)))


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([(1, "a")],
         "StructType([StructField('_1', LongType(), True), StructField('_2', StringType(), "
         "True)])"),
        ([{"b": 1, "a": "x"}],
         "StructType([StructField('a', StringType(), True), StructField('b', LongType(), "
         "True)])"),
        ([Row(b=1, a="x")],
         "StructType([StructField('b', LongType(), True), StructField('a', StringType(), "
         "True)])"),
        ([P(1, 2.0)],
         "StructType([StructField('x', LongType(), True), StructField('y', DoubleType(), "
         "True)])"),
        ([(None, 1), (2, None)],
         "StructType([StructField('_1', LongType(), True), StructField('_2', LongType(), "
         "True)])"),
        ([(1,), ("a",)], "StructType([StructField('_1', StringType(), True)])"),
        ([(decimal.Decimal("1.5"),)], "StructType([StructField('_1', DecimalType(38,18), True)])"),
        ([(datetime.datetime(2020, 1, 1),)],
         "StructType([StructField('_1', TimestampType(), True)])"),
        ([(datetime.date(2020, 1, 1),)], "StructType([StructField('_1', DateType(), True)])"),
        ([(datetime.timedelta(1),)],
         "StructType([StructField('_1', DayTimeIntervalType(0, 3), True)])"),
        ([(b"ab", bytearray(b"x"))],
         "StructType([StructField('_1', BinaryType(), True), StructField('_2', BinaryType(), "
         "True)])"),
        ([([1, None, 3],)], "StructType([StructField('_1', ArrayType(LongType(), True), True)])"),
        ([([1, "a"],)], "StructType([StructField('_1', ArrayType(StringType(), True), True)])"),
        ([((1, "a"),)],
         "StructType([StructField('_1', StructType([StructField('_1', LongType(), True), "
         "StructField('_2', StringType(), True)]), True)])"),
        ([({"k": 1},)],
         "StructType([StructField('_1', MapType(StringType(), LongType(), True), True)])"),
        ([({1: "a", "b": "c"},)],
         "StructType([StructField('_1', MapType(StringType(), StringType(), True), True)])"),
        ([([Row(x=1), Row(y=2)],)],
         "StructType([StructField('_1', ArrayType(StructType([StructField('x', LongType(), "
         "True), StructField('y', LongType(), True)]), True), True)])"),
        ([(Row(x=1),), (Row(y="a"),)],
         "StructType([StructField('_1', StructType([StructField('x', LongType(), True), "
         "StructField('y', StringType(), True)]), True)])"),
        ([(2**70,)], "StructType([StructField('_1', LongType(), True)])"),
        ([([1],), (["a"],)], "StructType([StructField('_1', ArrayType(StringType(), True), "
                             "True)])"),
        ([(array.array("i", [1]),)],
         "StructType([StructField('_1', ArrayType(IntegerType(), False), True)])"),
    ],
)
def test_inferred_schema_matches_create_data_frame(rows: list[object], expected: str) -> None:
    assert _schema_of(rows) == expected


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([(1,), (1.5,)], "[CANNOT_MERGE_TYPE] Can not merge type `LongType` and `DoubleType`."),
        ([(True,), (1,)], "[CANNOT_MERGE_TYPE] Can not merge type `BooleanType` and `LongType`."),
        ([(datetime.date(2020, 1, 1),), (datetime.datetime(2020, 1, 1),)],
         "[CANNOT_MERGE_TYPE] Can not merge type `DateType` and `TimestampType`."),
        ([([1, 2.0],)], "[CANNOT_INFER_TYPE_FOR_FIELD] Unable to infer the type of the field `_1`."),
    ],
)
def test_incompatible_values_in_one_column_raise_like_pyspark(rows: list[object],
                                                              message: str) -> None:
    with pytest.raises(PySparkTypeError) as err:
        _schema_of(rows)
    assert str(err.value) == message


def test_infer_type_of_single_values() -> None:
    assert infer_type(None) == NullType()
    assert infer_type(True) == BooleanType()
    assert infer_type([]) == ArrayType(NullType())
    assert infer_type(datetime.datetime(2020, 1, 1), prefer_timestamp_ntz=True) == \
        TimestampNTZType()
    assert infer_type({"a": 1}, infer_dict_as_struct=True) == StructType(
        [StructField("a", LongType())])
    assert has_nulltype(infer_schema(({"k": None},)))
    assert not has_nulltype(infer_schema((1,)))
    with pytest.raises(PySparkTypeError, match="Unsupported DataType `set`"):
        infer_type(set())


# ------------------------------------------------------------------ widening

B, S, INT, L = ByteType(), ShortType(), IntegerType(), LongType()
F, D, STR = FloatType(), DoubleType(), StringType()
D52, D200 = DecimalType(5, 2), DecimalType(20, 0)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [  # typeof(coalesce(a, b)) in PySpark 4.0.5, ANSI on
        (B, S, S), (INT, L, L), (B, F, D), (F, F, F), (F, D, D), (L, D, D),
        (B, D52, D52), (S, D52, DecimalType(7, 2)), (INT, D52, DecimalType(12, 2)),
        (L, D52, DecimalType(22, 2)), (D52, D200, DecimalType(22, 2)), (F, D52, D),
        (DecimalType(38, 0), DecimalType(38, 10), DecimalType(38, 0)),
        (L, DecimalType(38, 30), DecimalType(38, 18)),
        (STR, B, L), (STR, L, L), (STR, F, D), (STR, D52, D), (STR, STR, STR),
        (STR, BooleanType(), BooleanType()), (STR, DateType(), DateType()),
        (STR, TimestampNTZType(), TimestampNTZType()), (STR, BinaryType(), BinaryType()),
        (NullType(), STR, STR), (NullType(), NullType(), NullType()), (NullType(), F, F),
        (DateType(), TimestampType(), TimestampType()),
        (DateType(), TimestampNTZType(), TimestampNTZType()),
        (TimestampNTZType(), TimestampType(), TimestampType()),
        (DayTimeIntervalType(0, 0), DayTimeIntervalType(1, 1), DayTimeIntervalType(0, 1)),
        (ArrayType(INT), ArrayType(STR), ArrayType(L)),
        (ArrayType(INT), ArrayType(D), ArrayType(D)),
        (MapType(INT, STR), MapType(L, STR), MapType(L, STR)),
        (StructType([StructField("a", INT)]), StructType([StructField("a", L)]),
         StructType([StructField("a", L)])),
        (StructType([StructField("a", INT)]), StructType([StructField("b", L)]), None),
        (BooleanType(), INT, None), (BinaryType(), INT, None), (DateType(), INT, None),
        (DayTimeIntervalType(), YearMonthIntervalType(), None),
    ],
)
def test_widen_matches_spark_ansi_coercion(a: DataType, b: DataType,
                                           expected: DataType | None) -> None:
    assert widen(a, b) == expected
    assert widen(b, a) == expected


@pytest.mark.parametrize(
    ("op", "a", "b", "expected"),
    [  # typeof(a op b) in PySpark 4.0.5, ANSI on; "1" is an int literal
        ("+", B, S, S), ("+", B, F, D), ("+", F, F, F), ("+", STR, INT, L), ("+", STR, F, D),
        ("+", STR, D52, D), ("+", STR, STR, None), ("+", BooleanType(), INT, None),
        ("+", NullType(), NullType(), D), ("+", NullType(), B, B), ("+", NullType(), STR, None),
        ("+", B, D52, DecimalType(6, 2)), ("+", S, D52, DecimalType(8, 2)),
        ("+", decimal_for_literal(1), D52, DecimalType(6, 2)), ("+", D52, D200, DecimalType(23, 2)),
        ("*", D52, D52, DecimalType(11, 4)), ("*", D200, D200, DecimalType(38, 0)),
        ("*", B, D200, DecimalType(24, 0)), ("*", NullType(), D52, DecimalType(11, 4)),
        ("/", INT, INT, D), ("/", B, D52, DecimalType(11, 6)), ("/", D52, S, DecimalType(11, 8)),
        ("/", D52, D52, DecimalType(13, 8)), ("/", D200, D200, DecimalType(38, 18)),
        ("/", D200, B, DecimalType(26, 6)), ("/", NullType(), D52, D),
        ("/", D52, NullType(), DecimalType(13, 8)), ("/", STR, INT, D),
        ("div", INT, L, L), ("div", D52, D200, L), ("div", F, INT, None), ("div", STR, INT, L),
        ("div", STR, D52, None), ("div", NullType(), NullType(), L),
        ("%", B, S, S), ("%", F, F, F), ("%", D200, B, DecimalType(3, 0)),
        ("%", D52, D200, DecimalType(5, 2)), ("%", decimal_for_literal(1), D200,
                                              DecimalType(1, 0)),
    ],
)
def test_arithmetic_result_type_matches_spark(op: str, a: DataType, b: DataType,
                                              expected: DataType | None) -> None:
    assert arithmetic_result_type(op, a, b) == expected


def test_merge_types_keeps_pyspark_rules_not_widening() -> None:
    assert merge_types(NullType(), LongType()) == LongType()
    assert merge_types(TimestampNTZType(), TimestampType()) == TimestampType()
    assert merge_types(LongType(), StringType()) == StringType()
    assert merge_types(ArrayType(LongType(), False), ArrayType(NullType())) == \
        ArrayType(LongType(), True)
    with pytest.raises(PySparkTypeError) as err:
        merge_types(IntegerType(), LongType())
    assert err.value.getErrorClass() == "CANNOT_MERGE_TYPE"
    assert err.value.getMessageParameters() == {"data_type1": "IntegerType",
                                                "data_type2": "LongType"}


def test_constructors_reject_non_datatypes() -> None:
    with pytest.raises(PySparkTypeError, match="elementType 'int' should be an instance of"):
        ArrayType("int")  # type: ignore[arg-type]
    with pytest.raises(PySparkTypeError):
        StructType(["a"])  # type: ignore[list-item]
    assert CharType(3) == CharType(3) != VarcharType(3)
