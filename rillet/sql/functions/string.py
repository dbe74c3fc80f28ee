"""String, regex and encoding functions (``pyspark.sql.functions``' signatures)."""

from __future__ import annotations

from typing import Any, Optional, Union

from rillet.errors import PySparkNotImplementedError, PySparkValueError
from rillet.plan.expressions.core import Literal
from rillet.sql._typing import ColumnOrName
from rillet.sql.column import Column, _to_expr
from rillet.sql.functions._helpers import call, col_arg

__all__ = [
    'upper', 'lower', 'ucase', 'lcase', 'length', 'char_length', 'character_length', 'octet_length',
    'bit_length', 'ascii', 'initcap', 'soundex', 'reverse', 'trim', 'ltrim', 'rtrim', 'btrim',
    'concat', 'concat_ws', 'format_string', 'printf', 'split', 'substring', 'substr',
    'substring_index', 'left', 'right', 'lpad', 'rpad', 'repeat', 'translate', 'overlay',
    'replace', 'split_part', 'instr', 'locate', 'position', 'contains', 'startswith', 'endswith',
    'levenshtein', 'rlike', 'regexp_like', 'regexp', 'regexp_extract', 'regexp_extract_all',
    'regexp_replace', 'base64', 'unbase64', 'hex', 'unhex', 'md5', 'sha1', 'sha', 'sha2', 'crc32',
    'hash', 'xxhash64', 'like', 'to_binary', 'try_to_binary',
]


def _value(v: Any) -> Any:
    """A Column's expression, or a literal for a plain value (PySpark's ``lit`` coercion)."""
    return _to_expr(v)


def upper(col: ColumnOrName) -> Column:
    """Converts a string expression to upper case.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        upper case values.

    Examples
    --------
    >>> df = spark.createDataFrame(["Spark", "PySpark", "Pandas API"], "STRING")
    >>> df.select("*", F.upper("value")).show()
    +----------+------------+
    |     value|upper(value)|
    +----------+------------+
    |     Spark|       SPARK|
    |   PySpark|     PYSPARK|
    |Pandas API|  PANDAS API|
    +----------+------------+
    """
    return call("upper", col_arg(col))


def lower(col: ColumnOrName) -> Column:
    """Converts a string expression to lower case.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        lower case values.

    Examples
    --------
    >>> df = spark.createDataFrame(["Spark", "PySpark", "Pandas API"], "STRING")
    >>> df.select("*", F.lower("value")).show()
    +----------+------------+
    |     value|lower(value)|
    +----------+------------+
    |     Spark|       spark|
    |   PySpark|     pyspark|
    |Pandas API|  pandas api|
    +----------+------------+
    """
    return call("lower", col_arg(col))


def ucase(str: ColumnOrName) -> Column:  # noqa: A002
    """Returns `str` with all characters changed to uppercase.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or str
        Input column or strings.

    Examples
    --------
    >>> spark.range(1).select(F.ucase(F.lit("Spark"))).show()
    +------------+
    |ucase(Spark)|
    +------------+
    |       SPARK|
    +------------+
    """
    return call("ucase", col_arg(str, "str"))


def lcase(str: ColumnOrName) -> Column:  # noqa: A002
    """Returns `str` with all characters changed to lowercase.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or str
        Input column or strings.

    Examples
    --------
    >>> spark.range(1).select(F.lcase(F.lit("Spark"))).show()
    +------------+
    |lcase(Spark)|
    +------------+
    |       spark|
    +------------+
    """
    return call("lcase", col_arg(str, "str"))


def length(col: ColumnOrName) -> Column:
    """Computes the character length of string data or number of bytes of binary data.
    The length of character data includes the trailing spaces. The length of binary data
    includes binary zeros.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        target column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        length of the value.

    Examples
    --------
    >>> spark.createDataFrame([('ABC ',)], ['a']).select(F.length('a').alias('length')).collect()
    [Row(length=4)]
    """
    return call("length", col_arg(col))


def char_length(str: ColumnOrName) -> Column:  # noqa: A002
    """Returns the character length of string data or number of bytes of binary data.
    The length of string data includes the trailing spaces.
    The length of binary data includes binary zeros.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or str
        Input column or strings.

    Examples
    --------
    >>> spark.range(1).select(F.char_length(F.lit("SparkSQL"))).show()
    +---------------------+
    |char_length(SparkSQL)|
    +---------------------+
    |                    8|
    +---------------------+
    """
    return call("char_length", col_arg(str, "str"))


def character_length(str: ColumnOrName) -> Column:  # noqa: A002
    """Returns the character length of string data or number of bytes of binary data.
    The length of string data includes the trailing spaces.
    The length of binary data includes binary zeros.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or str
        Input column or strings.

    Examples
    --------
    >>> spark.range(1).select(F.character_length(F.lit("SparkSQL"))).show()
    +--------------------------+
    |character_length(SparkSQL)|
    +--------------------------+
    |                         8|
    +--------------------------+
    """
    return call("character_length", col_arg(str, "str"))


def octet_length(col: ColumnOrName) -> Column:
    r"""Calculates the byte length for the specified string column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        Source column or strings

    Returns
    -------
    :class:`~rillet.sql.Column`
        Byte length of the col

    Examples
    --------
    >>> spark.createDataFrame([('cat',), ( '🐈',)], ['cat']) \
    ...      .select(F.octet_length('cat')).collect()
        [Row(octet_length(cat)=3), Row(octet_length(cat)=4)]
    """
    return call("octet_length", col_arg(col))


def bit_length(col: ColumnOrName) -> Column:
    r"""Calculates the bit length for the specified string column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        Source column or strings

    Returns
    -------
    :class:`~rillet.sql.Column`
        Bit length of the col

    Examples
    --------
    >>> spark.createDataFrame([('cat',), ( '🐈',)], ['cat']) \
    ...      .select(F.bit_length('cat')).collect()
        [Row(bit_length(cat)=24), Row(bit_length(cat)=32)]
    """
    return call("bit_length", col_arg(col))


def ascii(col: ColumnOrName) -> Column:  # noqa: A001
    """Computes the numeric value of the first character of the string column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        numeric value.

    Examples
    --------
    >>> df = spark.createDataFrame(["Spark", "PySpark", "Pandas API"], "STRING")
    >>> df.select("*", F.ascii("value")).show()
    +----------+------------+
    |     value|ascii(value)|
    +----------+------------+
    |     Spark|          83|
    |   PySpark|          80|
    |Pandas API|          80|
    +----------+------------+
    """
    return call("ascii", col_arg(col))


def initcap(col: ColumnOrName) -> Column:
    """Translate the first letter of each word to upper case in the sentence.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        string with all first letters are uppercase in each word.

    Examples
    --------
    >>> df = spark.createDataFrame([('ab cd',)], ['a'])
    >>> df.select("*", F.initcap("a")).show()
    +-----+----------+
    |    a|initcap(a)|
    +-----+----------+
    |ab cd|     Ab Cd|
    +-----+----------+
    """
    return call("initcap", col_arg(col))


def soundex(col: ColumnOrName) -> Column:
    """Returns the SoundEx encoding for a string

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        SoundEx encoded string.

    Examples
    --------
    >>> df = spark.createDataFrame([("Peters",),("Uhrbach",)], ["s"])
    >>> df.select("*", F.soundex("s")).show()
    +-------+----------+
    |      s|soundex(s)|
    +-------+----------+
    | Peters|      P362|
    |Uhrbach|      U612|
    +-------+----------+
    """
    return call("soundex", col_arg(col))


