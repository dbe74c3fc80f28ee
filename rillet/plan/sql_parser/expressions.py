"""sqlglot expression trees -> rillet's unresolved expression nodes, one rule per sqlglot node.

A node without a rule raises ``NOT_IMPLEMENTED`` naming the construct, never a
node that means something else.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import singledispatch

from sqlglot import exp

from rillet.plan import types as T
from rillet.plan.ddl import _parse_datatype_string
from rillet.plan.expressions.core import (
    Alias,
    BinaryOperator,
    BitwiseNot,
    CaseWhen,
    Cast,
    Expression,
    GetField,
    GetItem,
    In,
    IsNull,
    Literal,
    MultiAlias,
    Negate,
    Not,
    SortOrder,
    UnresolvedAttribute,
    UnresolvedFunction,
    UnresolvedStar,
)
from rillet.plan.expressions.window import RANGE, ROWS, WindowExpression, WindowFrame, WindowSpecDefinition
from rillet.plan.functions.higher_order import LambdaFunction, UnresolvedLambdaVariable
from rillet.plan.sql_parser.dialect import (
    META_IS_NOT,
    META_KEYWORD_FORM,
    META_NAME,
    META_TYPE_TEXT,
    META_TYPED_LITERAL,
)
from rillet.plan.sql_parser.errors import not_supported
from rillet.plan.sql_parser.literals import add_intervals, hex_literal, interval, is_interval, number, typed

_BINARY: dict[type[exp.Expr], str] = {
    exp.Add: "add",
    exp.Sub: "subtract",
    exp.Mul: "multiply",
    exp.Div: "divide",
    exp.IntDiv: "div",
    exp.Mod: "remainder",
    exp.EQ: "eq",
    exp.NullSafeEQ: "eq_null_safe",
    exp.LT: "lt",
    exp.LTE: "le",
    exp.GT: "gt",
    exp.GTE: "ge",
    exp.And: "and",
    exp.Or: "or",
    exp.BitwiseAnd: "bitwise_and",
    exp.BitwiseOr: "bitwise_or",
    exp.BitwiseXor: "bitwise_xor",
}
_NEGATED_BINARY: dict[type[exp.Expr], str] = {exp.NEQ: "eq", exp.NullSafeNEQ: "eq_null_safe"}
_NO_PAREN_CALLS: dict[type[exp.Expr], str] = {
    exp.CurrentDate: "current_date",
    exp.CurrentTimestamp: "current_timestamp",
    exp.CurrentUser: "current_user",
    exp.SessionUser: "session_user",
}
_PATTERN_CALLS: dict[type[exp.Expr], str] = {exp.Like: "like", exp.ILike: "ilike", exp.RegexpLike: "rlike"}

_UNSUPPORTED: dict[type[exp.Expr], str] = {
    exp.Filter: "FILTER (WHERE ...) on an aggregate function",
    exp.JSONExtract: "lambda functions (x -> ...)",
    exp.Subquery: "subqueries in expressions",
    exp.Select: "subqueries in expressions",
    exp.Exists: "EXISTS subqueries",
    exp.Placeholder: "parameter markers",
    exp.Parameter: "parameter markers",
    exp.Tuple: "row value constructors ((a, b))",
    exp.Any: "LIKE ANY / ALL",
    exp.All: "LIKE ANY / ALL",
    exp.Rollup: "GROUP BY ROLLUP",
    exp.Cube: "GROUP BY CUBE",
    exp.GroupingSets: "GROUP BY GROUPING SETS",
}


def to_expression(node: exp.Expr) -> Expression:
    binary = _BINARY.get(type(node))
    if binary is not None:
        left, right = to_expression(node.this), to_expression(node.expression)
        if binary == "add" and is_interval(left) and is_interval(right):
            return add_intervals(left, right)  # type: ignore[arg-type]
        return BinaryOperator(binary, left, right)
    negated = _NEGATED_BINARY.get(type(node))
    if negated is not None:
        return Not(BinaryOperator(negated, to_expression(node.this), to_expression(node.expression)))
    name = _NO_PAREN_CALLS.get(type(node))
    if name is not None and not node.args.get("this"):
        return UnresolvedFunction(name, ())
    return _translate(node)


@singledispatch
def _translate(node: exp.Expr) -> Expression:
    for cls, feature in _UNSUPPORTED.items():
        if isinstance(node, cls):
            raise not_supported(feature)
    raise not_supported(f"the expression {node.sql('spark')!r} ({type(node).__name__})")


@_translate.register
def _(node: exp.Paren) -> Expression:
    return to_expression(node.this)


@_translate.register
def _(node: exp.Column) -> Expression:
    parts = [p.name for p in (node.args.get(k) for k in ("catalog", "db", "table")) if p is not None]
    if isinstance(node.this, exp.Star):
        return UnresolvedStar(tuple(parts) or None)
    return UnresolvedAttribute((*parts, node.this.name))


@_translate.register
def _(node: exp.Star) -> Expression:
    return UnresolvedStar(None)


@_translate.register
def _(node: exp.Dot) -> Expression:
    base = to_expression(node.this)
    if isinstance(node.expression, exp.Star):
        if isinstance(base, UnresolvedAttribute):
            return UnresolvedStar(base.name_parts)
        raise not_supported(f"expanding {node.sql('spark')}")
    if isinstance(base, UnresolvedAttribute):
        return UnresolvedAttribute((*base.name_parts, node.expression.name))
    return GetField(base, node.expression.name)


@_translate.register
def _(node: exp.Bracket) -> Expression:
    keys = node.expressions
    if len(keys) != 1:
        raise not_supported(f"the subscript {node.sql('spark')}")
    return GetItem(to_expression(node.this), to_expression(keys[0]))


@_translate.register
def _(node: exp.Alias) -> Expression:
    return Alias(to_expression(node.this), node.alias)


@_translate.register
def _(node: exp.Aliases) -> Expression:
    return MultiAlias(to_expression(node.this), tuple(e.name for e in node.expressions))


@_translate.register
def _(node: exp.Literal) -> Expression:
    if node.is_string:
        return Literal(node.this, T.StringType())
    return number(node.this, negative=False)


@_translate.register
def _(node: exp.Boolean) -> Expression:
    return Literal(bool(node.this), T.BooleanType())


@_translate.register
def _(node: exp.Null) -> Expression:
    return Literal(None, T.NullType())


@_translate.register
def _(node: exp.HexString) -> Expression:
    return hex_literal(node)


@_translate.register
def _(node: exp.Interval) -> Expression:
    return interval(node)


@_translate.register
def _(node: exp.Neg) -> Expression:
    inner = node.this
    if isinstance(inner, exp.Literal) and not inner.is_string:
        return number(inner.this, negative=True)  # -1 is the literal -1, as in Spark's grammar
    return Negate(to_expression(inner))


@_translate.register
def _(node: exp.BitwiseNot) -> Expression:
    return BitwiseNot(to_expression(node.this))


@_translate.register
def _(node: exp.Not) -> Expression:
    inner = node.this
    if node.meta.get(META_IS_NOT) and isinstance(inner, exp.Is) and isinstance(inner.expression, exp.Null):
        return IsNull(to_expression(inner.this), negated=True)
    return Not(to_expression(inner))


@_translate.register
def _(node: exp.Is) -> Expression:
    target = node.expression
    if isinstance(target, exp.Null):
        return IsNull(to_expression(node.this))
    if isinstance(target, exp.Boolean):  # a IS TRUE is a <=> true
        return BinaryOperator("eq_null_safe", to_expression(node.this), Literal(bool(target.this), T.BooleanType()))
    raise not_supported(f"the predicate {node.sql('spark')}")


@_translate.register
def _(node: exp.In) -> Expression:
    if node.args.get("query") is not None:
        raise not_supported("IN (subquery)")
    if node.args.get("unnest") is not None or node.args.get("field") is not None:
        raise not_supported(f"the predicate {node.sql('spark')}")
    return In(to_expression(node.this), tuple(to_expression(v) for v in node.expressions))


@_translate.register
def _(node: exp.Between) -> Expression:
    value = to_expression(node.this)
    return BinaryOperator(
        "and",
        BinaryOperator("ge", value, to_expression(node.args["low"])),
        BinaryOperator("le", value, to_expression(node.args["high"])),
    )


def _pattern(node: exp.Expr, escape: exp.Expr | None = None) -> Expression:
    name = _PATTERN_CALLS[type(node)]
    if isinstance(node.expression, (exp.Any, exp.All)):
        raise not_supported(_UNSUPPORTED[exp.Any])
    args = [to_expression(node.this), to_expression(node.expression)]
    if escape is not None:
        args.append(to_expression(escape))
    call: Expression = UnresolvedFunction(name, tuple(args))
    return Not(call) if node.args.get("negate") else call


for _cls in _PATTERN_CALLS:
    _translate.register(_cls, lambda node: _pattern(node))


@_translate.register
def _(node: exp.Escape) -> Expression:
    if type(node.this) not in _PATTERN_CALLS:
        raise not_supported(f"ESCAPE in {node.sql('spark')}")
    return _pattern(node.this, node.expression)


@_translate.register
def _(node: exp.BitwiseLeftShift) -> Expression:
    return UnresolvedFunction("shiftleft", (to_expression(node.this), to_expression(node.expression)))


@_translate.register
def _(node: exp.BitwiseRightShift) -> Expression:
    return UnresolvedFunction("shiftright", (to_expression(node.this), to_expression(node.expression)))


@_translate.register
def _(node: exp.DPipe) -> Expression:
    return UnresolvedFunction("concat", (to_expression(node.this), to_expression(node.expression)))


@_translate.register
def _(node: exp.Case) -> Expression:
    operand = to_expression(node.this) if node.this is not None else None
    branches = []
    for branch in node.args.get("ifs") or []:
        cond = to_expression(branch.this)
        if operand is not None:
            cond = BinaryOperator("eq", operand, cond)
        branches.append((cond, to_expression(branch.args["true"])))
    default = node.args.get("default")
    return CaseWhen(tuple(branches), to_expression(default) if default is not None else None)


@_translate.register
def _(node: exp.If) -> Expression:
    args = [node.this, node.args.get("true"), node.args.get("false")]
    return UnresolvedFunction("if", tuple(to_expression(a) for a in args if a is not None))


@_translate.register
def _(node: exp.Cast) -> Expression:
    if node.meta.get(META_TYPED_LITERAL):
        value = node.this
        kind = node.to.this
        type_name = "DATE" if kind == exp.DType.DATE else (
            "TIMESTAMP_NTZ" if kind == exp.DType.TIMESTAMPNTZ else "TIMESTAMP"
        )
        if not (isinstance(value, exp.Literal) and value.is_string):
            raise not_supported(f"the typed literal {node.sql('spark')}")
        return typed(value.this, type_name)
    return Cast(to_expression(node.this), _data_type(node.to), try_=isinstance(node, exp.TryCast))


def _data_type(node: exp.DataType) -> T.DataType:
    text = node.meta.get(META_TYPE_TEXT) or node.sql("spark")
    dt = _parse_datatype_string(text)
    if isinstance(dt, (T.CharType, T.VarcharType)):
        return T.StringType()  # Spark casts to CHAR(n)/VARCHAR(n) as to STRING
    return dt


@_translate.register
def _(node: exp.Anonymous) -> Expression:
    return _call(str(node.name).lower(), node.expressions)


_UNIT_CALLS = ("timestampadd", "timestampdiff", "timestamp_add", "timestamp_diff")


def _call(name: str, raw_args: list[exp.Expr], ignore_nulls: bool | None = None) -> Expression:
    distinct = False
    args: list[Expression] = []
    if name in _UNIT_CALLS and raw_args and isinstance(raw_args[0], exp.Column) and not raw_args[0].table:
        # timestampadd(MINUTE, 90, ts): the unit is a keyword, not a column
        args.append(Literal(raw_args[0].name.upper(), T.StringType()))
        raw_args = raw_args[1:]
    for a in raw_args:
        if isinstance(a, exp.Distinct):
            distinct = True
            args.extend(to_expression(x) for x in a.expressions)
        elif isinstance(a, (exp.IgnoreNulls, exp.RespectNulls)):
            ignore_nulls = isinstance(a, exp.IgnoreNulls)
            args.append(to_expression(a.this))
        elif isinstance(a, (exp.PropertyEQ, exp.Kwarg)):
            raise not_supported("named function arguments (name => value)")
        else:
            args.append(to_expression(a))
    return UnresolvedFunction(name, tuple(args), distinct, ignore_nulls)


@_translate.register
def _(node: exp.IgnoreNulls) -> Expression:
    return _with_nulls(node, True)


@_translate.register
def _(node: exp.RespectNulls) -> Expression:
    return _with_nulls(node, False)


def _with_nulls(node: exp.Expr, ignore: bool) -> Expression:
    call = node.this
    if not isinstance(call, exp.Anonymous):
        raise not_supported(f"IGNORE/RESPECT NULLS after {call.sql('spark')}")
    return _call(str(call.name).lower(), call.expressions, ignore)


@_translate.register
def _(node: exp.Extract) -> Expression:
    field = Literal(node.this.name.upper(), T.StringType())
    return UnresolvedFunction("extract", (field, to_expression(node.expression)))


@_translate.register
def _(node: exp.Trim) -> Expression:
    position = (node.args.get("position") or "BOTH").upper()
    chars = node.expression
    if node.args.get("collation") is not None:
        raise not_supported("TRIM ... COLLATE")
    name = {"BOTH": "trim", "LEADING": "ltrim", "TRAILING": "rtrim"}[position]
    if chars is None:
        return UnresolvedFunction(name, (to_expression(node.this),))
    return UnresolvedFunction(name, (to_expression(node.this), to_expression(chars)))


@_translate.register
def _(node: exp.StrPosition) -> Expression:
    args = [to_expression(node.args["substr"]), to_expression(node.this)]
    if node.args.get("position") is not None:
        args.append(to_expression(node.args["position"]))
    # Spark reads position(a IN s) as locate(a, s) and position(a, s) as itself
    return UnresolvedFunction("locate" if node.meta.get(META_KEYWORD_FORM) else "position", tuple(args))


@_translate.register
def _(node: exp.Lambda) -> Expression:
    # x -> body, (x, i) -> body: the parameters are bound (and typed) by the higher-order function
    params = tuple(UnresolvedLambdaVariable(p.name) for p in node.expressions)
    return LambdaFunction(to_expression(node.this), params)


@_translate.register
def _(node: exp.Identifier) -> Expression:
    # sqlglot leaves a lambda parameter inside its body as a bare identifier
    return UnresolvedLambdaVariable(node.name)


@_translate.register
def _(node: exp.Transform) -> Expression:
    return UnresolvedFunction("transform", (to_expression(node.this), to_expression(node.expression)))


@_translate.register
def _(node: exp.Any) -> Expression:
    if isinstance(node.this, (exp.Tuple, exp.Query)):
        raise not_supported(_UNSUPPORTED[exp.Any])
    return UnresolvedFunction("any", (to_expression(node.this),))  # the aggregate any(x)


@_translate.register
def _(node: exp.Substring) -> Expression:
    args = [node.this, node.args.get("start"), node.args.get("length")]
    name = node.meta.get(META_NAME, "substring")
    return UnresolvedFunction(name, tuple(to_expression(a) for a in args if a is not None))


# -- window functions ------------------------------------------------------------


def sort_order(node: exp.Ordered, key: Expression) -> SortOrder:
    ascending = not node.args.get("desc")
    nulls_first = bool(node.args.get("nulls_first"))
    return SortOrder(key, ascending, None if nulls_first == ascending else nulls_first)


@dataclass(frozen=True, eq=False)
class SqlWindowFrame(WindowFrame):
    """A frame written in SQL: Spark names ``1 PRECEDING`` as written, not as ``-1 FOLLOWING``."""

    lower_sql: str = ""
    upper_sql: str = ""

    def sql(self) -> str:
        return f"{self.frame_type.upper()} BETWEEN {self.lower_sql} AND {self.upper_sql}"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WindowFrame):
            return NotImplemented
        return (self.frame_type, self.lower, self.upper) == (other.frame_type, other.lower, other.upper)

    def __hash__(self) -> int:
        return hash((self.frame_type, self.lower, self.upper))


@_translate.register
def _(node: exp.Window) -> Expression:
    if node.args.get("alias") is not None:
        raise not_supported(f"the window reference OVER {node.args['alias'].name}")
    if node.args.get("within_group") or str(node.args.get("over") or "OVER").upper() != "OVER":
        raise not_supported(f"the window {node.sql('spark')}")
    function = to_expression(node.this)
    partition = tuple(to_expression(p) for p in node.args.get("partition_by") or ())
    order = node.args.get("order")
    orders = tuple(sort_order(o, to_expression(o.this)) for o in order.expressions) if order is not None else ()
    spec = node.args.get("spec")
    frame = _frame(spec) if spec is not None else None
    return WindowExpression(function, WindowSpecDefinition(partition, orders, frame))


def _frame(spec: exp.WindowSpec) -> WindowFrame:
    kind = str(spec.args.get("kind") or "").lower()
    if kind not in (ROWS, RANGE) or spec.args.get("exclude") is not None:
        raise not_supported(f"the window frame {spec.sql('spark')}")
    lower, lower_sql = _frame_bound(spec.args.get("start"), spec.args.get("start_side"), spec)
    end = spec.args.get("end")
    upper, upper_sql = _frame_bound(end, spec.args.get("end_side"), spec) if end is not None else (0, "CURRENT ROW")
    return SqlWindowFrame(kind, lower, upper, lower_sql, upper_sql)


def _frame_bound(value: exp.Expr | str | None, side: str | None, spec: exp.WindowSpec) -> tuple[int | None, str]:
    side = str(side or "").upper()
    if isinstance(value, str) and value.upper() == "CURRENT ROW":
        return 0, "CURRENT ROW"
    if isinstance(value, str) and value.upper() == "UNBOUNDED" and side in ("PRECEDING", "FOLLOWING"):
        return None, f"UNBOUNDED {side}"
    offset = to_expression(value) if isinstance(value, exp.Expr) else None
    if not (isinstance(offset, Literal) and isinstance(offset.value, int) and not isinstance(offset.value, bool)):
        raise not_supported(f"the window frame {spec.sql('spark')} (only integer literal offsets)")
    if side == "PRECEDING":
        return -offset.value, f"{offset.sql()} PRECEDING"
    return offset.value, f"{offset.sql()} FOLLOWING"
