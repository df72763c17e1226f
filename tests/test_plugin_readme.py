"""The pytest examples of the README and the docs run and pass as written.

Each ``python`` block whose first line is ``# <file name>.py`` is written into a fresh
pytester project (one per page) under that name; the project's tests must all pass.
"""

from __future__ import annotations

import re

import pytest
from _docs import DOCS, PAGES, blocks, flat_text, page_id

from callevent_toolkit import coverage_cases

_FILE = re.compile(r"# (\S+\.py)\n")
PLUGIN_PAGE = DOCS / "pytest-plugin.md"


def _files(page):
    return {
        match.group(1): block.code
        for block in blocks("python", (page,))
        if (match := _FILE.match(block.code))
    }


WITH_FILES = [page for page in PAGES if _files(page)]


def test_the_plugin_page_has_its_examples():
    assert {"conftest.py", "test_my_handler.py", "test_my_ingest.py"} <= set(_files(PLUGIN_PAGE))


@pytest.mark.parametrize("page", WITH_FILES, ids=[page_id(page) for page in WITH_FILES])
def test_pytest_examples_pass(page, pytester: pytest.Pytester) -> None:
    files = _files(page)
    for name, source in files.items():
        (pytester.path / name).write_text(source, encoding="utf-8")
    result = pytester.runpytest()
    outcomes = result.parseoutcomes()
    defined = sum(source.count("\ndef test_") for source in files.values())
    assert outcomes.get("passed", 0) >= defined > 0
    assert set(outcomes) == {"passed"}
    if page == PLUGIN_PAGE:
        assert outcomes["passed"] > 100  # the coverage marker made one test per case


def test_the_stated_number_of_coverage_cases_is_the_real_one() -> None:
    claims = [
        int(n.replace(",", ""))
        for page in PAGES
        for n in re.findall(r"(\d[\d,]*) cases for v3", flat_text(page))
    ]
    assert claims, "no page states the number of v3 coverage cases any more"
    assert set(claims) == {len(list(coverage_cases(version=3)))}
