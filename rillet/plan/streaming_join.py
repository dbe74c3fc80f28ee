"""What a stream-stream join may forget: Spark's state watermarks for join state.

Pure functions over an analyzed :class:`~rillet.plan.logical.Join` whose two sides are
streams. A buffered row of one side can be dropped once no future row of the other
side can match it. Spark knows that in two ways (``StreamingJoinHelper``):

* **Key watermark** -- a join key is an event-time column (or a time window over
  one) on both sides: a buffered row whose key is ``<=`` the watermark (a window: its
  end) can never meet a future row, which would be late.
* **Value watermark** -- the condition bounds this side's event time by the other
  side's, e.g. ``clickTime <= impressionTime + interval 1 hour``. With the other
  side's event time replaced by the watermark, the bound says how old a buffered
  row may be: for impressions, ``impressionTime >= watermark - 1 hour``. The bound
  is solved from each ``<, <=, >, >=`` conjunct that is linear in one attribute of
  each side (timestamps, interval and numeric literals, ``+``/``-``/unary minus,
  casts to numbers or timestamps); the smallest bound over the conjuncts wins.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from rillet.plan import logical as L
from rillet.plan import types as T
from rillet.plan.analyzer.time_windows import event_time_ids, event_time_key_kind
from rillet.plan.expressions.core import (
    AttributeReference,
    BinaryOperator,
    Cast,
    Expression,
    Literal,
    Negate,
)
from rillet.plan.join_condition import equi_keys as split_equi_keys
from rillet.plan.join_condition import split_conjuncts

_MICROS_PER_SECOND = 1_000_000


def side_event_time(side: L.LogicalPlan) -> AttributeReference | None:
    """The column of ``side``'s output that carries its watermark (Spark: the attribute
    with the watermark delay in its metadata): the event-time column or a window over it."""
    ids = event_time_ids(side)
    for attr in side.output:
        if event_time_key_kind(attr, ids) is not None:
            return attr
    return None


def equi_keys(join: L.Join) -> tuple[list[Expression], list[Expression], list[Expression]]:
    """(left keys, right keys, the other conjuncts) of the join condition."""
    return split_equi_keys(join.condition, join.left, join.right)


def watermark_key_ordinal(join: L.Join) -> int | None:
    """The first join key that is an event-time column or window (on either side)."""
    lkeys, rkeys, _ = equi_keys(join)
    for side, keys in ((join.left, lkeys), (join.right, rkeys)):
        ids = event_time_ids(side)
        for i, k in enumerate(keys):
            if isinstance(k, AttributeReference) and event_time_key_kind(k, ids) is not None:
                return i
    return None


@dataclass(frozen=True)
class _Term:
    """One term of ``lhs - rhs`` in canonical form: an attribute or a constant (microseconds)."""

    negated: bool
    attr: AttributeReference | None = None
    constant_us: float = 0.0


class _NotLinear(Exception):
    pass


def _terms(e: Expression, negate: bool) -> list[_Term]:
    if isinstance(e, BinaryOperator) and e.op == "add":
        return _terms(e.left, negate) + _terms(e.right, negate)
    if isinstance(e, BinaryOperator) and e.op == "subtract":
        return _terms(e.left, negate) + _terms(e.right, not negate)
    if isinstance(e, Negate):
        return _terms(e.child, not negate)
    if isinstance(e, Cast):
        if isinstance(e.to, (T.NumericType, T.TimestampType, T.TimestampNTZType)):
            return _terms(e.child, negate)
        raise _NotLinear
    if isinstance(e, AttributeReference):
        return [_Term(negate, attr=e)]
    if isinstance(e, Literal) and e.value is not None:
        v = e.value
        us: float
        if isinstance(v, _dt.timedelta):
            us = (v.days * 86_400 + v.seconds) * _MICROS_PER_SECOND + v.microseconds
        elif isinstance(e.data_type, T.NumericType) and not isinstance(v, bool):
            us = float(v) * _MICROS_PER_SECOND
        else:
            months = getattr(v, "months", None)
            if months is None or months != 0:
                raise _NotLinear  # months have no fixed length
            us = getattr(v, "days", 0) * 86_400 * _MICROS_PER_SECOND + getattr(v, "microseconds", 0)
        return [_Term(negate, constant_us=float(us))]
    raise _NotLinear


def _bound_from_less_than(
    lhs: Expression, rhs: Expression, this_ids: set[int], other_ids: set[int], other_watermarked: set[int],
    watermark_ms: int,
) -> int | None:
    """For ``lhs < rhs``: the event time (ms) at or below which this side's attribute can
    no longer satisfy the predicate once the other side is past ``watermark_ms``."""
    refs = lhs.references() | rhs.references()
    if len(refs & this_ids) > 1 or len(refs & other_ids) > 1:
        return None
    try:
        terms = _terms(lhs, False) + _terms(rhs, True)
    except _NotLinear:
        return None
    mine = [t for t in terms if t.attr is not None and t.attr.expr_id in this_ids]
    rest = [t for t in terms if not (t.attr is not None and t.attr.expr_id in this_ids)]
    # canonical form ``-thisTime + (other terms) < 0``: a lower bound on thisTime
    if len(mine) != 1 or not mine[0].negated:
        return None
    total = 0.0
    for t in rest:
        if t.attr is None:
            value = t.constant_us
        elif t.attr.expr_id in other_watermarked:
            value = watermark_ms * 1000.0
        else:
            return None  # a column with no watermark: no bound
        total += -value if t.negated else value
    return int(total / 1000.0)


def state_value_watermark(
    this_side: L.LogicalPlan, other_side: L.LogicalPlan, condition: Expression | None, watermark_ms: int
) -> int | None:
    """The value watermark (ms) of ``this_side``'s buffered rows: rows whose event time is
    ``<=`` it cannot match any future row of ``other_side``. None when the condition does
    not bound this side's event time by the other side's watermarked column."""
    if condition is None:
        return None
    ids = event_time_ids(other_side)
    other_watermarked = {
        a.expr_id for a in other_side.output
        if event_time_key_kind(a, ids) == "timestamp" and isinstance(a.dtype, (T.TimestampType, T.TimestampNTZType))
    }
    if not other_watermarked:
        return None
    this_ids = {a.expr_id for a in this_side.output}
    other_ids = {a.expr_id for a in other_side.output}
    bounds: list[int] = []
    for c in split_conjuncts(condition):
        if not isinstance(c, BinaryOperator):
            continue
        found: int | None = None
        if c.op == "lt":
            found = _bound_from_less_than(c.left, c.right, this_ids, other_ids, other_watermarked, watermark_ms)
        elif c.op == "le":
            found = _bound_from_less_than(c.left, c.right, this_ids, other_ids, other_watermarked, watermark_ms)
            found = None if found is None else found - 1
        elif c.op == "gt":
            found = _bound_from_less_than(c.right, c.left, this_ids, other_ids, other_watermarked, watermark_ms)
        elif c.op == "ge":
            found = _bound_from_less_than(c.right, c.left, this_ids, other_ids, other_watermarked, watermark_ms)
            found = None if found is None else found - 1
        if found is not None:
            bounds.append(found)
    return min(bounds) if bounds else None


def has_watermark_range(nullable_side: L.LogicalPlan, other: L.LogicalPlan, condition: Expression | None) -> bool:
    """Whether the condition gives ``nullable_side``'s buffered rows a value watermark
    (the checker's "appropriate range condition"); probed with an arbitrary watermark."""
    return state_value_watermark(nullable_side, other, condition, 1_000_000) is not None
