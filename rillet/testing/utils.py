"""``assertDataFrameEqual`` and ``assertSchemaEqual``, as in ``pyspark.testing.utils``.

The checks, their order and their messages are PySpark 4.0's, so a PySpark test suite
runs unchanged and its failures read the same: rows are rendered as ``repr(Row)``,
sorted by that text unless ``checkRowOrder``, and a failure shows them as a context
diff with each differing row marked ``!`` (in red, as PySpark prints it).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from decimal import Decimal
from itertools import zip_longest
from typing import TYPE_CHECKING, Any

from rillet.errors import PySparkAssertionError, PySparkTypeError
from rillet.plan.types import DataType, Row, StructField, StructType
from rillet.sql.dataframe import DataFrame
from rillet.sql.functions.core import col, when

if TYPE_CHECKING:
    import pandas

__all__ = ["assertDataFrameEqual", "assertSchemaEqual"]

_DATAFRAME_ARG_TYPE = "Union[DataFrame, ps.DataFrame, List[Row]]"
_PANDAS_ARG_TYPE = "DataFrame, Series, Index, "
# PySpark colours a differing row whenever its terminal probe runs a shell, i.e. always.
_RED, _NO_COLOR = "\033[31m", "\033[0m"
_DIFF_MARK = {"insert": "+ ", "delete": "- ", "replace": "! ", "equal": "  "}


def assertSchemaEqual(
    actual: StructType,
    expected: StructType,
    ignoreNullable: bool = True,
    ignoreColumnOrder: bool = False,
    ignoreColumnName: bool = False,
) -> None:
    r"""Assert that the DataFrame schemas ``actual`` and ``expected`` are equal.

    Parameters
    ----------
    actual : StructType
        The schema being tested.
    expected : StructType
        The schema it should be.
    ignoreNullable : bool, default True
        Ignore the ``nullable`` flags (of the columns and, inside arrays and structs,
        of nested fields); when False they must match too.
    ignoreColumnOrder : bool, default False
        Compare the columns by name instead of by position.
    ignoreColumnName : bool, default False
        Compare only the columns' types, by position.

    Raises
    ------
    PySparkAssertionError
        ``DIFFERENT_SCHEMA``, with an ``ndiff`` of the two schemas.
    PySparkTypeError
        ``NOT_STRUCT`` when an argument is not a :class:`StructType`.

    Examples
    --------
    >>> from rillet.sql.types import StructType, StructField, ArrayType, DoubleType
    >>> s1 = StructType([StructField("names", ArrayType(DoubleType(), True), True)])
    >>> s2 = StructType([StructField("names", ArrayType(DoubleType(), True), False)])
    >>> assertSchemaEqual(s1, s2)  # pass: nullability is ignored by default
    >>> assertSchemaEqual(s1, s2, ignoreNullable=False)
    Traceback (most recent call last):
    ...
    rillet.errors.PySparkAssertionError: [DIFFERENT_SCHEMA] Schemas do not match.
    --- actual
    +++ expected
    - StructType([StructField('names', ArrayType(DoubleType(), True), True)])
    ?                                                                 ^^^
    + StructType([StructField('names', ArrayType(DoubleType(), True), False)])
    ?                                                                 ^^^^
    <BLANKLINE>
    """
    __tracebackhide__ = True
    for arg_name, schema in (("actual", actual), ("expected", expected)):
        if not isinstance(schema, StructType):
            raise PySparkTypeError(
                errorClass="NOT_STRUCT",
                messageParameters={"arg_name": arg_name, "arg_type": type(schema).__name__},
            )
    if ignoreColumnOrder:
        actual = StructType(sorted(actual, key=lambda f: f.name))
        expected = StructType(sorted(expected, key=lambda f: f.name))
    if ignoreColumnName:
        actual = _positional_names(actual)
        expected = _positional_names(expected)
    equal = _fields_equal_ignoring_nullable(actual, expected) if ignoreNullable else actual == expected
    if not equal:
        raise _different_schema(actual, expected)


def assertDataFrameEqual(
    actual: DataFrame | pandas.DataFrame | list[Row],
    expected: DataFrame | pandas.DataFrame | list[Row],
    checkRowOrder: bool = False,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    ignoreNullable: bool = True,
    ignoreColumnOrder: bool = False,
    ignoreColumnName: bool = False,
    ignoreColumnType: bool = False,
    maxErrors: int | None = None,
    showOnlyDiff: bool = False,
    includeDiffRows: bool = False,
) -> bool | None:
    r"""Assert that ``actual`` and ``expected`` (DataFrames or lists of Rows) hold the same rows.

    When both are DataFrames their schemas are compared first (see
    :func:`assertSchemaEqual`). Rows are compared in order when ``checkRowOrder``,
    otherwise as sorted by their text. Floats and decimals ``a`` (actual) and ``b``
    (expected) are equal when ``abs(a - b) <= atol + rtol * abs(b)``. Two pandas
    DataFrames are compared column by column (in row order) with the same tolerance.

    Parameters
    ----------
    actual : DataFrame, pandas.DataFrame or list of Row
        The result being tested.
    expected : DataFrame, pandas.DataFrame or list of Row
        The result it should be.
    checkRowOrder : bool, default False
        Compare the rows in order.
    rtol : float, default 1e-5
        Relative tolerance for floats and decimals.
    atol : float, default 1e-8
        Absolute tolerance for floats and decimals.
    ignoreNullable : bool, default True
        Ignore the schemas' ``nullable`` flags.
    ignoreColumnOrder : bool, default False
        Compare the columns by name instead of by position.
    ignoreColumnName : bool, default False
        Compare the columns by position whatever their names.
    ignoreColumnType : bool, default False
        Compare every value as a string (whole floats without their ``.0``), so
        ``1000`` and ``1000.0`` are equal.
    maxErrors : int, optional
        Stop comparing, and report, after this many differing rows.
    showOnlyDiff : bool, default False
        Show only the differing rows in the error message.
    includeDiffRows : bool, default False
        Attach the differing ``(actual, expected)`` row pairs to the error as ``data``.

    Raises
    ------
    PySparkAssertionError
        ``DIFFERENT_ROWS`` (a diff of the rows), ``DIFFERENT_SCHEMA``,
        ``DIFFERENT_PANDAS_DATAFRAME``, ``INVALID_TYPE_DF_EQUALITY_ARG`` for an
        argument that is not a DataFrame or list, and ``UNSUPPORTED_OPERATION`` for a
        streaming DataFrame (test a stream through a memory sink or ``foreachBatch``).

    Examples
    --------
    >>> from rillet.sql import Row
    >>> df1 = spark.createDataFrame([("1", 0.1), ("2", 3.23)], ["id", "amount"])
    >>> df2 = spark.createDataFrame([("2", 3.23), ("1", 0.109)], ["id", "amount"])
    >>> assertDataFrameEqual(df1, df2, rtol=1e-1)  # pass: row order and tolerance
    >>> assertDataFrameEqual(df1, [Row(id="1", amount=0.1), Row(id="2", amount=3.23)])
    >>> assertDataFrameEqual(df1, df2, showOnlyDiff=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    rillet.errors.PySparkAssertionError: [DIFFERENT_ROWS] Results do not match: ( 50.00000 % )
    *** actual ***
    ...! Row(id='1', amount=0.1)...
    *** expected ***
    ...! Row(id='1', amount=0.109)...
    """
    __tracebackhide__ = True
    if actual is None and expected is None:
        return True  # as PySpark does; every other pass returns None
    for arg_name, value in (("actual", actual), ("expected", expected)):
        if value is None:
            raise _invalid_argument(_DATAFRAME_ARG_TYPE, arg_name, None)

    pd = _pandas()
    if pd is not None and (isinstance(actual, pd.DataFrame) or isinstance(expected, pd.DataFrame)):
        _assert_pandas_almost_equal(pd, actual, expected, rtol, atol)
        return None

    for arg_name, value in (("actual", actual), ("expected", expected)):
        if not isinstance(value, (DataFrame, list)):
            raise _invalid_argument(_DATAFRAME_ARG_TYPE, arg_name, type(value))

    # as in PySpark, these three need DataFrames (a list has no ``select``/``columns``)
    if ignoreColumnOrder:
        actual = actual.select(*sorted(actual.columns))  # type: ignore[union-attr]
        expected = expected.select(*sorted(expected.columns))  # type: ignore[union-attr]
    if ignoreColumnName:
        actual = actual.toDF(*map(str, range(len(actual.columns))))  # type: ignore[union-attr]
        expected = expected.toDF(*map(str, range(len(expected.columns))))  # type: ignore[union-attr]
    if ignoreColumnType:
        actual = _values_as_strings(actual)  # type: ignore[arg-type]
        expected = _values_as_strings(expected)  # type: ignore[arg-type]

    if isinstance(actual, DataFrame) and isinstance(expected, DataFrame):
        if ignoreNullable:
            assertSchemaEqual(actual.schema, expected.schema)
        elif actual.schema != expected.schema:
            raise _different_schema(actual.schema, expected.schema)

    actual_rows = _rows(actual)
    expected_rows = _rows(expected)
    if not checkRowOrder:
        actual_rows = sorted(actual_rows, key=str)
        expected_rows = sorted(expected_rows, key=str)
    _assert_rows_equal(actual_rows, expected_rows, rtol, atol, maxErrors, showOnlyDiff, includeDiffRows)
    return None


# ---------------------------------------------------------------------------
# schemas


def _positional_names(schema: StructType) -> StructType:
    return StructType([StructField(str(i), f.dataType, f.nullable) for i, f in enumerate(schema)])


def _fields_equal_ignoring_nullable(actual: StructType, expected: StructType) -> bool:
    """Same names and types, position by position; nested nullability is ignored too."""
    return len(actual) == len(expected) and all(
        a.name == e.name and _types_equal_ignoring_nullable(a.dataType, e.dataType)
        for a, e in zip(actual, expected)
    )


def _types_equal_ignoring_nullable(actual: DataType, expected: DataType) -> bool:
    # PySpark looks inside arrays and structs only: maps (and decimals) compare by type name
    if actual.typeName() != expected.typeName():
        return False
    if isinstance(actual, StructType):
        return _fields_equal_ignoring_nullable(actual, expected)  # type: ignore[arg-type]
    if actual.typeName() == "array":
        return _types_equal_ignoring_nullable(actual.elementType, expected.elementType)  # type: ignore[attr-defined]
    return True


def _different_schema(actual: StructType, expected: StructType) -> PySparkAssertionError:
    diff = difflib.ndiff(str(actual).splitlines(), str(expected).splitlines())
    return PySparkAssertionError(errorClass="DIFFERENT_SCHEMA", messageParameters={"error_msg": "\n".join(diff)})


# ---------------------------------------------------------------------------
# rows


def _invalid_argument(expected_type: str, arg_name: str, actual_type: Any) -> PySparkAssertionError:
    return PySparkAssertionError(
        errorClass="INVALID_TYPE_DF_EQUALITY_ARG",
        messageParameters={"expected_type": expected_type, "arg_name": arg_name, "actual_type": actual_type},
    )


def _values_as_strings(df: DataFrame) -> DataFrame:
    """Every column cast to string, a whole number without its ``.0`` (``ignoreColumnType``)."""
    for name in df.columns:
        value = col(name)
        whole = value.cast("float").isNotNull() & (value.cast("float") == value.cast("int"))
        df = df.withColumn(name, when(whole, value.cast("int").cast("string")).otherwise(value.cast("string")))
    return df


def _rows(data: DataFrame | list[Row]) -> list[Row]:
    if isinstance(data, list):
        return data
    if data.isStreaming:
        raise PySparkAssertionError(
            errorClass="UNSUPPORTED_OPERATION",
            messageParameters={"operation": "assertDataFrameEqual on streaming DataFrame"},
        )
    return data.collect()


def _values_match(actual: Any, expected: Any, rtol: float, atol: float) -> bool:
    if isinstance(actual, list) and isinstance(expected, list):
        return len(actual) == len(expected) and all(
            _values_match(a, e, rtol, atol) for a, e in zip(actual, expected)
        )
    if isinstance(actual, Row) and isinstance(expected, Row):
        return all(_values_match(a, e, rtol, atol) for a, e in zip(actual, expected))
    if isinstance(actual, dict) and isinstance(expected, dict):
        return actual.keys() == expected.keys() and all(
            _values_match(actual[k], expected[k], rtol, atol) for k in actual
        )
    # written as "not beyond the tolerance", as PySpark does, so NaN matches any float
    if isinstance(actual, float) and isinstance(expected, float):
        return not abs(actual - expected) > atol + rtol * abs(expected)
    if isinstance(actual, Decimal) and isinstance(expected, Decimal):
        return not abs(actual - expected) > Decimal(atol) + Decimal(rtol) * abs(expected)
    return bool(actual == expected)


def _assert_rows_equal(
    actual_rows: list[Row],
    expected_rows: list[Row],
    rtol: float,
    atol: float,
    maxErrors: int | None,
    showOnlyDiff: bool,
    includeDiffRows: bool,
) -> None:
    """Raise ``DIFFERENT_ROWS`` unless the rows match pairwise (a missing row is ``None``)."""
    __tracebackhide__ = True
    pairs = list(zip_longest(actual_rows, expected_rows))
    shown_actual: list[str] = []
    shown_expected: list[str] = []
    different: list[tuple[Row | None, Row | None]] = []
    for a, e in pairs:
        same = (a is None and e is None) or (
            a is not None and e is not None and _values_match(a, e, rtol, atol)
        )
        if not same:
            different.append((a, e))
        if not same or not showOnlyDiff:
            shown_actual.append(str(a))
            shown_expected.append(str(e))
        if not same and maxErrors is not None and len(different) >= maxErrors:
            break
    if not different:
        return
    # a row's text may span lines (a list of arbitrary objects): PySpark diffs lines
    diff = _context_diff(_lines(shown_actual), _lines(shown_expected), len(pairs))
    percent = len(different) / len(pairs) * 100
    message = f"Results do not match: ( {percent:.5f} % )\n" + "\n".join(diff)
    raise PySparkAssertionError(
        errorClass="DIFFERENT_ROWS",
        messageParameters={"error_msg": message},
        data=different if includeDiffRows else None,
    )


def _lines(texts: list[str]) -> list[str]:
    return "".join(t + "\n" for t in texts).splitlines()


def _context_diff(actual: list[str], expected: list[str], context: int) -> Iterator[str]:
    """difflib's context diff as PySpark prints it: ``! `` marks a changed line (in red)."""

    def mark(tag: str, line: str) -> str:
        text = _DIFF_MARK[tag] + line
        return text if tag == "equal" else f"{_RED}{text}{_NO_COLOR}"

    for group in difflib.SequenceMatcher(None, actual, expected).get_grouped_opcodes(context):
        yield "*** actual ***"
        if any(tag in ("replace", "delete") for tag, *_ in group):
            for tag, i1, i2, _, _ in group:
                yield from (mark(tag, line) for line in actual[i1:i2])
        yield "\n"
        yield "*** expected ***"
        if any(tag in ("replace", "insert") for tag, *_ in group):
            for tag, _, _, j1, j2 in group:
                yield from (mark(tag, line) for line in expected[j1:j2])


# ---------------------------------------------------------------------------
# pandas


def _pandas() -> Any:
    """The pandas module, or None when it is not installed (PySpark then skips its pandas path)."""
    try:
        import pandas
    except ImportError:
        return None
    return pandas


def _assert_pandas_almost_equal(pd: Any, left: Any, right: Any, rtol: float, atol: float) -> None:
    """PySpark's pandas comparison: same shape, column names, null positions and values
    (floats and decimals within the tolerance), in row order; the index is not compared."""
    __tracebackhide__ = True
    for arg_name, value in (("left", left), ("right", right)):
        if not isinstance(value, pd.DataFrame):
            raise _invalid_argument(_PANDAS_ARG_TYPE, arg_name, type(value))

    def approx(lval: Any, rval: Any) -> bool:
        if isinstance(lval, (float, Decimal)) or isinstance(rval, (float, Decimal)):
            return not abs(float(lval) - float(rval)) > atol + rtol * abs(float(rval))
        return bool(lval == rval)

    def columns_match() -> bool:
        if left.shape != right.shape:
            return False
        for lcol, rcol in zip(left.columns, right.columns):
            if lcol != rcol:
                return False
            lvalues, rvalues = left[lcol], right[rcol]
            if (lvalues.isnull().to_numpy() != rvalues.isnull().to_numpy()).any():
                return False
            if not all(approx(lv, rv) for lv, rv in zip(lvalues.dropna(), rvalues.dropna())):
                return False
        return bool(left.columns.names == right.columns.names)

    if not columns_match():
        raise PySparkAssertionError(
            errorClass="DIFFERENT_PANDAS_DATAFRAME",
            messageParameters={
                "left": left.to_string(),
                "left_dtype": str(left.dtypes),
                "right": right.to_string(),
                "right_dtype": str(right.dtypes),
            },
        )