def reverse(col: ColumnOrName) -> Column:
    """Collection function: returns a reversed string or an array with elements in reverse order.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        The name of the column or an expression that represents the element to be reversed.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column that contains a reversed string or an array with elements in reverse order.

    Examples
    --------
    Example 1: Reverse a string

    >>> df = spark.createDataFrame([('Spark SQL',)], ['data'])
    >>> df.select(F.reverse(df.data)).show()
    +-------------+
    |reverse(data)|
    +-------------+
    |    LQS krapS|
    +-------------+

    Example 2: Reverse an array

    >>> df = spark.createDataFrame([([2, 1, 3],) ,([1],) ,([],)], ['data'])
    >>> df.select(F.reverse(df.data)).show()
    +-------------+
    |reverse(data)|
    +-------------+
    |    [3, 1, 2]|
    |          [1]|
    |           []|
    +-------------+
    """
    return call("reverse", col_arg(col))


def base64(col: ColumnOrName) -> Column:
    """Computes the BASE64 encoding of a binary column and returns it as a string column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        BASE64 encoding of string value.

    Examples
    --------
    >>> df = spark.createDataFrame(["Spark", "PySpark", "Pandas API"], "STRING")
    >>> df.select("*", F.base64("value")).show()
    +----------+----------------+
    |     value|   base64(value)|
    +----------+----------------+
    |     Spark|        U3Bhcms=|
    |   PySpark|    UHlTcGFyaw==|
    |Pandas API|UGFuZGFzIEFQSQ==|
    +----------+----------------+
    """
    return call("base64", col_arg(col))


def unbase64(col: ColumnOrName) -> Column:
    """Decodes a BASE64 encoded string column and returns it as a binary column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        encoded string value.

    Examples
    --------
    >>> df = spark.createDataFrame(["U3Bhcms=", "UHlTcGFyaw==", "UGFuZGFzIEFQSQ=="], "STRING")
    >>> df.select("*", F.unbase64("value")).show(truncate=False)
    +----------------+-------------------------------+
    |value           |unbase64(value)                |
    +----------------+-------------------------------+
    |U3Bhcms=        |[53 70 61 72 6B]               |
    |UHlTcGFyaw==    |[50 79 53 70 61 72 6B]         |
    |UGFuZGFzIEFQSQ==|[50 61 6E 64 61 73 20 41 50 49]|
    +----------------+-------------------------------+
    """
    return call("unbase64", col_arg(col))


def hex(col: ColumnOrName) -> Column:  # noqa: A001
    """Computes hex value of the given column, which could be :class:`rillet.sql.types.StringType`,
    :class:`rillet.sql.types.BinaryType`, :class:`rillet.sql.types.IntegerType` or
    :class:`rillet.sql.types.LongType`.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        hexadecimal representation of given value as string.

    Examples
    --------
    >>> df = spark.createDataFrame([('ABC', 3)], ['a', 'b'])
    >>> df.select('*', F.hex('a'), F.hex(df.b)).show()
    +---+---+------+------+
    |  a|  b|hex(a)|hex(b)|
    +---+---+------+------+
    |ABC|  3|414243|     3|
    +---+---+------+------+
    """
    return call("hex", col_arg(col))


def unhex(col: ColumnOrName) -> Column:
    """Inverse of hex. Interprets each pair of characters as a hexadecimal number
    and converts to the byte representation of number.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        string representation of given hexadecimal value.

    Examples
    --------
    >>> df = spark.createDataFrame([('414243',)], ['a'])
    >>> df.select('*', F.unhex('a')).show()
    +------+----------+
    |     a|  unhex(a)|
    +------+----------+
    |414243|[41 42 43]|
    +------+----------+
    """
    return call("unhex", col_arg(col))


def md5(col: ColumnOrName) -> Column:
    """Calculates the MD5 digest and returns the value as a 32 character hex string.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the column for computed results.

    Examples
    --------
    >>> df = spark.createDataFrame([('ABC',)], ['a'])
    >>> df.select('*', F.md5('a')).show(truncate=False)
    +---+--------------------------------+
    |a  |md5(a)                          |
    +---+--------------------------------+
    |ABC|902fbdd2b1df0c4f70b4a5d23525e932|
    +---+--------------------------------+
    """
    return call("md5", col_arg(col))


def sha1(col: ColumnOrName) -> Column:
    """Returns the hex string result of SHA-1.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the column for computed results.

    Examples
    --------
    >>> df = spark.createDataFrame([('ABC',)], ['a'])
    >>> df.select('*', F.sha1('a')).show(truncate=False)
    +---+----------------------------------------+
    |a  |sha1(a)                                 |
    +---+----------------------------------------+
    |ABC|3c01bdbb26f358bab27f267924aa2c9a03fcfdb8|
    +---+----------------------------------------+
    """
    return call("sha1", col_arg(col))


def sha(col: ColumnOrName) -> Column:
    """Returns a sha1 hash value as a hex string of the `col`.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name

    Examples
    --------
    >>> spark.range(1).select(F.sha(F.lit("Spark"))).show()
    +--------------------+
    |          sha(Spark)|
    +--------------------+
    |85f5955f4b27a9a4c...|
    +--------------------+
    """
    return call("sha", col_arg(col))


def crc32(col: ColumnOrName) -> Column:
    """Calculates the cyclic redundancy check value (CRC32) of a binary column and
    returns the value as a bigint.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the column for computed results.

    Examples
    --------
    >>> df = spark.createDataFrame([('ABC',)], ['a'])
    >>> df.select('*', F.crc32('a')).show(truncate=False)
    +---+----------+
    |a  |crc32(a)  |
    +---+----------+
    |ABC|2743272264|
    +---+----------+
    """
    return call("crc32", col_arg(col))


def _trim_call(name: str, col: ColumnOrName, trim: ColumnOrName | None, arg: str) -> Column:
    """``name(col)`` strips spaces; ``name(col, trim)`` strips the characters of ``trim``."""
    args = [col_arg(col, arg)]
    if trim is not None:
        args.append(col_arg(trim, "trim"))
    return call(name, *args)


def trim(col: ColumnOrName, trim: Optional[ColumnOrName] = None) -> Column:
    """Trim the spaces from both ends for the specified string column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to work on.
    trim : :class:`~rillet.sql.Column` or column name, optional
        The trim string characters to trim, the default value is a single space

    Returns
    -------
    :class:`~rillet.sql.Column`
        trimmed values from both sides.

    Examples
    --------
    Example 1: Trim the spaces

    >>> df = spark.createDataFrame(["   Spark", "Spark  ", " Spark"], "STRING")
    >>> df.select("*", F.trim("value")).show()
    +--------+-----------+
    |   value|trim(value)|
    +--------+-----------+
    |   Spark|      Spark|
    | Spark  |      Spark|
    |   Spark|      Spark|
    +--------+-----------+

    Example 2: Trim specified characters

    >>> df = spark.createDataFrame(["***Spark", "Spark**", "*Spark"], "STRING")
    >>> df.select("*", F.trim("value", F.lit("*"))).show()
    +--------+-----------------------+
    |   value|TRIM(BOTH * FROM value)|
    +--------+-----------------------+
    |***Spark|                  Spark|
    | Spark**|                  Spark|
    |  *Spark|                  Spark|
    +--------+-----------------------+
    """
    return _trim_call("trim", col, trim, "col")


