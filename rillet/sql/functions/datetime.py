"""Date and time functions."""

from __future__ import annotations

from typing import Any, Optional, Union

from rillet.plan.expressions.core import Literal
from rillet.sql._typing import ColumnOrName
from rillet.sql.column import Column, _to_expr
from rillet.sql.functions._helpers import call, col_arg

__all__ = [
    'current_timestamp', 'current_date', 'now', 'to_timestamp', 'try_to_timestamp', 'to_date',
    'date_format', 'unix_timestamp', 'from_unixtime', 'timestamp_seconds', 'timestamp_millis',
    'timestamp_micros', 'unix_seconds', 'unix_millis', 'unix_micros', 'unix_date', 'date_trunc',
    'trunc', 'date_add', 'dateadd', 'date_sub', 'datediff', 'date_diff', 'months_between',
    'add_months', 'year', 'quarter', 'month', 'dayofmonth', 'day', 'dayofweek', 'dayofyear',
    'weekday', 'hour', 'minute', 'second', 'weekofyear', 'last_day', 'next_day',
    'from_utc_timestamp', 'to_utc_timestamp', 'make_date',
    'dayname', 'monthname', 'date_part', 'datepart', 'extract',
    'make_timestamp', 'make_timestamp_ntz', 'convert_timezone', 'timestamp_add', 'timestamp_diff',
]


def _fmt(format: Any) -> Any:  # noqa: A002
    return Literal.of(format) if isinstance(format, str) else col_arg(format, "format")


# --- now ----------------------------------------------------------------------------------


def current_timestamp() -> Column:
    """Returns the current timestamp at the start of query evaluation as a :class:`TimestampType`
    column. All calls of current_timestamp within the same query return the same value.

    Returns
    -------
    :class:`~rillet.sql.Column`
        current date and time.

    Examples
    --------
    >>> spark.range(1).select(F.current_timestamp().isNotNull().alias("r")).show()
    +----+
    |   r|
    +----+
    |true|
    +----+
    """
    return call("current_timestamp")


def now() -> Column:
    """Returns the current timestamp at the start of query evaluation.

    Returns
    -------
    :class:`~rillet.sql.Column`
        current timestamp at the start of query evaluation.

    Examples
    --------
    >>> spark.range(1).select(F.now().isNotNull().alias("r")).show()
    +----+
    |   r|
    +----+
    |true|
    +----+
    """
    return call("now")


def current_date() -> Column:
    """Returns the current date at the start of query evaluation as a :class:`DateType` column.
    All calls of current_date within the same query return the same value.

    Returns
    -------
    :class:`~rillet.sql.Column`
        current date.

    Examples
    --------
    >>> spark.range(1).select((F.current_date() > F.to_date(F.lit("2020-01-01"))).alias("r")).show()
    +----+
    |   r|
    +----+
    |true|
    +----+
    """
    return call("current_date")


# --- parsing and formatting ----------------------------------------------------------------


def to_timestamp(col: ColumnOrName, format: Optional[str] = None) -> Column:  # noqa: A002
    """Converts a :class:`~rillet.sql.Column` into :class:`rillet.sql.types.TimestampType`
    using the optionally specified format. Specify formats according to `datetime pattern`_.
    By default, it follows casting rules to :class:`rillet.sql.types.TimestampType` if the format
    is omitted. Equivalent to ``col.cast("timestamp")``.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        column values to convert.
    format: literal string, optional
        format to use to convert timestamp values.

    Returns
    -------
    :class:`~rillet.sql.Column`
        timestamp value as :class:`rillet.sql.types.TimestampType` type.

    Examples
    --------
    Example 1: Convert string to a timestamp

    >>> df = spark.createDataFrame([('1997-02-28 10:30:00',)], ['t'])
    >>> df.select(F.to_timestamp(df.t)).show()
    +-------------------+
    |    to_timestamp(t)|
    +-------------------+
    |1997-02-28 10:30:00|
    +-------------------+

    Example 2: Convert string to a timestamp with a format

    >>> df = spark.createDataFrame([('1997-02-28 10:30:00',)], ['t'])
    >>> df.select(F.to_timestamp(df.t, 'yyyy-MM-dd HH:mm:ss')).show()
    +------------------------------------+
    |to_timestamp(t, yyyy-MM-dd HH:mm:ss)|
    +------------------------------------+
    |                 1997-02-28 10:30:00|
    +------------------------------------+
    """
    if format is None:
        return call("to_timestamp", col_arg(col))
    return call("to_timestamp", col_arg(col), _fmt(format))


def try_to_timestamp(col: ColumnOrName, format: Optional[ColumnOrName] = None) -> Column:  # noqa: A002
    """Parses the `col` with the `format` to a timestamp. The function always
    returns null on an invalid input with/without ANSI SQL mode enabled. The result data type is
    consistent with the value of configuration `spark.sql.timestampType`.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        column values to convert.
    format: literal string, optional
        format to use to convert timestamp values.

    Examples
    --------
    Example 1: Convert string to a timestamp

    >>> df = spark.createDataFrame([('1997-02-28 10:30:00',)], ['t'])
    >>> df.select(F.try_to_timestamp(df.t).alias('dt')).show()
    +-------------------+
    |                 dt|
    +-------------------+
    |1997-02-28 10:30:00|
    +-------------------+

    Example 2: Convert string to a timestamp with a format

    >>> df = spark.createDataFrame([('1997-02-28 10:30:00',)], ['t'])
    >>> df.select(F.try_to_timestamp(df.t, F.lit('yyyy-MM-dd HH:mm:ss')).alias('dt')).show()
    +-------------------+
    |                 dt|
    +-------------------+
    |1997-02-28 10:30:00|
    +-------------------+
    """
    if format is None:
        return call("try_to_timestamp", col_arg(col))
    return call("try_to_timestamp", col_arg(col), col_arg(format, "format"))


def to_date(col: ColumnOrName, format: Optional[str] = None) -> Column:  # noqa: A002
    """Converts a :class:`~rillet.sql.Column` into :class:`rillet.sql.types.DateType`
    using the optionally specified format. Specify formats according to `datetime pattern`_.
    By default, it follows casting rules to :class:`rillet.sql.types.DateType` if the format
    is omitted. Equivalent to ``col.cast("date")``.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        input column of values to convert.
    format: literal string, optional
        format to use to convert date values.

    Returns
    -------
    :class:`~rillet.sql.Column`
        date value as :class:`rillet.sql.types.DateType` type.

    Examples
    --------
    >>> df = spark.createDataFrame([('1997-02-28 10:30:00',)], ['ts'])
    >>> df.select('*', F.to_date(df.ts)).show()
    +-------------------+-----------+
    |                 ts|to_date(ts)|
    +-------------------+-----------+
    |1997-02-28 10:30:00| 1997-02-28|
    +-------------------+-----------+

    >>> df.select('*', F.to_date('ts', 'yyyy-MM-dd HH:mm:ss')).show()
    +-------------------+--------------------------------+
    |                 ts|to_date(ts, yyyy-MM-dd HH:mm:ss)|
    +-------------------+--------------------------------+
    |1997-02-28 10:30:00|                      1997-02-28|
    +-------------------+--------------------------------+
    """
    if format is None:
        return call("to_date", col_arg(col))
    return call("to_date", col_arg(col), _fmt(format))


