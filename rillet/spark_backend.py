"""The switch to Apache Spark: the same ``rillet.sql`` program, run by real PySpark.

With ``RILLET_ENGINE=spark`` in the environment (or ``rillet.use_spark()`` called
before anything imports ``rillet.sql``), importing ``rillet.sql`` or any of its
submodules hands out PySpark's modules: ``rillet.sql.functions`` is
``pyspark.sql.functions``, ``SparkSession`` is PySpark's (classic, or Spark
Connect when ``SPARK_REMOTE`` is set), and user functions, UDFs and
``foreachBatch`` callbacks run on Spark as they would in a PySpark program. The
handed-out modules are thin aliases carrying PySpark's module names, so a UDF
that refers to ``F`` pickles as a reference to ``pyspark.sql.functions`` and
needs no rillet on the executors.

What only rillet has gets a clear error on Spark naming it (``RilletOnlyFeature``):
see ``RILLET_ONLY_WRITER_OPTIONS``. ``Column.bitwiseNOT`` (rillet keeps the old
PySpark name) is mapped to ``functions.bitwise_not``.

``submit`` runs an application file with the pyspark package's own ``spark-submit``;
``rillet submit`` (``rillet.cli``) calls it.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import json
import os
import subprocess
import sys
import types
from collections.abc import Sequence
from typing import Any

ENV_VAR = "RILLET_ENGINE"
# ``rillet submit --master sc://... --conf k=v``: the confs, as JSON [[k, v], ...], applied by
# the session builder (a Spark Connect client has no spark-submit to take them)
CONF_ENV_VAR = "RILLET_SUBMIT_CONF"
ENGINES = ("rillet", "spark")

# writeStream options that only rillet understands -> what they are, for the error. Spark
# would ignore them silently (and, for exactlyOnce, deliver at-least-once).
RILLET_ONLY_WRITER_OPTIONS: dict[str, str] = {
    "lateRowsPath": "the late-row side output (rows dropped by the watermark, written to a folder)",
    "exactlyOnce": "the Kafka sink's exactly-once delivery (one Kafka transaction per batch)",
}

# Names ``rillet.sql`` modules export beyond their ``pyspark.sql`` counterpart:
# alias module -> {name: (pyspark module, attribute)}.
_EXTRAS: dict[str, dict[str, tuple[str, str]]] = {
    "rillet.sql": {
        "DataStreamReader": ("pyspark.sql.streaming", "DataStreamReader"),
        "DataStreamWriter": ("pyspark.sql.streaming", "DataStreamWriter"),
        "StreamingQuery": ("pyspark.sql.streaming", "StreamingQuery"),
        "StreamingQueryManager": ("pyspark.sql.streaming", "StreamingQueryManager"),
        "RuntimeConfig": ("pyspark.sql.conf", "RuntimeConfig"),
    },
    "rillet.sql.streaming": {
        "StreamingQueryProgress": ("pyspark.sql.streaming.listener", "StreamingQueryProgress"),
    },
    "rillet.sql.utils": {
        name: ("pyspark.errors", name)
        for name in (
            "ArithmeticException", "ArrayIndexOutOfBoundsException", "DateTimeException",
            "NumberFormatException", "PySparkAttributeError", "PySparkException", "PySparkIndexError",
            "PySparkKeyError", "PySparkTypeError", "PySparkValueError", "SparkNoSuchElementException",
            "SparkRuntimeException", "TempTableAlreadyExistsException", "UnsupportedOperationException",
        )
    },
}

_PREFIX = "rillet.sql"
_TARGET = "pyspark.sql"


class RilletOnlyFeature(NotImplementedError):
    """A feature only rillet's engine has, used while the program runs on Apache Spark."""


def engine() -> str:
    """The engine ``rillet.sql`` hands out: ``"spark"`` with ``RILLET_ENGINE=spark``, else ``"rillet"``."""
    value = os.environ.get(ENV_VAR, "").strip().lower() or "rillet"
    if value not in ENGINES:
        raise ValueError(f"{ENV_VAR}={os.environ[ENV_VAR]!r}: expected one of {', '.join(ENGINES)}")
    return value


def use_spark() -> None:
    """Run this program's ``rillet.sql`` on Apache Spark (PySpark); call before importing ``rillet.sql``.

    Sets ``RILLET_ENGINE=spark`` for this process and the processes it starts.
    """
    current = sys.modules.get(_PREFIX)
    if current is not None and not isinstance(current, _Alias):
        raise RuntimeError(
            "rillet.use_spark() must be called before rillet.sql is imported: rillet.sql is already "
            "loaded on rillet's engine (or set RILLET_ENGINE=spark in the environment)"
        )
    os.environ[ENV_VAR] = "spark"
    if current is None:
        install()


