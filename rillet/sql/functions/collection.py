"""Collection functions: arrays, maps and structs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Optional, Union

from rillet.plan.expressions.core import Literal
from rillet.sql._typing import ColumnOrName
from rillet.sql.column import Column, _to_expr
from rillet.sql.functions._helpers import call, col_arg

__all__ = [
    'array', 'array_contains', 'element_at', 'try_element_at', 'size', 'cardinality', 'sort_array',
    'array_sort', 'array_distinct', 'array_union', 'array_intersect', 'array_except', 'array_join',
    'array_max', 'array_min', 'array_position', 'array_remove', 'slice', 'flatten', 'arrays_zip',
    'create_map', 'map_keys', 'map_values', 'map_entries', 'map_from_arrays', 'struct', 'named_struct',
    'array_append', 'array_prepend', 'array_insert', 'array_compact', 'array_repeat', 'array_size',
    'arrays_overlap',
]


def _cols(cols: tuple[Any, ...]) -> list[Any]:
    """PySpark's ``*cols``: columns or names, or one list of them."""
    if len(cols) == 1 and isinstance(cols[0], (list, tuple, set)):
        cols = tuple(cols[0])
    return [col_arg(c, "cols") for c in cols]


def array(*cols: Union[ColumnOrName, Sequence[ColumnOrName], tuple[ColumnOrName, ...]]) -> Column:
    """Collection function: Creates a new array column from the input columns or column names.

    Parameters
    ----------
    cols : :class:`~rillet.sql.Column` or str
        Column names or :class:`~rillet.sql.Column` objects that have the same data type.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new Column of array type, where each value is an array containing the corresponding values
        from the input columns.

    Examples
    --------
    Example 1: Basic usage of array function with column names.

    >>> df = spark.createDataFrame([("Alice", "doctor"), ("Bob", "engineer")],
    ...     ("name", "occupation"))
    >>> df.select(F.array('name', 'occupation')).show()
    +-----------------------+
    |array(name, occupation)|
    +-----------------------+
    |        [Alice, doctor]|
    |        [Bob, engineer]|
    +-----------------------+

    Example 2: Usage of array function with Column objects.

    >>> df = spark.createDataFrame([("Alice", "doctor"), ("Bob", "engineer")],
    ...     ("name", "occupation"))
    >>> df.select(F.array(df.name, df.occupation)).show()
    +-----------------------+
    |array(name, occupation)|
    +-----------------------+
    |        [Alice, doctor]|
    |        [Bob, engineer]|
    +-----------------------+
    """
    return call("array", *_cols(cols))


def array_contains(col: ColumnOrName, value: Any) -> Column:
    """Collection function: This function returns a boolean indicating whether the array
    contains the given value, returning null if the array is null, true if the array
    contains the given value, and false otherwise.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        The target column containing the arrays.
    value :
        The value or column to check for in the array.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new Column of Boolean type, where each value indicates whether the corresponding array
        from the input column contains the specified value.

    Examples
    --------
    Example 1: Basic usage of array_contains function.

    >>> df = spark.createDataFrame([(["a", "b", "c"],), ([],)], ['data'])
    >>> df.select(F.array_contains(df.data, "a")).show()
    +-----------------------+
    |array_contains(data, a)|
    +-----------------------+
    |                   true|
    |                  false|
    +-----------------------+

    Example 2: Usage of array_contains function with a column.

    >>> df = spark.createDataFrame([(["a", "b", "c"], "c"),
    ...                            (["c", "d", "e"], "d"),
    ...                            (["e", "a", "c"], "b")], ["data", "item"])
    >>> df.select(F.array_contains(df.data, F.col("item"))).show()
    +--------------------------+
    |array_contains(data, item)|
    +--------------------------+
    |                      true|
    |                      true|
    |                     false|
    +--------------------------+
    """
    return call("array_contains", col_arg(col), _to_expr(value))


def element_at(col: ColumnOrName, extraction: Any) -> Column:
    """Collection function:
    (array, index) - Returns element of array at given (1-based) index. If Index is 0, Spark will
    throw an error. If index < 0, accesses elements from the last to the first.
    If 'spark.sql.ansi.enabled' is set to true, an exception will be thrown if the index is out
    of array boundaries instead of returning NULL.

    (map, key) - Returns value for given key in `extraction` if col is map. The function always
    returns NULL if the key is not contained in the map.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        name of column containing array or map
    extraction :
        index to check for in array or key to check for in map

    Returns
    -------
    :class:`~rillet.sql.Column`
        value at given position.

    Examples
    --------
    Example 1: Getting the first element of an array

    >>> df = spark.createDataFrame([(["a", "b", "c"],)], ['data'])
    >>> df.select(F.element_at(df.data, 1)).show()
    +-------------------+
    |element_at(data, 1)|
    +-------------------+
    |                  a|
    +-------------------+

    Example 2: Getting the last element of an array using negative index

    >>> df = spark.createDataFrame([(["a", "b", "c"],)], ['data'])
    >>> df.select(F.element_at(df.data, -1)).show()
    +--------------------+
    |element_at(data, -1)|
    +--------------------+
    |                   c|
    +--------------------+
    """
    return call("element_at", col_arg(col), _to_expr(extraction))


