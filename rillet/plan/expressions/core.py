"""Expression nodes: the one tree that the DataFrame API and SQL text both build.

An expression is *unresolved* when built by the API (``UnresolvedAttribute``,
``UnresolvedFunction``, ``UnresolvedStar``) and *resolved* after the analyzer has
bound every name to an :class:`AttributeReference` (a column with a unique id, like
Spark's ``a#12``) and every function to a :class:`Call` of a registered spec.
Resolved expressions know their ``data_type`` and ``nullable``.

``sql()`` renders the expression the way Spark names an un-aliased column
(``(a + 1)``, ``count(1)``, ``CASE WHEN (a > 1) THEN x END``).
"""

from __future__ import annotations

import datetime as _dt
import decimal
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from rillet.errors import AnalysisException
from rillet.plan import types as T
from rillet.plan.format import java_double_to_string

if TYPE_CHECKING:
    from rillet.plan.registry import FunctionSpec

_ids = itertools.count(1)


def new_expr_id() -> int:
    """A process-unique id for an attribute (Spark's ExprId)."""
    return next(_ids)


def quote_identifier(name: str) -> str:
    """Backquote a name the way Spark prints it in messages: `a`, `a.b` -> `a.b`."""
    return "`" + name.replace("`", "``") + "`"


class Expression:
    """Base class. Subclasses are frozen dataclasses whose fields that are
    expressions (or tuples of them) are the node's children."""

    _child_fields: tuple[str, ...] = ()

    # -- tree ---------------------------------------------------------------
    @property
    def children(self) -> tuple[Expression, ...]:
        out: list[Expression] = []
        for name in self._child_fields:
            value = getattr(self, name)
            if isinstance(value, tuple):
                out.extend(v for v in value if isinstance(v, Expression))
            elif isinstance(value, Expression):
                out.append(value)
        return tuple(out)

    def map_children(self, fn: Callable[[Expression], Expression]) -> Expression:
        if not self._child_fields:
            return self
        changes: dict[str, Any] = {}
        for name in self._child_fields:
            value = getattr(self, name)
            if isinstance(value, tuple):
                changes[name] = tuple(fn(v) if isinstance(v, Expression) else v for v in value)
            elif isinstance(value, Expression):
                changes[name] = fn(value)
        return replace(self, **changes)  # type: ignore[type-var]

    def transform_up(self, fn: Callable[[Expression], Expression]) -> Expression:
        return fn(self.map_children(lambda c: c.transform_up(fn)))

    def walk(self) -> Iterator[Expression]:
        yield self
        for child in self.children:
            yield from child.walk()

    def references(self) -> set[int]:
        return {e.expr_id for e in self.walk() if isinstance(e, AttributeReference)}

    # -- resolution -----------------------------------------------------------
    @property
    def resolved(self) -> bool:
        return all(c.resolved for c in self.children)

    @property
    def data_type(self) -> T.DataType:
        raise AnalysisException(f"Invalid call to dataType on unresolved object {self.sql()}")

    @property
    def nullable(self) -> bool:
        return any(c.nullable for c in self.children)

    @property
    def deterministic(self) -> bool:
        return all(c.deterministic for c in self.children)

    # -- rendering ------------------------------------------------------------
    def sql(self) -> str:
        raise NotImplementedError(type(self).__name__)

    def pretty_name(self) -> str:
        """The column name Spark gives this expression when it is not aliased."""
        return self.sql()

    def __repr__(self) -> str:
        return self.sql()


@dataclass(frozen=True, repr=False)
class UnaryExpression(Expression):
    """An expression of one child (its first argument); its type is the child's unless it says
    otherwise. Subclasses declare only their other arguments."""

    child: Expression
    _child_fields = ("child",)

    @property
    def data_type(self) -> T.DataType:
        return self.child.data_type


# ---------------------------------------------------------------------------
# leaves


@dataclass(frozen=True, repr=False)
class UnresolvedAttribute(Expression):
    """A column named by the user: ``col("a")``, ``col("t.a")``, ``col("s.field")``."""

    name_parts: tuple[str, ...]
    plan_id: int | None = None  # set for ``df["a"]``: resolve against that DataFrame

    @property
    def resolved(self) -> bool:
        return False

    @property
    def name(self) -> str:
        return ".".join(self.name_parts)

    def sql(self) -> str:
        return ".".join(p if _is_plain(p) else quote_identifier(p) for p in self.name_parts)


def _is_plain(name: str) -> bool:
    return name.replace("_", "a").isalnum() and not name[:1].isdigit()


