"""``console`` sink: prints each batch as Spark does (a ``Batch: N`` banner and a table)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

import pyarrow as pa

from rillet.connectors.base import (
    OptionSpec,
    Provider,
    Sink,
    SinkContext,
    option_bool,
    option_int,
    option_str,
)
from rillet.errors import IllegalArgumentException

Renderer = Callable[[pa.Table, int, "bool | int"], str]

_RULE = "-" * 43


class ConsoleSink(Sink):
    """Options ``numRows`` (20) and ``truncate`` (true), as Spark's console sink.

    ``render(table, num_rows, truncate)`` formats the table (the engine passes
    Spark's ``show()`` renderer); ``out`` defaults to ``sys.stdout`` at call time."""

    def __init__(self, options: dict[str, str], render: Renderer, out: TextIO | None = None) -> None:
        self.num_rows = int(option_int(options, "numRows", 20, "console", minimum=0) or 0)
        trunc = option_str(options, "truncate", "true") or "true"
        self.truncate: bool | int = (
            int(trunc) if trunc.strip().lstrip("-").isdigit() else option_bool(options, "truncate", True, "console")
        )
        self.render = render
        self.out = out

    def add_batch(self, batch_id: int, table: pa.Table, mode: str) -> None:
        out = self.out or sys.stdout
        text = f"{_RULE}\nBatch: {batch_id}\n{_RULE}\n" + self.render(
            table.slice(0, self.num_rows + 1), self.num_rows, self.truncate
        ) + "\n"
        out.write(text)
        out.flush()

    def description(self) -> str:
        return f"org.apache.spark.sql.execution.streaming.ConsoleTable$@{id(self):x}"


class ConsoleProvider(Provider):
    """``console``: a streaming sink printing each batch (every output mode)."""

    temporary_checkpoint = True
    name = "console"
    options = (OptionSpec("numRows", int, 20, minimum=0), OptionSpec("truncate", str, "true"))

    def sink(self, ctx: SinkContext) -> Sink:
        if ctx.session is None:
            raise IllegalArgumentException("The console sink needs the session to render rows.")
        return ConsoleSink(dict(ctx.options), ctx.session.show_string)


PROVIDER = ConsoleProvider()
