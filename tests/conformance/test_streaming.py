"""Streaming programs run on rillet and on real PySpark, compared micro-batch by micro-batch.

Both engines read the same real input: a ``text`` file source over a temporary
directory. A program writes one file, calls ``processAllAvailable()`` (never a
sleep), snapshots the sink (the memory table, or what ``foreachBatch``
collected), and repeats, so every case runs several micro-batches. Known gaps
live in ``known_gaps.STREAMING``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.conformance import known_gaps
from tests.conformance.compare import Bag, Cases, plain

case = Cases()

LINES = [
    ["the cat", "the dog sat", ""],
    ["a cat", "the end"],
    ["dog dog", "cat"],
]
PAIRS = [
    ["a,1", "b,2", "a,3"],
    ["b,5", "c,-1"],
    ["a,10", "c,4", "c,4"],
]


class TextFeed:
    """A directory a ``text`` stream watches; ``write`` adds one complete file atomically."""

    def __init__(self) -> None:
        self.root = tempfile.mkdtemp(prefix="rillet-conformance-")
        self.path = os.path.join(self.root, "input")
        self.checkpoint = os.path.join(self.root, "checkpoint")
        os.mkdir(self.path)
        self._files = 0

    def write(self, lines: list[str]) -> None:
        self._files += 1
        staged = os.path.join(self.root, f"staged-{self._files}")
        with open(staged, "w", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in lines))
        os.replace(staged, os.path.join(self.path, f"part-{self._files:04d}.txt"))

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def text_stream(spark: Any) -> Iterator[tuple[Any, TextFeed]]:
    """A streaming DataFrame over a fresh directory; every query is stopped on exit."""
    feed = TextFeed()
    try:
        yield spark.readStream.format("text").option("maxFilesPerTrigger", 1).load(feed.path), feed
    finally:
        for query in spark.streams.active:
            query.stop()
        feed.close()


def run_batches(query: Any, feed: TextFeed, batches: list[list[str]], snapshot: Callable[[], Any]) -> list[Any]:
    """Feed one file per micro-batch; after each, wait for it and take ``snapshot()``."""
    seen = []
    for lines in batches:
        feed.write(lines)
        query.processAllAvailable()
        seen.append(plain(snapshot()))
    return seen


def memory_query(df: Any, feed: TextFeed, name: str, mode: str) -> Any:
    return (
        df.writeStream.format("memory")
        .queryName(name)
        .outputMode(mode)
        .option("checkpointLocation", feed.checkpoint)
        .start()
    )


def foreach_batch_query(df: Any, feed: TextFeed, mode: str, into: list[Any]) -> Any:
    """Each micro-batch's rows, collected inside the function, as ``(batch_id, Bag(rows))``."""

    def collect(batch_df: Any, batch_id: int) -> None:
        into.append((batch_id, Bag(plain(batch_df.collect()))))

    return (
        df.writeStream.foreachBatch(collect)
        .outputMode(mode)
        .option("checkpointLocation", feed.checkpoint)
        .start()
    )


def words(lines: Any, F: Any) -> Any:
    return lines.select(F.explode(F.split(F.col("value"), " ")).alias("word")).filter(F.col("word") != "")


def pairs(lines: Any, F: Any) -> Any:
    parts = F.split(F.col("value"), ",")
    return lines.select(parts.getItem(0).alias("k"), parts.getItem(1).cast("int").alias("v"))


# --- stateless, append ------------------------------------------------------------------


@case
def select_and_filter_in_append_mode_to_memory(spark, F, T):
    with text_stream(spark) as (lines, feed):
        out = lines.select(
            F.upper(F.col("value")).alias("shout"), F.length("value").alias("len")
        ).filter(F.col("len") > 3)
        q = memory_query(out, feed, "conf_stream_select", "append")
        return run_batches(q, feed, LINES, lambda: spark.table("conf_stream_select"))


@case
def explode_words_in_append_mode_through_foreach_batch(spark, F, T):
    with text_stream(spark) as (lines, feed):
        seen: list[Any] = []
        q = foreach_batch_query(words(lines, F), feed, "append", seen)
        run_batches(q, feed, LINES, lambda: None)
        return seen


@case
def streaming_dataframe_schema_and_flags(spark, F, T):
    with text_stream(spark) as (lines, feed):
        agg = pairs(lines, F).groupBy("k").agg(F.sum("v"))
        return {
            "source": (lines.isStreaming, lines.dtypes),
            "pairs": pairs(lines, F).dtypes,
            "agg": (agg.isStreaming, agg.dtypes, [f.nullable for f in agg.schema.fields]),
        }


# --- aggregation ---------------------------------------------------------------------------


