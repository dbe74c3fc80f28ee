"""Spark's exception classes, raised with Spark's condition ids and message texts.

Every error rillet raises on purpose is a :class:`PySparkException` subclass that
carries ``errorClass`` (the condition id, e.g. ``UNRESOLVED_COLUMN.WITH_SUGGESTION``)
and ``messageParameters``; the message is rendered from the one conditions table in
:mod:`rillet.errors.conditions`, so it reads the same as Spark's.
"""

from __future__ import annotations

import pickle
import re
import traceback
from abc import ABC, abstractmethod
from enum import Enum
from typing import Any

from rillet.errors.conditions import ERROR_CONDITIONS

__all__ = [
    "PySparkException",
    "PySparkTypeError",
    "PySparkValueError",
    "PySparkRuntimeError",
    "PySparkNotImplementedError",
    "PySparkAttributeError",
    "PySparkIndexError",
    "PySparkKeyError",
    "PySparkAssertionError",
    "AnalysisException",
    "ParseException",
    "TempTableAlreadyExistsException",
    "StreamingQueryException",
    "QueryExecutionException",
    "ArithmeticException",
    "NumberFormatException",
    "IllegalArgumentException",
    "SparkRuntimeException",
    "DateTimeException",
    "ArrayIndexOutOfBoundsException",
    "UnsupportedOperationException",
    "SparkNoSuchElementException",
    "PythonException",
    "SessionNotSameException",
    "UnknownException",
    "SparkUpgradeException",
    "PySparkImportError",
    "PySparkPicklingError",
    "RetriesExceeded",
    "StreamingPythonRunnerInitializationException",
    "PickleException",
    "QueryContext",
    "QueryContextType",
    "render_message",
]

_PARAM = re.compile(r"<([A-Za-z0-9_]+)>")


def render_message(error_class: str, params: dict[str, Any]) -> str:
    """Render ``[CONDITION] text SQLSTATE: xxxxx`` the way Spark prints it."""
    template, sqlstate = ERROR_CONDITIONS.get(error_class, ("<message>", None))
    text = _PARAM.sub(lambda m: str(params.get(m.group(1), m.group(0))), template)
    if error_class.startswith("_LEGACY_ERROR"):
        return text
    rendered = f"[{error_class}] {text}"
    if sqlstate:
        rendered += f" SQLSTATE: {sqlstate}"
    return rendered


class PySparkException(Exception):
    """Base of every rillet error, constructed like PySpark's.

    Either ``errorClass`` (+ ``messageParameters``) or a plain ``message`` is given;
    the message of a known condition is rendered from the conditions table.
    """

    def __init__(
        self,
        message: str | None = None,
        errorClass: str | None = None,
        messageParameters: dict[str, Any] | None = None,
        cause: BaseException | None = None,
    ) -> None:
        self._errorClass = errorClass
        self._messageParameters = dict(messageParameters or {})
        if message is None and errorClass is not None:
            message = render_message(errorClass, self._messageParameters)
        self._message = message or ""
        self.cause = cause
        super().__init__(self._message)

    def getErrorClass(self) -> str | None:
        return self._errorClass

    def getCondition(self) -> str | None:
        return self._errorClass

    def getMessageParameters(self) -> dict[str, Any]:
        return dict(self._messageParameters)

    def getSqlState(self) -> str | None:
        if self._errorClass is None:
            return None
        return ERROR_CONDITIONS.get(self._errorClass, ("", None))[1]

    def getMessage(self) -> str:
        return self._message

    # PySpark's captured exceptions carry ``_desc`` (the message) and ``_cause`` (the exception
    # under it, itself with ``_desc``); programs walk that chain to find the root error.
    @property
    def _desc(self) -> str:
        return self._message

    @property
    def _cause(self) -> PySparkException | None:
        cause = self.cause if self.cause is not None else self.__cause__
        if cause is None or isinstance(cause, PySparkException):
            return cause
        text = "".join(traceback.format_exception(type(cause), cause, cause.__traceback__))
        return PythonException(message=text, cause=cause.__cause__)

    @property
    def _stackTrace(self) -> str | None:
        return None

    def __str__(self) -> str:
        return self._message


class PySparkTypeError(PySparkException, TypeError):
    """Wrong Python type passed to an API (PySpark's ``PySparkTypeError``)."""


class PySparkValueError(PySparkException, ValueError):
    """Bad value passed to an API (PySpark's ``PySparkValueError``)."""


