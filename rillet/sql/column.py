"""``Column``: a wrapper around an expression node, with PySpark's operators and methods."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Union

from rillet.errors import PySparkTypeError, PySparkValueError
from rillet.plan import types as T
from rillet.plan.analyzer import parse_column_name
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

if TYPE_CHECKING:
    from rillet.sql._typing import DateTimeLiteral, DecimalLiteral, LiteralType
    from rillet.sql.window import WindowSpec
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
    """The expression a column name stands for: ``"*"``, ``"t.*"`` or a (dotted, back-quoted) name."""
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
    >>> df = spark.createDataFrame([(1,), (2,), (3,)], ["v"])
    >>> df.select(df.v, (df.v * 2).alias("twice")).show()
    +---+-----+
    |  v|twice|
    +---+-----+
    |  1|    2|
    |  2|    4|
    |  3|    6|
    +---+-----+
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

    def eqNullSafe(self, other: Union[Column, LiteralType, DecimalLiteral, DateTimeLiteral]) -> Column:
        """Equality test that is safe for null values.

        Parameters
        ----------
        other
            a value or :class:`Column`

        Examples
        --------
        >>> from rillet.sql import Row
        >>> df1 = spark.createDataFrame([
        ...     Row(id=1, value='foo'),
        ...     Row(id=2, value=None)
        ... ])
        >>> df1.select(
        ...     df1['value'] == 'foo',
        ...     df1['value'].eqNullSafe('foo'),
        ...     df1['value'].eqNullSafe(None)
        ... ).show()
        +-------------+---------------+----------------+
        |(value = foo)|(value <=> foo)|(value <=> NULL)|
        +-------------+---------------+----------------+
        |         true|           true|           false|
        |         NULL|          false|            true|
        +-------------+---------------+----------------+
        >>> df2 = spark.createDataFrame([
        ...     Row(value = 'bar'),
        ...     Row(value = None)
        ... ])
        >>> df1.join(df2, df1["value"] == df2["value"]).count()
        0
        >>> df1.join(df2, df1["value"].eqNullSafe(df2["value"])).count()
        1
        >>> df2 = spark.createDataFrame([
        ...     Row(id=1, value=float('NaN')),
        ...     Row(id=2, value=42.0),
        ...     Row(id=3, value=None)
        ... ])
        >>> df2.select(
        ...     df2['value'].eqNullSafe(None),
        ...     df2['value'].eqNullSafe(float('NaN')),
        ...     df2['value'].eqNullSafe(42.0)
        ... ).show()
        +----------------+---------------+----------------+
        |(value <=> NULL)|(value <=> NaN)|(value <=> 42.0)|
        +----------------+---------------+----------------+
        |           false|           true|           false|
        |           false|          false|            true|
        |            true|          false|           false|
        +----------------+---------------+----------------+
        """
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
    def bitwiseAND(self, other: Union[Column, int]) -> Column:
        """Compute bitwise AND of this expression with another expression.

        Parameters
        ----------
        other
            a value or :class:`Column` to calculate bitwise AND(&) with
            this :class:`Column`.

        Returns
        -------
        :class:`Column`

        Examples
        --------
        >>> df = spark.createDataFrame([Row(a=170, b=75)])
        >>> df.select(df.a.bitwiseAND(df.b)).collect()
        [Row((a & b)=10)]
        """
        return Column(BinaryOperator("bitwise_and", self._expr, _to_expr(other)))

    def bitwiseOR(self, other: Union[Column, int]) -> Column:
        """Compute bitwise OR of this expression with another expression.

        Parameters
        ----------
        other
            a value or :class:`Column` to calculate bitwise OR(|) with
            this :class:`Column`.

        Returns
        -------
        :class:`Column`

        Examples
        --------
        >>> df = spark.createDataFrame([Row(a=170, b=75)])
        >>> df.select(df.a.bitwiseOR(df.b)).collect()
        [Row((a | b)=235)]
        """
        return Column(BinaryOperator("bitwise_or", self._expr, _to_expr(other)))

    def bitwiseXOR(self, other: Union[Column, int]) -> Column:
        """Compute bitwise XOR of this expression with another expression.

        Parameters
        ----------
        other
            a value or :class:`Column` to calculate bitwise XOR(^) with
            this :class:`Column`.

        Returns
        -------
        :class:`Column`

        Examples
        --------
        >>> df = spark.createDataFrame([Row(a=170, b=75)])
        >>> df.select(df.a.bitwiseXOR(df.b)).collect()
        [Row((a ^ b)=225)]
        """
        return Column(BinaryOperator("bitwise_xor", self._expr, _to_expr(other)))

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
        """An expression that gets an item at position ``ordinal`` out of a list,
        or gets an item by key out of a dict.

        Parameters
        ----------
        key
            a literal value, or a :class:`Column` expression.
            The result will only be true at a location if the item matches in the column.

             .. deprecated:: 3.0.0
                 :class:`Column` as a parameter is deprecated.

        Returns
        -------
        :class:`Column`
            Column representing the item(s) got at position out of a list or by key out of a dict.

        Examples
        --------
        >>> df = spark.createDataFrame([([1, 2], {"key": "value"})], ["l", "d"])
        >>> df.select(df.l.getItem(0), df.d.getItem("key")).show()
        +----+------+
        |l[0]|d[key]|
        +----+------+
        |   1| value|
        +----+------+
        """
        return Column(GetItem(self._expr, _to_expr(key)))

    def getField(self, name: str) -> Column:
        """An expression that gets a field by name in a :class:`StructType`.

        Parameters
        ----------
        name
            a literal value, or a :class:`Column` expression.
            The result will only be true at a location if the field matches in the Column.

             .. deprecated:: 3.0.0
                 :class:`Column` as a parameter is deprecated.

        Returns
        -------
        :class:`Column`
            Column representing whether each element of Column got by name.

        Examples
        --------
        >>> from rillet.sql import Row
        >>> df = spark.createDataFrame([Row(r=Row(a=1, b="b"))])
        >>> df.select(df.r.getField("b")).show()
        +---+
        |r.b|
        +---+
        |  b|
        +---+
        >>> df.select(df.r.a).show()
        +---+
        |r.a|
        +---+
        |  1|
        +---+
        """
        return Column(GetField(self._expr, name))

    # naming
    def alias(self, *alias: str, **kwargs: Any) -> Column:
        """Returns this column aliased with a new name or names (in the case of expressions that
        return more than one column, such as explode).

        Parameters
        ----------
        alias : str
            desired column names (collects all positional arguments passed)

        Returns
        -------
        :class:`Column`
            Column representing whether each element of Column is aliased with new name or names.

        Examples
        --------
        >>> df = spark.createDataFrame(
        ...      [(2, "Alice"), (5, "Bob")], ["age", "name"])
        >>> df.select(df.age.alias("age2")).collect()
        [Row(age2=2), Row(age2=5)]
        >>> df.select(df.age.alias("age3", metadata={'max': 99})).schema['age3'].metadata['max']
        99
        """
        metadata = kwargs.pop("metadata", None)
        if len(alias) == 1:
            return Column(Alias(self._expr, alias[0], metadata=metadata))
        return Column(MultiAlias(self._expr, tuple(alias)))

    name = alias

    def cast(self, dataType: T.DataType | str) -> Column:
        """Casts the column into type ``dataType``.

        Parameters
        ----------
        dataType : :class:`DataType` or str
            a DataType or Python string literal with a DDL-formatted string
            to use when parsing the column to the same type.

        Returns
        -------
        :class:`Column`
            Column representing whether each element of Column is cast into new type.

        Examples
        --------
        >>> df = spark.createDataFrame(
        ...      [(2, "Alice"), (5, "Bob")], ["age", "name"])
        >>> df.select(df.age.cast("string").alias('ages')).collect()
        [Row(ages='2'), Row(ages='5')]
        >>> df.select(df.age.cast(T.StringType()).alias('ages')).collect()
        [Row(ages='2'), Row(ages='5')]
        """
        if isinstance(dataType, str):
            dataType = _parse_datatype_string(dataType)
        elif not isinstance(dataType, T.DataType):
            raise PySparkTypeError(
                errorClass="NOT_DATATYPE_OR_STR",
                messageParameters={"arg_name": "dataType", "arg_type": type(dataType).__name__},
            )
        return Column(Cast(self._expr, dataType))

    astype = cast

    def try_cast(self, dataType: T.DataType | str) -> Column:
        """This is a special version of `cast` that performs the same operation, but returns a NULL
        value instead of raising an error if the invoke method throws exception.

        Parameters
        ----------
        dataType : :class:`DataType` or str
            a DataType or Python string literal with a DDL-formatted string
            to use when parsing the column to the same type.

        Returns
        -------
        :class:`Column`
            Column representing whether each element of Column is cast into new type.

        Examples
        --------
        Example 1: Cast with a Datatype

        >>> df = spark.createDataFrame(
        ...      [(2, "123"), (5, "Bob"), (3, None)], ["age", "name"])
        >>> df.select(df.name.try_cast(T.LongType())).show()
        +----+
        |name|
        +----+
        | 123|
        |NULL|
        |NULL|
        +----+

        Example 2: Cast with a DDL string

        >>> df = spark.createDataFrame(
        ...      [(2, "123"), (5, "Bob"), (3, None)], ["age", "name"])
        >>> df.select(df.name.try_cast("double")).show()
        +-----+
        | name|
        +-----+
        |123.0|
        | NULL|
        | NULL|
        +-----+
        """
        if isinstance(dataType, str):
            dataType = _parse_datatype_string(dataType)
        return Column(Cast(self._expr, dataType, try_=True))

    # predicates
    def isNull(self) -> Column:
        """True if the current expression is null.

        Examples
        --------
        >>> from rillet.sql import Row
        >>> df = spark.createDataFrame([Row(name='Tom', height=80), Row(name='Alice', height=None)])
        >>> df.filter(df.height.isNull()).collect()
        [Row(name='Alice', height=None)]
        """
        return Column(IsNull(self._expr))

    def isNaN(self) -> Column:
        """True if the current expression is NaN.

        Examples
        --------
        >>> from rillet.sql import Row
        >>> df = spark.createDataFrame(
        ...     [Row(name='Tom', height=80.0), Row(name='Alice', height=float('nan'))])
        >>> df.filter(df.height.isNaN()).collect()
        [Row(name='Alice', height=nan)]
        """
        return Column(UnresolvedFunction("isnan", (self._expr,)))

    def isNotNull(self) -> Column:
        """True if the current expression is NOT null.

        Examples
        --------
        >>> from rillet.sql import Row
        >>> df = spark.createDataFrame([Row(name='Tom', height=80), Row(name='Alice', height=None)])
        >>> df.filter(df.height.isNotNull()).collect()
        [Row(name='Tom', height=80)]
        """
        return Column(IsNull(self._expr, negated=True))

    def isin(self, *cols: Any) -> Column:
        """A boolean expression that is evaluated to true if the value of this
        expression is contained by the evaluated values of the arguments.

        Parameters
        ----------
        cols : Any
            The values to compare with the column values. The result will only be true at a location
            if any value matches in the Column.

        Returns
        -------
        :class:`Column`
            Column of booleans showing whether each element in the Column is contained in cols.

        Examples
        --------
        Example 1: Filter rows with names in the specified values

        >>> df = spark.createDataFrame([(2, "Alice"), (5, "Bob"), (8, "Mike")], ["age", "name"])
        >>> df[df.name.isin("Bob", "Mike")].show()
        +---+----+
        |age|name|
        +---+----+
        |  5| Bob|
        |  8|Mike|
        +---+----+

        Example 2: Filter rows with ages in the specified list

        >>> df = spark.createDataFrame([(2, "Alice"), (5, "Bob"), (8, "Mike")], ["age", "name"])
        >>> df[df.age.isin([1, 2, 3])].show()
        +---+-----+
        |age| name|
        +---+-----+
        |  2|Alice|
        +---+-----+
        """
        if len(cols) == 1 and isinstance(cols[0], (list, set, tuple)):
            cols = tuple(cols[0])
        return Column(In(self._expr, tuple(_to_expr(c) for c in cols)))

    def between(self, lowerBound: Union[Column, LiteralType, DateTimeLiteral, DecimalLiteral], upperBound: Union[Column, LiteralType, DateTimeLiteral, DecimalLiteral]) -> Column:
        """Check if the current column's values are between the specified lower and upper
        bounds, inclusive.

        Parameters
        ----------
        lowerBound : :class:`Column`, int, float, string, bool, datetime, date or Decimal
            The lower boundary value, inclusive.
        upperBound : :class:`Column`, int, float, string, bool, datetime, date or Decimal
            The upper boundary value, inclusive.

        Returns
        -------
        :class:`Column`
            A new column of boolean values indicating whether each element in the original
            column is within the specified range (inclusive).

        Examples
        --------
        Using between with integer values.

        >>> df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], ["age", "name"])
        >>> df.select(df.name, df.age.between(2, 4)).show()
        +-----+---------------------------+
        | name|((age >= 2) AND (age <= 4))|
        +-----+---------------------------+
        |Alice|                       true|
        |  Bob|                      false|
        +-----+---------------------------+

        Using between with string values.

        >>> df = spark.createDataFrame([("Alice", "A"), ("Bob", "B")], ["name", "initial"])
        >>> df.select(df.name, df.initial.between("A", "B")).show()
        +-----+-----------------------------------+
        | name|((initial >= A) AND (initial <= B))|
        +-----+-----------------------------------+
        |Alice|                               true|
        |  Bob|                               true|
        +-----+-----------------------------------+

        Using between with float values.

        >>> df = spark.createDataFrame(
        ...     [(2.5, "Alice"), (5.5, "Bob")], ["height", "name"])
        >>> df.select(df.name, df.height.between(2.0, 5.0)).show()
        +-----+-------------------------------------+
        | name|((height >= 2.0) AND (height <= 5.0))|
        +-----+-------------------------------------+
        |Alice|                                 true|
        |  Bob|                                false|
        +-----+-------------------------------------+

        Using between with date values.

        >>> df = spark.createDataFrame(
        ...     [("Alice", "2023-01-01"), ("Bob", "2023-02-01")], ["name", "date"])
        >>> df = df.withColumn("date", F.to_date(df.date))
        >>> df.select(df.name, df.date.between("2023-01-01", "2023-01-15")).show()
        +-----+-----------------------------------------------+
        | name|((date >= 2023-01-01) AND (date <= 2023-01-15))|
        +-----+-----------------------------------------------+
        |Alice|                                           true|
        |  Bob|                                          false|
        +-----+-----------------------------------------------+
        >>> from datetime import date
        >>> df.select(df.name, df.date.between(date(2023, 1, 1), date(2023, 1, 15))).show()
        +-----+-------------------------------------------------------------+
        | name|((date >= DATE '2023-01-01') AND (date <= DATE '2023-01-15'))|
        +-----+-------------------------------------------------------------+
        |Alice|                                                         true|
        |  Bob|                                                        false|
        +-----+-------------------------------------------------------------+

        Using between with timestamp values.

        >>> df = spark.createDataFrame(
        ...     [("Alice", "2023-01-01 10:00:00"), ("Bob", "2023-02-01 10:00:00")],
        ...     schema=["name", "timestamp"])
        >>> df = df.withColumn("timestamp", F.to_timestamp(df.timestamp))
        >>> df.select(df.name, df.timestamp.between("2023-01-01", "2023-02-01")).show()
        +-----+---------------------------------------------------------+
        | name|((timestamp >= 2023-01-01) AND (timestamp <= 2023-02-01))|
        +-----+---------------------------------------------------------+
        |Alice|                                                     true|
        |  Bob|                                                    false|
        +-----+---------------------------------------------------------+
        >>> df.select(df.name, df.timestamp.between("2023-01-01", "2023-02-01 12:00:00")).show()
        +-----+------------------------------------------------------------------+
        | name|((timestamp >= 2023-01-01) AND (timestamp <= 2023-02-01 12:00:00))|
        +-----+------------------------------------------------------------------+
        |Alice|                                                              true|
        |  Bob|                                                              true|
        +-----+------------------------------------------------------------------+
        """
        return (self >= lowerBound) & (self <= upperBound)

    def _fn(self, name: str, *args: Any) -> Column:
        return Column(UnresolvedFunction(name, (self._expr, *(_to_expr(a) for a in args))))

    def contains(self, other: Union[Column, LiteralType, DecimalLiteral, DateTimeLiteral]) -> Column:
        """Contains the other element. Returns a boolean :class:`Column` based on a string match.

        Parameters
        ----------
        other
            string in line. A value as a literal or a :class:`Column`.

        Examples
        --------
        >>> df = spark.createDataFrame(
        ...      [(2, "Alice"), (5, "Bob")], ["age", "name"])
        >>> df.filter(df.name.contains('o')).collect()
        [Row(age=5, name='Bob')]
        """
        return self._fn("contains", other)

    def startswith(self, other: Union[Column, LiteralType, DecimalLiteral, DateTimeLiteral]) -> Column:
        """String starts with. Returns a boolean :class:`Column` based on a string match.

        Parameters
        ----------
        other : :class:`Column` or str
            string at start of line (do not use a regex `^`)

        Examples
        --------
        >>> df = spark.createDataFrame(
        ...      [(2, "Alice"), (5, "Bob")], ["age", "name"])
        >>> df.filter(df.name.startswith('Al')).collect()
        [Row(age=2, name='Alice')]
        >>> df.filter(df.name.startswith('^Al')).collect()
        []
        """
        return self._fn("startswith", other)

    def endswith(self, other: Union[Column, LiteralType, DecimalLiteral, DateTimeLiteral]) -> Column:
        """String ends with. Returns a boolean :class:`Column` based on a string match.

        Parameters
        ----------
        other : :class:`Column` or str
            string at end of line (do not use a regex `$`)

        Examples
        --------
        >>> df = spark.createDataFrame(
        ...      [(2, "Alice"), (5, "Bob")], ["age", "name"])
        >>> df.filter(df.name.endswith('ice')).collect()
        [Row(age=2, name='Alice')]
        >>> df.filter(df.name.endswith('ice$')).collect()
        []
        """
        return self._fn("endswith", other)

    def like(self, other: str) -> Column:
        """SQL like expression. Returns a boolean :class:`Column` based on a SQL LIKE match.

        Parameters
        ----------
        other : str
            a SQL LIKE pattern

        Returns
        -------
        :class:`Column`
            Column of booleans showing whether each element
            in the Column is matched by SQL LIKE pattern.

        Examples
        --------
        >>> df = spark.createDataFrame(
        ...      [(2, "Alice"), (5, "Bob")], ["age", "name"])
        >>> df.filter(df.name.like('Al%')).collect()
        [Row(age=2, name='Alice')]
        """
        return self._fn("like", other)

    def rlike(self, other: str) -> Column:
        """SQL RLIKE expression (LIKE with Regex). Returns a boolean :class:`Column` based on a regex
        match.

        Parameters
        ----------
        other : str
            an extended regex expression

        Returns
        -------
        :class:`Column`
            Column of booleans showing whether each element
            in the Column is matched by extended regex expression.

        Examples
        --------
        >>> df = spark.createDataFrame(
        ...      [(2, "Alice"), (5, "Bob")], ["age", "name"])
        >>> df.filter(df.name.rlike('ice$')).collect()
        [Row(age=2, name='Alice')]
        """
        return self._fn("rlike", other)

    def substr(self, startPos: Union[int, Column], length: Union[int, Column]) -> Column:
        """Return a :class:`Column` which is a substring of the column.

        Parameters
        ----------
        startPos : :class:`Column` or int
            start position
        length : :class:`Column` or int
            length of the substring

        Returns
        -------
        :class:`Column`
            Column representing whether each element of Column is substr of origin Column.

        Examples
        --------
        Example 1. Using integers for the input arguments.

        >>> df = spark.createDataFrame(
        ...      [(2, "Alice"), (5, "Bob")], ["age", "name"])
        >>> df.select(df.name.substr(1, 3).alias("col")).collect()
        [Row(col='Ali'), Row(col='Bob')]

        Example 2. Using columns for the input arguments.

        >>> df = spark.createDataFrame(
        ...      [(3, 4, "Alice"), (2, 3, "Bob")], ["sidx", "eidx", "name"])
        >>> df.select(df.name.substr(df.sidx, df.eidx).alias("col")).collect()
        [Row(col='ice'), Row(col='ob')]
        """
        return Column(UnresolvedFunction("substr", (self._expr, _to_expr(startPos), _to_expr(length))))

    # conditional
    def when(self, condition: Column, value: Any) -> Column:
        """Evaluates a list of conditions and returns one of multiple possible result expressions.
        If :func:`Column.otherwise` is not invoked, None is returned for unmatched conditions.

        Parameters
        ----------
        condition : :class:`Column`
            a boolean :class:`Column` expression.
        value
            a literal value, or a :class:`Column` expression.

        Returns
        -------
        :class:`Column`
            Column representing whether each element of Column is in conditions.

        Examples
        --------
        Example 1: Using :func:`when` with conditions and values to create a new Column

        >>> df = spark.createDataFrame([(2, "Alice"), (5, "Bob")], ["age", "name"])
        >>> result = df.select(df.name, F.when(df.age > 4, 1).when(df.age < 3, -1).otherwise(0))
        >>> result.show()
        +-----+------------------------------------------------------------+
        | name|CASE WHEN (age > 4) THEN 1 WHEN (age < 3) THEN -1 ELSE 0 END|
        +-----+------------------------------------------------------------+
        |Alice|                                                          -1|
        |  Bob|                                                           1|
        +-----+------------------------------------------------------------+

        Example 2: Chaining multiple :func:`when` conditions

        >>> df = spark.createDataFrame([(1, "Alice"), (4, "Bob"), (6, "Charlie")], ["age", "name"])
        >>> result = df.select(
        ...     df.name,
        ...     F.when(df.age < 3, "Young").when(df.age < 5, "Middle-aged").otherwise("Old")
        ... )
        >>> result.show()
        +-------+---------------------------------------------------------------------------+
        |   name|CASE WHEN (age < 3) THEN Young WHEN (age < 5) THEN Middle-aged ELSE Old END|
        +-------+---------------------------------------------------------------------------+
        |  Alice|                                                                      Young|
        |    Bob|                                                                Middle-aged|
        |Charlie|                                                                        Old|
        +-------+---------------------------------------------------------------------------+
        """
        e = self._expr
        if not isinstance(e, CaseWhen) or e.otherwise is not None:
            raise PySparkTypeError(errorClass="INVALID_WHEN_USAGE", messageParameters={})
        return Column(CaseWhen((*e.branches, (condition._expr, _to_expr(value))), None))

    def otherwise(self, value: Any) -> Column:
        """Evaluates a list of conditions and returns one of multiple possible result expressions.
        If :func:`Column.otherwise` is not invoked, None is returned for unmatched conditions.

        Parameters
        ----------
        value
            a literal value, or a :class:`Column` expression.

        Returns
        -------
        :class:`Column`
            Column representing whether each element of Column is unmatched conditions.

        Examples
        --------
        >>> df = spark.createDataFrame(
        ...      [(2, "Alice"), (5, "Bob")], ["age", "name"])
        >>> df.select(df.name, F.when(df.age > 3, 1).otherwise(0)).show()
        +-----+-------------------------------------+
        | name|CASE WHEN (age > 3) THEN 1 ELSE 0 END|
        +-----+-------------------------------------+
        |Alice|                                    0|
        |  Bob|                                    1|
        +-----+-------------------------------------+
        """
        e = self._expr
        if not isinstance(e, CaseWhen) or e.otherwise is not None:
            raise PySparkTypeError(errorClass="INVALID_WHEN_USAGE", messageParameters={})
        return Column(CaseWhen(e.branches, _to_expr(value)))

    # ordering
    def asc(self) -> Column:
        """Returns a sort expression based on the ascending order of the column.

        Examples
        --------
        >>> from rillet.sql import Row
        >>> df = spark.createDataFrame([('Tom', 80), ('Alice', None)], ["name", "height"])
        >>> df.select(df.name).orderBy(df.name.asc()).collect()
        [Row(name='Alice'), Row(name='Tom')]
        """
        return Column(SortOrder(self._expr, True, None))

    def asc_nulls_first(self) -> Column:
        """Returns a sort expression based on ascending order of the column, and null values
        return before non-null values.

        Examples
        --------
        >>> from rillet.sql import Row
        >>> df = spark.createDataFrame(
        ...     [('Tom', 80), (None, 60), ('Alice', None)], ["name", "height"])
        >>> df.select(df.name).orderBy(df.name.asc_nulls_first()).collect()
        [Row(name=None), Row(name='Alice'), Row(name='Tom')]
        """
        return Column(SortOrder(self._expr, True, True))

    def asc_nulls_last(self) -> Column:
        """Returns a sort expression based on ascending order of the column, and null values
        appear after non-null values.

        Examples
        --------
        >>> from rillet.sql import Row
        >>> df = spark.createDataFrame(
        ...     [('Tom', 80), (None, 60), ('Alice', None)], ["name", "height"])
        >>> df.select(df.name).orderBy(df.name.asc_nulls_last()).collect()
        [Row(name='Alice'), Row(name='Tom'), Row(name=None)]
        """
        return Column(SortOrder(self._expr, True, False))

    def desc(self) -> Column:
        """Returns a sort expression based on the descending order of the column.

        Examples
        --------
        >>> from rillet.sql import Row
        >>> df = spark.createDataFrame([('Tom', 80), ('Alice', None)], ["name", "height"])
        >>> df.select(df.name).orderBy(df.name.desc()).collect()
        [Row(name='Tom'), Row(name='Alice')]
        """
        return Column(SortOrder(self._expr, False, None))

    def desc_nulls_first(self) -> Column:
        """Returns a sort expression based on the descending order of the column, and null values
        appear before non-null values.

        Examples
        --------
        >>> from rillet.sql import Row
        >>> df = spark.createDataFrame(
        ...     [('Tom', 80), (None, 60), ('Alice', None)], ["name", "height"])
        >>> df.select(df.name).orderBy(df.name.desc_nulls_first()).collect()
        [Row(name=None), Row(name='Tom'), Row(name='Alice')]
        """
        return Column(SortOrder(self._expr, False, True))

    def desc_nulls_last(self) -> Column:
        """Returns a sort expression based on the descending order of the column, and null values
        appear after non-null values.

        Examples
        --------
        >>> from rillet.sql import Row
        >>> df = spark.createDataFrame(
        ...     [('Tom', 80), (None, 60), ('Alice', None)], ["name", "height"])
        >>> df.select(df.name).orderBy(df.name.desc_nulls_last()).collect()
        [Row(name='Tom'), Row(name='Alice'), Row(name=None)]
        """
        return Column(SortOrder(self._expr, False, False))

    def bitwiseNOT(self) -> Column:
        """Compute bitwise NOT of this expression (``~``), as ``functions.bitwise_not``.

        Not a method of PySpark's ``Column``: there, use ``functions.bitwise_not``.

        Returns
        -------
        :class:`Column`

        Examples
        --------
        >>> df = spark.createDataFrame([Row(a=170, b=75)])
        >>> df.select(df.a.bitwiseNOT()).show()
        +----+
        |  ~a|
        +----+
        |-171|
        +----+
        """
        return Column(BitwiseNot(self._expr))

    def over(self, window: WindowSpec) -> Column:
        """This function (ranking, offset or aggregate) evaluated over a ``WindowSpec``.

        Parameters
        ----------
        window : :class:`WindowSpec`

        Returns
        -------
        :class:`Column`

        Examples
        --------
        >>> from rillet.sql import Window
        >>> window = (
        ...     Window.partitionBy("name")
        ...     .orderBy("age")
        ...     .rowsBetween(Window.unboundedPreceding, Window.currentRow)
        ... )
        >>> df = spark.createDataFrame(
        ...      [(2, "Alice"), (5, "Bob")], ["age", "name"])
        >>> df.withColumn(
        ...      "rank", F.rank().over(window)
        ... ).withColumn(
        ...      "min", F.min('age').over(window)
        ... ).sort(F.desc("age")).show()
        +---+-----+----+---+
        |age| name|rank|min|
        +---+-----+----+---+
        |  5|  Bob|   1|  5|
        |  2|Alice|   1|  2|
        +---+-----+----+---+
        """
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