def ltrim(col: ColumnOrName, trim: Optional[ColumnOrName] = None) -> Column:
    """Trim the spaces from left end for the specified string value.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to work on.
    trim : :class:`~rillet.sql.Column` or column name, optional
        The trim string characters to trim, the default value is a single space

    Returns
    -------
    :class:`~rillet.sql.Column`
        left trimmed values.

    Examples
    --------
    Example 1: Trim the spaces

    >>> df = spark.createDataFrame(["   Spark", "Spark  ", " Spark"], "STRING")
    >>> df.select("*", F.ltrim("value")).show()
    +--------+------------+
    |   value|ltrim(value)|
    +--------+------------+
    |   Spark|       Spark|
    | Spark  |     Spark  |
    |   Spark|       Spark|
    +--------+------------+

    Example 2: Trim specified characters

    >>> df = spark.createDataFrame(["***Spark", "Spark**", "*Spark"], "STRING")
    >>> df.select("*", F.ltrim("value", F.lit("*"))).show()
    +--------+--------------------------+
    |   value|TRIM(LEADING * FROM value)|
    +--------+--------------------------+
    |***Spark|                     Spark|
    | Spark**|                   Spark**|
    |  *Spark|                     Spark|
    +--------+--------------------------+
    """
    return _trim_call("ltrim", col, trim, "col")


def rtrim(col: ColumnOrName, trim: Optional[ColumnOrName] = None) -> Column:
    """Trim the spaces from right end for the specified string value.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to work on.
    trim : :class:`~rillet.sql.Column` or column name, optional
        The trim string characters to trim, the default value is a single space

    Returns
    -------
    :class:`~rillet.sql.Column`
        right trimmed values.

    Examples
    --------
    Example 1: Trim the spaces

    >>> df = spark.createDataFrame(["   Spark", "Spark  ", " Spark"], "STRING")
    >>> df.select("*", F.rtrim("value")).show()
    +--------+------------+
    |   value|rtrim(value)|
    +--------+------------+
    |   Spark|       Spark|
    | Spark  |       Spark|
    |   Spark|       Spark|
    +--------+------------+

    Example 2: Trim specified characters

    >>> df = spark.createDataFrame(["***Spark", "Spark**", "*Spark"], "STRING")
    >>> df.select("*", F.rtrim("value", F.lit("*"))).show()
    +--------+---------------------------+
    |   value|TRIM(TRAILING * FROM value)|
    +--------+---------------------------+
    |***Spark|                   ***Spark|
    | Spark**|                      Spark|
    |  *Spark|                     *Spark|
    +--------+---------------------------+
    """
    return _trim_call("rtrim", col, trim, "col")


def btrim(str: ColumnOrName, trim: Optional[ColumnOrName] = None) -> Column:  # noqa: A002
    """Remove the leading and trailing `trim` characters from `str`.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or str
        Input column or strings.
    trim : :class:`~rillet.sql.Column` or str, optional
        The trim string characters to trim, the default value is a single space

    Examples
    --------
    >>> df = spark.createDataFrame([("SSparkSQLS", "SL", )], ['a', 'b'])
    >>> df.select(F.btrim(df.a, df.b).alias('r')).collect()
    [Row(r='parkSQ')]

    >>> df = spark.createDataFrame([("    SparkSQL   ",)], ['a'])
    >>> df.select(F.btrim(df.a).alias('r')).collect()
    [Row(r='SparkSQL')]
    """
    return _trim_call("btrim", str, trim, "str")


def concat(*cols: ColumnOrName) -> Column:
    """Collection function: Concatenates multiple input columns together into a single column.
    The function works with strings, numeric, binary and compatible array columns.

    Parameters
    ----------
    cols : :class:`~rillet.sql.Column` or str
        target column or columns to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        concatenated values. Type of the `Column` depends on input columns' type.

    Examples
    --------
    Example 1: Concatenating string columns

    >>> df = spark.createDataFrame([('abcd','123')], ['s', 'd'])
    >>> df.select(F.concat(df.s, df.d)).show()
    +------------+
    |concat(s, d)|
    +------------+
    |     abcd123|
    +------------+

    Example 2: Concatenating numeric columns

    >>> df = spark.createDataFrame([(1, 2, 3)], ['a', 'b', 'c'])
    >>> df.select(F.concat(df.a, df.b, df.c)).show()
    +---------------+
    |concat(a, b, c)|
    +---------------+
    |            123|
    +---------------+
    """
    return call("concat", *(col_arg(c, "cols") for c in cols))


def concat_ws(sep: str, *cols: ColumnOrName) -> Column:
    """Concatenates multiple input string columns together into a single string column,
    using the given separator.

    Parameters
    ----------
    sep : literal string
        words separator.
    cols : :class:`~rillet.sql.Column` or column name
        list of columns to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        string of concatenated words.

    Examples
    --------
    >>> df = spark.createDataFrame([("abcd", "123")], ["s", "d"])
    >>> df.select("*", F.concat_ws("-", df.s, "d", F.lit("xyz"))).show()
    +----+---+-----------------------+
    |   s|  d|concat_ws(-, s, d, xyz)|
    +----+---+-----------------------+
    |abcd|123|           abcd-123-xyz|
    +----+---+-----------------------+
    """
    return call("concat_ws", Literal.of(sep), *(col_arg(c, "cols") for c in cols))


def format_string(format: str, *cols: ColumnOrName) -> Column:  # noqa: A002
    r"""Formats the arguments in printf-style and returns the result as a string column.

    Parameters
    ----------
    format : literal string
        string that can contain embedded format tags and used as result column's value
    cols : :class:`~rillet.sql.Column` or column name
        column names or :class:`~rillet.sql.Column`\s to be used in formatting

    Returns
    -------
    :class:`~rillet.sql.Column`
        the column of formatted results.

    Examples
    --------
    >>> df = spark.createDataFrame([(5, "hello")], ["a", "b"])
    >>> df.select("*", F.format_string('%d %s', "a", df.b)).show()
    +---+-----+--------------------------+
    |  a|    b|format_string(%d %s, a, b)|
    +---+-----+--------------------------+
    |  5|hello|                   5 hello|
    +---+-----+--------------------------+
    """
    return call("format_string", Literal.of(format), *(col_arg(c, "cols") for c in cols))


def printf(format: ColumnOrName, *cols: ColumnOrName) -> Column:  # noqa: A002
    r"""Formats the arguments in printf-style and returns the result as a string column.

    Parameters
    ----------
    format : :class:`~rillet.sql.Column` or str
        string that can contain embedded format tags and used as result column's value
    cols : :class:`~rillet.sql.Column` or str
        column names or :class:`~rillet.sql.Column`\s to be used in formatting

    Examples
    --------
    >>> df = spark.createDataFrame([("aa%d%s", 123, "cc")], ["a", "b", "c"])
    >>> df.select(F.printf(F.lit("%d-%s"), "b", "c").alias("r")).show()
    +------+
    |     r|
    +------+
    |123-cc|
    +------+
    """
    return call("printf", col_arg(format, "format"), *(col_arg(c, "cols") for c in cols))


def split(str: ColumnOrName, pattern: Union[Column, str], limit: Union[ColumnOrName, int] = -1) -> Column:  # noqa: A002
    """Splits str around matches of the given pattern.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or column name
        a string expression to split
    pattern : :class:`~rillet.sql.Column` or literal string
        a string representing a regular expression. The regex string should be
        a Java regular expression.

    limit : :class:`~rillet.sql.Column` or column name or int
        an integer which controls the number of times `pattern` is applied.

        * ``limit > 0``: The resulting array's length will not be more than `limit`, and the
                         resulting array's last entry will contain all input beyond the last
                         matched pattern.
        * ``limit <= 0``: `pattern` will be applied as many times as possible, and the resulting
                          array can be of any size.

           `split` now takes an optional `limit` field. If not provided, default limit value is -1.

    Returns
    -------
    :class:`~rillet.sql.Column`
        array of separated strings.

    Examples
    --------
    Example 1: Repeat with a constant pattern

    >>> df = spark.createDataFrame([('oneAtwoBthreeC',)], ['s',])
    >>> df.select('*', F.split(df.s, '[ABC]')).show()
    +--------------+-------------------+
    |             s|split(s, [ABC], -1)|
    +--------------+-------------------+
    |oneAtwoBthreeC|[one, two, three, ]|
    +--------------+-------------------+

    >>> df.select('*', F.split(df.s, '[ABC]', 2)).show()
    +--------------+------------------+
    |             s|split(s, [ABC], 2)|
    +--------------+------------------+
    |oneAtwoBthreeC| [one, twoBthreeC]|
    +--------------+------------------+

    >>> df.select('*', F.split('s', '[ABC]', -2)).show()
    +--------------+-------------------+
    |             s|split(s, [ABC], -2)|
    +--------------+-------------------+
    |oneAtwoBthreeC|[one, two, three, ]|
    +--------------+-------------------+
    """
    return call("split", col_arg(str, "str"), _value(pattern), _value(limit))