def date_format(date: ColumnOrName, format: str) -> Column:  # noqa: A002
    """Converts a date/timestamp/string to a value of string in the format specified by the date
    format given by the second argument.

    A pattern could be for instance `dd.MM.yyyy` and could return a string like '18.03.1993'. All
    pattern letters of `datetime pattern`_. can be used.

    Parameters
    ----------
    date : :class:`~rillet.sql.Column` or column name
        input column of values to format.
    format: literal string
        format to use to represent datetime values.

    Returns
    -------
    :class:`~rillet.sql.Column`
        string value representing formatted datetime.

    Examples
    --------
    >>> df = spark.createDataFrame([("2015-04-08",)], ["dt"])
    >>> df.select(F.date_format("dt", "MM/dd/yyyy").alias("date")).show()
    +----------+
    |      date|
    +----------+
    |04/08/2015|
    +----------+
    """
    return call("date_format", col_arg(date, "date"), _fmt(format))


def unix_timestamp(timestamp: Optional[ColumnOrName] = None, format: str = 'yyyy-MM-dd HH:mm:ss') -> Column:  # noqa: A002
    """Convert time string with given pattern ('yyyy-MM-dd HH:mm:ss', by default)
    to Unix time stamp (in seconds), using the default timezone and the default
    locale, returns null if failed.

    if `timestamp` is None, then it returns current timestamp.

    Parameters
    ----------
    timestamp : :class:`~rillet.sql.Column` or column name, optional
        timestamps of string values.
    format : literal string, optional
        alternative format to use for converting (default: yyyy-MM-dd HH:mm:ss).

    Returns
    -------
    :class:`~rillet.sql.Column`
        unix time as long integer.

    Examples
    --------
    Example 1: Using default format 'yyyy-MM-dd HH:mm:ss' parses the timestamp string.

    >>> spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    >>> df = spark.createDataFrame([('2015-04-08 12:12:12',)], ['ts'])
    >>> df.select('*', F.unix_timestamp('ts')).show()
    +-------------------+---------------------------------------+
    |                 ts|unix_timestamp(ts, yyyy-MM-dd HH:mm:ss)|
    +-------------------+---------------------------------------+
    |2015-04-08 12:12:12|                             1428520332|
    +-------------------+---------------------------------------+

    Example 2: Using user-specified format 'yyyy-MM-dd' parses the timestamp string.

    >>> spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    >>> df = spark.createDataFrame([('2015-04-08',)], ['dt'])
    >>> df.select('*', F.unix_timestamp('dt', 'yyyy-MM-dd')).show()
    +----------+------------------------------+
    |        dt|unix_timestamp(dt, yyyy-MM-dd)|
    +----------+------------------------------+
    |2015-04-08|                    1428476400|
    +----------+------------------------------+

    >>> spark.conf.unset("spark.sql.session.timeZone")
    """
    if timestamp is None:
        return call("unix_timestamp", call("current_timestamp")._expr, _fmt(format))
    return call("unix_timestamp", col_arg(timestamp, "timestamp"), _fmt(format))


def from_unixtime(timestamp: ColumnOrName, format: str = 'yyyy-MM-dd HH:mm:ss') -> Column:  # noqa: A002
    """Converts the number of seconds from unix epoch (1970-01-01 00:00:00 UTC) to a string
    representing the timestamp of that moment in the current system time zone in the given
    format.

    Parameters
    ----------
    timestamp : :class:`~rillet.sql.Column` or column name
        column of unix time values.
    format : literal string, optional
        format to use to convert to (default: yyyy-MM-dd HH:mm:ss)

    Returns
    -------
    :class:`~rillet.sql.Column`
        formatted timestamp as string.

    Examples
    --------
    >>> spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")

    >>> df = spark.createDataFrame([(1428476400,)], ['unix_time'])
    >>> df.select('*', F.from_unixtime('unix_time')).show()
    +----------+---------------------------------------------+
    | unix_time|from_unixtime(unix_time, yyyy-MM-dd HH:mm:ss)|
    +----------+---------------------------------------------+
    |1428476400|                          2015-04-08 00:00:00|
    +----------+---------------------------------------------+

    >>> spark.conf.unset("spark.sql.session.timeZone")
    """
    return call("from_unixtime", col_arg(timestamp, "timestamp"), _fmt(format))


def timestamp_seconds(col: ColumnOrName) -> Column:
    """Converts the number of seconds from the Unix epoch (1970-01-01T00:00:00Z)
    to a timestamp.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        unix time values.

    Returns
    -------
    :class:`~rillet.sql.Column`
        converted timestamp value.

    Examples
    --------
    >>> spark.conf.set("spark.sql.session.timeZone", "UTC")

    >>> df = spark.createDataFrame([(1230219000,), (1280219000,)], ['seconds'])
    >>> df.select('*', F.timestamp_seconds('seconds')).show()
    +----------+--------------------------+
    |   seconds|timestamp_seconds(seconds)|
    +----------+--------------------------+
    |1230219000|       2008-12-25 15:30:00|
    |1280219000|       2010-07-27 08:23:20|
    +----------+--------------------------+

    >>> spark.conf.unset("spark.sql.session.timeZone")
    """
    return call("timestamp_seconds", col_arg(col))


def timestamp_millis(col: ColumnOrName) -> Column:
    """Creates timestamp from the number of milliseconds since UTC epoch.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        unix time values.

    Returns
    -------
    :class:`~rillet.sql.Column`
        converted timestamp value.

    Examples
    --------
    >>> spark.conf.set("spark.sql.session.timeZone", "UTC")

    >>> df = spark.createDataFrame([(1230219000,), (1280219000,)], ['millis'])
    >>> df.select('*', F.timestamp_millis('millis')).show()
    +----------+------------------------+
    |    millis|timestamp_millis(millis)|
    +----------+------------------------+
    |1230219000|     1970-01-15 05:43:39|
    |1280219000|     1970-01-15 19:36:59|
    +----------+------------------------+

    >>> spark.conf.unset("spark.sql.session.timeZone")
    """
    return call("timestamp_millis", col_arg(col))


def timestamp_micros(col: ColumnOrName) -> Column:
    """Creates timestamp from the number of microseconds since UTC epoch.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        unix time values.

    Returns
    -------
    :class:`~rillet.sql.Column`
        converted timestamp value.

    Examples
    --------
    >>> spark.conf.set("spark.sql.session.timeZone", "UTC")

    >>> df = spark.createDataFrame([(1230219000,), (1280219000,)], ['micros'])
    >>> df.select('*', F.timestamp_micros('micros')).show(truncate=False)
    +----------+------------------------+
    |micros    |timestamp_micros(micros)|
    +----------+------------------------+
    |1230219000|1970-01-01 00:20:30.219 |
    |1280219000|1970-01-01 00:21:20.219 |
    +----------+------------------------+

    >>> spark.conf.unset("spark.sql.session.timeZone")
    """
    return call("timestamp_micros", col_arg(col))


