"""``benchmarks/ab_jobs.py`` runs in the suite on a small file, so the benchmark cannot rot.

Its figures mean nothing at this size (start-up is all of it); what is checked is that
it runs the tree it is given (not whatever package the current directory holds), cuts
the file into two halves that together are the file, and reports a ratio per round.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from callevent_toolkit import generate
from callevent_toolkit.ndjson import dumps_line

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import ab_jobs

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def events_file(tmp_path: Path) -> Path:
    path = tmp_path / "events.ndjson"
    path.write_bytes(b"".join(dumps_line(event) for event in generate(300, seed=2)))
    return path


def test_the_halves_are_the_file_cut_at_a_line_start(events_file, tmp_path):
    first, second = ab_jobs.split_in_two(events_file, tmp_path)
    data = events_file.read_bytes()
    assert first.read_bytes() + second.read_bytes() == data
    assert first.read_bytes().endswith(b"\n")
    assert second.read_bytes().startswith(b"{")
    assert abs(len(first.read_bytes()) - len(data) // 2) < 2000  # one line past the middle


def test_a_round_per_tree_and_the_halves(events_file, capsys):
    ratios = ab_jobs.main([str(events_file), str(ROOT), "--rounds", "2", "--halves"])
    assert set(ratios) == {str(ROOT), "halves"}
    assert all(len(values) == 2 and all(v > 0 for v in values) for values in ratios.values())
    assert f"{ROOT}: median" in capsys.readouterr().out


def test_a_tree_without_the_package_is_refused(events_file, tmp_path):
    """The child would import the installed package instead: that is no A/B, so stop."""
    with pytest.raises(SystemExit, match="not the package in"):
        ab_jobs.main([str(events_file), str(tmp_path), "--rounds", "1"])
