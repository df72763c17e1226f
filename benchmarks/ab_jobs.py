"""``validate --jobs 2`` against ``--jobs 1``, whole processes, for one tree or an A/B of two.

    callevent generate --count 1000000 --seed 7 -o /tmp/m1.ndjson
    python benchmarks/ab_jobs.py /tmp/m1.ndjson DIR [DIR ...] [--rounds 16] [--halves]

Each ``DIR`` holds a ``callevent_toolkit`` package (the working tree, or ``git archive
COMMIT callevent_toolkit | tar -x -C DIR`` of a commit). Every round runs, for each tree
in turn (the order alternating from round to round, so that a neighbour's burst of work
lands on both), ``callevent validate FILE --jobs 1`` and then ``--jobs 2`` as fresh
processes, and takes the ratio of their wall times: what a user waits for, start-up
included. The children run from ``/`` with ``PYTHONSAFEPATH=1`` and ``PYTHONPATH=DIR``,
and each reports the path of the package it imported, which must be the tree's: run from
the checkout, ``python -c`` would import the checkout's package whatever ``PYTHONPATH``
says (an A/B of the working tree against itself, as happened once).

``--halves`` also runs, each round, the ceiling of any ``--jobs 2``: the file cut in two
at a line start, two independent ``--jobs 1`` processes side by side, one per half
(their wall time against the whole file's ``--jobs 1``).

On the shared 2-core machine one round's ratio moves by about ±0.08 and one batch's
median by about ±0.03: compare medians of 10 rounds or more, A and B in the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: The child: the console script's entry point, after saying which package it imported.
_RUN = (
    "import sys; sys.argv[0] = 'callevent'; import callevent_toolkit as package; "
    "sys.stderr.write(package.__file__ + '\\n'); "
    "from callevent_toolkit.cli import main; main()"
)


def _start(tree: Path, *argv: str) -> subprocess.Popen[bytes]:
    environment = dict(os.environ, PYTHONPATH=str(tree), PYTHONSAFEPATH="1")
    return subprocess.Popen(
        [sys.executable, "-c", _RUN, "validate", *argv],
        cwd="/",
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _finish(child: subprocess.Popen[bytes], tree: Path) -> None:
    _, err = child.communicate()
    imported = err.decode(errors="replace").splitlines()[0] if err else ""
    if not Path(imported).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"the child imported {imported!r}, not the package in {tree}")
    if child.returncode not in (0, 1):  # 1: the file has invalid lines, still a run
        raise SystemExit(f"callevent validate exited {child.returncode}: {err[-500:]!r}")


def _wall(tree: Path, *argv: str) -> float:
    """Seconds of one ``callevent validate`` process of ``tree``, start-up included."""
    began = time.perf_counter()
    child = _start(tree, *argv)
    _finish(child, tree)
    return time.perf_counter() - began


def _side_by_side(tree: Path, paths: tuple[Path, Path]) -> float:
    """Seconds until two ``--jobs 1`` processes, one per half, have both finished."""
    began = time.perf_counter()
    children = [_start(tree, str(path)) for path in paths]
    for child in children:
        _finish(child, tree)
    return time.perf_counter() - began


def split_in_two(path: Path, directory: Path) -> tuple[Path, Path]:
    """The file cut at the first line start past its middle, as two files in ``directory``
    (copied a mebibyte at a time: the issue's file is 572 MB)."""
    halves = (directory / "first.ndjson", directory / "second.ndjson")
    with path.open("rb") as source:
        source.seek(path.stat().st_size // 2)
        source.readline()  # the rest of the line the middle falls into
        middle = source.tell()
        source.seek(0)
        with halves[0].open("wb") as first:
            left = middle
            while left and (chunk := source.read(min(left, 1 << 20))):
                first.write(chunk)
                left -= len(chunk)
        with halves[1].open("wb") as second:
            shutil.copyfileobj(source, second, 1 << 20)
    return halves


def run(path: Path, trees: list[Path], rounds: int, halves: bool = False) -> dict[str, list[float]]:
    """Per tree, the ratio ``--jobs 1`` / ``--jobs 2`` of each round (and, with
    ``halves``, ``--jobs 1`` / two halves side by side, under ``"halves"``)."""
    ratios: dict[str, list[float]] = {str(tree): [] for tree in trees}
    with tempfile.TemporaryDirectory() as scratch:
        parts = split_in_two(path, Path(scratch)) if halves else None
        if parts is not None:
            ratios["halves"] = []
        for round_ in range(rounds):
            order = trees if round_ % 2 == 0 else trees[::-1]
            row = []
            for tree in order:
                one = _wall(tree, str(path), "--jobs", "1")
                two = _wall(tree, str(path), "--jobs", "2")
                ratios[str(tree)].append(one / two)
                row.append(f"{tree}: {one:.3f} s / {two:.3f} s = {one / two:.3f}")
                if parts is not None and tree == order[0]:
                    both = _side_by_side(tree, parts)
                    ratios["halves"].append(one / both)
                    row.append(f"halves side by side {both:.3f} s ({one / both:.3f})")
            print(f"round {round_ + 1}: " + "; ".join(row), flush=True)
    return ratios


def main(argv: list[str] | None = None) -> dict[str, list[float]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, help="an NDJSON file of events")
    parser.add_argument("trees", type=Path, nargs="+", help="directories with the package")
    parser.add_argument("--rounds", type=int, default=16)
    parser.add_argument("--halves", action="store_true", help="also the two-halves ceiling")
    args = parser.parse_args(argv)
    print(
        time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load average {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg()),
        flush=True,
    )
    ratios = run(args.file, args.trees, args.rounds, args.halves)
    for name, values in ratios.items():
        print(
            f"{name}: median {statistics.median(values):.3f} "
            f"(range {min(values):.3f}-{max(values):.3f}, {len(values)} rounds)"
        )
    print("finished, load average {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg()))
    return ratios


if __name__ == "__main__":
    main()