def unix_seconds(col: ColumnOrName) -> Column:
    """Returns the number of seconds since 1970-01-01 00:00:00 UTC.
    Truncates higher levels of precision.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        input column of values to convert.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the number of seconds since 1970-01-01 00:00:00 UTC.

    Examples
    --------
    >>> spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")

    >>> df = spark.createDataFrame([('2015-07-22 10:00:00',), ('2022-10-09 11:12:13',)], ['ts'])
    >>> df.select('*', F.unix_seconds(F.to_timestamp('ts'))).show()
    +-------------------+------------------------------+
    |                 ts|unix_seconds(to_timestamp(ts))|
    +-------------------+------------------------------+
    |2015-07-22 10:00:00|                    1437584400|
    |2022-10-09 11:12:13|                    1665339133|
    +-------------------+------------------------------+

    >>> spark.conf.unset("spark.sql.session.timeZone")
    """
    return call("unix_seconds", col_arg(col))


def unix_millis(col: ColumnOrName) -> Column:
    """Returns the number of milliseconds since 1970-01-01 00:00:00 UTC.
    Truncates higher levels of precision.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        input column of values to convert.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the number of milliseconds since 1970-01-01 00:00:00 UTC.

    Examples
    --------
    >>> spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")

    >>> df = spark.createDataFrame([('2015-07-22 10:00:00',), ('2022-10-09 11:12:13',)], ['ts'])
    >>> df.select('*', F.unix_millis(F.to_timestamp('ts'))).show()
    +-------------------+-----------------------------+
    |                 ts|unix_millis(to_timestamp(ts))|
    +-------------------+-----------------------------+
    |2015-07-22 10:00:00|                1437584400000|
    |2022-10-09 11:12:13|                1665339133000|
    +-------------------+-----------------------------+

    >>> spark.conf.unset("spark.sql.session.timeZone")
    """
    return call("unix_millis", col_arg(col))


def unix_micros(col: ColumnOrName) -> Column:
    """Returns the number of microseconds since 1970-01-01 00:00:00 UTC.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        input column of values to convert.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the number of microseconds since 1970-01-01 00:00:00 UTC.

    Examples
    --------
    >>> spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")

    >>> df = spark.createDataFrame([('2015-07-22 10:00:00',), ('2022-10-09 11:12:13',)], ['ts'])
    >>> df.select('*', F.unix_micros(F.to_timestamp('ts'))).show()
    +-------------------+-----------------------------+
    |                 ts|unix_micros(to_timestamp(ts))|
    +-------------------+-----------------------------+
    |2015-07-22 10:00:00|             1437584400000000|
    |2022-10-09 11:12:13|             1665339133000000|
    +-------------------+-----------------------------+

    >>> spark.conf.unset("spark.sql.session.timeZone")
    """
    return call("unix_micros", col_arg(col))


def unix_date(col: ColumnOrName) -> Column:
    """Returns the number of days since 1970-01-01.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        input column of values to convert.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the number of days since 1970-01-01.

    Examples
    --------
    >>> spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")

    >>> df = spark.createDataFrame([('1970-01-02',), ('2022-01-02',)], ['dt'])
    >>> df.select('*', F.unix_date(F.to_date('dt'))).show()
    +----------+----------------------+
    |        dt|unix_date(to_date(dt))|
    +----------+----------------------+
    |1970-01-02|                     1|
    |2022-01-02|                 18994|
    +----------+----------------------+

    >>> spark.conf.unset("spark.sql.session.timeZone")
    """
    return call("unix_date", col_arg(col))


# --- truncation and arithmetic -------------------------------------------------------------


def date_trunc(format: str, timestamp: ColumnOrName) -> Column:  # noqa: A002
    """Returns timestamp truncated to the unit specified by the format.

    Parameters
    ----------
    format : literal string
        'year', 'yyyy', 'yy' to truncate by year,
        'month', 'mon', 'mm' to truncate by month,
        'day', 'dd' to truncate by day,
        Other options are:
        'microsecond', 'millisecond', 'second', 'minute', 'hour', 'week', 'quarter'
    timestamp : :class:`~rillet.sql.Column` or column name
        input column of values to truncate.

    Returns
    -------
    :class:`~rillet.sql.Column`
        truncated timestamp.

    Examples
    --------
    >>> df = spark.createDataFrame([('1997-02-28 05:02:11',)], ['ts'])
    >>> df.select('*', F.date_trunc('year', df.ts)).show()
    +-------------------+--------------------+
    |                 ts|date_trunc(year, ts)|
    +-------------------+--------------------+
    |1997-02-28 05:02:11| 1997-01-01 00:00:00|
    +-------------------+--------------------+

    >>> df.select('*', F.date_trunc('mon', 'ts')).show()
    +-------------------+-------------------+
    |                 ts|date_trunc(mon, ts)|
    +-------------------+-------------------+
    |1997-02-28 05:02:11|1997-02-01 00:00:00|
    +-------------------+-------------------+
    """
    return call("date_trunc", Literal.of(format), col_arg(timestamp, "timestamp"))


def trunc(date: ColumnOrName, format: str) -> Column:  # noqa: A002
    """Returns date truncated to the unit specified by the format.

    Parameters
    ----------
    date : :class:`~rillet.sql.Column` or column name
        input column of values to truncate.
    format : literal string
        'year', 'yyyy', 'yy' to truncate by year,
        or 'month', 'mon', 'mm' to truncate by month
        Other options are: 'week', 'quarter'

    Returns
    -------
    :class:`~rillet.sql.Column`
        truncated date.

    Examples
    --------
    >>> df = spark.createDataFrame([('1997-02-28',)], ['dt'])
    >>> df.select('*', F.trunc(df.dt, 'year')).show()
    +----------+---------------+
    |        dt|trunc(dt, year)|
    +----------+---------------+
    |1997-02-28|     1997-01-01|
    +----------+---------------+

    >>> df.select('*', F.trunc('dt', 'mon')).show()
    +----------+--------------+
    |        dt|trunc(dt, mon)|
    +----------+--------------+
    |1997-02-28|    1997-02-01|
    +----------+--------------+
    """
    return call("trunc", col_arg(date, "date"), Literal.of(format))


def date_add(start: ColumnOrName, days: Union[ColumnOrName, int]) -> Column:
    """Returns the date that is `days` days after `start`. If `days` is a negative value
    then these amount of days will be deducted from `start`.

    Parameters
    ----------
    start : :class:`~rillet.sql.Column` or column name
        date column to work on.
    days : :class:`~rillet.sql.Column` or column name or int
        how many days after the given date to calculate.
        Accepts negative value as well to calculate backwards in time.

    Returns
    -------
    :class:`~rillet.sql.Column`
        a date after/before given number of days.

    Examples
    --------
    >>> df = spark.createDataFrame([("2015-04-08", 2)], ["dt", "add"])
    >>> df.select(F.date_add(df.dt, 1).alias("next"), F.date_add(df.dt, df.add.cast("int")).alias("later")).show()
    +----------+----------+
    |      next|     later|
    +----------+----------+
    |2015-04-09|2015-04-10|
    +----------+----------+
    """
    return call("date_add", col_arg(start, "start"), _to_expr(days))


