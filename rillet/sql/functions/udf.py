"""``udf`` and ``pandas_udf``: user Python functions as columns, and ``spark.udf.register``."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, Optional, Union

from rillet.errors import PySparkTypeError
from rillet.plan import types as T
from rillet.plan.ddl import _parse_datatype_string
from rillet.plan.expressions.udf import (
    SQL_BATCHED_UDF,
    SQL_SCALAR_PANDAS_ITER_UDF,
    SQL_SCALAR_PANDAS_UDF,
    PythonUDF,
)
from rillet.sql._typing import DataTypeOrString, UserDefinedFunctionLike
from rillet.sql.column import Column
from rillet.sql.functions._helpers import col_arg

__all__ = ["udf", "pandas_udf"]


def _data_type(value: Any) -> T.DataType:
    if isinstance(value, T.DataType):
        return value
    if isinstance(value, str):
        return _parse_datatype_string(value)
    raise PySparkTypeError(
        errorClass="NOT_DATATYPE_OR_STR",
        messageParameters={"arg_name": "returnType", "arg_type": type(value).__name__},
    )


class UserDefinedFunction:
    """A Python function callable on Columns; see ``pyspark.sql.udf.UserDefinedFunction``."""

    def __init__(self, func: Callable[..., Any], returnType: Any = None, name: str | None = None,
                 evalType: int = SQL_BATCHED_UDF, deterministic: bool = True) -> None:
        if not callable(func):
            raise PySparkTypeError(
                errorClass="NOT_CALLABLE", messageParameters={"arg_name": "func", "arg_type": type(func).__name__}
            )
        self.func = func
        self.returnType = _data_type(returnType if returnType is not None else T.StringType())
        self._name: str = name or str(getattr(func, "__name__", type(func).__name__))
        self.evalType = evalType
        self.deterministic = deterministic
        functools.update_wrapper(self, func)  # type: ignore[arg-type]

    def __call__(self, *cols: Any) -> Column:
        args = tuple(col_arg(c) for c in cols)
        return Column(PythonUDF(self._name, self.func, self.returnType, args, self.evalType, self.deterministic))

    def asNondeterministic(self) -> UserDefinedFunction:
        """Updates UserDefinedFunction to nondeterministic.

        Returns
        -------
        The same :class:`UserDefinedFunction`, marked nondeterministic (Spark then neither
        deduplicates nor reorders its calls).

        Examples
        --------
        >>> import random
        >>> random_udf = F.udf(lambda: random.randint(0, 100), "int").asNondeterministic()
        >>> random_udf.deterministic
        False
        """
        self.deterministic = False
        return self


def udf(
    f: Optional[Union[Callable[..., Any], DataTypeOrString]] = None,
    returnType: Optional[DataTypeOrString] = None,
    *,
    useArrow: Optional[bool] = None,
) -> Union[UserDefinedFunctionLike, Callable[[Callable[..., Any]], UserDefinedFunctionLike]]:
    """Creates a user defined function (UDF).

    Parameters
    ----------
    f : function, optional
        python function if used as a standalone function
    returnType : :class:`rillet.sql.types.DataType` or str, optional
        the return type of the user-defined function. The value can be either a
        :class:`rillet.sql.types.DataType` object or a DDL-formatted type string.
        Defaults to :class:`StringType`.
    useArrow : bool, optional
        whether to use Arrow to optimize the (de)serialization. When it is None, the
        Spark config "spark.sql.execution.pythonUDF.arrow.enabled" takes effect.

    Examples
    --------
    >>> plus_one = F.udf(lambda x: x + 1, "int")
    >>> spark.range(3).select(plus_one("id").alias("r")).show()
    +---+
    |  r|
    +---+
    |  1|
    |  2|
    |  3|
    +---+
    """
    if f is None or isinstance(f, (str, T.DataType)):
        rt = f if f is not None else returnType
        return lambda func: UserDefinedFunction(func, rt)
    return UserDefinedFunction(f, returnType)


def _pandas_eval_type(func: Callable[..., Any]) -> int:
    """Iterator[pd.Series] -> Iterator[pd.Series] by the type hints, else Series -> Series."""
    try:
        params = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        return SQL_SCALAR_PANDAS_UDF
    hint = params[0].annotation if params else None
    return SQL_SCALAR_PANDAS_ITER_UDF if "Iterator" in str(hint) else SQL_SCALAR_PANDAS_UDF


def pandas_udf(
    f: Optional[Union[Callable[..., Any], DataTypeOrString]] = None,
    returnType: Optional[DataTypeOrString] = None,
    functionType: Optional[int] = None,
) -> Union[UserDefinedFunctionLike, Callable[[Callable[..., Any]], UserDefinedFunctionLike]]:
    """Creates a pandas user defined function (a.k.a. vectorized user defined function).

    Pandas UDFs are user defined functions that are executed by Spark using Arrow to transfer
    data and Pandas to work with the data, which allows vectorized operations. A Pandas UDF
    is defined using the `pandas_udf` as a decorator or to wrap the function, and no
    additional configuration is required. A Pandas UDF behaves as a regular PySpark function
    API in general.

    Parameters
    ----------
    f : function, optional
        user-defined function. A python function if used as a standalone function
    returnType : :class:`rillet.sql.types.DataType` or str, optional
        the return type of the user-defined function. The value can be either a
        :class:`rillet.sql.types.DataType` object or a DDL-formatted type string.
    functionType : int, optional
        an enum value in :class:`rillet.sql.functions.PandasUDFType`.
        Default: SCALAR. This parameter exists for compatibility.
        Using Python type hints is encouraged.

    Examples
    --------
    >>> import pandas as pd
    >>> @F.pandas_udf("long")
    ... def plus_one(s: pd.Series) -> pd.Series:
    ...     return s + 1
    ...
    >>> spark.range(3).select(plus_one("id").alias("r")).show()
    +---+
    |  r|
    +---+
    |  1|
    |  2|
    |  3|
    +---+
    """
    if f is None or isinstance(f, (str, T.DataType)):
        rt = f if f is not None else returnType
        return lambda func: pandas_udf(func, rt, functionType)
    if returnType is None:
        raise PySparkTypeError(
            errorClass="CANNOT_BE_NONE", messageParameters={"arg_name": "returnType"}
        )
    return UserDefinedFunction(f, returnType, evalType=functionType or _pandas_eval_type(f))


class UDFRegistration:
    """``spark.udf``: register a Python function under a name usable in SQL (``spark.sql``, ``F.expr``)."""

    def register(
        self,
        name: str,
        f: Union[Callable[..., Any], UserDefinedFunctionLike],
        returnType: Optional[DataTypeOrString] = None,
    ) -> UserDefinedFunctionLike:
        """Register a Python function (including lambda function) or a user-defined function
        as a SQL function.

        Parameters
        ----------
        name : str,
            name of the user-defined function in SQL statements.
        f : function, :meth:`rillet.sql.functions.udf` or :meth:`rillet.sql.functions.pandas_udf`
            a Python function, or a user-defined function (whose return type is then its own).
        returnType : :class:`rillet.sql.types.DataType` or str, optional
            the return type of the registered user-defined function (default ``StringType``).

        Returns
        -------
        function
            a user-defined function, callable on columns as well.

        Examples
        --------
        >>> strlen = spark.udf.register("strlen", lambda s: len(s), "int")
        >>> spark.sql("SELECT strlen('test') AS n").show()
        +---+
        |  n|
        +---+
        |  4|
        +---+
        """
        from rillet.compute.functions import SCALAR
        from rillet.compute.functions.udf import python_udf_expr
        from rillet.plan.registry import FunctionSpec, declare, fixed

        if isinstance(f, UserDefinedFunction):
            if returnType is not None:
                raise PySparkTypeError(
                    errorClass="CANNOT_SPECIFY_RETURN_TYPE_FOR_UDF",
                    messageParameters={"arg_name": "f", "return_type": str(returnType)},
                )
            registered = UserDefinedFunction(f.func, f.returnType, name, f.evalType, f.deterministic)
        else:
            registered = UserDefinedFunction(f, returnType, name)
        spec = FunctionSpec(name, "scalar", fixed(registered.returnType), 0, None,
                            deterministic=registered.deterministic, null_intolerant=False,
                            always_nullable=True)
        declare(spec)

        def rule(call: Any, args: Any, ctx: Any) -> Any:
            node = PythonUDF(name, registered.func, registered.returnType, call.args, registered.evalType)
            return python_udf_expr(node, args, ctx)

        SCALAR[spec.name] = rule
        return registered
