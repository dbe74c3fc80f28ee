"""String, regex, encoding and hash functions on rillet and real PySpark, compared.

Each case selects many functions at once over the same edge-case strings (nulls,
empty strings, CJK, emoji, combining marks, regex metacharacters, whitespace) so
one PySpark job checks many columns. Known gaps: ``known_gaps.STRING_FUNCTIONS``.
"""

from __future__ import annotations

import datetime as dt
import decimal

import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Cases

case = Cases()

WORDS = [
    (1, "Hello World", "o", 2),
    (2, "", "", 0),
    (3, None, "x", None),
    (4, "日本語テキスト", "語", -2),
    (5, "😀 emoji 😀", "😀", 3),
    (6, "e\u0301cole café", "é", 1),
    (7, "a.b*c+d?e", ".", 5),
    (8, "  padded  ", " ", 10),
    (9, "tab\tnew\nline", "\t", -1),
    (10, "Robert Rupert", None, 4),
]


def words(spark):
    return spark.createDataFrame(WORDS, "id int, s string, t string, n int")


@case
def case_length_and_trim_functions(spark, F, T):
    s = F.col("s")
    return words(spark).select(
        "id", F.upper(s), F.lower(s), F.ucase(s), F.lcase(s), F.initcap(s), F.length(s),
        F.char_length(s), F.character_length(s), F.octet_length(s), F.bit_length(s), F.ascii(s),
        F.trim(s), F.ltrim(s), F.rtrim(s), F.btrim(s), F.trim(s, F.lit(" dpa")),
        F.ltrim(s, F.lit("Ha ")), F.rtrim(s, F.lit("de ")), F.btrim(s, F.lit("😀 ")),
        F.reverse(s), F.soundex(s),
    )


@case
def cutting_and_padding_functions(spark, F, T):
    s, n = F.col("s"), F.col("n")
    return words(spark).select(
        "id", F.substring(s, 2, 3), F.substring(s, -3, 2), F.substring(s, 0, 1), F.substr(s, n),
        F.substr(s, n, F.lit(2)), F.substring_index(s, " ", 1), F.substring_index(s, " ", -1),
        F.substring_index(s, "o", 2), F.left(s, F.lit(3)), F.right(s, F.lit(3)), F.left(s, n),
        F.right(s, n), F.lpad(s, 8, "*-"), F.rpad(s, 8, "😀"), F.lpad(s, 3, "x"), F.rpad(s, 0, "x"),
        F.lpad(s, 5, ""), F.repeat(s, 2), F.repeat(s, n),
    )


@case
def building_and_replacing_functions(spark, F, T):
    s, t = F.col("s"), F.col("t")
    return words(spark).select(
        "id", F.concat_ws("|", s, t, F.lit(None).cast("string")), F.concat_ws("", s),
        F.translate(s, "oél", "0E"), F.translate(s, "😀", "X"), F.overlay(s, F.lit("__"), 3),
        F.overlay(s, F.lit("#"), 2, 0), F.overlay(s, t, 1, 2), F.replace(s, F.lit("o")),
        F.replace(s, F.lit("o"), F.lit("0")), F.replace(s, F.lit(""), F.lit("z")), F.replace(s, t, F.lit("?")),
        F.split_part(s, F.lit(" "), F.lit(1)), F.split_part(s, F.lit(" "), F.lit(-1)),
        F.split_part(s, F.lit(" "), F.lit(5)), F.split_part(s, F.lit(""), F.lit(1)),
    )


@case
def searching_functions(spark, F, T):
    s, t = F.col("s"), F.col("t")
    return words(spark).select(
        "id", F.instr(s, "o"), F.instr(s, "語"), F.instr(s, ""), F.instr(s, t), F.locate("o", s),
        F.locate("o", s, 6), F.locate("", s, 2), F.locate("e", s, 0), F.position(t, s),
        F.position(F.lit("e"), s, F.lit(3)), F.contains(s, t), F.startswith(s, t), F.endswith(s, t),
        s.contains("😀"), s.startswith("Rob"), s.endswith("line"), F.levenshtein(s, t),
        F.levenshtein(s, F.lit("Hallo Welt")), F.levenshtein(s, F.lit("Hallo Welt"), 3),
    )


@case
def regex_functions_with_java_syntax(spark, F, T):
    s = F.col("s")
    return words(spark).select(
        "id", s.rlike(r"\w+\s\w+"), F.rlike(s, F.lit(r"^\p{Alpha}")), F.regexp_like(s, F.lit("[.*+?]")),
        F.regexp(s, F.lit(r"\d")), F.regexp_extract(s, r"(\w+) (\w+)", 2), F.regexp_extract(s, r"(x)?(e)", 1),
        F.regexp_extract(s, r"([^ ]+)", 0), F.regexp_extract_all(s, F.lit(r"[aeiou]"), 0),
        F.regexp_extract_all(s, F.lit(r"(\w)(\w)"), 2), F.regexp_replace(s, r"(\w+) (\w+)", "$2 $1"),
        F.regexp_replace(s, r"\s+", "_"), F.regexp_replace(s, r"[.*+?]", r"\$"),
        F.regexp_replace(s, "o", "$0$0"), F.regexp_replace(s, r"(?<=e)\w", "#"),
        F.split(s, " "), F.split(s, r"\s", 2), F.split(s, "[.*+]", -1), F.split(s, "e", 0),
        F.split(s, ""), F.split(s, r"\.", 3), F.like(s, F.lit("%o_")), s.like("R%"),
    )


