"""``rate`` source: ``rowsPerSecond`` rows a second of (timestamp, value), like Spark's.

Offsets are whole seconds since the source was created; batch ``(s0, s1]`` holds
the values ``valueAtSecond(s0) .. valueAtSecond(s1) - 1``, each stamped evenly
across its second. The creation time is kept under the source's checkpoint
folder, so a restarted query regenerates exactly the same rows for the same
offsets.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import numpy as np
import pyarrow as pa

from rillet.connectors.base import (
    Offset,
    OptionSpec,
    Provider,
    ReadLimit,
    Source,
    SourceContext,
    recorded_at_first_start,
)
from rillet.errors import IllegalArgumentException

_SCHEMA = pa.schema([pa.field("timestamp", pa.timestamp("us", tz="UTC")), pa.field("value", pa.int64())])


def _seconds(text: str | None, key: str) -> int:
    if text is None:
        return 0
    t = text.strip().lower()
    for suffix, mult in (("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)):
        if t.endswith(suffix) and t[: -len(suffix)].strip().replace(".", "", 1).isdigit():
            return int(float(t[: -len(suffix)]) * mult)
    if t.isdigit():
        return int(t)
    raise IllegalArgumentException(f"Invalid value '{text}' for option '{key}' of source 'rate'.")


def value_at_second(seconds: int, rows_per_second: int, ramp_up: int) -> int:
    """Spark's RateStreamProvider.valueAtSecond: a linear ramp-up, then steady."""
    speed_delta_per_second = rows_per_second / (ramp_up + 1)
    if seconds <= ramp_up:
        return int(round(seconds * (seconds + 1) / 2 * speed_delta_per_second))
    ramp_rows = int(round(ramp_up * (ramp_up + 1) / 2 * speed_delta_per_second))
    return ramp_rows + (seconds - ramp_up) * rows_per_second


class RateSource(Source):
    name = "rate"

    @staticmethod
    def source_schema(options: dict[str, str], user_schema: pa.Schema | None) -> pa.Schema:
        if user_schema is not None:
            from rillet.errors import AnalysisException

            raise AnalysisException("The rate source does not support a user-specified schema.")
        return _SCHEMA

    def __init__(self, ctx: SourceContext, options: Mapping[str, Any] | None = None) -> None:
        """``options``: the typed options :data:`RATE` parsed (parsed here when not given)."""
        opts = RATE.parse_options(ctx.options) if options is None else options
        self.rows_per_second = int(opts["rowsPerSecond"])
        self.ramp_up = _seconds(opts["rampUpTime"], "rampUpTime")
        self.creation_ms = self._creation_time(ctx.metadata_path)
        self._available_now_end: int | None = None

    @staticmethod
    def _creation_time(metadata_path: str) -> int:
        return int(recorded_at_first_start(metadata_path, lambda: int(time.time() * 1000)))

    def schema(self) -> pa.Schema:
        return _SCHEMA

    def initial_offset(self) -> Offset:
        return 0

    def prepare_for_available_now(self) -> None:
        self._available_now_end = (int(time.time() * 1000) - self.creation_ms) // 1000

    def latest_offset(self, start: Offset, limit: ReadLimit) -> Offset:
        now = int(time.time() * 1000)
        latest = (now - self.creation_ms) // 1000
        end = self._available_now_end
        return max(int(start), latest if end is None else min(latest, end))

    def get_batch(self, start: Offset, end: Offset) -> pa.Table:
        s0, s1 = int(start), int(end)
        lo = value_at_second(s0, self.rows_per_second, self.ramp_up)
        hi = value_at_second(s1, self.rows_per_second, self.ramp_up)
        values = np.arange(lo, hi, dtype=np.int64)
        if hi > lo:
            start_ms = self.creation_ms + s0 * 1000
            ms_per_value = (s1 - s0) * 1000 / (hi - lo)
            offsets = np.floor((values - lo) * ms_per_value + 0.5).astype(np.int64)
            micros = (start_ms + offsets) * 1000
        else:
            micros = np.array([], dtype=np.int64)
        return pa.Table.from_arrays(
            [pa.array(micros, type=pa.int64()).cast(_SCHEMA.field(0).type), pa.array(values)],
            schema=_SCHEMA,
        )

    def description(self) -> str:
        return (
            f"RateStreamV2[rowsPerSecond={self.rows_per_second}, "
            f"rampUpTimeSeconds={self.ramp_up}, numPartitions=default"
        )

    def reports_available_now(self) -> bool:
        return True