@dataclass(frozen=True, repr=False)
class UnresolvedStar(Expression):
    """``*`` or ``t.*``."""

    target: tuple[str, ...] | None = None

    @property
    def resolved(self) -> bool:
        return False

    def sql(self) -> str:
        return ".".join(self.target) + ".*" if self.target else "*"


@dataclass(frozen=True, repr=False)
class UnresolvedOrdinal(Expression):
    """The ``position``-th (1-based) column of the node's input: Spark's ``UnresolvedOrdinal``.

    The SQL parser uses it for ``ORDER BY 1``, for ``HAVING count(*) > 1`` / ``ORDER BY
    sum(x)`` when the aggregate is an un-aliased select item (whose column name only
    the analyzer knows), and to project hidden HAVING/ORDER BY columns away.
    """

    position: int

    @property
    def resolved(self) -> bool:
        return False

    def sql(self) -> str:
        return f"ordinal({self.position})"


@dataclass(frozen=True, repr=False)
class AttributeReference(Expression):
    """A resolved column: name, type, nullability and a unique id."""

    name: str
    dtype: T.DataType
    is_nullable: bool = True
    expr_id: int = field(default_factory=new_expr_id)
    qualifier: tuple[str, ...] = ()
    metadata: dict[str, Any] | None = field(default=None, compare=False, hash=False)
    # the name as the user wrote it when resolved case-insensitively (col("AGE") for age):
    # Spark names expressions with it, max(AGE); the column itself stays ``name``
    spelled: str | None = field(default=None, compare=False, hash=False)

    @property
    def resolved(self) -> bool:
        return True

    @property
    def data_type(self) -> T.DataType:
        return self.dtype

    @property
    def nullable(self) -> bool:
        return self.is_nullable

    @property
    def column_key(self) -> str:
        """The internal (unique) column name used by the compute engine."""
        return f"{self.name}#{self.expr_id}"

    def with_qualifier(self, qualifier: tuple[str, ...]) -> AttributeReference:
        return replace(self, qualifier=qualifier)

    def with_nullability(self, nullable: bool) -> AttributeReference:
        return replace(self, is_nullable=nullable)

    def sql(self) -> str:
        return self.name

    def pretty_name(self) -> str:
        return self.spelled or self.name

    def debug(self) -> str:
        return f"{self.name}#{self.expr_id}"


def infer_literal_type(value: Any) -> T.DataType:
    """Spark's type for a Python literal (``lit(1)`` is an INT, a big int a BIGINT)."""
    if value is None:
        return T.NullType()
    if isinstance(value, bool):
        return T.BooleanType()
    if isinstance(value, int):
        return T.IntegerType() if -(2**31) <= value < 2**31 else T.LongType()
    if isinstance(value, float):
        return T.DoubleType()
    if isinstance(value, str):
        return T.StringType()
    if isinstance(value, (bytes, bytearray)):
        return T.BinaryType()
    if isinstance(value, decimal.Decimal):
        sign, digits, exponent = value.as_tuple()
        scale = max(0, -int(exponent))
        precision = max(len(digits), scale, 1)
        return T.DecimalType(min(precision, 38), min(scale, 38))
    if isinstance(value, _dt.datetime):
        return T.TimestampType()
    if isinstance(value, _dt.date):
        return T.DateType()
    if isinstance(value, _dt.timedelta):
        return T.DayTimeIntervalType()
    if isinstance(value, (list, tuple)):
        elem: T.DataType = T.NullType()
        for v in value:
            if v is not None:
                elem = infer_literal_type(v)
                break
        return T.ArrayType(elem, True)
    raise AnalysisException(
        errorClass="UNSUPPORTED_DATA_TYPE", messageParameters={"data_type": type(value).__name__}
    )