class PySparkRuntimeError(PySparkException, RuntimeError):
    """Runtime failure on the Python side."""


class PySparkNotImplementedError(PySparkException, NotImplementedError):
    """A PySpark feature rillet does not implement (yet)."""


class PySparkAttributeError(PySparkException, AttributeError):
    """Attribute lookup failure (e.g. an unknown column via ``df.colname``)."""


class PySparkIndexError(PySparkException, IndexError):
    """Index out of range."""


class PySparkKeyError(PySparkException, KeyError):
    """Key lookup failure."""


class PySparkAssertionError(PySparkException, AssertionError):
    """A failed ``rillet.testing`` assertion (PySpark's ``PySparkAssertionError``).

    ``data`` holds the ``(actual, expected)`` row pairs that differ when
    ``assertDataFrameEqual(..., includeDiffRows=True)`` raised it, else ``None``.
    """

    def __init__(
        self,
        message: str | None = None,
        errorClass: str | None = None,
        messageParameters: dict[str, Any] | None = None,
        data: list[Any] | None = None,
    ) -> None:
        super().__init__(message, errorClass, messageParameters)
        self.data = data


class AnalysisException(PySparkException):
    """A query that cannot be analyzed: unknown column, bad types, unsupported plan."""


class ParseException(AnalysisException):
    """SQL text or a DDL/interval string that does not parse."""


class TempTableAlreadyExistsException(AnalysisException):
    """A temporary view with that name exists."""


class StreamingQueryException(PySparkException):
    """A streaming query stopped because of an exception; ``cause`` holds it."""


class QueryExecutionException(PySparkException):
    """A query failed while executing."""


class SparkRuntimeException(PySparkException, RuntimeError):
    """Failure while executing a query (Spark's ``SparkRuntimeException``)."""


class ArithmeticException(SparkRuntimeException, ArithmeticError):
    """ANSI arithmetic failure: division by zero, overflow."""


class DateTimeException(PySparkException):
    """A datetime value that cannot be parsed or built (PySpark's ``DateTimeException``)."""


class ArrayIndexOutOfBoundsException(PySparkException, IndexError):
    """An array index out of bounds under ANSI (PySpark's ``ArrayIndexOutOfBoundsException``)."""


class NumberFormatException(SparkRuntimeException, ValueError):
    """ANSI cast of malformed text to a number/date."""


class IllegalArgumentException(PySparkException, ValueError):
    """An argument Spark rejects (e.g. a bad option value)."""


class UnsupportedOperationException(PySparkException):
    """An operation not supported in this context."""


class SparkNoSuchElementException(PySparkException):
    """A lookup of something that does not exist (e.g. an unset config key)."""


class PythonException(PySparkException):
    """An exception raised in a user's Python function (udf, pandas_udf): PySpark's ``PythonException``.

    The message carries the Python traceback; ``cause`` is the original exception."""


class SessionNotSameException(PySparkException):
    """Performed the same operation on different SparkSession."""


class UnknownException(PySparkException):
    """None of the other exceptions."""


class SparkUpgradeException(PySparkException):
    """Exception thrown because of Spark upgrade (a behaviour that changed between versions)."""


class PySparkImportError(PySparkException, ImportError):
    """Wrapper class for ImportError to support error classes."""


class PySparkPicklingError(PySparkException, pickle.PicklingError):
    """Wrapper class for pickle.PicklingError to support error classes."""


class RetriesExceeded(PySparkException):
    """A retriable operation that failed more often than its retry limit allows."""


class StreamingPythonRunnerInitializationException(PySparkException):
    """Failed to initialize a streaming Python runner."""


class PickleException(PySparkException):
    """An object that could not be pickled or unpickled."""


class QueryContextType(Enum):
    """Where an error's query context comes from: SQL text or a DataFrame call."""

    SQL = 0
    DataFrame = 1


class QueryContext(ABC):
    """The piece of a query an error points at (PySpark's ``QueryContext`` interface)."""

    @abstractmethod
    def contextType(self) -> QueryContextType: ...

    @abstractmethod
    def objectType(self) -> str: ...

    @abstractmethod
    def objectName(self) -> str: ...

    @abstractmethod
    def startIndex(self) -> int: ...

    @abstractmethod
    def stopIndex(self) -> int: ...

    @abstractmethod
    def fragment(self) -> str: ...

    @abstractmethod
    def callSite(self) -> str: ...

    @abstractmethod
    def summary(self) -> str: ...
