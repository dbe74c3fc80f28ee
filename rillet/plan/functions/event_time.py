"""Event-time windows: ``window``, ``window_time`` (``session_window`` is planned).

``window(ts, windowDuration[, slideDuration[, startTime]])`` is a struct
``<start, end>``. A tumbling window is one struct per row; a sliding window puts
each row into every window that covers it, so the analyzer rewrites it into an
explode of ``__sliding_windows`` (Spark's TimeWindowing rule does the same).
"""

from __future__ import annotations

from collections.abc import Sequence

from rillet.plan import types as T
from rillet.plan.registry import FunctionSpec, declare, unexpected_input_type


def window_struct(ts_type: T.DataType) -> T.StructType:
    t = ts_type if isinstance(ts_type, T.TimestampNTZType) else T.TimestampType()
    return T.StructType([T.StructField("start", t, True), T.StructField("end", t, True)])


def _arg_sql(arg: object) -> str:
    return f'"{getattr(arg, "sql", lambda: "?")()}"'


def _window_type(types: list[T.DataType], args: Sequence[object]) -> T.DataType:
    if not isinstance(types[0], (T.TimestampType, T.TimestampNTZType, T.DateType, T.NullType)):
        raise unexpected_input_type(
            '"window"', 0, '("TIMESTAMP" or "TIMESTAMP_NTZ")', _arg_sql(args[0]), types[0]
        )
    return window_struct(types[0])


def _sliding_type(types: list[T.DataType], args: Sequence[object]) -> T.DataType:
    return T.ArrayType(_window_type(types, args), False)


def _window_time_type(types: list[T.DataType], args: Sequence[object]) -> T.DataType:
    t = types[0]
    if isinstance(t, T.StructType) and [f.name for f in t.fields] == ["start", "end"]:
        return t.fields[1].dataType
    raise unexpected_input_type(
        '"window_time"', 0, '"STRUCT<start: TIMESTAMP, end: TIMESTAMP>"', _arg_sql(args[0]), t
    )


declare(FunctionSpec("window", "scalar", _window_type, 2, 4, never_nullable=True,
                     renderer=lambda call, r: "window"))
declare(FunctionSpec("__sliding_windows", "scalar", _sliding_type, 4, 4, always_nullable=True,
                     renderer=lambda call, r: "window"))
declare(FunctionSpec("window_time", "scalar", _window_time_type, 1, 1, always_nullable=True,
                     renderer=lambda call, r: f"window_time({r(call.args[0])})"))


def _session_type(types: list[T.DataType], args: Sequence[object]) -> T.DataType:
    return _window_type(types[:1], args)


declare(FunctionSpec("session_window", "scalar", _session_type, 2, 2, never_nullable=True,
                     renderer=lambda call, r: "session_window"))
