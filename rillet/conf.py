"""``SparkConf``, the twin of ``pyspark.conf``: key/value settings a session is built from."""

from __future__ import annotations

from typing import Optional


class SparkConf:
    """Configuration for a rillet application, as ``pyspark.SparkConf``: string keys to string values.

    Setters return the object so they chain; :meth:`SparkSession.Builder.config` takes one as ``conf=``.

    Examples
    --------
    >>> from rillet import SparkConf
    >>> conf = SparkConf().setAppName("demo").setMaster("local[2]")
    >>> conf.get("spark.app.name")
    'demo'
    >>> sorted(conf.getAll())
    [('spark.app.name', 'demo'), ('spark.master', 'local[2]')]
    """

    def __init__(self, loadDefaults: bool = True, _jvm: object = None, _jconf: object = None) -> None:
        self._conf: dict[str, str] = {}

    def set(self, key: str, value: object) -> SparkConf:
        """Set a configuration property (the value is kept as ``str(value)``, like PySpark)."""
        self._conf[key] = str(value)
        return self

    def setIfMissing(self, key: str, value: object) -> SparkConf:
        """Set a configuration property, if not already set."""
        if key not in self._conf:
            self.set(key, value)
        return self

    def setMaster(self, value: str) -> SparkConf:
        """Set the master URL (``local[N]``; rillet always runs in this process)."""
        return self.set("spark.master", value)

    def setAppName(self, value: str) -> SparkConf:
        """Set the application name."""
        return self.set("spark.app.name", value)

    def setSparkHome(self, value: str) -> SparkConf:
        """Set the Spark installation path (kept for compatibility; rillet needs none)."""
        return self.set("spark.home", value)

    def setExecutorEnv(self, key: Optional[str] = None, value: Optional[str] = None, pairs: Optional[list[tuple[str, str]]] = None) -> SparkConf:
        """Set environment variables for executors (``spark.executorEnv.<key>``)."""
        if (key is not None and pairs is not None) or (key is None and pairs is None):
            from rillet.errors import PySparkRuntimeError

            raise PySparkRuntimeError(errorClass="KEY_VALUE_PAIR_REQUIRED", messageParameters={})
        for k, v in pairs if pairs is not None else [(key, value)]:
            self.set("spark.executorEnv." + str(k), v)
        return self

    def setAll(self, pairs: list[tuple[str, str]]) -> SparkConf:
        """Set several properties from a list of ``(key, value)`` pairs."""
        for k, v in pairs:
            self.set(k, v)
        return self

    def get(self, key: str, defaultValue: Optional[str] = None) -> Optional[str]:
        """The value of ``key``, or ``defaultValue`` when unset."""
        return self._conf.get(key, defaultValue)

    def getAll(self) -> list[tuple[str, str]]:
        """All values as a list of ``(key, value)`` pairs."""
        return list(self._conf.items())

    def contains(self, key: str) -> bool:
        """Whether ``key`` is set."""
        return key in self._conf

    def toDebugString(self) -> str:
        """The settings as ``key=value`` lines."""
        return "\n".join(f"{k}={v}" for k, v in self._conf.items())
