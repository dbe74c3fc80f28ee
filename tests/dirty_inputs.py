"""Dirty CSV/JSON/text files with the rows Spark reads from them, drawn from a ``random.Random``.

Shared by the property suite (tests/connectors/test_corruption_properties.py, hypothesis
drives the ``Random``) and the conformance sample (tests/conformance/test_dirty_files.py,
fixed seeds run on rillet and on PySpark). Each file is lines of a kind — good, blank,
a stray quote, invalid UTF-8, truncated, an extra field, garbage — each ended by
``\\n``, ``\\r\\n`` or ``\\r`` (mixed within a file), and each non-blank line is
exactly one record: its expected values, whether it is malformed and its text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# malformed UTF-8 sequences and how many U+FFFD Spark (Java's decoder) shows for each,
# when followed by an ASCII byte
BAD_BYTES: list[tuple[bytes, int]] = [
    (b"\xff", 1), (b"\xc3", 1), (b"\xe2\x82", 1), (b"\xed\xa0\x80", 1), (b"\x80\x80", 2), (b"\xf0\x9f\x98", 1),
    (b"\xc0\xaf", 2),
]
# ... and how Spark's JSON parser (Jackson, lenient) reads each inside a string value: None
# when it rejects the record, else the text (an overlong form is its character, an encoded
# surrogate shows as '?')
JACKSON: dict[bytes, str | None] = {
    b"\xff": None, b"\xc3": None, b"\xe2\x82": None, b"\xed\xa0\x80": "?", b"\x80\x80": None,
    b"\xf0\x9f\x98": None, b"\xc0\xaf": "/",
}
TERMINATORS = [b"\n", b"\r\n", b"\r"]


@dataclass(frozen=True)
class Record:
    values: tuple[str | int | None, ...]  # the row's data columns in PERMISSIVE mode
    malformed: bool
    text: str  # the line as Spark shows it (the corrupt-record column)


@dataclass
class DirtyFile:
    data: bytes = b""
    records: list[Record] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)

    def permissive(self) -> list[tuple]:
        return [(*r.values, r.text if r.malformed else None) for r in self.records]

    def dropmalformed(self) -> list[tuple]:
        return [r.values for r in self.records if not r.malformed]

    @property
    def any_malformed(self) -> bool:
        return any(r.malformed for r in self.records)


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("abcxyz0189") for _ in range(rng.randint(1, 4)))


def _dirty_word(rng: random.Random) -> tuple[bytes, str]:
    """A word with a malformed UTF-8 sequence inside: its bytes and how Spark shows it."""
    head, tail = _word(rng), _word(rng)
    bad, count = rng.choice(BAD_BYTES)
    return head.encode() + bad + tail.encode(), head + "\ufffd" * count + tail


def _assemble(rng: random.Random, lines: list[tuple[bytes, Record | None, str]], out: DirtyFile) -> DirtyFile:
    """Join lines with random terminators (the last one sometimes without); a blank line
    after a ``\\r`` ends with ``\\r`` too, so that it never reads as one ``\\r\\n``."""
    chunks: list[bytes] = []
    previous = b""
    for i, (line, record, kind) in enumerate(lines):
        end = rng.choice(TERMINATORS)
        if previous == b"\r" and not line:
            end = b"\r"
        if i == len(lines) - 1 and line and rng.random() < 0.3:
            end = b""
        chunks.append(line + end)
        previous = end
        out.kinds.append(kind)
        if record is not None:
            out.records.append(record)
    out.data = b"".join(chunks)
    return out


def dirty_csv(rng: random.Random) -> DirtyFile:
    """Three string columns ``a, b, c``; Spark's univocity rules for each kind of line."""
    if rng.random() < 0.08:
        return DirtyFile(kinds=["empty file"])
    lines: list[tuple[bytes, Record | None, str]] = []
    for _ in range(rng.randint(1, 14)):
        words = [_word(rng) for _ in range(3)]
        kind = rng.choice(["good", "good", "quoted", "blank", "quote-last", "quote-early", "utf8", "short", "long"])
        if kind == "blank":
            lines.append((b"", None, kind))
            continue
        if kind == "good":
            text = ",".join(words)
            record = Record(tuple(words), False, text)
        elif kind == "quoted":  # a well-quoted value holding the delimiter
            value = f"{words[1]},{_word(rng)}"
            text = f'{words[0]},"{value}",{words[2]}'
            record = Record((words[0], value, words[2]), False, text)
        elif kind == "quote-last":  # univocity reads an unclosed quote to the line's end
            text = f'{words[0]},{words[1]},"{words[2]}'
            record = Record(tuple(words), False, text)
        elif kind == "quote-early":  # ... which leaves the line a field short
            k = rng.randint(0, 1)
            text = ",".join(words[:k] + ['"' + words[k]] + words[k + 1:])
            tokens = words[:k] + [",".join(words[k:])]
            record = Record(tuple(tokens + [None] * (3 - len(tokens))), True, text)
        elif kind == "utf8":
            raw, shown = _dirty_word(rng)
            k = rng.randint(0, 2)
            parts = [w.encode() for w in words]
            parts[k] = raw
            values = list(words)
            values[k] = shown
            lines.append((b",".join(parts), Record(tuple(values), False, ",".join(values)), kind))
            continue
        elif kind == "short":  # a truncated record
            k = rng.randint(1, 2)
            text = ",".join(words[:k])
            record = Record(tuple(words[:k] + [None] * (3 - k)), True, text)
        else:  # one field too many
            text = ",".join(words + [_word(rng)])
            record = Record(tuple(words), True, text)
        lines.append((text.encode(), record, kind))
    return _assemble(rng, lines, DirtyFile())


