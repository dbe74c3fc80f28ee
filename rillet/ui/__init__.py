"""The web dashboard: Spark UI's Structured Streaming tab, served from a thread with the stdlib.

``SparkSession`` starts it when ``spark.ui.enabled`` is true (the default) on
``spark.ui.port`` (4040, or the next free port) bound to ``spark.ui.host``
(127.0.0.1), and stops it with the session.
"""

from __future__ import annotations

from rillet.ui.server import Dashboard, start_dashboard

__all__ = ["Dashboard", "start_dashboard"]