def dateadd(start: ColumnOrName, days: Union[ColumnOrName, int]) -> Column:
    """Returns the date that is `days` days after `start`. If `days` is a negative value
    then these amount of days will be deducted from `start`.

    Parameters
    ----------
    start : :class:`~rillet.sql.Column` or column name
        date column to work on.
    days : :class:`~rillet.sql.Column` or column name or int
        how many days after the given date to calculate.
        Accepts negative value as well to calculate backwards in time.

    Returns
    -------
    :class:`~rillet.sql.Column`
        a date after/before given number of days.

    Examples
    --------
    >>> df = spark.createDataFrame([("2015-04-08", 2)], ["dt", "add"])
    >>> df.select(F.dateadd(df.dt, 1).alias("next"), F.dateadd(df.dt, df.add.cast("int")).alias("later")).show()
    +----------+----------+
    |      next|     later|
    +----------+----------+
    |2015-04-09|2015-04-10|
    +----------+----------+
    """
    return date_add(start, days)


def date_sub(start: ColumnOrName, days: Union[ColumnOrName, int]) -> Column:
    """Returns the date that is `days` days before `start`. If `days` is a negative value
    then these amount of days will be added to `start`.

    Parameters
    ----------
    start : :class:`~rillet.sql.Column` or column name
        date column to work on.
    days : :class:`~rillet.sql.Column` or column name or int
        how many days before the given date to calculate.
        Accepts negative value as well to calculate forward in time.

    Returns
    -------
    :class:`~rillet.sql.Column`
        a date before/after given number of days.

    Examples
    --------
    >>> df = spark.createDataFrame([("2015-04-08", 2)], ["dt", "sub"])
    >>> df.select(F.date_sub(df.dt, 1).alias("prev"), F.date_sub(df.dt, df.sub.cast("int")).alias("earlier")).show()
    +----------+----------+
    |      prev|   earlier|
    +----------+----------+
    |2015-04-07|2015-04-06|
    +----------+----------+
    """
    return call("date_sub", col_arg(start, "start"), _to_expr(days))


def datediff(end: ColumnOrName, start: ColumnOrName) -> Column:
    """Returns the number of days from `start` to `end`.

    Parameters
    ----------
    end : :class:`~rillet.sql.Column` or column name
        to date column to work on.
    start : :class:`~rillet.sql.Column` or column name
        from date column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        difference in days between two dates.

    Examples
    --------
    >>> df = spark.createDataFrame([('2015-04-08','2015-05-10')], ['d1', 'd2'])
    >>> df.select('*', F.datediff('d1', 'd2')).show()
    +----------+----------+----------------+
    |        d1|        d2|datediff(d1, d2)|
    +----------+----------+----------------+
    |2015-04-08|2015-05-10|             -32|
    +----------+----------+----------------+

    >>> df.select('*', F.datediff(df.d2, df.d1)).show()
    +----------+----------+----------------+
    |        d1|        d2|datediff(d2, d1)|
    +----------+----------+----------------+
    |2015-04-08|2015-05-10|              32|
    +----------+----------+----------------+
    """
    return call("datediff", col_arg(end, "end"), col_arg(start, "start"))


def date_diff(end: ColumnOrName, start: ColumnOrName) -> Column:
    """Returns the number of days from `start` to `end`.

    Parameters
    ----------
    end : :class:`~rillet.sql.Column` or column name
        to date column to work on.
    start : :class:`~rillet.sql.Column` or column name
        from date column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        difference in days between two dates.

    Examples
    --------
    >>> df = spark.createDataFrame([("2015-04-08", "2015-05-10")], ["d1", "d2"])
    >>> df.select(F.date_diff("d1", "d2").alias("diff")).show()
    +----+
    |diff|
    +----+
    | -32|
    +----+
    """
    return call("date_diff", col_arg(end, "end"), col_arg(start, "start"))


def months_between(date1: ColumnOrName, date2: ColumnOrName, roundOff: bool = True) -> Column:  # noqa: N803
    """Returns number of months between dates date1 and date2.
    If date1 is later than date2, then the result is positive.
    A whole number is returned if both inputs have the same day of month or both are the last day
    of their respective months. Otherwise, the difference is calculated assuming 31 days per month.
    The result is rounded off to 8 digits unless `roundOff` is set to `False`.

    Parameters
    ----------
    date1 : :class:`~rillet.sql.Column` or column name
        first date column.
    date2 : :class:`~rillet.sql.Column` or column name
        second date column.
    roundOff : bool, optional
        whether to round (to 8 digits) the final value or not (default: True).

    Returns
    -------
    :class:`~rillet.sql.Column`
        number of months between two dates.

    Examples
    --------
    >>> df = spark.createDataFrame([('1997-02-28 10:30:00', '1996-10-30')], ['d1', 'd2'])
    >>> df.select('*', F.months_between(df.d1, df.d2)).show()
    +-------------------+----------+----------------------------+
    |                 d1|        d2|months_between(d1, d2, true)|
    +-------------------+----------+----------------------------+
    |1997-02-28 10:30:00|1996-10-30|                  3.94959677|
    +-------------------+----------+----------------------------+

    >>> df.select('*', F.months_between('d2', 'd1')).show()
    +-------------------+----------+----------------------------+
    |                 d1|        d2|months_between(d2, d1, true)|
    +-------------------+----------+----------------------------+
    |1997-02-28 10:30:00|1996-10-30|                 -3.94959677|
    +-------------------+----------+----------------------------+

    >>> df.select('*', F.months_between('d1', df.d2, False)).show()
    +-------------------+----------+-----------------------------+
    |                 d1|        d2|months_between(d1, d2, false)|
    +-------------------+----------+-----------------------------+
    |1997-02-28 10:30:00|1996-10-30|           3.9495967741935...|
    +-------------------+----------+-----------------------------+
    """
    return call("months_between", col_arg(date1, "date1"), col_arg(date2, "date2"),
                Literal.of(roundOff))


def add_months(start: ColumnOrName, months: Union[ColumnOrName, int]) -> Column:
    """Returns the date that is `months` months after `start`. If `months` is a negative value
    then these amount of months will be deducted from the `start`.

    Parameters
    ----------
    start : :class:`~rillet.sql.Column` or column name
        date column to work on.
    months : :class:`~rillet.sql.Column` or column name or int
        how many months after the given date to calculate.
        Accepts negative value as well to calculate backwards.

    Returns
    -------
    :class:`~rillet.sql.Column`
        a date after/before given number of months.

    Examples
    --------
    >>> df = spark.createDataFrame([("2015-04-08", 2)], ["dt", "add"])
    >>> df.select(F.add_months(df.dt, 1).alias("next"), F.add_months(df.dt, df.add.cast("int")).alias("later")).show()
    +----------+----------+
    |      next|     later|
    +----------+----------+
    |2015-05-08|2015-06-08|
    +----------+----------+
    """
    return call("add_months", col_arg(start, "start"), _to_expr(months))