def substring(str: ColumnOrName, pos: Union[ColumnOrName, int], len: Union[ColumnOrName, int]) -> Column:  # noqa: A002
    """Substring starts at `pos` and is of length `len` when str is String type or
    returns the slice of byte array that starts at `pos` in byte and is of length `len`
    when str is Binary type.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or column name
        target column to work on.
    pos : :class:`~rillet.sql.Column` or column name or int
        starting position in str.

    len : :class:`~rillet.sql.Column` or column name or int
        length of chars.

    Returns
    -------
    :class:`~rillet.sql.Column`
        substring of given value.

    Examples
    --------
    Example 1: Using literal integers as arguments

    >>> df = spark.createDataFrame([('abcd',)], ['s',])
    >>> df.select('*', F.substring(df.s, 1, 2)).show()
    +----+------------------+
    |   s|substring(s, 1, 2)|
    +----+------------------+
    |abcd|                ab|
    +----+------------------+

    Example 2: Using columns as arguments

    >>> df = spark.createDataFrame([('Spark', 2, 3)], ['s', 'p', 'l'])
    >>> df.select('*', F.substring(df.s, 2, df.l)).show()
    +-----+---+---+------------------+
    |    s|  p|  l|substring(s, 2, l)|
    +-----+---+---+------------------+
    |Spark|  2|  3|               par|
    +-----+---+---+------------------+

    >>> df.select('*', F.substring(df.s, df.p, 3)).show()
    +-----+---+---+------------------+
    |    s|  p|  l|substring(s, p, 3)|
    +-----+---+---+------------------+
    |Spark|  2|  3|               par|
    +-----+---+---+------------------+

    >>> df.select('*', F.substring(df.s, df.p, df.l)).show()
    +-----+---+---+------------------+
    |    s|  p|  l|substring(s, p, l)|
    +-----+---+---+------------------+
    |Spark|  2|  3|               par|
    +-----+---+---+------------------+
    """
    return call("substring", col_arg(str, "str"), _value(pos), _value(len))


def substr(str: ColumnOrName, pos: ColumnOrName, len: Optional[ColumnOrName] = None) -> Column:  # noqa: A002
    """Returns the substring of `str` that starts at `pos` and is of length `len`,
    or the slice of byte array that starts at `pos` and is of length `len`.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or column name
        A column of string.
    pos : :class:`~rillet.sql.Column` or column name
        A column of string, the substring of `str` that starts at `pos`.
    len : :class:`~rillet.sql.Column` or column name, optional
        A column of string, the substring of `str` is of length `len`.

    Returns
    -------
    :class:`~rillet.sql.Column`
        substring of given value.

    Examples
    --------
    >>> df = spark.createDataFrame([("Spark SQL", 5, 1,)], ["a", "b", "c"])
    >>> df.select("*", F.substr("a", "b", "c")).show()
    +---------+---+---+---------------+
    |        a|  b|  c|substr(a, b, c)|
    +---------+---+---+---------------+
    |Spark SQL|  5|  1|              k|
    +---------+---+---+---------------+

    >>> df.select("*", F.substr(df.a, df.b)).show()
    +---------+---+---+------------------------+
    |        a|  b|  c|substr(a, b, 2147483647)|
    +---------+---+---+------------------------+
    |Spark SQL|  5|  1|                   k SQL|
    +---------+---+---+------------------------+
    """
    args = [col_arg(str, "str"), col_arg(pos, "pos")]
    if len is not None:
        args.append(col_arg(len, "len"))
    return call("substr", *args)


def substring_index(str: ColumnOrName, delim: str, count: int) -> Column:  # noqa: A002
    """Returns the substring from string str before count occurrences of the delimiter delim.
    If count is positive, everything the left of the final delimiter (counting from left) is
    returned. If count is negative, every to the right of the final delimiter (counting from the
    right) is returned. substring_index performs a case-sensitive match when searching for delim.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or column name
        target column to work on.
    delim : literal string
        delimiter of values.
    count : int
        number of occurrences.

    Returns
    -------
    :class:`~rillet.sql.Column`
        substring of given value.

    Examples
    --------
    >>> df = spark.createDataFrame([('a.b.c.d',)], ['s'])
    >>> df.select('*', F.substring_index(df.s, '.', 2)).show()
    +-------+------------------------+
    |      s|substring_index(s, ., 2)|
    +-------+------------------------+
    |a.b.c.d|                     a.b|
    +-------+------------------------+

    >>> df.select('*', F.substring_index('s', '.', -3)).show()
    +-------+-------------------------+
    |      s|substring_index(s, ., -3)|
    +-------+-------------------------+
    |a.b.c.d|                    b.c.d|
    +-------+-------------------------+
    """
    return call("substring_index", col_arg(str, "str"), Literal.of(delim), Literal.of(count))


def left(str: ColumnOrName, len: ColumnOrName) -> Column:  # noqa: A002
    """Returns the leftmost `len`(`len` can be string type) characters from the string `str`,
    if `len` is less or equal than 0 the result is an empty string.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or str
        Input column or strings.
    len : :class:`~rillet.sql.Column` or str
        Input column or strings, the leftmost `len`.

    Examples
    --------
    >>> df = spark.createDataFrame([("Spark SQL", 3,)], ['a', 'b'])
    >>> df.select(F.left(df.a, df.b).alias('r')).collect()
    [Row(r='Spa')]
    """
    return call("left", col_arg(str, "str"), col_arg(len, "len"))


def right(str: ColumnOrName, len: ColumnOrName) -> Column:  # noqa: A002
    """Returns the rightmost `len`(`len` can be string type) characters from the string `str`,
    if `len` is less or equal than 0 the result is an empty string.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or str
        Input column or strings.
    len : :class:`~rillet.sql.Column` or str
        Input column or strings, the rightmost `len`.

    Examples
    --------
    >>> df = spark.createDataFrame([("Spark SQL", 3,)], ['a', 'b'])
    >>> df.select(F.right(df.a, df.b).alias('r')).collect()
    [Row(r='SQL')]
    """
    return call("right", col_arg(str, "str"), col_arg(len, "len"))


def lpad(col: ColumnOrName, len: Union[Column, int], pad: Union[Column, str]) -> Column:  # noqa: A002
    """Left-pad the string column to width `len` with `pad`.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to work on.
    len : :class:`~rillet.sql.Column` or int
        length of the final string.

    pad : :class:`~rillet.sql.Column` or literal string
        chars to prepend.

    Returns
    -------
    :class:`~rillet.sql.Column`
        left padded result.

    Examples
    --------
    Example 1: Pad with a literal string

    >>> df = spark.createDataFrame([('abcd',), ('xyz',), ('12',)], ['s',])
    >>> df.select("*", F.lpad(df.s, 6, '#')).show()
    +----+-------------+
    |   s|lpad(s, 6, #)|
    +----+-------------+
    |abcd|       ##abcd|
    | xyz|       ###xyz|
    |  12|       ####12|
    +----+-------------+
    """
    return call("lpad", col_arg(col), _value(len), _value(pad))


