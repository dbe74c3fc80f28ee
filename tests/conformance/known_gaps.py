"""Every known difference between rillet and PySpark in this suite, in one place.

Each entry pins a case as ``xfail(strict=True, raises=<exact class>)``: the case
must keep failing in exactly that way, so a gap that closes (or fails
differently) turns the suite red and the entry is removed. ``ConformanceMismatch``
means both engines ran and did different things; any other class is the
exception rillet raised where PySpark did not.
"""

from __future__ import annotations

from typing import Any

import pytest

from rillet.errors import AnalysisException
from tests.conformance.compare import ConformanceMismatch


def gap(raises: type[BaseException], reason: str) -> Any:
    return pytest.mark.xfail(strict=True, raises=raises, reason=reason)


BATCH: dict[str, Any] = {}

STREAMING: dict[str, Any] = {
}

# --- window functions, DataFrame methods, UDFs (test_window_functions/test_dataframe_methods/test_udf)
WINDOW: dict[str, Any] = {}

DATAFRAME_METHODS: dict[str, Any] = {}

UDF: dict[str, Any] = {}

# pyspark.sql.functions breadth (test_functions_*.py): datetime, math, null, collection, aggregate
FUNCTIONS_DATETIME: dict[str, Any] = {}

# string, regex, hash and JSON functions (tests/conformance/test_functions_string.py, _json.py)
STRING_FUNCTIONS: dict[str, Any] = {}
JSON_FUNCTIONS: dict[str, Any] = {}
FUNCTIONS_MATH: dict[str, Any] = {}

# null/conditional, collection and aggregate functions (test_functions_null/_collection/_aggregate.py)
FUNCTIONS_NULL: dict[str, Any] = {}
FUNCTIONS_COLLECTION: dict[str, Any] = {
    "names_of_aliased_and_cast_arguments": gap(
        ConformanceMismatch, "an argument's name inside a function's column name: Spark writes an alias as "
        "`id AS k` and a cast as `CAST(id AS STRING)`; rillet writes the alias's name and the bare column "
        "(Alias/Cast naming in plan/expressions/core.py)"
    ),
    "element_at_of_a_map_with_a_column_key": gap(
        AnalysisException, "rillet looks map keys up only by a literal key (compute/functions/collection.py "
        "map_value): a per-row key is rejected as NON_FOLDABLE_INPUT"
    ),
}
FUNCTIONS_AGGREGATE: dict[str, Any] = {}

# higher-order functions (test_functions_higher_order.py)
FUNCTIONS_HIGHER_ORDER: dict[str, Any] = {}

# sort orders, calls by name, constants, new array functions, docstring regressions (test_functions_misc.py)
FUNCTIONS_MISC: dict[str, Any] = {
    "base64_decoding_skips_characters_outside_the_alphabet": gap(
        ConformanceMismatch, "unbase64/to_binary(.., 'base64') reject leftover bits that Java's MIME decoder "
        "ignores ('x y' -> C7 in Spark, NULL in rillet): compute/functions/hash.py _unbase64 pads and decodes strictly"
    ),
}

# corr, covariances, regr_*, percentile (test_functions_statistics.py)
FUNCTIONS_STATISTICS: dict[str, Any] = {}

# date parts, make_timestamp, convert_timezone, timestampadd/diff (test_functions_datetime_parts.py)
FUNCTIONS_DATETIME_PARTS: dict[str, Any] = {}

# url_encode/url_decode/parse_url (test_functions_url.py)
FUNCTIONS_URL: dict[str, Any] = {}
