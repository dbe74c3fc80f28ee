"""Spark SQL text -> rillet plan nodes, through sqlglot's Spark dialect (the only sqlglot user).

``parse_expression`` serves ``F.expr``, ``selectExpr`` and ``filter("a > 1")``;
``parse_query`` serves ``spark.sql``. Both build the same unresolved nodes the
DataFrame API builds, so the analyzer names and types them the same way Spark does
(``SELECT a + 1`` -> ``(a + 1)``, ``count(*)`` -> ``count(1)``).

sqlglot is used as a tokenizer and grammar only. Its function table is switched
off, so every call reaches us as the name the user wrote (``ucase(s)`` stays
``ucase``) and :mod:`rillet.plan.registry` alone decides what a function is.
Literals are read from the source text with Spark's rules (``1.5`` is
``DECIMAL(2,1)``, ``1L`` a BIGINT, ``'a\\nb'`` has a newline, ``'a' 'b'`` is
``'ab'``). Window functions (``f() OVER (...)``, ``WINDOW w AS (...)``) build
the nodes ``Column.over`` builds. A construct rillet cannot run (subqueries in
expressions, LATERAL VIEW, ...) raises a ``ParseException`` naming it, never a
plan that means something else.

The package only builds nodes: :mod:`.dialect` reads text into a sqlglot tree
(:mod:`.errors` maps syntax errors to Spark's), :mod:`.expressions` and
:mod:`.literals` translate expressions, :mod:`.queries` builds plans.
"""

from __future__ import annotations

from sqlglot import exp

from rillet.plan import logical as L
from rillet.plan.expressions.core import Expression
from rillet.plan.sql_parser.dialect import first_token, parse_tree
from rillet.plan.sql_parser.errors import not_supported, syntax_error
from rillet.plan.sql_parser.expressions import to_expression
from rillet.plan.sql_parser.queries import to_plan

__all__ = ["parse_expression", "parse_query"]


def parse_expression(text: str) -> Expression:
    """Parse one Spark SQL expression, optionally aliased: ``"a + 1"``, ``"count(*) AS n"``.

    >>> parse_expression("a + 1").sql()
    '(a + 1)'
    """
    node = parse_tree(text, query=False)
    if not isinstance(node, exp.Subquery) and isinstance(node, (exp.Query, exp.Command, exp.DDL, exp.DML)):
        raise syntax_error(text, first_token(text), "")
    return to_expression(node)


def parse_query(text: str) -> L.LogicalPlan:
    """Parse one Spark SQL query (``SELECT ...``, ``WITH ...``, set operations) into a plan.

    >>> type(parse_query("SELECT a FROM t")).__name__
    'Project'
    """
    node = parse_tree(text, query=True)
    if not isinstance(node, (exp.Query, exp.Values)):
        raise not_supported(f"the SQL statement {_head(node)}")
    return to_plan(node, {})


def _head(node: exp.Expr | None) -> str:
    return type(node).__name__.upper() if node is not None else "statement"
