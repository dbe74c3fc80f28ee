"""sqlglot query trees -> logical plans.

SELECT with WHERE, GROUP BY, HAVING and ORDER BY; FROM with joins, subqueries and
``range(...)``; LIMIT/OFFSET; UNION; WITH; VALUES.
"""

from __future__ import annotations

import pyarrow as pa
from sqlglot import exp

from rillet.errors import AnalysisException, ParseException
from rillet.plan import functions as _catalog  # noqa: F401  (declares every function)
from rillet.plan import logical as L
from rillet.plan import registry
from rillet.plan.expressions.core import (
    Alias,
    Expression,
    Literal,
    MultiAlias,
    UnresolvedAttribute,
    UnresolvedFunction,
    UnresolvedGroupingAlias,
    UnresolvedOrdinal,
    UnresolvedStar,
    strip_alias,
)
from rillet.plan.expressions.window import WindowExpression
from rillet.plan.sql_parser.errors import not_supported, spark_error
from rillet.plan.sql_parser.expressions import sort_order as _sort_order
from rillet.plan.sql_parser.expressions import to_expression

_Ctes = dict[str, L.LogicalPlan]

_SELECT_ARGS = {"with_", "expressions", "hint", "distinct", "from_", "joins", "where", "group", "having",
                "order", "limit", "offset", "windows"}
_SET_OP_ARGS = {"with_", "this", "expression", "distinct", "order", "limit", "offset", "by_name"}
_CLAUSES = {
    "laterals": "LATERAL VIEW",
    "windows": "WINDOW clauses",
    "qualify": "QUALIFY",
    "sort": "SORT BY",
    "cluster": "CLUSTER BY",
    "distribute": "DISTRIBUTE BY",
    "pivots": "PIVOT / UNPIVOT",
    "sample": "TABLESAMPLE",
    "into": "SELECT ... INTO",
    "match": "MATCH_RECOGNIZE",
    "connect": "CONNECT BY",
    "prewhere": "PREWHERE",
    "settings": "SETTINGS",
    "locks": "FOR UPDATE",
    "operation_modifiers": "query modifiers",
    "exclude": "SELECT * EXCEPT",
    "options": "OPTIONS",
    "format": "FORMAT",
    "for_": "FOR",
    "side": "outer set operations",
    "kind": "SELECT AS STRUCT / VALUE",
    "on": "set operations ON",
}


def _check_args(node: exp.Expr, allowed: set[str]) -> None:
    for key, value in node.args.items():
        if key in allowed or value is None or value is False or value == []:
            continue
        raise not_supported(_CLAUSES.get(key, key.rstrip("_").upper()))


def to_plan(node: exp.Expr, ctes: _Ctes) -> L.LogicalPlan:
    with_ = node.args.get("with_")
    if with_ is not None:
        ctes = _with(with_, ctes)
    if isinstance(node, exp.Select):
        return _select(node, ctes)
    if isinstance(node, exp.Union):
        return _union(node, ctes)
    if isinstance(node, exp.Subquery):
        if node.args.get("alias") is not None:
            raise not_supported("an alias on a parenthesized top-level query")
        plan = to_plan(node.this, ctes)
        return _modifiers(node, plan)
    if isinstance(node, (exp.Intersect, exp.Except)):
        raise not_supported(f"{type(node).__name__.upper()} (set operation)")
    if isinstance(node, exp.Values):
        return _values(node)
    raise not_supported(f"the query {type(node).__name__}")


