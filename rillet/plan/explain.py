"""Render plans as Spark-style trees for ``explain()`` and debugging.

Each node renders its own line (``LogicalPlan.simple_string``, Spark's ``simpleString``);
these are the entry points the API and the dashboard call.
"""

from __future__ import annotations

from rillet.plan.logical import LogicalPlan


def node_string(plan: LogicalPlan) -> str:
    return plan.simple_string()


def tree_string(plan: LogicalPlan, indent: int = 0) -> str:
    return plan.tree_string(indent)