def rpad(col: ColumnOrName, len: Union[Column, int], pad: Union[Column, str]) -> Column:  # noqa: A002
    """Right-pad the string column to width `len` with `pad`.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        target column to work on.
    len : :class:`~rillet.sql.Column` or int
        length of the final string.

    pad : :class:`~rillet.sql.Column` or literal string
        chars to prepend.

    Returns
    -------
    :class:`~rillet.sql.Column`
        right padded result.

    Examples
    --------
    Example 1: Pad with a literal string

    >>> df = spark.createDataFrame([('abcd',), ('xyz',), ('12',)], ['s',])
    >>> df.select("*", F.rpad(df.s, 6, '#')).show()
    +----+-------------+
    |   s|rpad(s, 6, #)|
    +----+-------------+
    |abcd|       abcd##|
    | xyz|       xyz###|
    |  12|       12####|
    +----+-------------+
    """
    return call("rpad", col_arg(col), _value(len), _value(pad))


def repeat(col: ColumnOrName, n: Union[ColumnOrName, int]) -> Column:
    """Repeats a string column n times, and returns it as a new string column.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to work on.
    n : :class:`~rillet.sql.Column` or column name or int
        number of times to repeat value.

           `n` now accepts column and column name.

    Returns
    -------
    :class:`~rillet.sql.Column`
        string with repeated values.

    Examples
    --------
    Example 1: Repeat with a constant number of times

    >>> df = spark.createDataFrame([('ab',)], ['s',])
    >>> df.select("*", F.repeat("s", 3)).show()
    +---+------------+
    |  s|repeat(s, 3)|
    +---+------------+
    | ab|      ababab|
    +---+------------+

    >>> df.select("*", F.repeat(df.s, F.lit(4))).show()
    +---+------------+
    |  s|repeat(s, 4)|
    +---+------------+
    | ab|    abababab|
    +---+------------+
    """
    return call("repeat", col_arg(col), _value(n))


def translate(srcCol: ColumnOrName, matching: str, replace: str) -> Column:  # noqa: N803
    r"""A function translate any character in the `srcCol` by a character in `matching`.
    The characters in `replace` is corresponding to the characters in `matching`.
    Translation will happen whenever any character in the string is matching with the character
    in the `matching`.

    Parameters
    ----------
    srcCol : :class:`~rillet.sql.Column` or str
        Source column or strings
    matching : str
        matching characters.
    replace : str
        characters for replacement. If this is shorter than `matching` string then
        those chars that don't have replacement will be dropped.

    Returns
    -------
    :class:`~rillet.sql.Column`
        replaced value.

    Examples
    --------
    >>> spark.createDataFrame([('translate',)], ['a']).select(F.translate('a', "rnlt", "123") \
    ...     .alias('r')).collect()
    [Row(r='1a2s3ae')]
    """
    return call("translate", col_arg(srcCol, "srcCol"), Literal.of(matching), Literal.of(replace))


def overlay(
    src: ColumnOrName,
    replace: ColumnOrName,
    pos: Union[ColumnOrName, int],
    len: Union[ColumnOrName, int] = -1,
) -> Column:  # noqa: A002
    """Overlay the specified portion of `src` with `replace`,
    starting from byte position `pos` of `src` and proceeding for `len` bytes.

    Parameters
    ----------
    src : :class:`~rillet.sql.Column` or column name
        the string that will be replaced
    replace : :class:`~rillet.sql.Column` or column name
        the substitution string
    pos : :class:`~rillet.sql.Column` or column name or int
        the starting position in src
    len : :class:`~rillet.sql.Column` or column name or int, optional
        the number of bytes to replace in src
        string by 'replace' defaults to -1, which represents the length of the 'replace' string

    Returns
    -------
    :class:`~rillet.sql.Column`
        string with replaced values.

    Examples
    --------
    >>> df = spark.createDataFrame([("SPARK_SQL", "CORE")], ("x", "y"))
    >>> df.select("*", F.overlay("x", df.y, 7)).show()
    +---------+----+--------------------+
    |        x|   y|overlay(x, y, 7, -1)|
    +---------+----+--------------------+
    |SPARK_SQL|CORE|          SPARK_CORE|
    +---------+----+--------------------+

    >>> df.select("*", F.overlay("x", df.y, 7, 0)).show()
    +---------+----+-------------------+
    |        x|   y|overlay(x, y, 7, 0)|
    +---------+----+-------------------+
    |SPARK_SQL|CORE|      SPARK_CORESQL|
    +---------+----+-------------------+

    >>> df.select("*", F.overlay("x", "y", 7, 2)).show()
    +---------+----+-------------------+
    |        x|   y|overlay(x, y, 7, 2)|
    +---------+----+-------------------+
    |SPARK_SQL|CORE|        SPARK_COREL|
    +---------+----+-------------------+
    """
    return call("overlay", col_arg(src, "src"), col_arg(replace, "replace"), _value(pos), _value(len))


def replace(src: ColumnOrName, search: ColumnOrName, replace: Optional[ColumnOrName] = None) -> Column:
    """Replaces all occurrences of `search` with `replace`.

    Parameters
    ----------
    src : :class:`~rillet.sql.Column` or str
        A column of string to be replaced.
    search : :class:`~rillet.sql.Column` or str
        A column of string, If `search` is not found in `str`, `str` is returned unchanged.
    replace : :class:`~rillet.sql.Column` or str, optional
        A column of string, If `replace` is not specified or is an empty string,
        nothing replaces the string that is removed from `str`.

    Examples
    --------
    >>> df = spark.createDataFrame([("ABCabc", "abc", "DEF",)], ["a", "b", "c"])
    >>> df.select(F.replace(df.a, df.b, df.c).alias('r')).collect()
    [Row(r='ABCDEF')]

    >>> df.select(F.replace(df.a, df.b).alias('r')).collect()
    [Row(r='ABC')]
    """
    args = [col_arg(src, "src"), col_arg(search, "search")]
    if replace is not None:
        args.append(col_arg(replace, "replace"))
    return call("replace", *args)


def split_part(src: ColumnOrName, delimiter: ColumnOrName, partNum: ColumnOrName) -> Column:  # noqa: N803
    """Splits `str` by delimiter and return requested part of the split (1-based).
    If any input is null, returns null. if `partNum` is out of range of split parts,
    returns empty string. If `partNum` is 0, throws an error. If `partNum` is negative,
    the parts are counted backward from the end of the string.
    If the `delimiter` is an empty string, the `str` is not split.

    Parameters
    ----------
    src : :class:`~rillet.sql.Column` or column name
        A column of string to be split.
    delimiter : :class:`~rillet.sql.Column` or column name
        A column of string, the delimiter used for split.
    partNum : :class:`~rillet.sql.Column` or column name
        A column of string, requested part of the split (1-based).

    Examples
    --------
    >>> df = spark.createDataFrame([("11.12.13", ".", 3,)], ["a", "b", "c"])
    >>> df.select("*", F.split_part("a", "b", "c")).show()
    +--------+---+---+-------------------+
    |       a|  b|  c|split_part(a, b, c)|
    +--------+---+---+-------------------+
    |11.12.13|  .|  3|                 13|
    +--------+---+---+-------------------+

    >>> df.select("*", F.split_part(df.a, df.b, F.lit(-2))).show()
    +--------+---+---+--------------------+
    |       a|  b|  c|split_part(a, b, -2)|
    +--------+---+---+--------------------+
    |11.12.13|  .|  3|                  12|
    +--------+---+---+--------------------+
    """
    return call("split_part", col_arg(src, "src"), col_arg(delimiter, "delimiter"),
                col_arg(partNum, "partNum"))


