"""How each stateful operator's stores map to what Spark's state data source shows.

rillet's stores hold internal columns (``k0``, ``p0_0``, ``__n``, ``__rid`` ...); Spark's
``statestore`` reader shows ``key`` / ``value`` structs named after the query (grouping
columns, aggregation buffers, the user's state schema). A checkpoint alone does not say
which is which, so when a query starts every operator writes that mapping next to its
state, as ``state/<operatorId>/_layout.json`` (rewritten at each start, so it always
matches the stores the running query writes):

- ``operatorId``: Spark's number of the operator (Spark numbers top-down, rillet's
  folders children first, so a query with several stateful operators differs);
- ``operatorName`` / ``operatorProperties``: Spark's, for ``state-metadata``;
- ``stores``: the stores readable by ``storeName`` (``default`` for most operators; a
  stream-stream join's four Spark store names), each a folder and its ``key``/``value``;
- ``join``: per side, the folder and the ``key``/``value`` that ``joinSide`` shows;
- ``variables``: a ``transformWithState`` operator's state variables and timers.

A *field* is ``{"name", "type", "col"}`` (a stored column cast to the Spark type
``type``, after an optional ``fn``: ``not_null``, ``is_null``, ``true``,
``null_to_minus_one``, ``unscaled:<scale>`` (a decimal's unscaled value)), ``{"name", "fields": [...]}`` (a struct of fields; NULL where
the boolean column ``valid``, if given, is false) or
``{"name", "type": "void"}`` (always NULL, Spark's ``__dummy__`` value).

This module is the vocabulary (:func:`leaf`, :func:`struct`, :func:`store`,
:func:`layout`) and the writer; each operator builds its own layout from it
(``StatefulOperator.layout()``), and the state package imports no operator. An operator
whose ``layout()`` is None is read with its internal columns.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from collections.abc import Iterable
from typing import Any, Protocol

from rillet.durability import write_atomic
from rillet.plan import types as T
from rillet.plan.expressions.core import Expression

log = logging.getLogger(__name__)

LAYOUT_FILE = "_layout.json"
LAYOUT_VERSION = 1

Field = dict[str, Any]


def name_of(e: Expression) -> str:
    name = getattr(e, "name", None)
    return name if isinstance(name, str) else e.sql()


def leaf(name: str, col: str, dtype: T.DataType, fn: str | None = None) -> Field:
    out: Field = {"name": name, "type": dtype.simpleString(), "col": col}
    if fn is not None:
        out["fn"] = fn
    return out


def struct(name: str, fields: list[Field]) -> Field:
    return {"name": name, "fields": fields}


def void(name: str) -> Field:
    return {"name": name, "type": "void"}


def store(name: str, folder: str, key: list[Field], value: list[Field]) -> dict[str, Any]:
    return {"name": name, "dir": folder, "key": key, "value": value}


def layout(name: str, stores: list[dict[str, Any]], properties: str | None = None, **extra: Any) -> dict[str, Any]:
    """An operator's layout: Spark's operator name and properties, its readable stores and
    any ``extra`` sections (``join``, ``variables``)."""
    return {"version": LAYOUT_VERSION, "operatorName": name, "operatorProperties": properties,
            "stores": stores, **extra}


class DescribesState(Protocol):
    """What this module needs of an operator: its plan node (for Spark's numbering) and
    its layout. The state package reads operators only through this."""

    node: Any

    def layout(self) -> tuple[str, dict[str, Any]] | None: ...


def write_layouts(operators: Iterable[DescribesState]) -> None:
    """Write each operator's ``_layout.json`` into its state folder (atomically)."""
    operators = list(operators)
    spark_ids = spark_operator_ids([op.node for op in operators])
    for op, spark_id in zip(operators, spark_ids):
        try:
            described = op.layout()
        except Exception:  # an inspection aid never stops a query: its state reads unlabelled
            log.warning("Cannot describe the state of %s for the state data source", type(op).__name__, exc_info=True)
            described = None
        if described is None:
            continue
        folder, layout = described
        layout["operatorId"] = spark_id
        os.makedirs(folder, exist_ok=True)
        write_atomic(os.path.join(folder, LAYOUT_FILE), json.dumps(layout))


def spark_operator_ids(nodes: list[Any]) -> list[int]:
    """Spark's ``operatorId`` of each stateful node, given in rillet's order (children
    first): Spark numbers them top-down (pre-order), so an operator comes before the
    ones below it, and operators in different branches keep their left-to-right order."""
    below = [{id(n) for n in node.walk()} - {id(node)} if hasattr(node, "walk") else set() for node in nodes]

    def before(i: int, j: int) -> int:
        if nodes[j] is not None and id(nodes[j]) in below[i]:
            return -1
        if nodes[i] is not None and id(nodes[i]) in below[j]:
            return 1
        return i - j

    order = sorted(range(len(nodes)), key=functools.cmp_to_key(before))
    ids = [0] * len(nodes)
    for spark_id, i in enumerate(order):
        ids[i] = spark_id
    return ids


def read_layout(folder: str) -> dict[str, Any] | None:
    """The layout an operator folder holds (None: written before layouts, or unknown)."""
    path = os.path.join(folder, LAYOUT_FILE)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        layout = json.load(f)
    return layout if layout.get("version") == LAYOUT_VERSION else None
