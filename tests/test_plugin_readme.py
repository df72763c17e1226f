"""The README's "Using it in your tests" examples run and pass as written.

Each ``python`` block of that section whose first line is ``# <file name>.py`` is written
into a fresh pytester project under that name; the project's tests must all pass.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from callevent_toolkit import coverage_cases

README = Path(__file__).parent.parent / "README.md"
BLOCK = re.compile(r"```python\n# (\S+\.py)\n(.*?)```", re.DOTALL)


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_readme_examples_pass(pytester: pytest.Pytester) -> None:
    files = dict(BLOCK.findall(_section("Using it in your tests")))
    assert {"conftest.py", "test_my_handler.py", "test_my_ingest.py"} <= set(files)
    for name, source in files.items():
        (pytester.path / name).write_text(source, encoding="utf-8")
    result = pytester.runpytest()
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) > 100
    assert set(outcomes) == {"passed"}


def test_the_stated_number_of_coverage_cases_is_the_real_one() -> None:
    stated = re.search(r"(\d[\d,]*) cases for v3", _section("Using it in your tests"))
    assert stated is not None
    assert int(stated.group(1).replace(",", "")) == len(list(coverage_cases(version=3)))