@case
def encodings_and_digests(spark, F, T):
    s = F.col("s")
    return words(spark).select(
        "id", F.base64(s), F.hex(F.unbase64(F.base64(s))), F.hex(s),
        F.hex(F.col("n")), F.hex(F.unhex(F.hex(s))),
        F.hex(F.unhex(F.lit("abc"))), F.hex(F.unhex(F.lit("zz"))), F.md5(s), F.sha1(s), F.sha(s),
        F.sha2(s, 0), F.sha2(s, 224), F.sha2(s, 384), F.sha2(s, 512), F.crc32(s),
    )


def typed(spark, T):
    rows = [
        (1, 1, 1, 0.0, 0.0, True, "", dt.date(2024, 2, 29), dt.datetime(2024, 1, 1, 12, 30), decimal.Decimal("1.50"), 1),
        (-7, -(2**40), -32768, -0.0, -0.0, False, "abc", dt.date(1970, 1, 1), dt.datetime(1969, 12, 31, 23, 59, 59, 999999), decimal.Decimal("-99.99"), -3),
        (None, None, None, None, None, None, None, None, None, None, None),
        (2**31 - 1, 2**63 - 1, 127, float("nan"), float("nan"), True, "😀 日本 e\u0301", dt.date(9999, 12, 31), dt.datetime(2000, 2, 29), decimal.Decimal("0.01"), 7),
        (0, 0, -1, 1.5, float("inf"), None, "x" * 37, None, None, None, None),
        (42, 10**12, 5, -2.25, 1e300, False, "The quick brown fox jumps over the lazy dog." * 2, dt.date(2000, 1, 1), None, decimal.Decimal("12345678.90"), 0),
    ]
    ddl = ("i int, l long, sh short, f float, d double, b boolean, s string, dt date, ts timestamp, "
           "dec decimal(10,2), by byte")
    return spark.createDataFrame(rows, ddl)


@case
def unbase64_skips_characters_outside_the_alphabet(spark, F, T):
    df = spark.createDataFrame([("SGVsbG8=",), ("QQ",), ("Q Q==",), ("",), (None,), ("5pel5pys",)], "s string")
    return df.select("s", F.hex(F.unbase64("s")), F.base64(F.unbase64("s")))


@case
def hash_and_xxhash64_match_spark_for_every_type(spark, F, T):
    cols = ["i", "l", "sh", "f", "d", "b", "s", "dt", "ts", "dec", "by"]
    df = typed(spark, T)
    return df.select(
        *[F.hash(c).alias(f"h_{c}") for c in cols],
        *[F.xxhash64(c).alias(f"x_{c}") for c in cols],
        F.hash(*cols), F.xxhash64(*cols), F.hash("s", "i"), F.xxhash64("i", "s"),
        F.hash(F.lit(None)), F.xxhash64(F.lit("")), F.hex("l"), F.hex("i"), F.hex("s"),
    )


@case
def concat_ws_skips_nulls_and_joins_arrays_and_hash_chains_struct_fields(spark, F, T):
    df = spark.createDataFrame(
        [(["a", None, "b"], [], ("x", 1)), (None, ["c"], None), ([None], ["d", "e"], (None, None))],
        "xs array<string>, ys array<string>, st struct<k: string, v: int>",
    )
    return df.select(
        F.concat_ws("-", "xs", "ys"), F.concat_ws("/", F.lit("p"), "xs", F.lit(None).cast("string"), "ys"),
        F.hash("st"), F.xxhash64("st"), F.hash("st", "ys"),
    )


@case
def format_string_with_java_conversions(spark, F, T):
    df = typed(spark, T).select("i", "s", "d", "b", "l")
    return df.select(
        F.format_string("%s|%d|%s", "s", "i", "b"), F.format_string("[%5d][%-5d][%05d]", "i", "i", "i"),
        F.format_string("%.2f|%10.3f|%e", "d", "d", "d"), F.format_string("%2$s-%1$s %%", "s", "i"),
        F.format_string("%S %x", "s", "l"), F.format_string("no args"), F.printf(F.lit("%s!"), "s"),
    )


@case
def string_functions_in_sql_text(spark, F, T):
    words(spark).createOrReplaceTempView("conf_words")
    return spark.sql(
        "SELECT id, substring_index(s, ' ', 1) AS a, regexp_replace(s, '(\\\\w+)', '<$1>') AS b, "
        "locate('o', s) AS c, lpad(s, 4) AS d, rlike(s, '^R') AS e, trim(s) AS f, "
        "regexp_extract(s, '(\\\\d)', 1) AS g, levenshtein(s, 'World') AS h, instr(s, 'l') AS i, "
        "hash(s, id) AS j, xxhash64(id) AS k, translate(s, 'lo', 'LO') AS l FROM conf_words"
    )


@case(raises="INVALID_INDEX_OF_ZERO")
def split_part_of_index_zero_raises(spark, F, T):
    return words(spark).select(F.split_part("s", F.lit(" "), F.lit(0))).collect()


@case(raises="INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX")
def regexp_extract_of_a_missing_group_raises(spark, F, T):
    return words(spark).select(F.regexp_extract("s", "(a)", 2)).collect()


@case(raises="VALUE_NOT_ALLOWED")
def sha2_of_an_unsupported_bit_length_raises(spark, F, T):
    return words(spark).select(F.sha2("s", 1))


@pytest.mark.parametrize("program", case.params(known_gaps.STRING_FUNCTIONS))
def test_string_function_program_matches_pyspark(program, conform):
    conform(program)
