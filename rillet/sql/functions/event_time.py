"""Event-time window functions: ``window``, ``window_time``."""

from __future__ import annotations

from typing import Any, Optional, Union

from rillet.errors import PySparkTypeError
from rillet.plan.expressions.core import Literal
from rillet.sql._typing import ColumnOrName
from rillet.sql.column import Column
from rillet.sql.functions._helpers import call, col_arg

__all__ = ["session_window", "window", "window_time"]


def _duration(value: Any, name: str) -> Literal:
    if not isinstance(value, str):
        raise PySparkTypeError(
            errorClass="NOT_STR", messageParameters={"arg_name": name, "arg_type": type(value).__name__}
        )
    return Literal.of(value)


def window(
    timeColumn: ColumnOrName,
    windowDuration: str,
    slideDuration: Optional[str] = None,
    startTime: Optional[str] = None,
) -> Column:  # noqa: N803
    """Bucketize rows into one or more time windows given a timestamp specifying column. Window
    starts are inclusive but the window ends are exclusive, e.g. 12:05 will be in the window
    [12:05,12:10) but not in [12:00,12:05). Windows can support microsecond precision. Windows in
    the order of months are not supported.

    The time column must be of :class:`rillet.sql.types.TimestampType`.

    Durations are provided as strings, e.g. '1 second', '1 day 12 hours', '2 minutes'. Valid
    interval strings are 'week', 'day', 'hour', 'minute', 'second', 'millisecond', 'microsecond'.
    If the ``slideDuration`` is not provided, the windows will be tumbling windows.

    The startTime is the offset with respect to 1970-01-01 00:00:00 UTC with which to start
    window intervals. For example, in order to have hourly tumbling windows that start 15 minutes
    past the hour, e.g. 12:15-13:15, 13:15-14:15... provide `startTime` as `15 minutes`.

    The output column will be a struct called 'window' by default with the nested columns 'start'
    and 'end', where 'start' and 'end' will be of :class:`rillet.sql.types.TimestampType`.

    Parameters
    ----------
    timeColumn : :class:`~rillet.sql.Column` or column name
        The column or the expression to use as the timestamp for windowing by time.
        The time column must be of TimestampType or TimestampNTZType.
    windowDuration : literal string
        A string specifying the width of the window, e.g. `10 minutes`,
        `1 second`. Check `org.apache.spark.unsafe.types.CalendarInterval` for
        valid duration identifiers. Note that the duration is a fixed length of
        time, and does not vary over time according to a calendar. For example,
        `1 day` always means 86,400,000 milliseconds, not a calendar day.
    slideDuration : literal string, optional
        A new window will be generated every `slideDuration`. Must be less than
        or equal to the `windowDuration`. Check
        `org.apache.spark.unsafe.types.CalendarInterval` for valid duration
        identifiers. This duration is likewise absolute, and does not vary
        according to a calendar.
    startTime : literal string, optional
        The offset with respect to 1970-01-01 00:00:00 UTC with which to start
        window intervals. For example, in order to have hourly tumbling windows that
        start 15 minutes past the hour, e.g. 12:15-13:15, 13:15-14:15... provide
        `startTime` as `15 minutes`.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the column for computed results.

    Examples
    --------
    >>> import datetime
    >>> df = spark.createDataFrame([(datetime.datetime(2016, 3, 11, 9, 0, 7), 1)], ['dt', 'v'])
    >>> df2 = df.groupBy(F.window('dt', '5 seconds')).agg(F.sum('v'))
    >>> df2.show(truncate=False)
    +------------------------------------------+------+
    |window                                    |sum(v)|
    +------------------------------------------+------+
    |{2016-03-11 09:00:05, 2016-03-11 09:00:10}|1     |
    +------------------------------------------+------+

    >>> df2.printSchema()
    root
     |-- window: struct (nullable = false)
     |    |-- start: timestamp (nullable = true)
     |    |-- end: timestamp (nullable = true)
     |-- sum(v): long (nullable = true)
    """
    args = [col_arg(timeColumn, "timeColumn"), _duration(windowDuration, "windowDuration")]
    if slideDuration is not None or startTime is not None:
        args.append(_duration(slideDuration, "slideDuration") if slideDuration is not None else Literal.of(None))
    if startTime is not None:
        args.append(_duration(startTime, "startTime"))
    return call("window", *args)


