"""Stateful streaming operators: the StatefulOperator contract and one module per operator.

Every module of this package is imported here, so each operator's
``@stateful_operator(NodeClass)`` has registered it before the planner asks
:func:`operator_for`: adding an operator is adding one module.
"""

from __future__ import annotations

import importlib
import pkgutil

from rillet.engine.operators.base import (
    OperatorContext,
    StatefulOperator,
    build_operator,
    drop_late,
    operator_for,
    registered,
    stateful_operator,
)

__all__ = [
    "OperatorContext", "StatefulOperator", "build_operator", "drop_late", "operator_for", "registered", "stateful_operator",
]

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
