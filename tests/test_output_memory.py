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
    ("jobs", "output", "small"),
    [("1", "file", 10_000), ("2", "-", 40_000)],
    ids=["file-jobs1", "pipe-jobs2"],
)
def test_peak_memory_does_not_grow_with_the_count(
    jobs: str, output: str, small: int, tmp_path
) -> None:
    """A run against one four times as long (the first chunks warm the caches, so the
    small run is not tiny): the peak grows by a few per cent at most, not fourfold. With
    ``--jobs 2`` this process computes chunks too, but only once more chunks are left
    than the pool holds in flight (four), so that small run is eight chunks, not two."""
    target = "-" if output == "-" else str(tmp_path / "events.ndjson")
    count = str(small)
    small_peak = _peak_kib("generate", "--count", count, "--jobs", jobs, "-o", target, "--quiet")
    count = str(small * 4)
    large_peak = _peak_kib("generate", "--count", count, "--jobs", jobs, "-o", target, "--quiet")
    assert large_peak < small_peak * 1.25, (small_peak, large_peak)