def dirty_json(rng: random.Random) -> DirtyFile:
    """JSON lines of ``{"a": <string>, "b": <int>}``; truncated records, garbage and invalid
    UTF-8 inside a value are malformed (all columns null), invalid bytes after it are not."""
    if rng.random() < 0.08:
        return DirtyFile(kinds=["empty file"])
    lines: list[tuple[bytes, Record | None, str]] = []
    for _ in range(rng.randint(1, 14)):
        a, b = _word(rng), rng.randint(-1000, 1000)
        good = f'{{"a": "{a}", "b": {b}}}'
        kind = rng.choice(["good", "good", "blank", "truncated", "garbage", "utf8-inside", "utf8-after"])
        if kind == "blank":
            lines.append((b"", None, kind))
        elif kind == "good":
            lines.append((good.encode(), Record((a, b), False, good), kind))
        elif kind == "truncated":
            cut = good[: rng.randint(1, len(good) - 1)]
            lines.append((cut.encode(), Record((None, None), True, cut), kind))
        elif kind == "garbage":
            text = "{" + _word(rng)
            lines.append((text.encode(), Record((None, None), True, text), kind))
        elif kind == "utf8-inside":
            head, tail = _word(rng), _word(rng)
            bad, count = rng.choice(BAD_BYTES)
            line = b'{"a": "' + head.encode() + bad + tail.encode() + b'", "b": %d}' % b
            lenient = JACKSON[bad]
            if lenient is None:
                record = Record((None, None), True, f'{{"a": "{head}{chr(0xFFFD) * count}{tail}", "b": {b}}}')
            else:
                record = Record((head + lenient + tail, b), False, "")
            lines.append((line, record, kind))
        else:
            bad, count = rng.choice(BAD_BYTES)
            lines.append((good.encode() + bad, Record((a, b), False, good + "\ufffd" * count), kind))
    return _assemble(rng, lines, DirtyFile())


def dirty_text(rng: random.Random) -> DirtyFile:
    """Lines of words (some with invalid UTF-8, some blank): every line is a row."""
    if rng.random() < 0.08:
        return DirtyFile(kinds=["empty file"])
    lines: list[tuple[bytes, Record | None, str]] = []
    for _ in range(rng.randint(1, 14)):
        kind = rng.choice(["good", "blank", "utf8"])
        if kind == "good":
            text = " ".join(_word(rng) for _ in range(rng.randint(1, 3)))
            lines.append((text.encode(), Record((text,), False, text), kind))
        elif kind == "blank":
            lines.append((b"", Record(("",), False, ""), kind))
        else:
            raw, shown = _dirty_word(rng)
            lines.append((raw, Record((shown,), False, shown), kind))
    return _assemble(rng, lines, DirtyFile())
