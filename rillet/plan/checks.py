"""UnsupportedOperationChecker: what Spark refuses to run as a stream, and the output-mode matrix.

Pure functions over a resolved plan; each rejection is an ``AnalysisException``
with Spark's condition id and a message that says what to do instead.
"""

from __future__ import annotations

from rillet.errors import AnalysisException
from rillet.plan import logical as L
from rillet.plan.expressions.core import Call
from rillet.plan.streaming_join import has_watermark_range, watermark_key_ordinal

OUTPUT_MODES = ("append", "update", "complete")


def _streaming_aggregates(plan: L.LogicalPlan) -> list[L.Aggregate]:
    return [n for n in plan.walk() if isinstance(n, L.Aggregate) and n.child.is_streaming]


def has_watermark(plan: L.LogicalPlan) -> bool:
    return any(isinstance(n, L.EventTimeWatermark) for n in plan.walk())


def _unsupported(msg: str) -> AnalysisException:
    """Spark's UnsupportedOperationChecker error (its legacy condition carries the text)."""
    return AnalysisException(errorClass="_LEGACY_ERROR_TEMP_3102", messageParameters={"msg": msg})


_JOIN_NAMES = {
    "left": "Left outer", "right": "Right outer", "full": "Full outer",
    "semi": "LeftSemi", "anti": "LeftAnti", "cross": "Cross",
}


_STREAM_JOIN_NAMES = {
    "left": "LeftOuter", "right": "RightOuter", "full": "FullOuter", "semi": "LeftSemi",
}


def _check_stream_stream_join(join: L.Join, mode: str) -> None:
    """Spark's rules for joining two streams: append mode only; an outer or semi join
    needs a watermark in the join keys, or a watermark on the nullable side and a range
    condition bounding it (otherwise its buffered rows could never be emitted or dropped)."""
    if mode != "append":
        raise _unsupported(
            "Join between two streaming DataFrames/Datasets is not supported in "
            f"{mode.title()} output mode, only in Append output mode"
        )
    how = join.how
    if how in ("inner", "cross"):
        return
    if how == "anti":
        raise _unsupported("LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported")
    in_keys = watermark_key_ordinal(join) is not None
    cond = join.condition
    left_bound = has_watermark_range(join.left, join.right, cond)
    right_bound = has_watermark_range(join.right, join.left, cond)
    ok = {"left": left_bound, "semi": left_bound, "right": right_bound, "full": left_bound or right_bound}[how]
    if not (in_keys or ok):
        raise _unsupported(
            f"Stream-stream {_STREAM_JOIN_NAMES[how]} join between two streaming DataFrame/Datasets is not "
            "supported without a watermark in the join keys, or a watermark on the nullable side and an "
            "appropriate range condition"
        )


def _check_stream_join(join: L.Join, mode: str) -> None:
    """Spark's rules for joining a stream with a static DataFrame, or two streams."""
    left, right = join.left.is_streaming, join.right.is_streaming
    if left and right:
        _check_stream_stream_join(join, mode)
        return
    how = join.how
    if how == "inner":
        return
    if how in ("left", "semi", "anti") and left:
        return
    if how == "right" and right:
        return
    side = "left" if left else "right"
    other = "right" if left else "left"
    raise _unsupported(
        f"{_JOIN_NAMES.get(how, how)} join with a streaming DataFrame/Dataset on the {side} and a "
        f"static DataFrame/DataSet on the {other} is not supported."
    )


def _not_yet(feature: str) -> AnalysisException:
    """Something Spark runs and rillet does not yet: a named gap, never a wrong answer."""
    return AnalysisException(errorClass="NOT_IMPLEMENTED", messageParameters={"feature": feature})


def _mode_error(mode: str, operation: str) -> AnalysisException:
    return AnalysisException(
        errorClass="STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION",
        messageParameters={"outputMode": mode, "operation": operation},
    )


def _non_time_window(node: L.Window) -> AnalysisException:
    """Spark runs no OVER window on a stream: only time windows (``F.window``) in a groupBy."""
    alias = node.window_exprs[0]
    we = alias.children[0]
    function, spec = we.children[0], we.children[1]
    return AnalysisException(
        errorClass="NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING",
        messageParameters={
            "windowFunc": function.sql(),
            "columnName": L.named_output(alias).name,
            "windowSpec": spec.sql(),
        },
    )


