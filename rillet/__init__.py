"""rillet: Spark Structured Streaming for Python, without the JVM."""

__version__ = "0.1.0"
