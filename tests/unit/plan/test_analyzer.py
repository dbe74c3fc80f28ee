"""The analyzer: name resolution, Spark's column names and errors, implicit casts."""

from __future__ import annotations

import pytest

from rillet.errors import AnalysisException
from rillet.plan import logical as L
from rillet.plan import types as T
from rillet.plan.analyzer import analyze, parse_column_name
from rillet.plan.expressions.core import (
    Alias,
    BinaryOperator,
    Cast,
    Literal,
    UnresolvedAttribute,
    UnresolvedFunction,
    UnresolvedStar,
)

SCHEMA = T.StructType([T.StructField("a", T.IntegerType()), T.StructField("s", T.StringType()),
                       T.StructField("d", T.DoubleType())])


def _rel() -> L.LocalRelation:
    return L.LocalRelation(L.attributes_for(SCHEMA))


def _names(*exprs) -> list[str]:
    return [a.name for a in analyze(L.Project(_rel(), tuple(exprs))).output]


def col(name: str) -> UnresolvedAttribute:
    return UnresolvedAttribute(parse_column_name(name))


def test_generated_column_names_are_sparks():
    assert _names(
        BinaryOperator("add", col("a"), Literal.of(1)),
        UnresolvedFunction("upper", (col("s"),)),
        Cast(col("a"), T.StringType()),
        Literal.of("x"),
        Literal.of(2.5),
        UnresolvedFunction("split", (col("s"), Literal.of(" "), Literal.of(-1))),
    ) == ["(a + 1)", "upper(s)", "a", "x", "2.5", "split(s,  , -1)"]


def test_count_star_is_count_1():
    plan = analyze(L.Project(_rel(), (UnresolvedFunction("count", (UnresolvedStar(),)),)))
    assert isinstance(plan, L.Aggregate)
    assert [a.name for a in plan.output] == ["count(1)"]
    assert plan.schema.simpleString() == "struct<count(1):bigint>"


def test_unknown_column_lists_the_available_ones():
    with pytest.raises(AnalysisException) as info:
        _names(col("x"))
    assert info.value.getCondition() == "UNRESOLVED_COLUMN.WITH_SUGGESTION"
    assert info.value.getMessageParameters() == {"objectName": "`x`", "proposal": "`a`, `s`, `d`"}


def test_column_names_are_case_insensitive_by_default():
    # resolved case-insensitively, named as the user spelled it (Spark: select("A") -> A)
    assert _names(col("A")) == ["A"]


def test_arithmetic_widens_and_division_is_double():
    plan = analyze(L.Project(_rel(), (
        BinaryOperator("add", col("a"), col("d")),
        BinaryOperator("divide", col("a"), Literal.of(2)),
        BinaryOperator("add", col("a"), Literal.of(2**40)),
    )))
    assert [f.dataType for f in plan.schema.fields] == [T.DoubleType(), T.DoubleType(), T.LongType()]


def test_filter_must_be_boolean():
    with pytest.raises(AnalysisException, match="is not a boolean"):
        analyze(L.Filter(_rel(), col("a")))


def test_non_grouped_column_in_aggregate_is_rejected():
    with pytest.raises(AnalysisException) as info:
        analyze(L.Aggregate(_rel(), (col("s"),), (col("a"), UnresolvedFunction("sum", (col("d"),)))))
    assert info.value.getCondition() == "MISSING_AGGREGATION"


def test_unknown_function_is_unresolved_routine():
    with pytest.raises(AnalysisException) as info:
        _names(UnresolvedFunction("no_such_fn", (col("a"),)))
    assert info.value.getCondition() == "UNRESOLVED_ROUTINE"
    assert "`no_such_fn`" in str(info.value)


def test_alias_keeps_its_id_across_reanalysis():
    plan = analyze(L.Project(_rel(), (Alias(col("a"), "b"),)))
    again = analyze(plan)
    assert plan.output[0].expr_id == again.output[0].expr_id


def test_backquoted_names_keep_dots():
    assert parse_column_name("`a.b`.c") == ("a.b", "c")
    assert parse_column_name("t.x") == ("t", "x")
