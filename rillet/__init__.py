"""rillet: Spark Structured Streaming for Python, without the JVM."""

from rillet._compat import gc_paused

with gc_paused():  # see gc_paused: a start without a full collection over the imported modules
    from rillet.conf import SparkConf
    from rillet.context import SparkContext
    from rillet.plan.types import Row
    from rillet.storagelevel import StorageLevel
    from rillet.taskcontext import TaskContext
    from rillet.util import InheritableThread, inheritable_thread_target

__version__ = "0.1.0"

__all__ = [
    "InheritableThread",
    "Row",
    "SparkConf",
    "SparkContext",
    "StorageLevel",
    "TaskContext",
    "inheritable_thread_target",
    "use_spark",
]


def use_spark() -> None:
    """Run ``rillet.sql`` on Apache Spark (PySpark); call before importing ``rillet.sql``."""
    from rillet.spark_backend import use_spark as _use_spark

    _use_spark()
