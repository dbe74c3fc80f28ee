"""rillet: Spark Structured Streaming for Python, without the JVM."""

from rillet.conf import SparkConf
from rillet.context import SparkContext
from rillet.plan.types import Row
from rillet.taskcontext import TaskContext

__version__ = "0.1.0"

__all__ = ["Row", "SparkConf", "SparkContext", "TaskContext", "use_spark"]


def use_spark() -> None:
    """Run ``rillet.sql`` on Apache Spark (PySpark); call before importing ``rillet.sql``."""
    from rillet.spark_backend import use_spark as _use_spark

    _use_spark()