@dataclass(frozen=True, repr=False)
class Literal(Expression):
    value: Any
    dtype: T.DataType

    @staticmethod
    def of(value: Any, dtype: T.DataType | None = None) -> Literal:
        """The literal of a Python value. A naive ``datetime`` as a timestamp is local time
        of the Python process, as PySpark's ``TimestampType.toInternal`` reads it (not the
        session time zone, which applies to SQL's timestamp strings)."""
        dtype = dtype if dtype is not None else infer_literal_type(value)
        if isinstance(value, _dt.datetime) and value.tzinfo is None and isinstance(dtype, T.TimestampType):
            value = value.astimezone()
        return Literal(value, dtype)

    @property
    def resolved(self) -> bool:
        return True

    @property
    def data_type(self) -> T.DataType:
        return self.dtype

    @property
    def nullable(self) -> bool:
        return self.value is None

    def sql(self) -> str:
        v = self.value
        if v is None:
            return "NULL"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(self.dtype, T.LongType):
            return f"{v}L"
        if isinstance(v, float):
            return java_double_to_string(v)
        if isinstance(v, str):
            return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"
        if isinstance(v, _dt.datetime):
            return f"TIMESTAMP '{v.isoformat(sep=' ')}'"
        if isinstance(v, _dt.date):
            return f"DATE '{v.isoformat()}'"
        if isinstance(v, (list, tuple)):
            return "array(" + ", ".join(Literal.of(x).sql() for x in v) + ")"
        if isinstance(v, _dt.timedelta) and isinstance(self.dtype, T.DayTimeIntervalType):
            return day_time_interval_sql(v, self.dtype)
        return str(v)

    def pretty_name(self) -> str:
        # Spark's column name of a string literal is the bare text: lit("x") -> x
        if isinstance(self.value, str):
            return self.value
        if isinstance(self.dtype, T.LongType) and self.value is not None:
            return str(self.value)  # Spark names a numeric literal by its value: 1, not 1L
        return self.sql()


_MICROS = (86_400_000_000, 3_600_000_000, 60_000_000, 1_000_000)  # per day, hour, minute, second


def day_time_interval_sql(value: _dt.timedelta, dtype: T.DayTimeIntervalType) -> str:
    """Spark's ANSI text of a day-time interval: ``INTERVAL '1 02:03:04.5' DAY TO SECOND``.

    The start field holds the whole leading amount (``INTERVAL '90' MINUTE``); later
    fields are zero-padded to two digits; seconds keep their fraction, trailing zeros cut.
    """
    rest = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    sign = "-" if rest < 0 else ""
    rest = abs(rest)
    parts = []
    for unit in range(dtype.startField, dtype.endField + 1):
        if unit == T.DayTimeIntervalType.SECOND:
            whole, micros = divmod(rest, 1_000_000)
            frac = f".{micros:06d}".rstrip("0") if micros else ""
            parts.append(f"{whole:02d}{frac}")
        else:
            amount, rest = divmod(rest, _MICROS[unit])
            parts.append(str(amount) if unit == T.DayTimeIntervalType.DAY else f"{amount:02d}")
    text = parts[0] if len(parts) == 1 else parts[0] + (" " if dtype.startField == 0 else ":") + ":".join(parts[1:])
    fields = dtype.simpleString().removeprefix("interval ").upper()
    return f"INTERVAL '{sign}{text}' {fields}"


# ---------------------------------------------------------------------------
# naming


@dataclass(frozen=True, repr=False)
class Alias(UnaryExpression):
    name: str
    expr_id: int = field(default_factory=new_expr_id)
    metadata: dict[str, Any] | None = field(default=None, compare=False, hash=False)

    @property
    def data_type(self) -> T.DataType:
        return self.child.data_type

    def to_attribute(self) -> AttributeReference:
        return AttributeReference(
            self.name, self.child.data_type, self.child.nullable, self.expr_id, (), self.metadata
        )

    def sql(self) -> str:
        return f"{self.child.sql()} AS {quote_identifier(self.name)}"

    def pretty_name(self) -> str:
        return self.name


@dataclass(frozen=True, repr=False)
class MultiAlias(UnaryExpression):
    """``posexplode(...).alias("p", "v")``: several names for a generator's outputs."""

    names: tuple[str, ...]

    def sql(self) -> str:
        return f"{self.child.sql()} AS ({', '.join(self.names)})"


@dataclass(frozen=True, repr=False)
class UnresolvedGroupingAlias(Expression):
    """``GROUP BY p`` where ``p`` is also a select-list alias (``SELECT a + 1 AS p``).

    Spark groups by an input column named ``p`` when there is one, else by the
    aliased expression; only the analyzer can tell which.
    """

    name: str
    aliased: Expression
    _child_fields = ("aliased",)

    @property
    def resolved(self) -> bool:
        return False

    def sql(self) -> str:
        return self.name


# ---------------------------------------------------------------------------
# functions


