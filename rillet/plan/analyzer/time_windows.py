"""Spark's TimeWindowing rule: ``window(ts, ...)`` in a select or a grouping.

Rows whose event time is NULL are filtered out first (they belong to no window).
A tumbling window stays a scalar ``window`` call (one struct per row). A sliding
window is rewritten into an explode of every window covering the row
(``__sliding_windows``) below the node, and each use of the call is replaced by
the exploded ``window`` column. The window attribute remembers which event-time
column it was computed from (metadata ``spark.timeWindow.eventTimeId``), so the
streaming engine can evict windows by watermark.
"""

from __future__ import annotations

from rillet.errors import AnalysisException
from rillet.plan import functions as _catalog  # noqa: F401  (declares every function)
from rillet.plan import logical as L
from rillet.plan import registry
from rillet.plan import types as T
from rillet.plan.expressions.core import (
    AttributeReference,
    Call,
    Expression,
    IsNull,
    Literal,
    strip_alias,
)
from rillet.plan.intervals import parse_interval_us

EVENT_TIME_ID = "spark.timeWindow.eventTimeId"
SESSION_EVENT_TIME_ID = "spark.sessionWindow.eventTimeId"


def window_calls(exprs: list[Expression]) -> list[Call]:
    found: dict[str, Call] = {}
    for e in exprs:
        for x in e.walk():
            if isinstance(x, Call) and x.spec.name == "window":
                found.setdefault(x.sql(), x)
    return list(found.values())


def _duration(call: Call, i: int, name: str, default: int | None) -> int:
    arg = call.args[i] if i < len(call.args) else None
    if arg is None or (isinstance(arg, Literal) and arg.value is None):
        if default is None:
            raise AnalysisException(f"window() requires a {name}")
        return default
    arg = strip_alias(call.args[i])
    while not isinstance(arg, Literal) and arg.children:
        arg = arg.children[0]
    if not isinstance(arg, Literal) or not isinstance(arg.value, (str, int)):
        raise AnalysisException(
            f"[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve \"window\": the {name} must be a "
            "constant interval string such as '10 minutes'. SQLSTATE: 42K09",
            errorClass="DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
        )
    return parse_interval_us(str(arg.value)) if isinstance(arg.value, str) else int(arg.value)


def window_parameters(call: Call) -> tuple[int, int, int]:
    """(window, slide, start) in microseconds, validated as Spark does."""
    window = _duration(call, 1, "windowDuration", None)
    slide = _duration(call, 2, "slideDuration", window)
    start = _duration(call, 3, "startTime", 0)
    if window <= 0:
        raise AnalysisException(
            f"[_LEGACY_ERROR_TEMP_1240] The window duration ({window}) must be greater than 0."
        )
    if slide <= 0:
        raise AnalysisException(f"The slide duration ({slide}) must be greater than 0.")
    if slide > window:
        raise AnalysisException(
            f"The slide duration ({slide}) must be less than or equal to the windowDuration ({window})."
        )
    if abs(start) >= slide:
        raise AnalysisException(
            f"The absolute value of start time ({start}) must be less than the slideDuration ({slide})."
        )
    return window, slide, start


def _replace(e: Expression, target: str, attr: AttributeReference) -> Expression:
    if isinstance(e, Call) and e.spec.name == "window" and e.sql() == target:
        return attr
    return e.map_children(lambda c: _replace(c, target, attr))


def expand_time_windows(
    child: L.LogicalPlan, exprs: list[Expression]
) -> tuple[L.LogicalPlan, list[Expression]]:
    """Rewrite sliding ``window`` calls in ``exprs`` into an explode under ``child``."""
    calls = window_calls(exprs)
    sessions = [x for e in exprs for x in e.walk() if isinstance(x, Call) and x.spec.name == "session_window"]
    if sessions and not calls:
        # a row without an event time has no session (Spark filters it out)
        condition = IsNull(sessions[0].args[0], negated=True)
        if isinstance(child, L.Filter) and child.condition.sql() == condition.sql():
            return child, exprs
        return L.Filter(child, condition), exprs
    if not calls:
        return child, exprs
    if len(calls) > 1:
        raise AnalysisException(
            "[_LEGACY_ERROR_TEMP_1237] Multiple time/session window expressions would result in a "
            "cartesian product of rows, therefore they are currently not supported."
        )
    call = calls[0]
    if _normalized(call):
        return child, exprs  # analyzed before (a DataFrame built on an analyzed plan)
    window, slide, start = window_parameters(call)
    ts = call.args[0]
    # rows without an event time belong to no window (Spark filters them out)
    child = L.Filter(child, IsNull(ts, negated=True))
    if slide == window:
        # tumbling: a scalar; normalize its arguments to microseconds for compute
        tumbling = Call(call.spec, (ts, Literal.of(window), Literal.of(slide), Literal.of(start)))
        target = call.sql()
        return child, [_swap(e, target, tumbling) for e in exprs]
    sliding = Call(
        registry.lookup("__sliding_windows"),
        (ts, Literal.of(window), Literal.of(slide), Literal.of(start)),
    )
    event_id = ts.expr_id if isinstance(ts, AttributeReference) else None
    attr = AttributeReference(
        "window", call.data_type, True, metadata={EVENT_TIME_ID: event_id} if event_id else None
    )
    explode = Call(registry.lookup("explode"), (sliding,))
    generate = L.Generate(child, explode, (attr,))
    target = call.sql()
    return L.Project(generate, (*child.output, attr)), [_replace(e, target, attr) for e in exprs]