def try_element_at(col: ColumnOrName, extraction: ColumnOrName) -> Column:
    """Collection function:
    (array, index) - Returns element of array at given (1-based) index. If Index is 0, Spark will
    throw an error. If index < 0, accesses elements from the last to the first. The function
    always returns NULL if the index exceeds the length of the array.

    (map, key) - Returns value for given key. The function always returns NULL if the key is not
    contained in the map.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        name of column containing array or map
    extraction :
        index to check for in array or key to check for in map

    Examples
    --------
    Example 1: Getting the first element of an array

    >>> df = spark.createDataFrame([(["a", "b", "c"],)], ['data'])
    >>> df.select(F.try_element_at(df.data, F.lit(1))).show()
    +-----------------------+
    |try_element_at(data, 1)|
    +-----------------------+
    |                      a|
    +-----------------------+

    Example 2: Getting the last element of an array using negative index

    >>> df = spark.createDataFrame([(["a", "b", "c"],)], ['data'])
    >>> df.select(F.try_element_at(df.data, F.lit(-1))).show()
    +------------------------+
    |try_element_at(data, -1)|
    +------------------------+
    |                       c|
    +------------------------+
    """
    return call("try_element_at", col_arg(col), _to_expr(extraction))


def size(col: ColumnOrName) -> Column:
    """Collection function: returns the length of the array or map stored in the column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        name of column or expression

    Returns
    -------
    :class:`~rillet.sql.Column`
        length of the array/map.

    Examples
    --------
    >>> df = spark.createDataFrame([([1, 2, 3],),([1],),([],)], ['data'])
    >>> df.select(F.size(df.data)).collect()
    [Row(size(data)=3), Row(size(data)=1), Row(size(data)=0)]
    """
    return call("size", col_arg(col))


def cardinality(col: ColumnOrName) -> Column:
    """Collection function: returns the length of the array or map stored in the column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        length of the array/map.

    Examples
    --------
    >>> spark.createDataFrame(
    ...     [([1, 2, 3],),([1],),([],)], ['data']
    ... ).select(F.cardinality("data")).show()
    +-----------------+
    |cardinality(data)|
    +-----------------+
    |                3|
    |                1|
    |                0|
    +-----------------+
    """
    return call("cardinality", col_arg(col))


def sort_array(col: ColumnOrName, asc: bool = True) -> Column:
    """Array function: Sorts the input array in ascending or descending order according
    to the natural ordering of the array elements. Null elements will be placed at the beginning
    of the returned array in ascending order or at the end of the returned array in descending
    order.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        Name of the column or expression.
    asc : bool, optional
        Whether to sort in ascending or descending order. If `asc` is True (default),
        then the sorting is in ascending order. If False, then in descending order.

    Returns
    -------
    :class:`~rillet.sql.Column`
        Sorted array.

    Examples
    --------
    Example 1: Sorting an array in ascending order

    >>> df = spark.createDataFrame([([2, 1, None, 3],)], ['data'])
    >>> df.select(F.sort_array(df.data)).show()
    +----------------------+
    |sort_array(data, true)|
    +----------------------+
    |       [NULL, 1, 2, 3]|
    +----------------------+

    Example 2: Sorting an array in descending order

    >>> df = spark.createDataFrame([([2, 1, None, 3],)], ['data'])
    >>> df.select(F.sort_array(df.data, asc=False)).show()
    +-----------------------+
    |sort_array(data, false)|
    +-----------------------+
    |        [3, 2, 1, NULL]|
    +-----------------------+
    """
    return call("sort_array", col_arg(col), Literal.of(asc))


def array_sort(
    col: ColumnOrName,
    comparator: Optional[Callable[[Column, Column], Column]] = None,
) -> Column:
    """Collection function: sorts the input array in ascending order. The elements of the input array
    must be orderable. Null elements will be placed at the end of the returned array.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        name of column or expression
    comparator : callable, optional
        A binary ``(Column, Column) -> Column: ...``.
        The comparator will take two
        arguments representing two elements of the array. It returns a negative integer, 0, or a
        positive integer as the first element is less than, equal to, or greater than the second
        element. If the comparator function returns null, the function will fail and raise an error.

    Returns
    -------
    :class:`~rillet.sql.Column`
        sorted array.

    Examples
    --------
    >>> df = spark.createDataFrame([([2, 1, None, 3],), ([1],), ([],)], ["data"])
    >>> df.select(F.array_sort(df.data).alias("r")).show()
    +---------------+
    |              r|
    +---------------+
    |[1, 2, 3, NULL]|
    |            [1]|
    |             []|
    +---------------+

    >>> df = spark.createDataFrame([(["foo", "foobar", None, "bar"],),(["foo"],),([],)], ['data'])
    >>> df.select(F.array_sort(
    ...     "data",
    ...     lambda x, y: F.when(x.isNull() | y.isNull(), F.lit(0)).otherwise(F.length(y) - F.length(x))
    ... ).alias("r")).collect()
    [Row(r=['foobar', 'foo', None, 'bar']), Row(r=['foo']), Row(r=[])]
    """
    if comparator is None:
        return call("array_sort", col_arg(col))
    from rillet.sql.functions.higher_order import _lambda

    return call("array_sort", col_arg(col), _lambda(comparator))


