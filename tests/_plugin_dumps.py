"""Shared pieces of the plugin tests: a conftest that dumps fixture values per test.

The pytester projects in ``test_plugin_*.py`` ask for fixtures and pass the values to
``dump``, which writes them to ``dumps/<node id>.json``; the outer test then compares
whole runs (serial against pytest-xdist, one seed against another) by reading them back.
"""

from __future__ import annotations

import json
import re
import shutil
from typing import Any

import pytest

DUMP_CONFTEST = """
import json, re
from pathlib import Path

import pytest

OUT = Path(__file__).parent / "dumps"


@pytest.fixture
def dump(request):
    def write(value):
        OUT.mkdir(exist_ok=True)
        name = re.sub(r"\\W+", "_", request.node.nodeid)
        (OUT / (name + ".json")).write_text(json.dumps(value, sort_keys=True))
    return write
"""


def dump_project(pytester: pytest.Pytester, **test_files: str) -> None:
    """A pytester project with the ``dump`` fixture and the given test modules."""
    pytester.makeconftest(DUMP_CONFTEST)
    pytester.makepyfile(**test_files)


def read_dumps(pytester: pytest.Pytester, *, clear: bool = True) -> dict[str, Any]:
    """Every dumped value by sanitised node id; ``clear`` empties the folder for the next run."""
    folder = pytester.path / "dumps"
    dumps = {path.stem: json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))}
    if clear:
        shutil.rmtree(folder)
    return dumps


def header_seed(lines: list[str]) -> int:
    """The seed from the ``callevent: --callevent-seed=N`` report header line."""
    for line in lines:
        match = re.fullmatch(r"callevent: --callevent-seed=(-?\d+)( .*)?", line)
        if match:
            return int(match.group(1))
    raise AssertionError("no callevent header line in the output")
