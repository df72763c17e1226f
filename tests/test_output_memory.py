"""Writing stays in flat memory: the peak RSS of ``generate`` hardly grows with the number
of events written, to a file or a pipe, with one process or a pool (a ratio within one
run, never an absolute figure)."""

from __future__ import annotations

import subprocess
import sys

import pytest

_PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _peak_kib(*argv: str) -> int:
    """The largest RSS of the run and its workers (every descendant it waited for)."""
    command = [sys.executable, "-c", _PEAK, sys.executable, "-m", "callevent_toolkit", *argv]
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300)
    return int(result.stdout)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("jobs", "output"), [("1", "file"), ("2", "-")], ids=["file-jobs1", "pipe-jobs2"]
)
def test_peak_memory_does_not_grow_with_the_count(jobs: str, output: str, tmp_path) -> None:
    """Two chunks against eight (the first chunks warm the caches, so the small run is
    not tiny): the peak grows by a few per cent at most, not fourfold."""
    target = "-" if output == "-" else str(tmp_path / "events.ndjson")
    small = _peak_kib("generate", "--count", "10000", "--jobs", jobs, "-o", target, "--quiet")
    large = _peak_kib("generate", "--count", "40000", "--jobs", jobs, "-o", target, "--quiet")
    assert large < small * 1.25, (small, large)
