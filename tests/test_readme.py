"""The README's Python examples run as written (docs that match the code)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_the_readme_starts_with_exactly_two_setup_commands():
    first_block = re.search(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert first_block is not None
    commands = [line for line in first_block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    assert "callevent generate" in commands[0]
    assert "pytest" in commands[1]


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_python_blocks_run(code, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "readme_example"}
    exec(compile(code, str(README), "exec"), namespace)


def test_the_constraint_counts_the_readme_gives_are_those_of_constraints():
    from collections import Counter

    from callevent_toolkit import constraints

    text = " ".join(README.read_text(encoding="utf-8").split())
    claim = re.search(r"Version 3 has (\d+): ((?:\d+ `\w+`(?:, )?)+)", text)
    assert claim is not None, "the README no longer states the v3 constraint counts"
    stated = {keyword: int(n) for n, keyword in re.findall(r"(\d+) `(\w+)`", claim.group(2))}
    assert int(claim.group(1)) == len(constraints(3))
    assert stated == Counter(c.keyword for c in constraints(3))
