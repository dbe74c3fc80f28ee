"""``Catalog`` under its PySpark home, ``pyspark.sql.catalog`` (``spark.catalog``; defined with the
session in :mod:`rillet.sql.session`)."""

from rillet.sql.session import Catalog

__all__ = ["Catalog"]
