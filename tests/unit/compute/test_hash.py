"""Spark's row hashes: the numpy kernels give the values Spark 4 gives (recorded from PySpark)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from rillet.compute.functions.hash import (
    byte_layout,
    murmur3_bytes,
    murmur3_int,
    murmur3_long,
    xxh64_bytes,
    xxh64_int,
    xxh64_long,
)

SEED32 = np.uint32(42)
SEED64 = np.uint64(42)


def _seeds(n: int, dtype: type) -> np.ndarray:
    return np.full(n, 42, dtype=dtype)


def _signed32(h: np.ndarray) -> list[int]:
    return h.view(np.int32).tolist()


def _signed64(h: np.ndarray) -> list[int]:
    return h.view(np.int64).tolist()


# (value, Spark's hash(value), Spark's xxhash64(value)); None where not recorded
STRINGS = [
    ("", 142593372, -7444071767201028348),
    ("a", 1485273170, None),
    ("abc", None, 1423657621850124518),
    ("abcd", -396302900, None),
    ("abcdefg", 2132013596, None),
    ("  ab c  ", -964893281, 4845467438040698665),
    ("x" * 40, -187053838, -5348608777870439244),
    ("日本" * 30, None, -5836407449896695916),
]


def test_murmur3_of_ints_and_longs_matches_spark():
    assert _signed32(murmur3_int(np.array([1]), _seeds(1, np.uint32))) == [-559580957]
    assert _signed32(murmur3_long(np.array([-1]), _seeds(1, np.uint32))) == [-939490007]


def test_xxhash64_of_ints_and_longs_matches_spark():
    assert _signed64(xxh64_int(np.array([1]), _seeds(1, np.uint64))) == [-6698625589789238999]
    assert _signed64(xxh64_long(np.array([-1]), _seeds(1, np.uint64))) == [3858142552250413010]


@pytest.mark.parametrize("kernel, column, seed_dtype, signed", [
    (murmur3_bytes, 1, np.uint32, _signed32),
    (xxh64_bytes, 2, np.uint64, _signed64),
])
def test_string_hashes_over_a_whole_column_match_spark(kernel, column, seed_dtype, signed):
    # one call over rows of every length class: empty, tail bytes only, whole words, 32-byte stripes
    rows = [r for r in STRINGS if r[column] is not None]
    data, starts, lengths = byte_layout(pl.Series([r[0] for r in rows]))
    assert signed(kernel(data, starts, lengths, _seeds(len(rows), seed_dtype))) == [r[column] for r in rows]


def test_hash_chains_columns_and_a_null_keeps_the_seed(spark):
    from rillet.sql import functions as F

    row = spark.range(1).select(
        F.hash(F.lit(1), F.lit("a"), F.lit(2).cast("long")).alias("h"),
        F.hash(F.lit(1.5)).alias("d"),
        F.xxhash64(F.lit(None).cast("int")).alias("x"),
    ).collect()[0]
    assert (row.h, row.d, row.x) == (-947240264, 1290763749, 42)
