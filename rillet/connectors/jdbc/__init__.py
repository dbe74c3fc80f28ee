"""``format("jdbc")``: PostgreSQL and SQLite tables with Spark's JDBC options, without a JVM.

Batch: ``df.write.jdbc(url, table, mode, properties)`` / ``.format("jdbc")`` (``dbtable``,
``user``, ``password``, ``batchsize``, ``truncate``, ``cascadeTruncate``,
``createTableOptions``, ``createTableColumnTypes``, ``isolationLevel``,
``sessionInitStatement``; save modes with Spark's rules) and ``spark.read.jdbc`` /
``.format("jdbc")`` (``dbtable`` or ``query``, ``partitionColumn``/``lowerBound``/
``upperBound``/``numPartitions``, ``fetchsize``, ``pushDownPredicate``). A write is one
transaction; on PostgreSQL its rows go in one binary ``COPY`` (ADBC's bulk ingest).

Streaming, beyond Spark: ``writeStream.format("jdbc").option("exactlyOnce", "true")``
writes each micro-batch and its batch id in one transaction (a progress table keyed by the
query id), skipping a batch id already written, so a batch re-run after a crash writes
nothing twice; ``update`` mode upserts by ``keyColumns`` (``ON CONFLICT``), ``complete``
replaces the table's rows.
"""

from __future__ import annotations

from rillet.connectors.jdbc.provider import PROVIDER, JdbcProvider

__all__ = ["PROVIDER", "JdbcProvider"]
