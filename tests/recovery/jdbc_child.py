"""A streaming query into a database table, run as a separate process by test_jdbc_kill.py
(so it can be SIGKILLed mid-batch).

usage: jdbc_child.py HOW SRC CHECKPOINT URL PASSWORD
  HOW=sink:   writeStream.format("jdbc").option("exactlyOnce", "true") into table ``lines``
  HOW=recipe: foreachBatch writing the batch (into ``recipe_lines``) and its batch id in one transaction, skipping
              a batch id already written (the recipe of docs/jdbc.md)
One input file per micro-batch, until the backlog is done (availableNow).
"""

from __future__ import annotations

import sys

from rillet.sql import SparkSession


def recipe(url: str, password: str):
    """docs/jdbc.md's recipe: one transaction per batch, the batch id beside the rows."""
    from rillet.connectors.jdbc.dialects import DIALECTS, parse_url

    target = parse_url(url, {"user": "rillet", "password": password})

    def write(batch_df, batch_id: int) -> None:
        conn = DIALECTS[target.kind].connect(target)  # an ADBC DB-API connection
        try:
            cur = conn.cursor()
            cur.execute("CREATE TABLE IF NOT EXISTS batches (query TEXT PRIMARY KEY, batch_id BIGINT)")
            cur.execute("CREATE TABLE IF NOT EXISTS recipe_lines (value TEXT)")
            conn.commit()
            cur.execute("SELECT batch_id FROM batches WHERE query = 'lines'")
            done = cur.fetchall()
            if done and done[0][0] >= batch_id:
                conn.rollback()  # written before a crash: skip it
                return
            cur.adbc_ingest("recipe_lines", batch_df.toArrow(), mode="append")
            cur.execute(f"INSERT INTO batches VALUES ('lines', {batch_id}) "
                        "ON CONFLICT (query) DO UPDATE SET batch_id = excluded.batch_id")
            conn.commit()
        finally:
            conn.close()

    return write


def main() -> None:
    how, src, checkpoint, url, password = sys.argv[1:6]
    spark = SparkSession.builder.config("spark.ui.enabled", "false").getOrCreate()
    lines = spark.readStream.option("maxFilesPerTrigger", 1).text(src)
    writer = lines.writeStream.option("checkpointLocation", checkpoint).trigger(availableNow=True)
    if how == "sink":
        writer = (writer.format("jdbc").option("exactlyOnce", "true").option("url", url)
                  .option("dbtable", "lines").option("user", "rillet").option("password", password))
    else:
        writer = writer.foreachBatch(recipe(url, password))
    writer.start().awaitTermination()


if __name__ == "__main__":
    main()