@case
def word_count_in_complete_mode_to_memory(spark, F, T):
    with text_stream(spark) as (lines, feed):
        counts = words(lines, F).groupBy("word").count()
        q = memory_query(counts, feed, "conf_stream_wc", "complete")
        return run_batches(q, feed, LINES, lambda: spark.table("conf_stream_wc"))


@case
def word_count_in_update_mode_through_foreach_batch(spark, F, T):
    with text_stream(spark) as (lines, feed):
        seen: list[Any] = []
        q = foreach_batch_query(words(lines, F).groupBy("word").count(), feed, "update", seen)
        run_batches(q, feed, LINES, lambda: None)
        return seen


@case
def grouped_sum_avg_min_max_count_in_update_mode(spark, F, T):
    with text_stream(spark) as (lines, feed):
        agg = pairs(lines, F).groupBy("k").agg(
            F.sum("v").alias("total"),
            F.avg("v").alias("mean"),
            F.min("v").alias("lo"),
            F.max("v").alias("hi"),
            F.count("*").alias("n"),
        )
        seen: list[Any] = []
        q = foreach_batch_query(agg, feed, "update", seen)
        run_batches(q, feed, PAIRS, lambda: None)
        return seen


@case
def grouped_aggregates_in_complete_mode_to_memory(spark, F, T):
    with text_stream(spark) as (lines, feed):
        agg = pairs(lines, F).groupBy("k").agg(F.sum("v"), F.max("v"), F.count("v"))
        q = memory_query(agg, feed, "conf_stream_agg", "complete")
        return run_batches(q, feed, PAIRS, lambda: spark.table("conf_stream_agg"))


@case
def global_aggregate_without_keys_in_complete_mode(spark, F, T):
    with text_stream(spark) as (lines, feed):
        agg = pairs(lines, F).agg(F.count("*").alias("rows"), F.sum("v").alias("total"), F.avg("v"))
        q = memory_query(agg, feed, "conf_stream_global", "complete")
        return run_batches(q, feed, PAIRS, lambda: spark.table("conf_stream_global"))


@case
def filter_after_aggregation_in_complete_mode(spark, F, T):
    with text_stream(spark) as (lines, feed):
        frequent = words(lines, F).groupBy("word").count().filter(F.col("count") >= 2)
        q = memory_query(frequent, feed, "conf_stream_having", "complete")
        return run_batches(q, feed, LINES, lambda: spark.table("conf_stream_having"))


@case
def filter_after_aggregation_in_update_mode(spark, F, T):
    with text_stream(spark) as (lines, feed):
        big = pairs(lines, F).groupBy("k").agg(F.sum("v").alias("total")).where(F.col("total") > 4)
        seen: list[Any] = []
        q = foreach_batch_query(big, feed, "update", seen)
        run_batches(q, feed, PAIRS, lambda: None)
        return seen


@case
def memory_table_queried_with_spark_sql(spark, F, T):
    with text_stream(spark) as (lines, feed):
        counts = words(lines, F).groupBy("word").count()
        q = memory_query(counts, feed, "conf_stream_sql", "complete")
        return run_batches(
            q,
            feed,
            LINES,
            lambda: spark.sql("SELECT word, `count` FROM conf_stream_sql WHERE `count` > 1 ORDER BY word").collect(),
        )


@case
def foreach_batch_function_transforms_each_batch(spark, F, T):
    with text_stream(spark) as (lines, feed):
        seen: list[Any] = []

        def summarize(batch_df: Any, batch_id: int) -> None:
            summary = batch_df.groupBy("k").agg(F.sum("v").alias("s")).orderBy("k")
            seen.append((batch_id, batch_df.count(), summary.collect()))

        q = (
            pairs(lines, F).writeStream.foreachBatch(summarize)
            .option("checkpointLocation", feed.checkpoint)
            .start()
        )
        run_batches(q, feed, PAIRS, lambda: None)
        return seen


@case
def sorted_top_words_in_complete_mode(spark, F, T):
    with text_stream(spark) as (lines, feed):
        top = words(lines, F).groupBy("word").count().orderBy(F.desc("count"), "word").limit(2)
        q = memory_query(top, feed, "conf_stream_top", "complete")
        return run_batches(q, feed, LINES, lambda: spark.table("conf_stream_top").collect())


@case
def projection_after_aggregation_on_an_expression_key(spark, F, T):
    with text_stream(spark) as (lines, feed):
        by_length = (
            words(lines, F).groupBy(F.length("word").alias("len")).agg(F.count("*").alias("n"))
            .withColumn("share", F.col("n") * 10)
            .select("len", "share")
        )
        seen: list[Any] = []
        q = foreach_batch_query(by_length, feed, "update", seen)
        run_batches(q, feed, LINES, lambda: None)
        return seen


