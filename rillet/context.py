"""``SparkContext``, the twin of ``pyspark.SparkContext``: the application facts a session exposes.

rillet has no cluster and no RDDs; this object answers what real jobs and test base classes
ask of ``spark.sparkContext`` (name, master, parallelism, log level, UI address, the conf)
from the session it belongs to.
"""

from __future__ import annotations

import getpass
import logging
import os
import re
from typing import TYPE_CHECKING, Optional

from rillet.conf import SparkConf
from rillet.errors import PySparkRuntimeError, PySparkValueError

if TYPE_CHECKING:
    from rillet.sql.session import SparkSession

_LOG_LEVELS = {
    "ALL": logging.NOTSET, "TRACE": logging.DEBUG, "DEBUG": logging.DEBUG, "INFO": logging.INFO,
    "WARN": logging.WARNING, "ERROR": logging.ERROR, "FATAL": logging.CRITICAL, "OFF": logging.CRITICAL + 10,
}
_LOCAL = re.compile(r"local(?:\[(\*|\d+)(?:,\s*\d+)?\])?$")


class SparkContext:
    """The application behind a :class:`~rillet.sql.SparkSession` (``spark.sparkContext``).

    Examples
    --------
    >>> sc = spark.sparkContext
    >>> isinstance(sc.defaultParallelism, int) and sc.defaultParallelism > 0
    True
    >>> sc.applicationId.startswith("local-")
    True
    """

    _active_spark_context: Optional[SparkContext] = None

    def __init__(self, session: SparkSession) -> None:
        self._session = session
        self._local_properties: dict[str, str] = {}
        # Spark's id for a local application is "local-" + its start time in milliseconds.
        self.applicationId = f"local-{int(session._start_time * 1000)}"
        self.startTime = int(session._start_time * 1000)
        SparkContext._active_spark_context = self

    @classmethod
    def getOrCreate(cls, conf: Optional[SparkConf] = None) -> SparkContext:
        """The context of the running session (``SparkSession.builder.getOrCreate().sparkContext``).

        rillet has no application without a session: build the session first (a ``SparkConf``
        goes to ``SparkSession.builder.config(conf=...)``).
        """
        if cls._active_spark_context is None or cls._active_spark_context._session._stopped:
            raise PySparkRuntimeError(
                errorClass="SESSION_OR_CONTEXT_NOT_EXISTS", messageParameters={}
            )
        return cls._active_spark_context

    @property
    def appName(self) -> str:
        """The application name (``spark.app.name``)."""
        return str(self._session.conf.get("spark.app.name", "rillet"))

    @property
    def master(self) -> str:
        """The master URL (``spark.master``); rillet always runs in this process."""
        return str(self._session.conf.get("spark.master", "local[*]"))

    @property
    def version(self) -> str:
        """The version of Spark whose API this application runs."""
        return self._session.version

    @property
    def defaultParallelism(self) -> int:
        """Default number of partitions: N of ``local[N]``, the CPU count for ``local[*]``, else 1."""
        m = _LOCAL.match(self.master.strip())
        cores = os.cpu_count() or 1
        if m is None:  # a cluster URL: rillet still runs here, on this machine's cores
            return cores
        if m.group(1) is None:  # plain "local" is one thread
            return 1
        return cores if m.group(1) == "*" else int(m.group(1))

    @property
    def defaultMinPartitions(self) -> int:
        """Default minimum number of partitions for reads: ``min(defaultParallelism, 2)``."""
        return min(self.defaultParallelism, 2)

    @property
    def uiWebUrl(self) -> Optional[str]:
        """The dashboard's URL, or ``None`` when ``spark.ui.enabled`` is false."""
        ui = self._session._ui
        return None if ui is None else str(ui.url).rstrip("/")

    @property
    def sparkUser(self) -> str:
        """The user running the application."""
        return os.environ.get("SPARK_USER") or getpass.getuser()

    def getConf(self) -> SparkConf:
        """A copy of the session's configuration as a :class:`~rillet.SparkConf`."""
        return SparkConf().setAll(list(self._session.conf.getAll().items()))

    def setLogLevel(self, logLevel: str) -> None:
        """Set rillet's log level: one of ALL, DEBUG, ERROR, FATAL, INFO, OFF, TRACE, WARN.

        Examples
        --------
        >>> spark.sparkContext.setLogLevel("WARN")
        """
        level = _LOG_LEVELS.get(str(logLevel).upper())
        if level is None:
            raise PySparkValueError(
                errorClass="VALUE_NOT_ALLOWED",
                messageParameters={"arg_name": "logLevel", "allowed_values": ", ".join(sorted(_LOG_LEVELS))},
            )
        logging.getLogger("rillet").setLevel(level)

    def setLocalProperty(self, key: str, value: Optional[str]) -> None:
        """Set a property of jobs started from this thread (``None`` removes it)."""
        if value is None:
            self._local_properties.pop(key, None)
        else:
            self._local_properties[key] = value

    def getLocalProperty(self, key: str) -> Optional[str]:
        """A property set by :meth:`setLocalProperty`, or ``None``."""
        return self._local_properties.get(key)

    def setJobDescription(self, value: str) -> None:
        """Describe the jobs started from this thread."""
        self.setLocalProperty("spark.job.description", value)

    def setJobGroup(self, groupId: str, description: str, interruptOnCancel: bool = False) -> None:
        """Group the jobs started from this thread."""
        self.setLocalProperty("spark.jobGroup.id", groupId)
        self.setJobDescription(description)

    def stop(self) -> None:
        """Stop the application: its session and every query it runs."""
        self._session.stop()
        if SparkContext._active_spark_context is self:
            SparkContext._active_spark_context = None

    def __repr__(self) -> str:
        return f"<SparkContext master={self.master} appName={self.appName}>"
