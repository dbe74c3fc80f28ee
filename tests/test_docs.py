"""Every ```python example of docs/*.md and README.md runs as written.

Each block runs in a fresh interpreter (``sys.executable -c``) in an empty temporary
folder and must exit 0. A block that needs something a test run cannot give it (a
Kafka broker, AWS, a socket server typed into by hand) carries an HTML comment on the
line before its fence::

    <!-- doc-test: skip (needs a Kafka broker on localhost:9092) -->

and is reported as skipped with that reason.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC_FILES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
TIMEOUT_S = 60

_FENCE = re.compile(r"^```(?:python|py)\s*$")
_SKIP = re.compile(r"^<!--\s*doc-test:\s*skip\s*\((?P<reason>.+)\)\s*-->\s*$")


@dataclass(frozen=True)
class DocBlock:
    """One ```python block: where it is, its code, and its skip reason if marked."""

    file: Path
    index: int
    line: int
    code: str
    skip: str | None

    @property
    def id(self) -> str:
        return f"{self.file.relative_to(ROOT)}:{self.index}"


def collect_blocks(path: Path) -> list[DocBlock]:
    """The ```python blocks of one markdown file, in order (index from 0)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[DocBlock] = []
    i = 0
    while i < len(lines):
        if not _FENCE.match(lines[i]):
            i += 1
            continue
        start = i
        j = i + 1
        while j < len(lines) and lines[j].rstrip() != "```":
            j += 1
        if j == len(lines):
            raise AssertionError(f"{path}:{start + 1}: unterminated ```python block")
        marker = _SKIP.match(lines[start - 1].strip()) if start > 0 else None
        blocks.append(DocBlock(path, len(blocks), start + 1, "\n".join(lines[start + 1 : j]) + "\n",
                               marker.group("reason") if marker else None))
        i = j + 1
    return blocks


BLOCKS = [b for path in DOC_FILES for b in collect_blocks(path)]


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_doc_example_runs(block: DocBlock, tmp_path: Path) -> None:
    if block.skip is not None:
        pytest.skip(f"{block.id}: {block.skip}")
    try:
        done = subprocess.run(
            [sys.executable, "-c", block.code], cwd=tmp_path, capture_output=True, text=True,
            timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired as e:  # subprocess.run kills the child before raising
        pytest.fail(f"{block.id} (line {block.line}) did not finish in {TIMEOUT_S} s\n"
                    f"--- stdout ---\n{e.stdout}\n--- stderr ---\n{e.stderr}")
    assert done.returncode == 0, (
        f"{block.id} (line {block.line}) exited {done.returncode}\n"
        f"--- stdout ---\n{done.stdout}\n--- stderr ---\n{done.stderr}"
    )


def test_blocks_were_found() -> None:
    """Guard against the collector silently finding nothing (a changed fence style)."""
    assert len(BLOCKS) >= 10
    assert all(b.code.strip() for b in BLOCKS)
