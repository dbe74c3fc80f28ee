"""Column names: parsing ``a.b`` names, expanding stars, naming unnamed expressions as Spark does."""

from __future__ import annotations

import re

from rillet.errors import AnalysisException
from rillet.plan import types as T
from rillet.plan.analyzer.expressions import Scope
from rillet.plan.expressions.core import (
    Alias,
    AttributeReference,
    Expression,
    MultiAlias,
    UnresolvedStar,
    output_name,
    quote_identifier,
)
from rillet.plan.expressions.regex import UnresolvedRegex


def ordinal(i: int) -> str:
    return ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth"][i] if i < 7 else f"{i}th"


def parse_column_name(name: str) -> tuple[str, ...]:
    """Split ``a.b`` into parts, honouring backquotes: ```a.b`.c`` -> (``a.b``, ``c``)."""
    parts: list[str] = []
    buf: list[str] = []
    i, quoted = 0, False
    while i < len(name):
        ch = name[i]
        if ch == "`":
            if quoted and i + 1 < len(name) and name[i + 1] == "`":
                buf.append("`")
                i += 2
                continue
            quoted = not quoted
        elif ch == "." and not quoted:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return tuple(parts)


def expand_stars(exprs: tuple[Expression, ...], scope: Scope) -> list[Expression]:
    out: list[Expression] = []
    for e in exprs:
        if isinstance(e, UnresolvedStar):
            if e.target is None:
                out.extend(scope.attrs)
            else:
                matched = [
                    a for a in scope.attrs
                    if a.qualifier and a.qualifier[-1].lower() == e.target[-1].lower()
                ]
                if not matched:
                    # t.* on a struct column expands its fields
                    base = scope.lookup(e.target)
                    if isinstance(base.data_type, T.StructType):
                        from rillet.plan.expressions.core import GetField

                        out.extend(Alias(GetField(base, f.name), f.name) for f in base.data_type.fields)
                        continue
                    raise AnalysisException(
                        f"[CANNOT_RESOLVE_STAR_EXPAND] Cannot resolve {quote_identifier(e.target[-1])}.* "
                        "given input columns "
                        f"{', '.join(quote_identifier(a.name) for a in scope.attrs)}. SQLSTATE: 42704",
                        errorClass="CANNOT_RESOLVE_STAR_EXPAND",
                    )
                out.extend(matched)
        elif isinstance(e, UnresolvedRegex):
            out.extend(a for a in scope.attrs if re.fullmatch(e.pattern, a.name))
        else:
            out.append(e)
    return out


def name_expression(e: Expression) -> Expression:
    """Give an un-aliased expression Spark's generated column name."""
    if isinstance(e, (AttributeReference, Alias, MultiAlias)):
        return e
    return Alias(e, output_name(e))