def hand_over(name: str) -> None:
    """Called first thing by ``rillet/sql/__init__.py``: when the switch is on, hand out PySpark.

    ``sys.modules[name]`` is replaced by the alias, which the import system returns
    instead of the module being executed (the rest of that file then only fills a
    module object nobody sees).
    """
    if name == _PREFIX and engine() == "spark":
        install()


def install() -> None:
    """Alias ``rillet.sql`` and its submodules to ``pyspark.sql`` (idempotent)."""
    if isinstance(sys.modules.get(_PREFIX), _Alias):
        return
    try:
        importlib.import_module(_TARGET)
    except ImportError as e:
        raise ImportError(
            f"{ENV_VAR}=spark needs PySpark: pip install 'rillet[spark]' ({e})"
        ) from e
    if not any(isinstance(f, _AliasFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _AliasFinder())
    alias = _Alias(_PREFIX, importlib.import_module(_TARGET))
    sys.modules[_PREFIX] = alias
    if "rillet" in sys.modules:  # ``import rillet.sql`` finds the alias in sys.modules: bind it here
        sys.modules["rillet"].sql = alias
    patch_pyspark()


class _Alias(types.ModuleType):
    """A ``rillet.sql...`` module that is PySpark's: every attribute is the target module's.

    ``__name__`` is the PySpark module's, so pickling (cloudpickle, for UDFs and
    Spark Connect's foreachBatch) refers to PySpark's module, not to rillet.
    """

    def __init__(self, alias: str, target: types.ModuleType) -> None:
        super().__init__(target.__name__, target.__doc__)
        self.__dict__["_rillet_alias"] = alias
        self.__dict__["_rillet_target"] = target
        if hasattr(target, "__path__"):
            self.__dict__["__path__"] = list(target.__path__)

    def __getattr__(self, name: str) -> Any:
        target = self.__dict__["_rillet_target"]
        try:
            return getattr(target, name)
        except AttributeError:
            extra = _EXTRAS.get(self.__dict__["_rillet_alias"], {}).get(name)
            if extra is None:
                raise
            return getattr(importlib.import_module(extra[0]), extra[1])

    def __dir__(self) -> list[str]:
        names = set(dir(self.__dict__["_rillet_target"]))
        return sorted(names | set(_EXTRAS.get(self.__dict__["_rillet_alias"], {})))

    def __repr__(self) -> str:
        return f"<module {self.__dict__['_rillet_alias']!r} (Apache Spark: {self.__name__!r})>"


class _AliasFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``rillet.sql.X`` as an alias of ``pyspark.sql.X``."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if not fullname.startswith(_PREFIX + ".") or engine() != "spark":
            return None
        real = _TARGET + fullname[len(_PREFIX):]
        try:
            module = importlib.import_module(real)
        except ModuleNotFoundError as e:
            if e.name != real:
                raise
            return None
        return importlib.machinery.ModuleSpec(
            fullname, self, is_package=hasattr(module, "__path__")
        )

    def create_module(self, spec: Any) -> types.ModuleType:
        real = _TARGET + spec.name[len(_PREFIX):]
        return _Alias(spec.name, sys.modules[real])

    def exec_module(self, module: types.ModuleType) -> None:
        return None


# ---------------------------------------------------------------------- rillet-only features on Spark
def _check_writer_options(options: dict[str, Any]) -> None:
    lowered = {k.lower(): k for k in options}
    for key, what in RILLET_ONLY_WRITER_OPTIONS.items():
        given = lowered.get(key.lower())
        if given is not None and str(options[given]).strip().lower() != "false":  # "false" asks for nothing
            raise RilletOnlyFeature(
                f"writeStream option '{given}' is {what}: a rillet-only feature that Apache "
                f"Spark does not have. Remove the option to run on Spark, or run the program on rillet's "
                f"engine (unset {ENV_VAR} / rillet submit without --master)."
            )


def _patch_writer(cls: type) -> None:
    if getattr(cls, "_rillet_patched", False):
        return
    original_option, original_options = cls.option, cls.options
    original_start, original_to_table = cls.start, cls.toTable

    def _seen(self: Any) -> dict[str, Any]:
        return self.__dict__.setdefault("_rillet_options", {})

    def option(self: Any, key: str, value: Any) -> Any:
        _seen(self)[key] = value
        return original_option(self, key, value)

    def options(self: Any, **opts: Any) -> Any:
        _seen(self).update(opts)
        return original_options(self, **opts)

    def start(self: Any, *args: Any, **kwargs: Any) -> Any:
        _check_writer_options({**_seen(self), **kwargs})
        return original_start(self, *args, **kwargs)

    def toTable(self: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N802 - PySpark's name
        _check_writer_options({**_seen(self), **kwargs})
        return original_to_table(self, *args, **kwargs)

    for fn, original in ((option, original_option), (options, original_options),
                         (start, original_start), (toTable, original_to_table)):
        fn.__doc__, fn.__name__, fn.__qualname__ = original.__doc__, original.__name__, original.__qualname__
        setattr(cls, original.__name__, fn)
    cls._rillet_patched = True


def _bitwise_not(self: Any) -> Any:
    """rillet's ``Column.bitwiseNOT()``: ``functions.bitwise_not(col)``."""
    from pyspark.sql import functions as F

    return F.bitwise_not(self)


def patch_pyspark() -> None:
    """The rillet-only API points on PySpark's classes (classic and, when installed, Connect)."""
    from pyspark.sql.column import Column
    from pyspark.sql.streaming.readwriter import DataStreamWriter

    classes = [(DataStreamWriter, Column)]
    try:
        from pyspark.sql.connect.column import Column as ConnectColumn
        from pyspark.sql.connect.streaming.readwriter import DataStreamWriter as ConnectWriter
    except ImportError:  # Spark Connect's client needs grpcio; classic PySpark works without it
        pass
    else:
        classes.append((ConnectWriter, ConnectColumn))
    for writer, column in classes:
        _patch_writer(writer)
        if not hasattr(column, "bitwiseNOT"):
            column.bitwiseNOT = _bitwise_not
    _patch_builder()


def _patch_builder() -> None:
    """``SparkSession.builder.getOrCreate()`` also applies ``RILLET_SUBMIT_CONF`` (the app's own win)."""
    from pyspark.sql.session import SparkSession

    builder = SparkSession.Builder
    if getattr(builder, "_rillet_patched", False):
        return
    original = builder.getOrCreate

    def getOrCreate(self: Any) -> Any:  # noqa: N802 - PySpark's name
        for key, value in json.loads(os.environ.get(CONF_ENV_VAR) or "[]"):
            if key not in self._options:
                self.config(key, value)
        return original(self)

    getOrCreate.__doc__ = original.__doc__
    builder.getOrCreate = getOrCreate
    builder._rillet_patched = True


# ---------------------------------------------------------------------- submit
def spark_home() -> str:
    """The pyspark package's folder: it holds ``bin/spark-submit`` and ``jars/``."""
    try:
        import pyspark
    except ImportError as e:
        raise ImportError(f"running on Apache Spark needs PySpark: pip install 'rillet[spark]' ({e})") from e
    return os.path.dirname(os.path.abspath(pyspark.__file__))


def submit_command(master: str, confs: Sequence[tuple[str, str]], app: str, args: Sequence[str]) -> list[str]:
    """The command that runs ``app`` on ``master`` with the switch on.

    ``local[*]``, ``spark://``, ``yarn``, ``k8s://``: the pyspark package's own
    ``bin/spark-submit``, with ``--conf`` passed through. ``sc://``: Spark Connect
    needs no JVM on the client: this Python runs the app with ``SPARK_REMOTE``
    set, and ``confs`` reach the session through ``submit_env`` (see
    ``patch_pyspark``).
    """
    if master.startswith("sc://"):
        return [sys.executable, app, *args]
    cmd = [os.path.join(spark_home(), "bin", "spark-submit"), "--master", master]
    keys = {k for k, _ in confs}
    for key, value in confs:
        cmd += ["--conf", f"{key}={value}"]
    # executors' Python workers see the switch too (a UDF that imports rillet.sql)
    if f"spark.executorEnv.{ENV_VAR}" not in keys:
        cmd += ["--conf", f"spark.executorEnv.{ENV_VAR}=spark"]
    return [*cmd, app, *args]


def submit_env(master: str, confs: Sequence[tuple[str, str]], base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of ``submit_command``: the switch on, this Python for driver and workers."""
    env = dict(os.environ if base is None else base)
    env[ENV_VAR] = "spark"
    env.setdefault("PYSPARK_PYTHON", sys.executable)
    env.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    env.setdefault("SPARK_HOME", spark_home())
    if master.startswith("sc://"):
        env["SPARK_REMOTE"] = master
        env[CONF_ENV_VAR] = json.dumps([list(kv) for kv in confs])
    return env


def submit(master: str, confs: Sequence[tuple[str, str]], app: str, args: Sequence[str]) -> int:
    """Run ``app`` on Apache Spark at ``master`` (local[*], spark://, sc://); the exit code of the run."""
    return subprocess.call(submit_command(master, confs, app, args), env=submit_env(master, confs))
