"""URL functions: url_encode, url_decode, parse_url and their try_ forms."""

from __future__ import annotations

from typing import Optional

from rillet.sql._typing import ColumnOrName
from rillet.sql.column import Column
from rillet.sql.functions._helpers import call, col_arg

__all__ = ['url_encode', 'url_decode', 'try_url_decode', 'parse_url', 'try_parse_url']


def url_encode(str: ColumnOrName) -> Column:  # noqa: A002
    """Translates a string into 'application/x-www-form-urlencoded' format
    using a specific encoding scheme.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or str
        A column of strings, each representing a string to be URL-encoded.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column of strings, each representing the URL-encoded version of the input strings.

    Examples
    --------
    >>> df = spark.createDataFrame([("https://spark.apache.org",)], ["url"])
    >>> df.select(F.url_encode(df.url)).show(truncate=False)
    +------------------------------+
    |url_encode(url)               |
    +------------------------------+
    |https%3A%2F%2Fspark.apache.org|
    +------------------------------+

    >>> df = spark.createDataFrame([("Hello World!",)], ["url"])
    >>> df.select(F.url_encode(df.url)).show()
    +---------------+
    |url_encode(url)|
    +---------------+
    | Hello+World%21|
    +---------------+
    """
    return call("url_encode", col_arg(str, "str"))


def url_decode(str: ColumnOrName) -> Column:  # noqa: A002
    """Decodes a `str` in 'application/x-www-form-urlencoded' format
    using a specific encoding scheme.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or str
        A column of strings, each representing a URL-encoded string.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column of strings, each representing the decoded string.

    Examples
    --------
    >>> df = spark.createDataFrame([("https%3A%2F%2Fspark.apache.org",)], ["url"])
    >>> df.select(F.url_decode(df.url)).show(truncate=False)
    +------------------------+
    |url_decode(url)         |
    +------------------------+
    |https://spark.apache.org|
    +------------------------+

    >>> df = spark.createDataFrame([("Hello%20World%21",)], ["url"])
    >>> df.select(F.url_decode(df.url)).show()
    +---------------+
    |url_decode(url)|
    +---------------+
    |   Hello World!|
    +---------------+
    """
    return call("url_decode", col_arg(str, "str"))


def try_url_decode(str: ColumnOrName) -> Column:  # noqa: A002
    """This is a special version of `url_decode` that performs the same operation, but returns a
    NULL value instead of raising an error if the decoding cannot be performed.

    Parameters
    ----------
    str : :class:`~rillet.sql.Column` or str
        A column of strings, each representing a URL-encoded string.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column of strings, each representing the decoded string.

    Examples
    --------
    >>> df = spark.createDataFrame([("https%3A%2F%2spark.apache.org",)], ["url"])
    >>> df.select(F.try_url_decode(df.url)).show()
    +-------------------+
    |try_url_decode(url)|
    +-------------------+
    |               NULL|
    +-------------------+
    """
    return call("try_url_decode", col_arg(str, "str"))


def parse_url(url: ColumnOrName, partToExtract: ColumnOrName, key: Optional[ColumnOrName] = None) -> Column:
    """URL function: Extracts a specified part from a URL. If a key is provided,
    it returns the associated query parameter value.

    Parameters
    ----------
    url : :class:`~rillet.sql.Column` or str
        A column of strings, each representing a URL.
    partToExtract : :class:`~rillet.sql.Column` or str
        A column of strings, each representing the part to extract from the URL
        (HOST, PATH, QUERY, REF, PROTOCOL, FILE, AUTHORITY, USERINFO).
    key : :class:`~rillet.sql.Column` or str, optional
        A column of strings, each representing the key of a query parameter in the URL.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column of strings, each representing the value of the extracted part from the URL.

    Examples
    --------
    >>> df = spark.createDataFrame(
    ...   [("https://spark.apache.org/path?query=1", "QUERY")],
    ...   ["url", "part"]
    ... )
    >>> df.select(F.parse_url(df.url, df.part)).show()
    +--------------------+
    |parse_url(url, part)|
    +--------------------+
    |             query=1|
    +--------------------+

    >>> df = spark.createDataFrame(
    ...   [("https://spark.apache.org/path?query=1", "QUERY", "query")],
    ...   ["url", "part", "key"]
    ... )
    >>> df.select(F.parse_url(df.url, df.part, df.key)).show()
    +-------------------------+
    |parse_url(url, part, key)|
    +-------------------------+
    |                        1|
    +-------------------------+
    """
    args = [col_arg(url, "url"), col_arg(partToExtract, "partToExtract")]
    if key is not None:
        args.append(col_arg(key, "key"))
    return call("parse_url", *args)


def try_parse_url(url: ColumnOrName, partToExtract: ColumnOrName, key: Optional[ColumnOrName] = None) -> Column:
    """This is a special version of `parse_url` that performs the same operation, but returns a
    NULL value instead of raising an error if the parsing cannot be performed.

    Parameters
    ----------
    url : :class:`~rillet.sql.Column` or str
        A column of strings, each representing a URL.
    partToExtract : :class:`~rillet.sql.Column` or str
        A column of strings, each representing the part to extract from the URL.
    key : :class:`~rillet.sql.Column` or str, optional
        A column of strings, each representing the key of a query parameter in the URL.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column of strings, each representing the value of the extracted part from the URL.

    Examples
    --------
    >>> df = spark.createDataFrame(
    ...   [("https://spark.apache.org/path?query=1", "QUERY")],
    ...   ["url", "part"]
    ... )
    >>> df.select(F.try_parse_url(df.url, df.part)).show()
    +------------------------+
    |try_parse_url(url, part)|
    +------------------------+
    |                 query=1|
    +------------------------+
    """
    args = [col_arg(url, "url"), col_arg(partToExtract, "partToExtract")]
    if key is not None:
        args.append(col_arg(key, "key"))
    return call("try_parse_url", *args)