def last_day(date: ColumnOrName) -> Column:
    """Returns the last day of the month which the given date belongs to.

    Parameters
    ----------
    date : :class:`~rillet.sql.Column` or column name
        target column to compute on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        last day of the month.

    Examples
    --------
    >>> df = spark.createDataFrame([('1997-02-10',)], ['dt'])
    >>> df.select('*', F.last_day(df.dt)).show()
    +----------+------------+
    |        dt|last_day(dt)|
    +----------+------------+
    |1997-02-10|  1997-02-28|
    +----------+------------+

    >>> df.select('*', F.last_day('dt')).show()
    +----------+------------+
    |        dt|last_day(dt)|
    +----------+------------+
    |1997-02-10|  1997-02-28|
    +----------+------------+
    """
    return call("last_day", col_arg(date, "date"))


def next_day(date: ColumnOrName, dayOfWeek: str) -> Column:  # noqa: N803
    """Returns the first date which is later than the value of the date column
    based on second `week day` argument.

    Parameters
    ----------
    date : :class:`~rillet.sql.Column` or column name
        target column to compute on.
    dayOfWeek : literal string
        day of the week, case-insensitive, accepts:
            "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"

    Returns
    -------
    :class:`~rillet.sql.Column`
        the column of computed results.

    Examples
    --------
    >>> df = spark.createDataFrame([('2015-07-27',)], ['dt'])
    >>> df.select('*', F.next_day(df.dt, 'Sun')).show()
    +----------+-----------------+
    |        dt|next_day(dt, Sun)|
    +----------+-----------------+
    |2015-07-27|       2015-08-02|
    +----------+-----------------+

    >>> df.select('*', F.next_day('dt', 'Sat')).show()
    +----------+-----------------+
    |        dt|next_day(dt, Sat)|
    +----------+-----------------+
    |2015-07-27|       2015-08-01|
    +----------+-----------------+
    """
    return call("next_day", col_arg(date, "date"), Literal.of(dayOfWeek))


def make_date(year: ColumnOrName, month: ColumnOrName, day: ColumnOrName) -> Column:
    """Returns a column with a date built from the year, month and day columns.

    Parameters
    ----------
    year : :class:`~rillet.sql.Column` or column name
        The year to build the date
    month : :class:`~rillet.sql.Column` or column name
        The month to build the date
    day : :class:`~rillet.sql.Column` or column name
        The day to build the date

    Returns
    -------
    :class:`~rillet.sql.Column`
        a date built from given parts.

    Examples
    --------
    >>> df = spark.createDataFrame([(2020, 6, 26)], ['Y', 'M', 'D'])
    >>> df.select('*', F.make_date(df.Y, 'M', df.D)).show()
    +----+---+---+------------------+
    |   Y|  M|  D|make_date(Y, M, D)|
    +----+---+---+------------------+
    |2020|  6| 26|        2020-06-26|
    +----+---+---+------------------+
    """
    return call("make_date", col_arg(year, "year"), col_arg(month, "month"), col_arg(day, "day"))


# --- fields --------------------------------------------------------------------------------


def year(col: ColumnOrName) -> Column:
    """Extract the year of a given date/timestamp as integer.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target date/timestamp column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        year part of the date/timestamp as integer.

    Examples
    --------
    >>> df = spark.createDataFrame([("2015-04-08",)], ["dt"])
    >>> df.select(F.year(F.to_date("dt")).alias("r")).show()
    +----+
    |   r|
    +----+
    |2015|
    +----+
    """
    return call("year", col_arg(col))


def quarter(col: ColumnOrName) -> Column:
    """Extract the quarter of a given date/timestamp as integer.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target date/timestamp column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        quarter of the date/timestamp as integer.

    Examples
    --------
    >>> df = spark.createDataFrame([("2015-04-08",)], ["dt"])
    >>> df.select(F.quarter(F.to_date("dt")).alias("r")).show()
    +---+
    |  r|
    +---+
    |  2|
    +---+
    """
    return call("quarter", col_arg(col))


def month(col: ColumnOrName) -> Column:
    """Extract the month of a given date/timestamp as integer.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target date/timestamp column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        month part of the date/timestamp as integer.

    Examples
    --------
    >>> df = spark.createDataFrame([("2015-04-08",)], ["dt"])
    >>> df.select(F.month(F.to_date("dt")).alias("r")).show()
    +---+
    |  r|
    +---+
    |  4|
    +---+
    """
    return call("month", col_arg(col))


def dayofmonth(col: ColumnOrName) -> Column:
    """Extract the day of the month of a given date/timestamp as integer.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target date/timestamp column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        day of the month for given date/timestamp as integer.

    Examples
    --------
    >>> df = spark.createDataFrame([("2015-04-08",)], ["dt"])
    >>> df.select(F.dayofmonth(F.to_date("dt")).alias("r")).show()
    +---+
    |  r|
    +---+
    |  8|
    +---+
    """
    return call("dayofmonth", col_arg(col))


def day(col: ColumnOrName) -> Column:
    """Extract the day of the month of a given date/timestamp as integer.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target date/timestamp column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        day of the month for given date/timestamp as integer.

    Examples
    --------
    >>> df = spark.createDataFrame([("2015-04-08",)], ["dt"])
    >>> df.select(F.day(F.to_date("dt")).alias("r")).show()
    +---+
    |  r|
    +---+
    |  8|
    +---+
    """
    return call("day", col_arg(col))


def dayofweek(col: ColumnOrName) -> Column:
    """Extract the day of the week of a given date/timestamp as integer.
    Ranges from 1 for a Sunday through to 7 for a Saturday

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target date/timestamp column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        day of the week for given date/timestamp as integer.

    Examples
    --------
    >>> df = spark.createDataFrame([("2015-04-08",)], ["dt"])
    >>> df.select(F.dayofweek(F.to_date("dt")).alias("r")).show()
    +---+
    |  r|
    +---+
    |  4|
    +---+
    """
    return call("dayofweek", col_arg(col))


def dayofyear(col: ColumnOrName) -> Column:
    """Extract the day of the year of a given date/timestamp as integer.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target date/timestamp column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        day of the year for given date/timestamp as integer.

    Examples
    --------
    >>> df = spark.createDataFrame([("2015-04-08",)], ["dt"])
    >>> df.select(F.dayofyear(F.to_date("dt")).alias("r")).show()
    +---+
    |  r|
    +---+
    | 98|
    +---+
    """
    return call("dayofyear", col_arg(col))