def check_streaming(plan: L.LogicalPlan, output_mode: str) -> None:
    """Raise if ``plan`` cannot run as a streaming query in ``output_mode``."""
    mode = output_mode.lower()
    if mode not in OUTPUT_MODES:
        raise AnalysisException(
            errorClass="STREAMING_OUTPUT_MODE.INVALID", messageParameters={"outputMode": output_mode}
        )
    aggregates = _streaming_aggregates(plan)
    # as Spark: the output-mode matrix first, then each operator
    _check_output_mode(aggregates, mode)

    for node in plan.walk():
        if isinstance(node, L.Join) and (node.left.is_streaming or node.right.is_streaming):
            _check_stream_join(node, mode)
        if isinstance(node, L.Distinct) and node.child.is_streaming:
            raise _not_yet("distinct() on a stream (use dropDuplicates())")
        if isinstance(node, L.Deduplicate) and node.child.is_streaming and node.within_watermark:
            if not has_watermark(node):
                raise _unsupported(
                    "dropDuplicatesWithinWatermark is not supported in streaming DataFrames/DataSets "
                    "without watermark."
                )
        if isinstance(node, L.FlatMapGroupsInPandasWithState) and node.child.is_streaming:
            _check_apply_in_pandas_with_state(node, mode, bool(aggregates))
        if isinstance(node, L.Window) and node.child.is_streaming:
            raise _non_time_window(node)
        if isinstance(node, L.Sort) and node.child.is_streaming:
            if not (aggregates and mode == "complete"):
                raise _unsupported(
                    "Sorting is not supported on streaming DataFrames/Datasets, unless it is on "
                    "aggregated DataFrame/Dataset in Complete output mode."
                )
        if isinstance(node, L.Limit) and node.child.is_streaming and mode == "update":
            raise _unsupported("Limits are not supported on streaming DataFrames/Datasets in Update output mode.")
        if isinstance(node, L.Aggregate) and node.child.is_streaming:
            for e in node.aggregates:
                for x in e.walk():
                    if isinstance(x, Call) and x.is_aggregate and x.is_distinct:
                        raise _unsupported(
                            "Distinct aggregations are not supported on streaming DataFrames/Datasets. "
                            "Consider using approx_count_distinct() instead."
                        )


def _check_apply_in_pandas_with_state(node: L.FlatMapGroupsInPandasWithState, mode: str, aggregated: bool) -> None:
    """Spark's rules: without a streaming aggregation the function's output mode must be the
    query's; event-time timeouts need a watermark on the input."""
    if aggregated:
        if node.output_mode == "update":
            raise _unsupported(
                "applyInPandasWithState in update mode is not supported with aggregation on a "
                "streaming DataFrame/Dataset"
            )
        if _streaming_aggregates(node.child):
            raise _unsupported(
                "applyInPandasWithState in append mode is not supported after aggregation on a "
                "streaming DataFrame/Dataset"
            )
        return  # an append-mode function followed by aggregations: the aggregations' rules apply
    if node.output_mode != mode:
        raise _unsupported(
            f"applyInPandasWithState in {node.output_mode} mode is not supported with {mode.title()} "
            "output mode on a streaming DataFrame/Dataset"
        )
    if node.timeout_conf == "EventTimeTimeout" and not has_watermark(node.child):
        raise _unsupported(
            "Watermark must be specified in the query using '[Dataset/DataFrame].withWatermark()' for "
            "using event-time timeout in a applyInPandasWithState. Event-time timeout not supported "
            "without watermark."
        )


def _check_output_mode(aggregates: list[L.Aggregate], mode: str) -> None:
    if len(aggregates) > 1 and (mode != "append" or not all(_groups_by_event_time(a) for a in aggregates)):
        raise _unsupported(
            "Multiple streaming aggregations are only supported in Append output mode, each "
            "grouping by event time (e.g. window(window_time(window), ...) after a window aggregation)."
        )
    if not aggregates:
        if mode == "complete":
            raise _mode_error(mode, "no streaming aggregations")
        return
    if mode == "update" and any(isinstance(a.child, L.SessionWindow) for a in aggregates):
        raise _mode_error(mode, "session window streaming aggregations")
    if mode == "append" and not all(_groups_by_event_time(a) for a in aggregates):
        raise _mode_error(mode, "streaming aggregations without watermark")


def _groups_by_event_time(agg: L.Aggregate) -> bool:
    """Append mode can only finalize a group once the watermark passes its event time, so
    the grouping must include the watermarked column or a time window over it."""
    from rillet.plan.analyzer.time_windows import event_time_ids, event_time_key_kind

    ids = event_time_ids(agg.child)
    return any(event_time_key_kind(g, ids) for g in agg.grouping)