@dataclass(frozen=True, repr=False)
class UnresolvedFunction(Expression):
    """A function call by name, resolved against :mod:`rillet.plan.registry`."""

    name: str
    args: tuple[Expression, ...]
    is_distinct: bool = False
    ignore_nulls: bool | None = None
    _child_fields = ("args",)

    @property
    def resolved(self) -> bool:
        return False

    def sql(self) -> str:
        inner = ", ".join(a.sql() for a in self.args)
        return f"{self.name}({'DISTINCT ' if self.is_distinct else ''}{inner})"

    def pretty_name(self) -> str:
        return f"{self.name}({'DISTINCT ' if self.is_distinct else ''}" + ", ".join(
            a.pretty_name() for a in self.args
        ) + ")"


@dataclass(frozen=True, repr=False)
class Call(Expression):
    """A resolved call of a registered function (scalar, aggregate or generator)."""

    spec: FunctionSpec
    args: tuple[Expression, ...]
    is_distinct: bool = False
    ignore_nulls: bool | None = None
    _child_fields = ("args",)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def data_type(self) -> T.DataType:
        return self.spec.result_type([a.data_type for a in self.args], self.args)

    @property
    def nullable(self) -> bool:
        return self.spec.nullable(self.args)

    @property
    def deterministic(self) -> bool:
        return self.spec.deterministic and super().deterministic

    @property
    def is_aggregate(self) -> bool:
        return self.spec.kind == "aggregate"

    @property
    def is_generator(self) -> bool:
        return self.spec.kind == "generator"

    def sql(self) -> str:
        return self.spec.render(self, lambda e: e.sql())

    def pretty_name(self) -> str:
        return self.spec.render(self, lambda e: e.pretty_name())


# ---------------------------------------------------------------------------
# operators


BINARY_SYMBOLS = {
    "add": "+",
    "subtract": "-",
    "multiply": "*",
    "divide": "/",
    "div": "div",
    "remainder": "%",
    "eq": "=",
    "eq_null_safe": "<=>",
    "lt": "<",
    "le": "<=",
    "gt": ">",
    "ge": ">=",
    "and": "AND",
    "or": "OR",
    "bitwise_and": "&",
    "bitwise_or": "|",
    "bitwise_xor": "^",
}
ARITHMETIC_OPS = frozenset({"add", "subtract", "multiply", "divide", "div", "remainder"})
COMPARISON_OPS = frozenset({"eq", "eq_null_safe", "lt", "le", "gt", "ge"})
LOGICAL_OPS = frozenset({"and", "or"})
BITWISE_OPS = frozenset({"bitwise_and", "bitwise_or", "bitwise_xor"})


@dataclass(frozen=True, repr=False)
class BinaryOperator(Expression):
    op: str
    left: Expression
    right: Expression
    # Spark's result type when it differs from the operands' (decimal arithmetic)
    result_type: T.DataType | None = None
    _child_fields = ("left", "right")

    @property
    def data_type(self) -> T.DataType:
        if self.result_type is not None:
            return self.result_type
        if self.op in COMPARISON_OPS or self.op in LOGICAL_OPS:
            return T.BooleanType()
        if self.op == "divide":
            lt = self.left.data_type
            if isinstance(lt, T.DecimalType):
                return lt
            return T.DoubleType()
        if self.op == "div":
            return T.LongType()
        return self.left.data_type  # the analyzer has made both sides the same type

    @property
    def nullable(self) -> bool:
        if self.op == "eq_null_safe":
            return False
        if self.op in ("divide", "div", "remainder"):
            return True
        return self.left.nullable or self.right.nullable

    def sql(self) -> str:
        return f"({self.left.sql()} {BINARY_SYMBOLS[self.op]} {self.right.sql()})"

    def pretty_name(self) -> str:
        return f"({self.left.pretty_name()} {BINARY_SYMBOLS[self.op]} {self.right.pretty_name()})"


@dataclass(frozen=True, repr=False)
class Not(UnaryExpression):
    @property
    def data_type(self) -> T.DataType:
        return T.BooleanType()

    def sql(self) -> str:
        return f"(NOT {self.child.sql()})"

    def pretty_name(self) -> str:
        return f"(NOT {self.child.pretty_name()})"


@dataclass(frozen=True, repr=False)
class Negate(UnaryExpression):
    def sql(self) -> str:
        return f"(- {self.child.sql()})"

    def pretty_name(self) -> str:
        return f"negative({self.child.pretty_name()})"


@dataclass(frozen=True, repr=False)
class BitwiseNot(UnaryExpression):
    def sql(self) -> str:
        return f"~{self.child.sql()}"