class RatePerMicroBatchSource(Source):
    """``rate-micro-batch``: exactly ``rowsPerBatch`` rows per micro-batch, whatever the
    trigger; batch ``i`` holds the values ``[i * rowsPerBatch, (i + 1) * rowsPerBatch)``,
    all stamped ``startTimestamp + i * advanceMillisPerBatch``. The offset is the next
    value (Spark's ``RatePerMicroBatchStream``), so replays are exact."""

    name = "rate-micro-batch"

    @staticmethod
    def source_schema(options: dict[str, str], user_schema: pa.Schema | None) -> pa.Schema:
        return RateSource.source_schema(options, user_schema)

    def __init__(self, ctx: SourceContext, options: Mapping[str, Any] | None = None) -> None:
        """``options``: the typed options :data:`RATE_MICRO_BATCH` parsed (parsed here when not given)."""
        opts = RATE_MICRO_BATCH.parse_options(ctx.options) if options is None else options
        self.rows = int(opts["rowsPerBatch"])
        self.start_ms = int(opts["startTimestamp"])
        self.advance_ms = int(opts["advanceMillisPerBatch"])
        self._available_now = False
        self._available_now_end: int | None = None

    def schema(self) -> pa.Schema:
        return _SCHEMA

    def initial_offset(self) -> Offset:
        return 0

    def prepare_for_available_now(self) -> None:
        self._available_now = True

    def latest_offset(self, start: Offset, limit: ReadLimit) -> Offset:
        if self._available_now:
            # Spark's RatePerMicroBatchStream under availableNow: one more batch, then the
            # end stays where it is, so the query stops
            if self._available_now_end is None:
                self._available_now_end = int(start) + self.rows
            return max(int(start), self._available_now_end)
        return int(start) + self.rows

    def get_batch(self, start: Offset, end: Offset) -> pa.Table:
        lo, hi = int(start), int(end)
        values = np.arange(lo, hi, dtype=np.int64)
        stamp_ms = self.start_ms + (lo // self.rows) * self.advance_ms
        micros = np.full(len(values), stamp_ms * 1000, dtype=np.int64)
        return pa.Table.from_arrays(
            [pa.array(micros, type=pa.int64()).cast(_SCHEMA.field(0).type), pa.array(values)], schema=_SCHEMA
        )

    def description(self) -> str:
        return (
            f"RatePerMicroBatchStream[rowsPerBatch={self.rows}, numPartitions=default, "
            f"startTimestamp={self.start_ms}, advanceMillisPerBatch={self.advance_ms}]"
        )

    def reports_available_now(self) -> bool:
        return True


def _positive(key: str) -> Any:
    def check(value: int | None) -> None:
        if value is None or value <= 0:
            raise IllegalArgumentException(f"Invalid value '{value}'. The option '{key}' must be positive")

    return check


def _duration(value: str | None) -> None:
    _seconds(value, "rampUpTime")


class _RateProvider(Provider):
    fixed_schema = True
    source_class: type[RateSource] | type[RatePerMicroBatchSource] = RateSource

    def source_schema(self, options: Mapping[str, str], user_schema: pa.Schema | None,
                      path: str | None, conf: Mapping[str, Any]) -> pa.Schema:
        return self.source_class.source_schema(dict(options), user_schema)

    def source(self, ctx: SourceContext) -> Source:
        return self.source_class(ctx, self.parse_options(ctx.options))


class RateProvider(_RateProvider):
    """``rate``: ``rowsPerSecond`` rows a second (after ``rampUpTime``)."""

    name = "rate"
    options = (OptionSpec("rowsPerSecond", int, 1, check=_positive("rowsPerSecond")),
               OptionSpec("rampUpTime", check=_duration), OptionSpec("numPartitions", int, 1, minimum=1))
    source_class = RateSource


class RatePerMicroBatchProvider(_RateProvider):
    """``rate-micro-batch``: ``rowsPerBatch`` rows a batch, whatever the trigger."""

    name = "rate-micro-batch"
    options = (OptionSpec("rowsPerBatch", int, check=_positive("rowsPerBatch")),
               OptionSpec("startTimestamp", int, 0, minimum=0),
               OptionSpec("advanceMillisPerBatch", int, 1000, minimum=0),
               OptionSpec("numPartitions", int, 1, minimum=1))
    source_class = RatePerMicroBatchSource


RATE = RateProvider()
RATE_MICRO_BATCH = RatePerMicroBatchProvider()
