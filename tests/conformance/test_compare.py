"""The comparison itself: what counts as "the same result" (no JVM needed)."""

from __future__ import annotations

import pytest

from rillet.errors import AnalysisException
from rillet.plan.types import Row
from tests.conformance.compare import Bag, ConformanceMismatch, Frame, Outcome, check_same, plain, same


def test_rows_become_plain_tuples_recursively():
    assert plain([Row(a=1, b=Row(c=[Row(d=2)]))]) == [(1, ([(2,)],))]


def test_floats_agree_within_tolerance_and_nan_equals_nan():
    assert same(0.1 + 0.2, 0.3)
    assert same(float("nan"), float("nan"))
    assert not same(1.0, 1.001)
    assert not same(float("nan"), 1.0)


def test_an_int_never_equals_a_float():
    assert not same(1, 1.0)
    assert not same((1, "a"), (1.0, "a"))


def test_bags_ignore_order_and_lists_do_not():
    assert same(Bag([(2, None), (1, "x")]), Bag([(1, "x"), (2, None)]))
    assert not same([(2,), (1,)], [(1,), (2,)])
    assert not same(Bag([(1,), (1,)]), Bag([(1,)]))


def test_frames_with_the_same_rows_but_other_nullability_differ():
    rows = Bag([(1,)])
    with pytest.raises(ConformanceMismatch, match="schemas differ"):
        check_same(Outcome(Frame([("a", "int", True)], rows)), Outcome(Frame([("a", "int", False)], rows)))


def test_printed_text_must_match_exactly():
    with pytest.raises(ConformanceMismatch, match="printed output differs"):
        check_same(Outcome(None, "+---+\n"), Outcome(None, "+---+\n\n"))


def test_errors_agree_by_class_name_and_condition():
    unresolved = AnalysisException(errorClass="UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", messageParameters={})
    check_same(Outcome(error=unresolved), Outcome(error=unresolved))
    other = AnalysisException(errorClass="AMBIGUOUS_REFERENCE", messageParameters={})
    with pytest.raises(ConformanceMismatch, match="errors differ"):
        check_same(Outcome(error=unresolved), Outcome(error=other))


def test_an_error_only_rillet_raises_propagates_unchanged():
    boom = AnalysisException(errorClass="UNSUPPORTED_STREAMING_OPERATION", messageParameters={"msg": "x"})
    with pytest.raises(AnalysisException) as caught:
        check_same(Outcome(error=boom), Outcome(value=[]))
    assert caught.value is boom
