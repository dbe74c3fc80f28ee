"""show_string / format_cell / Java number rendering against Spark 4's ``df.show()``.

Every expected string below was printed by PySpark 4.0.5 on Java 17 for the same
data (``spark.createDataFrame(arrow_table)._show_string(n, truncate, vertical)``);
``test_show_string_matches_pyspark_live`` re-checks a set of frames against a live
PySpark when Java is available.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import shutil
import struct
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest

from rillet.compute.show import (
    format_cell,
    java_double_to_string,
    java_float_to_string,
    show_string,
)
from rillet.errors import PySparkTypeError, UnsupportedOperationException

UTC = dt.timezone.utc


def text(*lines: str, end: str = "\n") -> str:
    """Lines joined the way showString joins them (tables end with a newline)."""
    return "\n".join(lines) + end


def _ints_strs() -> pa.Table:
    return pa.table(
        {
            "id": pa.array([1, 2, 3, None], pa.int64()),
            "name": pa.array(["a", "bb", None, "dddd"]),
        }
    )


def _long_str() -> pa.Table:
    return pa.table(
        {
            "s": ["x" * 25, "short", "y" * 20, "z" * 21],
            "a_very_long_column_name_over_20": [1, 2, 3, 4],
        }
    )


def _many(rows: int) -> pa.Table:
    return pa.table({"i": pa.array(range(rows), pa.int64())})


def _empty_rows() -> pa.Table:
    return pa.table({"a": pa.array([], pa.int64()), "b": pa.array([], pa.string())})


def _no_columns(rows: int) -> pa.Table:
    return pa.table({"x": pa.array(range(rows), pa.int64())}).select([])


def _cjk() -> pa.Table:
    return pa.table(
        {
            "名前": [
                "张三",
                "Ｆｕｌｌ",
                "abc",
                "한국어",
                "日本語のテキストはとても長いですね本当に",
                "ｶﾀｶﾅ",
            ],
            "v": [1, 22, 333, 4, 5, 6],
        }
    )


def _emoji() -> pa.Table:
    return pa.table({"e": ["😀", "a😀b", "😀" * 12, "x" * 16 + "😀😀", "é", "e\u0301"]})


def _meta() -> pa.Table:
    return pa.table(
        {
            "col\nname": [
                "a\nb",
                "tab\there",
                "cr\rx",
                "bell\x07",
                "vt\x0bff\x0cbs\x08",
                "back\\slash",
            ]
        }
    )


def _nested() -> pa.Table:
    return pa.table(
        {
            "arr": pa.array([[1, 2, None], [], None, [None]], pa.list_(pa.int64())),
            "m": pa.array(
                [[("a", 1), ("b", None)], [], None, [("k", 3)]],
                pa.map_(pa.string(), pa.int64()),
            ),
            "st": pa.array(
                [{"x": 1, "y": "abc"}, {"x": None, "y": None}, None, {"x": 4, "y": ""}],
                pa.struct([("x", pa.int64()), ("y", pa.string())]),
            ),
        }
    )


def _nested2() -> pa.Table:
    return pa.table(
        {
            "aa": pa.array(
                [[[1.5, None], None, []], None], pa.list_(pa.list_(pa.float64()))
            ),
            "as": pa.array(
                [[{"a": 1, "b": [True, None]}, None], [{"a": None, "b": None}]],
                pa.list_(pa.struct([("a", pa.int32()), ("b", pa.list_(pa.bool_()))])),
            ),
            "ma": pa.array(
                [[("k", [1, 2]), ("j", None)], [("z", [])]],
                pa.map_(pa.string(), pa.list_(pa.int32())),
            ),
            "sm": pa.array(
                [{"m": [(1, "x")], "d": dt.date(2020, 2, 29)}, {"m": None, "d": None}],
                pa.struct(
                    [("m", pa.map_(pa.int32(), pa.string())), ("d", pa.date32())]
                ),
            ),
            "ts_arr": pa.array(
                [[dt.datetime(2024, 1, 1, 1, 2, 3, 400000, tzinfo=UTC), None], None],
                pa.list_(pa.timestamp("us", tz="UTC")),
            ),
            "bin_arr": pa.array([[b"ab", None], [b""]], pa.list_(pa.binary())),
            "dec_arr": pa.array(
                [[Decimal("1.10"), None], []], pa.list_(pa.decimal128(4, 2))
            ),
            "f_st": pa.array(
                [{"f": 1.0e10, "g": 0.1}, {"f": None, "g": float("nan")}],
                pa.struct([("f", pa.float64()), ("g", pa.float32())]),
            ),
        }
    )


def _decimals() -> pa.Table:
    return pa.table(
        {
            "d": pa.array(
                [
                    Decimal("1.50"),
                    Decimal("-0.05"),
                    Decimal("0.00"),
                    None,
                    Decimal("123456789012345678.90"),
                ],
                pa.decimal128(20, 2),
            ),
            "z": pa.array(
                [
                    Decimal("0E-10"),
                    Decimal("1E-10"),
                    Decimal("-12.5000000000"),
                    None,
                    Decimal("7.0000000000"),
                ],
                pa.decimal128(38, 10),
            ),
            "i": pa.array(
                [Decimal(5), Decimal(-10), Decimal(0), Decimal(12345), None],
                pa.decimal128(5, 0),
            ),
        }
    )


def _binary() -> pa.Table:
    values = [b"He", b"", None, bytes(range(0, 256, 17)), b"\x00\xff"]
    return pa.table({"b": pa.array(values, pa.binary())})


def _dates() -> pa.Table:
    values = [
        dt.date(2024, 1, 31),
        dt.date(1, 1, 1),
        dt.date(9999, 12, 31),
        None,
        dt.date(1582, 10, 10),
    ]
    return pa.table({"d": pa.array(values, pa.date32())})


_WALL_TIMES = [
    dt.datetime(2024, 1, 31, 12, 34, 56),
    dt.datetime(2024, 1, 31, 12, 34, 56, 123000),
    dt.datetime(2024, 7, 1, 0, 0, 0, 1),
    dt.datetime(1850, 3, 1, 8, 0, 0, 100000),
    None,
    dt.datetime(1970, 1, 1),
    dt.datetime(2024, 3, 10, 10, 30, 0, 120),
]


def _timestamps() -> pa.Table:
    instants = [t.replace(tzinfo=UTC) if t else None for t in _WALL_TIMES]
    return pa.table(
        {
            "ts": pa.array(instants, pa.timestamp("us", tz="UTC")),
            "ntz": pa.array(_WALL_TIMES, pa.timestamp("us")),
        }
    )


def _intervals() -> pa.Table:
    values = [
        dt.timedelta(days=1, hours=2, minutes=3, seconds=4),
        dt.timedelta(0),
        dt.timedelta(microseconds=1),
        -dt.timedelta(days=1, seconds=1, microseconds=500000),
        dt.timedelta(seconds=59, microseconds=999999),
        dt.timedelta(days=106751991),
        None,
        dt.timedelta(seconds=10, microseconds=120000),
        dt.timedelta(hours=-3),
    ]
    return pa.table({"iv": pa.array(values, pa.duration("us"))})


def _doubles() -> pa.Table:
    values = [
        2.0e-3,
        1.0e7,
        9999999.0,
        0.1 + 0.2,
        1e21,
        100.0,
        123456789.123,
        1e-5,
        1e23,
        -0.0,
        float("nan"),
        float("inf"),
        float("-inf"),
        None,
        1.0,
        0.001,
        1e-3 * 0.999,
    ]
    return pa.table({"d": pa.array(values, pa.float64())})


def _floats() -> pa.Table:
    values = [
        0.1,
        1.0e7,
        9999999.0,
        1e-5,
        3.4e38,
        1.17549435e-38,
        1.4e-45,
        16777216.0,
        0.3,
        None,
        float("nan"),
    ]
    return pa.table({"f": pa.array(values, pa.float32())})


def _bools_ints() -> pa.Table:
    return pa.table(
        {
            "b": pa.array([True, False, None]),
            "i8": pa.array([1, -2, None], pa.int8()),
            "i16": pa.array([300, None, -300], pa.int16()),
            "i32": pa.array([2**31 - 1, -(2**31), 0], pa.int32()),
        }
    )


def _large() -> pa.Table:
    return pa.table(
        {
            "ls": pa.array(["a", None], pa.large_string()),
            "ll": pa.array([[1], None], pa.large_list(pa.int16())),
            "lb": pa.array([b"\x01", None], pa.large_binary()),
        }
    )


def _nulls() -> pa.Table:
    return pa.table(
        {"n": pa.array([None, None], pa.null()), "i": pa.array([None, 1], pa.int64())}
    )


def _wide_mixed() -> pa.Table:
    return pa.table(
        {
            "k": ["short", "a much longer string value here", "mid"],
            "n": [1, 1234567890123, -5],
            "d": [1.5, -2.25e-7, 3.0e15],
        }
    )


GRID_CASES = [
    pytest.param(
        _ints_strs(),
        20,
        True,
        False,
        "UTC",
        text(
            "+----+----+",
            "|  id|name|",
            "+----+----+",
            "|   1|   a|",
            "|   2|  bb|",
            "|   3|NULL|",
            "|NULL|dddd|",
            "+----+----+",
        ),
        id="right_aligned_with_nulls",
    ),
    pytest.param(
        _ints_strs(),
        20,
        False,
        False,
        "UTC",
        text(
            "+----+----+",
            "|id  |name|",
            "+----+----+",
            "|1   |a   |",
            "|2   |bb  |",
            "|3   |NULL|",
            "|NULL|dddd|",
            "+----+----+",
        ),
        id="left_aligned_when_truncate_false",
    ),
    pytest.param(
        _ints_strs(),
        20,
        True,
        True,
        "UTC",
        text(
            "-RECORD 0----",
            " id   | 1    ",
            " name | a    ",
            "-RECORD 1----",
            " id   | 2    ",
            " name | bb   ",
            "-RECORD 2----",
            " id   | 3    ",
            " name | NULL ",
            "-RECORD 3----",
            " id   | NULL ",
            " name | dddd ",
        ),
        id="vertical_records",
    ),
    pytest.param(
        _ints_strs().slice(0, 3),
        2,
        False,
        True,
        "UTC",
        text(
            "-RECORD 0---",
            " id   | 1   ",
            " name | a   ",
            "-RECORD 1---",
            " id   | 2   ",
            " name | bb  ",
            "only showing top 2 rows",
            end="",
        ),
        id="vertical_footer_without_newline",
    ),
    pytest.param(
        _long_str(),
        20,
        True,
        False,
        "UTC",
        text(
            "+--------------------+-------------------------------+",
            "|                   s|a_very_long_column_name_over_20|",
            "+--------------------+-------------------------------+",
            "|xxxxxxxxxxxxxxxxx...|                              1|",
            "|               short|                              2|",
            "|yyyyyyyyyyyyyyyyyyyy|                              3|",
            "|zzzzzzzzzzzzzzzzz...|                              4|",
            "+--------------------+-------------------------------+",
        ),
        id="truncate_20_with_ellipsis_header_not_truncated",
    ),
    pytest.param(
        _long_str(),
        20,
        5,
        False,
        "UTC",
        text(
            "+-----+-------------------------------+",
            "|    s|a_very_long_column_name_over_20|",
            "+-----+-------------------------------+",
            "|xx...|                              1|",
            "|short|                              2|",
            "|yy...|                              3|",
            "|zz...|                              4|",
            "+-----+-------------------------------+",
        ),
        id="truncate_5",
    ),
    pytest.param(
        _long_str(),
        20,
        4,
        False,
        "UTC",
        text(
            "+----+-------------------------------+",
            "|   s|a_very_long_column_name_over_20|",
            "+----+-------------------------------+",
            "|x...|                              1|",
            "|s...|                              2|",
            "|y...|                              3|",
            "|z...|                              4|",
            "+----+-------------------------------+",
        ),
        id="truncate_4_keeps_one_char_and_ellipsis",
    ),
    pytest.param(
        _long_str(),
        20,
        3,
        False,
        "UTC",
        text(
            "+---+-------------------------------+",
            "|  s|a_very_long_column_name_over_20|",
            "+---+-------------------------------+",
            "|xxx|                              1|",
            "|sho|                              2|",
            "|yyy|                              3|",
            "|zzz|                              4|",
            "+---+-------------------------------+",
        ),
        id="truncate_below_4_cuts_without_ellipsis",
    ),
    pytest.param(
        _long_str(),
        20,
        1,
        False,
        "UTC",
        text(
            "+---+-------------------------------+",
            "|  s|a_very_long_column_name_over_20|",
            "+---+-------------------------------+",
            "|  x|                              1|",
            "|  s|                              2|",
            "|  y|                              3|",
            "|  z|                              4|",
            "+---+-------------------------------+",
        ),
        id="truncate_1_still_min_width_3",
    ),
    pytest.param(
        _long_str(),
        20,
        5,
        True,
        "UTC",
        text(
            "-RECORD 0--------------------------------",
            " s                               | xx... ",
            " a_very_long_column_name_over_20 | 1     ",
            "-RECORD 1--------------------------------",
            " s                               | short ",
            " a_very_long_column_name_over_20 | 2     ",
            "-RECORD 2--------------------------------",
            " s                               | yy... ",
            " a_very_long_column_name_over_20 | 3     ",
            "-RECORD 3--------------------------------",
            " s                               | zz... ",
            " a_very_long_column_name_over_20 | 4     ",
        ),
        id="vertical_truncate_5",
    ),
    pytest.param(
        _many(2),
        1,
        True,
        False,
        "UTC",
        text(
            "+---+",
            "|  i|",
            "+---+",
            "|  0|",
            "+---+",
            "only showing top 1 row",
            end="",
        ),
        id="footer_singular_row",
    ),
    pytest.param(
        _many(3),
        2,
        True,
        False,
        "UTC",
        text(
            "+---+",
            "|  i|",
            "+---+",
            "|  0|",
            "|  1|",
            "+---+",
            "only showing top 2 rows",
            end="",
        ),
        id="footer_plural_rows",
    ),
    pytest.param(
        _many(1),
        0,
        True,
        False,
        "UTC",
        text(
            "+---+",
            "|  i|",
            "+---+",
            "+---+",
            "only showing top 0 rows",
            end="",
        ),
        id="n_zero_shows_header_and_footer",
    ),
    pytest.param(
        _many(1),
        -1,
        True,
        False,
        "UTC",
        text(
            "+---+",
            "|  i|",
            "+---+",
            "+---+",
            "only showing top 0 rows",
            end="",
        ),
        id="negative_n_is_zero",
    ),
    pytest.param(
        _many(2),
        1,
        True,
        True,
        "UTC",
        text(
            "-RECORD 0--",
            " i   | 0   ",
            "only showing top 1 row",
            end="",
        ),
        id="vertical_footer_singular",
    ),
    pytest.param(
        _many(1),
        0,
        True,
        True,
        "UTC",
        text(
            "(0 rows)",
            end="",
        ),
        id="vertical_n_zero_prints_zero_rows_only",
    ),
    pytest.param(
        _empty_rows(),
        20,
        True,
        False,
        "UTC",
        text(
            "+---+---+",
            "|  a|  b|",
            "+---+---+",
            "+---+---+",
        ),
        id="zero_rows_header_only",
    ),
    pytest.param(
        _empty_rows(),
        20,
        True,
        True,
        "UTC",
        text(
            "(0 rows)",
            end="",
        ),
        id="vertical_zero_rows",
    ),
    pytest.param(
        _no_columns(3),
        20,
        True,
        False,
        "UTC",
        text(
            "++",
            "||",
            "++",
            "||",
            "||",
            "||",
            "++",
        ),
        id="no_columns_with_rows",
    ),
    pytest.param(
        _no_columns(0),
        20,
        True,
        False,
        "UTC",
        text(
            "++",
            "||",
            "++",
            "++",
        ),
        id="no_columns_no_rows",
    ),
    pytest.param(
        _no_columns(0),
        20,
        True,
        True,
        "UTC",
        text(
            "(0 rows)",
            end="",
        ),
        id="vertical_no_columns_no_rows",
    ),
    pytest.param(
        _cjk(),
        20,
        True,
        False,
        "UTC",
        text(
            "+----------------------------------------+---+",
            "|                                    名前|  v|",
            "+----------------------------------------+---+",
            "|                                    张三|  1|",
            "|                                Ｆｕｌｌ| 22|",
            "|                                     abc|333|",
            "|                                  한국어|  4|",
            "|日本語のテキストはとても長いですね本当に|  5|",
            "|                                    ｶﾀｶﾅ|  6|",
            "+----------------------------------------+---+",
        ),
        id="east_asian_full_width_counts_double",
    ),
    pytest.param(
        _cjk(),
        20,
        5,
        False,
        "UTC",
        text(
            "+--------+---+",
            "|    名前|  v|",
            "+--------+---+",
            "|    张三|  1|",
            "|Ｆｕｌｌ| 22|",
            "|     abc|333|",
            "|  한국어|  4|",
            "| 日本...|  5|",
            "|    ｶﾀｶﾅ|  6|",
            "+--------+---+",
        ),
        id="east_asian_truncated",
    ),
    pytest.param(
        _cjk(),
        20,
        5,
        True,
        "UTC",
        text(
            "-RECORD 0--------",
            " 名前 | 张三     ",
            " v    | 1        ",
            "-RECORD 1--------",
            " 名前 | Ｆｕｌｌ ",
            " v    | 22       ",
            "-RECORD 2--------",
            " 名前 | abc      ",
            " v    | 333      ",
            "-RECORD 3--------",
            " 名前 | 한국어   ",
            " v    | 4        ",
            "-RECORD 4--------",
            " 名前 | 日本...  ",
            " v    | 5        ",
            "-RECORD 5--------",
            " 名前 | ｶﾀｶﾅ     ",
            " v    | 6        ",
        ),
        id="east_asian_vertical",
    ),
    pytest.param(
        _emoji(),
        20,
        True,
        False,
        "UTC",
        text(
            "+--------------------+",
            "|                   e|",
            "+--------------------+",
            "|                  😀|",
            "|                a😀b|",
            "|😀😀😀😀😀😀😀😀?...|",
            "|xxxxxxxxxxxxxxxx😀😀|",
            "|                   é|",
            "|                  é|",
            "+--------------------+",
        ),
        id="utf16_lengths_and_split_surrogate",
    ),
    pytest.param(
        _emoji(),
        20,
        3,
        False,
        "UTC",
        text(
            "+---+",
            "|  e|",
            "+---+",
            "| 😀|",
            "|a😀|",
            "|😀?|",
            "|xxx|",
            "|  é|",
            "| é|",
            "+---+",
        ),
        id="split_surrogate_without_ellipsis",
    ),
    pytest.param(
        _meta(),
        20,
        True,
        False,
        "UTC",
        text(
            "+------------+",
            "|   col\\nname|",
            "+------------+",
            "|        a\\nb|",
            "|   tab\\there|",
            "|       cr\\rx|",
            "|      bell\\a|",
            "|vt\\vff\\fbs\\b|",
            "|  back\\slash|",
            "+------------+",
        ),
        id="meta_characters_escaped",
    ),
    pytest.param(
        _meta(),
        20,
        3,
        False,
        "UTC",
        text(
            "+---------+",
            "|col\\nname|",
            "+---------+",
            "|      a\\n|",
            "|      tab|",
            "|      cr\\|",
            "|      bel|",
            "|      vt\\|",
            "|      bac|",
            "+---------+",
        ),
        id="escaped_before_truncation",
    ),
    pytest.param(
        _nested(),
        20,
        True,
        False,
        "UTC",
        text(
            "+------------+-------------------+------------+",
            "|         arr|                  m|          st|",
            "+------------+-------------------+------------+",
            "|[1, 2, NULL]|{a -> 1, b -> NULL}|    {1, abc}|",
            "|          []|                 {}|{NULL, NULL}|",
            "|        NULL|               NULL|        NULL|",
            "|      [NULL]|           {k -> 3}|       {4, }|",
            "+------------+-------------------+------------+",
        ),
        id="arrays_maps_structs",
    ),
    pytest.param(
        _nested2(),
        20,
        False,
        False,
        "UTC",
        text(
            "+-----------------------+-------------------------+------------------------+----------------------+-----------------------------+---------------+------------+-------------+",
            "|aa                     |as                       |ma                      |sm                    |ts_arr                       |bin_arr        |dec_arr     |f_st         |",
            "+-----------------------+-------------------------+------------------------+----------------------+-----------------------------+---------------+------------+-------------+",
            "|[[1.5, NULL], NULL, []]|[{1, [true, NULL]}, NULL]|{k -> [1, 2], j -> NULL}|{{1 -> x}, 2020-02-29}|[2024-01-01 01:02:03.4, NULL]|[[61 62], NULL]|[1.10, NULL]|{1.0E10, 0.1}|",
            "|NULL                   |[{NULL, NULL}]           |{z -> []}               |{NULL, NULL}          |NULL                         |[[]]           |[]          |{NULL, NaN}  |",
            "+-----------------------+-------------------------+------------------------+----------------------+-----------------------------+---------------+------------+-------------+",
        ),
        id="deeply_nested",
    ),
    pytest.param(
        _nested2().select(["ts_arr"]),
        20,
        False,
        False,
        "America/Los_Angeles",
        text(
            "+-----------------------------+",
            "|ts_arr                       |",
            "+-----------------------------+",
            "|[2023-12-31 17:02:03.4, NULL]|",
            "|NULL                         |",
            "+-----------------------------+",
        ),
        id="nested_instants_in_session_zone_la",
    ),
    pytest.param(
        _nested2().select(["ts_arr"]),
        20,
        False,
        False,
        "Asia/Kolkata",
        text(
            "+-----------------------------+",
            "|ts_arr                       |",
            "+-----------------------------+",
            "|[2024-01-01 06:32:03.4, NULL]|",
            "|NULL                         |",
            "+-----------------------------+",
        ),
        id="nested_instants_in_session_zone_kolkata",
    ),
    pytest.param(
        _decimals(),
        20,
        False,
        False,
        "UTC",
        text(
            "+---------------------+--------------+-----+",
            "|d                    |z             |i    |",
            "+---------------------+--------------+-----+",
            "|1.50                 |0.0000000000  |5    |",
            "|-0.05                |0.0000000001  |-10  |",
            "|0.00                 |-12.5000000000|0    |",
            "|NULL                 |NULL          |12345|",
            "|123456789012345678.90|7.0000000000  |NULL |",
            "+---------------------+--------------+-----+",
        ),
        id="decimals_plain_with_scale",
    ),
    pytest.param(
        _binary(),
        20,
        True,
        False,
        "UTC",
        text(
            "+--------------------+",
            "|                   b|",
            "+--------------------+",
            "|             [48 65]|",
            "|                  []|",
            "|                NULL|",
            "|[00 11 22 33 44 5...|",
            "|             [00 FF]|",
            "+--------------------+",
        ),
        id="binary_hex",
    ),
    pytest.param(
        _dates(),
        20,
        True,
        False,
        "UTC",
        text(
            "+----------+",
            "|         d|",
            "+----------+",
            "|2024-01-31|",
            "|0001-01-01|",
            "|9999-12-31|",
            "|      NULL|",
            "|1582-10-10|",
            "+----------+",
        ),
        id="dates",
    ),
    pytest.param(
        _timestamps(),
        20,
        False,
        False,
        "UTC",
        text(
            "+--------------------------+--------------------------+",
            "|ts                        |ntz                       |",
            "+--------------------------+--------------------------+",
            "|2024-01-31 12:34:56       |2024-01-31 12:34:56       |",
            "|2024-01-31 12:34:56.123   |2024-01-31 12:34:56.123   |",
            "|2024-07-01 00:00:00.000001|2024-07-01 00:00:00.000001|",
            "|1850-03-01 08:00:00.1     |1850-03-01 08:00:00.1     |",
            "|NULL                      |NULL                      |",
            "|1970-01-01 00:00:00       |1970-01-01 00:00:00       |",
            "|2024-03-10 10:30:00.00012 |2024-03-10 10:30:00.00012 |",
            "+--------------------------+--------------------------+",
        ),
        id="timestamps_fraction_trimmed",
    ),
    pytest.param(
        _timestamps(),
        20,
        True,
        False,
        "UTC",
        text(
            "+--------------------+--------------------+",
            "|                  ts|                 ntz|",
            "+--------------------+--------------------+",
            "| 2024-01-31 12:34:56| 2024-01-31 12:34:56|",
            "|2024-01-31 12:34:...|2024-01-31 12:34:...|",
            "|2024-07-01 00:00:...|2024-07-01 00:00:...|",
            "|1850-03-01 08:00:...|1850-03-01 08:00:...|",
            "|                NULL|                NULL|",
            "| 1970-01-01 00:00:00| 1970-01-01 00:00:00|",
            "|2024-03-10 10:30:...|2024-03-10 10:30:...|",
            "+--------------------+--------------------+",
        ),
        id="timestamps_truncated",
    ),
    pytest.param(
        _timestamps().select(["ts"]),
        20,
        False,
        False,
        "America/Los_Angeles",
        text(
            "+--------------------------+",
            "|ts                        |",
            "+--------------------------+",
            "|2024-01-31 04:34:56       |",
            "|2024-01-31 04:34:56.123   |",
            "|2024-06-30 17:00:00.000001|",
            "|1850-03-01 00:07:02.1     |",
            "|NULL                      |",
            "|1969-12-31 16:00:00       |",
            "|2024-03-10 03:30:00.00012 |",
            "+--------------------------+",
        ),
        id="instants_in_los_angeles_with_lmt",
    ),
    pytest.param(
        _timestamps().select(["ts"]),
        20,
        False,
        False,
        "Asia/Kolkata",
        text(
            "+--------------------------+",
            "|ts                        |",
            "+--------------------------+",
            "|2024-01-31 18:04:56       |",
            "|2024-01-31 18:04:56.123   |",
            "|2024-07-01 05:30:00.000001|",
            "|1850-03-01 13:53:28.1     |",
            "|NULL                      |",
            "|1970-01-01 05:30:00       |",
            "|2024-03-10 16:00:00.00012 |",
            "+--------------------------+",
        ),
        id="instants_in_kolkata",
    ),
    pytest.param(
        _intervals(),
        20,
        False,
        False,
        "UTC",
        text(
            "+-------------------------------------------+",
            "|iv                                         |",
            "+-------------------------------------------+",
            "|INTERVAL '1 02:03:04' DAY TO SECOND        |",
            "|INTERVAL '0 00:00:00' DAY TO SECOND        |",
            "|INTERVAL '0 00:00:00.000001' DAY TO SECOND |",
            "|INTERVAL '-1 00:00:01.5' DAY TO SECOND     |",
            "|INTERVAL '0 00:00:59.999999' DAY TO SECOND |",
            "|INTERVAL '106751991 00:00:00' DAY TO SECOND|",
            "|NULL                                       |",
            "|INTERVAL '0 00:00:10.12' DAY TO SECOND     |",
            "|INTERVAL '-0 03:00:00' DAY TO SECOND       |",
            "+-------------------------------------------+",
        ),
        id="day_time_intervals",
    ),
    pytest.param(
        _doubles(),
        20,
        True,
        False,
        "UTC",
        text(
            "+--------------------+",
            "|                   d|",
            "+--------------------+",
            "|               0.002|",
            "|               1.0E7|",
            "|           9999999.0|",
            "| 0.30000000000000004|",
            "|              1.0E21|",
            "|               100.0|",
            "|     1.23456789123E8|",
            "|              1.0E-5|",
            "|9.999999999999999E22|",
            "|                -0.0|",
            "|                 NaN|",
            "|            Infinity|",
            "|           -Infinity|",
            "|                NULL|",
            "|                 1.0|",
            "|               0.001|",
            "|             9.99E-4|",
            "+--------------------+",
        ),
        id="doubles_as_java_prints_them",
    ),
    pytest.param(
        _floats(),
        20,
        False,
        False,
        "UTC",
        text(
            "+--------------+",
            "|f             |",
            "+--------------+",
            "|0.1           |",
            "|1.0E7         |",
            "|9999999.0     |",
            "|1.0E-5        |",
            "|3.4E38        |",
            "|1.17549435E-38|",
            "|1.4E-45       |",
            "|1.6777216E7   |",
            "|0.3           |",
            "|NULL          |",
            "|NaN           |",
            "+--------------+",
        ),
        id="floats_as_java_prints_them",
    ),
    pytest.param(
        _bools_ints(),
        20,
        True,
        False,
        "UTC",
        text(
            "+-----+----+----+-----------+",
            "|    b|  i8| i16|        i32|",
            "+-----+----+----+-----------+",
            "| true|   1| 300| 2147483647|",
            "|false|  -2|NULL|-2147483648|",
            "| NULL|NULL|-300|          0|",
            "+-----+----+----+-----------+",
        ),
        id="booleans_and_small_ints",
    ),
    pytest.param(
        _large(),
        20,
        True,
        False,
        "UTC",
        text(
            "+----+----+----+",
            "|  ls|  ll|  lb|",
            "+----+----+----+",
            "|   a| [1]|[01]|",
            "|NULL|NULL|NULL|",
            "+----+----+----+",
        ),
        id="large_arrow_types",
    ),
    pytest.param(
        _nulls(),
        20,
        True,
        False,
        "UTC",
        text(
            "+----+----+",
            "|   n|   i|",
            "+----+----+",
            "|NULL|NULL|",
            "|NULL|   1|",
            "+----+----+",
        ),
        id="null_type_column",
    ),
    pytest.param(
        _wide_mixed(),
        20,
        True,
        True,
        "UTC",
        text(
            "-RECORD 0-------------------",
            " k   | short                ",
            " n   | 1                    ",
            " d   | 1.5                  ",
            "-RECORD 1-------------------",
            " k   | a much longer str... ",
            " n   | 1234567890123        ",
            " d   | -2.25E-7             ",
            "-RECORD 2-------------------",
            " k   | mid                  ",
            " n   | -5                   ",
            " d   | 3.0E15               ",
        ),
        id="vertical_mixed_widths",
    ),
]


@pytest.mark.parametrize(
    ("table", "n", "truncate", "vertical", "tz", "expected"), GRID_CASES
)
def test_show_string_matches_spark(
    table: pa.Table,
    n: int,
    truncate: bool | int,
    vertical: bool,
    tz: str,
    expected: str,
) -> None:
    assert show_string(table, n, truncate, vertical, tz) == expected


def test_show_string_reads_only_the_first_n_plus_one_rows() -> None:
    assert show_string(_many(30), 2) == show_string(_many(3), 2)
    assert show_string(_many(2), 2) == text(
        "+---+", "|  i|", "+---+", "|  0|", "|  1|", "+---+"
    )


def test_show_string_truncate_zero_equals_false() -> None:
    assert show_string(_long_str(), 20, 0) == show_string(_long_str(), 20, False)


def test_show_string_negative_truncate_left_aligns_without_cutting() -> None:
    assert show_string(_long_str(), 20, -1) == show_string(_long_str(), 20, False)


def test_show_string_vertical_without_columns_fails_like_spark() -> None:
    # Spark computes the data width as a max over an empty row (Scala's `empty.max`).
    with pytest.raises(UnsupportedOperationException, match="empty.max"):
        show_string(_no_columns(2), 20, True, True)


def test_show_string_nanosecond_instants_shown_to_the_microsecond() -> None:
    table = pa.table(
        {"t": pa.array([1_706_704_496_123_456_789], pa.timestamp("ns", tz="UTC"))}
    )
    assert show_string(table, 20, False) == text(
        "+--------------------------+",
        "|t                         |",
        "+--------------------------+",
        "|2024-01-31 12:34:56.123456|",
        "+--------------------------+",
    )


def test_show_string_dictionary_column_shows_values() -> None:
    table = pa.table({"s": pa.array(["a", "b", "a"]).dictionary_encode()})
    assert show_string(table) == show_string(pa.table({"s": ["a", "b", "a"]}))


# (value, expected) pairs printed by Spark: CAST(d AS STRING) / show() on Java 17.
DOUBLES = [
    (2.0e-3, "0.002"),
    (1.0e7, "1.0E7"),
    (9999999.0, "9999999.0"),
    (0.1 + 0.2, "0.30000000000000004"),
    (1e21, "1.0E21"),
    (100.0, "100.0"),
    (123456789.123, "1.23456789123E8"),
    (1e-5, "1.0E-5"),
    (1e23, "9.999999999999999E22"),
    (2e23, "1.9999999999999998E23"),
    (8.41e21, "8.409999999999999E21"),
    (2.0**62, "4.6116860184273879E18"),
    (2.0**-44, "5.6843418860808015E-14"),
    (5e-324, "4.9E-324"),
    (1.7976931348623157e308, "1.7976931348623157E308"),
    (2.2250738585072014e-308, "2.2250738585072014E-308"),
    (-0.0, "-0.0"),
    (0.0, "0.0"),
    (0.001, "0.001"),
    (9.99e-4, "9.99E-4"),
    (1.0, "1.0"),
    (-1.5, "-1.5"),
    (1e16, "1.0E16"),
    (123456789012345680.0, "1.2345678901234568E17"),
    (4.35, "4.35"),
    (0.1, "0.1"),
    (1e-3 + 1e-19, "0.001"),
    (3.0e15, "3.0E15"),
    (-2.25e-7, "-2.25E-7"),
    (math.nan, "NaN"),
    (math.inf, "Infinity"),
    (-math.inf, "-Infinity"),
]

FLOATS = [
    (0.1, "0.1"),
    (0.3, "0.3"),
    (1.0e7, "1.0E7"),
    (9999999.0, "9999999.0"),
    (1e-5, "1.0E-5"),
    (3.4028234663852886e38, "3.4028235E38"),
    (1.17549435e-38, "1.17549435E-38"),
    (1.401298464324817e-45, "1.4E-45"),
    (16777216.0, "1.6777216E7"),
    (123456789.123, "1.23456792E8"),
    (0.1 + 0.2, "0.3"),
    (3e15, "3.00000003E15"),
    (2.0**62, "4.611686E18"),
    (-0.0, "-0.0"),
    (math.nan, "NaN"),
    (1e39, "Infinity"),
]


@pytest.mark.parametrize(("value", "expected"), DOUBLES)
def test_java_double_to_string(value: float, expected: str) -> None:
    assert java_double_to_string(value) == expected


@pytest.mark.parametrize(("value", "expected"), FLOATS)
def test_java_float_to_string(value: float, expected: str) -> None:
    assert java_float_to_string(value) == expected


def test_java_double_to_string_round_trips() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        x = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
        if math.isfinite(x):
            assert float(java_double_to_string(x)) == x


FORMAT_CASES = [
    (None, pa.int64(), "UTC", "NULL"),
    (True, pa.bool_(), "UTC", "true"),
    (False, pa.bool_(), "UTC", "false"),
    (-7, pa.int8(), "UTC", "-7"),
    ("as is, no quotes", pa.string(), "UTC", "as is, no quotes"),
    ([1, 2, None], pa.list_(pa.int64()), "UTC", "[1, 2, NULL]"),
    ([None, None], pa.list_(pa.int64()), "UTC", "[NULL, NULL]"),
    ([], pa.list_(pa.int64()), "UTC", "[]"),
    (
        [("a", 1), ("b", None)],
        pa.map_(pa.string(), pa.int64()),
        "UTC",
        "{a -> 1, b -> NULL}",
    ),
    ([], pa.map_(pa.string(), pa.int64()), "UTC", "{}"),
    (
        {"x": 1, "y": "abc"},
        pa.struct([("x", pa.int64()), ("y", pa.string())]),
        "UTC",
        "{1, abc}",
    ),
    (
        {"x": None, "y": None},
        pa.struct([("x", pa.int64()), ("y", pa.string())]),
        "UTC",
        "{NULL, NULL}",
    ),
    (
        [("k", [1, 2]), ("j", None)],
        pa.map_(pa.string(), pa.list_(pa.int32())),
        "UTC",
        "{k -> [1, 2], j -> NULL}",
    ),
    (b"He", pa.binary(), "UTC", "[48 65]"),
    (b"", pa.binary(), "UTC", "[]"),
    (Decimal("1.50"), pa.decimal128(20, 2), "UTC", "1.50"),
    (Decimal("0E-10"), pa.decimal128(38, 10), "UTC", "0.0000000000"),
    (Decimal("1.5"), pa.decimal128(5, 2), "UTC", "1.50"),
    (dt.date(1, 1, 1), pa.date32(), "UTC", "0001-01-01"),
    (
        dt.datetime(1850, 3, 1, 8, 0, 0, 100000, tzinfo=UTC),
        pa.timestamp("us", tz="UTC"),
        "America/Los_Angeles",
        "1850-03-01 00:07:02.1",
    ),
    (
        dt.datetime(2024, 1, 31, 12, 34, 56, tzinfo=UTC),
        pa.timestamp("us", tz="UTC"),
        "+05:30",
        "2024-01-31 18:04:56",
    ),
    (
        dt.datetime(2024, 3, 10, 10, 30, 0, 120),
        pa.timestamp("us"),
        "America/Los_Angeles",
        "2024-03-10 10:30:00.00012",
    ),
    (
        -dt.timedelta(days=1, seconds=1, microseconds=500000),
        pa.duration("us"),
        "UTC",
        "INTERVAL '-1 00:00:01.5' DAY TO SECOND",
    ),
    (
        dt.timedelta(hours=-3),
        pa.duration("us"),
        "UTC",
        "INTERVAL '-0 03:00:00' DAY TO SECOND",
    ),
    (0.1, pa.float32(), "UTC", "0.1"),
    (1.0e10, pa.float64(), "UTC", "1.0E10"),
    (
        {"f": 1.0e10, "g": float("nan")},
        pa.struct([("f", pa.float64()), ("g", pa.float32())]),
        "UTC",
        "{1.0E10, NaN}",
    ),
]


@pytest.mark.parametrize(("value", "data_type", "tz", "expected"), FORMAT_CASES)
def test_format_cell_arrow_types(
    value: Any, data_type: pa.DataType, tz: str, expected: str
) -> None:
    assert format_cell(value, data_type, tz) == expected


def test_format_cell_rejects_types_spark_does_not_have() -> None:
    with pytest.raises(PySparkTypeError, match="UNSUPPORTED_DATA_TYPE"):
        format_cell(dt.time(1, 2), pa.time64("us"))


def _micros(
    days: int = 0, hours: int = 0, minutes: int = 0, seconds: int = 0, us: int = 0
) -> int:
    return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1_000_000 + us


def test_format_cell_spark_interval_types() -> None:
    types = pytest.importorskip("pyspark.sql.types")
    day_time = types.DayTimeIntervalType
    year_month = types.YearMonthIntervalType
    cases = [
        (
            _micros(1, 2, 3, 4, 500000),
            day_time(0, 3),
            "INTERVAL '1 02:03:04.5' DAY TO SECOND",
        ),
        (-_micros(1, 2), day_time(0, 1), "INTERVAL '-1 02' DAY TO HOUR"),
        (_micros(3, 4, 5), day_time(0, 2), "INTERVAL '3 04:05' DAY TO MINUTE"),
        (_micros(5), day_time(0, 0), "INTERVAL '5' DAY"),
        (_micros(0, 26, 3), day_time(1, 2), "INTERVAL '26:03' HOUR TO MINUTE"),
        (
            -_micros(0, 100, 3, 4, 1),
            day_time(1, 3),
            "INTERVAL '-100:03:04.000001' HOUR TO SECOND",
        ),
        (_micros(0, 7), day_time(1, 1), "INTERVAL '07' HOUR"),
        (_micros(0, 0, 1000, 5), day_time(2, 3), "INTERVAL '1000:05' MINUTE TO SECOND"),
        (_micros(0, 0, 61), day_time(2, 2), "INTERVAL '61' MINUTE"),
        (-_micros(seconds=5, us=250000), day_time(3, 3), "INTERVAL '-05.25' SECOND"),
        (_micros(seconds=12), day_time(3, 3), "INTERVAL '12' SECOND"),
        (_micros(seconds=100000), day_time(3, 3), "INTERVAL '100000' SECOND"),
        (
            -(2**63),
            day_time(0, 3),
            "INTERVAL '-106751991 04:00:54.775808' DAY TO SECOND",
        ),
        (
            -(2**63),
            day_time(1, 3),
            "INTERVAL '-2562047788:00:54.775808' HOUR TO SECOND",
        ),
        (
            2**63 - 1,
            day_time(2, 3),
            "INTERVAL '153722867280:54.775807' MINUTE TO SECOND",
        ),
        (-(2**63), day_time(3, 3), "INTERVAL '-9223372036854.775808' SECOND"),
        (14, year_month(0, 1), "INTERVAL '1-2' YEAR TO MONTH"),
        (-23, year_month(0, 1), "INTERVAL '-1-11' YEAR TO MONTH"),
        (36, year_month(0, 0), "INTERVAL '3' YEAR"),
        (-14, year_month(1, 1), "INTERVAL '-14' MONTH"),
        (0, year_month(0, 1), "INTERVAL '0-0' YEAR TO MONTH"),
        (
            [dt.timedelta(hours=26, minutes=3), None],
            types.ArrayType(day_time(1, 2)),
            "[INTERVAL '26:03' HOUR TO MINUTE, NULL]",
        ),
    ]
    for value, data_type, expected in cases:
        assert format_cell(value, data_type) == expected, data_type


def test_format_cell_calendar_interval() -> None:
    types = pytest.importorskip("pyspark.sql.types")
    calendar = types.CalendarIntervalType()
    nanos = (4 * 3600 + 5 * 60 + 6) * 10**9
    assert (
        format_cell((14, 3, nanos + 500_000_000), calendar)
        == "1 years 2 months 3 days 4 hours 5 minutes 6.5 seconds"
    )
    assert format_cell((0, 0, 0), calendar) == "0 seconds"
    assert (
        format_cell((-26, -3, -(nanos + 1000)), calendar)
        == "-2 years -2 months -3 days -4 hours -5 minutes -6.000001 seconds"
    )
    assert format_cell((0, 0, 500_000_000), calendar) == "0.5 seconds"


# ---------------------------------------------------------------------------
# Live comparison with PySpark
# ---------------------------------------------------------------------------

_LIVE_FRAMES = {
    "numbers": (
        "SELECT id, id * 1.5 AS d, CAST(id / 3 AS FLOAT) AS f, id / 7 AS q, "
        "CAST(id AS TINYINT) AS t, repeat('x', CAST(id AS INT)) AS s, id % 2 = 0 AS b "
        "FROM range(25)"
    ),
    "nested": (
        "SELECT array(1, NULL, 3) AS a, map('k', array(1.5D, NULL), 'j', NULL) AS m, "
        "named_struct('x', 1, 'y', named_struct('z', 'deep', 'w', CAST(NULL AS INT))) "
        "AS s, array(named_struct('p', map(1, 'one')), "
        "named_struct('p', CAST(NULL AS MAP<INT, STRING>))) AS aos, "
        "CAST(NULL AS ARRAY<INT>) AS na"
    ),
    "time": (
        "SELECT TIMESTAMP'2024-01-31 12:34:56.123' AS ts, "
        "TIMESTAMP_NTZ'2024-03-10 02:30:00.000001' AS ntz, DATE'0001-01-01' AS d, "
        "TIMESTAMP'1850-03-01 08:00:00.1' AS old, "
        "array(TIMESTAMP'2024-06-01 00:00:00', NULL) AS tsa "
        "UNION ALL SELECT NULL, NULL, NULL, TIMESTAMP'2038-01-19 03:14:07.999999', NULL"
    ),
    "decimals_binary": (
        "SELECT CAST(id AS DECIMAL(10, 3)) / 7 AS dec, "
        "CAST(-id AS DECIMAL(38, 18)) AS big, "
        "CAST(repeat('ab', CAST(id AS INT)) AS BINARY) AS bin FROM range(12)"
    ),
    "intervals": (
        "SELECT make_dt_interval(CAST(id AS INT) - 3, CAST(id AS INT), 7, id * 1.25) "
        "AS iv FROM range(6)"
    ),
    "unicode": (
        "SELECT * FROM VALUES ('张三', 'a\\tb'), ('日本語のテキストはとても長いですね', "
        "'line\\nbreak'), ('😀😀😀😀😀😀😀😀😀😀😀😀', 'plain') AS t(`名前`, `meta\\ncol`)"
    ),
    "empty": "SELECT id, CAST(id AS STRING) AS s FROM range(5) WHERE id > 10",
    "long_strings": (
        "SELECT repeat(CAST(id AS STRING), CAST(id AS INT) * 3) AS s, "
        "CAST(id AS DOUBLE) * 1e20 AS d FROM range(1, 9)"
    ),
}

_LIVE_SHOWS = [
    (20, True, False),
    (20, False, False),
    (3, 7, False),
    (2, 3, False),
    (1, True, True),
    (20, 0, True),
    (0, True, False),
]


@pytest.fixture(scope="module")
def pyspark_session() -> Iterator[Any]:
    if shutil.which("java") is None:
        pytest.skip("real PySpark needs Java")
    sql = pytest.importorskip("pyspark.sql")
    spark = (
        sql.SparkSession.builder.master("local[1]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    yield spark
    spark.conf.set("spark.sql.session.timeZone", "UTC")


def _random_doubles() -> list[float]:
    rng = random.Random(2024)
    values = []
    while len(values) < 300:
        x = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
        if math.isfinite(x):
            values.append(x)
    values += [round(rng.uniform(-1e6, 1e6), rng.randint(0, 8)) for _ in range(300)]
    return values


@pytest.mark.conformance
def test_show_string_matches_pyspark_live(pyspark_session: Any) -> None:
    spark = pyspark_session
    frames = {name: spark.sql(query) for name, query in _LIVE_FRAMES.items()}
    doubles = pa.table(
        {
            "d": pa.array(_random_doubles(), pa.float64()),
            "f": pa.array(_random_doubles(), pa.float32()),
        }
    )
    frames["random_doubles"] = spark.createDataFrame(doubles)
    mismatches = []
    for tz in ("UTC", "America/Los_Angeles"):
        spark.conf.set("spark.sql.session.timeZone", tz)
        for name, df in frames.items():
            for n, truncate, vertical in _LIVE_SHOWS:
                expected = df._show_string(n, truncate, vertical)
                table = df.limit(max(n, 0) + 1).toArrow()
                got = show_string(table, n, truncate, vertical, tz)
                if got != expected:
                    mismatches.append(
                        f"{name} {tz} {(n, truncate, vertical)}\n{got}\n!=\n{expected}"
                    )
        full = frames["random_doubles"]
        assert show_string(full.toArrow(), 1000, False) == full._show_string(
            1000, False
        )
    assert not mismatches, "\n\n".join(mismatches)