@dataclass(frozen=True, repr=False)
class IsNull(UnaryExpression):
    negated: bool = False

    @property
    def data_type(self) -> T.DataType:
        return T.BooleanType()

    @property
    def nullable(self) -> bool:
        return False

    def sql(self) -> str:
        return f"({self.child.sql()} IS {'NOT ' if self.negated else ''}NULL)"

    def pretty_name(self) -> str:
        return f"({self.child.pretty_name()} IS {'NOT ' if self.negated else ''}NULL)"


@dataclass(frozen=True, repr=False)
class In(Expression):
    child: Expression
    values: tuple[Expression, ...]
    _child_fields = ("child", "values")

    @property
    def data_type(self) -> T.DataType:
        return T.BooleanType()

    def sql(self) -> str:
        return f"({self.child.sql()} IN ({', '.join(v.sql() for v in self.values)}))"

    def pretty_name(self) -> str:
        inner = ", ".join(v.pretty_name() for v in self.values)
        return f"({self.child.pretty_name()} IN ({inner}))"


@dataclass(frozen=True, repr=False)
class CaseWhen(Expression):
    branches: tuple[tuple[Expression, Expression], ...]
    otherwise: Expression | None = None

    @property
    def children(self) -> tuple[Expression, ...]:
        kids = [e for pair in self.branches for e in pair]
        if self.otherwise is not None:
            kids.append(self.otherwise)
        return tuple(kids)

    def map_children(self, fn: Callable[[Expression], Expression]) -> Expression:
        return CaseWhen(
            tuple((fn(c), fn(v)) for c, v in self.branches),
            fn(self.otherwise) if self.otherwise is not None else None,
        )

    @property
    def data_type(self) -> T.DataType:
        for _, value in self.branches:
            if not isinstance(value.data_type, T.NullType):
                return value.data_type
        if self.otherwise is not None:
            return self.otherwise.data_type
        return T.NullType()

    @property
    def nullable(self) -> bool:
        # Spark: nullable if any result value is; the conditions do not count
        if self.otherwise is None:
            return True
        return self.otherwise.nullable or any(v.nullable for _, v in self.branches)

    def _render(self, r: Callable[[Expression], str]) -> str:
        parts = ["CASE"]
        for cond, value in self.branches:
            parts.append(f"WHEN {r(cond)} THEN {r(value)}")
        if self.otherwise is not None:
            parts.append(f"ELSE {r(self.otherwise)}")
        parts.append("END")
        return " ".join(parts)

    def sql(self) -> str:
        return self._render(lambda e: e.sql())

    def pretty_name(self) -> str:
        return self._render(lambda e: e.pretty_name())


@dataclass(frozen=True, repr=False)
class Cast(UnaryExpression):
    to: T.DataType
    try_: bool = False
    # inserted by type coercion, not written by the user: invisible in column names
    implicit: bool = field(default=False, compare=False)

    @property
    def data_type(self) -> T.DataType:
        return self.to

    @property
    def nullable(self) -> bool:
        return True if self.try_ else self.child.nullable or force_nullable(self.child.data_type, self.to)

    def sql(self) -> str:
        kw = "TRY_CAST" if self.try_ else "CAST"
        return f"{kw}({self.child.sql()} AS {self.to.simpleString().upper()})"

    def pretty_name(self) -> str:
        if self.implicit:
            return self.child.pretty_name()
        # inside a larger expression a cast always shows: (CAST(id AS INT) + 1); the
        # top-level rule that keeps a column's name is output_name's
        kw = "TRY_CAST" if self.try_ else "CAST"
        return f"{kw}({self.child.pretty_name()} AS {self.to.simpleString().upper()})"

    def source_name(self) -> str | None:
        """The name a top-level cast takes from the named expression it converts, or ``None``.

        Spark's ``Column.named`` gives a top-level cast whose child is a named expression
        (a column, an alias, or such a cast in turn) that expression's name:
        ``col("id").alias("x").cast("string")`` is ``x``, ``col("id").cast("string").cast("int")``
        is ``id``; ``(col("id") + 1).cast("string")`` has none and is ``CAST((id + 1) AS STRING)``.
        """
        child = self.child
        if isinstance(child, (Alias, AttributeReference)):
            return child.name
        if isinstance(child, UnresolvedAttribute):
            return child.name_parts[-1]
        if isinstance(child, Cast):
            return child.source_name()
        return None


_INTEGRAL_DIGITS = {T.ByteType: 3, T.ShortType: 5, T.IntegerType: 10, T.LongType: 20}