def _values(node: exp.Values) -> L.LogicalPlan:
    """``VALUES (1, 'a'), (2, 'b') [AS v(x, y)]``: one projection of the one-row relation per
    row, unioned, so the analyzer widens the column types across rows as Spark does."""
    alias = node.args.get("alias")
    names = [c.name for c in alias.args.get("columns") or []] if alias is not None else []
    rows: list[L.LogicalPlan] = []
    width = None
    for row in node.expressions:
        values = [to_expression(v) for v in (row.expressions if isinstance(row, exp.Tuple) else [row])]
        width = len(values) if width is None else width
        if len(values) != width:
            raise AnalysisException(
                "[INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH] Invalid inline table. Inline table "
                f"expected {width} columns but found {len(values)} columns in row {len(rows)}. SQLSTATE: 42000",
                errorClass="INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH",
            )
        if names and len(names) != width:
            raise spark_error(AnalysisException, "ASSIGNMENT_ARITY_MISMATCH", numTarget=str(len(names)), numExpr=str(width))
        columns = names or [f"col{i + 1}" for i in range(width)]
        rows.append(L.Project(_one_row(), tuple(Alias(v, n) for v, n in zip(values, columns))))
    plan = rows[0] if len(rows) == 1 else L.Union(tuple(rows))
    return L.SubqueryAlias(plan, alias.name) if alias is not None and alias.name else plan


def _one_row() -> L.LogicalPlan:
    """The input of a query without FROM (``SELECT 1``): one row, no columns."""
    return L.LocalRelation((), pa.table({"_": [0]}).drop(["_"]))


def _with(node: exp.With, ctes: _Ctes) -> _Ctes:
    if node.args.get("recursive"):
        raise not_supported("WITH RECURSIVE")
    ctes = dict(ctes)
    for cte in node.expressions:
        alias = cte.args.get("alias")
        if alias is not None and alias.args.get("columns"):
            raise not_supported("column lists on a common table expression (WITH c(x) AS ...)")
        name = cte.alias
        ctes[name.lower()] = L.SubqueryAlias(to_plan(cte.this, ctes), name)
    return ctes


def _union(node: exp.Union, ctes: _Ctes) -> L.LogicalPlan:
    _check_args(node, _SET_OP_ARGS)
    if node.args.get("by_name"):
        raise not_supported("UNION BY NAME")
    distinct = bool(node.args.get("distinct"))
    inputs: list[L.LogicalPlan] = []
    for side in (node.this, node.expression):
        if isinstance(side, exp.Select) and _has_modifiers(side, ("order", "limit", "offset")):
            # ORDER BY / LIMIT belong to the whole set operation unless the operand is parenthesized
            raise ParseException(
                errorClass="PARSE_SYNTAX_ERROR", messageParameters={"error": "'UNION'", "hint": ""}
            )
        # a UNION ALL b UNION ALL c is one Union of three
        if isinstance(side, exp.Union) and bool(side.args.get("distinct")) == distinct and not _has_modifiers(side):
            flat = _union(side, ctes)
            inputs.extend(flat.child.inputs if isinstance(flat, L.Distinct) else flat.inputs)  # type: ignore[attr-defined]
        else:
            inputs.append(to_plan(side, ctes))
    plan: L.LogicalPlan = L.Union(tuple(inputs))
    if distinct:
        plan = L.Distinct(plan)
    return _modifiers(node, plan)


def _has_modifiers(node: exp.Expr, keys: tuple[str, ...] = ("order", "limit", "offset", "with_")) -> bool:
    return any(node.args.get(k) for k in keys)


def _modifiers(node: exp.Expr, plan: L.LogicalPlan) -> L.LogicalPlan:
    """ORDER BY / LIMIT / OFFSET over a finished query (a set operation or parenthesized query)."""
    order = node.args.get("order")
    if order is not None:
        plan = L.Sort(plan, tuple(_sort_order(o, _order_key(o.this)) for o in order.expressions))
    return _limit(node, plan)


def _limit(node: exp.Expr, plan: L.LogicalPlan) -> L.LogicalPlan:
    limit, offset = node.args.get("limit"), node.args.get("offset")
    if limit is None and offset is None:
        return plan
    n = _int_clause(limit, "LIMIT") if limit is not None and not _is_all(limit.expression) else None
    skip = _int_clause(offset, "OFFSET") if offset is not None else 0
    return L.Limit(plan, n if n is not None else 2**63 - 1, skip)


def _is_all(node: exp.Expr | None) -> bool:
    return isinstance(node, exp.Var) and node.name.upper() == "ALL"