def weekday(col: ColumnOrName) -> Column:
    """Returns the day of the week for date/timestamp (0 = Monday, 1 = Tuesday, ..., 6 = Sunday).

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target date/timestamp column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the day of the week for date/timestamp (0 = Monday, 1 = Tuesday, ..., 6 = Sunday).

    Examples
    --------
    >>> df = spark.createDataFrame([("2015-04-08",)], ["dt"])
    >>> df.select(F.weekday(F.to_date("dt")).alias("r")).show()
    +---+
    |  r|
    +---+
    |  2|
    +---+
    """
    return call("weekday", col_arg(col))


def weekofyear(col: ColumnOrName) -> Column:
    """Extract the week number of a given date as integer.
    A week is considered to start on a Monday and week 1 is the first week with more than 3 days,
    as defined by ISO 8601

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target timestamp column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        `week` of the year for given date as integer.

    Examples
    --------
    >>> df = spark.createDataFrame([("2015-04-08",)], ["dt"])
    >>> df.select(F.weekofyear(F.to_date("dt")).alias("r")).show()
    +---+
    |  r|
    +---+
    | 15|
    +---+
    """
    return call("weekofyear", col_arg(col))


def hour(col: ColumnOrName) -> Column:
    """Extract the hours of a given timestamp as integer.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target date/timestamp column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        hour part of the timestamp as integer.

    Examples
    --------
    >>> df = spark.createDataFrame([("2015-04-08 13:08:15",)], ["ts"])
    >>> df.select(F.hour(F.to_timestamp("ts")).alias("r")).show()
    +---+
    |  r|
    +---+
    | 13|
    +---+
    """
    return call("hour", col_arg(col))


def minute(col: ColumnOrName) -> Column:
    """Extract the minutes of a given timestamp as integer.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target date/timestamp column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        minutes part of the timestamp as integer.

    Examples
    --------
    >>> df = spark.createDataFrame([("2015-04-08 13:08:15",)], ["ts"])
    >>> df.select(F.minute(F.to_timestamp("ts")).alias("r")).show()
    +---+
    |  r|
    +---+
    |  8|
    +---+
    """
    return call("minute", col_arg(col))


def second(col: ColumnOrName) -> Column:
    """Extract the seconds of a given date as integer.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or column name
        target date/timestamp column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        `seconds` part of the timestamp as integer.

    Examples
    --------
    >>> df = spark.createDataFrame([("2015-04-08 13:08:15",)], ["ts"])
    >>> df.select(F.second(F.to_timestamp("ts")).alias("r")).show()
    +---+
    |  r|
    +---+
    | 15|
    +---+
    """
    return call("second", col_arg(col))


# --- time zones ----------------------------------------------------------------------------


def from_utc_timestamp(timestamp: ColumnOrName, tz: Union[Column, str]) -> Column:
    """This is a common function for databases supporting TIMESTAMP WITHOUT TIMEZONE. This function
    takes a timestamp which is timezone-agnostic, and interprets it as a timestamp in UTC, and
    renders that timestamp as a timestamp in the given time zone.

    However, timestamp in Spark represents number of microseconds from the Unix epoch, which is not
    timezone-agnostic. So in Spark this function just shift the timestamp value from UTC timezone to
    the given timezone.

    This function may return confusing result if the input is a string with timezone, e.g.
    '2018-03-13T06:18:23+00:00'. The reason is that, Spark firstly cast the string to timestamp
    according to the timezone in the string, and finally display the result by converting the
    timestamp to string according to the session local timezone.

    Parameters
    ----------
    timestamp : :class:`~rillet.sql.Column` or column name
        the column that contains timestamps
    tz : :class:`~rillet.sql.Column` or literal string
        A string detailing the time zone ID that the input should be adjusted to. It should
        be in the format of either region-based zone IDs or zone offsets. Region IDs must
        have the form 'area/city', such as 'America/Los_Angeles'. Zone offsets must be in
        the format '(+|-)HH:mm', for example '-08:00' or '+01:00'. Also 'UTC' and 'Z' are
        supported as aliases of '+00:00'. Other short names are not recommended to use
        because they can be ambiguous.

           `tz` can take a :class:`~rillet.sql.Column` containing timezone ID strings.

    Returns
    -------
    :class:`~rillet.sql.Column`
        timestamp value represented in given timezone.

    Examples
    --------
    >>> df = spark.createDataFrame([("1997-02-28 10:30:00",)], ["ts"])
    >>> df.select(F.from_utc_timestamp(df.ts, "PST").alias("local_time")).show()
    +-------------------+
    |         local_time|
    +-------------------+
    |1997-02-28 02:30:00|
    +-------------------+
    """
    return call("from_utc_timestamp", col_arg(timestamp, "timestamp"), _to_expr(tz))


def to_utc_timestamp(timestamp: ColumnOrName, tz: Union[Column, str]) -> Column:
    """This is a common function for databases supporting TIMESTAMP WITHOUT TIMEZONE. This function
    takes a timestamp which is timezone-agnostic, and interprets it as a timestamp in the given
    timezone, and renders that timestamp as a timestamp in UTC.

    However, timestamp in Spark represents number of microseconds from the Unix epoch, which is not
    timezone-agnostic. So in Spark this function just shift the timestamp value from the given
    timezone to UTC timezone.

    This function may return confusing result if the input is a string with timezone, e.g.
    '2018-03-13T06:18:23+00:00'. The reason is that, Spark firstly cast the string to timestamp
    according to the timezone in the string, and finally display the result by converting the
    timestamp to string according to the session local timezone.

    Parameters
    ----------
    timestamp : :class:`~rillet.sql.Column` or column name
        the column that contains timestamps
    tz : :class:`~rillet.sql.Column` or literal string
        A string detailing the time zone ID that the input should be adjusted to. It should
        be in the format of either region-based zone IDs or zone offsets. Region IDs must
        have the form 'area/city', such as 'America/Los_Angeles'. Zone offsets must be in
        the format '(+|-)HH:mm', for example '-08:00' or '+01:00'. Also 'UTC' and 'Z' are
        supported as aliases of '+00:00'. Other short names are not recommended to use
        because they can be ambiguous.

           `tz` can take a :class:`~rillet.sql.Column` containing timezone ID strings.

    Returns
    -------
    :class:`~rillet.sql.Column`
        timestamp value represented in UTC timezone.

    Examples
    --------
    >>> df = spark.createDataFrame([("1997-02-28 10:30:00",)], ["ts"])
    >>> df.select(F.to_utc_timestamp(df.ts, "PST").alias("utc_time")).show()
    +-------------------+
    |           utc_time|
    +-------------------+
    |1997-02-28 18:30:00|
    +-------------------+
    """
    return call("to_utc_timestamp", col_arg(timestamp, "timestamp"), _to_expr(tz))


def dayname(col: ColumnOrName) -> Column:
    """Date and Timestamp Function: Returns the three-letter abbreviated day name from the given date.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        target date/timestamp column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the three-letter abbreviation of day name for date/timestamp (Mon, Tue, Wed...)

    Examples
    --------
    >>> import datetime
    >>> df = spark.createDataFrame([(datetime.date(2015, 4, 8),)], ['dt'])
    >>> df.select("*", F.dayname("dt")).show()
    +----------+-----------+
    |        dt|dayname(dt)|
    +----------+-----------+
    |2015-04-08|        Wed|
    +----------+-----------+
    """
    return call("dayname", col_arg(col))


