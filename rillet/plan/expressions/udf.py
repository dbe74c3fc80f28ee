"""``PythonUDF``: a call of a user's Python function (``udf`` / ``pandas_udf``).

The node carries the function itself; compute runs it over whole columns
(``map_batches``), row by row for ``udf`` and on pandas Series for ``pandas_udf``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rillet.plan import types as T
from rillet.plan.expressions.core import Expression

__all__ = ["PythonUDF", "SQL_BATCHED_UDF", "SQL_SCALAR_PANDAS_UDF", "SQL_SCALAR_PANDAS_ITER_UDF"]

# PySpark's PythonEvalType values
SQL_BATCHED_UDF = 100
SQL_SCALAR_PANDAS_UDF = 200
SQL_SCALAR_PANDAS_ITER_UDF = 204


@dataclass(frozen=True, repr=False)
class PythonUDF(Expression):
    name: str
    func: Callable[..., Any] = field(compare=False, hash=False)
    return_type: T.DataType
    args: tuple[Expression, ...]
    eval_type: int = SQL_BATCHED_UDF
    udf_deterministic: bool = True
    _child_fields = ("args",)

    @property
    def data_type(self) -> T.DataType:
        return self.return_type

    @property
    def nullable(self) -> bool:
        return True

    @property
    def deterministic(self) -> bool:
        return self.udf_deterministic and super().deterministic

    def sql(self) -> str:
        return f"{self.name}({', '.join(a.sql() for a in self.args)})"

    def pretty_name(self) -> str:
        return f"{self.name}({', '.join(a.pretty_name() for a in self.args)})"