def instr(str: ColumnOrName, substr: Union[Column, str]) -> Column:  # noqa: A002
    """Locate the position of the first occurrence of substr column in the given string.
    Returns null if either of the arguments are null.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or column name
        target column to work on.
    substr : :class:`~rillet.sql.Column` or literal string
        substring to look for.

    Returns
    -------
    :class:`~rillet.sql.Column`
        location of the first occurrence of the substring as integer.

    Examples
    --------
    Example 1: Using a literal string as the 'substring'

    >>> df = spark.createDataFrame([("abcd",), ("xyz",)], ["s",])
    >>> df.select("*", F.instr(df.s, "b")).show()
    +----+-----------+
    |   s|instr(s, b)|
    +----+-----------+
    |abcd|          2|
    | xyz|          0|
    +----+-----------+

    Example 2: Using a Column 'substring'

    >>> df = spark.createDataFrame([("abcd",), ("xyz",)], ["s",])
    >>> df.select("*", F.instr("s", F.lit("abc").substr(0, 2))).show()
    +----+---------------------------+
    |   s|instr(s, substr(abc, 0, 2))|
    +----+---------------------------+
    |abcd|                          1|
    | xyz|                          0|
    +----+---------------------------+
    """
    return call("instr", col_arg(str, "str"), _value(substr))


def locate(substr: str, str: ColumnOrName, pos: int = 1) -> Column:  # noqa: A002
    """Locate the position of the first occurrence of substr in a string column, after position pos.

    Parameters
    ----------
    substr : literal string
        a string
    str : :class:`~rillet.sql.Column` or column name
        a Column of :class:`rillet.sql.types.StringType`
    pos : int, optional
        start position (zero based)

    Returns
    -------
    :class:`~rillet.sql.Column`
        position of the substring.

    Examples
    --------
    >>> df = spark.createDataFrame([('abcd',)], ['s',])
    >>> df.select('*', F.locate('b', 's', 1)).show()
    +----+---------------+
    |   s|locate(b, s, 1)|
    +----+---------------+
    |abcd|              2|
    +----+---------------+

    >>> df.select('*', F.locate('b', df.s, 3)).show()
    +----+---------------+
    |   s|locate(b, s, 3)|
    +----+---------------+
    |abcd|              0|
    +----+---------------+
    """
    return call("locate", Literal.of(substr), col_arg(str, "str"), Literal.of(pos))


def position(substr: ColumnOrName, str: ColumnOrName, start: Optional[ColumnOrName] = None) -> Column:  # noqa: A002
    """Returns the position of the first occurrence of `substr` in `str` after position `start`.
    The given `start` and return value are 1-based.

    Parameters
    ----------
    substr : :class:`~rillet.sql.Column` or str
        A column of string, substring.
    str : :class:`~rillet.sql.Column` or str
        A column of string.
    start : :class:`~rillet.sql.Column` or str, optional
        A column of string, start position.

    Examples
    --------
    >>> spark.createDataFrame(
    ...     [("bar", "foobarbar", 5,)], ["a", "b", "c"]
    ... ).select(F.position("a", "b", "c")).show()
    +-----------------+
    |position(a, b, c)|
    +-----------------+
    |                7|
    +-----------------+

    >>> spark.createDataFrame(
    ...     [("bar", "foobarbar", 5,)], ["a", "b", "c"]
    ... ).select(F.position("a", "b")).show()
    +-----------------+
    |position(a, b, 1)|
    +-----------------+
    |                4|
    +-----------------+
    """
    args = [col_arg(substr, "substr"), col_arg(str, "str")]
    if start is not None:
        args.append(col_arg(start, "start"))
    return call("position", *args)


def contains(left: ColumnOrName, right: ColumnOrName) -> Column:
    """Returns a boolean. The value is True if right is found inside left.
    Returns NULL if either input expression is NULL. Otherwise, returns False.
    Both left or right must be of STRING or BINARY type.

    Parameters
    ----------
    left : :class:`~rillet.sql.Column` or str
        The input column or strings to check, may be NULL.
    right : :class:`~rillet.sql.Column` or str
        The input column or strings to find, may be NULL.

    Examples
    --------
    >>> df = spark.createDataFrame([("Spark SQL", "SQL"), ("Spark", "Py")], ["a", "b"])
    >>> df.select("a", "b", F.contains("a", "b").alias("r")).show()
    +---------+---+-----+
    |        a|  b|    r|
    +---------+---+-----+
    |Spark SQL|SQL| true|
    |    Spark| Py|false|
    +---------+---+-----+
    """
    return call("contains", col_arg(left, "left"), col_arg(right, "right"))


def startswith(str: ColumnOrName, prefix: ColumnOrName) -> Column:  # noqa: A002
    """Returns a boolean. The value is True if str starts with prefix.
    Returns NULL if either input expression is NULL. Otherwise, returns False.
    Both str or prefix must be of STRING or BINARY type.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or str
        A column of string.
    prefix : :class:`~rillet.sql.Column` or str
        A column of string, the prefix.

    Examples
    --------
    >>> df = spark.createDataFrame([("Spark SQL", "Spark"), ("Spark", "Py")], ["a", "b"])
    >>> df.select("a", "b", F.startswith("a", "b").alias("r")).show()
    +---------+-----+-----+
    |        a|    b|    r|
    +---------+-----+-----+
    |Spark SQL|Spark| true|
    |    Spark|   Py|false|
    +---------+-----+-----+
    """
    return call("startswith", col_arg(str, "str"), col_arg(prefix, "prefix"))


def endswith(str: ColumnOrName, suffix: ColumnOrName) -> Column:  # noqa: A002
    """Returns a boolean. The value is True if str ends with suffix.
    Returns NULL if either input expression is NULL. Otherwise, returns False.
    Both str or suffix must be of STRING or BINARY type.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or str
        A column of string.
    suffix : :class:`~rillet.sql.Column` or str
        A column of string, the suffix.

    Examples
    --------
    >>> df = spark.createDataFrame([("Spark SQL", "SQL"), ("Spark", "Py")], ["a", "b"])
    >>> df.select("a", "b", F.endswith("a", "b").alias("r")).show()
    +---------+---+-----+
    |        a|  b|    r|
    +---------+---+-----+
    |Spark SQL|SQL| true|
    |    Spark| Py|false|
    +---------+---+-----+
    """
    return call("endswith", col_arg(str, "str"), col_arg(suffix, "suffix"))


def levenshtein(left: ColumnOrName, right: ColumnOrName, threshold: Optional[int] = None) -> Column:
    """Computes the Levenshtein distance of the two given strings.

    Parameters
    ----------
    left : :class:`~rillet.sql.Column` or column name
        first column value.
    right : :class:`~rillet.sql.Column` or column name
        second column value.
    threshold : int, optional
        if set when the levenshtein distance of the two given strings
        less than or equal to a given threshold then return result distance, or -1

    Returns
    -------
    :class:`~rillet.sql.Column`
        Levenshtein distance as integer value.

    Examples
    --------
    >>> df = spark.createDataFrame([('kitten', 'sitting',)], ['l', 'r'])
    >>> df.select('*', F.levenshtein('l', 'r')).show()
    +------+-------+-----------------+
    |     l|      r|levenshtein(l, r)|
    +------+-------+-----------------+
    |kitten|sitting|                3|
    +------+-------+-----------------+

    >>> df.select('*', F.levenshtein(df.l, df.r, 2)).show()
    +------+-------+--------------------+
    |     l|      r|levenshtein(l, r, 2)|
    +------+-------+--------------------+
    |kitten|sitting|                  -1|
    +------+-------+--------------------+
    """
    args = [col_arg(left, "left"), col_arg(right, "right")]
    if threshold is not None:
        args.append(Literal.of(threshold))
    return call("levenshtein", *args)