def monthname(col: ColumnOrName) -> Column:
    """Returns the three-letter abbreviated month name from the given date.

    Parameters
    ----------
    col : :class:`~rillet.sql.Column` or str
        target date/timestamp column to work on.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the three-letter abbreviation of month name for date/timestamp (Jan, Feb, Mar...)

    Examples
    --------
    >>> import datetime
    >>> df = spark.createDataFrame([(datetime.date(2015, 4, 8),)], ['dt'])
    >>> df.select("*", F.monthname("dt")).show()
    +----------+-------------+
    |        dt|monthname(dt)|
    +----------+-------------+
    |2015-04-08|          Apr|
    +----------+-------------+
    """
    return call("monthname", col_arg(col))


def date_part(field: Column, source: ColumnOrName) -> Column:
    """Extracts a part of the date/timestamp or interval source.

    Parameters
    ----------
    field : :class:`~rillet.sql.Column`
        selects which part of the source should be extracted, and supported string values
        are as same as the fields of the equivalent function `extract`.
    source : :class:`~rillet.sql.Column` or column name
        a date/timestamp or interval column from where `field` should be extracted.

    Returns
    -------
    :class:`~rillet.sql.Column`
        a part of the date/timestamp or interval source.

    Examples
    --------
    >>> import datetime
    >>> df = spark.createDataFrame([(datetime.datetime(2015, 4, 8, 13, 8, 15),)], ['ts'])
    >>> df.select(
    ...     '*',
    ...     F.date_part(F.lit('YEAR'), 'ts').alias('year'),
    ...     F.date_part(F.lit('month'), 'ts').alias('month'),
    ...     F.date_part(F.lit('WEEK'), 'ts').alias('week'),
    ...     F.date_part(F.lit('D'), df.ts).alias('day'),
    ...     F.date_part(F.lit('M'), df.ts).alias('minute'),
    ...     F.date_part(F.lit('S'), df.ts).alias('second')
    ... ).show()
    +-------------------+----+-----+----+---+------+---------+
    |                 ts|year|month|week|day|minute|   second|
    +-------------------+----+-----+----+---+------+---------+
    |2015-04-08 13:08:15|2015|    4|  15|  8|     8|15.000000|
    +-------------------+----+-----+----+---+------+---------+
    """
    return call("date_part", col_arg(field, "field"), col_arg(source, "source"))


def datepart(field: Column, source: ColumnOrName) -> Column:
    """Extracts a part of the date/timestamp or interval source (the same as :func:`date_part`).

    Parameters
    ----------
    field : :class:`~rillet.sql.Column`
        selects which part of the source should be extracted.
    source : :class:`~rillet.sql.Column` or column name
        a date/timestamp or interval column from where `field` should be extracted.

    Returns
    -------
    :class:`~rillet.sql.Column`
        a part of the date/timestamp or interval source.

    Examples
    --------
    >>> import datetime
    >>> df = spark.createDataFrame([(datetime.datetime(2015, 4, 8, 13, 8, 15),)], ['ts'])
    >>> df.select(F.datepart(F.lit('YEAR'), 'ts').alias('year'), F.datepart(F.lit('DOW'), 'ts').alias('dow')).show()
    +----+---+
    |year|dow|
    +----+---+
    |2015|  4|
    +----+---+
    """
    return call("datepart", col_arg(field, "field"), col_arg(source, "source"))


def extract(field: Column, source: ColumnOrName) -> Column:
    """Extracts a part of the date/timestamp or interval source.

    Parameters
    ----------
    field : :class:`~rillet.sql.Column`
        selects which part of the source should be extracted.
    source : :class:`~rillet.sql.Column` or column name
        a date/timestamp or interval column from where `field` should be extracted.

    Returns
    -------
    :class:`~rillet.sql.Column`
        a part of the date/timestamp or interval source.

    Examples
    --------
    >>> import datetime
    >>> df = spark.createDataFrame([(datetime.datetime(2015, 4, 8, 13, 8, 15),)], ['ts'])
    >>> df.select(F.extract(F.lit('HOUR'), 'ts').alias('hour'), F.extract(F.lit('DOY'), 'ts').alias('doy')).show()
    +----+---+
    |hour|doy|
    +----+---+
    |  13| 98|
    +----+---+
    """
    return call("extract", col_arg(field, "field"), col_arg(source, "source"))


def make_timestamp(
    years: ColumnOrName,
    months: ColumnOrName,
    days: ColumnOrName,
    hours: ColumnOrName,
    mins: ColumnOrName,
    secs: ColumnOrName,
    timezone: Optional[ColumnOrName] = None,
) -> Column:
    """Create timestamp from years, months, days, hours, mins, secs and timezone fields.
    The result data type is consistent with the value of configuration `spark.sql.timestampType`.
    If the configuration `spark.sql.ansi.enabled` is false, the function returns NULL
    on invalid inputs. Otherwise, it will throw an error instead.

    Parameters
    ----------
    years : :class:`~rillet.sql.Column` or column name
        The year to represent, from 1 to 9999
    months : :class:`~rillet.sql.Column` or column name
        The month-of-year to represent, from 1 (January) to 12 (December)
    days : :class:`~rillet.sql.Column` or column name
        The day-of-month to represent, from 1 to 31
    hours : :class:`~rillet.sql.Column` or column name
        The hour-of-day to represent, from 0 to 23
    mins : :class:`~rillet.sql.Column` or column name
        The minute-of-hour to represent, from 0 to 59
    secs : :class:`~rillet.sql.Column` or column name
        The second-of-minute and its micro-fraction to represent, from 0 to 60.
        The value can be either an integer like 13 , or a fraction like 13.123.
        If the sec argument equals to 60, the seconds field is set
        to 0 and 1 minute is added to the final timestamp.
    timezone : :class:`~rillet.sql.Column` or column name, optional
        The time zone identifier. For example, CET, UTC and etc.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column that contains a timestamp.

    Examples
    --------
    >>> spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    >>> df = spark.createDataFrame([[2014, 12, 28, 6, 30, 45.887, 'CET']],
    ...     ['year', 'month', 'day', 'hour', 'min', 'sec', 'tz'])
    >>> df.select(
    ...     F.make_timestamp(df.year, df.month, df.day, 'hour', df.min, df.sec, F.lit('CET'))
    ... ).show(truncate=False)
    +-----------------------------------------------------+
    |make_timestamp(year, month, day, hour, min, sec, CET)|
    +-----------------------------------------------------+
    |2014-12-27 21:30:45.887                              |
    +-----------------------------------------------------+
    >>> spark.conf.unset("spark.sql.session.timeZone")
    """
    cols = [col_arg(c, n) for c, n in ((years, "years"), (months, "months"), (days, "days"), (hours, "hours"),
                                       (mins, "mins"), (secs, "secs"))]
    if timezone is not None:
        cols.append(col_arg(timezone, "timezone"))
    return call("make_timestamp", *cols)


