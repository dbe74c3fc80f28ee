"""URL functions on rillet and real PySpark, compared."""

from __future__ import annotations

import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Cases

case = Cases()

_URL = "http://user:pw@a.com:8080/p/q.html?x=1&y=2&y=3#frag"


def _data(spark):
    return spark.createDataFrame(
        [(1, "a b&c=d/é~*._-", _URL, "HOST", "y"),
         (2, None, "https://spark.apache.org/path?query=1", "QUERY", "query"),
         (3, "", "ftp://[::1]:21/", "PATH", None),
         (4, "日本 + 100%", "mailto:someone@example.com", "PROTOCOL", "x"),
         (5, "%41%2b", "/relative/only?k=v#r", "FILE", "k")],
        "id int, s string, u string, part string, key string")


@case
def url_encode_and_decode(spark, F, T):
    return _data(spark).select(
        "id", F.url_encode("s"), F.url_decode(F.url_encode("s")), F.url_decode(F.lit("a+b%26c%3Dd")),
        F.try_url_decode("s"), F.try_url_decode(F.lit("%zz")),
    )


@case(raises="CANNOT_DECODE_URL")
def url_decode_of_a_broken_escape_fails(spark, F, T):
    return _data(spark).select(F.url_decode("s")).collect()


@case
def parse_url_parts(spark, F, T):
    df = _data(spark)
    parts = ["HOST", "PATH", "QUERY", "REF", "PROTOCOL", "FILE", "AUTHORITY", "USERINFO"]
    return df.select("id", *[F.parse_url("u", F.lit(p)).alias(p) for p in parts],
                     F.parse_url("u", F.lit("QUERY"), F.lit("y")).alias("qy"),
                     F.parse_url("u", F.lit("QUERY"), "key").alias("qkey"),
                     F.parse_url("u", "part").alias("by_row"), F.parse_url("u", F.lit("bogus")).alias("bogus"),
                     F.try_parse_url("u", F.lit("HOST")).alias("try_host"))


@case(raises="INVALID_URL")
def parse_url_of_an_invalid_url_fails(spark, F, T):
    return spark.range(1).select(F.parse_url(F.lit("http://a b.com/"), F.lit("HOST"))).collect()


@case
def url_functions_in_sql_text(spark, F, T):
    return spark.sql(
        "SELECT url_encode('a b') AS e, url_decode('a+b') AS d, parse_url('http://h.com/p?q=1', 'QUERY', 'q') AS q, "
        "try_parse_url('http://a b', 'HOST') AS bad"
    )


@case
def a_select_of_literals_alone_keeps_every_row(spark, F, T):
    return _data(spark).select(F.url_encode(F.lit("a b")), F.upper(F.lit("x")), F.lit(1))


@pytest.mark.parametrize("program", case.params(known_gaps.FUNCTIONS_URL))
def test_url_program_matches_pyspark(program, conform):
    conform(program)