def _int_clause(node: exp.Expr, clause: str) -> int:
    value = node.expression if node.expression is not None else node.this
    e = to_expression(value) if value is not None else None
    if not (isinstance(e, Literal) and isinstance(e.value, int) and not isinstance(e.value, bool)):
        raise not_supported(f"a {clause} that is not an integer literal")
    if e.value < 0:
        raise AnalysisException(
            f"[INVALID_{clause}_LIKE_EXPRESSION.IS_NEGATIVE] The {clause.lower()} like expression "
            f"\"{e.value}\" is invalid. The {clause.lower()} expression must be equal to or greater "
            f"than 0, but got {e.value}. SQLSTATE: 42K0E",
            errorClass=f"INVALID_{clause}_LIKE_EXPRESSION.IS_NEGATIVE",
        )
    return int(e.value)


def _order_key(node: exp.Expr) -> Expression:
    """An ORDER BY / GROUP BY key; a bare integer is a position (Spark's ordinal)."""
    if _is_all(node):
        raise not_supported("ORDER BY ALL")
    if isinstance(node, exp.Literal) and not node.is_string and node.this.isdigit():
        return UnresolvedOrdinal(int(node.this))
    return to_expression(node)


# -- FROM ---------------------------------------------------------------------


def _from(node: exp.Select, ctes: _Ctes) -> L.LogicalPlan:
    source = node.args.get("from_")
    if source is None:
        if node.args.get("joins"):
            raise not_supported("JOIN without FROM")
        return _one_row()
    plan = _relation(source.this, ctes)
    for join in node.args.get("joins") or []:
        plan = _join(plan, join, ctes)
    return plan


def _relation(node: exp.Expr, ctes: _Ctes) -> L.LogicalPlan:
    alias_node = node.args.get("alias")
    if alias_node is not None and alias_node.args.get("columns") and not isinstance(node, exp.Values):
        raise not_supported("column aliases on a relation (AS x(a, b))")
    alias = alias_node.name if alias_node is not None else None
    for key in ("pivots", "laterals", "joins", "sample", "when", "version"):
        if node.args.get(key):
            raise not_supported(_CLAUSES.get(key, key.upper()))
    plan: L.LogicalPlan
    if isinstance(node, exp.Table):
        if isinstance(node.this, exp.Func):
            plan = _table_function(node.this)
        else:
            parts = [p.name for p in (node.args.get(k) for k in ("catalog", "db")) if p is not None]
            name = ".".join((*parts, node.name))
            cte = ctes.get(name.lower()) if not parts else None
            plan = cte if cte is not None else L.UnresolvedRelation(name)
    elif isinstance(node, exp.Subquery):
        plan = to_plan(node.this, ctes)
        plan = _modifiers(node, plan)
    elif isinstance(node, exp.Values):
        return _values(node)
    else:
        raise not_supported(f"the relation {node.sql('spark')}")
    return L.SubqueryAlias(plan, alias) if alias else plan


def _table_function(node: exp.Expr) -> L.LogicalPlan:
    name = str(node.name).lower()
    args = [to_expression(a) for a in node.expressions]
    values = [a.value for a in args if isinstance(a, Literal) and isinstance(a.value, int)]
    if name == "range" and len(values) == len(args) and 1 <= len(args) <= 3:
        start, end, step = (0, values[0], 1) if len(values) == 1 else (values[0], values[1], 1)
        if len(values) == 3:
            step = values[2]
        return L.Range(start, end, step)
    raise not_supported(f"the table-valued function {name}(...)")


_JOIN_KINDS = {"": "inner", "INNER": "inner", "CROSS": "cross"}


def _join(left: L.LogicalPlan, node: exp.Join, ctes: _Ctes) -> L.LogicalPlan:
    if node.args.get("method"):
        raise not_supported(f"{node.args['method'].upper()} JOIN")
    side = (node.args.get("side") or "").upper()
    kind = (node.args.get("kind") or "").upper()
    if kind in ("SEMI", "ANTI"):
        if side not in ("", "LEFT"):
            raise not_supported(f"{side} {kind} JOIN")
        how = kind.lower()
    elif side:
        how = {"LEFT": "left", "RIGHT": "right", "FULL": "full"}[side]
    elif kind in _JOIN_KINDS:
        how = _JOIN_KINDS[kind]
    else:
        raise not_supported(f"{kind} JOIN")
    right = _relation(node.this, ctes)
    using = node.args.get("using")
    on = node.args.get("on")
    if using:
        return L.Join(left, right, how, None, tuple(u.name for u in using))
    return L.Join(left, right, how, to_expression(on) if on is not None else None)


