"""``UserDefinedFunction`` and ``UDFRegistration`` under their PySpark home, ``pyspark.sql.udf``
(defined with ``udf``/``pandas_udf`` in :mod:`rillet.sql.functions.udf`)."""

from rillet.sql.functions.udf import UDFRegistration, UserDefinedFunction

__all__ = ["UDFRegistration", "UserDefinedFunction"]