def make_timestamp_ntz(
    years: ColumnOrName,
    months: ColumnOrName,
    days: ColumnOrName,
    hours: ColumnOrName,
    mins: ColumnOrName,
    secs: ColumnOrName,
) -> Column:
    """Create local date-time from years, months, days, hours, mins, secs fields.
    If the configuration `spark.sql.ansi.enabled` is false, the function returns NULL
    on invalid inputs. Otherwise, it will throw an error instead.

    Parameters
    ----------
    years : :class:`~rillet.sql.Column` or column name
        The year to represent, from 1 to 9999
    months : :class:`~rillet.sql.Column` or column name
        The month-of-year to represent, from 1 (January) to 12 (December)
    days : :class:`~rillet.sql.Column` or column name
        The day-of-month to represent, from 1 to 31
    hours : :class:`~rillet.sql.Column` or column name
        The hour-of-day to represent, from 0 to 23
    mins : :class:`~rillet.sql.Column` or column name
        The minute-of-hour to represent, from 0 to 59
    secs : :class:`~rillet.sql.Column` or column name
        The second-of-minute and its micro-fraction to represent, from 0 to 60.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column that contains a local date-time (timestamp_ntz).

    Examples
    --------
    >>> df = spark.createDataFrame([[2014, 12, 28, 6, 30, 45.887]],
    ...     ['year', 'month', 'day', 'hour', 'min', 'sec'])
    >>> df.select(
    ...     F.make_timestamp_ntz('year', 'month', df.day, df.hour, df.min, df.sec)
    ... ).show(truncate=False)
    +----------------------------------------------------+
    |make_timestamp_ntz(year, month, day, hour, min, sec)|
    +----------------------------------------------------+
    |2014-12-28 06:30:45.887                             |
    +----------------------------------------------------+
    """
    cols = [col_arg(c, n) for c, n in ((years, "years"), (months, "months"), (days, "days"), (hours, "hours"),
                                       (mins, "mins"), (secs, "secs"))]
    return call("make_timestamp_ntz", *cols)


def convert_timezone(sourceTz: Optional[Column], targetTz: Column, sourceTs: ColumnOrName) -> Column:
    """Converts the timestamp without time zone `sourceTs`
    from the `sourceTz` time zone to `targetTz`.

    Parameters
    ----------
    sourceTz : :class:`~rillet.sql.Column`, optional
        The time zone for the input timestamp. If it is missed,
        the current session time zone is used as the source time zone.
    targetTz : :class:`~rillet.sql.Column`
        The time zone to which the input timestamp should be converted.
    sourceTs : :class:`~rillet.sql.Column` or column name
        A timestamp without time zone.

    Returns
    -------
    :class:`~rillet.sql.Column`
        A new column that contains a timestamp for converted time zone.

    Examples
    --------
    >>> df = spark.createDataFrame([('2015-04-08 00:00:00',)], ['ts'])
    >>> df.select(
    ...     '*', F.convert_timezone(F.lit('Asia/Hong_Kong'), F.lit('America/Los_Angeles'), 'ts')
    ... ).show(truncate=False)
    +-------------------+---------------------------------------------------------+
    |ts                 |convert_timezone(Asia/Hong_Kong, America/Los_Angeles, ts)|
    +-------------------+---------------------------------------------------------+
    |2015-04-08 00:00:00|2015-04-07 09:00:00                                      |
    +-------------------+---------------------------------------------------------+
    """
    if sourceTz is None:
        return call("convert_timezone", col_arg(targetTz, "targetTz"), col_arg(sourceTs, "sourceTs"))
    return call("convert_timezone", col_arg(sourceTz, "sourceTz"), col_arg(targetTz, "targetTz"),
                col_arg(sourceTs, "sourceTs"))


def timestamp_add(unit: str, quantity: ColumnOrName, ts: ColumnOrName) -> Column:
    """Gets the difference between the timestamps in the specified units by truncating
    the fraction part (the timestamp `ts` moved by `quantity` `unit`\\s).

    Parameters
    ----------
    unit : str
        This indicates the units of the difference between the given timestamps.
        Supported options are (case insensitive): "YEAR", "QUARTER", "MONTH", "WEEK",
        "DAY", "HOUR", "MINUTE", "SECOND", "MILLISECOND" and "MICROSECOND".
    quantity : :class:`~rillet.sql.Column` or column name
        The number of units of time that you want to add.
    ts : :class:`~rillet.sql.Column` or column name
        A timestamp to which you want to add.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the timestamp moved.

    Examples
    --------
    >>> import datetime
    >>> df = spark.createDataFrame(
    ...     [(datetime.datetime(2016, 3, 11, 9, 0, 7), 2),
    ...      (datetime.datetime(2024, 4, 2, 9, 0, 7), 3)], ['ts', 'quantity'])
    >>> df.select('*', F.timestamp_add('year', 'quantity', 'ts')).show()
    +-------------------+--------+--------------------------------+
    |                 ts|quantity|timestampadd(year, quantity, ts)|
    +-------------------+--------+--------------------------------+
    |2016-03-11 09:00:07|       2|             2018-03-11 09:00:07|
    |2024-04-02 09:00:07|       3|             2027-04-02 09:00:07|
    +-------------------+--------+--------------------------------+
    """
    return call("timestampadd", Literal.of(unit), col_arg(quantity, "quantity"), col_arg(ts, "ts"))


def timestamp_diff(unit: str, start: ColumnOrName, end: ColumnOrName) -> Column:
    """Gets the difference between the timestamps in the specified units by truncating
    the fraction part.

    Parameters
    ----------
    unit : str
        This indicates the units of the difference between the given timestamps.
        Supported options are (case insensitive): "YEAR", "QUARTER", "MONTH", "WEEK",
        "DAY", "HOUR", "MINUTE", "SECOND", "MILLISECOND" and "MICROSECOND".
    start : :class:`~rillet.sql.Column` or column name
        A timestamp which the expression subtracts from `endTimestamp`.
    end : :class:`~rillet.sql.Column` or column name
        A timestamp from which the expression subtracts `startTimestamp`.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the difference between the timestamps.

    Examples
    --------
    >>> import datetime
    >>> df = spark.createDataFrame(
    ...     [(datetime.datetime(2016, 3, 11, 9, 0, 7), datetime.datetime(2024, 4, 2, 9, 0, 7))],
    ...     ['ts1', 'ts2'])
    >>> df.select('*', F.timestamp_diff('year', 'ts1', 'ts2')).show()
    +-------------------+-------------------+-----------------------------+
    |                ts1|                ts2|timestampdiff(year, ts1, ts2)|
    +-------------------+-------------------+-----------------------------+
    |2016-03-11 09:00:07|2024-04-02 09:00:07|                            8|
    +-------------------+-------------------+-----------------------------+
    """
    return call("timestampdiff", Literal.of(unit), col_arg(start, "start"), col_arg(end, "end"))
