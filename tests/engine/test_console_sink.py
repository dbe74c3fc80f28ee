"""The console sink prints Spark's banner and table for each batch."""

from __future__ import annotations

from helpers import write_file

from rillet.sql import functions as F


def test_console_output_is_sparks_format(spark, tmp_path, capsys):
    counts = (spark.readStream.text(str(tmp_path))
              .select(F.explode(F.split("value", " ")).alias("word")).groupBy("word").count()
              .orderBy("word"))
    q = counts.writeStream.format("console").outputMode("complete").start()
    write_file(tmp_path, "1.txt", "b a b\n")
    q.processAllAvailable()
    write_file(tmp_path, "2.txt", "c\n")
    q.processAllAvailable()
    q.stop()
    assert capsys.readouterr().out == (
        "-------------------------------------------\n"
        "Batch: 0\n"
        "-------------------------------------------\n"
        "+----+-----+\n"
        "|word|count|\n"
        "+----+-----+\n"
        "|   a|    1|\n"
        "|   b|    2|\n"
        "+----+-----+\n"
        "\n"
        "-------------------------------------------\n"
        "Batch: 1\n"
        "-------------------------------------------\n"
        "+----+-----+\n"
        "|word|count|\n"
        "+----+-----+\n"
        "|   a|    1|\n"
        "|   b|    2|\n"
        "|   c|    1|\n"
        "+----+-----+\n"
        "\n"
    )


def test_console_num_rows_and_truncate_options(spark, tmp_path, capsys):
    q = (spark.readStream.text(str(tmp_path)).writeStream.format("console")
         .option("numRows", 1).option("truncate", False).start())
    write_file(tmp_path, "1.txt", "a rather long line that is longer than twenty characters\nsecond\n")
    q.processAllAvailable()
    q.stop()
    out = capsys.readouterr().out
    assert "|a rather long line that is longer than twenty characters|" in out
    assert "only showing top 1 row" in out
    assert "second" not in out
