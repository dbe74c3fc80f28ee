"""``assertDataFrameEqual`` on pandas DataFrames, against PySpark 4.0's rules.

PySpark's pandas path (``PandasOnSparkTestUtils.assert_eq``) needs ``pyspark.pandas``, which
does not import under pandas 3, so these run on rillet alone: two pandas DataFrames match
when shape, column names, null positions and values (floats within ``rtol``/``atol``)
agree, in row order, whatever their index.
"""

from __future__ import annotations

import pandas as pd
import pytest

from rillet.errors import PySparkAssertionError
from rillet.testing import assertDataFrameEqual


def test_equal_pandas_frames_pass_within_tolerance():
    left = pd.DataFrame({"id": ["1", "2"], "amount": [1000.0, None]})
    right = pd.DataFrame({"id": ["1", "2"], "amount": [1000.001, None]})
    assertDataFrameEqual(left, right)
    assertDataFrameEqual(left, right.set_axis([5, 6]))  # the index is not compared


def test_pandas_frames_differing_beyond_tolerance_raise_with_both_frames_shown():
    left = pd.DataFrame({"id": ["1", "2"], "amount": [1000.0, 3000.0]})
    right = pd.DataFrame({"id": ["1", "2"], "amount": [1001.0, 3000.0]})
    with pytest.raises(PySparkAssertionError) as info:
        assertDataFrameEqual(left, right)
    assert info.value.getCondition() == "DIFFERENT_PANDAS_DATAFRAME"
    assert str(info.value) == (
        "[DIFFERENT_PANDAS_DATAFRAME] DataFrames are not almost equal:\n"
        f"Left:\n{left.to_string()}\n{left.dtypes}\nRight:\n{right.to_string()}\n{right.dtypes}"
    )


@pytest.mark.parametrize(
    "right",
    [
        pd.DataFrame({"id": ["1", "2"], "amount": [1000.0, 3000.0]}),  # row order is checked
        pd.DataFrame({"id": ["2", "1"], "value": [3000.0, 1000.0]}),  # column names
        pd.DataFrame({"id": ["2", "1"], "amount": [3000.0, None]}),  # null positions
        pd.DataFrame({"id": ["2"], "amount": [3000.0]}),  # shape
    ],
)
def test_pandas_frames_differing_in_order_names_nulls_or_shape_raise(right):
    left = pd.DataFrame({"id": ["2", "1"], "amount": [3000.0, 1000.0]})
    with pytest.raises(PySparkAssertionError) as info:
        assertDataFrameEqual(left, right, checkRowOrder=False)
    assert info.value.getCondition() == "DIFFERENT_PANDAS_DATAFRAME"


def test_pandas_frame_against_a_dataframe_names_the_argument(spark):
    left = pd.DataFrame({"id": [1]})
    with pytest.raises(PySparkAssertionError) as info:
        assertDataFrameEqual(left, spark.createDataFrame([(1,)], ["id"]))
    assert info.value.getMessageParameters()["arg_name"] == "right"
    assert "DataFrame, Series, Index, " in str(info.value)
