"""docs/coverage-report.md stays true: its pytest command lines run as written against its
example files, the report it shows is what the command prints, and the target counts it
states are the model's.

(Its ``callevent`` lines are run by ``test_cli_readme.py``, its Python blocks by
``test_readme.py`` and its example files as a pytester project by ``test_plugin_readme.py``.)
"""

from __future__ import annotations

import re
import shlex
from collections import Counter

import pytest
from _cli import callevent
from _docs import DOCS, blocks, callevent_commands, flat_text

from callevent_toolkit.contract_coverage.model import DIMENSIONS, model

PAGE = DOCS / "coverage-report.md"
_FILE = re.compile(r"# (\S+\.py)\n")


def _pytest_lines() -> list[tuple[list[str], int]]:
    found = []
    for block in blocks("bash", (PAGE,)):
        for line in block.code.splitlines():
            command, _, comment = line.partition("#")
            if command.startswith("pytest "):
                expected = re.search(r"exit (\d)", comment)
                found.append((shlex.split(command)[1:], int(expected[1]) if expected else 0))
    return found


def test_the_page_shows_every_report_form():
    options = [arg for argv, _ in _pytest_lines() for arg in argv]
    kinds = {arg.split("=", 1)[1].split(":")[0] for arg in options if "--callevent-report=" in arg}
    assert kinds == {"term", "json", "html"}
    assert any(arg.startswith("--callevent-fail-under=") for arg in options)
    used = {tuple(a for a in argv if a.startswith("--")) for argv, _ in callevent_commands(PAGE)}
    assert any("--html" in flags for flags in used)
    assert any("--envelope" in flags for flags in used)
    assert any("--format" in flags for flags in used)


@pytest.mark.slow
def test_the_pytest_lines_run_as_written(pytester: pytest.Pytester):
    for block in blocks("python", (PAGE,)):
        if match := _FILE.match(block.code):
            (pytester.path / match.group(1)).write_text(block.code, encoding="utf-8")
    for argv, expected in _pytest_lines():
        result = pytester.runpytest(*argv)
        assert result.ret == expected, (argv, result.stdout.str()[-2000:])
        if any(a.startswith("--callevent-report=term") for a in argv):
            result.stdout.fnmatch_lines(
                ["*callevent contract coverage*", "CallEvent contract coverage (schema v3): *"]
            )
    assert (pytester.path / "coverage.json").is_file()
    assert (pytester.path / "htmlcov" / "index.html").is_file()


def test_the_shown_report_is_what_the_last_command_prints(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    commands = callevent_commands(PAGE)
    for argv, _ in commands[:-1]:
        callevent(*argv[1:])
    printed = callevent(*commands[-1][0][1:]).out.splitlines()
    (shown,) = blocks("text", (PAGE,))
    patterns = [line.replace("[", "[[]") for line in shown.code.splitlines() if line != "..."]
    pytest.LineMatcher(printed).fnmatch_lines(patterns, consecutive=True)
    assert printed[: len(patterns)] == shown.code.splitlines()[: len(patterns)]


def test_the_stated_target_counts_are_the_models():
    counts = Counter(target.dimension for target in model(3).targets)
    text = flat_text(PAGE)
    assert f"Version 3 has {len(model(3).targets)} targets in all" in text
    rows = dict(re.findall(r"^\| (\w+) \| .* \| (\d+) \|$", PAGE.read_text("utf-8"), re.M))
    assert {name: int(rows[name]) for name in DIMENSIONS} == dict(counts)


def test_the_overhead_table_is_the_benchmarks_and_under_the_target():
    """The page's table is the one ``benchmarks/bench_coverage_overhead.py`` prints."""
    from _docs import ROOT

    script = (ROOT / "benchmarks" / "bench_coverage_overhead.py").read_text("utf-8")
    target = float(re.search(r"^TARGET = ([\d.]+)$", script, re.M)[1])
    text = PAGE.read_text("utf-8")
    for row in ("| example suite |", "| overhead: median of the per-pair ratios | **"):
        assert row in text
        assert row.strip("| *") in script
    ratio = float(re.search(r"per-pair ratios \| \*\*[+-][\d.]+ %\*\* \(([\d.]+);", text)[1])
    assert ratio < target == 1.05
