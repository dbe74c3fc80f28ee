"""Split an Aggregate into grouping keys, aggregate-function calls and result expressions.

Spark evaluates ``SELECT k, sum(x) + 1 ... GROUP BY k`` as: group by ``k``, compute
``sum(x)`` per group, then evaluate ``sum(x) + 1`` over the grouped row. Batch
compute and the streaming aggregation operator both use this split; the streaming
operator keeps the calls' partial states in the state store.
"""

from __future__ import annotations

from dataclasses import dataclass

from rillet.plan.expressions.core import (
    Alias,
    AttributeReference,
    Call,
    Expression,
    output_name,
    strip_alias,
)
from rillet.plan.logical import Aggregate


@dataclass(frozen=True)
class AggregateSplit:
    keys: tuple[tuple[AttributeReference, Expression], ...]  # (key column, grouping expr)
    calls: tuple[tuple[AttributeReference, Call], ...]  # (value column, aggregate call)
    results: tuple[Expression, ...]  # named; refer to key and call columns only


def split_aggregate(agg: Aggregate) -> AggregateSplit:
    keys: list[tuple[AttributeReference, Expression]] = []
    key_by_sql: dict[str, AttributeReference] = {}
    for g in agg.grouping:
        g = strip_alias(g)
        if isinstance(g, AttributeReference):
            attr = g
        else:
            attr = AttributeReference(output_name(g), g.data_type, g.nullable)
        keys.append((attr, g))
        key_by_sql.setdefault(g.sql(), attr)

    calls: list[tuple[AttributeReference, Call]] = []
    call_by_sql: dict[str, AttributeReference] = {}

    def rewrite(e: Expression) -> Expression:
        if isinstance(e, Call) and e.is_aggregate:
            key = e.sql()
            if key not in call_by_sql:
                attr = AttributeReference(f"_agg{len(calls)}", e.data_type, e.nullable)
                calls.append((attr, e))
                call_by_sql[key] = attr
            return call_by_sql[key]
        if not isinstance(e, Alias) and e.sql() in key_by_sql:
            return key_by_sql[e.sql()]
        return e.map_children(rewrite)

    results: list[Expression] = []
    for e in agg.aggregates:
        if isinstance(e, Alias):
            results.append(Alias(rewrite(e.child), e.name, e.expr_id, e.metadata))
        else:
            results.append(rewrite(e))
    return AggregateSplit(tuple(keys), tuple(calls), tuple(results))
