"""Logical plan nodes: what a DataFrame *is* (never what it computes).

Nodes are immutable. The API builds them with unresolved expressions; the
analyzer returns the same node types with every expression resolved, after which
``output`` (the node's columns as :class:`AttributeReference` s) is defined. A
stream is a plan with a :class:`StreamingRelation` leaf; the streaming planner
swaps leaves for each micro-batch's data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pyarrow as pa

from rillet.plan import types as T
from rillet.plan.expressions.core import (
    Alias,
    AttributeReference,
    Expression,
    SortOrder,
    new_expr_id,
)

JOIN_TYPES = {
    "inner": "inner",
    "cross": "cross",
    "outer": "full",
    "full": "full",
    "fullouter": "full",
    "full_outer": "full",
    "left": "left",
    "leftouter": "left",
    "left_outer": "left",
    "right": "right",
    "rightouter": "right",
    "right_outer": "right",
    "semi": "semi",
    "leftsemi": "semi",
    "left_semi": "semi",
    "anti": "anti",
    "leftanti": "anti",
    "left_anti": "anti",
}


class LogicalPlan:
    """Base class of plan nodes (frozen dataclasses; ``_child_fields`` name the inputs)."""

    _child_fields: tuple[str, ...] = ()

    @property
    def children(self) -> tuple[LogicalPlan, ...]:
        out: list[LogicalPlan] = []
        for name in self._child_fields:
            value = getattr(self, name)
            if isinstance(value, tuple):
                out.extend(value)
            else:
                out.append(value)
        return tuple(out)

    def with_children(self, children: list[LogicalPlan]) -> LogicalPlan:
        it = iter(children)
        changes: dict[str, Any] = {}
        for name in self._child_fields:
            value = getattr(self, name)
            if isinstance(value, tuple):
                changes[name] = tuple(next(it) for _ in value)
            else:
                changes[name] = next(it)
        return replace(self, **changes) if changes else self  # type: ignore[type-var]

    def transform_up(self, fn: Callable[[LogicalPlan], LogicalPlan]) -> LogicalPlan:
        new = self.with_children([c.transform_up(fn) for c in self.children])
        return fn(new)

    def walk(self) -> Iterator[LogicalPlan]:
        yield self
        for c in self.children:
            yield from c.walk()

    @property
    def is_streaming(self) -> bool:
        return any(isinstance(n, StreamingRelation) for n in self.walk())

    @property
    def output(self) -> tuple[AttributeReference, ...]:
        raise NotImplementedError(type(self).__name__)

    @property
    def schema(self) -> T.StructType:
        return T.StructType(
            [T.StructField(a.name, a.dtype, a.is_nullable, a.metadata or {}) for a in self.output]
        )

    def expressions(self) -> list[Expression]:
        return []

    def node_name(self) -> str:
        return type(self).__name__

    def simple_string(self) -> str:
        """This node's line in ``explain()`` (Spark's ``simpleString``): its name and arguments."""
        return self.node_name()

    def tree_string(self, indent: int = 0) -> str:
        """The plan as Spark prints it in ``explain()``: one node a line, children below."""
        lines: list[str] = []

        def visit(node: LogicalPlan, prefix: str, child_prefix: str) -> None:
            lines.append(prefix + node.simple_string())
            kids = node.children
            for i, c in enumerate(kids):
                last = i == len(kids) - 1
                visit(c, child_prefix + ("+- " if last else ":- "), child_prefix + ("   " if last else ":  "))

        visit(self, " " * indent, " " * indent)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.tree_string()


def explain_expr(e: Expression) -> str:
    """An expression as ``explain()`` shows it (attributes with their ids)."""
    if isinstance(e, AttributeReference):
        return e.debug()
    try:
        return e.sql()
    except Exception:  # an unresolved node that cannot render itself yet
        return type(e).__name__


def _list(exprs: Iterable[Expression]) -> str:
    return ", ".join(explain_expr(e) for e in exprs)


def attributes_for(schema: T.StructType) -> tuple[AttributeReference, ...]:
    return tuple(
        AttributeReference(f.name, f.dataType, f.nullable, new_expr_id(), (), f.metadata or None)
        for f in schema.fields
    )


def fresh(attrs: tuple[AttributeReference, ...]) -> tuple[AttributeReference, ...]:
    """The same columns with new ids (a self-join needs two distinct sides)."""
    return tuple(replace(a, expr_id=new_expr_id()) for a in attrs)


@dataclass(frozen=True, eq=False, repr=False)
class UnaryNode(LogicalPlan):
    """A plan node of one input (its first argument), whose output is the input's unless it
    says otherwise. Subclasses declare only their other arguments."""

    child: LogicalPlan
    _child_fields = ("child",)

    @property
    def output(self) -> tuple[AttributeReference, ...]:
        return self.child.output


# ---------------------------------------------------------------------------
# leaves


@dataclass(frozen=True, eq=False, repr=False)
class LocalRelation(LogicalPlan):
    """Rows held in memory as an Arrow table whose columns match ``attrs`` by position."""

    attrs: tuple[AttributeReference, ...]
    data: pa.Table | None = None
    streaming_source: bool = False  # a micro-batch standing in for a StreamingRelation

    @property
    def output(self) -> tuple[AttributeReference, ...]:
        return self.attrs

    def simple_string(self) -> str:
        return f"LocalRelation [{_list(self.attrs)}]"


@dataclass(frozen=True, eq=False, repr=False)
class Range(LogicalPlan):
    start: int
    end: int
    step: int
    attr: AttributeReference = field(
        default_factory=lambda: AttributeReference("id", T.LongType(), False)
    )

    @property
    def output(self) -> tuple[AttributeReference, ...]:
        return (self.attr,)

    def simple_string(self) -> str:
        return f"Range ({self.start}, {self.end}, step={self.step})"


@dataclass(frozen=True, eq=False, repr=False)
class StreamingRelation(LogicalPlan):
    """An unbounded input: ``spark.readStream.format(source).options(...).load(path)``."""

    source: str
    options: tuple[tuple[str, str], ...]
    attrs: tuple[AttributeReference, ...]
    path: str | None = None
    user_schema: bool = False
    relation_id: int = field(default_factory=new_expr_id)

    @property
    def output(self) -> tuple[AttributeReference, ...]:
        return self.attrs

    @property
    def options_dict(self) -> dict[str, str]:
        return dict(self.options)

    def simple_string(self) -> str:
        return f"StreamingRelation {self.source}, [{_list(self.attrs)}]"


@dataclass(frozen=True, eq=False, repr=False)
class UnresolvedRelation(LogicalPlan):
    """A table or temp view by name, looked up in the session catalog by the analyzer."""

    name: str
    streaming: bool = False

    def simple_string(self) -> str:
        return f"'UnresolvedRelation [{self.name}]"


# ---------------------------------------------------------------------------
# unary


@dataclass(frozen=True, eq=False, repr=False)
class Project(UnaryNode):
    exprs: tuple[Expression, ...]

    @property
    def output(self) -> tuple[AttributeReference, ...]:
        return tuple(named_output(e) for e in self.exprs)

    def expressions(self) -> list[Expression]:
        return list(self.exprs)

    def simple_string(self) -> str:
        return f"Project [{_list(self.exprs)}]"


@dataclass(frozen=True, eq=False, repr=False)
class Generate(UnaryNode):
    """A generator (explode...) joined back to its input row: Spark's ``Generate``.

    ``output`` is the child's columns followed by the generator's ``gen_output``;
    the analyzer puts a Project on top to choose and order columns."""

    generator: Expression
    gen_output: tuple[AttributeReference, ...]
    outer: bool = False

    @property
    def output(self) -> tuple[AttributeReference, ...]:
        return (*self.child.output, *self.gen_output)

    def expressions(self) -> list[Expression]:
        return [self.generator]

    def simple_string(self) -> str:
        return f"Generate {explain_expr(self.generator)}, [{_list(self.gen_output)}]"


@dataclass(frozen=True, eq=False, repr=False)
class Filter(UnaryNode):
    condition: Expression

    def expressions(self) -> list[Expression]:
        return [self.condition]

    def simple_string(self) -> str:
        return f"Filter {explain_expr(self.condition)}"


@dataclass(frozen=True, eq=False, repr=False)
class CollectMetrics(UnaryNode):
    """``df.observe(name, *metrics)``: rows pass through unchanged; in a streaming query the
    aggregate ``metrics`` are computed over each micro-batch's rows at this point and
    reported as the progress's ``observedMetrics[name]`` (Spark's ``CollectMetrics``)."""

    name: str
    metrics: tuple[Expression, ...]  # named aggregate expressions after analysis

    def expressions(self) -> list[Expression]:
        return list(self.metrics)

    def simple_string(self) -> str:
        return f"CollectMetrics {self.name}, [{_list(self.metrics)}]"


@dataclass(frozen=True, eq=False, repr=False)
class Aggregate(UnaryNode):
    grouping: tuple[Expression, ...]
    aggregates: tuple[Expression, ...]  # named (Alias or AttributeReference) after analysis

    @property
    def output(self) -> tuple[AttributeReference, ...]:
        return tuple(named_output(e) for e in self.aggregates)

    def expressions(self) -> list[Expression]:
        return [*self.grouping, *self.aggregates]

    def simple_string(self) -> str:
        return f"Aggregate [{_list(self.grouping)}], [{_list(self.aggregates)}]"


@dataclass(frozen=True, eq=False, repr=False)
class Window(UnaryNode):
    """Window functions appended to the child's columns: Spark's ``Window``.

    Each of ``window_exprs`` is an ``Alias`` of a resolved ``WindowExpression``;
    the analyzer extracts them from a select and puts a Project on top."""

    window_exprs: tuple[Expression, ...]

    @property
    def output(self) -> tuple[AttributeReference, ...]:
        return (*self.child.output, *(named_output(e) for e in self.window_exprs))

    def expressions(self) -> list[Expression]:
        return list(self.window_exprs)


@dataclass(frozen=True, eq=False, repr=False)
class Sample(UnaryNode):
    """``sample(withReplacement, fraction, seed)``: each row kept with probability ``fraction``
    (or repeated a Poisson(``fraction``) number of times with replacement), seeded."""

    fraction: float
    seed: int
    with_replacement: bool = False


@dataclass(frozen=True, eq=False, repr=False)
class Sort(UnaryNode):
    orders: tuple[SortOrder, ...]

    def expressions(self) -> list[Expression]:
        return list(self.orders)

    def simple_string(self) -> str:
        return f"Sort [{_list(self.orders)}], true"


@dataclass(frozen=True, eq=False, repr=False)
class Limit(UnaryNode):
    n: int
    offset: int = 0

    def simple_string(self) -> str:
        return f"GlobalLimit {self.n}"


@dataclass(frozen=True, eq=False, repr=False)
class Distinct(UnaryNode):
    """``distinct()``: every row once."""


@dataclass(frozen=True, eq=False, repr=False)
class Deduplicate(UnaryNode):
    """``dropDuplicates(subset)``: keep the first row of each key."""

    keys: tuple[Expression, ...]
    within_watermark: bool = False

    def expressions(self) -> list[Expression]:
        return list(self.keys)

    def simple_string(self) -> str:
        return f"Deduplicate [{_list(self.keys)}]"


@dataclass(frozen=True, eq=False, repr=False)
class SubqueryAlias(UnaryNode):
    alias: str

    @property
    def output(self) -> tuple[AttributeReference, ...]:
        return tuple(a.with_qualifier((self.alias,)) for a in self.child.output)

    def simple_string(self) -> str:
        return f"SubqueryAlias {self.alias}"


@dataclass(frozen=True, eq=False, repr=False)
class EventTimeWatermark(UnaryNode):
    """``withWatermark(eventTime, delay)``: marks the event-time column for the engine."""

    event_time: Expression
    delay: str
    delay_ms: int = 0

    def expressions(self) -> list[Expression]:
        return [self.event_time]

    def simple_string(self) -> str:
        return f"EventTimeWatermark {explain_expr(self.event_time)}, {self.delay}"


# ---------------------------------------------------------------------------
# binary / n-ary


@dataclass(frozen=True, eq=False, repr=False)
class Join(LogicalPlan):
    left: LogicalPlan
    right: LogicalPlan
    how: str  # a value of JOIN_TYPES
    condition: Expression | None = None
    using: tuple[str, ...] | None = None
    _child_fields = ("left", "right")

    @property
    def output(self) -> tuple[AttributeReference, ...]:
        left, right = self.left.output, self.right.output
        if self.how in ("semi", "anti"):
            return left
        if self.how in ("right", "full"):
            left = tuple(a.with_nullability(True) for a in left)
        if self.how in ("left", "full"):
            right = tuple(a.with_nullability(True) for a in right)
        return (*left, *right)

    def expressions(self) -> list[Expression]:
        return [self.condition] if self.condition is not None else []

    def simple_string(self) -> str:
        cond = f", {explain_expr(self.condition)}" if self.condition is not None else ""
        using = f", using({', '.join(self.using)})" if self.using else ""
        return f"Join {self.how.capitalize()}{cond}{using}"


@dataclass(frozen=True, eq=False, repr=False)
class Union(LogicalPlan):
    """``union`` (by position) — ``unionByName`` is analyzed into this plus Projects."""

    inputs: tuple[LogicalPlan, ...]
    by_name: bool = False
    allow_missing: bool = False
    _child_fields = ("inputs",)

    @property
    def output(self) -> tuple[AttributeReference, ...]:
        first = self.inputs[0].output
        out = []
        for i, a in enumerate(first):
            nullable = any(p.output[i].is_nullable for p in self.inputs)
            out.append(a.with_nullability(nullable).with_qualifier(()))
        return tuple(out)


def named_output(e: Expression) -> AttributeReference:
    if isinstance(e, AttributeReference):
        return e
    if isinstance(e, Alias):
        return e.to_attribute()
    raise TypeError(f"not a named expression: {e!r}")


@dataclass(frozen=True, eq=False, repr=False)
class SessionWindow(UnaryNode):
    """Assigns each row the session window it belongs to (Spark's ``session_window``).

    Rows of one partition (the other grouping keys) whose ``[ts, ts + gap)`` intervals
    overlap or touch are one session, ``<min ts, max(ts + gap)>``; rows without an
    event time or with a non-positive gap are dropped. ``output`` is the child's
    columns plus ``attr``."""

    event_time: Expression
    gap: Expression  # an interval string per row (a literal or any string expression)
    partition: tuple[Expression, ...]
    attr: AttributeReference

    @property
    def output(self) -> tuple[AttributeReference, ...]:
        return (*self.child.output, self.attr)

    def expressions(self) -> list[Expression]:
        return [self.event_time, self.gap, *self.partition]


class _GroupsInPandasWithState(LogicalPlan):
    """A user's pandas function per group of ``child`` by ``grouping``, with state per
    group; its rows are the function's, of ``attrs``."""

    grouping: tuple[Expression, ...]
    attrs: tuple[AttributeReference, ...]

    @property
    def output(self) -> tuple[AttributeReference, ...]:
        return self.attrs

    def expressions(self) -> list[Expression]:
        return list(self.grouping)


@dataclass(frozen=True, eq=False, repr=False)
class FlatMapGroupsInPandasWithState(_GroupsInPandasWithState):
    """``groupBy(keys).applyInPandasWithState(func, ...)`` (Spark's node of that name).

    ``func(key, iterator of pandas DataFrames, GroupState)`` runs once per key with the
    key's rows (every column of ``child``) and yields pandas DataFrames of ``attrs``;
    ``state_schema`` is the per-key state, ``output_mode`` is ``"append"`` or
    ``"update"``, ``timeout_conf`` one of GroupStateTimeout's names."""

    child: LogicalPlan
    grouping: tuple[Expression, ...]
    func: Callable[..., Any]
    attrs: tuple[AttributeReference, ...]
    state_schema: T.StructType
    output_mode: str
    timeout_conf: str
    _child_fields = ("child",)

    @property
    def func_name(self) -> str:
        return getattr(self.func, "__name__", type(self.func).__name__)


@dataclass(frozen=True, eq=False, repr=False)
class TransformWithStateInPandas(_GroupsInPandasWithState):
    """``groupBy(keys).transformWithStateInPandas(processor, ...)`` (Spark's
    ``TransformWithStateInPandas``).

    ``processor`` is a ``StatefulProcessor``: its ``handleInputRows`` runs once per key with
    the key's rows (every column of ``child``) and yields pandas DataFrames of ``attrs``;
    ``output_mode`` is ``"append"`` or ``"update"``, ``time_mode`` ``"None"`` /
    ``"ProcessingTime"`` / ``"EventTime"``."""

    child: LogicalPlan
    grouping: tuple[Expression, ...]
    processor: Any
    attrs: tuple[AttributeReference, ...]
    output_mode: str
    time_mode: str
    # ``initialState``: a batch plan grouped by ``initial_grouping``, read in the first batch
    initial_state: LogicalPlan | None = None
    initial_grouping: tuple[Expression, ...] = ()
    _child_fields = ("child",)

    @property
    def func_name(self) -> str:
        # the user's class, also behind transformWithState's Row adapter
        return type(getattr(self.processor, "user_processor", self.processor)).__name__