@case
def progress_reports_rows_per_batch(spark, F, T):
    with text_stream(spark) as (lines, feed):
        q = memory_query(words(lines, F), feed, "conf_stream_progress", "append")
        run_batches(q, feed, LINES, lambda: None)
        return [
            (p["batchId"], p["numInputRows"], p["sources"][0]["numInputRows"], p["sink"]["numOutputRows"])
            for p in q.recentProgress
            if p["numInputRows"] > 0
        ]


@case
def stream_static_join_in_append_mode(spark, F, T):
    with text_stream(spark) as (lines, feed):
        static = spark.createDataFrame([("cat", "meow"), ("dog", "woof")], "word string, sound string")
        joined = words(lines, F).join(static, "word")
        q = memory_query(joined, feed, "conf_stream_join", "append")
        return run_batches(q, feed, LINES, lambda: spark.table("conf_stream_join"))


@case
def stream_static_left_outer_join_and_aggregation(spark, F, T):
    with text_stream(spark) as (lines, feed):
        static = spark.createDataFrame([("cat", "meow"), ("dog", "woof")], "word string, sound string")
        joined = words(lines, F).join(static, "word", "left").groupBy("sound").count()
        q = memory_query(joined, feed, "conf_stream_join_left", "complete")
        return run_batches(q, feed, LINES, lambda: spark.table("conf_stream_join_left"))


@case(raises="_LEGACY_ERROR_TEMP_3102")
def stream_static_right_outer_join_with_the_stream_on_the_left_is_rejected(spark, F, T):
    with text_stream(spark) as (lines, feed):
        static = spark.createDataFrame([("cat", "meow")], "word string, sound string")
        memory_query(words(lines, F).join(static, "word", "right"), feed, "conf_stream_join_right", "append")


@case
def drop_duplicates_on_a_stream_in_append_mode(spark, F, T):
    with text_stream(spark) as (lines, feed):
        q = memory_query(words(lines, F).dropDuplicates(["word"]), feed, "conf_stream_dedup", "append")
        return run_batches(q, feed, LINES, lambda: spark.table("conf_stream_dedup"))


# --- rejected queries --------------------------------------------------------------------------


@case(raises="STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION")
def complete_mode_without_aggregation_is_rejected(spark, F, T):
    with text_stream(spark) as (lines, feed):
        memory_query(lines.select("value"), feed, "conf_stream_bad_complete", "complete")


@case(raises="STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION")
def append_mode_with_aggregation_and_no_watermark_is_rejected(spark, F, T):
    with text_stream(spark) as (lines, feed):
        memory_query(words(lines, F).groupBy("word").count(), feed, "conf_stream_bad_append", "append")


@case(raises="_LEGACY_ERROR_TEMP_3102")
def show_on_a_streaming_dataframe_is_rejected(spark, F, T):
    with text_stream(spark) as (lines, feed):
        lines.show()


@case(raises="_LEGACY_ERROR_TEMP_3102")
def count_on_a_streaming_dataframe_is_rejected(spark, F, T):
    with text_stream(spark) as (lines, feed):
        return lines.count()


@case
def the_offsets_log_records_sparks_confs(spark, F, T):
    import json

    # every conf Spark 4 writes into offsets/N, with its values (a checkpoint handed over to
    # Spark must carry them: Spark reads a missing one as its legacy value)
    before = spark.conf.get("spark.sql.shuffle.partitions")
    spark.conf.set("spark.sql.shuffle.partitions", "3")
    try:
        with text_stream(spark) as (lines, feed):
            q = memory_query(words(lines, F).groupBy("word").count(), feed, "conf_stream_offsets", "update")
            run_batches(q, feed, LINES[:1], lambda: None)
            with open(os.path.join(feed.checkpoint, "offsets", "0"), encoding="utf-8") as f:
                header, metadata, *offsets = f.read().splitlines()
            return header, json.loads(metadata)["conf"], offsets
    finally:
        spark.conf.set("spark.sql.shuffle.partitions", before)


@case(raises="_LEGACY_ERROR_TEMP_3102")
def distinct_aggregation_on_a_stream_is_rejected(spark, F, T):
    with text_stream(spark) as (lines, feed):
        memory_query(words(lines, F).agg(F.count_distinct("word")), feed, "conf_stream_distinct", "complete")


@case(raises="_LEGACY_ERROR_TEMP_3102")
def sort_without_aggregation_is_rejected(spark, F, T):
    with text_stream(spark) as (lines, feed):
        memory_query(lines.orderBy("value"), feed, "conf_stream_sort", "append")


@pytest.mark.parametrize("program", case.params(known_gaps.STREAMING))
def test_streaming_program_matches_pyspark(program, conform):
    conform(program)


def test_there_are_at_least_ten_streaming_programs():
    assert len(case) >= 10
