"""``Column``: a wrapper around an expression node, with PySpark's operators and methods."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Union

from rillet.errors import PySparkTypeError, PySparkValueError
from rillet.plan import types as T
from rillet.plan.analyzer import parse_column_name
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

if TYPE_CHECKING:
    ColumnOrName = Union["Column", str]

__all__ = ["Column"]


def _to_expr(value: Any) -> Expression:
    """A Column's expression, or a literal for a plain Python value."""
    if isinstance(value, Column):
        return value._expr
    if isinstance(value, Expression):
        return value
    return Literal.of(value)


def _col_expr(value: Any, arg_name: str = "col") -> Expression:
    """A Column, or a column *name* (str) -> expression; anything else is PySpark's error."""
    if isinstance(value, Column):
        return value._expr
    if isinstance(value, str):
        return name_to_expr(value)
    raise PySparkTypeError(
        errorClass="NOT_COLUMN_OR_STR",
        messageParameters={"arg_name": arg_name, "arg_type": type(value).__name__},
    )


def name_to_expr(name: str) -> Expression:
    if name == "*":
        return UnresolvedStar()
    if name.endswith(".*"):
        return UnresolvedStar(parse_column_name(name[:-2]))
    return UnresolvedAttribute(parse_column_name(name))


def _binary(op: str, reverse: bool = False):  # type: ignore[no-untyped-def]
    def method(self: Column, other: Any) -> Column:
        left, right = self._expr, _to_expr(other)
        if reverse:
            left, right = right, left
        return Column(BinaryOperator(op, left, right))

    return method


