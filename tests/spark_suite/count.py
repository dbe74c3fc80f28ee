"""Count pass/failure/error/skipped per test module from a pytest ``--junitxml`` report."""

import collections
import sys
import xml.etree.ElementTree as ET

t = ET.parse(sys.argv[1])
per = collections.defaultdict(collections.Counter)
for tc in t.iter("testcase"):
    parts = tc.get("classname", "").split(".")
    # a module that fails to import is one error row named by its path
    f = parts[-2] if len(parts) > 1 else tc.get("name", "?")
    kind = "pass"
    for ch in tc:
        if ch.tag in ("failure", "error", "skipped"):
            kind = ch.tag
    per[f][kind] += 1
tot = collections.Counter()
for f, c in sorted(per.items()):
    print(f"{f:55s} " + " ".join(f"{k}={c[k]}" for k in ("pass", "failure", "error", "skipped")))
    tot.update(c)
print("TOTAL", dict(tot), "of", sum(tot.values()))