def array_distinct(col: ColumnOrName) -> Column:
    """Array function: removes duplicate values from the array.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        name of column or expression

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column that is an array of unique values from the input column.

    Examples
    --------
    Example 1: Removing duplicate values from a simple array

    >>> df = spark.createDataFrame([([1, 2, 3, 2],)], ['data'])
    >>> df.select(F.array_distinct(df.data)).show()
    +--------------------+
    |array_distinct(data)|
    +--------------------+
    |           [1, 2, 3]|
    +--------------------+

    Example 2: Removing duplicate values from multiple arrays

    >>> df = spark.createDataFrame([([1, 2, 3, 2],), ([4, 5, 5, 4],)], ['data'])
    >>> df.select(F.array_distinct(df.data)).show()
    +--------------------+
    |array_distinct(data)|
    +--------------------+
    |           [1, 2, 3]|
    |              [4, 5]|
    +--------------------+
    """
    return call("array_distinct", col_arg(col))


def array_union(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Array function: returns a new array containing the union of elements in col1 and col2,
    without duplicates.

    Parameters
    ----------
    col1 : :class:`~rillet.sql.Column` or str
        Name of column containing the first array.
    col2 : :class:`~rillet.sql.Column` or str
        Name of column containing the second array.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new array containing the union of elements in col1 and col2.

    Examples
    --------
    Example 1: Basic usage

    >>> from rillet.sql import Row, functions as sf
    >>> df = spark.createDataFrame([Row(c1=["b", "a", "c"], c2=["c", "d", "a", "f"])])
    >>> df.select(F.sort_array(F.array_union(df.c1, df.c2))).show()
    +-------------------------------------+
    |sort_array(array_union(c1, c2), true)|
    +-------------------------------------+
    |                      [a, b, c, d, f]|
    +-------------------------------------+

    Example 2: Union with no common elements

    >>> from rillet.sql import Row, functions as sf
    >>> df = spark.createDataFrame([Row(c1=["b", "a", "c"], c2=["d", "e", "f"])])
    >>> df.select(F.sort_array(F.array_union(df.c1, df.c2))).show()
    +-------------------------------------+
    |sort_array(array_union(c1, c2), true)|
    +-------------------------------------+
    |                   [a, b, c, d, e, f]|
    +-------------------------------------+
    """
    return call("array_union", col_arg(col1, "col1"), col_arg(col2, "col2"))


def array_intersect(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Array function: returns a new array containing the intersection of elements in col1 and col2,
    without duplicates.

    Parameters
    ----------
    col1 : :class:`~rillet.sql.Column` or str
        Name of column containing the first array.
    col2 : :class:`~rillet.sql.Column` or str
        Name of column containing the second array.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new array containing the intersection of elements in col1 and col2.

    Examples
    --------
    Example 1: Basic usage

    >>> from rillet.sql import Row, functions as sf
    >>> df = spark.createDataFrame([Row(c1=["b", "a", "c"], c2=["c", "d", "a", "f"])])
    >>> df.select(F.sort_array(F.array_intersect(df.c1, df.c2))).show()
    +-----------------------------------------+
    |sort_array(array_intersect(c1, c2), true)|
    +-----------------------------------------+
    |                                   [a, c]|
    +-----------------------------------------+

    Example 2: Intersection with no common elements

    >>> from rillet.sql import Row, functions as sf
    >>> df = spark.createDataFrame([Row(c1=["b", "a", "c"], c2=["d", "e", "f"])])
    >>> df.select(F.array_intersect(df.c1, df.c2)).show()
    +-----------------------+
    |array_intersect(c1, c2)|
    +-----------------------+
    |                     []|
    +-----------------------+
    """
    return call("array_intersect", col_arg(col1, "col1"), col_arg(col2, "col2"))


def array_except(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Array function: returns a new array containing the elements present in col1 but not in col2,
    without duplicates.

    Parameters
    ----------
    col1 : :class:`~rillet.sql.Column` or str
        Name of column containing the first array.
    col2 : :class:`~rillet.sql.Column` or str
        Name of column containing the second array.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new array containing the elements present in col1 but not in col2.

    Examples
    --------
    Example 1: Basic usage

    >>> from rillet.sql import Row, functions as sf
    >>> df = spark.createDataFrame([Row(c1=["b", "a", "c"], c2=["c", "d", "a", "f"])])
    >>> df.select(F.array_except(df.c1, df.c2)).show()
    +--------------------+
    |array_except(c1, c2)|
    +--------------------+
    |                 [b]|
    +--------------------+

    Example 2: Except with no common elements

    >>> from rillet.sql import Row, functions as sf
    >>> df = spark.createDataFrame([Row(c1=["b", "a", "c"], c2=["d", "e", "f"])])
    >>> df.select(F.sort_array(F.array_except(df.c1, df.c2))).show()
    +--------------------------------------+
    |sort_array(array_except(c1, c2), true)|
    +--------------------------------------+
    |                             [a, b, c]|
    +--------------------------------------+
    """
    return call("array_except", col_arg(col1, "col1"), col_arg(col2, "col2"))


def array_join(col: ColumnOrName, delimiter: str, null_replacement: Optional[str] = None) -> Column:
    """Array function: Returns a string column by concatenating the elements of the input
    array column using the delimiter. Null values within the array can be replaced with
    a specified string through the null_replacement argument. If null_replacement is
    not set, null values are ignored.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        The input column containing the arrays to be joined.
    delimiter : str
        The string to be used as the delimiter when joining the array elements.
    null_replacement : str, optional
        The string to replace null values within the array. If not set, null values are ignored.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column of string type, where each value is the result of joining the corresponding
        array from the input column.

    Examples
    --------
    Example 1: Basic usage of array_join function.

    >>> df = spark.createDataFrame([(["a", "b", "c"],), (["a", "b"],)], ['data'])
    >>> df.select(F.array_join(df.data, ",")).show()
    +-------------------+
    |array_join(data, ,)|
    +-------------------+
    |              a,b,c|
    |                a,b|
    +-------------------+

    Example 2: Usage of array_join function with null_replacement argument.

    >>> df = spark.createDataFrame([(["a", None, "c"],)], ['data'])
    >>> df.select(F.array_join(df.data, ",", "NULL")).show()
    +-------------------------+
    |array_join(data, ,, NULL)|
    +-------------------------+
    |                 a,NULL,c|
    +-------------------------+
    """
    args = [col_arg(col), Literal.of(delimiter)]
    if null_replacement is not None:
        args.append(Literal.of(null_replacement))
    return call("array_join", *args)


def array_max(col: ColumnOrName) -> Column:
    """Array function: returns the maximum value of the array.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        The name of the column or an expression that represents the array.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column that contains the maximum value of each array.

    Examples
    --------
    Example 1: Basic usage with integer array

    >>> df = spark.createDataFrame([([2, 1, 3],), ([None, 10, -1],)], ['data'])
    >>> df.select(F.array_max(df.data)).show()
    +---------------+
    |array_max(data)|
    +---------------+
    |              3|
    |             10|
    +---------------+

    Example 2: Usage with string array

    >>> df = spark.createDataFrame([(['apple', 'banana', 'cherry'],)], ['data'])
    >>> df.select(F.array_max(df.data)).show()
    +---------------+
    |array_max(data)|
    +---------------+
    |         cherry|
    +---------------+
    """
    return call("array_max", col_arg(col))


def array_min(col: ColumnOrName) -> Column:
    """Array function: returns the minimum value of the array.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        The name of the column or an expression that represents the array.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column that contains the minimum value of each array.

    Examples
    --------
    Example 1: Basic usage with integer array

    >>> df = spark.createDataFrame([([2, 1, 3],), ([None, 10, -1],)], ['data'])
    >>> df.select(F.array_min(df.data)).show()
    +---------------+
    |array_min(data)|
    +---------------+
    |              1|
    |             -1|
    +---------------+

    Example 2: Usage with string array

    >>> df = spark.createDataFrame([(['apple', 'banana', 'cherry'],)], ['data'])
    >>> df.select(F.array_min(df.data)).show()
    +---------------+
    |array_min(data)|
    +---------------+
    |          apple|
    +---------------+
    """
    return call("array_min", col_arg(col))


def array_position(col: ColumnOrName, value: Any) -> Column:
    """Array function: Locates the position of the first occurrence of the given value
    in the given array. Returns null if either of the arguments are null.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        target column to work on.
    value : Any
        value or a :class:`~rillet.sql.Column` expression to look for.

    Returns
    -------
    :class:`~rillet.sql.Column`
        position of the value in the given array if found and 0 otherwise.

    Examples
    --------
    Example 1: Finding the position of a string in an array of strings

    >>> df = spark.createDataFrame([(["c", "b", "a"],)], ['data'])
    >>> df.select(F.array_position(df.data, "a")).show()
    +-----------------------+
    |array_position(data, a)|
    +-----------------------+
    |                      3|
    +-----------------------+

    Example 2: Finding the position of an integer in an array of integers

    >>> df = spark.createDataFrame([([1, 2, 3],)], ['data'])
    >>> df.select(F.array_position(df.data, 2)).show()
    +-----------------------+
    |array_position(data, 2)|
    +-----------------------+
    |                      2|
    +-----------------------+
    """
    return call("array_position", col_arg(col), _to_expr(value))


def array_remove(col: ColumnOrName, element: Any) -> Column:
    """Array function: Remove all elements that equal to element from the given array.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        name of column containing array
    element :
        element or a :class:`~rillet.sql.Column` expression to be removed from the array

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column that is an array excluding the given value from the input column.

    Examples
    --------
    Example 1: Removing a specific value from a simple array

    >>> df = spark.createDataFrame([([1, 2, 3, 1, 1],)], ['data'])
    >>> df.select(F.array_remove(df.data, 1)).show()
    +---------------------+
    |array_remove(data, 1)|
    +---------------------+
    |               [2, 3]|
    +---------------------+

    Example 2: Removing a specific value from multiple arrays

    >>> df = spark.createDataFrame([([1, 2, 3, 1, 1],), ([4, 5, 5, 4],)], ['data'])
    >>> df.select(F.array_remove(df.data, 5)).show()
    +---------------------+
    |array_remove(data, 5)|
    +---------------------+
    |      [1, 2, 3, 1, 1]|
    |               [4, 4]|
    +---------------------+
    """
    return call("array_remove", col_arg(col), _to_expr(element))


def slice(x: ColumnOrName, start: Union[ColumnOrName, int], length: Union[ColumnOrName, int]) -> Column:  # noqa: A001
    """Array function: Returns a new array column by slicing the input array column from
    a start index to a specific length. The indices start at 1, and can be negative to index
    from the end of the array. The length specifies the number of elements in the resulting array.

    Parameters
    ----------
    x : :class:`~rillet.sql.Column` or str
        Input array column or column name to be sliced.
    start : :class:`~rillet.sql.Column`, str, or int
        The start index for the slice operation. If negative, starts the index from the
        end of the array.
    length : :class:`~rillet.sql.Column`, str, or int
        The length of the slice, representing number of elements in the resulting array.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new Column object of Array type, where each value is a slice of the corresponding
        list from the input column.

    Examples
    --------
    Example 1: Basic usage of the slice function.

    >>> df = spark.createDataFrame([([1, 2, 3],), ([4, 5],)], ['x'])
    >>> df.select(F.slice(df.x, 2, 2)).show()
    +--------------+
    |slice(x, 2, 2)|
    +--------------+
    |        [2, 3]|
    |           [5]|
    +--------------+

    Example 2: Slicing with negative start index.

    >>> df = spark.createDataFrame([([1, 2, 3],), ([4, 5],)], ['x'])
    >>> df.select(F.slice(df.x, -1, 1)).show()
    +---------------+
    |slice(x, -1, 1)|
    +---------------+
    |            [3]|
    |            [5]|
    +---------------+
    """
    return call("slice", col_arg(x, "x"), *(col_arg(v) if isinstance(v, str) else _to_expr(v)
                                            for v in (start, length)))


def flatten(col: ColumnOrName) -> Column:
    """Array function: creates a single array from an array of arrays.
    If a structure of nested arrays is deeper than two levels,
    only one level of nesting is removed.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        The name of the column or expression to be flattened.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column that contains the flattened array.

    Examples
    --------
    Example 1: Flattening a simple nested array

    >>> df = spark.createDataFrame([([[1, 2, 3], [4, 5], [6]],)], ['data'])
    >>> df.select(F.flatten(df.data)).show()
    +------------------+
    |     flatten(data)|
    +------------------+
    |[1, 2, 3, 4, 5, 6]|
    +------------------+

    Example 2: Flattening an array with null values

    >>> df = spark.createDataFrame([([None, [4, 5]],)], ['data'])
    >>> df.select(F.flatten(df.data)).show()
    +-------------+
    |flatten(data)|
    +-------------+
    |         NULL|
    +-------------+
    """
    return call("flatten", col_arg(col))


def arrays_zip(*cols: ColumnOrName) -> Column:
    """Array function: Returns a merged array of structs in which the N-th struct contains all
    N-th values of input arrays. If one of the arrays is shorter than others then
    the resulting struct type value will be a `null` for missing elements.

    Parameters
    ----------
    cols : :class:`~rillet.sql.Column` or str
        Columns of arrays to be merged.

    Returns
    -------
    :class:`~rillet.sql.Column`
        Merged array of entries.

    Examples
    --------
    Example 1: Zipping two arrays of the same length

    >>> df = spark.createDataFrame([([1, 2, 3], ['a', 'b', 'c'])], ['nums', 'letters'])
    >>> df.select(F.arrays_zip(df.nums, df.letters)).show(truncate=False)
    +-------------------------+
    |arrays_zip(nums, letters)|
    +-------------------------+
    |[{1, a}, {2, b}, {3, c}] |
    +-------------------------+

    Example 2: Zipping arrays of different lengths

    >>> df = spark.createDataFrame([([1, 2], ['a', 'b', 'c'])], ['nums', 'letters'])
    >>> df.select(F.arrays_zip(df.nums, df.letters)).show(truncate=False)
    +---------------------------+
    |arrays_zip(nums, letters)  |
    +---------------------------+
    |[{1, a}, {2, b}, {NULL, c}]|
    +---------------------------+
    """
    return call("arrays_zip", *_cols(cols))


def create_map(*cols: Union[ColumnOrName, Sequence[ColumnOrName], tuple[ColumnOrName, ...]]) -> Column:
    """Map function: Creates a new map column from an even number of input columns or
    column references. The input columns are grouped into key-value pairs to form a map.
    For instance, the input (key1, value1, key2, value2, ...) would produce a map that
    associates key1 with value1, key2 with value2, and so on. The function supports
    grouping columns as a list as well.

    Parameters
    ----------
    cols : :class:`~rillet.sql.Column` or str
        The input column names or :class:`~rillet.sql.Column` objects grouped into
        key-value pairs. These can also be expressed as a list of columns.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new Column of Map type, where each value is a map formed from the corresponding
        key-value pairs provided in the input arguments.

    Examples
    --------
    Example 1: Basic usage of create_map function.

    >>> df = spark.createDataFrame([("Alice", 2), ("Bob", 5)], ("name", "age"))
    >>> df.select(F.create_map('name', 'age')).show()
    +--------------+
    |map(name, age)|
    +--------------+
    |  {Alice -> 2}|
    |    {Bob -> 5}|
    +--------------+

    Example 2: Usage of create_map function with a list of columns.

    >>> df = spark.createDataFrame([("Alice", 2), ("Bob", 5)], ("name", "age"))
    >>> df.select(F.create_map([df.name, df.age])).show()
    +--------------+
    |map(name, age)|
    +--------------+
    |  {Alice -> 2}|
    |    {Bob -> 5}|
    +--------------+
    """
    return call("map", *_cols(cols))


def map_keys(col: ColumnOrName) -> Column:
    """Map function: Returns an unordered array containing the keys of the map.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        Name of column or expression

    Returns
    -------
    :class:`~rillet.sql.Column`
        Keys of the map as an array.

    Examples
    --------
    Example 1: Extracting keys from a simple map

    >>> df = spark.sql("SELECT map(1, 'a', 2, 'b') as data")
    >>> df.select(F.sort_array(F.map_keys("data"))).show()
    +--------------------------------+
    |sort_array(map_keys(data), true)|
    +--------------------------------+
    |                          [1, 2]|
    +--------------------------------+

    Example 2: Extracting keys from a map with complex keys

    >>> df = spark.sql("SELECT map(array(1, 2), 'a', array(3, 4), 'b') as data")
    >>> df.select(F.sort_array(F.map_keys("data"))).show()
    +--------------------------------+
    |sort_array(map_keys(data), true)|
    +--------------------------------+
    |                [[1, 2], [3, 4]]|
    +--------------------------------+
    """
    return call("map_keys", col_arg(col))


def map_values(col: ColumnOrName) -> Column:
    """Map function: Returns an unordered array containing the values of the map.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        Name of column or expression

    Returns
    -------
    :class:`~rillet.sql.Column`
        Values of the map as an array.

    Examples
    --------
    Example 1: Extracting values from a simple map

    >>> df = spark.sql("SELECT map(1, 'a', 2, 'b') as data")
    >>> df.select(F.sort_array(F.map_values("data"))).show()
    +----------------------------------+
    |sort_array(map_values(data), true)|
    +----------------------------------+
    |                            [a, b]|
    +----------------------------------+

    Example 2: Extracting values from a map with complex values

    >>> df = spark.sql("SELECT map(1, array('a', 'b'), 2, array('c', 'd')) as data")
    >>> df.select(F.sort_array(F.map_values("data"))).show()
    +----------------------------------+
    |sort_array(map_values(data), true)|
    +----------------------------------+
    |                  [[a, b], [c, d]]|
    +----------------------------------+
    """
    return call("map_values", col_arg(col))


def map_entries(col: ColumnOrName) -> Column:
    """Map function: Returns an unordered array of all entries in the given map.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        Name of column or expression

    Returns
    -------
    :class:`~rillet.sql.Column`
        An array of key value pairs as a struct type

    Examples
    --------
    Example 1: Extracting entries from a simple map

    >>> df = spark.sql("SELECT map(1, 'a', 2, 'b') as data")
    >>> df.select(F.sort_array(F.map_entries("data"))).show()
    +-----------------------------------+
    |sort_array(map_entries(data), true)|
    +-----------------------------------+
    |                   [{1, a}, {2, b}]|
    +-----------------------------------+

    Example 2: Extracting entries from a map with complex keys and values

    >>> df = spark.sql("SELECT map(array(1, 2), array('a', 'b'), "
    ...   "array(3, 4), array('c', 'd')) as data")
    >>> df.select(F.sort_array(F.map_entries("data"))).show(truncate=False)
    +------------------------------------+
    |sort_array(map_entries(data), true) |
    +------------------------------------+
    |[{[1, 2], [a, b]}, {[3, 4], [c, d]}]|
    +------------------------------------+
    """
    return call("map_entries", col_arg(col))


def map_from_arrays(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Map function: Creates a new map from two arrays. This function takes two arrays of
    keys and values respectively, and returns a new map column.

    Parameters
    ----------
    col1 : :class:`~rillet.sql.Column` or str
        Name of column containing a set of keys. All elements should not be null.
    col2 : :class:`~rillet.sql.Column` or str
        Name of column containing a set of values.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A column of map type.

    Examples
    --------
    Example 1: Basic usage of map_from_arrays

    >>> df = spark.createDataFrame([([2, 5], ['a', 'b'])], ['k', 'v'])
    >>> df.select(F.map_from_arrays(df.k, df.v)).show()
    +---------------------+
    |map_from_arrays(k, v)|
    +---------------------+
    |     {2 -> a, 5 -> b}|
    +---------------------+

    Example 2: map_from_arrays with null values

    >>> df = spark.createDataFrame([([1, 2], ['a', None])], ['k', 'v'])
    >>> df.select(F.map_from_arrays(df.k, df.v)).show()
    +---------------------+
    |map_from_arrays(k, v)|
    +---------------------+
    |  {1 -> a, 2 -> NULL}|
    +---------------------+
    """
    return call("map_from_arrays", col_arg(col1, "col1"), col_arg(col2, "col2"))


def struct(*cols: Union[ColumnOrName, Sequence[ColumnOrName], tuple[ColumnOrName, ...]]) -> Column:
    r"""Creates a new struct column.

    Parameters
    ----------
    cols : list, set, :class:`~rillet.sql.Column` or column name
        column names or :class:`~rillet.sql.Column`\s to contain in the output struct.

    Returns
    -------
    :class:`~rillet.sql.Column`
        a struct type column of given columns.

    Examples
    --------
    >>> df = spark.createDataFrame([("Alice", 2), ("Bob", 5)], ("name", "age"))
    >>> df.select("*", F.struct('age', df.name)).show()
    +-----+---+-----------------+
    | name|age|struct(age, name)|
    +-----+---+-----------------+
    |Alice|  2|       {2, Alice}|
    |  Bob|  5|         {5, Bob}|
    +-----+---+-----------------+
    """
    return call("struct", *_cols(cols))


def named_struct(*cols: ColumnOrName) -> Column:
    """Creates a struct with the given field names and values.

    Parameters
    ----------
    cols : :class:`~rillet.sql.Column` or column name
        list of columns to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`

    Examples
    --------
    >>> df = spark.createDataFrame([(1, 2)], ['a', 'b'])
    >>> df.select("*", F.named_struct(F.lit('x'), df.a, F.lit('y'), "b")).show()
    +---+---+------------------------+
    |  a|  b|named_struct(x, a, y, b)|
    +---+---+------------------------+
    |  1|  2|                  {1, 2}|
    +---+---+------------------------+
    """
    return call("named_struct", *_cols(cols))


def array_append(col: ColumnOrName, value: Any) -> Column:
    """Array function: returns a new array column by appending `value` to the existing array `col`.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        The name of the column containing the array.
    value :
        A literal value, or a :class:`~rillet.sql.Column` expression to be appended to the array.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new array column with `value` appended to the original array.

    Examples
    --------
    >>> from rillet.sql import Row
    >>> df = spark.createDataFrame([Row(c1=["b", "a", "c"], c2="c")])
    >>> df.select(F.array_append(df.c1, df.c2)).show()
    +--------------------+
    |array_append(c1, c2)|
    +--------------------+
    |        [b, a, c, c]|
    +--------------------+

    >>> df = spark.createDataFrame([([1, 2, 3],)], ['data'])
    >>> df.select(F.array_append(df.data, 4)).show()
    +---------------------+
    |array_append(data, 4)|
    +---------------------+
    |         [1, 2, 3, 4]|
    +---------------------+
    """
    return call("array_append", col_arg(col), _to_expr(value))


def array_prepend(col: ColumnOrName, value: Any) -> Column:
    """Array function: Returns an array containing the given element as
    the first element and the rest of the elements from the original array.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        name of column containing array
    value :
        a literal value, or a :class:`~rillet.sql.Column` expression.

    Returns
    -------
    :class:`~rillet.sql.Column`
        an array with the given value prepended.

    Examples
    --------
    >>> df = spark.createDataFrame([([1, 2, 3],)], ['data'])
    >>> df.select(F.array_prepend(df.data, 4)).show()
    +----------------------+
    |array_prepend(data, 4)|
    +----------------------+
    |          [4, 1, 2, 3]|
    +----------------------+
    """
    return call("array_prepend", col_arg(col), _to_expr(value))


def array_insert(arr: ColumnOrName, pos: Union[ColumnOrName, int], value: Any) -> Column:
    """Array function: Inserts an item into a given array at a specified array index.
    Array indices start at 1, or start from the end if index is negative.
    Index above array size appends the array, or prepends the array if index is negative,
    with 'null' elements.

    Parameters
    ----------
    arr : :class:`~rillet.sql.Column` or str
        name of column containing an array
    pos : :class:`~rillet.sql.Column` or str or int
        name of Numeric type column indicating position of insertion
        (starting at index 1, negative position is a start from the back of the array)
    value :
        a literal value, or a :class:`~rillet.sql.Column` expression.

    Returns
    -------
    :class:`~rillet.sql.Column`
        an array of values, including the new specified value

    Examples
    --------
    >>> df = spark.createDataFrame([(['a', 'b', 'c'],)], ['data'])
    >>> df.select(F.array_insert(df.data, 2, 'd')).show()
    +------------------------+
    |array_insert(data, 2, d)|
    +------------------------+
    |            [a, d, b, c]|
    +------------------------+

    >>> df.select(F.array_insert(df.data, -2, 'd')).show()
    +-------------------------+
    |array_insert(data, -2, d)|
    +-------------------------+
    |             [a, b, d, c]|
    +-------------------------+

    >>> df.select(F.array_insert(df.data, 5, 'e')).show()
    +------------------------+
    |array_insert(data, 5, e)|
    +------------------------+
    |      [a, b, c, NULL, e]|
    +------------------------+
    """
    position = Literal.of(pos) if isinstance(pos, int) else col_arg(pos, "pos")
    return call("array_insert", col_arg(arr, "arr"), position, _to_expr(value))


def array_compact(col: ColumnOrName) -> Column:
    """Array function: removes null values from the array.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        name of column or expression

    Returns
    -------
    :class:`~rillet.sql.Column`
        an array by excluding the null values.

    Examples
    --------
    >>> df = spark.createDataFrame([([1, None, 2, 3],), ([4, 5, None, 4],)], ['data'])
    >>> df.select(F.array_compact(df.data)).show()
    +-------------------+
    |array_compact(data)|
    +-------------------+
    |          [1, 2, 3]|
    |          [4, 5, 4]|
    +-------------------+
    """
    return call("array_compact", col_arg(col))


def array_repeat(col: ColumnOrName, count: Union[ColumnOrName, int]) -> Column:
    """Array function: creates an array containing a column repeated count times.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        The name of the column or an expression that represents the element to be repeated.
    count : :class:`~rillet.sql.Column` or str or int
        The name of the column, an expression,
        or an integer that represents the number of times to repeat the element.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column that contains an array of repeated elements.

    Examples
    --------
    >>> df = spark.createDataFrame([('ab',)], ['data'])
    >>> df.select(F.array_repeat(df.data, 3)).show()
    +---------------------+
    |array_repeat(data, 3)|
    +---------------------+
    |         [ab, ab, ab]|
    +---------------------+
    """
    n = Literal.of(count) if isinstance(count, int) else col_arg(count, "count")
    return call("array_repeat", col_arg(col), n)


def array_size(col: ColumnOrName) -> Column:
    """Array function: returns the total number of elements in the array.
    The function returns null for null input.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        The name of the column or an expression that represents the array.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column that contains the size of each array.

    Examples
    --------
    >>> df = spark.createDataFrame([([2, 1, 3],), (None,)], ['data'])
    >>> df.select(F.array_size(df.data)).show()
    +----------------+
    |array_size(data)|
    +----------------+
    |               3|
    |            NULL|
    +----------------+
    """
    return call("array_size", col_arg(col))


def arrays_overlap(a1: ColumnOrName, a2: ColumnOrName) -> Column:
    """Collection function: This function returns a boolean column indicating if the input arrays
    have common non-null elements, returning true if they do, null if the arrays do not contain
    any common elements but are not empty and at least one of them contains a null element,
    and false otherwise.

    Parameters
    ----------
    a1, a2 : :class:`~rillet.sql.Column` or str
        The names of the columns that contain the input arrays.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new Column of Boolean type, where each value indicates whether the corresponding arrays
        from the input columns contain any common elements.

    Examples
    --------
    >>> df = spark.createDataFrame([(["a", "b"], ["b", "c"]), (["a"], ["b", "c"])], ['x', 'y'])
    >>> df.select(F.arrays_overlap(df.x, df.y)).show()
    +--------------------+
    |arrays_overlap(x, y)|
    +--------------------+
    |                true|
    |               false|
    +--------------------+

    >>> df = spark.createDataFrame([(["a", None], ["b", None]), (["a"], ["b", "c"])], ['x', 'y'])
    >>> df.select(F.arrays_overlap(df.x, df.y)).show()
    +--------------------+
    |arrays_overlap(x, y)|
    +--------------------+
    |                NULL|
    |               false|
    +--------------------+
    """
    return call("arrays_overlap", col_arg(a1, "a1"), col_arg(a2, "a2"))