def rlike(str: ColumnOrName, regexp: ColumnOrName) -> Column:  # noqa: A002
    r"""Returns true if `str` matches the Java regex `regexp`, or false otherwise.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or str
        target column to work on.
    regexp : :class:`~rillet.sql.Column` or str
        regex pattern to apply.

    Returns
    -------
    :class:`~rillet.sql.Column`
        true if `str` matches a Java regex, or false otherwise.

    Examples
    --------
    >>> df = spark.createDataFrame([("1a 2b 14m", r"(\d+)")], ["str", "regexp"])
    >>> df.select(F.rlike('str', F.lit(r'(\d+)')).alias('d')).collect()
    [Row(d=True)]
    >>> df.select(F.rlike('str', F.lit(r'\d{2}b')).alias('d')).collect()
    [Row(d=False)]
    >>> df.select(F.rlike("str", F.col("regexp")).alias('d')).collect()
    [Row(d=True)]
    """
    return call("rlike", col_arg(str, "str"), col_arg(regexp, "regexp"))


def regexp_like(str: ColumnOrName, regexp: ColumnOrName) -> Column:  # noqa: A002
    r"""Returns true if `str` matches the Java regex `regexp`, or false otherwise.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or str
        target column to work on.
    regexp : :class:`~rillet.sql.Column` or str
        regex pattern to apply.

    Returns
    -------
    :class:`~rillet.sql.Column`
        true if `str` matches a Java regex, or false otherwise.

    Examples
    --------
    >>> spark.createDataFrame(
    ...     [("1a 2b 14m", r"(\d+)")], ["str", "regexp"]
    ... ).select(F.regexp_like('str', F.lit(r'(\d+)'))).show()
    +-----------------------+
    |REGEXP_LIKE(str, (\d+))|
    +-----------------------+
    |                   true|
    +-----------------------+

    >>> spark.createDataFrame(
    ...     [("1a 2b 14m", r"(\d+)")], ["str", "regexp"]
    ... ).select(F.regexp_like('str', F.lit(r'\d{2}b'))).show()
    +------------------------+
    |REGEXP_LIKE(str, \d{2}b)|
    +------------------------+
    |                   false|
    +------------------------+

    >>> spark.createDataFrame(
    ...     [("1a 2b 14m", r"(\d+)")], ["str", "regexp"]
    ... ).select(F.regexp_like('str', F.col("regexp"))).show()
    +------------------------+
    |REGEXP_LIKE(str, regexp)|
    +------------------------+
    |                    true|
    +------------------------+
    """
    return call("regexp_like", col_arg(str, "str"), col_arg(regexp, "regexp"))


def regexp(str: ColumnOrName, regexp: ColumnOrName) -> Column:  # noqa: A002
    r"""Returns true if `str` matches the Java regex `regexp`, or false otherwise.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or str
        target column to work on.
    regexp : :class:`~rillet.sql.Column` or str
        regex pattern to apply.

    Returns
    -------
    :class:`~rillet.sql.Column`
        true if `str` matches a Java regex, or false otherwise.

    Examples
    --------
    >>> spark.createDataFrame(
    ...     [("1a 2b 14m", r"(\d+)")], ["str", "regexp"]
    ... ).select(F.regexp('str', F.lit(r'(\d+)'))).show()
    +------------------+
    |REGEXP(str, (\d+))|
    +------------------+
    |              true|
    +------------------+

    >>> spark.createDataFrame(
    ...     [("1a 2b 14m", r"(\d+)")], ["str", "regexp"]
    ... ).select(F.regexp('str', F.lit(r'\d{2}b'))).show()
    +-------------------+
    |REGEXP(str, \d{2}b)|
    +-------------------+
    |              false|
    +-------------------+

    >>> spark.createDataFrame(
    ...     [("1a 2b 14m", r"(\d+)")], ["str", "regexp"]
    ... ).select(F.regexp('str', F.col("regexp"))).show()
    +-------------------+
    |REGEXP(str, regexp)|
    +-------------------+
    |               true|
    +-------------------+
    """
    return call("regexp", col_arg(str, "str"), col_arg(regexp, "regexp"))


def like(str: ColumnOrName, pattern: ColumnOrName, escapeChar: Optional[Column] = None) -> Column:  # noqa: A002, N803
    r"""Returns true if str matches `pattern` with `escape`,
    null if any arguments are null, false otherwise.
    The default escape character is the ''.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or str
        A string.
    pattern : :class:`~rillet.sql.Column` or str
        A string. The pattern is a string which is matched literally, with
        exception to the following special symbols:
        _ matches any one character in the input (similar to . in posix regular expressions)
        % matches zero or more characters in the input (similar to .* in posix regular
        expressions)
        Since Spark 2.0, string literals are unescaped in our SQL parser. For example, in order
        to match "bc", the pattern should be "\abc".
        When SQL config 'spark.sql.parser.escapedStringLiterals' is enabled, it falls back
        to Spark 1.6 behavior regarding string literal parsing. For example, if the config is
        enabled, the pattern to match "bc" should be "bc".
    escapeChar : :class:`~rillet.sql.Column`, optional
        An character added since Spark 3.0. The default escape character is the ''.
        If an escape character precedes a special symbol or another escape character, the
        following character is matched literally. It is invalid to escape any other character.

    Notes
    -----
    ``escapeChar`` is not supported yet, and ``pattern`` must be a constant.

    Examples
    --------
    >>> df = spark.createDataFrame([("Spark",), ("SQL",), ("Py",)], ["a"])
    >>> df.select("a", F.like("a", F.lit("_park")).alias("r")).show()
    +-----+-----+
    |    a|    r|
    +-----+-----+
    |Spark| true|
    |  SQL|false|
    |   Py|false|
    +-----+-----+
    """
    if escapeChar is not None:
        raise PySparkNotImplementedError(
            errorClass="NOT_IMPLEMENTED", messageParameters={"feature": "like(..., escapeChar)"}
        )
    return call("like", col_arg(str, "str"), col_arg(pattern, "pattern"))


def regexp_extract(str: ColumnOrName, pattern: str, idx: int) -> Column:  # noqa: A002
    r"""Extract a specific group matched by the Java regex `regexp`, from the specified string column.
    If the regex did not match, or the specified group did not match, an empty string is returned.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or column name
        target column to work on.
    pattern : str
        regex pattern to apply.
    idx : int
        matched group id.

    Returns
    -------
    :class:`~rillet.sql.Column`
        matched value specified by `idx` group id.

    Examples
    --------
    >>> df = spark.createDataFrame([('100-200',)], ['str'])
    >>> df.select('*', F.regexp_extract('str', r'(\d+)-(\d+)', 1)).show()
    +-------+-----------------------------------+
    |    str|regexp_extract(str, (\d+)-(\d+), 1)|
    +-------+-----------------------------------+
    |100-200|                                100|
    +-------+-----------------------------------+

    >>> df = spark.createDataFrame([('foo',)], ['str'])
    >>> df.select('*', F.regexp_extract('str', r'(\d+)', 1)).show()
    +---+-----------------------------+
    |str|regexp_extract(str, (\d+), 1)|
    +---+-----------------------------+
    |foo|                             |
    +---+-----------------------------+

    >>> df = spark.createDataFrame([('aaaac',)], ['str'])
    >>> df.select('*', F.regexp_extract(F.col('str'), '(a+)(b)?(c)', 2)).show()
    +-----+-----------------------------------+
    |  str|regexp_extract(str, (a+)(b)?(c), 2)|
    +-----+-----------------------------------+
    |aaaac|                                   |
    +-----+-----------------------------------+
    """
    return call("regexp_extract", col_arg(str, "str"), Literal.of(pattern), Literal.of(idx))


