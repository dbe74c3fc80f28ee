"""Type aliases of the public API, as ``pyspark.sql._typing``: what a parameter accepts for a column or a type."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Optional, Protocol, Union

from rillet.plan.types import DataType
from rillet.sql.column import Column

if TYPE_CHECKING:
    import pandas as pd

    from rillet.sql.streaming.state import GroupState

# A Column, or the name of one (``"a"``, ``"t.a"``, ``"a.b"`` for a struct field).
ColumnOrName = Union[Column, str]

# A data type, or its DDL text (``"int"``, ``"array<string>"``, ``"a INT, b STRING"``).
DataTypeOrString = Union[DataType, str]

# A literal PySpark turns into a column with ``lit``.
LiteralType = Union[bool, int, float, str]


class UserDefinedFunctionLike(Protocol):
    """What ``udf``/``pandas_udf`` return: a callable on columns with the function's metadata."""

    func: Any
    returnType: DataType
    evalType: int
    deterministic: bool

    def __call__(self, *cols: ColumnOrName) -> Column: ...

    def asNondeterministic(self) -> UserDefinedFunctionLike: ...

# Values PySpark accepts where a Column of a literal would do.
DecimalLiteral = decimal.Decimal
DateTimeLiteral = Union[datetime.datetime, datetime.date]
PrimitiveType = Union[bool, float, int, str]
OptionalPrimitiveType = Optional[PrimitiveType]

# A Column, a name, or a 1-based ordinal (``groupBy(1)``, ``orderBy(2)``).
ColumnOrNameOrOrdinal = Union[Column, str, int]

# ``applyInPandasWithState``'s function: (key, the group's rows, its state) -> output rows.
PandasGroupedMapFunctionWithState = Callable[
    [Any, Iterator["pd.DataFrame"], "GroupState"], Iterator["pd.DataFrame"]
]