def _normalized(call: Call) -> bool:
    return len(call.args) == 4 and all(
        isinstance(a, Literal) and isinstance(a.value, int) for a in call.args[1:]
    )


def _swap(e: Expression, target: str, new: Call) -> Expression:
    if isinstance(e, Call) and e.spec.name == "window" and e.sql() == target:
        return new
    return e.map_children(lambda c: _swap(c, target, new))


def event_time_key_kind(key: Expression, event_time: set[int] | int) -> str | None:
    """How grouping key ``key`` carries event time: ``"timestamp"`` (an event-time column),
    ``"window"`` (a time/session window over one, or such a window passed on by an
    earlier aggregation), or None. ``event_time`` is the set of event-time attribute ids
    (see :func:`event_time_ids`) or one id."""
    ids = {event_time} if isinstance(event_time, int) else event_time
    if isinstance(key, AttributeReference):
        meta = key.metadata or {}
        if key.expr_id in ids:
            return "window" if isinstance(key.dtype, T.StructType) else "timestamp"
        if meta.get(EVENT_TIME_ID) in ids or meta.get(SESSION_EVENT_TIME_ID) in ids:
            return "window"
        return None
    if isinstance(key, Call) and key.spec.name in ("window", "window_time"):
        ts = key.args[0]
        if isinstance(ts, Call) and ts.spec.name == "window_time":
            ts = ts.args[0]
        if isinstance(ts, AttributeReference) and ts.expr_id in ids:
            return "window" if key.spec.name == "window" else "timestamp"
    return None


def event_time_ids(plan: L.LogicalPlan) -> set[int]:
    """Ids of the columns that carry event time: watermarked columns, windows over them,
    and what an aggregation or projection passes on of them (``window_time(window)``)."""
    ids: set[int] = set()
    for child in plan.children:
        ids |= event_time_ids(child)
    if isinstance(plan, L.EventTimeWatermark) and isinstance(plan.event_time, AttributeReference):
        ids.add(plan.event_time.expr_id)
    elif isinstance(plan, L.Generate):
        ids |= {a.expr_id for a in plan.gen_output if event_time_key_kind(a, ids)}
    elif isinstance(plan, L.SessionWindow):
        if event_time_key_kind(plan.attr, ids):
            ids.add(plan.attr.expr_id)
    elif isinstance(plan, (L.Project, L.Aggregate)):
        exprs = plan.exprs if isinstance(plan, L.Project) else plan.aggregates
        for e in exprs:
            if event_time_key_kind(strip_alias(e), ids):
                ids.add(L.named_output(e).expr_id)
    return ids


def expand_session_window(
    child: L.LogicalPlan, grouping: list[Expression], aggregates: list[Expression]
) -> tuple[L.LogicalPlan, list[Expression], list[Expression]]:
    """``groupBy(session_window(ts, gap), keys...)``: assign sessions per key below the
    aggregation, then group by the assigned ``session_window`` column."""
    calls = [
        x for g in grouping for x in g.walk() if isinstance(x, Call) and x.spec.name == "session_window"
    ]
    if not calls:
        return child, grouping, aggregates
    if len({c.sql() for c in calls}) > 1 or window_calls(grouping):
        raise AnalysisException(
            "[_LEGACY_ERROR_TEMP_1237] Multiple time/session window expressions would result in a "
            "cartesian product of rows, therefore they are currently not supported."
        )
    call = calls[0]
    ts = call.args[0]
    event_id = ts.expr_id if isinstance(ts, AttributeReference) else None
    attr = AttributeReference(
        "session_window", call.data_type, False,
        metadata={SESSION_EVENT_TIME_ID: event_id} if event_id else None,
    )
    target = call.sql()
    partition = tuple(g for g in grouping if not (isinstance(g, Call) and g.sql() == target))
    node = L.SessionWindow(child, ts, call.args[1], partition, attr)

    def swap(e: Expression) -> Expression:
        if isinstance(e, Call) and e.spec.name == "session_window" and e.sql() == target:
            return attr
        return e.map_children(swap)

    return node, [swap(g) for g in grouping], [swap(e) for e in aggregates]