def regexp_extract_all(
    str: ColumnOrName,
    regexp: ColumnOrName,
    idx: Union[Column, int, None] = None,
) -> Column:  # noqa: A002
    r"""Extract all strings in the `str` that match the Java regex `regexp`
    and corresponding to the regex group index.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or column name
        target column to work on.
    regexp : :class:`~rillet.sql.Column` or column name
        regex pattern to apply.
    idx : :class:`~rillet.sql.Column` or int, optional
        matched group id.

    Returns
    -------
    :class:`~rillet.sql.Column`
        all strings in the `str` that match a Java regex and corresponding to the regex group index.

    Examples
    --------
    >>> df = spark.createDataFrame([("100-200, 300-400",)], ["str"])
    >>> df.select(F.regexp_extract_all("str", F.lit(r"(\d+)-(\d+)"), 1).alias("d")).show()
    +----------+
    |         d|
    +----------+
    |[100, 300]|
    +----------+
    """
    args = [col_arg(str, "str"), col_arg(regexp, "regexp")]
    if idx is not None:
        args.append(_value(idx))
    return call("regexp_extract_all", *args)


def regexp_replace(
    string: ColumnOrName,
    pattern: Union[str, Column],
    replacement: Union[str, Column],
) -> Column:
    r"""Replace all substrings of the specified string value that match regexp with replacement.

    Parameters
    ----------
    string : :class:`~rillet.sql.Column` or str
        column name or column containing the string value
    pattern : :class:`~rillet.sql.Column` or str
        column object or str containing the regexp pattern
    replacement : :class:`~rillet.sql.Column` or str
        column object or str containing the replacement

    Returns
    -------
    :class:`~rillet.sql.Column`
        string with all substrings replaced.

    Examples
    --------
    >>> df = spark.createDataFrame([("100-200",)], ["str"])
    >>> df.select(F.regexp_replace("str", r"(\d+)", "<$1>").alias("d")).show()
    +-----------+
    |          d|
    +-----------+
    |<100>-<200>|
    +-----------+
    """
    return call("regexp_replace", col_arg(string, "string"), _value(pattern), _value(replacement))


def sha2(col: ColumnOrName, numBits: int) -> Column:  # noqa: N803
    """Returns the hex string result of SHA-2 family of hash functions (SHA-224, SHA-256, SHA-384,
    and SHA-512). The numBits indicates the desired bit length of the result, which must have a
    value of 224, 256, 384, 512, or 0 (which is equivalent to 256).

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target column to compute on.
    numBits : int
        the desired bit length of the result, which must have a
        value of 224, 256, 384, 512, or 0 (which is equivalent to 256).

    Returns
    -------
    :class:`~rillet.sql.Column`
        the column for computed results.

    Examples
    --------
    >>> df = spark.createDataFrame([['Alice'], ['Bob']], ['name'])
    >>> df.select('*', F.sha2('name', 256)).show(truncate=False)
    +-----+----------------------------------------------------------------+
    |name |sha2(name, 256)                                                 |
    +-----+----------------------------------------------------------------+
    |Alice|3bc51062973c458d5a6f2d8d64a023246354ad7e064b1e4e009ec8a0699a3043|
    |Bob  |cd9fb1e148ccd8442e5aa74904cc73bf6fb54d1d54d333bd596aa9bb4bb4e961|
    +-----+----------------------------------------------------------------+
    """
    if numBits not in (0, 224, 256, 384, 512):
        raise PySparkValueError(
            errorClass="VALUE_NOT_ALLOWED",
            messageParameters={"arg_name": "numBits", "allowed_values": "[0, 224, 256, 384, 512]"},
        )
    return call("sha2", col_arg(col), Literal.of(numBits))


def hash(*cols: ColumnOrName) -> Column:  # noqa: A001
    """Calculates the hash code of given columns, and returns the result as an int column.

    Parameters
    ----------
    cols : :class:`~rillet.sql.Column` or column name
        one or more columns to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        hash value as int column.

    Examples
    --------
    >>> df = spark.createDataFrame([("ABC", "DEF")], ["c1", "c2"])
    >>> df.select(F.hash("c1").alias("h1"), F.hash("c1", "c2").alias("h2")).show()
    +----------+---------+
    |        h1|       h2|
    +----------+---------+
    |-757602832|599895104|
    +----------+---------+
    """
    return call("hash", *(col_arg(c, "cols") for c in cols))


def xxhash64(*cols: ColumnOrName) -> Column:
    """Calculates the hash code of given columns using the 64-bit variant of the xxHash algorithm,
    and returns the result as a long column. The hash computation uses an initial seed of 42.

    Parameters
    ----------
    cols : :class:`~rillet.sql.Column` or column name
        one or more columns to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        hash value as long column.

    Examples
    --------
    >>> df = spark.createDataFrame([("ABC", "DEF")], ["c1", "c2"])
    >>> df.select(F.xxhash64("c1").alias("h1"), F.xxhash64("c1", "c2").alias("h2")).show()
    +-------------------+-------------------+
    |                 h1|                 h2|
    +-------------------+-------------------+
    |4105715581806190027|3233247871021311208|
    +-------------------+-------------------+
    """
    return call("xxhash64", *(col_arg(c, "cols") for c in cols))


def to_binary(col: ColumnOrName, format: Optional[ColumnOrName] = None) -> Column:  # noqa: A002
    """Converts the input `col` to a binary value based on the supplied `format`.
    The `format` can be a case-insensitive string literal of "hex", "utf-8", "utf8",
    or "base64". By default, the binary format for conversion is "hex" if
    `format` is omitted. The function raises an error if the input is malformed.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        Input column or strings.
    format : :class:`~rillet.sql.Column` or str, optional
        format to use to convert binary values.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the binary value.

    Examples
    --------
    >>> df = spark.createDataFrame([("abc",)], ["e"])
    >>> df.select(F.to_binary(df.e, F.lit("utf-8")).alias('r')).show()
    +----------+
    |         r|
    +----------+
    |[61 62 63]|
    +----------+

    >>> df = spark.createDataFrame([("414243",)], ["e"])
    >>> df.select(F.to_binary(df.e).alias('r')).show()
    +----------+
    |         r|
    +----------+
    |[41 42 43]|
    +----------+
    """
    if format is None:
        return call("to_binary", col_arg(col))
    return call("to_binary", col_arg(col), col_arg(format, "format"))


def try_to_binary(col: ColumnOrName, format: Optional[ColumnOrName] = None) -> Column:  # noqa: A002
    """This is a special version of `to_binary` that performs the same operation, but returns a NULL
    value instead of raising an error if the conversion cannot be performed.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        Input column or strings.
    format : :class:`~rillet.sql.Column` or str, optional
        format to use to convert binary values.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the binary value, or NULL for a malformed input.

    Examples
    --------
    >>> df = spark.createDataFrame([("414243",), ("zz",)], ["e"])
    >>> df.select(F.try_to_binary(df.e).alias('r')).show()
    +----------+
    |         r|
    +----------+
    |[41 42 43]|
    |      NULL|
    +----------+
    """
    if format is None:
        return call("try_to_binary", col_arg(col))
    return call("try_to_binary", col_arg(col), col_arg(format, "format"))
