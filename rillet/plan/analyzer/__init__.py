"""The analyzer: turns a plan built by the API into a resolved plan.

``analyze(plan, catalog)`` resolves every column name to an attribute with a
unique id, every function to a registered spec, inserts Spark's implicit casts,
names every output column as Spark would, and rewrites API conveniences into
core nodes (a select with an aggregate becomes an Aggregate; a select with a
generator becomes a Generate; ``join(on=[...])`` becomes a join plus a
projection). Errors are Spark's (``AnalysisException`` with its condition id).
"""

from __future__ import annotations

from rillet.plan import logical as L

# each module registers its node rules on the dispatcher when imported
from rillet.plan.analyzer import aggregates, joins, projection, unary  # noqa: F401
from rillet.plan.analyzer.expressions import Scope, resolve
from rillet.plan.analyzer.names import parse_column_name
from rillet.plan.analyzer.rules import AnalysisContext, Catalog, analyze_node

__all__ = ["Catalog", "analyze", "Scope", "resolve", "parse_column_name"]


def analyze(
    plan: L.LogicalPlan, catalog: Catalog | None = None, case_sensitive: bool = False
) -> L.LogicalPlan:
    """Resolve ``plan``; raise ``AnalysisException`` for anything Spark would reject."""
    return analyze_node(plan, AnalysisContext(catalog, case_sensitive))
