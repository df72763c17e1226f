"""The README and the docs pages: their Python examples run as written, the README stays
short and starts with the two set-up commands, and the numbers they state are the real ones."""

from __future__ import annotations

import itertools
import re
import shlex
import subprocess
import sys

import pytest
from _docs import PAGES, README, Block, blocks, flat_text, page_id

from callevent_toolkit.cli import build_parser

PYTHON = blocks("python")
README_MAX_LINES = 250


def test_the_readme_starts_with_exactly_two_setup_commands():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# callevent-toolkit"
    assert lines[1:3] == ["", "```bash"]
    first_block = blocks("bash", (README,))[0]
    assert first_block.line == 4
    commands = [line for line in first_block.code.splitlines() if line.strip()]
    assert len(commands) == 2
    install, _, run = commands[0].rpartition(" && ")
    assert "pip install -e '.[test]'" in install
    assert shlex.split(run) == ["callevent", "generate", "--count", "3", "--seed", "7"]
    build_parser().parse_args(shlex.split(run)[1:])
    assert commands[1] == "python -m pytest -n 2"


def test_the_readme_is_short():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= README_MAX_LINES


def test_every_page_is_read():
    """Guards the tests below against a glob that silently finds nothing."""
    assert {page_id(page) for page in PAGES} >= {"README.md", "docs/index.md", "docs/cli.md"}
    assert len(PYTHON) >= 20


@pytest.mark.parametrize("block", PYTHON, ids=[block.id for block in PYTHON])
def test_python_blocks_run(block, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "readme_example"}
    exec(block.compiled(), namespace)


def test_the_constraint_counts_the_docs_give_are_those_of_constraints():
    from collections import Counter

    from callevent_toolkit import constraints

    claims = [
        claim
        for page in PAGES
        for claim in re.finditer(r"Version 3 has (\d+): ((?:\d+ `\w+`(?:, )?)+)", flat_text(page))
    ]
    assert claims, "no page states the v3 constraint counts any more"
    for claim in claims:
        stated = {keyword: int(n) for n, keyword in re.findall(r"(\d+) `(\w+)`", claim.group(2))}
        assert int(claim.group(1)) == len(constraints(3))
        assert stated == Counter(c.keyword for c in constraints(3))


def _outputs() -> list[tuple[Block, Block]]:
    """Each python block directly followed (one blank line between) by a text block: the text
    is what the code prints."""
    ordered = sorted(blocks("python") + blocks("text"), key=lambda b: (b.page, b.line))
    return [
        (code, shown)
        for code, shown in itertools.pairwise(ordered)
        if code.lang == "python"
        and shown.lang == "text"
        and code.page == shown.page
        and shown.line == code.line + code.code.count("\n") + 3
    ]


OUTPUTS = _outputs()


def test_the_fuzz_report_is_shown_with_the_code_that_prints_it():
    assert [shown.page.name for _, shown in OUTPUTS] == ["fuzzing.md"]


@pytest.mark.parametrize(("code", "shown"), OUTPUTS, ids=[shown.id for _, shown in OUTPUTS])
def test_shown_output_is_what_the_code_prints(code, shown, tmp_path):
    """Run as `example.py` in a fresh process, as the text assumes (a fuzz report replays
    exactly only in a process that imports the same modules). A `...` line elides lines."""
    (tmp_path / "example.py").write_text(code.code, encoding="utf-8")
    printed = subprocess.run(
        [sys.executable, "example.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    patterns = [
        line.replace("[", "[[]").replace('File "example.py"', 'File "*example.py"')
        for line in shown.code.splitlines()
        if line.strip() != "..."
    ]
    pytest.LineMatcher(printed.splitlines()).fnmatch_lines(patterns)
