"""rillet: Spark Structured Streaming for Python, without the JVM."""

__version__ = "0.1.0"


def use_spark() -> None:
    """Run ``rillet.sql`` on Apache Spark (PySpark); call before importing ``rillet.sql``."""
    from rillet.spark_backend import use_spark as _use_spark

    _use_spark()