def window_time(windowColumn: ColumnOrName) -> Column:  # noqa: N803
    """Computes the event time from a window column. The column window values are produced
    by window aggregating operators and are of type `STRUCT<start: TIMESTAMP, end: TIMESTAMP>`
    where start is inclusive and end is exclusive. The event time of records produced by window
    aggregating operators can be computed as ``window_time(window)`` and are
    ``window.end - lit(1).alias("microsecond")`` (as microsecond is the minimal supported event
    time precision). The window column must be one produced by a window aggregating operator.

    Parameters
    ----------
    windowColumn : :class:`~rillet.sql.Column` or column name
        The window column of a window aggregate records.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the column for computed results.

    Examples
    --------
    >>> import datetime
    >>> df = spark.createDataFrame([(datetime.datetime(2016, 3, 11, 9, 0, 7), 1)], ['dt', 'v'])

    Group the data into 5 second time windows and aggregate as sum.

    >>> df2 = df.groupBy(F.window('dt', '5 seconds')).agg(F.sum('v'))

    Extract the window event time using the window_time function.

    >>> df2.select('*', F.window_time('window')).show(truncate=False)
    +------------------------------------------+------+--------------------------+
    |window                                    |sum(v)|window_time(window)       |
    +------------------------------------------+------+--------------------------+
    |{2016-03-11 09:00:05, 2016-03-11 09:00:10}|1     |2016-03-11 09:00:09.999999|
    +------------------------------------------+------+--------------------------+
    """
    return call("window_time", col_arg(windowColumn, "windowColumn"))


def session_window(timeColumn: ColumnOrName, gapDuration: Union[Column, str]) -> Column:  # noqa: N803
    """Generates session window given a timestamp specifying column.
    Session window is one of dynamic windows, which means the length of window is varying
    according to the given inputs. The length of session window is defined as "the timestamp
    of latest input of the session + gap duration", so when the new inputs are bound to the
    current session window, the end time of session window can be expanded according to the new
    inputs.
    Windows can support microsecond precision. Windows in the order of months are not supported.
    For a streaming query, you may use the function `current_timestamp` to generate windows on
    processing time.
    gapDuration is provided as strings, e.g. '1 second', '1 day 12 hours', '2 minutes'. Valid
    interval strings are 'week', 'day', 'hour', 'minute', 'second', 'millisecond', 'microsecond'.
    It could also be a Column which can be evaluated to gap duration dynamically based on the
    input row.
    The output column will be a struct called 'session_window' by default with the nested columns
    'start' and 'end', where 'start' and 'end' will be of :class:`rillet.sql.types.TimestampType`.

    Parameters
    ----------
    timeColumn : :class:`~rillet.sql.Column` or column name
        The column name or column to use as the timestamp for windowing by time.
        The time column must be of TimestampType or TimestampNTZType.
    gapDuration : :class:`~rillet.sql.Column` or literal string
        A Python string literal or column specifying the timeout of the session. It could be
        static value, e.g. `10 minutes`, `1 second`, or an expression/UDF that specifies gap
        duration dynamically based on the input row.

    Returns
    -------
    :class:`~rillet.sql.Column`
        the column for computed results.

    Examples
    --------
    >>> df = spark.createDataFrame([("2016-03-11 09:00:07", 1)], ["date", "val"])
    >>> w = df.groupBy(F.session_window(F.to_timestamp("date"), "5 seconds")).agg(F.sum("val").alias("sum"))
    >>> w.select(w.session_window.start.cast("string").alias("start"), w.session_window.end.cast("string").alias("end"), "sum").show()
    +-------------------+-------------------+---+
    |              start|                end|sum|
    +-------------------+-------------------+---+
    |2016-03-11 09:00:07|2016-03-11 09:00:12|  1|
    +-------------------+-------------------+---+
    """
    if isinstance(gapDuration, str):
        gap: Any = Literal.of(gapDuration)
    elif isinstance(gapDuration, Column):
        gap = gapDuration._expr
    else:
        raise PySparkTypeError(
            errorClass="NOT_COLUMN_OR_STR",
            messageParameters={"arg_name": "gapDuration", "arg_type": type(gapDuration).__name__},
        )
    return call("session_window", col_arg(timeColumn, "timeColumn"), gap)