# -- SELECT -------------------------------------------------------------------


def _select(node: exp.Select, ctes: _Ctes) -> L.LogicalPlan:
    _check_args(node, _SELECT_ARGS)
    node = _inline_named_windows(node)
    distinct_node = node.args.get("distinct")
    if distinct_node is not None and distinct_node.args.get("on") is not None:
        raise not_supported("DISTINCT ON")
    plan = _from(node, ctes)
    where = node.args.get("where")
    if where is not None:
        plan = L.Filter(plan, to_expression(where.this))
    items = tuple(to_expression(e) for e in node.expressions)
    order = node.args.get("order")
    orders = [(o, _order_key(o.this)) for o in order.expressions] if order is not None else []
    if not any(isinstance(i, UnresolvedStar) for i in items):
        for _, key in orders:
            if isinstance(key, UnresolvedOrdinal) and not 1 <= key.position <= len(items):
                raise spark_error(
                    AnalysisException, "ORDER_BY_POS_OUT_OF_RANGE", index=str(key.position), size=str(len(items))
                )
    group, having = node.args.get("group"), node.args.get("having")
    if group is not None or having is not None or any(_has_aggregate(e) for e in (*items, *(k for _, k in orders))):
        plan = _aggregate_query(plan, node, items, orders, distinct_node is not None)
    else:
        plan = _project_query(plan, items, orders, distinct_node is not None)
    return _limit(node, plan)


def _inline_named_windows(node: exp.Select) -> exp.Select:
    """``WINDOW w AS (...)``: each ``OVER w`` / ``OVER (w ORDER BY ...)`` takes w's definition."""
    defined = {w.name.lower(): w for w in node.args.get("windows") or ()}
    if not defined:
        return node
    node = node.copy()
    node.set("windows", None)
    for window in list(node.find_all(exp.Window)):
        ref = window.args.get("alias")
        if ref is None:
            continue
        definition = defined.get(ref.name.lower())
        if definition is None:
            raise AnalysisException(
                f"[MISSING_WINDOW_SPECIFICATION] Window specification {ref.name} is not defined in the "
                f"WINDOW clause for {ref.name}. For more information about WINDOW clauses, please refer to "
                "'https://spark.apache.org/docs/latest/sql-ref-syntax-qry-select-window.html'. SQLSTATE: 42P20",
                errorClass="MISSING_WINDOW_SPECIFICATION",
            )
        if any(window.args.get(key) for key in ("partition_by", "order", "spec")):
            raise not_supported(f"refining the named window {ref.name} inside OVER (...)")
        window.set("alias", None)
        for key in ("partition_by", "order", "spec"):
            if definition.args.get(key):
                window.set(key, definition.args[key])
    return node


def _project_query(
    child: L.LogicalPlan, items: tuple[Expression, ...], orders: list[tuple[exp.Ordered, Expression]], distinct: bool
) -> L.LogicalPlan:
    """Project, with ORDER BY below it when the sort can be computed from the input.

    Spark resolves ORDER BY names against the select list first and the input
    second, so ``SELECT a AS x FROM t ORDER BY b`` sorts by an input column the
    result does not have. Sorting below the projection (with select aliases replaced
    by their expressions) gives the same rows in the same order.
    """
    if not orders:
        plan: L.LogicalPlan = L.Project(child, items)
        return L.Distinct(plan) if distinct else plan
    aliases = _aliases(items)
    below = not distinct and all(
        _computable_below(key, items, aliases) for _, key in orders
    )
    if below:
        sort = L.Sort(child, tuple(_sort_order(o, _inline(key, items, aliases)) for o, key in orders))
        return L.Project(sort, items)
    plan = L.Project(child, items)
    if distinct:
        plan = L.Distinct(plan)
    return L.Sort(plan, tuple(_sort_order(o, _on_output(key, items)) for o, key in orders))