class Column:
    """A column expression in a DataFrame, as in ``pyspark.sql.Column``.

    Examples
    --------
    >>> from rillet.sql import functions as F
    >>> (F.col("a") + 1)._expr.sql()
    '(a + 1)'
    """

    __slots__ = ("_expr",)

    def __init__(self, expr: Expression) -> None:
        self._expr = expr

    # arithmetic
    __add__ = _binary("add")
    __radd__ = _binary("add", reverse=True)
    __sub__ = _binary("subtract")
    __rsub__ = _binary("subtract", reverse=True)
    __mul__ = _binary("multiply")
    __rmul__ = _binary("multiply", reverse=True)
    __truediv__ = _binary("divide")
    __rtruediv__ = _binary("divide", reverse=True)
    __div__ = __truediv__
    __mod__ = _binary("remainder")
    __rmod__ = _binary("remainder", reverse=True)

    def __pow__(self, other: Any) -> Column:
        return Column(UnresolvedFunction("power", (self._expr, _to_expr(other))))

    def __rpow__(self, other: Any) -> Column:
        return Column(UnresolvedFunction("power", (_to_expr(other), self._expr)))

    def __neg__(self) -> Column:
        return Column(Negate(self._expr))

    # comparison
    __eq__ = _binary("eq")  # type: ignore[assignment]
    __lt__ = _binary("lt")
    __le__ = _binary("le")
    __gt__ = _binary("gt")
    __ge__ = _binary("ge")

    def __ne__(self, other: Any) -> Column:  # type: ignore[override]
        return Column(Not(BinaryOperator("eq", self._expr, _to_expr(other))))

    def eqNullSafe(self, other: Any) -> Column:
        return Column(BinaryOperator("eq_null_safe", self._expr, _to_expr(other)))

    # logic
    __and__ = _binary("and")
    __rand__ = _binary("and", reverse=True)
    __or__ = _binary("or")
    __ror__ = _binary("or", reverse=True)

    def __invert__(self) -> Column:
        return Column(Not(self._expr))

    def __bool__(self) -> bool:
        from rillet.errors import PySparkValueError as _E

        raise _E(errorClass="CANNOT_CONVERT_COLUMN_INTO_BOOL", messageParameters={})

    __nonzero__ = __bool__

    def __hash__(self) -> int:
        return id(self)

    def __contains__(self, item: Any) -> bool:
        raise PySparkValueError(
            "Cannot apply 'in' operator against a column: please use 'contains' in a string "
            "column or 'array_contains' function for an array column."
        )

    def __iter__(self):  # type: ignore[no-untyped-def]
        raise PySparkTypeError(errorClass="NOT_ITERABLE", messageParameters={"objectName": "Column"})

    # bitwise
    bitwiseAND = _binary("bitwise_and")
    bitwiseOR = _binary("bitwise_or")
    bitwiseXOR = _binary("bitwise_xor")

    # access
    def __getitem__(self, key: Any) -> Column:
        if isinstance(key, slice):
            from rillet.sql.functions import builtin as F

            if key.step is not None:
                raise PySparkValueError("slice with step is not supported.")
            return F.substring(self, key.start, key.stop)
        return Column(GetItem(self._expr, _to_expr(key)))

    def __getattr__(self, name: str) -> Column:
        if name.startswith("__"):
            raise AttributeError(name)
        return Column(GetItem(self._expr, Literal.of(name)))

    def getItem(self, key: Any) -> Column:
        return Column(GetItem(self._expr, _to_expr(key)))

    def getField(self, name: str) -> Column:
        return Column(GetField(self._expr, name))

    # naming
    def alias(self, *alias: str, **kwargs: Any) -> Column:
        metadata = kwargs.pop("metadata", None)
        if len(alias) == 1:
            return Column(Alias(self._expr, alias[0], metadata=metadata))
        return Column(MultiAlias(self._expr, tuple(alias)))

    name = alias

    def cast(self, dataType: T.DataType | str) -> Column:
        if isinstance(dataType, str):
            dataType = T._parse_datatype_string(dataType)
        elif not isinstance(dataType, T.DataType):
            raise PySparkTypeError(
                errorClass="NOT_DATATYPE_OR_STR",
                messageParameters={"arg_name": "dataType", "arg_type": type(dataType).__name__},
            )
        return Column(Cast(self._expr, dataType))

    astype = cast

    def try_cast(self, dataType: T.DataType | str) -> Column:
        if isinstance(dataType, str):
            dataType = T._parse_datatype_string(dataType)
        return Column(Cast(self._expr, dataType, try_=True))

    # predicates
    def isNull(self) -> Column:
        return Column(IsNull(self._expr))

    def isNaN(self) -> Column:
        return Column(UnresolvedFunction("isnan", (self._expr,)))

    def isNotNull(self) -> Column:
        return Column(IsNull(self._expr, negated=True))

    def isin(self, *cols: Any) -> Column:
        if len(cols) == 1 and isinstance(cols[0], (list, set, tuple)):
            cols = tuple(cols[0])
        return Column(In(self._expr, tuple(_to_expr(c) for c in cols)))

    def between(self, lowerBound: Any, upperBound: Any) -> Column:
        return (self >= lowerBound) & (self <= upperBound)

    def _fn(self, name: str, *args: Any) -> Column:
        return Column(UnresolvedFunction(name, (self._expr, *(_to_expr(a) for a in args))))

    def contains(self, other: Any) -> Column:
        return self._fn("contains", other)

    def startswith(self, other: Any) -> Column:
        return self._fn("startswith", other)

    def endswith(self, other: Any) -> Column:
        return self._fn("endswith", other)

    def like(self, other: str) -> Column:
        return self._fn("like", other)

    def rlike(self, other: str) -> Column:
        return self._fn("rlike", other)

    def substr(self, startPos: Any, length: Any) -> Column:
        return Column(UnresolvedFunction("substr", (self._expr, _to_expr(startPos), _to_expr(length))))

    # conditional
    def when(self, condition: Column, value: Any) -> Column:
        e = self._expr
        if not isinstance(e, CaseWhen) or e.otherwise is not None:
            raise PySparkTypeError(errorClass="INVALID_WHEN_USAGE", messageParameters={})
        return Column(CaseWhen((*e.branches, (condition._expr, _to_expr(value))), None))

    def otherwise(self, value: Any) -> Column:
        e = self._expr
        if not isinstance(e, CaseWhen) or e.otherwise is not None:
            raise PySparkTypeError(errorClass="INVALID_WHEN_USAGE", messageParameters={})
        return Column(CaseWhen(e.branches, _to_expr(value)))

    # ordering
    def asc(self) -> Column:
        return Column(SortOrder(self._expr, True, None))

    def asc_nulls_first(self) -> Column:
        return Column(SortOrder(self._expr, True, True))

    def asc_nulls_last(self) -> Column:
        return Column(SortOrder(self._expr, True, False))

    def desc(self) -> Column:
        return Column(SortOrder(self._expr, False, None))

    def desc_nulls_first(self) -> Column:
        return Column(SortOrder(self._expr, False, True))

    def desc_nulls_last(self) -> Column:
        return Column(SortOrder(self._expr, False, False))

    def bitwiseNOT(self) -> Column:
        return Column(BitwiseNot(self._expr))

    def over(self, window: Any) -> Column:
        """This function (ranking, offset or aggregate) evaluated over a ``WindowSpec``."""
        from rillet.plan.expressions.window import WindowExpression
        from rillet.sql.window import WindowSpec

        if not isinstance(window, WindowSpec):
            raise PySparkTypeError(
                errorClass="NOT_WINDOWSPEC",
                messageParameters={"arg_name": "window", "arg_type": type(window).__name__},
            )
        return Column(WindowExpression(self._expr, window._spec))

    def __repr__(self) -> str:
        try:
            text = self._expr.sql()
        except Exception:
            text = type(self._expr).__name__
        return f"Column<'{text}'>"
