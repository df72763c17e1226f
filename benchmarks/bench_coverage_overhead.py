"""What recording contract coverage costs a test suite: the toolkit's own examples, run with
and without ``--callevent-report``.

    python benchmarks/bench_coverage_overhead.py               # 10 pairs of runs
    python benchmarks/bench_coverage_overhead.py --repeat 4    # a quick run

The suite is every pytest example of the README and the docs pages (each ``python``
block whose first line is ``# <file>.py``; one directory per page, as
``tests/test_plugin_readme.py`` runs them): fixtures, the factory, the coverage marker's
cases, strategies drawn in ``@given`` tests and ``fuzz_handler``. Each run is a fresh
child process that measures the CPU time of ``pytest.main`` (collection, the tests, the
report written at the end; not interpreter start-up), every thread of the process
included: on a machine shared with other work, wall-clock time mostly measures the
neighbours, CPU time what the run itself did. Runs with and without recording alternate, the
order flipping every pair, so a machine that slows down during the benchmark slows both
alike, and ``--hypothesis-seed`` makes every run draw the same examples. The figure is
the median of the per-pair ratios (recording / plain); the issue's target is below 1.05.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
_BLOCK = re.compile(r"^```python\n# (\S+\.py)\n(.*?)^```$", re.M | re.S)
TARGET = 1.05

_CHILD = """
import json, sys, time
import pytest
args = json.loads(sys.argv[1])
began = time.process_time()
status = pytest.main(args)
print(json.dumps({"status": int(status), "seconds": time.process_time() - began}))
"""


def write_examples(target: Path) -> list[str]:
    """Write each page's example files into ``target/<page>/``; the directories."""
    written = []
    for page in PAGES:
        files = {
            m.group(1): f"# {m.group(1)}\n{m.group(2)}"
            for m in _BLOCK.finditer(page.read_text(encoding="utf-8"))
        }
        if not files:
            continue
        folder = target / page.stem.replace("-", "_").lower()
        folder.mkdir()
        for name, source in files.items():
            (folder / name).write_text(source, encoding="utf-8")
        written.append(folder.name)
    return written


def _run(where: Path, report: Path | None) -> float:
    args = ["-q", "-p", "no:cacheprovider", "-p", "no:randomly", "--import-mode=importlib"]
    args.append("--hypothesis-seed=1")  # the same examples in every run: only recording differs
    if report is not None:
        args.append(f"--callevent-report=json:{report}")
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps(args)],
        cwd=where,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["status"] != 0:
        raise SystemExit(f"the example suite failed:\n{done.stdout[-3000:]}")
    return float(result["seconds"])


@dataclass(frozen=True)
class Figures:
    """One benchmark run: every timing, and what the recorded run measured."""

    pages: list[str]
    plain_seconds: list[float]
    recorded_seconds: list[float]
    events: dict[str, int]
    overall: dict[str, float]

    @property
    def ratio(self) -> float:
        """The median of the per-pair ratios, recording / plain."""
        pairs = zip(self.recorded_seconds, self.plain_seconds, strict=True)
        return statistics.median(r / p for r, p in pairs)


def measure(repeat: int) -> Figures:
    """Time ``repeat`` interleaved pairs of runs."""
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        folders = write_examples(where)
        report = where / "coverage.json"
        _run(where, None)  # warm the file cache and the byte-code of both configurations
        _run(where, report)
        plain, recorded = [], []
        for pair in range(repeat):
            if pair % 2:
                recorded.append(_run(where, report))
                plain.append(_run(where, None))
            else:
                plain.append(_run(where, None))
                recorded.append(_run(where, report))
        measured = json.loads(report.read_text(encoding="utf-8"))
    return Figures(folders, plain, recorded, measured["events"], measured["overall"])


def table(figures: Figures) -> str:
    """The figures as the Markdown table of docs/coverage-report.md."""
    events, overall, ratio = figures.events, figures.overall, figures.ratio
    repeat = len(figures.plain_seconds)
    return "\n".join(
        [
            "| | figure |",
            "|---|---|",
            f"| example suite | the pytest examples of {', '.join(figures.pages)}: "
            f"{events['valid']:,} valid and {events['invalid']:,} invalid events fed |",
            f"| pytest, no recording: CPU time, median of {repeat} runs "
            f"| {statistics.median(figures.plain_seconds):.2f} s |",
            f"| pytest `--callevent-report=json:PATH`: CPU time, median of {repeat} runs "
            f"| {statistics.median(figures.recorded_seconds):.2f} s |",
            f"| overhead: median of the per-pair ratios | **{(ratio - 1) * 100:+.1f} %** "
            f"({ratio:.3f}; target < {TARGET}) |",
            f"| the examples' own contract coverage "
            f"| {overall['percent']:.2f} % ({overall['covered']}/{overall['total']}) |",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10, help="pairs of runs (default 10)")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    args = parser.parse_args()
    figures = measure(args.repeat)
    if args.json:
        print(json.dumps({**asdict(figures), "ratio": figures.ratio}, indent=2))
    else:
        print(table(figures))
    return 0 if figures.ratio < TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
