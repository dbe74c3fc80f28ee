"""Property suite: randomly corrupted CSV/JSON/text files never crash a read, never lose a
good line, and give Spark's rows in every parse mode.

Files come from :mod:`dirty_inputs` (unbalanced quotes, invalid UTF-8, truncated records,
extra fields, garbage, blank lines, empty files, mixed ``\\n``/``\\r\\n``/``\\r``), driven
by hypothesis with a fixed example budget and ``derandomize=True`` so CI runs the same
files every time. A sample of the same generator runs on real PySpark in
tests/conformance/test_dirty_files.py.
"""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from dirty_inputs import DirtyFile, dirty_csv, dirty_json, dirty_text
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from rillet.errors import SparkRuntimeException

# about 10 s a property on one core; derandomized: the same examples on every run
PROPERTY = settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@contextmanager
def _written(f: DirtyFile, name: str) -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="rillet-dirty-") as folder:
        with open(os.path.join(folder, name), "wb") as out:
            out.write(f.data)
        yield folder


def _rows(df) -> list[tuple]:
    return [tuple(r) for r in df.collect()]


def _check_modes(f: DirtyFile, read: Callable[[str, bool], object]) -> None:
    """PERMISSIVE: one row per record, good lines exact, malformed ones in the corrupt column;
    DROPMALFORMED: exactly the good rows; FAILFAST: fails naming the file iff a record is
    malformed, else the same rows."""
    note(f"kinds={f.kinds} data={f.data!r}")
    with _written(f, "part.dat") as folder:
        assert _rows(read(folder, "PERMISSIVE")) == f.permissive()
        assert _rows(read(folder, "DROPMALFORMED")) == f.dropmalformed()
        if f.any_malformed:
            with pytest.raises(SparkRuntimeException) as info:
                _rows(read(folder, "FAILFAST"))
            assert info.value.getCondition() == "FAILED_READ_FILE.NO_HINT"
            assert "part.dat" in str(info.value)
        else:
            assert _rows(read(folder, "FAILFAST")) == f.dropmalformed()


@PROPERTY
@given(st.randoms(use_true_random=False))
def test_dirty_csv_files_read_as_spark_reads_them_in_every_mode(spark, rnd: random.Random):
    def read(folder: str, mode: str):
        corrupt = ", _corrupt_record STRING" if mode == "PERMISSIVE" else ""
        return spark.read.csv(folder, schema="a STRING, b STRING, c STRING" + corrupt, mode=mode)

    _check_modes(dirty_csv(rnd), read)


@PROPERTY
@given(st.randoms(use_true_random=False))
def test_dirty_json_files_read_as_spark_reads_them_in_every_mode(spark, rnd: random.Random):
    def read(folder: str, mode: str):
        corrupt = ", _corrupt_record STRING" if mode == "PERMISSIVE" else ""
        return spark.read.json(folder, schema="a STRING, b INT" + corrupt, mode=mode)

    _check_modes(dirty_json(rnd), read)


@PROPERTY
@given(st.randoms(use_true_random=False))
def test_dirty_text_files_keep_every_line(spark, rnd: random.Random):
    f = dirty_text(rnd)
    note(f"kinds={f.kinds} data={f.data!r}")
    with _written(f, "part.txt") as folder:
        assert [r.value for r in spark.read.text(folder).collect()] == [r.values[0] for r in f.records]
