"""docs/guarantees.md names, for every guarantee, the tests that check it: each named test
must exist, and each row of its tables must name at least one, so a promise cannot lose
its test by a rename or be written without one."""

from __future__ import annotations

import re

from _docs import DOCS, ROOT

_PAGE = DOCS / "guarantees.md"
_NODE = re.compile(r"`(tests/[\w/]+\.py)::(\w+)(?:\[[^\]`]*\])?`")


def _rows() -> list[str]:
    """The body rows of every table (not the header or its ``|---|`` line)."""
    rows = []
    for line in _PAGE.read_text(encoding="utf-8").splitlines():
        if line.startswith("|") and not re.match(r"\|\s*(guarantee|-+)\s*\|", line):
            rows.append(line)
    return rows


def test_every_guarantee_names_a_test():
    rows = _rows()
    assert len(rows) >= 10  # the Input and Envelopes tables at least
    assert [row for row in rows if not _NODE.search(row)] == []


def test_every_named_test_exists():
    missing = []
    for row in _rows():
        for file, name in _NODE.findall(row):
            path = ROOT / file
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
            if not re.search(rf"^(async )?def {name}\(", text, re.M):
                missing.append(f"{file}::{name}")
    assert missing == []


def test_the_node_pattern_reads_files_names_and_parameters():
    """The pattern above on known text, so the tests above cannot pass by matching nothing."""
    row = (
        "| x | `tests/test_docs_links.py::test_every_relative_link_resolves`, `tests/no.py::t[1]` |"
    )
    assert _NODE.findall(row) == [
        ("tests/test_docs_links.py", "test_every_relative_link_resolves"),
        ("tests/no.py", "t"),
    ]
