"""docs/guarantees.md names a test for every guarantee, and every test it names exists
(collected by pytest itself, so a renamed or deleted test fails here, not silently)."""

from __future__ import annotations

import re
import subprocess
import sys

from _docs import DOCS, ROOT

PAGE = DOCS / "guarantees.md"
_NODE_ID = re.compile(r"`(tests/[\w/]+\.py::\w+(?:\[[^\]`]*\])?)`")


def _rows() -> list[str]:
    """The body rows of every table (not the header and its ``|---|`` line)."""
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    rows = []
    for before, line in zip(["", *lines], lines, strict=False):
        if line.startswith("|") and not set(line) <= set("|-: "):
            header = not before.startswith("|")
            if not header:
                rows.append(line)
    return rows


def _named() -> set[str]:
    return set(_NODE_ID.findall(PAGE.read_text(encoding="utf-8")))


def _collected(files: set[str]) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *files],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return {line for line in result.stdout.splitlines() if "::" in line}


def test_every_guarantee_names_a_test() -> None:
    rows = _rows()
    assert len(rows) >= 40
    assert [row for row in rows if not _NODE_ID.search(row.rsplit("|", 2)[-2])] == []


def test_every_test_the_guarantees_name_exists() -> None:
    named = _named()
    collected = _collected({node.partition("::")[0] for node in named})
    functions = {node.partition("[")[0] for node in collected}
    missing = sorted(n for n in named if n not in collected and n not in functions)
    assert missing == []