def _aliases(items: tuple[Expression, ...]) -> dict[str, int]:
    """Select-list alias (lower-cased) -> index of its first occurrence."""
    out: dict[str, int] = {}
    for i, item in enumerate(items):
        if isinstance(item, Alias):
            out.setdefault(item.name.lower(), i)
    return out


def _alias_ref(e: Expression, aliases: dict[str, int]) -> int | None:
    if isinstance(e, UnresolvedAttribute) and len(e.name_parts) == 1 and e.plan_id is None:
        return aliases.get(e.name_parts[0].lower())
    return None


def _has_star_before(items: tuple[Expression, ...], index: int) -> bool:
    return any(isinstance(i, UnresolvedStar) for i in items[: index + 1])


def _computable_below(key: Expression, items: tuple[Expression, ...], aliases: dict[str, int]) -> bool:
    if isinstance(key, UnresolvedOrdinal):
        index = key.position - 1
        if not 0 <= index < len(items) or _has_star_before(items, index):
            return False  # resolved (or rejected) against the projection's output
        return _recomputable(strip_alias(items[index]))
    for e in key.walk():
        ref = _alias_ref(e, aliases)
        if ref is not None and not _recomputable(strip_alias(items[ref])):
            return False
    return True


def _recomputable(e: Expression) -> bool:
    """Whether evaluating ``e`` again below the projection gives the same values."""
    for x in e.walk():
        if isinstance(x, UnresolvedFunction):
            spec = registry.find(x.name)
            if spec is None or spec.kind != "scalar" or not spec.deterministic:
                return False
        elif isinstance(x, (UnresolvedStar, MultiAlias)):
            return False
    return True


def _inline(key: Expression, items: tuple[Expression, ...], aliases: dict[str, int]) -> Expression:
    if isinstance(key, UnresolvedOrdinal):
        return strip_alias(items[key.position - 1])

    def substitute(e: Expression) -> Expression:
        index = _alias_ref(e, aliases)
        if index is not None:
            return strip_alias(items[index])
        return e.map_children(substitute)

    return substitute(key)


def _on_output(key: Expression, items: tuple[Expression, ...]) -> Expression:
    """An ORDER BY key evaluated over the select list's output."""
    if isinstance(key, UnresolvedOrdinal):
        return key
    for i, item in enumerate(items):
        if not isinstance(item, UnresolvedAttribute) and strip_alias(item) == key and not _has_star_before(items, i):
            return UnresolvedOrdinal(i + 1)
    return key


def _is_aggregate_call(e: Expression) -> bool:
    if not isinstance(e, UnresolvedFunction):
        return False
    spec = registry.find(e.name)
    return spec is not None and spec.kind == "aggregate"


def _has_aggregate(e: Expression) -> bool:
    """An aggregate call outside a window (``sum(v) OVER (...)`` alone does not group)."""
    if isinstance(e, WindowExpression):
        inner = e.function.children if isinstance(e.function, UnresolvedFunction) else (e.function,)
        return any(_has_aggregate(c) for c in (*inner, *e.spec.children))
    return _is_aggregate_call(e) or any(_has_aggregate(c) for c in e.children)