def _null_safe_to_decimal(src: T.DataType, to: T.DecimalType) -> bool:
    if isinstance(src, T.BooleanType):
        return True
    if isinstance(src, T.IntegralType):
        return to.precision - to.scale >= _INTEGRAL_DIGITS.get(type(src), 20)
    if isinstance(src, T.DecimalType):
        return to.precision - to.scale >= src.precision - src.scale and to.scale >= src.scale
    return False


def force_nullable(src: T.DataType, to: T.DataType) -> bool:
    """Spark's ``Cast.forceNullable``: a cast that can yield null from a non-null value
    (text that does not parse, NaN to an integer, a date out of a number, a decimal overflow)."""
    if isinstance(src, T.NullType) or src == to:
        return False
    if isinstance(src, T.StringType):
        return not isinstance(to, T.BinaryType)
    if isinstance(to, T.StringType):
        return False
    if isinstance(src, (T.FloatType, T.DoubleType)) and isinstance(to, T.TimestampType):
        return True
    if isinstance(to, T.DateType):
        return not isinstance(src, (T.TimestampType, T.TimestampNTZType))
    if isinstance(src, T.DateType):
        return not isinstance(to, (T.TimestampType, T.TimestampNTZType))
    if isinstance(to, T.CalendarIntervalType):
        return True
    if isinstance(to, T.DecimalType):
        return not _null_safe_to_decimal(src, to)
    return isinstance(src, T.FractionalType) and isinstance(to, T.IntegralType)


def output_name(e: Expression) -> str:
    """Spark's generated name for an un-aliased top-level expression (a cast of a named
    expression keeps its name, see :meth:`Cast.source_name`; anything else its pretty SQL)."""
    if isinstance(e, Cast):
        named = e.source_name()
        if named is not None:
            return named
    return e.pretty_name()


@dataclass(frozen=True, repr=False)
class GetField(UnaryExpression):
    """``s.field`` or ``col["field"]`` on a struct; ``arr[0]`` / ``map["k"]`` go to ``GetItem``."""

    field_name: str

    @property
    def data_type(self) -> T.DataType:
        st = self.child.data_type
        assert isinstance(st, T.StructType)
        field: T.StructField = st[self.field_name]
        return field.dataType

    @property
    def nullable(self) -> bool:
        st = self.child.data_type
        return self.child.nullable or (isinstance(st, T.StructType) and st[self.field_name].nullable)

    def sql(self) -> str:
        return f"{self.child.sql()}.{self.field_name}"

    def pretty_name(self) -> str:
        # Spark: ``col("s").getField("x")`` is named ``s.x``; ``col("s.x")`` is aliased ``x``
        # by the analyzer (see ``resolve_top_level``)
        return f"{self.child.pretty_name()}.{self.field_name}"


@dataclass(frozen=True, repr=False)
class GetItem(Expression):
    """``arr[i]`` (0-based, null when out of range) or ``map[key]``."""

    child: Expression
    key: Expression
    _child_fields = ("child", "key")

    @property
    def data_type(self) -> T.DataType:
        ct = self.child.data_type
        if isinstance(ct, T.ArrayType):
            return ct.elementType
        if isinstance(ct, T.MapType):
            return ct.valueType
        raise AnalysisException(f"Can't extract value from {self.child.sql()}: need array or map type")

    @property
    def nullable(self) -> bool:
        return True

    def sql(self) -> str:
        return f"{self.child.sql()}[{self.key.sql()}]"

    def pretty_name(self) -> str:
        return f"{self.child.pretty_name()}[{self.key.pretty_name()}]"  # m[k], not m['k']


# ---------------------------------------------------------------------------
# ordering


@dataclass(frozen=True, repr=False)
class SortOrder(UnaryExpression):
    ascending: bool = True
    nulls_first: bool | None = None  # None: Spark's default (first for asc, last for desc)

    @property
    def data_type(self) -> T.DataType:
        return self.child.data_type

    @property
    def effective_nulls_first(self) -> bool:
        return self.ascending if self.nulls_first is None else self.nulls_first

    def sql(self) -> str:
        direction = "ASC" if self.ascending else "DESC"
        nulls = "NULLS FIRST" if self.effective_nulls_first else "NULLS LAST"
        return f"{self.child.sql()} {direction} {nulls}"


def strip_alias(e: Expression) -> Expression:
    while isinstance(e, Alias):
        e = e.child
    return e


def contains_aggregate(e: Expression) -> bool:
    return any(isinstance(x, Call) and x.is_aggregate for x in e.walk())


def contains_generator(e: Expression) -> bool:
    return any(isinstance(x, Call) and x.is_generator for x in e.walk())
