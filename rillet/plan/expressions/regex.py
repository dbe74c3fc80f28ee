"""``UnresolvedRegex``: ``df.colRegex("`(a|b)`")``, a star over the columns whose names match."""

from __future__ import annotations

from dataclasses import dataclass

from rillet.plan.expressions.core import Expression

__all__ = ["UnresolvedRegex"]


@dataclass(frozen=True, repr=False)
class UnresolvedRegex(Expression):
    """Expanded by the analyzer (like ``*``) into the input columns whose names fully match."""

    pattern: str

    @property
    def resolved(self) -> bool:
        return False

    def sql(self) -> str:
        return "unresolvedregex()"