def _aggregate_query(
    child: L.LogicalPlan,
    node: exp.Select,
    items: tuple[Expression, ...],
    orders: list[tuple[exp.Ordered, Expression]],
    distinct: bool,
) -> L.LogicalPlan:
    """GROUP BY / HAVING / ORDER BY over an aggregation.

    HAVING and ORDER BY may use aggregates and grouping columns the select list
    does not show (``SELECT k FROM t GROUP BY k HAVING sum(x) > 0``). They are
    computed as extra, hidden aggregate columns and projected away afterwards, as
    Spark's analyzer does. A HAVING/ORDER BY expression equal to a select item
    refers to that item's column by position (its name is only known after analysis).
    """
    grouping = _grouping(node.args.get("group"), items)
    hidden: list[Alias] = []
    aliases = _aliases(items)

    def over_output(e: Expression) -> Expression:
        if isinstance(e, UnresolvedOrdinal):
            return e
        index = _item_index(e, items, aliases)
        if index is not None:
            return _item_ref(items, index)
        if isinstance(e, UnresolvedAttribute) or _is_aggregate_call(e):
            hidden.append(Alias(e, f"__rillet_hidden_{len(hidden)}"))
            return UnresolvedAttribute((hidden[-1].name,))
        return e.map_children(over_output)

    having = node.args.get("having")
    condition = over_output(to_expression(having.this)) if having is not None else None
    having_hidden = len(hidden)
    sort_orders = tuple(_sort_order(o, over_output(key)) for o, key in orders)
    if hidden and any(isinstance(i, UnresolvedStar) for i in items):
        raise not_supported("HAVING/ORDER BY on columns outside a SELECT list that has *")
    plan: L.LogicalPlan = L.Aggregate(child, grouping, (*items, *hidden))
    visible = tuple(UnresolvedOrdinal(i + 1) for i in range(len(items)))
    if condition is not None:
        plan = L.Filter(plan, condition)
    if distinct:
        if len(hidden) > having_hidden:
            raise AnalysisException(
                "ORDER BY on a SELECT DISTINCT may only use the selected columns; "
                "add the ORDER BY expression to the SELECT list."
            )
        if hidden:
            plan = L.Project(plan, visible)
        plan = L.Distinct(plan)
        if sort_orders:
            plan = L.Sort(plan, sort_orders)
        return plan
    if sort_orders:
        plan = L.Sort(plan, sort_orders)
    return L.Project(plan, visible) if hidden else plan


def _item_index(e: Expression, items: tuple[Expression, ...], aliases: dict[str, int]) -> int | None:
    index = _alias_ref(e, aliases)
    if index is not None:
        return index
    for i, item in enumerate(items):
        if strip_alias(item) == e:
            return i
    return None


def _item_ref(items: tuple[Expression, ...], index: int) -> Expression:
    item = items[index]
    if not _has_star_before(items, index):
        return UnresolvedOrdinal(index + 1)
    if isinstance(item, Alias):
        return UnresolvedAttribute((item.name,))
    if isinstance(item, UnresolvedAttribute):
        return item
    raise not_supported("HAVING/ORDER BY on an un-aliased select item after *; alias the item")


def _grouping(group: exp.Group | None, items: tuple[Expression, ...]) -> tuple[Expression, ...]:
    if group is None:
        return ()
    for arg, what in (("grouping_sets", "GROUPING SETS"), ("cube", "CUBE"), ("rollup", "ROLLUP"),
                      ("totals", "WITH TOTALS")):
        if group.args.get(arg):
            raise not_supported(what)
    if group.args.get("all"):
        if any(isinstance(i, UnresolvedStar) for i in items):
            raise not_supported("GROUP BY ALL with *")
        return tuple(strip_alias(i) for i in items if not _has_aggregate(i))
    aliases = _aliases(items)
    out: list[Expression] = []
    for g in group.expressions:
        key = _order_key(g)
        if isinstance(key, UnresolvedOrdinal):
            out.append(_group_position(key.position, items))
            continue
        index = _alias_ref(key, aliases)
        if index is not None and not _has_aggregate(items[index]):
            key = UnresolvedGroupingAlias(key.name_parts[0], strip_alias(items[index]))  # type: ignore[attr-defined]
        out.append(key)
    return tuple(out)


def _group_position(position: int, items: tuple[Expression, ...]) -> Expression:
    if any(isinstance(i, UnresolvedStar) for i in items[:position]):
        raise not_supported("GROUP BY position after * in the SELECT list")
    if not 1 <= position <= len(items):
        raise spark_error(AnalysisException, "GROUP_BY_POS_OUT_OF_RANGE", index=str(position), size=str(len(items)))
    item = items[position - 1]
    if _has_aggregate(item):
        name = item.name if isinstance(item, Alias) else item.sql()
        raise spark_error(
            AnalysisException, "GROUP_BY_POS_AGGREGATE", index=str(position),
            aggExpr=f"{strip_alias(item).sql()} AS `{name}`",
        )
    return strip_alias(item)
