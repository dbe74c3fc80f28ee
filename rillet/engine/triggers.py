"""Triggers: when the next micro-batch runs (Spark's ``Trigger``)."""

from __future__ import annotations

from dataclasses import dataclass

from rillet.errors import IllegalArgumentException, PySparkValueError
from rillet.plan.intervals import parse_interval_ms


@dataclass(frozen=True)
class Trigger:
    pass


@dataclass(frozen=True)
class ProcessingTime(Trigger):
    """Run a batch every ``interval_ms`` (0: as soon as the previous one finishes)."""

    interval_ms: int = 0


@dataclass(frozen=True)
class Once(Trigger):
    """One batch with everything available, then stop (deprecated in Spark; still works)."""


@dataclass(frozen=True)
class AvailableNow(Trigger):
    """Everything available at start, in as many batches as the sources' limits need, then stop."""


def parse_trigger(
    processingTime: str | None = None,
    once: bool | None = None,
    continuous: str | None = None,
    availableNow: bool | None = None,
) -> Trigger:
    given = [x for x in (processingTime, once, continuous, availableNow) if x is not None]
    if len(given) > 1:
        raise PySparkValueError(errorClass="ONLY_ONE_TRIGGER_ALLOWED", messageParameters={})
    if not given:
        raise PySparkValueError(
            "[ONLY_ALLOW_SINGLE_TRIGGER] Only a single trigger is allowed.",
            errorClass="ONLY_ALLOW_SINGLE_TRIGGER",
        )
    if processingTime is not None:
        if not isinstance(processingTime, str) or not processingTime.strip():
            raise PySparkValueError(
                errorClass="VALUE_NOT_NON_EMPTY_STR",
                messageParameters={"arg_name": "processingTime", "arg_value": str(processingTime)},
                message=f"[VALUE_NOT_NON_EMPTY_STR] Value for `processingTime` must be a non empty "
                f"string, got '{processingTime}'.",
            )
        ms = parse_interval_ms(processingTime)
        if ms < 0:
            raise IllegalArgumentException("Interval cannot be negative")
        return ProcessingTime(ms)
    if once is not None:
        if once is not True:
            raise PySparkValueError(
                errorClass="VALUE_NOT_TRUE",
                messageParameters={"arg_name": "once", "arg_value": str(once)},
                message=f"[VALUE_NOT_TRUE] Value for `once` must be True, got '{once}'.",
            )
        return Once()
    if availableNow is not None:
        if availableNow is not True:
            raise PySparkValueError(
                errorClass="VALUE_NOT_TRUE",
                messageParameters={"arg_name": "availableNow", "arg_value": str(availableNow)},
                message=f"[VALUE_NOT_TRUE] Value for `availableNow` must be True, got '{availableNow}'.",
            )
        return AvailableNow()
    raise IllegalArgumentException(
        "Continuous processing is not supported by rillet: use a processingTime trigger (micro-batches "
        "of a few milliseconds give similar latency)."
    )
